"""The use cases both faces call: check a workbook file, and compute a copy of it.

Reading is `io`, judging is `rules`; this module only joins them, so the command line and the
Excel buttons give the same answers.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from threading import Thread
from typing import TYPE_CHECKING, Any

from .branches import branch_of
from .io.source import BookError
from .io.workbook import LoadedBook, load
from .rules import calendar
from .rules.book import evaluate_book
from .rules.branch_names import same_branch
from .rules.calendar import WorkCalendar
from .rules.complaints import grades_across
from .rules.context import Context, SheetResult
from .rules.findings import Checked, Finding, Lang, Severity
from .rules.planned import set_aside_planned
from .rules.roster_names import RosterNames
from .rules.schema import COMPLAINTS, HOLIDAYS_SHEET, ROSTER, BookKind

if TYPE_CHECKING:
    from .io.writeback import Written
    from .rules.penalty_sheet import Lates


class ComputeRefused(Exception):
    """Nothing is written: the outputs would overwrite an input, or a --with file is unusable;
    the message is for staff."""


@dataclass
class Options:
    as_of: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    overrides: Mapping[str, Any] = field(default_factory=dict)  # settings from toml / CLI
    roster: RosterNames | None = None  # for V12
    # handover logs whose late arrivals (H01 迟到) count as late arrivals in 考勤 (P06), and
    # visit registers: C04's units for a 处罚汇总表, earlier complaints (C02) for a register
    with_files: list[Path] = field(default_factory=list)
    # the days a summary is for: of two sheets of one kind, the one holding their rows is read
    span: tuple[date, date] | None = None
    _with: Checked[list[LoadedBook]] | None = field(default=None, repr=False, compare=False)

    def with_loaded(self) -> Checked[list[LoadedBook]]:
        """The `with_files` read, once a run (every 处罚汇总表 of the run uses them): the books
        counted, and R05.with_copy for each set aside as another's copy."""
        if self._with is None:
            from .penalty_report import load_with

            self._with = load_with(self.with_files, self.as_of.date(), self.overrides)
        return self._with

    def with_books(self) -> list[LoadedBook]:
        return self.with_loaded().value


@dataclass
class FileReport:
    path: Path
    error: BookError | None = None
    book: LoadedBook | None = None
    results: list[SheetResult] = field(default_factory=list)

    def _unsorted(self) -> list[Finding]:
        found = list(self.book.findings) if self.book else []
        for result in self.results:
            found += result.findings
        return found

    @property
    def findings(self) -> list[Finding]:
        found = self._unsorted()
        order = (
            {name: i for i, name in enumerate(self.book.sheet_names.values())} if self.book else {}
        )
        # whole-file and whole-sheet findings first, then the sheets in the workbook's order
        return sorted(found, key=lambda f: (f.row > 0, order.get(f.sheet, -1), f.row, f.rule))

    @property
    def ok(self) -> bool:
        # unsorted, stopping at the first error: sorting 11,000 findings (100,000 rows) takes 25 ms,
        # and the JSON output asks twice
        return self.error is None and not any(
            f.severity is Severity.ERROR for f in self._unsorted()
        )

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
    return check_source(
        path, lambda: load(path, options.as_of.date(), options.overrides, options.span), options
    )


def check_source(path: Path, loader: Callable[[], LoadedBook], options: Options) -> FileReport:
    """Judge what `loader` reads (a file, or an open workbook's sheets)."""
    with gc_paused():
        return _check(path, loader, options)


def _check(path: Path, loader: Callable[[], LoadedBook], options: Options) -> FileReport:
    report = FileReport(path)
    # the holiday library loads while the workbook is read: reading a large sheet leaves
    # Python free (python-calamine and zlib release the GIL), and most rows fall in the
    # reference time's year (loaded already: no thread, which would only take turns with it)
    year = options.as_of.year
    warming = (
        None if calendar.loaded(year) else Thread(target=calendar.warm, args=(year,), daemon=True)
    )
    if warming is not None:
        warming.start()
    try:
        report.book = loader()
    except BookError as e:
        report.error = e
        return report
    except Exception as e:  # a file can fail in ways no reader documents
        report.error = BookError(f"无法读取：{e}", f"cannot read: {e}")
        return report
    finally:
        if warming is not None:  # before any rule asks the calendar: the year loaded once
            warming.join()
    sheet = report.book.sheet_names.get(HOLIDAYS_SHEET.name, HOLIDAYS_SHEET.name)
    report.book.findings += calendar.d01_partial(report.book.holidays, sheet)
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
    try:  # --with: a handover log's late arrivals count in a 处罚汇总表's 考勤 (and its checks)
        lates = _handover_lates(report.book, options)
    except BookError as e:
        report.error = e
        return report
    report.results = evaluate_book(report.book.tables, ctx, lates.value if lates else None)
    if lates is not None:
        report.book.findings += lates.findings
    try:  # --with: the branch's other 回访登记表 (last month's) for C02
        _graded_with(report.book, report.results, options)
    except BookError as e:
        report.error = e
        return report
    if options.with_files and report.book.schema.kind in (BookKind.PENALTIES, BookKind.VISITS):
        report.book.findings += options.with_loaded().findings  # --with copies set aside (read)
    return report


def _handover_lates(book: LoadedBook, options: Options) -> Checked[Lates] | None:
    """The late arrivals of the --with handover logs of the book's branch, for a 处罚汇总表
    (None otherwise), with what was set aside (another branch's log, a late repeated)."""
    if book.schema.kind is not BookKind.PENALTIES or not options.with_files:
        return None
    from .penalty_report import handover_lates

    handovers = [b for b in options.with_books() if b.schema.kind is BookKind.HANDOVER]
    return handover_lates(handovers, book, options.as_of) if handovers else None


def _graded_with(book: LoadedBook, results: list[SheetResult], options: Options) -> None:
    """A 回访登记表 checked with its branch's other registers (--with last month's): its
    complaints are graded over them all as over one register (C02), each grade that is not
    the file's own a C02.files finding."""
    if book.schema.kind is not BookKind.VISITS or not options.with_files:
        return
    result = next((r for r in results if r.table.schema.name == COMPLAINTS.name), None)
    others = [
        b
        for b in options.with_books()
        if COMPLAINTS.name in b.tables
        and same_branch(branch_of(b), branch_of(book))
        and b.path.resolve() != book.path.resolve()
    ]
    if result is None or not others:
        return
    from .summary import display_names

    books = [*others, book]
    tables = [b.tables[COMPLAINTS.name] for b in others] + [result.table]  # this one as judged
    names = display_names([b.path for b in books])
    registers = list(zip(names, tables, [b.settings for b in books], strict=True))
    grades, found = grades_across(registers)
    result.computed["grade"] = grades[-1]
    result.findings += [f for (r, _), f in found if r == len(registers) - 1]


def roster_of(path: Path, options: Options) -> RosterNames:
    """The names and staff numbers on a penalty workbook's 员工 sheet."""
    book = load(path, options.as_of.date(), options.overrides)
    table = book.tables.get(ROSTER.name)
    if table is None:
        raise BookError(f"“{path.name}”没有可用的员工表", f"{path.name} has no usable 员工 sheet")
    return RosterNames.from_table(table)


def destinations(files: list[Path], out_dir: Path) -> list[Path]:
    """Where each computed copy goes: the input's name in `out_dir`, a numbered suffix for
    a name met twice. Refused before anything is written when a destination would be one of
    the inputs, or `out_dir` is a file."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ComputeRefused(f"-o 应为文件夹：{out_dir} 是一个文件")
    inputs = {p.resolve() for p in files}
    dests: list[Path] = []
    used: set[str] = set()
    for path in files:
        # an .xls (or .ods) gets an .xlsx copy: the surgical writer edits only OOXML packages
        suffix = path.suffix if path.suffix.lower() in (".xlsx", ".xlsm") else ".xlsx"
        name, n = path.stem + suffix, 1
        while name.lower() in used or (out_dir / name).resolve() in inputs:
            if (out_dir / name).resolve() == path.resolve():
                raise ComputeRefused(
                    f"“{path.name}”的计算副本会覆盖输入文件本身，请换一个输出文件夹（-o）"
                )
            n += 1
            name = f"{path.stem}-{n}{suffix}"
        used.add(name.lower())
        dests.append(out_dir / name)
    return dests


def compute_files(
    files: list[Path], out_dir: Path, options: Options, lang: Lang
) -> list[tuple[FileReport, Written | None]]:
    """Check each file and write its computed copy into `out_dir`; inputs are never
    written, and one file that fails does not stop the others."""
    from .io.writeback import write_copy  # lxml only when writing
    from .penalty_report import compute_parts

    try:  # --with: handover logs (迟到 into 考勤) and visit registers (C04) for 处罚汇总表
        with_books = options.with_loaded()
    except BookError as e:
        raise ComputeRefused(e.zh if lang == "zh" else e.en) from None
    done: list[tuple[FileReport, Written | None]] = []
    for path, dest in zip(files, destinations(files, out_dir), strict=True):
        report = check(path, options)
        written = None
        if report.book is not None:
            try:
                generated = None
                if report.book.schema.kind is BookKind.PENALTIES:  # + 月处罚汇总 of --as-of's month
                    report.results, generated = compute_parts(
                        report.book, report.results, with_books, options.as_of
                    )
                with gc_paused():  # the sheet's XML tree: millions of objects, no cycles
                    written = write_copy(
                        report.book, report.results, report.findings, dest, lang, generated
                    )
            except BookError as e:
                report.error = e
            except Exception as e:  # damage calamine tolerated
                report.error = BookError(f"无法写出计算副本：{e}", f"cannot write the copy: {e}")
        done.append((report, written))
    return done
