"""`compute --with` given one register or log twice — the same path twice, a path and a
relative path, or a copy under another name (`回访登记表 - 副本.xlsx`) — counts it once: C04's
units and the handover lates were charged once per file given. A copy is set aside as the
summary sets copies aside, and R05.with_copy says which (on the run's output and under
月处罚汇总)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from workbooks import (
    COMPLAINT_HEADERS,
    complaint,
    handover_book,
    offence,
    penalty_book,
    rows_of,
    run_cli,
    sheet_lines,
    sheet_rows,
    shift,
    write_book,
)

from csbook.rules.penalty_sheet import SHEET_NAME


def _register(folder: Path) -> Path:
    """A 回访登记表 whose TS-2 repeats TS-1 (same client and category within 30 days): 重复,
    one unit for 一站 in C04."""
    complaints = [
        complaint("TS-1", datetime(2026, 11, 2, 9)),
        complaint("TS-2", "2026/11/12 9:00"),
    ]
    return write_book(
        folder / "回访登记表.xlsx",
        {
            "回访登记": (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], []),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, complaints)),
            "参数": (["参数", "值", "说明"], [["分公司", "南京分公司"]]),
            "节假日": (["日期", "类型"], []),
        },
    )


def _compute(capsys, tmp_path: Path, *with_files: Path) -> openpyxl.Workbook:
    book = penalty_book(tmp_path / "处罚汇总表.xlsx", [offence("2026-11-05", "张伟", "L05")])
    out = tmp_path / "out"
    argv: list[object] = ["compute", book, "-o", out, "--as-of", "2026-11-30 18:00"]
    for path in with_files:
        argv += ["--with", path]
    code, printed, err = run_cli(capsys, *argv)
    assert code == 0, printed + err
    return openpyxl.load_workbook(out / "处罚汇总表.xlsx")


def _units(wb: openpyxl.Workbook) -> list[tuple[object, ...]]:
    rows = sheet_rows(wb[SHEET_NAME], "责任单位")
    return [(r["责任单位"], r["重复投诉"], r["投诉编号"]) for r in rows if r["责任单位"] != "合计"]


def _copy_lines(wb: openpyxl.Workbook) -> list[str]:
    return [line for line in sheet_lines(wb[SHEET_NAME]) if "副本" in line]


@pytest.mark.parametrize("twice", ["same path", "relative path"])
def test_one_register_given_twice_names_its_units_once(
    capsys, tmp_path, monkeypatch, twice: str
) -> None:
    register = _register(tmp_path)
    monkeypatch.chdir(tmp_path)
    again = register if twice == "same path" else Path(os.path.relpath(register))
    wb = _compute(capsys, tmp_path, register, again)
    assert _units(wb) == [("一站", 1, "TS-2")]
    assert not _copy_lines(wb)  # one file: nothing set aside


def test_a_copy_of_the_register_is_set_aside_and_said(capsys, tmp_path) -> None:
    register = _register(tmp_path)
    copy = tmp_path / "回访登记表 - 副本.xlsx"
    shutil.copy(register, copy)
    # the copy given first: still the copy is the one set aside (its name says it is one)
    wb = _compute(capsys, tmp_path, copy, register)
    assert _units(wb) == [("一站", 1, "TS-2")]
    said = "“回访登记表 - 副本.xlsx”与“回访登记表.xlsx”内容完全相同，是它的副本"
    assert [line for line in _copy_lines(wb) if said in line]
    # validate says it among the book's findings
    _, printed, _ = run_cli(
        capsys, "validate", tmp_path / "处罚汇总表.xlsx", "--with", copy, "--with", register
    )
    assert [line for line in printed.splitlines() if "R05" in line and said in line], printed


def test_a_copy_of_the_handover_log_charges_a_late_once(capsys, tmp_path) -> None:
    # 张伟 takes the 8:00 早班 at 8:06: one late, 20 yuan, one L07
    (tmp_path / "log").mkdir()
    log = handover_book(
        tmp_path / "log", [shift("2026-11-03", "早班", "李娜", "张伟", 接班到岗时间="8:06")]
    )
    copy = tmp_path / "交接班记录（王芳发来）.xlsx"
    shutil.copy(log, copy)
    wb = _compute(capsys, tmp_path, log, copy)
    (row,) = [r for r in sheet_rows(wb[SHEET_NAME], "姓名") if r["姓名"] == "张伟"]
    assert row["迟到早退次数"] == 1
    assert row["迟到早退罚款"] == 20
    assert any("交接班记录（王芳发来）.xlsx" in line for line in _copy_lines(wb))
    # the late (an L07 at the month's end) is 张伟's second oral after 11-05's L05: fined 20;
    # with the log counted twice it was a third, a 书面批评
    assert row["处分"] == "口头批评×2"
    assert row["罚款（元）"] == 20
