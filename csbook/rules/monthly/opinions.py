"""意见征求: V04, the clients still short of their 意见征求 visits of the year."""

from __future__ import annotations

from ..report import Fmt, ReportSheet, ReportTable
from .sheet_common import sheet_subtitle, sheet_title
from .tallies import Figures


def opinions_sheet(f: Figures) -> ReportSheet:
    """意见征求: V04's list of clients short of their 意见征求 visits this year."""
    table = ReportTable(
        caption=f"本年（{f.period.last.year}年1月1日至{f.period.last:%m月%d日}）意见征求未完成的客户（V04）",
        header=[
            "分公司",
            "客户单位",
            "本年意见征求",
            "每年应有",
            "本年回访次数",
            "最近回访日期",
            "最近回访人",
            "来源",
        ],
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.INT, Fmt.INT, Fmt.DATE, Fmt.TEXT, Fmt.TEXT],
        rows=f.opinions,
        empty_note="（所有客户本年都已完成意见征求）",
        keys=2,
    )
    table.flagged = [(r, 2) for r in range(len(f.opinions))]
    return ReportSheet(
        name="意见征求",
        title=sheet_title(f.period, "意见征求情况"),
        subtitle=sheet_subtitle(f),
        blocks=["每个客户单位每个自然年至少应有一次意见征求回访（客户名单取自回访登记）。", table],
        generated=f.as_of,
        landscape=False,
    )
