"""A sanction voided on appeal after its month closed (clerk6 #9, SPEC P05: the sanction stands
while the appeal runs). October's sheet made as of 10-31 charges it — an appeal dated 11-01
had not been lodged (P05.later) — and November's sheet, the appeal upheld, refunds what
October charged as a 退还: a negative amount in each column, and a line working it out.
October's sheet made again later says the refund is on November's sheet.

王芳 (1003): 基本工资 2800, 岗位津贴 300: a 严重警告 cuts 20 % × 3100 = 620.00 a month."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from workbooks import offence, penalty_book, people

from csbook.io.workbook import load
from csbook.penalty_report import month_sheet
from csbook.pipeline import Options, check
from csbook.rules.report import ReportSheet

OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)
OCT_END = datetime(2026, 10, 31, 18, 0)
NOV_END = datetime(2026, 11, 30, 18, 0)
UPHELD = {"申诉日期": "2026/11/1", "申诉结果": "申诉成立，撤销处分"}


def _sheet(path: Path, month: date, as_of: datetime) -> ReportSheet:
    return month_sheet([load(path, as_of.date())], [], [], month, as_of)


def _lines(sheet: ReportSheet) -> list[str]:
    return [b for b in sheet.blocks if isinstance(b, str)]


def test_a_warning_voided_in_november_is_charged_in_october_and_refunded_in_november(
    tmp_path: Path,
) -> None:
    book = penalty_book(
        tmp_path / "处罚汇总表.xlsx", [offence("2026-10-26", "王芳", "M03", **UPHELD)]
    )
    # as of 10-31 the appeal was not lodged: the 严重警告 stands, October's cut charged
    october = people(_sheet(book, OCT, OCT_END))["王芳"]
    assert (october["处分"], october["扣薪（元）"]) == ("严重警告", Decimal(620))
    report = check(book, Options(as_of=OCT_END))
    assert [(f.sheet, f.row, f.column) for f in report.findings if f.key == "P05.later"] == [
        ("过失登记", 2, "申诉日期")
    ]
    # November: no cut runs on, and October's 620 comes back
    november = _sheet(book, NOV, NOV_END)
    row = people(november)["王芳"]
    assert row["扣薪（元）"] == Decimal(-620)
    assert row["合计（元）"] == Decimal(-620)
    assert "含退还2026年10月（10-26的严重警告经11-01申诉撤销）-620.00元" in row["备注"]
    said = [line for line in _lines(november) if line.startswith("※ 退还")]
    assert said and "王芳 退还2026年10月（10-26的严重警告经11-01申诉撤销）：退还620.00元" in said[0]
    # October made again at November's end: the appeal applies, and the line says where the
    # refund is, lest it be made twice
    again = _sheet(book, OCT, NOV_END)
    assert "王芳" not in people(again) or people(again)["王芳"]["扣薪（元）"] == 0
    assert [line for line in _lines(again) if "在2026年11月退还" in line]


def test_a_voided_second_oral_is_refunded_and_the_next_oral_fined(tmp_path: Path) -> None:
    book = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [
            offence("2026-10-12", "王芳", "L05"),
            offence("2026-10-28", "王芳", "L05", 申诉日期="2026-11-02", 申诉结果="撤销处分"),
            offence("2026-11-10", "王芳", "L05"),
        ],
    )
    october = people(_sheet(book, OCT, OCT_END))["王芳"]
    assert (october["处分"], october["罚款（元）"]) == ("口头批评×2", Decimal(20))
    row = people(_sheet(book, NOV, NOV_END))["王芳"]
    # 11-10 is now the second valid oral (20); October's 20 for 10-28 comes back (-20)
    assert row["处分"] == "口头批评"
    assert row["罚款（元）"] == Decimal(0)
    assert "含退还2026年10月（10-28的口头批评经11-02申诉撤销）-20.00元" in row["备注"]
