"""Fossil-fuel combustion (Scope 1, stationary and mobile) and its energy in tce.

E = FC x NCV x CC x OF x 44/12 (GB/T 32150, the NDRC guidelines). A fuel entered as a
volume of liquid is turned into mass with a density; one entered as heat (GJ) skips the NCV.
The mine's measured NCV, carbon content or oxidation rate replaces the default (R-4.1).
"""

from __future__ import annotations

from cnm.accounting.context import Ctx, factor_use, measured_use
from cnm.factors import C_TO_CO2, Factor
from cnm.record import FuelUse
from cnm.trace import cited, inp
from cnm.units import convert, kind_of
from cnm.vocabulary import symbol_zh

GJ_PER_TCE = 29.3076  # GB/T 2589: 1 kgce = 29 307.6 kJ


def _params(f: Factor, fuel: FuelUse, per: str, loc: str) -> tuple[float, float, float, list, bool]:
    """NCV (GJ per `per`), carbon content (tC/GJ), oxidation (fraction); own values win."""
    p = f.params
    ncv = convert(p["ncv"].value, p["ncv"].unit, f"GJ/({per})", loc)
    cc = convert(p["carbon_content"].value, p["carbon_content"].unit, "t/GJ", loc)
    of = convert(p["oxidation"].value, p["oxidation"].unit, "dimensionless", loc)
    own = fuel.own_factor
    measured = []
    if own:
        if own.ncv is not None:
            ncv = convert(own.ncv.value, own.ncv.unit, f"GJ/({per})", f"{loc}.own_factor.ncv")
            measured.append("NCV")
        if own.carbon_content is not None:
            cc = convert(own.carbon_content.value, own.carbon_content.unit, "t/GJ", f"{loc}.own_factor.carbon_content")
            measured.append("CC")
        if own.oxidation_percent is not None:
            of = own.oxidation_percent / 100
            measured.append("OF")
    return ncv, cc, of, measured, bool(measured)


def _to_activity(ctx: Ctx, fuel: FuelUse, f: Factor, loc: str) -> tuple[float, str, list] | None:
    """The fuel amount in the factor's activity unit, or in GJ when entered as heat."""
    kind = kind_of(fuel.unit)
    target = f.activity_unit or "t"
    if kind == "energy":
        return ctx.amount(fuel, "GJ", loc), "GJ", []
    if kind == "volume" and kind_of(target) == "mass":
        dens = ctx.factor("liquid_density", fuel.fuel, f"{loc}.unit")
        if dens is None:
            return None
        m3 = ctx.amount(fuel, "m3", loc)
        rho = dens.value_in("t/m3")
        return m3 * rho, "t", [inp("volume", m3, "m3", zh="体积"), inp("density", rho, "t/m3", **cited(dens), zh="密度", exact=True)]
    value = ctx.amount(fuel, target, loc)
    return (value, target, []) if value is not None else None


def account_fuels(ctx: Ctx) -> None:
    """One Scope 1 line and one energy line per fuel row."""
    for i, fuel in enumerate(ctx.record.fuels):
        loc = f"fuels[{i}]"
        f = ctx.factor("fuel", fuel.fuel, f"{loc}.fuel")
        if f is None:
            continue
        got = _to_activity(ctx, fuel, f, loc)
        if got is None or got[0] is None:
            continue
        activity, unit, extra = got
        per = f.activity_unit or "t"
        ncv, cc, of, measured, is_own = _params(f, fuel, per, loc)
        used = [factor_use(f)]
        if is_own:
            used.insert(0, measured_use(fuel.fuel, ", ".join(measured), fuel.own_factor.source))
        if unit == "GJ":
            heat_gj = activity
            formula, formula_zh = "E = heat (GJ) x CC x OF x 44/12", "E = 热量 (GJ) x CC x OF x 44/12"
        else:
            heat_gj = activity * ncv
            formula, formula_zh = f"E = FC ({unit}) x NCV x CC x OF x 44/12", ""
        tco2 = heat_gj * cc * of * C_TO_CO2
        mobile = fuel.use == "mobile"
        ctx.emit(key=f"S1.fuel.{i}.{fuel.fuel}", scope=1,
                 category="mobile_combustion" if mobile else "stationary_combustion",
                 source=fuel.fuel, label_zh=f"{f.name_zh}{'（移动源）' if mobile else '（固定源）'}",
                 label_en=f"{f.name_en} ({'mobile' if mobile else 'stationary'})", loc=loc, gas="CO2",
                 gas_t=tco2, gwp=1.0, activity=fuel.value, activity_unit=fuel.unit,
                 data_source=fuel.data_source, quality=fuel.quality, formula=formula, formula_zh=formula_zh,
                 inputs=tuple([*extra, inp("FC", activity, unit, zh=symbol_zh("FC")),
                               inp("NCV", ncv, f"GJ/{per}", zh=symbol_zh("NCV"), exact=True),
                               inp("CC", cc * 1000, "tC/TJ", zh=symbol_zh("CC"), exact=True),
                               inp("OF", of, "fraction", zh=symbol_zh("OF"), exact=True)]),
                 factors=tuple(used))
        _fuel_energy(ctx, fuel, f, loc, activity, unit, heat_gj)


def _fuel_energy(ctx: Ctx, fuel: FuelUse, f: Factor, loc: str, activity: float, unit: str, heat_gj: float) -> None:
    """tce from the GB/T 2589 coefficient; without one, from the heat value / 29.3076 GJ/tce."""
    coef = ctx.lib.find("tce", fuel.fuel)
    if coef and unit != "GJ":
        c = coef[0]
        kgce = c.value_in(f"kgce/({unit})") * activity
        ctx.add_energy(key=f"E.fuel.{ctx.record.fuels.index(fuel)}.{fuel.fuel}", source=fuel.fuel,
                       label_zh=f.name_zh, label_en=f.name_en, loc=loc, kind="fuel", tce=kgce / 1000,
                       formula=f"tce = amount ({unit}) x coefficient (GB/T 2589)",
                       formula_zh=f"tce = 消耗量 ({unit}) x 折标准煤系数 (GB/T 2589)",
                       inputs=(inp("amount", activity, unit, zh="消耗量"),
                               inp("coefficient", c.display_value, "", **cited(c), zh="折标准煤系数")),
                       factors=(factor_use(c),))
    else:
        ctx.add_energy(key=f"E.fuel.{ctx.record.fuels.index(fuel)}.{fuel.fuel}", source=fuel.fuel,
                       label_zh=f.name_zh, label_en=f.name_en, loc=loc, kind="fuel", tce=heat_gj / GJ_PER_TCE,
                       formula="tce = heat (GJ) / 29.3076 GJ/tce (no GB/T 2589 coefficient for this fuel)",
                       formula_zh="tce = 热量 (GJ) / 29.3076 GJ/tce（GB/T 2589 无该燃料的折标准煤系数）",
                       inputs=(inp("heat", heat_gj, "GJ", zh="热量"), inp("1 tce", GJ_PER_TCE, "GJ", "GB/T 2589-2020", exact=True)))
