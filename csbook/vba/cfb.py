"""[MS-CFB] a compound file writer: the container of vbaProject.bin.

Version 3 (512-byte sectors), no DIFAT sectors (so up to 109 FAT sectors, about 7 MB),
every timestamp and CLSID zero, so that the same streams always give the same bytes.
Layout: header, FAT sectors, directory, mini FAT, mini stream, then the large streams.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512  # §2.2 Sector Shift 0x0009 (major version 3)
MINI_SECTOR = 64  # §2.2 Mini Sector Shift 0x0006
MINI_CUTOFF = 4096  # §2.2 Mini Stream Cutoff Size: smaller streams live in the mini stream
ENTRIES_PER_FAT = SECTOR // 4
HEADER_DIFAT = 109  # §2.2 the header's own DIFAT entries

# §2.1 special sector numbers; §2.6.1 NOSTREAM
FATSECT, ENDOFCHAIN, FREESECT, NOSTREAM = 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5  # §2.6.1 Object Type
RED, BLACK = 0, 1  # §2.6.1 Color Flag


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    id: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN


def _sort_key(name: str) -> tuple[int, str]:
    """§2.6.4 the tree's order: shorter names first, then by upper-cased code points."""
    return len(name.encode("utf-16-le")), "".join(
        c.upper() if len(c.upper()) == 1 else c for c in name
    )


def _tree(nodes: list[_Entry], depth: int, deepest: int) -> int:
    """§2.6.4 a balanced binary search tree of sorted siblings, returning its root's id.
    Every node is black but those on the deepest level of a tree that has more than one
    level, which are red: a valid red-black tree (equal black height on every path)."""
    if not nodes:
        return NOSTREAM
    mid = len(nodes) // 2
    node = nodes[mid]
    node.color = RED if depth == deepest and depth > 0 else BLACK
    node.left = _tree(nodes[:mid], depth + 1, deepest)
    node.right = _tree(nodes[mid + 1 :], depth + 1, deepest)
    return node.id


def _depth(n: int) -> int:
    """The deepest level (root = 0) of the tree `_tree` builds from n nodes."""
    return -1 if n == 0 else 1 + _depth(n // 2)  # the left half is never the smaller


def _chain(fat: list[int], first: int, count: int) -> None:
    """§2.3 link sectors first .. first+count-1 into one chain."""
    for i in range(first, first + count - 1):
        fat[i] = i + 1
    if count:
        fat[first + count - 1] = ENDOFCHAIN


def _sectors(size: int, unit: int = SECTOR) -> int:
    return -(-size // unit)


def _pad(data: bytes, unit: int = SECTOR) -> bytes:
    return data + b"\x00" * (-len(data) % unit)


def _storage_tree(streams: Mapping[str, bytes]) -> _Entry:
    """The root storage with every stream under its storages."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        *storages, name = path.split("/")
        parent = root
        for part in storages:  # names are compared case-insensitively (§2.6.4)
            parent = parent.children.setdefault(part.upper(), _Entry(part, STORAGE))
            if parent.kind != STORAGE:
                raise ValueError(f"{path!r}: {part!r} is a stream")
        if name.upper() in parent.children:
            raise ValueError(f"duplicate name {path!r}")
        parent.children[name.upper()] = _Entry(name, STREAM, bytes(data))
    return root


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A compound file holding `streams`, keyed by '/'-separated paths ("VBA/dir")."""
    root = _storage_tree(streams)

    # §2.6 directory entries in pre-order, each storage's children in a red-black tree
    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.id = len(entries)
        entries.append(entry)
        kids = sorted(entry.children.values(), key=lambda e: _sort_key(e.name))
        for kid in kids:
            number(kid)
        entry.child = _tree(kids, 0, _depth(len(kids)))

    number(root)

    # §2.4 the mini stream and its mini FAT
    mini_stream = bytearray()
    mini_fat: list[int] = []
    big: list[_Entry] = []
    for entry in entries:
        if entry.kind != STREAM:
            continue
        if len(entry.data) >= MINI_CUTOFF:
            big.append(entry)
        elif entry.data:
            entry.start = len(mini_fat)
            count = _sectors(len(entry.data), MINI_SECTOR)
            mini_fat += [FREESECT] * count
            _chain(mini_fat, entry.start, count)
            mini_stream += _pad(entry.data, MINI_SECTOR)

    # regular sectors after the FAT: directory, mini FAT, mini stream, large streams
    blobs: list[tuple[str, bytes]] = [("directory", b"")]  # filled in once numbered
    if mini_fat:
        blobs.append(("minifat", _pad(struct.pack(f"<{len(mini_fat)}I", *mini_fat))))
        blobs.append(("ministream", _pad(bytes(mini_stream))))
    blobs += [(f"stream{e.id}", _pad(e.data)) for e in big]
    dir_sectors = _sectors(len(entries) * 128)
    data_sectors = dir_sectors + sum(len(b) // SECTOR for name, b in blobs[1:])
    fat_sectors = 1
    while fat_sectors * ENTRIES_PER_FAT < fat_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > HEADER_DIFAT:
        raise ValueError("compound file too large for a writer without DIFAT sectors")

    fat = [FREESECT] * (fat_sectors * ENTRIES_PER_FAT)
    fat[:fat_sectors] = [FATSECT] * fat_sectors
    starts: dict[str, int] = {}
    at = fat_sectors
    for name, blob in blobs:
        count = dir_sectors if name == "directory" else len(blob) // SECTOR
        starts[name] = at
        _chain(fat, at, count)
        at += count
    for entry in big:
        entry.start = starts[f"stream{entry.id}"]
    if mini_fat:
        root.start = starts["ministream"]
        root.data = bytes(mini_stream)  # only its size is written

    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _unused_entry() * (dir_sectors * SECTOR // 128 - len(entries))
    blobs[0] = ("directory", directory)

    difat = list(range(fat_sectors)) + [FREESECT] * (HEADER_DIFAT - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # §2.2 Header Signature
        b"\x00" * 16,  # Header CLSID
        0x003E,  # Minor Version
        0x0003,  # Major Version
        0xFFFE,  # Byte Order: little-endian
        9,  # Sector Shift
        6,  # Mini Sector Shift
        b"\x00" * 6,  # Reserved
        0,  # Number of Directory Sectors: 0 for version 3
        fat_sectors,  # Number of FAT Sectors
        starts["directory"],  # First Directory Sector Location
        0,  # Transaction Signature Number
        MINI_CUTOFF,  # Mini Stream Cutoff Size
        starts.get("minifat", ENDOFCHAIN),  # First Mini FAT Sector Location
        len(blobs[1][1]) // SECTOR if mini_fat else 0,  # Number of Mini FAT Sectors
        ENDOFCHAIN,  # First DIFAT Sector Location: none
        0,  # Number of DIFAT Sectors
        *difat,
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + b"".join(blob for _, blob in blobs)
    return header + body


def _directory_entry(e: _Entry) -> bytes:
    """§2.6.1 Compound File Directory Entry (128 bytes)."""
    name = e.name.encode("utf-16-le")
    if len(name) > 62:
        raise ValueError(f"name too long for a directory entry: {e.name!r}")
    size = len(e.data) if e.kind != STORAGE else 0
    start = e.start if e.kind != STORAGE else 0
    if e.kind in (STREAM, ROOT) and size == 0:
        start = ENDOFCHAIN
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,  # Directory Entry Name, zero padded (includes the terminating null)
        len(name) + 2,  # Directory Entry Name Length, with the terminator
        e.kind,
        e.color,
        e.left,
        e.right,
        e.child,
        b"\x00" * 16,  # CLSID
        0,  # State Bits
        0,  # Creation Time
        0,  # Modified Time
        start,  # Starting Sector Location
        size,  # Stream Size
    )


def _unused_entry() -> bytes:
    """§2.6.3 a free directory entry: all zero, no siblings, no child."""
    return struct.pack("<68sIII48s", b"", NOSTREAM, NOSTREAM, NOSTREAM, b"")
