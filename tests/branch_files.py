"""The month summary's branch files (November 2026, as of its end), built as staff keep them:
one unreadable, one incomplete, one duplicate; their rows' builders; and reading a summary
sheet's tables back. Shared by test_summary, test_summary_pdf and test_periods."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from workbooks import write_book

from csbook.io.templates import build_template
from csbook.rules.settings import Settings

AS_OF = "2026-11-30"
SHEETS = ["总览", "回访", "投诉", "交接班", "意见征求", "来源"]


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def dt(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


def visit(day: date, client: str, staff: str, **more: Any) -> dict[str, Any]:
    row = {
        "visit_date": day,
        "client": client,
        "method": "电话",
        "kind": "定期回访",
        "staff": staff,
    }
    row.update(more)
    return row


def complaint(cid: str, received: datetime, client: str, unit: str, **more: Any) -> dict[str, Any]:
    row = {
        "complaint_id": cid,
        "received_at": received,
        "client": client,
        "channel": "电话",
        "category": "服务态度",
        "content": "门岗态度生硬",
        "unit": unit,
        "owner": "张伟",
    }
    row.update(more)
    return row


def shift(day: date, name: str, giver: str, taker: str, arrived: time, **more: Any) -> dict:
    row = {
        "date": day,
        "shift": name,
        "from_staff": giver,
        "to_staff": taker,
        "arrived_at": arrived,
        "from_signed": giver,
        "to_signed": taker,
        "face_to_face": True,
    }
    row.update(more)
    return row


NANJING_VISITS = [
    # October: a follow-up still overdue, and client D's 意见征求 for the year
    visit(d(10, 15), "客户D", "张伟", kind="意见征求", satisfaction="满意"),
    visit(d(10, 28), "客户E", "张伟", resolved_on=d(10, 30)),  # 复访超期 since 11-02
    # November
    visit(d(11, 2), "客户A", "张伟", satisfaction="非常满意"),
    visit(
        d(11, 3),
        "客户B",
        "张伟",
        method="上门",
        kind="意见征求",
        signed_by="王经理",
        satisfaction="满意",
        resolved_on=d(11, 5),
        followup_on=d(11, 7),  # due 11-08: on time
    ),
    visit(
        d(11, 10),
        "客户A",
        "张伟",
        kind="满意度调查",
        satisfaction="一般",
        resolved_on=d(11, 12),  # due 11-15, never followed up: 复访超期
    ),
    visit(
        d(11, 4),
        "客户C",
        "李娜",
        method="上门",
        signed_by="赵",
        satisfaction="不满意",
        resolved_on=d(11, 28),  # due 12-01: not yet due, left out of V03
    ),
    visit(
        d(11, 20),
        "客户C",
        "李娜",
        kind="售后回访",
        resolved_on=d(11, 20),
        followup_on=d(11, 25),  # due 11-23: late
    ),
]
NANJING_COMPLAINTS = [
    complaint("TS00", dt(10, 20, 10), "客户F", "二站", category="收费"),  # never answered
    complaint("TS01", dt(11, 2, 10), "客户A", "一站", replied_at=dt(11, 2, 15)),  # 按时
    complaint(
        "TS02",
        dt(11, 5, 9),
        "客户B",
        "二站",
        channel="来访",
        category="服务质量",
        replied_at=dt(11, 6, 11),  # due 11-06 09:00: 超时
        severe=True,
    ),
    complaint("TS03", dt(11, 10, 14), "客户A", "一站"),  # repeat of TS01; 已超期未回复
    complaint("TS04", dt(11, 30, 16), "客户C", "一站", channel="微信", category=None),  # 待回复
]
NANJING_SHIFTS = [
    shift(d(11, 1), "早班", "甲", "乙", time(7, 45), reviewed_by="主管"),  # 按时
    shift(d(11, 1), "中班", "乙", "丙", time(15, 55)),  # 偏晚
    shift(d(11, 1), "夜班", "丙", "甲", time(0, 5), to_signed=None),  # 迟到, 甲 unsigned
    shift(d(11, 2), "早班", "乙", "丙", time(7, 30)),  # break: 甲 took over, 乙 hands over
    # 11-02 中班 missing
    shift(d(11, 2), "夜班", "丁", "甲", time(23, 50), from_signed=None),  # 按时, 丁 unsigned
]
SUZHOU_VISITS = [
    visit(d(11, 5), "客户X", "王芳", kind="意见征求", satisfaction="满意"),
    visit(d(11, 6), "客户Y", "王芳", method="上门", signed_by="钱", satisfaction="非常满意"),
]


def build_scenario(folder: Path) -> list[str]:
    """The branch files; returns the command line's FILE arguments."""
    nanjing = folder / "南京分公司"
    changzhou = folder / "常州分公司"
    nanjing.mkdir(parents=True)
    changzhou.mkdir()
    build_template(
        "visits",
        nanjing / "nj-visits.xlsx",  # the branch comes from 参数, not the name
        settings=Settings(
            branch="南京分公司", visits_per_month=3, unit_volume={"一站": 1000, "二站": 500}
        ),
        rows={"回访登记": NANJING_VISITS, "投诉登记": NANJING_COMPLAINTS},
    )
    build_template("handover", nanjing / "交接班记录.xlsx", rows={"交接班": NANJING_SHIFTS})
    build_template(
        "visits", folder / "苏州分公司-回访登记表.xlsx", rows={"回访登记": SUZHOU_VISITS}
    )
    build_template(  # an older copy of the same month: fewer rows, not counted
        "visits",
        folder / "苏州分公司-回访登记表(副本).xlsx",
        rows={"回访登记": SUZHOU_VISITS[:1]},
    )
    (folder / "无锡分公司-回访登记表.xlsx").write_bytes(b"this is not a workbook")
    write_book(  # no 投诉登记 sheet: incomplete, its visits still count
        changzhou / "回访登记表.xlsx",
        {
            "回访登记": (
                ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"],
                [[d(11, 9), "客户Z", "电话", "定期回访", "周强"]],
            )
        },
    )
    return [str(folder / "*.xlsx"), str(nanjing), str(changzhou)]


# --- reading the workbook back --------------------------------------------------------------


def read_tables(ws: Any) -> dict[str, dict[str, Any]]:
    """caption -> {"header": [...], "rows": [[...]]} for every table of a sheet."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    out: dict[str, dict[str, Any]] = {}
    i = 0
    while i < len(rows):
        row = rows[i]
        header = rows[i + 1] if i + 1 < len(rows) else []
        if (
            isinstance(row[0], str)
            and all(v is None for v in row[1:])
            and sum(v is not None for v in header) >= 2
        ):
            width = max(c for c, v in enumerate(header) if v is not None) + 1
            data, j = [], i + 2
            while j < len(rows) and any(v is not None for v in rows[j]):
                values = rows[j][:width] + [None] * (width - len(rows[j][:width]))
                if not (isinstance(values[0], str) and values[0].startswith("（")):
                    data.append(values)
                j += 1
            out[row[0]] = {"header": header[:width], "rows": data}
            i = j
        else:
            i += 1
    return out
