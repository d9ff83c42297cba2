"""A 处罚汇总表 of a department of 30 people with a year of offences, attendance and leave
requests: the time to compute every sanction, fine and cut (P01–P09, the leave register's
Q01–Q07 included) and the twelve months' 月处罚汇总 (P10), from the workbook already read, and
the whole `check` of the file for comparison.

    python benchmarks/penalties.py [--people 30] [--per-person 40] [--leave 24] [--keep FILE]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from csbook.io.workbook import load
from csbook.penalty_report import ledger_of, month_sheet
from csbook.pipeline import Options, check
from csbook.rules.catalogue import CATALOGUE, Tier
from csbook.rules.schema import ATTENDANCE, CATALOGUE_SHEET, LEAVE, LEAVE_KINDS, OFFENCES, ROSTER

AS_OF = datetime(2026, 12, 31, 18, 0)
SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"


def build(path: Path, people: int, per_person: int, leave: int = 24, seed: int = 11) -> None:
    """30 people; each about `per_person` offences over 2026 (mostly minor, some serious, a
    few major and money-rule ones); a 考勤 row per person and month; `leave` requests per
    person a year (every kind; some unapproved, some sick without the note in time)."""
    rnd = random.Random(seed)
    minor = [o for o in CATALOGUE if o.tier is Tier.MINOR]
    serious = [o for o in CATALOGUE if o.tier is Tier.SERIOUS]
    major = [o for o in CATALOGUE if o.tier is Tier.MAJOR]
    names = [SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + str(i) for i in range(people)]
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})

    ws = wb.add_worksheet(ROSTER.name)
    ws.write_row(0, 0, [c.header for c in ROSTER.columns])
    for r, name in enumerate(names, start=1):
        ws.write_row(r, 0, [f"KF{r:03d}", name, "客服部", "客服专员"])
        ws.write_row(r, 4, [rnd.randrange(2600, 5000, 100), rnd.choice([200, 300, 500]), 800])
        ws.write_datetime(r, 7, datetime(2020, 1, 1), date_fmt)
        ws.write_datetime(r, 8, datetime(2028, 12, 31), date_fmt)

    ws = wb.add_worksheet(OFFENCES.name)
    ws.write_row(0, 0, [c.header for c in OFFENCES.columns])
    r = 1
    for i, name in enumerate(names):
        for _ in range(per_person):
            roll = rnd.random()
            offence = rnd.choice(minor if roll < 0.8 else serious if roll < 0.97 else major)
            day = date(2026, 1, 1) + timedelta(days=rnd.randrange(365))
            ws.write_datetime(r, 0, datetime.combine(day, datetime.min.time()), date_fmt)
            ws.write_row(r, 1, [f"KF{i + 1:03d}", name, offence.code, offence.description])
            if offence.money_rule:
                ws.write_number(r, 5, rnd.randrange(20, 500))
            if offence.tier is Tier.SERIOUS and rnd.random() < 0.1:
                ws.write_string(r, 10, "通报")
            r += 1

    ws = wb.add_worksheet(ATTENDANCE.name)
    ws.write_row(0, 0, [c.header for c in ATTENDANCE.columns])
    r = 1
    for i, name in enumerate(names):
        for month in range(1, 13):
            absent = 1 if rnd.random() < 0.05 else 0
            ws.write_row(
                r,
                0,
                [
                    f"2026-{month:02d}",
                    f"KF{i + 1:03d}",
                    name,
                    rnd.choice([0, 0, 0, 1, 2]),
                    rnd.choice([0, 0, 0, 0, 1]),
                    absent,
                    absent,
                    rnd.choice([0, 0, 0, 1, 3, 8]),
                    rnd.choice([0, 0, 0, 0, 2, 7, 16]),
                ],
            )
            r += 1

    ws = wb.add_worksheet(LEAVE.name)
    headers = [c.header for c in LEAVE.columns]
    ws.write_row(0, 0, headers)
    column = {c.key: n for n, c in enumerate(LEAVE.columns)}
    r = 1
    for i, name in enumerate(names):
        for _ in range(leave):
            kind = rnd.choice(LEAVE_KINDS)
            first = date(2026, 1, 1) + timedelta(days=rnd.randrange(350))
            last = first + timedelta(days=rnd.choice([0, 1, 2, 4, 9]))
            ws.write_row(r, 0, [f"KF{i + 1:03d}", name, kind])
            for key, day in (("start", first), ("end", last)):
                ws.write_datetime(
                    r, column[key], datetime.combine(day, datetime.min.time()), date_fmt
                )
            applied = first - timedelta(days=rnd.choice([-1, 1, 3, 10]))
            ws.write_string(r, column["applied_on"], f"{applied:%Y-%m-%d}")
            if rnd.random() < 0.9:
                ws.write_string(r, column["approver"], names[0])
            ws.write_string(r, column["relation"], rnd.choice(["直系", "其他"]))
            ws.write_string(
                r, column["note_on"], f"{first + timedelta(days=rnd.randrange(5)):%Y-%m-%d}"
            )
            r += 1

    ws = wb.add_worksheet(CATALOGUE_SHEET.name)
    ws.write_row(0, 0, [c.header for c in CATALOGUE_SHEET.columns])
    for r, o in enumerate(CATALOGUE, start=1):
        ws.write_row(r, 0, [o.code, str(o.tier), o.description, o.money_rule])
    ws = wb.add_worksheet("参数")
    ws.write_row(0, 0, ["参数", "值", "说明"])
    ws.write_row(1, 0, ["local_min_wage", 2490, "元/月"])
    wb.close()


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--per-person", type=int, default=40, help="offences per person a year")
    parser.add_argument("--leave", type=int, default=24, help="leave requests per person a year")
    parser.add_argument("--keep", type=Path, help="build the workbook here (reused if present)")
    args = parser.parse_args()
    path = args.keep or Path(tempfile.mkdtemp(prefix="csbook-bench-")) / "处罚汇总表.xlsx"
    if not path.exists():
        build(path, args.people, args.per_person, args.leave)
    book = load(path, AS_OF.date())
    offences = len(book.tables[OFFENCES.name])
    attendance = len(book.tables[ATTENDANCE.name])
    requests = len(book.tables[LEAVE.name])
    months = [date(2026, m, 1) for m in range(1, 13)]

    ledger_s = best_of(5, lambda: ledger_of(book, AS_OF, {}))
    sheets_s = best_of(3, lambda: [month_sheet([book], [], [], m, AS_OF) for m in months])
    check_s = best_of(3, lambda: check(path, Options(as_of=AS_OF)))
    ledger = ledger_of(book, AS_OF, {})
    print(
        f"{args.people} people, {offences:,} offences, {attendance} attendance rows, "
        f"{requests} leave requests "
        f"({len(ledger.decisions):,} decisions with the offences attendance implies)"
    )
    print(f"sanctions, fines, cuts, pay (ledger)   : {ledger_s * 1000:7.1f} ms  (target < 1000)")
    print(f"12 月处罚汇总 sheets, each from scratch : {sheets_s * 1000:7.1f} ms")
    print(f"whole check of the file (read + rules) : {check_s * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
