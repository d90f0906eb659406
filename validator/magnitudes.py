"""Plausible magnitudes of a record's main inputs per unit of output, by mine category.

The usual ranges are data (`cnm/data/plausibility.yaml`, with their rationale); fuel energy comes
from the core's accounting (`Result.inventory.energy_lines`, kgce whatever unit a fuel was entered
in), the category's output unit and reference energy intensity from the rubric. A figure `factor`
times beyond its range is a warning at its cell that names the unit probably meant: the unit of the
same family (t/kg/万t, kWh/MWh/万kWh, Nm3/m3/万Nm3, 元/万元) that brings it back into range.

Who is the suspect: when the price (output value per unit of output) is off and the energy
intensity is off the same way, the output is wrong, and one finding at the output replaces what
would otherwise be a finding at every input; when only the price is off, the output value is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from cnm.datafiles import bundled_path, load_data, validate
from cnm.errors import UnitError
from cnm.findings import Finding
from cnm.record import Amount, Record
from cnm.result import Result
from cnm.units import convert, kind_of
from validator.codes import make

#: A corrected figure within this factor of its usual range makes the unit a plausible suggestion.
FITS = 10.0
#: The energy intensity agrees with a price that says "output wrong" when this far off the same way.
AGREES = 3.0


class Range(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    per: str = "yuan"
    low: float = Field(0, ge=0)
    high: float = Field(gt=0)
    rationale: str = ""


class CategoryRanges(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    inputs: dict[str, Range] = {}
    price: Range | None = None


class References(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    schema_: str = Field(alias="schema", default="cnm-plausibility/1")
    source: str
    factor: float = Field(gt=1)
    price_factor: float = Field(gt=1)
    categories: dict[str, CategoryRanges]


@cache
def references() -> References:
    """The usual ranges of `cnm/data/plausibility.yaml` (read once per process)."""
    path = bundled_path("plausibility.yaml")
    return validate(References, load_data(path), str(path))


_FAMILIES = (("Wh", "electricity"), ("J", "heat"), ("ce", "coal equivalent"), ("Nm3", "gas"), ("m3_20C", "gas"),
             ("m3", "gas"), ("元", "money"))


def family(unit: str) -> str:
    """Units one slip apart: t/kg/万t; kWh/MWh/万kWh; MJ/GJ; Nm3/m3/万Nm3; 元/万元/亿元."""
    bare = unit.removeprefix("万").removeprefix("亿")
    for suffix, name in _FAMILIES:
        if bare.endswith(suffix):
            return name
    try:
        return kind_of(unit)
    except UnitError:
        return unit


def _units(path: str, unit_lists) -> tuple[str, ...]:
    return tuple(unit_lists(path)) if callable(unit_lists) else tuple(unit_lists.get(path, ()))


def meant_unit(given: str, units: tuple[str, ...], corrected, low: float, high: float) -> str:
    """The unit probably meant: among the offered units of the same kind, those whose use brings
    `corrected(factor)` within FITS of [low, high]; a unit of the same family first, then the
    closest. `factor` is how many of `given` one of the unit is. '' when none fits."""
    try:
        kind = kind_of(given)
    except UnitError:
        return ""
    ranked = []
    for u in units:
        try:
            if u == given or kind_of(u) != kind:
                continue
            value = corrected(convert(1.0, u, given))
        except UnitError:
            continue
        if value <= 0 or not (low / FITS <= value <= high * FITS):
            continue
        off = max(math.log10(low / value) if low else 0.0, math.log10(value / high), 0.0)
        ranked.append((family(u) != family(given), off, u))
    return min(ranked)[2] if ranked else ""


@dataclass(frozen=True)
class Input:
    path: str
    key: str  # fuel id, 'electricity', 'cmm_drainage', 'cmm_ventilation'
    amount: Amount
    quantity: float  # in the range's `per` unit
    name_zh: str
    name_en: str


def _inputs(record: Record, result: Result, m) -> list[Input]:
    """The main inputs with their quantity in the unit their range counts."""
    out = []
    tce = {e.loc: e.tce for e in result.inventory.energy_lines if e.loc}
    for i, f in enumerate(record.fuels):
        path = f"fuels[{i}]"
        if path in tce:
            try:
                fac = m.factors.get("fuel", f.fuel)
                zh, en = fac.name_zh, fac.name_en
            except Exception:  # an own fuel the library does not name
                zh = en = str(f.fuel)
            out.append(Input(path, str(f.fuel), f, tce[path] * 1000, zh, en))
    e = record.electricity.purchased
    if e is not None:
        out.append(Input("electricity.purchased", "electricity", e, convert(e.value, e.unit, "kWh"), "购入电量",
                         "purchased electricity"))
    cmm = record.coal_mine_methane
    for key, zh, en in (("drainage", "抽采瓦斯量", "drained methane"), ("ventilation", "风排瓦斯量", "ventilation methane")):
        a = getattr(cmm, key, None) if cmm is not None else None
        if a is not None:
            out.append(Input(f"coal_mine_methane.{key}", f"cmm_{key}", a, convert(a.value, a.unit, "Nm3"), zh, en))
    return out


def _off(value: float, r: Range, factor: float) -> float:
    """How many times beyond [low/factor, high*factor] a value is (0 when within)."""
    if value > r.high * factor:
        return value / r.high
    if r.low and value < r.low / factor:
        return r.low / max(value, 1e-300)
    return 0.0


def magnitude_findings(record: Record, result: Result, m, unit_lists, label) -> list[Finding]:
    """Output, output value and main inputs far outside their category's usual range."""
    refs = references()
    category = m.rubric.categories[record.mine.category]
    ranges = refs.categories.get(record.mine.category, CategoryRanges())
    out_unit = category.output_unit
    try:
        output = convert(record.production.output.value, record.production.output.unit, out_unit)
    except UnitError:
        return []
    if output <= 0:
        return []
    ei = next((i.value for i in result.indicators if i.metric == "energy_intensity"), None)
    ei_ratio = ei / category.reference_energy_intensity if ei and ei > 0 else 1.0
    names = {"category_zh": category.name_zh, "category_en": category.name_en, "out": out_unit}
    price = _price_finding(record, output, ranges.price, refs.price_factor, ei_ratio, unit_lists, label, names)
    if price is not None and price.loc == "production.output":
        return [price]  # every per-output figure is off because of it: one finding, at the output
    findings = [price] if price is not None else []
    for inp in _inputs(record, result, m):
        r = ranges.inputs.get(inp.key)
        if r is None:
            if not inp.path.startswith("fuels["):
                continue
            r = Range(per="kgce", high=category.reference_energy_intensity)
        value = inp.quantity / output
        times = _off(value, r, refs.factor)
        if not times:
            continue
        meant = meant_unit(inp.amount.unit, _units(inp.path, unit_lists), lambda f, v=value: v * f, r.low, r.high)
        findings.append(_make("input-implausible", inp.path, inp.amount.unit, meant, label, value=value, r=r,
                              times=times, what_zh=inp.name_zh, what_en=inp.name_en, **names))
    return findings


def _price_finding(record, output, r: Range | None, factor, ei_ratio, unit_lists, label, names) -> Finding | None:
    """Output value per unit of output far outside the usual price: the output is wrong when the
    energy intensity is off the same way (a 10x output shows in both), else the output value."""
    ov = record.production.output_value
    if r is None or ov is None or ov.value <= 0:
        return None
    try:
        price = convert(ov.value, ov.unit, "yuan") / output
    except UnitError:
        return None
    times = _off(price, r, factor)
    if not times:
        return None
    low_price = price < r.low
    output_wrong = ei_ratio <= 1 / AGREES if low_price else ei_ratio >= AGREES
    fields = {"value": price, "r": Range(per="元", low=r.low, high=r.high), "times": times, **names}
    if output_wrong:
        a = record.production.output
        meant = meant_unit(a.unit, _units("production.output", unit_lists), lambda f: price / f, r.low, r.high)
        return _make("output-implausible", "production.output", a.unit, meant, label, **fields)
    meant = meant_unit(ov.unit, _units("production.output_value", unit_lists), lambda f: price * f, r.low, r.high)
    return _make("output-value-implausible", "production.output_value", ov.unit, meant, label, **fields)


def fmt(v: float) -> str:
    """1234567 -> '1,234,567'; 2.0943 -> '2.09'; for messages."""
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def _make(code: str, path: str, given: str, meant: str, label, value: float, r: Range, times: float,
          **fields) -> Finding:
    zh, en = (fields["what_zh"], fields["what_en"]) if "what_zh" in fields else label(path)
    if r.low:
        fields |= {"range_zh": f"为 {fmt(r.low)}–{fmt(r.high)}", "range_en": f"{fmt(r.low)}-{fmt(r.high)}"}
    else:
        fields |= {"range_zh": f"不超过 {fmt(r.high)}", "range_en": f"up to {fmt(r.high)}"}
    if meant:
        suggest = {"suggest_zh": f"；“{zh}”的单位可能应为“{meant}”而不是“{given}”",
                   "suggest_en": f"; the unit of '{en}' is probably '{meant}', not '{given}'"}
    else:
        suggest = {"suggest_zh": f"；请核对“{zh}”的数值和单位", "suggest_en": f"; check the figure and unit of '{en}'"}
    return make(code, path, value=fmt(value), per=r.per, times=fmt(times), **suggest, **fields)
