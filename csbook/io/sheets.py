"""From a raw sheet to a `Table`: find the header row, map headers to keys, skip blank
rows, normalise each column, and report unreadable cells (R02/R03) and missing headers (R04).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, NamedTuple

from ..rules.findings import Finding, finding
from ..rules.schema import Column, Kind, Sheet
from ..rules.settings import Settings
from ..rules.table import Table
from ..rules.text import squeeze
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
class Layout:
    """Where things are in the sheet as found: what compute needs to write back."""

    header_row: int  # 0-based index into the raw rows
    positions: dict[str, int]  # key -> 0-based column index (input and computed)
    width: int  # number of columns in use
    # a moment typed in two columns (受理日期 | 受理时间): key -> the second column
    parts: dict[str, int] = field(default_factory=dict)
    # a person's own column under a computed header (SPEC §1.0): key -> its column; the
    # program never writes there, and its own column for the key is in `positions` or appended
    typed: dict[str, int] = field(default_factory=dict)


class Placed(NamedTuple):
    column: int  # 1-based
    header: str | None  # the header the program writes when it appends the column


def appended_header(col: Column) -> str:
    """The header of a computed column the program adds: marked as the program's."""
    return col.header + PROGRAM_TAG


def _lookup(schema: Sheet) -> dict[str, str]:
    table: dict[str, str] = {}
    for col in (*schema.columns, *schema.computed):
        for name in (col.header, *col.synonyms):
            table.setdefault(header_key(name), col.key)
    return table


def _filled_cells(raw: RawSheet, below: int, column: int) -> int:
    return sum(
        1 for row in raw.cells[below + 1 :] if column < len(row) and row[column] not in ("", None)
    )


def plan_computed(layout: Layout, computed: tuple[Column, ...]) -> dict[str, Placed]:
    """Where every computed column goes and, when the program appends it, the header it
    writes: under its own header where the sheet has one the program owns, else in the next
    free columns right of everything in use, in the schema's order (so beside a person's own
    column of that header, never in it). `csbook compute` and the Excel buttons both place
    by it."""
    placed: dict[str, Placed] = {}
    next_free = layout.width + 1
    for col in computed:
        if col.key in layout.positions:
            placed[col.key] = Placed(layout.positions[col.key] + 1, None)
        else:
            placed[col.key] = Placed(next_free, appended_header(col))
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
    raw: RawSheet, header_row: int, schema: Sheet, found: dict[str, list[int]]
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


def locate_headers(raw: RawSheet, schema: Sheet) -> Layout | None:
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
    computed = {c.key for c in schema.computed}
    for key, columns in found.items():
        if key in computed:
            continue
        if len(columns) > 1 and schema.column(key).kind is Kind.DATETIME:
            positions[key], parts[key] = columns[0], columns[1]
        elif len(columns) > 1:
            positions[key] = max(columns, key=lambda c: (_filled_cells(raw, header_row, c), -c))
        else:
            positions[key] = columns[0]
    width = max((len(row) for row in raw.cells), default=0)
    return Layout(header_row, positions, width, parts, typed)


def parser_for(col: Column, settings: Settings) -> Parser:
    if col.kind is Kind.CHOICE:
        choices = settings.choices(col.choices_setting) if col.choices_setting else col.choices
        if not choices:
            return lambda value, ref: values.clean_text(value)
        return values.choice_parser(choices, col.value_synonyms)
    return {
        Kind.TEXT: lambda value, ref: values.clean_text(value),
        Kind.DATE: values.parse_date,
        Kind.MONTH: values.parse_month,
        Kind.DATETIME: values.parse_datetime,
        Kind.TIME: values.parse_time,
        Kind.INT: values.parse_int,
        Kind.MONEY: values.parse_money,
        Kind.DAYS: values.parse_days,
        Kind.BOOL: values.parse_bool,
    }[col.kind]


# lines under a table that are not data: totals, sign-off, notes
_FOOTER = re.compile(
    r"^(合计|总计|小计|共计|累计|统计|本月合计|填表|制表|审核|审批|复核|负责人|签字|以上|"
    # a short label and a colon: 主管：…, 记录人：…, 日期：…, 注：…
    r"[\u4e00-\u9fff]{1,6}[:：])"
)


_PROSE = re.compile(r"[，。；！]")


def _footer(row: list[Any]) -> bool:
    """A line under the table that is not data: its first filled cell opens with 合计, 填表人,
    审核, a short label and a colon (主管：…), or the row is one sentence alone (a note)."""
    first = next((value for value in row if value not in ("", None)), None)
    if not isinstance(first, str):  # most rows open with a date: nothing more to look at
        return False
    if _FOOTER.match(squeeze(first)) is not None:
        return True
    return _PROSE.search(first) is not None and sum(v not in ("", None) for v in row) == 1


def _joined(first: tuple[Any, ...], second: tuple[Any, ...], ref: date) -> tuple[Any, ...]:
    """A moment typed as a date in one column and a time of day in the other (either order),
    as one value; other cells keep the first column's value and are judged as they are."""
    out = []
    for a, b in zip(first, second, strict=True):
        joined = a
        for day, clock in ((a, b), (b, a)):
            try:
                moment = values.parse_datetime(day, ref)
                at = values.parse_time(clock, ref)
            except ValueError:
                continue
            if not isinstance(moment, datetime) and isinstance(at, time):
                joined = datetime.combine(moment, at)
                break
        out.append(joined)
    return tuple(out)


class _Bad(NamedTuple):
    rule: str  # R02 or R03
    why: str  # R02: what was expected; R03: the error value
    why_en: str = ""


def _shown(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(cells: tuple[Any, ...]) -> bool:
    return any(not _blank(v) and v != "" for v in cells)


def _kept_rows(columns: list[tuple[Any, ...]], spaces: bool) -> list[int]:
    """Indices of the body rows holding anything in an input column. any() runs in C; it
    can only be wrong about blank-looking strings (`spaces`) and about 0 and False, so the
    slow look is kept for those."""
    if spaces:
        return [i for i, cells in enumerate(zip(*columns, strict=True)) if _filled(cells)]
    quick = list(map(any, zip(*columns, strict=True)))
    if all(quick):
        return list(range(len(quick)))
    return [i for i, yes in enumerate(quick) if yes or _filled(tuple(c[i] for c in columns))]


def _parse_column(
    cells: tuple[Any, ...], parse: Parser, ref: date
) -> tuple[list[Any], dict[Any, _Bad], bool]:
    """Each distinct value is parsed once: registers repeat names, dates and list words.
    Returns the values, the unreadable ones, and whether blank-looking text occurred."""
    table: dict[Any, Any] = {"": None}
    bad: dict[Any, _Bad] = {}
    spaces = False
    for value in set(cells):
        if value in table:
            continue
        if _blank(value):
            table[value] = None
            spaces = spaces or value is not None
            continue
        try:
            table[value] = parse(value, ref)
        except values.ErrorValue as e:
            table[value] = None
            bad[value] = _Bad("R03", str(e))
        except values.Unreadable as e:
            table[value] = None
            bad[value] = _Bad("R02", str(e), e.en)
    return list(map(table.__getitem__, cells)), bad, spaces


def build_table(
    raw: RawSheet, schema: Sheet, layout: Layout, settings: Settings, ref: date
) -> tuple[Table, list[Finding]]:
    """Normalise every mapped input column; blank rows are skipped, Excel rows kept."""
    findings: list[Finding] = []
    first = layout.header_row + 1
    header_cells = raw.cells[layout.header_row]
    width = max((len(r) for r in raw.cells[first:]), default=0)
    body = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in raw.cells[first:]]
    all_columns = list(zip(*body, strict=True)) if body else []
    inputs = [c for c in schema.columns if c.key in layout.positions]
    blank_column = ("",) * len(body)

    sources: dict[str, tuple[Any, ...]] = {}
    parsed: dict[str, tuple[list[Any], dict[Any, _Bad]]] = {}
    spaces = False
    for col in inputs:
        c = layout.positions[col.key]
        sources[col.key] = all_columns[c] if c < len(all_columns) else blank_column
        if col.key in layout.parts and layout.parts[col.key] < len(all_columns):
            sources[col.key] = _joined(sources[col.key], all_columns[layout.parts[col.key]], ref)
        out, bad, blanks = _parse_column(sources[col.key], parser_for(col, settings), ref)
        parsed[col.key] = (out, bad)
        spaces = spaces or blanks
    order = _kept_rows(list(sources.values()), spaces) if sources else []
    # an error value keeps its row only in an input column: a helper column's #N/A down an
    # empty template is not a row of data
    input_positions = {layout.positions[col.key] for col in inputs}
    marked = {r - first for r, c in raw.errors if r >= first and c in input_positions}
    if marked:
        order = sorted(marked.union(order))
    order = [i for i in order if not _footer(body[i])]
    every_row = len(order) == len(body)

    table = Table(schema, [first + i + 1 for i in order], {}, name=raw.name)
    for col in inputs:
        table.headers[col.key] = str(header_cells[layout.positions[col.key]]).strip()
        out, bad = parsed[col.key]
        cells = sources[col.key]
        if not every_row:
            out = [out[i] for i in order]
            cells = tuple(cells[i] for i in order)
        table.cols[col.key] = out
        if not bad:
            continue
        invalid = table.invalid.setdefault(col.key, set())
        for i, value in enumerate(cells):
            problem = bad.get(value)
            if problem is None:
                continue
            invalid.add(i)
            if problem.rule == "R03":
                findings.append(table.find("R03", i, col.key, error=problem.why))
            else:
                findings.append(
                    table.find(
                        "R02",
                        i,
                        col.key,
                        value=_shown(value),
                        why=problem.why,
                        why_en=problem.why_en,
                    )
                )
    for key, c in layout.typed.items():
        cells = all_columns[c] if c < len(all_columns) else blank_column
        table.typed[key] = (
            str(header_cells[c]).strip(),
            _typed_values(tuple(cells[i] for i in order), schema.column(key), settings, ref),
        )
    _mark_error_cells(table, raw, layout, order, findings)
    return table, findings


def _typed_values(cells: tuple[Any, ...], col: Column, settings: Settings, ref: date) -> list[Any]:
    """A person's values under a computed header, read as the program's values would be;
    text that cannot be read so stays text (it then differs from the program's value, V49)."""
    out, bad, _ = _parse_column(cells, parser_for(col, settings), ref)
    if bad:
        out = [
            values.clean_text(cell) if cell in bad else v
            for cell, v in zip(cells, out, strict=True)
        ]
    return out


def _mark_error_cells(
    table: Table, raw: RawSheet, layout: Layout, order: list[int], findings: list[Finding]
) -> None:
    """R03 for cells the XML pass found: error values and formulas without a cached value."""
    if not raw.errors:
        return
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
            findings.append(table.find("R03", i, key, msg="R03.formula"))


def missing_headers(schema: Sheet, layout: Layout, file_sheet: str) -> list[Finding]:
    """R04 for each required header the sheet lacks (reported on the header row)."""
    return [
        finding(
            "R04",
            file_sheet,
            layout.header_row + 1,
            col.header,
            msg="R04.header",
            name=file_sheet,
            header=col.header,
        )
        for col in schema.columns
        if col.required and col.key not in layout.positions
    ]
