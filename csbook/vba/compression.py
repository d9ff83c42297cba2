"""[MS-OVBA] §2.4.1 compression: the LZ77 scheme of the dir and module streams.

A CompressedContainer (§2.4.1.1.1) is the signature byte 0x01 followed by CompressedChunks
(§2.4.1.1.4), each the compression of up to 4096 bytes of input: a FlagByte before every
eight tokens, a token being a literal byte or a 2-byte CopyToken (offset, length) whose bit
split depends on the position in the chunk (§2.4.1.3.19.1).

Any valid container decompresses to the same text; which matches a compressor picks is its
own affair. This one takes, among the earlier positions where a token began, the longest
match, the nearest of equal ones. That reproduces byte for byte the spec's examples
(§3.2.1, §3.2.2) and the module streams Excel wrote for the small modules in xlwings'
quickstart_standalone.xlsm (the tests check both); the spec's prose search over every
earlier byte (§2.4.1.3.19.4) would not reproduce its own §3.2.2 example.
"""

from __future__ import annotations

CHUNK = 4096  # decompressed bytes per chunk (§2.4.1.1.4)


def _copy_token_help(difference: int) -> tuple[int, int]:
    """§2.4.1.3.19.1 CopyToken Help: the offset's bit count and the maximum length of a
    CopyToken `difference` bytes into the chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    """§2.4.1.3.7 Compressing a DecompressedChunk: its CompressedChunkHeader and data."""
    out = bytearray()
    starts: dict[bytes, list[int]] = {}  # 3-byte prefix -> token start positions
    pos = 0
    while pos < len(data):  # §2.4.1.3.8 Compressing a TokenSequence
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(data):
                break
            best_len = best_at = 0
            for cand in reversed(starts.get(data[pos : pos + 3], ())):  # nearest first
                n = 3
                while pos + n < len(data) and data[cand + n] == data[pos + n]:
                    n += 1
                if n > best_len:
                    best_len, best_at = n, cand
            if pos + 3 <= len(data):
                starts.setdefault(data[pos : pos + 3], []).append(pos)
            if best_len:  # §2.4.1.3.9 Compressing a Token: a CopyToken (§2.4.1.3.19.3 Pack)
                bit_count, max_length = _copy_token_help(pos)
                length = min(best_len, max_length)
                token = ((pos - best_at - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                out[flag_at] |= 1 << bit
                pos += length
            else:  # a LiteralToken
                out.append(data[pos])
                pos += 1

    if len(out) > CHUNK:  # §2.4.1.3.10 Compressing a RawChunk: stored, padded to 4096 bytes
        return (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + data.ljust(CHUNK, b"\x00")
    # §2.4.1.1.5 CompressedChunkHeader: size - 3 (12 bits), signature 0b011, flag 1
    return (0xB000 | (len(out) - 1)).to_bytes(2, "little") + bytes(out)


def compress(data: bytes) -> bytes:
    """§2.4.1.3.6 Compression algorithm: a CompressedContainer holding `data`."""
    chunks = (data[i : i + CHUNK] for i in range(0, len(data), CHUNK))
    return b"\x01" + b"".join(_compress_chunk(chunk) for chunk in chunks)


def decompress(container: bytes) -> bytes:
    """§2.4.1.3.1 Decompression algorithm (for the tests and the reader)."""
    if not container or container[0] != 0x01:
        raise ValueError("not a CompressedContainer: its signature byte must be 0x01")
    out = bytearray()
    pos = 1
    while pos < len(container):  # §2.4.1.3.2 Decompressing a CompressedChunk
        header = int.from_bytes(container[pos : pos + 2], "little")
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        if not header & 0x8000:  # a raw chunk: 4096 bytes as they are
            out += container[pos : pos + CHUNK]
            pos = end
            continue
        start = len(out)
        while pos < end:  # §2.4.1.3.4 Decompressing a TokenSequence
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags & (1 << bit):  # §2.4.1.3.19.2 Unpack CopyToken
                    token = int.from_bytes(container[pos : pos + 2], "little")
                    bit_count, _ = _copy_token_help(len(out) - start)
                    offset = (token >> (16 - bit_count)) + 1
                    for _ in range((token & (0xFFFF >> bit_count)) + 3):
                        out.append(out[-offset])
                    pos += 2
                else:
                    out.append(container[pos])
                    pos += 1
    return bytes(out)
