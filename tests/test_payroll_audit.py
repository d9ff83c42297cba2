"""A payroll clerk's audit: penalty workbooks typed from the template the way a hurried
office types them, every sanction and every yuan worked out by hand from SPEC §1.4, §1.5,
§3.5 and the seeds (003 篇十, 004 第5篇 六–九), then run through `csbook compute`,
`summary` and `validate --format json` and compared.

The roster's pay is chosen so the daily figures are round (P07, 20.92 pay days):
  KF001 张伟  3138 / 300 / 1046  → daily base 150, daily bonus 50; base+allowance 3438
  KF002 王伟, KF003 孙丽, KF004 周芳, KF005 吴静
            2092 / 200 / 418.4 → daily base 100, daily bonus 20; base+allowance 2292
  KF009 王伟  4184 / 400 / 2092  → daily base 200, daily bonus 100 (KF002's namesake)
  local_min_wage 2000 (below every base except KF006's 1800 → 2000/20.92 = 95.60)
  so: 严重警告 cut 20 % = 687.60 (KF001), 458.40 (2292); 留察 40 % = 1375.20, 916.80.
Approvers: 0010 李娜 主管, KF011 赵敏 主任, KF013 刘洋 经理, KF012 陈刚 总经理.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from workbooks import run_cli

TEMPLATE = Path(__file__).parent.parent / "templates" / "处罚汇总表.xlsx"

STAFF = ("客服部", "客服专员")
ROSTER = [
    ["KF001", "张伟", "客服部", "客服专员", 3138, 300, 1046],
    ["KF002", "王伟", "客服部", "客服代表", 2092, 200, 418.4],
    ["KF009", "王伟", "客服部", "客服文员", 4184, 400, 2092],
    ["KF003", "孙丽", "客服部", "客服专员", 2092, 200, 418.4],
    ["KF004", "周芳", "客服部", "客服专员", 2092, 200, 418.4],
    ["KF005", "吴静", "客服部", "客服专员", 2092, 200, 418.4],
    ["KF006", "郑洁", "客服部", "客服专员", 1800, 0, 0],
    ["0010", "李娜", "客服部", "主管", 5000, 400, 0],
    ["KF011", "赵敏", "客服部", "主任", 6000, 400, 0],
    ["KF013", "刘洋", "客服部", "经理", 7000, 400, 0],
    ["KF012", "陈刚", "总经办", "总经理", 9000, 400, 0],
]
SIGNED = {"本人签字": "已签", "批准人": "陈刚"}


def fill(
    path: Path,
    *,
    offences: Sequence[dict[str, Any]] = (),
    attendance: Sequence[dict[str, Any]] = (),
    leave: Sequence[dict[str, Any]] = (),
    roster: Sequence[Sequence[Any]] = ROSTER,
    params: dict[str, Any] | None = None,
    order: dict[str, list[str]] | None = None,
) -> Path:
    """The template filled by hand: rows by header text, optionally with some input
    columns moved to the front (`order`: sheet -> headers in their new first places)."""
    wb = openpyxl.load_workbook(TEMPLATE)
    for name, headers in (order or {}).items():
        ws = wb[name]
        old = [c.value for c in ws[1]]
        # only the leading input columns are permuted; computed ones keep their places
        n = max(old.index(h) for h in headers) + 1
        new = headers + [h for h in old[:n] if h not in headers] + old[n:]
        for c, h in enumerate(new, start=1):
            ws.cell(1, c).value = h
    people = [
        dict(
            zip(["工号", "姓名", "部门", "岗位", "基本工资", "岗位津贴", "月奖金"], r, strict=True)
        )
        | {"入职日期": "2024-01-01", "合同到期日": "2029-12-31"}
        for r in roster
    ]
    for name, recs in (
        ("员工", people),
        ("过失登记", offences),
        ("考勤", attendance),
        ("请假登记", leave),
    ):
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        for rec in recs:
            assert set(rec) <= set(headers), set(rec) - set(headers)
            ws.append([rec.get(h) for h in headers])
    values = {"local_min_wage": 2000} | (params or {})
    for row in wb["参数"].iter_rows(min_row=2):
        if row[0].value in values:
            row[2].value = values[row[0].value]
    wb.save(path)
    return path


def rows(book: openpyxl.Workbook, sheet: str) -> list[dict[str, Any]]:
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]


def penalty_people(ws: Any) -> dict[str, dict[str, Any]]:
    """月处罚汇总's people table, by 工号."""
    found: dict[str, dict[str, Any]] = {}
    header = None
    for r in ws.iter_rows(values_only=True):
        if r[0] == "工号":
            header = r
        elif header and r[0] in (None, "合计"):
            break
        elif header:
            found[str(r[0])] = dict(zip(header, r, strict=False))
    return found


def compute(capsys: Any, tmp: Path, path: Path, as_of: str, *more: str) -> openpyxl.Workbook:
    code, _, err = run_cli(capsys, "compute", path, "--as-of", as_of, "-o", tmp / "out", *more)
    assert code in (0, 1), err
    return openpyxl.load_workbook(tmp / "out" / path.name)


def month(capsys: Any, tmp: Path, path: Path, ym: str, *more: str) -> dict[str, dict[str, Any]]:
    out = tmp / f"summary-{ym}.xlsx"
    code, _, err = run_cli(capsys, "summary", path, "--month", ym, "-o", out, *more)
    assert code in (0, 1), err  # 1: the book has findings of severity error
    return penalty_people(openpyxl.load_workbook(out)["月处罚汇总"])


def findings(capsys: Any, path: Path, as_of: str, *more: str) -> list[tuple[str, str, int, str]]:
    _, out, _ = run_cli(capsys, "validate", path, "--as-of", as_of, "--format", "json", *more)
    (f,) = json.loads(out)["files"]
    assert f["error"] is None, f["error"]
    return [(x["rule"], x["sheet"], x["row"], x["severity"]) for x in f["findings"]]


def money(person: dict[str, Any], *columns: str) -> list[float]:
    return [round(float(person[c] or 0), 2) for c in columns]


def test_escalation_across_the_year_counts_validity_from_the_issue_date(
    tmp_path: Path, capsys: Any
) -> None:
    # KF001 (no 签发日期): validity runs from 通知日期. L05 noticed 2025-01-10 is valid to
    # 2026-01-09, so on 2026-01-12 only L06 is still valid: L08 is the 2nd valid oral, 20 yuan.
    # KF003 (签发日期 2025-01-15 on the first row): that oral is valid to 2026-01-14, so on
    # 2026-01-12 three orals are valid: L08 becomes 书面批评 and the three are used up; S02
    # on 2026-03-02 is the 2nd valid written → 严重警告: 20 % × 2292 = 458.40 in March and April.
    # KF004: L01 on New Year's Eve and L02 on New Year's Day: 2nd valid oral, 20 yuan in January.
    # Column order as one branch types it: 姓名 first, then 过失代码, then 日期.
    offences = [
        {"日期": "2025-01-10", "工号": "KF001", "过失代码": "L05", "通知日期": "2025/1/10"},
        {"日期": "2025.06.01", "工号": "KF001", "过失代码": "L06", "通知日期": "2025.06.01"},
        {"日期": "2026年1月12日", "工号": "KF001", "过失代码": "L08", "通知日期": "2026-01-12"},
        {
            "日期": "2025-01-10",
            "工号": "KF003",
            "过失代码": "L05",
            "通知日期": "2025-01-10",
            "签发日期": "2025-01-15",
        },
        {"日期": "2025-06-01", "工号": "KF003", "过失代码": "L06", "签发日期": "/"},
        {"日期": "2026-01-12", "工号": "KF003", "过失代码": "L08", "签发日期": "2026-01-12"},
        {"日期": "2026-03-02", "工号": "KF003", "过失代码": "S02", "签发日期": "2026-03-03"},
        {"日期": "2025-12-31", "姓名": "周　芳", "过失代码": "L01"},
        {"日期": "2026-01-01", "姓名": " 周芳 ", "过失代码": "L02"},
    ]
    path = fill(
        tmp_path / "处罚汇总表.xlsx",
        offences=[o | SIGNED for o in offences],
        order={"过失登记": ["姓名", "过失代码", "日期"]},
    )
    book = compute(capsys, tmp_path, path, "2026-11-30")
    got = [(r["处分"], r["罚款"] or 0) for r in rows(book, "过失登记")]
    assert got == [
        ("口头批评", 0),
        ("口头批评", 20),
        ("口头批评", 20),
        ("口头批评", 0),
        ("口头批评", 20),
        ("书面批评", 0),
        ("严重警告", 0),
        ("口头批评", 0),
        ("口头批评", 20),
    ]
    jan = month(capsys, tmp_path, path, "2026-01")
    assert money(jan["KF001"], "罚款（元）", "合计（元）") == [20, 20]
    assert money(jan["KF004"], "罚款（元）", "合计（元）") == [20, 20]
    for ym in ("2026-03", "2026-04"):
        assert money(month(capsys, tmp_path, path, ym)["KF003"], "扣薪（元）") == [458.40]
    assert "KF003" not in month(capsys, tmp_path, path, "2026-05")
    assert [f for f in findings(capsys, path, "2026-11-30") if f[3] == "error"] == []


# (申诉结果, the sanction that stands or None when the appeal voids it, V45 expected)
APPEALS = [
    ("申诉成立", None, False),
    ("撤销处分", None, False),
    ("予以撤销", None, False),
    ("免除", None, False),
    ("同意撤销处分", None, False),
    ("驳回", "通报批评", False),
    ("不成立", "通报批评", False),
    ("未成立", "通报批评", False),
    ("维持原处分", "通报批评", False),
    ("不予撤销", "通报批评", False),
    ("不予免除", "通报批评", False),
    ("撤回", "通报批评", False),
    ("驳回申诉，不予撤销", "通报批评", False),
    ("申诉不成立，维持原处分。", "通报批评", False),
    ("改为口头批评", "口头批评", False),
    ("部分成立，改为书面批评", "书面批评", False),
    ("部分成立,改为 口头批评", "口头批评", False),
    ("部分成立", "通报批评", True),  # partly upheld, to what is not said
    ("部分成立，改为", "通报批评", True),
    ("本人撤销申诉", "通报批评", False),  # the appeal taken back, not the sanction
    ("未予撤销", "通报批评", False),
    ("改为：口头批评", "口头批评", False),
    ("降为口头批评", "口头批评", False),
    ("待定", "通报批评", True),
    ("／", "通报批评", False),
]


def test_each_appeal_wording_voids_keeps_or_changes_the_sanction(
    tmp_path: Path, capsys: Any
) -> None:
    # One person per wording, each a first 严重过失 (S03) ordered as 通报: 通报批评, 100 yuan
    # (P03) unless the appeal voids it (0) or changes it to an oral or written criticism
    # (a first oral or a written criticism costs nothing). Noticed 11-03, appealed 11-05,
    # within the 6 days. A last row appeals on 11-12, three days late: V43.
    roster = [
        [f"A{i:02}", f"员工{i:02}", *STAFF, 2092, 200, 418.4] for i in range(len(APPEALS) + 1)
    ]
    offences = [
        {
            "日期": "2026-11-02",
            "工号": f"A{i:02}",
            "过失代码": "S03",
            "处分要求": "通报",
            "通知日期": "2026-11-03",
            "申诉日期": "2026-11-05",
            "申诉结果": text,
        }
        | SIGNED
        for i, (text, _, _) in enumerate(APPEALS)
    ]
    offences.append(
        {
            "日期": "2026-11-02",
            "工号": f"A{len(APPEALS):02}",
            "过失代码": "S03",
            "处分要求": "通报",
            "通知日期": "2026-11-03",
            "申诉日期": "2026-11-12",
            "申诉结果": "驳回",
        }
        | SIGNED
    )
    path = fill(tmp_path / "处罚汇总表.xlsx", offences=offences, roster=[*roster, ROSTER[-1]])
    book = compute(capsys, tmp_path, path, "2026-11-30")
    got = [(r["申诉结果"], r["处分"], r["罚款"] or 0) for r in rows(book, "过失登记")]
    for (text, stands, _), (_, sanction, fine) in zip(APPEALS, got, strict=False):
        if stands is None:
            assert fine == 0 and "撤销" in str(sanction), (text, sanction, fine)
        else:
            assert (sanction, fine) == (stands, 100 if stands == "通报批评" else 0), text
    people = penalty_people(book["月处罚汇总"])
    for i, (text, stands, _) in enumerate(APPEALS):
        expected = 100 if stands == "通报批评" else 0
        assert money(people.get(f"A{i:02}", {"罚款（元）": 0}), "罚款（元）") == [expected], text
    found = findings(capsys, path, "2026-11-30")
    v45 = {row - 2 for rule, sheet, row, _ in found if rule == "V45"}
    assert v45 == {i for i, (_, _, warn) in enumerate(APPEALS) if warn}
    # V43 is a warning: the sanction stands, the late appeal's outcome is still applied
    assert ("V43", "过失登记", len(APPEALS) + 2, "warning") in found


def test_probation_first_paths(tmp_path: Path, capsys: Any) -> None:
    # KF001 D02 (开除情况), nothing ordered: 留察 first (P01), 40 % × 3438 = 1375.20 in Nov.
    # KF003 D03 with 处分要求 开除: 开除 outright, no cut.
    # KF004 D02 in May → 留察 (916.80 in May and June); L01 in June is a 轻度 offence: a
    # first 口头批评, not a dismissal; S02 in Nov (严重 tier while on 留察) → 开除.
    # KF005 M02 in Jan → 严重警告 (458.40 Jan, Feb); M03 in Apr is the 2nd valid 严重警告 →
    # 开除 → 留察 first: 916.80 in Apr and May, and no 20 % cut on top.
    # With probation_first = 否 the same book dismisses KF001 and KF004 (May) outright.
    offences = [
        {"日期": "2026-11-02", "工号": "KF001", "过失代码": "D02"},
        {"日期": "2026-11-02", "工号": "KF003", "过失代码": "D03", "处分要求": "开除"},
        {"日期": "2026-05-04", "工号": "KF004", "过失代码": "D02"},
        {"日期": "2026-06-01", "工号": "KF004", "过失代码": "L01"},
        {"日期": "2026-11-03", "工号": "KF004", "过失代码": "S02"},
        {"日期": "2026-01-05", "工号": "KF005", "过失代码": "M02"},
        {"日期": "2026-04-06", "工号": "KF005", "过失代码": "M03"},
    ]
    path = fill(tmp_path / "处罚汇总表.xlsx", offences=[o | SIGNED for o in offences])
    book = compute(capsys, tmp_path, path, "2026-11-30")
    assert [r["处分"] for r in rows(book, "过失登记")] == [
        "留察",
        "开除",
        "留察",
        "口头批评",
        "开除",
        "严重警告",
        "留察",
    ]
    nov = penalty_people(book["月处罚汇总"])
    assert money(nov["KF001"], "扣薪（元）") == [1375.20]
    assert money(nov["KF003"], "扣薪（元）") == [0]
    assert money(nov["KF004"], "扣薪（元）") == [0]  # a dismissal carries no cut
    for ym, cut in (("2026-05", 916.80), ("2026-06", 916.80), ("2026-07", None)):
        assert money(
            month(capsys, tmp_path, path, ym).get("KF004", {"扣薪（元）": None}), "扣薪（元）"
        ) == [cut or 0]
    for ym, cut in (
        ("2026-01", 458.40),
        ("2026-02", 458.40),
        ("2026-04", 916.80),
        ("2026-05", 916.80),
    ):
        assert money(month(capsys, tmp_path, path, ym)["KF005"], "扣薪（元）") == [cut], ym
    assert [f for f in findings(capsys, path, "2026-11-30") if f[3] == "error"] == []
    (tmp_path / "no").mkdir()
    book = compute(capsys, tmp_path / "no", path, "2026-11-30", "--set", "probation_first=否")
    assert [r["处分"] for r in rows(book, "过失登记")][:3] == ["开除", "开除", "开除"]


def test_namesakes_are_charged_by_number_and_never_by_a_shared_name(
    tmp_path: Path, capsys: Any
) -> None:
    # Two 王伟 (KF002, KF009). 过失登记: KF002 L01 on 11-02 and L02 on 11-10 (2nd valid oral,
    # 20 yuan, only KF002's record counts); KF009 ('王 伟' padded) L03 on 11-05: its own
    # first oral, no fine; a row with the name alone: V44, charged to nobody.
    # 考勤: KF009 one day absent → S01 书面批评, 3 × 200 = 600; a name-only row: V44.
    # 请假登记: KF002 事假 Mon 11-16..Tue 11-17 approved by 李娜 (主管, 2 days):
    # 2 × (100 + 20) = 240; a name-only request: V44.
    # 李娜's 工号 0010 typed as the number 10 (Excel dropped the zeros): L04, her first oral.
    offences = [
        {"日期": "2026-11-02", "工号": "KF002", "姓名": "王伟", "过失代码": "L01"},
        {"日期": "2026-11-05", "工号": "KF009", "姓名": "王 伟", "过失代码": "L03"},
        {"日期": "2026-11-10", "工号": "KF002", "姓名": " 王伟", "过失代码": "L02"},
        {"日期": "2026-11-12", "姓名": "王伟", "过失代码": "L05"},
        {"日期": "2026-11-12", "工号": 10, "过失代码": "L04"},
    ]
    attendance = [
        {"月份": "2026-11", "工号": "KF009", "旷工天数": 1, "连续旷工天数": 1},
        {"月份": "2026年11月", "姓名": "王伟", "迟到次数": 1},
    ]
    leave = [
        {
            "工号": "KF002",
            "假别": "事假",
            "开始日期": "2026-11-16",
            "结束日期": "2026-11-17",
            "申请日期": "2026-11-10",
            "批准人": "李娜",
        },
        {
            "姓名": "王伟",
            "假别": "事假",
            "开始日期": "2026-11-18",
            "结束日期": "2026-11-18",
            "申请日期": "2026-11-10",
            "批准人": "李娜",
        },
    ]
    path = fill(
        tmp_path / "处罚汇总表.xlsx",
        offences=[o | SIGNED for o in offences],
        attendance=attendance,
        leave=leave,
    )
    book = compute(capsys, tmp_path, path, "2026-11-30")
    got = [(r["处分"], r["罚款"] or 0) for r in rows(book, "过失登记")]
    assert got[:3] == [("口头批评", 0), ("口头批评", 0), ("口头批评", 20)]
    assert got[3][0] in (None, "")
    assert got[4] == ("口头批评", 0)
    nov = penalty_people(book["月处罚汇总"])
    # the rows giving only the shared name 王伟 belong to one of the two: neither total is final
    assert money(nov["KF002"], "罚款（元）", "事假扣款") == [20, 240]
    assert money(nov["KF009"], "罚款（元）", "旷工扣款") == [0, 600]
    for sid in ("KF002", "KF009"):
        assert nov[sid]["合计（元）"] in (None, "")
        assert "不完整" in nov[sid]["备注"] and "同名（KF002、KF009）" in nov[sid]["备注"]
    assert "S01" in nov["KF009"]["过失"] and "书面批评" in nov["KF009"]["处分"]
    assert money(nov["0010"], "罚款（元）") == [0]
    v44 = {
        (sheet, row)
        for rule, sheet, row, sev in findings(capsys, path, "2026-11-30")
        if rule == "V44" and sev == "error"
    }
    assert v44 == {("过失登记", 5), ("考勤", 3), ("请假登记", 3)}


def test_leave_across_month_ends_national_day_and_the_make_up_saturday(
    tmp_path: Path, capsys: Any
) -> None:
    # KF001 事假 Mon 09-28 .. Mon 10-12, 7 working days (> 3: 主任 赵敏 approves):
    #   Sep 28, 29, 30 → 3 days: 3 × (150 + 50) = 600 in September;
    #   Oct 1–7 National Day rest, Oct 8, 9, Sat 10 (调休 working day), Sun 11 rest, Mon 12
    #   → 4 days: 4 × 200 = 800 in October.
    # KF003 病假 Mon 10-26 .. Fri 11-06, asked for on 10-20 (in advance), 10 working days,
    #   赵敏 approves: October 5 × 100 = 500, November 5 × 100 = 500 (each month < 7 days).
    # KF004 事假 on the 调休 Saturday 10-10 alone: 1 working day, 100 + 20 = 120 in October.
    # KF005 事假 10-03 .. 10-04 (National Day): no working day, nothing deducted.
    leave = [
        {
            "工号": "KF001",
            "假别": "事假",
            "开始日期": "2026/9/28",
            "结束日期": "2026/10/12",
            "申请日期": "2026-09-20",
            "批准人": "赵敏",
        },
        {
            "姓名": "孙　丽",
            "假别": "病假",
            "开始日期": "2026年10月26日",
            "结束日期": "2026年11月6日",
            "申请日期": "2026-10-20",
            "批准人": "赵敏",
        },
        {
            "工号": "KF004",
            "假别": "事假",
            "开始日期": "2026-10-10",
            "天数": 1,
            "申请日期": "2026-10-08",
            "批准人": "李娜",
        },
        {
            "工号": "KF005",
            "假别": "事假",
            "开始日期": "2026-10-03",
            "结束日期": "2026-10-04",
            "申请日期": "2026-09-28",
            "批准人": "李娜",
        },
    ]
    path = fill(
        tmp_path / "处罚汇总表.xlsx", leave=leave, order={"请假登记": ["假别", "姓名", "工号"]}
    )
    book = compute(capsys, tmp_path, path, "2026-11-30")
    assert [r["核定天数"] for r in rows(book, "请假登记")] == [7, 10, 1, 0]
    sep = month(capsys, tmp_path, path, "2026-09")
    oct_ = month(capsys, tmp_path, path, "2026-10")
    nov = month(capsys, tmp_path, path, "2026-11")
    assert money(sep["KF001"], "事假扣款") == [600]
    assert money(oct_["KF001"], "事假扣款") == [800]
    assert money(oct_["KF003"], "病假扣款") == [500]
    assert money(nov["KF003"], "病假扣款") == [500]
    assert money(oct_["KF004"], "事假扣款") == [120]
    assert "KF005" not in oct_
    assert [f for f in findings(capsys, path, "2026-11-30") if f[3] == "error"] == []


def test_approval_by_rank_and_unapproved_leave_as_absence(tmp_path: Path, capsys: Any) -> None:
    # Q04: up to 3 days a 主管 approves, longer a 主任/经理.
    #   KF001 事假 11-02..11-03 (2 days) by 李娜 主管: fine; and from 11-09 for 天数 2 (no end
    #   date) by 李娜: 4 days of 事假 in November: 4 × 200 = 800.
    #   KF003 事假 11-02..11-03 approved by 张伟 (客服专员): Q04 warning; 2 × 120 = 240.
    #   KF004 事假 11-02..11-05 (4 days) by 李娜 主管: Q04 warning, too low; 4 × 120 = 480.
    #   KF005 事假 11-02..11-05 by 刘洋 经理: fine; 480.
    # Q04/Q06: KF002 事假 11-02, 批准人 '/': no approval → 1 day 旷工 → S01 书面批评,
    #   3 × 100 = 300; then 事假 11-09..11-10 with none: 2 consecutive days 旷工 → M01
    #   严重警告 (the 2nd written would also escalate): 600 more, and the 20 % cut, 458.40.
    #   November: 旷工 3 days, 900; 扣薪 458.40.
    approved = {"假别": "事假", "申请日期": "2026-10-30"}
    leave = [
        {"工号": "KF001", "开始日期": "2026-11-02", "结束日期": "2026-11-03", "批准人": "李娜"},
        {"工号": "KF001", "开始日期": "2026-11-09", "天数": 2, "批准人": "李 娜"},
        {"工号": "KF003", "开始日期": "2026-11-02", "结束日期": "2026-11-03", "批准人": "张伟"},
        {"工号": "KF004", "开始日期": "2026-11-02", "结束日期": "2026-11-05", "批准人": "李娜"},
        {"工号": "KF005", "开始日期": "2026-11-02", "结束日期": "2026-11-05", "批准人": "刘洋"},
        {"工号": "KF002", "开始日期": "2026-11-02", "结束日期": "2026-11-02", "批准人": "/"},
        {"工号": "KF002", "开始日期": "2026-11-09", "结束日期": "2026-11-10"},
    ]
    path = fill(tmp_path / "处罚汇总表.xlsx", leave=[approved | r for r in leave])
    book = compute(capsys, tmp_path, path, "2026-11-30")
    nov = penalty_people(book["月处罚汇总"])
    assert money(nov["KF001"], "事假扣款") == [800]
    assert money(nov["KF003"], "事假扣款") == [240]
    assert money(nov["KF004"], "事假扣款") == [480]
    assert money(nov["KF005"], "事假扣款") == [480]
    assert money(nov["KF002"], "旷工天数", "旷工扣款", "扣薪（元）", "事假扣款") == [
        3,
        900,
        458.40,
        0,
    ]
    assert "S01" in nov["KF002"]["过失"] and "M01" in nov["KF002"]["过失"]
    assert "严重警告" in nov["KF002"]["处分"]
    q04 = {
        (row, sev) for rule, _, row, sev in findings(capsys, path, "2026-11-30") if rule == "Q04"
    }
    assert q04 == {(4, "warning"), (5, "warning"), (7, "error"), (8, "error")}


def test_paid_leave_limits_turn_the_excess_into_personal_leave(tmp_path: Path, capsys: Any) -> None:
    # Q02 (calendar days for 丧假/产假/婚假; the excess counts as 事假, on its working days):
    # KF001 丧假 直系 Mon 11-02..Thu 11-05: 4 days, 3 paid, Thu 11-05 is 事假 (warning);
    #   丧假 for a grandfather (其他) Mon 11-09..Tue 11-10: 1 paid, Tue 11-10 事假 (warning).
    #   November 事假 2 days: 2 × (150 + 50) = 400.
    # KF003 产假 with 难产 08-03..11-15: 29 + 30 + 31 + 15 = 105 days = 90 + 15: all paid.
    # KF004 产假 without 难产, the same days: day 90 is 10-31, so 11-01..11-15 are excess:
    #   10 working days of 事假 (≥ 7): whole bonus 418.40 + 10 × 100 = 1418.40 (warning).
    # KF005 婚假 Mon 11-16..Fri 11-20 asked for on 11-13, 3 days ahead: Q03 warning; 3 paid,
    #   Thu 19 and Fri 20 are 事假: 2 × 120 = 240.
    # KF002 丧假 for '祖母' (the relative typed, not the category: 祖父母 get one day, 003
    #   篇十) Mon 11-23..Tue 11-24: 1 paid, Tue 事假, 120; no R02.
    # KF009 婚假 Wed 11-18..Sun 11-22: 3 paid; the 2 days beyond are Sat and Sun, days off
    #   anyway: nothing deducted and nothing to warn of.
    leave = [
        {
            "工号": "KF001",
            "假别": "丧假",
            "亲属关系": "直系",
            "开始日期": "2026-11-02",
            "结束日期": "2026-11-05",
        },
        {
            "工号": "KF001",
            "假别": "丧假",
            "亲属关系": "其他",
            "开始日期": "2026-11-09",
            "结束日期": "2026-11-10",
            "备注": "祖父",
        },
        {
            "工号": "KF003",
            "假别": "产假",
            "难产": "是",
            "开始日期": "2026-08-03",
            "结束日期": "2026-11-15",
        },
        {
            "工号": "KF004",
            "假别": "产假",
            "难产": "否",
            "开始日期": "2026-08-03",
            "结束日期": "2026-11-15",
        },
        {
            "工号": "KF005",
            "假别": "婚假",
            "开始日期": "2026-11-16",
            "结束日期": "2026-11-20",
            "申请日期": "2026-11-13",
        },
        {
            "工号": "KF002",
            "假别": "丧假",
            "亲属关系": "祖母",
            "开始日期": "2026-11-23",
            "结束日期": "2026-11-24",
        },
        {"工号": "KF009", "假别": "婚假", "开始日期": "2026-11-18", "结束日期": "2026-11-22"},
    ]
    path = fill(
        tmp_path / "处罚汇总表.xlsx",
        leave=[{"申请日期": "2026-07-01", "批准人": "刘洋"} | r for r in leave],
    )
    book = compute(capsys, tmp_path, path, "2026-11-30")
    # 核定天数 is the paid days plus the excess's 事假 days (KF004: 90 + 10 working days)
    assert [r["核定天数"] for r in rows(book, "请假登记")] == [4, 2, 105, 100, 5, 2, 3]
    nov = penalty_people(book["月处罚汇总"])
    assert money(nov["KF001"], "事假扣款") == [400]
    assert money(nov["KF003"], "合计（元）") == [0]  # listed for its 15 paid days
    assert money(nov["KF004"], "事假扣款") == [1418.40]
    assert money(nov["KF005"], "事假扣款") == [240]
    assert money(nov["KF002"], "事假扣款") == [120]
    assert money(nov["KF009"], "事假扣款") == [0]
    for ym in ("2026-08", "2026-09", "2026-10"):
        assert money(month(capsys, tmp_path, path, ym)["KF004"], "合计（元）") == [0], ym
    found = findings(capsys, path, "2026-11-30")
    assert {(r, row) for r, _, row, _ in found if r in ("Q02", "Q03")} == {
        ("Q02", 2),
        ("Q02", 3),
        ("Q02", 5),
        ("Q02", 6),
        ("Q03", 6),
        ("Q02", 7),
    }
    assert [f for f in found if f[3] == "error"] == []


def test_sick_notes_due_on_the_second_working_day(tmp_path: Path, capsys: Any) -> None:
    # Q05: sick leave not asked for in advance needs the hospital note within 2 working
    # days of 开始日期 (the days after it; the start day itself is day 0).
    # KF001 Mon 11-02, asked 11-03, note Wed 11-04 (2nd working day): sick, 150.
    # KF003 Mon 11-02, no 申请日期, note Thu 11-05 (3rd): 旷工 1 → S01 书面批评, 3 × 100 = 300.
    # KF004 Fri 11-06, 申请日期 '/', note Tue 11-10 (2nd, over the weekend): sick, 100.
    # KF005 Fri 11-06..Mon 11-09 (2 working days), note Wed 11-11 (3rd after the start):
    #   2 consecutive days 旷工 → M01 严重警告: 6 × 100 = 600, cut 458.40.
    # KF002 Wed 09-30, note Fri 10-09: Oct 8 and 9 are the 1st and 2nd working days after
    #   National Day: sick, 100 in September.
    sick = {"假别": "病假", "批准人": "李娜"}
    leave = [
        {
            "工号": "KF001",
            "开始日期": "2026-11-02",
            "结束日期": "2026-11-02",
            "申请日期": "2026-11-03",
            "证明提交日期": "2026-11-04",
        },
        {
            "工号": "KF003",
            "开始日期": "2026-11-02",
            "结束日期": "2026-11-02",
            "证明提交日期": "11月5日",
        },
        {
            "工号": "KF004",
            "开始日期": "2026-11-06",
            "结束日期": "2026-11-06",
            "申请日期": "/",
            "证明提交日期": "2026.11.10",
        },
        {
            "工号": "KF005",
            "开始日期": "2026-11-06",
            "结束日期": "2026-11-09",
            "申请日期": "2026-11-09",
            "证明提交日期": "2026-11-11",
        },
        {
            "工号": "KF002",
            "开始日期": "2026-09-30",
            "结束日期": "2026-09-30",
            "申请日期": "2026-10-08",
            "证明提交日期": "2026-10-09",
        },
    ]
    path = fill(tmp_path / "处罚汇总表.xlsx", leave=[sick | r for r in leave])
    book = compute(capsys, tmp_path, path, "2026-11-30")
    nov = penalty_people(book["月处罚汇总"])
    assert money(nov["KF001"], "病假扣款", "旷工扣款") == [150, 0]
    assert money(nov["KF003"], "病假扣款", "旷工扣款") == [0, 300]
    assert "书面批评" in nov["KF003"]["处分"]
    assert money(nov["KF004"], "病假扣款", "旷工扣款") == [100, 0]
    assert money(nov["KF005"], "病假扣款", "旷工扣款", "扣薪（元）") == [0, 600, 458.40]
    assert "严重警告" in nov["KF005"]["处分"]
    assert "KF002" not in nov
    assert money(month(capsys, tmp_path, path, "2026-09")["KF002"], "病假扣款") == [100]
    q05 = {
        (row, sev) for rule, _, row, sev in findings(capsys, path, "2026-11-30") if rule == "Q05"
    }
    assert q05 == {(3, "error"), (5, "error")}


def test_register_and_typed_attendance_merge_to_the_larger(tmp_path: Path, capsys: Any) -> None:
    # Q07: 考勤 typed for November, 请假登记 derived:
    # KF001 typed 事假 3, register 事假 Mon 11-02..Fri 11-06 (5, 刘洋 经理): 5 used, warning;
    #   5 × (150 + 50) = 1000.
    # KF003 typed 病假 4, register 病假 11-02..11-03 (2, 李娜): 4 used, warning; 4 × 100 = 400.
    # KF004 typed 事假 2 ('２' full width), register 11-02..11-03 (2): equal, no warning; 240.
    attendance = [
        {"月份": "2026-11", "工号": "KF001", "事假天数": 3},
        {"月份": "2026年11月", "姓名": "孙丽", "病假天数": "4"},
        {"月份": "2026/11", "工号": "KF004", "事假天数": "２", "迟到次数": "/"},
    ]
    leave = [
        {
            "工号": "KF001",
            "假别": "事假",
            "开始日期": "2026-11-02",
            "结束日期": "2026-11-06",
            "批准人": "刘洋",
        },
        {
            "工号": "KF003",
            "假别": "病假",
            "开始日期": "2026-11-02",
            "结束日期": "2026-11-03",
            "批准人": "李娜",
        },
        {
            "工号": "KF004",
            "假别": "事假",
            "开始日期": "2026-11-02",
            "结束日期": "2026-11-03",
            "批准人": "李娜",
        },
    ]
    path = fill(
        tmp_path / "处罚汇总表.xlsx",
        attendance=attendance,
        leave=[{"申请日期": "2026-10-28"} | r for r in leave],
    )
    nov = penalty_people(compute(capsys, tmp_path, path, "2026-11-30")["月处罚汇总"])
    assert money(nov["KF001"], "事假扣款", "合计（元）") == [1000, 1000]
    assert money(nov["KF003"], "病假扣款", "合计（元）") == [400, 400]
    assert money(nov["KF004"], "事假扣款", "合计（元）") == [240, 240]
    found = findings(capsys, path, "2026-11-30")
    assert (
        sorted((r, sheet) for r, sheet, _, _ in found if r == "Q07")
        == [("Q07", "考勤"), ("Q07", "考勤")]
        or len([f for f in found if f[0] == "Q07"]) == 2
    )
    assert [f for f in found if f[3] == "error"] == []


def test_leave_deduction_thresholds(tmp_path: Path, capsys: Any) -> None:
    # P08/P09 from 考勤's typed days in November (daily base 150/100, daily bonus 50/20):
    # KF001 事假 6: 6 × (150 + 50) = 1200.
    # KF003 事假 7: whole bonus 418.40 + 7 × 100 = 1118.40.
    # KF004 病假 14: 14 × 100 + half the bonus 209.20 = 1609.20, and KF005 病假 15: 15 × 100
    # + whole bonus 418.40 = 1918.40 — both more than a whole month sick costs (2092 + 200 +
    # 418.40 − 80 % × 2000 = 1110.40): capped there, so they keep 1600 (P09.cap).
    # KF006 (base 1800 below the minimum wage 2000) 事假 1: 2000 / 20.92 = 95.60.
    # KF009 病假 6: 6 × 200 = 1200; KF002 病假 7: 700 + 209.20 = 909.20.
    attendance = [
        {"月份": "2026-11", "工号": "KF001", "事假天数": 6},
        {"月份": "2026-11", "工号": "KF003", "事假天数": 7},
        {"月份": "2026-11", "工号": "KF004", "病假天数": 14},
        {"月份": "2026-11", "工号": "KF005", "病假天数": 15},
        {"月份": "2026-11", "工号": "KF006", "事假天数": 1},
        {"月份": "2026-11", "工号": "KF009", "病假天数": 6},
        {"月份": "2026-11", "工号": "KF002", "病假天数": 7},
    ]
    path = fill(tmp_path / "处罚汇总表.xlsx", attendance=attendance)
    nov = penalty_people(compute(capsys, tmp_path, path, "2026-11-30")["月处罚汇总"])
    assert money(nov["KF001"], "事假扣款") == [1200]
    assert money(nov["KF003"], "事假扣款") == [1118.40]
    assert money(nov["KF004"], "病假扣款") == [1110.40]
    assert money(nov["KF005"], "病假扣款") == [1110.40]
    assert money(nov["KF006"], "事假扣款") == [95.60]
    assert money(nov["KF009"], "病假扣款") == [1200]
    assert money(nov["KF002"], "病假扣款") == [909.20]


def test_a_whole_month_sick_is_paid_80_percent_of_the_minimum_wage(
    tmp_path: Path, capsys: Any
) -> None:
    # P09: KF003 sick all November (asked on 10-30, 主任 赵敏 approves): the pay stops and 80 %
    # of the local minimum wage is paid, 1600. Monthly pay 2092 + 200 + 418.40 = 2710.40, so
    # the deduction is 2710.40 − 1600 = 1110.40 ("停发薪酬" stops the allowance too).
    # KF004 sick all November typed in 考勤 as 21 days (every working day of the month):
    # the same 1110.40.
    leave = [
        {
            "工号": "KF003",
            "假别": "病假",
            "开始日期": "2026-11-01",
            "结束日期": "2026-11-30",
            "申请日期": "2026-10-30",
            "批准人": "赵敏",
        }
    ]
    attendance = [{"月份": "2026-11", "工号": "KF004", "病假天数": 21}]
    path = fill(tmp_path / "处罚汇总表.xlsx", leave=leave, attendance=attendance)
    nov = penalty_people(compute(capsys, tmp_path, path, "2026-11-30")["月处罚汇总"])
    assert money(nov["KF003"], "病假扣款") == [1110.40]
    assert money(nov["KF004"], "病假扣款") == [1110.40]


def test_typed_absences_and_late_arrivals(tmp_path: Path, capsys: Any) -> None:
    # P06 from 考勤 (November):
    # KF001 旷工 1: S01 → 书面批评; 3 × 150 = 450.
    # KF003 旷工 2, 2 consecutive: M01 → 严重警告; 6 × 100 = 600, cut 20 % × 2292 = 458.40.
    # KF004 旷工 4, 4 consecutive: D01 → 开除 → 留察 first; 12 × 100 = 1200, cut 916.80.
    # KF002 迟到 2, 早退 1: 3 × 20 = 60; three L07 orals: the 2nd costs 20, the 3rd becomes
    #   a 书面批评 (P02).
    attendance = [
        {"月份": "2026-11", "工号": "KF001", "旷工天数": 1, "连续旷工天数": "1"},
        {"月份": "2026-11", "工号": "KF003", "旷工天数": 2, "连续旷工天数": 2},
        {"月份": "2026-11", "工号": "KF004", "旷工天数": "4", "连续旷工天数": "4"},
        {"月份": "2026-11", "工号": "KF002", "迟到次数": 2, "早退次数": 1, "旷工天数": "无"},
    ]
    path = fill(
        tmp_path / "处罚汇总表.xlsx",
        attendance=attendance,
        order={"考勤": ["姓名", "工号", "月份"]},
    )
    nov = penalty_people(compute(capsys, tmp_path, path, "2026-11-30")["月处罚汇总"])
    assert money(nov["KF001"], "旷工扣款", "扣薪（元）", "合计（元）") == [450, 0, 450]
    assert "书面批评" in nov["KF001"]["处分"]
    assert money(nov["KF003"], "旷工扣款", "扣薪（元）", "合计（元）") == [600, 458.40, 1058.40]
    assert "严重警告" in nov["KF003"]["处分"]
    assert money(nov["KF004"], "旷工扣款", "扣薪（元）", "合计（元）") == [1200, 916.80, 2116.80]
    assert "留察" in nov["KF004"]["处分"] and "D01" in nov["KF004"]["过失"]
    assert "M01" not in nov["KF004"]["过失"]  # one absence of 4 days is one D01 offence
    assert money(nov["KF002"], "迟到早退次数", "迟到早退罚款", "罚款（元）", "合计（元）") == [
        3,
        60,
        20,
        80,
    ]
    assert "书面批评" in nov["KF002"]["处分"]


def test_money_rules_approvals_and_signatures(tmp_path: Path, capsys: Any) -> None:
    # S04 (2x) with 涉及金额 '50元': 书面批评 and 100; S22 (1x) amount 80: 书面批评 and 80 —
    # on different people, so no escalation. S04 without an amount: V42 error.
    # V46: KF004's S02 (书面批评) without 批准人 → error; KF005's M02 (严重警告) approved by
    # 李娜, a 主管 and not the 总经理 → V46. V47: KF002's L01 without 本人签字 → warning.
    offences = [
        {"日期": "2026-11-02", "工号": "KF001", "过失代码": "S04", "涉及金额": "50元", **SIGNED},
        {"日期": "2026-11-02", "工号": "KF003", "过失代码": "S22", "涉及金额": 80, **SIGNED},
        {"日期": "2026-11-02", "工号": "KF009", "过失代码": "S04", **SIGNED},
        {"日期": "2026-11-02", "工号": "KF004", "过失代码": "S02", "本人签字": "周芳"},
        {
            "日期": "2026-11-02",
            "工号": "KF005",
            "过失代码": "M02",
            "本人签字": "吴静",
            "批准人": "李娜",
        },
        {"日期": "2026-11-02", "工号": "KF002", "过失代码": "L01", "本人签字": "无"},
    ]
    path = fill(tmp_path / "处罚汇总表.xlsx", offences=offences)
    book = compute(capsys, tmp_path, path, "2026-11-30")
    got = [(r["处分"], r["罚款"] or 0) for r in rows(book, "过失登记")]
    assert got[:2] == [("书面批评", 100), ("书面批评", 80)]
    nov = penalty_people(book["月处罚汇总"])
    assert money(nov["KF001"], "罚款（元）") == [100]
    assert money(nov["KF003"], "罚款（元）") == [80]
    assert money(nov["KF005"], "扣薪（元）") == [458.40]
    found = {
        (r, row, sev)
        for r, _, row, sev in findings(capsys, path, "2026-11-30")
        if r in ("V42", "V46", "V47")
    }
    assert ("V42", 4, "error") in found
    assert {(r, row) for r, row, _ in found if r == "V46"} == {("V46", 5), ("V46", 6)}
    assert {(r, row) for r, row, _ in found if r == "V47"} == {("V47", 7)}


def test_a_sanction_dated_before_its_offence_is_questioned(tmp_path: Path, capsys: Any) -> None:
    # KF002's L01 on 11-12 typed as noticed 11-05 and issued 11-01: a typo either way (nothing
    # is issued before it happened). Read as typed, the oral would expire 2027-10-31 — a
    # warning on each date says so rather than letting validity end early unsaid.
    offences = [
        {
            "日期": "2026-11-12",
            "工号": "KF002",
            "过失代码": "L01",
            "通知日期": "2026-11-05",
            "签发日期": "2026-11-01",
            **SIGNED,
        }
    ]
    path = fill(tmp_path / "处罚汇总表.xlsx", offences=offences)
    found = findings(capsys, path, "2026-11-30")
    assert found == [("P04", "过失登记", 2, "warning")] * 2  # 通知日期 and 签发日期
