"""请假登记 (SPEC §1.5, Q01–Q07) from real workbooks: days on the China calendar across a
month end, National Day and a 调休 Saturday; paid-leave limits; approval by rank; the sick
note's deadline; unapproved leave turned into absence offences and pay; the merge with 考勤."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from workbooks import (
    ATTENDANCE_HEADERS,
    LEAVE_HEADERS,
    OFFENCE_HEADERS,
    ROSTER_HEADERS,
    absent_days_cells,
    computed,
    facts,
    half_day_book,
    leave,
    penalty_book,
    people,
    rows_of,
    run,
    write_book,
)

from csbook.cli import main
from csbook.io.workbook import load
from csbook.penalty_report import month_sheet
from csbook.pipeline import FileReport
from csbook.rules.findings import Severity

E, W = Severity.ERROR, Severity.WARNING
SHEET = "请假登记"
AS_OF = datetime(2026, 12, 20, 9, 0)
ROSTER = [
    ["1001", "张伟", "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-12-31"],
    ["1002", "李娜", "客服部", "主管", 4000, 800, 1000, "2023-01-01", "2027-12-31"],
    ["1003", "王芳", "客服部", "文员", 2800, 300, 600, "2025-06-01", "2027-05-31"],
    ["1004", "赵敏", "客服部", "客服部经理", 6000, 400, 1500, "2020-01-01", "2028-12-31"],
]
PARAMS = [["当地最低工资", 2490]]


def book(
    path: Path,
    requests: list[dict[str, Any]],
    attendance: list[list[Any]] = (),  # type: ignore[assignment]
    offences: list[dict[str, Any]] = (),  # type: ignore[assignment]
    roster: list[list[Any]] = ROSTER,
    params: list[list[Any]] = PARAMS,
) -> Path:
    leave_sheet = {SHEET: (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))}
    return penalty_book(path, list(offences), list(attendance), roster, params, leave_sheet)


def checked(tmp_path: Path, requests: list[dict[str, Any]], **more: Any) -> FileReport:
    return run(book(tmp_path / "处罚汇总表.xlsx", requests, **more), AS_OF)


def month_rows(path: Path, month: date) -> dict[str, dict[str, Any]]:
    return people(month_sheet([load(path, AS_OF.date())], [], [], month, AS_OF))


def leave_facts(report: FileReport) -> list[tuple[Any, ...]]:
    return [(rule, row, column, sev) for rule, sheet, row, column, sev in facts(report) if sheet in (SHEET, "考勤")]  # fmt: skip


def test_working_days_across_a_month_end_national_day_and_a_tiaoxiu_saturday(
    tmp_path: Path,
) -> None:
    report = checked(
        tmp_path,
        [
            # Fri 11-27 .. Wed 12-02: Fri and Mon in November, Tue and Wed in December
            leave("张伟", "事假", "2026-11-27", "2026/12/2"),
            # Tue 09-29 .. Fri 10-09: 09-29, 09-30, then 10-01..07 National Day, 10-08, 10-09
            leave("王芳", "事假", "2026年9月29日", "2026.10.9"),
            # Thu 10-08 .. Mon 10-12: Sat 10-10 is a 调休 working day, Sun 10-11 is not
            leave("李娜", "事假", "2026-10-08", "2026-10-12"),
            # 年休假 over National Day: 09-30 only, the holidays are not leave days
            leave("赵敏", "年休假", "2026-09-30", "2026-10-07", 批准人=None),
        ],
    )
    assert computed(report, SHEET, "counted") == [4, 4, 4, 1]
    assert computed(report, SHEET, "words") == [
        "事假4天（11月2天、12月2天）",
        "事假4天（9月2天、10月2天）",
        "事假4天",
        "带薪1天",
    ]
    assert leave_facts(report) == []


def test_half_days_and_a_days_count_without_an_end_date(tmp_path: Path) -> None:
    report = checked(
        tmp_path,
        [
            leave("张伟", "事假", "2026-11-03", None, 天数="半天", 批准人="李娜"),
            # 1.5 days typed over two dates: a half day on the second
            leave("张伟", "事假", "2026-11-05", "2026-11-06", 天数=1.5, 批准人="李娜"),
            # three working days from Friday 11-20: Fri, Mon, Tue
            leave("王芳", "病假", "2026-11-20", None, 天数="3天", 申请日期="2026-11-18"),
            # 天数 that the dates contradict: the dates count, with a warning
            leave("王芳", "事假", "2026-11-09", "2026-11-10", 天数=5),
            leave("王芳", "事假", "2026-11-12"),  # no end, no days
        ],
    )
    assert computed(report, SHEET, "counted") == [Decimal("0.5"), Decimal("1.5"), 3, 2, None]
    assert leave_facts(report) == [("Q01", 5, "天数", W), ("Q01", 6, "结束日期", E)]


def test_paid_leave_limits_and_the_excess_as_personal_leave(tmp_path: Path) -> None:
    report = checked(
        tmp_path,
        [
            # 丧假: three days for a parent, one for a grandparent; blank relation: one
            leave("张伟", "丧假", "2026-11-02", "2026-11-04", 亲属关系="母亲"),
            leave("王芳", "丧假", "2026-11-02", "2026-11-04", 亲属关系="祖父母"),
            leave("李娜", "丧假", "2026-11-09", "2026-11-10"),
            # 产假 from Mon 03-02 for 106 calendar days (to Mon 06-15): with 难产 105 are
            # paid and Mon 06-15 is 事假; without, 90 (to 05-30) and the working days of
            # 05-31..06-15 — 06-01..06-05, 06-08..06-12 and 06-15 — are 11 days of 事假
            leave("王芳", "产假", "2026-03-02", "2026-06-15", 难产="是"),
            leave("李娜", "产假", "2026-03-02", "2026-06-15", 难产="否"),
            # 婚假 over National Day: 10-01..03 paid; 10-04..05 beyond the 3 days are rest
            # days, so nothing becomes 事假 and there is nothing to warn of
            leave("张伟", "婚假", "2026-10-01", "2026-10-05", 申请日期="2026-09-10"),
            leave("张伟", "护理假", "2026-11-16", "2026-11-24"),  # 9 days: Mon 11-23, Tue 11-24
        ],
    )
    assert computed(report, SHEET, "words") == [
        "带薪3天",
        "带薪1天、事假2天",
        "带薪1天、事假1天",
        "带薪105天（3月30天、4月30天、5月31天、6月14天）、事假1天（6月1天）",
        "带薪90天（3月30天、4月30天、5月30天）、事假11天（6月11天）",
        "带薪3天",
        "带薪7天、事假2天",
    ]
    assert leave_facts(report) == [
        ("Q02", 3, "假别", W),
        ("Q02", 4, "亲属关系", W),
        ("Q02", 4, "假别", W),
        ("Q02", 5, "假别", W),
        ("Q02", 6, "假别", W),
        ("Q02", 8, "假别", W),
    ]


def test_marriage_notice_and_whole_day_nursing_leave(tmp_path: Path) -> None:
    report = checked(
        tmp_path,
        [
            leave("张伟", "婚假", "2026-11-09", "2026-11-11", 申请日期="2026-11-02"),  # 7 days
            leave("张伟", "婚假", "2026-12-07", "2026-12-09", 申请日期="2026-12-01"),  # 6 days
            leave("王芳", "哺乳假", "2026-11-01", "2026-11-30"),  # an hour a day
            leave("王芳", "哺乳假", "2026-11-16", None, 天数=1),
        ],
    )
    assert computed(report, SHEET, "words") == [
        "带薪3天",
        "带薪3天",
        "带薪（每天1小时）",
        "事假1天",
    ]
    assert leave_facts(report) == [("Q03", 3, "申请日期", W), ("Q02", 5, "天数", E)]


def test_approval_by_rank(tmp_path: Path) -> None:
    report = checked(
        tmp_path,
        [
            leave("张伟", "事假", "2026-11-02", "2026-11-04", 批准人="李娜"),  # 3 days: 主管
            leave("张伟", "事假", "2026-11-09", "2026-11-12", 批准人="李娜"),  # 4: needs 经理
            leave("张伟", "病假", "2026-11-16", None, 天数=1, 申请日期="2026-11-13", 批准人="王芳"),
            leave("王芳", "事假", "2026-11-16", None, 天数=1, 批准人=None),  # no approver
            leave("王芳", "事假", "2026-11-18", None, 天数=1, 批准人="孙丽"),  # not on the roster
        ],
    )
    assert leave_facts(report) == [
        ("Q04", 3, "批准人", W),
        ("Q04", 4, "批准人", W),
        ("Q04", 5, "批准人", E),
        ("V46", 5, "开始日期", W),  # its day of 旷工 is an S01: a 书面批评 nobody approved
        ("Q04", 6, "批准人", W),
    ]
    messages = {f.row: f.message() for f in report.findings if f.rule == "Q04"}
    assert "须主任或经理以上批准" in messages[3]
    assert "文员" in messages[4]
    assert messages[5] == "请假未经批准（批准人未填或写明未批准），按旷工计"
    assert "不在员工名单" in messages[6]
    assert computed(report, SHEET, "words")[2:] == ["病假1天", "旷工1天", "事假1天"]


def test_the_sick_note_on_the_second_and_the_third_working_day(tmp_path: Path) -> None:
    # sick from Friday 11-06, not applied for ahead: the note is due by the second working
    # day after it, Tuesday 11-10 (Mon 11-09 is the first)
    report = checked(
        tmp_path,
        [
            leave("张伟", "病假", "2026-11-06", None, 天数=1, 证明提交日期="2026-11-10"),
            leave("王芳", "病假", "2026-11-06", None, 天数=1, 证明提交日期="11月11日"),
            leave(
                "李娜", "病假", "2026-11-06", None, 天数=1, 申请日期="2026-11-09"
            ),  # no note at all
            leave(
                "赵敏", "病假", "2026-11-06", None, 天数=1, 申请日期="2026-11-05", 批准人="李娜"
            ),  # applied ahead, approved by another (her own approval is none: Q04.self)
        ],
    )
    assert computed(report, SHEET, "words") == ["病假1天", "旷工1天", "旷工1天", "病假1天"]
    assert leave_facts(report) == [
        ("Q05", 3, "证明提交日期", E),
        ("R02", 3, "证明提交日期", W),  # 11月11日: the year read is said
        ("V46", 3, "开始日期", W),  # the day of 旷工 is an S01, approved by nobody
        ("Q05", 4, "证明提交日期", E),
        ("V46", 4, "开始日期", W),
    ]
    late = next(f for f in report.findings if f.rule == "Q05")
    assert "2026-11-10" in late.message() and "2026-11-11" in late.message()


def test_unapproved_leave_becomes_s01_then_m01_with_three_days_pay_a_day(
    tmp_path: Path,
) -> None:
    """Q04 then Q06: unapproved days are 旷工 and feed P06 like typed ones."""
    path = book(
        tmp_path / "处罚汇总表.xlsx",
        [
            leave("张伟", "事假", "2026-11-03", None, 天数=1, 批准人=None),
            leave("张伟", "事假", "2026-11-16", "2026-11-17", 批准人=None),
        ],
    )
    report = run(path, AS_OF)
    assert computed(report, SHEET, "words") == ["旷工1天", "旷工2天"]
    row = month_rows(path, date(2026, 11, 1))["张伟"]
    # S01 on 11-03 is a 书面批评; M01 on 11-16 a 严重警告 (cut 20 % of 3,000 + 500 = 700
    # in November and December). Absence: 3 days × 3 × 3,000 / 20.92 = 1,290.63
    assert row["过失"] == "11-03 S01 旷工1天（请假登记）、11-16 M01 连续旷工2天以上（请假登记）"
    assert row["处分"] == "书面批评、严重警告"
    assert row["旷工天数"] == 3
    assert row["旷工扣款"] == Decimal("1290.63")
    assert row["扣薪（元）"] == Decimal("700.00")
    assert row["合计（元）"] == Decimal("1990.63")
    assert "请假登记：旷工3天" in row["备注"]


def test_register_and_attendance_merge_to_the_larger_with_a_warning(tmp_path: Path) -> None:
    path = book(
        tmp_path / "处罚汇总表.xlsx",
        [
            leave("张伟", "事假", "2026-11-02", "2026-11-03", 批准人="李娜"),
            leave("王芳", "病假", "2026-11-02", None, 天数=1, 申请日期="2026-11-01", 批准人="李娜"),
        ],
        attendance=[
            ["2026-11", None, "张伟", 0, 0, None, None, 1, None],  # 事假 1 typed, 2 registered
            ["2026-11", None, "王芳", 0, 0, None, None, None, 3],  # 病假 3 typed, 1 registered
        ],
    )
    report = run(path, AS_OF)
    assert leave_facts(report) == [("Q07", 2, "事假天数", W), ("Q07", 3, "病假天数", W)]
    q07 = [f.message() for f in report.findings if f.rule == "Q07"]
    assert q07 == [
        "考勤事假1天，请假登记2天，按较大的2天计",
        "考勤病假3天，请假登记1天，按较大的3天计",
    ]
    rows = month_rows(path, date(2026, 11, 1))
    # 张伟: 2 × (3,000 + 800) / 20.92 = 363.29; 王芳: 3 × 2,800 / 20.92 = 401.53
    assert rows["张伟"]["事假扣款"] == Decimal("363.29")
    assert rows["王芳"]["病假扣款"] == Decimal("401.53")


def test_a_book_without_the_leave_sheet_is_still_complete(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "处罚汇总表.xlsx",
        {
            "员工": (ROSTER_HEADERS, ROSTER),
            "过失登记": (OFFENCE_HEADERS, []),
            "考勤": (ATTENDANCE_HEADERS, []),
        },
    )
    report = run(path, AS_OF)
    assert not [f for f in report.findings if SHEET in f.message() or f.sheet == SHEET]


def test_a_year_of_three_people_to_the_fen(tmp_path: Path) -> None:
    """2026 for 张伟 (基本工资 3,000, 岗位津贴 500, 月奖金 800), 王芳 (2,800 / 300 / 600) and
    李娜 (4,000 / 800 / 1,000); 赵敏 (经理) and 李娜 (主管) approve. local_min_wage 2,490 is
    below every base, so the daily base is 基本工资 / 20.92. September is a record-only month
    (P11): its offences take their sanctions but are fined and cut nothing. By hand:

    张伟  Jan  事假 Mon 01-12..Tue 01-13, 2 days: 2 × (3,000 + 800) / 20.92 = 363.29
          Mar  事假 Tue 03-10 without 批准人: 旷工 1 day, S01 → 书面批评;
               3 × 3,000 / 20.92 = 430.21
          Jun  L01 → 口头批评, no money
          Sep  S12 → the second valid 书面批评 → 严重警告, in the record-only September:
               no cut in September nor October (else 20 % × 3,500 = 700.00 each)
          Nov  病假 Mon 11-02..Wed 11-04 applied ahead: 3 × 3,000 / 20.92 = 430.21
          Dec  L01 → the second valid 口头批评 (June's runs to 2027-06-07): 20.00
          year 363.29 + 430.21 + 430.21 + 20 = 1,243.71
    王芳  Feb  婚假 Mon 02-02..Fri 02-06, applied 01-20: 3 days paid, Thu and Fri 事假 (Q02):
               2 × (2,800 + 600) / 20.92 = 325.05
          Apr  病假 Mon 04-13 not applied ahead, the note on Thu 04-16 after Wed 04-15:
               旷工, S01 → 书面批评; 3 × 2,800 / 20.92 = 401.53
          Jul  事假 Mon 07-06..Tue 07-07 unapproved: 旷工 2 days, M01 → 严重警告;
               6 × 2,800 / 20.92 = 803.06, cut 20 % × 3,100 = 620.00: 1,423.06
          Aug  the warning's second month: 620.00
          Oct  考勤: 2 late arrivals, 40.00, two L07 orals, the second 20.00: 60.00
          year 325.05 + 401.53 + 1,423.06 + 620 + 60 = 2,829.64
    李娜  Mar  L05 → 口头批评, no money
          May  事假 Mon 05-11..Fri 05-15, 5 days, approved by 经理 赵敏:
               5 × (4,000 + 1,000) / 20.92 = 1,195.03
          Aug  事假 Mon 08-03..Wed 08-12, 8 days (考勤 says 7: Q07, the 8 count):
               the whole bonus + 8 × 4,000 / 20.92 = 1,000 + 1,529.64 = 2,529.64
          Dec  病假 Mon 12-07..Tue 12-08 approved by 王芳, a 客服专员 (Q04 warning, the
               leave stands): 2 × 4,000 / 20.92 = 382.41
          year 1,195.03 + 2,529.64 + 382.41 = 4,107.08
    """
    roster = [*ROSTER[:3], ROSTER[3]]
    path = book(
        tmp_path / "处罚汇总表.xlsx",
        [
            leave("张伟", "事假", "2026-01-12", "2026-01-13", 批准人="李娜"),
            leave("张伟", "事假", "2026-03-10", "2026-03-10", 批准人=None),
            leave("张伟", "病假", "2026-11-02", "2026-11-04", 申请日期="2026-10-30", 批准人="李娜"),
            leave("王芳", "婚假", "2026-02-02", "2026-02-06", 申请日期="2026-01-20"),
            leave("王芳", "病假", "2026-04-13", "2026-04-13", 证明提交日期="2026-04-16"),
            leave("王芳", "事假", "2026-07-06", "2026-07-07", 批准人=None),
            leave("李娜", "事假", "2026-05-11", "2026-05-15"),
            leave("李娜", "事假", "2026-08-03", "2026-08-12"),
            leave("李娜", "病假", "2026-12-07", "2026-12-08", 申请日期="2026-12-04", 批准人="王芳"),
        ],
        attendance=[
            ["2026-10", None, "王芳", 2, 0, None, None, None, None],
            ["2026-08", None, "李娜", 0, 0, None, None, 7, None],
        ],
        offences=[
            {"日期": "2026-03-03", "姓名": "李娜", "过失代码": "L05"},
            {"日期": "2026-06-08", "姓名": "张伟", "过失代码": "L01"},
            {"日期": "2026-09-14", "姓名": "张伟", "过失代码": "S12"},
            {"日期": "2026-12-01", "姓名": "张伟", "过失代码": "L01"},
        ],
        roster=roster,
        params=[*PARAMS, ["仅记录月份", "2026-09"]],
    )
    report = run(path, AS_OF)
    assert [(f.rule, f.row) for f in report.findings if f.sheet in (SHEET, "考勤")] == [
        ("Q07", 3),  # 李娜's August: 考勤 7 days, the register 8
        ("Q04", 3),  # 张伟's unapproved day
        ("V46", 3),  # its S01 书面批评: in no 过失登记 row, approved by nobody
        ("Q02", 5),  # 婚假 past its 3 days
        ("Q05", 6),  # 王芳's late sick note
        ("V46", 6),  # its S01
        ("Q04", 7),  # 王芳's unapproved days
        ("V46", 7),  # their M01 严重警告
        ("Q04", 10),  # a 客服专员 approving
    ]
    expected = {
        1: {"张伟": "363.29"},
        2: {"王芳": "325.05"},
        3: {"张伟": "430.21", "李娜": "0.00"},
        4: {"王芳": "401.53"},
        5: {"李娜": "1195.03"},
        6: {"张伟": "0.00"},
        7: {"王芳": "1423.06"},
        8: {"王芳": "620.00", "李娜": "2529.64"},
        9: {"张伟": "0.00"},
        10: {"王芳": "60.00"},
        11: {"张伟": "430.21"},
        12: {"张伟": "20.00", "李娜": "382.41"},
    }
    year: dict[str, Decimal] = {}
    for month, wanted in expected.items():
        rows = month_rows(path, date(2026, month, 1))
        got = {name: row["合计（元）"] for name, row in rows.items()}
        assert got == {name: Decimal(v) for name, v in wanted.items()}, month
        for name, total in got.items():
            year[name] = year.get(name, Decimal(0)) + total
    assert year == {
        "张伟": Decimal("1243.71"),
        "王芳": Decimal("2829.64"),
        "李娜": Decimal("4107.08"),
    }
    sanctions = {m: month_rows(path, date(2026, m, 1)) for m in (3, 4, 7, 9)}
    assert sanctions[3]["张伟"]["处分"] == "书面批评"
    assert sanctions[4]["王芳"]["处分"] == "书面批评"
    assert sanctions[7]["王芳"]["过失"] == "07-06 M01 连续旷工2天以上（请假登记）"
    assert sanctions[7]["王芳"]["处分"] == "严重警告"
    assert sanctions[9]["张伟"]["处分"] == "严重警告"
    assert "仅记录" in sanctions[9]["张伟"]["备注"]


def test_a_year_the_calendar_does_not_know_is_refused(tmp_path: Path) -> None:
    report = checked(tmp_path, [leave("张伟", "婚假", "2027-03-01", "2027-03-03")])
    assert leave_facts(report) == [("D01", 2, "开始日期", E)]
    message = next(f for f in report.findings if f.rule == "D01").message()
    assert "2027年" in message and "本工作簿的“节假日”表" in message
    assert computed(report, SHEET, "counted") == [None]


def test_the_holiday_sheet_of_the_penalty_book_teaches_it_a_year(tmp_path: Path) -> None:
    """2027's arrangement is not published: staff type it into the 处罚汇总表's own 节假日
    sheet. 事假 Wed 02-03 .. Mon 02-15 with 02-05..02-10 (the library's Spring Festival), 02-11
    and 02-12 (the sheet) resting and Saturday 02-13 a 调休 working day: 02-03, 02-04, 02-13 and
    02-15, 4 days: 4 × (3,000 + 800) / 20.92 = 726.58."""
    requests = [leave("张伟", "事假", "2027-02-03", "2027/2/15")]
    headers = ["日期", "休/班", "名称"]
    holidays = [
        ["2027/2/11", "休", "春节"],
        ["2027年2月12日", "放假", "春节"],
        ["2027.2.13", "补班", "春节调休"],
    ]
    as_of = datetime(2027, 3, 1, 9, 0)
    leave_sheet = (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))
    taught = penalty_book(
        tmp_path / "taught.xlsx",
        [],
        [],
        ROSTER,
        PARAMS,
        {SHEET: leave_sheet, "节假日": (headers, holidays)},
    )
    report = run(taught, as_of)
    assert leave_facts(report) == []
    assert computed(report, SHEET, "counted") == [4]
    rows = people(month_sheet([load(taught, as_of.date())], [], [], date(2027, 2, 1), as_of))
    assert rows["张伟"]["事假扣款"] == Decimal("726.58")

    # the template's 节假日 sheet left empty: the year is refused, never guessed
    empty = penalty_book(
        tmp_path / "empty.xlsx",
        [],
        [],
        ROSTER,
        PARAMS,
        {SHEET: leave_sheet, "节假日": (headers, [])},
    )
    report = run(empty, as_of)
    assert leave_facts(report) == [("D01", 2, "开始日期", E)]
    assert next(f for f in report.findings if f.rule == "D01").params["year"] == "2027"
    assert computed(report, SHEET, "counted") == [None]


def test_a_day_two_requests_cover_counts_once(tmp_path: Path) -> None:
    report = checked(
        tmp_path,
        [
            leave("张伟", "事假", "2026-11-02", "2026-11-03"),
            leave("张伟", "病假", "2026-11-03", "2026-11-05", 申请日期="2026-11-01"),
            leave("王芳", "事假", "2026-11-03", "2026-11-03"),  # another person: no overlap
        ],
    )
    assert computed(report, SHEET, "words") == ["事假2天", "病假2天", "事假1天"]
    assert leave_facts(report) == [("Q01", 3, "开始日期", W)]
    assert "第2行" in next(f for f in report.findings if f.rule == "Q01").message()


def test_a_leave_still_ahead_may_yet_be_approved(tmp_path: Path) -> None:
    report = checked(tmp_path, [leave("张伟", "事假", "2026-12-28", "2026-12-29", 批准人=None)])
    # no Q04: it may yet be approved; its days, ahead in this month, count and are said
    assert leave_facts(report) == [("Q01", 2, "开始日期", W)]
    assert computed(report, SHEET, "words") == ["事假2天"]


def test_leave_rows_naming_namesakes_are_charged_to_no_one(tmp_path: Path) -> None:
    roster = [
        *ROSTER,
        ["1005", "王芳", "客服部", "主管", 3000, 300, 600, "2024-01-01", "2027-12-31"],
    ]
    report = checked(
        tmp_path,
        [
            leave("王芳", "事假", "2026-11-02", "2026-11-02", 批准人=None),  # which 王芳?
            leave("张伟", "事假", "2026-11-03", "2026-11-03", 批准人="王芳"),  # 文员 or 主管?
        ],
        roster=roster,
    )
    assert leave_facts(report) == [("V44", 2, "姓名", E), ("Q04", 3, "批准人", W)]
    assert computed(report, SHEET, "words") == ["", "事假1天"]
    assert "岗位不同" in next(f for f in report.findings if f.rule == "Q04").message()


def test_half_days_of_absence_show_as_halves_in_compute_and_summary(tmp_path: Path) -> None:
    """旷工天数 shows 0.5 and 1 (not 1 and 1, nor 1.0): the compute copy and the mailed
    summary workbook alike. 张伟: 0.5 × 3 × 3,000 / 20.92 = 215.11."""
    path = half_day_book(tmp_path / "处罚汇总表.xlsx")
    out = tmp_path / "out"
    # exit 1: the two Q04 errors of the unapproved leave
    assert main(["compute", str(path), "-o", str(out), "--as-of", "2026-10-31 18:00"]) == 1
    summary_path = tmp_path / "汇总.xlsx"
    code = main(["summary", str(path), "--month", "2026-10", "-o", str(summary_path)])
    assert code == 1
    for written in (out / path.name, summary_path):
        ws = openpyxl.load_workbook(written)["月处罚汇总"]
        assert absent_days_cells(ws) == {"张伟": (0.5, "General"), "王芳": (1, "General")}
    rows = people(month_sheet([load(path, AS_OF.date())], [], [], date(2026, 10, 1), AS_OF))
    assert rows["张伟"]["旷工扣款"] == Decimal("215.11")
