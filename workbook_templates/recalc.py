"""`cnm recalc`: put the core's figures into every computed cell as its cached value.

The formulas stay; their cached `<v>` values are the core's results and full calculation on
load is switched off, so previewers, `openpyxl data_only`, pandas, WPS and LibreOffice show
the numbers without calculating, while Excel still recalculates when an input changes. The
input workbook is never modified. A workbook built under another methodology than the one in
use (its `P_METHOD_HASH`) is refused: its parameter sheets and formulas are that methodology's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel

from cnm.datafiles import same_file
from cnm.errors import InputErrors, Problem
from cnm.result import Result, assess
from workbook_templates.build import sheet_title
from workbook_templates.cells import MissingName, cell_of, destinations, methodology_stamp
from workbook_templates.figures import CalcCell, calc_cells
from workbook_templates.inputs_sheet import INPUTS_NAME, input_rows
from workbook_templates.read import open_workbook, read_loaded
from workbook_templates.resolve import resolve

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</c>)', re.S)
_VALUE = re.compile(r"<v\s*/>|<v>.*?</v>|<v\s[^>]*>.*?</v>", re.S)
_TYPE = re.compile(r'\s+t="[^"]*"')
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Recalculated:
    result: Result
    cells: int
    lang: str
    #: what a spreadsheet recalculating natively would show otherwise (e.g. beneficiary names)
    warnings: list[Problem] = field(default_factory=list)


def workbook_lang(wb) -> str:
    """zh or en, from the sheet names the template was built with."""
    first = resolve().sheets[1]
    return "en" if sheet_title(first, "en") in wb.sheetnames else "zh"


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> zip path of its XML part."""
    wbx = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    out = {}
    for s in wbx.find("m:sheets", NS).findall("m:sheet", NS):
        target = targets[s.get(f"{{{NS['r']}}}id")]
        out[s.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def _v(value) -> tuple[str, str]:
    """(type attribute, <v> text) of a cached value."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, int | float):
        if math.isnan(value) or math.isinf(value):
            return ' t="e"', "#NUM!"
        return "", repr(float(value)) if isinstance(value, float) else str(value)
    text = _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", str(value))  # OOXML's escape of control characters
    return ' t="str"', escape(text)


def patch_sheet(xml: str, values: dict[str, object]) -> tuple[str, int]:
    """Set the cached value of the formula cells named in `values` (coordinate -> value)."""
    count = 0

    def sub(m: re.Match) -> str:
        nonlocal count
        ref, body = m.group("ref"), m.group("body")
        if ref not in values or body is None or "<f" not in body:
            return m.group(0)
        t, text = _v(values[ref])
        attrs = _TYPE.sub("", m.group("attrs")) + t
        body = _VALUE.sub("", body) + f"<v>{text}</v>"
        count += 1
        return f'<c r="{ref}"{attrs}>{body}</c>'

    return _CELL.sub(sub, xml), count


def input_values(wb) -> dict[str, dict[str, object]]:
    """{inputs sheet title: {coord: value}}: what the hidden inputs sheet's formulas of an .xlsm
    (`=IF(cell="","",cell)`, the range `cnm.inputs`) give; {} for a workbook without it."""
    if INPUTS_NAME not in wb.defined_names:
        return {}
    title, ref = destinations(wb, INPUTS_NAME)
    first_col, first_row, _, _ = range_boundaries(ref)
    col = get_column_letter(first_col + 1)
    out = {}
    for i, row in enumerate(input_rows(wb)):
        value = row[1]
        if isinstance(value, dt.datetime | dt.date | dt.time):
            value = to_excel(value)
        elif isinstance(value, str) and value.startswith("="):
            continue  # a formula typed into an input cell: left for the application to compute
        out[f"{col}{first_row + i}"] = value
    return {title: out}


def inject(path: Path, cells: list[CalcCell], lang: str, extra: dict[str, dict[str, object]] | None = None) -> int:
    """Rewrite `path` (a workbook openpyxl just saved) with cached values of the computed cells and
    of `extra` ({sheet title: {coord: value}}); returns the computed cells set."""
    titles = {s.id: sheet_title(s, lang) for s in resolve().sheets}
    by_sheet: dict[str, dict[str, object]] = {}
    for c in cells:
        by_sheet.setdefault(titles[c.sheet], {})[c.coord] = c.value
    counted = set(by_sheet)
    for title, values in (extra or {}).items():
        by_sheet.setdefault(title, {}).update(values)
    tmp = path.with_suffix(path.suffix + ".tmp")
    total = 0
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {v: k for k, v in _sheet_parts(src).items()}
        for info in src.infolist():
            data = src.read(info.filename)
            title = parts.get(info.filename)
            if title in by_sheet:
                text, n = patch_sheet(data.decode("utf-8"), by_sheet[title])
                data, total = text.encode("utf-8"), total + (n if title in counted else 0)
            dst.writestr(info, data)
    tmp.replace(path)
    return total


def check_methodology(wb, m, given: bool, source: str) -> None:
    """InputErrors unless the workbook's methodology hash (P_METHOD_HASH) is `m`'s."""
    try:
        found, name, version = methodology_stamp(wb)
    except MissingName:
        return  # not a cnm template (read_workbook says so)
    if not found or found == m.hash:
        return
    cell = cell_of(wb, "P_METHOD_HASH")
    named = f"{name} {version}".strip()
    loc = f"{cell.parent.title}!{cell.coordinate} (P_METHOD_HASH)"
    ours = f"{m.name} {m.version}（{m.hash[:12]}）"
    if given:
        zh = f"工作簿按评价方法 {named}（{found[:12]}）生成，与 --methodology 给出的 {ours} 不同；请给出生成该工作簿的方法文件"
        en = (f"the workbook was built under methodology {named} ({found[:12]}), not the --methodology given, "
              f"{m.name} {m.version} ({m.hash[:12]}): give the file the workbook was built with")
    else:
        zh = f"工作簿按评价方法 {named}（{found[:12]}）生成，不是默认方法 {ours}；请用 --methodology 给出该方法文件"
        en = (f"the workbook was built under methodology {named} ({found[:12]}), not the default "
              f"{m.name} {m.version} ({m.hash[:12]}): give that methodology's file with --methodology")
    raise InputErrors(source, [Problem(loc, en, zh, code="methodology-mismatch")])


def recalc(src: str | Path, dst: str | Path, methodology=None) -> Recalculated:
    """Write `dst`: `src` with every computed cell's cached value from the core (under `methodology`,
    default the default methodology, which must be the one the workbook was built with)."""
    from cnm.methodology import default_methodology

    src, dst = Path(src), Path(dst)
    if same_file(src, dst):
        raise InputErrors(str(dst), [Problem("-o", "the output must be another file; the input is never modified",
                                             "输出文件不能与输入文件相同（不修改输入文件）", code="same-file")])
    m = methodology or default_methodology()
    keep_vba = src.suffix.lower() == ".xlsm"
    wb = open_workbook(src, keep_vba=keep_vba)
    check_methodology(wb, m, methodology is not None, str(src))
    wr = read_loaded(wb, str(src), m)  # the workbook opened once
    try:
        result = assess(wr.record, m)
    except InputErrors as exc:
        for p in exc.problems:
            cell = wr.cells.get(p.loc) or wr.cells.get(f"{p.loc}.value")
            p.loc = f"{cell} ({p.loc})" if cell else p.loc
        raise
    lang = workbook_lang(wb)
    cells = calc_cells(wr.record, wr.rows, lang, m, result)
    wb.calculation.fullCalcOnLoad = False
    with tempfile.TemporaryDirectory(prefix="cnm-recalc-") as tmp:
        out = Path(tmp) / ("out" + (".xlsm" if keep_vba else ".xlsx"))
        wb.save(out)
        n = inject(out, cells, lang, input_values(wb))
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, dst)
    return Recalculated(result, n, lang, native_differences(wr))


def native_differences(wr) -> list[Problem]:
    """Where the native formulas cannot follow the core: a beneficiary matching the mine only after
    NFKC (full-width letters ...), which no Excel 2010 function does (docs/workbook.md)."""
    from workbook_templates.calc_fugitive import beneficiaries_natively_unmatched

    out = []
    for i in beneficiaries_natively_unmatched(wr.record):
        path = f"offsets[{i}].beneficiary"
        cell = wr.cells.get(path)
        out.append(Problem(f"{cell} ({path})" if cell else path,
                           "the name matches the mine only after Unicode normalisation (NFKC: full-width letters or "
                           "digits ...): cnm counts the credit, a spreadsheet recalculating the workbook will not; "
                           "write the name as the mine's",
                           "受益方名称须经 Unicode 规范化（NFKC，如全角字母、数字）才与矿山名称一致：cnm 计入该信用，"
                           "电子表格重新计算时不计入；请按矿山名称填写", code="offset-beneficiary-nfkc"))
    return out
