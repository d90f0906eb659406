"""R-4.1: every figure of the result contract can be traced (issues 3 point 10 and 6).

The expected keys are written out for one demo record (not derived from `trace()`); each figure of
the contract (docs/reference/result.md) must have an entry of equal value, and a few figures are
recomputed by hand from the inputs the trace lists (formulas (1) and (2) of R-9.1, the rubric step
of G-1, the grade of R-9.2, the inventory of G-6). Reference points and grade bands are read from
the bundled data files, not from the code under test.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
import yaml

from cnm.record_io import load_record
from cnm.result import Result, assess
from tests.conftest import DEMO_RECORDS, ROOT

RECORD = DEMO_RECORDS / "qianxi-iron_2024.yaml"
INDICATORS = [f"I{n:02d}" for n in range(1, 25)]
QUALITATIVE = ["I08", "I14", "I15", "I16", "I17", "I22"]
GROUPS = ["G1", "G2", "G3", "G4", "G5", "G6"]
LEVELS = ["L1", "L2", "L3"]

EXPECTED_KEYS = [
    # the source lines and energy lines of the record (two fuels, purchased and green power, ANFO)
    "line.S1.fuel.0.diesel", "line.S1.fuel.1.natural_gas", "line.S2.electricity.location",
    "line.S2.electricity.market", "line.S1.explosive.0",
    "energy.E.fuel.0.diesel", "energy.E.fuel.1.natural_gas", "energy.E.electricity.grid",
    "energy.E.electricity.green",
    # inventory (G-6) and energy totals
    "inventory.scope1", "inventory.scope2_location", "inventory.scope2_market", "inventory.scope3",
    "inventory.gross", "inventory.removals", "inventory.reductions", "inventory.residual", "inventory.offsets",
    "inventory.offset_share", "inventory.neutrality.scope1", "inventory.neutrality.scope1_2",
    "inventory.neutrality.scope1_2_3", "energy_tce", "energy.electricity_tce", "energy.renewable_tce",
    # each indicator: the measured metric (quantitative ones) and the score
    *[k for i in INDICATORS for k in ((f"indicator.{i}",) if i in QUALITATIVE else
                                        (f"indicator.{i}.metric", f"indicator.{i}"))],
    # formula (1) and the terms of formula (2), level-1 subtotals, formula (2), the grade
    *[k for g in GROUPS for k in (f"group.{g}", f"group.{g}.points")],
    *[k for lv in LEVELS for k in (f"level.{lv}.points", f"level.{lv}")],
    "total", "grade.by_score", "grade.by_offset", "grade",
]


@pytest.fixture(scope="module")
def result() -> Result:
    return assess(load_record(RECORD))


@pytest.fixture(scope="module")
def trace(result) -> dict:
    items = result.trace()
    assert len({t.key for t in items}) == len(items), "trace keys are unique"
    return {t.key: t for t in items}


def inputs(item) -> dict:
    return {x.name: x.value for x in item.inputs}


def rubric_points(indicator: str, category: str) -> list[tuple[float, float]]:
    rule = yaml.safe_load((ROOT / "cnm" / "data" / "rubric.yaml").read_text(encoding="utf-8"))["indicators"][indicator]
    pts = rule["by_category"][category]["points"] if "by_category" in rule else rule["points"]
    return [(float(x), float(y)) for x, y in pts]


def by_hand(points: list[tuple[float, float]], m: float) -> float:
    """Piecewise-linear, clamped at both ends (G-1), written out again for the test."""
    if m <= points[0][0]:
        return points[0][1]
    if m >= points[-1][0]:
        return points[-1][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= m <= x1:
            return y0 + (y1 - y0) * (m - x0) / (x1 - x0)
    raise AssertionError("unreachable")


def test_the_trace_lists_exactly_the_expected_figures_in_order(trace):
    assert list(trace) == EXPECTED_KEYS


def test_every_contract_figure_has_an_entry_of_equal_value(result, trace):
    c = result.contract(detail=False)
    inv = c["inventory"]
    expected = {f"inventory.{k}": inv[k] for k in ("scope1", "scope2_location", "scope2_market", "scope3", "gross",
                                                   "removals", "reductions", "residual", "offsets", "offset_share")}
    expected |= {f"inventory.neutrality.{k}": v for k, v in inv["neutrality"].items()}
    expected |= {"energy_tce": c["energy_tce"], "energy.electricity_tce": c["energy"]["electricity_tce"],
                 "energy.renewable_tce": c["energy"]["renewable_tce"], "total": c["total"]}
    for i in c["indicators"]:
        expected[f"indicator.{i['id']}"] = i["score"]
        if i["nature"] == "quantitative":
            expected[f"indicator.{i['id']}.metric"] = i["metric_value"]
    for g in c["groups"]:
        expected[f"group.{g['id']}"], expected[f"group.{g['id']}.points"] = g["score"], g["points"]
    for lv in c["levels"]:
        expected[f"level.{lv['id']}"], expected[f"level.{lv['id']}.points"] = lv["score"], lv["points"]
    # 10 inventory figures, 3 neutrality ratios, 3 energy totals, the total, 24 scores, 18 metrics,
    # 6 group scores and points, 3 level scores and points
    assert len(expected) == 10 + 3 + 3 + 1 + 24 + 18 + 12 + 6
    for key, value in expected.items():
        assert trace[key].value == pytest.approx(value, rel=1e-12), key
    assert {k: trace[k].value for k in ("grade", "grade.by_score", "grade.by_offset")} == {
        "grade": c["grade"], "grade.by_score": c["grade_by_score"], "grade.by_offset": c["grade_by_offset"]}
    assert trace["grade"].value == "B" and trace["grade.by_offset"].value == "AAA"


def test_inventory_recomputed_from_the_listed_inputs(trace):
    s1 = inputs(trace["inventory.scope1"])
    assert set(s1) == {"S1.fuel.0.diesel", "S1.fuel.1.natural_gas", "S1.explosive.0"}
    assert sum(s1.values()) == pytest.approx(trace["inventory.scope1"].value)
    assert sum(s1.values()) == pytest.approx(sum(trace[f"line.{k}"].value for k in s1))
    gross = inputs(trace["inventory.gross"])
    assert gross["scope1"] + gross["scope2_market"] + gross["scope3"] == pytest.approx(trace["inventory.gross"].value)
    res = inputs(trace["inventory.residual"])
    assert res["gross"] - res["removals"] == pytest.approx(trace["inventory.residual"].value)
    share = inputs(trace["inventory.offset_share"])
    assert share["offsets"] / share["residual"] == pytest.approx(trace["inventory.offset_share"].value)
    n = inputs(trace["inventory.neutrality.scope1_2"])
    assert (n["removals"] + n["offsets"]) / (n["scope1"] + n["scope2_market"]) == pytest.approx(
        trace["inventory.neutrality.scope1_2"].value)
    assert sum(inputs(trace["energy_tce"]).values()) == pytest.approx(trace["energy_tce"].value)


def test_group_scores_and_total_recomputed_from_weights_and_scores(trace):
    for g in GROUPS:
        x = inputs(trace[f"group.{g}"])
        ids = [k[2:] for k in x if k.startswith("k ")]
        assert sum(x[f"k {i}"] for i in ids) == pytest.approx(100)  # Table A.1: weights within a group sum to 100
        q = sum(x[f"k {i}"] / 100 * x[f"M {i}"] for i in ids)  # formula (1)
        assert q == pytest.approx(trace[f"group.{g}"].value)
        assert all(x[f"M {i}"] == trace[f"indicator.{i}"].value for i in ids)
        p = inputs(trace[f"group.{g}.points"])
        assert p["q"] / 100 * p["Q"] == pytest.approx(trace[f"group.{g}.points"].value)
    z = inputs(trace["total"])
    assert [z[f"q {g}"] for g in GROUPS] == [15, 30, 15, 20, 10, 10]
    total = sum(z[f"q {g}"] / 100 * z[f"Q {g}"] for g in GROUPS)  # formula (2)
    assert total == pytest.approx(trace["total"].value)
    assert sum(trace[f"level.{lv}.points"].value for lv in LEVELS) == pytest.approx(total)
    lv = inputs(trace["level.L1"])
    assert lv["level share"] == 60 and lv["level points"] / 60 * 100 == pytest.approx(trace["level.L1"].value)


@pytest.mark.parametrize("indicator", ["I02", "I03", "I07", "I10", "I21", "I23"])
def test_indicator_score_from_its_value_and_the_rubric_reference_points(result, trace, indicator):
    item = trace[f"indicator.{indicator}"]
    x = inputs(item)
    points = rubric_points(indicator, "ferrous_metal")
    listed = x["reference points, Ferrous metal mine (e.g. iron ore)"]  # the category by its name, not its id
    assert [tuple(map(float, p)) for p in re.findall(r"\(([-\d.]+), ([-\d.]+)\)", listed)] == points
    assert x["m"] == trace[f"indicator.{indicator}.metric"].value
    assert by_hand(points, x["m"]) == pytest.approx(item.value)
    # the listed segment reproduces the score where m lies inside the points (formula in the item)
    if points[0][0] < x["m"] < points[-1][0]:
        assert x["y0"] + (x["y1"] - x["y0"]) * (x["m"] - x["x0"]) / (x["x1"] - x["x0"]) == pytest.approx(item.value)
        assert x["x0"] <= x["m"] <= x["x1"]


def test_metric_recomputed_from_its_inputs(trace):
    i02 = inputs(trace["indicator.I02.metric"])
    assert i02["gross"] * 1000 / i02["output"] == pytest.approx(trace["indicator.I02.metric"].value)
    i10 = inputs(trace["indicator.I10.metric"])
    assert i10["utilised"] / i10["generated"] * 100 == pytest.approx(trace["indicator.I10.metric"].value)


def test_qualitative_score_from_its_level(trace):
    x = inputs(trace["indicator.I14"])
    scores = dict(re.findall(r"(\d): (\d+)", x["level scores"]))
    assert scores == {"0": "0", "1": "25", "2": "50", "3": "75", "4": "100"}  # rubric.yaml qualitative_scores
    assert float(scores[str(int(x["level"]))]) == trace["indicator.I14"].value == 75


def test_grade_from_the_listed_bands(trace):
    bands = yaml.safe_load((ROOT / "cnm" / "data" / "methodology.yaml").read_text(encoding="utf-8"))["parameters"]["grades"]
    order = [b["grade"] for b in bands] + ["未达级"]
    s, o = inputs(trace["grade.by_score"]), inputs(trace["grade.by_offset"])
    assert [s[f"{b['grade']} from"] for b in bands] == [b["min_score"] for b in bands]
    assert [o[f"{b['grade']} from"] for b in bands] == [b["min_offset_share"] for b in bands]
    by_score = next((b["grade"] for b in bands if s["total"] >= b["min_score"]), "未达级")
    by_offset = next((b["grade"] for b in bands if o["offset share"] >= b["min_offset_share"]), "未达级")
    assert (by_score, by_offset) == (trace["grade.by_score"].value, trace["grade.by_offset"].value)
    assert order[max(order.index(by_score), order.index(by_offset))] == trace["grade"].value


def test_activity_inputs_cite_the_record_data_source_and_quality(trace):
    record = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    fc = {x.name: x for x in trace["line.S1.fuel.0.diesel"].inputs}["FC"]
    diesel = record["fuels"][0]
    assert diesel["data_source"] in fc.source and diesel["quality"] in fc.source and "fuels[0]" in fc.source
    net = {x.name: x for x in trace["line.S2.electricity.location"].inputs}["net purchased"]
    assert record["electricity"]["purchased"]["data_source"] in net.source
    removal = trace["inventory.removals"].inputs[0]
    assert record["removals"][0]["amount"]["data_source"] in removal.source
    assert removal.value == pytest.approx(record["removals"][0]["amount"]["value"])
    out = {x.name: x for x in trace["indicator.I02.metric"].inputs}
    assert record["production"]["output"]["data_source"] in out["output"].source
    assert out["gross"].source == "trace inventory.gross"
    # factor values keep their factor's document; an input is never given a made-up source
    for t in trace.values():
        for x in t.inputs:
            if x.source.startswith("trace "):
                assert x.source[6:] in trace, (t.key, x.source)


@pytest.mark.parametrize("path", sorted(DEMO_RECORDS.glob("*_2024.yaml")), ids=lambda p: p.stem)
def test_every_demo_record_traces_its_contract_figures(path):
    r = assess(load_record(path))
    keys = {t.key: t for t in r.trace()}
    c = r.contract(detail=False)
    must = ["inventory.gross", "inventory.residual", "inventory.offset_share", "energy_tce", "total", "grade",
            *[f"indicator.{i}" for i in INDICATORS], *[f"group.{g}" for g in GROUPS], *[f"level.{lv}" for lv in LEVELS]]
    assert not [k for k in must if k not in keys]
    assert keys["total"].value == pytest.approx(c["total"]) and keys["grade"].value == c["grade"]
    for k, v in c["inventory"]["neutrality"].items():
        got = keys[f"inventory.neutrality.{k}"].value
        assert (got is None and v is None) or math.isclose(got, v)
    for t in keys.values():
        assert t.formula and t.unit, t.key


def test_the_rubric_step_survives_a_round_trip_through_json(result):
    again = Result.model_validate(result.model_dump())
    step = {x.name: x.value for x in next(t for t in again.trace() if t.key == "indicator.I02").inputs}
    assert "reference points, Ferrous metal mine (e.g. iron ore)" in step and "x0" in step


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_annex_a_lists_every_traced_figure_with_its_sources(result, lang):
    from report_builder.context import _trace

    annex = _trace(result, lang)
    rows = {r["key"]: r for r in annex["rows"]}
    assert list(rows) == EXPECTED_KEYS
    assert rows["grade"]["value"] == "B" and rows["total"]["value"].startswith("71.7")
    sources = "\n".join(annex["sources"])
    if lang == "en":
        assert "fuels[0]: 油料台账 (measured)" in sources and "removals[0].amount: 复垦监测 (estimated)" in sources
        assert "cnm project assumptions" in sources  # the rubric the reference points come from (G-1)
        assert "[38] Table A.1 weights (" in sources and "OF 98 percent (2015) [1]" in rows["line.S1.fuel.0.diesel"]["factors"]
    else:  # the same sources in Chinese, the quality tier in the workbook's words
        assert "fuels[0]：油料台账（实测）" in sources and "removals[0].amount：复垦监测（估算）" in sources
        assert "cnm 项目假设" in sources and "[38] 表 A.1 权重（" in sources
        assert "OF 98 % (2015) [1]" in rows["line.S1.fuel.0.diesel"]["factors"]
    assert "(→ indicator.I02.metric)" in rows["indicator.I02"]["inputs"]
    name = "黑色金属矿山（如铁矿）参考点" if lang == "zh" else "reference points, Ferrous metal mine (e.g. iron ore)"
    assert f"{name} = (4, 100); (8, 85); (15, 60); (30, 30); (50, 0)" in rows["indicator.I02"]["inputs"]


def test_an_input_equal_to_an_inventory_figure_by_chance_does_not_cite_it():
    """chuannan-gas 2022: the reduction target equals the reductions achieved (6,000 t); only the
    achieved amount is the inventory's figure."""
    from cnm.record_io import load_record
    from cnm.result import assess
    from tests.conftest import DEMO_RECORDS

    r = assess(load_record(DEMO_RECORDS / "chuannan-gas_2022.yaml"))
    metric = next(t for t in r.trace() if t.key == "indicator.I09.metric")
    cited = {i.name: i.source for i in metric.inputs}
    assert cited["achieved"] == "trace inventory.reductions" and "inventory" not in cited["target"]


# --- the Chinese annex: the core's Chinese formula and input names, no English left ----------

#: What the Chinese annex may keep in Latin letters (3 or more in a row): formula symbols, unit symbols
#: and the tool's name, as its Chinese texts write it (the factor set 'cnm 项目假设值', the rubric's source).
SYMBOLS = {"NCV", "GWP", "Q_vent", "Q_drain", "Q_flare", "Q_used", "cnm"}
UNIT_SYMBOLS = {"tCO2e", "tCO2", "tce", "kgce", "MWh", "kWh", "Nm3", "kgCO2e", "kgCH4", "tCH4"}
#: A record path or trace key (fuels[0], S1.fuel.0.diesel, indicator.I02.metric): an id, not words.
KEY = re.compile(r"[A-Za-z0-9_-]+(?:\[\d+\])?(?:\.[A-Za-z0-9_-]+)+|[A-Za-z0-9_]+\[\d+\]")


def allowed_ids() -> set[str]:
    """Ids the methodology defines and the Chinese text names as they are: grades and mine categories."""
    from cnm.methodology import default_methodology

    m = default_methodology()
    return {b.grade for b in m.parameters.grades} | set(m.rubric.categories)


def without_metric(formula: str) -> str:
    """A metric's formula without the rubric's metric id it starts with ('carbon_intensity: ...')."""
    from cnm.metrics import METRIC_NAMES

    head, _, rest = formula.partition(": ")
    return rest if head in METRIC_NAMES else formula


def quoted(r: Result) -> list[str]:
    """Text of the mine's own that the trace quotes: credit programmes and serials, measures, Scope 3
    methods, the data sources of its inputs and the sources it names for its own factors (a source
    cnm words instead, when the mine names none, has its Chinese in `source_zh`)."""
    from cnm.provenance import data_inputs

    credits = [x for c in r.inventory.credits for x in (c.credit.programme, c.credit.serial_start, c.credit.project_id)]
    s3 = [x for s in r.record.scope3 for x in (s.method, s.description)]
    said = [d.data_source for d in data_inputs(r.record)]
    own = [f.source for t in r.trace() for f in t.factors if f.set_id == "measured" and not f.source_zh]
    return [x for x in (*credits, *(m.measure for m in r.record.reductions), *s3, *said, *own, r.record.mine.id) if x]


def cited_documents() -> set[str]:
    """The documents of the methodology's factor sets and GWP set, each with its table: citations of
    published sources, printed as published in both languages; a set that words them in Chinese
    (`document_zh`, `table_zh`: cnm's own sets must) is cited by that wording."""
    from cnm.methodology import default_methodology

    m = default_methodology()
    return {x for s in m.factors.sets
            for x in ((s.document_zh or s.document, s.table_zh or s.table) if s.document_zh else (s.document, s.table))
            if x} | {m.gwp.name}


def test_cnm_words_its_own_factor_sets_in_chinese():
    """A set cnm wrote (its own assumptions) is not a published title: it has Chinese wording."""
    from cnm.methodology import default_methodology

    own = [s for s in default_methodology().factors.sets if s.issuer == "cnm"]
    assert own and all(s.document_zh and (s.table_zh or not s.table) for s in own)


def factor_names(r: Result) -> list[str]:
    """The factors' ids as the factor column names them (set/factor); the mine's own factor (set
    `measured`) by its factor id only: its set is named in words."""
    return [f"{f.set_id}/{f.factor_id}" if f.set_id != "measured" else f"/{f.factor_id}"
            for t in r.trace() for f in t.factors]


def english(text: str, mine_text=()) -> list[str]:
    """The English words of `text`: runs of 3+ Latin letters that are not a symbol, a unit, an id
    of the methodology, a record path or trace key, or text the mine supplied."""
    for x in sorted(mine_text, key=len, reverse=True):
        text = text.replace(x, " ")
    text = KEY.sub(" ", re.sub(r"\(→ [^)]*\)", " ", text))
    ok = SYMBOLS | UNIT_SYMBOLS | allowed_ids()
    return [w for w in re.findall(r"[A-Za-z0-9_]+", text) if re.search(r"[A-Za-z]{3}", w) and w not in ok]


def test_the_english_check_finds_english():
    assert english("sum of the Scope 1 lines") == ["sum", "the", "Scope", "lines"]
    # a source: the record path and the mine's data source pass, the quality tier in English does not
    assert english("[2] fuels[0]: 油料台账 (measured)", ["油料台账"]) == ["measured"]
    assert english("[2] fuels[0]：油料台账（实测）", ["油料台账"]) == []
    assert english("[16] recomputed from the record") == ["recomputed", "from", "the", "record"]
    # the factor column: the factor's ids pass, a unit word does not
    ids = ["cn-ndrc-2015-mine/diesel"]
    assert english("cn-ndrc-2015-mine/diesel: NCV 42.652 GJ/t, CC 20.2 tC/TJ, OF 98 percent (2015) [1]", ids) == [
        "percent"]
    assert english("measured/anfo: 0.2 tCO2/t [12]", ["/anfo"]) == ["measured"]
    assert english("(removals + offsets) / (scope1 + scope2_market)") == ["removals", "offsets", "scope1",
                                                                             "scope2_market"]
    assert english("E = FC (t) x NCV x CC x OF x 44/12; S1.fuel.0.diesel = 3.1 tCO2e (→ line.S1.fuel.0.diesel)") == []


def zh_annex_english(r: Result) -> list[tuple[str, str, list[str]]]:
    """English words left in the Chinese annex: in each row's formula, inputs, value and factor
    column, and in the numbered sources (which must be the English annex's, in the same order)."""
    from report_builder.context import _trace

    mine_text = quoted(r)
    annex, en = _trace(r, "zh"), _trace(r, "en")
    rows = annex["rows"]
    assert all(row["formula"] for row in rows)
    numbers = [re.findall(r"\[\d+\]", row[part]) for a in (rows, en["rows"]) for row in a for part in ("inputs", "factors")]
    assert numbers[:len(numbers) // 2] == numbers[len(numbers) // 2:], "a source has one number in both languages"
    assert len(annex["sources"]) == len(en["sources"])
    cited = [*mine_text, *cited_documents(), *factor_names(r)]
    left = [(row["key"], part, words) for row in rows for part in ("formula", "inputs", "value")
            if (words := english(without_metric(row[part]) if part == "formula" else row[part], mine_text))]
    left += [(row["key"], "factors", words) for row in rows if (words := english(row["factors"], cited))]
    return left + [("sources", text, words) for text in annex["sources"] if (words := english(text, cited))]


@pytest.mark.parametrize("path", sorted(DEMO_RECORDS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_chinese_annex_has_no_english_formula_or_input_name(path):
    record = load_record(path)
    earlier = [load_record(p) for p in sorted(DEMO_RECORDS.glob(f"{record.mine.id}_*.yaml"))
               if load_record(p).period.year < record.period.year]
    r = assess(record, history=earlier)
    assert all(x.name for t in r.trace() for x in t.inputs)
    assert zh_annex_english(r) == []


def test_the_chinese_annex_of_paths_the_demo_records_do_not_take():
    """Fuel as heat and by volume, purchased heat, a supplier's electricity factor, carbonates, F-gases,
    an explosive's own factor, undeclared Scope 3 method, a level without evidence, missing data."""
    from tests.conftest import amt, make_record

    rec = make_record(fuels=[{"fuel": "diesel", **amt(100, "GJ")}, {"fuel": "diesel", **amt(1000, "L")}],
                      heat={"purchased": amt(1000, "GJ"), "exported": amt(100, "GJ"), "supplier_factor_tco2_per_gj": 0.1},
                      electricity={"purchased": amt(1000, "MWh"), "green_power": amt(100, "MWh"),
                                   "supplier_factor_tco2_per_mwh": 0.45, "supplier_factor_source": "售电公司"},
                      carbonates=[{"carbonate": "dolomite", "amount": amt(10, "t")}],
                      fgases=[{"gas": "sf6", "amount": amt(2, "kg")}],
                      explosives=[{"explosive": "anfo", "amount": amt(10, "t"), "own_factor_tco2_per_t": 0.2}],
                      scope3=[{"category": 4, "description": "运输", "emissions": amt(5, "t")}],
                      offsets=[{"programme": "CCER", "project_id": "CCER-1", "serial_start": "S-1", "serial_end": "S-9",
                                "vintage": 2023, "quantity": 100}],
                      previous={"period": "2023", "gross_emissions": amt(1000, "t", "上年报告", "calculated"),
                                "output": amt(90, "万t", "上年报表")},
                      boundary={"scopes": [1, 2, 3]}, qualitative={"I15": {"level": 3}})
    r = assess(rec)
    formulas = {t.formula for t in r.trace()}
    assert {"E = heat (GJ) x CC x OF x 44/12", "M = score of level without evidence (standard §7.2)",
            "E = (net purchased - green power - certificates) MWh x supplier's factor"} <= formulas
    assert any(f.startswith("declared by the mine (method not stated)") for f in formulas)
    # sources cnm words: a net figure, a credit that does not count, the stated previous period,
    # the heat supplier's and the mine's factors without a named source (the electricity supplier's is named)
    from report_builder.context import _trace

    en, zh = ("\n".join(_trace(r, lang)["sources"]) for lang in ("en", "zh"))
    for said in ("derived from heat.purchased: 台账 (measured)", "offsets[0]: not counted: offset-not-retired",
                 "] stated\n", "] 售电公司\n", "] supplier's factor\n", "] declared by the mine\n"):
        assert said in en, said
    for said in ("由 heat.purchased 推算：台账（实测）", "offsets[0]：不计入：碳信用未注销", "] 上一期填报值\n",
                 "] 售电公司\n", "] 供热方排放因子\n", "] 矿山填报\n"):
        assert said in zh, said
    assert zh_annex_english(r) == []


def test_the_english_annex_prints_the_english_formulas(result):
    from report_builder.context import _trace

    rows = {row["key"]: row for row in _trace(result, "en")["rows"]}
    for t in result.trace():
        assert rows[t.key]["formula"] == t.formula
    assert rows["inventory.residual"]["formula"] == "gross - in-boundary removals"
    assert rows["inventory.residual"]["inputs"].startswith("gross = ")
    zh = {row["key"]: row for row in _trace(result, "zh")["rows"]}
    assert zh["inventory.residual"]["formula"] == "排放总量 - 边界内移除量"
    assert zh["inventory.residual"]["inputs"].startswith("排放总量 = ")


def cnm_zh(t) -> str:
    """The Chinese cnm words in a trace item: its formula and its inputs' names (not the record's own
    words, such as a data source)."""
    return "\n".join([t.formula_zh, *(x.name_zh for x in t.inputs)])


#: The trace entries of the mine's own reductions (I07) and its reduction target (I09): only these
#: say 减排量; a credit is 碳信用 (the draft standard's word), counted credits 有效抵消量.
OWN_REDUCTIONS = {"inventory.reductions", "indicator.I07", "indicator.I07.metric", "indicator.I09",
                  "indicator.I09.metric"}


@pytest.mark.parametrize("path", sorted(DEMO_RECORDS.glob("*_2024.yaml")), ids=lambda p: p.stem)
def test_credits_are_carbon_credits_and_reductions_are_the_mines_own(path):
    items = {t.key: t for t in assess(load_record(path)).trace()}
    offsets = items["inventory.offsets"]
    assert "碳信用" in offsets.formula_zh and "减排量" not in offsets.formula_zh
    assert [t.key for t in items.values() if "减排量" in cnm_zh(t) and t.key not in OWN_REDUCTIONS] == []


def test_purchased_energy_gas_volumes_and_symbols_in_the_guidelines_words():
    """Electricity and heat as China's GHG accounting guidelines say them (购入, 外供), an underground
    mine's gas volumes in the workbook's words (without the workbook's hints), the formula symbols
    named in Chinese (the English names stay symbols), a value the mine gave is 矿山填报."""
    from cnm.vocabulary import plain
    from tests.conftest import amt, make_record
    from workbook_templates.layout import CMM

    rec = make_record(mine={"category": "coal_underground"},
                      production={"output": amt(100, "万t"), "mine_gas_class": "low_gas"},
                      coal_mine_methane={name: amt(v, "万Nm3") for name, v in (
                          ("ventilation", 100), ("drainage", 50), ("flared", 5), ("utilised_onsite", 20),
                          ("utilised_offsite", 5))},
                      fuels=[{"fuel": "diesel", **amt(100, "t")}],
                      electricity={"purchased": amt(1000, "MWh"), "exported": amt(100, "MWh"),
                                   "green_power": amt(100, "MWh")},
                      heat={"purchased": amt(1000, "GJ"), "exported": amt(100, "GJ")},
                      explosives=[{"explosive": "anfo", "amount": amt(10, "t"), "own_factor_tco2_per_t": 0.2}])
    items = {t.key: t for t in assess(rec).trace()}
    names = {k: {x.name: x.name_zh for x in t.inputs} for k, t in items.items()}
    assert items["line.S2.electricity.location"].formula_zh == "E = (购入电量 - 外供电量) MWh x 电网平均排放因子"
    assert items["line.S2.heat"].formula_zh == "E = (购入热量 - 外供热量) GJ x EF"
    assert names["line.S2.electricity.market"]["net purchased"] == "净购入电量"
    assert names["line.S2.heat"]["net heat"] == names["energy.E.heat"]["net heat"] == "净购入热量"
    assert [(k, w) for k, t in items.items() for w in ("外购", "输出", "就地") if w in cnm_zh(t)] == []
    workbook = {f.key: f.zh for f in CMM.items if hasattr(f, "units") and f.units == "gas_volume"}
    # the English names are the record's field names as words (no snake_case key in the annex)
    volumes = {k.replace(" ", "_"): v for k, v in names["line.S1.cmm.vented"].items() if k.replace(" ", "_") in workbook}
    assert not [k for k in names["line.S1.cmm.vented"] if "_" in k]
    assert volumes == {k: plain(workbook[k]) for k in volumes} and volumes["utilised_onsite"] == "自用量"
    assert len(volumes) == 5
    assert {k: v for k, v in names["line.S1.fuel.0.diesel"].items() if k in ("FC", "NCV", "CC", "OF")} == {
        "FC": "FC（燃料消耗量）", "NCV": "NCV（低位发热量）", "CC": "CC（单位热值含碳量）", "OF": "OF（碳氧化率）"}
    ef = [v.get("EF") for k, v in names.items() if "EF" in v]
    assert len(ef) >= 4 and set(ef) == {"EF（排放因子）"}
    own = next(x for x in items["line.S1.explosive.0"].inputs if x.name == "EF")
    assert own.source_zh == "矿山填报"
    assert not any("申报" in text for t in items.values()
                   for text in (t.formula_zh, *(v for x in t.inputs for v in (x.name_zh, x.source_zh))))


def test_a_facility_factor_reads_per_facility_year_as_its_factor_does():
    """An oil and gas facility's EF: its Chinese unit is the one the factor's own value shows."""
    items = {t.key: t for t in assess(load_record(DEMO_RECORDS / "chuannan-gas_2024.yaml")).trace()}
    lines = [t for k, t in items.items() if k.startswith("line.S1.og.facility_")]
    assert lines
    for t in lines:
        ef = next(x for x in t.inputs if x.name == "EF")
        per = ef.unit_zh.partition("/")[2]
        assert per == "(台·年)" and per in t.factors[0].value_zh and f"t/{per}" in t.formula_zh


def test_the_inventory_figures_have_one_chinese_name():
    """Each inventory figure's label, and every input citing it, say the words of trace.FIGURES_ZH."""
    from cnm.consolidation import consolidate
    from cnm.trace import FIGURES_ZH
    from tests.history_records import demo_group, demo_records

    group = consolidate(demo_group(), demo_records(), approach="equity")
    for items in (assess(load_record(RECORD)).trace(), group.trace()):
        by_key = {t.key: t for t in items}
        for name, zh in FIGURES_ZH.items():
            key = name if name == "energy_tce" else f"inventory.{name}"
            assert by_key[key].label_zh == zh, key
        # I09's achieved reductions cite the period's reductions when they are the period's: named as achieved
        cited = [(k, x.name_zh) for t in items for x in t.inputs
                 if (k := x.source.removeprefix("trace inventory.").removeprefix("trace ")) in FIGURES_ZH
                 and x.source.startswith("trace ") and x.name != "achieved"]
        assert len(cited) > 10 and [(k, zh) for k, zh in cited if zh != FIGURES_ZH[k]] == []
