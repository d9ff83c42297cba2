"""交接班: the handover figures (H01–H04) per branch and per person, and the 脱班 list."""

from __future__ import annotations

from ..handover import Arrival
from ..report import ColumnSpec, Fmt, ReportSheet, ReportTable
from .listings import HandoverGap
from .sheet_common import BRANCH, SOURCE, flag, flag_items, positive, sheet_subtitle, sheet_title
from .tallies import BranchFigures, Figures, HandoverPerson, namesakes_note, share


def _arrived(b: BranchFigures) -> int:
    return sum(b.arrivals[a] for a in (Arrival.ON_TIME, Arrival.CUTTING_IT_FINE, Arrival.LATE))


_PERSON_COLUMNS: list[ColumnSpec[HandoverPerson]] = [
    ColumnSpec("分公司", Fmt.TEXT, lambda p: p.branch),
    ColumnSpec("姓名", Fmt.TEXT, lambda p: p.name),
    ColumnSpec("接班次数", Fmt.INT, lambda p: p.shifts),
    ColumnSpec("按时", Fmt.INT, lambda p: p.on_time),
    ColumnSpec("偏晚", Fmt.INT, lambda p: p.fine),
    ColumnSpec("迟到", Fmt.INT, lambda p: p.late),
    ColumnSpec("按时率", Fmt.PERCENT, lambda p: share(p.on_time, p.on_time + p.fine + p.late)),
    ColumnSpec("缺签字", Fmt.INT, lambda p: p.unsigned),
    ColumnSpec("脱班", Fmt.INT, lambda p: p.gaps),
    ColumnSpec("值班天数", Fmt.INT, lambda p: len(p.days)),
    ColumnSpec(
        "主管审阅率",
        Fmt.PERCENT,
        lambda p: share(p.reviewed_days, len(p.days)) if p.reviewed_days is not None else None,
    ),
]
_BRANCH_COLUMNS: list[ColumnSpec[BranchFigures]] = [
    ColumnSpec("分公司", Fmt.TEXT, lambda b: b.name),
    ColumnSpec("交接班次", Fmt.INT, lambda b: b.shifts),
    ColumnSpec("按时", Fmt.INT, lambda b: b.arrivals[Arrival.ON_TIME]),
    ColumnSpec("偏晚", Fmt.INT, lambda b: b.arrivals[Arrival.CUTTING_IT_FINE]),
    ColumnSpec("迟到", Fmt.INT, lambda b: b.arrivals[Arrival.LATE]),
    ColumnSpec("按时率", Fmt.PERCENT, lambda b: share(b.arrivals[Arrival.ON_TIME], _arrived(b))),
    ColumnSpec("缺签字", Fmt.INT, lambda b: b.unsigned),
    ColumnSpec("脱班", Fmt.INT, lambda b: b.gap_rows),
    ColumnSpec("缺班", Fmt.INT, lambda b: len(b.missing)),
    ColumnSpec("记录天数", Fmt.INT, lambda b: len(b.log_days)),
    ColumnSpec("主管审阅天数", Fmt.INT, lambda b: len(b.reviewed) if b.has_review else None),
    ColumnSpec(
        "审阅率",
        Fmt.PERCENT,
        lambda b: share(len(b.reviewed), len(b.due_days)) if b.has_review else None,
    ),
]

_GAP_COLUMNS: list[ColumnSpec[HandoverGap]] = [
    BRANCH,
    ColumnSpec("日期", Fmt.DATE, lambda g: g.day),
    ColumnSpec("班次", Fmt.TEXT, lambda g: g.shift),
    ColumnSpec("交班人", Fmt.TEXT, lambda g: g.giver),
    ColumnSpec("接班人", Fmt.TEXT, lambda g: g.taker),
    ColumnSpec("原因", Fmt.TEXT, lambda g: g.reasons),
    SOURCE,
]


def handover_sheet(f: Figures) -> ReportSheet:
    """交接班: H01 arrivals, H02 signatures and H03/H04 脱班 per branch and per person."""
    people = ReportTable.of("交接班人员（接班次数按接班人计）", _PERSON_COLUMNS, f.people, keys=2)
    flag(people, positive(*map(people.at, ("迟到", "缺签字", "脱班"))))
    flag_items(people, "姓名", f.people, lambda p: bool(p.namesakes))
    bs = [b for b in f.branches.values() if b.shifts or b.log_days or b.has_review]
    branches = ReportTable.of("各分公司交接班", _BRANCH_COLUMNS, bs, keys=1)
    flag(branches, positive(*map(branches.at, ("迟到", "缺签字", "脱班", "缺班"))))
    flag_items(branches, "审阅率", bs, lambda b: b.has_review and len(b.reviewed) < len(b.due_days))
    gaps = ReportTable.of("脱班记录", _GAP_COLUMNS, f.gaps, keys=5)
    return ReportSheet(
        name="交接班",
        title=sheet_title(f.period, "交接班情况"),
        subtitle=sheet_subtitle(f),
        blocks=[
            "按时：接班人按规定提前到岗；偏晚：晚于应到时间、早于上班时间；迟到：上班后才到岗。",
            "缺签字：交班人或接班人未签字（或由他人代签）的次数；脱班：交接不连续或缺班，计入负有责任的一方。",
            "缺班：没有交接记录的班次数（连续缺少的每个班次都计）。",
            "主管审阅率：有主管审阅的天数占应有交接记录天数（含整天缺少记录的日子）的比例。",
            branches,
            people,
            *namesakes_note([p for p in f.people if p.namesakes], "接班次数、迟到、缺签字和脱班"),
            gaps,
        ],
        generated=f.as_of,
    )
