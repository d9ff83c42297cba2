"""LibreOffice's own VBA import reads the macro templates back (headless, through UNO):
the module names and code equal the sources, the sheets' code names match the document
modules, and every button's macro resolves to a Sub in the project.

Needs `soffice` and the system Python with LibreOffice's `uno` module (scripts/system-deps).
Without them the tests fail when the CI environment variable is set and skip otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
import xlwings

from csbook.io.templates import TEMPLATE_FILES, book_for, sheet_names
from csbook.vba.build import BUTTONS, build_xlsm, project_modules
from csbook.vba.project import Kind

KINDS = list(TEMPLATE_FILES)
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno installs `uno` for this one
CONNECT_TIMEOUT = 90  # seconds for soffice to accept a connection
READ_TIMEOUT = 300  # seconds for the whole read-back

# Run by the system Python: connects to soffice, opens each file hidden, prints JSON.
UNO_READER = r"""
import json, os, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, timeout, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + timeout
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.3)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
out = {}
try:
    for path in files:
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
        try:
            libs = doc.BasicLibraries
            modules = {}
            if libs.hasByName("VBAProject"):
                libs.loadLibrary("VBAProject")
                lib = libs.getByName("VBAProject")
                modules = {name: lib.getByName(name) for name in lib.getElementNames()}
            sheets = []
            for i in range(doc.Sheets.Count):
                sheet = doc.Sheets.getByIndex(i)
                controls = []
                forms = sheet.DrawPage.Forms
                for f in range(forms.Count):
                    form = forms.getByIndex(f)
                    for c in range(form.Count):
                        model = form.getByIndex(c)
                        controls.append({
                            "label": getattr(model, "Label", None),
                            "scripts": [e.ScriptCode for e in form.getScriptEvents(c)],
                        })
                sheets.append({"name": sheet.Name, "code_name": sheet.CodeName,
                               "controls": controls})
            out[path] = {"libraries": list(libs.getElementNames()), "modules": modules,
                         "sheets": sheets}
        finally:
            doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
# pyuno may crash tearing down its bridge to the office that has just terminated (seen under
# load: SIGSEGV after the output was complete); the answer is out, so skip the teardown
sys.stdout.write(json.dumps(out) + "\n")
sys.stdout.flush()
os._exit(0)
"""


def missing() -> list[str]:
    needs = []
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        needs.append("soffice (LibreOffice)")
    if not Path(SYSTEM_PYTHON).exists():
        needs.append(SYSTEM_PYTHON)
    elif subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode:
        needs.append("python3-uno")
    return needs


def stop(process: subprocess.Popen) -> None:
    """End soffice and its children: the process group we started it in."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    else:  # soffice's launcher has exited; its children may live on in the group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    needs = missing()
    if needs:
        message = f"LibreOffice tests need {', '.join(needs)} (scripts/system-deps)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    directory = tmp_path_factory.mktemp("libreoffice")
    files = {kind: build_xlsm(kind, directory) for kind in KINDS}
    # the Excel-made file too: if it fails, the reader is at fault, not our files
    files["quickstart"] = directory / "quickstart.xlsm"
    shutil.copy(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm", files["quickstart"])
    script = directory / "uno_reader.py"
    script.write_text(UNO_READER)
    profile = directory / "profile"  # a fresh user profile per run
    pipe = f"csbook_{uuid.uuid4().hex}"
    soffice = subprocess.Popen(
        [
            shutil.which("soffice") or shutil.which("libreoffice") or "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        run = subprocess.run(
            [SYSTEM_PYTHON, str(script), pipe, str(CONNECT_TIMEOUT), *map(str, files.values())],
            capture_output=True,
            text=True,
            timeout=READ_TIMEOUT,
        )
    finally:
        stop(soffice)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    return {kind: found[str(path)] for kind, path in files.items()}


def expected_code(kind: str) -> dict[str, str]:
    """Module name -> its source as LibreOffice shows it: the lines its VBA import puts
    first, then the source without its Attribute lines, every line ended by LF (the source
    ends with CRLF, and LibreOffice ends the empty line after it too)."""
    out = {}
    for module in project_modules(kind):
        lines = [line for line in module.code.split("\r\n") if not line.startswith("Attribute ")]
        module_type = {
            Kind.PROCEDURAL: "VBAModule",
            Kind.DOCUMENT: "VBADocumentModule",
            Kind.CLASS: "VBAClassModule",
        }[module.kind]
        head = [f"Rem Attribute VBA_ModuleType={module_type}", "Option VBASupport 1"]
        if module.kind is Kind.CLASS:
            head.append("Option ClassModule")
        out[module.name] = "\n".join(head + lines) + "\n"
    return out


def test_reader_works_on_the_excel_made_file(read_back: dict[str, dict]) -> None:
    modules = read_back["quickstart"]["modules"]
    assert {"xlwings", "Dictionary", "Module1", "ThisWorkbook"} <= set(modules)


@pytest.mark.parametrize("kind", KINDS)
def test_modules_equal_the_sources(kind: str, read_back: dict[str, dict]) -> None:
    found = read_back[kind]
    assert "VBAProject" in found["libraries"]
    expected = expected_code(kind)
    assert set(found["modules"]) == set(expected)
    for name, code in expected.items():
        assert found["modules"][name] == code, name


@pytest.mark.parametrize("kind", KINDS)
def test_code_names_match_document_modules(kind: str, read_back: dict[str, dict]) -> None:
    sheets = read_back[kind]["sheets"]
    assert [s["name"] for s in sheets] == sheet_names(book_for(kind))
    assert [s["code_name"] for s in sheets] == [f"Sheet{n}" for n in range(1, len(sheets) + 1)]


SCRIPT = re.compile(
    r"vnd\.sun\.star\.script:VBAProject\.(\w+)\.(\w+)\?language=Basic&location=document"
)


@pytest.mark.parametrize("kind", KINDS)
def test_buttons_resolve_to_subs(kind: str, read_back: dict[str, dict]) -> None:
    """LibreOffice binds each button to Module.Sub of the VBA project it imported."""
    found = read_back[kind]
    inputs = [sheet.name for sheet in book_for(kind).sheets]
    for sheet in found["sheets"]:
        controls = sheet["controls"]
        if sheet["name"] not in inputs:
            assert controls == [], sheet["name"]
            continue
        assert [c["label"] for c in controls] == [caption for caption, _ in BUTTONS[kind]]
        for control, (_, macro) in zip(controls, BUTTONS[kind], strict=True):
            assert len(control["scripts"]) == 1, control
            match = SCRIPT.fullmatch(control["scripts"][0])
            assert match, control["scripts"]
            module, sub = match.groups()
            assert sub == macro
            code = found["modules"][module]
            assert re.search(rf"^Public Sub {sub}\(\)$", code, flags=re.MULTILINE), (module, sub)
