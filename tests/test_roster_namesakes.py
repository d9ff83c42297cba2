"""A name two people on the roster share, in registers that give names only (clerk6 #11): the
visit register's 回访人 and the handover log's 交班人/接班人 cannot tell the two apart, so
validate says so (V12.namesake, V12.namesake_log) and the summary lists the one row it can
make as 同名待核 — no rate of one person's target, no verdict, a line in 需要关注."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from branch_files import read_tables
from workbooks import HANDOVER_ROWS, VISIT, run_cli

from csbook.io.templates import build_template

AS_OF = ("--as-of", "2026-11-30 18:00")


def roster_book(path: Path) -> Path:
    """员工 as a hurried clerk keeps it: a second 王芳 typed with a space, and 李娜's row typed
    twice (one person, the same 工号: no namesake)."""
    people = [
        {"staff_id": "E001", "name": "王芳"},
        {"staff_id": "E002", "name": "李娜"},
        {"staff_id": "E007", "name": "王 芳"},
        {"staff_id": "E002", "name": "李娜"},
    ]
    return build_template("penalties", path, rows={"员工": people})


def visits(path: Path) -> Path:
    """王芳 visits 12 clients in November (dates typed as text), 李娜 one."""
    rows = [
        {**VISIT, "visit_date": f"2026/11/{day}", "client": f"客户{day}", "staff": "王芳"}
        for day in range(2, 14)
    ]
    rows.append({**VISIT, "client": "乙公司", "staff": "李娜"})
    return build_template("visits", path, rows={"回访登记": rows, "投诉登记": []})


def findings(capsys: pytest.CaptureFixture[str], path: Path, *argv: object) -> list[dict]:
    code, out, _ = run_cli(capsys, "validate", path, *AS_OF, "--format", "json", *argv)
    assert code in (0, 1)
    return [f for entry in json.loads(out)["files"] for f in entry["findings"]]


def summary(capsys: pytest.CaptureFixture[str], out: Path, *argv: object) -> Any:
    code, _, err = run_cli(capsys, "summary", *argv, "--month", "2026-11", *AS_OF, "-o", out)
    assert code == 0, err
    return openpyxl.load_workbook(out)


def lines(ws: Any) -> list[str]:
    return [str(r[0]) for r in ws.iter_rows(values_only=True) if r and r[0]]


def test_a_visit_agent_two_roster_people_share_is_said_and_held(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roster = roster_book(tmp_path / "南京分公司-处罚汇总表.xlsx")
    register = visits(tmp_path / "in" / "南京分公司-回访登记表.xlsx")
    assert not [f for f in findings(capsys, register) if f["rule"] == "V12"]
    (said,) = [f for f in findings(capsys, register, "--roster", roster) if f["rule"] == "V12"]
    assert (said["row"], said["column"], said["severity"]) == (2, "回访人", "warning")
    assert "“王芳”在员工名单中有2人同名（工号 E001、E007）" in said["message"]
    assert "共12行" in said["message"]

    wb = summary(capsys, tmp_path / "s.xlsx", register, "--roster", roster)
    agents = read_tables(wb["回访"])["各回访人（回访量、客户签字、按期复访、满意度）"]
    at = agents["header"].index
    wang, li = agents["rows"][:2]
    assert (wang[at("回访人")], wang[at("回访次数")], wang[at("完成率")]) == ("王芳", 12, None)
    assert (li[at("回访人")], li[at("完成率")]) == ("李娜", pytest.approx(0.05))
    assert any("同名待核：王芳（2人：工号 E001、E007）" in line for line in lines(wb["回访"]))
    attention = read_tables(wb["总览"])["需要关注"]["rows"]
    assert ["回访人同名待核", "南京分公司", 1, "王芳（工号 E001、E007）（见“回访”表）"] in attention
    # only 李娜 is under target: 王芳's 12 may be two people's
    (under,) = [r for r in attention if r[0] == "回访未达标人数"]
    assert under[2] == 1 and "李娜" in under[3] and "王芳" not in under[3]
    # without the roster nothing tells: one 王芳 under target, as before
    wb = summary(capsys, tmp_path / "s2.xlsx", register)
    attention = read_tables(wb["总览"])["需要关注"]["rows"]
    assert not [r for r in attention if "同名" in r[0]]


def test_a_handover_person_two_roster_people_share_is_said_and_held(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roster = roster_book(tmp_path / "南京分公司-处罚汇总表.xlsx")
    # 王芳 takes the early shift over from 李娜 and hands the middle one to 赵敏
    shifts = [{k: "王芳" if v == "王强" else v for k, v in row.items()} for row in HANDOVER_ROWS]
    log = build_template(
        "handover", tmp_path / "in" / "南京分公司-交接班记录.xlsx", rows={"交接班": shifts}
    )
    said = [f for f in findings(capsys, log, "--roster", roster) if f["rule"] == "V12"]
    assert [(f["row"], f["severity"]) for f in said] == [(2, "warning")]
    assert (
        "“王芳”在员工名单中有2人同名（工号 E001、E007）：交接班记录只写姓名" in said[0]["message"]
    )

    wb = summary(capsys, tmp_path / "s.xlsx", log, "--roster", roster)
    assert any("同名待核：王芳（2人：工号 E001、E007）" in line for line in lines(wb["交接班"]))
    attention = read_tables(wb["总览"])["需要关注"]["rows"]
    assert [r[:3] for r in attention if r[0] == "交接班人员同名待核"] == [
        ["交接班人员同名待核", "南京分公司", 1]
    ]
