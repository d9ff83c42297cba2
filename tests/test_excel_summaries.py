"""The summary buttons (月度汇总, 处罚汇总) through xlwings' remote engine: the sheets they
write into the open workbook hold what the openpyxl renderer of the same report holds."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings_remote as xr
from openpyxl.utils import get_column_letter
from workbooks import (
    LEAVE_HEADERS,
    absent_days_cells,
    half_day_book,
    leave,
    offence,
    penalty_book,
    rows_of,
)

from csbook import penalty_report, summary
from csbook.excel import buttons
from csbook.excel import source as clock
from csbook.excel.report import TABLE_STYLE, lay_out, render_sheets, width_runs
from csbook.excel.source import BookSource
from csbook.io.report_layout import MergedLine
from csbook.io.report_openpyxl import render
from csbook.io.templates import TEMPLATE_FILES
from csbook.io.workbook import load
from csbook.rules.findings import finding
from csbook.rules.periods import Period
from csbook.rules.report import Fmt, Report, ReportSheet, ReportTable

AS_OF = datetime(2026, 10, 31, 18, 0)
MONTH = date(2026, 10, 1)
SAMPLES = Path(buttons.__file__).resolve().parents[1] / "sample"


pytestmark = pytest.mark.usefixtures("engine")  # every test talks to the remote engine


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: AS_OF)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The three sample workbooks side by side, as a department keeps them."""
    target = tmp_path / "books"
    target.mkdir()
    for name in TEMPLATE_FILES.values():
        shutil.copy(SAMPLES / name, target / name)
    return target


def press(entry: str, path: Path, out: Path) -> xr.Applied:
    book = xr.open_book(path, name=str(path))  # desktop Excel reports the full path
    buttons.ENTRY_POINTS[entry](book)
    out.mkdir(parents=True, exist_ok=True)
    done = xr.apply(path, book.json()["actions"], out / path.name)
    assert not done.unknown, done.unknown
    done.actions = book.json()["actions"]  # type: ignore[attr-defined]
    return done


def grid(ws: Any) -> dict[str, Any]:
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if value is None:
                continue
            if isinstance(value, datetime) and value.time() == datetime.min.time():
                value = value.date()
            found[cell.coordinate] = value
    return found


def reference(sheets: list[ReportSheet], tmp: Path) -> openpyxl.Workbook:
    path = tmp / "reference.xlsx"
    render(Report(sheets=sheets)).save(path)
    return openpyxl.load_workbook(path)


def same_dress(mine: Any, wanted: Any, unmerged: Sequence[MergedLine] = ()) -> None:
    """Borders (of every cell; those of `mine`'s styled Excel tables are the style's),
    alignment and font colour (of cells with a value) and the freeze pane as the openpyxl
    renderer sets them. `unmerged`: the lines the renderer merges over the first printed
    page and wraps, which `mine` (the remote engine's sheet) leaves alone: it merges none."""
    lined = xr.table_look(mine).lined
    a, b = xr.dress(mine, lined), xr.dress(wanted, lined)
    if unmerged:
        assert not mine.merged_cells.ranges  # once it merges, this exception goes
        assert {str(r) for r in wanted.merged_cells.ranges} == {m.ref for m in unmerged}
        for line in unmerged:
            first = line.ref.split(":")[0]
            assert b.pop(first)[1][2] and first not in a  # wrapped in the reference only
    diff = sorted((k, a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    assert a == b, (mine.title, diff[:8])


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.keys() != b.keys():
        return False
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, float) and isinstance(y, float | int):
            if abs(x - y) > 1e-9:
                return False
        elif isinstance(x, datetime) and isinstance(y, datetime):
            if abs((x - y).total_seconds()) >= 1:
                return False
        elif x != y:
            return False
    return True


@pytest.mark.parametrize("kind", ["visits", "handover"])
def test_month_summary_writes_the_summary_beside_the_workbook(
    kind: str, folder: Path, tmp_path: Path
) -> None:
    """The batch writer's workbook beside the register (the same cells and looks as
    `csbook summary`); the register itself is not written; a second press replaces it."""
    path = folder / TEMPLATE_FILES[kind]
    done = press("month_summary", path, tmp_path / "out" / "books")
    target = folder / f"{path.stem}-月度汇总-2026年10月.xlsx"
    assert done.alerts == [f"已生成2026年10月的月度汇总：{target}"]
    assert [a["func"] for a in done.actions] == ["alert"]  # the register is not touched
    made = summary.report_for_books([load(path, AS_OF.date())], MONTH, AS_OF)
    wanted = reference(made.sheets, tmp_path)
    written = openpyxl.load_workbook(target)
    assert written.sheetnames == [s.name for s in made.sheets]
    for sheet in made.sheets:
        mine, theirs = written[sheet.name], wanted[sheet.name]
        assert same(grid(mine), grid(theirs)), sheet.name
        same_dress(mine, theirs)
    first = target.read_bytes()
    again = press("month_summary", path, tmp_path / "again" / "books")
    assert again.alerts == done.alerts
    assert openpyxl.load_workbook(target).sheetnames == written.sheetnames
    assert grid(openpyxl.load_workbook(target)[made.sheets[0].name]) == grid(
        openpyxl.load_workbook(BytesIO(first))[made.sheets[0].name]
    )


def _with_period(path: Path, value: object) -> int:
    """参数's 汇总期间 typed as `value` in the template's row; returns the row."""
    wb = openpyxl.load_workbook(path)
    ws = wb["参数"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "汇总期间")
    ws.cell(row, 3, value)
    wb.save(path)
    return row


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        ("2026-W41", Period.week(2026, 41)),  # 10月5日 to 10月11日
        ("2026年9月", Period.month(date(2026, 9, 1))),  # not the latest month with rows
        ("2026q4", Period.quarter(2026, 4)),
        (2026, Period.year(2026)),  # Excel turned the typed 2026 into a number
    ],
)
def test_month_summary_takes_the_period_of_its_settings(
    typed: object, period: Period, folder: Path, tmp_path: Path
) -> None:
    path = folder / TEMPLATE_FILES["visits"]
    _with_period(path, typed)
    done = press("month_summary", path, tmp_path / "out" / "books")
    target = folder / f"{path.stem}-{period.summary_name}-{period.label}.xlsx"
    assert done.alerts == [f"已生成{period.label}的{period.summary_name}：{target}"]
    made = summary.report_for_books([load(path, AS_OF.date())], period, AS_OF)
    written = openpyxl.load_workbook(target)
    assert written.sheetnames == [s.name for s in made.sheets]
    wanted = reference(made.sheets, tmp_path)
    for sheet in made.sheets:
        assert same(grid(written[sheet.name]), grid(wanted[sheet.name])), sheet.name
    assert period.label in str(written[made.sheets[0].name]["A1"].value)


def test_month_summary_reads_the_sheet_holding_its_period(folder: Path, tmp_path: Path) -> None:
    """A sheet added for the new month (`回访登记(11月)`, copied from October's and refilled)
    beside October's: 汇总期间 2026-10 reads October's sheet, as `csbook summary --month
    2026-10` does — not the newer sheet, which would leave October's summary empty."""
    path = folder / TEMPLATE_FILES["visits"]
    _with_period(path, "2026-10")
    wb = openpyxl.load_workbook(path)
    october = wb["回访登记"]
    november = wb.copy_worksheet(october)
    november.title = "回访登记(11月)"
    header = next(r for r in range(1, 10) if november.cell(r, 1).value == "回访日期")
    for r in range(header + 1, november.max_row + 1):
        if isinstance(november.cell(r, 1).value, datetime | date):
            november.cell(r, 1).value = datetime(2026, 11, 2)
    wb.save(path)
    done = press("month_summary", path, tmp_path / "out" / "books")
    period = Period.month(MONTH)
    target = folder / f"{path.stem}-月度汇总-2026年10月.xlsx"
    assert done.alerts == [f"已生成2026年10月的月度汇总：{target}"]
    overview = openpyxl.load_workbook(target)["总览"]
    figures = {row[0]: row[1] for row in overview.iter_rows(values_only=True) if row[0]}
    alone = load(folder / TEMPLATE_FILES["visits"], AS_OF.date(), span=(period.first, period.last))
    assert alone.sheet_names["回访登记"] == "回访登记"
    days = alone.tables["回访登记"].col("visit_date")
    assert figures["回访次数"] == sum(d is not None and d.month == 10 for d in days) > 40


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("十月", "汇总期间应写成 2026-11（月）、2026-W48（周）、2026-Q4（季度）或 2026（年）"),
        ("2026-W54", "2026 年没有第 54 周"),
        # a day is neither its month nor its week
        (datetime(2026, 10, 15), "汇总期间应写成 2026-11（月）"),
    ],
)
def test_a_period_that_cannot_be_read_is_refused(
    typed: object, why: str, folder: Path, tmp_path: Path
) -> None:
    """No summary of the latest month in its place: the message names the 参数 cell (by its 名称)."""
    path = folder / TEMPLATE_FILES["visits"]
    row = _with_period(path, typed)
    done = press("month_summary", path, tmp_path / "out" / "books")
    assert len(done.alerts) == 1
    assert done.alerts[0].startswith(f"无法生成汇总：参数 第{row}行“值”：参数“汇总期间”的值")
    assert why in done.alerts[0]
    assert not list(folder.glob("*汇总-*"))


def test_month_summary_needs_a_saved_workbook(folder: Path, tmp_path: Path) -> None:
    path = folder / TEMPLATE_FILES["visits"]
    book = xr.open_book(path)  # the name alone: a workbook never saved, or on OneDrive
    buttons.month_summary(book)
    alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1 and "请先将工作簿保存到本机文件夹" in alerts[0]
    assert not list(folder.glob("*月度汇总*"))


def test_penalty_summary_counts_the_books_beside_it(folder: Path, tmp_path: Path) -> None:
    """Through the remote engine: the cells, formulas, fills, alignment and frozen rows of
    the openpyxl renderer; each table an Excel table in the table style, its totals row the
    table's own, the lines round its cells the style's; a second press replaces the sheet
    (its tables with it)."""
    path = folder / TEMPLATE_FILES["penalties"]
    done = press("penalty_summary", path, tmp_path / "out" / "books")
    books = {kind: [load(folder / name, AS_OF.date())] for kind, name in TEMPLATE_FILES.items()}
    sheet = penalty_report.month_sheet(
        books["penalties"], books["visits"], books["handover"], MONTH, AS_OF
    )
    wanted = reference([sheet], tmp_path)[sheet.name]
    mine = done.wb[sheet.name]
    assert same(grid(mine), grid(wanted))
    assert xr.fills(mine) == xr.fills(wanted)
    out = lay_out(sheet)
    assert tables_of(mine) == {
        f"A{t.header_row}:{get_column_letter(t.columns)}{t.last + 1}": TABLE_STYLE
        for t in out.layout.tables.values()  # both tables have rows and a totals row
    }
    # the remote engine does not merge the long notes over the first printed page yet
    same_dress(mine, wanted, out.layout.merges)
    assert done.alerts == [
        f"已生成2026年10月的{sheet.name}，并计入：交接班记录.xlsx、回访登记表.xlsx"
    ]
    shutil.copy(tmp_path / "out" / "books" / path.name, path)  # pressed again, in place
    again = press("penalty_summary", path, tmp_path / "again" / "books")
    assert again.wb.sheetnames == done.wb.sheetnames
    assert grid(again.wb[sheet.name]) == grid(mine)
    assert tables_of(again.wb[sheet.name]) == tables_of(mine)


def test_penalty_summary_counts_a_copy_beside_it_once(folder: Path, tmp_path: Path) -> None:
    """A copy of the visit register beside it (回访登记表 - 副本.xlsx): its 重复/恶性 complaints
    named the units twice; the copy is set aside, and the sheet and the message say so."""
    shutil.copy(folder / TEMPLATE_FILES["visits"], folder / "回访登记表 - 副本.xlsx")
    path = folder / TEMPLATE_FILES["penalties"]
    done = press("penalty_summary", path, tmp_path / "out" / "books")
    books = {kind: [load(folder / name, AS_OF.date())] for kind, name in TEMPLATE_FILES.items()}
    copy = finding(
        "R05.with_copy", "", 0, "", name="回访登记表 - 副本.xlsx", original="回访登记表.xlsx"
    )
    sheet = penalty_report.month_sheet(
        books["penalties"], books["visits"], books["handover"], MONTH, AS_OF, set_aside=[copy]
    )
    assert same(grid(done.wb[sheet.name]), grid(reference([sheet], tmp_path)[sheet.name]))
    said = "“回访登记表 - 副本.xlsx”与“回访登记表.xlsx”内容完全相同，是它的副本"
    assert len(done.alerts) == 1 and said in done.alerts[0]


def test_on_desktop_the_sheet_is_the_batch_writers(folder: Path, tmp_path: Path) -> None:
    """Through xlwings' Windows engine (a stand-in for Excel's object model): the sheet the
    batch writer writes, opened from a temporary workbook (closed again) and copied in
    front; pressed again, the new sheet takes the old one's place."""
    import xlwings_com as xc

    path = folder / TEMPLATE_FILES["penalties"]
    book, model = xc.open_book(path)
    xc.messages.clear()
    buttons.penalty_summary(book)
    books = {kind: [load(folder / name, AS_OF.date())] for kind, name in TEMPLATE_FILES.items()}
    sheet = penalty_report.month_sheet(
        books["penalties"], books["visits"], books["handover"], MONTH, AS_OF
    )
    assert model.app.books == [model]  # the temporary workbook closed
    assert [s.name for s in model.sheets][:2] == [sheet.name, "员工"]
    assert model.active is model.sheets[0]
    wanted = grid(reference([sheet], tmp_path)[sheet.name])
    assert same(desktop_grid(model.sheets[0]), wanted)
    assert xc.messages == [
        f"已生成2026年10月的{sheet.name}，并计入：交接班记录.xlsx、回访登记表.xlsx"
    ]
    model.sheets.insert(2, model.sheets.pop(0))  # moved by someone
    buttons.penalty_summary(book)
    names = [s.name for s in model.sheets]
    assert names.count(sheet.name) == 1 and names.index(sheet.name) == 2
    assert same(desktop_grid(model.sheets[2]), wanted)
    assert model.app.books == [model]


def test_on_desktop_a_refused_copy_is_said(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel refusing the sheet (a workbook whose structure is protected): the message box
    says so, and the temporary workbook is closed."""
    import xlwings_com as xc

    def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
        raise xc.ComError(-2146827284, "工作簿受保护")

    monkeypatch.setattr(xc.Sheet, "Copy", xc.method(refuse))
    book, model = xc.open_book(folder / TEMPLATE_FILES["penalties"])
    xc.messages.clear()
    buttons.penalty_summary(book)
    assert len(xc.messages) == 1
    assert xc.messages[0].startswith("无法生成月处罚汇总：未能将“月处罚汇总”加入本工作簿")
    assert model.app.books == [model]
    assert "月处罚汇总" not in [s.name for s in model.sheets]


def desktop_grid(sheet: Any) -> dict[str, Any]:
    """A stand-in sheet's cells by address, as `grid` gives a worksheet's."""
    found = {}
    for (r, c), value in sheet.cells.items():
        if value in (None, ""):
            continue
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            value = value.date()
        found[f"{get_column_letter(c)}{r}"] = value
    return found


def tables_of(ws: Any) -> dict[str, str | None]:
    """The sheet's Excel tables: range -> table style."""
    return {t.ref: t.tableStyleInfo.name if t.tableStyleInfo else None for t in ws.tables.values()}


def test_an_empty_table_is_the_table_of_its_note(tmp_path: Path) -> None:
    """No visit register beside: the units' table has no rows; its note stands in the
    table's one row, its totals row the table's own."""
    path = half_day_book(tmp_path / TEMPLATE_FILES["penalties"])
    done = press("penalty_summary", path, tmp_path / "out")
    ws = done.wb[penalty_report.penalty_sheet.SHEET_NAME]
    out = lay_out(penalty_report.month_sheet([load(path, AS_OF.date())], [], [], MONTH, AS_OF))
    empty = next(t for t in out.layout.tables.values() if t.last < t.first)
    ref = f"A{empty.header_row}:{get_column_letter(empty.columns)}{empty.header_row + 2}"
    assert tables_of(ws)[ref] == TABLE_STYLE
    assert "未提供回访登记表" in ws[f"A{empty.first}"].value
    assert not any(a["func"] == "setBorderProperty" for a in done.actions)  # type: ignore[attr-defined]


def _registers_of_three_months(path: Path) -> Path:
    """过失登记 up to October, 考勤 September, 请假登记 a leave of 10月30日 for five days
    (its last days fall in November)."""
    requests = [leave("张伟", "事假", "2026-10-30", None, 天数=5)]
    return penalty_book(
        path,
        [offence("2026-10-12", "王芳", "L01")],
        [["2026-09", "1001", "张伟", 0, 0, 0, 0, 0, 0]],
        more={"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))},
    )


def test_penalty_summary_takes_the_latest_month_of_any_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The month of the leave register counts as much as the others', and a choice among
    registers whose latest months differ is said in the message."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 10, 18, 0))
    path = _registers_of_three_months(tmp_path / TEMPLATE_FILES["penalties"])
    done = press("penalty_summary", path, tmp_path / "out")
    sheet = done.wb[penalty_report.penalty_sheet.SHEET_NAME]
    assert "2026年11月" in sheet["A1"].value
    assert done.alerts[0].startswith(
        "已生成2026年11月的月处罚汇总（各表最近有数据的月份不同："
        "过失登记2026年10月、考勤2026年9月、请假登记2026年11月；按其中最晚的2026年11月生成）"
    )


def test_leave_registered_ahead_does_not_move_the_summary_into_the_future(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leave for December registered in November: the summary is November's (the latest
    month begun), and the message names December's leave as passed over."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 20, 18, 0))
    requests = [leave("张伟", "年休假", "2026-12-21", "2026-12-23")]
    path = penalty_book(
        tmp_path / TEMPLATE_FILES["penalties"],
        [offence("2026-11-12", "王芳", "L01")],
        more={"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))},
    )
    done = press("penalty_summary", path, tmp_path / "out")
    assert done.alerts[0].startswith(
        "已生成2026年11月的月处罚汇总（各表最近有数据的月份不同："
        "过失登记2026年11月、请假登记2026年12月；按其中已开始的最晚月份2026年11月生成）"
    )


def test_a_month_with_leave_rows_only_is_summarised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 10, 18, 0))
    requests = [leave("王芳", "病假", "2026-11-02", "2026-11-03")]
    path = penalty_book(
        tmp_path / TEMPLATE_FILES["penalties"],
        [],
        more={"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))},
    )
    done = press("penalty_summary", path, tmp_path / "out")
    assert done.alerts[0].startswith("已生成2026年11月的月处罚汇总")
    assert "各表" not in done.alerts[0]  # one register, nothing to choose between


def test_penalty_summary_only_on_the_penalty_workbook(folder: Path, tmp_path: Path) -> None:
    done = press("penalty_summary", folder / TEMPLATE_FILES["visits"], tmp_path / "out" / "books")
    assert done.alerts == ["处罚汇总只能在处罚汇总表中运行"]


def test_summary_of_an_empty_template(tmp_path: Path) -> None:
    from csbook.io.templates import build_template

    path = build_template("visits", tmp_path / "回访登记表.xlsx")
    done = press("month_summary", path, tmp_path / "out" / "books")
    assert done.alerts == ["本工作簿还没有任何数据行，无法生成月度汇总"]


def test_a_generated_sheet_never_replaces_an_input_sheet(tmp_path: Path) -> None:
    book = xr.open_book(SAMPLES / TEMPLATE_FILES["handover"])
    with pytest.raises(ValueError, match="input sheet"):
        render_sheets(BookSource(book), [ReportSheet(name="交接班", title="x")])
    assert book.json()["actions"] == []


def test_formats_are_grouped_into_few_ranges() -> None:
    rows = [[f"人{i}", i, i / 10, 0.5] for i in range(200)]
    table = ReportTable(
        header=["姓名", "次数", "金额", "占比"],
        formats=[Fmt.TEXT, Fmt.INT, Fmt.MONEY, Fmt.PERCENT],
        rows=rows,
        total_columns=[1, 2],
    )
    lay = lay_out(ReportSheet(name="x", title="t", blocks=[table, "注", table]))
    formats = lay.boxes("format")
    assert len(formats) == 3  # one per formatted column, both tables at once
    assert len(lay.boxes("fill")) == 4  # the two header rows and the two totals rows
    assert len(lay.boxes("box")) == 2  # a box a table
    assert len(lay.boxes("center")) == 2  # the header rows
    assert len(width_runs(lay.widths)) <= 4


def test_penalty_summary_shows_half_days_of_absence(tmp_path: Path) -> None:
    """The 处罚汇总 button writes 旷工天数 as the compute copy does: 0.5 and 1 under a
    format that shows halves and whole days alike."""
    path = half_day_book(tmp_path / TEMPLATE_FILES["penalties"])
    done = press("penalty_summary", path, tmp_path / "out")
    cells = absent_days_cells(done.wb[penalty_report.penalty_sheet.SHEET_NAME])
    assert cells == {"张伟": (0.5, "General"), "王芳": (1, "General")}


def test_wrapped_rows_are_fitted_by_excel(tmp_path: Path) -> None:
    """Rows of wrapped text however many: no height set row by row, and the columns take
    their widths before the text is wrapped — Excel makes a row as tall as its wrapped text
    needs when wrapping is set, for the widths it then has."""
    long, longer = "上班时间串岗，" * 8, "上班时间串岗，" * 16
    rows = [["张伟", long], ["王芳", long], ["李娜", longer], ["赵强", long], ["陈静", longer]]
    table = ReportTable(header=["姓名", "说明"], rows=rows, wrapped=[1])
    sheet = ReportSheet(name="说明汇总", title="t", blocks=[table])
    assert lay_out(sheet).layout.heights  # LibreOffice would need them
    path = tmp_path / "book.xlsx"
    shutil.copy(SAMPLES / TEMPLATE_FILES["penalties"], path)
    book = xr.open_book(path)
    render_sheets(BookSource(book), [sheet])
    funcs = [a["func"] for a in book.json()["actions"]]
    assert "setRowHeight" not in funcs and "setSheetAutofit" not in funcs
    widths = [n for n, f in enumerate(funcs) if f == "setColumnWidth"]
    assert widths and max(widths) < funcs.index("setWrapText")
    done = xr.apply(path, book.json()["actions"], tmp_path / "out.xlsx")
    ws = done.wb[sheet.name]
    assert all(ws.cell(r, 2).alignment.wrap_text for r in range(4, 4 + len(rows)))
