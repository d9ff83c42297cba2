"""总览: notes on the inputs, the month's headline figures and what needs attention."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..complaints import Grade
from ..handover import Arrival
from ..overview_data import VALUE_HEADER, Concern, HeadlineFigure, OverviewSheet
from ..penalty_sheet import PenaltyMonthSheet
from ..periods import PeriodKind
from ..report import ColumnSpec, Fmt, ReportTable, percent_text
from ..text import display_width
from .parts import DUPLICATE_STATES, SourceRow, State
from .sheet_common import flag_items, sheet_subtitle, sheet_title
from .tallies import (
    CLIENTS_NOTE,
    CLIENTS_UNIT,
    NAMESAKES_CONCERN,
    UNFILLED,
    Figures,
    followups_below,
    share,
    target_unit,
)

ZERO = "应为 0"
OVERVIEW_NAME = "总览"
HEADLINE_CAPTION = "主要指标"  # after the period's word: 本月主要指标, 本季度主要指标 ...
HEADLINE_HEADER = ("指标", VALUE_HEADER, "目标")
ATTENTION_HEADER = ("事项", "分公司", "数量", "明细")
DETAIL_WIDTH = 60  # display width of a 明细 cell: a little past its column (50), still legible
DETAIL_ITEMS = 8  # files named in one of 总览's notes before "等"


def _target_text(values: set[Any], show_value: Callable[[Any], str]) -> str:
    if not values:
        return ""
    if len(values) == 1:
        return show_value(next(iter(values)))
    return "按各分公司参数"


_HEADLINE_COLUMNS: list[ColumnSpec[HeadlineFigure]] = [
    ColumnSpec(HEADLINE_HEADER[0], Fmt.TEXT, lambda h: h.name),
    ColumnSpec(HEADLINE_HEADER[1], Fmt.INT, lambda h: h.value, row_fmt=lambda h: h.fmt),
    ColumnSpec(HEADLINE_HEADER[2], Fmt.TEXT, lambda h: h.target),
]


# complaints of the period whose reply status is unknown (`tallies.REPLY_UNKNOWN`): a row of
# the headline only when there are some
UNKNOWN_REPLIES = "回复状态未知的投诉"


def headline(
    f: Figures, sources: list[SourceRow], penalty: PenaltyMonthSheet | None = None
) -> list[HeadlineFigure]:
    """The rows of 总览's first table (with a 月处罚汇总, its figures before 来源文件)."""
    bs = list(f.branches.values())
    total = sum
    visits = total(b.visits for b in bs)
    due = total(b.followups_due for b in bs)
    on_time = total(b.followups_on_time for b in bs)
    rate = share(on_time, due)
    targets = {b.target for b in bs if b.target is not None}
    followup_targets = {b.followup_target for b in bs if b.followup_target is not None}
    broken = sum(s.state in (State.INCOMPLETE, State.UNREADABLE) for s in sources)
    duplicates = sum(s.state in DUPLICATE_STATES for s in sources)
    under = total(b.agents_under for b in bs)
    log_days = total(len(b.due_days) for b in bs if b.has_review)
    reviewed = total(len(b.reviewed) for b in bs if b.has_review)
    grades = Counter[str]()
    for b in bs:
        grades.update(b.grades)
    late = total(b.arrivals[Arrival.LATE] for b in bs)
    gaps = total(b.gap_rows for b in bs)
    missing = total(len(b.missing) for b in bs)
    review_rate = share(reviewed, log_days)
    return [
        HeadlineFigure("分公司数", len(bs), Fmt.INT, "", False),
        HeadlineFigure("回访次数", visits, Fmt.INT, "", False),
        HeadlineFigure("回访人员", len(f.agents), Fmt.INT, "", False),
        HeadlineFigure("回访未达标人数", under, Fmt.INT, _visits_target(f, targets), under > 0),
        HeadlineFigure(
            "客户签字率", share(total(b.signed for b in bs), visits), Fmt.PERCENT, "", False
        ),
        HeadlineFigure(
            "按期复访率",
            rate,
            Fmt.PERCENT,
            _target_text(followup_targets, lambda v: percent_text(v, 0)),
            rate is not None and any(rate < t for t in followup_targets),
        ),
        HeadlineFigure(
            "安装回访及时率",
            share(total(b.installs_on_time for b in bs), total(b.installs for b in bs)),
            Fmt.PERCENT,
            "",
            total(b.installs_on_time for b in bs) < total(b.installs for b in bs),
        ),
        HeadlineFigure(
            "客户满意率",
            share(total(b.satisfied for b in bs), total(b.rated for b in bs)),
            Fmt.PERCENT,
            "",
            False,
        ),
        HeadlineFigure(
            "复访超期", len(f.followup_overdue), Fmt.INT, ZERO, len(f.followup_overdue) > 0
        ),
        HeadlineFigure("投诉件数", total(b.complaints for b in bs), Fmt.INT, "", False),
        HeadlineFigure(
            "回复超期", len(f.overdue_replies), Fmt.INT, ZERO, len(f.overdue_replies) > 0
        ),
        *(
            [HeadlineFigure(UNKNOWN_REPLIES, len(f.unknown_replies), Fmt.INT, ZERO, True)]
            if f.unknown_replies
            else []
        ),
        HeadlineFigure("重复投诉", grades[Grade.REPEAT], Fmt.INT, "", grades[Grade.REPEAT] > 0),
        HeadlineFigure("恶性投诉", grades[Grade.SEVERE], Fmt.INT, ZERO, grades[Grade.SEVERE] > 0),
        HeadlineFigure("交接班次", total(b.shifts for b in bs), Fmt.INT, "", False),
        HeadlineFigure("接班迟到", late, Fmt.INT, ZERO, late > 0),
        HeadlineFigure("脱班", gaps, Fmt.INT, ZERO, gaps > 0),
        *([HeadlineFigure(MISSING_SHIFTS, missing, Fmt.INT, ZERO, True)] if missing else []),
        HeadlineFigure(
            "交接班主管审阅率",
            review_rate,
            Fmt.PERCENT,
            "每天审阅",
            review_rate is not None and review_rate < 1,
        ),
        HeadlineFigure("未完成意见征求的客户", len(f.opinions), Fmt.INT, "", len(f.opinions) > 0),
        *(_penalty_figures(penalty) if penalty is not None else []),
        HeadlineFigure("来源文件", len(sources), Fmt.INT, "", False),
        HeadlineFigure("不完整或无法读取的文件", broken, Fmt.INT, ZERO, broken > 0),
        HeadlineFigure("重复未计入的文件", duplicates, Fmt.INT, ZERO, duplicates > 0),
    ]


def _visits_target(f: Figures, targets: set[Any]) -> str:
    """V01's target as the target cell says it, in the unit the 回访 sheet counts: 个 (with
    what that counts) for distinct clients, 次 for visits."""
    if len({a.unit for a in f.agents}) > 1:
        return "按各分公司参数"  # one branch counts clients, another visits
    unit = target_unit(f.agents)
    note = CLIENTS_NOTE if unit == CLIENTS_UNIT else ""
    said = _target_text(targets, lambda v: f.period.target_text(v, unit, note))
    if any(a.away or (a.months is not None and a.months != f.period.months) for a in f.agents):
        long = f.period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR)
        said += f"；部分回访人按其在本分公司的月数计（见“{'回访人逐月' if long else '回访'}”表）"
    return said


# shifts without a handover row (H04): a row of 总览 only where there are some
MISSING_SHIFTS = "缺班（无交接记录的班次）"


# 月处罚汇总's figures on 总览
PENALTY_TOTAL = "月处罚汇总已定金额合计（元）"
PENALTY_INCOMPLETE = "处罚金额不完整的人员"
PENALTY_UNAPPROVED = "处分或请假缺少审批的人员"
PENALTY_UNPLACED = "迟到未计入（本次无该分公司处罚汇总表）"


def _penalty_figures(penalty: PenaltyMonthSheet) -> list[HeadlineFigure]:
    incomplete, unapproved = len(penalty.incomplete), len(penalty.unapproved)
    return [
        # of the amounts known (as the sheet's 合计): the next row counts those not known
        HeadlineFigure(PENALTY_TOTAL, float(penalty.total), Fmt.MONEY, "", incomplete > 0),
        HeadlineFigure(PENALTY_INCOMPLETE, incomplete, Fmt.INT, ZERO, incomplete > 0),
        HeadlineFigure(PENALTY_UNAPPROVED, unapproved, Fmt.INT, ZERO, unapproved > 0),
    ]


def _items(values: list[str], total: int, sheet: str, prefix: str = "") -> str:
    """As many of `values` as fit DETAIL_WIDTH (at least one), then "等 N 项" and where the
    whole list is."""
    tail = f"（见“{sheet}”表）" if sheet else ""
    shown: list[str] = []
    for value in values:
        more = f" 等 {total} 项" if len(shown) + 1 < total else ""
        text = prefix + "、".join([*shown, value]) + more + tail
        if shown and display_width(text) > DETAIL_WIDTH:
            break
        shown.append(value)
    more = f" 等 {total} 项" if len(shown) < total else ""
    return prefix + "、".join(shown) + more + tail


@dataclass(frozen=True)
class _Item:
    """One thing to look at, as 总览's 明细 names it."""

    branch: str
    label: str
    count: int = 1


_ATTENTION_COLUMNS: list[ColumnSpec[Concern]] = [
    ColumnSpec(ATTENTION_HEADER[0], Fmt.TEXT, lambda a: a.what),
    ColumnSpec(ATTENTION_HEADER[1], Fmt.TEXT, lambda a: a.branch),
    ColumnSpec(ATTENTION_HEADER[2], Fmt.INT, lambda a: a.count),
    ColumnSpec(ATTENTION_HEADER[3], Fmt.TEXT, lambda a: a.detail),
]


def _per_branch(what: str, items: Iterable[_Item], sheet: str, prefix: str = "") -> list[Concern]:
    """One row per branch of `items`: how many, and as many of them as fit."""
    grouped: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        grouped[item.branch].append(item)
    return [
        Concern(
            what,
            branch,
            sum(i.count for i in group),
            _items([i.label for i in group], len(group), sheet, prefix),
        )
        for branch, group in grouped.items()
    ]


def _slow_followups(f: Figures) -> Iterator[_Item]:
    """The branches whose 按期复访率 misses its target."""
    for b in f.branches.values():
        target = b.followup_target
        if target is not None and (rate := followups_below(b, target)) is not None:
            yield _Item(b.name, f"{percent_text(rate)}（目标 {percent_text(target, 0)}）")


def _unreviewed_days(f: Figures) -> Iterator[_Item]:
    """The days of a log with a 主管审阅 column that no one reviewed (a day of missing shifts
    without any row among them)."""
    for b in f.branches.values():
        if b.has_review:
            for day in sorted(b.due_days - b.reviewed):
                yield _Item(b.name, f"{day:%m-%d}")


def _attention(
    f: Figures, sources: list[SourceRow], penalty: PenaltyMonthSheet | None = None
) -> list[Concern]:
    """需要关注's rows: every figure the headline highlights, per branch, under the headline's
    own name; then each input not counted whole."""
    rows = _per_branch(
        "回复超期",
        (
            _Item(c.branch, f"{c.complaint_id}（{c.status}）" if c.complaint_id else c.where)
            for c in f.overdue_replies
        ),
        "投诉",
    )
    rows += _per_branch(
        UNKNOWN_REPLIES,
        (_Item(c.branch, str(c.complaint_id or c.where)) for c in f.unknown_replies),
        "投诉",
    )
    rows += _per_branch(
        "复访超期",
        (_Item(v.branch, f"{v.client} {v.visited:%m-%d}") for v in f.followup_overdue),
        "回访",
    )
    rows += _per_branch(
        "回访未达标人数",
        (
            _Item(a.branch, f"{a.name} {a.counted}/{a.target}{a.unit}")
            for a in f.agents
            if a.under_target
        ),
        "回访",
    )
    for who, sheet, items in (("回访人", "回访", f.agents), ("交接班人员", "交接班", f.people)):
        rows += _per_branch(
            f"{who}{NAMESAKES_CONCERN}",
            (
                _Item(x.branch, f"{x.name}（工号 {'、'.join(x.namesakes)}）")
                for x in items
                if x.namesakes
            ),
            sheet,
        )
    rows += _per_branch("按期复访率", _slow_followups(f), "回访")
    rows += _per_branch(
        "安装回访及时率",
        (
            _Item(b.name, f"{b.installs_on_time}/{b.installs} 及时")
            for b in f.branches.values()
            if b.installs_on_time < b.installs
        ),
        "回访",
    )
    for grade in (Grade.REPEAT, Grade.SEVERE):
        rows += _per_branch(
            f"{grade}投诉",
            (
                _Item(c.branch, str(c.complaint_id or c.where))
                for c in f.repeats
                if c.grade == grade
            ),
            "投诉",
        )
    rows += _per_branch(
        "接班迟到",
        (_Item(p.branch, f"{p.name} {p.late} 次", p.late) for p in f.people if p.late),
        "交接班",
    )
    rows += _per_branch(
        "脱班", (_Item(g.branch, f"{g.day:%m-%d}{g.shift or ''}") for g in f.gaps), "交接班"
    )
    rows += _per_branch(
        MISSING_SHIFTS,
        (
            _Item(b.name, f"{day:%m-%d}{name}")
            for b in f.branches.values()
            for day, _, name in sorted(b.missing)
        ),
        "交接班",
    )
    rows += _per_branch("交接班主管审阅率", _unreviewed_days(f), "交接班", prefix="未审阅：")
    rows += _per_branch(
        "未完成意见征求的客户", (_Item(c.branch, c.client) for c in f.opinions), "意见征求"
    )
    if penalty is not None:
        for concern, people in (
            (PENALTY_INCOMPLETE, penalty.incomplete),
            (PENALTY_UNAPPROVED, penalty.unapproved),
            (PENALTY_UNPLACED, penalty.unplaced),
        ):
            rows += _per_branch(
                concern, (_Item(branch, label) for branch, label in people), penalty.name
            )
    what = {
        State.INCOMPLETE: "文件不完整",
        State.UNREADABLE: "文件无法读取",
        State.DUPLICATE: "重复文件（未计入）",
        State.PART_DUPLICATE: "部分重复（部分未计入）",
        State.NO_ROWS: f"{f.period.this}无数据",
        State.OWN_OUTPUT: "汇总文件（未读取）",
    }
    rows += [
        Concern(what[s.state], s.branch or UNFILLED, 1, f"{s.name}：{s.reason}")
        for s in sources
        if s.state is not State.COMPLETE
    ]
    return rows


def overview_sheet(
    f: Figures, sources: list[SourceRow], penalty: PenaltyMonthSheet | None = None
) -> tuple[OverviewSheet, list[Any]]:
    """总览 (with its figures and attention list as data, and what it quotes of the month's
    `penalty` sheet), and its headline as (指标, 数值, format) rows."""
    notes: list[str] = []
    if not sources:
        notes.append("没有读到任何工作簿：本汇总为空。")
    elif f.empty and penalty is not None:
        notes.append(
            f"{f.period.label}没有任何回访、投诉或交接班记录：回访、投诉、交接班各表为空，"
            f"处罚与扣款见“{penalty.name}”表。"
        )
    elif f.empty:
        notes.append(
            f"{f.period.label}没有任何回访、投诉或交接班记录：以下各表均为空，这是一份空的汇总。"
        )
    broken = [s for s in sources if s.state in (State.INCOMPLETE, State.UNREADABLE)]
    if broken:
        notes.append(
            f"⚠ 本汇总不完整：{len(broken)} 个文件无法读取、缺少工作表/列或有未读取的行"
            f"（{'、'.join(s.name for s in broken[:DETAIL_ITEMS])}"
            f"{' 等' if len(broken) > DETAIL_ITEMS else ''}），其数据未能全部计入，详见“来源”表。"
        )
    duplicates = [s for s in sources if s.state in DUPLICATE_STATES]
    if duplicates:
        notes.append(
            f"有 {len(duplicates)} 个文件的记录与同一分公司同月的其他文件重复（"
            f"{'、'.join(s.name for s in duplicates[:DETAIL_ITEMS])}），重复部分未计入，"
            "详见“来源”表。"
        )
    beside = [s for s in sources if s.beside]
    if beside:
        notes.append(
            f"有 {len(beside)} 个文件与同一分公司同月的其他文件分别登记、记录互不相同（"
            f"{'、'.join(f'{s.name}与{s.beside}' for s in beside[:DETAIL_ITEMS])}），均已计入。"
        )
    rows = headline(f, sources, penalty)
    head = ReportTable.of(f"{f.period.this}{HEADLINE_CAPTION}", _HEADLINE_COLUMNS, rows)
    flag_items(head, HEADLINE_HEADER[1], rows, lambda h: h.flagged)
    concerns = _attention(f, sources, penalty)
    attention = ReportTable.of(
        "需要关注",
        _ATTENTION_COLUMNS,
        concerns,
        empty_note=f"（{f.period.this}没有需要特别关注的事项）",
        wrapped=[3],  # 明细: a long list wraps rather than spill past the page
        keys=1,
    )
    flag_items(attention, ATTENTION_HEADER[2], concerns, lambda a: True)  # each one to look at
    sheet = OverviewSheet(
        name=OVERVIEW_NAME,
        title=sheet_title(f.period, f.period.summary_name),
        subtitle=sheet_subtitle(f),
        blocks=[*notes, head, attention],
        signatures=["制表：__________", "部门经理：__________", "分管领导：__________"],
        generated=f.as_of,
        landscape=False,
        headline=head,
        figures=rows,
        attention=concerns,
        quiet=attention.empty_note,
    )
    return sheet, [(h.name, h.value, h.fmt) for h in rows]
