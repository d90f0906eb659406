"""Add a standard module to a VBA project (`xl/vbaProject.bin`, MS-OVBA), keeping the rest.

What changes, and nothing else: the `dir` stream gets a MODULE record (2.3.4.2.3.2) and its
PROJECTMODULES count goes up by one; the PROJECT stream gets `Module=<name>` (and a
[Workspace] line); PROJECTwm gets the name pair; the module's stream holds only its source,
compressed (MODULEOFFSET 0); and `VBA/_VBA_PROJECT` becomes the 7-byte header with version
0xFFFF and no performance cache (2.3.4.1), so the VBA host compiles every module from source
on opening instead of trusting compiled code. The other modules' streams, the references and
the protection fields are copied byte for byte. `remove_module` takes a standard module out the
same way (its MODULE record, stream, PROJECT and PROJECTwm lines; the count down by one).
"""

from __future__ import annotations

import struct

from workbook_templates import ovba_compression as ovba
from workbook_templates.cfb_writer import Node, read_tree, write_tree

VBA_PROJECT_NO_CACHE = b"\xcc\x61\xff\xff\x00\x00\x00"
PROJECTVERSION, PROJECTCODEPAGE, PROJECTMODULES, TERMINATOR = 0x0009, 0x0003, 0x000F, 0x0010


class VbaProjectError(ValueError):
    """A VBA project this module cannot extend (or a module it cannot add)."""


def dir_records(data: bytes) -> list[tuple[int, bytes]]:
    """The decompressed `dir` stream as (id, payload) records. PROJECTVERSION's size field
    says 4 but 6 bytes follow (2.3.4.2.1.11); every other record is id, size, payload."""
    out, i = [], 0
    while i < len(data):
        if i + 6 > len(data):
            raise VbaProjectError(f"dir stream cut short at byte {i}")
        rid, size = struct.unpack_from("<HI", data, i)
        size = 6 if rid == PROJECTVERSION else size
        if i + 6 + size > len(data):
            raise VbaProjectError(f"dir record 0x{rid:04X} at byte {i} runs past the end")
        out.append((rid, data[i + 6:i + 6 + size]))
        i += 6 + size
    return out


def join_records(records: list[tuple[int, bytes]]) -> bytes:
    return b"".join(struct.pack("<HI", rid, 4 if rid == PROJECTVERSION else len(p)) + p for rid, p in records)


def codepage(records: list[tuple[int, bytes]]) -> str:
    cp = next((struct.unpack("<H", p)[0] for rid, p in records if rid == PROJECTCODEPAGE), 1252)
    return f"cp{cp}"


def module_records(name: str, enc: str) -> list[tuple[int, bytes]]:
    """MODULE record of a standard module whose source starts at offset 0 of its stream."""
    mbcs, uni = name.encode(enc), name.encode("utf-16-le")
    return [(0x0019, mbcs), (0x0047, uni),  # MODULENAME, MODULENAMEUNICODE
            (0x001A, mbcs), (0x0032, uni),  # MODULESTREAMNAME
            (0x001C, b""), (0x0048, b""),  # MODULEDOCSTRING
            (0x0031, struct.pack("<I", 0)),  # MODULEOFFSET
            (0x001E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
            (0x002C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
            (0x0021, b""),  # MODULETYPE: procedural (standard) module
            (0x002B, b"")]  # terminator of the MODULE record


def module_names(records: list[tuple[int, bytes]], enc: str) -> list[str]:
    return [p.decode(enc) for rid, p in records if rid == 0x0019]


def _project_text(text: str, name: str) -> str:
    """PROJECT stream with `Module=<name>` after the last module line and a workspace line."""
    lines = text.split("\r\n")
    kinds = ("Document=", "Module=", "Class=", "BaseClass=", "Package=")
    last = max((i for i, line in enumerate(lines) if line.startswith(kinds)), default=0)
    lines.insert(last + 1, f"Module={name}")
    if "[Workspace]" in lines:
        at = lines.index("[Workspace]") + 1
        while at < len(lines) and lines[at].strip():
            at += 1
        lines.insert(at, f"{name}=0, 0, 0, 0, C")
    return "\r\n".join(lines)


def _projectwm(data: bytes, name: str, enc: str) -> bytes:
    """PROJECTwm (2.3.3): name pairs ended by 0x0000; ours goes before the end."""
    if not data.endswith(b"\0\0"):
        raise VbaProjectError("PROJECTwm stream does not end with its terminator")
    return data[:-2] + name.encode(enc) + b"\0" + name.encode("utf-16-le") + b"\0\0" + b"\0\0"


def _parts(root: Node):
    try:
        vba, project, wm = root.child("VBA"), root.child("PROJECT"), root.child("PROJECTwm")
        return vba, project, wm, vba.child("dir")
    except StopIteration:
        raise VbaProjectError("not a VBA project storage (PROJECT, PROJECTwm, VBA/dir expected)") from None


def remove_module(vba_project: bytes, name: str) -> bytes:
    """`vba_project` without its standard module `name` (e.g. the xlwings quickstart's Module1,
    whose SampleCall macro runs `import <workbook name>`)."""
    root = read_tree(vba_project)
    vba, project, wm, dir_node = _parts(root)
    records = dir_records(ovba.decompress(dir_node.data))
    enc = codepage(records)
    starts = [i for i, (rid, p) in enumerate(records) if rid == 0x0019 and p.decode(enc).upper() == name.upper()]
    if not starts:
        raise VbaProjectError(f"the project has no module {name}")
    first = starts[0]
    last = next(i for i in range(first, len(records)) if records[i][0] == 0x002B)
    if 0x0021 not in (rid for rid, _ in records[first:last]):
        raise VbaProjectError(f"{name} is not a standard module")
    stream = next(p for rid, p in records[first:last] if rid == 0x001A).decode(enc)
    del records[first:last + 1]
    at = [rid for rid, _ in records].index(PROJECTMODULES)
    records[at] = (PROJECTMODULES, struct.pack("<H", struct.unpack("<H", records[at][1])[0] - 1))
    dir_node.data = ovba.compress(join_records(records))
    vba.children = [c for c in vba.children if c.name != stream]
    vba.child("_VBA_PROJECT").data = VBA_PROJECT_NO_CACHE
    lines = project.data.decode(enc).split("\r\n")
    project.data = "\r\n".join(x for x in lines if x != f"Module={name}" and not x.startswith(f"{name}=")).encode(enc)
    pair = name.encode(enc) + b"\0" + name.encode("utf-16-le") + b"\0\0"
    if pair not in wm.data:
        raise VbaProjectError(f"PROJECTwm has no name pair for {name}")
    wm.data = wm.data.replace(pair, b"", 1)
    return write_tree(root)


def add_module(vba_project: bytes, name: str, source: str) -> bytes:
    """`vba_project` (a vbaProject.bin) with a standard module `name` of `source` added."""
    root = read_tree(vba_project)
    vba, project, wm, dir_node = _parts(root)
    records = dir_records(ovba.decompress(dir_node.data))
    enc = codepage(records)
    if name.upper() in (n.upper() for n in module_names(records, enc)):
        raise VbaProjectError(f"the project already has a module {name}")
    ids = [rid for rid, _ in records]
    if PROJECTMODULES not in ids or ids[-1] != TERMINATOR:
        raise VbaProjectError("dir stream has no PROJECTMODULES record or no terminator")
    at = ids.index(PROJECTMODULES)
    count = struct.unpack("<H", records[at][1])[0]
    records[at] = (PROJECTMODULES, struct.pack("<H", count + 1))
    records[-1:-1] = module_records(name, enc)
    try:
        code = source.encode(enc)
    except UnicodeEncodeError as exc:
        raise VbaProjectError(f"module source has characters outside the project's code page {enc}: {exc}") from None
    dir_node.data = ovba.compress(join_records(records))
    vba.children.append(Node(name, data=ovba.compress(code)))
    vba.child("_VBA_PROJECT").data = VBA_PROJECT_NO_CACHE
    project.data = _project_text(project.data.decode(enc), name).encode(enc)
    wm.data = _projectwm(wm.data, name, enc)
    return write_tree(root)
