"""A 批准人 typed with a word beside the name — `批准 李娜`, `李娜同意`, `批准人：周敏` — names
the approver: the word is taken off and a warning (R02.doubt) says so, and the rank checks
(Q04, V46) read the name. A refusal beside a name (`不同意 李娜`) is no approval. A padded
two-character name (`李 准`) is not cut. Workbooks from the template, typed as clerks type."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from workbooks import (
    ROSTER,
    compute_cli,
    leave,
    offence,
    penalty_template,
    run,
    sheet_rows,
)

from csbook.pipeline import FileReport
from csbook.rules.findings import Severity

SHEET = "请假登记"
AS_OF = datetime(2026, 11, 30, 18, 0)
STAFF = [*ROSTER, ["1004", "周敏", "总经办", "总经理", 9000, 800, 2000, "2020-01-01", "2028-12-31"]]


def found(report: FileReport, sheet: str) -> list[tuple[str, int, str]]:
    return [(f.key, f.row, f.severity) for f in report.findings if f.sheet == sheet]


def test_a_word_beside_the_approver_is_taken_off_and_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    requests = [
        leave("王芳", "事假", "2026-11-03", None, 天数=1, 批准人="批准 李娜"),  # row 2
        leave("张伟", "事假", "2026-11-04", None, 天数=1, 批准人="李娜同意"),  # row 3
        leave("王芳", "事假", "2026-11-05", None, 天数=1, 批准人="同意，李娜"),  # row 4
        leave("李娜", "事假", "2026-11-06", None, 天数=1, 批准人="批准人：李娜"),  # row 5: herself
        leave("张伟", "事假", "2026-11-09", None, 天数=1, 批准人="不同意 李娜"),  # row 6: refused
        leave("张伟", "事假", "2026-11-10", None, 天数=1, 批准人="李 准"),  # row 7: a padded name
        leave("王芳", "事假", "2026-11-11", None, 天数=1, 批准人="李娜（已批）"),  # row 8
    ]
    offences = [offence("2026-11-12", "张伟", "M06", 批准人="周敏 批准")]  # 周敏 is 总经理
    path = penalty_template(
        tmp_path / "处罚汇总表.xlsx", {SHEET: requests, "过失登记": offences}, STAFF
    )
    report = run(path, AS_OF)
    leave_found = found(report, SHEET)
    W, E = Severity.WARNING, Severity.ERROR
    assert [k for k in leave_found if k[0] == "R02.doubt"] == [
        ("R02.doubt", row, W) for row in (2, 3, 4, 5, 6, 8)
    ]
    doubts = {f.row: f.message("zh") for f in report.findings if f.key == "R02.doubt"}
    assert "读作批准人“李娜”" in doubts[2] and "“批准”不是人名" in doubts[2]
    assert "“同意”" in doubts[3] and "读作未批准（“不同意”）" in doubts[6]
    # the rank of 李娜 (主管) is checked, not an unknown approver “批准 李娜”
    assert not [k for k in leave_found if k[0] == "Q04.unknown" and k[1] != 7]
    assert ("Q04.unknown", 7, W) in leave_found
    assert ("Q04.self", 5, E) in leave_found and ("Q04.missing", 6, E) in leave_found
    # the 严重警告 approved by 周敏, the 总经理: no V46
    assert not [k for k in found(report, "过失登记") if k[0].startswith("V46")]

    _, wb = compute_cli(capsys, path, "2026-11-30")
    words = [r["计入"] for r in sheet_rows(wb[SHEET], "计入")]
    assert words == ["事假1天", "事假1天", "事假1天", "旷工1天", "旷工1天", "事假1天", "事假1天"]
    rows = {r["姓名"]: r for r in sheet_rows(wb["月处罚汇总"], "姓名") if r["姓名"] != "合计"}
    assert "11-06起请假1天未批准" in rows["李娜"]["缺少审批"]
    assert rows["张伟"]["处分"] == "书面批评、严重警告"
    assert "严重警告" not in rows["张伟"]["缺少审批"]  # approved by the 总经理
    assert rows["王芳"]["缺少审批"] is None
