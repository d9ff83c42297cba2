"""Who is charged, and how much, where the 处罚汇总表 is typed the way a hurried clerk types it
(the clerk sweep's findings): a unit in a day column, a 工号 that names someone else, a 工号
twice on the roster, leave into a year the calendar does not know, handover lates by a
nickname or with the 工号 in brackets, garbage in 参数, 留厂察看, lates that disagree.
Amounts are worked out by hand below each case: daily base = 基本工资 / 20.92."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from workbooks import (
    LEAVE_HEADERS,
    MIN_WAGE,
    NOV,
    PENALTY_AS_OF,
    ROSTER,
    computed,
    facts,
    handover_book,
    leave,
    offence,
    penalty_book,
    people,
    rows_of,
    run,
    shift,
)

from csbook.io.workbook import load
from csbook.penalty_report import month_sheet
from csbook.pipeline import FileReport, Options, check
from csbook.rules.calendar import WorkCalendar
from csbook.rules.findings import Severity
from csbook.rules.report import ReportSheet
from csbook.rules.schema import LEAVE

DAYS = Decimal("20.92")  # pay_days_per_month


def fen(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), ROUND_HALF_UP)


def summary(
    path: Path, month: date = NOV, as_of: datetime = PENALTY_AS_OF, handovers: list[Path] = ()
) -> ReportSheet:
    ref = as_of.date()
    logs = [load(p, ref) for p in handovers]
    return month_sheet([load(path, ref)], [], logs, month, as_of)


def lines(sheet: ReportSheet) -> list[str]:
    return [b for b in sheet.blocks if isinstance(b, str)]


def messages(report: FileReport, key: str) -> list[tuple[str, int, str, str]]:
    return [(f.sheet, f.row, f.column, f.message()) for f in report.findings if f.key == key]


def leave_sheet(requests: list[dict[str, Any]]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    return {"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))}


def test_day_and_count_columns_typed_in_hours_or_halves_are_refused(tmp_path: Path) -> None:
    # 张伟 was away four hours: `4小时` is not 4 days (it was: 留察 and 10,802.52 yuan)
    attendance = [
        ["2026-11", "1001", "张伟", "30分钟", "2小时", "4小时", None, None, None],
        ["2026-11", "1002", "李娜", 0, 0, "半天", None, None, None],
        ["2026-11", "1003", "王芳", 0, 0, "1天", None, None, None],
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], attendance)
    report = run(path, PENALTY_AS_OF)
    # nor are 30 minutes late 30 lates: a count of times takes no unit of time or money
    assert sorted(messages(report, "R02")) == [
        ("考勤", 2, "早退次数", "无法识别“2小时”：应为次数，如 2、3次"),
        ("考勤", 2, "旷工天数", "无法识别“4小时”：应为天数，如 3、0.5、半天"),
        ("考勤", 2, "迟到次数", "无法识别“30分钟”：应为次数，如 2、3次"),
    ]
    # a half day of 旷工 in 考勤: whole days only, the half goes to 请假登记
    assert messages(report, "P06.half") == [
        ("考勤", 3, "旷工天数", "“0.5”应为整天数：半天旷工请在请假登记中登记")
    ]
    rows = people(summary(path))
    for name, row in (("张伟", 2), ("李娜", 3)):
        assert rows[name]["旷工天数"] == rows[name]["迟到早退次数"] == 0
        assert rows[name]["处分"] == ""
        assert rows[name]["合计（元）"] is None
        assert rows[name]["备注"] == f"不完整：考勤第{row}行有无法识别的数值"
    # `1天` is a day: S01 (书面批评) and 3 days' pay of 2800 / 20.92 = 401.53
    assert rows["王芳"]["处分"] == "书面批评"
    assert rows["王芳"]["旷工扣款"] == fen(3 * Decimal(2800) / DAYS) == Decimal("401.53")
    assert rows["王芳"]["合计（元）"] == Decimal("401.53")


def test_attendance_and_leave_rows_whose_staff_number_names_someone_else_are_not_final(
    tmp_path: Path,
) -> None:
    # 考勤: 工号 1003 is 王芳, the row says 张伟; 请假登记: 工号 1001 is 张伟, the row says 李娜
    attendance = [["2026-11", "1003", "张伟", 0, 0, 1, 1, None, None]]
    requests = [leave("李娜", "事假", "2026-11-10", "2026-11-10", 工号="1001", 批准人="李娜")]
    offences = [offence("2026-11-05", "张伟", "L01", 工号="1002")]  # 1002 is 李娜
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx", offences, attendance, more=leave_sheet(requests)
    )
    report = run(path, PENALTY_AS_OF)
    assert [(s, r, c) for s, r, c, _ in messages(report, "V40.mismatch")] == [
        ("过失登记", 2, "姓名"),
        ("考勤", 2, "姓名"),
        ("请假登记", 2, "姓名"),
    ]
    rows = people(summary(path))
    # the figures stay visible, the 合计 is left open and says why
    assert rows["王芳"]["旷工扣款"] == fen(3 * Decimal(2800) / DAYS) == Decimal("401.53")
    assert rows["王芳"]["合计（元）"] is None
    assert rows["王芳"]["备注"] == "不完整：考勤第2行的工号与姓名不符"
    # 张伟's day of 事假: 3000 / 20.92 + 800 / 20.92 = 181.64
    assert rows["张伟"]["事假扣款"] == fen(Decimal(3800) / DAYS) == Decimal("181.64")
    assert rows["张伟"]["合计（元）"] is None
    assert rows["张伟"]["备注"].startswith("不完整：请假登记第2行的工号与姓名不符")
    # as a 过失登记 row already was: the 工号's person, not final
    assert rows["李娜"]["处分"] == "口头批评" and rows["李娜"]["合计（元）"] is None
    assert rows["李娜"]["备注"] == "不完整：过失登记第2行的工号与姓名不符"


def test_a_staff_number_twice_on_the_roster_charges_no_one(tmp_path: Path) -> None:
    roster = [
        *ROSTER,
        # a row copied and only the name changed: 1003 is 王芳 and 孙丽
        ["1003", "孙丽", "客服部", "客服专员", 5000, 300, 600, "2026-01-05", "2028-01-04"],
        # a row copied whole: one person
        ["1002", "李娜", "客服部", "主管", 4000, 800, 1000, "2023-01-01", "2027-12-31"],
    ]
    offences = [
        offence("2026-11-03", None, "M06", 工号="1003"),
        offence("2026-11-04", "李娜", "M06", 工号="1002"),
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, roster=roster)
    report = run(path, PENALTY_AS_OF)
    assert facts(report, "V44", "V40") == [
        ("V44", "员工", 5, "工号", "error"),
        ("V44", "员工", 6, "工号", "warning"),
        ("V44", "过失登记", 2, "工号", "error"),
    ]
    assert messages(report, "V44.roster_id")[0][3] == (
        "工号1003与第4行重复而姓名或工资不同（王芳、孙丽）：登记表中写这个工号的行都不计入任何人，请更正工号"
    )
    assert "按一人计算" in messages(report, "V44.roster_repeat")[0][3]
    sheet = summary(path)
    rows = people(sheet)
    why = "不完整：过失登记第2行的工号1003在员工名单中有2人（王芳、孙丽），未计入"
    for name in ("王芳", "孙丽"):
        assert rows[name]["处分"] == "" and rows[name]["扣薪（元）"] == 0
        assert rows[name]["合计（元）"] is None and rows[name]["备注"] == why
    # the copied 李娜 is one person: 严重警告 cuts 20 % of 4000 + 800 = 960.00, once
    assert rows["李娜"]["扣薪（元）"] == Decimal("960.00") == rows["李娜"]["合计（元）"]
    assert "其余1人本月无处罚和扣款。" in lines(sheet)


def test_leave_across_the_year_end_counts_the_known_year_and_holds_the_rest(
    tmp_path: Path,
) -> None:
    assert not WorkCalendar().knows(2027), "the holiday library now publishes 2027: move the dates"
    requests = [
        leave("王芳", "事假", "2026-12-30", "2027-01-05", 批准人="李娜"),
        leave("张伟", "事假", "2026-12-10", None, 天数="4小时", 批准人="李娜"),
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], more=leave_sheet(requests))
    as_of = datetime(2026, 12, 31, 18, 0)
    report = run(path, as_of)
    assert messages(report, "D01.year_end") == [
        (
            "请假登记",
            2,
            "结束日期",
            "请假跨入2027年，日历不知道2027年的节假日安排：只计入2026年的2天，2027年的天数未计入；"
            "请在本工作簿的“节假日”表填入2027年的放假日（休）和调休上班日（班）",
        )
    ]
    (counted,) = [r for r in report.results if r.table.schema is LEAVE]
    assert counted.computed["words"][0] == "事假2天"
    december = summary(path, date(2026, 12, 1), as_of)
    rows = people(december)
    # 12-30 and 12-31 (Wednesday, Thursday): 2 × (2800 + 600) / 20.92 = 325.05
    assert rows["王芳"]["事假扣款"] == fen(2 * Decimal(3400) / DAYS) == Decimal("325.05")
    assert rows["王芳"]["合计（元）"] == Decimal("325.05")
    # 张伟's leave in hours could not be counted: listed, not "no deduction"
    assert rows["张伟"]["合计（元）"] is None
    assert rows["张伟"]["备注"] == "不完整：请假登记第3行的请假未能计算（结束日期或天数）"
    assert not any("其余" in line and "3人" in line for line in lines(december))
    january = people(summary(path, date(2027, 1, 1), as_of))
    assert january["王芳"]["合计（元）"] is None
    assert january["王芳"]["备注"] == "不完整：请假登记第2行2027年的天数未计入（日历不知道2027年）"


def test_handover_lates_by_namesake_nickname_or_staff_number_are_said(tmp_path: Path) -> None:
    roster = [*ROSTER, ["1004", "王芳", "客服部", "客服专员", 3000, 300, 600, "2025-01-01", "2027-12-31"]]  # fmt: skip
    late = {"早班": time(8, 10), "中班": time(16, 20), "夜班": time(0, 20)}
    log = handover_book(
        tmp_path,
        [
            shift("2026-11-02", "早班", "李娜", "小刘", 接班到岗时间=late["早班"]),
            shift("2026-11-02", "中班", "小刘", "王芳（1003）", 接班到岗时间=late["中班"]),
            shift("2026-11-02", "夜班", "王芳", "王芳1004", 接班到岗时间=late["夜班"]),
            shift("2026-11-03", "早班", "王芳", "王芳", 接班到岗时间=late["早班"]),
        ],
    )
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], roster=roster)
    report = check(path, Options(as_of=PENALTY_AS_OF, with_files=[log]))  # validate --with
    found = {f.key: (f.sheet, f.row, str(f.severity), f.message()) for f in report.findings}
    assert found["V40.late"] == (
        "员工",
        0,
        "warning",
        "交接班记录中“小刘”2026年11月迟到1次，但员工名单中没有此人，未计入任何人；请在考勤表按工号填写",
    )
    assert found["V44.late"][:3] == ("员工", 4, "warning")
    assert "“王芳”2026年11月迟到1次，员工名单有同名者（工号 1003、1004）" in found["V44.late"][3]
    by_id = sorted(f.message() for f in report.findings if f.key == "V44.late_id")
    assert by_id == [
        "交接班记录中“王芳1004”2026年11月迟到1次：按所写工号计入1004王芳",
        "交接班记录中“王芳（1003）”2026年11月迟到1次：按所写工号计入1003王芳",
    ]
    sheet = summary(path, handovers=[log])
    table = next(b for b in sheet.blocks if not isinstance(b, str))
    ids = table.header.index("工号")
    charged = {r[ids]: r for r in table.rows}
    for sid in ("1003", "1004"):  # one late each: an oral, 20 yuan late fine
        assert charged[sid][table.header.index("迟到早退罚款")] == Decimal(20)
        # and one of them also bears the late logged by the bare name: neither is final
        assert charged[sid][table.header.index("合计（元）")] is None
        assert charged[sid][table.header.index("备注")].startswith(
            "不完整：交接班记录中“王芳”2026年11月迟到1次，员工名单中有2人同名（1003、1004），未计入任何人；"
        )
    notes = lines(sheet)
    assert "交接班记录中以下人员本月迟到，但不在员工名单，未计入：小刘" in notes
    assert any("交接班记录中“王芳”迟到1次（同名：1003、1004）" in n for n in notes)


def test_an_invalid_setting_is_named_on_the_month_sheet(tmp_path: Path) -> None:
    params = [*MIN_WAGE, ["第二次口头批评罚款", "五十"]]
    offences = [offence("2026-11-03", "张伟", "L15"), offence("2026-11-04", "张伟", "L15")]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, params=params)
    report = run(path, PENALTY_AS_OF)
    assert [f.key for f in report.findings if f.rule == "R02"] == ["R02.setting"]
    sheet = summary(path)
    # the second oral's fine with the default 20 the sheet was computed with, and it says so
    assert people(sheet)["张伟"]["罚款（元）"] == Decimal(20)
    assert "※ 参数表中以下参数的值无效，本表改按“第二次口头批评罚款”为20计算。请改正参数后重新生成。" in lines(sheet)  # fmt: skip
    clean = penalty_book(tmp_path / "clean.xlsx", offences)
    assert not any("参数表" in line for line in lines(summary(clean)))


def test_an_order_of_liuchang_chakan_is_probation(tmp_path: Path) -> None:
    # 留厂察看 is 留察's full name: with probation_first off, D02 is 开除 unless so ordered
    params = [*MIN_WAGE, ["先予留察", "否"]]
    offences = [
        offence("2026-11-03", "张伟", "D02", 处分要求="留厂察看"),
        offence("2026-11-03", "王芳", "D02", 处分要求="予以开除"),
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, params=params)
    report = run(path, PENALTY_AS_OF)
    assert facts(report, "R02", "P01") == []
    rows = people(summary(path))
    assert rows["张伟"]["处分"] == "留察"
    # 留察 cuts 40 % of 3000 + 500 = 1,400.00 in November (and December)
    assert rows["张伟"]["扣薪（元）"] == Decimal("1400.00") == rows["张伟"]["合计（元）"]
    assert rows["王芳"]["处分"] == "开除"


def test_attendance_lates_that_differ_from_the_handover_log_warn(tmp_path: Path) -> None:
    log = handover_book(
        tmp_path,
        [
            shift("2026-11-02", "早班", "王芳", "张伟", 接班到岗时间=time(8, 10)),
            shift("2026-11-02", "中班", "张伟", "王芳", 接班到岗时间=time(16, 10)),
            shift("2026-11-02", "夜班", "王芳", "张伟", 接班到岗时间=time(0, 10)),
            shift("2026-11-03", "早班", "张伟", "王芳", 接班到岗时间=time(8, 10)),
            shift("2026-11-03", "中班", "王芳", "李娜", 接班到岗时间=time(16, 10)),
        ],
    )
    attendance = [
        ["2026-11", "1001", "张伟", 1, 0, None, None, None, None],  # the log: 2
        ["2026-11", "1003", "王芳", "3次", 0, None, None, None, None],  # the log: 2
        ["2026-11", "1002", "李娜", 1, 0, None, None, None, None],  # the log: 1, no word
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], attendance)
    report = check(path, Options(as_of=PENALTY_AS_OF, with_files=[log]))
    assert messages(report, "P06.lates") == [
        ("考勤", 2, "迟到次数", "考勤填迟到1次，交接班记录中迟到2次：按较多的2次计算"),
        ("考勤", 3, "迟到次数", "考勤填迟到3次，交接班记录中迟到2次：按较多的3次计算"),
    ]
    rows = people(summary(path, handovers=[log]))
    # the larger counts: 2 lates (40, the 2nd oral 20) and 3 lates (60, the 2nd oral 20; the
    # third oral escalates into a 书面批评)
    assert (rows["张伟"]["迟到早退次数"], rows["张伟"]["合计（元）"]) == (2, Decimal(60))
    assert (rows["王芳"]["迟到早退次数"], rows["王芳"]["合计（元）"]) == (3, Decimal(80))
    assert rows["王芳"]["处分"] == "口头批评×2、书面批评"


def test_rows_whose_date_cannot_be_read_leave_the_person_open_in_every_month(
    tmp_path: Path,
) -> None:
    offences = [offence("2026-11-32", "张伟", "M06")]  # no such day
    attendance = [["2026-13", "1002", "李娜", 0, 0, 3, 3, None, None]]  # no such month
    requests = [leave("王芳", "事假", "11月31日", None, 天数=2, 批准人="李娜")]
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx", offences, attendance, more=leave_sheet(requests)
    )
    report = run(path, PENALTY_AS_OF)
    assert [(s, r, c) for s, r, c, _ in messages(report, "R02")] == [
        ("过失登记", 2, "日期"),
        ("考勤", 2, "月份"),
        ("请假登记", 2, "开始日期"),
    ]
    for month in (NOV, date(2026, 12, 1)):
        rows = people(summary(path, month))
        for name, where in (("张伟", "过失登记第2行的日期"), ("李娜", "考勤第2行的月份"), ("王芳", "请假登记第2行的开始日期")):  # fmt: skip
            assert rows[name]["合计（元）"] is None
            assert rows[name]["备注"] == f"不完整：{where}无法识别，该行未能计算"


def test_an_offence_on_a_day_of_approved_leave_is_questioned(tmp_path: Path) -> None:
    """张伟 is on approved 事假 from Monday 11-23 to Wednesday 11-25 (请假登记 row 2), yet 过失登记
    row 2 charges him an L15 on 11-24: the date or the person is likely wrong, so a warning
    says so on that row (the offence still counts as entered). 李娜's offence the same day and
    王芳's S03 on a day of leave nobody approved (未批准: her leave is the offence) pass."""
    rows = rows_of(
        LEAVE_HEADERS,
        [
            leave("张伟", "事假", "2026/11/23", "2026.11.25"),
            leave("王芳", "事假", "2026-11-17", "2026-11-17", 批准人="未批准"),
        ],
    )
    book = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [
            offence("2026/11/24", "张伟", "L15"),
            offence("2026/11/24", "李娜", "L15"),
            offence("2026-11-17", "王芳", "S03"),
        ],
        more={"请假登记": (LEAVE_HEADERS, rows)},
    )
    report = run(book, PENALTY_AS_OF)
    found = [f for f in report.findings if f.key == "V40.on_leave"]
    assert [(f.sheet, f.row, f.column, f.severity) for f in found] == [
        ("过失登记", 2, "日期", Severity.WARNING)
    ]
    assert "请假登记第2行，事假，2026-11-23至2026-11-25" in found[0].message("zh")
    assert computed(report, "过失登记", "sanction")[0]  # still charged as entered


def test_a_setting_holding_an_error_or_a_bare_formula_is_named_too(tmp_path: Path) -> None:
    # 严重警告减薪比例 `=0.2` saved by a program that does not calculate; 迟到早退罚款 a
    # reference to a deleted sheet: the cell's R03, and the sheet says the defaults were used
    params = [
        *MIN_WAGE,
        ["严重警告减薪比例", ("formula", "=0.2")],
        ["迟到早退罚款", ("error", "#REF!")],
    ]
    offences = [offence("2026-11-03", "张伟", "M06")]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, params=params)
    report = run(path, PENALTY_AS_OF)
    assert sorted(f.key for f in report.findings if f.sheet == "参数") == ["R03", "R03.formula"]
    book = load(path, PENALTY_AS_OF.date())
    assert set(book.rejected_settings) == {"warning_cut", "late_fine"}
    assert book.rejected_settings["late_fine"].message() == (
        "参数“迟到早退罚款”的值是错误值或没有计算结果的公式，无法使用"
    )
    assert (
        "※ 参数表中以下参数的值无效，本表改按“严重警告减薪比例”为0.2、“迟到早退罚款”为20计算。"
        "请改正参数后重新生成。"
    ) in lines(summary(path))


def test_an_offence_row_pasted_twice_is_one_offence_and_said(tmp_path: Path) -> None:
    """A 过失登记 row typed twice, every cell alike (date as text, description, signature,
    approver), is one offence typed twice: counted once, with P01.copy naming the row it
    repeats. Before, the copy was 王芳's second valid oral and cost 20, without a word. The
    same code on the same day with another description is a second offence: it is."""
    pasted = offence("2026/11/12", "王芳", "L05", 工号="1003", 过失描述="工作台面凌乱")
    second = offence("2026/11/12", "王芳", "L05", 工号="1003", 过失描述="下午又一次凌乱")
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [pasted, dict(pasted), second])
    report = run(book, PENALTY_AS_OF)
    ((sheet, row, column, said),) = messages(report, "P01.copy")
    assert (sheet, row, column) == ("过失登记", 3, "日期")
    assert "本行与第2行每一项都相同" in said and "只按第2行计一次" in said
    assert computed(report, "过失登记", "sanction") == ["口头批评", "", "口头批评"]
    assert computed(report, "过失登记", "fine") == [None, None, Decimal(20)]
    charged = people(summary(book))["王芳"]
    assert charged["处分"] == "口头批评×2"
    assert charged["罚款（元）"] == 20
    assert charged["合计（元）"] == 20
