"""Every generated sheet of every period, and the three templates, printed by LibreOffice to
PNG pages (what `scripts/render` shows a person): each sheet comes out on at least one page
that is not blank, the generated ones carry their title in the page header, and every page
prints its text at 8 pt or more.

Needs `soffice` and poppler (scripts/system-deps): without them the test fails when the CI
environment variable is set and skips otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rendering import LEGIBLE_PT, MissingTool, printed_sizes, render_all, sheet_titles, tool


def test_every_sheet_of_every_period_and_template_renders(tmp_path: Path) -> None:
    try:
        for name in ("soffice", "pdfinfo", "pdftotext", "pdftoppm"):
            tool(name)
    except MissingTool as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))
    done = render_all(tmp_path)
    assert len(done) == 5 + 3  # four periods of the sample, a generated year; the templates
    for book, pages in done.items():
        named = {p.stem.rsplit("-", 1)[1] for p in pages}
        assert set(sheet_titles(book)) <= named, (book.name, sorted(named))
        # a page with a table is several kilobytes of PNG; a blank one a few hundred bytes
        assert all(p.stat().st_size > 3_000 for p in pages), book.name
        # and its text is legible: 8 pt or more (pages without Chinese text measure 0)
        sizes, _ = printed_sizes(tmp_path / "pdf" / f"{book.stem}.pdf")
        assert min(s for s in sizes if s) >= LEGIBLE_PT, (book.name, sizes)
