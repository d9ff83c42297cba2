"""One test of "the same branch" for collect, the summary's grouping of files, the routing of
handover lates to a branch's 处罚汇总表 and the file-name check."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from workbooks import MIN_WAGE, handover_book, offence, penalty_book, people, shift

from csbook.rules.branch_names import same_branch
from csbook.rules.periods import Period
from csbook.summary import run as summary_run


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("南京", "南京分公司"),
        ("南京 分公司", "南京分公司"),
        ("南京市分公司", "南京"),
        ("ＳＺ分公司", "sz"),
    ],
)
def test_one_branch_written_two_ways(one: str, other: str) -> None:
    assert same_branch(one, other) and same_branch(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [("苏州", "苏州工业园区分公司"), ("南京", "南京江北分公司"), ("", ""), ("分公司", "")],
)
def test_a_part_of_a_name_is_another_branch(one: str, other: str) -> None:
    assert not same_branch(one, other)


def test_a_log_of_南京分公司_charges_its_late_in_南京_s_book(tmp_path: Path) -> None:
    """The handover log's 参数 says 南京分公司, the branch's 处罚汇总表 is named 南京-… with 参数
    blank, and 苏州分公司's book is given too: 王芳's late is 南京's, charged in its book (a
    late fine of 20), 来源 shows the branch one way and holds the book 不完整 for its person
    not on the roster. Before, the log's branch matched no
    book: the late was charged nowhere, without a word."""
    books = tmp_path / "2026-11"
    books.mkdir()
    faults = [offence("2026-11-10", "张伟", "L05"), offence("2026-11-12", "赵六", "L05")]
    nanjing = penalty_book(books / "南京-处罚汇总表.xlsx", faults, params=MIN_WAGE)
    suzhou = penalty_book(
        books / "苏州分公司-处罚汇总表.xlsx",
        [offence("2026-11-10", "李娜", "L05")],
        params=[*MIN_WAGE, ["分公司", "苏州分公司"]],
    )
    late = [shift("2026-11-03", "早班", "张伟", "王芳", 接班到岗时间="8:06")]
    log = handover_book(tmp_path, late, [["分公司", "南京分公司"]])
    done = summary_run(
        [nanjing, suzhou, log],
        Period.month(date(2026, 11, 1)),
        tmp_path / "汇总.xlsx",
        as_of=datetime(2026, 11, 30, 18, 0),
        jobs=1,
    )
    wang = people(done.summary.sheet("月处罚汇总"))["王芳"]
    assert wang["迟到早退次数"] == 1
    assert wang["迟到早退罚款"] == 20
    sources = {s.name: s for s in done.summary.sources}
    nanjing_source = sources["南京-处罚汇总表.xlsx"]
    assert nanjing_source.branch == "南京分公司"
    assert "分公司“南京”即南京分公司" in nanjing_source.reason
    # 赵六 is on no roster: his amounts are open, and so is the book that holds him
    assert nanjing_source.state.value == "不完整"
    assert "赵六" in nanjing_source.reason
