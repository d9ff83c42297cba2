"""Comparing what people typed: names, signatures, numbers, list words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # names, signatures and list words repeat down a register
def squeeze(text: str) -> str:
    """Canonical form for comparing typed words: NFKC (full-width → half-width), no spaces,
    lower-case Latin."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def staff_key(text: str) -> str:
    """A staff number as compared: `001`, `1` and the number 1 are the same person."""
    key = squeeze(text)
    return key.lstrip("0") or "0" if key.isdigit() else key


# SPEC §1.0: a cell holding only one of these is empty, in every column
BLANK_MARKERS = frozenset({"/", "\\", "-", "—", "无", "空", "n/a"})


def blank_marker(text: str | None) -> bool:
    """Nothing typed, or only a blank marker (`/`, `无` ...): no value."""
    return not text or squeeze(text) in BLANK_MARKERS
