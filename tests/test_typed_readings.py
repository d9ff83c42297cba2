"""Readings a hurried clerk's workbooks asked for (the clerk's sweep, entries 9, 10, 11, 14,
15 and 18): zh-CN 12-hour times, Excel serials typed as text, a reply typed as a date column
and a time column, words that deny a signature or an approval, two columns for one person,
a weekday that contradicts its date, two names written with a space, an arrival's seconds.
Each workbook is written to disk as typed and read back through the pipeline."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font
from workbooks import (
    COMPLAINT,
    COMPLAINT_HEADERS,
    LEAVE_HEADERS,
    PENALTY_AS_OF,
    VISIT,
    complaint,
    computed,
    facts,
    handover_book,
    leave,
    offence,
    penalty_book,
    rows_of,
    run,
    shift,
    write_book,
)

from csbook.io import values
from csbook.rules.findings import Finding, Severity
from csbook.rules.schema import BOOKS, ValueKind
from csbook.rules.text import squeeze

E, W = Severity.ERROR, Severity.WARNING
YEAR_END = datetime(2026, 12, 31, 18, 0)
PARAMS = (["参数", "值", "说明"], [])
HOLIDAYS = (["日期", "类型"], [])
VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "满意度", "客户签字", "回访人"]


def visit_row(**more: Any) -> list[Any]:
    row = {**VISIT, "satisfaction": "满意", **more}
    keys = ["visit_date", "client", "method", "kind", "satisfaction", "signed_by", "staff"]
    return [row.get(k) for k in keys]


def visits_book(
    path: Path,
    complaints: list[dict[str, Any]] | None = None,
    visits: tuple[list[str], list[list[Any]]] | None = None,
) -> Path:
    """A 回访登记表: `visits` (headers, rows) or one correct visit; `complaints` by header."""
    rows = complaints or [{**complaint("T001", COMPLAINT["received_at"])}]
    return write_book(
        path,
        {
            "回访登记": visits or (VISIT_HEADERS, [visit_row(signed_by="刘经理")]),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, rows)),
            "参数": PARAMS,
            "节假日": HOLIDAYS,
        },
    )


def on(findings: list[Finding], key: str) -> list[tuple[int, str, Severity]]:
    return [(f.row, f.column, f.severity) for f in findings if f.key == key]


# ---- 10: 上午12:30 ---------------------------------------------------------------------------


def test_twelve_in_the_morning_is_just_after_midnight_and_said(tmp_path: Path) -> None:
    """zh-CN Excel and Windows write 00:30 as 上午12:30 (`上午/下午h:mm`): read 00:30, as 12:30
    AM is, with a warning (people also say 上午12点 for noon). 中午/下午12:30 are noon."""
    typed = [
        ("2026-11-03 上午12:30", "2026-11-04 上午1:00"),
        ("2026/11/3 上午 12:30:00", "2026/11/4 上午 1:00:00"),  # the zh-CN export
        ("2026-11-03 12:30 AM", "2026-11-04 1:00 AM"),
        ("2026-11-03 中午12:30", "2026-11-04 中午12:00"),
        ("2026-11-03 下午12:30", "2026-11-04 中午12:00"),
    ]
    rows = [
        complaint(f"TU{n}", received, 首次回复时间=replied)
        for n, (received, replied) in enumerate(typed, start=1)
    ]
    report = run(visits_book(tmp_path / "回访登记表.xlsx", rows), YEAR_END)
    (sheet,) = [r for r in report.results if r.table.schema.name == "投诉登记"]
    assert (
        sheet.table.cols["received_at"]
        == [datetime(2026, 11, 3, 0, 30)] * 3 + [datetime(2026, 11, 3, 12, 30)] * 2
    )
    assert computed(report, "投诉登记", "reply_due")[:3] == [datetime(2026, 11, 4, 0, 30)] * 3
    assert computed(report, "投诉登记", "reply_status") == ["超时"] * 3 + ["按时"] * 2
    doubts = [f for f in report.findings if f.key == "R02.doubt"]
    assert on(doubts, "R02.doubt") == [(2, "受理时间", W), (3, "受理时间", W), (4, "受理时间", W)]
    assert "读作0:30（上午12点即半夜0点" in doubts[0].message("zh")
    assert "若指中午，请写成 12:30" in doubts[1].message("zh")
    assert "12 AM即半夜0点" in doubts[2].message("zh")


def test_twelve_in_the_morning_in_a_time_column(tmp_path: Path) -> None:
    assert values.parse_time("上午12:30", date(2026, 11, 3)) == time(0, 30)
    assert values.parse_time("上午12点", date(2026, 11, 3)) == time(0, 0)
    assert values.parse_time("下午12:30", date(2026, 11, 3)) == time(12, 30)
    assert values.doubt("上午9:30", date(2026, 11, 3)) is None
    assert values.doubt("凌晨12点", date(2026, 11, 3)) is None  # no other reading
    assert values.doubt("2026-11-12 AM", date(2026, 11, 3)) is None  # 12 is the day


# ---- 11: a serial typed as text -------------------------------------------------------------


def test_a_serial_typed_as_text_keeps_its_time(tmp_path: Path) -> None:
    rows = [
        complaint("TU01", 46329.625, 首次回复时间=46330.75),
        complaint("TU02", "46329.625", 首次回复时间="46330.75"),  # pasted into a text column
    ]
    visits = (VISIT_HEADERS, [visit_row(visit_date=v, signed_by="刘") for v in (46329.625, "46329.625")])  # fmt: skip
    report = run(visits_book(tmp_path / "回访登记表.xlsx", rows, visits), YEAR_END)
    (log, sheet) = [r.table for r in report.results]
    assert sheet.cols["received_at"] == [datetime(2026, 11, 3, 15, 0)] * 2
    assert sheet.cols["replied_at"] == [datetime(2026, 11, 4, 18, 0)] * 2
    assert computed(report, "投诉登记", "reply_status") == ["超时", "超时"]
    # a date column keeps the day of either, as a number with a fraction always did
    assert log.cols["visit_date"] == [date(2026, 11, 3)] * 2
    assert facts(report, "R02") == []
    # a short number is no serial: 8.30 stays 8月30日
    assert values.parse_datetime("8.30", date(2026, 11, 3)) == date(2026, 8, 30)


# ---- 15: 回复日期 | 回复时间 ------------------------------------------------------------------


def test_a_reply_typed_as_a_date_and_a_time_column_is_joined(tmp_path: Path) -> None:
    headers = ["投诉编号", "受理日期", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "回复日期", "回复时间", "首问负责人"]  # fmt: skip
    # fmt: off
    rows = [
        ["K01", date(2026, 11, 6), "17:59", "甲", "电话", "差", "一站", date(2026, 11, 9), "下午6:00", "王芳"],
        ["K02", "2026-11-06", "下午5:59", "乙", "电话", "差", "一站", "2026-11-09", "17:58", "王芳"],
        ["K05", date(2026, 11, 6), None, "戊", "电话", "差", "一站", date(2026, 11, 9), None, "王芳"],
    ]
    # fmt: on
    path = write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (VISIT_HEADERS, [visit_row(signed_by="刘经理")]),
            "投诉登记": (headers, rows),
            "参数": PARAMS,
            "节假日": HOLIDAYS,
        },
    )
    report = run(path, datetime(2026, 11, 30, 18, 0))
    (sheet,) = [r for r in report.results if r.table.schema.name == "投诉登记"]
    assert sheet.table.cols["replied_at"] == [
        datetime(2026, 11, 9, 18, 0),
        datetime(2026, 11, 9, 17, 58),
        date(2026, 11, 9),  # a date alone: some time that day
    ]
    assert computed(report, "投诉登记", "reply_status") == ["超时", "按时", "按时"]
    assert facts(report, "R02") == []


@pytest.mark.parametrize(
    "column",
    [c for b in BOOKS for s in b.sheets for c in s.columns if c.kind is ValueKind.DATETIME],
    ids=lambda c: c.header,
)
def test_every_date_time_column_can_be_typed_as_a_date_and_a_time(column: Any) -> None:
    """The reader joins two columns naming one date-time (`locate_headers`): each date-time
    column names its 日期 and its 时间 (回复日期 | 回复时间 as 受理日期 | 受理时间)."""
    names = {squeeze(n) for n in (column.header, *column.synonyms)}
    stems = {n[:-2] for n in names if n.endswith(("时间", "日期"))}
    assert stems
    for stem in stems:
        assert {stem + "日期", stem + "时间"} <= names, stem


# ---- 9: words that deny the act -------------------------------------------------------------


def test_a_signature_cell_that_says_not_signed_is_no_signature(tmp_path: Path) -> None:
    typed = ["未签", "拒签", "否", "无签字", "客户 未签", "×", "✕", "张三", " 未签字 "]
    visits = [visit_row(method="上门", signed_by=s, staff="王芳") for s in typed]
    report = run(
        visits_book(tmp_path / "回访登记表.xlsx", visits=(VISIT_HEADERS, visits)), YEAR_END
    )
    log = report.results[0].table
    assert log.cols["signed_by"] == [None] * 7 + ["张三", None]
    assert on(report.findings, "V11") == [(r, "客户签字", E) for r in (2, 3, 4, 5, 6, 7, 8, 10)]
    assert {f.message("zh") for f in report.findings if f.rule == "V11"} == {"上门回访须有客户签字"}


def test_a_complaint_marked_not_severe_is_still_read_as_no(tmp_path: Path) -> None:
    """否 is a value outside the act columns: 恶性 否 is not severe, and no blank."""
    rows = [complaint("T001", COMPLAINT["received_at"], 恶性="否")]
    report = run(visits_book(tmp_path / "回访登记表.xlsx", rows), YEAR_END)
    assert report.results[1].table.cols["severe"] == [False]


def test_approvals_and_reviews_denied_in_words(tmp_path: Path) -> None:
    """An unapproved leave is absence (Q04, S01), as a blank approver is; a 待批 sanction has
    no approval (V46), a 拒签 one no signature (V47); 主管审阅 未审 is no review."""
    requests = [
        leave("张伟", "事假", "2026-11-10", "2026-11-10", 批准人="未批准"),
        leave("张伟", "事假", "2026-11-11", "2026-11-11", 批准人="待批"),
        leave("王芳", "病假", "2026-11-12", "2026-11-12", 批准人="不 同 意"),
        leave("王芳", "事假", "2026-11-13", "2026-11-13", 批准人=None),
        leave("王芳", "事假", "2026-11-16", "2026-11-16", 批准人="待审批"),
    ]
    offences = [
        offence("2026-11-03", "张伟", "S12", 批准人="待批", 本人签字="拒签"),
        offence("2026-11-04", "李娜", "S12", 本人签字="未签"),
    ]
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        offences,
        more={"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))},
    )
    report = run(path, PENALTY_AS_OF)
    assert on(report.findings, "Q04.missing") == [(r, "批准人", E) for r in (2, 3, 4, 5, 6)]
    missing = [f for f in report.findings if f.key == "Q04.missing"]
    assert missing[0].message("zh") == "请假未经批准（批准人未填或写明未批准），按旷工计"
    assert on(report.findings, "V46.missing") == [(2, "批准人", E)]
    assert on(report.findings, "V47") == [(2, "本人签字", W), (3, "本人签字", W)]
    assert "未填或写明未批准" in next(f for f in report.findings if f.key == "V46.missing").message("zh")  # fmt: skip
    absences = [f for f in report.findings if f.key == "V46.implied"]
    assert len(absences) == 5  # each unapproved leave is absence, S01

    log = handover_book(
        tmp_path,
        [
            shift("2026-11-03", "早班", "甲", "乙", 主管审阅="未审"),
            shift("2026-11-03", "中班", "乙", "丙", 主管审阅="否", 接班人签字="拒签"),
            shift("2026-11-03", "夜班", "丙", "丁", 主管审阅="李娜"),
        ],
    )
    shifts = run(log, datetime(2026, 11, 4, 18, 0))
    table = shifts.results[0].table
    assert table.cols["reviewed_by"] == [None, None, "李娜"]
    assert on(shifts.findings, "V32.missing") == [(3, "接班人签字", E)]


# ---- 14: two columns for one person ---------------------------------------------------------


def test_two_columns_for_the_agent_that_differ_are_named(tmp_path: Path) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "满意度", "回访人", "客服"]
    rows = [
        ["2026-11-02", "甲公司", "电话", "定期回访", "满意", "王芳", "王芳"],
        ["2026-11-03", "乙公司", "电话", "定期回访", "满意", "王芳", "李娜"],
        ["2026-11-04", "丙公司", "电话", "定期回访", "满意", None, "李娜"],
        ["2026-11-05", "丁公司", "电话", "定期回访", "满意", "王 芳", "王芳"],  # padding only
        ["2026-11-06", "戊公司", "电话", "定期回访", "满意", "陈静", "李娜"],
        ["2026-11-09", "己公司", "电话", "定期回访", "满意", "陈静", "张伟"],
    ]
    report = run(visits_book(tmp_path / "回访登记表.xlsx", visits=(headers, rows)), YEAR_END)
    log = report.results[0].table
    # the fuller column is read, as before (客服: 6 filled, 回访人: 5)
    assert log.cols["staff"] == ["王芳", "李娜", "李娜", "王芳", "李娜", "张伟"]
    (two,) = [f for f in report.findings if f.key == "R02.two_columns"]
    assert (two.row, two.column, two.severity) == (3, "客服", W)
    assert two.message("zh") == (
        "“客服”与“回访人”是同一项，第3、6–7行两列都填了且不一致（共3行），按“客服”读取；请只留一列"
    )


# ---- 18: a weekday that contradicts its date, two names with a space, seconds ---------------


def test_a_weekday_that_contradicts_its_date_is_said(tmp_path: Path) -> None:
    rows = [
        shift("11月3日 星期二", "早班", "甲", "乙"),
        shift("2026-11-03(二)", "中班", "乙", "丙"),
        shift("2026/11/3 周二", "夜班", "丙", "丁"),
        shift("2026-11-05（星期五）", "早班", "丁", "甲"),  # 11-05 is a Thursday
        shift("11月6日(周四)", "早班", "甲", "乙"),  # 11-06 is a Friday
    ]
    report = run(handover_book(tmp_path, rows), datetime(2026, 11, 30, 23, 59))
    table = report.results[0].table
    assert table.cols["date"] == [date(2026, 11, 3)] * 3 + [date(2026, 11, 5), date(2026, 11, 6)]
    doubts = [f for f in report.findings if f.key == "R02.doubt"]
    assert on(doubts, "R02.doubt") == [(5, "日期", W), (6, "日期", W)]
    assert doubts[0].message("zh") == (
        "“2026-11-05（星期五）”读作2026-11-05（星期四），与所写的星期五不符；请核对日期"
    )
    assert "与所写的星期四不符" in doubts[1].message("zh")


def test_two_names_written_with_a_space(tmp_path: Path) -> None:
    """SPEC pads names with spaces: `李娜 王芳` is one person 李娜王芳, but both parts are
    names, so a warning says how two people are written. `王 芳` is a padded name."""
    visits = [
        visit_row(staff="李娜 王芳", signed_by="刘"),
        visit_row(staff="王 芳", signed_by="刘"),
        visit_row(staff="李娜、王芳", signed_by="刘"),
        visit_row(staff="欧阳 娜娜　陈静", signed_by="刘"),
    ]
    report = run(
        visits_book(tmp_path / "回访登记表.xlsx", visits=(VISIT_HEADERS, visits)), YEAR_END
    )
    doubts = [f for f in report.findings if f.key == "R02.doubt"]
    assert on(doubts, "R02.doubt") == [(2, "回访人", W), (5, "回访人", W)]
    assert (
        doubts[0].message("zh") == "“李娜 王芳”读作一个人“李娜王芳”；若是2个人，请写成“李娜、王芳”"
    )
    assert "请写成“欧阳、娜娜、陈静”" in doubts[1].message("zh")
    assert report.results[0].table.cols["staff"][0] == "李娜 王芳"  # read as before


def test_an_arrival_with_seconds_is_shown_with_them(tmp_path: Path) -> None:
    rows = [shift("2026-11-03", "早班", "甲", "乙", 接班到岗时间="7:50:30")]
    report = run(handover_book(tmp_path, rows), datetime(2026, 11, 4, 18, 0))
    (early,) = [f for f in report.findings if f.key == "H01.early"]
    assert early.message("zh") == "到岗偏晚：07:50:30到岗，应于07:50前到岗"


# ---- struck-through rows ---------------------------------------------------------------------


def test_rows_struck_through_are_named_and_still_counted_as_typed(tmp_path: Path) -> None:
    """Offices cancel an entry by striking it through. csbook reads values (SPEC §1.0) and a
    strike may mean done as well as void, so a struck row still counts — but never unsaid:
    one warning names the struck rows (row 3 struck whole, row 4 only its 过失代码). A strike
    on an empty cell (row 6's formatting) or outside the input columns is no row."""
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [
            offence("2026-11-03", "张伟", "L15"),
            offence("2026-11-04", "张伟", "L15"),
            offence("2026-11-05", "李娜", "L15"),
            offence("2026-11-06", "王芳", "L15"),
        ],
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["过失登记"]
    struck = Font(strike=True)
    for cell in ws[3]:
        cell.font = struck
    ws["D4"].font = struck
    ws["F6"].font = struck  # 涉及金额 left blank
    ws["Z5"].value, ws["Z5"].font = "作废", struck  # a column csbook does not read
    wb.save(path)
    report = run(path, PENALTY_AS_OF)
    (said,) = [f for f in report.findings if f.key == "R02.struck"]
    assert (said.sheet, said.row, said.severity) == ("过失登记", 0, W)
    assert "第3–4行（共2行）" in said.message("zh")
    assert computed(report, "过失登记", "sanction")[:2] == ["口头批评", "口头批评"]


def test_a_workbook_without_struck_cells_says_nothing_of_strikes(tmp_path: Path) -> None:
    """A font with strike turned off (`<strike val="0"/>`, as some writers save it) is no strike."""
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [offence("2026-11-03", "张伟", "L15")])
    wb = openpyxl.load_workbook(path)
    for cell in wb["过失登记"][2]:
        cell.font = Font(strike=False, bold=True)
    wb.save(path)
    report = run(path, PENALTY_AS_OF)
    assert not [f for f in report.findings if f.key == "R02.struck"]
