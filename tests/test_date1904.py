"""Workbooks saved by Excel for Mac count their dates from 1904 (`<workbookPr date1904="1"/>`).
A date cell formatted as a date is read as a date in either system; a date left as a bare
serial number (a paste of values, a column formatted 常规) means another day in each: 1,462
days apart. The sample month saved in the 1904 system, with some dates as bare serials (and
one typed as text), gives the same statuses, deadlines and findings as the sample itself."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    to_excel,
)

from csbook.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "csbook" / "sample"
AS_OF = "2026-10-31 23:00"


def _header_column(ws: openpyxl.worksheet.worksheet.Worksheet, header: str) -> int:
    [cell] = [c for row in ws.iter_rows(max_row=3) for c in row if c.value == header]
    return cell.column


def _bare_serials(ws: openpyxl.worksheet.worksheet.Worksheet, header: str, rows: list[int]) -> None:
    """Dates of `header` on `rows` as their 1904 serial numbers, formatted 常规 (General)."""
    column = _header_column(ws, header)
    for row in rows:
        cell = ws.cell(row, column)
        assert isinstance(cell.value, datetime), (header, row, cell.value)
        cell.value = to_excel(cell.value, CALENDAR_MAC_1904)
        cell.number_format = "General"


def _as_1904(source: Path, target: Path, serials: dict[str, dict[str, list[int]]]) -> Path:
    wb = openpyxl.load_workbook(source)
    wb.epoch = CALENDAR_MAC_1904  # openpyxl writes every date as a 1904 serial, and date1904
    for sheet, columns in serials.items():
        for header, rows in columns.items():
            _bare_serials(wb[sheet], header, rows)
    wb.save(target)
    return target


def _resaved(source: Path, target: Path) -> Path:
    """The sample through openpyxl in the 1900 system: the reference, written alike."""
    openpyxl.load_workbook(source).save(target)
    return target


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("mac")
    (folder / "1900").mkdir()
    (folder / "1904").mkdir()
    visits = SAMPLE / "回访登记表.xlsx"
    handover = SAMPLE / "交接班记录.xlsx"
    penalties = SAMPLE / "处罚汇总表.xlsx"
    made = {
        "visits": (
            _resaved(visits, folder / "1900" / visits.name),
            _as_1904(
                visits,
                folder / "1904" / visits.name,
                {
                    "投诉登记": {"受理时间": [2, 3, 4], "首次回复时间": [2, 5]},
                    "回访登记": {"回访日期": [3, 4, 5]},
                },
            ),
        ),
        "handover": (
            _resaved(handover, folder / "1900" / handover.name),
            _as_1904(handover, folder / "1904" / handover.name, {"交接班": {"日期": [2, 3, 4]}}),
        ),
        "penalties": (
            _resaved(penalties, folder / "1900" / penalties.name),
            _as_1904(
                penalties,
                folder / "1904" / penalties.name,
                {
                    "过失登记": {"日期": [2, 8, 11], "通知日期": [2]},
                    "请假登记": {"开始日期": [2], "结束日期": [2]},
                    "员工": {"入职日期": [2, 3]},
                },
            ),
        ),
    }
    # one more, typed as text: the 1904 serial of 2026-10-03 16:00 (TS-2026-088's reply)
    wb = openpyxl.load_workbook(made["visits"][1])
    ws = wb["投诉登记"]
    column = _header_column(ws, "首次回复时间")
    assert ws.cell(3, column).value == datetime(2026, 10, 3, 16, 0)
    ws.cell(3, column).value = f"{to_excel(datetime(2026, 10, 3, 16, 0), CALENDAR_MAC_1904):.6f}"
    wb.save(made["visits"][1])
    return made


def _findings(path: Path, capsys: pytest.CaptureFixture[str], *more: Path) -> list[tuple]:
    main(
        [
            "validate",
            str(path),
            *(a for p in more for a in ("--with", str(p))),
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ]
    )
    data = json.loads(capsys.readouterr().out)
    return sorted(
        (f["sheet"], f["row"], f.get("column"), f["rule"], f["message"])
        for entry in data["files"]
        for f in entry["findings"]
    )


def test_the_1904_book_is_flagged_as_such(books: dict[str, tuple[Path, Path]]) -> None:
    from csbook.io.source import open_workbook

    for plain, mac in books.values():
        assert not open_workbook(plain).read(open_workbook(plain).sheet_names[0]).date1904
        book = open_workbook(mac)
        assert book.read(book.sheet_names[0]).date1904


def test_validate_finds_the_same(
    books: dict[str, tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    for plain, mac in books.values():
        assert _findings(mac, capsys) == _findings(plain, capsys), mac.name


def test_compute_writes_the_same_statuses_and_deadlines(
    books: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    for plain, mac in books.values():
        for path in (plain, mac):
            out = tmp_path / path.parent.name
            code = main(["compute", str(path), "-o", str(out), "--as-of", AS_OF])
            assert code in (0, 1)
        old = openpyxl.load_workbook(tmp_path / "1900" / plain.name)
        new = openpyxl.load_workbook(tmp_path / "1904" / mac.name)
        assert new.epoch == CALENDAR_MAC_1904  # the copy keeps the Mac's date system
        for ws in old.worksheets:
            differ = [
                (c.coordinate, c.value, new[ws.title][c.coordinate].value)
                for row in ws.iter_rows()
                for c in row
                if not _same(c.value, new[ws.title][c.coordinate].value)
            ]
            assert not differ, (mac.name, ws.title, differ[:5])


def _same(a: object, b: object) -> bool:
    """Equal cells; a date left as a bare 1904 serial equals its date."""
    if isinstance(a, datetime) and isinstance(b, int | float | str):
        try:
            return abs(to_excel(a, CALENDAR_MAC_1904) - float(b)) < 1e-5
        except ValueError:
            return False
    return a == b


def test_the_summary_of_the_month_is_the_same(
    books: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    for system in ("1900", "1904"):
        folder = tmp_path / f"in-{system}"
        folder.mkdir()
        for pair in books.values():
            source = pair[0] if system == "1900" else pair[1]
            shutil.copy(source, folder / source.name)
        assert main(
            [
                "summary",
                str(folder),
                "--month",
                "2026-10",
                "-o",
                str(tmp_path / f"{system}.xlsx"),
                "--as-of",
                AS_OF,
            ]
        ) in (0, 1)
    old = openpyxl.load_workbook(tmp_path / "1900.xlsx")
    new = openpyxl.load_workbook(tmp_path / "1904.xlsx")
    for ws in old.worksheets:
        if ws.title == "来源":
            continue  # its folder names differ
        differ = [
            (c.coordinate, c.value, new[ws.title][c.coordinate].value)
            for row in ws.iter_rows()
            for c in row
            if c.value != new[ws.title][c.coordinate].value
        ]
        assert not differ, (ws.title, differ[:5])


def test_on_desktop_excel_the_button_reads_the_mac_s_dates_too(
    books: dict[str, tuple[Path, Path]],
) -> None:
    """计算 in desktop Excel (xlwings' Windows engine on a stand-in for Excel's object
    model): the open workbook says it counts from 1904 (Workbook.Date1904); its bare serials
    are read so, and the deadlines are written as its own serials: the same dates and
    statuses as the 1900 book's."""
    import xlwings_com as xc

    from csbook.excel import buttons

    written = []
    for path in books["visits"]:
        book, model = xc.open_book(path)
        mac = model._props["Date1904"] = path.parent.name == "1904"
        buttons.ENTRY_POINTS["compute"](book)
        sheet = next(s for s in model.sheets if s.name == "投诉登记")
        header = {v: c for (r, c), v in sheet.cells.items() if r == 1}
        epoch = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
        written.append(
            [from_excel(sheet.cells.get((r, header["回复期限"])), epoch) for r in range(2, 8)]
            + [sheet.cells.get((r, header["回复状态"])) for r in range(2, 8)]
        )
    assert written[0] == written[1] and all(written[0])
