"""The 参数 and 节假日 sheets: a workbook's own settings and calendar overrides."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..rules.findings import Finding, Severity, finding
from ..rules.settings import SETTING_KEYS, Settings
from ..rules.table import Table
from ..rules.text import squeeze

_KEYS = {squeeze(k): v for k, v in SETTING_KEYS.items()}


def settings_from_table(
    t: Table | None, overrides: Mapping[str, Any] | None = None
) -> tuple[Settings, list[Finding]]:
    """Defaults, then the 参数 sheet, then `overrides` (csbook.toml, command line). A value
    that does not validate is reported on its cell and the default is kept."""
    found: list[Finding] = []
    typed: dict[str, Any] = {}
    where: dict[str, int] = {}
    if t is not None:
        values = t.col("value")
        for i, name in t.valid("key"):
            key = _KEYS.get(squeeze(name))
            if key is None:
                found.append(
                    t.find("R02", i, "key", Severity.WARNING, "R02.unknown_setting", key=name)
                )
            elif values[i] is not None:
                typed[key] = values[i]
                where[key] = i
    typed.update(overrides or {})
    while True:
        try:
            return Settings.model_validate(typed), found
        except ValidationError as e:
            for err in e.errors():
                key = str(err["loc"][0])
                value = typed.pop(key, None)
                why = err["msg"].removeprefix("Value error, ")
                if key in where and t is not None:
                    found.append(
                        t.find(
                            "R02",
                            where[key],
                            "value",
                            msg="R02.setting",
                            key=key,
                            value=value,
                            why=why,
                        )
                    )
                else:
                    found.append(
                        finding(
                            "R02", "参数", 0, key, msg="R02.setting", key=key, value=value, why=why
                        )
                    )


def holidays_from_table(t: Table | None) -> dict[date, bool]:
    """节假日 rows: date -> True for 班 (a working day), False for 休 (a rest day)."""
    if t is None:
        return {}
    kinds = t.col("day_type")
    return {day: kinds[i] == "班" for i, day in t.valid("date") if kinds[i] is not None}
