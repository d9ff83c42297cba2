"""事假 applied for after it began (请假须事先批准, 003 篇十): a warning on the 申请日期
(Q04.afterwards) naming both dates; the approved leave still counts as 事假. Not for a leave
applied for on its first day or before, nor for sick leave (Q05 has its own rule), nor for a
leave nobody approved (it is 旷工, Q04.missing says so)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from workbooks import compute_cli, leave, penalty_template, run, sheet_rows

from csbook.rules.findings import Severity

SHEET = "请假登记"


def test_personal_leave_applied_for_afterwards_is_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    requests = [
        leave("王芳", "事假", "2026/11/17", None, 天数=1, 申请日期="2026-11-20"),  # row 2
        leave("张伟", "事假", "2026-11-18", None, 天数=1, 申请日期="2026年11月18日"),  # row 3
        leave("张伟", "事假", "2026-11-19", None, 天数=1, 申请日期="11月16日"),  # row 4
        leave(
            "张伟",
            "病假",
            "2026-11-23",
            None,
            天数=1,
            申请日期="2026-11-24",
            证明提交日期="2026-11-24",
        ),
        leave(
            "王芳", "事假", "2026-11-24", None, 天数=1, 申请日期="2026-11-25", 批准人="/"
        ),  # row 6
    ]
    path = penalty_template(tmp_path / "处罚汇总表.xlsx", {SHEET: requests})
    report = run(path, datetime(2026, 11, 30, 18, 0))
    said = [f for f in report.findings if f.key == "Q04.afterwards"]
    assert [(f.row, f.column, f.severity) for f in said] == [(2, "申请日期", Severity.WARNING)]
    assert (said[0].params["applied"], said[0].params["first"]) == (
        str(date(2026, 11, 20)),
        str(date(2026, 11, 17)),
    )
    assert "事后补请" in said[0].message("zh")
    _, wb = compute_cli(capsys, path, "2026-11-30")
    words = [r["计入"] for r in sheet_rows(wb[SHEET], "计入")]
    assert words == ["事假1天", "事假1天", "事假1天", "病假1天", "旷工1天"]
