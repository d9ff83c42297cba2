"""A corpus of workbooks typed the way branch offices type them (issue 9), built by code.

`build(folder)` writes every case into `folder/<case name>/` and returns the cases. Next to
each workbook stands what a careful person works out by hand from SPEC (revision 2): the
findings that must and must not appear and the figures of the month's summary. Calendar
(SPEC §3.1): 2026-10-01..07 National Day rest days, Sat 2026-10-10 a working day; 2026-11-01
is a Sunday. Run as `python -m tests.corpus.build DIR` (or `python tests/corpus/build.py DIR`)
to look at the workbooks.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from pathlib import Path

import openpyxl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).parent))
    from model import (  # type: ignore[no-redef]
        ABSENT,
        ZERO_OR_ABSENT,
        Book,
        Case,
        Err,
        Figure,
        Finding,
        Formula,
        Has,
        Lacks,
        Sheet,
        write_book,
    )
else:
    from .model import (
        ABSENT,
        ZERO_OR_ABSENT,
        Book,
        Case,
        Err,
        Figure,
        Finding,
        Formula,
        Has,
        Lacks,
        Sheet,
        write_book,
    )

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

VISIT_HEAD = [
    "回访日期", "客户单位", "联系人", "联系电话", "回访方式", "回访类型", "关联投诉编号",
    "客户意见", "承诺解决方法", "承诺期限", "解决日期", "复访日期", "满意度", "客户签字",
    "回访人", "主管审核", "备注",
]  # fmt: skip
COMPLAINT_HEAD = [
    "投诉编号", "受理时间", "客户", "渠道", "投诉类别", "投诉内容", "责任单位", "首次回复时间",
    "处理结果", "解决时间", "回访时间", "回访结果", "回访次数", "恶性", "首问负责人",
]  # fmt: skip
HANDOVER_HEAD = [
    "日期", "班次", "交班人", "接班人", "接班到岗时间", "交接事项", "未结事项数", "交班人签字",
    "接班人签字", "当面交接", "换班", "换班批准人", "主管审阅", "备注",
]  # fmt: skip
OFFENCE_HEAD = [
    "日期", "工号", "姓名", "过失代码", "过失描述", "涉及金额", "通知日期", "本人签字",
    "申诉日期", "申诉结果", "处分要求", "批准人",
]  # fmt: skip
ATTENDANCE_HEAD = [
    "月份", "工号", "姓名", "迟到次数", "早退次数", "旷工天数", "连续旷工天数", "事假天数", "病假天数",
]  # fmt: skip
ROSTER_HEAD = [
    "工号",
    "姓名",
    "部门",
    "岗位",
    "基本工资",
    "岗位津贴",
    "月奖金",
    "入职日期",
    "合同到期日",
]

NOV_AS_OF = "2026-11-30 18:00"
PEOPLE = ["王芳", "李娜", "刘洋", "陈静"]
SHIFT_ARRIVALS = {"早班": time(7, 45), "中班": time(15, 45), "夜班": time(23, 45)}


def d(text: str) -> datetime:
    return datetime.fromisoformat(text)


def table(
    headers: list[str], records: list[dict[str, object]], canon: dict[str, str] | None = None
) -> list[list[object]]:
    """Rows in the order of the typed headers; `canon` maps a typed header to the key the
    records use (the template's header)."""
    canon = canon or {}
    return [[rec.get(canon.get(h, h)) for h in headers] for rec in records]


def visit(
    day: object,
    client: str,
    staff: str,
    method: str = "电话",
    kind: str = "定期回访",
    **more: object,
) -> dict[str, object]:
    rec: dict[str, object] = {
        "回访日期": day,
        "客户单位": client,
        "联系人": "张先生",
        "联系电话": "13912345678",
        "回访方式": method,
        "回访类型": kind,
        "客户意见": "服务正常",
        "满意度": "满意",
        "回访人": staff,
    }
    rec.update(more)
    return rec


def complaint(
    cid: str, received: object, client: str, replied: object = None, **more: object
) -> dict[str, object]:
    rec: dict[str, object] = {
        "投诉编号": cid,
        "受理时间": received,
        "客户": client,
        "渠道": "电话",
        "投诉类别": "服务态度",
        "投诉内容": "门岗保安态度生硬",
        "责任单位": "一站",
        "首次回复时间": replied,
        "恶性": "否",
        "首问负责人": "王芳",
    }
    rec.update(more)
    return rec


def params(**values: object) -> Sheet:
    rows: list[list[object]] = [["参数", "名称", "值", "说明"]]
    rows += [[key, None, value, None] for key, value in values.items()]
    return Sheet("参数", rows)


def visit_book(
    path: str,
    visits: list[list[object]],
    complaints: list[list[object]] | None = None,
    *,
    writer: str = "openpyxl",
    visit_sheet: str = "回访登记",
    extra: list[Sheet] | None = None,
) -> Book:
    sheets = [Sheet(visit_sheet, visits), Sheet("投诉登记", complaints or [COMPLAINT_HEAD])]
    return Book(path, sheets + (extra or []), writer)


def plain(records: list[dict[str, object]], head: list[str] = VISIT_HEAD) -> list[list[object]]:
    return [head, *table(head, records)]


def chain(
    days: list[str], people: list[str] = PEOPLE, **per_row: dict[str, object]
) -> list[dict[str, object]]:
    """A continuous handover log: each shift's receiver hands over the next shift. `per_row`
    maps "i" (0-based row index) to the cells that row types differently."""
    rows = []
    k = 0
    for day in days:
        for shift in ("早班", "中班", "夜班"):
            giver, taker = people[k % len(people)], people[(k + 1) % len(people)]
            rec: dict[str, object] = {
                "日期": d(day),
                "班次": shift,
                "交班人": giver,
                "接班人": taker,
                "接班到岗时间": SHIFT_ARRIVALS[shift],
                "交接事项": "交接值班电话、钥匙，无未结事项",
                "未结事项数": 0,
                "交班人签字": giver,
                "接班人签字": taker,
                "当面交接": "是",
                "主管审阅": "张敏",
            }
            rec.update(per_row.get(str(k), {}))
            rows.append(rec)
            k += 1
    return rows


def handover_book(
    path: str, rows: list[list[object]], writer: str = "openpyxl", extra: list[Sheet] | None = None
) -> Book:
    return Book(path, [Sheet("交接班", rows), *(extra or [])], writer)


ROSTER = [
    ["KF001", "李强", "总经办", "总经理", 8000, 400, 2000],
    ["KF002", "王伟", "客服部", "客服专员", 4000, 300, 600],
    ["KF003", "王芳", "客服部", "客服专员", 3200, 300, 600],
    ["KF004", "李娜", "客服部", "客服专员", 3000, 300, 600],
    ["KF005", "刘洋", "客服部", "客服专员", 2900, 300, 500],
    ["KF006", "陈静", "客服部", "客服专员", 2800, 300, 500],
    ["KF007", "孙悦", "客服部", "文员", 2000, 200, 400],
    ["KF008", "张敏", "客服部", "主管", 4200, 400, 900],
    ["KF009", "王伟", "客服部", "客服专员", 3000, 200, 500],
]
NAMES = {row[0]: row[1] for row in ROSTER}


def catalogue() -> Sheet:
    """The offence catalogue as the template carries it (offices copy it with the template)."""
    wb = openpyxl.load_workbook(TEMPLATES / "处罚汇总表.xlsx", read_only=True)
    rows = [list(r) for r in wb["过失目录"].iter_rows(values_only=True)]
    wb.close()
    return Sheet("过失目录", rows)


def offence(
    day: str, staff_no: str | int | None, code: str, *, name: str | None = None, **more: object
) -> dict[str, object]:
    notice = d(day).date().toordinal() + 1
    rec: dict[str, object] = {
        "日期": d(day),
        "工号": staff_no,
        "姓名": name if name is not None else NAMES.get(str(staff_no)),
        "过失代码": code,
        "过失描述": "见记录",
        "通知日期": datetime.combine(date.fromordinal(notice), time(0)),
        "批准人": "李强",
    }
    rec["本人签字"] = rec["姓名"]
    rec.update(more)
    return rec


def attendance(month: object, staff_no: object, **counts: object) -> dict[str, object]:
    rec: dict[str, object] = {"月份": month, "工号": staff_no, "姓名": NAMES.get(str(staff_no))}
    for key in ATTENDANCE_HEAD[3:]:
        rec[key] = counts.get(key, 0)
    return rec


def penalty_book(
    path: str,
    offences: list[dict[str, object]],
    attendance_rows: list[dict[str, object]] | None = None,
    *,
    roster: list[list[object]] = ROSTER,
    writer: str = "openpyxl",
    settings: dict[str, object] | None = None,
    extra: list[Sheet] | None = None,
) -> Book:
    roster_rows = [ROSTER_HEAD] + [[*r, d("2020-01-01"), d("2028-12-31")] for r in roster]
    sheets = [
        Sheet("员工", roster_rows),
        Sheet("过失登记", plain(offences, OFFENCE_HEAD)),
        Sheet("考勤", plain(attendance_rows or [], ATTENDANCE_HEAD)),
        catalogue(),
        params(local_min_wage=2490, **(settings or {})),
        *(extra or []),
    ]
    return Book(path, sheets, writer)


def pay(
    staff_no: str, column: str, value: object, why: str = "", book: str | None = None
) -> Figure:
    return Figure("月处罚汇总", {"工号": staff_no}, column, value, why, book)


def agent(name: str, column: str, value: object, why: str = "") -> Figure:
    return Figure("回访", {"回访人": name}, column, value, why)


def overview(caption: str, value: object, why: str = "") -> Figure:
    return Figure("总览", {"指标": caption}, "数值", value, why)


# ----------------------------------------------------------------------------- visit registers


def c01_wps_title_merged() -> Case:
    headers = [
        "序号",
        "回访\n日期",
        "客户\n单位",
        "联系人",
        "联系\n电话",
        "回访\n方式",
        "回访类型",
        "客户意见",
        "客户\n签字",
        "回访人",
        "满意度",
        "备注",
    ]
    canon = {h: h.replace("\n", "") for h in headers}
    recs = [
        visit("2026.11.3", "无锡市锡山区图书馆", "王芳", "上门", 客户签字="张丽"),
        visit(
            "2026年11月4日",
            "无锡地铁集团",
            "王芳",
            回访类型="满意度调查",
            满意度="非常满意",
            联系电话="0510-82345678",
        ),
        visit("11月5日", "江南大学后勤处", "李娜", "上门", 客户签字="李老师"),
        visit("11/6", "无锡市第二人民医院", "李娜", 回访类型="意见征求"),
        visit(
            "２０２６年１１月９日",
            "梁溪区政务服务中心",
            "王芳",
            "上门",
            "售后回访",
            客户签字="周敏",
        ),
        visit("2026/11/10", "无锡市锡山区图书馆", "王芳"),
    ]
    body = table(headers, recs, canon)
    for i, row in enumerate(body, start=1):
        row[0] = i
    title = ["无锡分公司客服部 2026年11月 客户回访登记表"] + [None] * 11
    rows = [
        title,
        ["填报单位：无锡分公司", None, None, None, None, None, None, None, None, "填报人：王芳"],
        headers,
        *body,
        [],
        ["填表人：王芳", None, None, "审核：张敏"],
    ]
    sheets = [
        Sheet("回访登记", rows, merged=("A1:L1",)),
        Sheet("投诉登记", [COMPLAINT_HEAD]),
        params(branch="无锡分公司"),
    ]
    book = Book("回访登记表.xlsx", sheets, "xlsxwriter")
    return Case(
        "c01_wps_title_merged_seq",
        [book],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("R02", "回访登记", r, severity="error") for r in range(4, 10)]
        + [Finding("R01", "回访登记", 11), Finding("V11", "回访登记")],
        figures=[
            agent(
                "王芳",
                "回访次数",
                4,
                "rows 4,5,8,9; dates 2026.11.3, 2026年11月4日, full-width, 2026/11/10",
            ),
            agent("王芳", "客户签字", 2),
            agent("李娜", "回访次数", 2, "11月5日 and 11/6 (year-less: the run's year, §1.0)"),
            agent("李娜", "客户签字", 1),
            overview("回访次数", 6),
            overview("客户签字率", 0.5, "3 signed of 6 (V02)"),
            agent(
                "王芳",
                "完成率",
                0.15,
                "3 distinct clients of 20 (V01: visits_target_counts = clients)",
            ),
            overview(
                "未完成意见征求的客户", 4, "5 clients, only 第二人民医院 had an 意见征求 (V04)"
            ),
        ],
        why="XlsxWriter (WPS-like), merged title, a 填报 line, 序号, line breaks in headers, text dates of six shapes, a sign-off line under a blank row.",
    )


def c02_client_first_footer() -> Case:
    headers = [
        "客户单位",
        "回访时间",
        "回访人员",
        "回访方式",
        "回访类型",
        "联系电话",
        "客户签字",
        "满意度",
        "工单号",
        "片区",
        "备注",
    ]
    canon = {"回访时间": "回访日期", "回访人员": "回访人"}
    recs = [
        visit(d("2026-11-02"), "统计局", "刘洋", "上门", 联系电话=13912345678, 工单号="GD-1"),
        visit(d("2026-11-03"), "以上海路店", "刘洋", 工单号="GD-2"),
        visit(d("2026-11-04"), "淮海路店", "刘洋", "上门", 客户签字="王经理", 工单号="GD-3"),
        {"客户单位": "合计", "工单号": "3"},
        {"客户单位": "说明：统计局为客户单位名称，以上海路店为门店名称"},
    ]
    rows = [headers, *table(headers, recs, canon)]
    return Case(
        "c02_client_first_footer",
        [visit_book("回访登记表.xlsx", rows)],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V11", "回访登记", 2, "客户签字")],
        must_not=[
            Finding("R01", "回访登记", 5),
            Finding("R01", "回访登记", 6),
            Finding("V11", "回访登记", 4),
        ],
        figures=[
            agent("刘洋", "回访次数", 3, "统计局 and 以上海路店 are clients, not footers (§1.0)"),
            agent("刘洋", "客户签字", 1),
        ],
        why="客户单位 first, synonyms, extra columns, a phone typed as a number; clients 统计局/以上海路店; 合计 and 说明 footers.",
    )


def c03_blank_markers() -> Case:
    recs = [
        visit(d("2026-11-02"), "清河新村社区", "陈静", "上门", 客户签字="/", 解决日期="-"),
        visit(
            d("2026-11-03"),
            "翔宇花园物业",
            "陈静",
            "上门",
            客户签字="无",
            承诺解决方法="/",
            承诺期限="N/A",
        ),
        visit(d("2026-11-04"), "淮安市实验小学", "陈静", "上门", 客户签字="—"),
        visit(d("2026-11-05"), "淮阴医院", "陈静", 复访日期="／"),
        visit(d("2026-11-06"), "政务服务中心", "陈静", "上门", 客户签字="赵先生"),
    ]
    return Case(
        "c03_blank_markers",
        [visit_book("回访登记表.xlsx", plain(recs))],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V11", "回访登记", r, "客户签字") for r in (2, 3, 4)],
        must_not=[
            Finding("R02", "回访登记", 2, severity="error"),
            Finding("R02", "回访登记", 3, severity="error"),
            Finding("V07", "回访登记", 3),
            Finding("R02", "回访登记", 5, severity="error"),
            Finding("V11", "回访登记", 6),
        ],
        figures=[
            agent("陈静", "回访次数", 5),
            agent("陈静", "客户签字", 1),
            agent("陈静", "签字率", 0.2, "/ 无 — are no signature (§1.0)"),
        ],
        why="Blank markers / 无 — － N/A ／ in signature, date and promise cells.",
    )


def c04_copy_sheet_october_november() -> Case:
    october = [visit(d(f"2026-10-{n}"), f"十月客户{n}", "王芳") for n in (12, 15, 20)]
    november = [visit(d(f"2026-11-{n:02d}"), f"十一月客户{n}", "王芳") for n in (2, 9, 16, 23)]
    book = Book(
        "回访登记表.xlsx",
        [
            Sheet("回访登记", plain(october)),
            Sheet("回访登记 (2)", plain(november)),
            Sheet("投诉登记", [COMPLAINT_HEAD]),
        ],
    )
    return Case(
        "c04_copy_sheet_oct_nov",
        [book],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("R05")],
        figures=[
            overview("回访次数", 4, "回访登记 (2) reaches latest and is read (§1.0, R05)"),
            agent("王芳", "回访次数", 4),
        ],
        why="October in 回访登记, November in its copy 回访登记 (2).",
    )


def c05_only_copy_sheet() -> Case:
    november = [visit(d(f"2026-11-{n:02d}"), f"客户{n}", "李娜") for n in (3, 10, 17)]
    book = Book(
        "回访登记表.xlsx",
        [Sheet("回访登记 (2)", plain(november)), Sheet("投诉登记", [COMPLAINT_HEAD])],
    )
    return Case(
        "c05_only_copy_sheet",
        [book],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("R04", "回访登记"), Finding("R05")],
        figures=[overview("回访次数", 3, "a sheet 回访登记 (2) alone is the 回访登记 (§1.0)")],
        why="The only visit sheet is a copy named 回访登记 (2).",
    )


def c06_hidden_old_month() -> Case:
    october = [visit(d(f"2026-10-{n}"), f"十月客户{n}", "刘洋") for n in (13, 21, 28, 29, 30)]
    november = [visit(d(f"2026-11-{n:02d}"), f"十一月客户{n}", "刘洋") for n in (4, 11, 18, 25)]
    book = Book(
        "回访登记表.xlsx",
        [
            Sheet("回访登记", plain(october), hidden=True),
            Sheet("回访登记表", plain(november)),
            Sheet("投诉登记", [COMPLAINT_HEAD]),
        ],
        "xlsxwriter",
    )
    return Case(
        "c06_hidden_old_month",
        [book],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("R05")],
        figures=[
            overview(
                "回访次数",
                4,
                "the visible 回访登记表 is read, the hidden October sheet is not (§1.0)",
            )
        ],
        why="An old month kept in a hidden sheet named exactly 回访登记; the current one renamed 回访登记表.",
    )


def c07_lists_in_cell() -> Case:
    visits = [
        visit(
            d("2026-11-02"),
            "万达广场",
            "王芳、李娜",
            "上门",
            "投诉回访",
            关联投诉编号="TS-001、TS-002",
            客户签字="周经理",
        ),
        visit(
            d("2026-11-03"), "苏宁广场", "王　芳", "电话", "投诉回访", 关联投诉编号="TS-001，TS-003"
        ),
        visit(d("2026-11-04"), "恒隆广场", "李娜/刘洋"),
        visit(d("2026-11-05"), "金鹰购物中心", "李 娜"),
    ]
    complaints = [
        complaint("TS-001", d("2026-11-01 10:00"), "万达广场", d("2026-11-01 15:00")),
        complaint(
            "TS-002", d("2026-11-02 09:00"), "万达广场", d("2026-11-02 11:00"), 投诉类别="工作效率"
        ),
    ]
    return Case(
        "c07_lists_in_cell",
        [
            visit_book(
                "回访登记表.xlsx",
                plain(visits),
                plain(complaints, COMPLAINT_HEAD),
                writer="xlsxwriter",
            )
        ],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V06", "回访登记", 3, "关联投诉编号")],
        must_not=[Finding("V06", "回访登记", 2), Finding("V12"), Finding("D03")],
        figures=[
            agent("王芳", "回访次数", 2, "joint visit row 2 and 王　芳 (padding) on row 3"),
            agent("李娜", "回访次数", 3, "rows 2, 4 (李娜/刘洋) and 5 (李 娜)"),
            agent("刘洋", "回访次数", 1),
            agent("王芳、李娜", "回访次数", ABSENT, "a list is not a third agent (§1.0)"),
        ],
        why="回访人 and 关联投诉编号 lists in one cell; names padded with spaces.",
    )


def c08_phones() -> Case:
    phones = [
        "0517-836088",
        "138 1234 5678（微信同号）",
        "+86 139-1234-5678",
        "(0510)82345678",
        "400-820-8820",
        "1377047826",
        13912345678,
        "0519 8654 3210",
    ]
    recs = [
        visit(d(f"2026-11-{i + 2:02d}"), f"客户{i}", "孙悦", 联系电话=p)
        for i, p in enumerate(phones)
    ]
    return Case(
        "c08_phones",
        [visit_book("回访登记表.xlsx", plain(recs))],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("V05", "回访登记", 2, "联系电话"), Finding("V05", "回访登记", 7, "联系电话")],
        must_not=[Finding("V05", "回访登记", r) for r in (3, 4, 5, 6, 8, 9)],
        figures=[agent("孙悦", "回访次数", 8)],
        why="V05 by libphonenumber: 0517-836088 a digit short, 1377047826 ten digits; mobile with a note, +86, brackets, 400, a number-typed mobile are valid.",
    )


def c09_year_boundary() -> Case:
    recs = [
        visit("11月30日", "十一月客户", "周杰"),
        visit("12月28日", "客户甲", "周杰"),
        visit("12月30日", "客户乙", "周杰"),
        visit("2026.12.31", "客户丙", "周杰"),
        visit("1月4日", "客户丁", "周杰"),
    ]
    return Case(
        "c09_year_boundary_december",
        [visit_book("回访登记表.xlsx", plain(recs))],
        "2027-01-05 10:00",
        "2026-12",
        0,
        # no silent guess (issue 9): the year chosen for 11月30日..12月30日 (2026, not the
        # reference date's 2027) is said in a finding
        must=[Finding("R02", "回访登记", 2, "回访日期", severity="warning")],
        must_not=[Finding("R02", severity="error")],
        figures=[
            agent(
                "周杰",
                "回访次数",
                3,
                "12月28日/12月30日 in 2026: in 2027 they would lie > 60 days after the 2027-01-05 reference (§1.0); 1月4日 is 2027",
            ),
            overview("回访次数", 3),
        ],
        why="Year-less dates around New Year, run on 2027-01-05 for December 2026.",
    )


def c10_holidays_reply() -> Case:
    complaints = [
        complaint("TS-10-01", "2026-10-10 09:00", "中国银行淮安分行", "2026-10-12 08:59"),
        complaint("TS-10-02", "2026.10.4 11:00", "淮安市实验小学", "2026-10-08 20:00"),
        complaint("TS-09-30", "2026年9月30日 10:00", "政务服务中心", "2026-10-08 10:30"),
        complaint("TS-09-24", d("2026-09-24 16:00"), "翔宇花园", d("2026-09-28 15:00")),
        complaint("TS-10-03", "2026/10/9 16:30", "淮阴医院", "2026-10-12 10:00"),
    ]
    visits = [visit(d("2026-10-12"), "中国银行淮安分行", "王芳")]
    return Case(
        "c10_holidays_reply_october",
        [visit_book("回访登记表.xlsx", plain(visits), plain(complaints, COMPLAINT_HEAD))],
        "2026-10-31 18:00",
        "2026-10",
        0,
        must=[
            Finding("D03", "投诉登记", 4, "首次回复时间"),
            Finding("D03", "投诉登记", 6, "首次回复时间"),
        ],
        must_not=[Finding("D03", "投诉登记", r) for r in (2, 3, 5)]
        + [Finding("R02", severity="error")],
        figures=[
            Figure("投诉", {"分公司": Has("")}, "投诉件数", 3, "received in October: rows 2, 3, 6"),
            Figure(
                "投诉",
                {"分公司": Has("")},
                "按时回复",
                2,
                "Sat 10-10 09:00 → due Mon 10-12 09:00; Sun 10-04 → due 10-08 24:00 (D02)",
            ),
            Figure(
                "投诉",
                {"分公司": Has("")},
                "超时回复",
                1,
                "Fri 10-09 16:30 → due Sat 10-10 16:30 (调休 working day)",
            ),
        ],
        why="Reply deadlines over National Day and the 调休 Saturday, typed as text of several shapes.",
    )


def c11_complaint_grades() -> Case:
    complaints = [
        complaint(
            "TS-101",
            d("2026-11-02 10:00"),
            "万达广场",
            d("2026-11-02 14:00"),
            解决时间=d("2026-11-03 10:00"),
            回访时间=d("2026-11-04 10:00"),
            回访结果="已解决",
            回访次数=1,
        ),
        complaint("TS-102", d("2026-11-10 09:00"), "万达广场", d("2026-11-10 11:00")),
        complaint("TS-103", d("2026-11-20 09:00"), "万达广场", d("2026-11-20 10:00")),
        complaint(
            "TS-104",
            d("2026-11-05 09:00"),
            "苏宁易购",
            d("2026-11-05 10:00"),
            投诉类别="工作效率",
            回访时间=d("2026-11-12 10:00"),
            回访结果="未解决",
            回访次数=2,
        ),
        complaint(
            "TS-105",
            d("2026-11-06 09:00"),
            "恒隆广场",
            d("2026-11-06 09:30"),
            投诉类别="安全",
            恶性="是",
        ),
        complaint(
            "TS-106", d("2026-11-09 09:00"), "万达广场", d("2026-11-09 10:00"), 投诉类别="收费"
        ),
    ]
    branch = {"分公司": Has("")}
    return Case(
        "c11_complaint_grades",
        [
            visit_book(
                "回访登记表.xlsx",
                plain([visit(d("2026-11-04"), "万达广场", "王芳")]),
                plain(complaints, COMPLAINT_HEAD),
                writer="xlsxwriter",
            )
        ],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("D03")],
        figures=[
            Figure("投诉", branch, "投诉件数", 6),
            Figure("投诉", branch, "一般", 2, "TS-101 first; TS-106 another category"),
            Figure(
                "投诉",
                branch,
                "重复",
                2,
                "TS-102 same client+category within 30 days; TS-104 2 follow-ups still 未解决 (C02)",
            ),
            Figure("投诉", branch, "恶性", 2, "TS-105 flag; TS-103 repeats a repeat (C02)"),
            overview("重复投诉", 2),
            overview("恶性投诉", 2),
        ],
        why="Complaint grades C02 from repeats and the 恶性 flag.",
    )


def c12_half_typed_rows() -> Case:
    visits = [
        visit(d("2026-11-02"), "淮安市实验小学", "王芳"),
        {"客户意见": "客户反映夜间巡逻不到位"},
    ]
    complaints = [
        complaint("TS-201", d("2026-11-02 09:00"), "淮安市实验小学", d("2026-11-02 10:00")),
        {"投诉内容": "客户来电反映门岗态度差"},
        {"投诉编号": "合计", "回访次数": 2},
    ]
    return Case(
        "c12_half_typed_rows",
        [visit_book("回访登记表.xlsx", plain(visits), plain(complaints, COMPLAINT_HEAD))],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[
            Finding("R01", "回访登记", 3, "回访日期"),
            Finding("R01", "回访登记", 3, "客户单位"),
            Finding("R01", "回访登记", 3, "回访人"),
            Finding("R01", "投诉登记", 3, "投诉编号"),
            Finding("R01", "投诉登记", 3, "受理时间"),
            Finding("R01", "投诉登记", 3, "责任单位"),
        ],
        must_not=[
            Finding("R01", "投诉登记", 4),
            Finding("R01", "投诉登记", 2),
            Finding("R01", "回访登记", 2),
        ],
        why="A half-typed visit and complaint (only the text) get R01 (§1.0); a 合计 line with one number is a footer.",
    )


def c13_typed_computed_columns() -> Case:
    head = [*VISIT_HEAD, "状态"]
    visits = [
        visit(d("2026-11-02"), "客户甲", "王芳"),
        visit(
            d("2026-11-03"),
            "客户乙",
            "王芳",
            承诺解决方法="更换门禁卡",
            承诺期限=d("2026-12-05"),
            状态="已闭环",
        ),
        visit(
            d("2026-11-04"),
            "客户丙",
            "王芳",
            解决日期=d("2026-11-10"),
            复访日期=d("2026-11-12"),
            状态="已闭环",
        ),
        visit(d("2026-11-05"), "客户丁", "王芳", 解决日期=d("2026-11-10"), 状态="已闭环"),
    ]
    chead = [*COMPLAINT_HEAD, "回复期限", "投诉等级"]
    complaints = [
        complaint(
            "TS-301",
            d("2026-11-02 09:00"),
            "客户甲",
            d("2026-11-02 10:00"),
            恶性="是",
            回复期限="2026-11-03 09:00",
            投诉等级="一般",
        ),
        complaint(
            "TS-302",
            d("2026-11-03 09:00"),
            "客户乙",
            d("2026-11-03 12:00"),
            投诉类别="收费",
            回复期限="2026-11-04 09:00",
            投诉等级="一般",
        ),
    ]
    return Case(
        "c13_typed_computed_columns",
        [
            visit_book(
                "回访登记表.xlsx",
                plain(visits, head),
                plain(complaints, chead),
                writer="xlsxwriter",
            )
        ],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[
            Finding("V49", "回访登记", 3, "状态"),
            Finding("V49", "回访登记", 5, "状态"),
            Finding("V49", "投诉登记", 2, "投诉等级"),
        ],
        must_not=[
            Finding("V49", "回访登记", 2),
            Finding("V49", "回访登记", 4),
            Finding("V49", "投诉登记", 3),
        ],
        why="The branch's own 状态 / 回复期限 / 投诉等级 columns: never overwritten; V49 where they differ (row 3 待解决, row 5 复访超期, TS-301 恶性).",
    )


def c14_signature_all_and_target() -> Case:
    recs = [
        visit(d("2026-11-02"), "客户甲", "孙悦", 客户签字="甲"),
        visit(d("2026-11-03"), "客户乙", "孙悦"),
        visit(d("2026-11-04"), "客户丙", "孙悦", 客户签字="无"),
    ]
    book = visit_book(
        "回访登记表.xlsx", plain(recs), extra=[params(signature_methods="全部", visits_per_month=5)]
    )
    return Case(
        "c14_signature_all_target5",
        [book],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V11", "回访登记", 3, "客户签字"), Finding("V11", "回访登记", 4, "客户签字")],
        must_not=[Finding("V11", "回访登记", 2)],
        figures=[
            agent("孙悦", "目标", 5),
            agent("孙悦", "客户签字", 1),
            overview("回访未达标人数", 1),
        ],
        why="参数: signature_methods = 全部 (every visit), visits_per_month = 5.",
    )


def c15_custom_satisfaction_scale() -> Case:
    levels = ["好", "较好", "一般", "差", "满意"]
    recs = [
        visit(d(f"2026-11-{i + 2:02d}"), f"客户{i}", "刘洋", 满意度=lv)
        for i, lv in enumerate(levels)
    ]
    book = visit_book(
        "回访登记表.xlsx",
        plain(recs),
        extra=[params(satisfaction_scale="好, 较好, 一般, 差, 很差", satisfied_levels="好, 较好")],
    )
    return Case(
        "c15_custom_satisfaction_scale",
        [book],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("R02", "回访登记", 6, "满意度", severity="error")],
        must_not=[Finding("R02", "回访登记", r, severity="error") for r in (2, 3, 4, 5)],
        figures=[
            agent("刘洋", "已评价", 4),
            agent("刘洋", "计为满意", 2),
            agent("刘洋", "满意率", 0.5),
        ],
        why="A 好/较好/一般/差/很差 scale; 满意 is not on it (R02).",
    )


def c16_error_cells() -> Case:
    recs = [
        visit(d("2026-11-02"), "客户甲", "陈静"),
        visit(d("2026-11-03"), "客户乙", "陈静", 解决日期=Err("#N/A")),
        visit(d("2026-11-04"), "客户丙", "陈静", 解决日期=d("2026-11-05"), 复访日期=Err("#REF!")),
        visit(d("2026-11-05"), "客户丁", "陈静", 满意度=Formula("=VLOOKUP(A5,参数!A:C,3,0)")),
    ]
    return Case(
        "c16_error_cells",
        [visit_book("回访登记表.xlsx", plain(recs))],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[
            Finding("R03", "回访登记", 3, "解决日期"),
            Finding("R03", "回访登记", 4, "复访日期"),
            Finding("R03", "回访登记", 5, "满意度"),
        ],
        must_not=[
            Finding("R02", "回访登记", 3, severity="error"),
            Finding("R02", "回访登记", 4, severity="error"),
        ],
        why="Error values and a formula without a cached value: R03, never a blank.",
    )


def c17_dates_in_datetime_columns() -> Case:
    complaints = [
        complaint("TS-401", "11/03/2026 09:30", "客户甲", "11/03/2026 15:00"),
        complaint("TS-402", "2026年11月5日 14点30分", "客户乙", "2026年11月5日 16点00分"),
        complaint("TS-403", "2026-11-06", "客户丙", "2026-11-06 10:00"),
    ]
    return Case(
        "c17_dates_in_datetime_columns",
        [
            visit_book(
                "回访登记表.xlsx",
                plain([visit(d("2026-11-06"), "客户丙", "王芳")]),
                plain(complaints, COMPLAINT_HEAD),
            )
        ],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("R02", "投诉登记", 2, "受理时间", severity="warning")],
        must_not=[Finding("R02", severity="error"), Finding("D03")],
        figures=[
            Figure(
                "投诉",
                {"分公司": Has("")},
                "投诉件数",
                3,
                "11/03/2026 is 3 November for a November register",
            )
        ],
        why="Dates typed 11/03/2026, 2026年11月5日 14点30分 and a date alone in date-time columns.",
    )


def c18_synonym_values_and_garbage() -> Case:
    headers = [
        "回访日期",
        "客户名称",
        "联系电话",
        "回访方式",
        "回访类型",
        "客户意见和要求",
        "客户签字",
        "客服",
    ]
    canon = {"客户名称": "客户单位", "客户意见和要求": "客户意见", "客服": "回访人"}
    recs = [
        visit(d("2026-11-02"), "客户甲", "周杰", "面谈", 客户签字="甲"),
        visit(d("2026-11-03"), "客户乙", "周杰", "电话回访"),
        visit(d("2026-11-04"), "客户丙", "周杰", "打电话"),
        visit("上周三", "客户丁", "周杰"),
        visit("2026-11-31", "客户戊", "周杰"),
        visit(d("2026-11-06"), "客户己", "周杰", "上门 ", "满意度调查 ", 客户签字="己"),
    ]
    return Case(
        "c18_synonym_values_and_garbage",
        [visit_book("回访登记表.xlsx", [headers, *table(headers, recs, canon)])],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[
            Finding("R02", "回访登记", 4, "回访方式", severity="error"),
            Finding("R02", "回访登记", 5, "回访日期", severity="error"),
            Finding("R02", "回访登记", 6, "回访日期", severity="error"),
        ],
        must_not=[
            Finding("R02", "回访登记", 2, severity="error"),
            Finding("R02", "回访登记", 3, severity="error"),
            Finding("R02", "回访登记", 7, severity="error"),
            Finding("V11", "回访登记", 2),
            Finding("V11", "回访登记", 7),
        ],
        why="面谈 = 上门, 电话回访 = 电话, trailing spaces; 打电话, 上周三 and 2026-11-31 cannot be read.",
    )


def c19_holiday_sheet_override() -> Case:
    complaints = [complaint("TS-501", d("2026-11-13 10:00"), "客户甲", d("2026-11-17 09:00"))]
    holidays = Sheet("节假日", [["日期", "类型", "说明"], [d("2026-11-16"), "休", "公司庆典调休"]])
    book = visit_book(
        "回访登记表.xlsx",
        plain([visit(d("2026-11-13"), "客户甲", "王芳")]),
        plain(complaints, COMPLAINT_HEAD),
        extra=[holidays],
    )
    return Case(
        "c19_holiday_sheet_override",
        [book],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("D03", "投诉登记", 2)],
        figures=[
            Figure(
                "投诉",
                {"分公司": Has("")},
                "按时回复",
                1,
                "Mon 11-16 is a rest day by the 节假日 sheet: due Tue 11-17 10:00 (D01, D02)",
            )
        ],
        why="The 节假日 sheet overrides the calendar.",
    )


def c20_branches_in_file_names() -> Case:
    wuxi = [
        visit(d("2026-11-02"), "客户甲", "王芳"),
        visit(d("2026-11-03"), "客户乙", "王芳"),
        visit(d("2026-11-04"), "客户丙", "李娜"),
    ]
    changzhou = [visit(d("2026-11-05"), "客户丁", "王芳"), visit(d("2026-11-06"), "客户戊", "周杰")]
    books = [
        visit_book("回访登记表-无锡分公司.xlsx", plain(wuxi), extra=[params(branch=None)]),
        visit_book(
            "回访登记表（常州分公司）.xlsx",
            plain(changzhou),
            writer="xlsxwriter",
            extra=[params(branch=None)],
        ),
    ]
    return Case(
        "c20_branches_in_file_names",
        books,
        NOV_AS_OF,
        "2026-11",
        0,
        figures=[
            overview("分公司数", 2),
            overview("回访次数", 5),
            overview("重复未计入的文件", 0),
            Figure("回访", {"分公司": Has("无锡"), "回访人": "王芳"}, "回访次数", 2),
            Figure("回访", {"分公司": Has("常州"), "回访人": "王芳"}, "回访次数", 1),
            Figure("回访", {"分公司": Has("常州"), "回访人": "周杰"}, "回访次数", 1),
        ],
        why="Two branches in one folder, the branch only in the file name (README: 参数 branch, else its name).",
    )


def c21_install_callbacks() -> Case:
    head = [*VISIT_HEAD, "安装日期"]
    recs = [
        visit(d("2026-11-04"), "客户甲", "王芳", kind="安装回访", 安装日期=d("2026-11-02")),
        visit(d("2026-11-09"), "客户乙", "王芳", kind="安装回访", 安装日期="2026年11月2日"),
        visit(d("2026-11-10"), "客户丙", "王芳", kind="安装回访"),
    ]
    return Case(
        "c21_install_callbacks",
        [visit_book("回访登记表.xlsx", plain(recs, head))],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V13", "回访登记", 3), Finding("V13", "回访登记", 4, "安装日期")],
        must_not=[Finding("V13", "回访登记", 2), Finding("R02", severity="error")],
        why="安装回访 (SPEC rev 2, V13): on time, 7 days late, and without 安装日期.",
    )


def c22_xls_error_cells() -> Case:
    recs = [
        visit(d("2026-11-02"), "客户甲", "陈静"),
        visit(d("2026-11-03"), "客户乙", "陈静", 解决日期=Err("#N/A"), 复访日期=d("2026-11-05")),
        visit(d("2026-11-04"), "客户丙", "陈静", 满意度=Err("#DIV/0!")),
    ]
    return Case(
        "c22_xls_error_cells",
        [visit_book("回访登记表.xls", plain(recs), writer="xlwt")],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("R03", "回访登记", 3, "解决日期"), Finding("R03", "回访登记", 4, "满意度")],
        figures=[agent("陈静", "回访次数", 3)],
        why=".xls (old Excel / WPS) with #N/A and #DIV/0! cells: R03, never a blank (issue 9 item 10).",
    )


def c23_excel_serials() -> Case:
    recs = [
        visit(46328, "客户甲", "李娜"),  # 2026-11-02 as a bare serial number
        visit(46329.0, "客户乙", "李娜", 承诺解决方法="调整巡逻路线", 承诺期限=46340),
        visit("46330", "客户丙", "李娜"),
    ]
    return Case(
        "c23_excel_serials",
        [visit_book("回访登记表.xlsx", plain(recs))],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("R02", severity="error"), Finding("V08")],
        figures=[
            agent(
                "李娜",
                "回访次数",
                3,
                "serials 46328..46330 are 2026-11-02..04 (§1: Excel serial numbers)",
            )
        ],
        why="Dates as bare Excel serial numbers (General format), one typed as text.",
    )


def c24_pending_replies() -> Case:
    complaints = [
        complaint("TS-601", d("2026-11-30 17:00"), "客户甲"),
        complaint("TS-602", d("2026-11-27 10:00"), "客户乙", 投诉类别="收费"),
        complaint("TS-603", d("2026-11-28 10:00"), "客户丙", 投诉类别="安全"),
    ]
    branch = {"分公司": Has("")}
    return Case(
        "c24_pending_replies",
        [
            visit_book(
                "回访登记表.xlsx",
                plain([visit(d("2026-11-27"), "客户乙", "王芳")]),
                plain(complaints, COMPLAINT_HEAD),
            )
        ],
        NOV_AS_OF,
        "2026-11",
        None,
        figures=[
            Figure(
                "投诉",
                branch,
                "待回复",
                2,
                "TS-601 due Tue 12-01 17:00; TS-603 (Sat, rest day) due Mon 11-30 24:00 (D02, D03)",
            ),
            Figure(
                "投诉",
                branch,
                "已超期未回复",
                1,
                "TS-602 (Fri 10:00) due Mon 11-30 10:00, passed at 18:00",
            ),
        ],
        why="Unanswered complaints at the reference time, one received on a Saturday.",
    )


def c25_copy_file_same_branch() -> Case:
    recs = [visit(d(f"2026-11-{n:02d}"), f"客户{n}", "王芳") for n in (2, 3, 4)]
    books = [
        visit_book("回访登记表.xlsx", plain(recs), extra=[params(branch="无锡分公司")]),
        visit_book("回访登记表 - 副本.xlsx", plain(recs), extra=[params(branch="无锡分公司")]),
    ]
    return Case(
        "c25_copy_file_same_branch",
        books,
        NOV_AS_OF,
        "2026-11",
        None,
        figures=[
            overview(
                "重复未计入的文件",
                1,
                "README: two files claiming the same branch and month are reported, not double-counted",
            ),
            overview("回访次数", 3),
        ],
        why="A Windows copy (… - 副本.xlsx) left in the folder beside the original.",
    )


def c26_header_noise_and_merged_names() -> Case:
    headers = [
        "回访 日期",
        "客户单位\u3000",
        " 联系电话",
        "回访方式 ",
        "回访类型",
        "客户签字",
        "回访人 ",
    ]
    canon = {h: "".join(h.split()) for h in headers}
    recs = [
        visit(d("2026-11-02"), "客户甲", "王芳", "上门", 客户签字="甲"),
        visit(d("2026-11-03"), "客户乙", None),
        visit(d("2026-11-04"), "客户丙", None),
        visit(d("2026-11-05"), "客户丁", "李娜"),
    ]
    return Case(
        "c26_header_noise_merged_names",
        [
            Book(
                "回访登记表.xlsx",
                [
                    Sheet("回访登记", [headers, *table(headers, recs, canon)], merged=("G2:G4",)),
                    Sheet("投诉登记", [COMPLAINT_HEAD]),
                ],
            )
        ],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("R01"), Finding("R04", "回访登记")],
        figures=[
            agent("王芳", "回访次数", 3, "王芳 merged down rows 2-4 belongs to each (README)"),
            agent("李娜", "回访次数", 1),
        ],
        why="Headers with stray and ideographic spaces; 回访人 merged down three rows.",
    )


def c27_two_row_header_split_moment() -> Case:
    top = ["回访日期", "客户单位", "回访方式", "回访类型", "承诺", None, "回访人"]
    sub = [None, None, None, None, "解决方法", "期限", None]
    rows = [
        top,
        sub,
        [d("2026-11-02"), "客户甲", "电话", "定期回访", "增派夜班保安", d("2026-11-06"), "陈静"],
        [d("2026-11-09"), "客户乙", "电话", "定期回访", "更换门禁", d("2026-11-05"), "陈静"],
    ]
    merged = ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:G2")
    chead = [
        "投诉编号",
        "受理日期",
        "受理时间",
        "客户",
        "渠道",
        "投诉内容",
        "责任单位",
        "首次回复时间",
        "首问负责人",
    ]
    complaints = [
        chead,
        [
            "TS-701",
            d("2026-11-06"),
            time(16, 30),
            "客户甲",
            "电话",
            "夜间巡逻不到位",
            "一站",
            d("2026-11-09 16:00"),
            "陈静",
        ],
        [
            "TS-702",
            "2026-11-06",
            "16:30",
            "客户乙",
            "微信",
            "门禁卡失灵",
            "二站",
            d("2026-11-09 17:00"),
            "陈静",
        ],
    ]
    book = Book(
        "回访登记表.xlsx",
        [Sheet("回访登记", rows, merged=merged), Sheet("投诉登记", complaints)],
        "xlsxwriter",
    )
    return Case(
        "c27_two_row_header_split_moment",
        [book],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V08", "回访登记", 4), Finding("D03", "投诉登记", 3, "首次回复时间")],
        must_not=[
            Finding("V07"),
            Finding("V08", "回访登记", 3),
            Finding("D03", "投诉登记", 2),
            Finding("R01"),
            Finding("R04", "回访登记"),
            Finding("R04", "投诉登记"),
        ],
        figures=[
            Figure(
                "投诉",
                {"分公司": Has("")},
                "按时回复",
                1,
                "Fri 11-06 16:30 → due Mon 11-09 16:30 (README: 受理日期 | 受理时间 is one moment)",
            ),
            Figure("投诉", {"分公司": Has("")}, "超时回复", 1),
        ],
        why="A two-row header (承诺 over 解决方法 | 期限) and a moment split into 受理日期 | 受理时间.",
    )


def c28_mail_rounding() -> Case:
    recs = [
        visit(d(f"2026-11-{n + 2:02d}"), f"客户{n}", "孙悦", 客户签字="签" if n == 0 else None)
        for n in range(16)
    ]
    return Case(
        "c28_mail_rounding",
        [visit_book("回访登记表.xlsx", plain(recs))],
        NOV_AS_OF,
        "2026-11",
        0,
        figures=[overview("客户签字率", 0.0625, "1 signed of 16")],
        mail=["客户签字率：6.3%"],
        why="A share of exactly 6.25 %: the mail body says what the attached 0.0% cell shows, 6.3 % (issue 9: one rounding everywhere).",
    )


def c29_duplicate_complaint_ids() -> Case:
    complaints = [
        complaint("TS-801", d("2026-11-02 09:00"), "客户甲", d("2026-11-02 10:00")),
        complaint(
            "TS-801 ", d("2026-11-03 09:00"), "客户乙", d("2026-11-03 10:00"), 投诉类别="收费"
        ),
        complaint(
            "TS-802", d("2026-11-04 09:00"), "客户丙", d("2026-11-04 10:00"), 投诉类别="安全"
        ),
    ]
    return Case(
        "c29_duplicate_complaint_ids",
        [
            visit_book(
                "回访登记表.xlsx",
                plain([visit(d("2026-11-04"), "客户丙", "王芳")]),
                plain(complaints, COMPLAINT_HEAD),
            )
        ],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V20", "投诉登记", 3, "投诉编号")],
        must_not=[Finding("V20", "投诉登记", 4)],
        why="A complaint number repeated with a trailing space is the same number (V20).",
    )


def c30_more_markers() -> Case:
    recs = [
        visit(d("2026-11-02"), "客户甲", "周杰", "上门", 客户签字="✓", 满意度="/"),
        visit(d("2026-11-03"), "客户乙", "周杰", "上门", 客户签字="空"),
        visit(d("2026-11-04"), "客户丙", "周杰", "上门", 客户签字="\\"),
        visit(d("2026-11-05"), "客户丁", "周杰", "上门", 客户签字="－", 满意度="无"),
    ]
    return Case(
        "c30_more_markers",
        [visit_book("回访登记表.xlsx", plain(recs), writer="xlsxwriter")],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V11", "回访登记", r, "客户签字") for r in (3, 4, 5)],
        must_not=[Finding("V11", "回访登记", 2), Finding("R02", severity="error")],
        figures=[
            agent("周杰", "客户签字", 1, "✓ is a mark; 空 \\ － are blank (§1.0)"),
            agent("周杰", "已评价", 2, "/ and 无 in 满意度 are not ratings"),
        ],
        why="More blank markers (空, \\, －) and a ✓ in the signature; markers in 满意度.",
    )


# ----------------------------------------------------------------------------- handover logs


def _log(rows: list[dict[str, object]], head: list[str] = HANDOVER_HEAD) -> list[list[object]]:
    return plain(rows, head)


def h01_clean_short_log() -> Case:
    return Case(
        "h01_clean_short_log",
        [
            handover_book(
                "交接班记录.xlsx",
                _log(chain(["2026-11-01", "2026-11-02", "2026-11-03"])),
                "xlsxwriter",
            )
        ],
        "2026-11-04 07:00",
        "2026-11",
        0,
        must_not=[Finding("H04"), Finding("R01"), Finding("V32")],
        figures=[
            Figure("交接班", {"分公司": Has("")}, "交接班次", 9),
            Figure("交接班", {"分公司": Has("")}, "脱班", 0),
            Figure("交接班", {"分公司": Has("")}, "迟到", 0),
        ],
        why="A clean log over a Sunday; the night shift of 11-03 runs into 11-04 00:00.",
    )


def h02_twelve_hour_times() -> Case:
    arrivals = {"0": "7:45", "1": "4:05", "2": "11:50", "3": "7:48", "4": "3:45", "5": "23:40"}
    rows = chain(
        ["2026-11-02", "2026-11-03"], **{k: {"接班到岗时间": v} for k, v in arrivals.items()}
    )
    return Case(
        "h02_twelve_hour_times",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-04 07:00",
        "2026-11",
        0,
        must=[
            Finding("H05", "交接班", 3, "接班到岗时间"),
            Finding("H01", "交接班", 3),
            Finding("H05", "交接班", 4, "接班到岗时间"),
            Finding("H05", "交接班", 6, "接班到岗时间"),
        ],
        must_not=[Finding("H05", "交接班", r) for r in (2, 5, 7)]
        + [Finding("H01", "交接班", r) for r in (2, 4, 5, 6, 7)],
        figures=[
            Figure("交接班", {"分公司": Has("")}, "迟到", 1, "4:05 for 中班 is 16:05 (§1.0): late"),
            Figure(
                "交接班",
                {"分公司": Has("")},
                "按时",
                5,
                "11:50 for 夜班 is 23:50, 3:45 for 中班 is 15:45",
            ),
            Figure("交接班", {"姓名": "刘洋"}, "迟到", 1),
        ],
        why="Arrivals typed on a 12-hour clock (§1.0, H05).",
    )


def h03_prefilled_month() -> Case:
    days = [f"2026-11-{n:02d}" for n in range(1, 31)]
    rows = chain(days)
    done = 14 * 3 + 2  # 11-01..11-14 and 11-15 早班, 中班 by 2026-11-15 18:00
    for rec in rows[done:]:
        for key in ("接班到岗时间", "交班人签字", "接班人签字", "当面交接", "主管审阅"):
            rec[key] = None
    planned_rows = range(2 + done, 2 + len(rows))
    return Case(
        "h03_prefilled_month_mid",
        [handover_book("交接班记录.xlsx", _log(rows), "xlsxwriter")],
        "2026-11-15 18:00",
        "2026-11",
        0,
        must_not=[
            Finding(rule, "交接班", r)
            for r in planned_rows
            for rule in ("R01", "V32", "V33", "H04")
        ],
        figures=[
            Figure(
                "交接班",
                {"分公司": Has("")},
                "交接班次",
                done,
                "rows after the reference time are planned, not counted (§1.0)",
            )
        ],
        why="A log pre-filled for the whole month, checked on 11-15 at 18:00.",
    )


def h04_unreadable_date() -> Case:
    rows = chain(["2026-11-02", "2026-11-03", "2026-11-04"], **{"3": {"日期": "2026-11-31"}})
    return Case(
        "h04_unreadable_date",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-05 07:00",
        "2026-11",
        1,
        must=[Finding("R02", "交接班", 5, "日期", severity="error")],
        must_not=[Finding("H04")],
        figures=[
            Figure(
                "交接班",
                {"分公司": Has("")},
                "脱班",
                0,
                "an unreadable 日期 never creates a 脱班 (§1.0)",
            )
        ],
        why="One unreadable date in the middle of a continuous log.",
    )


def h12_unknown_shift_name() -> Case:
    rows = chain(["2026-11-02", "2026-11-03", "2026-11-04"], **{"4": {"班次": "白班"}})
    return Case(
        "h12_unknown_shift_name",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-05 07:00",
        "2026-11",
        1,
        must=[Finding("R02", "交接班", 6, "班次", severity="error")],
        must_not=[Finding("H04"), Finding("H01", "交接班", 6)],
        figures=[
            Figure(
                "交接班",
                {"分公司": Has("")},
                "脱班",
                0,
                "an unreadable 班次 never creates a 脱班 (§1.0)",
            )
        ],
        why="白班 for the 11-03 中班 (arrival 15:45): not a shift of 参数 (早班/中班/夜班), so R02 — reading it as 早班 is a silent guess.",
    )


def h05_numbers_as_times() -> Case:
    per = {
        "0": {"接班到岗时间": "7点45分", "当面交接": "Y"},
        "1": {"接班到岗时间": 15.45, "当面交接": "✓", "未结事项数": "0"},
        "2": {"接班到岗时间": 23.45, "未结事项数": "无"},
        "3": {"接班到岗时间": "07.45", "当面交接": "是 "},
        "4": {"接班到岗时间": d("2026-11-03 15:46")},
        "5": {"接班到岗时间": "23:45:00", "未结事项数": "１"},
    }
    rows = chain(["2026-11-02", "2026-11-03"], **per)
    return Case(
        "h05_numbers_as_times",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-04 07:00",
        "2026-11",
        0,
        must_not=[Finding("R02", severity="error"), Finding("V33"), Finding("H01"), Finding("H05")],
        figures=[
            Figure("交接班", {"分公司": Has("")}, "按时", 6),
            Figure("交接班", {"分公司": Has("")}, "迟到", 0),
        ],
        why="Arrival times as General numbers 15.45/23.45 and text 07.45, 7点45分, 23:45:00, a date-time; Y/✓ booleans; counts as text.",
    )


def h06_swaps_and_signatures() -> Case:
    per = {
        "1": {"换班": "是"},
        "2": {"交班人签字": "李娜"},
        "3": {"当面交接": "否"},
        "4": {"换班": "是", "换班批准人": "张敏"},
    }
    rows = chain(["2026-11-02", "2026-11-03"], **per)
    return Case(
        "h06_swaps_and_signatures",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-04 07:00",
        "2026-11",
        1,
        must=[
            Finding("V34", "交接班", 3, "换班批准人"),
            Finding("V32", "交接班", 4, "交班人签字"),
            Finding("V33", "交接班", 5, "当面交接"),
        ],
        must_not=[Finding("V34", "交接班", 6), Finding("H04")],
        why="H02/H03: a swap without approver, a signature that is not the name, not face to face.",
    )


def h07_month_boundary_yearless() -> Case:
    rows = chain(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"])
    for rec, typed in zip(
        rows,
        [t for t in ("10月30日", "10月31日", "11月1日", "11月2日") for _ in range(3)],
        strict=True,
    ):
        rec["日期"] = typed
    return Case(
        "h07_month_boundary_yearless",
        [handover_book("交接班记录.xlsx", _log(rows), "xlsxwriter")],
        "2026-11-03 07:00",
        "2026-11",
        0,
        must_not=[Finding("H04"), Finding("R02", severity="error")],
        figures=[
            Figure(
                "交接班", {"分公司": Has("")}, "交接班次", 6, "only 11-01 and 11-02 are November"
            )
        ],
        why="A log across the month boundary, dates typed without a year.",
    )


def h08_wps_title_log() -> Case:
    headers = [
        "序号",
        "日期",
        "班次",
        "交班人",
        "接班人",
        "接班\n到岗时间",
        "交接事项",
        "交班人\n签字",
        "接班人\n签字",
        "当面\n交接",
        "主管\n审阅",
    ]
    canon = {h: h.replace("\n", "") for h in headers}
    body = table(headers, chain(["2026-11-02", "2026-11-03"]), canon)
    for i, row in enumerate(body, start=1):
        row[0] = i
    title = ["常州分公司客服部交接班记录（2026年11月）"] + [None] * 10
    rows = [title, headers, *body, ["制表：张敏", None, None, None, None, None, "审核：赵刚"]]
    book = Book("交接班记录.xlsx", [Sheet("交接班记录", rows, merged=("A1:K1",))], "xlsxwriter")
    return Case(
        "h08_wps_title_log",
        [book],
        "2026-11-04 07:00",
        "2026-11",
        0,
        must_not=[Finding("R01"), Finding("R02", severity="error"), Finding("H04"), Finding("V32")],
        figures=[Figure("交接班", {"分公司": Has("")}, "交接班次", 6)],
        why="A WPS log: merged title, 序号, headers broken over two lines, sheet named 交接班记录, a 制表/审核 line.",
    )


def h09_real_gap() -> Case:
    rows = chain(["2026-11-02", "2026-11-03"])
    del rows[1]  # nobody logged the 11-02 中班
    return Case(
        "h09_real_gap",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-04 07:00",
        "2026-11",
        1,
        must=[Finding("H04", "交接班", 2), Finding("H04", "交接班", 3)],
        must_not=[Finding("H04", "交接班", r) for r in (4, 5, 6)],
        why="A genuinely missing shift is still 脱班 on both neighbouring rows (H04).",
    )


def h10_month_end_night() -> Case:
    return Case(
        "h10_month_end_night",
        [handover_book("交接班记录.xlsx", _log(chain(["2026-11-29", "2026-11-30"])))],
        "2026-12-01 07:00",
        "2026-11",
        0,
        must_not=[Finding("H04"), Finding("R01")],
        figures=[
            Figure(
                "交接班",
                {"分公司": Has("")},
                "交接班次",
                6,
                "the 11-30 夜班 (from 12-01 00:00) is November's row",
            )
        ],
        why="The month's last night shift runs into December.",
    )


def h11_padded_names() -> Case:
    per = {
        "0": {"交班人": "王　芳"},
        "2": {"接班人": "陈 静", "接班人签字": "陈静"},
        "3": {"交班人": "陈静", "交班人签字": "陈　静"},
    }
    rows = chain(["2026-11-02", "2026-11-03"], **per)
    return Case(
        "h11_padded_names",
        [handover_book("交接班记录.xlsx", _log(rows))],
        "2026-11-04 07:00",
        "2026-11",
        0,
        must_not=[Finding("V32"), Finding("H04"), Finding("V31")],
        figures=[
            Figure(
                "交接班", {"姓名": "陈静"}, "接班次数", 1, "陈 静 and 陈静 are one person (§1.0)"
            ),
            Figure("交接班", {"姓名": "陈 静"}, "接班次数", ABSENT),
        ],
        why="Two-character names padded with spaces in names and signatures.",
    )


# ----------------------------------------------------------------------------- penalty books


def p01_namesakes() -> Case:
    offences = [
        offence("2026-11-03", "KF002", "S12"),
        offence("2026-11-05", "KF009", "S12"),
        offence("2026-11-12", "KF009", "M06"),
        offence("2026-11-20", None, "L05", name="王伟"),
        offence("2026-11-21", None, "L05", name="王芳"),
    ]
    att = [attendance("2026-11", no) for no in ("KF002", "KF003", "KF009")]
    att.append({"月份": "2026-11", "姓名": "王伟", "迟到次数": 1})
    return Case(
        "p01_namesakes",
        [penalty_book("处罚汇总表.xlsx", offences, att)],
        NOV_AS_OF,
        "2026-11",
        1,
        must=[Finding("V44", "过失登记", 5), Finding("V44", "考勤", 5)],
        must_not=[Finding("V44", "过失登记", r) for r in (2, 3, 4, 6)]
        + [Finding("V40", "过失登记", 6), Finding("V46")],
        figures=[
            pay("KF002", "处分", Has("书面批评")),
            pay("KF002", "处分", Lacks("严重警告"), "KF009's offences are not KF002's"),
            pay("KF002", "扣薪（元）", 0),
            pay("KF009", "处分", Has("严重警告"), "M06 → 严重警告 on KF009's own record"),
            pay("KF009", "扣薪（元）", 640, "20 % of KF009's 3000 + 200 (P03)"),
            pay(
                "KF002",
                "迟到早退罚款",
                ZERO_OR_ABSENT,
                "the 考勤 row by the shared name charges nobody (V44)",
            ),
            pay("KF009", "迟到早退罚款", ZERO_OR_ABSENT),
            Figure(
                "月处罚汇总",
                {"姓名": "王芳"},
                "处分",
                Has("口头批评"),
                "a unique name finds its person",
            ),
        ],
        why="Two 王伟 (KF002, KF009): escalation, cuts per 工号; a row with only the name is V44.",
    )


def p02_appeals() -> Case:
    def appealed(no: str, code: str, outcome: str, order: str | None = "通报") -> dict[str, object]:
        return offence(
            "2026-11-02", no, code, 申诉日期=d("2026-11-05"), 申诉结果=outcome, 处分要求=order
        )

    offences = [
        appealed("KF002", "S12", "驳回申诉，不予撤销"),
        appealed("KF003", "S12", "撤销处分"),
        appealed("KF004", "M06", "部分成立，改为口头批评", None),
        appealed("KF005", "S12", "不予取消处分"),
        appealed("KF006", "M06", "维持原处分，不予免除", None),
        appealed("KF007", "S12", "未成立"),
        appealed("KF008", "S12", "领导再议"),
        appealed("KF009", "S12", "申诉成立"),
        offence("2026-11-02", "KF001", "L05", 申诉日期="/", 申诉结果="无"),
    ]
    return Case(
        "p02_appeals",
        [penalty_book("处罚汇总表.xlsx", offences)],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("V45", "过失登记", 8, "申诉结果")],
        must_not=[Finding("V45", "过失登记", r) for r in (2, 3, 4, 6, 7, 9, 10)]
        + [Finding("V43"), Finding("R02", "过失登记", 10, severity="error")],
        figures=[
            pay("KF002", "罚款（元）", 100, "驳回申诉，不予撤销 keeps the 通报批评 (P05)"),
            pay("KF003", "罚款（元）", ZERO_OR_ABSENT, "撤销处分 voids the row"),
            pay("KF004", "处分", Has("口头批评"), "部分成立，改为口头批评"),
            pay("KF004", "扣薪（元）", ZERO_OR_ABSENT),
            pay("KF005", "罚款（元）", 100, "不予取消处分: a negation keeps it"),
            pay("KF006", "扣薪（元）", 620, "维持原处分，不予免除: 20 % of 2800 + 300"),
            pay("KF007", "罚款（元）", 100, "未成立"),
            pay("KF008", "罚款（元）", 100, "unreadable outcome keeps the sanction, V45"),
            pay("KF009", "罚款（元）", ZERO_OR_ABSENT, "申诉成立 voids the row"),
            pay(
                "KF001",
                "处分",
                Has("口头批评"),
                "申诉结果 无 is blank (§1.0): no appeal, the sanction stands",
            ),
        ],
        why="Appeal outcomes of P05, negations first.",
    )


def p03_orals_expiry_money() -> Case:
    offences = [
        offence("2026-11-02", "KF003", "L05"),
        offence("2026-11-09", "KF003", "L19"),
        offence("2026-11-16", "KF003", "L30"),
        offence("2026-11-05", "KF004", "S04", 涉及金额="85.00"),
        offence("2026-11-06", "KF005", "S22", 涉及金额="1,250"),
        offence("2025-10-01", "KF006", "L05"),
        offence("2026-11-03", "KF006", "L19"),
        offence("2026-11-10", "KF006", "L30"),
        offence("2025-11-20", "KF007", "L05", 通知日期=d("2025-11-25")),
        offence("2026-11-22", "KF007", "L19"),
    ]
    return Case(
        "p03_orals_expiry_money",
        [penalty_book("处罚汇总表.xlsx", offences, writer="xlsxwriter")],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("V42"), Finding("R02", severity="error")],
        figures=[
            pay("KF003", "罚款（元）", 20, "second oral 20; the third becomes 书面批评 (P02, P03)"),
            pay("KF003", "处分", Has("书面批评")),
            pay("KF004", "罚款（元）", 170, "S04 2× 85.00"),
            pay("KF005", "罚款（元）", 1250, "S22 1× 1,250"),
            pay("KF006", "罚款（元）", 20, "the 2025-10-01 oral expired after 365 days"),
            pay("KF006", "处分", Lacks("书面批评")),
            pay(
                "KF007",
                "罚款（元）",
                20,
                "issued 2025-11-25 (通知日期), valid 365 days: still valid on 2026-11-22 (P04)",
            ),
        ],
        why="Oral escalation, an expired oral, money rules with amounts typed as text.",
    )


def p04_attendance_and_leave() -> Case:
    att = [
        attendance("2026年11月", "KF004", 迟到次数="2", 事假天数=2),
        attendance("2026年11月", "KF005", 旷工天数=1, 连续旷工天数=1),
        attendance("2026年11月", "KF007", 病假天数="３"),
        attendance("2026年11月", "KF003"),
    ]
    return Case(
        "p04_attendance_and_leave",
        [penalty_book("处罚汇总表.xlsx", [], att)],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("R02", severity="error")],
        figures=[
            pay("KF004", "迟到早退罚款", 40),
            pay("KF004", "罚款（元）", 20, "two L07 orals: the second costs 20 (P06, P03)"),
            pay("KF004", "事假扣款", 344.17, "2 × (3000 + 600) / 20.92 (P08)"),
            pay("KF005", "旷工扣款", 415.87, "3 × 2900 / 20.92 (P06)"),
            pay("KF005", "处分", Has("书面批评"), "S01"),
            pay("KF007", "病假扣款", 357.07, "3 × max(2000, 2490) / 20.92 (P07, P09)"),
        ],
        why="考勤 typed with 2026年11月, counts as text and full-width digits; local_min_wage 2490.",
    )


def p05_record_only_month() -> Case:
    offences = [
        offence("2026-10-15", "KF006", "M06"),
        offence("2026-10-20", "KF004", "S12", 处分要求="通报"),
    ]
    return Case(
        "p05_record_only_month",
        [penalty_book("处罚汇总表.xlsx", offences, settings={"record_only_months": "2026-10"})],
        "2026-10-31 18:00",
        "2026-10",
        0,
        figures=[
            pay("KF006", "处分", Has("严重警告")),
            pay("KF006", "扣薪（元）", 0, "record-only month: no cut (P11)"),
            pay("KF004", "处分", Has("通报批评")),
            pay("KF004", "罚款（元）", 0, "record-only month: no fine (P11)"),
        ],
        why="参数 record_only_months = 2026-10.",
    )


def p06_notice_overtaken() -> Case:
    offences = [
        offence("2026-11-02", "KF003", "S12"),
        offence("2026-11-09", "KF003", "S27", 处分要求="通报"),
    ]
    return Case(
        "p06_notice_overtaken",
        [penalty_book("处罚汇总表.xlsx", offences)],
        NOV_AS_OF,
        "2026-11",
        0,
        figures=[
            pay("KF003", "处分", Has("严重警告"), "second valid written → 严重警告 (P02)"),
            pay("KF003", "扣薪（元）", 700, "20 % of 3200 + 300"),
        ],
        why="A 通报 order overtaken by escalation.",
    )


def p07_staff_numbers() -> Case:
    roster = [
        ["0012", "赵磊", "客服部", "客服专员", 3000, 300, 600],
        ["0013", "钱多多", "客服部", "客服专员", 3000, 300, 600],
        ["0001", "李强", "总经办", "总经理", 8000, 400, 2000],
    ]
    offences = [
        {**offence("2026-11-02", 12, "L05", name="赵磊"), "本人签字": "赵磊"},
        {**offence("2026-11-03", "13", "L19", name="钱多多"), "本人签字": "钱多多"},
    ]
    att = [{"月份": "2026-11", "工号": 12, "姓名": "赵磊", "迟到次数": 1}]
    return Case(
        "p07_staff_numbers",
        [penalty_book("处罚汇总表.xlsx", offences, att, roster=roster)],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("V40"), Finding("V44")],
        figures=[
            Figure("月处罚汇总", {"姓名": "赵磊"}, "处分", Has("口头批评")),
            Figure("月处罚汇总", {"姓名": "赵磊"}, "迟到早退罚款", 20),
            Figure("月处罚汇总", {"姓名": "钱多多"}, "处分", Has("口头批评")),
        ],
        why="工号 typed as the number 12 for roster 0012 (README: with or without leading zeros).",
    )


def p08_twelve_hour_with_handover() -> Case:
    days = [f"2026-11-{n:02d}" for n in range(1, 31)]
    rows = chain(days, **{"5": {"接班到岗时间": "11:50"}, "6": {"接班到岗时间": time(8, 12)}})
    for key in ("接班到岗时间", "交班人签字", "接班人签字", "当面交接", "主管审阅"):
        rows[-1][key] = None  # 11-30 夜班 starts 12-01 00:00: planned at the reference time
    return Case(
        "p08_twelve_hour_with_handover",
        [penalty_book("处罚汇总表.xlsx", []), handover_book("交接班记录.xlsx", _log(rows))],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("H05", "交接班", 7, "接班到岗时间"), Finding("H01", "交接班", 8)],
        must_not=[Finding("H01", "交接班", 7), Finding("R01"), Finding("V32")],
        figures=[
            pay(
                "KF006",
                "迟到早退次数",
                1,
                "陈静 arrived 08:12 for 11-03 早班 (H01, P06)",
                book="处罚汇总表.xlsx",
            ),
            pay("KF006", "迟到早退罚款", 20, book="处罚汇总表.xlsx"),
            pay(
                "KF005",
                "迟到早退次数",
                ZERO_OR_ABSENT,
                "刘洋's 11:50 for 夜班 is 23:50, on time (§1.0)",
                book="处罚汇总表.xlsx",
            ),
            Figure("交接班", {"分公司": Has("")}, "迟到", 1),
            Figure("交接班", {"分公司": Has("")}, "交接班次", 89),
        ],
        why="A whole month's log with a 12-hour night arrival, counted into 考勤 through --with.",
        with_book="交接班记录.xlsx",
    )


def p11_wps_text_dates() -> Case:
    offences = [
        offence("2026-11-03", "KF003", "L05", 日期="2026.11.3", 通知日期="11月4日"),
        offence("2026-11-10", "KF003", "L19", 日期="2026年11月10日", 通知日期="2026/11/11"),
    ]
    body = table(
        ["序号", *OFFENCE_HEAD], [{"序号": i, **o} for i, o in enumerate(offences, start=1)]
    )
    title = ["2026年11月员工过失登记表"] + [None] * len(OFFENCE_HEAD)
    book = penalty_book("处罚汇总表.xlsx", [], writer="xlsxwriter")
    sheets = [
        Sheet("过失登记", [title, ["序号", *OFFENCE_HEAD], *body], merged=("A1:M1",))
        if s.name == "过失登记"
        else s
        for s in book.sheets
    ]
    return Case(
        "p11_wps_text_dates",
        [Book(book.path, sheets, book.writer)],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("R02", severity="error"), Finding("R01")],
        figures=[
            pay("KF003", "罚款（元）", 20, "the second valid 口头批评 costs 20 (P03)"),
            pay("KF003", "处分", Has("口头批评")),
        ],
        why="过失登记 under a merged title with 序号, dates typed 2026.11.3, 11月4日, 2026年11月10日.",
    )


def p12_attendance_by_name_and_date_month() -> Case:
    att = [
        {"月份": d("2026-11-01"), "姓名": "孙悦", "迟到次数": 1},
        {"月份": "2026/11", "工号": "KF008 ", "姓名": "张敏", "早退次数": 1},
    ]
    return Case(
        "p12_attendance_by_name_and_date_month",
        [penalty_book("处罚汇总表.xlsx", [], att)],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("V40"), Finding("V44"), Finding("R02", severity="error"), Finding("R01")],
        figures=[
            pay("KF007", "迟到早退罚款", 20, "孙悦 is unique on the roster: found by name"),
            pay("KF008", "迟到早退罚款", 20, "an early leave costs late_fine too (P06)"),
        ],
        why="考勤 by name only, 月份 typed as a date and as 2026/11.",
    )


def m01_monthly_folder() -> Case:
    branch = [params(branch="淮安分公司")]
    visits = [visit(d("2026-11-02"), "客户甲", "王芳"), visit(d("2026-11-03"), "客户乙", "李娜")]
    books = [
        visit_book("回访登记表.xlsx", plain(visits), extra=branch),
        handover_book("交接班记录.xlsx", _log(chain(["2026-11-02"])), extra=branch),
        penalty_book(
            "处罚汇总表.xlsx",
            [offence("2026-11-05", "KF004", "L05")],
            settings={"branch": "淮安分公司"},
        ),
    ]
    return Case(
        "m01_monthly_folder",
        books,
        "2026-11-03 07:00",
        "2026-11",
        0,
        figures=[
            overview("分公司数", 1),
            overview("来源文件", 3),
            overview(
                "重复未计入的文件", 0, "three kinds of workbook of one branch are not duplicates"
            ),
            overview("回访次数", 2),
            overview("交接班次", 3),
        ],
        why="One branch's month: visit register, handover log and penalty book together.",
    )


def p13_probation_and_dismissal() -> Case:
    offences = [
        offence("2026-11-02", "KF004", "M06"),
        offence("2026-11-09", "KF004", "M11"),
        offence("2026-11-20", "KF004", "S12"),
        offence("2026-11-03", "KF005", "D02", 处分要求="开除"),
        offence("2026-11-04", "KF006", "D03"),
    ]
    return Case(
        "p13_probation_and_dismissal",
        [penalty_book("处罚汇总表.xlsx", offences)],
        NOV_AS_OF,
        "2026-11",
        0,
        must_not=[Finding("V46")],
        figures=[
            pay(
                "KF004", "处分", Has("留察"), "second valid 严重警告 → 开除 → 留察 first (P02, P01)"
            ),
            pay("KF004", "处分", Has("开除"), "a 严重-tier offence while on 留察 is 开除 (P01)"),
            pay("KF005", "处分", Has("开除"), "management ordered 开除 outright"),
            pay("KF005", "处分", Lacks("留察")),
            pay("KF006", "处分", Has("留察"), "D03 without an order: 留察 first (probation_first)"),
            pay("KF006", "扣薪（元）", 1240, "留察 cuts 40 % of 2800 + 300 (P03)"),
        ],
        why="Escalation to 开除 through 留察, an ordered dismissal, and probation first.",
    )


LEAVE_HEAD = [
    "工号",
    "姓名",
    "假别",
    "开始日期",
    "结束日期",
    "申请日期",
    "批准人",
    "证明提交日期",
    "备注",
]


def leave(
    staff_no: str, kind: str, start: str, end: str, applied: str, approver: str
) -> dict[str, object]:
    return {
        "工号": staff_no,
        "姓名": NAMES[staff_no],
        "假别": kind,
        "开始日期": d(start),
        "结束日期": d(end),
        "申请日期": d(applied),
        "批准人": approver,
    }


def p09_leave_over_weekend() -> Case:
    leaves = [
        leave("KF004", "事假", "2026-11-13", "2026-11-16", "2026-11-10", "张敏"),
        leave("KF007", "婚假", "2026-11-20", "2026-11-24", "2026-11-05", "张敏"),
    ]
    book = penalty_book("处罚汇总表.xlsx", [], extra=[Sheet("请假登记", plain(leaves, LEAVE_HEAD))])
    return Case(
        "p09_leave_over_weekend",
        [book],
        NOV_AS_OF,
        "2026-11",
        0,
        must=[Finding("Q02", "请假登记", 3)],
        must_not=[Finding("Q04"), Finding("Q03"), Finding("Q02", "请假登记", 2)],
        figures=[
            pay(
                "KF004",
                "事假扣款",
                344.17,
                "Fri 11-13..Mon 11-16 is 2 working days (Q01): 2 × (3000 + 600) / 20.92",
            ),
            pay(
                "KF007",
                "事假扣款",
                276.29,
                "婚假 5 days, 3 allowed: Mon 11-23, Tue 11-24 are 事假 (Q02): 2 × (2490 + 400) / 20.92",
            ),
        ],
        why="请假登记: 事假 over a weekend, 婚假 past its limit.",
    )


def p10_sick_leave_national_day() -> Case:
    sick = leave("KF005", "病假", "2026-09-29", "2026-10-10", "2026-09-28", "李强")
    book = penalty_book("处罚汇总表.xlsx", [], extra=[Sheet("请假登记", plain([sick], LEAVE_HEAD))])
    return Case(
        "p10_sick_leave_national_day",
        [book],
        "2026-10-31 18:00",
        "2026-10",
        0,
        must_not=[Finding("Q04"), Finding("Q05")],
        figures=[
            pay(
                "KF005",
                "病假扣款",
                415.87,
                "October's working days of 09-29..10-10: 10-08, 10-09 and Sat 10-10 (调休) — 3 × 2900 / 20.92 (Q01, P09)",
            ),
        ],
        why="病假 across the month boundary and National Day, ending on the 调休 Saturday.",
    )


CASES = [
    c01_wps_title_merged, c02_client_first_footer, c03_blank_markers, c04_copy_sheet_october_november,
    c05_only_copy_sheet, c06_hidden_old_month, c07_lists_in_cell, c08_phones, c09_year_boundary,
    c10_holidays_reply, c11_complaint_grades, c12_half_typed_rows, c13_typed_computed_columns,
    c14_signature_all_and_target, c15_custom_satisfaction_scale, c16_error_cells,
    c17_dates_in_datetime_columns, c18_synonym_values_and_garbage, c19_holiday_sheet_override,
    c20_branches_in_file_names, h01_clean_short_log, h02_twelve_hour_times, h03_prefilled_month,
    h04_unreadable_date, h05_numbers_as_times, h06_swaps_and_signatures,
    h07_month_boundary_yearless, p01_namesakes, p02_appeals, p03_orals_expiry_money,
    p04_attendance_and_leave, p05_record_only_month, p06_notice_overtaken, p07_staff_numbers,
    c21_install_callbacks, p08_twelve_hour_with_handover, p09_leave_over_weekend,
    p10_sick_leave_national_day, c22_xls_error_cells, c23_excel_serials, c24_pending_replies,
    c25_copy_file_same_branch, h08_wps_title_log, h09_real_gap, p11_wps_text_dates,
    c26_header_noise_and_merged_names, c27_two_row_header_split_moment, c28_mail_rounding,
    h10_month_end_night, p12_attendance_by_name_and_date_month, m01_monthly_folder,
    c29_duplicate_complaint_ids, h11_padded_names, h12_unknown_shift_name, c30_more_markers,
    p13_probation_and_dismissal,
]  # fmt: skip


def cases() -> list[Case]:
    return [make() for make in CASES]


def build(folder: Path) -> list[Case]:
    """Writes every case's workbooks into folder/<case name>/ and returns the cases."""
    built = cases()
    for case in built:
        for book in case.books:
            write_book(book, folder / case.name)
    return built


if __name__ == "__main__":
    for case in build(Path(sys.argv[1])):
        print(case.name, "—", case.why)
