"""Record paths to workbook cells, through the template's layout spec (workbook_templates).

The layout names every input cell by its record path (`electricity.purchased.unit`, a table
column `offsets.serial_start`, a keyed row `qualitative.I08.evidence`); a path with a list index
(`offsets[2].serial_start`) is that column's cell in the table's third row. No cell address is
written here: they all come from `workbook_templates.resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_templates.resolve import Layout, resolve

_INDEX = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Place:
    sheet_id: str
    coord: str
    name: str


def _candidates(name: str):
    yield name
    yield f"{name}.value"


def place_of(path: str, layout: Layout | None = None) -> Place | None:
    """The cell of a record path (`fuels[1].unit`, `mine.category`, `production.output`), or None."""
    lay = layout or resolve()
    cache = lay.__dict__.setdefault("_validator_places", {})
    if path not in cache:
        cache[path] = _place(path, lay)
    return cache[path]


def _place(path: str, lay: Layout) -> Place | None:
    m = _INDEX.search(path)
    row = int(m.group(1)) if m else None
    name = _INDEX.sub("", path, count=1) if m else path
    name = _INDEX.sub("", name)  # a nested index (own_factor lists) has no cell of its own
    while name:
        for cand in _candidates(name):
            p = lay.by_name.get(cand)
            if p is None:
                continue
            part = next((k for k, v in p.names.items() if v == cand), None)
            if row is not None and p.rows and part:
                if row < len(p.rows):
                    cell = p.rows[row][part]
                    return Place(cell.sheet, cell.coord, cand)
                return None
            if part and part in p.cells:
                cell = p.cells[part]
                return Place(cell.sheet, cell.coord, cand)
            for cells in p.rows:  # a keyed table: the name is on the row's cell
                for cell in cells.values():
                    if cell.name == cand:
                        return Place(cell.sheet, cell.coord, cand)
        if "." not in name:
            break
        name = name.rsplit(".", 1)[0]  # a field the layout does not place: its parent's cell
    return _row_start(lay, path, row)


def _row_start(lay: Layout, path: str, row: int | None) -> Place | None:
    """`fuels[0]` (a whole list item): the first input cell of that table row."""
    if row is None:
        return None
    table_path = _INDEX.split(path, maxsplit=1)[0]
    for bp in lay.blocks:
        if getattr(bp.block, "path", None) == table_path and row < bp.block.size:
            for p in bp.items:
                if p.names and p.rows:
                    cell = next(iter(p.rows[row].values()))
                    return Place(cell.sheet, cell.coord, table_path)
    return None


class Locator:
    """Turns record paths into 'sheet!cell' for one workbook (its sheets are in zh or en)."""

    def __init__(self, sheet_titles: dict[str, str], layout: Layout | None = None,
                 rows: dict[str, list[int | None]] | None = None):
        self.titles = sheet_titles  # sheet id -> title in this workbook
        self.layout = layout or resolve()
        self.rows = rows or {}  # table id -> record index per table row (blank rows are skipped)
        self._tables = {getattr(bp.block, "path", ""): bp.block.id for bp in self.layout.blocks}

    def table_path(self, path: str) -> str:
        """A record path with its list index turned into the table row it was read from."""
        m = _INDEX.search(path)
        if not m:
            return path
        table = self._tables.get(path[:m.start()])
        index = self.rows.get(table or "")
        record_index = int(m.group(1))
        if index and record_index in index:
            return f"{path[:m.start()]}[{index.index(record_index)}]{path[m.end():]}"
        return path

    @classmethod
    def for_sheetnames(cls, names: list[str], layout: Layout | None = None, rows=None) -> Locator:
        lay = layout or resolve()
        present = set(names)
        titles = {s.id: (s.zh if s.zh in present or s.en not in present else s.en) for s in lay.sheets}
        return cls(titles, lay, rows)

    def label(self, path: str) -> tuple[str, str]:
        return label_of(self.table_path(path), self.layout)

    def cell(self, path: str) -> str:
        """'sheet!C12' for a record path; the path itself when the layout has no cell for it."""
        place = place_of(self.table_path(path), self.layout)
        if place is None:
            return path
        return f"{self.titles.get(place.sheet_id, place.sheet_id)}!{place.coord}"

    def cell_of(self, sheet_id: str, coord: str) -> str:
        return f"{self.titles.get(sheet_id, sheet_id)}!{coord}"


def cell_of(path: str) -> str | None:
    """'sheet!cell' in the Chinese template (used where no workbook is at hand)."""
    place = place_of(path)
    if place is None:
        return None
    return Locator.for_sheetnames([]).cell_of(place.sheet_id, place.coord)


def unit_choices(path: str, layout: Layout | None = None) -> tuple[str, ...]:
    """The units the template offers for the amount at a record path (its unit dropdown)."""
    from workbook_templates.choices import UNIT_LISTS

    lay = layout or resolve()
    name = _INDEX.sub("", path) + ".unit"
    p = lay.by_name.get(name)
    if p is None:
        return ()
    field = p.item
    if getattr(field, "type", "") == "amount" or getattr(field, "key", "") == "unit":
        return UNIT_LISTS.get(getattr(field, "units", None) or "", ())
    return ()


def label_of(path: str, layout: Layout | None = None) -> tuple[str, str]:
    """(zh, en) label of the input at a record path, with its table's name for a table cell."""
    lay = layout or resolve()
    place = place_of(path, lay)
    if place is None:
        return path, path
    p = lay.by_name[place.name]
    item, block = p.item, p.block
    zh, en = getattr(item, "zh", path), getattr(item, "en", path)
    m = _INDEX.search(path)
    if m:
        n = int(m.group(1)) + 1
        return f"{block.zh}第 {n} 行{zh}", f"{en} in row {n} of {block.en}"
    return zh, en
