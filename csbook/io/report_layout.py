"""Laying a `ReportSheet` out: which value goes in which cell with which look, the column
widths, where the charts stand, the page breaks — independently of any spreadsheet library.

Writers put a layout into a workbook: XlsxWriter (`csbook.io.report_xlsx.save`: the mailed
summary), the surgical writer (`csbook.io.xlsx_generated`: a sheet of a computed copy) and
xlwings (`csbook.excel.report`: the open workbook behind an Excel button), so every face
shows the same cells; `report_xlsx.render` (openpyxl) is the reference the tests compare
the xlwings writer with. Values only, except the totals
rows of `Table.total_columns`, which are SUM formulas over the rows just above them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..rules.report import Chart, Fmt, ReportSheet, Table, percent_text

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
LINE_POINTS = 15  # a row of the default height holds one line of text
CHART_HEIGHT_ROWS = 16  # rows a chart of the default height covers, with a gap
ROW_CM = 0.5  # a row of the default height, about
PAGE_CHART_CM = 16.0  # chart height that fits a landscape A4 page (unscaled, with margins)


def display_width(value: Any) -> int:
    """Characters a value takes on screen: East Asian wide characters count two."""
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=8192)
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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


@dataclass
class Placed:
    """Where a table landed: header row and first/last data rows (1-based)."""

    header_row: int
    first: int
    last: int


@dataclass
class PlacedChart:
    chart: Chart
    table: Placed
    row: int  # anchor, 1-based
    column: int
    width: float  # cm
    height: float
    labels: list[list[Any]] = field(default_factory=list)  # category labels per level


@dataclass
class Layout:
    sheet: ReportSheet
    cells: list[Cell] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    # rows made taller for wrapped text (points): spreadsheet programs that do not fit row
    # heights on opening (LibreOffice) would otherwise print one line of it
    heights: dict[int, float] = field(default_factory=dict)
    freeze_row: int | None = None  # the first row that scrolls
    title_row: int | None = None  # repeated on every printed page
    charts: list[PlacedChart] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # a page break after each of these rows

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
        self.out = Layout(sheet)
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
        if isinstance(value, Decimal):
            value = float(value)
        number_format = _number_format(value, fmt)
        key = (number_format, fill, bold, wrap)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = Style(
                bold=bold, fill=fill, box=True, number_format=number_format, wrap=wrap
            )
        self.out.cells.append(Cell(row, column, value, style, formula))
        self.fit(column, _shown(value, number_format))

    def fit(self, column: int, shown: Any) -> None:
        width = display_width(shown) + 2
        if width > self._widths.get(column, 0):
            self._widths[column] = width

    def finish(self) -> Layout:
        self.out.widths = {c: min(max(w, MIN_WIDTH), MAX_WIDTH) for c, w in self._widths.items()}
        for cell in self.out.cells:
            if cell.style.wrap and isinstance(cell.value, str):
                room = self.out.widths.get(cell.column, MIN_WIDTH) - 2
                lines = -(-display_width(cell.value) // room)
                if lines > 1:
                    height = max(self.out.heights.get(cell.row, 0), lines * LINE_POINTS)
                    self.out.heights[cell.row] = height
        return self.out


def _table(s: _Sheet, table: Table, row: int) -> tuple[int, Placed]:
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
    formats = [table.fmt(c) for c in range(len(table.header))]
    for r, values in enumerate(table.rows):
        for c, value in enumerate(values):
            fmt = overrides.get((r, c), formats[c] if c < len(formats) else Fmt.TEXT)
            fill = FLAG if (r, c) in flagged else None
            s.value(row, c + 1, value, fmt, fill, wrap=c in table.wrapped)
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
    return row, Placed(header_row, first, last)


def _chart_size(chart: Chart, placed: Placed) -> tuple[float, float]:
    """(width, height) in cm: room for every label."""
    count = placed.last - placed.first + 1
    if chart.kind == "column":  # about 0.6 cm a category, up to A4's width
        return min(max(16, 0.6 * count + 4), 26), 7.5
    if chart.kind == "bar":  # bars run down the page
        return 16, min(max(7.5, 0.5 * count + 3), 18)
    return 16, 7.5


def _labels(chart: Chart, table: Table) -> list[list[Any]]:
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


def layout(sheet: ReportSheet) -> Layout:
    """Where everything of one report sheet goes."""
    s = _Sheet(sheet)
    s.text(1, 1, sheet.title, TITLE)
    if sheet.subtitle:
        s.text(2, 1, sheet.subtitle, SUBTITLE)
    row = 4
    placed: dict[int, Placed] = {}
    for index, block in enumerate(sheet.blocks):
        if isinstance(block, str):
            s.text(row, 1, block)
            row += 1
            if index + 1 < len(sheet.blocks) and not isinstance(sheet.blocks[index + 1], str):
                row += 1  # a blank row between notes and the table under them
            continue
        row, placed[index] = _table(s, block, row)
        row += 1
    last_row = row - 2
    if sheet.signatures or sheet.copy_to:
        row += 1
        for c, line in enumerate(sheet.signatures):
            s.text(row, 1 + c * 3, line)
        last_row = row
        if sheet.copy_to:
            s.text(row + 2, 1, sheet.copy_to)
            last_row = row + 2
    out = s.finish()

    tables = list(placed.values())
    if tables:
        out.freeze_row = tables[0].header_row + 1
        if len(tables) == 1:  # a repeated header would sit above another table's rows
            out.title_row = tables[0].header_row
    right = max(out.widths, default=1) + 2
    below = last_row + 2
    on_page = PAGE_CHART_CM  # charts below start on a page of their own: none is cut in two
    n = 0
    for chart in sheet.charts:
        where = placed[chart.table]
        if where.last < where.first:
            continue
        width, height = _chart_size(chart, where)
        table = sheet.blocks[chart.table]
        labels = _labels(chart, table) if isinstance(table, Table) else []
        if sheet.charts_below:
            if on_page + height > PAGE_CHART_CM:
                out.breaks.append(below - 1)
                below += 1  # clear of the break: no edge of it printed on the page before
                on_page = 0
            out.charts.append(PlacedChart(chart, where, below, 1, width, height, labels))
            below += int(height / ROW_CM) + 2
            on_page += height + 2 * ROW_CM
        else:
            out.charts.append(
                PlacedChart(chart, where, 4 + n * CHART_HEIGHT_ROWS, right, width, height, labels)
            )
        n += 1
    return out
