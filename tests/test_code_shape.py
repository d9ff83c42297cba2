"""The shape of the code itself: statuses, grades and workbook kinds are compared through
their enums, never as string literals, and every class name in csbook/ is defined once
(an alias at each import of a name defined twice says the name does not say what it holds)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from csbook.rules.catalogue import Tier
from csbook.rules.complaints import Grade
from csbook.rules.deadlines import ReplyStatus
from csbook.rules.discipline import ApprovalGap
from csbook.rules.handover import Arrival, GapCause
from csbook.rules.leave import Counted, LeaveKind
from csbook.rules.monthly.parts import State
from csbook.rules.sanctions import Appeal, Sanction
from csbook.rules.schema import BookKind, VisitKind, YesNo
from csbook.rules.visits import PromiseStatus, VisitStatus

PACKAGE = Path(__file__).resolve().parents[1] / "csbook"
ENUMS: tuple[type[StrEnum], ...] = (
    ReplyStatus,
    VisitStatus,
    PromiseStatus,
    Arrival,
    GapCause,
    Grade,
    ApprovalGap,
    Sanction,
    Appeal,
    LeaveKind,
    Counted,
    Tier,
    BookKind,
    State,
    YesNo,
    VisitKind,
)
ENUM_VALUES = {member.value: enum.__name__ for enum in ENUMS for member in enum}
# literals that spell an enum's value but mean something else
NOT_AN_ENUM = {
    ("rules/settings.py", "visits"),  # 回访目标计数 = visits: count visits, not a workbook kind
}


def _strings(node: ast.expr) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _strings(element)


def literal_comparisons(source: str, where: str) -> list[str]:
    """`== "超时"`, `in ("重复", "恶性")`, `!= "penalties"` ... in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        for operand in (node.left, *node.comparators):
            for text in _strings(operand):
                if text in ENUM_VALUES and (where, text) not in NOT_AN_ENUM:
                    found.append(f"{where}:{node.lineno}: {text!r} is a {ENUM_VALUES[text]}")
    return found


def _sources() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8")


def test_the_scan_sees_each_form_of_comparison() -> None:
    code = 'a == "超时"\nb in ("重复", "恶性")\n"penalties" != c\nd is Grade.SEVERE\n'
    assert literal_comparisons(code, "x.py") == [
        "x.py:1: '超时' is a ReplyStatus",
        "x.py:2: '重复' is a Grade",
        "x.py:2: '恶性' is a Grade",
        "x.py:3: 'penalties' is a BookKind",
    ]


def test_statuses_grades_and_kinds_are_compared_through_their_enums() -> None:
    found = [hit for where, code in _sources() for hit in literal_comparisons(code, where)]
    assert found == []


def test_every_class_name_is_defined_once() -> None:
    where: dict[str, list[str]] = {}
    for name, code in _sources():
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(f"{name}:{node.lineno}")
    assert {cls: places for cls, places in where.items() if len(places) > 1} == {}


# what a table of the summary takes from its `ColumnSpec`s, and the chart fields that point
# at a table or a column: given by hand, they are positions that drift when a column moves
BY_SPEC = {"formats", "cell_formats", "total_columns", "total_row"}
CHART_POSITIONS = {"table", "categories", "categories_to", "values", "line"}


def _is_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def positional_columns(source: str, where: str) -> list[str]:
    """Tables built without column specs, and charts or flags that name a column or a
    table by a literal number, in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            if name == "ReportTable":
                found.append(f"{where}:{node.lineno}: ReportTable(...) without ColumnSpecs")
            for kw in node.keywords:
                if kw.arg in BY_SPEC or (
                    name == "Chart"
                    and kw.arg in CHART_POSITIONS
                    and any(_is_int(n) for n in ast.walk(kw.value))
                ):
                    found.append(f"{where}:{node.lineno}: {kw.arg}= by position")
        elif (  # a flagged cell (row, 8)
            isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_int(node.elts[1])
        ):
            found.append(f"{where}:{node.lineno}: a cell at a numbered column")
    return found


def test_the_scan_sees_columns_given_by_position() -> None:
    code = (
        "t = ReportTable(caption='', header=['a'], formats=[Fmt.TEXT])\n"
        "u = ReportTable.of('', columns, items, cell_formats=[(0, 1, Fmt.INT)])\n"
        "t.flagged.append((r, 8))\n"
        "c = Chart(title='', table=0, categories=t.at('a'), values=[t.at('b'), 2])\n"
        "ok = Chart(title='', table=block_index(blocks, t), categories=t.at('a'), values=[])\n"
    )
    assert positional_columns(code, "x.py") == [
        "x.py:1: ReportTable(...) without ColumnSpecs",
        "x.py:1: formats= by position",
        "x.py:2: cell_formats= by position",
        "x.py:4: table= by position",
        "x.py:4: values= by position",
        "x.py:3: a cell at a numbered column",
    ]


def test_summary_tables_are_described_by_column_specs() -> None:
    found = [
        hit
        for where, code in _sources()
        if where.startswith("rules/monthly/")
        for hit in positional_columns(code, where)
    ]
    assert found == []
