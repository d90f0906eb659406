"""Computed cells of the activity sheet: fuel combustion, electricity (location- and market-based),
green certificates and heat. Each has a native formula over the parameter tables, a CNM_* UDF
formula (xlsm) and the core's figure (cnm.accounting) that recalc writes and tests compare.
"""

from __future__ import annotations

from workbook_templates.formula import METHOD_ARG, NO_OWN_FACTOR, conv, conv0, num, num_udf, q, uf, ukind
from workbook_templates.spec import Calc

T = "fuels"


def _fuel_cells(r, row):
    c = {k: r.at(T, k, row) for k in ("fuel", "value", "unit", "own_factor.ncv.value", "own_factor.ncv.unit",
                                     "own_factor.carbon_content.value", "own_factor.carbon_content.unit",
                                     "own_factor.oxidation_percent")}
    fi = f"MATCH({c['fuel']},P_FUEL_LABEL,0)"
    au = f"INDEX(P_FUEL_AU,{fi})"
    k, ka = ukind(c["unit"]), ukind(au)
    dens = f"INDEX(P_FUEL_DENS,{fi})"
    nv, nu = c["own_factor.ncv.value"], c["own_factor.ncv.unit"]
    ncv = f'IF({nv}="",INDEX(P_FUEL_NCV,{fi}),{nv}*{uf(nu)}/{uf(chr(34) + "GJ/" + chr(34) + "&" + au)})'
    cv, cu = c["own_factor.carbon_content.value"], c["own_factor.carbon_content.unit"]
    cc = f'IF({cv}="",INDEX(P_FUEL_CC,{fi}),{cv}*{uf(cu)}/{uf(q("t/GJ"))})'
    ofc = c["own_factor.oxidation_percent"]
    of = f'IF({ofc}="",INDEX(P_FUEL_OF,{fi}),{ofc}/100)'
    v, u = c["value"], c["unit"]
    liquid = f'AND({k}="volume",{ka}="mass")'
    dens_ok = f"IF(ISNUMBER({dens}),{dens},NA())"
    act = f"IF({liquid},{conv(v, u, 'm3')}*{dens_ok},IF({k}={ka},{v}*{uf(u)}/{uf(au)},NA()))"
    heat = f'IF({k}="energy",{conv(v, u, "GJ")},{act}*{ncv})'
    return c, fi, k, act, heat, cc, of


def fuel_tco2(r, row):
    c, _fi, _k, _act, heat, cc, of = _fuel_cells(r, row)
    return f'IF({c["value"]}="","",{heat}*{cc}*{of}*P_C_TO_CO2)'


def fuel_tco2_udf(r, row):
    c, *_ = _fuel_cells(r, row)
    args = ",".join(c[k] for k in ("value", "unit", "fuel", "own_factor.ncv.value", "own_factor.ncv.unit",
                                   "own_factor.carbon_content.value", "own_factor.carbon_content.unit",
                                   "own_factor.oxidation_percent"))
    call = f"CNM_CO2E({args},{METHOD_ARG})"
    return f'IF({c["value"]}="","",{num_udf(call, fuel_tco2(r, row))})'


def fuel_tce(r, row):
    c, fi, k, act, heat, _cc, _of = _fuel_cells(r, row)
    coef = f"INDEX(P_FUEL_TCE,{fi})"
    return f'IF({c["value"]}="","",IF(AND(ISNUMBER({coef}),{k}<>"energy"),{act}*{coef}/1000,{heat}/P_GJ_PER_TCE))'


def fuel_tce_udf(r, row):
    v, u, f = (r.at(T, k, row) for k in ("value", "unit", "fuel"))
    return f'IF({v}="","",{num_udf(f"CNM_TCE({v},{u},{f},{METHOD_ARG})", fuel_tce(r, row))})'


def _line(prefix):
    return lambda fig, i: "" if i is None else fig.tco2e(prefix.format(i=i), prefix=True)


FUEL_COLUMNS = (
    Calc("fuel_tco2", "二氧化碳排放 tCO2", "CO2 tCO2", fuel_tco2, _line("S1.fuel.{i}."), fuel_tco2_udf, "tCO2", width=13),
    Calc("fuel_tce", "折标准煤 tce", "Energy tce", fuel_tce,
         lambda fig, i: "" if i is None else fig.tce(f"E.fuel.{i}.", prefix=True), fuel_tce_udf, "tce", width=12),
)

# ---- electricity ------------------------------------------------------------------------

E = "electricity"


def _mwh(name):
    return conv0(f"{E}.{name}.value", f"{E}.{name}.unit", "MWh")


NET = f"MAX({_mwh('purchased')}-{_mwh('exported')},0)"
WHERE = (f'IF({E}.grid_region="",mine.province,'
         f"IFERROR(INDEX(L_grid_region_ID,MATCH({E}.grid_region,L_grid_region,0)),{E}.grid_region))")


#: the period year as a number (a year typed as text would compare above every year of the grid table)
YEAR = num("period.year")


def _grid(basis: str) -> str:
    """The grid factor: province, then its region, then national, of the latest data year."""
    isreg = f"ISNUMBER(MATCH({WHERE},P_REGION_ID,0))"
    short = f'IF({isreg},"",IFERROR(INDEX(P_PROV_SHORT,MATCH({WHERE},P_PROV_NAME,0)),{WHERE}))'
    region = f'IF({isreg},{WHERE},IFERROR(INDEX(P_PROV_REGION,MATCH({short},P_PROV_SHORT,0)),""))'
    latest = f"SUMPRODUCT(MAX((P_GRID_BASIS={basis})*(P_GRID_YEAR<={YEAR})*P_GRID_YEAR))"
    fy = f"{E}.factor_year"
    year = f'IF(TRIM({fy})<>"",{num(fy)},IF(P_GRID_RULE="exact",{YEAR},{latest}))'

    def at(where):
        return f'INDEX(P_GRID_VALUE,MATCH({basis}&"|"&{year}&"|"&{where},P_GRID_KEY,0))'

    return f'IFERROR({at(short)},IFERROR({at(region)},{at(q("national"))}))'


MARKET_BASIS = 'IF(P_MKT_BASIS="average","average","residual")'


def _grid_udf(basis):
    def make(r, row):
        call = f'CNM_GRID(period.year,{WHERE},{q(basis)},{E}.factor_year,{METHOD_ARG})'
        return f'IF({NET}>0,{num_udf(call, _grid(q("average") if basis == "average" else MARKET_BASIS))},"")'
    return make


SUPPLIER_EF = f"{E}.supplier_factor_tco2_per_mwh"


def _supplier(default: str) -> str:
    """The supplier's own emission rate where the mine gives one, else `default` (market-based)."""
    return f'IF({SUPPLIER_EF}<>"",{num(SUPPLIER_EF)},{default})'


def _supplier_or(udf):
    def make(r, row):
        return f'IF(AND({NET}>0,{SUPPLIER_EF}<>""),{num(SUPPLIER_EF)},{udf(r, row)})'
    return make


def _green(r):
    certs = r.col("green_certificates", "cert_mwh")
    return f"MIN({_mwh('green_power')}+SUM({certs}),{NET})"


def _tce(r, row):
    on = _mwh("onsite_renewable")
    return f"({NET}-{_green(r)})*P_TCE_ELEC+{_green(r)}*P_TCE_ELEC+{on}*P_TCE_ELEC"


ELECTRICITY = (
    Calc("elec_net", "净购入电量", "Net purchased electricity", lambda r, row: NET,
         lambda fig, i: fig.input("S2.electricity.location", "net purchased", 0.0), unit="MWh"),
    Calc("elec_green", "计入的绿电及绿证电量", "Green power and certificates counted", lambda r, row: _green(r),
         lambda fig, i: fig.input("S2.electricity.market", "green power and certificates", 0.0), unit="MWh"),
    Calc("ef_location", "电网平均排放因子", "Grid average factor", lambda r, row: f'IF({NET}>0,{_grid(q("average"))},"")',
         lambda fig, i: fig.input("S2.electricity.location", "EF"), _grid_udf("average"), "tCO2/MWh", "0.0000"),
    Calc("ef_market", "基于市场的排放因子（售电方因子或剩余电力因子）", "Market-based factor (supplier's rate or residual mix)",
         lambda r, row: f'IF({NET}>0,{_supplier(_grid(MARKET_BASIS))},"")',
         lambda fig, i: fig.input("S2.electricity.market", "EF"), _supplier_or(_grid_udf("market")), "tCO2/MWh",
         "0.0000"),
    Calc("elec_s2_location", "购入电力排放（基于位置）", "Purchased electricity (location-based)",
         lambda r, row: f"IF({NET}>0,{NET}*calc.ef_location,0)",
         lambda fig, i: fig.tco2e("S2.electricity.location"), unit="tCO2"),
    Calc("elec_s2_market", "购入电力排放（基于市场）", "Purchased electricity (market-based)",
         lambda r, row: f"IF({NET}>0,({NET}-{_green(r)})*calc.ef_market,0)",
         lambda fig, i: fig.tco2e("S2.electricity.market"), unit="tCO2"),
    Calc("elec_tce", "电力折标准煤（当量值）", "Electricity in tce (calorific equivalent)", _tce,
         lambda fig, i: fig.result.inventory.electricity_tce,
         lambda r, row: num_udf(f"CNM_TCE({NET}+{_mwh('onsite_renewable')},\"MWh\",\"electricity\",{METHOD_ARG})", _tce(r, row)),
         "tce"),
    Calc("elec_renewable", "其中可再生能源 tce", "of which renewable, tce",
         lambda r, row: f"({_green(r)}+{_mwh('onsite_renewable')})*P_TCE_ELEC",
         lambda fig, i: fig.result.inventory.renewable_tce, unit="tce"),
)

C = "green_certificates"


def cert_mwh(r, row):
    serial, v, u = r.at(C, "serial", row), r.at(C, "quantity", row, "value"), r.at(C, "quantity", row, "unit")
    dup = f"SUMPRODUCT(--EXACT({r.above(C, 'serial', row)},{serial}))>0" if row else "FALSE"
    return f'IF({serial}="","",IF({dup},0,{conv(v, u, "MWh")}))'


def _cert_figure(fig, i):
    if i is None:
        return ""
    if fig.finding("green-certificate-duplicate", f"electricity.green_certificates[{i}].serial"):
        return 0.0
    return fig.amount(fig.record.electricity.green_certificates[i].quantity, "MWh")


CERTIFICATE_COLUMNS = (Calc("cert_mwh", "计入电量 MWh（重复编号不计）", "Counted MWh (repeats: 0)", cert_mwh, _cert_figure,
                            unit="MWh", width=13),)

H = "heat"
NET_HEAT = f"MAX({conv0('heat.purchased.value', 'heat.purchased.unit', 'GJ')}-{conv0('heat.exported.value', 'heat.exported.unit', 'GJ')},0)"

HEAT_EF = 'IF(heat.supplier_factor_tco2_per_gj="",P_EF_HEAT,heat.supplier_factor_tco2_per_gj)'
HEAT_TCO2 = f"IF({NET_HEAT}>0,{NET_HEAT}*{HEAT_EF},0)"
HEAT_UDF = f'CNM_CO2E({NET_HEAT},"GJ","heat"{NO_OWN_FACTOR},{METHOD_ARG})'

HEAT = (
    Calc("heat_tco2", "购入热力排放", "Purchased heat emissions", lambda r, row: HEAT_TCO2,
         lambda fig, i: fig.tco2e("S2.heat"),
         lambda r, row: (f'IF(heat.supplier_factor_tco2_per_gj<>"",{HEAT_TCO2},'
                         f'{num_udf(HEAT_UDF, HEAT_TCO2)})'),
         "tCO2"),
    Calc("heat_tce", "热力折标准煤", "Heat in tce", lambda r, row: f"IF({NET_HEAT}>0,{NET_HEAT}*P_TCE_HEAT,0)",
         lambda fig, i: fig.tce("E.heat"), unit="tce"),
)
