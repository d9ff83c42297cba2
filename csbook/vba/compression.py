"""[MS-OVBA] §2.4.1 compression: the run-length/LZ77 scheme of the dir and module streams.

A CompressedContainer (§2.4.1.1.1) is the signature byte 0x01 followed by CompressedChunks
(§2.4.1.1.4), each the compression of up to 4096 bytes of input. This follows the spec's
compression algorithm (§2.4.1.3.6 - §2.4.1.3.19), including its longest-match search
(§2.4.1.3.19.4: the longest match, measured to the chunk's end, then cut to the token's
maximum), with a table of 3-byte prefixes in place of the spec's scan of every earlier
position. Of equal matches it takes the earliest, as Excel does (the spec's loop would take the
nearest); then the output is byte-for-byte what Excel writes, which the tests check.
"""

from __future__ import annotations

CHUNK = 4096  # decompressed bytes per chunk (§2.4.1.1.4)


def _copy_token_help(difference: int) -> tuple[int, int]:
    """§2.4.1.3.19.1 CopyToken Help: the offset bit count and maximum length at a position
    `difference` bytes into the chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    """§2.4.1.3.7 Compressing a DecompressedChunk: the chunk's header and data."""
    out = bytearray()
    pos = 0
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions, oldest first

    def remember(start: int, end: int) -> None:
        for i in range(start, end):
            if i + 3 <= len(data):
                heads.setdefault(data[i : i + 3], []).append(i)

    while pos < len(data):  # §2.4.1.3.8 Compressing a TokenSequence
        flags = 0
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(data):
                break
            best_len, best_at = 0, 0
            for cand in heads.get(data[pos : pos + 3], ()):  # §2.4.1.3.19.4 Matching
                n = 3
                while pos + n < len(data) and data[cand + n] == data[pos + n]:
                    n += 1
                if n > best_len:
                    best_len, best_at = n, cand
            if best_len >= 3:  # §2.4.1.3.19.3 Pack CopyToken
                bit_count, max_length = _copy_token_help(pos)
                best_len = min(best_len, max_length)
                token = ((pos - best_at - 1) << (16 - bit_count)) | (best_len - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                remember(pos, pos + best_len)
                pos += best_len
            else:
                out.append(data[pos])
                remember(pos, pos + 1)
                pos += 1
        out[flag_at] = flags

    if len(out) > CHUNK:  # §2.4.1.3.10 Compressing a RawChunk: stored, padded to 4096 bytes
        header = 0x3000 | (CHUNK - 1)  # CompressedChunkSize - 3 = 4095, signature 0b011, flag 0
        return header.to_bytes(2, "little") + data.ljust(CHUNK, b"\x00")
    header = 0x8000 | 0x3000 | (len(out) + 2 - 3)  # §2.4.1.1.5 CompressedChunkHeader
    return header.to_bytes(2, "little") + bytes(out)


def compress(data: bytes) -> bytes:
    """§2.4.1.3.6 Compression algorithm: a CompressedContainer holding `data`."""
    chunks = (data[i : i + CHUNK] for i in range(0, len(data), CHUNK))
    return b"\x01" + b"".join(_compress_chunk(chunk) for chunk in chunks)


def decompress(container: bytes) -> bytes:
    """§2.4.1.3.1 Decompression algorithm (for tests and the reader)."""
    if not container or container[0] != 0x01:
        raise ValueError("not a CompressedContainer: the signature byte must be 0x01")
    out = bytearray()
    pos = 1
    while pos < len(container):
        header = int.from_bytes(container[pos : pos + 2], "little")
        size = (header & 0x0FFF) + 3
        end = min(pos + size, len(container))
        pos += 2
        start = len(out)
        if not header & 0x8000:  # raw chunk
            out += container[pos : pos + CHUNK]
            pos = end
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags & (1 << bit):
                    token = int.from_bytes(container[pos : pos + 2], "little")
                    bit_count, _ = _copy_token_help(len(out) - start)
                    length = (token & (0xFFFF >> bit_count)) + 3
                    offset = (token >> (16 - bit_count)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                    pos += 2
                else:
                    out.append(container[pos])
                    pos += 1
    return bytes(out)
