"""Purchased electricity and heat (Scope 2, location- and market-based) and their energy.

Location-based: net purchased MWh x grid average (province, else region, else national).
Market-based: green power and certificates at zero, the rest x the residual-mix factor, so
green attributes are never counted twice (GHG Protocol Scope 2 Guidance; MEE/NBS factors).
Energy: electricity consumed (net purchased + on-site renewable) at 0.1229 kgce/kWh.
"""

from __future__ import annotations

from cnm.accounting.context import Ctx, factor_use, measured_use
from cnm.errors import FactorNotFound
from cnm.trace import cited, inp
from cnm.vocabulary import symbol_zh

_MARKET_MWH_ZH = "(净购入电量 - 绿电 - 绿证电量)"  # what the market-based lines multiply


def _grid(ctx: Ctx, basis: str, loc: str):
    rec, params = ctx.record, ctx.methodology.parameters
    el = rec.electricity
    year = el.factor_year or rec.period.year
    where = el.grid_region or rec.mine.province
    region = where if where in ("national", "north", "northeast", "east", "central", "northwest",
                                "south", "southwest") else None
    try:
        factor = ctx.lib.grid(basis=basis, year=year, province=None if region else where, region=region,
                              exact_year=params.grid_year_rule == "exact" or el.factor_year is not None)
        if (basis == "average" and where and not region and factor.region == "national"
                and ctx.lib.region_of(where) is None):
            ctx.note("grid-region-unknown", "electricity.grid_region" if el.grid_region else "mine.province", where=where)
        return factor
    except FactorNotFound:
        ctx.note("unknown-source", loc, source=f"electricity/{basis}/{year}", suggest_zh="", suggest_en="")
        return None


def account_electricity(ctx: Ctx) -> None:
    el = ctx.record.electricity
    loc = "electricity"
    purchased = ctx.amount(el.purchased, "MWh", f"{loc}.purchased") or 0.0
    exported = ctx.amount(el.exported, "MWh", f"{loc}.exported") or 0.0
    onsite = ctx.amount(el.onsite_renewable, "MWh", f"{loc}.onsite_renewable") or 0.0
    net = purchased - exported
    if net < 0:
        ctx.note("negative-net-electricity", f"{loc}.exported")
        net = 0.0
    green = (ctx.amount(el.green_power, "MWh", f"{loc}.green_power") or 0.0)
    seen: dict[str, int] = {}
    for i, cert in enumerate(el.green_certificates):
        if cert.serial in seen:
            ctx.note("green-certificate-duplicate", f"{loc}.green_certificates[{i}].serial", serial=cert.serial)
            continue
        seen[cert.serial] = i
        green += ctx.amount(cert.quantity, "MWh", f"{loc}.green_certificates[{i}].quantity") or 0.0
    if green > net:
        ctx.note("green-exceeds-purchase", f"{loc}.green_power", green=round(green, 3), net=round(net, 3))
        green = net
    if net > 0:
        _scope2_lines(ctx, net, green, el)
    _electricity_energy(ctx, net, onsite, green)


def _scope2_lines(ctx: Ctx, net: float, green: float, el) -> None:
    """Location-based (all net power at the grid average) and market-based (green power at zero,
    the rest at the residual mix) lines."""
    loc = "electricity.purchased"
    avg = _grid(ctx, "average", loc)
    residual_basis = ctx.methodology.parameters.market_residual_basis
    res = avg if residual_basis == "average" else _grid(ctx, "residual", loc)
    bases = (
        ("location", avg, net, "基于位置", "location-based", ("E = (purchased - exported) MWh x grid average factor",
                                                              "E = (购入电量 - 外供电量) MWh x 电网平均排放因子"), ()),
        ("market", res, net - green, "基于市场", "market-based",
         ("E = (net purchased - green power - certificates) MWh x residual-mix factor",
          f"E = {_MARKET_MWH_ZH} MWh x 剩余组合排放因子"),
         (inp("green power and certificates", green, "MWh", zh="绿电及绿证电量"),)),
    )
    for basis, factor, mwh, zh, en, (formula, formula_zh), extra in bases:
        if basis == "market" and el.supplier_factor_tco2_per_mwh is not None:
            _supplier_line(ctx, net, mwh, el, extra)
            continue
        if factor is None:
            continue
        ef = factor.value_in("t/MWh")
        ctx.emit(key=f"S2.electricity.{basis}", scope=2, category="electricity", basis=basis, source="electricity",
                 label_zh=f"购入电力（{zh}）", label_en=f"Purchased electricity ({en})", loc=loc, gas="CO2",
                 gas_t=mwh * ef, gwp=1.0, activity=net, activity_unit="MWh",
                 data_source=el.purchased.data_source if el.purchased else None,
                 quality=el.purchased.quality if el.purchased else None, formula=formula, formula_zh=formula_zh,
                 inputs=(inp("net purchased", net, "MWh", zh="净购入电量"), *extra,
                         inp("EF", ef, "tCO2/MWh", **cited(factor), zh=symbol_zh("EF"), exact=True)),
                 factors=(factor_use(factor),))


def _supplier_line(ctx: Ctx, net: float, mwh: float, el, extra) -> None:
    """Market-based with the supplier's own emission rate (a contractual instrument that beats the
    residual mix in the Scope 2 Guidance's hierarchy): the mine's factor, said to be its own."""
    ef = el.supplier_factor_tco2_per_mwh
    source = el.supplier_factor_source or "supplier's emission rate"
    source_zh = "" if el.supplier_factor_source else "供电方排放因子"
    ctx.emit(key="S2.electricity.market", scope=2, category="electricity", basis="market", source="electricity",
             label_zh="购入电力（基于市场，供电方排放因子）", label_en="Purchased electricity (market-based, supplier's rate)",
             loc="electricity.supplier_factor_tco2_per_mwh", gas="CO2", gas_t=mwh * ef, gwp=1.0, activity=net,
             activity_unit="MWh", data_source=el.purchased.data_source if el.purchased else None,
             quality=el.purchased.quality if el.purchased else None,
             formula="E = (net purchased - green power - certificates) MWh x supplier's factor",
             formula_zh=f"E = {_MARKET_MWH_ZH} MWh x 供电方排放因子",
             inputs=(inp("net purchased", net, "MWh", zh="净购入电量"), *extra,
                     inp("EF", ef, "tCO2/MWh", source, zh=symbol_zh("EF"), source_zh=source_zh, exact=True)),
             factors=(measured_use("electricity", f"{ef:g} tCO2/MWh", source, source_zh),))


def _electricity_energy(ctx: Ctx, net: float, onsite: float, green: float) -> None:
    """Grid power split into its green part (renewable) and the rest, plus on-site renewables."""
    coef = ctx.factor("tce", "electricity", "electricity")
    if coef is None:
        return
    k = coef.value_in("kgce/kWh")  # kgce/kWh == tce/MWh
    parts = [
        ("E.electricity.grid", "购入电力（不含绿电绿证）", "Grid electricity (excl. green power)",
         "electricity.purchased", net - green, False),
        ("E.electricity.green", "绿电及绿证电量", "Green power and certificates", "electricity.green_power", green, True),
        ("E.electricity.onsite", "自建可再生能源发电", "On-site renewable electricity",
         "electricity.onsite_renewable", onsite, True),
    ]
    for key, zh, en, loc, mwh, renewable in parts:
        if mwh > 0:
            ctx.add_energy(key=key, source="electricity", label_zh=zh, label_en=en, loc=loc, kind="electricity",
                           renewable=renewable, tce=mwh * k, formula="tce = kWh x 0.1229 kgce/kWh / 1000",
                           inputs=(inp("electricity", mwh * 1000, "kWh", zh="电量"),
                                   inp("coefficient", k, "kgce/kWh", **cited(coef), zh="折标准煤系数", exact=True)),
                           factors=(factor_use(coef),))


def account_heat(ctx: Ctx) -> None:
    h = ctx.record.heat
    purchased = ctx.amount(h.purchased, "GJ", "heat.purchased") or 0.0
    exported = ctx.amount(h.exported, "GJ", "heat.exported") or 0.0
    net = max(purchased - exported, 0.0)
    if net <= 0:
        return
    if h.supplier_factor_tco2_per_gj is not None:
        ef = h.supplier_factor_tco2_per_gj
        used = measured_use("heat", f"{ef:g} tCO2/GJ", h.supplier_factor_source or "supplier's factor",
                            "" if h.supplier_factor_source else "供热方排放因子")
    else:
        ef_f = ctx.factor("emission", "heat", "heat.purchased")
        if ef_f is None:
            return
        ef, used = ef_f.value_in("t/GJ"), factor_use(ef_f)
    ctx.emit(key="S2.heat", scope=2, category="heat", basis="both", source="heat",
             label_zh="购入热力", label_en="Purchased heat", loc="heat.purchased", gas="CO2",
             gas_t=net * ef, gwp=1.0, activity=net, activity_unit="GJ",
             data_source=h.purchased.data_source, quality=h.purchased.quality,
             formula="E = (purchased - exported) GJ x EF", formula_zh="E = (购入热量 - 外供热量) GJ x EF",
             inputs=(inp("net heat", net, "GJ", zh="净购入热量"),
                     inp("EF", ef, "tCO2/GJ", **cited(used), zh=symbol_zh("EF"), exact=True)),
             factors=(used,))
    coef = ctx.factor("tce", "heat", "heat.purchased")
    if coef is not None:
        k = coef.value_in("tce/GJ")
        ctx.add_energy(key="E.heat", source="heat", label_zh="购入热力", label_en="Purchased heat", loc="heat.purchased",
                       kind="heat", tce=net * k, formula="tce = net heat GJ x 0.03412 tce/GJ",
                       formula_zh="tce = 净购入热量 GJ x 0.03412 tce/GJ",
                       inputs=(inp("net heat", net, "GJ", zh="净购入热量"),
                               inp("coefficient", k, "tce/GJ", **cited(coef), zh="折标准煤系数", exact=True)),
                       factors=(factor_use(coef),))
