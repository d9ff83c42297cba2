"""回访: V01–V03 and satisfaction per branch and per agent, and the 复访超期 list."""

from __future__ import annotations

from collections import Counter

from ..report import Chart, ColumnSpec, Fmt, ReportSheet, ReportTable
from ..text import squeeze
from .sheet_common import flag, positive, sheet_subtitle, sheet_title
from .tallies import Agent, BranchFigures, Figures, share

BARS_FROM = 12  # agents


def _level_column(level: str) -> ColumnSpec[Agent]:
    """The count of one satisfaction level."""
    return ColumnSpec(level, Fmt.INT, lambda a: a.levels.get(level, 0))


def visits_sheet(f: Figures) -> ReportSheet:
    """回访: V01 (visits against the target), V02 (signed), V03 (follow-ups on time) and
    satisfaction, per branch and per agent; the 复访超期 list."""
    levels = f.levels
    bs = [b for b in f.branches.values() if b.target is not None]
    staff = [sum(1 for a in f.agents if squeeze(a.branch) == squeeze(b.name)) for b in bs]
    agents_in = {squeeze(b.name): n for b, n in zip(bs, staff, strict=True)}
    branch_columns: list[ColumnSpec[BranchFigures]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda b: b.name),
        ColumnSpec("回访人员", Fmt.INT, lambda b: agents_in[squeeze(b.name)]),
        ColumnSpec("回访次数", Fmt.INT, lambda b: b.visits),
        ColumnSpec("未达标人数", Fmt.INT, lambda b: b.agents_under),
        ColumnSpec("客户签字", Fmt.INT, lambda b: b.signed),
        ColumnSpec("签字率", Fmt.PERCENT, lambda b: share(b.signed, b.visits)),
        ColumnSpec("应复访", Fmt.INT, lambda b: b.followups_due),
        ColumnSpec("按期复访", Fmt.INT, lambda b: b.followups_on_time),
        ColumnSpec("复访率", Fmt.PERCENT, lambda b: share(b.followups_on_time, b.followups_due)),
        ColumnSpec("已评价", Fmt.INT, lambda b: b.rated),
        ColumnSpec("计为满意", Fmt.INT, lambda b: b.satisfied),
        ColumnSpec("满意率", Fmt.PERCENT, lambda b: share(b.satisfied, b.rated)),
        ColumnSpec("安装回访", Fmt.INT, lambda b: b.installs),
        ColumnSpec("按期安装回访", Fmt.INT, lambda b: b.installs_on_time),
        ColumnSpec("安装回访及时率", Fmt.PERCENT, lambda b: share(b.installs_on_time, b.installs)),
    ]
    per_branch = ReportTable.of("各分公司回访", branch_columns, bs, keys=1)
    flag(per_branch, positive(per_branch.at("未达标人数")))
    for r, b in enumerate(bs):
        rate = share(b.followups_on_time, b.followups_due)
        if rate is not None and b.followup_target is not None and rate < b.followup_target:
            per_branch.flagged.append((r, per_branch.at("复访率")))

    visits, signed = sum(b.visits for b in bs), sum(b.signed for b in bs)
    due, done = sum(b.followups_due for b in bs), sum(b.followups_on_time for b in bs)
    rated, satisfied = sum(b.rated for b in bs), sum(b.satisfied for b in bs)
    installs, installs_on_time = sum(b.installs for b in bs), sum(b.installs_on_time for b in bs)
    per_branch.total_row = [
        "合计",
        sum(staff),
        visits,
        sum(b.agents_under for b in bs),
        signed,
        share(signed, visits),
        due,
        done,
        share(done, due),
        rated,
        satisfied,
        share(satisfied, rated),
        installs,
        installs_on_time,
        share(installs_on_time, installs),
    ]

    # a week's target is pro rata (0.9 visits): shown with its decimals, never rounded to 1
    whole = all(float(a.target).is_integer() for a in f.agents)
    agent_columns: list[ColumnSpec[Agent]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda a: a.branch),
        ColumnSpec("回访人", Fmt.TEXT, lambda a: a.name),
        ColumnSpec("回访次数", Fmt.INT, lambda a: a.visits),
        ColumnSpec("回访客户", Fmt.INT, lambda a: len(a.clients)),
        ColumnSpec("目标", Fmt.INT if whole else Fmt.DECIMAL, lambda a: a.target),
        ColumnSpec("完成率", Fmt.PERCENT, lambda a: share(a.counted, a.target)),
        ColumnSpec("客户签字", Fmt.INT, lambda a: a.signed),
        ColumnSpec("签字率", Fmt.PERCENT, lambda a: share(a.signed, a.visits)),
        ColumnSpec("应复访", Fmt.INT, lambda a: a.followups_due),
        ColumnSpec("按期复访", Fmt.INT, lambda a: a.followups_on_time),
        ColumnSpec("复访率", Fmt.PERCENT, lambda a: share(a.followups_on_time, a.followups_due)),
        *(_level_column(level) for level in levels),
        ColumnSpec("已评价", Fmt.INT, lambda a: a.rated),
        ColumnSpec("计为满意", Fmt.INT, lambda a: a.satisfied),
        ColumnSpec("满意率", Fmt.PERCENT, lambda a: share(a.satisfied, a.rated)),
    ]
    agents = ReportTable.of(
        "各回访人（回访量、客户签字、按期复访、满意度）", agent_columns, f.agents, keys=2
    )
    for r, a in enumerate(f.agents):
        if a.under_target:
            counted = agents.at("回访客户" if a.counts_clients else "回访次数")
            agents.flagged += [(r, counted), (r, agents.at("完成率"))]
        target = f.branches[squeeze(a.branch)].followup_target
        rate = share(a.followups_on_time, a.followups_due)
        if rate is not None and target is not None and rate < target:
            agents.flagged.append((r, agents.at("复访率")))
    levels_total = Counter[str]()
    for a in f.agents:
        levels_total.update(a.levels)
    agents.total_row = [
        "合计",
        f"{len(f.agents)} 人",
        visits,
        None,
        None,
        None,
        signed,
        share(signed, visits),
        due,
        done,
        share(done, due),
        *(levels_total.get(level, 0) for level in levels),
        rated,
        satisfied,
        share(satisfied, rated),
    ]
    overdue = ReportTable(
        caption="复访超期（已解决、过了复访期限仍未复访）",
        header=["分公司", "回访日期", "客户单位", "回访人", "解决日期", "复访期限", "来源"],
        formats=[Fmt.TEXT, Fmt.DATE, Fmt.TEXT, Fmt.TEXT, Fmt.DATE, Fmt.DATE, Fmt.TEXT],
        rows=f.followup_overdue,
        keys=4,
    )
    targets = {b.target for b in bs if b.target is not None}
    counts_clients = all(a.counts_clients for a in f.agents)
    unit = "个" if counts_clients else "次"
    goal = (
        f.period.target_text(next(iter(targets)), unit) if len(targets) == 1 else "按各分公司参数"
    )
    multi = len(f.branches) > 1
    measured = agents.at("回访客户" if counts_clients else "回访次数")  # what V01 counts
    target = agents.at("目标")
    bars = len(f.agents) > BARS_FROM  # a line cannot cross horizontal bars: the target a bar too
    blocks: list[str | ReportTable] = [
        f"回访量目标：{goal}（默认按每月回访的不同客户单位计，参数“回访量计数方式”可改为按次数）。"
        "签字率 = 有客户签字的回访 / 回访次数。安装回访及时率 = 安装后规定天数内的安装回访 / 安装回访。",
        f"复访率 = 按期复访 / 应复访（{f.period.this}解决、复访期限已到的问题）；"
        "满意率 = 计为满意 / 已评价。",
        "联合回访（回访人一栏填了几个人）计入每一位回访人；合计行按回访次数，每次只计一次。",
        per_branch,
        agents,
        overdue,
    ]
    return ReportSheet(
        name="回访",
        title=sheet_title(f.period, "回访情况"),
        subtitle=sheet_subtitle(f),
        blocks=blocks,
        charts=[
            Chart(
                # past a dozen agents the names no longer fit under columns: bars, one a line
                kind="bar" if bars else "column",
                title=f"各回访人{f.period.this}{agents.header[measured]}与目标",
                table=next(i for i, block in enumerate(blocks) if block is agents),
                categories=0 if multi else 1,
                categories_to=1 if multi else None,
                values=[measured, target] if bars else [measured],
                line=None if bars else target,
                y_title="次",
            )
        ],
        charts_below=True,
        generated=f.as_of,
    )
