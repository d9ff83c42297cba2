"""`csbook compute` on a visit register of 100,000 rows made from the template (the register
of benchmarks/validate.py), against a bare python-calamine read of the same file (target: at
most 3×).

Each side runs as a fresh process (interpreter start included), with its bytecode compiled
once beforehand as an installed csbook has it, then three times, interleaved so that a busy
moment of the machine hits all sides; the medians of wall time and of CPU time (user + system
of the child) and their ratios are printed, with the load average: on a shared machine the
CPU ratio is the steadier figure. A child that fails stops the benchmark instead of being
timed.

    python benchmarks/compute.py [--rows 100000] [--runs 3] [--keep FILE]

`csbook validate` of the same file is timed too: compute − validate is what the copy costs.
"""

from __future__ import annotations

import os
import shutil
import sys

from validate import BARE_READ, Run, child_env, median, register, run

TARGET = 3.0


def main() -> None:
    args, folder, path = register()
    out = folder / "out"
    copy = out / path.name
    csbook = [sys.executable, "-m", "csbook"]
    as_of = ["--as-of", "2026-11-30"]
    # label -> command, and the exit codes of a good run (csbook's 1: the file has findings)
    commands = {
        "bare calamine read": ([sys.executable, "-c", BARE_READ, str(path)], (0,)),
        "csbook compute": ([*csbook, "compute", str(path), "-o", str(out), *as_of], (0, 1)),
        # the same reading and judging without the copy: compute − validate is the copy's cost
        "csbook validate": ([*csbook, "validate", str(path), "--format", "json", *as_of], (0, 1)),
    }
    env = child_env(folder)
    runs: dict[str, list[Run]] = {label: [] for label in commands}
    load = os.getloadavg()[0]
    for n in range(args.runs + 1):  # the first round compiles the bytecode, warms the cache
        for label, (argv, codes) in commands.items():
            shutil.rmtree(out, ignore_errors=True)
            timed = run(argv, env, codes)
            if label == "csbook compute" and not copy.exists():
                sys.exit(f"csbook compute wrote no copy at {copy}")
            if n:
                runs[label].append(timed)
    print(f"load average       : {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    figures = {
        label: {what: median(timed, what, label) for what in ("wall", "cpu")}
        for label, timed in runs.items()
    }
    bare, compute, validate = figures.values()
    for what in ("wall", "cpu"):
        print(
            f"ratio ({what:4})       : {compute[what] / bare[what]:6.2f}  (target <= {TARGET});"
            f" the copy's own cost {compute[what] - validate[what]:.2f} s,"
            f" validate alone {validate[what] / bare[what]:.2f}"
        )
    peak = max(r.peak for r in runs["csbook compute"])
    print(f"compute peak memory: {peak / 2**20:6.0f} MB")


if __name__ == "__main__":
    main()
