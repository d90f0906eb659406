"""Check a workbook that opened safely against the template (issue 4's layout spec) and the core.

Order: is it our template and a version we read; are its sheets there; are its computed cells
where the template has them (rows inserted or deleted: `validator.shifted`); the input cells as
the workbook holds them (formulas, TRUE, units outside the template's lists: `validator.inputs`)
and the record read from them (types, units, required fields, choices:
`workbook_templates.read.read_loaded`); the core's findings on that record (provenance R-7.2,
qualitative evidence, offsets G-7 ...) and the validator's plausibility checks, all located in
cells; then the recompute.
"""

from __future__ import annotations

import re

from cnm.errors import InputErrors, Problem
from cnm.findings import CODES as CORE_CODES
from cnm.findings import Finding
from cnm.result import assess
from validator.codes import make
from validator.core_findings import core_findings
from validator.inputs import input_findings
from validator.locate import Locator, unit_choices
from validator.outcome import WorkbookOutcome
from validator.plausibility import record_checks
from validator.recompute import expected_formulas, formula_findings, locked_findings, value_findings
from validator.shifted import shifted_rows
from workbook_templates.cells import MissingName, methodology_stamp, where
from workbook_templates.figures import calc_cells
from workbook_templates.layout import TEMPLATE_VERSION
from workbook_templates.read import read_loaded, template_version
from workbook_templates.resolve import resolve

_LOCATED = re.compile(r"^(?P<cell>.+![A-Z]{1,3}\d+) \((?P<path>.+)\)$")
_RANGE_TYPES = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
_CHOICE_TYPES = {"literal_error", "enum"}


def _minor(version: str) -> int:
    """'cnm-template/1.1' -> 1, 'cnm-template/1' -> 0 (a malformed minor part counts as 0)."""
    _, _, minor = version.partition("/")[2].partition(".")
    return int(minor) if minor.isdigit() else 0


def check_workbook(wb, opened, out: WorkbookOutcome, methodology=None) -> None:
    """Add the template, cell, core and recompute findings of a loaded workbook to `out`."""
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    file = out.file
    version = template_version(wb)
    family, _, major = TEMPLATE_VERSION.partition("/")
    if not version.startswith(family + "/"):
        out.findings.append(make("template-unknown", "", file))
        return
    if version.split("/", 1)[1].split(".")[0] != major.split(".")[0]:
        out.findings.append(make("template-version", "", file, found=version, supported=TEMPLATE_VERSION))
        return
    if _minor(version) != _minor(TEMPLATE_VERSION):  # same cells, other formulas: one finding, not one per cell
        code = "template-outdated" if _minor(version) < _minor(TEMPLATE_VERSION) else "template-version"
        out.findings.append(make(code, "", file, found=version, supported=TEMPLATE_VERSION))
        return
    out.template_version = version
    lay = resolve()
    loc = Locator.for_sheetnames(wb.sheetnames, lay)
    missing = [t for t in loc.titles.values() if t not in wb.sheetnames]
    if missing:
        out.findings += [make("template-sheet-missing", "", file, sheet=t) for t in missing]
        return
    lang = "zh" if all(s.zh == loc.titles[s.id] for s in lay.sheets) else "en"
    out.findings += _protection(wb, loc, file)
    same_method = _methodology_matches(wb, m, out, file)
    # Formula text is the same under every methodology (formulas read their parameters from the
    # locked parameter sheet): an overwritten or edited formula is found whatever the hash says.
    formulas, intact = formula_findings(wb, loc, lang, m, file)
    shifted, explained = shifted_rows(wb, loc, expected_formulas(lang, m), formulas, file)
    out.findings += shifted + [f for f in formulas if f.loc not in explained]
    if same_method:  # the locked parameters are those of the methodology in use
        out.findings += locked_findings(wb, loc, lang, m, file)
    # As the workbook holds them: what the reader would take but the spreadsheet cannot compute.
    cells = [] if shifted else input_findings(wb, loc, file, m)
    bad_cells = {f.loc for f in cells if f.severity == "error"}
    try:
        read = read_loaded(wb, file, m)
    except InputErrors as exc:
        if not shifted:  # else the cells are not where the template has them: its findings say so
            out.findings += cells + [f for f in (_problem_finding(p, loc, file, wb) for p in exc.problems)
                                     if f.loc not in bad_cells]
        return
    loc.rows = read.rows
    record = read.record
    out.claimed = record  # what it claims takes part in the batch's checks (G-7), whatever its errors
    out.serial_cells = {i: loc.cell(f"offsets[{i}].serial_start") for i in range(len(record.offsets))}
    out.findings += cells
    if shifted or bad_cells:  # the core's figures would be those of cells the spreadsheet cannot compute
        return
    try:
        result = assess(record, m)
    except InputErrors as exc:  # blocking errors of the core: bad unit for a source, unknown source ...
        out.findings += [_problem_finding(p, loc, file, wb) for p in exc.problems]
        return
    out.findings += core_findings(result, record, loc, file)
    out.findings += [_relocate(f, loc, file)
                     for f in record_checks(record, result, m, unit_choices, label=loc.label)]
    if same_method:  # cached values were read in the same pass as the cells (validator.fastbook)
        calcs = calc_cells(record, read.rows, lang, m, result, lay)
        out.findings += value_findings(calcs, wb.cached, intact, loc, file)
    if not any(f.severity == "error" for f in out.findings):
        out.record = record


def _protection(wb, loc: Locator, file: str) -> list[Finding]:
    return [make("protection-removed", "", file, sheet=title) for title in loc.titles.values()
            if title in wb.sheetnames and not wb[title].protection.sheet]


def _methodology_matches(wb, m, out: WorkbookOutcome, file: str) -> bool:
    """Whether the workbook was made under `m`. A hash of another methodology is a warning (its
    parameters and cached values cannot be checked here); a different hash under the very name
    and version of `m` can only be an edited locked cell."""
    info = m.info()
    try:
        found, name, version = methodology_stamp(wb)
    except MissingName as exc:
        out.findings.append(make("template-name-missing", "", file, name=str(exc.args[0] if exc.args else exc)))
        return False
    if found != info["hash"] and (name, version) == (str(info["name"]), str(info["version"])):
        out.findings.append(make("locked-cell-altered", where(wb, "P_METHOD_HASH"), file, found=found[:80], expected=info["hash"]))
        return False
    if found != info["hash"]:
        out.findings.append(make("methodology-mismatch", "", file, found=f"sha256:{found[:16]}…",
                                 used=f"{info['name']} v{info['version']} sha256:{info['hash'][:16]}…"))
        return False
    return True


def _relocate(f: Finding, loc: Locator, file: str) -> Finding:
    """A finding located by record path, moved to its cell (the path stays when it has none)."""
    return f.model_copy(update={"loc": loc.cell(f.loc), "file": file})


def _problem_finding(p: Problem, loc: Locator, file: str, wb=None) -> Finding:
    """A reader or core problem as a validator finding, with the code for its kind; the cell's
    content is quoted where the message is about it (read from `wb`, already loaded)."""
    m = _LOCATED.match(p.loc)
    cell, path = (m.group("cell"), m.group("path")) if m else (None, p.loc)
    if p.loc == "(top)" and ":" in p.message_en:  # a record-level rule names its field first
        path = p.message_en.split(":", 1)[0].strip()
    where = cell or loc.cell(path)
    if p.code in CORE_CODES:
        t = CORE_CODES[p.code]
        return Finding(code=p.code, severity="error", loc=where, file=file, message_zh=p.message_zh or p.message_en,
                       message_en=p.message_en, hint_zh=t.hint_zh, hint_en=t.hint_en or p.hint)
    if p.code == "workbook-missing-cell":
        return make("template-name-missing", where, file, name=path)
    zh, en = loc.label(path)
    detail_zh = f"{zh}：{p.message_zh or p.message_en}"
    detail_en = f"{en}: {p.message_en}"
    if p.code == "missing":
        return make("required-missing", where, file, what_zh=zh, what_en=en)
    field = _field(loc, path)
    if p.code in _CHOICE_TYPES or (p.code == "workbook-bad-value" and field in ("choice", "unit", "quality")):
        return make("choice-invalid", where, file, value=_bad_value(p))
    if p.code == "workbook-bad-value":  # the reader's text names a Python exception: say what was expected
        want_zh, want_en = _EXPECTED.get(field, _EXPECTED[""])
        value = _bad_value(p)
        return make("value-invalid", where, file, detail_zh=f"{zh}：“{value}”{want_zh}",
                    detail_en=f"{en}: '{value}' {want_en}")
    if p.code in _PARSING:  # the record model's own parsing text: say what was expected instead
        want_zh, want_en = _EXPECTED[_PARSING[p.code]]
        value = _cell_text(wb, where)
        if value is None:
            return make("value-invalid", where, file, detail_zh=f"{zh}{want_zh}", detail_en=f"{en} {want_en}")
        slip_zh, slip_en = _number_slip(value)
        return make("value-invalid", where, file, detail_zh=f"{zh}：“{value}”{want_zh}{slip_zh}",
                    detail_en=f"{en}: '{value}' {want_en}{slip_en}")
    if "unit" in p.message_en.lower() or "单位" in (p.message_zh or ""):
        if not path.endswith(".unit"):  # a rule on the whole amount: point at its unit cell
            where = _unit_cell(loc, path, where)
        return make("unit-invalid", where, file, detail_zh=detail_zh, detail_en=detail_en)
    if p.code in _RANGE_TYPES:
        limit = _LIMIT.search(p.message_en or "")
        value = _cell_text(wb, where)
        if limit:
            bound = limit.group("bound")
            shown_zh, shown_en = (f"“{value}”", f"'{value}'") if value is not None else ("数值", "the value")
            word_zh = {"greater_than_equal": "不能小于", "greater_than": "须大于", "less_than_equal": "不能大于",
                       "less_than": "须小于"}[p.code]
            word_en = {"greater_than_equal": "must be at least", "greater_than": "must be above",
                       "less_than_equal": "must be at most", "less_than": "must be below"}[p.code]
            detail_zh, detail_en = f"{zh}：{shown_zh}{word_zh} {bound}", f"{en}: {shown_en} {word_en} {bound}"
        return make("value-out-of-range", where, file, detail_zh=detail_zh, detail_en=detail_en)
    if p.code == "string_pattern_mismatch":
        form = _pattern_form(p.message_en or "")
        value = _cell_text(wb, where)
        shown_zh, shown_en = (f"“{value}”", f"'{value}'") if value is not None else ("", "the value")
        return make("value-invalid", where, file, detail_zh=f"{zh}：{shown_zh}格式不符，{form[0]}",
                    detail_en=f"{en}: {shown_en} is not in the expected form: {form[1]}")
    return make("value-invalid", where, file, detail_zh=detail_zh, detail_en=detail_en)


_LIMIT = re.compile(r"(?:greater|less) than(?: or equal to)? (?P<bound>-?[\d.eE+]+)")
#: the record model's patterns, said in words with an example instead of the regular expression
_PATTERNS = {
    "^[a-z0-9][a-z0-9-]{0,63}$": ("应为英文小写字母、数字和连字符（不含空格，最多 64 个字符），如 jinyuan-coal",
                                  "lower-case letters, digits and hyphens (no spaces, at most 64), e.g. jinyuan-coal"),
    "^\\d{4}-\\d{2}$": ("应为“年-月”，如 2024-03", "year-month, e.g. 2024-03"),
    "^\\d{4}(H[12])?$": ("应为年份或半年度，如 2023、2023H1 或 2023H2", "a year or a half-year, e.g. 2023, 2023H1 or 2023H2"),
    "^I\\d{2}$": ("应为指标编号，如 I08", "an indicator id, e.g. I08"),
}


def _pattern_form(message_en: str) -> tuple[str, str]:
    m = re.search(r"pattern '(?P<p>.*)'", message_en)
    pattern = m.group("p") if m else ""
    return _PATTERNS.get(pattern, ("请按单元格提示的格式填写", "follow the form the cell's prompt gives"))


def _number_slip(text: str) -> tuple[str, str]:
    """What makes a number typed as text unreadable: full-width digits, separators, NaN."""
    if any("\uff10" <= ch <= "\uff19" or ch in "\uff0e\uff0c" for ch in text):
        return "；请用半角数字（如 300，而不是 ３００）", "; use half-width digits (300, not ３００)"
    if re.search(r"\d[,，]\d", text):
        return ("；不要用千位分隔符或小数逗号（6,750 填 6750，300,5 填 300.5）",
                "; no thousands separators or decimal commas (6,750 as 6750, 300,5 as 300.5)")
    if text.strip().lower() in ("nan", "inf", "-inf", "infinity"):
        return "；请填写实际数值，没有数据时留空", "; enter the actual figure, or leave the cell empty when there is none"
    return "", ""


def _cell_text(wb, where: str) -> str | None:
    """The content of the cell at 'sheet!C5' as text, for quoting in a message (None if unknown)."""
    if wb is None or "!" not in where:
        return None
    title, coord = where.rsplit("!", 1)
    if title not in wb.sheetnames or not re.fullmatch(r"[A-Z]{1,3}\d+", coord):
        return None
    value = wb[title][coord].value
    if value is None or value == "":
        return None
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


#: what a cell of each field type should hold, for a value the reader could not use
_EXPECTED = {
    "float": ("不是数值，请填写数字（如 1250.5，不带单位和文字）", "is not a number: enter digits only (e.g. 1250.5, no unit or words)"),
    "percent": ("不是数值，请填写 0-100 的数字（不带 %）", "is not a number: enter a number from 0 to 100 (no %)"),
    "int": ("不是整数，请填写整数（如 2024）", "is not a whole number: enter digits only (e.g. 2024)"),
    "date": ("不是日期，请填写日期（如 2024-03-31）", "is not a date: enter a date (e.g. 2024-03-31)"),
    "": ("无法识别，请按单元格提示填写", "cannot be read: follow the cell's prompt"),
}
#: parsing errors of the record model, by the field type they expected
_PARSING = {"float_parsing": "float", "finite_number": "float", "int_parsing": "int", "int_from_float": "int",
            "date_parsing": "date", "date_from_datetime_parsing": "date", "date_type": "date"}
_ZH_VALUE = re.compile(r"无法识别“(?P<v>.*)”", re.S)
_EN_VALUE = re.compile(r"cannot use '(?P<v>.*?)': ", re.S)


def _bad_value(p: Problem) -> str:
    """The cell content the reader could not use, from its message ('无法识别“…”'), once."""
    m = _ZH_VALUE.fullmatch(p.message_zh or "") or _EN_VALUE.match(p.message_en or "")
    return m.group("v") if m else "?"


def _unit_cell(loc: Locator, path: str, where: str) -> str:
    """The unit cell in the same row as `where` (the reader located the amount's row)."""
    from validator.locate import place_of

    unit = place_of(loc.table_path(path) + ".unit", loc.layout)
    m = re.match(r"^(.+)!([A-Z]+)(\d+)$", where)
    if unit is None or not m:
        return where
    column = re.match(r"[A-Z]+", unit.coord).group(0)
    return f"{m.group(1)}!{column}{m.group(3)}"


def _field(loc: Locator, path: str) -> str:
    """'choice', 'unit', 'quality' or the field type of the input at a record path."""
    tail = path.rsplit(".", 1)[-1]
    if tail in ("unit", "quality"):
        return tail
    from validator.locate import place_of

    place = place_of(loc.table_path(path), loc.layout)
    if place is None:
        return ""
    item = loc.layout.by_name[place.name].item
    return "choice" if getattr(item, "type", "") in ("choice", "half", "scopes") else getattr(item, "type", "")
