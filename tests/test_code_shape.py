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
from csbook.rules.schema import BookKind
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
