"""Building real workbook files for tests (sheets of headers and rows, written by openpyxl),
the rows and books several test modules share, and running csbook on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from csbook.cli import main
from csbook.io.workbook import load
from csbook.penalty_report import month_sheet
from csbook.pipeline import FileReport, Options, check
from csbook.rules.catalogue import CATALOGUE
from csbook.rules.report import ReportSheet, ReportTable
from csbook.rules.roster_names import RosterNames

Rows = Sequence[Sequence[Any]]

# a correct visit and complaint, by column key (for build_template rows)
VISIT = {
    "visit_date": date(2026, 11, 3),
    "client": "甲公司",
    "contact": "刘经理",
    "phone": "13812345678",
    "method": "电话",
    "kind": "定期回访",
    "staff": "张伟",
}
# received Monday 2026-11-02 09:00: a reply is due Tuesday 2026-11-03 09:00
COMPLAINT = {
    "complaint_id": "T001",
    "received_at": datetime(2026, 11, 2, 9, 0),
    "client": "甲公司",
    "channel": "电话",
    "content": "账单有误",
    "unit": "一站",
    "replied_at": datetime(2026, 11, 2, 10, 0),
    "owner": "王芳",
}


def write_book(path: Path, sheets: dict[str, tuple[Sequence[str], Rows]]) -> Path:
    """Write `sheets` (name -> (headers, rows)) to `path`; header in row 1, data from row 2.

    A cell value given as ("error", "#REF!") is written as an Excel error value, and
    ("formula", "=A1") as a formula without a cached value.
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(headers))
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c)
                if isinstance(value, tuple) and value[0] == "error":
                    cell.value = value[1]
                    cell.data_type = "e"
                elif isinstance(value, tuple) and value[0] == "formula":
                    cell.value = value[1]
                else:
                    cell.value = value
    wb.save(path)
    return path


def rows_of(headers: Sequence[str], records: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """Rows in header order from dicts keyed by header text (missing keys are blank)."""
    return [[rec.get(h) for h in headers] for rec in records]


def run(path: Path, as_of: datetime, roster: RosterNames | None = None) -> FileReport:
    """Check a file; it must be readable, and every message must render in both languages."""
    report = check(path, Options(as_of=as_of, roster=roster))
    assert report.error is None, report.error
    for f in report.findings:  # a missing parameter raises
        assert f.message("zh") and f.message("en")
    return report


def run_cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """csbook's command line in this process: (exit code, stdout, stderr)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as e:  # argparse reports its own usage errors this way
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def facts(report: FileReport, *rules: str) -> list[tuple[Any, ...]]:
    """(rule, sheet, row, column, severity) of the findings, optionally of some rules only."""
    return [
        (f.rule, f.sheet, f.row, f.column, f.severity)
        for f in report.findings
        if not rules or f.rule in rules
    ]


def computed(report: FileReport, sheet: str, key: str) -> list[Any]:
    """A computed column of one sheet (by its schema name)."""
    (result,) = [r for r in report.results if r.table.schema.name == sheet]
    return result.computed[key]


# ---- 交接班记录 -------------------------------------------------------------------------------

HANDOVER_HEADERS = [
    "日期",
    "班次",
    "交班人",
    "接班人",
    "接班到岗时间",
    "交接事项",
    "未结事项数",
    "交班人签字",
    "接班人签字",
    "当面交接",
    "换班",
    "换班批准人",
    "主管审阅",
    "备注",
]
ON_TIME = {"早班": time(7, 45), "中班": time(15, 45), "夜班": time(23, 45)}


def shift(day: str, name: str, giver: str, taker: str, **more: object) -> dict:
    return {
        "日期": day,
        "班次": name,
        "交班人": giver,
        "接班人": taker,
        "接班到岗时间": ON_TIME.get(name),
        "交班人签字": giver,
        "接班人签字": taker,
        "当面交接": "是",
        "未结事项数": 0,
        **more,
    }


def two_days() -> list[dict]:
    """11-03 and 11-04, every shift, an unbroken chain A → B → C → D → A → B → C."""
    return [
        shift("2026-11-03", "早班", "甲", "乙"),
        shift("2026-11-03", "中班", "乙", "丙"),
        shift("2026-11-03", "夜班", "丙", "丁"),
        shift("2026-11-04", "早班", "丁", "甲"),
        shift("2026-11-04", "中班", "甲", "乙"),
        shift("2026-11-04", "夜班", "乙", "丙"),
    ]


def handover_book(tmp_path: Path, rows: list[dict], params: Rows = ()) -> Path:
    """A 交接班记录 of `rows` (dicts by header) in tmp_path."""
    return write_book(
        tmp_path / "交接班记录.xlsx",
        {
            "交接班": (HANDOVER_HEADERS, rows_of(HANDOVER_HEADERS, rows)),
            "参数": (["参数", "值", "说明"], list(params)),
            "节假日": (["日期", "类型"], []),
        },
    )


# ---- 投诉登记 --------------------------------------------------------------------------------

COMPLAINT_HEADERS = [
    "投诉编号",
    "受理时间",
    "客户",
    "渠道",
    "投诉类别",
    "投诉内容",
    "责任单位",
    "首次回复时间",
    "处理结果",
    "解决时间",
    "回访时间",
    "回访结果",
    "回访次数",
    "恶性",
    "首问负责人",
]


def complaint(cid: str, received: object, **more: object) -> dict:
    """A complaint answered within the hour, so only what a test adds is reported."""
    replied = None
    if isinstance(received, datetime):
        replied = received.replace(minute=30)
    return {
        "投诉编号": cid,
        "受理时间": received,
        "客户": "甲公司",
        "渠道": "电话",
        "投诉类别": "收费",
        "投诉内容": "账单有误",
        "责任单位": "一站",
        "首次回复时间": replied,
        "首问负责人": "王芳",
        **more,
    }


# ---- 处罚汇总表 ------------------------------------------------------------------------------

ROSTER_HEADERS = [
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
OFFENCE_HEADERS = [
    "日期",
    "工号",
    "姓名",
    "过失代码",
    "过失描述",
    "涉及金额",
    "通知日期",
    "本人签字",
    "申诉日期",
    "申诉结果",
    "处分要求",
    "签发日期",
    "批准人",
]
# the rules of a book these tests keep clean: signed, approved, a cap the roster stays under
SIGNED = {"本人签字": "已签", "批准人": "总经理"}
CAP = ["岗位津贴上限", 1000]
ATTENDANCE_HEADERS = ["月份", "工号", "姓名", "迟到次数", "早退次数", "旷工天数", "连续旷工天数", "事假天数", "病假天数"]  # fmt: skip
CATALOGUE_HEADERS = ["代码", "等级", "过失描述", "金额规则"]
FULL_CATALOGUE = [[o.code, str(o.tier), o.description, o.money_rule or None] for o in CATALOGUE]

PENALTY_AS_OF = datetime(2026, 11, 30, 18, 0)
NOV = date(2026, 11, 1)
ROSTER = [  # the people of penalty_book
    ["1001", "张伟", "客服部", "客服专员", 3000, 500, 800, "2024-03-01", "2027-12-31"],
    ["1002", "李娜", "客服部", "主管", 4000, 800, 1000, "2023-01-01", "2027-12-31"],
    ["1003", "王芳", "客服部", "文员", 2800, 300, 600, "2025-06-01", "2027-05-31"],
]
MIN_WAGE = [["当地最低工资", 2490], CAP]


def offence(day: str, name: str, code: str, **more: object) -> dict:
    return {"日期": day, "姓名": name, "过失代码": code, **SIGNED, **more}


def penalty_book(
    path: Path,
    offences: list[dict],
    attendance: Rows = (),
    roster: Rows = ROSTER,
    params: Rows = MIN_WAGE,
    more: dict[str, tuple[list[str], list[list[object]]]] | None = None,
) -> Path:
    """A 处罚汇总表; `more` adds sheets (name -> (headers, rows)), e.g. 请假登记."""
    return write_book(
        path,
        {
            "员工": (ROSTER_HEADERS, roster),
            "过失登记": (OFFENCE_HEADERS, rows_of(OFFENCE_HEADERS, offences)),
            "考勤": (ATTENDANCE_HEADERS, list(attendance)),
            "过失目录": (CATALOGUE_HEADERS, FULL_CATALOGUE),
            "参数": (["参数", "值", "说明"], list(params)),
            **(more or {}),
        },
    )


def month_summary(
    penalties: Sequence[Path],
    month: date = NOV,
    visits: Sequence[Path] = (),
    handovers: Sequence[Path] = (),
) -> ReportSheet:
    ref = PENALTY_AS_OF.date()
    return month_sheet(
        [load(p, ref) for p in penalties],
        [load(p, ref) for p in visits],
        [load(p, ref) for p in handovers],
        month,
        PENALTY_AS_OF,
    )


def tables(sheet: ReportSheet) -> list[ReportTable]:
    return [b for b in sheet.blocks if isinstance(b, ReportTable)]


def people(sheet: ReportSheet) -> dict[str, dict[str, Any]]:
    table = tables(sheet)[0]
    return {
        row[table.header.index("姓名")]: dict(zip(table.header, row, strict=True))
        for row in table.rows
    }


# a small register of each kind, by column key (build_template rows): compute's test data
VISITS_ROWS = [
    VISIT,  # nothing open: 已闭环
    {**VISIT, "client": "乙公司", "resolved_on": date(2026, 11, 4)},  # follow-up due 11-07
    {
        **VISIT,
        "client": "丙公司",
        "promise": "更换设备",
        "promised_by": date(2026, 11, 30),
    },  # promise open
    {**VISIT, "client": "丁公司", "staff": None},  # R01
]
COMPLAINT_ROWS = [
    COMPLAINT,
    {**COMPLAINT, "complaint_id": "T002", "client": "乙公司", "replied_at": None, "severe": True},
]
HANDOVER_ROWS = [
    {
        "date": date(2026, 11, 3),
        "shift": "早班",
        "from_staff": "李娜",
        "to_staff": "王强",
        "arrived_at": "07:45",
        "from_signed": "李娜",
        "to_signed": "王强",
        "face_to_face": "是",
    },
    {
        "date": date(2026, 11, 3),
        "shift": "中班",
        "from_staff": "王强",
        "to_staff": "赵敏",
        "arrived_at": "16:05",
        "from_signed": "王强",
        "to_signed": "赵敏",
        "face_to_face": "是",
    },
]


# columns as an office might order them: 假别 first, 天数 before the dates
LEAVE_HEADERS = ["假别", "姓名", "工号", "天数", "开始日期", "结束日期", "申请日期", "批准人", "亲属关系", "难产", "证明提交日期", "备注"]  # fmt: skip


def leave(name: str, kind: str, start: Any, end: Any = None, **more: Any) -> dict[str, Any]:
    """A request approved by the department head unless `批准人` says otherwise."""
    return {
        "姓名": name,
        "假别": kind,
        "开始日期": start,
        "结束日期": end,
        "批准人": "赵敏",
        **more,
    }


def half_day_book(path: Path) -> Path:
    """October 2026: 张伟 took half a day of 事假 nobody approved (旷工 0.5), 王芳 a whole
    unapproved day (旷工 1); 考勤 has their month with 旷工 left blank."""
    requests = [
        leave("张伟", "事假", "2026/10/13", None, 天数="半天", 批准人="/"),
        leave("王芳", "事假", "2026年10月14日", "2026-10-14", 批准人="无"),
    ]
    attendance = [
        ["2026-10", None, name, 0, 0, None, None, None, None] for name in ("张伟", "王芳")
    ]
    leave_sheet = {"请假登记": (LEAVE_HEADERS, rows_of(LEAVE_HEADERS, requests))}
    return penalty_book(path, [], attendance, more=leave_sheet)


def absent_days_cells(ws: Any) -> dict[str, tuple[Any, str]]:
    """The 月处罚汇总's 旷工天数 cells by name: (value, number format)."""
    header_row = next(r for r in ws.iter_rows() if any(c.value == "旷工天数" for c in r))
    header = [c.value for c in header_row]
    name, days = header.index("姓名"), header.index("旷工天数")
    found = {}
    for row in ws.iter_rows(min_row=header_row[0].row + 1):
        if row[name].value in ("张伟", "王芳"):
            found[row[name].value] = (row[days].value, row[days].number_format)
    return found


def generated_branches(folder: Path, branches: int, rows: int) -> list[Path]:
    """benchmarks/summary.py's branch files (a visit register and a handover log a branch,
    rows spread over 2026, eight agents), built once into `folder`."""
    import importlib.util

    source = Path(__file__).resolve().parents[1] / "benchmarks" / "summary.py"
    spec = importlib.util.spec_from_file_location("benchmark_summary", source)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return list(bench.build(folder, branches, rows))


def penalty_template(
    path: Path,
    sheets: dict[str, list[dict[str, Any]]],
    roster: Rows = ROSTER,
    min_wage: int = 2490,
) -> Path:
    """A 处罚汇总表 made from the template (`csbook new`), rows typed in as a clerk would:
    `sheets` maps a sheet name to rows keyed by header text (`leave`, `offence`); `roster`
    is rows in ROSTER_HEADERS order."""
    from csbook.io.templates import build_template
    from csbook.rules.schema import PENALTIES_BOOK
    from csbook.rules.settings import Settings

    def by_key(sheet: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        schema = PENALTIES_BOOK.sheet(sheet)
        key = {h: c.key for c in schema.columns for h in (c.header, *c.synonyms)}
        return [{key[h]: v for h, v in row.items() if v is not None} for row in rows]

    people = [dict(zip(ROSTER_HEADERS, p, strict=True)) for p in roster]
    rows = {"员工": by_key("员工", people)} | {s: by_key(s, r) for s, r in sheets.items()}
    settings = Settings(local_min_wage=min_wage)
    return build_template("penalties", path, settings=settings, rows=rows)


def compute_cli(
    capsys: pytest.CaptureFixture[str], path: Path, as_of: str
) -> tuple[int, openpyxl.Workbook]:
    """`csbook compute FILE -o DIR --as-of AS_OF`: its exit code and the copy it wrote."""
    out = path.parent / f"computed-{as_of[:10]}"
    code, printed, err = run_cli(capsys, "compute", path, "-o", out, "--as-of", as_of)
    assert (out / path.name).exists(), printed + err
    return code, openpyxl.load_workbook(out / path.name)


def sheet_rows(ws: Any, header: str) -> list[dict[str, Any]]:
    """The rows under the header row holding `header`, as dicts by header text, up to the
    first empty row."""
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    top = next(i for i, r in enumerate(rows) if header in r)
    out = []
    for r in rows[top + 1 :]:
        if all(v is None for v in r):
            break
        out.append(dict(zip(rows[top], r, strict=False)))
    return out


def sheet_lines(ws: Any) -> list[str]:
    """Every text in the sheet's first column (the lines under a table among them)."""
    return [str(r[0].value) for r in ws.iter_rows() if r[0].value is not None]
