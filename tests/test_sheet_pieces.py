"""A large sheet parsed in pieces on several threads (csbook/io/sheet_pieces.py) reads exactly
as the sheet parsed whole: every workbook of the corpus, the sample and the templates read
both ways, sheet by sheet, and awkward sheet XML written by hand (rows missing at a cut, a
later piece wider or starting right of column A, a merged range across a cut, an error cell in
a later piece, a cut row without its number, prefixed elements)."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from corpus.build import build
from libreoffice import convert

from csbook.cli import render_json
from csbook.io import sheet_pieces
from csbook.io.source import RawSheet, WorkbookFile, open_workbook, read_ahead
from csbook.pipeline import Options, check

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime(2026, 11, 30, 23, 59)


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every sheet parsed in three pieces where it can be; the piece counts of the sheets
    that were (a test asserts that some were, so it cannot pass by never splitting)."""
    monkeypatch.setattr(sheet_pieces, "SPLIT_BYTES", 1)
    monkeypatch.setattr(sheet_pieces, "CORES", 3)
    monkeypatch.setattr(sheet_pieces, "MAX_PIECES", 4)  # more than the two the product uses
    made: list[int] = []
    parse = sheet_pieces.parse_in_pieces

    def counted(*args: object) -> object:
        parsing = parse(*args)  # type: ignore[arg-type]
        if parsing is None:
            return None

        def parsed() -> object:
            pieces = parsing()
            if pieces is not None:
                made.append(len(pieces))
            return pieces

        return parsed

    monkeypatch.setattr("csbook.io.source.parse_in_pieces", counted)
    return made


def read_all(path: Path) -> dict[str, RawSheet]:
    book = WorkbookFile(path)
    return {name: book.read(name) for name in book.sheet_names}


def whole(path: Path) -> dict[str, RawSheet]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sheet_pieces, "SPLIT_BYTES", 10**12)
        return read_all(path)


def office_books(folder: Path) -> list[Path]:
    build(folder)
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm"))
    found += sorted((ROOT / "csbook" / "sample").glob("*.xlsx"))
    found += sorted((ROOT / "templates").glob("*.xls[xm]"))
    return found


def test_every_corpus_sample_and_template_sheet_reads_the_same_in_pieces(tmp_path, split):
    books = office_books(tmp_path)
    assert len(books) > 40
    for path in books:
        expected = whole(path)
        got = read_all(path)
        assert got == expected, path
    # the corpus' sheets are small: not every one has three numbered rows to cut at
    assert len(split) > len(books), "most books have sheets parsed in pieces"


def test_validate_output_is_the_same_in_pieces(split):
    path = ROOT / "csbook" / "sample" / "回访登记表.xlsx"
    options = Options(as_of=AS_OF)
    in_pieces = json.loads(render_json([check(path, options)], "zh"))
    assert len(split) >= 2 and set(split) == {3}, "the registers are parsed in three pieces"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sheet_pieces, "SPLIT_BYTES", 10**12)
        at_once = json.loads(render_json([check(path, options)], "zh"))
    assert in_pieces == at_once
    assert in_pieces["files"][0]["findings"], "the sample month has findings to compare"


# --- sheet XML written by hand -------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(path: Path, sheet_xml: str, prefix: str = "") -> Path:
    """A workbook of one sheet 表 whose XML is `sheet_xml` (its rows), plus a small second
    sheet; `prefix`: the main namespace written with a prefix (`x:`), as some tools do."""
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {ns}><{p}sheetData>{sheet_xml}'
        f"</{p}sheetData>"
        '<mergeCells count="1"><mergeCell ref="A3:A7"/></mergeCells>'.replace(
            "<m", f"<{p}m"
        ).replace("</m", f"</{p}m")
        + f"</{p}worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_REL}"><sheets>'
            '<sheet name="表" sheetId="1" r:id="rId1"/><sheet name="其他" sheetId="2" '
            'r:id="rId2"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/a.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_REL}/worksheet" Target="worksheets/b.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/worksheets/a.xml", sheet)
        z.writestr(
            "xl/worksheets/b.xml",
            f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
            '<c r="A1" t="inlineStr"><is><t>别的表</t></is></c></row></sheetData></worksheet>',
        )
    return path


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def number(ref: str, value: float) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def awkward_rows(numbered_cut_rows: bool = True) -> str:
    """Rows 1–12 with gaps; rows 9–12 fill only columns C..F (a later piece starts right of
    column A and is wider); A3 is merged down to A7 (across a cut); F11 holds #N/A."""
    rows = [
        f'<row r="1">{text("A1", "标题")}</row>',
        f'<row r="2">{text("A2", "日期")}{text("B2", "客户")}</row>',
        f'<row r="3">{text("A3", "合并的值")}{number("B3", 1)}</row>',
        f'<row r="4">{number("B4", 2)}</row>',
        f'<row r="5">{number("B5", 3)}</row>',
        f'<row r="7">{number("B7", 4)}</row>',
        f'<row r="9">{text("C9", "靠右")}</row>',
        f'<row r="10">{number("D10", 5)}</row>',
        f'<row r="11">{text("C11", "x")}<c r="F11" t="e"><v>#N/A</v></c></row>',
        f'<row r="12">{number("E12", 6.5)}</row>',
    ]
    if not numbered_cut_rows:  # no row carries its number: each counts on from the last
        rows = [row.replace(row[: row.index(">") + 1], "<row >") for row in rows]
        rows = [row.replace("<row >", '<row spans="1:6">') for row in rows]
    return "".join(rows)


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_awkward_rows_read_the_same_in_pieces(tmp_path, split, monkeypatch, pieces):
    monkeypatch.setattr(sheet_pieces, "CORES", pieces)
    path = package(tmp_path / "表.xlsx", awkward_rows())
    expected = whole(path)
    got = read_all(path)
    assert split == [pieces]
    assert got == expected
    cells = got["表"].cells
    assert [row[0] for row in cells[2:7]] == ["合并的值"] * 5  # filled down across the cuts
    assert cells[8][2] == "靠右" and cells[11][4] == 6.5
    assert len({len(row) for row in cells}) == 1 and len(cells[0]) == 6
    assert got["表"].errors == {(10, 5): "#N/A"}


def test_a_cut_at_a_row_without_its_number_parses_whole(tmp_path, split):
    path = package(tmp_path / "表.xlsx", awkward_rows(numbered_cut_rows=False))
    expected = whole(path)
    assert read_all(path) == expected
    assert split == []
    assert expected["表"].cells[0][0] == "标题"


def test_prefixed_elements_parse_whole(tmp_path, split):
    path = package(
        tmp_path / "表.xlsx",
        awkward_rows()
        .replace("<row", "<x:row")
        .replace("</row", "</x:row")
        .replace("<c ", "<x:c ")
        .replace("</c>", "</x:c>")
        .replace("<v>", "<x:v>")
        .replace("</v>", "</x:v>")
        .replace("<is>", "<x:is>")
        .replace("</is>", "</x:is>")
        .replace("<t>", "<x:t>")
        .replace("</t>", "</x:t>"),
        prefix="x",
    )
    expected = whole(path)
    got = read_all(path)
    assert split == []
    assert got == expected and expected["表"].cells[2][0] == "合并的值"


def test_cut_points_fall_on_numbered_rows():
    xml = f"<worksheet><sheetData>{awkward_rows()}</sheetData></worksheet>".encode()
    cuts = sheet_pieces.cut_points(xml, 3)
    assert cuts is not None and len(cuts) == 4
    assert xml[cuts[0] - len(b"<sheetData>") : cuts[0]] == b"<sheetData>"
    assert all(xml.startswith(b'<row r="', at) for at in cuts[1:-1])
    assert xml.startswith(b"</sheetData>", cuts[-1])
    assert sheet_pieces.cut_points(b"<worksheet><sheetData/></worksheet>", 2) is None


def test_read_ahead_in_pieces_reads_the_same(split):
    """The batch commands' path: the file parsed on other threads while the rules load,
    read back sheet by sheet as soon as each is asked for (the settings first)."""
    path = ROOT / "csbook" / "sample" / "回访登记表.xlsx"
    expected = whole(path)
    for _ in range(5):  # the threads finish in a different order each time
        read_ahead(path)
        book = open_workbook(path)
        order = ["参数", *(name for name in book.sheet_names if name != "参数")]
        got = {name: book.read(name) for name in order}
        assert got == expected
    assert split and set(split) == {3}


def test_pieces_follow_the_cores_up_to_two():
    """Two pieces on a machine of two cores or more (more cost memory), none on one core,
    and none for a sheet under the size where a piece's own cost outweighs the gain."""
    big = 40 * 2**20
    with pytest.MonkeyPatch.context() as mp:
        for cores, pieces in ((1, 1), (2, 2), (8, 2)):
            mp.setattr(sheet_pieces, "CORES", cores)
            assert sheet_pieces.piece_count(big) == pieces
        assert sheet_pieces.piece_count(sheet_pieces.SPLIT_BYTES - 1) == 1


def test_a_piece_that_does_not_parse_leaves_the_sheet_parsed_whole(tmp_path, split, monkeypatch):
    path = package(tmp_path / "表.xlsx", awkward_rows())
    expected = whole(path)

    class Refusing:
        @staticmethod
        def from_filelike(_: object) -> None:
            raise RuntimeError("a piece the library cannot read")

    monkeypatch.setattr(sheet_pieces, "CalamineWorkbook", Refusing)
    assert read_all(path) == expected
    assert split == []


def test_workbooks_saved_by_libreoffice_read_the_same_in_pieces(tmp_path, split):
    """LibreOffice writes its own sheet XML (every row's attributes spelled out, other part
    names): the sample month saved by it reads the same in pieces as whole."""
    samples = sorted((ROOT / "csbook" / "sample").glob("*.xlsx"))
    saved = convert(samples, "xlsx", tmp_path / "out", tmp_path / "profile")
    for path in saved:
        expected = whole(path)
        split.clear()
        assert read_all(path) == expected, path.name
        assert split and set(split) == {3}, path.name


def test_rows_out_of_order_are_placed_by_a_whole_parse(tmp_path, split):
    """Rows 20 and 21 written before row 7 (the XML allows no such order, but a generator may
    write it): the piece after the cut starts above the last row of the piece before it, so
    the pieces are not joined; the sheet is parsed whole and each row lands at its number."""
    order = [1, 2, 3, 4, 5, 6, 20, 21, 7, 8, 9, 10, 11, 12]
    rows = "".join(f'<row r="{r}">{text(f"A{r}", f"第{r}行")}</row>' for r in order)
    path = package(tmp_path / "表.xlsx", rows)
    expected = whole(path)
    got = read_all(path)
    assert split == [3]  # parsed in pieces, then not joined
    assert got == expected
    cells = got["表"].cells
    assert [cells[r - 1][0] for r in order] == [f"第{r}行" for r in order]


def test_a_piece_file_held_open_is_removed_when_the_process_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a file another program holds open (a virus scanner) cannot be deleted: the
    piece file is tried again at exit rather than left in the temp folder."""
    held = tmp_path / "csbook-piece-x.xlsx"
    held.write_bytes(b"PK")
    real_unlink = os.unlink

    def busy(path: str) -> None:
        raise PermissionError(32, "The process cannot access the file", path)

    monkeypatch.setattr(sheet_pieces, "_LEFT", [])
    monkeypatch.setattr(sheet_pieces.os, "unlink", busy)
    sheet_pieces._remove(str(held))
    assert held.exists()
    assert str(held) in sheet_pieces._LEFT
    monkeypatch.setattr(sheet_pieces.os, "unlink", real_unlink)
    sheet_pieces._remove_left()  # what atexit runs
    assert not held.exists()
