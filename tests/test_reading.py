"""Reading workbooks as staff keep them: headers found by text, synonyms, stray spaces,
titles above the header row, hidden and extra columns, and the 参数 sheet."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from workbooks import run, write_book

from csbook.io.source import BookError, WorkbookFile, open_workbook, read_ahead
from csbook.pipeline import Options, check
from csbook.rules.findings import Severity

AS_OF = datetime(2026, 11, 20, 9, 0)
E, W = Severity.ERROR, Severity.WARNING

COMPLAINT_HEADERS = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首次回复时间", "首问负责人"]  # fmt: skip
COMPLAINT = ["T1", "2026-11-03 10:00", "甲公司", "电话", "账单有误", "一站", "2026-11-03 11:00", "王芳"]  # fmt: skip


def facts(report, *rules: str) -> list[tuple]:
    return [
        (f.rule, f.sheet, f.row, f.column, f.severity)
        for f in report.findings
        if not rules or f.rule in rules
    ]


def result(report, sheet: str):
    (found,) = [r for r in report.results if r.table.schema.name == sheet]
    return found


def visits_book(path: Path, visits: tuple, complaints: tuple | None = None, **more) -> Path:
    sheets = {"回访登记": visits}
    sheets["投诉登记"] = complaints or (COMPLAINT_HEADERS, [COMPLAINT])
    sheets["参数"] = more.pop("params", (["参数", "值", "说明"], []))
    sheets["节假日"] = more.pop("holidays", (["日期", "类型"], []))
    sheets.update(more)
    return write_book(path, sheets)


def test_headers_with_spaces_brackets_synonyms_reordered_and_extra(tmp_path: Path) -> None:
    headers = [
        "序号",  # unknown: kept and ignored
        " 回访人员 ",
        "回访 类型",
        "客户名称",
        "联系电话（手机）",
        "*回访时间",
        "回访方式:",
        "客户意见和要求",
        "区域经理意见",  # unknown
    ]
    rows = [
        [1, "张伟", "定期", "甲公司", "13812345678", "2026-11-03", "电话回访", "好", "无"],
        [2, None, "定期回访", "乙公司", "8400123", "2026/11/4", "上门", "", ""],
    ]
    report = run(visits_book(tmp_path / "a.xlsx", (headers, rows)), AS_OF)
    assert facts(report) == [
        ("R01", "回访登记", 3, "回访人员", E),
        ("V05", "回访登记", 3, "联系电话（手机）", W),
        ("V11", "回访登记", 3, "客户签字", E),  # a column the sheet lacks: the canonical header
    ]
    table = result(report, "回访登记").table
    assert table.cols["visit_date"] == [date(2026, 11, 3), date(2026, 11, 4)]
    assert table.cols["client"] == ["甲公司", "乙公司"]
    assert table.cols["staff"] == ["张伟", None]
    assert table.cols["kind"] == ["定期回访", "定期回访"]
    assert table.cols["method"] == ["电话", "上门"]
    assert table.cols["feedback"] == ["好", None]
    assert set(table.cols) == {
        "staff",
        "kind",
        "client",
        "phone",
        "visit_date",
        "method",
        "feedback",
    }


def test_huifang_shijian_is_per_sheet(tmp_path: Path) -> None:
    visits = (
        ["回访时间", "客户", "回访方式", "回访类型", "客服"],
        [["2026-11-05", "甲公司", "电话", "投诉回访", "张伟"]],
    )
    complaints = (
        [*COMPLAINT_HEADERS, "解决时间", "回访时间"],
        [[*COMPLAINT, "2026-11-04 09:00", "2026-11-05 10:00"]],
    )
    report = run(visits_book(tmp_path / "a.xlsx", visits, complaints), AS_OF)
    assert result(report, "回访登记").table.cols["visit_date"] == [date(2026, 11, 5)]
    table = result(report, "投诉登记").table
    assert table.cols["followup_at"] == [datetime(2026, 11, 5, 10, 0)]
    assert "received_at" in table.cols
    # 投诉回访 without 关联投诉编号 column at all: still V06, under the canonical header
    assert facts(report) == [("V06", "回访登记", 2, "关联投诉编号", E)]


def test_a_title_row_above_the_header_and_blank_rows_keep_excel_row_numbers(
    tmp_path: Path,
) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]
    rows = [
        headers,
        ["2026-11-03", "甲公司", "电话", "定期回访", "张伟"],
        [None] * 5,
        ["", "  ", None, "", ""],
        ["2026-11-04", None, "电话", "定期回访", "张伟"],
        ["2026-11-05", "丙公司", "传真", "定期回访", "张伟"],
    ]
    visits = (["2026年11月 客户回访登记表（客服部）"], rows)
    report = run(visits_book(tmp_path / "a.xlsx", visits), AS_OF)
    assert facts(report) == [
        ("R01", "回访登记", 6, "客户单位", E),
        ("R02", "回访登记", 7, "回访方式", E),
    ]
    assert result(report, "回访登记").table.rows == [3, 6, 7]


def test_hidden_columns_are_read(tmp_path: Path) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "客户签字"]
    rows = [
        ["2026-11-03", "甲公司", "上门", "定期回访", "张伟", "刘经理"],
        ["2026-11-03", "乙公司", "上门", "定期回访", None, None],
    ]
    path = visits_book(tmp_path / "a.xlsx", (headers, rows))
    wb = openpyxl.load_workbook(path)
    ws = wb["回访登记"]
    ws.column_dimensions["E"].hidden = True
    ws.column_dimensions["F"].hidden = True
    wb.save(path)
    report = run(path, AS_OF)
    assert facts(report) == [
        ("R01", "回访登记", 3, "回访人", E),
        ("V11", "回访登记", 3, "客户签字", E),
    ]
    assert result(report, "回访登记").table.cols["signed_by"] == ["刘经理", None]


def test_sheet_names_with_stray_spaces(tmp_path: Path) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]
    path = write_book(
        tmp_path / "a.xlsx",
        {
            " 回访登记 ": (headers, [["2026-11-03", None, "电话", "定期回访", "张伟"]]),
            "投诉 登记": (COMPLAINT_HEADERS, [COMPLAINT]),
            "参数 ": (["参数", "值"], [["复访天数", 7]]),
            "节假日": (["日期", "类型"], []),
        },
    )
    report = run(path, AS_OF)
    assert facts(report) == [("R01", " 回访登记 ", 2, "客户单位", E)]
    assert {r.table.schema.name for r in report.results} == {"回访登记", "投诉登记"}
    assert report.book.settings.followup_days == 7


def test_missing_optional_sheets_are_warnings(tmp_path: Path) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]
    path = write_book(
        tmp_path / "a.xlsx",
        {
            "回访登记": (headers, [["2026-11-03", "甲公司", "电话", "定期回访", "张伟"]]),
            "投诉登记": (COMPLAINT_HEADERS, [COMPLAINT]),
        },
    )
    report = run(path, AS_OF)
    assert facts(report) == [("R04", "参数", 0, "", W), ("R04", "节假日", 0, "", W)]
    assert report.ok
    assert report.findings[0].message("en") == "sheet “参数” is missing; defaults used"


def test_a_sheet_without_any_known_header(tmp_path: Path) -> None:
    path = visits_book(tmp_path / "a.xlsx", (["A", "B"], [[1, 2]]))
    report = run(path, AS_OF)
    assert facts(report) == [("R04", "回访登记", 0, "回访日期", E)]
    assert "回访人" in report.findings[0].message("zh")
    # the complaints sheet is still checked
    assert [r.table.schema.name for r in report.results] == ["投诉登记"]


def test_settings_sheet_overrides_and_bad_values(tmp_path: Path) -> None:
    complaints = (
        [*COMPLAINT_HEADERS, "解决时间"],
        [["T1", "2026-09-30 10:00", "甲公司", "电话", "x", "一站", "2026-10-01 09:00", "王芳",
          "2026-10-01 12:00"]],
    )  # fmt: skip
    params = (
        ["参数名", "参数值", "说明"],
        [
            ["复访天数", "7天", "最长可设7天"],
            ["reply_rule", "24小时", ""],
            ["提前到岗分钟", "十五", ""],  # bad: not a number
            ["repeat_window_days", 400, ""],  # bad: out of range
            ["班次", "早班", ""],  # bad: no start time
            ["每月喝茶次数", 3, ""],  # unknown
            ["visits_per_month", None, "空着：用默认值"],
        ],
    )
    visits = (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], [])
    report = run(visits_book(tmp_path / "a.xlsx", visits, complaints, params=params), AS_OF)
    settings = report.book.settings
    assert settings.followup_days == 7
    assert settings.reply_rule == "24 hours"
    assert settings.arrive_early_min == 10  # default kept
    assert settings.repeat_window_days == 30
    assert settings.shift_names == ("早班", "中班", "夜班")
    assert settings.visits_per_month == 20
    assert facts(report, "R02") == [
        ("R02", "参数", 4, "参数值", E),
        ("R02", "参数", 5, "参数值", E),
        ("R02", "参数", 6, "参数值", E),
        ("R02", "参数", 7, "参数名", W),
    ]
    settings_findings = [f for f in report.findings if f.sheet == "参数"]
    bad = settings_findings[0]
    assert bad.key == "R02.setting"
    # named as staff typed it
    assert bad.params["setting"] == "提前到岗分钟" and bad.params["value"] == "十五"
    assert bad.message("en").startswith("setting “提前到岗分钟” = “十五” is invalid")
    assert settings_findings[3].message("en") == "unknown setting “每月喝茶次数” (ignored)"
    # the overrides are used: 24 hours, follow-up in 7 days
    computed = result(report, "投诉登记").computed
    assert computed["reply_due"] == [datetime(2026, 10, 1, 10, 0)]
    assert computed["reply_status"] == ["按时"]
    assert computed["followup_due"] == [datetime(2026, 10, 8, 23, 59, 59)]


def test_holiday_sheet_synonyms_and_bad_rows(tmp_path: Path) -> None:
    holidays = (
        ["日期", "休/班", "名称"],
        [
            ["2026-11-04", "放假", "公司活动"],
            ["11月7日", "补班", ""],
            ["某天", "休", ""],
            ["2026-11-10", "看情况", ""],
        ],
    )
    complaints = (
        COMPLAINT_HEADERS,
        [
            ["T1", "2026-11-03 10:00", "甲", "电话", "x", "一站", None, "王芳"],
            ["T2", "2026-11-06 10:00", "乙", "电话", "x", "一站", None, "王芳"],
        ],
    )
    visits = (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], [])
    report = run(visits_book(tmp_path / "a.xlsx", visits, complaints, holidays=holidays), AS_OF)
    assert report.book.holidays == {date(2026, 11, 4): False, date(2026, 11, 7): True}
    assert result(report, "投诉登记").computed["reply_due"] == [
        datetime(2026, 11, 5, 10, 0),
        datetime(2026, 11, 7, 10, 0),
    ]
    assert facts(report, "R02") == [
        ("R02", "节假日", 3, "日期", W),  # 11月7日: no year typed, the reading is said
        ("R02", "节假日", 4, "日期", E),
        ("R02", "节假日", 5, "休/班", E),
    ]


def test_not_a_workbook_and_an_unrelated_workbook(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    report = check(text, Options(as_of=AS_OF))
    assert report.error is not None and not report.ok
    assert report.error_text("en")

    other = write_book(tmp_path / "other.xlsx", {"Sheet1": (["a", "b"], [[1, 2]])})
    report = check(other, Options(as_of=AS_OF))
    assert report.error is not None
    assert "回访登记" in report.error_text("zh")


def test_a_bad_override_does_not_blame_the_cell(tmp_path: Path) -> None:
    visits = (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], [])
    params = (["参数", "值"], [["复访天数", 7], ["提前到岗分钟", 15]])
    path = visits_book(tmp_path / "a.xlsx", visits, params=params)
    report = check(
        path,
        Options(as_of=AS_OF, overrides={"followup_days": "abc", "arrive_early_min": 12}),
    )
    assert report.book.settings.followup_days == 7  # the sheet's value still counts
    assert report.book.settings.arrive_early_min == 12  # a good override wins
    # the override is named as one; the sheet's 15 replaced by 12 is said on its cell
    assert facts(report) == [
        ("R02", "参数", 0, "followup_days", E),
        ("R02", "参数", 3, "值", W),
    ]
    assert "csbook.toml 或 --set" in report.findings[0].message("zh")
    assert "按 csbook.toml 或 --set 给出的“12”计算" in report.findings[1].message("zh")


def test_a_table_that_starts_below_and_right_of_a1(tmp_path: Path) -> None:
    path = visits_book(tmp_path / "a.xlsx", (["回访日期"], []))
    wb = openpyxl.load_workbook(path)
    del wb["回访登记"]
    ws = wb.create_sheet("回访登记", 0)
    for c, header in enumerate(["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], 3):
        ws.cell(3, c, header)
    for c, value in enumerate(["2026-11-03", None, "电话", "定期回访", "张伟"], 3):
        ws.cell(5, c, value)
    wb.save(path)
    report = run(path, AS_OF)
    assert facts(report) == [("R01", "回访登记", 5, "客户单位", E)]


def test_error_values_outside_the_input_columns_do_not_make_rows(tmp_path: Path) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "辅助列", "状态"]
    rows = [
        ["2026-11-03", "甲公司", "电话", "定期回访", "张伟", 1, "已闭环"],
        [None, None, None, None, None, ("error", "#N/A"), ("formula", '=IF(A3="","",1)')],
        [None, None, None, None, None, ("error", "#N/A"), None],
        [None, ("error", "#REF!"), None, None, None, None, None],
    ]
    report = run(visits_book(tmp_path / "a.xlsx", (headers, rows)), AS_OF)
    # the last row has data (an error) in an input column: it is read, and is R03 not R01
    assert facts(report, "R03") == [("R03", "回访登记", 5, "客户单位", E)]
    assert result(report, "回访登记").table.rows == [2, 5]


def test_settings_duplicate_rows_and_chinese_reasons(tmp_path: Path) -> None:
    params = (
        ["参数", "值", "说明"],
        [
            ["followup_days", "5", ""],
            ["复访天数", "6", "the same key under its Chinese name"],
            ["repeat_window_days", 400, ""],
        ],
    )
    visits = (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], [])
    report = run(
        visits_book(tmp_path / "a.xlsx", visits, ([*COMPLAINT_HEADERS], []), params=params), AS_OF
    )
    assert report.book.settings.followup_days == 6  # the later row counts
    duplicate, bad = [f for f in report.findings if f.sheet == "参数"]
    assert (duplicate.rule, duplicate.row, duplicate.severity) == ("R02", 3, W)
    assert duplicate.message() == "参数“复访天数”重复（第2行也有），以本行为准"
    assert (bad.rule, bad.row, bad.severity) == ("R02", 4, E)
    assert bad.message() == "参数“repeat_window_days”的值“400”无效：不能大于366"
    assert bad.message("en").endswith("Input should be less than or equal to 366")


def test_satisfaction_words_map_onto_the_scale_in_use() -> None:
    from csbook.io.sheets import parser_for
    from csbook.rules.schema import VISITS
    from csbook.rules.settings import Settings

    column = VISITS.column("satisfaction")
    default = parser_for(column, Settings())
    assert default("很满意", date(2026, 11, 1)) == "非常满意"
    assert default(" 比较满意 ", date(2026, 11, 1)) == "满意"
    with pytest.raises(ValueError):
        default("很好", date(2026, 11, 1))  # not a level of the default scale
    five = parser_for(column, Settings(satisfaction_scale="好,较好,一般,差,很差"))
    assert five("很好", date(2026, 11, 1)) == "好"
    assert five("较差", date(2026, 11, 1)) == "差"


VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]


def test_total_and_sign_off_lines_under_the_table_are_not_data(tmp_path: Path) -> None:
    rows = [
        ["2026-10-08", "甲公司", "电话", "定期回访", "张伟"],
        ["2026-10-09", "乙公司", "电话", "定期回访", "张伟"],
        ["合计：共 2 次", None, None, None, None],
        [None, "填表人：张三　审核：李四", None, None, None],
        ["注：本表每月5日前交客服部", None, None, None, None],
    ]
    report = run(visits_book(tmp_path / "a.xlsx", (VISIT_HEADERS, rows)), AS_OF)
    assert facts(report) == []
    assert result(report, "回访登记").table.rows == [2, 3]


def test_a_value_merged_down_belongs_to_every_row_it_covers(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    rows = [
        ["2026-10-08", "甲公司", "电话", "定期回访", "张伟"],
        [None, "乙公司", "电话", "定期回访", None],
        [None, "丙公司", "电话", "定期回访", None],
    ]
    visits_book(path, (VISIT_HEADERS, rows))
    wb = openpyxl.load_workbook(path)
    wb["回访登记"].merge_cells("A2:A4")
    wb["回访登记"].merge_cells("E2:E4")
    wb.save(path)
    report = run(path, AS_OF)
    assert facts(report) == []
    table = result(report, "回访登记").table
    assert table.cols["visit_date"] == [date(2026, 10, 8)] * 3
    assert table.cols["staff"] == ["张伟"] * 3


def test_a_moment_typed_in_a_date_and_a_time_column(tmp_path: Path) -> None:
    headers = [
        "投诉编号",
        "受理日期",
        "受理时间",
        "客户",
        "渠道",
        "投诉内容",
        "责任单位",
        "首问负责人",
    ]
    complaint = ["T1", "2026-09-24", "16:00", "甲公司", "电话", "x", "一站", "王芳"]
    swapped = ["T2", "16点", "2026.9.30", "甲公司", "电话", "x", "一站", "王芳"]  # time first
    day_only = ["T3", "2026-10-04", None, "甲公司", "电话", "x", "一站", "王芳"]
    path = visits_book(
        tmp_path / "a.xlsx", (VISIT_HEADERS, []), (headers, [complaint, swapped, day_only])
    )
    report = run(path, AS_OF)
    table = result(report, "投诉登记")
    assert table.table.cols["received_at"] == [
        datetime(2026, 9, 24, 16, 0),
        datetime(2026, 9, 30, 16, 0),
        date(2026, 10, 4),
    ]
    # D02 on the joined moments: 09-24 16:00 → 09-28 16:00
    assert table.computed["reply_due"][0] == datetime(2026, 9, 28, 16, 0)


def test_of_two_columns_for_one_thing_the_filled_one_counts(tmp_path: Path) -> None:
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "回访人员"]
    rows = [["2026-10-08", "甲公司", "电话", "定期回访", None, "张伟"]]
    report = run(visits_book(tmp_path / "a.xlsx", (headers, rows)), AS_OF)
    assert facts(report) == []
    assert result(report, "回访登记").table.cols["staff"] == ["张伟"]


def test_only_labelled_lines_are_footers_and_half_typed_rows_are_data(tmp_path: Path) -> None:
    # 客户单位 first: clients named 统计局 and 以上海路店 are clients, not totals or notes
    headers = ["客户单位", "回访日期", "回访方式", "回访类型", "回访人", "客户签字"]
    rows = [
        ["统计局", "2026-10-08", "上门", "定期回访", "张伟", None],
        ["以上海路店", "2026-10-09", "电话", "定期回访", "张伟", None],
        ["合计部", "2026-10-09", "电话", "定期回访", "张伟", None],
        [None, None, None, None, None, None],
        ["回访须当天登记，不得补记。", None, None, None, None, None],
        ["合计", "3次", None, None, None, None],
        ["制表人：王芳", None, None, None, "审核：李四", None],
        ["注：本表每月5日前交客服部", None, None, None, None, None],
        [None, "合计：3 次", None, None, None, None],  # the label in the first filled cell
    ]
    complaint = ["T1", "2026-11-03 10:00", "甲公司", "电话", "账单有误", "一站", "2026-11-03 11:00", "王芳"]  # fmt: skip
    half_typed = [None, None, None, None, "客户说：网点态度差，要求道歉。", None, None, None]
    report = run(
        visits_book(
            tmp_path / "a.xlsx", (headers, rows), (COMPLAINT_HEADERS, [complaint, half_typed])
        ),
        AS_OF,
    )
    assert result(report, "回访登记").table.rows == [2, 3, 4, 6]
    assert result(report, "回访登记").table.cols["client"][:3] == ["统计局", "以上海路店", "合计部"]
    assert ("V11", "回访登记", 2, "客户签字", E) in facts(report)
    # a sentence alone is a row someone began: every required cell is reported
    assert sorted(r[3] for r in facts(report, "R01", "R02") if r[2] == 6) == [
        "回访人",
        "回访方式",
        "回访日期",
        "回访类型",
    ]
    assert result(report, "投诉登记").table.rows == [2, 3]
    missing = {r[3] for r in facts(report, "R01") if r[1] == "投诉登记"}
    assert missing == {"投诉编号", "受理时间", "客户", "渠道", "责任单位", "首问负责人"}


def test_a_lookup_list_of_staff_in_a_register_is_not_checked_as_a_roster(tmp_path: Path) -> None:
    rows = [["2026-10-08", "甲公司", "电话", "定期回访", "张伟"]]
    lookup = (["工号", "姓名"], [["1", "张伟"]])
    report = run(visits_book(tmp_path / "a.xlsx", (VISIT_HEADERS, rows), 员工=lookup), AS_OF)
    assert facts(report) == []


def test_a_two_row_header_with_parent_headers(tmp_path: Path) -> None:
    top = ["回访日期", "客户单位", "回访方式", "回访类型", "承诺", None, "解决", "回访人"]
    sub = [None, None, None, None, "解决方法", "期限", "日期", None]
    row = [
        "2026-10-08",
        "甲公司",
        "电话",
        "定期回访",
        "更换门禁",
        "2026-10-10",
        "2026-10-09",
        "张伟",
    ]
    path = visits_book(tmp_path / "a.xlsx", (top, [sub, row]))
    wb = openpyxl.load_workbook(path)
    ws = wb["回访登记"]
    for column in "ABCDH":
        ws.merge_cells(f"{column}1:{column}2")  # the single headers span both rows
    ws.merge_cells("E1:F1")
    wb.save(path)
    report = run(path, AS_OF)
    assert facts(report, "R01", "R02", "R04") == []
    table = result(report, "回访登记").table
    assert table.rows == [3]
    assert table.cols["promise"] == ["更换门禁"]
    assert table.cols["promised_by"] == [date(2026, 10, 10)]
    assert table.cols["resolved_on"] == [date(2026, 10, 9)]


def test_a_workbook_read_ahead_reads_as_one_opened_now(tmp_path: Path) -> None:
    """`read_ahead` parses every sheet (and looks for its error cells) on other threads while
    the program loads; what `open_workbook` then hands out reads exactly as a file opened
    now, a damaged file fails the same way, and a sheet read twice is read again."""
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "辅助列"]
    rows = [
        ["2026-11-03", "甲公司", "电话", "定期回访", "张伟", 1],
        ["2026-11-04", ("error", "#REF!"), "上门", "定期回访", "李娜", ("formula", "=A1+1")],
        *[[f"2026-11-{d:02d}", f"客户{d}", "电话", "定期回访", "王芳", d] for d in range(5, 29)],
    ]
    path = visits_book(tmp_path / "a.xlsx", (headers, rows))
    now = WorkbookFile(path)
    read_ahead(path)
    ahead = open_workbook(path)
    assert ahead is not now and ahead.sheet_names == now.sheet_names
    for name in reversed(now.sheet_names):  # not in the order they were parsed
        assert ahead.read(name) == now.read(name)
    again = ahead.read("回访登记")
    assert again == now.read("回访登记") and again.errors == {(2, 1): "#REF!", (2, 5): ""}
    assert open_workbook(path) is not ahead  # read ahead once: the next one is opened now

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    read_ahead(broken)
    with pytest.raises(BookError) as ahead_error:
        open_workbook(broken)
    with pytest.raises(BookError) as now_error:
        WorkbookFile(broken)
    assert ahead_error.value.zh == now_error.value.zh


def test_rows_holding_only_a_lookups_na_are_empty_rows_said_once(tmp_path: Path) -> None:
    """回访人 looked up with =VLOOKUP(工号,员工!A:B,2,FALSE) filled down rows 3–22 ahead of use:
    in rows nobody has typed in yet it gives #N/A. Those rows are empty rows (one warning names
    them), not 20 rows of R01 and R03. A typed row whose lookup failed keeps its R03, and a
    #REF! alone (a deleted sheet) still makes a row."""
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]
    na = ("error", "#N/A")
    rows = [
        ["2026-11-03", "甲公司", "电话", "定期回访", "张伟"],
        ["2026-11-04", "乙公司", "电话", "定期回访", na],
        *[[None, None, None, None, na] for _ in range(20)],
        [None, ("error", "#REF!"), None, None, na],
    ]
    report = run(visits_book(tmp_path / "a.xlsx", (headers, rows)), AS_OF)
    assert result(report, "回访登记").table.rows == [2, 3, 24]
    assert facts(report, "R03") == [
        ("R03", "回访登记", 0, "", W),
        ("R03", "回访登记", 3, "回访人", E),
        ("R03", "回访登记", 24, "客户单位", E),
        ("R03", "回访登记", 24, "回访人", E),
    ]
    (said,) = [f for f in report.findings if f.key == "R03.lookup_rows"]
    assert "第4–23行（共20行）" in said.message("zh")
    assert not [f for f in report.findings if f.rule == "R01" and 4 <= f.row <= 23]
