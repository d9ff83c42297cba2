"""The 校验 button on visit registers of 100, 1,000 and 10,000 rows (about 2 % of the rows
carrying a finding, spread out), through xlwings' remote engine: the number of actions (calls
into Excel) one press asks for, and the Python time it takes.

Each register is a real template filled with rows; the payload is what an Excel client sends
for it. The time is the button's own (reading the payload's sheets, judging, planning, queuing
the actions); building the payload and `xw.Book(json=...)` are timed apart. The first press
adds the hidden marks sheet, the conditional formats and the 校验结果 sheet; the second press
(on the result of the first) only rewrites them.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/excel_calls.py [--rows 100 1000 10000]

xlwings' remote engine is part of xlwings PRO; the noncommercial key is for this benchmark
run only (the desktop buttons use the BSD-licensed core).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings_remote as xr

from csbook.excel import buttons
from csbook.io.templates import build_template
from csbook.pipeline import Options

AS_OF = datetime(2026, 11, 30, 18, 0)
AGENTS = ("王芳", "李娜", "刘洋", "陈静")
METHODS = ("电话", "电话", "微信", "邮件")


def register(rows: int, path: Path) -> tuple[Path, int]:
    """A month of call-backs; one row in 50 has a mistake, spread evenly (a bad phone
    number, an unreadable date, a missing agent, a visit in person without a signature)."""
    records = []
    bad = 0
    start = date(2026, 11, 2)
    for i in range(rows):
        record = {
            "visit_date": start + timedelta(days=i % 26),
            "client": f"客户单位{i % 400:03d}",
            "contact": "王经理",
            "phone": f"139{i:08d}",
            "method": METHODS[i % len(METHODS)],
            "kind": "定期回访",
            "satisfaction": "满意",
            "staff": AGENTS[i % len(AGENTS)],
        }
        if i % 50 == 25:
            bad += 1
            mistake = (i // 50) % 4
            if mistake == 0:
                record["phone"] = "12345"
            elif mistake == 1:
                record["visit_date"] = "2026-11-31"
            elif mistake == 2:
                record["staff"] = None
            else:
                record["method"] = "上门"
        records.append(record)
    return build_template("visits", path, rows={"回访登记": records}), bad


def press(path: Path) -> tuple[int, float, float, Counter[str], int, list]:
    started = time.perf_counter()
    book = xr.open_book(path)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    report = buttons.run_check(book, Options(as_of=AS_OF), computed=False)
    spent = time.perf_counter() - started
    actions = book.json()["actions"]
    return (
        len(actions),
        opened,
        spent,
        Counter(a["func"] for a in actions),
        len(report.findings),
        actions,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 10000])
    args = parser.parse_args()
    xr.remote_engine()
    print(
        f"{'rows':>6} {'bad rows':>8} {'findings':>8} {'press':>6} {'actions':>7} "
        f"{'python s':>9} {'payload s':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path, bad = register(rows, Path(tmp) / f"回访登记表-{rows}.xlsx")
            n, opened, spent, funcs, found, actions = press(path)
            print(f"{rows:>6} {bad:>8} {found:>8} {'1st':>6} {n:>7} {spent:>9.3f} {opened:>9.3f}")
            marked = Path(tmp) / "marked"
            marked.mkdir(exist_ok=True)
            xr.apply(path, actions, marked / path.name)
            n2, opened2, spent2, funcs2, _, _ = press(marked / path.name)
            print(f"{'':>6} {'':>8} {'':>8} {'2nd':>6} {n2:>7} {spent2:>9.3f} {opened2:>9.3f}")
            print(f"{'':>33}1st: {dict(funcs)}")
            print(f"{'':>33}2nd: {dict(funcs2)}")


if __name__ == "__main__":
    main()
