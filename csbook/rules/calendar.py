"""D01: mainland China's working-day calendar.

Statutory holidays and the weekends made working days (调休) come from the `holidays`
library; the workbook's 节假日 sheet overrides it day by day. The library extends the fixed
holidays into any year, but knows a year's 调休 arrangement only once the State Council has
published it, so a year without a published arrangement is refused, not guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from .findings import Finding, finding

if TYPE_CHECKING:
    from holidays import HolidayBase


class UnknownYear(LookupError):
    """A date in a year neither the library nor the 节假日 sheet covers."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def _china(year: int) -> HolidayBase:
    import holidays  # on first use, which `warm` can make while a workbook is being read

    return holidays.China(years=year)


def warm(year: int) -> None:
    """Load the library's calendar of `year` before it is first asked (from a thread, while
    a workbook is read: the library takes about a tenth of a second to load). A failure
    here is met again, and reported, where the year is used."""
    try:
        _library_year(year)
    except Exception:  # see above
        return


def loaded(year: int) -> bool:
    """Whether the library's calendar of `year` is loaded already (`warm` has nothing to do:
    a thread started for it would only take turns with the reading)."""
    return year in _LOADED


_LOADED: set[int] = set()


@cache
def _library_year(year: int) -> tuple[frozenset[date], frozenset[date]] | None:
    """(rest days on weekdays, working weekend days) of one year, or None if unpublished."""
    cn = _china(year)
    _LOADED.add(year)
    workdays = frozenset(d for d in cn.weekend_workdays if d.year == year)
    if not workdays:
        return None
    return frozenset(d for d in cn if d.year == year), workdays


def d01_partial(overrides: Mapping[date, bool], sheet: str) -> list[Finding]:
    """D01 (warning): each year the 节假日 sheet has begun whose arrangement the library has
    not published. Such a year counts as known (its rows are not refused), but only the days
    typed and the statutory holidays rest in it: the rest of its 调休 is missing, said once."""
    typed = Counter(day.year for day in overrides)
    return [
        finding("D01.partial", sheet, 0, "", year=year, count=count)
        for year, count in sorted(typed.items())
        if _library_year(year) is None
    ]


@cache
def _statutory(year: int) -> frozenset[date]:
    return frozenset(d for d in _china(year) if d.year == year)


class WorkCalendar:
    """Working days: Monday–Friday, minus holidays, plus 调休 working weekends.

    `overrides` maps a date to True (班, a working day) or False (休, a rest day); a year
    that has any override counts as known even if the library has not published it.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._override_years = {d.year for d in self._overrides}
        self._memo: dict[date, bool] = {}

    def knows(self, year: int) -> bool:
        return year in self._override_years or _library_year(year) is not None

    def is_working_day(self, day: date) -> bool:
        found = self._memo.get(day)
        if found is None:
            found = self._memo[day] = self._compute(day)
        return found

    def _compute(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        published = _library_year(day.year)
        if published is None:
            if day.year not in self._override_years:
                raise UnknownYear(day.year)
            # a year the sheet has begun to fill: the library's statutory days still rest
            # (its dates are computed for any year); the sheet adds the 调休 and corrections
            return day.weekday() < 5 and day not in _statutory(day.year)
        rest, work = published
        if day in work:
            return True
        return day.weekday() < 5 and day not in rest

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (before it, for a negative n)."""
        step = timedelta(days=1 if n >= 0 else -1)
        for _ in range(abs(n)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included (0 when last < first)."""
        return sum(
            self.is_working_day(first + timedelta(days=i)) for i in range((last - first).days + 1)
        )
