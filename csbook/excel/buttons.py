"""The buttons on the csbook workbooks, one function each, called from VBA as
`RunPython "import csbook.excel.buttons as b; b.validate()"`.

Each takes the workbook (`xw.Book.caller()` when none is given, as behind a desktop button;
under xlwings Server or Lite the book is passed in) and does the same as the command line, on
the open workbook: 校验 (`validate`), 计算 (`compute`), 月度汇总 (`month_summary`), 处罚汇总
(`penalty_summary`) and 清除标记 (`clear_marks`). Pressing a button twice gives the result of
pressing it once; no cell a person typed is ever written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import xlwings as xw

from ..io.source import WORKBOOK_SUFFIXES, BookError
from ..io.workbook import LoadedBook, Span, load, load_source
from ..pipeline import FileReport, Options, check_source
from ..rules.findings import Lang
from ..rules.monthly.parts import latest_month
from ..rules.months import month_label
from ..rules.periods import Period
from ..rules.schema import BOOKS, CHECK_NOTE, BookKind
from ..rules.settings import Settings
from . import source as clock
from .marks import (
    MARK_SHEET,
    RESULT_SHEET,
    appended_notes,
    cell_marks,
    computed_blocks,
    locate,
    result_rows,
    status_text,
)
from .report import render_sheets
from .source import BookSource, cells, show
from .writer import (
    clear_marks_sheet,
    tell,
    working,
    write_blocks,
    write_marks,
    write_result_sheet,
)

LANG: Lang = "zh"


def _book(book: xw.Book | None) -> xw.Book:
    return book if book is not None else xw.Book.caller()


def options_for(book: xw.Book) -> Options:
    """The settings come from the workbook's own 参数 sheet; statuses are judged as of now."""
    del book
    return Options(as_of=clock.now())


@dataclass
class CheckedBook:
    source: BookSource
    report: FileReport


# the days a summary is for, or how to find them in the workbook's settings
SpanOf = Span | Callable[[Settings], Span | None]


def check_book(book: xw.Book, options: Options, span: SpanOf | None = None) -> CheckedBook:
    """Read the open workbook once and judge it, as `csbook validate` judges a file;
    `span` (the summary's days, or how to find them in the settings) chooses between two
    sheets of one kind, as `csbook summary` chooses."""
    source = BookSource(book)
    report = check_source(
        source.path,
        lambda: load_source(source, options.as_of.date(), options.overrides, span),
        options,
    )
    return CheckedBook(source, report)


def _summary_span(period: Period | None) -> SpanOf:
    """The days of the summary to make: the period given, else 参数's summary_period (blank:
    none known before the rows are read — the latest month — and R05 says which sheet)."""
    if period is not None:
        return period.first, period.last

    def of_settings(settings: Settings) -> Span | None:
        wanted = settings.summary_period
        return (wanted.first, wanted.last) if wanted is not None else None

    return of_settings


def _failed(book: xw.Book, report: FileReport) -> bool:
    if report.error is None:
        return False
    tell(book, f"无法处理本工作簿：{report.error.zh}")
    return True


def run_check(book: xw.Book, options: Options, computed: bool, lang: Lang = LANG) -> FileReport:
    """校验 (and, with `computed`, 计算): marks, 校验提示, 校验结果 and the status."""
    what = "计算" if computed else "校验"
    working(book, f"csbook：正在{what}…")
    checked = check_book(book, options)
    report, source = checked.report, checked.source
    if _failed(book, report):
        return report
    assert report.book is not None
    active = book.sheets.active
    sheets_before = len(source.sheet_names)
    located = locate(report, source.raws)
    blocks = computed_blocks(report, source.raws, lang, only_notes=not computed)
    write_marks(
        source, cell_marks(located), report.book.sheet_names, appended_notes(report, blocks)
    )
    write_blocks(source, blocks)
    write_result_sheet(source, result_rows(located, source.path.name, options.as_of, lang))
    if len(source.sheet_names) != sheets_before:
        show(active)  # adding a sheet made it the active one
    tell(book, status_text(report.findings, what))
    return report


def validate(book: xw.Book | None = None) -> None:
    """校验: highlight every cell with a finding (errors red, warnings yellow), put the
    messages in each row's 校验提示, list every finding on the 校验结果 sheet with a link to
    its cell, and tell the count of errors and warnings."""
    book = _book(book)
    run_check(book, options_for(book), computed=False)


def compute(book: xw.Book | None = None) -> None:
    """计算: what 校验 does, and the computed columns filled (deadlines, statuses, grades ...)
    exactly as `csbook compute` fills them."""
    book = _book(book)
    run_check(book, options_for(book), computed=True)


def run_clear(book: xw.Book) -> None:
    """清除标记: the highlights, the 校验提示 messages (and the 校验提示 header where 校验
    appended it) and the 校验结果 sheet removed; the sheets look as they did before 校验
    (their own fills and typed values are never touched). The two conditional-format rules
    per sheet stay, showing nothing until the next 校验."""
    source = BookSource(book)
    try:
        loaded = load_source(source, clock.now().date())
    except BookError as e:
        tell(book, f"无法处理本工作簿：{e.zh}")
        return
    appended = clear_marks_sheet(source).notes
    for schema in loaded.schema.sheets:
        layout = loaded.layouts.get(schema.name)
        if layout is None or "check" not in layout.positions:
            continue
        name = loaded.sheet_names[schema.name]
        column = layout.positions["check"] + 1
        first = layout.header_row + 2
        if appended.get(schema.name) == column:
            first -= 1  # the header too, look and all: it was not there before 校验
        last = len(source.read(name).cells)
        if last >= first:
            target = cells(source.sheet(name), first, column, last - first + 1, 1)
            if first <= layout.header_row + 1:
                target.clear()
            else:
                target.clear_contents()
    if source.has(RESULT_SHEET):
        source.sheet(RESULT_SHEET).delete()
    tell(book, f"已清除校验标记（高亮、{CHECK_NOTE}、{RESULT_SHEET}表）")


def clear_marks(book: xw.Book | None = None) -> None:
    """清除标记."""
    run_clear(_book(book))


# ---------------------------------------------------------------------------------------------
# summaries
# ---------------------------------------------------------------------------------------------


def folder_of(here: Path) -> Path | None:
    """The folder the open workbook (`BookSource.path`) is saved in; None for a workbook
    never saved or kept on OneDrive/SharePoint where xlwings cannot name the synced folder
    on this PC."""
    return here.parent if here.is_absolute() and here.parent.is_dir() else None


NO_FOLDER = "本工作簿未保存在本机文件夹中（新建未保存，或在 OneDrive/SharePoint 上无法对应到本机同步文件夹）"


def neighbours(here: Path, kinds: set[str]) -> list[Path] | None:
    """The other workbooks of the given kinds (visits, handover ...) in the open workbook's
    folder, where the department keeps its registers side by side, picked by the template's
    name in the file name (回访登记表…, 交接班记录…); loading them checks their sheets. None
    when the folder is unknown."""
    folder = folder_of(here)
    if folder is None:
        return None
    stems = {b.stem: b.kind for b in BOOKS}
    found = []
    for path in sorted(folder.iterdir()):
        if (
            path == here
            or path.name.startswith("~$")
            or path.suffix.lower() not in WORKBOOK_SUFFIXES
        ):
            continue
        if any(stem in path.stem and kind in kinds for stem, kind in stems.items()):
            found.append(path)
    return found


def summary_file(here: Path, period: Period) -> Path | None:
    """Where 月度汇总 writes: beside the workbook, named after it and the period."""
    folder = folder_of(here)
    if folder is None:
        return None
    return folder / f"{here.stem}-{period.summary_name}-{period.label}.xlsx"


def _period_refused(book: xw.Book, report: FileReport) -> bool:
    """A summary_period that cannot be read is never replaced by a guess (the latest month):
    the press stops on its R02 finding, which names the 参数 cell."""
    bad = report.book.rejected_settings.get("summary_period") if report.book else None
    if bad is None:
        return False
    tell(book, f"无法生成汇总：{bad.sheet} 第{bad.row}行“{bad.column}”：{bad.message()}")
    return True


def run_month_summary(book: xw.Book, options: Options, period: Period | None = None) -> None:
    """月度汇总: the summary of the 参数 sheet's summary_period (blank: the latest month with
    rows) written by the batch writer (`csbook summary`'s own workbook: the same sheets,
    looks and charts) into a workbook beside this one, then opened. A press costs a handful
    of calls into Excel whatever the rows (docs/excel.md says why); pressing again replaces
    the file (closing it first where it is open)."""
    from .. import summary  # imported when the button is pressed

    working(book, "csbook：正在生成汇总…")
    checked = check_book(book, options, _summary_span(period))
    report = checked.report
    if _failed(book, report) or _period_refused(book, report):
        return
    assert report.book is not None
    period = period or report.book.settings.summary_period
    if period is None:
        month = latest_month(report.book.tables)
        if month is None:
            tell(book, "本工作簿还没有任何数据行，无法生成月度汇总")
            return
        period = Period.month(month)
    target = summary_file(checked.source.path, period)
    name = period.summary_name
    if target is None:
        tell(book, f"{NO_FOLDER}，无法在其旁边生成{name}：请先将工作簿保存到本机文件夹")
        return
    made = summary.report_for_books([report.book], period, options.as_of)
    app = book.app
    desktop = app.engine.type == "desktop"  # xlwings Server and Lite open no files
    if desktop:
        with contextlib.suppress(KeyError):  # Excel locks an open file: close it first
            app.books[target.name].close()
    try:
        summary.write_report(made, target)
    except OSError as e:
        tell(book, f"无法写入 {target.name}：{e.strerror or e}（文件是否被其他程序打开？）")
        return
    if not desktop:
        tell(book, f"已生成{period.label}的{name}：{target}")
        return
    app.books.open(str(target))
    tell(book, f"已生成{period.label}的{name}并已打开：{target.name}")


def month_summary(book: xw.Book | None = None) -> None:
    """月度汇总: the period of 参数's summary_period (blank: the latest month with rows)."""
    book = _book(book)
    run_month_summary(book, options_for(book))


def run_penalty_summary(book: xw.Book, options: Options, month: date | None = None) -> None:
    """处罚汇总: the 月处罚汇总 sheet of the penalty workbook, counting the late arrivals of
    the handover logs and the 重复/恶性 complaints of the visit registers kept beside it (in
    the same folder), as `csbook compute --with` does."""
    from .. import penalty_report  # imported when the button is pressed

    checked = check_book(book, options)
    report = checked.report
    if _failed(book, report):
        return
    assert report.book is not None
    if report.book.schema.kind is not BookKind.PENALTIES:
        tell(book, "处罚汇总只能在处罚汇总表中运行")
        return
    # the latest month of any register, leave included; said when the registers differ
    latest = {} if month else penalty_report.latest_months(report.book, options.as_of)
    month = month or penalty_report.summary_month(latest, options.as_of.date())
    if month is None:
        tell(book, "本工作簿还没有任何数据行，无法生成月处罚汇总")
        return
    others: dict[BookKind, list[LoadedBook]] = {BookKind.VISITS: [], BookKind.HANDOVER: []}
    skipped = []
    beside = neighbours(checked.source.path, set(others))
    for path in beside or []:
        try:
            other = load(path, options.as_of.date(), options.overrides)
        except BookError as e:
            skipped.append(f"{path.name}（{e.zh}）")
            continue
        if other.schema.kind in others:
            others[other.schema.kind].append(other)
    # a copy beside its original (回访登记表 - 副本.xlsx) counts once
    kept = penalty_report.without_copies([*others[BookKind.VISITS], *others[BookKind.HANDOVER]])
    others = {kind: [b for b in kept.value if b.schema.kind is kind] for kind in others}
    sheet = penalty_report.month_sheet(
        [report.book],
        others[BookKind.VISITS],
        others[BookKind.HANDOVER],
        month,
        options.as_of,
        set_aside=kept.findings,
    )
    done, problems = render_sheets(checked.source, [sheet])
    if not done:
        tell(book, f"无法生成{sheet.name}：" + "；".join(problems))
        return
    show(done[0])
    used = [b.path.name for kind in (BookKind.HANDOVER, BookKind.VISITS) for b in others[kind]]
    text = f"已生成{month_label(month)}的{sheet.name}"
    if len(set(latest.values())) > 1:
        names = report.book.sheet_names
        each = "、".join(f"{names.get(n, n)}{month_label(m)}" for n, m in latest.items())
        which = "最晚的" if month == max(latest.values()) else "已开始的最晚月份"
        text += f"（各表最近有数据的月份不同：{each}；按其中{which}{month_label(month)}生成）"
    if used:
        text += "，并计入：" + "、".join(used)
    text += "".join(f"；{f.message('zh')}" for f in kept.findings)
    if beside is None:
        text += f"；{NO_FOLDER}，未计入同一文件夹中的交接班记录和回访登记表"
    if skipped:
        text += "；无法读取：" + "、".join(skipped)
    if problems:
        text += "；" + "；".join(problems)
    tell(book, text)


def penalty_summary(book: xw.Book | None = None) -> None:
    """处罚汇总: the 月处罚汇总 of the latest month in which 过失登记, 考勤 or 请假登记 has
    rows."""
    book = _book(book)
    run_penalty_summary(book, options_for(book))


ENTRY_POINTS: dict[str, Callable[[xw.Book | None], None]] = {
    "validate": validate,
    "compute": compute,
    "month_summary": month_summary,
    "penalty_summary": penalty_summary,
    "clear_marks": clear_marks,
}

__all__ = [*ENTRY_POINTS, "MARK_SHEET"]
