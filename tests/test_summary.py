"""`csbook summary` end to end: branch workbooks built as staff keep them (one unreadable, one
incomplete, one duplicate), summarised through the command line, and every figure of 总览,
回访, 投诉 and 交接班 read back with openpyxl and compared with values worked out by hand.

The month is November 2026 (no holidays), as of 2026-11-30 24:00.
"""

from __future__ import annotations

import sys
import types
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from branch_files import (
    AS_OF,
    SHEETS,
    SUZHOU_VISITS,
    build_scenario,
    complaint,
    d,
    dt,
    read_tables,
    visit,
)

from csbook.branches import branch_from_path
from csbook.cli import main, parse_month
from csbook.io.templates import build_template
from csbook.io.workbook import load
from csbook.rules.penalty_sheet import PenaltyMonthSheet
from csbook.rules.periods import Period, PeriodKind
from csbook.summary import (
    default_as_of,
    display_names,
    report_for_books,
)


def same(actual: list[list[Any]], expected: list[list[Any]]) -> None:
    assert len(actual) == len(expected), actual
    for got, want in zip(actual, expected, strict=True):
        assert len(got) == len(want), got
        for g, w in zip(got, want, strict=True):
            if isinstance(w, float):
                assert g == pytest.approx(w), (got, want)
            else:
                assert g == w, (got, want)


def column(table: dict[str, Any], name: str) -> list[Any]:
    c = table["header"].index(name)
    return [row[c] for row in table["rows"]]


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, int, Path]:
    folder = tmp_path_factory.mktemp("branches")
    args = build_scenario(folder / "in")
    out = folder / "out" / "汇总.xlsx"
    code = main(["summary", *args, "--month", "2026-11", "-o", str(out), "--as-of", AS_OF])
    return openpyxl.load_workbook(out), code, out


# --- 总览 ----------------------------------------------------------------------------------


def test_sheets_in_order_and_exit_code(summary: tuple[Any, int, Path]) -> None:
    wb, code, out = summary
    assert wb.sheetnames == SHEETS
    assert code == 2  # a file could not be read
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".csbook-")]


def test_overview_headline(summary: tuple[Any, int, Path]) -> None:
    ws = summary[0]["总览"]
    assert ws["A1"].value == "客服部 2026年11月 月度汇总"
    assert "统计截至 2026-11-30 23:59" in ws["A2"].value
    table = read_tables(ws)["本月主要指标"]
    figures = {row[0]: (row[1], row[2]) for row in table["rows"]}
    expected = {
        "分公司数": (4, None),
        "回访次数": (8, None),
        "回访人员": (4, None),
        "回访未达标人数": (4, "按各分公司参数"),  # V01 counts distinct clients
        "客户签字率": (3 / 8, None),
        "按期复访率": (1 / 3, "100%"),
        "安装回访及时率": (None, None),
        "客户满意率": (4 / 6, None),
        "复访超期": (2, "应为 0"),
        "投诉件数": (4, None),
        "回复超期": (3, "应为 0"),
        "重复投诉": (1, None),
        "恶性投诉": (1, "应为 0"),
        "交接班次": (5, None),
        "接班迟到": (1, "应为 0"),
        "脱班": (3, "应为 0"),
        "缺班（无交接记录的班次）": (1, "应为 0"),  # 11-02 中班
        "交接班主管审阅率": (0.5, "每天审阅"),
        "未完成意见征求的客户": (5, None),
        "来源文件": (6, None),
        "不完整或无法读取的文件": (2, "应为 0"),
        "重复未计入的文件": (1, "应为 0"),
    }
    assert list(figures) == list(expected)
    for name, (value, target) in expected.items():
        assert figures[name][0] == pytest.approx(value), name
        assert figures[name][1] == target, name
    # shares are shown as percentages, counts as whole numbers
    cells: dict[Any, Any] = {}
    for r in range(1, ws.max_row + 1):
        cells.setdefault(ws.cell(r, 1).value, ws.cell(r, 2))
    assert cells["客户签字率"].number_format == "0.0%"
    assert cells["回访次数"].number_format == "0"
    # what misses its target is highlighted
    assert cells["按期复访率"].fill.fgColor.rgb.endswith("F8CBAD")
    assert cells["脱班"].fill.fgColor.rgb.endswith("F8CBAD")
    assert not cells["回访次数"].fill.fgColor.rgb.endswith("F8CBAD")


def test_overview_says_it_is_incomplete_and_names_the_duplicate(
    summary: tuple[Any, int, Path],
) -> None:
    ws = summary[0]["总览"]
    notes = [ws.cell(r, 1).value or "" for r in range(3, 8)]
    assert any(
        n.startswith("⚠ 本汇总不完整：2 个文件") and "无锡分公司-回访登记表.xlsx" in n
        for n in notes
    )
    assert any("苏州分公司-回访登记表(副本).xlsx" in n and "重复部分未计入" in n for n in notes)
    attention = read_tables(ws)["需要关注"]
    what = [(r[0], r[1], r[2]) for r in attention["rows"]]
    assert what == [
        ("回复超期", "南京分公司", 3),
        ("复访超期", "南京分公司", 2),
        ("回访未达标人数", "南京分公司", 2),
        ("回访未达标人数", "常州分公司", 1),
        ("回访未达标人数", "苏州分公司", 1),
        ("按期复访率", "南京分公司", 1),
        ("重复投诉", "南京分公司", 1),
        ("恶性投诉", "南京分公司", 1),
        ("接班迟到", "南京分公司", 1),
        ("脱班", "南京分公司", 3),
        ("缺班（无交接记录的班次）", "南京分公司", 1),
        ("交接班主管审阅率", "南京分公司", 1),
        ("未完成意见征求的客户", "南京分公司", 3),
        ("未完成意见征求的客户", "常州分公司", 1),
        ("未完成意见征求的客户", "苏州分公司", 1),
        ("文件无法读取", "无锡分公司", 1),
        ("重复文件（未计入）", "苏州分公司", 1),
        ("文件不完整", "常州分公司", 1),
    ]
    details = [r[3] for r in attention["rows"]]
    # as many as fit the cell; the whole list is on the sheet named
    assert details[0] == "TS00（已超期未回复）、TS02（超时） 等 3 项（见“投诉”表）"
    assert details[2] == "张伟 2/3个、李娜 1/3个（见“回访”表）"  # clients visited / target
    assert details[5] == "33.3%（目标 100%）（见“回访”表）"
    assert details[8] == "甲 1 次（见“交接班”表）"
    assert details[10] == "11-02中班（见“交接班”表）"
    assert details[11] == "未审阅：11-02（见“交接班”表）"  # 11-01 reviewed, 11-02 not: 50 %
    assert details[12] == "客户A、客户C、客户E（见“意见征求”表）"
    assert "缺少工作表“投诉登记”" in details[17]


def test_every_highlighted_figure_is_in_the_attention_list(
    summary: tuple[Any, int, Path],
) -> None:
    ws = summary[0]["总览"]
    files = {  # the files' figures are listed per file, by what became of it
        "不完整或无法读取的文件": ("文件不完整", "文件无法读取"),
        "重复未计入的文件": ("重复文件（未计入）",),
    }
    headline = {row[0] for row in read_tables(ws)["本月主要指标"]["rows"]}
    highlighted = [
        (ws.cell(r, 1).value, ws.cell(r, 2).value)
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value in headline and ws.cell(r, 2).fill.fgColor.rgb.endswith("F8CBAD")
    ]
    assert len(highlighted) == 13  # every highlighted figure of this scenario
    attention = read_tables(ws)["需要关注"]["rows"]
    for name, value in highlighted:
        listed = [r for r in attention if r[0] in files.get(name, (name,))]
        assert listed, name
        if isinstance(value, int):  # counts: the list adds up to the figure
            assert sum(r[2] for r in listed) == value, name


# --- 回访 -----------------------------------------------------------------------------------


def test_visits_per_branch(summary: tuple[Any, int, Path]) -> None:
    table = read_tables(summary[0]["回访"])["各分公司回访"]
    assert table["header"] == [
        "分公司",
        "回访人员",
        "回访次数",
        "未达标人数",
        "客户签字",
        "签字率",
        "应复访",
        "按期复访",
        "复访率",
        "已评价",
        "计为满意",
        "满意率",
        "安装回访",
        "按期安装回访",
        "安装回访及时率",
    ]
    same(
        table["rows"],
        [
            ["南京分公司", 2, 5, 2, 2, 0.4, 3, 1, 1 / 3, 4, 2, 0.5, 0, 0, None],
            ["常州分公司", 1, 1, 1, 0, 0.0, 0, 0, None, 0, 0, None, 0, 0, None],
            ["苏州分公司", 1, 2, 1, 1, 0.5, 0, 0, None, 2, 2, 1.0, 0, 0, None],
            ["合计", 4, 8, 4, 3, 0.375, 3, 1, 1 / 3, 6, 4, 4 / 6, 0, 0, None],
        ],
    )


def test_visits_per_agent(summary: tuple[Any, int, Path]) -> None:
    tables = read_tables(summary[0]["回访"])
    table = tables["各回访人（回访量、客户签字、按期复访、满意度）"]
    assert table["header"] == [
        "分公司",
        "回访人",
        "回访次数",
        "回访客户",
        "目标",
        "完成率",
        "客户签字",
        "签字率",
        "应复访",
        "按期复访",
        "复访率",
        "非常满意",
        "满意",
        "一般",
        "不满意",
        "已评价",
        "计为满意",
        "满意率",
    ]
    same(
        table["rows"],
        [
            # the completion rate is distinct clients against the target (V01)
            ["南京分公司", "张伟", 3, 2, 3, 2 / 3, 1, 1 / 3, 2, 1, 0.5, 1, 1, 1, 0, 3, 2, 2 / 3],
            ["南京分公司", "李娜", 2, 1, 3, 1 / 3, 1, 0.5, 1, 0, 0.0, 0, 0, 0, 1, 1, 0, 0.0],
            ["常州分公司", "周强", 1, 1, 20, 0.05, 0, 0.0, 0, 0, None, 0, 0, 0, 0, 0, 0, None],
            ["苏州分公司", "王芳", 2, 2, 20, 0.1, 1, 0.5, 0, 0, None, 1, 1, 0, 0, 2, 2, 1.0],
            ["合计", "4 人", 8, None, None, None, 3, 0.375, 3, 1, 1 / 3, 2, 2, 1, 1, 6, 4, 4 / 6],
        ],
    )
    overdue = tables["复访超期（已解决、过了复访期限仍未复访）"]
    same(
        overdue["rows"],
        [
            [
                "南京分公司",
                datetime(2026, 10, 28),
                "客户E",
                "张伟",
                datetime(2026, 10, 30),
                datetime(2026, 11, 2),
                "nj-visits.xlsx 第3行",
            ],
            [
                "南京分公司",
                datetime(2026, 11, 10),
                "客户A",
                "张伟",
                datetime(2026, 11, 12),
                datetime(2026, 11, 15),
                "nj-visits.xlsx 第6行",
            ],
        ],
    )


def test_visits_chart_against_the_target(summary: tuple[Any, int, Path]) -> None:
    ws = summary[0]["回访"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert len(chart.series) == 1 and len(chart._charts) == 2  # bars and the target line


# --- 投诉 -----------------------------------------------------------------------------------


def test_complaints_grades_and_replies(summary: tuple[Any, int, Path]) -> None:
    table = read_tables(summary[0]["投诉"])["投诉等级与首次回复"]
    zero = [0] * 8 + [None]
    same(
        table["rows"],
        [
            ["南京分公司", 4, 2, 1, 1, 1, 1, 1, 1, 1 / 3],
            ["常州分公司", *zero],
            ["无锡分公司", *zero],
            ["苏州分公司", *zero],
            ["合计", 4, 2, 1, 1, 1, 1, 1, 1, 1 / 3],
        ],
    )


def test_complaints_per_unit_channel_category(summary: tuple[Any, int, Path]) -> None:
    tables = read_tables(summary[0]["投诉"])
    units = tables["各责任单位（C03；有业务量时按每千件投诉率排名，最差在前）"]
    assert units["header"] == [
        "分公司",
        "责任单位",
        "投诉件数",
        "重复",
        "恶性",
        "业务量",
        "每千件投诉",
        "排名",
    ]
    same(
        units["rows"],
        [
            ["南京分公司", "一站", 3, 1, 0, 1000, 3.0, 1],
            ["南京分公司", "二站", 1, 0, 1, 500, 2.0, 2],
        ],
    )
    same(
        tables["各渠道"]["rows"],
        [
            ["南京分公司", "电话", 2, 0.5],
            ["南京分公司", "来访", 1, 0.25],
            ["南京分公司", "微信", 1, 0.25],
        ],
    )
    same(
        tables["各类别"]["rows"],
        [
            ["南京分公司", "服务态度", 2, 0.5],
            ["南京分公司", "服务质量", 1, 0.25],
            ["南京分公司", "（未分类）", 1, 0.25],
        ],
    )
    assert len(summary[0]["投诉"]._charts) == 2  # by grade, by unit


def test_complaint_lists(summary: tuple[Any, int, Path]) -> None:
    tables = read_tables(summary[0]["投诉"])
    overdue = tables["回复超期（本月超时回复的，和至今仍未回复且已超期的）"]
    same(
        overdue["rows"],
        [
            [
                "南京分公司",
                "TS00",
                dt(10, 20, 10),
                "客户F",
                "二站",
                "张伟",
                dt(10, 21, 10),  # a date-time cell, not text
                None,
                "已超期未回复",
                "nj-visits.xlsx 第2行",
            ],
            [
                "南京分公司",
                "TS02",
                dt(11, 5, 9),
                "客户B",
                "二站",
                "张伟",
                dt(11, 6, 9),
                dt(11, 6, 11),
                "超时",
                "nj-visits.xlsx 第4行",
            ],
            [
                "南京分公司",
                "TS03",
                dt(11, 10, 14),
                "客户A",
                "一站",
                "张伟",
                dt(11, 11, 14),
                None,
                "已超期未回复",
                "nj-visits.xlsx 第5行",
            ],
        ],
    )
    repeats = tables["重复和恶性投诉"]
    assert [(r[1], r[6]) for r in repeats["rows"]] == [("TS02", "恶性"), ("TS03", "重复")]
    assert [r[0] for r in repeats["rows"]] == ["南京分公司", "南京分公司"]


# --- 交接班 ---------------------------------------------------------------------------------


def test_handover_per_branch_and_person(summary: tuple[Any, int, Path]) -> None:
    """H01, H02 (缺签字) and H04 (脱班) per person."""
    tables = read_tables(summary[0]["交接班"])
    same(
        tables["各分公司交接班"]["rows"],
        [["南京分公司", 5, 3, 1, 1, 0.6, 2, 3, 1, 2, 1, 0.5]],  # 缺班 1: 11-02 中班
    )
    people = tables["交接班人员（接班次数按接班人计）"]
    assert people["header"] == [
        "分公司",
        "姓名",
        "接班次数",
        "按时",
        "偏晚",
        "迟到",
        "按时率",
        "缺签字",
        "脱班",
        "值班天数",
        "主管审阅率",
    ]
    same(
        people["rows"],
        [
            ["南京分公司", "甲", 2, 1, 0, 1, 0.5, 1, 1, 2, 0.5],
            ["南京分公司", "乙", 1, 1, 0, 0, 1.0, 0, 1, 1, 1.0],
            ["南京分公司", "丙", 2, 1, 1, 0, 0.5, 0, 1, 2, 0.5],
            ["南京分公司", "丁", 0, 0, 0, 0, None, 1, 1, 0, None],
        ],
    )
    gaps = tables["脱班记录"]["rows"]
    assert [(r[1], r[2], r[3], r[4]) for r in gaps] == [
        (datetime(2026, 11, 1), "夜班", "丙", "甲"),
        (datetime(2026, 11, 2), "早班", "乙", "丙"),
        (datetime(2026, 11, 2), "夜班", "丁", "甲"),
    ]
    assert [r[5] for r in gaps] == ["交接不连续", "交接不连续；缺11-02中班", "缺11-02中班"]


# --- 意见征求 and 来源 ----------------------------------------------------------------------


def test_opinions(summary: tuple[Any, int, Path]) -> None:
    tables = read_tables(summary[0]["意见征求"])
    (table,) = tables.values()
    same(
        [r[:7] for r in table["rows"]],
        [
            ["南京分公司", "客户A", 0, 1, 2, datetime(2026, 11, 10), "张伟"],
            ["南京分公司", "客户C", 0, 1, 2, datetime(2026, 11, 20), "李娜"],
            ["南京分公司", "客户E", 0, 1, 1, datetime(2026, 10, 28), "张伟"],
            ["常州分公司", "客户Z", 0, 1, 1, datetime(2026, 11, 9), "周强"],
            ["苏州分公司", "客户Y", 0, 1, 1, datetime(2026, 11, 6), "王芳"],
        ],
    )


def test_sources(summary: tuple[Any, int, Path]) -> None:
    table = read_tables(summary[0]["来源"])["输入文件"]
    rows = {r[0]: r for r in table["rows"]}
    assert list(rows) == [
        "无锡分公司-回访登记表.xlsx",
        "苏州分公司-回访登记表(副本).xlsx",
        "苏州分公司-回访登记表.xlsx",
        "nj-visits.xlsx",
        "交接班记录.xlsx",
        "回访登记表.xlsx",
    ]
    state = {name: (r[1], r[2], r[3], r[4], r[7]) for name, r in rows.items()}
    assert state == {
        "无锡分公司-回访登记表.xlsx": ("无锡分公司", None, 0, 0, "无法读取"),
        "苏州分公司-回访登记表(副本).xlsx": ("苏州分公司", "回访登记表", 1, 1, "重复，未计入"),
        "苏州分公司-回访登记表.xlsx": ("苏州分公司", "回访登记表", 2, 2, "完整"),
        "nj-visits.xlsx": ("南京分公司", "回访登记表", 12, 9, "完整"),
        "交接班记录.xlsx": ("南京分公司", "交接班记录", 5, 5, "完整"),
        "回访登记表.xlsx": ("常州分公司", "回访登记表", 1, 1, "不完整"),
    }
    assert "不是 Excel 工作簿" in rows["无锡分公司-回访登记表.xlsx"][8]
    assert "苏州分公司-回访登记表.xlsx" in rows["苏州分公司-回访登记表(副本).xlsx"][8]
    assert rows["回访登记表.xlsx"][8] == "缺少工作表“投诉登记”"


def test_values_only_and_print_setup(summary: tuple[Any, int, Path]) -> None:
    wb = summary[0]
    for ws in wb:
        assert ws["A1"].value.startswith("客服部 2026年11月"), ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.freeze_panes is not None
        assert "2026年11月" in ws.oddHeader.center.text
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


# --- bad and odd input ----------------------------------------------------------------------


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    build_template(
        "visits",
        tmp_path / "A分公司-回访登记表.xlsx",
        rows={
            "回访登记": [visit(d(11, 3), '=HYPERLINK("http://x")', "@张伟")],
            "投诉登记": [complaint("-1", dt(11, 3, 9), "+客户", "=一站")],
        },
    )
    out = tmp_path / "out.xlsx"
    main(["summary", str(tmp_path), "--month", "2026-11", "-o", str(out), "--as-of", AS_OF])
    wb = openpyxl.load_workbook(out)
    texts = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s"
                    texts[cell.value] = ws.title
    assert {'=HYPERLINK("http://x")', "@张伟", "-1", "+客户", "=一站"} <= set(texts)


def test_an_empty_month_gives_a_valid_summary_that_says_so(tmp_path: Path) -> None:
    build_template("visits", tmp_path / "A分公司-回访登记表.xlsx", rows={"回访登记": SUZHOU_VISITS})
    out = tmp_path / "out.xlsx"
    code = main(["summary", str(tmp_path), "--month", "2026-12", "-o", str(out), "--as-of", AS_OF])
    assert code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS
    assert "2026年12月没有任何回访、投诉或交接班记录" in wb["总览"]["A4"].value
    figures = {r[0]: r[1] for r in read_tables(wb["总览"])["本月主要指标"]["rows"]}
    assert figures["回访次数"] == 0 and figures["按期复访率"] is None
    # the V04 list still stands: the clients of the year without an 意见征求
    (opinions,) = read_tables(wb["意见征求"]).values()
    assert [r[1] for r in opinions["rows"]] == ["客户Y"]


def test_no_workbook_at_all_is_a_usage_error(tmp_path: Path, capsys: Any) -> None:
    code = main(["summary", str(tmp_path), "--month", "2026-11", "-o", str(tmp_path / "o.xlsx")])
    assert code == 2
    assert "没有找到要处理的工作簿" in capsys.readouterr().err


def test_the_output_never_overwrites_an_input(tmp_path: Path, capsys: Any) -> None:
    src = build_template("visits", tmp_path / "A分公司-回访登记表.xlsx")
    before = src.read_bytes()
    code = main(["summary", str(src), "--month", "2026-11", "-o", str(src)])
    assert code == 2 and src.read_bytes() == before
    assert "不能覆盖" in capsys.readouterr().err


def test_a_bad_month_is_a_usage_error(tmp_path: Path, capsys: Any) -> None:
    code = main(["summary", str(tmp_path), "--month", "2026-13", "-o", str(tmp_path / "o.xlsx")])
    assert code == 2
    assert "月份" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["11月", "11月份", "１１月", "11/3", "11-01", "11月3日"])
def test_a_month_without_its_year_is_refused(tmp_path: Path, capsys: Any, text: str) -> None:
    """The year would hang on the day the command runs (in January, `11月` is last year's
    or this year's?): refused with the full form to type, nothing written."""
    src = build_template(
        "visits", tmp_path / "A分公司-回访登记表.xlsx", rows={"回访登记": SUZHOU_VISITS}
    )
    out = tmp_path / "o.xlsx"
    code = main(["summary", str(src), "--month", text, "-o", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert f"--month “{text}”未写年份，请写上年份，如 20" in err
    # collect reads --month the same way, before it connects anywhere
    assert main(["collect", "--month", text, "-o", str(tmp_path / "mail")]) == 2
    assert "未写年份" in capsys.readouterr().err
    assert not (tmp_path / "mail").exists()


@pytest.mark.parametrize("text", ["10月25日", "10-25", "10/25"])
def test_collect_since_without_its_year_is_refused(tmp_path: Path, capsys: Any, text: str) -> None:
    """`--since 10月25日` with `--month 2027-01`: last October or next? Refused like --as-of,
    before collect connects anywhere; with its year it passes this check."""
    out = tmp_path / "mail"
    assert main(["collect", "--month", "2027-01", "--since", text, "-o", str(out)]) == 2
    assert f"--since “{text}”未写年份" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("typed", ["11月", "11月份", 11])
def test_a_summary_period_without_its_year_is_refused(tmp_path: Path, typed: object) -> None:
    """参数's 汇总期间 (read by the 月度汇总 button) is refused the same way: R02 names the
    cell, and the setting is left unset rather than given a year."""
    path = build_template("visits", tmp_path / "回访登记表.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["参数"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "汇总期间")
    ws.cell(row, 3, typed)
    wb.save(path)
    book = load(path, date(2026, 12, 1))
    assert book.settings.summary_period is None
    assert "summary_period" in book.rejected_settings
    assert [(f.key, f.row) for f in book.findings if f.rule == "R02"] == [("R02.setting", row)]


def test_progress_bar_with_more_than_a_few_files(tmp_path: Path, capsys: Any) -> None:
    for n in range(5):  # each branch its own clients: equal rows would be one file's copies
        rows = [{**v, "client": f"{v['client']}{n}"} for v in SUZHOU_VISITS]
        build_template("visits", tmp_path / f"分公司{n}-回访登记表.xlsx", rows={"回访登记": rows})
    out = tmp_path / "out" / "o.xlsx"
    code = main(["summary", str(tmp_path), "--month", "2026-11", "-o", str(out), "--as-of", AS_OF])
    assert code == 0
    assert "读取工作簿" in capsys.readouterr().err
    figures = {
        r[0]: r[1] for r in read_tables(openpyxl.load_workbook(out)["总览"])["本月主要指标"]["rows"]
    }
    assert figures["分公司数"] == 5 and figures["回访次数"] == 10


# --- the Excel face: books already loaded ---------------------------------------------------


def test_report_for_books_matches_the_command_line(
    tmp_path: Path, summary: tuple[Any, int, Path]
) -> None:
    args = build_scenario(tmp_path / "in")
    from csbook.cli import expand

    books, failed = [], []
    for path in expand(args):
        try:
            books.append(load(path, date(2026, 11, 30)))
        except Exception as e:
            failed.append((path, str(e)))
    report = report_for_books(books, date(2026, 11, 1), datetime(2026, 11, 30, 23, 59, 59), failed)
    assert [s.name for s in report.sheets] == SHEETS
    head = report.sheets[0].blocks
    table = next(b for b in head if not isinstance(b, str))
    cli = read_tables(summary[0]["总览"])["本月主要指标"]["rows"]
    assert [r[0] for r in table.rows] == [r[0] for r in cli]
    for mine, theirs in zip(table.rows, cli, strict=True):
        assert mine[1] == pytest.approx(theirs[1]) if mine[1] is not None else theirs[1] is None


def test_the_penalty_sheet_goes_after_handover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def month_sheet(penalty_books, visit_books, handover_books, month, as_of, doubts=(), memo=None):  # type: ignore[no-untyped-def]
        calls.append((len(penalty_books), len(visit_books), len(handover_books), month, as_of))
        return PenaltyMonthSheet(
            name="月处罚汇总",
            title="客服部 2026年11月 月处罚汇总",
            total=Decimal(0),
            fines=Decimal(0),
            incomplete=[],
            unapproved=[],
            unplaced=[],
        )

    fake = types.ModuleType("csbook.penalty_report")
    fake.month_sheet = month_sheet  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "csbook.penalty_report", fake)
    build_template("penalties", tmp_path / "A分公司-处罚汇总表.xlsx")
    build_template("visits", tmp_path / "A分公司-回访登记表.xlsx", rows={"回访登记": SUZHOU_VISITS})
    out = tmp_path / "out" / "o.xlsx"
    main(["summary", str(tmp_path), "--month", "2026-11", "-o", str(out), "--as-of", AS_OF])
    assert openpyxl.load_workbook(out).sheetnames == [
        "总览",
        "回访",
        "投诉",
        "交接班",
        "月处罚汇总",
        "意见征求",
        "来源",
    ]
    assert calls == [(1, 1, 0, date(2026, 11, 1), datetime(2026, 11, 30, 23, 59, 59))]


# --- small parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "branch"),
    [
        ("x/南京分公司-回访登记表-2026年11月.xlsx", "南京分公司"),
        ("x/南京分公司 交接班记录（副本）.xlsx", "南京分公司"),
        ("苏州分公司/回访登记表.xlsx", "苏州分公司"),
        ("苏州分公司/回访登记表 (2).xlsx", "苏州分公司"),
        ("x/扬州分公司202611.xlsx", "扬州分公司"),
        ("x/扬州分公司 2026-11.xlsx", "扬州分公司"),
        ("x/扬州分公司11月.xlsx", "扬州分公司"),
        ("分公司/回访登记表-无锡分公司.xlsx", "无锡分公司"),
        ("分公司/回访登记表（常州分公司）.xlsx", "常州分公司"),
        ("分公司/回访登记表_镇江分公司_2026年11月_最终版.xlsx", "镇江分公司"),
        ("苏州分公司/回访登记表-副本 (2).xlsx", "苏州分公司"),
        ("苏州分公司/回访登记表 - 11月 v2.xlsx", "苏州分公司"),
        ("x/高雄分公司-回訪登記表.xlsx", "高雄分公司"),  # a Taiwan branch's own name
        ("x/香港分公司 交接班記錄 11月.xlsx", "香港分公司"),
        # a folder named for a period is not a branch: the file is a branch of its own
        ("2026-11/回访登记表.xlsx", "未知分公司（回访登记表.xlsx）"),
        ("2026年11月/回访登记表(2).xlsx", "未知分公司（回访登记表(2).xlsx）"),
        ("11月/交接班记录.xlsx", "未知分公司（交接班记录.xlsx）"),
        ("2026-Q4/回访登记表.xlsx", "未知分公司（回访登记表.xlsx）"),
        ("2026-11/南京分公司-回访登记表.xlsx", "南京分公司"),
    ],
)
def test_branch_from_the_file_name_or_folder(path: str, branch: str) -> None:
    assert branch_from_path(Path(path)) == branch


def test_display_names_tell_apart_files_of_the_same_name(tmp_path: Path) -> None:
    paths = [
        tmp_path / "a" / "回访登记表.xlsx",
        tmp_path / "b" / "回访登记表.xlsx",
        tmp_path / "c.xlsx",
    ]
    assert display_names(paths) == ["a/回访登记表.xlsx", "b/回访登记表.xlsx", "c.xlsx"]


@pytest.mark.parametrize(
    "text", ["2026-11", "2026/11", "2026.11", "202611", "2026年11月", "２０２６-１１"]
)
def test_parse_month(text: str) -> None:
    assert parse_month(text) == date(2026, 11, 1)


def test_default_as_of_is_the_period_end_once_it_is_over() -> None:
    nov = Period.month(date(2026, 11, 1))
    assert default_as_of(nov, datetime(2026, 12, 3, 9)) == datetime(2026, 11, 30, 23, 59, 59)
    assert default_as_of(nov, datetime(2026, 11, 20, 9)) == datetime(2026, 11, 20, 9)
    week = Period.parse(PeriodKind.WEEK, "2026-W44")  # Monday 26 October to Sunday 1 November
    assert default_as_of(week, datetime(2026, 12, 3, 9)) == datetime(2026, 11, 1, 23, 59, 59)
