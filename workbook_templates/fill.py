"""Record -> workbook: write a canonical record into the template's input cells (by defined name).

Used to pre-fill next year's workbook from this year's record and by the tests. Text is
always stored as text (a record's "=..." never becomes a formula). The inverse is
`read.read_record`.
"""

from __future__ import annotations

import datetime as dt

from cnm.errors import InputErrors, Problem
from workbook_templates.cells import cells_of, where
from workbook_templates.choices import UNIT_LISTS, choices
from workbook_templates.resolve import resolve
from workbook_templates.spec import Field, Form


def get_path(obj, path: str):
    """obj.a.b (dict keys or attributes); None when any step is missing."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
    return obj


def cell_value(field: Field, part: str, value, lang: str, m, loc: str, problems: list[Problem], wb, name, row=None):
    """The cell content of one field part (labels for choices, text joined for lists)."""
    if value is None:
        return None
    if part == "quality" or (field.type in ("choice", "scopes", "half") and part == "value" and field.choice):
        ch = choices(m)[field.choice if part == "value" else "quality"]
        if field.type == "scopes":
            value = 3 in value
        label = ch.label(value, lang)
        if label == value and not ch.open and not any(v == value for v, *_ in ch.items):
            problems.append(Problem(f"{where(wb, name, row)} ({loc})", f"'{value}' is not offered by the workbook",
                                    f"工作簿的下拉列表中没有“{value}”", code="fill-choice"))
        return label
    if part == "unit" or (field.type == "choice" and field.units):
        listed = UNIT_LISTS[field.units]
        if value not in listed:
            problems.append(Problem(f"{where(wb, name, row)} ({loc})",
                                    f"unit '{value}' is not offered by the workbook; use one of {', '.join(listed)}",
                                    f"工作簿不提供单位“{value}”，可用：{'、'.join(listed)}", code="fill-unit"))
        return value
    if field.type == "csv":
        return ", ".join(value)
    if field.type == "lines":
        return "\n".join(value)
    if isinstance(value, dt.date | int | float) and not isinstance(value, bool):
        return value
    return str(value)


def _put(cell, value) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula


def _field_parts(field: Field, obj):
    """(part, value) pairs of a field read from its object."""
    if field.type in ("amount", "amount_vu"):
        amount = get_path(obj, field.key)
        for part in (("value", "unit", "data_source", "quality") if field.type == "amount" else ("value", "unit")):
            yield part, (getattr(amount, part) if amount is not None else None)
    else:
        yield "value", get_path(obj, field.key)


def fill_workbook(wb, record, lang: str, methodology=None) -> None:
    """Write `record` into the input cells of an open template workbook (cleared first)."""
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    lay = resolve()
    problems: list[Problem] = []
    for bp, p in lay.inputs():
        block, field = bp.block, p.item
        if isinstance(block, Form):
            obj = get_path(record, block.base) if block.base else record
            for part, value in _field_parts(field, obj):
                name = p.names[part]
                loc = name.removesuffix(".value") if field.type in ("amount", "amount_vu") and part == "value" else name
                _put(cells_of(wb, name)[0], cell_value(field, part, value, lang, m, loc, problems, wb, name))
            continue
        items = get_path(record, block.path)
        if block.keys:
            for i, key in enumerate(block.keys):
                entry = (items or {}).get(key)
                for part, value in _field_parts(field, entry):
                    name = p.rows[i][part].name
                    _put(cells_of(wb, name)[0], cell_value(field, part, value, lang, m, name, problems, wb, name))
            continue
        items = items or []
        if len(items) > block.size:
            problems.append(Problem(f"{where(wb, p.names['value'] if 'value' in p.names else p.name)} ({block.path})",
                                    f"{len(items)} rows, the workbook has room for {block.size}",
                                    f"共 {len(items)} 行，工作簿只有 {block.size} 行", code="fill-rows"))
            continue
        for part, name in p.names.items():
            column = cells_of(wb, name)
            for i, cell in enumerate(column):
                value = dict(_field_parts(field, items[i]))[part] if i < len(items) else None
                _put(cell, cell_value(field, part, value, lang, m, f"{block.path}[{i}].{field.key}", problems, wb,
                                      name, i))
    if problems:
        raise InputErrors("record -> workbook", _unique(problems))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.loc, p.code) not in seen:
            seen.add((p.loc, p.code))
            out.append(p)
    return out
