"""投诉: C03 — per grade and reply, per responsible unit (ranked), per channel and category,
and the lists of overdue replies and of 重复/恶性 complaints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..complaints import Grade
from ..deadlines import ReplyStatus
from ..report import Chart, ColumnSpec, Fmt, ReportSheet, ReportTable
from ..schema import CHANNELS
from .listings import ListedComplaint, OverdueReply, SeriousComplaint
from .sheet_common import (
    BRANCH,
    SOURCE,
    block_index,
    flag,
    flag_items,
    grades_chart,
    positive,
    sheet_subtitle,
    sheet_title,
)
from .tallies import REPLY_UNKNOWN, BranchFigures, Figures, UnitTally, rank_of, share


@dataclass(frozen=True)
class _RankedUnit:
    unit: UnitTally
    rank: int | None  # within its branch; None without a volume


_UNIT_COLUMNS: list[ColumnSpec[_RankedUnit]] = [
    ColumnSpec("分公司", Fmt.TEXT, lambda u: u.unit.branch),
    ColumnSpec("责任单位", Fmt.TEXT, lambda u: u.unit.name),
    ColumnSpec("投诉件数", Fmt.INT, lambda u: u.unit.complaints),
    ColumnSpec("重复", Fmt.INT, lambda u: u.unit.repeat),
    ColumnSpec("恶性", Fmt.INT, lambda u: u.unit.severe),
    ColumnSpec("业务量", Fmt.INT, lambda u: u.unit.volume),
    ColumnSpec("每千件投诉", Fmt.DECIMAL, lambda u: u.unit.rate),
    ColumnSpec("排名", Fmt.INT, lambda u: u.rank),
]


def _unit_table(f: Figures) -> ReportTable:
    """C03 per responsible unit, ranked within its branch; the worst rate flagged."""
    ranked = [_RankedUnit(u, rank) for u, rank in zip(f.units, rank_of(f.units), strict=True)]
    table = ReportTable.of(
        "各责任单位（C03；有业务量时按每千件投诉率排名，最差在前）", _UNIT_COLUMNS, ranked, keys=2
    )
    flag(table, positive(table.at("恶性")))
    flag_items(table, "每千件投诉", ranked, lambda u: u.rank == 1)
    return table


def _answered(replies: Counter[str]) -> int:
    """The replies due by now: 按时回复率's denominator (待回复 is not yet due)."""
    return replies[ReplyStatus.ON_TIME] + replies[ReplyStatus.LATE] + replies[ReplyStatus.OVERDUE]


def _grade_table(bs: list[BranchFigures]) -> ReportTable:
    """Per branch: the complaints, the three grades, and the first replies by status."""
    grades = Counter[str]()
    replies = Counter[str]()
    for b in bs:
        grades.update(b.grades)
        replies.update(b.replies)

    def grade(g: Grade) -> ColumnSpec[BranchFigures]:
        return ColumnSpec(str(g), Fmt.INT, lambda b: b.grades[g], grades[g])

    def reply(header: str, status: str) -> ColumnSpec[BranchFigures]:
        return ColumnSpec(header, Fmt.INT, lambda b: b.replies[status], replies[status])

    columns: list[ColumnSpec[BranchFigures]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda b: b.name, "合计"),
        ColumnSpec("投诉件数", Fmt.INT, lambda b: b.complaints, sum(b.complaints for b in bs)),
        *map(grade, Grade),
        reply("按时回复", ReplyStatus.ON_TIME),
        reply("超时回复", ReplyStatus.LATE),
        reply("待回复", ReplyStatus.PENDING),
        reply("已超期未回复", ReplyStatus.OVERDUE),
        # only when there are some: the statuses above do not add up to 投诉件数 then
        *([reply("回复状态未知", REPLY_UNKNOWN)] if replies[REPLY_UNKNOWN] else []),
        ColumnSpec(
            "按时回复率",
            Fmt.PERCENT,
            lambda b: share(b.replies[ReplyStatus.ON_TIME], _answered(b.replies)),
            share(replies[ReplyStatus.ON_TIME], _answered(replies)),
        ),
    ]
    table = ReportTable.of("投诉等级与首次回复", columns, bs, keys=1)
    flagged = (Grade.SEVERE, "超时回复", "已超期未回复")
    flag(
        table,
        positive(*map(table.at, flagged + (("回复状态未知",) if replies[REPLY_UNKNOWN] else ()))),
    )
    return table


@dataclass(frozen=True)
class _Share:
    """One row of a breakdown: a branch's complaints of one channel or category."""

    branch: str
    key: str
    count: int
    whole: int  # the branch's complaints


def _breakdown(
    caption: str,
    label: str,
    bs: list[BranchFigures],
    counts: Callable[[BranchFigures], Counter[str]],
    order: Callable[[BranchFigures], list[str]],
) -> ReportTable:
    """Each branch's complaints by `label`: the known keys in `order`, then the others."""

    def shares() -> Iterator[_Share]:
        for b in bs:
            c = counts(b)
            known = [k for k in order(b) if c.get(k)]
            for key in known + sorted(k for k in c if k not in known):
                yield _Share(b.name, key, c[key], b.complaints)

    columns: list[ColumnSpec[_Share]] = [
        BRANCH,
        ColumnSpec(label, Fmt.TEXT, lambda s: s.key),
        ColumnSpec("件数", Fmt.INT, lambda s: s.count),
        ColumnSpec("占比", Fmt.PERCENT, lambda s: share(s.count, s.whole)),
    ]
    return ReportTable.of(caption, columns, list(shares()))


# what both lists show first of a complaint
_COMPLAINT: list[ColumnSpec[ListedComplaint]] = [
    BRANCH,
    ColumnSpec("投诉编号", Fmt.TEXT, lambda c: c.complaint_id),
    ColumnSpec("受理时间", Fmt.DATETIME, lambda c: c.received),
    ColumnSpec("客户", Fmt.TEXT, lambda c: c.client),
]
_OVERDUE_COLUMNS: list[ColumnSpec[OverdueReply]] = [
    *_COMPLAINT,
    ColumnSpec("责任单位", Fmt.TEXT, lambda c: c.unit),
    ColumnSpec("首问负责人", Fmt.TEXT, lambda c: c.owner),
    # a date-time a reader can sort and filter; 24:00 shows as 23:59
    ColumnSpec("回复期限", Fmt.DATETIME, lambda c: c.reply_due),
    ColumnSpec("首次回复时间", Fmt.DATETIME, lambda c: c.replied),
    ColumnSpec("回复状态", Fmt.TEXT, lambda c: c.status),
    SOURCE,
]
_SERIOUS_COLUMNS: list[ColumnSpec[SeriousComplaint]] = [
    *_COMPLAINT,
    ColumnSpec("投诉类别", Fmt.TEXT, lambda c: c.category),
    ColumnSpec("责任单位", Fmt.TEXT, lambda c: c.unit),
    ColumnSpec("投诉等级", Fmt.TEXT, lambda c: c.grade),
    ColumnSpec("回访次数", Fmt.INT, lambda c: c.followups),
    ColumnSpec("回访结果", Fmt.TEXT, lambda c: c.result),
    SOURCE,
]


def complaints_sheet(f: Figures) -> ReportSheet:
    """投诉: C03's counts, unit ranking and lists."""
    bs = list(f.branches.values())
    grades = _grade_table(bs)
    per_unit = _unit_table(f)
    channels = _breakdown("各渠道", "渠道", bs, lambda b: b.channels, lambda b: list(CHANNELS))
    categories = _breakdown(
        "各类别", "投诉类别", bs, lambda b: b.categories, lambda b: b.category_order
    )
    overdue = ReportTable.of(
        f"回复超期（{f.period.this}超时回复的，和至今仍未回复且已超期的）",
        _OVERDUE_COLUMNS,
        f.overdue_replies,
        keys=4,  # 分公司, 投诉编号, 受理时间, 客户
    )
    flag_items(overdue, "回复状态", f.overdue_replies, lambda c: c.status == ReplyStatus.OVERDUE)
    repeats = ReportTable.of("重复和恶性投诉", _SERIOUS_COLUMNS, f.repeats, keys=4)
    flag_items(repeats, "投诉等级", f.repeats, lambda c: c.grade == Grade.SEVERE)
    multi = len(bs) > 1
    blocks: list[str | ReportTable] = [grades, per_unit, channels, categories, overdue, repeats]
    return ReportSheet(
        name="投诉",
        title=sheet_title(f.period, "投诉情况"),
        subtitle=sheet_subtitle(f),
        blocks=blocks,
        charts=[
            grades_chart("column", "各分公司投诉等级", blocks, grades, "分公司"),
            Chart(
                kind="bar",
                title="各责任单位投诉件数",
                table=block_index(blocks, per_unit),
                categories=per_unit.at("分公司" if multi else "责任单位"),
                categories_to=per_unit.at("责任单位") if multi else None,
                values=[per_unit.at("投诉件数")],
                y_title="件",
            ),
        ],
        charts_below=True,
        generated=f.as_of,
    )
