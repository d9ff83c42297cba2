"""From a raw sheet to a `Table`: find the header row, map headers to keys, skip blank
rows, normalise each column, and report unreadable cells (R02/R03) and missing headers (R04).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import compress
from operator import itemgetter, not_
from typing import Any, NamedTuple

from ..rules.findings import Checked, Finding, finding
from ..rules.schema import Column, SheetSchema, ValueKind
from ..rules.settings import Settings
from ..rules.table import Table
from ..rules.text import denies_act, row_ranges, squeeze
from ..rules.typed_columns import JUDGED_KEYS
from . import values
from .source import RawSheet

HEADER_SCAN_ROWS = 15  # staff put a title or a note above the header row
# The program's mark on the header of a column it owns (SPEC §1.0): the note the templates put
# on their computed headers, or this tag in the text of a header the program added (a tag
# survives every writer and every engine; `header_key` reads it as a remark in brackets).
PROGRAM_NOTE = "由 csbook 计算填写，请勿手工修改"
PROGRAM_TAG = "（程序计算）"
_HEADER_NOISE = re.compile(r"[(\[【<][^)\]】>]*[)\]】>]|[*:：※]")

Parser = Callable[[Any, date], Any]


def header_key(text: str) -> str:
    """A header as compared: no spaces, half-width, no bracketed remark, no `*` or `:`."""
    return _HEADER_NOISE.sub("", squeeze(text))


@dataclass
class HeaderLayout:
    """Where things are in the sheet as found: what compute needs to write back."""

    header_row: int  # 0-based index into the raw rows
    positions: dict[str, int]  # key -> 0-based column index (input and computed)
    width: int  # number of columns in use
    # a moment typed in two columns (受理日期 | 受理时间): key -> the second column
    parts: dict[str, int] = field(default_factory=dict)
    # a person's own column under a computed header (SPEC §1.0): key -> its column; the
    # program never writes there, and its own column for the key is in `positions` or appended
    typed: dict[str, int] = field(default_factory=dict)
    # two columns naming one thing (回访人 and 客服): key -> the columns not read, compared
    # with the one that is (`R02.two_columns`)
    others: dict[str, list[int]] = field(default_factory=dict)


class ColumnPlace(NamedTuple):
    column: int  # 1-based
    header: str | None  # the header the program writes when it appends the column


def appended_header(col: Column) -> str:
    """The header of a computed column the program adds: marked as the program's."""
    return col.header + PROGRAM_TAG


def _lookup(schema: SheetSchema) -> dict[str, str]:
    table: dict[str, str] = {}
    for col in (*schema.columns, *schema.computed):
        for name in (col.header, *col.synonyms):
            table.setdefault(header_key(name), col.key)
    return table


def _filled_cells(raw: RawSheet, below: int, column: int) -> int:
    return sum(
        1
        for row in raw.cells[below + 1 :]
        if column < len(row) and not values.is_blank(row[column])
    )


def plan_computed(layout: HeaderLayout, computed: tuple[Column, ...]) -> dict[str, ColumnPlace]:
    """Where every computed column goes and, when the program appends it, the header it
    writes: under its own header where the sheet has one the program owns, else in the next
    free columns right of everything in use, in the schema's order (so beside a person's own
    column of that header, never in it). `csbook compute` and the Excel buttons both place
    by it."""
    placed: dict[str, ColumnPlace] = {}
    next_free = layout.width + 1
    for col in computed:
        if col.key in layout.positions:
            placed[col.key] = ColumnPlace(layout.positions[col.key] + 1, None)
        else:
            placed[col.key] = ColumnPlace(next_free, appended_header(col))
            next_free += 1
    return placed


def _programs(raw: RawSheet, header_row: int, column: int) -> bool:
    """Whether a header carries the program's mark: its note (a note whose text the engine
    cannot read counts: only computed headers are asked), or the tag of an added header."""
    if (header_row, column) in raw.notes:
        text = raw.notes[(header_row, column)]
        if text is None or PROGRAM_NOTE in text:
            return True
    header = raw.cells[header_row][column]
    return isinstance(header, str) and squeeze(PROGRAM_TAG) in squeeze(header)


def _own_columns(
    raw: RawSheet, header_row: int, schema: SheetSchema, found: dict[str, list[int]]
) -> tuple[dict[str, int], dict[str, int]]:
    """For each computed header the sheet has: the program's column (a marked header) and a
    person's own column (an unmarked one holding typed values, the fullest). An unmarked
    column that is empty holds nothing a person typed, but it is not the program's either:
    the program appends its own column rather than take over a header someone made."""
    programs: dict[str, int] = {}
    persons: dict[str, int] = {}
    for col in schema.computed:
        columns = found.get(col.key, [])
        marked = [c for c in columns if _programs(raw, header_row, c)]
        if marked:
            programs[col.key] = marked[0]
        typed = [
            (n, -c) for c in columns if c not in marked and (n := _filled_cells(raw, header_row, c))
        ]
        if typed:
            persons[col.key] = -max(typed)[1]
    return programs, persons


def _row_keys(
    row: list[Any], above: list[Any], lookup: dict[str, str]
) -> tuple[dict[str, list[int]], bool]:
    """Known keys named in a row: key -> its columns; and whether any was named under a
    parent header in the row above (a two-row header: "承诺" over "解决方法 | 期限")."""
    found: dict[str, list[int]] = {}
    parent, joined = "", False
    for c, cell in enumerate(row):
        if c < len(above) and isinstance(above[c], str) and above[c].strip():
            parent = above[c]
        if not (isinstance(cell, str) and cell.strip()):
            continue
        key = lookup.get(header_key(parent + cell)) if parent else None
        joined = joined or key is not None
        key = key or lookup.get(header_key(cell))
        if key is not None:
            found.setdefault(key, []).append(c)
    return found, joined


def locate_headers(raw: RawSheet, schema: SheetSchema) -> HeaderLayout | None:
    """The header row is the one among the first rows that names most known columns; when
    the row under it names more under parent headers, the header is two rows deep.

    Two columns naming the same thing: a moment's date and time columns (受理日期 and 受理时间)
    are read together; otherwise the fuller column counts (the template's old column left
    empty and hidden, a new one filled beside it)."""
    lookup = _lookup(schema)
    best: tuple[int, dict[str, list[int]]] | None = None
    for r, row in enumerate(raw.cells[:HEADER_SCAN_ROWS]):
        found, _ = _row_keys(row, raw.cells[r - 1] if r else [], lookup)
        if found and (best is None or len(found) > len(best[1])):
            best = (r, found)
    if best is None or len(best[1]) < min(2, len(schema.columns)):
        return None
    header_row, found = best
    if header_row + 1 < len(raw.cells):
        below, joined = _row_keys(raw.cells[header_row + 1], raw.cells[header_row], lookup)
        if joined and below.keys() - found.keys():
            found = {**found, **below}
            header_row += 1
    positions, typed = _own_columns(raw, header_row, schema, found)
    parts: dict[str, int] = {}
    others: dict[str, list[int]] = {}
    computed = {c.key for c in schema.computed}
    for key, columns in found.items():
        if key in computed:
            continue
        if len(columns) > 1 and schema.column(key).kind is ValueKind.DATETIME:
            positions[key], parts[key] = columns[0], columns[1]
        elif len(columns) > 1:
            positions[key] = max(columns, key=lambda c: (_filled_cells(raw, header_row, c), -c))
            others[key] = [c for c in columns if c != positions[key]]
        else:
            positions[key] = columns[0]
    width = max((len(row) for row in raw.cells), default=0)
    return HeaderLayout(header_row, positions, width, parts, typed, others)


def _read_text(value: Any, ref: date) -> str | None:
    return values.clean_text(value)


def parser_for(col: Column, settings: Settings) -> Parser:
    if col.kind is ValueKind.CHOICE:
        choices = settings.choices(col.choices_setting) if col.choices_setting else col.choices
        if not choices:
            return _read_text
        return values.choice_parser(choices, col.value_synonyms)
    if col.approves:
        return values.read_approver
    return {
        ValueKind.TEXT: _read_text,
        ValueKind.DATE: values.parse_date,
        ValueKind.MONTH: values.parse_month,
        ValueKind.DATETIME: values.parse_datetime,
        ValueKind.TIME: values.parse_time,
        ValueKind.INT: values.parse_int,
        ValueKind.COUNT: values.parse_count,
        ValueKind.MONEY: values.parse_money,
        ValueKind.DAYS: values.parse_days,
        ValueKind.BOOL: values.parse_bool,
    }[col.kind]


# a footer's first cell (SPEC §1.0): a total, a sign-off, or a note with its colon. A label
# may go on with 人 or 日期 (制表人：, 填表日期：) but not with another word: 合计部 is a name.
_FOOTER_LABEL = re.compile(
    r"^(?:(?:合计|小计|总计|填表|制表|审核|负责人)(?:人|日期)?(?![\u4e00-\u9fff])"
    r"|(?:备注|说明|注)[:：])"
)


_TEXT_OR_NOTHING = (str, type(None))


def _footer(row: list[Any], inputs: set[int]) -> bool:
    """A line under the table that is not data: its first filled cell opens with a footer
    label and it fills at most one other input column. Anything else is a row of data, checked
    like every row (a half-typed row gets R01 rather than vanishing)."""
    first = next((c for c, value in enumerate(row) if not values.is_blank(value)), None)
    if first is None or not isinstance(row[first], str):
        return False  # most rows open with a date: nothing more to look at
    if _FOOTER_LABEL.match(squeeze(row[first])) is None:
        return False
    others = sum(1 for c in inputs if c != first and c < len(row) and not values.is_blank(row[c]))
    return others <= 1


class _Joined(NamedTuple):
    cells: tuple[Any, ...]
    doubts: dict[int, tuple[str, str]]  # body row -> why it could have meant another
    yearless: dict[int, date]  # body row -> the day read, typed without a year


def _joined(first: tuple[Any, ...], second: tuple[Any, ...], ref: date) -> _Joined:
    """A moment typed as a date in one column and a time of day in the other (either order),
    as one value; other cells keep the first column's value and are judged as they are.
    Also, by row: why a joined moment could have meant another (11/03/2026, 8.3), and the
    days typed without a year."""
    out = []
    doubts: dict[int, tuple[str, str]] = {}
    yearless: dict[int, date] = {}
    for r, (a, b) in enumerate(zip(first, second, strict=True)):
        joined = a
        for day, clock in ((a, b), (b, a)):
            try:
                moment = values.parse_datetime(day, ref)
                at = values.parse_time(clock, ref)
            except ValueError:
                continue
            if not isinstance(moment, datetime) and isinstance(at, time):
                joined = datetime.combine(moment, at)
                why = values.doubt(day, ref) or values.doubt(clock, ref)
                if why is not None:
                    doubts[r] = why
                if values.lacks_year(day):
                    yearless[r] = moment
                break
        out.append(joined)
    return _Joined(tuple(out), doubts, yearless)


class _Bad(NamedTuple):
    rule: str  # R02 or R03
    why: str  # R02: what was expected, or how it was read; R03: the error value
    why_en: str = ""
    read: bool = False  # read, but it could have meant something else: a warning


# the kinds whose readings can be ambiguous (a day/month order, a number as a time)
_DOUBTED = frozenset({ValueKind.DATE, ValueKind.DATETIME, ValueKind.TIME, ValueKind.MONTH})


def _shown(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def _filled(cells: tuple[Any, ...]) -> bool:
    return any(not values.is_blank(v) and v != "" for v in cells)


def _kept_rows(columns: list[tuple[Any, ...]]) -> list[int]:
    """Indices of the body rows holding anything in an input column (blank-looking text
    already made ""). The rows where every column is falsy are found column by column in C,
    each column asked only about the rows still empty; falsy is only wrong about 0 and
    False, so those rows get the slow look."""
    empty: list[int] | range = range(len(columns[0]))
    for cells in columns:
        if not empty:
            break
        empty = list(compress(empty, map(not_, map(cells.__getitem__, empty))))
    if not empty:
        return list(range(len(columns[0])))
    unfilled = {i for i in empty if not _filled(tuple(c[i] for c in columns))}
    return [i for i in range(len(columns[0])) if i not in unfilled]


class _Parsed(NamedTuple):
    values: list[Any]
    bad: dict[Any, _Bad]  # unreadable values, and (`doubt`) ambiguous ones
    blanks: set[str]  # blank-looking texts (spaces, `/`, `无` ...)
    yearless: set[Any]  # (`doubt`) dates typed without a year (`11月3日`)


Doubt = Callable[[Any, date], tuple[str, str] | None]


def _doubt_for(col: Column) -> Doubt | None:
    """What may make a column's reading one of several: a date's order, a 12-hour time, a
    weekday, a date-time's 上午/下午 without its time, a word read as a choice it only
    suggests; two names padded into one."""
    if col.kind is ValueKind.DATETIME:
        return values.moment_doubt
    if col.kind in _DOUBTED:
        return values.doubt
    if col.approves:
        return values.approver_doubt
    return values.name_doubt if col.people else None


def _parse_column(
    cells: tuple[Any, ...],
    parse: Parser,
    ref: date,
    doubt: Doubt | None = None,
    markers: bool = True,
    denials: bool = False,
) -> _Parsed:
    """Each distinct value is parsed once: registers repeat names, dates and list words.
    With `denials` (a signature, approval or review column), a word denying the act (拒签,
    不同意) is a blank cell."""
    distinct = set(cells)
    plain = parse is _read_text and not denials and doubt is None
    table: dict[Any, Any] = values.plain_texts(distinct) if plain else {}
    table[""] = None
    bad: dict[Any, _Bad] = {}
    blanks: set[str] = set()
    yearless: set[Any] = set()
    for value in distinct.difference(table):
        if values.is_blank(value, markers) or (
            denials and value.__class__ is str and denies_act(value)
        ):
            table[value] = None
            if value is not None:
                blanks.add(value)
            continue
        try:
            table[value] = read = parse(value, ref)
            why = doubt(value, ref) if doubt is not None else None
            if why is not None:
                bad[value] = _Bad("R02", *why, read=True)
            if doubt is not None and isinstance(read, date) and values.lacks_year(value):
                yearless.add(value)
        except values.ErrorValue as e:
            table[value] = None
            bad[value] = _Bad("R03", str(e))
        except values.Unreadable as e:
            table[value] = None
            bad[value] = _Bad("R02", str(e), e.en)
    return _Parsed(list(map(table.__getitem__, cells)), bad, blanks, yearless)


def build_table(
    raw: RawSheet, schema: SheetSchema, layout: HeaderLayout, settings: Settings, ref: date
) -> Checked[Table]:
    """Normalise every mapped input column; blank rows are skipped, Excel rows kept."""
    findings: list[Finding] = []
    first = layout.header_row + 1
    header_cells = raw.cells[layout.header_row]
    width = max((len(r) for r in raw.cells[first:]), default=0)
    body = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in raw.cells[first:]]
    all_columns = _columns(body, schema, layout, raw.date1904)
    inputs = [c for c in schema.columns if c.key in layout.positions]
    blank_column = ("",) * len(body)

    sources: dict[str, tuple[Any, ...]] = {}
    parsed: dict[str, _Parsed] = {}
    joined: dict[str, _Joined] = {}
    for col in inputs:
        c = layout.positions[col.key]
        sources[col.key] = all_columns[c] if c < len(all_columns) else blank_column
        if col.key in layout.parts and layout.parts[col.key] < len(all_columns):
            joined[col.key] = _joined(sources[col.key], all_columns[layout.parts[col.key]], ref)
            sources[col.key] = joined[col.key].cells
        parse = parser_for(col, settings)
        parsed[col.key] = _parse_column(
            sources[col.key], parse, ref, _doubt_for(col), col.markers_blank, col.act
        )
        if blanks := parsed[col.key].blanks:  # a row of `/` and spaces is no row
            as_empty = dict.fromkeys(blanks, "")  # get(v, v): the swap runs in C
            sources[col.key] = tuple(map(as_empty.get, sources[col.key], sources[col.key]))
    input_positions = {layout.positions[col.key] for col in inputs}
    order, lookups = _data_rows(sources, raw, body, first, input_positions)
    findings += _lookup_rows(raw.name, [first + i + 1 for i in lookups])
    findings += _struck_rows(raw, first, order, input_positions)
    every_row = len(order) == len(body)

    table = Table(schema, [first + i + 1 for i in order], {}, name=raw.name)
    yearless: dict[str, dict[int, date]] = {}  # key -> table index -> the day read
    for col in inputs:
        table.headers[col.key] = str(header_cells[layout.positions[col.key]]).strip()
        out, bad, _, typed_without_year = parsed[col.key]
        cells = sources[col.key]
        if not every_row:
            out = list(map(out.__getitem__, order))
            cells = tuple(map(cells.__getitem__, order))
        table.cols[col.key] = out
        if typed_without_year:
            yearless[col.key] = {
                i: v
                for i, (cell, v) in enumerate(zip(cells, out, strict=True))
                if cell in typed_without_year
            }
        findings += _synonym_findings(table, col, cells, out, settings)
        if bad:
            hits = [i for i, value in enumerate(cells) if value in bad]  # one pass, few hits
            unread = {i for i in hits if not bad[cells[i]].read}
            table.invalid.setdefault(col.key, set()).update(unread)
            findings += _bad_cells(table, col.key, cells, hits, bad)
    table.previous = _previous(schema, layout, header_cells, all_columns, order)
    for key, c in layout.typed.items():
        cells = all_columns[c] if c < len(all_columns) else blank_column
        table.typed[key] = (
            str(header_cells[c]).strip(),
            _typed_values(tuple(cells[i] for i in order), schema.column(key), settings, ref),
        )
    position = {body_row: i for i, body_row in enumerate(order)} if joined else {}
    for key, parts in joined.items():  # after the headers: findings name them
        for body_row, (why, why_en) in parts.doubts.items():
            if body_row in position:
                value = _shown(body[body_row][layout.positions[key]])
                findings.append(_doubted(table, position[body_row], key, value, why, why_en))
        for body_row, day in parts.yearless.items():
            if body_row in position:
                yearless.setdefault(key, {})[position[body_row]] = day
    findings += _other_columns(table, layout, header_cells, all_columns, order, settings, ref)
    findings += _mark_error_cells(table, raw, layout, order)
    for key, days in yearless.items():
        findings += _yearless_findings(table, key, days, ref)
    return Checked(table, findings)


# the kinds whose cells may hold a serial number (a date, a moment, a time, a month)
_SERIAL_KINDS = {ValueKind.DATE, ValueKind.DATETIME, ValueKind.TIME, ValueKind.MONTH}


def _columns(
    body: list[list[Any]], schema: SheetSchema, layout: HeaderLayout, date1904: bool
) -> list[tuple[Any, ...]]:
    """The body's columns. In a 1904 workbook, every column read as dates, times or months
    (input, its second part, a second column of its name, a person's values under a computed
    header) with its serial numbers as 1900's: every reading after this assumes 1900's."""
    all_columns = list(zip(*body, strict=True)) if body else []
    if not date1904:
        return all_columns
    columns = {
        c
        for key, cs in (
            *((k, [c]) for k, c in layout.positions.items()),
            *((k, [c]) for k, c in layout.parts.items()),
            *layout.others.items(),
            *((k, [c]) for k, c in layout.typed.items()),
        )
        if schema.column(key).kind in _SERIAL_KINDS
        for c in cs
    }
    for c in columns:
        if c < len(all_columns):
            all_columns[c] = tuple(map(values.from_1904, all_columns[c]))
    return all_columns


def _previous(
    schema: SheetSchema,
    layout: HeaderLayout,
    header_cells: list[Any],
    all_columns: list[tuple[Any, ...]],
    order: list[int],
) -> dict[str, tuple[str, list[str | None]]]:
    """What the program's own columns of judged values held before this run, as text."""
    found: dict[str, tuple[str, list[str | None]]] = {}
    for col in schema.computed:
        c = layout.positions.get(col.key)
        if col.key in JUDGED_KEYS and c is not None and c < len(all_columns):
            cells = all_columns[c]
            texts = [values.clean_text(cells[i]) if cells[i] != "" else None for i in order]
            if any(texts):
                found[col.key] = (str(header_cells[c]).strip(), texts)
    return found


def _other_columns(
    table: Table,
    layout: HeaderLayout,
    header_cells: list[Any],
    all_columns: list[tuple[Any, ...]],
    order: list[int],
    settings: Settings,
    ref: date,
) -> Iterator[Finding]:
    """`_differing` for every column not read because another names the same thing."""
    for key, columns in layout.others.items():
        for c in columns:
            if key in table.cols and c < len(all_columns):
                cells = tuple(all_columns[c][i] for i in order)
                header = str(header_cells[c]).strip()
                yield from _differing(table, key, header, cells, settings, ref)


def _differing(
    table: Table, key: str, header: str, cells: tuple[Any, ...], settings: Settings, ref: date
) -> list[Finding]:
    """A second column naming the thing a read column names (回访人 and 客服), not read: one
    warning naming both headers and the rows where both are filled and say different things,
    as the choice of column is a choice of value (a person, a day) on those rows."""
    col = table.schema.column(key)
    parse = parser_for(col, settings)
    other = _parse_column(cells, parse, ref, markers=col.markers_blank, denials=col.act).values
    differ = [
        i
        for i, (a, b) in enumerate(zip(table.cols[key], other, strict=True))
        if a is not None and b is not None and _compared(a) != _compared(b)
    ]
    if not differ:
        return []
    shown, shown_en = row_ranges([table.rows[i] for i in differ])
    return [
        table.find(
            "R02.two_columns",
            differ[0],
            key,
            header=table.headers[key],
            other=header,
            rows=shown,
            rows_en=shown_en,
            count=len(differ),
        )
    ]


def _compared(value: Any) -> Any:
    """A value as two columns are compared: text without spacing or width (`王 芳` is 王芳)."""
    return squeeze(value) if isinstance(value, str) else value


def _data_rows(
    sources: dict[str, tuple[Any, ...]],
    raw: RawSheet,
    body: list[list[Any]],
    first: int,
    input_positions: set[int],
) -> tuple[list[int], list[int]]:
    """The body rows that hold data: a filled input cell or an error value, not a footer;
    and the rows left out because their only content is a lookup's #N/A (a VLOOKUP filled
    down empty rows ahead of use), which `build_table` names in one warning."""
    order = _kept_rows(list(sources.values())) if sources else []
    # an error value keeps its row only in an input column: a helper column's #N/A down an
    # empty template is not a row of data
    marked: dict[int, set[str]] = {}
    for (r, c), error in raw.errors.items():
        if r >= first and c in input_positions:
            marked.setdefault(r - first, set()).add(error)
    lookups: list[int] = []
    if marked:
        typed = set(order)
        lookups = sorted(r for r, errors in marked.items() if r not in typed and errors == {"#N/A"})
        order = sorted(typed.union(marked).difference(lookups))
    # a footer's first cell is text or empty: the rows that open with a typed date or number,
    # most rows, are passed over in C, not looked at one by one
    if not body or not body[0]:
        return order, lookups
    opening = map(_TEXT_OR_NOTHING.__contains__, map(type, map(itemgetter(0), body)))
    candidates = list(compress(range(len(body)), opening))
    kept = set(order) if candidates else set()
    footers = {i for i in candidates if i in kept and _footer(body[i], input_positions)}
    return ([i for i in order if i not in footers] if footers else order), lookups


def _lookup_rows(sheet: str, rows: list[int]) -> list[Finding]:
    """R03.lookup_rows: one warning naming the rows left out for holding only #N/A."""
    if not rows:
        return []
    shown, shown_en = row_ranges(rows, most=20)
    return [finding("R03.lookup_rows", sheet, 0, "", count=len(rows), rows=shown, rows_en=shown_en)]


def _struck_rows(
    raw: RawSheet, first: int, order: list[int], input_positions: set[int]
) -> list[Finding]:
    """R02.struck: one warning naming the data rows with a filled input cell struck through,
    how many offices cancel an entry. The values are read as typed (SPEC §1.0 reads values,
    and a strike may mean done as well as void), and the warning says so."""
    marked = {r - first for r, c in raw.struck if r >= first and c in input_positions}
    rows = [first + i + 1 for i in order if i in marked] if marked else []
    if not rows:
        return []
    shown, shown_en = row_ranges(rows, most=20)
    return [finding("R02.struck", raw.name, 0, "", count=len(rows), rows=shown, rows_en=shown_en)]


def _bad_cells(
    table: Table, key: str, cells: tuple[Any, ...], hits: list[int], bad: dict[Any, _Bad]
) -> Iterator[Finding]:
    """R02/R03 on each cell (`hits`: their indices) of a column that could not be read, or
    was read one way of several (a warning)."""
    for i in hits:
        value = cells[i]
        problem = bad[value]
        if problem.read:
            yield _doubted(table, i, key, _shown(value), problem.why, problem.why_en)
        elif problem.rule == "R03":
            yield table.find("R03", i, key, error=problem.why)
        else:
            yield table.find(
                "R02", i, key, value=_shown(value), why=problem.why, why_en=problem.why_en
            )


def _synonym_findings(
    table: Table, col: Column, cells: Sequence[Any], read: Sequence[Any], settings: Settings
) -> Iterator[Finding]:
    """R02.synonym: a word of a choice column read as the choice it suggests, not the same
    thing said otherwise (满意度 比较满意 as 满意, 回访结果 不满意 as 未解决): one warning for
    each word, naming its rows, the choice read and the list."""
    if not col.doubtful_synonyms:
        return
    choices = settings.choices(col.choices_setting) if col.choices_setting else col.choices
    read_as = dict(col.value_synonyms)
    found = values.doubtful_aliases(cells, read, col.doubtful_synonyms)
    for alias, indices in sorted(found.items(), key=lambda item: item[1][0]):
        rows, rows_en = row_ranges([table.rows[i] for i in indices])
        note = ("", "")
        if col.choices_setting == "satisfaction_scale":  # whether it counts in 满意率
            satisfied = read_as[alias] in settings.satisfied_levels
            note = (
                ("，计为满意", ", counted satisfied")
                if satisfied
                else ("，不计为满意", ", not counted satisfied")
            )
        yield table.find(
            "R02.synonym",
            indices[0],
            col.key,
            rows=rows,
            rows_en=rows_en,
            count=len(indices),
            value=alias,
            choice=read_as[alias],
            choices="、".join(choices),
            note=note[0],
            note_en=note[1],
        )


def _yearless_findings(table: Table, key: str, days: dict[int, date], ref: date) -> list[Finding]:
    """Dates typed without a year (`11月3日`, SPEC §1): one warning for the rows read in the
    reference date's year, and one for the rows read in another year for each reason (the
    surprising ones, `why`), rather than a warning on every row. Rows made unknown since
    (R03) are not named."""
    groups: dict[tuple[int, str, str], list[int]] = {}
    for i, day in sorted(days.items()):
        if table.cols[key][i] is not None:
            reason = ("", "") if day.year == ref.year else values.why_other_year(day, ref)
            groups.setdefault((day.year, *reason), []).append(i)
    return [
        table.find(
            "R02.no_year" if year == ref.year else "R02.no_year_other",
            indices[0],
            key,
            rows=rows,
            rows_en=rows_en,
            count=len(indices),
            year=year,
            why=why,
            why_en=why_en,
        )
        for (year, why, why_en), indices in groups.items()
        for rows, rows_en in [row_ranges([table.rows[i] for i in indices])]
    ]


def _typed_values(cells: tuple[Any, ...], col: Column, settings: Settings, ref: date) -> list[Any]:
    """A person's values under a computed header, read as the program's values would be;
    text that cannot be read so stays text (it then differs from the program's value, V49)."""
    out, bad, _, _ = _parse_column(cells, parser_for(col, settings), ref)
    if bad:
        out = [
            values.clean_text(cell) if cell in bad else v
            for cell, v in zip(cells, out, strict=True)
        ]
    return out


def _doubted(table: Table, i: int, key: str, value: str, why: str, why_en: str) -> Finding:
    """R02 (a warning): the cell was read one way, and could have meant another."""
    return table.find("R02.doubt", i, key, value=value, why=why, why_en=why_en)


def _mark_error_cells(
    table: Table, raw: RawSheet, layout: HeaderLayout, order: list[int]
) -> list[Finding]:
    """Cells the XML pass found, error values and formulas without a cached value, become
    unknown in `table`; an R03 for each."""
    findings: list[Finding] = []
    if not raw.errors:
        return findings
    first = layout.header_row + 1
    index_of = {body_row: i for i, body_row in enumerate(order)}
    keys = {c: key for key, c in layout.positions.items() if key in table.cols}
    for (r, c), error in sorted(raw.errors.items()):
        i = index_of.get(r - first)
        key = keys.get(c)
        if i is None or key is None:
            continue
        table.cols[key][i] = None
        table.invalid.setdefault(key, set()).add(i)
        if error:
            findings.append(table.find("R03", i, key, error=error))
        else:
            findings.append(table.find("R03.formula", i, key))
    return findings


def missing_headers(schema: SheetSchema, layout: HeaderLayout, file_sheet: str) -> list[Finding]:
    """R04 for each required header the sheet lacks (reported on the header row)."""
    return [
        finding(
            "R04.header",
            file_sheet,
            layout.header_row + 1,
            col.header,
            name=file_sheet,
            header=col.header,
        )
        for col in schema.columns
        if col.required and col.key not in layout.positions
    ]
