"""Writing a button's plan into the open workbook in a few calls, whatever the number of rows:
one block of values per run of adjacent columns, one block for the marks, two conditional
formats per sheet (once), one block for the 校验结果 sheet and a handful of formats."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

import xlwings as xw
from xlwings.constants import MAX_COLUMNS, MAX_ROWS

from ..rules.findings import Severity
from .marks import (
    ERROR_FILL,
    MARK_SHEET,
    RESULT_FIRST_ROW,
    RESULT_HEADER,
    RESULT_SHEET,
    RESULT_WIDTHS,
    WARNING_FILL,
    ColumnBlock,
    MarkState,
    mark_block,
    rule_formula,
)
from .source import BookSource

HEADER_FILL = "#DDEBF7"
COMPUTED_HEAD_FILL = "#BFBFBF"


def find_sheet(book: xw.Book, name: str) -> xw.Sheet | None:
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    return None


def fresh_sheet(book: xw.Book, name: str) -> tuple[xw.Sheet, bool]:
    """A generated sheet ready to be written: emptied when it exists (values and formats),
    else added after the last sheet. Returns the sheet and whether it was added."""
    sheet = find_sheet(book, name)
    if sheet is not None:
        sheet.clear()
        return sheet, False
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1]), True


def write_blocks(source: BookSource, blocks: list[ColumnBlock]) -> None:
    for block in blocks:
        sheet = source.sheet(block.sheet)
        if block.headers:
            header = sheet.range(
                (block.first_row - 1, block.first_column),
                (block.first_row - 1, block.first_column + len(block.headers) - 1),
            )
            header.value = [block.headers]
            header.font.bold = True
            header.color = COMPUTED_HEAD_FILL
        if not block.values:
            continue
        sheet.range((block.first_row, block.first_column)).value = block.values
        for column, fmt in block.formats.items():
            sheet.range((block.first_row, column), (block.last_row, column)).number_format = fmt


def write_marks(
    source: BookSource,
    marks: Mapping[str, Mapping[int, Mapping[int, Severity]]],
    sheet_names: Mapping[str, str],
) -> None:
    """`csbook标记` rewritten whole, and the two rules added to each marked sheet that does
    not have them yet."""
    book = source.book
    raw = source.read(MARK_SHEET) if source.has(MARK_SHEET) else None
    state = MarkState.read(raw)
    if not marks and not any(state.installed) and raw is None:
        return  # nothing marked, nothing to blank
    sheet = find_sheet(book, MARK_SHEET)
    if sheet is None:
        sheet = book.sheets.add(MARK_SHEET, after=book.sheets[len(book.sheets) - 1])
        sheet.visible = False
    to_install = [
        schema
        for schema in marks
        if schema in sheet_names and state.installed.get(schema) != sheet_names[schema]
    ]
    for schema in to_install:
        state.installed[schema] = sheet_names[schema]
    sheet.range((1, 1)).value = mark_block(marks, state)
    for schema in to_install:
        target = source.sheet(sheet_names[schema])
        whole = target.range((1, 1), (MAX_ROWS, MAX_COLUMNS))
        # added last = highest priority: errors over warnings (a cell carries only one)
        whole.conditional_formats.add_custom(
            rule_formula(schema, Severity.WARNING), fill_color=WARNING_FILL
        )
        whole.conditional_formats.add_custom(
            rule_formula(schema, Severity.ERROR), fill_color=ERROR_FILL
        )


def clear_marks_sheet(source: BookSource) -> None:
    """Blank every mark, keeping the record of the rules already in place."""
    if not source.has(MARK_SHEET):
        return
    raw = source.read(MARK_SHEET)
    if len(raw.cells) > 1:
        sheet = source.sheet(MARK_SHEET)
        sheet.range((2, 1), (len(raw.cells), max(len(r) for r in raw.cells))).clear_contents()


def write_result_sheet(book: xw.Book, rows: list[list]) -> bool:
    """The 校验结果 sheet: one block of values, then the header's look and the widths.
    Returns whether the sheet was added."""
    sheet, added = fresh_sheet(book, RESULT_SHEET)
    sheet.range((1, 1)).value = rows
    width = len(RESULT_HEADER)
    header = sheet.range((RESULT_FIRST_ROW, 1), (RESULT_FIRST_ROW, width))
    header.font.bold = True
    header.color = HEADER_FILL
    if added:  # clearing a sheet keeps its column widths
        for first, last, w in RESULT_WIDTHS:
            sheet.range((1, first), (1, last)).column_width = w
    return added


def tell(book: xw.Book, text: str, title: str = "csbook") -> None:
    """The outcome in the status bar (desktop Excel) and a message box."""
    with contextlib.suppress(Exception):  # no status bar under Office.js or the remote engine
        book.app.status_bar = text
    book.app.alert(text, title=title)
