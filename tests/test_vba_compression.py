"""[MS-OVBA] §2.4.1 compression: the spec's examples, Excel's streams, and round trips."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from oletools.olevba import decompress_stream

from csbook.vba.compression import CHUNK, compress, decompress

QUICKSTART = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"


# [MS-OVBA] §3.2.1 No Compression Example and §3.2.2 Normal Compression Example
SPEC_EXAMPLES = [
    (
        b"abcdefghijklmnopqrstuv.",
        bytes.fromhex(
            "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"
        ),
    ),
    (
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
        bytes.fromhex(
            "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61"
            " 6B 6C 00 30 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00"
            " 3C"
        ),
    ),
]


@pytest.mark.parametrize(("plain", "packed"), SPEC_EXAMPLES)
def test_spec_examples(plain: bytes, packed: bytes) -> None:
    assert compress(plain) == packed
    assert decompress(packed) == plain


def excel_module_streams() -> dict[str, bytes]:
    """The compressed source of the modules Excel itself saved in xlwings' quickstart
    (each module stream's source starts after its PerformanceCache, at MODULEOFFSET)."""
    with zipfile.ZipFile(QUICKSTART) as z:
        ole = olefile.OleFileIO(z.read("xl/vbaProject.bin"))
    offsets = {"ThisWorkbook": 0x333, "Sheet1": 0x333, "Sheet2": 0x333, "Module1": 0x45F}
    return {name: ole.openstream(f"VBA/{name}").read()[at:] for name, at in offsets.items()}


def test_reproduces_excel_streams() -> None:
    streams = excel_module_streams()
    assert streams
    for name, packed in streams.items():
        plain = bytes(decompress_stream(bytearray(packed)))
        assert plain.startswith(f'Attribute VB_Name = "{name}"'.encode())
        assert compress(plain) == packed, name


def samples() -> list[bytes]:
    rng = random.Random(6)
    text = Path(xlwings.__file__).with_name("xlwings.bas").read_bytes()
    return [
        b"",
        b"a",
        b"ab",
        b"aaa",
        b"a" * 5000,
        bytes(CHUNK),
        bytes(CHUNK + 1),
        text,
        text[: CHUNK - 1],
        text[: CHUNK * 2],
        rng.randbytes(CHUNK * 2 + 17),  # incompressible: raw chunks
        bytes(rng.choice(b"ab \r\n") for _ in range(20000)),
    ]


@pytest.mark.parametrize("plain", samples(), ids=lambda b: f"{len(b)}B")
def test_round_trip(plain: bytes) -> None:
    packed = compress(plain)
    assert decompress(packed) == plain
    # oletools' independent decompressor agrees (on compressed chunks; raw ones aside)
    if all(_compressed_chunks(packed)):
        assert bytes(decompress_stream(bytearray(packed))) == plain


def _compressed_chunks(packed: bytes) -> list[bool]:
    flags = []
    pos = 1
    while pos < len(packed):
        header = int.from_bytes(packed[pos : pos + 2], "little")
        flags.append(bool(header & 0x8000))
        pos += (header & 0x0FFF) + 3
    return flags


def test_raw_chunk_for_incompressible_data() -> None:
    data = random.Random(1).randbytes(CHUNK)
    packed = compress(data)
    assert _compressed_chunks(packed) == [False]
    assert len(packed) == 1 + 2 + CHUNK
    assert decompress(packed) == data


def test_decompress_rejects_a_bad_signature() -> None:
    with pytest.raises(ValueError, match="signature"):
        decompress(b"\x02\x00")
