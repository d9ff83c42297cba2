"""Writing cells into one worksheet part of a package, in place (SPEC §7).

The part is edited as text, never parsed whole and written anew: its `<sheetData>` is cut
into rows at their start tags, and only the rows that get a cell of csbook's are rebuilt —
cut from their end back to the leftmost column written (csbook's columns are usually the
last), the cells left of it kept as one run of bytes, the ones right of it unchanged, and
the new `<c>` elements. Everything else in the part (other rows, merged cells, validations,
conditional formats, their Excel 2010 extensions, drawings, protection, print settings,
namespace declarations) keeps its bytes. This is what makes a 100,000-row register cheap to
write: a tree of two million elements is never built, and no pattern scans every cell.

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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .report_layout import column_letter
from .source import column_index
from .xlsx_package import MAIN, PackageError

_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
# characters XML 1.0 cannot hold are written as _xHHHH_; a literal "_xHHHH_" escapes its "_"
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_EPOCH = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}
_VALUE_ATTRIBUTES = (b"t", b"cm", b"vm", b"s")  # rewritten; every other attribute is kept
_SPREADING = (b"shared", b"array", b"dataTable")  # formulas that span other cells


def sheet_text(text: str) -> str:
    """Text as a cell or a header holds it: XML-escaped, unsafe characters as _xHHHH_."""
    if not text.isprintable() or "_x" in text:  # printable: no control character
        text = _UNSAFE.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    return text.translate(_ESCAPES)


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
    tail = f"{attrs}>{body}</{p}c>" if body else f"{attrs}/>"
    return f"<{p}c".encode() + kept + tail.encode() if kept else f"<{p}c{tail}".encode()


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


_CELL_COLUMN = re.compile(rb"\sr\s*=\s*[\"']([A-Z]+)\d+[\"']")
_BOUNDARY = frozenset(b" \t\r\n/>")  # what may follow a start tag's name
_BEYOND = 1 << 30  # a column right of any cell


@dataclass
class _Row:
    """A row cut from its end back to the leftmost column written: its start tag, the cells
    left of the cut as read, the cells right of it (column -> XML) and what follows them.
    Cutting from the end is cheap because csbook's columns are usually the last ones."""

    start: bytes
    head: bytes  # the cells left of `low`, unchanged
    cells: dict[int, bytes]
    rest: bytes  # the row's extLst, if any, and the whitespace before the end tag
    low: int = _BEYOND  # every cell still in `head` lies left of this column
    positional: bool = False  # some cell has no `r`: its column is its place, so no insertions
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
        self._opener = b"<" + p + b"c"  # a cell's start tag, when a boundary follows
        self._closer = b"</" + p + b"c>"
        self._end_tag = b"</" + p + b"row>"
        self._value = re.compile(rb"<" + p + rb"(?:v|f|is)\b")
        self._formula = re.compile(rb"<" + p + rb"f\b")
        # rows are found by their start tags and end where the next begins: no pattern scans
        # the cells themselves, which is what keeps cutting 100,000 rows cheap
        self._rows: dict[int, bytes] = {}  # r -> the row's XML, as read
        row_tag = rb"<" + p + rb"row\b(?:[^>]*?\sr\s*=\s*[\"'](\d+)[\"'])?[^>]*>"
        tags = list(re.finditer(row_tag, body))
        if body[: tags[0].start() if tags else len(body)].strip():
            raise PackageError("工作表的行之间有无法识别的内容", "text before the rows")
        r = 0
        for i, tag in enumerate(tags):
            end = tags[i + 1].start() if i + 1 < len(tags) else len(body)
            xml = body[tag.start() : end].rstrip()
            whole = xml == tag[0] if tag[0].endswith(b"/>") else xml.endswith(self._end_tag)
            if not whole:
                raise PackageError("工作表的行之间有无法识别的内容", "text between rows")
            number = int(tag[1]) if tag[1] else r + 1
            if number <= r:
                raise PackageError("工作表的行顺序错乱", "rows out of order")
            self._rows[r := number] = xml
        self._sorted = True  # False once a row is added: sorted again when finished
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
        self._letters: dict[int, str] = {}  # 28 -> "AB", as written
        self._bottom = self._right = 0  # the last row and column written

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
        row = self._row(r, column)
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
            row = self._row(r, column=1)
            assert row is not None
            filled = {c: xml for c, xml in row.cells.items() if self._value.search(xml)}
            if filled.keys() <= owned and not any(
                self._formula.search(xml) for xml in filled.values()
            ):
                found.append(r)
        return found

    def _row(self, r: int, column: int, create: bool = False) -> _Row | None:
        """Row `r`, cut back to `column` (kept for rebuilding once cut)."""
        row = self._edits.get(r)
        if row is None:
            xml = self._rows.get(r)
            if xml is None:
                if not create:
                    return None
                xml = self._rows[r] = f'<{self._p}row r="{r}"/>'.encode()
                self._sorted = False
            start_end = xml.find(b">") + 1
            if xml[start_end - 2 : start_end] == b"/>":
                row = _Row(xml[: start_end - 2] + b">", b"", {}, b"")
            else:
                inner = xml[start_end : len(xml) - len(self._end_tag)]
                last = self._cell_start(inner, len(inner))
                end = 0 if last < 0 else self._cell_end(inner, last)
                row = _Row(xml[:start_end], inner[:end], {}, inner[end:])
            self._edits[r] = row
        if row.low > column:
            self._cut(row, column)
        return row

    def _cell_start(self, xml: bytes, before: int) -> int:
        """Where the last cell starting before `before` starts; -1 if none."""
        at, after = before, len(self._opener)
        while (at := xml.rfind(self._opener, 0, at)) >= 0:
            if xml[at + after] in _BOUNDARY:  # <c ...>, not <color ...> in rich text
                return at
        return -1

    def _cell_end(self, xml: bytes, at: int) -> int:
        tag_end = xml.find(b">", at) + 1
        if xml[tag_end - 2] == ord("/"):
            return tag_end
        end = xml.find(self._closer, tag_end)
        if end < 0:
            raise PackageError("工作表的单元格没有结束标记", "a cell without its end tag")
        return end + len(self._closer)

    def _cut(self, row: _Row, column: int) -> None:
        """Move cells from the end of the row's head into its cells until every cell left
        in the head lies left of `column`; a row with a cell without `r` is cut whole."""
        taken: list[tuple[bytes, bytes | None]] = []  # right to left
        head = row.head
        while head and (row.positional or row.low > column):
            at = self._cell_start(head, len(head))
            if at < 0:
                if head.strip():
                    raise PackageError("工作表的单元格之间有无法识别的内容", "text between cells")
                break
            ref = _CELL_COLUMN.search(head, at, head.find(b">", at))
            if ref is None:
                row.positional = True
            elif not row.positional:
                c = self._column(ref[1])
                if c < column:  # this cell and all before it stay in the head
                    row.low = c + 1
                    break
                row.low = c
            end = self._cell_end(head, at)
            if head[end:].strip():
                raise PackageError("工作表的单元格之间有无法识别的内容", "text between cells")
            taken.append((head[at:end], ref[1] if ref else None))
            head = head[:at]
        row.head = head
        if row.positional:  # numbered from the row's start: every cell is in `taken` now
            row.low, c = 0, 0
            for xml, letters in reversed(taken):
                c = self._column(letters) if letters else c + 1
                row.cells[c] = xml
        else:
            for xml, letters in taken:
                row.cells[self._column(letters)] = xml  # type: ignore[arg-type]

    def _column(self, letters: bytes) -> int:
        found = self._columns.get(letters)
        if found is None:
            found = self._columns[letters] = column_index(letters.decode()) + 1
        return found

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
        self.write_row(r, {column: (value, style, formula)})

    def write_row(self, r: int, cells: Mapping[int, tuple[Any, int | None, str | None]]) -> None:
        """Set cells of row `r`: column -> (value, style, formula), as `write` takes them.
        A register's computed cells go in a row at a time: the row is found and cut once."""
        row = self._row(r, min(cells))
        if row is None:  # a row only for a cell with something in it
            if all(value is None and formula is None for value, _, formula in cells.values()):
                return
            row = self._row(r, min(cells), create=True)
            assert row is not None
        for column, (value, style, formula) in cells.items():
            old = row.cells.get(column)
            if old is None and value is None and formula is None:
                continue
            if self._locked:
                self._check_unlocked(r, column)
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
            letters = self._letters.get(column) or self._letters.setdefault(
                column, column_letter(column)
            )
            new = cell_xml(f"{letters}{r}", value, style, self.date1904, formula, self._p, kept)
            if new != old:
                row.cells[column] = new
                row.dirty = self.edited = True
                self.changed_columns.add(column)
                self._bottom = r if r > self._bottom else self._bottom
                self._right = column if column > self._right else self._right

    def _check_unlocked(self, r: int, column: int) -> None:
        for top, left, bottom, right in self._locked:
            if top <= r <= bottom and left <= column <= right:
                where = f"{column_letter(column)}{r}"
                raise PackageError(
                    f"单元格 {where} 属于共享公式或数组公式，不能单独改写",
                    f"cell {where} is part of a shared or array formula",
                )

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
        rows, cols = self._bottom, self._right
        head = self._head
        dimension = re.search(
            rb"<" + self._p.encode() + rb"dimension\b[^>]*?ref=\"([^\"]*)\"", head
        )
        if dimension is not None and rows:
            top, left, bottom, right = _range(dimension[1].decode()) or (1, 1, 1, 1)
            ref = f"{column_letter(left)}{top}:{column_letter(max(right, cols))}{max(bottom, rows)}"
            head = head[: dimension.start(1)] + ref.encode() + head[dimension.end(1) :]
        out = [head]
        if not self._sorted:
            self._rows = dict(sorted(self._rows.items()))
        for r, xml in self._rows.items():
            row = self._edits.get(r)
            if row is None or not row.dirty:
                out.append(xml)
                continue
            ordered = sorted(row.cells)
            # the cells left in the head lie left of these: the hint covered them already
            start = _widen_spans(row.start, ordered[0], ordered[-1])
            cells = b"".join(row.cells[c] for c in ordered)
            out.append(start + row.head + cells + row.rest + self._end_tag)
        out.append(self._tail)
        return b"".join(out)


def _quoted(value: bytes) -> bytes:
    """An attribute value as read, back in the quotes it needs."""
    return b"'" + value + b"'" if b'"' in value else b'"' + value + b'"'


def _widen_spans(start: bytes, low: int, high: int) -> bytes:
    """A row's `spans` hint widened over the cells it now holds."""
    at = start.find(b' spans="') + 8
    end = start.find(b'"', at)
    first, colon, last = start[at:end].partition(b":")
    if at < 8 or not (first.isdigit() and colon and last.isdigit()):
        return start
    new = f"{min(int(first), low)}:{max(int(last), high)}".encode()
    return start[:at] + new + start[end:]
