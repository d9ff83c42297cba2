"""Who approved a leave (Q04) or a sanction (V46), read as staff mean it: the applicant or
the person sanctioned is no approver; a post is read as a title (a 主管助理 or 见习主管 is no
主管, a 副主任 no 主任); `同意` or `准` says that someone approved, not who; a date is no
approver at all."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from workbooks import (
    LEAVE_HEADERS,
    computed,
    leave,
    month_summary,
    offence,
    penalty_book,
    people,
    rows_of,
    run,
)

from csbook.pipeline import FileReport
from csbook.rules.findings import Severity

E, W = Severity.ERROR, Severity.WARNING
SHEET = "请假登记"
AS_OF = datetime(2026, 11, 30, 18, 0)
ROSTER = [
    ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E002", "李娜", "客服部", "客服主管", 4000, 400, 800, "2023-01-01", "2027-12-31"],
    ["E003", "张伟", "客服部", "总经理", 9000, 400, 2000, "2020-01-01", "2028-12-31"],
    ["E006", "周敏", "客服部", "客服主任", 5000, 400, 1000, "2020-01-01", "2027-12-31"],
    ["E022", "卫东", "客服部", "客服部副主任", 4500, 400, 900, "2021-01-01", "2027-12-31"],
    ["E023", "蒋琴", "客服部", "主管助理", 3200, 300, 600, "2024-01-01", "2027-12-31"],
    ["E024", "沈洁", "客服部", "见习主管", 3200, 300, 600, "2025-01-01", "2027-12-31"],
    ["E025", "马力", "客服部", "客服经理", 6000, 400, 1500, "2020-01-01", "2028-12-31"],
]
PARAMS = [["当地最低工资", 2490]]


def checked(path: Path, requests: list[dict[str, Any]], offences: Any = ()) -> FileReport:
    more = {SHEET: (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))}
    book = penalty_book(path, list(offences), [], ROSTER, PARAMS, more)
    return run(book, AS_OF)


def keys(report: FileReport, sheet: str = SHEET) -> list[tuple[str, int, Any]]:
    return [(f.key, f.row, f.severity) for f in report.findings if f.sheet == sheet]


def test_self_approval_is_no_approval(tmp_path: Path) -> None:
    """Q04.self: 李娜 (客服主管) approving her own 2 days and 周敏 (客服主任) her own 5 passed
    the rank check as approved 事假; they are 旷工 now, like a blank 批准人. V46.self: 张伟
    (总经理) approving his own 严重警告."""
    requests = [
        leave("李娜", "事假", "2026-11-09", None, 天数=2, 批准人="李娜"),  # row 2
        leave("周敏", "事假", "2026-11-10", "2026-11-16", 批准人=" 周 敏"),  # row 3
        leave("王芳", "事假", "2026-11-03", None, 天数=1, 批准人="李娜"),  # row 4: fine
    ]
    offences = [offence("2026-11-05", "张伟", "M06", 工号="E003", 批准人="张伟")]
    path = tmp_path / "处罚汇总表.xlsx"
    report = checked(path, requests, offences)
    found = keys(report)
    assert ("Q04.self", 2, E) in found and ("Q04.self", 3, E) in found
    assert not [k for k in found if k[1] == 4]
    assert computed(report, SHEET, "words") == ["旷工2天", "旷工5天", "事假1天"]
    assert ("V46.self", 2, E) in keys(report, "过失登记")
    rows = people(month_summary([path]))
    assert "未批准" in rows["李娜"]["缺少审批"]
    assert "本人批准" in rows["张伟"]["缺少审批"]


def test_posts_are_read_as_titles(tmp_path: Path) -> None:
    """Q04.rank: 卫东 (客服部副主任) approving 5 days (a 主任 or 经理 needed), 蒋琴 (主管助理)
    and 沈洁 (见习主管) approving 2 days and 1 (a 主管 needed) all passed, the post matched by
    a word inside it. A 副主任 ranks as a 主管: 2 days by 卫东 pass; 客服经理 马力 passes 5."""
    requests = [
        leave("王芳", "事假", "2026-11-09", "2026-11-13", 批准人="卫东"),  # row 2
        leave("王芳", "事假", "2026-11-16", None, 天数="2天", 批准人="蒋琴"),  # row 3
        leave("周敏", "事假", "2026-11-18", None, 天数=1, 批准人="沈洁"),  # row 4
        leave("王芳", "事假", "2026-11-19", None, 天数=2, 批准人="卫东"),  # row 5: fine
        leave("李娜", "事假", "2026-11-23", "2026-11-27", 批准人="马力"),  # row 6: fine
    ]
    report = checked(tmp_path / "处罚汇总表.xlsx", requests)
    assert keys(report) == [("Q04.rank", 2, W), ("Q04.rank", 3, W), ("Q04.rank", 4, W)]
    messages = [f.message("zh") for f in report.findings if f.key == "Q04.rank"]
    assert "客服部副主任" in messages[0] and "须主任或经理以上批准" in messages[0]
    assert "主管助理" in messages[1] and "见习主管" in messages[2]
    # a low rank is a warning: the leave stays 事假
    assert computed(report, SHEET, "words")[:3] == ["事假5天", "事假2天", "事假1天"]


def test_an_approver_that_names_no_one(tmp_path: Path) -> None:
    """`同意` and `准` say someone approved, not who: Q04.consent (warning), the leave stands.
    A date typed in 批准人 (as text or as a date cell) is no approver: Q04.date (error), the
    day is 旷工 as for a blank. For a 严重警告, `同意` cannot be checked against 总经理
    (V46.consent); a date is no approval (V46.missing)."""
    requests = [
        leave("王芳", "事假", "2026-11-03", None, 天数=1, 批准人="同意"),  # row 2
        leave("李娜", "事假", "2026-11-04", None, 天数=1, 批准人="准。"),  # row 3
        leave("周敏", "事假", "2026-11-06", None, 天数=1, 批准人=datetime(2026, 11, 6)),  # row 4
        leave("王芳", "事假", "2026-11-09", None, 天数=1, 批准人="11月6日"),  # row 5
    ]
    offences = [
        offence("2026-11-05", "王芳", "M06", 批准人="同意"),  # row 2
        offence("2026-11-12", "李娜", "M06", 批准人="2026/11/12"),  # row 3
    ]
    report = checked(tmp_path / "处罚汇总表.xlsx", requests, offences)
    found = keys(report)
    assert ("Q04.consent", 2, W) in found and ("Q04.consent", 3, W) in found
    assert ("Q04.date", 4, E) in found and ("Q04.date", 5, E) in found
    assert not [k for k in found if k[0] == "Q04.unknown"]
    assert computed(report, SHEET, "words") == ["事假1天", "事假1天", "旷工1天", "旷工1天"]
    sanctions = keys(report, "过失登记")
    assert ("V46.consent", 2, W) in sanctions and ("V46.missing", 3, E) in sanctions


def test_leave_on_rest_days_is_named(tmp_path: Path) -> None:
    """Q01.rest_start: half a day's 事假 from Saturday 11-07 (not a 调休 day) counted on Monday
    11-09 without a word; Q01.rest_days: a Saturday–Sunday leave, and one over National Day
    (10-01..10-03), counted 0 days without a word. A leave from Saturday to Tuesday is normal."""
    requests = [
        leave("王芳", "事假", "2026-11-07", None, 天数="0.5"),  # row 2
        leave("李娜", "事假", "2026/11/14", "2026/11/15"),  # row 3
        leave("周敏", "事假", "2026-10-01", "2026-10-03"),  # row 4
        leave("王芳", "事假", "2026-11-21", "2026-11-24"),  # row 5: Mon and Tue count
    ]
    report = checked(tmp_path / "处罚汇总表.xlsx", requests)
    found = [(f.key, f.row, f.severity, f.message("zh")) for f in report.findings]
    rest = [(key, row, severity) for key, row, severity, _ in found if key.startswith("Q01.rest")]
    assert rest == [("Q01.rest_start", 2, W), ("Q01.rest_days", 3, W), ("Q01.rest_days", 4, W)]
    (moved,) = [message for key, _, _, message in found if key == "Q01.rest_start"]
    assert "2026-11-07" in moved and "2026-11-09" in moved
    assert computed(report, SHEET, "words") == ["事假0.5天", "", "", "事假2天"]
