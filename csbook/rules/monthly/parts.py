"""The summary's inputs: parts (readable workbooks, `abridged` or whole) and failed files,
the period's rows, and the 来源 rows — with which of two files claiming the same period is
counted."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from ..branch_names import branch_key, same_branch
from ..complaints import COPIED
from ..deadlines import day_of
from ..findings import Finding, Severity, finding
from ..handover import GAP_CAUSES, SHIFT_COPIES, SHIFT_SLOTS
from ..months import month_start
from ..periods import Period
from ..schema import (
    ATTENDANCE,
    BOOKS,
    CATALOGUE_SHEET,
    COMPLAINTS,
    HANDOVER,
    LEAVE,
    OFFENCES,
    ROSTER,
    VISITS,
    BookKind,
)
from ..settings import SETTING_NOTES, Settings, display, used_instead
from ..table import Table
from ..text import squeeze
from ..visits import FOLLOWUP_UNKNOWN, REPEATED

KIND_LABELS = {book.kind: book.stem for book in BOOKS}
# what `csbook.branches` calls a file whose branch nothing tells
UNKNOWN_BRANCH = "未知分公司"


class State(StrEnum):
    """What became of an input file."""

    COMPLETE = "完整"
    INCOMPLETE = "不完整"
    UNREADABLE = "无法读取"
    DUPLICATE = "重复，未计入"
    PART_DUPLICATE = "部分重复，部分未计入"
    NO_ROWS = "本期无数据"  # a register or log with nothing in the period: the wrong file?
    OWN_OUTPUT = "汇总文件，未读取"  # a summary csbook wrote, saved among the inputs


# rows of the file left out because another file of its branch holds them (or overlaps them)
DUPLICATE_STATES = frozenset({State.DUPLICATE, State.PART_DUPLICATE})


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
    # months (first days) whose rows were cut out: another file of the branch holds them
    left_out: frozenset[date] = frozenset()
    # a penalty workbook's people (name or 工号, squeezed) whose rows another version of the
    # book gives otherwise: -> why their 月处罚汇总 amounts are not complete
    doubts: dict[str, str] = field(default_factory=dict)
    # the settings of its 参数 whose values could not be read (keys): counted with defaults
    rejected_settings: tuple[str, ...] = ()

    def col(self, sheet: str, key: str) -> list[Any]:
        """A computed column, or an input column when the sheet has no such computed one."""
        values = self.computed.get(sheet, {}).get(key)
        return values if values is not None else self.tables[sheet].col(key)


@dataclass
class Failed:
    """An input file that could not be read at all (or is no input: `State.OWN_OUTPUT`)."""

    name: str
    branch: str
    reason: str
    state: State = State.UNREADABLE


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
    # counted beside another file of its branch and kind holding other rows of the same month
    beside: str = ""


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
    """Rows of the part's input sheets dated in the period; a leave (请假登记) whose days
    reach into it (a book holding only a leave of the month still claims the month)."""
    if part.tally is not None:
        return part.tally[1]
    first, last = period.first, period.last
    rows = sum(
        sum(1 for v in table.col(_DATE_KEYS[name]) if dated_in(v, first, last))
        for name, table in part.tables.items()
        if name in _DATE_KEYS
    )
    leave = part.tables.get(LEAVE.name)
    if leave is not None:
        rows += sum(
            1
            for start, end in zip(leave.col("start"), leave.col("end"), strict=True)
            if start is not None
            and day_of(start) <= last
            and (day_of(end) if end is not None else day_of(start)) >= first
        )
    return rows


def incomplete_reasons(part: Part) -> list[str]:
    """Why a readable file is incomplete: a sheet or a required header it lacks (R04), or
    rows on a sheet not read that the reading needs (R05 as an error)."""
    return [
        f.message("zh")
        for f in part.findings
        if f.rule in ("R04", "R05") and f.severity is Severity.ERROR
    ]


def unknown_replies(part: Part, period: Period) -> str:
    """Why a register is incomplete when complaints of the period have no reply status (their
    reply time unreadable, their year's holidays unknown: D01): they fall in none of 按时,
    超时, 待回复 and 已超期未回复; "" when there are none."""
    t = part.tables.get(COMPLAINTS.name)
    if t is None:
        return ""
    statuses = part.col(COMPLAINTS.name, "reply_status")
    rows = [
        t.rows[i]
        for i, received in enumerate(t.col("received_at"))
        if not statuses[i] and dated_in(received, period.first, period.last)
    ]
    if not rows:
        return ""
    return (
        f"投诉登记第{'、'.join(map(str, rows))}行（{len(rows)} 件）的首次回复状态无法确定"
        "（回复时间无法读取，或当年节假日未知），不在按时、超时、待回复、已超期未回复任何一项中"
    )


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
            "installed_on",
        ),
        ("followup_due", "status", REPEATED, FOLLOWUP_UNKNOWN),
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
            "severe",
        ),
        ("grade", "reply_status", "reply_due", COPIED),
    ),
    HANDOVER.name: (
        (
            "date",
            "shift",
            "from_staff",
            "to_staff",
            "from_signed",
            "to_signed",
            "reviewed_by",
            "swapped",
            "swap_approver",
        ),
        ("arrival_status", "gap", GAP_CAUSES, SHIFT_COPIES, SHIFT_SLOTS),
    ),
}


def abridged(part: Part, period: Period) -> Part:
    """The part cut down to what the period's summary reads — the columns it uses, the rows
    dated up to the period's end (handover: in the period, with the log's last day before it
    and first after it, whose shifts hand over to the period's, and the undated rows, which
    may be the shift a gap lacks), the findings it quotes (R04, R05, R02.branch_name) — with
    its 来源 figures kept in `tally`. A worker process sends this back instead of
    the whole book. Penalty workbooks are left whole (their sheet reads the books)."""
    if part.tally is not None or not set(part.tables) <= set(_READ):
        return part
    first, last = period.first, period.last
    tally = _tally(part, period)
    kept: dict[str, list[int]] = {}
    for name, t in part.tables.items():
        if name == HANDOVER.name:
            keep = _handover_rows(t, first, last)
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


def _handover_rows(t: Table, first: date, last: date) -> list[int]:
    """A log's rows from its last day before `first` to its first day after `last`, and
    those whose 日期 is unknown."""
    days = [day_of(v) if v is not None else None for v in t.col("date")]
    low = max((d for d in days if d is not None and d < first), default=first)
    high = min((d for d in days if d is not None and d > last), default=last)
    return [i for i, d in enumerate(days) if d is None or low <= d <= high]


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
        if (f.rule == "R04" and f.severity is Severity.ERROR)
        or f.rule == "R05"
        or f.key == "R02.branch_name"
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
        rejected_settings=part.rejected_settings,
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


# what identifies a row when two files of one branch are compared: a copy keeps these even
# where a later copy fills in a result (解决日期, 回复时间 ...); each agent's own register differs
_ROW_KEYS = {
    VISITS.name: ("visit_date", "client", "kind", "staff"),
    COMPLAINTS.name: ("received_at", "client"),
    HANDOVER.name: ("date", "shift"),
}


def _key_part(value: Any) -> Any:
    return squeeze(value) if isinstance(value, str) else value


def _rows_by_month(part: Part, period: Period) -> dict[date, Counter[tuple[Any, ...]]]:
    """The part's dated register rows, month by month, as comparable keys (a multiset). A
    log's rows outside the period (the shifts next to it, for continuity) are not compared:
    the summary counts none of them."""
    out: dict[date, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for name, t in part.tables.items():
        keys = _ROW_KEYS.get(name)
        if keys is None:
            continue
        rows = zip(*(map(_key_part, t.col(k)) for k in keys), strict=True)
        log = name == HANDOVER.name
        months_of: dict[Any, date | None] = {}  # a register repeats its days: each read once
        for value, row in zip(t.col(_DATE_KEYS[name]), rows, strict=True):
            if value is None:
                continue
            if value in months_of:
                month = months_of[value]
            else:
                month = months_of[value] = (
                    month_start(day_of(value))
                    if not log or dated_in(value, period.first, period.last)
                    else None
                )
            if month is not None:
                out[month][(name, *row)] += 1
    return out


@dataclass
class _Judged:
    """Of one file, in one month, next to the other files of its branch and kind."""

    other: str  # the file whose rows were counted first
    same: int  # rows that file already holds
    rows: int  # the file's rows of the month


def _month_label(month: date, period: Period) -> str:
    return period.label if period.months == [month] else f"{month.year}年{month.month}月"


def _judge(
    group: list[tuple[Part, SourceRow]], period: Period
) -> tuple[dict[int, dict[date, _Judged]], dict[int, dict[date, str]]]:
    """Month by month, which files of one branch and kind count.

    Files claim a month by holding rows dated in it. Of several claiming one month, the one
    with the most rows of the month counts (then the most rows in the period, then one not
    named as a copy, then the first given); each other file counts too when its rows of the
    month are all new (each agent keeps her own register), else its rows of that month are left out: all already counted
    (a copy), or some not (`_Judged.same` < `rows`: rows would be lost). Returns, per part
    (by id), the months left out and the months counted beside another file (-> its name)."""
    months = {id(p): _rows_by_month(p, period) for p, _ in group}
    order = {id(p): i for i, (p, _) in enumerate(group)}
    dropped: dict[int, dict[date, _Judged]] = defaultdict(dict)
    beside: dict[int, dict[date, str]] = defaultdict(dict)
    for month in sorted({m for rows in months.values() for m in rows}):
        claiming = [(p, s) for p, s in group if months[id(p)].get(month)]
        if len(claiming) < 2:
            continue
        claiming.sort(
            key=lambda ps: (
                -sum(months[id(ps[0])][month].values()),
                -ps[1].period_rows,
                _named_copy(ps[0]),
                order[id(ps[0])],
            )
        )
        counted: Counter[tuple[Any, ...]] = Counter()
        first = claiming[0][0].name
        for p, _ in claiming:
            rows = months[id(p)][month]
            same = sum((rows & counted).values())
            if same:
                dropped[id(p)][month] = _Judged(first, same, sum(rows.values()))
            else:
                counted |= rows
                if p.name != first:
                    beside[id(p)][month] = first
    return dropped, beside


def _without_months(part: Part, months: Iterable[date]) -> Part:
    """The part without its register rows dated in `months` (undated rows kept)."""
    gone = set(months)
    tables: dict[str, Table] = {}
    computed: dict[str, dict[str, list[Any]]] = {}
    for name, t in part.tables.items():
        key = _DATE_KEYS.get(name) if name in _ROW_KEYS else None
        if key is None:
            tables[name], computed[name] = t, part.computed.get(name, {})
            continue
        keep = [
            i for i, v in enumerate(t.col(key)) if v is None or month_start(day_of(v)) not in gone
        ]
        tables[name] = t.subset(keep)
        computed[name] = {k: [v[i] for i in keep] for k, v in part.computed.get(name, {}).items()}
    return replace(part, tables=tables, computed=computed, left_out=frozenset(gone))


def _duplicate_reason(part: Part, judged: dict[date, _Judged], period: Period) -> str:
    kind = KIND_LABELS.get(part.kind, part.kind)
    said = []
    for month, j in sorted(judged.items()):
        head = f"{part.branch} {_month_label(month, period)}的{kind}已按“{j.other}”计入"
        if j.same == j.rows:
            said.append(f"{head}：本文件该月的 {j.rows} 行都已在其中，未重复计入")
        else:
            said.append(
                f"{head}：本文件该月 {j.rows} 行中 {j.same} 行与之相同，"
                f"另 {j.rows - j.same} 行未计入（内容部分重叠，无法判断哪份为准，请核对后合并为一份）"
            )
    return "；".join(said)


def _settle(group: list[tuple[Part, SourceRow]], period: Period, kept: dict[int, Part]) -> None:
    """Registers of one branch and kind: each file's 来源 row says what of it counts, and
    `kept` (part id -> part) holds each counted part cut to the rows that count."""
    dropped, beside = _judge(group, period)
    for part, source in group:
        said = [source.reason] if source.reason else []
        if beside.get(id(part)):
            months = "、".join(_month_label(m, period) for m in sorted(beside[id(part)]))
            source.beside = next(iter(beside[id(part)].values()))
            said.insert(
                0,
                f"与“{source.beside}”同为{part.branch} {months}的"
                f"{KIND_LABELS.get(part.kind, part.kind)}，但记录互不相同（分别登记），均计入",
            )
        judged = dropped.get(id(part))
        if judged:
            whole = set(judged) >= set(_rows_by_month(part, period))
            if whole:
                del kept[id(part)]
            else:
                kept[id(part)] = _without_months(part, judged)
            if source.state is State.COMPLETE:
                source.state = State.DUPLICATE if whole else State.PART_DUPLICATE
            said.insert(0, _duplicate_reason(part, judged, period))
        source.reason = "；".join(said)


def _content(part: Part, period: Period) -> frozenset[tuple[Any, int]]:
    """The part's rows as a comparable whole (empty when it has none): a register's
    identifying columns (`_ROW_KEYS`), a penalty workbook's every input cell of 员工 and its
    registers."""
    if part.kind is BookKind.PENALTIES:
        rows = Counter({k: len(v) for k, v in _records(part, (ROSTER.name, *_BOOK_DATES)).items()})
    else:
        rows = Counter()
        for month in _rows_by_month(part, period).values():
            rows.update(month)
    return frozenset(rows.items())


# what a copy's name or folder says it is (处罚汇总表 - 副本.xlsx, 计算结果/处罚汇总表.xlsx)
_COPY_MARKS = ("副本", "复件", "拷贝", "备份", "copy", "计算结果", "输出", "output")


def _named_copy(part: Part) -> bool:
    return any(mark in part.name.lower() for mark in _COPY_MARKS)


def _every_cell(part: Part) -> frozenset[tuple[Any, int]]:
    """Every row of every table of the part as all its values (a multiset): what tells two
    branches' registers apart when their identifying columns agree (every branch's handover
    log has the same 日期 and 班次)."""
    rows: Counter[tuple[Any, ...]] = Counter()
    for name, t in sorted(part.tables.items()):
        cols = [t.cols[k] for k in sorted(t.cols)]
        rows.update((name, *(_key_part(c[i]) for c in cols)) for i in range(len(t)))
    return frozenset(rows.items())


def _own_branch(part: Part) -> str:
    """The branch the file's own 参数 names (blank: none)."""
    return squeeze(part.settings.branch or "")


def copies(parts: Iterable[Part], worth: Callable[[Part], bool] | None = None) -> dict[int, Part]:
    """Each part whose every cell equals an earlier one's of its kind (`_every_cell`) -> that
    one (by the copy's id): its original, the first whose branch is known and whose name is not
    a copy's — unless both files' 参数 name different branches (two branches' logs of the same
    days). `worth`: the parts worth comparing cell by cell (default all)."""
    originals: dict[tuple[BookKind, frozenset[tuple[Any, int]]], Part] = {}
    found: dict[int, Part] = {}
    ordered = sorted(parts, key=lambda p: (p.branch.startswith(UNKNOWN_BRANCH), _named_copy(p)))
    for part in ordered:
        if worth is not None and not worth(part):
            continue
        original = originals.setdefault((part.kind, _every_cell(part)), part)
        named = {branch_key(_own_branch(original)), branch_key(_own_branch(part))}
        if original is not part and not (len(named) == 2 and "" not in named):
            found[id(part)] = original
    return found


def _join_copies(parts: list[tuple[Part, SourceRow]], period: Period) -> None:
    """A file whose every cell equals another file's of its kind is that file's copy
    (`copies`), whatever branch its name or folder seems to give (`处罚汇总表 - 副本.xlsx`,
    csbook's own output in 计算结果/): it takes the other's branch, so that its rows count
    once (`_settle` then leaves it out as 重复)."""
    contents = {id(p): _content(p, period) for p, _ in parts}  # once each: a pass over every row
    alike = Counter((p.kind, contents[id(p)]) for p, _ in parts)
    # every cell compared only where the identifying columns all agree: few files
    found = copies(
        (p for p, _ in parts),
        lambda p: bool(contents[id(p)]) and alike[(p.kind, contents[id(p)])] >= 2,
    )
    for part, source in parts:
        original = found.get(id(part))
        if original is not None and not same_branch(original.branch, part.branch):
            part.branch = source.branch = original.branch
            _say(
                source, f"内容与“{original.name}”相同，是它的副本，按{original.branch}的文件计一次"
            )


def _one_spelling(parts: list[tuple[Part, SourceRow]]) -> None:
    """Files whose branch is one name written two ways (南京 / 南京分公司: `same_branch`) take
    one spelling — the one a 参数 names, else the longest — so that every table lists the
    branch once and its files are judged together (copies, versions); said in 来源."""
    spellings: dict[str, list[Part]] = defaultdict(list)
    for part, _ in parts:
        spellings[branch_key(part.branch)].append(part)
    for part, source in parts:
        alike = spellings[branch_key(part.branch)]
        if len({squeeze(p.branch) for p in alike}) < 2:
            continue
        named = [p.branch for p in alike if same_branch(_own_branch(p), p.branch)]
        chosen = (named or sorted((p.branch for p in alike), key=len, reverse=True))[0]
        if squeeze(part.branch) != squeeze(chosen):
            _say(source, f"分公司“{part.branch}”即{chosen}，按{chosen}计")
            part.branch = source.branch = chosen


def _join_unknown_books(parts: list[tuple[Part, SourceRow]]) -> None:
    """A penalty workbook whose branch nothing tells (参数 blank, a plain name such as
    `处罚汇总表(2).xlsx` in a folder named for the month) with the very people (工号 and 姓名)
    of another's 员工 sheet is that branch's: it takes the other's branch (one whose branch is
    known first), said in 来源, and the two are judged as one branch's books (`_settle_books`:
    a copy, P10.versions, or two books whose people with rows in both are 不完整) — never a
    branch of its own charging the same people twice."""
    books = sorted(
        (ps for ps in parts if ps[0].kind is BookKind.PENALTIES),
        key=lambda ps: ps[0].branch.startswith(UNKNOWN_BRANCH),
    )
    for part, source in books:
        if not part.branch.startswith(UNKNOWN_BRANCH):
            continue
        people = _staff_of(part)
        for other, _ in books:
            if (
                other is not part
                and not same_branch(other.branch, part.branch)
                and people
                and _staff_of(other) == people
            ):
                _say(
                    source,
                    f"未写明分公司；员工与“{other.name}”相同：按{other.branch}的处罚汇总表核对",
                )
                part.branch = source.branch = other.branch
                break


def _staff_of(part: Part) -> set[tuple[Any, Any]]:
    """The 员工 sheet's people as (工号, 姓名), squeezed."""
    return {(_field(r, "staff_id"), _field(r, "name")) for r in _records(part, (ROSTER.name,))}


# a penalty workbook's registers, each with the column that dates its rows
_BOOK_DATES = {OFFENCES.name: "date", ATTENDANCE.name: "month", LEAVE.name: "start"}
_Record = tuple[Any, ...]  # (sheet name, its input columns' values ...)


def _records(part: Part, sheets: Iterable[str]) -> dict[_Record, list[int]]:
    """Every row of `sheets` as its sheet and input values (text squeezed), -> its Excel row
    numbers."""
    out: dict[_Record, list[int]] = defaultdict(list)
    for name in sheets:
        t = part.tables.get(name)
        if t is None:
            continue
        cols = [t.col(c.key) for c in t.schema.columns]
        for i, row in enumerate(t.rows):
            out[(name, *(_key_part(c[i]) for c in cols))].append(row)
    return out


def _as_typed(part: Part, records: Mapping[_Record, list[int]]) -> list[_Record]:
    """The records with their values as the file has them (not squeezed), in the file's
    order: for messages."""
    out = []
    for r in sorted(records, key=lambda r: (r[0], records[r][0])):
        t = part.tables[r[0]]
        i = t.rows.index(records[r][0])
        out.append((r[0], *(t.col(c.key)[i] for c in t.schema.columns)))
    return out


def _field(record: _Record, key: str) -> Any:
    schema = next(s for s in (ROSTER, OFFENCES, ATTENDANCE, LEAVE) if s.name == record[0])
    keys = [c.key for c in schema.columns]
    return record[1 + keys.index(key)] if key in keys else None


def _people(records: Iterable[_Record]) -> list[str]:
    """Who the records name: 姓名 (工号), each once."""
    said = []
    for r in records:
        name, staff_id = _field(r, "name"), _field(r, "staff_id")
        said.append(" ".join(str(v) for v in (staff_id, name) if v is not None) or "（未写姓名）")
    return list(dict.fromkeys(said))


def _earlier_state(mine: set[_Record], theirs: set[_Record]) -> bool:
    """`mine` is an earlier state of `theirs`: every row of it is there, and what `theirs`
    has more is dated after all of it (a later month's book of a cumulative register)."""
    if not mine <= theirs:
        return False
    days = [_field(r, _BOOK_DATES[r[0]]) for r in mine]
    last = max((day_of(d) for d in days if d is not None), default=None)
    return last is not None and all(
        (d := _field(r, _BOOK_DATES[r[0]])) is not None and day_of(d) > last for r in theirs - mine
    )


def _where(part: Part, records: dict[_Record, list[int]], only: Iterable[_Record]) -> str:
    rows: dict[str, list[int]] = defaultdict(list)
    for r in only:
        rows[r[0]] += records[r]
    return "；".join(
        f"“{part.name}”{sheet}第{'、'.join(map(str, sorted(n)))}行"
        for sheet, n in sorted(rows.items())
    )


def _settle_books(
    group: list[tuple[Part, SourceRow]], period: Period, kept: dict[int, Part]
) -> None:
    """Penalty workbooks of one branch (cumulative registers, whose month sheet reads the
    whole book). Taken from the most rows of the period (then one without rows set aside as
    after the reference time, then the one with most rows, then one not named as a copy, then
    the first given), then those without rows of the period, the fullest first (last month's
    book, given with its registers: an earlier state of the counted book is its copy, one
    with rows of its own still counts beside it: its history runs on into the period), each is compared with those counted before: equal (a
    copy) or an earlier state of one (`_earlier_state`): left out, 重复; no register row in
    common, none even naming the same person's day (`_BOOK_IDS`) — a branch that started
    from another's copy, a book per month, two clerks' books: counted beside it, and a person
    whose rows are in both is `Part.doubts` in both (each book's escalation sees only its own
    rows); else two versions that disagree: not counted, P10.versions on both, and the
    counted book's people named in the rows that differ are `Part.doubts`, never a quiet
    pick of one version. Equal registers with another 员工 sheet or 参数 are versions too,
    unless the one left out holds later rows (set aside as after the reference time: the
    branch's book carried on, with next month's roster)."""
    claiming = sorted(
        ((p, s) for p, s in group if s.period_rows),
        # of equal claims the fullest book first: a book carried on, each month's copy
        # holding the months before, an earlier copy an earlier state of a later one
        key=lambda ps: (
            -ps[1].period_rows,
            _carried_on(ps[0]),
            -ps[1].rows,
            _named_copy(ps[0]),
        ),
    )
    idle = sorted(
        ((p, s) for p, s in group if not s.period_rows),
        key=lambda ps: (-ps[1].rows, _named_copy(ps[0])),
    )
    label = KIND_LABELS.get(BookKind.PENALTIES, "")
    counted: list[tuple[Part, SourceRow]] = []
    for part, source in [*claiming, *idle]:
        mine = _records(part, _BOOK_DATES)
        fate, pair, theirs = "beside", None, {}
        for pair in counted:
            theirs = _records(pair[0], _BOOK_DATES)
            if set(mine) == set(theirs) or _earlier_state(set(mine), set(theirs)):
                fate = "copy"
            elif set(mine) & set(theirs) or _ids(mine) & _ids(theirs):
                fate = "differs"
            else:
                continue
            break
        if fate == "beside":
            if counted:
                source.beside = counted[0][0].name
                _say(
                    source,
                    f"与“{source.beside}”同为{part.branch}的{label}，但没有相同的记录"
                    "（分别登记），均计入",
                )
                _split_people(part, source, mine, counted, period.last)
            counted.append((part, source))
            continue
        del kept[id(part)]
        assert pair is not None
        other, other_source = pair
        # registers equal: the roster and the settings still decide the amounts
        apart = _apart(other, part) if set(mine) == set(theirs) else _Apart()
        if fate == "copy" and apart and not (_carried_on(part) and not _carried_on(other)):
            fate = "differs"
        if fate == "copy":
            source.state = State.DUPLICATE
            _say(
                source,
                f"{part.branch} {period.label}的{label}已按“{other.name}”计入：本文件的 "
                f"{sum(map(len, mine.values()))} 行记录都在其中，未重复计入"
                + (
                    f"；其{'、'.join(apart.said)}与之不同，本文件另有统计截至日以后的记录"
                    f"（以后的版本），本期按“{other.name}”计算"
                    if apart
                    else ""
                ),
            )
            continue
        _versions(other, other_source, part, source, theirs, mine, apart)


@dataclass
class _Apart:
    """How two penalty workbooks with the same registers differ in what prices them: 员工
    rows (each book's, as records) and 参数 settings (said)."""

    staff: tuple[dict[_Record, list[int]], dict[_Record, list[int]]] = field(
        default_factory=lambda: ({}, {})
    )
    settings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.staff[0] or self.staff[1] or self.settings)

    @property
    def said(self) -> list[str]:
        return [
            *(["员工表"] if self.staff[0] or self.staff[1] else []),
            *(["参数"] if self.settings else []),
        ]


# how a branch is named is judged where files are grouped, not as a difference of versions
_PLACE_SETTINGS = frozenset({"branch", "branches"})


def _apart(kept: Part, other: Part) -> _Apart:
    """The 员工 rows each of two penalty workbooks has and the other lacks, and the 参数
    settings whose values differ."""
    a, b = _records(kept, (ROSTER.name,)), _records(other, (ROSTER.name,))
    settings = [
        f"参数“{SETTING_NOTES[key][0]}”（“{kept.name}”为{display(x) or '空'}，"
        f"“{other.name}”为{display(y) or '空'}）"
        for key in type(kept.settings).model_fields
        if key not in _PLACE_SETTINGS
        and (x := getattr(kept.settings, key)) != (y := getattr(other.settings, key))
    ]
    return _Apart(
        ({r: a[r] for r in set(a) - set(b)}, {r: b[r] for r in set(b) - set(a)}), settings
    )


def _carried_on(part: Part) -> bool:
    """The book holds 过失 or 考勤 rows after the reference time (set aside, R06): a book
    carried on past the period, whose 员工 sheet may already be next month's."""
    return any(f.key in ("R06.offence", "R06.attendance") for f in part.findings)


def _versions(
    kept: Part,
    kept_source: SourceRow,
    part: Part,
    source: SourceRow,
    theirs: dict[_Record, list[int]],
    mine: dict[_Record, list[int]],
    apart: _Apart,
) -> None:
    """Two versions of a branch's book that disagree: `kept` counts, `part` does not, both
    carry P10.versions naming the rows (registers, 员工, 参数) that differ — but `kept`'s rows
    dated after all of `part`'s — and the people those rows name (everyone in either book's
    registers when a setting differs) are `kept`'s doubts."""
    # the counted book's rows dated after all of the other's are its later rows, not in
    # dispute (November's 过失 in November's book beside October's with a leave corrected)
    last = max(
        (day_of(d) for r in mine if (d := _field(r, _BOOK_DATES[r[0]])) is not None), default=None
    )
    ours = {
        r
        for r in set(theirs) - set(mine)
        if last is None or (d := _field(r, _BOOK_DATES[r[0]])) is None or day_of(d) <= last
    }
    others = set(mine) - set(theirs)
    differ = [*ours, *others, *apart.staff[0], *apart.staff[1]]
    if apart.settings:
        differ += [*theirs, *mine]
    typed = _as_typed(kept, {r: theirs[r] for r in ours} | apart.staff[0])
    typed += _as_typed(part, {r: mine[r] for r in others} | apart.staff[1])
    if apart.settings:
        typed += _as_typed(kept, theirs) + _as_typed(part, mine)
    rows = [
        _where(kept, theirs | apart.staff[0], [*ours, *apart.staff[0]]),
        _where(part, mine | apart.staff[1], [*others, *apart.staff[1]]),
        *apart.settings,
    ]
    found = finding(
        "P10.versions",
        OFFENCES.name,
        0,
        "",
        other=part.name,
        branch=part.branch,
        kept=kept.name,
        rows="；".join(w for w in rows if w),
        people="、".join(_people(typed)),
    )
    for r in differ:
        for key in (_field(r, "name"), _field(r, "staff_id")):
            if key is not None:
                kept.doubts[squeeze(str(key))] = found.message("zh")
    for p, s in ((part, source), (kept, kept_source)):
        p.findings.append(found)
        s.errors += 1
        s.state = State.INCOMPLETE
        _say(s, found.message("zh"))


# what names a register row of a penalty workbook whatever a later version corrects in it
# (its 过失代码, a 批准人 added, a 考勤 figure, a sick note's date): two books sharing one
# are versions of one register, not two clerks' books
_BOOK_IDS = {
    OFFENCES.name: ("date", "staff_id", "name"),
    ATTENDANCE.name: ("month", "staff_id", "name"),
    LEAVE.name: ("start", "staff_id", "name"),
}


def _ids(records: Iterable[_Record]) -> set[tuple[Any, ...]]:
    return {(r[0], *(_field(r, key) for key in _BOOK_IDS[r[0]])) for r in records}


def _named_keys(records: Iterable[_Record]) -> set[str]:
    """The 工号 and 姓名 (squeezed) the records name."""
    return {
        squeeze(str(v))
        for r in records
        for v in (_field(r, "staff_id"), _field(r, "name"))
        if v is not None and str(v).strip()
    }


def _until(records: Iterable[_Record], last: date) -> list[_Record]:
    """The records dated up to `last` (and those whose date is unknown)."""
    return [
        r for r in records if (day := _field(r, _BOOK_DATES[r[0]])) is None or day_of(day) <= last
    ]


def _split_people(
    part: Part,
    source: SourceRow,
    mine: dict[_Record, list[int]],
    counted: list[tuple[Part, SourceRow]],
    last: date,
) -> None:
    """People whose register rows up to `last` (the period's end: a later row cannot change
    the period's escalation) are split between `part` and books counted beside it: each
    book's sanctions escalate on its own rows only, so their amounts in both are doubts,
    said in 来源 beside both files."""
    named = _named_keys(_until(mine, last))
    for other, other_source in counted:
        keys = sorted(named & _named_keys(_until(_records(other, _BOOK_DATES), last)))
        if not keys:
            continue
        why = (
            f"{'、'.join(keys)}的记录分在“{other.name}”和“{part.name}”两份处罚汇总表中："
            "累计与升级未合并计算，其金额待核"
        )
        for key in keys:
            part.doubts[key] = other.doubts[key] = why
        for s in (source, other_source):
            _say(s, why)


def _say(source: SourceRow, said: str) -> None:
    """Put `said` first in the 来源 row's 说明."""
    source.reason = "；".join([said, *([source.reason] if source.reason else [])])


def sources_and_kept(
    items: Iterable[Part | Failed], period: Period
) -> tuple[list[SourceRow], list[Part]]:
    """Every input as a 来源 row, and the parts whose figures count (cut to the rows that
    count).

    Files of one kind and branch are compared month by month (`_judge`): files of different
    months all count; within a month, files whose rows differ all count (said in 来源), a
    copy's rows count once, and of two that partly overlap one counts, the other's rows of
    that month are left out and 来源 says how many differ. A file left out whole is
    `State.DUPLICATE`, in part `State.PART_DUPLICATE`."""
    items = list(items)
    sources: list[SourceRow] = []
    parts: list[tuple[Part, SourceRow]] = []
    for item in items:
        if isinstance(item, Failed):
            sources.append(
                SourceRow(item.name, item.branch, "", state=item.state, reason=item.reason)
            )
            continue
        rows, in_month, errors, warnings = item.tally or _tally(item, period)
        reasons = incomplete_reasons(item)
        if unknown := unknown_replies(item, period):
            reasons.append(unknown)
        source = SourceRow(
            item.name,
            item.branch,
            KIND_LABELS.get(item.kind, item.kind),
            rows=rows,
            period_rows=in_month,
            errors=errors,
            warnings=warnings,
            state=State.INCOMPLETE if reasons else State.COMPLETE,
            # a sheet left unread among copies, a file named for another branch than its 参数,
            # are said beside the file, not only in 校验结果
            reason="；".join(
                [
                    *reasons,
                    *(
                        f.message("zh")
                        for f in item.findings
                        if (f.rule == "R05" and f.severity is not Severity.ERROR)
                        or f.key == "R02.branch_name"
                    ),
                    *(
                        [f"参数表中以下参数的值无效，本汇总按{'、'.join(used)}统计"]
                        if (used := used_instead(item.rejected_settings, item.settings))
                        else []
                    ),
                ]
            ),
        )
        sources.append(source)
        parts.append((item, source))

    _one_spelling(parts)
    _join_copies(parts, period)
    _join_unknown_books(parts)
    groups: dict[tuple[str, str], list[tuple[Part, SourceRow]]] = defaultdict(list)
    for part, source in parts:
        groups[(branch_key(part.branch), part.kind)].append((part, source))
    kept: dict[int, Part] = {id(p): p for p, _ in parts}
    claimed = {key for key, group in groups.items() if any(s.period_rows for _, s in group)}
    for group in groups.values():
        if len(group) < 2:
            continue
        if group[0][0].kind is BookKind.PENALTIES:
            _settle_books(group, period, kept)
        else:
            _settle(group, period, kept)
    # a branch's register or log with nothing in the period, and no other file of that branch
    # and kind that has: the wrong file was sent (earlier months' files beside this period's
    # are normal: they count for the year's 意见征求)
    for part, source in parts:
        if (
            source.state is State.COMPLETE
            and not source.period_rows
            and part.kind in (BookKind.VISITS, BookKind.HANDOVER)
            and (branch_key(part.branch), part.kind) not in claimed
        ):
            source.state = State.NO_ROWS
            source.reason = "；".join(
                [f"文件中没有{period.label}的数据", *([source.reason] if source.reason else [])]
            )
    return sources, [kept[id(p)] for p, _ in parts if id(p) in kept]
