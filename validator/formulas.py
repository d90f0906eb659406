"""Formulas that reach outside the workbook: DDE calls, external workbook references and functions
that run code or fetch from the network. Reported, never evaluated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from cnm.findings import Finding
from validator.codes import make

_STRING = re.compile(r'"(?:[^"]|"")*"')
#: =service|topic!item, e.g. =cmd|' /C calc'!A0 or =MSEXCEL|'\..\cmd.exe'!''
_DDE = re.compile(r"(?<![\w.\]])([A-Za-z_][\w.]*)\s*\|\s*('(?:[^']|'')*'|[\w.]+)\s*!")
#: [1]Sheet!A1 or '[1]Sheet'!A1 or 'C:\path\[book.xlsx]Sheet'!A1
_EXTERNAL = re.compile(r"\[(\d+|[^\]]+\.xl\w*)\]")
_CALLS = re.compile(r"(?<![\w.])(CALL|REGISTER|REGISTER\.ID|EXEC|RTD|WEBSERVICE|_xlfn\.WEBSERVICE|FOPEN|FWRITE|FWRITELN)"
                    r"\s*\(", re.IGNORECASE)
_RUNS_CODE = {"CALL", "REGISTER", "REGISTER.ID", "EXEC", "RTD", "FOPEN", "FWRITE", "FWRITELN"}


_CALL_WORDS = ("CALL", "REGISTER", "EXEC", "RTD", "WEBSERVICE", "FOPEN", "FWRITE")


def formula_findings(text: str, loc: str, file: str) -> list[Finding]:
    """Findings for one formula (text with or without the leading '=')."""
    upper = text.upper()
    pipe, bracket = "|" in text, "[" in text
    calls = any(w in upper for w in _CALL_WORDS)
    if not (pipe or bracket or calls):  # the common case: nothing that reaches outside
        return []
    bare = _STRING.sub('""', text)
    out = []
    m = _DDE.search(bare) if pipe else None
    if m:
        out.append(make("dde-link", loc, file, what=text[:120]))
    for call in _CALLS.finditer(bare) if calls else ():
        name = call.group(1).upper().removeprefix("_XLFN.")
        if name in _RUNS_CODE:
            out.append(make("dde-link", loc, file, what=f"{name}()"))
        else:
            out.append(make("external-link", loc, file, target=f"{name}()"))
    ext = _EXTERNAL.search(bare) if bracket else None
    if ext and not m:
        out.append(make("external-link", loc, file, target=ext.group(0)))
    return out


def workbook_formulas(wb) -> Iterator[tuple[str, str]]:
    """(location, formula text) of every formula cell and defined name of an openpyxl workbook
    loaded with data_only=False."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():  # sparse: only the cells that exist
            if cell.data_type == "f":
                value = cell.value
                text = value if isinstance(value, str) else getattr(value, "text", "") or ""
                yield f"{ws.title}!{cell.coordinate}", text
    for name, defined in _defined_names(wb):
        yield f"name:{name}", defined


def _defined_names(wb) -> Iterable[tuple[str, str]]:
    for name, dn in wb.defined_names.items():
        yield name, dn.attr_text or ""
    for ws in wb.worksheets:
        for name, dn in ws.defined_names.items():
            yield f"{ws.title}!{name}", dn.attr_text or ""


def scan_formulas(wb, file: str) -> list[Finding]:
    """DDE, code-running calls and external references anywhere in the workbook."""
    out: list[Finding] = []
    for loc, text in workbook_formulas(wb):
        out += formula_findings(text, loc, file)
    return out
