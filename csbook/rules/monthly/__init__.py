"""The period's summary (SPEC §4: a week, month, quarter or year): V01–V04, C03 and the
handover figures, every one with its branch (分公司), built into the summary workbook's
`ReportSheet`s; a quarter and a year add the month-by-month trend.

Pure: it takes what the workbooks hold — tables, computed columns, findings, settings — as
`Part`s and returns sheets. Reading files (in parallel), the penalty sheet and writing the
workbook belong to `csbook.summary`. `parts` holds the inputs and 来源 rows, `tallies` and
`counting` the figures (which rows count: see `counting`), one module per sheet the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..periods import Period, PeriodKind
from ..report import Fmt, ReportSheet
from .complaints import complaints_sheet
from .counting import figures
from .handover import handover_sheet
from .opinions import opinions_sheet
from .overview import overview_sheet
from .parts import (
    DUPLICATE_STATES,
    Failed,
    Part,
    SourceRow,
    State,
    abridged,
    month_slices,
    period_rows,
    sources_and_kept,
)
from .sources import sources_sheet
from .tallies import Figures, UnitTally, rank_of
from .trends import agent_months_sheet, month_trend, trend_sheet
from .visits import visits_sheet

# the months' 罚款 totals (None: not known) from the counted parts, or None without penalty
# workbooks: the caller reads them from the penalty books (rules do no reading)
Fines = Callable[[list[Part], list[date]], Mapping[date, Decimal | None] | None]

__all__ = [
    "DUPLICATE_STATES",
    "Failed",
    "Figures",
    "Part",
    "SourceRow",
    "State",
    "Summary",
    "UnitTally",
    "abridged",
    "figures",
    "period_rows",
    "rank_of",
    "sources_and_kept",
    "summarise",
]


@dataclass
class Summary:
    """The built sheets and what callers quote from them."""

    period: Period
    sheets: list[ReportSheet]
    headline: list[tuple[str, Any, Fmt]]  # (指标, 数值, format) as on 总览
    kept: list[Part]  # the parts counted (duplicates left out)
    sources: list[SourceRow]
    empty: bool  # no row of any kind in the period

    def sheet(self, name: str) -> ReportSheet:
        return next(s for s in self.sheets if s.name == name)


def summarise(
    items: Iterable[Part | Failed],
    period: Period,
    as_of: datetime,
    fines: Fines | None = None,
) -> Summary:
    """The period's summary sheets, in order: 总览, 回访, 投诉, 交接班, 意见征求, 来源.

    A week leads with 投诉 (the weekly complaint statistics of 001); a quarter and a year
    add 趋势 (key figures per month, `fines` giving the 罚款 column) and 回访人逐月 after
    总览."""
    sources, kept = sources_and_kept(items, period)
    f = figures(kept, sources, period, as_of)
    overview, head = overview_sheet(f, sources)
    complaints = complaints_sheet(f)
    sheets = [overview, visits_sheet(f), complaints, handover_sheet(f)]
    if period.kind is PeriodKind.WEEK:
        sheets.remove(complaints)
        sheets.insert(0, complaints)
    if period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR):
        slices = [month_slices(p, period.months) for p in kept]
        monthly = [
            figures([s[m] for s in slices if m in s], sources, Period.month(m), as_of, False)
            for m in period.months
        ]
        trend = [month_trend(m) for m in monthly]
        given = fines(kept, period.months) if fines is not None else None
        sheets[1:1] = [trend_sheet(f, trend, given), agent_months_sheet(f, monthly)]
    sheets += [opinions_sheet(f), sources_sheet(f, sources)]
    return Summary(period, sheets, head, kept, sources, f.empty)
