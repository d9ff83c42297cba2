"""P10 and C04: the month's penalty summary (月处罚汇总) from real workbooks — the serious
warning's cut in two months, late arrivals merged from handover logs, the responsible units
of the visit registers, bad input named by row with the person's total left incomplete, and
`csbook compute` writing the sheet into the copy."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
from workbooks import (
    COMPLAINT_HEADERS,
    HANDOVER_HEADERS,
    MIN_WAGE,
    PENALTY_AS_OF,
    ROSTER,
    complaint,
    month_summary,
    offence,
    penalty_book,
    people,
    rows_of,
    shift,
    tables,
    write_book,
)

from csbook.cli import main
from csbook.pipeline import Options, check
from csbook.rules.penalty_sheet import PERSON_HEADER, SHEET_NAME


def test_the_sheet_has_title_units_signatures_and_totals(tmp_path: Path) -> None:
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [offence("2026-11-03", "张伟", "L01"), offence("2026-11-20", "张伟", "L05")],
        [["2026-11", None, "李娜", 1, 1, 0, 0, 2, 0], ["2026-11", None, "王芳", 0, 0, 0, 0, 0, 0]],
    )
    sheet = month_summary([path])
    assert sheet.name == SHEET_NAME == "月处罚汇总"
    assert sheet.title == "客服部 2026年11月 处罚汇总表"
    assert sheet.signatures == ["部门主管：__________", "人事：__________", "总经理：__________"]
    assert sheet.copy_to == "抄送：财务"
    assert sheet.landscape
    person_table, unit_table = tables(sheet)
    assert person_table.header == PERSON_HEADER
    rows = people(sheet)
    assert list(rows) == ["张伟", "李娜"]  # 王芳 had nothing this month
    # each code with the first words of its description (L01 在前台或吧台摆放私人物品)
    assert rows["张伟"]["过失"] == "11-03 L01 在前台或吧台摆放私…、11-20 L05 工作台面档案办公用品"
    assert rows["张伟"]["处分"] == "口头批评×2"
    assert rows["张伟"]["罚款（元）"] == Decimal(20)
    assert rows["张伟"]["合计（元）"] == Decimal(20)
    # 李娜: a late arrival and an early leave (2 × 20, and two orals: the second 20 more),
    # two days' personal leave: 2 × (4,000 + 1,000) / 20.92 = 478.01
    assert rows["李娜"]["迟到早退次数"] == 2
    assert rows["李娜"]["迟到早退罚款"] == Decimal(40)
    assert rows["李娜"]["过失"] == "L07×2（考勤）"
    assert rows["李娜"]["罚款（元）"] == Decimal(20)
    assert rows["李娜"]["事假扣款"] == Decimal("478.01")
    assert rows["李娜"]["合计（元）"] == Decimal("538.01")
    totals = person_table.totals()
    assert totals[PERSON_HEADER.index("合计（元）")] == Decimal("558.01")
    assert totals[0] == "合计"
    assert "其余1人本月无处罚和扣款。" in sheet.blocks
    assert unit_table.rows == [] and "未提供回访登记表" in unit_table.empty_note


def test_a_serious_warning_cuts_pay_in_two_months(tmp_path: Path) -> None:
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [
            offence("2026-01-12", "张伟", "S12"),
            offence("2026-03-02", "张伟", "S13"),  # the second written criticism
        ],
    )
    cuts = {}
    for month in (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)):
        rows = people(month_summary([path], month))
        cuts[month.month] = rows["张伟"]["扣薪（元）"] if "张伟" in rows else None
    # 20 % of 3,000 + 500 in March (the offence month) and April, and not after
    assert cuts == {2: None, 3: Decimal("700.00"), 4: Decimal("700.00"), 5: None}
    april = people(month_summary([path], date(2026, 4, 1)))["张伟"]
    assert april["处分"] == "" and april["合计（元）"] == Decimal("700.00")
    assert "2026-03-02严重警告续扣700.00元" in april["备注"]
    march = people(month_summary([path], date(2026, 3, 1)))["张伟"]
    assert march["处分"] == "严重警告" and march["合计（元）"] == Decimal("700.00")


def test_bad_input_is_named_by_row_and_leaves_the_total_incomplete(tmp_path: Path) -> None:
    roster = [
        *ROSTER,
        ["1004", "赵敏", "客服部", "客服专员", 3000, 300, 600, None, None],
        ["1005", "孙悦", "客服部", "文员", None, 200, 400, None, None],  # no base salary
        ["1006", "周丽", "客服部", "客服专员", 3000, 300, 600, None, None],
        ["1007", "吴军", "客服部", "客服专员", 3000, 300, 600, None, None],
        ["1008", "陈静", "客服部", "客服专员", 3000, 300, 600, None, None],
        ["1009", "刘洋", "客服部", "客服专员", 3000, 300, 600, None, None],
    ]
    offences = [
        offence("2026-11-03", "张伟", "L99"),  # row 2: unknown code
        offence("2026-11-04", "李娜", "S04"),  # row 3: money rule without an amount
        offence("2026-11-05", "王芳", "S22", 涉及金额="-50"),  # row 4: negative
        offence("2026-11-06", "赵敏", "S05", 涉及金额="500万"),  # row 5: absurd
        offence("2026-11-07", "钱七", "L01"),  # row 6: not on the roster
        offence("2026-11-08", "孙悦", "M06"),  # row 7: a cut, but no base salary
        offence("2026-11-09", "陈静", "L01"),  # row 8: nothing wrong
    ]
    attendance = [
        ["2026-11", None, "周丽", 0, 0, 0, 0, 31, 0],  # row 2: more leave than days
        ["2026-11", None, "吴军", 0, 0, 0, 0, 0, 3],  # row 3: sick, no local_min_wage
        ["2026-11", None, "刘洋", 0, 0, 2, 3, 0, 0],  # row 4: a run longer than the days
    ]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", offences, attendance, roster, params=[])
    report = check(path, Options(as_of=PENALTY_AS_OF))
    found = {(f.rule, f.sheet, f.row, f.column) for f in report.findings if f.severity == "error"}
    assert found == {
        ("V41", "过失登记", 2, "过失代码"),
        ("V42", "过失登记", 3, "涉及金额"),
        ("R02", "过失登记", 4, "涉及金额"),
        ("P03", "过失登记", 5, "涉及金额"),
        ("V40", "过失登记", 6, "姓名"),
        ("P07", "员工", 6, "基本工资"),
        ("P08", "考勤", 2, "事假天数"),
        ("P07", "考勤", 2, "月份"),  # 31 days' 事假 cost more than the month's pay
        ("P09", "考勤", 3, "病假天数"),
        ("P06", "考勤", 4, "连续旷工天数"),
    }
    for f in report.findings:
        assert f.message("zh") and "{" not in f.message("en")

    sheet = month_summary([path])
    rows = people(sheet)
    incomplete = {name for name, row in rows.items() if row["合计（元）"] is None}
    assert incomplete == {"张伟", "李娜", "王芳", "赵敏", "钱七", "孙悦", "周丽", "吴军", "刘洋"}
    for name in incomplete:
        assert rows[name]["备注"].startswith("不完整："), name
    assert rows["陈静"]["合计（元）"] == Decimal(0) and rows["陈静"]["备注"] == ""
    assert "过失代码L99不在过失目录中" in rows["张伟"]["备注"]
    assert rows["钱七"]["备注"].startswith("不完整：不在员工名单")
    assert "员工表无基本工资" in rows["孙悦"]["备注"] and rows["孙悦"]["扣薪（元）"] is None
    assert "参数表须填当地最低工资" in rows["吴军"]["备注"]
    # the figures that are known stay; the unknown ones are blank and flagged
    assert rows["李娜"]["罚款（元）"] is None
    person_table = tables(sheet)[0]
    total_col = PERSON_HEADER.index("合计（元）")
    names = [row[1] for row in person_table.rows]
    assert (names.index("李娜"), total_col) in person_table.flagged
    assert (names.index("李娜"), PERSON_HEADER.index("罚款（元）")) in person_table.flagged
    assert (names.index("陈静"), total_col) not in person_table.flagged
    assert any("9人金额不完整" in b for b in sheet.blocks if isinstance(b, str))

    # a later month: the unknown code of November still clouds 张伟's escalation
    later = penalty_book(
        tmp_path / "later.xlsx",
        [offence("2026-11-03", "张伟", "L99"), offence("2026-12-03", "张伟", "L01")],
    )
    december = people(month_summary([later], date(2026, 12, 1)))["张伟"]
    assert december["合计（元）"] is None and "此前有过失记录无法确定处分" in december["备注"]


def test_handover_lates_merge_into_attendance(tmp_path: Path) -> None:
    late = {"接班到岗时间": time(8, 5)}
    log = write_book(
        tmp_path / "交接班记录.xlsx",
        {
            "交接班": (
                HANDOVER_HEADERS,
                rows_of(
                    HANDOVER_HEADERS,
                    [
                        shift("2026-11-03", "早班", "李娜", "张伟", **late),
                        shift("2026-11-10", "早班", "李娜", "张伟", **late),
                        shift("2026-11-11", "早班", "李娜", "赵六", **late),  # not on the roster
                        shift("2026-10-30", "早班", "李娜", "王芳", **late),  # October
                    ],
                ),
            ),
            "参数": (["参数", "值", "说明"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx", [], [["2026-11", None, "张伟", 1, 0, 0, 0, 0, 0]]
    )
    sheet = month_summary([path], handovers=[log])
    rows = people(sheet)
    assert list(rows) == ["张伟"]
    # 考勤 says 1, the handover log shows 2: two late arrivals, two L07 (the second 20 yuan)
    assert rows["张伟"]["迟到早退次数"] == 2
    assert rows["张伟"]["迟到早退罚款"] == Decimal(40)
    assert rows["张伟"]["罚款（元）"] == Decimal(20)
    assert rows["张伟"]["合计（元）"] == Decimal(60)
    assert "迟到早退2次（交接班）" in rows["张伟"]["备注"]
    assert any("赵六" in b for b in sheet.blocks if isinstance(b, str))
    # without the log, 考勤's count stands
    assert people(month_summary([path]))["张伟"]["迟到早退次数"] == 1


def test_c04_units_with_repeat_and_severe_complaints(tmp_path: Path) -> None:
    complaints = [
        complaint("TS-1", datetime(2026, 11, 2, 9)),
        complaint("TS-2", datetime(2026, 11, 12, 9)),  # same client and category: 重复
        complaint("TS-3", datetime(2026, 11, 13, 9), 客户="丁公司", 责任单位="二站", 恶性="是"),
        complaint("TS-4", datetime(2026, 10, 13, 9), 客户="丙公司", 责任单位="三站", 恶性="是"),
        complaint("TS-5", datetime(2026, 11, 20, 9), 客户="乙公司", 责任单位="三站"),
    ]
    visits = write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], []),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, complaints)),
            "参数": (["参数", "值", "说明"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [])
    units = tables(month_summary([path], visits=[visits]))[1]
    assert units.header == ["责任单位", "重复投诉", "恶性投诉", "投诉编号"]
    assert units.rows == [["二站", 0, 1, "TS-3（恶性）"], ["一站", 1, 0, "TS-2"]]
    assert units.totals()[1:3] == [1, 1]
    october = tables(month_summary([path], date(2026, 10, 1), visits=[visits]))[1]
    assert october.rows == [["三站", 0, 1, "TS-4（恶性）"]]


def test_several_branches_keep_their_names(tmp_path: Path) -> None:
    a = penalty_book(
        tmp_path / "a.xlsx", [offence("2026-11-03", "张伟", "L01")], params=[["分公司", "东区"]]
    )
    b = penalty_book(tmp_path / "b.xlsx", [offence("2026-11-04", "李娜", "S12")])
    sheet = month_summary([a, b])
    table = tables(sheet)[0]
    assert table.header[0] == "来源"
    assert [row[:3] for row in table.rows] == [["东区", "1001", "张伟"], ["b", "1002", "李娜"]]
    assert "来源：东区、b" in sheet.subtitle


def test_compute_writes_the_columns_and_the_month_sheet(tmp_path: Path) -> None:
    path = penalty_book(
        tmp_path / "处罚汇总表.xlsx",
        [
            offence("2026-10-03", "张伟", "L01"),
            offence("2026-10-20", "张伟", "M06"),
            offence("2026-11-05", "张伟", "L05"),
        ],
    )
    log = write_book(
        tmp_path / "交接班记录.xlsx",
        {
            "交接班": (
                HANDOVER_HEADERS,
                rows_of(
                    HANDOVER_HEADERS,
                    [shift("2026-11-03", "早班", "李娜", "张伟", 接班到岗时间=time(8, 5))],
                ),
            ),
            "参数": (["参数", "值", "说明"], []),
        },
    )
    before = path.read_bytes()
    out = tmp_path / "out"
    code = main(["compute", str(path), "-o", str(out), "--as-of", "2026-11-30", "--with", str(log)])
    assert code == 0
    assert path.read_bytes() == before  # the input is never written
    wb = openpyxl.load_workbook(out / "处罚汇总表.xlsx")
    ws = wb["过失登记"]
    header = [c.value for c in ws[1]]
    owned = ["过失等级", "处分", "罚款", "扣薪", "有效期至", "累计", "校验提示"]
    assert header[-7:] == [f"{h}（程序计算）" for h in owned]  # appended, marked as csbook's
    sanctions = [ws.cell(r, header.index("处分（程序计算）") + 1).value for r in range(2, 5)]
    # the handover late is an L07 on its day, 11-03: the second oral (fined 20), so 11-05's
    # L05 is the third, a 书面批评
    assert sanctions == ["口头批评", "严重警告", "书面批评"]
    assert ws.cell(3, header.index("扣薪（程序计算）") + 1).value == 1400
    assert ws.cell(4, header.index("罚款（程序计算）") + 1).value is None  # no fine
    summary_ws = wb[SHEET_NAME]
    assert summary_ws["A1"].value == "客服部 2026年11月 处罚汇总表"
    cells = [c.value for row in summary_ws.iter_rows() for c in row if c.value is not None]
    assert "部门主管：__________" in cells and "抄送：财务" in cells
    assert any(isinstance(v, str) and v.startswith("=SUM(") for v in cells)
    row = next(r for r in summary_ws.iter_rows(values_only=True) if r[1] == "张伟")
    # November: the second month of October's warning (700), the handover late (20, and the
    # 2nd oral: 20), 11-05's L05 a written criticism (no fine)
    assert row[PERSON_HEADER.index("扣薪（元）")] == 700
    assert row[PERSON_HEADER.index("迟到早退罚款")] == 20
    assert row[PERSON_HEADER.index("合计（元）")] == 740
    assert summary_ws.page_setup.orientation == "landscape"
    assert str(summary_ws.page_setup.paperSize) == summary_ws.PAPERSIZE_A4


def test_compute_without_handover_logs_and_a_bad_with_file(tmp_path: Path) -> None:
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [offence("2026-11-05", "张伟", "L05")])
    out = tmp_path / "out"
    assert main(["compute", str(path), "-o", str(out), "--as-of", "2026-11-30"]) == 0
    assert SHEET_NAME in openpyxl.load_workbook(out / "处罚汇总表.xlsx").sheetnames
    # a second run replaces the generated sheet rather than adding another
    again = tmp_path / "again"
    assert (
        main(["compute", str(out / "处罚汇总表.xlsx"), "-o", str(again), "--as-of", "2026-11-30"])
        == 0
    )
    assert openpyxl.load_workbook(again / "处罚汇总表.xlsx").sheetnames.count(SHEET_NAME) == 1
    # --with a penalty book is a usage error
    assert main(["compute", str(path), "-o", str(out), "--with", str(path)]) == 2


def test_with_several_branches_a_late_counts_in_its_own_branch_only(tmp_path: Path) -> None:
    def log(folder: str) -> Path:
        (tmp_path / folder).mkdir(exist_ok=True)
        late = shift("2026-11-04", "早班", "张伟", "李娜", 接班到岗时间=time(8, 10))
        return write_book(
            tmp_path / folder / "交接班记录.xlsx",
            {
                "交接班": (HANDOVER_HEADERS, rows_of(HANDOVER_HEADERS, [late])),
                "参数": (["参数", "值", "说明"], [["分公司", folder]]),
            },
        )

    branch = {
        name: penalty_book(
            tmp_path / f"{name}-处罚汇总表.xlsx",
            [],
            params=[*MIN_WAGE, ["分公司", name]],
        )
        for name in ("清河分公司", "盱眙分公司")
    }
    sheet = month_summary(list(branch.values()), handovers=[log("清河分公司")])
    table = tables(sheet)[0]
    late = {row[0]: row[table.header.index("迟到早退次数")] for row in table.rows}
    assert late == {"清河分公司": 1}  # 盱眙's 李娜 is another person of the same name


def test_half_days_of_leave(tmp_path: Path) -> None:
    # 王芳: half a day's personal leave, 1.5 days sick (local minimum 2,490 under her 2,800)
    attendance = [["2026-11", None, "王芳", 0, 0, 0, 0, "半天", "1天半"]]
    path = penalty_book(tmp_path / "处罚汇总表.xlsx", [], attendance)
    assert facts_of(path) == []
    row = people(month_summary([path]))["王芳"]
    # 0.5 × (2,800 + 600) / 20.92 = 81.26; 1.5 × 2,800 / 20.92 = 200.76
    assert row["事假扣款"] == Decimal("81.26")
    assert row["病假扣款"] == Decimal("200.76")
    assert "事假0.5天" in row["备注"] and "病假1.5天" in row["备注"]


def facts_of(path: Path) -> list[str]:
    return [f.rule for f in check(path, Options(as_of=PENALTY_AS_OF)).findings]
