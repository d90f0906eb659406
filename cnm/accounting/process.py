"""Process emissions (carbonates, explosives), fluorinated-gas leaks and declared Scope 3.

carbonates: E = material t x purity x decomposition x EF (NDRC mine guideline)
explosives: E = t x carbon fraction x 44/12 (literature; the guidelines have no category)
F-gases:    E = t leaked x GWP
"""

from __future__ import annotations

from cnm.accounting.context import CO2E, Ctx, factor_use, measured_use
from cnm.trace import cited, inp
from cnm.vocabulary import symbol_zh


def account_carbonates(ctx: Ctx) -> None:
    for i, c in enumerate(ctx.record.carbonates):
        loc = f"carbonates[{i}]"
        f = ctx.factor("emission", c.carbonate, f"{loc}.carbonate")
        t = ctx.amount(c.amount, "t", f"{loc}.amount")
        if f is None or t is None:
            continue
        ef = f.value_in("t/t")
        pur, dec = c.purity_percent / 100, c.decomposition_percent / 100
        ctx.emit(key=f"S1.carbonate.{i}", scope=1, category="process_carbonate", source=c.carbonate,
                 label_zh=f"{f.name_zh}分解", label_en=f"{f.name_en} decomposition", loc=loc, gas="CO2",
                 gas_t=t * pur * dec * ef, gwp=1.0, activity=c.amount.value, activity_unit=c.amount.unit,
                 data_source=c.amount.data_source, quality=c.amount.quality,
                 formula="E = material t x purity x decomposition rate x EF", formula_zh="E = 碳酸盐用量 t x 纯度 x 分解率 x EF",
                 inputs=(inp("material", t, "t", zh="碳酸盐用量"), inp("purity", pur, "fraction", zh="纯度", exact=True),
                         inp("decomposition", dec, "fraction", zh="分解率", exact=True),
                         inp("EF", ef, "tCO2/t", **cited(f), zh=symbol_zh("EF"), exact=True)), factors=(factor_use(f),))


def _explosive_names(ctx: Ctx, explosive: str) -> tuple[str, str]:
    """An explosive's name (zh, en) as the factor library gives it ('emulsion_explosive' -> 乳化炸药,
    Emulsion explosive), also where the mine's own factor replaces the library's; the mine's own
    word for an explosive the library does not list."""
    known = ctx.lib.find("emission", explosive)
    return (known[0].name_zh, known[0].name_en) if known else (explosive, explosive)


def account_explosives(ctx: Ctx) -> None:
    for i, x in enumerate(ctx.record.explosives):
        loc = f"explosives[{i}]"
        t = ctx.amount(x.amount, "t", f"{loc}.amount")
        if x.own_factor_tco2_per_t is not None:
            ef, used = x.own_factor_tco2_per_t, measured_use(x.explosive, f"{x.own_factor_tco2_per_t} tCO2/t",
                                                             x.own_factor_source or "declared by the mine",
                                                             "" if x.own_factor_source else "矿山填报")
            zh, en = _explosive_names(ctx, x.explosive)
        else:
            f = ctx.factor("emission", x.explosive, f"{loc}.explosive")
            if f is None:
                continue
            ef, used, zh, en = f.value_in("t/t"), factor_use(f), f.name_zh, f.name_en
        if t is None:
            continue
        ctx.emit(key=f"S1.explosive.{i}", scope=1, category="process_explosive", source=x.explosive,
                 label_zh=f"爆破（{zh}）", label_en=f"Blasting ({en})", loc=loc, gas="CO2", gas_t=t * ef, gwp=1.0,
                 activity=x.amount.value, activity_unit=x.amount.unit, data_source=x.amount.data_source,
                 quality=x.amount.quality, formula="E = explosive t x EF", formula_zh="E = 炸药用量 t x EF",
                 inputs=(inp("explosive", t, "t", zh="炸药用量"),
                         inp("EF", ef, "tCO2/t", **cited(used), zh=symbol_zh("EF"), exact=True)),
                 factors=(used,))


def account_fgases(ctx: Ctx) -> None:
    for i, g in enumerate(ctx.record.fgases):
        loc = f"fgases[{i}]"
        gwp = ctx.gwp(g.gas, f"{loc}.gas")
        t = ctx.amount(g.amount, "t", f"{loc}.amount")
        if gwp is None or t is None:
            continue
        name = ctx.methodology.gwp.gas(g.gas).gas
        ctx.emit(key=f"S1.fgas.{i}", scope=1, category="fgas", source=name, label_zh=f"{name} 泄漏",
                 label_en=f"{name} leakage", loc=loc, gas=name, gas_t=t, gwp=gwp, activity=g.amount.value,
                 activity_unit=g.amount.unit, data_source=g.amount.data_source, quality=g.amount.quality,
                 formula="E = leaked t x GWP", formula_zh="E = 泄漏量 t x GWP",
                 inputs=(inp("leaked", t, "t", zh="泄漏量"), inp("GWP", gwp, "", ctx.methodology.gwp.name, exact=True)))


def _co2e_unit(unit: str) -> str:
    """A CO2e amount's unit as the inventory shows it: 't' -> 'tCO2e' (the record may say a CO2e mass in t)."""
    return unit if "CO2" in unit else f"{unit}CO2e"


def account_scope3(ctx: Ctx) -> None:
    rec = ctx.record
    if rec.scope3 and 3 not in rec.boundary.scopes:
        ctx.note("scope3-not-declared", "boundary.scopes")
    for i, s in enumerate(rec.scope3):
        loc = f"scope3[{i}]"
        t = ctx.amount(s.emissions, "t", f"{loc}.emissions")
        if t is None:
            continue
        # the label names the category only: every place that shows a line names its scope beside it
        # (the inventory table's scope column, the chart's "范围三 · ..."), so "范围三" would be said twice
        ctx.emit(key=f"S3.{i}", scope=3, category=f"scope3_cat{s.category}", source=f"scope3_cat{s.category}",
                 label_zh=f"类别{s.category}：{s.description}", label_en=f"Category {s.category}: {s.description}",
                 loc=loc, gas=CO2E, gas_t=t, gwp=1.0, activity=s.emissions.value,
                 activity_unit=_co2e_unit(s.emissions.unit),
                 data_source=s.emissions.data_source, quality=s.emissions.quality,
                 formula=f"declared by the mine ({s.method or 'method not stated'})",
                 formula_zh=f"矿山填报（{s.method or '未说明方法'}）",
                 inputs=(inp("declared emissions", t, "tCO2e", zh="填报排放量"),))
