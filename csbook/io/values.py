"""Normalising what staff type (SPEC §1): every shape of date, time, number and yes/no.

Each parser takes one raw cell value (as python-calamine or openpyxl returns it) and gives
the normalised value, or raises `Unreadable`. Nothing here rejects a value for its format
alone when a person would read it the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ..rules.text import squeeze

EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_SERIAL = 2958465  # 9999-12-31
EXCEL_ERRORS = frozenset(
    {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
# the years a typed date may plausibly carry; outside is a typo, not a date
MIN_YEAR, MAX_YEAR = 1990, 2100
INFER_YEAR_WINDOW = timedelta(days=60)

_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(\[][^)\]]*[)\]]")
_WEEKDAY = re.compile(r"(星期|周|礼拜)[一二三四五六日天]")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[T\s]*(.*))?$")
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:[T\s]+(.*))?$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s+(.*))?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
_TIME = re.compile(
    r"^(上午|早上|凌晨|中午|下午|晚上|夜间|AM|PM)?\s*(\d{1,2})\s*(?:[:：时点]\s*(\d{1,2}|半)?\s*分?"
    r"(?:\s*[:：]\s*(\d{1,2})\s*秒?)?)?\s*(AM|PM)?$",
    re.IGNORECASE,
)
_TIME_COMPACT = re.compile(r"^(\d{2})(\d{2})$")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_UNITS = re.compile(r"(次|天|日|个|件|项|人|元|块|分钟|小时)$")
_CURRENCY = re.compile(r"^(?:人民币|RMB|CNY|￥|¥)\s*", re.IGNORECASE)

TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "✓", "✔", "√", "对", "有", "是的", "t"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "无", "不是", "f"})


class Unreadable(ValueError):
    """A value no known shape matches; the message says what was expected."""


class ErrorValue(ValueError):
    """An Excel error value (`#REF!` ...) or a formula with no cached value."""


def clean_text(value: Any) -> str | None:
    """A text cell as typed, without surrounding spaces (full-width ones included)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers and IDs typed into number cells
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ")
    text = str(value).strip().strip("\u3000\xa0").strip()
    if text in EXCEL_ERRORS:
        raise ErrorValue(text)
    return text or None


def _prepare(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    if text.upper() in EXCEL_ERRORS:
        raise ErrorValue(text)
    text = _BRACKETED.sub("", _WEEKDAY.sub("", text)).strip()
    return text


def _serial_to_datetime(number: float) -> datetime:
    if not 1 <= number <= MAX_SERIAL:
        raise Unreadable("不是日期")
    return EXCEL_EPOCH + timedelta(days=number)


def _make_date(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Unreadable(f"年份{year}不合理")
    try:
        return date(year, month, day)
    except ValueError:
        raise Unreadable("没有这一天") from None


def _infer_year(month: int, day: int, ref: date) -> date:
    """`11月3日`: the reference date's year, or the year before when that would put the date
    more than 60 days after the reference date (a December entry read in January)."""
    guess = _make_date(ref.year, month, day)
    if guess - ref > INFER_YEAR_WINDOW:
        guess = _make_date(ref.year - 1, month, day)
    return guess


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _split_date_text(text: str, ref: date) -> tuple[date, str]:
    """The date part of a typed date or date-time, and what follows it."""
    if m := _YMD.match(text) or _YMD_COMPACT.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3])), (m[4] or "").strip()
    if m := _MD.match(text):
        return _infer_year(int(m[1]), int(m[2]), ref), (m[3] or "").strip()
    if _NUMBER.match(text):
        return _serial_to_datetime(float(text)).date(), ""
    raise Unreadable("无法识别的日期")


def parse_date(value: Any, ref: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if (number := _number(value)) is not None:
        return _serial_to_datetime(number).date()
    if isinstance(value, str):
        day, _ = _split_date_text(_prepare(value), ref)
        return day
    raise Unreadable("无法识别的日期")


def parse_month(value: Any, ref: date) -> date:
    """A month (`2026-11`, `2026年11月`, `11月`, or any date in it), as its first day."""
    if isinstance(value, str):
        text = _prepare(value)
        if m := _YM.match(text):
            return _make_date(int(m[1]), int(m[2]), 1)
        if m := re.match(r"^(\d{1,2})\s*月份?$", text):
            return _infer_year(int(m[1]), 1, ref.replace(day=1))
    return parse_date(value, ref).replace(day=1)


def _time_from_text(text: str) -> time:
    if m := _TIME_COMPACT.match(text):
        hour, minute, second = int(m[1]), int(m[2]), 0
        meridiem = None
    elif m := _TIME.match(text):
        if m[3] is None and not re.search(r"[:：时点]", text):
            raise Unreadable("无法识别的时间")
        hour = int(m[2])
        minute = 30 if m[3] == "半" else int(m[3] or 0)
        second = int(m[4] or 0)
        meridiem = (m[1] or m[5] or "").upper()
    else:
        raise Unreadable("无法识别的时间")
    if (meridiem in {"下午", "晚上", "夜间", "PM"} and hour < 12) or (
        meridiem in {"中午"} and hour < 11
    ):
        hour += 12
    elif meridiem in {"凌晨", "AM", "上午", "早上"} and hour == 12:
        hour = 0
    if hour == 24 and minute == 0 and second == 0:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
        raise Unreadable("时间超出范围")
    return time(hour, minute, second)


def parse_time(value: Any, ref: date) -> time | datetime:
    """A time of day, or a full date-time when one was typed."""
    if isinstance(value, datetime):
        return _whole_seconds(value)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds()) % 86400
        return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    if (number := _number(value)) is not None:
        if 0 <= number < 1:
            seconds = round(number * 86400) % 86400
            return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        return _whole_seconds(_serial_to_datetime(number))
    if isinstance(value, str):
        text = _prepare(value)
        try:
            return _time_from_text(text)
        except Unreadable:
            day, rest = _split_date_text(text, ref)
            if not rest:
                raise Unreadable("缺少时刻") from None
            return datetime.combine(day, _time_from_text(rest))
    raise Unreadable("无法识别的时间")


def _whole_seconds(moment: datetime) -> datetime:
    """Excel stores times as fractions of a day; float noise becomes microseconds."""
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


def parse_datetime(value: Any, ref: date) -> datetime | date:
    """A moment. A bare date stays a `date`, and so does exactly midnight (a date typed into a
    date-time cell): the rules read it as "some time that day" rather than inventing 00:00."""
    if isinstance(value, datetime):
        moment = _whole_seconds(value)
    elif isinstance(value, date):
        return value
    elif (number := _number(value)) is not None:
        moment = _whole_seconds(_serial_to_datetime(number))
    elif isinstance(value, str):
        day, rest = _split_date_text(_prepare(value), ref)
        moment = datetime.combine(day, _time_from_text(rest)) if rest else day
    else:
        raise Unreadable("无法识别的日期时间")
    if isinstance(moment, datetime) and moment.time() == time():
        return moment.date()
    return moment


def _chinese_int(text: str) -> int | None:
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if m := re.fullmatch(r"([一二三四五六七八九两])?十([一二三四五六七八九])?", text):
        tens = _CN_DIGITS[m[1]] if m[1] else 1
        return tens * 10 + (_CN_DIGITS[m[2]] if m[2] else 0)
    return None


def parse_int(value: Any, ref: date) -> int:
    if isinstance(value, bool):
        raise Unreadable("不是整数")
    if (number := _number(value)) is not None:
        if not number.is_integer():
            raise Unreadable("不是整数")
        result = int(number)
    elif isinstance(value, str):
        text = _UNITS.sub("", _prepare(value)).strip()
        cn = _chinese_int(text)
        if cn is not None:
            result = cn
        elif _NUMBER.match(text) and float(text).is_integer():
            result = int(float(text))
        else:
            raise Unreadable("不是整数")
    else:
        raise Unreadable("不是整数")
    if result < 0:
        raise Unreadable("不能为负数")
    return result


def parse_money(value: Any, ref: date) -> Decimal:
    if isinstance(value, bool):
        raise Unreadable("不是金额")
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    elif isinstance(value, str):
        text = _CURRENCY.sub("", _UNITS.sub("", _prepare(value))).replace(",", "").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise Unreadable("不是金额") from None
    else:
        raise Unreadable("不是金额")
    if not amount.is_finite():
        raise Unreadable("不是金额")
    if amount < 0:
        raise Unreadable("不能为负数")
    return amount


def parse_bool(value: Any, ref: date) -> bool:
    if isinstance(value, bool):
        return value
    word = squeeze(str(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Unreadable("应填 是 或 否")


def choice_parser(
    choices: Iterable[str], synonyms: Iterable[tuple[str, str]] = ()
) -> Callable[[Any, date], str]:
    """A parser accepting the list's values and their synonyms, in any width or spacing."""
    table = {squeeze(c): c for c in choices}
    table.update({squeeze(alias): canon for alias, canon in synonyms if squeeze(canon) in table})
    listed = "、".join(dict.fromkeys(table.values()))

    def parse(value: Any, ref: date) -> str:
        text = clean_text(value)
        found = table.get(squeeze(text or ""))
        if found is None:
            raise Unreadable(f"应为：{listed}")
        return found

    return parse
