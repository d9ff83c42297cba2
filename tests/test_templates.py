"""The blank templates: reproducible bytes, and the layout the schema describes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from csbook.io.print_fit import wrapped_lines
from csbook.io.sheets import PROGRAM_NOTE
from csbook.io.templates import (
    TEMPLATE_FILES,
    build_all,
    build_template,
    percent,
)
from csbook.rules.catalogue import CATALOGUE
from csbook.rules.schema import (
    BOOKS,
    CATALOGUE_SHEET,
    HOLIDAYS_SHEET,
    SETTINGS_SHEET,
    ValueKind,
)
from csbook.rules.settings import SETTING_NOTES, Settings

COMMITTED = Path(__file__).resolve().parent.parent / "templates"
KINDS = list(TEMPLATE_FILES)
# the sheets of each template, in order: input sheets, then 参数 and 节假日
SHEETS = {
    "visits": ["回访登记", "投诉登记", "参数", "节假日"],
    "handover": ["交接班", "参数", "节假日"],
    "penalties": ["员工", "过失登记", "考勤", "请假登记", "过失目录", "参数", "节假日"],
}
BOOK = {book.kind: book for book in BOOKS}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("templates")
    return dict(zip(KINDS, build_all(directory), strict=True))


@pytest.fixture(scope="module")
def workbooks(built: dict[str, Path]) -> dict[str, openpyxl.Workbook]:
    return {kind: openpyxl.load_workbook(path) for kind, path in built.items()}


def column_format(ws: Worksheet, col: int) -> str:
    """The number format a cell of column `col` (1-based) takes: its own, else its column's
    (openpyxl keys a run of equal columns by the first letter, with min..max)."""
    cell = ws.cell(2, col)
    if cell.has_style and cell.number_format != "General":
        return cell.number_format
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.min <= col <= dim.max:
            return dim.number_format
    return "General"


def validations(ws: Worksheet) -> dict[str, tuple[str, ...]]:
    """Column letter -> the dropdown list covering rows 2..1000 of it."""
    out: dict[str, tuple[str, ...]] = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        assert dv.errorStyle == "warning"
        assert dv.allow_blank
        values = tuple(dv.formula1.strip('"').split(","))
        for rng in dv.sqref.ranges:
            if rng.min_col == rng.max_col and rng.min_row <= 2 and rng.max_row >= 1000:
                out[get_column_letter(rng.min_col)] = values
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_committed_template_is_a_fresh_build(kind: str, built: dict[str, Path]) -> None:
    committed = COMMITTED / TEMPLATE_FILES[kind]
    assert committed.exists(), "run build_all(Path('templates')) and commit the files"
    assert built[kind].read_bytes() == committed.read_bytes()


@pytest.mark.parametrize("kind", KINDS)
def test_two_builds_are_identical(kind: str, tmp_path: Path, built: dict[str, Path]) -> None:
    again = build_template(kind, tmp_path / TEMPLATE_FILES[kind])
    assert again.read_bytes() == built[kind].read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core
    assert "<dc:creator>csbook</dc:creator>" in core


def test_file_names() -> None:
    assert TEMPLATE_FILES == {
        "visits": "回访登记表.xlsx",
        "handover": "交接班记录.xlsx",
        "penalties": "处罚汇总表.xlsx",
    }
    for kind, name in TEMPLATE_FILES.items():
        assert name == BOOK[kind].stem + ".xlsx"


def test_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown workbook kind"):
        build_template("payroll", tmp_path / "x.xlsx")


@pytest.mark.parametrize("kind", KINDS)
def test_sheet_order(kind: str, workbooks: dict[str, openpyxl.Workbook]) -> None:
    assert workbooks[kind].sheetnames == SHEETS[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_input_sheets_layout(kind: str, workbooks: dict[str, openpyxl.Workbook]) -> None:
    wb = workbooks[kind]
    for sheet in BOOK[kind].sheets:
        ws = wb[sheet.name]
        columns = (*sheet.columns, *sheet.computed)
        assert [c.value for c in ws[1]] == [col.header for col in columns]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith(f"A1:{get_column_letter(len(columns))}")

        dropdowns = validations(ws)
        for i, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            if col.kind is ValueKind.BOOL:
                assert dropdowns[letter] == ("是", "否"), col.header
            elif col.kind is ValueKind.CHOICE:
                wanted = (
                    Settings().choices(col.choices_setting) if col.choices_setting else col.choices
                )
                assert dropdowns[letter] == wanted, col.header
            else:
                assert letter not in dropdowns, col.header
            if col.required:
                assert ws.cell(1, i).font.color.rgb.endswith("C00000"), col.header
            assert "*" not in ws.cell(1, i).value

        for i, col in enumerate(sheet.computed, start=len(sheet.columns) + 1):
            head = ws.cell(1, i)
            assert head.comment is not None and head.comment.text == PROGRAM_NOTE
            assert head.fill.fgColor.rgb.endswith("BFBFBF")
            assert get_column_letter(i) not in dropdowns
            if col.kind is ValueKind.DATE:
                assert column_format(ws, i) == "yyyy-mm-dd"
            if col.kind is ValueKind.DATETIME:
                assert column_format(ws, i) == "yyyy-mm-dd hh:mm"

        # print setup: A4 landscape, as few pages wide as keep the text at 8 pt or more
        # (fitToWidth 1 is the OOXML default, so XlsxWriter leaves the attribute out), the
        # leading key columns repeated on each page when wider than one, header row on every
        # page (tests/test_print_width.py measures the printed text in LibreOffice's PDF)
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        pages = int(ws.page_setup.fitToWidth or 1)
        assert int(ws.page_setup.fitToHeight) == 0
        assert pages == (2 if sheet.name in REPEATED else 1), sheet.name
        if pages > 1:
            first, last = ws.print_title_cols.replace("$", "").split(":")
            assert first == "A", sheet.name
            repeated = [ws.cell(1, c).value for c in range(1, column_index_from_string(last) + 1)]
            assert repeated == REPEATED[sheet.name]
        else:
            assert ws.print_title_cols is None
        assert ws.print_title_rows in ("1:1", "$1:$1")
        assert ws.oddHeader.center.text == f"{BOOK[kind].stem} — {sheet.name}"
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


# the registers wider than a page at 8 pt print two pages wide, repeating these columns
REPEATED = {
    "回访登记": ["回访日期", "客户单位"],  # 回访人 is 16th: it prints on the second page
    "投诉登记": ["投诉编号", "受理时间"],  # 客户 too would need a third page
    "交接班": ["日期", "班次", "交班人", "接班人"],
    "过失登记": ["日期", "工号", "姓名"],
    "请假登记": ["工号", "姓名"],
}


def test_number_formats(workbooks: dict[str, openpyxl.Workbook]) -> None:
    visits = workbooks["visits"]["回访登记"]
    assert column_format(visits, 1) == "yyyy-mm-dd"  # 回访日期
    assert column_format(visits, 4) == "@"  # 联系电话
    assert column_format(visits, 7) == "yyyy-mm-dd"  # 安装日期
    assert column_format(visits, 8) == "@"  # 关联投诉编号
    complaints = workbooks["visits"]["投诉登记"]
    assert column_format(complaints, 1) == "@"  # 投诉编号
    assert column_format(complaints, 2) == "yyyy-mm-dd hh:mm"  # 受理时间
    assert column_format(complaints, 13) == "0"  # 回访次数
    handover = workbooks["handover"]["交接班"]
    assert column_format(handover, 5) == "hh:mm"  # 接班到岗时间
    roster = workbooks["penalties"]["员工"]
    assert column_format(roster, 1) == "@"  # 工号
    assert column_format(roster, 5) == "#,##0.00"  # 基本工资
    assert column_format(workbooks["penalties"]["考勤"], 1) == "yyyy-mm"  # 月份
    leave = workbooks["penalties"]["请假登记"]
    assert [column_format(leave, c) for c in (4, 5, 7, 11)] == ["yyyy-mm-dd"] * 4  # the dates
    dropdowns = validations(leave)
    assert dropdowns["C"] == ("事假", "病假", "年休假", "婚假", "丧假", "产假", "护理假", "哺乳假")
    assert dropdowns["I"] == ("直系", "其他") and dropdowns["J"] == ("是", "否")
    assert "安装回访" in validations(visits)["F"]
    offences = [c.value for c in workbooks["penalties"]["过失登记"][1]]
    assert {"签发日期", "批准人"} <= set(offences)


@pytest.mark.parametrize("kind", KINDS)
def test_settings_sheet(kind: str, workbooks: dict[str, openpyxl.Workbook]) -> None:
    ws = workbooks[kind][SETTINGS_SHEET.name]
    assert [c.value for c in ws[1]] == ["参数", "名称", "值", "说明"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(SETTING_NOTES)
    shown = {r[0]: r[2] for r in rows}
    assert all(v is None or isinstance(v, str) for v in shown.values())
    assert shown["visits_per_month"] == "20"
    assert shown["warning_cut"] == "20%"
    assert shown["probation_cut"] == "40%"
    assert shown["followup_rate_target"] == "100%"
    assert shown["pay_days_per_month"] == "20.92"
    assert shown["shifts"] == "早班 08:00, 中班 16:00, 夜班 00:00"
    assert shown["local_min_wage"] is None
    for i, (key, (label, note)) in enumerate(SETTING_NOTES.items(), start=2):
        assert ws.cell(i, 2).value == label
        assert ws.cell(i, 4).value == note
        assert ws.cell(i, 3).comment.text == note, key
    assert column_format(ws, 3) == "@"


def test_holidays_sheet(workbooks: dict[str, openpyxl.Workbook]) -> None:
    for kind in ("visits", "handover", "penalties"):
        ws = workbooks[kind][HOLIDAYS_SHEET.name]
        assert [c.value for c in ws[1]] == ["日期", "类型", "说明"]
        assert ws.max_row == 1
        assert validations(ws) == {"B": ("休", "班")}
        assert column_format(ws, 1) == "yyyy-mm-dd"
        assert "休=休息日，班=调休上班日" in ws["A1"].comment.text


def test_catalogue_sheet(workbooks: dict[str, openpyxl.Workbook]) -> None:
    ws = workbooks["penalties"][CATALOGUE_SHEET.name]
    assert [c.value for c in ws[1]] == [col.header for col in CATALOGUE_SHEET.columns]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(CATALOGUE) == 90
    by_code = {r[0]: r for r in rows}
    assert by_code["S04"][3] == "2x"
    assert by_code["S22"][3] == "1x"
    assert by_code["L01"][1:] == ("轻度过失", "在前台或吧台摆放私人物品", None)
    assert "S09" not in by_code


@pytest.mark.parametrize(("kind", "sheet"), [("visits", "参数"), ("penalties", "过失目录")])
def test_rows_of_long_text_are_as_tall_as_their_wrapped_lines(
    kind: str, sheet: str, workbooks: dict[str, openpyxl.Workbook]
) -> None:
    """参数's notes and 过失目录's descriptions wrap in their columns, and LibreOffice prints a
    row at its stored height: a row whose text takes more lines carries their height."""
    ws = workbooks[kind][sheet]
    wrapped = [
        c
        for c in range(1, ws.max_column + 1)
        if ws.column_dimensions[get_column_letter(c)].alignment.wrap_text
    ]
    assert wrapped
    taller = 0
    for r in range(2, ws.max_row + 1):
        lines = max(
            wrapped_lines(
                str(ws.cell(r, c).value or ""), ws.column_dimensions[get_column_letter(c)].width
            )
            for c in wrapped
        )
        assert ws.row_dimensions[r].height == (15 * lines if lines > 1 else None), r
        taller += lines > 1
    assert taller >= 2


def test_percent() -> None:
    from decimal import Decimal

    assert percent(Decimal("0.2")) == "20%"
    assert percent(Decimal(1)) == "100%"
    assert percent(Decimal("0.125")) == "12.5%"
    assert percent(Decimal(0)) == "0%"


def test_vba_seam(tmp_path: Path) -> None:
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"not a real VBA project, only packed")
    path = build_template("handover", tmp_path / "交接班记录.xlsx", vba_project=vba)
    assert path.suffix == ".xlsm"
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == vba.read_bytes()
        workbook = z.read("xl/workbook.xml").decode()
        first = z.read("xl/worksheets/sheet1.xml").decode()
        last = z.read("xl/worksheets/sheet3.xml").decode()
    assert 'codeName="ThisWorkbook"' in workbook
    assert 'codeName="Sheet1"' in first
    assert 'codeName="Sheet3"' in last


def test_reader_accepts_templates(built: dict[str, Path]) -> None:
    """The program's own loader reads every template clean, with the default settings."""
    from datetime import date

    from csbook.io.workbook import load

    for kind, path in built.items():
        loaded = load(path, date(2026, 3, 1))
        assert loaded.schema.kind == kind
        assert loaded.findings == []
        assert loaded.settings == Settings()
        assert loaded.layouts[SETTINGS_SHEET.name].positions == {
            "key": 0,
            "name": 1,
            "value": 2,
            "note": 3,
        }
    catalogue = load(built["penalties"], date(2026, 3, 1)).tables[CATALOGUE_SHEET.name]
    assert len(catalogue.rows) == 90
