"""P06–P09: attendance and leave in money, with the daily rates of P07 and the offences
attendance implies. Figures are checked against the fen, worked out by hand:
daily base 3,000 / 20.92 = 143.4034…, daily bonus 800 / 20.92 = 38.2409…"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csbook.rules.calendar import WorkCalendar
from csbook.rules.pay import (
    MonthAttendance,
    month_pay,
    month_working_days,
    p06_absence_offences,
    p06_late_count,
    p07_daily_rates,
    p08_personal_leave,
    p09_sick_leave,
)
from csbook.rules.sanctions import RosterPerson, fen
from csbook.rules.settings import Settings

NOV = date(2026, 11, 1)
WORKING_NOV = 21  # November 2026: 21 working days
ZHANG = RosterPerson(
    key="张伟",
    name="张伟",
    base=Decimal(3000),
    allowance=Decimal(500),
    bonus=Decimal(800),
)
SETTINGS = Settings(local_min_wage=Decimal(2490))


def pay(**counts: int):
    return month_pay(MonthAttendance("张伟", NOV, **counts), ZHANG, SETTINGS, WORKING_NOV)


def test_p07_daily_rates() -> None:
    base, bonus = p07_daily_rates(ZHANG, SETTINGS)
    assert fen(base) == Decimal("143.40") and fen(bonus) == Decimal("38.24")
    # below the local minimum wage the minimum wage is the base
    low = RosterPerson(key="x", name="x", base=Decimal(2000))
    base, _ = p07_daily_rates(low, SETTINGS)
    assert base == Decimal(2490) / Decimal("20.92")
    # without the setting, the base salary alone
    base, _ = p07_daily_rates(low, Settings())
    assert base == Decimal(2000) / Decimal("20.92")
    assert p07_daily_rates(RosterPerson(key="y", name="y"), SETTINGS)[0] is None


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, "181.64"),  # 1 × (143.4034 + 38.2409)
        (6, "1089.87"),  # below 7: days × (daily base + daily bonus)
        (7, "1803.82"),  # from 7: the whole bonus 800 + 7 × daily base
        (8, "1947.23"),
    ],
)
def test_p08_personal_leave_boundary_6_7(days: int, expected: str) -> None:
    assert pay(personal=days).personal == Decimal(expected)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (6, "860.42"),  # below 7: days × daily base
        (7, "1403.82"),  # 7 to 14: + half the bonus (400)
        (14, "2407.65"),
        (15, "2951.05"),  # from 15: + the whole bonus (800)
        (20, "3668.07"),
    ],
)
def test_p09_sick_leave_boundaries_6_7_and_14_15(days: int, expected: str) -> None:
    """P09's steps; from 14 days they cost more than a whole month sick, which caps them in
    `month_pay` (test_p09_a_whole_month_sick)."""
    daily_base, _ = p07_daily_rates(ZHANG, SETTINGS)
    assert daily_base is not None
    found = p09_sick_leave(days, daily_base, ZHANG, Decimal(2490), whole_month=False)
    assert fen(found) == Decimal(expected)
    if days < 14:
        assert pay(sick=days).sick == Decimal(expected)


def test_p09_a_whole_month_sick() -> None:
    """Pay stops; 80 % of the local minimum wage is paid: 3,000 + 500 + 800 − 1,992."""
    assert pay(sick=WORKING_NOV).sick == Decimal("2308.00")
    assert pay(sick=30).sick == Decimal("2308.00")  # counted in calendar days
    assert "病假满月" in pay(sick=WORKING_NOV).notes[0]
    # 20 days by P09's steps would cost 3,668.07 and leave less than a whole month sick
    # is paid: capped at the whole month's deduction, and said so
    short = pay(sick=WORKING_NOV - 1)
    assert short.sick == Decimal("2308.00")
    assert short.sick_capped == fen(20 * Decimal(3000) / Decimal("20.92") + Decimal(800))
    assert "3668.07" in short.notes[0] and "2308.00" in short.notes[0]


def test_personal_and_sick_leave_take_the_bonus_once() -> None:
    """7 days' personal leave stops the bonus; 15 days' sick leave would stop it again."""
    found = pay(personal=7, sick=15)
    assert found.personal == Decimal("1803.82")  # 800 + 7 × daily base
    assert found.sick == Decimal("2151.05")  # 15 × daily base, the bonus already gone
    assert "奖金最多扣全月" in found.notes[0]
    # short leaves take day by day: 2 × 38.24 + half the bonus is still within it
    found = pay(personal=2, sick=7)
    assert found.sick == Decimal("1403.82")


def test_sick_leave_needs_the_local_minimum_wage() -> None:
    found = month_pay(MonthAttendance("张伟", NOV, sick=2), ZHANG, Settings(), WORKING_NOV)
    assert found.sick is None and found.total is None
    assert found.problems == ["有病假，参数表须填当地最低工资"]
    # personal leave is computed from the base salary alone
    found = month_pay(MonthAttendance("张伟", NOV, personal=2), ZHANG, Settings(), WORKING_NOV)
    assert found.personal == Decimal("363.29") and found.total == Decimal("363.29")


def test_p06_late_fines_and_absence() -> None:
    found = pay(late=2, early=1, absent_days=2, absent_run=2)
    assert found.late_count == 3
    assert found.late_fine == Decimal("60.00")
    assert found.absence == Decimal("860.42")  # 2 days × 3 days' pay × 143.4034
    assert found.total == Decimal("920.42")
    assert [code for code, _ in found.implied] == ["L07", "L07", "L07", "M01"]


def test_p06_lates_merge_with_handover_and_register() -> None:
    # 考勤 has no dates: the larger of 考勤 and the handover log, never the sum
    assert p06_late_count(MonthAttendance("a", NOV, late=2, handover_late=3)) == 3
    assert p06_late_count(MonthAttendance("a", NOV, late=2, handover_late=1, early=1)) == 3
    # L07 rows registered that month are late arrivals too
    assert p06_late_count(MonthAttendance("a", NOV, registered_l07=2)) == 2
    assert p06_late_count(MonthAttendance("a", NOV, late=4, registered_l07=2)) == 4


@pytest.mark.parametrize(
    ("days", "run", "before", "codes"),
    [
        (0, 0, 0, []),
        (1, 1, 0, ["S01"]),
        (2, 0, 0, ["S01", "S01"]),  # no run given: separate days
        (2, 2, 0, ["M01"]),
        (3, 2, 0, ["M01", "S01"]),
        (3, 3, 0, ["M01"]),
        (4, 4, 0, ["D01"]),
        (1, 1, 9, ["D01"]),  # the tenth day absent within a year
        (1, 1, 8, ["S01"]),
    ],
)
def test_p06_absence_offences(days: int, run: int, before: int, codes: list[str]) -> None:
    assert (
        p06_absence_offences(MonthAttendance("a", NOV, absent_days=days, absent_run=run), before)
        == codes
    )


def test_missing_base_salary_makes_deductions_unknown() -> None:
    nobody = RosterPerson(key="x", name="x", bonus=Decimal(600))
    found = month_pay(MonthAttendance("x", NOV, late=1, absent_days=1), nobody, SETTINGS, 21)
    assert found.late_fine == Decimal("20.00")
    assert found.absence is None and found.total is None
    assert found.problems == ["员工表无基本工资，无法计算旷工和请假扣款"]
    # lates alone need no salary
    found = month_pay(MonthAttendance("x", NOV, late=1), nobody, SETTINGS, 21)
    assert found.total == Decimal("20.00")


def test_pure_leave_functions() -> None:
    daily = Decimal(100)
    assert p08_personal_leave(0, daily, Decimal(10), Decimal(300)) == 0
    assert p08_personal_leave(6, daily, Decimal(10), Decimal(300)) == 660
    assert p08_personal_leave(7, daily, Decimal(10), Decimal(300)) == 1000
    person = RosterPerson(key="a", name="a", base=Decimal(2000), bonus=Decimal(300))
    assert p09_sick_leave(6, daily, person, Decimal(2490), False) == 600
    assert p09_sick_leave(7, daily, person, Decimal(2490), False) == 850
    assert p09_sick_leave(14, daily, person, Decimal(2490), False) == 1550
    assert p09_sick_leave(15, daily, person, Decimal(2490), False) == 1800


def test_month_working_days() -> None:
    calendar = WorkCalendar()
    assert month_working_days(NOV, calendar) == WORKING_NOV
    assert month_working_days(date(2026, 10, 1), calendar) == 18  # National Day
    # a year the calendar does not know: Monday to Friday
    assert month_working_days(date(2031, 3, 1), WorkCalendar()) == 21
