"""The summary's inputs: parts (readable workbooks, `abridged` or whole) and failed files,
the month's span and rows, and the 来源 rows — with which of two files claiming the same
month is counted."""

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
from ..months import month_label, month_span, month_start
from ..schema import ATTENDANCE, BOOKS, COMPLAINTS, HANDOVER, OFFENCES, VISITS
from ..settings import Settings
from ..table import Table as Rows
from ..text import squeeze

KIND_LABELS = {book.kind: book.stem for book in BOOKS}


class State(StrEnum):
    """What became of an input file."""

    COMPLETE = "完整"
    INCOMPLETE = "不完整"
    UNREADABLE = "无法读取"
    DUPLICATE = "重复，未计入"
    NO_MONTH = "本月无数据"  # a register or log with nothing in the month: the wrong file?


@dataclass
class Part:
    """One readable workbook as the summary sees it."""

    name: str  # shown in 来源 columns (a file name, unique in the run)
    branch: str
    kind: str  # visits | handover | penalties
    settings: Settings
    tables: dict[str, Rows]  # schema sheet name -> rows
    computed: dict[str, dict[str, list[Any]]]  # schema sheet name -> computed columns
    findings: list[Finding] = field(default_factory=list)
    origin: Any = None  # what the caller made the part from (e.g. its LoadedBook)
    # (rows read, rows of the month, errors, warnings) when `abridged` has cut the tables
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
class Source:
    """One row of 来源."""

    name: str
    branch: str
    kind: str  # "" when the file could not be read
    rows: int = 0
    month_rows: int = 0
    errors: int = 0
    warnings: int = 0
    state: State = State.COMPLETE
    reason: str = ""


# the column that dates a row of each input sheet
_DATE_KEYS = {s.name: s.dated_by for s in (VISITS, COMPLAINTS, HANDOVER, OFFENCES, ATTENDANCE)}


def latest_month(tables: Mapping[str, Rows]) -> date | None:
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


def month_rows(part: Part, month: date) -> int:
    """Rows of the part's input sheets dated in the month."""
    if part.tally is not None:
        return part.tally[1]
    first, last = month_span(month)
    return sum(
        sum(1 for v in table.col(_DATE_KEYS[name]) if dated_in(v, first, last))
        for name, table in part.tables.items()
        if name in _DATE_KEYS
    )


def incomplete_reasons(part: Part) -> list[str]:
    """Why a readable file is incomplete: a sheet or a required header it lacks (R04)."""
    return [
        f.message("zh") for f in part.findings if f.rule == "R04" and f.severity is Severity.ERROR
    ]


def _tally(part: Part, month: date) -> tuple[int, int, int, int]:
    errors = sum(f.severity is Severity.ERROR for f in part.findings)
    rows = sum(len(t) for t in part.tables.values())
    return rows, month_rows(part, month), errors, len(part.findings) - errors


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


def abridged(part: Part, month: date) -> Part:
    """The part cut down to what the month's summary reads — the columns it uses, the rows
    dated up to the month's end (handover: in the month), the findings it quotes (R04, R05) —
    with its 来源 figures kept in `tally`. A worker process sends this back instead of
    the whole book. Penalty workbooks are left whole (their sheet reads the books)."""
    if part.tally is not None or not set(part.tables) <= set(_READ):
        return part
    first, last = month_span(month)
    tally = _tally(part, month)
    tables: dict[str, Rows] = {}
    computed: dict[str, dict[str, list[Any]]] = {}
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
        inputs, outputs = _READ[name]
        cols = {k: [t.cols[k][i] for i in keep] for k in inputs if k in t.cols}
        tables[name] = Rows(
            t.schema,
            [t.rows[i] for i in keep],
            cols,
            {k: v for k, v in t.headers.items() if k in cols},
            {},
            t.name,
        )
        own = part.computed.get(name, {})
        computed[name] = {k: [own[k][i] for i in keep] for k in outputs if k in own}
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


def sources_and_kept(
    items: Iterable[Part | Failed], month: date
) -> tuple[list[Source], list[Part]]:
    """Every input as a 来源 row, and the parts whose figures count.

    Two readable files of the same kind and branch that both hold rows of the month claim the
    same month: the one with more rows in the month is counted (the first given on a tie),
    the other is reported as a duplicate and left out."""
    items = list(items)
    sources: list[Source] = []
    parts: list[tuple[Part, Source]] = []
    for item in items:
        if isinstance(item, Failed):
            sources.append(
                Source(item.name, item.branch, "", state=State.UNREADABLE, reason=item.reason)
            )
            continue
        rows, in_month, errors, warnings = item.tally or _tally(item, month)
        reasons = incomplete_reasons(item)
        source = Source(
            item.name,
            item.branch,
            KIND_LABELS.get(item.kind, item.kind),
            rows=rows,
            month_rows=in_month,
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

    claims: dict[tuple[str, str], list[tuple[Part, Source]]] = defaultdict(list)
    for part, source in parts:
        if source.month_rows:
            claims[(squeeze(part.branch), part.kind)].append((part, source))
    dropped: set[int] = set()
    for group in claims.values():
        if len(group) < 2:
            continue
        keep = max(group, key=lambda ps: ps[1].month_rows)  # max() keeps the first on a tie
        for part, source in group:
            if part is keep[0]:
                continue
            dropped.add(id(part))
            source.state = State.DUPLICATE
            source.reason = (
                f"与“{keep[1].name}”同为{part.branch} {month_label(month)}的"
                f"{KIND_LABELS.get(part.kind, part.kind)}，未重复计入"
                + (f"；另：{source.reason}" if source.reason else "")
            )
    # a branch's register or log with nothing in the month, and no other file of that branch
    # and kind that has: the wrong month's file was sent (earlier months' files beside this
    # month's are normal: they count for the year's 意见征求)
    for part, source in parts:
        if (
            source.state is State.COMPLETE
            and not source.month_rows
            and part.kind in ("visits", "handover")
            and (squeeze(part.branch), part.kind) not in claims
        ):
            source.state = State.NO_MONTH
            source.reason = f"文件中没有{month_label(month)}的数据"
    return sources, [p for p, _ in parts if id(p) not in dropped]
