"""Properties: scores stay in [0, 100]; improving one indicator never lowers the total;
more offsets never lower the total; unit conversions round-trip."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnm.result import assess
from cnm.rubric import interpolate
from cnm.scoring import IndicatorScore, aggregate
from cnm.units import convert
from tests.conftest import DEMO_RECORDS, amt, make_record

scores24 = st.lists(st.floats(0, 100, allow_nan=False), min_size=24, max_size=24)


def _fake(catalog, values):
    it = iter(values)
    return [IndicatorScore(id=i.id, name_zh="", name_en="", nature=i.nature, group=g.id, weight=i.weight, value=None,
                           unit="", metric="x", metric_value=None, score=next(it))
            for g in catalog.groups for i in g.indicators]


@given(scores24)
def test_total_is_within_0_and_100(methodology, values):
    _, levels, total = aggregate(_fake(methodology.catalog, values), methodology.catalog)
    assert -1e-9 <= total <= 100 + 1e-9
    assert all(-1e-9 <= lv.score <= 100 + 1e-9 for lv in levels)


@given(scores24, st.integers(0, 23), st.floats(0, 100, allow_nan=False))
def test_improving_one_indicator_never_lowers_the_total(methodology, values, index, bump):
    cat = methodology.catalog
    _, _, before = aggregate(_fake(cat, values), cat)
    better = list(values)
    better[index] = max(values[index], bump)
    _, _, after = aggregate(_fake(cat, better), cat)
    assert after >= before - 1e-9


@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_every_rubric_curve_stays_in_range(methodology, x):
    for rule in methodology.rubric.indicators.values():
        curves = [p.points for p in rule.by_category.values()] if rule.by_category else ([rule.points] if rule.points else [])
        for pts in curves:
            assert 0 <= interpolate(pts, x) <= 100


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(diesel=st.floats(0, 1e5), offsets=st.integers(1, 10**6), extra=st.integers(1, 10**6))
def test_more_offsets_never_lower_score_or_grade(methodology, diesel, offsets, extra):
    def run(q):
        rec = make_record(fuels=[{"fuel": "diesel", **amt(diesel, "t")}],
                          offsets=[{"programme": "CCER", "vintage": 2024, "quantity": q, "retirement_date": "2025-01-01",
                                    "beneficiary": "测试矿山"}])
        return assess(rec, methodology)

    a, b = run(offsets), run(offsets + extra)
    assert 0 <= a.total <= 100
    assert b.total >= a.total - 1e-9
    order = ["AAA", "AA", "A", "B", "C", "未达级"]
    assert order.index(b.grade) <= order.index(a.grade)


@pytest.mark.parametrize(("unit", "other"), [("万t", "kg"), ("万kWh", "MWh"), ("GJ", "kWh"), ("万Nm3", "m3_20C"),
                                             ("tce", "kgce"), ("ha", "亩"), ("万元", "元"), ("万m3", "L")])
@given(value=st.floats(0, 1e9, allow_nan=False))
def test_unit_round_trip(unit, other, value):
    back = convert(convert(value, unit, other), other, unit)
    assert back == pytest.approx(value, rel=1e-9, abs=1e-9)


_DEMO = sorted(p.stem for p in DEMO_RECORDS.glob("*_2024.yaml"))


def _lever(data: dict, lever: str, x: float) -> None:
    """Move one lever of a record's data the better way by x in [0, 1] of its headroom."""
    res = data.setdefault("resources", {})
    if lever == "solid_waste_utilised" and res.get("solid_waste_generated"):
        gen, used = res["solid_waste_generated"], res.get("solid_waste_utilised") or {"value": 0, "unit": "t"}
        used = {**used, "value": used["value"] + x * max(gen["value"] - used["value"], 0), "unit": gen["unit"]}
        res["solid_waste_utilised"] = used
    elif lever == "recycled_water" and res.get("recycled_water"):
        res["recycled_water"] = {**res["recycled_water"], "value": res["recycled_water"]["value"] * (1 + 10 * x)}
    elif lever == "green_area" and res.get("green_area") and res.get("total_area"):
        g, t = res["green_area"], res["total_area"]
        res["green_area"] = {**g, "value": g["value"] + x * max(t["value"] - g["value"], 0)}
    elif lever.startswith("I"):
        q = data.setdefault("qualitative", {}).get(lever) or {"level": 0, "evidence": ""}
        data["qualitative"][lever] = {"level": min(4, q["level"] + round(4 * x)), "evidence": q["evidence"] or "制度文件"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(_DEMO), lever=st.sampled_from(["solid_waste_utilised", "recycled_water", "green_area",
                                                             "I08", "I14", "I17", "I22"]),
       x=st.floats(0, 1, allow_nan=False))
def test_improving_an_input_of_a_real_record_never_lowers_its_total(methodology, name, lever, x):
    """End to end from record inputs: more waste used, more water recycled, more green area or a
    higher qualitative level (with evidence) never lowers the total, which stays in [0, 100]."""
    import yaml

    from cnm.record_io import record_from_data

    data = yaml.safe_load((DEMO_RECORDS / f"{name}.yaml").read_text(encoding="utf-8"))
    before = assess(record_from_data(data), methodology)
    _lever(data, lever, x)
    after = assess(record_from_data(data), methodology)
    assert 0 <= before.total <= 100 and 0 <= after.total <= 100
    assert after.total >= before.total - 1e-9
