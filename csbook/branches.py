"""Which branch (分公司) a workbook belongs to: its 参数 `branch`, else its file's name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .io.workbook import LoadedBook

_KIND_WORDS = (
    "回访登记表",
    "交接班记录",
    "处罚汇总表",
    "回访登记",
    "投诉登记",
    "交接班",
    "处罚汇总",
    # as a Taiwan or Hong Kong branch's Windows names them
    "回訪登記表",
    "交接班記錄",
    "處罰匯總表",
    "回訪登記",
    "投訴登記",
    "處罰匯總",
)
_DATE_BITS = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月份?)?|\d{4}[-_./]\d{1,2}(?:[-_./]\d{1,2})?|\d{6,8}|\d{1,2}\s*月份?"
)
_SEPARATORS = re.compile(r"[\s\-_.()（）\[\]【】·~#、,，]+")
# words a copy or a version adds to a file's name: not a branch
_NOISE = frozenset(
    {"副本", "复件", "备份", "拷贝", "copy", "最终版", "终版", "定稿", "修改版", "修订版"}
)
_VERSION = re.compile(r"^v?\d+$", re.IGNORECASE)


def _name_part(text: str) -> str:
    """What is left of a piece of a file name without dates, copy marks and versions."""
    words = _SEPARATORS.sub(" ", _DATE_BITS.sub(" ", text)).split()
    return " ".join(w for w in words if w.lower() not in _NOISE and not _VERSION.match(w))


def branch_from_name(name: str) -> str:
    """A branch name from a file's name: what stands before the template's name
    (南京分公司-回访登记表-11月（副本）.xlsx → 南京分公司), else after it
    (回访登记表-无锡分公司.xlsx, 回访登记表（常州分公司）.xlsx), or the whole name less any
    month (南京分公司 2026年11月.xlsx → 南京分公司); "" when the name holds none."""
    stem = unicodedata.normalize("NFKC", name.rsplit(".", 1)[0])
    pieces = [stem]
    for word in _KIND_WORDS:
        if word in stem:
            at = stem.index(word)
            pieces = [stem[:at], stem[at + len(word) :]]
            break
    for piece in pieces:
        found = _name_part(piece)
        if found:
            return found
    return ""


def branch_from_path(path: Path) -> str:
    """`branch_from_name`, else the folder the file is in (苏州分公司/回访登记表 (2).xlsx →
    苏州分公司)."""
    found = branch_from_name(path.name)
    if found:
        return found
    folder = path.absolute().parent.name
    return unicodedata.normalize("NFKC", folder).strip() or path.stem


def branch_of(book: LoadedBook) -> str:
    """The 参数 sheet's `branch` (分公司) when filled, else from the file's name."""
    return book.settings.branch.strip() or branch_from_path(book.path)
