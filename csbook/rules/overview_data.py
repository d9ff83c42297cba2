"""总览 as data: the headline figures and the attention list as `rules.monthly.overview`
computes them, kept beside the sheet built from them.

`csbook summary` (and the 月度汇总 button, which uses the same writer) stores an
`OverviewData` in the summary workbook (`csbook.io.overview_store`), with the cell each figure
was written to; `csbook mail` quotes that, never the sheet's captions or layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel

from .report import Fmt, ReportSheet, ReportTable, percent_text

VALUE_HEADER = "数值"  # the headline's column of figures (the cells the writer records)


@dataclass(frozen=True)
class HeadlineFigure:
    """One figure of 总览's headline (a row of its first table)."""

    name: str  # 指标, e.g. 回访次数
    value: int | float | None  # a count, a share 0..1, or None (nothing to compute it from)
    fmt: Fmt
    target: str = ""  # 目标 as 总览 shows it
    flagged: bool = False  # misses its target: highlighted
    cell: str = ""  # where the workbook holds the value on 总览 (A1); set by the writer

    @property
    def shown(self) -> str:
        """The value as its cell shows it (a share as Excel's 0.0% rounds it; a blank cell
        as —), counts with thousands separators for the mail body."""
        if self.value is None:
            return "—"
        if self.fmt is Fmt.PERCENT:
            return percent_text(self.value)
        if float(self.value).is_integer():
            return f"{int(self.value):,}"
        return f"{self.value:,.2f}"


@dataclass(frozen=True)
class Concern:
    """One row of 总览's 需要关注 table."""

    what: str  # 事项
    branch: str
    count: int
    detail: str  # 明细

    def line(self) -> str:
        return f"{self.what}（{self.branch}）{self.count:,} 项：{self.detail}"


class OverviewData(BaseModel):
    """What 总览 says, as data: stored in the summary workbook and quoted by `csbook mail`."""

    # 1: this shape; a reader refuses any other (a workbook of a newer csbook)
    version: Literal[1] = 1
    sheet: str  # the sheet's name
    title: str
    subtitle: str = ""
    notes: list[str] = []  # the lines of text above the tables
    caption: str  # the headline's caption, naming the period: 本月主要指标, 本周主要指标 ...
    figures: list[HeadlineFigure]
    attention: list[Concern] = []
    quiet: str = ""  # said instead of the attention list when it is empty


class OverviewSheet(ReportSheet):
    """总览 as the rules build it: the report sheet, which of its blocks shows the figures,
    and the figures and attention list as data. Notes added to `blocks` later (the penalty
    notes of `csbook.summary`) are part of `data()`."""

    headline: ReportTable  # one of `blocks`
    figures: list[HeadlineFigure]  # one per row of `headline`, in order
    attention: list[Concern]
    quiet: str

    @property
    def headline_block(self) -> int:
        """The index of the headline table among `blocks` (it is that very object)."""
        return next(i for i, block in enumerate(self.blocks) if block is self.headline)

    def data(self, cells: list[str]) -> OverviewData:
        """The sheet as data, each figure with the cell (`cells`, in order) it was written to."""
        return OverviewData(
            sheet=self.name,
            title=self.title,
            subtitle=self.subtitle,
            notes=[block for block in self.blocks if isinstance(block, str)],
            caption=self.headline.caption,
            figures=[
                replace(figure, cell=cell) for figure, cell in zip(self.figures, cells, strict=True)
            ],
            attention=self.attention,
            quiet=self.quiet,
        )
