"""A quarter's or a year's penalty figures month by month: each month's 月处罚汇总 made as that
month's own summary of the same files makes it — which books count in the month, whose amounts
are 不完整 — so that 趋势's 罚款 and the 来源 rows agree with the months' summaries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from ..branch_names import branch_key
from ..penalty_sheet import PenaltyMonthSheet
from ..periods import Period
from ..schema import BookKind
from .parts import KIND_LABELS, Failed, Part, SourceRow, State, sources_and_kept

# a month's 月处罚汇总 from the parts counted in it (None without penalty workbooks; a line for
# 总览 when it could not be made): the caller builds it from the books
Penalties = Callable[[list[Part], Period], PenaltyMonthSheet | str | None]


@dataclass(frozen=True)
class MonthPenalties:
    """The months' 罚款 (None: not known, or the month not begun) and lines for 总览."""

    fines: dict[date, Decimal | None]
    notes: list[str]


def incomplete_people(penalty: PenaltyMonthSheet) -> dict[str, list[str]]:
    """The people whose amounts are 不完整 on `penalty`, by branch (`branch_key`: one
    branch however it is written)."""
    held: dict[str, list[str]] = defaultdict(list)
    for branch, person in penalty.incomplete:
        held[branch_key(branch)].append(person)
    return held


def held_open_text(people: list[str], see: str = "见其备注") -> str:
    """Why a penalty workbook is not complete when people of its branch are 不完整."""
    return f"月处罚汇总中 {len(people)} 人的金额不完整（{'、'.join(people)}），{see}"


def month_penalties(
    items: Iterable[Part | Failed],
    kept: list[Part],
    sources: list[SourceRow],
    period: Period,
    as_of: datetime,
    penalties: Penalties,
) -> MonthPenalties:
    """Each begun month of `period`: its 月处罚汇总 from the penalty workbooks as that month's
    summary settles them (copies, versions, a person's records split between two books: judged
    for the month, not the period) with the handover logs counted (`kept`). A month's 罚款 is
    known when every fine on its sheet is (none rests on rows another book or version gives
    otherwise) and its books were settled without a P10.versions; otherwise it is blank. Each
    file the month's summary calls 不完整 is 不完整 in `sources` too, its 说明 naming the
    months and why (a quarter summarised whole would otherwise say nothing the months'
    summaries say)."""
    books = [p for p in items if isinstance(p, Part) and p.kind is BookKind.PENALTIES]
    logs = [p for p in kept if p.kind is BookKind.HANDOVER]
    label = KIND_LABELS[BookKind.PENALTIES]
    said: dict[str, dict[str, list[date]]] = defaultdict(lambda: defaultdict(list))
    fines: dict[date, Decimal | None] = {}
    notes: list[str] = []
    for first in period.months:
        fines[first] = None
        if first > as_of.date():
            continue  # not begun: 趋势 leaves the month blank
        month = Period.month(first)
        # the settlement notes its doubts and findings on the parts: each month on copies
        copies = [replace(p, doubts={}, findings=list(p.findings)) for p in books]
        month_sources, month_kept = sources_and_kept(copies, month)
        made = penalties([*month_kept, *logs], month)
        if isinstance(made, str):
            notes.append(f"{month.label}：{made}")
            continue
        if made is None:
            continue
        held = incomplete_people(made)
        known = made.fines is not None  # None: a fine rests on another book's rows, or a guess
        for copy, book, source in zip(copies, books, month_sources, strict=True):
            # what the month's settlement found (P10.versions): no month's total without a guess
            why = [f.message("zh") for f in copy.findings[len(book.findings) :]]
            known = known and not why
            people = held.get(branch_key(source.branch))
            if people and source.kind == label and source.state is State.COMPLETE:
                why.insert(0, held_open_text(people, "见该月的月度汇总"))
            for text in why:
                said[source.name][text].append(first)
        if known:
            fines[first] = made.fines
    for s in sources:
        if s.name not in said or s.state is State.UNREADABLE:
            continue
        s.state = State.INCOMPLETE
        s.reason = "；".join(
            [
                *(
                    f"{'、'.join(Period.month(m).label for m in months)}：{text}"
                    for text, months in said[s.name].items()
                ),
                *([s.reason] if s.reason else []),
            ]
        )
    return MonthPenalties(fines, notes)
