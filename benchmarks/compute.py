"""`csbook compute` on a visit register of 100,000 rows made from the template, against a bare
python-calamine read of the same file (target: at most 3×).

Each side runs as a fresh process (interpreter start included), three times; the medians of
wall time and of CPU time (user + system of the child) and their ratios are printed, with
the load average: on a shared machine the CPU ratio is the steadier figure.

    python benchmarks/compute.py [--rows 100000] [--keep FILE]

`csbook validate` of the same file is timed too: the difference is the copy's cost.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from summary import BARE, run  # benchmarks/summary.py: the same bare read and timing

from csbook.io.templates import build_template

RUNS = 3
AGENTS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴军"]


def visits(rows: int, seed: int = 11) -> list[dict[str, object]]:
    """A year of visits by ten agents; some resolved, some followed up, a few unsigned."""
    rnd = random.Random(seed)
    start = date(2026, 1, 5)
    out: list[dict[str, object]] = []
    for _ in range(rows):
        day = start + timedelta(days=rnd.randrange(320))
        resolved = day + timedelta(days=rnd.randrange(5)) if rnd.random() < 0.3 else None
        out.append(
            {
                "visit_date": day,
                "client": f"客户单位{rnd.randrange(2000):04d}",
                "contact": rnd.choice(["王经理", "李主任", "张科长"]),
                "phone": f"1{rnd.choice('3578')}{rnd.randrange(10**9):09d}",
                "method": rnd.choice(["电话", "上门", "微信"]),
                "kind": rnd.choice(["定期回访", "满意度调查", "售后回访"]),
                "feedback": rnd.choice(["服务很好", "希望加强夜间巡逻", None]),
                "promise": "三日内整改" if resolved else None,
                "promised_by": day + timedelta(days=3) if resolved else None,
                "resolved_on": resolved,
                "followup_on": resolved + timedelta(days=2)
                if resolved and rnd.random() < 0.9
                else None,
                "signed_by": "客户",
                "staff": rnd.choice(AGENTS) if rnd.random() < 0.99 else None,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the register here (reused if present)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csbook-bench-"))
    path = args.keep or folder / "回访登记表.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        build_template("visits", path, rows={"回访登记": visits(args.rows)})
        print(f"built {path} ({args.rows:,} rows) in {time.perf_counter() - t0:.1f} s")
    compute = [sys.executable, "-m", "csbook", "compute", str(path)]
    compute += ["-o", str(folder / "out"), "--as-of", "2026-11-30"]
    # the same reading and judging without writing: what the copy itself costs
    validate = [sys.executable, "-m", "csbook", "validate", str(path), "--as-of", "2026-11-30"]
    bare = [sys.executable, "-c", BARE, str(path)]
    load = os.getloadavg()[0]
    runs = {"bare": bare, "compute": compute, "validate": validate}
    figures = {name: medians(argv) for name, argv in runs.items()}
    wall, cpu = figures["bare"]
    print(f"load average       : {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    for name, label in (
        ("bare", "bare calamine read"),
        ("compute", "csbook compute"),
        ("validate", "csbook validate"),
    ):
        print(
            f"{label:<19}: {figures[name][0]:6.2f} s wall, {figures[name][1]:6.2f} s CPU"
            f"  (medians of {RUNS})"
        )
    print(
        f"ratio              : {figures['compute'][0] / wall:6.2f} wall, "
        f"{figures['compute'][1] / cpu:6.2f} CPU  (target <= 3.0)"
    )


def medians(argv: list[str]) -> tuple[float, float]:
    """Median wall and CPU seconds (user + system) of RUNS fresh processes of `argv`."""
    walls, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(run(argv))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


if __name__ == "__main__":
    main()
