"""Writing a copy of a workbook with the computed columns filled (`csbook compute`, SPEC §7).

An .xlsx/.xlsm copy is written surgically: only the cells csbook owns (computed columns,
校验提示) are written into the sheet parts that hold them (`xlsx_cells`), generated sheets
(月处罚汇总) are added or replaced whole (`xlsx_generated`), and every other part of the
package is copied as it was (`xlsx_package`) — VBA, buttons, images, charts, pivot tables,
validations, formats, notes and every formula's cached value included.

An .xls file, or a package that cannot be edited safely (a computed column inside a shared
formula, a damaged part), gets a plain .xlsx copy of its sheets' values with the same cells
written, and the caller is told what that copy lacks.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..rules.context import SheetResult
from ..rules.findings import Finding, Lang
from ..rules.report import Report
from ..rules.schema import ValueKind
from .atomic import replacing
from .report_layout import Style
from .sheets import plan_computed
from .source import BookError, WorkbookFile
from .templates import COMPUTED_BODY_FILL, COMPUTED_HEAD_FILL, NUMBER_FORMATS
from .workbook import LoadedBook
from .xlsx_cells import ColumnValues, SheetCells
from .xlsx_formulas import formulas_in, reads_changed
from .xlsx_generated import put_report
from .xlsx_package import Package, PackageError
from .xlsx_styles import Styles

# number formats of computed values (the Excel buttons use them too)
FORMATS = {
    k: NUMBER_FORMATS[k]
    for k in (ValueKind.DATE, ValueKind.DATETIME, ValueKind.MONEY, ValueKind.INT)
}
# the look of a computed column csbook appends (a template's own columns keep theirs)
APPENDED_HEADER = Style(bold=True, fill=COMPUTED_HEAD_FILL, box=True, center=True)
APPENDED_BODY = Style(fill=COMPUTED_BODY_FILL)
STALE_NOTE = (
    "副本中有公式引用了计算列，文件里保存的公式结果已过时：Excel 打开时会重新计算；"
    "不重新计算的查看器（以及 csbook 再次读取此副本）看到的仍是旧结果"
)
PLAIN_LACKS = (
    "副本只保留了各工作表的单元格值（公式只留结果）、批注和计算列；原文件的格式、列宽、公式、"
    "下拉列表、条件格式、图片、图表、数据透视表、宏与按钮都没有带到副本里"
)


@dataclass
class Written:
    path: Path
    notes: list[str] = field(default_factory=list)  # for staff: what the copy lacks, etc.


def notes_by_row(findings: Iterable[Finding], sheet: str, lang: Lang) -> dict[int, str]:
    """校验提示 text per Excel row: each finding as `[rule] header：message`."""
    rows: dict[int, list[str]] = defaultdict(list)
    for f in findings:
        if f.sheet == sheet and f.row > 0:
            rows[f.row].append(f"[{f.rule}] {f.column}：{f.message(lang)}")
    return {row: "；".join(items) for row, items in rows.items()}


def _needs_format(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(
        value, date | datetime | time | int | float | Decimal
    )


def _fill_sheet(
    sheet: SheetCells,
    styles: Styles,
    book: LoadedBook,
    result: SheetResult,
    findings: list[Finding],
    lang: Lang,
) -> None:
    table = result.table
    layout = book.layouts[table.schema.name]
    header_row = layout.header_row + 1
    plan = plan_computed(layout, table.schema.computed)
    notes = notes_by_row(findings, table.sheet, lang)
    columns = {placed.column for placed in plan.values()}
    n = len(table.rows)
    data = set(table.rows)
    # values an earlier run left in rows that are no longer data rows
    for r in sheet.leftover_rows(columns, header_row, data):
        for column in columns:
            sheet.write(r, column, None)
    # rows set aside as dated after the reference time (R06): not judged, so nothing of an
    # earlier run stays computed there, and their 校验提示 says why
    for r in sorted(notes.keys() - data):
        if r > header_row:
            for column in columns:
                sheet.write(r, column, notes[r] if column == plan["check"][0] else None)
    filled = []
    for col in table.schema.computed:
        column, header = plan[col.key]
        owned = sheet.column_style(column)  # the template's look of its own column
        if header is not None:  # appended: its header carries the program's tag
            sheet.write(header_row, column, header, styles.of(APPENDED_HEADER))
            if owned is None:
                owned = styles.of(APPENDED_BODY)
                sheet.set_width(column, col.width, owned)
        if col.key == "check":
            values: list[Any] = [notes.get(r) for r in table.rows]
        else:
            values = result.computed.get(col.key, [None] * n)
        filled.append(ColumnValues(column, values, owned, _shown(styles, FORMATS.get(col.kind))))
    sheet.write_rows(table.rows, filled)


def _shown(styles: Styles, fmt: str | None) -> Callable[[int | None, Any], int | None]:
    """The look a value takes in a cell of look `style`: a date or a number gets the number
    format `fmt` when that look shows none like it."""
    looks: dict[int | None, int | None] = {}

    def shown(style: int | None, value: Any) -> int | None:
        if fmt is None or not _needs_format(value):
            return style
        if style not in looks:
            looks[style] = style if styles.shows(style, fmt) else styles.with_format(style, fmt)
        return looks[style]

    return shown


def _stale(package: Package, changed: dict[str, set[int]], skip: set[str]) -> bool:
    """Whether a formula outside the written cells may read a changed one."""
    changed = {name: columns for name, columns in changed.items() if columns}
    if not changed:
        return False
    names = package.defined_names()
    for name, part in package.sheet_parts().items():
        if name in skip or not package.has(part):
            continue
        for text, spread in formulas_in(package.read(part)):
            if reads_changed(text, name, changed, names, spread):
                return True
    return False


def _edit(
    package: Package,
    book: LoadedBook,
    results: list[SheetResult],
    findings: list[Finding],
    lang: Lang,
    generated: Report | None,
) -> list[str]:
    styles = Styles(package)
    parts = package.sheet_parts()
    dropped_formula = False
    changed: dict[str, set[int]] = {}
    skip: set[str] = set()  # sheets without a formula that could read a changed cell
    for result in results:
        if not result.table.schema.computed:
            continue
        name = book.sheet_names[result.table.schema.name]
        part = parts.get(name)
        if part is None or not package.has(part):
            raise PackageError(f"找不到工作表“{name}”的内容", f"no part for sheet {name}")
        sheet = SheetCells(package.read(part), package.date1904)
        _fill_sheet(sheet, styles, book, result, findings, lang)
        if sheet.edited:
            package.put(part, sheet.finish())
        dropped_formula = dropped_formula or sheet.dropped_formula
        changed[name] = sheet.changed_columns
        if not sheet.formulas:
            skip.add(name)
    if generated is not None:
        dropped_formula = put_report(package, generated, styles) or dropped_formula
        skip |= {s.name for s in generated.sheets}
    if dropped_formula:
        package.drop_calc_chain()
    if _stale(package, changed, skip):
        package.recalculate_on_open()
        return [STALE_NOTE]
    return []


def _plain_workbook(source: Path, target: Path) -> None:
    """A new .xlsx holding the values of every sheet of `source` (any format calamine reads)."""
    import xlsxwriter  # only for this rare copy

    opened = WorkbookFile(source)
    wb = xlsxwriter.Workbook(
        str(target),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    formats = {
        datetime: wb.add_format({"num_format": NUMBER_FORMATS[ValueKind.DATETIME]}),
        date: wb.add_format({"num_format": NUMBER_FORMATS[ValueKind.DATE]}),
        time: wb.add_format({"num_format": NUMBER_FORMATS[ValueKind.TIME]}),
    }
    for name in opened.sheet_names:
        ws = wb.add_worksheet(name)
        sheet = opened.read(name)
        # the notes too: on the template's computed headers they are the program's mark, which
        # lost would make the next compute of this copy take its own columns for a person's
        for (r, c), text in sheet.notes.items():
            if text:
                ws.write_comment(r, c, text)
        for r, row in enumerate(sheet.cells):
            for c, value in enumerate(row):
                if value == "" or value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif isinstance(value, date | time):
                    ws.write_datetime(r, c, value, formats[type(value)])
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
    wb.close()


def _unused(path: Path) -> Path:
    """`path`, or `stem-2`, `stem-3` ... beside it: the first name no file has."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def write_copy(
    book: LoadedBook,
    results: list[SheetResult],
    findings: list[Finding],
    dest: Path,
    lang: Lang = "zh",
    generated: Report | None = None,
) -> Written:
    """Write `book`'s file to `dest` with every computed column and 校验提示 filled, and the
    generated sheets of `generated` (e.g. 月处罚汇总) in place of any sheets of their names.
    A plain copy (see the module) goes to `dest`, or for an .xlsm to an .xlsx name beside
    it that no file has yet."""
    src = book.path
    if dest.resolve() == src.resolve():
        raise BookError("输出文件不能覆盖输入文件", "the output would overwrite the input")
    reason: PackageError | None = None
    if src.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            package = Package(src)
            notes = _edit(package, book, results, findings, lang, generated)
            with replacing(dest) as tmp:
                package.save(tmp)
            return Written(dest, notes)
        except PackageError as e:
            reason = e
    if dest.suffix.lower() != ".xlsx":  # an .xlsm's copy: a name no file has yet, so that
        dest = _unused(dest.with_suffix(".xlsx"))  # no other input or copy is overwritten
    with tempfile.TemporaryDirectory(prefix="csbook-") as folder:
        plain = Path(folder) / "plain.xlsx"
        _plain_workbook(src, plain)
        package = Package(plain)
        notes = _edit(package, book, results, findings, lang, generated)
        with replacing(dest) as tmp:
            package.save(tmp)
    why = (
        f"“{src.name}”无法原样写入（{reason.zh}），计算副本另存为 {dest.name}"
        if reason is not None
        else f"“{src.name}”是 {src.suffix} 格式，计算副本另存为 .xlsx：{dest.name}"
    )
    return Written(dest, [f"{why}。{PLAIN_LACKS}", *notes])
