"""Compound files (MS-CFB version 3: 512-byte sectors, 64-byte mini sectors): read a tree with
olefile, write a complete new file.

olefile reads compound files well but can only overwrite a stream with one of the same size;
adding a VBA module needs the whole container written anew. (Of the writers on PyPI, cfbwrite
is AGPL, which a proprietary package cannot ship, and ms-cfb / pycfb are 0.0.x.) The layout
written is: header, then the sectors of large streams, the mini stream, the mini FAT, the
directory and the FAT. Files whose FAT would not fit the header's 109 entries (over about
7 MB) are refused rather than written with DIFAT sectors; a VBA project is far smaller.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass, field

import olefile

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
HEADER_FAT_ENTRIES = 109
ENDOFCHAIN, FATSECT, FREESECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Node:
    """A storage (with `children`) or a stream (with `data`) of a compound file."""

    name: str
    data: bytes | None = None
    children: list[Node] = field(default_factory=list)
    clsid: bytes = bytes(16)
    state: int = 0
    created: int = 0
    modified: int = 0

    @property
    def is_stream(self) -> bool:
        return self.data is not None

    def child(self, name: str) -> Node:
        key = name.upper()
        return next(c for c in self.children if c.name.upper() == key)


def _clsid_bytes(text: str) -> bytes:
    return uuid.UUID(text).bytes_le if text else bytes(16)


def read_tree(data: bytes) -> Node:
    """The storages and streams of a compound file (with CLSIDs, state bits and times)."""
    ole = olefile.OleFileIO(data)
    try:
        def node(entry, path: list[str]) -> Node:
            n = Node(entry.name, clsid=_clsid_bytes(entry.clsid), state=entry.dwUserFlags,
                     created=entry.createTime, modified=entry.modifyTime)
            if entry.entry_type == olefile.STGTY_STREAM:
                n.data = ole.openstream(path).read()
            else:
                n.children = [node(k, [*path, k.name]) for k in entry.kids]
            return n

        return node(ole.root, [])
    finally:
        ole.close()


def sort_key(name: str) -> tuple[int, str]:
    """Sibling order of MS-CFB 2.6.4: shorter names first, then by upper-cased UTF-16 code units."""
    return len(name.encode("utf-16-le")), name.upper()


def _tree(ids: list[int]) -> tuple[int, dict[int, tuple[int, int, int]]]:
    """A red-black tree over siblings already in order: balanced by halving, the deepest level red.

    Halving keeps every empty link at depth d-1 or d (d = the deepest level), so each path
    from the top to an empty link passes the same number of black nodes and no red node has a
    red child. Returns the top id and id -> (left, right, colour).
    """
    links: dict[int, tuple[int, int, int]] = {}
    depth: dict[int, int] = {}

    def build(lo: int, hi: int, d: int) -> int:
        if lo > hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        depth[ids[mid]] = d
        links[ids[mid]] = (build(lo, mid - 1, d + 1), build(mid + 1, hi, d + 1), BLACK)
        return ids[mid]

    top = build(0, len(ids) - 1, 0)
    deepest = max(depth.values(), default=0)
    for i, d in depth.items():
        if d == deepest and d > 0:
            links[i] = (*links[i][:2], RED)
    return top, links


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def _sectors(n: int, size: int = SECTOR) -> int:
    return -(-n // size)


def write_tree(root: Node) -> bytes:
    """A compound file (version 3) holding `root`'s tree."""
    order: list[Node] = [root]
    kids: dict[int, list[int]] = {}

    def walk(n: Node, index: int) -> None:
        kids[index] = []
        for c in sorted(n.children, key=lambda c: sort_key(c.name)):
            if len(c.name) > 31 or not c.name:
                raise ValueError(f"compound file names are 1 to 31 characters: {c.name!r}")
            order.append(c)
            kids[index].append(len(order) - 1)
            if not c.is_stream:
                walk(c, len(order) - 1)

    walk(root, 0)
    small = [i for i, n in enumerate(order) if n.is_stream and 0 < len(n.data) < MINI_CUTOFF]
    large = [i for i, n in enumerate(order) if n.is_stream and len(n.data) >= MINI_CUTOFF]
    mini_start, mini = {}, bytearray()
    minifat: list[int] = []
    for i in small:
        mini_start[i] = len(mini) // MINI_SECTOR
        count = _sectors(len(order[i].data), MINI_SECTOR)
        minifat.extend([0] * count)
        _chain(minifat, mini_start[i], count)
        mini += order[i].data.ljust(count * MINI_SECTOR, b"\0")
    minifat += [FREESECT] * (-len(minifat) % (SECTOR // 4))

    body = bytearray()
    start: dict[int, int] = {}
    used: list[tuple[int, int]] = []  # (first sector, count) of every chain

    def put(data: bytes) -> int:
        first, count = len(body) // SECTOR, _sectors(len(data))
        body.extend(data.ljust(count * SECTOR, b"\0"))
        used.append((first, count))
        return first if count else ENDOFCHAIN

    for i in large:
        start[i] = put(order[i].data)
    mini_first = put(bytes(mini))
    minifat_first = put(struct.pack(f"<{len(minifat)}I", *minifat)) if small else ENDOFCHAIN
    dir_first = len(body) // SECTOR
    dir_count = _sectors(len(order) * 128)
    data_sectors = dir_first + dir_count
    fat_count = 1
    while fat_count * (SECTOR // 4) < data_sectors + fat_count:
        fat_count += 1
    if fat_count > HEADER_FAT_ENTRIES:
        raise ValueError("compound file too large for a FAT without DIFAT sectors")

    entries = bytearray()
    colour: dict[int, tuple[int, int, int]] = {}
    child: dict[int, int] = {}
    for index, ids in kids.items():
        child[index], links = _tree(ids)
        colour.update(links)
    for i, n in enumerate(order):
        name = n.name.encode("utf-16-le") + b"\0\0"
        left, right, col = colour.get(i, (NOSTREAM, NOSTREAM, BLACK))
        if i == 0:
            kind, first, size = ROOT, mini_first if mini else ENDOFCHAIN, len(mini)
        elif n.is_stream:
            kind, size = STREAM, len(n.data)
            first = start.get(i, mini_start.get(i, ENDOFCHAIN))
        else:
            kind, first, size = STORAGE, 0, 0
        entries += struct.pack("<64sHBBIII16sIQQIQ", name, len(name), kind, col, left, right,
                               child.get(i, NOSTREAM), n.clsid, n.state, n.created, n.modified, first, size)
    unused = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0, 0, 0)
    entries += unused * (dir_count * 4 - len(order))
    body += entries
    used.append((dir_first, dir_count))

    fat = [FREESECT] * (fat_count * (SECTOR // 4))
    for first, count in used:
        _chain(fat, first, count)
    fat_first = data_sectors
    for k in range(fat_count):
        fat[fat_first + k] = FATSECT
    body += struct.pack(f"<{len(fat)}I", *fat)

    difat = [fat_first + k for k in range(fat_count)] + [FREESECT] * (HEADER_FAT_ENTRIES - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", MAGIC, bytes(16), 0x003E, 3, 0xFFFE, 9, 6, bytes(6), 0,
                         fat_count, dir_first, 0, MINI_CUTOFF, minifat_first,
                         len(minifat) * 4 // SECTOR if small else 0, ENDOFCHAIN, 0)
    header += struct.pack(f"<{HEADER_FAT_ENTRIES}I", *difat)
    return header + bytes(body)
