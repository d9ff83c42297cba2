"""Writing a `ReportSheet` (月处罚汇总 ...) into the open workbook through xlwings, in a
number of calls into Excel that does not grow with the rows (docs/excel.md says why so).

On desktop Excel the sheet is the batch writer's own (`csbook.io.report_xlsx`): written to a
temporary workbook, opened and copied in, it comes with every look, formula, table, frozen
header and print setting `csbook summary` gives it. xlwings' remote engine (xlwings Server,
Lite) cannot open a file: there the sheet is drawn from `csbook.io.report_layout.layout` — the
layout every writer uses, so every face shows the same cells — its lists as Excel tables,
every other look set once on each rectangle of the cells sharing it.
"""

from __future__ import annotations

import math
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

import xlwings as xw

from ..io.report_layout import (
    BOX_COLOR,
    PlacedChart,
    ReportLayout,
    Style,
    layout,
)
from ..rules.report import Report, ReportSheet
from ..rules.schema import BOOKS, HOLIDAYS_SHEET, SETTINGS_SHEET
from ..rules.text import squeeze
from .marks import MARK_SHEET, cell_value, safe_text
from .source import BookSource, cells, on_desktop, put
from .writer import add_sheet

CHART_TYPES = {"column": "column_clustered", "bar": "bar_clustered", "pie": "pie"}
POINTS_PER_CM = 72 / 2.54
WIDEN = 4 / 3  # how much wider than it needs a column may be set, to share a call
Box = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)
GENERAL = "General"  # the number format of a new sheet's cells
INTEGER = "0"  # whole numbers (General shows them alike, up to eleven digits)
# "Dark 1" (the text colour: black whatever the workbook's theme) lines round and inside
# every cell, header and totals rows bold: the nearest built-in style to the thin grey box
# of the other writers (the styles of grey lines take a theme colour, green in the
# templates' Office 2007 theme)
TABLE_STYLE = "TableStyleLight15"

# each look of a cell, as xlwings sets it: (what, the look of a style or None)
LOOKS: dict[str, Callable[[Style], Any]] = {
    "bold": lambda s: s.bold or None,
    "italic": lambda s: s.italic or None,
    "size": lambda s: s.size,
    "color": lambda s: f"#{s.color}" if s.color else None,
    "fill": lambda s: f"#{s.fill}" if s.fill else None,
    "center": lambda s: s.center or None,  # centred both ways and wrapped
    "wrap": lambda s: s.wrap or None,
    "box": lambda s: s.box or None,
    "format": lambda s: s.number_format,
}


@dataclass
class ReportGrid:
    """A laid-out report sheet as xlwings writes it: one block of values from A1 and, per
    look, the cells that have it."""

    layout: ReportLayout
    grid: list[list[Any]] = field(default_factory=list)
    looks: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict)

    @property
    def widths(self) -> dict[int, float]:
        return self.layout.widths

    def value(self, row: int, column: int) -> Any:
        if row > len(self.grid) or column > len(self.grid[row - 1]):
            return ""
        return self.grid[row - 1][column - 1]

    def boxes(
        self, what: str, besides: frozenset[tuple[int, int]] = frozenset()
    ) -> list[tuple[Box, Any]]:
        """The cells of one look as few rectangles, leaving out the cells `besides` (which
        have the look otherwise, and may be covered). A number format may also cover text
        and empty cells (it does not change how they show); bold, italic, font colour and
        centring may cover empty cells; fills, font sizes and boxes only their own cells."""
        cells = {k: v for k, v in self.looks[what].items() if k not in besides}

        def free(r: int, c: int) -> bool:
            if (r, c) in cells:
                return False
            if (r, c) in besides:
                return True
            value = self.value(r, c)
            if what == "format":
                return isinstance(value, str) and not value.startswith("=")
            return what in ("bold", "italic", "color", "center") and value == ""

        return _group(cells, free, by_column=what == "format")


def lay_out(report: ReportSheet, date1904: bool = False) -> ReportGrid:
    """`layout(report)` with its values as Excel takes them (text stays text, dates as
    serial numbers of the workbook's date system under their number format) and its looks
    gathered."""
    out = ReportGrid(layout(report), looks={what: {} for what in LOOKS})
    cells = out.layout.cells
    rows = max((cell.row for cell in cells), default=1)
    columns = max((cell.column for cell in cells), default=1)
    out.grid = [[""] * columns for _ in range(rows)]
    seen: dict[int, list[tuple[str, Any]]] = {}  # a layout shares its Style objects
    for cell in cells:
        value: object
        if cell.formula is not None:
            value = cell.formula
        elif isinstance(cell.value, str):
            value = safe_text(cell.value)
        elif isinstance(cell.value, time):  # a fraction of a day, shown as hh:mm
            t = cell.value
            value = (t.hour * 3600 + t.minute * 60 + t.second) / 86400
        else:
            value = cell_value(cell.value, date1904)
        out.grid[cell.row - 1][cell.column - 1] = value
        looks = seen.get(id(cell.style))
        if looks is None:
            looks = seen[id(cell.style)] = [
                (what, look) for what, get in LOOKS.items() if (look := get(cell.style))
            ]
        for what, look in looks:
            out.looks[what][(cell.row, cell.column)] = look
    return out


def _group(
    cells: dict[tuple[int, int], Any], free: Callable[[int, int], bool], by_column: bool
) -> list[tuple[Box, Any]]:
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
    # the rectangle each (first, last, look) grows, however many other runs a line holds
    growing: dict[tuple[int, int, Any], list[Any]] = {}
    for line, first, last, look in runs:
        rect = growing.get((first, last, look))
        if rect is not None and rect[1] == line - 1:
            rect[1] = line
        else:
            rect = growing[(first, last, look)] = [line, line, first, last, look]
            merged.append(rect)
    out = []
    for l1, l2, p1, p2, look in merged:
        box = (p1, l1, p2, l2) if by_column else (l1, p1, l2, p2)
        out.append((box, look))
    return out


def width_runs(widths: dict[int, float]) -> list[tuple[int, int, int]]:
    """Column widths as (first, last column, width) runs: neighbouring columns share one
    width — the widest's — where none is set more than a third wider than it needs (one call
    a run)."""
    runs: list[list[Any]] = []  # [first, last, narrowest, widest]
    for c in sorted(widths):
        width = widths[c]
        if runs and runs[-1][1] == c - 1:
            low, high = min(runs[-1][2], width), max(runs[-1][3], width)
            if high <= low * WIDEN:
                runs[-1][1:] = [c, low, high]
                continue
        runs.append([c, c, width, width])
    return [(first, last, math.ceil(high)) for first, last, _, high in runs]


def _range(sheet: xw.Sheet, box: Box) -> xw.Range:
    r1, c1, r2, c2 = box
    return cells(sheet, r1, c1, r2 - r1 + 1, c2 - c1 + 1)


def _chart(sheet: xw.Sheet, placed: PlacedChart) -> None:
    chart, where = placed.chart, placed.table
    series = sorted({*chart.values, *([chart.line] if chart.line is not None else [])})
    source = _range(sheet, (where.header_row, series[0] + 1, where.last, series[-1] + 1))
    made = sheet.charts.add(
        anchor=cells(sheet, placed.row, placed.column),
        width=placed.width * POINTS_PER_CM,
        height=placed.height * POINTS_PER_CM,
        chart_type=CHART_TYPES.get(chart.kind, "column_clustered"),
        source=source,
        plot_by="columns",
    )
    last = chart.categories_to if chart.categories_to is not None else chart.categories
    made.set_x_axis_values(_range(sheet, (where.first, chart.categories + 1, where.last, last + 1)))
    made.title = chart.title


def _center(cells: xw.Range) -> bool:
    """Centre a range both ways; False where the engine cannot (xlwings' remote engine
    aligns under Office.js clients only)."""
    try:
        cells.horizontal_alignment = "center"
        cells.vertical_alignment = "center"
    except NotImplementedError:
        return False
    return True


def excel_tables(out: ReportGrid) -> list[tuple[Box, bool]]:
    """The Excel table of each table of the layout: its header row and data rows (an empty
    table's note row in their place), and whether the totals row under them is the table's
    own. A table whose headers are not all different (Excel would rename them) is none."""
    found = []
    for t in out.layout.tables.values():
        names = [str(out.value(t.header_row, c)).strip() for c in range(1, t.columns + 1)]
        if all(names) and len(set(names)) == len(names):
            found.append(((t.header_row, 1, max(t.last, t.first), t.columns), t.totals))
    return found


def _colors(out: ReportGrid) -> tuple[Box, list[list[Any]]] | None:
    """Every fill of the sheet as one block of colours (`...`: a cell left as it is), for
    xlwings' `set_colors`: one call however many cells are flagged."""
    fills = out.looks["fill"]
    if not fills:
        return None
    r1, r2 = min(r for r, _ in fills), max(r for r, _ in fills)
    c1, c2 = min(c for _, c in fills), max(c for _, c in fills)
    block = [[fills.get((r, c), ...) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
    return (r1, c1, r2, c2), block


def _tables(sheet: xw.Sheet, out: ReportGrid) -> frozenset[tuple[int, int]]:
    """The lists as Excel tables, made before the values go in: the row under a list is
    still empty when its totals row takes it. Returns the cells the tables cover."""
    covered: set[tuple[int, int]] = set()
    for (r1, c1, r2, c2), totals in excel_tables(out):
        table = sheet.tables.add(
            source=_range(sheet, (r1, c1, r2, c2)), has_headers=True, table_style_name=TABLE_STYLE
        )
        if totals:
            table.show_totals = True
        covered |= {(r, c) for r in range(r1, r2 + 1 + totals) for c in range(c1, c2 + 1)}
    return frozenset(covered)


def _fonts(sheet: xw.Sheet, out: ReportGrid, in_tables: frozenset[tuple[int, int]]) -> None:
    """Fonts; the bold of header and totals rows is the table style's."""
    for box, _ in out.boxes("bold", besides=in_tables):
        _range(sheet, box).font.bold = True
    for box, _ in out.boxes("italic"):
        _range(sheet, box).font.italic = True
    for box, size in out.boxes("size"):
        _range(sheet, box).font.size = size
    for box, color in out.boxes("color"):
        _range(sheet, box).font.color = color


def _alignment(sheet: xw.Sheet, out: ReportGrid) -> bool:
    """Headers centred and wrapped, long text wrapped; False where the engine cannot centre."""
    align = True
    for box, _ in out.boxes("center"):
        rng = _range(sheet, box)
        rng.wrap_text = True
        align = align and _center(rng)
    for box, _ in out.boxes("wrap"):
        _range(sheet, box).wrap_text = True
    return align


def _as_general(out: ReportGrid, box: Box, number_format: str) -> bool:
    """Whether the cells show the same under General, a new cell's format: General itself,
    or whole numbers (and the SUMs of whole numbers above them) under `0`."""
    if number_format == GENERAL:
        return True
    if number_format != INTEGER:
        return False
    r1, c1, r2, c2 = box
    values = [out.value(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    return all(isinstance(v, str) or (isinstance(v, int) and abs(v) < 10**11) for v in values)


def render_sheet(sheet: xw.Sheet, out: ReportGrid) -> list[str]:
    """Draw one laid-out report sheet on a new, empty sheet through xlwings' remote engine;
    returns what could not be done, said for staff. Each list is an Excel table in a table
    style whose lines stand for the thin grey box the other writers draw (one action, where
    xlwings sets a box side by side in twelve), its totals row the table's own; every other
    look is set once on each rectangle of the cells sharing it (`ReportGrid.boxes`), all
    fills at once."""
    problems = []
    in_tables = _tables(sheet, out)
    put(sheet, 1, 1, out.grid)
    for first, last, width in width_runs(out.widths):  # before wrapping: see below
        cells(sheet, 1, first, 1, last - first + 1).column_width = width
    _fonts(sheet, out, in_tables)
    # Excel makes a row as tall as the text wrapped in it needs when wrapping is set (the
    # row heights of the layout are for programs that do not, such as LibreOffice)
    if not _alignment(sheet, out):
        problems.append(f"“{out.layout.sheet.name}”的表头未能居中（此 Excel 不支持）")
    colors = _colors(out)
    if colors is not None:
        _range(sheet, colors[0]).set_colors(colors[1])
    for box, _ in out.boxes("box", besides=in_tables):  # a table Excel would not take
        _range(sheet, box).borders.set("all", line_style="continuous", color=f"#{BOX_COLOR}")
    for box, number_format in out.boxes("format"):
        if not _as_general(out, box, number_format):
            _range(sheet, box).number_format = number_format
    freeze = out.layout.freeze_row
    if freeze is not None and freeze > 1:
        sheet.freeze_panes.freeze_at(f"1:{freeze - 1}")
    for placed in out.layout.charts:
        _chart(sheet, placed)
    return problems


def _bring_in(source: BookSource, report: ReportSheet) -> tuple[xw.Sheet | None, str | None]:
    """On desktop Excel: the sheet as the batch writer writes it (`csbook.io.report_xlsx`,
    what `csbook summary` writes: looks, SUM formulas, tables with autofilters, frozen
    header, print titles, page set-up), in a workbook of a name no open workbook has, opened
    read-only and its sheet copied in where the old one stood (in front when there was
    none). Some twenty calls into Excel whatever the sheet holds. Returns the sheet, or
    what Excel refused, said for staff."""
    from ..io.report_xlsx import save  # only when a button draws a report

    book = source.book
    excel = book.app.api
    names = source.sheet_names
    at = names.index(report.name) if report.name in names else 0
    with tempfile.TemporaryDirectory(prefix="csbook-", ignore_cleanup_errors=True) as folder:
        path = Path(folder) / f"csbook-{uuid.uuid4().hex[:12]}.xlsx"
        save(Report(sheets=[report]), path, source.date1904)
        try:  # Excel's COM errors (pywin32's type exists on Windows only)
            made = excel.Workbooks.Open(str(path), UpdateLinks=0, ReadOnly=True, AddToMru=False)
        except Exception as e:
            return None, f"未能打开生成的“{report.name}”（Excel 拒绝了：{e}）"
        try:
            if report.name in names:
                source.sheet(report.name).delete()
                source.removed(report.name)
            if at < len(names):
                made.Worksheets(1).Copy(Before=source.sheet(names[at]).api)
            else:
                made.Worksheets(1).Copy(After=source.sheet(names[-1]).api)
        except Exception as e:
            return None, f"未能将“{report.name}”加入本工作簿（Excel 拒绝了：{e}）"
        finally:
            made.Close(SaveChanges=False)
    kind = type(source.sheet(names[0]).impl)  # xlwings' Windows sheet, without a call
    sheet = xw.Sheet(impl=kind(book.api.Worksheets(at + 1)))
    source.added(sheet, report.name, at=at)
    return sheet, None


def _input_names() -> set[str]:
    names = {
        squeeze(n)
        for book in BOOKS
        for sheet in (*book.sheets, SETTINGS_SHEET, HOLIDAYS_SHEET)
        for n in (sheet.name, *sheet.synonyms)
    }
    return names | {squeeze(MARK_SHEET)}


def render_sheets(
    source: BookSource, sheets: list[ReportSheet]
) -> tuple[list[xw.Sheet], list[str]]:
    """Write report sheets into the open workbook. A sheet of the same name is replaced
    (deleted, and the new one put where it stood): generated sheets are the program's,
    never a person's. A name that is an input sheet's is refused. A new sheet goes in front:
    the summary is what the workbook is for. Returns the sheets written and what could not
    be done (said for staff)."""
    protected = _input_names()
    for report in sheets:
        if squeeze(report.name) in protected:
            raise ValueError(f"generated sheet {report.name!r} would replace an input sheet")
    book = source.book
    done, problems = [], []
    for report in sheets:
        if on_desktop(source.sheet(source.sheet_names[0])):
            sheet, refused = _bring_in(source, report)
            if sheet is None:
                problems.append(str(refused))
                continue
            done.append(sheet)
            continue
        if source.has(report.name):  # its tables go with it
            position = source.sheet_names.index(report.name)
            source.sheet(report.name).delete()
            source.removed(report.name)
            # `after` the sheet before it: xlwings' remote engine misplaces `before`
            if position > 0:
                sheet = book.sheets.add(
                    report.name, after=source.sheet(source.sheet_names[position - 1])
                )
            else:
                sheet = book.sheets.add(report.name, before=source.sheet(source.sheet_names[0]))
            source.added(sheet, report.name, at=position)
        else:
            sheet = add_sheet(source, report.name, first=True)
        problems += render_sheet(sheet, lay_out(report, source.date1904))
        done.append(sheet)
    return done, problems
