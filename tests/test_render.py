"""Every generated sheet of every period, and the three templates, printed by LibreOffice to
PNG pages (what `scripts/render` shows a person): each sheet comes out on at least one page
that is not blank, the generated ones carry their title in the page header, every page
prints its text at 8 pt or more, and each line merged over the first page of a sheet printed
several pages wide prints whole on it.

Needs `soffice` and poppler (scripts/system-deps): without them the test fails when the CI
environment variable is set and skips otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from rendering import (
    LEGIBLE_PT,
    MissingTool,
    page_words,
    printed_sizes,
    printed_whole_on_one_page,
    render_all,
    sheet_titles,
    tool,
)


def test_every_sheet_of_every_period_and_template_renders(tmp_path: Path) -> None:
    try:
        for name in ("soffice", "pdfinfo", "pdftotext", "pdftoppm"):
            tool(name)
    except MissingTool as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))
    done = render_all(tmp_path)
    merged = 0
    assert len(done) == 5 + 3  # four periods of the sample, a generated year; the templates
    for book, pages in done.items():
        named = {p.stem.rsplit("-", 1)[1] for p in pages}
        assert set(sheet_titles(book)) <= named, (book.name, sorted(named))
        # a page with a table is several kilobytes of PNG; a blank one a few hundred bytes
        assert all(p.stat().st_size > 3_000 for p in pages), book.name
        # and its text is legible: 8 pt or more (pages without Chinese text measure 0)
        pdf = tmp_path / "pdf" / f"{book.stem}.pdf"
        sizes, _ = printed_sizes(pdf)
        assert min(s for s in sizes if s) >= LEGIBLE_PT, (book.name, sizes)
        words = page_words(pdf)
        wb = openpyxl.load_workbook(book)
        for ws in wb.worksheets:
            lines = [str(ws.cell(r.min_row, r.min_col).value) for r in ws.merged_cells.ranges]
            printed = [words[n] for n, p in enumerate(pages) if p.stem.endswith(f"-{ws.title}")]
            across = (ws.page_setup.fitToWidth or 1) > 1
            for line in lines:  # the title row starts with 客服部, the department
                printed_whole_on_one_page(line, printed, str(ws["A1"].value).split()[0], across)
            merged += len(lines)
    assert merged >= 5  # 回访's targets of each period, 月处罚汇总's notes
