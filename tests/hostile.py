"""Make malformed and hostile workbooks from a good one: each a copy with one defect.

Used by the validator's tests (the defect corpus, the safe-opening tests). Everything is made
here at test time from real workbooks; no hostile binary is stored in the repo.
"""

from __future__ import annotations

import io
import zipfile

import msoffcrypto.format.ooxml
import openpyxl
import xlwt

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                    b'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
LAUGHS_DTD = BILLION_LAUGHS.split(b"?>", 1)[1].split(b"]>", 1)[0] + b"]>"
XXE_SHEET_PREFIX = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def with_dtd(xml: bytes, dtd: bytes = LAUGHS_DTD, padding: int = 0, use: bytes = b"&lol9;") -> bytes:
    """An XML part with a DTD (by default the billion laughs) before its root element, optionally
    pushed down by a comment of `padding` bytes; the first <t> or <v> text becomes `use`."""
    import re

    body = xml.split(b"?>", 1)[1] if xml.lstrip().startswith(b"<?xml") else xml
    body = re.sub(rb"<(t|v)>[^<]*</\1>", lambda m: b"<%s>%s</%s>" % (m.group(1), use, m.group(1)), body, count=1)
    pad = b"<!--" + b"x" * padding + b"-->\n" if padding else b""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + pad + dtd + b"\n" + body


def rewrite(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
            remove: set[str] | frozenset[str] = frozenset(), compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of a zip package with members replaced, added or removed."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            if info.filename in remove:
                continue
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, body in add.items():
            dst.writestr(name, body)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def sheet_part(data: bytes, index: int = 0) -> str:
    """The part name of the index-th worksheet (from the workbook's relationships)."""
    names = sorted(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                   if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
    return sorted(names, key=lambda n: int("".join(ch for ch in n if ch.isdigit()) or 0))[index]


def simple_workbook(cells: dict[str, object] | None = None) -> bytes:
    """A small plain workbook (not our template) with the given cells on its first sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for ref, value in (cells or {"A1": "name", "B1": 1.5, "C1": "=B1*2"}).items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def encrypted(data: bytes, password: str = "secret") -> bytes:
    """The workbook with an open password (an OLE container: EncryptionInfo + EncryptedPackage)."""
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def legacy_xls() -> bytes:
    """A genuine Excel 97-2003 (.xls, BIFF8 in OLE) workbook."""
    wb = xlwt.Workbook()
    wb.add_sheet("基本信息").write(0, 0, "矿山名称")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fake_xlsb() -> bytes:
    """A package shaped like an Excel binary workbook (.xlsb)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01")
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return out.getvalue()


def ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def zip_bomb_member(size: int) -> bytes:
    """`size` zero bytes: deflates about 1000:1."""
    return b"\0" * size


def with_dimension(sheet_xml: bytes, ref: str) -> bytes:
    """Replace (or insert) the sheet's <dimension ref=...>."""
    import re

    if b"<dimension" in sheet_xml:
        return re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % ref.encode(), sheet_xml, count=1)
    return sheet_xml.replace(b"<sheetViews>", b'<dimension ref="%s"/><sheetViews>' % ref.encode(), 1)


EXTERNAL_LINK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                      b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                      b'officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/secret/other.xlsx" '
                      b'TargetMode="External"/></Relationships>')
EXTERNAL_BOOK = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
                 b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                 b'<externalBook r:id="rId1"/></externalLink>')
DDE_LINK = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc.exe"/></externalLink>')


WEB_QUERY_CONNECTIONS = (b'<?xml version="1.0" encoding="UTF-8"?><connections xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main"><connection id="1" name="prices" type="4" refreshOnLoad="1">'
                         b'<webPr url="http://example.invalid/prices.html"/></connection><connection id="2" name="erp" '
                         b'type="1"><dbPr connection="DSN=erp;UID=sa"/></connection></connections>')
#: Power Query keeps its queries in a customXml item, UTF-16 encoded
DATA_MASHUP = '<?xml version="1.0" encoding="utf-16"?><DataMashup xmlns="http://schemas.microsoft.com/DataMashup">AAAA</DataMashup>'.encode("utf-16")


def with_external_link(data: bytes, body: bytes, rels: bytes | None = None) -> bytes:
    """Add an external link part and register it in the workbook's relationships."""
    wb_rels = member(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>')
    add = {"xl/externalLinks/externalLink1.xml": body}
    if rels:
        add["xl/externalLinks/_rels/externalLink1.xml.rels"] = rels
    return rewrite(data, replace={"xl/_rels/workbook.xml.rels": wb_rels}, add=add)


# ---- edits of a real template workbook at the XML level (fast; no workbook library involved) ----

_CELL_RE = r'<c r="{ref}"(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</c>)'


def sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet title -> part name, read the way the validator reads them."""
    from validator.container import inspect_package
    from validator.limits import DEFAULT_LIMITS

    return inspect_package(data, "", DEFAULT_LIMITS).sheets


def edit_sheet(data: bytes, title: str, edit) -> bytes:
    """Apply `edit(xml text) -> xml text` to the sheet called `title`."""
    part = sheet_parts(data)[title]
    return rewrite(data, replace={part: edit(member(data, part).decode("utf-8")).encode("utf-8")})


def _cell_xml(ref: str, style: str, value=None, formula: str | None = None, cached=None) -> str:
    from xml.sax.saxutils import escape

    if formula is not None:
        v = "" if cached is None else f"<v>{cached}</v>"
        return f'<c r="{ref}"{style}><f>{escape(formula.lstrip("="))}</f>{v}</c>'
    if value is None:
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, bool):  # a logical value, as Excel writes TRUE
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{style} t="n"><v>{value}</v></c>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def set_cell(data: bytes, title: str, ref: str, value=None, *, formula: str | None = None, cached=None) -> bytes:
    """The workbook with one cell replaced (its style kept): a value, a formula or blank."""
    import re

    def edit(xml: str) -> str:
        pattern = re.compile(_CELL_RE.format(ref=ref), re.S)
        m = pattern.search(xml)
        assert m, f"{title}!{ref} not in the sheet"
        style = (re.search(r'\s+s="\d+"', m.group("attrs")) or re.match("", "")).group(0)
        return xml[:m.start()] + _cell_xml(ref, style, value, formula, cached) + xml[m.end():]

    return edit_sheet(data, title, edit)


def set_cached(data: bytes, title: str, ref: str, cached) -> bytes:
    """A formula cell with another cached value (its formula kept)."""
    import re

    def edit(xml: str) -> str:
        pattern = re.compile(_CELL_RE.format(ref=ref), re.S)
        m = pattern.search(xml)
        assert m and "<f>" in (m.group("body") or ""), f"{title}!{ref} is not a formula cell"
        body = re.sub(r"<v>.*?</v>|<v/>", "", m.group("body"), flags=re.S) + f"<v>{cached}</v>"
        attrs = re.sub(r'\s+t="[^"]*"', "", m.group("attrs"))
        return xml[:m.start()] + f'<c r="{ref}"{attrs}>{body}</c>' + xml[m.end():]

    return edit_sheet(data, title, edit)


def cell_text(data: bytes, title: str, ref: str) -> str:
    import re

    xml = member(data, sheet_parts(data)[title]).decode("utf-8")
    m = re.search(_CELL_RE.format(ref=ref), xml, re.S)
    return m.group(0) if m else ""


def shift_rows(data: bytes, title: str, at: int, n: int, like_excel: bool = False) -> bytes:
    """The sheet with `n` rows inserted before row `at` (n < 0: -n rows deleted from `at`), as
    openpyxl's insert_rows/delete_rows do it: every row and cell below moves, formula text and
    defined names stay as they are. `like_excel` (insertions only) also moves the sheet's cell
    references in its formulas and its defined names, as Excel and LibreOffice do."""
    import re

    def moved(m: re.Match) -> str:
        row = int(m.group(2))
        return f'{m.group(1)}{row + n}"' if row >= at else m.group(0)

    def ref(m: re.Match) -> str:  # a cell reference in a formula (not part of a name such as P_GWP_CH4)
        row = int(m.group(2))
        return f"{m.group(1)}{row + n if row >= at else row}"

    refs = re.compile(r"(?<![\w.$])(\$?[A-Z]{1,3}\$?)(\d+)(?![\w.(])")

    def edit(xml: str) -> str:
        head, rest = xml.split("<sheetData>", 1) if "<sheetData>" in xml else (xml, "")
        body, tail = rest.split("</sheetData>", 1) if rest else ("", "")
        if n < 0:  # the deleted rows go
            body = re.sub(r'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)',
                          lambda m: "" if at <= int(m.group(1)) < at - n else m.group(0), body, flags=re.S)
        body = re.sub(r'(<row r=")(\d+)"', moved, body)
        body = re.sub(r'(<c r="[A-Z]+)(\d+)"', moved, body)
        if like_excel:
            body = re.sub(r"(<f>)([^<]*)(</f>)", lambda m: m.group(1) + refs.sub(ref, m.group(2)) + m.group(3), body)
        return head + "<sheetData>" + body + "</sheetData>" + tail

    data = edit_sheet(data, title, edit)
    if like_excel:
        assert n > 0, "like_excel: insertions only"
        names = member(data, "xl/workbook.xml").decode("utf-8")

        def name(m: re.Match) -> str:
            target = m.group(2)
            if target.split("!")[0].strip("'") != title:
                return m.group(0)
            sheet, cells = target.split("!", 1)
            return m.group(1) + sheet + "!" + refs.sub(ref, cells) + m.group(3)

        names = re.sub(r"(<definedName [^>]*>)([^<]*)(</definedName>)", name, names)
        data = rewrite(data, replace={"xl/workbook.xml": names.encode("utf-8")})
    return data


def with_empty_last_row(data: bytes, title: str) -> bytes:
    """What LibreOffice writes after a row is deleted: an empty row 1,048,576 and a dimension to it."""
    import re

    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="([A-Z]+)\d+:([A-Z]+)\d+"\s*/>', r'<dimension ref="\g<1>1:\g<2>1048576"/>', xml, count=1)
        return xml.replace("</sheetData>", '<row r="1048576" customFormat="false" ht="12.8" hidden="false" '
                                           'customHeight="false" outlineLevel="0" collapsed="false"></row></sheetData>')

    return edit_sheet(data, title, edit)
