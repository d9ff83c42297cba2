"""回访登记: the sheet rules R01–R03 and the row checks V05–V12, on real workbook files."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import phonenumbers
import pytest
from workbooks import facts, rows_of, run, write_book

from csbook.rules.findings import Severity
from csbook.rules.monthly import figures
from csbook.rules.periods import Period
from csbook.rules.roster_names import RosterNames
from csbook.rules.visits import is_phone
from csbook.summary import part_of

AS_OF = datetime(2026, 11, 20, 9, 0)


E, W = Severity.ERROR, Severity.WARNING

HEADERS = [
    "回访日期",
    "客户单位",
    "联系人",
    "联系电话",
    "回访方式",
    "回访类型",
    "关联投诉编号",
    "客户意见",
    "承诺解决方法",
    "承诺期限",
    "解决日期",
    "复访日期",
    "满意度",
    "客户签字",
    "回访人",
    "主管审核",
    "备注",
]
COMPLAINT_HEADERS = [
    "投诉编号",
    "受理时间",
    "客户",
    "渠道",
    "投诉内容",
    "责任单位",
    "首次回复时间",
    "首问负责人",
]


def visit(**more: object) -> dict:
    return {
        "回访日期": "2026-11-03",
        "客户单位": "甲公司",
        "联系人": "刘经理",
        "联系电话": "13812345678",
        "回访方式": "电话",
        "回访类型": "定期回访",
        "回访人": "张伟",
        **more,
    }


def complaint(cid: str) -> list[object]:
    return [
        cid,
        "2026-11-02 09:00",
        "甲公司",
        "电话",
        "账单有误",
        "一站",
        "2026-11-02 10:00",
        "王芳",
    ]


def book(
    tmp_path: Path,
    visits: list[dict],
    complaints: list[list[object]] | None = None,
    params: list[list[object]] = (),  # type: ignore[assignment]
    headers: list[str] = HEADERS,
) -> Path:
    sheets = {"回访登记": (headers, rows_of(headers, visits))}
    if complaints is not None:
        sheets["投诉登记"] = (COMPLAINT_HEADERS, complaints)
    sheets["参数"] = (["参数", "值", "说明"], list(params))
    sheets["节假日"] = (["日期", "类型"], [])
    return write_book(tmp_path / "回访登记表.xlsx", sheets)


def table(report, sheet: str = "回访登记"):
    (result,) = [r for r in report.results if r.table.schema.name == sheet]
    return result


def test_a_clean_register_has_no_findings(tmp_path: Path) -> None:
    report = run(book(tmp_path, [visit(), visit(回访方式="上门", 客户签字="刘经理")], []), AS_OF)
    assert facts(report) == []
    assert report.ok


# ---- R01–R03 --------------------------------------------------------------------------------


def test_r01_required_blank_and_blank_rows_skipped(tmp_path: Path) -> None:
    visits = [
        visit(),
        {},  # a blank row: skipped, not reported
        visit(客户单位=None, 回访人="  "),  # row 4
        {"备注": None},
        visit(回访类型=None),  # row 6
    ]
    # trailing rows with only spaces, and computed columns filled by an earlier run
    headers = [*HEADERS, "状态"]
    rows = [*rows_of(HEADERS, visits), [" "] * len(HEADERS), [*[None] * len(HEADERS), "已闭环"]]
    path = write_book(
        tmp_path / "b.xlsx",
        {
            "回访登记": (headers, rows),
            "投诉登记": (COMPLAINT_HEADERS, []),
            "参数": (["参数", "值"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    report = run(path, AS_OF)
    assert facts(report) == [
        ("R01", "回访登记", 4, "客户单位", E),
        ("R01", "回访登记", 4, "回访人", E),
        ("R01", "回访登记", 6, "回访类型", E),
    ]
    assert table(report).table.rows == [2, 4, 6]
    assert report.findings[0].message("en") == "required value is empty"


def test_r02_unreadable_date_and_values_not_in_the_list(tmp_path: Path) -> None:
    visits = [
        visit(回访日期="2026-13-45"),
        visit(回访日期="下周一"),
        visit(回访方式="飞鸽传书"),
        visit(回访方式="面谈"),  # a synonym of 上门, which needs a signature (V11)
        visit(回访方式="电话回访", 回访类型="征求意见"),
        visit(满意度="很好"),
        visit(回访日期=date(2026, 11, 4), 满意度=" 满意 "),
        visit(回访日期="2026年11月5日"),
        visit(回访日期="11月6日", 满意度="非常满意"),
    ]
    report = run(book(tmp_path, visits, []), AS_OF)
    assert facts(report) == [
        ("R02", "回访登记", 2, "回访日期", E),
        ("R02", "回访登记", 3, "回访日期", E),
        ("R02", "回访登记", 4, "回访方式", E),
        ("V11", "回访登记", 5, "客户签字", E),
        ("R02", "回访登记", 7, "满意度", E),
        ("R02", "回访登记", 10, "回访日期", W),  # 11月6日: the year read is said
    ]
    f = report.findings[2]
    assert f.params["value"] == "飞鸽传书"
    assert "电话、上门、信函、邮件、微信" in f.message("zh")
    assert f.message("en").startswith("cannot read “飞鸽传书”")
    result = table(report)
    assert result.table.cols["method"][3:5] == ["上门", "电话"]
    assert result.table.cols["kind"][4] == "意见征求"
    assert result.table.cols["visit_date"][5:] == [
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 5),
        date(2026, 11, 6),
    ]
    # an unreadable required cell is R02 only, never also R01
    assert not facts(report, "R01")


def test_satisfaction_scale_from_the_settings_sheet(tmp_path: Path) -> None:
    visits = [visit(满意度="较好"), visit(满意度="满意")]
    report = run(
        book(tmp_path, visits, [], params=[["满意度等级", "好, 较好, 一般, 差, 很差"]]), AS_OF
    )
    assert facts(report) == [("R02", "回访登记", 3, "满意度", E)]


def test_r03_error_values_and_formulas_without_a_cached_value(tmp_path: Path) -> None:
    visits = [
        visit(回访日期=("error", "#REF!")),
        visit(客户单位=("formula", "=Sheet9!A1")),
        visit(备注=("error", "#N/A")),  # not a data column anyone checks: still unread
        visit(客户单位="#DIV/0!"),  # an error typed or pasted as text
    ]
    report = run(book(tmp_path, visits, []), AS_OF)
    assert facts(report) == [
        ("R03", "回访登记", 2, "回访日期", E),
        ("R03", "回访登记", 3, "客户单位", E),
        ("R03", "回访登记", 4, "备注", E),
        ("R03", "回访登记", 5, "客户单位", E),
    ]
    assert "#REF!" in report.findings[0].message("zh")
    assert "#REF!" in report.findings[0].message("en")


def test_r04_missing_header_skips_that_sheet_only(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h != "回访人"]
    path = book(
        tmp_path,
        [visit()],
        [complaint("T1"), complaint("T1")],
        headers=headers,
    )
    report = run(path, AS_OF)
    assert facts(report) == [
        ("R04", "回访登记", 1, "回访人", E),
        ("V20", "投诉登记", 3, "投诉编号", E),
    ]
    assert report.findings[0].message("en") == "sheet “回访登记” lacks column “回访人”"
    assert [r.table.schema.name for r in report.results] == ["投诉登记"]


def test_r04_missing_sheet_the_rest_is_checked(tmp_path: Path) -> None:
    report = run(book(tmp_path, [visit(回访类型="投诉回访", 关联投诉编号="T9")], None), AS_OF)
    assert facts(report) == [("R04", "投诉登记", 0, "", E)]
    assert report.findings[0].message("en") == "sheet “投诉登记” is missing"
    assert not report.ok


# ---- V05 phone numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086 13812345678",
        "025-84001234",
        "(025)84001234",
        "（0571）87654321",
        "010-12345678",
        "0755 2345 6789",
        "+86 25 8400 1234",
        "025-84001234转8021",
        "025-84001234 ext. 21",
        "025-84001234-8021",
        "025-84001234/13812345678",
        "13812345678、13912345678",
        "025-84001234 或 13812345678",
        "１３８１２３４５６７８",
        "138 1234 5678（微信同号）",
        "(0517)83608888 (办公室)",
        "400-810-8888",
        "800 820 8820",
        # ranges opened lately, which an old libphonenumber calls invalid (pyproject's floor)
        "19212345678",
        "196 1234 5678",
        "197-1234-5678",
        "16101234567",  # 1610: mobile since libphonenumber 9.0.35
    ],
)
def test_v05_good_numbers(phone: str) -> None:
    assert is_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "84001234",  # no area code
        "1381234567",  # 10 digits
        "0123456",  # too short for a landline
        "12345678901",  # 1 then 2: no such mobile network
        "138123456789",
        "025-84001234/1381234",
        "0517-836088",  # Huai'an numbers have 8 digits: one is missing
        "（0571）8765432",  # likewise in Hangzhou
        # area codes libphonenumber withdrew in 9.0.42 (an older one accepts them)
        "0378-1234567",
        "0634-1234567",
        "无",
        "/",
        "abc",
    ],
)
def test_v05_bad_numbers(phone: str) -> None:
    assert not is_phone(phone)


def test_v05_in_a_workbook_numbers_typed_as_numbers(tmp_path: Path) -> None:
    visits = [
        visit(联系电话=13812345678),  # a number cell
        visit(联系电话=2584001234),  # a landline whose leading 0 Excel dropped
        visit(联系电话="025-84001234/13812345678"),
        visit(联系电话="8400123"),
        visit(联系电话=None),  # optional
    ]
    report = run(book(tmp_path, visits, []), AS_OF)
    assert facts(report) == [("V05", "回访登记", 5, "联系电话", W)]
    assert report.findings[0].message("en") == ("not a mainland mobile or landline number: 8400123")
    assert report.ok  # a warning only


# ---- V06–V12 --------------------------------------------------------------------------------


def test_v06_complaint_number(tmp_path: Path) -> None:
    visits = [
        visit(回访类型="投诉回访", 关联投诉编号="TS-001"),
        visit(回访类型="投诉回访", 关联投诉编号=" ts-001 "),  # compared squeezed
        visit(回访类型="投诉回访"),
        visit(回访类型="投诉回访", 关联投诉编号="TS-999"),
        visit(回访类型="定期回访", 关联投诉编号="TS-999"),  # only 投诉回访 is linked
        visit(回访类型="投诉", 关联投诉编号=2026001),  # number cell, synonym of 投诉回访
    ]
    report = run(book(tmp_path, visits, [complaint("TS-001"), complaint("2026001")]), AS_OF)
    assert facts(report) == [
        ("V06", "回访登记", 4, "关联投诉编号", E),
        ("V06", "回访登记", 5, "关联投诉编号", E),
    ]
    missing, unknown = report.findings
    assert missing.message("en") == "a complaint follow-up needs its complaint number"
    assert unknown.message("en") == "complaint TS-999 is not in 投诉登记"


def test_v07_to_v10_dates_in_order(tmp_path: Path) -> None:
    visits = [
        visit(承诺期限="2026-11-05"),  # V07: no promised solution
        visit(承诺解决方法="上门维修", 承诺期限="2026-11-02"),  # V08
        visit(解决日期="2026-11-01", 复访日期="2026-11-03"),  # V09
        visit(解决日期="2026-11-04", 复访日期="2026-11-03"),  # V10
        visit(承诺解决方法="上门维修", 承诺期限="2026-11-03", 解决日期="2026-11-03",
              复访日期="2026-11-03"),  # all on the same day: fine
    ]  # fmt: skip
    report = run(book(tmp_path, visits, []), AS_OF)
    assert facts(report, "V07", "V08", "V09", "V10") == [
        ("V07", "回访登记", 2, "承诺解决方法", W),
        ("V08", "回访登记", 3, "承诺期限", E),
        ("V09", "回访登记", 4, "解决日期", E),
        ("V10", "回访登记", 5, "复访日期", E),
    ]
    assert [f.message("en") for f in report.findings if f.rule.startswith("V")] == [
        "a promise date needs the promised solution",
        "promise date is before the visit date",
        "resolution date is before the visit date",
        "follow-up date is before the resolution date",
    ]


def test_v11_signature_for_the_methods_in_the_settings(tmp_path: Path) -> None:
    visits = [
        visit(回访方式="上门"),
        visit(回访方式="上门", 客户签字="刘经理"),
        visit(回访方式="信函"),
        visit(回访方式="电话"),
    ]
    report = run(book(tmp_path, visits, []), AS_OF)
    assert facts(report) == [("V11", "回访登记", 2, "客户签字", E)]
    assert report.findings[0].message("en") == "a 上门 visit needs the client's signature"

    report = run(book(tmp_path, visits, [], params=[["signature_methods", "上门、信函"]]), AS_OF)
    assert facts(report) == [
        ("V11", "回访登记", 2, "客户签字", E),
        ("V11", "回访登记", 4, "客户签字", E),
    ]


def test_v12_only_with_a_roster_names_compared_squeezed(tmp_path: Path) -> None:
    visits = [visit(回访人="张 伟"), visit(回访人="李娜"), visit(回访人="赵六")]
    path = book(tmp_path, visits, [])
    assert facts(run(path, AS_OF)) == []
    report = run(path, AS_OF, roster=RosterNames(frozenset({"张伟", " 李 娜 "})))
    assert facts(report) == [("V12", "回访登记", 4, "回访人", W)]
    assert report.findings[0].message("en") == "“赵六” is not on the roster"


def test_unreadable_dates_do_not_make_up_a_status(tmp_path: Path) -> None:
    visits = [
        visit(承诺解决方法="更换", 承诺期限="2026-11-05", 解决日期="上周"),
        visit(解决日期="2026-11-04", 复访日期="待定"),
    ]
    report = run(book(tmp_path, visits, []), AS_OF)
    assert facts(report) == [
        ("R02", "回访登记", 2, "解决日期", E),
        ("R02", "回访登记", 3, "复访日期", E),
    ]
    assert table(report).computed["status"] == ["", ""]


def test_v05_shortcuts_agree_with_libphonenumber() -> None:
    """The plain shapes are judged by libphonenumber's patterns without a full parse: the
    verdicts must be the full parse's, on numbers of every prefix."""
    rnd = random.Random(9)
    numbers = [f"1{rnd.randrange(10**10):010d}" for _ in range(3000)]
    numbers += [f"0{rnd.randrange(10, 1000)}-{rnd.randrange(10**7, 10**8)}" for _ in range(1000)]
    numbers += [f"0{rnd.randrange(10, 1000)}{rnd.randrange(10**6, 10**7)}" for _ in range(1000)]
    for number in numbers:
        try:
            full = phonenumbers.is_valid_number(phonenumbers.parse(number, "CN"))
        except phonenumbers.NumberParseException:
            full = False
        assert is_phone(number) == full, number


def test_v07_a_promised_solution_without_its_deadline(tmp_path: Path) -> None:
    report = run(book(tmp_path, [visit(承诺解决方法="更换设备")], []), AS_OF)
    assert facts(report) == [("V07", "回访登记", 2, "承诺期限", W)]
    assert report.findings[0].message() == "填了承诺解决方法，须填承诺期限"


def test_v11_every_visit_when_the_setting_says_all(tmp_path: Path) -> None:
    visits = [visit(回访方式="电话"), visit(回访方式="微信", 客户签字="刘经理")]
    report = run(book(tmp_path, visits, [], params=[["须客户签字的回访方式", "全部"]]), AS_OF)
    assert facts(report) == [("V11", "回访登记", 2, "客户签字", E)]


def test_v13_install_call_back_within_the_setting(tmp_path: Path) -> None:
    headers = [*HEADERS, "安装日期"]
    visits = [
        visit(回访类型="安装回访", 安装日期="2026-11-01", 回访日期="2026-11-04"),  # day 3: on time
        visit(回访类型="安装", 安装日期="2026-11-01", 回访日期="2026-11-05"),  # day 4: late
        visit(回访类型="安装回访"),  # no install date
        visit(回访类型="安装回访", 安装日期="2026-11-06"),  # before the install
        visit(安装日期="2026-10-01"),  # not an install call-back: nothing to check
    ]
    report = run(book(tmp_path, visits, [], headers=headers), AS_OF)
    assert facts(report) == [
        ("V13", "回访登记", 3, "回访日期", W),
        ("V13", "回访登记", 4, "安装日期", E),
        ("V13", "回访登记", 5, "回访日期", E),
    ]
    assert "2026-11-04" in report.findings[0].message()
    # the setting counts: with 5 days the fourth day is on time
    report = run(book(tmp_path, visits[:2], [], [["install_followup_days", "5天"]], headers), AS_OF)
    assert facts(report) == []


def test_v05_on_a_register_is_what_is_phone_says_of_each_cell(tmp_path: Path) -> None:
    """V05 finds the mobiles of a register in one pass over all its numbers: the rows it
    flags are exactly those `is_phone` rejects, for cells typed every which way."""
    rnd = random.Random(5)
    typed = [f"1{rnd.randrange(10**10):010d}" for _ in range(300)]  # some no mobile prefix
    typed += [
        "13812345678",
        "13812345678\n13912345678",  # two lines in one cell: a line matches, the cell does not
        "13812345678 ",
        "１３８１２３４５６７８",  # full-width digits
        "138-1234-5678",
        "+86 138 1234 5678",
        "025-84001234",
        "13812345678/13912345678",
        "12345678901",
        "1381234567",
        "138123456789",
        "13812345678（微信同号）",
        "电话13812345678",
        "02584001234",
        "0258400123",
        "010-12345678",
        "0755-1234567",
        "025-8400-1234",
        "0-25-84001234",
        "025--84001234",
        "00-12345678",
        "025-84001234-8021",
        "025 84001234",
        "-02584001234",
        "02584001234-",
    ]
    typed += [f"0{rnd.randrange(10, 1000)}-{rnd.randrange(10**6, 10**8)}" for _ in range(300)]
    report = run(book(tmp_path, [visit(联系电话=number) for number in typed]), AS_OF)
    flagged = {f.row for f in report.findings if f.rule == "V05"}
    expected = {row for row, number in enumerate(typed, start=2) if not is_phone(number.strip())}
    assert flagged == expected
    assert 30 < len(expected) < len(typed) - 200  # both verdicts occur, many times


def _month(report, as_of: datetime):
    return figures(
        [part_of(report.book, report.results)], [], Period.month(date(2026, 11, 1)), as_of
    )


def test_a_visit_row_typed_three_times_counts_once(tmp_path: Path) -> None:
    """clerk2 #8: one unsatisfied visit, resolved 11-04 and never followed up, copied down
    twice; another client satisfied. A second visit the same day differing in 备注 is a visit."""
    copied = visit(回访方式="上门", 客户签字="张三", 满意度="不满意", 解决日期="2026-11-04")
    visits = [copied, dict(copied), dict(copied), visit(客户单位="乙公司", 满意度="满意")]
    visits.append(visit(客户单位="丙公司", 满意度="满意"))
    visits.append(visit(客户单位="丙公司", 满意度="满意", 备注="下午再次回访"))
    as_of = datetime(2026, 11, 30, 18, 0)
    report = run(book(tmp_path, visits, []), as_of)
    copies = [f for f in report.findings if f.key == "V01.copy"]
    assert [(f.row, f.column, f.severity) for f in copies] == [
        (3, "回访日期", W),
        (4, "回访日期", W),
    ]
    assert "第2行" in copies[0].message("zh")
    assert [f.row for f in report.findings if f.rule == "D04"] == [2]  # overdue once
    (branch,) = _month(report, as_of).branches.values()
    assert (branch.visits, branch.rated, branch.satisfied, branch.signed) == (4, 4, 3, 1)
    assert (branch.followups_due, branch.followups_on_time) == (1, 0)
    assert len(_month(report, as_of).followup_overdue) == 1


def test_a_client_signature_that_is_not_the_clients(tmp_path: Path) -> None:
    """clerk2 #11: 上门 visits by 王芳 whose 客户签字 is her own name, `王芳（代签）`,
    `电话确认` are not signed by the client (V11.not_client, not in 签字率); `已签`,
    `客户本人` and the client's contact are."""
    typed = ["王芳", "已签", "客户本人", "刘经理", "王芳（代签）", "电话确认", "代签"]
    visits = [
        visit(客户单位=f"{n}公司", 回访方式="上门", 回访人="王芳", 客户签字=signed)
        for n, signed in enumerate(typed)
    ]
    as_of = datetime(2026, 11, 30, 18, 0)
    report = run(book(tmp_path, visits, []), as_of)
    assert facts(report) == [("V11", "回访登记", row, "客户签字", W) for row in (2, 6, 7, 8)]
    said = [f.message("zh") for f in report.findings]
    assert said[0] == "客户签字“王芳”是回访人王芳的名字，不是客户本人的签字：不计入签字率"
    assert said[2] == "客户签字“电话确认”写有“电话确认”，不是客户本人的签字：不计入签字率"
    (branch,) = _month(report, as_of).branches.values()
    assert (branch.visits, branch.signed) == (7, 3)
    (agent,) = _month(report, as_of).agents
    assert agent.signed == 3


def test_followups_whose_date_is_wrong_or_unreadable_stay_out_of_the_rate(tmp_path: Path) -> None:
    """clerk2 #12: a 复访日期 before 解决日期 (V10) or unreadable (`已复访`, R02) is not known:
    the visit is neither 按期复访 nor overdue in 复访率."""
    visits = [
        visit(客户单位="甲公司", 解决日期="2026-11-04", 复访日期="2026-11-05"),  # on time
        visit(客户单位="乙公司", 解决日期="2026-11-04", 复访日期="2026-11-03"),  # V10
        visit(客户单位="丙公司", 解决日期="2026-11-04", 复访日期="已复访"),  # R02
        visit(客户单位="丁公司", 解决日期="2026-11-04"),  # overdue
    ]
    as_of = datetime(2026, 11, 30, 18, 0)
    report = run(book(tmp_path, visits, []), as_of)
    assert sorted((f.rule, f.row) for f in report.findings if f.rule in ("V10", "R02")) == [
        ("R02", 4),
        ("V10", 3),
    ]
    (branch,) = _month(report, as_of).branches.values()
    assert (branch.followups_due, branch.followups_on_time) == (2, 1)
