"""交接班: V31–V34 and H01–H04 on real handover logs.

With the default shifts 早班 08:00, 中班 16:00, 夜班 00:00, the 夜班 of a day starts at 00:00 of
the next day and hands over to that next day's 早班 (see `csbook.rules.handover`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from workbooks import computed as computed_in
from workbooks import (
    facts,
    handover_book,
    month_summary,
    penalty_book,
    people,
    run,
    shift,
    two_days,
)

from csbook.rules.findings import Severity
from csbook.rules.handover import (
    GAP_CAUSES,
    SHIFT_COPIES,
    GapCause,
    ShiftCopy,
    ShiftGap,
    arrival_moment,
    shift_offsets,
    shift_start,
)
from csbook.rules.monthly import figures
from csbook.rules.periods import Period
from csbook.rules.settings import Settings
from csbook.summary import part_of

AS_OF = datetime(2026, 11, 30, 9, 0)


E, W = Severity.ERROR, Severity.WARNING
SHEET = "交接班"


def computed(report, key: str) -> list:
    return computed_in(report, "交接班", key)


# ---- the pure functions --------------------------------------------------------------------


def test_night_shift_starts_at_midnight_after_its_day() -> None:
    offsets = shift_offsets(Settings().shifts)
    day = date(2026, 11, 3)
    assert [shift_start(day, i, offsets) for i in range(3)] == [
        datetime(2026, 11, 3, 8),
        datetime(2026, 11, 3, 16),
        datetime(2026, 11, 4, 0),
    ]
    start = datetime(2026, 11, 4, 0)
    assert arrival_moment(time(23, 52), start) == (datetime(2026, 11, 3, 23, 52), False)
    assert arrival_moment(time(0, 5), start) == (datetime(2026, 11, 4, 0, 5), False)
    assert arrival_moment(datetime(2026, 11, 3, 22), start) == (datetime(2026, 11, 3, 22), False)


# ---- whole logs ----------------------------------------------------------------------------


def test_an_unbroken_log_has_no_findings(tmp_path: Path) -> None:
    report = run(handover_book(tmp_path, two_days()), AS_OF)
    assert facts(report) == []
    assert computed(report, "gap") == ["否"] * 6
    assert computed(report, "arrival_status") == ["按时"] * 6
    assert computed(report, "minutes_early") == [15] * 6
    assert computed(report, "due_at")[:3] == [
        datetime(2026, 11, 3, 7, 50),
        datetime(2026, 11, 3, 15, 50),
        datetime(2026, 11, 3, 23, 50),
    ]


def test_h01_arrivals(tmp_path: Path) -> None:
    rows = two_days()
    rows[0]["接班到岗时间"] = time(7, 50)  # exactly 10 minutes early: 按时
    rows[1]["接班到岗时间"] = "15:55"  # 偏晚
    rows[2]["接班到岗时间"] = time(23, 52)  # the night shift, arriving the evening before: 偏晚
    rows[3]["接班到岗时间"] = "8点03分"  # 迟到
    rows[4]["接班到岗时间"] = time(16, 0)  # at the start: still 偏晚
    rows[5]["接班到岗时间"] = time(0, 5)  # after midnight: 迟到
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert computed(report, "arrival_status") == ["按时", "偏晚", "偏晚", "迟到", "偏晚", "迟到"]
    assert computed(report, "minutes_early") == [10, 5, 8, -3, 0, -5]
    assert facts(report) == [
        ("H01", SHEET, 3, "接班到岗时间", W),
        ("H01", SHEET, 4, "接班到岗时间", W),
        ("H01", SHEET, 5, "接班到岗时间", W),
        ("H01", SHEET, 6, "接班到岗时间", W),
        ("H01", SHEET, 7, "接班到岗时间", W),
    ]
    messages = [f.message("en") for f in report.findings]
    assert messages[1] == "arrived 23:52, should be in by 23:50"
    assert messages[2] == "late: arrived 11-04 08:03, shift 11-04 08:00"
    assert messages[4] == "late: arrived 11-05 00:05, shift 11-05 00:00"


def test_h01_arrive_early_minutes_and_a_full_datetime(tmp_path: Path) -> None:
    rows = two_days()[:2]
    rows[0]["接班到岗时间"] = "2026-11-03 07:45"
    rows[1]["接班到岗时间"] = time(15, 50)
    report = run(handover_book(tmp_path, rows, [["提前到岗分钟", "15分钟"]]), AS_OF)
    assert computed(report, "arrival_status") == ["按时", "偏晚"]
    assert computed(report, "due_at") == [
        datetime(2026, 11, 3, 7, 45),
        datetime(2026, 11, 3, 15, 45),
    ]


def test_v31_to_v33_signatures_and_face_to_face(tmp_path: Path) -> None:
    rows = two_days()[:4]
    rows[0]["交班人签字"] = None  # V32 missing
    rows[1]["接班人签字"] = "丙 "  # equal once squeezed
    rows[1]["交班人签字"] = "乙乙"  # V32 mismatch
    rows[2]["当面交接"] = "否"  # V33
    rows[3]["当面交接"] = None  # V33: a blank is not a yes
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [
        ("V32", SHEET, 2, "交班人签字", E),
        ("V32", SHEET, 3, "交班人签字", E),
        ("V33", SHEET, 4, "当面交接", E),
        ("V33", SHEET, 5, "当面交接", E),
    ]
    assert [f.message("en") for f in report.findings] == [
        "hander-over's signature missing",
        "hander-over's signature “乙乙” does not match “乙”",
        "handover was not face to face",
        "handover was not face to face",
    ]


def test_v31_same_person(tmp_path: Path) -> None:
    rows = [shift("2026-11-03", "早班", "甲", " 甲")]
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("V31", SHEET, 2, "接班人", E)]
    assert report.findings[0].message("en") == (
        "the receiver is the same person as the hander-over"
    )


def test_h04_missing_shift(tmp_path: Path) -> None:
    rows = two_days()
    del rows[1]  # 11-03 中班
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("H04", SHEET, 2, "班次", E), ("H04", SHEET, 3, "班次", E)]
    assert report.findings[0].message("en") == "gap: no handover for 2026-11-03 中班"
    assert computed(report, "gap") == ["是", "是", "否", "否", "否"]


def test_h04_break_across_days_reported_on_both_rows(tmp_path: Path) -> None:
    rows = two_days()
    rows[3] = shift("2026-11-04", "早班", "戊", "甲")  # 丁 took the night shift, 戊 hands over
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("H04", SHEET, 4, "接班人", E), ("H04", SHEET, 5, "交班人", E)]
    assert report.findings[0].message("en") == (
        "gap: 11-03夜班 taken over by 丁 but 11-04早班 handed over by 戊"
    )
    assert computed(report, "gap") == ["否", "否", "是", "是", "否", "否"]


def test_an_approved_swap_explains_a_change_of_hands(tmp_path: Path) -> None:
    rows = two_days()
    rows[3] = shift("2026-11-04", "早班", "戊", "甲", 换班="是", 换班批准人="主管李")
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == []
    assert computed(report, "gap") == ["否"] * 6


def test_h03_unapproved_swap_behind_a_break(tmp_path: Path) -> None:
    rows = two_days()
    rows[2] = shift("2026-11-03", "夜班", "丙", "丁", 换班="是")
    rows[3] = shift("2026-11-04", "早班", "戊", "甲")
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [
        ("H03", SHEET, 4, "换班", E),
        ("H04", SHEET, 4, "接班人", E),
        ("V34", SHEET, 4, "换班批准人", E),
        ("H03", SHEET, 5, "换班", E),
        ("H04", SHEET, 5, "交班人", E),
    ]
    h03 = report.findings[0]
    assert h03.message("en") == "unapproved swap left a gap; 丁 and 戊 are both responsible"
    assert (
        report.findings[2].message("en")
        == "shift swap not approved (no approver, or the cell says not approved)"
    )


def test_v34_swap_without_approver_but_no_gap(tmp_path: Path) -> None:
    rows = two_days()
    rows[1]["换班"] = "Y"
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("V34", SHEET, 3, "换班批准人", E)]


def test_h04_duplicate_and_rows_in_any_order(tmp_path: Path) -> None:
    rows = two_days()
    rows = [rows[5], rows[0], rows[2], rows[1], rows[4], rows[3], dict(rows[1])]
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("H04", SHEET, 8, "班次", E)]
    assert report.findings[0].message("en") == "shift recorded twice (also row 5), counted once"


def test_shift_synonyms_and_unknown_shift(tmp_path: Path) -> None:
    """早 and 大夜班 are 早班 and 夜班; 白班 and 晚班 could each be two of the default shifts
    and 大夜 is no shift: R02, and the rows are kept out of the chain (no 脱班)."""
    rows = two_days()[:5]
    rows[0]["班次"] = "早"
    rows[1]["班次"] = "白班"
    rows[2]["班次"] = "晚班"
    rows[3]["班次"] = "大夜"
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [
        ("R02", SHEET, 3, "班次", E),
        ("R02", SHEET, 4, "班次", E),
        ("R02", SHEET, 5, "班次", E),
    ]
    assert computed(report, "gap") == ["否", "", "", "", "否"]
    assert computed(report, "arrival_status") == ["按时", "", "", "", "按时"]


def test_shifts_from_the_settings_sheet(tmp_path: Path) -> None:
    rows = [
        shift("2026-11-03", "白班", "甲", "乙", 接班到岗时间=time(8, 20)),
        shift("2026-11-03", "夜班", "乙", "甲", 接班到岗时间=time(20, 15)),
        shift("2026-11-04", "白班", "甲", "乙", 接班到岗时间=time(8, 40)),
    ]
    report = run(handover_book(tmp_path, rows, [["班次", "白班 08:30, 夜班 20:30"]]), AS_OF)
    assert computed(report, "arrival_status") == ["按时", "按时", "迟到"]
    assert facts(report) == [("H01", SHEET, 4, "接班到岗时间", W)]


def test_a_log_dating_its_night_shifts_by_the_morning(tmp_path: Path) -> None:
    """The night of 11-03 written as 夜班 of 11-04: full date-time arrivals tell which night."""
    rows = [
        shift("2026-11-03", "早班", "甲", "乙", 接班到岗时间=datetime(2026, 11, 3, 7, 45)),
        shift("2026-11-03", "中班", "乙", "丙", 接班到岗时间=datetime(2026, 11, 3, 15, 45)),
        shift("2026-11-04", "夜班", "丙", "丁", 接班到岗时间=datetime(2026, 11, 3, 23, 45)),
        shift("2026-11-04", "早班", "丁", "甲", 接班到岗时间=datetime(2026, 11, 4, 7, 45)),
        shift("2026-11-04", "中班", "甲", "乙", 接班到岗时间=datetime(2026, 11, 4, 16, 5)),
        shift("2026-11-05", "夜班", "乙", "丙", 接班到岗时间=datetime(2026, 11, 4, 23, 50)),
    ]
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("H01", SHEET, 6, "接班到岗时间", W)]  # 11-04 中班 at 16:05
    assert computed(report, "minutes_early") == [15, 15, 15, 15, -5, 10]
    assert computed(report, "arrival_status") == ["按时", "按时", "按时", "按时", "迟到", "按时"]
    assert computed(report, "gap") == ["否"] * 6


# ---- what offices type (issue 9) -----------------------------------------------------------


def _people(report) -> dict[str, tuple[int, int]]:
    """(接班次数, 脱班) per person, as the summary counts them from this log."""
    f = figures([part_of(report.book, report.results)], [], Period.month(date(2026, 11, 1)), AS_OF)
    return {p.name: (p.shifts, p.gaps) for p in f.people}


@pytest.mark.parametrize(("column", "typed"), [("日期", "2026-13-03"), ("班次", "大夜")])
def test_an_unreadable_date_or_shift_invents_no_gap(tmp_path: Path, column: str, typed: str):
    rows = two_days()
    rows[2][column] = typed  # 11-03 夜班, 丙 → 丁: its place in the chain is unknown
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report) == [("R02", SHEET, 4, column, E)]
    assert computed(report, "gap") == ["否", "否", "", "否", "否", "否"]
    people = _people(report)
    assert all(gaps == 0 for _, gaps in people.values()), people


def test_a_real_gap_beside_an_unreadable_row_is_still_charged(tmp_path: Path) -> None:
    rows = two_days()
    rows[0]["日期"] = "2026-13-03"  # unknown, but it lies before the gap, not inside it
    del rows[4]  # 11-04 中班 missing between 11-04 早班 (丁 → 甲) and 11-04 夜班 (乙 → 丙)
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report, "H04") == [("H04", SHEET, 5, "班次", E), ("H04", SHEET, 6, "班次", E)]
    people = _people(report)
    assert people["甲"][1] == 1  # took over 11-04 早班 and handed over to no one
    assert people["乙"][1] == 1  # handed over 11-04 夜班 without having taken over
    assert people["丁"][1] == 0


def test_gap_causes_name_who_and_why(tmp_path: Path) -> None:
    rows = two_days()
    rows[2] = shift("2026-11-03", "夜班", "丙", "丁", 换班="是")
    rows[3] = shift("2026-11-04", "早班", "戊", "甲")
    report = run(handover_book(tmp_path, rows), AS_OF)
    causes = computed(report, GAP_CAUSES)
    assert causes[2] == (
        ShiftGap(GapCause.UNAPPROVED_SWAP, "to_staff"),
        ShiftGap(GapCause.BREAK, "to_staff"),
    )
    assert causes[3] == (
        ShiftGap(GapCause.UNAPPROVED_SWAP, "from_staff"),
        ShiftGap(GapCause.BREAK, "from_staff"),
    )
    f = figures([part_of(report.book, report.results)], [], Period.month(date(2026, 11, 1)), AS_OF)
    assert [(g.day, g.shift, g.reasons) for g in f.gaps] == [
        (date(2026, 11, 3), "夜班", "未经批准换班；交接不连续"),
        (date(2026, 11, 4), "早班", "未经批准换班；交接不连续"),
    ]
    assert {p.name: p.gaps for p in f.people if p.gaps} == {"丁": 1, "戊": 1}


@pytest.mark.parametrize(
    ("day", "name", "typed", "read", "minutes"),
    [
        ("2026-11-03", "中班", "4:05", "11-03 16:05", -5),  # 16:00 shift, typed on a 12-hour clock
        ("2026-11-30", "夜班", "11:50", "11-30 23:50", 10),  # the night into December
        ("2026-12-31", "夜班", "11:50", "12-31 23:50", 10),  # the night into the new year
        ("2026-12-31", "夜班", "12:05", "01-01 00:05", -5),  # 12:05 on a 12-hour clock
    ],
)
def test_h05_twelve_hour_arrivals(
    tmp_path: Path, day: str, name: str, typed: str, read: str, minutes: int
) -> None:
    rows = [shift(day, name, "甲", "乙", 接班到岗时间=typed)]
    report = run(handover_book(tmp_path, rows), as_of=datetime(2027, 1, 2, 9, 0))
    h05 = [f for f in report.findings if f.rule == "H05"]
    assert [(f.row, f.column, f.severity) for f in h05] == [(2, "接班到岗时间", W)]
    assert read in h05[0].message("zh")
    assert computed(report, "minutes_early") == [minutes]


def test_a_24_hour_reading_near_the_start_is_kept(tmp_path: Path) -> None:
    rows = [
        shift("2026-11-03", "早班", "甲", "乙", 接班到岗时间="9:10"),  # 70 minutes late, not 21:10
        shift("2026-11-03", "中班", "乙", "丙", 接班到岗时间="11:00"),  # 5 h early: no clock fits
    ]
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report, "H05") == []
    assert computed(report, "minutes_early") == [-70, 300]


def test_a_log_pre_filled_for_the_month(tmp_path: Path) -> None:
    """Names typed for the whole month ahead; arrivals and signatures only for shifts worked."""
    rota = ["甲", "乙", "丙", "丁"]
    rows = []
    for k in range(30 * 3):
        day, name = f"2026-11-{k // 3 + 1:02d}", ("早班", "中班", "夜班")[k % 3]
        row = shift(day, name, rota[k % 4], rota[(k + 1) % 4])
        if k >= 14 * 3 + 1:  # from 11-15 中班 on: not yet worked
            row.update(接班到岗时间=None, 交班人签字=None, 接班人签字=None, 当面交接=None)
        rows.append(row)
    as_of = datetime(2026, 11, 15, 9, 0)  # 11-15 早班 has begun, 中班 has not
    report = run(handover_book(tmp_path, rows), as_of=as_of)
    assert facts(report) == [("R06", SHEET, 0, "", W)]
    assert report.findings[0].message("zh") == (
        "自第45行起有47行的日期晚于校验时间 2026-11-15 09:00，视为预先填好的计划，未检查，也不计入汇总"
    )
    assert len(computed(report, "gap")) == 43
    f = figures([part_of(report.book, report.results)], [], Period.month(date(2026, 11, 1)), as_of)
    assert sum(p.shifts for p in f.people) == 43
    assert sum(p.unsigned for p in f.people) == 0


def test_the_months_last_night_shift_counts_in_its_summary(tmp_path: Path) -> None:
    """A month's summary judges as of the month's end, 24:00: the last 夜班, which begins then,
    is the month's (its 日期), worked, and counted."""
    rows = [
        shift("2026-10-31", "早班", "甲", "乙"),
        shift("2026-10-31", "中班", "乙", "丙"),
        shift("2026-10-31", "夜班", "丙", "丁"),
    ]
    as_of = datetime(2026, 10, 31, 23, 59, 59)
    report = run(handover_book(tmp_path, rows), as_of=as_of)
    assert facts(report) == []
    f = figures([part_of(report.book, report.results)], [], Period.month(date(2026, 10, 1)), as_of)
    assert sum(p.shifts for p in f.people) == 3


# ---- rows typed twice, dates typed a day out (clerk2 #1, #2) -------------------------------


def facts_zh(report, rule: str) -> list[str]:
    return [f.message("zh") for f in report.findings if f.rule == rule]


def _figures(report) -> tuple[dict[str, tuple[int, int]], int]:
    """(接班次数, 迟到) per person and the branch's shifts, as the month's summary counts them."""
    f = figures([part_of(report.book, report.results)], [], Period.month(date(2026, 11, 1)), AS_OF)
    return {p.name: (p.shifts, p.late) for p in f.people}, sum(
        b.shifts for b in f.branches.values()
    )


def test_a_shift_copied_down_counts_once(tmp_path: Path) -> None:
    """The 11-03 中班 typed twice (a row copied down), late both times: one shift, one late."""
    rows = two_days()
    rows[1]["接班到岗时间"] = time(16, 30)
    rows.insert(2, dict(rows[1]))
    report = run(handover_book(tmp_path, rows), AS_OF)
    assert facts(report, "H04") == [("H04", SHEET, 4, "班次", E)]
    assert "只计一次" in facts_zh(report, "H04")[0]
    assert computed(report, SHIFT_COPIES) == [None, None, ShiftCopy.COPY, None, None, None, None]
    people, shifts = _figures(report)
    assert shifts == 6
    assert people["丙"] == (2, 1)  # 11-03 中班 (late, once) and 11-04 夜班


def test_rows_of_one_shift_that_disagree_leave_its_arrival_unknown(tmp_path: Path) -> None:
    """The 11-03 中班 twice: 15:45 on one row, 16:30 on the other. Which is true is not
    known: neither is counted, both rows say so."""
    rows = two_days()
    rows.insert(2, {**rows[1], "接班到岗时间": time(16, 30)})
    report = run(handover_book(tmp_path, rows), AS_OF)
    conflict = [f for f in report.findings if f.rule == "H04"]
    assert [(f.row, f.column, f.severity) for f in conflict] == [(3, "班次", E), (4, "班次", E)]
    assert "第3、4行" in conflict[0].message("zh")
    assert computed(report, SHIFT_COPIES)[1:3] == [ShiftCopy.DOUBT, ShiftCopy.DOUBT_COPY]
    assert computed(report, "arrival_status")[1:3] == ["按时", "迟到"]  # each row as typed
    people, shifts = _figures(report)
    assert shifts == 6  # the shift once
    assert people["丙"] == (2, 0)  # no arrival of 11-03 中班 counted, on time or late


def _penalty_with_log(tmp_path: Path, rows: list[dict]) -> dict[str, dict]:
    log = handover_book(tmp_path, rows)
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [], roster=STAFF)
    return people(month_summary([book], handovers=[log]))


STAFF = [
    ["1001", "张伟", "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-12-31"],
    ["1002", "李娜", "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-12-31"],
]


def test_a_late_typed_twice_is_charged_once(tmp_path: Path) -> None:
    late = shift("2026-11-03", "中班", "李娜", "张伟", 接班到岗时间=time(16, 30))
    rows = [shift("2026-11-03", "早班", "张伟", "李娜"), late, dict(late)]
    row = _penalty_with_log(tmp_path, rows)["张伟"]
    assert row["迟到早退次数"] == 1
    assert row["迟到早退罚款"] == Decimal(20)
    assert row["罚款（元）"] == Decimal(0)
    assert row["合计（元）"] == Decimal(20)


def test_a_late_on_one_of_two_disagreeing_rows_is_not_charged_on_a_guess(tmp_path: Path) -> None:
    late = shift("2026-11-03", "中班", "李娜", "张伟", 接班到岗时间=time(16, 30))
    rows = [shift("2026-11-03", "早班", "张伟", "李娜"), {**late, "接班到岗时间": "15:45"}, late]
    row = _penalty_with_log(tmp_path, rows)["张伟"]
    assert not row["迟到早退次数"]
    assert "不完整" in row["备注"] and "第3、4行" in row["备注"]


@pytest.mark.parametrize(
    ("day", "name", "typed"),
    [
        ("2026-11-02", "中班", "2026-11-03 15:45"),  # a day on: would be 1,425 minutes late
        ("2026-11-02", "早班", "2026-11-01 07:45"),  # a day early: would be 按时 by 1,455
    ],
)
def test_an_arrival_a_day_away_from_its_shift_is_unknown(
    tmp_path: Path, day: str, name: str, typed: str
) -> None:
    report = run(handover_book(tmp_path, [shift(day, name, "甲", "乙", 接班到岗时间=typed)]), AS_OF)
    assert facts(report) == [("R02", SHEET, 2, "接班到岗时间", E)]
    assert "相差约24小时" in report.findings[0].message("zh")
    assert computed(report, "arrival_status") == [""]
    assert computed(report, "minutes_early") == [None]
