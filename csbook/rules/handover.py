"""交接班 (SPEC §1.3, §3.4): V31–V34, H01–H05.

Shifts are taken in the order 参数 lists them; a shift starting earlier in the clock than the
one before it falls after midnight, so with the default 早班 08:00, 中班 16:00, 夜班 00:00 the
夜班 of 11-03 starts at 11-04 00:00 and hands over to 11-04's 早班.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from .context import Context, SheetResult
from .findings import Checked, Finding
from .roster_names import v12_namesakes
from .schema import YesNo
from .settings import Shift
from .table import Table, r01_required
from .text import squeeze

HALF_DAY = timedelta(hours=12)
# a clock time read on a 12-hour clock (SPEC §1.0): when the 24-hour reading lies further than
# this from the shift start, and the reading 12 hours later within `TWELVE_HOUR_NEAR` of it
TWELVE_HOUR_FAR = timedelta(hours=6)
TWELVE_HOUR_NEAR = timedelta(hours=3)
# an arrival typed as a date-time further than this from its shift's start is no arrival for
# that shift (a date typed a day out: −1,425 minutes): unknown (R02), neither late nor on time
FAR_FROM_SHIFT = HALF_DAY
# the per-row keys of `SheetResult.computed` that hold each row's `ShiftGap`s and its
# `ShiftCopy`: data for the summary and the penalty book, not columns written into the workbook
GAP_CAUSES = "gap_causes"
SHIFT_COPIES = "shift_copies"
# each row's shift numbered from day one, `len(shifts)` a day (`shift_rows`; None where its
# 日期 or 班次 is unknown): what lines up a branch's logs kept in several files
SHIFT_SLOTS = "shift_slots"


class Arrival(StrEnum):
    ON_TIME = "按时"
    CUTTING_IT_FINE = "偏晚"
    LATE = "迟到"


class GapCause(StrEnum):
    BREAK = "交接不连续"  # H04: the receiver of one shift is not the next one's hander-over
    MISSING = "缺班"  # H04: a shift without a handover row
    UNAPPROVED_SWAP = "未经批准换班"  # H03: an unapproved swap behind a break


class ShiftCopy(StrEnum):
    """A row of a shift that another row of the log holds too (H04.duplicate)."""

    COPY = "重复登记"  # agrees with the shift's first row on receiver and arrival: counts once
    # the shift's rows disagree on the receiver or the arrival, which is not known: its first
    # row stands for the shift, the others (DOUBT_COPY) are not counted again
    DOUBT = "登记不一致"
    DOUBT_COPY = "登记不一致（重复）"

    @property
    def counted(self) -> bool:
        """Whether the row stands for its shift in counts of shifts."""
        return self is ShiftCopy.DOUBT


@dataclass(frozen=True)
class ShiftGap:
    """Why a row is 脱班, and which of its people is responsible: its 交班人 (`from_staff`)
    or its 接班人 (`to_staff`). `day` and `shift` name the missing shift for MISSING."""

    cause: GapCause
    responsible: str  # "from_staff" | "to_staff"
    day: date | None = None
    shift: str = ""
    # where the neighbouring shift's row is when it is in another file of the branch's log
    across: str = ""
    # MISSING: every shift of the run missing, in order, (date, shift name); `day` and
    # `shift` are its first
    missing: tuple[tuple[date, str], ...] = ()

    @property
    def reason(self) -> str:
        """The reason as the summary's 脱班 list shows it."""
        if self.cause is GapCause.MISSING and self.day is not None:
            said = f"缺{self.day:%m-%d}{self.shift}"
            if len(self.missing) > 1:
                last_day, last_shift = self.missing[-1]
                said += f"至{last_day:%m-%d}{last_shift}共{len(self.missing)}个班次"
        else:
            said = str(self.cause)
        return f"{said}（{self.across}）" if self.across else said


def shift_offsets(shifts: tuple[Shift, ...]) -> list[timedelta]:
    """Each shift's start as an offset from its work day's midnight."""
    offsets, day, previous = [], timedelta(0), None
    for s in shifts:
        if previous is not None and s.start <= previous:
            day += timedelta(days=1)
        previous = s.start
        offsets.append(day + timedelta(hours=s.start.hour, minutes=s.start.minute))
    return offsets


def shift_start(day: date, index: int, offsets: list[timedelta]) -> datetime:
    return datetime.combine(day, time()) + offsets[index]


def _nearest(clock: time, start: datetime) -> datetime:
    """The occurrence of a time of day nearest to the shift start (23:52 for a 00:00 shift
    is the evening before)."""
    moment = datetime.combine(start.date(), clock)
    if moment - start > HALF_DAY:
        moment -= timedelta(days=1)
    elif start - moment > HALF_DAY:
        moment += timedelta(days=1)
    return moment


def arrival_moment(arrived: time | datetime, start: datetime) -> tuple[datetime, bool]:
    """When the receiver arrived, and whether a time of day was read on a 12-hour clock: `4:05`
    for a 16:00 shift is 16:05, `11:50` for a 00:00 shift is 23:50 of the evening before, when
    the 24-hour reading lies more than 6 hours from the start and the 12-hour one within 3
    hours (SPEC §1.0). A full date-time is taken as it is."""
    if isinstance(arrived, datetime):
        return arrived, False
    moment = _nearest(arrived, start)
    if 1 <= arrived.hour <= 12 and abs(moment - start) > TWELVE_HOUR_FAR:
        later = _nearest(arrived.replace(hour=(arrived.hour + 12) % 24), start)
        if abs(later - start) <= TWELVE_HOUR_NEAR:
            return later, True
    return moment, False


def log_dating(t: Table, ctx: Context) -> tuple[list[timedelta], list[int]]:
    """Each shift's start offset from its row's date, and the days from the row's date back
    to the work day it belongs to (0, or -1 for a night shift dated by the morning it ends).

    Logs differ on how a shift after midnight is dated: by the evening it begins (the
    reading of SPEC §3.4, the default) or by the date on the clock when it starts. Where the
    arrivals are full date-times they tell: when most of a log's after-midnight shifts were
    taken over nearer the start of the row's own date than of the next, that log dates them
    by the morning."""
    offsets = shift_offsets(ctx.settings.shifts)
    names = ctx.settings.shift_names
    late = {k for k, offset in enumerate(offsets) if offset >= timedelta(days=1)}
    votes = 0
    for i, arrived in t.valid("arrived_at"):
        day, shift = t.col("date")[i], t.col("shift")[i]
        if not isinstance(arrived, datetime) or day is None or shift not in names:
            continue
        k = names.index(shift)
        if k in late:
            start = shift_start(day, k, offsets)
            votes += 1 if abs(arrived - (start - timedelta(days=1))) < abs(arrived - start) else -1
    if votes <= 0:
        return offsets, [0] * len(offsets)
    return (
        [o - timedelta(days=1) if k in late else o for k, o in enumerate(offsets)],
        [-1 if k in late else 0 for k in range(len(offsets))],
    )


def v31_distinct(t: Table) -> Iterator[Finding]:
    receivers = t.col("to_staff")
    for i, giver in t.valid("from_staff"):
        if receivers[i] is not None and squeeze(giver) == squeeze(receivers[i]):
            yield t.find("V31", i, "to_staff")


def signed_by_other(name: Any, signed: Any) -> bool:
    """H02: a signature that is not the named person's own (someone signed for them)."""
    return name is not None and signed is not None and squeeze(signed) != squeeze(name)


def v32_signatures(t: Table) -> Iterator[Finding]:
    """V32 (H02): both signatures present and equal to the names."""
    for name_key, signed_key, role in (
        ("from_staff", "from_signed", "交班人"),
        ("to_staff", "to_signed", "接班人"),
    ):
        if not t.has(signed_key):
            continue  # a log kept without the column is not judged on it
        names, signed = t.col(name_key), t.col(signed_key)
        bad = t.invalid.get(signed_key, ())
        for i in range(len(t)):
            if signed[i] is None:
                if i not in bad:
                    yield t.find("V32.missing", i, signed_key, role=role)
            elif signed_by_other(names[i], signed[i]):
                yield t.find(
                    "V32.mismatch", i, signed_key, role=role, signed=signed[i], name=names[i]
                )


def v33_face_to_face(t: Table) -> Iterator[Finding]:
    """V33 (H02): handed over face to face; a blank is not a yes."""
    if not t.has("face_to_face"):
        return
    bad = t.invalid.get("face_to_face", ())
    for i, value in enumerate(t.col("face_to_face")):
        if value is not True and i not in bad:
            yield t.find("V33", i, "face_to_face")


def v34_swap_approver(t: Table) -> Iterator[Finding]:
    approvers = t.col("swap_approver")
    for i, swapped in t.valid("swapped"):
        if swapped and approvers[i] is None:
            yield t.find("V34", i, "swap_approver")


def _shown_clock(moment: time | datetime) -> str:
    """An arrival as a message shows it: its seconds too when typed (`7:50:30` is late for
    7:50, and the message must not say 07:50)."""
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


def h01_arrivals(
    t: Table, ctx: Context, offsets: list[timedelta]
) -> Checked[tuple[list[Any], list[Any], list[str]]]:
    """H01: 应到时间 = shift start − `arrive_early_min`; 按时 at or before it, 偏晚 up to the
    start, 迟到 after the start. The value: (应到时间, 提前分钟, 到岗状态)."""
    found: list[Finding] = []
    names = ctx.settings.shift_names
    early = timedelta(minutes=ctx.settings.arrive_early_min)
    days, shifts, arrivals = t.col("date"), t.col("shift"), t.col("arrived_at")
    due_col: list[Any] = []
    minutes_col: list[Any] = []
    status_col: list[str] = []
    for i in range(len(t)):
        if days[i] is None or shifts[i] not in names:
            due_col.append(None)
            minutes_col.append(None)
            status_col.append("")
            continue
        start = shift_start(days[i], names.index(shifts[i]), offsets)
        due = start - early
        due_col.append(due)
        if arrivals[i] is None:
            minutes_col.append(None)
            status_col.append("")
            continue
        arrived, twelve_hour = arrival_moment(arrivals[i], start)
        if abs(arrived - start) > FAR_FROM_SHIFT:
            minutes_col.append(None)
            status_col.append("")
            found.append(_far_arrival(t, i, arrived, start))
            continue
        if twelve_hour:
            found.append(
                t.find(
                    "H05",
                    i,
                    "arrived_at",
                    typed=_shown_clock(arrivals[i]),
                    read=f"{arrived:%m-%d %H:%M}",
                )
            )
        minutes_col.append(int((start - arrived).total_seconds() // 60))
        if arrived <= due:
            status_col.append(Arrival.ON_TIME)
        elif arrived <= start:
            status_col.append(Arrival.CUTTING_IT_FINE)
            found.append(
                t.find(
                    "H01.early", i, "arrived_at", arrived=_shown_clock(arrived), due=f"{due:%H:%M}"
                )
            )
        else:
            status_col.append(Arrival.LATE)
            found.append(
                t.find(
                    "H01.late",
                    i,
                    "arrived_at",
                    arrived=f"{arrived:%m-%d} {_shown_clock(arrived)}",
                    start=f"{start:%m-%d %H:%M}",
                )
            )
    return Checked((due_col, minutes_col, [str(s) for s in status_col]), found)


def _far_arrival(t: Table, i: int, arrived: datetime, start: datetime) -> Finding:
    hours = abs(arrived - start) / timedelta(hours=1)
    return t.find(
        "R02",
        i,
        "arrived_at",
        value=f"{arrived:%Y-%m-%d %H:%M}",
        why=f"与本班次开始时间{start:%m-%d %H:%M}相差约{hours:.0f}小时，不是本班次的到岗时间"
        "（日期可能填错），到岗情况未计（不算迟到，也不算按时）",
        why_en=f"about {hours:.0f} hours from the shift's start {start:%m-%d %H:%M}: no arrival"
        " for this shift (a mistyped date?), neither late nor on time",
    )


def shift_rows(t: Table, ctx: Context, work_day: list[int]) -> dict[int, list[int]]:
    """Each shift of the log — numbered from day one, `per_day` a day — with the rows that
    hold it, in sheet order; rows whose 日期 or 班次 is unknown hold none."""
    names = ctx.settings.shift_names
    days, shifts = t.col("date"), t.col("shift")
    slots: dict[int, list[int]] = {}
    for i in range(len(t)):
        if days[i] is not None and shifts[i] in names:
            k = names.index(shifts[i])
            slots.setdefault((days[i].toordinal() + work_day[k]) * len(names) + k, []).append(i)
    return slots


def h04_copies(
    t: Table, slots: dict[int, list[int]], status: list[str]
) -> Checked[list[ShiftCopy | None]]:
    """H04: a shift on several rows. Rows that agree with the first on the receiver and the
    arrival are a copy (typed twice): the shift and its arrival count once, on the first
    row. Rows that disagree leave the arrival unknown — which row is true is the clerk's to
    say — so none of them is charged or counted as late or on time."""
    found: list[Finding] = []
    copies: list[ShiftCopy | None] = [None] * len(t)
    takers = t.col("to_staff")
    for rows in slots.values():
        if len(rows) < 2:
            continue
        first = rows[0]
        told = {(squeeze(takers[i] or ""), status[i]) for i in rows}
        if len(told) == 1:
            for i in rows[1:]:
                copies[i] = ShiftCopy.COPY
                found.append(t.find("H04.duplicate", i, "shift", other=t.rows[first]))
            continue
        listed = "、".join(str(t.rows[i]) for i in rows)
        for i in rows:
            copies[i] = ShiftCopy.DOUBT if i == first else ShiftCopy.DOUBT_COPY
            found.append(t.find("H04.conflict", i, "shift", rows=listed))
    return Checked(copies, found)


def charged_arrivals(status: Sequence[str], copies: Sequence[ShiftCopy | None]) -> list[str]:
    """Each row's 到岗状态 as it counts for the penalty book and the summary: blank on a copy
    of another row (counted there) and on rows of a shift whose rows disagree (unknown)."""
    return [s if copies[i] is None else "" for i, s in enumerate(status)]


def late_doubts(result: SheetResult) -> list[tuple[str, date, str]]:
    """The lates not charged because a shift's rows disagree (`ShiftCopy.DOUBT`), as
    (receiver as written, shift date, why): each receiver a row shows late, for the penalty
    book to hold that person's month open rather than charge or clear them on a guess."""
    t = result.table
    copies: list[ShiftCopy | None] = result.computed[SHIFT_COPIES]
    status = result.computed["arrival_status"]
    days, shifts, takers = t.col("date"), t.col("shift"), t.col("to_staff")
    rows_of: dict[tuple[date, str], list[int]] = {}
    doubted = [copy in (ShiftCopy.DOUBT, ShiftCopy.DOUBT_COPY) for copy in copies]
    for i in itertools.compress(range(len(t)), doubted):
        rows_of.setdefault((days[i], shifts[i]), []).append(t.rows[i])
    doubts = []
    for i in itertools.compress(range(len(t)), doubted):
        if status[i] == Arrival.LATE and takers[i] is not None:
            listed = "、".join(map(str, rows_of[days[i], shifts[i]]))
            why = (
                f"{t.sheet}第{listed}行为同一班次（{days[i]:%m-%d}{shifts[i]}）的不同登记，"
                "到岗情况不一致，迟到未计入，请核对后删去错误的一行"
            )
            doubts.append((takers[i], days[i], why))
    return doubts


def h04_break(taker: Any, giver: Any, swaps: Sequence[Any]) -> tuple[GapCause, ...]:
    """H04 (with H03) between two consecutive shifts: the first one's 接班人 `taker` and the
    next one's 交班人 `giver`, and the 换班批准人 of those of the two rows marked as swapped
    (`swaps`, None where not approved). () when they are one person, either is unknown or an
    approved swap explains the change of hands; else a break, behind an unapproved swap when
    one of the rows is marked swapped."""
    if taker is None or giver is None or squeeze(taker) == squeeze(giver):
        return ()
    if any(approver is not None for approver in swaps):
        return ()
    return (GapCause.UNAPPROVED_SWAP, GapCause.BREAK) if swaps else (GapCause.BREAK,)


def slot_shift(slot: int, names: Sequence[str], work_day: Sequence[int]) -> tuple[date, str]:
    """The date (as the log dates it: `log_dating`'s `work_day`) and the name of a shift
    numbered as `shift_rows` numbers it."""
    k = slot % len(names)
    return date.fromordinal(slot // len(names) - work_day[k]), names[k]


def missing_shifts(
    slot_a: int, slot_b: int, names: Sequence[str], work_day: Sequence[int]
) -> tuple[tuple[date, str], ...]:
    """The shifts between two held ones (numbered as `shift_rows` numbers them): each a
    missing shift, (date, name) in order."""
    return tuple(slot_shift(slot, names, work_day) for slot in range(slot_a + 1, slot_b))


def missing_finding(t: Table, i: int, run: Sequence[tuple[date, str]]) -> Finding:
    """H04 on a row next to missing shifts: the one shift, or the run's first and last and
    how many (two whole days missing are six shifts, not one)."""
    (day, shift), (last_day, last_shift) = run[0], run[-1]
    if len(run) == 1:
        return t.find("H04.missing", i, "shift", day=day, shift=shift)
    return t.find(
        "H04.missing_run",
        i,
        "shift",
        first=f"{day} {shift}",
        last=f"{last_day} {last_shift}",
        count=len(run),
    )


def h04_continuity(
    t: Table, ctx: Context, work_day: list[int], slots: dict[int, list[int]]
) -> Checked[tuple[list[str], list[tuple[ShiftGap, ...]]]]:
    """H04 (with H03): along the log's shifts in order, each receiver is the next shift's
    hander-over. A missing shift, or a break without an approved swap, is 脱班 on both rows;
    an unapproved swap behind a break makes both people responsible (H03). The value: the
    脱班 column and, per row, why it is 脱班 and who is responsible.

    A row whose 日期 or 班次 is unknown (blank or unreadable) may be the shift that looks
    missing: a gap that such a row, lying between the two rows in the sheet, could fill is not
    charged to anyone (its R01/R02 already asks for the cell to be put right). A shift on
    several rows (`h04_copies`) is judged by its first."""
    found: list[Finding] = []
    names = ctx.settings.shift_names
    days, shifts = t.col("date"), t.col("shift")
    givers, takers = t.col("from_staff"), t.col("to_staff")
    swapped, approvers = t.col("swapped"), t.col("swap_approver")
    gap: list[str] = [
        YesNo.NO if days[i] is not None and shifts[i] in names else "" for i in range(len(t))
    ]
    unplaced = [t.rows[i] for i in range(len(t)) if not gap[i]]  # Excel rows, ascending
    causes: list[list[ShiftGap]] = [[] for _ in range(len(t))]

    ordered = sorted((slot, rows[0]) for slot, rows in slots.items())
    for (slot_a, a), (slot_b, b) in itertools.pairwise(ordered):
        if slot_b != slot_a + 1:
            low, high = sorted((t.rows[a], t.rows[b]))
            if bisect.bisect_left(unplaced, high) > bisect.bisect_right(unplaced, low):
                continue  # the unknown row between them may be the missing shift
            run = missing_shifts(slot_a, slot_b, names, work_day)
            day, shift = run[0]
            for i, who in ((a, "to_staff"), (b, "from_staff")):
                gap[i] = YesNo.YES
                causes[i].append(ShiftGap(GapCause.MISSING, who, day, shift, missing=run))
                found.append(missing_finding(t, i, run))
            continue
        broken = h04_break(takers[a], givers[b], [approvers[i] for i in (a, b) if swapped[i]])
        if not broken:
            continue
        for i, who in ((a, "to_staff"), (b, "from_staff")):
            gap[i] = YesNo.YES
            causes[i] += [ShiftGap(cause, who) for cause in broken]
            if GapCause.UNAPPROVED_SWAP in broken:
                found.append(t.find("H03", i, "swapped", a=takers[a], b=givers[b]))
            found.append(
                t.find(
                    "H04.break",
                    i,
                    who,
                    prev_shift=f"{days[a]:%m-%d}{shifts[a]}",
                    prev=takers[a],
                    shift=f"{days[b]:%m-%d}{shifts[b]}",
                    name=givers[b],
                )
            )
    return Checked((gap, [tuple(c) for c in causes]), found)


def evaluate(t: Table, ctx: Context) -> SheetResult:
    result = SheetResult.checked(
        t,
        r01_required,
        v31_distinct,
        v32_signatures,
        v33_face_to_face,
        v34_swap_approver,
        lambda t: v12_namesakes(t, ("from_staff", "to_staff"), ctx.roster, "V12.namesake_log"),
    )
    found = result.findings
    offsets, work_day = log_dating(t, ctx)
    arrivals = h01_arrivals(t, ctx, offsets)
    found += arrivals.findings
    slots = shift_rows(t, ctx, work_day)
    continuity = h04_continuity(t, ctx, work_day, slots)
    found += continuity.findings
    copies = h04_copies(t, slots, arrivals.value[2])
    found += copies.findings
    due, minutes, arrival = arrivals.value
    gap, causes = continuity.value
    slot_of: list[int | None] = [None] * len(t)
    for slot, rows in slots.items():
        for i in rows:
            slot_of[i] = slot
    result.computed = {
        "due_at": due,
        "minutes_early": minutes,
        "arrival_status": arrival,
        "gap": gap,
        GAP_CAUSES: causes,
        SHIFT_COPIES: copies.value,
        SHIFT_SLOTS: slot_of,
    }
    return result
