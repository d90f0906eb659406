"""What a file really is, from its first bytes and (for containers) its parts, never its name.

Office Open XML workbooks are zip packages; legacy .xls files and password-protected OOXML files
are both OLE compound documents (an encrypted .xlsx is an OLE container holding EncryptionInfo
and EncryptedPackage streams), told apart by their stream names with olefile.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass

import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


@dataclass(frozen=True)
class Kind:
    id: str
    zh: str
    en: str


KINDS = {k.id: k for k in (
    Kind("xlsx", "Excel 工作簿", "an Excel workbook"),
    Kind("xlsm", "启用宏的 Excel 工作簿", "a macro-enabled Excel workbook"),
    Kind("xlsb", "Excel 二进制工作簿", "an Excel binary workbook"),
    Kind("xls", "Excel 97-2003 工作簿", "an Excel 97-2003 workbook"),
    Kind("encrypted", "加密的 Office 文件", "an encrypted Office file"),
    Kind("empty", "空文件", "an empty file"),
    Kind("pdf", "PDF 文档", "a PDF document"),
    Kind("docx", "Word 文档", "a Word document"),
    Kind("pptx", "PowerPoint 演示文稿", "a PowerPoint presentation"),
    Kind("ods", "OpenDocument 电子表格 (.ods)", "an OpenDocument spreadsheet (.ods)"),
    Kind("ole", "其他 OLE 复合文档（如 .doc）", "another OLE compound document (such as .doc)"),
    Kind("zip", "普通 zip 压缩包", "a plain zip archive"),
    Kind("xml2003", "Excel 2003 XML 表格", "an Excel 2003 XML spreadsheet"),
    Kind("html", "网页 (HTML)", "a web page (HTML)"),
    Kind("text", "文本文件（如 CSV）", "a text file (such as CSV)"),
    Kind("image", "图片", "a picture"),
    Kind("unknown", "无法识别的内容", "content that is not recognised"),
)}

_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")


def sniff(data: bytes) -> Kind:
    """The kind of a file's content (`KINDS`), from its bytes alone."""
    head = data[:2048]
    if not data:
        return KINDS["empty"]
    if head.startswith(b"%PDF"):
        return KINDS["pdf"]
    if head.startswith(OLE_MAGIC):
        return KINDS[_ole_kind(data)]
    if head.startswith(ZIP_MAGICS):
        return KINDS[_zip_kind(data)]
    if head.startswith(_IMAGES):
        return KINDS["image"]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:65536].lower():
        return KINDS["xml2003"]
    if text.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in text[:512]:
        return KINDS["html"]
    if _looks_like_text(head):
        return KINDS["text"]
    return KINDS["unknown"]


def _ole_kind(data: bytes) -> str:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=True)}
    except Exception:  # a damaged OLE header: still not something we can read
        return "ole"
    if {"encryptioninfo", "encryptedpackage"} <= streams:
        return "encrypted"
    if "workbook" in streams or "book" in streams:
        return "xls"
    return "ole"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names and z.getinfo("mimetype").file_size < 200 else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return "xlsx"  # a damaged package: reported as corrupt by the container check
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return not any(b < 9 for b in head)
    return False
