"""A large sheet parsed in pieces at once, on two threads where the machine has two cores.

python-calamine parses one sheet on one thread (and releases the GIL while it does), so a
100,000-row register keeps one core busy for most of a second while the others wait. Its
rows are cut here into consecutive pieces at `<row` boundaries; each piece is put, with the
parts a parse needs (workbook, relationships, styles, shared strings), into a small package
(a temporary file), and the pieces are parsed side by side; each piece's thread also makes
its values' Python objects, the first done while the other is still parsed. The values are
joined back into the rows one parse of the whole sheet gives: the same cells, from A1, the
same width.

A piece can only start at a row that carries its number (`<row r="…">`): a row without one
counts on from the row before, which the piece would not have. Where no such cut is found,
the sheet's XML is not what is expected (a prefixed `<x:sheetData>`), or a piece does not
parse, the sheet is parsed whole, as before.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

from python_calamine import CalamineSheet, CalamineWorkbook

# a sheet whose XML is larger is parsed in pieces: below it, the pieces' own cost (each
# reads the shared strings and styles again) outweighs what the second core saves
SPLIT_BYTES = 8 * 2**20
# two pieces take most of the gain; each piece more costs memory (its own copy of the shared
# strings, a thread's malloc arena): 4 pieces took validate of 100,000 rows past 400 MB
MAX_PIECES = 2
CORES = os.cpu_count() or 1
_SHEET_DATA = b"<sheetData>"
_SHEET_DATA_END = b"</sheetData>"
_ROW_NUMBER = re.compile(rb'\sr="\d+"')
# parts no parse of a sheet's values reads (pictures, macros, printer settings, properties):
# not copied into every piece (a piece that needed one would fail, and the sheet be parsed whole)
_NOT_FOR_VALUES = (
    *("xl/media/", "xl/embeddings/", "xl/drawings/", "xl/printerSettings/", "xl/vbaProject"),
    *("docProps/", "customXml/"),
)


# piece files that could not be removed at once (on Windows a file another program holds
# open, a virus scanner's, cannot be deleted): tried again when the process ends
_LEFT: list[str] = []


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        if not _LEFT:
            atexit.register(_remove_left)
        _LEFT.append(path)


def _remove_left() -> None:
    for path in _LEFT:
        with contextlib.suppress(OSError):
            os.unlink(path)


def piece_count(xml_bytes: int) -> int:
    """How many pieces a sheet of `xml_bytes` is parsed in (1: whole)."""
    return max(1, min(CORES, MAX_PIECES, xml_bytes // SPLIT_BYTES + 1))


def cut_points(xml: bytes, pieces: int) -> list[int] | None:
    """Offsets cutting the rows of `xml` into `pieces` runs of about equal size: the start
    of the rows, a numbered `<row` for each cut, and the end of the rows. None: no such cuts."""
    start = xml.find(_SHEET_DATA)
    end = xml.rfind(_SHEET_DATA_END)
    if start < 0 or end < start:
        return None
    start += len(_SHEET_DATA)
    cuts = [start]
    for k in range(1, pieces):
        at = xml.find(b"<row ", start + (end - start) * k // pieces, end)
        if at < 0 or at <= cuts[-1]:
            return None
        if _ROW_NUMBER.search(xml, at, xml.find(b">", at, end)) is None:
            return None
        cuts.append(at)
    cuts.append(end)
    return cuts


def parse_in_pieces(
    package: zipfile.ZipFile, part: str, sheet_parts: Iterable[str], name: str, xml: bytes
) -> Callable[[], list[PieceValues] | None] | None:
    """Begin parsing the sheet `name` (its XML `xml`, stored at `part` of `package`) in pieces,
    each on a thread of its own; what is returned waits for them and gives the pieces in row
    order, or None where the sheet is to be parsed whole after all (a piece did not parse).
    None at once: parse it whole (see the module's note)."""
    pieces = piece_count(len(xml))
    cuts = cut_points(xml, pieces) if pieces > 1 else None
    if cuts is None:
        return None
    skipped = set(sheet_parts) | {part}  # other sheets are not parsed: not copied either
    common = [
        (i.filename, package.read(i))
        for i in package.infolist()
        if i.filename not in skipped and not i.filename.startswith(_NOT_FOR_VALUES)
    ]
    head, tail = xml[: cuts[0]], xml[cuts[-1] :]

    def parse(k: int) -> PieceValues:
        # a temporary file, not one in memory: python-calamine reads a file-like object
        # through Python, holding the GIL, but opens a path on its own
        handle, path = tempfile.mkstemp(prefix="csbook-piece-", suffix=".xlsx")
        try:
            with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as piece:
                for filename, data in common:
                    piece.writestr(filename, data)
                with piece.open(part, "w") as member:  # no joined copy of the rows: memory
                    for run in (head, memoryview(xml)[cuts[k] : cuts[k + 1]], tail):
                        member.write(run)
            book = CalamineWorkbook.from_path(path)
            sheet = book.get_sheet_by_name(name)
            del book  # the file closed before it is removed (Windows)
        finally:
            _remove(path)
        # the values made here: the first piece done makes its Python objects while the
        # other is still parsed (which leaves the GIL free)
        return PieceValues.of(sheet, first=k == 0)

    pool = ThreadPoolExecutor(max_workers=pieces)
    parses = [pool.submit(parse, k) for k in range(pieces)]
    pool.shutdown(wait=False)  # the threads end with their pieces

    def parsed() -> list[PieceValues] | None:
        try:
            return [piece.result() for piece in parses]
        except Exception:  # any failure: parsed whole, which reports what is wrong
            return None
        finally:
            return_free_memory()  # the packages the pieces were parsed from

    return parsed


def return_free_memory() -> None:
    """Give back to the system the memory the pieces' threads have freed: glibc keeps it in
    each thread's own arena, where the main thread's objects, made next, cannot use it (about
    35 MB of the peak of validating 100,000 rows). Elsewhere (musl, macOS, Windows) nothing."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # a C library without it
            return


class PiecesOverlap(Exception):
    """A piece holds a row before the last row of the piece ahead of it: the sheet's rows are
    out of order in its XML, and only a parse of the whole sheet places them."""


class PieceValues(NamedTuple):
    """What joining needs of a piece: where its cells lie, and their values (the first piece
    from A1, as a whole parse gives them; a later one only its own area)."""

    start: tuple[int, int] | None  # (row, column) of its first cell; None: no cells
    end: tuple[int, int] | None  # (row, column) of its last cell
    height: int
    width: int
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]  # the sheet's merged ranges

    @classmethod
    def of(cls, sheet: CalamineSheet, first: bool) -> PieceValues:
        rows = sheet.to_python(skip_empty_area=not first)
        merged = list(sheet.merged_cell_ranges or ()) if first else []
        return cls(sheet.start, sheet.end, sheet.height, sheet.width, rows, merged)


def joined_rows(pieces: list[PieceValues]) -> list[list[Any]]:
    """The pieces' values as one parse of the whole sheet gives them: rows from A1 to the
    last row, every row as wide as the widest. Raises `PiecesOverlap` where their rows
    overlap."""
    following = pieces[0].end[0] + 1 if pieces[0].end is not None else 0
    for piece in pieces[1:]:
        if piece.start is not None and piece.height:
            if piece.start[0] < following:
                raise PiecesOverlap
            following = piece.start[0] + piece.height
    cells = pieces[0].rows
    width = len(cells[0]) if cells else 0
    later = []
    for piece in pieces[1:]:
        if piece.start is None or not piece.height:
            continue  # a piece of empty rows
        (top, left), rows = piece.start, piece.rows
        later.append((top, left, rows))
        width = max(width, left + piece.width)
    if cells and len(cells[0]) < width:
        cells = [[*row, *[""] * (width - len(row))] for row in cells]
    for top, left, rows in later:
        cells += [[""] * width for _ in range(top - len(cells))]
        if left or len(rows[0]) + left < width:
            rows = [[*[""] * left, *row, *[""] * (width - left - len(row))] for row in rows]
        cells += rows
    return cells
