"""Completions dated after the reference time (SPEC §1.0, R06): a 解决日期 or 回复时间 typed with
next year, or entered ahead, has not happened as of the run. Statuses read it as not done and
a warning names the rows, so that a typo does not close a visit or answer a complaint in
silence, and a summary made again later gives the same figures. Workbooks are written as a
clerk types them (text dates in several forms) and read back through the pipeline."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from workbooks import (
    COMPLAINT,
    COMPLAINT_HEADERS,
    VISIT,
    complaint,
    computed,
    rows_of,
    run,
    write_book,
)

from csbook.cli import main
from csbook.io.templates import build_template
from csbook.pipeline import FileReport
from csbook.rules.findings import Severity
from csbook.rules.periods import Period
from csbook.rules.schema import BookKind
from csbook.summary import run as summary_run

VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "承诺解决方法", "承诺期限", "解决日期", "复访日期", "回访人"]  # fmt: skip
YEAR_END = datetime(2026, 12, 31, 18, 0)
NOV_END = datetime(2026, 11, 30, 18, 0)


def visits_book(path: Path, visits: list[list[object]], complaints: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_book(
        path,
        {
            "回访登记": (VISIT_HEADERS, visits),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, complaints)),
            "参数": (["参数", "值", "说明"], []),
            "节假日": (["日期", "类型"], []),
        },
    )


def visit(day: str, resolved: object = None, followed: object = None, **more: object) -> list:
    promise, by = more.get("promise"), more.get("by")
    return [day, "甲公司", "电话", "定期回访", promise, by, resolved, followed, "张伟"]


def ahead(report: FileReport, column: str) -> list[tuple[int, str, Severity, int]]:
    return [
        (f.row, f.column, f.severity, int(f.params["count"]))
        for f in report.findings
        if f.key == "R06.done" and f.column == column
    ]


def test_a_resolution_typed_with_next_year_leaves_the_visit_open_and_says_so(
    tmp_path: Path,
) -> None:
    """As of 2026-12-31: row 2 was promised for 12-29 and 'resolved' 2027-1-4 (a typo or an
    entry ahead): the promise is broken as of today (D05), not 逾期解决 / 已闭环. Row 3's
    follow-up typed for 2027-01-02 has not happened: its follow-up (due 12-25) is overdue.
    Row 4, all dates by today, is closed with no word."""
    book = visits_book(
        tmp_path / "回访登记表.xlsx",
        [
            visit("2026/12/28", "2027-1-4", "2027/1/6", promise="三日内整改", by="2026.12.29"),
            visit("2026-12-21", "2026-12-22", "2027-01-02"),
            visit("2026年12月29日", "2026-12-30", "2026-12-31"),
        ],
        [complaint("T001", datetime(2026, 12, 1, 9, 0))],
    )
    report = run(book, YEAR_END)
    assert computed(report, "回访登记", "status") == ["承诺超期", "复访超期", "已闭环"]
    assert computed(report, "回访登记", "promise_status") == ["承诺超期", "", ""]
    assert computed(report, "回访登记", "followup_due") == [
        None,
        date(2026, 12, 25),
        date(2027, 1, 2),
    ]
    assert ahead(report, "解决日期") == [(2, "解决日期", Severity.WARNING, 1)]
    assert ahead(report, "复访日期") == [(2, "复访日期", Severity.WARNING, 2)]
    (warning,) = [f for f in report.findings if f.key == "R06.done" and f.column == "复访日期"]
    assert "第2–3行（共2行）" in warning.message("zh")
    assert "2026-12-31 18:00" in warning.message("zh")
    keys = {(f.key, f.row) for f in report.findings}
    assert ("D05", 2) in keys and ("D04.overdue", 3) in keys
    assert not any(f.row == 4 for f in report.findings)


def test_a_reply_dated_after_the_run_is_not_yet_a_reply(tmp_path: Path) -> None:
    """As of Monday 2026-11-30 18:00: T001, received that morning, with a reply typed for
    12-01 10:00, is still waiting (待回复), not 按时; T002, received 11-02 with a reply typed
    2026-12-02 (a month's typo), is overdue as of today (D03.overdue), not merely late."""
    book = visits_book(
        tmp_path / "回访登记表.xlsx",
        [visit("2026-11-03")],
        [
            complaint("T001", "2026-11-30 09:00", 首次回复时间="2026-12-01 10:00"),
            complaint("T002", "2026/11/2 9:00", 首次回复时间="2026-12-02 9:30"),
            complaint("T003", "2026-11-16 09:00", 首次回复时间="2026-11-16 11:00"),
        ],
    )
    report = run(book, NOV_END)
    assert computed(report, "投诉登记", "reply_status") == ["待回复", "已超期未回复", "按时"]
    assert ahead(report, "首次回复时间") == [(2, "首次回复时间", Severity.WARNING, 2)]
    assert [f.row for f in report.findings if f.key == "D03.overdue"] == [3]
    assert not [f for f in report.findings if f.key == "D03.late"]


def test_the_month_summary_counts_replies_as_of_its_end(tmp_path: Path) -> None:
    """November's summary (as of its last moment) does not count T001's December reply as
    a reply in time, whenever it is made: the same figures as before the reply was typed."""
    rows = [visit("2026-11-03")]
    typed = visits_book(
        tmp_path / "typed" / "回访登记表.xlsx",
        rows,
        [complaint("T001", "2026-11-30 09:00", 首次回复时间="2026-12-01 10:00")],
    )
    before = visits_book(
        tmp_path / "before" / "回访登记表.xlsx",
        rows,
        [complaint("T001", "2026-11-30 09:00", 首次回复时间=None)],
    )
    nov = Period.month(date(2026, 11, 1))
    figures = []
    for book in (typed, before):
        done = summary_run([book], nov, book.parent / "汇总.xlsx", as_of=nov.end, jobs=1)
        (part,) = done.summary.kept
        headline = {name: value for name, value, _ in done.summary.headline}
        figures.append((headline, part.col("投诉登记", "reply_status")))
    assert figures[0] == figures[1]
    assert figures[0][1] == ["待回复"]


def test_a_receipt_typed_without_its_time_gets_the_wide_deadline_and_a_word(
    tmp_path: Path,
) -> None:
    """受理时间 typed as a day alone (`20261103`, `2026/11/4`, `11月5日` with the year from the
    row, a date cell): the reply is due at the end of the next working day (SPEC §3.1), which
    may be a day later than the real one, so one warning names those rows. A time typed, even
    `2026-11-06 0:30`, is not a day alone; Friday 11-06 (day only) is due Monday 24:00."""
    book = visits_book(
        tmp_path / "回访登记表.xlsx",
        [visit("2026-11-03")],
        [
            complaint("T001", "20261103"),
            complaint("T002", "2026-11-03 09:15"),
            complaint("T003", "2026/11/4"),
            complaint("T004", date(2026, 11, 6), 首次回复时间="2026-11-09 17:00"),
            complaint("T005", "2026-11-06 0:30"),
        ],
    )
    report = run(book, NOV_END)
    (warning,) = [f for f in report.findings if f.key == "D02.day_only"]
    assert (warning.row, warning.column, warning.severity) == (2, "受理时间", Severity.WARNING)
    assert "第2、4–5行（共3行）" in warning.message("zh")
    due = computed(report, "投诉登记", "reply_due")
    assert due[4] == datetime(2026, 11, 9, 0, 30)  # a working-day receipt: same time next day
    assert due[3] == datetime(2026, 11, 9, 23, 59, 59)  # Friday, day only: Monday's end
    assert computed(report, "投诉登记", "reply_status")[3] == "按时"


def test_a_grade_typed_into_the_programs_column_is_not_replaced_unsaid(tmp_path: Path) -> None:
    """A clerk marks a complaint severe by typing 恶性 in the template's own 投诉等级 column
    (已闭环 in 回访登记's 状态 for a visit whose promise passed unresolved, 超时 in 回复状态 for a
    reply the times show in time): the rows give 一般, 承诺超期 and 按时, which the program
    writes — with a warning on each that names what it
    replaced. A copy computed earlier and checked again later, whose statuses moved with time
    (待回复 → 已超期未回复), gets no such warning."""
    path = tmp_path / "回访登记表.xlsx"
    build_template(
        BookKind.VISITS,
        path,
        rows={
            "回访登记": [
                {**VISIT, "promise": "上门更换", "promised_by": date(2026, 11, 5)},
                {**VISIT, "client": "乙公司"},
            ],
            "投诉登记": [
                {**COMPLAINT, "complaint_id": "K33"},
                {**COMPLAINT, "complaint_id": "K34", "replied_at": None},
            ],
        },
    )
    wb = openpyxl.load_workbook(path)
    typed = (
        ("投诉登记", "投诉等级", "恶性"),
        ("回访登记", "状态", "已闭环"),
        ("投诉登记", "回复状态", "超时"),
    )
    for name, header, value in typed:
        ws = wb[name]
        row = next(r for r in ws.iter_rows(max_row=10) if header in [c.value for c in r])
        column = next(c.column for c in row if c.value == header)
        ws.cell(row[0].row + 1, column, value)
    wb.save(path)
    report = run(path, NOV_END)
    replaced = [f for f in report.findings if f.key == "V49.replaced"]
    assert [(f.sheet, f.column) for f in replaced] == [
        ("回访登记", "状态"),
        ("投诉登记", "回复状态"),
        ("投诉登记", "投诉等级"),
    ]
    assert "此列原为“超时”，按登记的数据算得“按时”" in replaced[1].message("zh")
    assert "此列原为“恶性”，按登记的数据算得“一般”" in replaced[2].message("zh")
    assert computed(report, "投诉登记", "grade")[0] == "一般"

    # the computed copy of 11-03, checked again at the month end: no V49.replaced
    clean = tmp_path / "clean" / "回访登记表.xlsx"
    clean.parent.mkdir()
    build_template(
        BookKind.VISITS,
        clean,
        rows={"投诉登记": [{**COMPLAINT, "complaint_id": "K34", "replied_at": None}]},
    )
    out = tmp_path / "out"
    assert main(["compute", str(clean), "-o", str(out), "--as-of", "2026-11-02 12:00"]) == 0
    later = run(out / "回访登记表.xlsx", NOV_END)
    assert computed(later, "投诉登记", "reply_status") == ["已超期未回复"]
    assert not [f for f in later.findings if f.key.startswith("V49")]
