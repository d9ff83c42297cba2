"""Normalising what staff type (SPEC §1): every shape of date, time, number and yes/no.

A blank marker (`/`, `无`, `N/A` ..., SPEC §1.0) is an empty cell (`is_blank`), in every column.

Each parser takes one raw cell value (as python-calamine or openpyxl returns it) and gives
the normalised value, or raises `Unreadable`. Nothing here rejects a value for its format
alone when a person would read it the same way; a value no person could read the same way
twice (`2026-11-0345`, `1,2,3`) is `Unreadable` rather than guessed at. No parser raises
anything but `Unreadable` or `ErrorValue` (both `ValueError`s), whatever it is given.

Decisions a reader may not expect:

* Dates (typed, serial or real Excel dates) must fall in 1990..2100; outside is a typo.
  An integer number 19900101..21001231 in a date cell is read as YYYYMMDD, not a serial.
* `11月3日` (no year) is in the reference date's year, or the year before when that would
  put it more than 60 days after the reference date (SPEC §1), or - beyond SPEC - the year
  after when it would be more than 305 days before it (`1月5日` read on 12-20 is the coming
  January). The result always lies in [ref - 305 days, ref + 60 days]. `2月29日` takes the
  leap year in that window; when there is none it is `Unreadable`, not a date years away.
* A two-digit year is 20yy, or 19yy from 90 on. With `年` (`26年11月3日`) it is the year. Three
  numbers without it (`26.11.3`, `11/03/26`) may be year/month/day, as mainland offices write,
  or month/day/year and day/month/year, as exported from US or European systems: the reading
  nearest the reference date is taken when it lies within a year of it; `doubt` names the
  others that do too, and the year-first one however far; when none lies that near the value
  is `Unreadable` (write the year in full).
  Unlike a four-digit year last (below), nearness rather than month-first decides.
* A year last (`11/03/2026`, as US-locale systems export dates) is read month first, the
  order of `11/03` = 11月3日 and of every Chinese date; day first only when the first number
  cannot be a month (`25/11/2026`). When both orders give a date, `doubt` says so (a warning
  naming both readings): never a quiet guess.
* Times: `14:30`, `14.30`, `14点30分`, `14点半`, `0830`/`830`, `下午2点30`, `2:30 PM`. A bare
  hour (`14`) is not a time. A number 1..24 with decimals in a General cell reads as the same
  text does (23.45 is 23:45); one decimal (8.3, what Excel keeps of a typed 8.30) is read as
  8:30 and `doubt` says so. 凌晨12点 / 12 AM / 晚上12点 / 24:00 are midnight, and so is
  上午12点: `上午12:30` is how zh-CN Windows and Excel (`上午/下午h:mm`) write 00:30, but people
  also say 上午12点 for noon, so `doubt` says how it was read. 中午12点 / 下午12点 are noon.
* An Excel serial typed as text (`46329.625`, pasted from another system) is read as the
  number is: with its time in a date-time or time column, as its day in a date column.
* A weekday typed with a date (`2026-11-05（星期五）`) is not read; when it contradicts the
  date, `doubt` says so (one of the two is a typo).
  A text after a date that is neither a time nor a part of the day (`下午`) is `Unreadable`.
* Counts and amounts are never negative; amounts take `,` only as a thousands separator,
  `万` as ten thousand, and at most 15 integer digits.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..rules.deadlines import HalfDay
from ..rules.months import month_start
from ..rules.text import ACT_DENIALS, CONSENT_WORDS, blank_marker, names_split, squeeze

EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_ERRORS = frozenset(
    {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
# the years a typed date may plausibly carry; outside is a typo, not a date
MIN_YEAR, MAX_YEAR = 1990, 2100
INFER_YEAR_WINDOW = timedelta(days=60)
SHORT_YEAR_WINDOW = timedelta(days=366)  # a two-digit year's reading lies this near ref
_INFER_YEAR_BACK = timedelta(days=305)  # a year less the forward window
_FIRST_SERIAL = (date(MIN_YEAR, 1, 1) - EXCEL_EPOCH.date()).days
_END_SERIAL = (date(MAX_YEAR + 1, 1, 1) - EXCEL_EPOCH.date()).days  # exclusive
_FIRST_YMD, _LAST_YMD = MIN_YEAR * 10000 + 101, MAX_YEAR * 10000 + 1231

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters pasted from chats
_TEXT_OPENING = _INVISIBLE + "#"  # what a text opening with is looked at closer
_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_WEEKDAY = re.compile(r"(星期|周|礼拜)[一二三四五六日天]")
# a weekday as typed beside a date (after NFKC): 星期五, 周四, 礼拜天, or one in brackets, (二)
_TYPED_WEEKDAY = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])|\(([一二三四五六日天])\)")
_WEEKDAYS = "一二三四五六日"
_YMD = re.compile(
    r"^(\d{4}|\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号號]?\s*[Tt]?\s*(.*)$"
)
# a year last (11/03/2026): read month first, as 11/03 is 11月3日, unless the first number
# cannot be a month (25/11/2026); `doubt` says when the other order is also a date
_MDY = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)\s*(.*)$")
# three short numbers (26.11.3, 11/03/26): a two-digit year first or last, read by nearness
_SHORT_YEAR = re.compile(
    r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)\s*[日号號]?\s*[Tt]?\s*(.*)$"
)
# the orders three short numbers may be in, as staff are told them
_SHORT_ORDERS: tuple[tuple[str, str], ...] = (
    ("年/月/日", "year/month/day"),
    ("月/日/年", "month/day/year"),
    ("日/月/年", "day/month/year"),
)
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?!\d)\s*[Tt]?\s*(.*)$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号號]?\s*(.*)$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?!\d)\s*月?份?$")
_YM_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_M = re.compile(r"^(\d{1,2})\s*月份?$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")

_AM_WORDS = frozenset({"上午", "早上", "早晨", "清晨", "AM"})
_PM_WORDS = frozenset({"下午", "傍晚", "PM"})
_NIGHT_WORDS = frozenset({"晚上", "夜里", "夜间", "半夜"})  # 晚上8点 = 20:00, 夜里2点 = 2:00
# 12 in the morning is midnight: `上午12:30` is 00:30 (zh-CN `上午/下午h:mm`), as `12:30 AM`
_MIDNIGHT_AT_12 = _AM_WORDS | {"凌晨"}
_DAY_PARTS = _AM_WORDS | _PM_WORDS | _NIGHT_WORDS | {"凌晨", "中午", "白天", "全天"}
_TIME = re.compile(
    r"^(上午|早上|早晨|清晨|凌晨|中午|下午|傍晚|晚上|夜里|夜间|半夜|AM|PM)?\s*(\d{1,2})\s*"
    r"(?:([:时時点點]|\.(?=\d{2}(?!\d)))钟?\s*(?:(\d{1,2})|(半))?\s*分?"
    r"(?:\s*:\s*(\d{1,2})|\s*(\d{1,2})\s*秒)?)?"
    r"\s*(AM|PM|A\.M\.|P\.M\.)?$",
    re.IGNORECASE,
)
_TIME_COMPACT = re.compile(r"^(\d{1,2})(\d{2})$")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_TENS = re.compile(r"^([一二三四五六七八九两])?十([一二三四五六七八九])?$")
_INT = re.compile(r"^([-+])?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?$")
_INT_UNITS = re.compile(r"\s*(次|遍|通|天|日|个|件|项|条|起|例|单|份|人|位|名|元|块|分钟|小时)$")
_MONEY = re.compile(
    r"^(?:人民币|RMB|CNY|¥)?\s*([-+])?\s*(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)"
    r"\s*(万)?\s*(?:元|块钱?|圆)?整?$",
    re.IGNORECASE,
)
MAX_MONEY_DIGITS = 15

TRUE_WORDS = frozenset(
    {"是", "y", "yes", "true", "1", "✓", "✔", "√", "☑", "✅", "对", "有", "是的", "t"}
)
FALSE_WORDS = frozenset(
    {"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "☒", "❌", "无", "不是", "没有", "不", "f"}
)


_ENGLISH = {
    "没有这一天": "no such day",
    "不是日期": "not a date",
    "没写年份的2月29日，附近没有闰年": "29 February without a year, and no leap year near",
    "无法识别的日期": "not a date",
    "时间超出范围": "no such time of day",
    "无法识别的时间": "not a time",
    "时间前后矛盾": "the time contradicts itself",
    "缺少时刻": "the time of day is missing",
    "无法识别的日期时间": "not a date and time",
    "不是整数": "not a whole number",
    "不能为负数": "cannot be negative",
    "不是金额": "not an amount",
    "金额过大": "amount too large",
    "应填 是 或 否": "expected yes or no",
}


def is_blank(value: Any, markers: bool = True) -> bool:
    """An empty cell: nothing, only spaces, or (`markers`) a blank marker (`/`, `／`, `无`,
    `N/A` ...)."""
    if value.__class__ is not str:
        return value is None
    text = value.strip()
    if not markers:
        return not text.strip(_INVISIBLE)
    if len(text) > _LONGEST_MARKER:  # only zero-width padding could make it a marker
        text = text.strip(_INVISIBLE).strip()
        if len(text) > _LONGEST_MARKER:
            return False
    return blank_marker(text.strip(_INVISIBLE))


# a text longer than this once stripped is no blank marker (`is_blank`)
_LONGEST_MARKER = 6


def plain_texts(cells: Iterable[Any]) -> dict[str, str]:
    """Of `cells`, the texts that are plainly text, each as `clean_text` gives it: longer than
    any blank marker once stripped, no zero-width character at either end, no `#` opening it
    (an error value). `is_blank` and `clean_text` decide the same for them; this decides it
    without two calls per value, for a column of 100,000 distinct phone numbers."""
    found = {}
    for value in cells:
        if value.__class__ is str:
            text = value.strip()
            if (
                len(text) > _LONGEST_MARKER
                and text[0] not in _TEXT_OPENING
                and text[-1] not in _INVISIBLE
            ):
                found[value] = text
    return found


class Unreadable(ValueError):
    """A value no known shape matches; the message (Chinese) says what was expected, and
    `en` says it in English."""

    def __init__(self, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.en = en if en is not None else _ENGLISH.get(message, message)


class ErrorValue(ValueError):
    """An Excel error value (`#REF!` ...) or a formula with no cached value."""


def clean_text(value: Any) -> str | None:
    """A text cell as typed, without surrounding spaces (full-width ones included)."""
    if value is None:
        return None
    if value.__class__ is str:  # the common case, without the general path's steps
        text = value.strip()
        if text and text[0] not in _INVISIBLE and text[-1] not in _INVISIBLE:
            if text[0] == "#" and text.upper() in EXCEL_ERRORS:
                raise ErrorValue(text)
            return text
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers and IDs typed into number cells
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    try:
        text = str(value).strip().strip(_INVISIBLE).strip()
    except ValueError:  # an int past Python's 4300-digit str() limit
        raise Unreadable("数字过长", "number too long") from None
    if text.upper() in EXCEL_ERRORS:
        raise ErrorValue(text)
    return text or None


def _prepare(value: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII), no invisible characters, no
    surrounding spaces, no weekday (`周二`) and nothing in brackets (`（周二）`)."""
    text = unicodedata.normalize("NFKC", value).strip().strip(_INVISIBLE).strip()
    if text[:1] == "#" and text.upper() in EXCEL_ERRORS:
        raise ErrorValue(text)
    if not text.isascii():
        text = _WEEKDAY.sub(" ", text)
    if "(" in text or "[" in text or "【" in text:
        text = _BRACKETED.sub(" ", text).strip()
    return text.strip()


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Unreadable(f"年份{year}不合理", f"the year {year} is implausible")


def _make_date(year: int, month: int, day: int) -> date:
    _check_year(year)
    try:
        return date(year, month, day)
    except ValueError:
        raise Unreadable("没有这一天") from None


def _serial_to_datetime(number: float) -> datetime:
    """An Excel serial, rounded to the second (float noise), within MIN_YEAR..MAX_YEAR."""
    if not _FIRST_SERIAL <= number < _END_SERIAL:  # also false for nan
        raise Unreadable("不是日期")
    return EXCEL_EPOCH + timedelta(seconds=round(number * 86400))


def _number_to_datetime(number: float) -> datetime:
    """A number in a date cell: an Excel serial, or 20261103 typed into a General cell."""
    if _FIRST_YMD <= number <= _LAST_YMD and number.is_integer():
        n = int(number)
        return datetime.combine(_make_date(n // 10000, n // 100 % 100, n % 100), time())
    return _serial_to_datetime(number)


def _infer_year(month: int, day: int, ref: date) -> date:
    """`11月3日`: the reference date's year, or the year before when that would put the date
    more than 60 days after the reference date (a December entry read in January), or the
    year after when it would be more than 305 days before it (a January entry read in late
    December). Always within [ref - 305 days, ref + 60 days]."""
    try:
        found = date(ref.year, month, day)
    except ValueError:
        if (month, day) != (2, 29):
            raise Unreadable("没有这一天") from None
        for year in (ref.year - 1, ref.year + 1):
            if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
                found = date(year, 2, 29)
                if -_INFER_YEAR_BACK <= found - ref <= INFER_YEAR_WINDOW:
                    _check_year(year)
                    return found
        raise Unreadable("没写年份的2月29日，附近没有闰年") from None
    year = ref.year
    if found - ref > INFER_YEAR_WINDOW:
        year -= 1
    elif ref - found > _INFER_YEAR_BACK:
        year += 1
    if year != ref.year:
        try:
            found = date(year, month, day)
        except ValueError:  # 2月29日 in a leap year, a year away
            raise Unreadable("没写年份的2月29日，附近没有闰年") from None
    _check_year(year)
    return found


def _full_year(two_digits: int) -> int:
    return two_digits + (1900 if two_digits >= 90 else 2000)


def _short_year_readings(m: re.Match[str]) -> dict[date, int]:
    """Every date three short numbers can be (`_SHORT_YEAR`), each with the index of its
    order in `_SHORT_ORDERS` (the first order giving it)."""
    a, b, c = int(m[1]), int(m[2]), int(m[3])
    found: dict[date, int] = {}
    orders = ((_full_year(a), b, c), (_full_year(c), a, b), (_full_year(c), b, a))
    for order, (year, month, day) in enumerate(orders):
        with contextlib.suppress(ValueError):
            found.setdefault(date(year, month, day), order)
    return found


def _near_readings(m: re.Match[str], ref: date) -> list[tuple[date, int]]:
    """The readings of three short numbers within `SHORT_YEAR_WINDOW` of ref, nearest first
    (year first on a tie); `Unreadable` naming them all when none is that near."""
    found = _short_year_readings(m)
    near = sorted(
        ((day, order) for day, order in found.items() if abs(day - ref) <= SHORT_YEAR_WINDOW),
        key=lambda reading: (abs(reading[0] - ref), reading[1]),
    )
    if near:
        return near
    if not found:
        raise Unreadable("没有这一天")
    zh = "、".join(f"{day}（{_SHORT_ORDERS[o][0]}）" for day, o in found.items())
    en = ", ".join(f"{day} ({_SHORT_ORDERS[o][1]})" for day, o in found.items())
    raise Unreadable(
        f"两位年份，可读作{zh}，都离参照日期 {ref} 一年以上，看不出是哪个；请写四位年份",
        f"a two-digit year: {en}, each more than a year from the reference date {ref}, "
        "so none is clearly meant; write the year in full",
    )


def why_other_year(day: date, ref: date) -> tuple[str, str]:
    """Why `_infer_year` put a day typed without a year outside ref's year, in Chinese and
    English: staff are told, as it surprises."""
    try:
        same = day.replace(year=ref.year)
    except ValueError:
        return f"{ref.year}年没有2月29日", f"{ref.year} has no 29 February"
    if same > ref:
        days = INFER_YEAR_WINDOW.days
        return (
            f"按{ref.year}年读将晚于参照日期 {ref} {days}天以上",
            f"in {ref.year} it would lie more than {days} days after the reference date {ref}",
        )
    days = _INFER_YEAR_BACK.days
    return (
        f"按{ref.year}年读将早于参照日期 {ref} {days}天以上",
        f"in {ref.year} it would lie more than {days} days before the reference date {ref}",
    )


def _number(value: Any) -> float | None:
    if isinstance(value, float):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value) if abs(value) < 10**300 else float("inf")  # no OverflowError
    return None


# Excel for Mac's 1904 date system counts days from 1904-01-01, day 1,462 of the 1900 system
# every reading here assumes
DAYS_1904 = 1462


def from_1904(value: Any) -> Any:
    """A cell of a date, time or month column of a 1904 workbook, its serial (a number, or a
    number typed as text) as the same moment's 1900 serial. Only a serial of a plausible year
    moves: a time of day (a fraction), 1430 typed for 14:30 and 20261103 are the same in both."""
    if value.__class__ is str:
        text = value.strip()
        if not _SERIAL.match(text):
            return value
        number = float(text)
    elif value.__class__ in (int, float):
        number = value
    else:
        return value
    if _FIRST_SERIAL <= number + DAYS_1904 < _END_SERIAL:
        return number + DAYS_1904
    return value


def _serial_text(text: str) -> datetime | None:
    """An Excel serial typed as text (`46329.625`, pasted from another system's date-time
    column): the moment the number is. Only a serial of a plausible year: `8.30` is 8月30日."""
    if _SERIAL.match(text) and _FIRST_SERIAL <= float(text) < _END_SERIAL:
        return _serial_to_datetime(float(text))
    return None


def _split_date_text(text: str, ref: date) -> tuple[date, str]:
    """The date part of a typed date or date-time, and what follows it."""
    if m := _SHORT_YEAR.match(text):
        return _near_readings(m, ref)[0][0], m[4].strip()
    if m := _YMD.match(text):
        year = int(m[1])
        if len(m[1]) == 2:
            year += 1900 if year >= 90 else 2000
        return _make_date(year, int(m[2]), int(m[3])), m[4].strip()
    if m := _YMD_COMPACT.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3])), m[4].strip()
    if m := _MDY.match(text):
        first, second = int(m[1]), int(m[2])
        month, day = (second, first) if first > 12 else (first, second)
        return _make_date(int(m[3]), month, day), m[4].strip()
    if m := _MD.match(text):
        return _infer_year(int(m[1]), int(m[2]), ref), m[3].strip()
    if _SERIAL.match(text):
        return _number_to_datetime(float(text)).date(), ""
    raise Unreadable("无法识别的日期")


def _time_after_date(rest: str) -> time | None:
    """What follows a typed date: nothing, a part of the day (no time), or a time."""
    if not rest or rest.upper() in _DAY_PARTS:
        return None
    return _time_from_text(rest)


def _check_date(day: date) -> date:
    _check_year(day.year)
    return day


def parse_date(value: Any, ref: date) -> date:
    if isinstance(value, datetime):
        return _check_date(value.date())
    if isinstance(value, date):
        return _check_date(value)
    if (number := _number(value)) is not None:
        return _number_to_datetime(number).date()
    if isinstance(value, str):
        day, rest = _split_date_text(_prepare(value), ref)
        _time_after_date(rest)  # a date-time is fine; a date with anything else is not
        return day
    raise Unreadable("无法识别的日期")


def parse_month(value: Any, ref: date) -> date:
    """A month (`2026-11`, `2026年11月`, `202611`, `11月`, or any date in it), as its first
    day; a bare month takes its year as `11月3日` does, from the first of ref's month."""
    if isinstance(value, str):
        text = _prepare(value)
        if m := _YM.match(text) or _YM_COMPACT.match(text):
            return _make_date(int(m[1]), int(m[2]), 1)
        if m := _M.match(text):
            return _infer_year(int(m[1]), 1, month_start(ref))
    return month_start(parse_date(value, ref))


def _clock(hour: int, minute: int, second: int = 0) -> time:
    if hour == 24 and minute == 0 and second == 0:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
        raise Unreadable("时间超出范围")
    return time(hour, minute, second)


def _time_from_text(text: str) -> time:
    if m := _TIME_COMPACT.match(text):
        return _clock(int(m[1]), int(m[2]))
    m = _TIME.match(text)
    if m is None or (m[3] is None and not (m[1] or m[8])):  # a bare `14` is not a time
        raise Unreadable("无法识别的时间")
    hour = int(m[2])
    minute = 30 if m[5] else int(m[4] or 0)
    second = int(m[6] or m[7] or 0)
    if m[1] or m[8]:
        hour = _meridiem_hour((m[1] or m[8]).upper().replace(".", ""), hour)
    return _clock(hour, minute, second)


def _meridiem_hour(meridiem: str, hour: int) -> int:
    """The 24-hour hour of `下午2点`, `2 PM`, `晚上8点`, `凌晨12点` ..."""
    if meridiem in _PM_WORDS:
        return hour + 12 if hour < 12 else hour
    if meridiem in _NIGHT_WORDS:
        return 0 if hour == 12 else hour + 12 if 5 <= hour < 12 else hour
    if meridiem == "中午":
        return hour + 12 if hour < 11 else hour
    if hour > 12:  # 上午14点 contradicts itself
        raise Unreadable("时间前后矛盾")
    return 0 if hour == 12 and meridiem in _MIDNIGHT_AT_12 else hour


def _round_time(value: time) -> time:
    """To the second; Excel times carry float noise (14:29:59.994)."""
    if value.microsecond < 500_000:
        return value.replace(microsecond=0, tzinfo=None)
    seconds = (value.hour * 3600 + value.minute * 60 + value.second + 1) % 86400
    return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)


def _whole_seconds(moment: datetime) -> datetime:
    """Excel stores times as fractions of a day; float noise becomes microseconds."""
    _check_year(moment.year)
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0, tzinfo=None)


def parse_time(value: Any, ref: date) -> time | datetime:
    """A time of day, or a full date-time when one was typed."""
    if isinstance(value, datetime):
        if value.date() == EXCEL_EPOCH.date():  # a time-only cell read as a date-time
            return _round_time(value.time())
        return _whole_seconds(value)
    if isinstance(value, time):
        return _round_time(value)
    if isinstance(value, timedelta):  # a [h]:mm cell
        seconds = round(value.total_seconds())
        if not 0 <= seconds <= 86400:
            raise Unreadable("时间超出范围")
        seconds %= 86400
        return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    if (number := _number(value)) is not None:
        if 0 <= number < 1:
            seconds = round(number * 86400) % 86400
            return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        if 100 <= number < 2400 and number.is_integer():  # 1430 typed into a General cell
            return _clock(int(number) // 100, int(number) % 100)
        if 1 <= number < 24 and not number.is_integer():  # 23.45 typed into a General cell
            return _dotted_time(number)
        return _whole_seconds(_serial_to_datetime(number))
    if isinstance(value, str):
        text = _prepare(value)
        try:
            return _time_from_text(text)
        except Unreadable as not_time:
            if (serial := _serial_text(text)) is not None:
                return serial
            try:
                day, rest = _split_date_text(text, ref)
            except Unreadable:
                raise not_time from None
            at = _time_after_date(rest)
            if at is None:
                raise Unreadable("缺少时刻") from None
            return datetime.combine(day, at)
    raise Unreadable("无法识别的时间")


def _dotted_time(number: float) -> time:
    """`23.45` typed into a General cell: 23:45, as the text "23.45" reads. Excel drops a
    trailing zero (8.30 is stored as 8.3): one decimal is read as tens of minutes, and
    `doubt` says so."""
    hours, _, decimals = f"{number:.10g}".partition(".")
    if len(decimals) > 2:
        raise Unreadable("无法识别的时间")
    return _clock(int(hours), int(decimals.ljust(2, "0")))


def doubt(value: Any, ref: date) -> tuple[str, str] | None:
    """When a value a date or time parser read (with `ref`) could also have meant something
    else: why, in Chinese and English (a warning, so that nothing is guessed quietly). None
    when the reading is the only one."""
    if isinstance(value, str):
        text = _prepare(value)
        found = [
            why
            for why in (
                _order_doubt(text, ref),
                _twelve_doubt(text, ref),
                _weekday_doubt(value, text, ref),
            )
            if why is not None
        ]
        if not found:
            return None
        return "；".join(zh for zh, _ in found), "; ".join(en for _, en in found)
    number = _number(value)
    if number is not None and 1 <= number < 24 and len(f"{number:.10g}".partition(".")[2]) == 1:
        shown = f"{number:.10g}"
        read = f"{int(number)}:{shown.partition('.')[2]}0"
        return (
            f"数字{shown}读作{read}；若不是，请写成 时:分",
            f"the number {shown} is read as {read}; if not, write hours:minutes",
        )
    return None


# a time zone after an ISO date-time (`2026-09-30T10:00:00+08:00`, `…Z`), as systems export
_OFFSET = re.compile(r"(?<=\d)(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
BEIJING_OFFSET = timedelta(hours=8)


def _offset(text: str) -> tuple[str, timedelta | None]:
    """The text without a trailing time zone, and the zone's offset where it is not Beijing
    time's (+08:00, which the registers keep: read as typed)."""
    m = _OFFSET.search(text) if ":" in text else None
    if m is None:
        return text, None
    zone = m[1].upper().replace(":", "")
    offset = (
        timedelta()
        if zone == "Z"
        else (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:]))
    )
    return text[: m.start()].rstrip(), None if offset == BEIJING_OFFSET else offset


def _offset_doubt(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str) or ":" not in value:
        return None
    text = _prepare(value)
    m = _OFFSET.search(text)
    if m is None or _offset(text)[1] is None:
        return None
    return (
        f"带时区（{m[1]}）的时间已换算为北京时间",
        f"a time with its zone ({m[1]}) was read in Beijing time",
    )


def moment_doubt(value: Any, ref: date) -> tuple[str, str] | None:
    """`doubt` for a date-time cell, and a part of the day typed without its time
    (`2026-11-04 下午`): the moment is read as its day alone, which says nothing of 上午
    or 下午 — a reply on the day it is due then has no status (D03.day_only); and a time in
    another zone than Beijing's, read in Beijing time."""
    found = [
        why
        for why in (doubt(value, ref), _day_part_doubt(value, ref), _offset_doubt(value))
        if why is not None
    ]
    if not found:
        return None
    return "；".join(zh for zh, _ in found), "; ".join(en for _, en in found)


def _day_part_doubt(value: Any, ref: date) -> tuple[str, str] | None:
    if not isinstance(value, str) or value.isascii():
        return None
    try:
        day, rest = _split_date_text(_prepare(value), ref)
    except Unreadable:
        return None
    if not rest or rest.upper() not in _DAY_PARTS:
        return None
    half = _half_day(day, rest)
    if isinstance(half, HalfDay):
        noon = ("中午12点以后", "after noon") if half.afternoon else ("中午12点以前", "before noon")
        return (
            f"只写了“{rest}”、没有时刻：按{day}{noon[0]}的某个时刻读取，期限也在当天时可能无法"
            f"判断是否按时；请写成具体时刻（如 {day} 15:00）",
            f"“{rest}” without a time: read as some time {noon[1]} on {day}, which may not tell"
            f" whether a deadline that day was met; write the time (e.g. {day} 15:00)",
        )
    return (
        f"只写了“{rest}”、没有时刻：按只有日期（{day}）读取，“{rest}”未计入；"
        f"请写成具体时刻（如 {day} 15:00）",
        f"“{rest}” without a time: read as the day alone ({day}), the part of the day not"
        f" used; write the time (e.g. {day} 15:00)",
    )


def name_doubt(value: Any, ref: date) -> tuple[str, str] | None:
    """`李娜 王芳` in a column naming staff: read as one padded name (李娜王芳, SPEC §1.0), yet
    each part is a name of two characters or more, as two people written with a space are:
    a warning naming both readings. `王 芳` (a padded two-character name) is silent."""
    if not isinstance(value, str) or not (" " in value or "\u3000" in value):
        return None
    for part in names_split(value):
        words = unicodedata.normalize("NFKC", part).split()
        if len(words) > 1 and all(len(w) > 1 and not w.isascii() for w in words):
            glued, listed = "".join(words), "、".join(words)
            return (
                f"读作一个人“{glued}”；若是{len(words)}个人，请写成“{listed}”",
                f"read as one person, {glued}; {len(words)} people are written {listed}",
            )
    return None


# An approval cell (批准人) holding a name and a word beside it: consent (`批准 周敏`, `周敏同意`),
# the column's own label (`批准人：周敏`) or a refusal (`不同意 周敏`). The word is taken off and
# said (R02.doubt); a refusal is no approval, read as a blank cell. Glued to the name only the
# words of two characters or more, never one a name may end with (李准, 陈好, 张行).
_APPROVAL_LABELS = frozenset(("批准人", "审批人", "审批", "签批", "批示"))
_GLUED_NOT = frozenset(("可以", "通过", "ok"))
_GLUED = sorted(
    (
        w
        for w in CONSENT_WORDS | _APPROVAL_LABELS | ACT_DENIALS
        if len(w) > 1 and w not in _GLUED_NOT
    ),
    key=len,
    reverse=True,
)
_APPROVAL_PARTS = re.compile(r"[\s:：,，、/()（）]+")
_A_NAME = re.compile(r"^(?:[\u4e00-\u9fff·]{2,5}|[a-z][a-z .'-]*[a-z])$", re.IGNORECASE)


def _approval_word(text: str) -> bool | None:
    """True for a word of consent or the column's label, False for a refusal, None else."""
    word = squeeze(text).rstrip("。.!！")
    if word in CONSENT_WORDS or word in _APPROVAL_LABELS:
        return True
    return False if word in ACT_DENIALS else None


def approver_word(value: Any) -> tuple[str | None, str] | None:
    """`批准 周敏`, `周敏同意`, `批准人：周敏`, `不同意 周敏` in an approval column: (the name, or
    None for a refusal; the word taken off). None when the cell is not a name and one word."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    parts = [p for p in _APPROVAL_PARTS.split(text) if p]
    pairs: list[tuple[str, str]] = []
    if len(parts) == 2:
        pairs = [(parts[0], parts[1]), (parts[1], parts[0])]
    elif len(parts) == 1:
        pairs = [(w, text[len(w) :]) for w in _GLUED if text.startswith(w)][:1]
        pairs += [(w, text[: -len(w)]) for w in _GLUED if text.endswith(w)][:1]
    for word, name in pairs:
        said = _approval_word(word)
        if said is not None and _A_NAME.match(name) and _approval_word(name) is None:
            return (name if said else None), word
    return None


def read_approver(value: Any, ref: date) -> str | None:
    """An approval cell's text: the name alone when a word stands beside it (`approver_word`);
    None when the word refuses."""
    text = clean_text(value)
    found = approver_word(text)
    return text if found is None else found[0]


def approver_doubt(value: Any, ref: date) -> tuple[str, str] | None:
    """What reading an approval cell chose: the word taken off a name; else as `name_doubt`."""
    found = approver_word(clean_text(value))
    if found is None:
        return name_doubt(value, ref)
    name, word = found
    if name is None:
        return (
            f"读作未批准（“{word}”），不算批准；若已批准，请只填写批准人姓名",
            f"read as not approved (“{word}”); if it was approved, type the approver's name alone",
        )
    return (
        f"读作批准人“{name}”：“{word}”不是人名、未计入；若不对，请只填写批准人姓名",
        f"read as approver {name}: “{word}” is not a name and is left out; if wrong, type the"
        " approver's name alone",
    )


def _order_doubt(text: str, ref: date) -> tuple[str, str] | None:
    """A date whose numbers may be in another order: `11/03/26`, `11/03/2026`."""
    if short := _SHORT_YEAR.match(text):
        return _short_year_doubt(short, ref)
    m = _MDY.match(text)
    if m is None or not (int(m[1]) <= 12 and int(m[2]) <= 12) or int(m[1]) == int(m[2]):
        return None
    read, other = (
        f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}",
        f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}",
    )
    return (
        f"读作{read}（月/日/年），也可能是{other}（日/月/年），请写成 年-月-日",
        f"read as {read} (month/day/year); it may be {other} (day/month/year): write year-month-day",
    )


def _typed_time(text: str, ref: date) -> re.Match[str] | None:
    """The time typed in a time or a date-time text, as `_TIME` matches it."""
    if m := _TIME.match(text):
        return m
    try:
        return _TIME.match(_split_date_text(text, ref)[1])
    except Unreadable:
        return None


def _twelve_doubt(text: str, ref: date) -> tuple[str, str] | None:
    """`上午12:30` and `12:30 AM` are read as 00:30 (Excel's and Windows' 12-hour clock), but
    people say 上午12点 for noon too."""
    if "12" not in text or (text.isascii() and "AM" not in text.upper()):
        return None  # most dates and times: no 12 in the morning
    m = _typed_time(text, ref)
    word = (m[1] or m[8] or "").upper().replace(".", "") if m else ""
    if m is None or int(m[2]) != 12 or word not in _MIDNIGHT_AT_12 or word == "凌晨":
        return None
    minute = 30 if m[5] else int(m[4] or 0)
    second = int(m[6] or m[7] or 0)
    clock = f"{minute:02d}:{second:02d}" if second else f"{minute:02d}"
    said = "12 AM" if word == "AM" else f"{word}12点"
    return (
        f"读作0:{clock}（{said}即半夜0点，同Excel“上午/下午”的12小时制）；"
        f"若指中午，请写成 12:{clock} 或 中午12点",
        f"read as 0:{clock} ({'12 AM' if word == 'AM' else word + ' 12'} is just after midnight, "
        f"as on Excel's 12-hour clock); if noon was meant, write 12:{clock}",
    )


def _weekday_doubt(value: str, text: str, ref: date) -> tuple[str, str] | None:
    """A weekday typed beside a date (`2026-11-05（星期五）`) that is not the date's: one of
    the two is a typo; the date is what is read."""
    if value.isascii():
        return None
    m = _TYPED_WEEKDAY.search(unicodedata.normalize("NFKC", value))
    if m is None:
        return None
    typed = _WEEKDAYS.index((m[1] or m[2]).replace("天", "日"))
    try:
        day, _ = _split_date_text(text, ref)
    except Unreadable:  # a time of day with a weekday: no date to compare
        return None
    if day.weekday() == typed:
        return None
    return (
        f"读作{day}（星期{_WEEKDAYS[day.weekday()]}），与所写的星期{_WEEKDAYS[typed]}不符；请核对日期",
        f"read as {day}, a {_EN_WEEKDAYS[day.weekday()]}; the weekday typed "
        f"({_EN_WEEKDAYS[typed]}) does not match: check the date",
    )


_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _short_year_doubt(m: re.Match[str], ref: date) -> tuple[str, str] | None:
    """`11/03/26` read as 2026-11-03 (month/day/year): the readings as near to ref, and the
    year-first one, as mainland offices write, however far (`18.3.26`, read as 2026-03-18,
    may be a hire date 2018-03-26)."""
    (read, order), *others = _near_readings(m, ref)
    year_first = [(day, o) for day, o in _short_year_readings(m).items() if o == 0]
    others += [r for r in year_first if r[0] != read and r not in others]
    if not others:
        return None
    zh = "、".join(f"{day}（{_SHORT_ORDERS[o][0]}）" for day, o in others)
    en = ", ".join(f"{day} ({_SHORT_ORDERS[o][1]})" for day, o in others)
    return (
        f"读作{read}（{_SHORT_ORDERS[order][0]}，离参照日期 {ref} 最近），也可能是{zh}；"
        "请写成 年-月-日，年份写四位",
        f"read as {read} ({_SHORT_ORDERS[order][1]}, the nearest to the reference date {ref}); "
        f"it may be {en}: write year-month-day with the year in full",
    )


def lacks_year(value: Any) -> bool:
    """Whether a value read as a date or a month was typed without a year (`11月3日`, `11/3`,
    `11月`): its year came from the reference date (`_infer_year`), a reading to be said."""
    return isinstance(value, str) and _text_lacks_year(value)


@functools.lru_cache(maxsize=4096)  # a register repeats its days on row after row
def _text_lacks_year(value: str) -> bool:
    text = _prepare(value)
    if any(shape.match(text) for shape in (_SHORT_YEAR, _YMD, _YMD_COMPACT, _MDY)):
        return False  # the shapes with a year, tried before `_MD` (`_split_date_text`)
    return bool(_MD.match(text) or _M.match(text))


def asks(value: Any, ref: date) -> tuple[str, str] | None:
    """Why a face that cannot warn (a command-line option, a cell formula) refuses a value it
    read: a `doubt`, or no year typed (the year would hang on the day it is read)."""
    if lacks_year(value):
        return "未写年份，请写上年份", "has no year: write the year"
    return doubt(value, ref)


# the parts of a day wholly before noon, and wholly after it (中午, 白天, 半夜 say neither)
_MORNING = _AM_WORDS | {"凌晨"}
_AFTERNOON = _PM_WORDS | {"晚上", "夜里", "夜间"}


def _half_day(day: date, part: str) -> date:
    """A date typed with a part of the day and no time: a `HalfDay` for one wholly before or
    after noon (`下午`), else the day alone."""
    word = part.upper()
    if word in _MORNING or word in _AFTERNOON:
        return HalfDay.of(day, word in _AFTERNOON)
    return day


def parse_datetime(value: Any, ref: date) -> datetime | date:
    """A moment. A bare date stays a `date`, and so does exactly midnight (a date typed into a
    date-time cell): the rules read it as "some time that day" rather than inventing 00:00."""
    if isinstance(value, datetime):
        moment = _whole_seconds(value)
    elif isinstance(value, date):
        return _check_date(value)
    elif (number := _number(value)) is not None:
        moment = _number_to_datetime(number)
    elif isinstance(value, str):
        text, offset = _offset(_prepare(value))
        serial = _serial_text(text)
        if serial is not None:
            moment = serial
        else:
            day, rest = _split_date_text(text, ref)
            at = _time_after_date(rest)
            if at is None:
                return _half_day(day, rest)
            moment = datetime.combine(day, at)
        if offset is not None:  # another zone's moment, in Beijing time (`_offset_doubt`)
            moment = _whole_seconds(moment - offset + BEIJING_OFFSET)
    else:
        raise Unreadable("无法识别的日期时间")
    if moment.time() == time():
        return moment.date()
    return moment


def _chinese_int(text: str) -> int | None:
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if m := _CN_TENS.match(text):
        tens = _CN_DIGITS[m[1]] if m[1] else 1
        return tens * 10 + (_CN_DIGITS[m[2]] if m[2] else 0)
    return None


def parse_int(value: Any, ref: date) -> int:
    """A count: `3`, `３`, `3次`, `三`, `十二`, `1,200`, `3.0`; never negative."""
    if isinstance(value, bool):
        raise Unreadable("不是整数")
    if isinstance(value, int):
        result = value
    elif (number := _number(value)) is not None:
        if not number.is_integer():
            raise Unreadable("不是整数")
        result = int(number)
    elif isinstance(value, str):
        text = _INT_UNITS.sub("", _prepare(value))
        cn = _chinese_int(text)
        if cn is not None:
            return cn
        m = _INT.match(text)
        if m is None or len(m[2]) > 30:
            raise Unreadable("不是整数")
        result = int(m[2].replace(",", ""))
        if m[1] == "-":
            result = -result
    else:
        raise Unreadable("不是整数")
    if result < 0:
        raise Unreadable("不能为负数")
    return result


# what a count of times is not: a duration, days or an amount (迟到次数 `30分钟` is no 30 lates)
_NOT_TIMES = re.compile(r"(分钟|分|小时|钟头|天|日|元|块钱?)$")


def parse_count(value: Any, ref: date) -> int:
    """How many times: a count (`3`, `3次`, `三次`) whose unit, if any, is not minutes, hours,
    days or money — those name another quantity, never a number of times."""
    if isinstance(value, str) and _NOT_TIMES.search(_prepare(value)):
        raise Unreadable("应为次数，如 2、3次", "should be a number of times, e.g. 2, 3次")
    return parse_int(value, ref)


def parse_money(value: Any, ref: date) -> Decimal:
    """An amount: `1,200.50`, `￥1200`, `1200元`, `1.2万`; as typed (no rounding)."""
    if isinstance(value, bool):
        raise Unreadable("不是金额")
    if isinstance(value, Decimal | int | float):
        # str(float) is its shortest form: 0.1 stays 0.1, not 0.1000000000000000055...
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not amount.is_finite():
            raise Unreadable("不是金额")
    elif isinstance(value, str):
        m = _MONEY.match(_prepare(value))
        if m is None:
            raise Unreadable("不是金额")
        digits = m[2].replace(",", "")
        if len(digits.split(".")[0]) > MAX_MONEY_DIGITS:
            raise Unreadable("金额过大")
        amount = Decimal(digits) * 10000 if m[3] else Decimal(digits)
        if m[1] == "-":
            amount = -amount
    else:
        raise Unreadable("不是金额")
    if amount < 0:
        raise Unreadable("不能为负数")
    if amount >= 10**MAX_MONEY_DIGITS:
        raise Unreadable("金额过大")
    return amount


_DAYS = re.compile(r"^(\d+(?:\.\d+)?)?\s*(?:个)?\s*(?:天|日)?\s*(半)?\s*(?:天|日)?$")


def parse_days(value: Any, ref: date) -> Decimal:
    """Days of leave, half days included: `3`, `0.5`, `2.5天`, `半天`, `1天半`."""
    if isinstance(value, str):
        m = _DAYS.match(_prepare(value))
        if m and (m[1] or m[2]):
            days = Decimal(m[1] or 0) + (Decimal("0.5") if m[2] else 0)
            return _half_days(days)
        raise Unreadable("应为天数，如 3、0.5、半天", "should be days, e.g. 3, 0.5, 半天")
    try:
        return _half_days(parse_money(value, ref))
    except Unreadable:
        raise Unreadable("应为天数，如 3、0.5、半天", "should be days, e.g. 3, 0.5, 半天") from None


def _half_days(days: Decimal) -> Decimal:
    if days % Decimal("0.5"):
        raise Unreadable("天数应为整天或半天", "days come in whole or half days")
    return days.to_integral() if days == days.to_integral() else days


def parse_bool(value: Any, ref: date) -> bool:
    """是/否, Y/N, ✓/×, TRUE/FALSE, 1/0 (text or number), in any width or case."""
    if isinstance(value, bool):
        return value
    if (number := _number(value)) is not None:
        if number in (0, 1):
            return number == 1
        raise Unreadable("应填 是 或 否")
    if not isinstance(value, str):
        raise Unreadable("应填 是 或 否")
    word = squeeze(value.strip().strip(_INVISIBLE))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if word.upper() in EXCEL_ERRORS:
        raise ErrorValue(word.upper())
    raise Unreadable("应填 是 或 否")


def doubtful_aliases(
    cells: Iterable[Any], read: Iterable[Any], doubtful: Iterable[str]
) -> dict[str, list[int]]:
    """The cells (their indices) of each of a choice column's `doubtful` synonyms that were
    read as a choice — not the alias itself, when it is one of the list in use (a scale of
    基本满意 keeps it): alias -> indices."""
    wanted = {squeeze(alias): alias for alias in doubtful}
    typed = {  # each distinct text once: a register repeats a few words
        cell: wanted.get(squeeze(clean_text(cell) or ""))
        for cell in set(cells)
        if isinstance(cell, str)
    }
    found: dict[str, list[int]] = {}
    for i, (cell, value) in enumerate(zip(cells, read, strict=True)):
        alias = typed.get(cell) if value is not None else None
        if alias is not None and squeeze(value) != squeeze(alias):
            found.setdefault(alias, []).append(i)
    return found


def choice_parser(
    choices: Iterable[str], synonyms: Iterable[tuple[str, str]] = ()
) -> Callable[[Any, date], str]:
    """A parser accepting the list's values and their synonyms, in any width or spacing; a
    synonym that is itself in the list (基本满意 on a scale that has it) stays itself."""
    table = {squeeze(c): c for c in choices}
    table |= {
        squeeze(alias): canon
        for alias, canon in synonyms
        if squeeze(canon) in table and squeeze(alias) not in table
    }
    canon = dict.fromkeys(table.values())
    listed, listed_en = "、".join(canon), ", ".join(canon)

    def parse(value: Any, ref: date) -> str:
        text = clean_text(value)
        found = table.get(squeeze(text or ""))
        if found is None:
            raise Unreadable(f"应为：{listed}", f"expected one of: {listed_en}")
        return found

    return parse
