"""The summary prints: LibreOffice (headless) converts it to PDF, and every sheet comes out
on at least one page, in order, with no page that holds only its header and footer.

Needs `soffice` and poppler's `pdfinfo`/`pdftotext`/`pdftoppm` (scripts/system-deps).
Without them the test fails when the CI environment variable is set and skips otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import openpyxl
import pytest
from branch_files import AS_OF, SHEETS, build_scenario

from csbook.cli import main

CONVERT_TIMEOUT = 240  # seconds
FOOTER = re.compile(r"^第 \d+ 页，共 \d+ 页")


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed (scripts/system-deps installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def to_pdf(workbook: Path, folder: Path) -> Path:
    soffice = need("soffice")
    profile = folder / f"lo-profile-{uuid.uuid4().hex}"
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
    )
    pdf = folder / workbook.with_suffix(".pdf").name
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    return pdf


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(
        [need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    return [
        subprocess.run(
            [need("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def test_every_sheet_prints_with_no_empty_page(tmp_path: Path) -> None:
    for tool in ("soffice", "pdfinfo", "pdftotext", "pdftoppm"):
        need(tool)
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
