"""Cell values in every shape staff type (SPEC §1): csbook.io.values."""

from __future__ import annotations

import contextlib
import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from csbook.io.values import (
    ErrorValue,
    Unreadable,
    choice_parser,
    clean_text,
    doubt,
    is_blank,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
    parse_month,
    parse_time,
    plain_texts,
)
from csbook.rules.deadlines import HalfDay

REF = date(2026, 11, 20)
NOV3 = date(2026, 11, 3)
FULL_WIDTH = str.maketrans("0123456789-/.:,", "０１２３４５６７８９－／．：，")
EPOCH = date(1899, 12, 30)


def serial(d: date) -> float:
    return float((d - EPOCH).days)


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-03",
        "2026-11-3",
        " 2026/11/03 ",
        "2026/11/3",
        "2026.11.03",
        "2026.11.3",
        "2026年11月3日",
        "2026年11月3号",
        "2026年 11月 3日",
        "2026 - 11 - 03",
        "20261103",
        "2026-11-03（周二）",
        "2026-11-03(周二)",
        "2026-11-03【周二】",
        "2026-11-03 星期二",
        "2026-11-03周二",
        "2026年11月3日 礼拜二",
        "２０２６年１１月３日",
        "２０２６－１１－０３",
        "２０２６／１１／３",
        "2026-11-03\u3000",
        "\u200b2026-11-03",
        "2026-11-03\xa0",
        "26.11.3",
        "26-11-03",
        "26年11月3日",
        "11月3日",
        "11月3号",
        "１１月３日",
        "11/3",
        "11-03",
        "11.3",
        46329.0,
        46329,
        46329.75,  # a date-time serial in a date cell: its day
        "46329",
        "46329.0",
        20261103.0,  # typed into a General cell
        20261103,
        NOV3,
        datetime(2026, 11, 3, 14, 30),
        datetime(2026, 11, 3, 23, 59, 59, 999999),
        "2026-11-03 14:30",  # a date-time in a date cell: its day
        "2026-11-03T14:30:00",
        "2026/11/3 14点30分",
        "2026-11-03 下午",
        "2026-11-03（周二）14:30",
    ],
)
def test_parse_date_shapes(value):
    assert parse_date(value, REF) == NOV3


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-01",
        "2026-02-30",
        "2026-11-31",
        "2026-00-10",
        "2026-11-00",
        "13月3日",
        "2月30日",
        "abc",
        "",
        "   ",
        "\u3000",
        "-",
        "1800-01-01",
        "1800年1月1日",
        "2101-01-01",
        "2026-11-0345",  # not a date followed by a time
        "2026-11-03 abc",
        "2026-11-03 25:00",
        "2026-11-03/04",
        "2026-11",
        "2026年11月",
        "13/13/2026",  # neither order is a date
        "2026",
        "46329.5.1",
        "nan",
        "inf",
        "1e400",
        time(14, 30),
        timedelta(hours=3),
        True,
        None,
        0.5,
        -1.0,
        1.0,  # 1899-12-31
        float("nan"),
        float("inf"),
        -float("inf"),
        1e300,
        20261332.0,  # YYYYMMDD-shaped but no such day
        date(1800, 1, 1),
        datetime(1899, 12, 30, 14, 30),
        date(9999, 12, 31),
    ],
)
def test_parse_date_unreadable(value):
    with pytest.raises(Unreadable):
        parse_date(value, REF)


@pytest.mark.parametrize("value", ["#REF!", "#N/A", " #VALUE! ", "#n/a", "#DIV/0!"])
@pytest.mark.parametrize(
    "parser", [parse_date, parse_month, parse_time, parse_datetime, parse_int, parse_money]
)
def test_excel_errors_are_error_values(parser, value):
    with pytest.raises(ErrorValue):
        parser(value, REF)


@pytest.mark.parametrize("value", ["#REF!", "#N/A"])
def test_excel_errors_in_text_bool_and_choice(value):
    with pytest.raises(ErrorValue):
        clean_text(value)
    with pytest.raises(ErrorValue):
        parse_bool(value, REF)
    with pytest.raises(ErrorValue):
        choice_parser(["是"])(value, REF)


def test_error_values_are_value_errors():
    assert issubclass(Unreadable, ValueError)
    assert issubclass(ErrorValue, ValueError)


CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize(
    ("parser", "value"),
    [
        (parse_date, "2026-13-45"),
        (parse_date, "abc"),
        (parse_date, "1800-01-01"),
        (parse_date, 0.5),
        (parse_date, "2月29日"),
        (parse_time, "25:00"),
        (parse_time, "abc"),
        (parse_time, "上午14点"),
        (parse_time, "2026-11-03"),
        (parse_datetime, None),
        (parse_int, "abc"),
        (parse_int, "-3"),
        (parse_money, "abc"),
        (parse_money, "9" * 16),
        (parse_bool, "maybe"),
        (choice_parser(["phone", "visit"]), "fax"),
    ],
)
def test_unreadable_says_why_in_both_languages(parser, value):
    with pytest.raises(Unreadable) as caught:
        parser(value, REF)
    assert CJK.search(str(caught.value))
    assert caught.value.en and not CJK.search(caught.value.en)


# `11月3日`: the reference year, the year before when that is more than 60 days ahead,
# the coming year when a January day is typed in late December.
@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("11月3日", date(2026, 11, 20), date(2026, 11, 3)),
        ("11月30日", date(2026, 11, 20), date(2026, 11, 30)),
        ("3月1日", date(2026, 11, 20), date(2026, 3, 1)),
        ("12月28日", date(2027, 1, 5), date(2026, 12, 28)),
        ("12月28日", date(2026, 12, 31), date(2026, 12, 28)),
        ("1月2日", date(2027, 1, 5), date(2027, 1, 2)),
        ("3月6日", date(2027, 1, 5), date(2027, 3, 6)),  # exactly 60 days ahead: this year
        ("3月7日", date(2027, 1, 5), date(2026, 3, 7)),  # 61 days ahead: the year before
        ("3月11日", date(2026, 1, 10), date(2026, 3, 11)),  # 60
        ("3月12日", date(2026, 1, 10), date(2025, 3, 12)),  # 61
        ("12月1日", date(2026, 1, 10), date(2025, 12, 1)),
        ("1月5日", date(2026, 12, 20), date(2027, 1, 5)),  # the coming January
        ("2月17日", date(2026, 12, 20), date(2027, 2, 17)),  # 306 back: the coming year
        ("2月18日", date(2026, 12, 20), date(2026, 2, 18)),  # 305 back: ref's year
        ("2月29日", date(2028, 2, 10), date(2028, 2, 29)),  # leap reference year
        ("2月29日", date(2027, 12, 31), date(2028, 2, 29)),  # leap year in the window ahead
        ("2月29日", date(2028, 12, 20), date(2028, 2, 29)),  # 295 days back
        ("1月1日", date(2001, 11, 2), date(2001, 1, 1)),  # 305 back: still ref's year
        ("1月1日", date(2001, 11, 3), date(2002, 1, 1)),  # 306 back: the year after
        ("11月3日 14:30", date(2026, 11, 20), date(2026, 11, 3)),
    ],
)
def test_month_day_takes_the_year_from_ref(text, ref, expected):
    assert parse_date(text, ref) == expected


@pytest.mark.parametrize(
    "ref",
    [date(2027, 6, 1), date(2029, 1, 1), date(2026, 12, 31), date(2030, 1, 1), date(2028, 12, 31)],
)
def test_feb_29_without_a_leap_year_near_is_unreadable(ref):
    with pytest.raises(Unreadable, match="2月29日"):
        parse_date("2月29日", ref)


@pytest.mark.parametrize(
    ("value", "ref", "expected"),
    [
        ("2026-11", REF, date(2026, 11, 1)),
        ("2026/11", REF, date(2026, 11, 1)),
        ("2026.11", REF, date(2026, 11, 1)),
        ("2026年11月", REF, date(2026, 11, 1)),
        ("2026年11月份", REF, date(2026, 11, 1)),
        ("２０２６年１１月", REF, date(2026, 11, 1)),
        ("202611", REF, date(2026, 11, 1)),
        ("2026-11-15", REF, date(2026, 11, 1)),
        ("11月", REF, date(2026, 11, 1)),
        ("11月份", REF, date(2026, 11, 1)),
        ("12月", date(2026, 1, 10), date(2025, 12, 1)),
        ("2月", date(2026, 1, 10), date(2026, 2, 1)),
        ("1月", date(2026, 12, 5), date(2027, 1, 1)),
        (46329.0, REF, date(2026, 11, 1)),
        (NOV3, REF, date(2026, 11, 1)),
        (datetime(2026, 11, 3, 8), REF, date(2026, 11, 1)),
    ],
)
def test_parse_month(value, ref, expected):
    assert parse_month(value, ref) == expected


@pytest.mark.parametrize("value", ["2026-13", "13月", "0月", "abc", "", "1800-01", 0.5])
def test_parse_month_unreadable(value):
    with pytest.raises(Unreadable):
        parse_month(value, REF)


# --- times -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:30", time(14, 30)),
        ("14：30", time(14, 30)),
        ("１４：３０", time(14, 30)),
        (" 14:30 ", time(14, 30)),
        ("14:30:15", time(14, 30, 15)),
        ("14.30", time(14, 30)),
        ("14点30分", time(14, 30)),
        ("14点30", time(14, 30)),
        ("14时30分", time(14, 30)),
        ("14時30分", time(14, 30)),
        ("14点30分20秒", time(14, 30, 20)),
        ("14点半", time(14, 30)),
        ("14点", time(14, 0)),
        ("8点", time(8, 0)),
        ("8点钟", time(8, 0)),
        ("8时", time(8, 0)),
        ("8:5", time(8, 5)),
        ("0830", time(8, 30)),
        ("830", time(8, 30)),
        ("1430", time(14, 30)),
        ("下午2点30", time(14, 30)),
        ("下午2点半", time(14, 30)),
        ("下午2:30", time(14, 30)),
        ("下午3", time(15, 0)),
        ("下午14点", time(14, 0)),
        ("上午9点", time(9, 0)),
        ("上午12点", time(0, 0)),
        ("上午12:30", time(0, 30)),
        ("下午12:30", time(12, 30)),
        ("中午12点", time(12, 0)),
        ("中午1点", time(13, 0)),
        ("晚上8点", time(20, 0)),
        ("晚上12点", time(0, 0)),
        ("夜里2点", time(2, 0)),
        ("凌晨3点", time(3, 0)),
        ("凌晨12点", time(0, 0)),
        ("2:30 PM", time(14, 30)),
        ("2:30PM", time(14, 30)),
        ("2:30 pm", time(14, 30)),
        ("2:30 p.m.", time(14, 30)),
        ("9:15 AM", time(9, 15)),
        ("12:00 AM", time(0, 0)),
        ("12:00 PM", time(12, 0)),
        ("8am", time(8, 0)),
        ("24:00", time(0, 0)),
        ("0:00", time(0, 0)),
        ("23:59:59", time(23, 59, 59)),
        (0.5, time(12, 0)),
        (0.75, time(18, 0)),
        (0.0, time(0, 0)),
        (0.6041666666666666, time(14, 30)),
        (0.60416, time(14, 29, 59)),  # 0.60416 days is 14:29:59.42
        (1430.0, time(14, 30)),  # typed into a General cell
        (23.45, time(23, 45)),  # typed into a General cell, as the text "23.45" reads
        (8.05, time(8, 5)),
        (8.3, time(8, 30)),  # 8.30 loses its zero in a General cell (and `doubt` says so)
        (time(14, 30), time(14, 30)),
        (time(14, 29, 59, 994000), time(14, 30)),  # Excel float noise
        (time(23, 59, 59, 600000), time(0, 0)),
        (timedelta(hours=14, minutes=30), time(14, 30)),
        (timedelta(days=1), time(0, 0)),
        (datetime(1899, 12, 30, 14, 30), time(14, 30)),  # a time-only cell as a date-time
    ],
)
def test_parse_time_shapes(value, expected):
    assert parse_time(value, REF) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-03 14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026/11/3 14点30分", datetime(2026, 11, 3, 14, 30)),
        ("11月3日 下午2点", datetime(2026, 11, 3, 14, 0)),
        ("2026-11-03 00:00", datetime(2026, 11, 3, 0, 0)),
        (46329.6041666667, datetime(2026, 11, 3, 14, 30)),
        (datetime(2026, 11, 3, 14, 29, 59, 994000), datetime(2026, 11, 3, 14, 30)),
    ],
)
def test_parse_time_with_a_date(value, expected):
    assert parse_time(value, REF) == expected


@pytest.mark.parametrize(
    "value",
    [
        "13:75",
        "25:00",
        "24:30",
        "14:30:61",
        "14",  # a bare hour is not a time
        "8",
        "abc",
        "",
        "下午",
        "上午14点",  # contradicts itself
        "凌晨15点",
        "2460",
        "12345",
        "14:30 下午3点",
        "2026-11-03",  # a date without a time
        "2026-11-03 下午",
        "0.5",
        "-1:00",
        -0.5,
        1.555,  # no time anyone types
        23.75,  # no 75th minute
        24.5,
        2400.0,
        1475.0,
        float("nan"),
        float("inf"),
        True,
        None,
        NOV3,
        date(1900, 1, 1),  # what calamine gives for 24:00 in an hh:mm cell
        timedelta(days=1, hours=12),
        timedelta(hours=-1),
    ],
)
def test_parse_time_unreadable(value):
    with pytest.raises(Unreadable):
        parse_time(value, REF)


# --- date-times --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-03 14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03T14:30:00", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03 14:30:15", datetime(2026, 11, 3, 14, 30, 15)),
        ("2026/11/3 14点30分", datetime(2026, 11, 3, 14, 30)),
        ("2026年11月3日14时30分", datetime(2026, 11, 3, 14, 30)),
        ("2026年11月3日 下午2点半", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03（周二）14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026-11-03 周二 14:30", datetime(2026, 11, 3, 14, 30)),
        ("２０２６－１１－０３　１４：３０", datetime(2026, 11, 3, 14, 30)),
        ("20261103 1430", datetime(2026, 11, 3, 14, 30)),
        ("11月3日 14:30", datetime(2026, 11, 3, 14, 30)),
        ("11月3日14:30", datetime(2026, 11, 3, 14, 30)),
        ("11/3 2:30 PM", datetime(2026, 11, 3, 14, 30)),
        (46329.6041666667, datetime(2026, 11, 3, 14, 30)),
        (46329.5, datetime(2026, 11, 3, 12, 0)),
        (datetime(2026, 11, 3, 14, 30), datetime(2026, 11, 3, 14, 30)),
        (datetime(2026, 11, 3, 14, 29, 59, 994000), datetime(2026, 11, 3, 14, 30)),
        # no time, or exactly midnight: a date ("some time that day")
        ("2026-11-03", NOV3),
        ("2026年11月3日", NOV3),
        ("2026-11-03 下午", HalfDay.of(NOV3, afternoon=True)),  # after noon, the time not said
        ("2026-11-03 上午", HalfDay.of(NOV3, afternoon=False)),
        ("2026-11-03 中午", NOV3),  # neither half: the day alone
        ("2026-11-03 00:00", NOV3),
        ("2026-11-03 24:00", NOV3),
        (46329.0, NOV3),
        (46329.999999999, date(2026, 11, 4)),  # float noise rounds to midnight
        (20261103.0, NOV3),
        (NOV3, NOV3),
        (datetime(2026, 11, 3), NOV3),
    ],
)
def test_parse_datetime(value, expected):
    result = parse_datetime(value, REF)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-03 abc",
        "2026-11-03 25:00",
        "2026-11-03 13:75",
        "2026-02-30 14:30",
        "14:30",  # a time without a date
        "abc",
        "",
        0.5,
        float("nan"),
        time(14, 30),
        timedelta(hours=2),
        None,
        False,
        datetime(1899, 12, 30, 14, 30),
        datetime(2150, 1, 1, 9, 0),
    ],
)
def test_parse_datetime_unreadable(value):
    with pytest.raises(Unreadable):
        parse_datetime(value, REF)


# --- integers and money ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3),
        ("３", 3),
        (" 3 ", 3),
        ("3次", 3),
        ("3 次", 3),
        ("3个", 3),
        ("3人", 3),
        ("3.0", 3),
        ("3.00", 3),
        ("+3", 3),
        ("0", 0),
        ("-0", 0),
        ("〇", 0),
        ("零", 0),
        ("三", 3),
        ("两", 2),
        ("两次", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三次", 23),
        ("1,200", 1200),
        ("１，２００", 1200),
        ("9007199254740993", 9007199254740993),  # no float rounding
        (9007199254740993, 9007199254740993),
        (3, 3),
        (3.0, 3),
        (0.0, 0),
    ],
)
def test_parse_int(value, expected):
    result = parse_int(value, REF)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "value",
    [
        "-3",
        -3,
        -3.0,
        "3.5",
        3.5,
        "abc",
        "",
        "1,2,3",
        "12,00",
        "1e3",
        "一百零一",
        "三四",
        "3-4",
        "9" * 5000,
        True,
        None,
        float("nan"),
        float("inf"),
        NOV3,
    ],
)
def test_parse_int_unreadable(value):
    with pytest.raises(Unreadable):
        parse_int(value, REF)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1200", "1200"),
        ("1,200.50", "1200.50"),
        ("1,200", "1200"),
        ("1,234,567.89", "1234567.89"),
        ("１，２００．５０", "1200.50"),
        ("￥1200", "1200"),
        ("¥1,200", "1200"),
        ("￥ 1200.5", "1200.5"),
        ("RMB 100", "100"),
        ("人民币100元", "100"),
        ("1200元", "1200"),
        ("1200 元", "1200"),
        ("1200元整", "1200"),
        ("100块", "100"),
        ("100块钱", "100"),
        ("1.2万", "12000"),
        ("1.2万元", "12000"),
        ("0.5", "0.5"),
        (".5", "0.5"),
        ("100.", "100"),
        ("0", "0"),
        ("+5", "5"),
        ("1200（含税）", "1200"),
        (1200, "1200"),
        (1200.5, "1200.5"),
        (0.1, "0.1"),
        (Decimal("12.30"), "12.30"),
    ],
)
def test_parse_money(value, expected):
    result = parse_money(value, REF)
    assert result == Decimal(expected)
    assert isinstance(result, Decimal)


def test_parse_money_keeps_typed_places():
    assert str(parse_money("1,200.50", REF)) == "1200.50"


@pytest.mark.parametrize(
    "value",
    [
        "-5",
        -5,
        -0.01,
        "￥-5",
        "abc",
        "",
        "元",
        "1e5",
        "1E+999999999",
        "nan",
        "NaN",
        "inf",
        "Infinity",
        "sNaN",
        "1,2,3",
        "12,00",
        "1 200",
        "1.2.3",
        "1_000",
        "9" * 16,
        1e300,
        float("nan"),
        float("inf"),
        -float("inf"),
        Decimal("NaN"),
        True,
        None,
        NOV3,
    ],
)
def test_parse_money_unreadable(value):
    with pytest.raises(Unreadable):
        parse_money(value, REF)


# --- yes / no ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        *["是", " 是 ", "是的", "Y", "y", "ｙ", "Yes", "YES", "✓", "✔", "√", "☑", "对", "有"],
        *["TRUE", "True", "true", "T", "1", "１", True, 1, 1.0],
    ],
)
def test_parse_bool_true(value):
    assert parse_bool(value, REF) is True


@pytest.mark.parametrize(
    "value",
    [
        *["否", " 否", "N", "n", "No", "×", "✗", "x", "X", "无", "没有", "不是", "不"],
        *["FALSE", "False", "false", "F", "0", False, 0, 0.0],
    ],
)
def test_parse_bool_false(value):
    assert parse_bool(value, REF) is False


@pytest.mark.parametrize(
    "value",
    ["maybe", "", " ", "是否", "OK", "2", 2, 0.5, -1.0, float("nan"), None, NOV3, time(1)],
)
def test_parse_bool_unreadable(value):
    with pytest.raises(Unreadable):
        parse_bool(value, REF)


# --- choices and text --------------------------------------------------------------------

METHODS = choice_parser(
    ["电话", "上门", "信函", "邮件", "微信"],
    [("面谈", "上门"), ("电话回访", "电话"), ("WeChat", "微信"), ("外星", "不在列表")],
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("电话", "电话"),
        (" 电话 ", "电话"),
        ("电 话", "电话"),
        ("电话\u3000", "电话"),
        ("\u200b电话", "电话"),
        ("面谈", "上门"),
        ("电话回访", "电话"),
        ("WeChat", "微信"),
        ("wechat", "微信"),
        ("ＷｅＣｈａｔ", "微信"),
        ("WE CHAT", "微信"),
    ],
)
def test_choice_parser(value, expected):
    assert METHODS(value, REF) == expected


@pytest.mark.parametrize("value", ["外星", "不在列表", "传真", "", None, 3.0, True])
def test_choice_parser_unreadable(value):
    with pytest.raises(Unreadable, match="应为"):
        METHODS(value, REF)


def test_choice_parser_numbers_typed_into_number_cells():
    assert choice_parser(["1", "2"])(1.0, REF) == "1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  张三 ", "张三"),
        ("张三\u3000", "张三"),
        ("\xa0张三", "张三"),
        ("\ufeff张三", "张三"),
        ("", None),
        ("   ", None),
        (None, None),
        (13800138000.0, "13800138000"),
        (3.5, "3.5"),
        (7, "7"),
        (NOV3, "2026-11-03"),
        (datetime(2026, 11, 3, 14, 30), "2026-11-03 14:30:00"),
        (time(14, 30), "14:30:00"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_plain_texts_are_the_long_texts_without_odd_edges() -> None:
    found = plain_texts(
        ["  13812345678 ", "客户单位0001", "\u200b13812345678", "#VALUE!!", "n/a", 7, None]
    )
    assert found == {"  13812345678 ": "13812345678", "客户单位0001": "客户单位0001"}


@given(st.text(alphabet=list("a1 中/#无n\u200b\u3000\t-!"), max_size=12))
@example("   abcdefg\u3000")
def test_plain_texts_decide_as_is_blank_and_clean_text(text: str) -> None:
    """The shortcut of a column of distinct texts (`plain_texts`) must read each as the
    general path (`is_blank`, then `clean_text`) would."""
    found = plain_texts([text])
    if text in found:
        assert not is_blank(text) and not is_blank(text, markers=False)
        assert clean_text(text) == found[text]


# --- properties --------------------------------------------------------------------------

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
REFS = st.dates(min_value=date(1991, 1, 1), max_value=date(2099, 12, 31))
MINUTE_TIMES = st.builds(time, st.integers(0, 23), st.integers(0, 59))


def date_shapes(d: date) -> list[object]:
    slash = f"{d.year}/{d.month}/{d.day}"
    chinese = f"{d.year}年{d.month}月{d.day}日"
    return [
        f"{d:%Y-%m-%d}",
        f"{d.year}-{d.month}-{d.day}",
        slash,
        f"{d:%Y.%m.%d}",
        chinese,
        f"{d.year}年{d.month}月{d.day}号",
        chinese.translate(FULL_WIDTH),
        f"{d:%Y-%m-%d}".translate(FULL_WIDTH),
        slash.translate(FULL_WIDTH),
        f"{d:%Y%m%d}",
        f" {d:%Y-%m-%d}\u3000",
        serial(d),
        str(int(serial(d))),
        d,
        datetime.combine(d, time(9, 30)),
    ]


@given(DATES, REFS)
def test_every_date_shape_parses_back(d, ref):
    for shape in date_shapes(d):
        assert parse_date(shape, ref) == d, shape
        assert parse_datetime(shape, ref) == (
            d if not isinstance(shape, datetime) else datetime.combine(d, time(9, 30))
        ), shape


@given(DATES, MINUTE_TIMES)
def test_date_and_time_texts_parse_back(d, t):
    moment = datetime.combine(d, t)
    expected = d if t == time() else moment
    for text in [
        f"{moment:%Y-%m-%d %H:%M}",
        f"{d.year}/{d.month}/{d.day} {t.hour}点{t.minute}分",
        f"{d.year}年{d.month}月{d.day}日{t.hour}时{t.minute}分",
        f"{moment:%Y-%m-%dT%H:%M:%S}",
    ]:
        assert parse_datetime(text, REF) == expected, text
        assert parse_time(text, REF) == moment, text
        assert parse_date(text, REF) == d, text
    assert parse_datetime(serial(d) + (t.hour * 60 + t.minute) / 1440, REF) == expected


@given(MINUTE_TIMES)
def test_every_time_shape_parses_back(t):
    fraction = (t.hour * 60 + t.minute) / 1440
    for shape in [
        f"{t:%H:%M}",
        f"{t.hour}:{t:%M}",
        f"{t:%H:%M}".translate(FULL_WIDTH),
        f"{t.hour}点{t.minute}分",
        f"{t.hour}时{t.minute}分",
        f"{t:%H%M}",
        f"{t:%H.%M}",
        f"{t:%H:%M:%S}",
        fraction,
        t,
        timedelta(hours=t.hour, minutes=t.minute),
    ]:
        assert parse_time(shape, REF) == t, shape


@given(MINUTE_TIMES)
def test_twelve_hour_clock(t):
    hour12 = t.hour % 12 or 12
    suffix = "PM" if t.hour >= 12 else "AM"
    assert parse_time(f"{hour12}:{t:%M} {suffix}", REF) == t
    if t.hour >= 13:
        assert parse_time(f"下午{t.hour - 12}点{t.minute}分", REF) == t


@given(st.integers(1, 12), st.integers(1, 31), REFS)
@example(2, 29, date(2027, 6, 1))
@example(2, 29, date(2028, 1, 1))
@example(3, 11, date(2026, 1, 10))
@example(3, 12, date(2026, 1, 10))
@example(1, 1, date(2026, 12, 31))
@example(1, 1, date(2001, 11, 2))  # 305 days back and 60 ahead: both in, ref's year wins
@example(2, 29, date(2028, 12, 31))
@example(2, 29, date(2028, 12, 26))
def test_month_day_lands_in_the_window(month, day, ref):
    try:
        date(2000, month, day)  # a day some (leap) year has
    except ValueError:
        with pytest.raises(Unreadable):
            parse_date(f"{month}月{day}日", ref)
        return
    try:
        found = parse_date(f"{month}月{day}日", ref)
    except Unreadable:
        assert (month, day) == (2, 29)  # only a leap day may have no year near the ref
        assert not any(
            ref - timedelta(days=305) <= date(y, 2, 29) <= ref + timedelta(days=60)
            for y in range(ref.year - 1, ref.year + 2)
            if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        )
        return
    assert (found.month, found.day) == (month, day)
    assert ref - timedelta(days=305) <= found <= ref + timedelta(days=60)
    # SPEC: ref's year, or the year before when that is more than 60 days ahead; beyond
    # SPEC: the year after when ref's year is more than 305 days back
    try:
        this_year = date(ref.year, month, day)
    except ValueError:
        return
    if this_year - ref > timedelta(days=60):
        assert found.year == ref.year - 1
    elif ref - this_year > timedelta(days=305):
        assert found.year == ref.year + 1
    else:
        assert found == this_year
    for shape in [f"{month}/{day}", f"{month}-{day}", f"{month}月{day}号"]:
        assert parse_date(shape, ref) == found


@given(st.integers(0, 10**6))
def test_parse_int_round_trips(n):
    assert parse_int(str(n), REF) == n
    assert parse_int(str(n).translate(FULL_WIDTH), REF) == n
    assert parse_int(f"{n:,}", REF) == n
    assert parse_int(float(n), REF) == n
    assert parse_int(f"{n}次", REF) == n


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_parse_money_round_trips(amount):
    assert parse_money(f"{amount:,}", REF) == amount
    assert parse_money(f"{amount}", REF) == amount
    assert parse_money(f"￥{amount:,}", REF) == amount
    assert parse_money(f"{amount:,}元", REF) == amount
    assert parse_money(f"{amount:,}".translate(FULL_WIDTH), REF) == amount


PARSERS = [
    parse_date,
    parse_month,
    parse_time,
    parse_datetime,
    parse_int,
    parse_money,
    parse_bool,
    METHODS,
    lambda value, ref: clean_text(value),
]
# text built from the pieces the parsers look for, to reach past the first regex
TYPED = st.text(
    alphabet="0123456789０１２３-/.:：,， 年月日号点时分秒半上下午晚凌晨中AMPTamp周二星期()（）元万整￥次十两#REF!",
    max_size=24,
)


def read_or_refuse(parser, value, ref=REF):
    """Either a value or one of the two refusals; anything else is a crash."""
    with contextlib.suppress(Unreadable, ErrorValue):
        parser(value, ref)


@given(st.text() | TYPED, REFS)
def test_no_parser_crashes_on_text(text, ref):
    for parser in PARSERS:
        read_or_refuse(parser, text, ref)


@given(st.floats() | st.integers(-(10**30), 10**30) | st.integers())
@example(math.nan)
@example(math.inf)
@example(-math.inf)
@example(-0.0)
@example(5e-324)
@example(2958465.9999999)
@example(1.7976931348623157e308)
@example(10**400)
@example(-(10**5000))
def test_no_parser_crashes_on_numbers(number):
    for parser in PARSERS:
        read_or_refuse(parser, number)


@given(
    st.dates()
    | st.datetimes()
    | st.times()
    | st.timedeltas()
    | st.booleans()
    | st.decimals()
    | st.none()
)
def test_no_parser_crashes_on_other_cell_types(value):
    for parser in PARSERS:
        read_or_refuse(parser, value)


@pytest.mark.parametrize(
    ("value", "read", "ambiguous"),
    [
        ("11/03/2026", date(2026, 11, 3), True),  # month first, as 11/03 is 11月3日
        ("11-03-2026 下午2点", datetime(2026, 11, 3, 14, 0), True),
        ("25/11/2026", date(2026, 11, 25), False),  # 25 cannot be a month
        ("3/25/2026", date(2026, 3, 25), False),
        ("05/05/2026", date(2026, 5, 5), False),  # both orders agree
        ("2026/11/03", date(2026, 11, 3), False),
    ],
)
def test_a_year_last_date_reads_month_first(value, read, ambiguous):
    assert parse_datetime(value, REF) == read
    assert (doubt(value, REF) is not None) == ambiguous


def test_doubt_names_both_readings_of_a_number_time():
    assert doubt(8.3, REF) == (
        "数字8.3读作8:30；若不是，请写成 时:分",
        "the number 8.3 is read as 8:30; if not, write hours:minutes",
    )
    assert doubt(23.45, REF) is None
    assert doubt("2026-11-03", REF) is None


# two-digit years: the reading nearest the reference date (2026-11-20), within a year of it
@pytest.mark.parametrize(
    ("value", "read", "ambiguous"),
    [
        ("26.11.3", date(2026, 11, 3), False),  # 2003-11-26 (day/month/year) is far
        ("26/11/03", date(2026, 11, 3), False),
        ("26-11-3 14:30", datetime(2026, 11, 3, 14, 30), False),
        ("11/03/26", date(2026, 11, 3), True),  # 2026-03-11 is as near; was 2011-03-26
        ("3/11/26", date(2026, 11, 3), True),  # day first lands nearer than 2026-03-11
        ("11/18/26", date(2026, 11, 18), False),  # the only date
        ("26/1/27", date(2027, 1, 26), True),  # nearer than 2026-01-27, also within the year
        ("18.3.26", date(2026, 3, 18), True),  # 2018-03-26, year first, is named
        ("26年11月3日", date(2026, 11, 3), False),
    ],
)
def test_a_two_digit_year_reads_nearest_the_reference_date(value, read, ambiguous):
    assert parse_datetime(value, REF) == read
    assert (doubt(value, REF) is not None) == ambiguous


@pytest.mark.parametrize("value", ["10/3/15", "15.3.1", "1.2.3", "26.13.40"])
def test_a_two_digit_year_with_no_reading_near_is_unreadable(value):
    with pytest.raises(Unreadable):
        parse_date(value, REF)
