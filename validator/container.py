"""Inspect an OOXML package before any workbook library parses it.

Checks the zip directory against the limits (member count, uncompressed size, compression ratio:
Python's zipfile never inflates a member past its declared size, so the declared sizes bound the
work), refuses XML parts that declare a DTD or entities, reports macros (never run), external
links and DDE links, and reads each sheet's declared dimension. Small XML parts are parsed with
defusedxml (DTDs forbidden); the rest are parsed later by openpyxl, which uses defusedxml too.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from openpyxl.utils.cell import range_boundaries

from cnm.findings import Finding
from validator.codes import make
from validator.limits import Limits, human_bytes

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)\"")
#: the custom document property that marks a findings report written by `cnm validate --report`
#: (validator.report): such a file in an inbox is skipped, never validated as a submission
REPORT_MARKER = "cnm-findings-report"
NS_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_MACRO_PARTS = (("vbaproject.bin", "VBA"), ("xl/macrosheets/", "Excel 4.0 XLM"), ("xl/activex/", "ActiveX"),
                ("xl/embeddings/", "OLE objects"))


class Refused(Exception):
    """The package cannot be opened safely; `finding` says why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message_en)
        self.finding = finding


@dataclass
class Package:
    """What the package holds, learnt without parsing the sheets."""

    sheets: dict[str, str] = field(default_factory=dict)  # sheet name -> part path
    dimensions: dict[str, str] = field(default_factory=dict)  # sheet name -> declared ref
    has_macros: bool = False
    findings: list[Finding] = field(default_factory=list)
    #: a findings report of `cnm validate` (its marker, and no template marker): not a submission
    findings_report: bool = False


#: what reading a damaged zip member raises (a bad CRC, a broken deflate stream, a short file ...)
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, KeyError)


def inspect_package(data: bytes, file: str, limits: Limits) -> Package:
    """Check a zip package; raise Refused for what must not be opened, list the rest as findings."""
    try:
        return _inspect(data, file, limits)
    except ZIP_ERRORS as exc:
        raise Refused(make("file-corrupt", "", file, reason=f"zip: {type(exc).__name__}: {str(exc)[:120]}")) from None


def _inspect(data: bytes, file: str, limits: Limits) -> Package:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        _check_sizes(infos, file, limits)
        if any(i.flag_bits & 0x1 for i in infos):
            raise Refused(make("file-encrypted", "", file))
        pkg = Package()
        names = {i.filename.lower(): i.filename for i in infos}
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _refuse_doctype(z, info, file)
        found = sorted({what for name in names for part, what in _MACRO_PARTS if part in name})
        if found:
            pkg.has_macros = "VBA" in found or "Excel 4.0 XLM" in found
            pkg.findings.append(make("macros-present", _first_part(names, found), file, what=", ".join(found)))
        if "xl/workbook.xml" not in names:
            raise Refused(make("file-corrupt", "", file, reason="xl/workbook.xml is missing"))
        rels = _rels(z, "xl/workbook.xml", file)
        root = _parse(z, "xl/workbook.xml", file)
        for sheet in root.iter(f"{NS_MAIN}sheet"):
            target = rels.get(sheet.get(f"{NS_REL}id") or "", ("", ""))[1]
            if target:
                pkg.sheets[sheet.get("name") or ""] = target
        for _rid, (rtype, target) in rels.items():
            if rtype.endswith("/externalLink") and target.lower() in names:
                pkg.findings += _external_link(z, names[target.lower()], file)
        pkg.findings += _data_connections(z, names, file)
        pkg.findings_report = _is_findings_report(z, names, root, file)
        for name, part in pkg.sheets.items():
            real = names.get(part.lower())
            ref = _declared_dimension(z, real)
            if ref:
                pkg.dimensions[name] = ref
                if _could_hold(ref, z.getinfo(real).file_size):
                    check_extent(name, ref, file, limits)
    return pkg


#: the fewest bytes a row (or a column) with content takes in a sheet's XML (`<row><c><v>1</v></c></row>`)
_BYTES_PER_ROW = 16


def _could_hold(ref: str, size: int) -> bool:
    """Whether a sheet part of `size` bytes is large enough to hold the rows and columns its
    declared dimension spans. A smaller part declares more than it holds: LibreOffice declares
    A1:O1048576 after a row is deleted (it writes an empty last row). Such a sheet is not refused
    on its claim; its real extent, empty rows and cells left out, is measured in the one parse
    (validator.fastbook)."""
    try:
        _c1, _r1, c2, r2 = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    except (ValueError, TypeError):
        return False
    return size >= _BYTES_PER_ROW * max(r2 or 0, c2 or 0)


def check_extent(sheet: str, ref: str, file: str, limits: Limits) -> None:
    """Refuse a sheet whose used range is beyond the row or column limit."""
    try:
        _c1, _r1, c2, r2 = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    except (ValueError, TypeError):
        return
    if (r2 or 0) > limits.max_rows or (c2 or 0) > limits.max_columns:
        raise Refused(make("sheet-too-large", f"{sheet}!{ref}", file, sheet=sheet, ref=ref,
                           rows=limits.max_rows, cols=limits.max_columns))


#: (element, attribute) naming where a connection's data comes from
_CONNECTION_SOURCES = (("webPr", "url"), ("dbPr", "connection"), ("textPr", "sourceFile"), ("olapPr", "connection"))


def _check_sizes(infos: list[zipfile.ZipInfo], file: str, limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise Refused(make("zip-bomb", "", file, what=f"{len(infos)} members > {limits.max_members}"))
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise Refused(make("zip-bomb", "", file,
                           what=f"uncompressed {human_bytes(total)} > {human_bytes(limits.max_uncompressed_bytes)}"))
    for i in infos:
        if i.file_size > limits.ratio_floor_bytes and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise Refused(make("zip-bomb", i.filename, file, what=f"{i.filename} ratio {ratio:.0f}:1 > {limits.max_ratio:.0f}:1"))


def _prolog(fh, limit: int) -> bytes:
    """The XML prolog of a part (declaration, comments, processing instructions, a DOCTYPE):
    everything before the root element, however long the comments that pad it."""
    buf = b""
    pos = 0
    while True:
        if len(buf) - pos < 64:
            chunk = fh.read(65536)
            buf += chunk
            if not chunk and pos >= len(buf):
                return buf
        while pos < len(buf) and buf[pos:pos + 1] in b" \t\r\n\xef\xbb\xbf\x00\xfe\xff":
            pos += 1
        rest = buf[pos:]
        ends = {b"<?": b"?>", b"<!--": b"-->"}
        opener = next((o for o in ends if rest.startswith(o)), None)
        if opener is None:
            return buf[:max(pos + 64, 8192)]  # the root element (or a DOCTYPE) starts here
        end = buf.find(ends[opener], pos + len(opener))
        while end < 0:
            if len(buf) > limit:
                return buf
            chunk = fh.read(65536)
            if not chunk:
                return buf
            buf += chunk
            end = buf.find(ends[opener], pos + len(opener))
        pos = end + len(ends[opener])


def _refuse_doctype(z: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> None:
    """A DOCTYPE (and so any entity) can only stand in the prolog: refuse one found there,
    or in the first bytes (UTF-16 parts), before any parser sees the part."""
    with z.open(info) as fh:
        head = _prolog(fh, max(info.file_size, 8192))
    if _DOCTYPE.search(head) or any(m in head for m in _DOCTYPE_UTF16):
        raise Refused(make("xml-forbidden", info.filename, file, part=info.filename, what="DOCTYPE/ENTITY"))


def _parse(z: zipfile.ZipFile, part: str, file: str):
    try:
        return defused_fromstring(z.read(part), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise Refused(make("xml-forbidden", part, file, part=part, what=type(exc).__name__)) from None
    except Exception as exc:  # malformed XML, bad encoding, a damaged member
        raise Refused(make("file-corrupt", part, file, reason=f"{part}: {type(exc).__name__}")) from None


def _rels(z: zipfile.ZipFile, part: str, file: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target path or external URL) of a part."""
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    if rels_part not in z.NameToInfo:
        return {}
    out = {}
    for rel in _parse(z, rels_part, file).iter(f"{NS_PKG_REL}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") != "External":
            target = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", target)
    return out


def _external_link(z: zipfile.ZipFile, part: str, file: str) -> list[Finding]:
    root = _parse(z, part, file)
    rels = _rels(z, part, file)
    out = []
    for dde in root.iter(f"{NS_MAIN}ddeLink"):
        out.append(make("dde-link", part, file, what=f"{dde.get('ddeService', '')}|{dde.get('ddeTopic', '')}"))
    for tag in ("externalBook", "oleLink"):
        for el in root.iter(f"{NS_MAIN}{tag}"):
            target = rels.get(el.get(f"{NS_REL}id") or "", ("", "?"))[1]
            out.append(make("external-link", part, file, target=target[:200]))
    return out


def _data_connections(z: zipfile.ZipFile, names: dict[str, str], file: str) -> list[Finding]:
    """External data connections (web queries, ODBC/OLE DB, text imports), query tables and
    Power Query mashups: data that may be refreshed from elsewhere when the file opens."""
    out = []
    if "xl/connections.xml" in names:
        part = names["xl/connections.xml"]
        for c in _parse(z, part, file).iter(f"{NS_MAIN}connection"):
            source = next((el.get(attr) for tag, attr in _CONNECTION_SOURCES for el in c.iter(f"{NS_MAIN}{tag}")
                           if el.get(attr)), "")
            refresh = " (refreshOnLoad)" if c.get("refreshOnLoad") in ("1", "true") else ""
            out.append(make("external-link", part, file, target=f"{c.get('name', '?')}: {source}{refresh}"[:200]))
    for lower, real in sorted(names.items()):
        if lower.startswith("xl/querytables/") and lower.endswith(".xml"):
            out.append(make("external-link", real, file, target=f"query table {posixpath.basename(real)}"))
        elif lower.startswith("customxml/item") and lower.endswith(".xml") and "/" not in lower[len("customxml/"):]:
            with z.open(real) as fh:
                if b"DataMashup" in fh.read(4096).replace(b"\x00", b""):
                    out.append(make("external-link", real, file, target="Power Query (DataMashup)"))
    return out


def _is_findings_report(z: zipfile.ZipFile, names: dict[str, str], workbook, file: str) -> bool:
    """The package carries the findings report's marker (a custom document property) and neither
    of the template's markers (the `cnm.template` name, the `cnm-template` property)."""
    part = names.get("docprops/custom.xml")
    if part is None or z.getinfo(part).file_size > 65536:
        return False
    props = {p.get("name") for p in _parse(z, part, file).iter(f"{NS_CUSTOM}property")}
    template = any(dn.get("name") == "cnm.template" for dn in workbook.iter(f"{NS_MAIN}definedName"))
    return REPORT_MARKER in props and "cnm-template" not in props and not template


def _declared_dimension(z: zipfile.ZipFile, part: str | None) -> str | None:
    if not part:
        return None
    with z.open(part) as fh:
        head = fh.read(65536)
    m = _DIMENSION.search(head)
    return m.group(1).decode("ascii").upper() if m else None


def _first_part(names: dict[str, str], found: list[str]) -> str:
    for lower, real in sorted(names.items()):
        if any(part in lower for part, what in _MACRO_PARTS if what in found):
            return real
    return ""
