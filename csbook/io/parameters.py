"""The 参数 and 节假日 sheets: a workbook's own settings and calendar overrides."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..rules.findings import Checked, Finding, finding
from ..rules.settings import SETTING_KEYS, SETTING_NOTES, Settings, display, read_shifts
from ..rules.table import Table
from ..rules.text import blank_marker, squeeze

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
    }.get(str(err["type"]), en)  # our own ValueErrors are already Chinese
    return zh, en


def one_setting(key: str, value: Any) -> Any:
    """`value` as the setting `key` takes it (a custom function's argument standing for a 参数
    cell); raises ValueError saying, in Chinese, why the 参数 sheet would refuse it."""
    try:
        return getattr(Settings.model_validate({key: value}), key)
    except ValidationError as e:
        raise ValueError(_reason(e.errors()[0])[0]) from None


@dataclass
class SettingsRead:
    settings: Settings
    # setting key -> the R02.setting (R03.setting: an error value, an uncalculated formula)
    # finding of a value that could not be read: a face that must not fall back to a default
    # for that setting refuses on it, 月处罚汇总 names it with the value used instead
    rejected: dict[str, Finding] = field(default_factory=dict)


def _setting_rows(t: Table, found: list[Finding]) -> Iterator[tuple[int, str, str]]:
    """(row index, key, the name as typed) of each 参数 row with a value: by its 参数 cell, or
    by its 名称 where that cell is blank or names nothing (staff read the sheet by 名称 and
    add rows by it); a value whose row names nothing known is reported, never dropped."""
    keys, names, values = t.col("key"), t.col("name"), t.col("value")
    for i, value in enumerate(values):
        typed = [str(text) for text in (keys[i], names[i]) if text is not None]
        known = [(_KEYS[squeeze(text)], text) for text in typed if squeeze(text) in _KEYS]
        if known:
            key = known[0][0]  # the 参数 cell's, when it names a setting
            if value is not None or i in t.invalid.get("value", ()):  # by its 名称 if the same
                yield i, key, next(text for k, text in reversed(known) if k == key)
        elif typed:
            found.append(t.find("R02.unknown_setting", i, "key", setting=typed[0]))
        elif value is not None:
            found.append(t.find("R01", i, "key"))


def _doubt(key: str, value: Any) -> tuple[str, str, str] | None:
    """(reading, why, why_en) where a value accepted was read by a choice (班次 on a 12-hour
    clock), else None."""
    if key == "shifts" and isinstance(value, str):
        shifts, moved = read_shifts(value)
        if moved:
            return (
                display(shifts),
                "各班应按一天内的顺序排列，未写上午/下午的时间按此顺序读取；若不对，请写成24小时制",
                "the shifts are listed in the order of the day, so times without AM/PM are "
                "read in that order; if that is wrong, type them on a 24-hour clock",
            )
    return None


def settings_from_table(
    t: Table | None, overrides: Mapping[str, Any] | None = None
) -> Checked[SettingsRead]:
    """Defaults, then the 参数 sheet, then `overrides` (csbook.toml, command line). A value
    that does not validate is reported on its cell (an override's as an override) and the
    value below it is kept; a value read by a choice, and a sheet's value an override
    replaces, are said on the cell."""
    found: list[Finding] = []
    rejected: dict[str, Finding] = {}
    from_sheet: dict[str, Any] = {}
    where: dict[str, int] = {}  # key -> row index of its cell
    label: dict[str, str] = {}  # key -> the name as staff typed it
    if t is not None:
        values = t.col("value")
        unread = t.invalid.get("value", set())  # R03 on the cell: an error value, a formula
        for i, key, name in _setting_rows(t, found):
            if i in unread:  # as rejected as an R02 value: the default is used and said
                rejected[key] = t.find("R03.setting", i, "value", setting=name)
                continue
            if key in where and isinstance(values[i], str) and blank_marker(values[i]):
                continue  # a later row of a setting holding only `/`: empty, as a blank row is
            rejected.pop(key, None)
            if key in where:
                found.append(
                    t.find(
                        "R02.duplicate_setting", i, "key", setting=name, other=t.rows[where[key]]
                    )
                )
            from_sheet[key] = values[i]
            where[key] = i
            label[key] = name
    overridden = {_KEYS.get(squeeze(str(k)), str(k)): v for k, v in (overrides or {}).items()}
    typed = {**from_sheet, **overridden}
    while True:
        try:
            settings = Settings.model_validate(typed)
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
                    named = f"{SETTING_NOTES[key][0]}（{key}）" if key in SETTING_NOTES else key
                    rejected[key] = finding(
                        "R02.override",
                        "参数",
                        0,
                        key,
                        setting=named,
                        value=value,
                        why=zh,
                        why_en=en,
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
            continue
        if t is not None:
            found += _said(t, settings, typed, from_sheet, overridden, where, label)
        return Checked(SettingsRead(settings, rejected), found)


def _said(
    t: Table,
    settings: Settings,
    typed: Mapping[str, Any],
    from_sheet: Mapping[str, Any],
    overridden: Mapping[str, Any],
    where: Mapping[str, int],
    label: Mapping[str, str],
) -> Iterator[Finding]:
    """Warnings on 参数 cells whose value is used otherwise than typed: read by a choice, or
    replaced by csbook.toml / --set with a value of another meaning."""
    for key, i in where.items():
        if key in overridden:
            if _alone(key, from_sheet[key]) != getattr(settings, key):
                used = display(getattr(settings, key))
                yield t.find(
                    "R02.overridden",
                    i,
                    "value",
                    setting=label[key],
                    typed=from_sheet[key],
                    value=used,
                )
        elif key in typed and (doubt := _doubt(key, typed[key])) is not None:
            reading, why, why_en = doubt
            yield t.find(
                "R02.setting_read",
                i,
                "value",
                setting=label[key],
                value=typed[key],
                reading=reading,
                why=why,
                why_en=why_en,
            )


def _alone(key: str, value: Any) -> Any:
    """What a sheet's value of `key` reads as by itself (None: it does not read)."""
    try:
        return getattr(Settings.model_validate({key: value}), key)
    except ValidationError:
        return None


def holidays_from_table(t: Table | None) -> Checked[dict[date, bool]]:
    """节假日 rows: date -> True for 班 (a working day), False for 休 (a rest day).

    A date typed without 类型 is read by its 说明 where that is a 类型 word (`补班`), else as
    休 (a list of dates on a sheet of holidays lists rest days), and said. A date typed both
    休 and 班 is an error naming both rows, and neither row is used (the calendar's own
    reading of the day stands): which is right cannot be told."""
    if t is None:
        return Checked({})
    kinds, notes = t.col("day_type"), t.col("note")
    column = t.schema.column("day_type")
    words = {squeeze(w): kind for w, kind in column.value_synonyms}
    words |= {squeeze(kind): kind for kind in column.choices}
    found: list[Finding] = []
    days: dict[date, bool] = {}
    first: dict[date, int] = {}  # the row that gave the day
    clashes: set[date] = set()
    for i, day in t.valid("date"):
        if i in t.invalid.get("day_type", ()):
            continue  # an unreadable 类型: its R02 says so
        kind, day_text = kinds[i], f"{day:%Y-%m-%d}"
        if kind is None:
            kind = words.get(squeeze(str(notes[i] or "")))
            if kind is None:
                kind = "休"
                found.append(t.find("D01.untyped", i, "day_type", day=day_text))
            else:
                note = notes[i]
                found.append(
                    t.find("D01.untyped_note", i, "day_type", day=day_text, note=note, kind=kind)
                )
        working = kind == "班"
        if day in first and days[day] != working:
            clashes.add(day)
            found.append(
                t.find(
                    "D01.twice",
                    i,
                    "day_type",
                    day=day_text,
                    other=t.rows[first[day]],
                    kind="班" if working else "休",
                    other_kind="班" if days[day] else "休",
                )
            )
        elif day not in first:
            days[day], first[day] = working, i
    return Checked({day: work for day, work in days.items() if day not in clashes}, found)
