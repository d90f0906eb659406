"""The vocabulary of the workbook layout: input fields, computed cells, blocks and sheets.

`layout.py` says with these what goes where; `resolve.py` turns it into cell addresses and
defined names; the builder, `fill`, `read_record` and `recalc` all walk the same resolved
layout, so reading a workbook back is the exact inverse of filling it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

FieldType = Literal["text", "int", "float", "percent", "date", "choice", "amount", "amount_vu",
                    "scopes", "csv", "lines", "yearmonth", "period", "half"]


@dataclass(frozen=True)
class Field:
    """One input: its record path (relative to the block), labels, type and validation.

    An `amount` takes four cells (value, unit, data source, quality); `amount_vu` two (value, unit).
    `units` names the unit list of an amount; `choice` the choice list of a `choice` field.
    """

    key: str
    zh: str
    en: str
    type: FieldType = "text"
    choice: str | None = None
    units: str | None = None
    min: float | None = None
    max: float | None = None
    unit: str = ""
    note_zh: str = ""
    note_en: str = ""
    width: float = 14


@dataclass(frozen=True)
class Calc:
    """A computed cell: its key, labels, display unit, native formula, UDF formula and core figure.

    `native(ctx, row)` and `udf(ctx, row)` return formula text without '='; `row` is the table
    row number (0-based) or None in a form. `figure(fig, index)` gives the core's value
    (index: the record's list index of the row, or None when the row is empty).
    """

    key: str
    zh: str
    en: str
    native: Callable[..., str]
    figure: Callable[..., Any]
    udf: Callable[..., str] | None = None
    unit: str = ""
    fmt: str = "#,##0.00"
    text: bool = False
    hidden: bool = False
    width: float = 14


@dataclass(frozen=True)
class Static:
    """A column of constants written by the builder (e.g. an indicator's name or weight)."""

    key: str
    zh: str
    en: str
    value: Callable[..., Any]  # value(methodology, key, lang)
    width: float = 14
    fmt: str = "General"


@dataclass(frozen=True)
class Form:
    """Rows of single fields (label | value | unit | data source | quality) and computed rows."""

    id: str
    zh: str
    en: str
    base: str  # record path prefix of the fields ("" for the record itself)
    items: tuple[Field | Calc, ...]
    optional: bool = False  # the sub-object is None when all its cells are blank


@dataclass(frozen=True)
class Table:
    """A list of the record (fuels, offsets ...) as a table of `rows` rows."""

    id: str
    zh: str
    en: str
    path: str  # record path of the list (or of the dict when `keys` is given)
    columns: tuple[Field | Calc | Static, ...]
    rows: int = 15
    keys: tuple[str, ...] = ()  # fixed rows of a dict (qualitative.I08 ...) or of the catalog

    @property
    def size(self) -> int:
        return len(self.keys) if self.keys else self.rows


@dataclass(frozen=True)
class Sheet:
    id: str
    zh: str
    en: str
    blocks: tuple[Form | Table, ...] = ()
    intro_zh: str = ""
    intro_en: str = ""
    tab_color: str = "1F4E79"


@dataclass(frozen=True)
class Choice:
    """A choice list: stored values (record ids) with their zh and en labels.

    `open` lists also accept other text (kept as typed), e.g. provinces.
    """

    name: str
    items: tuple[tuple[Any, str, str], ...]
    open: bool = False

    def label(self, value, lang: str) -> Any:
        for v, zh, en in self.items:
            if v == value:
                return zh if lang == "zh" else en
        return value

    def value(self, label) -> Any:
        text = label.strip() if isinstance(label, str) else label
        for v, zh, en in self.items:
            if text in (zh, en) or (isinstance(text, str) and isinstance(v, str) and text == v):
                return v
            if not isinstance(v, str) and text == v:
                return v
        if isinstance(text, str):
            low = text.casefold()
            for v, _zh, en in self.items:
                if low == str(en).casefold() or low == str(v).casefold():
                    return v
        if self.open:
            return text
        raise KeyError(label)


@dataclass
class Cell:
    """A resolved place: sheet id, column letter(s), row, defined name."""

    sheet: str
    col: str
    row: int
    name: str = ""

    @property
    def coord(self) -> str:
        return f"{self.col}{self.row}"


@dataclass
class Resolved:
    """Where one input or computed cell lives (a table column has one Cell per row)."""

    path: str  # record path (form) or "<list>[].<key>" (table column)
    item: Field | Calc
    block: Form | Table
    cells: dict[str, Cell] = field(default_factory=dict)  # part -> cell (form) / "value" etc.
    rows: list[dict[str, Cell]] = field(default_factory=list)  # table: per row part -> cell
