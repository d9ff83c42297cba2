"""The 参数 and 节假日 sheets: a workbook's own settings and calendar overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..rules.findings import Checked, Finding, finding
from ..rules.settings import SETTING_KEYS, Settings
from ..rules.table import Table
from ..rules.text import squeeze

_KEYS = {squeeze(k): v for k, v in SETTING_KEYS.items()}


def _reason(err: Mapping[str, Any]) -> tuple[str, str]:
    """A pydantic error as staff read it (zh) and as pydantic says it (en)."""
    en = str(err["msg"]).removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    zh = {
        "less_than_equal": f"不能大于{ctx.get('le')}",
        "less_than": f"应小于{ctx.get('lt')}",
        "greater_than_equal": f"不能小于{ctx.get('ge')}",
        "greater_than": f"应大于{ctx.get('gt')}",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "decimal_parsing": "应为数字",
        "literal_error": "应为 1个工作日 或 24小时",
    }.get(str(err["type"]), en)  # our own ValueErrors are already Chinese
    return zh, en


@dataclass
class SettingsRead:
    settings: Settings
    # setting key -> the R02.setting (R03.setting: an error value, an uncalculated formula)
    # finding of a value that could not be read: a face that must not fall back to a default
    # for that setting refuses on it, 月处罚汇总 names it with the value used instead
    rejected: dict[str, Finding] = field(default_factory=dict)


def settings_from_table(
    t: Table | None, overrides: Mapping[str, Any] | None = None
) -> Checked[SettingsRead]:
    """Defaults, then the 参数 sheet, then `overrides` (csbook.toml, command line). A value
    that does not validate is reported on its cell (an override's on the sheet as a whole)
    and the value below it is kept."""
    found: list[Finding] = []
    rejected: dict[str, Finding] = {}
    from_sheet: dict[str, Any] = {}
    where: dict[str, int] = {}  # key -> row index of its cell
    label: dict[str, str] = {}  # key -> the name as staff typed it
    if t is not None:
        values = t.col("value")
        unread = t.invalid.get("value", set())  # R03 on the cell: an error value, a formula
        for i, name in t.valid("key"):
            key = _KEYS.get(squeeze(name))
            if key is None:
                found.append(t.find("R02.unknown_setting", i, "key", setting=name))
            elif i in unread:  # as rejected as an R02 value: the default is used and said
                rejected[key] = t.find("R03.setting", i, "value", setting=name)
            elif values[i] is not None:
                rejected.pop(key, None)
                if key in where:
                    found.append(
                        t.find(
                            "R02.duplicate_setting",
                            i,
                            "key",
                            setting=name,
                            other=t.rows[where[key]],
                        )
                    )
                from_sheet[key] = values[i]
                where[key] = i
                label[key] = name
    overridden = dict(overrides or {})
    typed = {**from_sheet, **overridden}
    while True:
        try:
            return Checked(SettingsRead(Settings.model_validate(typed), rejected), found)
        except ValidationError as e:
            errors = [err for err in e.errors() if err["loc"] and str(err["loc"][0]) in typed]
            if not errors:  # nothing left to blame: defaults
                return Checked(SettingsRead(Settings(), rejected), found)
            for err in errors:
                key = str(err["loc"][0])
                value = typed.pop(key, None)
                zh, en = _reason(err)
                if key in overridden:
                    # a bad command-line or csbook.toml value: not the cell's fault, and the
                    # cell's own value (if any) still counts
                    del overridden[key]
                    if key in from_sheet:
                        typed[key] = from_sheet[key]
                    rejected[key] = finding(
                        "R02.setting", "参数", 0, key, setting=key, value=value, why=zh, why_en=en
                    )
                    found.append(rejected[key])
                elif t is not None and key in where:
                    rejected[key] = t.find(
                        "R02.setting",
                        where[key],
                        "value",
                        setting=label[key],
                        value=value,
                        why=zh,
                        why_en=en,
                    )
                    found.append(rejected[key])


def holidays_from_table(t: Table | None) -> dict[date, bool]:
    """节假日 rows: date -> True for 班 (a working day), False for 休 (a rest day)."""
    if t is None:
        return {}
    kinds = t.col("day_type")
    return {day: kinds[i] == "班" for i, day in t.valid("date") if kinds[i] is not None}
