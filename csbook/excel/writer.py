"""Writing a button's plan into the open workbook in a few calls, whatever the number of rows:
one block of values per run of adjacent columns, one block for the marks, two conditional
formats per sheet (once), one block for the 校验结果 sheet and a handful of formats; every
range named by its address, every sheet taken from the source's one pass over the sheets."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

import xlwings as xw
from openpyxl.utils import get_column_letter
from xlwings.constants import MAX_COLUMNS, MAX_ROWS
from xlwings.utils import hex_to_rgb, rgb_to_int

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
from .source import BookSource, cells, on_desktop, put

HEADER_FILL = "#DDEBF7"
COMPUTED_HEAD_FILL = "#BFBFBF"
WHOLE_SHEET = f"A1:{get_column_letter(MAX_COLUMNS)}{MAX_ROWS}"


def add_sheet(source: BookSource, name: str, hidden: bool = False, first: bool = False) -> xw.Sheet:
    """A sheet added after the last one (or before the first: half the calls into desktop
    Excel, whose xlwings `after` moves the sheet in several steps), known to `source` from
    now on. On desktop Excel named after it is added: xlwings' `add(name)` asks Excel for
    every sheet's name first, which `source` already knows (the callers looked: the name
    is free); the remote engine knows the names without asking."""
    sheets = source.book.sheets
    neighbour = source.sheet(source.sheet_names[0 if first else -1])
    before, after = (neighbour, None) if first else (None, neighbour)
    if on_desktop(neighbour):
        sheet = sheets.add(before=before, after=after)
        sheet.name = name
    else:
        sheet = sheets.add(name, before=before, after=after)
    if hidden:
        sheet.visible = False
    source.added(sheet, name, first)
    return sheet


def fresh_sheet(source: BookSource, name: str) -> tuple[xw.Sheet, bool]:
    """A generated sheet ready to be written: emptied when it exists (values and formats),
    else added in front of the others. Returns the sheet and whether it was added."""
    if source.has(name):
        sheet = source.sheet(name)
        sheet.clear()
        return sheet, False
    return add_sheet(source, name, first=True), True


def write_blocks(source: BookSource, blocks: list[ColumnBlock]) -> None:
    """Each block in one write; an appended header in one write and two looks; a number
    format per column."""
    for block in blocks:
        sheet = source.sheet(block.sheet)
        if block.headers:
            put(sheet, block.first_row - 1, block.first_column, [block.headers])
            header = cells(sheet, block.first_row - 1, block.first_column, 1, len(block.headers))
            header.font.bold = True
            header.color = COMPUTED_HEAD_FILL
        if not block.values:
            continue
        put(sheet, block.first_row, block.first_column, block.values)
        for column, fmt in block.formats.items():
            cells(sheet, block.first_row, column, len(block.values), 1).number_format = fmt


def write_marks(
    source: BookSource,
    marks: Mapping[str, Mapping[int, Mapping[int, Severity]]],
    sheet_names: Mapping[str, str],
    notes: Mapping[str, int],
) -> None:
    """`csbook标记` rewritten whole, and the two rules added to each marked sheet that does
    not have them yet. `notes`: the sheets (by schema) where this press appended the
    校验提示 header, and its column, recorded so that 清除标记 can take it away."""
    raw = source.read(MARK_SHEET) if source.has(MARK_SHEET) else None
    state = MarkState.read(raw)
    state.adopt(sheet_names, set(source.sheet_names))
    state.notes.update(notes)
    if not marks and not state.installed and not state.notes and raw is None:
        return  # nothing marked, nothing to blank
    sheet = (
        source.sheet(MARK_SHEET)
        if raw is not None
        else add_sheet(source, MARK_SHEET, hidden=True, first=True)
    )
    to_install = [
        schema
        for schema in marks
        if schema in sheet_names and state.installed.get(schema) != sheet_names[schema]
    ]
    for schema in to_install:
        state.installed[schema] = sheet_names[schema]
    for schema in notes:
        state.installed.setdefault(schema, "")
    put(sheet, 1, 1, mark_block(marks, state))
    for schema in to_install:
        whole = source.sheet(sheet_names[schema]).range(WHOLE_SHEET)
        # added last = highest priority: errors over warnings (a cell carries only one)
        _rule(whole, rule_formula(schema, Severity.WARNING), WARNING_FILL)
        _rule(whole, rule_formula(schema, Severity.ERROR), ERROR_FILL)


def _rule(cells: xw.Range, formula: str, fill: str) -> None:
    """A conditional format lighting `cells` where `formula` holds, first in priority. On
    desktop Excel through its object model: four calls, where xlwings makes seven."""
    if on_desktop(cells):
        rule = cells.api.FormatConditions.Add(Type=2, Formula1=formula)  # xlExpression
        rule.Interior.Color = rgb_to_int(hex_to_rgb(fill))
        rule.SetFirstPriority()
        return
    cells.conditional_formats.add_custom(formula, fill_color=fill)


def clear_marks_sheet(source: BookSource) -> MarkState:
    """Blank every mark, keeping the record of the rules already in place; the record of
    appended 校验提示 headers is returned (and dropped: 清除标记 takes the headers away)."""
    if not source.has(MARK_SHEET):
        return MarkState()
    raw = source.read(MARK_SHEET)
    state = MarkState.read(raw)
    block = mark_block({}, MarkState(state.installed, {}, state.rows, state.width))
    put(source.sheet(MARK_SHEET), 1, 1, block)
    return state


def write_result_sheet(source: BookSource, rows: list[list]) -> bool:
    """The 校验结果 sheet: one block of values, then the header's look and the widths.
    Returns whether the sheet was added."""
    sheet, added = fresh_sheet(source, RESULT_SHEET)
    put(sheet, 1, 1, rows)
    header = cells(sheet, RESULT_FIRST_ROW, 1, 1, len(RESULT_HEADER))
    header.font.bold = True
    header.color = HEADER_FILL
    if added:  # clearing a sheet keeps its column widths
        for first, last, w in RESULT_WIDTHS:
            cells(sheet, 1, first, 1, last - first + 1).column_width = w
    return added


def tell(book: xw.Book, text: str, title: str = "csbook") -> None:
    """The outcome in a message box. Desktop Excel's status bar, which a press fills while
    it works (`working`), is given back to Excel first."""
    app = book.app
    with contextlib.suppress(NotImplementedError):  # no status bar under Office.js
        app.status_bar = False  # Excel's own text again
    app.alert(text, title=title)


def working(book: xw.Book, text: str) -> None:
    """What a press is doing, in desktop Excel's status bar while it works."""
    with contextlib.suppress(NotImplementedError):  # no status bar under Office.js
        book.app.status_bar = text
