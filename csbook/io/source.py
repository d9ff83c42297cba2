"""Opening a workbook file safely and reading a sheet's cached values.

python-calamine reads the values (fast, and it executes nothing: formulas give their cached
value). It shows an error value or a formula without a cached value as an empty cell, so for
.xlsx/.xlsm files one extra pass over the sheet's XML finds those cells (R03); the pass is one
byte search for formula elements and error types, and only the cells it hits are looked at
(a data validation's `<formula1>` is not a hit). For .xls files xlrd, which knows BIFF error
cells, finds them (and only them).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event, Thread
from typing import TYPE_CHECKING, Any, NamedTuple

from defusedxml import ElementTree
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetVisibleEnum

from . import zip_parts
from .sheet_pieces import PiecesOverlap, PieceValues, joined_rows, parse_in_pieces, piece_count

if TYPE_CHECKING:
    import xlrd

MAX_FILE_BYTES = 200 * 1024 * 1024
_DATE_1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"')
# what csbook reads (an .ods, LibreOffice's own, too: python-calamine reads it; compute
# writes its copy as .xlsx)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# what a branch may keep its register in that csbook cannot read: taken up from a folder and
# refused with what to do, never passed over (the branch would only be missing)
OTHER_SHEET_SUFFIXES = (".et", ".ett", ".xlsb", ".numbers", ".xlt", ".xltx", ".xltm", ".csv")
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024  # a zip bomb is refused before it is opened
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CFB_DIRECTORY_BYTES = 65536  # a compound file's directory of streams sits near its start


def password_protected(head: bytes) -> bool:
    """A compound file's first CFB_DIRECTORY_BYTES hold an EncryptionInfo stream: a workbook
    saved with an open password (Office encrypts a .xlsx into such a file)."""
    return head.startswith(CFB_MAGIC) and "EncryptionInfo".encode("utf-16-le") in head


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb"<c\s([^>]*?)(?:/>|>(.*?)</c>)", re.S)
# what makes a cell worth a look: a formula element (not `<formula1>` of a data validation
# or a conditional format) or an error type. Two patterns that each open with a literal: the
# regex engine then skips ahead by byte search, where one alternation (or a leading `\b`)
# steps through a 40 MB sheet byte by byte, about ten times slower.
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR_MARK = re.compile(rb't="e"(?<=\bt="e")')
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_STR_TYPE = re.compile(rb'\bt="str"')
_VALUE = re.compile(rb"<v>(.*?)</v>|<v\s*/>", re.S)


class BookError(Exception):
    """The file as a whole cannot be read; `zh`/`en` say why, for staff."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


class OwnOutput(BookError):
    """The file is a summary csbook wrote (saved among the inputs): no input to read."""


@dataclass
class RawSheet:
    name: str
    cells: list[list[Any]]  # rows of cached values from A1; '' for an empty cell
    # (row, col), 0-based, of cells holding an error value or a formula without a value
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, col), 0-based, of cells with a note (comment): its text, None when unreadable
    notes: Mapping[tuple[int, int], str | None] = field(default_factory=dict)
    # (row, col), 0-based, of filled cells whose font is struck through (a cancelled entry)
    struck: frozenset[tuple[int, int]] = frozenset()
    # the workbook counts its dates from 1904 (Excel for Mac): a bare serial number means
    # another day than in the 1900 system (dates calamine reads as dates are right either way)
    date1904: bool = False


def fill_merged_down(
    cells: list[list[Any]], merged: Iterable[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    """A value merged down several rows (a day or an agent written once for three rows)
    belongs to each of them. Only downwards, in the merge's first column: a value merged
    across columns is one cell's text, not the next column's."""
    for (top, left), (bottom, _right) in merged:
        if top < len(cells) and left < len(cells[top]):
            value = cells[top][left]
            for r in range(top + 1, min(bottom, len(cells) - 1) + 1):
                if left < len(cells[r]) and cells[r][left] == "":
                    cells[r][left] = value


def column_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _check_file(path: Path) -> bytes:
    if not path.exists():
        if any(ch in path.name for ch in "*?["):  # a pattern the command line expanded to nothing
            raise BookError("没有与之匹配的文件", "no file matches it")
        raise BookError("文件不存在", "file does not exist")
    if path.is_dir():  # a folder given that holds nothing to read
        raise BookError(
            "文件夹中没有工作簿（.xlsx、.xlsm、.xls、.ods）", "the folder holds no workbook"
        )
    if not path.is_file():
        raise BookError("不是文件", "not a file")
    suffix = path.suffix.lower()
    if suffix in OTHER_SHEET_SUFFIXES:
        raise BookError(
            f"{suffix} 格式（WPS 表格、.xlsb、.csv 等）无法读取：请另存为 .xlsx 后再处理",
            f"{suffix} is not a format csbook reads: save it as .xlsx",
        )
    if suffix in ARCHIVE_SUFFIXES:
        raise BookError(
            "压缩包：请先解压，再处理其中的工作簿", "an archive: unpack it, then give its workbooks"
        )
    size = path.stat().st_size
    if size == 0:
        raise BookError("文件是空的", "the file is empty")
    if size > MAX_FILE_BYTES:
        raise BookError(
            f"文件太大（{size // 1024 // 1024} MB），请拆分后再处理",
            f"file too large ({size // 1024 // 1024} MB)",
        )
    with path.open("rb") as fh:
        return fh.read(8)


def _check_suffix(path: Path, magic: bytes, package: zipfile.ZipFile | None) -> None:
    """A workbook saved under another kind's name (an .xlsx renamed .xls "to be compatible",
    which Excel opens after a warning): the reader goes by the name, so it is said."""
    suffix = path.suffix.lower()
    if package is not None:
        kind = ".ods" if "content.xml" in package.namelist() else ".xlsx"
        named_right = suffix in (".xlsx", ".xlsm") if kind == ".xlsx" else suffix == ".ods"
    else:
        kind, named_right = ".xls", suffix == ".xls"
    if not named_right:
        raise BookError(
            f"文件内容是 {kind} 工作簿，扩展名却是 {suffix or '（无）'}：请把扩展名改为 {kind} 后再处理",
            f"the file is an {kind} workbook named {suffix or '(no suffix)'}: rename it to {kind}",
        )


def _checked_zip(raw: bytes) -> zipfile.ZipFile:
    """The package in `raw`, opened once for every part read from it (zipfile reads members
    of one open file from several threads safely)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise BookError("文件已损坏，无法打开", "the file is damaged") from None
    if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
        raise BookError("文件解压后过大，拒绝处理", "file expands to an unsafe size")
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise BookError("不是 Excel 工作簿", "not an Excel workbook")
    return zf


def part_name(folder: str, target: str) -> str:
    """A relationship's target as a part name: absolute, or relative to the source's folder."""
    return posixpath.normpath(
        target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    )


def rels_of(part: str) -> str:
    """The part holding `part`'s relationships."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _unreadable(name: str, e: Exception) -> BookError:
    return BookError(f"工作表“{name}”无法读取：{e}", f"sheet {name} unreadable: {e}")


def _rows(name: str, parsed: CalamineSheet | list[PieceValues]) -> list[list[Any]]:
    """A parsed sheet's cached values (parsed whole, or in pieces), rows from A1, merged
    values filled down."""
    if isinstance(parsed, list):
        cells = joined_rows(parsed)
        fill_merged_down(cells, parsed[0].merged)
        return cells
    try:
        cells = parsed.to_python(skip_empty_area=False)
        fill_merged_down(cells, parsed.merged_cell_ranges or ())
    except (CalamineError, ValueError) as e:
        raise _unreadable(name, e) from None
    return cells


def _error_cells(data: bytes) -> dict[tuple[int, int], str]:
    """(row, col) of the cells in a sheet's XML holding an error value or a formula without
    a cached value: the error's text, or ''."""
    found: dict[tuple[int, int], str] = {}
    seen = -1
    suspects = [m.start() for m in _FORMULA.finditer(data)]
    suspects += [m.start() for m in _ERROR_MARK.finditer(data)]
    for at in sorted(suspects):
        start = data.rfind(b"<c ", 0, at)
        if start <= seen:
            continue  # a second hit in a cell already looked at
        seen = start
        m = _CELL.match(data, start)
        if m is None:
            continue
        attrs, body = m[1], m[2] or b""
        is_error = _ERROR_TYPE.search(attrs) is not None
        value = _VALUE.search(body)
        # `<v/>` or `<v></v>` is no value, except a formula's cached empty text (t="str")
        no_value = (
            b"<f" in body and (value is None or not value[1]) and _STR_TYPE.search(attrs) is None
        )
        if is_error or no_value:
            ref = _REF.search(attrs)
            if ref:
                what = value[1].decode() if is_error and value else ""
                found[(int(ref[2]) - 1, column_index(ref[1]))] = what
    return found


_STRIKE_ON = {None, "1", "true", "on"}  # `<strike/>` is on; `val="0"` turns it off


def _struck_formats(zf: zipfile.ZipFile) -> frozenset[int]:
    """The indices of styles.xml's cell formats (cellXfs) whose font is struck through."""
    try:
        styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return frozenset()
    fonts = styles.find(f"{_NS_MAIN}fonts")
    formats = styles.find(f"{_NS_MAIN}cellXfs")
    if fonts is None or formats is None:
        return frozenset()
    struck_fonts = {
        i
        for i, font in enumerate(fonts.iter(f"{_NS_MAIN}font"))
        if (strike := font.find(f"{_NS_MAIN}strike")) is not None
        and strike.get("val") in _STRIKE_ON
    }
    if not struck_fonts:
        return frozenset()
    return frozenset(
        i
        for i, xf in enumerate(formats.iter(f"{_NS_MAIN}xf"))
        if int(xf.get("fontId", "0")) in struck_fonts
    )


def _struck_cells(data: bytes, formats: frozenset[int]) -> frozenset[tuple[int, int]]:
    """(row, col) of the filled cells of a sheet's XML that use a struck-through format."""
    if not formats:
        return frozenset()
    found: set[tuple[int, int]] = set()
    # a literal first: the engine skips ahead by byte search (Excel writes one space)
    style = re.compile(rb' s="(?:' + b"|".join(str(i).encode() for i in sorted(formats)) + rb')"')
    for hit in style.finditer(data):
        start = data.rfind(b"<c ", 0, hit.start())
        m = _CELL.match(data, start) if start >= 0 else None
        if m is None or m.end(1) < hit.end():
            continue  # a row's or a column's format, not a cell's
        body = m[2] or b""
        if (b"<v>" in body or b"<is>" in body) and (ref := _REF.search(m[1])):
            found.add((int(ref[2]) - 1, column_index(ref[1])))
    return frozenset(found)


class _LazyNotes(Mapping[tuple[int, int], "str | None"]):
    """A sheet's notes, read from the package on first use."""

    def __init__(self, read: Callable[[], dict[tuple[int, int], str | None]]) -> None:
        self._read = read
        self._found: dict[tuple[int, int], str | None] | None = None

    def _notes(self) -> dict[tuple[int, int], str | None]:
        if self._found is None:
            self._found = self._read()
        return self._found

    def __getitem__(self, cell: tuple[int, int]) -> str | None:
        return self._notes()[cell]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._notes())

    def __len__(self) -> int:
        return len(self._notes())

    def __repr__(self) -> str:
        return repr(self._notes())


# a sheet parsed whole, or its values in pieces parsed at once (`sheet_pieces`)
_Parsed = CalamineSheet | list[PieceValues]


class _Scan(NamedTuple):
    errors: dict[tuple[int, int], str]
    pieces: list[PieceValues] | None = None  # a large sheet parsed in pieces
    struck: frozenset[tuple[int, int]] = frozenset()


# below this size of XML a sheet's scan is quicker than handing it to a thread of its own
_SCAN_BESIDE_BYTES = 2 * 2**20


# workbook files being opened and parsed ahead (`read_ahead`), by the path given
_READ_AHEAD: dict[Path, Future[WorkbookFile]] = {}


def read_ahead(path: Path) -> None:
    """Begin opening `path` and parsing its sheets on a thread of its own, for the
    `open_workbook(path)` to come. A batch command starts it before it loads the rules: they
    load while python-calamine parses, which leaves Python free (it releases the GIL)."""
    opened: Future[WorkbookFile] = Future()

    def run() -> None:
        try:
            book = WorkbookFile(path, ahead=True)
            parses = book._plan_ahead()
        except BaseException as e:  # handed on: `open_workbook` raises it
            opened.set_exception(e)
            return
        opened.set_result(book)
        book._parse_ahead(parses)

    _READ_AHEAD[path] = opened
    Thread(target=run, name=f"read ahead {path.name}", daemon=True).start()


def open_workbook(path: Path) -> WorkbookFile:
    """The workbook file at `path`: the one being read ahead, or one opened now."""
    ahead = _READ_AHEAD.pop(path, None)
    return ahead.result() if ahead is not None else WorkbookFile(path)


class WorkbookFile:
    """An opened workbook file: its sheet names and, on demand, a sheet's values."""

    def __init__(self, path: Path, ahead: bool = False) -> None:
        """`ahead`: scan the sheets (and parse a large one in pieces) on other threads from
        the start, while python-calamine opens the workbook (`read_ahead`)."""
        self.path = path
        self._magic = magic = _check_file(path)
        self._xls: xlrd.book.Book | None = None
        self._xml_paths: dict[str, str] | None = None
        self._sizes: dict[str, int] | None = None
        self._scans: dict[str, Future[_Scan]] = {}
        self._raw = b""  # a package's bytes, read once
        self._struck: frozenset[int] | None = None  # `_struck_styles`
        self._package: zipfile.ZipFile | None = None
        if magic.startswith(ZIP_MAGIC):
            self._raw = path.read_bytes()
            self._package = _checked_zip(self._raw)
        elif magic == CFB_MAGIC:
            with path.open("rb") as fh:
                head = fh.read(CFB_DIRECTORY_BYTES)
            if password_protected(head):
                raise BookError(
                    "工作簿设有打开密码，请另存为无密码的副本后再处理",
                    "the workbook is password-protected",
                )
        else:
            raise BookError(
                "不是 Excel 工作簿（应为 .xlsx / .xlsm / .xls）", "not an Excel workbook"
            )
        _check_suffix(path, magic, self._package)
        if ahead and magic.startswith(ZIP_MAGIC):
            self._scans = self._start_scans(list(self._xml_sizes()))
        try:
            self._book = CalamineWorkbook.from_path(str(path))
        except (CalamineError, ValueError, OSError) as e:
            raise BookError(f"无法打开工作簿：{e}", f"cannot open the workbook: {e}") from None
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self.hidden = frozenset(
            m.name for m in self._book.sheets_metadata if m.visible != SheetVisibleEnum.Visible
        )

        # sheet name -> its parse and its scan, under way on other threads (`read_ahead`)
        self._ahead: dict[str, tuple[Future[_Parsed], Future[_Scan]]] = {}
        self._parsed_ahead = Event()  # the thread parsing ahead is done with the workbook
        self._parsed_ahead.set()

    def read(self, name: str) -> RawSheet:
        ahead = self._ahead.pop(name, None)
        if ahead is not None:
            parse, scan = ahead
            parsed = parse.result()
        elif self._xml_sizes().get(name, 0) < _SCAN_BESIDE_BYTES:
            self._parsed_ahead.wait()  # one thread at a time in the calamine workbook
            scan = Future()
            scan.set_result(self._scan(name))
            parsed = self._parsed(name, scan)
        else:
            # the scan inflates the sheet, which releases the GIL: run it beside calamine's
            # read rather than after it
            with ThreadPoolExecutor(max_workers=1) as pool:
                scan = pool.submit(self._scan, name)
                self._parsed_ahead.wait()
                parsed = self._parsed(name, scan)
        try:
            cells = _rows(name, parsed)
        except PiecesOverlap:  # rows out of order in the XML: only a whole parse places them
            self._parsed_ahead.wait()
            cells = _rows(name, self._whole(name))
        done = scan.result()
        return RawSheet(
            name, cells, done.errors, self._notes(name), done.struck, self._counts_from_1904()
        )

    def _counts_from_1904(self) -> bool:
        """The workbook's date system is 1904's: workbook.xml's `date1904`, or an .xls's
        date mode (its book is open once a sheet's error cells were scanned)."""
        if self._xls is not None:
            return bool(self._xls.datemode)
        if self._package is None:
            return False
        try:
            head = self._package.read("xl/workbook.xml")
        except KeyError:
            return False
        return _DATE_1904.search(head) is not None

    def _parsed(self, name: str, scan: Future[_Scan]) -> _Parsed:
        """The sheet parsed: in the pieces its scan parsed (a large sheet), or whole."""
        if self._large(name) and (pieces := scan.result().pieces) is not None:
            return pieces
        return self._whole(name)

    def _whole(self, name: str) -> CalamineSheet:
        try:
            return self._book.get_sheet_by_name(name)
        except (CalamineError, ValueError) as e:
            raise _unreadable(name, e) from None

    def _large(self, name: str) -> bool:
        return piece_count(self._xml_sizes().get(name, 0)) > 1

    def _plan_ahead(self) -> list[tuple[str, Future[_Parsed], Future[_Scan]]]:
        """Make every sheet's parse and scan a future `read` takes (the scans run on a thread
        of their own, now); the parses, smallest sheet first (the settings `load` reads first
        come first), are for `_parse_ahead` to make."""
        sizes = self._xml_sizes()
        order = sorted(self.sheet_names, key=lambda name: sizes.get(name, 0))
        scans = self._scans
        if missing := [name for name in order if name not in scans]:
            scans |= self._start_scans(missing)
        self._ahead = {name: (Future(), scans[name]) for name in order}
        self._parsed_ahead.clear()
        return [(name, *self._ahead[name]) for name in order]

    def _start_scans(self, names: list[str]) -> dict[str, Future[_Scan]]:
        """The sheets' scans, begun on a thread of their own, smallest sheet first."""
        sizes = self._xml_sizes()
        scans = ThreadPoolExecutor(max_workers=1)
        begun = {
            name: scans.submit(self._scan, name)
            for name in sorted(names, key=lambda name: sizes.get(name, 0))
        }
        scans.shutdown(wait=False)  # the scans go on; the thread ends after the last
        return begun

    def _parse_ahead(self, parses: list[tuple[str, Future[_Parsed], Future[_Scan]]]) -> None:
        try:
            for name, parse, scan in parses:
                try:
                    parse.set_result(self._parsed(name, scan))
                except BaseException as e:  # raised by `read`, as a parse there would raise it
                    parse.set_exception(e)
        finally:
            self._parsed_ahead.set()

    def _xml_sizes(self) -> dict[str, int]:
        """Sheet name -> the size of its XML unpacked (none for an .xls file)."""
        if self._sizes is None:  # two threads may both work it out: the same, set whole
            found: dict[str, int] = {}
            if (zf := self._parts()) is not None:
                sizes = {info.filename: info.file_size for info in zf.infolist()}
                found = {name: sizes.get(part, 0) for name, part in self._sheet_paths(zf).items()}
            self._sizes = found
        return self._sizes

    def _parts(self) -> zipfile.ZipFile | None:
        """The open package of an .xlsx/.xlsm file (None: a file without parts, .xls)."""
        return self._package if self.path.suffix.lower() in (".xlsx", ".xlsm") else None

    def _sheet_part(self, name: str) -> tuple[zipfile.ZipFile, str] | None:
        """The open package and the sheet's part name; None for a file without parts (.xls)
        or a sheet the package does not name."""
        zf = self._parts()
        part = self._sheet_paths(zf).get(name) if zf is not None else None
        return None if zf is None or part is None else (zf, part)

    def _scan(self, name: str) -> _Scan:
        """The sheet's error cells; a large sheet is parsed in pieces here too, from the XML
        the scan has inflated anyway."""
        if self._magic == CFB_MAGIC:
            return _Scan(self._xls_error_cells(name))
        found_part = self._sheet_part(name)
        if found_part is None:
            return _Scan({})
        zf, xml_path = found_part
        data = self._inflated(zf, xml_path)
        parsing = None
        if self._large(name):
            parts = self._sheet_paths(zf).values()
            parsing = parse_in_pieces(zf, xml_path, parts, name, data)
        errors = _error_cells(data)  # while the pieces are parsed
        struck = _struck_cells(data, self._struck_styles(zf))
        del data  # the pieces hold what they need of it
        return _Scan(errors, parsing() if parsing is not None else None, struck)

    def _struck_styles(self, zf: zipfile.ZipFile) -> frozenset[int]:
        """The cell formats (`s` indices) whose font is struck through; read once (the scans
        of several sheets may both read it: the same, set whole)."""
        if self._struck is None:
            self._struck = _struck_formats(zf)
        return self._struck

    def _inflated(self, zf: zipfile.ZipFile, part: str) -> bytes:
        """A part's bytes inflated in one call (`zip_parts`); a damaged entry is read by
        zipfile, which raises what is wrong with it."""
        try:
            return zip_parts.inflated(self._raw, zf.getinfo(part))
        except zip_parts.DamagedEntry:
            return zf.read(part)

    def _xls_book(self) -> xlrd.book.Book:
        """The .xls opened by xlrd, once: what calamine does not give (error cells, notes)."""
        import xlrd  # only for .xls: an .xlsx run does not pay for importing it

        if self._xls is None:
            try:
                # from bytes: no file handle kept open; on demand: only the sheets read
                self._xls = xlrd.open_workbook(file_contents=self.path.read_bytes(), on_demand=True)
            except xlrd.XLRDError as e:
                raise BookError(f"无法打开工作簿：{e}", f"cannot open the workbook: {e}") from None
        return self._xls

    def _xls_error_cells(self, name: str) -> dict[tuple[int, int], str]:
        """Error cells of an .xls sheet (#N/A ...), which calamine reads as blanks."""
        import xlrd

        sheet = self._xls_book().sheet_by_name(name)
        found: dict[tuple[int, int], str] = {}
        for r in range(sheet.nrows):
            for c, kind in enumerate(sheet.row_types(r)):
                if kind == xlrd.XL_CELL_ERROR:
                    code = sheet.cell_value(r, c)
                    found[(r, c)] = xlrd.error_text_from_code.get(code, "#N/A")
        return found

    def _notes(self, name: str) -> Mapping[tuple[int, int], str | None]:
        """The sheet's notes (comments), read when first asked for: only the computed
        columns' headers are (`sheets._programs`), and a template notes every header."""
        return _LazyNotes(lambda: self._read_notes(name))

    def _read_notes(self, name: str) -> dict[tuple[int, int], str | None]:
        """The notes from the comments part the sheet's relationships name (an .xls's from
        its sheet: the template's mark on its computed headers is a note)."""
        found: dict[tuple[int, int], str | None] = {}
        if self._magic == CFB_MAGIC:
            notes = self._xls_book().sheet_by_name(name).cell_note_map
            return {cell: note.text for cell, note in notes.items()}
        found_part = self._sheet_part(name)
        if found_part is None:
            return found
        zf, xml_path = found_part
        folder = posixpath.dirname(xml_path)
        rels_path = rels_of(xml_path)
        names = set(zf.namelist())
        if rels_path not in names:
            return found
        rels = ElementTree.fromstring(zf.read(rels_path))
        for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
            if not rel.get("Type", "").endswith("/comments"):
                continue
            part = part_name(folder, rel.get("Target", ""))
            if part not in names:
                continue
            for comment in ElementTree.fromstring(zf.read(part)).iter(f"{_NS_MAIN}comment"):
                ref = _REF.search(f'r="{comment.get("ref", "")}"'.encode())
                if ref:
                    text = "".join(t.text or "" for t in comment.iter(f"{_NS_MAIN}t"))
                    found[(int(ref[2]) - 1, column_index(ref[1]))] = text
        return found

    def _sheet_paths(self, zf: zipfile.ZipFile) -> dict[str, str]:
        """Sheet name -> part name, from workbook.xml and its relationships."""
        if self._xml_paths is None:
            workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            targets = {
                r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG_REL}Relationship")
            }
            # set whole: another thread (the scans, the notes) may ask at the same time
            self._xml_paths = {
                sheet.get("name", ""): part_name("xl", targets.get(sheet.get(f"{_NS_REL}id"), ""))
                for sheet in workbook.iter(f"{_NS_MAIN}sheet")
            }
        return self._xml_paths
