"""The use cases both faces call: check a workbook file, and compute a copy of it.

Reading is `io`, judging is `rules`; this module only joins them, so the command line and the
Excel buttons give the same answers.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .io.source import BookError
from .io.workbook import LoadedBook, load
from .rules.book import evaluate_book
from .rules.calendar import WorkCalendar
from .rules.context import Context, SheetResult
from .rules.findings import Finding, Lang, Severity
from .rules.penalties import Roster
from .rules.planned import set_aside_planned
from .rules.schema import ROSTER


@dataclass
class Options:
    as_of: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    overrides: Mapping[str, Any] = field(default_factory=dict)  # settings from toml / CLI
    roster: frozenset[str] | None = None  # names/staff numbers for V12
    # handover logs whose late arrivals (H01 迟到) count as late arrivals in 考勤 (P06)
    with_files: list[Path] = field(default_factory=list)


@dataclass
class FileReport:
    path: Path
    error: BookError | None = None
    book: LoadedBook | None = None
    results: list[SheetResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        found = list(self.book.findings) if self.book else []
        for result in self.results:
            found += result.findings
        order = (
            {name: i for i, name in enumerate(self.book.sheet_names.values())} if self.book else {}
        )
        # whole-file and whole-sheet findings first, then the sheets in the workbook's order
        return sorted(found, key=lambda f: (f.row > 0, order.get(f.sheet, -1), f.row, f.rule))

    @property
    def ok(self) -> bool:
        return self.error is None and not any(f.severity is Severity.ERROR for f in self.findings)

    def error_text(self, lang: Lang = "zh") -> str | None:
        if self.error is None:
            return None
        return self.error.zh if lang == "zh" else self.error.en


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading a register allocates millions of small tuples and lists, none of them in
    reference cycles; the cyclic collector would walk them over and over (about a sixth of
    the run time on 100,000 rows). It is paused while one file is read and judged."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(path: Path, options: Options) -> FileReport:
    """Read and judge one workbook file; never raises for a bad file."""
    return check_source(path, lambda: load(path, options.as_of.date(), options.overrides), options)


def check_source(path: Path, loader: Callable[[], LoadedBook], options: Options) -> FileReport:
    """Judge what `loader` reads (a file, or an open workbook's sheets)."""
    with gc_paused():
        return _check(path, loader, options)


def _check(path: Path, loader: Callable[[], LoadedBook], options: Options) -> FileReport:
    report = FileReport(path)
    try:
        report.book = loader()
    except BookError as e:
        report.error = e
        return report
    except Exception as e:  # a file can fail in ways no reader documents
        report.error = BookError(f"无法读取：{e}", f"cannot read: {e}")
        return report
    ctx = Context(
        settings=report.book.settings,
        calendar=WorkCalendar(report.book.holidays),
        as_of=options.as_of,
        roster=options.roster,
    )
    # rows of a register filled in ahead are not judged, and the summary reads these tables
    planned = set_aside_planned(report.book.tables, ctx)
    report.book.tables = planned.value
    report.book.findings += planned.findings
    report.results = evaluate_book(report.book.tables, ctx)
    return report


def roster_of(path: Path, options: Options) -> frozenset[str]:
    """The names and staff numbers on a penalty workbook's 员工 sheet."""
    book = load(path, options.as_of.date(), options.overrides)
    table = book.tables.get(ROSTER.name)
    if table is None:
        raise BookError(f"“{path.name}”没有可用的员工表", f"{path.name} has no usable 员工 sheet")
    return Roster.from_table(table).keys()
