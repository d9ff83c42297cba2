"""Opening workbooks in headless LibreOffice for tests: a private profile per run, a timeout,
and a clear failure under CI when LibreOffice is missing (scripts/system-deps installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT = 180  # seconds for one LibreOffice run (a cold start takes a few)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is missing; CI must have it: run scripts/system-deps")
    pytest.skip("LibreOffice (soffice) is not installed")


def convert(files: list[Path], target: str, out: Path, profile: Path) -> list[Path]:
    """Open `files` in headless LibreOffice (its own profile) and save them as `target`."""
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    made = [out / f"{f.stem}.{target.split(':')[0]}" for f in files]
    assert result.returncode == 0, result.stderr
    for path in made:
        assert path.exists(), (
            f"LibreOffice did not write {path.name}: {result.stdout} {result.stderr}"
        )
    return made
