"""MS-OVBA 2.4.1 compression: the run-length scheme of VBA source and the `dir` stream.

`compress` follows the specification's pseudocode (2.4.1.3.6 to 2.4.1.3.19.4) step by step
and gives byte for byte what it gives; only the search for the longest match is indexed (by
the next three bytes, nearest candidate first), which finds the same match as the
specification's scan of every earlier position of the chunk, much faster.
`decompress` is 2.4.1.3.1 to 2.4.1.3.5. Tests compare `compress` with a literal
transcription of the pseudocode and `decompress` with oletools.
"""

from __future__ import annotations

CHUNK = 4096
SIGNATURE = 0x01


class CompressionError(ValueError):
    """A compressed container that does not follow MS-OVBA 2.4.1."""


def copy_token_help(difference: int) -> tuple[int, int, int]:
    """(length mask, bit count, maximum length) at `difference` bytes into a chunk (2.4.1.3.19.1)."""
    bit_count = max((difference - 1).bit_length(), 4)  # ceiling of log2(difference), at least 4
    length_mask = 0xFFFF >> bit_count
    return length_mask, bit_count, length_mask + 3


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk (header included) of at most 4096 decompressed bytes (2.4.1.3.7)."""
    end = len(chunk)
    out = bytearray(2)
    limit = 4098  # CompressedEnd, relative to the chunk start
    positions: dict[bytes, list[int]] = {}
    indexed = 0
    cur = 0

    def match(d: int) -> tuple[int, int]:
        """(offset, length) of the longest earlier match, nearest first on ties (2.4.1.3.19.4)."""
        nonlocal indexed
        for p in range(indexed, d):
            if p + 3 <= end:
                positions.setdefault(chunk[p:p + 3], []).append(p)
        indexed = d
        if d + 3 > end:
            return 0, 0
        best, best_c = 0, 0
        for c in reversed(positions.get(chunk[d:d + 3], ())):
            if chunk[c:c + best + 1] != chunk[d:d + best + 1] or d + best + 1 > end:
                continue
            n = best + 1
            while d + n < end and chunk[c + n] == chunk[d + n]:
                n += 1
            best, best_c = n, c
        if best < 3:
            return 0, 0
        return d - best_c, min(best, copy_token_help(d)[2])

    while cur < end and len(out) < limit:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for index in range(8):
            if not (cur < end and len(out) < limit):
                break
            offset, length = match(cur)
            if offset:
                if len(out) + 1 < limit:
                    _mask, bit_count, _max = copy_token_help(cur)
                    token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                    out += token.to_bytes(2, "little")
                    flags |= 1 << index
                    cur += length
                else:
                    out += b"\0" * (limit - len(out))  # CompressedCurrent := CompressedEnd
            else:
                out.append(chunk[cur])
                cur += 1
        out[flag_at] = flags
    if cur < end:  # did not fit: a raw chunk, padded to 4096 bytes (2.4.1.3.10)
        out = bytearray(2) + chunk + b"\0" * (CHUNK - len(chunk))
        flag = 0
    else:
        flag = 1
    header = (len(out) - 3) | (flag << 15) | 0x3000
    out[0:2] = header.to_bytes(2, "little")
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer of `data` (2.4.1.3.6)."""
    return bytes([SIGNATURE]) + b"".join(_compress_chunk(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK))


def _decompress_chunk(body: bytes, flag: int) -> bytes:
    if not flag:
        if len(body) != CHUNK:
            raise CompressionError("a raw chunk must hold 4096 bytes")
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        flags = body[i]
        i += 1
        for index in range(8):
            if i >= len(body):
                break
            if not flags >> index & 1:
                out.append(body[i])
                i += 1
                continue
            if i + 2 > len(body):
                raise CompressionError("copy token cut short")
            token = int.from_bytes(body[i:i + 2], "little")
            i += 2
            mask, bit_count, _max = copy_token_help(len(out))
            length = (token & mask) + 3
            offset = (token >> (16 - bit_count)) + 1
            if offset > len(out):
                raise CompressionError("copy token points before the chunk")
            for _ in range(length):
                out.append(out[-offset])
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The decompressed bytes of a CompressedContainer (2.4.1.3.1)."""
    if not container or container[0] != SIGNATURE:
        raise CompressionError("a compressed container starts with 0x01")
    out = bytearray()
    i = 1
    while i < len(container):
        if i + 2 > len(container):
            raise CompressionError("chunk header cut short")
        header = int.from_bytes(container[i:i + 2], "little")
        if header >> 12 & 0b111 != 0b011:
            raise CompressionError(f"bad chunk signature at byte {i}")
        size = (header & 0x0FFF) + 3
        out += _decompress_chunk(container[i + 2:min(i + size, len(container))], header >> 15)
        i += size
    return bytes(out)
