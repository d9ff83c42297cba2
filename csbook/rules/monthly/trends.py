"""趋势 and 回访人逐月 (a quarter's or a year's summary): the key figures month by month, with a
line chart each, and every agent's visits month by month against the monthly target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..complaints import Grade
from ..deadlines import ReplyStatus
from ..periods import Period
from ..report import Chart, Fmt, ReportSheet, ReportTable
from ..text import squeeze
from .sheet_common import sheet_subtitle, sheet_title
from .tallies import Figures

FINES_NOTE = (
    "罚款按各月“月处罚汇总”的罚款列合计；空白表示该月有金额无法确定的记录，或未提供处罚汇总表。"
)


@dataclass(frozen=True)
class MonthTrend:
    """One month's key figures (all branches); None for a month not yet begun."""

    month: date
    visits: int | None = None
    complaints: int | None = None
    ordinary: int | None = None  # 一般
    repeat: int | None = None  # 重复
    severe: int | None = None  # 恶性
    overdue_replies: int | None = None  # received in the month, replied late or overdue
    gaps: int | None = None  # 脱班 rows


def begun(f: Figures) -> bool:
    """Whether the figures' month has begun by their reference time (a year summarised in
    November leaves December blank, not a 0 that reads like a collapse)."""
    return f.period.first <= f.as_of.date()


def month_trend(f: Figures) -> MonthTrend:
    """The key figures of one month's `Figures`."""
    if not begun(f):
        return MonthTrend(f.period.first)
    bs = list(f.branches.values())
    return MonthTrend(
        f.period.first,
        sum(b.visits for b in bs),
        sum(b.complaints for b in bs),
        sum(b.grades[Grade.ORDINARY] for b in bs),
        sum(b.grades[Grade.REPEAT] for b in bs),
        sum(b.grades[Grade.SEVERE] for b in bs),
        sum(b.replies[ReplyStatus.LATE] + b.replies[ReplyStatus.OVERDUE] for b in bs),
        sum(b.gap_rows for b in bs),
    )


def _month_name(period: Period, month: date) -> str:
    return f"{month.month}月" if period.first.year == period.last.year else f"{month:%Y-%m}"


def trend_sheet(
    f: Figures,
    months: list[MonthTrend],
    fines: Mapping[date, Decimal | None] | None,
) -> ReportSheet:
    """趋势: one row per month of the period, and a line chart per key figure. `fines`: the
    month's 罚款 total (None: not known), or None when no penalty workbook was given."""
    has_fines = fines is not None
    header = ["月份", "回访次数", "投诉件数", "一般", "重复", "恶性", "回复超期", "脱班"]
    formats = [Fmt.TEXT] + [Fmt.INT] * 7
    if has_fines:
        header.append("罚款（元）")
        formats.append(Fmt.MONEY)
    rows = []
    for m in months:
        row: list[object] = [
            _month_name(f.period, m.month),
            m.visits,
            m.complaints,
            m.ordinary,
            m.repeat,
            m.severe,
            m.overdue_replies,
            m.gaps,
        ]
        if fines is not None:
            row.append(fines.get(m.month) if m.visits is not None else None)
        rows.append(row)
    table = ReportTable(
        caption="各月主要指标",
        header=header,
        formats=formats,
        rows=rows,
        total_columns=list(range(1, 8)),
    )
    table.flagged = [
        (r, c)
        for r, row in enumerate(rows)
        for c in (5, 6, 7)
        if isinstance(row[c], int) and row[c]
    ]
    if fines is not None:
        unknown = [
            r
            for r, (m, row) in enumerate(zip(months, rows, strict=True))
            if m.visits is not None and row[8] is None
        ]
        if not unknown:  # a total only when every begun month's is known
            table.total_columns.append(8)
        table.flagged += [(r, 8) for r in unknown]
    charts = [
        Chart(kind="line", title="回访次数", table=0, categories=0, values=[1], y_title="次"),
        Chart(
            kind="line",
            title="投诉（按等级）",
            table=0,
            categories=0,
            values=[3, 4, 5],
            y_title="件",
        ),
        Chart(kind="line", title="回复超期", table=0, categories=0, values=[6], y_title="件"),
        Chart(kind="line", title="脱班", table=0, categories=0, values=[7], y_title="次"),
    ]
    if has_fines:
        charts.append(
            Chart(kind="line", title="罚款", table=0, categories=0, values=[8], y_title="元")
        )
    notes = [
        "回复超期：当月受理、超时回复或至今未回复且已超期的投诉；脱班：当月交接班记录中的脱班次数。",
        "统计截至时尚未开始的月份留空。",
    ]
    if has_fines:
        notes.append(FINES_NOTE)
    return ReportSheet(
        name="趋势",
        title=sheet_title(f.period, "各月趋势"),
        subtitle=sheet_subtitle(f),
        blocks=[table, *notes],
        charts=charts,
        charts_below=True,
        generated=f.as_of,
    )


def agent_months_sheet(f: Figures, monthly: list[Figures]) -> ReportSheet:
    """回访人逐月: what V01 counts of each agent (visits, or each month's distinct clients)
    in every month of the period, the period's total and its target (the monthly target ×
    months); a month under its monthly target is flagged."""
    names = [_month_name(f.period, m.period.first) for m in monthly]
    per_month = [{(squeeze(a.branch), squeeze(a.name)): a for a in m.agents} for m in monthly]
    rows = []
    flagged: list[tuple[int, int]] = []
    for r, a in enumerate(f.agents):
        key = (squeeze(a.branch), squeeze(a.name))
        monthly_target = a.target / f.period.month_share
        counts: list[int | None] = []
        for c, (m, month) in enumerate(zip(monthly, per_month, strict=True)):
            if not begun(m):
                counts.append(None)
                continue
            found = month.get(key)
            counted = found.counted if found else 0
            counts.append(counted)
            if counted < monthly_target:
                flagged.append((r, 2 + c))
        rows.append([a.branch, a.name, *counts, a.counted, a.target])
        if a.under_target:
            flagged.append((r, 2 + len(names)))
    n = len(names)
    what = "回访客户数" if all(a.counts_clients for a in f.agents) else "回访次数"
    table = ReportTable(
        caption=f"各回访人逐月{what}（{f.period.this}合计与目标）",
        header=["分公司", "回访人", *names, "合计", "目标"],
        formats=[Fmt.TEXT, Fmt.TEXT] + [Fmt.INT] * (n + 2),
        rows=rows,
        total_columns=list(range(2, 3 + n)),
        flagged=flagged,
        keys=2,
    )
    return ReportSheet(
        name="回访人逐月",
        title=sheet_title(f.period, "各回访人逐月回访"),
        subtitle=sheet_subtitle(f),
        blocks=[table, "某月少于每月目标的标红；合计少于本期目标（每月目标 × 月数）的标红。"],
        generated=f.as_of,
    )
