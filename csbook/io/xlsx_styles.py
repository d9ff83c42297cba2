"""The cell formats (`cellXfs`) of a package's styles.xml, read and, only when a cell needs a
format the workbook lacks, extended: a new `xf` (with its font, fill, border or number
format) is added once and reused; an identical one already there is reused instead, so a
second run adds nothing. styles.xml is rewritten only when something was added.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from .report_layout import BOX_COLOR, PLAIN, Style
from .xlsx_package import Package, PackageError, q

STYLES = "xl/styles.xml"
# built-in number formats (ECMA-376 §18.8.30) that csbook writes
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9}
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def is_date_format(code: str) -> bool:
    """A number format that shows a date or a time (quoted text and [colours] aside)."""
    return any(ch in "ymdhs" for ch in _QUOTED.sub("", code).lower())


def _key(el: etree._Element) -> tuple[Any, ...]:
    """An element's content, for finding an identical one (namespace declarations aside)."""
    return (el.tag, tuple(sorted(el.attrib.items())), tuple(_key(c) for c in el))


class Styles:
    def __init__(self, package: Package) -> None:
        if not package.has(STYLES):
            raise PackageError("缺少样式表 styles.xml", "no styles.xml")
        self._package = package
        self._root = package.tree(STYLES)
        self._xfs = self._container("cellXfs")
        self._formats = {
            int(n.get("numFmtId", "0")): n.get("formatCode", "")
            for n in self._root.iterfind(f"{q('numFmts')}/{q('numFmt')}")
        }
        self._derived: dict[tuple[int | None, str], int] = {}
        self._made: dict[Style, int] = {}

    def _container(self, name: str) -> etree._Element:
        found = self._root.find(q(name))
        if found is None:
            raise PackageError(f"样式表缺少 {name}", f"styles.xml has no {name}")
        return found

    def number_format(self, xf: int | None) -> tuple[int, str]:
        """(numFmtId, format code) of cell format `xf` (None: the default)."""
        xfs = list(self._xfs)
        el = xfs[xf] if xf is not None and xf < len(xfs) else (xfs[0] if xfs else None)
        fmt_id = int(el.get("numFmtId", "0")) if el is not None else 0
        if fmt_id in _BUILTIN_DATES:
            return fmt_id, "yyyy-mm-dd"
        return fmt_id, self._formats.get(fmt_id, "General" if fmt_id == 0 else "0")

    def shows(self, xf: int | None, wanted: str) -> bool:
        """Whether `xf` already shows values the way `wanted` does, near enough: a date
        format for a date, any non-General format for a number."""
        _, code = self.number_format(xf)
        if is_date_format(wanted):
            return is_date_format(code)
        return code != "General"

    def with_format(self, xf: int | None, number_format: str) -> int:
        """Cell format `xf` with `number_format` (added once)."""
        key = (xf, number_format)
        if key not in self._derived:
            xfs = list(self._xfs)
            base = xfs[xf] if xf is not None and xf < len(xfs) else xfs[0]
            new = etree.fromstring(etree.tostring(base))
            new.set("numFmtId", str(self._format_id(number_format)))
            new.set("applyNumberFormat", "1")
            self._derived[key] = self._find_or_add(self._xfs, new)
        return self._derived[key]

    def of(self, style: Style) -> int | None:
        """The cell format for a layout `Style` (None for the plain one)."""
        if style == PLAIN:
            return None
        if style not in self._made:
            xf = etree.Element(q("xf"))
            xf.set("numFmtId", str(self._format_id(style.number_format or "General")))
            xf.set("fontId", str(self._font(style)))
            xf.set("fillId", str(self._fill(style.fill)))
            xf.set("borderId", str(self._border(style.box)))
            xf.set("xfId", "0")
            if style.number_format:
                xf.set("applyNumberFormat", "1")
            if style.bold or style.italic or style.size or style.color:
                xf.set("applyFont", "1")
            if style.fill:
                xf.set("applyFill", "1")
            if style.box:
                xf.set("applyBorder", "1")
            if style.center or style.wrap:
                xf.set("applyAlignment", "1")
                align = etree.SubElement(xf, q("alignment"))
                if style.center:
                    align.set("horizontal", "center")
                    align.set("vertical", "center")
                align.set("wrapText", "1")
            self._made[style] = self._find_or_add(self._xfs, xf)
        return self._made[style]

    # -- parts of a format ----------------------------------------------------------------

    def _find_or_add(self, container: etree._Element, new: etree._Element) -> int:
        wanted = _key(new)
        for i, existing in enumerate(container):
            if _key(existing) == wanted:
                return i
        container.append(new)
        container.set("count", str(len(container)))
        self._package.touch(STYLES)
        return len(container) - 1

    def _format_id(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        for fmt_id, existing in self._formats.items():
            if existing == code:
                return fmt_id
        fmt_id = max([163, *self._formats]) + 1  # custom formats start at 164
        formats = self._root.find(q("numFmts"))
        if formats is None:
            formats = etree.Element(q("numFmts"))
            self._root.insert(0, formats)
        el = etree.SubElement(formats, q("numFmt"))
        el.set("numFmtId", str(fmt_id))
        el.set("formatCode", code)
        formats.set("count", str(len(formats)))
        self._formats[fmt_id] = code
        self._package.touch(STYLES)
        return fmt_id

    def _font(self, style: Style) -> int:
        fonts = self._container("fonts")
        if not (style.bold or style.italic or style.size or style.color):
            return 0
        # the workbook's default font (name, size, family) with csbook's changes
        font = etree.fromstring(etree.tostring(fonts[0])) if len(fonts) else etree.Element("x")
        font = _rebuild(font, style)
        return self._find_or_add(fonts, font)

    def _fill(self, color: str | None) -> int:
        if color is None:
            return 0
        fill = etree.Element(q("fill"))
        pattern = etree.SubElement(fill, q("patternFill"), patternType="solid")
        etree.SubElement(pattern, q("fgColor"), rgb=f"FF{color}")
        etree.SubElement(pattern, q("bgColor"), indexed="64")
        return self._find_or_add(self._container("fills"), fill)

    def _border(self, box: bool) -> int:
        if not box:
            return 0
        border = etree.Element(q("border"))
        for side in ("left", "right", "top", "bottom"):
            el = etree.SubElement(border, q(side), style="thin")
            etree.SubElement(el, q("color"), rgb=f"FF{BOX_COLOR}")
        etree.SubElement(border, q("diagonal"))
        return self._find_or_add(self._container("borders"), border)


# child order of <font> (CT_Font is a sequence in the schema)
_FONT_ORDER = (
    *("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign"),
    *("sz", "color", "name", "family", "charset", "scheme"),
)


def _rebuild(base: etree._Element, style: Style) -> etree._Element:
    """A <font> like `base` (the default font) with the style's weight, slant, size, colour."""
    kept = {
        etree.QName(c).localname: c
        for c in base
        if etree.QName(c).localname in ("sz", "name", "family", "charset", "scheme")
    }
    children: dict[str, etree._Element] = dict(kept)
    if style.bold:
        children["b"] = etree.Element(q("b"))
    if style.italic:
        children["i"] = etree.Element(q("i"))
    if style.size:
        children["sz"] = etree.Element(q("sz"), val=f"{style.size:g}")
    if style.color:
        children["color"] = etree.Element(q("color"), rgb=f"FF{style.color}")
    font = etree.Element(q("font"))
    for name in _FONT_ORDER:
        if name in children:
            font.append(children[name])
    return font
