"""The CNM_* UDFs: plain-Python calls as xlwings makes them, error texts, ranges, the real
xlwings decorators (pywin32 stubbed) and argument conversion, and the VBA wrapper snapshot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import xl_addin.udfs as udfs
from cnm import quick
from cnm.record_io import load_record, record_files
from cnm.result import assess
from tests.conftest import DEMO_RECORDS
from workbook_templates.build import sheet_title
from workbook_templates.fill import fill_workbook
from workbook_templates.inputs_sheet import input_keys, input_rows
from workbook_templates.layout import TEMPLATE_VERSION
from workbook_templates.read import read_pairs
from workbook_templates.resolve import resolve
from workbook_templates.xlsm import build_xlsm
from xl_addin.vba import decorated_module, vba_wrapper, xlwings_udfs_module

SNAPSHOT = Path(__file__).parent / "snapshots" / "xlwings_udfs.bas"
VBA_RESERVED = {"to", "year", "date", "end", "next", "step", "name", "type", "string", "error", "set", "let", "get",
                "property", "sub", "function", "call", "dim", "as", "if", "then", "else", "for", "each", "in", "is",
                "not", "and", "or", "mod", "new", "on", "goto", "exit", "select", "case", "with", "loop", "do", "while"}


def test_udfs_are_thin_calls_into_the_core():
    assert udfs.CNM_CO2E(1, "t", "diesel") == quick.co2e(1, "t", "diesel")
    assert udfs.CNM_TCE(1, "t", "diesel") == quick.tce(1, "t", "diesel")
    assert udfs.CNM_GWP("CH4") == 25
    assert udfs.CNM_FACTOR("tce", "electricity", "kgce/kWh") == pytest.approx(0.1229)
    assert udfs.CNM_INDICATOR("I02", 150, "coal_underground") == 60
    assert udfs.CNM_INDICATOR("I02", None, "coal_underground") == 0.0
    assert udfs.CNM_GRADE(96.0, 1.0) == "AAA"
    assert udfs.CNM_SCORE([[100.0]] * 24) == pytest.approx(100)
    assert udfs.CNM_GROUP("G1", [[100.0], [0.0], [0.0], [0.0]]) == pytest.approx(30)
    assert udfs.CNM_OFFSET_SHARE(50.0, 100.0) == 0.5
    assert udfs.CNM_METHOD("version") == quick.method("version")
    assert udfs.CNM_CONVERT(1, "万t", "t") == 10000
    assert udfs.CNM_PLAN(88, 0.85, 1000, 850, "en") == "To reach A: 50 tCO2e more offsets"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_of_the_whole_input_range_is_the_cores_total(lang):
    """CNM_SCORE(cnm.inputs) for every demo record: the record rebuilt from the .xlsm's input rows (the
    values its hidden sheet's formulas give; LibreOffice computes them in test_workbook_filled.py)."""
    wb = build_xlsm(lang)
    titles = {s.id: sheet_title(s, lang) for s in resolve().sheets}
    records = [load_record(f) for f in record_files([DEMO_RECORDS])]
    assert len(records) >= 18
    for rec in records if lang == "zh" else records[-3:]:
        for _key, cell, _field in input_keys(resolve()):  # blank the previous record's inputs
            if cell is not None:
                wb[titles[cell.sheet]][cell.coord].value = None
        fill_workbook(wb, rec, lang)
        rows = input_rows(wb)
        assert rows[0][:2] == ["cnm.template", TEMPLATE_VERSION]
        assert read_pairs(rows).record.model_dump(mode="json") == rec.model_dump(mode="json"), rec.mine.id
        assert udfs.CNM_SCORE(rows) == assess(rec).total, rec.mine.id
        assert udfs.CNM_SCORE([row[:2] for row in rows]) == assess(rec).total, "the cell column is optional"


def test_a_bad_input_in_the_range_is_named_by_its_cell(demo_record):
    wb = build_xlsm("zh")
    fill_workbook(wb, demo_record("jinyuan-coal_2024"), "zh")
    rows = input_rows(wb)
    year = next(row for row in rows if row[0] == "period.year")
    year[1] = "twenty"
    text = udfs.CNM_SCORE(rows)
    assert text.startswith(f"{udfs.ERROR_PREFIX} scores: {year[2]} (period.year)") and "twenty" in text
    assert "Traceback" not in text and len(text) <= 250
    text = udfs.CNM_SCORE([row for row in rows if row[0] != "cnm.template"])
    assert text.startswith(f"{udfs.ERROR_PREFIX} scores:") and "cnm" in text
    year[1] = 2024
    date = next(row for row in rows if row[0] == "assessment.report_date")
    date[1] = 45777.0  # a date as Excel's serial number is read as that date
    assert read_pairs(rows).record == demo_record("jinyuan-coal_2024")
    date[1] = 0
    assert udfs.CNM_SCORE(rows).startswith(f"{udfs.ERROR_PREFIX} scores: {date[2]} (assessment.report_date)")


def test_ranges_in_give_a_column_out():
    out = udfs.CNM_CO2E([[1.0], [2.0]], "t", "diesel")
    assert out == [[quick.co2e(1, "t", "diesel")], [quick.co2e(2, "t", "diesel")]]
    assert udfs.CNM_INDICATOR([["I02"], ["I06"]], [[150.0], [11.0]], "coal_underground") == [[60.0], [60.0]]


@pytest.mark.parametrize(("call", "argument", "says"), [
    (lambda: udfs.CNM_CO2E(1, "m2", "diesel"), "unit", "m2"),
    (lambda: udfs.CNM_GRADE("high", 1), "score", "high"),
    (lambda: udfs.CNM_GWP("XYZ"), "gas", "XYZ"),
    (lambda: udfs.CNM_INDICATOR("I99", 1), "indicator_id", "I99"),
    (lambda: udfs.CNM_CO2E(-5, "t", "diesel"), "amount", "0 or more"),
    (lambda: udfs.CNM_CO2E(1, "t", "diesel", None, None, None, None, 150), "oxidation", "0 to 100"),
    (lambda: udfs.CNM_CO2E(1, "t", "diesel", -3, "GJ/t"), "ncv", "more than 0"),
    (lambda: udfs.CNM_CO2E(1, "t", "diesel", None, None, 0, "tC/TJ"), "cc", "more than 0"),
    (lambda: udfs.CNM_TCE(-1, "t", "diesel"), "amount", "0 or more"),
    (lambda: udfs.CNM_GRID(1800, "山西省"), "period_year", "2000 to 2100"),
    (lambda: udfs.CNM_GRID("x"), "period_year", "not a number"),
    (lambda: udfs.CNM_GRID(2024.5), "period_year", "whole number"),
    (lambda: udfs.CNM_GRID(2024, "nowhere"), "where", "nowhere"),
    (lambda: udfs.CNM_GRID(2024, "山西", "foo"), "basis", "market"),
    (lambda: udfs.CNM_GRID(2024, None, "average", 2010), "factor_year", "2010"),
    (lambda: udfs.CNM_GRADE(150, 1), "score", "0 to 100"),
    (lambda: udfs.CNM_GRADE(-5, 1), "score", "0 to 100"),
    (lambda: udfs.CNM_GRADE(90, 95), "offset_share", "0.95 = 95%"),
    (lambda: udfs.CNM_GRADE(90, -0.1), "offset_share", "0 or more"),
    (lambda: udfs.CNM_PLAN(90, 95), "offset_share", "0.95 = 95%"),
    (lambda: udfs.CNM_SCORE([[200.0]] * 24), "scores", "0 to 100"),
    (lambda: udfs.CNM_GROUP("G1", [[101.0], [0.0], [0.0], [0.0]]), "scores", "0 to 100"),
    (lambda: udfs.CNM_LEVEL("L1", [[-1.0]] * 24), "scores", "0 to 100"),
    (lambda: udfs.CNM_OFFSET_SHARE(-10, 100), "offsets", "0 or more"),
    (lambda: udfs.CNM_PLAN(88, 0.85, None, None, "fr"), "lang", "zh or en"),
    (lambda: udfs.CNM_FACTOR("fuel", "dieselx"), "factor_id", "did you mean: diesel?"),
    (lambda: udfs.CNM_TCE(1, "t", "fuel_oi"), "source", "fuel_oil"),
    (lambda: udfs.CNM_METHOD("hash", "0" * 64), "method", "cannot load"),
    (lambda: udfs.CNM_CO2E(1, "t", "diesel", 40, "m2"), "ncv_unit", "m2"),
    (lambda: udfs.CNM_CO2E(1, "t", "diesel", None, None, 20, "kg"), "cc_unit", "kg"),
    (lambda: udfs.CNM_GRADE(None, 1), "score", "blank"),
])
def test_a_bad_argument_is_a_short_text_naming_it(call, argument, says):
    text = call()
    assert isinstance(text, str) and text.startswith(f"{udfs.ERROR_PREFIX} {argument}:"), text
    assert says in text, text
    assert "Traceback" not in text and len(text) <= 250
    assert "Input should" not in text, "pydantic's wording"
    zh, en = text.removeprefix(f"{udfs.ERROR_PREFIX} {argument}: ").split(" / ", 1)
    assert zh != en and re.search(r"[\u4e00-\u9fff]", zh), "a Chinese text, then an English one"
    for word in re.findall(r"[a-z_]+(?:, [a-z_]+)+", text):  # no suggestion twice
        names = word.split(", ")
        assert len(names) == len(set(names)), text


def test_good_arguments_at_the_edges_are_accepted():
    assert udfs.CNM_GRADE(100, 2) == "AAA" and udfs.CNM_GRADE(0, 0) == "未达级"
    assert udfs.CNM_GRID(2024, "North") == udfs.CNM_GRID(2024, "north")
    assert udfs.CNM_GRID(2024, "山西省", "location") == udfs.CNM_GRID(2024, "山西", "average")
    assert udfs.CNM_GRID(2024, "山西省", "residual") == udfs.CNM_GRID(2024, "山西省", "market")
    assert udfs.CNM_PLAN(88, 0.85, None, None, "EN").startswith("To reach")
    assert udfs.CNM_CO2E(0, "t", "diesel") == 0
    assert udfs.CNM_CO2E(1, "t", "diesel", None, None, None, None, 100) > 0
    # grades compare at 9 decimals (cnm.grading.PRECISION): summation noise is not a lower grade, 59.99 is
    assert udfs.CNM_GRADE(60 - 7.105427357601002e-15, 0.6 - 1e-15) == "C" == udfs.CNM_GRADE(60, 0.6)
    assert udfs.CNM_GRADE(59.99, 0.6) == "未达级" == udfs.CNM_GRADE(60, 0.5999)


def test_the_workbooks_methodology_hash_picks_the_methodology(tmp_path, monkeypatch):
    """`method` (P_METHOD_HASH in the template's formulas): the default, a methodology file of
    CNM_METHODOLOGY_PATH, or a #CNM! method error (the native formula then counts), never another one."""
    from cnm.methodology import default_methodology, load_methodology
    from xl_addin import methods

    ar5 = tmp_path / "m_ar5.yaml"
    ar5.write_text("schema: cnm-methodology/1\nbase: default\nname: AR5 test\nversion: '1'\ngwp: ar5\n", "utf-8")
    (tmp_path / "broken.yaml").write_text("base: [", "utf-8")
    m = load_methodology(ar5)
    monkeypatch.setattr(methods, "USER_DIR", tmp_path / "nothing-here")
    monkeypatch.delenv(methods.ENV, raising=False)
    assert udfs.CNM_GWP("CH4", default_methodology().hash) == 25 == udfs.CNM_GWP("CH4") == udfs.CNM_GWP("CH4", "")
    for call in (lambda: udfs.CNM_GWP("CH4", m.hash), lambda: udfs.CNM_METHOD("name", m.hash),
                 lambda: udfs.CNM_SCORE([[100.0]] * 24, m.hash), lambda: udfs.CNM_GRADE(96, 1, m.hash),
                 lambda: udfs.CNM_CO2E(1, "t", "diesel", None, None, None, None, None, m.hash)):
        text = call()
        assert isinstance(text, str) and text.startswith(f"{udfs.ERROR_PREFIX} method: ") and m.hash[:12] in text
    monkeypatch.setenv(methods.ENV, str(tmp_path))
    assert udfs.CNM_GWP("CH4", m.hash) == 28
    assert udfs.CNM_METHOD("name", m.hash) == "AR5 test"
    assert udfs.CNM_METHOD("hash", m.hash.upper()) == m.hash
    assert udfs.CNM_CO2E(1, "t", "CH4", "", "", "", "", "", m.hash) == 28
    monkeypatch.setenv(methods.ENV, str(ar5))  # a file, not a folder
    assert udfs.CNM_GWP("CH4", m.hash) == 28
    wb = build_xlsm("zh", methodology=m)  # the whole input range under the workbook's methodology
    rec = load_record(record_files([DEMO_RECORDS])[0])
    fill_workbook(wb, rec, "zh")
    rows = input_rows(wb)
    assert udfs.CNM_SCORE(rows, m.hash) == assess(rec, m).total != assess(rec).total == udfs.CNM_SCORE(rows)


def test_real_xlwings_decorators_accept_every_argument():
    mod = decorated_module()
    for name in udfs.UDF_SPECS:
        meta = getattr(mod, name).__xlfunc__
        assert meta["name"] == name and meta["category"] == udfs.CATEGORY
        args = [a["name"] for a in meta["args"]]
        assert set(udfs.UDF_SPECS[name]["args"]) <= set(args)
        assert not VBA_RESERVED & {a.lower() for a in args}, f"{name} has a VBA keyword as argument"
        for a in meta["args"]:
            assert a["doc"] == udfs.UDF_SPECS[name]["args"][a["name"]]
    ranges = {a["name"]: a["options"] for a in mod.CNM_SCORE.__xlfunc__["args"]}
    assert ranges["scores"].get("ndim") == 2


def test_xlwings_rejects_a_wrong_argument_name():
    xu = xlwings_udfs_module()

    def CNM_X(a):
        return a

    with pytest.raises(Exception, match="Invalid argument name"):
        xu.xlarg("b", doc="nope")(CNM_X)


def test_argument_conversion_through_xlwings_pipeline(monkeypatch):
    """What xlwings' classic conversion hands our functions: ndim=2 ranges as lists of rows."""
    import xlwings
    from xlwings import conversion
    from xlwings.main import Engine

    class FakeExcel:
        name, type = "excel", "desktop"

        @staticmethod
        def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
            return [[empty_as if c is None else c for c in row] for row in data]

        @staticmethod
        def prepare_xl_data_element(x, options):
            return x

    monkeypatch.setattr(xlwings.engines, "engines", list(xlwings.engines.engines))
    monkeypatch.setattr(xlwings.engines, "engines_by_name", dict(xlwings.engines.engines_by_name))
    xlwings.engines.add(Engine(FakeExcel()))
    column = conversion.read(None, ((100.0,),) * 24, {"ndim": 2})
    assert column == [[100.0]] * 24
    assert udfs.CNM_SCORE(column) == pytest.approx(100)
    scalar = conversion.read(None, 96.0, {})
    assert udfs.CNM_GRADE(scalar, conversion.read(None, 1.0, {})) == "AAA"
    assert conversion.read(None, None, {}) is None


def test_vba_wrapper_matches_the_snapshot():
    text = vba_wrapper()
    assert text == SNAPSHOT.read_bytes().decode("utf-8"), "regenerate tests/snapshots/xlwings_udfs.bas if intended"
    assert text.startswith('Attribute VB_Name = "xlwings_udfs"')
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    for name in udfs.UDF_SPECS:
        assert re.search(rf'^Function {name}\(', text, re.M)
        assert f'XLPy.CallUDF("xl_addin.udfs", "{name}"' in text
