"""The summary's inputs: parts (readable workbooks, `abridged` or whole) and failed files,
the period's rows, and the 来源 rows — with which of two files claiming the same period is
counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ..deadlines import day_of
from ..findings import Finding, Severity
from ..handover import GAP_CAUSES
from ..months import month_start
from ..periods import Period
from ..schema import (
    ATTENDANCE,
    BOOKS,
    CATALOGUE_SHEET,
    COMPLAINTS,
    HANDOVER,
    OFFENCES,
    VISITS,
    BookKind,
)
from ..settings import Settings
from ..table import Table
from ..text import squeeze

KIND_LABELS = {book.kind: book.stem for book in BOOKS}


class State(StrEnum):
    """What became of an input file."""

    COMPLETE = "完整"
    INCOMPLETE = "不完整"
    UNREADABLE = "无法读取"
    DUPLICATE = "重复，未计入"
    NO_ROWS = "本期无数据"  # a register or log with nothing in the period: the wrong file?


@dataclass
class Part:
    """One readable workbook as the summary sees it."""

    name: str  # shown in 来源 columns (a file name, unique in the run)
    branch: str
    kind: BookKind
    settings: Settings
    tables: dict[str, Table]  # schema sheet name -> rows
    computed: dict[str, dict[str, list[Any]]]  # schema sheet name -> computed columns
    findings: list[Finding] = field(default_factory=list)
    origin: Any = None  # what the caller made the part from (e.g. its LoadedBook)
    # (rows read, rows of the period, errors, warnings) when `abridged` has cut the tables
    # and findings down to what the summary reads
    tally: tuple[int, int, int, int] | None = None

    def col(self, sheet: str, key: str) -> list[Any]:
        """A computed column, or an input column when the sheet has no such computed one."""
        values = self.computed.get(sheet, {}).get(key)
        return values if values is not None else self.tables[sheet].col(key)


@dataclass
class Failed:
    """An input file that could not be read at all."""

    name: str
    branch: str
    reason: str


@dataclass
class SourceRow:
    """One row of 来源."""

    name: str
    branch: str
    kind: str  # "" when the file could not be read
    rows: int = 0  # data rows of the input sheets (catalogues such as 过失目录 not counted)
    period_rows: int = 0
    errors: int = 0
    warnings: int = 0
    state: State = State.COMPLETE
    reason: str = ""


# the column that dates a row of each input sheet
_DATE_KEYS = {s.name: s.dated_by for s in (VISITS, COMPLAINTS, HANDOVER, OFFENCES, ATTENDANCE)}


def latest_month(tables: Mapping[str, Table]) -> date | None:
    """The latest month in which the input sheets have rows (the month a summary made inside
    one workbook is for), or None when they have none."""
    latest: date | None = None
    for name, table in tables.items():
        key = _DATE_KEYS.get(name)
        if key is None:
            continue
        for _, value in table.valid(key):
            day = day_of(value)
            if latest is None or day > latest:
                latest = day
    return month_start(latest) if latest is not None else None


def dated_in(value: Any, first: date, last: date) -> bool:
    """A date or date-time (not blank) on a day from `first` to `last`."""
    return value is not None and first <= day_of(value) <= last


def period_rows(part: Part, period: Period) -> int:
    """Rows of the part's input sheets dated in the period."""
    if part.tally is not None:
        return part.tally[1]
    return sum(
        sum(1 for v in table.col(_DATE_KEYS[name]) if dated_in(v, period.first, period.last))
        for name, table in part.tables.items()
        if name in _DATE_KEYS
    )


def incomplete_reasons(part: Part) -> list[str]:
    """Why a readable file is incomplete: a sheet or a required header it lacks (R04)."""
    return [
        f.message("zh") for f in part.findings if f.rule == "R04" and f.severity is Severity.ERROR
    ]


def _tally(part: Part, period: Period) -> tuple[int, int, int, int]:
    errors = sum(f.severity is Severity.ERROR for f in part.findings)
    # a catalogue (过失目录) is reference data the template ships, not rows staff entered
    rows = sum(len(t) for t in part.tables.values() if t.schema.name != CATALOGUE_SHEET.name)
    return rows, period_rows(part, period), errors, len(part.findings) - errors


# what the summary reads of each sheet: input columns, then computed ones
_READ = {
    VISITS.name: (
        (
            "visit_date",
            "client",
            "kind",
            "staff",
            "signed_by",
            "satisfaction",
            "resolved_on",
            "followup_on",
        ),
        ("followup_due", "status"),
    ),
    COMPLAINTS.name: (
        (
            "complaint_id",
            "received_at",
            "client",
            "channel",
            "category",
            "unit",
            "owner",
            "replied_at",
            "followups",
            "followup_result",
        ),
        ("grade", "reply_status", "reply_due"),
    ),
    HANDOVER.name: (
        ("date", "shift", "from_staff", "to_staff", "from_signed", "to_signed", "reviewed_by"),
        ("arrival_status", "gap", GAP_CAUSES),
    ),
}


def abridged(part: Part, period: Period) -> Part:
    """The part cut down to what the period's summary reads — the columns it uses, the rows
    dated up to the period's end (handover: in the period), the findings it quotes (R04, R05) —
    with its 来源 figures kept in `tally`. A worker process sends this back instead of
    the whole book. Penalty workbooks are left whole (their sheet reads the books)."""
    if part.tally is not None or not set(part.tables) <= set(_READ):
        return part
    first, last = period.first, period.last
    tally = _tally(part, period)
    kept: dict[str, list[int]] = {}
    for name, t in part.tables.items():
        if name == HANDOVER.name:
            keep = [i for i, v in enumerate(t.col("date")) if dated_in(v, first, last)]
        elif name == VISITS.name:
            days, resolved = t.col("visit_date"), t.col("resolved_on")
            keep = [
                i
                for i in range(len(t))
                if (days[i] is not None and day_of(days[i]) <= last)
                or dated_in(resolved[i], first, last)
            ]
        else:
            keep = [
                i
                for i, v in enumerate(t.col(_DATE_KEYS[name]))
                if v is not None and day_of(v) <= last
            ]
        kept[name] = keep
    return _cut(part, kept, tally)


def _cut(part: Part, keep: Mapping[str, list[int]], tally: Any) -> Part:
    """The part with only the rows `keep` names of each sheet (sheet name -> row indexes),
    the columns the summary reads and the findings it quotes."""
    tables: dict[str, Table] = {}
    computed: dict[str, dict[str, list[Any]]] = {}
    for name, rows in keep.items():
        t = part.tables[name]
        inputs, outputs = _READ[name]
        cols = {k: [t.cols[k][i] for i in rows] for k in inputs if k in t.cols}
        tables[name] = Table(
            t.schema,
            [t.rows[i] for i in rows],
            cols,
            {k: v for k, v in t.headers.items() if k in cols},
            {},
            t.name,
        )
        own = part.computed.get(name, {})
        computed[name] = {k: [own[k][i] for i in rows] for k in outputs if k in own}
    findings = [
        f
        for f in part.findings
        if (f.rule == "R04" and f.severity is Severity.ERROR) or f.rule == "R05"
    ]
    return Part(
        part.name,
        part.branch,
        part.kind,
        part.settings,
        tables,
        computed,
        findings,
        origin=None,
        tally=tally,
    )


def month_slices(part: Part, months: list[date]) -> dict[date, Part]:
    """The part cut into `months` (first days): each slice holds the rows dated in its month
    by the sheet's own date (回访日期, 受理时间, 日期) — what a quarter's or a year's trend
    counts month by month, each row looked at once. Parts without such sheets give none."""
    sheets = [name for name in part.tables if name in _READ]
    if not sheets:
        return {}
    wanted = set(months)
    keep: dict[date, dict[str, list[int]]] = {m: {name: [] for name in sheets} for m in months}
    for name in sheets:
        months_of: dict[Any, date] = {}  # a register repeats its days
        for i, value in enumerate(part.tables[name].col(_DATE_KEYS[name])):
            if value is None:
                continue
            month = months_of.get(value)
            if month is None:
                month = months_of[value] = month_start(day_of(value))
            if month in wanted:
                keep[month][name].append(i)
    return {m: _cut(part, keep[m], part.tally) for m in months}


def sources_and_kept(
    items: Iterable[Part | Failed], period: Period
) -> tuple[list[SourceRow], list[Part]]:
    """Every input as a 来源 row, and the parts whose figures count.

    Two readable files of the same kind and branch that both hold rows of the period claim
    it: the one with more rows in the period is counted (the first given on a tie),
    the other is reported as a duplicate and left out."""
    items = list(items)
    sources: list[SourceRow] = []
    parts: list[tuple[Part, SourceRow]] = []
    for item in items:
        if isinstance(item, Failed):
            sources.append(
                SourceRow(item.name, item.branch, "", state=State.UNREADABLE, reason=item.reason)
            )
            continue
        rows, in_month, errors, warnings = item.tally or _tally(item, period)
        reasons = incomplete_reasons(item)
        source = SourceRow(
            item.name,
            item.branch,
            KIND_LABELS.get(item.kind, item.kind),
            rows=rows,
            period_rows=in_month,
            errors=errors,
            warnings=warnings,
            state=State.INCOMPLETE if reasons else State.COMPLETE,
            # a sheet left unread among copies is said beside the file, not only in 校验结果
            reason="；".join(
                [*reasons, *(f.message("zh") for f in item.findings if f.rule == "R05")]
            ),
        )
        sources.append(source)
        parts.append((item, source))

    claims: dict[tuple[str, str], list[tuple[Part, SourceRow]]] = defaultdict(list)
    for part, source in parts:
        if source.period_rows:
            claims[(squeeze(part.branch), part.kind)].append((part, source))
    dropped: set[int] = set()
    for group in claims.values():
        if len(group) < 2:
            continue
        keep = max(group, key=lambda ps: ps[1].period_rows)  # max() keeps the first on a tie
        for part, source in group:
            if part is keep[0]:
                continue
            dropped.add(id(part))
            source.state = State.DUPLICATE
            source.reason = (
                f"与“{keep[1].name}”同为{part.branch} {period.label}的"
                f"{KIND_LABELS.get(part.kind, part.kind)}，未重复计入"
                + (f"；另：{source.reason}" if source.reason else "")
            )
    # a branch's register or log with nothing in the period, and no other file of that branch
    # and kind that has: the wrong file was sent (earlier months' files beside this period's
    # are normal: they count for the year's 意见征求)
    for part, source in parts:
        if (
            source.state is State.COMPLETE
            and not source.period_rows
            and part.kind in (BookKind.VISITS, BookKind.HANDOVER)
            and (squeeze(part.branch), part.kind) not in claims
        ):
            source.state = State.NO_ROWS
            source.reason = f"文件中没有{period.label}的数据"
    return sources, [p for p, _ in parts if id(p) not in dropped]
