"""Places every item of the layout: sheet, cells and defined name (language independent).

Defined names are the record paths themselves: `electricity.purchased.value`,
`electricity.purchased.unit`, `mine.name_zh`; table columns are named by the list path and
field (`fuels.value` spans the column's rows); keyed rows by key (`qualitative.I08.level`);
computed cells `calc.<key>`. Readers (read_record, the validator) find cells by these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.utils import get_column_letter

from workbook_templates.spec import Calc, Cell, Field, Form, Sheet, Static, Table

FORM_COLUMNS = {"label": "A", "label2": "B", "value": "C", "unit": "D", "data_source": "E", "quality": "F"}
AMOUNT_PARTS = ("value", "unit", "data_source", "quality")
FIRST_ROW = 4


def parts(item) -> tuple[str, ...]:
    """The cells an item takes: an amount four, an amount_vu two, everything else one."""
    if isinstance(item, Field) and item.type == "amount":
        return AMOUNT_PARTS
    if isinstance(item, Field) and item.type == "amount_vu":
        return ("value", "unit")
    return ("value",)


def item_name(base: str, item, part: str) -> str:
    """Defined name (= record path) of one cell of an item."""
    if isinstance(item, Calc):
        return f"calc.{item.key}"
    path = f"{base}.{item.key}" if base else item.key
    if isinstance(item, Field) and item.type in ("amount", "amount_vu"):
        return f"{path}.{part}"
    return path


@dataclass
class Placed:
    """An item with its cells: `cells[part]` in a form, `rows[i][part]` in a table."""

    item: object
    block: Form | Table
    sheet: Sheet
    name: str = ""  # form: name of the value cell; table: the column's name (value part)
    names: dict[str, str] = field(default_factory=dict)  # part -> name
    cells: dict[str, Cell] = field(default_factory=dict)
    rows: list[dict[str, Cell]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # table: part -> column letter


@dataclass
class BlockPlace:
    block: Form | Table
    sheet: Sheet
    title_row: int
    header_row: int
    first_row: int
    last_row: int
    items: list[Placed] = field(default_factory=list)


@dataclass
class Layout:
    sheets: tuple[Sheet, ...]
    blocks: list[BlockPlace] = field(default_factory=list)
    by_name: dict[str, Placed] = field(default_factory=dict)
    calcs: dict[str, Placed] = field(default_factory=dict)
    widths: dict[str, dict[str, float]] = field(default_factory=dict)  # sheet id -> column -> width

    def block(self, block_id: str) -> BlockPlace:
        return next(b for b in self.blocks if b.block.id == block_id)

    def placed(self, block_id: str, key: str) -> Placed:
        bp = self.block(block_id)
        return next(p for p in bp.items if getattr(p.item, "key", None) == key)

    def inputs(self):
        """Every placed input field, in layout order."""
        for bp in self.blocks:
            for p in bp.items:
                if isinstance(p.item, Field):
                    yield bp, p


def _place_form(lay: Layout, sheet: Sheet, form: Form, row: int) -> int:
    bp = BlockPlace(form, sheet, row, row + 1, row + 2, row + 1 + len(form.items))
    for i, item in enumerate(form.items):
        r = row + 2 + i
        p = Placed(item, form, sheet)
        for part in parts(item):
            col = FORM_COLUMNS[part]
            name = item_name(form.base, item, part)
            p.cells[part] = Cell(sheet.id, col, r, name)
            p.names[part] = name
        p.name = p.names["value"]
        bp.items.append(p)
        lay.by_name.update({n: p for n in p.names.values()})
        if isinstance(item, Calc):
            lay.calcs[item.key] = p
    lay.blocks.append(bp)
    w = lay.widths.setdefault(sheet.id, {})
    for col, width in (("A", 34), ("B", 30), ("C", 16), ("D", 10), ("E", 22), ("F", 10)):
        w[col] = max(w.get(col, 0), width)
    return bp.last_row + 2


def _place_table(lay: Layout, sheet: Sheet, table: Table, row: int) -> int:
    n = table.size
    bp = BlockPlace(table, sheet, row, row + 1, row + 2, row + 1 + n)
    col = 2  # column A holds the row number or key
    w = lay.widths.setdefault(sheet.id, {})
    w["A"] = max(w.get("A", 0), 8 if not table.keys else 10)
    for item in table.columns:
        p = Placed(item, table, sheet)
        for part in parts(item):
            letter = get_column_letter(col)
            p.columns[part] = letter
            width = {"unit": 9, "quality": 10, "data_source": 18}.get(part, getattr(item, "width", 12))
            w[letter] = max(w.get(letter, 0), width)
            col += 1
        for i in range(n):
            cells = {}
            for part, letter in p.columns.items():
                name = ""
                if table.keys and isinstance(item, Calc):
                    name = f"calc.{item.key}.{table.keys[i]}"
                elif table.keys and not isinstance(item, Static):
                    name = item_name(f"{table.path}.{table.keys[i]}", item, part)
                cells[part] = Cell(sheet.id, letter, bp.first_row + i, name)
            p.rows.append(cells)
        if isinstance(item, Static):
            pass
        elif table.keys:
            for cells in p.rows:
                lay.by_name.update({c.name: p for c in cells.values()})
        else:
            for part in p.columns:
                p.names[part] = item_name(table.path, item, part)
            p.name = p.names.get("value", "")
            lay.by_name.update({nm: p for nm in p.names.values()})
        if isinstance(item, Calc):
            lay.calcs[item.key] = p
        bp.items.append(p)
    lay.blocks.append(bp)
    return bp.last_row + 2


@lru_cache(maxsize=2)
def resolve(sheets: tuple[Sheet, ...] | None = None) -> Layout:
    """The layout with every cell placed (the same for zh and en templates)."""
    if sheets is None:
        from workbook_templates.layout import SHEETS

        sheets = SHEETS
    lay = Layout(sheets)
    for sheet in sheets:
        row = FIRST_ROW
        for block in sheet.blocks:
            row = (_place_form if isinstance(block, Form) else _place_table)(lay, sheet, block, row)
    return lay
