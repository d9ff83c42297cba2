"""Settings (SPEC §2): every number the rules use, with the sources' defaults.

Values arrive as staff type them in the 参数 sheet ("20 %", "3天", "1个工作日",
"早班 08:00, 中班 16:00, 夜班 00:00"); the before-validators read those shapes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .periods import Period, PeriodKind
from .schema import VISITS
from .text import blank_marker, squeeze

_LIST_SEP = re.compile(r"[,，、;；/\n]+")
_MONTH_SEP = re.compile(r"[,，、;；\n]+")
# a shift: a name (not a number), its start `8:00` / `8点` / `4:00PM` / `下午4:00`, nothing after
_SHIFT = re.compile(
    r"^(?!\d)(\S+?)\s*[:：=]?\s*(上午|下午)?\s*(\d{1,2})\s*[:：点时]\s*(\d{2})?"
    r"\s*(am|pm|a\.m\.|p\.m\.)?\s*$",
    re.IGNORECASE,
)
_MONTH = re.compile(r"^(\d{4})\s*[-年./]\s*(\d{1,2})\s*月?$")
_YES = {"是", "yes", "y", "true", "1", "✓", "√", "先留察"}
_NO = {"否", "no", "n", "false", "0", "×", "不", "直接开除"}


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _items(value: Any) -> Any:
    """A list typed in one cell: split at commas, 、, semicolons, slashes or line breaks."""
    if isinstance(value, str):
        return tuple(item.strip() for item in _LIST_SEP.split(_text(value)) if item.strip())
    return value


def _words(value: Any) -> Any:
    """A list of words (categories, levels, branches) typed in one cell, as `_items`; with none
    of its separators but spaces (`服务态度 服务质量 其他`), at its spaces: none of these is
    one item of several words."""
    if isinstance(value, str) and not _LIST_SEP.search(_text(value)):
        return tuple(_SPACES.split(_text(value))) if _text(value) else ()
    return _items(value)


_NUMBER_AND_UNIT = re.compile(r"^([-+]?\d+(?:\.\d+)?)(.*)$")
_SPACES = re.compile(r"\s+")


class Unit(NamedTuple):
    """What may stand before and after a setting's number: its own unit, and nothing else
    (`1年` in a setting of days is not 1 day, `1.2万` not 1.2 yuan: refused, never cut off)."""

    words: tuple[str, ...]  # after the number
    before: tuple[str, ...] = ()  # before it
    example: str = ""

    def number(self, value: Any) -> Any:
        """The number typed (as text, for the field's own type to take); a number passes."""
        if not isinstance(value, str):
            return value
        text = _SPACES.sub("", _text(value).replace(",", "")).lower()
        for word in self.before:
            text = text.removeprefix(word)
        m = _NUMBER_AND_UNIT.match(text)
        if m is None or (m[2] and m[2] not in self.words):
            raise ValueError(f"应为{self.example}")
        return m[1]


DAYS = Unit(("天", "日", "日历日", "个日历日"), example="天数，如 30（1周写 7，1年写 365）")
WORKING_DAYS = Unit(("个工作日", "工作日", "天", "日"), example="工作日数，如 2")
YUAN = Unit(
    ("元", "块", "元/次", "元/月", "元每次", "元每月", "/次", "/月"),
    ("￥", "¥", "rmb", "人民币"),
    "元数，如 20（1万写 10000）",
)
MINUTES = Unit(("分钟", "分", "min"), example="分钟数，如 10")
COUNT = Unit(("次", "家", "个", "户"), ("每月", "每年", "每人每月", "每人"), "次数，如 20")
MONTHS = Unit(("个月", "月"), example="月数，如 2")
PERCENT = Unit(("%",), example="百分比，如 20%")
VOLUME = Unit(("件", "户", "单", "次", "个"), example="业务量，如 1200")


def _fraction(value: Any) -> Any:
    """`20 %`, `20%`, `0.2` → Decimal 0.2; 100 % → 1."""
    if isinstance(value, str) and "%" in _text(value):
        return Decimal(PERCENT.number(value)) / 100
    number = PERCENT.number(value)
    if number is not None and Decimal(str(number)) > 1:
        return Decimal(str(number)) / 100
    return number


def _cut(value: Any) -> Any:
    """A pay cut's ratio: as `_fraction`, but a bare 1 is refused. It is the one number whose
    two readings part (a fraction, 100 %; a percentage, 1 %), and a whole month's base and
    allowance cut from a one-character cell is no reading to make quietly. (A Decimal comes
    from code, not from a cell, and is taken as it is.)"""
    typed = not isinstance(value, Decimal | bool) and value not in (None, "")
    if typed and "%" not in _text(value) and Decimal(str(PERCENT.number(value))) == 1:
        raise ValueError("1 可能是 100% 也可能是 1%，请写成带 % 的比例，如 20%")
    return _fraction(value)


class Shift(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    start: time


def _typed_shifts(value: str) -> list[tuple[str, int, int, bool]]:
    """(name, hour, minute, whether the hour may be 12 hours off) of each shift typed."""
    typed: list[tuple[str, int, int, bool]] = []
    for item in _items(value):
        m = _SHIFT.match(item)
        if not m:
            raise ValueError(
                f"班次“{item}”应写成 名称 时:分，多个用逗号分隔，如 早班 08:00, 中班 16:00"
            )
        name, hour, minute = m[1], int(m[3]), int(m[4] or 0)
        half = {"上午": "am", "下午": "pm"}.get(m[2] or "", (m[5] or "").lower())
        if hour > 24 or minute > 59 or (half and not 1 <= hour <= 12) or (m[2] and m[5]):
            raise ValueError(f"班次“{item}”的时间无效")
        if any(name == other for other, *_ in typed):
            raise ValueError(f"班次“{name}”写了两次")
        if half:  # 12:00AM is midnight, 4:00PM 16:00
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        typed.append((name, hour % 24, minute, not half and 1 <= hour <= 12))
    return typed


def _in_day_order(starts: list[int]) -> bool:
    """Starts (minutes after midnight) go round the day once, each after the one before."""
    offsets = [(start - starts[0]) % (24 * 60) for start in starts]
    return all(a < b for a, b in pairwise(offsets))


def read_shifts(value: str) -> tuple[tuple[Shift, ...], bool]:
    """班次 as typed, and whether a start was read 12 hours off what was typed.

    The shifts are listed in the order of the day (SETTING_NOTES), the night shift crossing
    midnight. A list whose starts do not go round the day in that order was typed on a
    12-hour clock (`早班 8:00, 中班 4:00, 夜班 12:00`): each start without AM/PM is then read
    as the first of its two readings that comes after the shift before (16:00, then 00:00);
    a list no reading puts in order is refused."""
    typed = _typed_shifts(value)
    starts = [hour * 60 + minute for _, hour, minute, _ in typed]
    moved = not _in_day_order(starts)
    if moved:
        first, previous = starts[0], 0
        for k, (_, hour, minute, either) in enumerate(typed[1:], start=1):
            readings = [hour * 60 + minute] + ([(hour + 12) % 24 * 60 + minute] if either else [])
            later = [(r - first) % (24 * 60) for r in readings]
            later = [offset for offset in later if offset > previous]
            if not later:
                raise ValueError("各班上班时间应按一天内的顺序排列（夜班跨入次日），请核对")
            previous = min(later)
            starts[k] = (first + previous) % (24 * 60)
    shifts = tuple(
        Shift(name=name, start=time(start // 60, start % 60))
        for (name, *_), start in zip(typed, starts, strict=True)
    )
    return shifts, moved


def _shifts(value: Any) -> Any:
    return read_shifts(_text(value))[0] if isinstance(value, str) else value


def _volumes(value: Any) -> Any:
    """`一站=1200; 二站=800` → {"一站": 1200, "二站": 800}."""
    if not isinstance(value, str):
        return value
    volumes: dict[str, int] = {}
    for item in _items(value):
        name, sep, number = item.rpartition("=") if "=" in item else item.rpartition(":")
        if not sep or not name.strip():
            raise ValueError(f"“{item}”应写成 单位=业务量")
        volume = int(Decimal(VOLUME.number(number)))
        if volumes.setdefault(name.strip(), volume) != volume:
            raise ValueError(f"“{name.strip()}”写了两次，业务量不同")
    return volumes


def _months(value: Any) -> Any:
    """`2026-10, 2026年11月` → (2026-10-01, 2026-11-01); blank → none."""
    if value is None or value == "":
        return ()
    if isinstance(value, date):  # Excel turns a typed 2026-10 into the date 2026-10-01
        return (date(value.year, value.month, 1),)
    if not isinstance(value, str):
        return value
    months = []
    # `/` is no list separator here: 2026/11 is a month (in other lists it separates items)
    for item in filter(None, map(str.strip, _MONTH_SEP.split(_text(value)))):
        m = _MONTH.match(item)
        if not m or not 1 <= int(m[2]) <= 12:
            raise ValueError(f"月份“{item}”应写成 年-月，如 2026-10")
        months.append(date(int(m[1]), int(m[2]), 1))
    return tuple(months)


PERIOD_FORMS = "2026-11（月）、2026-W48（周）、2026-Q4（季度）或 2026（年）"


def _period(value: Any) -> Any:
    """summary_period: blank → none (the latest month with rows); `2026-11` / `2026年11月`,
    `2026-W48`, `2026-Q4`, `2026`. Excel turns a typed 2026-11 into 2026-11-01 and 2026 into
    a number: those are read back; any other day of a month is refused rather than guessed
    to mean its month (or its week)."""
    if value is None or value == "":
        return None
    if isinstance(value, Period):
        return value
    if isinstance(value, date):
        if value.day != 1 or (isinstance(value, datetime) and (value.hour or value.minute)):
            raise ValueError(f"汇总期间应写成 {PERIOD_FORMS}，不是某一天")
        return Period.month(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        value = str(int(value))
    text = _text(value)
    upper = text.upper()
    if "W" in upper:
        return Period.parse(PeriodKind.WEEK, text)  # its PeriodError says what is wrong
    if "Q" in upper:
        return Period.parse(PeriodKind.QUARTER, text)
    if m := _MONTH.match(text):
        if not 1 <= int(m[2]) <= 12:
            raise ValueError(f"没有 {int(m[2])} 月：{text}")
        return Period.month(date(int(m[1]), int(m[2]), 1))
    if re.fullmatch(r"\d{4}\s*年?", text):
        return Period.parse(PeriodKind.YEAR, text)
    raise ValueError(f"汇总期间应写成 {PERIOD_FORMS}")


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    text = _text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError("应填 是 或 否")


def _reply_rule(value: Any) -> Any:
    text = _text(value).replace(" ", "").lower()
    if text in {"1workingday", "1个工作日", "一个工作日", "1工作日", "工作日"}:
        return "1 working day"
    if text in {"24hours", "24小时", "二十四小时", "24h"}:
        return "24 hours"
    raise ValueError("应为 1个工作日 或 24小时")


ALL_METHODS = "全部"  # signature_methods: every visit needs the signature (000 十.2)
_ALL_WORDS = {"全部", "所有", "全部方式", "所有方式", "全部回访", "所有回访", "all"}
_NO_METHOD = {"不需要", "不用", "都不需要", "none"}


def _methods(value: Any) -> Any:
    """须客户签字的回访方式, read through the 回访方式 column's own list and synonyms (面谈 and
    上门回访 are 上门, as in 回访登记): a word that is no method is refused, never a check
    that silently stops; `全部` / `所有`: every method; a blank marker (`无`, `/`) or `不需要`:
    none."""
    if not isinstance(value, str):
        return value
    column = VISITS.column("method")
    methods = {squeeze(m): m for m in column.choices}
    methods |= {squeeze(word): m for word, m in column.value_synonyms}
    read: list[str] = []
    for item in _items(value):
        word = squeeze(item)
        if blank_marker(word) or word in _NO_METHOD:
            continue
        method = ALL_METHODS if word in _ALL_WORDS else methods.get(word)
        if method is None:
            raise ValueError(f"“{item}”不是回访方式，应为 {'、'.join(column.choices)} 或 全部")
        if method not in read:
            read.append(method)
    return tuple(read)


def _target_counts(value: Any) -> Any:
    """V01's unit: 客户 / clients (distinct clients visited) or 次数 / visits (rows)."""
    text = _text(value).lower().removeprefix("按").removesuffix("计算").removesuffix("计")
    if text in {"clients", "客户", "客户数", "客户家数", "家", "家数", "户", "户数", "客户单位"}:
        return "clients"
    if text in {"visits", "次数", "回访次数", "次", "条", "条数", "记录条数", "回访记录条数"}:
        return "visits"
    raise ValueError("应为 客户 或 次数")


# the settings typed as a number, with the unit each may carry
NUMBER_UNITS: dict[str, Unit] = {
    "visits_per_month": COUNT,
    "followup_days": DAYS,
    "opinion_per_year": COUNT,
    "install_followup_days": DAYS,
    "repeat_window_days": DAYS,
    "repeat_after_followups": COUNT,
    "arrive_early_min": MINUTES,
    "oral_fine_second": YUAN,
    "notice_fine": YUAN,
    "warning_cut_months": MONTHS,
    "probation_months": MONTHS,
    "allowance_cap": YUAN,
    "late_fine": YUAN,
    "absence_days_deducted": DAYS,
    "pay_days_per_month": DAYS,
    "local_min_wage": YUAN,
    "appeal_days": DAYS,
    "criticism_valid_days": DAYS,
    "marriage_leave_days": DAYS,
    "marriage_notice_days": DAYS,
    "leave_approval_days": DAYS,
    "sick_note_working_days": WORKING_DAYS,
}


class Settings(BaseModel):
    """One department's settings; `Settings()` is the sources' defaults."""

    model_config = ConfigDict(frozen=True, validate_default=False)

    branch: str = ""  # 分公司: whose figures these are in a summary of many workbooks
    branches: tuple[str, ...] = ()  # the branches that report to head office every month
    visits_per_month: int = Field(20, ge=0)
    signature_methods: tuple[str, ...] = ("上门",)
    followup_days: int = Field(3, ge=0, le=7)  # 000 十.4: 不超过三日或一周内
    followup_rate_target: Decimal = Field(Decimal(1), ge=0, le=1)
    opinion_per_year: int = Field(1, ge=0)
    reply_rule: Literal["1 working day", "24 hours"] = "1 working day"
    install_followup_days: int = Field(3, ge=0, le=60)
    repeat_window_days: int = Field(30, ge=0, le=366)
    repeat_after_followups: int = Field(2, ge=1)
    arrive_early_min: int = Field(10, ge=0, le=120)
    shifts: tuple[Shift, ...] = (
        Shift(name="早班", start=time(8)),
        Shift(name="中班", start=time(16)),
        Shift(name="夜班", start=time(0)),
    )
    oral_fine_second: Decimal = Field(Decimal(20), ge=0)
    notice_fine: Decimal = Field(Decimal(100), ge=0)
    warning_cut: Decimal = Field(Decimal("0.2"), ge=0, le=1)
    warning_cut_months: int = Field(2, ge=1, le=12)
    probation_cut: Decimal = Field(Decimal("0.4"), ge=0, le=1)
    probation_months: int = Field(2, ge=1, le=12)
    probation_first: bool = True
    record_only_months: tuple[date, ...] = ()
    allowance_cap: Decimal | None = Field(Decimal(400), ge=0)
    late_fine: Decimal = Field(Decimal(20), ge=0)
    absence_days_deducted: Decimal = Field(Decimal(3), ge=0)
    pay_days_per_month: Decimal = Field(Decimal("20.92"), gt=0, le=31)
    local_min_wage: Decimal | None = Field(None, ge=0)
    appeal_days: int = Field(6, ge=0)
    satisfaction_scale: tuple[str, ...] = ("非常满意", "满意", "一般", "不满意")
    satisfied_levels: tuple[str, ...] = ("非常满意", "满意")
    criticism_valid_days: int = Field(365, ge=1)
    complaint_categories: tuple[str, ...] = (
        "服务态度",
        "服务质量",
        "工作效率",
        "收费",
        "安全",
        "设备设施",
        "其他",
    )
    unit_volume: dict[str, int] = {}
    visits_target_counts: Literal["clients", "visits"] = "clients"
    marriage_leave_days: int = Field(3, ge=0, le=60)
    marriage_notice_days: int = Field(7, ge=0, le=60)
    leave_approval_days: Decimal = Field(Decimal(3), ge=0, le=60)
    sick_note_working_days: int = Field(2, ge=0, le=30)
    summary_period: Period | None = None  # 月度汇总 button; None: the latest month with rows

    _lists = field_validator(
        "branches",
        "satisfaction_scale",
        "satisfied_levels",
        "complaint_categories",
        mode="before",
    )(classmethod(lambda cls, v: _words(v)))

    @field_validator(*NUMBER_UNITS, mode="before")
    @classmethod
    def _number(cls, value: Any, info: ValidationInfo) -> Any:
        """A number typed with its own unit (`3天`, `20元`, `10分钟`); any other word refused."""
        if value in (None, ""):
            return None
        return NUMBER_UNITS[str(info.field_name)].number(value)

    @field_validator("satisfied_levels")
    @classmethod
    def _on_the_scale(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        """计为满意的等级 are levels of 满意度等级: one off the scale could never be counted."""
        scale = info.data.get("satisfaction_scale", ())
        if missing := [level for level in value if level not in scale]:
            raise ValueError(f"“{'、'.join(missing)}”不在满意度等级（{'、'.join(scale)}）中")
        return value

    @model_validator(mode="before")
    @classmethod
    def _satisfied_from_scale(cls, data: Any) -> Any:
        """SPEC §2: the first two levels of the scale are satisfied, unless 计为满意的等级 says
        otherwise (a scale of 好, 较好, 一般, 差, 很差 counts 好 and 较好)."""
        typed = isinstance(data, dict) and "satisfaction_scale" in data
        if typed and data.get("satisfied_levels") in (None, ""):
            data = {**data, "satisfied_levels": tuple(_words(data["satisfaction_scale"])[:2])}
        return data

    _fractions = field_validator("followup_rate_target", mode="before")(
        classmethod(lambda cls, v: _fraction(v))
    )
    _cuts = field_validator("warning_cut", "probation_cut", mode="before")(
        classmethod(lambda cls, v: _cut(v))
    )
    _signature_methods = field_validator("signature_methods", mode="before")(
        classmethod(lambda cls, v: _methods(v))
    )
    _month_list = field_validator("record_only_months", mode="before")(
        classmethod(lambda cls, v: _months(v))
    )
    _probation_first = field_validator("probation_first", mode="before")(
        classmethod(lambda cls, v: _yes_no(v))
    )
    _shift_list = field_validator("shifts", mode="before")(classmethod(lambda cls, v: _shifts(v)))
    _volume_map = field_validator("unit_volume", mode="before")(
        classmethod(lambda cls, v: _volumes(v))
    )
    _reply = field_validator("reply_rule", mode="before")(
        classmethod(lambda cls, v: _reply_rule(v))
    )
    _summary_period = field_validator("summary_period", mode="before")(
        classmethod(lambda cls, v: _period(v))
    )
    _target = field_validator("visits_target_counts", mode="before")(
        classmethod(lambda cls, v: _target_counts(v))
    )

    def signature_needed(self, method: str) -> bool:
        """V11: whether a visit by `method` needs the client's signature (`全部`: every one)."""
        return method in self.signature_methods or ALL_METHODS in self.signature_methods

    @property
    def shift_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.shifts)

    def choices(self, setting: str) -> tuple[str, ...]:
        """The list a CHOICE column takes from a setting (empty: free text)."""
        if setting == "shifts":
            return self.shift_names
        return tuple(getattr(self, setting))


# what the 参数 sheet shows: Chinese name and note for every key, in order
SETTING_NOTES: dict[str, tuple[str, str]] = {
    "branch": ("分公司", "本工作簿所属分公司；汇总多个分公司时用来区分，留空则用文件名"),
    "branches": ("应报分公司", "每月应交报表的分公司，逗号分隔；收取邮件时据此列出缺少的"),
    "visits_per_month": ("每月回访量", "每名客服每月应完成的回访次数 [000 十.1]"),
    "signature_methods": ("须客户签字的回访方式", "这些方式的回访必须有客户签字，多个用逗号分隔"),
    "followup_days": ("复访天数", "解决后几天内复访（日历日，最长可设7天）[000 十.4]"),
    "followup_rate_target": ("复访率目标", "按期复访的问题数 / 已解决问题数 [000 十.4]"),
    "opinion_per_year": ("每年意见征求次数", "每个客户单位每年至少一次意见征求回访 [000 十.3]"),
    "reply_rule": ("投诉回复时限", "1个工作日 或 24小时 [000 五.4]"),
    "install_followup_days": ("安装后回访天数", "安装完成后2–3天内回访 [003 篇三]"),
    "repeat_window_days": ("重复投诉天数", "同一客户同类投诉在此天数内再次发生即为重复投诉"),
    "repeat_after_followups": ("重复投诉回访次数", "回访达到此次数仍未解决即为重复投诉"),
    "arrive_early_min": ("提前到岗分钟", "接班人应在上班前多少分钟到岗 [000 七(一)]"),
    "shifts": ("班次", "班次名称和上班时间，按一天内的顺序；夜班跨入次日"),
    "oral_fine_second": ("第二次口头批评罚款", "元 [004 八.1]"),
    "notice_fine": ("通报批评罚款", "元，一次性 [004 八]"),
    "warning_cut": ("严重警告减薪比例", "减底薪和职务津贴的比例 [004 八]"),
    "warning_cut_months": ("严重警告减薪月数", "当月及其后月份 [004 八]"),
    "probation_cut": ("留察减薪比例", "留察期间减底薪和职务津贴的比例 [004 八]"),
    "probation_months": ("留察减薪月数", "当月及其后月份；原文未规定期限，默认2个月"),
    "probation_first": (
        "先予留察",
        "是：应开除而管理层未在“处分要求”写明开除的，先给予留察；留察期间再犯严重及以上过失的开除 [004 八.3]",
    ),
    "record_only_months": (
        "仅记录月份",
        "特殊时期只登记处分、不处罚的月份，如 2026-10，多个用逗号分隔：过失不罚款不扣薪，"
        "迟到早退不罚款，旷工只扣当天工资、不另扣；事假、病假照扣 [003]",
    ),
    "allowance_cap": ("岗位津贴上限", "元/月；员工表岗位津贴超过此数时提示 [000 四]"),
    "late_fine": ("迟到早退罚款", "每次，元 [003 篇十]"),
    "absence_days_deducted": ("旷工扣薪天数", "旷工一天扣几天的基本工资 [003 篇十]"),
    "pay_days_per_month": ("月计薪天数", "日工资 = 月工资 / 此天数 [003 篇十]"),
    "local_min_wage": ("当地最低工资", "元/月；病假工资计算必填 [003 篇十]"),
    "appeal_days": ("申诉期限天数", "接到处分通知后几天内可申诉 [004 九.2]"),
    "satisfaction_scale": ("满意度等级", "从好到差，逗号分隔；也可用 好,较好,一般,差,很差"),
    "satisfied_levels": ("计为满意的等级", "满意率的分子"),
    "criticism_valid_days": ("批评有效天数", "口头、书面、通报批评的有效期 [004 六、七]"),
    "complaint_categories": ("投诉类别", "投诉登记“投诉类别”的下拉选项；留空则不限"),
    "unit_volume": ("责任单位业务量", "用于投诉率：单位=业务量，分号分隔，如 一站=1200; 二站=800"),
    "visits_target_counts": (
        "回访量计数方式",
        "客户（本月回访的不同客户单位数，默认）或 次数（回访记录条数）[000 十.1 每月回访客户20家]",
    ),
    "marriage_leave_days": ("婚假天数", "带薪婚假天数（日历日），超出按事假计 [003 篇十]"),
    "marriage_notice_days": ("婚假提前申请天数", "婚假须提前几天申请 [003 篇十]"),
    "leave_approval_days": (
        "主管审批请假天数",
        "病事假不超过此天数由主管批准，超过须主任或经理批准 [003 篇十]",
    ),
    "sick_note_working_days": (
        "病假证明期限",
        "未事先申请的病假，开始后几个工作日内须交医院证明，否则视为旷工 [003 篇十]",
    ),
    "summary_period": (
        "汇总期间",
        "“月度汇总”按钮汇总的期间：2026-11（月）、2026-W48（周）、2026-Q4（季度）或"
        " 2026（年）；留空则为有数据的最近一个月",
    ),
}


_REPLY_RULE_SHOWN = {"1 working day": "1个工作日", "24 hours": "24小时"}


def used_instead(rejected: Iterable[str], settings: Settings) -> list[str]:
    """For each setting of 参数 whose value could not be read (by key), what was used in its
    place: “名称”为值 — said where the figures go (月处罚汇总, 来源), not only in the findings."""
    return [
        f"“{SETTING_NOTES[key][0]}”为{display(getattr(settings, key)) or '空'}"
        for key in rejected
        if key in SETTING_NOTES
    ]


def display(value: Any) -> str:
    """A setting's value written back as staff would type it."""
    if isinstance(value, str) and value in _REPLY_RULE_SHOWN:
        return _REPLY_RULE_SHOWN[value]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Period):
        return value.code
    if isinstance(value, tuple) and value and isinstance(value[0], date):
        return ", ".join(f"{m:%Y-%m}" for m in value)
    if isinstance(value, tuple) and value and isinstance(value[0], Shift):
        return ", ".join(f"{s.name} {s.start:%H:%M}" for s in value)
    if isinstance(value, tuple):
        return ", ".join(value)
    if value == "clients":
        return "客户"
    if value == "visits":
        return "次数"
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if value is None:
        return ""
    return str(value)


SETTING_KEYS: dict[str, str] = {
    **{key: key for key in SETTING_NOTES},
    **{label: key for key, (label, _) in SETTING_NOTES.items()},
}
