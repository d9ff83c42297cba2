"""Rendering a `Report` into openpyxl sheets: the mailed summary workbook and the generated
sheets of `csbook compute` copies. Values only, except the totals rows, which are SUM
formulas over the rows just above them on the same sheet."""

from __future__ import annotations

import unicodedata
from copy import copy
from datetime import date, datetime
from decimal import Decimal
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


def display_width(value: Any) -> int:
    text = value if isinstance(value, str) else str(value)
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


def _number_format(value: Any, fmt: Fmt) -> str | None:
    if isinstance(value, int | float | Decimal | date | datetime) and not isinstance(value, bool):
        if fmt is Fmt.DATETIME and not isinstance(value, datetime):
            return NUMBER_FORMATS[Fmt.DATE]  # a day without a time shows no 00:00
        return NUMBER_FORMATS.get(fmt)
    return None


def _shown(value: Any, fmt: Fmt) -> Any:
    """The value as the cell shows it, for the column's width."""
    if value is None:
        return ""
    if fmt is Fmt.PERCENT and isinstance(value, int | float | Decimal):
        return f"{value:.1%}"
    if isinstance(value, datetime) and _number_format(value, fmt) != NUMBER_FORMATS[Fmt.DATE]:
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return value


class _Styles:
    """Cell styles made once per table and copied: setting border, fill and font cell by
    cell makes openpyxl hash style objects each time, most of the cost of a long table."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], StyleArray] = {}

    def apply(
        self, cell: Any, number_format: str | None, fill: PatternFill | None, bold: bool
    ) -> None:
        key = (number_format, id(fill), bold)
        made = self._made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        cell.border = BOX
        if number_format:
            cell.number_format = number_format
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = Font(bold=True)
        self._made[key] = copy(cell._style)


def _write_value(
    ws: Worksheet,
    row: int,
    column: int,
    value: Any,
    fmt: Fmt,
    widths: dict[int, int],
    styles: _Styles,
    fill: PatternFill | None = None,
    bold: bool = False,
) -> Any:
    """One table cell, boxed, with its number format; the column's width grows to fit it."""
    cell = put(ws, row, column, value)
    styles.apply(cell, _number_format(value, fmt), fill, bold)
    widths[column] = max(widths.get(column, 0), display_width(_shown(value, fmt)) + 2)
    return cell


class _Placed:
    """Where a table landed: header row and first/last data rows (1-based)."""

    def __init__(self, header_row: int, first: int, last: int) -> None:
        self.header_row, self.first, self.last = header_row, first, last


def _write_table(
    ws: Worksheet, table: Table, row: int, widths: dict[int, int]
) -> tuple[int, _Placed]:
    if table.caption:
        put(ws, row, 1, table.caption).font = Font(bold=True, size=12)
        row += 1
    header_row = row
    for c, text in enumerate(table.header, start=1):
        cell = put(ws, row, c, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths[c] = max(widths.get(c, 0), display_width(text) + 2)
    row += 1
    first = row
    flagged = set(table.flagged)
    overrides = {(r, c): f for r, c, f in table.cell_formats}
    formats = [table.fmt(c) for c in range(len(table.header))]
    styles = _Styles()
    for r, values in enumerate(table.rows):
        for c, value in enumerate(values):
            fmt = overrides.get((r, c), formats[c] if c < len(formats) else Fmt.TEXT)
            fill = FLAG_FILL if (r, c) in flagged else None
            _write_value(ws, row, c + 1, value, fmt, widths, styles, fill)
        row += 1
    last = row - 1
    if not table.rows:
        put(ws, row, 1, table.empty_note).font = Font(italic=True, color="808080")
        row += 1
    if table.total_row is not None:
        n = len(table.rows)
        for c in range(len(table.header)):
            value = table.total_row[c] if c < len(table.total_row) else None
            fill = FLAG_FILL if (n, c) in flagged else TOTAL_FILL
            fmt = overrides.get((n, c), table.fmt(c))
            _write_value(ws, row, c + 1, value, fmt, widths, styles, fill, bold=True)
        row += 1
    elif table.total_columns:
        totals = table.totals()
        for c in range(len(table.header)):
            cell = ws.cell(row, c + 1)
            cell.fill = TOTAL_FILL
            cell.border = BOX
            cell.font = Font(bold=True)
            if c in table.total_columns:
                letter = get_column_letter(c + 1)
                cell.value = f"=SUM({letter}{first}:{letter}{last})" if table.rows else 0
                cell.number_format = NUMBER_FORMATS.get(table.fmt(c), "General")
            elif totals[c] is not None:
                put(ws, row, c + 1, totals[c])
        row += 1
    return row, _Placed(header_row, first, last)


CHART_HEIGHT_ROWS = 16  # rows a chart of the default height covers, with a gap
ROW_CM = 0.5  # a row of the default height, about
PAGE_CHART_CM = 16.0  # chart height that fits a landscape A4 page (unscaled, with margins)


def _chart(chart: Chart, ws: Worksheet, placed: _Placed) -> Any:
    if placed.last < placed.first:
        return None
    cats = Reference(
        ws,
        min_col=chart.categories + 1,
        max_col=(chart.categories_to if chart.categories_to is not None else chart.categories) + 1,
        min_row=placed.first,
        max_row=placed.last,
    )
    if chart.kind == "pie":
        made: Any = PieChart()
    else:
        made = BarChart()
        made.type = "bar" if chart.kind == "bar" else "col"
        made.y_axis.title = chart.y_title or None
        made.y_axis.delete = False
        made.x_axis.delete = False
    made.title = chart.title
    for column in chart.values:
        data = Reference(ws, min_col=column + 1, min_row=placed.header_row, max_row=placed.last)
        made.add_data(data, titles_from_data=True)
    _set_categories(made, cats, chart)
    if chart.line is not None and chart.kind != "pie":
        line = LineChart()
        data = Reference(ws, min_col=chart.line + 1, min_row=placed.header_row, max_row=placed.last)
        line.add_data(data, titles_from_data=True)
        _set_categories(line, cats, chart)
        made += line
    made.height, made.width = 7.5, 16
    count = placed.last - placed.first + 1
    if chart.kind == "column":  # room for every label: about 0.6 cm a category, up to A4's width
        made.width = min(max(16, 0.6 * count + 4), 26)
    elif chart.kind == "bar":  # bars run down the page, the first row on top
        made.height = min(max(7.5, 0.5 * count + 3), 18)
        made.x_axis.scaling.orientation = "maxMin"
    return made


def _set_categories(made: Any, cats: Reference, chart: Chart) -> None:
    if chart.categories_to is None or chart.categories_to == chart.categories:
        made.set_categories(cats)
        return
    for series in made.ser:  # two label columns: a multi-level axis (branch, then name)
        series.cat = AxDataSource(multiLvlStrRef=MultiLevelStrRef(f=str(cats)))


def render_sheet(ws: Worksheet, sheet: ReportSheet) -> None:
    """Fill an empty worksheet with one report sheet."""
    widths: dict[int, int] = {}
    put(ws, 1, 1, sheet.title).font = Font(bold=True, size=16)
    if sheet.subtitle:
        put(ws, 2, 1, sheet.subtitle).font = Font(color="595959")
    row = 4
    placed: dict[int, _Placed] = {}
    for index, block in enumerate(sheet.blocks):
        if isinstance(block, str):
            put(ws, row, 1, block).alignment = Alignment(wrap_text=False)
            row += 1
            if index + 1 < len(sheet.blocks) and not isinstance(sheet.blocks[index + 1], str):
                row += 1  # a blank row between notes and the table under them
            continue
        row, placed[index] = _write_table(ws, block, row, widths)
        row += 1
    if sheet.signatures or sheet.copy_to:
        row += 1
        for c, line in enumerate(sheet.signatures):
            put(ws, row, 1 + c * 3, line)
        if sheet.copy_to:
            put(ws, row + 2, 1, sheet.copy_to)
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 8), MAX_WIDTH)

    tables = [p for p in placed.values()]
    if tables:
        ws.freeze_panes = ws.cell(tables[0].header_row + 1, 1)
        if len(tables) == 1:  # a repeated header would sit above another table's rows
            ws.print_title_rows = f"{tables[0].header_row}:{tables[0].header_row}"
    anchor_col = get_column_letter(max(widths, default=1) + 2)
    below = ws.max_row + 2
    on_page = PAGE_CHART_CM  # charts below start on a page of their own: none is cut in two
    n = 0
    for chart in sheet.charts:
        made = _chart(chart, ws, placed[chart.table])
        if made is None:
            continue
        if sheet.charts_below:
            if on_page + made.height > PAGE_CHART_CM:
                ws.row_breaks.append(Break(id=below - 1))
                on_page = 0
            ws.add_chart(made, f"A{below}")
            below += int(made.height / ROW_CM) + 2
            on_page += made.height + 2 * ROW_CM
        else:
            ws.add_chart(made, f"{anchor_col}{4 + n * CHART_HEIGHT_ROWS}")
        n += 1

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.center.text = sheet.title
    footer = "第 &P 页，共 &N 页"
    if sheet.generated:
        footer += f"    生成于 {sheet.generated:%Y-%m-%d %H:%M}"
    ws.oddFooter.center.text = footer


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
