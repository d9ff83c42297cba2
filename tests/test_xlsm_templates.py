"""The macro templates (templates/*.xlsm): reproducible, their VBA equal to the sources
(read back with oletools' olevba), their buttons on every input sheet, bound to Subs that
call the csbook entry points."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlwings
from oletools.olevba import VBA_Parser

from csbook.io.templates import BUTTON_BAND, TEMPLATE_FILES, book_for, sheet_names
from csbook.rules.schema import BOOKS
from csbook.vba.build import BUTTONS, MACROS, build_templates, build_xlsm
from csbook.vba.modules import crlf

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "templates"
KINDS = list(TEMPLATE_FILES)
XLWINGS = Path(xlwings.__file__).parent
ENTRY_POINTS = {  # the fixed interface with csbook.excel.buttons
    "CsbookValidate": "validate",
    "CsbookCompute": "compute",
    "CsbookMonthSummary": "month_summary",
    "CsbookPenaltySummary": "penalty_summary",
    "CsbookClearMarks": "clear_marks",
}
CAPTIONS = {
    "校验": "CsbookValidate",
    "计算": "CsbookCompute",
    "月度汇总": "CsbookMonthSummary",
    "处罚汇总": "CsbookPenaltySummary",
    "清除标记": "CsbookClearMarks",
}


def xlsm_name(kind: str) -> str:
    return Path(TEMPLATE_FILES[kind]).with_suffix(".xlsm").name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("xlsm")
    return {kind: build_xlsm(kind, directory) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_committed_template_is_a_fresh_build(kind: str, built: dict[str, Path]) -> None:
    committed = COMMITTED / xlsm_name(kind)
    assert committed.exists(), "run scripts/build-templates and commit templates/"
    version = f"'Version: {xlwings.__version__}\r\n"
    assert version in olevba_sources(committed)["xlwings.bas"], (
        f"templates/ were built with another xlwings than the installed {xlwings.__version__}:"
        " install the version they were built with, or run scripts/build-templates"
    )
    assert committed.read_bytes() == built[kind].read_bytes(), "run scripts/build-templates"


def test_build_templates_writes_everything(tmp_path: Path) -> None:
    paths = build_templates(tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        [*TEMPLATE_FILES.values(), *(xlsm_name(k) for k in KINDS)]
    )


@pytest.mark.parametrize("kind", KINDS)
def test_two_builds_are_identical(kind: str, tmp_path: Path, built: dict[str, Path]) -> None:
    again = build_xlsm(kind, tmp_path)
    assert again.read_bytes() == built[kind].read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def olevba_sources(path: Path) -> dict[str, str]:
    """Module file name ('Sheet1.cls', 'xlwings.bas') -> its source, as olevba extracts it
    (Attribute lines included), with CRLF line endings."""
    parser = VBA_Parser(str(path))
    try:
        return {name: crlf(code) for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def without_class_header(text: str) -> str:
    return re.sub(r"\AVERSION 1\.0 CLASS\r\nBEGIN\r\n(?:.*\r\n)*?END\r\n", "", text)


def leading_attributes(text: str) -> tuple[list[str], str]:
    lines = text.split("\r\n")
    n = 0
    while n < len(lines) and lines[n].startswith("Attribute VB_"):
        n += 1
    return lines[:n], "\r\n".join(lines[n:])


@pytest.mark.parametrize("kind", KINDS)
def test_olevba_finds_the_sources(kind: str, built: dict[str, Path]) -> None:
    sources = olevba_sources(built[kind])
    documents = ["ThisWorkbook"] + [
        f"Sheet{n}" for n in range(1, len(sheet_names(book_for(kind))) + 1)
    ]
    macros = sorted(MACROS.glob("*.bas")) + sorted(MACROS.glob("*.cls"))
    assert macros
    assert set(sources) == {
        *(f"{d}.cls" for d in documents),
        *(p.name for p in macros),
        "xlwings.bas",
        "Dictionary.cls",
    }
    for document in documents:  # attributes only, no code
        attributes, code = leading_attributes(sources[f"{document}.cls"])
        assert attributes[0] == f'Attribute VB_Name = "{document}"'
        assert code == ""
    for path in macros:
        assert sources[path.name] == crlf(path.read_text(encoding="utf-8")), path.name
    assert sources["xlwings.bas"] == crlf((XLWINGS / "xlwings.bas").read_text())
    # the class: the file's code exactly; its attributes plus those the VBA editor adds
    installed = without_class_header(crlf((XLWINGS / "addin" / "Dictionary.cls").read_text()))
    file_attributes, file_code = leading_attributes(installed)
    attributes, code = leading_attributes(sources["Dictionary.cls"])
    assert code == file_code
    assert set(file_attributes) <= set(attributes)
    assert set(attributes) - set(file_attributes) == {
        'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = False",
    }


def public_subs(code: str) -> dict[str, str]:
    """Public Sub name -> its body."""
    found = re.finditer(
        r"^(?:Public )?Sub (\w+)\(\)\r\n(.*?)^End Sub", code, flags=re.MULTILINE | re.DOTALL
    )
    return {m[1]: m[2] for m in found}


def test_button_subs_call_the_entry_points() -> None:
    subs = public_subs(crlf((MACROS / "CsbookButtons.bas").read_text(encoding="utf-8")))
    assert set(ENTRY_POINTS) <= set(subs)
    for sub, entry in ENTRY_POINTS.items():
        body = subs[sub].strip()
        assert body == f'CsbookRun "import csbook.excel.buttons as b; b.{entry}()"', sub
    assert {
        caption: macro for buttons in BUTTONS.values() for caption, macro in buttons
    } == CAPTIONS


def test_entry_points_exist() -> None:
    """The Python side of the interface: each Sub's command imports and calls these."""
    import csbook.excel.buttons as buttons

    for entry in ENTRY_POINTS.values():
        assert callable(getattr(buttons, entry, None)), entry


def sheet_parts(path: Path) -> dict[str, dict[str, str]]:
    """Sheet name -> {'xml': the worksheet XML, 'vml': its legacy drawing (or '')}."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }

    def rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if rels_part not in z.namelist():
            return {}
        root = ElementTree.fromstring(z.read(rels_part))
        return {
            r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
            for r in root.findall("p:Relationship", ns)
        }

    out = {}
    with zipfile.ZipFile(path) as z:
        book_rels = rels(z, "xl/workbook.xml")
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        for sheet in workbook.findall("m:sheets/m:sheet", ns):
            part = book_rels[sheet.get(f"{{{ns['r']}}}id")]
            xml = z.read(part).decode()
            legacy = ElementTree.fromstring(xml).find("m:legacyDrawing", ns)
            vml = ""
            if legacy is not None:
                vml = z.read(rels(z, part)[legacy.get(f"{{{ns['r']}}}id")]).decode()
            out[sheet.get("name")] = {"xml": xml, "vml": vml}
    return out


def buttons_in(vml: str) -> list[dict]:
    """The form-control buttons of a VML drawing: caption, macro and anchor."""
    out = []
    for shape in re.findall(r"<v:shape .*?</v:shape>", vml, flags=re.DOTALL):
        if 'ObjectType="Button"' not in shape:
            continue
        anchor = re.search(r"<x:Anchor>(.*?)</x:Anchor>", shape)[1]
        out.append(
            {
                "caption": re.sub(
                    r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>", shape)[0]
                ),
                "macro": re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape)[1],
                "anchor": [int(v) for v in anchor.split(",")],
                "printed": re.search(r"<x:PrintObject>(\w+)<", shape)[1],
            }
        )
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_buttons_on_every_input_sheet(kind: str, built: dict[str, Path]) -> None:
    book = book_for(kind)
    parts = sheet_parts(built[kind])
    assert list(parts) == sheet_names(book)
    band_pixels = BUTTON_BAND * 4 // 3
    subs = public_subs(crlf((MACROS / "CsbookButtons.bas").read_text(encoding="utf-8")))
    for name, part in parts.items():
        buttons = buttons_in(part["vml"])
        if name not in [sheet.name for sheet in book.sheets]:
            assert buttons == [], name
            continue
        assert [(b["caption"], b["macro"]) for b in buttons] == list(BUTTONS[kind]), name
        for b in buttons:
            assert b["macro"] in subs  # every button's macro is a Sub of the project
            left_col, _, top_row, top, right_col, _, bottom_row, bottom = b["anchor"]
            assert top_row == bottom_row == 0, "inside row 1"
            assert 0 < top < bottom <= band_pixels, "inside the band above the header text"
            assert left_col <= right_col <= 5, "where the sheet opens"
            assert b["printed"] == "False"
        lefts = [(b["anchor"][0], b["anchor"][1]) for b in buttons]
        assert lefts == sorted(lefts), "left to right, in order"


@pytest.mark.parametrize("kind", KINDS)
def test_workbook_parts(kind: str, built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built[kind]) as z:
        types = z.read("[Content_Types].xml").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert "application/vnd.ms-office.vbaProject" in types
    assert 'codeName="ThisWorkbook"' in workbook
    for n, part in enumerate(sheet_parts(built[kind]).values(), start=1):
        assert f'<sheetPr codeName="Sheet{n}"' in part["xml"]


@pytest.mark.parametrize("kind", KINDS)
def test_header_row_stays_row_one(kind: str, built: dict[str, Path]) -> None:
    """The buttons take a band on top of row 1; the header texts stay in row 1, at its
    bottom, frozen, exactly those of the .xlsx template."""
    xlsm = openpyxl.load_workbook(built[kind])
    xlsx = openpyxl.load_workbook(COMMITTED / TEMPLATE_FILES[kind])
    assert xlsm.sheetnames == xlsx.sheetnames
    inputs = [sheet.name for sheet in book_for(kind).sheets]
    for name in xlsm.sheetnames:
        ws, plain = xlsm[name], xlsx[name]
        assert [c.value for c in ws[1]] == [c.value for c in plain[1]]
        assert ws.freeze_panes == plain.freeze_panes == "A2"
        if name in inputs:
            assert ws.row_dimensions[1].height == plain.row_dimensions[1].height + BUTTON_BAND
            assert {c.alignment.vertical for c in ws[1]} <= {None, "bottom"}  # bottom: default
        else:
            assert ws.row_dimensions[1].height == plain.row_dimensions[1].height


def test_reader_accepts_xlsm(built: dict[str, Path]) -> None:
    from datetime import date

    from csbook.io.workbook import load

    for kind, path in built.items():
        loaded = load(path, date(2026, 3, 1))
        assert loaded.schema.kind == kind
        assert loaded.findings == []


def test_every_book_has_buttons() -> None:
    assert set(BUTTONS) == {book.kind for book in BOOKS} == set(KINDS)
