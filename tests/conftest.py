"""Fixtures shared by the test modules (workbook builders live in workbooks.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def engine() -> Iterator[None]:
    """xlwings' remote engine for a test module; the licence key is set for the tests only."""
    from xlwings_remote import LICENSE_ENV, remote_engine  # xlwings only where Excel is tested

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(LICENSE_ENV, "noncommercial")
        remote_engine()
        yield
