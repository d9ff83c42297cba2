"""来源: one row per input file — its branch, rows, findings and whether it was counted."""

from __future__ import annotations

from ..report import ColumnSpec, Fmt, ReportSheet, ReportTable
from .parts import SourceRow, State
from .sheet_common import flag_items, sheet_subtitle, sheet_title
from .tallies import Figures


def sources_sheet(f: Figures, sources: list[SourceRow]) -> ReportSheet:
    """来源: one row per input file."""
    columns: list[ColumnSpec[SourceRow]] = [
        ColumnSpec("文件", Fmt.TEXT, lambda s: s.name),
        ColumnSpec("分公司", Fmt.TEXT, lambda s: s.branch),
        ColumnSpec("类型", Fmt.TEXT, lambda s: s.kind),
        ColumnSpec("读取行数", Fmt.INT, lambda s: s.rows),
        ColumnSpec(f"{f.period.this}行数", Fmt.INT, lambda s: s.period_rows),
        ColumnSpec("错误", Fmt.INT, lambda s: s.errors),
        ColumnSpec("警告", Fmt.INT, lambda s: s.warnings),
        ColumnSpec("状态", Fmt.TEXT, lambda s: str(s.state)),
        ColumnSpec("说明", Fmt.TEXT, lambda s: s.reason),
    ]
    table = ReportTable.of("输入文件", columns, sources, empty_note="（没有输入文件）", keys=1)
    flag_items(table, "状态", sources, lambda s: s.state is not State.COMPLETE)
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
