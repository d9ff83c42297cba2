"""Reporting periods (SPEC §4): an ISO week, a month, a quarter or a year — the span every
summary figure is counted over, its name as staff read it, and how a monthly target scales
to it. Pure: no clock, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property

from .deadlines import last_second
from .months import add_months, days_in_month, month_label, month_start


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


# what a summary of each kind is called (its workbook's and 总览's title)
SUMMARY_NAMES = {
    PeriodKind.WEEK: "周汇总",
    PeriodKind.MONTH: "月度汇总",
    PeriodKind.QUARTER: "季度汇总",
    PeriodKind.YEAR: "年度汇总",
}
# how a period is referred to in running text: 本周、本月 ...
THIS = {
    PeriodKind.WEEK: "本周",
    PeriodKind.MONTH: "本月",
    PeriodKind.QUARTER: "本季度",
    PeriodKind.YEAR: "本年",
}

_WEEK = re.compile(r"^(\d{4})\s*-?\s*W(\d{1,2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_FORMS = {
    PeriodKind.WEEK: (_WEEK, "周应写成 2026-W48"),
    PeriodKind.QUARTER: (_QUARTER, "季度应写成 2026-Q4"),
    PeriodKind.YEAR: (_YEAR, "年份应写成 2026"),
}


class PeriodError(ValueError):
    """A period written in a way that cannot be read (the message is Chinese)."""


@dataclass(frozen=True)
class Period:
    """A span of whole days, `first` to `last`, of one kind."""

    kind: PeriodKind
    first: date
    last: date

    # -- making one -----------------------------------------------------------------------

    @classmethod
    def month(cls, day: date) -> Period:
        first = month_start(day)
        return cls(PeriodKind.MONTH, first, add_months(first, 1) - timedelta(days=1))

    @classmethod
    def week(cls, year: int, week: int) -> Period:
        """ISO week `week` of ISO year `year`: Monday to Sunday (it may span two months or
        two years: it is one week all the same)."""
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise PeriodError(f"{year} 年没有第 {week} 周") from None
        return cls(PeriodKind.WEEK, monday, monday + timedelta(days=6))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"季度应为 1 到 4：{quarter}")
        first = date(year, 3 * quarter - 2, 1)
        return cls(PeriodKind.QUARTER, first, add_months(first, 3) - timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, kind: PeriodKind, text: str) -> Period:
        """A week `2026-W48` (`2026W48`, `2026-w48`), a quarter `2026-Q4` (`2026q4`) or a
        year `2026` (`2026年`). A month is read as a month cell is (`values.parse_month`)."""
        pattern, example = _FORMS[kind]
        m = pattern.match(text.strip())
        if m is None:
            raise PeriodError(f"{example}：{text}")
        if kind is PeriodKind.WEEK:
            return cls.week(int(m[1]), int(m[2]))
        if kind is PeriodKind.QUARTER:
            return cls.quarter(int(m[1]), int(m[2]))
        return cls.year(int(m[1]))

    # -- what it covers ---------------------------------------------------------------------

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def end(self) -> datetime:
        """The period's last moment (23:59:59 of its last day)."""
        return last_second(self.last)

    @cached_property
    def months(self) -> list[date]:
        """The first day of every month the period touches, in order (a week: one or two)."""
        out = [month_start(self.first)]
        while add_months(out[-1], 1) <= self.last:
            out.append(add_months(out[-1], 1))
        return out

    @property
    def opinion_days(self) -> tuple[date, date]:
        """The days V04 counts a year's 意见征求 over: 1 January of the period's year to its
        last day. A week's year is its ISO week-year — the year of its Thursday, where most
        of its days lie — as staff read `2026-W53`: that week (2026-12-28..2027-01-03) is
        2026's last, its list 2026's (to 12-31), not 2027's three days."""
        year = (self.first + timedelta(days=3)).year if self.kind is PeriodKind.WEEK else None
        if year is None or year == self.last.year:
            return date(self.last.year, 1, 1), self.last
        return date(year, 1, 1), date(year, 12, 31)

    @property
    def month_share(self) -> float:
        """How many months' worth the period is: whole months count 1 each; a week counts
        each of its days as 1/(days of that day's month), so 7 days of October are 7/31."""
        if self.kind is not PeriodKind.WEEK:
            return float(len(self.months))
        return sum(1 / days_in_month(self.first + timedelta(days=i)) for i in range(7))

    def scaled_target(self, per_month: float) -> float | int:
        """A monthly target scaled to the period: × months, or pro rata by days for a week
        (to one decimal; a whole number stays whole)."""
        value = round(per_month * self.month_share, 1)
        return int(value) if value == int(value) else value

    def target_text(self, per_month: float, unit: str = "次", note: str = "") -> str:
        """The target as the target cell says it, with what its unit counts (`note`) and how
        it was scaled."""
        scaled = self.scaled_target(per_month)
        said = f"{note}；" if note else ""
        if self.kind is PeriodKind.MONTH:
            return f"每人每月 {per_month} {unit}" + (f"（{note}）" if note else "")
        if self.kind is PeriodKind.WEEK:
            return f"每人本周 {scaled} {unit}（{said}每月 {per_month} {unit}按天折算）"
        return f"每人 {scaled} {unit}（{said}每月 {per_month} {unit} × {len(self.months)} 个月）"

    # -- names ------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """2026年第48周（11月23日—11月29日） · 2026年10月 · 2026年第4季度 · 2026年"""
        return self._names()[0]

    @property
    def code(self) -> str:
        """As typed on the command line: 2026-W48, 2026-11, 2026-Q4, 2026."""
        return self._names()[1]

    def _names(self) -> tuple[str, str]:
        """(label, code)."""
        first, year = self.first, self.first.year
        if self.kind is PeriodKind.WEEK:
            iso_year, week, _ = first.isocalendar()
            days = f"{first.month}月{first.day}日—{self.last.month}月{self.last.day}日"
            return f"{iso_year}年第{week}周（{days}）", f"{iso_year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return month_label(first), f"{first:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            quarter = (first.month + 2) // 3
            return f"{year}年第{quarter}季度", f"{year}-Q{quarter}"
        return f"{year}年", f"{year}"

    @property
    def summary_name(self) -> str:
        return SUMMARY_NAMES[self.kind]

    @property
    def this(self) -> str:
        """本周 / 本月 / 本季度 / 本年"""
        return THIS[self.kind]

    @property
    def span_text(self) -> str:
        return f"{self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d}"
