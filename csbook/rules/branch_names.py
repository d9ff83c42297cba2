"""When two names are one branch (分公司): `南京` and `南京分公司`, `南京 分公司`, `南京市分公司`
— the one test that `csbook collect` (the branches expected), the summary's grouping of files
and its check of a file's name against its 参数 share. A name is never matched by a part of
it: 苏州 and 苏州工业园区分公司 are two branches."""

from __future__ import annotations

from .text import squeeze

_SUFFIX = "分公司"


def branch_key(name: str) -> str:
    """The branch name as compared: squeezed, without the word 分公司 and a city's 市 before
    it (南京市分公司 → 南京)."""
    key = squeeze(name)
    if key.endswith(_SUFFIX) and len(key) > len(_SUFFIX):
        key = key[: -len(_SUFFIX)]
        if key.endswith("市") and len(key) > 2:
            key = key[:-1]
    return key


def same_branch(one: str, other: str) -> bool:
    """Two names of one branch (blank names none)."""
    return bool(branch_key(one)) and branch_key(one) == branch_key(other)
