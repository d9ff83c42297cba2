"""What the sheets of the summary share: titles and subtitles, the 分公司 and 来源 columns of
the lists, flagging cells and finding a table's block for a chart."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from ..complaints import Grade
from ..periods import Period
from ..report import Chart, ChartKind, ColumnSpec, Fmt, ReportTable
from .tallies import Figures

DEPARTMENT = "客服部"
T = TypeVar("T")


class _Branched(Protocol):
    @property
    def branch(self) -> str: ...


class _Sourced(Protocol):
    @property
    def where(self) -> str: ...  # file and row


BRANCH: ColumnSpec[_Branched] = ColumnSpec("分公司", Fmt.TEXT, lambda x: x.branch)
SOURCE: ColumnSpec[_Sourced] = ColumnSpec("来源", Fmt.TEXT, lambda x: x.where)


def sheet_title(period: Period, topic: str) -> str:
    return f"{DEPARTMENT} {period.label} {topic}"


def sheet_subtitle(f: Figures) -> str:
    names = [b.name for b in f.branches.values()]
    shown = "、".join(names[:6]) + (f" 等 {len(names)} 个" if len(names) > 6 else "")
    branch = f"分公司：{shown}　" if names else ""
    return f"{branch}统计期间 {f.period.span_text}　统计截至 {f.as_of:%Y-%m-%d %H:%M}"


def flag(table: ReportTable, test: Callable[[list[Any]], Iterable[int]]) -> None:
    for r, row in enumerate(table.rows):
        for c in test(row):
            table.flagged.append((r, c))


def positive(*columns: int) -> Callable[[list[Any]], Iterable[int]]:
    return lambda row: [c for c in columns if isinstance(row[c], int | float) and row[c] > 0]


def flag_items(
    table: ReportTable, header: str, items: Sequence[T], test: Callable[[T], bool]
) -> None:
    """Flag the cell under `header` of each row whose item passes `test`."""
    column = table.at(header)
    table.flagged += [(r, column) for r, item in enumerate(items) if test(item)]


def block_index(blocks: Sequence[object], table: ReportTable) -> int:
    """Where `table` stands among a sheet's blocks (a chart names its table so)."""
    return next(i for i, block in enumerate(blocks) if block is table)


def grades_chart(
    kind: ChartKind, title: str, blocks: Sequence[object], table: ReportTable, categories: str
) -> Chart:
    """The complaints of each grade (一般, 重复, 恶性), a series each, over `table`'s rows."""
    return Chart(
        kind=kind,
        title=title,
        table=block_index(blocks, table),
        categories=table.at(categories),
        values=[table.at(grade) for grade in Grade],
        y_title="件",
    )
