"""The month's penalty summary opens in LibreOffice, the totals LibreOffice recalculates from
the sheet's SUM formulas are the totals Python computed, and it prints on A4 landscape.

These tests need `soffice` (LibreOffice, installed by scripts/system-deps). Without it they
skip on a developer's machine and fail under CI (env var CI set).
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
from libreoffice import convert
from workbooks import (
    HANDOVER_HEADERS,
    NOV,
    ROSTER,
    month_summary,
    offence,
    penalty_book,
    rows_of,
    shift,
    tables,
    write_book,
)

from csbook.cli import main
from csbook.io.report_openpyxl import render
from csbook.rules.penalty_sheet import SHEET_NAME
from csbook.rules.report import Report, ReportSheet


def fen(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def totals_rows(ws: Any) -> list[tuple[Any, ...]]:
    return [row for row in ws.iter_rows(values_only=True) if row and row[0] == "合计"]


def a_month(tmp_path: Path) -> tuple[ReportSheet, list[Path]]:
    """A November with something of everything: fines, a running cut, lates from a handover
    log, leave with fen to round, an incomplete person, and a responsible unit."""
    roster = [*ROSTER, ["1004", "赵敏", "客服部", "客服专员", None, 300, 600, None, None]]
    offences = [
        offence("2026-10-08", "张伟", "S12"),
        offence("2026-10-20", "张伟", "S13"),  # a warning: cut in October and November
        offence("2026-11-03", "李娜", "L01"),
        offence("2026-11-09", "李娜", "L05"),
        offence("2026-11-10", "王芳", "S04", 涉及金额="33.335"),
        offence("2026-11-12", "王芳", "S22", 涉及金额=12.5, 处分要求="通报"),
        offence("2026-11-13", "赵敏", "M06"),  # no base salary: incomplete
        offence("2026-11-14", "钱七", "L01"),  # not on the roster: incomplete
    ]
    attendance = [
        ["2026-11", None, "张伟", 1, 0, 1, 1, 3, 0],
        ["2026-11", None, "李娜", 0, 1, 0, 0, 0, 8],
        ["2026-11", None, "王芳", 0, 0, 0, 0, 7, 15],
    ]
    penalties = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, attendance, roster)
    log = write_book(
        tmp_path / "交接班记录.xlsx",
        {
            "交接班": (
                HANDOVER_HEADERS,
                rows_of(
                    HANDOVER_HEADERS,
                    [
                        shift("2026-11-03", "早班", "李娜", "张伟", 接班到岗时间=time(8, 5)),
                        shift("2026-11-04", "早班", "李娜", "张伟", 接班到岗时间=time(8, 7)),
                    ],
                ),
            ),
            "参数": (["参数", "值", "说明"], []),
        },
    )
    return month_summary([penalties], NOV, handovers=[log]), [penalties, log]


def test_the_summary_workbook_recalculates_to_the_python_totals(tmp_path: Path) -> None:
    sheet, (penalties, log) = a_month(tmp_path)
    person_table, unit_table = tables(sheet)
    total = person_table.header.index("合计（元）")
    assert any(row[total] is None for row in person_table.rows)  # someone is incomplete
    written = tmp_path / "月处罚汇总.xlsx"
    render(Report(sheets=[sheet])).save(written)

    # the same sheet inside a compute copy of the 处罚汇总表
    copies = tmp_path / "computed"
    code = main(
        ["compute", str(penalties), "-o", str(copies), "--as-of", "2026-11-30", "--with", str(log)]
    )
    assert code == 1  # the planted V40 and P07 errors
    copy = copies / "处罚汇总表.xlsx"

    out = tmp_path / "lo"
    recalculated = convert([written, copy], "xlsx", out, tmp_path / "profile")
    for path in recalculated:
        ws = openpyxl.load_workbook(path, data_only=True)[SHEET_NAME]
        people_totals, unit_totals = totals_rows(ws)
        expected = person_table.totals()
        for c in person_table.total_columns:
            assert people_totals[c] is not None, (path.name, person_table.header[c])
            assert fen(people_totals[c]) == fen(expected[c]), (path.name, person_table.header[c])
        for c in unit_table.total_columns:
            assert unit_totals[c] == unit_table.totals()[c]
        assert ws["A1"].value == "客服部 2026年11月 处罚汇总表"

    # the grand total is the sum of the complete people's totals, to the fen
    complete = [row[total] for row in person_table.rows if row[total] is not None]
    assert fen(person_table.totals()[total]) == fen(sum(complete, Decimal(0)))


def test_the_summary_prints_on_a4_landscape(tmp_path: Path) -> None:
    sheet, _ = a_month(tmp_path)
    written = tmp_path / "月处罚汇总.xlsx"
    render(Report(sheets=[sheet])).save(written)
    (pdf,) = convert([written], "pdf", tmp_path / "lo", tmp_path / "profile")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 landscape: 842 × 595 points
        assert abs(float(width) - 841.9) < 2 and abs(float(height) - 595.3) < 2


def test_a_month_without_rows_still_opens(tmp_path: Path) -> None:
    empty = penalty_book(tmp_path / "处罚汇总表.xlsx", [])
    sheet = month_summary([empty], date(2026, 11, 1))
    written = tmp_path / "空.xlsx"
    render(Report(sheets=[sheet])).save(written)
    (path,) = convert([written], "xlsx", tmp_path / "lo", tmp_path / "profile")
    ws = openpyxl.load_workbook(path, data_only=True)[SHEET_NAME]
    people_totals, _ = totals_rows(ws)
    assert all(v in (0, None, "合计") for v in people_totals)
