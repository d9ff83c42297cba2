"""A person on the rosters of two branches' 处罚汇总表 in one run under the same 工号 AND name:
one person who moved branch, not two namesakes (clerk6 #1). Her record copied into the new
branch's book (the usual way to carry it over) would be charged twice, and neither book
escalates on the other's rows. Safe minimum: 过失登记 rows identical in both books count in
one only, and her amounts in both are 不完整, said. Branch-local numbering (E001 a different
name in each branch) keeps them apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .branch_names import branch_key
from .deadlines import day_of
from .discipline import Staff
from .schema import OFFENCES, ROSTER
from .table import Table
from .text import squeeze, staff_key


@dataclass
class MovedApart:
    """Per book (by index): the 过失登记 row indices set aside there (the same rows count in
    another branch's book), and the people whose amounts are doubts -> why (by squeezed
    工号, as `month_sheet`'s doubts)."""

    set_aside: dict[int, list[int]] = field(default_factory=dict)
    doubts: dict[int, dict[str, str]] = field(default_factory=dict)


def _row(t: Table, i: int) -> tuple[Any, ...]:
    """Every cell of a register row, as compared for a copy."""
    return tuple(t.cols[k][i] for k in sorted(t.cols))


def _last_own(
    tables: Mapping[str, Table], rows: Mapping[tuple[Any, ...], list[int]], shared: set[Any]
) -> date:
    """The latest date of a person's 过失登记 rows of one book that no other book shares."""
    t = tables.get(OFFENCES.name)
    if t is None:
        return date.min
    days = t.col("date")
    own = [day_of(days[r]) for row, at in rows.items() if row not in shared for r in at if days[r]]
    return max(own, default=date.min)


def moved_apart(books: Sequence[tuple[str, Mapping[str, Table]]]) -> MovedApart:
    """`books`: each penalty book's branch and tables. People on the rosters of books of two
    or more branches with the same 工号 and name: rows of 过失登记 identical in several of
    their books count in one — the book of the branch they left (whose own other rows of
    theirs end first; on a tie the branch first by name) — and each book says their
    records are split."""
    staffs = [Staff.from_table(tables.get(ROSTER.name)) for _, tables in books]
    found: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, staff in enumerate(staffs):
        for key, person in staff.people.items():
            if person.staff_id and person.on_roster:
                found[staff_key(person.staff_id), squeeze(person.name)].append((i, key))
    out = MovedApart()
    for (sid, _), holders in found.items():
        if len({branch_key(books[i][0]) for i, _ in holders}) < 2:
            continue  # one branch's books: the summary's own test of versions
        rows: dict[int, dict[tuple[Any, ...], list[int]]] = {}
        for i, key in holders:
            t = books[i][1].get(OFFENCES.name)
            mine: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            for r in range(len(t) if t is not None else 0):
                assert t is not None
                if staffs[i].key_of(t.col("staff_id")[r], t.col("name")[r]) == key:
                    mine[_row(t, r)].append(r)
            rows[i] = mine
        shared = {
            row for i in rows for row in rows[i] if sum(row in other for other in rows.values()) > 1
        }

        # the branch they left: whose own other rows of theirs end first
        keeper = min(
            rows,
            key=lambda i: (_last_own(books[i][1], rows[i], shared), branch_key(books[i][0])),
        )
        for i in rows:
            if i != keeper:
                out.set_aside.setdefault(i, []).extend(
                    r for row, at in rows[i].items() if row in shared for r in at
                )
        person = staffs[holders[0][0]].people[holders[0][1]]
        names = "、".join(dict.fromkeys(books[i][0] for i, _ in holders))
        why = (
            f"{person.name}（工号{person.staff_id}）同在{names}的员工名单中（调动？按同一人）："
            "各表的过失记录分开计算，累计与升级未合并计算，其金额待核"
        )
        if shared:
            why += f"；两表相同的{len(shared)}行过失登记只在{books[keeper][0]}计一次"
        for i, _ in holders:
            out.doubts.setdefault(i, {})[squeeze(person.staff_id or sid)] = why
    for i, indices in out.set_aside.items():
        out.set_aside[i] = sorted(set(indices))
    return out
