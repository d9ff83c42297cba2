"""参数 values typed with a unit: the setting's own unit is read (`3天`, `50元`, `10分钟`,
`每月20家`), any other is refused on its cell rather than cut off (`1年` in a setting of days
was read as 1 day, `1.2万` as 1.2 yuan); 计为满意的等级 follows a changed 满意度等级 (SPEC §2: the
first two levels), and one that names levels off the scale is refused; 班次 written with
colons (`早班：8:00`) names its shifts without them."""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from test_discipline import book, column, row
from workbooks import HANDOVER_HEADERS, rows_of, run, shift, write_book

from csbook.cli import main
from csbook.rules.findings import Severity

AS_OF = datetime(2026, 11, 30, 18, 0)
VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "满意度", "回访人"]
E = Severity.ERROR


def register(path: Path, params: list[list[Any]], rows: list[list[Any]] = ()) -> Path:  # type: ignore[assignment]
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_book(
        path,
        {
            "回访登记": (VISIT_HEADERS, list(rows)),
            "参数": (["参数", "值", "说明"], params),
            "节假日": (["日期", "类型"], []),
        },
    )


def setting_errors(report: Any) -> dict[int, str]:
    """Excel row of the 参数 cell -> the message of its R02."""
    return {
        f.row: f.message("zh")
        for f in report.findings
        if f.sheet == "参数" and f.rule == "R02" and f.severity is E
    }


def test_a_number_is_read_with_its_own_unit_and_refused_with_another(tmp_path: Path) -> None:
    params = [
        ["复访天数", "1周"],  # row 2: a week is not 1 day
        ["重复投诉天数", "1个月"],  # row 3
        ["安装后回访天数", "3 天"],  # row 4: its own unit
        ["提前到岗分钟", "10分钟"],
        ["每月回访量", "每月25家"],
        ["通报批评罚款", "￥1,000元"],
        ["当地最低工资", "1.2万"],  # row 8: not 1.2 yuan
        ["病假证明期限", "2个工作日"],
        ["申诉期限天数", "3个工作日"],  # row 10: a setting of calendar days
        ["严重警告减薪比例", "20%左右"],  # row 11
    ]
    report = run(register(tmp_path / "回访登记表.xlsx", params), AS_OF)
    s = report.book.settings
    errors = setting_errors(report)
    assert sorted(errors) == [2, 3, 8, 10, 11]
    assert "1周写 7" in errors[2] and "“1周”" in errors[2]
    assert "1年写 365" in errors[3]
    assert "1万写 10000" in errors[8]
    assert "百分比" in errors[11]
    # the refused ones keep their defaults (and the error says so on the cell); the others read
    assert (s.followup_days, s.repeat_window_days, s.appeal_days) == (3, 30, 6)
    assert s.local_min_wage is None and s.warning_cut == Decimal("0.2")
    assert (s.install_followup_days, s.arrive_early_min, s.visits_per_month) == (3, 10, 25)
    assert (s.notice_fine, s.sick_note_working_days) == (Decimal(1000), 2)


def test_a_year_typed_for_the_validity_of_criticism_is_refused_not_one_day(
    tmp_path: Path,
) -> None:
    """`1年` was 1 day: no criticism stayed valid, so the second oral within the year went
    unfined. Refused, the default (365 days) counts: the second oral costs 20.00."""
    offences = [row("2026-10-05", "KF002", "L15"), row("2026-11-05", "KF002", "L15")]
    for typed in ("1年", "12个月"):
        path = book(tmp_path / f"{typed}.xlsx", offences, params=[["批评有效天数", typed]])
        report = run(path, AS_OF)
        assert list(setting_errors(report)) == [3]
        assert report.book.settings.criticism_valid_days == 365
        assert column(path, "fine") == [None, Decimal("20.00")]
    path = book(tmp_path / "days.xlsx", offences, params=[["批评有效天数", "20天"]])
    assert column(path, "fine") == [None, None]  # read as typed: the first oral had lapsed


def satisfaction_share(path: Path, out: Path) -> Any:
    """The branch's 满意率 on the 回访 sheet of the November summary."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["summary", str(path), "--month", "2026-11", "-o", str(out), "--as-of", "2026-11-30"])
    ws = openpyxl.load_workbook(out)["回访"]
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.value == "满意率":
                return ws.cell(cell.row + 1, cell.column).value
    raise AssertionError("no 满意率 on 回访")


def test_a_changed_satisfaction_scale_counts_its_first_two_levels(tmp_path: Path) -> None:
    """满意度等级 changed to 好 … 很差 as the 参数 note suggests, 计为满意的等级 left alone: 好 and
    较好 are satisfied (was 0 %: the default 非常满意, 满意 are not on the scale)."""
    rows = [
        [date(2026, 11, 2 + n), f"客户{n}", "电话", "定期回访", level, "王芳"]
        for n, level in enumerate(["好", "较好", "差", "一般"])
    ]
    scale = ["满意度等级", "好,较好,一般,差,很差"]
    path = register(tmp_path / "a" / "回访登记表.xlsx", [scale], rows)
    report = run(path, AS_OF)
    assert setting_errors(report) == {}
    assert report.book.settings.satisfied_levels == ("好", "较好")
    assert satisfaction_share(path, tmp_path / "a.xlsx") == 0.5
    # named levels off the scale: refused on their cell, the scale's first two count
    typed = [scale, ["计为满意的等级", "非常满意, 满意"]]
    path = register(tmp_path / "b" / "回访登记表.xlsx", typed, rows)
    report = run(path, AS_OF)
    assert setting_errors(report) == {
        3: "参数“计为满意的等级”的值“非常满意, 满意”无效：“非常满意、满意”不在满意度等级"
        "（好、较好、一般、差、很差）中"
    }
    assert report.book.settings.satisfied_levels == ("好", "较好")
    assert satisfaction_share(path, tmp_path / "b.xlsx") == 0.5
    # levels of the scale, typed: as typed
    path = register(tmp_path / "c" / "回访登记表.xlsx", [scale, ["计为满意的等级", "好"]], rows)
    assert satisfaction_share(path, tmp_path / "c.xlsx") == 0.25


def test_shifts_written_with_colons(tmp_path: Path) -> None:
    """`早班：8:00，中班：16:00，夜班：0:00` names 早班, 中班, 夜班 (the colon was taken into the
    names, and every 班次 cell of the log was then refused)."""
    params = [["班次", "早班：8:00，中班：16:00，夜班：0:00"]]
    rows = [
        shift("2026-11-03", "早班", "甲", "乙"),
        shift("2026-11-03", "中班", "乙", "丙"),
        shift("2026-11-03", "夜班", "丙", "丁"),
    ]
    path = write_book(
        tmp_path / "交接班记录.xlsx",
        {
            "交接班": (HANDOVER_HEADERS, rows_of(HANDOVER_HEADERS, rows)),
            "参数": (["参数", "值", "说明"], params),
            "节假日": (["日期", "类型"], []),
        },
    )
    report = run(path, AS_OF)
    assert report.book.settings.shift_names == ("早班", "中班", "夜班")
    assert [f for f in report.findings if f.rule == "R02"] == []


def test_record_only_months_written_with_slashes(tmp_path: Path) -> None:
    """仅记录月份 `2026/11、2026/12`: two months (the `/` was taken for a list separator, and
    the refusal named a fragment, `2026`); one that cannot be read is named whole."""
    offences = [row("2026-11-05", "KF002", "L15")]
    path = book(tmp_path / "a.xlsx", offences, params=[["仅记录月份", "2026/11、2026/12"]])
    report = run(path, AS_OF)
    assert setting_errors(report) == {}
    assert report.book.settings.record_only_months == (date(2026, 11, 1), date(2026, 12, 1))
    path = book(tmp_path / "b.xlsx", offences, params=[["仅记录月份", "2026/11、十二月"]])
    assert "月份“十二月”应写成 年-月" in setting_errors(run(path, AS_OF))[3]


def test_a_follow_up_allowance_beyond_a_week_is_refused(tmp_path: Path) -> None:
    """000 十.4: resolved problems are followed up 不超过三日或一周内 — 复访天数 may be set up to
    7 days (SPEC §2, and the 参数 note says 最长可设7天). `10` is refused on its cell and the
    default 3 counts."""
    path = register(
        tmp_path / "回访登记表.xlsx",
        [["复访天数", 10]],
    )
    report = run(path, AS_OF)
    assert report.book is not None and report.book.settings.followup_days == 3
    (message,) = setting_errors(report).values()
    assert "复访天数" in message or "followup_days" in message
    seven = run(register(tmp_path / "seven" / "回访登记表.xlsx", [["复访天数", "7天"]]), AS_OF)
    assert seven.book is not None and seven.book.settings.followup_days == 7
    assert setting_errors(seven) == {}
