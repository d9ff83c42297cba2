"""Every rule of one workbook, sheet by sheet, in the order their dependencies need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from . import complaints, discipline, handover, visits
from .context import Context, SheetResult
from .schema import COMPLAINTS, HANDOVER, PENALTIES_BOOK, VISITS
from .table import Table
from .typed_columns import v49_replaced, v49_typed_values

PENALTY_SHEETS = frozenset(s.name for s in PENALTIES_BOOK.sheets)


def evaluate_book(
    tables: dict[str, Table],
    ctx: Context,
    lates: Mapping[str, Mapping[date, Sequence[date]]] | None = None,
) -> list[SheetResult]:
    """`tables` holds the readable input sheets by their schema names; `lates` are late
    arrivals (H01) from handover logs that count in a 处罚汇总表's 考勤 (receiver's name ->
    month -> the day of each)."""
    results: list[SheetResult] = []
    ids = None
    if COMPLAINTS.name in tables:
        results.append(complaints.evaluate(tables[COMPLAINTS.name], ctx))
        ids = complaints.complaint_ids(tables[COMPLAINTS.name])
    if VISITS.name in tables:
        results.insert(0, visits.evaluate(tables[VISITS.name], ctx, ids))
    if HANDOVER.name in tables:
        results.append(handover.evaluate(tables[HANDOVER.name], ctx))
    if PENALTY_SHEETS & tables.keys():
        results += discipline.evaluate(tables, ctx, lates)
    for result in results:
        result.findings += v49_typed_values(result)
        result.findings += v49_replaced(result)
    return results
