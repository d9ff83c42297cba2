"""The period's summary (SPEC §4, `csbook summary`): many branch workbooks in, one workbook
out, for a week, a month, a quarter or a year (`rules.periods.Period`).

Files are recognised by their sheets, read and judged in parallel across the machine's cores
(each worker runs `pipeline.check` and hands back the loaded tables with their computed
columns), turned into `rules.monthly.Part`s and summarised. The workbook is written with
XlsxWriter (values, and totals as SUM formulas with their results stored; text from the
inputs stays text), whole to a temporary file beside the target and renamed over it.

Two faces call this module:
- the command line: `run(files, period, out, ...)`;
- an Excel button, on workbooks it has already loaded: `report_for_books(...)`, whose
  `Report` it renders into the open workbook.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .branches import branch_from_name, branch_from_path, branch_of
from .io.atomic import replacing
from .io.source import OwnOutput
from .io.workbook import LoadedBook
from .pipeline import Options, check, gc_paused
from .progress import Progress
from .rules.book import evaluate_book
from .rules.branch_names import same_branch
from .rules.calendar import WorkCalendar
from .rules.context import Context, SheetResult
from .rules.findings import Finding, finding
from .rules.monthly import Failed, Part, State, Summary, abridged, summarise
from .rules.penalty_sheet import PenaltyMonthSheet
from .rules.periods import Period, PeriodKind
from .rules.report import Report, ReportSheet
from .rules.roster_names import RosterNames
from .rules.schema import SETTINGS_SHEET, BookKind

PROGRESS_MIN_FILES = 5  # a progress bar from this many files on


@dataclass
class Loaded:
    """One input file after reading and judging: what a worker process sends back."""

    path: Path
    part: Part | None = None  # None when the file could not be read
    error: str | None = None  # why the file could not be read at all (Chinese)
    own_output: bool = False  # a summary csbook wrote (`OwnOutput`): not read, not broken


@dataclass
class SummaryRun:
    """What `run` did: the output file, the summary's figures and each input's fate."""

    output: Path
    summary: Summary
    loaded: list[Loaded]

    @property
    def exit_code(self) -> int:
        """0 nothing wrong, 1 findings of severity error, 2 a file could not be read."""
        if any(s.state is State.UNREADABLE for s in self.summary.sources):
            return 2
        if any(s.errors or s.state is State.INCOMPLETE for s in self.summary.sources):
            return 1
        return 0


def display_names(paths: Sequence[Path]) -> list[str]:
    """Each file's name as 来源 shows it: the file name, with as many parent folders as it
    takes to tell apart two files of the same name. Never a full path."""
    depth = [1] * len(paths)
    while True:
        names = ["/".join(p.absolute().parts[-d:]) for p, d in zip(paths, depth, strict=True)]
        clashes = {n for n in names if names.count(n) > 1}
        if not clashes:
            return names
        grown = False
        for i, name in enumerate(names):
            if name in clashes and depth[i] < len(paths[i].absolute().parts):
                depth[i] += 1
                grown = True
        if not grown:
            return names


def read_file(
    path: Path,
    as_of: datetime,
    overrides: Mapping[str, Any],
    roster: RosterNames | None = None,
    period: Period | None = None,
    abridge: bool = True,
) -> Loaded:
    """Read and judge one file (in a worker process); never raises for a bad file.

    With `period`, of two sheets of one kind the one holding the period's rows is read, and
    (`abridge`) the part is `abridged` to what that period's summary reads (what crosses
    between processes is then a fraction of the book); else it is whole and carries its
    `LoadedBook` as `origin`."""
    span = (period.first, period.last) if period is not None else None
    options = Options(as_of=as_of, overrides=dict(overrides), roster=roster, span=span)
    report = check(path, options)
    if report.book is None:
        own = isinstance(report.error, OwnOutput)
        return Loaded(path, error=report.error_text("zh") or "无法读取", own_output=own)
    part = part_of(report.book, report.results)
    if period is not None and abridge and part.kind is not BookKind.PENALTIES:
        part = abridged(part, period)
    return Loaded(path, part)


def part_of(book: LoadedBook, results: Sequence[SheetResult], name: str = "") -> Part:
    """A loaded and judged workbook as the summary sees it (`origin`: the book)."""
    found = list(book.findings)
    for result in results:
        found += result.findings
    found += _branch_clash(book)
    return Part(
        name=name or book.path.name,
        branch=branch_of(book),
        kind=book.schema.kind,
        settings=book.settings,
        tables=book.tables,
        computed={r.table.schema.name: r.computed for r in results},
        findings=found,
        origin=book,
        rejected_settings=tuple(book.rejected_settings),
    )


_BRANCH_WORDS = ("公司", "分部", "营业部", "营业厅", "中心", "办事处")


def _branch_clash(book: LoadedBook) -> list[Finding]:
    """A workbook whose file name names another branch than its 参数 (丽水分公司's book made
    from 杭州分公司's copy, 参数 left as it was): counted as 参数 says, with a warning naming
    both."""
    named = branch_from_name(book.path.name)
    branch = book.settings.branch.strip()
    # a name that says a branch (an agent's own register is named for her: no clash)
    if not branch or not any(word in named for word in _BRANCH_WORDS):
        return []
    if same_branch(named, branch):
        return []  # 南京 for 南京分公司
    return [
        finding("R02.branch_name", SETTINGS_SHEET.name, 0, "分公司", named=named, branch=branch)
    ]


def read_all(
    paths: Sequence[Path],
    as_of: datetime,
    overrides: Mapping[str, Any] | None = None,
    *,
    period: Period | None = None,
    abridge: bool = True,
    jobs: int | None = None,
    progress: bool | None = None,
    roster: RosterNames | None = None,
) -> list[Loaded]:
    """Read every file, in parallel across `jobs` processes (default: the machine's cores),
    in the order given. `progress`: a bar on stderr (default: from PROGRESS_MIN_FILES on).
    `period`, `abridge`: see `read_file`."""
    overrides = dict(overrides or {})
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    show = len(paths) >= PROGRESS_MIN_FILES if progress is None else progress
    bar = Progress(len(paths), show, "读取工作簿")
    out: list[Loaded | None] = [None] * len(paths)
    if jobs == 1:
        for i, path in enumerate(paths):
            out[i] = read_file(path, as_of, overrides, roster, period, abridge)
            bar.step()
    else:
        if period is not None:  # the holiday tables, built once here, are inherited by fork
            for year in range(period.first.year - 1, period.last.year + 1):
                WorkCalendar().knows(year)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                pool.submit(read_file, path, as_of, overrides, roster, period, abridge): i
                for i, path in enumerate(paths)
            }
            bar.start()  # after the workers are forked: tqdm may start a thread
            for future in as_completed(futures):
                i = futures[future]
                try:
                    out[i] = future.result()
                except Exception as e:  # a worker that died (out of memory ...)
                    out[i] = Loaded(paths[i], error=f"读取时出错：{e}")
                bar.step()
    bar.close()
    return [item for item in out if item is not None]


def summarise_loaded(
    items: Sequence[Loaded],
    period: Period,
    as_of: datetime,
    whole: Callable[[list[Path]], list[LoadedBook | None]] | None = None,
    roster: RosterNames | None = None,
) -> Summary:
    """The summary of files already read and judged (as of `as_of`; `roster`: as
    `Options.roster`, its namesakes marked on the agents' rows), with what penalty
    workbooks among them give: a month's 月处罚汇总 after 交接班, a quarter's or a year's
    罚款 per month in 趋势 (a week's summary has none: pay is reckoned by the month, and
    总览 says so). `whole` loads the books of abridged parts again when penalties need
    them."""
    names = display_names([item.path for item in items])
    parts: list[Part | Failed] = []
    paths: dict[str, Path] = {}  # by the part's name, unique in the run
    for item, name in zip(items, names, strict=True):
        if item.part is None:
            state = State.OWN_OUTPUT if item.own_output else State.UNREADABLE
            parts.append(Failed(name, branch_from_path(item.path), item.error or "无法读取", state))
        else:
            item.part.name = name
            parts.append(item.part)
            paths[name] = item.path

    def books(kept: list[Part], kind: BookKind, month: Period) -> list[LoadedBook]:
        """The loaded books of `kind` (abridged parts loaded again, all at the first call),
        but those whose rows of `month` another file holds: the penalty sheet reads a book
        whole, and would count those rows twice."""
        missing = [p for p in kept if p.origin is None]
        if missing and whole is not None:
            for p, book in zip(missing, whole([paths[p.name] for p in missing]), strict=True):
                p.origin = book
        return [p.origin for p in counted(kept, kind, month)]

    def counted(kept: list[Part], kind: BookKind, month: Period) -> list[Part]:
        return [
            p
            for p in kept
            if p.kind is kind and p.origin is not None and not p.left_out & set(month.months)
        ]

    memo: dict[Any, Any] = {}  # a quarter's months share the judged logs and the ledgers

    def penalties(kept: list[Part], month: Period) -> PenaltyMonthSheet | str | None:
        if not any(p.kind is BookKind.PENALTIES for p in kept):
            return None
        try:
            from .penalty_report import month_sheet

            return month_sheet(
                books(kept, BookKind.PENALTIES, month),
                books(kept, BookKind.VISITS, month),
                books(kept, BookKind.HANDOVER, month),
                month.first,
                as_of,
                [p.doubts for p in counted(kept, BookKind.PENALTIES, month)],
                memo=memo,
            )
        except Exception as e:  # never a silent gap: 总览 says the part is missing, and why
            return f"⚠ 月处罚汇总未能生成：{type(e).__name__}: {e}"

    summary = summarise(parts, period, as_of, penalties, roster)
    if period.kind is not PeriodKind.MONTH and any(
        p.kind is BookKind.PENALTIES for p in summary.kept
    ):
        summary.sheet("总览").blocks.insert(0, PENALTY_NOTES[period.kind])
    return summary


# pay is reckoned by the month: a longer or shorter period's workbook says where to look
PENALTY_NOTES = {
    PeriodKind.WEEK: "处罚与扣款按月核算，周汇总不含月处罚汇总，请见当月的月度汇总。",
    PeriodKind.QUARTER: "处罚与扣款按月核算：各月罚款见“趋势”表，明细请见各月的月度汇总。",
    PeriodKind.YEAR: "处罚与扣款按月核算：各月罚款见“趋势”表，明细请见各月的月度汇总。",
}


def report_for_books(
    books: Sequence[LoadedBook],
    period: Period | date,
    as_of: datetime,
    failed: Sequence[tuple[Path, str]] = (),
    roster: RosterNames | None = None,
) -> Report:
    """The summary of workbooks already loaded (e.g. by an Excel button through
    `io.workbook.load_source`), for rendering into an open workbook.

    `books`: loaded visit registers, handover logs and penalty workbooks, judged here as of
    `as_of` (a `datetime`: statuses such as 已超期未回复 are as of then); `period`: the
    `Period` summarised (a `date`: that day's month); `failed`: (path, reason in Chinese)
    of files that could not be loaded, listed in 来源 and flagged on 总览; `roster`: names
    for V12, as `Options.roster`. Returns the `Report` whose sheets are those of
    `summarise_loaded` (a month: 总览, 回访, 投诉, 交接班, [月处罚汇总], 意见征求, 来源);
    `csbook.io.report_xlsx.save(report, path)` writes them."""
    items: list[Loaded] = []
    for book in books:
        ctx = Context(
            settings=book.settings,
            calendar=WorkCalendar(book.holidays),
            as_of=as_of,
            roster=roster,
        )
        items.append(Loaded(book.path, part_of(book, evaluate_book(book.tables, ctx))))
    items += [Loaded(Path(path), error=reason) for path, reason in failed]
    if not isinstance(period, Period):
        period = Period.month(period)
    return Report(sheets=summarise_loaded(items, period, as_of, roster=roster).sheets)


def default_as_of(period: Period, now: datetime | None = None) -> datetime:
    """The period's last moment once it is over (the figures do not change when the summary
    is made again later), else now."""
    now = now or datetime.now().replace(microsecond=0)
    return min(now, period.end)


def write_report(report: Report | Sequence[ReportSheet], out: Path) -> Path:
    """Write a new workbook (XlsxWriter, values only), whole to a temporary file beside
    `out`, then renamed over it: a reader never sees half a file."""
    from .io.report_xlsx import save  # the writer only when writing

    if not isinstance(report, Report):
        report = Report(sheets=list(report))
    out = Path(out)
    with replacing(out) as tmp:
        save(report, tmp)
    return out


def run(
    paths: Sequence[Path],
    period: Period,
    out: Path,
    *,
    as_of: datetime | None = None,
    overrides: Mapping[str, Any] | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    roster: RosterNames | None = None,
    reader: Callable[..., list[Loaded]] = read_all,
) -> SummaryRun:
    """`csbook summary`: read `paths` (files; the command line expands folders and globs),
    summarise `period` and write the workbook to `out`."""
    out = Path(out)
    inputs = {Path(p).resolve() for p in paths}
    if out.resolve() in inputs:
        raise ValueError("输出文件不能覆盖输入文件")
    as_of = as_of or default_as_of(period)
    options = {"jobs": jobs, "roster": roster}

    def whole(again: list[Path]) -> list[LoadedBook | None]:
        loaded = reader(
            again, as_of, overrides, period=period, abridge=False, progress=False, **options
        )
        return [item.part.origin if item.part else None for item in loaded]

    with gc_paused():  # millions of small objects and no cycles: the collector only costs
        loaded = reader(paths, as_of, overrides, period=period, progress=progress, **options)
        summary = summarise_loaded(loaded, period, as_of, whole, roster)
        write_report(summary.sheets, out)
    return SummaryRun(out, summary, loaded)
