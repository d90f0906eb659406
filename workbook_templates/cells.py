"""Finding cells of a workbook by defined name (how fill, read_record and recalc address cells)."""

from __future__ import annotations

from openpyxl.utils.cell import range_boundaries


class MissingName(KeyError):
    pass


def destinations(wb, name: str) -> tuple[str, str]:
    """(sheet title, range) of a workbook-level defined name (memoised per workbook: openpyxl
    tokenizes the name's formula on every call)."""
    cache = wb.__dict__.setdefault("_cnm_destinations", {})
    if name not in cache:
        cache[name] = _destinations(wb, name)
    return cache[name]


def _destinations(wb, name: str) -> tuple[str, str]:
    dn = wb.defined_names.get(name)
    if dn is None:
        raise MissingName(name)
    for title, ref in dn.destinations:
        return title, ref.replace("$", "")
    raise MissingName(name)


def cells_of(wb, name: str) -> list:
    """The cells a defined name spans, top to bottom, left to right."""
    title, ref = destinations(wb, name)
    ws = wb[title]
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return [ws.cell(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


def cell_of(wb, name: str):
    """The single cell of a defined name."""
    return cells_of(wb, name)[0]


def where(wb, name: str, row: int | None = None) -> str:
    """'Sheet!C5' of a name (of its row-th cell for a column range), for messages."""
    try:
        cells = cells_of(wb, name)
    except MissingName:
        return name
    c = cells[row or 0] if row is not None and row < len(cells) else cells[0]
    return f"{c.parent.title}!{c.coordinate}"


def methodology_stamp(wb) -> tuple[str, str, str]:
    """(hash, name, version) of the methodology a template was built under (P_METHOD_*), the hash in
    lower case; MissingName when the workbook lacks one of the names."""
    values = [str(cell_of(wb, n).value or "").strip() for n in ("P_METHOD_HASH", "P_METHOD_NAME", "P_METHOD_VERSION")]
    return values[0].lower(), values[1], values[2]
