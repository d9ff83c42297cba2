"""The month's summary (SPEC §4): V01–V04, C03 and the handover figures, every one with its
branch (分公司), built into the summary workbook's `ReportSheet`s.

Pure: it takes what the workbooks hold — tables, computed columns, findings, settings — as
`Part`s and returns sheets. Reading files (in parallel), the penalty sheet and writing the
workbook belong to `csbook.summary`.

Which rows count for the month `M` (first..last day):
- V01, V02, satisfaction: visits whose 回访日期 is in M, per (branch, 回访人).
- V03: problems whose 解决日期 is in M. A follow-up not yet due as of the reference time
  (待复访) is left out; the others are due, and on time when 复访日期 ≤ 复访期限.
- V04: every client in the branch's registers up to M's last day; its 意见征求 visits are
  counted from 1 January of M's year to M's last day, against `opinion_per_year`.
- C03: complaints whose 受理时间 is in M. The overdue list also carries earlier complaints
  still without a reply (已超期未回复): nothing slips out of sight by turning a month.
- Handover: rows whose 日期 is in M; a person's shifts are the rows they took over (接班人).
- Attention: visits up to M's last day whose follow-up is overdue (复访超期).
Shares whose denominator is 0 are left blank, never shown as 0 %.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from .deadlines import day_of, show
from .findings import Finding, Severity
from .report import Chart, Fmt, ReportSheet, Table, month_label
from .schema import ATTENDANCE, BOOKS, CHANNELS, COMPLAINTS, HANDOVER, OFFENCES, VISITS
from .settings import Settings
from .table import Table as Rows
from .text import squeeze

DEPARTMENT = "客服部"
SHEET_NAMES = ("总览", "回访", "投诉", "交接班", "意见征求", "来源")
UNFILLED = "（未填）"
KIND_LABELS = {book.kind: book.stem for book in BOOKS}
ZERO = "应为 0"
DETAIL_ITEMS = 8  # items named in one line of 总览's attention list before "等 N 项"


class State(StrEnum):
    """What became of an input file."""

    COMPLETE = "完整"
    INCOMPLETE = "不完整"
    UNREADABLE = "无法读取"
    DUPLICATE = "重复，未计入"


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


@dataclass
class Summary:
    """The built sheets and what callers quote from them."""

    month: date
    sheets: list[ReportSheet]
    headline: list[tuple[str, Any, Fmt]]  # (指标, 数值, format) as on 总览
    kept: list[Part]  # the parts counted (duplicates left out)
    sources: list[Source]
    empty: bool  # no row of any kind in the month

    def sheet(self, name: str) -> ReportSheet:
        return next(s for s in self.sheets if s.name == name)


# ---------------------------------------------------------------------------------------------
# the month, sources and duplicates
# ---------------------------------------------------------------------------------------------


def month_span(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def month_end(month: date) -> datetime:
    """The last moment of the month (23:59:59)."""
    return datetime.combine(month_span(month)[1], datetime.max.time()).replace(microsecond=0)


# the column that dates a row of each input sheet
_DATE_KEYS = {
    VISITS.name: "visit_date",
    COMPLAINTS.name: "received_at",
    HANDOVER.name: "date",
    OFFENCES.name: "date",
    ATTENDANCE.name: "month",
}


def _in(value: Any, first: date, last: date) -> bool:
    return value is not None and first <= day_of(value) <= last


def month_rows(part: Part, month: date) -> int:
    """Rows of the part's input sheets dated in the month."""
    if part.tally is not None:
        return part.tally[1]
    first, last = month_span(month)
    return sum(
        sum(1 for v in table.col(_DATE_KEYS[name]) if _in(v, first, last))
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
        ("arrival_status", "gap"),
    ),
}


def abridged(part: Part, month: date) -> Part:
    """The part cut down to what the month's summary reads — the columns it uses, the rows
    dated up to the month's end (handover: in the month), the findings it quotes (R04, H03,
    H04) — with its 来源 figures kept in `tally`. A worker process sends this back instead of
    the whole book. Penalty workbooks are left whole (their sheet reads the books)."""
    if part.tally is not None or not set(part.tables) <= set(_READ):
        return part
    first, last = month_span(month)
    tally = _tally(part, month)
    tables: dict[str, Rows] = {}
    computed: dict[str, dict[str, list[Any]]] = {}
    kept_rows: set[tuple[str, int]] = set()
    for name, t in part.tables.items():
        if name == HANDOVER.name:
            keep = [i for i, v in enumerate(t.col("date")) if _in(v, first, last)]
        elif name == VISITS.name:
            days, resolved = t.col("visit_date"), t.col("resolved_on")
            keep = [
                i
                for i in range(len(t))
                if (days[i] is not None and day_of(days[i]) <= last)
                or _in(resolved[i], first, last)
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
        kept_rows.update((t.sheet, t.rows[i]) for i in keep)
    findings = [
        f
        for f in part.findings
        if (f.rule == "R04" and f.severity is Severity.ERROR)
        or (f.rule in ("H03", "H04") and (f.sheet, f.row) in kept_rows)
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
            reason="；".join(reasons),
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
    return sources, [p for p, _ in parts if id(p) not in dropped]


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------


def share(n: float, d: float) -> float | None:
    return n / d if d else None


def _name(value: Any) -> str:
    return str(value).strip() if value is not None else UNFILLED


class _Keyed(dict):  # type: ignore[type-arg]
    """Items by a (branch, squeezed name) key, created on first use, in first-seen order."""

    def __init__(self, make: Callable[[str, str], Any]) -> None:
        super().__init__()
        self._make = make

    def get_or_make(self, branch: str, name: str) -> Any:
        key = (squeeze(branch), squeeze(name))
        if key not in self:
            self[key] = self._make(branch, name)
        return self[key]


@dataclass
class Agent:
    branch: str
    name: str
    target: int = 0
    visits: int = 0
    signed: int = 0
    followups_due: int = 0  # resolved problems whose follow-up is due (V03's denominator)
    followups_on_time: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    rated: int = 0
    satisfied: int = 0


@dataclass
class Unit:
    branch: str
    name: str
    complaints: int = 0
    repeat: int = 0
    severe: int = 0
    volume: int | None = None

    @property
    def rate(self) -> float | None:
        return self.complaints * 1000 / self.volume if self.volume else None


@dataclass
class Person:
    branch: str
    name: str
    shifts: int = 0
    on_time: int = 0
    fine: int = 0  # 偏晚
    late: int = 0
    unsigned: int = 0
    gaps: int = 0
    days: set[date] = field(default_factory=set)
    reviewed_days: int | None = None  # None: the log has no 主管审阅 column


@dataclass
class BranchFigures:
    name: str
    visits: int = 0
    signed: int = 0
    followups_due: int = 0
    followups_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    agents_under: int = 0
    complaints: int = 0
    grades: Counter[str] = field(default_factory=Counter)
    replies: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    category_order: list[str] = field(default_factory=list)
    reply_overdue: int = 0  # rows of the overdue list
    followup_overdue: int = 0
    shifts: int = 0
    arrivals: Counter[str] = field(default_factory=Counter)
    unsigned: int = 0
    gap_rows: int = 0
    log_days: set[date] = field(default_factory=set)
    reviewed: set[date] = field(default_factory=set)
    has_review: bool = False
    opinions_missing: int = 0
    incomplete: bool = False
    target: int | None = None
    followup_target: float | None = None


@dataclass
class Figures:
    """Everything the sheets show, computed once."""

    month: date
    as_of: datetime
    branches: dict[str, BranchFigures]  # squeezed branch -> figures, sorted by name
    agents: list[Agent]
    followup_overdue: list[list[Any]]
    units: list[Unit]
    overdue_replies: list[list[Any]]
    repeats: list[list[Any]]
    people: list[Person]
    gaps: list[list[Any]]
    opinions: list[list[Any]]
    levels: list[str]  # satisfaction levels, in scale order (several scales: first seen)
    empty: bool


def _branch(figures: dict[str, BranchFigures], name: str) -> BranchFigures:
    key = squeeze(name)
    if key not in figures:
        figures[key] = BranchFigures(name)
    return figures[key]


def _where(part: Part, table: Rows, i: int) -> str:
    return f"{part.name} 第{table.rows[i]}行"


def _visits(part: Part, f: Figures, agents: _Keyed, first: date, last: date) -> None:
    t = part.tables[VISITS.name]
    s = part.settings
    b = _branch(f.branches, part.branch)
    b.target = s.visits_per_month if b.target is None else b.target
    b.followup_target = (
        float(s.followup_rate_target) if b.followup_target is None else b.followup_target
    )
    for level in s.satisfaction_scale:
        if level not in f.levels:
            f.levels.append(level)
    days, staff, signed = t.col("visit_date"), t.col("staff"), t.col("signed_by")
    rated = t.col("satisfaction")
    resolved, followed = t.col("resolved_on"), t.col("followup_on")
    due = part.col(VISITS.name, "followup_due")
    status = part.col(VISITS.name, "status")
    today = f.as_of.date()
    step = timedelta(days=s.followup_days)

    def agent(i: int) -> Agent:
        a = agents.get_or_make(part.branch, _name(staff[i]))
        a.target = s.visits_per_month
        return a

    for i, day in enumerate(days):
        if not _in(day, first, last):
            continue
        a = agent(i)
        a.visits += 1
        b.visits += 1
        if signed[i] is not None:
            a.signed += 1
            b.signed += 1
        if rated[i] is not None:
            a.rated += 1
            a.levels[rated[i]] += 1
            b.rated += 1
            if rated[i] in s.satisfied_levels:
                a.satisfied += 1
                b.satisfied += 1
    for i, done in enumerate(resolved):
        if not _in(done, first, last):
            continue
        deadline = due[i] if due[i] is not None else day_of(done) + step
        if followed[i] is None and today <= deadline:
            continue  # not yet due
        a = agent(i)
        a.followups_due += 1
        b.followups_due += 1
        if followed[i] is not None and day_of(followed[i]) <= deadline:
            a.followups_on_time += 1
            b.followups_on_time += 1
    for i, state in enumerate(status):
        if state == "复访超期" and days[i] is not None and day_of(days[i]) <= last:
            b.followup_overdue += 1
            f.followup_overdue.append(
                [
                    part.branch,
                    days[i],
                    t.col("client")[i],
                    _name(staff[i]),
                    resolved[i],
                    due[i],
                    _where(part, t, i),
                ]
            )


def _complaints(part: Part, f: Figures, units: _Keyed, first: date, last: date) -> None:
    t = part.tables[COMPLAINTS.name]
    s = part.settings
    b = _branch(f.branches, part.branch)
    for name in s.unit_volume:  # units with a volume rank even without a complaint
        units.get_or_make(part.branch, name)
    received = t.col("received_at")
    grades = part.col(COMPLAINTS.name, "grade")
    replies = part.col(COMPLAINTS.name, "reply_status")
    reply_due = part.col(COMPLAINTS.name, "reply_due")
    ids, clients, unit_col = t.col("complaint_id"), t.col("client"), t.col("unit")
    channels, categories = t.col("channel"), t.col("category")
    for c in s.complaint_categories:
        if c not in b.category_order:
            b.category_order.append(c)
    for i, moment in enumerate(received):
        if moment is None or day_of(moment) > last:
            continue
        this_month = day_of(moment) >= first
        reply = replies[i] or ""
        if reply == "已超期未回复" or (this_month and reply == "超时"):
            b.reply_overdue += 1
            f.overdue_replies.append(
                [
                    part.branch,
                    ids[i],
                    moment,
                    clients[i],
                    _name(unit_col[i]),
                    _name(t.col("owner")[i]),
                    show(reply_due[i]) if reply_due[i] is not None else "",
                    t.col("replied_at")[i],
                    reply,
                    _where(part, t, i),
                ]
            )
        if not this_month:
            continue
        b.complaints += 1
        grade = grades[i] or "一般"
        b.grades[grade] += 1
        if reply:
            b.replies[reply] += 1
        b.channels[_name(channels[i])] += 1
        category = categories[i] if categories[i] is not None else "（未分类）"
        b.categories[category] += 1
        u = units.get_or_make(part.branch, _name(unit_col[i]))
        u.complaints += 1
        if grade == "重复":
            u.repeat += 1
        elif grade == "恶性":
            u.severe += 1
        if grade in ("重复", "恶性"):
            f.repeats.append(
                [
                    part.branch,
                    ids[i],
                    moment,
                    clients[i],
                    category if categories[i] is not None else "",
                    _name(unit_col[i]),
                    grade,
                    t.col("followups")[i],
                    t.col("followup_result")[i],
                    _where(part, t, i),
                ]
            )
    volumes = {squeeze(k): v for k, v in s.unit_volume.items()}
    for (branch_key, unit_key), u in units.items():
        if branch_key == squeeze(part.branch) and unit_key in volumes:
            u.volume = volumes[unit_key]


def _gap_roles(part: Part, t: Rows) -> dict[int, set[str]]:
    """Who broke the chain on each 脱班 row: "from" (交班人) and/or "to" (接班人), from H04's
    findings — a break names the column of the person responsible; a missing shift after a
    row is its 接班人's, before it its 交班人's."""
    index_of = {row: i for i, row in enumerate(t.rows)}
    names = part.settings.shift_names
    days, shifts = t.col("date"), t.col("shift")
    from_header = t.header("from_staff")
    roles: dict[int, set[str]] = defaultdict(set)
    for f in part.findings:
        if f.rule != "H04" or f.sheet != t.sheet or f.row not in index_of:
            continue
        i = index_of[f.row]
        if f.key == "H04.break":
            roles[i].add("from" if f.column == from_header else "to")
        elif f.key == "H04.missing" and days[i] is not None and shifts[i] in names:
            try:
                missing = (date.fromisoformat(f.params["day"]), names.index(f.params["shift"]))
            except (KeyError, ValueError):
                continue
            roles[i].add("to" if missing > (days[i], names.index(shifts[i])) else "from")
    return roles


def _handover(part: Part, f: Figures, people: _Keyed, first: date, last: date) -> None:
    t = part.tables[HANDOVER.name]
    b = _branch(f.branches, part.branch)
    days = t.col("date")
    givers, takers = t.col("from_staff"), t.col("to_staff")
    arrivals = part.col(HANDOVER.name, "arrival_status")
    gaps = part.col(HANDOVER.name, "gap")
    reviewed = t.col("reviewed_by")
    has_review = t.has("reviewed_by")
    b.has_review = b.has_review or has_review
    roles = _gap_roles(part, t)
    messages: dict[int, list[str]] = defaultdict(list)
    index_of = {row: i for i, row in enumerate(t.rows)}
    for finding in part.findings:
        i = index_of.get(finding.row) if finding.sheet == t.sheet else None
        if i is None:
            continue
        if finding.key == "H04.break":
            why = "交接不连续"
        elif finding.key == "H04.missing":
            day = finding.params.get("day", "")
            why = f"缺{day[5:]}{finding.params.get('shift', '')}"
        elif finding.rule == "H03":
            why = "未经批准换班"
        else:
            continue
        if why not in messages[i]:
            messages[i].append(why)
    reviewed_days = {day for i, day in enumerate(days) if day is not None and reviewed[i]}
    touched: dict[int, Person] = {}  # id -> person named on a row of the month
    for i, day in enumerate(days):
        if not _in(day, first, last):
            continue
        b.shifts += 1
        b.log_days.add(day)
        if day in reviewed_days:
            b.reviewed.add(day)
        giver = people.get_or_make(part.branch, _name(givers[i])) if givers[i] else None
        taker = people.get_or_make(part.branch, _name(takers[i])) if takers[i] else None
        for p in (giver, taker):
            if p is not None:
                touched[id(p)] = p
        state = arrivals[i] or ""
        if state:
            b.arrivals[state] += 1
        if taker is not None:
            taker.shifts += 1
            taker.days.add(day)
            if state == "按时":
                taker.on_time += 1
            elif state == "偏晚":
                taker.fine += 1
            elif state == "迟到":
                taker.late += 1
        for key, person in (("from_signed", giver), ("to_signed", taker)):
            if t.has(key) and t.col(key)[i] is None:
                b.unsigned += 1
                if person is not None:
                    person.unsigned += 1
        if gaps[i] == "是":
            b.gap_rows += 1
            for role in sorted(roles.get(i, {"from", "to"})):
                person = giver if role == "from" else taker
                if person is not None:
                    person.gaps += 1
            f.gaps.append(
                [
                    part.branch,
                    day,
                    t.col("shift")[i],
                    _name(givers[i]),
                    _name(takers[i]),
                    "；".join(messages.get(i, [])),
                    _where(part, t, i),
                ]
            )
    if has_review:
        for p in touched.values():
            p.reviewed_days = (p.reviewed_days or 0) + len(p.days & reviewed_days)


def _opinions(visit_parts: list[Part], f: Figures, last: date) -> None:
    """V04: clients of each branch still short of `opinion_per_year` 意见征求 visits."""

    @dataclass
    class Client:
        branch: str
        name: str
        opinions: int = 0
        visits_this_year: int = 0
        last_day: date | None = None
        last_staff: str = ""
        where: str = ""

    clients: dict[tuple[str, str], Client] = {}
    required: dict[str, int] = {}
    year_start = date(last.year, 1, 1)
    for part in visit_parts:
        t = part.tables[VISITS.name]
        bkey = squeeze(part.branch)
        required[bkey] = max(required.get(bkey, 0), part.settings.opinion_per_year)
        days, names, kinds, staff = (
            t.col("visit_date"),
            t.col("client"),
            t.col("kind"),
            t.col("staff"),
        )
        for i, day in enumerate(days):
            if day is None or names[i] is None or day_of(day) > last:
                continue
            day = day_of(day)
            key = (bkey, squeeze(names[i]))
            c = clients.get(key)
            if c is None:
                c = clients[key] = Client(part.branch, names[i])
            if day >= year_start:
                c.visits_this_year += 1
                if kinds[i] == "意见征求":
                    c.opinions += 1
            if c.last_day is None or day >= c.last_day:
                c.last_day, c.last_staff, c.where = day, _name(staff[i]), _where(part, t, i)
    for (bkey, _), c in sorted(clients.items(), key=lambda kv: (kv[0][0], kv[1].name)):
        need = required[bkey]
        if c.opinions < need:
            _branch(f.branches, c.branch).opinions_missing += 1
            f.opinions.append(
                [
                    c.branch,
                    c.name,
                    c.opinions,
                    need,
                    c.visits_this_year,
                    c.last_day,
                    c.last_staff,
                    c.where,
                ]
            )


def figures(parts: list[Part], sources: list[Source], month: date, as_of: datetime) -> Figures:
    """Every figure of the month from the counted parts."""
    first, last = month_span(month)
    f = Figures(month, as_of, {}, [], [], [], [], [], [], [], [], [], True)
    for source in sources:
        if source.branch:
            b = _branch(f.branches, source.branch)
            b.incomplete = b.incomplete or source.state in (State.INCOMPLETE, State.UNREADABLE)
    agents = _Keyed(lambda branch, name: Agent(branch, name))
    units = _Keyed(lambda branch, name: Unit(branch, name))
    people = _Keyed(lambda branch, name: Person(branch, name))
    visit_parts = []
    for part in parts:
        if VISITS.name in part.tables:
            visit_parts.append(part)
            _visits(part, f, agents, first, last)
        if COMPLAINTS.name in part.tables:
            _complaints(part, f, units, first, last)
        if HANDOVER.name in part.tables:
            _handover(part, f, people, first, last)
    _opinions(visit_parts, f, last)

    by_branch = {squeeze(b): n for n, b in enumerate(sorted(b.name for b in f.branches.values()))}
    f.branches = dict(sorted(f.branches.items(), key=lambda kv: by_branch[squeeze(kv[1].name)]))

    def order(item: Any) -> int:
        return by_branch[squeeze(item.branch)]

    f.agents = sorted(agents.values(), key=order)  # stable: first-seen order within a branch
    for a in f.agents:
        if a.visits < a.target:
            _branch(f.branches, a.branch).agents_under += 1
    f.people = sorted(people.values(), key=order)
    f.units = _ranked(sorted(units.values(), key=order))
    for rows in (f.followup_overdue, f.overdue_replies, f.repeats, f.gaps, f.opinions):
        rows.sort(key=lambda r: by_branch[squeeze(r[0])])  # stable: file order within a branch
    f.empty = not any(b.visits or b.complaints or b.shifts for b in f.branches.values())
    return f


def _ranked(units: list[Unit]) -> list[Unit]:
    """Within each branch: units with a volume by rate, worst first; then the others by
    count, most first."""
    out: list[Unit] = []
    branches: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        branches[squeeze(u.branch)].append(u)
    for group in branches.values():
        rated = sorted((u for u in group if u.rate is not None), key=lambda u: -u.rate)  # type: ignore[operator]
        others = sorted((u for u in group if u.rate is None), key=lambda u: -u.complaints)
        out += rated + others
    return out


def rank_of(units: list[Unit]) -> list[int | None]:
    """1-based rank of each unit within its branch (None without a volume); equal rates
    share a rank."""
    ranks: list[int | None] = []
    seen: dict[str, list[float]] = defaultdict(list)
    for u in units:
        if u.rate is None:
            ranks.append(None)
            continue
        rates = seen[squeeze(u.branch)]
        rates.append(u.rate)
        ranks.append(sum(1 for r in rates if r > u.rate) + 1)
    return ranks


# ---------------------------------------------------------------------------------------------
# sheets
# ---------------------------------------------------------------------------------------------


_FMT_LETTERS = {
    "t": Fmt.TEXT,
    "i": Fmt.INT,
    "p": Fmt.PERCENT,
    "d": Fmt.DATE,
    "m": Fmt.DATETIME,
    "x": Fmt.DECIMAL,
}


def _formats(letters: str) -> list[Fmt]:
    """Column formats by letter: t text, i integer, p percent, d date, m date-time,
    x decimal."""
    return [_FMT_LETTERS[c] for c in letters]


def _title(month: date, topic: str) -> str:
    return f"{DEPARTMENT} {month_label(month)} {topic}"


def _subtitle(f: Figures) -> str:
    names = [b.name for b in f.branches.values()]
    shown = "、".join(names[:6]) + (f" 等 {len(names)} 个" if len(names) > 6 else "")
    branch = f"分公司：{shown}　" if names else ""
    return f"{branch}统计截至 {f.as_of:%Y-%m-%d %H:%M}"


def _flag(table: Table, test: Callable[[list[Any]], Iterable[int]]) -> None:
    for r, row in enumerate(table.rows):
        for c in test(row):
            table.flagged.append((r, c))


def _positive(*columns: int) -> Callable[[list[Any]], Iterable[int]]:
    return lambda row: [c for c in columns if isinstance(row[c], int | float) and row[c] > 0]


def _target_text(values: set[Any], show_value: Callable[[Any], str]) -> str:
    if not values:
        return ""
    if len(values) == 1:
        return show_value(next(iter(values)))
    return "按各分公司参数"


def headline(f: Figures, sources: list[Source]) -> list[tuple[str, Any, Fmt, str, bool]]:
    """(指标, 数值, format, 目标, flagged) rows of 总览's first table."""
    bs = list(f.branches.values())
    total = sum
    visits = total(b.visits for b in bs)
    due = total(b.followups_due for b in bs)
    on_time = total(b.followups_on_time for b in bs)
    rate = share(on_time, due)
    targets = {b.target for b in bs if b.target is not None}
    followup_targets = {b.followup_target for b in bs if b.followup_target is not None}
    broken = sum(s.state in (State.INCOMPLETE, State.UNREADABLE) for s in sources)
    duplicates = sum(s.state is State.DUPLICATE for s in sources)
    under = total(b.agents_under for b in bs)
    log_days = total(len(b.log_days) for b in bs if b.has_review)
    reviewed = total(len(b.reviewed) for b in bs if b.has_review)
    grades = Counter[str]()
    for b in bs:
        grades.update(b.grades)
    late = total(b.arrivals["迟到"] for b in bs)
    gaps = total(b.gap_rows for b in bs)
    review_rate = share(reviewed, log_days)
    rows: list[tuple[str, Any, Fmt, str, bool]] = [
        ("分公司数", len(bs), Fmt.INT, "", False),
        ("回访次数", visits, Fmt.INT, "", False),
        ("回访人员", len(f.agents), Fmt.INT, "", False),
        (
            "回访未达标人数",
            under,
            Fmt.INT,
            _target_text(targets, lambda v: f"每人每月 {v} 次"),
            under > 0,
        ),
        ("客户签字率", share(total(b.signed for b in bs), visits), Fmt.PERCENT, "", False),
        (
            "按期复访率",
            rate,
            Fmt.PERCENT,
            _target_text(followup_targets, lambda v: f"{v:.0%}"),
            rate is not None and any(rate < t for t in followup_targets),
        ),
        (
            "客户满意率",
            share(total(b.satisfied for b in bs), total(b.rated for b in bs)),
            Fmt.PERCENT,
            "",
            False,
        ),
        ("复访超期", len(f.followup_overdue), Fmt.INT, ZERO, len(f.followup_overdue) > 0),
        ("投诉件数", total(b.complaints for b in bs), Fmt.INT, "", False),
        ("回复超期", len(f.overdue_replies), Fmt.INT, ZERO, len(f.overdue_replies) > 0),
        ("重复投诉", grades["重复"], Fmt.INT, "", grades["重复"] > 0),
        ("恶性投诉", grades["恶性"], Fmt.INT, ZERO, grades["恶性"] > 0),
        ("交接班次", total(b.shifts for b in bs), Fmt.INT, "", False),
        ("接班迟到", late, Fmt.INT, ZERO, late > 0),
        ("脱班", gaps, Fmt.INT, ZERO, gaps > 0),
        (
            "交接班主管审阅率",
            review_rate,
            Fmt.PERCENT,
            "每天审阅",
            review_rate is not None and review_rate < 1,
        ),
        ("未完成意见征求的客户", len(f.opinions), Fmt.INT, "", len(f.opinions) > 0),
        ("来源文件", len(sources), Fmt.INT, "", False),
        ("不完整或无法读取的文件", broken, Fmt.INT, ZERO, broken > 0),
        ("重复未计入的文件", duplicates, Fmt.INT, ZERO, duplicates > 0),
    ]
    return rows


def _items(values: list[str], total: int, sheet: str) -> str:
    text = "、".join(values[:DETAIL_ITEMS])
    if total > DETAIL_ITEMS:
        text += f" 等 {total} 项"
    return f"{text}（见“{sheet}”表）" if sheet else text


def _attention(f: Figures, sources: list[Source]) -> Table:
    rows: list[list[Any]] = []

    def per_branch(
        what: str, items: list[list[Any]], label: Callable[[list[Any]], str], sheet: str
    ) -> None:
        grouped: dict[str, list[list[Any]]] = defaultdict(list)
        for item in items:
            grouped[item[0]].append(item)
        for branch, group in grouped.items():
            rows.append(
                [what, branch, len(group), _items([label(g) for g in group], len(group), sheet)]
            )

    per_branch(
        "回复超期", f.overdue_replies, lambda r: f"{r[1]}（{r[8]}）" if r[1] else r[-1], "投诉"
    )
    per_branch("复访超期", f.followup_overdue, lambda r: f"{r[2]} {r[1]:%m-%d}", "回访")
    under = [[a.branch, f"{a.name} {a.visits}/{a.target}"] for a in f.agents if a.visits < a.target]
    per_branch("回访未达标", under, lambda r: r[1], "回访")
    per_branch("脱班", f.gaps, lambda r: f"{r[1]:%m-%d}{r[2] or ''}", "交接班")
    severe = [r for r in f.repeats if r[6] == "恶性"]
    per_branch("恶性投诉", severe, lambda r: str(r[1]), "投诉")
    what = {
        State.INCOMPLETE: "文件不完整",
        State.UNREADABLE: "文件无法读取",
        State.DUPLICATE: "重复文件（未计入）",
    }
    for s in sources:
        if s.state is not State.COMPLETE:
            rows.append([what[s.state], s.branch or UNFILLED, 1, f"{s.name}：{s.reason}"])
    table = Table(
        caption="需要关注",
        header=["事项", "分公司", "数量", "明细"],
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.TEXT],
        rows=rows,
        empty_note="（本月没有需要特别关注的事项）",
    )
    table.flagged = [(r, 2) for r in range(len(rows))]
    return table


def overview_sheet(f: Figures, sources: list[Source]) -> tuple[ReportSheet, list[Any]]:
    notes: list[str] = []
    if not sources:
        notes.append("没有读到任何工作簿：本汇总为空。")
    elif f.empty:
        notes.append(
            f"{month_label(f.month)}没有任何回访、投诉或交接班记录：以下各表均为空，这是一份空的汇总。"
        )
    broken = [s for s in sources if s.state in (State.INCOMPLETE, State.UNREADABLE)]
    if broken:
        notes.append(
            f"⚠ 本汇总不完整：{len(broken)} 个文件无法读取或缺少工作表/列"
            f"（{'、'.join(s.name for s in broken[:DETAIL_ITEMS])}"
            f"{' 等' if len(broken) > DETAIL_ITEMS else ''}），其数据未能全部计入，详见“来源”表。"
        )
    duplicates = [s for s in sources if s.state is State.DUPLICATE]
    if duplicates:
        notes.append(
            f"有 {len(duplicates)} 个文件与其他文件属于同一分公司、同一月份（"
            f"{'、'.join(s.name for s in duplicates[:DETAIL_ITEMS])}），未重复计入，详见“来源”表。"
        )
    rows = headline(f, sources)
    head = Table(
        caption="本月主要指标",
        header=["指标", "数值", "目标"],
        formats=[Fmt.TEXT, Fmt.INT, Fmt.TEXT],
        rows=[[name, value, target] for name, value, _, target, _ in rows],
        cell_formats=[(r, 1, fmt) for r, (_, _, fmt, _, _) in enumerate(rows) if fmt != Fmt.INT],
        flagged=[(r, 1) for r, row in enumerate(rows) if row[4]],
    )
    sheet = ReportSheet(
        name="总览",
        title=_title(f.month, "月度汇总"),
        subtitle=_subtitle(f),
        blocks=[*notes, head, _attention(f, sources)],
        signatures=["制表：__________", "部门经理：__________", "分管领导：__________"],
        generated=f.as_of,
        landscape=False,
    )
    return sheet, [(name, value, fmt) for name, value, fmt, _, _ in rows]


def visits_sheet(f: Figures) -> ReportSheet:
    levels = f.levels
    n = len(levels)
    bs = [b for b in f.branches.values() if b.target is not None]
    branch_rows = [
        [
            b.name,
            sum(1 for a in f.agents if squeeze(a.branch) == squeeze(b.name)),
            b.visits,
            b.agents_under,
            b.signed,
            share(b.signed, b.visits),
            b.followups_due,
            b.followups_on_time,
            share(b.followups_on_time, b.followups_due),
            b.rated,
            b.satisfied,
            share(b.satisfied, b.rated),
        ]
        for b in bs
    ]
    per_branch = Table(
        caption="各分公司回访",
        header=[
            "分公司",
            "回访人员",
            "回访次数",
            "未达标人数",
            "客户签字",
            "签字率",
            "应复访",
            "按期复访",
            "复访率",
            "已评价",
            "计为满意",
            "满意率",
        ],
        formats=_formats("tiiiipiipiip"),
        rows=branch_rows,
    )
    _flag(per_branch, _positive(3))
    for r, b in enumerate(bs):
        rate = branch_rows[r][8]
        if rate is not None and b.followup_target is not None and rate < b.followup_target:
            per_branch.flagged.append((r, 8))

    def total(c: int) -> int:
        return sum(row[c] for row in branch_rows)

    visits, signed = total(2), total(4)
    due, done, rated, satisfied = total(6), total(7), total(9), total(10)
    per_branch.total_row = [
        "合计",
        total(1),
        visits,
        total(3),
        signed,
        share(signed, visits),
        due,
        done,
        share(done, due),
        rated,
        satisfied,
        share(satisfied, rated),
    ]

    header = [
        "分公司",
        "回访人",
        "回访次数",
        "目标",
        "完成率",
        "客户签字",
        "签字率",
        "应复访",
        "按期复访",
        "复访率",
        *levels,
        "已评价",
        "计为满意",
        "满意率",
    ]
    formats = (
        [Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.INT, Fmt.PERCENT, Fmt.INT, Fmt.PERCENT, Fmt.INT, Fmt.INT]
        + [Fmt.PERCENT]
        + [Fmt.INT] * (n + 2)
        + [Fmt.PERCENT]
    )
    rows = [
        [
            a.branch,
            a.name,
            a.visits,
            a.target,
            share(a.visits, a.target),
            a.signed,
            share(a.signed, a.visits),
            a.followups_due,
            a.followups_on_time,
            share(a.followups_on_time, a.followups_due),
            *(a.levels.get(level, 0) for level in levels),
            a.rated,
            a.satisfied,
            share(a.satisfied, a.rated),
        ]
        for a in f.agents
    ]
    agents = Table(
        caption="各回访人（回访量、客户签字、按期复访、满意度）",
        header=header,
        formats=formats,
        rows=rows,
    )
    for r, a in enumerate(f.agents):
        if a.visits < a.target:
            agents.flagged += [(r, 2), (r, 4)]
        target = f.branches[squeeze(a.branch)].followup_target
        if a.followups_due and target is not None and rows[r][9] < target:
            agents.flagged.append((r, 9))
    levels_total = Counter[str]()
    for a in f.agents:
        levels_total.update(a.levels)
    agents.total_row = [
        "合计",
        f"{len(f.agents)} 人",
        visits,
        None,
        None,
        signed,
        share(signed, visits),
        due,
        done,
        share(done, due),
        *(levels_total.get(level, 0) for level in levels),
        rated,
        satisfied,
        share(satisfied, rated),
    ]
    overdue = Table(
        caption="复访超期（已解决、过了复访期限仍未复访）",
        header=["分公司", "回访日期", "客户单位", "回访人", "解决日期", "复访期限", "来源"],
        formats=[Fmt.TEXT, Fmt.DATE, Fmt.TEXT, Fmt.TEXT, Fmt.DATE, Fmt.DATE, Fmt.TEXT],
        rows=f.followup_overdue,
    )
    targets = {b.target for b in bs}
    target = f"每人每月 {next(iter(targets))} 次回访" if len(targets) == 1 else "按各分公司参数"
    multi = len(f.branches) > 1
    return ReportSheet(
        name="回访",
        title=_title(f.month, "回访情况"),
        subtitle=_subtitle(f),
        blocks=[
            f"回访量目标：{target}。签字率 = 有客户签字的回访 / 回访次数。",
            "复访率 = 按期复访 / 应复访（本月解决、复访期限已到的问题）；满意率 = 计为满意 / 已评价。",
            per_branch,
            agents,
            overdue,
        ],
        charts=[
            Chart(
                kind="column",
                title="各回访人本月回访次数与目标",
                table=3,
                categories=0 if multi else 1,
                categories_to=1 if multi else None,
                values=[2],
                line=3,
                y_title="次",
            )
        ],
        charts_below=True,
        generated=f.as_of,
    )


def complaints_sheet(f: Figures) -> ReportSheet:
    bs = list(f.branches.values())
    units = f.units
    ranks = rank_of(units)
    per_unit = Table(
        caption="各责任单位（C03；有业务量时按每千件投诉率排名，最差在前）",
        header=["分公司", "责任单位", "投诉件数", "重复", "恶性", "业务量", "每千件投诉", "排名"],
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.INT, Fmt.INT, Fmt.INT, Fmt.DECIMAL, Fmt.INT],
        rows=[
            [u.branch, u.name, u.complaints, u.repeat, u.severe, u.volume, u.rate, rank]
            for u, rank in zip(units, ranks, strict=True)
        ],
    )
    _flag(per_unit, _positive(4))
    per_unit.flagged += [(r, 6) for r, rank in enumerate(ranks) if rank == 1]
    grade_rows = []
    for b in bs:
        answered = b.replies["按时"] + b.replies["超时"] + b.replies["已超期未回复"]
        grade_rows.append(
            [
                b.name,
                b.complaints,
                b.grades["一般"],
                b.grades["重复"],
                b.grades["恶性"],
                b.replies["按时"],
                b.replies["超时"],
                b.replies["待回复"],
                b.replies["已超期未回复"],
                share(b.replies["按时"], answered),
            ]
        )
    grades = Table(
        caption="投诉等级与首次回复",
        header=[
            "分公司",
            "投诉件数",
            "一般",
            "重复",
            "恶性",
            "按时回复",
            "超时回复",
            "待回复",
            "已超期未回复",
            "按时回复率",
        ],
        formats=[Fmt.TEXT] + [Fmt.INT] * 8 + [Fmt.PERCENT],
        rows=grade_rows,
    )
    sums = [sum(r[c] for r in grade_rows) for c in range(1, 9)]
    grades.total_row = ["合计", *sums, share(sums[4], sums[4] + sums[5] + sums[7])]
    _flag(grades, _positive(4, 6, 8))

    def breakdown(
        caption: str,
        label: str,
        counts: Callable[[BranchFigures], Counter[str]],
        order: Callable[[BranchFigures], list[str]],
    ) -> Table:
        rows = []
        for b in bs:
            c = counts(b)
            known = [k for k in order(b) if c.get(k)]
            for key in known + sorted(k for k in c if k not in known):
                rows.append([b.name, key, c[key], share(c[key], b.complaints)])
        return Table(
            caption=caption,
            header=["分公司", label, "件数", "占比"],
            formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.PERCENT],
            rows=rows,
        )

    channels = breakdown("各渠道", "渠道", lambda b: b.channels, lambda b: list(CHANNELS))
    categories = breakdown("各类别", "投诉类别", lambda b: b.categories, lambda b: b.category_order)
    overdue = Table(
        caption="回复超期（本月超时回复的，和至今仍未回复且已超期的）",
        header=[
            "分公司",
            "投诉编号",
            "受理时间",
            "客户",
            "责任单位",
            "首问负责人",
            "回复期限",
            "首次回复时间",
            "回复状态",
            "来源",
        ],
        formats=[
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.DATETIME,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.DATETIME,
            Fmt.TEXT,
            Fmt.TEXT,
        ],
        rows=f.overdue_replies,
    )
    overdue.flagged = [
        (r, 8) for r, row in enumerate(f.overdue_replies) if row[8] == "已超期未回复"
    ]
    repeats = Table(
        caption="重复和恶性投诉",
        header=[
            "分公司",
            "投诉编号",
            "受理时间",
            "客户",
            "投诉类别",
            "责任单位",
            "投诉等级",
            "回访次数",
            "回访结果",
            "来源",
        ],
        formats=[
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.DATETIME,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.INT,
            Fmt.TEXT,
            Fmt.TEXT,
        ],
        rows=f.repeats,
    )
    repeats.flagged = [(r, 6) for r, row in enumerate(f.repeats) if row[6] == "恶性"]
    multi = len(bs) > 1
    return ReportSheet(
        name="投诉",
        title=_title(f.month, "投诉情况"),
        subtitle=_subtitle(f),
        blocks=[grades, per_unit, channels, categories, overdue, repeats],
        charts=[
            Chart(
                kind="column",
                title="各分公司投诉等级",
                table=0,
                categories=0,
                values=[2, 3, 4],
                y_title="件",
            ),
            Chart(
                kind="bar",
                title="各责任单位投诉件数",
                table=1,
                categories=0 if multi else 1,
                categories_to=1 if multi else None,
                values=[2],
                y_title="件",
            ),
        ],
        charts_below=True,
        generated=f.as_of,
    )


def handover_sheet(f: Figures) -> ReportSheet:
    rows = []
    for p in f.people:
        arrived = p.on_time + p.fine + p.late
        rows.append(
            [
                p.branch,
                p.name,
                p.shifts,
                p.on_time,
                p.fine,
                p.late,
                share(p.on_time, arrived),
                p.unsigned,
                p.gaps,
                len(p.days),
                share(p.reviewed_days, len(p.days)) if p.reviewed_days is not None else None,
            ]
        )
    people = Table(
        caption="交接班人员（接班次数按接班人计）",
        header=[
            "分公司",
            "姓名",
            "接班次数",
            "按时",
            "偏晚",
            "迟到",
            "按时率",
            "缺签字",
            "脱班",
            "值班天数",
            "主管审阅率",
        ],
        formats=[Fmt.TEXT, Fmt.TEXT]
        + [Fmt.INT] * 4
        + [Fmt.PERCENT]
        + [Fmt.INT] * 3
        + [Fmt.PERCENT],
        rows=rows,
    )
    _flag(people, _positive(5, 7, 8))
    bs = [b for b in f.branches.values() if b.shifts or b.log_days or b.has_review]
    branch_rows = []
    for b in bs:
        arrived = b.arrivals["按时"] + b.arrivals["偏晚"] + b.arrivals["迟到"]
        branch_rows.append(
            [
                b.name,
                b.shifts,
                b.arrivals["按时"],
                b.arrivals["偏晚"],
                b.arrivals["迟到"],
                share(b.arrivals["按时"], arrived),
                b.unsigned,
                b.gap_rows,
                len(b.log_days),
                len(b.reviewed) if b.has_review else None,
                share(len(b.reviewed), len(b.log_days)) if b.has_review else None,
            ]
        )
    branches = Table(
        caption="各分公司交接班",
        header=[
            "分公司",
            "交接班次",
            "按时",
            "偏晚",
            "迟到",
            "按时率",
            "缺签字",
            "脱班",
            "记录天数",
            "主管审阅天数",
            "审阅率",
        ],
        formats=[Fmt.TEXT] + [Fmt.INT] * 4 + [Fmt.PERCENT] + [Fmt.INT] * 4 + [Fmt.PERCENT],
        rows=branch_rows,
    )
    _flag(branches, _positive(4, 6, 7))
    for r, row in enumerate(branch_rows):
        if row[10] is not None and row[10] < 1:
            branches.flagged.append((r, 10))
    gaps = Table(
        caption="脱班记录",
        header=["分公司", "日期", "班次", "交班人", "接班人", "原因", "来源"],
        formats=[Fmt.TEXT, Fmt.DATE, Fmt.TEXT, Fmt.TEXT, Fmt.TEXT, Fmt.TEXT, Fmt.TEXT],
        rows=f.gaps,
    )
    return ReportSheet(
        name="交接班",
        title=_title(f.month, "交接班情况"),
        subtitle=_subtitle(f),
        blocks=[
            "按时：接班人按规定提前到岗；偏晚：晚于应到时间、早于上班时间；迟到：上班后才到岗。",
            "缺签字：交班人或接班人未签字的次数；脱班：交接不连续或缺班，计入负有责任的一方。",
            "主管审阅率：有主管审阅的交接班记录天数所占的比例。",
            branches,
            people,
            gaps,
        ],
        generated=f.as_of,
    )


def opinions_sheet(f: Figures) -> ReportSheet:
    table = Table(
        caption=f"本年（{f.month.year}年1月1日至{month_span(f.month)[1]:%m月%d日}）意见征求未完成的客户（V04）",
        header=[
            "分公司",
            "客户单位",
            "本年意见征求",
            "每年应有",
            "本年回访次数",
            "最近回访日期",
            "最近回访人",
            "来源",
        ],
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.INT, Fmt.INT, Fmt.DATE, Fmt.TEXT, Fmt.TEXT],
        rows=f.opinions,
        empty_note="（所有客户本年都已完成意见征求）",
    )
    table.flagged = [(r, 2) for r in range(len(f.opinions))]
    return ReportSheet(
        name="意见征求",
        title=_title(f.month, "意见征求情况"),
        subtitle=_subtitle(f),
        blocks=["每个客户单位每个自然年至少应有一次意见征求回访（客户名单取自回访登记）。", table],
        generated=f.as_of,
        landscape=False,
    )


def sources_sheet(f: Figures, sources: list[Source]) -> ReportSheet:
    table = Table(
        caption="输入文件",
        header=["文件", "分公司", "类型", "读取行数", "本月行数", "错误", "警告", "状态", "说明"],
        formats=[
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.INT,
            Fmt.INT,
            Fmt.INT,
            Fmt.INT,
            Fmt.TEXT,
            Fmt.TEXT,
        ],
        rows=[
            [
                s.name,
                s.branch,
                s.kind,
                s.rows,
                s.month_rows,
                s.errors,
                s.warnings,
                str(s.state),
                s.reason,
            ]
            for s in sources
        ],
        empty_note="（没有输入文件）",
    )
    table.flagged = [(r, 7) for r, s in enumerate(sources) if s.state is not State.COMPLETE]
    return ReportSheet(
        name="来源",
        title=_title(f.month, "数据来源"),
        subtitle=_subtitle(f),
        blocks=[
            "每个输入文件一行：所属分公司、读取的数据行数、其中本月的行数、",
            "校验发现的错误和警告数，以及是否完整计入本汇总。",
            table,
        ],
        generated=f.as_of,
    )


def summarise(items: Iterable[Part | Failed], month: date, as_of: datetime) -> Summary:
    """The month's summary sheets, in order: 总览, 回访, 投诉, 交接班, 意见征求, 来源."""
    month = month.replace(day=1)
    sources, kept = sources_and_kept(items, month)
    f = figures(kept, sources, month, as_of)
    overview, head = overview_sheet(f, sources)
    sheets = [
        overview,
        visits_sheet(f),
        complaints_sheet(f),
        handover_sheet(f),
        opinions_sheet(f),
        sources_sheet(f, sources),
    ]
    return Summary(month, sheets, head, kept, sources, f.empty)
