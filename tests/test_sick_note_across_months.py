"""Q05 across a month end: sick leave on Wednesday 2026-09-30, not applied for ahead, whose
hospital note is due on 10-09 (the second working day after National Day). September's run
(as of 09-30) says the note is still due, and September's 月处罚汇总 charges sick leave; once
the note comes late (10-10) the leave is 旷工 of September, and October's 月处罚汇总 — the
month the deadline fell in — deducts the difference, once: 刘洋's row carries the 补扣 in its
columns and 合计, and a line works it out (before, it only said September's figures changed,
and finance deducted nothing). September's sheet made again says where the difference went."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from workbooks import LEAVE_HEADERS, computed, leave, penalty_book, people, rows_of, run

from csbook.io.workbook import load
from csbook.penalty_report import month_sheet
from csbook.rules.findings import Severity

ROSTER = [
    ["E004", "刘洋", "客服部", "客服专员", 3000, 300, 600, "2024-03-01", "2027-12-31"],
    ["E006", "周敏", "客服部", "客服主任", 5000, 400, 1000, "2020-01-01", "2027-12-31"],
]
PARAMS = [["当地最低工资", 2490]]


def book(path: Path, note: object) -> Path:
    request = leave("刘洋", "病假", "2026/9/30", "2026/9/30", 批准人="周敏", 证明提交日期=note)
    more = {"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, [request]))}
    return penalty_book(path, [], [], ROSTER, PARAMS, more)


def sheet_lines(path: Path, month: date, as_of: datetime) -> tuple[dict, list[str]]:
    sheet = month_sheet([load(path, as_of.date())], [], [], month, as_of)
    return people(sheet), [b for b in sheet.blocks if isinstance(b, str)]


def test_a_late_sick_note_is_said_in_the_month_it_fell_due(tmp_path: Path) -> None:
    september = datetime(2026, 9, 30, 18, 0)
    (tmp_path / "sep").mkdir()
    (tmp_path / "oct").mkdir()
    path = book(tmp_path / "sep" / "处罚汇总表.xlsx", "/")
    report = run(path, september)
    pending = [(f.key, f.row, f.severity) for f in report.findings if f.rule == "Q05"]
    assert pending == [("Q05.pending", 2, Severity.WARNING)]
    assert "2026-10-09" in next(f.message("zh") for f in report.findings if f.rule == "Q05")
    assert computed(report, "请假登记", "words") == ["病假1天"]

    october = datetime(2026, 10, 31, 18, 0)
    path = book(tmp_path / "oct" / "处罚汇总表.xlsx", "2026年10月10日")
    report = run(path, october)
    assert [f.key for f in report.findings if f.rule == "Q05"] == ["Q05.late"]
    rows, lines = sheet_lines(path, date(2026, 10, 1), october)
    # daily base 3,000 / 20.92 = 143.40: September charged a day sick (143.40); as 旷工 it is
    # three days' base (430.21) and a 书面批评 (S01): 286.81 more, deducted in October
    row = rows["刘洋"]
    assert row["旷工扣款"] == Decimal("430.21")
    assert row["病假扣款"] == Decimal("-143.40")
    assert row["合计（元）"] == Decimal("286.81")
    assert row["旷工天数"] == 0  # October's own days: none
    assert "含补扣2026年9月" in row["备注"]
    (line,) = [text for text in lines if "补扣" in text]
    assert "刘洋 补扣2026年9月（09-30起病假证明逾期，改按旷工）" in line
    assert "原按病假计143.40元，改按旷工应计430.21元（书面批评），本月补扣286.81元" in line
    assert "证明期限2026-10-09" in line and "请勿重新生成报送" in line
    rows, lines = sheet_lines(path, date(2026, 9, 1), october)
    assert rows["刘洋"]["旷工天数"] == 1
    assert rows["刘洋"]["合计（元）"] == Decimal("430.21")
    (line,) = [text for text in lines if "医院证明" in text]
    assert "刘洋 2026-09-30起（证明期限2026-10-09，在2026年10月补扣）" in line
    assert "请勿按本表重复扣款" in line


def test_a_missing_note_is_deducted_once_in_the_month_it_fell_due(tmp_path: Path) -> None:
    """No note at all (`/`), October's run: as a late note, the difference is October's 补扣;
    November's sheet has nothing of it."""
    october = datetime(2026, 10, 31, 18, 0)
    path = book(tmp_path / "处罚汇总表.xlsx", "/")
    rows, _ = sheet_lines(path, date(2026, 10, 1), october)
    assert rows["刘洋"]["合计（元）"] == Decimal("286.81")
    rows, lines = sheet_lines(path, date(2026, 11, 1), datetime(2026, 11, 30, 18, 0))
    assert rows == {} and not [t for t in lines if "补扣" in t]


def test_two_late_notes_of_one_month_are_deducted_once_each(tmp_path: Path) -> None:
    """Two sick leaves (09-29, 09-30), both notes late: October deducts the difference between
    September as it reads now and as it read on 09-30 (both notes still due: `/`) — once, not
    once per note."""

    def two_leaves(path: Path, note: str) -> Path:
        requests = [
            leave("刘洋", "病假", day, day, 批准人="周敏", 证明提交日期=note)
            for day in ("2026/9/29", "2026/9/30")
        ]
        more = {"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))}
        return penalty_book(path, [], [], ROSTER, PARAMS, more)

    (tmp_path / "sep").mkdir()
    (tmp_path / "oct").mkdir()
    september = two_leaves(tmp_path / "sep" / "处罚汇总表.xlsx", "/")
    path = two_leaves(tmp_path / "oct" / "处罚汇总表.xlsx", "2026-10-12")
    october = datetime(2026, 10, 31, 18, 0)
    then, _ = sheet_lines(september, date(2026, 9, 1), datetime(2026, 9, 30, 18, 0))
    now, _ = sheet_lines(path, date(2026, 9, 1), october)
    assert then["刘洋"]["病假扣款"] == Decimal("286.81")  # two days sick
    # two S01: a 书面批评 and, the second, a 严重警告 — its cut too
    owed = now["刘洋"]["合计（元）"] - then["刘洋"]["合计（元）"]
    assert owed == Decimal("1520.42") - Decimal("286.81")
    rows, lines = sheet_lines(path, date(2026, 10, 1), october)
    # October: the 严重警告's second month (660) and the 补扣
    assert rows["刘洋"]["合计（元）"] == owed + Decimal(660)
    (line,) = [text for text in lines if "补扣" in text]
    assert f"本月补扣{owed}元" in line and "09-29、09-30起" in line


def test_a_note_dated_after_the_reference_day_has_not_come_yet(tmp_path: Path) -> None:
    """October's book carried on (its note typed 10-10) and September's sheet made again as of
    September's end: as of then the note has not come and is not yet due (10-09), so the leave
    is sick leave pending, as September's own run said — not 旷工 already (R06.done says the
    date after the reference time was read as not yet)."""
    september = datetime(2026, 9, 30, 18, 0)
    path = book(tmp_path / "处罚汇总表.xlsx", "2026年10月10日")
    report = run(path, september)
    said = sorted((f.key, f.row, f.severity) for f in report.findings if f.rule in ("Q05", "R06"))
    assert said == [
        ("Q05.pending", 2, Severity.WARNING),
        ("R06.done", 2, Severity.WARNING),
    ]
    assert computed(report, "请假登记", "words") == ["病假1天"]
    rows, _ = sheet_lines(path, date(2026, 9, 1), september)
    assert rows["刘洋"]["旷工天数"] == 0
    assert rows["刘洋"]["合计（元）"] == Decimal("143.40")  # a day's sick leave, for now
