"""Input cells as the workbook holds them, before the reader turns them into a record.

The reader (`workbook_templates.read`) is lenient where the spreadsheet is not: it strips a unit's
spaces, lets the core take any unit pint knows, reads TRUE as 1 and a formula's text as text. In
Excel, WPS and LibreOffice the template's lookups (`VLOOKUP(unit, P_UNITS ...)`, `MATCH(fuel ...)`)
then give #N/A in every total, and a formula in an input cell is code where a value belongs. So
each input cell is checked here, by the workbook's own defined names (as the reader finds it):

* a formula in any input cell (`input-formula`: paste it as a value);
* TRUE/FALSE, NaN, an infinite number or one beyond `MAX_NUMBER` in a number cell;
* a unit that is not exactly one of the template's units for that cell (`UNIT_LISTS`);
* a dropdown choice with spaces around it (the formulas' MATCH does not find it).

Only the cells that exist are looked at (`Sheet._cells`); nothing is parsed again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from openpyxl.utils.cell import range_boundaries

from cnm.findings import Finding
from validator.codes import make
from validator.locate import Locator, label_of
from workbook_templates.cells import MissingName, destinations
from workbook_templates.choices import UNIT_LISTS
from workbook_templates.spec import Field, Form

#: The largest number an input cell may hold: beyond any amount a mine reports (10^15 kWh, Nm3 or
#: 元), far below where the core's arithmetic overflows (1e308).
MAX_NUMBER = 1e15
_NUMERIC = ("float", "percent", "int")
_CHOICES = ("choice", "half", "scopes")
FORMULA_SHOWN = 60


def _numeric(fld: Field, part: str) -> bool:
    return fld.type in _NUMERIC or (fld.type in ("amount", "amount_vu") and part == "value")


def _unit_list(fld: Field, part: str) -> tuple[str, ...] | None:
    """The units the template offers in this cell (None: not a unit cell)."""
    if (part == "unit" and fld.type in ("amount", "amount_vu")) or (fld.type == "choice" and fld.units):
        return UNIT_LISTS.get(fld.units or "", ())
    return None


def _choice(fld: Field, part: str, open_lists: set[str]) -> bool:
    if part == "quality":
        return True
    return part == "value" and fld.type in _CHOICES and not fld.units and (fld.choice or "") not in open_lists


@lru_cache(maxsize=4096)
def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    try:
        c1, r1, c2, r2 = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    return None if None in (c1, r1, c2, r2) else (c1, r1, c2, r2)


def _cells(wb, name: str):
    """(sheet, (min col, min row, max col, max row)) of a defined name in this workbook, as the
    reader finds it (None when it is missing or points nowhere: the reader reports it)."""
    try:
        title, ref = destinations(wb, name)  # memoised per workbook: the reader reuses it
    except MissingName:
        return None
    bounds = _bounds(ref)
    if bounds is None or title not in wb.sheetnames:
        return None
    return wb[title], bounds


def _nth(wb, name: str, i: int):
    """The i-th cell of a defined name (top to bottom), or None when it is empty or missing."""
    found = _cells(wb, name)
    if found is None:
        return None
    ws, (c1, r1, c2, r2) = found
    width = c2 - c1 + 1
    r, c = r1 + i // width, c1 + i % width
    return ws._cells.get((r, c)) if r <= r2 else None


@dataclass(frozen=True)
class _Input:
    """One defined name of an input: a form cell, a keyed row's cell or a table column."""

    name: str
    field: Field
    part: str
    path: str  # record path of the input (table: with '{i}' for the row)
    value_name: str | None  # the name of its amount's value cell, for a unit cell
    unit_list: tuple[str, ...] | None
    choice: bool


def _inputs(lay, open_lists: frozenset[str]) -> list[_Input]:
    """Every input name of the layout with what to check in it (per layout and open lists)."""
    cache = lay.__dict__.setdefault("_validator_inputs", {})
    if open_lists in cache:
        return cache[open_lists]
    out = []
    for bp, p in lay.inputs():
        fld, block = p.item, bp.block
        if isinstance(block, Form):
            named = [(name, part, p.names.get("value", p.name)) for part, name in p.names.items()]
        elif block.keys:
            named = [(c.name, part, next(iter(cells.values())).name) for cells in p.rows for part, c in cells.items()]
        else:
            suffix = ".value" if fld.type in ("amount", "amount_vu") else ""
            named = [(name, part, f"{block.path}[{{i}}].{fld.key}{suffix}") for part, name in p.names.items()]
        for name, part, path in named:
            units = _unit_list(fld, part)
            value_name = None
            if units is not None:
                if part == "unit":
                    value_name = p.names.get("value")
                elif fld.key.endswith("unit"):  # a unit column: the amount is in its value column
                    key = fld.key[: -len("unit")] + "value"
                    other = next((q for q in bp.items if isinstance(q.item, Field) and q.item.key == key), None)
                    value_name = other.names.get("value") if other is not None else None
                    path = path[: -len("unit")] + "value" if path.endswith("unit") else path
            out.append(_Input(name, fld, part, path, value_name, units, _choice(fld, part, open_lists)))
    cache[open_lists] = out
    return out


_PART_ZH = {"unit": "的单位", "data_source": "的数据来源", "quality": "的数据质量"}
_PART_EN = {"unit": " (unit)", "data_source": " (data source)", "quality": " (data quality)"}


def input_findings(wb, loc: Locator, file: str, methodology) -> list[Finding]:
    """Formulas, booleans, unusable numbers, units outside the template's lists and padded
    choices in the input cells, at their cells. Only the cells that exist are looked at."""
    from workbook_templates.choices import choices

    open_lists = frozenset(name for name, ch in choices(methodology).items() if ch.open)
    lay = loc.layout
    out: list[Finding] = []
    for inp in _inputs(lay, open_lists):
        found = _cells(wb, inp.name)
        if found is None:
            continue
        ws, (c1, r1, c2, r2) = found
        cells = ws._cells
        width = c2 - c1 + 1
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = cells.get((r, c))
                if cell is None or cell.value is None or cell.value == "":
                    continue
                i = (r - r1) * width + (c - c1)
                path = inp.path.format(i=i)
                where = f"{ws.title}!{cell.coordinate}"
                finding = _check(cell, inp.field, inp.part, path, where, file, lay, inp.choice)
                if finding is None and inp.unit_list is not None:
                    amount = _nth(wb, inp.value_name, i) if inp.value_name else None
                    if amount is not None and amount.value is not None and amount.value != "":
                        finding = _unit(cell.value, inp.unit_list, path, where, file, lay)
                if finding is not None:
                    out.append(finding)
    return out


def _label(path: str, lay, part: str = "value") -> tuple[str, str]:
    zh, en = label_of(path, lay)
    return zh + _PART_ZH.get(part, ""), en + _PART_EN.get(part, "")


def _check(cell, fld: Field, part: str, path: str, where: str, file: str, lay, choice: bool) -> Finding | None:
    value = cell.value
    if cell.data_type == "f":
        zh, en = _label(path, lay, part)
        text = str(value)
        shown = text if len(text) <= FORMULA_SHOWN else text[:FORMULA_SHOWN] + "…"
        return make("input-formula", where, file, what_zh=zh, what_en=en, formula=shown)
    if _numeric(fld, part):
        return _number(value, path, where, file, lay)
    if choice and isinstance(value, str) and value.strip() and value != value.strip():
        zh, en = _label(path, lay)
        return make("value-invalid", where, file, detail_zh=f"{zh}：“{value}”前后有空格，表格公式查找不到该选项；请从下拉列表选择“{value.strip()}”",
                    detail_en=f"{en}: '{value}' has spaces around it, so the template's formulas cannot find the "
                              f"choice; pick '{value.strip()}' from the dropdown list")
    return None


def _number(value, path: str, where: str, file: str, lay) -> Finding | None:
    if isinstance(value, bool):
        zh, en = _label(path, lay)
        word = "TRUE" if value else "FALSE"
        return make("value-invalid", where, file, detail_zh=f"{zh}：“{word}”是逻辑值，不是数值，请填写数字",
                    detail_en=f"{en}: '{word}' is a logical value, not a number: enter a number")
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None  # the reader says it is not a number
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        return None
    if math.isnan(number):
        zh, en = _label(path, lay)
        return make("value-invalid", where, file, detail_zh=f"{zh}：“{value}”不是数值，请填写数字",
                    detail_en=f"{en}: '{value}' is not a number: enter a number")
    if math.isinf(number) or abs(number) > MAX_NUMBER:
        zh, en = _label(path, lay)
        return make("value-out-of-range", where, file,
                    detail_zh=f"{zh}：{value} 超出上限（绝对值不超过 {MAX_NUMBER:.0e}）；请核对数值和单位",
                    detail_en=f"{en}: {value} is beyond the limit (at most {MAX_NUMBER:.0e} in absolute value); "
                              "check the figure and its unit")
    return None


def _unit(value, units: tuple[str, ...], path: str, where: str, file: str, lay) -> Finding | None:
    """A unit not exactly one of the cell's units (the amount has a value)."""
    if isinstance(value, str) and value in units:
        return None
    zh, en = _label(path, lay)
    listed_zh, listed_en = "、".join(units), ", ".join(units)
    text = str(value)
    if text.strip() in units:
        detail_zh = f"{zh}的单位“{text}”含多余的空格，应为“{text.strip()}”（表格公式查找不到带空格的单位）"
        detail_en = f"the unit '{text}' of {en} has spaces around it; it must be '{text.strip()}' (the template's formulas cannot find it)"
    else:
        detail_zh = f"{zh}的单位“{text}”不是模板提供的单位；可选：{listed_zh}"
        detail_en = f"the unit '{text}' of {en} is not one the template offers; choose one of: {listed_en}"
    return make("unit-invalid", where, file, detail_zh=detail_zh, detail_en=detail_en)
