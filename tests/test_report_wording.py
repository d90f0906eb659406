"""Wording and precision of what the report prints from the core (a reviewer's findings): line and
trace labels name things, not enum keys; a scope is named once; an amount reported in tCO2e is not a
gas; Annex A can be rechecked at its printed precision with units that say what a figure is; the
English annex is English; the report cites the draft standard's clauses, never cnm's requirement ids
(READING.md's R-/G- ids) or a repository path. Every demo record is assessed, against its earlier
periods as the report is."""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest

from cnm.accounting.context import CO2E
from cnm.breakdown import gross_by_source
from cnm.grading import NOT_RATED, NOT_RATED_EN
from cnm.methodology import default_methodology
from cnm.record_io import load_record
from cnm.result import Result, assess
from cnm.trace import CLAUSE
from report_builder import figures
from report_builder.context import _trace
from report_builder.labels import GAS, SCOPE, SECTIONS, TEXT, _item_name, aside, has_gas_mass, pick
from tests.conftest import DEMO_RECORDS
from tests.test_trace import quoted

ALL = sorted(DEMO_RECORDS.glob("*.yaml"))
#: an enum key or record field name: lower-case words joined by underscores (emulsion_explosive, restoration_sink)
SNAKE = re.compile(r"(?<![\w.\[/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w\]])")
#: Chinese characters and full-width punctuation ((), :, ;)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: cnm's requirement and reading ids (READING.md) and repository paths
INTERNAL = re.compile(r"\b[RG]-\d+(?:\.\d+)?\b|docs/|\.md\b")
#: the draft standard's published title, cited as published in both languages
STANDARD_TITLE = "碳中和矿山评价"


@cache
def assessed(stem: str) -> Result:
    record = load_record(DEMO_RECORDS / f"{stem}.yaml")
    earlier = [r for p in sorted(DEMO_RECORDS.glob(f"{record.mine.id}_*.yaml"))
               if (r := load_record(p)).period.year < record.period.year]
    return assess(record, history=earlier)


def stems(paths=ALL):
    return [p.stem for p in paths]


def test_the_snake_case_pattern():
    assert SNAKE.findall("爆破（emulsion_explosive）") == ["emulsion_explosive"]
    assert SNAKE.findall("removals[0] restoration_sink = 5,200") == ["restoration_sink"]
    assert SNAKE.findall("Blasting (Emulsion explosive); S1.fuel.0.raw_coal; fuels[0]; Q_flare; tCH4/facility-year") == []


# --- 1. names, not keys ------------------------------------------------------------------------

@pytest.mark.parametrize("stem", stems())
def test_no_line_or_trace_label_carries_an_enum_key(stem):
    r = assessed(stem)
    labels = [(f"line {ln.key}", text) for ln in r.inventory.lines for text in (ln.label_zh, ln.label_en)]
    labels += [(f"energy {e.key}", text) for e in r.inventory.energy_lines for text in (e.label_zh, e.label_en)]
    labels += [(t.key, text) for t in r.trace() for text in (t.label_zh, t.label_en)]
    # an input's name, unless it names a traced figure by its key (S1.fuel.0.diesel, scope2_market)
    labels += [(f"{t.key} input", text) for t in r.trace() for x in t.inputs if not x.source.startswith("trace ")
               for text in (x.name, x.name_zh)]
    assert [(where, text) for where, text in labels if SNAKE.search(text)] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_explosive_is_named_as_section_4_1_names_it(lang):
    """gandong-copper's emulsion explosive has the mine's own factor: its line still says 乳化炸药."""
    r = assessed("gandong-copper_2024")
    (ln,) = [ln for ln in r.inventory.lines if ln.category == "process_explosive"]
    name = _item_name(r.record.explosives[0], default_methodology(), lang)
    assert name == pick(("乳化炸药", "Emulsion explosive"), lang)
    assert (ln.label_zh if lang == "zh" else ln.label_en) == pick((f"爆破（{name}）", f"Blasting ({name})"), lang)
    assert ln.factors[0].set_id == "measured"  # the mine's own factor, as the record says


def test_an_explosive_the_library_does_not_list_keeps_the_mines_word():
    from tests.conftest import amt, make_record

    r = assess(make_record(explosives=[{"explosive": "现场混装炸药", "amount": amt(10, "t"),
                                        "own_factor_tco2_per_t": 0.18}]))
    (ln,) = [ln for ln in r.inventory.lines if ln.category == "process_explosive"]
    assert (ln.label_zh, ln.label_en) == ("爆破（现场混装炸药）", "Blasting (现场混装炸药)")


def test_a_facility_line_names_its_kind_once():
    r = assessed("chuannan-gas_2024")
    labels = [(ln.label_zh, ln.label_en) for ln in r.inventory.lines if ln.category == "facility_venting"]
    assert labels and all(zh.count("（") == 1 and en.count("(") == 1 for zh, en in labels), labels
    assert ("天然气开采 集气站（工艺放空）", "Gas gathering station (process venting)") in labels


# --- 2. a scope named once ---------------------------------------------------------------------

@pytest.mark.parametrize("stem", stems(sorted(DEMO_RECORDS.glob("*_2024.yaml"))))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_chart_and_the_inventory_name_a_scope_once(stem, lang):
    r = assessed(stem)
    names = [pick(SCOPE[s], lang) for s in SCOPE]
    for ln in r.inventory.lines:
        label = ln.label_zh if lang == "zh" else ln.label_en
        assert not any(n in label for n in names), label  # the scope column and the chart say the scope
    svg = figures.charts(r, [], gross_by_source(r), lang)["sources"]
    assert not any(f"{n} · {n}" in svg for n in names)


def test_a_scope_3_line_reads_scope_category_description():
    r = assessed("gandong-copper_2024")
    (ln,) = [ln for ln in r.inventory.lines if ln.scope == 3]
    assert (ln.label_zh, ln.label_en) == ("类别4：精矿公路运输至冶炼厂", "Category 4: 精矿公路运输至冶炼厂")
    svg = figures.charts(r, [], gross_by_source(r), "zh")["sources"]
    assert "范围三 · 类别4：精矿公路运输至冶炼厂" in svg


# --- 3. an amount reported in tCO2e is not a gas -----------------------------------------------

def test_an_amount_reported_in_co2e_has_no_gas_mass():
    r = assessed("gandong-copper_2024")
    (ln,) = [ln for ln in r.inventory.lines if ln.scope == 3]
    assert ln.gas == CO2E and not has_gas_mass(ln.gas) and ln.activity_unit == "tCO2e"
    assert [has_gas_mass(g.gas) for g in r.inventory.by_gas] == [g.gas != CO2E for g in r.inventory.by_gas]
    (co2e,) = [g for g in r.inventory.by_gas if g.gas == CO2E]
    assert co2e.gas_t == co2e.tco2e == ln.tco2e  # a tCO2e, not a gas mass: the report prints "—" for it
    assert GAS[CO2E] == ("以CO2当量填报", "reported as CO2e")
    (declared,) = next(t for t in r.trace() if t.key == "line.S3.0").inputs
    assert (declared.name, declared.name_zh, declared.unit) == ("declared emissions", "填报排放量", "tCO2e")
    assert declared.source.startswith("scope3[0].emissions: ")


# --- 4. Annex A rechecked at its printed precision, with its units -----------------------------

def printed(value: float, decimals: int) -> float:
    """The value as the annex prints it with `decimals` (TraceInput.decimals)."""
    return float(f"{value:.{decimals}f}")


@pytest.mark.parametrize("stem", stems())
def test_every_rubric_step_recomputes_from_the_printed_figures(stem):
    r = assessed(stem)
    items = {t.key: t for t in r.trace()}
    checked = 0
    for i in r.indicators:
        step = items[f"indicator.{i.id}"]
        x = {inp.name: inp for inp in step.inputs}
        if i.nature == "qualitative":
            assert x["level"].decimals == 0  # '2 level', not '2.00 level'
            continue
        if "m" not in x:
            continue
        m, d = x["m"].value, x["m"].decimals
        assert d is not None and d == items[f"indicator.{i.id}.metric"].decimals  # printed alike in both rows
        assert m == 0 or abs(m) * 10 ** d >= 999.5  # at least 4 significant digits
        shown = {k: printed(x[k].value, x[k].decimals) for k in ("m", "x0", "y0", "x1", "y1")}
        assert all(shown[k] == x[k].value for k in ("x0", "y0", "x1", "y1"))  # reference points as published
        points = [tuple(map(float, p)) for p in re.findall(r"\(([-\d.]+), ([-\d.]+)\)", x[next(
            k for k in x if k.startswith("reference points"))].value)]
        assert all((shown["m"] <= px) == (m <= px) for px, _ in points), i.id  # same side of every point
        if step.formula.startswith("M = y0 +"):
            again = shown["y0"] + (shown["y1"] - shown["y0"]) * (shown["m"] - shown["x0"]) / (shown["x1"] - shown["x0"])
            assert abs(again - step.value) <= 0.005 + 1e-9, (i.id, m, d, again, step.value)
            checked += 1
    assert checked >= 10  # every demo record interpolates between reference points 10 times or more


def test_the_reviewers_example_jinyuan_coal_i01():
    """I01 printed 'm = 1.33' beside 'M = 40.30': 60 - 30 x (1.33 - 1) / 0.5 = 40.20."""
    step = next(t for t in assessed("jinyuan-coal_2024").trace() if t.key == "indicator.I01")
    m = next(x for x in step.inputs if x.name == "m")
    assert f"{m.value:.{m.decimals}f}" == "1.3283" and f"{step.value:.2f}" == "40.30"
    assert 60 - 30 * (1.3283 - 1) / 0.5 == pytest.approx(40.30, abs=0.005)


@pytest.mark.parametrize("stem", stems())
def test_units_say_what_a_figure_is(stem):
    r = assessed(stem)
    cat = default_methodology().rubric.categories[r.record.mine.category]
    items = {t.key: t for t in r.trace()}
    units = {(t.key, x.name): x.unit for t in items.values() for x in t.inputs}
    assert not [k for k, u in units.items() if u == "per output unit"]
    if r.record.targets.emission_cap is None:
        assert units[("indicator.I01.metric", "reference")] == cat.intensity_unit  # kgCO2e/t, not '/单位产量'
    else:
        assert units[("indicator.I01.metric", "cap")] == "tCO2e"
    assert units[("indicator.I01.metric", "gross")] == "tCO2e"  # an emissions total, not 't'
    if r.record.targets.energy_cap is None:
        assert units[("indicator.I05.metric", "reference")] == cat.energy_intensity_unit
    # every emissions total the trace cites is in tCO2e
    assert not [k for k, u in units.items() if k[1] in ("gross", "scope1", "residual", "offsets") and u != "tCO2e"]


@pytest.mark.parametrize("stem", stems(sorted(DEMO_RECORDS.glob("*_2024.yaml"))))
def test_fractions_and_grade_bands_print_alike(stem):
    items = {t.key: t for t in assessed(stem).trace()}
    offset = items["grade.by_offset"].inputs
    assert len({x.decimals for x in offset}) == 1 and offset[0].decimals >= 4  # 1.0000 beside 0.9500
    score = items["grade.by_score"].inputs
    assert {x.decimals for x in score[1:]} == {2} and score[0].decimals >= 2
    for key in ("inventory.offset_share", "inventory.neutrality.scope1", "inventory.neutrality.scope1_2"):
        assert items[key].decimals == 4 and items[key].unit == "fraction"


@pytest.mark.parametrize("stem", ["jinyuan-coal_2024", "chuannan-gas_2024", "qianxi-iron_2024"])
def test_factors_and_constants_print_all_their_digits(stem):
    """NCV 42.652 GJ/t, not 42.65; 1.2229 kgce/Nm3, not 1.22; 12 x 10 / 22.4 tC/万Nm3, not 5.36."""
    for t in assessed(stem).trace():
        if not t.key.startswith(("line.", "energy.E")):
            continue
        for x in t.inputs:
            if x.name in ("NCV", "CC", "OF", "EF", "GWP", "GWP CH4", "CH4 density", "coefficient", "carbon",
                          "facilities", "months/12") and isinstance(x.value, float | int):
                assert x.decimals is not None and printed(x.value, x.decimals) == pytest.approx(x.value, rel=1e-6), (
                    t.key, x.name, x.value)


# --- 5. the English annex is English -----------------------------------------------------------

def published(r: Result) -> list[str]:
    """Texts printed as published in both languages: the factor sets' documents and tables, the GWP
    set, the rubric's source (which cites the draft standard by its title), the standard's title."""
    m = default_methodology()
    texts = [x for s in m.factors.sets for x in (s.document, s.table) if x]
    return [*texts, m.gwp.name, m.gwp.source or "", m.rubric.source, STANDARD_TITLE]


def cjk_left(text: str, allowed: list[str]) -> list[str]:
    for a in sorted({a for a in allowed if a}, key=len, reverse=True):
        text = text.replace(a, " ")
    text = re.sub(r"万(?=[A-Za-z])|万元", " ", text)  # unit symbols: 万t, 万Nm3, 万kWh, 万m3, 万元
    return CJK.findall(text)


@pytest.mark.parametrize("stem", stems())
def test_the_english_annex_has_no_chinese_but_the_mines_words_and_published_titles(stem):
    r = assessed(stem)
    annex = _trace(r, "en")
    allowed = [*quoted(r), r.record.mine.name_zh, *published(r)]
    left = [(row["key"], part, chars) for row in annex["rows"] for part in ("label", "value", "formula", "inputs",
                                                                            "factors")
            if (chars := cjk_left(row[part], allowed))]
    left += [("sources", text, chars) for text in annex["sources"] if (chars := cjk_left(text, allowed))]
    assert left == []


def test_a_grade_formula_says_not_rated_in_each_language():
    items = {t.key: t for t in assessed("jinyuan-coal_2024").trace()}
    for key in ("grade.by_score", "grade.by_offset"):
        assert items[key].formula.endswith(f"none: {NOT_RATED_EN}") and NOT_RATED in items[key].formula_zh
    en = {row["key"]: row for row in _trace(assessed("jinyuan-coal_2024"), "en")["rows"]}
    assert en["grade"]["value"] == NOT_RATED_EN and NOT_RATED not in en["grade.by_offset"]["formula"]


def test_the_english_annex_names_the_methodology_in_english():
    m = default_methodology()
    sources = "\n".join(_trace(assessed("qianxi-iron_2024"), "en")["sources"])
    assert f"Table A.1 weights ({m.name_en} {m.version})" in sources and m.name not in sources
    zh = "\n".join(_trace(assessed("qianxi-iron_2024"), "zh")["sources"])
    assert f"表 A.1 权重（{m.name} {m.version}）" in zh


def test_an_aside_is_in_the_languages_brackets():
    assert aside("占总分 15", "zh") == "（占总分 15）" and aside("Share 15", "en") == " (Share 15)"


# --- 6. the standard's clauses, not cnm's ids ----------------------------------------------------

@pytest.mark.parametrize("stem", stems(sorted(DEMO_RECORDS.glob("*_2024.yaml"))))
def test_the_trace_cites_the_standard_not_cnm_ids(stem):
    r = assessed(stem)
    words = [(t.key, text) for t in r.trace()
             for text in (t.formula, t.formula_zh, t.label_zh, t.label_en, *(x.name for x in t.inputs),
                          *(x.name_zh for x in t.inputs))]
    assert [(k, text) for k, text in words if INTERNAL.search(text)] == []
    # the sources cnm words (weights, bands): the data files' own texts (the rubric's source, a factor
    # set's document) are the methodology's and left out here
    data = [x for x in [*published(r), default_methodology().rubric.source_zh] if x]
    data += [x for s in default_methodology().factors.sets for x in (s.document_zh, s.table_zh) if x]
    for lang in ("zh", "en"):
        annex = _trace(r, lang)
        texts = [row[p] for row in annex["rows"] for p in ("formula", "inputs")] + annex["sources"]
        left = [t for t in texts if INTERNAL.search(re.sub("|".join(map(re.escape, sorted(data, key=len, reverse=True))),
                                                               " ", t))]
        assert left == [], lang


def test_the_clauses_cited_and_where():
    items = {t.key: t for t in assessed("qianxi-iron_2024").trace()}
    assert items["grade"].formula.endswith(f"({CLAUSE['grades'][1]})") and CLAUSE["grades"] == ("标准 9.3", "standard §9.3")
    assert f"formula 2, {CLAUSE['method'][1]}" in items["total"].formula
    assert f"公式 1，{CLAUSE['method'][0]}" in items["group.G1"].formula_zh
    assert items["indicator.I14"].formula == "M = score of level (standard §7.2)"
    assert items["indicator.I14"].formula_zh == "M = 所评等级的得分（标准 7.2）"


def test_the_reports_words_cite_no_internal_id():
    texts = [x for pair in itertools.chain(TEXT.values(), SECTIONS.values()) for x in pair]
    assert [t for t in texts if INTERNAL.search(t)] == []
