"""Loading one workbook: recognise it by its sheets, read 参数 and 节假日, build the tables."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..rules.deadlines import day_of
from ..rules.findings import Finding, finding
from ..rules.schema import (
    ATTENDANCE,
    BOOKS,
    COMPLAINTS,
    HANDOVER,
    HOLIDAYS_SHEET,
    LEAVE,
    OFFENCES,
    SETTINGS_SHEET,
    VISITS,
    Book,
    SheetSchema,
)
from ..rules.settings import Settings
from ..rules.table import Table
from ..rules.text import squeeze
from .parameters import holidays_from_table, settings_from_table
from .sheets import HeaderLayout, build_table, locate_headers, missing_headers
from .source import BookError, OwnOutput, RawSheet, open_workbook


@dataclass
class LoadedBook:
    path: Path
    schema: Book  # which workbook it is: its kind and sheets
    settings: Settings
    holidays: dict[date, bool]
    tables: dict[str, Table] = field(default_factory=dict)  # schema sheet name -> rows
    layouts: dict[str, HeaderLayout] = field(default_factory=dict)
    sheet_names: dict[str, str] = field(default_factory=dict)  # schema name -> name in file
    findings: list[Finding] = field(default_factory=list)  # from reading (R02–R04)
    # settings whose value could not be read -> the finding that says so (R02.setting)
    rejected_settings: dict[str, Finding] = field(default_factory=dict)
    # a cumulative register (`HISTORY`) -> a sheet of it left unread that holds rows the read
    # one lacks (R05.history): the sanctions and pay reckoned without them are incomplete
    unread_history: dict[str, str] = field(default_factory=dict)


# what a copied or month-tagged sheet adds to its name: 回访登记 (2), 回访登记（10月）,
# 回访登记-副本, 2026年10月回访登记, 回访登记2026.11
_SHEET_TAGS = re.compile(
    r"[(（][^)）]*[)）]|副本|备份|\d{4}\s*[年.\-/]?\s*(?:\d{1,2}\s*月?份?)?|\d{1,2}\s*月份?|[\s\-_.·]+"
)


def _match_sheets(names: list[str]) -> dict[str, list[str]]:
    """Schema sheet name -> the file's sheets that can hold it, in workbook order (spaces,
    width, a copy's `(2)` and a month tag ignored)."""
    known = {
        squeeze(n): sheet.name
        for book in BOOKS
        for sheet in (*book.sheets, SETTINGS_SHEET, HOLIDAYS_SHEET)
        for n in (sheet.name, *sheet.synonyms)
    }
    found: dict[str, list[str]] = {}
    for name in names:
        schema_name = known.get(squeeze(name)) or known.get(_SHEET_TAGS.sub("", squeeze(name)))
        if schema_name is not None:
            found.setdefault(schema_name, []).append(name)
    return found


# sheets of csbook's own summary workbook (rules/monthly: 总览, 来源) that no input has: its
# 交接班 sheet is the summary's, not a log (a 月度汇总 saved into the month's folder)
SUMMARY_SHEETS = ("总览", "来源")


def recognise(names: list[str]) -> Book:
    """The kind of workbook, by the input sheets it holds (not by its file name)."""
    if set(SUMMARY_SHEETS) <= set(names):
        raise OwnOutput(
            "这是 csbook 生成的汇总工作簿（有“总览”和“来源”表），不是输入文件，未读取",
            "a summary workbook csbook wrote (it has 总览 and 来源 sheets), not an input: not read",
        )
    found = _match_sheets(names)
    scores = [(sum(s.name in found for s in book.sheets), book) for book in BOOKS]
    score, book = max(scores, key=lambda pair: pair[0])
    if score == 0:
        raise BookError(
            "不是客服部工作簿：找不到 回访登记、投诉登记、交接班 或 过失登记 工作表",
            "not a csbook workbook: no 回访登记, 投诉登记, 交接班 or 过失登记 sheet",
        )
    return book


@dataclass
class _Read:
    """One sheet of the file read as a schema sheet, before it is chosen."""

    name: str
    table: Table | None = None
    layout: HeaderLayout | None = None
    findings: list[Finding] = field(default_factory=list)
    failure: BookError | None = None  # the sheet itself could not be read

    def days(self, dated_by: str, only: Collection[int] | None = None) -> list[date]:
        """The days its rows (those of indexes `only`, else all) are dated."""
        if self.table is None or not dated_by:
            return []
        return [day_of(v) for i, v in self.table.valid(dated_by) if only is None or i in only]

    def reach(self, dated_by: str) -> date | None:
        """The latest day its rows are dated (None: no dated row, or no table)."""
        return max(self.days(dated_by), default=None)

    def rows_in(
        self, dated_by: str, span: Span | None, only: Collection[int] | None = None
    ) -> list[date]:
        """The days of its rows dated within `span` (none without a span)."""
        if span is None:
            return []
        return [d for d in self.days(dated_by, only) if span[0] <= d <= span[1]]

    def not_in(self, other: _Read) -> set[int]:
        """Indexes of its rows that `other` does not hold too, value for value (a copy's
        rows are all held)."""
        if self.table is None:
            return set()
        held: Counter[tuple[Any, ...]] = Counter(_row_values(other.table))
        out = set()
        for i, values in enumerate(_row_values(self.table)):
            if held[values]:
                held[values] -= 1
            else:
                out.add(i)
        return out


def _row_values(table: Table | None) -> list[tuple[Any, ...]]:
    if table is None:
        return []
    keys = sorted(table.cols)
    return list(zip(*(table.cols[k] for k in keys), strict=True)) if keys else []


# the days a summary is for (first, last): the sheet holding its rows is read
Span = tuple[date, date]

# registers whose earlier rows decide later sanctions and pay (P02/P03 escalation, leave
# and attendance totals): a sheet of them left unread loses that history
HISTORY = frozenset({OFFENCES.name, ATTENDANCE.name, LEAVE.name})
# a leave has no dating column of its own (it runs from 开始 to 结束)
_HISTORY_DATES = {LEAVE.name: "start"}


def _read_sheet(
    source: SheetSource, file_name: str, schema: SheetSchema, settings: Settings, ref: date
) -> _Read:
    out = _Read(file_name)
    try:
        raw = source.read(file_name)
    except BookError as e:
        out.failure = e
        return out
    out.layout = locate_headers(raw, schema)
    if out.layout is None:
        out.findings.append(
            finding(
                "R04.header",
                file_name,
                0,
                schema.columns[0].header,
                name=file_name,
                header="、".join(c.header for c in schema.columns if c.required),
            )
        )
        return out
    out.findings += missing_headers(schema, out.layout, file_name)
    if not out.findings:
        built = build_table(raw, schema, out.layout, settings, ref)
        out.table = built.value
        out.findings += built.findings
    return out


def _choose(
    reads: list[_Read], schema: SheetSchema, hidden: Collection[str], span: Span | None
) -> _Read:
    """Of several sheets for one input sheet (SPEC §1.0): a visible one before a hidden one,
    then (for a summary of `span`) the one holding most of the span's rows, then the one
    whose rows reach latest, then one that could be read at all, then the first in the
    workbook."""

    def rank(r: _Read) -> tuple[bool, int, date, bool]:
        return (
            r.name not in hidden,
            len(r.rows_in(schema.dated_by, span)),
            r.reach(schema.dated_by) or date.min,
            r.table is not None,
        )

    best = max(rank(r) for r in reads)
    return next(r for r in reads if rank(r) == best)


def _why_chosen(
    chosen: _Read, other: _Read, schema: SheetSchema, hidden: Collection[str], span: Span | None
) -> tuple[str, str]:
    """Why `chosen` was read rather than `other`, in Chinese and English."""
    if other.name in hidden and chosen.name not in hidden:
        return f"“{other.name}”是隐藏的", f"“{other.name}” is hidden"
    held = len(chosen.rows_in(schema.dated_by, span))
    if held > len(other.rows_in(schema.dated_by, span)):
        assert span is not None
        return (
            f"所汇总的{span[0]:%Y-%m-%d}至{span[1]:%Y-%m-%d}的记录有{held}行在其中",
            f"{held} rows of the days summarised, {span[0]} to {span[1]}, are on it",
        )
    reach, other_reach = chosen.reach(schema.dated_by), other.reach(schema.dated_by)
    if reach is not None and (other_reach is None or reach > other_reach):
        return f"其日期更晚，到{reach:%Y-%m-%d}", f"its dates reach later, to {reach:%Y-%m-%d}"
    if chosen.table is not None and other.table is None:
        return f"“{other.name}”无法读取", f"“{other.name}” cannot be read"
    return "两张不分先后，取靠前的一张", "neither is later; the first one is read"


def _read_table(
    source: SheetSource,
    names: list[str],
    schema: SheetSchema,
    settings: Settings,
    ref: date,
    out: LoadedBook,
    span: Span | None = None,
) -> Table | None:
    """The input sheet `schema` from the one of `names` chosen; R05 names the others —
    as an error where the unread sheet holds rows the reading needs: the history of a
    cumulative register (`HISTORY`), or rows of the summarised `span`."""
    reads = [_read_sheet(source, name, schema, settings, ref) for name in names]
    chosen = _choose(reads, schema, source.hidden, span) if len(reads) > 1 else reads[0]
    out.sheet_names[schema.name] = chosen.name
    for other in reads:
        if other is not chosen:
            out.findings.append(_not_read(chosen, other, schema, source.hidden, span, out))
    if chosen.failure is not None:
        e = chosen.failure
        out.findings.append(finding("R04.file", chosen.name, 0, "", why=e.zh, why_en=e.en))
        return None
    if chosen.layout is not None:
        out.layouts[schema.name] = chosen.layout
    out.findings += chosen.findings
    return chosen.table


def _not_read(
    chosen: _Read,
    other: _Read,
    schema: SheetSchema,
    hidden: Collection[str],
    span: Span | None,
    out: LoadedBook,
) -> Finding:
    """R05 on a sheet left unread: what it holds that is lost, and why `chosen` was read
    (history lost is recorded in `out.unread_history` too)."""
    why, why_en = _why_chosen(chosen, other, schema, hidden, span)
    said = {"name": other.name, "read": chosen.name, "kind": schema.name}
    missing = other.not_in(chosen)
    history = other.days(_HISTORY_DATES.get(schema.name, schema.dated_by), missing)
    lost = other.rows_in(schema.dated_by, span, missing)
    if schema.name in HISTORY and history:
        key, days = "R05.history", history
        out.unread_history[schema.name] = other.name
    elif lost:
        key, days = "R05.period", lost
    else:
        return finding("R05", other.name, 0, "", **said, why=why, why_en=why_en)
    return finding(
        key,
        other.name,
        0,
        "",
        **said,
        why=why,
        why_en=why_en,
        count=len(days),
        first=f"{min(days):%Y-%m-%d}",
        last=f"{max(days):%Y-%m-%d}",
    )


REGISTERS = (VISITS, COMPLAINTS, HANDOVER)


class SheetSource(Protocol):
    """Where sheets come from: a file (`WorkbookFile`), or the open workbook behind an Excel
    button (its sheets' used ranges)."""

    path: Path
    sheet_names: list[str]

    @property
    def hidden(self) -> frozenset[str]:
        """The sheets a person does not see (the open workbook asks Excel only when needed)."""
        ...

    def read(self, name: str) -> RawSheet: ...


def load(
    path: Path, ref: date, overrides: Mapping[str, Any] | None = None, span: Span | None = None
) -> LoadedBook:
    """Read a workbook file. Raises `BookError` only when the file as a whole is unusable;
    a missing sheet or header is a finding (R04) and the rest of the file is still read.
    `span`: the days a summary is for, whose rows decide between two sheets of one kind."""
    return load_source(open_workbook(path), ref, overrides, span)


def load_source(
    source: SheetSource,
    ref: date,
    overrides: Mapping[str, Any] | None = None,
    span: Span | Callable[[Settings], Span | None] | None = None,
) -> LoadedBook:
    """As `load`, from any `SheetSource`; `span` may also be worked out from the workbook's
    own settings once they are read (the 月度汇总 button: 参数's summary_period)."""
    book = recognise(source.sheet_names)
    names = _match_sheets(source.sheet_names)
    out = LoadedBook(source.path, book, Settings(), {})

    settings_table = None
    if SETTINGS_SHEET.name in names:
        settings_table = _read_table(
            source, names[SETTINGS_SHEET.name], SETTINGS_SHEET, Settings(), ref, out
        )
    settings = settings_from_table(settings_table, overrides)
    out.settings = settings.value.settings
    out.rejected_settings = settings.value.rejected
    out.findings += settings.findings
    if callable(span):
        span = span(out.settings)
    if HOLIDAYS_SHEET.name in names:
        holidays = holidays_from_table(
            _read_table(source, names[HOLIDAYS_SHEET.name], HOLIDAYS_SHEET, out.settings, ref, out)
        )
        out.holidays = holidays.value
        out.findings += holidays.findings

    warned = ((SETTINGS_SHEET, True), (HOLIDAYS_SHEET, book.holidays_missing_warns))
    optional = [s for s, wanted in warned if wanted]
    for sheet in optional:
        if sheet.name not in names:
            out.findings.append(finding("R04.optional", sheet.name, 0, "", name=sheet.name))
    # the workbook's own input sheets, then any other register kept in the same file (a
    # 交接班 sheet added to a 回访登记表 is checked too, not silently skipped); a 员工 list
    # kept in a register for lookups is not a roster to check
    others = [s for s in REGISTERS if s not in book.sheets and s.name in names]
    for sheet in (*book.sheets, *others):
        if sheet.name not in names:
            if not sheet.optional:
                out.findings.append(finding("R04.sheet", sheet.name, 0, "", name=sheet.name))
            continue
        table = _read_table(source, names[sheet.name], sheet, out.settings, ref, out, span)
        if table is not None:
            out.tables[sheet.name] = table
    position = {name: i for i, name in enumerate(source.sheet_names)}
    out.sheet_names = dict(sorted(out.sheet_names.items(), key=lambda kv: position[kv[1]]))
    return out
