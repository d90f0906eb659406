"""The workbook tester's findings, fixed and checked in LibreOffice headless (one batch for the module):

1. the English workbook shows "Not rated" (cnm.grading.grade_en), not 未达级, from the native formulas,
   the .xlsm's UDF path, `cnm recalc` and as the validator expects it;
2. numbers stored as text (pasted from a registry export) count as `cnm extract` reads them: every
   computed cell equals the core with every numeric input typed as text;
3. the offsets register says why a credit is not counted in the workbook's language, and marks a
   warning on a counted credit as a note;
4. every data validation has an input prompt and an error message in the workbook's language;
5. the boundary's gas list says which spellings are accepted, and the core accepts each of them.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from cnm.findings import CODES
from cnm.grading import NOT_RATED, NOT_RATED_EN
from cnm.methodology import default_methodology
from cnm.record_io import load_record
from cnm.result import assess
from tests.conftest import DEMO_RECORDS, amt, make_record
from tests.test_workbook_filled import _same
from tests.workbook_edge import measured_methane_and_supplier_rate, oil_field_location_based, own_factors_and_offsets
from workbook_templates.build import build_workbook, sheet_title
from workbook_templates.calc_fugitive import NOTE_MARK, OFFSET_NOTES, OFFSET_REASONS, offset_reasons_text
from workbook_templates.cells import cell_of, cells_of
from workbook_templates.figures import calc_cells
from workbook_templates.fill import fill_workbook
from workbook_templates.libreoffice import convert
from workbook_templates.prompts import MESSAGE_MAX, TITLE_MAX, gases_note
from workbook_templates.read import read_workbook
from workbook_templates.recalc import recalc
from workbook_templates.resolve import resolve
from workbook_templates.xlsm import build_xlsm

CJK = re.compile(r"[\u4e00-\u9fff]")
#: validator findings that say a cell differs from the template or the core
DISAGREE = {"result-stale", "computed-stale", "formula-edited", "formula-overwritten", "locked-cell-altered"}


def _titles(lang):
    return {s.id: sheet_title(s, lang) for s in resolve().sheets}


def as_text(wb, lang: str) -> int:
    """Every numeric input cell of a filled workbook turned into text, as a paste from a text export
    leaves it; the offsets' quantities with thousands commas and spaces (' 2,000.0 '). Returns the count."""
    titles, n = _titles(lang), 0
    for _bp, p in resolve().inputs():
        for cells in [p.cells] if p.cells else p.rows:
            for cell in cells.values():
                c = wb[titles[cell.sheet]][cell.coord]
                if isinstance(c.value, bool) or not isinstance(c.value, int | float):
                    continue
                if p.block.id == "offsets" and p.item.key == "quantity":
                    c.value = f" {c.value:,} "
                else:
                    c.value = repr(c.value) if isinstance(c.value, float) else str(c.value)
                c.data_type = "s"
                n += 1
    return n


def register_record():
    """Credits for every way the register's reasons column reads (validity 3 years, period 2024)."""
    credit = {"programme": "CCER", "vintage": 2023, "retirement_date": "2024-06-01", "beneficiary": "测试矿山"}
    return make_record(offsets=[
        {**credit, "project_id": "P1", "serial_start": "CN-100", "serial_end": "CN-1999", "quantity": 2000},
        {**credit, "project_id": "P2", "vintage": 2019, "serial_start": "CN-3000", "serial_end": "CN-3999",
         "quantity": 1000},
        {**credit, "programme": "VCS", "project_id": "V1", "retirement_date": None, "serial_start": "V-1",
         "serial_end": "V-800", "quantity": 900},
        {**credit, "programme": "GS", "project_id": "G1", "beneficiary": "别的公司", "quantity": 300},
        {**credit, "project_id": "P1", "serial_start": "CN-1500", "serial_end": "CN-1600", "quantity": 101},
        {**credit, "programme": "other", "vintage": 2026, "quantity": 50},
        {**credit, "project_id": "P3", "serial_start": "CN-5000", "serial_end": "CN-5499", "quantity": 500},
    ])


#: name -> (record, lang, numbers as text)
JOBS = {
    "notrated-en": ("jinyuan-coal_2024", "en", False),
    "notrated-zh": ("jinyuan-coal_2024", "zh", False),
    "register-zh": ("register", "zh", False),
    "register-en": ("register", "en", False),
    "text-register-zh": ("register", "zh", True),
    "text-jinyuan-2022-zh": ("jinyuan-coal_2022", "zh", True),  # a year as text picked a later grid year
    "text-wannan-2024-en": ("wannan-limestone_2024", "en", True),
    "text-edge-coal-zh": ("edge-coal", "zh", True),
    "text-edge-oil-en": ("edge-oil", "en", True),
    "text-edge-measured-zh": ("edge-measured", "zh", True),
}


def _record(name):
    edge = {"register": register_record, "edge-coal": own_factors_and_offsets, "edge-oil": oil_field_location_based,
            "edge-measured": measured_methane_and_supplier_rate}
    return edge[name]() if name in edge else load_record(DEMO_RECORDS / f"{name}.yaml")


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """name -> (record, lang, filled path, LibreOffice-recalculated path), one LibreOffice run."""
    folder = tmp_path_factory.mktemp("fixes")
    out = {}
    for name, (rec_name, lang, text) in JOBS.items():
        rec = _record(rec_name)
        wb = build_workbook(lang)
        fill_workbook(wb, rec, lang)
        if text:
            assert as_text(wb, lang) > 5
        path = folder / f"{name}.xlsx"
        wb.save(path)
        out[name] = [rec, lang, path, None]
    for v, lo in zip(out.values(), convert([v[2] for v in out.values()], folder / "lo"), strict=True):
        v[3] = lo
    return out


def _disagreements(path) -> list[tuple[str, str]]:
    from validator.pipeline import validate_file

    return [(f.code, f.loc) for f in validate_file(path).findings if f.code in DISAGREE]


# ---- 1. "Not rated" in the English workbook ------------------------------------------------------


@pytest.mark.slow
def test_the_english_workbook_says_not_rated(books, tmp_path):
    rec, _lang, path, lo = books["notrated-en"]
    r = assess(rec)
    assert r.grade_by_offset == r.grade == NOT_RATED != r.grade_by_score, "the record must be not rated by offsets"
    native = openpyxl.load_workbook(lo, data_only=True)
    assert [cell_of(native, f"calc.{k}").value for k in ("grade_by_score", "grade_by_offset", "grade")] == \
        [r.grade_by_score, NOT_RATED_EN, NOT_RATED_EN]
    verdict = [cell_of(native, f"calc.{k}").value for k in ("grade_by_score", "grade_by_offset", "grade", "plan")]
    assert not any(CJK.search(str(v)) for v in verdict), verdict
    assert cells_of(native, "P_GRADE_ORDER")[-1].value == NOT_RATED_EN
    zh = openpyxl.load_workbook(books["notrated-zh"][3], data_only=True)
    assert cell_of(zh, "calc.grade").value == NOT_RATED and cells_of(zh, "P_GRADE_ORDER")[-1].value == NOT_RATED
    cached = tmp_path / "recalc.xlsx"  # cnm recalc caches the same words
    recalc(path, cached)
    assert cell_of(openpyxl.load_workbook(cached, data_only=True), "calc.grade").value == NOT_RATED_EN
    assert _disagreements(lo) == [] and _disagreements(cached) == []


def test_the_english_xlsm_maps_the_udfs_answer_and_the_chinese_formula_is_unchanged():
    """CNM_GRADE answers the core's 未达级: the en grade cell maps it to its own list's "Not rated" before
    matching it (else the native formula would always take over below C); the zh formula is as before."""
    en, zh = (str(cell_of(build_xlsm(lang), "calc.grade").value) for lang in ("en", "zh"))
    assert f'SUBSTITUTE(CNM_GRADE(calc.total,calc.offset_share,P_METHOD_HASH),"{NOT_RATED}","{NOT_RATED_EN}")' in en
    assert zh.startswith("=IFERROR(INDEX(P_GRADE_ORDER,MATCH(CNM_GRADE(calc.total,calc.offset_share,P_METHOD_HASH),"
                         "P_GRADE_ORDER,0)),")


# ---- 2. numbers stored as text -------------------------------------------------------------------


@pytest.mark.slow
def test_numbers_stored_as_text_count_as_the_core_reads_them(books):
    """Every numeric input typed as text ('2000, ' 2,000 '): the record read back is the same, and every
    computed cell LibreOffice calculates equals the core (offsets summed, vintages and years compared,
    levels and supplier rates shown as numbers); the validator finds nothing stale."""
    checked = 0
    for name, (rec, lang, path, lo) in books.items():
        if not name.startswith("text-"):
            continue
        back = read_workbook(path)
        assert back.record.model_dump(mode="json") == rec.model_dump(mode="json"), name
        wb, titles = openpyxl.load_workbook(lo, data_only=True), _titles(lang)
        wrong = [f"{cc.key} {cc.coord}: LibreOffice {wb[titles[cc.sheet]][cc.coord].value!r}, core {cc.value!r}"
                 for cc in calc_cells(rec, back.rows, lang) if not _same(wb[titles[cc.sheet]][cc.coord].value, cc.value)]
        assert not wrong, f"{name}: " + "; ".join(wrong[:8])
        assert _disagreements(lo) == [], name
        checked += 1
    assert checked == 6
    offsets = openpyxl.load_workbook(books["text-register-zh"][3], data_only=True)
    assert cell_of(offsets, "calc.offsets").value == assess(register_record()).inventory.offsets == 2500


# ---- 3. the offsets register's reasons -----------------------------------------------------------


def test_every_offset_finding_has_the_registers_short_text():
    core = {c for c in CODES if c.startswith("offset-")}
    assert set(OFFSET_REASONS) | set(OFFSET_NOTES) == core
    for zh, en in [*OFFSET_REASONS.values(), *OFFSET_NOTES.values()]:
        assert CJK.search(zh) and not CJK.search(en) and not zh.startswith(NOTE_MARK["zh"])
    assert offset_reasons_text({"offset-serial-quantity", "offset-not-retired"}, "zh") == "未注销；提示：序列号区间与数量不符"
    assert offset_reasons_text(set(), "en") == ""


@pytest.mark.slow
def test_the_register_says_why_in_the_workbooks_language(books):
    want = {
        "zh": ["提示：序列号区间与数量不符", "已过有效期", "未注销；提示：序列号区间与数量不符", "受益方不是本矿山",
               "序列号与上方的行重复", "机制不在认可范围内；年份晚于评价期", None],
        "en": ["Note: serial range and quantity differ", "expired", "not retired; Note: serial range and quantity differ",
               "retired for another beneficiary", "serials repeat a row above",
               "programme not recognised; vintage after the period", None],
    }
    counted = {"zh": ["计入", "不计入", "不计入", "不计入", "不计入", "不计入", "计入"],
               "en": ["yes", "no", "no", "no", "no", "no", "yes"]}
    credits = assess(register_record()).inventory.credits
    assert [c.counted for c in credits] == [True, False, False, False, False, False, True]
    for lang in ("zh", "en"):
        wb = openpyxl.load_workbook(books[f"register-{lang}"][3], data_only=True)
        n = len(credits)
        assert [c.value for c in cells_of(wb, "calc.off_reasons")[:n]] == want[lang]
        assert [c.value for c in cells_of(wb, "calc.off_status")[:n]] == counted[lang]
        assert [c.value for c in cells_of(wb, "calc.off_qty")[:n]] == [c.quantity for c in credits]
        assert not any("offset-" in str(c.value) for c in cells_of(wb, "calc.off_reasons")), "bare finding codes"
        column = cells_of(wb, "calc.off_reasons")[0].column_letter
        header = wb[_titles(lang)["offsets"]][f"{column}{resolve().block('offsets').header_row}"].value
        assert ("提示" if lang == "zh" else "note") in header


# ---- 4. prompts and error messages of the data validations ---------------------------------------


def _validations(wb):
    return [(ws.title, dv) for ws in wb.worksheets for dv in ws.data_validations.dataValidation]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_validation_says_what_is_allowed_in_the_workbooks_language(lang):
    for wb in (build_workbook(lang), build_xlsm(lang), build_workbook(lang, category="coal_underground")):
        found = _validations(wb)
        assert len(found) > 60
        for title, dv in found:
            where = f"{title}!{dv.sqref}"
            assert dv.showInputMessage and dv.showErrorMessage, where
            texts = (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error)
            assert all(texts), where
            assert len(dv.promptTitle) <= TITLE_MAX and len(dv.errorTitle) <= TITLE_MAX, where
            assert len(dv.prompt) <= MESSAGE_MAX and len(dv.error) <= MESSAGE_MAX, where
            if lang == "zh":
                assert CJK.search(dv.prompt) and CJK.search(dv.error), where
            else:
                assert not any(CJK.search(t) for t in texts), (where, texts)
    wb = build_workbook(lang)
    by_cell = {(t, str(c)): dv for t, dv in _validations(wb) for c in dv.sqref.ranges}
    cell = cell_of(wb, "period.year")
    year = by_cell[(cell.parent.title, cell.coordinate)]
    assert "2000" in year.prompt and "2100" in year.prompt


@pytest.mark.slow
def test_libreoffice_keeps_the_prompts(books):
    """LibreOffice reads the prompts and messages (and writes them back when it saves the workbook)."""
    for name in ("notrated-zh", "notrated-en"):
        ours = {(t, str(dv.sqref)): (dv.prompt, dv.error) for t, dv in _validations(openpyxl.load_workbook(books[name][2]))}
        theirs = {(t, str(dv.sqref)): (dv.prompt, dv.error) for t, dv in _validations(openpyxl.load_workbook(books[name][3]))}
        assert set(theirs.values()) == set(ours.values()), name


def test_every_formula_stays_within_excels_limits():
    """8,192 characters and 64 nested functions per formula (the offsets' reasons are the longest)."""
    for wb in (build_workbook("zh"), build_workbook("en"), build_xlsm("en")):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        assert len(c.value) <= 8192, (ws.title, c.coordinate, len(c.value))
                        code = re.sub(r'"(?:[^"]|"")*"', '""', c.value)
                        depth = deepest = 0
                        for ch in code:
                            depth += (ch == "(") - (ch == ")")
                            deepest = max(deepest, depth)
                        assert deepest <= 64, (ws.title, c.coordinate, deepest)


# ---- 5. the gas list's spellings -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_gas_list_says_which_names_it_accepts(lang):
    m = default_methodology()
    wb = build_workbook(lang)
    cell = cell_of(wb, "boundary.gases")
    note = gases_note(m, lang)
    assert cell.comment is not None and cell.comment.text == note
    dv = next(dv for t, dv in _validations(wb) if t == cell.parent.title and cell.coordinate in map(str, dv.sqref.ranges))
    assert dv.prompt == note
    groups = list(dict.fromkeys(g.family for g in m.gwp.gases))
    assert {"HFC", "PFC", "SF6"} <= set(groups)
    assert all(g in note for g in groups) and "HFC-134a" in note


def test_every_spelling_the_gas_list_names_is_accepted_by_the_core():
    """A boundary declaring the groups the note lists (or the single gas it gives as example) covers
    F-gas leaks of each group: no gas-not-declared."""
    m = default_methodology()
    groups = list(dict.fromkeys(g.family for g in m.gwp.gases))
    leaks = [{"gas": g, "amount": amt(0.01, "t")} for g in ("HFC-134a", "CF4", "SF6", "NF3")]
    declared = make_record(boundary={"gases": groups}, fgases=leaks)
    assert "gas-not-declared" not in {f.code for f in assess(declared, m).findings}
    single = make_record(boundary={"gases": ["CO2", "CH4", "HFC-134a"]}, fgases=leaks[:1])
    assert "gas-not-declared" not in {f.code for f in assess(single, m).findings}
    missing = make_record(boundary={"gases": ["CO2", "CH4"]}, fgases=leaks[:1])
    assert "gas-not-declared" in {f.code for f in assess(missing, m).findings}
