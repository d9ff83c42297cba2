"""Rows not yet due to be done (SPEC §1.0): a log pre-filled for the whole month.

A row whose moment lies after the reference time is planned: a shift's moment is its date and
start time, a visit's its 回访日期, a complaint's its 受理时间. A date without a time is planned
from the next day on (a visit dated today may have been made this morning). Planned rows are
set aside before any rule runs, so they are neither checked (no R01 for an arrival not yet
typed, no V32 for signatures not yet given) nor counted in summaries; one warning per sheet
(R06) says how many rows were set aside and from which row, so that nothing vanishes unsaid.

The 处罚汇总表 is read the same way: a 过失 dated after the reference time is a typo or an
entry made ahead, and a 考勤 row of a month not yet begun is a month pre-filled; neither is
charged this run (no sanction, no fine, no escalation). Because these rows decide people's
pay, their warning names every row (R06.offence, R06.attendance), not just the first.
Leave requests ahead are normal and stay counted (see `leave.py`, Q01.ahead).

A row done by the reference time may still carry a completion typed with a later date (a
解决日期 or 回复时间 of next year, a typo or an entry made ahead): as of then it has not happened,
so statuses read it as not done (`not_yet`), and one warning per column names the rows
(R06.done). A summary made again later then gives the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .context import Context
from .deadlines import end_of_day, last_second
from .findings import Checked, Finding, finding
from .handover import log_dating, shift_start
from .schema import ATTENDANCE, COMPLAINTS, HANDOVER, OFFENCES, VISITS
from .table import Table
from .text import row_ranges

# the column that dates a row of each sheet that may be filled in ahead (考勤's 月份 is the
# month's first day: a row is ahead when its month has not begun)
_MOMENT_KEYS = {
    VISITS.name: "visit_date",
    COMPLAINTS.name: "received_at",
    HANDOVER.name: "date",
    OFFENCES.name: "date",
    ATTENDANCE.name: "month",
}
# sheets whose rows ahead are named one by one: they would have been charged to someone
_CHARGED = {OFFENCES.name: "R06.offence", ATTENDANCE.name: "R06.attendance"}


def _after(as_of: datetime) -> Callable[[date | datetime | None], bool]:
    """Whether a row's moment lies after the reference time `as_of`."""
    # a reference time at a day's last second (`--as-of 2026-10-31`, a month's summary)
    # means the end of that day, 24:00: the night shift starting then has begun
    moment_as_of = end_of_day(as_of.date()) if as_of == last_second(as_of.date()) else as_of
    day_as_of = as_of.date()

    def after(moment: date | datetime | None) -> bool:
        if moment is None:
            return False  # an unknown date: the row is checked as it is
        if isinstance(moment, datetime):
            return moment > moment_as_of
        return moment > day_as_of

    return after


def not_yet(t: Table, ctx: Context, *keys: str) -> Checked[dict[str, list[Any]]]:
    """Columns `keys` (completion moments) with every moment after the reference time taken
    as not yet happened (None), and an R06.done warning per column that had some."""
    after = _after(ctx.as_of)
    columns: dict[str, list[Any]] = {}
    found: list[Finding] = []
    for key in keys:
        values = t.col(key)
        ahead = [i for i, moment in enumerate(values) if after(moment)]
        if not ahead:
            columns[key] = values
            continue
        gone = set(ahead)
        columns[key] = [None if i in gone else v for i, v in enumerate(values)]
        rows, rows_en = row_ranges([t.rows[i] for i in ahead], most=20)
        as_of = f"{ctx.as_of:%Y-%m-%d %H:%M}"
        found.append(
            t.find(
                "R06.done", ahead[0], key, count=len(ahead), rows=rows, rows_en=rows_en, as_of=as_of
            )
        )
    return Checked(columns, found)


def planned_rows(t: Table, ctx: Context) -> list[int]:
    """Indices of the rows whose moment lies after the reference time."""
    moments = t.col(_MOMENT_KEYS[t.schema.name])
    if t.schema.name == HANDOVER.name:
        offsets, _ = log_dating(t, ctx)
        names = ctx.settings.shift_names
        moments = [
            shift_start(day, names.index(shift), offsets)
            if day is not None and shift in names
            else day
            for day, shift in zip(moments, t.col("shift"), strict=True)
        ]
    after = _after(ctx.as_of)
    return [i for i, moment in enumerate(moments) if after(moment)]


def set_aside_planned(tables: dict[str, Table], ctx: Context) -> Checked[dict[str, Table]]:
    """The tables without their planned rows, and an R06 warning for each sheet that had some."""
    kept = dict(tables)
    found: list[Finding] = []
    for name, t in tables.items():
        planned = planned_rows(t, ctx) if name in _MOMENT_KEYS else []
        if not planned:
            continue
        gone = set(planned)
        kept[name] = t.subset([i for i in range(len(t)) if i not in gone])
        as_of = f"{ctx.as_of:%Y-%m-%d %H:%M}"
        if name in _CHARGED:
            # on the first such row's date cell, where staff look to correct it
            rows, rows_en = row_ranges([t.rows[i] for i in planned], most=20)
            found.append(
                t.find(
                    _CHARGED[name],
                    planned[0],
                    _MOMENT_KEYS[name],
                    count=len(planned),
                    rows=rows,
                    rows_en=rows_en,
                    as_of=as_of,
                )
            )
            continue
        found.append(
            finding(
                "R06", t.sheet, 0, "", count=len(planned), first=t.rows[planned[0]], as_of=as_of
            )
        )
    return Checked(kept, found)
