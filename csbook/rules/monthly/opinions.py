"""意见征求: V04, the clients still short of their 意见征求 visits of the year."""

from __future__ import annotations

from ..report import ColumnSpec, Fmt, ReportSheet, ReportTable
from .listings import ClientOpinions
from .sheet_common import BRANCH, SOURCE, flag_items, sheet_subtitle, sheet_title
from .tallies import Figures

_COLUMNS: list[ColumnSpec[ClientOpinions]] = [
    BRANCH,
    ColumnSpec("客户单位", Fmt.TEXT, lambda c: c.client),
    ColumnSpec("本年意见征求", Fmt.INT, lambda c: c.opinions),
    ColumnSpec("每年应有", Fmt.INT, lambda c: c.required),
    ColumnSpec("本年回访次数", Fmt.INT, lambda c: c.visits_this_year),
    ColumnSpec("最近回访日期", Fmt.DATE, lambda c: c.last_day),
    ColumnSpec("最近回访人", Fmt.TEXT, lambda c: c.last_staff),
    SOURCE,
]


def opinions_sheet(f: Figures) -> ReportSheet:
    """意见征求: V04's list of clients short of their 意见征求 visits this year."""
    start, end = f.period.opinion_days
    subtitle = sheet_subtitle(f)
    if end < f.period.last:  # a week across the new year: its ISO week-year's list
        subtitle += f"　本周跨年，意见征求按{start.year}年统计（至{end:%m月%d日}）"
    table = ReportTable.of(
        f"本年（{start.year}年1月1日至{end:%m月%d日}）意见征求未完成的客户（V04）",
        _COLUMNS,
        f.opinions,
        empty_note="（所有客户本年都已完成意见征求）",
        keys=2,
    )
    flag_items(table, "本年意见征求", f.opinions, lambda c: c.opinions < c.required)
    counts = {c.required for c in f.opinions}  # 每年意见征求次数 of each client's branch
    times = f"{counts.pop()}次" if len(counts) == 1 else "参数“每年意见征求次数”所定的次数"
    return ReportSheet(
        name="意见征求",
        title=sheet_title(f.period, "意见征求情况"),
        subtitle=subtitle,
        blocks=[
            f"每个客户单位每个自然年至少应有{times}意见征求回访（客户名单取自回访登记；"
            "各客户应有的次数见“每年应有”列）。",
            table,
        ],
        generated=f.as_of,
        landscape=False,
    )
