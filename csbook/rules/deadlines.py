"""D02–D05: due moments and the statuses measured against them.

A moment is a `datetime`, or a `date` when only the day was typed ("some time that day").
A due moment at the end of a day (24:00) is the next day's 00:00, which compares correctly.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from .calendar import WorkCalendar

Moment = datetime | date
NOON = time(12)


class HalfDay(date):
    """A day typed with 上午 or 下午 but no time (`2026-11-04 下午`): a day alone that is
    known to lie before noon (`afternoon` False) or after it. Days reckoned from it (`+`,
    `replace`: `date` builds them with this class) know no half: `afternoon` None."""

    afternoon: bool | None = None  # also for a copy `replace` makes without `__new__`

    def __new__(cls, year: int, month: int, day: int, afternoon: bool | None = None) -> HalfDay:
        self = super().__new__(cls, year, month, day)
        self.afternoon = afternoon
        return self

    @classmethod
    def of(cls, day: date, afternoon: bool) -> HalfDay:
        return cls(day.year, day.month, day.day, afternoon)

    def __reduce__(self) -> tuple[type[HalfDay], tuple[int, int, int, bool | None]]:
        return HalfDay, (self.year, self.month, self.day, self.afternoon)  # to worker processes


class ReplyStatus(StrEnum):
    ON_TIME = "按时"
    LATE = "超时"
    PENDING = "待回复"
    OVERDUE = "已超期未回复"


def start_of(moment: Moment) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time())


def end_of_day(day: date) -> datetime:
    """24:00 of `day`."""
    return datetime.combine(day + timedelta(days=1), time())


def last_second(day: date) -> datetime:
    """23:59:59 of `day`: a day's end as people write it (`--as-of 2026-11-30`, a month's
    end) rather than the next day's 00:00."""
    return end_of_day(day) - timedelta(seconds=1)


def reply_due(received: Moment, rule: str, calendar: WorkCalendar) -> datetime:
    """D02. `1 working day`: the same clock time on the next working day when received on a
    working day; the end of the first working day after it when received on a rest day (or
    when only the day is known). `24 hours`: plain clock time."""
    if rule == "24 hours":
        if isinstance(received, datetime):
            return received + timedelta(hours=24)
        return end_of_day(received + timedelta(days=1))
    if isinstance(received, datetime) and calendar.is_working_day(received.date()):
        return datetime.combine(calendar.next_working_day(received.date()), received.time())
    return end_of_day(calendar.next_working_day(day_of(received)))


def followup_due(resolved: Moment, days: int) -> datetime:
    """D04: `days` calendar days after the resolution date, end of that day."""
    return end_of_day(day_of(resolved) + timedelta(days=days))


def status(done: Moment | None, due: datetime, as_of: datetime) -> ReplyStatus | None:
    """D03 (and D04 with the same four outcomes). A done moment known only by its day is on
    time on a day before the due moment's day, late on a day after it, and on the due day
    itself unknown (None) — unless the due moment is that day's end (24:00), or the half of
    the day typed (`HalfDay`) lies wholly before or after the due moment."""
    if isinstance(done, datetime):
        return ReplyStatus.ON_TIME if done <= due else ReplyStatus.LATE
    if done is not None:
        if done == due.date() and due.time() != time():
            half = done.afternoon if isinstance(done, HalfDay) else None
            if half is True and due.time() <= NOON:
                return ReplyStatus.LATE
            if half is False and due.time() >= NOON:
                return ReplyStatus.ON_TIME
            return None  # 11-04 for a reply due 11-04 10:00: before or after, not said
        # the day's start strictly before the due moment: a due moment of 24:00 (the next
        # day's 00:00) does not make that next day on time
        return ReplyStatus.ON_TIME if start_of(done) < due else ReplyStatus.LATE
    return ReplyStatus.PENDING if as_of <= due else ReplyStatus.OVERDUE


def before(later: Moment, earlier: Moment) -> bool:
    """True when `later` is certainly before `earlier`; day-only values compare by day."""
    if isinstance(later, datetime) and isinstance(earlier, datetime):
        return later < earlier
    return day_of(later) < day_of(earlier)


def day_of(moment: Moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def show(moment: datetime) -> str:
    """A due moment as staff read it: the end of a day is 24:00 of that day."""
    if moment.time() == time():
        return f"{moment - timedelta(days=1):%Y-%m-%d} 24:00"
    return f"{moment:%Y-%m-%d %H:%M}"


def cell_moment(moment: datetime) -> datetime:
    """A due moment as a cell shows it: 24:00 is written as 23:59:59 of the same day, since
    a cell cannot show 24:00 and 00:00 of the next day reads as a day late."""
    return moment - timedelta(seconds=1) if moment.time() == time() else moment
