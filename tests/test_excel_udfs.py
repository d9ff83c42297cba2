"""The custom functions (csbook.excel.udfs), called as Excel calls them: dates as datetimes,
numbers as floats, text as typed, ranges as lists; wrong input gives readable text."""

from __future__ import annotations

import inspect
from datetime import date, datetime

import pytest

from csbook.excel import udfs

HOLIDAYS = [["日期", "类型"], [datetime(2026, 10, 8), "休"], [None, None]]


def test_working_days_follow_the_chinese_calendar() -> None:
    assert udfs.CSBOOK_IS_WORKDAY(datetime(2026, 10, 10)) is True  # 调休 Saturday
    assert udfs.CSBOOK_IS_WORKDAY("2026年10月5日") is False  # National Day
    assert udfs.CSBOOK_WORKDAY(datetime(2026, 9, 30), 1.0) == date(2026, 10, 8)
    assert udfs.CSBOOK_WORKDAY(datetime(2026, 10, 8), -1.0) == date(2026, 9, 30)
    assert udfs.CSBOOK_WORKDAY(datetime(2026, 10, 9), 1.0) == date(2026, 10, 10)
    assert udfs.CSBOOK_NETWORKDAYS(datetime(2026, 10, 1), datetime(2026, 10, 11)) == 3
    assert udfs.CSBOOK_WORKDAY(datetime(2026, 10, 9), "-1") == date(2026, 10, 8)  # text too


def test_the_holidays_sheet_overrides_the_library() -> None:
    assert udfs.CSBOOK_IS_WORKDAY(datetime(2026, 10, 8), HOLIDAYS) is False
    assert udfs.CSBOOK_WORKDAY(datetime(2026, 9, 30), 1.0, HOLIDAYS) == date(2026, 10, 9)


def test_reply_deadlines_are_spec_d02() -> None:
    due = udfs.CSBOOK_REPLY_DUE
    assert due(datetime(2026, 9, 24, 16)) == datetime(2026, 9, 28, 16)
    assert due(datetime(2026, 9, 30, 10)) == datetime(2026, 10, 8, 10)
    assert due(datetime(2026, 10, 4, 11)) == datetime(2026, 10, 8, 23, 59, 59)  # 24:00
    assert due("2026-10-10 09:00") == datetime(2026, 10, 12, 9)
    assert due(datetime(2026, 9, 24, 16), "24小时") == datetime(2026, 9, 25, 16)
    assert due(None) == ""
    assert due("/") == ""  # a blank marker is no value
    assert due("24/09/2026 16:00") == datetime(2026, 9, 28, 16)  # only one reading


def test_reply_and_followup_status() -> None:
    status = udfs.CSBOOK_REPLY_STATUS
    received = datetime(2026, 9, 30, 10)
    assert status(received, datetime(2026, 10, 8, 9)) == "按时"
    assert status(received, datetime(2026, 10, 8, 11)) == "超时"
    assert status(received, None, datetime(2026, 10, 7)) == "待回复"
    assert status(received, None, "2026-10-09") == "已超期未回复"
    assert udfs.CSBOOK_FOLLOWUP_DUE(datetime(2026, 10, 20)) == datetime(2026, 10, 23, 23, 59, 59)
    assert udfs.CSBOOK_FOLLOWUP_STATUS(datetime(2026, 10, 20), datetime(2026, 10, 23)) == "按时"
    assert (
        udfs.CSBOOK_FOLLOWUP_STATUS(date(2026, 10, 20), None, 3.0, "2026-10-30") == "已超期未回复"
    )


def test_complaint_grades_over_columns() -> None:
    received = [[datetime(2026, 10, 1)], [datetime(2026, 10, 20)], [datetime(2026, 10, 25)], [None]]
    client = [["甲"], ["甲"], ["乙"], [None]]
    category = [["态度"], ["态度"], ["态度"], [None]]
    severe = [[None], [None], ["是"], [None]]
    grades = udfs.CSBOOK_GRADE(received, client, category, None, None, severe)
    assert grades == ["一般", "重复", "恶性", ""]
    assert udfs.CSBOOK_GRADE(datetime(2026, 10, 1), "甲", "态度", "未解决", 2.0, "否") == "重复"


def test_sanctions_for_a_code_and_counts() -> None:
    assert udfs.CSBOOK_TIER("l7") == "轻度过失"
    assert udfs.CSBOOK_SANCTION("L07") == "口头批评"
    assert udfs.CSBOOK_SANCTION("L07", None, 2.0) == "书面批评"  # the third valid oral
    assert udfs.CSBOOK_SANCTION("S01", "通报") == "通报批评"
    assert udfs.CSBOOK_SANCTION("S01", None, 0, 1.0) == "严重警告"
    assert udfs.CSBOOK_SANCTION("D02", "留察") == "留察"


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: udfs.CSBOOK_REPLY_DUE("下周"), "受理时间无法识别"),
        (lambda: udfs.CSBOOK_REPLY_STATUS("2026-10-08 10:00", "2026-10-07 09:00"), "早于"),
        (
            lambda: udfs.CSBOOK_GRADE([["2026-10-01"], ["上旬"]], [["甲"], ["甲"]], [["a"], ["a"]]),
            "第2行",
        ),
        (lambda: udfs.CSBOOK_GRADE("2026-10-01", "甲", "态度", None, "很多"), "回访次数"),
        (lambda: udfs.CSBOOK_REPLY_DUE("11/03/2026 10:00"), "也可能是2026-03-11"),
        (lambda: udfs.CSBOOK_REPLY_DUE(datetime(2026, 10, 1), "两天"), "回复时限"),
        (lambda: udfs.CSBOOK_WORKDAY(datetime(2040, 1, 1), 1.0), "2040年"),
        (lambda: udfs.CSBOOK_SANCTION("X99"), "不在过失目录"),
        (lambda: udfs.CSBOOK_SANCTION("L01", "记过"), "处分要求"),
        (lambda: udfs.CSBOOK_GRADE([[1.0], [2.0]], [["a"]], [["b"], ["c"], ["d"]]), "长度"),
        (lambda: udfs.CSBOOK_NETWORKDAYS(object(), 1.0), "#错误"),
        # a count that can be no count, and the 参数 sheet's bounds on a setting's stand-in
        (lambda: udfs.CSBOOK_SANCTION("L15", None, -1.0), "次数不能为负数"),
        (lambda: udfs.CSBOOK_FOLLOWUP_DUE(datetime(2026, 10, 9), -3.0), "天数不能为负数"),
        (lambda: udfs.CSBOOK_FOLLOWUP_STATUS(datetime(2026, 10, 9), None, 30.0), "天数不能大于7"),
        (
            lambda: udfs.CSBOOK_GRADE("2026-10-01", "甲", "态度", None, 1.0, None, -1.0),
            "不能为负数",
        ),
        (lambda: udfs.CSBOOK_GRADE("2026-10-01", "甲", "态度", None, 1.0, None, 1.0, 0.0), "次数"),
    ],
)
def test_wrong_arguments_give_an_error_value_with_a_reason(call, text: str) -> None:
    """In a cell: #VALUE! (raised where there is no pywin32, as xlwings Server and Lite
    want it), so that IFERROR works; the reason is readable text."""
    with pytest.raises(udfs.CellError) as raised:
        call()
    assert raised.value.code == "#VALUE!"
    assert text in raised.value.why and "Traceback" not in raised.value.why


def test_every_function_is_importable_for_xlwings() -> None:
    for f in udfs.UDFS:
        assert f.__name__.startswith("CSBOOK_")
        params = inspect.signature(f).parameters.values()
        assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)  # xlwings' rule
        assert f.__doc__


def test_on_desktop_an_error_is_a_com_error_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """With pywin32 (desktop Excel) the error goes back as a VT_ERROR variant: the cell
    shows #VALUE! or the #N/A passed in, and ISERROR/IFERROR see it."""
    import sys
    import types

    made = []
    client = types.ModuleType("win32com.client")
    client.VARIANT = lambda kind, value: made.append((kind, value)) or ("variant", value)
    monkeypatch.setitem(sys.modules, "pythoncom", types.SimpleNamespace(VT_ERROR=10))
    monkeypatch.setitem(sys.modules, "win32com", types.ModuleType("win32com"))
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    assert udfs.CSBOOK_TIER("X99") == ("variant", udfs.XL_ERRORS["#VALUE!"])
    assert udfs.CSBOOK_REPLY_DUE("#N/A") == ("variant", udfs.XL_ERRORS["#N/A"])
    assert made == [(10, -2146826273), (10, -2146826246)]


def test_an_error_passed_in_comes_out() -> None:
    with pytest.raises(udfs.CellError) as raised:
        udfs.CSBOOK_WORKDAY(datetime(2026, 9, 30), "#N/A")
    assert raised.value.code == "#N/A"
    with pytest.raises(udfs.CellError) as raised:  # inside a range: the holidays
        udfs.CSBOOK_IS_WORKDAY(datetime(2026, 10, 8), [["日期", "类型"], ["#REF!", "休"]])
    assert raised.value.code == "#REF!"


def _declared(monkeypatch: pytest.MonkeyPatch):
    """The functions as xlwings' Windows add-in sees them: the module run again under the
    real decorators (outside Windows xlwings' `func` and `arg` do nothing)."""
    import importlib.util

    import xlwings as xw
    import xlwings_com

    xlwings_com._windows_engine()  # pywin32's stand-ins, which xlwings.udfs imports
    from xlwings import udfs as real

    monkeypatch.setattr(xw, "func", real.xlfunc)
    monkeypatch.setattr(xw, "arg", real.xlarg)
    monkeypatch.setattr(xw, "ret", real.xlret)
    spec = importlib.util.find_spec("csbook.excel.udfs")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_argument_reads_error_values_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    for f in _declared(monkeypatch).UDFS:
        assert all(a["options"].get("err_to_str") for a in f.__xlfunc__["args"]), f.__name__


def test_blank_in_blank_out() -> None:
    assert udfs.CSBOOK_IS_WORKDAY(None) == ""
    assert udfs.CSBOOK_WORKDAY("", 3.0) == ""
    assert udfs.CSBOOK_NETWORKDAYS(None, datetime(2026, 10, 9)) == ""
    assert udfs.CSBOOK_REPLY_STATUS(None, None) == ""
    assert udfs.CSBOOK_TIER(None) == ""
    assert udfs.CSBOOK_SANCTION("  ") == ""


def test_statuses_judged_as_of_now_are_volatile(monkeypatch: pytest.MonkeyPatch) -> None:
    declared = _declared(monkeypatch).UDFS
    volatile = {f.__name__ for f in declared if f.__xlfunc__["volatile"]}
    assert volatile == {"CSBOOK_REPLY_STATUS", "CSBOOK_FOLLOWUP_STATUS"}


def test_the_registers_words_are_understood() -> None:
    assert udfs.CSBOOK_SANCTION("S01", "通报批评") == "通报批评"
    assert udfs.CSBOOK_SANCTION("D02", "留用察看") == "留察"
    assert udfs.CSBOOK_NETWORKDAYS("2026-10-09", "2026-10-12") == 3  # a number, not text
    assert udfs.CSBOOK_GRADE(datetime(2026, 10, 1), "甲", "态度", None, "2次", "是") == "恶性"
