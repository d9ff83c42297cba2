"""Writing a `ReportSheet` (月度汇总, 月处罚汇总 ...) into the open workbook through xlwings.
The sheet is laid out by `csbook.io.report_layout.layout` — the layout the openpyxl and
XlsxWriter writers use — so every face shows the same cells; this module only does what is
xlwings' own: all values of a sheet go in one block, and each look (bold, italic, font size,
font colour, fill, centring and wrapping, number format, the thin grey box of table cells) is
set on as few rectangles as the cells sharing it allow — a table's box is one rectangle, its
outside and inside borders set at once — so the number of calls into Excel does not grow with
the number of rows. The rows above the first table's data are frozen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

import xlwings as xw
from xlwings.utils import hex_to_rgb, rgb_to_int

from ..io.report_layout import BOX_COLOR, MAX_WIDTH, PlacedChart, ReportLayout, Style, layout
from ..rules.report import ReportSheet
from ..rules.schema import BOOKS, HOLIDAYS_SHEET, SETTINGS_SHEET
from ..rules.text import squeeze
from .marks import MARK_SHEET, cell_value, safe_text
from .source import BookSource, address, cells, on_desktop, put
from .writer import add_sheet, fresh_sheet

CHART_TYPES = {"column": "column_clustered", "bar": "bar_clustered", "pie": "pie"}
POINTS_PER_CM = 72 / 2.54
WIDTH_STEPS = (8, 10, 12, 16, 20, 28, 36, MAX_WIDTH)
Box = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)

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

    def boxes(self, what: str) -> list[tuple[Box, Any]]:
        """The cells of one look as few rectangles. A number format may also cover text and
        empty cells (it does not change how they show); bold, italic, font colour and centring
        may cover empty cells; fills, font sizes and boxes only their own cells."""
        cells = self.looks[what]

        def free(r: int, c: int) -> bool:
            if (r, c) in cells:
                return False
            value = self.value(r, c)
            if what == "format":
                return isinstance(value, str) and not value.startswith("=")
            return what in ("bold", "italic", "color", "center") and value == ""

        return _group(cells, free, by_column=what == "format")


def lay_out(report: ReportSheet) -> ReportGrid:
    """`layout(report)` with its values as Excel takes them (text stays text, dates as
    serial numbers under their number format) and its looks gathered."""
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
            value = cell_value(cell.value)
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


def width_runs(widths: dict[int, float]) -> list[tuple[int, int, int]]:
    """Column widths rounded up to a few steps, as (first, last column, width) runs."""
    runs: list[tuple[int, int, int]] = []
    for c in sorted(widths):
        width = next((w for w in WIDTH_STEPS if w >= widths[c]), MAX_WIDTH)
        if runs and runs[-1][1] == c - 1 and runs[-1][2] == width:
            runs[-1] = (runs[-1][0], c, width)
        else:
            runs.append((c, c, width))
    return runs


def height_runs(heights: dict[int, float]) -> list[tuple[Box, float]]:
    """Rows made taller, neighbours of one height as one rectangle (in column A: a height
    set on any cell of a row is the row's): one call for a run of wrapped rows."""
    runs: list[tuple[Box, float]] = []
    for row in sorted(heights):
        if runs and runs[-1][0][2] == row - 1 and runs[-1][1] == heights[row]:
            runs[-1] = ((runs[-1][0][0], 1, row, 1), heights[row])
        else:
            runs.append(((row, 1, row, 1), heights[row]))
    return runs


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


def _freeze(sheet: xw.Sheet, row: int) -> bool:
    """Freeze the rows above `row`: through xlwings where its engine can (Office.js, the
    remote engine), else on desktop Excel's window of the sheet, which xlwings' Windows
    engine does not offer. False (for the message box) when Excel refused."""
    if not on_desktop(sheet):
        sheet.freeze_panes.freeze_at(f"1:{row - 1}")
        return True
    try:
        api = sheet.api
        api.Activate()  # a window freezes the sheet it shows
        window = api.Parent.Windows(1)
        window.FreezePanes = False
        window.SplitColumn = 0
        window.SplitRow = row - 1
        window.FreezePanes = True
    except Exception:  # Excel's COM error (pywin32's type exists on Windows only)
        return False
    return True


def _box(cells: xw.Range) -> None:
    """The thin grey lines round and inside every cell of a table. Desktop Excel sets all of
    a range's lines at once through its Borders collection (four calls); xlwings sets them
    side by side (thirty on desktop, twelve actions remote), so desktop goes through the
    object model."""
    if on_desktop(cells):
        borders = cells.api.Borders
        borders.LineStyle = 1  # xlContinuous
        borders.Weight = 2  # xlThin
        borders.Color = rgb_to_int(hex_to_rgb(f"#{BOX_COLOR}"))
        return
    # a continuous line is thin unless told otherwise: style and colour, two actions a side
    cells.borders.set("all", line_style="continuous", color=f"#{BOX_COLOR}")


MAX_AREAS_ADDRESS = 250  # Excel takes a range address of up to 255 characters


def _areas(sheet: xw.Sheet, boxes: list[tuple[Box, Any]]) -> list[tuple[xw.Range, Any]]:
    """The rectangles of one look as ranges, each with its look value. On desktop Excel the
    rectangles sharing a value are one multi-area range (`A1,A4:N5,A12:N12`): one look set
    once for all of them. xlwings' remote engine takes one rectangle a range."""
    if not on_desktop(sheet):
        return [(_range(sheet, box), look) for box, look in boxes]
    by_look: dict[Any, list[str]] = {}
    for (r1, c1, r2, c2), look in boxes:
        by_look.setdefault(look, []).append(address(r1, c1, r2 - r1 + 1, c2 - c1 + 1))
    out = []
    for look, addresses in by_look.items():
        chunk: list[str] = []
        for text in addresses:
            if chunk and len(",".join([*chunk, text])) > MAX_AREAS_ADDRESS:
                out.append((sheet.range(",".join(chunk)), look))
                chunk = []
            chunk.append(text)
        out.append((sheet.range(",".join(chunk)), look))
    return out


def render_sheet(sheet: xw.Sheet, out: ReportGrid) -> list[str]:
    """Fill an empty sheet with one laid-out report sheet; returns what could not be done,
    said for staff. Each look is set on as few ranges as `_areas` allows."""
    problems = []
    put(sheet, 1, 1, out.grid)
    for rng, _ in _areas(sheet, out.boxes("bold")):
        rng.font.bold = True
    for rng, _ in _areas(sheet, out.boxes("italic")):
        rng.font.italic = True
    for rng, size in _areas(sheet, out.boxes("size")):
        rng.font.size = size
    for rng, color in _areas(sheet, out.boxes("color")):
        rng.font.color = color
    align = True
    for rng, _ in _areas(sheet, out.boxes("center")):
        rng.wrap_text = True
        align = align and _center(rng)
    for rng, _ in _areas(sheet, out.boxes("wrap")):
        rng.wrap_text = True
    for rng, color in _areas(sheet, out.boxes("fill")):
        rng.color = color
    for box, _ in out.boxes("box"):  # outside and inside: every cell boxed, table by table
        _box(_range(sheet, box))
    for rng, number_format in _areas(sheet, out.boxes("format")):
        rng.number_format = number_format
    widths = [((1, first, 1, last), width) for first, last, width in width_runs(out.widths)]
    for rng, width in _areas(sheet, widths):  # columns of one width at once on desktop
        rng.column_width = width
    for rng, height in _areas(sheet, height_runs(out.layout.heights)):
        rng.row_height = height
    freeze = out.layout.freeze_row
    if freeze is not None and freeze > 1 and not _freeze(sheet, freeze):
        problems.append(f"“{out.layout.sheet.name}”的表头未能冻结（Excel 拒绝了冻结窗格）")
    for placed in out.layout.charts:
        _chart(sheet, placed)
    return problems


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
    """Write report sheets into the open workbook. A sheet of the same name is replaced:
    generated sheets are the program's, never a person's. Without charts it is emptied
    (values, looks and all) and written again; with charts it is deleted and added again at
    its place. A name that is an input sheet's is refused. Returns the sheets and what could
    not be done (said for staff)."""
    protected = _input_names()
    for report in sheets:
        if squeeze(report.name) in protected:
            raise ValueError(f"generated sheet {report.name!r} would replace an input sheet")
    book = source.book
    done, problems = [], []
    for report in sheets:
        out = lay_out(report)
        if source.has(report.name) and not out.layout.charts:
            sheet, _ = fresh_sheet(source, report.name)
        elif source.has(report.name):
            old = source.sheet(report.name)
            position = old.index
            old.delete()
            source.removed(report.name)
            # `after` the sheet before it: xlwings' remote engine misplaces `before`
            if position > 1:
                sheet = book.sheets.add(report.name, after=book.sheets[position - 2])
            else:
                sheet = book.sheets.add(report.name, before=book.sheets[0])
            source.added(sheet, report.name)
        else:  # in front: the summary is what the workbook is for
            sheet = add_sheet(source, report.name, first=True)
        problems += render_sheet(sheet, out)
        done.append(sheet)
    return done, problems
