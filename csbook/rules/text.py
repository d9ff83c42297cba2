"""Comparing what people typed: names, signatures, numbers, list words."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Canonical form for comparing typed words: NFKC (full-width → half-width), no spaces,
    lower-case Latin."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()
