"""The .xlsm's VBA project, checked by tools that share no code with ours: MS-OVBA compression
against the specification's own examples, a literal transcription of its pseudocode and
oletools' decompressor; the compound-file writer read back by olefile (strict); the project
with the `xlwings_udfs` module read by oletools' olevba (every original module unchanged, ours
exact) and opened by LibreOffice, which imports the module as Basic."""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from defusedxml import ElementTree
from oletools.olevba import VBA_Parser, decompress_stream

from workbook_templates import ovba_compression as ovba
from workbook_templates.cfb_writer import BLACK, NOSTREAM, RED, Node, read_tree, sort_key, write_tree
from workbook_templates.libreoffice import convert
from workbook_templates.vba_project import (
    VBA_PROJECT_NO_CACHE,
    VbaProjectError,
    add_module,
    codepage,
    dir_records,
    module_names,
    remove_module,
)
from workbook_templates.xlsm import SAMPLE_MODULE, VBA_PART, build_xlsm, quickstart_path
from xl_addin.vba import MODULE_NAME, vba_wrapper


def spec_compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.6-2.4.1.3.19.4 transcribed line by line (slow: every candidate is scanned)."""
    out = bytearray([1])
    dc, end_all = 0, len(data)
    while dc < end_all:
        c_start, d_start = len(out), dc
        c_end, d_end = c_start + 4098, min(d_start + 4096, end_all)
        out += b"\0\0"
        cc = c_start + 2
        while dc < d_end and cc < c_end:  # 2.4.1.3.8 TokenSequence
            flag_at, flags = cc, 0
            out.append(0)
            cc += 1
            for index in range(8):
                if not (dc < d_end and cc < c_end):
                    continue
                candidate, best, best_c = dc - 1, 0, 0  # 2.4.1.3.19.4 Matching
                while candidate >= d_start:
                    c, d, n = candidate, dc, 0
                    while d < d_end and data[d] == data[c]:
                        n, c, d = n + 1, c + 1, d + 1
                    if n > best:
                        best, best_c = n, candidate
                    candidate -= 1
                bits = 4
                while (1 << bits) < dc - d_start:
                    bits += 1
                offset, length = (dc - best_c, min(best, (0xFFFF >> bits) + 3)) if best >= 3 else (0, 0)
                if offset:  # 2.4.1.3.9 Token
                    if cc + 1 < c_end:
                        out += (((offset - 1) << (16 - bits)) | (length - 3)).to_bytes(2, "little")
                        flags |= 1 << index
                        cc, dc = cc + 2, dc + length
                    else:
                        cc = c_end
                elif cc < c_end:
                    out.append(data[dc])
                    cc, dc = cc + 1, dc + 1
                else:
                    cc = c_end
            out[flag_at] = flags
        if dc < d_end:  # 2.4.1.3.10 RawChunk
            del out[c_start + 2:]
            out += data[d_start:d_end] + b"\0" * (4096 - (d_end - d_start))
            cc, dc, flag = c_start + 4098, d_end, 0
        else:
            flag = 1
        del out[cc:]
        out[c_start:c_start + 2] = ((cc - c_start - 3) | (flag << 15) | 0x3000).to_bytes(2, "little")
    return bytes(out)


def _samples() -> dict[str, bytes]:
    rnd = random.Random(4)
    return {"empty": b"", "one": b"a", "spec-3.2.2": b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
            "run": b"a" * 9000, "random-raw": bytes(rnd.randrange(256) for _ in range(4200)),
            "three-letters": bytes(rnd.choice(b"ab \r\n") for _ in range(8200)),
            "exactly-one-chunk": bytes(rnd.choice(b"xyz") for _ in range(4096)),
            "vba": vba_wrapper().encode("cp1252")[:6000]}


def test_compression_gives_the_specifications_examples():
    """MS-OVBA 3.2.1 (no compression) and 3.2.2 (normal compression), byte for byte."""
    assert ovba.compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E")
    assert ovba.compress(b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa") == bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F 70 06 71"
        " 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C")


@pytest.mark.parametrize("name", list(_samples()))
def test_compression_equals_the_pseudocode_and_oletools_decompresses_it(name):
    data = _samples()[name]
    packed = ovba.compress(data)
    assert packed == spec_compress(data)
    assert ovba.decompress(packed)[:len(data)] == data
    if data:
        assert bytes(decompress_stream(bytearray(packed)))[:len(data)] == data
    if name == "random-raw":
        assert int.from_bytes(packed[1:3], "little") >> 15 == 0, "an incompressible chunk is stored raw"


def test_decompression_agrees_with_oletools_on_excels_streams():
    ole = olefile.OleFileIO(_quickstart_bin())
    raw = ole.openstream("VBA/dir").read()
    records = dir_records(ovba.decompress(raw))
    assert ovba.decompress(raw) == bytes(decompress_stream(bytearray(raw)))
    offsets = [struct.unpack("<I", p)[0] for rid, p in records if rid == 0x0031]
    for name, offset in zip(module_names(records, codepage(records)), offsets, strict=True):
        stream = ole.openstream(f"VBA/{name}").read()[offset:]
        assert ovba.decompress(stream) == bytes(decompress_stream(bytearray(stream)))


def test_decompression_refuses_a_broken_container():
    for bad in (b"", b"\x02\x19\xb0", b"\x01\x19\x00abc"):
        with pytest.raises(ovba.CompressionError):
            ovba.decompress(bad)


# ---- compound file writer ------------------------------------------------------------------

def _quickstart_bin() -> bytes:
    with zipfile.ZipFile(quickstart_path()) as z:
        return z.read(VBA_PART)


def _strict(data: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)


def test_rewritten_compound_file_reads_back_identically():
    original = _quickstart_bin()
    again = _strict(write_tree(read_tree(original)))
    before = olefile.OleFileIO(original)
    assert again.listdir(storages=True) == before.listdir(storages=True)
    for path in before.listdir():
        assert again.openstream(path).read() == before.openstream(path).read(), path
    for a, b in zip(sorted(filter(None, before.direntries), key=lambda e: e.name),
                    sorted(filter(None, again.direntries), key=lambda e: e.name), strict=True):
        assert (a.clsid, a.createTime, a.modifyTime, a.dwUserFlags) == (b.clsid, b.createTime, b.modifyTime,
                                                                         b.dwUserFlags), a.name


def test_compound_file_with_large_small_and_empty_streams_in_nested_storages():
    rnd = random.Random(9)
    sizes = [0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000]
    streams = {f"s{n}": bytes(rnd.randrange(256) for _ in range(n)) for n in sizes}
    inner = Node("Inner", children=[Node("deep", data=b"x" * 5000)])
    root = Node("Root Entry", children=[Node(k, data=v) for k, v in streams.items()] +
                [Node("Store", children=[inner, Node("small", data=b"hello")])])
    ole = _strict(write_tree(root))
    for k, v in streams.items():
        assert ole.openstream(k).read() == v
    assert ole.openstream("Store/Inner/deep").read() == b"x" * 5000
    assert ole.openstream("Store/small").read() == b"hello"


def _check_red_black(ole: olefile.OleFileIO, top: int, names: list[str]) -> None:
    entries = ole.direntries

    def walk(sid: int, lo, hi) -> int:
        if sid == NOSTREAM:
            return 1
        e = entries[sid]
        key = sort_key(e.name)
        assert (lo is None or lo < key) and (hi is None or key < hi), "siblings out of order"
        for kid in (e.sid_left, e.sid_right):
            if e.color == RED and kid != NOSTREAM:
                assert entries[kid].color == BLACK, "a red node with a red child"
        left, right = walk(e.sid_left, lo, key), walk(e.sid_right, key, hi)
        assert left == right, "unequal black heights"
        return left + (e.color == BLACK)

    assert top == NOSTREAM or entries[top].color == BLACK or len(names) == 1
    walk(top, None, None)
    found = []

    def collect(sid):
        if sid != NOSTREAM:
            collect(entries[sid].sid_left)
            found.append(entries[sid].name)
            collect(entries[sid].sid_right)

    collect(top)
    assert found == sorted(names, key=sort_key)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 21, 40])
def test_sibling_trees_are_valid_red_black_trees(n):
    names = [f"{'m' * (i % 4 + 1)}{i}" for i in range(n)]
    ole = _strict(write_tree(Node("Root Entry", children=[Node(x, data=b"1") for x in names])))
    _check_red_black(ole, ole.direntries[0].sid_child, names)


def test_writer_refuses_names_the_format_cannot_hold():
    with pytest.raises(ValueError):
        write_tree(Node("Root Entry", children=[Node("x" * 32, data=b"")]))


# ---- the VBA project of the .xlsm ------------------------------------------------------------

@pytest.fixture(scope="module")
def xlsm(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsm") / "cnm.xlsm"
    build_xlsm("zh").save(path)
    return path


def _project(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(VBA_PART)


def _macros(data: bytes) -> dict[str, str]:
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        return {stream: code for _f, stream, _name, code in parser.extract_macros()}
    finally:
        parser.close()


def _base() -> bytes:
    """The quickstart's project without its sample module: what add_module extends."""
    return remove_module(_quickstart_bin(), SAMPLE_MODULE)


def test_olevba_reads_every_original_module_unchanged_and_ours_exactly(xlsm):
    before, after = _macros(_quickstart_bin()), _macros(_project(xlsm))
    del before[f"VBA/{SAMPLE_MODULE}"]  # the quickstart's SampleCall macro is removed
    assert set(after) == {*before, f"VBA/{MODULE_NAME}"}
    for stream, code in before.items():
        assert after[stream] == code, stream
    assert after[f"VBA/{MODULE_NAME}"] == vba_wrapper()
    assert "Function CNM_SCORE(scores, Optional method)" in after[f"VBA/{MODULE_NAME}"]


def test_removing_the_sample_module_changes_only_its_parts():
    before, after = olefile.OleFileIO(_quickstart_bin()), _strict(_base())
    old_dir = dir_records(ovba.decompress(before.openstream("VBA/dir").read()))
    new_dir = dir_records(ovba.decompress(after.openstream("VBA/dir").read()))
    first = old_dir.index((0x0019, SAMPLE_MODULE.encode()))
    last = next(i for i in range(first, len(old_dir)) if old_dir[i][0] == 0x002B)
    at = [rid for rid, _ in old_dir].index(0x000F)
    assert struct.unpack("<H", new_dir[at][1])[0] == struct.unpack("<H", old_dir[at][1])[0] - 1
    assert new_dir[:at] + new_dir[at + 1:] == old_dir[:at] + old_dir[at + 1:first] + old_dir[last + 1:]
    assert ["VBA", SAMPLE_MODULE] not in after.listdir()
    for name in module_names(new_dir, "cp1252"):
        assert after.openstream(f"VBA/{name}").read() == before.openstream(f"VBA/{name}").read(), name
    old_text = before.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    new_text = after.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert new_text == [x for x in old_text if x != "Module=Module1" and not x.startswith("Module1=")]
    wm = before.openstream("PROJECTwm").read()
    assert after.openstream("PROJECTwm").read() == wm.replace(b"Module1\0M\0o\0d\0u\0l\0e\x001\0\0\0", b"")
    assert "SampleCall" not in str(_macros(_base()))
    with pytest.raises(VbaProjectError, match="no module"):
        remove_module(_base(), SAMPLE_MODULE)
    with pytest.raises(VbaProjectError, match="not a standard module"):
        remove_module(_base(), "Sheet1")


def test_only_the_documented_parts_of_the_project_change(xlsm):
    before, after = olefile.OleFileIO(_base()), _strict(_project(xlsm))
    old_dir = dir_records(ovba.decompress(before.openstream("VBA/dir").read()))
    new_dir = dir_records(ovba.decompress(after.openstream("VBA/dir").read()))
    at = [rid for rid, _ in old_dir].index(0x000F)
    assert new_dir[:at] == old_dir[:at], "project information and references unchanged"
    assert struct.unpack("<H", new_dir[at][1])[0] == struct.unpack("<H", old_dir[at][1])[0] + 1
    assert new_dir[at + 1:len(old_dir) - 1] == old_dir[at + 1:-1], "the original modules' records unchanged"
    added = dict(new_dir[len(old_dir) - 1:-1])
    assert added[0x0019] == MODULE_NAME.encode() and added[0x0047] == MODULE_NAME.encode("utf-16-le")
    assert added[0x0031] == bytes(4) and 0x0021 in added, "a standard module whose source starts at offset 0"
    assert new_dir[-1] == old_dir[-1] == (0x0010, b"")
    for name in module_names(old_dir, "cp1252"):
        assert after.openstream(f"VBA/{name}").read() == before.openstream(f"VBA/{name}").read(), name
    assert after.openstream("VBA/_VBA_PROJECT").read() == VBA_PROJECT_NO_CACHE
    old_text = before.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    new_text = after.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert sorted(new_text) == sorted([*old_text, f"Module={MODULE_NAME}", f"{MODULE_NAME}=0, 0, 0, 0, C"])
    assert new_text.index(f"Module={MODULE_NAME}") < new_text.index('Name="VBAProject"')
    wm = before.openstream("PROJECTwm").read()
    assert after.openstream("PROJECTwm").read() == (wm[:-2] + MODULE_NAME.encode() + b"\0"
                                                   + MODULE_NAME.encode("utf-16-le") + b"\0\0\0\0")


def test_add_module_refuses_what_it_cannot_add():
    data = _quickstart_bin()
    with pytest.raises(VbaProjectError, match="already has"):
        add_module(data, "module1", "Sub X()\r\nEnd Sub\r\n")
    with pytest.raises(VbaProjectError, match="code page"):
        add_module(data, "Other", "' 柴油\r\n")
    with pytest.raises(VbaProjectError, match="not a VBA project"):
        add_module(write_tree(Node("Root Entry", children=[Node("x", data=b"1")])), "M", "")


def test_fill_keeps_the_module_in_an_xlsm_template(xlsm, tmp_path, demo_record):
    from workbook_templates.api import fill

    out = fill(demo_record("wannan-limestone_2024"), tmp_path / "w.xlsm", template=xlsm)
    assert _project(out) == _project(xlsm)


@pytest.mark.slow
def test_libreoffice_opens_the_xlsm_and_imports_our_module_as_basic(xlsm, tmp_path):
    ods = convert([xlsm], tmp_path / "lo", "ods")[0]
    with zipfile.ZipFile(ods) as z:
        names = set(z.namelist())
        module = ElementTree.fromstring(z.read(f"Basic/VBAProject/{MODULE_NAME}.xml"))
    assert {f"Basic/VBAProject/{n}.xml" for n in ("ThisWorkbook", "Sheet1", "Sheet2")} <= names
    assert f"Basic/VBAProject/{SAMPLE_MODULE}.xml" not in names
    lines = module.text.splitlines()
    assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
    source = [line for line in vba_wrapper().split("\r\n") if not line.startswith("Attribute ")]
    assert lines[2:] == source
