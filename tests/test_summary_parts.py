"""Which files and rows a summary counts, end to end: monthly files of one branch over a
quarter, each agent's own register of one month, a copy, files `csbook collect` saved with no
branch in 参数 (folders named for the period), install call-backs and follow-ups dated after
the reference time. Workbooks typed as staff type them, the summary written by the command
line and read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from branch_files import read_tables
from workbooks import (
    COMPLAINT,
    HANDOVER_ROWS,
    MIN_WAGE,
    OFFENCE_HEADERS,
    facts,
    offence,
    penalty_book,
    rows_of,
    run,
    run_cli,
)

from csbook.io.collect_dir import CollectDir, Provenance
from csbook.io.templates import build_template
from csbook.rules.findings import Severity
from csbook.rules.settings import Settings

AGENTS_CAPTION = "各回访人逐月回访客户数（本季度合计与目标）"


def visit(day: object, client: str, staff: str, **more: Any) -> dict[str, Any]:
    return {"visit_date": day, "client": client, "method": "电话", "kind": "定期回访"} | {
        "staff": staff,
        **more,
    }


def register(path: Path, rows: list[dict[str, Any]], branch: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    build_template("visits", path, settings=Settings(branch=branch), rows={"回访登记": rows})
    return path


def month_rows(month: int, staff: str, count: int) -> list[dict[str, Any]]:
    """`count` visits by `staff`, one client a day, dates typed as text the way a clerk does."""
    return [visit(f"2026/{month}/{day}", f"{staff}客户{day}", staff) for day in range(2, count + 2)]


def summary(capsys: Any, out: Path, *args: object) -> tuple[int, str, Any]:
    code, _, err = run_cli(capsys, "summary", *args, "-o", out)
    return code, err, openpyxl.load_workbook(out)


def sources(wb: Any) -> dict[str, tuple[Any, ...]]:
    """来源: file -> (分公司, 本期行数, 状态, 说明)."""
    rows = read_tables(wb["来源"])["输入文件"]["rows"]
    return {r[0]: (r[1], r[4], r[7], r[8]) for r in rows}


def branch_visits(wb: Any) -> dict[str, int]:
    rows = read_tables(wb["回访"])["各分公司回访"]["rows"]
    return {r[0]: r[2] for r in rows}


def test_a_quarter_over_the_months_folders_counts_every_months_file(
    tmp_path: Path, capsys: Any
) -> None:
    folders = []
    for month, wang, li in ((10, 12, 2), (11, 3, 2), (12, 3, 2)):
        folder = tmp_path / f"2026-{month}"
        extra = [visit("2026年11月30日", "王芳客户30", "王芳")] if month == 11 else []
        register(folder / "南京分公司-回访登记表.xlsx", month_rows(month, "王芳", wang) + extra)
        register(folder / "苏州分公司-回访登记表.xlsx", month_rows(month, "李娜", li))
        folders.append(folder)
    out = tmp_path / "q4.xlsx"
    _, err, wb = summary(
        capsys, out, *folders, "--quarter", "2026-Q4", "--as-of", "2026-12-31 23:00"
    )
    assert "重复" not in err
    agents = read_tables(wb["回访人逐月"])[AGENTS_CAPTION]["rows"]
    # by hand: 王芳 12 + 4 + 3 = 19, 李娜 2 a month = 6
    assert [r[:6] for r in agents[:2]] == [
        ["南京分公司", "王芳", 12, 4, 3, 19],
        ["苏州分公司", "李娜", 2, 2, 2, 6],
    ]
    assert {s[2] for s in sources(wb).values()} == {"完整"}
    # a week across the month end reads November's file and December's
    out = tmp_path / "w49.xlsx"
    _, err, wb = summary(
        capsys, out, *folders[1:], "--week", "2026-W49", "--as-of", "2026-12-06 23:00"
    )
    # W49 runs 11-30..12-06: 王芳 11-30 and 12-02..04, 李娜 12-02 and 12-03
    assert branch_visits(wb) == {"南京分公司": 4, "苏州分公司": 2, "合计": 6}


def test_each_agents_register_of_one_month_and_a_copy(tmp_path: Path, capsys: Any) -> None:
    wang = register(
        tmp_path / "南京分公司-回访登记表-王芳.xlsx", month_rows(11, "王芳", 4), "南京分公司"
    )
    li = register(
        tmp_path / "南京分公司-回访登记表-李娜.xlsx", month_rows(11, "李娜", 3), "南京分公司"
    )
    copy = register(  # an older copy of 王芳's: two of her rows, no new one
        tmp_path / "南京分公司-回访登记表-王芳(副本).xlsx", month_rows(11, "王芳", 2), "南京分公司"
    )
    partial = register(  # a third register overlapping 李娜's on one row, one row of its own
        tmp_path / "南京分公司-回访登记表-旧.xlsx",
        [visit("2026/11/2", "李娜客户2", "李娜"), visit("2026-11-20", "新客户", "陈静")],
        "南京分公司",
    )
    out = tmp_path / "s.xlsx"
    _, err, wb = summary(
        capsys, out, wang, li, copy, partial, "--month", "2026-11", "--as-of", "2026-11-30 23:00"
    )
    # by hand: 王芳 4 + 李娜 3 = 7; the copy's 2 rows are 王芳's; the old register's 陈静 row is
    # lost with it (its other row is 李娜's) and the message says so
    assert branch_visits(wb) == {"南京分公司": 7, "合计": 7}
    found = sources(wb)
    assert found["南京分公司-回访登记表-李娜.xlsx"][2] == "完整"
    assert "记录互不相同（分别登记），均计入" in found["南京分公司-回访登记表-李娜.xlsx"][3]
    assert found["南京分公司-回访登记表-王芳(副本).xlsx"][2:] == (
        "重复，未计入",
        "南京分公司 2026年11月的回访登记表已按“南京分公司-回访登记表-王芳.xlsx”计入："
        "本文件该月的 2 行都已在其中，未重复计入",
    )
    state, reason = found["南京分公司-回访登记表-旧.xlsx"][2:]
    assert state == "重复，未计入"
    assert "本文件该月 2 行中 1 行与之相同，另 1 行未计入" in reason
    assert "重复，未计入" in err
    notes = [wb["总览"].cell(r, 1).value or "" for r in range(3, 9)]
    assert any("分别登记、记录互不相同" in n and "李娜" in n for n in notes)
    assert any(n.startswith("有 2 个文件的记录与同一分公司同月的其他文件重复") for n in notes)


def _collected(folder: Path, name: str, sender: str, rows: list[dict[str, Any]]) -> None:
    """A workbook as `csbook collect` saves it (参数 分公司 left blank) and its ledger."""
    source = register(folder.parent / "mail" / name, rows)
    ledger = CollectDir(folder)
    folder.mkdir(exist_ok=True)
    ledger.save(
        source.read_bytes(),
        "回访登记表.xlsx",
        Provenance(
            sender, "2026-12-01", "2026-12-01", "11月回访", f"<{name}@x>", "回访登记表.xlsx"
        ),
    )
    ledger.write_ledger("2026-11")


def test_collected_files_take_their_branch_from_the_ledger_not_the_folder(
    tmp_path: Path, capsys: Any
) -> None:
    folder = tmp_path / "2026-11"
    _collected(folder, "a.xlsx", "南京分公司 <nj@example.com>", month_rows(11, "王芳", 4))
    _collected(folder, "b.xlsx", "苏州分公司 <sz@example.com>", month_rows(11, "李娜", 2))
    assert sorted(p.name for p in folder.glob("*.xlsx")) == [
        "回访登记表(2).xlsx",
        "回访登记表.xlsx",
    ]
    out = tmp_path / "s.xlsx"
    _, err, wb = summary(capsys, out, folder, "--month", "2026-11", "--as-of", "2026-11-30 23:00")
    assert branch_visits(wb) == {"南京分公司": 4, "苏州分公司": 2, "合计": 6}
    assert "重复" not in err
    # without the ledger: two branches nobody named, each its own, neither dropped
    (folder / "collect.json").unlink()
    _, err, wb = summary(capsys, out, folder, "--month", "2026-11", "--as-of", "2026-11-30 23:00")
    assert branch_visits(wb) == {
        "未知分公司（回访登记表(2).xlsx）": 2,
        "未知分公司（回访登记表.xlsx）": 4,
        "合计": 6,
    }


def test_install_call_backs_are_counted(tmp_path: Path, capsys: Any) -> None:
    path = register(
        tmp_path / "回访登记表.xlsx",
        [
            visit("2026-11-09", "甲公司", "王芳", kind="安装回访", installed_on="2026/11/6"),
            visit(
                date(2026, 11, 10),
                "乙公司",
                "王芳",
                kind="安装回访",
                installed_on=date(2026, 11, 6),
            ),
            visit("11月12日", "丙公司", "王芳"),
        ],
        "南京分公司",
    )
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, path, "--month", "2026-11", "--as-of", "2026-11-30 23:00")
    row = read_tables(wb["回访"])["各分公司回访"]["rows"][0]
    header = read_tables(wb["回访"])["各分公司回访"]["header"]
    got = dict(zip(header, row, strict=False))
    # by hand: 3 days after 11-06 is 11-09: the 11-09 call-back is on time, 11-10 a day late
    assert (got["安装回访"], got["按期安装回访"], got["安装回访及时率"]) == (2, 1, 0.5)


def test_a_follow_up_dated_after_the_reference_time_has_not_happened(
    tmp_path: Path, capsys: Any
) -> None:
    path = register(
        tmp_path / "回访登记表.xlsx",
        [
            # resolved 11-10, followed up 11-12: due 11-13, on time
            visit("2026/11/9", "甲公司", "王芳", resolved_on="2026/11/10", followup_on="11月12日"),
            # resolved 11-29 (due 12-02), a follow-up typed for 12-05
            visit(
                "2026/11/27", "乙公司", "王芳", resolved_on="2026-11-29", followup_on="2026-12-5"
            ),
        ],
        "南京分公司",
    )

    def rate(as_of: str) -> tuple[Any, ...]:
        out = tmp_path / f"{as_of[:10]}.xlsx"
        _, _, wb = summary(capsys, out, path, "--month", "2026-11", "--as-of", as_of)
        table = read_tables(wb["回访"])["各分公司回访"]
        got = dict(zip(table["header"], table["rows"][0], strict=False))
        return got["应复访"], got["按期复访"], got["复访率"]

    # as of 11-30 乙公司's follow-up is neither due nor done: 1 due, 1 on time
    assert rate("2026-11-30 23:59") == (1, 1, 1)
    # as of 12-03 it is overdue and still not done (12-05 has not come): 2 due, 1 on time
    assert rate("2026-12-03 18:00") == (2, 1, 0.5)
    # as of 12-06 it was done, late
    assert rate("2026-12-06 18:00") == (2, 1, 0.5)


def overview_notes(path: Path) -> list[str]:
    """The notes under 总览's title."""
    ws = openpyxl.load_workbook(path)["总览"]
    return [str(ws.cell(r, 1).value) for r in range(2, 9) if ws.cell(r, 1).value]


def continue_on_new_sheet(path: Path, sheet: str, new: str, rows: list[dict[str, Any]]) -> None:
    """What a clerk does on the first of the month: Excel's "move or copy" of the sheet,
    renamed `new`, its rows cleared and the new month's typed (by header text)."""
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb[sheet])
    copy.title = new
    header_row = next(
        r for r in range(1, 10) if any(c.value in rows[0] for c in copy[r] if c.value)
    )
    columns = {c.value: c.column for c in copy[header_row] if c.value}
    for row in copy.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.value = None
    for i, values in enumerate(rows, start=header_row + 1):
        for header, value in values.items():
            copy.cell(i, columns[header], value)
    wb.save(path)


def test_the_months_summary_reads_the_sheet_holding_its_rows(tmp_path: Path, capsys: Any) -> None:
    path = register(
        tmp_path / "南京分公司-回访登记表.xlsx",
        [visit(f"2026-11-{day:02d}", f"客户{day}", "王芳") for day in range(2, 28)],  # 26 visits
        "南京分公司",
    )
    continue_on_new_sheet(
        path,
        "回访登记",
        "回访登记(12月)",
        [{"回访日期": "2026/12/1", "客户单位": "客户1", "回访方式": "电话", "回访人": "王芳"}],
    )

    def month(period: str, as_of: str) -> tuple[int, dict[str, int], tuple[Any, ...]]:
        out = tmp_path / f"{period}.xlsx"
        code, _, wb = summary(capsys, out, path, *period.split(), "--as-of", as_of)
        return code, branch_visits(wb), sources(wb)[path.name]

    code, visits, source = month("--month 2026-11", "2026-12-02 10:00")
    assert visits == {"南京分公司": 26, "合计": 26}
    assert source[1:3] == (26, "完整")
    assert source[3] == (
        "工作表“回访登记(12月)”也是回访登记，未读取；读取的是“回访登记”"
        "（所汇总的2026-11-01至2026-11-30的记录有26行在其中）"
    )
    code, visits, source = month("--month 2026-12", "2026-12-02 10:00")
    assert visits == {"南京分公司": 1, "合计": 1}
    assert source[3].startswith("工作表“回访登记”也是回访登记，未读取；读取的是“回访登记(12月)”")
    # a quarter holds both: November's sheet is read, December's row is said to be lost
    code, visits, source = month("--quarter 2026-Q4", "2026-12-02 10:00")
    assert code == 1
    assert visits == {"南京分公司": 26, "合计": 26}
    assert source[2] == "不完整"
    assert any(
        n.startswith("⚠ 本汇总不完整：1 个文件无法读取、缺少工作表/列或有未读取的行")
        for n in overview_notes(tmp_path / "--quarter 2026-Q4.xlsx")
    )
    assert source[3].startswith(
        "工作表“回访登记(12月)”也是回访登记，其中1行（2026-12-01至2026-12-01）在汇总期间内、"
        "不在“回访登记”中，未读取、未计入"
    )


def test_the_handover_log_continued_on_a_new_sheet(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "南京分公司-交接班记录.xlsx"
    shifts = [
        {"date": f"2026-11-{day:02d}", "shift": "早班", "from_staff": "甲", "to_staff": "乙"}
        for day in range(2, 7)
    ]
    build_template(
        "handover", path, settings=Settings(branch="南京分公司"), rows={"交接班": shifts}
    )
    continue_on_new_sheet(
        path, "交接班", "交接班(12月)", [{"日期": "2026-12-01", "班次": "早班", "交班人": "甲"}]
    )
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, path, "--month", "2026-11", "--as-of", "2026-12-02 10:00")
    figures = {r[0]: r[1] for r in read_tables(wb["总览"])["本月主要指标"]["rows"]}
    assert figures["交接班次"] == 5
    assert "读取的是“交接班”" in sources(wb)[path.name][3]


def two_offence_sheets(path: Path, second: str, day: str) -> Path:
    """A 处罚汇总表 whose 过失登记 (张伟 L01 on 11-10) has a second sheet `second` (张伟 L01 on
    `day`)."""
    again = rows_of(OFFENCE_HEADERS, [offence(day, "张伟", "L01")])
    return penalty_book(
        path, [offence("2026-11-10", "张伟", "L01")], more={second: (OFFENCE_HEADERS, again)}
    )


def test_an_offence_register_continued_on_a_new_sheet_is_an_error(
    tmp_path: Path, capsys: Any
) -> None:
    path = two_offence_sheets(tmp_path / "处罚汇总表.xlsx", "过失登记(12月)", "2026/12/3")
    report = run(path, datetime(2026, 12, 31, 18))
    assert report.book is not None and report.book.sheet_names["过失登记"] == "过失登记(12月)"
    assert facts(report, "R05") == [("R05", "过失登记", 0, "", Severity.ERROR)]
    (r05,) = [f for f in report.findings if f.rule == "R05"]
    assert r05.message("zh").startswith(
        "工作表“过失登记”也是过失登记，其中1行（2026-11-10至2026-11-10）不在“过失登记(12月)”中，"
        "未读取；读取的是“过失登记(12月)”（其日期更晚，到2026-12-03）。"
        "过失登记的历史记录决定累计处分和扣款"
    )
    code, _, _ = run_cli(capsys, "compute", path, "-o", tmp_path / "out", "--as-of", "2026-12-31")
    assert code == 1
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, path, "--month", "2026-12", "--as-of", "2026-12-31 18:00")
    assert sources(wb)[path.name][2] == "不完整"
    # 月处罚汇总 (of the summary, and of the computed copy) holds its amounts open and says why
    lost = "过失登记的部分记录在未读取的工作表“过失登记”中"
    copy = openpyxl.load_workbook(tmp_path / "out" / path.name)
    for sheet in (wb["月处罚汇总"], copy["月处罚汇总"]):
        texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        assert any("不完整" in t and lost in t for t in texts)  # 张伟's 备注
        assert any(t.startswith(lost) and "可能不全" in t for t in texts)  # the sheet's note
    # a copy kept as it was (过失登记 (2)) loses nothing: a warning, as before
    copy = two_offence_sheets(tmp_path / "copy.xlsx", "过失登记 (2)", "2026-11-10")
    assert facts(run(copy, datetime(2026, 12, 31, 18)), "R05") == [
        ("R05", "过失登记 (2)", 0, "", Severity.WARNING)
    ]


def test_a_file_counted_for_one_month_and_not_another_beside_a_penalty_book(
    tmp_path: Path, capsys: Any
) -> None:
    october = [visit("2026-10-08", "客户甲", "王芳")]
    november = month_rows(11, "王芳", 3)
    counted = register(tmp_path / "南京分公司-回访登记表.xlsx", october + november, "南京分公司")
    # 李娜's register: her own October visit, and November's rows copied from 王芳's
    other = register(
        tmp_path / "南京分公司-回访登记表-李娜.xlsx",
        [visit("2026-10-09", "客户乙", "李娜"), *november],
        "南京分公司",
    )
    penalties = penalty_book(tmp_path / "南京分公司-处罚汇总表.xlsx", [])
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(
        capsys, out, counted, other, penalties, "--month", "2026-11", "--as-of", "2026-11-30 23:00"
    )
    assert "月处罚汇总" in wb.sheetnames
    assert not any(
        str(wb["总览"].cell(r, 1).value or "").startswith("⚠ 月处罚汇总未能生成")
        for r in range(1, 12)
    )
    assert branch_visits(wb) == {"南京分公司": 3, "合计": 3}
    state, reason = sources(wb)[other.name][2:]
    assert state == "部分重复，部分未计入"
    assert reason.startswith(
        "南京分公司 2026年11月的回访登记表已按“南京分公司-回访登记表.xlsx”计入：本文件该月的 3 行都已在其中"
    )


def overview(wb: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """总览: 指标 -> 数值, and 需要关注's 事项 -> 明细."""
    tables = read_tables(wb["总览"])
    return (
        {r[0]: r[1] for r in tables["本月主要指标"]["rows"]},
        {r[0]: r[3] for r in tables["需要关注"]["rows"]},
    )


def penalty_people(wb: Any) -> list[tuple[Any, ...]]:
    """月处罚汇总's people: (姓名, 合计, 备注), one per row."""
    table = read_tables(wb["月处罚汇总"])["一、人员处罚与扣款"]
    at = {h: i for i, h in enumerate(table["header"])}
    return [
        (r[at["姓名"]], r[at["合计（元）"]], r[at["备注"]])
        for r in table["rows"]
        if r[at["姓名"]] is not None
    ]


def test_a_copy_of_the_penalty_book_and_computes_output_in_a_subfolder_count_once(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk3 #1: the book, Windows' `- 副本` of it beside it and `compute`'s own output in
    计算结果/ — 参数 分公司 blank as shipped — are one book: every person charged once."""
    month = tmp_path / "2026-11"
    month.mkdir()
    book = penalty_book(
        month / "处罚汇总表.xlsx",
        [offence("2026-11-05", "张伟", "L15"), offence("2026-11-20", "王芳", "M06")],
    )
    (month / "处罚汇总表 - 副本.xlsx").write_bytes(book.read_bytes())
    run_cli(capsys, "compute", book, "-o", month / "计算结果", "--as-of", "2026-11-30")
    assert (month / "计算结果" / "处罚汇总表.xlsx").is_file()
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, month, "--month", "2026-11", "--as-of", "2026-11-30 23:00")
    assert sorted(p[0] for p in penalty_people(wb)) == ["张伟", "王芳"]
    found = sources(wb)
    original = "2026-11/处罚汇总表.xlsx"  # 来源 tells the two 处罚汇总表.xlsx by their folders
    assert found[original][2] == "完整"
    for copy in ("处罚汇总表 - 副本.xlsx", "计算结果/处罚汇总表.xlsx"):
        branch, _, state, reason = found[copy]
        assert state == "重复，未计入" and branch == found[original][0]
        assert f"已按“{original}”计入" in reason
    assert "计算结果" not in {s[0] for s in found.values()}  # no branch of that name


def test_a_visit_register_and_its_copy_count_once(tmp_path: Path, capsys: Any) -> None:
    month = tmp_path / "2026-11"  # a month's folder: no branch
    original = register(month / "回访登记表.xlsx", month_rows(11, "王芳", 3))
    (month / "回访登记表 - 副本.xlsx").write_bytes(original.read_bytes())
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, month, "--month", "2026-11", "--as-of", "2026-11-30 23:00")
    figures = {r[0]: r[1] for r in read_tables(wb["总览"])["本月主要指标"]["rows"]}
    assert figures["回访次数"] == 3 and figures["分公司数"] == 1
    branch, _, state, reason = sources(wb)["回访登记表 - 副本.xlsx"]
    assert state == "重复，未计入" and "内容与“回访登记表.xlsx”相同，是它的副本" in reason
    assert branch == sources(wb)["回访登记表.xlsx"][0]


HANGZHOU = "杭州分公司"
BRANCH = [*MIN_WAGE, ["分公司", HANGZHOU]]


def test_a_book_made_from_another_branchs_copy_is_counted_with_a_warning_naming_both(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk3 #3: 丽水's book made from 杭州's copy, its 参数 分公司 left as 杭州分公司: other
    people, other rows — counted beside 杭州's (never dropped as 重复), and a R02.branch_name
    warning says which branch the name and 参数 give."""
    hangzhou = penalty_book(
        tmp_path / "杭州分公司-处罚汇总表.xlsx",
        [offence("2026-11-05", "张伟", "L15")],
        params=BRANCH,
    )
    lishui_roster = [["2001", "孙丽", "客服部", "客服专员", 2800, 300, 600, "2024-03-01", None]]
    lishui = penalty_book(
        tmp_path / "丽水分公司-处罚汇总表.xlsx",
        [offence("2026-11-20", "孙丽", "L15"), offence("2026-11-21", "孙丽", "M06")],
        roster=lishui_roster,
        params=BRANCH,
    )
    out = tmp_path / "s.xlsx"
    code, _, wb = summary(
        capsys, out, hangzhou, lishui, "--month", "2026-11", "--as-of", "2026-12-05 10:00"
    )
    assert sorted(p[0] for p in penalty_people(wb)) == ["孙丽", "张伟"]
    found = sources(wb)
    assert {found[p.name][2] for p in (hangzhou, lishui)} == {"完整"}
    assert (
        "文件名写的是丽水分公司，参数表的分公司是杭州分公司：按参数表计入杭州分公司"
        in (found[lishui.name][3])
    )
    assert "均计入" in found[lishui.name][3] + found[hangzhou.name][3]
    rows = read_tables(wb["来源"])["输入文件"]["rows"]
    assert {r[0]: r[6] for r in rows}[lishui.name] == 1  # 警告
    assert code == 0


def test_two_versions_of_a_branchs_book_that_disagree_are_an_error_not_a_pick(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk3 #4: the corrected book and a stale copy saved later as (2): 王芳's offence of
    11-10 differs. Neither is 重复: P10.versions names the rows, both files are 不完整 and 王芳's
    amounts are held open; 张伟's row, the same in both, is charged once."""
    nanjing = [*MIN_WAGE, ["分公司", "南京分公司"]]
    corrected = penalty_book(
        tmp_path / "南京分公司-处罚汇总表.xlsx",
        [offence("2026-11-10", "王芳", "L15"), offence("2026-11-12", "张伟", "L15")],
        params=nanjing,
    )
    stale = penalty_book(
        tmp_path / "南京分公司-处罚汇总表(2).xlsx",
        [offence("2026-11-10", "王芳", "M06"), offence("2026-11-12", "张伟", "L15")],
        params=nanjing,
    )
    out = tmp_path / "s.xlsx"
    code, err, wb = summary(
        capsys, out, corrected, stale, "--month", "2026-11", "--as-of", "2026-12-05 10:00"
    )
    assert code == 1
    found = sources(wb)
    for path in (corrected, stale):
        _, _, state, reason = found[path.name]
        assert state == "不完整"
        assert "同为南京分公司的处罚汇总表，但记录不同" in reason
        assert (
            f"“{corrected.name}”过失登记第2行" in reason
            and f"“{stale.name}”过失登记第2行" in reason
        )
        assert "涉及的人员（王芳）" in reason
    people = {p[0]: p for p in penalty_people(wb)}
    assert set(people) == {"王芳", "张伟"}
    assert people["王芳"][1] is None and "不完整" in people["王芳"][2]
    assert people["张伟"][2] is None
    assert "不完整" in err


def test_complaints_whose_reply_status_is_unknown_are_counted_named_and_hold_the_file_open(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk2 #6: replies typed `次日9:00` and `15:30` (R02) leave two complaints with no reply
    status: they are 回复状态未知 (not left out of every status), named in 需要关注, and the file
    is 不完整 — the month does not read as perfect."""
    path = tmp_path / "苏州分公司-回访登记表.xlsx"
    build_template(
        "visits",
        path,
        rows={
            "投诉登记": [
                COMPLAINT,  # replied within the hour: 按时
                {**COMPLAINT, "complaint_id": "T002", "client": "乙公司", "replied_at": "次日9:00"},
                {**COMPLAINT, "complaint_id": "T003", "client": "丙公司", "replied_at": "15:30"},
            ]
        },
    )
    out = tmp_path / "s.xlsx"
    code, _, wb = summary(capsys, out, path, "--month", "2026-11", "--as-of", "2026-11-30 18:00")
    assert code == 1
    grades = read_tables(wb["投诉"])["投诉等级与首次回复"]
    row = dict(zip(grades["header"], grades["rows"][0], strict=True))
    assert row["投诉件数"] == 3 and row["按时回复"] == 1 and row["回复状态未知"] == 2
    figures, attention = overview(wb)
    assert figures["回复状态未知的投诉"] == 2 and figures["不完整或无法读取的文件"] == 1
    assert attention["回复状态未知的投诉"].startswith("T002、T003")
    _, _, state, reason = sources(wb)[path.name]
    assert state == "不完整" and reason.startswith("投诉登记第3、4行（2 件）的首次回复状态无法确定")


def test_overview_carries_the_penalty_sheets_total_and_the_people_it_holds_open(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk3 #8: a month with only a 处罚汇总表 is no "空的汇总": 总览 (and so the mail) gives
    月处罚汇总's total of the known amounts, counts and names the person whose amount is not
    complete (王芳's S04 without 涉及金额) and the one whose sanction lacks an approval (李娜),
    and the book is 不完整 in 来源."""
    book = penalty_book(
        tmp_path / "南京分公司-处罚汇总表.xlsx",
        [
            offence("2026-11-05", "张伟", "L15"),
            offence("2026-11-20", "张伟", "L15"),  # a second 口头批评 in the month: 20
            offence("2026-11-12", "王芳", "S04"),  # 按金额 with no 涉及金额: 不完整
            offence("2026-11-18", "李娜", "M06", 批准人=None),  # 严重警告 not approved
        ],
    )
    out = tmp_path / "s.xlsx"
    code, _, wb = summary(capsys, out, book, "--month", "2026-11", "--as-of", "2026-11-30 23:00")
    assert code == 1
    notes = [str(r[0]) for r in wb["总览"].iter_rows(values_only=True) if r[0]]
    assert not any("空的汇总" in n for n in notes)
    assert any("处罚与扣款见“月处罚汇总”表" in n for n in notes)
    figures, attention = overview(wb)
    totals = {name: total for name, total, _ in penalty_people(wb)}
    assert totals["张伟"] == 20 and totals["王芳"] is None and totals["李娜"] > 0
    assert figures["月处罚汇总已定金额合计（元）"] == 20 + totals["李娜"]
    assert figures["处罚金额不完整的人员"] == 1 and figures["处分或请假缺少审批的人员"] == 1
    assert attention["处分或请假缺少审批的人员"].startswith("李娜")
    assert attention["处罚金额不完整的人员"].startswith("王芳")
    _, _, state, reason = sources(wb)[book.name]
    assert state == "不完整" and reason.startswith("月处罚汇总中 1 人的金额不完整（王芳")


def test_an_agent_with_no_visit_in_the_month_is_listed_with_0_not_left_out(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk2 #9: 王芳 visited in October and not in November: she is on November's 回访 with
    0 and counted in 回访未达标人数 (said above the table). 赵六, whose last visit is in May
    (more than a quarter before), has left: not listed."""
    rows = [
        visit("2026/5/20", "客户老", "赵六"),
        *month_rows(10, "王芳", 5),
        *month_rows(11, "李娜", 6),
    ]
    path = register(tmp_path / "苏州分公司-回访登记表.xlsx", rows, "苏州分公司")
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, path, "--month", "2026-11", "--as-of", "2026-11-30 18:00")
    agents = read_tables(wb["回访"])["各回访人（回访量、客户签字、按期复访、满意度）"]
    counted = {
        r[agents["header"].index("回访人")]: r[agents["header"].index("回访客户")]
        for r in agents["rows"]
    }
    assert counted == {"李娜": 6, "王芳": 0, "2 人": None}  # the last: the total row
    figures, attention = overview(wb)
    assert figures["回访未达标人数"] == 2
    assert "王芳 0/20" in attention["回访未达标人数"]
    notes = [str(r[0]) for r in wb["回访"].iter_rows(values_only=True) if r[0]]
    assert any(n.startswith("1人本月没有回访记录（王芳），按 0 计入") for n in notes)


def test_a_handover_signed_by_someone_else_is_a_missing_signature(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk2 #10: 王强's 接班人签字 typed `赵敏` (someone signed for him, V32.mismatch): 王强
    did not sign — 缺签字 1 for him and for the branch, as a blank is."""
    shifts = [
        {**HANDOVER_ROWS[0], "to_signed": "赵敏"},
        HANDOVER_ROWS[1],
        {**HANDOVER_ROWS[1], "date": date(2026, 11, 4), "to_signed": " 赵 敏 "},  # spaces: hers
    ]
    path = tmp_path / "南京分公司-交接班记录.xlsx"
    build_template("handover", path, rows={"交接班": shifts})
    report = run(path, datetime(2026, 11, 30, 18))
    assert [f.key for f in report.findings if f.rule == "V32"] == ["V32.mismatch"]
    out = tmp_path / "s.xlsx"
    _, _, wb = summary(capsys, out, path, "--month", "2026-11", "--as-of", "2026-11-30 18:00")
    tables = read_tables(wb["交接班"])
    people = tables["交接班人员（接班次数按接班人计）"]
    unsigned = {r[1]: r[people["header"].index("缺签字")] for r in people["rows"] if r[1]}
    assert unsigned["王强"] == 1 and unsigned["赵敏"] == 0
    branch = next(t for caption, t in tables.items() if caption.startswith("各分公司"))
    assert branch["rows"][0][branch["header"].index("缺签字")] == 1


def fines_by_month(wb: Any) -> list[Any]:
    """趋势's 罚款 of the quarter's three months."""
    trend = read_tables(wb["趋势"])["各月主要指标"]
    at = trend["header"].index("罚款（元）")
    return [r[at] for r in trend["rows"][:3]]


def test_last_months_book_beside_this_months_is_its_earlier_state_unless_a_row_went(
    tmp_path: Path, capsys: Any
) -> None:
    """A quarter over the months' folders: November's book holds October's rows and more of
    November — October's is its earlier state (重复), not a disagreement. Had November's
    book lost one of October's rows (deleted, or a different offence typed), the two
    disagree: P10.versions, never a quiet pick."""
    october_rows = [offence("2026-10-08", "张伟", "L15"), offence("2026-10-20", "王芳", "L15")]
    november_rows = [*october_rows, offence("2026-11-05", "李娜", "L15")]
    params = [*MIN_WAGE, ["分公司", "南京分公司"]]
    october = tmp_path / "2026-10" / "南京分公司-处罚汇总表.xlsx"
    november = tmp_path / "2026-11" / "南京分公司-处罚汇总表.xlsx"
    october.parent.mkdir()
    november.parent.mkdir()
    penalty_book(october, october_rows, params=params)
    penalty_book(november, november_rows, params=params)
    out = tmp_path / "q.xlsx"
    args = ("--quarter", "2026-Q4", "--as-of", "2026-12-31 23:00")
    _, _, wb = summary(capsys, out, october, november, *args)
    found = sources(wb)
    assert found["2026-11/南京分公司-处罚汇总表.xlsx"][2] == "完整"
    state, reason = found["2026-10/南京分公司-处罚汇总表.xlsx"][2:]
    assert state == "重复，未计入" and "本文件的 2 行记录都在其中" in reason
    assert fines_by_month(wb) == [0, 0, 0]
    penalty_book(november, november_rows[1:], params=params)  # 张伟's October row gone
    _, _, wb = summary(capsys, out, october, november, *args)
    assert fines_by_month(wb) == [None, None, None]  # the books differ: not known
    for _, _, state, reason in sources(wb).values():
        assert state == "不完整" and "但记录不同" in reason
        # the rows each has that the other lacks: 张伟's October offence, 李娜's November one
        assert "涉及的人员（张伟、李娜）" in reason


def test_a_quarters_fines_are_each_months_as_that_months_summary_gives_them(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk6 #10: 南京 sends October's book again in November with one more October row
    (王芳's third oral: 书面批评 after the second's 20), beside November's fresh book with
    李娜's November rows; her October late is in the October books only. Each month of the
    quarter is as that month's own summary of the same files gives it: October's 罚款 20
    (no later row changes October's escalation), November's blank — 李娜's records are split
    between two books — and said: both books 不完整 naming the month, exit 1, as November's
    summary; December 0. The 趋势 never shows a quarter blank and complete."""
    params = [*MIN_WAGE, ["分公司", "南京分公司"]]
    october_rows = [offence("2026/10/12", "王芳", "L05"), offence("2026/10/20", "王芳", "L05")]
    late = [["2026-10", "1002", "李娜", 1]]
    first = tmp_path / "books" / "2026-10" / "南京分公司-处罚汇总表.xlsx"
    again = tmp_path / "books" / "2026-11" / "南京分公司-处罚汇总表（10月补报）.xlsx"
    fresh = tmp_path / "books" / "2026-11" / "南京分公司-处罚汇总表.xlsx"
    for path in (first, fresh):
        path.parent.mkdir(parents=True)
    penalty_book(first, october_rows, late, params=params)
    third = offence("2026/10/30", "王芳", "L05")
    penalty_book(again, [*october_rows, third], late, params=params)
    leave = [["2026-11", "1002", "李娜", None, None, None, None, "2"]]
    penalty_book(fresh, [offence("2026年11月11日", "李娜", "L15")], leave, params=params)
    as_of = ("--as-of", "2026-12-31 18:00")
    books = tmp_path / "books"
    code, _, wb = summary(capsys, tmp_path / "q.xlsx", books, "--quarter", "2026-Q4", *as_of)
    assert fines_by_month(wb) == [20, None, 0]
    assert code == 1
    found = sources(wb)
    assert found["2026-10/南京分公司-处罚汇总表.xlsx"][2] == "重复，未计入"
    held = "2026年11月：月处罚汇总中 1 人的金额不完整（李娜（1002）），见该月的月度汇总"
    for name in ("2026-11/南京分公司-处罚汇总表.xlsx", "南京分公司-处罚汇总表（10月补报）.xlsx"):
        assert found[name][2] == "不完整" and found[name][3].startswith(held)
    # the months' own summaries of the same files, as of the same time, agree
    made = {}
    for month, expected in (("2026-10", 0), ("2026-11", 1), ("2026-12", 0)):
        code, _, made[month] = summary(
            capsys, tmp_path / f"{month}.xlsx", books, "--month", month, *as_of
        )
        assert code == expected, month
    # November's: 李娜's L15 is her second oral with October's late, her first in the fresh
    # book alone — her fine is not known, not the one book's 0
    people = read_tables(made["2026-11"]["月处罚汇总"])["一、人员处罚与扣款"]
    (li,) = [r for r in people["rows"] if r[1] == "李娜"]
    assert li[people["header"].index("罚款（元）")] is None


def test_a_register_named_for_another_branch_than_its_settings_is_said_in_sources(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk3 #3 for visit registers: 丽水's register made from 杭州's (参数 left as
    杭州分公司) counts as 杭州's, with R02.branch_name naming both; an agent's own register
    named for her (回访登记表-李娜.xlsx) is no clash."""
    hangzhou = register(
        tmp_path / "杭州分公司-回访登记表.xlsx", month_rows(11, "王芳", 2), HANGZHOU
    )
    lishui = register(tmp_path / "丽水分公司-回访登记表.xlsx", month_rows(11, "孙丽", 3), HANGZHOU)
    own = register(tmp_path / "回访登记表-李娜.xlsx", month_rows(11, "李娜", 1), HANGZHOU)
    out = tmp_path / "s.xlsx"
    args = ("--month", "2026-11", "--as-of", "2026-11-30 18:00")
    _, _, wb = summary(capsys, out, hangzhou, lishui, own, *args)
    found = sources(wb)
    said = "文件名写的是丽水分公司，参数表的分公司是杭州分公司：按参数表计入杭州分公司，请核对"
    assert said in found[lishui.name][3]
    assert "文件名写的是" not in found[hangzhou.name][3] + found[own.name][3]
    assert branch_visits(wb) == {HANGZHOU: 6, "合计": 6}


def test_a_book_per_month_with_the_same_staff_is_two_months_not_two_versions(
    tmp_path: Path, capsys: Any
) -> None:
    """A branch starting a fresh 处罚汇总表 each month (the same 员工, October's offences in
    one, November's in the other): no register row in common, so both count in the quarter —
    never P10.versions for a roster they share. 张伟 has rows in both: each book escalates on
    its own rows, so his November amounts are held open with a word saying why, and both
    books are 不完整 as November's own summary calls them (clerk6 #10); October's escalation
    sees no later row and December has none of his: their 罚款 are known."""
    params = [*MIN_WAGE, ["分公司", "南京分公司"]]
    october = tmp_path / "2026-10" / "南京分公司-处罚汇总表.xlsx"
    november = tmp_path / "2026-11" / "南京分公司-处罚汇总表.xlsx"
    october.parent.mkdir()
    november.parent.mkdir()
    penalty_book(october, [offence("2026-10-08", "张伟", "L15")], params=params)
    penalty_book(
        november,
        [offence("2026-11-05", "张伟", "L15"), offence("2026-11-06", "李娜", "L15")],
        params=params,
    )
    out = tmp_path / "q.xlsx"
    _, _, wb = summary(
        capsys, out, october, november, "--quarter", "2026-Q4", "--as-of", "2026-12-31 23:00"
    )
    found = sources(wb)
    assert {state for _, _, state, _ in found.values()} == {"不完整"}
    reasons = [reason or "" for _, _, _, reason in found.values()]
    assert any("没有相同的记录" in reason for reason in reasons)
    assert not any("记录不同" in reason for reason in reasons)
    assert sum("张伟的记录分在" in reason for reason in reasons) == 2
    held = "2026年11月：月处罚汇总中 1 人的金额不完整（张伟（1001）），见该月的月度汇总"
    assert all(reason.startswith(held) for reason in reasons)
    assert fines_by_month(wb) == [0, None, 0]  # his November fine depends on October


def test_two_branches_handover_logs_of_the_same_days_are_not_copies(
    tmp_path: Path, capsys: Any
) -> None:
    """Every branch's handover log has the same 日期 and 班次: two branches' logs of the same
    days, other people on duty, are two logs — with 参数 分公司 typed in each, or left blank
    and the branch given by the file's name. A byte copy of one still counts once."""

    def log(path: Path, people: tuple[str, str], branch: str = "") -> Path:
        a, b = people
        shifts = [
            {**HANDOVER_ROWS[0], "from_staff": a, "to_staff": b, "from_signed": a, "to_signed": b},
            {**HANDOVER_ROWS[1], "from_staff": b, "to_staff": a, "from_signed": b, "to_signed": a},
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        build_template("handover", path, settings=Settings(branch=branch), rows={"交接班": shifts})
        return path

    for typed in (True, False):
        folder = tmp_path / ("typed" if typed else "named")
        nanjing = log(folder / "南京分公司-交接班记录.xlsx", ("李娜", "王强"), "南京分公司" * typed)
        suzhou = log(folder / "苏州分公司-交接班记录.xlsx", ("陈静", "刘洋"), "苏州分公司" * typed)
        copy = folder / "南京分公司-交接班记录 - 副本.xlsx"
        copy.write_bytes(nanjing.read_bytes())
        out = folder / "s.xlsx"
        args = ("--month", "2026-11", "--as-of", "2026-11-30 18:00")
        _, _, wb = summary(capsys, out, nanjing, suzhou, copy, *args)
        found = sources(wb)
        assert found[nanjing.name][2] == found[suzhou.name][2] == "完整", typed
        assert found[copy.name][2] == "重复，未计入", typed
        tables = read_tables(wb["交接班"])
        shifts = {r[0]: r[1] for r in next(iter(tables.values()))["rows"] if r[0]}
        assert shifts.get("南京分公司") == shifts.get("苏州分公司") == 2, (typed, shifts)


def test_overview_says_the_unit_the_visit_target_counts(tmp_path: Path, capsys: Any) -> None:
    """总览's target cell and 需要关注 say 个 (distinct clients, the default) as the 回访 sheet
    does — 王芳 visited one client three times: 1 of 20 — and 次 where 参数 counts visits."""
    rows = [visit(f"2026/11/{day}", "甲公司", "王芳") for day in (2, 3, 4)]
    for counts, target, short in (
        ("clients", "每人每月 20 个（按不同客户单位计）", "王芳 1/20个"),
        ("visits", "每人每月 20 次", "王芳 3/20次"),
    ):
        path = tmp_path / counts / "南京分公司-回访登记表.xlsx"
        path.parent.mkdir()
        settings = Settings(branch="南京分公司", visits_target_counts=counts)
        build_template("visits", path, settings=settings, rows={"回访登记": rows})
        args = ("--month", "2026-11", "--as-of", "2026-11-30 18:00")
        _, _, wb = summary(capsys, tmp_path / f"{counts}.xlsx", path, *args)
        head = read_tables(wb["总览"])["本月主要指标"]["rows"]
        assert next(r[2] for r in head if r[0] == "回访未达标人数") == target
        assert overview(wb)[1]["回访未达标人数"].startswith(short)


def test_an_agent_who_moved_branch_mid_year_is_held_to_her_months_in_each(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk6 #12: 王芳 visits 20 clients a month for 南京 from January to June and for 苏州
    from July (she moved on 07-01). The year holds each branch's 王芳 to the months she was
    its agent — 6 × 20 = 120 each, met — its months without her left blank, and says which
    months 南京 did not hold against her and why. 李娜, who stays in 南京 and stops visiting
    after March, is still held to the months her branch lists her (April–June, 0): idleness
    is not excused, only months at work elsewhere."""

    def months(staff: str, numbers: range, visits: int = 20) -> list[dict[str, Any]]:
        return [
            visit(f"2026/{m}/{d}", f"{staff}客户{m}-{d}", staff)
            for m in numbers
            for d in range(1, visits + 1)
        ]

    nanjing = register(
        tmp_path / "南京分公司-回访登记表.xlsx",
        months("王芳", range(1, 7)) + months("李娜", range(1, 4)),
        "南京分公司",
    )
    suzhou = register(
        tmp_path / "苏州分公司-回访登记表.xlsx", months("王芳", range(7, 13)), "苏州分公司"
    )
    _, _, wb = summary(
        capsys,
        tmp_path / "y.xlsx",
        nanjing,
        suzhou,
        "--year",
        "2026",
        "--as-of",
        "2026-12-31 18:00",
    )
    agents = read_tables(wb["回访人逐月"])["各回访人逐月回访客户数（本年合计与目标）"]["rows"]
    rows = {(r[0], r[1]): r[2:] for r in agents if r[1]}
    assert rows[("南京分公司", "王芳")] == [*[20] * 6, *[None] * 6, 120, 120]
    assert rows[("苏州分公司", "王芳")] == [*[None] * 6, *[20] * 6, 120, 120]
    # 李娜: January–March 20, then listed with 0 for the 92 days after her last visit
    assert rows[("南京分公司", "李娜")] == [20, 20, 20, 0, 0, 0, *[None] * 6, 60, 120]
    lines = [str(r[0]) for r in wb["回访人逐月"].iter_rows(values_only=True) if r[0]]
    assert any(
        line.startswith("※ 王芳（南京分公司）7月、8月、9月在本分公司没有回访") for line in lines
    )
    attention = read_tables(wb["总览"])["需要关注"]["rows"]
    (under,) = [r for r in attention if r[0] == "回访未达标人数"]
    assert under[1:3] == ["南京分公司", 1] and "李娜 60/120" in under[3]

    # July alone: 南京's 王芳 is not called 0 of 20 there while she works in 苏州
    _, _, wb = summary(
        capsys,
        tmp_path / "m.xlsx",
        nanjing,
        suzhou,
        "--month",
        "2026-07",
        "--as-of",
        "2026-07-31 18:00",
    )
    agents = read_tables(wb["回访"])["各回访人（回访量、客户签字、按期复访、满意度）"]
    at = agents["header"].index
    (wang,) = [r for r in agents["rows"] if r[0] == "南京分公司" and r[1] == "王芳"]
    assert (wang[at("回访次数")], wang[at("目标")], wang[at("完成率")]) == (0, 0, None)
    assert any(
        "王芳（南京分公司）本月在本分公司没有回访" in str(r[0])
        for r in wb["回访"].iter_rows(values_only=True)
    )
    attention = read_tables(wb["总览"])["需要关注"]["rows"]
    assert not [r for r in attention if r[0] == "回访未达标人数"]  # 李娜's last visit: March


def test_a_summary_saved_into_the_months_folder_is_said_and_not_read(
    tmp_path: Path, capsys: Any
) -> None:
    """clerk6 #13: the month's 月度汇总 saved into the folder it summarises (its 交接班 sheet
    is the summary's) is no broken handover log of a branch named after the file: the next
    summary of the folder names it as a summary not read, and is complete, exit 0."""
    folder = tmp_path / "2026-11"
    register(folder / "南京分公司-回访登记表.xlsx", month_rows(11, "王芳", 3), "南京分公司")
    args = ("--month", "2026-11", "--as-of", "2026-11-30 18:00")
    code, _, _ = summary(capsys, folder / "m2026-11.xlsx", folder, *args)
    assert code == 0
    code, err, wb = summary(capsys, tmp_path / "again.xlsx", folder, *args)
    assert code == 0
    _, _, state, reason = sources(wb)["m2026-11.xlsx"]
    assert state == "汇总文件，未读取" and "csbook 生成的汇总工作簿" in reason
    assert "m2026-11.xlsx: 汇总文件，未读取" in err
    headline = dict(r[:2] for r in read_tables(wb["总览"])["本月主要指标"]["rows"])
    assert headline["不完整或无法读取的文件"] == 0
    assert branch_visits(wb) == {"南京分公司": 3, "合计": 3}
