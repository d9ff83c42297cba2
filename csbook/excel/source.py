"""The open workbook's sheets as a `SheetSource`: each sheet's used range read once.

One read per sheet, whatever its size: the block from A1 to the used range's last cell, with
empty cells as '' and Excel error values as their text (xlwings' `err_to_str`), so that
`#REF!` is seen (R03) rather than taken for an empty cell.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import xlwings as xw

from ..io.sheets import HEADER_SCAN_ROWS, header_key
from ..io.source import RawSheet
from ..io.values import EXCEL_ERRORS
from ..rules.schema import BOOKS

# the computed headers, whose notes tell whether a column is the program's (SPEC §1.0)
_COMPUTED_HEADERS = frozenset(
    header_key(col.header) for book in BOOKS for sheet in book.sheets for col in sheet.computed
)


def _grid(value: Any) -> list[list[Any]]:
    if not isinstance(value, list):
        return [[value]]
    if value and not isinstance(value[0], list):
        return [value]
    return value


def read_sheet(sheet: xw.Sheet) -> RawSheet:
    """A sheet's cached values from A1 to its last used cell; error values go to `errors`
    (their cell reads as ''). One read of the used range; when it does not start at A1
    (desktop Excel leaves out empty leading rows and columns) the gap is filled with ''."""
    used = sheet.used_range
    top, left = used.row, used.column
    cells = _grid(used.options(ndim=2, empty="", err_to_str=True).value)
    if left > 1:
        cells = [[""] * (left - 1) + row for row in cells]
    if top > 1:
        width = len(cells[0]) if cells else 0
        cells = [[""] * width for _ in range(top - 1)] + cells
    errors: dict[tuple[int, int], str] = {}
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if value.__class__ is str and value[:1] == "#" and value in EXCEL_ERRORS:
                errors[(r, c)] = value
                row[c] = ""
    if cells == [[""]] and not errors:
        cells = []  # an empty sheet
    return RawSheet(sheet.name, cells, errors, _header_notes(sheet, cells))


def _header_notes(sheet: xw.Sheet, cells: list[list[Any]]) -> dict[tuple[int, int], str | None]:
    """The notes on cells near the top that name a computed header: one call per such cell,
    not per cell of the sheet. A note whose text the engine cannot read (the remote engine
    tells only that a note is there) is kept as None."""
    notes: dict[tuple[int, int], str | None] = {}
    for r, row in enumerate(cells[:HEADER_SCAN_ROWS]):
        for c, value in enumerate(row):
            if not (isinstance(value, str) and header_key(value) in _COMPUTED_HEADERS):
                continue
            note = sheet.range((r + 1, c + 1)).note
            if note is None:
                continue
            try:
                notes[(r, c)] = note.text
            except NotImplementedError:
                notes[(r, c)] = None
    return notes


class BookSource:
    """What the loader reads (`csbook.io.workbook.SheetSource`), from an open workbook.

    Sheets are read on first use and kept, so the marks and computed columns are placed from
    the very cells the rules judged, without a second read."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self.path = Path(book.fullname or book.name)
        self.sheet_names: list[str] = [sheet.name for sheet in book.sheets]
        self.hidden = frozenset(sheet.name for sheet in book.sheets if not sheet.visible)
        self._raw: dict[str, RawSheet] = {}

    def read(self, name: str) -> RawSheet:
        found = self._raw.get(name)
        if found is None:
            found = self._raw[name] = read_sheet(self.book.sheets[name])
        return found

    @property
    def raws(self) -> dict[str, RawSheet]:
        """The sheets read so far, by name."""
        return self._raw

    def sheet(self, name: str) -> xw.Sheet:
        return self.book.sheets[name]

    def has(self, name: str) -> bool:
        return name in self.sheet_names


def now() -> datetime:
    """The reference time of a button press (statuses are judged as of now)."""
    return datetime.now().replace(microsecond=0)
