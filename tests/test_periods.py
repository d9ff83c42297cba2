"""Summaries for a week, a quarter and a year (SPEC §4, §6): the `Period` type, the command
line's choice of one period, and whole workbooks written and read back — a week across the
October/November month end, the quarter of National Day 2026 (1–7 October off, Saturday 10
October a 调休 working day), the year, and a year of generated data — with one branch's
figures worked out by hand. Then what the reader sees: frozen rows, autofilters, print
titles, date cells, charts that grow with the number of agents, the mail naming the period.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from branch_files import complaint, read_tables, shift, visit
from workbooks import generated_branches, offence, penalty_book

from csbook.cli import main
from csbook.io.report_layout import layout
from csbook.io.templates import build_template
from csbook.mail import compose
from csbook.rules.periods import Period, PeriodError, PeriodKind
from csbook.rules.report import Chart, Fmt, ReportSheet, ReportTable
from csbook.rules.settings import Settings

# --- the Period type ------------------------------------------------------------------------


def test_an_iso_week_runs_monday_to_sunday_across_a_month_end() -> None:
    week = Period.parse(PeriodKind.WEEK, "2026-W44")
    assert (week.kind, week.first, week.last) == (
        PeriodKind.WEEK,
        date(2026, 10, 26),
        date(2026, 11, 1),
    )
    assert week.months == [date(2026, 10, 1), date(2026, 11, 1)]  # one week all the same
    assert week.label == "2026年第44周（10月26日—11月1日）"
    assert week.code == "2026-W44"
    assert date(2026, 11, 1) in week and date(2026, 11, 2) not in week
    # ISO week 1 of 2027 starts on Monday 4 January; 2026 has 53 weeks
    assert Period.parse(PeriodKind.WEEK, "2027w1").first == date(2027, 1, 4)
    assert Period.parse(PeriodKind.WEEK, "2026-W53").last == date(2027, 1, 3)


def test_quarter_year_and_month() -> None:
    q4 = Period.parse(PeriodKind.QUARTER, "2026-Q4")
    assert (q4.first, q4.last, q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度")
    assert q4.months == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    year = Period.parse(PeriodKind.YEAR, "2026")
    assert (year.first, year.last, len(year.months), year.label) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        12,
        "2026年",
    )
    feb = Period.month(date(2028, 2, 17))
    assert (feb.first, feb.last, feb.end) == (
        date(2028, 2, 1),
        date(2028, 2, 29),
        datetime(2028, 2, 29, 23, 59, 59),
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (PeriodKind.WEEK, "2026-W54"),
        (PeriodKind.WEEK, "2026-48"),
        (PeriodKind.WEEK, "W48"),
        (PeriodKind.QUARTER, "2026-Q5"),
        (PeriodKind.QUARTER, "2026Q0"),
        (PeriodKind.YEAR, "26"),
        (PeriodKind.YEAR, ""),
    ],
)
def test_a_period_that_cannot_be_read_says_so(kind: PeriodKind, text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(kind, text)


def test_targets_scale_with_the_period() -> None:
    assert Period.month(date(2026, 10, 1)).scaled_target(20) == 20
    assert Period.parse(PeriodKind.QUARTER, "2026-Q4").scaled_target(20) == 60
    assert Period.parse(PeriodKind.YEAR, "2026").scaled_target(20) == 240
    # a week: each day is 1/(days of its month); 6 October days and 1 November day
    week = Period.parse(PeriodKind.WEEK, "2026-W44")
    assert week.scaled_target(20) == round(20 * (6 / 31 + 1 / 30), 1) == 4.5
    assert week.target_text(20) == "每人本周 4.5 次（每月 20 次按天折算）"
    assert (
        Period.parse(PeriodKind.QUARTER, "2026-Q4").target_text(4)
        == "每人 12 次（每月 4 次 × 3 个月）"
    )


def test_the_command_line_takes_exactly_one_period(tmp_path: Path, capsys: Any) -> None:
    build_template("visits", tmp_path / "v.xlsx")
    out = str(tmp_path / "o.xlsx")
    with pytest.raises(SystemExit) as both:
        main(
            [
                "summary",
                str(tmp_path / "v.xlsx"),
                "--month",
                "2026-10",
                "--week",
                "2026-W44",
                "-o",
                out,
            ]
        )
    assert both.value.code == 2
    with pytest.raises(SystemExit) as none:
        main(["summary", str(tmp_path / "v.xlsx"), "-o", out])
    assert none.value.code == 2
    assert main(["summary", str(tmp_path / "v.xlsx"), "--week", "2026-W60", "-o", out]) == 2
    assert "2026 年没有第 60 周" in capsys.readouterr().err


# --- one branch through the quarter of National Day -----------------------------------------

NANJING_VISITS = [
    visit("2026/9/30", "客户A", "张伟", kind="意见征求", satisfaction="满意"),  # text date, Q3
    visit(date(2026, 10, 9), "客户A", "张伟", satisfaction="满意"),
    visit("2026年10月10日", "客户B", "张伟"),  # the 调休 Saturday
    visit(date(2026, 10, 26), "客户C", "李娜"),  # week 44 begins
    visit(date(2026, 10, 31), "客户D", "张伟", satisfaction="/"),  # blank marker
    visit(date(2026, 11, 1), "客户E", "张伟", kind="意见征求"),  # Sunday, week 44, November
    visit(date(2026, 11, 2), "客户B", "李娜"),  # week 45
    visit(date(2026, 12, 15), "客户C", "张伟"),
]
NANJING_COMPLAINTS = [
    # received the day before the holidays: due the first working day after them, 16:00
    complaint(
        "TS1", datetime(2026, 9, 30, 16), "客户A", "一站", replied_at=datetime(2026, 10, 8, 10)
    ),
    # Friday 9 October 16:00: due Saturday 10 October 16:00 (调休 working day) -> 超时
    complaint(
        "TS2", datetime(2026, 10, 9, 16), "客户B", "一站", replied_at=datetime(2026, 10, 12, 9)
    ),
    complaint("TS3", datetime(2026, 10, 27, 10), "客户F", "二站"),  # never answered
    # Sunday: due at the end of Monday -> 按时
    complaint(
        "TS4", datetime(2026, 11, 1, 9), "客户G", "二站", replied_at=datetime(2026, 11, 2, 15)
    ),
    complaint(
        "TS5",
        datetime(2026, 12, 1, 10),
        "客户H",
        "一站",
        replied_at=datetime(2026, 12, 1, 11),
        severe=True,
    ),
]
NANJING_SHIFTS = [
    shift(date(2026, 10, 31), "早班", "甲", "乙", time(7, 45)),
    shift(date(2026, 10, 31), "中班", "乙", "丙", time(15, 45)),
    shift(date(2026, 10, 31), "夜班", "丙", "甲", time(23, 45)),
    shift(date(2026, 11, 1), "早班", "甲", "乙", time(7, 45)),
    shift(date(2026, 11, 1), "中班", "丁", "丙", time(15, 45)),  # 乙 should hand over: 脱班
]


def build_branch(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    build_template(
        "visits",
        folder / "南京分公司-回访登记表.xlsx",
        settings=Settings(branch="南京分公司", visits_per_month=4),
        rows={"回访登记": NANJING_VISITS, "投诉登记": NANJING_COMPLAINTS},
    )
    build_template(
        "handover",
        folder / "南京分公司-交接班记录.xlsx",
        settings=Settings(branch="南京分公司"),
        rows={"交接班": NANJING_SHIFTS},
    )
    penalty_book(  # 张伟's second oral criticism of October: 20 yuan
        folder / "南京分公司-处罚汇总表.xlsx",
        [offence("2026-10-12", "张伟", "L01"), offence("2026-10-20", "张伟", "L05")],
    )
    return folder


@pytest.fixture(scope="module")
def branch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_branch(tmp_path_factory.mktemp("nanjing") / "in")


def summarise(folder: Path, *period: str, as_of: str = "2026-12-31") -> tuple[Any, int, Path]:
    out = folder.parent / f"{'-'.join(period)}.xlsx"
    code = main(["summary", str(folder), *period, "-o", str(out), "--as-of", as_of])
    return openpyxl.load_workbook(out), code, out


def figures_of(ws: Any) -> dict[str, tuple[Any, Any]]:
    caption = next(c for c in read_tables(ws) if c.endswith("主要指标"))
    return {r[0]: (r[1], r[2]) for r in read_tables(ws)[caption]["rows"]}


def test_a_week_across_the_month_end_leads_with_complaints(branch: Path) -> None:
    wb, code, _ = summarise(branch, "--week", "2026-W44", as_of="2026-11-01 23:00")
    assert code == 1  # findings (the 脱班, the overdue reply) are errors or warnings
    assert wb.sheetnames == ["投诉", "总览", "回访", "交接班", "意见征求", "来源"]
    assert wb["投诉"]["A1"].value == "客服部 2026年第44周（10月26日—11月1日） 投诉情况"
    overview = wb["总览"]
    assert overview["A1"].value == "客服部 2026年第44周（10月26日—11月1日） 周汇总"
    notes = [overview.cell(r, 1).value for r in range(3, 7)]
    assert "处罚与扣款按月核算，周汇总不含月处罚汇总，请见当月的月度汇总。" in notes
    f = figures_of(overview)
    # by hand: visits 10-26 (李娜), 10-31 and 11-01 (张伟); complaints TS3 and TS4, TS3
    # overdue; shifts 10-31 ×3 and 11-01 ×2; one break marks both its rows 脱班 (乙 took over
    # the 早班 and did not hand over the 中班; 丁 handed over a shift he did not hold)
    assert f["回访次数"] == (3, None)
    assert f["回访未达标人数"] == (0, "每人本周 0.9 个（按不同客户单位计；每月 4 个按天折算）")
    assert f["投诉件数"][0] == 2
    assert f["回复超期"][0] == 1
    assert f["交接班次"][0] == 5
    assert f["脱班"][0] == 2
    agents = read_tables(wb["回访"])["各回访人（回访量、客户签字、按期复访、满意度）"]["rows"]
    # 回访人, 回访次数, 回访客户 (V01 counts clients), 目标
    assert [tuple(r[1:5]) for r in agents[:-1]] == [("李娜", 1, 1, 0.9), ("张伟", 2, 2, 0.9)]
    targets = [wb["回访"].cell(r, 5) for r in range(1, 40) if wb["回访"].cell(r, 5).value == 0.9]
    assert targets and all(c.number_format == "0.00" for c in targets)  # not shown as 1
    grades = read_tables(wb["投诉"])["投诉等级与首次回复"]["rows"]
    assert grades[0][:5] == ["南京分公司", 2, 2, 0, 0]
    sources = read_tables(wb["来源"])["输入文件"]
    assert sources["header"][4] == "本周行数"
    # the week's rows of each file: 3 visits + 2 complaints; 5 shifts; no offence that week
    assert sorted(r[4] for r in sources["rows"]) == [0, 5, 5]


def test_the_quarter_of_national_day(branch: Path) -> None:
    wb, _, _ = summarise(branch, "--quarter", "2026-Q4")
    assert wb.sheetnames == [
        "总览",
        "趋势",
        "回访人逐月",
        "回访",
        "投诉",
        "交接班",
        "意见征求",
        "来源",
    ]
    f = figures_of(wb["总览"])
    assert wb["总览"]["A1"].value == "客服部 2026年第4季度 季度汇总"
    assert (
        wb["总览"]["A4"].value == "处罚与扣款按月核算：各月罚款见“趋势”表，明细请见各月的月度汇总。"
    )
    assert f["回访次数"][0] == 7  # 9-30 is the third quarter's
    assert f["回访未达标人数"] == (2, "每人 12 个（按不同客户单位计；每月 4 个 × 3 个月）")
    assert f["投诉件数"][0] == 4  # TS1 was received in September
    assert f["回复超期"][0] == 2  # TS2 late across the 调休 Saturday, TS3 never answered
    assert f["恶性投诉"][0] == 1
    trend = read_tables(wb["趋势"])["各月主要指标"]
    assert trend["header"] == [
        "月份",
        "回访次数",
        "投诉件数",
        "一般",
        "重复",
        "恶性",
        "回复超期",
        "脱班",
        "罚款（元）",
    ]
    assert trend["rows"][:3] == [
        ["10月", 4, 2, 2, 0, 0, 2, 0, 20],
        ["11月", 2, 1, 1, 0, 0, 0, 2, 0],
        ["12月", 1, 1, 0, 0, 1, 0, 0, 0],
    ]
    assert trend["rows"][3][0] == "合计"
    assert len(wb["趋势"]._charts) == 5  # visits, complaints by grade, overdue, 脱班, fines
    per_agent = read_tables(wb["回访人逐月"])["各回访人逐月回访客户数（本季度合计与目标）"]
    assert per_agent["header"] == ["分公司", "回访人", "10月", "11月", "12月", "合计", "目标"]
    assert [r[1:] for r in per_agent["rows"][:2]] == [
        ["张伟", 3, 1, 1, 5, 12],
        ["李娜", 1, 1, 0, 2, 12],
    ]


def test_the_year_adds_v04_and_leaves_months_to_come_blank(branch: Path) -> None:
    wb, _, _ = summarise(branch, "--year", "2026", as_of="2026-11-15 18:00")
    assert wb["总览"]["A1"].value == "客服部 2026年 年度汇总"
    trend = read_tables(wb["趋势"])["各月主要指标"]["rows"]
    assert [r[0] for r in trend[:12]] == [f"{m}月" for m in range(1, 13)]
    assert trend[8][:3] == ["9月", 1, 1]  # 9-30: 客户A's 意见征求 and TS1
    assert trend[11][1:] == [None] * 8  # December had not begun
    opinions = read_tables(wb["意见征求"])
    (caption,) = [c for c in opinions if "V04" in c]
    assert caption.startswith("本年（2026年1月1日至12月31日）")
    # 客户A (9-30) and 客户E (11-01) had theirs; B, C, D have none this year
    assert [r[1] for r in opinions[caption]["rows"]] == ["客户B", "客户C", "客户D"]


def test_the_week_across_the_new_year_lists_its_iso_years_opinions(tmp_path: Path) -> None:
    """2026-W53 runs 2026-12-28..2027-01-03: it is 2026's last week (its Thursday, most of its
    days), so V04 lists the clients short of 2026's 意见征求 — 客户C's of 2027-01-02 is 2027's
    — and the sheet says which year it counted."""
    path = tmp_path / "南京分公司-回访登记表.xlsx"
    rows = [
        visit(date(2026, 3, 10), "客户A", "张伟", kind="意见征求"),
        visit(date(2026, 5, 6), "客户C", "张伟"),
        visit(date(2026, 12, 29), "客户B", "张伟"),
        visit(date(2027, 1, 2), "客户C", "张伟", kind="意见征求"),
    ]
    build_template("visits", path, settings=Settings(branch="南京"), rows={"回访登记": rows})
    wb, _, _ = summarise(path, "--week", "2026-W53", as_of="2027-01-03 18:00")
    opinions = read_tables(wb["意见征求"])
    (caption,) = [c for c in opinions if "V04" in c]
    assert caption.startswith("本年（2026年1月1日至12月31日）")
    assert [r[1] for r in opinions[caption]["rows"]] == ["客户B", "客户C"]
    assert "本周跨年，意见征求按2026年统计（至12月31日）" in wb["意见征求"]["A2"].value
    assert figures_of(wb["总览"])["未完成意见征求的客户"][0] == 2
    # the first week of 2027 (2027-01-04..10) lies in 2027 alone: 2027's list
    wb, _, _ = summarise(path, "--week", "2027-W01", as_of="2027-01-10 18:00")
    opinions = read_tables(wb["意见征求"])
    (caption,) = [c for c in opinions if "V04" in c]
    assert caption.startswith("本年（2027年1月1日至01月10日）")
    assert [r[1] for r in opinions[caption]["rows"]] == ["客户A", "客户B"]


@pytest.fixture(scope="module")
def year_of_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    folder = tmp_path_factory.mktemp("generated")
    paths = generated_branches(folder / "in", 2, 600)
    out = folder / "2026.xlsx"
    main(["summary", *map(str, paths), "--year", "2026", "--as-of", "2026-12-31", "-o", str(out)])
    return openpyxl.load_workbook(out), folder / "in"


def test_a_generated_year_adds_up(year_of_data: tuple[Any, Path]) -> None:
    wb, folder = year_of_data
    # the first branch's agents' distinct clients per month (V01 counts clients by default),
    # counted straight from its file
    source = openpyxl.load_workbook(folder / "第01分公司-回访登记表.xlsx", read_only=True)
    rows = source["回访登记"].iter_rows(values_only=True)
    header = list(next(rows))
    day, client, staff = (header.index(h) for h in ("回访日期", "客户单位", "回访人"))
    seen: dict[str, set[tuple[int, str]]] = {}
    for row in rows:
        if row[day] is not None:
            seen.setdefault(row[staff], set()).add((row[day].month, row[client]))
    agents = read_tables(wb["回访人逐月"])["各回访人逐月回访客户数（本年合计与目标）"]["rows"]
    first = {r[1]: r for r in agents if r[0] == "第01分公司"}
    assert set(first) == set(seen)
    for name, row in first.items():
        assert row[2:14] == [sum(m == n for m, _ in seen[name]) for n in range(1, 13)], name
        assert row[14] == len(seen[name]) == sum(row[2:14]) and row[15] == 240
    trend = read_tables(wb["趋势"])["各月主要指标"]["rows"][:12]
    visits = read_tables(wb["回访"])["各分公司回访"]["rows"][:-1]  # without 合计
    assert sum(r[1] for r in trend) == sum(r[2] for r in visits)
    complaints = read_tables(wb["投诉"])["投诉等级与首次回复"]["rows"][:-1]
    assert sum(r[2] for r in trend) == sum(r[1] for r in complaints)
    assert [sum(r[c] for r in trend) for c in (3, 4, 5)] == [
        sum(r[c] for r in complaints) for c in (2, 3, 4)
    ]


# --- what the reader sees -------------------------------------------------------------------


def test_frozen_rows_autofilters_print_titles_and_date_cells(branch: Path) -> None:
    wb, _, _ = summarise(branch, "--quarter", "2026-Q4")
    for ws in wb:
        tables = read_tables(ws)
        headers = [
            r
            for r in range(1, ws.max_row + 1)
            if ws.cell(r, 1).value in {t["header"][0] for t in tables.values()}
            and ws.cell(r, 1).font.bold
            and ws.cell(r, 1).fill.fgColor.rgb.endswith("DDEBF7")
        ]
        frozen = int(ws.freeze_panes[1:]) - 1
        if len(headers) == 1:  # the title block, notes and the one header
            assert frozen == headers[0], ws.title
            assert ws.print_title_rows.replace("$", "") == f"{headers[0]}:{headers[0]}"
        else:  # only the title block: no table ever scrolls under another's headings
            assert frozen == 2, ws.title
            assert ws.print_title_rows.replace("$", "") == "1:2", ws.title
        # an autofilter on every list that has rows, spanning its header and rows
        lists = sorted(int(t.ref.split(":")[0][1:]) for t in ws.tables.values())
        with_rows = [r for r in headers if ws.cell(r + 1, 1).value not in (None, "")]
        with_rows = [r for r in with_rows if not str(ws.cell(r + 1, 1).value).startswith("（")]
        assert lists == with_rows, ws.title
        for t in ws.tables.values():
            assert t.autoFilter is not None and t.autoFilter.ref == t.ref
    overdue = read_tables(wb["投诉"])["回复超期（本季度超时回复的，和至今仍未回复且已超期的）"]
    due = [r[overdue["header"].index("回复期限")] for r in overdue["rows"]]
    assert due == [datetime(2026, 10, 10, 16), datetime(2026, 10, 28, 10)]  # cells of dates


def _agents_chart(agents: int) -> tuple[str, float]:
    rows = [["分公司", f"员工{n:02d}", random.randint(0, 30), 20] for n in range(agents)]
    table = ReportTable(
        header=["分公司", "回访人", "回访次数", "目标"],
        formats=[Fmt.TEXT, Fmt.TEXT, Fmt.INT, Fmt.INT],
        rows=rows,
    )
    from csbook.rules.monthly.visits import BARS_FROM

    kind = "bar" if agents > BARS_FROM else "column"
    sheet = ReportSheet(
        name="回访",
        title="t",
        blocks=[table],
        charts=[Chart(kind=kind, title="c", table=0, categories=1, values=[2], y_title="次")],
        charts_below=True,
    )
    (placed,) = layout(sheet).charts
    assert placed.major_unit is not None and placed.major_unit >= 1  # whole numbers
    return kind, placed.height if kind == "bar" else placed.width


def test_the_agents_chart_grows_with_the_agents() -> None:
    assert _agents_chart(5)[0] == "column"
    kind12, size12 = _agents_chart(13)
    kind40, size40 = _agents_chart(40)
    assert kind12 == kind40 == "bar"  # names side by side past a dozen: bars
    assert size40 > size12 and size40 >= 0.5 * 40  # half a centimetre a bar


def test_mail_names_the_period(branch: Path) -> None:
    _, _, out = summarise(branch, "--quarter", "2026-Q4")
    msg = compose(out, ["head@example.com"], [], None, "csbook@example.com")
    assert msg["Subject"] == "客服部 2026年第4季度 季度汇总"
    body = msg.get_body(("plain",)).get_content()
    assert "附件是《客服部 2026年第4季度 季度汇总》" in body
    assert "本季度主要指标：" in body and "本月" not in body
