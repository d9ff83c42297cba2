"""Writing cells into one worksheet part of a package, in place (SPEC §7).

The part is edited as text, never parsed whole and written anew: its `<sheetData>` is cut
into rows, and only the rows that get a cell of csbook's are rebuilt — from the bytes of
their other cells, unchanged, and the new `<c>` elements. Everything else in the part
(other rows, merged cells, validations, conditional formats, their Excel 2010 extensions,
drawings, protection, print settings, namespace declarations) keeps its bytes. This is what
makes a 100,000-row register cheap to write: a tree of two million elements is never built.

Rows stay ascending by `r` and cells ascending by column: a new one is inserted in its
place. Values: text as an inline string (`t="inlineStr"`: no shared-strings rewrite, and
text starting with = + - @ stays text), numbers as numbers, dates and times as serials in
the workbook's own date system, a formula with its cached value.

What this reader does not expect (comments or CDATA among the cells, text between rows, a
main namespace it does not know) is refused with a `PackageError`; the caller then writes a
plain copy instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .report_layout import column_letter
from .source import column_index
from .xlsx_package import MAIN, PackageError

_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"'](\d+)")
# characters XML 1.0 cannot hold are written as _xHHHH_; a literal "_xHHHH_" escapes its "_"
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_EPOCH = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}
_VALUE_ATTRIBUTES = (b"t", b"cm", b"vm", b"s")  # rewritten; every other attribute is kept
_SPREADING = (b"shared", b"array", b"dataTable")  # formulas that span other cells


def sheet_text(text: str) -> str:
    """Text as a cell or a header holds it: XML-escaped, unsafe characters as _xHHHH_."""
    return _UNSAFE.sub(lambda m: f"_x{ord(m[0]):04X}_", text).translate(_ESCAPES)


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


def cell_xml(
    ref: str,
    value: Any,
    style: int | None,
    date1904: bool,
    formula: str | None = None,
    prefix: str = "",
    kept: bytes = b"",
) -> bytes:
    """One `<c>`: `value` (the cached result of `formula`, if given) in cell format `style`;
    `kept`: the other attributes of the cell it replaces, as they were written."""
    p = prefix
    attrs = f' r="{ref}"'
    if style is not None:
        attrs += f' s="{style}"'
    body = f"<{p}f>{sheet_text(formula.removeprefix('='))}</{p}f>" if formula else ""
    if isinstance(value, str) and formula:
        attrs += ' t="str"'
        body += f"<{p}v>{sheet_text(value)}</{p}v>"
    elif isinstance(value, str):
        attrs += ' t="inlineStr"'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        body += f"<{p}is><{p}t{space}>{sheet_text(value)}</{p}t></{p}is>"
    elif value is not None:
        if isinstance(value, bool):
            attrs += ' t="b"'
            text = "1" if value else "0"
        elif isinstance(value, date | datetime | time):
            text = number_text(round(serial(value, date1904), 10))
        elif isinstance(value, int | float | Decimal):
            text = number_text(value)
        else:
            raise TypeError(f"cannot write {type(value).__name__}")
        body += f"<{p}v>{text}</{p}v>"
    head = f"<{p}c".encode() + kept + attrs.encode()
    return head + (b">" + body.encode() + f"</{p}c>".encode() if body else b"/>")


def _attributes(tag: bytes) -> list[tuple[bytes, bytes]]:
    """(name, value as written) of a start tag's attributes, in order."""
    return [(m[1], m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(tag)]


def _range(ref: str) -> tuple[int, int, int, int] | None:
    parts = [_REF.fullmatch(p) for p in ref.split(":")]
    if not parts or not all(parts):
        return None
    rows = [int(m[2]) for m in parts if m]
    cols = [column_index(m[1]) + 1 for m in parts if m]
    return min(rows), min(cols), max(rows), max(cols)


@dataclass
class _Row:
    """A row cut into its start tag, its cells (column -> XML) and what follows them."""

    start: bytes
    cells: dict[int, bytes]
    rest: bytes  # the row's extLst, if any, and the whitespace before the end tag
    positional: bool  # some cell has no `r`: its column is its place, so no insertions
    dirty: bool = False  # a cell changed: the row is rebuilt


class SheetCells:
    """One worksheet part, with csbook's cells written into it."""

    def __init__(self, data: bytes, date1904: bool) -> None:
        self.date1904 = date1904
        m = re.search(rb"<(?:([\w.-]+):)?sheetData\b[^>]*?(/?)>", data)
        if m is None:
            raise PackageError("工作表缺少 sheetData", "a worksheet without sheetData")
        p = m[1] + b":" if m[1] else b""
        declared = rb"xmlns" + (b":" + m[1] if m[1] else b"") + rb"\s*=\s*[\"']"
        if re.search(declared + re.escape(MAIN.encode()) + rb"[\"']", data) is None:
            raise PackageError("工作表的命名空间无法识别", "unknown worksheet namespace")
        self._p = p.decode()
        if m[2]:  # <sheetData/>
            self._head = data[: m.start()] + b"<" + p + b"sheetData>"
            body, self._tail = b"", b"</" + p + b"sheetData>" + data[m.end() :]
        else:
            end = data.find(b"</" + p + b"sheetData>", m.end())
            self._head, body, self._tail = data[: m.end()], data[m.end() : end], data[end:]
        if b"<!--" in body or b"<![CDATA[" in body or b"<?" in body:
            raise PackageError("工作表中有无法识别的内容", "comments or CDATA among the cells")
        # a cell, and the column letters of its `r` (when it has one)
        self._cell = re.compile(
            rb"(<"
            + p
            + rb"c\b(?:[^>]*?\sr\s*=\s*[\"']([A-Z]+)\d+[\"'])?[^>]*?(?:/>|>.*?</"
            + p
            + rb"c>))",
            re.S,
        )
        self._value = re.compile(rb"<" + p + rb"(?:v|f|is)\b")
        self._formula = re.compile(rb"<" + p + rb"f\b")
        self._rows: dict[int, bytes] = {}  # r -> the row's XML, as read
        row_pattern = rb"<" + p + rb"row\b[^>]*?(?:/>|>.*?</" + p + rb"row>)"
        r = pos = 0
        for row in re.finditer(row_pattern, body, re.S):
            if body[pos : row.start()].strip():
                raise PackageError("工作表的行之间有无法识别的内容", "text between rows")
            pos = row.end()
            ref = _ROW_NUMBER.search(row[0], 0, row[0].find(b">"))
            number = int(ref[1]) if ref else r + 1
            if number <= r:
                raise PackageError("工作表的行顺序错乱", "rows out of order")
            self._rows[r := number] = row[0]
        if body[pos:].strip():
            raise PackageError("工作表的行之间有无法识别的内容", "text after the rows")
        self._edits: dict[int, _Row] = {}  # rows cut into cells, to be rebuilt
        self._columns: dict[bytes, int] = {}  # b"AB" -> 28, as met
        # cells inside a shared or array formula's range cannot be rewritten one by one
        self._locked = []
        if any(b'"' + t + b'"' in body for t in _SPREADING):
            for f in re.finditer(rb"<" + p + rb"f\b([^>]*)>", body):
                attrs = dict(_attributes(f[1]))
                span = _range(attrs.get(b"ref", b"").decode())
                if attrs.get(b"t") in _SPREADING and span is not None:
                    self._locked.append(span)
        self.dropped_formula = False  # a formula cell was overwritten: calcChain must go
        self.changed_columns: set[int] = set()  # columns where a value really changed
        self.edited = False  # anything changed: the part must be written
        self._extent = (0, 0)

    # -- reading --------------------------------------------------------------------------

    def _cols(self) -> list[dict[bytes, bytes]]:
        p = self._p.encode()
        found = re.search(rb"<" + p + rb"cols\b[^>]*>(.*?)</" + p + rb"cols>", self._head, re.S)
        if found is None:
            return []
        col = rb"<" + p + rb"col\b([^>]*?)/?>"
        return [dict(_attributes(m[1])) for m in re.finditer(col, found[1])]

    def column_style(self, column: int) -> int | None:
        """The style index the sheet's `<cols>` gives `column` (the template's owned look)."""
        for col in self._cols():
            if int(col.get(b"min", b"0")) <= column <= int(col.get(b"max", b"0")):
                style = col.get(b"style")
                return int(style) if style is not None else None
        return None

    def cell_style(self, r: int, column: int) -> int | None:
        row = self._row(r)
        cell = row.cells.get(column) if row is not None else None
        if cell is None:
            return None
        style = dict(_attributes(cell[: cell.find(b">")])).get(b"s")
        return int(style) if style is not None else None

    def leftover_rows(self, owned: set[int], below: int, skip: set[int]) -> list[int]:
        """Rows under `below`, except those in `skip`, that hold values only in the `owned`
        columns: what an earlier run wrote into rows that are no longer data. A row with
        anything else (a 合计 line, a note) or a formula in an owned column (csbook writes no
        formulas in a register) is the person's and is left alone."""
        found = []
        for r in self._rows:
            if r <= below or r in skip or not self._value.search(self._rows[r]):
                continue
            row = self._row(r)
            assert row is not None
            filled = {c: xml for c, xml in row.cells.items() if self._value.search(xml)}
            if filled.keys() <= owned and not any(
                self._formula.search(xml) for xml in filled.values()
            ):
                found.append(r)
        return found

    def _row(self, r: int, create: bool = False) -> _Row | None:
        """Row `r` cut into cells (kept for rebuilding once cut)."""
        row = self._edits.get(r)
        if row is not None:
            return row
        xml = self._rows.get(r)
        if xml is None:
            if not create:
                return None
            xml = f'<{self._p}row r="{r}"/>'.encode()
            self._rows = dict(sorted({**self._rows, r: xml}.items()))
        start_end = xml.find(b">") + 1
        if xml[start_end - 2 : start_end] == b"/>":
            row = _Row(xml[: start_end - 2] + b">", {}, b"", False)
        else:
            inner = xml[start_end : xml.rfind(b"</")]
            found = self._cell.findall(inner)
            columns = self._columns
            cells: dict[int, bytes] = {}
            c, positional = 0, False
            for whole, letters in found:
                if letters:
                    c = columns.get(letters) or columns.setdefault(
                        letters, column_index(letters.decode()) + 1
                    )
                else:
                    c, positional = c + 1, True
                cells[c] = whole
            last = inner.rfind(found[-1][0]) + len(found[-1][0]) if found else 0
            row = _Row(xml[:start_end], cells, inner[last:], positional)
        self._edits[r] = row
        return row

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
        row = self._row(r, create=value is not None or formula is not None)
        old = row.cells.get(column) if row is not None else None
        if row is None or (old is None and value is None and formula is None):
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
        kept = b""
        if old is not None:
            attrs = _attributes(old[: old.find(b">")])
            if style is None:
                style = next((int(v) for k, v in attrs if k == b"s"), None)
            kept = b"".join(
                b" " + k + b"=" + _quoted(v)
                for k, v in attrs
                if k not in (b"r", *_VALUE_ATTRIBUTES)
            )
            if b"extLst" in old:
                raise PackageError("单元格带有扩展数据，不能改写", "a cell with an extLst")
            self.dropped_formula = self.dropped_formula or bool(self._formula.search(old))
        elif row.positional and any(c > column for c in row.cells):
            raise PackageError("工作表的单元格没有地址，不能插入", "cells without addresses")
        ref = f"{column_letter(column)}{r}"
        new = cell_xml(ref, value, style, self.date1904, formula, self._p, kept)
        if new != old:
            row.cells[column] = new
            row.dirty = self.edited = True
            self.changed_columns.add(column)
            self._extent = (max(self._extent[0], r), max(self._extent[1], column))

    def set_width(self, column: int, width: float, style: int | None) -> None:
        """A width (and body style) for `column` unless the sheet already sets one."""
        cols = self._cols()
        if any(int(c.get(b"min", b"0")) <= column <= int(c.get(b"max", b"0")) for c in cols):
            return
        p = self._p
        styled = f' style="{style}"' if style is not None else ""
        new = f'<{p}col min="{column}" max="{column}" width="{width:g}"{styled} customWidth="1"/>'
        head = self._head.decode()
        opened = re.search(rf"<{p}cols\b[^>]*>", head)
        if opened is None:  # <cols> goes right before <sheetData>
            at = head.rindex(f"<{p}sheetData")
            head = f"{head[:at]}<{p}cols>{new}</{p}cols>{head[at:]}"
        else:  # after the last <col> left of it
            at = opened.end()
            for m in re.finditer(rf"<{p}col\b[^>]*?/?>(?:</{p}col>)?", head[at:]):
                if int(dict(_attributes(m[0].encode())).get(b"max", b"0")) >= column:
                    break
                at = opened.end() + m.end()
            head = head[:at] + new + head[at:]
        self._head = head.encode()
        self.edited = True

    def finish(self) -> bytes:
        """The part's new XML, its `<dimension>` widened over the cells written."""
        rows, cols = self._extent
        head = self._head
        dimension = re.search(
            rb"<" + self._p.encode() + rb"dimension\b[^>]*?ref=\"([^\"]*)\"", head
        )
        if dimension is not None and rows:
            top, left, bottom, right = _range(dimension[1].decode()) or (1, 1, 1, 1)
            ref = f"{column_letter(left)}{top}:{column_letter(max(right, cols))}{max(bottom, rows)}"
            head = head[: dimension.start(1)] + ref.encode() + head[dimension.end(1) :]
        out = [head]
        for r, xml in self._rows.items():
            row = self._edits.get(r)
            if row is None or not row.dirty:
                out.append(xml)
                continue
            ordered = sorted(row.cells)
            start = _widen_spans(row.start, ordered[0], ordered[-1])
            cells = b"".join(row.cells[c] for c in ordered)
            out.append(start + cells + row.rest + f"</{self._p}row>".encode())
        out.append(self._tail)
        return b"".join(out)


def _quoted(value: bytes) -> bytes:
    """An attribute value as read, back in the quotes it needs."""
    return b"'" + value + b"'" if b'"' in value else b'"' + value + b'"'


def _widen_spans(start: bytes, low: int, high: int) -> bytes:
    """A row's `spans` hint widened over the cells it now holds."""
    m = re.search(rb'\bspans="(\d+):(\d+)"', start)
    if m is None:
        return start
    new = f"{min(int(m[1]), low)}:{max(int(m[2]), high)}".encode()
    return start[: m.start(1)] + new + start[m.end(2) :]
