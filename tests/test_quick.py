"""cnm.quick: single figures equal the core's own results; bad arguments name themselves."""

from __future__ import annotations

import math

import pytest

from cnm import quick
from cnm.result import assess
from tests.conftest import amt, make_record


def test_co2e_and_tce_of_a_fuel_equal_the_accounting_line(methodology):
    r = assess(make_record(fuels=[{"fuel": "diesel", **amt(1100, "t")}]), methodology)
    line = next(ln for ln in r.inventory.lines if ln.key.startswith("S1.fuel.0"))
    assert math.isclose(quick.co2e(1100, "t", "diesel"), line.tco2e, rel_tol=1e-12)
    assert math.isclose(quick.co2e(1100, "t", "柴油"), line.tco2e, rel_tol=1e-12)
    assert math.isclose(quick.tce(1100, "t", "diesel"), r.inventory.energy_tce, rel_tol=1e-12)


def test_co2e_of_a_gas_and_a_process_source(methodology):
    assert quick.co2e(2, "t", "SF6") == 2 * methodology.gwp.gwp("SF6")
    assert quick.co2e(2000, "kg", "六氟化硫") == pytest.approx(2 * methodology.gwp.gwp("SF6"))
    r = assess(make_record(carbonates=[{"carbonate": "calcium_carbonate", "amount": amt(100, "t")}]), methodology)
    assert quick.co2e(100, "t", "calcium_carbonate") == pytest.approx(r.inventory.scope1, rel=1e-12)


def test_grid_factor_follows_province_region_and_national(methodology):
    r = assess(make_record(mine={"province": "山西省"}, electricity={"purchased": amt(1, "MWh")}), methodology)
    loc = next(ln for ln in r.inventory.lines if ln.basis == "location")
    assert quick.grid_factor(2024, "山西省") == pytest.approx(loc.tco2e)
    assert quick.grid_factor(2024, "north") != quick.grid_factor(2024, "national")


def test_scores_and_grades_use_the_rubric_and_bands(methodology):
    assert quick.indicator_score("I02", 150, "coal_underground") == 60
    assert quick.indicator_score("I02", 150, "井工煤矿") == 60
    assert quick.indicator_score("I14", 3, evidence="文件") == 75
    assert quick.indicator_score("I14", 3) == 0  # no evidence
    assert quick.total_score([100] * 24) == pytest.approx(100)
    assert quick.group_score("G1", [100, 0, 0, 0]) == pytest.approx(30)
    assert quick.grade(96, 1.0) == "AAA"
    assert quick.grade(96, 0.5) == "未达级"
    assert quick.offset_share(10, 0) == 1.0
    assert quick.plan(88, 0.85, 1000, 850) == "升至 A：再抵消 50 tCO2e"
    assert quick.plan(99, 1.2, lang="en") == "Highest grade reached"
    assert quick.method("hash") == methodology.hash


@pytest.mark.parametrize(("call", "argument"), [
    (lambda: quick.co2e(1, "m2", "diesel"), "unit"),
    (lambda: quick.co2e("x", "t", "diesel"), "amount"),
    (lambda: quick.co2e(1, "t", "dizel"), "source"),
    (lambda: quick.indicator_score("I99", 1), "indicator_id"),
    (lambda: quick.indicator_score("I02", 1, "moon"), "category"),
    (lambda: quick.gwp("XYZ"), "gas"),
    (lambda: quick.total_score([1, 2]), "scores"),
])
def test_bad_arguments_are_named(call, argument):
    with pytest.raises(quick.QuickError) as exc:
        call()
    assert exc.value.argument == argument
    assert str(exc.value).startswith(argument + ":")
