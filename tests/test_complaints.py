"""投诉登记: R01/R02, V20–V23 and the grades of C02, on real workbook files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from workbooks import (
    COMPLAINT_HEADERS,
    complaint,
    facts,
    month_summary,
    penalty_book,
    rows_of,
    run,
    tables,
    write_book,
)
from workbooks import computed as computed_in

from csbook.rules.findings import Severity
from csbook.rules.monthly import figures
from csbook.rules.periods import Period
from csbook.summary import part_of

AS_OF = datetime(2026, 12, 20, 9, 0)


E, W = Severity.ERROR, Severity.WARNING


def book(tmp_path: Path, complaints: list[dict], params: list[list[object]] = ()) -> Path:  # type: ignore[assignment]
    return write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], []),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, complaints)),
            "参数": (["参数", "值", "说明"], list(params)),
            "节假日": (["日期", "类型"], []),
        },
    )


def computed(report, key: str) -> list:
    return computed_in(report, "投诉登记", key)


def at(day: int, month: int = 10, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


def test_r01_and_r02_on_complaints(tmp_path: Path) -> None:
    rows = [
        complaint("T1", at(12), 首问负责人=None),
        complaint("T2", at(13), 渠道="飞书"),
        complaint("T3", at(14), 渠道="热线", 投诉类别="噪音"),
        complaint("T4", at(15), 回访次数="两次", 恶性="Y"),
        complaint("T5", at(16), 回访次数=-1, 恶性="也许"),
        complaint(None, "昨天"),  # type: ignore[arg-type]
    ]
    report = run(book(tmp_path, rows), AS_OF)
    assert facts(report) == [
        ("R01", "投诉登记", 2, "首问负责人", E),
        ("R02", "投诉登记", 3, "渠道", E),
        ("R02", "投诉登记", 4, "投诉类别", E),
        ("R02", "投诉登记", 6, "回访次数", E),
        ("R02", "投诉登记", 6, "恶性", E),
        ("R01", "投诉登记", 7, "投诉编号", E),
        ("R02", "投诉登记", 7, "受理时间", E),
    ]
    (result,) = [r for r in report.results if r.table.schema.name == "投诉登记"]
    assert result.table.cols["channel"][2] == "电话"  # 热线 is a synonym
    assert result.table.cols["followups"][3] == 2
    assert result.table.cols["severe"][3] is True
    assert computed(report, "grade")[3] == "恶性"


def test_v20_duplicate_numbers(tmp_path: Path) -> None:
    rows = [complaint("TS-001", at(12)), complaint("TS-002", at(13)), complaint("ts-001 ", at(14))]
    report = run(book(tmp_path, rows), AS_OF)
    assert facts(report) == [("V20", "投诉登记", 4, "投诉编号", E)]
    assert report.findings[0].message("en") == "duplicate complaint number (also row 2)"
    assert report.findings[0].message("zh") == "投诉编号重复（另见第2行）"


def test_v21_to_v23_moments_in_order(tmp_path: Path) -> None:
    rows = [
        complaint("T1", at(12, hour=10), 首次回复时间=at(12, hour=9)),  # V21
        complaint("T2", at(13, hour=10), 首次回复时间="2026-10-13"),  # same day: fine
        complaint("T3", at(14, hour=10), 解决时间=at(14, hour=8)),  # V22
        complaint("T4", at(15, hour=10), 解决时间=at(16), 回访时间=at(15, hour=11)),  # V23
        complaint("T5", at(16, hour=10), 解决时间=at(17), 回访时间="2026-10-17"),  # same day
    ]
    report = run(book(tmp_path, rows), datetime(2026, 10, 18))
    assert facts(report, "V21", "V22", "V23") == [
        ("V21", "投诉登记", 2, "首次回复时间", E),
        ("V22", "投诉登记", 4, "解决时间", E),
        ("V23", "投诉登记", 5, "回访时间", E),
    ]
    messages = [f.message("en") for f in report.findings if f.rule in ("V21", "V22", "V23")]
    assert messages == [
        "first reply is before the complaint was received",
        "resolution is before the complaint was received",
        "follow-up is before the resolution",
    ]


def test_c02_repeat_by_window_and_repeat_of_a_repeat(tmp_path: Path) -> None:
    rows = [
        complaint("A1", at(1)),
        complaint("A2", at(20)),  # same client and category 19 days later: 重复
        complaint("A3", at(15, 11)),  # a repeat of the repeat: 恶性
        complaint("B1", at(1), 客户="乙公司"),
        complaint("B2", at(5, 11), 客户="乙公司"),  # 35 days later: 一般
        complaint("B3", at(6, 11), 客户="乙公司", 投诉类别="服务态度"),  # another category
        complaint("C1", at(1), 客户="丙公司"),
        complaint("C2", at(31), 客户=" 丙 公司"),  # exactly 30 days, name squeezed: 重复
        complaint("D1", at(1), 客户="丁公司"),
        complaint("D2", at(1, 11), 客户="丁公司"),  # 31 days: 一般
        complaint("E1", at(2), 客户="戊公司", 投诉类别=None),
        complaint("E2", at(3), 客户="戊公司", 投诉类别=None),  # no category: not comparable
    ]
    report = run(book(tmp_path, rows), AS_OF)
    assert computed(report, "grade") == [
        "一般",
        "重复",
        "恶性",
        "一般",
        "一般",
        "一般",
        "一般",
        "重复",
        "一般",
        "一般",
        "一般",
        "一般",
    ]
    assert facts(report) == []


def test_c02_rows_out_of_time_order(tmp_path: Path) -> None:
    rows = [complaint("A2", at(20)), complaint("A3", at(25)), complaint("A1", at(1))]
    report = run(book(tmp_path, rows), AS_OF)
    assert computed(report, "grade") == ["重复", "恶性", "一般"]


def test_c02_repeat_by_unresolved_followups_and_severe_flag(tmp_path: Path) -> None:
    rows = [
        complaint("F1", at(1), 客户="己", 回访结果="未解决", 回访次数=2),  # 重复
        complaint("F2", at(1), 客户="庚", 回访结果="未解决", 回访次数=1),  # not yet
        complaint("F3", at(1), 客户="辛", 回访结果="已解决", 回访次数=3),
        complaint("F4", at(1), 客户="壬", 回访结果="没解决", 回访次数="3次"),  # synonym
        complaint("F5", at(1), 客户="癸", 恶性="是"),
        complaint("F6", at(1), 客户="子", 恶性="否"),
        complaint("F7", at(10), 客户="己"),  # a window repeat of a repeat: 恶性
        complaint("F8", None, 客户="丑", 回访结果="未解决", 回访次数=2),  # no receipt time
    ]
    report = run(book(tmp_path, rows), AS_OF)
    assert computed(report, "grade") == [
        "重复",
        "一般",
        "一般",
        "重复",
        "恶性",
        "一般",
        "恶性",
        "重复",
    ]
    assert facts(report) == [("R01", "投诉登记", 9, "受理时间", E)]


def test_c02_window_and_followups_from_the_settings_sheet(tmp_path: Path) -> None:
    rows = [
        complaint("A1", at(1)),
        complaint("A2", at(20)),
        complaint("G1", at(1), 客户="己", 回访结果="未解决", 回访次数=2),
    ]
    params = [["重复投诉天数", "10天", ""], ["repeat_after_followups", 3, ""]]
    report = run(book(tmp_path, rows, params), AS_OF)
    assert computed(report, "grade") == ["一般", "一般", "一般"]
    assert facts(report) == []


def test_reply_and_followup_columns_are_computed(tmp_path: Path) -> None:
    """C01: every complaint gets its reply due moment (D02) and status (D03)."""
    rows = [
        complaint("T1", at(24, 9, 16), 首次回复时间=None, 解决时间=at(28, 9, 15)),
        complaint(
            "T2",
            "2026-09-30 10:00",
            首次回复时间="2026-10-08 9:00",
            解决时间="2026-10-09 15:00",
            回访时间="2026-10-12",
        ),
    ]
    report = run(book(tmp_path, rows), datetime(2026, 10, 13, 12, 0))  # after every date
    assert computed(report, "reply_due") == [
        datetime(2026, 9, 28, 16, 0),
        datetime(2026, 10, 8, 10),
    ]
    assert computed(report, "reply_status") == ["已超期未回复", "按时"]
    assert computed(report, "followup_due") == [
        datetime(2026, 10, 1, 23, 59, 59),
        datetime(2026, 10, 12, 23, 59, 59),
    ]


def test_a_copied_complaint_row_is_counted_once_and_grades_nothing(tmp_path: Path) -> None:
    """clerk2 #3: K01 typed twice, K02 three times (rows copied down); K03 reuses K01's
    number for another client (a true V20). Copies are no repeat of themselves, and the
    month's summary and 月处罚汇总 count each complaint once."""
    k01 = complaint("K01", datetime(2026, 11, 3, 10), 首次回复时间=datetime(2026, 11, 5, 10))
    k02 = complaint("K02", datetime(2026, 11, 10, 10), 客户="乙公司", 责任单位="二站")
    k03 = complaint("K01", datetime(2026, 11, 12, 10), 客户="丙公司")
    path = book(tmp_path, [k01, dict(k01), k02, dict(k02), dict(k02), k03])
    report = run(path, AS_OF)
    v20 = [(f.key, f.row) for f in report.findings if f.rule == "V20"]
    assert v20 == [("V20.copy", 3), ("V20.copy", 5), ("V20.copy", 6), ("V20", 7)]
    assert "只计一次（按第4行）" in next(f for f in report.findings if f.row == 5).message("zh")
    assert computed(report, "grade") == ["一般", "", "一般", "", "", "一般"]
    assert computed(report, "reply_status") == ["超时", "", "按时", "", "", "按时"]
    assert [f.row for f in report.findings if f.rule == "D03"] == [2]  # K01's late reply, once
    f = figures([part_of(report.book, report.results)], [], Period.month(date(2026, 11, 1)), AS_OF)
    (branch,) = f.branches.values()
    assert branch.complaints == 3
    assert dict(branch.grades) == {"一般": 3}
    assert [r.status for r in f.overdue_replies] == ["超时"]
    assert f.repeats == []
    penalties = penalty_book(tmp_path / "处罚汇总表.xlsx", [])
    assert tables(month_summary([penalties], visits=[path]))[1].rows == []  # no 重复 / 恶性


def test_a_reply_known_by_its_day_alone_on_the_due_day_has_no_status(tmp_path: Path) -> None:
    """clerk2 #5: received Tue 11-03 10:00, due Wed 11-04 10:00. A reply typed as the date
    alone (a date cell or text), or `上午` with no time, cannot be judged on 11-04; `下午`
    is after noon, so late; the day before is 按时 and the day after 超时 whatever the time.
    Received 14:00 (due 11-04 14:00), `2026-11-04 上午` is on time."""
    received = datetime(2026, 11, 3, 10)
    replies = [
        datetime(2026, 11, 4),  # a date cell
        "2026-11-04",
        "2026-11-04 下午",
        "2026-11-04 上午",
        "2026-11-03",  # the day before the due day: 按时
        "2026-11-05",  # the day after: 超时
        "2026-11-04 9:30",
    ]
    rows = [
        complaint(f"K{n}", received, 首次回复时间=reply, 客户=f"{n}公司")
        for n, reply in enumerate(replies)
    ]
    rows.append(complaint("K9", datetime(2026, 11, 3, 14), 首次回复时间="2026-11-04 上午"))
    report = run(book(tmp_path, rows), AS_OF)
    assert computed(report, "reply_status") == ["", "", "超时", "", "按时", "超时", "按时", "按时"]
    assert [(f.key, f.row) for f in report.findings if f.rule == "D03"] == [
        ("D03.day_only", 2),
        ("D03.day_only", 3),
        ("D03.late", 4),
        ("D03.day_only", 5),
        ("D03.late", 7),
    ]
    said = {f.row: f.message("zh") for f in report.findings if f.key == "D03.day_only"}
    assert said[2] == (
        "首次回复时间只有日期（2026-11-04），而回复期限就在当天（2026-11-04 10:00）："
        "无法判断是否按时，回复状态未计；请补写回复的时刻"
    )
    doubts = {f.row: f.message("zh") for f in report.findings if f.key == "R02.doubt"}
    assert sorted(doubts) == [4, 5, 9]
    assert "只写了“下午”、没有时刻：按2026-11-04中午12点以后的某个时刻读取" in doubts[4]


def test_a_reply_before_receipt_has_no_status(tmp_path: Path) -> None:
    """clerk2 #12: V21 says one of the two moments is wrong; neither 按时 nor 超时 is known."""
    rows = [complaint("T1", at(12, hour=10), 首次回复时间=at(12, hour=9))]
    report = run(book(tmp_path, rows), AS_OF)
    assert facts(report) == [("V21", "投诉登记", 2, "首次回复时间", E)]
    assert computed(report, "reply_status") == [""]


def test_a_followup_result_of_unsatisfied_is_read_as_unresolved_and_said(tmp_path: Path) -> None:
    """clerk2 #12: 回访结果 `不满意` is read as 未解决 (with 回访次数 2 the complaint is 重复),
    and R02.synonym says how it was read."""
    rows = [complaint("T1", at(12), 回访结果="不满意", 回访次数=2)]
    report = run(book(tmp_path, rows), AS_OF)
    assert facts(report) == [("R02", "投诉登记", 2, "回访结果", W)]
    assert report.findings[0].message("zh") == (
        "第2行的“不满意”（共1行）不是选项，读作“未解决”；若不对，请直接填写选项：已解决、未解决"
    )
    assert computed(report, "grade") == ["重复"]


def test_a_receipt_typed_with_its_half_day_only(tmp_path: Path) -> None:
    """clerk2 #5, K23: 受理时间 `2026-11-05 下午` (a Thursday) is known by its day: the
    lenient deadline, the end of the next working day (D02.day_only), and R02.doubt names
    the 下午 that was not a time. A repeat of it within the window is still 重复."""
    rows = [
        complaint("K23", "2026-11-05 下午", 首次回复时间="2026-11-06 下午"),
        complaint("K24", datetime(2026, 11, 20, 10), 首次回复时间=datetime(2026, 11, 20, 11)),
    ]
    report = run(book(tmp_path, rows), AS_OF)
    assert computed(report, "reply_due")[0] == datetime(2026, 11, 6, 23, 59, 59)
    assert computed(report, "reply_status") == ["按时", "按时"]
    assert computed(report, "grade") == ["一般", "重复"]
    assert sorted((f.key, f.row, f.column) for f in report.findings) == [
        ("D02.day_only", 2, "受理时间"),
        ("R02.doubt", 2, "受理时间"),
        ("R02.doubt", 2, "首次回复时间"),
    ]
