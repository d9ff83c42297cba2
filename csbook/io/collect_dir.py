"""The folder `csbook collect` fills, and its ledger DIR/collect.json.

Nothing is lost and nothing doubled: a file whose content (sha256) is already there is not
saved again, its message is only added to the file's sources; a different file with a name
already taken is saved as `name(2).xlsx`. The ledger records, for every file, where it came
from (sender, date, subject, message id, the attachment's own name), so a second run adds
only what is new. Every file is written whole under a temporary name and renamed, and never
outside the folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .atomic import replacing

LEDGER = "collect.json"


class LedgerError(Exception):
    """collect.json cannot be read; it is left as it is."""


@dataclass(frozen=True)
class Provenance:
    """One message a saved file came with."""

    sender: str
    date: str
    received: str  # when the mailbox received it (IMAP INTERNALDATE)
    subject: str
    message_id: str
    attachment: str  # the attachment's name as the sender's client gave it
    in_zip: str = ""
    # a name sent as bytes with no charset that GBK and Big5 both read: encoding -> reading,
    # the one used (`attachment`) first; empty when the name was not a guess
    name_readings: dict[str, str] = field(default_factory=dict)


@dataclass
class SavedFile:
    file: str  # its name in the folder
    sha256: str
    size: int
    sources: list[Provenance] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CollectDir:
    """The folder and its ledger, loaded; `save` adds files, `write_ledger` records them."""

    def __init__(self, folder: Path) -> None:
        if folder.exists() and not folder.is_dir():
            raise LedgerError(f"-o 应为文件夹：{folder} 是一个文件")
        self.folder = folder
        self.files: list[SavedFile] = []
        self.month = ""  # the month the ledger was written for
        ledger = folder / LEDGER
        if ledger.exists():
            try:
                data = json.loads(ledger.read_text(encoding="utf-8"))
                self.month = str(data.get("month", ""))
                for item in data["files"]:
                    sources = [Provenance(**s) for s in item.pop("sources")]
                    self.files.append(SavedFile(**item, sources=sources))
            except (OSError, ValueError, KeyError, TypeError) as e:
                raise LedgerError(
                    f"{ledger} 无法读取（{e}）；请修复或移走它后再收取，文件夹里的文件都未改动"
                ) from None
        self._by_sha = {f.sha256: f for f in self.files}

    def _taken(self, name: str) -> bool:
        """Taken on a case-insensitive file system too (Windows, macOS)."""
        lower = name.lower()
        return (self.folder / name).exists() or any(f.file.lower() == lower for f in self.files)

    def save(self, data: bytes, name: str, source: Provenance) -> tuple[SavedFile, bool]:
        """The file saved under `name` (or `name(2)` ...), or the one already holding the same
        content; True when it was written now."""
        digest = sha256_of(data)
        known = self._by_sha.get(digest)
        if known is None:
            known = self._adopt(name, digest)
        if known is not None:
            if source.message_id not in {s.message_id for s in known.sources}:
                known.sources.append(source)
            return known, False
        stem, dot, suffix = name.rpartition(".")
        candidate, n = name, 1
        while self._taken(candidate):
            n += 1
            candidate = f"{stem}({n}).{suffix}" if dot else f"{name}({n})"
        dest = self.folder / candidate
        if dest.resolve().parent != self.folder.resolve():  # the names are made safe before
            raise ValueError(f"refusing to write outside {self.folder}: {candidate!r}")
        with replacing(dest) as tmp:
            tmp.write_bytes(data)
        saved = SavedFile(candidate, digest, len(data), [source])
        self.files.append(saved)
        self._by_sha[digest] = saved
        return saved, True

    def _adopt(self, name: str, digest: str) -> SavedFile | None:
        """A file of that name and content already in the folder but not in the ledger (put
        there by hand, or saved by a run that stopped before recording it)."""
        path = self.folder / name
        if not path.is_file() or any(f.file.lower() == name.lower() for f in self.files):
            return None
        if sha256_of(path.read_bytes()) != digest:
            return None
        adopted = SavedFile(name, digest, path.stat().st_size)
        self.files.append(adopted)
        self._by_sha[digest] = adopted
        return adopted

    def write_ledger(self, month: str) -> Path:
        dest = self.folder / LEDGER
        payload = {"month": month, "files": [asdict(f) for f in self.files]}
        with replacing(dest) as tmp:
            tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        return dest
