"""`csbook summary --year` (and `--month`) over 100 branch files of 2,000 rows each, against
a bare python-calamine read of the same files.

Fifty branches each send a visit register (1,800 visits and 200 complaints over 2026) and a
handover log (2,000 shifts, three a day, up to the end of October 2026), written into the
real templates (title row, dropdowns, styles, 参数 and 节假日 sheets); the summaries are made for the year 2026 (the target: at most 2.5 times the bare read) and for October 2026.
Every side runs as a fresh process (interpreter start included), three times, interleaved so
that a busy moment of the machine hits them all; the figures printed are the medians of the
wall times and of the CPU times (user + system of the process and its workers, which a
machine shared with other work disturbs less), each run's load average beside it. The bare
read opens every file and reads every sheet, spread over as many processes as csbook uses
(its --jobs, else the machine's cores), as a script that only wants the values would. A
third line times csbook's reading and judging of the files alone (`summary.read_all`, the
same processes): what is left of the summary's time is summarising and writing. The children
keep their compiled bytecode in a private folder and each runs once unmeasured first, so
csbook is timed as installed, not recompiling its modules where PYTHONDONTWRITEBYTECODE is set.

    python benchmarks/summary.py [--branches 50] [--rows 2000] [--keep DIR] [--jobs N] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from csbook.io.templates import build_template
from csbook.rules.schema import COMPLAINTS, HANDOVER, VISITS, BookKind
from csbook.rules.settings import Settings

AGENTS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"]
METHODS = ["电话", "电话", "电话", "上门", "微信", "邮件", "信函"]
KINDS = ["定期回访", "定期回访", "满意度调查", "售后回访", "意见征求"]
LEVELS = ["非常满意", "满意", "满意", "一般", "不满意", None]
UNITS = ["一站", "二站", "三站", "巡逻大队"]
SHIFTS = [("早班", 8), ("中班", 16), ("夜班", 0)]
TARGET = 2.5


def build_visits(path: Path, rows: int, branch: str, rnd: random.Random) -> None:
    """A year's visit register of one branch, written into the real template (title row,
    dropdowns, styles, 参数 and 节假日 sheets)."""
    complaints = rows // 10
    visits = []
    start = date(2026, 1, 5)
    for _ in range(rows - complaints):
        day = start + timedelta(days=rnd.randrange(300))
        method = rnd.choice(METHODS)
        resolved = day + timedelta(days=rnd.randrange(4)) if rnd.random() < 0.3 else None
        followed = (
            resolved + timedelta(days=rnd.randrange(5)) if resolved and rnd.random() < 0.9 else None
        )
        values = {
            "visit_date": day,
            "client": f"客户单位{rnd.randrange(300):03d}",
            "phone": f"13{rnd.randrange(10**9):09d}",
            "method": method,
            "kind": rnd.choice(KINDS),
            "promise": "三日内整改" if resolved else None,
            "promised_by": day + timedelta(days=3) if resolved else None,
            "resolved_on": resolved,
            "followup_on": followed,
            "satisfaction": rnd.choice(LEVELS),
            "signed_by": "客户" if method == "上门" or rnd.random() < 0.3 else None,
            "staff": rnd.choice(AGENTS),
            "reviewed_by": "主管" if rnd.random() < 0.5 else None,
        }
        visits.append({k: v for k, v in values.items() if v is not None})
    complaint_rows = []
    for r in range(1, complaints + 1):
        received = datetime(2026, 1, 5, 9) + timedelta(hours=rnd.randrange(300 * 24))
        # replies at ten past: a moment of exactly 00:00 would read as a day alone (a date
        # typed), whose status on the day it is due is unknown
        replied = received + timedelta(hours=rnd.choice([1, 3, 20, 30, 50]), minutes=10)
        values = {
            "complaint_id": f"TS{r:05d}",
            "received_at": received,
            "client": f"客户单位{rnd.randrange(300):03d}",
            "channel": rnd.choice(["电话", "来访", "微信", "网站"]),
            "category": rnd.choice(["服务态度", "服务质量", "工作效率"]),
            "content": "门岗人员态度生硬",
            "unit": rnd.choice(UNITS),
            "replied_at": replied if rnd.random() < 0.95 else None,
            "severe": "是" if rnd.random() < 0.01 else "否",
            "owner": rnd.choice(AGENTS),
        }
        complaint_rows.append({k: v for k, v in values.items() if v is not None})
    settings = Settings(branch=branch, unit_volume={"一站": 1200, "二站": 900, "三站": 800})
    build_template(
        BookKind.VISITS,
        path,
        settings=settings,
        rows={VISITS.name: visits, COMPLAINTS.name: complaint_rows},
    )


def build_handover(path: Path, rows: int, branch: str, rnd: random.Random) -> None:
    """Shifts up to the end of October 2026, three a day, into the real template."""
    first = date(2026, 10, 31) - timedelta(days=(rows - 1) // 3)
    people = rnd.sample(AGENTS, 4)
    taker = people[0]
    shifts = []
    for r in range(1, rows + 1):
        day = first + timedelta(days=(r - 1) // 3)
        name, hour = SHIFTS[(r - 1) % 3]
        giver = taker if rnd.random() > 0.01 else rnd.choice(people)  # now and then a 脱班
        taker = rnd.choice([p for p in people if p != giver])
        minutes = rnd.choice([-25, -20, -15, -12, -5, 3])
        arrived = (datetime(2026, 1, 1, hour) + timedelta(minutes=minutes)).time()
        values = {
            "date": day,
            "shift": name,
            "from_staff": giver,
            "to_staff": taker,
            "arrived_at": arrived,
            "items": "无",
            "from_signed": giver,
            "to_signed": taker if rnd.random() < 0.98 else None,
            "face_to_face": "是",
            "reviewed_by": "主管" if (r - 1) % 3 == 0 else None,
        }
        shifts.append({k: v for k, v in values.items() if v is not None})
    build_template(
        BookKind.HANDOVER, path, settings=Settings(branch=branch), rows={HANDOVER.name: shifts}
    )


def build(folder: Path, branches: int, rows: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(branches):
        rnd = random.Random(n)
        branch = f"第{n + 1:02d}分公司"
        visits = folder / f"{branch}-回访登记表.xlsx"
        handover = folder / f"{branch}-交接班记录.xlsx"
        if not visits.exists():
            build_visits(visits, rows, branch, rnd)
        if not handover.exists():
            build_handover(handover, rows, branch, rnd)
        paths += [visits, handover]
    return paths


BARE = """
import sys
from concurrent.futures import ProcessPoolExecutor
from python_calamine import CalamineWorkbook

def read(path):
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()

if __name__ == "__main__":
    jobs, paths = int(sys.argv[1]), sys.argv[2:]
    if jobs == 1:
        for path in paths:
            read(path)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(read, paths))
"""

# csbook's reading and judging alone, as `csbook summary --year` does it
READ_ONLY = """
import sys
from datetime import datetime
from pathlib import Path
from csbook.rules.periods import Period
from csbook.summary import read_all

jobs, year, paths = int(sys.argv[1]), int(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
read_all(paths, datetime(year, 12, 31, 23, 59, 59), period=Period.year(year), jobs=jobs, progress=False)
"""


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user + system time, the process's workers included
    load: float  # the one-minute load average when the run ended


def run(argv: list[str], env: dict[str, str]) -> Run:
    """Wall and CPU time of a fresh process (and its workers, which it waits for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{argv[:4]} failed: {done.stderr.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(elapsed, cpu, os.getloadavg()[0])


def _median(runs: list[Run], what: str) -> float:
    return statistics.median(getattr(r, what) for r in runs)


def _line(label: str, runs: list[Run], bare: list[Run], target: float | None = None) -> None:
    """Medians of wall and CPU time, their ratios to the bare read, and every run."""
    wall, cpu = _median(runs, "wall"), _median(runs, "cpu")
    ratios = (
        f"ratio wall {wall / _median(bare, 'wall'):5.2f}, cpu {cpu / _median(bare, 'cpu'):5.2f}"
    )
    print(
        f"{label:21}: wall {wall:6.2f} s, cpu {cpu:6.2f} s"
        + (f"   {ratios}" if runs is not bare else "")
    )
    if target is not None:
        print(f"{'':21}  target: wall ratio <= {target}")
    each = ", ".join(f"{r.wall:.2f}/{r.cpu:.2f} s (load {r.load:.1f})" for r in runs)
    print(f"{'':21}  runs (wall/cpu): {each}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=50, help="two files per branch")
    parser.add_argument("--rows", type=int, default=2000, help="data rows per file")
    parser.add_argument("--keep", type=Path, help="build the files here (reused if present)")
    parser.add_argument("--jobs", type=int, help="csbook summary --jobs (default: all cores)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per side")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="csbook-summary-bench-"))
    t0 = time.perf_counter()
    paths = build(folder / "in", args.branches, args.rows)
    print(
        f"{len(paths)} files of {args.rows:,} rows in {folder / 'in'} ({time.perf_counter() - t0:.1f} s)"
    )
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(paths)))  # as csbook.summary does
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    files = [str(p) for p in paths]

    def summary(*period: str) -> list[str]:
        out = folder / f"汇总{''.join(period)}.xlsx"
        options = ["--as-of", "2026-12-31", "-o", str(out), "--no-progress", "--jobs", str(jobs)]
        return [sys.executable, "-m", "csbook", "summary", str(folder / "in"), *period, *options]

    commands = {
        "bare calamine read": [sys.executable, "-c", BARE, str(jobs), *files],
        "csbook summary year": summary("--year", "2026"),
        "csbook summary month": summary("--month", "2026-10"),
        "csbook read only": [sys.executable, "-c", READ_ONLY, str(jobs), "2026", *files],
    }
    for command in commands.values():  # compiles the bytecode, warms the file cache
        run(command, env)
    runs: dict[str, list[Run]] = {label: [] for label in commands}
    for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits all
        for label, command in commands.items():
            runs[label].append(run(command, env))
    print(f"processes            : {jobs} (cores: {os.cpu_count()})")
    bare = runs["bare calamine read"]
    _line("bare calamine read", bare, bare)
    _line("csbook summary year", runs["csbook summary year"], bare, TARGET)
    _line("csbook summary month", runs["csbook summary month"], bare)
    _line("csbook read only", runs["csbook read only"], bare)


if __name__ == "__main__":
    main()
