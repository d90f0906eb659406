"""Builds the workbook from the layout, the catalog and the methodology (openpyxl).

Inputs are yellow and unlocked with data validation and a defined name; computed cells are
green, locked, with a native formula (and, in the .xlsm flavour, a CNM_* UDF with the native
formula as fallback); sheets are protected without a password, headers frozen, print areas set.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from workbook_templates import styles
from workbook_templates.choices import choices
from workbook_templates.formula import Refs
from workbook_templates.guide import write_guide
from workbook_templates.inputs_sheet import write_inputs_sheet
from workbook_templates.layout import TEMPLATE_VERSION
from workbook_templates.params import write_lists, write_params
from workbook_templates.prompts import gases_note, messages
from workbook_templates.resolve import BlockPlace, Layout, Placed, resolve
from workbook_templates.spec import Calc, Field, Form, Static, Table

FORMATS = {"int": "0", "float": "#,##0.####", "percent": "0.##", "date": "yyyy-mm-dd", "amount": "#,##0.####",
           "amount_vu": "#,##0.####"}
HIDE_UNLESS = {"cmm": ("coal_underground",), "oil_gas": ("oil_field", "gas_field"),
               "facilities": ("oil_field", "gas_field")}


def sheet_title(sheet, lang: str) -> str:
    return sheet.zh if lang == "zh" else sheet.en


class Validations:
    """Data validations of one sheet, grouped by rule so a sheet carries few of them."""

    def __init__(self, ws: Worksheet):
        self.ws, self.rules = ws, {}

    def add(self, coord: str, **rule) -> None:
        """`rule`: the validation and its texts (workbook_templates.prompts.messages)."""
        key = tuple(sorted(rule.items()))
        if key not in self.rules:
            dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True, **rule)
            self.rules[key] = dv
            self.ws.add_data_validation(dv)
        self.rules[key].add(coord)


def _rule(field: Field, m, part: str = "value") -> dict:
    if part == "unit":
        return {"type": "list", "formula1": f"=U_{field.units}"}
    if part == "quality":
        return {"type": "list", "formula1": "=L_quality"}
    if part == "data_source":
        return {"type": "textLength", "operator": "lessThanOrEqual", "formula1": "4000"}
    t = field.type
    if t in ("choice", "scopes") and field.choice:
        ch = choices(m)[field.choice]
        rule = {"type": "list", "formula1": f"=L_{field.choice}"}
        if ch.open:
            rule["errorStyle"] = "warning"
        return rule
    if t == "choice" and field.units:
        return {"type": "list", "formula1": f"=U_{field.units}"}
    if t == "int" and field.max == 4 and field.min == 0:
        return {"type": "list", "formula1": '"0,1,2,3,4"'}
    if t in ("int", "float", "percent", "amount", "amount_vu"):
        kind = "whole" if t == "int" else "decimal"
        lo = field.min if field.min is not None else 0
        if field.max is not None:
            return {"type": kind, "operator": "between", "formula1": str(lo), "formula2": str(field.max)}
        return {"type": kind, "operator": "greaterThanOrEqual", "formula1": str(lo)}
    if t == "date":
        return {"type": "date", "operator": "between", "formula1": "32874", "formula2": "73051"}
    limit = {"yearmonth": "7", "period": "6"}.get(t, "4000")
    return {"type": "textLength", "operator": "lessThanOrEqual", "formula1": limit}


def _define(wb, name: str, title: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text="'" + title.replace("'", "''") + "'!" + ref)


class Builder:
    def __init__(self, wb: Workbook, lang: str, m, udf: bool, category: str | None):
        self.wb, self.lang, self.m, self.udf, self.category = wb, lang, m, udf, category
        self.lay: Layout = resolve()
        self.refs = Refs(self.lay, lang, m, udf)
        self.ws: dict[str, Worksheet] = {}

    def label(self, x) -> tuple[str, str]:
        return (x.zh, x.en) if self.lang == "zh" else (x.en, x.zh)

    def build(self, reuse: dict[str, Worksheet] | None = None) -> Workbook:
        for sheet in self.lay.sheets:
            ws = (reuse or {}).get(sheet.id)
            if ws is not None:
                ws.title = sheet_title(sheet, self.lang)
                self.wb.move_sheet(ws, -self.wb.index(ws) + len(self.ws))
            else:
                ws = self.wb.create_sheet(sheet_title(sheet, self.lang))
            ws.sheet_properties.tabColor = sheet.tab_color
            self.ws[sheet.id] = ws
        lists = self.wb.create_sheet("Lists" if self.lang == "en" else "列表")
        lists.sheet_state = "hidden"
        write_lists(self.wb, lists, self.m, self.lang)
        if self.udf:  # only the add-in's functions read it: CNM_SCORE(cnm.inputs)
            write_inputs_sheet(self.wb, self.lay, {s.id: sheet_title(s, self.lang) for s in self.lay.sheets},
                               self.lang)
        write_params(self.wb, self.ws["params"], self.m, self.lang)
        self.valid = {sid: Validations(ws) for sid, ws in self.ws.items()}
        for sheet in self.lay.sheets:
            ws = self.ws[sheet.id]
            primary, secondary = self.label(sheet)
            ws.cell(1, 1, primary).font = styles.TITLE_FONT
            ws.cell(1, 3, secondary).font = styles.LABEL2_FONT
            intro = sheet.intro_zh if self.lang == "zh" else sheet.intro_en
            if intro:
                ws.cell(2, 1, intro).font = styles.NOTE_FONT
        for bp in self.lay.blocks:
            (self.form if isinstance(bp.block, Form) else self.table)(bp)
        self.finish_sheets()
        write_guide(self.ws["guide"], self.lay, self.m, self.lang, self.category)
        self.ws["guide"].protection.sheet = True
        self.wb.active = 0
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.custom_doc_props.append(StringProperty(name="cnm-template", value=TEMPLATE_VERSION))
        self.wb.properties.title = "碳中和矿山评价工作簿" if self.lang == "zh" else "Carbon-neutral mine assessment workbook"
        self.wb.properties.creator = "cnm"
        self.wb.properties.keywords = TEMPLATE_VERSION
        return self.wb

    # ---- blocks -----------------------------------------------------------------------

    def _block_title(self, ws, bp: BlockPlace) -> None:
        primary, secondary = self.label(bp.block)
        ws.cell(bp.title_row, 1, primary).font = styles.BLOCK_FONT
        ws.cell(bp.title_row, 3, secondary).font = styles.LABEL2_FONT
        hidden = HIDE_UNLESS.get(bp.block.id)
        if self.category and hidden and self.category not in hidden:
            for r in range(bp.title_row, bp.last_row + 1):
                ws.row_dimensions[r].hidden = True

    def indicator_comment(self, key: str, levels: bool) -> Comment:
        """The catalog's description of an indicator; with `levels`, the rubric's level descriptors
        too (what each level 0..4 means, for choosing one)."""
        zh = self.lang == "zh"
        ind = self.m.catalog.by_id[key]
        text = ind.description_zh if zh else ind.description_en
        if levels and self.m.rubric.rule(key).levels:
            text += "\n\n" + "\n".join(f"{n}: {lv.zh if zh else lv.en}" for n, lv in enumerate(self.m.rubric.rule(key).levels))
        return Comment(text, "cnm", width=360, height=220 if levels else 120)

    def bilingual(self, zh: str, en: str) -> str:
        """A header in the zh workbook shows both languages (Chinese first); the en one English."""
        if self.lang != "zh":
            return en
        return f"{zh}\n{en}" if zh and en and zh != en else zh

    def form(self, bp: BlockPlace) -> None:
        ws = self.ws[bp.sheet.id]
        self._block_title(ws, bp)
        heads = (("项目", "Item"), ("", ""), ("数值", "Value"), ("单位", "Unit"), ("数据来源", "Data source"),
                 ("数据质量", "Quality"))
        if not any(isinstance(p.item, Field) for p in bp.items):
            heads = heads[:4]
        for j, (zh, en) in enumerate(heads, 1):
            styles.header(ws.cell(bp.header_row, j, self.bilingual(zh, en)))
        if self.lang == "zh":
            ws.row_dimensions[bp.header_row].height = 30
        for p in bp.items:
            row = next(iter(p.cells.values())).row
            primary, secondary = self.label(p.item)
            styles.label(ws.cell(row, 1, primary))
            styles.label(ws.cell(row, 2, secondary), secondary=True)
            if isinstance(p.item, Calc):
                self.calc(ws, p, p.cells["value"], None)
                ws.cell(row, 4, p.item.unit).font = styles.LABEL2_FONT
            else:
                self.input(ws, p, p.cells, p.item)
                if p.item.type not in ("amount", "amount_vu") and p.item.unit:
                    ws.cell(row, 4, p.item.unit).font = styles.LABEL2_FONT
            for part, cell in p.cells.items():
                _define(self.wb, p.names[part], ws.title, f"${cell.col}${cell.row}")

    def table(self, bp: BlockPlace) -> None:
        ws, t = self.ws[bp.sheet.id], bp.block
        self._block_title(ws, bp)
        first = ("指标", "Indicator") if t.id in ("indicators", "qualitative") else ("编号", "#")
        styles.header(ws.cell(bp.header_row, 1, self.bilingual(*first)))
        ws.row_dimensions[bp.header_row].height = 42
        for i in range(t.size):
            c = ws.cell(bp.first_row + i, 1, t.keys[i] if t.keys else i + 1)
            styles.label(c)
        for p in bp.items:
            self.table_column(ws, bp, p)

    def table_column(self, ws, bp: BlockPlace, p: Placed) -> None:
        item, t = p.item, bp.block
        primary, secondary = self.label(item)
        for part, col in p.columns.items():
            if part == "value":
                text = primary + ("\n" + secondary if secondary != primary else "")
            else:
                text = self.bilingual(*{"unit": ("单位", "Unit"), "data_source": ("数据来源", "Data source"),
                                        "quality": ("数据质量", "Quality")}[part])
            styles.header(ws[f"{col}{bp.header_row}"])
            ws[f"{col}{bp.header_row}"] = text
            if isinstance(item, Calc) and item.hidden:
                ws.column_dimensions[col].hidden = True
        for i, cells in enumerate(p.rows):
            key = t.keys[i] if t.keys else i
            if isinstance(item, Static):
                c = ws[cells["value"].coord]
                c.value = item.value(self.m, key, self.lang)
                styles.static_cell(c, item.fmt)
                if (item.key, t.id) in (("name", "indicators"), ("q_name", "qualitative")):
                    c.comment = self.indicator_comment(key, levels=t.id == "qualitative")
            elif isinstance(item, Calc):
                self.calc(ws, p, cells["value"], i)
            else:
                self.input(ws, p, cells, item)
        if not t.keys and not isinstance(item, Static):
            for part, col in p.columns.items():
                _define(self.wb, p.names[part], ws.title, f"${col}${bp.first_row}:${col}${bp.last_row}")
        elif t.keys and not isinstance(item, Static):
            for cells in p.rows:
                for cell in cells.values():
                    _define(self.wb, cell.name, ws.title, f"${cell.col}${cell.row}")

    def input(self, ws, p: Placed, cells: dict, field: Field) -> None:
        for part, cell in cells.items():
            c = ws[cell.coord]
            fmt = FORMATS.get(field.type, "@") if part == "value" else "@"
            styles.input_cell(c, fmt)
            rule = _rule(field, self.m, part)
            self.valid[p.sheet.id].add(cell.coord, **rule, **messages(field, self.m, part, self.lang, rule))
        note = field.note_zh if self.lang == "zh" else field.note_en
        if field.type == "csv" and field.key == "gases":  # which spellings the gas list accepts
            note = gases_note(self.m, self.lang)
        if note:
            ws[cells["value"].coord].comment = Comment(note, "cnm", width=260, height=60 if len(note) < 60 else 110)

    def calc(self, ws, p: Placed, cell, row) -> None:
        item: Calc = p.item
        make = item.udf if (self.udf and item.udf) else item.native
        c = ws[cell.coord]
        c.value = "=" + make(self.refs, row)
        styles.calc_cell(c, "@" if item.text else item.fmt, big=p.block.id == "verdict")

    def finish_sheets(self) -> None:
        for sheet in self.lay.sheets:
            ws = self.ws[sheet.id]
            for col, width in self.lay.widths.get(sheet.id, {}).items():
                ws.column_dimensions[col].width = width
            ws.protection.sheet = True
            ws.protection.formatColumns = False
            ws.protection.formatRows = False
            blocks = [b for b in self.lay.blocks if b.sheet.id == sheet.id]
            only_table = len(blocks) == 1 and isinstance(blocks[0].block, Table)
            ws.freeze_panes = f"B{blocks[0].first_row}" if only_table else "A4"
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            if blocks or sheet.id == "params":
                ws.print_area = f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
            ws.print_title_rows = "1:2"
        self.ws["params"].protection.sheet = True


def build_workbook(lang: str = "zh", category: str | None = None, methodology=None, udf: bool = False,
                   wb: Workbook | None = None, reuse: dict[str, Worksheet] | None = None) -> Workbook:
    """The template as an openpyxl Workbook (a new one, or `wb` such as xlwings' quickstart,
    whose sheets in `reuse` become the template's sheets of those ids)."""
    from cnm.errors import CnmError
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    if category is not None and category not in m.rubric.categories:
        raise CnmError(f"未知的矿山类别 '{category}' / unknown mine category '{category}'; "
                       f"one of: {', '.join(m.rubric.categories)}")
    if wb is None:
        wb = Workbook()
        wb.remove(wb.active)
    Builder(wb, lang, m, udf, category).build(reuse)
    if category:
        prefill_category(wb, category, lang, m)
    return wb


def prefill_category(wb: Workbook, category: str, lang: str, m) -> None:
    """A template for one mine category: the category and its output unit filled in."""
    from workbook_templates.cells import cell_of

    ch = choices(m)["category"]
    cell_of(wb, "mine.category").value = ch.label(category, lang)
    cell_of(wb, "production.output.unit").value = m.rubric.categories[category].output_unit if \
        m.rubric.categories[category].output_unit != "t" else "万t"

