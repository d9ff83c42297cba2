"""Loading one workbook: recognise it by its sheets, read 参数 and 节假日, build the tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..rules.findings import Finding, Severity, finding
from ..rules.schema import (
    BOOKS,
    COMPLAINTS,
    HANDOVER,
    HOLIDAYS_SHEET,
    SETTINGS_SHEET,
    VISITS,
    Book,
    Sheet,
)
from ..rules.settings import Settings
from ..rules.table import Table
from ..rules.text import squeeze
from .parameters import holidays_from_table, settings_from_table
from .sheets import Layout, build_table, locate_headers, missing_headers
from .source import BookError, RawSheet, Source


@dataclass
class LoadedBook:
    path: Path
    book: Book
    settings: Settings
    holidays: dict[date, bool]
    tables: dict[str, Table] = field(default_factory=dict)  # schema sheet name -> rows
    layouts: dict[str, Layout] = field(default_factory=dict)
    sheet_names: dict[str, str] = field(default_factory=dict)  # schema name -> name in file
    findings: list[Finding] = field(default_factory=list)  # from reading (R02–R04)


def _match_sheets(names: list[str]) -> dict[str, str]:
    """Schema sheet name -> the file's sheet name (spaces and width ignored)."""
    known = {
        squeeze(n): sheet.name
        for book in BOOKS
        for sheet in (*book.sheets, SETTINGS_SHEET, HOLIDAYS_SHEET)
        for n in (sheet.name, *sheet.synonyms)
    }
    found: dict[str, str] = {}
    for name in names:
        schema_name = known.get(squeeze(name))
        if schema_name is not None:
            found.setdefault(schema_name, name)
    return found


def recognise(names: list[str]) -> Book:
    """The kind of workbook, by the input sheets it holds (not by its file name)."""
    found = _match_sheets(names)
    scores = [(sum(s.name in found for s in book.sheets), book) for book in BOOKS]
    score, book = max(scores, key=lambda pair: pair[0])
    if score == 0:
        raise BookError(
            "不是客服部工作簿：找不到 回访登记、投诉登记、交接班 或 过失登记 工作表",
            "not a csbook workbook: no 回访登记, 投诉登记, 交接班 or 过失登记 sheet",
        )
    return book


def _read_table(
    source: SheetSource,
    file_name: str,
    schema: Sheet,
    settings: Settings,
    ref: date,
    out: LoadedBook,
) -> Table | None:
    raw = source.read(file_name)
    layout = locate_headers(raw, schema)
    if layout is None:
        out.findings.append(
            finding(
                "R04",
                file_name,
                0,
                schema.columns[0].header,
                msg="R04.header",
                name=file_name,
                header="、".join(c.header for c in schema.columns if c.required),
            )
        )
        return None
    missing = missing_headers(schema, layout, file_name)
    out.layouts[schema.name] = layout
    if missing:
        out.findings += missing
        return None
    table, problems = build_table(raw, schema, layout, settings, ref)
    out.findings += problems
    return table


REGISTERS = (VISITS, COMPLAINTS, HANDOVER)


class SheetSource(Protocol):
    """Where sheets come from: a file (`Source`), or the open workbook behind an Excel
    button (its sheets' used ranges)."""

    path: Path
    sheet_names: list[str]

    def read(self, name: str) -> RawSheet: ...


def load(path: Path, ref: date, overrides: Mapping[str, Any] | None = None) -> LoadedBook:
    """Read a workbook file. Raises `BookError` only when the file as a whole is unusable;
    a missing sheet or header is a finding (R04) and the rest of the file is still read."""
    return load_source(Source(path), ref, overrides)


def load_source(
    source: SheetSource, ref: date, overrides: Mapping[str, Any] | None = None
) -> LoadedBook:
    book = recognise(source.sheet_names)
    names = _match_sheets(source.sheet_names)
    out = LoadedBook(source.path, book, Settings(), {}, sheet_names=names)

    settings_table = None
    if SETTINGS_SHEET.name in names:
        settings_table = _read_table(
            source, names[SETTINGS_SHEET.name], SETTINGS_SHEET, Settings(), ref, out
        )
    out.settings, problems = settings_from_table(settings_table, overrides)
    out.findings += problems
    if book.holidays_sheet and HOLIDAYS_SHEET.name in names:
        out.holidays = holidays_from_table(
            _read_table(source, names[HOLIDAYS_SHEET.name], HOLIDAYS_SHEET, out.settings, ref, out)
        )

    optional = [
        s for s, wanted in ((SETTINGS_SHEET, True), (HOLIDAYS_SHEET, book.holidays_sheet)) if wanted
    ]
    for sheet in optional:
        if sheet.name not in names:
            out.findings.append(
                finding("R04", sheet.name, 0, "", Severity.WARNING, "R04.optional", name=sheet.name)
            )
    # the workbook's own input sheets, then any other register kept in the same file (a
    # 交接班 sheet added to a 回访登记表 is checked too, not silently skipped); a 员工 list
    # kept in a register for lookups is not a roster to check
    others = [s for s in REGISTERS if s not in book.sheets and s.name in names]
    for sheet in (*book.sheets, *others):
        if sheet.name not in names:
            if not sheet.optional:
                out.findings.append(
                    finding("R04", sheet.name, 0, "", msg="R04.sheet", name=sheet.name)
                )
            continue
        try:
            table = _read_table(source, names[sheet.name], sheet, out.settings, ref, out)
        except BookError as e:
            out.findings.append(
                finding("R04", names[sheet.name], 0, "", msg="R04.file", why=e.zh, why_en=e.en)
            )
            continue
        if table is not None:
            out.tables[sheet.name] = table
    return out
