"""Dynamic assessment: year-on-year indicators from the earlier records (issue 8, R-4.2, R-6.3).

Hand figures: jinyuan-coal gross 2022 688,328.527, 2023 649,915.921, 2024 597,737.397 tCO2e;
raw coal 2.80, 2.90, 3.00 Mt; reductions 2024 309,117.5 t against a target of 270,000 t.
"""

from __future__ import annotations

import pytest

from cnm.errors import InputErrors
from cnm.history import histories, index_records, mine_history
from cnm.methodology import default_methodology
from cnm.previous import resolve_previous
from cnm.result import assess
from tests.history_records import data, demo_records, half, rec

G22, G23, G24 = 688_328.527, 649_915.921, 597_737.397


def _ind(result, iid):
    return next(i for i in result.indicators if i.id == iid)


def _codes(result):
    return [f.code for f in result.findings]


def test_demo_history_matches_hand_calculation():
    h = mine_history([r for r in demo_records() if r.mine.id == "jinyuan-coal"])
    rows = {r.period: r for r in h.rows}
    assert list(rows) == ["2022", "2023", "2024"]
    assert rows["2023"].compared_with == "2022"
    assert rows["2023"].emissions_decline == pytest.approx((G22 - G23) / G22 * 100, rel=1e-6)
    i22, i23 = G22 * 1000 / 2_800_000, G23 * 1000 / 2_900_000
    assert rows["2023"].intensity == pytest.approx(i23)
    assert rows["2023"].intensity_decline == pytest.approx((i22 - i23) / i22 * 100, rel=1e-6)
    assert rows["2024"].target_completion == pytest.approx(309_117.5 / 270_000 * 100)
    assert h.rising == []
    # 2022 has no earlier record: the stated 2021 block is used, and the finding says so
    assert [f.code for f in rows["2022"].findings] == ["previous-not-in-history"]


def test_stated_previous_that_differs_from_the_record_is_reported_and_replaced():
    d = data("jinyuan-coal_2023")
    d["previous"]["gross_emissions"]["value"] = 720_000  # the workbook states a wrong 2022 figure
    stated = assess(rec(d))
    assert _ind(stated, "I04").metric_value == pytest.approx((720_000 - G23) / 720_000 * 100, rel=1e-6)
    with_history = assess(rec(d), history=demo_records())
    assert _ind(with_history, "I04").metric_value == pytest.approx((G22 - G23) / G22 * 100, rel=1e-6)
    mismatch = [f for f in with_history.findings if f.code == "previous-mismatch"]
    assert len(mismatch) == 1 and mismatch[0].loc == "previous.gross_emissions"
    assert "720,000.0" in mismatch[0].message_en and "688,328.5" in mismatch[0].message_en
    # within the rounding tolerance (0.5 %) the stated figure agrees
    d["previous"]["gross_emissions"]["value"] = 688_000
    assert "previous-mismatch" not in _codes(assess(rec(d), history=demo_records()))


def test_stated_previous_energy_is_checked_against_the_earlier_record():
    d = data("jinyuan-coal_2023")
    energy_2022 = assess(rec(data("jinyuan-coal_2022"))).inventory.energy_tce
    d["previous"]["energy"] = {"value": round(energy_2022 * 1.2), "unit": "tce"}  # 20 % too high
    found = [f for f in assess(rec(d), history=demo_records()).findings if f.code == "previous-mismatch"]
    assert [f.loc for f in found] == ["previous.energy"] and "+20.0" in found[0].message_en
    d["previous"]["energy"] = {"value": energy_2022 / 10_000, "unit": "万tce"}
    assert "previous-mismatch" not in _codes(assess(rec(d), history=demo_records()))


def test_without_history_behaviour_is_unchanged():
    for r in demo_records():
        plain, hist = assess(r), assess(r, history=demo_records())
        assert plain.total == pytest.approx(hist.total)  # the demo's stated blocks agree with the records


def test_rising_intensity_is_flagged():
    d = data("jinyuan-coal_2024")
    d["production"]["output"]["value"] = 250.0  # 万t: less coal for about the same emissions
    d["previous"]["output"]["value"] = 290.0
    records = [r for r in demo_records() if r.key != "jinyuan-coal/2024"] + [rec(d)]
    h = mine_history([r for r in records if r.mine.id == "jinyuan-coal"])
    assert h.rising == ["2024"]
    row = h.rows[-1]
    assert row.intensity_decline < 0
    rising = [f for f in row.findings if f.code == "intensity-rising"]
    assert rising and "standard (4.2)" in rising[0].message_en and rising[0].severity == "warning"


def test_half_year_against_previous_full_year_is_scaled_and_says_so():
    h1 = rec(half("jinyuan-coal_2024", 2024, 1))
    prev, findings = resolve_previous(h1, default_methodology(), demo_records())
    assert prev.period == "2023" and prev.scale == 0.5
    assert prev.gross == pytest.approx(G23 / 2, rel=1e-9)
    assert [f.code for f in findings] == ["previous-annualised"]
    r = assess(h1, history=demo_records())
    g_h1 = r.inventory.gross
    assert g_h1 == pytest.approx(G24 / 2, rel=1e-6)  # every input halved
    # I04 compares like with like: unscaled it would read as a 54 % fall
    assert _ind(r, "I04").metric_value == pytest.approx((G23 / 2 - g_h1) / (G23 / 2) * 100, rel=1e-6)
    full = next(x for x in demo_records() if x.key == "jinyuan-coal/2024")
    assert _ind(r, "I03").metric_value == pytest.approx(_ind(assess(full), "I03").metric_value, rel=1e-6)  # ratios: unscaled


def test_half_year_prefers_the_same_half_a_year_earlier():
    h2_23 = rec(half("jinyuan-coal_2023", 2023, 2, factor=0.6))
    h2_24 = rec(half("jinyuan-coal_2024", 2024, 2, factor=0.6))
    r = assess(h2_24, history=[*demo_records(), h2_23])
    assert "previous-annualised" not in _codes(r)
    g23 = assess(h2_23).inventory.gross
    assert _ind(r, "I04").metric_value == pytest.approx((g23 - r.inventory.gross) / g23 * 100, rel=1e-6)


def test_full_year_compares_with_the_sum_of_the_previous_halves():
    halves = [rec(half("jinyuan-coal_2023", 2023, 1, 0.4)), rec(half("jinyuan-coal_2023", 2023, 2, 0.6))]
    r24 = next(r for r in demo_records() if r.key == "jinyuan-coal/2024")
    r = assess(r24, history=halves)
    both = sum(assess(x).inventory.gross for x in halves)
    assert both == pytest.approx(G23, rel=1e-6)
    assert _ind(r, "I04").metric_value == pytest.approx((both - G24) / both * 100, rel=1e-6)


def test_second_half_with_the_annual_target_counts_year_to_date():
    d1, d2 = half("jinyuan-coal_2024", 2024, 1), half("jinyuan-coal_2024", 2024, 2)
    for d in (d1, d2):
        d["targets"]["reduction_target"]["value"] = 270_000  # the annual target, stated in both halves
    h1, h2 = rec(d1), rec(d2)
    alone = assess(h2)
    assert _ind(alone, "I09").metric_value == pytest.approx(309_117.5 / 2 / 270_000 * 100)
    r = assess(h2, history=[h1])
    assert _ind(r, "I09").metric_value == pytest.approx(309_117.5 / 270_000 * 100)
    assert "target-year-to-date" in _codes(r)
    d2["targets"]["reduction_target"]["value"] = 135_000  # a half-year target of its own
    assert _ind(assess(rec(d2), history=[h1]), "I09").metric_value == pytest.approx(309_117.5 / 2 / 135_000 * 100)


def test_stated_block_of_another_length_is_scaled_without_history():
    d = half("jinyuan-coal_2024", 2024, 1)
    d["previous"] = data("jinyuan-coal_2024")["previous"]  # the full year 2023, as the workbook states it
    r = assess(rec(d))
    assert "previous-annualised" in _codes(r)
    assert _ind(r, "I04").metric_value == pytest.approx((G23 / 2 - G24 / 2) / (G23 / 2) * 100, rel=1e-4)


def test_duplicate_period_is_an_error_naming_both():
    r = demo_records()[0]
    with pytest.raises(InputErrors) as exc:
        index_records([r, r], ["a.yaml", "b.yaml"])
    assert exc.value.problems[0].loc == "b.yaml" and "a.yaml" in exc.value.problems[0].message_en


def test_history_contract():
    docs = [h.contract() for h in histories(demo_records())]
    assert {d["mine"]["id"] for d in docs} == {r.mine.id for r in demo_records()}
    row = docs[0]["periods"][-1]
    for key in ("period", "gross", "intensity", "intensity_decline", "emissions_decline", "target_completion",
                "compared_with", "total", "grade", "rising_intensity", "findings"):
        assert key in row


def test_a_change_of_grid_factor_between_periods_is_a_warning(tmp_path):
    """qianxi-iron (河北省): 2022 takes Hebei's own factor, 2023 the North China grid's (the 2023
    series has no provinces). Gross uses market-based Scope 2 by default (the national residual
    mix both years), so only location-based Scope 2 is affected; with gross on location-based
    Scope 2, part of the year-on-year change is the factor's."""
    import yaml

    from cnm.methodology import load_methodology

    recs = {r.period.label: r for r in demo_records() if r.mine.id == "qianxi-iron"}
    results = {r.record.period.label: r for r in mine_history(list(recs.values())).results}
    found = [f for f in results["2023"].findings if f.code == "previous-grid-changed"]
    assert [f.loc for f in found] == ["electricity.purchased"] and found[0].severity == "warning"
    assert "基于位置" in found[0].message_zh and "河北省（0.7252 tCO2/MWh, 2022）" in found[0].message_zh
    assert "华北区域电网" in found[0].message_zh and "排放总量按基于市场的范围二计，不受影响" in found[0].message_zh
    assert "Hebei province" in found[0].message_en and "gross emissions use market-based Scope 2 and are unaffected" \
        in found[0].message_en
    assert "previous-grid-changed" not in _codes(results["2024"])  # 2023 and 2024: the same grid

    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump({"base": "default", "version": "loc",
                                    "parameters": {"scope2_basis_for_gross": "location"}}), encoding="utf-8")
    on_location = mine_history([recs["2022"], recs["2023"]], load_methodology(path)).results[-1]
    found = [f for f in on_location.findings if f.code == "previous-grid-changed"]
    assert len(found) == 1 and "year-on-year intensity and emissions declines comes from the factor" in found[0].message_en

    # the hint's remedy: the same grid in both periods
    same = recs["2022"].model_copy(update={"electricity": recs["2022"].electricity.model_copy(
        update={"grid_region": "north"})})
    assert "previous-grid-changed" not in _codes(mine_history([same, recs["2023"]]).results[-1])
    assert "previous-grid-changed" not in _codes(assess(recs["2023"]))  # without history: nothing to compare
