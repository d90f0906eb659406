"""Units mine staff use; a wrong unit is an error naming the input, never a silent number."""

from __future__ import annotations

import pytest

from cnm.errors import UnitError
from cnm.units import convert, kind_of


@pytest.mark.parametrize(("value", "unit", "to", "expected"), [
    (1, "万t", "t", 1e4), (1, "万吨", "t", 1e4), (1, "万kWh", "MWh", 10), (1, "度", "kWh", 1),
    (1, "MWh", "GJ", 3.6), (1, "万Nm3", "Nm3", 1e4), (1, "亩", "m2", 10000 / 15), (1, "万元", "元", 1e4),
    (1, "L", "m3", 0.001), (1, "万tce", "tce", 1e4), (100, "percent", "dimensionless", 1),
])
def test_conversions(value, unit, to, expected):
    assert convert(value, unit, to) == pytest.approx(expected)


def test_gas_volume_needs_reference_conditions():
    with pytest.raises(UnitError) as exc:
        convert(1, "m3", "Nm3", "coal_mine_methane.ventilation")
    assert exc.value.loc == "coal_mine_methane.ventilation"
    assert convert(1, "m3_20C", "Nm3") == pytest.approx(273.15 / 293.15)


def test_incompatible_unit_names_the_input():
    with pytest.raises(UnitError) as exc:
        convert(5, "kWh", "t", "fuels[2]")
    assert "fuels[2]" in str(exc.value) and "kWh" in str(exc.value)


def test_unknown_unit_is_an_error():
    with pytest.raises(UnitError):
        convert(1, "tonnes of stuff", "t", "x")
    for text in ("0/0", "1/0"):  # pint divides while parsing: a located error, not a ZeroDivisionError
        with pytest.raises(UnitError) as exc:
            convert(1, text, "m3", "resources.fresh_water")
        assert exc.value.loc == "resources.fresh_water"


def test_kinds():
    assert kind_of("万t") == "mass" and kind_of("万kWh") == "energy" and kind_of("万Nm3") == "gas_volume"
    assert kind_of("tce") == "coal_equivalent" and kind_of("kgce/t") is None
