"""Wide sheets print legibly: as few A4 pages wide as keep the text at 8 pt or more, the
columns that name a row repeated on every page. Checked in the written workbooks (page set-up,
print titles, the compute copy's autofilter) and in what LibreOffice prints: the text size of
every page measured in the PDF, and every row's name on each of its pages across.

Needs `soffice` and poppler (scripts/system-deps) for the printing tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils import get_column_letter
from rendering import (
    LEGIBLE_PT,
    MissingTool,
    overlap,
    page_texts,
    page_words,
    printed_sizes,
    printed_whole_on_one_page,
    to_pdf,
    tool,
)
from workbooks import MIN_WAGE, OFFENCE_HEADERS, month_summary, offence, penalty_book

from csbook.cli import main
from csbook.io.print_fit import (
    MIN_PRINT_PT,
    first_page_columns,
    fit_width,
    page_room,
    wrapped_height,
    wrapped_lines,
)
from csbook.io.report_layout import DEFAULT_WIDTH, layout
from csbook.io.templates import build_template
from csbook.rules.penalty_sheet import SHEET_NAME
from csbook.rules.report import Fmt, ReportSheet, ReportTable
from csbook.rules.schema import BookKind
from csbook.rules.text import display_width

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PEOPLE = [f"员工{n:02d}" for n in range(1, 31)]
ROSTER = [
    [f"2{n:03d}", name, "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-12-31"]
    for n, name in enumerate(PEOPLE, start=1)
]


def needs_printing() -> None:
    try:
        for name in ("soffice", "pdftotext"):
            tool(name)
    except MissingTool as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 处罚汇总表 of 30 people, each with November offences (fines, lates, approvals)."""
    folder = tmp_path_factory.mktemp("thirty")
    offences = []
    for n, name in enumerate(PEOPLE):
        day = date(2026, 11, 2) + timedelta(days=n % 20)
        offences.append(offence(f"{day:%Y-%m-%d}", name, "L15"))
        if n % 3 == 0:
            offences.append(offence(f"{day + timedelta(days=1):%Y-%m-%d}", name, "L01"))
        if n % 7 == 0:  # no approver: 缺少审批 says so in its wrapped column
            offences.append(offence(f"{day:%Y-%m-%d}", name, "S12", 批准人=None))
    assert "批准人" in OFFENCE_HEADERS
    # the branch named in 参数: the copy names the same source wherever it lies
    params = [*MIN_WAGE, ["分公司", "南京分公司"]]
    return penalty_book(folder / "处罚汇总表.xlsx", offences, roster=ROSTER, params=params)


def quiet_main(*argv: object) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main([str(a) for a in argv]) in (0, 1)


def test_the_fit_repeats_key_columns_only_when_wider_than_a_page() -> None:
    narrow = fit_width([12, 22, 10, 15])
    assert (narrow.pages_wide, narrow.title_columns, narrow.zoom) == (1, 0, 100)
    # twenty columns of 20 characters: about 800 mm at 100 %, three pages at 73 % or more
    wide = fit_width([20] * 20, keys=2)
    assert wide.pages_wide > 1 and wide.title_columns == 2
    assert wide.points >= MIN_PRINT_PT
    assert fit_width([20] * 20).pages_wide <= wide.pages_wide  # repeated columns take room
    # keys so wide they would leave little room for the rest: not repeated
    assert fit_width([100, *[20] * 20], keys=1).title_columns == 0


def test_a_month_sheet_of_thirty_people_is_laid_out_two_pages_wide(thirty: Path) -> None:
    sheet = month_summary([thirty])
    fit = layout(sheet).print_fit
    assert fit.pages_wide == 2 and fit.title_columns == 2  # 工号, 姓名
    assert fit.points >= MIN_PRINT_PT
    people = sheet.blocks[0]
    assert isinstance(people, ReportTable) and people.header[:2] == ["工号", "姓名"]
    # two branches' books: 来源 comes first and names the row too
    assert layout(_with_source(sheet)).print_fit.title_columns == 3


def test_the_signatures_of_a_sheet_two_pages_wide_stand_on_its_first_page(thirty: Path) -> None:
    """部门主管, 人事 and 总经理 sign the page their people's names and fines begin on: the
    signature lines are spread over the first page's columns, not the whole table's width
    (which put 总经理 alone on the second page across)."""
    sheet = month_summary([thirty])
    out = layout(sheet)
    assert out.print_fit.pages_wide == 2
    widths = [out.widths.get(c, DEFAULT_WIDTH) for c in range(1, max(out.widths) + 1)]
    page = first_page_columns(widths, out.print_fit)
    signed = [cell for cell in out.cells if cell.value in sheet.signatures]
    assert [cell.value for cell in signed] == sheet.signatures
    assert len({cell.row for cell in signed}) == 1
    columns = [cell.column for cell in signed]
    assert columns == sorted(set(columns)) and columns[-1] <= page  # in order, apart, on page 1
    assert columns[-1] > page // 2  # spread over the page, not crowded at its left
    assert max(out.widths) > page + 2  # the table itself goes on past the first page


def _with_source(sheet: ReportSheet) -> ReportSheet:
    people = sheet.blocks[0]
    assert isinstance(people, ReportTable)
    wider = people.model_copy(
        update={
            "header": ["来源", *people.header],
            "formats": [Fmt.TEXT, *people.formats],
            "rows": [["南京分公司", *row] for row in people.rows],
            "keys": people.keys + 1,
        }
    )
    return sheet.model_copy(update={"blocks": [wider, *sheet.blocks[1:]]})


def _wide_sheet(columns: int, *notes: str) -> ReportSheet:
    """A list of `columns` long columns after 工号 and 姓名, the notes under it."""
    header = ["工号", "姓名", *(f"第{n:02d}项考核说明" for n in range(columns))]
    rows = [["2001", "员工01", *(f"已完成第{n:02d}项，待复核" for n in range(columns))]]
    table = ReportTable(header=header, rows=rows, keys=2)
    return ReportSheet(name="考核", title="客服部 考核情况", blocks=[table, *notes])


LONG_NOTE = (
    "说明：" + "，".join(f"第{n:02d}项按月考核、逐项复核后计入" for n in range(14)) + "。完毕"
)


def test_a_long_note_is_merged_over_the_first_printed_page_and_wrapped() -> None:
    """A note wider than the first page of a sheet printed two pages wide: merged over that
    page's columns, its row as tall as its wrapped lines; a short note stays as it is. On a
    sheet one page wide a note wider than the page is merged over all its columns: left to
    spill past the last column, it made the page print smaller (fit to width takes the
    spill in); a note that spills but fits the page is left to spill, on one line."""
    out = layout(_wide_sheet(16, LONG_NOTE, "短注。"))
    assert out.print_fit.pages_wide >= 2 and out.print_fit.title_columns == 2
    widths = [out.widths.get(c, DEFAULT_WIDTH) for c in range(1, 19)]
    page = first_page_columns(widths, out.print_fit)
    assert 2 < page < 18
    [line] = out.merges
    assert line.cell.value == LONG_NOTE and line.cell.column == 1 and line.last == page
    assert line.ref == f"A{line.cell.row}:{get_column_letter(page)}{line.cell.row}"
    assert line.style.wrap and not line.cell.style.wrap  # the writers wrap the merged cell
    lines = wrapped_lines(LONG_NOTE, sum(widths[:page]))
    assert lines >= 2 and out.heights[line.cell.row] == wrapped_height(lines) == 15 * lines
    narrow = layout(_wide_sheet(3, LONG_NOTE))
    assert narrow.print_fit.pages_wide == 1
    [line] = narrow.merges
    last = max(cell.column for cell in narrow.cells)
    assert line.cell.value == LONG_NOTE and line.last == last
    short = layout(_wide_sheet(3, "短注。"))
    assert not short.merges
    spilling = "说明：" + "，".join(f"第{n:02d}项按月考核" for n in range(6)) + "。"
    out = layout(_wide_sheet(3, spilling))
    widths = [out.widths.get(c, DEFAULT_WIDTH) for c in range(1, 6)]
    assert sum(widths) < display_width(spilling) < page_room(out.print_fit) / 1.2
    assert out.print_fit.pages_wide == 1 and not out.merges


def _defined_names(path: Path) -> dict[tuple[str, str | None], etree._Element]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("xl/workbook.xml"))
    return {(d.get("name"), d.get("localSheetId")): d for d in root.iter(f"{MAIN}definedName")}


def test_the_compute_copy_and_the_summary_print_and_filter_the_month_sheet(
    thirty: Path, tmp_path: Path
) -> None:
    quiet_main("compute", thirty, "-o", tmp_path / "copy", "--as-of", "2026-11-30 18:00")
    copy = tmp_path / "copy" / thirty.name
    quiet_main("summary", thirty, "--month", "2026-11", "-o", tmp_path / "summary.xlsx")
    merged = []
    for path in (copy, tmp_path / "summary.xlsx"):
        wb = openpyxl.load_workbook(path)
        ws = wb[SHEET_NAME]
        # the 说明 under the people: merged over the first page's columns, wrapped, as tall
        # as its lines (the batch writer and the compute copy's alike)
        ranges = sorted(ws.merged_cells.ranges, key=lambda r: r.min_row)
        note = next(r for r in ranges if str(ws.cell(r.min_row, 1).value).startswith("说明："))
        assert note.min_col == 1 and 2 < note.max_col < 17, note  # page 1 of two
        assert ws.cell(note.min_row, 1).alignment.wrap_text
        width = sum(
            ws.column_dimensions[get_column_letter(c)].width for c in range(1, note.max_col + 1)
        )
        lines = wrapped_lines(ws.cell(note.min_row, 1).value, width)
        assert lines >= 2 and ws.row_dimensions[note.min_row].height == 15 * lines
        merged.append([str(r) for r in ranges])
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.fitToWidth) == 2 and int(ws.page_setup.fitToHeight) == 0
        assert ws.print_title_cols == "$A:$B", path.name
        assert ws.print_title_rows == "$1:$2"  # the title block: the sheet has two tables
        header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "工号")
        assert ws.cell(header, 2).value == "姓名"
        last = header + len(PEOPLE)
        assert ws.cell(last, 2).value in PEOPLE and ws.cell(last + 1, 1).value == "合计"
        if path == copy:  # the person list's autofilter, and Excel's hidden name for it
            width = max(c for c in range(1, 30) if ws.cell(header, c).value)
            ref = f"A{header}:{get_column_letter(width)}{last}"
            assert ws.auto_filter.ref == ref
            index = str(wb.sheetnames.index(SHEET_NAME))
            name = _defined_names(copy)[("_xlnm._FilterDatabase", index)]
            assert name.get("hidden") == "1"
            letter = get_column_letter(width)
            assert name.text == f"'{SHEET_NAME}'!$A${header}:${letter}${last}"
    assert merged[0] == merged[1]
    # computing the copy again changes nothing (SPEC §7)
    quiet_main("compute", copy, "-o", tmp_path / "again", "--as-of", "2026-11-30 18:00")
    assert (tmp_path / "again" / copy.name).read_bytes() == copy.read_bytes()


def _pages_with(texts: list[str], word: str) -> int:
    return sum(word in text for text in texts)


def test_libreoffice_prints_the_month_sheet_at_8_pt_with_names_on_every_page(
    thirty: Path, tmp_path: Path
) -> None:
    needs_printing()
    quiet_main("summary", thirty, "--month", "2026-11", "-o", tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    for name in wb.sheetnames:  # the month sheet alone
        if name != SHEET_NAME:
            del wb[name]
    wb.save(tmp_path / "month.xlsx")
    ws = wb[SHEET_NAME]
    notes = [str(ws.cell(r.min_row, 1).value) for r in ws.merged_cells.ranges]
    assert any(n.startswith("说明：") for n in notes)
    pdf = to_pdf(tmp_path / "month.xlsx", tmp_path / "pdf")
    sizes, texts = printed_sizes(pdf)
    assert len(texts) >= 2  # two pages wide (or more, down)
    assert min(sizes) >= LEGIBLE_PT, sizes
    for person in PEOPLE:  # on the first page's columns and again beside the later ones
        assert _pages_with(texts, person) >= 2, person
    assert _pages_with(texts, "合计（元）") == 1  # the money columns: on one of the pages
    pages = page_words(pdf)
    for note in notes:
        printed_whole_on_one_page(note, pages, "客服部")
    # the three signatures on one page, under the first columns (printed down, then across:
    # before the pages of the later columns, the money's among them)
    [signed] = [page for page, text in enumerate(texts) if "部门主管：" in text]
    assert "人事：" in texts[signed] and "总经理：" in texts[signed]
    assert signed < next(page for page, text in enumerate(texts) if "合计（元）" in text)


def _visit(i: int, feedback: str) -> dict[str, object]:
    """Row `i` of a visit register, every value but `feedback` fitting its column."""
    return {
        "visit_date": date(2026, 10, 1) + timedelta(days=i % 31),
        "client": f"客户单位{i:03d}",
        "contact": "张经理",
        "phone": f"1380517{i:04d}",
        "method": "电话",
        "kind": "定期回访",
        "feedback": feedback,
        "satisfaction": "满意",
        "staff": "王芳",
    }


def test_libreoffice_prints_a_register_of_200_rows_at_8_pt_with_its_keys_on_every_page(
    tmp_path: Path,
) -> None:
    needs_printing()
    visits = [{**_visit(i, "对巡逻频次较为满意"), "note": f"备注{i:03d}"} for i in range(200)]
    book = build_template(BookKind.VISITS, tmp_path / "回访登记表.xlsx", rows={"回访登记": visits})
    wb = openpyxl.load_workbook(book)
    assert wb["回访登记"].print_title_cols == "$A:$B"  # 回访日期, 客户单位
    for name in wb.sheetnames[1:]:
        del wb[name]
    wb.save(tmp_path / "register.xlsx")
    sizes, texts = printed_sizes(to_pdf(tmp_path / "register.xlsx", tmp_path / "pdf"))
    assert min(sizes) >= LEGIBLE_PT, sizes
    for i in (0, 99, 199):  # each row's client on a page of each width, with its 备注
        client = f"客户单位{i:03d}"
        assert _pages_with(texts, client) == 2, client
        assert any(client in t and f"备注{i:03d}" in t and "回访人" in t for t in texts)


def test_libreoffice_prints_wrapped_feedback_clear_of_the_next_row(tmp_path: Path) -> None:
    """A register filled by `build_template`: each row with a 客户意见 longer than its column
    holds is as tall as its wrapped lines (read back), and LibreOffice prints no word over
    another (every other value fits its column, so any crossing is wrapped text run into
    the next row)."""
    needs_printing()
    long = "第{:03d}号：夜间巡逻频次偏少，"  # one to four times, then the wish: 2 to 6 lines
    visits = [
        _visit(i, long.format(i) * (1 + i // 2 % 4) + "希望增加巡逻并及时反馈" if i % 2 else "满意")
        for i in range(60)
    ]
    book = build_template(BookKind.VISITS, tmp_path / "回访登记表.xlsx", rows={"回访登记": visits})
    wb = openpyxl.load_workbook(book)
    ws = wb["回访登记"]
    column = next(c for c in range(1, 30) if ws.cell(1, c).value == "客户意见")
    width = ws.column_dimensions[get_column_letter(column)].width
    for r, visit in enumerate(visits, start=2):
        assert ws.cell(r, column).value == visit["feedback"]
        lines = wrapped_lines(visit["feedback"], width)
        wanted = 15 * lines if lines > 1 else None
        assert ws.row_dimensions[r].height == wanted, (r, lines)
        assert ws.cell(r, column).alignment.wrap_text
    assert {ws.row_dimensions[r].height for r in range(2, 62)} >= {30, 45, 60}
    for name in wb.sheetnames[1:]:
        del wb[name]
    wb.save(tmp_path / "register.xlsx")
    pages = page_words(to_pdf(tmp_path / "register.xlsx", tmp_path / "pdf"))
    printed = "".join(w.text for words in pages for w in words)
    assert all(f"第{i:03d}号" in printed for i in range(1, 60, 2))
    for n, words in enumerate(pages, start=1):
        crossing = [
            (a.text, b.text) for i, a in enumerate(words) for b in words[i + 1 :] if overlap(a, b)
        ]
        assert not crossing, (n, crossing[:3])


def _sample_month(folder: Path) -> Path:
    """A folder holding a copy of the sample month's three workbooks."""
    folder.mkdir()
    for book in (Path(__file__).resolve().parents[1] / "csbook" / "sample").glob("*.xlsx"):
        (folder / book.name).write_bytes(book.read_bytes())
    return folder


def test_a_long_incomplete_warning_prints_the_overview_at_8_pt(tmp_path: Path) -> None:
    """Eight branches' registers that cannot be read (mailed as something else): 总览's
    "⚠ 本汇总不完整" line names all eight, wider than the page. Left to spill past the last
    column it printed the page at 3.4 pt (LibreOffice fits the spill to the page's width);
    merged over the columns and wrapped, the page prints at 8 pt or more and the line whole."""
    needs_printing()
    folder = _sample_month(tmp_path / "in")
    branches = ("苏州", "无锡", "常州", "镇江", "扬州", "泰州", "南通", "盐城")
    for branch in branches:
        (folder / f"{branch}分公司-回访登记表.xlsx").write_text("已转发", encoding="utf-8")
    argv = ["summary", str(folder), "--month", "2026-10", "-o", str(tmp_path / "summary.xlsx")]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 2  # the files that cannot be read are errors
    wb = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    for name in wb.sheetnames:
        if name != "总览":
            del wb[name]
    wb.save(tmp_path / "overview.xlsx")
    ws = wb["总览"]
    [warning] = [str(c.value) for c in ws["A"] if str(c.value).startswith("⚠ 本汇总不完整")]
    assert all(branch in warning for branch in branches)
    assert warning in [str(ws.cell(r.min_row, 1).value) for r in ws.merged_cells.ranges]
    pdf = to_pdf(tmp_path / "overview.xlsx", tmp_path / "pdf")
    sizes, _ = printed_sizes(pdf)
    assert min(sizes) >= LEGIBLE_PT, sizes
    printed_whole_on_one_page(warning, page_words(pdf), "客服部", across=False)


def test_chart_labels_print_at_8_pt_on_a_page_printed_smaller(tmp_path: Path) -> None:
    """A reply typed `已回复` (no time) adds 回复状态未知 to 投诉's first table: the sheet prints
    at about 78 %. Its charts' labels, at XlsxWriter's 10 pt, printed at 7.6 pt; as large as
    the cells' text they print at 8 pt or more, as the cells do."""
    needs_printing()
    folder = _sample_month(tmp_path / "in")
    wb = openpyxl.load_workbook(folder / "回访登记表.xlsx")
    ws = wb["投诉登记"]
    [replied] = [c for row in ws.iter_rows(max_row=3) for c in row if c.value == "首次回复时间"]
    ws.cell(replied.row + 2, replied.column, "已回复")  # TS-2026-088, received 10-03
    wb.save(folder / "回访登记表.xlsx")
    quiet_main("summary", folder, "--month", "2026-10", "-o", tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    assert "回复状态未知" in [c.value for c in wb["投诉"][5]]
    for name in wb.sheetnames:
        if name != "投诉":
            del wb[name]
    wb.save(tmp_path / "complaints.xlsx")
    with zipfile.ZipFile(tmp_path / "summary.xlsx") as zf:
        charts = [zf.read(n) for n in zf.namelist() if n.startswith("xl/charts/chart")]
    assert charts and all(b'sz="1100"' in chart for chart in charts)
    pdf = to_pdf(tmp_path / "complaints.xlsx", tmp_path / "pdf")
    sizes, texts = printed_sizes(pdf)
    assert any("各分公司投诉等级" in text for text in texts)  # a chart's title: charts printed
    assert min(sizes) >= LEGIBLE_PT, sizes


def test_no_table_s_caption_and_header_print_at_a_page_s_foot_without_its_rows(
    tmp_path: Path,
) -> None:
    """A sheet of several tables prints each table's caption and header row on the page of its
    first rows: the sample month's 需要关注 began at the foot of 总览's first page, its caption
    and header there and every row of it on the next page, under no header."""
    needs_printing()
    folder = _sample_month(tmp_path / "in")
    out = tmp_path / "summary.xlsx"
    quiet_main("summary", folder, "--month", "2026-10", "--as-of", "2026-10-31 18:00", "-o", out)
    wb = openpyxl.load_workbook(out)
    captions = {
        str(row[0].value): [str(c.value) for c in ws[row[0].row + 1] if c.value is not None]
        for ws in wb
        for row in ws.iter_rows(min_col=1, max_col=1)
        if row[0].font.sz == 12 and row[0].font.b and row[0].value
    }
    assert "需要关注" in captions
    pages = page_texts(to_pdf(out, tmp_path / "pdf"))
    checked = 0
    for caption, header in captions.items():
        for page in pages:
            # the page's lines, without its footer (第 1 页，共 13 页 …)
            lines = [line.split() for line in page.splitlines() if line.strip()]
            lines = [words for words in lines if words[0] != "第"]
            at = [i for i, words in enumerate(lines) if words == [caption]]
            if not at:
                continue
            below = lines[at[0] + 1 :]
            assert below and below[0][0] == header[0], (caption, below[:1])
            assert len(below) > 1, f"{caption}: its header ends the page"
            checked += 1
    assert checked >= len(captions) // 2  # most captions are found as a line of their own
