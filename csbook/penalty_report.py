"""The month's penalty summary (月处罚汇总, SPEC §3.5 P10 with C04 and H01), as both faces ask
for it: `csbook summary` puts it in the mailed workbook, `csbook compute` and the Excel
button put it in the 处罚汇总表 itself. Reading is done (the books come loaded); judging is
`rules`; this module only joins them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from .branches import branch_from_name, branch_of
from .io.source import BookError
from .io.workbook import LoadedBook, load
from .rules import complaints, handover, penalty_sheet
from .rules.branch_names import branch_key, same_branch
from .rules.calendar import WorkCalendar
from .rules.context import Context, SheetResult
from .rules.deadlines import day_of
from .rules.discipline import Ledger, Staff, penalty_ledger, without_appeals
from .rules.findings import Checked, Finding, finding
from .rules.handover import SHIFT_COPIES
from .rules.leave import leave_book, notes_in_time
from .rules.monthly.crossfile import at_most
from .rules.monthly.parts import copies, latest_month
from .rules.months import month_start
from .rules.moved_staff import moved_apart
from .rules.penalty_sheet import Lates
from .rules.planned import set_aside_planned
from .rules.report import Report
from .rules.schema import (
    ATTENDANCE,
    COMPLAINTS,
    HANDOVER,
    LEAVE,
    OFFENCES,
    ROSTER,
    BookKind,
)
from .rules.table import Table
from .rules.text import squeeze
from .summary import display_names, part_of


def context_of(book: LoadedBook, as_of: datetime) -> Context:
    return Context(settings=book.settings, calendar=WorkCalendar(book.holidays), as_of=as_of)


@dataclass(frozen=True)
class JudgedLog:
    """A handover log judged as of the run's time: its file, its name as shown and its
    交接班 sheet's result (shifts not yet begun set aside)."""

    book: LoadedBook
    name: str
    result: SheetResult


def _judged_logs(handover_books: list[LoadedBook], as_of: datetime) -> list[JudgedLog]:
    """Every handover log judged once, whatever the books its lates go to."""
    out = []
    shown = display_names([b.path for b in handover_books])
    for book, name in zip(handover_books, shown, strict=True):
        ctx = context_of(book, as_of)
        if (t := book.tables.get(HANDOVER.name)) is not None:
            t = set_aside_planned({HANDOVER.name: t}, ctx).value[HANDOVER.name]
            out.append(JudgedLog(book, name, handover.evaluate(t, ctx)))
    return out


def _lates_of(logs: Iterable[JudgedLog]) -> penalty_sheet.CountedLates:
    """H01 迟到 of judged logs, per receiver (by name) and month of the shift's date
    (`count_lates`): copies and disagreeing rows of one shift, in one log (H04) or in two,
    count no more than they agree on."""
    return penalty_sheet.count_lates(
        (
            log.name,
            log.result.table,
            handover.charged_arrivals(
                log.result.computed["arrival_status"], log.result.computed[SHIFT_COPIES]
            ),
        )
        for log in logs
    )


def stated_branch(book: LoadedBook) -> str:
    """The branch a workbook names itself: its 参数 `branch`, else its file's name; "" when
    neither does (a folder or a ledger may still tell `branch_of`)."""
    return book.settings.branch.strip() or branch_from_name(book.path.name)


def same_branch_books(log: LoadedBook, penalty_books: Sequence[LoadedBook]) -> list[int]:
    """The penalty books (by index) a handover log's lates may go to: those of its own branch
    (`same_branch`). A book alone also takes a log when one of the two names no branch of its
    own — nothing tells them apart, as in a branch that never fills 分公司; a log of another
    named branch goes to none (its people are that branch's, whatever their names)."""
    mine = [i for i, b in enumerate(penalty_books) if same_branch(branch_of(log), branch_of(b))]
    if mine or len(penalty_books) != 1:
        return mine
    return [0] if not stated_branch(log) or not stated_branch(penalty_books[0]) else []


def own_branch(books: list[LoadedBook], book: LoadedBook) -> Checked[list[LoadedBook]]:
    """Of handover logs and visit registers given with a 处罚汇总表 (compute --with, the files
    beside it for the Excel button), those of its branch (`same_branch_books`); each of
    another branch is set aside with R05.with_branch naming its branch."""
    shown = display_names([b.path for b in books])
    kept: list[LoadedBook] = []
    found: list[Finding] = []
    for other, name in zip(books, shown, strict=True):
        if same_branch_books(other, [book]):
            kept.append(other)
        else:
            found.append(
                finding(
                    "R05.with_branch",
                    "",
                    0,
                    "",
                    name=name,
                    branch=branch_of(other),
                    own=branch_of(book),
                )
            )
    return Checked(kept, found)


def handover_lates(
    handover_books: list[LoadedBook], book: LoadedBook, as_of: datetime
) -> Checked[Lates]:
    """H01 迟到 of the handover logs of `book`'s branch as of `as_of` (`_lates_of`); a log of
    another branch is set aside with R05.with_branch, a late another log repeats is counted
    once and said with R05.with_repeat."""
    own = own_branch(handover_books, book)
    counted = _lates_of(_judged_logs(own.value, as_of))
    found = own.findings + [
        finding(
            "R05.with_repeat",
            "",
            0,
            "",
            name=r.log,
            at=r.row,
            first=r.first_log,
            first_row=r.first_row,
            day=f"{r.day:%Y-%m-%d}",
            shift=r.shift,
            receiver=r.receiver,
        )
        for r in counted.repeats
    ]
    return Checked(counted.lates, found)


@dataclass
class BookLates:
    """What the handover logs give the penalty books of a run: each book's lates and the
    lates left uncharged in it because a shift's rows disagree (H04.conflict: receiver as
    written, shift date, why); the lates logs repeat (counted once); and the logs whose
    branch has no book here (their lates go nowhere)."""

    books: list[tuple[Lates, list[tuple[str, date, str]]]]
    repeats: list[penalty_sheet.LateRepeat]
    orphans: list[tuple[str, str, Lates]]  # (log's branch, log as shown, its lates)


def _book_lates(
    penalty_books: Sequence[LoadedBook],
    branches: Sequence[str],
    judged: list[JudgedLog],
) -> BookLates:
    """Each penalty book's handover lates: its own branch's logs' (`same_branch_books`), each
    person's late of a month in one book of the branch (`_late_book`): two books of a branch
    (last month's beside this month's, a book a month) would charge a late twice. A late two
    logs of a branch show (a mid-month copy beside the month-end log) counts once."""
    chosen: dict[date, set[int]] = {}
    named = [_people_named(book) for book in penalty_books]
    goes_to = [same_branch_books(log.book, penalty_books) for log in judged]

    def mine(i: int, month: date, name: str) -> bool:
        group = [j for j, b in enumerate(branches) if same_branch(b, branches[i])]
        who = squeeze(name)
        # the book holding the person's 考勤 of the month, else the only one naming them: the
        # late escalates with their own history there, and they are listed once
        for holding in (
            [j for j in group if who in named[j][1].get(month, ())],
            [j for j in group if who in named[j][0]],
        ):
            if len(holding) == 1:
                return i == holding[0]
        if month not in chosen:
            chosen[month] = _late_books(penalty_books, branches, month)
        return i in chosen[month]

    out = []
    repeats: list[penalty_sheet.LateRepeat] = []
    for i in range(len(penalty_books)):
        own = [log for log, to in zip(judged, goes_to, strict=True) if i in to]
        counted = _lates_of(own)
        repeats += [r for r in counted.repeats if r not in repeats]
        lates = {
            name: kept
            for name, by in counted.lates.items()
            if (kept := {m: n for m, n in by.items() if mine(i, m, name)})
        }
        doubts = [
            d
            for d in [
                *(d for log in own for d in handover.late_doubts(log.result)),
                *counted.doubts,
            ]
            if mine(i, month_start(d[1]), d[0])
        ]
        out.append((lates, list(dict.fromkeys(doubts))))
    orphans = [
        (branch_of(log.book), log.name, _lates_of([log]).lates)
        for log, to in zip(judged, goes_to, strict=True)
        if not to
    ]
    return BookLates(out, repeats, orphans)


def _people_named(book: LoadedBook) -> tuple[set[str], dict[date, set[str]]]:
    """The people of the book's roster (squeezed name) its registers name, and month by month
    those its 考勤 has a row of."""
    staff = Staff.from_table(book.tables.get(ROSTER.name))
    anyone: set[str] = set()
    attending: dict[date, set[str]] = defaultdict(set)
    for sheet in (OFFENCES.name, ATTENDANCE.name, LEAVE.name):
        t = book.tables.get(sheet)
        if t is None:
            continue
        ids, names = t.col("staff_id"), t.col("name")
        months = t.col("month") if sheet == ATTENDANCE.name else [None] * len(t)
        for sid, name, month in zip(ids, names, months, strict=True):
            key = staff.key_of(sid, name)
            if key not in staff.people:  # nobody, or someone the book's roster lacks
                continue
            who = squeeze(staff.people[key].name)
            anyone.add(who)
            if month is not None:
                attending[month_start(day_of(month))].add(who)
    return anyone, attending


def ledger_of(
    book: LoadedBook,
    as_of: datetime,
    lates: Lates,
    doubts: list[tuple[str, date, str]] | None = None,
) -> Ledger:
    """A 处罚汇总表's ledger with the handover logs' lates; a late in `doubts` (`_book_lates`)
    holds the month of each roster person of that name open, neither charged nor cleared."""
    ledger = penalty_ledger(book.tables, context_of(book, as_of), lates)
    for name, day, why in doubts or ():
        ledger.held += [
            (key, month_start(day), why)
            for key, person in ledger.people.items()
            if person.on_roster and squeeze(person.name) == squeeze(name)
        ]
    return ledger


def latest_months(book: LoadedBook, as_of: datetime) -> dict[str, date]:
    """Each register of a 处罚汇总表 (过失登记, 考勤, 请假登记, by schema name) with the latest
    month it has rows in; a register without rows is left out. A leave counts in every month
    its days fall in (a leave from 10月30日 for five days is November's too), as P10 counts it."""
    months: dict[str, date] = {}
    for name in (OFFENCES.name, ATTENDANCE.name):
        table = book.tables.get(name)
        month = latest_month({name: table}) if table is not None else None
        if month is not None:
            months[name] = month
    table = book.tables.get(LEAVE.name)
    if table is not None:
        ctx = context_of(book, as_of)
        # each row its own person: who it names does not move its days
        rows = [str(i) for i in range(len(table))]
        counted = leave_book(table, rows, {}, ctx.calendar, ctx.settings, as_of.date())
        if counted.months:
            months[LEAVE.name] = max(month for _, month in counted.months)
    return months


def summary_month(latest: Mapping[str, date], today: date) -> date | None:
    """The month 处罚汇总 is made for from the registers' latest months (`latest_months`):
    the latest that has begun by `today` — a leave registered ahead for a later month does
    not carry the summary into the future — or, when none has, the latest of all."""
    begun = [m for m in latest.values() if m <= month_start(today)]
    return max(begun or latest.values(), default=None)


def _late_books(books: Sequence[LoadedBook], branches: Sequence[str], month: date) -> set[int]:
    """Of each branch's books, the one its handover lates are charged in (by index): the
    one with most rows of the month (a book per month beside last month's), the first on a
    tie."""
    best: dict[str, tuple[int, int]] = {}
    for i, (book, branch) in enumerate(zip(books, branches, strict=True)):
        t = book.tables.get(OFFENCES.name)
        rows = sum(1 for d in (t.col("date") if t else []) if d and month_start(day_of(d)) == month)
        key = branch_key(branch)
        if key not in best or rows > best[key][0]:
            best[key] = (rows, i)
    return {i for _, i in best.values()}


# (rows due in a month, their sheet, that sheet as the earlier month saw it, the settling)
_SETTLED = (
    (penalty_sheet.late_notes_due, LEAVE.name, notes_in_time, penalty_sheet.settle_late_notes),
    (penalty_sheet.appeals_due, OFFENCES.name, without_appeals, penalty_sheet.settle_appeals),
)


def _memoised(memo: dict[Any, Any], key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """`memo[key]`, made once."""
    if key not in memo:
        memo[key] = make()
    return memo[key]


def month_sheet(
    penalty_books: list[LoadedBook],
    visit_books: list[LoadedBook],
    handover_books: list[LoadedBook],
    month: date,
    as_of: datetime,
    doubts: Sequence[Mapping[str, str]] = (),
    set_aside: Sequence[Finding] = (),
    memo: dict[Any, Any] | None = None,
) -> penalty_sheet.PenaltyMonthSheet:
    """P10: the month's 月处罚汇总 from one or more 处罚汇总表 (one per branch), the 重复 and
    恶性 complaints of the visit registers (C04), and the late arrivals of the handover logs
    (H01, merged into 考勤 by name). `doubts`, beside `penalty_books`: people (squeezed name
    or 工号) whose amounts another version of the book gives otherwise -> why: 不完整, and
    said in the notes (they may be missing from the book counted). `set_aside`: the files
    left out as copies (`without_copies`), said first in the notes. `memo`, kept by a caller
    making the sheets of several months of one run (a quarter's 趋势), holds the judged logs
    and the ledgers, which do not depend on the month."""
    month = month_start(month)
    memo = {} if memo is None else memo
    sources = [branch_of(b) for b in penalty_books]
    # a person on two branches' rosters (kept in the memo: the books' ids key the ledgers)
    moved = ("moved", *map(id, penalty_books))
    penalty_books, moved_doubts = _memoised(
        memo, moved, lambda: _moved_apart(penalty_books, sources)
    )
    doubts = [
        {**(doubts[i] if i < len(doubts) else {}), **moved_doubts.get(i, {})}
        for i in range(len(penalty_books))
    ]
    logs = ("logs", *map(id, handover_books))
    judged = _memoised(memo, logs, lambda: _judged_logs(handover_books, as_of))
    people: list[penalty_sheet.PersonMonth] = []
    strangers: list[str] = []
    book_notes: list[str] = []
    settings_notes: list[str] = []
    book_lates = _book_lates(penalty_books, sources, judged)
    listed: set[tuple[str, str]] = set()  # (branch, person) shown in the table
    idle_people: set[tuple[str, str]] = set()  # (branch, person) with nothing this month
    for i, (book, source) in enumerate(zip(penalty_books, sources, strict=True)):
        # a book's lates depend on the books and logs beside it
        key = ("ledger", id(book), logs, *map(id, penalty_books))
        ledger = _memoised(memo, key, partial(ledger_of, book, as_of, *book_lates.books[i]))
        rows, idle = penalty_sheet.p10_people(ledger, month, source)
        # an earlier month's amounts changed since its sheet went to finance: a sick leave
        # turned 旷工 by a note due now (its 补扣), a sanction voided on an appeal lodged now
        # (its 退还) — the book as that month's sheet saw it, and the difference
        for due_of, sheet, then_of, settle in _SETTLED:
            if due := due_of(ledger, month):
                then = {**book.tables, sheet: then_of(book.tables[sheet], due)}
                before = ledger_of(replace(book, tables=then), as_of, *book_lates.books[i])
                rows, settled = settle(rows, ledger, before, month, source)
                if settled is not None:
                    book_notes.append(
                        settled if len(penalty_books) == 1 else f"{source}：{settled}"
                    )
        listed |= {(branch_key(source), row.order[1]) for row in rows}
        idle_people |= {(branch_key(source), key) for key in idle}
        doubt = doubts[i] if i < len(doubts) else {}
        for row in rows:
            why = doubt.get(squeeze(row.name)) or doubt.get(squeeze(row.staff_id or ""))
            if why:
                row.problems.append(why)
                if row.sanctions:  # escalated on rows another book gives otherwise: not known
                    row.fine = None
        # a person split between two books: the same line from each
        book_notes += [v for v in dict.fromkeys(doubt.values()) if v not in book_notes]
        lost = penalty_sheet.history_lost(book.unread_history)
        for row in rows:  # whoever the unread rows name, every amount may be short
            row.problems += lost
        if lost:  # and those shown without any may owe some
            said = "；".join(lost) + "，本表的处分和金额可能不全，请将其合并到一张表后重新生成"
            book_notes.append(said if len(penalty_books) == 1 else f"{source}：{said}")
        people += rows
        strangers += [k for k, by in ledger.lates.strangers.items() if month in by]
        bad = penalty_sheet.settings_note(
            book.rejected_settings, book.settings, source if len(penalty_books) > 1 else ""
        )
        if bad is not None:
            settings_notes.append(bad)
        for line in (
            penalty_sheet.unassigned_note(ledger, month),
            penalty_sheet.later_run_line(ledger, month),
            penalty_sheet.settled_later_line(ledger, month),
            penalty_sheet.appealed_later_line(ledger, month),
        ):
            if line is not None:
                book_notes.append(line if len(penalty_books) == 1 else f"{source}：{line}")
    people = penalty_sheet.one_row_each(people)  # a person on two books of a branch: one row
    units: list[penalty_sheet.ResponsibleUnit] = []
    unit_sources = []
    grades, regraded = branch_grades(visit_books, month)
    for book in visit_books:
        t = book.tables.get(COMPLAINTS.name)
        if t is None:
            continue
        unit_sources.append(branch_of(book))
        units += penalty_sheet.c04_units(t, grades[id(book)], month, branch_of(book))
    lines = [f"※ {f.message('zh')}" for f in set_aside]
    # the lates of a branch without a book here, of people on no roster, repeated by a log
    found = [
        penalty_sheet.orphan_lates_line(branch, log, lates, month)
        for branch, log, lates in book_lates.orphans
    ]
    found += [
        penalty_sheet.stranger_note(strangers),
        penalty_sheet.repeats_line(book_lates.repeats, month),
    ]
    lines += [line for line in found if line is not None]
    lines += book_notes + regraded
    return penalty_sheet.p10_sheet(
        month,
        as_of,
        people,
        units,
        # a person on the rosters of two books of a branch is one person
        quiet=len(idle_people - listed),
        sources=list(dict.fromkeys(sources)),
        unit_sources=unit_sources,
        notes=lines,
        have_visits=bool(visit_books),
        settings_notes=settings_notes,
        unplaced=[
            (branch, f"{name} {len(by[month])} 次")
            for branch, _, lates in book_lates.orphans
            for name, by in lates.items()
            if month in by
        ],
    )


def _moved_apart(
    books: list[LoadedBook], branches: list[str]
) -> tuple[list[LoadedBook], dict[int, dict[str, str]]]:
    """The books as counted when a person is on two branches' rosters (`moved_apart`): the
    过失登记 rows another branch's book counts set aside; and by book, that person a doubt
    (squeezed 工号 -> why)."""
    moved = moved_apart([(b, book.tables) for b, book in zip(branches, books, strict=True)])
    out = []
    for i, book in enumerate(books):
        aside = set(moved.set_aside.get(i, ()))
        if aside:
            t = book.tables[OFFENCES.name]
            kept = t.subset([r for r in range(len(t)) if r not in aside])
            book = replace(book, tables={**book.tables, OFFENCES.name: kept})
        out.append(book)
    return out, moved.doubts


def branch_grades(
    visit_books: list[LoadedBook], month: date
) -> tuple[dict[int, list[str]], list[str]]:
    """C02 of every visit register (by id) over all the registers of its branch (a register a
    month: a repeat of last month's complaint is 重复), and a line per branch naming each
    complaint of `month` whose grade that makes other than its register's alone."""
    by_branch: dict[str, list[tuple[LoadedBook, Table]]] = defaultdict(list)
    for book in visit_books:
        if (t := book.tables.get(COMPLAINTS.name)) is not None:
            by_branch[branch_key(branch_of(book))].append((book, t))
    shown = display_names([b.path for b in visit_books])
    names = dict(zip(map(id, visit_books), shown, strict=True))
    grades: dict[int, list[str]] = {}
    notes: list[str] = []
    for group in by_branch.values():
        registers = [(names[id(book)], t, book.settings) for book, t in group]
        across, found = complaints.grades_across(registers)
        grades.update((id(book), g) for (book, _), g in zip(group, across, strict=True))
        moved = [
            f.message("zh")
            for (r, i), f in found
            if (day := registers[r][1].col("received_at")[i]) is not None
            and month_start(day_of(day)) == month
        ]
        if moved:
            said = at_most(moved, "见上表的投诉编号")
            notes.append(
                f"※ {branch_of(group[0][0])}的投诉等级按其 {len(group)} 份回访登记表合并判断：{said}。"
            )
    return grades, notes


def load_with(
    paths: list[Path], ref: date, overrides: Mapping[str, Any] | None = None
) -> Checked[list[LoadedBook]]:
    """The workbooks given with `--with`: handover logs (their 迟到 count in 考勤) and visit
    registers (their 重复/恶性 complaints name the responsible units), each counted once: a
    file named twice (by two paths) is read once, a copy is set aside (`without_copies`)."""
    books: list[LoadedBook] = []
    for path in paths:
        if any(path.resolve() == b.path.resolve() for b in books):
            continue
        try:
            book = load(path, ref, overrides)
        except BookError as e:
            raise BookError(f"--with {path}：{e.zh}", f"--with {path}: {e.en}") from None
        if book.schema.kind is BookKind.PENALTIES:
            # a book a month: last month's history (a cut running on) is not joined into this
            # book's ledger here; the summary counts both books, each person once
            raise BookError(
                f"--with {path}：是处罚汇总表，不能随本表一起计算；上月的处罚汇总表（其处分的续扣、"
                "累计）请与本月的一起用 summary --month 汇总，或把其记录并入本月的表",
                f"--with {path}: a penalty workbook cannot be computed along with this one; "
                "summarise last month's book with this month's (summary --month), or move its "
                "rows into this book",
            )
        if book.schema.kind not in (BookKind.HANDOVER, BookKind.VISITS):
            raise BookError(
                f"--with {path}：应为交接班记录或回访登记表",
                f"--with {path}: expected a handover log or a visit register",
            )
        books.append(book)
    return without_copies(books)


def without_copies(books: list[LoadedBook]) -> Checked[list[LoadedBook]]:
    """Handover logs and visit registers read together for a 处罚汇总表 (compute's --with, the
    files beside it for the Excel button), each counted once: a file whose every cell equals
    another's (a copy under another name) is set aside as the summary sets copies aside
    (`parts.copies`), and R05.with_copy says so."""
    names = display_names([b.path for b in books])
    parts = [part_of(b, [], name) for b, name in zip(books, names, strict=True)]
    originals = copies(parts)
    found = [
        finding("R05.with_copy", "", 0, "", name=part.name, original=originals[id(part)].name)
        for part in parts
        if id(part) in originals
    ]
    return Checked([p.origin for p in parts if id(p) not in originals], found)


def beside(books: list[LoadedBook], book: LoadedBook) -> Checked[list[LoadedBook]]:
    """The handover logs and visit registers beside a 处罚汇总表 that count for it: each once
    (`without_copies`), and of its branch only (`own_branch`)."""
    kept = without_copies(books)
    own = own_branch(kept.value, book)
    return Checked(own.value, kept.findings + own.findings)


def compute_parts(
    book: LoadedBook,
    results: list[SheetResult],
    with_books: Checked[list[LoadedBook]],
    as_of: datetime,
) -> tuple[list[SheetResult], Report]:
    """What `csbook compute` writes into a 处罚汇总表's copy: its results (judged with the
    handover logs' late arrivals already, `pipeline.check`) and the 月处罚汇总 of `as_of`'s
    month, which says which --with files were set aside as copies (`load_with`)."""
    own = own_branch(with_books.value, book)
    handovers = [b for b in own.value if b.schema.kind is BookKind.HANDOVER]
    visits = [b for b in own.value if b.schema.kind is BookKind.VISITS]
    sheet = month_sheet(
        [book],
        visits,
        handovers,
        month_start(as_of.date()),
        as_of,
        set_aside=[*with_books.findings, *own.findings],
    )
    return results, Report(sheets=[sheet])
