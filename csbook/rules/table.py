"""A sheet's rows as normalised columns: what the reader hands to the rules.

Columns, not row objects: a register of 100,000 rows is checked column by column in plain
Python, without building an object per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .deadlines import before
from .findings import Finding, finding
from .schema import SheetSchema


@dataclass
class Table:
    schema: SheetSchema
    rows: list[int]  # Excel row number of each data row
    cols: dict[str, list[Any]]  # key -> normalised values, None when blank or unreadable
    headers: dict[str, str] = field(default_factory=dict)  # key -> header text as found
    invalid: dict[str, set[int]] = field(default_factory=dict)  # key -> indices already reported
    name: str = ""  # the sheet's name in the file, when it differs from the schema's
    # a person's own column under a computed header (SPEC §1.0): key -> (its header, values)
    typed: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)
    # what the program's own column of a judged value (投诉等级, 状态 …) held before this run,
    # as text: key -> (its header, values); V49.replaced reads it
    previous: dict[str, tuple[str, list[str | None]]] = field(default_factory=dict)

    @property
    def sheet(self) -> str:
        return self.name or self.schema.name

    def __len__(self) -> int:
        return len(self.rows)

    def col(self, key: str) -> list[Any]:
        found = self.cols.get(key)
        return found if found is not None else [None] * len(self.rows)

    def has(self, key: str) -> bool:
        return key in self.cols

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.schema.column(key).header

    def find(self, key: str, index: int, column: str, **params: object) -> Finding:
        """A finding of message `key` on data row `index`, in the column of `column`."""
        return finding(key, self.sheet, self.rows[index], self.header(column), **params)

    def subset(self, indices: list[int]) -> Table:
        """The table of some of its rows (ascending indices), unreadable-cell marks kept."""
        new_index = {old: new for new, old in enumerate(indices)}
        return Table(
            self.schema,
            [self.rows[i] for i in indices],
            {key: [values[i] for i in indices] for key, values in self.cols.items()},
            dict(self.headers),
            {
                key: {new_index[i] for i in bad if i in new_index}
                for key, bad in self.invalid.items()
            },
            self.name,
            {
                key: (header, [vals[i] for i in indices])
                for key, (header, vals) in self.typed.items()
            },
            {
                key: (header, [vals[i] for i in indices])
                for key, (header, vals) in self.previous.items()
            },
        )

    def valid(self, key: str) -> Iterator[tuple[int, Any]]:
        """(index, value) for every filled, readable cell of a column."""
        for i, value in enumerate(self.col(key)):
            if value is not None:
                yield i, value


def r01_required(table: Table) -> Iterator[Finding]:
    """R01: a required cell is empty (an unreadable one has already been reported)."""
    for key in table.schema.required_keys:
        if not table.has(key):
            continue  # R04 reported the missing header
        column = table.cols[key]
        if None not in column:  # a full column, most of them: the scan runs in C
            continue
        bad = table.invalid.get(key, ())
        for i, value in enumerate(column):
            if value is None and i not in bad:
                yield table.find("R01", i, key)


def not_before(t: Table, rule: str, key: str, base: str) -> Iterator[Finding]:
    """`rule` on each row whose `key` is certainly earlier than its `base` (dates or moments:
    a day-only value compares by day)."""
    bases = t.col(base)
    for i, value in t.valid(key):
        if bases[i] is not None and before(value, bases[i]):
            yield t.find(rule, i, key)
