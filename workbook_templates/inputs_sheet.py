"""The hidden inputs sheet of the .xlsm: every input cell of the workbook as a (key, value, cell)
row, so that one range, the defined name `cnm.inputs`, carries the whole record. (The .xlsx,
which cannot run the CNM_* functions, does without it.)

`=CNM_SCORE(cnm.inputs)` hands that range to `read.read_pairs`, which rebuilds the record
with the same code that reads a workbook file, and the core assesses it. Keys are the input
cells' defined names (`mine.name_zh`, `qualitative.I08.level`), with the row index for table
columns (`fuels.value[0]` is the first row of the fuels table), plus `cnm.template`.
Values are formulas `=IF(cell="","",cell)` (a plain reference would turn an empty input
into 0); the third column names the input cell, for messages.
"""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.workbook.defined_name import DefinedName

from workbook_templates import styles
from workbook_templates.resolve import Layout
from workbook_templates.spec import Cell, Field, Form

INPUTS_NAME = "cnm.inputs"
TEMPLATE_KEY = "cnm.template"
TITLES = {"zh": "输入汇总", "en": "Inputs"}


def input_keys(lay: Layout) -> Iterator[tuple[str, Cell | None, Field | None]]:
    """(key, cell, field) of every input cell in layout order; the template marker first (no cell:
    it lives on the parameters sheet under its own defined name)."""
    yield TEMPLATE_KEY, None, None
    for bp, p in lay.inputs():
        block = bp.block
        if isinstance(block, Form):
            for part, name in p.names.items():
                yield name, p.cells[part], p.item
        elif block.keys:
            for cells in p.rows:
                for cell in cells.values():
                    yield cell.name, cell, p.item
        else:
            for part, name in p.names.items():
                for i, cells in enumerate(p.rows):
                    yield f"{name}[{i}]", cells[part], p.item


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def write_inputs_sheet(wb, lay: Layout, titles: dict[str, str], lang: str):
    """The hidden, protected sheet of (key, value, cell) rows and the defined name over them."""
    from workbook_templates.build import FORMATS

    ws = wb.create_sheet(TITLES[lang])
    ws.sheet_state = "hidden"
    ws.cell(1, 1, "key").font = styles.LABEL2_FONT
    ws.cell(1, 2, "value").font = styles.LABEL2_FONT
    ws.cell(1, 3, "cell").font = styles.LABEL2_FONT
    row = 1
    for row, (key, cell, field) in enumerate(input_keys(lay), start=2):
        ws.cell(row, 1, key)
        ref = TEMPLATE_KEY if cell is None else f"{_quoted(titles[cell.sheet])}!{cell.coord}"
        ws.cell(row, 3, TEMPLATE_KEY if cell is None else f"{titles[cell.sheet]}!{cell.coord}")
        value = ws.cell(row, 2, f'=IF({ref}="","",{ref})')
        if field is not None and field.type == "date":
            value.number_format = FORMATS["date"]
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 24
    ws.protection.sheet = True
    wb.defined_names[INPUTS_NAME] = DefinedName(INPUTS_NAME, attr_text=f"{_quoted(ws.title)}!$A$2:$C${row}")
    return ws


def input_rows(wb) -> list[list]:
    """The rows of `cnm.inputs` with the values their formulas give, read from the input cells
    themselves (for a workbook no spreadsheet application has calculated, e.g. in tests and docs)."""
    from workbook_templates.cells import cell_of, cells_of

    cells = cells_of(wb, INPUTS_NAME)
    out = []
    for key, _value, at in (cells[i:i + 3] for i in range(0, len(cells), 3)):
        if at.value == TEMPLATE_KEY:
            source = cell_of(wb, TEMPLATE_KEY)
        else:
            title, coord = str(at.value).rsplit("!", 1)
            source = wb[title][coord]
        out.append([key.value, "" if source.value is None else source.value, at.value])
    return out
