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


def _on(
    t: Table, index: int, column: str, rule: str, severity: Severity, msg: str, **params: object
) -> Finding:
    """A finding on a 参数 cell. Not `Table.find`: these messages have a `key` parameter,
    which `Table.find` takes as the column's key."""
    return finding(rule, t.sheet, t.rows[index], t.header(column), severity, msg, **params)


def settings_from_table(
    t: Table | None, overrides: Mapping[str, Any] | None = None
) -> tuple[Settings, list[Finding]]:
    """Defaults, then the 参数 sheet, then `overrides` (csbook.toml, command line). A value
    that does not validate is reported on its cell and the default is kept."""
    found: list[Finding] = []
    typed: dict[str, Any] = {}
    where: dict[str, int] = {}  # key -> row index of its cell
    label: dict[str, str] = {}  # key -> the name as staff typed it
    if t is not None:
        values = t.col("value")
        for i, name in t.valid("key"):
            key = _KEYS.get(squeeze(name))
            if key is None:
                found.append(
                    _on(t, i, "key", "R02", Severity.WARNING, "R02.unknown_setting", key=name)
                )
            elif values[i] is not None:
                typed[key] = values[i]
                where[key] = i
                label[key] = name
    from_sheet = dict(typed)
    overridden = set(overrides or {})
    typed.update(overrides or {})
    while True:
        try:
            return Settings.model_validate(typed), found
        except ValidationError as e:
            bad = {str(err["loc"][0]) for err in e.errors() if err["loc"]}
            if not bad & typed.keys():  # nothing left to blame: defaults
                return Settings(), found
            for err in e.errors():
                key = str(err["loc"][0]) if err["loc"] else ""
                if key not in typed:
                    continue
                value = typed.pop(key)
                why = err["msg"].removeprefix("Value error, ")
                if key in overridden:
                    # a bad command-line or csbook.toml value: not the cell's fault, and the
                    # cell's own value (if any) still counts
                    overridden.discard(key)
                    if key in from_sheet:
                        typed[key] = from_sheet[key]
                    found.append(
                        finding(
                            "R02", "参数", 0, key, msg="R02.setting", key=key, value=value, why=why
                        )
                    )
                elif key in where and t is not None:
                    found.append(
                        _on(
                            t,
                            where[key],
                            "value",
                            "R02",
                            Severity.ERROR,
                            "R02.setting",
                            key=label[key],
                            value=value,
                            why=why,
                        )
                    )


def holidays_from_table(t: Table | None) -> dict[date, bool]:
    """节假日 rows: date -> True for 班 (a working day), False for 休 (a rest day)."""
    if t is None:
        return {}
    kinds = t.col("day_type")
    return {day: kinds[i] == "班" for i, day in t.valid("date") if kinds[i] is not None}
