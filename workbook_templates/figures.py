"""The core's figure for every computed cell of a workbook (what `cnm recalc` caches and what the
tests compare LibreOffice's native recalculation and the UDFs with)."""

from __future__ import annotations

from dataclasses import dataclass

from cnm.result import Result, assess
from workbook_templates.formula import Figures
from workbook_templates.resolve import Layout, resolve
from workbook_templates.spec import Calc, Form


@dataclass(frozen=True)
class CalcCell:
    key: str  # calc key (with the row key of keyed tables)
    sheet: str  # sheet id
    coord: str
    value: object  # float, int, str ("" for an empty row)
    text: bool


def calc_cells(record, rows: dict[str, list[int | None]] | None = None, lang: str = "zh", methodology=None,
               result: Result | None = None, layout: Layout | None = None) -> list[CalcCell]:
    """Every computed cell with the core's value for `record` (`rows`: record index per table row)."""
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    lay = layout or resolve()
    res = result or assess(record, m)
    fig = Figures(record, res, m, lang, rows or {})
    out = []
    for bp in lay.blocks:
        for p in bp.items:
            item = p.item
            if not isinstance(item, Calc):
                continue
            if isinstance(bp.block, Form):
                cell = p.cells["value"]
                out.append(CalcCell(item.key, cell.sheet, cell.coord, item.figure(fig, None), item.text))
                continue
            table = bp.block
            index = (rows or {}).get(table.id) or _default_rows(record, table)
            for i, cells in enumerate(p.rows):
                cell = cells["value"]
                if table.keys:
                    key = table.keys[i]
                    out.append(CalcCell(f"{item.key}.{key}", cell.sheet, cell.coord, item.figure(fig, key), item.text))
                else:
                    idx = index[i] if i < len(index) else None
                    out.append(CalcCell(f"{item.key}[{i}]", cell.sheet, cell.coord, item.figure(fig, idx), item.text))
    return out


def _default_rows(record, table) -> list[int | None]:
    """Rows as `fill` writes them: record item i in table row i."""
    from workbook_templates.fill import get_path

    n = len(get_path(record, table.path) or [])
    return [i if i < n else None for i in range(table.size)]
