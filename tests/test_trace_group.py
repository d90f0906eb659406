"""R-4.1 / R-6.1: the group's figures can be traced too (GroupResult.trace()).

Demo group huajin-energy under equity shares (examples/groups/huajin-energy.yaml: jinyuan 100 %,
zhundong 60 %, wannan 51 %); the expected keys are written out, each value is checked against the
group contract and a few are recomputed by hand from the listed inputs.
"""

from __future__ import annotations

import pytest

from cnm.consolidation import consolidate
from cnm.methodology import default_methodology
from tests.history_records import demo_group, demo_records

GROUPS = ["G1", "G2", "G3", "G4", "G5", "G6"]
EXPECTED_KEYS = [
    "inventory.scope1", "inventory.scope2_location", "inventory.scope2_market", "inventory.scope3",
    "inventory.gross", "inventory.removals", "inventory.reductions", "inventory.residual", "inventory.offsets",
    "inventory.offset_share", "inventory.neutrality.scope1", "inventory.neutrality.scope1_2",
    "inventory.neutrality.scope1_2_3", "energy_tce",
    *[f"indicator.I{n:02d}" for n in range(1, 25)],
    *[k for g in GROUPS for k in (f"group.{g}", f"group.{g}.points")],
    *[k for lv in ("L1", "L2", "L3") for k in (f"level.{lv}.points", f"level.{lv}")],
    "total", "grade.by_score", "grade.by_offset", "grade",
]


@pytest.fixture(scope="module")
def group():
    return consolidate(demo_group(), demo_records(), approach="equity")


@pytest.fixture(scope="module")
def trace(group):
    return {t.key: t for t in group.trace()}


def test_group_trace_lists_the_expected_figures(trace):
    assert list(trace) == EXPECTED_KEYS


def test_group_trace_values_equal_the_group_contract(group, trace):
    c = group.contract(detail=False)
    for k in ("scope1", "scope2_location", "scope2_market", "scope3", "gross", "removals", "reductions", "residual",
              "offsets", "offset_share"):
        assert trace[f"inventory.{k}"].value == pytest.approx(c["inventory"][k]), k
    for k, v in c["inventory"]["neutrality"].items():
        assert trace[f"inventory.neutrality.{k}"].value == pytest.approx(v), k
    assert trace["energy_tce"].value == pytest.approx(c["energy_tce"])
    for i in c["indicators"]:
        assert trace[f"indicator.{i['id']}"].value == pytest.approx(i["score"]), i["id"]
    for g in c["groups"]:
        assert trace[f"group.{g['id']}"].value == pytest.approx(g["score"])
    assert trace["total"].value == pytest.approx(c["total"])
    assert [trace[k].value for k in ("grade", "grade.by_score", "grade.by_offset")] == [
        c["grade"], c["grade_by_score"], c["grade_by_offset"]]


def test_group_gross_and_total_recomputed_from_the_listed_inputs(trace):
    x = {i.name: i.value for i in trace["inventory.gross"].inputs}
    members = ["jinyuan-coal", "zhundong-opencast", "wannan-limestone"]
    assert [x[f"{m} share"] for m in members] == pytest.approx([1.0, 0.6, 0.51])
    assert sum(x[f"{m} share"] * x[f"{m} gross"] for m in members) == pytest.approx(trace["inventory.gross"].value)
    z = {i.name: i.value for i in trace["total"].inputs}
    assert sum(z[f"q {g}"] / 100 * z[f"Q {g}"] for g in GROUPS) == pytest.approx(trace["total"].value)
    assert any(i.name == "AAA from" for i in trace["grade.by_score"].inputs)


def test_group_trace_has_chinese_formulas_and_input_names(group):
    """The group's trace carries Chinese next to English as a mine's does (tests/test_trace.py)."""
    from tests.test_trace import cited_documents, english

    mines = [mc.mine for mc in group.members]
    left = [(t.key, text, words) for t in group.trace()
            for text in (t.formula_zh or t.formula, *(x.name_zh or x.name for x in t.inputs))
            if (words := english(text, mines))]
    assert left == []
    assert english(next(t for t in group.trace() if t.key == "inventory.gross").formula, mines)  # the English stays
    # the inputs' sources: consolidation, members, weights, Table A.1, grade bands, offsets counted once
    sources = {(x.source, x.source_zh) for t in group.trace() for x in t.inputs if not x.source.startswith("trace ")}
    m = default_methodology()  # the weights are cited by the methodology's name in each language
    assert {"consolidation: equity", "member jinyuan-coal", f"Table A.1 weights ({m.name_en} {m.version})",
            "credits the group retired"} <= {en for en, _ in sources}
    assert {"合并方法：股权比例", "成员 jinyuan-coal", f"表 A.1 权重（{m.name} {m.version}）",
            "集团自行注销的碳信用"} <= {zh for _, zh in sources}
    assert any(en.startswith("weight 0.") and zh.startswith("权重 0.") for en, zh in sources)
    cited = [*mines, *cited_documents()]
    left = [(en, words) for en, zh in sources if (words := english(zh or en, cited))]
    assert left == []


def test_group_offsets_are_carbon_credits_in_chinese(trace):
    """Valid offsets: members' at their shares plus the credits (碳信用) the group retired itself,
    not 减排量 (the mines' own reductions, I07)."""
    from tests.test_trace import OWN_REDUCTIONS, cnm_zh

    offsets = trace["inventory.offsets"]
    assert "集团自行注销的碳信用" in offsets.formula_zh and "减排量" not in offsets.formula_zh
    assert [t.key for t in trace.values() if "减排量" in cnm_zh(t) and t.key not in OWN_REDUCTIONS] == []
