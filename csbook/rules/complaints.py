"""投诉登记 (SPEC §1.2, §3.3): V20–V23, reply deadlines C01 (D02/D03), follow-up deadlines
(D04) and grades C02."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .calendar import UnknownYear
from .context import Context, SheetResult
from .deadlines import (
    Moment,
    ReplyStatus,
    before,
    cell_moment,
    day_of,
    followup_due,
    reply_due,
    show,
    start_of,
    status,
)
from .findings import Checked, Finding
from .planned import not_yet
from .settings import Settings
from .table import Table, not_before, r01_required
from .text import row_ranges, squeeze


class Grade(StrEnum):
    ORDINARY = "一般"
    REPEAT = "重复"
    SEVERE = "恶性"


# the per-row key of `SheetResult.computed` that says a row copies an earlier one (V20.copy):
# data for the summary, not a column written into the workbook
COPIED = "copied"


def copied_rows(t: Table) -> dict[int, int]:
    """Rows that repeat an earlier row's 投诉编号, 受理时间 and 客户 — one complaint typed
    twice (a row copied down) — each with the row it copies: it is counted and graded there
    only, never as a repeat of itself."""
    first: dict[str, int] = {}
    copies: dict[int, int] = {}
    received, clients = t.col("received_at"), t.col("client")
    for i, cid in t.valid("complaint_id"):
        j = first.setdefault(squeeze(cid), i)
        same = (
            received[i] is not None
            and received[i] == received[j]
            and clients[i] is not None
            and squeeze(clients[i]) == squeeze(clients[j] or "")
        )
        if j != i and same:
            copies[i] = j
    return copies


def v20_unique(t: Table) -> Iterator[Finding]:
    copies = copied_rows(t)
    first: dict[str, int] = {}
    for i, cid in t.valid("complaint_id"):
        key = squeeze(cid)
        if key not in first:
            first[key] = i
        elif i in copies:
            yield t.find("V20.copy", i, "complaint_id", other=t.rows[copies[i]])
        else:
            yield t.find("V20", i, "complaint_id", other=t.rows[first[key]])


def v21_reply_order(t: Table) -> Iterator[Finding]:
    return not_before(t, "V21", "replied_at", "received_at")


def v22_resolution_order(t: Table) -> Iterator[Finding]:
    return not_before(t, "V22", "resolved_at", "received_at")


def v23_followup_order(t: Table) -> Iterator[Finding]:
    return not_before(t, "V23", "followup_at", "resolved_at")


def c01_reply(t: Table, ctx: Context) -> Checked[tuple[list[datetime | None], list[str]]]:
    """C01: every complaint's reply due moment (D02) and status (D03). Late and overdue
    replies are warnings; a year the calendar does not know is a D01 error on each row it
    leaves without a deadline; a reply dated after the reference time has not happened yet
    (R06.done). The value: (due moments, statuses), one per row."""
    rule = ctx.settings.reply_rule
    done = not_yet(t, ctx, "replied_at")
    found: list[Finding] = list(done.findings)
    replied = done.value["replied_at"]
    unreadable = t.invalid.get("replied_at", set())
    dues: list[datetime | None] = []
    states: list[str] = []
    day_only: list[int] = []  # receipts known by their day alone: the lenient deadline
    copies = copied_rows(t)
    for i, received in enumerate(t.col("received_at")):
        if received is None or i in copies:  # a copy's reply is its original's
            dues.append(None)
            states.append("")
            continue
        if not isinstance(received, datetime):
            day_only.append(i)
        try:
            due = reply_due(received, rule, ctx.calendar)
        except UnknownYear as e:  # on every row it leaves without a deadline
            found.append(t.find("D01", i, "received_at", year=e.year))
            dues.append(None)
            states.append("")
            continue
        dues.append(due)
        if i in unreadable:  # R02/R03 already said so; "no reply" would be a guess
            states.append("")
            continue
        if replied[i] is not None and before(replied[i], received):
            states.append("")  # V21: one of the two moments is wrong, which is not known
            continue
        state = status(replied[i], due, ctx.as_of)
        if state is None:  # a reply known by its day alone, on the day it was due
            states.append("")
            found.append(
                t.find("D03.day_only", i, "replied_at", day=day_of(replied[i]), due=show(due))
            )
            continue
        states.append(str(state))
        if state is ReplyStatus.LATE:
            found.append(t.find("D03.late", i, "replied_at", due=show(due)))
        elif state is ReplyStatus.OVERDUE:
            found.append(t.find("D03.overdue", i, "replied_at", due=show(due)))
    if day_only:  # one warning naming the rows: a branch may type every 受理时间 so
        rows, rows_en = row_ranges([t.rows[i] for i in day_only], most=20)
        found.append(
            t.find(
                "D02.day_only",
                day_only[0],
                "received_at",
                count=len(day_only),
                rows=rows,
                rows_en=rows_en,
            )
        )
    return Checked((dues, states), found)


def d04_followup(t: Table, ctx: Context) -> Checked[list[datetime | None]]:
    """D04: follow-up due `followup_days` after resolution; late or overdue is a warning.
    The value: the due moments, one per row."""
    days = ctx.settings.followup_days
    done = not_yet(t, ctx, "resolved_at", "followup_at")
    found: list[Finding] = list(done.findings)
    followed = done.value["followup_at"]
    unreadable = t.invalid.get("followup_at", set())
    dues: list[datetime | None] = []
    copies = copied_rows(t)
    for i, resolved in enumerate(done.value["resolved_at"]):
        if resolved is None or i in copies:  # a copy's follow-up is its original's
            dues.append(None)
            continue
        due = followup_due(resolved, days)
        dues.append(due)
        if i in unreadable:
            continue
        state = status(followed[i], due, ctx.as_of)
        if state is ReplyStatus.LATE:
            found.append(t.find("D04.late", i, "followup_at", due=show(due)))
        elif state is ReplyStatus.OVERDUE:
            found.append(t.find("D04.overdue", i, "followup_at", due=show(due)))
    return Checked(dues, found)


@dataclass(frozen=True)
class GradeFacts:
    """What C02 reads of one complaint: its receipt, client (squeezed) and category, whether
    it is still 未解决 after `repeat_after_followups` follow-ups (`stubborn`), its 恶性 flag, the
    `repeat_window_days` of its register, and (register, row) to order equal receipts."""

    received: Moment | None
    client: str | None
    category: Any
    stubborn: bool
    severe: bool
    window: timedelta
    order: tuple[int, int]


@dataclass(frozen=True)
class Graded:
    """A complaint's grade, and which complaint (by its place among those graded) it repeats
    within the window, if any."""

    grade: Grade
    repeats: int | None = None


def grade_facts(t: Table, settings: Settings, register: int = 0) -> list[GradeFacts | None]:
    """Each row's `GradeFacts`; None for a copy of another row (`copied_rows`): no complaint
    of its own."""
    copies = copied_rows(t)
    received, clients, cats = t.col("received_at"), t.col("client"), t.col("category")
    results, counts, severe = t.col("followup_result"), t.col("followups"), t.col("severe")
    window = timedelta(days=settings.repeat_window_days)
    return [
        None
        if i in copies
        else GradeFacts(
            received[i],
            squeeze(clients[i]) if clients[i] is not None else None,
            cats[i],
            results[i] == "未解决" and (counts[i] or 0) >= settings.repeat_after_followups,
            bool(severe[i]),
            window,
            (register, t.rows[i]),
        )
        for i in range(len(t))
    ]


def grade(facts: Sequence[GradeFacts]) -> list[Graded]:
    """C02. 重复: still 未解决 after the follow-ups (`stubborn`), or the same client complained
    about the same category within the window before. 恶性: the 恶性 flag, or a repeat that is
    repeated again — a window repeat of a complaint that was itself a repeat, or a window
    repeat still unresolved after the follow-ups. Complaints without a receipt time are
    graded by their own facts only."""
    graded: list[Graded | None] = [None] * len(facts)
    # earlier complaints of each (client, category), in time order
    received = {i: f.received for i, f in enumerate(facts) if f.received is not None}
    order = sorted(received, key=lambda i: (start_of(received[i]), facts[i].order))
    latest: dict[tuple[str, Any], int] = {}
    for i in order:
        f = facts[i]
        repeat_of = None
        if f.client is not None and f.category is not None:
            prev = latest.get((f.client, f.category))
            if prev is not None and day_of(received[i]) - day_of(received[prev]) <= f.window:
                repeat_of = prev
            latest[(f.client, f.category)] = i
        before = graded[repeat_of] if repeat_of is not None else None
        if f.severe or (before is not None and (before.grade != Grade.ORDINARY or f.stubborn)):
            graded[i] = Graded(Grade.SEVERE, repeat_of)
        elif repeat_of is not None or f.stubborn:
            graded[i] = Graded(Grade.REPEAT, repeat_of)
        else:
            graded[i] = Graded(Grade.ORDINARY)
    return [
        g
        if g is not None
        else Graded(Grade.SEVERE if f.severe else Grade.REPEAT if f.stubborn else Grade.ORDINARY)
        for g, f in zip(graded, facts, strict=True)
    ]


def c02_grades(t: Table, ctx: Context) -> list[str]:
    """C02 (`grade`) of every row of one register; a copy of another row (`copied_rows`) is
    no complaint of its own: no grade ("")."""
    return [g for g, _ in branch_grades([(t, ctx.settings)])[0]]


# a complaint in a branch's registers: (register, row index)
Place = tuple[int, int]


def branch_grades(
    registers: Sequence[tuple[Table, Settings]],
) -> list[list[tuple[str, Place | None]]]:
    """C02 (`grade`) over all the registers of one branch as over one register (a register a
    month: a repeat whose first complaint is in last month's file is 重复): per register and
    row, the grade ("" for a copy of another row) and the place of the complaint it repeats.
    A complaint in several registers (its 投诉编号, 受理时间 and 客户 again: a cumulative
    register sent every month) is one complaint, graded once, never a repeat of itself."""
    facts: list[GradeFacts] = []
    places: list[Place] = []
    first: dict[tuple[str, Any, str], int] = {}
    at: list[list[int | None]] = []  # per register and row: its complaint in `facts`
    for r, (t, settings) in enumerate(registers):
        ids, received = t.col("complaint_id"), t.col("received_at")
        rows: list[int | None] = []
        for i, f in enumerate(grade_facts(t, settings, r)):
            if f is None:
                rows.append(None)
                continue
            key = None
            if ids[i] is not None and received[i] is not None and f.client is not None:
                key = (squeeze(ids[i]), received[i], f.client)
                if key in first and places[first[key]][0] != r:
                    rows.append(first[key])
                    continue
                first.setdefault(key, len(facts))
            rows.append(len(facts))
            facts.append(f)
            places.append((r, i))
        at.append(rows)
    graded = grade(facts)
    return [
        [
            ("", None)
            if k is None
            else (
                str(graded[k].grade),
                places[j] if (j := graded[k].repeats) is not None else None,
            )
            for k in rows
        ]
        for rows in at
    ]


def grades_across(
    registers: Sequence[tuple[str, Table, Settings]],
    graded_alone: Sequence[Sequence[str]] | None = None,
) -> tuple[list[list[str]], list[tuple[Place, Finding]]]:
    """C02 over all the registers of one branch (`branch_grades`), each register named (its
    file, as messages name it): each register's grades, and a C02.files finding, with its
    place (register, row index), on every row whose grade is not the one its file gives
    alone (`graded_alone`, per register; default `c02_grades` of the table) — naming the
    complaint it repeats and, in another file, that file."""
    graded = branch_grades([(t, settings) for _, t, settings in registers])
    found: list[tuple[Place, Finding]] = []
    for r, ((_, t, settings), rows) in enumerate(zip(registers, graded, strict=True)):
        if len(registers) < 2:
            break
        own = (
            graded_alone[r]
            if graded_alone is not None
            else [g for g, _ in branch_grades([(t, settings)])[0]]
        )
        ids = t.col("complaint_id")
        for i, (grade, cause) in enumerate(rows):
            if grade == (own[i] or ""):
                continue
            why, why_en = _why_regraded(registers, (r, i), cause)
            found.append(
                (
                    (r, i),
                    t.find(
                        "C02.files",
                        i,
                        "grade",
                        complaint=ids[i] or f"第{t.rows[i]}行投诉",
                        own=own[i] or "无",
                        grade=grade,
                        why=why,
                        why_en=why_en,
                    ),
                )
            )
    return [[g for g, _ in rows] for rows in graded], found


def _why_regraded(
    registers: Sequence[tuple[str, Table, Settings]], at: Place, cause: Place | None
) -> tuple[str, str]:
    """Why a complaint's grade over its branch's registers is not its own, in Chinese and
    English."""
    if cause is None:  # graded by its own facts (the 恶性 flag, the follow-ups)
        return "未重复其他投诉", "it repeats no other complaint"
    name, t, _ = registers[cause[0]]
    j = cause[1]
    first = t.col("complaint_id")[j] or "投诉"
    if cause[0] == at[0]:
        return (
            f"所重复的{first}（第{t.rows[j]}行）的等级已随之改变",
            f"the complaint it repeats, {first} (row {t.rows[j]}), was graded anew",
        )
    received = registers[at[0]][1].col("received_at")[at[1]]
    days = (day_of(received) - day_of(t.col("received_at")[j])).days
    return (
        f"与“{name}”第{t.rows[j]}行的{first}为同一客户同类投诉，相隔{days}天",
        f"the same client and category as {first} in “{name}” row {t.rows[j]}, {days} days before",
    )


def complaint_ids(t: Table) -> set[str]:
    return {squeeze(c) for _, c in t.valid("complaint_id")}


def evaluate(t: Table, ctx: Context) -> SheetResult:
    result = SheetResult.checked(
        t, r01_required, v20_unique, v21_reply_order, v22_resolution_order, v23_followup_order
    )
    found = result.findings
    reply = c01_reply(t, ctx)
    found += reply.findings
    followup = d04_followup(t, ctx)
    found += followup.findings
    reply_dues, reply_states = reply.value
    copies = copied_rows(t)
    followup_dues = followup.value
    result.computed = {
        # as cells show them: 24:00 becomes 23:59:59 of the same day
        "reply_due": [d and cell_moment(d) for d in reply_dues],
        "reply_status": reply_states,
        "followup_due": [d and cell_moment(d) for d in followup_dues],
        "grade": c02_grades(t, ctx),
        COPIED: [i in copies for i in range(len(t))],
    }
    return result
