"""Workbooks as a reader sees them: LibreOffice (headless, a private profile per run) prints
a workbook to PDF, poppler cuts the PDF into one PNG per page, each named after the sheet
whose title heads it. Used by the tests and by `scripts/render` (pictures for a person).

Needs `soffice` and poppler (`pdfinfo`, `pdftotext`, `pdftoppm`): scripts/system-deps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

CONVERT_TIMEOUT = 240  # seconds
DPI = 80  # a landscape A4 page about 940 pixels wide: readable, small


class MissingTool(RuntimeError):
    pass


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise MissingTool(f"{name} is not installed (scripts/system-deps installs it)")
    return found


def to_pdf(workbook: Path, folder: Path) -> Path:
    """The workbook printed to `folder/<stem>.pdf` as LibreOffice prints it."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / f"lo-profile-{uuid.uuid4().hex}"
    try:
        done = subprocess.run(
            [
                tool("soffice"),
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
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = folder / workbook.with_suffix(".pdf").name
    if done.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not print {workbook}: {done.stderr.decode()}")
    return pdf


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(
        [tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    return [
        subprocess.run(
            [tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name)


def render(workbook: Path, folder: Path, titles: dict[str, str] | None = None) -> list[Path]:
    """Every printed page of `workbook` as `folder/<stem>-<NN>-<sheet>.png`. `titles`: sheet
    name -> its title (the first cell, printed in each page's header) to name the pages by;
    without, or on a page no title heads, the sheet part of the name is `p`."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = to_pdf(workbook, folder / "pdf")
    texts = page_texts(pdf)
    stem = _safe(workbook.stem)
    raw = folder / "pdf" / stem
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", str(DPI), str(pdf), str(raw)],
        check=True,
        timeout=CONVERT_TIMEOUT,
    )
    pages = sorted(raw.parent.glob(f"{stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    out = []
    for n, (png, text) in enumerate(zip(pages, texts, strict=True), start=1):
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        sheet = next(
            (name for name, title in (titles or {}).items() if title and title == first_line),
            "p",
        )
        target = folder / f"{stem}-{n:02d}-{_safe(sheet)}.png"
        png.replace(target)
        out.append(target)
    shutil.rmtree(folder / "pdf", ignore_errors=True)
    return out
