"""One layout for every writer of a report sheet (`csbook.io.report_layout`): the column
widths it gives, and the xlwings writer of the Excel buttons showing the cells the openpyxl
writer shows — number formats set cell by cell (`Table.cell_formats`), totals given as values
(`Table.total_row`) — in a number of calls into Excel that does not grow with the rows.

The xlwings tests go through xlwings' remote engine (tests/xlwings_remote.py), with
XLWINGS_LICENSE_KEY=noncommercial set for them only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings_remote as xr

from csbook.excel.report import TABLE_STYLE, render_sheets
from csbook.excel.source import BookSource
from csbook.io.report_layout import Style, layout
from csbook.io.report_openpyxl import render
from csbook.rules.report import Chart, Fmt, Report, ReportSheet, ReportTable


@pytest.fixture
def remote_engine() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(xr.LICENSE_ENV, "noncommercial")
        xr.remote_engine()
        yield


def overview() -> ReportSheet:
    """A 总览 as `rules.monthly` makes it: counts, with shares set cell by cell; a table with
    a totals row of values (an overall share cannot be summed); one of SUM totals."""
    head = ReportTable(
        caption="本月主要指标",
        header=["指标", "数值", "目标"],
        formats=[Fmt.TEXT, Fmt.INT, Fmt.TEXT],
        rows=[["回访数", 49, ""], ["回访率", 0.3265, "≥30%"], ["满意率", 0.8367, "≥90%"]],
        cell_formats=[(1, 1, Fmt.PERCENT), (2, 1, Fmt.PERCENT)],
        flagged=[(2, 1)],
    )
    branches = ReportTable(
        caption="分公司",
        header=["分公司", "回访", "金额", "完成率", "日期"],
        formats=[Fmt.TEXT, Fmt.INT, Fmt.MONEY, Fmt.PERCENT, Fmt.DATE],
        rows=[
            ["东区", 30, 1234.5, 0.5, date(2026, 10, 3)],
            ["西区", 19, 99.0, 0.25, date(2026, 10, 9)],
        ],
        total_row=["合计", 49, 1333.5, 0.4, None],
        cell_formats=[(2, 2, Fmt.INT)],  # the totals row's amount shown without decimals
    )
    fines = ReportTable(
        caption="罚款",
        header=["姓名", "金额", "时间"],
        formats=[Fmt.TEXT, Fmt.MONEY, Fmt.DATETIME],
        rows=[["王芳", 50, datetime(2026, 10, 3, 9, 30)], ["=李娜", 100, None]],
        total_columns=[1],
    )
    empty = ReportTable(
        caption="无", header=["a", "b"], formats=[Fmt.TEXT, Fmt.INT], total_columns=[1]
    )
    return ReportSheet(
        name="总览",
        title="客服部 2026年10月 月度汇总",
        subtitle="截至 2026-10-31 18:00",
        blocks=["⚠ 一条提示", head, branches, fines, empty],
        signatures=["制表：____", "部门经理：____"],
        copy_to="抄送：财务",
        charts=[Chart(title="回访", table=2, categories=0, values=[1])],
    )


def tall(rows: int) -> ReportSheet:
    table = ReportTable(
        caption="明细",
        header=["姓名", "次数", "金额", "占比", "日期"],
        formats=[Fmt.TEXT, Fmt.INT, Fmt.MONEY, Fmt.PERCENT, Fmt.DATE],
        rows=[  # as wide with 10 rows as with 200: the same column widths
            [f"人{i:03d}", i % 7, 100 + i % 9 * 10.5, i % 10 / 10, date(2026, 10, 1 + i % 28)]
            for i in range(rows)
        ],
        total_columns=[1, 2],
        cell_formats=[(0, 1, Fmt.PERCENT)],
        flagged=[(1, 2), (3, 3)],
    )
    per_branch = ReportTable(
        header=["分公司", "次数", "占比"],
        formats=[Fmt.TEXT, Fmt.INT, Fmt.PERCENT],
        rows=[[f"分{i % 3}", i % 5, 0.1] for i in range(rows)],
        total_row=["合计", 999, 0.1],
        cell_formats=[(rows, 1, Fmt.DECIMAL)],
    )
    return ReportSheet(
        name="明细",
        title="t",
        blocks=[table, "注", per_branch],
        charts=[Chart(title="c", table=0, categories=0, values=[1, 2])],
    )


def through_xlwings(sheet: ReportSheet, tmp_path: Path) -> tuple[Any, list[dict[str, Any]]]:
    """The sheet as the Excel button writes it (applied with openpyxl), and the actions."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "数据"
    wb.save(path)
    book = xr.open_book(path)
    render_sheets(BookSource(book), [sheet])
    actions = book.json()["actions"]
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    done = xr.apply(path, actions, out / path.name)
    assert not done.unknown, done.unknown
    return done.wb[sheet.name], actions


def through_openpyxl(sheet: ReportSheet, tmp_path: Path) -> Any:
    path = tmp_path / "reference.xlsx"
    render(Report(sheets=[sheet])).save(path)
    return openpyxl.load_workbook(path)[sheet.name]


def looks(ws: Any) -> dict[str, tuple[Any, ...]]:
    """Per cell: value, number format (of numbers and dates; `0` on a whole number shows
    as General does), fill, bold (its own or its table style's), italic."""
    styled = xr.table_look(ws).bold
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            fill = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None
            if cell.value is None and fill is None:
                continue
            value = cell.value
            shown = isinstance(value, int | float | date) and not isinstance(value, bool)
            number_format = cell.number_format if shown else None
            if number_format == "0" and isinstance(value, int):
                number_format = "General"
            found[cell.coordinate] = (
                value,
                number_format,
                fill,
                bool(cell.font.b) or cell.coordinate in styled,
                bool(cell.font.i),
            )
    return found


def assert_same_dress(mine: Any, wanted: Any) -> None:
    """Borders (but those a table style draws), alignment, font colour and freeze pane as
    the openpyxl writer sets them."""
    lined = xr.table_look(mine).lined
    a, b = xr.dress(mine, lined), xr.dress(wanted, lined)
    assert a == b, sorted(
        (k, a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)
    )[:8]


def test_widths_fit_the_totals_row() -> None:
    table = ReportTable(
        header=["分公司", "金额", "次数"],
        formats=[Fmt.TEXT, Fmt.MONEY, Fmt.INT],
        rows=[["东区", 1.5, 1]] * 3,
        total_row=["合计", 98765432.1, 7],
    )
    summed = ReportTable(
        header=["分公司", "金额"],
        formats=[Fmt.TEXT, Fmt.MONEY],
        rows=[["东区", 4_999_999.5], ["西区", 4_999_999.5]],
        total_columns=[1],
    )
    widths = layout(ReportSheet(name="x", title="t", blocks=[table])).widths
    assert widths[2] >= len("98,765,432.10") + 2  # as shown: separators and decimals
    widths = layout(ReportSheet(name="x", title="t", blocks=[summed])).widths
    assert widths[2] >= len("9,999,999.00") + 2  # the SUM's result, wider than any row


def test_the_layout_shares_its_styles() -> None:
    cells = layout(tall(50)).cells
    assert len({id(c.style) for c in cells}) == len({c.style for c in cells})
    assert all(isinstance(c.style, Style) for c in cells)


def test_cell_formats_and_total_row_reach_excel(remote_engine: None, tmp_path: Path) -> None:
    sheet = overview()
    mine, actions = through_xlwings(sheet, tmp_path)
    wanted = through_openpyxl(sheet, tmp_path)
    a, b = looks(mine), looks(wanted)
    assert a == b, sorted(
        (k, a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)
    )
    assert_same_dress(mine, wanted)
    by_value = {row[0].value: row for row in mine.iter_rows(min_row=4) if row[0].value}
    assert by_value["回访率"][1].number_format == "0.0%"  # a share among counts
    assert by_value["满意率"][1].number_format == "0.0%"
    assert by_value["满意率"][1].fill.fgColor.rgb[-6:] == "F8CBAD"  # flagged
    assert by_value["回访数"][1].number_format == "General"  # whole numbers: as under "0"
    totals = [row for row in mine.iter_rows(min_row=4) if row[0].value == "合计"]
    assert [c.value for c in totals[0][:4]] == ["合计", 49, 1333.5, 0.4]
    assert [c.number_format for c in totals[0][1:4]] == ["General", "0", "0.0%"]  # 1333.5: "0"
    look = xr.table_look(mine)  # the totals rows are their tables' own: bold by the style
    assert all(c.coordinate in look.bold for c in [*totals[0][:5], *totals[1][:3]])
    assert totals[1][1].value == "=SUM(B20:B21)"
    assert totals[1][1].number_format == "#,##0.00"
    assert any(a["func"] == "addChart" for a in actions)
    # the tables, the centred headers, the grey notes, the frozen rows
    header = next(row[:5] for row in mine.iter_rows(min_row=4) if row[1].value == "回访")
    assert all(c.alignment.horizontal == c.alignment.vertical == "center" for c in header)
    assert all(c.alignment.wrap_text for c in header)
    assert {t.tableStyleInfo.name for t in mine.tables.values()} == {TABLE_STYLE}
    assert len(mine.tables) == len(layout(sheet).tables)  # the empty one too
    for cell in [header[0], *totals[0][:5], *totals[1][:3]]:
        assert cell.coordinate in look.lined, cell.coordinate
    for cell in (mine["A1"], mine["A4"], totals[1][3], header[0].offset(-1, 0)):
        assert cell.border.left.style is cell.border.top.style is None, cell.coordinate
        assert cell.coordinate not in look.lined
    assert mine["A2"].font.color.rgb[-6:] == "595959"  # the subtitle
    note = next(c for c in mine["A"] if c.value == "（无）")
    assert note.font.color.rgb[-6:] == "808080" and note.border.top.style is None
    assert mine.freeze_panes == f"A{layout(sheet).freeze_row}" != "A1"
    # the columns as wide as the layout makes them, rounded up to the writer's steps
    for c, width in layout(sheet).widths.items():
        assert mine.column_dimensions[openpyxl.utils.get_column_letter(c)].width >= width


def test_calls_do_not_grow_with_rows(remote_engine: None, tmp_path: Path) -> None:
    counts = {}
    for rows in (10, 200):
        mine, actions = through_xlwings(tall(rows), tmp_path / str(rows))
        wanted = through_openpyxl(tall(rows), tmp_path / str(rows))
        assert looks(mine) == looks(wanted)
        assert_same_dress(mine, wanted)
        counts[rows] = [a["func"] for a in actions if a["func"] != "setColumnWidth"]
        widths = [a for a in actions if a["func"] == "setColumnWidth"]
        # a call for each run of neighbouring columns of about one width: at most one a
        # column, however many rows (a wider total may part a run)
        assert 0 < len(widths) <= len(layout(tall(rows)).widths)
    assert counts[10] == counts[200]
    assert counts[10].count("setValues") == 1  # every value of the sheet in one block
    # an Excel table per table, its lines the table style's, whatever the rows; all fills
    # at once (the flagged cells too); one freeze
    assert counts[10].count("addTable") == 2
    assert counts[10].count("setBorderProperty") == 0
    assert counts[10].count("setRangeColors") == 1
    assert counts[10].count("freezePaneAtRange") == 1


def _tables_sheet(first_rows: int, second_rows: int) -> ReportSheet:
    """A portrait sheet: a table of `first_rows` rows, then a captioned one of `second_rows`."""
    first = ReportTable(
        caption="指标", header=["项目", "数值"], rows=[["x", n] for n in range(first_rows)]
    )
    second = ReportTable(
        caption="需要关注", header=["事项", "数量"], rows=[["y", n] for n in range(second_rows)]
    )
    return ReportSheet(name="总览", title="客服部", blocks=[first, second], landscape=False)


def _breaks(first_rows: int, second_rows: int) -> list[int]:
    """The page breaks of `_tables_sheet`, as rows counted from the second table's caption."""
    out = layout(_tables_sheet(first_rows, second_rows))
    caption = next(c.row for c in out.cells if c.value == "需要关注")
    return [row - caption for row in out.breaks]


def test_a_table_that_would_be_cut_at_a_page_s_foot_begins_the_next() -> None:
    """Rows print 15 pt tall on a portrait page of about 734 pt (after the 0.75-inch margins),
    47 of them. A table of five rows is kept whole: it begins the next page where it would not
    fit below the first table. A table of thirty (more than half a page) runs on across the
    page's foot, but not with only its caption and header there: with them its first two rows."""
    assert _breaks(10, 5) == []
    assert _breaks(35, 5) == []  # the page just holds it whole below the first
    assert _breaks(36, 5) == [-1]  # one more: the break just above its caption
    assert _breaks(38, 30) == []  # its caption, header and first two rows fit
    assert _breaks(39, 30) == [-1]
    # a first table running onto the next page: the second follows it there, room enough
    assert _breaks(45, 5) == []
