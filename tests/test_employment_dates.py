"""V40.employment: a register row dated before the person's 入职日期 is a typo of the date or
the person — never a deduction from someone who was not employed that day without a word. The
row gets an error naming both dates and the person's amounts of that month are held open
(不完整). V40.contract: a row after the 合同到期日 is most often a contract renewed whose date
was not updated: counted as usual, with a warning asking to update the date."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbooks import (
    LEAVE_HEADERS,
    PENALTY_AS_OF,
    compute_cli,
    leave,
    month_summary,
    offence,
    penalty_book,
    penalty_template,
    people,
    rows_of,
    run,
    sheet_rows,
)

from csbook.pipeline import FileReport
from csbook.rules.registry import Severity

# 陈新 joined on 2026-11-16; 黄河's contract ended on 2026-11-15; 赵敏 (主任) approves
ROSTER = [
    ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E006", "赵敏", "客服部", "客服主任", 5000, 400, 1000, "2020-01-01", "2027-12-31"],
    ["E010", "陈新", "客服部", "客服专员", 3000, 300, 600, "2026年11月16日", None],
    ["E011", "黄河", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2026/11/15"],
]


def said(report: FileReport, key: str) -> list[tuple[str, int, str, Severity, str]]:
    return [
        (f.sheet, f.row, f.column, f.severity, f.message("zh"))
        for f in report.findings
        if f.key == key
    ]


def test_rows_before_joining_are_held_open_and_after_the_contract_counted_and_said(
    tmp_path: Path,
) -> None:
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
    found = said(report, "V40.employment")
    assert [where[:4] for where in found] == [
        ("过失登记", 2, "日期", Severity.ERROR),
        ("请假登记", 2, "开始日期", Severity.ERROR),
    ]
    assert "2026-11-05" in found[0][4] and "入职日期2026-11-16" in found[0][4]
    assert "2026-11-09至2026-11-10" in found[1][4]
    (stale,) = said(report, "V40.contract")  # one, on 黄河's roster row, naming the rows
    assert stale[:4] == ("员工", 5, "合同到期日", Severity.WARNING)
    assert stale[4] == (
        "过失登记第3行、请假登记第3行、考勤第2行的日期在此人的合同到期日2026-11-15之后：合同可能已"
        "续签而到期日未更新，这些记录已照常计入；请更新合同到期日（若记录的日期或人员有误，请改正）"
    )

    rows = people(month_summary([path]))
    assert rows["陈新"]["合计（元）"] is None
    assert "不在在职期间" in rows["陈新"]["备注"]
    # 黄河: two L15 in November (the second oral fined 20), one day's sick leave: counted
    assert rows["黄河"]["合计（元）"] is not None and rows["黄河"]["罚款（元）"] == 20
    assert "不在在职期间" not in (rows["黄河"]["备注"] or "")
    assert rows["王芳"]["合计（元）"] is not None


def test_a_stale_contract_date_does_not_hold_later_months(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """clerk3 #7 as staff see it: 王芳's contract was renewed but the roster still says
    2026-10-31. Her November L15 twice and a day of 事假 are charged (口头批评 ×2, the second
    fined 20), the 月处罚汇总 gives her a 合计, and V40.contract asks to update the date."""
    roster = [
        ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2026/10/31"],
        ["E006", "赵敏", "客服部", "客服主任", 5000, 400, 1000, "2020-01-01", "2027-12-31"],
    ]
    path = penalty_template(
        tmp_path / "处罚汇总表.xlsx",
        {
            "过失登记": [
                offence("2026-11-05", "王芳", "L15"),
                offence("2026/11/20", "王芳", "L15"),
            ],
            "请假登记": [leave("王芳", "事假", "2026年11月10日", None, 天数=1)],
        },
        roster,
    )
    report = run(path, PENALTY_AS_OF)
    ((where, text),) = [((f.sheet, f.row), f.message()) for f in report.findings if f.rule == "V40"]
    assert where == ("员工", 2)
    assert text.startswith("过失登记第2–3行、请假登记第2行的日期在此人的合同到期日2026-10-31之后")
    _, wb = compute_cli(capsys, path, "2026-11-30")
    (row,) = [r for r in sheet_rows(wb["月处罚汇总"], "姓名") if r["姓名"] == "王芳"]
    assert row["处分"] == "口头批评×2"
    assert row["罚款（元）"] == 20 and row["事假扣款"] > 0
    assert row["合计（元）"] is not None
