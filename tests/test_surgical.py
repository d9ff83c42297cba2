"""SPEC §7: `csbook compute` writes only the cells it owns. A copy of a register carrying
what people add (VBA and buttons, an image, a chart, a pivot table, Excel 2010 dropdowns
and conditional formats, a threaded comment, defined names, a hidden column, protection,
print settings, formulas with cached values) differs from its input only in the worksheet
parts written, and there only in the owned cells; csbook, python-calamine and LibreOffice
read it back.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from libreoffice import convert
from lxml import etree
from package_features import FORMULAS, add_features
from python_calamine import CalamineWorkbook
from workbooks import COMPLAINT_ROWS, HANDOVER_ROWS, VISITS_ROWS, rows_of, shift, write_book

from csbook.cli import DEMO_AS_OF, main
from csbook.io import zip_parts
from csbook.io.sheets import PROGRAM_TAG, appended_header
from csbook.io.templates import TEMPLATE_FILES, book_for, build_template
from csbook.io.xlsx_cells import ColumnValues, SheetCells, serial
from csbook.io.xlsx_formulas import reads_changed
from csbook.io.xlsx_package import Package, PackageError
from csbook.pipeline import Options, check
from csbook.rules.schema import COMPLAINTS, HANDOVER, VISITS
from csbook.vba.build import BUTTONS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20 12:00"
COMPUTED = {s.name: [c.header for c in s.computed] for s in (VISITS, COMPLAINTS, HANDOVER)}
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REGISTERS = {
    "visits": {"回访登记": VISITS_ROWS, "投诉登记": COMPLAINT_ROWS},
    "handover": {"交接班": HANDOVER_ROWS},
}


def vba(kind: str) -> bytes:
    committed = ROOT / "templates" / Path(TEMPLATE_FILES[kind]).with_suffix(".xlsm").name
    with zipfile.ZipFile(committed) as zf:
        return zf.read("xl/vbaProject.bin")


def macro_register(folder: Path, kind: str) -> Path:
    """The macro template (VBA, form buttons) with rows typed in."""
    path = folder / TEMPLATE_FILES[kind]
    return build_template(kind, path, vba(kind), buttons=BUTTONS[kind], rows=REGISTERS[kind])


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("in")
    visits = add_features(macro_register(folder, "visits"), "回访登记", len(VISITS_ROWS))
    return {"visits": visits, "handover": macro_register(folder, "handover")}


def compute(source: Path, out: Path, *more: str) -> tuple[Path, str]:
    """Run `csbook compute`; the copy and what it printed on stderr."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["compute", str(source), "-o", str(out), "--as-of", AS_OF, *more])
    assert code in (0, 1), err.getvalue()
    copy = out / source.with_suffix(".xlsx" if source.suffix == ".xls" else source.suffix).name
    assert copy.exists()
    return copy, err.getvalue()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> part name, read the way Excel does (workbook.xml and its rels)."""
    data = parts(path)
    workbook = etree.fromstring(data["xl/workbook.xml"])
    rels = etree.fromstring(data["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {
        s.get("name"): posixpath.normpath(posixpath.join("/xl", targets[s.get(rid)]))[1:]
        for s in workbook.iter(f"{MAIN}sheet")
    }


def cell_xml(data: bytes) -> dict[str, bytes]:
    """Every <c> of a worksheet part, by reference, as XML."""
    root = etree.fromstring(data)
    return {c.get("r"): etree.tostring(c) for c in root.iter(f"{MAIN}c")}


def outside_cells(data: bytes) -> list[bytes]:
    """A worksheet part without its cells and <dimension>: everything else it holds."""
    root = etree.fromstring(data)
    for tag in ("sheetData", "dimension", "cols"):
        for el in root.findall(f"{MAIN}{tag}"):
            el.getparent().remove(el)
    return [etree.tostring(child) for child in root]


def owned_letters(path: Path, sheet: str) -> set[str]:
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header = values[0]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return {letters[c] for c, h in enumerate(header) if h in COMPUTED[sheet]}


def values(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
    }


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_only_the_owned_cells_change(kind: str, registers: dict[str, Path], tmp_path: Path) -> None:
    source = registers[kind]
    copy, _ = compute(source, tmp_path)
    before, after = parts(source), parts(copy)
    assert list(before) == list(after)  # same parts, same order ([Content_Types].xml first)
    written = {sheet_parts(source)[name]: name for name in REGISTERS[kind]}
    for name in before:
        if name not in written:
            assert before[name] == after[name], name
    for part, sheet in written.items():
        assert before[part] != after[part], f"nothing written into {sheet}"
        assert outside_cells(before[part]) == outside_cells(after[part]), sheet
        owned = owned_letters(source, sheet)
        old, new = cell_xml(before[part]), cell_xml(after[part])
        for ref in old.keys() | new.keys():
            if ref.rstrip("0123456789") not in owned:
                assert old.get(ref) == new.get(ref), (sheet, ref)
        added = {ref for ref in new.keys() - old.keys()}
        assert added, sheet
        # text written as text, numbers and dates as numbers, with the column's own look
        for ref in added:
            cell = etree.fromstring(new[ref])
            assert cell.get("t") in (None, "inlineStr"), (ref, new[ref])
            assert cell.find(f"{MAIN}f") is None
            assert cell.get("s") is not None, (ref, new[ref])


def test_the_copy_reads_back(registers: dict[str, Path], tmp_path: Path) -> None:
    source = registers["visits"]
    copy, printed = compute(source, tmp_path)
    assert printed == ""  # nothing lost, nothing stale: no note
    got = values(copy)
    # the user's formulas keep their cached values (calamine does not calculate)
    stats = {f"B{r + 1}": row[1] for r, row in enumerate(got["统计"]) if len(row) > 1}
    for ref, (_, cached, _) in FORMULAS.items():
        expected = cached.format(rows=len(VISITS_ROWS))
        assert str(stats[ref]).removesuffix(".0") == expected, ref
    assert got["透视"][-1][:2] == ["总计", 3.0]
    # csbook's own values are there, and the copy judges like its input
    header = got["回访登记"][0]
    status = [row[header.index("状态")] for row in got["回访登记"][1:]]
    assert status == ["已闭环", "复访超期", "待解决", "已闭环"]
    options = Options(as_of=datetime(2026, 11, 20, 12, 0))
    assert facts(check(copy, options)) == facts(check(source, options))


def facts(report: Any) -> list[tuple[Any, ...]]:
    assert report.error is None, report.error
    return [(f.rule, f.sheet, f.row, f.column, f.message("zh")) for f in report.findings]


def test_two_runs_give_identical_bytes(registers: dict[str, Path], tmp_path: Path) -> None:
    for source in registers.values():
        first, _ = compute(source, tmp_path / "1")
        second, _ = compute(source, tmp_path / "2")
        assert first.read_bytes() == second.read_bytes()
        # and computing the copy again changes nothing
        third, _ = compute(first, tmp_path / "3")
        assert third.read_bytes() == first.read_bytes()


def test_plain_zlib_writes_the_same_parts(
    registers: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where ISA-L has no wheel the standard zlib deflates: other bytes, the same contents,
    and still the same bytes on every run."""
    source = registers["visits"]
    fast, _ = compute(source, tmp_path / "isal")
    monkeypatch.setattr(zip_parts, "fast_zlib", zlib)
    plain, _ = compute(source, tmp_path / "zlib")
    assert plain.read_bytes() != fast.read_bytes()  # zlib did deflate this one
    assert parts(plain) == parts(fast)
    again, _ = compute(source, tmp_path / "zlib-again")
    assert again.read_bytes() == plain.read_bytes()
    with zipfile.ZipFile(plain) as zf:
        assert zf.testzip() is None


def test_libreoffice_opens_every_copy(registers: dict[str, Path], tmp_path: Path) -> None:
    copies = [compute(source, tmp_path / kind)[0] for kind, source in registers.items()]
    penalties = tmp_path / "处罚汇总表.xlsx"  # with its generated 月处罚汇总 sheet
    penalties.write_bytes((ROOT / "csbook" / "sample" / "处罚汇总表.xlsx").read_bytes())
    month = f"{DEMO_AS_OF:%Y-%m-%d %H:%M}"
    copies.append(compute(penalties, tmp_path / "penalties", "--as-of", month)[0])
    made = convert(copies, "xlsx", tmp_path / "lo", tmp_path / "profile")
    for copy, resaved in zip(copies, made, strict=True):
        ours, theirs = values(copy), values(resaved)
        for name, rows in ours.items():
            if name == "透视":  # LibreOffice lays the pivot table out anew, labels in its locale
                assert _numbers(theirs[name]) == _numbers(rows) == [1, 2, 3]
                continue
            assert _trimmed(theirs[name]) == _trimmed(rows), (copy.name, name)


def _numbers(rows: list[list[Any]]) -> list[float]:
    return [v for row in rows for v in row if isinstance(v, float | int)]


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    out = [[v for v in row] for row in rows]
    for row in out:
        while row and row[-1] == "":
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def test_penalty_copy_gets_its_month_sheet_with_cached_totals(tmp_path: Path) -> None:
    source = tmp_path / "处罚汇总表.xlsx"
    source.write_bytes((ROOT / "csbook" / "sample" / "处罚汇总表.xlsx").read_bytes())
    month = f"{DEMO_AS_OF:%Y-%m-%d %H:%M}"  # the sample's month: people with fines
    copy, _ = compute(source, tmp_path / "out", "--as-of", month)
    before, after = parts(source), parts(copy)
    added = set(after) - set(before)
    assert len(added) == 1 and added.pop().startswith("xl/worksheets/")
    edited = {n for n in before if before[n] != after.get(n)}
    computed = [s.name for s in book_for("penalties").sheets if s.computed]
    written = {sheet_parts(source)[name] for name in computed if name in sheet_parts(source)}
    allowed = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    allowed |= {"xl/styles.xml"} | written
    assert edited <= allowed, edited - allowed
    # the SUM formulas carry their values, which calamine reads
    sheet = values(copy)["月处罚汇总"]
    data = after[sheet_parts(copy)["月处罚汇总"]]
    formulas = [
        c for c in etree.fromstring(data).iter(f"{MAIN}c") if c.find(f"{MAIN}f") is not None
    ]
    assert formulas and all(c.find(f"{MAIN}f").text.startswith("SUM(") for c in formulas)
    for c in formulas:
        letters = c.get("r").rstrip("0123456789")
        row, column = int(c.get("r")[len(letters) :]), ord(letters) - 64
        assert sheet[row - 1][column - 1] == float(c.find(f"{MAIN}v").text), c.get("r")
    again, _ = compute(copy, tmp_path / "again", "--as-of", month)
    assert again.read_bytes() == copy.read_bytes()  # the month sheet replaced by the same


@pytest.mark.parametrize(
    ("formula", "stale"),
    [
        ("COUNTA('回访登记'!B2:B9)", False),
        ('COUNTIF(回访登记!S2:S9,"复访超期")', True),
        ("COUNTIF(回访登记!A:Z,1)", True),
        ("SUM(S2:S9)", False),  # on its own sheet, not the register
        ('INDIRECT("回访登记!S2")', True),
        ("SUM(回访登记!2:3)", True),
        ('"回访登记!S2"&A1', False),  # text, not a reference
        ("COUNTA(登记客户)", False),  # a defined name over an input column
        ("COUNTA(登记结果)+1", True),  # ... and one over the computed column
        ("[1]名录!$B$2", False),  # another workbook's cell
        ("VLOOKUP(B2,'[2]客户 名录'!$A$2:$S$99,2,0)", False),  # another workbook's range
        ("[1]名录!$B$2+COUNTIF(回访登记!S2:S9,1)", True),
        ("SUM(登记表[状态])", True),  # a table's column: could be a computed one
    ],
)
def test_formulas_reading_changed_cells(formula: str, stale: bool) -> None:
    names = {"登记客户": "'回访登记'!$B$2:$B$9", "登记结果": "回访登记!$S$2:$S$9"}
    assert reads_changed(formula, "统计", {"回访登记": {19}}, names) is stale


def test_a_formula_over_a_computed_column_is_recalculated_and_said(
    registers: dict[str, Path], tmp_path: Path
) -> None:
    source = tmp_path / "in" / "回访登记表.xlsm"
    source.parent.mkdir()
    source.write_bytes(registers["visits"].read_bytes())
    data = parts(source)
    stats = sheet_parts(source)["统计"]
    data[stats] = data[stats].replace(
        b"COUNTA(&apos;", b"X"
    )  # keep the formula count; point one formula at 状态 instead
    data[stats] = data[stats].replace(
        b"<f>SUM(E2:E3)</f>", '<f>COUNTIF(回访登记!S2:S9,"已闭环")</f>'.encode()
    )
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    copy, printed = compute(source, tmp_path / "out")
    assert "重新计算" in printed
    workbook = etree.fromstring(parts(copy)["xl/workbook.xml"])
    assert workbook.find(f"{MAIN}calcPr").get("fullCalcOnLoad") == "1"


def test_an_xls_gets_a_plain_xlsx_copy_and_says_what_it_lacks(
    registers: dict[str, Path], tmp_path: Path
) -> None:
    xls = convert([registers["handover"]], "xls", tmp_path / "in", tmp_path / "profile")[0]
    copy, printed = compute(xls, tmp_path / "out")
    assert copy.suffix == ".xlsx"
    assert ".xls" in printed and "宏" in printed and "格式" in printed
    got = values(copy)["交接班"]
    header = got[0]
    # the .xls keeps the template's notes on its computed headers, the program's mark: its
    # own columns are written, no tagged set beside them (SPEC §1.0)
    assert not [h for h in header if h and "程序计算" in str(h)], header
    assert [row[header.index("到岗状态")] for row in got[1:]] == ["按时", "迟到"]
    # the plain copy keeps the notes: computing it again gives the same copy, not a second
    # set of columns (the copy is what the branch keeps and computes next week)
    again, _ = compute(copy, tmp_path / "again")
    assert values(again) == values(copy)


def test_a_computed_cell_inside_a_shared_formula_gets_a_plain_copy(
    registers: dict[str, Path], tmp_path: Path
) -> None:
    """csbook never rewrites one cell of a shared formula: the copy is a plain .xlsx and
    compute says why and what it lacks."""
    source = tmp_path / "in" / "交接班记录.xlsm"
    source.parent.mkdir()
    data = parts(registers["handover"])
    part = sheet_parts(registers["handover"])["交接班"]
    last = max(owned_letters(registers["handover"], "交接班"))  # 校验提示, the last column
    # the first data row holds the formula, the second shares it (row 1 is the header)
    rows = data[part].split(b"</row>")
    rows[1] += (
        f'<c r="{last}2"><f t="shared" ref="{last}2:{last}3" si="0">1+1</f><v>2</v></c>'.encode()
    )
    rows[2] += f'<c r="{last}3"><f t="shared" si="0"/><v>2</v></c>'.encode()
    data[part] = b"</row>".join(rows)
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        main(["compute", str(source), "-o", str(tmp_path / "out"), "--as-of", AS_OF])
    printed = err.getvalue()
    assert "共享公式" in printed and "宏" in printed, printed
    copy = tmp_path / "out" / "交接班记录.xlsx"
    assert not (tmp_path / "out" / source.name).exists()
    got = values(copy)["交接班"]
    assert [row[got[0].index("到岗状态")] for row in got[1:]] == ["按时", "迟到"]
    again, _ = compute(copy, tmp_path / "again")  # its own columns still its own
    assert values(again) == values(copy)


def test_dates_are_serials_of_the_workbooks_own_date_system() -> None:
    assert serial(datetime(2026, 11, 7), date1904=False) == 46333
    assert serial(datetime(2026, 11, 7), date1904=True) == 46333 - 1462
    assert serial(datetime(2026, 11, 3, 7, 50), date1904=False) == 46329 + (7 * 60 + 50) / 1440


def test_leftovers_cleared_a_footer_kept_and_calc_chain_dropped(tmp_path: Path) -> None:
    """A row holding only values in csbook's columns is an earlier run's leftover and is
    emptied; a 合计 row with the person's formula in an owned column is theirs and kept. A
    formula typed over an owned cell is replaced: calcChain.xml, which lists it, goes."""
    # the program's columns, as an earlier run added them: headers tagged 程序计算
    headers = [c.header for c in HANDOVER.columns] + [appended_header(c) for c in HANDOVER.computed]
    letter = {h.removesuffix(PROGRAM_TAG): chr(65 + i) for i, h in enumerate(headers)}
    tag = dict(zip(letter, headers, strict=True))
    rows = rows_of(
        headers,
        [
            shift("2026-11-03", "早班", "李娜", "王强"),
            {**shift("2026-11-03", "中班", "王强", "赵敏"), tag["校验提示"]: ("formula", "=1+1")},
            {
                tag["到岗状态"]: "迟到",
                tag["校验提示"]: "上次的提示",
            },  # row 4: left by an earlier run
            {
                "日期": "合计",
                tag["提前分钟"]: ("formula", f"=SUM({letter['提前分钟']}2:{letter['提前分钟']}3)"),
            },
        ],
    )
    (tmp_path / "in").mkdir()
    source = write_book(tmp_path / "in" / "交接班记录.xlsx", {"交接班": (headers, rows)})
    data = parts(source)
    part = sheet_parts(source)["交接班"]
    data["xl/calcChain.xml"] = (
        f'<calcChain xmlns="{MAIN[1:-1]}"><c r="{letter["校验提示"]}3" i="1"/>'
        f'<c r="{letter["提前分钟"]}5"/></calcChain>'
    ).encode()
    chain_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
    data["[Content_Types].xml"] = data["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/calcChain.xml" ContentType="{chain_type}"/></Types>'.encode(),
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
    data["xl/_rels/workbook.xml.rels"] = data["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{rel}" Target="calcChain.xml"/></Relationships>'.encode(),
    )
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    copy, _ = compute(source, tmp_path / "out")
    after = parts(copy)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    old, new = cell_xml(data[part]), cell_xml(after[part])
    footer = f"{letter['提前分钟']}5"
    assert new[footer] == old[footer] and b"<f>" in new[footer]
    got = values(copy)["交接班"]
    assert [got[3][headers.index(tag[h])] for h in ("到岗状态", "校验提示")] == ["", ""]
    assert got[4][0] == "合计"
    assert got[2][headers.index(tag["到岗状态"])] == "按时"
    assert got[2][headers.index(tag["校验提示"])] != 2
    assert b"<f>" not in new[f"{letter['校验提示']}3"]


EXCEL_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    b' mc:Ignorable="x14ac xr xr2"'
    b' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    b' xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"'
    b' xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"'
    b' xr:uid="{00000000-0001-0000-0000-000000000000}"><dimension ref="A1:B3"/>'
    b'<sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
    b'<c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>'
    b'<row r="3" spans="1:2"><c r="B3"><f t="shared" si="0"/><v>4</v></c></row></sheetData>'
    b"</worksheet>"
)


def test_an_excel_sheet_keeps_its_declarations_and_order() -> None:
    sheet = SheetCells(EXCEL_SHEET, date1904=False)
    sheet.write(1, 4, "=SUM(A1)")  # formula-looking text
    sheet.write(2, 3, " 前后空格 ")  # a row that did not exist, between rows 1 and 3
    sheet.write(3, 1, "bell\x07")  # a character XML cannot hold
    with pytest.raises(PackageError, match="shared"):
        sheet.write(2, 2, 1)  # inside B1:B3's shared formula
    out = sheet.finish()
    head = EXCEL_SHEET.split(b"<dimension")[0].split(b"?>")[1].strip()
    root = etree.fromstring(out)
    assert root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable") == (
        "x14ac xr xr2"
    )
    for declaration in head.split(b" ")[1:]:
        if declaration.startswith(b"xmlns"):
            assert declaration in out, declaration
    assert [r.get("r") for r in root.iter(f"{MAIN}row")] == ["1", "2", "3"]
    assert [c.get("r") for c in root.iter(f"{MAIN}c")] == ["A1", "B1", "D1", "C2", "A3", "B3"]
    assert root.find(f"{MAIN}dimension").get("ref") == "A1:D3"
    assert root.find(f"{MAIN}sheetData")[0].get("spans") == "1:4"
    texts = {c.get("r"): "".join(c.itertext()) for c in root.iter(f"{MAIN}c")}
    assert texts["D1"] == "=SUM(A1)" and texts["C2"] == " 前后空格 "
    assert texts["A3"] == "bell_x0007_"
    assert b'xml:space="preserve"' in out
    for ref in ("D1", "C2", "A3"):
        assert root.find(f".//{MAIN}c[@r='{ref}']").get("t") == "inlineStr"


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in: it then follows each entry with a data
    descriptor, as some zip tools and streaming writers do."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += b
        return len(b)


def stored_bytes(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each entry's (compression, CRC, compressed bytes as they sit in the file)."""
    raw = path.read_bytes()
    found = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            at = info.header_offset
            start = at + 30 + int.from_bytes(raw[at + 26 : at + 28], "little")
            start += int.from_bytes(raw[at + 28 : at + 30], "little")
            found[info.filename] = (
                info.compress_type,
                info.CRC,
                raw[start : start + info.compress_size],
            )
    return found


def test_unchanged_entries_keep_their_compressed_bytes(
    registers: dict[str, Path], tmp_path: Path
) -> None:
    """An entry compute does not edit is copied as stored, whatever wrote it: deflated at
    any level, stored uncompressed, followed by a data descriptor."""
    stream = _Unseekable()
    with zipfile.ZipFile(stream, "w") as zf:
        for i, (name, content) in enumerate(parts(registers["visits"]).items()):
            stored = name.endswith(".bin") or i % 3 == 0
            zf.writestr(
                name,
                content,
                compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
                compresslevel=9,
            )
    source = tmp_path / "in" / "回访登记表.xlsm"
    source.parent.mkdir()
    source.write_bytes(bytes(stream.data))
    with zipfile.ZipFile(source) as zf:
        assert all(info.flag_bits & 0x08 for info in zf.infolist())
    copy, _ = compute(source, tmp_path / "out")
    with zipfile.ZipFile(copy) as zf:
        assert zf.testzip() is None
        assert not any(info.flag_bits & 0x08 for info in zf.infolist())
    before, after = stored_bytes(source), stored_bytes(copy)
    assert list(before) == list(after)
    written = {sheet_parts(source)[name] for name in REGISTERS["visits"]}
    kept = [name for name in before if name not in written and name != "xl/styles.xml"]
    assert any(before[name][0] == zipfile.ZIP_STORED for name in kept)
    for name in kept:
        assert before[name] == after[name], name
    assert (
        values(copy)["回访登记"]
        == values(compute(registers["visits"], tmp_path / "2")[0])["回访登记"]
    )


ROW_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1" spans="2:5"><c r="B1"><v>1</v></c>\n  <c r="E1" s="2"><v>5</v></c>'
    b"<extLst><ext/></extLst></row>\n"
    b'<row r="2"><c><v>1</v></c><c r="C2"><v>3</v></c></row>'
    b'<row r="3"><c r="A3"><v>1</v></c> x <c r="B3"><v>2</v></c></row>'
    b"</sheetData></worksheet>"
)


def test_a_row_is_cut_back_as_far_as_the_cells_written() -> None:
    """A cell written left of a row's last cells goes in its place, the cells around it
    keep their bytes; a row whose cells carry no address takes no insertion; text between
    cells is refused, not dropped."""
    sheet = SheetCells(ROW_SHEET, date1904=False)
    sheet.write(1, 6, "末")  # right of every cell
    sheet.write(1, 3, 3)  # between B1 and E1: the row is cut further back
    assert sheet.cell_style(1, 5) == 2
    sheet.write(2, 1, 7)  # the first cell, placed by position
    with pytest.raises(PackageError, match="addresses"):
        sheet.write(2, 2, 9)
    out = sheet.finish()
    assert (
        b'<row r="1" spans="2:6"><c r="B1"><v>1</v></c>\n  <c r="C1"><v>3</v></c>'
        b'<c r="E1" s="2"><v>5</v></c><c r="F1" t="inlineStr"><is><t>\xe6\x9c\xab</t></is></c>'
        b"<extLst><ext/></extLst></row>"
    ) in out
    assert b'<row r="2"><c r="A2"><v>7</v></c><c r="C2"><v>3</v></c></row>' in out
    with pytest.raises(PackageError, match="between cells"):
        SheetCells(ROW_SHEET, date1904=False).write(3, 1, 5)


ROWS_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\n'
    b'<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="D1" s="3"><v>9</v></c></row>\n'
    b'<row r="2" spans="1:2"><c r="A2"><v>1</v></c><c r="B2" s="1"/></row>\n'  # plain
    b'<row r="3"><c r="A3"><v>1</v></c></row>'  # no spans hint
    b'<row r="4" spans="1:4"><c r="A4"><v>1</v></c><c r="C4"><v>old</v></c></row>'  # a value
    b'<row r="5" spans="1:1"><c r="A5"><v>1</v></c><extLst><ext/></extLst></row>'  # extLst
    b'<row r="6" spans="1:1"/>'  # no cells
    b'<row r="8" spans="1:5"><c r="A8"><v>1</v></c><c r="E8"><v>5</v></c></row>'  # right of
    b'<row r="9" spans="1:1"><c r="A9"><is><r><rPr><color rgb="FF0000"/></rPr>'  # rich text
    b"<t>x</t></r></is></c></row>\n"
    b'<row r="10"><c r="A10"><v>1</v></c><c s="2" r="E10"><v>5</v></c></row>'  # r not first
    b"</sheetData></worksheet>"
)


def test_a_run_of_rows_is_written_as_row_by_row() -> None:
    """The computed columns of a run of rows (cells put before a row's end tag where every
    cell lies left of them) give the bytes that writing each row's cells one by one gives:
    rows with a value there already, an extLst, no cells, a cell right of them, rich text, a
    cell whose address is not its first attribute, a row the sheet lacks; the whitespace
    between rows is kept."""
    rows = [2, 3, 4, 5, 6, 7, 8, 9, 10]
    texts = ["甲", None, "乙", "丙", None, "丁", "戊", "己", "庚"]
    days: list[datetime | None] = [datetime(2026, 3, d) for d in range(1, 10)]
    days[1] = None
    columns = [
        ColumnValues(3, texts, 5, lambda style, value: style),
        ColumnValues(4, days, None, lambda style, value: 7 if style is None else style),
    ]
    together = SheetCells(ROWS_SHEET, date1904=False)
    together.write_rows(rows, columns)
    one_by_one = SheetCells(ROWS_SHEET, date1904=False)
    for k, r in enumerate(rows):
        cells: dict[int, tuple[Any, int | None, str | None]] = {}
        for col in columns:
            value = col.values[k]
            style = col.style if col.style is not None else one_by_one.cell_style(r, col.column)
            cells[col.column] = (
                (value, col.shown(style, value), None) if value else (None, None, None)
            )
        one_by_one.write_row(r, cells)
    out = together.finish()
    assert out == one_by_one.finish()
    assert together.changed_columns == {3, 4} and one_by_one.changed_columns == {3, 4}
    assert b'</row>\n<row r="2" spans="1:4"><c r="A2"><v>1</v></c><c r="B2" s="1"/>' in out
    assert b'<c r="C3" s="5"/>' not in out and b"old" not in out  # emptied
    assert b'<c r="D1" s="3"><v>9</v></c>' in out
    assert b'<c r="D4" s="7"><v>46084</v></c>' in out
    assert b'<c r="C5" s="5" t="inlineStr"><is><t>\xe4\xb8\x99</t></is></c>' in out
    assert b'<c r="D5" s="7"><v>46085</v></c><extLst><ext/></extLst></row>' in out
    assert b'<row r="7"><c r="C7" s="5" t="inlineStr">' in out
    assert b'<c r="D8" s="7"><v>46088</v></c><c r="E8"><v>5</v></c>' in out
    assert b'</t></r></is></c><c r="C9"' in out
    assert b'<c r="D10" s="7"><v>46090</v></c><c s="2" r="E10"><v>5</v></c></row>' in out
    root = etree.fromstring(out)
    assert [r.get("r") for r in root.iter(f"{MAIN}row")] == [str(r) for r in range(1, 11)]


def test_a_damaged_entry_is_refused(tmp_path: Path) -> None:
    """A part whose bytes do not match their CRC, or do not inflate, is never written from:
    the package is refused (compute then writes a plain copy)."""
    source = tmp_path / "book.xlsx"
    build_template("visits", source)
    raw = source.read_bytes()
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo("xl/styles.xml")
    at = info.header_offset
    start = at + 30 + int.from_bytes(raw[at + 26 : at + 28], "little")
    start += int.from_bytes(raw[at + 28 : at + 30], "little")
    for damage, message in ((b"\xff\xff\xff\xff", "styles.xml"), (b"\x00", "styles.xml")):
        broken = tmp_path / "broken.xlsx"
        middle = start + info.compress_size // 2
        broken.write_bytes(raw[:middle] + damage + raw[middle + len(damage) :])
        with pytest.raises(PackageError, match=message):
            Package(broken).read("xl/styles.xml")


def test_a_strict_open_xml_workbook_gets_a_plain_copy_and_says_so(tmp_path: Path) -> None:
    """Excel's "Strict Open XML Spreadsheet" keeps every part in other namespaces: csbook does
    not edit it in place, and says that is why (not a missing part it does have)."""
    sample = ROOT / "csbook" / "sample" / "交接班记录.xlsx"
    source = tmp_path / "in" / "交接班记录.xlsx"
    source.parent.mkdir()
    with zipfile.ZipFile(sample) as zf, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename.endswith(".xml"):
                data = data.replace(
                    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
            out.writestr(info, data)
    copy, printed = compute(source, tmp_path / "out")
    assert "Strict Open XML" in printed and "cellXfs" not in printed, printed
    assert [row[values(copy)["交接班"][0].index("到岗状态")] for row in values(copy)["交接班"][1:3]]
