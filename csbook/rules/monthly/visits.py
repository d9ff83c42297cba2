"""回访: V01–V03 and satisfaction per branch and per agent, and the 复访超期 list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..report import Chart, ColumnSpec, Fmt, ReportSheet, ReportTable
from ..text import squeeze
from .listings import OverdueFollowup
from .sheet_common import (
    BRANCH,
    SOURCE,
    block_index,
    flag,
    flag_items,
    positive,
    sheet_subtitle,
    sheet_title,
)
from .tallies import (
    CLIENTS_UNIT,
    IDLE_AGENT_DAYS,
    Agent,
    BranchFigures,
    Figures,
    away_note,
    followups_below,
    namesakes_note,
    share,
    target_unit,
)

BARS_FROM = 12  # agents


class _Visited(Protocol):
    """What a branch and an agent both count of their visits."""

    visits: int
    signed: int
    followups_due: int
    followups_on_time: int
    rated: int
    satisfied: int


def _summed(bs: list[BranchFigures]) -> BranchFigures:
    """The branches' figures added up: the totals rows of both tables (a joint visit counts
    once, as it does in its branch)."""
    return BranchFigures(
        "合计",
        visits=sum(b.visits for b in bs),
        signed=sum(b.signed for b in bs),
        followups_due=sum(b.followups_due for b in bs),
        followups_on_time=sum(b.followups_on_time for b in bs),
        rated=sum(b.rated for b in bs),
        satisfied=sum(b.satisfied for b in bs),
        agents_under=sum(b.agents_under for b in bs),
        installs=sum(b.installs for b in bs),
        installs_on_time=sum(b.installs_on_time for b in bs),
    )


def _summing(
    header: str, fmt: Fmt, value: Callable[[_Visited], Any], sums: _Visited
) -> ColumnSpec[_Visited]:
    """A column whose total is the same figure of the branches' sums."""
    return ColumnSpec(header, fmt, value, value(sums))


def _signed_and_followed(sums: BranchFigures) -> list[ColumnSpec[_Visited]]:
    """V02 (客户签字) and V03 (按期复访), per branch or per agent."""
    return [
        _summing("客户签字", Fmt.INT, lambda x: x.signed, sums),
        _summing("签字率", Fmt.PERCENT, lambda x: share(x.signed, x.visits), sums),
        _summing("应复访", Fmt.INT, lambda x: x.followups_due, sums),
        _summing("按期复访", Fmt.INT, lambda x: x.followups_on_time, sums),
        _summing(
            "复访率", Fmt.PERCENT, lambda x: share(x.followups_on_time, x.followups_due), sums
        ),
    ]


def _satisfaction(sums: BranchFigures) -> list[ColumnSpec[_Visited]]:
    """The satisfaction of the rated visits, per branch or per agent."""
    return [
        _summing("已评价", Fmt.INT, lambda x: x.rated, sums),
        _summing("计为满意", Fmt.INT, lambda x: x.satisfied, sums),
        _summing("满意率", Fmt.PERCENT, lambda x: share(x.satisfied, x.rated), sums),
    ]


def _level_column(level: str, agents: list[Agent]) -> ColumnSpec[Agent]:
    """The count of one satisfaction level."""
    return ColumnSpec(
        level, Fmt.INT, lambda a: a.levels.get(level, 0), sum(a.levels[level] for a in agents)
    )


def _branch_table(f: Figures, bs: list[BranchFigures], sums: BranchFigures) -> ReportTable:
    """各分公司回访: V01–V03, satisfaction and V13's 安装回访 per branch."""
    agents_in = {
        squeeze(b.name): sum(1 for a in f.agents if squeeze(a.branch) == squeeze(b.name))
        for b in bs
    }
    branch_columns: list[ColumnSpec[BranchFigures]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda b: b.name, "合计"),
        ColumnSpec(
            "回访人员", Fmt.INT, lambda b: agents_in[squeeze(b.name)], sum(agents_in.values())
        ),
        _summing("回访次数", Fmt.INT, lambda b: b.visits, sums),
        ColumnSpec("未达标人数", Fmt.INT, lambda b: b.agents_under, sums.agents_under),
        *_signed_and_followed(sums),
        *_satisfaction(sums),
        ColumnSpec("安装回访", Fmt.INT, lambda b: b.installs, sums.installs),
        ColumnSpec("按期安装回访", Fmt.INT, lambda b: b.installs_on_time, sums.installs_on_time),
        ColumnSpec(
            "安装回访及时率",
            Fmt.PERCENT,
            lambda b: share(b.installs_on_time, b.installs),
            share(sums.installs_on_time, sums.installs),
        ),
    ]
    table = ReportTable.of("各分公司回访", branch_columns, bs, keys=1)
    flag(table, positive(table.at("未达标人数")))
    flag_items(table, "复访率", bs, lambda b: followups_below(b, b.followup_target) is not None)
    return table


def _agent_table(f: Figures, sums: BranchFigures) -> ReportTable:
    """各回访人: V01 against the target, V02, V03 and satisfaction per agent."""
    # a week's target is pro rata (0.9 visits): shown with its decimals, never rounded to 1
    whole = all(float(a.target).is_integer() for a in f.agents)
    agent_columns: list[ColumnSpec[Agent]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda a: a.branch, "合计"),
        ColumnSpec("回访人", Fmt.TEXT, lambda a: a.name, f"{len(f.agents)} 人"),
        _summing("回访次数", Fmt.INT, lambda a: a.visits, sums),
        ColumnSpec("回访客户", Fmt.INT, lambda a: len(a.clients)),
        ColumnSpec("目标", Fmt.INT if whole else Fmt.DECIMAL, lambda a: a.target),
        # namesakes: one row for several people, no rate of one person's target
        ColumnSpec(
            "完成率",
            Fmt.PERCENT,
            lambda a: None if a.namesakes else share(a.counted, a.target),
        ),
        *_signed_and_followed(sums),
        *(_level_column(level, f.agents) for level in f.levels),
        *_satisfaction(sums),
    ]
    table = ReportTable.of(
        "各回访人（回访量、客户签字、按期复访、满意度）", agent_columns, f.agents, keys=2
    )
    for r, a in enumerate(f.agents):
        if a.namesakes:
            table.flagged.append((r, table.at("回访人")))
        if a.under_target:
            counted = table.at("回访客户" if a.counts_clients else "回访次数")
            table.flagged += [(r, counted), (r, table.at("完成率"))]
        target = f.branches[squeeze(a.branch)].followup_target
        if followups_below(a, target) is not None:
            table.flagged.append((r, table.at("复访率")))
    return table


_OVERDUE_COLUMNS: list[ColumnSpec[OverdueFollowup]] = [
    BRANCH,
    ColumnSpec("回访日期", Fmt.DATE, lambda v: v.visited),
    ColumnSpec("客户单位", Fmt.TEXT, lambda v: v.client),
    ColumnSpec("回访人", Fmt.TEXT, lambda v: v.staff),
    ColumnSpec("解决日期", Fmt.DATE, lambda v: v.resolved),
    ColumnSpec("复访期限", Fmt.DATE, lambda v: v.due),
    SOURCE,
]


def visits_sheet(f: Figures) -> ReportSheet:
    """回访: V01 (visits against the target), V02 (signed), V03 (follow-ups on time) and
    satisfaction, per branch and per agent; the 复访超期 list."""
    bs = [b for b in f.branches.values() if b.target is not None]
    sums = _summed(bs)
    per_branch = _branch_table(f, bs, sums)
    agents = _agent_table(f, sums)
    overdue = ReportTable.of(
        "复访超期（已解决、过了复访期限仍未复访）", _OVERDUE_COLUMNS, f.followup_overdue, keys=4
    )
    targets = {b.target for b in bs if b.target is not None}
    unit = target_unit(f.agents)
    counts_clients = unit == CLIENTS_UNIT
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
        f"复访率 = 按期复访 / 应复访（{f.period.this}解决、已复访或复访期限已到的问题；"
        "统计截至时刻之后的复访日期视为尚未复访）；"
        "满意率 = 计为满意 / 已评价。",
        "联合回访（回访人一栏填了几个人）计入每一位回访人；合计行按回访次数，每次只计一次。",
        *(
            [
                f"{len(idle)}人{f.period.this}没有回访记录（{'、'.join(idle)}），按 0 计入："
                f"各登记表中在{f.period.this}之前 {IDLE_AGENT_DAYS} 天内有回访的回访人都列出。"
            ]
            if (idle := [a.name for a in f.agents if not a.visits and not a.away])
            else []
        ),
        per_branch,
        agents,
        *namesakes_note([a for a in f.agents if a.namesakes], "回访次数、目标和满意率"),
        *away_note(f.agents, f.period),
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
                table=block_index(blocks, agents),
                categories=agents.at("分公司" if multi else "回访人"),
                categories_to=agents.at("回访人") if multi else None,
                values=[measured, target] if bars else [measured],
                line=None if bars else target,
                y_title="次",
            )
        ],
        charts_below=True,
        generated=f.as_of,
    )
