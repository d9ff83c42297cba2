"""Discipline as branch offices type it (SPEC §1.4, §3.5): namesakes kept apart by 工号 (V44),
appeal wordings (P05, V45), approvals and signatures (V46, V47), probation first (P01/P02),
record-only months (P11), validity from 签发日期 (P04) and the allowance cap (V48).

Every book is written to disk with the headers in the office's own order, text dates of
several shapes and blank markers, then read back through `check` and the month summary; the
money is worked out by hand in the comments and asserted to the fen.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from workbooks import (
    CATALOGUE_HEADERS,
    FULL_CATALOGUE,
    LEAVE_HEADERS,
    handover_book,
    leave,
    rows_of,
    shift,
    write_book,
)

from csbook.cli import main
from csbook.io.workbook import load
from csbook.penalty_report import month_sheet
from csbook.pipeline import Options, check
from csbook.rules.penalty_sheet import PERSON_HEADER, SHEET_NAME
from csbook.rules.report import ReportSheet, ReportTable

ROSTER_HEADERS = ["姓名", "工号", "岗位", "基本工资", "岗位津贴", "月奖金", "合同到期日"]
ROSTER = [
    ["李强", "KF000", "总经理", 8000, 400, 0, "2028-12-31"],
    ["王伟", "KF002", "客服专员", 3000, 300, 600, "2027-06-30"],
    ["赵丽", "KF003", "主管", 4000, 400, 800, "2027-12-31"],
    ["王伟", "KF009", "客服专员", 4200, 400, 800, "2027-06-30"],
]
# as offices order them: who first, the code, then the paperwork
OFFENCE_HEADERS = ["日期", "姓名", "工号", "过失代码", "处分要求", "通知日期", "签发日期", "批准人", "本人签字", "申诉结果"]  # fmt: skip
ATTENDANCE_HEADERS = ["月份", "姓名", "工号", "迟到次数", "早退次数", "旷工天数", "事假天数", "病假天数"]  # fmt: skip
AS_OF = datetime(2026, 11, 30, 18, 0)


def row(day: str, sid: str | None, code: str, **more: object) -> dict[str, Any]:
    """An offence of a roster person, signed and approved by the 总经理 unless told."""
    names = {r[1]: r[0] for r in ROSTER}
    return {
        "日期": day,
        "姓名": names.get(sid or "", "王伟"),
        "工号": sid,
        "过失代码": code,
        "批准人": "李强",
        "本人签字": "已签",
        **more,
    }


def book(
    path: Path,
    offences: list[dict[str, Any]],
    attendance: list[list[object]] = (),  # type: ignore[assignment]
    params: list[list[object]] = (),  # type: ignore[assignment]
    roster: tuple[list[str], list[list[object]]] = (ROSTER_HEADERS, ROSTER),
) -> Path:
    return write_book(
        path,
        {
            "员工": roster,
            "过失登记": (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, offences)),
            "考勤": (ATTENDANCE_HEADERS, list(attendance)),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
            "参数": (["参数", "值", "说明"], [["当地最低工资", 2490], *params]),
        },
    )


def findings(path: Path, as_of: datetime = AS_OF) -> list[tuple[str, str, int, str, str]]:
    report = check(path, Options(as_of=as_of))
    assert report.error is None
    for f in report.findings:
        assert f.message("zh") and "{" not in f.message("en")
    return sorted((f.rule, f.sheet, f.row, f.column, str(f.severity)) for f in report.findings)


def messages(path: Path, rule: str, as_of: datetime = AS_OF) -> list[str]:
    report = check(path, Options(as_of=as_of))
    return [f.message("zh") for f in report.findings if f.rule == rule]


def column(path: Path, key: str, as_of: datetime = AS_OF) -> list[Any]:
    report = check(path, Options(as_of=as_of))
    (result,) = [r for r in report.results if r.table.schema.name == "过失登记"]
    return result.computed[key]


def summary(path: Path, month: date, handovers: list[Path] = ()) -> ReportSheet:  # type: ignore[assignment]
    ref = AS_OF.date()
    return month_sheet([load(path, ref)], [], [load(h, ref) for h in handovers], month, AS_OF)


def people(sheet: ReportSheet) -> dict[str, dict[str, Any]]:
    """The summary's rows by 工号 (namesakes are told apart by it)."""
    (table, _) = [b for b in sheet.blocks if isinstance(b, ReportTable)]
    return {
        r[table.header.index("工号")]: dict(zip(table.header, r, strict=True)) for r in table.rows
    }


def notes(sheet: ReportSheet) -> list[str]:
    return [b for b in sheet.blocks if isinstance(b, str)]


# ------------------------------------------------------------------------------------ namesakes


def test_namesakes_are_charged_by_staff_number_and_a_bare_shared_name_by_no_one(
    tmp_path: Path,
) -> None:
    offences = [
        # KF002's 严重警告: 20 % of 3,000 + 300 = 660.00 in October and November
        row("2026/10/8", "KF002", "M06", 本人签字="王伟"),
        # KF009's first 严重警告 (not KF002's second): 20 % of 4,200 + 400 = 920.00, Nov + Dec
        row("2026年11月5日", "KF009", "M02", 本人签字="王伟"),
        # only the shared name, padded as offices pad it: V44, charged to no one
        row("11月10日", None, "L01", 姓名="王 伟", 批准人="/", 本人签字="/"),
        # KF009's first oral (the staff number typed in lower case)
        row("2026-11-12", "kf009", "L05"),
    ]
    attendance = [
        ["2026-11", "王伟", None, 2, 0, 0, 0, 0],  # a shared name only: V44
        ["2026年11月", "王伟", "KF009", 1, 0, 0, 0, 0],  # KF009 late once
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences, attendance)
    assert findings(path) == [
        ("R02", "过失登记", 4, "日期", "warning"),  # 11月10日: the year read is said
        ("V44", "考勤", 2, "姓名", "error"),
        ("V44", "过失登记", 4, "姓名", "error"),
    ]
    assert "员工名单有2人叫“王 伟”（工号 KF002、KF009），须填工号；本行未计入任何人" in (
        messages(path, "V44")
    )
    assert column(path, "sanction") == ["严重警告", "严重警告", "", "口头批评"]
    assert column(path, "cut") == [Decimal("1320.00"), Decimal("1840.00"), None, None]

    # the handover log names 王伟 late on 3 November: no 工号 there, so no guess
    log = handover_book(
        tmp_path, [shift("2026-11-03", "早班", "赵丽", "王伟", 接班到岗时间="8:06")]
    )
    sheet = summary(path, date(2026, 11, 1), [log])
    rows = people(sheet)
    assert set(rows) == {"KF002", "KF009"}
    assert rows["KF002"]["姓名"] == rows["KF009"]["姓名"] == "王伟"
    # KF002: only the October warning's second month
    assert rows["KF002"]["扣薪（元）"] == Decimal("660.00")
    # one of the two bears the rows that give only the shared name: neither total is final
    assert rows["KF002"]["合计（元）"] is None
    assert rows["KF002"]["备注"].startswith(
        "不完整：过失登记第4行只写“王 伟”，员工名单中有2人同名（KF002、KF009），未计入任何人；"
        "考勤第2行只写“王伟”"
    )
    assert rows["KF002"]["迟到早退次数"] == 0
    # KF009: the warning's first month 920.00; the 考勤 late is 20.00 and an L07 that is his
    # second valid oral (after 12 November's L05): 20.00 more
    assert rows["KF009"]["处分"] == "严重警告、口头批评×2"
    assert rows["KF009"]["罚款（元）"] == Decimal("20.00")
    assert rows["KF009"]["扣薪（元）"] == Decimal("920.00")
    assert rows["KF009"]["迟到早退次数"] == 1
    assert rows["KF009"]["迟到早退罚款"] == Decimal("20.00")
    assert rows["KF009"]["合计（元）"] is None
    assert rows["KF009"]["备注"].startswith("不完整：过失登记第4行只写“王 伟”")
    (note,) = [n for n in notes(sheet) if "同名" in n]
    assert note == (
        "以下记录只有同名者的姓名，未计入任何人，请补填工号："
        "过失登记第4行“王 伟”（同名：KF002、KF009）；考勤第2行“王伟”（同名：KF002、KF009）；"
        "交接班记录中“王伟”迟到1次（同名：KF002、KF009）"
    )

    # validate and compute --with say it on the roster too
    report = check(path, Options(as_of=AS_OF, with_files=[log]))
    late = [f for f in report.findings if f.key == "V44.late"]
    assert [(f.sheet, f.row, f.column, str(f.severity)) for f in late] == [
        ("员工", 3, "姓名", "warning")
    ]
    assert "无法确定是谁，未计入" in late[0].message("zh")

    # `csbook compute --with` the log: exit 1 (V44 errors), the input untouched, the copy's
    # 月处罚汇总 with one row for each 王伟
    before = path.read_bytes()
    out = tmp_path / "out"
    args = ["compute", str(path), "-o", str(out), "--as-of", "2026-11-30 18:00", "--with", str(log)]
    assert main(args) == 1
    assert path.read_bytes() == before
    ws = openpyxl.load_workbook(out / "处罚汇总表.xlsx")[SHEET_NAME]
    lines = [r for r in ws.iter_rows(values_only=True) if r[1] == "王伟"]
    total = PERSON_HEADER.index("合计（元）")
    assert sorted((r[0], r[total]) for r in lines) == [("KF002", None), ("KF009", None)]


def test_a_staff_number_that_disagrees_with_the_name_stays_v40(tmp_path: Path) -> None:
    path = book(tmp_path / "处罚汇总表.xlsx", [row("2026-11-05", "KF009", "L01", 姓名="赵丽")])
    assert findings(path) == [("V40", "过失登记", 2, "姓名", "error")]
    assert messages(path, "V40") == ["工号KF009与姓名“赵丽”不符"]
    rows = people(summary(path, date(2026, 11, 1)))
    assert rows["KF009"]["合计（元）"] is None  # charged by 工号, but incomplete until fixed
    assert "工号与姓名不符" in rows["KF009"]["备注"]


# -------------------------------------------------------------------------------------- appeals

UPHELD = ["申诉成立", "撤销处分", "予以撤销", "免除", "申诉成立，撤销处分"]
REJECTED = [
    "驳回",
    "申诉不成立",
    "未成立",
    "维持原处分",
    "不予撤销",
    "不予免除",
    "驳回申诉，不予撤销",
    "不予取消处分",
    "维持原处分，不予免除",
]
WITHDRAWN = ["撤回", "本人撤回申诉"]
BLANK = ["/", "无"]
UNREADABLE = ["已处理", "撤回处分"]


def test_appeal_wordings(tmp_path: Path) -> None:
    """Each wording on its own person's 通报批评 (S12 ordered 通报: 100.00 unless voided)."""
    wordings = [
        *UPHELD,
        *REJECTED,
        *WITHDRAWN,
        *BLANK,
        "改为口头批评",
        "部分成立，改为口头批评",
        *UNREADABLE,
    ]
    roster = [[f"员工{n:02}", f"KF{100 + n}", "客服专员", 3000, 300, 0, None] for n in range(30)]
    roster.append(["李强", "KF000", "总经理", 8000, 400, 0, None])
    offences = [
        {
            "日期": "2026-11-03",
            "工号": f"KF{100 + n}",
            "过失代码": "S12",
            "处分要求": "通报",
            "通知日期": "2026-11-04",
            "批准人": "李强",
            "本人签字": "已签",
            "申诉结果": text,
        }
        for n, text in enumerate(wordings)
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences, roster=(ROSTER_HEADERS, roster))
    upheld, rejected = len(UPHELD), len(REJECTED) + len(WITHDRAWN) + len(BLANK)
    assert column(path, "sanction") == (
        ["已撤销"] * upheld + ["通报批评"] * rejected + ["口头批评"] * 2 + ["通报批评"] * 2
    )
    assert column(path, "fine") == (
        [None] * upheld + [Decimal("100.00")] * rejected + [None] * 2 + [Decimal("100.00")] * 2
    )
    first_unreadable = 2 + len(wordings) - len(UNREADABLE)
    assert findings(path) == [
        ("V45", "过失登记", first_unreadable, "申诉结果", "warning"),
        ("V45", "过失登记", first_unreadable + 1, "申诉结果", "warning"),
    ]
    assert messages(path, "V45") == [
        "申诉结果“已处理”无法识别，按原处分计算",
        "申诉结果“撤回处分”无法识别，按原处分计算",
    ]
    running = column(path, "running")
    assert "申诉驳回，维持原处分" in running[upheld]
    assert "申诉已撤回，维持原处分" in running[upheld + len(REJECTED)]
    assert "申诉结果无法识别，按原处分计算" in running[-1]
    assert running[upheld + rejected].startswith("申诉改为口头批评（第1次有效口头批评）")
    total = people(summary(path, date(2026, 11, 1)))
    assert sum(r["合计（元）"] for r in total.values()) == Decimal(100) * (rejected + 2)


def test_a_changed_appeal_does_not_escalate_and_a_voided_one_counts_for_nothing(
    tmp_path: Path,
) -> None:
    offences = [
        row("2026-09-01", "KF002", "L01"),
        # a 书面批评 changed to an oral: his second valid oral, so 20.00, and not escalated
        row("2026-10-08", "KF002", "S12", 申诉结果="部分成立，改为口头批评"),
        # voided: would have been the third oral
        row("2026-10-20", "KF002", "L05", 申诉结果="申诉成立，撤销处分"),
        # the third valid oral: a 书面批评
        row("2026-11-02", "KF002", "L13"),
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences)
    assert findings(path) == []
    assert column(path, "sanction") == ["口头批评", "口头批评", "已撤销", "书面批评"]
    assert column(path, "fine") == [None, Decimal("20.00"), None, None]


# -------------------------------------------------------------------- approvals and signatures


def test_approvals_by_rank_and_signatures(tmp_path: Path) -> None:
    offences = [
        row("2026-11-02", "KF002", "L01", 批准人=None),  # an oral needs no approval
        row("2026-11-03", "KF003", "S12", 批准人="/"),  # 书面批评 without 批准人: V46
        row("2026-11-04", "KF009", "M06", 批准人="赵丽"),  # 严重警告 by a 主管: V46
        row("2026-11-05", "KF000", "M02", 批准人="总经理"),  # the title itself: fine
        # his 2nd warning-level offence: 留察, approved by someone not on the roster, unsigned
        row("2026-11-06", "KF009", "M02", 批准人="张三", 本人签字="/"),
        row("2026-11-07", "KF002", "S12", 本人签字=None),  # approved by 李强, not signed: V47
        row("2026-11-08", "KF003", "L05", 本人签字="无", 申诉结果="撤销处分"),  # void: no V47
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences)
    assert findings(path) == [
        ("V46", "过失登记", 3, "批准人", "error"),
        ("V46", "过失登记", 4, "批准人", "error"),
        ("V46", "过失登记", 6, "批准人", "warning"),
        ("V47", "过失登记", 6, "本人签字", "warning"),
        ("V47", "过失登记", 7, "本人签字", "warning"),
    ]
    assert messages(path, "V46") == [
        "书面批评须经批准人批准，批准人未填或写明未批准",
        "严重警告须经总经理批准，批准人“赵丽”的岗位为主管",
        "批准人“张三”不在员工名单，无法核对是否为总经理",
    ]
    assert column(path, "sanction")[4] == "留察"
    assert messages(path, "V47") == ["留察未经本人签字", "书面批评未经本人签字"]

    # a roster without 岗位 cannot tell who is the 总经理: a warning, not an error
    headers = [h for h in ROSTER_HEADERS if h != "岗位"]
    bare = [[v for h, v in zip(ROSTER_HEADERS, r, strict=True) if h != "岗位"] for r in ROSTER]
    path = book(
        tmp_path / "bare.xlsx",
        [row("2026-11-04", "KF009", "M06", 批准人="赵丽")],
        roster=(headers, bare),
    )
    assert findings(path) == [("V46", "过失登记", 2, "批准人", "warning")]
    assert messages(path, "V46") == ["员工名单没有岗位，无法核对批准人“赵丽”是否为总经理"]


def approvals_book(path: Path) -> Path:
    """November 2026: sanctions approved wrongly or not at all, and leave nobody approved."""
    offences = [
        # 严重警告 approved by the title 总经理: nothing missing (李强's own name would be no
        # approval of his own sanction: V46.self)
        row("2026-11-02", "KF000", "M06", 批准人="总经理"),
        row("2026-11-03", "KF003", "S12", 批准人="/"),  # 书面批评 without 批准人
        row("2026-11-04", "KF009", "M06", 批准人="赵丽"),  # 严重警告 by a 主管
        row("2026-11-05", "KF002", "L01", 批准人=None),  # an oral needs none
        row("2026-11-06", "KF002", "M02", 批准人="张三"),  # not on the roster: to be checked
    ]
    requests = [
        {**leave("王伟", "事假", "2026/11/16", "2026/11/17", 批准人=None), "工号": "KF002"},
        # Fri 10-30 .. Mon 11-02 unapproved: one day in each month
        {**leave("赵丽", "事假", "2026年10月30日", "2026-11-02", 批准人="无"), "工号": "KF003"},
        {**leave("王伟", "事假", "2026-11-20", "2026-11-20", 批准人="赵丽"), "工号": "KF009"},
    ]
    return write_book(
        path,
        {
            "员工": (ROSTER_HEADERS, ROSTER),
            "过失登记": (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, offences)),
            "考勤": (ATTENDANCE_HEADERS, []),
            "请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests)),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
            "参数": (["参数", "值", "说明"], [["当地最低工资", 2490]]),
        },
    )


def test_sanctions_attendance_implies_await_approval_until_registered(tmp_path: Path) -> None:
    """A day of 旷工 in 考勤 is an S01, a 书面批评 that needs a 批准人 (V46) — but no 过失登记
    row holds it, so nobody approved it: V46 says so on the 考勤 cell and 月处罚汇总 lists it
    as awaiting approval, until the offence is registered in 过失登记 with its 批准人 (which
    then takes the implied one's place). Lates are orals, which need no approval."""
    attendance = [
        ["2026年11月", "王伟", "KF002", "/", None, 1, None, None],
        ["2026-11", "赵丽", "KF003", 2, 0, "无", 0, 0],
        ["2026.11", "王伟", "KF009", 0, 0, "1天", 0, 0],
    ]
    # KF009's absence is registered, approved by the 总经理 and signed
    path = book(tmp_path / "处罚汇总表.xlsx", [row("2026-11-18", "KF009", "S01")], attendance)
    assert findings(path) == [("V46", "考勤", 2, "旷工天数", "warning")]
    assert messages(path, "V46") == [
        "书面批评（考勤2026年11月S01）须经批准人批准，但过失登记中没有这条过失，也就没有批准人："
        "请在过失登记登记过失代码S01，填写批准人和本人签字"
    ]
    rows = people(summary(path, date(2026, 11, 1)))
    assert rows["KF002"]["处分"] == "书面批评"
    assert rows["KF002"]["缺少审批"] == "书面批评（考勤2026年11月S01）：过失登记无此条，无批准人"
    assert rows["KF003"]["处分"] == "口头批评×2" and rows["KF003"]["缺少审批"] == ""
    assert rows["KF009"]["处分"] == "书面批评" and rows["KF009"]["缺少审批"] == ""


def test_the_month_summary_lists_approvals_missing(tmp_path: Path) -> None:
    sheet = summary(approvals_book(tmp_path / "处罚汇总表.xlsx"), date(2026, 11, 1))
    rows = people(sheet)
    missing = {sid: r["缺少审批"] for sid, r in rows.items()}
    assert missing == {
        "KF000": "",
        # the unapproved leave's two days of 旷工 are an M01, on top of the 严重警告 a 留察,
        # which 过失登记 does not hold and so nobody approved (V46.implied)
        "KF002": "11-06严重警告：批准人不在员工名单（待核）；"
        "留察（请假登记2026-11-16起旷工M01）：过失登记无此条，无批准人；"
        "11-16起请假2天未批准（按旷工）",
        "KF003": "11-03书面批评：无批准人；10-30起请假未批准（本月1天按旷工）",
        "KF009": "11-04严重警告：批准人非总经理",
    }
    assert (
        "※ 3人本月的处分或请假缺少审批（或批准人待核），见“缺少审批”列："
        "王伟（KF002）、赵丽（KF003）、王伟（KF009）。处分请补办审批手续；"
        "未经批准的请假已按旷工计算。"
    ) in notes(sheet)
    (table, _) = [b for b in sheet.blocks if isinstance(b, ReportTable)]
    column = PERSON_HEADER.index("缺少审批")
    ids = [r[0] for r in table.rows]
    assert {r for r, c in table.flagged if c == column} == {
        ids.index(sid) for sid in ("KF002", "KF003", "KF009")
    }
    # October: 赵丽's first day of that leave; the approved leave of November is no gap
    october = summary(tmp_path / "处罚汇总表.xlsx", date(2026, 10, 1))
    assert people(october)["KF003"]["缺少审批"] == (
        "严重警告（请假登记2026-10-30起旷工M01）：过失登记无此条，无批准人；"
        "10-30起请假1天未批准（按旷工）"
    )
    assert (
        "※ 1人本月的处分或请假缺少审批（或批准人待核），见“缺少审批”列：赵丽（KF003）。"
        "处分请补办审批手续；未经批准的请假已按旷工计算。"
    ) in notes(october)

    # written out, the long list wraps in a row made tall enough to print it whole (the
    # compute copy and the summary workbook: openpyxl and xlsxwriter)
    out = tmp_path / "out"
    assert main(["compute", str(tmp_path / "处罚汇总表.xlsx"), "-o", str(out), "--as-of", "2026-11-30 18:00"]) == 1  # fmt: skip
    mailed = tmp_path / "汇总.xlsx"
    assert main(["summary", str(out / "处罚汇总表.xlsx"), "--month", "2026-11", "-o", str(mailed)]) == 1  # fmt: skip
    for written in (out / "处罚汇总表.xlsx", mailed):
        ws = openpyxl.load_workbook(written)[SHEET_NAME]
        (cell,) = [c for r in ws.iter_rows() for c in r if c.value == missing["KF002"]]
        assert cell.alignment.wrap_text
        assert ws.row_dimensions[cell.row].height >= 30


def test_an_ordered_notice_overtaken_by_escalation_is_said_so(tmp_path: Path) -> None:
    offences = [
        row("2026-10-05", "KF003", "S12"),
        row("2026-11-05", "KF003", "S13", 处分要求="通报批评"),  # the 2nd criticism: 严重警告
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences)
    assert findings(path) == [("P01", "过失登记", 3, "处分要求", "warning")]
    assert messages(path, "P01") == ["处分要求“通报”已被升级后的严重警告取代"]
    assert column(path, "fine") == [None, None]  # the cut, not the 100.00 notice fine
    assert column(path, "cut") == [None, Decimal("1760.00")]  # 20 % of 4,400, Nov + Dec


def test_allowance_above_the_cap(tmp_path: Path) -> None:
    roster = [*ROSTER, ["孙红", "KF010", "客服专员", 3000, "450元", 0, None]]
    path = book(tmp_path / "处罚汇总表.xlsx", [], roster=(ROSTER_HEADERS, roster))
    assert findings(path) == [("V48", "员工", 6, "岗位津贴", "warning")]
    assert messages(path, "V48") == ["岗位津贴450.00元超过上限400元"]
    path = book(
        tmp_path / "cap.xlsx",
        [],
        params=[["岗位津贴上限", "500元"]],
        roster=(ROSTER_HEADERS, roster),
    )
    assert findings(path) == []


# -------------------------------------------------------------------------- probation first


def test_probation_first_then_dismissal(tmp_path: Path) -> None:
    offences = [
        # a 开除情况 not ordered outright: 留察, 40 % of 3,000 + 300 = 1,320.00 for 2 months
        row("2026-03-02", "KF002", "D03"),
        row("2026-05-10", "KF002", "L01"),  # a minor offence on 留察: an oral as usual
        row("2026-06-10", "KF002", "S12"),  # 严重 tier on 留察: 开除
        row("2026-03-02", "KF009", "D03", 处分要求="开除"),  # ordered outright
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences)
    assert findings(path) == []
    assert column(path, "sanction") == ["留察", "口头批评", "开除", "开除"]
    assert column(path, "cut") == [Decimal("2640.00"), None, None, None]
    assert column(path, "running")[2].startswith("留察期内再犯严重过失 → 开除")
    march = people(summary(path, date(2026, 3, 1)))
    assert march["KF002"]["扣薪（元）"] == Decimal("1320.00")
    assert "开除" in march["KF009"]["备注"]
    assert people(summary(path, date(2026, 4, 1)))["KF002"]["扣薪（元）"] == Decimal("1320.00")

    # probation_months 3: the cut runs March to May; without probation_first, 开除 at once
    path = book(tmp_path / "three.xlsx", offences[:1], params=[["留察减薪月数", 3]])
    assert column(path, "cut") == [Decimal("3960.00")]
    assert people(summary(path, date(2026, 5, 1)))["KF002"]["扣薪（元）"] == Decimal("1320.00")
    path = book(tmp_path / "direct.xlsx", offences[:1], params=[["先予留察", "否"]])
    assert column(path, "sanction") == ["开除"]


# ------------------------------------------------------------------------- record-only months


def test_a_record_only_month(tmp_path: Path) -> None:
    offences = [
        row("2026-10-09", "KF003", "L01"),
        row("2026-10-15", "KF003", "L05"),  # the 2nd oral: 20.00, but not in a record-only month
        row("2026-10-20", "KF003", "M06"),  # 严重警告: no cut in a record-only month
        row("2026-11-03", "KF003", "L13"),  # the 3rd valid oral: 书面批评 (October's count)
        # the 2nd 严重警告: the dismissal level, 留察 first; 40 % of 4,400 = 1,760.00 Nov + Dec
        row("2026-11-20", "KF003", "M02"),
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences, params=[["仅记录月份", "2026年10月"]])
    assert findings(path) == []
    assert column(path, "sanction") == ["口头批评", "口头批评", "严重警告", "书面批评", "留察"]
    assert column(path, "fine") == [None] * 5
    assert column(path, "cut") == [None, None, None, None, Decimal("3520.00")]
    assert "2026年10月为仅记录月份：不罚款、不扣薪" in column(path, "running")[1]
    october = people(summary(path, date(2026, 10, 1)))["KF003"]
    assert october["处分"] == "口头批评×2、严重警告"
    assert october["合计（元）"] == 0
    assert "2026年10月为仅记录月份" in october["备注"]
    november = people(summary(path, date(2026, 11, 1)))["KF003"]
    assert november["扣薪（元）"] == Decimal("1760.00")
    assert "仅记录" not in november["备注"]

    # a month that cannot be read names its cell, and nothing is taken as record-only
    path = book(tmp_path / "bad.xlsx", offences[:2], params=[["仅记录月份", "十月"]])
    assert findings(path) == [("R02", "参数", 3, "值", "error")]
    assert column(path, "fine") == [None, Decimal("20.00")]


def test_a_record_only_month_charges_pay_for_days_not_worked_only(tmp_path: Path) -> None:
    """P11 with attendance: October 2026 is record-only. 王伟 (3,000 / 300 / 600): daily base
    3,000 / 20.92 = 143.4034, daily bonus 600 / 20.92 = 28.6807.

    October, by hand — not charged: 2 lates + 1 early leave, 3 × 20 = 60.00; the 2 extra days
    of the absence penalty, 2 × 143.4034 = 286.81; the 2nd L07 oral's 20.00; the 严重警告 that
    the absence's S01 reaches (the 3rd L07 oral is a 书面批评, S01 the 2nd criticism), 20 % ×
    3,300 = 660.00 in October and November, 1,320.00. Charged: the absent day's own pay
    143.40; 事假 2 × (143.4034 + 28.6807) = 344.17. Total 487.57.
    赵丽 (4,000): S04 with 涉及金额 150元, 2 × 150 = 300.00 not charged; 病假 3 days
    3 × 4,000 / 20.92 = 573.61 charged.
    November is an ordinary month: 1 late 20.00, 1 day absent 3 × 143.4034 = 430.21 = 450.21,
    and no cut from October's record-only 严重警告."""
    headers = [*OFFENCE_HEADERS, "涉及金额"]
    offences = [row("2026年10月12日", "KF003", "S04", 涉及金额="150元")]
    attendance = [
        ["2026-10", "王伟", "KF002", 2, 1, 1, "2天", "/"],
        ["2026年10月", "赵丽", "KF003", "/", None, "无", None, 3],
        ["2026.11", "王伟", "KF002", 1, 0, 1, 0, 0],
    ]
    path = write_book(
        tmp_path / "处罚汇总表.xlsx",
        {
            "员工": (ROSTER_HEADERS, ROSTER),
            "过失登记": (headers, rows_of(headers, offences)),
            "考勤": (ATTENDANCE_HEADERS, attendance),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
            "参数": (["参数", "值", "说明"], [["当地最低工资", 2490], ["仅记录月份", "2026-10"]]),
        },
    )
    # the sanctions 考勤 implies above an oral (the 3rd late's 书面批评, the absences') are in
    # no 过失登记 row: nobody approved them, record-only month or not (V46)
    assert findings(path) == [
        ("V46", "考勤", 2, "旷工天数", "warning"),
        ("V46", "考勤", 2, "迟到次数", "warning"),
        ("V46", "考勤", 4, "旷工天数", "warning"),
    ]
    october = people(summary(path, date(2026, 10, 1)))
    wang, zhao = october["KF002"], october["KF003"]
    assert wang["处分"] == "口头批评×2、书面批评、严重警告"
    assert [wang[h] for h in PERSON_HEADER[4:13]] == [
        Decimal("0.00"),  # 罚款
        Decimal("0.00"),  # 扣薪
        3,
        Decimal("0.00"),  # 迟到早退罚款
        1,
        Decimal("143.40"),  # 旷工扣款: the day's own pay
        Decimal("344.17"),
        Decimal("0.00"),
        Decimal("487.57"),
    ]
    assert wang["备注"].endswith(
        "2026年10月为仅记录月份，只记处分不处罚：未收迟到早退罚款60.00元、"
        "旷工每天另扣的2天工资286.81元、过失罚款20.00元、处分扣薪1320.00元；"
        "照扣旷工当天工资143.40元、事假扣款344.17元"
    )
    assert zhao["罚款（元）"] == 0 and zhao["病假扣款"] == Decimal("573.61")
    assert zhao["合计（元）"] == Decimal("573.61")
    assert zhao["备注"].endswith(
        "2026年10月为仅记录月份，只记处分不处罚：未收过失罚款300.00元；照扣病假扣款573.61元"
    )
    assert "免：按涉及金额2倍罚款300.00元" in column(path, "running")[0]
    november = people(summary(path, date(2026, 11, 1)))["KF002"]
    assert november["迟到早退罚款"] == Decimal("20.00")
    assert november["旷工扣款"] == Decimal("430.21")
    assert november["扣薪（元）"] == 0
    assert november["合计（元）"] == Decimal("450.21")
    assert "仅记录" not in november["备注"]


# ------------------------------------------------------------------- validity from 签发日期


def test_validity_from_the_issue_date_across_a_year_end(tmp_path: Path) -> None:
    offences = [
        # issued 2026-01-05: valid to 2027-01-04 (from the offence date it would end 2026-12-19)
        row("2025-12-20", "KF002", "L01", 签发日期="2026年1月5日"),
        # no 签发日期: from 通知日期, valid to 2026-12-29
        row("2025-12-22", "KF002", "L13", 通知日期="2025/12/30"),
        # both still valid on 25 December: the third valid oral is a 书面批评
        row("2026-12-25", "KF002", "L05"),
        # the orals are used up; 2025-12-22's would have expired anyway: a first oral
        row("2027-01-02", "KF002", "L07"),
    ]
    path = book(tmp_path / "处罚汇总表.xlsx", offences)
    as_of = datetime(2027, 1, 3, 9)
    assert findings(path, as_of) == []
    assert column(path, "valid_until", as_of) == [
        date(2027, 1, 4),
        date(2026, 12, 29),
        date(2027, 12, 24),
        date(2028, 1, 1),
    ]
    assert column(path, "sanction", as_of) == ["口头批评", "口头批评", "书面批评", "口头批评"]
