"""The month's summary (SPEC §4): V01–V04, C03 and the handover figures, every one with its
branch (分公司), built into the summary workbook's `ReportSheet`s.

Pure: it takes what the workbooks hold — tables, computed columns, findings, settings — as
`Part`s and returns sheets. Reading files (in parallel), the penalty sheet and writing the
workbook belong to `csbook.summary`. `parts` holds the inputs and 来源 rows, `tallies` and
`counting` the figures (which rows count: see `counting`), one module per sheet the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..months import month_start
from ..report import Fmt, ReportSheet
from .complaints import complaints_sheet
from .counting import figures
from .handover import handover_sheet
from .opinions import opinions_sheet
from .overview import overview_sheet
from .parts import (
    Failed,
    Part,
    Source,
    State,
    abridged,
    month_rows,
    sources_and_kept,
)
from .sources import sources_sheet
from .tallies import Figures, Unit, rank_of
from .visits import visits_sheet

__all__ = [
    "Failed",
    "Figures",
    "Part",
    "Source",
    "State",
    "Summary",
    "Unit",
    "abridged",
    "figures",
    "month_rows",
    "rank_of",
    "sources_and_kept",
    "summarise",
]


@dataclass
class Summary:
    """The built sheets and what callers quote from them."""

    month: date
    sheets: list[ReportSheet]
    headline: list[tuple[str, Any, Fmt]]  # (指标, 数值, format) as on 总览
    kept: list[Part]  # the parts counted (duplicates left out)
    sources: list[Source]
    empty: bool  # no row of any kind in the month

    def sheet(self, name: str) -> ReportSheet:
        return next(s for s in self.sheets if s.name == name)


def summarise(items: Iterable[Part | Failed], month: date, as_of: datetime) -> Summary:
    """The month's summary sheets, in order: 总览, 回访, 投诉, 交接班, 意见征求, 来源."""
    month = month_start(month)
    sources, kept = sources_and_kept(items, month)
    f = figures(kept, sources, month, as_of)
    overview, head = overview_sheet(f, sources)
    sheets = [
        overview,
        visits_sheet(f),
        complaints_sheet(f),
        handover_sheet(f),
        opinions_sheet(f),
        sources_sheet(f, sources),
    ]
    return Summary(month, sheets, head, kept, sources, f.empty)
