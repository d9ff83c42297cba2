"""Rendering a `ReportSheet` (月度汇总, 月处罚汇总 ...) into the open workbook through xlwings:
the same model `csbook.io.report_xlsx` renders with openpyxl, so both faces show the same
figures. All values of a sheet go in one block; formats go by whole header rows, whole
columns of a table and runs of flagged cells, so the number of calls does not grow with the
number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlwings as xw
from openpyxl.utils import get_column_letter

from ..io.report_xlsx import MAX_WIDTH, NUMBER_FORMATS, display_width
from ..rules.report import Chart, Fmt, ReportSheet, Table
from ..rules.schema import BOOKS, HOLIDAYS_SHEET, SETTINGS_SHEET
from ..rules.text import squeeze
from .marks import MARK_SHEET, cell_value, safe_text

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
    """A report sheet laid out as one grid of values and, per cell, its look (bold, fill,
    wrap, number format); `boxes` groups the look into few rectangles."""

    grid: list[list[Any]] = field(default_factory=list)
    width: int = 1
    styles: dict[str, dict[tuple[int, int], Any]] = field(
        default_factory=lambda: {"bold": {}, "fill": {}, "wrap": {}, "format": {}}
    )
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

    def style(self, what: str, box: tuple[int, int, int, int], value: Any = True) -> None:
        r1, c1, r2, c2 = box
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.styles[what][(r, c)] = value

    def value(self, row: int, column: int) -> Any:
        if row > len(self.grid) or column > len(self.grid[row - 1]):
            return ""
        return self.grid[row - 1][column - 1]

    def block(self) -> list[list[Any]]:
        return [line + [""] * (self.width - len(line)) for line in self.grid]

    def boxes(self, what: str) -> list[tuple[tuple[int, int, int, int], Any]]:
        """The cells of one look as few rectangles. A number format may also cover text and
        empty cells (it does not change how they show), bold and wrapping empty cells."""
        cells = self.styles[what]

        def free(r: int, c: int) -> bool:
            if (r, c) in cells:
                return False
            value = self.value(r, c)
            if what == "format":
                return isinstance(value, str) and not value.startswith("=")
            return what in ("bold", "wrap") and value == ""

        return _group(cells, free, by_column=what == "format")


def _group(
    cells: dict[tuple[int, int], Any], free: Any, by_column: bool
) -> list[tuple[tuple[int, int, int, int], Any]]:
    """Runs of cells with the same look along columns (`by_column`) or rows, bridging cells
    that may take it (`free`), then identical runs of neighbouring lines merged."""

    def cell(line: int, pos: int) -> tuple[int, int]:
        return (pos, line) if by_column else (line, pos)

    lines: dict[int, list[int]] = {}
    for r, c in cells:
        line, pos = (c, r) if by_column else (r, c)
        lines.setdefault(line, []).append(pos)
    runs: list[tuple[int, int, int, Any]] = []  # (line, first, last, look)
    for line, positions in sorted(lines.items()):
        positions.sort()
        start = prev = positions[0]
        look = cells[cell(line, start)]
        for pos in positions[1:]:
            here = cells[cell(line, pos)]
            gap = all(free(*cell(line, p)) for p in range(prev + 1, pos))
            if here == look and gap:
                prev = pos
                continue
            runs.append((line, start, prev, look))
            start = prev = pos
            look = here
        runs.append((line, start, prev, look))
    merged: list[list[Any]] = []  # [first line, last line, first, last, look]
    for line, first, last, look in runs:
        if merged and merged[-1][1] == line - 1 and merged[-1][2:] == [first, last, look]:
            merged[-1][1] = line
        else:
            merged.append([line, line, first, last, look])
    out = []
    for l1, l2, p1, p2, look in merged:
        box = (p1, l1, p2, l2) if by_column else (l1, p1, l2, p2)
        out.append((box, look))
    return out


def _value(value: Any) -> Any:
    return cell_value(value)


def _widen(lay: Layout, column: int, value: Any, fmt: Fmt) -> None:
    """A column grows to fit a value as it shows (as the openpyxl renderer measures it)."""
    if value is None:
        shown: Any = ""
    elif fmt is Fmt.PERCENT and isinstance(value, int | float | Decimal):
        shown = f"{value:.1%}"
    elif isinstance(value, datetime) and fmt is not Fmt.DATE:
        shown = f"{value:%Y-%m-%d %H:%M}"
    elif isinstance(value, date):
        shown = f"{value:%Y-%m-%d}"
    else:
        shown = value
    lay.widths[column] = max(lay.widths.get(column, 0), display_width(shown) + 2)


def _table(lay: Layout, table: Table, row: int) -> tuple[int, _Placed]:
    ncols = len(table.header)
    if table.caption:
        lay.put(row, 1, safe_text(table.caption))
        lay.style("bold", (row, 1, row, 1))
        row += 1
    header_row = row
    for c, text in enumerate(table.header, start=1):
        lay.put(row, c, safe_text(text))
        lay.widths[c] = max(lay.widths.get(c, 0), display_width(text) + 2)
    lay.style("bold", (row, 1, row, ncols))
    lay.style("wrap", (row, 1, row, ncols))
    lay.style("fill", (row, 1, row, ncols), HEADER_FILL)
    row += 1
    first = row
    for r, values in enumerate(table.rows):
        for c, value in enumerate(values):
            lay.put(row, c + 1, _value(value))
            _widen(lay, c + 1, value, table.fmt(c, r))
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
                _widen(lay, c + 1, value, table.fmt(c, len(table.rows)))
        else:
            totals = table.totals()
            for c in range(ncols):
                if c in table.total_columns:
                    letter = get_column_letter(c + 1)
                    formula = f"=SUM({letter}{first}:{letter}{last})" if table.rows else 0
                    lay.put(row, c + 1, formula)
                elif totals[c] is not None:
                    lay.put(row, c + 1, _value(totals[c]))
        lay.style("bold", (row, 1, row, ncols))
        lay.style("fill", (row, 1, row, ncols), TOTAL_FILL)
        row += 1
    end = placed.totals or last
    for c in range(ncols):
        fmt = NUMBER_FORMATS.get(table.fmt(c))
        if fmt and end >= first:
            lay.style("format", (first, c + 1, end, c + 1), fmt)
    for r, c, f in table.cell_formats:
        target = placed.totals if r == len(table.rows) else first + r
        if target is not None and NUMBER_FORMATS.get(f):
            lay.style("format", (target, c + 1, target, c + 1), NUMBER_FORMATS[f])
    for r, c in table.flagged:
        target = placed.totals if r == len(table.rows) else first + r
        if target is not None:
            lay.style("fill", (target, c + 1, target, c + 1), FLAG_FILL)
    return row, placed


WIDTH_STEPS = (8, 10, 12, 16, 20, 28, 36, MAX_WIDTH)


def width_runs(widths: dict[int, int]) -> list[tuple[int, int, int]]:
    """Column widths rounded up to a few steps, as (first, last column, width) runs."""
    runs: list[tuple[int, int, int]] = []
    for c in sorted(widths):
        width = next((w for w in WIDTH_STEPS if w >= widths[c]), MAX_WIDTH)
        if runs and runs[-1][1] == c - 1 and runs[-1][2] == width:
            runs[-1] = (runs[-1][0], c, width)
        else:
            runs.append((c, c, width))
    return runs


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
            if index + 1 < len(sheet.blocks) and not isinstance(sheet.blocks[index + 1], str):
                row += 1  # a blank row between notes and the table under them
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
    lay.style("bold", (1, 1, 1, 1))
    sheet.range((1, 1)).value = lay.block()
    sheet.range((1, 1)).font.size = 16
    for box, _ in lay.boxes("bold"):
        _range(sheet, box).font.bold = True
    for box, _ in lay.boxes("wrap"):
        _range(sheet, box).wrap_text = True
    for box, color in lay.boxes("fill"):
        _range(sheet, box).color = color
    for box, fmt in lay.boxes("format"):
        _range(sheet, box).number_format = fmt
    for first, last, width in width_runs(lay.widths):
        sheet.range((1, first), (1, last)).column_width = width
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


def _input_names() -> set[str]:
    names = {
        squeeze(n)
        for book in BOOKS
        for sheet in (*book.sheets, SETTINGS_SHEET, HOLIDAYS_SHEET)
        for n in (sheet.name, *sheet.synonyms)
    }
    return names | {squeeze(MARK_SHEET)}


def render_sheets(book: xw.Book, sheets: list[ReportSheet]) -> list[xw.Sheet]:
    """Write report sheets into the open workbook. A sheet of the same name is replaced
    (deleted and added again at its place, charts and all): generated sheets are the
    program's, never a person's. A name that is an input sheet's is refused."""
    from .writer import find_sheet

    protected = _input_names()
    for report in sheets:
        if squeeze(report.name) in protected:
            raise ValueError(f"generated sheet {report.name!r} would replace an input sheet")
    done = []
    for report in sheets:
        old = find_sheet(book, report.name)
        if old is not None:
            position = old.index
            old.delete()
            # `after` the sheet before it: xlwings' remote engine misplaces `before`
            if position > 1:
                sheet = book.sheets.add(report.name, after=book.sheets[position - 2])
            else:
                sheet = book.sheets.add(report.name, before=book.sheets[0])
        else:
            sheet = book.sheets.add(report.name, after=book.sheets[len(book.sheets) - 1])
        render_sheet(sheet, report)
        done.append(sheet)
    return done
