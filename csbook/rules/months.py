"""Calendar months: a month is the `date` of its first day. Pure helpers every rule and face
uses to name, step through and bound a month."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date


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


def month_label(month: date) -> str:
    return f"{month.year}年{month.month}月"


_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_MONTHS |= {"十": 10, "十一": 11, "十二": 12, "元": 1}
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d{2})\s*(?:[-_./年]\s*(\d{1,2})|(\d{2}))(?!\d{3})")
# a year-less month lies within [near - 305 days, near + 60 days], as a year-less date does
_YEARLESS_AHEAD, _YEARLESS_BACK = 60, 305
_MONTH_ONLY = re.compile(r"(?<!\d)(\d{1,2}|十[一二]?|[一二三四五六七八九元])\s*月")


def _nearest_year(month: int, near: date) -> date:
    first = date(near.year, month, 1)
    if (first - near).days > _YEARLESS_AHEAD:
        return first.replace(year=near.year - 1)
    if (near - first).days > _YEARLESS_BACK:
        return first.replace(year=near.year + 1)
    return first


def months_named(text: str, near: date) -> set[date]:
    """The months a file name or mail subject names: 2026-11, 2026年11月, 202611, 20261130,
    11月, 十一月份. A month without a year is read as a year-less date is (SPEC §1.0,
    csbook/io/values.py): in `near`'s year, the year before when its first day would lie more
    than 60 days after `near`, the year after when more than 305 days before it - so 11月 in a
    mail of 10-31 is the coming November, 12月 in one of 01-02 the December just ended."""
    text = unicodedata.normalize("NFKC", text)
    found: set[date] = set()
    for m in _YEAR_MONTH.finditer(text):
        month = int(m[2] or m[3])
        if 1 <= month <= 12:
            found.add(date(int(m[1]), month, 1))
    for m in _MONTH_ONLY.finditer(_YEAR_MONTH.sub(" ", text)):
        month = int(m[1]) if m[1].isdigit() else _CN_MONTHS[m[1]]
        if 1 <= month <= 12:
            found.add(_nearest_year(month, near))
    return found
