"""What a button writes, planned in plain Python from a `FileReport` and the sheets as read:
where each finding lands, the highlight marks, the 校验提示 and computed columns as blocks,
and the rows of the 校验结果 sheet. `writer` turns the plan into a few calls into Excel.

Highlights are conditional formats, not cell fills: a cell's own fill is never touched, so
清除标记 gives back exactly the look the sheet had, whatever colours staff use. Each marked
sheet carries two rules (errors, warnings) over the whole sheet, added once; what they show
is driven by the hidden sheet `csbook标记`, where the row of a marked sheet's slot column
lists the marked columns of that row (`|3E|7W|`: column 3 has an error, column 7 a warning).
The rules use only absolute references with ROW() and COLUMN(), so they mean the same
whichever cell is active when Excel stores them. Row 1 of `csbook标记` records which sheet
already has its rules, so that pressing a button twice does not add them twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from ..io.sheets import ColumnPlace, plan_computed
from ..io.source import RawSheet
from ..io.values import DAYS_1904, EXCEL_EPOCH
from ..io.writeback import FORMATS, notes_by_row
from ..pipeline import FileReport
from ..rules.findings import Finding, Lang, Severity
from ..rules.schema import BOOKS, HOLIDAYS_SHEET, SETTINGS_SHEET, Column

MARK_SHEET = "csbook标记"
RESULT_SHEET = "校验结果"
MARK_NOTE = "csbook 校验标记（程序使用，请勿修改）"
# one slot column per sheet that can carry findings, in a fixed order (column B onwards)
SLOTS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [sheet.name for book in BOOKS for sheet in book.sheets]
        + [SETTINGS_SHEET.name, HOLIDAYS_SHEET.name]
    )
)
ERROR_FILL = "#FFC7CE"  # Excel's light red
WARNING_FILL = "#FFEB9C"  # Excel's light yellow
RESULT_HEADER = ("序号", "位置", "工作表", "行", "列", "级别", "规则", "说明")
# column widths of 校验结果: (first column, last column, width)
RESULT_WIDTHS = ((1, 1, 6), (2, 7, 14), (8, 8, 80))
RESULT_FIRST_ROW = 4  # the header row of the findings table
SEVERITY_TEXT = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
_TOKEN = {Severity.ERROR: "E", Severity.WARNING: "W"}


def slot_column(schema_name: str) -> int:
    """The 1-based column of a sheet's slot in `csbook标记`."""
    return SLOTS.index(schema_name) + 2


def rule_formula(schema_name: str, severity: Severity) -> str:
    """The conditional-format formula that lights a cell marked with `severity`."""
    letter = get_column_letter(slot_column(schema_name))
    return (
        f'=ISNUMBER(FIND("|"&COLUMN()&"{_TOKEN[severity]}|",'
        f"INDEX('{MARK_SHEET}'!${letter}:${letter},ROW())))"
    )


def safe_text(text: str) -> str:
    """Text written into a cell stays text: Excel would take a leading = + - @ as a formula,
    so such text gets Excel's own text prefix (an apostrophe, not shown in the cell)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def cell_value(value: Any, date1904: bool = False) -> Any:
    """A computed value as written into a cell: dates as serial numbers of the workbook's
    date system (`date1904`: Excel for Mac's; the column's number format shows them),
    amounts as numbers, text as text, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    shift = DAYS_1904 if date1904 else 0
    if isinstance(value, datetime):
        delta = value - EXCEL_EPOCH
        return delta.days - shift + delta.seconds / 86400
    if isinstance(value, date):
        return (value - EXCEL_EPOCH.date()).days - shift
    return safe_text(str(value))


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def link_formula(sheet: str, row: int, column: int) -> str:
    """A link-like reference to a cell: clicking it goes there."""
    address = f"{get_column_letter(column)}{row}"
    target = f"#{quote_sheet(sheet)}!{address}".replace('"', '""')
    label = f"{sheet}!{address}".replace('"', '""')
    return f'=HYPERLINK("{target}","{label}")'


@dataclass
class Located:
    """A finding and the cell it is about: `sheet` is the sheet's name in the workbook (None
    when the workbook has no such sheet), `column` is None when no cell can be named."""

    finding: Finding
    sheet: str | None
    schema: str | None
    row: int
    column: int | None


def _header_columns(raw: RawSheet, header_row: int) -> dict[str, int]:
    found: dict[str, int] = {}
    if header_row < len(raw.cells):
        for c, cell in enumerate(raw.cells[header_row]):
            text = str(cell).strip() if cell is not None else ""
            if text:
                found.setdefault(text, c + 1)
    return found


def locate(report: FileReport, raws: Mapping[str, RawSheet]) -> list[Located]:
    """Every finding of the report with the cell it points at."""
    book = report.book
    if book is None:
        return []
    schema_of = {file_name: schema for schema, file_name in book.sheet_names.items()}
    columns: dict[str, dict[str, int]] = {}
    out = []
    for f in report.findings:
        sheet = f.sheet if f.sheet in schema_of else book.sheet_names.get(f.sheet)
        schema = schema_of.get(sheet) if sheet else None
        column = None
        if sheet is not None and schema is not None and f.row > 0 and f.column:
            if sheet not in columns:
                layout = book.layouts.get(schema)
                raw = raws.get(sheet)
                columns[sheet] = _header_columns(raw, layout.header_row) if layout and raw else {}
                table = book.tables.get(schema)
                if layout and table:  # the column the reader chose, where two share a header
                    columns[sheet].update(
                        {text: layout.positions[key] + 1 for key, text in table.headers.items()}
                    )
            column = columns[sheet].get(f.column.strip())
            if column is not None and f.row <= book.layouts[schema].header_row + 1:
                column = None  # a header finding names a header that is not there
        out.append(Located(f, sheet, schema, f.row, column))
    return out


def cell_marks(located: list[Located]) -> dict[str, dict[int, dict[int, Severity]]]:
    """Schema sheet -> Excel row -> column -> the worst severity found in that cell."""
    marks: dict[str, dict[int, dict[int, Severity]]] = {}
    for item in located:
        if item.column is None or item.schema not in SLOTS:
            continue
        row = marks.setdefault(item.schema, {}).setdefault(item.row, {})
        if row.get(item.column) is not Severity.ERROR:
            row[item.column] = item.finding.severity
    return marks


def mark_text(columns: Mapping[int, Severity]) -> str:
    return "|" + "|".join(f"{c}{_TOKEN[columns[c]]}" for c in sorted(columns)) + "|"


# in a slot's state cell, the sheet's name and, when 校验 appended the 校验提示 header, its
# column: `回访登记/18` ("/" cannot occur in a sheet name)
_STATE_SEP = "/"


@dataclass
class MarkState:
    """Row 1 of `csbook标记`: per slot, the sheet whose two rules are in place and the column
    where 校验 appended a 校验提示 header (清除标记 takes it away again); and how many rows
    and columns the sheet holds (to blank stale marks)."""

    installed: dict[str, str] = field(default_factory=dict)  # schema name -> sheet name
    notes: dict[str, int] = field(default_factory=dict)  # schema name -> appended column
    rows: int = 0
    width: int = 0

    @classmethod
    def read(cls, raw: RawSheet | None) -> MarkState:
        if raw is None or not raw.cells:
            return cls()
        first = raw.cells[0]
        state = cls(rows=len(raw.cells), width=max(len(r) for r in raw.cells))
        for schema in SLOTS:
            c = slot_column(schema) - 1
            if c < len(first) and isinstance(first[c], str) and first[c].strip():
                name, _, column = first[c].strip().partition(_STATE_SEP)
                state.installed[schema] = name
                if column.isdigit():
                    state.notes[schema] = int(column)
        return state

    def adopt(self, sheet_names: Mapping[str, str], present: set[str]) -> None:
        """A sheet renamed since its rules were added keeps them (conditional formats
        travel with the sheet): where the sheet recorded is gone and the schema's sheet now
        has another name, the record follows the new name instead of a second pair of rules
        being added. (A sheet deleted and made anew under another name cannot be told from
        a renamed one; its cells then show no highlight, while 校验提示 and 校验结果 still
        list every finding.)"""
        for schema, recorded in list(self.installed.items()):
            current = sheet_names.get(schema)
            if current is not None and current != recorded and recorded not in present:
                self.installed[schema] = current

    def cell(self, schema: str) -> str:
        text = self.installed.get(schema, "")
        if text and schema in self.notes:
            text += f"{_STATE_SEP}{self.notes[schema]}"
        return text


def mark_block(
    marks: Mapping[str, Mapping[int, Mapping[int, Severity]]], state: MarkState
) -> list[list[str]]:
    """The whole of `csbook标记` from A1: the state row, then one row per sheet row; rows
    that held marks before and hold none now are blanked."""
    last = max([1, state.rows, *(max(rows, default=1) for rows in marks.values())])
    width = max(slot_column(schema) for schema in [SLOTS[0], *marks, *state.installed])
    width = max(width, state.width)
    block = [[""] * width for _ in range(last)]
    block[0][0] = MARK_NOTE
    for schema in state.installed:
        block[0][slot_column(schema) - 1] = state.cell(schema)
    for schema, rows in marks.items():
        c = slot_column(schema) - 1
        for row, columns in rows.items():
            if row > 1:
                block[row - 1][c] = mark_text(columns)
    return block


@dataclass
class ColumnBlock:
    """Values for consecutive columns of one sheet, from `first_row` down; `headers` (when
    given) go in the row above, for columns the program appends."""

    sheet: str
    first_row: int
    first_column: int
    values: list[list[Any]]
    headers: list[str] | None = None
    formats: dict[int, str] = field(default_factory=dict)  # column -> number format
    appended: dict[str, int] = field(default_factory=dict)  # key -> column it is added at

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.values) - 1


def computed_blocks(
    report: FileReport,
    raws: Mapping[str, RawSheet],
    lang: Lang = "zh",
    only_notes: bool = False,
) -> list[ColumnBlock]:
    """The 校验提示 column (and, unless `only_notes`, every computed column) of each judged
    sheet, as blocks of adjacent columns covering every row below the header: values in the
    data rows, blanks elsewhere (stale values of an earlier run are cleared)."""
    book = report.book
    if book is None:
        return []
    findings = report.findings
    blocks: list[ColumnBlock] = []
    for result in report.results:
        table = result.table
        schema = table.schema
        wanted = tuple(c for c in schema.computed if not only_notes or c.key == "check")
        raw = raws.get(book.sheet_names.get(schema.name, ""))
        if not wanted or raw is None or schema.name not in book.layouts:
            continue
        layout = book.layouts[schema.name]
        first = layout.header_row + 2
        last = max(len(raw.cells), max(table.rows, default=0))
        if last < first:
            continue
        index = {row: i for i, row in enumerate(table.rows)}
        notes = notes_by_row(findings, table.sheet, lang)
        placed = plan_computed(layout, schema.computed)  # all of them: as 计算 places them
        by_column = sorted((placed[c.key].column, c) for c in wanted)
        run: list[tuple[int, Column]] = []
        for column, col in by_column:
            if run and column != run[-1][0] + 1:
                blocks.append(
                    _block(table.sheet, first, last, run, placed, result, index, notes, raw)
                )
                run = []
            run.append((column, col))
        if run:
            blocks.append(_block(table.sheet, first, last, run, placed, result, index, notes, raw))
    return blocks


def _block(
    sheet: str,
    first: int,
    last: int,
    run: list[tuple[int, Column]],
    placed: dict[str, ColumnPlace],
    result: Any,
    index: dict[int, int],
    notes: dict[int, str],
    raw: RawSheet,
) -> ColumnBlock:
    columns = []
    for _, col in run:
        if col.key == "check":
            columns.append(
                [safe_text(notes[r]) if r in notes else "" for r in range(first, last + 1)]
            )
            continue
        values = result.computed.get(col.key)
        column = []
        for r in range(first, last + 1):
            i = index.get(r)
            column.append(
                "" if i is None or values is None else cell_value(values[i], raw.date1904)
            )
        columns.append(column)
    rows = [list(row) for row in zip(*columns, strict=True)]
    headers = [placed[col.key].header for _, col in run]
    return ColumnBlock(
        sheet,
        first,
        run[0][0],
        rows,
        # an owned column right before appended ones keeps its header text
        headers=[h or col.header for h, (_, col) in zip(headers, run, strict=True)]
        if any(headers)
        else None,
        formats={c: FORMATS[col.kind] for c, col in run if col.kind in FORMATS},
        appended={col.key: c for c, col in run if placed[col.key].header},
    )


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return errors, len(findings) - errors


def result_rows(
    located: list[Located], file_name: str, as_of: datetime, lang: Lang = "zh"
) -> list[list[Any]]:
    """The 校验结果 sheet from A1: a title, the counts, then one row per finding with a link
    to its cell (or to its row, or its sheet, when that is all there is)."""
    errors, warnings = counts([item.finding for item in located])
    rows: list[list[Any]] = [
        [f"校验结果：{file_name}"] + [""] * (len(RESULT_HEADER) - 1),
        [f"校验时间 {as_of:%Y-%m-%d %H:%M}　共 {errors} 个错误，{warnings} 个警告"]
        + [""] * (len(RESULT_HEADER) - 1),
        [""] * len(RESULT_HEADER),
        list(RESULT_HEADER),
    ]
    for n, item in enumerate(located, start=1):
        f = item.finding
        link: Any = ""
        if item.sheet is not None:
            row = item.row if item.row > 0 else 1
            link = link_formula(item.sheet, row, item.column or 1)
        rows.append(
            [
                n,
                link,
                safe_text(item.sheet or f.sheet),
                f.row if f.row > 0 else "",
                safe_text(f.column),
                SEVERITY_TEXT[f.severity],
                f.rule,
                safe_text(f.message(lang)),
            ]
        )
    if not located:
        rows.append(["", "（无）"] + [""] * (len(RESULT_HEADER) - 2))
    return rows


def status_text(findings: list[Finding], what: str = "校验") -> str:
    errors, warnings = counts(findings)
    if not findings:
        return f"{what}完成：没有发现问题"
    return f"{what}完成：{errors} 个错误，{warnings} 个警告（详见“{RESULT_SHEET}”表）"


def appended_notes(report: FileReport, blocks: list[ColumnBlock]) -> dict[str, int]:
    """Schema sheet -> the column where this press appends the 校验提示 header (a register
    without that column), so that 清除标记 can take it away again."""
    if report.book is None:
        return {}
    schema_of = {sheet: schema for schema, sheet in report.book.sheet_names.items()}
    return {
        schema_of[block.sheet]: block.appended["check"]
        for block in blocks
        if "check" in block.appended and block.sheet in schema_of
    }
