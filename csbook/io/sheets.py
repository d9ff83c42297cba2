"""From a raw sheet to a `Table`: find the header row, map headers to keys, skip blank
rows, normalise each column, and report unreadable cells (R02/R03) and missing headers (R04).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..rules.findings import Finding, finding
from ..rules.schema import Column, Kind, Sheet
from ..rules.settings import Settings
from ..rules.table import Table
from ..rules.text import squeeze
from . import values
from .source import RawSheet

HEADER_SCAN_ROWS = 15  # staff put a title or a note above the header row
_HEADER_NOISE = re.compile(r"[(\[【<][^)\]】>]*[)\]】>]|[*:：※]")

Parser = Callable[[Any, date], Any]


def header_key(text: str) -> str:
    """A header as compared: no spaces, half-width, no bracketed remark, no `*` or `:`."""
    return _HEADER_NOISE.sub("", squeeze(text))


@dataclass
class Layout:
    """Where things are in the sheet as found: what compute needs to write back."""

    header_row: int  # 0-based index into the raw rows
    positions: dict[str, int]  # key -> 0-based column index (input and computed)
    width: int  # number of columns in use


def _lookup(schema: Sheet) -> dict[str, str]:
    table: dict[str, str] = {}
    for col in (*schema.columns, *schema.computed):
        for name in (col.header, *col.synonyms):
            table.setdefault(header_key(name), col.key)
    return table


def locate_headers(raw: RawSheet, schema: Sheet) -> Layout | None:
    """The header row is the one among the first rows that names most known columns."""
    lookup = _lookup(schema)
    best: tuple[int, int, dict[str, int]] | None = None
    for r, row in enumerate(raw.cells[:HEADER_SCAN_ROWS]):
        positions: dict[str, int] = {}
        for c, cell in enumerate(row):
            if isinstance(cell, str) and cell.strip():
                key = lookup.get(header_key(cell))
                if key is not None and key not in positions:
                    positions[key] = c
        if positions and (best is None or len(positions) > best[1]):
            best = (r, len(positions), positions)
    if best is None or best[1] < min(2, len(schema.columns)):
        return None
    width = max((len(row) for row in raw.cells), default=0)
    return Layout(best[0], best[2], width)


def parser_for(col: Column, settings: Settings) -> Parser:
    if col.kind is Kind.CHOICE:
        choices = settings.choices(col.choices_setting) if col.choices_setting else col.choices
        if not choices:
            return lambda value, ref: values.clean_text(value)
        return values.choice_parser(choices, col.value_synonyms)
    return {
        Kind.TEXT: lambda value, ref: values.clean_text(value),
        Kind.DATE: values.parse_date,
        Kind.MONTH: values.parse_month,
        Kind.DATETIME: values.parse_datetime,
        Kind.TIME: values.parse_time,
        Kind.INT: values.parse_int,
        Kind.MONEY: values.parse_money,
        Kind.BOOL: values.parse_bool,
    }[col.kind]


_UNREADABLE = object()


def _shown(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def build_table(
    raw: RawSheet, schema: Sheet, layout: Layout, settings: Settings, ref: date
) -> tuple[Table, list[Finding]]:
    """Normalise every mapped input column; blank rows are skipped, Excel rows kept."""
    findings: list[Finding] = []
    first = layout.header_row + 1
    body = raw.cells[first:]
    header_cells = raw.cells[layout.header_row]
    inputs = [c for c in schema.columns if c.key in layout.positions]
    columns = list(zip(*body, strict=False)) if body else []
    errors = raw.errors

    # a row counts when any input column holds something (or an error value)
    kept: set[int] = {r - first for r, _ in errors if r >= first}
    for col in inputs:
        c = layout.positions[col.key]
        if c < len(columns):
            kept.update(
                i
                for i, v in enumerate(columns[c])
                if v != "" and v is not None and (not isinstance(v, str) or v.strip())
            )
    order = sorted(kept)

    table = Table(schema, [first + i + 1 for i in order], {}, name=raw.name)
    for col in inputs:
        c = layout.positions[col.key]
        table.headers[col.key] = str(header_cells[c]).strip()
        source = columns[c] if c < len(columns) else ()
        cells = [source[i] if i < len(source) else "" for i in order]
        parse = parser_for(col, settings)
        out: list[Any] = []
        bad: set[int] = set()
        cache: dict[Any, Any] = {}
        for i, value in enumerate(cells):
            if value == "" or value is None:
                error = errors.get((first + order[i], c)) if errors else None
                if error is not None:
                    bad.add(i)
                    what = f"错误值 {error}" if error else "没有计算结果的公式"
                    findings.append(table.find("R03", i, col.key, what=what))
                out.append(None)
                continue
            key = (value.__class__, value)
            result = cache.get(key, _UNREADABLE)
            if result is _UNREADABLE:
                try:
                    result = parse(value, ref)
                except values.ErrorValue as e:
                    result = ("R03", f"错误值 {e}")
                except values.Unreadable as e:
                    result = ("R02", str(e))
                cache[key] = result
            if isinstance(result, tuple):
                bad.add(i)
                rule, why = result
                if rule == "R03":
                    findings.append(table.find("R03", i, col.key, what=why))
                else:
                    findings.append(table.find("R02", i, col.key, value=_shown(value), why=why))
                out.append(None)
            else:
                out.append(result)
        table.cols[col.key] = out
        if bad:
            table.invalid[col.key] = bad
    return table, findings


def missing_headers(schema: Sheet, layout: Layout, file_sheet: str) -> list[Finding]:
    """R04 for each required header the sheet lacks (reported on the header row)."""
    return [
        finding(
            "R04",
            file_sheet,
            layout.header_row + 1,
            col.header,
            msg="R04.header",
            name=file_sheet,
            header=col.header,
        )
        for col in schema.columns
        if col.required and col.key not in layout.positions
    ]
