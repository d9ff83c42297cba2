"""处罚汇总表: the row checks V40–V43 against the workbook's own 员工 and 过失目录."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from workbooks import (
    ATTENDANCE_HEADERS,
    CAP,
    CATALOGUE_HEADERS,
    FULL_CATALOGUE,
    OFFENCE_HEADERS,
    ROSTER_HEADERS,
    SIGNED,
    rows_of,
    run,
    write_book,
)

from csbook.rules.findings import Severity

AS_OF = datetime(2026, 11, 30, 9, 0)
E, W = Severity.ERROR, Severity.WARNING
OFF = "过失登记"

ROSTER = [
    [1001, "张伟", "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-02-28"],
    ["1002", "李 娜", "客服部", "主管", 4000, 800, 1000, "2023-01-01", "2026-12-31"],
    ["1003", "王芳", "客服部", "文员", 2800, 300, 600, "2025-06-01", "2027-05-31"],
]


def offence(**more: object) -> dict:
    return {
        "日期": "2026-11-03",
        "工号": "1001",
        "姓名": "张伟",
        "过失代码": "L01",
        **SIGNED,
        **more,
    }


def book(
    tmp_path: Path,
    offences: list[dict],
    attendance: list[list[object]] = (),  # type: ignore[assignment]
    catalogue: list[list[object]] = FULL_CATALOGUE,
    params: list[list[object]] = (),  # type: ignore[assignment]
) -> Path:
    return write_book(
        tmp_path / "处罚汇总表.xlsx",
        {
            "员工": (ROSTER_HEADERS, ROSTER),
            OFF: (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, offences)),
            "考勤": (ATTENDANCE_HEADERS, list(attendance)),
            "过失目录": (CATALOGUE_HEADERS, catalogue),
            "参数": (["参数", "值", "说明"], [CAP, *params]),
        },
    )


def facts(report, *rules: str) -> list[tuple]:
    found = sorted(report.findings, key=lambda f: (f.sheet, f.row, f.rule))
    return [
        (f.rule, f.sheet, f.row, f.column, f.severity)
        for f in found
        if not rules or f.rule in rules
    ]


def computed(report, sheet: str, key: str) -> list:
    (result,) = [r for r in report.results if r.table.schema.name == sheet]
    return result.computed[key]


def test_a_clean_book_has_no_findings(tmp_path: Path) -> None:
    offences = [
        offence(),
        offence(工号=1002, 姓名="李娜", 过失代码="l7"),
        offence(工号=None, 姓名="王 芳", 过失代码="S-04", 涉及金额="120元"),
        offence(姓名=None, 过失代码="M01", 通知日期="2026-11-04", 申诉日期="2026-11-10"),
    ]
    attendance = [["2026-11", 1001, "张伟", 2, 0, 0, 0, 1, 0], ["2026年11月", None, "李娜", 0]]
    report = run(book(tmp_path, offences, attendance), AS_OF)
    # the one word left: 张伟's two lates in 考勤 are orals that escalate to a 书面批评, which
    # no 过失登记 row holds and so nobody approved
    assert facts(report) == [("V46", "考勤", 2, "迟到次数", Severity.WARNING)]
    assert computed(report, OFF, "tier") == ["轻度过失", "轻度过失", "严重过失", "重大过失"]


def test_v40_on_the_roster(tmp_path: Path) -> None:
    offences = [
        offence(工号="9999"),  # unknown number
        offence(工号=None, 姓名="赵六"),  # unknown name
        offence(工号=None, 姓名=None),  # nobody
        offence(工号="1003"),  # number and name disagree
        offence(工号=" 1002 ", 姓名="李娜"),
    ]
    attendance = [["2026-11", None, "钱七", 1], ["2026-11", None, None, 1]]
    report = run(book(tmp_path, offences, attendance), AS_OF)
    assert facts(report) == [
        ("V40", "考勤", 2, "姓名", E),
        ("V40", "考勤", 3, "姓名", E),
        ("V40", OFF, 2, "工号", E),
        ("V40", OFF, 3, "姓名", E),
        ("V40", OFF, 4, "姓名", E),
        ("V40", OFF, 5, "姓名", E),
    ]
    assert [f.message("en") for f in report.findings] == [
        "“9999” is not on the roster",
        "“赵六” is not on the roster",
        "staff number or name required",
        "staff 1003 is not “张伟”",
        "“钱七” is not on the roster",
        "staff number or name required",
    ]


def test_v41_code_in_the_catalogue(tmp_path: Path) -> None:
    offences = [
        offence(过失代码="L99"),
        offence(过失代码="S09"),  # the source has no item 9
        offence(过失代码="Ｌ０７"),
        offence(过失代码=None),
    ]
    report = run(book(tmp_path, offences), AS_OF)
    assert facts(report) == [
        ("V41", OFF, 2, "过失代码", E),
        ("V41", OFF, 3, "过失代码", E),
        ("R01", OFF, 5, "过失代码", E),
    ]
    assert report.findings[0].message("en") == "offence code L99 is not in the catalogue"
    assert computed(report, OFF, "tier") == ["", "", "轻度过失", ""]


def test_the_workbooks_own_catalogue_is_used(tmp_path: Path) -> None:
    catalogue = [["L01", "轻度", "自定义", None], ["X01", "严重过失", "本部门新增", "1倍"]]
    offences = [offence(), offence(过失代码="X01"), offence(过失代码="L02")]
    report = run(book(tmp_path, offences, catalogue=catalogue), AS_OF)
    assert facts(report) == [
        ("V42", OFF, 3, "涉及金额", E),
        ("V41", OFF, 4, "过失代码", E),
    ]
    assert computed(report, OFF, "tier") == ["轻度过失", "严重过失", ""]


def test_an_empty_catalogue_sheet_means_the_built_in_one(tmp_path: Path) -> None:
    report = run(book(tmp_path, [offence(过失代码="D11")], catalogue=[]), AS_OF)
    # said, not silent: the branch may have cleared the rows meaning to fill its own
    assert facts(report) == [("V41", "过失目录", 0, "", W)]
    assert report.findings[0].key == "V41.built_in"
    assert computed(report, OFF, "tier") == ["开除情况"]


def test_v42_amount_for_money_rules(tmp_path: Path) -> None:
    offences = [
        offence(过失代码="S04"),  # 2x
        offence(过失代码="S22"),  # 1x
        offence(过失代码="S05", 涉及金额=300),
        offence(过失代码="S04", 涉及金额="很多"),  # unreadable: R02 only
        offence(过失代码="L05"),  # no money rule
    ]
    report = run(book(tmp_path, offences), AS_OF)
    assert facts(report) == [
        ("V42", OFF, 2, "涉及金额", E),
        ("V42", OFF, 3, "涉及金额", E),
        ("R02", OFF, 5, "涉及金额", E),
    ]
    assert report.findings[0].message("en") == "code S04 is fined by amount: amount needed"


def test_v43_appeal_within_the_days(tmp_path: Path) -> None:
    offences = [
        offence(通知日期="2026-11-04", 申诉日期="2026-11-10"),  # 6 days: allowed
        offence(通知日期="2026-11-04", 申诉日期="2026-11-11"),  # 7 days: late
        offence(通知日期="2026-11-04", 申诉日期="2026-11-02"),  # before the notice
        offence(申诉日期="2026-11-20"),  # no notice date: nothing to measure
    ]
    report = run(book(tmp_path, offences), AS_OF)
    assert facts(report) == [("V43", OFF, 3, "申诉日期", W), ("V43", OFF, 4, "申诉日期", E)]
    assert [f.message("en") for f in report.findings] == [
        "appeal later than 6 days after notice (2026-11-04)",
        "appeal is dated before the notice",
    ]

    report = run(book(tmp_path, offences, params=[["申诉期限天数", 7]]), AS_OF)
    assert facts(report) == [("V43", OFF, 4, "申诉日期", E)]


def test_r01_on_offences_and_missing_roster_sheet(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "处罚汇总表.xlsx",
        {
            OFF: (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, [offence(日期=None, 工号="9999")])),
            "考勤": (ATTENDANCE_HEADERS, []),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
            "参数": (["参数", "值"], []),
        },
    )
    report = run(path, AS_OF)
    # without 员工 there is nothing to check names against: R04, and no V40
    assert facts(report) == [("R04", "员工", 0, "", E), ("R01", OFF, 2, "日期", E)]


def test_staff_numbers_with_and_without_leading_zeros_are_one_person(tmp_path: Path) -> None:
    # the roster has 1001 as a number and "1003" as text; registers type them every way
    offences = [
        offence(日期="2026-11-02", 工号="01001", 姓名=None),
        offence(日期="2026-11-03", 工号=1001, 姓名=None),
        offence(日期="2026-11-04", 工号=" 1001 ", 姓名="张伟"),
        offence(日期="2026-11-05", 工号="001003", 姓名="王芳"),
    ]
    report = run(book(tmp_path, offences, [["2026-11", "01003", None, 1]]), AS_OF)
    assert facts(report, "V40") == []
    # the three orals are one person's: the third becomes a written criticism (P02)
    assert computed(report, OFF, "sanction")[:3] == ["口头批评", "口头批评", "书面批评"]
