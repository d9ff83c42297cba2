"""The period's summary (SPEC §4: a week, month, quarter or year): V01–V04, C03 and the
handover figures, every one with its branch (分公司), built into the summary workbook's
`ReportSheet`s; a quarter and a year add the month-by-month trend.

Pure: it takes what the workbooks hold — tables, computed columns, findings, settings — as
`Part`s and returns sheets. Reading files (in parallel), the penalty sheet and writing the
workbook belong to `csbook.summary`. `parts` holds the inputs and 来源 rows, `tallies` and
`counting` the figures (which rows count: see `counting`), one module per sheet the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..branch_names import branch_key
from ..penalty_sheet import PenaltyMonthSheet
from ..periods import Period, PeriodKind
from ..report import Fmt, ReportSheet
from ..roster_names import RosterNames
from ..schema import BookKind
from .complaints import complaints_sheet
from .counting import figures
from .crossfile import join_branch_files
from .handover import handover_sheet
from .opinions import opinions_sheet
from .overview import overview_sheet
from .parts import (
    DUPLICATE_STATES,
    KIND_LABELS,
    Failed,
    Part,
    SourceRow,
    State,
    abridged,
    month_slices,
    period_rows,
    sources_and_kept,
)
from .penalty_months import Penalties, held_open_text, incomplete_people, month_penalties
from .sources import sources_sheet
from .tallies import Figures, UnitTally, rank_of
from .trends import agent_months_sheet, month_trend, trend_sheet
from .visits import visits_sheet

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
    penalties: Penalties | None = None,
    roster: RosterNames | None = None,
) -> Summary:
    """The period's summary sheets, in order: 总览, 回访, 投诉, 交接班, [月处罚汇总], 意见征求,
    来源.

    A month's `penalties` gives its 月处罚汇总: 总览 carries its 合计 and its people whose
    amounts are 不完整 or who lack an approval, and a penalty workbook with such people is
    不完整 in 来源.

    A week leads with 投诉 (the weekly complaint statistics of 001); a quarter and a year
    add 趋势 (key figures per month, the 罚款 column from each month's 月处罚汇总 as the
    month's own summary gives it: `month_penalties`) and 回访人逐月 after 总览.

    `roster` (`--roster`): its names two people share mark the agents and handover people
    of that name, to be checked (V12.namesake)."""
    items = list(items)
    sources, kept = sources_and_kept(items, period)
    kept, joined = join_branch_files(kept, sources, period)
    f = figures(kept, sources, period, as_of, roster=roster)
    by_month = (
        month_penalties(items, kept, sources, period, as_of, penalties)
        if penalties is not None
        and period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR)
        and any(p.kind is BookKind.PENALTIES for p in kept)
        else None
    )
    made = (
        penalties(kept, period)
        if penalties is not None and period.kind is PeriodKind.MONTH
        else None
    )
    penalty = made if isinstance(made, PenaltyMonthSheet) else None
    if penalty is not None:
        _held_open(sources, penalty)
    overview, head = overview_sheet(f, sources, penalty)
    if joined:  # after the notes on the inputs, before the figures
        overview.blocks.insert(len(overview.blocks) - 2, joined)
    if isinstance(made, str):
        overview.blocks.insert(0, made)
    if by_month is not None:
        overview.blocks[0:0] = by_month.notes
    complaints = complaints_sheet(f)
    sheets = [overview, visits_sheet(f), complaints, handover_sheet(f)]
    if penalty is not None:
        sheets.append(penalty)
    if period.kind is PeriodKind.WEEK:
        sheets.remove(complaints)
        sheets.insert(0, complaints)
    if period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR):
        slices = [month_slices(p, period.months) for p in kept]
        monthly = [
            figures(
                [s[m] for s in slices if m in s], sources, Period.month(m), as_of, False, roster
            )
            for m in period.months
        ]
        trend = [month_trend(m) for m in monthly]
        given = by_month.fines if by_month is not None else None
        sheets[1:1] = [trend_sheet(f, trend, given), agent_months_sheet(f, monthly)]
    sheets += [opinions_sheet(f), sources_sheet(f, sources)]
    return Summary(period, sheets, head, kept, sources, f.empty)


def _held_open(sources: list[SourceRow], penalty: PenaltyMonthSheet) -> None:
    """Penalty workbooks whose branch has people with 不完整 amounts on 月处罚汇总 are not
    完整 (two books of one branch: both)."""
    held = incomplete_people(penalty)
    label = KIND_LABELS[BookKind.PENALTIES]
    for s in sources:
        people = held.get(branch_key(s.branch))
        if s.kind != label or not people or s.state is not State.COMPLETE:
            continue
        s.state = State.INCOMPLETE
        s.reason = "；".join([held_open_text(people), *([s.reason] if s.reason else [])])
