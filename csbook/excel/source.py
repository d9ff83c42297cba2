"""The open workbook's sheets as a `SheetSource`, and the few ways this face touches cells.

Each sheet is read once, whatever its size, in three calls into Excel (the used range, its
address, its values): the block from A1 to the used range's last cell, with empty cells as ''
and Excel error values as their text, so that `#REF!` is seen (R03) rather than taken for an
empty cell. Cells are always named by address (`cells`), one call, never by (row, column)
pairs (five calls on desktop Excel), and blocks are written as raw values on a range sized
once (`put`): xlwings' converting `.value =` costs about a hundred COM calls a write.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import xlwings as xw
from openpyxl.utils import column_index_from_string, get_column_letter

from ..io.sheets import HEADER_SCAN_ROWS, header_key
from ..io.source import RawSheet
from ..io.values import EXCEL_ERRORS
from ..rules.schema import BOOKS

# the computed headers, whose notes tell whether a column is the program's (SPEC §1.0)
_COMPUTED_HEADERS = frozenset(
    header_key(col.header) for book in BOOKS for sheet in book.sheets for col in sheet.computed
)


def address(first_row: int, first_column: int, rows: int = 1, columns: int = 1) -> str:
    """`B3`, or `B3:D9` for a block of `rows` x `columns` cells."""
    top = f"{get_column_letter(first_column)}{first_row}"
    if rows == 1 and columns == 1:
        return top
    return f"{top}:{get_column_letter(first_column + columns - 1)}{first_row + rows - 1}"


def cells(
    sheet: xw.Sheet, first_row: int, first_column: int, rows: int = 1, columns: int = 1
) -> xw.Range:
    """The block of cells, named by its address: one call into Excel."""
    return sheet.range(address(first_row, first_column, rows, columns))


def put(sheet: xw.Sheet, first_row: int, first_column: int, block: list[list[Any]]) -> None:
    """A block of values (already as Excel takes them: text, numbers, '' for empty) written
    in one call, on a range of its size."""
    width = max((len(row) for row in block), default=0)
    if not block or not width:
        return
    rows = [row if len(row) == width else [*row, *[""] * (width - len(row))] for row in block]
    cells(sheet, first_row, first_column, len(rows), width).raw_value = rows


def _corner(text: str) -> tuple[int, int]:
    """The first row and column of an address such as `$C$5:$H$20`."""
    first = text.split(":")[0].replace("$", "")
    letters = first.rstrip("0123456789")
    return int(first[len(letters) :]), column_index_from_string(letters)


def _grid(value: Any) -> list[list[Any]]:
    if not isinstance(value, list | tuple):
        return [[value]]
    if value and not isinstance(value[0], list | tuple):
        return [list(value)]
    return [list(row) for row in value]


def _cleaned(sheet: xw.Sheet, grid: list[list[Any]]) -> list[list[Any]]:
    """Raw values as `.value` gives them, by the engine's own cleaner (desktop Excel's COM
    dates and error codes, the remote engines' ISO texts), without the dozen calls into
    Excel that xlwings' conversion makes on desktop to find the engine (the remote engines
    find theirs without asking Excel)."""
    if on_desktop(sheet):
        engine = sys.modules["xlwings._xlwindows"].engine
    else:
        engine = sheet.book.app.engine.impl
    return engine.clean_value_data(grid, datetime, "", None, True)


def read_sheet(sheet: xw.Sheet, date1904: bool = False) -> RawSheet:
    """A sheet's cached values from A1 to its last used cell; error values go to `errors`
    (their cell reads as ''). One read of the used range; when it does not start at A1
    (desktop Excel leaves out empty leading rows and columns) the gap is filled with ''.
    `date1904`: the workbook counts its dates from 1904 (`counts_from_1904`)."""
    used = sheet.used_range
    top, left = _corner(used.address)
    cells = _cleaned(sheet, _grid(used.raw_value))
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
    return RawSheet(sheet.name, cells, errors, _header_notes(sheet, cells), date1904=date1904)


def counts_from_1904(book: xw.Book, sheet: xw.Sheet) -> bool:
    """Whether the workbook (of `sheet`) uses the 1904 date system (Excel for Mac): a bare
    serial number in a date column means another day. Desktop Excel says; the remote
    engines do not, and a workbook is taken to count from 1900 there (docs/excel.md)."""
    return bool(book.api.Date1904) if on_desktop(sheet) else False


def _header_notes(sheet: xw.Sheet, grid: list[list[Any]]) -> dict[tuple[int, int], str | None]:
    """The notes on cells near the top that name a computed header: one call per such cell,
    not per cell of the sheet. A note whose text the engine cannot read (the remote engine
    tells only that a note is there) is kept as None."""
    notes: dict[tuple[int, int], str | None] = {}
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        for c, value in enumerate(row):
            if not (isinstance(value, str) and header_key(value) in _COMPUTED_HEADERS):
                continue
            cell = cells(sheet, r + 1, c + 1)
            if on_desktop(cell):  # xlwings' `.note` asks Excel for the comment twice
                comment = cell.api.Comment
                if comment is not None:
                    notes[(r, c)] = comment.Text()
                continue
            note = cell.note
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
        self.path = book_path(book)
        # the sheets in one pass: looking a sheet up by name costs calls into Excel each time
        self._sheets: dict[str, xw.Sheet] = {sheet.name: sheet for sheet in book.sheets}
        self.sheet_names: list[str] = list(self._sheets)
        self._hidden: frozenset[str] | None = None
        self._raw: dict[str, RawSheet] = {}
        self._date1904: bool | None = None

    @property
    def hidden(self) -> frozenset[str]:
        """The hidden sheets, asked of Excel only when needed (two sheets answering to one
        name: a call a sheet)."""
        if self._hidden is None:
            self._hidden = frozenset(n for n, sheet in self._sheets.items() if not sheet.visible)
        return self._hidden

    def read(self, name: str) -> RawSheet:
        found = self._raw.get(name)
        if found is None:
            found = self._raw[name] = read_sheet(self._sheets[name], self.date1904)
        return found

    @property
    def date1904(self) -> bool:
        """The workbook counts its dates from 1904 (`counts_from_1904`), asked once."""
        if self._date1904 is None:
            self._date1904 = counts_from_1904(self.book, next(iter(self._sheets.values())))
        return self._date1904

    @property
    def raws(self) -> dict[str, RawSheet]:
        """The sheets read so far, by name."""
        return self._raw

    def sheet(self, name: str) -> xw.Sheet:
        return self._sheets[name]

    def has(self, name: str) -> bool:
        return name in self._sheets

    def added(self, sheet: xw.Sheet, name: str, first: bool = False, at: int | None = None) -> None:
        """A sheet the press added (the marks, 校验结果), known from now on: in front
        (`first`), at a position (`at`, 0-based) or last."""
        self._sheets[name] = sheet
        if at is None:
            at = 0 if first else len(self.sheet_names)
        self.sheet_names.insert(at, name)

    def removed(self, name: str) -> None:
        self._sheets.pop(name, None)
        self._raw.pop(name, None)
        if name in self.sheet_names:
            self.sheet_names.remove(name)


def now() -> datetime:
    """The reference time of a button press (statuses are judged as of now)."""
    return datetime.now().replace(microsecond=0)


def book_path(book: xw.Book) -> Path:
    """The open workbook's file. A workbook kept on OneDrive or SharePoint has a web address
    as its name in Excel; xlwings maps it to the synced folder on this PC and raises when it
    cannot. Then (or when the address stays a web address) the path is the file's name alone,
    not absolute: its sheets are still read from Excel, and what needs the folder (the
    registers beside it) says that the folder is unknown."""
    try:
        name = book.fullname
    except xw.XlwingsError:
        return Path(book.name)
    if not name or "://" in name:
        return Path(book.name)
    return Path(name)


def on_desktop(thing: xw.Sheet | xw.Range) -> bool:
    """Whether a sheet or range is desktop Excel's (xlwings' Windows engine), told without a
    call into Excel: the few things xlwings' Windows engine lacks or makes dear go through
    Excel's object model there."""
    return type(thing.impl).__module__ == "xlwings._xlwindows"


def show(sheet: xw.Sheet) -> None:
    """Make a sheet the active one. On desktop Excel through the sheet itself: xlwings'
    `activate` first brings the whole Excel window forward, several calls more."""
    if on_desktop(sheet):
        sheet.api.Activate()
    else:
        sheet.activate()
