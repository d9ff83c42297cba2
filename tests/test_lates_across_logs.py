"""Handover lates across the logs and books of several branches (clerk6 #5, #7): a late two
logs of one branch show (a mid-month copy beside the month-end log) counts once and is said;
a log's lates go only to its own branch's book — never to a namesake in another branch's —
and where the run has no book of the log's branch, the summary says whose lates have nowhere
to go. Lates cost 20 yuan each; a first valid oral 0, a second 20 (SPEC P02/P03)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from workbooks import (
    COMPLAINT_HEADERS,
    MIN_WAGE,
    ROSTER,
    complaint,
    handover_book,
    month_summary,
    penalty_book,
    people,
    rows_of,
    run_cli,
    sheet_lines,
    sheet_rows,
    shift,
    write_book,
)

from csbook.rules.penalty_sheet import SHEET_NAME

AS_OF = "2026-11-30 18:00"
SUZHOU_ROSTER = [  # its own 王芳, another person than 南京's
    ["E001", "刘洋", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2028-12-31"],
    ["E002", "王芳", "客服部", "客服专员", 2800, 300, 500, "2024-01-01", "2028-12-31"],
]


def _log(folder: Path, name: str, branch: str, rows: list[dict]) -> Path:
    """A 交接班记录 saved as `name`, its 参数 naming `branch`."""
    folder.mkdir(parents=True, exist_ok=True)
    made = handover_book(folder, rows, params=[["分公司", branch]])
    return made.rename(folder / name) if made.name != name else made


def _book(path: Path, branch: str, roster: list[list[object]] = ROSTER) -> Path:
    return penalty_book(path, [], roster=roster, params=[*MIN_WAGE, ["分公司", branch]])


def _early(day: str, taker: str, at: str = "7:45") -> dict:
    return shift(day, "早班", "张伟", taker, 接班到岗时间=at)


def _first_ten_days() -> list[dict]:
    # 王芳 late on 11-03 (08:05), on time the other days
    return [_early(f"2026/11/{d}", "王芳", "8:05" if d == 3 else "7:45") for d in range(1, 11)]


def _compute(capsys, book: Path, *with_files: Path) -> tuple[openpyxl.Workbook, str]:
    """The copy `compute BOOK --with …` writes, and what `validate BOOK --with …` prints."""
    out = book.parent / "out"
    given: list[object] = []
    for path in with_files:
        given += ["--with", path]
    code, printed, err = run_cli(capsys, "compute", book, "-o", out, "--as-of", AS_OF, *given)
    assert code == 0, printed + err
    _, printed, err = run_cli(capsys, "validate", book, "--as-of", AS_OF, *given)
    return openpyxl.load_workbook(out / book.name), printed + err


def _person(wb: openpyxl.Workbook, name: str) -> dict | None:
    found = [r for r in sheet_rows(wb[SHEET_NAME], "姓名") if r["姓名"] == name]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_mid_month_copy_beside_the_month_end_log_charges_its_late_once(capsys, tmp_path) -> None:
    book = _book(tmp_path / "南京分公司-处罚汇总表.xlsx", "南京分公司")
    early = _log(tmp_path, "南京分公司-交接班记录（上旬）.xlsx", "南京分公司", _first_ten_days())
    # the month-end log: the same first ten days, and 王芳 late again on 11-15 (08:06)
    rest = [_early(f"2026/11/{d}", "王芳", "8:06" if d == 15 else "7:45") for d in range(11, 21)]
    whole = _log(tmp_path, "南京分公司-交接班记录.xlsx", "南京分公司", _first_ten_days() + rest)
    wb, printed = _compute(capsys, book, early, whole)
    row = _person(wb, "王芳")
    assert row is not None
    # 2 lates (11-03 once, 11-15): 口头批评×2, the second fined 20; 2 × 20 for the lates
    assert row["迟到早退次数"] == 2
    assert row["处分"] == "口头批评×2"
    assert row["罚款（元）"] == 20
    assert row["迟到早退罚款"] == 40
    assert row["合计（元）"] == 60
    said = "“南京分公司-交接班记录.xlsx”第4行（11-03早班 王芳）即“南京分公司-交接班记录（上旬）.xlsx”第4行"
    assert [line for line in sheet_lines(wb[SHEET_NAME]) if said in line]
    # and among the book's findings on the run's output (R05.with_repeat)
    assert "R05" in printed and "迟到只计一次" in printed


def test_a_summary_charges_no_namesake_of_another_branch_and_says_whose_lates_are_left(
    capsys, tmp_path
) -> None:
    # 南京's log (its 王芳 late on 11-03 and 11-04); only 苏州's book has come in, with its own 王芳
    log = _log(
        tmp_path,
        "南京分公司-交接班记录.xlsx",
        "南京分公司",
        [_early("2026/11/3", "王芳", "8:05"), _early("2026/11/4", "王芳", "8:06")],
    )
    book = _book(tmp_path / "苏州分公司-处罚汇总表.xlsx", "苏州分公司", SUZHOU_ROSTER)
    out = tmp_path / "summary.xlsx"
    _, printed, err = run_cli(
        capsys, "summary", log, book, "--month", "2026-11", "--as-of", AS_OF, "-o", out
    )
    assert out.exists(), printed + err
    wb = openpyxl.load_workbook(out)
    assert _person(wb, "王芳") is None  # 苏州's 王芳 owes nothing
    left = "南京分公司的交接班记录“南京分公司-交接班记录.xlsx”中以下人员本月迟到，但本次没有南京分公司的处罚汇总表"
    assert [line for line in sheet_lines(wb[SHEET_NAME]) if left in line and "王芳 2 次" in line]
    concerns = [
        [c for c in r if c is not None]
        for r in wb["总览"].iter_rows(values_only=True)
        if r[0] == "迟到未计入（本次无该分公司处罚汇总表）"
    ]
    assert concerns and concerns[0][1] == "南京分公司" and "王芳 2 次" in concerns[0][3]


def test_compute_sets_aside_another_branchs_log_and_register(capsys, tmp_path) -> None:
    book = _book(tmp_path / "南京分公司-处罚汇总表.xlsx", "南京分公司")
    # 苏州's log: its 王芳 late three times
    theirs = _log(
        tmp_path,
        "苏州分公司-交接班记录.xlsx",
        "苏州分公司",
        [_early(f"2026/11/{d}", "王芳", "8:05") for d in (3, 4, 5)],
    )
    ours = _log(
        tmp_path / "nj",
        "南京分公司-交接班记录.xlsx",
        "南京分公司",
        [_early("2026/11/6", "王芳", "8:05")],
    )
    # 苏州's register: TS-2 repeats TS-1, a 重复 for 苏州's 一站
    register = write_book(
        tmp_path / "苏州分公司-回访登记表.xlsx",
        {
            "回访登记": (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], []),
            "投诉登记": (
                COMPLAINT_HEADERS,
                rows_of(
                    COMPLAINT_HEADERS,
                    [complaint("TS-1", "2026/11/2 9:00"), complaint("TS-2", "2026/11/12 9:00")],
                ),
            ),
            "参数": (["参数", "值", "说明"], [["分公司", "苏州分公司"]]),
            "节假日": (["日期", "类型"], []),
        },
    )
    wb, printed = _compute(capsys, book, theirs, ours, register)
    row = _person(wb, "王芳")
    assert row is not None
    assert (row["迟到早退次数"], row["处分"], row["合计（元）"]) == (1, "口头批评", 20)
    units = [r for r in sheet_rows(wb[SHEET_NAME], "责任单位") if r["责任单位"] != "合计"]
    assert not any(r["责任单位"] == "一站" for r in units)  # 苏州's 一站 is not 南京's
    lines = sheet_lines(wb[SHEET_NAME])
    for name in ("苏州分公司-交接班记录.xlsx", "苏州分公司-回访登记表.xlsx"):
        said = f"“{name}”是苏州分公司的，与本表（南京分公司）不是同一分公司：未计入本表"
        assert [line for line in lines if said in line], lines
    assert "苏州分公司-交接班记录.xlsx”是苏州分公司的" in printed


def test_a_log_spelled_without_fen_gongsi_goes_to_its_branch_among_two_books(tmp_path) -> None:
    # the log's 参数 says 苏州; both books have a 王芳: 苏州分公司's is the one late
    log = _log(
        tmp_path / "log",
        "交接班记录.xlsx",
        "苏州",
        [_early("2026/11/3", "王芳", "8:05"), _early("2026/11/4", "王芳", "8:06")],
    )
    nanjing = _book(tmp_path / "南京分公司-处罚汇总表.xlsx", "南京分公司")
    suzhou = _book(tmp_path / "苏州分公司-处罚汇总表.xlsx", "苏州分公司", SUZHOU_ROSTER)
    sheet = month_summary([nanjing, suzhou], handovers=[log])
    charged = people(sheet)
    assert charged["王芳"]["来源"] == "苏州分公司"
    assert charged["王芳"]["迟到早退次数"] == 2
    assert charged["王芳"]["合计（元）"] == 60  # 2 × 20, the second oral 20


def test_a_person_covering_in_another_branch_is_named_not_dropped(tmp_path) -> None:
    # 南京's 李娜 covers a 苏州 shift and is late; 苏州's roster has no 李娜
    log = _log(
        tmp_path / "log",
        "苏州分公司-交接班记录.xlsx",
        "苏州分公司",
        [_early("2026/11/3", "李娜", "8:05")],
    )
    nanjing = _book(tmp_path / "南京分公司-处罚汇总表.xlsx", "南京分公司")
    suzhou = _book(tmp_path / "苏州分公司-处罚汇总表.xlsx", "苏州分公司", SUZHOU_ROSTER)
    sheet = month_summary([nanjing, suzhou], handovers=[log])
    assert "李娜" not in people(sheet)
    lines = [b for b in sheet.blocks if isinstance(b, str)]
    assert "交接班记录中以下人员本月迟到，但不在员工名单，未计入：李娜" in lines


def test_a_copy_beside_under_a_log_of_unnamed_branch_still_counts(capsys, tmp_path) -> None:
    # a branch that never fills 分公司: the book and the log name none, and the log counts
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [])
    (tmp_path / "log").mkdir()
    log = handover_book(tmp_path / "log", [_early("2026/11/3", "王芳", "8:05")])
    copy = tmp_path / "交接班记录 - 副本.xlsx"
    shutil.copy(log, copy)
    wb, _ = _compute(capsys, book, log, copy)
    row = _person(wb, "王芳")
    assert row is not None and row["迟到早退次数"] == 1


def test_two_logs_that_disagree_on_a_shift_charge_no_late_and_hold_the_person_open(
    tmp_path: Path,
) -> None:
    # the mid-month copy has 王芳 late on 11-03 (08:05); the month-end log, corrected, 07:45
    book = _book(tmp_path / "南京分公司-处罚汇总表.xlsx", "南京分公司")
    early = _log(tmp_path, "南京分公司-交接班记录（上旬）.xlsx", "南京分公司", _first_ten_days())
    corrected = [_early(f"2026/11/{d}", "王芳") for d in range(1, 11)]
    whole = _log(tmp_path, "南京分公司-交接班记录.xlsx", "南京分公司", corrected)
    row = people(month_summary([book], handovers=[early, whole]))["王芳"]
    assert row["迟到早退次数"] == 0
    assert row["合计（元）"] is None  # 不完整: which log is right decides the late
    assert "为同一班次（11-03早班）的不同记录（接班人或到岗不同），迟到未计入" in row["备注"]
