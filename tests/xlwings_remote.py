"""Driving the Excel face without Excel, through xlwings' remote engine.

`payload(path)` is what an Excel client sends for a workbook file (every sheet's values from
A1, dates as ISO text, error values as their text); `xw.Book(json=payload)` makes a real
xlwings Book of it; `book.json()["actions"]` is what Excel would be asked to do; and
`apply(path, actions, out)` does those actions to a copy of the file with openpyxl, so the
tests can look at the cells that result. `highlights(wb, sheet)` evaluates the conditional
formats the buttons use, as Excel would, to tell which cells show a highlight.

The remote engine is part of xlwings PRO: `remote_engine()` sets XLWINGS_LICENSE_KEY to
`noncommercial` for the test run only (our tests are non-commercial use).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
_ALIGNMENTS = {"CenterAcrossSelection": "centerContinuous"}  # else Office.js' name lowercased
_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def remote_engine() -> None:
    """Make xlwings' remote engine available (call with the license variable set)."""
    if "remote" in [engine.name for engine in xw.engines]:
        return
    from xlwings.main import Engine
    from xlwings.pro import _xlremote

    xw.engines.add(Engine(impl=_xlremote.engine))


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _client_value(value: Any) -> Any:
    """A cell value as the Excel client sends it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return _iso(datetime.combine(value, time()))
    if isinstance(value, time):
        return _iso(datetime.combine(date(1899, 12, 30), value))
    return value


def payload(path: Path, active: int | None = None, name: str | None = None) -> dict[str, Any]:
    """The JSON an Excel client sends for the workbook at `path` (named `name`: the file's
    name unless given, e.g. its full path, which the desktop engine would report)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows, columns = ws.max_row, ws.max_column
        values = [
            [_client_value(v) for v in row]
            for row in ws.iter_rows(min_row=1, max_row=rows, max_col=columns, values_only=True)
        ]
        if rows == 1 and columns == 1 and values == [[""]]:
            values = [[]]
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "visibility": _VISIBILITY.get(ws.sheet_state, "Visible"),
                "pictures": [],
                "shapes": [],
                "charts": [],
                "notes": [
                    {"address": c.coordinate} for row in ws.iter_rows() for c in row if c.comment
                ],
                "tables": [],
                "pivot_tables": [],
                "show_gridlines": True,
                "print_area": None,
            }
        )
    index = wb.worksheets.index(wb.active) if active is None else active
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name or path.name, "active_sheet_index": index, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def open_book(path: Path, name: str | None = None) -> xw.Book:
    remote_engine()
    return xw.Book(json=payload(path, name=name))


# ---------------------------------------------------------------------------------------------
# applying the actions with openpyxl
# ---------------------------------------------------------------------------------------------


@dataclass
class Applied:
    wb: Workbook
    alerts: list[str] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    autofit: list[tuple[str, str]] = field(default_factory=list)  # (sheet, "rows"/"columns")


def _ws(wb: Workbook, action: dict[str, Any]) -> Worksheet:
    return wb.worksheets[action["sheet_position"]]


def _cells(ws: Worksheet, action: dict[str, Any]):
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    for r in range(r0, r0 + action["row_count"]):
        for c in range(c0, c0 + action["column_count"]):
            yield ws.cell(r, c)


def _address(action: dict[str, Any]) -> str:
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    r1, c1 = r0 + action["row_count"] - 1, c0 + action["column_count"] - 1
    return f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"


def _fill(color: str | None) -> PatternFill:
    if color is None:
        return PatternFill(fill_type=None)
    return PatternFill("solid", fgColor=color.lstrip("#").upper())


def _color(value: str | None) -> str | None:
    """Office.js' #RRGGBB as openpyxl's RRGGBB."""
    return value.lstrip("#").upper() if value else None


def _align(cell: Any, **changed: Any) -> None:
    """One attribute of a cell's alignment changed, the others kept."""
    keep = ("horizontal", "vertical", "wrap_text", "shrink_to_fit", "indent", "text_rotation")
    cell.alignment = Alignment(**({k: getattr(cell.alignment, k) for k in keep} | changed))


# Office.js line style and weight <-> openpyxl's border style (one name for both)
_BORDER_STYLES = {
    ("continuous", "hairline"): "hair",
    ("continuous", "thin"): "thin",
    ("continuous", "medium"): "medium",
    ("continuous", "thick"): "thick",
    ("dash", "thin"): "dashed",
    ("dash", "medium"): "mediumDashed",
    ("dash_dot", "thin"): "dashDot",
    ("dash_dot", "medium"): "mediumDashDot",
    ("dash_dot_dot", "thin"): "dashDotDot",
    ("dash_dot_dot", "medium"): "mediumDashDotDot",
    ("dot", "thin"): "dotted",
    ("double", "thick"): "double",
    ("slant_dash_dot", "medium"): "slantDashDot",
}
_LINE_WEIGHT = {style: key for key, style in _BORDER_STYLES.items()}


def _side(side: Side, attribute: str, value: Any) -> Side:
    """A cell's side after one `setBorderProperty`: Excel's line style and weight are one
    openpyxl style (a line style keeps the side's weight, thin for a side without one; the
    nearest weight where openpyxl has no style for the pair)."""
    line, weight = _LINE_WEIGHT.get(side.style, (None, "thin"))
    color = side.color
    if attribute == "color":
        color = _color(value)
    elif attribute == "weight":  # a weight alone draws a continuous line, as in Excel
        line, weight = line or "continuous", value
    elif attribute == "line_style":
        line = None if value in (None, "none") else value
    else:
        raise ValueError(f"unknown border attribute {attribute!r}")
    if line is None:
        return Side(style=None, color=color)
    style = _BORDER_STYLES.get((line, weight)) or _BORDER_STYLES.get((line, "thin"))
    style = style or _BORDER_STYLES.get((line, "medium")) or _BORDER_STYLES[(line, "thick")]
    return Side(style=style, color=color)


def _set_border(ws: Worksheet, action: dict[str, Any]) -> bool:
    """One side of a range's borders, as Excel draws it: the edges on the range's outer
    cells, the inside borders between its cells (on both cells of each pair)."""
    which, attribute, value = action["args"]
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    r1, c1 = r0 + action["row_count"] - 1, c0 + action["column_count"] - 1
    targets: list[tuple[int, int, str]] = []  # row, column, openpyxl side
    rows, columns = range(r0, r1 + 1), range(c0, c1 + 1)
    if which == "edge_top":
        targets = [(r0, c, "top") for c in columns]
    elif which == "edge_bottom":
        targets = [(r1, c, "bottom") for c in columns]
    elif which == "edge_left":
        targets = [(r, c0, "left") for r in rows]
    elif which == "edge_right":
        targets = [(r, c1, "right") for r in rows]
    elif which == "inside_horizontal":
        targets = [(r, c, "bottom") for r in rows[:-1] for c in columns]
        targets += [(r, c, "top") for r in rows[1:] for c in columns]
    elif which == "inside_vertical":
        targets = [(r, c, "right") for r in rows for c in columns[:-1]]
        targets += [(r, c, "left") for r in rows for c in columns[1:]]
    else:
        return False  # diagonals: not drawn here
    for r, c, side in targets:
        cell = ws.cell(r, c)
        border = copy(cell.border)
        setattr(border, side, _side(getattr(border, side), attribute, value))
        cell.border = Border(
            left=border.left, right=border.right, top=border.top, bottom=border.bottom
        )
    return True


def _freeze(ws: Worksheet, address: str) -> None:
    """Office.js' `freezeAt`: the cells of `address` stay in the top left pane, so the first
    scrolling cell is the one below and right of it ("1:3" -> A4, "A:B" -> C1)."""
    address = address.replace("$", "").split("!")[-1]
    if ":" not in address:
        address = f"{address}:{address}"
    start, end = address.split(":")
    if start.isdigit():  # whole rows
        ws.freeze_panes = f"A{int(end) + 1}"
    elif start.isalpha():  # whole columns
        _, _, last, _ = range_boundaries(f"{end}1:{end}1")
        ws.freeze_panes = f"{get_column_letter(last + 1)}1"
    else:
        _, _, last_column, last_row = range_boundaries(address)
        ws.freeze_panes = f"{get_column_letter(last_column + 1)}{last_row + 1}"


def _add_table(
    wb: Workbook, ws: Worksheet, address: str, has_headers: bool, style: str | None, name: Any
) -> None:
    """Office.js' `tables.add`: a table over the range, named by Excel (Table1, Table2 ...)
    unless a name is given."""
    assert has_headers, "csbook's tables have their header row"
    taken = {t.lower() for sheet in wb.worksheets for t in sheet.tables}
    n = 1
    while f"table{n}" in taken:
        n += 1
    table = Table(displayName=name or f"Table{n}", ref=address.replace("$", ""))
    table.autoFilter = AutoFilter(ref=table.ref)  # the list's rows (a totals row is not)
    if style:
        table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
    ws.add_table(table)


def _show_totals(ws: Worksheet, index: int, shown: bool) -> None:
    """The table's totals row shown: the table takes the row under it."""
    table = list(ws.tables.values())[index]
    c1, r1, c2, r2 = range_boundaries(table.ref)
    rows = 1 if shown else 0
    if rows != (table.totalsRowCount or 0):
        r2 += rows - (table.totalsRowCount or 0)
        table.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
        table.totalsRowCount = rows or None


def _set_value(cell: Any, value: Any) -> None:
    if value == "" or value is None:
        cell.value = None
    elif isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]  # Excel's text prefix: the rest is text
        cell.data_type = "s"
    else:
        cell.value = value  # a string starting with = is a formula, as in Excel


# one handler per action name: (what has been done so far, the action)
Handler = Callable[[Applied, dict[str, Any]], None]


def _set_values(done: Applied, action: dict[str, Any]) -> None:
    ws = _ws(done.wb, action)
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    for r, row in enumerate(action["values"]):
        for c, value in enumerate(row):
            _set_value(ws.cell(r0 + r, c0 + c), value)


def _clear_contents(done: Applied, action: dict[str, Any]) -> None:
    for cell in _cells(_ws(done.wb, action), action):
        cell.value = None


def _clear(done: Applied, action: dict[str, Any]) -> None:
    """Values and looks."""
    for cell in _cells(_ws(done.wb, action), action):
        cell.value = None
        cell.style = "Normal"


def _clear_sheet(done: Applied, action: dict[str, Any]) -> None:
    ws = _ws(done.wb, action)
    ws.delete_rows(1, ws.max_row)
    ws.conditional_formatting = type(ws.conditional_formatting)()


def _add_sheet(done: Applied, action: dict[str, Any]) -> None:
    done.wb.create_sheet(action["args"][1], index=action["args"][0])


def _delete_sheet(done: Applied, action: dict[str, Any]) -> None:
    done.wb.remove(_ws(done.wb, action))


def _sheet_visibility(done: Applied, action: dict[str, Any]) -> None:
    states = {"Hidden": "hidden", "VeryHidden": "veryHidden"}
    _ws(done.wb, action).sheet_state = states.get(action["args"][0], "visible")


def _activate_sheet(done: Applied, action: dict[str, Any]) -> None:
    done.wb.active = action["args"][0]


def _conditional_format(done: Applied, action: dict[str, Any]) -> None:
    entry = action["args"][0]
    assert entry["type"] == "Custom", entry
    _ws(done.wb, action).conditional_formatting.add(
        _address(action),
        FormulaRule(
            formula=[entry["formula"].removeprefix("=")],
            fill=_fill(entry["fill_color"]),
            stopIfTrue=bool(entry["stop_if_true"]),
        ),
    )


def _range_color(done: Applied, action: dict[str, Any]) -> None:
    for cell in _cells(_ws(done.wb, action), action):
        cell.fill = _fill(action["args"][0])


def _font_property(done: Applied, action: dict[str, Any]) -> None:
    prop, value = action["args"]
    key = {"bold": "b", "italic": "i", "size": "sz"}.get(prop, prop)
    if prop == "color":  # #RRGGBB
        value = _color(value)
    for cell in _cells(_ws(done.wb, action), action):
        attrs = {k: getattr(cell.font, k) for k in ("name", "b", "i", "sz", "color")}
        cell.font = Font(**(attrs | {key: value}))


def _number_format(done: Applied, action: dict[str, Any]) -> None:
    for cell in _cells(_ws(done.wb, action), action):
        cell.number_format = action["args"][0]


def _wrap_text(done: Applied, action: dict[str, Any]) -> None:
    for cell in _cells(_ws(done.wb, action), action):
        _align(cell, wrap_text=bool(action["args"][0]))


def _alignment(which: str) -> Handler:
    """Set the horizontal or vertical alignment."""

    def handle(done: Applied, action: dict[str, Any]) -> None:
        name = action["args"][0]
        value = None if name == "General" else _ALIGNMENTS.get(name, name.lower())
        for cell in _cells(_ws(done.wb, action), action):
            _align(cell, **{which: value})

    return handle


def _border_property(done: Applied, action: dict[str, Any]) -> None:
    if not _set_border(_ws(done.wb, action), action):
        done.unknown.append(f"{action['func']} {action['args'][0]}")


def _freeze_at(done: Applied, action: dict[str, Any]) -> None:
    _freeze(_ws(done.wb, action), action["args"][0])


def _unfreeze(done: Applied, action: dict[str, Any]) -> None:
    _ws(done.wb, action).freeze_panes = None


def _column_width(done: Applied, action: dict[str, Any]) -> None:
    ws = _ws(done.wb, action)
    c0 = action["start_column"] + 1
    for c in range(c0, c0 + action["column_count"]):
        ws.column_dimensions[get_column_letter(c)].width = action["args"][0]


def _row_height(done: Applied, action: dict[str, Any]) -> None:
    ws = _ws(done.wb, action)
    r0 = action["start_row"] + 1
    for r in range(r0, r0 + action["row_count"]):
        ws.row_dimensions[r].height = action["args"][0]


def _range_colors(done: Applied, action: dict[str, Any]) -> None:
    """A colour a cell, "keep" for a cell left as it is."""
    ws = _ws(done.wb, action)
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    for r, row in enumerate(action["args"][0]):
        for c, color in enumerate(row):
            if color != "keep":
                ws.cell(r0 + r, c0 + c).fill = _fill(color)


def _table(done: Applied, action: dict[str, Any]) -> None:
    _add_table(done.wb, _ws(done.wb, action), *action["args"])


def _table_totals(done: Applied, action: dict[str, Any]) -> None:
    _show_totals(_ws(done.wb, action), *action["args"])


def _sheet_autofit(done: Applied, action: dict[str, Any]) -> None:
    """Excel fits rows or columns to their text: recorded, not measured."""
    done.autofit.append((_ws(done.wb, action).title, action["args"][0]))


def _alert(done: Applied, action: dict[str, Any]) -> None:
    done.alerts.append(action["args"][0])


def _chart(done: Applied, action: dict[str, Any]) -> None:
    """Charts are kept as the actions that make them, for the tests to read."""
    done.charts.append(action)


_HANDLERS: dict[str, Handler] = {
    "setValues": _set_values,
    "rangeClearContents": _clear_contents,
    "rangeClear": _clear,
    "sheetClear": _clear_sheet,
    "addSheet": _add_sheet,
    "sheetDelete": _delete_sheet,
    "setSheetVisibility": _sheet_visibility,
    "activateSheet": _activate_sheet,
    "addConditionalFormat": _conditional_format,
    "setRangeColor": _range_color,
    "setRangeColors": _range_colors,
    "addTable": _table,
    "showTotalsTable": _table_totals,
    "setSheetAutofit": _sheet_autofit,
    "setFontProperty": _font_property,
    "setNumberFormat": _number_format,
    "setWrapText": _wrap_text,
    "setHorizontalAlignment": _alignment("horizontal"),
    "setVerticalAlignment": _alignment("vertical"),
    "setBorderProperty": _border_property,
    "freezePaneAtRange": _freeze_at,
    "freezePaneUnfreeze": _unfreeze,
    "setColumnWidth": _column_width,
    "setRowHeight": _row_height,
    "alert": _alert,
    "addChart": _chart,
}


def apply_actions(wb: Workbook, actions: list[dict[str, Any]]) -> Applied:
    """Do `actions` to `wb` as Excel would; an action without a handler is listed in
    `Applied.unknown`."""
    done = Applied(wb)
    for action in actions:
        func = action["func"]
        handler = _HANDLERS.get(func) or (_chart if func.startswith("setChart") else None)
        if handler is None:
            done.unknown.append(func)
        else:
            handler(done, action)
    return done


def apply(path: Path, actions: list[dict[str, Any]], out: Path) -> Applied:
    """Do `actions` to a copy of the workbook at `path`, saved as `out` (reloaded, so dates
    read back as dates)."""
    wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    done = apply_actions(wb, actions)
    wb.save(out)
    done.wb = openpyxl.load_workbook(out)
    return done


# ---------------------------------------------------------------------------------------------
# what Excel would show
# ---------------------------------------------------------------------------------------------

_RULE = re.compile(
    r'^ISNUMBER\(FIND\("\|"&COLUMN\(\)&"([EW])\|",INDEX\(\'((?:[^\']|\'\')+)\'!\$([A-Z]+):\$\3,ROW\(\)\)\)\)$'
)


def highlights(wb: Workbook, sheet: str) -> dict[str, str]:
    """Cell address -> fill colour of every cell a conditional format lights, evaluating
    the buttons' rules against the marks they read (other rule shapes fail the test)."""
    ws = wb[sheet]
    lit: dict[str, str] = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            m = _RULE.match(rule.formula[0])
            assert m, f"unexpected conditional format {rule.formula}"
            severity, marks_name, letter = m[1], m[2].replace("''", "'"), m[3]
            marks = wb[marks_name]
            column = openpyxl.utils.column_index_from_string(letter)
            color = rule.dxf.fill.fgColor.rgb if rule.dxf and rule.dxf.fill else None
            for row in range(1, marks.max_row + 1):
                text = marks.cell(row, column).value
                if not isinstance(text, str):
                    continue
                for token in text.strip("|").split("|"):
                    if token.endswith(severity) and token[:-1].isdigit():
                        address = f"{get_column_letter(int(token[:-1]))}{row}"
                        if any(address in r for r in cf.sqref.ranges):
                            lit[address] = str(color)[-6:]
    return lit


def values(ws: Worksheet) -> dict[str, Any]:
    """Every non-empty cell of a sheet, by address."""
    return {
        cell.coordinate: cell.value
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def fills(ws: Worksheet) -> dict[str, str]:
    """Every cell's own solid fill, by address."""
    return {
        cell.coordinate: str(cell.fill.fgColor.rgb)
        for row in ws.iter_rows()
        for cell in row
        if cell.fill is not None and cell.fill.fill_type == "solid"
    }


def _rgb(color: Any) -> str | None:
    return str(color.rgb)[-6:].upper() if color is not None and color.type == "rgb" else None


@dataclass
class TableLook:
    """What the table styles of a sheet's Excel tables draw (built-in styles: lines and
    the bold of header and totals rows), by cell address."""

    lined: set[str] = field(default_factory=set)  # cells whose lines the style draws
    bold: set[str] = field(default_factory=set)  # header and totals rows


def table_look(ws: Worksheet) -> TableLook:
    """The cells of the sheet's tables that have a table style."""
    found = TableLook()
    for table in ws.tables.values():
        if table.tableStyleInfo is None or not table.tableStyleInfo.name:
            continue
        c1, r1, c2, r2 = range_boundaries(table.ref)
        totals = r2 if table.totalsRowCount else None
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                found.lined.add(f"{get_column_letter(c)}{r}")
                if r in (r1, totals):
                    found.bold.add(f"{get_column_letter(c)}{r}")
    return found


def dress(ws: Worksheet, unlined: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """What the value-and-format comparisons leave out, by address: every cell's borders
    (style and colour of left, right, top, bottom; none for the cells `unlined`, whose lines
    a table style draws on the other side of a comparison), and of cells with a value their
    alignment (horizontal, vertical, wrapped) and font colour; under "freeze" the sheet's
    first scrolling cell. Cells with none of these are left out."""
    found: dict[str, Any] = {"freeze": ws.freeze_panes}
    for row in ws.iter_rows():
        for cell in row:
            b = cell.border
            sides = tuple(
                (s.style, _rgb(s.color)) if s is not None and s.style else None
                for s in (b.left, b.right, b.top, b.bottom)
            )
            if cell.coordinate in unlined:
                sides = (None,)
            look: tuple[Any, ...] = (sides if any(sides) else None,)
            if cell.value is not None:
                a = cell.alignment
                shown = (a.horizontal, a.vertical, bool(a.wrap_text))
                look += (None if shown == (None, None, False) else shown, _rgb(cell.font.color))
            if any(x is not None for x in look):
                found[cell.coordinate] = look
    return found
