"""VBA modules from source files, as the VBA editor would store them after an import.

A `.bas` file is stored as it is; a `.cls` file loses its `VERSION 1.0 CLASS` / `BEGIN` ..
`END` header and gains the attributes the editor adds (VB_Base, VB_TemplateDerived,
VB_Customizable), as in the Excel-made reference file. Document modules (the workbook's and
each sheet's) carry only their attributes. Line endings become CRLF.
"""

from __future__ import annotations

import re
from pathlib import Path

from .project import Module, ModuleKind

WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"  # Excel's Workbook class
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"  # Excel's Worksheet class
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"  # a VBA class module

_ATTRIBUTE = re.compile(r"Attribute (VB_\w+) = (.*)")


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _split(text: str) -> tuple[dict[str, str], str]:
    """The leading `Attribute VB_x = value` lines (in order) and the code after them."""
    attributes: dict[str, str] = {}
    lines = text.split("\r\n")
    n = 0
    while n < len(lines) and (match := _ATTRIBUTE.fullmatch(lines[n])):
        attributes[match[1]] = match[2]
        n += 1
    return attributes, "\r\n".join(lines[n:])


def _join(attributes: dict[str, str], code: str) -> str:
    return "".join(f"Attribute {k} = {v}\r\n" for k, v in attributes.items()) + code


def document_module(name: str, base: str) -> Module:
    """The code module of the workbook (WORKBOOK_BASE) or of a sheet (WORKSHEET_BASE)."""
    attributes = {
        "VB_Name": f'"{name}"',
        "VB_Base": f'"{base}"',
        "VB_GlobalNameSpace": "False",
        "VB_Creatable": "False",
        "VB_PredeclaredId": "True",
        "VB_Exposed": "True",
        "VB_TemplateDerived": "False",
        "VB_Customizable": "True",
    }
    return Module(name, ModuleKind.DOCUMENT, _join(attributes, ""))


def read_module(path: Path) -> Module:
    """A standard (.bas) or class (.cls) module from its exported source file."""
    path = Path(path)
    text = crlf(path.read_text(encoding="utf-8"))
    if path.suffix.lower() == ".cls":
        header = re.match(r"VERSION 1\.0 CLASS\r\nBEGIN\r\n(?:.*\r\n)*?END\r\n", text)
        if header is None:
            raise ValueError(f"{path}: a class module starts with VERSION 1.0 CLASS / BEGIN / END")
        attributes, code = _split(text[header.end() :])
        ordered = {"VB_Name": attributes.pop("VB_Name", ""), "VB_Base": f'"{CLASS_BASE}"'}
        for key in ("VB_GlobalNameSpace", "VB_Creatable", "VB_PredeclaredId", "VB_Exposed"):
            ordered[key] = attributes.pop(key, "False")
        ordered |= {"VB_TemplateDerived": "False", "VB_Customizable": "False"} | attributes
        kind, attributes = ModuleKind.CLASS, ordered
    elif path.suffix.lower() == ".bas":
        attributes, code = _split(text)
        kind = ModuleKind.PROCEDURAL
    else:
        raise ValueError(f"{path}: not a .bas or .cls module")
    name = attributes.get("VB_Name", "").strip('"')
    if not name:
        raise ValueError(f'{path}: the first line must be Attribute VB_Name = "..."')
    description = attributes.get("VB_Description", '""')[1:-1]
    docstring = description.replace("\\r", "\r").replace("\\n", "\n")
    return Module(name, kind, _join(attributes, code), docstring)


def xlwings_modules() -> list[Module]:
    """The standalone xlwings VBA module and the Dictionary class it uses, from the
    installed xlwings package (so a template matches the xlwings beside it)."""
    import xlwings

    root = Path(xlwings.__file__).parent
    return [read_module(root / "xlwings.bas"), read_module(root / "addin" / "Dictionary.cls")]
