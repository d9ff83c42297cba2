"""A roster given to registers that name people only (回访登记's 回访人, 交接班's 交班人 and
接班人: `--roster`, a 处罚汇总表's 员工): who is on it, and the names several people share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .findings import Finding
from .table import Table
from .text import names_in, squeeze, staff_key


@dataclass(frozen=True)
class RosterNames:
    """A roster given to registers that name people only (`--roster`: a 处罚汇总表's 员工):
    every name and staff number on it, and each name two or more people share (squeezed
    name -> their staff numbers, as typed)."""

    keys: frozenset[str]
    shared: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_table(cls, t: Table) -> RosterNames:
        """From 员工: a name on rows of different staff numbers is shared (a row repeating
        a person, same number, is one person: V44.roster_repeat)."""
        numbers = t.col("staff_id")
        keys: set[str] = set()
        ids: dict[str, dict[str, str]] = {}  # squeezed name -> staff key -> as typed
        for i, name in t.valid("name"):
            keys.add(squeeze(name))
            if numbers[i] is not None:
                keys.add(staff_key(numbers[i]))
                ids.setdefault(squeeze(name), {})[staff_key(numbers[i])] = str(numbers[i])
        shared = {name: tuple(by.values()) for name, by in ids.items() if len(by) > 1}
        return cls(frozenset(keys), shared)


def v12_namesakes(
    t: Table, keys: tuple[str, ...], roster: RosterNames | None, message: str
) -> Iterator[Finding]:
    """V12.namesake: a name the register gives (it has no 工号) that two or more people on
    the roster share — the figures of each cannot be told apart, and the summary lists them
    as one person, to be checked. One warning a name, on its first row, counting its rows."""
    if roster is None or not roster.shared:
        return
    rows: dict[str, list[tuple[int, str, str]]] = {}  # squeezed name -> (row, column, typed)
    for key in keys:
        for i, named in t.valid(key):
            for name in names_in(named):
                if squeeze(name) in roster.shared:
                    rows.setdefault(squeeze(name), []).append((i, key, name))
    for name, found in rows.items():
        i, key, typed = min(found)
        ids = roster.shared[name]
        yield t.find(
            message,
            i,
            key,
            value=typed,
            count=len(ids),
            ids="、".join(ids),
            n=len({row for row, _, _ in found}),
        )
