"""Which branch (分公司) a workbook belongs to: its 参数 `branch`, else its file's name, else
its folder (unless named like a period), else what `csbook collect` recorded of it."""

from __future__ import annotations

import re
import unicodedata
from email.utils import parseaddr
from pathlib import Path

from .io.collect_dir import LEDGER, CollectDir, LedgerError, SavedFile
from .io.workbook import LoadedBook
from .rules.monthly.parts import UNKNOWN_BRANCH

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
# folders a copy or csbook's own output is kept in (2026-11/计算结果/处罚汇总表.xlsx): not a
# branch; the folder above them tells
_OUTPUT_FOLDERS = frozenset({"计算结果", "输出", "结果", "output", "out", "汇总结果", "备份"})


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


# a quarter, a week, a half year: with the dates `_name_part` drops, what names a period
_PERIOD_WORDS = re.compile(
    r"[Qq][1-4]|[Ww]\d{1,2}|第\s*[一二三四1-4]\s*季度?|[一二三四1-4]季度|[上下]半年|全年"
)


def is_period_name(text: str) -> bool:
    """A folder named for a period (2026-11, 2026年11月, 11月, 2026-Q4), not for a branch."""
    text = unicodedata.normalize("NFKC", text).strip()
    return bool(text) and not _name_part(_PERIOD_WORDS.sub(" ", text))


def name_is_guess(saved: SavedFile) -> bool:
    """The saved file's name was sent with no charset and its readings name different
    branches: the name tells no branch."""
    readings = saved.sources[0].name_readings if saved.sources else {}
    return len({branch_from_name(text) for text in readings.values()} - {""}) > 1


def branch_from_mail(saved: SavedFile) -> str:
    """What the message a saved file came with tells of its branch: the .zip it came in
    (泰州分公司11月.zip), else its sender's name; "" when neither does."""
    if not saved.sources:
        return ""
    first = saved.sources[0]
    return branch_from_name(first.in_zip) or parseaddr(first.sender)[0].strip()


def _saved(path: Path) -> SavedFile | None:
    """The file's entry in the ledger `csbook collect` keeps in its folder, if any."""
    if not (path.parent / LEDGER).is_file():
        return None
    try:
        files = CollectDir(path.parent).files
    except LedgerError:
        return None
    return next((f for f in files if f.file.lower() == path.name.lower()), None)


def branch_from_path(path: Path) -> str:
    """`branch_from_name` (unless collect's ledger says the name was a guess), else the folder
    the file is in (苏州分公司/回访登记表 (2).xlsx → 苏州分公司; above a folder of copies or
    output such as 计算结果/ or 副本/) unless it is named like a period, else what the ledger has of its mail (`branch_from_mail`), else an unknown branch
    of its own named by the file: two files of unknown branches are never taken for one."""
    saved = _saved(path)
    found = "" if saved is not None and name_is_guess(saved) else branch_from_name(path.name)
    if found:
        return found
    for parent in path.absolute().parents:
        folder = unicodedata.normalize("NFKC", parent.name).strip()
        if folder.lower() in _OUTPUT_FOLDERS | _NOISE:
            continue  # 计算结果, 副本 ...: the folder above tells
        if folder and not is_period_name(folder):
            return folder
        break
    unknown = f"{UNKNOWN_BRANCH}（{path.name}）"
    return (branch_from_mail(saved) if saved is not None else "") or unknown


def branch_of(book: LoadedBook) -> str:
    """The 参数 sheet's `branch` (分公司) when filled, else from the file's name."""
    return book.settings.branch.strip() or branch_from_path(book.path)
