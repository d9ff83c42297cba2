"""Custom functions for the workbooks (`@xw.func`), imported by xlwings through UDF_MODULES
(`csbook.excel.udfs`): working days on mainland China's calendar, the reply and follow-up
deadlines of D02–D04, the complaint grade (C02) and the sanction for an offence code (P01,
P02). Thin wrappers over `csbook.rules`: the same answers as the buttons and the command line
for the same inputs. A function sees only its arguments, not the workbook: the settings are
the defaults unless given as arguments (复访天数, 重复投诉天数/次数, 节假日), and TIER and
SANCTION read the built-in 过失目录 and the default 先留察 setting — a branch that changed its
catalogue or 参数 gets its own answers from the buttons, not from these functions.

They behave like Excel's own functions. Arguments arrive as Excel gives them (real dates,
serial numbers, text in any shape staff type) and are read by the same parsers as the
registers, synonyms included (通报批评, 留用察看 ...). A blank main argument gives a blank
result; an error value passed in (`#N/A` from a lookup) comes out as the same error; a
wrong argument gives Excel's `#VALUE!`, so that IFERROR works, never a Python traceback
(xlwings' desktop add-in has no place for the reason; each function's `explained` form
gives it as text). The statuses that depend on "now" are volatile: Excel recalculates them
whenever it recalculates.

    =CSBOOK_REPLY_DUE(B2, , 节假日!$A$2:$B$60)      reply due moment (D02)
    =CSBOOK_REPLY_STATUS(B2, H2)                     按时 / 超时 / 待回复 / 已超期未回复
    =CSBOOK_WORKDAY(A2, 3, 节假日!$A$2:$B$60)        the 3rd working day after A2
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import xlwings as xw

from ..io import values
from ..io.parameters import one_setting
from ..io.sheets import parser_for
from ..rules import deadlines
from ..rules.calendar import UnknownYear, WorkCalendar
from ..rules.catalogue import BY_CODE, normal_code
from ..rules.complaints import c02_grades
from ..rules.context import Context
from ..rules.sanctions import (
    DISMISSAL_ORDER,
    NOTICE_ORDER,
    PROBATION_ORDER,
    Record,
    Sanction,
    p02_escalate,
)
from ..rules.schema import COMPLAINTS, HOLIDAYS_SHEET, OFFENCES
from ..rules.settings import Settings
from ..rules.table import Table

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")
CATEGORY = "csbook"
ERROR_PREFIX = "#错误："
_DAY_TYPE = values.choice_parser(
    HOLIDAYS_SHEET.column("day_type").choices, HOLIDAYS_SHEET.column("day_type").value_synonyms
)
_ORDER = parser_for(OFFENCES.column("order"), Settings())  # the register's words, synonyms too


class Bad(ValueError):
    """A wrong argument, said for staff."""


XL_ERRORS = {  # Excel's error values as the COM scode desktop Excel takes back
    "#NULL!": -2146826288,
    "#DIV/0!": -2146826281,
    "#VALUE!": -2146826273,
    "#REF!": -2146826265,
    "#NAME?": -2146826259,
    "#NUM!": -2146826252,
    "#N/A": -2146826246,
}


class CellError(Exception):
    """An Excel error value as a function's result: `code` (#VALUE!, #N/A ...) and, for
    people, why."""

    def __init__(self, code: str, why: str = "") -> None:
        super().__init__(why or code)
        self.code = code
        self.why = why


def error_value(error: CellError) -> Any:
    """The error as Excel takes it back. Desktop Excel (pywin32) takes a VT_ERROR variant:
    the cell shows the error value and IFERROR/ISERROR see it. Where there is no pywin32
    (xlwings Server and Lite, whose custom functions turn an exception into Excel's error
    with its message), the error is raised."""
    try:
        import pythoncom  # type: ignore[import-untyped]  # pywin32: desktop Excel only
        from win32com.client import VARIANT  # type: ignore[import-untyped]
    except ImportError:
        raise error from None
    return VARIANT(pythoncom.VT_ERROR, XL_ERRORS[error.code])


def _error_in(args: tuple[Any, ...]) -> str | None:
    """The first Excel error value among the arguments (read with err_to_str), if any."""
    for arg in args:
        items = arg if isinstance(arg, list) else [arg]
        for item in items:
            for value in item if isinstance(item, list) else [item]:
                if isinstance(value, str) and value in XL_ERRORS:
                    return value
    return None


def explain(f: F) -> F:
    """The function without Excel's error values: a wrong argument gives readable text
    starting with `#错误：` (for tests and for `CSBOOK_WHY`)."""

    @functools.wraps(f)
    def wrapper(*args: Any) -> Any:
        try:
            return f(*args)
        except UnknownYear as e:
            return f"{ERROR_PREFIX}日历不知道{e.year}年的节假日安排，请在“节假日”表补充{e.year}年"
        except (Bad, ValueError) as e:
            return f"{ERROR_PREFIX}{e}"

    return wrapper  # type: ignore[return-value]


def excel_safe(f: F) -> F:
    """Whatever goes wrong becomes an Excel error value, never a traceback: an error value
    passed in comes out as itself, a wrong argument as #VALUE!. Every argument is read
    with error values as their text, so that an error in is seen (not taken for a blank)."""
    readable = explain(f)

    @functools.wraps(f)
    def wrapper(*args: Any) -> Any:
        passed = _error_in(args)
        if passed is not None:
            return error_value(CellError(passed))
        try:
            result = readable(*args)
        except Exception as e:  # a cell shows an error value, not a traceback
            return error_value(CellError("#VALUE!", f"{type(e).__name__}: {e}"))
        if isinstance(result, str) and result.startswith(ERROR_PREFIX):
            return error_value(CellError("#VALUE!", result))
        return result

    for name in inspect.signature(f).parameters:
        xw.arg(name, err_to_str=True)(wrapper)
    wrapper.explained = readable  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _today() -> date:
    return datetime.now().date()


def _read(parse: Callable[[Any, date], R], value: Any, what: str) -> R:
    """`value` read by `parse` as of today. A cell formula has no warning to give: a value
    with two readings is an error."""
    try:
        read = parse(value, _today())
    except ValueError:
        raise Bad(f"{what}无法识别：{value}") from None
    if (why := values.asks(value, _today())) is not None:
        raise Bad(f"{what}“{value}”{why[0]}")
    return read


def _moment(value: Any, what: str) -> datetime | date:
    return _read(values.parse_datetime, value, what)


def _day(value: Any, what: str) -> date:
    return _read(values.parse_date, value, what)


def _int(value: Any, what: str, default: int, negative: bool = False) -> int:
    """A whole number; a negative one only where `negative` (a count of sanctions of -1 is
    no count, where a workday offset of -1 is a day back)."""
    if values.is_blank(value):
        return default
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        back = negative and text.startswith(("-", "－"))  # parse_int reads no sign
        try:
            number = values.parse_int(text[1:] if back else value, _today())
        except ValueError:
            raise Bad(f"{what}应为整数：{value}") from None
        return -number if back else number
    if number < 0 and not negative:
        raise Bad(f"{what}不能为负数：{value}")
    return number


def _setting(key: str, value: Any, what: str) -> int:
    """An argument standing for a 参数 setting (复访天数, 重复投诉天数 ...): blank is the setting's
    default, and a value the 参数 sheet would refuse (复访天数 30: at most 7) is refused."""
    number = _int(value, what, getattr(Settings(), key))
    try:
        return int(one_setting(key, number))
    except ValueError as e:
        raise Bad(f"{what}{e}：{value}") from None


def _rows(value: Any) -> list[list[Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        return [[value]]
    return [row if isinstance(row, list) else [row] for row in value]


@functools.lru_cache(maxsize=32)
def _calendar(overrides: tuple[tuple[date, bool], ...]) -> WorkCalendar:
    return WorkCalendar(dict(overrides))


def calendar_of(holidays: Any) -> WorkCalendar:
    """The calendar with the 节假日 rows given (date, 休/班); a header row or blank rows in
    the range are skipped."""
    found: dict[date, bool] = {}
    for row in _rows(holidays):
        if len(row) < 2 or values.is_blank(row[0]) or values.is_blank(row[1]):
            continue
        try:
            day = values.parse_date(row[0], _today())
            kind = _DAY_TYPE(row[1], _today())
        except ValueError:
            continue  # the header row, a note
        found[day] = kind == "班"
    return _calendar(tuple(sorted(found.items())))


def _rule(rule: Any) -> str:
    if values.is_blank(rule):
        return Settings().reply_rule
    try:
        return Settings.model_validate({"reply_rule": str(rule)}).reply_rule
    except ValueError:
        raise Bad(f"回复时限应为“1个工作日”或“24小时”：{rule}") from None


def _text(value: Any, ref: date) -> str | None:
    return values.clean_text(value)


def _instant(moment: datetime | date) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time())


def _as_of(value: Any) -> datetime:
    if values.is_blank(value):
        return datetime.now().replace(microsecond=0)
    moment = _moment(value, "参照时间")
    return moment if isinstance(moment, datetime) else deadlines.last_second(moment)


# ---------------------------------------------------------------------------------------------
# working days (D01)
# ---------------------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("holidays", ndim=2)
@excel_safe
def CSBOOK_IS_WORKDAY(day: Any, holidays: Any = None) -> Any:
    """是否工作日（中国法定节假日与调休；节假日：节假日表的 日期、类型 两列）"""
    if values.is_blank(day):
        return ""
    return calendar_of(holidays).is_working_day(_day(day, "日期"))


@xw.func(category=CATEGORY)
@xw.arg("holidays", ndim=2)
@excel_safe
def CSBOOK_WORKDAY(start: Any, days: Any, holidays: Any = None) -> Any:
    """start 之后第 days 个工作日（days 为负数时往前数）"""
    if values.is_blank(start):
        return ""
    return calendar_of(holidays).add_working_days(
        _day(start, "日期"), _int(days, "天数", 0, negative=True)
    )


@xw.func(category=CATEGORY)
@xw.arg("holidays", ndim=2)
@excel_safe
def CSBOOK_NETWORKDAYS(start: Any, end: Any, holidays: Any = None) -> Any:
    """start 到 end 之间（含两端）的工作日天数"""
    if values.is_blank(start) or values.is_blank(end):
        return ""
    cal = calendar_of(holidays)
    first, last = _day(start, "开始日期"), _day(end, "结束日期")
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    if (last - first).days > 3660:
        raise Bad("日期相隔超过十年")
    return sign * cal.working_days(first, last)


# ---------------------------------------------------------------------------------------------
# deadlines (D02–D04)
# ---------------------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("holidays", ndim=2)
@excel_safe
def CSBOOK_REPLY_DUE(received: Any, rule: Any = None, holidays: Any = None) -> Any:
    """首次回复期限（D02）：受理时间之后 1 个工作日（或 24 小时）；当天 24:00 显示为 23:59:59"""
    if values.is_blank(received):
        return ""
    due = deadlines.reply_due(_moment(received, "受理时间"), _rule(rule), calendar_of(holidays))
    return deadlines.cell_moment(due)


@xw.func(category=CATEGORY, volatile=True)  # judged as of now
@xw.arg("holidays", ndim=2)
@excel_safe
def CSBOOK_REPLY_STATUS(
    received: Any, replied: Any = None, as_of: Any = None, rule: Any = None, holidays: Any = None
) -> Any:
    """回复状态（D03）：按时 / 超时 / 待回复 / 已超期未回复（as_of 默认为现在）"""
    if values.is_blank(received):
        return ""
    start = _moment(received, "受理时间")
    due = deadlines.reply_due(start, _rule(rule), calendar_of(holidays))
    done = None if values.is_blank(replied) else _moment(replied, "回复时间")
    if done is not None and _instant(done) < _instant(start):
        raise Bad(f"回复时间早于受理时间：{done} < {start}")
    state = deadlines.status(done, due, _as_of(as_of))
    if state is None:
        raise Bad(f"回复时间只有日期，而期限就在当天（{deadlines.show(due)}）：无法判断是否按时")
    return str(state)


@xw.func(category=CATEGORY)
@excel_safe
def CSBOOK_FOLLOWUP_DUE(resolved: Any, days: Any = None) -> Any:
    """复访期限（D04）：解决日期之后 days 天（默认 3 天）当天结束"""
    if values.is_blank(resolved):
        return ""
    due = deadlines.followup_due(
        _moment(resolved, "解决时间"), _setting("followup_days", days, "天数")
    )
    return deadlines.cell_moment(due)


@xw.func(category=CATEGORY, volatile=True)  # judged as of now
@excel_safe
def CSBOOK_FOLLOWUP_STATUS(
    resolved: Any, followed: Any = None, days: Any = None, as_of: Any = None
) -> Any:
    """复访状态（D04）：按时 / 超时 / 待回复 / 已超期未回复"""
    if values.is_blank(resolved):
        return ""
    due = deadlines.followup_due(
        _moment(resolved, "解决时间"), _setting("followup_days", days, "天数")
    )
    done = None if values.is_blank(followed) else _moment(followed, "复访时间")
    return str(deadlines.status(done, due, _as_of(as_of)))  # due at a day's end: never None


# ---------------------------------------------------------------------------------------------
# complaint grade (C02)
# ---------------------------------------------------------------------------------------------


def _column(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [row[0] if isinstance(row, list) else row for row in value]
    return [value]


@xw.func(category=CATEGORY)
@xw.arg("received", ndim=1)
@xw.arg("client", ndim=1)
@xw.arg("category", ndim=1)
@xw.arg("result", ndim=1)
@xw.arg("followups", ndim=1)
@xw.arg("severe", ndim=1)
@xw.ret(expand="table", transpose=True)
@excel_safe
def CSBOOK_GRADE(
    received: Any,
    client: Any,
    category: Any,
    result: Any = None,
    followups: Any = None,
    severe: Any = None,
    window_days: Any = None,
    after_followups: Any = None,
) -> Any:
    """投诉等级（C02）：一般 / 重复 / 恶性。参数可为整列（受理时间、客户、投诉类别、回访结果、
    回访次数、恶性），结果为同样长的一列；重复投诉按同一客户同一类别 window_days 天内计"""
    columns = [_column(v) for v in (received, client, category, result, followups, severe)]
    n = len(columns[0])
    if any(len(c) not in (n, 1) for c in columns):
        raise Bad("各列长度应相同")
    columns = [c if len(c) == n else c * n for c in columns]
    ref = _today()
    keys = ("received_at", "client", "category", "followup_result", "followups", "severe")
    cols: dict[str, list[Any]] = {}
    for key, column in zip(keys, columns, strict=True):
        # as the register reads it; a category is the workbook's own word (its list is a
        # setting of the 参数 sheet, which a function does not see)
        parse = _text if key == "category" else parser_for(COMPLAINTS.column(key), Settings())
        parsed = []
        for i, v in enumerate(column, start=1):
            try:
                parsed.append(None if values.is_blank(v) else parse(v, ref))
            except ValueError:
                header = COMPLAINTS.column(key).header
                raise Bad(f"第{i}行{header}无法识别：{v}") from None
        cols[key] = parsed
    settings = Settings(
        repeat_window_days=_setting("repeat_window_days", window_days, "天数"),
        repeat_after_followups=_setting("repeat_after_followups", after_followups, "次数"),
    )
    table = Table(COMPLAINTS, list(range(2, n + 2)), cols)
    ctx = Context(settings=settings, calendar=WorkCalendar(), as_of=datetime.now())
    grades = c02_grades(table, ctx)
    filled = [any(not values.is_blank(c[i]) for c in columns) for i in range(n)]
    out = [grade if filled[i] else "" for i, grade in enumerate(grades)]
    return out if n > 1 else out[0]


# ---------------------------------------------------------------------------------------------
# sanctions (P01, P02)
# ---------------------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@excel_safe
def CSBOOK_TIER(code: Any) -> Any:
    """过失代码的等级：轻度过失 / 严重过失 / 重大过失 / 开除情况"""
    if values.is_blank(code):
        return ""
    offence = BY_CODE.get(normal_code(str(code or "")))
    if offence is None:
        raise Bad(f"过失代码不在过失目录中：{code}")
    return str(offence.tier)


@xw.func(category=CATEGORY)
@excel_safe
def CSBOOK_SANCTION(
    code: Any, order: Any = None, oral: Any = None, criticism: Any = None, warning: Any = None
) -> Any:
    """过失代码对应的处分（P01）；给出本人现有有效的口头批评、书面/通报批评、严重警告次数时，
    按 P02 升级（如第三次口头批评为书面批评）。order：处分要求（通报 / 留察 / 开除，及登记表
    认可的写法：通报批评、留用察看、予以开除）"""
    if values.is_blank(code):
        return ""
    offence = BY_CODE.get(normal_code(str(code or "")))
    if offence is None:
        raise Bad(f"过失代码不在过失目录中：{code}")
    try:
        wanted = None if values.is_blank(order) else _ORDER(order, _today())
    except ValueError:
        raise Bad(
            f"处分要求应为“{NOTICE_ORDER}”“{PROBATION_ORDER}”或“{DISMISSAL_ORDER}”：{order}"
        ) from None
    day = _today()
    file: list[Record] = []
    for sanction, count in (
        (Sanction.ORAL, oral),
        (Sanction.WRITTEN, criticism),
        (Sanction.WARNING, warning),
    ):
        file += [Record(sanction, day, None) for _ in range(_int(count, "次数", 0))]
    final, _, _ = p02_escalate(file, offence.tier, day, wanted, Settings().probation_first)
    return str(final)


UDFS = (
    CSBOOK_IS_WORKDAY,
    CSBOOK_WORKDAY,
    CSBOOK_NETWORKDAYS,
    CSBOOK_REPLY_DUE,
    CSBOOK_REPLY_STATUS,
    CSBOOK_FOLLOWUP_DUE,
    CSBOOK_FOLLOWUP_STATUS,
    CSBOOK_GRADE,
    CSBOOK_TIER,
    CSBOOK_SANCTION,
)
