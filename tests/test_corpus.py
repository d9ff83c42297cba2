"""The real-world corpus (tests/corpus/build.py) through the real command line: every workbook
validated, computed and summarised in a temporary folder, then checked against what a careful
person worked out by hand from SPEC (issue 9)."""

from __future__ import annotations

import email
import email.policy
import glob
import hashlib
import json
import os
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from corpus.build import build, cases
from corpus.model import ABSENT, ZERO_OR_ABSENT, Case, Figure, Finding, Has, Lacks
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell as xl_cell

ROOT = Path(__file__).resolve().parents[1]
CASES = {case.name: case for case in cases()}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@dataclass
class Outcome:
    case: Case
    folder: Path
    inputs: list[Path]
    hashes_before: dict[Path, str]
    work: Path
    runs: dict[str, Run] = field(default_factory=dict)

    @property
    def findings(self) -> list[dict[str, object]]:
        run = self.runs["validate"]
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            pytest.fail(
                f"validate printed no JSON (exit {run.code}):\n{run.stdout[-600:]}\n{run.stderr[-600:]}"
            )
        return [
            {**f, "file": Path(entry["file"]).name}
            for entry in report["files"]
            for f in entry["findings"]
        ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(args: list[str], cwd: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "csbook", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _run_case(case: Case, base: Path) -> Outcome:
    folder = base / "in" / case.name
    inputs = [folder / book.path for book in case.books]
    work = base / "out" / case.name
    work.mkdir(parents=True)
    outcome = Outcome(case, folder, inputs, {p: _digest(p) for p in inputs}, work)
    files = [str(p) for p in inputs]
    as_of = ["--as-of", case.as_of]
    checks = as_of + (["--with", str(folder / case.with_book)] if case.with_book else [])
    outcome.runs["validate"] = _cli(["validate", *files, "--format", "json", *checks], work)
    outcome.runs["compute"] = _cli(["compute", *files, "-o", str(work / "computed"), *checks], work)
    summary = [
        "summary",
        *files,
        "--month",
        case.month,
        "-o",
        str(work / "summary.xlsx"),
        *as_of,
        "--no-progress",
        "--jobs",
        "1",
    ]
    outcome.runs["summary"] = _cli(summary, work)
    if case.mail:
        mail = ["mail", str(work / "summary.xlsx"), "--to", "lead@example.com", "--dry-run"]
        outcome.runs["mail"] = _cli(mail, work)
    for command, run in outcome.runs.items():  # kept beside the outputs for whoever debugs a case
        (work / f"{command}.out").write_text(
            f"exit {run.code}\n{run.stdout}\n{run.stderr}", encoding="utf-8"
        )
    return outcome


def _selected_cases(session: pytest.Session) -> set[str]:
    """The cases the collected tests of this module ask for (all of them, or those -k picks)."""
    names = set()
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if item.module.__name__ == __name__ and ("name" in params or "item" in params):
            names.add(params.get("name") or params["item"][0])
    return names


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Outcome]:
    base = tmp_path_factory.mktemp("corpus")
    wanted = _selected_cases(request.session)
    built = [case for case in build(base / "in") if case.name in wanted]
    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(lambda case: _run_case(case, base), built))
    return {o.case.name: o for o in outcomes}


def _norm(value: object) -> str:
    """Header text as a reader compares it: full-width folded, spaces and line breaks gone."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return "".join(text.split())


def _matches(found: dict[str, object], want: Finding) -> bool:
    return (
        found["rule"] == want.rule
        and (want.sheet is None or found["sheet"] == want.sheet)
        and (want.row is None or found["row"] == want.row)
        and (want.column is None or _norm(found["column"]) == _norm(want.column))
        and (want.file is None or found["file"] == want.file)
        and (want.severity is None or found["severity"] == want.severity)
    )


def _show(findings: list[dict[str, object]], limit: int = 12) -> str:
    lines = [
        f"  {f['file']} {f['sheet']}!{f['row']} [{f['column']}] {f['rule']} {f['severity']}: {f['message']}"
        for f in findings
    ]
    more = [f"  ... and {len(lines) - limit} more"] if len(lines) > limit else []
    return "\n".join(lines[:limit] + more)


NAMES = sorted(CASES)
WITH_MUST = sorted(n for n, c in CASES.items() if c.must)
WITH_MUST_NOT = sorted(n for n, c in CASES.items() if c.must_not)
WITH_MAIL = sorted(n for n, c in CASES.items() if c.mail)
FIGURES = [(n, i) for n, c in sorted(CASES.items()) for i in range(len(c.figures))]


def _figure_id(item: tuple[str, int]) -> str:
    name, i = item
    return f"{name}-fig{i + 1}"


@pytest.mark.parametrize("name", NAMES)
def test_no_traceback_and_inputs_untouched(corpus, name):
    outcome = corpus[name]
    for command, run in outcome.runs.items():
        assert "Traceback" not in run.stderr + run.stdout, f"{command}:\n{run.stderr}"
    for path, before in outcome.hashes_before.items():
        assert _digest(path) == before, f"{path.name} changed by a batch run"


@pytest.mark.parametrize("name", NAMES)
def test_exit_codes(corpus, name):
    """README: 0 nothing wrong, 1 findings of severity error, 2 a file could not be read."""
    outcome = corpus[name]
    codes = {command: run.code for command, run in outcome.runs.items() if command != "mail"}
    detail = "\n".join(f"{c}: {r.stderr.strip()[-600:]}" for c, r in outcome.runs.items() if r.code)
    findings = outcome.findings if outcome.runs["validate"].code != 2 else []
    want = outcome.case.exit
    if want is None:  # SPEC leaves the severity open: not unreadable, and the commands agree
        assert len(set(codes.values())) == 1 and codes["validate"] in (0, 1), f"{codes}\n{detail}"
    else:
        assert codes == dict.fromkeys(codes, want), f"{codes}\n{detail}\n{_show(findings)}"


@pytest.mark.parametrize("name", WITH_MUST)
def test_findings_that_must_appear(corpus, name):
    outcome = corpus[name]
    findings = outcome.findings
    missing = [want for want in outcome.case.must if not any(_matches(f, want) for f in findings)]
    assert not missing, f"missing {missing}\nfound:\n{_show(findings)}"


@pytest.mark.parametrize("name", WITH_MUST_NOT)
def test_findings_that_must_not_appear(corpus, name):
    outcome = corpus[name]
    wrong = [f for f in outcome.findings if any(_matches(f, bad) for bad in outcome.case.must_not)]
    assert not wrong, f"unexpected:\n{_show(wrong)}"


def _cell_equal(found: object, want: object) -> bool:
    """A key cell as typed: inner spaces count (王　芳 must not pass for 王芳)."""
    if isinstance(want, Has):
        return isinstance(found, str) and want.text in found
    return str(found).strip() == str(want).strip()


def _lookup(path: Path, figure: Figure) -> tuple[bool, object]:
    """(row found, value) in the first table of the sheet whose header row holds the match
    keys and the column and has a row matching every key."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[figure.sheet].iter_rows(values_only=True)]
    wb.close()
    wanted = [_norm(k) for k in figure.match] + [_norm(figure.column)]
    for i, header in enumerate(rows):
        names = [_norm(v) for v in header]
        if not all(w in names for w in wanted):
            continue
        for row in rows[i + 1 :]:
            row = row + [None] * (len(names) - len(row))
            if all(
                row[names.index(_norm(k))] is not None
                and _cell_equal(row[names.index(_norm(k))], v)
                for k, v in figure.match.items()
            ):
                return True, row[names.index(_norm(figure.column))]
    return False, None


@pytest.mark.parametrize("item", FIGURES, ids=_figure_id)
def test_summary_figures(corpus, item):
    name, i = item
    outcome = corpus[name]
    figure = outcome.case.figures[i]
    command = "compute" if figure.book else "summary"
    path = outcome.work / ("computed/" + figure.book if figure.book else "summary.xlsx")
    assert path.exists(), f"no {command} output: {outcome.runs[command].stderr[-600:]}"
    found, value = _lookup(path, figure)
    want = figure.value
    note = f"{figure.sheet} {figure.match} {figure.column}: want {want!r} ({figure.why}) — got {value!r} (row found: {found})"
    if want == ABSENT:
        assert not found, note
    elif want == ZERO_OR_ABSENT:
        assert not found or value in (None, 0), note
    elif isinstance(want, Lacks):
        assert not found or want.text not in str(value or ""), note
    elif isinstance(want, Has):
        assert found and isinstance(value, str) and want.text in value, note
    elif isinstance(want, int | float):
        assert (
            found and isinstance(value, int | float) and value == pytest.approx(want, abs=0.005)
        ), note
    else:
        assert found and _norm(value) == _norm(want), note


@pytest.mark.parametrize("name", NAMES)
def test_compute_keeps_every_typed_cell(corpus, name):
    """SPEC §1, §7: a copy differs from its input only in the cells the program owns."""
    outcome = corpus[name]
    for path in outcome.inputs:
        copies = sorted((outcome.work / "computed").glob(glob.escape(path.stem) + ".*"))
        assert copies, f"no copy of {path.name}: {outcome.runs['compute'].stderr[-600:]}"
        typed, written = _cells(path), _cells(copies[0])
        for sheet, cells in typed.items():
            assert sheet in written, f"sheet {sheet} lost"
            changed = [
                f"{xl_cell(r, c)}: {v!r} → {written[sheet].get((r, c))!r}"
                for (r, c), v in cells.items()
                if written[sheet].get((r, c)) != v
            ]
            assert not changed, f"{path.name}!{sheet}: " + "; ".join(changed[:10])


def _cells(path: Path) -> dict[str, dict[tuple[int, int], object]]:
    """Every filled cell of every sheet, read the same way (calamine) from .xls and .xlsx."""
    book = CalamineWorkbook.from_path(str(path))
    cells = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells[name] = {
            (r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""
        }
    return cells


@pytest.mark.parametrize("name", WITH_MAIL)
def test_mail_body_says_what_the_cells_show(corpus, name):
    outcome = corpus[name]
    eml = outcome.work / "summary.eml"
    assert outcome.runs["mail"].code == 0 and eml.exists(), outcome.runs["mail"].stderr[-600:]
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    lines = [line.strip() for line in body.splitlines()]
    missing = [
        want for want in outcome.case.mail if not any(line.startswith(want) for line in lines)
    ]
    assert not missing, f"missing {missing} in:\n{body}"
