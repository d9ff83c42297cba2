"""Every button on registers of 100, 1,000 and 10,000 rows: the calls into Excel one press
makes, counted two ways, and the Python time it takes.

- **remote actions**: through xlwings' remote engine (xlwings Server / Lite), the actions a
  press sends to the Excel client (`book.json()["actions"]`).
- **desktop COM calls**: through xlwings' own Windows engine (`xlwings/_xlwindows.py`, what
  runs behind a desktop `RunPython` button) driving a stand-in for Excel's object model that
  counts every property read, property write and method call (tests/xlwings_com.py): each
  is one crossing into the Excel process.

The registers are the sample workbooks grown to the size (their data rows repeated), kept
side by side in one folder as a department keeps them; about 2 % of the visit rows carry a
mistake. Each button is pressed twice, the second time on the result of the first (the
first press of 校验 adds the hidden marks sheet, the rules and the 校验结果 sheet; 清除标记
is pressed after a 校验). Targets: at most 40 remote actions and 150 COM calls a press,
the same at every size.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/excel_calls.py [--rows 100 1000 10000]

xlwings' remote engine is part of xlwings PRO; the noncommercial key is for this benchmark
run only (the desktop buttons use the BSD-licensed core).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings_com as xc
import xlwings_remote as xr

from csbook.excel import buttons
from csbook.excel import source as clock
from csbook.io.templates import TEMPLATE_FILES
from csbook.rules.schema import BOOKS, ROSTER

AS_OF = datetime(2026, 10, 31, 18, 0)
SAMPLES = Path(buttons.__file__).resolve().parents[1] / "sample"
REMOTE_TARGET, DESKTOP_TARGET = 40, 150
# button, the workbook kind it is pressed on, the button pressed before it (if any), and
# whether the workbook is alone in its folder (处罚汇总 without a visit register beside: its
# units' table empty, the dearest month)
PRESSES: list[tuple[str, str, str | None, bool]] = [
    ("validate", "visits", None, False),
    ("compute", "visits", None, False),
    ("clear_marks", "visits", "validate", False),
    ("month_summary", "visits", None, False),
    ("validate", "handover", None, False),
    ("compute", "penalties", None, False),
    ("penalty_summary", "penalties", None, False),
    ("penalty_summary", "penalties", None, True),
]
LABEL = {
    "validate": "校验",
    "compute": "计算",
    "clear_marks": "清除标记",
    "month_summary": "月度汇总",
    "penalty_summary": "处罚汇总",
}


def grow(kind: str, rows: int, path: Path) -> Path:
    """The sample workbook of `kind` with each input sheet's data rows repeated up to
    `rows` rows (a sheet's rows keep their order; a 2 % of visits get a bad phone number)."""
    wb = openpyxl.load_workbook(SAMPLES / TEMPLATE_FILES[kind])
    book = next(b for b in BOOKS if b.kind == kind)
    for schema in book.sheets[:1]:
        ws = wb[schema.name]
        headers = {c.header for c in schema.columns}
        header_row = next(
            r for r in range(1, 20) if any(ws.cell(r, c).value in headers for c in range(1, 30))
        )
        data = [
            list(row)
            for row in ws.iter_rows(min_row=header_row + 1, values_only=True)
            if any(v not in (None, "") for v in row)
        ]
        ws.delete_rows(header_row + 1, ws.max_row)
        phone = next(
            (c for c, col in enumerate(schema.columns) if col.key == "phone"),
            None,
        )
        # a roster grown is more people, not the same people again (a 工号 given twice is a
        # finding, V44): each round numbers its 工号 and names on
        unique = [
            c
            for c, col in enumerate(schema.columns)
            if schema.name == ROSTER.name and col.key in ("staff_id", "name")
        ]
        for i in range(rows):
            row = list(data[i % len(data)])
            if phone is not None and i % 50 == 25 and phone < len(row):
                row[phone] = "12345"
            for c in unique:
                if i >= len(data) and c < len(row) and row[c] is not None:
                    row[c] = f"{row[c]}{i // len(data):04d}"
            for c, value in enumerate(row, start=1):
                ws.cell(header_row + 1 + i, c, value)
    wb.save(path)
    return path


def remote(path: Path, entry: str, out: Path) -> tuple[int, float]:
    """One press through the remote engine; the workbook at `path` is replaced by the
    result. Returns the actions and the seconds."""
    book = xr.open_book(path, name=str(path))
    started = time.perf_counter()
    buttons.ENTRY_POINTS[entry](book)
    spent = time.perf_counter() - started
    actions = book.json()["actions"]
    xr.apply(path, actions, out)
    shutil.move(out, path)
    return len(actions), spent


def desktop(book: Any, entry: str) -> int:
    xc.counter.reset()
    buttons.ENTRY_POINTS[entry](book)
    return xc.counter.calls


def run(folder: Path, rows: int, report: Callable[..., None]) -> None:
    paths = {kind: grow(kind, rows, folder / name) for kind, name in TEMPLATE_FILES.items()}
    pristine = folder / "pristine"
    pristine.mkdir(exist_ok=True)
    for path in paths.values():
        shutil.copy(path, pristine / path.name)
    alone = folder / "alone"
    alone.mkdir(exist_ok=True)
    for entry, kind, before, by_itself in PRESSES:
        path = paths[kind]
        shutil.copy(pristine / path.name, path)
        if by_itself:
            path = alone / path.name
            shutil.copy(pristine / path.name, path)
        for old in folder.glob("*月度汇总*"):
            old.unlink()
        model = xc.load(path)
        book = xc.wrap(model)
        if before is not None:
            remote(path, before, folder / "out.xlsx")
            desktop(book, before)
        first, spent = remote(path, entry, folder / "out.xlsx")
        second, _ = remote(path, entry, folder / "out.xlsx")
        com_first = desktop(book, entry)
        com_second = desktop(book, entry)
        report(
            rows,
            f"{LABEL[entry]}（{TEMPLATE_FILES[kind]}{'，单独' if by_itself else ''}）",
            first,
            second,
            com_first,
            com_second,
            spent,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 10000])
    args = parser.parse_args()
    xr.remote_engine()
    clock.now = lambda: AS_OF  # statuses judged at a fixed moment
    print(
        f"{'rows':>6}  {'button':<22} {'remote 1st':>10} {'2nd':>4} "
        f"{'COM 1st':>8} {'2nd':>4} {'python s':>9}"
    )
    seen: dict[str, set[tuple[int, ...]]] = {}
    over = []

    def report(rows: int, label: str, r1: int, r2: int, d1: int, d2: int, spent: float) -> None:
        print(f"{rows:>6}  {label:<22} {r1:>10} {r2:>4} {d1:>8} {d2:>4} {spent:>9.3f}")
        seen.setdefault(label, set()).add((r1, r2, d1, d2))
        if max(r1, r2) > REMOTE_TARGET or max(d1, d2) > DESKTOP_TARGET:
            over.append(f"{label} at {rows} rows")

    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            folder = Path(tmp) / str(rows)
            folder.mkdir()
            run(folder, rows, report)
    growing = [label for label, counts in seen.items() if len(counts) > 1]
    print()
    print(f"targets: <= {REMOTE_TARGET} remote actions, <= {DESKTOP_TARGET} COM calls a press")
    print("over target: " + ("、".join(over) if over else "none"))
    print("counts that change with the rows: " + ("、".join(growing) if growing else "none"))


if __name__ == "__main__":
    main()
