"""`csbook validate` on a visit register of 100,000 rows made from the template (title row,
dropdowns on the first rows, 参数 and 节假日), against a bare python-calamine read of it.

Both run as fresh processes (interpreter start included on both sides), three times each,
interleaved; the figures printed are the medians of the wall times and of the CPU times (user +
system of the child, which a machine shared with other work disturbs less), and csbook's peak
resident memory, with the load average (on a shared machine the CPU ratio is the steadier
figure). The children keep their compiled bytecode in a private folder and each side
runs once unmeasured first, so csbook is timed as installed (pip compiles it), not recompiling
its modules on every run where PYTHONDONTWRITEBYTECODE is set.

    python benchmarks/validate.py [--rows 100000] [--runs 3] [--keep FILE]
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from csbook.io.templates import build_template
from csbook.rules.schema import COMPLAINTS, VISITS

AGENTS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴军"]
METHODS = ["电话", "电话", "电话", "上门", "微信", "邮件", "信函", "面谈", "电话回访"]
KINDS = ["定期回访", "定期回访", "满意度调查", "售后回访", "意见征求", "投诉回访"]
LEVELS = ["非常满意", "满意", "满意", "一般", "不满意", None]
FEEDBACK = ["服务很好", "希望加强夜间巡逻", "门岗人员态度需改进", "无", "对保安员表现满意", None]


def build(path: Path, rows: int, seed: int = 7) -> Path:
    """A year of visits by ten agents to 2,000 clients, written into the real template
    (title row, dropdowns, 参数 and 节假日 sheets); about 2 % of rows carry a mistake."""
    rnd = random.Random(seed)
    start = date(2026, 1, 5)
    complaint_count = rows // 50
    visits = []
    for _ in range(rows):
        day = start + timedelta(days=rnd.randrange(320))
        kind = rnd.choice(KINDS)
        method = rnd.choice(METHODS)
        resolved = day + timedelta(days=rnd.randrange(5)) if rnd.random() < 0.3 else None
        followup = (
            resolved + timedelta(days=rnd.randrange(4))
            if resolved and rnd.random() < 0.98
            else None
        )
        values: dict[str, Any] = {
            "visit_date": day,
            "client": f"客户单位{rnd.randrange(2000):04d}",
            "contact": rnd.choice(["王经理", "李主任", "张科长", "赵女士"]),
            "phone": f"1{rnd.choice('3578')}{rnd.randrange(10**9):09d}"
            if rnd.random() < 0.7
            else f"025-8{rnd.randrange(10**7):07d}",
            "method": method,
            "kind": kind,
            "complaint_id": f"TS{rnd.randrange(complaint_count) + 1:05d}"
            if kind == "投诉回访"
            else None,
            "feedback": rnd.choice(FEEDBACK),
            "promise": "三日内整改" if resolved else None,
            "promised_by": day + timedelta(days=3) if resolved else None,
            "resolved_on": resolved,
            "followup_on": followup,
            "satisfaction": rnd.choice(LEVELS),
            "signed_by": "客户" if method in ("上门", "面谈") or rnd.random() < 0.3 else None,
            "staff": rnd.choice(AGENTS),
            "reviewed_by": "主管" if rnd.random() < 0.5 else None,
        }
        if rnd.random() < 0.05:  # typed as text, as staff do
            values["visit_date"] = f"{day.year}年{day.month}月{day.day}日"
        mistake = rnd.random()
        if mistake < 0.005:
            values["phone"] = "12345"
        elif mistake < 0.01:
            values["signed_by"], values["method"] = None, "上门"
        elif mistake < 0.015:
            values["visit_date"] = "2026-13-45"
        elif mistake < 0.02:
            values["staff"] = None
        visits.append({k: v for k, v in values.items() if v is not None})
    complaints = []
    for r in range(1, complaint_count + 1):
        received = (
            f"2026-{rnd.randrange(1, 12):02d}-{rnd.randrange(1, 28):02d} "
            f"{rnd.randrange(8, 18):02d}:30"
        )
        complaints.append(
            {
                "complaint_id": f"TS{r:05d}",
                "received_at": received,
                "client": f"客户单位{rnd.randrange(2000):04d}",
                "channel": rnd.choice(["电话", "来访", "微信"]),
                "category": rnd.choice(["服务态度", "服务质量", "工作效率"]),
                "content": "门岗人员态度生硬",
                "unit": rnd.choice(["一站", "二站", "三站"]),
                "replied_at": received,
                "severe": "否",
                "owner": rnd.choice(AGENTS),
            }
        )
    return build_template("visits", path, rows={VISITS.name: visits, COMPLAINTS.name: complaints})


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user + system time
    peak: int  # bytes of peak resident memory


BARE_READ = (  # every sheet's values, as a script that only wants them would read them
    "import sys; from python_calamine import CalamineWorkbook as W; w = W.from_path(sys.argv[1]);"
    " [w.get_sheet_by_name(n).to_python() for n in w.sheet_names]"
)


def child_env(folder: Path) -> dict[str, str]:
    """The children's environment: compiled bytecode kept in a private folder under `folder`
    (as pip installs csbook), even where PYTHONDONTWRITEBYTECODE is set."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    return env


def run(argv: list[str], env: dict[str, str], codes: tuple[int, ...] = (0, 1)) -> Run:
    """Wall time, CPU time and peak RSS of a child process. A child that exits with a code
    not in `codes` or prints a traceback (Python's own exit code, 1, is also csbook's "there
    are findings") stops the benchmark: a crash must never be timed as a run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode not in codes or b"Traceback (most recent call last)" in done.stderr:
        sys.exit(f"{argv[:4]} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(elapsed, cpu, max(after.ru_maxrss, before.ru_maxrss) * 1024)


def register() -> tuple[argparse.Namespace, Path, Path]:
    """The command line (--rows, --runs, --keep), a scratch folder, and the register to time:
    the kept one, or one built now."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per side")
    parser.add_argument("--keep", type=Path, help="build the register here (reused if present)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csbook-bench-"))
    path = args.keep or folder / "回访登记表.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.rows)
        print(f"built {path} ({args.rows:,} rows) in {time.perf_counter() - t0:.1f} s")
    return args, folder, path


def main() -> None:
    args, folder, path = register()
    bare_command = [sys.executable, "-c", BARE_READ, str(path)]
    command = [sys.executable, "-m", "csbook", "validate", str(path), "--format", "json"]
    command += ["--as-of", "2026-11-30"]
    env = child_env(folder)
    for warm_up in (bare_command, command):  # compiles the bytecode, warms the file cache
        run(warm_up, env)
    load = os.getloadavg()[0]  # other work on the machine slows the wall times most
    calamine: list[Run] = []
    csbook: list[Run] = []
    for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits both
        calamine.append(run(bare_command, env, codes=(0,)))
        csbook.append(run(command, env))
    for what in ("wall", "cpu"):
        bare_s = median(calamine, what, "bare calamine read")
        csbook_s = median(csbook, what, "csbook validate")
        print(f"ratio ({what:4})       : {csbook_s / bare_s:6.2f}  (target <= 1.5)")
    print(f"csbook peak memory : {max(r.peak for r in csbook) / 2**20:6.0f} MB  (target < 400 MB)")
    print(f"load average       : {load:.1f} before, {os.getloadavg()[0]:.1f} after")


def median(runs: list[Run], what: str, label: str) -> float:
    times = [getattr(r, what) for r in runs]
    middle = statistics.median(times)
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:19}: {middle:6.2f} s {what:4} (median of {len(times)}: {shown})")
    return middle


if __name__ == "__main__":
    main()
