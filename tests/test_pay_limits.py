"""A month's deductions against the month itself (P06–P09): days of 事假/旷工 beyond the
month's working days, sick leave that would cost more than a whole month sick, and
deductions larger than the pay. November 2026 has 21 working days; local_min_wage 2,490, so
a whole month sick is paid 1,992.

赵磊 earns 2,000 + 200 + 400 = 2,600 (a base under the minimum wage: daily base 2,490 / 20.92
= 119.0249); 刘洋, 陈静, 王芳 3,000 + 300 + 600 = 3,900; 周敏 5,000 + 400 + 1,000 = 6,400."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from workbooks import PENALTY_AS_OF, month_summary, penalty_book, people, run

from csbook.rules.registry import Severity

ROSTER = [
    ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E004", "刘洋", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E005", "陈静", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E006", "周敏", "客服部", "客服主任", 5000, 400, 1000, "2020-01-01", "2027-12-31"],
    ["E007", "赵磊", "客服部", "客服专员", 2000, 200, 400, "2025-06-01", "2027-12-31"],
    ["E008", "孙丽", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
]
PARAMS = [["当地最低工资", "2490元"], ["岗位津贴上限", 1000]]


def attendance_row(month: str, sid: str, **days: object) -> list[object]:
    """A 考勤 row typed with its counts as text, the way a clerk types them."""
    return [
        month,
        sid,
        None,
        days.get("late"),
        None,
        days.get("absent"),
        days.get("run"),
        days.get("personal"),
        days.get("sick"),
    ]


def test_sick_leave_short_of_a_month_never_costs_more_than_a_whole_month(
    tmp_path: Path,
) -> None:
    """P09.cap: 20 of 21 days sick by P09's steps would leave 赵磊 −180.50 and 刘洋 431.93;
    a whole month sick keeps 1,992: the deduction is capped there, with a warning naming
    both figures. 21 days is the whole month; 病假 30 (calendar days) reads as the whole
    month with P09.whole; 6 days are below the cap and untouched."""
    attendance = [
        attendance_row("2026年11月", "E007", sick="20"),  # row 2
        attendance_row("2026-11", "E004", sick="20天"),  # row 3
        attendance_row("2026-11", "E005", sick=21),  # row 4
        attendance_row("2026/11", "E001", sick="30"),  # row 5
        attendance_row("2026-11", "E006", sick=6),  # row 6
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], attendance, ROSTER, PARAMS)
    report = run(path, PENALTY_AS_OF)
    caps = [(f.row, f.severity, f.message("zh")) for f in report.findings if f.key == "P09.cap"]
    assert [(row, severity) for row, severity, _ in caps] == [
        (2, Severity.WARNING),
        (3, Severity.WARNING),
    ]
    assert "2780.50" in caps[0][2] and "608.00" in caps[0][2]
    assert "3468.07" in caps[1][2] and "1908.00" in caps[1][2]
    whole = [(f.row, f.column) for f in report.findings if f.key == "P09.whole"]
    assert whole == [(5, "病假天数")]
    assert not [f for f in report.findings if f.severity == Severity.ERROR]

    rows = people(month_summary([path]))
    assert rows["赵磊"]["病假扣款"] == Decimal("608.00")  # 2,600 − 1,992
    assert rows["刘洋"]["病假扣款"] == Decimal("1908.00")  # 3,900 − 1,992
    assert rows["陈静"]["病假扣款"] == Decimal("1908.00")  # the whole month
    assert rows["王芳"]["病假扣款"] == Decimal("1908.00")
    assert rows["周敏"]["病假扣款"] == Decimal("1434.03")  # 6 × 5,000 / 20.92
    assert all(row["合计（元）"] is not None for row in rows.values())
    assert "2780.50" in rows["赵磊"]["备注"]


def test_days_beyond_the_months_working_days_are_refused_on_the_cell(tmp_path: Path) -> None:
    """P08 / P06.days: 事假 25 and 旷工 22 in a month of 21 working days are errors on the
    cell and leave the person's month 不完整 (before, only 31 days or more were refused).
    P06.sum: 旷工 10 + 事假 12 = 22 working days."""
    attendance = [
        attendance_row("2026-11", "E005", personal="25"),  # row 2
        attendance_row("2026-11", "E006", absent="22", run="22"),  # row 3
        attendance_row("2026-11", "E004", absent=10, personal=12),  # row 4
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], attendance, ROSTER, PARAMS)
    report = run(path, PENALTY_AS_OF)
    errors = {(f.key, f.row, f.column) for f in report.findings if f.severity == Severity.ERROR}
    assert ("P08", 2, "事假天数") in errors
    assert ("P06.days", 3, "旷工天数") in errors
    assert ("P06.sum", 4, "月份") in errors
    rows = people(month_summary([path]))
    for name in ("陈静", "周敏", "刘洋"):
        assert rows[name]["合计（元）"] is None
        assert rows[name]["备注"].startswith("不完整")
    assert "21个工作日" in rows["陈静"]["备注"]


def test_deductions_above_the_months_pay_are_an_error_and_incomplete(tmp_path: Path) -> None:
    """P07.over_pay: 赵磊's 20 days' 事假 cost 400 + 20 × 119.0249 = 2,780.50 against a pay of
    2,600; 孙丽's 20 days' 事假 (600 + 20 × 143.4034 = 3,468.07) come within her 3,900, but
    not with the 严重警告 cut of her M06 (660): 4,128.07. Neither is shown as a 合计; each
    is named with both amounts. 刘洋's 10 days' 事假 (2,034.03) stays complete."""
    attendance = [
        attendance_row("2026-11", "E007", personal="20"),  # row 2
        attendance_row("2026-11", "E008", personal=20),  # row 3
        attendance_row("2026-11", "E004", personal=10),  # row 4
    ]
    offences = [
        {
            "日期": "2026-11-03",
            "工号": "E008",
            "过失代码": "M06",
            "本人签字": "已签",
            "批准人": "总经理",
        }
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, attendance, ROSTER, PARAMS)
    report = run(path, PENALTY_AS_OF)
    over = [(f.row, f.column, f.message("zh")) for f in report.findings if f.key == "P07.over_pay"]
    assert [(row, column) for row, column, _ in over] == [(2, "月份"), (3, "月份")]
    assert "2780.50" in over[0][2] and "2600.00" in over[0][2]
    assert "4128.07" in over[1][2] and "3900.00" in over[1][2]
    rows = people(month_summary([path]))
    assert rows["赵磊"]["事假扣款"] == Decimal("2780.50")
    assert rows["赵磊"]["合计（元）"] is None
    assert "超过当月工资2600.00元" in rows["赵磊"]["备注"]
    assert rows["孙丽"]["合计（元）"] is None
    assert rows["刘洋"]["合计（元）"] == Decimal("2034.03")


def test_a_base_salary_typed_0_is_read_as_not_filled_in(tmp_path: Path) -> None:
    """P07.zero: 孙丽's 基本工资 typed `0` with a day of 事假 was charged (2,490 + 600) / 20.92
    = 147.71 as if she earned the minimum wage; it is now what a blank is — an error on the
    cell, 事假扣款 unknown, the person 不完整. 吴杰 (`0`, nothing this month): a warning."""
    roster = [
        *ROSTER,
        ["E009", "孙丽", "客服部", "客服专员", 0, 300, 600, "2024-03-01", "2027-12-31"],
        ["E010", "吴杰", "客服部", "客服专员", "0", 300, 600, "2024-03-01", "2027-12-31"],
    ]
    attendance = [attendance_row("2026-11", "E009", personal="1")]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], attendance, roster, PARAMS)
    report = run(path, PENALTY_AS_OF)
    found = [(f.key, f.row, f.column, f.severity) for f in report.findings if f.rule == "P07"]
    assert found == [
        ("P07.zero", 8, "基本工资", Severity.ERROR),
        ("P07.zero_unused", 9, "基本工资", Severity.WARNING),
    ]
    rows = people(month_summary([path]))
    assert rows["孙丽"]["事假扣款"] is None and rows["孙丽"]["合计（元）"] is None
    assert "吴杰" not in rows
