"""交接班: the handover figures (H01–H04) per branch and per person, and the 脱班 list."""

from __future__ import annotations

from ..report import Fmt, ReportSheet, Table
from .sheet_common import flag, positive, sheet_subtitle, sheet_title
from .tallies import Figures, share


def handover_sheet(f: Figures) -> ReportSheet:
    """交接班: H01 arrivals, H02 signatures and H03/H04 脱班 per branch and per person."""
    rows = []
    for p in f.people:
        arrived = p.on_time + p.fine + p.late
        rows.append(
            [
                p.branch,
                p.name,
                p.shifts,
                p.on_time,
                p.fine,
                p.late,
                share(p.on_time, arrived),
                p.unsigned,
                p.gaps,
                len(p.days),
                share(p.reviewed_days, len(p.days)) if p.reviewed_days is not None else None,
            ]
        )
    people = Table(
        caption="交接班人员（接班次数按接班人计）",
        header=[
            "分公司",
            "姓名",
            "接班次数",
            "按时",
            "偏晚",
            "迟到",
            "按时率",
            "缺签字",
            "脱班",
            "值班天数",
            "主管审阅率",
        ],
        formats=[Fmt.TEXT, Fmt.TEXT]
        + [Fmt.INT] * 4
        + [Fmt.PERCENT]
        + [Fmt.INT] * 3
        + [Fmt.PERCENT],
        rows=rows,
    )
    flag(people, positive(5, 7, 8))
    bs = [b for b in f.branches.values() if b.shifts or b.log_days or b.has_review]
    branch_rows = []
    for b in bs:
        arrived = b.arrivals["按时"] + b.arrivals["偏晚"] + b.arrivals["迟到"]
        branch_rows.append(
            [
                b.name,
                b.shifts,
                b.arrivals["按时"],
                b.arrivals["偏晚"],
                b.arrivals["迟到"],
                share(b.arrivals["按时"], arrived),
                b.unsigned,
                b.gap_rows,
                len(b.log_days),
                len(b.reviewed) if b.has_review else None,
                share(len(b.reviewed), len(b.log_days)) if b.has_review else None,
            ]
        )
    branches = Table(
        caption="各分公司交接班",
        header=[
            "分公司",
            "交接班次",
            "按时",
            "偏晚",
            "迟到",
            "按时率",
            "缺签字",
            "脱班",
            "记录天数",
            "主管审阅天数",
            "审阅率",
        ],
        formats=[Fmt.TEXT] + [Fmt.INT] * 4 + [Fmt.PERCENT] + [Fmt.INT] * 4 + [Fmt.PERCENT],
        rows=branch_rows,
    )
    flag(branches, positive(4, 6, 7))
    for r, b in enumerate(bs):
        if b.has_review and len(b.reviewed) < len(b.log_days):
            branches.flagged.append((r, 10))
    gaps = Table(
        caption="脱班记录",
        header=["分公司", "日期", "班次", "交班人", "接班人", "原因", "来源"],
        formats=[Fmt.TEXT, Fmt.DATE, Fmt.TEXT, Fmt.TEXT, Fmt.TEXT, Fmt.TEXT, Fmt.TEXT],
        rows=f.gaps,
    )
    return ReportSheet(
        name="交接班",
        title=sheet_title(f.period, "交接班情况"),
        subtitle=sheet_subtitle(f),
        blocks=[
            "按时：接班人按规定提前到岗；偏晚：晚于应到时间、早于上班时间；迟到：上班后才到岗。",
            "缺签字：交班人或接班人未签字的次数；脱班：交接不连续或缺班，计入负有责任的一方。",
            "主管审阅率：有主管审阅的交接班记录天数所占的比例。",
            branches,
            people,
            gaps,
        ],
        generated=f.as_of,
    )
