"""A generated sheet as data: titles, tables, totals, highlights, charts, signature lines.

Summaries (月度汇总, 月处罚汇总 ...) are computed once into a `ReportSheet`; a renderer turns it
into cells — openpyxl for the mailed workbook and `csbook compute` copies, xlwings for the
open workbook behind an Excel button — so every face shows the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum, StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Fmt(StrEnum):
    """How a column's values are shown."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"  # yuan, two decimals
    PERCENT = "percent"  # a share 0..1
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    DAYS = "days"  # whole and half days: 3 shows as 3, 0.5 as 0.5


def percent_text(share: float | Decimal, places: int = 1) -> str:
    """A share as Excel's `0.0%` format shows it, for every text that quotes a cell (the mail
    body, column widths, targets): Excel rounds the decimal value it holds (15 significant
    digits) half away from zero, where Python's `{:.1%}` rounds the binary float half to even
    (1/16 would read 6.2 % in the mail and 6.3 % in the cell)."""
    exact = Decimal(f"{share:.15g}") * 100
    return f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


T = TypeVar("T", contravariant=True)


class Total(Enum):
    """A totals cell the renderer writes as a formula."""

    SUM = "sum"  # a SUM over the rows, so the sheet stays honest when a figure is edited


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    """One column of a report table: its header, how it is shown, its value for an item, and
    its cell in the totals row — a value, `Total.SUM`, or None (blank)."""

    header: str
    fmt: Fmt
    value: Callable[[T], Any]
    total: Any = None
    # a row's own format where the column mixes kinds (总览's 数值: counts and shares)
    row_fmt: Callable[[T], Fmt] | None = None


class ReportTable(BaseModel):
    """One block of a report: a caption, a header row, data rows and optional totals."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    caption: str = ""
    header: list[str]
    formats: list[Fmt] = []  # per column; TEXT when shorter than the header
    rows: list[list[Any]] = []
    # columns summed in a totals row (as a SUM formula over the rows, so the sheet stays
    # honest when someone edits a figure); the label goes in the first column
    total_columns: list[int] = []
    total_label: str = "合计"
    # (row index, column index) of cells that miss a target: highlighted
    flagged: list[tuple[int, int]] = []
    empty_note: str = "（无）"  # shown under the header when there are no rows
    # a totals row given as values (overall shares cannot be summed); when set it is written
    # instead of the SUM formulas of `total_columns`, styled the same
    total_row: list[Any] | None = None
    # (row index, column index, format): a cell shown otherwise than its column, e.g. a
    # share in a column of counts; a row index equal to len(rows) is the totals row
    cell_formats: list[tuple[int, int, Fmt]] = []
    # columns whose text wraps inside the column (a long list still prints whole)
    wrapped: list[int] = []
    # how many leading columns name a row (分公司, 工号, 姓名 …): a sheet printed wider than a
    # page repeats those of its widest table on every page
    keys: int = 0

    @classmethod
    def of(
        cls, caption: str, columns: Sequence[ColumnSpec[T]], items: Sequence[T], **more: Any
    ) -> ReportTable:
        """A table whose columns are described by `columns`, one row per item. The columns'
        totals make the totals row: SUM formulas, or values (a share cannot be summed) with
        the label in the first column; a table has one kind or the other."""
        totals = [c.total for c in columns]
        summed = [i for i, t in enumerate(totals) if t is Total.SUM]
        given = any(t is not None and t is not Total.SUM for t in totals)
        if summed and given:
            raise ValueError(f"{caption}: a totals row is SUM formulas or values, not both")
        return cls(
            caption=caption,
            header=[c.header for c in columns],
            formats=[c.fmt for c in columns],
            rows=[[c.value(item) for c in columns] for item in items],
            total_columns=summed,
            total_row=totals if given else None,
            cell_formats=[
                (r, i, fmt)
                for i, c in enumerate(columns)
                if c.row_fmt is not None
                for r, item in enumerate(items)
                if (fmt := c.row_fmt(item)) is not c.fmt
            ],
            **more,
        )

    def at(self, header: str) -> int:
        """The index of the column under `header` (for highlights and chart series)."""
        return self.header.index(header)

    def fmt(self, column: int, row: int | None = None) -> Fmt:
        if row is not None:
            for r, c, f in self.cell_formats:
                if r == row and c == column:
                    return f
        return self.formats[column] if column < len(self.formats) else Fmt.TEXT

    def totals(self) -> list[Any]:
        """The totals row as Python computes it (renderers write SUM formulas; tests and
        mail bodies use these)."""
        out: list[Any] = [None] * len(self.header)
        for c in self.total_columns:
            out[c] = sum(
                (row[c] for row in self.rows if isinstance(row[c], int | float | Decimal)), 0
            )
        if out and 0 not in self.total_columns:
            out[0] = self.total_label
        return out


ChartKind = Literal["bar", "column", "line", "pie"]


class Chart(BaseModel):
    """A native chart over one table's columns."""

    kind: ChartKind = "column"
    title: str
    table: int  # index into ReportSheet.blocks (must be a Table)
    categories: int  # column holding the category labels
    # with a second label column (e.g. 分公司 then 回访人): categories..categories_to are
    # drawn as a multi-level axis
    categories_to: int | None = None
    values: list[int]  # columns plotted as series
    line: int | None = None  # a column drawn as a line over the bars (e.g. the target)
    y_title: str = ""


class ReportSheet(BaseModel):
    name: str  # sheet name (≤ 31 characters, no []:*?/\)
    title: str  # e.g. 客服部 2026年10月 回访汇总
    subtitle: str = ""  # e.g. the month, the branches, the reference time
    blocks: list[ReportTable | str] = []  # tables, or a line of text (notes, warnings)
    charts: list[Chart] = []
    signatures: list[str] = []  # e.g. 部门主管：________
    copy_to: str = ""  # e.g. 抄送：财务
    landscape: bool = True
    charts_below: bool = False  # charts under the last block (prints narrow) or to the right
    generated: datetime | None = None  # shown in the footer when given


class Report(BaseModel):
    """A whole generated workbook (or the generated sheets inside one)."""

    sheets: list[ReportSheet] = Field(default_factory=list)
