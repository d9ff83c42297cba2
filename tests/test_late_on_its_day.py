"""A handover late escalates on its day, not at the month's end (clerk6 #8, SPEC P02/P03):
an oral still valid on the day of the late makes it the second valid oral (fined 20). A late
given only as a 考勤 count has no day: it stays at the month's end, and where that changes
the outcome — a sanction on file expires within the month — P06.undated names the sanction.

王芳 (1003) has a 口头批评 of 2025-11-15, valid until 2026-11-14."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from workbooks import (
    PENALTY_AS_OF,
    handover_book,
    month_summary,
    offence,
    penalty_book,
    people,
    shift,
)

from csbook.pipeline import Options, check

LAST_YEAR = offence("2025/11/15", "王芳", "L05", 通知日期="2025/11/15")


def _log(folder: Path, day: str) -> Path:
    folder.mkdir(exist_ok=True)
    return handover_book(folder, [shift(day, "早班", "张伟", "王芳", 接班到岗时间="8:05")])


def test_a_logged_late_while_last_years_oral_is_valid_is_the_second_oral(tmp_path: Path) -> None:
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [LAST_YEAR])
    log = _log(tmp_path / "log", "2026/11/3")  # 11-03: the oral of 2025-11-15 still valid
    row = people(month_summary([book], handovers=[log]))["王芳"]
    assert row["处分"] == "口头批评"
    assert row["罚款（元）"] == Decimal(20)  # the second valid oral
    assert row["迟到早退罚款"] == Decimal(20)
    assert row["合计（元）"] == Decimal(40)


def test_a_logged_late_after_the_oral_expired_is_a_first_oral(tmp_path: Path) -> None:
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [LAST_YEAR])
    log = _log(tmp_path / "log", "2026/11/20")  # after 11-14: the oral has expired
    row = people(month_summary([book], handovers=[log]))["王芳"]
    assert (row["罚款（元）"], row["合计（元）"]) == (Decimal(0), Decimal(20))


def test_a_late_counted_in_attendance_only_says_the_day_would_matter(tmp_path: Path) -> None:
    attendance = [["2026年11月", "1003", "王芳", "1", "/", "/", "/", "/", "/"]]
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [LAST_YEAR], attendance)
    report = check(book, Options(as_of=PENALTY_AS_OF))
    said = [
        (f.sheet, f.row, f.column, f.message()) for f in report.findings if f.key == "P06.undated"
    ]
    assert said == [
        (
            "考勤",
            2,
            "迟到次数",
            "迟到早退1次只有次数、没有日期，按月末计入处分升级；2025-11-15的口头批评有效期至"
            "2026-11-14，在本月内到期：迟到若在此之前，处分和罚款会不同。请在过失登记中按日登记"
            "（L07）或附上交接班记录",
        )
    ]
    # the reading kept: the month's end, after the oral expired — a first oral, no fine
    row = people(month_summary([book]))["王芳"]
    assert (row["罚款（元）"], row["合计（元）"]) == (Decimal(0), Decimal(20))


def test_no_word_where_no_sanction_expires_within_the_month(tmp_path: Path) -> None:
    attendance = [["2026年11月", "1003", "王芳", "1", "/", "/", "/", "/", "/"]]
    recent = offence("2026/10/15", "王芳", "L05")  # valid all November
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [recent], attendance)
    report = check(book, Options(as_of=PENALTY_AS_OF))
    assert not [f for f in report.findings if f.key == "P06.undated"]
    row = people(month_summary([book]))["王芳"]
    assert row["罚款（元）"] == Decimal(20)  # the second oral wherever in November
