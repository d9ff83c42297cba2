"""Registers as other programs keep them. LibreOffice's own .ods is read like the .xlsx it was
saved from, named or in a folder; what csbook cannot read (WPS .et, an archive, an .xlsx
renamed .xls) is refused by name with what to do (tests/test_bad_files.py)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import openpyxl
from libreoffice import convert

from csbook.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "csbook" / "sample"


def _summary(folder: Path, out: Path) -> openpyxl.Workbook:
    argv = ["summary", str(folder), "--month", "2026-10", "-o", str(out)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main([*argv, "--as-of", "2026-10-31 23:00"]) in (0, 1)
    return openpyxl.load_workbook(out)


def test_a_branch_s_ods_in_the_month_folder_is_counted_like_its_xlsx(tmp_path: Path) -> None:
    plain, ods = tmp_path / "xlsx", tmp_path / "ods"
    plain.mkdir()
    for book in SAMPLE.glob("*.xlsx"):
        shutil.copy(book, plain / book.name)
    [made] = convert([SAMPLE / "回访登记表.xlsx"], "ods", tmp_path, tmp_path / "profile")
    shutil.copytree(plain, ods)
    (ods / "回访登记表.xlsx").unlink()
    made.rename(ods / "回访登记表.ods")
    old = _summary(plain, tmp_path / "a.xlsx")
    new = _summary(ods, tmp_path / "b.xlsx")
    for ws in old.worksheets:
        if ws.title == "来源":
            continue  # names its files
        cells = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row]
        assert cells == [(k, _named(new[ws.title][k].value)) for k, _ in cells], ws.title
    sources = [row[0] for row in new["来源"].iter_rows(values_only=True)]
    assert "回访登记表.ods" in sources


def _named(value: object) -> object:
    """A list's 来源 names the file: the .ods for the .xlsx."""
    return value.replace("回访登记表.ods", "回访登记表.xlsx") if isinstance(value, str) else value
