"""投诉登记 (SPEC §1.2, §3.3): V20–V23, reply deadlines C01 (D02/D03), follow-up deadlines
(D04) and grades C02."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .calendar import UnknownYear
from .context import Context, SheetResult
from .deadlines import (
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


def c02_grades(t: Table, ctx: Context) -> list[str]:
    """C02. 重复: still 未解决 after `repeat_after_followups` follow-ups, or the same client
    complained about the same category within `repeat_window_days` before. 恶性: the 恶性
    flag, or a repeat that is repeated again — a window repeat of a complaint that was itself
    a repeat, or a window repeat still unresolved after the follow-ups. A copy of another
    row (`copied_rows`) is no complaint of its own: no grade."""
    s = ctx.settings
    window = timedelta(days=s.repeat_window_days)
    received, clients, cats = t.col("received_at"), t.col("client"), t.col("category")
    results, counts, severe = t.col("followup_result"), t.col("followups"), t.col("severe")

    stubborn = [
        results[i] == "未解决" and (counts[i] or 0) >= s.repeat_after_followups
        for i in range(len(t))
    ]
    copies = copied_rows(t)
    grades: list[Any] = [None] * len(t)
    # earlier complaints of each (client, category), in time order
    order = sorted(
        (i for i in range(len(t)) if received[i] is not None and i not in copies),
        key=lambda i: (start_of(received[i]), t.rows[i]),
    )
    latest: dict[tuple[str, str], int] = {}
    for i in order:
        repeat_of = None
        if clients[i] is not None and cats[i] is not None:
            key = (squeeze(clients[i]), cats[i])
            prev = latest.get(key)
            if prev is not None and day_of(received[i]) - day_of(received[prev]) <= window:
                repeat_of = prev
            latest[key] = i
        if severe[i] or (
            repeat_of is not None and (grades[repeat_of] != Grade.ORDINARY or stubborn[i])
        ):
            grades[i] = Grade.SEVERE
        elif repeat_of is not None or stubborn[i]:
            grades[i] = Grade.REPEAT
        else:
            grades[i] = Grade.ORDINARY
    for i in range(len(t)):
        if i in copies:
            grades[i] = ""
        elif grades[i] is None:  # no receipt time: only the row's own facts count
            grades[i] = (
                Grade.SEVERE if severe[i] else Grade.REPEAT if stubborn[i] else Grade.ORDINARY
            )
    return [str(g) for g in grades]


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
