"""[MS-CFB] the compound file writer, read back with olefile."""

from __future__ import annotations

import io
import random
import struct

import olefile
import pytest

from csbook.vba.cfb import BLACK, NOSTREAM, RED, SECTOR, compound_file


def streams_of(n_small: int, big: int = 0) -> dict[str, bytes]:
    rng = random.Random(n_small)
    streams = {
        "PROJECT": b"ID=...\r\n" * 60,
        "PROJECTwm": b"wm" * 40,
        "VBA/_VBA_PROJECT": bytes.fromhex("cc61ffff000100"),
        "VBA/dir": rng.randbytes(1300),
        "VBA/Empty": b"",
        "VBA/Exactly4096": rng.randbytes(4096),  # the cutoff: a regular stream
        "VBA/Just4095": rng.randbytes(4095),  # the mini stream's largest
    }
    for i in range(n_small):
        streams[f"VBA/Sheet{i + 1}"] = rng.randbytes(64 * (i % 5) + i)
    if big:
        streams["VBA/xlwings"] = rng.randbytes(big)
    return streams


def open_cfb(data: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_POTENTIAL)


@pytest.mark.parametrize(
    ("n_small", "big"), [(0, 0), (1, 0), (3, 20000), (12, 70000), (40, 400_000)]
)
def test_read_back(n_small: int, big: int) -> None:
    streams = streams_of(n_small, big)
    data = compound_file(streams)
    assert len(data) % SECTOR == 0
    ole = open_cfb(data)
    listed = {"/".join(path) for path in ole.listdir()}
    assert listed == set(streams)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content, path
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE


def test_deterministic() -> None:
    assert compound_file(streams_of(5, 9000)) == compound_file(streams_of(5, 9000))


def test_header() -> None:
    data = compound_file(streams_of(2))
    assert data[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    minor, major, order, shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (minor, major, order, shift, mini_shift) == (0x3E, 3, 0xFFFE, 9, 6)
    assert struct.unpack_from("<I", data, 56)[0] == 4096  # mini stream cutoff


def directory(data: bytes) -> list[dict]:
    ole = open_cfb(data)
    return [
        {
            "name": e.name,
            "color": e.color,
            "left": e.sid_left,
            "right": e.sid_right,
            "child": e.sid_child,
        }
        for e in ole.direntries
        if e is not None
    ]


def cfb_key(name: str) -> tuple[int, str]:
    return len(name), name.upper()


def test_siblings_form_a_red_black_search_tree() -> None:
    """§2.6.4: each storage's children are a binary search tree in the spec's order (length,
    then upper case), the root black, no red node with a red child, and every path from a
    storage's tree root down to a leaf passes the same number of black nodes."""
    entries = directory(compound_file(streams_of(13, 5000)))

    def check(sid: int, low: tuple | None, high: tuple | None) -> int:
        if sid == NOSTREAM:
            return 1
        node = entries[sid]
        key = cfb_key(node["name"])
        assert low is None or low < key
        assert high is None or key < high
        for child in (node["left"], node["right"]):
            if node["color"] == RED and child != NOSTREAM:
                assert entries[child]["color"] == BLACK
        left = check(node["left"], low, key)
        right = check(node["right"], key, high)
        assert left == right
        return left + (node["color"] == BLACK)

    storages = [e for e in entries if e["child"] != NOSTREAM]
    assert len(storages) == 2  # the root and VBA
    for storage in storages:
        assert entries[storage["child"]]["color"] == BLACK
        check(storage["child"], None, None)


def test_duplicate_names() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        compound_file({"VBA/dir": b"", "vba/DIR": b""})
    with pytest.raises(ValueError, match="is a stream"):
        compound_file({"VBA": b"", "VBA/dir": b""})
