"""Rows inserted or deleted in a template sheet: the template's computed cells found n rows away.

A row inserted in Excel, WPS or LibreOffice moves every cell below it (and the defined names with
them), so each computed cell below is no longer where the template has it: a score of separate
`formula-edited` / `formula-overwritten` findings, none of which says why. Here, for a sheet with
such findings, the template's formula of each one is looked for 1..`MAX_SHIFT` rows away, by its
shape (row numbers left out: a moved formula's references moved too, or did not, depending on
the program). When one displacement explains most of them, one `rows-shifted` finding replaces
those it explains; the rest stay as they are.

Only the formula cells of the sheet are looked at, and only for sheets with findings.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from openpyxl.utils.cell import range_boundaries

from cnm.findings import Finding
from validator.codes import make
from validator.locate import Locator
from validator.recompute import normalise_formula
from validator.sheetxml import split_coord
from workbook_templates.cells import MissingName, destinations
from workbook_templates.spec import Form

#: How far (rows) a template formula is looked for.
MAX_SHIFT = 50
#: Findings of a sheet needed before a shift is considered.
MIN_MOVED = 2
_ROW_NUMBER = re.compile(r"(?<=[A-Z])\d+")
_SHIFT_CODES = ("formula-edited", "formula-overwritten")


@lru_cache(maxsize=8192)
def shape(text: str) -> str:
    """A formula without its row numbers (as spreadsheets re-save it: `normalise_formula`)."""
    return _ROW_NUMBER.sub("#", normalise_formula(text))


def shifted_rows(wb, loc: Locator, expected: dict, formulas: list[Finding], file: str) -> tuple[list[Finding], set[str]]:
    """One `rows-shifted` finding per sheet whose computed cells moved, and the locations of the
    formula findings it explains. `expected` is `recompute.expected_formulas`."""
    by_sheet: dict[str, list[tuple[int, int, str, str]]] = {}
    ids = {title: sheet_id for sheet_id, title in loc.titles.items()}
    for f in formulas:
        if f.code not in _SHIFT_CODES or "!" not in f.loc:
            continue
        title, coord = f.loc.rsplit("!", 1)
        sheet_id = ids.get(title)
        if sheet_id is None or (sheet_id, coord) not in expected:
            continue
        row, col = split_coord(coord)
        by_sheet.setdefault(title, []).append((row, col, coord, expected[(sheet_id, coord)][0]))
    out: list[Finding] = []
    explained: set[str] = set()
    for title, bad in by_sheet.items():
        if len(bad) < MIN_MOVED:
            continue
        sheet_id = ids[title]
        template = {split_coord(coord): text for (sid, coord), (text, _forms) in expected.items() if sid == sheet_id}
        found = _displacement(wb, loc, wb[title], sheet_id, title, bad, template)
        if found is None:
            continue
        d, moved, name_rows = found
        near = min([r for r, _c, _coord, _t in moved] + name_rows)
        n = abs(d)
        if d > 0:
            where_zh, where_en = f"在第 {near} 行附近插入了 {n} 行", f"{n} row(s) inserted near row {near}"
        else:
            where_zh, where_en = f"在第 {near} 行附近删除了 {n} 行", f"{n} row(s) deleted near row {near}"
        first = [coord for _r, _c, coord, _t in sorted(moved)[:3]]
        out.append(make("rows-shifted", f"{title}!A{near}", file, sheet=title, where_zh=where_zh, where_en=where_en,
                        count=len(moved), first_zh="、".join(first), first_en=", ".join(first)))
        explained |= {f"{title}!{coord}" for _r, _c, coord, _t in moved}
    return out, explained


def _displacement(wb, loc: Locator, ws, sheet_id: str, title: str, bad, template: dict):
    """(rows moved, the findings it explains, rows where the names moved): the displacement under
    which most (at least half) of the sheet's misplaced template formulas are found again, with
    evidence that rows moved and not merely that cells were overwritten: a template formula found
    elsewhere with its very text (moved by openpyxl) or where the template has a formula of another
    shape (a table's rows all look alike), or the defined names moved or resized with it (Excel,
    LibreOffice)."""
    formulas = {key: cell.value for key, cell in ws._cells.items() if cell.data_type == "f"}
    hits: dict[int, list] = {}
    counts: Counter = Counter()
    distinct: Counter = Counter()
    for item in bad:
        row, col, _coord, text = item
        want = shape(text)
        for d in range(-MAX_SHIFT, MAX_SHIFT + 1):
            got = formulas.get((row + d, col)) if d else None
            if got is None or not isinstance(got, str) or shape(got) != want:
                continue
            counts[d] += 1
            hits.setdefault(d, []).append(item)
            there = template.get((row + d, col))
            if got == text or there is None or shape(there) != want:
                distinct[d] += 1
    for d in sorted(counts, key=lambda k: (-counts[k], abs(k), k < 0)):
        if counts[d] < MIN_MOVED or 2 * counts[d] < len(bad):
            break
        moved_names, name_rows = _names_moved(wb, loc, sheet_id, title, d)
        if distinct[d] or moved_names:
            return d, hits[d], name_rows
    return None


def _names_moved(wb, loc: Locator, sheet_id: str, title: str, d: int) -> tuple[bool, list[int]]:
    """Whether the sheet's input names moved (or were resized) by `d` rows in this workbook, and
    the template rows of form names that moved (or, for a deletion, point nowhere: #REF!): where
    the rows were inserted or deleted, above the formulas."""
    moved, rows = False, []
    for bp in loc.layout.blocks:
        if bp.sheet.id != sheet_id:
            continue
        if not isinstance(bp.block, Form):
            if not bp.block.keys:
                start, size = _table_span(wb, bp)
                if size is not None and size - bp.block.size == d:
                    moved = True
                    if d < 0:
                        rows.append(bp.first_row)  # rows deleted within the table: which ones, its formulas cannot tell
                elif start is not None and start - bp.first_row == d:
                    moved = True
            continue
        for p in bp.items:
            for part, name in p.names.items():
                cell = p.cells.get(part)
                if cell is None:
                    continue
                try:
                    where, ref = destinations(wb, name)
                    _c1, r1, _c2, _r2 = range_boundaries(ref)
                except (MissingName, ValueError, TypeError):
                    if d < 0:
                        moved = True
                        rows.append(cell.row)  # the name's row was deleted (#REF!)
                    continue
                if where == title and r1 is not None and r1 - cell.row == d:
                    moved = True
                    rows.append(cell.row)
    return moved, rows


def _table_span(wb, bp) -> tuple[int | None, int | None]:
    """(first row, rows) a table's column names span in this workbook."""
    for p in bp.items:
        for name in p.names.values():
            try:
                _title, ref = destinations(wb, name)
                _c1, r1, _c2, r2 = range_boundaries(ref)
            except (MissingName, ValueError, TypeError):
                continue
            if r1 is not None and r2 is not None:
                return r1, r2 - r1 + 1
    return None, None
