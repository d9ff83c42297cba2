"""Writing a `Report` into workbook sheets: the mailed summary workbook and the generated
sheets of `csbook compute` copies. Each sheet is laid out by `csbook.io.report_layout` (the
same layout the xlwings writer of the Excel buttons uses); two writers put it on disk:
- `render(report, wb)`: openpyxl, into a new or an existing workbook (the tests' reference
  rendering; computed copies are written by `csbook.io.xlsx_generated`, never by openpyxl);
- `save(report, path)`: XlsxWriter, a new workbook written about three times as fast, with
  the cached result of every formula and the charts' cached data (the mailed summary:
  viewers that do not calculate still show every figure).
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
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

from ..rules.overview_data import OverviewSheet
from ..rules.report import Fmt, Report, ReportSheet
from . import overview_store
from .print_fit import MARGIN_INCH
from .report_layout import (
    BOX_COLOR,
    HEADER,
    NUMBER_FORMATS,
    PLAIN,
    Cell,
    PlacedChart,
    Style,
    layout,
)

THIN = Side(style="thin", color=BOX_COLOR)
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PX_PER_CM = 37.8


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
        props.update(border=1, border_color=f"#{BOX_COLOR}")
    if style.number_format:
        props["num_format"] = style.number_format
    if style.center:
        props.update(align="center", valign="vcenter", text_wrap=True)
    if style.wrap:
        props["text_wrap"] = True
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
                # a line's points marked: a single month is a point, not nothing
                **({"marker": {"type": "circle", "size": 5}} if chart.kind == "line" else {}),
            }
        )
    made.set_title({"name": chart.title})
    value_axis: dict[str, Any] = {"name": chart.y_title} if chart.y_title else {}
    if placed.major_unit is not None:  # counts: whole numbers from 0
        value_axis.update(min=0, major_unit=placed.major_unit, num_format="0")
    if chart.kind in ("column", "line"):
        made.set_y_axis(value_axis)
    elif chart.kind == "bar":
        made.set_x_axis(value_axis)
        made.set_y_axis({"reverse": True})  # the first row on top
    if chart.kind == "line":
        made.set_legend({"position": "bottom"} if len(chart.values) > 1 else {"none": True})
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
        for r, height in out.heights.items():
            ws.set_row(r - 1, height)
        if out.freeze_row is not None:
            ws.freeze_panes(out.freeze_row - 1, 0)
        if out.title_rows is not None:
            ws.repeat_rows(out.title_rows[0] - 1, out.title_rows[1] - 1)
        if out.print_fit.title_columns:
            ws.repeat_columns(0, out.print_fit.title_columns - 1)
        headers = {(c.row, c.column): c for c in out.cells if c.style is HEADER}
        for header_row, last, columns in out.lists:  # each list its own autofilter
            cells = [headers[(header_row, c)] for c in range(1, columns + 1)]
            ws.add_table(
                header_row - 1,
                0,
                last - 1,
                columns - 1,
                {
                    "style": None,
                    "autofilter": True,
                    "columns": [
                        {"header": c.value, "header_format": by_id[id(c.style)]} for c in cells
                    ],
                },
            )
        for placed in out.charts:
            ws.insert_chart(
                placed.row - 1, placed.column - 1, _xlsxwriter_chart(wb, sheet.name, placed)
            )
        if out.breaks:
            ws.set_h_pagebreaks(out.breaks)
        ws.set_paper(9)  # A4
        if out.print_fit.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(out.print_fit.pages_wide, 0)
        ws.center_horizontally()
        ws.set_margins(left=MARGIN_INCH, right=MARGIN_INCH)
        ws.set_header(f"&C{_header_text(out.header)}")
        ws.set_footer(f"&C{out.footer}")
        if isinstance(sheet, OverviewSheet):  # its figures as data, for `csbook mail`
            overview_store.store(wb, sheet, out)
    wb.close()
    return path
