"""Comparing what people typed (names, signatures, numbers, list words), and how wide text
shows."""

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


def display_width(value: object) -> int:
    """Characters a value takes on screen: East Asian wide characters count two."""
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=8192)
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# SPEC §1.0: a cell holding only one of these is empty, in every column (compared squeezed:
# ／ is /, － is -). Beyond SPEC: ——, what a Chinese input method gives for the dash key.
BLANK_MARKERS = frozenset({"/", "\\", "-", "—", "——", "无", "空", "n/a"})


def blank_marker(text: str | None) -> bool:
    """Nothing typed, or only a blank marker (`/`, `无` ...): no value."""
    return not text or squeeze(text) in BLANK_MARKERS


# Words that deny the act a column records (客户签字 拒签, 批准人 不同意, 主管审阅 未审): no
# signature, approval or review, read as a blank cell. Only in those columns (`Column.act`):
# 否 and × are values elsewhere (是否恶性). Compared squeezed: `未 签`, full-width `✕` too.
ACT_DENIALS = frozenset(
    {
        *("未签", "未签字", "未签名", "没签", "没签字", "没有签字", "不签", "不签字"),
        *("拒签", "拒签字", "拒绝签字", "拒绝签名", "拒绝", "无签字", "无签名", "未签收"),
        *("客户未签", "客户拒签", "客户未签字", "客户拒绝签字", "本人未签", "本人拒签"),
        *("未批准", "不批准", "不予批准", "未批", "没批", "不同意", "未同意", "驳回"),
        *("待批", "待批准", "待审批", "审批中", "未审批", "待审", "待审核", "待审阅"),
        *("未审", "未审阅", "未审核", "没审", "未阅"),
        *("否", "×", "✗", "✕", "✘", "❌", "☒"),
    }
)


# Words of consent in an approval column (批准人): someone approved, not who (Q04, V46)
CONSENT_WORDS = frozenset(
    ("同意", "准", "准假", "准予", "批准", "已批", "已批准", "批了", "已审批", "审批通过", "通过",
     "可以", "好", "行", "ok", "√", "✓", "是", "同意请假", "同意批准", "已同意")
)  # fmt: skip


def denies_act(text: str) -> bool:
    """Whether a cell of a signature, approval or review column says the act was not done."""
    return squeeze(text) in ACT_DENIALS


# SPEC §1.0: one cell may name several people, or several complaint numbers
_NAME_SEPARATORS = re.compile(r"[、，,;；/\r\n]")  # a line break too: two lines of a cell
_NUMBER_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_PADDING = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


@lru_cache(maxsize=1 << 16)  # the same few names down a register, and again per period
def person_name(text: str) -> str:
    """A name as shown: without the padding offices put inside a two-character name (`王　芳`
    is 王芳), full-width letters made half-width."""
    return " ".join(_PADDING.sub("", unicodedata.normalize("NFKC", text)).split())


def names_in(text: str | None) -> list[str]:
    """The people a cell names (`王芳、李娜` is two, a joint visit), each without its padding
    (`person_name`); a space is never a separator."""
    return list(_names_in(text)) if text is not None else []


@lru_cache(maxsize=1 << 16)
def _names_in(text: str) -> tuple[str, ...]:
    return tuple(name for name in map(person_name, names_split(text)) if name)


def names_split(text: str) -> list[str]:
    """A cell naming people cut at its separators (`、`, `，`, `/` ...), each part as typed."""
    return _NAME_SEPARATORS.split(text)


def numbers_in(text: str | None) -> list[str]:
    """The numbers a cell names (`TS-001、TS-002`, `TS-001 TS-002`), as typed."""
    if text is None:
        return []
    return [p for p in _NUMBER_SEPARATORS.split(unicodedata.normalize("NFKC", text)) if p]


def row_ranges(rows: list[int], most: int = 8) -> tuple[str, str]:
    """Excel rows as people write them, in Chinese and English: `5–9、12、15–40` and
    `5–9, 12, 15–40`; past `most` ranges, `…` ends it."""
    ranges: list[list[int]] = []
    for row in sorted(rows):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    shown = [f"{a}–{b}" if b > a else str(a) for a, b in ranges[:most]]
    more = "…" if len(ranges) > most else ""
    return "、".join(shown) + more, ", ".join(shown) + more
