"""Every rule of one workbook, sheet by sheet, in the order their dependencies need."""

from __future__ import annotations

from . import complaints, handover, penalties, visits
from .context import Context, SheetResult
from .schema import ATTENDANCE, CATALOGUE_SHEET, COMPLAINTS, HANDOVER, OFFENCES, ROSTER, VISITS
from .table import Table


def evaluate_book(tables: dict[str, Table], ctx: Context) -> list[SheetResult]:
    """`tables` holds the readable input sheets by their schema names."""
    results: list[SheetResult] = []
    ids = None
    if COMPLAINTS.name in tables:
        results.append(complaints.evaluate(tables[COMPLAINTS.name], ctx))
        ids = complaints.complaint_ids(tables[COMPLAINTS.name])
    if VISITS.name in tables:
        results.insert(0, visits.evaluate(tables[VISITS.name], ctx, ids))
    if HANDOVER.name in tables:
        results.append(handover.evaluate(tables[HANDOVER.name], ctx))

    roster = penalties.Roster.from_table(tables[ROSTER.name]) if ROSTER.name in tables else None
    catalogue = penalties.catalogue_from_table(tables.get(CATALOGUE_SHEET.name))
    for sheet in (ROSTER, CATALOGUE_SHEET):
        if sheet.name in tables:
            results.append(penalties.evaluate_plain(tables[sheet.name]))
    if OFFENCES.name in tables:
        results.append(penalties.evaluate_offences(tables[OFFENCES.name], ctx, roster, catalogue))
    if ATTENDANCE.name in tables:
        results.append(penalties.evaluate_attendance(tables[ATTENDANCE.name], roster))
    return results
