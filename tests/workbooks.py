"""Building real workbook files for tests: sheets of headers and rows, written by openpyxl."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from csbook.cli import main
from csbook.pipeline import FileReport, Options, check

Rows = Sequence[Sequence[Any]]

# a correct visit and complaint, by column key (for build_template rows)
VISIT = {
    "visit_date": date(2026, 11, 3),
    "client": "甲公司",
    "contact": "刘经理",
    "phone": "13812345678",
    "method": "电话",
    "kind": "定期回访",
    "staff": "张伟",
}
# received Monday 2026-11-02 09:00: a reply is due Tuesday 2026-11-03 09:00
COMPLAINT = {
    "complaint_id": "T001",
    "received_at": datetime(2026, 11, 2, 9, 0),
    "client": "甲公司",
    "channel": "电话",
    "content": "账单有误",
    "unit": "一站",
    "replied_at": datetime(2026, 11, 2, 10, 0),
    "owner": "王芳",
}


def write_book(path: Path, sheets: dict[str, tuple[Sequence[str], Rows]]) -> Path:
    """Write `sheets` (name -> (headers, rows)) to `path`; header in row 1, data from row 2.

    A cell value given as ("error", "#REF!") is written as an Excel error value, and
    ("formula", "=A1") as a formula without a cached value.
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(headers))
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c)
                if isinstance(value, tuple) and value[0] == "error":
                    cell.value = value[1]
                    cell.data_type = "e"
                elif isinstance(value, tuple) and value[0] == "formula":
                    cell.value = value[1]
                else:
                    cell.value = value
    wb.save(path)
    return path


def rows_of(headers: Sequence[str], records: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """Rows in header order from dicts keyed by header text (missing keys are blank)."""
    return [[rec.get(h) for h in headers] for rec in records]


def run(path: Path, as_of: datetime, roster: frozenset[str] | None = None) -> FileReport:
    """Check a file; it must be readable, and every message must render in both languages."""
    report = check(path, Options(as_of=as_of, roster=roster))
    assert report.error is None, report.error
    for f in report.findings:  # a missing parameter raises
        assert f.message("zh") and f.message("en")
    return report


def run_cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """csbook's command line in this process: (exit code, stdout, stderr)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as e:  # argparse reports its own usage errors this way
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def facts(report: FileReport, *rules: str) -> list[tuple[Any, ...]]:
    """(rule, sheet, row, column, severity) of the findings, optionally of some rules only."""
    return [
        (f.rule, f.sheet, f.row, f.column, f.severity)
        for f in report.findings
        if not rules or f.rule in rules
    ]


def computed(report: FileReport, sheet: str, key: str) -> list[Any]:
    """A computed column of one sheet (by its schema name)."""
    (result,) = [r for r in report.results if r.table.schema.name == sheet]
    return result.computed[key]
