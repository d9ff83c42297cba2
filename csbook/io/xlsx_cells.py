"""Writing cells into one worksheet part of a package, in place (SPEC §7).

Only the `<c>` elements csbook owns are created or rewritten; every other element of the
sheet (other cells, merged cells, validations, conditional formats, their Excel 2010
extensions, drawings, protection, print settings) is left as parsed. Rows stay ascending by
`r` and cells ascending by column: a new one is inserted in its place.

Values: text as an inline string (`t="inlineStr"`: no shared-strings rewrite, and text
starting with = + - @ stays text), numbers as numbers, dates and times as serials in the
workbook's own date system, a formula with its cached value.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from lxml import etree

from .report_layout import column_letter
from .source import column_index
from .xlsx_package import PackageError, parse, q, serialize

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
# characters XML 1.0 cannot hold are written as _xHHHH_; a literal "_xHHHH_" escapes its "_"
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_EPOCH = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}
# a cell's value, as opposed to its look: these children and attributes are rewritten
_VALUE_CHILDREN = ("f", "v", "is")
_VALUE_ATTRIBUTES = ("t", "cm", "vm")
_C, _F, _ROW, _EXT = q("c"), q("f"), q("row"), q("extLst")
_VALUE_TAGS = frozenset(q(name) for name in _VALUE_CHILDREN)
_DIGITS = "0123456789"


def sheet_text(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"_x{ord(m[0]):04X}_", text)


def serial(value: date | datetime | time, date1904: bool) -> float:
    """A date or time as Excel stores it: days since the workbook's epoch."""
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - _EPOCH[date1904]
    return delta.days + delta.seconds / 86400


def number_text(value: float | int | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def fill_cell(cell: etree._Element, value: Any, date1904: bool, formula: str | None = None) -> None:
    """Put `value` (and `formula`, whose cached result it is) into an empty `<c>`."""
    if formula is not None:
        etree.SubElement(cell, q("f")).text = sheet_text(formula.removeprefix("="))
        if isinstance(value, str):
            cell.set("t", "str")
            etree.SubElement(cell, q("v")).text = sheet_text(value)
            return
    if value is None:
        return
    if isinstance(value, str):
        cell.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(cell, q("is")), q("t"))
        t.text = sheet_text(value)
        if value != value.strip():
            t.set(XML_SPACE, "preserve")
        return
    if isinstance(value, bool):
        cell.set("t", "b")
        text = "1" if value else "0"
    elif isinstance(value, date | datetime | time):
        text = number_text(round(serial(value, date1904), 10))
    elif isinstance(value, int | float | Decimal):
        text = number_text(value)
    else:
        raise TypeError(f"cannot write {type(value).__name__}")
    etree.SubElement(cell, q("v")).text = text


def _content(cell: etree._Element) -> tuple[Any, ...]:
    return tuple((e.tag, e.text, tuple(sorted(e.attrib.items()))) for e in cell.iter())


def _range(ref: str) -> tuple[int, int, int, int] | None:
    parts = [_REF.fullmatch(p) for p in ref.split(":")]
    if not parts or not all(parts):
        return None
    rows = [int(m[2]) for m in parts if m]
    cols = [column_index(m[1]) + 1 for m in parts if m]
    return min(rows), min(cols), max(rows), max(cols)


class SheetCells:
    """One worksheet part, parsed, with csbook's cells written into it."""

    def __init__(self, data: bytes, date1904: bool) -> None:
        self.root = parse(data)
        self.date1904 = date1904
        found = self.root.find(q("sheetData"))
        if found is None:
            raise PackageError("工作表缺少 sheetData", "a worksheet without sheetData")
        self._data = found
        self._rows: dict[int, etree._Element] = {}
        r = 0
        for row in found.iterchildren(_ROW):
            ref = row.get("r")
            number = int(ref) if ref else r + 1
            if number <= r:
                raise PackageError("工作表的行顺序错乱", "rows out of order")
            r = number
            self._rows[number] = row
        self._cells: dict[int, dict[int, etree._Element]] = {}
        self._columns: dict[str, int] = {}  # "AB" -> 28, as met
        self._letters: dict[int, str] = {}  # and back
        # cells inside a shared or array formula's range cannot be rewritten one by one
        spreading = any(f'"{t}"'.encode() in data for t in ("shared", "array", "dataTable"))
        self._locked = [
            span
            for f in (self.root.iter(_F) if spreading else ())
            if f.get("t") in ("shared", "array", "dataTable")
            and (span := _range(f.get("ref", ""))) is not None
        ]
        self.dropped_formula = False  # a formula cell was overwritten: calcChain must go
        self.changed_columns: set[int] = set()  # columns where a value really changed
        self.edited = False  # anything changed: the part must be written
        self._extent = (0, 0)

    # -- reading --------------------------------------------------------------------------

    def column_style(self, column: int) -> int | None:
        """The style index the sheet's `<cols>` gives `column` (the template's owned look)."""
        cols = self.root.find(q("cols"))
        for col in () if cols is None else cols:
            if int(col.get("min", "0")) <= column <= int(col.get("max", "0")):
                style = col.get("style")
                return int(style) if style is not None else None
        return None

    def cell_style(self, row: int, column: int) -> int | None:
        cell = self._cell(row, column)
        style = cell.get("s") if cell is not None else None
        return int(style) if style is not None else None

    def leftover_rows(self, owned: set[int], below: int, skip: set[int]) -> list[int]:
        """Rows under `below`, except those in `skip`, that hold values only in the `owned`
        columns: what an earlier run wrote into rows that are no longer data. A row with
        anything else (a 合计 line, a note) or a formula in an owned column (csbook writes no
        formulas in a register) is the person's and is left alone."""
        found = []
        for r, row in self._rows.items():
            if r <= below or r in skip:
                continue
            filled = {
                c: cell
                for c, cell in self._cells_of(r, row).items()
                if any(child.tag in _VALUE_TAGS for child in cell)
            }
            if (
                filled
                and filled.keys() <= owned
                and not any(cell.find(_F) is not None for cell in filled.values())
            ):
                found.append(r)
        return found

    def _cells_of(self, r: int, row: etree._Element) -> dict[int, etree._Element]:
        found = self._cells.get(r)
        if found is None:
            found = {}
            c = 0
            columns = self._columns
            for cell in row.iterchildren(_C):
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    c = columns.get(letters) or columns.setdefault(
                        letters, column_index(letters) + 1
                    )
                else:
                    c += 1
                found[c] = cell
            self._cells[r] = found
        return found

    def _cell(self, r: int, column: int) -> etree._Element | None:
        row = self._rows.get(r)
        return None if row is None else self._cells_of(r, row).get(column)

    # -- writing --------------------------------------------------------------------------

    def write(
        self,
        r: int,
        column: int,
        value: Any,
        style: int | None = None,
        formula: str | None = None,
    ) -> None:
        """Set one cell (None: empty it, keeping its look); `style` None keeps the cell's."""
        cell = self._cell(r, column)
        fresh = cell is None
        if fresh and value is None and formula is None and style is None:
            return
        if self._locked and any(
            top <= r <= bottom and left <= column <= right
            for top, left, bottom, right in self._locked
        ):
            where = f"{column_letter(column)}{r}"
            raise PackageError(
                f"单元格 {where} 属于共享公式或数组公式，不能单独改写",
                f"cell {where} is part of a shared or array formula",
            )
        if cell is None:
            cell = self._new_cell(r, column)
        before = None if fresh else _content(cell)
        for child in list(cell):
            if child.tag in _VALUE_TAGS:
                if child.tag == _F:
                    self.dropped_formula = True
                cell.remove(child)
        attributes = cell.attrib
        for name in _VALUE_ATTRIBUTES:
            if name in attributes:
                del attributes[name]
        if style is not None:
            cell.set("s", str(style))
        fill_cell(cell, value, self.date1904, formula)
        if fresh or _content(cell) != before:
            self.edited = True
            self.changed_columns.add(column)
            self._extent = (max(self._extent[0], r), max(self._extent[1], column))

    def _new_cell(self, r: int, column: int) -> etree._Element:
        row = self._rows.get(r)
        if row is None:
            row = etree.Element(_ROW)
            row.set("r", str(r))
            later = [n for n in self._rows if n > r]
            if later:
                self._rows[min(later)].addprevious(row)
            else:
                self._data.append(row)
            self._rows[r] = row
        cells = self._cells_of(r, row)
        letters = self._letters.get(column) or self._letters.setdefault(
            column, column_letter(column)
        )
        ref = f"{letters}{r}"
        later = [c for c in cells if c > column]
        # what follows the row's last cell: nothing, or its extLst
        after = cells[max(cells)].getnext() if cells else row.find(_EXT)
        if later:
            cell = etree.Element(_C, r=ref)
            cells[min(later)].addprevious(cell)
        elif after is not None:
            cell = etree.Element(_C, r=ref)
            after.addprevious(cell)
        else:  # the usual place, at the end: SubElement skips re-homing the namespace
            cell = etree.SubElement(row, _C, r=ref)
        cells[column] = cell
        spans = row.get("spans")
        if spans and ":" in spans and " " not in spans:
            low, high = (int(x) for x in spans.split(":"))
            row.set("spans", f"{min(low, column)}:{max(high, column)}")
        return cell

    def set_width(self, column: int, width: float, style: int | None) -> None:
        """A width (and body style) for `column` unless the sheet already sets one."""
        cols = self.root.find(q("cols"))
        if cols is None:
            cols = etree.Element(q("cols"))
            self._data.addprevious(cols)
        after = None
        for col in cols:
            if int(col.get("min", "0")) <= column <= int(col.get("max", "0")):
                return
            if int(col.get("max", "0")) < column:
                after = col
        new = etree.Element(q("col"))
        for name, text in (("min", column), ("max", column), ("width", f"{width:g}")):
            new.set(name, str(text))
        if style is not None:
            new.set("style", str(style))
        new.set("customWidth", "1")
        self.edited = True
        if after is None:
            cols.insert(0, new)
        else:
            after.addnext(new)

    def finish(self) -> bytes:
        """The part's new XML, its `<dimension>` widened over the cells written."""
        rows, cols = self._extent
        dimension = self.root.find(q("dimension"))
        if dimension is not None and rows:
            span = _range(dimension.get("ref", "A1")) or (1, 1, 1, 1)
            top, left, bottom, right = span
            ref = f"{column_letter(left)}{top}:{column_letter(max(right, cols))}{max(bottom, rows)}"
            if ref != dimension.get("ref"):
                dimension.set("ref", ref)
        return serialize(self.root)
