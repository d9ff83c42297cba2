"""Rendering a `ReportSheet` (月度汇总, 月处罚汇总 ...) into the open workbook through xlwings:
the same model `csbook.io.report_xlsx` renders with openpyxl, so both faces show the same
figures. All values of a sheet go in one block; formats go by whole header rows, whole
columns of a table and runs of flagged cells, so the number of calls does not grow with the
number of rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import xlwings as xw
from openpyxl.utils import get_column_letter

from ..io.report_xlsx import MAX_WIDTH, NUMBER_FORMATS, display_width
from ..rules.report import Chart, Fmt, ReportSheet, Table
from .marks import cell_value, safe_text

HEADER_FILL = "#DDEBF7"
FLAG_FILL = "#F8CBAD"
TOTAL_FILL = "#F2F2F2"
CHART_TYPES = {"column": "column_clustered", "bar": "bar_clustered", "pie": "pie"}
CHART_ROWS = 16  # rows a chart takes (about 7.5 cm at the default row height)
POINTS_PER_ROW = 15


@dataclass
class _Placed:
    """Where a table landed (1-based rows): header, first and last data row, totals row."""

    header_row: int
    first: int
    last: int
    totals: int | None = None


@dataclass
class Layout:
    """A report sheet laid out as one grid of values and lists of ranges to format."""

    grid: list[list[Any]] = field(default_factory=list)
    width: int = 1
    bold: list[tuple[int, int, int, int]] = field(default_factory=list)
    fills: list[tuple[tuple[int, int, int, int], str]] = field(default_factory=list)
    wraps: list[tuple[int, int, int, int]] = field(default_factory=list)
    formats: list[tuple[tuple[int, int, int, int], str]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)
    placed: dict[int, _Placed] = field(default_factory=dict)
    first_header: int | None = None

    def put(self, row: int, column: int, value: Any) -> None:
        while len(self.grid) < row:
            self.grid.append([])
        line = self.grid[row - 1]
        while len(line) < column:
            line.append("")
        line[column - 1] = value
        self.width = max(self.width, column)

    def block(self) -> list[list[Any]]:
        return [line + [""] * (self.width - len(line)) for line in self.grid]


def _value(value: Any) -> Any:
    return cell_value(value)


def _runs(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(row, column) cells grouped into vertical runs: (first row, column, last row, column)."""
    runs: list[tuple[int, int, int, int]] = []
    for row, column in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if runs and runs[-1][1] == column and runs[-1][2] == row - 1:
            first, col, _, _ = runs[-1]
            runs[-1] = (first, col, row, col)
        else:
            runs.append((row, column, row, column))
    return runs


def _table(lay: Layout, table: Table, row: int) -> tuple[int, _Placed]:
    ncols = len(table.header)
    if table.caption:
        lay.put(row, 1, safe_text(table.caption))
        lay.bold.append((row, 1, row, 1))
        row += 1
    header_row = row
    for c, text in enumerate(table.header, start=1):
        lay.put(row, c, safe_text(text))
        lay.widths[c] = max(lay.widths.get(c, 0), display_width(text) + 2)
    lay.bold.append((row, 1, row, ncols))
    lay.wraps.append((row, 1, row, ncols))
    lay.fills.append(((row, 1, row, ncols), HEADER_FILL))
    row += 1
    first = row
    for values in table.rows:
        for c, value in enumerate(values):
            lay.put(row, c + 1, _value(value))
            fmt = table.fmt(c)
            shown = f"{value:.1%}" if fmt is Fmt.PERCENT and isinstance(value, float) else value
            lay.widths[c + 1] = max(
                lay.widths.get(c + 1, 0), display_width("" if shown is None else shown) + 2
            )
        row += 1
    last = row - 1
    placed = _Placed(header_row, first, last)
    if not table.rows:
        lay.put(row, 1, safe_text(table.empty_note))
        row += 1
    if table.total_columns or table.total_row is not None:
        placed.totals = row
        if table.total_row is not None:
            for c, value in enumerate(table.total_row):
                lay.put(row, c + 1, _value(value))
        else:
            totals = table.totals()
            for c in range(ncols):
                if c in table.total_columns:
                    letter = get_column_letter(c + 1)
                    formula = f"=SUM({letter}{first}:{letter}{last})" if table.rows else 0
                    lay.put(row, c + 1, formula)
                elif totals[c] is not None:
                    lay.put(row, c + 1, _value(totals[c]))
        lay.bold.append((row, 1, row, ncols))
        lay.fills.append(((row, 1, row, ncols), TOTAL_FILL))
        row += 1
    end = placed.totals or last
    for c in range(ncols):
        fmt = NUMBER_FORMATS.get(table.fmt(c))
        if fmt and end >= first:
            lay.formats.append(((first, c + 1, end, c + 1), fmt))
    for r, c, f in table.cell_formats:
        target = placed.totals if r == len(table.rows) else first + r
        if target is not None and NUMBER_FORMATS.get(f):
            lay.formats.append(((target, c + 1, target, c + 1), NUMBER_FORMATS[f]))
    for run in _runs((first + r, c + 1) for r, c in table.flagged):
        lay.fills.append((run, FLAG_FILL))
    return row, placed


def lay_out(sheet: ReportSheet) -> Layout:
    """Where every value and format of a report sheet goes."""
    lay = Layout()
    lay.put(1, 1, safe_text(sheet.title))
    if sheet.subtitle:
        lay.put(2, 1, safe_text(sheet.subtitle))
    row = 4
    for index, block in enumerate(sheet.blocks):
        if isinstance(block, str):
            lay.put(row, 1, safe_text(block))
            row += 1
            continue
        row, lay.placed[index] = _table(lay, block, row)
        if lay.first_header is None:
            lay.first_header = lay.placed[index].header_row
        row += 1
    if sheet.signatures or sheet.copy_to:
        row += 1
        for c, line in enumerate(sheet.signatures):
            lay.put(row, 1 + c * 3, safe_text(line))
        if sheet.copy_to:
            lay.put(row + 2, 1, safe_text(sheet.copy_to))
    return lay


def _range(sheet: xw.Sheet, box: tuple[int, int, int, int]) -> xw.Range:
    r1, c1, r2, c2 = box
    return sheet.range((r1, c1), (r2, c2))


def _chart(sheet: xw.Sheet, chart: Chart, placed: _Placed, top: int, left_column: int) -> None:
    if placed.last < placed.first:
        return
    series = sorted({*chart.values, *([chart.line] if chart.line is not None else [])})
    first_col, last_col = series[0] + 1, series[-1] + 1
    source = sheet.range((placed.header_row, first_col), (placed.last, last_col))
    made = sheet.charts.add(
        anchor=sheet.range((top, left_column)),
        width=16 / 2.54 * 72,
        height=CHART_ROWS * POINTS_PER_ROW,
        chart_type=CHART_TYPES.get(chart.kind, "column_clustered"),
        source=source,
        plot_by="columns",
    )
    categories = chart.categories + 1
    last_category = (
        chart.categories_to if chart.categories_to is not None else chart.categories
    ) + 1
    made.set_x_axis_values(sheet.range((placed.first, categories), (placed.last, last_category)))
    made.title = chart.title


def render_sheet(sheet: xw.Sheet, report: ReportSheet) -> None:
    """Fill an empty sheet with one report sheet."""
    lay = lay_out(report)
    sheet.range((1, 1)).value = lay.block()
    sheet.range((1, 1)).font.size = 16
    sheet.range((1, 1)).font.bold = True
    for box in lay.bold:
        _range(sheet, box).font.bold = True
    for box in lay.wraps:
        _range(sheet, box).wrap_text = True
    for box, color in lay.fills:
        _range(sheet, box).color = color
    for box, fmt in lay.formats:
        _range(sheet, box).number_format = fmt
    for c, width in sorted(lay.widths.items()):
        sheet.range((1, c)).column_width = min(max(width, 8), MAX_WIDTH)
    left = max(lay.widths, default=1) + 2
    below = len(lay.grid) + 2
    for n, chart in enumerate(report.charts):
        placed = lay.placed.get(chart.table)
        if placed is None:
            continue
        if report.charts_below:
            _chart(sheet, chart, placed, below + n * (CHART_ROWS + 1), 1)
        else:
            _chart(sheet, chart, placed, 4 + n * CHART_ROWS, left)


def render_sheets(book: xw.Book, sheets: list[ReportSheet]) -> list[xw.Sheet]:
    """Write report sheets into the open workbook. A sheet of the same name is replaced
    (deleted and added again at its place, charts and all): generated sheets are the
    program's, never a person's."""
    from .writer import find_sheet

    done = []
    for report in sheets:
        old = find_sheet(book, report.name)
        if old is not None:
            position = old.index
            old.delete()
            if position <= len(book.sheets):
                sheet = book.sheets.add(report.name, before=book.sheets[position - 1])
            else:
                sheet = book.sheets.add(report.name, after=book.sheets[len(book.sheets) - 1])
        else:
            sheet = book.sheets.add(report.name, after=book.sheets[len(book.sheets) - 1])
        render_sheet(sheet, report)
        done.append(sheet)
    return done
