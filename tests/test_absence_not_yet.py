"""An unapproved leave that runs past the reference day (Q04 → 旷工, Q06): its days after the
reference day have not happened, so they are not yet 旷工 and the run's sanction rests on
the days done (Q06.ahead names them). The month the days fall in, once they are past,
decides again on the whole run, and its 月处罚汇总 says the earlier month's sanction may have
changed. Workbooks from the template, typed as a clerk types them; compute as the CLI runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from workbooks import compute_cli, leave, penalty_template, run, sheet_lines, sheet_rows

from csbook.rules.findings import Severity

SHEET = "请假登记"


def book(tmp_path: Path) -> Path:
    return penalty_template(
        tmp_path / "处罚汇总表.xlsx",
        {
            SHEET: [
                # Mon 11-30 and Tue 12-01, nobody approved: as of 11-30 one day is done
                leave("张伟", "事假", "2026-11-30", "2026/12/1", 批准人="/"),
                # Thu 11-26 .. Tue 12-01: four working days, three done as of 11-30
                leave("王芳", "事假", "2026年11月26日", "2026-12-01", 批准人=None),
            ]
        },
    )


def test_days_after_the_reference_day_are_not_yet_absence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As of 11-30, 张伟 has been absent one day (S01 书面批评, no cut), not two (M01
    严重警告, 660 cut in November and December); 王芳 three days (M01), not four (D01 留察)."""
    path = book(tmp_path)
    report = run(path, datetime(2026, 11, 30, 18, 0))
    ahead = [
        (f.row, f.severity, f.params["span"], f.params["days"], f.params["kind"])
        for f in report.findings
        if f.key == "Q06.ahead"
    ]
    assert ahead == [
        (2, Severity.WARNING, "2026-12-01", "1", "事假"),
        (3, Severity.WARNING, "2026-12-01", "1", "事假"),
    ]
    code, wb = compute_cli(capsys, path, "2026-11-30")
    assert code == 1  # Q04: the leaves are not approved
    words = [r["计入"] for r in sheet_rows(wb[SHEET], "计入")]
    assert words == [
        "事假1天（12月1天）、旷工1天（11月1天）",
        "事假1天（12月1天）、旷工3天（11月3天）",
    ]
    rows = {r["姓名"]: r for r in sheet_rows(wb["月处罚汇总"], "姓名") if r["姓名"] != "合计"}
    assert (rows["张伟"]["处分"], rows["张伟"]["扣薪（元）"], rows["张伟"]["旷工天数"]) == (
        "书面批评",
        0,
        1,
    )
    assert "S01" in rows["张伟"]["过失"]
    assert (rows["王芳"]["处分"], rows["王芳"]["旷工天数"]) == ("严重警告", 3)
    assert "M01" in rows["王芳"]["过失"]
    assert not [line for line in sheet_lines(wb["月处罚汇总"]) if "延续到本月" in line]


def test_the_month_the_days_fall_in_decides_again_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As of 12-31 the days are past: the runs are two and four days, November's offences
    M01 and D01 (their cuts go on in December), no Q06.ahead; December's 月处罚汇总 says that
    November's sanction, if made before, may have changed."""
    path = book(tmp_path)
    report = run(path, datetime(2026, 12, 31, 18, 0))
    assert not [f for f in report.findings if f.key == "Q06.ahead"]
    _, wb = compute_cli(capsys, path, "2026-12-31")
    rows = {r["姓名"]: r for r in sheet_rows(wb["月处罚汇总"], "姓名") if r["姓名"] != "合计"}
    assert "严重警告续扣" in rows["张伟"]["备注"] and "留察续扣" in rows["王芳"]["备注"]
    (line,) = [line for line in sheet_lines(wb["月处罚汇总"]) if "延续到本月" in line]
    assert "张伟 2026-11-30起连续2天（本月1天）" in line
    assert "王芳 2026-11-26起连续4天（本月1天）" in line
    assert "2026年11月的处罚汇总" in line
