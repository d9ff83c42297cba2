"""Two versions of one branch's 处罚汇总表 in a month's summary (the branch re-sent its book
corrected): they are compared over every sheet that prices the month — 过失登记, 考勤,
请假登记, 员工 and 参数. Where they disagree the summary says P10.versions naming the rows,
lists the person once and holds her amounts open (不完整); it never charges both readings,
and never keeps one by the order the files were named."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from workbooks import LEAVE_HEADERS, MIN_WAGE, ROSTER, offence, penalty_book, rows_of, tables

from csbook.rules.periods import Period
from csbook.summary import run as summary_run

AS_OF = datetime(2026, 11, 30, 18, 0)
NOV = Period.month(date(2026, 11, 1))
BRANCH = [*MIN_WAGE, ["分公司", "南京分公司"]]


def _leave_book(path: Path, approver: str | None) -> Path:
    """Only a 事假 of 王芳 (dates typed as text), approved or not: nothing else differs."""
    row = {
        "姓名": "王芳",
        "工号": "1003",
        "假别": "事假",
        "开始日期": "2026.11.3",
        "结束日期": "2026.11.4",
        "申请日期": "2026/10/30",
        "批准人": approver,
    }
    more = {"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, [row]))}
    return penalty_book(path, [], params=BRANCH, more=more)


def _summary(tmp_path: Path, paths: list[Path], as_of: datetime = AS_OF, period: Period = NOV):
    done = summary_run(paths, period, tmp_path / "汇总.xlsx", as_of=as_of, jobs=1)
    sheet = done.summary.sheet("月处罚汇总")
    table = tables(sheet)[0]
    rows = [dict(zip(table.header, r, strict=True)) for r in table.rows]
    return rows, {s.name: s for s in done.summary.sources}


def _of(rows: list[dict], name: str) -> list[dict]:
    return [r for r in rows if r["姓名"] == name]


def test_versions_differing_only_in_a_leave_approval_are_one_person_held_open(
    tmp_path: Path,
) -> None:
    """Before: neither book had a row "of the month" (leave rows were not counted), so both
    counted — 王芳 twice, charged both 旷工 (unapproved) and 事假 (approved)."""
    first = _leave_book(tmp_path / "南京分公司-处罚汇总表.xlsx", None)
    fixed = _leave_book(tmp_path / "南京分公司-处罚汇总表（更正）.xlsx", "赵敏")
    rows, sources = _summary(tmp_path, [first, fixed])
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None
    assert "不完整" in wang["备注"]
    for source in sources.values():
        assert source.state.value == "不完整"
        assert "记录不同" in source.reason
        assert "请假登记第2行" in source.reason
        assert "1003 王芳" in source.reason
        assert source.period_rows == 1  # the leave is the month's row


@pytest.mark.parametrize("corrected_first", [False, True])
def test_versions_differing_only_in_the_roster_are_versions_whatever_the_order(
    tmp_path: Path, corrected_first: bool
) -> None:
    """Before: the second book named was "重复" and 王芳 priced by the first one's roster."""
    fine = [offence("2026-11-05", "王芳", "M03", 工号="1003")]
    roster = [list(r) for r in ROSTER]
    roster[2][4] = 3300  # 王芳's 基本工资 corrected from 2800
    first = penalty_book(tmp_path / "南京分公司-处罚汇总表.xlsx", fine, params=BRANCH)
    fixed = penalty_book(
        tmp_path / "南京分公司-处罚汇总表（更正工资）.xlsx", fine, roster=roster, params=BRANCH
    )
    rows, sources = _summary(tmp_path, [fixed, first] if corrected_first else [first, fixed])
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None
    assert "不完整" in wang["备注"]
    assert _of(rows, "张伟") == []  # nobody else is touched
    for source in sources.values():
        assert source.state.value == "不完整"
        assert "员工第4行" in source.reason  # 王芳's row in each book
        assert "1003 王芳" in source.reason


@pytest.mark.parametrize("record_only_first", [False, True])
def test_versions_differing_only_in_a_setting_are_versions(
    tmp_path: Path, record_only_first: bool
) -> None:
    """仅记录月份 typed in one copy only: her 严重警告 cut was 0 or 700 by argument order."""
    fine = [offence("2026-11-05", "王芳", "M03", 工号="1003")]
    plain = penalty_book(tmp_path / "南京分公司-处罚汇总表.xlsx", fine, params=BRANCH)
    record = penalty_book(
        tmp_path / "南京分公司-处罚汇总表（仅记录）.xlsx",
        fine,
        params=[*BRANCH, ["仅记录月份", "2026-11"]],
    )
    rows, sources = _summary(tmp_path, [record, plain] if record_only_first else [plain, record])
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None
    for source in sources.values():
        assert source.state.value == "不完整"
        assert "参数“仅记录月份”" in source.reason
        assert "2026-11" in source.reason


@pytest.mark.parametrize("november_first", [False, True])
def test_last_month_s_book_carried_on_with_a_raise_leaves_the_month_s_own_book_counted(
    tmp_path: Path, november_first: bool
) -> None:
    """October's summary given October's book and November's carried-on copy (its roster has
    王芳's November raise, its November row set aside as after the reference day): October's
    book counts whichever is named first, and 来源 says the rosters differ."""
    october = [offence("2026-10-12", "王芳", "M03", 工号="1003")]
    raised = [list(r) for r in ROSTER]
    raised[2][4] = 3300
    (tmp_path / "2026-10").mkdir()
    (tmp_path / "2026-11").mkdir()
    old = penalty_book(tmp_path / "2026-10" / "处罚汇总表.xlsx", october, params=BRANCH)
    new = penalty_book(
        tmp_path / "2026-11" / "处罚汇总表.xlsx",
        [*october, offence("2026-11-05", "李娜", "L15")],
        roster=raised,
        params=BRANCH,
    )
    rows, sources = _summary(
        tmp_path,
        [new, old] if november_first else [old, new],
        as_of=datetime(2026, 10, 31, 23, 59, 59),
        period=Period.month(date(2026, 10, 1)),
    )
    (wang,) = _of(rows, "王芳")
    assert wang["扣薪（元）"] == pytest.approx(620)  # 20 % × (2800 + 300), October's roster
    assert wang["合计（元）"] == pytest.approx(620)
    assert sources["2026-10/处罚汇总表.xlsx"].state.value == "完整"
    later = sources["2026-11/处罚汇总表.xlsx"]
    assert later.state.value.startswith("重复")
    assert "员工表与之不同" in later.reason


def _two_versions(folder: Path, first: str, second: str, params: tuple[list, list]) -> list[Path]:
    """A branch's book and its correction (王芳's M03 corrected to L05), same roster."""
    folder.mkdir(exist_ok=True)
    wrong = [
        offence("2026-11-05", "王芳", "M03", 工号="1003"),
        offence("2026-11-06", "李娜", "L05"),
    ]
    fixed = [
        offence("2026-11-05", "王芳", "L05", 工号="1003"),
        offence("2026-11-06", "李娜", "L05"),
    ]
    return [
        penalty_book(folder / first, wrong, params=params[0]),
        penalty_book(folder / second, fixed, params=params[1]),
    ]


def test_versions_of_a_book_whose_branch_is_unknown_are_one_branch_s(tmp_path: Path) -> None:
    """collect saved the branch's correction as 处罚汇总表(2).xlsx, 参数 分公司 blank in both.
    Before: two unknown branches, 王芳 and 李娜 listed twice, the superseded 严重警告 charged."""
    paths = _two_versions(
        tmp_path / "2026-11", "处罚汇总表.xlsx", "处罚汇总表(2).xlsx", (MIN_WAGE, MIN_WAGE)
    )
    rows, sources = _summary(tmp_path, paths)
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None and "不完整" in wang["备注"]
    assert len(_of(rows, "李娜")) == 1
    assert len({s.branch for s in sources.values()}) == 1
    assert any("未写明分公司；员工与" in s.reason for s in sources.values())
    for source in sources.values():
        assert source.state.value == "不完整"
        assert "过失登记第2行" in source.reason


def test_versions_of_a_book_whose_branch_is_spelled_two_ways_are_one_branch_s(
    tmp_path: Path,
) -> None:
    """One version's 参数 says 南京分公司, the other's is blank and its file is named 南京-….
    Before: branches 南京分公司 and 南京, both charged."""
    paths = _two_versions(
        tmp_path, "南京分公司-处罚汇总表.xlsx", "南京-处罚汇总表.xlsx", (BRANCH, MIN_WAGE)
    )
    rows, sources = _summary(tmp_path, paths)
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None and "不完整" in wang["备注"]
    assert len(_of(rows, "李娜")) == 1
    assert {s.branch for s in sources.values()} == {"南京分公司"}
    assert "分公司“南京”即南京分公司" in sources["南京-处罚汇总表.xlsx"].reason
    for source in sources.values():
        assert source.state.value == "不完整"


def test_a_book_a_month_whose_branch_is_unknown_is_one_branch_s(tmp_path: Path) -> None:
    """October's and November's books (the second saved as 处罚汇总表(1).xlsx), each with the
    branch's roster and 参数 分公司 blank, in folders named for their months: one branch. 王芳's November oral is her second
    valid one only with October's in view, so her amount is held open (the books escalate
    apart) — before, she was two people of two unknown branches, her November oral a first."""
    books = []
    for name, day in (("2026-10/处罚汇总表.xlsx", "2026-10-12"), ("2026-11/处罚汇总表(1).xlsx", "2026-11-05")):  # fmt: skip
        (tmp_path / name).parent.mkdir()
        fault = [offence(day, "王芳", "L05", 工号="1003")]
        books.append(penalty_book(tmp_path / name, fault, params=MIN_WAGE))
    rows, sources = _summary(tmp_path, books)
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None and "不完整" in wang["备注"]
    assert len({s.branch for s in sources.values()}) == 1
    assert any("未写明分公司；员工与" in s.reason for s in sources.values())


def test_two_versions_of_last_month_s_book_are_compared_in_this_month_s_summary(
    tmp_path: Path,
) -> None:
    """November's summary given only two versions of October's book (no November row in
    either): the 严重警告 of one runs on into November (its cut), the other corrected it to an
    oral. Before: neither claimed November, so they were never compared, and the superseded
    cut (20 % × (2800 + 300) = 620) was charged without a word."""
    paths = [
        penalty_book(
            tmp_path / name,
            [
                offence("2026-10-05", "王芳", code, 工号="1003"),
                offence("2026-10-06", "李娜", "L05"),
            ],
            params=BRANCH,
        )
        for name, code in (
            ("南京分公司-处罚汇总表.xlsx", "M03"),
            ("南京分公司-处罚汇总表（更正）.xlsx", "L05"),
        )
    ]
    rows, sources = _summary(tmp_path, paths)
    (wang,) = _of(rows, "王芳")
    assert wang["合计（元）"] is None and "不完整" in wang["备注"]
    for source in sources.values():
        assert source.state.value == "不完整"
        assert "记录不同" in source.reason
