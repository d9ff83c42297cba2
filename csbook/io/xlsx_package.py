"""An .xlsx/.xlsm package opened for surgical edits (SPEC §7): a part is inflated only when
an edit reads it, replaced only when an edit needs it, and on saving every other part is
copied as stored — its compressed bytes, CRC, timestamps and entry order as read, never
inflated and deflated again — so a copy differs from its input only in the parts edited.

Workbook-level edits live here: which part holds which sheet (through workbook.xml and its
relationships, never by guessing `sheetN.xml`), adding a sheet, dropping calcChain.xml,
asking Excel to recalculate on open.
"""

from __future__ import annotations

import copy
import io
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from . import zip_parts
from .source import BookError, part_name

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_REL = f"{REL}/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
PRINT_TITLES, FILTER_NAME = "_xlnm.Print_Titles", "_xlnm._FilterDatabase"  # sheet-local names
NEW_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed stamp: two runs give identical bytes

# no DTD, no entities, no network: a part is data; huge_tree for 100,000-row sheets
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, collect_ids=False)
# the children of <workbook> from <definedNames> on, in the order the schema requires
_WORKBOOK_TAIL = (
    *("definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches"),
    *("smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects"),
    "extLst",
)


_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"


class PackageError(BookError):
    """The package cannot be edited safely (the caller then writes a plain copy)."""


def q(name: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{name}"


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def insert_before(parent: etree._Element, child: etree._Element, later: tuple[str, ...]) -> None:
    """Put `child` before the first of `parent`'s children named in `later` (schema order)."""
    names = {q(n) for n in later}
    for i, existing in enumerate(parent):
        if existing.tag in names:
            parent.insert(i, child)
            return
    parent.append(child)


class Package:
    def __init__(self, path: Path) -> None:
        try:
            self._raw = path.read_bytes()  # a few MB: the stored parts are copied from here
            self._zip = zipfile.ZipFile(io.BytesIO(self._raw))
        except (zipfile.BadZipFile, OSError) as e:
            raise PackageError(f"文件无法解压：{e}", f"not a readable zip: {e}") from None
        self._infos = self._zip.infolist()
        if any(info.flag_bits & 1 for info in self._infos):
            raise PackageError("文件中有加密的部件", "an encrypted zip entry")
        self._parts = {info.filename for info in self._infos}  # the parts the copy holds
        for needed in (WORKBOOK, WORKBOOK_RELS, CONTENT_TYPES):
            if needed not in self._parts:
                raise PackageError(f"缺少 {needed}", f"no {needed}")
        self._data: dict[str, bytes] = {}  # parts inflated or replaced
        self._trees: dict[str, etree._Element] = {}
        self.changed: set[str] = set()
        self.workbook = self.tree(WORKBOOK)
        if self.workbook.tag.startswith(_STRICT):  # every part in other namespaces
            raise PackageError(
                "Strict Open XML 格式的工作簿，csbook 不能原样写入",
                "a Strict Open XML workbook, which csbook does not edit in place",
            )
        pr = self.workbook.find(q("workbookPr"))
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")

    # -- parts ----------------------------------------------------------------------------

    def has(self, part: str) -> bool:
        return part in self._parts

    def read(self, part: str) -> bytes:
        if part in self._trees:
            return serialize(self._trees[part])
        if part not in self._data:
            if part not in self._parts:
                raise KeyError(part)
            self._data[part] = self._inflated(self._zip.getinfo(part))
        return self._data[part]

    def _inflated(self, info: zipfile.ZipInfo) -> bytes:
        try:
            return zip_parts.inflated(self._raw, info)
        except zip_parts.DamagedEntry as e:
            raise PackageError(e.zh, e.en) from None

    def _stored(self, info: zipfile.ZipInfo) -> memoryview:
        try:
            return zip_parts.stored(self._raw, info)
        except zip_parts.DamagedEntry as e:
            raise PackageError(e.zh, e.en) from None

    def tree(self, part: str) -> etree._Element:
        """A part's parsed XML, to edit in place: it is written back when saved."""
        if part not in self._trees:
            self._trees[part] = parse(self.read(part))
        return self._trees[part]

    def touch(self, part: str) -> None:
        """Mark a parsed part as edited."""
        self.changed.add(part)

    def put(self, part: str, data: bytes) -> None:
        self._trees.pop(part, None)
        self._data[part] = data
        self._parts.add(part)
        self.changed.add(part)

    def drop(self, part: str) -> None:
        self._trees.pop(part, None)
        self._data.pop(part, None)
        self._parts.discard(part)
        self.changed.add(part)

    def save(self, dest: Path) -> None:
        """Write the package: edited parts re-serialized, every other part as stored."""
        written = set()
        with zipfile.ZipFile(dest, "w") as out:
            for info in self._infos:
                name = info.filename
                if name not in self._parts:
                    continue  # dropped
                written.add(name)
                if name not in self.changed:  # as stored: bytes, CRC and sizes as read
                    _append(out, copy.copy(info), self._stored(info))
                    continue
                _append(out, *_packed(copy.copy(info), self.read(name)))
            for name in sorted(self._parts - written):  # added parts, in a stable order
                info = zipfile.ZipInfo(name, NEW_ENTRY_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                _append(out, *_packed(info, self.read(name)))

    # -- sheets ---------------------------------------------------------------------------

    def _rels(self) -> etree._Element:
        return self.tree(WORKBOOK_RELS)

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> part name, in the workbook's order."""
        targets = {r.get("Id"): r.get("Target", "") for r in self._rels()}
        parts = {}
        for sheet in self.workbook.iter(q("sheet")):
            target = targets.get(sheet.get(q("id", REL)), "")
            if target:
                parts[sheet.get("name", "")] = part_name("xl", target)
        return parts

    def add_sheet(self, name: str, data: bytes) -> str:
        """A new worksheet part named `name`, last in the workbook; returns its part name."""
        n = 1
        while self.has(f"xl/worksheets/sheet{n}.xml"):
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.put(part, data)
        rels = self._rels()
        ids = {r.get("Id") for r in rels}
        k = 1
        while f"rId{k}" in ids:
            k += 1
        rel = etree.SubElement(rels, q("Relationship", PKG_REL))
        rel.set("Id", f"rId{k}")
        rel.set("Type", WORKSHEET_REL)
        rel.set("Target", f"worksheets/sheet{n}.xml")
        self.touch(WORKBOOK_RELS)
        sheets = self.workbook.find(q("sheets"))
        if sheets is None:
            raise PackageError("workbook.xml 缺少 sheets", "workbook.xml without sheets")
        sheet_id = max((int(s.get("sheetId", "0")) for s in sheets), default=0) + 1
        sheet = etree.SubElement(sheets, q("sheet"))
        sheet.set("name", name)
        sheet.set("sheetId", str(sheet_id))
        sheet.set(q("id", REL), f"rId{k}")
        self.touch(WORKBOOK)
        types = self.tree(CONTENT_TYPES)
        override = etree.SubElement(types, q("Override", TYPES))
        override.set("PartName", f"/{part}")
        override.set("ContentType", WORKSHEET_TYPE)
        self.touch(CONTENT_TYPES)
        return part

    def sheet_index(self, name: str) -> int:
        names = [s.get("name") for s in self.workbook.iter(q("sheet"))]
        return names.index(name)

    def set_sheet_name(self, sheet: str, name: str, ranges: Sequence[str]) -> None:
        """Excel's defined name `name` of sheet `sheet` (_xlnm.Print_Titles: `$A:$B`, `$1:$1`;
        _xlnm._FilterDatabase, hidden as Excel writes it) set to `ranges` of that sheet, or
        removed when there are none. Left as it is when it already says that."""
        index = str(self.sheet_index(sheet))
        quoted = "'" + sheet.replace("'", "''") + "'"
        wanted = ",".join(f"{quoted}!{r}" for r in ranges) or None
        names = self.workbook.find(q("definedNames"))
        current = None
        if names is not None:
            for d in names:
                if d.get("name") == name and d.get("localSheetId") == index:
                    current = d
        if (current.text if current is not None else None) == wanted:
            return
        if names is not None and current is not None:
            names.remove(current)
        if wanted is not None:
            if names is None:
                names = etree.Element(q("definedNames"))
                insert_before(self.workbook, names, _WORKBOOK_TAIL[1:])
            d = etree.SubElement(names, q("definedName"))
            d.set("name", name)
            d.set("localSheetId", index)
            if name == FILTER_NAME:
                d.set("hidden", "1")
            d.text = wanted
        elif names is not None and len(names) == 0:
            self.workbook.remove(names)
        self.touch(WORKBOOK)

    def defined_names(self) -> dict[str, str]:
        """The workbook's own names (not Excel's _xlnm.*) -> what they stand for."""
        names = self.workbook.find(q("definedNames"))
        if names is None:
            return {}
        return {
            d.get("name", ""): d.text or ""
            for d in names
            if not d.get("name", "").startswith("_xlnm.")
        }

    # -- calculation ----------------------------------------------------------------------

    def drop_calc_chain(self) -> None:
        """Excel repairs a file whose calcChain.xml lists a formula cell that is gone; without
        the chain it simply rebuilds it."""
        rels = self._rels()
        for rel in list(rels):
            if rel.get("Type", "").endswith("/calcChain"):
                part = part_name("xl", rel.get("Target", ""))
                rels.remove(rel)
                self.touch(WORKBOOK_RELS)
                self.drop(part)
                types = self.tree(CONTENT_TYPES)
                for o in list(types):
                    if o.get("PartName") == f"/{part}":
                        types.remove(o)
                        self.touch(CONTENT_TYPES)

    def recalculate_on_open(self) -> None:
        calc = self.workbook.find(q("calcPr"))
        if calc is None:
            calc = etree.Element(q("calcPr"))
            insert_before(self.workbook, calc, _WORKBOOK_TAIL[2:])
        calc.set("fullCalcOnLoad", "1")
        self.touch(WORKBOOK)


def _packed(entry: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
    """An entry for `data`: stored if the input stored it, else deflated at level 1; its
    flags and permissions as ZipFile.writestr sets them."""
    entry.flag_bits = 0
    entry.external_attr = entry.external_attr or 0o600 << 16
    entry.file_size, entry.CRC = len(data), zip_parts.fast_zlib.crc32(data)
    if entry.compress_type == zipfile.ZIP_STORED:
        packed = data
    else:
        entry.compress_type = zipfile.ZIP_DEFLATED
        packer = zip_parts.fast_zlib.compressobj(1, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
    entry.compress_size = len(packed)
    return entry, packed


def _append(out: zipfile.ZipFile, entry: zipfile.ZipInfo, packed: bytes | memoryview) -> None:
    """An entry into `out`, its compressed bytes `packed`: the local header is written from
    the entry's record (the true CRC and sizes, so no data descriptor follows), then the
    bytes, and the entry is recorded as ZipFile.writestr records one, so that the central
    directory lists it."""
    entry.flag_bits &= ~0x08
    assert out.fp is not None
    entry.header_offset = out.fp.tell()
    out.fp.write(entry.FileHeader())
    out.fp.write(packed)
    out.filelist.append(entry)
    out.NameToInfo[entry.filename] = entry
    out.start_dir = out.fp.tell()
