"""The summary prints: LibreOffice (headless) converts it to PDF, and every sheet comes out
on at least one page, in order, with no page that holds only its header and footer.

Needs `soffice` and poppler's `pdfinfo`/`pdftotext`/`pdftoppm` (scripts/system-deps).
Without them the test fails when the CI environment variable is set and skips otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from branch_files import AS_OF, SHEETS, build_scenario
from rendering import MissingTool, page_texts, to_pdf, tool

from csbook.cli import main

FOOTER = re.compile(r"^第 \d+ 页，共 \d+ 页")


def need(name: str) -> str:
    try:
        return tool(name)
    except MissingTool as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))


def test_every_sheet_prints_with_no_empty_page(tmp_path: Path) -> None:
    for name in ("soffice", "pdfinfo", "pdftotext", "pdftoppm"):
        need(name)
    args = build_scenario(tmp_path / "in")
    workbook = tmp_path / "out" / "summary.xlsx"
    main(["summary", *args, "--month", "2026-11", "-o", str(workbook), "--as-of", AS_OF])
    titles = {ws.title: ws["A1"].value for ws in openpyxl.load_workbook(workbook)}
    assert list(titles) == SHEETS
    assert len(set(titles.values())) == len(titles)  # each page says which sheet it is

    pdf = to_pdf(workbook, tmp_path / "pdf")
    printed: list[str] = []
    for n, text in enumerate(page_texts(pdf), start=1):
        sheets = [name for name, title in titles.items() if title in text]
        assert len(sheets) == 1, f"page {n}: {text[:200]!r}"
        printed.append(sheets[0])
        title = titles[sheets[0]]
        body = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and line.strip() != title and not FOOTER.match(line.strip())
        ]
        assert body, f"page {n} ({sheets[0]}) has nothing but its header and footer"
    assert sorted(set(printed), key=SHEETS.index) == SHEETS  # every sheet, at least a page
    assert [s for i, s in enumerate(printed) if i == 0 or printed[i - 1] != s] == SHEETS

    # the first page as a picture, for a person to look at (kept in the test's tmp folder)
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("p*.png")
    assert png.stat().st_size > 10_000
