"""Writing cells into one worksheet part of a package, in place (SPEC §7).

The part is edited as text, never parsed whole and written anew: its `<sheetData>` is split
into rows at their start tags, and only the rows that get a cell of csbook's change. A row
whose cells all lie left of the columns written (csbook's columns are usually the last, and
empty) gets the new `<c>` elements before its end tag as they are; any other row is cut
from its end back to the leftmost column written, the cells left of it kept as one run of
bytes, the ones right of it unchanged. Everything else in the part (other rows, the
whitespace between rows, merged cells, validations, conditional formats, their Excel 2010
extensions, drawings, protection, print settings, namespace declarations) keeps its bytes.
This is what makes a 100,000-row register cheap to write: a tree of two million elements is
never built, no pattern scans every cell, and a computed column's cells are made a column at
a time, what follows a cell's address once per distinct value.

Rows stay ascending by `r` and cells ascending by column: a new one is inserted in its
place. Values: text as an inline string (`t="inlineStr"`: no shared-strings rewrite, and
text starting with = + - @ stays text), numbers as numbers, dates and times as serials in
the workbook's own date system, a formula with its cached value.

What this reader does not expect (comments or CDATA among the cells, text between rows, a
main namespace it does not know) is refused with a `PackageError`; the caller then writes a
plain copy instead of guessing.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
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
    rest = cell_rest(value, style, date1904, formula, prefix)
    return f"<{prefix}c".encode() + kept + f' r="{ref}"'.encode() + rest


def cell_rest(
    value: Any, style: int | None, date1904: bool, formula: str | None = None, prefix: str = ""
) -> bytes:
    """A `<c>` from after its address to its end: its format, type and content."""
    p = prefix
    attrs = f' s="{style}"' if style is not None else ""
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
    return (f"{attrs}>{body}</{p}c>" if body else f"{attrs}/>").encode()


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
_LETTERS = re.compile(rb"[A-Z]+")


@dataclass(frozen=True)
class ColumnValues:
    """One column's cells for a run of rows (`SheetCells.write_rows`)."""

    column: int
    values: Sequence[Any]  # one per row; None or "" empties the cell
    style: int | None  # the column's own look; None: a cell keeps the look it has
    # the look a value is shown in, from the cell's look (a date gets a date format ...)
    shown: Callable[[int | None, Any], int | None]


@dataclass
class _CutRow:
    """A row cut from its end back to the leftmost column written: its start tag, the cells
    left of the cut as read, the cells right of it (column -> XML) and what follows them.
    Cutting from the end is cheap because csbook's columns are usually the last ones."""

    start: bytes
    head: bytes  # the cells left of `low`, unchanged
    cells: dict[int, bytes]
    rest: bytes  # the row's extLst, if any, and the whitespace before the end tag
    after: bytes  # the whitespace between its end tag and the next row
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
            end = data.rfind(b"</" + p + b"sheetData>", m.end())  # near the part's end
            self._head, body, self._tail = data[: m.end()], data[m.end() : end], data[end:]
        # each scan of 40 MB first looks for its rarest byte alone, which memchr finds fast
        # (`<` is everywhere, which slows a search for `<!`)
        if (b"!" in body and b"<!" in body) or (b"?" in body and b"<?" in body):
            raise PackageError("工作表中有无法识别的内容", "comments or CDATA among the cells")
        self._opener = b"<" + p + b"c"  # a cell's start tag, when a boundary follows
        self._closer = b"</" + p + b"c>"
        self._end_tag = b"</" + p + b"row>"
        self._value = re.compile(rb"<" + p + rb"(?:v|f|is)\b")
        self._formula = re.compile(rb"<" + p + rb"f\b")
        # the rows, cut at their start tags: piece i (from 1) is the i-th row's XML after its
        # `<row`, up to the next row; no pattern looks into the cells, and the pieces joined
        # again are the part's bytes, whitespace between rows included
        row_open = b"<" + p + b"row"
        self._row_open = row_open
        self._pieces = body.split(row_open)
        numbers = re.findall(
            re.escape(row_open) + rb"(?=[\s/>])(?:[^>]*?\sr\s*=\s*[\"'](\d+)[\"'])?", body
        )
        # (text between rows is refused when a row is written: untouched, it keeps its bytes)
        if len(numbers) != len(self._pieces) - 1 or self._pieces[0].strip():
            raise PackageError("工作表的行之间有无法识别的内容", "text between rows")
        if b"" in numbers:  # a row without `r` follows the one before it
            rows, r = [], 0
            for number in numbers:
                rows.append(r := int(number) if number else r + 1)
        else:
            rows = list(map(int, numbers))
        if not all(map(operator.lt, rows, rows[1:])) or (rows and rows[0] < 1):
            raise PackageError("工作表的行顺序错乱", "rows out of order")
        self._numbers = [0, *rows]  # the row number of each piece
        self._index = dict(zip(rows, range(1, len(self._pieces)), strict=True))
        self._added = False  # a row was added at the end of the pieces: sort them when finished
        self._edits: dict[int, _CutRow] = {}  # rows cut into cells, to be rebuilt
        self._columns: dict[bytes, int] = {}  # b"AB" -> 28, as met
        self._address_columns: dict[bytes, int] = {}  # b'AB1' -> 28, b'P5"' -> 16, as met
        self._spans: dict[tuple[bytes, int, int], bytes] = {}  # widened `spans` hints
        # cells inside a shared or array formula's range cannot be rewritten one by one
        self._locked = []
        # whether a cell holds a formula, as read (csbook writes none into a register)
        self.formulas = b"f" in body and b"<" + p + b"f" in body
        if self.formulas and any(b'"' + t + b'"' in body for t in _SPREADING):
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
        for r, i in self._index.items():
            if r <= below or r in skip or not self._value.search(self._pieces[i]):
                continue
            row = self._row(r, column=1)
            assert row is not None
            filled = {c: xml for c, xml in row.cells.items() if self._value.search(xml)}
            if filled.keys() <= owned and not any(
                self._formula.search(xml) for xml in filled.values()
            ):
                found.append(r)
        return found

    def _row(self, r: int, column: int, create: bool = False) -> _CutRow | None:
        """Row `r`, cut back to `column` (kept for rebuilding once cut)."""
        row = self._edits.get(r)
        if row is None:
            i = self._index.get(r)
            if i is None:
                if not create:
                    return None
                i = self._index[r] = len(self._pieces)
                self._pieces.append(f' r="{r}"/>'.encode())
                self._numbers.append(r)
                self._added = True
            piece = self._pieces[i]
            start_end = piece.find(b">") + 1
            if piece[start_end - 2 : start_end] == b"/>":
                if piece[start_end:].strip():
                    raise PackageError("工作表的行之间有无法识别的内容", "text after a row")
                row = _CutRow(piece[: start_end - 2] + b">", b"", {}, b"", piece[start_end:])
            else:
                close = piece.rfind(self._end_tag)
                if close < 0:
                    raise PackageError("工作表的行没有结束标记", "a row without its end tag")
                inner = piece[start_end:close]
                last = self._cell_start(inner, len(inner))
                end = 0 if last < 0 else self._cell_end(inner, last)
                after = piece[close + len(self._end_tag) :]
                if after.strip():
                    raise PackageError("工作表的行之间有无法识别的内容", "text after a row")
                row = _CutRow(piece[:start_end], inner[:end], {}, inner[end:], after)
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

    def _cut(self, row: _CutRow, column: int) -> None:
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

    def write_rows(self, rows: Sequence[int], columns: Sequence[ColumnValues]) -> None:
        """Set `columns` in each of `rows` (a register's computed columns). A row whose cells
        all lie left of these columns, the usual case, gets the new cells put before its end
        tag as they are, never cut into cells; any other row goes through `write_row`."""
        columns = sorted(columns, key=lambda col: col.column)
        if not rows or not columns:
            return
        numbers = [b'%d"' % r for r in rows]  # the end of each row's cell addresses
        made = [self._column_cells(col, numbers) for col in columns]
        # per row, its new cells, and the first and the last column given a value (0: none)
        news = list(map(b"".join, zip(*made, strict=True)))
        firsts, lasts = [0] * len(rows), [0] * len(rows)
        for col, cells in zip(columns, made, strict=True):
            c = col.column
            lasts = [c if x else last for x, last in zip(cells, lasts, strict=True)]
        for col, cells in zip(reversed(columns), reversed(made), strict=True):
            c = col.column
            firsts = [c if x else first for x, first in zip(cells, firsts, strict=True)]
        low = columns[0].column
        pieces, index, edits = self._pieces, self._index, self._edits
        others = []  # rows for `write_row`
        bottom = right = 0
        for k, (r, new, first, last) in enumerate(zip(rows, news, firsts, lasts, strict=True)):
            i = index.get(r, 0)  # 0: no such row (piece 0 is what precedes the rows)
            piece = (
                self._appended(pieces[i], new, first, last, low) if i and r not in edits else None
            )
            if piece is None:
                others.append(k)
            elif new:  # else nothing to write, and nothing written before to empty
                pieces[i] = piece
                bottom, right = max(bottom, r), max(right, last)
        self._bottom, self._right = max(self._bottom, bottom), max(self._right, right)
        fast = [True] * len(rows)
        for k in others:
            fast[k] = False
        for col, cells in zip(columns, made, strict=True):
            if any(x and f for x, f in zip(cells, fast, strict=True)):
                self.changed_columns.add(col.column)
                self.edited = True
        for k in others:
            row: dict[int, tuple[Any, int | None, str | None]] = {}
            for col in columns:
                value = col.values[k]
                if value is None or value == "":
                    row[col.column] = (None, None, None)
                    continue
                style = col.style if col.style is not None else self.cell_style(rows[k], col.column)
                row[col.column] = (value, col.shown(style, value), None)
            self.write_row(rows[k], row)

    def _appended(
        self, piece: bytes, cells: bytes, first: int, last: int, low: int
    ) -> bytes | None:
        """A row's piece with `cells` (columns `first` to `last`) put before its end tag, its
        `spans` hint widened over them, when its last cell ends there and lies left of column
        `low`; None for a row that must be cut into cells instead."""
        end_tag = self._end_tag
        if piece.endswith(end_tag):
            close = len(piece) - len(end_tag)
        else:  # whitespace (or text, refused where the row is cut) after the end tag
            close = piece.rfind(end_tag)
            if close < 0 or piece[close + len(end_tag) :].strip():
                return None
        at = self._cell_start(piece, close)
        if at < 0 or self._locked or not piece.startswith(b' r="', at + len(self._opener)):
            return None  # no cell, or the last one's address is not its first attribute
        if not (piece.endswith(self._closer, 0, close) or piece.find(b"/>", at) == close - 2):
            return None  # the last cell is not the last thing in the row (an extLst follows)
        # the address's first three bytes name its column: no column has more letters
        at += len(self._opener) + 4
        column = self._address_columns.get(piece[at : at + 3])
        if column is None:
            letters = _LETTERS.match(piece[at : at + 3])
            column = self._column(letters[0]) if letters else 0
            self._address_columns[piece[at : at + 3]] = column
        if not column or column >= low:
            return None
        if not cells:
            return piece
        hint = piece.find(b' spans="')
        if not 0 <= hint < piece.find(b">"):  # not in the row's start tag
            return b"".join((piece[:close], cells, piece[close:]))
        hint_end = piece.find(b'"', hint + 8)
        old = piece[hint + 8 : hint_end]
        wide = self._spans.get((old, first, last))
        if wide is None:
            wide = self._spans[old, first, last] = _wider(old, first, last)
        return b"".join((piece[: hint + 8], wide, piece[hint_end:close], cells, piece[close:]))

    def _column_cells(self, col: ColumnValues, numbers: list[bytes]) -> list[bytes]:
        """`col`'s new `<c>` in each row (`numbers`: the ends of the rows' cell addresses),
        b"" where it is empty; what follows a cell's address is made once per value."""
        start = f'<{self._p}c r="{column_letter(col.column)}'.encode()
        rests: dict[tuple[type, Any], bytes] = {}
        cells: list[bytes] = []
        for value, number in zip(col.values, numbers, strict=True):
            if value is None or value == "":
                cells.append(b"")
                continue
            rest = rests.get((value.__class__, value))
            if rest is None:
                style = col.shown(col.style, value)
                rest = rests[value.__class__, value] = cell_rest(
                    value, style, self.date1904, None, self._p
                )
            cells.append(start + number + rest)
        return cells

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
        pieces = self._pieces
        for r, row in self._edits.items():
            if row.dirty:
                ordered = sorted(row.cells)
                # the cells left in the head lie left of these: the hint covered them already
                start = _widen_spans(row.start, ordered[0], ordered[-1])
                cells = b"".join([row.cells[c] for c in ordered])
                pieces[self._index[r]] = b"".join(
                    (start, row.head, cells, row.rest, self._end_tag, row.after)
                )
        if self._added:
            numbers = self._numbers
            pieces = [pieces[i] for i in sorted(range(len(pieces)), key=numbers.__getitem__)]
        else:
            pieces = list(pieces)
        # one join of the whole part: each copy of it costs as much as a scan
        pieces[0] = head + pieces[0]
        pieces[-1] = pieces[-1] + self._tail
        return self._row_open.join(pieces)


def _quoted(value: bytes) -> bytes:
    """An attribute value as read, back in the quotes it needs."""
    return b"'" + value + b"'" if b'"' in value else b'"' + value + b'"'


def _widen_spans(start: bytes, low: int, high: int) -> bytes:
    """A row's start tag with its `spans` hint widened over the cells it now holds."""
    at = start.find(b' spans="') + 8
    end = start.find(b'"', at)
    if at < 8:
        return start
    return start[:at] + _wider(start[at:end], low, high) + start[end:]


def _wider(spans: bytes, low: int, high: int) -> bytes:
    """A `spans` hint (`first:last`) widened over the columns `low` to `high`."""
    first, colon, last = spans.partition(b":")
    if not (first.isdigit() and colon and last.isdigit()):
        return spans
    return f"{min(int(first), low)}:{max(int(last), high)}".encode()
