"""How a sheet prints across A4 pages: fitted to one page's width while its text stays at
MIN_PRINT_PT or more, otherwise to as few pages' widths as keep it there, each later page
repeating the leading columns that name a row (print-title columns). Templates and every
writer of generated sheets ask this one function, so all of them print alike.

Spreadsheet programs repeat one block of columns starting at column A, and they break pages
between columns: the pages are counted the same way here, a whole column at a time.

Also how tall a row of wrapped text prints: LibreOffice keeps a row's stored height (it does
not fit rows to wrapped text on opening, nor ever a merged cell), so every writer gives such a
row the height `wrapped_height` reckons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..rules.text import display_width

MARGIN_INCH = 0.4  # left and right margins, as every writer sets them
TOP_MARGIN_INCH = 0.75  # top and bottom margins of generated sheets (their header, footer inside)
# the printable width of an A4 page, landscape (True) and portrait
PAGE_WIDTH_MM = {
    landscape: width - 2 * 25.4 * MARGIN_INCH for landscape, width in ((True, 297), (False, 210))
}
# the printable height of an A4 page in points, landscape (True) and portrait
PAGE_HEIGHT_PT = {
    landscape: (height / 25.4 - 2 * TOP_MARGIN_INCH) * 72
    for landscape, height in ((True, 210), (False, 297))
}
FONT_PT, MIN_PRINT_PT = 11, 8  # Calibri 11 in the cells; the smallest size printed
MIN_ZOOM = math.ceil(100 * MIN_PRINT_PT / FONT_PT)  # print zoom is a whole percent: 73
# repeated columns wider than this share of a page would leave little room for the rest:
# then none are repeated
MAX_TITLE_SHARE = 0.5
# a width unit is a digit of Calibri 11: Excel rounds it to 7 pixels, LibreOffice prints
# Carlito's, 7.4 (measured): the wider reckoning keeps both at MIN_PRINT_PT
DIGIT_PX = 7.4
LINE_POINTS = 15  # a row of the default height holds one line of Calibri 11


@dataclass(frozen=True)
class PrintFit:
    pages_wide: int  # the fitToWidth of the page setup
    title_columns: int  # the leading columns printed on every page (0: none)
    zoom: int  # the largest print zoom (percent, at most 100) that keeps to `pages_wide`
    landscape: bool = True

    @property
    def points(self) -> float:
        """The cells' text size as printed."""
        return FONT_PT * self.zoom / 100


ONE_PAGE = PrintFit(1, 0, 100)


def column_mm(width: float) -> float:
    """A column's printed width at 100 %: `width` characters plus 5 pixels of padding (as
    XlsxWriter stores it), of DIGIT_PX pixels each, at 96 pixels to the inch."""
    return (width * 7 + 5) / 7 * DIGIT_PX * 25.4 / 96


def pages_across(widths_mm: Sequence[float], titles: int, zoom: int, page_mm: float) -> int:
    """Pages needed side by side at `zoom` percent: each page holds whole columns; each page
    after the first starts with the first `titles` columns again."""
    room = page_mm * 100 / zoom
    repeated = sum(widths_mm[:titles])
    pages, used = 1, 0.0
    for width in widths_mm:
        if used and used + width > room:
            pages += 1
            used = repeated
        used += width
    return pages


def fit_width(widths: Sequence[float], keys: int = 0, landscape: bool = True) -> PrintFit:
    """The print fit of a sheet whose columns are `widths` characters wide, the first `keys`
    of which name a row. Wider than a page: the fewest pages that hold it at MIN_PRINT_PT
    with its first key column repeated, then as many of its key columns repeated as keep
    to those pages (a key column that would add a page is not repeated). A portrait sheet
    wider than a portrait page turns landscape: one page on its side reads better than
    two upright."""
    mm = [column_mm(w) for w in widths]
    if not landscape:
        upright = _fit(mm, keys, False)
        if upright.pages_wide == 1:
            return upright
    return _fit(mm, keys, True)


def _fit(mm: Sequence[float], keys: int, landscape: bool) -> PrintFit:
    page = PAGE_WIDTH_MM[landscape]
    titles = 0
    if pages_across(mm, 0, MIN_ZOOM, page) > 1:
        room = page * MAX_TITLE_SHARE * 100 / MIN_ZOOM
        usable = [k for k in range(1, keys + 1) if sum(mm[:k]) <= room]
        if usable:
            least = pages_across(mm, 1, MIN_ZOOM, page)
            titles = max(k for k in usable if pages_across(mm, k, MIN_ZOOM, page) <= least)
    pages = pages_across(mm, titles, MIN_ZOOM, page)
    zoom = max(z for z in range(MIN_ZOOM, 101) if pages_across(mm, titles, z, page) <= pages)
    return PrintFit(pages, titles, zoom, landscape)


def page_room(fit: PrintFit) -> float:
    """The width, in characters (as `column_mm` reckons them), that one printed page holds at
    the fit's zoom."""
    mm = PAGE_WIDTH_MM[fit.landscape] * 100 / fit.zoom
    return (mm * 96 / 25.4 / DIGIT_PX * 7 - 5) / 7


def first_page_columns(widths: Sequence[float], fit: PrintFit) -> int:
    """How many leading columns of a sheet whose columns are `widths` characters wide print
    on its first page across (every column when it prints one page wide)."""
    if fit.pages_wide == 1:
        return len(widths)
    room = PAGE_WIDTH_MM[fit.landscape] * 100 / fit.zoom
    used, columns = 0.0, 0
    for width in widths:
        used += column_mm(width)
        if columns and used > room:
            break
        columns += 1
    return columns


def wrapped_lines(text: str, width: float, size: float = FONT_PT) -> int:
    """The lines `text` takes wrapped in a cell `width` characters wide, in `size` points: its
    display width (a Chinese character is two digits wide, as it prints) over the width less
    two characters, the room a line may lose where a word or a closing mark cannot break."""
    return max(1, math.ceil(display_width(text) * size / FONT_PT / (width - 2)))


def wrapped_height(lines: int, size: float = FONT_PT) -> int:
    """The height in points of a row holding `lines` lines of `size` points."""
    return math.ceil(lines * LINE_POINTS * size / FONT_PT)
