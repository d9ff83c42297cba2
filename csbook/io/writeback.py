"""Writing a copy of a workbook with the computed columns filled (`csbook compute`).

The copy goes through openpyxl, which keeps values, styles, validations and comments but
drops form-control buttons and some drawings; that is acceptable for a copy, and the input
file itself is never written. The copy is written whole to a temporary file, then renamed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..rules.context import SheetResult
from ..rules.findings import Finding, Lang
from ..rules.report import Report
from ..rules.schema import Column, Kind
from .atomic import replacing
from .report_xlsx import render
from .sheets import PROGRAM_NOTE, Layout, plan_computed
from .source import BookError
from .workbook import LoadedBook

COMPUTED_FILL = PatternFill("solid", fgColor="E7E6E6")
FORMATS = {
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
    Kind.MONEY: "#,##0.00",
    Kind.INT: "0",
}


def notes_by_row(findings: Iterable[Finding], sheet: str, lang: Lang) -> dict[int, str]:
    """校验提示 text per Excel row: each finding as `[rule] header：message`."""
    rows: dict[int, list[str]] = defaultdict(list)
    for f in findings:
        if f.sheet == sheet and f.row > 0:
            rows[f.row].append(f"[{f.rule}] {f.column}：{f.message(lang)}")
    return {row: "；".join(items) for row, items in rows.items()}


def set_text(cell: Any, text: str) -> None:
    """Text is text: a value starting with = + - @ must never become a formula."""
    cell.value = text
    cell.data_type = "s"


def _excel_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _place_columns(
    ws: Worksheet, header_row: int, layout: Layout, computed: tuple[Column, ...]
) -> dict[str, int]:
    """Each computed column's place (1-based); the headers of appended ones are written,
    marked as the program's."""
    plan = plan_computed(layout, computed)
    for col in computed:
        column, header = plan[col.key]
        if header is None:
            continue
        cell = ws.cell(header_row, column)
        set_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = COMPUTED_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(PROGRAM_NOTE, "csbook")
        ws.column_dimensions[get_column_letter(column)].width = col.width
    return {key: placed.column for key, placed in plan.items()}


def _fill_sheet(
    ws: Worksheet, book: LoadedBook, result: SheetResult, findings: list[Finding], lang: Lang
) -> None:
    table = result.table
    layout = book.layouts[table.schema.name]
    header_row = layout.header_row + 1
    placed = _place_columns(ws, header_row, layout, table.schema.computed)
    notes = notes_by_row(findings, table.sheet, lang)
    data_rows = set(table.rows)
    # stale values from an earlier run in rows that are now blank are cleared
    for column in placed.values():
        for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
            if cell.value is not None and cell.row not in data_rows:
                cell.value = None
    for col in table.schema.computed:
        column = placed[col.key]
        values = result.computed.get(col.key)
        fmt = FORMATS.get(col.kind)
        for i, row in enumerate(table.rows):
            cell = ws.cell(row, column)
            if col.key == "check":
                note = notes.get(row, "")
                set_text(cell, note) if note else setattr(cell, "value", None)
                continue
            value = values[i] if values is not None else None
            if isinstance(value, str):
                set_text(cell, value) if value else setattr(cell, "value", None)
            else:
                cell.value = _excel_value(value)
                if fmt and isinstance(value, date | datetime | Decimal | int):
                    cell.number_format = fmt


def write_copy(
    book: LoadedBook,
    results: list[SheetResult],
    findings: list[Finding],
    dest: Path,
    lang: Lang = "zh",
    generated: Report | None = None,
) -> Path:
    """Write `book`'s file to `dest` with every computed column and 校验提示 filled, and the
    generated sheets of `generated` (e.g. 月处罚汇总) in place of any sheets of their names."""
    src = book.path
    if src.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BookError(
            "只能为 .xlsx / .xlsm 文件生成计算副本，请先另存为 .xlsx",
            "compute needs .xlsx or .xlsm",
        )
    if dest.resolve() == src.resolve():
        raise BookError("输出文件不能覆盖输入文件", "the output would overwrite the input")
    wb = openpyxl.load_workbook(src, keep_vba=src.suffix.lower() == ".xlsm")
    for result in results:
        if result.table.schema.computed:
            _fill_sheet(
                wb[book.sheet_names[result.table.schema.name]], book, result, findings, lang
            )
    if generated is not None:
        render(generated, wb)
    with replacing(dest) as tmp:
        wb.save(tmp)
    return dest
