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


def _log(
    folder: Path,
    first: date = date(2026, 11, 2),
    days: int = 6,
    missing: tuple[date, ...] = (date(2026, 11, 4), date(2026, 11, 5)),
    reviewed_to: date = date(2026, 11, 3),
) -> Path:
    """`days` days from `first`, every shift an unbroken chain but the days `missing`; the
    supervisor reviewed the days up to `reviewed_to`."""
    rows = []
    for k in range(days * 3):
        day = first + timedelta(days=k // 3)
        if day in missing:
            continue
        review = {"主管审阅": "周敏"} if day <= reviewed_to else {}
        rows.append(
            shift(f"{day:%Y/%m/%d}", SHIFTS[k % 3], PEOPLE[k % 4], PEOPLE[(k + 1) % 4], **review)
        )
    return handover_book(folder, rows, [["分公司", "南京分公司"]])


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
    headline = {row[0]: row[1] for row in tables(done.summary.sheet("总览"))[0].rows}
    assert headline["脱班"] == 2  # the two rows next to the run
    assert headline["缺班（无交接记录的班次）"] == 6
    assert headline["交接班主管审阅率"] == 2 / 6


def test_days_missing_between_two_months_files_count_in_the_month_they_fall_in(
    tmp_path: Path,
) -> None:
    """October's log ends on 10-30, November's begins on 11-02: 10-31 and 11-01 are missing,
    six shifts across the two files. November's summary counts 11-01's three, names the run
    on its first row, and counts 11-01 as a day nobody reviewed."""
    (tmp_path / "10月").mkdir()
    (tmp_path / "11月").mkdir()
    october = _log(tmp_path / "10月", date(2026, 10, 28), 3, (), date(2026, 10, 31))
    november = _log(tmp_path / "11月", date(2026, 11, 2), 2, (), date(2026, 11, 30))
    done = summary_run(
        [october, november], Period.month(date(2026, 11, 1)), tmp_path / "s.xlsx", as_of=AS_OF
    )
    branches, _, gaps = tables(done.summary.sheet("交接班"))
    (branch,) = [dict(zip(branches.header, row, strict=True)) for row in branches.rows]
    assert (branch["缺班"], branch["记录天数"], branch["主管审阅天数"]) == (3, 2, 2)
    assert branch["审阅率"] == 2 / 3
    (reason,) = [row[gaps.header.index("原因")] for row in gaps.rows]
    assert reason.startswith("缺10-31早班至11-01夜班共6个班次（上一班在")
