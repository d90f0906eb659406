"""The independent recompute: every computed cell against the template and the core.

* Formula text: each computed cell must still hold the template's formula (native, or the
  CNM_* UDF flavour of the .xlsm), as the layout spec writes it (`Calc.native` / `Calc.udf`).
  A constant in its place is an overwritten formula; other text an edited formula.
* Cached value: where the formula is intact, the value the spreadsheet last calculated must equal
  the core's figure for the extracted record (`workbook_templates.figures.calc_cells`); otherwise
  the file is stale (saved without recalculating).
* Locked cells that formulas read (the parameters and list sheets, the indicator weights) must
  equal those the template writes for the methodology in use.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from openpyxl import Workbook

from cnm.findings import Finding
from validator.codes import make
from validator.locate import Locator
from workbook_templates.formula import Refs
from workbook_templates.params import write_lists, write_params
from workbook_templates.resolve import Layout, resolve
from workbook_templates.spec import Calc, Form, Static

MAX_LOCKED_FINDINGS = 30
_STRING = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_SHEET = re.compile(r"'((?:[^']|'')+)'!")
#: a number literal (not part of a name or a cell reference such as D10 or P_GWP_CH4)
_NUMBER = re.compile(r"(?<![A-Z_.\d])(?:\d+\.?\d*|\.\d+)(?:E[+-]?\d+)?(?![A-Z_.\d(])")


@lru_cache(maxsize=65536)
def normalise_formula(text: str) -> str:
    """Formula text as spreadsheets may re-save it: no '=', spaces, '$', quotes around sheet names
    or _xlfn. prefixes; upper case outside string literals."""
    text = (text or "").lstrip("=")
    parts, last = [], 0
    for m in _STRING.finditer(text):
        parts.append(_code(text[last:m.start()]))
        parts.append(m.group(0))
        last = m.end()
    parts.append(_code(text[last:]))
    return "".join(parts)


def _code(s: str) -> str:
    s = _QUOTED_SHEET.sub(lambda m: m.group(1).replace("''", "'") + "!", s)
    s = re.sub(r"\s+", "", s).replace("$", "")
    s = re.sub(r"_XL(FN|WS)\.", "", s.upper())
    s = re.sub(r"\b(TRUE|FALSE)\(\)", r"\1", s)  # LibreOffice writes the constants as functions
    return _NUMBER.sub(lambda m: format(float(m.group(0)), ".15g"), s)  # 1E-9 and 0.000000001 alike


def _calc_places(lay: Layout):
    """(placed item, row for the formula maker, cell) of every computed cell."""
    for bp in lay.blocks:
        for p in bp.items:
            if not isinstance(p.item, Calc):
                continue
            if isinstance(bp.block, Form):
                yield p, None, p.cells["value"]
            else:
                for i, cells in enumerate(p.rows):
                    yield p, i, cells["value"]


_CACHE: dict[tuple, object] = {}


def _cached(kind: str, lang: str, methodology, build):
    """Per process: one build per (what, language, methodology hash); methodologies are not hashable."""
    key = (kind, lang, methodology.info()["hash"])
    if key not in _CACHE:
        _CACHE[key] = build(lang, methodology)
    return _CACHE[key]


def expected_formulas(lang: str, methodology) -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(sheet id, coord) -> (native formula text, accepted normalised forms) for the template."""
    return _cached("formulas", lang, methodology, _expected_formulas)


def _expected_formulas(lang: str, methodology) -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    lay = resolve()
    native, udf = Refs(lay, lang, methodology, False), Refs(lay, lang, methodology, True)
    out = {}
    for p, row, cell in _calc_places(lay):
        item: Calc = p.item
        text = "=" + item.native(native, row)
        forms = {normalise_formula(text)}
        if item.udf is not None:
            forms.add(normalise_formula("=" + item.udf(udf, row)))
        out[(cell.sheet, cell.coord)] = (text, frozenset(forms))
    return out


def _text(v: object, limit: int = 80) -> str:
    s = "（空）/ (empty)" if v is None or v == "" else str(v)
    return s if len(s) <= limit else s[:limit] + "…"


def formula_findings(wb, loc: Locator, lang: str, methodology, file: str) -> tuple[list[Finding], set]:
    """Edited and overwritten formulas; returns the findings and the cells whose formula is intact."""
    out, intact = [], set()
    for (sheet_id, coord), (text, forms) in expected_formulas(lang, methodology).items():
        title = loc.titles.get(sheet_id)
        if title not in wb.sheetnames:
            continue
        cell = wb[title][coord]
        where = f"{title}!{coord}"
        if cell.data_type != "f":
            out.append(make("formula-overwritten", where, file, found=_text(cell.value)))
            continue
        found = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "") or ""
        if found != text and normalise_formula(found) not in forms:
            out.append(make("formula-edited", where, file, found=_text(found), expected=_text(text)))
        else:
            intact.add((sheet_id, coord))
    return out, intact


def _same(got: object, want: object, text: bool) -> bool:
    if want is None or want == "":
        return got is None or got == "" or got == 0
    if isinstance(want, bool):  # LibreOffice re-saves a TRUE constant as the formula =TRUE()
        return got == want or str(got).strip().upper().lstrip("=").removesuffix("()") == str(want).upper()
    if text or isinstance(want, str):
        return str(got if got is not None else "").strip() == str(want).strip()
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        try:
            got = float(str(got).replace(",", ""))
        except (TypeError, ValueError):
            return False
    want = float(want)
    return math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-6)


#: The headline cells of the results sheet: a stale one shows a result the figures do not give.
HEADLINE = {"total": ("综合评价得分", "total score"), "grade": ("碳中和等级", "carbon-neutral grade"),
            "offset_share": ("抵消比例", "offset share")}
#: Cells named in the one finding that sums up a sheet's stale cells.
STALE_EXAMPLES = 5


def value_findings(calc_cells, cached: dict[str, dict[str, object]], intact: set, loc: Locator,
                   file: str) -> list[Finding]:
    """Cached values of intact formulas against the core's figures: a stale headline result is an
    error of its own; other stale cells make one warning per sheet (count and the first cells)."""
    headline, stale, never = [], {}, 0
    for cc in calc_cells:
        if (cc.sheet, cc.coord) not in intact:
            continue
        title = loc.titles.get(cc.sheet, cc.sheet)
        got = cached.get(title, {}).get(cc.coord)
        if got is None and cc.value not in (None, ""):
            never += 1
            continue
        if _same(got, cc.value, cc.text):
            continue
        shown, core = _text(_fmt(got)), _text(_fmt(cc.value))
        if cc.key in HEADLINE:
            zh, en = HEADLINE[cc.key]
            headline.append(make("result-stale", f"{title}!{cc.coord}", file, what_zh=zh, what_en=en,
                                 cached=shown, core=core))
        else:
            stale.setdefault(title, []).append((cc.coord, shown, core))
    out = [make("workbook-not-calculated", "", file, count=never)] if never else []
    out += headline
    for title, cells in stale.items():
        cells.sort(key=lambda c: (int(re.sub(r"\D", "", c[0]) or 0), len(c[0]), c[0]))
        first = cells[:STALE_EXAMPLES]
        more = len(cells) - len(first)
        listed_zh = "、".join(f"{c}（显示 {g}，应为 {w}）" for c, g, w in first) + (" 等" if more else "")
        listed_en = "; ".join(f"{c} (shows {g}, core {w})" for c, g, w in first) + ("; ..." if more else "")
        out.append(make("computed-stale", f"{title}!{first[0][0]}", file, sheet=title, count=len(cells),
                        cells_zh=listed_zh, cells_en=listed_en))
    return out


def _fmt(v: object) -> object:
    return f"{v:,.6g}" if isinstance(v, float) else v


def reference_locked(lang: str, methodology) -> dict[str, dict[str, object]]:
    """{sheet id: {coord: value}} of the locked sheets formulas read (parameters, lists)."""
    return _cached("locked", lang, methodology, _reference_locked)


def _reference_locked(lang: str, methodology) -> dict[str, dict[str, object]]:
    wb = Workbook()
    params = wb.active
    lists = wb.create_sheet("lists")
    write_params(wb, params, methodology, lang)
    write_lists(wb, lists, methodology, lang)
    return {"params": _values(params), "lists": _values(lists, 1)}


def _values(ws, first_row: int = 3) -> dict[str, object]:
    """Non-empty cells from `first_row` on (rows 1-2 hold the sheet's titles, written by the builder).
    Reads the sheet's existing cells only (iter_rows would create every empty one)."""
    return {c.coordinate: c.value for (r, _c), c in ws._cells.items() if r >= first_row and c.value not in (None, "")}


def locked_findings(wb, loc: Locator, lang: str, methodology, file: str) -> list[Finding]:
    """Locked cells that differ from the template: parameters, lists, indicator statics."""
    ref = reference_locked(lang, methodology)
    titles = {"params": loc.titles.get("params"), "lists": "列表" if lang == "zh" else "Lists"}
    out = []
    for sheet_id, expected in ref.items():
        title = titles[sheet_id]
        if title not in wb.sheetnames:
            out.append(make("template-sheet-missing", "", file, sheet=title))
            continue
        actual = _values(wb[title], 3 if sheet_id == "params" else 1)
        if actual == expected:
            continue
        differ = [c for c in set(expected) | set(actual) if actual.get(c) != expected.get(c)]
        for coord in sorted(differ, key=lambda c: (len(c), c)):
            if not _same(actual.get(coord), expected.get(coord), isinstance(expected.get(coord), str)):
                out.append(make("locked-cell-altered", f"{title}!{coord}", file, found=_text(actual.get(coord)),
                                expected=_text(expected.get(coord))))
    out += _static_findings(wb, loc, lang, methodology, file)
    return out[:MAX_LOCKED_FINDINGS]


def _static_findings(wb, loc: Locator, lang: str, m, file: str) -> list[Finding]:
    out = []
    for bp in loc.layout.blocks:
        for p in bp.items:
            if not isinstance(p.item, Static):
                continue
            title = loc.titles.get(p.sheet.id)
            if title not in wb.sheetnames:
                continue
            for i, cells in enumerate(p.rows):
                key = bp.block.keys[i] if bp.block.keys else i
                want = p.item.value(m, key, lang)
                cell = cells["value"]
                got = wb[title][cell.coord].value
                if not _same(got, want, isinstance(want, str)):
                    out.append(make("locked-cell-altered", f"{title}!{cell.coord}", file, found=_text(got),
                                    expected=_text(want)))
    return out
