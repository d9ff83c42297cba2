"""Build the templates: `python -m csbook.vba.build [DIR]` (scripts/build-templates).

Writes the three `.xlsx` templates and their `.xlsm` twins into DIR (default `templates/`).
An `.xlsm` carries the buttons of its input sheets and a VBA project holding a document
module for the workbook and each sheet, the modules under `macros/`, and the standalone
xlwings module with its Dictionary class taken from the installed xlwings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..io.templates import TEMPLATE_FILES, book_for, build_all, build_template, sheet_names
from ..rules.schema import BookKind
from .modules import WORKBOOK_BASE, WORKSHEET_BASE, document_module, read_module, xlwings_modules
from .project import Module, vba_project_bin

REPOSITORY = Path(__file__).resolve().parents[2]
MACROS = REPOSITORY / "macros"
TEMPLATES = REPOSITORY / "templates"

# (caption, macro): the Subs in macros/CsbookButtons.bas
VALIDATE = ("校验", "CsbookValidate")
COMPUTE = ("计算", "CsbookCompute")
MONTH_SUMMARY = ("月度汇总", "CsbookMonthSummary")
PENALTY_SUMMARY = ("处罚汇总", "CsbookPenaltySummary")
CLEAR_MARKS = ("清除标记", "CsbookClearMarks")
BUTTONS: dict[BookKind, tuple[tuple[str, str], ...]] = {
    BookKind.VISITS: (VALIDATE, COMPUTE, MONTH_SUMMARY, CLEAR_MARKS),
    BookKind.HANDOVER: (VALIDATE, COMPUTE, MONTH_SUMMARY, CLEAR_MARKS),
    BookKind.PENALTIES: (VALIDATE, COMPUTE, PENALTY_SUMMARY, CLEAR_MARKS),
}


def macro_modules(directory: Path = MACROS) -> list[Module]:
    """The modules under `macros/`, by file name."""
    files = sorted(p for p in Path(directory).iterdir() if p.suffix.lower() in (".bas", ".cls"))
    return [read_module(p) for p in files]


def project_modules(kind: BookKind, macros: Path = MACROS) -> list[Module]:
    """Every module of template `kind`'s VBA project, in the project's order."""
    sheets = sheet_names(book_for(kind))
    return [
        document_module("ThisWorkbook", WORKBOOK_BASE),
        *(document_module(f"Sheet{n}", WORKSHEET_BASE) for n in range(1, len(sheets) + 1)),
        *macro_modules(macros),
        *xlwings_modules(),
    ]


def build_xlsm(kind: BookKind, directory: Path, macros: Path = MACROS) -> Path:
    """Write template `kind` as a macro workbook with its buttons into `directory`."""
    path = Path(directory) / TEMPLATE_FILES[kind]
    project = vba_project_bin(project_modules(kind, macros))
    return build_template(kind, path, project, buttons=BUTTONS[kind])


def build_templates(directory: Path = TEMPLATES, macros: Path = MACROS) -> list[Path]:
    """All templates, `.xlsx` and `.xlsm`, into `directory`; returns their paths."""
    return build_all(directory) + [build_xlsm(kind, directory, macros) for kind in TEMPLATE_FILES]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m csbook.vba.build", description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path, default=TEMPLATES)
    parser.add_argument("--macros", type=Path, default=MACROS, help="the VBA sources")
    args = parser.parse_args(argv)
    for path in build_templates(args.directory, args.macros):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
