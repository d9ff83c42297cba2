"""Settings typed the way a hurried clerk types them (clerk5's sweep): every reading csbook
chooses is said on the cell, every value it cannot read is refused there and the default
used — never a setting quietly misread, dropped or ignored.

班次 on a 12-hour clock (`中班 4:00`, `夜班 12:00AM`), malformed or naming a shift twice;
须客户签字的回访方式 in 回访方式's own words (面谈) or in none; 节假日 dates without 类型 or typed
both 休 and 班; a cut ratio typed `1`; 参数 rows keyed by 名称 alone; 回访量计数方式 and
责任单位业务量 typed loosely; `--set 复访天数=7`; csbook.toml with a mistyped table, or
overriding what 参数 has."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from workbooks import (
    COMPLAINT_HEADERS,
    complaint,
    computed,
    handover_book,
    rows_of,
    run,
    run_cli,
    shift,
    write_book,
)

from csbook.cli import main
from csbook.io.workbook import load
from csbook.rules.findings import Severity
from csbook.rules.settings import Settings

E, W = Severity.ERROR, Severity.WARNING
AS_OF = datetime(2026, 11, 30, 18, 0)
PARAMS = ["参数", "名称", "值", "说明"]  # the template's layout


def on_sheet(report: Any, sheet: str) -> list[tuple[int, str, Severity, str]]:
    """(row, rule, severity, message) of the findings on one sheet."""
    return [
        (f.row, f.rule, f.severity, f.message("zh")) for f in report.findings if f.sheet == sheet
    ]


# ---- 班次 ------------------------------------------------------------------------------------


def _log(tmp_path: Path, setting: str) -> Any:
    """11-02: 早班 7:45 (on time), 中班 15:55 (5 minutes short), 夜班 0:05 (5 minutes late)."""
    rows = [
        shift("2026-11-02", "早班", "甲", "乙", 接班到岗时间=time(7, 45)),
        shift("2026-11-02", "中班", "乙", "丙", 接班到岗时间="15:55"),
        shift("2026-11-02", "夜班", "丙", "丁", 接班到岗时间="0:05"),
    ]
    return run(handover_book(tmp_path, rows, [["班次", setting]]), AS_OF)


@pytest.mark.parametrize(
    "setting", ["早班 8:00, 中班 4:00PM, 夜班 12:00AM", "早班 上午8:00, 中班 下午4:00, 夜班 0:00"]
)
def test_shifts_with_am_pm_are_read_as_typed(tmp_path: Path, setting: str) -> None:
    report = _log(tmp_path, setting)
    assert [s.start for s in report.book.settings.shifts] == [time(8), time(16), time(0)]
    assert computed(report, "交接班", "arrival_status") == ["按时", "偏晚", "迟到"]
    assert computed(report, "交接班", "minutes_early") == [15, 5, -5]
    assert on_sheet(report, "参数") == []


@pytest.mark.parametrize(
    "setting", ["早班 8:00, 中班 4:00, 夜班 12:00", "早班 8:00, 中班 4:00, 夜班 0:00"]
)
def test_shifts_out_of_day_order_are_read_in_order_and_said(tmp_path: Path, setting: str) -> None:
    report = _log(tmp_path, setting)
    assert [s.start for s in report.book.settings.shifts] == [time(8), time(16), time(0)]
    assert computed(report, "交接班", "due_at") == [
        datetime(2026, 11, 2, 7, 50),
        datetime(2026, 11, 2, 15, 50),
        datetime(2026, 11, 2, 23, 50),
    ]
    assert computed(report, "交接班", "arrival_status") == ["按时", "偏晚", "迟到"]
    ((row, rule, severity, message),) = on_sheet(report, "参数")
    assert (row, rule, severity) == (2, "R02", W)
    assert "按“早班 08:00, 中班 16:00, 夜班 00:00”读取" in message


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ("早班08:00 中班16:00 夜班00:00", "多个用逗号分隔"),  # no commas
        ("08:00, 16:00, 00:00", "应写成 名称 时:分"),  # no names
        ("早班 08:00, 中班 16:00, 早班 09:00, 夜班 00:00", "班次“早班”写了两次"),
        ("早班 8:00, 中班 8:00AM, 夜班 0:00", "按一天内的顺序"),  # no reading puts it in order
    ],
)
def test_malformed_shifts_are_refused_on_the_cell_and_the_default_used(
    tmp_path: Path, setting: str, why: str
) -> None:
    report = _log(tmp_path, setting)
    assert report.book.settings.shifts == Settings().shifts
    ((row, rule, severity, message),) = on_sheet(report, "参数")
    assert (row, rule, severity) == (2, "R02", E)
    assert why in message
    # the log is read against the default shifts: no row refused, no break invented
    assert [f.rule for f in report.findings if f.sheet == "交接班"] == ["H01", "H01"]


# ---- 须客户签字的回访方式 ------------------------------------------------------------------------

VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "客户签字"]
VISITS = [
    ["2026-11-02", "甲公司", "电话", "定期回访", "王芳", None],
    ["2026-11-03", "乙公司", "上门", "定期回访", "王芳", None],  # row 3: unsigned
]


def _visits(tmp_path: Path, params: list[list[Any]]) -> Path:
    return write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (VISIT_HEADERS, VISITS),
            "投诉登记": (COMPLAINT_HEADERS, []),
            "参数": (PARAMS, params),
            "节假日": (["日期", "类型"], []),
        },
    )


@pytest.mark.parametrize(
    ("typed", "unsigned"),
    [
        ("面谈", [3]),  # 面谈 is 上门 in 回访方式 too
        ("上门回访", [3]),
        ("现场", [3]),
        ("面谈、电话", [2, 3]),
        ("所有", [2, 3]),
        ("全部方式", [2, 3]),
        ("无", []),  # no method needs one: a fair reading of a blank marker
    ],
)
def test_signature_methods_are_read_in_the_methods_own_words(
    tmp_path: Path, typed: str, unsigned: list[int]
) -> None:
    report = run(_visits(tmp_path, [["signature_methods", "须客户签字的回访方式", typed]]), AS_OF)
    assert [f.row for f in report.findings if f.rule == "V11"] == unsigned
    assert on_sheet(report, "参数") == []


@pytest.mark.parametrize("typed", ["xyz", "是", "面谈、视频"])
def test_a_signature_method_that_is_no_method_is_refused(tmp_path: Path, typed: str) -> None:
    report = run(_visits(tmp_path, [["signature_methods", "须客户签字的回访方式", typed]]), AS_OF)
    ((row, rule, severity, message),) = on_sheet(report, "参数")
    assert (row, rule, severity) == (2, "R02", E)
    assert "不是回访方式" in message
    assert [f.row for f in report.findings if f.rule == "V11"] == [3]  # the default: 上门


# ---- 节假日 ----------------------------------------------------------------------------------


def _complaints_book(tmp_path: Path, holidays: list[list[Any]]) -> Path:
    """T1 received Fri 11-06 10:00 (due the next working day), T2 Fri 11-13 10:00."""
    received = [datetime(2026, 11, 6, 10), datetime(2026, 11, 13, 10)]
    rows = [
        {**complaint(f"T{n}", moment), "首次回复时间": None}
        for n, moment in enumerate(received, start=1)
    ]
    headers = list(rows[0])
    return write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (VISIT_HEADERS, []),
            "投诉登记": (headers, rows_of(headers, rows)),
            "参数": (PARAMS, []),
            "节假日": (["日期", "类型", "说明"], holidays),
        },
    )


def _due(report: Any) -> list[datetime]:
    return computed(report, "投诉登记", "reply_due")


def test_a_holiday_without_type_is_read_by_its_note_or_as_rest_and_said(tmp_path: Path) -> None:
    holidays = [["2026-11-09", None, "地方节日放假"], ["2026-11-14", None, "补班"]]
    report = run(_complaints_book(tmp_path, holidays), datetime(2026, 11, 30))
    # 11-09 (Monday) rests: T1 due Tue 11-10; Saturday 11-14 works: T2 due 11-14
    assert _due(report) == [datetime(2026, 11, 10, 10), datetime(2026, 11, 14, 10)]
    assert on_sheet(report, "节假日") == [
        (2, "D01", W, "2026-11-09未填类型：按放假（休）读取；若是调休上班日，请填“班”"),
        (3, "D01", W, "2026-11-14未填类型：按说明“补班”读作“班”；请在类型填“休”或“班”"),
    ]


def test_a_date_typed_both_rest_and_work_is_an_error_and_neither_is_used(tmp_path: Path) -> None:
    holidays = [["2026-11-09", "休", None], ["2026-11-09", "班", None], ["2026-11-14", "班", None]]
    report = run(_complaints_book(tmp_path, holidays), datetime(2026, 11, 30))
    assert report.book.holidays == {date(2026, 11, 14): True}
    # 11-09 is an ordinary Monday again; Saturday 11-14 still works
    assert _due(report) == [datetime(2026, 11, 9, 10), datetime(2026, 11, 14, 10)]
    ((row, rule, severity, message),) = on_sheet(report, "节假日")
    assert (row, rule, severity) == (3, "D01", E)
    assert message.startswith("2026-11-09在第2行填“休”，本行又填“班”：两行都未采用")


# ---- 参数: cut ratios, rows by 名称, counts, volumes ---------------------------------------------


def _settings(tmp_path: Path, params: list[list[Any]]) -> Any:
    return load(_visits(tmp_path, params), date(2026, 11, 30))


@pytest.mark.parametrize("typed", [1, 1.0, "1"])
def test_a_cut_ratio_of_one_is_refused_and_the_default_used(tmp_path: Path, typed: Any) -> None:
    params = [
        ["warning_cut", "严重警告减薪比例", typed],
        ["probation_cut", "留察减薪比例", typed],
    ]
    book = _settings(tmp_path, params)
    assert (book.settings.warning_cut, book.settings.probation_cut) == (
        Decimal("0.2"),
        Decimal("0.4"),
    )
    assert [(f.row, f.key) for f in book.findings] == [(2, "R02.setting"), (3, "R02.setting")]
    assert "1 可能是 100% 也可能是 1%" in book.findings[0].message("zh")
    assert set(book.rejected_settings) == {"warning_cut", "probation_cut"}


def test_cut_ratios_typed_plainly_are_read(tmp_path: Path) -> None:
    params = [["warning_cut", "严重警告减薪比例", "100%"], ["probation_cut", "留察减薪比例", 0.3]]
    book = _settings(tmp_path, params)
    assert (book.settings.warning_cut, book.settings.probation_cut) == (1, Decimal("0.3"))
    assert book.findings == []


def test_a_row_keyed_by_its_name_alone_is_read(tmp_path: Path) -> None:
    params = [
        [None, "复访天数", 5],  # a row staff added by the 名称
        [None, "提前到岗分钟", "15分钟"],
        ["", "没有这个参数", 1],  # names nothing: said, not dropped
        [None, None, 9],  # a value on a row naming nothing
    ]
    book = _settings(tmp_path, params)
    assert (book.settings.followup_days, book.settings.arrive_early_min) == (5, 15)
    assert [(f.row, f.key) for f in book.findings] == [(4, "R02.unknown_setting"), (5, "R01")]


def test_a_row_named_twice_by_key_and_by_name_is_said(tmp_path: Path) -> None:
    params = [["followup_days", "复访天数", 3], [None, "复访天数", 6]]
    book = _settings(tmp_path, params)
    assert book.settings.followup_days == 6
    assert [(f.row, f.key) for f in book.findings] == [(3, "R02.duplicate_setting")]


@pytest.mark.parametrize(
    ("typed", "read"),
    [("按次数", "visits"), ("条", "visits"), ("按客户", "clients"), ("户", "clients")],
)
def test_target_counts_typed_loosely_are_read(tmp_path: Path, typed: str, read: str) -> None:
    book = _settings(tmp_path, [["visits_target_counts", "回访量计数方式", typed]])
    assert book.settings.visits_target_counts == read
    assert book.findings == []


def test_an_invalid_target_count_gets_its_own_hint(tmp_path: Path) -> None:
    book = _settings(tmp_path, [["visits_target_counts", "回访量计数方式", "按人头"]])
    assert book.settings.visits_target_counts == "clients"
    (found,) = book.findings
    assert found.message("zh") == "参数“回访量计数方式”的值“按人头”无效：应为 客户 或 次数"


def test_a_unit_given_two_volumes_is_refused(tmp_path: Path) -> None:
    book = _settings(
        tmp_path, [["unit_volume", "责任单位业务量", "一站=1000; 二站=500; 一站=2000"]]
    )
    assert book.settings.unit_volume == {}
    (found,) = book.findings
    assert (found.row, found.key) == (2, "R02.setting")
    assert "“一站”写了两次" in found.message("zh")
    again = _settings(tmp_path, [["unit_volume", "责任单位业务量", "一站=1000; 一站=1000"]])
    assert (again.settings.unit_volume, again.findings) == ({"一站": 1000}, [])


# ---- --set and csbook.toml -------------------------------------------------------------------


def _validate(capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> tuple[int, Any, str]:
    code, out, err = run_cli(
        capsys, "validate", path, "--format", "json", "--as-of", "2026-11-30 18:00", *more
    )
    return code, json.loads(out) if out else None, err


def _followup_book(tmp_path: Path) -> Path:
    """A visit's problem resolved 11-02 and followed up 11-06; 参数 复访天数 5日."""
    headers = [*VISIT_HEADERS, "解决日期", "复访日期"]
    visit = ["2026-11-02", "甲公司", "电话", "定期回访", "王芳", None, "2026-11-02", "2026-11-06"]
    return write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (headers, [visit]),
            "投诉登记": (COMPLAINT_HEADERS, []),
            "参数": (PARAMS, [["followup_days", "复访天数", "5日"]]),
            "节假日": (["日期", "类型"], []),
        },
    )


def _messages(data: Any) -> list[tuple[str, int, str]]:
    return [(f["sheet"], f["row"], f["message"]) for f in data["files"][0]["findings"]]


def test_set_by_the_chinese_name_is_applied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _followup_book(tmp_path)
    code, data, _ = _validate(capsys, path, "--set", "复访天数=3")
    assert code == 0
    assert _messages(data) == [
        ("回访登记", 2, "复访超时（期限 2026-11-05）"),
        ("参数", 2, "参数“复访天数”填的是“5日”，按 csbook.toml 或 --set 给出的“3”计算"),
    ]
    code, data, _ = _validate(capsys, path, "--set", "复访天数=abc")
    ((sheet, row, message),) = _messages(data)  # the sheet's 5 days hold: no D04
    assert (sheet, row) == ("参数", 0)
    assert message.startswith(
        "csbook.toml 或 --set 给出的参数“复访天数（followup_days）”的值“abc”无效"
    )


@pytest.mark.parametrize("toml", ["[setting]\nfollowup_days = 3\n", "followup_days = 3\n"])
def test_a_toml_setting_outside_settings_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, toml: str
) -> None:
    path = _followup_book(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "csbook.toml").write_text(toml, encoding="utf-8")
    code, data, err = _validate(capsys, path)
    assert (code, data) == (2, None)
    assert "参数应写在 [settings] 下" in err


def test_a_toml_setting_over_the_sheet_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _followup_book(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "csbook.toml").write_text('[settings]\n"复访天数" = 3\n', encoding="utf-8")
    code, data, _ = _validate(capsys, path)
    assert "参数“复访天数”填的是“5日”，按 csbook.toml 或 --set 给出的“3”计算" in [
        m for _, _, m in _messages(data)
    ]
    (tmp_path / "csbook.toml").write_text("[settings]\nfollowup_days = 5\n", encoding="utf-8")
    code, data, _ = _validate(capsys, path)  # the same value: nothing to say
    assert (code, _messages(data)) == (0, [])


def test_the_summary_says_which_settings_it_counted_with_defaults(tmp_path: Path) -> None:
    """每月回访量 typed `十个左右` cannot be read: the register is judged with the default, and
    the month's summary says so beside the file in 来源 — the figures go to leadership, the
    findings do not."""
    folder = tmp_path / "in"
    folder.mkdir()
    sample = Path(__file__).resolve().parents[1] / "csbook" / "sample" / "回访登记表.xlsx"
    wb = openpyxl.load_workbook(sample)
    ws = wb["参数"]
    [row] = [r for r in ws.iter_rows(min_row=2) if r[0].value == "visits_per_month"]
    row[2].value = "十个左右"
    wb.save(folder / sample.name)
    out = tmp_path / "汇总.xlsx"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["summary", str(folder), "--month", "2026-10", "-o", str(out)])
    sources = openpyxl.load_workbook(out)["来源"]
    [said] = [r for r in sources.iter_rows(values_only=True) if r[0] == sample.name]
    assert "参数表中以下参数的值无效，本汇总按“每月回访量”为20统计" in said[-1], said


# ---- clerk5 #16: the sheet's name, a later `/` row, a list typed with spaces, 意见征求's count --


def _register(path: Path, params: list[list[Any]], sheet: str = "参数") -> Path:
    """A 回访登记表 of one complaint (服务质量, answered within the hour) and its settings."""
    row = complaint("T1", datetime(2026, 11, 3, 9, 0), 投诉类别="服务质量")
    return write_book(
        path,
        {
            "回访登记": (["回访日期", "客户单位", "回访方式", "回访类型", "回访人"], []),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, [row])),
            sheet: (PARAMS, params),
        },
    )


def test_a_settings_sheet_named_can_shezhi_is_read(tmp_path: Path) -> None:
    path = _register(tmp_path / "回访登记表.xlsx", [["followup_days", "复访天数", "5"]], "参数设置")
    assert load(path, AS_OF.date()).settings.followup_days == 5


def test_a_later_slash_row_of_a_setting_is_empty_not_a_value(tmp_path: Path) -> None:
    """复访天数 typed 5, then again on a later row as `/` (nothing): 5 stands, as it does
    under a truly blank later row; nothing said (the row holds nothing)."""
    rows = [["followup_days", "复访天数", "5"], ["followup_days", "复访天数", "/"]]
    report = run(_register(tmp_path / "回访登记表.xlsx", rows), AS_OF)
    assert report.book.settings.followup_days == 5
    assert on_sheet(report, "参数") == []


def test_a_category_list_typed_with_spaces_is_a_list(tmp_path: Path) -> None:
    """投诉类别 `服务态度 服务质量 其他`: three categories, not one that every complaint misses."""
    rows = [["complaint_categories", "投诉类别", "服务态度 服务质量 其他"]]
    report = run(_register(tmp_path / "回访登记表.xlsx", rows), AS_OF)
    assert report.book.settings.complaint_categories == ("服务态度", "服务质量", "其他")
    assert on_sheet(report, "投诉登记") == []


def test_the_opinion_sheet_says_the_count_the_settings_ask(tmp_path: Path) -> None:
    """每年意见征求次数 2: 意见征求 said every client needs 一次 while its 每年应有 column said 2."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(
        folder / "回访登记表.xlsx",
        {
            "回访登记": (
                ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"],
                [["2026-11-03", "甲公司", "电话", "意见征求", "张伟"]],
            ),
            "投诉登记": (COMPLAINT_HEADERS, []),
            "参数": (PARAMS, [["opinion_per_year", "每年意见征求次数", "2"]]),
        },
    )
    out = tmp_path / "汇总.xlsx"
    run_cli_quietly = ["summary", str(folder), "--month", "2026-11", "-o", str(out)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main([*run_cli_quietly, "--as-of", "2026-11-30 18:00"])
    texts = [str(c.value) for c in openpyxl.load_workbook(out)["意见征求"]["A"] if c.value]
    assert any("至少应有2次意见征求回访" in t for t in texts), texts
