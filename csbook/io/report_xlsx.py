"""Rendering a `Report` into workbook sheets: the mailed summary workbook and the generated
sheets of `csbook compute` copies. Values only, except the totals rows of `total_columns`,
which are SUM formulas over the rows just above them on the same sheet.

A sheet is first laid out — which value goes in which cell with which style, the column
widths, the charts and where they stand, page breaks — independently of any library; two
writers then put the layout on disk:
- `render(report, wb)`: openpyxl, into a new or an existing workbook (computed copies);
- `save(report, path)`: XlsxWriter, a new workbook written about three times as fast, with
  the cached result of every formula and the charts' cached data (the mailed summary:
  viewers that do not calculate still show every figure).
"""

from __future__ import annotations

import unicodedata
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.data_source import AxDataSource, MultiLevelStrRef
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..rules.report import Chart, Fmt, Report, ReportSheet, Table

NUMBER_FORMATS = {
    Fmt.INT: "0",
    Fmt.MONEY: "#,##0.00",
    Fmt.PERCENT: "0.0%",
    Fmt.DATE: "yyyy-mm-dd",
    Fmt.DATETIME: "yyyy-mm-dd hh:mm",
    Fmt.DECIMAL: "0.00",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FLAG_FILL = PatternFill("solid", fgColor="F8CBAD")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_WIDTH = 50
CHART_HEIGHT_ROWS = 16  # rows a chart of the default height covers, with a gap
ROW_CM = 0.5  # a row of the default height, about
PAGE_CHART_CM = 16.0  # chart height that fits a landscape A4 page (unscaled, with margins)
PX_PER_CM = 37.8


def display_width(value: Any) -> int:
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=8192)
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write one value; text is always text (a leading = + - @ never makes a formula)."""
    cell = ws.cell(row, column)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


# ---------------------------------------------------------------------------------------------
# the layout
# ---------------------------------------------------------------------------------------------


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


PLAIN = Style()
TITLE = Style(bold=True, size=16)
SUBTITLE = Style(color="595959")
CAPTION = Style(bold=True, size=12)
HEADER = Style(bold=True, fill="DDEBF7", box=True, center=True)
EMPTY_NOTE = Style(italic=True, color="808080")
FLAG, TOTAL = "F8CBAD", "F2F2F2"


@dataclass
class Cell:
    row: int  # 1-based
    column: int  # 1-based
    value: Any
    style: Style = PLAIN
    formula: str | None = None  # a formula whose result is `value`


@dataclass
class Placed:
    """Where a table landed: header row and first/last data rows (1-based)."""

    header_row: int
    first: int
    last: int


_Placed = Placed  # the name other modules knew


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
        return "hh:mm"
    return NUMBER_FORMATS.get(fmt)


def _shown(value: Any, number_format: str | None) -> Any:
    """The value as the cell shows it, for the column's width."""
    if value is None:
        return ""
    if number_format == NUMBER_FORMATS[Fmt.PERCENT]:
        return f"{value:.1%}"
    if isinstance(value, datetime) and number_format != NUMBER_FORMATS[Fmt.DATE]:
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
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
    ) -> None:
        """A table cell, boxed, with its number format; its column grows to fit it."""
        if isinstance(value, Decimal):
            value = float(value)
        number_format = _number_format(value, fmt)
        key = (number_format, fill, bold)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = Style(
                bold=bold, fill=fill, box=True, number_format=number_format
            )
        self.out.cells.append(Cell(row, column, value, style, formula))
        self.fit(column, _shown(value, number_format))

    def fit(self, column: int, shown: Any) -> None:
        width = display_width(shown) + 2
        if width > self._widths.get(column, 0):
            self._widths[column] = width

    def finish(self) -> Layout:
        self.out.widths = {c: min(max(w, 8), MAX_WIDTH) for c, w in self._widths.items()}
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
            s.value(row, c + 1, value, fmt, FLAG if (r, c) in flagged else None)
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
                letter = get_column_letter(c + 1)
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


# ---------------------------------------------------------------------------------------------
# openpyxl
# ---------------------------------------------------------------------------------------------


class _OpenpyxlStyles:
    """Each style made once and its StyleArray copied: setting font, fill and border cell by
    cell makes openpyxl hash style objects each time, most of the cost of a long table."""

    def __init__(self) -> None:
        self._made: dict[Style, StyleArray] = {}

    def apply(self, cell: Any, style: Style) -> None:
        if style == PLAIN:
            return
        made = self._made.get(style)
        if made is not None:
            cell._style = copy(made)
            return
        if style.bold or style.italic or style.size or style.color:
            cell.font = Font(
                bold=style.bold, italic=style.italic, size=style.size, color=style.color
            )
        if style.fill:
            cell.fill = PatternFill("solid", fgColor=style.fill)
        if style.box:
            cell.border = BOX
        if style.number_format:
            cell.number_format = style.number_format
        if style.center:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self._made[style] = copy(cell._style)


def _openpyxl_chart(placed: PlacedChart, ws: Worksheet) -> Any:
    chart, where = placed.chart, placed.table
    last = chart.categories_to if chart.categories_to is not None else chart.categories
    cats = Reference(
        ws, min_col=chart.categories + 1, max_col=last + 1, min_row=where.first, max_row=where.last
    )
    if chart.kind == "pie":
        made: Any = PieChart()
    else:
        made = BarChart()
        made.type = "bar" if chart.kind == "bar" else "col"
        made.y_axis.title = chart.y_title or None
        made.y_axis.delete = False
        made.x_axis.delete = False
        if chart.kind == "bar":  # the first row on top
            made.x_axis.scaling.orientation = "maxMin"
    made.title = chart.title
    for column in chart.values:
        data = Reference(ws, min_col=column + 1, min_row=where.header_row, max_row=where.last)
        made.add_data(data, titles_from_data=True)
    _set_categories(made, cats, last > chart.categories)
    if chart.line is not None and chart.kind != "pie":
        line = LineChart()
        data = Reference(ws, min_col=chart.line + 1, min_row=where.header_row, max_row=where.last)
        line.add_data(data, titles_from_data=True)
        _set_categories(line, cats, last > chart.categories)
        made += line
    made.width, made.height = placed.width, placed.height
    return made


def _set_categories(made: Any, cats: Reference, levels: bool) -> None:
    if not levels:
        made.set_categories(cats)
        return
    for series in made.ser:  # two label columns: a multi-level axis (branch, then name)
        series.cat = AxDataSource(multiLvlStrRef=MultiLevelStrRef(f=str(cats)))


def render_sheet(ws: Worksheet, sheet: ReportSheet) -> None:
    """Fill an empty worksheet with one report sheet."""
    out = layout(sheet)
    styles = _OpenpyxlStyles()
    for cell in out.cells:
        if cell.formula is not None:
            target = ws.cell(cell.row, cell.column)
            target.value = cell.formula
        else:
            target = put(ws, cell.row, cell.column, cell.value)
        styles.apply(target, cell.style)
    for c, width in out.widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    if out.freeze_row is not None:
        ws.freeze_panes = ws.cell(out.freeze_row, 1)
    if out.title_row is not None:
        ws.print_title_rows = f"{out.title_row}:{out.title_row}"
    for placed in out.charts:
        ws.add_chart(_openpyxl_chart(placed, ws), f"{get_column_letter(placed.column)}{placed.row}")
    for row in out.breaks:
        ws.row_breaks.append(Break(id=row))

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.center.text = out.header
    ws.oddFooter.center.text = out.footer


def render(report: Report, wb: Workbook | None = None) -> Workbook:
    """Add the report's sheets to `wb` (a new workbook when None), replacing sheets of the
    same names — generated sheets are the program's, never a person's."""
    if wb is None:
        wb = Workbook()
        wb.remove(wb.active)
    for sheet in report.sheets:
        position = None
        if sheet.name in wb.sheetnames:
            position = wb.sheetnames.index(sheet.name)
            wb.remove(wb[sheet.name])
        ws = wb.create_sheet(sheet.name, position)
        render_sheet(ws, sheet)
    return wb


# ---------------------------------------------------------------------------------------------
# XlsxWriter
# ---------------------------------------------------------------------------------------------


def _xlsxwriter_format(wb: Any, style: Style) -> Any:
    props: dict[str, Any] = {}
    if style.bold:
        props["bold"] = True
    if style.italic:
        props["italic"] = True
    if style.size:
        props["font_size"] = style.size
    if style.color:
        props["font_color"] = f"#{style.color}"
    if style.fill:
        props.update(pattern=1, bg_color=f"#{style.fill}")
    if style.box:
        props.update(border=1, border_color="#808080")
    if style.number_format:
        props["num_format"] = style.number_format
    if style.center:
        props.update(align="center", valign="vcenter", text_wrap=True)
    return wb.add_format(props) if props else None


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


def _xlsxwriter_chart(wb: Any, name: str, placed: PlacedChart) -> Any:
    chart, where = placed.chart, placed.table
    made = wb.add_chart({"type": chart.kind})
    last = chart.categories_to if chart.categories_to is not None else chart.categories
    categories = [name, where.first - 1, chart.categories, where.last - 1, last]
    series_labels: dict[str, Any] = {"categories": categories}
    if last > chart.categories:
        series_labels["categories_data"] = placed.labels
    for column in chart.values:
        made.add_series(
            {
                "name": [name, where.header_row - 1, column],
                "values": [name, where.first - 1, column, where.last - 1, column],
                **series_labels,
            }
        )
    made.set_title({"name": chart.title})
    if chart.kind == "column":
        made.set_y_axis({"name": chart.y_title} if chart.y_title else {})
    elif chart.kind == "bar":
        made.set_x_axis({"name": chart.y_title} if chart.y_title else {})
        made.set_y_axis({"reverse": True})  # the first row on top
    if chart.line is not None and chart.kind != "pie":
        line = wb.add_chart({"type": "line"})
        line.add_series(
            {
                "name": [name, where.header_row - 1, chart.line],
                "values": [name, where.first - 1, chart.line, where.last - 1, chart.line],
                **series_labels,
            }
        )
        made.combine(line)
    made.set_size({"width": placed.width * PX_PER_CM, "height": placed.height * PX_PER_CM})
    return made


def _write(ws: Any, cell: Cell, fmt: Any) -> None:
    r, c, value = cell.row - 1, cell.column - 1, cell.value
    if cell.formula is not None:
        ws.write_formula(r, c, cell.formula, fmt, value)
    elif value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt)  # text stays text: never a formula or a number
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, date | datetime | time):
        ws.write_datetime(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def save(report: Report, path: Path) -> Path:
    """Write the report as a new workbook at `path` (XlsxWriter). The caller writes to a
    temporary name and renames: XlsxWriter writes the file in place."""
    import xlsxwriter  # only when writing a whole new workbook

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": NUMBER_FORMATS[Fmt.DATE],
        },
    )
    formats: dict[Style, Any] = {}
    for sheet in report.sheets:
        out = layout(sheet)
        ws = wb.add_worksheet(sheet.name)
        by_id: dict[int, Any] = {}  # a layout shares its Style objects: no hashing per cell
        for cell in out.cells:
            key = id(cell.style)
            if key not in by_id:
                if cell.style not in formats:
                    formats[cell.style] = _xlsxwriter_format(wb, cell.style)
                by_id[key] = formats[cell.style]
            _write(ws, cell, by_id[key])
        for c, width in out.widths.items():
            ws.set_column(c - 1, c - 1, width)
        if out.freeze_row is not None:
            ws.freeze_panes(out.freeze_row - 1, 0)
        if out.title_row is not None:
            ws.repeat_rows(out.title_row - 1)
        for placed in out.charts:
            ws.insert_chart(
                placed.row - 1, placed.column - 1, _xlsxwriter_chart(wb, sheet.name, placed)
            )
        if out.breaks:
            ws.set_h_pagebreaks(out.breaks)
        ws.set_paper(9)  # A4
        if sheet.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4)
        ws.set_header(f"&C{_header_text(out.header)}")
        ws.set_footer(f"&C{out.footer}")
    wb.close()
    return path
