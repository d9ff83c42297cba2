"""Two whole days missing from a handover log (no row for 11-04 nor 11-05) are six missing
shifts, not one: H04 names the run (its first and last shift and how many) on both rows next
to it, the summary's 脱班 list says so, its 缺班 counts every shift, and 审阅率 counts the two
days without a record as days nobody reviewed (it read 2/4 over the days with rows)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from workbooks import facts, handover_book, run, shift, tables

from csbook.rules.periods import Period
from csbook.summary import run as summary_run

AS_OF = datetime(2026, 11, 30, 12, 0)
SHIFTS = ("早班", "中班", "夜班")
PEOPLE = ("甲", "乙", "丙", "丁")


def _log(tmp_path: Path) -> Path:
    """11-02 to 11-07, every shift an unbroken chain, 11-04 and 11-05 left out; the
    supervisor reviewed 11-02 and 11-03."""
    rows = []
    for k in range(6 * 3):
        day = date(2026, 11, 2) + timedelta(days=k // 3)
        if day in (date(2026, 11, 4), date(2026, 11, 5)):
            continue
        review = {"主管审阅": "周敏"} if day <= date(2026, 11, 3) else {}
        rows.append(
            shift(f"{day:%Y/%m/%d}", SHIFTS[k % 3], PEOPLE[k % 4], PEOPLE[(k + 1) % 4], **review)
        )
    return handover_book(tmp_path, rows)


def test_two_missing_days_are_six_missing_shifts_named_as_a_run(tmp_path: Path) -> None:
    report = run(_log(tmp_path), AS_OF)
    # 11-03 夜班 (row 7) and 11-06 早班 (row 8): the rows next to the run
    assert [(f.rule, f.row) for f in report.findings if f.rule == "H04"] == [("H04", 7), ("H04", 8)]
    said = {f.message("zh") for f in report.findings if f.rule == "H04"}
    assert said == {"脱班：缺少2026-11-04 早班至2026-11-05 夜班共6个班次的交接记录"}
    assert facts(report, "H04")[0][-1] == "error"


def test_the_week_s_summary_counts_every_missing_shift_and_day(tmp_path: Path) -> None:
    done = summary_run(
        [_log(tmp_path)],
        Period.week(2026, 45),
        tmp_path / "周汇总.xlsx",
        as_of=AS_OF,
        jobs=1,
    )
    sheet = done.summary.sheet("交接班")
    branches, _, gaps = tables(sheet)
    (branch,) = [dict(zip(branches.header, row, strict=True)) for row in branches.rows]
    assert branch["缺班"] == 6
    assert branch["记录天数"] == 4
    assert branch["主管审阅天数"] == 2
    assert branch["审阅率"] == 2 / 6  # 11-04 and 11-05 had no record to review
    reasons = {row[gaps.header.index("原因")] for row in gaps.rows}
    assert reasons == {"缺11-04早班至11-05夜班共6个班次"}
