"""What every rule may consult besides the rows: settings, calendar, reference time, roster."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .calendar import WorkCalendar
from .findings import Finding
from .roster_names import RosterNames
from .settings import Settings
from .table import Table


@dataclass
class Context:
    settings: Settings
    calendar: WorkCalendar
    as_of: datetime  # the run's reference time: statuses are judged as of this moment
    roster: RosterNames | None = None  # when a roster is given


@dataclass
class SheetResult:
    """A sheet's findings and its computed columns (key -> one value per data row)."""

    table: Table
    findings: list[Finding] = field(default_factory=list)
    computed: dict[str, list[Any]] = field(default_factory=dict)

    @classmethod
    def checked(cls, t: Table, *rules: Callable[[Table], Iterable[Finding]]) -> SheetResult:
        """A sheet's result begun with the findings of `rules`, in order; the sheet's other
        findings and its computed columns are added to it."""
        return cls(t, [f for rule in rules for f in rule(t)])
