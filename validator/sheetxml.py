"""The XML of a worksheet, its shared strings and its number formats, read with expat.

Entities, DTDs and external references are refused as defusedxml refuses them (and
`validator.container` has refused any DOCTYPE before). `Sheet` and `Cell` offer the part of
openpyxl's worksheet interface the validator uses; values are converted as openpyxl converts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.parsers import expat

from defusedxml.ElementTree import fromstring as defused_fromstring
from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

from validator.cached import typed_value
from validator.container import NS_MAIN

_NS = NS_MAIN[1:-1]
_SEP = "}"
_C, _V, _F, _IS, _T, _ROW, _RPH = (f"{_NS}{_SEP}{t}" for t in ("c", "v", "f", "is", "t", "row", "rPh"))
_PROTECTION = f"{_NS}{_SEP}sheetProtection"


_DIGITS = "0123456789"


@cache
def _column(letters: str) -> int:
    return column_index_from_string(letters)


def split_coord(coord: str) -> tuple[int, int]:
    """'C12' -> (12, 3), faster than openpyxl's regex (called for every cell)."""
    letters = coord.rstrip(_DIGITS)
    return int(coord[len(letters):]), _column(letters.upper())


class _Forbidden(Exception):
    pass


def _forbid(*_args):
    raise _Forbidden("entity or DTD declaration")


def _parser():
    """An expat parser with namespaces, refusing DTDs, entities and external references."""
    p = expat.ParserCreate(namespace_separator=_SEP)
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _forbid
    p.EntityDeclHandler = _forbid
    p.UnparsedEntityDeclHandler = _forbid
    p.ExternalEntityRefHandler = _forbid
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


class Cell:
    __slots__ = ("_coord", "column", "data_type", "parent", "row", "value")

    def __init__(self, parent, row: int, column: int, value=None, data_type: str = "n", coord: str | None = None):
        self.parent, self.row, self.column = parent, row, column
        self.value, self.data_type, self._coord = value, data_type, coord

    @property
    def coordinate(self) -> str:
        if self._coord is None:
            self._coord = f"{get_column_letter(self.column)}{self.row}"
        return self._coord


@dataclass
class Protection:
    sheet: bool = False


class Sheet:
    def __init__(self, title: str):
        self.title = title
        self._cells: dict[tuple[int, int], Cell] = {}
        self.protection = Protection()
        self.defined_names: dict[str, object] = {}  # sheet-scoped names (fastbook.DefinedName)
        self.cached: dict[str, object] = {}  # coord -> cached value of each formula cell

    def cell(self, row: int, column: int) -> Cell:
        """The cell at (row, column); an empty one (not stored) where the sheet has none."""
        return self._cells.get((row, column)) or Cell(self, row, column, None, "n")

    def __getitem__(self, coord: str) -> Cell:
        row, column = coordinate_to_tuple(coord)
        return self.cell(row, column)

    @property
    def max_row(self) -> int:
        return max((r for r, _c in self._cells), default=1)

    @property
    def max_column(self) -> int:
        return max((c for _r, c in self._cells), default=1)

    @property
    def dimensions(self) -> str:
        return f"A1:{get_column_letter(self.max_column)}{self.max_row}"


def _text_of(z, names, part: str) -> bytes | None:
    real = names.get(part)
    return z.read(real) if real else None


def shared_strings(z, names) -> list[str]:
    data = _text_of(z, names, "xl/sharedstrings.xml")
    if not data:
        return []
    out: list[str] = []
    buf: list[str] = []
    depth = {"t": 0, "rph": 0}
    si = f"{_NS}{_SEP}si"

    def start(name, _attrs):
        if name == _T:
            depth["t"] += 1
        elif name == _RPH:
            depth["rph"] += 1

    def end(name):
        if name == _T:
            depth["t"] -= 1
        elif name == _RPH:
            depth["rph"] -= 1
        elif name == si:
            out.append("".join(buf))
            buf.clear()

    def chars(text):
        if depth["t"] and not depth["rph"]:
            buf.append(text)

    p = _parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    p.Parse(data, True)
    return out


def date_styles(z, names) -> frozenset[int]:
    """Indexes of the cell formats (`s`) whose number format is a date, as openpyxl decides."""
    data = _text_of(z, names, "xl/styles.xml")
    if not data:
        return frozenset()
    root = defused_fromstring(data, forbid_dtd=True)
    custom = {int(n.get("numFmtId", "-1")): n.get("formatCode", "") for n in root.iter(f"{NS_MAIN}numFmt")}
    xfs = root.find(f"{NS_MAIN}cellXfs")
    out = set()
    for i, xf in enumerate(xfs.iter(f"{NS_MAIN}xf") if xfs is not None else ()):
        fid = int(xf.get("numFmtId", "0") or 0)
        code = custom.get(fid, BUILTIN_FORMATS.get(fid, ""))
        if code and is_date_format(code):
            out.add(i)
    return frozenset(out)


class SheetParser:
    """expat handlers for one worksheet part: cells, formulas, cached values, protection."""

    def __init__(self, ws: Sheet, strings: list[str], dates: frozenset[int], epoch):
        self.ws, self.strings, self.dates, self.epoch = ws, strings, dates, epoch
        self.row, self.col = 0, 0
        self.cell_attrs: dict | None = None
        self.formula_attrs: dict | None = None
        self.formula: list[str] = []
        self.v: list[str] | None = None
        self.inline: list[str] | None = None
        self.target: list[str] | None = None
        self.in_rph = 0
        self.shared: dict[str, Translator] = {}

    def parse(self, fh) -> None:
        p = _parser()
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = self.start, self.end, self.chars
        p.ParseFile(fh)

    def start(self, name, attrs):
        if name == _C:
            self.cell_attrs = attrs
            self.formula_attrs, self.v, self.inline = None, None, None
            self.formula = []
        elif self.cell_attrs is not None:
            if name == _V:
                self.v = []
                self.target = self.v
            elif name == _F:
                self.formula_attrs = attrs
                self.target = self.formula
            elif name == _IS:
                self.inline = []
            elif name == _T and self.inline is not None and not self.in_rph:
                self.target = self.inline
            elif name == _RPH:
                self.in_rph += 1
        elif name == _ROW:
            r = attrs.get("r")
            self.row = int(r) if r else self.row + 1
            self.col = 0
        elif name == _PROTECTION:
            self.ws.protection.sheet = attrs.get("sheet") in ("1", "true")

    def chars(self, text):
        if self.target is not None:
            self.target.append(text)

    def end(self, name):
        if name == _C:
            self._cell()
            self.cell_attrs = None
        elif name in (_V, _F, _T):
            self.target = None
        elif name == _RPH:
            self.in_rph -= 1

    def _cell(self) -> None:
        a = self.cell_attrs
        coord = a.get("r")
        if coord:
            try:
                row, col = split_coord(coord)
            except ValueError:  # not a plain A1 reference: let openpyxl say why
                row, col = coordinate_to_tuple(coord)
            self.row, self.col = row, col
        else:
            self.col += 1
            row, col = self.row or 1, self.col
            coord = f"{get_column_letter(col)}{row}"
        t = a.get("t", "n")
        text = "".join(self.v) if self.v else None  # <v/> and <v></v> hold no value
        if self.formula_attrs is not None:
            value = self._formula(coord)
            self.ws.cached[coord] = self._cached(t, text)
            self.ws._cells[(row, col)] = Cell(self.ws, row, col, value, "f", coord)
            return
        value, data_type = self._value(t, text, a.get("s"))
        if value is not None:
            self.ws._cells[(row, col)] = Cell(self.ws, row, col, value, data_type, coord)

    def _formula(self, coord: str) -> str:
        fa = self.formula_attrs
        value = "=" + "".join(self.formula)
        if fa.get("t") == "shared":
            idx = fa.get("si")
            if idx in self.shared:
                return self.shared[idx].translate_formula(coord)
            if value != "=":
                self.shared[idx] = Translator(value, coord)
        return value

    def _value(self, t: str, text: str | None, style: str | None):
        if t == "inlineStr":
            return ("".join(self.inline) if self.inline is not None else None), "s"
        if text is None:
            return None, "n"
        if t == "s":
            return self.strings[int(text)], "s"
        if t == "b":
            return bool(int(text)), "b"
        if t == "e":
            return text, "e"
        if t == "str":
            return text, "s"
        if t == "d":
            return from_ISO8601(text), "d"
        number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if style is not None and style.isdigit() and int(style) in self.dates:
            try:
                return from_excel(number, self.epoch), "d"
            except (ValueError, OverflowError):
                return number, "n"
        return number, "n"

    def _cached(self, t: str, text: str | None):
        """A formula's cached value, as `validator.cached` reads it."""
        if t == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        return typed_value(t, text)

