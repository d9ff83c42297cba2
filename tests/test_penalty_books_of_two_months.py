"""A month's summary given last month's folder too (its registers grade this month's
complaints, its logs close the first shift): last month's 处罚汇总表 comes along. As an earlier
state of this month's book (a cumulative register) it is that book's copy; as a book of its
own (a book a month) it counts beside it, its history running on. Either way each person is
listed once, a late of the handover log is charged once, and 来源 names the branch once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from workbooks import (
    MIN_WAGE,
    handover_book,
    offence,
    penalty_book,
    people,
    run_cli,
    shift,
    tables,
)

from csbook.rules.periods import Period
from csbook.summary import run as summary_run

AS_OF = datetime(2026, 11, 30, 18, 0)
BRANCH = [*MIN_WAGE, ["分公司", "南京分公司"]]
OCTOBER = [offence("2026-10-12", "张伟", "L15")]
NOVEMBER = [offence("2026-11-05", "李娜", "L15")]


def _month(
    tmp_path: Path,
    october: list[dict],
    november: list[dict],
    late: str = "王芳",
    params: list = BRANCH,
    attendance: list = (),
) -> tuple:
    """October's and November's books, November's log: `late` arrives at 8:06 on 11-03 for
    the 8:00 早班."""
    old, new = tmp_path / "2026-10", tmp_path / "2026-11"
    old.mkdir()
    new.mkdir()
    penalty_book(old / "处罚汇总表.xlsx", october, params=params)
    penalty_book(new / "处罚汇总表.xlsx", november, list(attendance), params=params)
    handover_book(
        new,
        [shift("2026-11-03", "早班", "李娜", late, 接班到岗时间="8:06")],
        [["分公司", "南京分公司"]],
    )
    paths = sorted([*old.glob("*.xlsx"), *new.glob("*.xlsx")])
    done = summary_run(
        paths, Period.month(date(2026, 11, 1)), tmp_path / "汇总.xlsx", as_of=AS_OF, jobs=1
    )
    sheet = done.summary.sheet("月处罚汇总")
    sources = {s.name: s for s in done.summary.sources}
    return sheet, sources


def _texts(sheet) -> list[str]:
    return [b for b in sheet.blocks if isinstance(b, str)]


def _names(sheet) -> list[str]:
    """The 姓名 of every row of the people table, as many times as listed."""
    table = tables(sheet)[0]
    return sorted(row[table.header.index("姓名")] for row in table.rows)


def test_last_month_s_cumulative_book_is_this_month_s_copy(tmp_path: Path) -> None:
    sheet, sources = _month(tmp_path, OCTOBER, OCTOBER + NOVEMBER)
    assert sources["2026-10/处罚汇总表.xlsx"].state.value.startswith("重复")
    assert _names(sheet) == ["李娜", "王芳"]
    assert people(sheet)["王芳"]["迟到早退次数"] == 1
    assert "其余1人本月无处罚和扣款。" in _texts(sheet)  # 张伟
    assert sheet.subtitle.count("南京分公司") == 1


def test_last_month_s_own_book_counts_beside_and_nobody_twice(tmp_path: Path) -> None:
    sheet, sources = _month(tmp_path, OCTOBER, NOVEMBER)
    assert not sources["2026-10/处罚汇总表.xlsx"].state.value.startswith("重复")
    assert _names(sheet) == ["李娜", "王芳"]  # one row each: the late in one book only
    rows = people(sheet)
    assert rows["王芳"]["迟到早退次数"] == 1
    assert rows["王芳"]["迟到早退罚款"] == 20
    assert "其余1人本月无处罚和扣款。" in _texts(sheet)  # 张伟, on both rosters
    assert sheet.subtitle.count("南京分公司") == 1


def test_the_quarter_s_fines_charge_a_late_once_with_a_book_a_month(tmp_path: Path) -> None:
    """The quarter's 趋势 sums each month's 罚款 over the books counted. 王芳 is late twice in
    November: two 口头批评, the second fined 20. With a book a month both books' ledgers took
    the lates, and November's 罚款 read 40."""
    old, new = tmp_path / "2026-10", tmp_path / "2026-11"
    old.mkdir()
    new.mkdir()
    penalty_book(old / "处罚汇总表.xlsx", OCTOBER, params=BRANCH)
    penalty_book(new / "处罚汇总表.xlsx", NOVEMBER, params=BRANCH)
    handover_book(
        new,
        [
            shift("2026-11-03", "早班", "张伟", "王芳", 接班到岗时间="8:06"),
            shift("2026-11-04", "早班", "张伟", "王芳", 接班到岗时间="8:07"),
        ],
        [["分公司", "南京分公司"]],
    )
    paths = sorted([*old.glob("*.xlsx"), *new.glob("*.xlsx")])
    done = summary_run(paths, Period.quarter(2026, 4), tmp_path / "季度.xlsx", as_of=AS_OF, jobs=1)
    trend = tables(done.summary.sheet("趋势"))[0]
    fines = [row[trend.header.index("罚款（元）")] for row in trend.rows if "11" in str(row[0])]
    assert fines[0] == 20


# October's 严重警告 cuts three months (严重警告减薪月数 3): November's pay too
WARNING_OF_OCTOBER = [offence("2026-10-20", "张伟", "M06")]
THREE_MONTHS = [*BRANCH, ["严重警告减薪月数", 3]]


def _book_a_month(tmp_path: Path, november_attendance: list) -> object:
    """October's and November's books (a book a month), November's log: 张伟 late on 11-03."""
    sheet, _ = _month(
        tmp_path,
        WARNING_OF_OCTOBER,
        NOVEMBER,
        late="张伟",
        params=THREE_MONTHS,
        attendance=november_attendance,
    )
    return sheet


def test_a_cut_running_on_from_last_month_s_book_and_a_late_are_one_row(tmp_path: Path) -> None:
    """张伟's cut runs on in October's book; his late is in November's log. The late went to
    the month's book (November's, most rows), the cut stayed in October's: two rows for 张伟.
    The late now goes to the book that holds his history: one row, each amount once."""
    sheet = _book_a_month(tmp_path, [])
    assert _names(sheet) == ["张伟", "李娜"]
    row = people(sheet)["张伟"]
    assert row["扣薪（元）"] == 700  # 20 % of 3,000 + 500, November the second month of three
    assert (row["迟到早退次数"], row["迟到早退罚款"]) == (1, 20)
    assert row["合计（元）"] == 720
    assert "2026-10-20严重警告续扣700.00元" in row["备注"]


def test_a_person_in_both_books_is_one_row_held_open(tmp_path: Path) -> None:
    """张伟 also has November's 考勤 row (a day's 事假) in November's book: his rows are split
    between the books (escalation not joined: 不完整, as before), and still one row with both
    books' amounts."""
    sheet = _book_a_month(tmp_path, [["2026-11", None, "张伟", 0, 0, 0, 0, 1, 0]])
    assert _names(sheet) == ["张伟", "李娜"]
    row = people(sheet)["张伟"]
    assert row["扣薪（元）"] == 700
    assert (row["迟到早退次数"], row["迟到早退罚款"]) == (1, 20)
    assert row["事假扣款"] > 0
    assert row["合计（元）"] is None  # held open: the history is split
    assert "两份处罚汇总表中" in row["备注"]
    split = [line for line in _texts(sheet) if line.startswith("张伟的记录分在")]
    assert len(split) == 1  # said once, not once per book


def test_compute_with_last_month_s_book_says_to_summarise_them(tmp_path: Path, capsys) -> None:
    """`compute` judges one book: last month's book given with --with is refused, and the
    message says where both count (the summary), never a 月处罚汇总 without October's cut."""
    _book_a_month(tmp_path, [])
    new = tmp_path / "2026-11"
    code, _, err = run_cli(
        capsys,
        "compute",
        new / "处罚汇总表.xlsx",
        "-o",
        tmp_path / "out",
        "--as-of",
        "2026-11-30 18:00",
        "--with",
        tmp_path / "2026-10" / "处罚汇总表.xlsx",
        "--with",
        new / "交接班记录.xlsx",
    )
    assert code == 2
    assert "summary --month" in err
    assert not (tmp_path / "out").exists()
