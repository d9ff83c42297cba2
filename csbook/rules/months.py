"""Calendar months: a month is the `date` of its first day. Pure helpers every rule and face
uses to name, step through and bound a month."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from .deadlines import last_second


def month_start(day: date) -> date:
    """The first day of `day`'s month (a month is named by it)."""
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after `month`'s (before it when negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def days_in_month(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_span(month: date) -> tuple[date, date]:
    """The month's first and last day."""
    first = month_start(month)
    return first, first.replace(day=days_in_month(first))


def month_end(month: date) -> datetime:
    """The last moment of the month (23:59:59)."""
    return last_second(month_span(month)[1])


def month_label(month: date) -> str:
    return f"{month.year}年{month.month}月"
