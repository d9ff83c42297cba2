"""A person who moves branch — the same 工号 and name on two branches' rosters in one summary
(clerk6 #1): 苏州 copies her October record into its book when she arrives on 11-01. The
copied 过失登记 rows count once, in the book of the branch she left, and her amounts in both
books are 不完整 with a line saying her records are split (escalation not combined).
Branch-local numbering (E001 another name in each branch) keeps two people apart.

A 严重警告 cuts 20 % × (3000 + 300) = 660.00 in its month and the next."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from workbooks import MIN_WAGE, month_summary, offence, penalty_book, tables

NANJING = [
    ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2028-12-31"],
    ["E002", "李娜", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2028-12-31"],
]
SUZHOU = [
    ["E001", "王芳", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2028-12-31"],
    ["E003", "刘洋", "客服部", "客服专员", 2800, 300, 500, "2024-01-01", "2028-12-31"],
]
OCTOBER = [
    offence("2026/10/12", "王芳", "L05", 工号="E001", 过失描述="10月12日工作台面凌乱"),
    offence("2026/10/20", "王芳", "L05", 工号="E001", 过失描述="10月20日工作台面凌乱"),
    offence("2026/10/26", "王芳", "M03", 工号="E001", 过失描述="更衣柜内藏有公司物品"),
]
SPLIT = "王芳（工号E001）同在南京分公司、苏州分公司的员工名单中（调动？按同一人）"


def _books(folder: Path, suzhou_roster: list[list[object]] = SUZHOU) -> list[Path]:
    nanjing = penalty_book(
        folder / "南京分公司-处罚汇总表.xlsx",
        OCTOBER,
        roster=NANJING,
        params=[*MIN_WAGE, ["分公司", "南京分公司"]],
    )
    carried = [*OCTOBER, offence("2026/11/10", "王芳", "L05", 工号="E001")]
    if suzhou_roster is not SUZHOU:  # 苏州's own E001, 刘洋: the rows are his
        carried = [{**o, "姓名": "刘洋"} for o in carried]
    suzhou = penalty_book(
        folder / "苏州分公司-处罚汇总表.xlsx",
        carried,
        roster=suzhou_roster,
        params=[*MIN_WAGE, ["分公司", "苏州分公司"]],
    )
    return [nanjing, suzhou]


def _rows(sheet) -> list[dict]:  # type: ignore[no-untyped-def]
    table = tables(sheet)[0]
    return [dict(zip(table.header, row, strict=True)) for row in table.rows]


def test_a_record_copied_into_the_new_branchs_book_is_charged_once(tmp_path: Path) -> None:
    books = _books(tmp_path)
    october = month_summary(books, date(2026, 10, 1))
    (row,) = [r for r in _rows(october) if r["姓名"] == "王芳"]  # one row, not one a book
    assert row["来源"] == "南京分公司"
    # the cut once; the fine blank: escalated on one book's rows only, it is not known
    assert (row["罚款（元）"], row["扣薪（元）"]) == (None, Decimal(660))
    assert row["合计（元）"] is None  # 不完整
    assert SPLIT in row["备注"] and "两表相同的3行过失登记只在南京分公司计一次" in row["备注"]
    november = month_summary(books)
    rows = {r["来源"]: r for r in _rows(november) if r["姓名"] == "王芳"}
    # the one 严重警告 cut once (its second month), and 苏州's own 11-10 row
    assert rows["南京分公司"]["扣薪（元）"] == Decimal(660)
    assert rows["苏州分公司"]["扣薪（元）"] == Decimal(0)
    assert rows["苏州分公司"]["过失"].startswith("11-10 L05")
    assert all(r["合计（元）"] is None and SPLIT in r["备注"] for r in rows.values())
    lines = [b for b in november.blocks if isinstance(b, str)]
    assert [line for line in lines if SPLIT in line and "累计与升级未合并计算" in line]


def test_branch_local_numbers_are_two_people(tmp_path: Path) -> None:
    books = _books(tmp_path, [["E001", "刘洋", "客服部", "客服专员", 3000, 300, 600, "2024-01-01", "2028-12-31"]])  # fmt: skip
    rows = _rows(month_summary(books, date(2026, 10, 1)))
    assert sorted((r["来源"], r["姓名"]) for r in rows) == [
        ("南京分公司", "王芳"),
        ("苏州分公司", "刘洋"),
    ]
    assert all(r["合计（元）"] == Decimal(680) for r in rows)  # each his or her own record
