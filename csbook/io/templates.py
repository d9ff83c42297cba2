"""Blank template workbooks (SPEC §1): the three registers laid out from the schema.

Written with XlsxWriter, which alone can embed a VBA project and form-control buttons:
`build_template(..., vba_project=..., buttons=...)` makes the `.xlsm` (csbook.vba.build).
The output is byte-for-byte reproducible (fixed document dates, fixed zip timestamps), so
the committed files under `templates/` can be checked against a fresh build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..rules.catalogue import CATALOGUE
from ..rules.schema import (
    BOOKS,
    CATALOGUE_SHEET,
    HOLIDAYS_SHEET,
    SETTINGS_SHEET,
    YES_NO,
    Book,
    BookKind,
    Column,
    SheetSchema,
    ValueKind,
)
from ..rules.settings import SETTING_NOTES, Settings, display
from .print_fit import MARGIN_INCH, fit_width, wrapped_height, wrapped_lines
from .sheets import PROGRAM_NOTE

if TYPE_CHECKING:  # XlsxWriter is imported only to build a template: compute needs the formats
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

TEMPLATE_FILES: dict[BookKind, str] = {
    BookKind.VISITS: "回访登记表.xlsx",
    BookKind.HANDOVER: "交接班记录.xlsx",
    BookKind.PENALTIES: "处罚汇总表.xlsx",
}

REQUIRED_NOTE = "必填"
HOLIDAYS_NOTE = "日历默认采用国家公布的节假日和调休安排；此表可增补或更正：休=休息日，班=调休上班日"

VALIDATION_ROWS = 5000  # dropdowns on rows 2..5001
CREATED = datetime(2026, 1, 1)
AUTHOR = "csbook"

NUMBER_FORMATS: dict[ValueKind, str] = {
    ValueKind.DATE: "yyyy-mm-dd",
    ValueKind.DATETIME: "yyyy-mm-dd hh:mm",
    ValueKind.TIME: "hh:mm",
    ValueKind.MONTH: "yyyy-mm",
    ValueKind.MONEY: "#,##0.00",
    ValueKind.INT: "0",
    ValueKind.COUNT: "0",
}
# identifiers typed as digits: keep them text so leading zeros survive
TEXT_HEADERS = frozenset({"联系电话", "工号", "投诉编号", "关联投诉编号"})
PERCENT_SETTINGS = frozenset({"followup_rate_target", "warning_cut", "probation_cut"})
# the lists behind the settings-driven dropdowns (满意度, 投诉类别, 班次) are the defaults
_DEFAULTS = Settings()

_INPUT_FILL = "#DDEBF7"
COMPUTED_HEAD_FILL = "BFBFBF"  # the look of csbook's own columns, also where compute appends them
COMPUTED_BODY_FILL = "EDEDED"
_COMPUTED_HEAD_FILL = f"#{COMPUTED_HEAD_FILL}"
_COMPUTED_BODY_FILL = f"#{COMPUTED_BODY_FILL}"
_REQUIRED_FONT = "#C00000"
_WRAP_WIDTH = 20  # text columns this wide wrap long entries
_HEADER_HEIGHT = 24  # points

# Buttons (macro workbooks): a band on top of row 1, which stays the header row, frozen, so
# the buttons never scroll away vertically and sit over columns A.. where the sheet opens;
# the header texts move to the bottom of the taller row, below the band. Sizes in pixels.
BUTTON_BAND = 24  # points added to row 1 (32 pixels)
BUTTON_WIDTH = 80
BUTTON_HEIGHT = 24
BUTTON_GAP = 8
BUTTON_TOP = 4

# The 参数 sheet as the template lays it out, with widths fit for the long notes.
_SETTINGS_COLUMNS: tuple[Column, ...] = (
    replace(SETTINGS_SHEET.column("key"), width=24),
    replace(SETTINGS_SHEET.column("name"), width=22),
    replace(SETTINGS_SHEET.column("value"), width=34),
    replace(SETTINGS_SHEET.column("note"), width=60),
)


def percent(value: Decimal) -> str:
    """A fraction as staff write it: Decimal("0.2") → "20%", Decimal(1) → "100%"."""
    return f"{(value * 100).normalize():f}%"


def setting_text(settings: Settings, key: str) -> str:
    """A setting's value as the 参数 sheet shows it (always text)."""
    value = getattr(settings, key)
    if key in PERCENT_SETTINGS and isinstance(value, Decimal):
        return percent(value)
    return display(value)


def column_choices(col: Column, settings: Settings) -> tuple[str, ...]:
    """The dropdown list of a CHOICE or BOOL column (empty: no dropdown)."""
    if col.kind is ValueKind.BOOL:
        return YES_NO
    if col.kind is ValueKind.CHOICE:
        return settings.choices(col.choices_setting) if col.choices_setting else col.choices
    return ()


def _wraps(col: Column) -> bool:
    return col.kind is ValueKind.TEXT and col.width >= _WRAP_WIDTH


def _fit_height(ws: Worksheet, r: int, texts: Iterable[tuple[Any, float]]) -> None:
    """Row `r` as tall as the longest of `texts` (value, width of its wrapped column) needs:
    LibreOffice prints a row at its stored height, its wrapped text over the next row's.
    Only text longer than its column holds is measured (a character is at most two wide):
    big registers build as fast."""
    lines = 1
    for value, width in texts:
        if type(value) is str and 2 * len(value) > width - 2:
            lines = max(lines, wrapped_lines(value, width))
    if lines > 1:
        ws.set_row(r, wrapped_height(lines))


class _Styles:
    """The workbook's formats, made once and shared (XlsxWriter dedupes them anyway)."""

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]

    def header(self, col: Column, computed: bool, valign: str = "vcenter") -> Format:
        props: dict[str, Any] = {
            "bold": True,
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": valign,
            "bg_color": _COMPUTED_HEAD_FILL if computed else _INPUT_FILL,
        }
        if col.required and not computed:
            props["font_color"] = _REQUIRED_FONT
        return self.get(**props)

    def body(self, col: Column, computed: bool) -> Format:
        # every cell at the top: a row made taller for wrapped text reads as one line
        props: dict[str, Any] = {"valign": "top"}
        if col.kind in NUMBER_FORMATS:
            props["num_format"] = NUMBER_FORMATS[col.kind]
        elif col.kind is ValueKind.TEXT and col.header in TEXT_HEADERS:
            props["num_format"] = "@"
        if _wraps(col):
            props["text_wrap"] = True
        if computed:
            props["bg_color"] = _COMPUTED_BODY_FILL
        return self.get(**props)


def _validation(ws: Worksheet, c: int, col: Column, choices: Sequence[str]) -> None:
    values = "、".join(choices)
    if col.kind is ValueKind.BOOL:
        message = "请填 是 或 否（Y/N、✓ 等写法程序也能识别）。"
    else:
        message = f"可选：{values}。\n常见的同义写法程序会自动统一；确认要保留此值吗？"
    ws.data_validation(
        1,
        c,
        VALIDATION_ROWS,
        c,
        {
            "validate": "list",
            "source": list(choices),
            "ignore_blank": True,
            "error_type": "warning",
            "error_title": f"{col.header}：不在列表中",
            "error_message": message,
        },
    )


# Print: landscape A4 between 0.4" margins, as `print_fit` decides: one page wide while the
# text stays at 8 pt or more, else as few pages wide as keep it there, each repeating the
# leading columns that name a row. Print-title columns are one block from column A and the
# SPEC's column order stays, so a register repeats the leading run of these keys that keeps to
# those pages: 回访登记 回访日期 and 客户单位 (its 回访人 stands 16th, behind contact, phone and
# visit details, and could only be repeated with all of them, more than a page; it prints on
# the second page, beside the repeated date and client), 投诉登记 投诉编号 and 受理时间 (客户
# too would take a third page; the number names the complaint), 交接班 日期, 班次, 交班人 and
# 接班人, 过失登记 日期, 工号 and 姓名, 请假登记 工号 and 姓名.
PRINT_KEYS = frozenset(
    {"visit_date", "client", "complaint_id", "received_at"}
    | {"date", "shift", "from_staff", "to_staff", "month", "staff_id", "name"}
)


def print_keys(columns: Sequence[Column]) -> int:
    """How many leading columns name a row (repeated on each page printed across)."""
    keys = 0
    while keys < len(columns) and columns[keys].key in PRINT_KEYS:
        keys += 1
    return keys


def _print_setup(ws: Worksheet, title: str, sheet_name: str, columns: Sequence[Column]) -> None:
    fit = fit_width([c.width for c in columns], print_keys(columns))
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.repeat_rows(0)
    if fit.title_columns:
        ws.repeat_columns(0, fit.title_columns - 1)
    ws.fit_to_pages(fit.pages_wide, 0)
    ws.set_margins(left=MARGIN_INCH, right=MARGIN_INCH, top=0.6, bottom=0.6)
    ws.set_header(f"&C{title} — {sheet_name}", {"margin": 0.25})
    ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.25})


def _lay_out(
    ws: Worksheet,
    styles: _Styles,
    title: str,
    name: str,
    columns: Sequence[Column],
    computed: Sequence[Column] = (),
    band: float = 0,
) -> None:
    """Headers, widths, body formats, dropdowns, freeze, filter and print setup; `band`
    points on top of the header row for buttons (the header text then sits at its bottom)."""
    ws.set_row(0, _HEADER_HEIGHT + band)
    valign = "bottom" if band else "vcenter"
    everything = [(col, False) for col in columns] + [(col, True) for col in computed]
    for c, (col, is_computed) in enumerate(everything):
        ws.set_column(c, c, col.width, styles.body(col, is_computed))
        ws.write_string(0, c, col.header, styles.header(col, is_computed, valign))
        if is_computed:
            ws.write_comment(0, c, PROGRAM_NOTE)
        else:
            remarks = [REQUIRED_NOTE] if col.required else []
            remarks += [col.note] if col.note else []
            if remarks:
                ws.write_comment(0, c, "；".join(remarks))
        choices = () if is_computed else column_choices(col, _DEFAULTS)
        if choices:
            _validation(ws, c, col, choices)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, 0, len(everything) - 1)
    _print_setup(ws, title, name, [col for col, _ in everything])


def _write(ws: Worksheet, r: int, c: int, value: Any, fmt: Format | None) -> None:
    """One typed cell; text is always written as text (never as a formula)."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否", fmt)
    elif isinstance(value, datetime | date | time):
        ws.write_datetime(r, c, value, fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(r, c, float(value), fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _buttons(ws: Worksheet, buttons: Sequence[tuple[str, str]]) -> None:
    """Form-control buttons (caption, macro) in a row across the band on top of row 1."""
    for i, (caption, macro) in enumerate(buttons):
        ws.insert_button(
            0,
            0,
            {
                "caption": caption,
                "macro": macro,
                "description": f"csbook：{caption}",
                "width": BUTTON_WIDTH,
                "height": BUTTON_HEIGHT,
                "x_offset": BUTTON_GAP + i * (BUTTON_WIDTH + BUTTON_GAP),
                "y_offset": BUTTON_TOP,
            },
        )


def _register(
    ws: Worksheet,
    styles: _Styles,
    book: Book,
    sheet: SheetSchema,
    rows: Sequence[Mapping[str, Any]],
    buttons: Sequence[tuple[str, str]] = (),
) -> None:
    band = BUTTON_BAND if buttons else 0
    _lay_out(ws, styles, book.stem, sheet.name, sheet.columns, sheet.computed, band)
    _buttons(ws, buttons)
    _rows(ws, sheet.columns, rows, [styles.body(col, False) for col in sheet.columns])
    if sheet.name == CATALOGUE_SHEET.name:
        columns = {col.key: col for col in sheet.columns}
        for r, offence in enumerate(CATALOGUE, start=1):
            ws.write_string(r, 0, offence.code)
            ws.write_string(r, 1, offence.tier.value)
            ws.write_string(r, 2, offence.description)
            if offence.money_rule:
                ws.write_string(r, 3, offence.money_rule)
            _fit_height(ws, r, [(offence.description, columns["description"].width)])
        ws.autofilter(0, 0, len(CATALOGUE), len(sheet.columns) - 1)


def _rows(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    formats: Sequence[Format],
) -> None:
    """Typed rows under the header, each as tall as its wrapped long text needs."""
    wrapped = [col for col in columns if _wraps(col)]
    for r, row in enumerate(rows, start=1):
        for c, col in enumerate(columns):
            _write(ws, r, c, row.get(col.key), formats[c])
        _fit_height(ws, r, [(row.get(col.key), col.width) for col in wrapped])


def _settings_sheet(ws: Worksheet, styles: _Styles, book: Book, settings: Settings) -> None:
    _lay_out(ws, styles, book.stem, SETTINGS_SHEET.name, _SETTINGS_COLUMNS)
    # values stay text however staff retype them: "20%" must not become 0.2, "08:00" a time
    text = styles.get(num_format="@", text_wrap=True, valign="top")
    ws.set_column(2, 2, _SETTINGS_COLUMNS[2].width, text)
    for r, (key, (label, note)) in enumerate(SETTING_NOTES.items(), start=1):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, label)
        value = setting_text(settings, key)
        if value:
            ws.write_string(r, 2, value, text)
        else:
            ws.write_blank(r, 2, None, text)
        ws.write_comment(r, 2, note, {"x_scale": 1.5})
        ws.write_string(r, 3, note)
        widths = (c.width for c in _SETTINGS_COLUMNS)
        _fit_height(ws, r, zip((key, label, value, note), widths, strict=True))


def _holidays_sheet(
    ws: Worksheet, styles: _Styles, book: Book, rows: Sequence[Mapping[str, Any]]
) -> None:
    _lay_out(ws, styles, book.stem, HOLIDAYS_SHEET.name, HOLIDAYS_SHEET.columns)
    formats = [styles.body(col, False) for col in HOLIDAYS_SHEET.columns]
    _rows(ws, HOLIDAYS_SHEET.columns, rows, formats)
    ws.write_comment(0, 0, HOLIDAYS_NOTE, {"x_scale": 2, "y_scale": 1.5})


def book_for(kind: BookKind) -> Book:
    for book in BOOKS:
        if book.kind == kind:
            return book
    raise ValueError(f"unknown workbook kind {kind!r}: expected one of {list(TEMPLATE_FILES)}")


def sheet_names(book: Book) -> list[str]:
    """The template's sheets in order (their VBA code names are Sheet1, Sheet2 ...)."""
    names = [sheet.name for sheet in book.sheets]
    if book.settings_sheet:
        names.append(SETTINGS_SHEET.name)
    names.append(HOLIDAYS_SHEET.name)
    return names


def build_template(
    kind: BookKind,
    path: Path,
    vba_project: Path | bytes | None = None,
    *,
    buttons: Sequence[tuple[str, str]] = (),
    settings: Settings | None = None,
    rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Path:
    """Write the blank template of workbook `kind` to `path` and return the path written.

    `settings` fills 参数 (default: the sources' defaults); `rows` (sheet name -> rows as
    {column key: value}) fills input sheets — the sample workbooks are built this way.

    With `vba_project` (a vbaProject.bin, its path or bytes) the file is a macro workbook:
    the suffix becomes `.xlsm` and the workbook and sheets get the code names ThisWorkbook,
    Sheet1, Sheet2 ... (`sheet_names` order). `buttons` (caption, macro name) go on top of
    every input sheet.
    """
    import xlsxwriter  # here: reading and computing never load it

    book = book_for(kind)
    path = Path(path)
    if vba_project is not None:
        path = path.with_suffix(".xlsm")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    wb.set_properties(
        {
            "title": book.stem,
            "subject": f"{book.stem}模板",
            "author": AUTHOR,
            "company": AUTHOR,
            "comments": "由 csbook 生成的空白模板",
            "created": CREATED,
        }
    )
    styles = _Styles(wb)

    sheets: list[Worksheet] = []

    def add(name: str) -> Worksheet:
        ws = wb.add_worksheet(name)
        ws.set_comments_author(AUTHOR)
        sheets.append(ws)
        return ws

    rows = rows or {}
    for sheet in book.sheets:
        _register(add(sheet.name), styles, book, sheet, rows.get(sheet.name, ()), buttons)
    if book.settings_sheet:
        _settings_sheet(add(SETTINGS_SHEET.name), styles, book, settings or _DEFAULTS)
    _holidays_sheet(add(HOLIDAYS_SHEET.name), styles, book, rows.get(HOLIDAYS_SHEET.name, ()))

    if vba_project is not None:
        if isinstance(vba_project, bytes):
            wb.add_vba_project(BytesIO(vba_project), is_stream=True)
        else:
            wb.add_vba_project(str(vba_project))
        wb.set_vba_name("ThisWorkbook")
        for n, ws in enumerate(sheets, start=1):
            ws.set_vba_name(f"Sheet{n}")
    sheets[0].activate()
    wb.close()
    return path


def build_all(directory: Path) -> list[Path]:
    """Write the three templates into `directory`; returns their paths."""
    directory = Path(directory)
    return [build_template(kind, directory / name) for kind, name in TEMPLATE_FILES.items()]
