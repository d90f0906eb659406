"""Filled workbooks, end to end: every demo record (and two edge records) is written into the
template, read back (same record), recalculated by LibreOffice headless in ONE batch (every
computed cell equals the core), re-checked through the CNM_* UDFs called as plain Python,
cached by `cnm recalc` (data_only readers see the core's numbers) and rendered to a picture.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

import xl_addin.udfs as udfs
from cnm.grading import grade_en
from cnm.methodology import default_methodology
from cnm.record_io import load_record, record_files
from cnm.result import assess
from tests.conftest import DEMO_RECORDS, ROOT
from tests.workbook_edge import (
    long_serials_and_spaced_names,
    measured_methane_and_supplier_rate,
    oil_field_location_based,
    own_factors_and_offsets,
)
from workbook_templates.build import build_workbook, sheet_title
from workbook_templates.cells import cell_of, cells_of
from workbook_templates.figures import calc_cells
from workbook_templates.fill import fill_workbook
from workbook_templates.inputs_sheet import TITLES, input_keys
from workbook_templates.libreoffice import convert
from workbook_templates.read import read_pairs, read_record, read_workbook
from workbook_templates.recalc import recalc
from workbook_templates.render import render_main_sheets
from workbook_templates.resolve import resolve
from workbook_templates.xlsm import build_xlsm

pytestmark = pytest.mark.slow
ARTEFACTS = ROOT / "build" / "test-artefacts"


def _records() -> dict[str, object]:
    recs = {f.stem: load_record(f) for f in record_files([DEMO_RECORDS])}
    recs["edge-coal"] = own_factors_and_offsets()
    recs["edge-oil"] = oil_field_location_based()
    recs["edge-serials"] = long_serials_and_spaced_names()
    recs["edge-measured"] = measured_methane_and_supplier_rate()
    return recs


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """name -> (record, lang, filled path, LibreOffice-recalculated path)."""
    folder = tmp_path_factory.mktemp("filled")
    templates = {}
    for lang in ("zh", "en"):
        buf = BytesIO()
        build_workbook(lang).save(buf)
        templates[lang] = buf.getvalue()
    jobs = {name: (rec, "zh", ".xlsx") for name, rec in _records().items()}
    for name in ("jinyuan-coal_2024", "edge-coal", "chuannan-gas_2024", "edge-serials"):
        jobs[f"{name}.en"] = (jobs[name][0], "en", ".xlsx")
    jobs["qianxi-iron_2024.udf"] = (jobs["qianxi-iron_2024"][0], "zh", ".xlsm")
    jobs["edge-oil.udf"] = (jobs["edge-oil"][0], "en", ".xlsm")
    jobs["edge-measured.udf"] = (jobs["edge-measured"][0], "zh", ".xlsm")
    out = {}
    for name, (rec, lang, ext) in jobs.items():
        if ext == ".xlsm":
            wb = build_xlsm(lang)
        else:
            wb = openpyxl.load_workbook(BytesIO(templates[lang]))
        fill_workbook(wb, rec, lang)
        path = folder / f"{name.replace('.', '_')}{ext}"
        wb.save(path)
        out[name] = [rec, lang, path, None]
    converted = convert([v[2] for v in out.values()], folder / "lo")
    for v, lo in zip(out.values(), converted, strict=True):
        v[3] = lo
    return out


def _same(got, want) -> bool:
    if want in ("", None):
        return got in ("", None)
    if isinstance(want, str):
        return got == want
    return isinstance(got, int | float) and not isinstance(got, bool) and math.isclose(got, want, rel_tol=1e-9,
                                                                                        abs_tol=1e-6)


def _titles(lang):
    return {s.id: sheet_title(s, lang) for s in resolve().sheets}


def test_fill_then_read_gives_the_same_record(filled):
    for name, (rec, _lang, path, _lo) in filled.items():
        back = read_record(path)
        assert back.model_dump(mode="json") == rec.model_dump(mode="json"), name


def test_libreoffice_recalculation_equals_the_core_in_every_computed_cell(filled):
    """The native-formula path (and the UDF fallback of the .xlsm) computes the core's figures."""
    checked = 0
    for name, (rec, lang, _path, lo) in filled.items():
        wb = openpyxl.load_workbook(lo, data_only=True)
        titles = _titles(lang)
        wrong = []
        for cc in calc_cells(rec, lang=lang):
            got = wb[titles[cc.sheet]][cc.coord].value
            if not _same(got, cc.value):
                wrong.append(f"{cc.key} {titles[cc.sheet]}!{cc.coord}: LibreOffice {got!r}, core {cc.value!r}")
            checked += 1
        assert not wrong, f"{name}: " + "; ".join(wrong[:10])
    assert checked > 20 * 400


def _cell(wb, name, index=0):
    return cells_of(wb, name)[index].value


def test_udfs_called_as_xlwings_would_equal_the_native_cells(filled):
    """Each CNM_* function, given the cells' inputs (and the workbook's methodology hash, as the .xlsm's
    formulas pass it), returns what the native formula shows, zh and en."""
    checked = set()
    for name, (rec, _lang, path, lo) in filled.items():
        if name.endswith(".udf"):
            continue
        calc = openpyxl.load_workbook(lo, data_only=True)
        inp = openpyxl.load_workbook(path)
        method = _cell(inp, "P_METHOD_HASH")
        cat = _cell(calc, "calc.category")
        for i, fuel in enumerate(rec.fuels):
            args = [_cell(inp, f"fuels.{k}", i) for k in ("value", "unit", "fuel", "own_factor.ncv.value",
                                                          "own_factor.ncv.unit", "own_factor.carbon_content.value",
                                                          "own_factor.carbon_content.unit", "own_factor.oxidation_percent")]
            assert _same(udfs.CNM_CO2E(*args, method), _cell(calc, "calc.fuel_tco2", i)), (name, fuel.fuel)
            assert _same(udfs.CNM_TCE(*args[:3], method), _cell(calc, "calc.fuel_tce", i)), (name, fuel.fuel)
            checked.add("fuel")
        for i, c in enumerate(rec.carbonates):
            v, u, kind, pur, dec = (_cell(inp, f"carbonates.{k}", i) for k in (
                "amount.value", "amount.unit", "carbonate", "purity_percent", "decomposition_percent"))
            amount = v * (100 if pur in (None, "") else pur) / 100 * (100 if dec in (None, "") else dec) / 100
            got = udfs.CNM_CO2E(amount, u, kind, "", "", "", "", "", method)
            assert _same(got, _cell(calc, "calc.carbonate_tco2", i)), (name, c.carbonate)
            checked.add("carbonate")
        for i, g in enumerate(rec.fgases):
            assert _same(udfs.CNM_GWP(_cell(inp, "fgases.gas", i), method), _cell(calc, "calc.fgas_gwp", i)), (name, g.gas)
        _heat_and_electricity(name, rec, calc, method, checked)
        scores = []
        for ind in assess(rec).indicators:
            metric, score = _cell(calc, f"calc.ind_metric.{ind.id}"), _cell(calc, f"calc.ind_score.{ind.id}")
            if ind.nature == "qualitative":
                entry = rec.qualitative.get(ind.id)
                got = udfs.CNM_INDICATOR(ind.id, entry.level if entry else None, "", entry.evidence if entry else None,
                                         method)
            else:
                got = udfs.CNM_INDICATOR(ind.id, None if metric == "" else metric, cat, "", method)
            assert _same(got, score), (name, ind.id)
            scores.append([score])
        i = 0
        for g in default_methodology().catalog.groups:
            part = scores[i:i + len(g.indicators)]
            i += len(g.indicators)
            assert _same(udfs.CNM_GROUP(g.id, part, method), _cell(calc, f"calc.group_score.{g.id}")), (name, g.id)
        total, share = _cell(calc, "calc.total"), _cell(calc, "calc.offset_share")
        assert _same(udfs.CNM_SCORE(scores, method), total), name
        assert _same(udfs.CNM_OFFSET_SHARE(_cell(calc, "calc.offsets"), _cell(calc, "calc.residual")), share), name
        grade = udfs.CNM_GRADE(total, min(share, 2), method)  # the en .xlsm shows 未达级 as "Not rated"
        assert (grade if _lang == "zh" else grade_en(grade)) == _cell(calc, "calc.grade"), name
        plan = udfs.CNM_PLAN(total, min(share, 2), _cell(calc, "calc.residual"), _cell(calc, "calc.offsets"), _lang,
                             method)
        assert plan == _cell(calc, "calc.plan"), name
        checked.add(_lang)
    assert checked >= {"fuel", "carbonate", "heat", "electricity", "market", "zh", "en"}, checked


def _heat_and_electricity(name, rec, calc, method, checked):
    from cnm.units import convert as to

    el, heat = rec.electricity, rec.heat
    mwh = {k: 0.0 if getattr(el, k) is None else to(getattr(el, k).value, getattr(el, k).unit, "MWh")
           for k in ("purchased", "exported", "onsite_renewable")}
    net = max(mwh["purchased"] - mwh["exported"], 0)
    tce = udfs.CNM_TCE(net + mwh["onsite_renewable"], "MWh", "electricity", method)
    assert _same(tce, _cell(calc, "calc.elec_tce")), name
    if net > 0:
        where = el.grid_region or rec.mine.province
        for basis, key in (("average", "calc.ef_location"), ("market", "calc.ef_market")):
            ef = udfs.CNM_GRID(rec.period.year, where, basis, el.factor_year, method)
            if basis == "market" and el.supplier_factor_tco2_per_mwh is not None:
                ef = el.supplier_factor_tco2_per_mwh  # the supplier's own rate replaces the residual mix
            assert _same(ef, _cell(calc, key)), (name, basis)
        checked.update({"electricity", "market"})
    gj = {k: 0.0 if getattr(heat, k) is None else to(getattr(heat, k).value, getattr(heat, k).unit, "GJ")
          for k in ("purchased", "exported")}
    if gj["purchased"] - gj["exported"] > 0 and heat.supplier_factor_tco2_per_gj is None:
        got = udfs.CNM_CO2E(gj["purchased"] - gj["exported"], "GJ", "heat", "", "", "", "", "", method)
        assert _same(got, _cell(calc, "calc.heat_tco2")), name
        checked.add("heat")


def test_score_of_the_whole_input_range_as_libreoffice_computes_it(filled):
    """CNM_SCORE(cnm.inputs): the .xlsm's hidden inputs sheet, as LibreOffice calculated it, carries
    the whole record (read back equal) and gives the core's total, zh and en. (Read with calamine,
    a reader that shares no code with openpyxl.)"""
    from python_calamine import CalamineWorkbook

    checked = 0
    for name, (rec, lang, path, lo) in filled.items():
        if path.suffix != ".xlsm":
            continue
        checked += 1
        rows = CalamineWorkbook.from_path(str(lo)).get_sheet_by_name(TITLES[lang]).to_python()[1:]
        assert len(rows) == len(list(input_keys(resolve()))), name
        assert read_pairs(rows).record.model_dump(mode="json") == rec.model_dump(mode="json"), name
        assert udfs.CNM_SCORE(rows) == assess(rec).total, name
    assert checked >= 2


def test_recalc_caches_the_core_figures_for_readers_that_do_not_calculate(filled, tmp_path):
    for name in ("jinyuan-coal_2024", "edge-coal", "qianxi-iron_2024.udf"):
        rec, lang, path, _lo = filled[name]
        before = path.read_bytes()
        out = tmp_path / f"{name}{path.suffix}"
        done = recalc(path, out)
        assert path.read_bytes() == before, "the input workbook was modified"
        wb = openpyxl.load_workbook(out, data_only=True, keep_vba=path.suffix == ".xlsm")
        assert wb.calculation.fullCalcOnLoad in (False, None)
        titles = _titles(lang)
        cells = calc_cells(rec, read_workbook(out).rows, lang)
        assert done.cells == len(cells)
        wrong = [c.key for c in cells if not _same(wb[titles[c.sheet]][c.coord].value, c.value)]
        assert not wrong, f"{name}: {wrong[:10]}"
        formulas = openpyxl.load_workbook(out)
        assert str(formulas[titles["results"]]["C9"].value).startswith("="), "formulas must stay"
        if path.suffix == ".xlsm":  # the hidden inputs sheet's formulas are cached too
            _inputs_sheet_is_cached(out, rec, lang, wb, formulas)


def _inputs_sheet_is_cached(out, rec, lang, values, formulas):
    """Every formula of the hidden inputs sheet has a cached value (read from the sheet's XML: a
    cached empty text and no cached value both read as None in openpyxl), and they give the record."""
    import zipfile

    from python_calamine import CalamineWorkbook

    from workbook_templates.recalc import _sheet_parts

    n = len(list(input_keys(resolve())))
    with zipfile.ZipFile(out) as z:
        xml = z.read(_sheet_parts(z)[TITLES[lang]]).decode("utf-8")
    cells = re.findall(r'<c r="B(\d+)"[^>]*>(.*?)</c>', xml, re.S)
    with_formula = [(r, body) for r, body in cells if "<f>" in body]
    assert len(with_formula) == n > 1000
    missing = [r for r, body in with_formula if "<v" not in body]
    assert not missing, f"{len(missing)} inputs without a cached value, e.g. rows {missing[:3]}"
    assert formulas[TITLES[lang]]["B2"].value.startswith("="), "formulas must stay"
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(TITLES[lang]).to_python()[1:]
    assert read_pairs(rows).record.model_dump(mode="json") == rec.model_dump(mode="json")
    assert udfs.CNM_SCORE(rows) == assess(rec).total


def test_picture_of_the_main_sheets(filled, tmp_path):
    rec, _lang, path, _lo = filled["wannan-limestone_2024"]
    rc = tmp_path / "wannan-limestone_2024.xlsx"
    recalc(path, rc)
    pages = render_main_sheets(rc, ARTEFACTS / "workbook-main-sheets.png")
    assert len(pages) >= 2 and all(p.stat().st_size > 5000 for p in pages)
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout",
                           str(ARTEFACTS / "workbook-main-sheets.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    r = assess(rec)
    assert "评价结果" in text and "指标体系" in text
    assert f"{r.total:.2f}" in text and r.grade in text
    assert Path(ARTEFACTS / "workbook-main-sheets.pdf").exists()


def test_grade_boundaries_ignore_summation_noise_in_libreoffice_and_the_core(filled, tmp_path):
    """The native total adds the groups in another order than cnm.scoring: 59.999999999999993 and 60
    are the same grade in both (compared at 9 decimals), 59.99 is not (no rounding of real differences)."""
    from cnm.grading import grade_by_score
    from cnm.methodology import default_methodology

    bands = default_methodology().parameters.grades
    _rec, _lang, path, _lo = filled["jinyuan-coal_2024"]
    totals = {"noise": 60 - 7.105427357601002e-15, "exact": 60.0, "below": 59.99, "aa": 89.99999999999999}
    assert totals["noise"] < 60 and totals["aa"] < 90
    files = []
    for name, total in totals.items():
        wb = openpyxl.load_workbook(path)
        cell_of(wb, "calc.total").value = f"={total!r}"
        files.append(tmp_path / f"{name}.xlsx")
        wb.save(files[-1])
    for (name, total), lo in zip(totals.items(), convert(files, tmp_path / "lo"), strict=True):
        got = cell_of(openpyxl.load_workbook(lo, data_only=True), "calc.grade_by_score").value
        assert got == grade_by_score(total, bands) == {"noise": "C", "exact": "C", "below": "未达级", "aa": "AA"}[name]
        assert udfs.CNM_GRADE(total, 1) == got
