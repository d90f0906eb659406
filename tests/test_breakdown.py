"""Core helpers the report reads: gross emissions by scope and source (G-6), inputs with their
source and quality tier (R-4.1, R-7.2)."""

from __future__ import annotations

import pytest

from cnm.breakdown import gross_by_scope, gross_by_source
from cnm.provenance import data_inputs, quality_tally
from cnm.result import assess
from tests.conftest import amt, make_record

STEMS = ["chuannan-gas_2024", "jinyuan-coal_2024", "qianxi-iron_2024", "zhundong-opencast_2022"]


@pytest.mark.parametrize("stem", STEMS)
def test_parts_add_up_to_gross(stem, demo_record, methodology):
    r = assess(demo_record(stem), methodology)
    assert sum(p.tco2e for p in gross_by_source(r)) == pytest.approx(r.inventory.gross)
    by_scope = gross_by_scope(r)
    assert by_scope[1] == pytest.approx(r.inventory.scope1)
    assert by_scope.get(2, 0.0) == pytest.approx(r.inventory.scope2_market)  # the default basis
    assert 3 not in by_scope  # Scope 3 is reported, not counted, unless declared


def test_scope3_counts_only_when_declared(methodology):
    item = {"category": 4, "description": "运输", "emissions": amt(500, "t")}
    out = assess(make_record(scope3=[item]), methodology)
    assert 3 not in gross_by_scope(out)
    inside = assess(make_record(scope3=[item], boundary={"scopes": [1, 2, 3]}), methodology)
    assert gross_by_scope(inside)[3] == pytest.approx(500)


def test_inputs_with_sources_and_tiers(demo_record):
    rec = demo_record("qianxi-iron_2024")
    inputs = {d.loc: d for d in data_inputs(rec)}
    assert inputs["fuels[0]"].what == "diesel" and inputs["fuels[0]"].quality == "measured"
    assert inputs["electricity.purchased"].data_source == "电费结算单"
    tally = quality_tally(rec)
    assert sum(tally.values()) == len(inputs) and tally["unspecified"] == 0
    bare = make_record(fuels=[{"fuel": "diesel", "value": 10, "unit": "t"}])
    assert quality_tally(bare)["unspecified"] == 1
