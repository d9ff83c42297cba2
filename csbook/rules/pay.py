"""Attendance and leave (SPEC §3.5 P06–P09; [003 篇十]): each person's month of 考勤 in money
and in the offences it implies. Pure; every figure exact Decimal until shown, then rounded
to the fen once, half-up.

Readings where SPEC leaves room (as staff would expect):

* Late arrivals of a month are the 考勤 迟到次数, or the handover log's 迟到 (H01) for that
  person and month when it shows more: 考勤 has no dates, so it cannot tell which handover
  lates it already counts, and taking the larger never counts one twice. A 过失登记 that
  registers more L07 rows in the month than that raises the count to them. Each late arrival
  or early leave costs `late_fine` and is one L07 offence; the L07 rows already registered
  that month are those offences, the rest are added (dated the month's last day).
* Absence: the longest run of consecutive days (连续旷工天数) gives one offence — D01 from 4
  days, M01 from 2 — and every other absent day is an S01 (a blank run counts the days as
  separate); D01 too when the days absent in the 12 months up to this one reach 10. The
  offences 过失登记 already registers for the month are not added again. Absence pay
  (`absence_days_deducted` days' daily base per day) comes from 考勤 only.
* Daily base (P07) = max(基本工资, local_min_wage) / `pay_days_per_month`; without
  local_min_wage the base salary alone (SPEC requires the setting only for sick leave).
* Leave counts are days of the month; sick leave of at least the month's working days is a
  whole month sick: pay (基本工资 + 岗位津贴 + 月奖金) stops and 80 % of local_min_wage is paid,
  so the deduction is pay − 80 % × local_min_wage.
* Sick leave short of a whole month never costs more than a whole month sick (P09's steps
  reckon days on a daily base floored at the minimum wage and add the bonus, and can take
  more than the pay): the person keeps at least the 80 % of local_min_wage a whole month sick
  is paid ([003 篇十], the legal floor of sick pay). The cap is kept on the month
  (`MonthPay.sick_capped`) so a warning (P09.cap) can say what it replaced.
* 事假 and 病假 in the same month take from the same bonus: together at most the whole bonus
  (the excess comes off the sick-leave deduction).
* P11, a record-only month ("特殊维稳时期，仅制表未处罚", 003): what is punitive is not charged
  and what pays for days not worked still is. Late arrivals and early leaves cost nothing;
  a day absent costs its own day's daily base (a day not worked is not paid, as on 事假) but
  not the other `absence_days_deducted` − 1 days of the penalty; 事假 and 病假 deductions
  follow P08/P09 as in any month. What is waived is kept beside what is charged, so the
  summary can say both to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .calendar import UnknownYear, WorkCalendar
from .months import month_span
from .sanctions import RosterPerson, fen
from .settings import Settings

SICK_PAY_SHARE = Decimal("0.8")
HALF = Decimal("0.5")
PERSONAL_WHOLE_BONUS_DAYS = 7  # P08: from 7 days the whole bonus goes
SICK_HALF_BONUS_DAYS, SICK_WHOLE_BONUS_DAYS = 7, 15  # P09


def month_working_days(month: date, work: WorkCalendar) -> int:
    """Working days of the month by the work calendar; Monday–Friday when the calendar does
    not know the year (it only decides what a whole month sick is)."""
    last = month_span(month)[1]
    try:
        return work.working_days(month, last)
    except UnknownYear:
        return sum((month + timedelta(days=i)).weekday() < 5 for i in range(last.day))


@dataclass
class MonthAttendance:
    """One person's month: the 考勤 row (when there is one) with the merged late arrivals."""

    person: str  # Person.key
    month: date  # first day
    late: int = 0
    early: int = 0
    absent_days: Decimal | int = 0
    absent_run: int = 0
    personal: Decimal | int = 0
    sick: Decimal | int = 0
    handover_late: int = 0  # H01 迟到 in handover logs of the month
    handover_days: list[date] = field(default_factory=list)  # the day of each, in order
    registered_l07: int = 0  # L07 rows of the month in 过失登记
    # runs of absence from 请假登记 (first day, days) when the register's count is used (Q06,
    # Q07); None: 考勤's figures decide the absence offences
    leave_runs: list[tuple[date, int]] | None = None
    row: int | None = None  # index in the 考勤 table
    problems: list[str] = field(default_factory=list)  # unreadable or impossible values


@dataclass
class MonthPay:
    attendance: MonthAttendance
    late_count: int = 0
    late_fine: Decimal = Decimal(0)
    absence: Decimal | None = Decimal(0)  # None: cannot be computed
    personal: Decimal | None = Decimal(0)
    sick: Decimal | None = Decimal(0)
    # offences the month implies: (code, day), day None for the month's last day; a day is
    # a handover late's (L07) or a run of absence's from 请假登记
    implied: list[tuple[str, date | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # P11: a record-only month, and what it did not charge (None: unknown, no base salary)
    record_only: bool = False
    waived_late_fine: Decimal = Decimal(0)
    waived_absence: Decimal | None = Decimal(0)
    # P09: the sick-leave deduction P09's steps give, when the whole-month cap replaced it
    sick_capped: Decimal | None = None

    @property
    def total(self) -> Decimal | None:
        parts = (self.late_fine, self.absence, self.personal, self.sick)
        if self.problems or any(p is None for p in parts):
            return None
        return sum((p for p in parts if p is not None), Decimal(0))


def p06_late_count(att: MonthAttendance) -> int:
    """P06 (with H01): late arrivals and early leaves of the month."""
    return max(max(att.late, att.handover_late) + att.early, att.registered_l07)


def p06_absence_offences(att: MonthAttendance, absent_before: Decimal | int) -> list[str]:
    """P06: the offences a month's absence implies; `absent_before` = days absent in the 11
    months before it."""
    days, run = att.absent_days, min(att.absent_run, att.absent_days)
    # 考勤's 旷工天数 is whole days; half days come from 请假登记, whose runs decide instead
    assert isinstance(days, int) and isinstance(run, int), "absence without leave runs"
    if days <= 0:
        return []
    if run >= 4 or absent_before + days >= 10:
        return ["D01"]
    if run >= 2:
        return ["M01"] + ["S01"] * (days - run)
    return ["S01"] * days


def p06_run_offences(
    runs: list[tuple[date, int]], absent_before: Decimal | int
) -> list[tuple[str, date | None]]:
    """Q06 with P06: each run of absence from the leave register is one offence dated its
    first day — D01 from 4 days or when the year's absences reach 10, M01 from 2, else S01;
    `absent_before` = days absent in the 11 months before the month."""
    out: list[tuple[str, date | None]] = []
    total = absent_before
    for first, days in sorted(runs):
        total += days
        if days >= 4 or total >= 10:
            out.append(("D01", first))
        else:
            out.append(("M01" if days >= 2 else "S01", first))
    return out


def p07_daily_rates(person: RosterPerson, settings: Settings) -> tuple[Decimal | None, Decimal]:
    """P07: (daily base, daily bonus); daily base None without a base salary."""
    days = settings.pay_days_per_month
    daily_bonus = person.bonus / days
    if person.base is None:
        return None, daily_bonus
    base = person.base
    if settings.local_min_wage is not None:
        base = max(base, settings.local_min_wage)
    return base / days, daily_bonus


def p08_personal_leave(
    days: Decimal | int, daily_base: Decimal, daily_bonus: Decimal, bonus: Decimal
) -> Decimal:
    """P08: d < 7 → d × (daily base + daily bonus); d ≥ 7 → whole bonus + d × daily base."""
    if days <= 0:
        return Decimal(0)
    if days < PERSONAL_WHOLE_BONUS_DAYS:
        return days * (daily_base + daily_bonus)
    return bonus + days * daily_base


def _personal_bonus(days: Decimal | int, daily_bonus: Decimal, bonus: Decimal) -> Decimal:
    """The part of P08's deduction taken from the bonus."""
    return daily_bonus * days if days < PERSONAL_WHOLE_BONUS_DAYS else bonus


def _sick_bonus(days: Decimal | int, bonus: Decimal) -> Decimal:
    """The part of P09's deduction taken from the bonus (short of a whole month)."""
    if days >= SICK_WHOLE_BONUS_DAYS:
        return bonus
    return bonus * HALF if days >= SICK_HALF_BONUS_DAYS else Decimal(0)


def monthly_pay(person: RosterPerson) -> Decimal:
    """The month's pay as the roster gives it: 基本工资 + 岗位津贴 + 月奖金."""
    return (person.base or Decimal(0)) + person.allowance + person.bonus


def whole_month_sick(person: RosterPerson, local_min_wage: Decimal) -> Decimal:
    """P09's deduction for a whole month sick: the pay stops, 80 % of local_min_wage is paid."""
    return monthly_pay(person) - SICK_PAY_SHARE * local_min_wage


def p09_sick_leave(
    days: Decimal | int,
    daily_base: Decimal,
    person: RosterPerson,
    local_min_wage: Decimal,
    whole_month: bool,
) -> Decimal:
    """P09: d < 7 → d × daily base; 7 ≤ d < 15 → + half the bonus; d ≥ 15 → + the whole
    bonus; a whole month sick: pay stops, 80 % of local_min_wage is paid instead."""
    if days <= 0:
        return Decimal(0)
    if whole_month:
        return whole_month_sick(person, local_min_wage)
    deduction = days * daily_base
    if days >= SICK_WHOLE_BONUS_DAYS:
        deduction += person.bonus
    elif days >= SICK_HALF_BONUS_DAYS:
        deduction += person.bonus * HALF
    return deduction


def month_pay(
    att: MonthAttendance,
    person: RosterPerson | None,
    settings: Settings,
    working_days: int,
    absent_before: Decimal | int = 0,
) -> MonthPay:
    """P06–P09 for one person's month."""
    out = MonthPay(att, problems=list(att.problems))
    out.record_only = att.month in settings.record_only_months
    out.late_count = p06_late_count(att)
    late_fine = fen(out.late_count * settings.late_fine)
    if out.record_only:
        out.waived_late_fine = late_fine
    else:
        out.late_fine = late_fine
    # a late the handover logs date is placed on its day (P02/P03 escalate by date); the rest
    # (a 考勤 count, early leaves) have no day and stand at the month's end
    dated = att.handover_days[: out.late_count]
    out.implied = [("L07", day) for day in dated] + [("L07", None)] * (out.late_count - len(dated))
    if att.leave_runs is None:
        out.implied += [(code, None) for code in p06_absence_offences(att, absent_before)]
    else:
        out.implied += p06_run_offences(att.leave_runs, absent_before)
    if out.late_count:
        source = "交接班" if att.handover_late > att.late else "考勤"
        out.notes.append(f"迟到早退{out.late_count}次（{source}）")
    needs_base = att.absent_days or att.personal or att.sick
    if person is None:
        daily_base, daily_bonus = None, Decimal(0)
    else:
        daily_base, daily_bonus = p07_daily_rates(person, settings)
    if needs_base and daily_base is None:
        out.problems.append("员工表无基本工资，无法计算旷工和请假扣款")
    if att.absent_days:
        deducted = settings.absence_days_deducted
        charged = min(deducted, Decimal(1)) if out.record_only else deducted
        if daily_base is None:
            out.absence = out.waived_absence = None
        else:
            out.absence = fen(att.absent_days * charged * daily_base)
            out.waived_absence = fen(att.absent_days * (deducted - charged) * daily_base)
    _leave_deductions(out, person, settings, working_days, daily_base, daily_bonus)
    return out


def _leave_deductions(
    out: MonthPay,
    person: RosterPerson | None,
    settings: Settings,
    working_days: int,
    daily_base: Decimal | None,
    daily_bonus: Decimal,
) -> None:
    """P08 and P09: the month's 事假 and 病假 deductions, None where the pay is unknown."""
    att = out.attendance
    personal = sick = Decimal(0)
    if att.personal:
        if daily_base is None or person is None:
            out.personal = None
        else:
            personal = p08_personal_leave(att.personal, daily_base, daily_bonus, person.bonus)
    if att.sick:
        if settings.local_min_wage is None:
            out.problems.append("有病假，参数表须填当地最低工资")
            out.sick = None
        elif daily_base is None or person is None:
            out.sick = None
        else:
            whole = att.sick >= working_days
            sick = p09_sick_leave(att.sick, daily_base, person, settings.local_min_wage, whole)
            if whole:
                out.notes.append("病假满月，按当地最低工资80%发放病假工资")
            elif person.bonus and att.personal:
                # 事假 and 病假 in one month take from the same bonus: at most all of it
                taken = _personal_bonus(att.personal, daily_bonus, person.bonus)
                taken += _sick_bonus(att.sick, person.bonus)
                if taken > person.bonus:
                    sick -= taken - person.bonus
                    out.notes.append("事假、病假同月，奖金最多扣全月")
            cap = max(whole_month_sick(person, settings.local_min_wage), Decimal(0))
            if not whole and sick > cap:
                out.sick_capped = fen(sick)
                sick = cap
                out.notes.append(
                    f"病假扣款按日计为{out.sick_capped}元，超过病假满月的扣款，"
                    f"按{fen(cap)}元扣（保留当地最低工资的80%）"
                )
    if out.personal is not None:
        out.personal = fen(personal)
    if out.sick is not None:
        out.sick = fen(sick)
