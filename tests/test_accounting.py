"""Each accounting path against a hand calculation from the guideline's formula and defaults."""

from __future__ import annotations

import pytest

from cnm.errors import InputErrors
from cnm.result import assess
from tests.conftest import amt, make_record

C = 44 / 12


def lines(result, **match):
    return [ln for ln in result.inventory.lines if all(getattr(ln, k) == v for k, v in match.items())]


def only(result, **match):
    found = lines(result, **match)
    assert len(found) == 1, found
    return found[0]


# --- fuels -------------------------------------------------------------------------------

def test_raw_coal_in_wan_tonnes(methodology):
    r = assess(make_record(fuels=[{"fuel": "raw_coal", **amt(0.5, "万t")}]), methodology)
    assert only(r, category="stationary_combustion").tco2e == pytest.approx(5000 * 20.908 * 26.37e-3 * 0.94 * C)
    assert r.inventory.energy_tce == pytest.approx(5000 * 0.7143)


def test_natural_gas_in_nm3_uses_guideline_ncv(methodology):
    r = assess(make_record(fuels=[{"fuel": "natural_gas", **amt(10000, "Nm3")}]), methodology)
    # 1 x 10^4 Nm3 x 389.31 GJ/10^4Nm3 x 15.3 tC/TJ x 99 % x 44/12 = 21.62 tCO2
    assert only(r).tco2e == pytest.approx(389.31 * 15.3e-3 * 0.99 * C)
    assert round(only(r).tco2e, 2) == 21.62
    assert r.inventory.energy_tce == pytest.approx(10000 * 1.2143 / 1000)


def test_diesel_in_litres_uses_density(methodology):
    r = assess(make_record(fuels=[{"fuel": "diesel", "use": "mobile", **amt(10000, "L")}]), methodology)
    ln = only(r, category="mobile_combustion")
    assert ln.tco2e == pytest.approx(10 * 0.84 * 42.652 * 20.2e-3 * 0.98 * C)
    assert any(f.factor_id == "diesel" for f in ln.factors)


def test_fuel_entered_as_heat_skips_ncv(methodology):
    r = assess(make_record(fuels=[{"fuel": "diesel", **amt(100, "GJ")}]), methodology)
    assert only(r).tco2e == pytest.approx(100 * 20.2e-3 * 0.98 * C)
    assert r.inventory.energy_tce == pytest.approx(100 / 29.3076)


def test_measured_fuel_parameters_override_the_default(methodology):
    own = {"ncv": "25.1 GJ/t", "carbon_content": "26.0 tC/TJ", "oxidation_percent": 95, "source": "化验报告 2024-017"}
    r = assess(make_record(fuels=[{"fuel": "raw_coal", **amt(100, "t"), "own_factor": own}]), methodology)
    ln = only(r)
    assert ln.tco2e == pytest.approx(100 * 25.1 * 26.0e-3 * 0.95 * C)
    assert ln.factors[0].quality == "measured" and ln.factors[0].source == "化验报告 2024-017"


def test_unknown_fuel_is_a_located_error_with_suggestion(methodology):
    with pytest.raises(InputErrors) as exc:
        assess(make_record(fuels=[{"fuel": "disel", **amt(1, "t")}]), methodology)
    (p,) = exc.value.problems
    assert p.loc == "fuels[0].fuel" and p.code == "unknown-source" and "diesel" in p.message_en


def test_gas_fuel_in_plain_m3_is_refused(methodology):
    with pytest.raises(InputErrors) as exc:
        assess(make_record(fuels=[{"fuel": "natural_gas", **amt(100, "m3")}]), methodology)
    assert exc.value.problems[0].loc == "fuels[0].unit"
    assert exc.value.problems[0].code == "unit-mismatch"


# --- electricity and heat ---------------------------------------------------------------

def test_electricity_location_and_market(methodology):
    rec = make_record(mine={"province": "山西省"}, period={"year": 2023},
                      electricity={"purchased": amt(10000, "MWh"), "exported": amt(1000, "MWh"),
                                   "green_power": amt(2000, "MWh"),
                                   "green_certificates": [{"serial": "GEC-1", "quantity": amt(1000, "MWh")}]})
    r = assess(rec, methodology)
    loc = only(r, basis="location")
    mkt = only(r, basis="market")
    assert loc.tco2e == pytest.approx(9000 * 0.6361)  # 2023 North China grid average
    assert mkt.tco2e == pytest.approx((9000 - 3000) * 0.6096)  # national residual mix 2023
    assert r.inventory.gross == pytest.approx(mkt.tco2e)  # default: market-based in gross
    assert r.inventory.energy_tce == pytest.approx(9000 * 0.1229)
    assert r.inventory.renewable_tce == pytest.approx(3000 * 0.1229)


def test_supplier_electricity_factor_replaces_the_residual_mix_in_the_market_method(methodology):
    rec = make_record(mine={"province": "山西省"}, period={"year": 2023},
                      electricity={"purchased": amt(10000, "MWh"), "green_power": amt(2000, "MWh"),
                                   "supplier_factor_tco2_per_mwh": 0.45, "supplier_factor_source": "售电公司 2023 排放因子"})
    r = assess(rec, methodology)
    mkt, loc = only(r, basis="market"), only(r, basis="location")
    assert mkt.tco2e == pytest.approx((10000 - 2000) * 0.45) and mkt.factors[0].quality == "measured"
    assert loc.tco2e == pytest.approx(10000 * 0.6361)  # the location-based method keeps the grid average


def test_grid_factor_takes_province_then_latest_year(methodology):
    rec = make_record(mine={"province": "四川省"}, period={"year": 2022}, electricity={"purchased": amt(1, "MWh")})
    assert only(assess(rec, methodology), basis="location").tco2e == pytest.approx(0.1404)
    rec = make_record(mine={"province": "四川省"}, period={"year": 2030}, electricity={"purchased": amt(1, "MWh")})
    assert only(assess(rec, methodology), basis="location").tco2e == pytest.approx(0.2472)  # 2023 southwest


def test_green_power_beyond_purchase_is_capped_with_warning(methodology):
    rec = make_record(electricity={"purchased": amt(100, "MWh"), "green_power": amt(500, "MWh")})
    r = assess(rec, methodology)
    assert only(r, basis="market").tco2e == 0
    assert any(f.code == "green-exceeds-purchase" for f in r.findings)


def test_duplicate_green_certificate_is_an_error_finding(methodology):
    gec = {"serial": "GEC-9", "quantity": amt(10, "MWh")}
    r = assess(make_record(electricity={"purchased": amt(100, "MWh"), "green_certificates": [gec, gec]}), methodology)
    assert any(f.code == "green-certificate-duplicate" and f.severity == "error" for f in r.findings)
    assert r.inventory.renewable_tce == pytest.approx(10 * 0.1229)


def test_purchased_heat(methodology):
    r = assess(make_record(heat={"purchased": amt(1000, "GJ")}), methodology)
    assert only(r, category="heat").tco2e == pytest.approx(110)
    assert r.inventory.energy_tce == pytest.approx(1000 * 0.03412)


def test_onsite_renewable_counts_as_renewable_energy(methodology):
    r = assess(make_record(electricity={"purchased": amt(1000, "MWh"), "onsite_renewable": amt(250, "MWh")}), methodology)
    assert r.inventory.electricity_tce == pytest.approx(1250 * 0.1229)
    assert r.inventory.renewable_tce == pytest.approx(250 * 0.1229)


# --- coal mines ------------------------------------------------------------------------------

def _coal(**cmm):
    return make_record(mine={"category": "coal_underground"},
                       production={"output": amt(100, "万t"), "mine_gas_class": "high_gas"},
                       coal_mine_methane={k: amt(v, "万Nm3") for k, v in cmm.items()})


def test_underground_methane_net_of_flared_and_utilised(methodology):
    r = assess(_coal(ventilation=1000, drainage=600, flared=100, utilised_onsite=300, utilised_offsite=50), methodology)
    vented = only(r, category="fugitive_cmm")
    assert vented.gas_t == pytest.approx((1000 + 600 - 100 - 300 - 50) * 7.17)
    assert vented.tco2e == pytest.approx(vented.gas_t * 25)
    flare = only(r, category="flare")
    assert flare.tco2e == pytest.approx(100 * 12 * 10 / 22.4 * 0.98 * C)
    burnt = only(r, category="stationary_combustion")
    assert burnt.tco2e == pytest.approx(300 * 19.52)
    post = only(r, category="post_mining")
    assert post.gas_t == pytest.approx(1_000_000 * 2.01 / 1000)


def test_low_gas_mine_post_mining_factor(methodology):
    rec = make_record(mine={"category": "coal_underground"},
                      production={"output": amt(1000, "t"), "mine_gas_class": "low_gas"},
                      coal_mine_methane={"ventilation": amt(1, "万Nm3")})
    assert only(assess(rec, methodology), category="post_mining").gas_t == pytest.approx(0.60)


def test_volumes_at_20c_convert_to_normal_conditions(methodology):
    rec = _coal(ventilation=0)
    rec.coal_mine_methane.ventilation.unit = "万m3_20C"
    rec.coal_mine_methane.ventilation.value = 1
    r = assess(rec, methodology)
    assert only(r, category="fugitive_cmm").gas_t == pytest.approx(7.17 * 273.15 / 293.15)


def test_utilised_more_than_drained_is_refused(methodology):
    with pytest.raises(InputErrors) as exc:
        assess(_coal(ventilation=10, drainage=5, utilised_onsite=8), methodology)
    assert exc.value.problems[0].code == "cmm-exceeds-drainage"


def test_underground_mine_without_measurement_warns(methodology):
    rec = make_record(mine={"category": "coal_underground"}, production={"output": amt(1, "万t")})
    r = assess(rec, methodology)
    codes = {f.code for f in r.findings}
    assert {"cmm-not-measured", "gas-class-missing"} <= codes
    assert only(r, category="post_mining").gas_t == pytest.approx(10000 * 2.01 / 1000)  # high-gas, conservative


def test_underground_co2_escape(methodology):
    r = assess(_coal(ventilation=0, co2_ventilation=10), methodology)
    assert only(r, category="fugitive_co2").tco2e == pytest.approx(10 * 19.7)


def test_surface_coal_mining_and_post_mining_ch4(methodology):
    rec = make_record(mine={"category": "coal_surface"}, production={"output": amt(1000, "万t")})
    r = assess(rec, methodology)
    assert only(r, category="surface_mining").gas_t == pytest.approx(1e7 * 1.34 / 1000)
    assert only(r, category="post_mining").gas_t == pytest.approx(1e7 * 0.34 / 1000)


def test_measured_surface_and_post_mining_factors_override_the_defaults(methodology):
    rec = make_record(mine={"category": "coal_surface"},
                      production={"output": amt(1000, "万t"),
                                  "own_ch4_factors": {"surface_mining": {"kg_ch4_per_t": 0.9,
                                                                         "source": "2024 年瓦斯涌出量实测报告"}}})
    r = assess(rec, methodology)
    surface = only(r, category="surface_mining")
    assert surface.gas_t == pytest.approx(1e7 * 0.9 / 1000) and surface.tco2e == pytest.approx(9000 * 25)
    assert surface.factors[0].quality == "measured" and "实测报告" in surface.factors[0].source
    post = only(r, category="post_mining")  # no measurement: the guideline's default stays
    assert post.gas_t == pytest.approx(1e7 * 0.34 / 1000) and post.factors[0].quality != "measured"


# --- oil and gas ------------------------------------------------------------------------------

def test_gas_field_facilities_flare_vent_and_recovery(methodology):
    rec = make_record(mine={"category": "gas_field"}, production={"output": amt(1000, "万Nm3")},
                      oil_gas={"facilities": [{"facility": "gas_gathering_station", "count": 2}],
                               "flared_gas": amt(10, "万Nm3"), "flare_ch4_percent": 90,
                               "vented_ch4": amt(2, "万Nm3"), "recovered_ch4": amt(1, "万Nm3"),
                               "recovered_co2": amt(5, "t")})
    r = assess(rec, methodology)
    assert only(r, category="facility_fugitive").gas_t == pytest.approx(2 * 27.9)
    assert only(r, category="facility_venting").gas_t == pytest.approx(2 * 23.6)
    flare = [ln for ln in lines(r, category="flare")]
    co2 = next(ln for ln in flare if ln.gas == "CO2")
    slip = next(ln for ln in flare if ln.gas == "CH4")
    assert co2.tco2e == pytest.approx(10 * 0.9 * 12 * 10 / 22.4 * 0.98 * C)
    assert slip.gas_t == pytest.approx(10 * 0.9 * 0.02 * 7.17)
    assert only(r, category="oilgas_vented_ch4").gas_t == pytest.approx(2 * 7.17)
    assert only(r, category="oilgas_recovered_ch4").gas_t == pytest.approx(-7.17)
    assert only(r, category="recovery").tco2e == pytest.approx(-5)


def test_half_year_scales_facility_factors(methodology):
    rec = make_record(mine={"category": "oil_field"}, period={"year": 2024, "half": 1},
                      oil_gas={"facilities": [{"facility": "crude_combined_station", "count": 1}]})
    r = assess(rec, methodology)
    assert only(r, category="facility_fugitive").gas_t == pytest.approx(1.40 / 2)
    assert any(f.code == "half-year-annualised" for f in r.findings)


# --- process, F-gases, scope 3 ------------------------------------------------------------------

def test_carbonate_purity_and_decomposition(methodology):
    rec = make_record(carbonates=[{"carbonate": "dolomite", "amount": amt(1000, "t"), "purity_percent": 80,
                                   "decomposition_percent": 95}])
    assert only(assess(rec, methodology)).tco2e == pytest.approx(1000 * 0.8 * 0.95 * 0.4773)


def test_explosives_default_and_declared_factor(methodology):
    rec = make_record(explosives=[{"explosive": "anfo", "amount": amt(100, "t")},
                                  {"explosive": "emulsion_explosive", "amount": amt(100, "t"),
                                   "own_factor_tco2_per_t": 0.12, "own_factor_source": "厂家检测"}])
    r = assess(rec, methodology)
    a, b = lines(r, category="process_explosive")
    assert a.tco2e == pytest.approx(17) and b.tco2e == pytest.approx(12)
    assert b.factors[0].quality == "measured"


def test_sf6_leak_uses_gwp_and_declares_gas(methodology):
    rec = make_record(fgases=[{"gas": "sf6", "amount": amt(2, "kg")}])
    r = assess(rec, methodology)
    assert only(r, category="fgas").tco2e == pytest.approx(0.002 * 22800)
    assert any(f.code == "gas-not-declared" for f in r.findings)


@pytest.mark.parametrize(("declared", "warned"), [(["CO2", "HFCs"], False), (["CO2", "hfc"], False),
                                                  (["CO2", "HFC-134a"], False), (["CO2", "PFCs"], True)])
def test_a_family_declared_as_the_standard_writes_it_counts(methodology, declared, warned):
    """The standard lists the gases as CO2, CH4, N2O, HFCs, PFCs, SF6, NF3: 'HFCs' declares HFC-134a."""
    rec = make_record(boundary={"gases": declared}, fgases=[{"gas": "HFC-134a", "amount": amt(2, "kg")}])
    r = assess(rec, methodology)
    assert any(f.code == "gas-not-declared" for f in r.findings) is warned


def test_unknown_gas_is_refused(methodology):
    with pytest.raises(InputErrors) as exc:
        assess(make_record(fgases=[{"gas": "HFC-999", "amount": amt(1, "kg")}]), methodology)
    assert exc.value.problems[0].loc == "fgases[0].gas"


def test_scope3_counted_only_when_declared(methodology):
    s3 = [{"category": 4, "description": "运输", "emissions": amt(50, "t")}]
    base = {"fuels": [{"fuel": "diesel", **amt(10, "t")}]}
    out = assess(make_record(scope3=s3, **base), methodology)
    inn = assess(make_record(scope3=s3, boundary={"scopes": [1, 2, 3]}, **base), methodology)
    assert out.inventory.scope3 == inn.inventory.scope3 == 50
    assert inn.inventory.gross == pytest.approx(out.inventory.gross + 50)
    assert any(f.code == "scope3-not-declared" for f in out.findings)


# --- removals, offsets, share (G-6) ---------------------------------------------------------------

def test_residual_offset_share_and_neutrality(methodology):
    rec = make_record(
        fuels=[{"fuel": "diesel", **amt(100, "t")}],
        removals=[{"kind": "restoration_sink", "amount": amt(20, "t")}, {"kind": "backfill_co2_fixation", "amount": amt(9.59, "t")}],
        offsets=[{"programme": "CCER", "vintage": 2023, "quantity": 200, "retirement_date": "2025-01-10",
                  "beneficiary": "测试矿山"}],
    )
    inv = assess(rec, methodology).inventory
    gross = 100 * 42.652 * 20.2e-3 * 0.98 * C
    assert inv.gross == pytest.approx(gross)
    assert inv.removals == pytest.approx(29.59)
    assert inv.residual == pytest.approx(gross - 29.59)
    assert inv.offset_share == pytest.approx(200 / (gross - 29.59))
    assert inv.neutrality["scope1"] == pytest.approx((29.59 + 200) / gross)


def test_offset_share_is_one_when_removals_cover_everything(methodology):
    rec = make_record(fuels=[{"fuel": "diesel", **amt(1, "t")}], removals=[{"kind": "ccus_storage", "amount": amt(10, "t")}])
    inv = assess(rec, methodology).inventory
    assert inv.residual < 0 and inv.offset_share == 1.0


def test_supplier_heat_factor_overrides_the_default(methodology):
    rec = make_record(heat={"purchased": amt(1000, "GJ"), "supplier_factor_tco2_per_gj": 0.085,
                            "supplier_factor_source": "热力公司 2024 排放因子证明"})
    ln = only(assess(rec, methodology), category="heat")
    assert ln.tco2e == pytest.approx(85) and ln.factors[0].quality == "measured"


def test_every_line_is_traceable(methodology):
    from cnm.record_io import load_record
    from tests.conftest import DEMO_RECORDS
    for path in DEMO_RECORDS.glob("*_2024.yaml"):
        r = assess(load_record(path), methodology)
        for item in r.trace():
            assert item.formula and item.unit, item.key
        for ln in r.inventory.lines:
            assert ln.inputs, ln.key
            if ln.category not in ("scope3_cat4", "recovery", "fgas") and not ln.category.startswith("scope3"):
                assert ln.factors and all(f.source for f in ln.factors), ln.key


def test_an_unknown_place_is_said_before_the_national_grid_factor_is_used(methodology):
    rec = make_record(mine={"province": "火星省"}, period={"year": 2023}, electricity={"purchased": amt(1000, "MWh")})
    r = assess(rec, methodology)
    assert only(r, basis="location").tco2e == pytest.approx(1000 * 0.5306)  # 2023 national average
    found = [f for f in r.findings if f.code == "grid-region-unknown"]
    assert [f.loc for f in found] == ["mine.province"] and "火星省" in found[0].message_zh
    known = make_record(mine={"province": "山西省"}, electricity={"purchased": amt(1000, "MWh")})
    assert "grid-region-unknown" not in [f.code for f in assess(known, methodology).findings]
