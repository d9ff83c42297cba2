"""A branch's register or log kept in several files (a file a month, a quarter over its
months) is judged as one: C02 grades over all of the branch's complaints, H04 continuity
across the files' boundaries. Each file is judged alone when it is read; here the counted
parts of one branch are put side by side and what changes is written into their computed
columns — so that counts, lists and 需要关注 read it — and said in 来源 and on 总览, never a
quiet regrade. Two branches are two registers: never joined."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..complaints import grades_across
from ..findings import Finding, Severity, finding
from ..handover import (
    GAP_CAUSES,
    SHIFT_COPIES,
    SHIFT_SLOTS,
    GapCause,
    ShiftCopy,
    ShiftGap,
    h04_break,
    missing_shifts,
)
from ..periods import Period
from ..schema import COMPLAINTS, HANDOVER, YesNo
from ..text import squeeze
from .parts import Part, SourceRow, dated_in


@dataclass
class Joined:
    """What judging a branch's files together changed: per part (by name, unique in the
    run) and sheet, the findings its 来源 row says and counts, and how many complaints and
    脱班 rows of the period changed."""

    said: dict[tuple[str, str], list[Finding]] = field(default_factory=lambda: defaultdict(list))
    regraded: int = 0
    gaps: int = 0


def join_branch_files(
    kept: list[Part], sources: list[SourceRow], period: Period
) -> tuple[list[Part], str]:
    """The counted parts with each branch's complaints graded over all its files and its
    handover shifts judged across its files' boundaries (parts changed are new `Part`s: the
    inputs are left as read), and 总览's line saying so ("" when nothing changed). Each
    change of the period is said in its file's 来源 row."""
    joined = Joined()
    out = list(kept)
    for sheet, judge in ((COMPLAINTS.name, _regrade), (HANDOVER.name, _join_logs)):
        for group in _branches(out, sheet):
            for index, part in judge([(i, out[i]) for i in group], period, joined).items():
                out[index] = part
    by_name = {s.name: s for s in sources}
    for (name, sheet), found in joined.said.items():
        source = by_name[name]
        said = f"{_HEADS[sheet]}：{at_most([f.message('zh') for f in found], _WHERE[sheet])}"
        source.reason = "；".join([said, *([source.reason] if source.reason else [])])
        errors = sum(f.severity is Severity.ERROR for f in found)
        source.errors += errors
        source.warnings += len(found) - errors
    told = []
    if joined.regraded:
        told.append(f"{joined.regraded} 件投诉的等级")
    if joined.gaps:
        told.append(f"{joined.gaps} 个脱班")
    if not told:
        return out, ""
    return out, (
        f"同一分公司的记录分在几个文件中（如每月一个文件）时按一份记录判断：{'、'.join(told)}"
        "是与本分公司另一文件中的记录合并判断得出的（单独看各文件时不同），详见“来源”表。"
    )


# what a file's 来源 row says first of its rows judged with the branch's other files
_HEADS = {
    COMPLAINTS.name: "投诉等级按本分公司各文件的投诉合并判断（同一客户同类投诉在另一文件中也算）",
    HANDOVER.name: "交接班记录分在本分公司几个文件中，相接的班次按一份记录检查",
}


# where the whole list of what changed is, past the first `SAID_MOST`
_WHERE = {COMPLAINTS.name: "见“投诉”表的重复和恶性投诉", HANDOVER.name: "见“交接班”表的脱班记录"}
SAID_MOST = 5  # changes named in one 来源 cell or note: a year of a register a month has many


def at_most(said: list[str], where: str) -> str:
    """The first `SAID_MOST` of `said`, then how many in all and `where` the rest is."""
    shown = "；".join(said[:SAID_MOST])
    return shown if len(said) <= SAID_MOST else f"{shown}；等 {len(said)} 项（{where}）"


def _branches(parts: list[Part], sheet: str) -> Iterable[list[int]]:
    """The indexes of the parts holding `sheet`, grouped by branch: groups of two or more."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, part in enumerate(parts):
        if sheet in part.tables:
            groups[squeeze(part.branch)].append(i)
    return (g for g in groups.values() if len(g) > 1)


def _with_columns(part: Part, sheet: str, columns: dict[str, list[Any]]) -> Part:
    computed = dict(part.computed)
    computed[sheet] = {**part.computed.get(sheet, {}), **columns}
    return replace(part, computed=computed)


def _where(part: Part, sheet: str, i: int) -> str:
    return f"“{part.name}”第{part.tables[sheet].rows[i]}行"


def _regrade(group: list[tuple[int, Part]], period: Period, joined: Joined) -> dict[int, Part]:
    """C02 over the branch's complaints in all its files (`grades_across`): the parts whose
    grades change, by index; what changes in the period is said."""
    parts = [p for _, p in group]
    registers = [(p.name, p.tables[COMPLAINTS.name], p.settings) for p in parts]
    # against the grades the files gave (a file cut to some months was graded whole)
    grades, found = grades_across(registers, [p.col(COMPLAINTS.name, "grade") for p in parts])
    changed: dict[int, Part] = {}
    for (r, i), f in found:
        part, t = parts[r], registers[r][1]
        if r not in changed:
            changed[r] = _with_columns(part, COMPLAINTS.name, {"grade": grades[r]})
        if dated_in(t.col("received_at")[i], period.first, period.last):
            joined.regraded += 1
            joined.said[(part.name, COMPLAINTS.name)].append(f)
        # else graded anew, but not counted in this period: nothing to say
    return {group[r][0]: part for r, part in changed.items()}


@dataclass(frozen=True)
class _Shift:
    slot: int
    part: int  # its place in the group
    row: int  # its index in the part's log


def _join_logs(group: list[tuple[int, Part]], period: Period, joined: Joined) -> dict[int, Part]:
    """H04 between the last shift of one of the branch's logs and the next shift, held in
    another of its files, as between two rows of one log: a break or missing shifts is 脱班
    on both rows. Logs whose 参数 name other shifts cannot be lined up: left alone."""
    parts = [p for _, p in group]
    names = parts[0].settings.shift_names
    if any(p.settings.shift_names != names for p in parts):
        shifts = "；".join(f"{p.name}：{'、'.join(p.settings.shift_names)}" for p in parts)
        for p in parts:  # said, not guessed: the boundaries are not judged
            found = finding("H04.files_shifts", HANDOVER.name, 0, "", shifts=shifts)
            joined.said[(p.name, HANDOVER.name)].append(found)
        return {}
    chain: list[_Shift] = []
    for k, part in enumerate(parts):
        slots = part.col(HANDOVER.name, SHIFT_SLOTS)
        copies = part.col(HANDOVER.name, SHIFT_COPIES)
        chain += [
            _Shift(slot, k, i)
            for i, slot in enumerate(slots)
            if slot is not None and copies[i] in (None, ShiftCopy.DOUBT)  # a shift's first row
        ]
    chain.sort(key=lambda s: (s.slot, s.part))
    gaps: dict[int, dict[int, list[ShiftGap]]] = defaultdict(dict)  # part -> row -> added
    for a, b in itertools.pairwise(chain):
        if a.part == b.part or a.slot == b.slot:
            continue  # judged in its own file; the same shift in two files is not a gap
        ta, tb = parts[a.part].tables[HANDOVER.name], parts[b.part].tables[HANDOVER.name]
        if b.slot == a.slot + 1:
            swaps = [
                t.col("swap_approver")[s.row]
                for t, s in ((ta, a), (tb, b))
                if t.col("swapped")[s.row]
            ]
            causes = h04_break(ta.col("to_staff")[a.row], tb.col("from_staff")[b.row], swaps)
            day, shift, run = None, "", None
        elif _unplaced_between(parts[a.part], a.row, parts[b.part], b.row):
            continue  # a row of unknown date or shift may be the missing one (as in one log)
        else:
            causes = (GapCause.MISSING,)
            run = missing_shifts(a.slot, b.slot, names, _work_day(parts[a.part], len(names)))
            day, shift = run[0]
        if not causes:
            continue
        for s, other, who, side in ((a, b, "to_staff", "下"), (b, a, "from_staff", "上")):
            across = f"{side}一班在{_where(parts[other.part], HANDOVER.name, other.row)}"
            gaps[s.part].setdefault(s.row, []).extend(
                ShiftGap(cause, who, day, shift, across, run or ()) for cause in causes
            )
    changed: dict[int, Part] = {}
    for k, rows in gaps.items():
        part = parts[k]
        t = part.tables[HANDOVER.name]
        gap = list(part.col(HANDOVER.name, "gap"))
        reasons = list(part.col(HANDOVER.name, GAP_CAUSES))
        for i, added in rows.items():
            gap[i] = YesNo.YES
            reasons[i] = (*reasons[i], *added)
            if dated_in(t.col("date")[i], period.first, period.last):
                joined.gaps += 1
                joined.said[(part.name, HANDOVER.name)].append(
                    finding(
                        "H04.files",
                        HANDOVER.name,
                        t.rows[i],
                        "gap",
                        line=t.rows[i],
                        shift=f"{t.col('date')[i]:%m-%d}{t.col('shift')[i]}",
                        reason="；".join(dict.fromkeys(g.reason for g in added)),
                    )
                )
        changed[group[k][0]] = _with_columns(part, HANDOVER.name, {"gap": gap, GAP_CAUSES: reasons})
    return changed


def _work_day(part: Part, per_day: int) -> list[int]:
    """The log's days from a row's date back to its shift's work day, per shift (as
    `handover.log_dating` found them), from its rows."""
    work_day = [0] * per_day
    days = part.tables[HANDOVER.name].col("date")
    for i, slot in enumerate(part.col(HANDOVER.name, SHIFT_SLOTS)):
        if slot is not None:
            work_day[slot % per_day] = slot // per_day - days[i].toordinal()
    return work_day


def _unplaced_between(before: Part, a: int, after: Part, b: int) -> bool:
    """A row of unknown 日期 or 班次 below row `a` of the earlier log or above row `b` of
    the later one."""
    below = before.col(HANDOVER.name, SHIFT_SLOTS)[a + 1 :]
    above = after.col(HANDOVER.name, SHIFT_SLOTS)[:b]
    return None in below or None in above
