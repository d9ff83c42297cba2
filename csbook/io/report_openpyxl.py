"""Writing a `Report` with openpyxl, into a new or an existing workbook: the reference
rendering the tests compare the other writers with (the mailed summary is written by
`csbook.io.report_xlsx.save` with XlsxWriter, computed copies by `csbook.io.xlsx_generated`,
the open workbook by `csbook.excel.report`). Each sheet is laid out by
`csbook.io.report_layout`, as in every writer.
"""

from __future__ import annotations

from copy import copy
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.data_source import AxDataSource, MultiLevelStrRef
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table as OpenpyxlTable
from openpyxl.worksheet.worksheet import Worksheet

from ..rules.report import Report, ReportSheet
from .print_fit import MARGIN_INCH, TOP_MARGIN_INCH
from .report_layout import BOX_COLOR, PLAIN, PlacedChart, Style, layout

THIN = Side(style="thin", color=BOX_COLOR)
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write one value; text is always text (a leading = + - @ never makes a formula)."""
    cell = ws.cell(row, column)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


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
        if style.wrap:
            cell.alignment = Alignment(wrap_text=True)
        self._made[style] = copy(cell._style)


def _openpyxl_chart(placed: PlacedChart, ws: Worksheet) -> Any:
    chart, where = placed.chart, placed.table
    last = chart.categories_to if chart.categories_to is not None else chart.categories
    cats = Reference(
        ws, min_col=chart.categories + 1, max_col=last + 1, min_row=where.first, max_row=where.last
    )
    if chart.kind == "pie":
        made: Any = PieChart()
    elif chart.kind == "line":
        made = LineChart()
        made.y_axis.title = chart.y_title or None
        made.y_axis.delete = False
        made.x_axis.delete = False
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
    if chart.kind == "line":  # a line's points marked: a single month is a point, not nothing
        for series in made.series:
            series.marker.symbol = "circle"
    _set_categories(made, cats, last > chart.categories)
    if chart.line is not None and chart.kind != "pie":
        line = LineChart()
        data = Reference(ws, min_col=chart.line + 1, min_row=where.header_row, max_row=where.last)
        line.add_data(data, titles_from_data=True)
        _set_categories(line, cats, last > chart.categories)
        made += line
    if placed.major_unit is not None:
        made.y_axis.majorUnit = placed.major_unit
        made.y_axis.scaling.min = 0
        made.y_axis.number_format = "0"
    made.width, made.height = placed.width, placed.height
    return made


def _set_categories(made: Any, cats: Reference, levels: bool) -> None:
    if not levels:
        made.set_categories(cats)
        return
    for series in made.ser:  # two label columns: a multi-level axis (branch, then name)
        series.cat = AxDataSource(multiLvlStrRef=MultiLevelStrRef(f=str(cats)))


def _openpyxl_lists(ws: Worksheet, lists: list[tuple[int, int, int]]) -> None:
    """Each list a worksheet table (unstyled: the cells keep their own look) with its own
    autofilter; names unused elsewhere in the workbook (it may be a person's)."""
    taken = {name.lower() for sheet in ws.parent.worksheets for name in sheet.tables}
    n = 0
    for header_row, last, columns in lists:
        n += 1
        while f"csbook_list{n}" in taken:
            n += 1
        name = f"csbook_list{n}"
        taken.add(name)
        ref = f"A{header_row}:{get_column_letter(columns)}{last}"
        ws.add_table(OpenpyxlTable(displayName=name, ref=ref))


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
    for line in out.merges:
        styles.apply(ws.cell(line.cell.row, line.cell.column), line.style)
        ws.merge_cells(line.ref)
    for c, width in out.widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, height in out.heights.items():
        ws.row_dimensions[r].height = height
    if out.freeze_row is not None:
        ws.freeze_panes = ws.cell(out.freeze_row, 1)
    if out.title_rows is not None:
        ws.print_title_rows = "{}:{}".format(*out.title_rows)
    if out.print_fit.title_columns:
        ws.print_title_cols = f"A:{get_column_letter(out.print_fit.title_columns)}"
    _openpyxl_lists(ws, out.lists)
    for placed in out.charts:
        ws.add_chart(_openpyxl_chart(placed, ws), f"{get_column_letter(placed.column)}{placed.row}")
    for row in out.breaks:
        ws.row_breaks.append(Break(id=row))

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if out.print_fit.landscape else "portrait"
    ws.page_setup.fitToWidth = out.print_fit.pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCH
    ws.page_margins.top = ws.page_margins.bottom = TOP_MARGIN_INCH  # as the breaks reckon
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
