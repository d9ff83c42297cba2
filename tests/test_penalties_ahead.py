"""Offences and attendance dated after the reference time (R06.offence, R06.attendance) and
leave ahead that changes the month's pay (Q01.ahead), from real workbooks across a month end:
nothing ahead is charged without a word, and a run after the date charges it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from workbooks import (
    LEAVE_HEADERS,
    MIN_WAGE,
    ROSTER,
    computed,
    facts,
    leave,
    offence,
    penalty_book,
    rows_of,
    run,
)

from csbook.cli import main
from csbook.rules.findings import Severity
from csbook.rules.penalty_sheet import PERSON_HEADER, SHEET_NAME

W = Severity.WARNING
NOV_30_EVENING = datetime(2026, 11, 30, 18, 0)
DEC_2 = datetime(2026, 12, 2, 9, 0)


def _book(path: Path) -> Path:
    """张伟 has two orals in November and a third typed for 1 December (entered ahead); 王芳
    an offence dated 3 December (a typo for 11-03?); 考勤 already has a December row."""
    return penalty_book(
        path,
        [
            offence("2026/11/10", "张伟", "L01"),
            offence("11月30日", "张伟", "L05"),  # no year: read in 2026
            offence("2026.12.1", "张伟", "L01"),
            offence("2026-12-03", "王芳", "S02"),
        ],
        [
            ["2026-11", "1003", "王芳", 0, 0, 1, 1, 0, 0],
            ["2026年12月", "1001", "张伟", 0, 0, 2, 2, 0, 0],
        ],
    )


def test_offences_and_attendance_after_the_reference_time_are_not_charged(
    tmp_path: Path,
) -> None:
    report = run(_book(tmp_path / "处罚汇总表.xlsx"), NOV_30_EVENING)
    assert facts(report, "R06") == [
        ("R06", "过失登记", 4, "日期", W),
        ("R06", "考勤", 3, "月份", W),
    ]
    (offences,) = [f for f in report.findings if f.key == "R06.offence"]
    assert "第4–5行（共2行）" in offences.message()
    assert "rows 4–5 (2 in all)" in offences.message("en")
    (attendance,) = [f for f in report.findings if f.key == "R06.attendance"]
    assert "第3行（共1行）" in attendance.message()
    # only November's rows are judged: the 1 December oral does not escalate, nothing of
    # 王芳's 3 December offence is charged
    assert computed(report, "过失登记", "sanction") == ["口头批评", "口头批评"]
    assert computed(report, "过失登记", "fine") == [None, 20]


def test_the_next_run_after_the_month_end_charges_what_has_happened(tmp_path: Path) -> None:
    report = run(_book(tmp_path / "处罚汇总表.xlsx"), DEC_2)
    # 1 December has happened: the third valid oral becomes a written criticism; 3 December
    # is still ahead, and so named
    assert facts(report, "R06") == [("R06", "过失登记", 5, "日期", W)]
    assert computed(report, "过失登记", "sanction") == ["口头批评", "口头批评", "书面批评"]


def test_compute_writes_nothing_for_the_rows_ahead_and_the_month_sheet_leaves_them_out(
    tmp_path: Path,
) -> None:
    path = _book(tmp_path / "处罚汇总表.xlsx")
    out = tmp_path / "out"
    code = main(["compute", str(path), "-o", str(out), "--as-of", "2026-11-30 18:00"])
    assert code == 0  # warnings only
    wb = openpyxl.load_workbook(out / "处罚汇总表.xlsx")
    ws = wb["过失登记"]
    header = [c.value for c in ws[1]]
    sanction = header.index("处分（程序计算）") + 1
    assert [ws.cell(r, sanction).value for r in range(2, 6)] == [
        "口头批评",
        "口头批评",
        None,
        None,
    ]
    # the rows ahead are not judged: their 校验提示 says why their columns are empty
    check = header.index("校验提示（程序计算）") + 1
    assert "第4–5行（共2行）的过失日期晚于校验时间 2026-11-30 18:00" in ws.cell(4, check).value
    assert ws.cell(5, check).value is None
    rows = {r[1]: r for r in wb[SHEET_NAME].iter_rows(values_only=True) if r[1] in ("张伟", "王芳")}
    assert rows["张伟"][PERSON_HEADER.index("罚款（元）")] == 20
    assert rows["张伟"][PERSON_HEADER.index("旷工天数")] in (0, None)
    assert rows["王芳"][PERSON_HEADER.index("旷工天数")] == 1


def test_leave_ahead_in_the_month_is_counted_and_said(tmp_path: Path) -> None:
    requests = [
        leave("张伟", "事假", "2026-11-25", "2026-11-26", 批准人="李娜"),  # ahead, this month
        leave("王芳", "事假", "2026/11/19", "2026/11/23", 批准人="李娜"),  # Mon 11-23 ahead
        leave("李娜", "年休假", "2026-11-24", "2026-11-24"),  # paid: pay unchanged
        leave("张伟", "事假", "2026-12-03", "2026-12-03", 批准人="李娜"),  # next month
    ]
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [],
        roster=ROSTER,
        params=MIN_WAGE,
        more={"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))},
    )
    report = run(path, datetime(2026, 11, 20, 17, 0))
    assert facts(report, "Q01") == [("Q01", "请假登记", 2, "开始日期", W)]
    (ahead,) = [f for f in report.findings if f.key == "Q01.ahead"]
    assert "第2–3行（共2行）的请假有3天在校验日 2026-11-20 之后" in ahead.message()
    # counted as registered
    assert computed(report, "请假登记", "words") == ["事假2天", "事假3天", "带薪1天", "事假1天"]
    # the day after the month's last leave day, nothing is ahead in the month
    assert facts(run(path, datetime(2026, 11, 27, 9, 0)), "Q01") == []
