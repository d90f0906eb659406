"""Open an untrusted workbook safely: read-only, sniffed, inspected, parsed through defusedxml.

The file is read once, read-only, into memory; nothing is ever written to it and no library gets
its path. Its content decides what it is (a renamed PDF, an .xls, an encrypted file...), not its
name. Macros are never run (openpyxl does not run them; keep_vba is off), external links are not
loaded (keep_links off).
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.xml import functions as _oxml

from cnm.findings import Finding
from validator.codes import make
from validator.container import Package, Refused, check_extent, inspect_package
from validator.limits import DEFAULT_LIMITS, Limits, human_bytes
from validator.sniff import Kind, sniff

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_REFUSED_KINDS = {"xls": "file-legacy-xls", "xlsb": "file-xlsb", "encrypted": "file-encrypted", "empty": "file-empty"}


class UnsafeParser(RuntimeError):
    """openpyxl would parse XML without defusedxml: the validator refuses to run."""


def assert_defused() -> None:
    """openpyxl must parse through defusedxml (it does when defusedxml is installed and
    OPENPYXL_DEFUSEDXML is not 'False'); otherwise no workbook is opened at all."""
    iterparse_mod = getattr(_oxml.iterparse, "__module__", "")
    fromstring = getattr(_oxml.fromstring, "func", _oxml.fromstring)  # lxml's is a partial with a safe parser
    from_mod = getattr(fromstring, "__module__", "") or ""
    if not (openpyxl.DEFUSEDXML and iterparse_mod.startswith("defusedxml")
            and (from_mod.startswith("defusedxml") or from_mod.startswith("lxml"))):
        raise UnsafeParser("openpyxl is not using defusedxml (install defusedxml; unset OPENPYXL_DEFUSEDXML)")


assert_defused()


@dataclass
class Opened:
    """An untrusted file after the checks that need no workbook parser."""

    path: Path
    size: int = 0
    sha256: str = ""
    kind: Kind | None = None
    data: bytes = b""
    package: Package | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def loadable(self) -> bool:
        return self.package is not None


def read_untrusted(path: Path, limits: Limits) -> tuple[bytes, int]:
    """The file's bytes (opened read-only, size checked before reading)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limits.max_file_bytes:
            return b"", size
        data = fh.read(limits.max_file_bytes + 1)
    return data, len(data)


def open_untrusted(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Opened:
    """Read and inspect a file; `Opened.findings` says what is wrong, `loadable` whether to go on."""
    p = Path(path)
    out = Opened(path=p)
    file = str(p)
    try:
        data, size = read_untrusted(p, limits)
    except OSError as exc:
        out.findings.append(make("file-unreadable", "", file, reason=exc.strerror or type(exc).__name__))
        return out
    out.size = size
    if size > limits.max_file_bytes or len(data) > limits.max_file_bytes:
        out.findings.append(make("file-too-large", "", file, size=human_bytes(size), limit=human_bytes(limits.max_file_bytes)))
        return out
    out.sha256 = hashlib.sha256(data).hexdigest()
    out.kind = kind = sniff(data)
    if kind.id in _REFUSED_KINDS:
        out.findings.append(make(_REFUSED_KINDS[kind.id], "", file))
        return out
    if kind.id not in ("xlsx", "xlsm"):
        out.findings.append(make("file-not-workbook", "", file, kind_zh=kind.zh, kind_en=kind.en))
        return out
    suffix = p.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES or (suffix == ".xlsx" and kind.id == "xlsm"):
        out.findings.append(make("file-extension", "", file, suffix=p.suffix or "—", kind_en=kind.en))
    try:
        out.package = inspect_package(data, file, limits)
    except Refused as exc:
        out.findings.append(exc.finding)
        return out
    out.findings += out.package.findings
    out.data = data
    return out


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:160]


def _defused_cause(exc: BaseException) -> BaseException | None:
    """The defusedxml refusal that openpyxl may have wrapped in another exception."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def load_workbook(opened: Opened, limits: Limits = DEFAULT_LIMITS, *, data_only: bool = False,
                  read_only: bool = False) -> openpyxl.Workbook:
    """Parse an inspected package with openpyxl (defusedxml, no macros, no external links).

    Raises Refused with a finding for XML that declares entities, a damaged part, or a sheet
    whose real extent is beyond the limits."""
    file = str(opened.path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(opened.data), read_only=read_only, data_only=data_only,
                                        keep_vba=False, keep_links=False, rich_text=False)
    except DefusedXmlException as exc:
        raise Refused(make("xml-forbidden", "", file, part="?", what=type(exc).__name__)) from None
    except MemoryError:
        raise Refused(make("zip-bomb", "", file, what="out of memory while parsing")) from None
    except Exception as exc:  # any parse failure of a damaged or hand-made package
        defused = _defused_cause(exc)
        if defused is not None:
            raise Refused(make("xml-forbidden", "", file, part="?", what=type(defused).__name__)) from None
        raise Refused(make("file-corrupt", "", file, reason=f"{type(exc).__name__}: {_first_line(exc)}")) from None
    if not read_only:
        for ws in wb.worksheets:
            if ws.max_row > limits.max_rows or ws.max_column > limits.max_columns:
                check_extent(ws.title, ws.dimensions, file, limits)
    return wb
