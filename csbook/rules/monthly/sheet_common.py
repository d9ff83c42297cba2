"""What every sheet of the summary shares: its title and subtitle, and flagging cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..periods import Period
from ..report import Table
from .tallies import Figures

DEPARTMENT = "客服部"


def sheet_title(period: Period, topic: str) -> str:
    return f"{DEPARTMENT} {period.label} {topic}"


def sheet_subtitle(f: Figures) -> str:
    names = [b.name for b in f.branches.values()]
    shown = "、".join(names[:6]) + (f" 等 {len(names)} 个" if len(names) > 6 else "")
    branch = f"分公司：{shown}　" if names else ""
    return f"{branch}统计期间 {f.period.span_text}　统计截至 {f.as_of:%Y-%m-%d %H:%M}"


def flag(table: Table, test: Callable[[list[Any]], Iterable[int]]) -> None:
    for r, row in enumerate(table.rows):
        for c in test(row):
            table.flagged.append((r, c))


def positive(*columns: int) -> Callable[[list[Any]], Iterable[int]]:
    return lambda row: [c for c in columns if isinstance(row[c], int | float) and row[c] > 0]
