"""A report table described by column specs (`ReportTable.of`): each column's header,
format and value, its cell in the totals row (a SUM formula or a value) and a per-row format
where a column mixes counts and shares — written to a workbook and read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from csbook.io.report_xlsx import render
from csbook.rules.report import ColumnSpec, Fmt, Report, ReportSheet, ReportTable, Total

# (分公司, 回访次数, 客户签字)
ROWS = [("清江浦", 12, 9), ("淮阴", 8, 8)]


def _written(table: ReportTable, tmp_path: Path) -> list[list[Cell]]:
    """The table's rows as written, from its header row on."""
    path = tmp_path / "table.xlsx"
    render(Report(sheets=[ReportSheet(name="表", title="标题", blocks=[table])])).save(path)
    rows = [list(row) for row in openpyxl.load_workbook(path)["表"].iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0].value == table.header[0])
    return [row[: len(table.header)] for row in rows[start:]]


def _values(rows: list[list[Cell]]) -> list[list[object]]:
    return [[c.value for c in row] for row in rows]


def test_summed_columns_total_as_formulas(tmp_path: Path) -> None:
    columns: list[ColumnSpec[tuple[str, int, int]]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda r: r[0]),
        ColumnSpec("回访次数", Fmt.INT, lambda r: r[1], Total.SUM),
        ColumnSpec("客户签字", Fmt.INT, lambda r: r[2]),
    ]
    table = ReportTable.of("各分公司", columns, ROWS)
    assert table.total_columns == [1] and table.total_row is None
    header, *rows, totals = _values(_written(table, tmp_path))
    assert header == ["分公司", "回访次数", "客户签字"]
    assert rows == [["清江浦", 12, 9], ["淮阴", 8, 8]]
    assert totals[0] == "合计" and str(totals[1]).startswith("=SUM(B") and totals[2] is None


def test_given_totals_and_per_row_formats(tmp_path: Path) -> None:
    shares = [("签字率", 0.75, Fmt.PERCENT), ("回访次数", 20, Fmt.INT)]
    columns: list[ColumnSpec[tuple[str, float, Fmt]]] = [
        ColumnSpec("指标", Fmt.TEXT, lambda r: r[0], "合计"),
        ColumnSpec("数值", Fmt.INT, lambda r: r[1], 20.75, row_fmt=lambda r: r[2]),
    ]
    table = ReportTable.of("主要指标", columns, shares)
    assert table.total_row == ["合计", 20.75]
    assert table.cell_formats == [(0, 1, Fmt.PERCENT)]  # only where it differs
    _, share, count, totals = _written(table, tmp_path)
    assert [c.value for c in share] == ["签字率", 0.75] and "%" in share[1].number_format
    assert [c.value for c in count] == ["回访次数", 20] and "%" not in count[1].number_format
    assert [c.value for c in totals] == ["合计", 20.75]


def test_a_totals_row_is_formulas_or_values_not_both() -> None:
    columns: list[ColumnSpec[tuple[str, int, int]]] = [
        ColumnSpec("分公司", Fmt.TEXT, lambda r: r[0], "合计"),
        ColumnSpec("回访次数", Fmt.INT, lambda r: r[1], Total.SUM),
    ]
    with pytest.raises(ValueError, match="SUM formulas or values"):
        ReportTable.of("各分公司", columns, ROWS)
