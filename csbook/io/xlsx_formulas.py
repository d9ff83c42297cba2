"""Whether a person's formula may read a cell `compute` changed. Its cached value is then out
of date: the copy asks Excel to recalculate on opening (`fullCalcOnLoad`) and compute says
so. The test errs on the safe side: a reference it cannot place (INDIRECT, OFFSET, a defined
name, a table or external reference, whole rows, a shared formula copied across columns)
counts as reading the changed cells.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from .source import column_index

_STRING = re.compile(r'"(?:[^"]|"")*"')
_REF = re.compile(
    r"(?<![\w.$])(?:(?:'((?:[^']|'')+)'|([^\s!'\"(),:;=+\-*/&<>^%{}]+))!)?"
    r"\$?([A-Z]{1,3})(\$?\d+)?(?::\$?([A-Z]{1,3})(\$?\d+)?)?(?![\w(])"
)
_ROWS = re.compile(r"(?<![\w$.])\$?\d+:\$?\d+(?![\w.])")
_OPAQUE = ("INDIRECT(", "OFFSET(", "[")
# a cell or range of another workbook (`[1]名录!$B$2`, `'[2]客户 名录'!A1:B9`): it reads nothing
# csbook writes, unlike a table's structured reference, the other use of [
_EXTERNAL = re.compile(r"'?\[\d+\][^'!]*'?!\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?")
_FORMULA_XML = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*)>(.*?)</(?:[\w.-]+:)?f>", re.S)


def reads_changed(
    formula: str,
    own_sheet: str,
    changed: Mapping[str, set[int]],
    names: Mapping[str, str],
    spread: bool = False,
    depth: int = 0,
) -> bool:
    """Whether `formula` (on `own_sheet`) may read a column of `changed` (sheet -> columns,
    1-based); `names`: the workbook's defined names and what they stand for; `spread`: a
    shared formula copied across columns, whose references move."""
    text = _EXTERNAL.sub("0", _STRING.sub('""', formula))
    if any(word in text.upper() for word in _OPAQUE) or _ROWS.search(text):
        return True
    for name, meaning in names.items():
        if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w(])", text) and (
            depth > 3 or reads_changed(meaning, own_sheet, changed, names, spread, depth + 1)
        ):
            return True
    for m in _REF.finditer(text):
        sheet = m[1].replace("''", "'") if m[1] else (m[2] or own_sheet)
        columns = changed.get(sheet)
        if not columns or not (m[4] or m[5]):  # a bare word is no reference
            continue
        if spread:
            return True
        low = column_index(m[3]) + 1
        high = column_index(m[5]) + 1 if m[5] else low
        if any(low <= c <= high for c in columns):
            return True
    return False


def formulas_in(data: bytes) -> Iterable[tuple[str, bool]]:
    """(formula text, copied across columns) of every formula of a worksheet part."""
    if b"f" not in data or b"f>" not in data:  # no formula's end tag; the rare byte first,
        return  # which memchr finds fast
    for m in _FORMULA_XML.finditer(data):
        attrs = m[1].decode()
        ref = re.search(r'ref="\$?([A-Z]+)\d+:\$?([A-Z]+)\d+"', attrs)
        spread = 't="shared"' in attrs and ref is not None and ref[1] != ref[2]
        yield html.unescape(m[2].decode()), spread
