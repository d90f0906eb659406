"""Units: pint's registry plus the units mine staff use (cnm/data/units.txt).

An amount that arrives with a unit of the wrong kind is an error naming the input,
never a silently wrong number.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

import pint

from cnm.errors import UnitError

#: Dimensions by a readable name, for error messages and input checks.
KINDS = {
    "mass": "[mass]",
    "energy": "[mass] * [length] ** 2 / [time] ** 2",
    "volume": "[length] ** 3",
    "gas_volume": "[gas_normal_volume]",
    "coal_equivalent": "[coal_equivalent]",
    "area": "[length] ** 2",
    "money": "[currency]",
    "count": "[facility_year]",
    "dimensionless": "",
}

#: Chinese names of the kinds, for messages.
KIND_ZH = {
    "mass": "质量", "energy": "能量/电量", "volume": "体积", "gas_volume": "标准状态气体体积",
    "coal_equivalent": "标准煤", "area": "面积", "money": "金额", "count": "设施·年",
    "dimensionless": "无量纲",
}

#: Example units per kind, shown to users when a unit is wrong.
EXAMPLES = {
    "mass": "t, 万t, kg",
    "energy": "kWh, 万kWh, MWh, GJ",
    "volume": "m3, 万m3, L",
    "gas_volume": "Nm3, 万Nm3 (0 °C, 101.325 kPa), m3_20C",
    "coal_equivalent": "tce, kgce, 万tce",
    "area": "m2, ha, 亩, km2",
    "money": "万元, 元",
    "count": "facility_year",
    "dimensionless": "percent, 1",
}


#: Units the core names by word, as people read them (zh, en); symbols (t, 万kWh, kgCO2e/t) print as they are.
DISPLAY = {"percent": ("%", "%"), "count": ("台（套）", "count"), "level": ("级", "level"),
           "fraction": ("比例", "fraction"), "points": ("分", "points"), "ratio": ("倍", "ratio"),
           "% of total": ("%（占总分）", "% of total"), "per output unit": ("/单位产量", "per output unit")}


def display_unit(unit: str, lang: str = "zh") -> str:
    """'percent' -> '%', 'count' -> '台（套）' (zh) or 'count' (en); any other unit unchanged."""
    names = DISPLAY.get(unit)
    return unit if names is None else names[0 if lang == "zh" else 1]


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The shared unit registry (pint defaults + cnm/data/units.txt)."""
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    with resources.as_file(resources.files("cnm.data") / "units.txt") as path:
        ureg.load_definitions(str(path))
    return ureg


@lru_cache(maxsize=512)
def parse_unit(unit: str, loc: str = "unit") -> pint.Unit:
    """Parse a unit string such as '万t' or 'kgce/t'; raise UnitError naming `loc` if unknown."""
    text = (unit or "").strip()
    if not text:
        raise UnitError(loc, unit, "a unit", "the unit is empty")
    try:
        return registry().Unit(text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, ValueError, SyntaxError, AssertionError, ArithmeticError) as exc:  # "0/0", "1e999/0"
        raise UnitError(loc, unit, "a known unit", f"unknown unit: {exc}") from None


def kind_of(unit: str, loc: str = "unit") -> str | None:
    """The readable kind of a unit ('mass', 'energy'...) or None when it is a compound unit."""
    parse_unit(unit, loc)
    return _kind(unit)


@lru_cache(maxsize=1024)
def _kind(unit: str) -> str | None:
    dim = str(parse_unit(unit).dimensionality)
    dim = "" if dim == "dimensionless" else dim
    for name, d in KINDS.items():
        if dim == d:
            return name
    return None


def convert(value: float, unit: str, to: str, loc: str = "value") -> float:
    """Convert `value` from `unit` to `to`; raise UnitError naming `loc` when they do not match."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise UnitError(loc, unit, to, "the value is empty")
    parse_unit(unit, loc)
    parse_unit(to, loc)
    factor = _factor(unit, to)
    if factor is None:
        target_kind = kind_of(to, loc)
        expected = f"{target_kind} ({EXAMPLES[target_kind]})" if target_kind else to
        raise UnitError(loc, unit, expected)
    if math.isnan(factor):  # an offset unit (degC...): pint converts it
        return float(registry().Quantity(value, parse_unit(unit)).to(parse_unit(to)).magnitude)
    return float(value * factor)


@lru_cache(maxsize=4096)
def _factor(unit: str, to: str) -> float | None:
    """The multiplier from `unit` to `to` (None: other kinds; NaN: an offset unit). It is pint's
    own factor, so `value * factor` is the very number pint's conversion gives, at a fraction
    of the cost (the planner converts thousands of amounts per report)."""
    src, dst = parse_unit(unit), parse_unit(to)
    if src.dimensionality != dst.dimensionality:
        return None
    quantity = registry().Quantity
    if quantity(0.0, src).to(dst).magnitude != 0.0:
        return math.nan
    return float(quantity(1.0, src).to(dst).magnitude)


def compatible(unit: str, to: str) -> bool:
    """True when `unit` can be converted to `to` (both must be known units)."""
    try:
        return parse_unit(unit).dimensionality == parse_unit(to).dimensionality
    except UnitError:
        return False
