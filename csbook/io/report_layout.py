"""Laying a `ReportSheet` out: which value goes in which cell with which look, the column
widths, where the charts stand, the page breaks — independently of any spreadsheet library.

Writers put a layout into a workbook: XlsxWriter (`csbook.io.report_xlsx.save`: the mailed
summary), the surgical writer (`csbook.io.xlsx_generated`: a sheet of a computed copy) and
xlwings (`csbook.excel.report`: the open workbook behind an Excel button), so every face
shows the same cells; `report_openpyxl.render` (openpyxl) is the reference the tests compare
the xlwings writer with. Values only, except the totals
rows of `Table.total_columns`, which are SUM formulas over the rows just above them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ..rules.report import Chart, Fmt, ReportSheet, ReportTable, percent_text
from ..rules.text import display_width
from .print_fit import (
    FONT_PT,
    LINE_POINTS,
    ONE_PAGE,
    PAGE_HEIGHT_PT,
    PrintFit,
    first_page_columns,
    fit_width,
    page_room,
    wrapped_height,
    wrapped_lines,
)

NUMBER_FORMATS = {
    Fmt.INT: "0",
    Fmt.MONEY: "#,##0.00",
    Fmt.PERCENT: "0.0%",
    Fmt.DATE: "yyyy-mm-dd",
    Fmt.DATETIME: "yyyy-mm-dd hh:mm",
    Fmt.DECIMAL: "0.00",
    # Excel's "0.#" would show a whole day as "3." — General shows 3 and 0.5 alike
    Fmt.DAYS: "General",
}
TIME_FORMAT = "hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 50
CHART_HEIGHT_ROWS = 16  # rows a chart of the default height covers, with a gap
BAR_CHART_MAX_CM = 26.0  # 46 bars at half a centimetre: 40 agents stay readable
ROW_CM = 0.5  # a row of the default height, about
PAGE_WIDTH_CM = 27.0  # a landscape A4 page's printable width
CHART_GAP_CM = 0.5
DEFAULT_WIDTH = 8.43  # characters: a column whose width was never set
CM_PER_CHARACTER = 0.2  # about, in Calibri 11
TITLE_BLOCK_ROWS = 2  # the title and subtitle
SPILL = 1.15  # how much wider than `display_width` a text may print (a column's last 15 %)
KEPT_ROWS = 2  # data rows a table's caption and header print with, on one page
MAX_FROZEN_HEADER_ROW = 10  # a header further down is not frozen: the panes would fill the screen


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Style:
    """How a cell looks, whichever library writes it."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    color: str | None = None  # font colour, RRGGBB
    fill: str | None = None  # background, RRGGBB
    box: bool = False  # a thin grey border all round
    number_format: str | None = None
    center: bool = False  # centred and wrapped (header cells)
    wrap: bool = False  # wrapped inside the column (long text in a table)


PLAIN = Style()
TITLE = Style(bold=True, size=16)
SUBTITLE = Style(color="595959")
CAPTION = Style(bold=True, size=12)
HEADER = Style(bold=True, fill="DDEBF7", box=True, center=True)
BOX_COLOR = "808080"  # the thin lines around and inside table cells, in every writer
EMPTY_NOTE = Style(italic=True, color="808080")
FLAG, TOTAL = "F8CBAD", "F2F2F2"


@dataclass
class Cell:
    row: int  # 1-based
    column: int  # 1-based
    value: Any  # a Decimal is already a float
    style: Style = PLAIN
    formula: str | None = None  # a formula whose result is `value`


@dataclass(frozen=True)
class MergedLine:
    """A line of text (a title, a note) merged from its cell across to column `last` and
    wrapped there: it would otherwise run off the first page of a sheet printed several
    pages wide, its tail printed on the next page beside the repeated key columns."""

    cell: Cell
    last: int

    @property
    def style(self) -> Style:
        return replace(self.cell.style, wrap=True)

    @property
    def ref(self) -> str:
        """The merged range, e.g. A4:L4."""
        row = self.cell.row
        return f"{column_letter(self.cell.column)}{row}:{column_letter(self.last)}{row}"


@dataclass
class PlacedTable:
    """Where a table landed: header row and first/last data rows (1-based)."""

    header_row: int
    first: int
    last: int
    columns: int = 0
    totals: bool = False  # a totals row under the data rows (or under the empty note)


@dataclass
class PlacedChart:
    chart: Chart
    table: PlacedTable
    row: int  # anchor, 1-based
    column: int
    width: float  # cm
    height: float
    labels: list[list[Any]] = field(default_factory=list)  # category labels per level
    # counts: the value axis steps by this whole number (no 0.5 visits); None: not counts
    major_unit: int | None = None


@dataclass
class ReportLayout:
    sheet: ReportSheet
    cells: list[Cell] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    # rows made taller for wrapped text (points): spreadsheet programs that do not fit row
    # heights on opening (LibreOffice) would otherwise print one line of it
    heights: dict[int, float] = field(default_factory=dict)
    merges: list[MergedLine] = field(default_factory=list)
    freeze_row: int | None = None  # the first row that scrolls
    title_rows: tuple[int, int] | None = None  # first and last row repeated on every printed page
    # (header row, last data row, columns) of every table with rows: each gets an autofilter
    lists: list[tuple[int, int, int]] = field(default_factory=list)
    charts: list[PlacedChart] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # a page break after each of these rows
    tables: dict[int, PlacedTable] = field(default_factory=dict)  # by index into the blocks
    # pages wide and the key columns repeated on each (`print_fit`)
    print_fit: PrintFit = ONE_PAGE

    @property
    def header(self) -> str:
        return self.sheet.title

    @property
    def footer(self) -> str:
        text = "第 &P 页，共 &N 页"
        if self.sheet.generated:
            text += f"    生成于 {self.sheet.generated:%Y-%m-%d %H:%M}"
        return text


def _number_format(value: Any, fmt: Fmt) -> str | None:
    if isinstance(value, bool) or not isinstance(
        value, int | float | Decimal | date | datetime | time
    ):
        return None
    if isinstance(value, date) and fmt not in (Fmt.DATE, Fmt.DATETIME):
        fmt = Fmt.DATETIME if isinstance(value, datetime) else Fmt.DATE
    if fmt is Fmt.DATETIME and not isinstance(value, datetime):
        return NUMBER_FORMATS[Fmt.DATE]  # a day without a time shows no 00:00
    if isinstance(value, time):
        return TIME_FORMAT
    return NUMBER_FORMATS.get(fmt)


_SHOWN_NUMBERS: dict[str, Callable[[float], str]] = {
    NUMBER_FORMATS[Fmt.INT]: "{:.0f}".format,
    NUMBER_FORMATS[Fmt.MONEY]: "{:,.2f}".format,
    NUMBER_FORMATS[Fmt.PERCENT]: percent_text,
    NUMBER_FORMATS[Fmt.DECIMAL]: "{:.2f}".format,
    NUMBER_FORMATS[Fmt.DAYS]: "{:g}".format,
}


def _shown(value: Any, number_format: str | None) -> Any:
    """The value as the cell shows it (thousands separators and decimals included: a number
    wider than its column shows as ###), for the column's width."""
    if value is None:
        return ""
    if isinstance(value, datetime) and number_format != NUMBER_FORMATS[Fmt.DATE]:
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    shown = _SHOWN_NUMBERS.get(number_format or "")
    if shown and isinstance(value, int | float) and not isinstance(value, bool):
        return shown(value)
    return value


class _Sheet:
    """Collects a layout cell by cell."""

    def __init__(self, sheet: ReportSheet) -> None:
        self.out = ReportLayout(sheet)
        self._widths: dict[int, int] = {}
        self._styles: dict[tuple[Any, ...], Style] = {}

    def text(self, row: int, column: int, value: Any, style: Style = PLAIN) -> None:
        self.out.cells.append(Cell(row, column, value, style))

    def value(
        self,
        row: int,
        column: int,
        value: Any,
        fmt: Fmt,
        fill: str | None = None,
        bold: bool = False,
        formula: str | None = None,
        wrap: bool = False,
    ) -> None:
        """A table cell, boxed, with its number format; its column grows to fit it (data
        rows and totals rows alike)."""
        if value is None or type(value) is str:  # most cells of a long list: no format
            number_format, shown = None, value or ""
        else:
            if isinstance(value, Decimal):
                value = float(value)
            number_format = _number_format(value, fmt)
            shown = _shown(value, number_format)
        key = (number_format, fill, bold, wrap)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = Style(
                bold=bold, fill=fill, box=True, number_format=number_format, wrap=wrap
            )
        self.out.cells.append(Cell(row, column, value, style, formula))
        self.fit(column, shown)

    def fit(self, column: int, shown: Any) -> None:
        width = display_width(shown) + 2
        if width > self._widths.get(column, 0):
            self._widths[column] = width

    def spread(self, lines: list[str], within: int | None = None) -> list[int]:
        """Columns for `lines` side by side (signature lines), each clear of the one before
        and spread over the tables' width (or their first `within` columns) where it allows:
        a line far to the right of the tables would widen the printed page."""
        last = within or max(self._widths, default=1)
        widths = [
            min(max(self._widths.get(c, 0), MIN_WIDTH), MAX_WIDTH) for c in range(1, last + 60)
        ]
        used = sum(widths[:last])
        columns: list[int] = []
        column, left = 1, 0.0
        for n, line in enumerate(lines):
            wanted = used * n / max(1, len(lines))
            # the last column starting at or before that, clear of the line before: a line
            # starting further right would run past the tables
            while sum(widths[: column - 1]) < left or sum(widths[:column]) <= wanted:
                column += 1
            columns.append(column)
            left = sum(widths[: column - 1]) + display_width(line) + 2
        return columns

    def finish(self) -> ReportLayout:
        self.out.widths = {c: min(max(w, MIN_WIDTH), MAX_WIDTH) for c, w in self._widths.items()}
        for cell in self.out.cells:
            if cell.style.wrap and isinstance(cell.value, str):
                lines = wrapped_lines(cell.value, self.out.widths.get(cell.column, MIN_WIDTH))
                if lines > 1:
                    height = max(self.out.heights.get(cell.row, 0), wrapped_height(lines))
                    self.out.heights[cell.row] = height
        return self.out


def _table(s: _Sheet, table: ReportTable, row: int) -> tuple[int, PlacedTable]:
    if table.caption:
        s.text(row, 1, table.caption, CAPTION)
        row += 1
    header_row = row
    for c, text in enumerate(table.header, start=1):
        s.text(row, c, text, HEADER)
        s.fit(c, text)
    row += 1
    first = row
    flagged = set(table.flagged)
    overrides = {(r, c): f for r, c, f in table.cell_formats}
    width = max(len(table.header), *map(len, table.rows)) if table.rows else 0
    formats = [table.fmt(c) if c < len(table.header) else Fmt.TEXT for c in range(width)]
    wrapped = [c in table.wrapped for c in range(width)]
    for r, values in enumerate(table.rows):
        for c, value in enumerate(values):
            fmt, fill = formats[c], None
            if overrides or flagged:  # looked up only where a table has any
                fmt = overrides.get((r, c), fmt)
                fill = FLAG if (r, c) in flagged else None
            s.value(row, c + 1, value, fmt, fill, wrap=wrapped[c])
        row += 1
    last = row - 1
    if not table.rows:
        s.text(row, 1, table.empty_note, EMPTY_NOTE)
        row += 1
    if table.total_row is not None:
        n = len(table.rows)
        for c in range(len(table.header)):
            value = table.total_row[c] if c < len(table.total_row) else None
            fill = FLAG if (n, c) in flagged else TOTAL
            s.value(row, c + 1, value, overrides.get((n, c), table.fmt(c)), fill, bold=True)
        row += 1
    elif table.total_columns:
        totals = table.totals()
        for c in range(len(table.header)):
            if c in table.total_columns:
                letter = column_letter(c + 1)
                formula = f"=SUM({letter}{first}:{letter}{last})" if table.rows else None
                s.value(row, c + 1, totals[c], table.fmt(c), TOTAL, True, formula)
            else:
                s.value(row, c + 1, totals[c], Fmt.TEXT, TOTAL, bold=True)
        row += 1
    has_totals = table.total_row is not None or bool(table.total_columns)
    return row, PlacedTable(header_row, first, last, len(table.header), has_totals)


def _chart_size(chart: Chart, placed: PlacedTable) -> tuple[float, float]:
    """(width, height) in cm: room for every label."""
    count = placed.last - placed.first + 1
    if chart.kind == "column":  # about 0.6 cm a category, up to A4's width
        return min(max(16, 0.6 * count + 4), 26), 7.5
    if chart.kind == "bar":  # bars run down the page, half a centimetre each
        return 16, min(max(7.5, 0.5 * count + 3), BAR_CHART_MAX_CM)
    if chart.kind == "line":  # a year's twelve months; two charts side by side on a page
        return 13, 6.5
    return 16, 7.5


def _major_unit(chart: Chart, table: ReportTable) -> int | None:
    """A whole-number step for the value axis of a chart of counts, about ten steps from 0
    to the largest value; None when a plotted column is not counts."""
    columns = [*chart.values, *([chart.line] if chart.line is not None else [])]
    if chart.kind == "pie" or any(table.fmt(c) is not Fmt.INT for c in columns):
        return None
    top = max(
        (row[c] for row in table.rows for c in columns if isinstance(row[c], int | float)),
        default=0,
    )
    step, scale = 1, 1
    while top / step > 10:  # 1, 2, 5, 10, 20, 50 ...
        for factor in (1, 2, 5):
            step = factor * scale
            if top / step <= 10:
                break
        scale *= 10
    return step


def _labels(chart: Chart, table: ReportTable) -> list[list[Any]]:
    """Category labels per level (outer first); an outer label only where it changes, so
    the axis groups the inner ones under it."""
    last = chart.categories_to if chart.categories_to is not None else chart.categories
    levels = []
    for c in range(chart.categories, last + 1):
        values = [row[c] if c < len(row) else None for row in table.rows]
        if c < last:
            values = [v if i == 0 or v != values[i - 1] else None for i, v in enumerate(values)]
        levels.append(["" if v is None and c == last else v for v in values])
    return levels


def _column_at(widths: dict[int, float], cm: float) -> int:
    """The first column whose left edge is at least `cm` from the sheet's left edge."""
    column, left = 1, 0.0
    while left < cm:
        left += widths.get(column, DEFAULT_WIDTH) * CM_PER_CHARACTER
        column += 1
    return column


def _freeze_and_titles(out: ReportLayout, tables: list[PlacedTable]) -> None:
    """Frozen rows and print titles: one table near the top keeps its header row in view and
    on every printed page; with several tables (or one far down) only the title block does,
    so no table ever scrolls under another table's headings."""
    if len(tables) == 1 and tables[0].header_row <= MAX_FROZEN_HEADER_ROW:
        out.freeze_row = tables[0].header_row + 1
        out.title_rows = (tables[0].header_row, tables[0].header_row)
    else:
        out.freeze_row = TITLE_BLOCK_ROWS + 1
        out.title_rows = (1, TITLE_BLOCK_ROWS)


def _print_fit(out: ReportLayout, sheet: ReportSheet) -> PrintFit:
    """Pages wide at 8 pt or more; a sheet wider than a page repeats the key columns of its
    widest table (every table starts in column A)."""
    last = max((cell.column for cell in out.cells), default=1)
    widths = [out.widths.get(c, DEFAULT_WIDTH) for c in range(1, last + 1)]
    # text spilling out of the last column is printed too (LibreOffice widens the print range
    # for it): count the columns it spills into, its Chinese and Latin printed up to SPILL wider
    # than their display width reckons
    spill = max(
        (
            display_width(cell.value) * SPILL + 2 - widths[-1]
            for cell in out.cells
            if cell.column == last and isinstance(cell.value, str) and not cell.style.wrap
        ),
        default=0,
    )
    widths += [DEFAULT_WIDTH] * math.ceil(max(0, spill) / DEFAULT_WIDTH)
    tables = [block for block in sheet.blocks if isinstance(block, ReportTable)]
    widest = max(tables, key=lambda t: sum(widths[: len(t.header)]), default=None)
    return fit_width(widths, widest.keys if widest else 0, sheet.landscape)


def _sign_on_first_page(out: ReportLayout, s: _Sheet, signatures: list[str]) -> None:
    """On a sheet printed several pages wide, the signature lines spread over the first
    page's columns rather than the whole table's: every signature on the page that is
    signed, not the last of them on a page of its own across."""
    last = max(cell.column for cell in out.cells)
    widths = [out.widths.get(c, DEFAULT_WIDTH) for c in range(1, last + 1)]
    columns = iter(s.spread(signatures, within=first_page_columns(widths, out.print_fit)))
    row = max(cell.row for cell in out.cells if cell.value in signatures)
    for cell in out.cells:
        if cell.row == row and cell.value in signatures:
            cell.column = next(columns)


def _merge_long_lines(out: ReportLayout) -> None:
    """Each line of text in column A (title, note, caption) that would not print whole is
    merged over the first page's columns (up to the next cell of its row) and wrapped, its
    row as tall as the wrapped text. On a sheet printed several pages wide: a line wider
    than the first page's columns, which would be cut at its edge. On a sheet one page wide:
    a line wider than the page at the sheet's zoom — a spreadsheet program fitting the sheet
    to the page's width takes in the text spilling past its last column, and would print
    the whole page smaller to hold it (a long ⚠ line printed 总览 at 6.6 pt); a line that
    spills but fits the page is left to spill, on one line."""
    last = max(cell.column for cell in out.cells)
    widths = [out.widths.get(c, DEFAULT_WIDTH) for c in range(1, last + 1)]
    page = first_page_columns(widths, out.print_fit)
    room = page_room(out.print_fit) if out.print_fit.pages_wide == 1 else sum(widths[:page])
    lines = {
        cell.row: cell
        for cell in out.cells
        if cell.column == 1
        and type(cell.value) is str
        and not cell.style.box
        # printed up to SPILL wider than its display width: merged where it might not fit
        and display_width(cell.value) * SPILL * (cell.style.size or FONT_PT) / FONT_PT > room
    }
    if not lines:
        return
    ends = dict.fromkeys(lines, page)  # the row's next cell, if within the page, ends it
    for cell in out.cells:
        if cell.row in ends and 1 < cell.column <= ends[cell.row]:
            ends[cell.row] = cell.column - 1
    for row, cell in lines.items():
        end = ends[row]
        if end > 1:
            size = cell.style.size or FONT_PT
            height = wrapped_height(wrapped_lines(cell.value, sum(widths[:end]), size), size)
            out.heights[row] = max(out.heights.get(row, 0), height)
            out.merges.append(MergedLine(cell, end))


def layout(sheet: ReportSheet) -> ReportLayout:
    """Where everything of one report sheet goes. Charts stand beside the tables, or
    (`charts_below`) under the table they draw, side by side as far as a landscape page is
    wide; a chart that would not fit on the rest of a page starts the next one."""
    s = _Sheet(sheet)
    s.text(1, 1, sheet.title, TITLE)
    if sheet.subtitle:
        s.text(2, 1, sheet.subtitle, SUBTITLE)
    row = 4
    placed: dict[int, PlacedTable] = {}
    below: list[tuple[int, int]] = []  # (block index, the row after its table)
    for index, block in enumerate(sheet.blocks):
        if isinstance(block, str):
            s.text(row, 1, block)
            row += 1
            if index + 1 < len(sheet.blocks) and not isinstance(sheet.blocks[index + 1], str):
                row += 1  # a blank row between notes and the table under them
            continue
        row, where = _table(s, block, row)
        placed[index] = where
        names = [h.strip() for h in block.header]
        if _drawable(where) and all(names) and len(set(names)) == len(names):
            s.out.lists.append((where.header_row, where.last, len(block.header)))
        row += 1
        drawn = [c for c in sheet.charts if c.table == index]
        if sheet.charts_below and drawn and _drawable(where):
            below.append((index, row))
            row += _reserved_rows(drawn, where)
    if sheet.signatures or sheet.copy_to:
        row += 1
        for column, signature in zip(s.spread(sheet.signatures), sheet.signatures, strict=True):
            s.text(row, column, signature)
        if sheet.copy_to:
            s.text(row + 2, 1, sheet.copy_to)
    out = s.finish()
    out.tables = placed
    _freeze_and_titles(out, list(placed.values()))
    out.print_fit = _print_fit(out, sheet)
    if sheet.signatures and out.print_fit.pages_wide > 1:
        _sign_on_first_page(out, s, sheet.signatures)
    _merge_long_lines(out)
    if sheet.charts_below:
        _charts_below(out, sheet, placed, below)
    else:
        _charts_beside(out, sheet, placed)
    _page_breaks(out, sheet, placed)
    return out


def _page_breaks(out: ReportLayout, sheet: ReportSheet, placed: dict[int, PlacedTable]) -> None:
    """Page breaks where a block would be cut at a page's foot: spreadsheet programs keep no
    rows together, and printed a table's caption and header at the foot of a page without
    the rows they head (the sample month's 需要关注), a chart cut in two, a table's last row
    alone on a page. Walking down the rows as they print (the page's height at the sheet's
    zoom, the title rows repeated on every page after the first), a block that would not fit
    in what is left of a page begins the next one: a table whole where it takes at most half
    a page, else its caption, header and first KEPT_ROWS rows; a line of charts under a
    table whole. A page holding only the title rows and notes so far is never broken."""
    fonts: dict[int, float] = {}
    for cell in out.cells:
        if cell.style.size:
            fonts[cell.row] = max(fonts.get(cell.row, 0), cell.style.size)

    def points(first: int, last: int) -> float:
        """The printed height at 100 % of rows `first` to `last`: as set, else as tall as
        their largest font needs."""
        return sum(
            out.heights.get(r) or max(LINE_POINTS, fonts.get(r, 0) * 4 / 3)
            for r in range(first, last + 1)
        )

    room = PAGE_HEIGHT_PT[out.print_fit.landscape] * 100 / out.print_fit.zoom
    repeated = points(*out.title_rows) if out.title_rows else 0.0
    blocks: dict[int, int] = {}  # the first row of a block -> the last row kept with it
    drawn: set[int] = set()  # rows of a table or a chart
    for index, where in placed.items():
        table = sheet.blocks[index]
        assert isinstance(table, ReportTable)
        end = max(where.last, where.header_row + 1) + where.totals  # the empty note, totals
        top = where.header_row - 1 if table.caption else where.header_row
        whole = points(top, end) <= (room - repeated) / 2
        blocks[top] = end if whole else min(where.header_row + KEPT_ROWS, end)
        drawn.update(range(top, end + 1))
    for chart in out.charts if sheet.charts_below else []:
        top, end = chart.row - 1, chart.row + math.ceil(chart.height / ROW_CM)  # the blank above
        blocks[top] = max(blocks.get(top, top), end)
        drawn.update(range(top, end + 1))
    bottom = max((cell.row for cell in out.cells), default=0)
    used, content = 0.0, False  # `content`: a table or chart on the page so far
    for row in range(1, max(bottom, max(drawn, default=0)) + 1):
        height = points(row, row)
        if row in blocks and content and used + points(row, blocks[row]) > room:
            out.breaks.append(row - 1)
            used, content = repeated, False
        if used + height > room:  # the page is full: the program breaks it here
            used, content = repeated, False
        used += height
        content = content or row in drawn


def _charts_below(
    out: ReportLayout,
    sheet: ReportSheet,
    placed: dict[int, PlacedTable],
    below: list[tuple[int, int]],
) -> None:
    """Each table's charts under it, side by side as far as a landscape page is wide, a
    line of them under another (`_page_breaks` keeps each line on one page)."""
    for index, top in below:
        where = placed[index]
        table = sheet.blocks[index]
        assert isinstance(table, ReportTable)
        for line in _chart_lines([c for c in sheet.charts if c.table == index], where):
            top += 1  # a blank row above each line: a break there prints no edge of it
            left = 0.0
            for chart, width, height_cm in line:
                column = _column_at(out.widths, left)
                out.charts.append(_placed(chart, table, where, top, column, width, height_cm))
                left += width + CHART_GAP_CM
            top += int(max(h for _, _, h in line) / ROW_CM) + 2


def _charts_beside(out: ReportLayout, sheet: ReportSheet, placed: dict[int, PlacedTable]) -> None:
    """The charts in a column right of the tables, one under another."""
    right = max(out.widths, default=1) + 2
    n = 0
    for chart in sheet.charts:
        where = placed[chart.table]
        if not _drawable(where):
            continue
        width, height = _chart_size(chart, where)
        table = sheet.blocks[chart.table]
        assert isinstance(table, ReportTable)
        top = 4 + n * CHART_HEIGHT_ROWS
        out.charts.append(_placed(chart, table, where, top, right, width, height))
        n += 1


def _drawable(where: PlacedTable) -> bool:
    return where.last >= where.first  # a table without rows has nothing to draw


def _placed(
    chart: Chart,
    table: ReportTable,
    where: PlacedTable,
    row: int,
    column: int,
    width: float,
    height: float,
) -> PlacedChart:
    return PlacedChart(
        chart, where, row, column, width, height, _labels(chart, table), _major_unit(chart, table)
    )


def _chart_lines(charts: list[Chart], where: PlacedTable) -> list[list[tuple[Chart, float, float]]]:
    """The charts of one table in lines across the page: (chart, width, height) each."""
    lines: list[list[tuple[Chart, float, float]]] = []
    used = PAGE_WIDTH_CM
    for chart in charts:
        width, height = _chart_size(chart, where)
        if used + CHART_GAP_CM + width > PAGE_WIDTH_CM:
            lines.append([])
            used = -CHART_GAP_CM
        lines[-1].append((chart, width, height))
        used += CHART_GAP_CM + width
    return lines


def _reserved_rows(charts: list[Chart], where: PlacedTable) -> int:
    """Rows the charts of one table take under it."""
    # each line: its height, a gap, and the row a page break before it may take
    return sum(int(max(h for _, _, h in line) / ROW_CM) + 3 for line in _chart_lines(charts, where))
