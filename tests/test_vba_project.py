"""Our vbaProject.bin against the one Excel made inside xlwings' quickstart_standalone.xlsm,
both parsed by the same reader: the same streams, the same dir-stream record sequence, the
same PROJECT stream layout — so that a structural slip shows up here, not on a user's PC."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import olefile
import pytest
import xlwings
from oletools.olevba import VBA_Parser

from csbook.io.templates import TEMPLATE_FILES
from csbook.vba.build import project_modules
from csbook.vba.compression import decompress
from csbook.vba.modules import WORKBOOK_BASE, WORKSHEET_BASE, document_module, xlwings_modules
from csbook.vba.project import Module, ModuleKind, encrypt, vba_project_bin

QUICKSTART = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
KINDS = list(TEMPLATE_FILES)


@dataclass
class Project:
    """What the reader finds in a vbaProject.bin."""

    streams: set[str]
    vba_project: bytes  # the _VBA_PROJECT stream
    records: list[tuple[int, bytes]]  # the dir stream's records (id, payload)
    project_lines: list[str]  # the PROJECT stream
    wm: list[tuple[str, str]]  # PROJECTwm: (MBCS name, UTF-16 name)
    codepage: int
    sources: dict[str, str]  # module name -> source text

    def ids(self) -> list[int]:
        return [rid for rid, _ in self.records]


def dir_records(data: bytes) -> list[tuple[int, bytes]]:
    """[MS-OVBA] §2.3.4.2: records are Id (2 bytes), Size (4 bytes), payload; except
    PROJECTVERSION (0x0009), whose 'Size' is a Reserved 4 followed by 6 bytes, and the
    MODULETYPE, MODULEREADONLY, MODULEPRIVATE and terminator records, whose 'Size' is a
    Reserved 0 (which the generic rule reads right)."""
    out = []
    pos = 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        if rid == 0x0009:
            size = 6
        out.append((rid, data[pos : pos + size]))
        pos += size
    return out


def read_project(data: bytes) -> Project:
    ole = olefile.OleFileIO(io.BytesIO(data))
    streams = {"/".join(p) for p in ole.listdir()}
    records = dir_records(decompress(ole.openstream("VBA/dir").read()))
    codepage = next(struct.unpack("<H", payload)[0] for rid, payload in records if rid == 3)
    codec = f"cp{codepage}"
    sources: dict[str, str] = {}
    name = stream = ""
    for rid, payload in records:
        if rid == 0x0019:  # MODULENAME
            name = payload.decode(codec)
        elif rid == 0x001A:  # MODULESTREAMNAME
            stream = payload.decode(codec)
        elif rid == 0x0031:  # MODULEOFFSET
            offset = struct.unpack("<I", payload)[0]
            raw = ole.openstream(f"VBA/{stream}").read()
            sources[name] = decompress(raw[offset:]).decode(codec)
    wm_raw = ole.openstream("PROJECTwm").read()
    wm = []
    pos = 0
    while wm_raw[pos : pos + 2] != b"\x00\x00":
        end = wm_raw.index(b"\x00", pos)
        mbcs = wm_raw[pos:end].decode(codec)
        pos = end + 1
        uend = next(i for i in range(pos, len(wm_raw), 2) if wm_raw[i : i + 2] == b"\x00\x00")
        wm.append((mbcs, wm_raw[pos:uend].decode("utf-16-le")))
        pos = uend + 2
    return Project(
        streams=streams,
        vba_project=ole.openstream("VBA/_VBA_PROJECT").read(),
        records=records,
        project_lines=ole.openstream("PROJECT").read().decode(codec).split("\r\n"),
        wm=wm,
        codepage=codepage,
        sources=sources,
    )


def excel_bin() -> bytes:
    with zipfile.ZipFile(QUICKSTART) as z:
        return z.read("xl/vbaProject.bin")


@pytest.fixture(scope="module")
def excel() -> Project:
    return read_project(excel_bin())


@pytest.fixture(scope="module", params=KINDS)
def ours(request: pytest.FixtureRequest) -> Project:
    return read_project(vba_project_bin(project_modules(request.param)))


def grammar(records: list[tuple[int, bytes]]) -> dict:
    """The dir stream's record sequence in its parts (§2.3.4.2): the project information,
    each reference's records, the modules header, each module's records, the end."""
    ids = [rid for rid, _ in records]
    first_ref = ids.index(0x0016)
    modules_at = ids.index(0x000F)
    references: list[tuple[int, ...]] = []
    for rid in ids[first_ref:modules_at]:
        # a reference starts at a REFERENCENAME that does not belong to a REFERENCECONTROL
        if rid == 0x0016 and (not references or references[-1][-1] != 0x002F):
            references.append((rid,))
        else:
            references[-1] += (rid,)
    modules: list[tuple[int, ...]] = []
    for rid in ids[modules_at + 2 : -1]:
        if rid == 0x0019:
            modules.append((rid,))
        else:
            modules[-1] += (rid,)
    return {
        "information": ids[:first_ref],
        "references": references,
        "modules_header": ids[modules_at : modules_at + 2],
        "modules": modules,
        "end": ids[-1],
    }


def test_same_streams(ours: Project, excel: Project) -> None:
    def shape(p: Project) -> set[str]:
        return p.streams - {f"VBA/{name}" for name in p.sources}

    assert shape(ours) == shape(excel) == {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"}
    assert ours.streams == shape(ours) | {f"VBA/{name}" for name in ours.sources}
    # §2.3.4.1: Version 0xFFFF, no PerformanceCache — what Excel's file holds too
    assert ours.vba_project == excel.vba_project == bytes.fromhex("cc61ffff000100")


def test_same_dir_record_sequence(ours: Project, excel: Project) -> None:
    mine, theirs = grammar(ours.records), grammar(excel.records)
    assert mine["information"] == theirs["information"]
    assert mine["modules_header"] == theirs["modules_header"] == [0x000F, 0x0013]
    assert mine["end"] == theirs["end"] == 0x0010
    # each of our references has the form of one in Excel's file (REFERENCEREGISTERED)
    assert set(mine["references"]) <= set(theirs["references"])
    assert mine["references"] == [(0x0016, 0x003E, 0x000D)] * 2
    # every module's records are those of an Excel module of the same type
    assert set(mine["modules"]) == set(theirs["modules"])
    assert len(mine["modules"]) == len(ours.sources)


def test_dir_values(ours: Project) -> None:
    values = dict(ours.records)
    assert struct.unpack("<I", values[0x0002])[0] == 0x409  # PROJECTLCID MUST be 0x409
    assert struct.unpack("<I", values[0x0014])[0] == 0x409  # PROJECTLCIDINVOKE
    assert ours.codepage == 936
    assert values[0x0004] == b"VBAProject"
    module_types = {}
    name = ""
    for rid, payload in ours.records:
        if rid == 0x0019:
            name = payload.decode()
        if rid in (0x0021, 0x0022):
            module_types[name] = rid
        if rid == 0x0031:
            assert payload == bytes(4), "source at offset 0: no PerformanceCache"
        if rid in (0x0013, 0x002C):
            assert payload == b"\xff\xff", "cookies are 0xFFFF on write"
    assert module_types["CsbookButtons"] == module_types["xlwings"] == 0x0021
    assert module_types["ThisWorkbook"] == module_types["Dictionary"] == 0x0022


def keys(lines: list[str]) -> list[str]:
    """The PROJECT stream's lines reduced to their keys, module lines to one 'module'."""
    out = []
    for line in lines:
        key = line.split("=", 1)[0] if "=" in line else line
        if key in ("Document", "Module", "Class"):
            key = "module"
        if key.startswith("&H"):
            key = line  # a host extender: compare it whole
        if not out or key != "module" or out[-1] != "module":
            out.append(key)
    return out


def test_project_stream(ours: Project, excel: Project) -> None:
    workspace = ours.project_lines.index("[Workspace]")
    excel_workspace = excel.project_lines.index("[Workspace]")
    assert keys(ours.project_lines[:workspace]) == keys(excel.project_lines[:excel_workspace])
    modules = [
        line for line in ours.project_lines if line.split("=")[0] in ("Document", "Module", "Class")
    ]
    assert modules[0] == "Document=ThisWorkbook/&H00000000"
    assert "Module=CsbookButtons" in modules
    assert "Module=xlwings" in modules
    assert "Class=Dictionary" in modules
    assert [m.split("=")[1].split("/")[0] for m in modules] == list(ours.sources)
    assert ours.project_lines[-1] == ""  # ends with CRLF


def decrypt(text: str, project_id: str) -> tuple[int, bytes, bytes]:
    """[MS-OVBA] §2.4.3.3 Decryption: (seed, ignored bytes, data)."""
    raw = bytes.fromhex(text)
    seed, version_enc, key_enc = raw[:3]
    assert seed ^ version_enc == 2
    key = seed ^ key_enc
    assert key == sum(project_id.encode()) & 0xFF
    plain = bytearray()
    unencrypted, enc1, enc2 = key, key_enc, version_enc
    for enc in raw[3:]:
        byte = enc ^ ((enc2 + unencrypted) & 0xFF)
        plain.append(byte)
        enc2, enc1, unencrypted = enc1, enc, byte
    n = (seed & 6) // 2
    length = struct.unpack_from("<I", plain, n)[0]
    assert length == len(plain) - n - 4
    return seed, bytes(plain[:n]), bytes(plain[n + 4 :])


def project_values(p: Project) -> dict[str, str]:
    return {
        k: v.strip('"') for k, v in (line.split("=", 1) for line in p.project_lines if "=" in line)
    }


def test_encryption_reproduces_excel(excel: Project) -> None:
    values = project_values(excel)
    for key in ("CMG", "DPB", "GC"):
        seed, ignored, data = decrypt(values[key], values["ID"])
        assert encrypt(values["ID"], data, seed, ignored) == values[key]


def test_unprotected_visible_no_password(ours: Project) -> None:
    values = project_values(ours)
    assert decrypt(values["CMG"], values["ID"])[2] == bytes(4)
    assert decrypt(values["DPB"], values["ID"])[2] == b"\x00"
    assert decrypt(values["GC"], values["ID"])[2] == b"\xff"


def test_projectwm(ours: Project) -> None:
    assert ours.wm == [(name, name) for name in ours.sources]


def test_olevba_strict_reader_accepts_it() -> None:
    """oletools in strict mode raises on any value the spec forbids."""
    for kind in KINDS:
        data = vba_project_bin(project_modules(kind))
        parser = VBA_Parser("vbaProject.bin", data=data, relaxed=False)
        names = [vba_filename for _, _, vba_filename, _ in parser.extract_macros()]
        assert "CsbookButtons.bas" in names
        assert "Dictionary.cls" in names


def test_document_modules_as_excel_writes_them(excel: Project) -> None:
    assert document_module("ThisWorkbook", WORKBOOK_BASE).code == excel.sources["ThisWorkbook"]
    assert document_module("Sheet1", WORKSHEET_BASE).code == excel.sources["Sheet1"]


def test_xlwings_modules_as_excel_stores_them(excel: Project) -> None:
    """The .cls import (header dropped, VB_Base etc. added) gives Excel's stored text. The
    VBA editor re-cases identifiers across a project (err/Err), hence casefold."""
    xlwings_module, dictionary = xlwings_modules()
    assert xlwings_module.code == excel.sources["xlwings"].replace("\n", "\r\n")
    excel_dictionary = excel.sources["Dictionary"]
    head = excel_dictionary[: excel_dictionary.index("\r\n'")]  # the attribute block
    assert head.startswith('Attribute VB_Name = "Dictionary"\r\nAttribute VB_Base = ')
    assert dictionary.code.startswith(head)
    assert dictionary.code.casefold() == excel_dictionary.casefold()
    docstrings = [payload for rid, payload in excel.records if rid == 0x001C]
    assert dictionary.docstring.encode("cp1252") == docstrings[-1]


def test_deterministic_and_distinct() -> None:
    one = vba_project_bin(project_modules("visits"))
    assert one == vba_project_bin(project_modules("visits"))
    assert one != vba_project_bin(project_modules("handover"))  # another sheet count


def test_bad_input() -> None:
    module = Module("A", ModuleKind.PROCEDURAL, 'Attribute VB_Name = "A"\r\n')
    with pytest.raises(ValueError, match="unique"):
        vba_project_bin([module, Module("a", ModuleKind.PROCEDURAL, "")])
    with pytest.raises(UnicodeEncodeError):
        vba_project_bin([Module("A", ModuleKind.PROCEDURAL, 'MsgBox "\U0001f600"')])
