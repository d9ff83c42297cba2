"""[MS-OVBA] a source-only VBA project: the streams of vbaProject.bin.

    PROJECT            §2.3.1  text: the modules, the name, protection state, host extenders
    PROJECTwm          §2.3.3  module names in MBCS and UTF-16
    VBA/_VBA_PROJECT   §2.3.4.1  7 bytes, Version 0xFFFF: no p-code, no PerformanceCache
    VBA/dir            §2.3.4.2  compressed records: project information, references, modules
    VBA/<module>       §2.3.4.3  each module's source, compressed, at offset 0

With Version 0xFFFF (§1.6 and §2.3.4.1: what a writer other than an Office application
writes), Office ignores the missing p-code and compiles the module source on first open.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .cfb import compound_file
from .compression import compress


class ModuleKind(Enum):
    """A module's kind, by its PROJECT stream keyword (§2.3.1.3 - §2.3.1.5). In the dir
    stream's MODULETYPE (§2.3.4.2.3.2.8) a procedural module is 0x0021, the others 0x0022."""

    PROCEDURAL = "Module"  # a standard module (.bas)
    DOCUMENT = "Document"  # the workbook's or a sheet's code module
    CLASS = "Class"  # a class module (.cls)


@dataclass(frozen=True)
class Module:
    name: str
    kind: ModuleKind
    code: str  # as the module stream holds it: its Attribute lines, then the code
    docstring: str = ""  # MODULEDOCSTRING (a class's VB_Description)


# Registered type library references (§2.3.4.2.2.5): stdole and Office, those of a new
# Excel workbook's project (the VBA and Excel libraries themselves are not listed)
REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb"
        "#OLE Automation",
    ),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files"
        r"\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)
SYSKIND_WIN64 = 3  # §2.3.4.2.1.1, as in the Excel-made reference file
LCID = 0x0409  # §2.3.4.2.1.3 / .4: MUST be 0x409
HOST_EXTENDER_VBE = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
VBA_PROJECT = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001)  # §2.3.4.1


def _record(rid: int, data: bytes) -> bytes:
    """A dir stream record: Id (2 bytes), Size (4 bytes), data."""
    return struct.pack("<HI", rid, len(data)) + data


def _text_records(rid: int, unicode_id: int, text: str, codec: str) -> bytes:
    """A record pair of MBCS text and its UTF-16 twin (e.g. PROJECTDOCSTRING §2.3.4.2.1.6)."""
    return _record(rid, text.encode(codec)) + _record(unicode_id, text.encode("utf-16-le"))


def dir_stream(modules: Sequence[Module], name: str, codepage: int) -> bytes:
    """§2.3.4.2 the dir stream, uncompressed."""
    codec = f"cp{codepage}"
    out = bytearray()
    # §2.3.4.2.1 PROJECTINFORMATION
    out += _record(0x0001, struct.pack("<I", SYSKIND_WIN64))  # PROJECTSYSKIND
    out += _record(0x0002, struct.pack("<I", LCID))  # PROJECTLCID
    out += _record(0x0014, struct.pack("<I", LCID))  # PROJECTLCIDINVOKE
    out += _record(0x0003, struct.pack("<H", codepage))  # PROJECTCODEPAGE
    out += _record(0x0004, name.encode(codec))  # PROJECTNAME
    out += _text_records(0x0005, 0x0040, "", codec)  # PROJECTDOCSTRING
    out += _record(0x0006, b"") + _record(0x003D, b"")  # PROJECTHELPFILEPATH
    out += _record(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _record(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    # PROJECTVERSION §2.3.4.2.1.11: Reserved (4, MUST be 4), VersionMajor, VersionMinor
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)
    out += _text_records(0x000C, 0x003C, "", codec)  # PROJECTCONSTANTS
    # §2.3.4.2.2 PROJECTREFERENCES: REFERENCENAME + REFERENCEREGISTERED each
    for ref_name, libid in REFERENCES:
        out += _text_records(0x0016, 0x003E, ref_name, codec)
        lib = libid.encode(codec)
        out += _record(0x000D, struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0))
    # §2.3.4.2.3 PROJECTMODULES, PROJECTCOOKIE (0xFFFF), then one MODULE record each
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))
    for m in modules:
        out += _record(0x0019, m.name.encode(codec))  # MODULENAME
        out += _record(0x0047, m.name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _text_records(0x001A, 0x0032, m.name, codec)  # MODULESTREAMNAME
        out += _text_records(0x001C, 0x0048, m.docstring, codec)  # MODULEDOCSTRING
        out += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source at 0
        out += _record(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        module_type = 0x0021 if m.kind is ModuleKind.PROCEDURAL else 0x0022
        out += struct.pack("<HI", module_type, 0)  # MODULETYPE: Id, Reserved
        out += struct.pack("<HI", 0x002B, 0)  # Terminator, Reserved
    out += struct.pack("<HI", 0x0010, 0)  # dir stream Terminator, Reserved
    return bytes(out)


def encrypt(project_id: str, data: bytes, seed: int, ignored: bytes) -> str:
    """§2.4.3.2 Data Encryption (an obfuscation keyed on the project's ID), as hex text.
    `ignored` supplies the (seed & 6) / 2 bytes the spec leaves to the writer's choice."""
    version = 2
    key = sum(project_id.encode("ascii")) & 0xFF  # §2.4.3.1 ProjKey
    out = bytearray([seed, seed ^ version, seed ^ key])
    unencrypted, enc1, enc2 = key, seed ^ key, seed ^ version
    plain = ignored[: (seed & 6) // 2] + struct.pack("<I", len(data)) + data
    for byte in plain:
        enc = byte ^ ((enc2 + unencrypted) & 0xFF)
        out.append(enc)
        enc2, enc1, unencrypted = enc1, enc, byte
    return out.hex().upper()


def project_stream(modules: Sequence[Module], name: str, project_id: str, codepage: int) -> bytes:
    """§2.3.1 the PROJECT stream: an unprotected, visible project without a password."""
    digest = hashlib.sha256(project_id.encode()).digest()  # fixed 'random' bytes
    protection = encrypt(project_id, bytes(4), digest[0], digest[1:4])
    password = encrypt(project_id, bytes(1), digest[4], digest[5:8])
    visibility = encrypt(project_id, b"\xff", digest[8], digest[9:12])
    lines = [f'ID="{project_id}"']
    for m in modules:  # §2.3.1.3 - §2.3.1.5 ProjectModule
        suffix = "/&H00000000" if m.kind is ModuleKind.DOCUMENT else ""
        lines.append(f"{m.kind.value}={m.name}{suffix}")
    lines += [
        f'Name="{name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{protection}"',  # §2.3.1.15 ProjectProtectionState: 4 bytes, unprotected
        f'DPB="{password}"',  # §2.3.1.16 ProjectPassword: one 0x00 byte, no password
        f'GC="{visibility}"',  # §2.3.1.17 ProjectVisibilityState: 0xFF, visible
        "",
        "[Host Extender Info]",  # §2.3.1.18
        HOST_EXTENDER_VBE,
        "",
        "[Workspace]",  # §2.3.1.19: window positions, all closed
        *(f"{m.name}=0, 0, 0, 0, C" for m in modules),
    ]
    return "".join(line + "\r\n" for line in lines).encode(f"cp{codepage}")


def project_wm(modules: Sequence[Module], codepage: int) -> bytes:
    """§2.3.3 the PROJECTwm stream: NAMEMAP records, then a 0x0000 terminator."""
    out = bytearray()
    for m in modules:
        out += m.name.encode(f"cp{codepage}") + b"\x00"
        out += m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out) + b"\x00\x00"


def vba_project_bin(
    modules: Sequence[Module],
    *,
    name: str = "VBAProject",
    codepage: int = 936,
    project_id: str | None = None,
) -> bytes:
    """vbaProject.bin holding `modules`. The code page is the one the module text is
    written in (936: simplified Chinese, what a Chinese Windows' Excel writes); the project
    ID defaults to one derived from the module names, so the same input gives the same
    bytes."""
    names = [m.name for m in modules]
    if len({n.lower() for n in names}) != len(names):
        raise ValueError(f"module names must be unique (case-insensitively): {names}")
    if project_id is None:
        project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "csbook:" + ",".join(names))) + "}"
    project_id = project_id.upper()
    codec = f"cp{codepage}"
    streams = {
        "PROJECT": project_stream(modules, name, project_id, codepage),
        "PROJECTwm": project_wm(modules, codepage),
        "VBA/_VBA_PROJECT": VBA_PROJECT,
        "VBA/dir": compress(dir_stream(modules, name, codepage)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.code.encode(codec))
    return compound_file(streams)
