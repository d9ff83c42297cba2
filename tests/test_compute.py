"""`csbook compute`: copies with the computed columns of SPEC §1 filled, inputs untouched."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from workbooks import COMPLAINT_ROWS, HANDOVER_ROWS, VISIT, VISITS_ROWS, run_cli, write_book

from csbook.io.templates import build_template
from csbook.rules.schema import COMPLAINTS, HANDOVER, VISITS

AS_OF = "2026-11-20 12:00"
COMPUTED = {
    "回访登记": ["复访期限", "承诺状态", "状态", "校验提示"],
    "投诉登记": ["回复期限", "回复状态", "复访期限", "投诉等级", "校验提示"],
    "交接班": ["应到时间", "提前分钟", "到岗状态", "脱班", "校验提示"],
}


def headers(ws: Worksheet, row: int = 1) -> list[Any]:
    return [c.value for c in ws[row]]


def column(ws: Worksheet, header: str, row: int = 1) -> list[Any]:
    """The values under `header` (which must stand exactly once in the header row)."""
    names = headers(ws, row)
    assert names.count(header) == 1, names
    c = names.index(header) + 1
    return [ws.cell(r, c).value for r in range(row + 1, ws.max_row + 1)]


def cells(path: Path) -> dict[tuple[str, str], tuple[Any, str, str]]:
    """Every non-empty cell: (sheet, coordinate) -> (value, data type, number format)."""
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): (c.value, c.data_type, c.number_format)
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def computed_letters(path: Path, header_row: int = 1) -> dict[str, set[str]]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for name, owned in COMPUTED.items():
        if name in wb.sheetnames:
            out[name] = {c.column_letter for c in wb[name][header_row] if c.value in owned}
    return out


def stamp(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def templated(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    visits = build_template(
        "visits",
        folder / "回访登记表.xlsx",
        rows={"回访登记": VISITS_ROWS, "投诉登记": COMPLAINT_ROWS},
    )
    handover = build_template(
        "handover", folder / "交接班记录.xlsx", rows={"交接班": HANDOVER_ROWS}
    )
    return visits, handover


def test_template_files_get_every_computed_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    visits, handover = templated
    before = [stamp(visits), stamp(handover)]
    out = tmp_path / "out"
    code, printed, err = run_cli(capsys, "compute", visits, handover, "-o", out, "--as-of", AS_OF)
    assert code == 1, printed + err  # the R01 row
    assert [stamp(visits), stamp(handover)] == before
    assert str(out / visits.name) in printed and str(out / handover.name) in printed

    wb = openpyxl.load_workbook(out / visits.name)
    ws = wb["回访登记"]
    # the template's headers are reused: no column added
    assert headers(ws) == [c.header for c in (*VISITS.columns, *VISITS.computed)]
    assert column(ws, "复访期限") == [None, datetime(2026, 11, 7), None, None]
    assert column(ws, "承诺状态") == [None, None, "未到期", None]
    assert column(ws, "状态") == ["已闭环", "复访超期", "待解决", "已闭环"]
    notes = column(ws, "校验提示")
    assert notes[0] is None and notes[2] is None
    assert "D04" in notes[1] and "复访超期" in notes[1] and "2026-11-07" in notes[1]
    assert "R01" in notes[3] and "回访人" in notes[3] and "必填项为空" in notes[3]

    ws = wb["投诉登记"]
    assert headers(ws) == [c.header for c in (*COMPLAINTS.columns, *COMPLAINTS.computed)]
    assert column(ws, "回复期限") == [datetime(2026, 11, 3, 9, 0)] * 2
    assert column(ws, "回复状态") == ["按时", "已超期未回复"]
    assert column(ws, "复访期限") == [None, None]
    assert column(ws, "投诉等级") == ["一般", "恶性"]
    notes = column(ws, "校验提示")
    assert notes[0] is None
    assert "D03" in notes[1] and "已超期未回复" in notes[1]

    ws = openpyxl.load_workbook(out / handover.name)["交接班"]
    assert headers(ws) == [c.header for c in (*HANDOVER.columns, *HANDOVER.computed)]
    assert column(ws, "应到时间") == [datetime(2026, 11, 3, 7, 50), datetime(2026, 11, 3, 15, 50)]
    assert column(ws, "提前分钟") == [15, -5]
    assert column(ws, "到岗状态") == ["按时", "迟到"]
    assert all(value in ("是", "否") for value in column(ws, "脱班"))
    notes = column(ws, "校验提示")
    assert "H01" in notes[1] and "迟到" in notes[1]


def test_typed_cells_are_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    out = tmp_path / "out"
    for source in templated:
        run_cli(capsys, "compute", source, "-o", out, "--as-of", AS_OF)
        owned = computed_letters(source)
        copy = cells(out / source.name)
        for (sheet, coordinate), original in cells(source).items():
            assert copy.get((sheet, coordinate)) == original, (source.name, sheet, coordinate)
        # nothing was written outside the computed columns
        for sheet, coordinate in set(copy) - set(cells(source)):
            letters = coordinate.rstrip("0123456789")
            assert letters in owned.get(sheet, set()), (source.name, sheet, coordinate)


PLAIN_HEADERS = ["回访日期", "客户单位", "联系人", "回访方式", "回访类型", "回访人", "解决日期"]
PLAIN_HEADERS += ["客户意见", "备注", "片区"]  # 片区: a column csbook does not know


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """A workbook typed by hand: a title above the headers, no computed columns, an unknown
    extra column, and text that looks like a formula."""
    (tmp_path / "in").mkdir()
    path = write_book(
        tmp_path / "in" / "手工表.xlsx",
        {
            "回访登记": (
                PLAIN_HEADERS,
                [
                    [
                        *("2026-11-03", "甲公司", "-刘", "电话", "定期回访", "张伟"),
                        *("2026-11-04", "=1+1", "@home", "东区"),
                    ],
                    [
                        *("2026-11-05", "+乙公司", "王", "电话", "定期回访", None),
                        *(None, "-5", '=HYPERLINK("http://x")', None),
                    ],
                ],
            ),
            "投诉登记": (
                ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首问负责人"],
                [["T1", "2026-11-02 09:00", "甲公司", "电话", "=SUM(A1:A9)", "一站", "王芳"]],
            ),
            "参数": (["参数", "值", "说明"], []),
            "节假日": (["日期", "类型"], []),
        },
    )
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    c.data_type = "s"  # typed as text, as Excel does with a leading '
    ws = wb["回访登记"]
    ws.insert_rows(1)
    ws["A1"] = "2026年11月 回访登记"
    wb.save(path)
    return path


def test_computed_columns_are_appended_right_of_the_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plain: Path
) -> None:
    before = stamp(plain)
    out = tmp_path / "out"
    code, printed, err = run_cli(capsys, "compute", plain, "-o", out, "--as-of", AS_OF)
    assert code == 1, printed + err
    assert stamp(plain) == before

    wb = openpyxl.load_workbook(out / plain.name)
    ws = wb["回访登记"]
    assert ws["A1"].value == "2026年11月 回访登记"
    names = headers(ws, 2)
    assert names[:10] == PLAIN_HEADERS
    # headers the program adds carry its mark
    assert names[10:] == [f"{h}（程序计算）" for h in COMPUTED["回访登记"]]
    assert column(ws, "复访期限（程序计算）", 2) == [datetime(2026, 11, 7), None]
    assert column(ws, "状态（程序计算）", 2) == ["复访超期", "已闭环"]
    assert "R01" in column(ws, "校验提示（程序计算）", 2)[1]

    ws = wb["投诉登记"]
    assert headers(ws)[7:] == [f"{h}（程序计算）" for h in COMPUTED["投诉登记"]]
    assert column(ws, "回复状态（程序计算）") == ["已超期未回复"]

    # formula-like text stays text, in the input columns and everywhere else
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
    ws = wb["回访登记"]
    assert [ws["C3"].value, ws["H3"].value, ws["I3"].value] == ["-刘", "=1+1", "@home"]
    assert [ws["B4"].value, ws["H4"].value] == ["+乙公司", "-5"]
    assert wb["投诉登记"]["E2"].value == "=SUM(A1:A9)"
    # and the copy keeps every typed cell
    copy = cells(out / plain.name)
    for key, original in cells(plain).items():
        assert copy[key] == original, key


def computed_values(path: Path) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for name, owned in COMPUTED.items():
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        names = headers(ws)
        for header in owned:
            assert names.count(header) == 1, (name, names)
        out[name] = [column(ws, header) for header in owned]
    return out


def test_compute_twice_gives_the_same_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    for source in templated:
        first, second = tmp_path / "first", tmp_path / "second"
        run_cli(capsys, "compute", source, "-o", first, "--as-of", AS_OF)
        run_cli(capsys, "compute", first / source.name, "-o", second, "--as-of", AS_OF)
        once, twice = computed_values(first / source.name), computed_values(second / source.name)
        assert once == twice
        assert cells(first / source.name) == cells(second / source.name)


def test_compute_twice_on_a_plain_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plain: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli(capsys, "compute", plain, "-o", first, "--as-of", AS_OF)
    run_cli(capsys, "compute", first / plain.name, "-o", second, "--as-of", AS_OF)
    assert cells(first / plain.name) == cells(second / plain.name)


def test_a_later_as_of_updates_the_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    visits, _ = templated
    early, late = tmp_path / "early", tmp_path / "late"
    run_cli(capsys, "compute", visits, "-o", early, "--as-of", "2026-11-05")
    run_cli(capsys, "compute", early / visits.name, "-o", late, "--as-of", AS_OF)
    ws = openpyxl.load_workbook(early / visits.name)["回访登记"]
    assert column(ws, "状态")[1] == "待复访"
    assert "D04" not in (column(ws, "校验提示")[1] or "")
    ws = openpyxl.load_workbook(late / visits.name)["回访登记"]
    assert column(ws, "状态")[1] == "复访超期"
    assert column(ws, "校验提示")[1].count("D04") == 1


def test_output_folder_equal_to_the_input_folder(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    templated: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visits, _ = templated
    before = stamp(visits)
    code, printed, err = run_cli(capsys, "compute", visits, "-o", visits.parent, "--as-of", AS_OF)
    assert code == 2
    assert visits.name in printed + err and "覆盖" in printed + err
    assert "Traceback" not in err
    assert stamp(visits) == before
    # the same folder spelled differently
    monkeypatch.chdir(visits.parent)
    code, printed, err = run_cli(capsys, "compute", visits.name, "-o", ".", "--as-of", AS_OF)
    assert code == 2
    assert stamp(visits) == before
    assert sorted(p.name for p in visits.parent.iterdir()) == sorted(
        ["回访登记表.xlsx", "交接班记录.xlsx"]
    )  # no temporary file left behind


def test_an_output_never_overwrites_another_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    visits, _ = templated
    other = tmp_path / "other"
    other.mkdir()
    second = build_template("visits", other / visits.name, rows={"回访登记": [VISIT]})
    before = stamp(second)
    run_cli(capsys, "compute", visits, second, "-o", other, "--as-of", AS_OF)
    assert stamp(second) == before


def test_output_that_is_a_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    visits, handover = templated
    before = stamp(handover)
    code, _, _ = run_cli(capsys, "compute", visits, "-o", handover, "--as-of", AS_OF)
    assert code == 2
    assert stamp(handover) == before


def test_unreadable_input_is_reported_and_others_computed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, templated: tuple[Path, Path]
) -> None:
    visits, _ = templated
    broken = tmp_path / "in" / "坏.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    out = tmp_path / "out"
    code, printed, err = run_cli(capsys, "compute", broken, visits, "-o", out, "--as-of", AS_OF)
    assert code == 2 and "Traceback" not in err
    assert str(broken) in printed
    assert (out / visits.name).exists() and not (out / broken.name).exists()
    assert sorted(p.name for p in out.iterdir()) == [visits.name]  # no temporary files


# a branch's own complaint register: its clerk keeps 回复期限, 回复状态 and 投诉等级 by hand
OWN_HEADERS = ["投诉编号", "受理时间", "客户", "渠道", "投诉内容", "责任单位", "首问负责人"]
OWN_HEADERS += ["首次回复时间", "回复期限", "回复状态", "投诉等级"]
T1, T2, T3 = (
    ["T1", "2026-11-02 09:00", "甲公司", "电话", "账单有误", "一站", "王芳"],
    ["T2", "2026-11-05 14:00", "乙公司", "电话", "停电", "二站", "王芳"],
    ["T3", "2026-11-10 09:00", "丙公司", "上门", "态度", "一站", "李娜"],
)
OWN_ROWS = [
    # received Mon 11-02 09:00, due Tue 11-03 09:00: the clerk agrees with csbook
    [*T1, "2026-11-02 10:00", "2026-11-03 09:00", "按时", "一般"],
    # due Fri 11-06 14:00; the clerk counted a day too many and called the reply in time
    [*T2, "2026-11-09 10:00", "11月7日", "按时", "一般"],
    # the due day written without its hour agrees; 回复状态 left blank; a grade of their own
    [*T3, "2026-11-10 11:00", "11月11日", None, "严重"],
]


def test_compute_never_overwrites_a_persons_own_computed_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_book(tmp_path / "投诉台账.xlsx", {"投诉登记": (OWN_HEADERS, OWN_ROWS)})
    before = cells(path)
    _, printed, _ = run_cli(capsys, "validate", path, "--as-of", AS_OF, "--format", "json")
    found = [
        (f["row"], f["column"], f["severity"], f["message"])
        for f in json.loads(printed)["files"][0]["findings"]
        if f["rule"] == "V49"
    ]
    assert found == [
        (
            3,
            "回复期限",
            "warning",
            "本列是手工填写的“2026-11-07”，程序计算为“2026-11-06 14:00”（写在程序自己的列中），请核对",
        ),
        (
            3,
            "回复状态",
            "warning",
            "本列是手工填写的“按时”，程序计算为“超时”（写在程序自己的列中），请核对",
        ),
        (
            4,
            "投诉等级",
            "warning",
            "本列是手工填写的“严重”，程序计算为“一般”（写在程序自己的列中），请核对",
        ),
    ]

    out = tmp_path / "out"
    run_cli(capsys, "compute", path, "-o", out, "--as-of", AS_OF)
    copy = cells(out / path.name)
    for key, original in before.items():
        assert copy[key] == original, key  # every typed cell as it was, its own columns too
    ws = openpyxl.load_workbook(out / path.name)["投诉登记"]
    names = headers(ws)
    assert names[11:] == [
        "回复期限（程序计算）",
        "回复状态（程序计算）",
        "复访期限（程序计算）",
        "投诉等级（程序计算）",
        "校验提示（程序计算）",
    ]
    assert column(ws, "回复状态（程序计算）") == ["按时", "超时", "按时"]
    assert column(ws, "回复状态") == ["按时", "按时", None]

    # the copy computed again: the program finds its own columns and adds none
    again = tmp_path / "again"
    run_cli(capsys, "compute", out / path.name, "-o", again, "--as-of", AS_OF)
    assert headers(openpyxl.load_workbook(again / path.name)["投诉登记"]) == names
