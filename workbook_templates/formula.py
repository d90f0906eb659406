"""Helpers that write native formulas (Excel 2010 / LibreOffice 7 / WPS functions only: no LET,
LAMBDA, XLOOKUP or dynamic arrays) and the figures object computed cells read from the core.

Formulas name single cells by their defined names and parameter tables by `P_*` names, so a
formula reads like `IF(heat_purchased="",0,...)`. Unit conversion goes through the unit table
of the parameters sheet: x [u] in [v] = x * factor(u) / factor(v).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from cnm.units import convert


def q(text: str) -> str:
    """A string literal."""
    return '"' + str(text).replace('"', '""') + '"'


def uf(unit_expr: str) -> str:
    """Factor of a unit (a cell or a literal) to the canonical unit of its kind."""
    return f"VLOOKUP({unit_expr},P_UNITS,3,FALSE)"


def ukind(unit_expr: str) -> str:
    return f"VLOOKUP({unit_expr},P_UNITS,2,FALSE)"


def conv(value: str, unit: str, target: str) -> str:
    """value [unit] expressed in the literal unit `target`."""
    return f"({value}*{uf(unit)}/{uf(q(target))})"


def conv0(value: str, unit: str, target: str) -> str:
    """Like conv, 0 when the value is blank."""
    return f"IF({value}=\"\",0,{conv(value, unit, target)})"


def num(cell: str, blank: str = "0") -> str:
    """The number in an input cell as `cnm extract` reads it, also when it holds text ('2000 pasted
    from a registry export): a number as it is; blank or spaces `blank`; text without its thousands
    commas and outer spaces through VALUE (text that is no number stays an error, as the reader
    refuses it). A plain reference passes such text on, and SUM skips it and comparisons put text
    above every number (Excel, LibreOffice, WPS alike); arithmetic (x*factor) converts it already."""
    return (f'IF(ISNUMBER({cell}),{cell},IF(TRIM({cell})="",{blank},'
            f'VALUE(TRIM(SUBSTITUTE({cell},",","")))))')


def lookup(key: str, table: str, column: str) -> str:
    """INDEX(P_<table>_<column>, MATCH(key, P_<table>_KEY, 0))."""
    return f"INDEX(P_{table}_{column},MATCH({key},P_{table}_KEY,0))"


def label_to_id(cell: str, choice: str) -> str:
    return f"INDEX(L_{choice}_ID,MATCH({cell},L_{choice},0))"


def blank_if(cond: str, expr: str) -> str:
    return f"IF({cond},\"\",{expr})"


#: the last argument of every methodology-dependent CNM_* call: the workbook's methodology hash, so the
#: add-in computes under the workbook's methodology or answers an error (and the native formula takes over)
METHOD_ARG = "P_METHOD_HASH"
#: the optional arguments of CNM_CO2E between `source` and `method` left blank
NO_OWN_FACTOR = ',"","","","",""'


def num_udf(call: str, native: str) -> str:
    """A UDF call with the native formula as fallback (#NAME? without the add-in, or error text)."""
    return f"IFERROR(VALUE({call}),{native})"


@dataclass
class Figures:
    """What computed cells read from the core for one record: the result and its lookups."""

    record: object  # cnm.record.Record
    result: object  # cnm.result.Result
    methodology: object
    lang: str = "zh"
    rows: dict[str, list[int | None]] = field(default_factory=dict)  # table id -> record index per row

    @cached_property
    def lines(self) -> dict[str, object]:
        return {ln.key: ln for ln in self.result.inventory.lines}

    @cached_property
    def energy(self) -> dict[str, object]:
        return {e.key: e for e in self.result.inventory.energy_lines}

    def tco2e(self, *keys: str, prefix: bool = False) -> float:
        """Sum of the lines with these keys (or key prefixes); 0 when none."""
        if prefix:
            return sum(ln.tco2e for k, ln in self.lines.items() if any(k.startswith(p) for p in keys))
        return sum(self.lines[k].tco2e for k in keys if k in self.lines)

    def tce(self, *keys: str, prefix: bool = False) -> float:
        if prefix:
            return sum(e.tce for k, e in self.energy.items() if any(k.startswith(p) for p in keys))
        return sum(self.energy[k].tce for k in keys if k in self.energy)

    def input(self, line_key: str, name: str, default=""):
        ln = self.lines.get(line_key)
        if ln is None:
            return default
        return next((i.value for i in ln.inputs if i.name == name), default)

    def finding(self, code: str, loc: str) -> bool:
        return any(f.code == code and f.loc == loc for f in self.result.findings)

    def indicator(self, iid: str):
        return next(i for i in self.result.indicators if i.id == iid)

    def amount(self, a, unit: str) -> float:
        return 0.0 if a is None else convert(a.value, a.unit, unit)

    def zh(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en


class Refs:
    """References for formulas: defined names of single cells, cells of table rows, ranges."""

    def __init__(self, layout, lang: str, methodology, udf: bool = False):
        self.layout, self.lang, self.m, self.udf = layout, lang, methodology, udf

    def v(self, name: str) -> str:
        """A single input or computed cell by its defined name (checked)."""
        if name not in self.layout.by_name:
            raise KeyError(f"no cell named {name}")
        return name

    def c(self, key: str) -> str:
        if key not in self.layout.calcs:
            raise KeyError(f"no computed cell {key}")
        return f"calc.{key}"

    def _cell(self, table_id: str, key: str, row: int, part: str = "value"):
        return self.layout.placed(table_id, key).rows[row][part]

    def at(self, table_id: str, key: str, row: int, part: str = "value") -> str:
        """A cell of a table row (same sheet, column absolute)."""
        cell = self._cell(table_id, key, row, part)
        return f"${cell.col}{cell.row}"

    def col(self, table_id: str, key: str, part: str = "value") -> str:
        """A whole table column, sheet-qualified and absolute."""
        p = self.layout.placed(table_id, key)
        first, last = p.rows[0][part], p.rows[-1][part]
        return f"{self.sheet_ref(p.sheet)}!${first.col}${first.row}:${last.col}${last.row}"

    def above(self, table_id: str, key: str, row: int, part: str = "value") -> str:
        """The cells of a column above `row` (row > 0)."""
        p = self.layout.placed(table_id, key)
        first, prev = p.rows[0][part], p.rows[row - 1][part]
        return f"${first.col}${first.row}:${prev.col}${prev.row}"

    def span(self, table_id: str, key: str, first: int, last: int, part: str = "value") -> str:
        p = self.layout.placed(table_id, key)
        a, b = p.rows[first][part], p.rows[last][part]
        return f"{self.sheet_ref(p.sheet)}!${a.col}${a.row}:${b.col}${b.row}"

    def rowkey(self, table_id: str, row: int) -> str:
        return self.layout.block(table_id).block.keys[row]

    def sheet_ref(self, sheet) -> str:
        title = sheet.zh if self.lang == "zh" else sheet.en
        return "'" + title.replace("'", "''") + "'"

    def lbl(self, zh: str, en: str) -> str:
        return q(zh if self.lang == "zh" else en)

    def choice_label(self, choice: str, value: str) -> str:
        """The label of a choice value in this workbook's language (a lookup, not a literal)."""
        return f"INDEX(L_{choice},MATCH({q(value)},L_{choice}_ID,0))"
