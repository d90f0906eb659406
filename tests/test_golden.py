"""Golden figures the default factor set must reproduce (issue 3), to 4 significant digits."""

from __future__ import annotations

import pytest

from cnm.result import assess
from tests.conftest import amt, make_record


def sig4(x: float) -> float:
    return float(f"{x:.4g}")


def line(result, category):
    return [ln for ln in result.inventory.lines if ln.category == category]


def test_diesel_one_tonne_is_3_0959_tco2(methodology):
    r = assess(make_record(fuels=[{"fuel": "diesel", **amt(1, "t")}]), methodology)
    (ln,) = line(r, "stationary_combustion")
    # 42.652 GJ/t x 20.2 tC/TJ x 98 % x 44/12
    assert sig4(ln.tco2e) == 3.096
    assert ln.tco2e == pytest.approx(42.652 * 20.2e-3 * 0.98 * 44 / 12, rel=1e-9)
    assert round(ln.tco2e, 4) == 3.0959


def test_diesel_one_tonne_is_1_4571_tce(methodology):
    r = assess(make_record(fuels=[{"fuel": "diesel", **amt(1, "t")}]), methodology)
    assert round(r.inventory.energy_tce, 4) == 1.4571


def test_1000_kwh_is_0_1229_tce(methodology):
    r = assess(make_record(electricity={"purchased": amt(1000, "kWh")}), methodology)
    assert round(r.inventory.energy_tce, 4) == 0.1229


def test_vented_cmm_10k_nm3_is_7_17_t_ch4_and_179_25_tco2e_ar4(methodology):
    rec = make_record(mine={"category": "coal_underground"},
                      production={"output": amt(1, "t"), "mine_gas_class": "low_gas"},
                      coal_mine_methane={"ventilation": amt(1, "万Nm3")})
    r = assess(rec, methodology)
    (ln,) = line(r, "fugitive_cmm")
    assert ln.gas == "CH4"
    assert ln.gas_t == pytest.approx(7.17)
    assert ln.gwp == 25
    assert ln.tco2e == pytest.approx(179.25)


def test_caco3_one_tonne_calcined_is_0_4397_tco2(methodology):
    r = assess(make_record(carbonates=[{"carbonate": "calcium_carbonate", "amount": amt(1, "t")}]), methodology)
    (ln,) = line(r, "process_carbonate")
    assert round(ln.tco2e, 4) == 0.4397


def test_carbonate_factors_match_stoichiometry(methodology):
    """Guideline values against molar masses (|delta| <= 0.0004, research note 1.3)."""
    m_co2 = 44.0095
    molar = {"calcium_carbonate": (100.0869, 1), "magnesium_carbonate": (84.3139, 1), "dolomite": (184.4008, 2),
             "siderite": (115.8539, 1), "sodium_carbonate": (105.9888, 1), "barium_carbonate": (197.336, 1)}
    lib = methodology.factors
    for fid, (mass, n) in molar.items():
        assert lib.get("emission", fid).value_in("t/t") == pytest.approx(n * m_co2 / mass, abs=4e-4), fid
