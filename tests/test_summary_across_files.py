"""A branch that sends one register and one handover log a month (README's monthly round trip:
a folder per month, 参数 分公司 filled): the summary reading several of its files judges them as
one register (C02 grades) and one log (H04 continuity), and says where that changed what each
file alone gives. Copies count once; two branches are never joined."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import branch_files
import openpyxl
from branch_files import read_tables
from workbooks import month_summary, penalty_book, run_cli, tables

from csbook.io.templates import build_template
from csbook.io.workbook import load
from csbook.rules.periods import Period, PeriodKind
from csbook.rules.report import ReportTable
from csbook.rules.settings import Settings
from csbook.summary import report_for_books

NANJING = "南京分公司"


def complaint(cid: str, received: str, client: str = "甲公司 ", **more: Any) -> dict[str, Any]:
    """A complaint typed as a clerk types it: the time as text, the client with a stray space,
    replied within the hour."""
    day, clock = received.split(" ")
    replied = f"{day} {clock.split(':')[0]}:40"
    return branch_files.complaint(cid, received, client, "一站", replied_at=replied, **more)


def register(folder: Path, rows: list[dict[str, Any]], branch: str = NANJING) -> Path:
    path = folder / f"{branch}-回访登记表.xlsx"
    build_template("visits", path, settings=Settings(branch=branch), rows={"投诉登记": rows})
    return path


def summary(capsys: Any, out: Path, *args: object) -> tuple[int, Any]:
    code, _, _ = run_cli(capsys, "summary", *args, "-o", out)
    return code, openpyxl.load_workbook(out)


def grades(wb: Any) -> dict[str, tuple[int, int, int, int]]:
    """投诉: 分公司 -> (投诉件数, 一般, 重复, 恶性)."""
    rows = read_tables(wb["投诉"])["投诉等级与首次回复"]["rows"]
    return {r[0]: tuple(r[1:5]) for r in rows if r[0] != "合计"}


def listed(wb: Any) -> dict[str, str]:
    """投诉's 重复和恶性投诉: 投诉编号 -> 投诉等级."""
    table = read_tables(wb["投诉"])["重复和恶性投诉"]
    at = table["header"].index("投诉等级")
    return {r[1]: r[at] for r in table["rows"]}


def sources(wb: Any) -> dict[str, tuple[Any, ...]]:
    """来源: file -> (状态, 错误, 警告, 说明)."""
    rows = read_tables(wb["来源"])["输入文件"]["rows"]
    return {r[0]: (r[7], r[5], r[6], r[8] or "") for r in rows}


def overview(wb: Any, caption: str) -> tuple[list[str], dict[str, Any], dict[str, str]]:
    """总览: its notes (lines of text), 指标 -> 数值, and 需要关注's 事项 -> 明细."""
    tables = read_tables(wb["总览"])
    notes = [
        str(r[0])
        for r in wb["总览"].iter_rows(values_only=True)
        if isinstance(r[0], str) and "按一份记录判断" in r[0]
    ]
    return (
        notes,
        {r[0]: r[1] for r in tables[caption]["rows"]},
        {r[0]: r[3] for r in tables["需要关注"]["rows"]},
    )


def test_a_repeat_whose_first_complaint_is_in_last_months_file(tmp_path: Path, capsys: Any) -> None:
    """OCT-1 in October's register, NOV-1 (16 days later) and NOV-2 in November's: NOV-1 is 重复,
    NOV-2 repeats a repeat (恶性) — in the month's and the quarter's counts, lists, 需要关注 and
    the 月处罚汇总's units (C04) — and 来源 names the complaint and the earlier file."""
    october = register(
        tmp_path / "2026-10", [complaint("OCT-1", "2026/10/20 10:00", client="甲公司")]
    )
    november = register(
        tmp_path / "2026-11",
        [complaint("NOV-1", "2026/11/5 10:00"), complaint("NOV-2", "2026/11/25 10:00")],
    )
    penalty_book(
        tmp_path / "2026-11" / f"{NANJING}-处罚汇总表.xlsx", [], params=[["分公司", NANJING]]
    )
    as_of = ("--as-of", "2026-11-30 18:00")
    code, wb = summary(
        capsys, tmp_path / "m.xlsx", october.parent, november.parent, "--month", "2026-11", *as_of
    )
    assert code == 0
    assert grades(wb)[NANJING] == (2, 0, 1, 1)
    assert listed(wb) == {"NOV-1": "重复", "NOV-2": "恶性"}
    notes, figures, attention = overview(wb, "本月主要指标")
    assert figures["重复投诉"] == 1 and figures["恶性投诉"] == 1
    assert attention["恶性投诉"].startswith("NOV-2")
    assert notes and "2 件投诉的等级" in notes[0]
    state, _, warnings, said = sources(wb)["2026-11/南京分公司-回访登记表.xlsx"]
    assert state == "完整" and warnings == 2
    assert "NOV-1由一般改为重复（与“2026-10/南京分公司-回访登记表.xlsx”第" in said
    assert "的OCT-1为同一客户同类投诉，相隔16天" in said
    assert "NOV-2由重复改为恶性" in said
    assert sources(wb)["2026-10/南京分公司-回访登记表.xlsx"][3] == ""  # October's stays as it is
    units = read_tables(wb["月处罚汇总"])["二、重复、恶性投诉的责任单位"]["rows"]
    assert [r[1:5] for r in units if r[1] == "一站"] == [["一站", 1, 1, "NOV-2（恶性）、NOV-1"]]
    said = [str(r[0]) for r in wb["月处罚汇总"].iter_rows(values_only=True) if r[0]]
    assert any(
        "NOV-1由一般改为重复（与“2026-10/南京分公司-回访登记表.xlsx”第2行" in s for s in said
    )

    code, wb = summary(
        capsys, tmp_path / "q.xlsx", october.parent, november.parent, "--quarter", "2026-Q4", *as_of
    )
    assert grades(wb)[NANJING] == (3, 1, 1, 1)
    assert listed(wb) == {"NOV-1": "重复", "NOV-2": "恶性"}
    notes, figures, _ = overview(wb, "本季度主要指标")
    assert figures["恶性投诉"] == 1 and notes
    trend = read_tables(wb["趋势"])["各月主要指标"]["rows"]
    assert [r[2:6] for r in trend[:2]] == [[1, 1, 0, 0], [2, 0, 1, 1]]  # 投诉件数, 一般, 重复, 恶性


def test_a_cumulative_register_sent_every_month_counts_each_complaint_once(
    tmp_path: Path, capsys: Any
) -> None:
    """November's register still holds October's complaint: nothing is regraded (the file
    saw OCT-1 itself), OCT-1 is not a repeat of itself, nothing is counted twice."""
    october = register(tmp_path / "2026-10", [complaint("OCT-1", "2026/10/20 10:00")])
    november = register(
        tmp_path / "2026-11",
        [
            complaint("OCT-1", "2026/10/20 10:00"),
            complaint("NOV-1", "2026/11/5 10:00"),
            complaint("NOV-2", "2026/11/25 10:00"),
        ],
    )
    as_of = ("--as-of", "2026-11-30 18:00")
    for period, counted in (
        (("--month", "2026-11"), (2, 0, 1, 1)),
        (("--quarter", "2026-Q4"), (3, 1, 1, 1)),
    ):
        _, wb = summary(
            capsys, tmp_path / "s.xlsx", october.parent, november.parent, *period, *as_of
        )
        assert grades(wb)[NANJING] == counted, period
        assert listed(wb) == {"NOV-1": "重复", "NOV-2": "恶性"}
        assert not any("改为" in s[3] for s in sources(wb).values())
        assert sources(wb)["2026-10/南京分公司-回访登记表.xlsx"][0] == "重复，未计入"
    # October's own register holding one more complaint: it counts for October, November's
    # copy of OCT-1 is left out (部分重复) — and NOV-1, 重复 in its own file, is not "changed"
    register(
        tmp_path / "2026-10",
        [
            complaint("OCT-0", "2026/10/2 9:00", client="乙公司"),
            complaint("OCT-1", "2026/10/20 10:00"),
        ],
    )
    _, wb = summary(
        capsys,
        tmp_path / "p.xlsx",
        october.parent,
        november.parent,
        "--month",
        "2026-11",
        "--as-of",
        "2026-11-30 18:00",
    )
    assert sources(wb)["2026-11/南京分公司-回访登记表.xlsx"][0] == "部分重复，部分未计入"
    assert grades(wb)[NANJING] == (2, 0, 1, 1)
    assert not any("改为" in s[3] for s in sources(wb).values())
    # 月处罚汇总 given both registers (compute --with each): OCT-1 is one complaint
    sheet = month_summary([penalty_book(tmp_path / "p.xlsx", [])], visits=[october, november])
    assert tables(sheet)[1].rows == [[NANJING, "一站", 1, 1, "NOV-2（恶性）、NOV-1"]]
    assert not any("合并判断" in b for b in sheet.blocks if isinstance(b, str))


def test_two_branches_complaints_are_two_registers(tmp_path: Path, capsys: Any) -> None:
    """The same client and category in 南京's October and 苏州's November register: no repeat."""
    october = register(tmp_path / "2026-10", [complaint("NJ-1", "2026/10/20 10:00")])
    november = register(
        tmp_path / "2026-11", [complaint("SZ-1", "2026/11/5 10:00")], branch="苏州分公司"
    )
    _, wb = summary(
        capsys,
        tmp_path / "q.xlsx",
        october.parent,
        november.parent,
        "--quarter",
        "2026-Q4",
        "--as-of",
        "2026-11-30 18:00",
    )
    assert grades(wb) == {NANJING: (1, 1, 0, 0), "苏州分公司": (1, 1, 0, 0)}
    assert not any("改为" in s[3] for s in sources(wb).values())


PEOPLE = ("王芳", "李娜", "张伟")
ARRIVALS = {"早班": "7:45", "中班": "15:45", "夜班": "23:45"}


def chain(days: list[str], start: int = 0) -> list[dict[str, Any]]:
    """Every shift of `days` (typed as text), people taking turns without a break."""
    rows = []
    k = start
    for day in days:
        for name in ("早班", "中班", "夜班"):
            giver, taker = PEOPLE[k % 3], PEOPLE[(k + 1) % 3]
            rows.append(
                {
                    "date": day,
                    "shift": name,
                    "from_staff": giver,
                    "to_staff": taker,
                    "arrived_at": ARRIVALS[name],
                    "from_signed": giver,
                    "to_signed": taker,
                    "face_to_face": "是",
                    "reviewed_by": "赵主管",
                }
            )
            k += 1
    return rows


def log(folder: Path, rows: list[dict[str, Any]], branch: str = NANJING, **more: Any) -> Path:
    path = folder / f"{branch}-交接班记录.xlsx"
    settings = Settings(branch=branch, **more)
    build_template("handover", path, settings=settings, rows={"交接班": rows})
    return path


def gaps(wb: Any) -> list[tuple[str, str, str, str]]:
    """交接班's 脱班记录: (日期 MM-DD, 班次, 原因, 来源)."""
    table = read_tables(wb["交接班"])["脱班记录"]
    return [(f"{r[1]:%m-%d}", r[2], r[5], r[6]) for r in table["rows"]]


def gap_count(wb: Any) -> int:
    rows = read_tables(wb["交接班"])["各分公司交接班"]["rows"]
    return next(r[7] for r in rows if r[0] == NANJING)


def test_a_break_across_the_boundary_of_a_branchs_monthly_logs(tmp_path: Path, capsys: Any) -> None:
    """October's log ends with 10-31 夜班 taken over by 王芳; November's begins with 11-01 早班
    handed over by 陈静: 脱班 on both rows, as in one log, in each period holding them — and
    the row of the other month, outside the period, is read to judge it, not counted."""
    october = chain(["2026/10/29", "2026/10/30", "2026/10/31"])
    november = chain(["2026/11/1", "2026/11/2", "2026/11/3"], start=len(october))
    assert october[-1]["to_staff"] == november[0]["from_staff"] == "王芳"
    november[0] |= {"from_staff": "陈静", "from_signed": "陈静"}
    oct_log = log(tmp_path / "2026-10", october)
    nov_log = log(tmp_path / "2026-11", november)
    folders = (oct_log.parent, nov_log.parent)
    as_of = ("--as-of", "2026-11-30 12:00")

    week = Period.parse(PeriodKind.WEEK, "2026-W44")
    code, wb = summary(capsys, tmp_path / "w.xlsx", *folders, "--week", week.code, *as_of)
    assert code == 1  # 脱班 is an error, as H04.break in one log
    assert gap_count(wb) == 2
    found = gaps(wb)
    assert [g[:2] for g in found] == [("10-31", "夜班"), ("11-01", "早班")]
    assert found[0][2] == "交接不连续（下一班在“2026-11/南京分公司-交接班记录.xlsx”第2行）"
    assert found[1][2].startswith("交接不连续（上一班在“2026-10/南京分公司-交接班记录.xlsx”第")
    people = read_tables(wb["交接班"])["交接班人员（接班次数按接班人计）"]["rows"]
    assert {r[1]: r[8] for r in people if r[8]} == {"王芳": 1, "陈静": 1}
    state, errors, _, said = sources(wb)["2026-11/南京分公司-交接班记录.xlsx"]
    assert (state, errors) == ("完整", 1)
    assert "第2行11-01早班脱班：交接不连续（上一班在" in said
    notes, figures, attention = overview(wb, "本周主要指标")
    assert figures["脱班"] == 2 and "2 个脱班" in notes[0]
    assert attention["脱班"].startswith("10-31夜班、11-01早班")

    _, wb = summary(capsys, tmp_path / "m.xlsx", *folders, "--month", "2026-11", *as_of)
    assert [g[:2] for g in gaps(wb)] == [("11-01", "早班")] and gap_count(wb) == 1
    assert sources(wb)["2026-10/南京分公司-交接班记录.xlsx"][3] == ""  # its row: not this month's
    _, wb = summary(capsys, tmp_path / "o.xlsx", *folders, "--month", "2026-10", *as_of)
    assert [g[:2] for g in gaps(wb)] == [("10-31", "夜班")] and gap_count(wb) == 1

    # the Excel button's path (whole books, as loaded) finds the same two
    ref = datetime(2026, 11, 30, 12)
    made = report_for_books([load(p, ref.date()) for p in (oct_log, nov_log)], week, ref)
    handover = next(sheet for sheet in made.sheets if sheet.name == "交接班")
    (listed,) = [
        b for b in handover.blocks if isinstance(b, ReportTable) and b.caption == "脱班记录"
    ]
    assert [(f"{r[1]:%m-%d}", r[2]) for r in listed.rows] == [("10-31", "夜班"), ("11-01", "早班")]

    # each log alone says nothing of a shift it does not hold
    _, wb = summary(capsys, tmp_path / "n.xlsx", nov_log.parent, "--week", "2026-W44", *as_of)
    assert gaps(wb) == [] and gap_count(wb) == 0


def test_a_shift_missing_between_two_files_and_two_branches_logs(
    tmp_path: Path, capsys: Any
) -> None:
    """October's log lacks 10-31 夜班: 缺10-31夜班 on its last row and on November's first, as in
    one log. 苏州's log of November beside 南京's October one is another log: no gap."""
    october = chain(["2026/10/30", "2026/10/31"])[:-1]
    november = chain(["2026/11/1", "2026/11/2"], start=len(october))
    november[0] |= {"from_staff": october[-1]["to_staff"], "from_signed": october[-1]["to_staff"]}
    oct_log = log(tmp_path / "2026-10", october)
    nov_log = log(tmp_path / "2026-11", november)
    suzhou = log(tmp_path / "2026-11", chain(["2026/11/1", "2026/11/2"]), branch="苏州分公司")
    args = ("--week", "2026-W44", "--as-of", "2026-11-30 12:00")
    _, wb = summary(capsys, tmp_path / "w.xlsx", oct_log, nov_log, suzhou, *args)
    found = gaps(wb)
    assert [g[:2] for g in found] == [("10-31", "中班"), ("11-01", "早班")]
    assert all(g[2].startswith("缺10-31夜班（") for g in found)
    rows = read_tables(wb["交接班"])["各分公司交接班"]["rows"]
    assert {r[0]: r[7] for r in rows if r[0] != "合计"} == {NANJING: 2, "苏州分公司": 0}


def test_logs_whose_settings_name_other_shifts_are_not_lined_up_and_say_so(
    tmp_path: Path, capsys: Any
) -> None:
    """November's 参数 names two shifts where October's names three: which of November's
    shifts follows October's 夜班 is not known — not judged, and 来源 says so."""
    oct_log = log(tmp_path / "2026-10", chain(["2026/10/31"]))
    two = [
        {**row, "shift": name, "arrived_at": clock}
        for row, name, clock in zip(
            chain(["2026/11/1"], start=1)[:2], ("白班", "夜班"), ("7:45", "19:45"), strict=True
        )
    ]
    nov_log = log(tmp_path / "2026-11", two, shifts="白班 08:00, 夜班 20:00")
    args = ("--week", "2026-W44", "--as-of", "2026-11-30 12:00")
    _, wb = summary(capsys, tmp_path / "w.xlsx", oct_log, nov_log, *args)
    assert gaps(wb) == []
    for name in ("2026-10/南京分公司-交接班记录.xlsx", "2026-11/南京分公司-交接班记录.xlsx"):
        _, _, warnings, said = sources(wb)[name]
        assert warnings == 1 and "班次设置不同" in said and "未检查是否脱班" in said


def test_compute_with_last_months_register_grades_across_both(tmp_path: Path, capsys: Any) -> None:
    """`compute` of November's register alone cannot see October's complaint (NOV-1 一般);
    with October's register of the branch (--with) NOV-1 is 重复 and NOV-2 恶性 in the copy,
    each change named on its row (C02.files). Another branch's register changes nothing."""
    october = register(tmp_path / "2026-10", [complaint("OCT-1", "2026/10/20 10:00")])
    suzhou = register(
        tmp_path / "2026-10", [complaint("SZ-1", "2026/10/20 10:00")], branch="苏州分公司"
    )
    november = register(
        tmp_path / "2026-11",
        [complaint("NOV-1", "2026/11/5 10:00"), complaint("NOV-2", "2026/11/25 10:00")],
    )

    def computed(out: str, *more: object) -> tuple[list[Any], list[Any]]:
        args = ("-o", tmp_path / out, "--as-of", "2026-11-30 18:00", *more)
        run_cli(capsys, "compute", november, *args)
        ws = openpyxl.load_workbook(tmp_path / out / november.name)["投诉登记"]
        header, *rows = ws.iter_rows(values_only=True)
        at = {h: i for i, h in enumerate(header)}
        rows = [r for r in rows if r[at["投诉编号"]]]
        return [r[at["投诉等级"]] for r in rows], [r[at["校验提示"]] or "" for r in rows]

    grades, notes = computed("alone")
    assert grades == ["一般", "重复"] and not any("改为" in n for n in notes)
    grades, notes = computed("suzhou", "--with", suzhou)
    assert grades == ["一般", "重复"] and not any("改为" in n for n in notes)
    grades, notes = computed("both", "--with", october, "--with", suzhou)
    assert grades == ["重复", "恶性"]
    assert "NOV-1由一般改为重复（与“2026-10/南京分公司-回访登记表.xlsx”第" in notes[0]
    assert "NOV-2由重复改为恶性" in notes[1]


def test_many_regraded_complaints_are_named_up_to_five_in_sources(
    tmp_path: Path, capsys: Any
) -> None:
    """Seven clients complained in October and again in November: seven 重复, 来源 names five
    and says where the rest are (a year of monthly files can change hundreds)."""
    clients = [f"客户{k}" for k in range(7)]
    october = register(
        tmp_path / "2026-10",
        [complaint(f"O{k}", f"2026/10/{20 + k} 10:00", client=c) for k, c in enumerate(clients)],
    )
    november = register(
        tmp_path / "2026-11",
        [complaint(f"N{k}", f"2026/11/{2 + k} 10:00", client=c) for k, c in enumerate(clients)],
    )
    args = ("--month", "2026-11", "--as-of", "2026-11-30 18:00")
    _, wb = summary(capsys, tmp_path / "m.xlsx", october.parent, november.parent, *args)
    assert grades(wb)[NANJING] == (7, 0, 7, 0)
    said = sources(wb)["2026-11/南京分公司-回访登记表.xlsx"][3]
    assert said.count("由一般改为重复") == 5
    assert said.endswith("等 7 项（见“投诉”表的重复和恶性投诉）")
