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


# The years the tests take the holiday library to have published. The library publishes each
# year's 调休 when the State Council does (2027's is due about now): tests of an unpublished
# year use 2027 and later, so the suite fixes what "published" means for them, whatever
# release of `holidays` an install brings.
PUBLISHED_UP_TO = 2026


@pytest.fixture(autouse=True)
def _published_years(monkeypatch: pytest.MonkeyPatch) -> None:
    from csbook.rules import calendar

    real = calendar._library_year

    def published(year: int) -> tuple[frozenset, frozenset] | None:  # type: ignore[type-arg]
        return real(year) if year <= PUBLISHED_UP_TO else None

    monkeypatch.setattr(calendar, "_library_year", published)
