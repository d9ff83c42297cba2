"""`csbook validate` on a visit register of 100,000 rows, against a bare python-calamine read.

Both run as fresh processes (interpreter start included on both sides); the figure printed
for csbook is the wall time of the real command and its peak resident memory.

    python benchmarks/validate.py [--rows 100000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from csbook.rules.schema import COMPLAINTS, VISITS

AGENTS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴军"]
METHODS = ["电话", "电话", "电话", "上门", "微信", "邮件", "信函", "面谈", "电话回访"]
KINDS = ["定期回访", "定期回访", "满意度调查", "售后回访", "意见征求", "投诉回访"]
LEVELS = ["非常满意", "满意", "满意", "一般", "不满意", None]
FEEDBACK = ["服务很好", "希望加强夜间巡逻", "门岗人员态度需改进", "无", "对保安员表现满意", None]


def build(path: Path, rows: int, seed: int = 7) -> None:
    """A year of visits by ten agents to 2,000 clients; about 2 % of rows carry a mistake."""
    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(VISITS.name)
    headers = [c.header for c in VISITS.columns]
    ws.write_row(0, 0, headers)
    start = date(2026, 1, 5)
    complaint_count = rows // 50
    for r in range(1, rows + 1):
        day = start + timedelta(days=rnd.randrange(320))
        kind = rnd.choice(KINDS)
        method = rnd.choice(METHODS)
        resolved = day + timedelta(days=rnd.randrange(5)) if rnd.random() < 0.3 else None
        followup = (
            resolved + timedelta(days=rnd.randrange(4))
            if resolved and rnd.random() < 0.98
            else None
        )
        values = {
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
            "note": None,
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
        for c, col in enumerate(VISITS.columns):
            value = values[col.key]
            if isinstance(value, date):
                ws.write_datetime(r, c, value, date_fmt)
            elif value is not None:
                ws.write_string(r, c, value)
    cs = wb.add_worksheet(COMPLAINTS.name)
    cs.write_row(0, 0, [c.header for c in COMPLAINTS.columns])
    for r in range(1, complaint_count + 1):
        received = f"2026-{rnd.randrange(1, 12):02d}-{rnd.randrange(1, 28):02d} {rnd.randrange(8, 18):02d}:30"
        row = {
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
        cs.write_row(r, 0, [row.get(c.key, "") for c in COMPLAINTS.columns])
    for name, headers in (
        ("参数", ["参数", "名称", "值", "说明"]),
        ("节假日", ["日期", "类型", "说明"]),
    ):
        wb.add_worksheet(name).write_row(0, 0, headers)
    wb.close()


def run(argv: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (bytes) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{argv[:3]} failed: {done.stderr.decode()[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the register here (reused if present)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csbook-bench-"))
    path = args.keep or folder / "回访登记表.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.rows)
        print(f"built {path} ({args.rows:,} rows) in {time.perf_counter() - t0:.1f} s")
    bare = (
        "import sys; from python_calamine import CalamineWorkbook as W; w = W.from_path(sys.argv[1]);"
        " [w.get_sheet_by_name(n).to_python() for n in w.sheet_names]"
    )
    calamine_s, _ = run([sys.executable, "-c", bare, str(path)])
    csbook_s, peak = run(
        [
            sys.executable,
            "-m",
            "csbook",
            "validate",
            str(path),
            "--format",
            "json",
            "--as-of",
            "2026-11-30",
        ]
    )
    print(f"bare calamine read : {calamine_s:6.2f} s")
    print(f"csbook validate    : {csbook_s:6.2f} s")
    print(f"ratio              : {csbook_s / calamine_s:6.2f}  (target <= 2.0)")
    print(f"csbook peak memory : {peak / 2**20:6.0f} MB  (target < 400 MB)")


if __name__ == "__main__":
    main()
