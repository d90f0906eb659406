"""One pass over an inspected package: every cell's value or formula *and* each formula's cached value.

openpyxl gives a cell's formula or its cached value, never both from one load, and its full load
also builds styles, data validations and comments the validator never reads (the load alone was
1.2x a read-only load). This reader makes one expat pass per sheet (entities and DTDs refused, as
defusedxml does; `validator.container` already refused any DOCTYPE) and offers the small part of
openpyxl's workbook interface the checks use: `wb.sheetnames`, `wb[title]`, `wb.worksheets`,
`wb.defined_names`, `ws.cell(r, c)`, `ws[coord]`, `ws._cells`, `ws.protection.sheet`,
`ws.defined_names`, `cell.value / data_type / coordinate / parent`. Values are converted as
openpyxl converts them (numbers, shared and inline strings, booleans, errors, dates by their
number format, shared formulas translated from their master cell), so a check reads the same
whether the workbook came from here or from openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml.ElementTree import fromstring as defused_fromstring
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from validator.codes import make
from validator.container import NS_MAIN, Refused, check_extent
from validator.sheetxml import Cell, Sheet, SheetParser, _Forbidden, date_styles, shared_strings, split_coord

__all__ = ["Book", "Cell", "DefinedName", "Sheet", "SheetParser", "_Forbidden", "load_book", "split_coord"]

_SIMPLE_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!:\s]+))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$")


@dataclass
class DefinedName:
    name: str
    attr_text: str
    localSheetId: int | None = None

    @property
    def destinations(self):
        """(sheet title, range) pairs, as openpyxl's `DefinedName.destinations`."""
        m = _SIMPLE_REF.match(self.attr_text.strip())
        if m:
            title = (m.group(1) or "").replace("''", "'") or m.group(2)
            yield title, m.group(3)
            return
        from openpyxl.workbook.defined_name import DefinedName as Full

        yield from Full(name=self.name, attr_text=self.attr_text).destinations


@dataclass
class CustomProp:
    name: str
    value: object


@dataclass
class Book:
    sheets: dict[str, Sheet] = field(default_factory=dict)
    defined_names: dict[str, DefinedName] = field(default_factory=dict)
    custom_doc_props: list[CustomProp] = field(default_factory=list)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    @property
    def worksheets(self) -> list[Sheet]:
        return list(self.sheets.values())

    def __getitem__(self, title: str) -> Sheet:
        return self.sheets[title]

    @property
    def cached(self) -> dict[str, dict[str, object]]:
        """{sheet title: {coord: cached value}} of every formula cell (None: never calculated)."""
        return {title: ws.cached for title, ws in self.sheets.items()}


def load_book(opened, limits) -> Book:
    """Read an inspected package (`safe_open.Opened`) in one pass; Refused for a damaged or
    forbidden part, or a sheet whose real extent is beyond the limits."""
    file = str(opened.path)
    try:
        with zipfile.ZipFile(io.BytesIO(opened.data)) as z:
            return _load(z, opened.package, file, limits)
    except Refused:
        raise
    except _Forbidden:
        raise Refused(make("xml-forbidden", "", file, part="?", what="entity/DTD")) from None
    except MemoryError:
        raise Refused(make("zip-bomb", "", file, what="out of memory while parsing")) from None
    except Exception as exc:  # malformed XML, a damaged member, a hand-made cell reference ...
        raise Refused(make("file-corrupt", "", file, reason=f"{type(exc).__name__}: {str(exc)[:120]}")) from None


def _load(z: zipfile.ZipFile, package, file: str, limits) -> Book:
    names = {n.lower(): n for n in z.NameToInfo}
    root = defused_fromstring(z.read(names["xl/workbook.xml"]), forbid_dtd=True)
    pr = root.find(f"{NS_MAIN}workbookPr")
    epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
    strings = shared_strings(z, names)
    dates = date_styles(z, names)
    book = Book()
    for title, part in package.sheets.items():
        real = names.get(part.lower())
        if real is None:
            raise Refused(make("file-corrupt", "", file, reason=f"{part} is missing"))
        ws = Sheet(title)
        with z.open(real) as fh:
            SheetParser(ws, strings, dates, epoch).parse(fh)
        if ws._cells and (ws.max_row > limits.max_rows or ws.max_column > limits.max_columns):
            check_extent(title, ws.dimensions, file, limits)
        book.sheets[title] = ws
    titles = list(book.sheets)
    for dn in root.iter(f"{NS_MAIN}definedName"):
        name = DefinedName(dn.get("name") or "", dn.text or "", None)
        local = dn.get("localSheetId")
        if local is not None and local.isdigit() and int(local) < len(titles):
            name.localSheetId = int(local)
            if not name.name.startswith("_xlnm."):  # print areas and titles: not names (as openpyxl)
                book.sheets[titles[int(local)]].defined_names[name.name] = name
        else:
            book.defined_names[name.name] = name
    if "docprops/custom.xml" in names:
        book.custom_doc_props = _custom_props(z.read(names["docprops/custom.xml"]))
    return book


def _custom_props(data: bytes) -> list[CustomProp]:
    root = defused_fromstring(data, forbid_dtd=True)
    out = []
    for prop in root:
        if prop.tag.endswith("property"):
            value = next((child.text for child in prop), None)
            out.append(CustomProp(prop.get("name") or "", value))
    return out


