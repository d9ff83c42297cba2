"""A branch's own 过失目录 typed loosely: a money rule in words (`双倍`, `按原价赔偿`) read as
the catalogue writes it; one that cannot be read (`2`, `赔偿`, `3x`), a tier that cannot be,
and a code listed twice with a different tier or rule hold the code's offences — no sanction
or no money, the person 不完整 on 月处罚汇总 — never a fine of 0 called complete or a row
picked silently."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from workbooks import (
    CATALOGUE_HEADERS,
    FULL_CATALOGUE,
    PENALTY_AS_OF,
    month_summary,
    offence,
    penalty_book,
    people,
    run,
)

from csbook.rules.findings import Severity

CAT, OFF = "过失目录", "过失登记"
S04_ROW = 40  # S04 私用公司产品 (2x) on the template's 过失目录: its 39th code
L15_ROW = 16
S22_ROW = 59


def with_cell(row: int, column: int, value: object) -> list[list[object]]:
    """The template's catalogue with one cell typed over."""
    catalogue = [list(r) for r in FULL_CATALOGUE]
    catalogue[row - 2][column] = value
    return catalogue


def book(tmp_path: Path, catalogue: list[list[object]], offences: list[dict]) -> Path:
    return penalty_book(
        tmp_path / "处罚汇总表.xlsx", offences, more={CAT: (CATALOGUE_HEADERS, catalogue)}
    )


def found(report, sheet: str) -> list[tuple[str, int, str, str]]:
    return sorted((f.key, f.row, f.column, f.severity) for f in report.findings if f.sheet == sheet)


def computed(report, key: str) -> list:
    (result,) = [r for r in report.results if r.table.schema.name == OFF]
    return result.computed[key]


PRIVATE_USE = [
    offence("2026-11-05", "张伟", "S04", 涉及金额=100),
    offence("2026-11-06", "王芳", "L01"),  # another code: untouched
]


@pytest.mark.parametrize("typed", ["双倍", "两倍", "２倍", "×2", "X2", "200%", "2倍罚款"])
def test_a_money_rule_in_words_is_read_as_twice(tmp_path: Path, typed: str) -> None:
    path = book(tmp_path, with_cell(S04_ROW, 3, typed), PRIVATE_USE)
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == []
    assert computed(report, "fine")[0] == Decimal(200)
    assert people(month_summary([path]))["张伟"]["罚款（元）"] == Decimal(200)


def test_the_catalogues_own_wording_of_the_discount_rule_is_read(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        with_cell(S22_ROW, 3, "按原价赔偿"),
        [offence("2026-11-05", "张伟", "S22", 涉及金额=80)],
    )
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == []
    assert computed(report, "fine") == [Decimal(80)]


@pytest.mark.parametrize("typed", [2, "2", "赔偿", "3x", "罚款50元"])
def test_an_unreadable_money_rule_holds_the_fine(tmp_path: Path, typed: object) -> None:
    path = book(tmp_path, with_cell(S04_ROW, 3, typed), PRIVATE_USE)
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == [("R02", S04_ROW, "金额规则", Severity.ERROR)]
    (cell,) = [f for f in report.findings if f.sheet == CAT]
    assert f"无法识别“{typed}" in cell.message("zh")  # it names what was typed
    (held,) = [f for f in report.findings if f.sheet == OFF]
    assert (held.key, held.row, held.column) == ("V41.held", 2, "过失代码")
    assert held.message("zh") == (
        "过失目录第40行S04的金额规则无法识别，本行按金额的罚款无法确定，请改正过失目录"
    )
    # the tier is known: the sanction stands; the money is unknown, never 0
    assert computed(report, "tier")[0] == "严重过失"
    assert computed(report, "sanction")[0] != ""
    assert computed(report, "fine")[0] is None
    rows = people(month_summary([path]))
    assert rows["张伟"]["罚款（元）"] is None and rows["张伟"]["合计（元）"] is None
    assert rows["张伟"]["备注"].startswith("不完整：")
    assert "过失目录第40行S04的金额规则无法识别" in rows["张伟"]["备注"]
    assert rows["王芳"]["合计（元）"] is not None and rows["王芳"]["备注"] == ""


def test_a_code_twice_with_another_tier_holds_its_offences(tmp_path: Path) -> None:
    catalogue = [*FULL_CATALOGUE, ["L15", "严重过失", "违反安全规章制度（本分公司从严）", None]]
    added = len(catalogue) + 1
    offences = [offence("2026-11-07", "李娜", "L15"), offence("2026-11-06", "王芳", "L01")]
    path = book(tmp_path, catalogue, offences)
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == [
        ("V41.differs", L15_ROW, "等级", Severity.ERROR),
        ("V41.differs", added, "等级", Severity.ERROR),
    ]
    said = f"第{L15_ROW}行为“轻度过失”、第{added}行为“严重过失”"
    assert all(said in f.message("zh") for f in report.findings if f.sheet == CAT)
    assert found(report, OFF) == [("V41.held", 2, "过失代码", Severity.ERROR)]
    # no pick: neither 口头批评 nor 书面批评
    assert computed(report, "tier")[0] == "" and computed(report, "sanction")[0] == ""
    rows = people(month_summary([path]))
    assert rows["李娜"]["合计（元）"] is None
    assert f"过失目录第{L15_ROW}、{added}行L15的等级不一致" in rows["李娜"]["备注"]
    assert rows["王芳"]["备注"] == ""


def test_a_code_twice_with_another_money_rule_holds_its_fine(tmp_path: Path) -> None:
    catalogue = [*FULL_CATALOGUE, ["S04", "严重过失", "私用公司产品", "1x"]]
    added = len(catalogue) + 1
    path = book(tmp_path, catalogue, PRIVATE_USE)
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == [
        ("V41.differs", S04_ROW, "金额规则", Severity.ERROR),
        ("V41.differs", added, "金额规则", Severity.ERROR),
    ]
    assert found(report, OFF) == [("V41.held", 2, "过失代码", Severity.ERROR)]
    assert computed(report, "tier")[0] == "严重过失"
    assert computed(report, "fine")[0] is None  # neither 200 nor 100
    assert people(month_summary([path]))["张伟"]["合计（元）"] is None


def test_a_code_repeated_alike_counts_once_with_one_warning(tmp_path: Path) -> None:
    # pasted twice more: 严重 for 严重过失, 2倍 for 2x, another description
    again = ["S04", "严重", "私用公司产品（重复粘贴）", "2倍"]
    catalogue = [*FULL_CATALOGUE, again, again]
    first_again = len(catalogue)
    path = book(tmp_path, catalogue, PRIVATE_USE)
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == [("V41.repeated", first_again, "代码", Severity.WARNING)]
    (warning,) = [f for f in report.findings if f.sheet == CAT]
    assert warning.message("zh") == (
        f"过失代码S04在过失目录中重复：第{first_again}–{first_again + 1}行的等级和金额规则"
        f"与第{S04_ROW}行相同，按第{S04_ROW}行计一次"
    )
    assert found(report, OFF) == []
    assert computed(report, "fine")[0] == Decimal(200)


def test_an_unreadable_tier_is_not_called_a_missing_code(tmp_path: Path) -> None:
    path = book(tmp_path, with_cell(L15_ROW, 1, "一般过失"), [offence("2026-11-07", "李娜", "L15")])
    report = run(path, PENALTY_AS_OF)
    assert found(report, CAT) == [("R02", L15_ROW, "等级", Severity.ERROR)]
    (held,) = [f for f in report.findings if f.sheet == OFF]
    assert held.key == "V41.held"
    assert "过失目录第16行L15的等级未填或无法识别" in held.message("zh")
    assert people(month_summary([path]))["李娜"]["合计（元）"] is None


def test_a_code_attendance_implies_but_the_catalogue_lacks_is_charged_and_said(
    tmp_path: Path,
) -> None:
    # the branch's 过失目录 lost its L07 and S01 rows; 考勤 has 2 lates and a day's 旷工
    catalogue = [r for r in FULL_CATALOGUE if r[0] not in ("L07", "S01")]
    attendance = [["2026-11", "1001", "张伟", 2, 0, 1, 0, 0, 0]]
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [],
        attendance,
        more={CAT: (CATALOGUE_HEADERS, catalogue)},
    )
    report = run(path, PENALTY_AS_OF)
    (said,) = [f for f in report.findings if f.sheet == CAT]
    assert (said.key, said.row, said.severity) == ("V41.implied", 0, Severity.WARNING)
    assert "L07（轻度过失）、S01（严重过失）不在本过失目录中" in said.message("zh")
    # charged at the built-in tiers: two orals (the 2nd fined 20) and a 书面批评
    assert people(month_summary([path]))["张伟"]["处分"] == "口头批评×2、书面批评"
    full = penalty_book(tmp_path / "full.xlsx", [], attendance)
    assert not [f for f in run(full, PENALTY_AS_OF).findings if f.sheet == CAT]
