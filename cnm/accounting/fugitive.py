"""Fugitive and flaring emissions of coal mines and oil and gas fields (Scope 1).

Coal (NDRC coal-production guideline):
  CH4 vented = (ventilation + drainage - flared - utilised) [万Nm3] x 7.17 t/万Nm3 (0 °C)
  flare CO2  = flared [万Nm3] x 12 x 10 / 22.4 tC/万Nm3 x OF x 44/12
  CO2 escape = (ventilation + drainage CO2) [万Nm3] x 19.7 t/万Nm3
  post-mining CH4 = raw coal [t] x EF (high-gas 2.01, low-gas 0.60, surface 0.34 kg/t)
  surface mining CH4 = raw coal [t] x 1.34 kg/t
  CMM burnt on site is fuel combustion (CO2) and energy.
Oil and gas (NDRC oil and gas guideline): facility-year defaults for leaks and venting,
flaring, venting, minus CO2 and CH4 recovered.
"""

from __future__ import annotations

from cnm.accounting.context import Ctx, factor_use, measured_use
from cnm.factors import C_TO_CO2, unit_zh
from cnm.trace import cited, inp
from cnm.vocabulary import CMM_VOLUMES, plain, symbol_zh

C_PER_WAN_NM3_CH4 = 12 * 10 / 22.4  # tC per 万Nm3 of pure CH4 (guideline: 12 x n_C x V x 10 / 22.4)


def account_coal(ctx: Ctx) -> None:
    cat = ctx.record.mine.category
    if cat == "coal_underground":
        _underground(ctx)
        _post_mining(ctx, underground=True)
    elif cat == "coal_surface":
        _production_ch4(ctx, "surface_mining_ch4", "surface_mining", "露天开采甲烷逃逸", "Surface mining CH4")
        _post_mining(ctx, underground=False)


def _ch4_line(ctx: Ctx, key: str, category: str, label_zh: str, label_en: str, loc: str, t_ch4: float,
              formula: str, inputs: tuple, factors: tuple, activity=None, unit="", amount=None,
              formula_zh: str = "") -> None:
    gwp = ctx.gwp("CH4", loc)
    if gwp is None:
        return
    ctx.emit(key=key, scope=1, category=category, source="coal_mine_methane", label_zh=label_zh,
             label_en=label_en, loc=loc, gas="CH4", gas_t=t_ch4, gwp=gwp, activity=activity,
             activity_unit=unit, data_source=getattr(amount, "data_source", None),
             quality=getattr(amount, "quality", None), formula=formula, formula_zh=formula_zh,
             inputs=(*inputs, inp("GWP CH4", gwp, "", ctx.methodology.gwp.name, exact=True)), factors=factors)


def _underground(ctx: Ctx) -> None:
    cmm = ctx.record.coal_mine_methane
    loc = "coal_mine_methane"
    if cmm is None or (cmm.ventilation is None and cmm.drainage is None):
        ctx.note("cmm-not-measured", loc)
        return
    vol = {name: ctx.amount(getattr(cmm, name), "万Nm3", f"{loc}.{name}") or 0.0
           for name in ("ventilation", "drainage", "flared", "utilised_onsite", "utilised_offsite")}
    used = vol["flared"] + vol["utilised_onsite"] + vol["utilised_offsite"]
    if used > vol["drainage"] + 1e-9:
        ctx.note("cmm-exceeds-drainage", f"{loc}.drainage", used=round(used, 4), drained=round(vol["drainage"], 4))
        return
    dens = ctx.factor("density", "coal_mine_methane", loc)
    if dens is None:
        return
    rho = dens.value_in("t/万Nm3")
    vented = vol["ventilation"] + vol["drainage"] - used
    _ch4_line(ctx, "S1.cmm.vented", "fugitive_cmm", "井工开采甲烷逃逸（风排+抽采-火炬-利用）",
              "Underground CH4 (ventilation + drainage - flared - utilised)", f"{loc}.ventilation", vented * rho,
              "CH4 = (Q_vent + Q_drain - Q_flare - Q_used) 万Nm3 x 7.17 t/万Nm3",
              (*tuple(inp(k.replace("_", " "), v, "万Nm3", zh=plain(CMM_VOLUMES[k][0])) for k, v in vol.items()),
               inp("CH4 density", rho, "t/万Nm3", **cited(dens), zh="CH4 密度", exact=True)),
              (factor_use(dens),), activity=vented, unit="万Nm3", amount=cmm.ventilation)
    if vol["flared"] > 0:
        of_f = ctx.factor("ratio", "flare_oxidation", f"{loc}.flared")
        if of_f is not None:
            of = of_f.value_in("dimensionless")
            t = vol["flared"] * C_PER_WAN_NM3_CH4 * of * C_TO_CO2
            ctx.emit(key="S1.cmm.flare", scope=1, category="flare", source="coal_mine_methane",
                     label_zh="瓦斯火炬燃烧", label_en="CMM flaring", loc=f"{loc}.flared", gas="CO2", gas_t=t, gwp=1.0,
                     activity=vol["flared"], activity_unit="万Nm3", data_source=cmm.flared.data_source,
                     quality=cmm.flared.quality, formula="CO2 = Q_flare 万Nm3 x (12 x 10 / 22.4) tC/万Nm3 x OF x 44/12",
                     inputs=(inp("Q_flare", vol["flared"], "万Nm3"),
                             inp("carbon", C_PER_WAN_NM3_CH4, "tC/万Nm3", zh="单位体积甲烷含碳量", exact=True),
                             inp("OF", of, "fraction", **cited(of_f), zh=symbol_zh("OF"), exact=True)),
                     factors=(factor_use(of_f),))
    if vol["utilised_onsite"] > 0:
        _cmm_burnt_onsite(ctx, vol["utilised_onsite"], cmm.utilised_onsite)
    co2 = sum(ctx.amount(getattr(cmm, n), "万Nm3", f"{loc}.{n}") or 0.0 for n in ("co2_ventilation", "co2_drainage"))
    if co2 > 0:
        d = ctx.factor("density", "mine_co2", f"{loc}.co2_ventilation")
        if d is not None:
            r = d.value_in("t/万Nm3")
            ctx.emit(key="S1.cmm.co2", scope=1, category="fugitive_co2", source="mine_co2",
                     label_zh="井工开采二氧化碳逃逸", label_en="Underground CO2 escape", loc=f"{loc}.co2_ventilation",
                     gas="CO2", gas_t=co2 * r, gwp=1.0, activity=co2, activity_unit="万Nm3",
                     formula="CO2 = (Q_vent + Q_drain) 万Nm3 x 19.7 t/万Nm3",
                     inputs=(inp("CO2 volume", co2, "万Nm3", zh="CO2 体积"),
                             inp("CO2 density", r, "t/万Nm3", **cited(d), zh="CO2 密度", exact=True)),
                     factors=(factor_use(d),))


def _cmm_burnt_onsite(ctx: Ctx, wan_nm3: float, amount) -> None:
    loc = "coal_mine_methane.utilised_onsite"
    ef = ctx.factor("emission", "coal_mine_methane", loc)
    if ef is not None:
        e = ef.value_in("t/万Nm3")
        ctx.emit(key="S1.cmm.combustion", scope=1, category="stationary_combustion", source="coal_mine_methane",
                 label_zh="瓦斯利用燃烧", label_en="Combustion of utilised CMM", loc=loc, gas="CO2", gas_t=wan_nm3 * e,
                 gwp=1.0, activity=wan_nm3, activity_unit="万Nm3", data_source=amount.data_source,
                 quality=amount.quality, formula="CO2 = Q_used 万Nm3 x EF",
                 inputs=(inp("Q_used", wan_nm3, "万Nm3"),
                         inp("EF", e, "tCO2/万Nm3", **cited(ef), zh=symbol_zh("EF"), exact=True)),
                 factors=(factor_use(ef),))
    coef = ctx.factor("tce", "coal_mine_methane", loc)
    if coef is not None:
        k = coef.value_in("kgce/Nm3")
        ctx.add_energy(key="E.cmm", source="coal_mine_methane", label_zh="瓦斯（自用）", label_en="Coal-mine methane (own use)",
                       loc=loc, kind="fuel", tce=wan_nm3 * 1e4 * k / 1000, formula="tce = Nm3 x kgce/Nm3 / 1000",
                       inputs=(inp("CMM", wan_nm3 * 1e4, "Nm3", zh="瓦斯"),
                               inp("coefficient", k, "kgce/Nm3", **cited(coef), zh="折标准煤系数", exact=True)),
                       factors=(factor_use(coef),))


def _production_ch4(ctx: Ctx, factor_id: str, category: str, zh: str, en: str) -> None:
    out = ctx.record.production.output
    t = ctx.amount(out, "t", "production.output")
    own = ctx.record.production.own_ch4_factors.get(category)
    if own is not None:
        ef, source, source_zh = own.kg_ch4_per_t, own.source, ""
        used = measured_use(factor_id, f"{ef:g} kgCH4/t", source)
    else:
        f = ctx.factor("emission", factor_id, "production.output")
        if f is None:
            return
        ef, source, source_zh, used = f.value_in("kg/t"), f.source, f.source_zh, factor_use(f)
    if t is None:
        return
    _ch4_line(ctx, f"S1.{category}", category, zh, en, "production.output", t * ef / 1000,
              "CH4 = raw coal t x EF kg/t / 1000",
              (inp("raw coal", t, "t", zh="原煤产量"),
               inp("EF", ef, "kgCH4/t", source, zh=symbol_zh("EF"), source_zh=source_zh, exact=True)),
              (used,), activity=t, unit="t", amount=out, formula_zh="CH4 = 原煤产量 t x EF kg/t / 1000")


def _post_mining(ctx: Ctx, underground: bool) -> None:
    if not underground:
        factor_id = "post_mining_surface"
    else:
        gas_class = ctx.record.production.mine_gas_class
        if gas_class is None:
            ctx.note("gas-class-missing", "production.mine_gas_class")
        factor_id = "post_mining_low_gas" if gas_class == "low_gas" else "post_mining_high_gas"
    _production_ch4(ctx, factor_id, "post_mining", "矿后活动甲烷逃逸", "Post-mining CH4")


def _facility(name: str) -> str:
    """A facility factor's name without the kind it notes ('集气站（放空）' -> '集气站'): the line says
    the kind itself (设备逃逸, 工艺放空)."""
    return name.split("（")[0].split(" (")[0].strip()


def account_oil_gas(ctx: Ctx) -> None:
    og = ctx.record.oil_gas
    if og is None:
        return
    scale = ctx.record.period.months / 12
    if scale != 1 and og.facilities:
        ctx.note("half-year-annualised", "oil_gas.facilities", what="设施排放因子 / facility factors")
    for i, fac in enumerate(og.facilities):
        loc = f"oil_gas.facilities[{i}]"
        found = False
        for kind, zh, en in (("facility_fugitive", "设备逃逸", "equipment leaks"), ("facility_venting", "工艺放空", "process venting")):
            rows = ctx.lib.find(kind, fac.facility)
            if not rows:
                continue
            found = True
            f = rows[0]
            ef = f.value_in("t/facility_year")
            _og_ch4(ctx, f"S1.og.{kind}.{i}", kind, f"{_facility(f.name_zh)}（{zh}）", f"{_facility(f.name_en)} ({en})",
                    loc, fac.count * ef * scale, "CH4 = facilities x EF t/facility-year x months/12",
                    (inp("facilities", fac.count, "", zh="设施数量", exact=True),
                     inp("EF", ef, "tCH4/facility-year", **cited(f), zh=symbol_zh("EF"),
                         unit_zh=unit_zh("tCH4/facility_year"), exact=True),
                     inp("months/12", scale, "", zh="月数/12", exact=True)), (factor_use(f),), fac,
                    f"CH4 = 设施数量 x EF {unit_zh('t/facility_year')} x 月数/12")
        if not found:
            ctx.factor("facility_fugitive", fac.facility, f"{loc}.facility")
    _og_flare(ctx, og)
    dens = ctx.factor("density", "coal_mine_methane", "oil_gas") if (og.vented_ch4 or og.recovered_ch4) else None
    if dens is not None:
        rho = dens.value_in("t/万Nm3")
        for name, sign, zh, en in (("vented_ch4", 1, "甲烷放空", "CH4 vented"), ("recovered_ch4", -1, "甲烷回收利用", "CH4 recovered")):
            v = ctx.amount(getattr(og, name), "万Nm3", f"oil_gas.{name}")
            if v:
                _og_ch4(ctx, f"S1.og.{name}", "oilgas_" + name, zh, en, f"oil_gas.{name}", sign * v * rho,
                        f"CH4 = {'-' if sign < 0 else ''}Q 万Nm3 x 7.17 t/万Nm3",
                        (inp("Q", v, "万Nm3"), inp("CH4 density", rho, "t/万Nm3", **cited(dens), zh="CH4 密度",
                                                  exact=True)),
                        (factor_use(dens),), getattr(og, name))
    rec_co2 = ctx.amount(og.recovered_co2, "t", "oil_gas.recovered_co2")
    if rec_co2:
        ctx.emit(key="S1.og.recovered_co2", scope=1, category="recovery", source="recovered_co2",
                 label_zh="二氧化碳回收利用", label_en="CO2 recovered", loc="oil_gas.recovered_co2", gas="CO2",
                 gas_t=-rec_co2, gwp=1.0, activity=rec_co2, activity_unit="t", formula="CO2 = - recovered t",
                 formula_zh="CO2 = - 回收量 t", data_source=og.recovered_co2.data_source, quality=og.recovered_co2.quality,
                 inputs=(inp("recovered", rec_co2, "t", zh="回收量"),))


def _og_ch4(ctx: Ctx, key, category, zh, en, loc, t_ch4, formula, inputs, factors, amount, formula_zh="") -> None:
    gwp = ctx.gwp("CH4", loc)
    if gwp is not None:
        ctx.emit(key=key, scope=1, category=category, source="oil_gas", label_zh=zh, label_en=en, loc=loc, gas="CH4",
                 gas_t=t_ch4, gwp=gwp, data_source=getattr(amount, "data_source", None),
                 quality=getattr(amount, "quality", None), formula=formula, formula_zh=formula_zh,
                 inputs=(*inputs, inp("GWP CH4", gwp, "", ctx.methodology.gwp.name, exact=True)), factors=factors)


def _og_flare(ctx: Ctx, og) -> None:
    v = ctx.amount(og.flared_gas, "万Nm3", "oil_gas.flared_gas")
    if not v:
        return
    loc = "oil_gas.flared_gas"
    of_f = ctx.factor("ratio", "flare_oxidation", loc)
    share_f = None if og.flare_ch4_percent is not None else ctx.factor("ratio", "flare_gas_ch4_fraction", loc)
    dens = ctx.factor("density", "coal_mine_methane", loc)
    if of_f is None or dens is None or (og.flare_ch4_percent is None and share_f is None):
        return
    of = of_f.value_in("dimensionless")
    share = og.flare_ch4_percent / 100 if og.flare_ch4_percent is not None else share_f.value_in("dimensionless")
    factors = tuple(factor_use(f) for f in (of_f, share_f, dens) if f is not None)
    inputs = (inp("Q", v, "万Nm3"), inp("CH4 share", share, "fraction", zh="CH4 体积分数", exact=True),
              inp("OF", of, "fraction", zh=symbol_zh("OF"), exact=True))
    co2 = v * share * C_PER_WAN_NM3_CH4 * of * C_TO_CO2
    ctx.emit(key="S1.og.flare", scope=1, category="flare", source="oil_gas", label_zh="火炬燃烧", label_en="Flaring",
             loc=loc, gas="CO2", gas_t=co2, gwp=1.0, activity=v, activity_unit="万Nm3",
             data_source=og.flared_gas.data_source, quality=og.flared_gas.quality,
             formula="CO2 = Q 万Nm3 x CH4 share x (12 x 10 / 22.4) x OF x 44/12",
             formula_zh="CO2 = Q 万Nm3 x CH4 体积分数 x (12 x 10 / 22.4) x OF x 44/12", inputs=inputs, factors=factors)
    _og_ch4(ctx, "S1.og.flare_ch4", "flare", "火炬未燃尽甲烷", "Unburnt CH4 from flaring", loc,
            v * share * (1 - of) * dens.value_in("t/万Nm3"), "CH4 = Q x CH4 share x (1 - OF) x 7.17", inputs, factors,
            og.flared_gas, "CH4 = Q x CH4 体积分数 x (1 - OF) x 7.17")
