"""趋势 and 回访人逐月 (a quarter's or a year's summary): the key figures month by month, with a
line chart each, and every agent's visits month by month against the monthly target."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..complaints import Grade
from ..deadlines import ReplyStatus
from ..periods import Period
from ..report import Chart, ColumnSpec, Fmt, ReportSheet, ReportTable, Total
from ..text import squeeze
from .sheet_common import (
    block_index,
    flag,
    flag_items,
    grades_chart,
    positive,
    sheet_subtitle,
    sheet_title,
)
from .tallies import IDLE_AGENT_DAYS, Agent, Figures, away_note, namesakes_note

FINES = "罚款（元）"
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


def _trend_table(
    f: Figures, months: list[MonthTrend], fines: Mapping[date, Decimal | None] | None
) -> ReportTable:
    """各月主要指标: one row per month, SUM totals; 罚款 totalled only when every begun
    month's is known, the unknown ones flagged."""

    def fine(m: MonthTrend) -> Decimal | None:
        return fines.get(m.month) if fines is not None and m.visits is not None else None

    def counted(header: str, value: Callable[[MonthTrend], int | None]) -> ColumnSpec[MonthTrend]:
        return ColumnSpec(header, Fmt.INT, value, Total.SUM)

    columns: list[ColumnSpec[MonthTrend]] = [
        ColumnSpec("月份", Fmt.TEXT, lambda m: _month_name(f.period, m.month)),
        counted("回访次数", lambda m: m.visits),
        counted("投诉件数", lambda m: m.complaints),
        counted(str(Grade.ORDINARY), lambda m: m.ordinary),
        counted(str(Grade.REPEAT), lambda m: m.repeat),
        counted(str(Grade.SEVERE), lambda m: m.severe),
        counted("回复超期", lambda m: m.overdue_replies),
        counted("脱班", lambda m: m.gaps),
    ]
    unknown = [m for m in months if m.visits is not None and fine(m) is None]
    if fines is not None:
        columns.append(ColumnSpec(FINES, Fmt.MONEY, fine, None if unknown else Total.SUM))
    table = ReportTable.of("各月主要指标", columns, months)
    flag(table, positive(*map(table.at, (Grade.SEVERE, "回复超期", "脱班"))))
    if fines is not None:
        flag_items(table, FINES, months, lambda m: m in unknown)
    return table


def trend_sheet(
    f: Figures,
    months: list[MonthTrend],
    fines: Mapping[date, Decimal | None] | None,
) -> ReportSheet:
    """趋势: one row per month of the period, and a line chart per key figure. `fines`: the
    month's 罚款 total (None: not known), or None when no penalty workbook was given."""
    table = _trend_table(f, months, fines)
    blocks: list[str | ReportTable] = [
        table,
        "回复超期：当月受理、超时回复或至今未回复且已超期的投诉；脱班：当月交接班记录中的脱班次数。",
        "统计截至时尚未开始的月份留空。",
    ]
    if fines is not None:
        blocks.append(FINES_NOTE)

    def line(title: str, header: str, unit: str) -> Chart:
        return Chart(
            kind="line",
            title=title,
            table=block_index(blocks, table),
            categories=table.at("月份"),
            values=[table.at(header)],
            y_title=unit,
        )

    charts = [
        line("回访次数", "回访次数", "次"),
        grades_chart("line", "投诉（按等级）", blocks, table, "月份"),
        line("回复超期", "回复超期", "件"),
        line("脱班", "脱班", "次"),
    ]
    if fines is not None:
        charts.append(line("罚款", FINES, "元"))
    return ReportSheet(
        name="趋势",
        title=sheet_title(f.period, "各月趋势"),
        subtitle=sheet_subtitle(f),
        blocks=blocks,
        charts=charts,
        charts_below=True,
        generated=f.as_of,
    )


@dataclass(frozen=True)
class _AgentMonths:
    """What V01 counts of one agent in each month (None: not begun)."""

    agent: Agent
    counts: list[int | None]


def _month_column(name: str, c: int) -> ColumnSpec[_AgentMonths]:
    return ColumnSpec(name, Fmt.INT, lambda r: r.counts[c], Total.SUM)


def agent_months_sheet(f: Figures, monthly: list[Figures]) -> ReportSheet:
    """回访人逐月: what V01 counts of each agent (visits, or each month's distinct clients)
    in every month of the period, the period's total and its target (the monthly target ×
    months); a month under its monthly target is flagged."""
    names = [_month_name(f.period, m.period.first) for m in monthly]
    per_month = [{(squeeze(a.branch), squeeze(a.name)): a for a in m.agents} for m in monthly]
    rows = []
    for a in f.agents:
        key = (squeeze(a.branch), squeeze(a.name))
        found = [month.get(key) for month in per_month]
        months = a.months
        counts = [
            (x.counted if x else 0)
            if begun(m) and (months is None or m.period.first in months)
            else None  # not begun, or not hers here (before she came, after she left, away)
            for m, x in zip(monthly, found, strict=True)
        ]
        rows.append(_AgentMonths(a, counts))
    columns: list[ColumnSpec[_AgentMonths]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda r: r.agent.branch),
        ColumnSpec("回访人", Fmt.TEXT, lambda r: r.agent.name),
        *(_month_column(name, c) for c, name in enumerate(names)),
        ColumnSpec("合计", Fmt.INT, lambda r: r.agent.counted, Total.SUM),
        ColumnSpec("目标", Fmt.INT, lambda r: r.agent.target),
    ]
    what = "回访客户数" if all(a.counts_clients for a in f.agents) else "回访次数"
    caption = f"各回访人逐月{what}（{f.period.this}合计与目标）"
    table = ReportTable.of(caption, columns, rows, keys=2)
    for r, row in enumerate(rows):
        if row.agent.namesakes:
            table.flagged.append((r, table.at("回访人")))
            continue  # several people's visits: no month is under one person's target
        for name, count in zip(names, row.counts, strict=True):
            if count is not None and count < row.agent.per_month:
                table.flagged.append((r, table.at(name)))
        if row.agent.under_target:
            table.flagged.append((r, table.at("合计")))
    return ReportSheet(
        name="回访人逐月",
        title=sheet_title(f.period, "各回访人逐月回访"),
        subtitle=sheet_subtitle(f),
        blocks=[
            table,
            "某月少于每月目标的标红；合计少于本期目标的标红。目标 = 每月目标 × 计入的月数："
            "回访人在本分公司有回访的月份，及此前 "
            f"{IDLE_AGENT_DAYS} 天内在本分公司有回访的月份（尚未开始的月份也计入）；"
            "不计入的月份留空。",
            *namesakes_note([a for a in f.agents if a.namesakes], "回访次数和目标"),
            *away_note(f.agents, f.period),
        ],
        generated=f.as_of,
    )
