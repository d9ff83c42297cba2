"""What a corpus case is: the workbooks a branch office typed, and what a careful person
worked out by hand from SPEC that csbook must (and must not) say about them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import xlsxwriter
import xlwt


@dataclass(frozen=True)
class Err:
    """An Excel error value in a cell (#N/A, #REF! ...), as a cached result."""

    code: str


@dataclass(frozen=True)
class Formula:
    """A formula saved without a cached value (what openpyxl writes)."""

    text: str


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class Book:
    path: str  # relative to the case folder
    sheets: list[Sheet]
    writer: str = "openpyxl"  # "xlsxwriter" (what WPS-like writers produce), "xlwt" (.xls)


@dataclass(frozen=True)
class Finding:
    """A finding in `validate --format json`; None matches anything."""

    rule: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    file: str | None = None  # the book's file name when a case has several
    severity: str | None = None  # "error" / "warning"; None matches either


@dataclass(frozen=True)
class Has:
    """A text cell that contains this text."""

    text: str


@dataclass(frozen=True)
class Lacks:
    """A text cell (or an absent row) that does not contain this text."""

    text: str


ABSENT = "<absent>"  # the row must not exist
ZERO_OR_ABSENT = "<zero-or-absent>"  # 0 / blank, or the person not listed at all


@dataclass(frozen=True)
class Figure:
    """A value of the summary workbook: on `sheet`, in the table whose header row holds the
    keys of `match` and `column`, the row whose cells equal (or `Has`) the match values."""

    sheet: str
    match: dict[str, object]
    column: str
    value: object
    why: str = ""
    book: str | None = None  # read the `compute` copy of this book instead of the summary


@dataclass
class Case:
    name: str
    books: list[Book]
    as_of: str
    month: str
    exit: (
        int | None
    )  # README: 0 nothing wrong, 1 errors, 2 unreadable; None: SPEC leaves it open (0 or 1)
    must: list[Finding] = field(default_factory=list)
    must_not: list[Finding] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    why: str = ""
    with_book: str | None = None  # a book of the case passed as `--with` to validate and compute
    mail: list[str] = field(default_factory=list)  # lines the `mail --dry-run` body must hold


FIXED_TIME = datetime(2026, 12, 1, 9, 0)


def write_book(book: Book, folder: Path) -> Path:
    path = folder / book.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if book.writer == "xlsxwriter":
        _write_xlsxwriter(book, path)
    elif book.writer == "xlwt":
        _write_xlwt(book, path)
    else:
        _write_openpyxl(book, path)
    return path


def _number_format(value: object) -> str | None:
    if isinstance(value, datetime):
        if value.time() == time(0):
            return "yyyy-mm-dd"
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    if isinstance(value, time):
        return "hh:mm"
    return None


def _write_openpyxl(book: Book, path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, Err):
                    cell.value = value.code  # openpyxl stores an error code as type "e"
                elif isinstance(value, Formula):
                    cell.value = value.text
                else:
                    cell.value = value
                    fmt = _number_format(value)
                    if fmt:
                        cell.number_format = fmt
                if isinstance(value, str) and "\n" in value:
                    cell.alignment = openpyxl.styles.Alignment(wrap_text=True)
        for rng in sheet.merged:
            ws.merge_cells(rng)
        if sheet.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def _write_xlsxwriter(book: Book, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"created": FIXED_TIME, "author": "WPS Office"})
    formats = {
        "yyyy-mm-dd": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "yyyy-mm-dd hh:mm": wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "hh:mm": wb.add_format({"num_format": "hh:mm"}),
    }
    wrap = wb.add_format({"text_wrap": True})
    first_visible = None
    for sheet in book.sheets:
        ws = wb.add_worksheet(sheet.name)
        merged_first = {rng.split(":")[0] for rng in sheet.merged}
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if xlsxwriter.utility.xl_rowcol_to_cell(r, c) in merged_first:
                    continue
                if isinstance(value, Err):
                    ws.write_formula(
                        r, c, "=NA()" if value.code == "#N/A" else "=1/0", None, value.code
                    )
                elif isinstance(value, Formula):
                    ws.write_formula(r, c, value.text)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                elif isinstance(value, datetime | date | time):
                    ws.write_datetime(r, c, value, formats[_number_format(value)])
                else:
                    ws.write_string(r, c, value, wrap if "\n" in value else None)
        for rng in sheet.merged:
            first = rng.split(":")[0]
            r, c = xlsxwriter.utility.xl_cell_to_rowcol(first)
            ws.merge_range(rng, sheet.rows[r][c])
        if sheet.hidden:
            ws.hide()
        elif first_visible is None:
            first_visible = ws
    if first_visible is not None:
        first_visible.activate()
    wb.close()


def _write_xlwt(book: Book, path: Path) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    styles = {
        fmt: xlwt.easyxf(num_format_str=fmt) for fmt in ("yyyy-mm-dd", "yyyy-mm-dd hh:mm", "hh:mm")
    }
    for sheet in book.sheets:
        ws = wb.add_sheet(sheet.name)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, Err):
                    # xlwt's own table misspells #N/A as "#N/A!"; BIFF code 42 is #N/A
                    ws.row(r).set_cell_error(c, 42 if value.code == "#N/A" else value.code)
                elif isinstance(value, datetime | date | time):
                    ws.write(r, c, value, styles[_number_format(value)])
                else:
                    ws.write(r, c, value)
        if sheet.hidden:
            ws.visibility = 1
    wb.save(str(path))
