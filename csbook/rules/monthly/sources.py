"""来源: one row per input file — its branch, rows, findings and whether it was counted."""

from __future__ import annotations

from ..report import Fmt, ReportSheet, ReportTable
from .parts import SourceRow, State
from .sheet_common import sheet_subtitle, sheet_title
from .tallies import Figures


def sources_sheet(f: Figures, sources: list[SourceRow]) -> ReportSheet:
    """来源: one row per input file."""
    table = ReportTable(
        caption="输入文件",
        header=[
            "文件",
            "分公司",
            "类型",
            "读取行数",
            f"{f.period.this}行数",
            "错误",
            "警告",
            "状态",
            "说明",
        ],
        formats=[
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.TEXT,
            Fmt.INT,
            Fmt.INT,
            Fmt.INT,
            Fmt.INT,
            Fmt.TEXT,
            Fmt.TEXT,
        ],
        rows=[
            [
                s.name,
                s.branch,
                s.kind,
                s.rows,
                s.period_rows,
                s.errors,
                s.warnings,
                str(s.state),
                s.reason,
            ]
            for s in sources
        ],
        empty_note="（没有输入文件）",
        keys=1,
    )
    table.flagged = [(r, 7) for r, s in enumerate(sources) if s.state is not State.COMPLETE]
    return ReportSheet(
        name="来源",
        title=sheet_title(f.period, "数据来源"),
        subtitle=sheet_subtitle(f),
        blocks=[
            f"每个输入文件一行：所属分公司、读取的数据行数（不含过失目录）、其中{f.period.this}的行数、",
            "校验发现的错误和警告数，以及是否完整计入本汇总。",
            table,
        ],
        generated=f.as_of,
    )
