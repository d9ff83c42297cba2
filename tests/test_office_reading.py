"""Issue 9, the reading side: workbooks typed the way branch offices type them (copied and
hidden sheets, blank markers, branches in file names, .xls error cells, phone numbers, lists
in one cell, loose times and dates), written to disk and run through validate and summary."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from workbooks import COMPLAINT, VISIT, facts, run, write_book

from csbook.rules.findings import Severity
from csbook.rules.periods import Period
from csbook.rules.report import ReportTable
from csbook.rules.roster_names import RosterNames
from csbook.summary import run as summary_run

AS_OF = datetime(2026, 11, 20, 9, 0)
NOV = Period.month(date(2026, 11, 1))
E, W = Severity.ERROR, Severity.WARNING
VISIT_HEADERS = ["回访日期", "客户单位", "联系电话", "回访方式", "回访类型", "回访人", "客户签字"]
COMPLAINT_HEADERS = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首次回复时间", "首问负责人"]  # fmt: skip


def visit(day: Any, client: str = "甲公司", staff: str = "张伟", **more: Any) -> list[Any]:
    row = {**VISIT, "visit_date": day, "client": client, "staff": staff, **more}
    keys = ["visit_date", "client", "phone", "method", "kind", "staff", "signed_by"]
    return [row.get(k) for k in keys]


def complaint(cid: str = "T001", **more: Any) -> list[Any]:
    row = {**COMPLAINT, "complaint_id": cid, **more}
    keys = ["complaint_id", "received_at", "client", "channel", "content", "unit", "replied_at", "owner"]  # fmt: skip
    return [row.get(k) for k in keys]


def register(path: Path, visit_sheets: dict[str, list[list[Any]]], **more: Any) -> Path:
    """A 回访登记表 with the given visit sheets (name -> rows) and one correct complaint."""
    sheets: dict[str, Any] = {name: (VISIT_HEADERS, rows) for name, rows in visit_sheets.items()}
    sheets["投诉登记"] = more.pop("complaints", (COMPLAINT_HEADERS, [complaint()]))
    sheets["参数"] = (["参数", "值"], [])
    sheets["节假日"] = (["日期", "类型"], [])
    return write_book(path, sheets)


def summary_table(paths: list[Path], tmp_path: Path, sheet: str, caption: str) -> ReportTable:
    done = summary_run(paths, NOV, tmp_path / "汇总.xlsx", as_of=AS_OF, jobs=1)
    blocks = done.summary.sheet(sheet).blocks
    return next(b for b in blocks if isinstance(b, ReportTable) and b.caption.startswith(caption))


def columns(table: ReportTable, *headers: str) -> list[tuple[Any, ...]]:
    """The rows of a summary table, reduced to the named columns."""
    at = [table.header.index(h) for h in headers]
    return [tuple(row[c] for c in at) for row in table.rows]


def headline(paths: list[Path], tmp_path: Path) -> dict[str, Any]:
    done = summary_run(paths, NOV, tmp_path / "汇总.xlsx", as_of=AS_OF, jobs=1)
    return {name: value for name, value, *_ in done.summary.headline}


# --- item 3: several sheets for one input sheet ----------------------------------------------


def test_the_copy_with_the_latest_rows_is_read_and_the_other_named(tmp_path: Path) -> None:
    october = [visit("2026-10-08"), visit("2026-10-09")]
    november = [visit("2026-11-03"), visit("2026-11-04"), visit("2026-11-05")]
    path = register(tmp_path / "a.xlsx", {"回访登记": october, "回访登记 (2)": november})
    report = run(path, AS_OF)
    assert report.book.sheet_names["回访登记"] == "回访登记 (2)"
    assert facts(report, "R05") == [("R05", "回访登记", 0, "", W)]
    (r05,) = [f for f in report.findings if f.rule == "R05"]
    assert "“回访登记 (2)”" in r05.message("zh") and "2026-11-05" in r05.message("zh")
    done = summary_run([path], NOV, tmp_path / "汇总.xlsx", as_of=AS_OF, jobs=1)
    assert dict((name, value) for name, value, *_ in done.summary.headline)["回访次数"] == 3
    (source,) = done.summary.sources
    assert "“回访登记”也是回访登记，未读取" in source.reason  # said beside the file in 来源


def test_a_hidden_sheet_never_wins_over_the_visible_one(tmp_path: Path) -> None:
    # the hidden one even holds later rows: what a person sees is what is read
    old = [visit("2026-11-18"), visit("2026-11-19")]
    current = [visit("2026-11-02")]
    path = register(tmp_path / "a.xlsx", {"回访登记": old, "回访登记表": current})
    wb = openpyxl.load_workbook(path)
    wb["回访登记"].sheet_state = "hidden"
    wb.save(path)
    report = run(path, AS_OF)
    assert report.book.sheet_names["回访登记"] == "回访登记表"
    assert report.results[0].table.rows == [2]
    (r05,) = [f for f in report.findings if f.rule == "R05"]
    assert r05.sheet == "回访登记" and "隐藏" in r05.message("zh")


def test_a_sole_copy_is_simply_the_sheet(tmp_path: Path) -> None:
    path = register(tmp_path / "a.xlsx", {"回访登记 (2)": [visit("2026-11-03")]})
    report = run(path, AS_OF)
    assert facts(report) == []
    assert report.book.sheet_names["回访登记"] == "回访登记 (2)"
    assert headline([path], tmp_path)["回访次数"] == 1


# --- item 5: blank markers --------------------------------------------------------------------


def test_blank_markers_are_empty_in_every_column(tmp_path: Path) -> None:
    headers = [*VISIT_HEADERS, "解决日期", "复访日期"]
    rows = [
        [*visit("2026-11-03", method="上门", signed_by="/"), "/", "／"],
        [*visit("2026-11-04", method="上门", signed_by="无"), "2026-11-05", "—"],
        [*visit("2026-11-05", method="上门", signed_by="N/A"), "－", "\\"],
        [*visit("2026-11-06", method="上门", signed_by="刘经理"), "空", "-"],
        ["/", "／", "无", "-", "—", "空", "N/A", "/", "/"],  # a row of markers is no row
    ]
    path = write_book(
        tmp_path / "a.xlsx",
        {
            "回访登记": (headers, rows),
            "投诉登记": (COMPLAINT_HEADERS, [complaint()]),
            "参数": (["参数", "值"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    report = run(path, AS_OF)
    assert facts(report, "R01", "R02") == []
    assert facts(report, "V11") == [("V11", "回访登记", row, "客户签字", E) for row in (2, 3, 4)]
    assert report.results[0].table.rows == [2, 3, 4, 5]
    # 11-05 resolved, no follow-up typed ("—"): due 11-12, overdue on 11-20
    assert report.results[0].computed["status"] == ["已闭环", "复访超期", "已闭环", "已闭环"]
    agents = summary_table([path], tmp_path, "回访", "各回访人")
    assert columns(agents, "回访人", "回访次数", "客户签字") == [("张伟", 4, 1)]


# --- item 7: the branch from the file name before the folder ----------------------------------


def test_branches_named_after_the_template_name_are_two_branches(tmp_path: Path) -> None:
    folder = tmp_path / "各分公司11月"
    folder.mkdir()
    wuxi = register(folder / "回访登记表-无锡分公司.xlsx", {"回访登记": [visit("2026-11-03")]})
    changzhou = register(
        folder / "回访登记表（常州分公司）.xlsx",
        {"回访登记": [visit("2026-11-04", staff="李娜"), visit("2026-11-05", staff="李娜")]},
    )
    named = register(folder / "回访登记表-常州.xlsx", {"回访登记": [visit("2026-11-06")]})
    wb = openpyxl.load_workbook(named)
    wb["参数"].append(["分公司", "扬州分公司"])  # the 参数 sheet's branch wins over the name
    wb.save(named)
    figures = headline([wuxi, changzhou, named], tmp_path)
    assert figures["分公司数"] == 3
    assert figures["重复未计入的文件"] == 0
    assert figures["回访次数"] == 4
    per_branch = summary_table([wuxi, changzhou, named], tmp_path, "回访", "各分公司")
    assert columns(per_branch, "分公司", "回访次数") == [
        ("常州分公司", 2),
        ("扬州分公司", 1),
        ("无锡分公司", 1),
    ]


# --- item 12: phone numbers as libphonenumber judges them -------------------------------------


def test_phone_numbers_as_offices_type_them(tmp_path: Path) -> None:
    phones = [
        "0517-836088",  # a digit short: Huai'an numbers have 8 digits
        "138 1234 5678（微信同号）",
        "+86 25 8400 1234",
        "400-810-8888",
        "(0517)83608888",
        13812345678,  # typed into a number cell
        "1381234567",  # a digit short
    ]
    rows = [visit(f"2026-11-{i + 2:02d}", phone=phone) for i, phone in enumerate(phones)]
    report = run(register(tmp_path / "a.xlsx", {"回访登记": rows}), AS_OF)
    assert facts(report) == [
        ("V05", "回访登记", 2, "联系电话", W),
        ("V05", "回访登记", 8, "联系电话", W),
    ]


# --- item 13: lists in one cell -----------------------------------------------------------------


def test_a_joint_visit_counts_for_each_person_and_every_linked_complaint_must_exist(
    tmp_path: Path,
) -> None:
    headers = [*VISIT_HEADERS, "关联投诉编号"]
    rows = [
        [*visit("2026-11-03", staff="王芳、李娜", method="上门", signed_by="刘经理"), None],
        [*visit("2026-11-04", staff="王　芳"), None],  # padded to line up: 王芳
        [*visit("2026-11-05", staff="李娜"), None],
        [*visit("2026-11-06", staff="王芳", kind="投诉回访"), "TS-001、TS-002"],
        [*visit("2026-11-09", staff="李娜 ", kind="投诉回访"), "TS-001 TS-003"],
        [*visit("2026-11-10", staff="王芳\n李娜"), None],  # two lines of one cell (Alt+Enter)
    ]
    complaints = (COMPLAINT_HEADERS, [complaint("TS-001"), complaint("TS-002")])
    path = write_book(
        tmp_path / "a.xlsx",
        {
            "回访登记": (headers, rows),
            "投诉登记": complaints,
            "参数": (["参数", "值"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    report = run(path, AS_OF, roster=RosterNames(frozenset({"王芳", "李娜", "张伟"})))
    assert facts(report) == [("V06", "回访登记", 6, "关联投诉编号", E)]
    (v06,) = report.findings
    assert "TS-003" in v06.message("zh") and "TS-001" not in v06.message("zh")
    unknown = run(path, AS_OF, roster=RosterNames(frozenset({"王芳"})))
    assert [(f.row, f.message("zh")) for f in unknown.findings if f.rule == "V12"] == [
        (2, "“李娜”不在员工名单中"),
        (4, "“李娜”不在员工名单中"),
        (6, "“李娜”不在员工名单中"),
        (7, "“李娜”不在员工名单中"),
    ]
    agents = summary_table([path], tmp_path, "回访", "各回访人")
    # name, visits, signed: a joint visit is one for each of them, and no third agent
    assert columns(agents, "回访人", "回访次数", "客户签字") == [("王芳", 4, 1), ("李娜", 4, 1)]
    assert agents.total_row[agents.header.index("回访次数")] == 6  # the branch made six


# --- item 10: .xls error cells ---------------------------------------------------------------------


def test_error_cells_of_an_xls_file_are_r03_not_blanks(tmp_path: Path) -> None:
    headers = [*VISIT_HEADERS, "解决日期", "复访日期"]
    book = xlwt.Workbook(encoding="utf-8")
    sheets = {"回访登记": headers, "投诉登记": COMPLAINT_HEADERS, "参数": ["参数", "值"]}
    for name, header in sheets.items():
        ws = book.add_sheet(name)
        for c, text in enumerate(header):
            ws.write(0, c, text)
    visits = book.get_sheet(0)
    for r, row in enumerate([visit("2026-11-03"), visit("2026-11-04", staff=None)], start=1):
        for c, value in enumerate(row):
            if value is not None:
                visits.write(r, c, value)
        visits.write(r, 7, "2026-11-05")
    visits.row(1).set_cell_error(8, 0x2A)  # #N/A where the follow-up date should be
    visits.row(2).set_cell_error(5, "#REF!")  # the agent looked up from a deleted sheet
    for c, value in enumerate(complaint()):
        book.get_sheet(1).write(1, c, str(value))
    path = tmp_path / "回访登记表.xls"
    book.save(str(path))
    report = run(path, AS_OF)
    assert facts(report, "R03") == [
        ("R03", "回访登记", 2, "复访日期", E),
        ("R03", "回访登记", 3, "回访人", E),
    ]
    assert [f.message("en") for f in report.findings if f.rule == "R03"] == [
        "expected data, found the error value #N/A",
        "expected data, found the error value #REF!",
    ]
    # the unreadable follow-up date leaves the status open: not 已闭环, not 复访超期
    assert report.results[0].computed["status"] == ["", "复访超期"]
    assert facts(report, "R01") == []  # R03 says it; the empty-looking cell is not R01 too


# --- smaller: a number in a time cell, a year-last date -------------------------------------------

HANDOVER_HEADERS = ["日期", "班次", "交班人", "接班人", "接班到岗时间", "交班人签字", "接班人签字", "当面交接"]  # fmt: skip


def test_a_number_in_a_time_cell_reads_as_the_same_text_does(tmp_path: Path) -> None:
    rows = [
        ["2026-11-03", "早班", "甲", "乙", "7.45", "甲", "乙", "是"],  # text
        ["2026-11-03", "中班", "乙", "丙", 15.45, "乙", "丙", "是"],  # General number
        ["2026-11-03", "夜班", "丙", "丁", 23.45, "丙", "丁", "是"],
        ["2026-11-04", "早班", "丁", "甲", 7.5, "丁", "甲", "是"],  # 7.50 lost its zero
        ["2026-11-04", "中班", "甲", "乙", 15.755, "甲", "乙", "是"],  # no time anyone types
    ]
    path = write_book(
        tmp_path / "交接班记录.xlsx",
        {"交接班": (HANDOVER_HEADERS, rows), "参数": (["参数", "值"], [])},
    )
    report = run(path, datetime(2026, 11, 30, 9, 0))
    arrivals = report.results[0].table.cols["arrived_at"]
    assert [a.strftime("%H:%M") if a else None for a in arrivals] == [
        "07:45",
        "15:45",
        "23:45",
        "07:50",
        None,
    ]
    assert facts(report, "R02") == [
        ("R02", "交接班", 5, "接班到岗时间", W),
        ("R02", "交接班", 6, "接班到岗时间", E),
    ]
    (doubt,) = [f for f in report.findings if f.severity is W and f.rule == "R02"]
    assert doubt.message("zh") == "“7.5”数字7.5读作7:50；若不是，请写成 时:分"


def test_a_year_last_date_is_read_month_first_and_said_when_ambiguous(tmp_path: Path) -> None:
    rows = [
        complaint("T1", received_at="11/03/2026 10:00", replied_at="11/03/2026 11:00"),
        complaint("T2", received_at="25/11/2026 10:00", replied_at=None),  # only one reading
        complaint("T3", received_at="11/11/2026", replied_at=None),  # both readings agree
    ]
    path = register(
        tmp_path / "a.xlsx",
        {"回访登记": [visit("2026-11-03")]},
        complaints=(COMPLAINT_HEADERS, rows),
    )
    report = run(path, datetime(2026, 11, 26, 9, 0))
    received = report.results[1].table.cols["received_at"]
    assert received == [
        datetime(2026, 11, 3, 10, 0),
        datetime(2026, 11, 25, 10, 0),
        date(2026, 11, 11),
    ]
    assert facts(report, "R02") == [
        ("R02", "投诉登记", 2, "受理时间", W),
        ("R02", "投诉登记", 2, "首次回复时间", W),
    ]
    assert "也可能是2026-03-11" in report.findings[0].message("zh")


def test_month_tagged_sheets_are_copies_of_one_register(tmp_path: Path) -> None:
    sheets = {
        "回访登记（10月）": [visit("2026-10-08")],
        "2026年11月回访登记": [visit("2026-11-03"), visit("2026-11-04")],
        "回访登记-副本": [visit("2026-09-01")],
    }
    path = register(tmp_path / "a.xlsx", sheets)
    report = run(path, AS_OF)
    assert report.book.sheet_names["回访登记"] == "2026年11月回访登记"
    assert facts(report, "R05") == [
        ("R05", "回访登记（10月）", 0, "", W),
        ("R05", "回访登记-副本", 0, "", W),
    ]
    assert report.results[0].table.rows == [2, 3]


def test_in_the_settings_sheet_wu_is_a_value_not_a_blank(tmp_path: Path) -> None:
    # 须客户签字的回访方式 = 无: no visit needs a signature (a blank would mean the default, 上门)
    path = register(tmp_path / "a.xlsx", {"回访登记": [visit("2026-11-03", method="上门")]})
    wb = openpyxl.load_workbook(path)
    wb["参数"].append(["须客户签字的回访方式", "无"])
    wb.save(path)
    assert facts(run(path, AS_OF)) == []


def test_a_moment_in_two_columns_says_when_a_part_was_ambiguous(tmp_path: Path) -> None:
    headers = ["投诉编号", "受理日期", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首问负责人"]  # fmt: skip
    rows = [
        ["T1", "11/03/2026", "10:00", "甲公司", "电话", "x", "一站", "王芳"],
        ["T2", "2026-11-04", 9.3, "甲公司", "电话", "x", "一站", "王芳"],  # 9.30 lost its zero
        ["T3", "2026-11-05", "9.30", "甲公司", "电话", "x", "一站", "王芳"],
    ]
    path = register(
        tmp_path / "a.xlsx", {"回访登记": [visit("2026-11-03")]}, complaints=(headers, rows)
    )
    report = run(path, AS_OF)
    assert report.results[1].table.cols["received_at"] == [
        datetime(2026, 11, 3, 10, 0),
        datetime(2026, 11, 4, 9, 30),
        datetime(2026, 11, 5, 9, 30),
    ]
    doubts = [f for f in report.findings if f.rule == "R02"]
    assert [(f.row, f.column, f.severity) for f in doubts] == [
        (2, "受理日期", W),
        (3, "受理日期", W),
    ]
    assert "也可能是2026-03-11" in doubts[0].message("zh")
    assert "数字9.3读作9:30" in doubts[1].message("zh")


def test_an_iso_moment_with_its_time_zone_is_read_in_beijing_time(tmp_path: Path) -> None:
    """受理时间 exported by another system as ISO date-times with their zone: +08:00 is Beijing
    time (read as typed, no word), another zone is converted, and said (R02 warning); before,
    each was refused and the complaint had no deadline."""
    rows = [
        complaint("T1", received_at="2026-11-03T10:00:00+08:00", replied_at="2026-11-03 15:00"),
        complaint("T2", received_at="2026-11-03T02:00:00Z", replied_at="2026-11-03 15:00"),
        complaint("T3", received_at="2026-11-03 10:00", replied_at="2026-11-03 15:00"),
    ]
    path = register(
        tmp_path / "回访登记表.xlsx",
        {"回访登记": [visit("2026-11-03")]},
        complaints=(COMPLAINT_HEADERS, rows),
    )
    report = run(path, AS_OF)
    (result,) = [r for r in report.results if r.table.schema.name == "投诉登记"]
    assert result.table.cols["received_at"] == [datetime(2026, 11, 3, 10, 0)] * 3
    assert len(set(map(str, result.computed["reply_due"]))) == 1  # one deadline for all three
    assert facts(report, "R02") == [("R02", "投诉登记", 3, "受理时间", W)]
    (said,) = [f for f in report.findings if f.rule == "R02"]
    assert "（Z）" in said.message("zh") and "北京时间" in said.message("zh")
