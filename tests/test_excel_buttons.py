"""The Excel buttons (csbook.excel.buttons) on every workbook, through xlwings' remote engine:
the payload Excel would send, the actions Excel would be asked to do, applied to a copy of
the file with openpyxl, and the cells that result."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings_remote as xr
from openpyxl.utils import get_column_letter
from workbooks import write_book

from csbook.cli import main
from csbook.excel import buttons, marks
from csbook.excel import source as clock
from csbook.io.templates import TEMPLATE_FILES, build_template
from csbook.rules.schema import CHECK_NOTE, VISITS

AS_OF = datetime(2026, 10, 31, 18, 0)  # the sample month's last evening
SAMPLES = Path(buttons.__file__).resolve().parents[1] / "sample"
KINDS = tuple(TEMPLATE_FILES)
ERROR, WARNING = marks.ERROR_FILL[1:], marks.WARNING_FILL[1:]


pytestmark = pytest.mark.usefixtures("engine")  # every test talks to the remote engine


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: AS_OF)


def sample(kind: str, tmp_path: Path) -> Path:
    name = TEMPLATE_FILES[kind]
    target = tmp_path / name
    shutil.copy(SAMPLES / name, target)
    return target


def press(entry: str, path: Path, folder: Path) -> xr.Applied:
    """Press a button on the workbook at `path`; the result is saved under the same name in
    `folder` (the name shows on 校验结果)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / path.name
    book = xr.open_book(path)
    buttons.ENTRY_POINTS[entry](book)
    actions = book.json()["actions"]
    done = xr.apply(path, actions, out)
    assert not done.unknown, done.unknown
    done.actions = actions  # type: ignore[attr-defined]
    return done


def cli_json(path: Path) -> list[dict[str, Any]]:
    out = path.parent / "validate.json"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        main(["validate", str(path), "--format", "json", "--as-of", f"{AS_OF:%Y-%m-%d %H:%M}"])
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return json.loads(buffer.getvalue())["files"][0]["findings"]


def header_columns(ws: Any) -> dict[str, int]:
    return {
        str(c.value).strip(): c.column
        for c in ws[1]
        if c.value is not None and str(c.value).strip()
    }


def expected_highlights(path: Path) -> dict[str, dict[str, str]]:
    """Sheet -> cell -> colour, from the command line's findings (worst severity wins)."""
    wb = openpyxl.load_workbook(path)
    found: dict[str, dict[str, str]] = {}
    for f in cli_json(path):
        if f["row"] <= 1 or f["sheet"] not in wb.sheetnames or not f["column"]:
            continue
        column = header_columns(wb[f["sheet"]]).get(f["column"])
        if column is None:
            continue
        cell = f"{get_column_letter(column)}{f['row']}"
        cells = found.setdefault(f["sheet"], {})
        if cells.get(cell) != ERROR:
            cells[cell] = ERROR if f["severity"] == "error" else WARNING
    return found


def state(wb: Any) -> dict[str, Any]:
    """Everything a person sees of a workbook: sheets, their visibility, values, own fills
    and highlights."""
    return {
        ws.title: {
            "state": ws.sheet_state,
            "values": xr.values(ws),
            "fills": xr.fills(ws),
            "lit": xr.highlights(wb, ws.title),
        }
        for ws in wb.worksheets
    }


# ---------------------------------------------------------------------------------------------
# 校验
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_validate_lights_the_cells_of_the_findings(kind: str, tmp_path: Path) -> None:
    path = sample(kind, tmp_path)
    expected = expected_highlights(path)
    assert expected, "the samples carry deliberate mistakes"
    done = press("validate", path, tmp_path / "out")
    for sheet in done.wb.sheetnames:
        if sheet in (marks.MARK_SHEET, marks.RESULT_SHEET):
            continue
        assert xr.highlights(done.wb, sheet) == expected.get(sheet, {}), sheet
    assert done.wb[marks.MARK_SHEET].sheet_state == "hidden"
    findings = cli_json(path)
    errors = sum(f["severity"] == "error" for f in findings)
    assert done.alerts == [
        f"校验完成：{errors} 个错误，{len(findings) - errors} 个警告（详见“校验结果”表）"
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_validate_lists_every_finding_with_a_link(kind: str, tmp_path: Path) -> None:
    path = sample(kind, tmp_path)
    findings = cli_json(path)
    done = press("validate", path, tmp_path / "out")
    ws = done.wb[marks.RESULT_SHEET]
    rows = list(ws.iter_rows(min_row=marks.RESULT_FIRST_ROW + 1, values_only=True))
    assert len(rows) == len(findings)
    original = openpyxl.load_workbook(path)
    for row, f in zip(rows, findings, strict=True):
        _, link, sheet, excel_row, column, severity, rule, message = row
        assert (sheet, excel_row or 0, column, rule, message) == (
            f["sheet"],
            f["row"],
            f["column"],
            f["rule"],
            f["message"],
        )
        assert severity == {"error": "错误", "warning": "警告"}[f["severity"]]
        target = link.split('"')[1]
        assert target.startswith(f"#'{f['sheet']}'!")
        cell = target.split("!")[1]
        if f["row"] > 1 and f["column"] in header_columns(original[f["sheet"]]):
            column_letter = get_column_letter(header_columns(original[f["sheet"]])[f["column"]])
            assert cell == f"{column_letter}{f['row']}"


@pytest.mark.parametrize("kind", KINDS)
def test_validate_writes_notes_and_nothing_else(kind: str, tmp_path: Path) -> None:
    """Only 校验提示 changes in the judged sheets: no typed value, no other column."""
    path = sample(kind, tmp_path)
    before = openpyxl.load_workbook(path)
    done = press("validate", path, tmp_path / "out")
    copy = tmp_path / "computed"
    main(["compute", str(path), "-o", str(copy), "--as-of", f"{AS_OF:%Y-%m-%d %H:%M}"])
    reference = openpyxl.load_workbook(copy / path.name)
    for ws in before.worksheets:
        after = done.wb[ws.title]
        note_column = header_columns(ws).get(CHECK_NOTE)
        old, new = xr.values(ws), xr.values(after)
        letter = get_column_letter(note_column) if note_column else None

        def outside(cells: dict[str, Any], letter: str | None = letter) -> dict[str, Any]:
            return {
                k: v
                for k, v in cells.items()
                if letter is None or k.rstrip("0123456789") != letter or k == f"{letter}1"
            }

        assert outside(new) == outside(old), ws.title
        if letter:
            notes = {k: v for k, v in new.items() if k.rstrip("0123456789") == letter}
            wanted = {
                k: v
                for k, v in xr.values(reference[ws.title]).items()
                if k.rstrip("0123456789") == letter
            }
            assert notes == wanted, ws.title


def test_an_error_value_is_seen_and_marked(tmp_path: Path) -> None:
    headers = [c.header for c in VISITS.columns]
    row = {"回访日期": ("error", "#REF!"), "客户单位": "甲公司", "回访方式": "电话"}
    row |= {"回访类型": "定期回访", "回访人": "张伟"}
    path = write_book(tmp_path / "v.xlsx", {"回访登记": (headers, [[row.get(h) for h in headers]])})
    done = press("validate", path, tmp_path / "out")
    assert xr.highlights(done.wb, "回访登记") == {"A2": ERROR}
    rows = list(done.wb[marks.RESULT_SHEET].iter_rows(min_row=5, values_only=True))
    assert any(r[6] == "R03" and "#REF!" in r[7] for r in rows)


# ---------------------------------------------------------------------------------------------
# 计算
# ---------------------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs((a - b).total_seconds()) < 1
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return a == b


@pytest.mark.parametrize("kind", KINDS)
def test_compute_fills_what_csbook_compute_fills(kind: str, tmp_path: Path) -> None:
    path = sample(kind, tmp_path)
    done = press("compute", path, tmp_path / "out")
    copy = tmp_path / "computed"
    assert main(["compute", str(path), "-o", str(copy), "--as-of", f"{AS_OF:%Y-%m-%d %H:%M}"]) in (
        0,
        1,
    )
    reference = openpyxl.load_workbook(copy / path.name)
    inputs = openpyxl.load_workbook(path).sheetnames  # generated sheets are other buttons'
    for ws in reference.worksheets:
        if ws.title not in inputs:
            continue
        mine = done.wb[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                got = mine[cell.coordinate].value
                assert _same(got, cell.value), (ws.title, cell.coordinate, cell.value, got)
        computed_dates = [c for c in mine[2] if isinstance(c.value, datetime | date)]
        for c in computed_dates:
            assert c.number_format.startswith("yyyy-mm-dd")
    assert done.alerts and done.alerts[0].startswith("计算完成")


# ---------------------------------------------------------------------------------------------
# twice = once; 清除标记
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ["validate", "compute", "clear_marks"])
@pytest.mark.parametrize("kind", KINDS)
def test_twice_is_once(kind: str, entry: str, tmp_path: Path) -> None:
    path = sample(kind, tmp_path)
    once = press(entry, path, tmp_path / "once")
    twice = press(entry, tmp_path / "once" / path.name, tmp_path / "twice")
    assert state(twice.wb) == state(once.wb)
    for ws in once.wb.worksheets:
        rules = sum(len(cf.rules) for cf in ws.conditional_formatting)
        again = sum(len(cf.rules) for cf in twice.wb[ws.title].conditional_formatting)
        assert again == rules, ws.title
    assert twice.alerts == once.alerts


@pytest.mark.parametrize("first", ["validate", "compute"])
@pytest.mark.parametrize("kind", KINDS)
def test_clear_marks_restores_the_look(kind: str, first: str, tmp_path: Path) -> None:
    path = sample(kind, tmp_path)
    original = openpyxl.load_workbook(path)
    pressed = press(first, path, tmp_path / "marked")
    assert any(xr.highlights(pressed.wb, s) for s in pressed.wb.sheetnames)
    cleared = press("clear_marks", tmp_path / "marked" / path.name, tmp_path / "cleared")
    seen = {k: v for k, v in state(cleared.wb).items() if v["state"] == "visible"}
    wanted = state(original)
    if first == "compute":  # computed columns stay (they are results, not marks)
        for name in seen:
            seen[name]["values"] = {
                k: v for k, v in seen[name]["values"].items() if k in wanted[name]["values"]
            }
    assert seen == wanted
    assert marks.RESULT_SHEET not in cleared.wb.sheetnames
    assert cleared.alerts == ["已清除校验标记（高亮、校验提示、校验结果表）"]


def test_validate_after_clear_marks_again(tmp_path: Path) -> None:
    path = sample("visits", tmp_path)
    first = press("validate", path, tmp_path / "a")
    press("clear_marks", tmp_path / "a" / path.name, tmp_path / "b")
    again = press("validate", tmp_path / "b" / path.name, tmp_path / "c")
    assert state(again.wb) == state(first.wb)


def test_a_fixed_cell_loses_its_highlight(tmp_path: Path) -> None:
    path = sample("visits", tmp_path)
    press("validate", path, tmp_path / "a")
    wb = openpyxl.load_workbook(tmp_path / "a" / path.name)
    lit = xr.highlights(wb, "回访登记")
    cell = next(k for k, v in lit.items() if v == WARNING)  # the phone number (V05)
    wb["回访登记"][cell] = "13770478263"
    (tmp_path / "fixed").mkdir()
    wb.save(tmp_path / "fixed" / path.name)
    again = press("validate", tmp_path / "fixed" / path.name, tmp_path / "b")
    assert cell not in xr.highlights(again.wb, "回访登记")
    assert set(xr.highlights(again.wb, "回访登记")) == set(lit) - {cell}


# ---------------------------------------------------------------------------------------------
# blank templates and calls into Excel
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ["validate", "compute", "clear_marks"])
@pytest.mark.parametrize("kind", KINDS)
def test_blank_templates(kind: str, entry: str, tmp_path: Path) -> None:
    path = build_template(kind, tmp_path / TEMPLATE_FILES[kind])
    done = press(entry, path, tmp_path / "out")
    assert len(done.actions) < 25  # type: ignore[attr-defined]
    assert done.alerts
    for ws in openpyxl.load_workbook(path).worksheets:
        assert xr.values(done.wb[ws.title]) == xr.values(ws)


def _register(rows: int, path: Path) -> Path:
    base = date(2026, 10, 8)
    records = []
    for i in range(rows):
        records.append(
            {
                "visit_date": base,
                "client": f"客户{i % 37}",
                "phone": "12345" if i % 50 == 7 else "13812345678",
                "method": "电话",
                "kind": "定期回访",
                "staff": "王芳",
            }
        )
    return build_template("visits", path, rows={"回访登记": records})


def test_calls_into_excel_do_not_grow_with_rows(tmp_path: Path) -> None:
    counts = []
    for rows in (50, 500):
        path = _register(rows, tmp_path / f"r{rows}.xlsx")
        for entry in ("validate", "compute", "clear_marks"):
            book = xr.open_book(path)
            buttons.ENTRY_POINTS[entry](book)
            counts.append((entry, len(book.json()["actions"])))
    assert counts[:3] == counts[3:]
    assert all(n < 25 for _, n in counts)


# ---------------------------------------------------------------------------------------------
# the residue of 清除标记, a renamed sheet, desktop Excel
# ---------------------------------------------------------------------------------------------


def _old_register(path: Path) -> Path:
    """A register typed before the template had a 校验提示 column, in a hurry: a text date,
    a bad phone number, a blank marker, an own fill on a cell."""
    headers = ["回访日期", "客户名称", "联系电话", "回访方式", "回访类型", "回访人"]
    rows = [
        ["2026年10月8日", "客户甲", "13812345678", "电话", "定期回访", "王芳"],
        ["2026-10-09", "客户乙", "12345", "电话", "定期回访", "王芳"],
        ["10月12日", "客户丙", "13812345679", "上门", "定期回访", "/"],
    ]
    write_book(path, {"回访登记": (headers, rows)})
    wb = openpyxl.load_workbook(path)
    wb["回访登记"]["B2"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    wb.save(path)
    return path


def _rules(ws: Any) -> list[str]:
    return [rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules]


def test_clear_marks_takes_away_the_note_header_it_added(tmp_path: Path) -> None:
    path = _old_register(tmp_path / "回访登记表.xlsx")
    original = openpyxl.load_workbook(path)
    marked = press("validate", path, tmp_path / "a")
    ws = marked.wb["回访登记"]
    column = header_columns(ws)[f"{CHECK_NOTE}（程序计算）"]  # appended where 计算 puts it
    assert column > 6 and ws.cell(3, column).value.startswith("[V05]")
    assert xr.highlights(marked.wb, "回访登记")
    cleared = press("clear_marks", tmp_path / "a" / path.name, tmp_path / "b")
    ws = cleared.wb["回访登记"]
    assert xr.values(ws) == xr.values(original["回访登记"])  # header and notes gone
    assert xr.fills(ws) == xr.fills(original["回访登记"])  # the header's grey too
    assert xr.highlights(cleared.wb, "回访登记") == {}
    assert len(_rules(ws)) == 2  # the two rules stay, showing nothing
    assert cleared.wb.sheetnames == [marks.MARK_SHEET, "回访登记"]
    assert cleared.wb[marks.MARK_SHEET].sheet_state == "hidden"
    again = press("validate", tmp_path / "b" / path.name, tmp_path / "c")
    assert state(again.wb) == state(marked.wb)  # and 校验 puts it all back


def test_a_renamed_sheet_keeps_its_two_rules(tmp_path: Path) -> None:
    path = sample("visits", tmp_path)
    first = press("validate", path, tmp_path / "a")
    wb = openpyxl.load_workbook(tmp_path / "a" / path.name)
    lit = xr.highlights(wb, "回访登记")
    assert lit and len(_rules(wb["回访登记"])) == 2
    wb["回访登记"].title = "回访登记表"  # a name csbook accepts for the sheet
    (tmp_path / "renamed").mkdir()
    wb.save(tmp_path / "renamed" / path.name)
    again = press("validate", tmp_path / "renamed" / path.name, tmp_path / "b")
    assert len(_rules(again.wb["回访登记表"])) == 2
    assert xr.highlights(again.wb, "回访登记表") == lit
    assert first.alerts == again.alerts


@pytest.mark.parametrize("entry", ["validate", "compute"])
def test_on_desktop_the_second_press_is_the_first(entry: str, tmp_path: Path) -> None:
    """Through xlwings' own Windows engine (a stand-in for Excel's object model): the second
    press leaves every sheet as the first left it, adds no rule, and both stay within the
    calls a press may make."""
    import xlwings_com as xc

    path = _old_register(tmp_path / "回访登记表.xlsx")
    book, model = xc.open_book(path)
    xc.counter.reset()
    buttons.ENTRY_POINTS[entry](book)
    first_calls = xc.counter.calls
    first = {s.name: (xc.values(s), len(s.rules)) for s in model.sheets}
    assert first["回访登记"][1] == 2
    assert f"{CHECK_NOTE}（程序计算）" in first["回访登记"][0].values()
    xc.counter.reset()
    buttons.ENTRY_POINTS[entry](book)
    assert {s.name: (xc.values(s), len(s.rules)) for s in model.sheets} == first
    assert max(first_calls, xc.counter.calls) <= 150
    buttons.clear_marks(book)
    sheet = next(s for s in model.sheets if s.name == "回访登记")
    typed = {
        (c.row, c.column): c.value
        for row in openpyxl.load_workbook(path)["回访登记"].iter_rows()
        for c in row
        if c.value is not None
    }
    left = xc.values(sheet)
    assert f"{CHECK_NOTE}（程序计算）" not in left.values()
    # 计算's columns stay (results, not marks); 校验 leaves nothing behind
    assert left == typed if entry == "validate" else typed.items() <= left.items()
    assert model.app._props["StatusBar"] is False  # the status bar given back to Excel


def test_a_cloud_workbook_is_read_and_said(tmp_path: Path) -> None:
    """A OneDrive workbook whose folder xlwings cannot map: read from Excel as it is, and
    the summary that needs its folder says so instead of failing."""
    import xlwings_com as xc

    path = _old_register(tmp_path / "回访登记表.xlsx")
    book, model = xc.open_book(path, fullname="https://d.docs.live.net/1a2b/回访登记表.xlsx")
    buttons.validate(book)
    assert any(s.name == marks.RESULT_SHEET for s in model.sheets)
    buttons.month_summary(book)
    assert not list(tmp_path.glob("*月度汇总*"))


def test_compute_keeps_a_persons_own_status_column(tmp_path: Path) -> None:
    """计算 on a register whose clerk keeps 回复状态 by hand: that column stays as typed; the
    button writes its own column beside, and finds it again on the next press."""
    headers = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首问负责人"]
    headers += ["首次回复时间", "回复状态"]
    row = ["T1", "2026-10-12 09:00", "甲公司", "电话", "账单有误", "一站", "王芳"]
    path = write_book(
        tmp_path / "投诉台账.xlsx",
        {"投诉登记": (headers, [[*row, "2026-10-13 15:00", "按时"]])},  # due 10-13 09:00
    )
    once = press("compute", path, tmp_path / "once")
    ws = once.wb["投诉登记"]
    names = [c.value for c in ws[1]]
    assert names[:9] == headers
    assert names[9:] == [
        "回复期限（程序计算）",
        "回复状态（程序计算）",
        "复访期限（程序计算）",
        "投诉等级（程序计算）",
        "校验提示（程序计算）",
    ]
    assert ws["I2"].value == "按时"  # the clerk's, untouched
    assert ws.cell(2, names.index("回复状态（程序计算）") + 1).value == "超时"
    assert "[V49] 回复状态" in ws.cell(2, names.index("校验提示（程序计算）") + 1).value
    twice = press("compute", tmp_path / "once" / path.name, tmp_path / "twice")
    assert [c.value for c in twice.wb["投诉登记"][1]] == names
