"""One test of "the same branch" for collect, the summary's grouping and the name check."""

from __future__ import annotations

import pytest

from csbook.rules.branch_names import same_branch


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
