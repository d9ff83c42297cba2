"""The sample workbooks (csbook/sample) and `csbook demo`: the committed files are a fresh
build, and exactly the deliberate mistakes planted in them are found."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import csbook.sample
from csbook.cli import main
from csbook.sample.build import build_samples

SAMPLES = Path(csbook.sample.__file__).resolve().parent
NAMES = ("回访登记表.xlsx", "交接班记录.xlsx", "处罚汇总表.xlsx")
AS_OF = "2026-10-31 18:00"

# (file, sheet, Excel row, rule, severity) of every finding as of 2026-10-31 18:00: the
# deliberate mistakes of csbook/sample/build.py, and nothing else
EXPECTED = {
    ("回访登记表.xlsx", "回访登记", 26, "V06", "error"),  # complaint number with digits swapped
    ("回访登记表.xlsx", "回访登记", 29, "V05", "warning"),  # mobile number of 10 digits
    ("回访登记表.xlsx", "回访登记", 31, "V10", "error"),  # 复访日期 before 解决日期
    ("回访登记表.xlsx", "回访登记", 32, "V11", "error"),  # 上门 without 客户签字
    ("回访登记表.xlsx", "回访登记", 51, "R02", "error"),  # "2026-10-32"
    (
        "回访登记表.xlsx",
        "投诉登记",
        5,
        "D03",
        "warning",
    ),  # due on the 调休 Saturday, replied Monday
    ("回访登记表.xlsx", "投诉登记", 14, "V20", "error"),  # 投诉编号 used twice
    ("交接班记录.xlsx", "交接班", 28, "V32", "error"),  # 接班人签字 missing
    ("交接班记录.xlsx", "交接班", 62, "H01", "warning"),  # arrived 08:12 for the 08:00 shift
    ("交接班记录.xlsx", "交接班", 74, "H04", "error"),  # chain broken without an approved swap,
    ("交接班记录.xlsx", "交接班", 75, "H04", "error"),  # reported on both rows
    ("处罚汇总表.xlsx", "过失登记", 9, "V42", "error"),  # S04 without 涉及金额
    ("处罚汇总表.xlsx", "过失登记", 10, "V40", "error"),  # 刘阳 is not on the roster
    ("处罚汇总表.xlsx", "过失登记", 11, "V43", "warning"),  # appeal 9 days after the notice
    ("处罚汇总表.xlsx", "请假登记", 6, "Q04", "error"),  # a day off never approved: 旷工
    ("处罚汇总表.xlsx", "请假登记", 7, "Q05", "error"),  # the sick note after 2 working days
    # the 旷工 those two make is an S01 each: a 书面批评 in no 过失登记 row, approved by nobody
    ("处罚汇总表.xlsx", "请假登记", 6, "V46", "warning"),
    ("处罚汇总表.xlsx", "请假登记", 7, "V46", "warning"),
}


def committed() -> list[Path]:
    return [SAMPLES / name for name in NAMES]


def test_committed_samples_are_a_fresh_build(tmp_path: Path) -> None:
    built = build_samples(tmp_path)
    assert sorted(p.name for p in built) == sorted(NAMES)
    assert sorted(p.name for p in SAMPLES.glob("*.xlsx")) == sorted(NAMES)
    for path in built:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), (
            f"{path.name} differs from a fresh build: run `python -m csbook.sample.build`"
        )


def test_validate_finds_exactly_the_deliberate_mistakes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["validate", *map(str, committed()), "--as-of", AS_OF, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    files = report["files"]
    assert [Path(f["file"]).name for f in files] == list(NAMES)
    assert all(f["error"] is None for f in files)
    found = [
        (Path(f["file"]).name, x["sheet"], x["row"], x["rule"], x["severity"])
        for f in files
        for x in f["findings"]
    ]
    assert len(found) == len(set(found))
    assert set(found) == EXPECTED


def _sheet_rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A sheet's data rows as {header: value}."""
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def test_demo_runs_the_whole_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert AS_OF in out
    for rule in {rule for *_, rule, _severity in EXPECTED}:
        assert rule in out

    # the inputs are the package's samples, unchanged
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes()

    computed = tmp_path / "computed"
    assert sorted(p.name for p in computed.glob("*.xlsx")) == sorted(NAMES)

    complaints = _sheet_rows(computed / "回访登记表.xlsx", "投诉登记")
    by_id = {row["投诉编号"]: row for row in complaints}
    # received Wed 09-30 10:00, before the National Day holidays: due Thu 10-08 10:00
    assert by_id["TS-2026-087"]["回复期限"] == datetime(2026, 10, 8, 10, 0)
    # received Fri 10-09 16:00: due Sat 10-10 16:00 (a 调休 working day), replied Monday
    assert by_id["TS-2026-090"]["回复期限"] == datetime(2026, 10, 10, 16, 0)
    assert by_id["TS-2026-090"]["回复状态"] == "超时"
    # received on the 调休 Saturday 10-10 09:00: due Mon 10-12 09:00
    assert by_id["TS-2026-091"]["回复期限"] == datetime(2026, 10, 12, 9, 0)
    assert by_id["TS-2026-100"]["回复状态"] == "待回复"
    statuses = [row["回复状态"] for row in complaints]
    assert statuses.count("按时") == len(complaints) - 2
    assert by_id["TS-2026-096"]["投诉等级"] == "恶性"  # the 恶性 flag
    assert by_id["TS-2026-097"]["投诉等级"] == "重复"  # same client and category as -091
    assert [row["投诉等级"] for row in complaints].count("一般") == len(complaints) - 2

    handover = _sheet_rows(computed / "交接班记录.xlsx", "交接班")
    assert len(handover) == 92  # 10-31 夜班 begins after the demo time: not in the log
    arrivals = [row["到岗状态"] for row in handover]
    assert arrivals[62 - 2] == "迟到"
    assert arrivals.count("按时") == 91
    assert [i + 2 for i, row in enumerate(handover) if row["脱班"] == "是"] == [74, 75]
