"""V40.employment: a register row dated before the person's 入职日期 or after their
合同到期日 is a typo of the date or the person — never a deduction from someone who was not
employed that day without a word. The row gets an error naming both dates and the person's
amounts of that month are held open (不完整)."""

from __future__ import annotations

from pathlib import Path

from workbooks import (
    LEAVE_HEADERS,
    PENALTY_AS_OF,
    leave,
    month_summary,
    offence,
    penalty_book,
    people,
    rows_of,
    run,
)

from csbook.rules.registry import Severity

# 陈新 joined on 2026-11-16; 黄河's contract ended on 2026-11-15; 赵敏 (主任) approves
ROSTER = [
    ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E006", "赵敏", "客服部", "客服主任", 5000, 400, 1000, "2020-01-01", "2027-12-31"],
    ["E010", "陈新", "客服部", "客服专员", 3000, 300, 600, "2026年11月16日", None],
    ["E011", "黄河", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2026/11/15"],
]


def test_rows_outside_the_employment_are_named_and_held_open(tmp_path: Path) -> None:
    offences = [
        offence("2026-11-05", "陈新", "L15"),  # row 2: before he joined
        offence("2026-11-20", "黄河", "L15"),  # row 3: after the contract ended
        offence("2026-11-20", "陈新", "L15"),  # row 4: while employed
        offence("2026-11-10", "黄河", "L15"),  # row 5: while employed
    ]
    requests = [
        leave("陈新", "事假", "2026-11-09", "2026-11-10", 工号="E010"),  # row 2
        leave("黄河", "病假", "11月27日", None, 工号="E011", 天数="1", 申请日期="2026-11-26"),
        leave("王芳", "事假", "2026-11-09", "2026-11-10", 工号="E001"),  # row 4
    ]
    attendance = [
        ["2026-12", "E011", None, 1, 0, 0, 0, 0, 0],  # row 2: a month after the contract
        ["2026-11", "E011", None, 1, 0, 0, 0, 0, 0],  # row 3: part of it employed
    ]
    more = {"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))}
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, attendance, ROSTER, more=more)
    as_of = PENALTY_AS_OF.replace(month=12, day=31)
    report = run(path, as_of)
    found = [
        (f.sheet, f.row, f.column, f.severity, f.message("zh"))
        for f in report.findings
        if f.key == "V40.employment"
    ]
    assert [where[:4] for where in found] == [
        ("过失登记", 2, "日期", Severity.ERROR),
        ("过失登记", 3, "日期", Severity.ERROR),
        ("考勤", 2, "月份", Severity.ERROR),
        ("请假登记", 2, "开始日期", Severity.ERROR),
        ("请假登记", 3, "开始日期", Severity.ERROR),
    ]
    assert "2026-11-05" in found[0][4] and "入职日期2026-11-16" in found[0][4]
    assert "合同到期日2026-11-15" in found[1][4]
    assert "2026-11-09至2026-11-10" in found[3][4]

    rows = people(month_summary([path]))
    for name in ("陈新", "黄河"):
        assert rows[name]["合计（元）"] is None
        assert "不在在职期间" in rows[name]["备注"]
    assert rows["王芳"]["合计（元）"] is not None
