"""Issue 9, dates typed without a year (`11月3日`) and with a two-digit year (`11/03/26`): no
silent reading. Registers typed that way, written to disk and run through validate and
summary; the command line and the custom functions, which cannot warn, refuse instead."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from workbooks import COMPLAINT, facts, run, run_cli, write_book

from csbook.excel import udfs
from csbook.pipeline import FileReport
from csbook.rules.findings import Finding, Severity
from csbook.rules.periods import Period
from csbook.summary import run as summary_run

E, W = Severity.ERROR, Severity.WARNING
HEADERS = ["回访日期", "客户单位", "联系电话", "回访方式", "回访类型", "回访人", "承诺解决方法", "承诺期限"]  # fmt: skip
COMPLAINT_HEADERS = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首次回复时间", "首问负责人"]  # fmt: skip


def visit(day: Any, staff: str = "张伟", promise: Any = None) -> list[Any]:
    """A correct telephone visit on `day`, with a promise (method and date) when given."""
    method = "更换电表" if promise is not None else None
    return [day, "甲公司", "13812345678", "电话", "定期回访", staff, method, promise]


def register(path: Path, visits: list[list[Any]], complaints: Any = None) -> Path:
    """A 回访登记表 with a title row over its visits, as offices print them."""
    if complaints is None:
        keys = ["complaint_id", "received_at", "client", "channel", "content", "unit"]
        complaints = (COMPLAINT_HEADERS, [[COMPLAINT[k] for k in keys] + [None, "王芳"]])
    return write_book(
        path,
        {
            "回访登记": (HEADERS, visits),
            "投诉登记": complaints,
            "参数": (["参数", "值"], []),
            "节假日": (["日期", "类型"], []),
        },
    )


def r02(report: FileReport) -> list[Finding]:
    return [f for f in report.findings if f.rule == "R02"]


def visits_in(paths: list[Path], month: date, as_of: datetime, tmp_path: Path) -> int:
    out = tmp_path / f"汇总-{month:%Y-%m}.xlsx"
    done = summary_run(paths, Period.month(month), out, as_of=as_of, jobs=1)
    return dict((name, value) for name, value, *_ in done.summary.headline)["回访次数"]


# --- dates typed without a year ---------------------------------------------------------------


def test_a_register_without_years_is_told_once_per_column(tmp_path: Path) -> None:
    as_of = datetime(2026, 11, 20, 18, 0)
    rows = [
        visit("11月2日"),  # row 2
        visit("11/3", promise="11月25日"),
        visit("11-04"),
        visit("2026-11-05"),  # a year: nothing to say
        visit("11.6"),
        visit("/"),  # a blank marker: R01, not a date read
        visit("11月9日（周一）"),
    ]
    path = register(tmp_path / "回访登记表.xlsx", rows)
    before = path.read_bytes()
    report = run(path, as_of)
    assert report.results[0].table.cols["visit_date"] == [
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 5),
        date(2026, 11, 6),
        None,
        date(2026, 11, 9),
    ]
    said = r02(report)
    assert [(f.row, f.column, f.severity, f.key) for f in said] == [
        (2, "回访日期", W, "R02.no_year"),
        (3, "承诺期限", W, "R02.no_year"),
    ]
    assert said[0].message("zh") == "第2–4、6、8行的日期未写年份（共5行），按2026年读取"
    assert said[0].message("en") == "rows 2–4, 6, 8 (5 in all): no year typed, read as 2026"
    assert said[1].message("zh") == "第3行的日期未写年份（共1行），按2026年读取"
    assert facts(report, "R01") == [("R01", "回访登记", 7, "回访日期", E)]
    assert path.read_bytes() == before
    assert visits_in([path], date(2026, 11, 1), as_of, tmp_path) == 6


def test_december_rows_read_in_january_go_to_december(tmp_path: Path) -> None:
    # a December register checked on 5 January: 12月30日 is last year's, 1月2日 this year's
    rows = [visit("12月28日"), visit("12月30日"), visit("1月2日"), visit("12月31日")]
    path = register(tmp_path / "回访登记表.xlsx", rows)
    as_of = datetime(2027, 1, 5, 18, 0)
    report = run(path, as_of)
    assert report.results[0].table.cols["visit_date"] == [
        date(2026, 12, 28),
        date(2026, 12, 30),
        date(2027, 1, 2),
        date(2026, 12, 31),
    ]
    said = r02(report)
    assert [(f.row, f.key) for f in said] == [(2, "R02.no_year_other"), (4, "R02.no_year")]
    assert said[1].message("zh") == "第4行的日期未写年份（共1行），按2027年读取"
    assert said[0].message("zh") == (
        "第2–3、5行的日期未写年份（共3行），按2026年读取：按2027年读将晚于参照日期 2027-01-05 "
        "60天以上；若不对，请写上年份"
    )
    assert "in 2027 it would lie more than 60 days after" in said[0].message("en")
    assert visits_in([path], date(2026, 12, 1), as_of, tmp_path) == 3
    assert visits_in([path], date(2027, 1, 1), as_of, tmp_path) == 1


def test_a_january_day_typed_in_late_december_is_the_coming_january(tmp_path: Path) -> None:
    # checked on 3 January: 1月2日 is this year's; checked on 28 December: the coming one,
    # not yet due (R06), and said apart as the surprising reading
    path = register(tmp_path / "回访登记表.xlsx", [visit("12月21日"), visit("1月2日")])
    report = run(path, datetime(2027, 1, 3, 9, 0))
    assert report.results[0].table.cols["visit_date"] == [date(2026, 12, 21), date(2027, 1, 2)]
    assert [(f.row, f.key) for f in r02(report)] == [(2, "R02.no_year_other"), (3, "R02.no_year")]
    assert visits_in([path], date(2026, 12, 1), datetime(2027, 1, 3, 9, 0), tmp_path) == 1

    as_of = datetime(2026, 12, 28, 18, 0)
    report = run(path, as_of)
    assert [(f.row, f.key) for f in r02(report)] == [(2, "R02.no_year"), (3, "R02.no_year_other")]
    assert "按2026年读将早于参照日期 2026-12-28 305天以上" in r02(report)[1].message("zh")
    assert facts(report, "R06") == [("R06", "回访登记", 0, "", W)]
    assert visits_in([path], date(2026, 12, 1), as_of, tmp_path) == 1


def test_a_moment_without_a_year_in_one_or_two_columns(tmp_path: Path) -> None:
    headers = ["投诉编号", "受理日期", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首次回复时间", "首问负责人"]  # fmt: skip
    rows = [
        ["T1", "11月3日", "10:00", "甲公司", "电话", "x", "一站", "11月3日 15:00", "王芳"],
        ["T2", "2026-11-04", "9:30", "乙公司", "电话", "x", "一站", "2026-11-04 10:00", "王芳"],
        ["T3", "11/5", "14:00", "丙公司", "电话", "x", "一站", "11-05 16:00", "王芳"],
    ]
    path = register(tmp_path / "回访登记表.xlsx", [visit("2026-11-03")], (headers, rows))
    report = run(path, datetime(2026, 11, 20, 9, 0))
    table = report.results[1].table
    assert table.cols["received_at"] == [
        datetime(2026, 11, 3, 10, 0),
        datetime(2026, 11, 4, 9, 30),
        datetime(2026, 11, 5, 14, 0),
    ]
    assert table.cols["replied_at"][2] == datetime(2026, 11, 5, 16, 0)
    assert [(f.row, f.column, f.key) for f in r02(report)] == [
        (2, "首次回复时间", "R02.no_year"),
        (2, "受理日期", "R02.no_year"),
    ]
    assert r02(report)[1].message("zh").startswith("第2、4行")


# --- two-digit years ------------------------------------------------------------------------


def test_two_digit_years_read_near_the_reference_date(tmp_path: Path) -> None:
    as_of = datetime(2026, 11, 20, 18, 0)
    rows = [
        visit("26.11.2"),  # year/month/day, as mainland offices write it
        visit("26/11/3"),
        visit("11/04/26"),  # a US-style export: 2026-11-04, also 2026-04-11: said
        visit("11/18/26"),  # only month/day/year is a date
        visit("10/3/15"),  # 2010, 2015: no reading within a year: refused
        visit("26-11-6"),
        visit("26年11月9日"),  # 年 says which number is the year
    ]
    path = register(tmp_path / "回访登记表.xlsx", rows)
    report = run(path, as_of)
    assert report.results[0].table.cols["visit_date"] == [
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 18),
        None,
        date(2026, 11, 6),
        date(2026, 11, 9),
    ]
    said = r02(report)
    assert [(f.row, f.severity, f.key) for f in said] == [(4, W, "R02.doubt"), (6, E, "R02")]
    assert said[0].message("zh") == (
        "“11/04/26”读作2026-11-04（月/日/年，离参照日期 2026-11-20 最近），"
        "也可能是2026-04-11（日/月/年）、2011-04-26（年/月/日）；请写成 年-月-日，年份写四位"
    )
    assert "2010-03-15（年/月/日）" in said[1].message("zh")
    assert "write the year in full" in said[1].message("en")
    assert visits_in([path], date(2026, 11, 1), as_of, tmp_path) == 6


def test_a_two_digit_year_across_new_year(tmp_path: Path) -> None:
    # on 5 January 26/12/30 is 2026-12-30 (2030-12-26 is years away); 27.1.2 is this January
    path = register(tmp_path / "回访登记表.xlsx", [visit("26/12/30"), visit("27.1.2")])
    as_of = datetime(2027, 1, 5, 18, 0)
    report = run(path, as_of)
    assert report.results[0].table.cols["visit_date"] == [date(2026, 12, 30), date(2027, 1, 2)]
    assert r02(report) == []
    assert visits_in([path], date(2026, 12, 1), as_of, tmp_path) == 1


def test_a_far_reading_of_the_mainland_order_is_named(tmp_path: Path) -> None:
    # 18.3.26 is 2026-03-18 day first, near; a mainland office may have meant 2018-03-26
    path = register(tmp_path / "回访登记表.xlsx", [visit("18.3.26")])
    report = run(path, datetime(2026, 11, 20, 9, 0))
    assert report.results[0].table.cols["visit_date"] == [date(2026, 3, 18)]
    (doubt,) = r02(report)
    assert doubt.severity is W and "也可能是2018-03-26（年/月/日）" in doubt.message("zh")


# --- faces that cannot warn refuse ------------------------------------------------------------


def test_the_command_line_refuses_a_reference_date_it_would_guess(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = register(tmp_path / "回访登记表.xlsx", [visit("2026-11-03")])
    code, _, err = run_cli(capsys, "validate", path, "--as-of", "11月20日")
    assert code == 2 and "未写年份" in err
    code, _, err = run_cli(capsys, "validate", path, "--as-of", "11/04/26")
    assert code == 2 and "也可能是" in err
    code, _, err = run_cli(capsys, "validate", path, "--as-of", "26.11.20")
    assert code == 0 and "as-of" not in err


def test_the_custom_functions_refuse_what_they_cannot_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(udfs, "_today", lambda: date(2026, 11, 20))
    # a year from the day the sheet recalculates would change as the sheet is reopened
    with pytest.raises(udfs.Bad, match="未写年份"):
        udfs._moment("11月3日 10:00", "受理时间")
    with pytest.raises(udfs.Bad, match="也可能是2026-04-11"):
        udfs._moment("11/04/26 10:00", "受理时间")
    with pytest.raises(udfs.Bad, match="无法识别"):  # no reading within a year
        udfs._day("10/3/15", "日期")
    assert udfs._moment("26.11.3 10:00", "受理时间") == datetime(2026, 11, 3, 10, 0)
    assert udfs.CSBOOK_REPLY_DUE("26.11.3 10:00") == datetime(2026, 11, 4, 10, 0)
