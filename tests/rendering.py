"""Workbooks as a reader sees them: LibreOffice (headless, a private profile per run) prints
a workbook to PDF, poppler cuts the PDF into one PNG per page, each named after the sheet
whose title heads it. Used by the tests and by `scripts/render` (pictures for a person).

Needs LibreOffice (tests/libreoffice.py opens it) and poppler (`pdfinfo`, `pdftotext`,
`pdftoppm`): scripts/system-deps.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from libreoffice import convert

from csbook.io.print_fit import MARGIN_INCH

CONVERT_TIMEOUT = 240  # seconds for poppler
DPI = 80  # a landscape A4 page about 940 pixels wide: readable, small


class MissingTool(RuntimeError):
    pass


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise MissingTool(f"{name} is not installed (scripts/system-deps installs it)")
    return found


def to_pdf(workbook: Path, folder: Path) -> Path:
    """The workbook printed to `folder/<stem>.pdf` as LibreOffice prints it (its own
    profile, removed afterwards)."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / f"lo-profile-{uuid.uuid4().hex}"
    try:
        return convert([workbook], "pdf", folder, profile)[0]
    finally:
        shutil.rmtree(profile, ignore_errors=True)


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


# the smallest text a page may print: 8 pt, as LibreOffice prints it at a whole percent of zoom
# (73 % of Calibri 11 is 8.03 pt) and poppler measures it
LEGIBLE_PT = 7.95
_WORD = re.compile(
    r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)</word>'
)
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Word:
    """A word as poppler places it on a page: its box in points from the top left corner.
    Text a cell clips (cut at its edge or at the page's) is there whole, its box as if not."""

    x1: float
    y1: float
    x2: float
    y2: float
    text: str


def page_words(pdf: Path) -> list[list[Word]]:
    """The words of each page of `pdf` (pdftotext -bbox)."""
    boxes = subprocess.run(
        [tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [
            Word(float(x1), float(y1), float(x2), float(y2), html.unescape(text))
            for x1, y1, x2, y2, text in _WORD.findall(page)
        ]
        for page in boxes.split("<page ")[1:]
    ]


def printed_sizes(pdf: Path) -> tuple[list[float], list[str]]:
    """Per page of `pdf`: the size in points of its smallest Chinese text (0 without any),
    and its text. A Chinese character is one em wide in every font: a word of n of them is n ×
    its size wide (words set upright, as a chart's axis labels, are not measured)."""
    sizes = []
    for words in page_words(pdf):
        ems = [
            (w.x2 - w.x1) / len(w.text)
            for w in words
            if _HAN.fullmatch(w.text) and w.x2 - w.x1 >= w.y2 - w.y1
        ]
        sizes.append(min(ems, default=0.0))
    return sizes, page_texts(pdf)


# a landscape A4 page is 841.89 pt wide; the printable width ends at the right margin
RIGHT_EDGE = 841.89 - 72 * MARGIN_INCH


def printed_whole_on_one_page(
    note: str, pages: list[list[Word]], first: str, across: bool = True
) -> None:
    """`note` (a line in column A) prints whole inside the right margin of one of `pages`
    (a sheet's), clear of every other word: its row is as tall as its lines; and, on a sheet
    printed several pages wide (`across`), no piece of it prints left of column A, as its
    tail did, continued beside the repeated key columns of the next page across. Column A's
    left edge: where `first`, the first word of the title row repeated on every page,
    starts (on a sheet one page wide the title is centred: no page across, nothing to
    check). (The repeated columns show the start of the note, clipped at their edge:
    poppler gives clipped text, whole or in part, at its place.)"""
    runs = [(n, run) for n, words in enumerate(pages) for run in runs_spelling(note, words)]
    assert any(max(w.x2 for w in run) <= RIGHT_EDGE + 1 for _, run in runs), (note, runs)
    for n, words in enumerate(pages):
        if across:
            title = min((w for w in words if w.text == first), key=lambda w: w.x1)
            pieces = [w for w in words if w.y1 >= title.y1 and len(w.text) > 1 and w.text in note]
            assert all(w.x1 >= title.x1 - 1 for w in pieces), (n, title, pieces)
        spelt = [run for m, run in runs if m == n]
        inside = {id(w) for run in spelt for w in run}
        others = [w for w in words if id(w) not in inside]
        crossing = [(a.text, b.text) for run in spelt for a in run for b in others if overlap(a, b)]
        assert not crossing, (n, crossing)


def runs_spelling(note: str, words: list[Word]) -> list[list[Word]]:
    """Each run of consecutive words that spells `note` (poppler splits text at spaces and
    where a wrapped line ends, and at an ideographic space as at any other)."""
    target, runs, i = "".join(note.split()), [], 0
    while i < len(words):
        text, j = "", i
        while (
            j < len(words) and len(text) < len(target) and target.startswith(text + words[j].text)
        ):
            text += words[j].text
            j += 1
        if text == target:
            runs.append(words[i:j])
            i = j
        else:
            i += 1
    return runs


def overlap(a: Word, b: Word) -> bool:
    """Two words printed one over the other: their boxes cross by more than half a point
    across and a quarter of their height down (the boxes of a wrapped text's lines overlap
    by a point: ascent and descent are taller than the line spacing)."""
    down = min(a.y2, b.y2) - max(a.y1, b.y1)
    return min(a.x2, b.x2) - max(a.x1, b.x1) > 0.5 and down > 0.25 * min(a.y2 - a.y1, b.y2 - b.y1)


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name)


def render(workbook: Path, folder: Path, titles: dict[str, str] | None = None) -> list[Path]:
    """Every printed page of `workbook` as `folder/<stem>-<NN>-<sheet>.png` (the PDF they are
    cut from stays as `folder/pdf/<stem>.pdf`: `printed_sizes` reads it). `titles`: sheet
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
        sheet = next(  # a generated sheet's header is its title; a template's, "… — 名称"
            (
                name
                for name, title in (titles or {}).items()
                if (title and title == first_line) or first_line.endswith(f"— {name}")
            ),
            "p",
        )
        target = folder / f"{stem}-{n:02d}-{_safe(sheet)}.png"
        png.replace(target)
        out.append(target)
    return out


def sheet_titles(workbook: Path) -> dict[str, str]:
    """Sheet name -> its first cell (a generated sheet's title, printed in its page header)."""
    import openpyxl

    wb = openpyxl.load_workbook(workbook, read_only=True)
    try:
        return {ws.title: str(ws["A1"].value or "") for ws in wb.worksheets}
    finally:
        wb.close()


# what `render_all` summarises the sample workbooks for (the sample month is October 2026)
PERIODS = (
    ("--week", "2026-W44", "周汇总"),  # Monday 26 October to Sunday 1 November
    ("--month", "2026-10", "月度汇总"),
    ("--quarter", "2026-Q4", "季度汇总"),
    ("--year", "2026", "年度汇总"),
)
AS_OF = "2026-10-31 18:00"


def render_all(folder: Path) -> dict[Path, list[Path]]:
    """The sample workbooks summarised for every period, a generated year of 16 agents in two
    branches, and the three templates: each printed to PNG pages under `folder`. Returns
    workbook -> its pages."""
    from workbooks import generated_branches

    from csbook.cli import main
    from csbook.io.templates import TEMPLATE_FILES

    root = Path(__file__).resolve().parents[1]
    sample = root / "csbook" / "sample"
    books = folder / "workbooks"
    books.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for option, value, name in PERIODS:
        out = books / f"{name}-{value}.xlsx"
        main(["summary", str(sample), option, value, "--as-of", AS_OF, "-o", str(out)])
        made.append(out)
    generated = generated_branches(folder / "generated", 2, 600)
    out = books / "年度汇总-生成数据-2026.xlsx"
    main(
        ["summary", *map(str, generated), "--year", "2026", "--as-of", "2026-12-31", "-o", str(out)]
    )
    made.append(out)
    made += [root / "templates" / name for name in TEMPLATE_FILES.values()]
    return {book: render(book, folder, sheet_titles(book)) for book in made}


if __name__ == "__main__":  # scripts/render: also the sample month's filled registers
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "render")
    done = render_all(target)
    sample = Path(__file__).resolve().parents[1] / "csbook" / "sample"
    for book in sorted(sample.glob("*.xlsx")):
        done[book] = render(book, target / "sample", sheet_titles(book))
    for book, pages in done.items():
        print(f"{book.name}: {len(pages)} 页")
    print(f"→ {target.resolve()}")
