"""Native formulas of the indicator values and scored metrics (the workbook twin of cnm.metrics)
and of the rubric's piecewise-linear interpolation (cnm.rubric.interpolate).

A value or metric that cnm.metrics cannot compute (a missing input) is "" here, and its
indicator scores 0, as in cnm.scoring. Tests check every formula against the core on every
demo record through LibreOffice.
"""

from __future__ import annotations

from workbook_templates.formula import conv


def _a(path: str, unit: str) -> str:
    return conv(f"{path}.value", f"{path}.unit", unit)


def _given(*paths: str) -> str:
    return "OR(" + ",".join(f'{p}.value=""' for p in paths) + ")"


GROSS, OUT, ENERGY = "calc.gross", "calc.output", "calc.energy_tce"
RED, SINK, OFFSETS = "calc.reductions", "calc.restoration_sink", "calc.offsets"
REF_C = "INDEX(P_CAT_REF_C,MATCH(calc.category,P_CAT_KEY,0))"
REF_E = "INDEX(P_CAT_REF_E,MATCH(calc.category,P_CAT_KEY,0))"

INTENSITY = f'IF({OUT}<=0,"",{GROSS}*1000/{OUT})'
ENERGY_INTENSITY = f'IF({OUT}<=0,"",{ENERGY}*1000/{OUT})'
PREV_MISSING = _given("previous.gross_emissions", "previous.output") + '+(previous.period="")>0'
PREV_GROSS = _a("previous.gross_emissions", "t")
PREV_OUT = "(previous.output.value*VLOOKUP(previous.output.unit,P_UNITS,3,FALSE)/VLOOKUP(calc.output_unit,P_UNITS,3,FALSE))"
BEFORE = f"({PREV_GROSS}*1000/{PREV_OUT})"
INTENSITY_DECLINE = (f'IF({PREV_MISSING},"",IF({PREV_OUT}=0,"",IF({OUT}<=0,"",IF({BEFORE}<=0,"",'
                     f"({BEFORE}-{GROSS}*1000/{OUT})/{BEFORE}*100))))")
EMISSIONS_DECLINE = (f'IF({PREV_MISSING},"",IF({PREV_GROSS}<=0,"",'
                     f"({PREV_GROSS}-{GROSS})/{PREV_GROSS}*100))")
TARGET = (f'IF(targets.reduction_target.value="","",IF({_a("targets.reduction_target", "t")}<=0,"",'
          f'{RED}/{_a("targets.reduction_target", "t")}*100))')
WASTE_GEN = _a("resources.solid_waste_generated", "t")
WASTE_USED = _a("resources.solid_waste_utilised", "t")
UTILISATION = (f'IF({_given("resources.solid_waste_generated", "resources.solid_waste_utilised")},"",'
               f'IF({WASTE_GEN}<=0,"",{WASTE_USED}/{WASTE_GEN}*100))')
REC, FRESH = _a("resources.recycled_water", "m3"), _a("resources.fresh_water", "m3")
WATER = (f'IF({_given("resources.recycled_water", "resources.fresh_water")},"",'
         f'IF({REC}+{FRESH}<=0,"",{REC}/({REC}+{FRESH})*100))')
WASTE_INTENSITY = f'IF(resources.solid_waste_generated.value="","",IF({OUT}<=0,"",{WASTE_GEN}/{OUT}))'
VALUE_MONEY = _a("production.output_value", "万元")
FRESH_PER_VALUE = (f'IF({_given("resources.fresh_water", "production.output_value")},"",'
                   f'IF({VALUE_MONEY}<=0,"",{FRESH}/{VALUE_MONEY}))')
ELEC_SHARE = f'IF({ENERGY}<=0,"",calc.energy_electricity/{ENERGY}*100)'
RENEW_SHARE = f'IF({ENERGY}<=0,"",calc.energy_renewable/{ENERGY}*100)'
GREEN, TOTAL_AREA = _a("resources.green_area", "m2"), _a("resources.total_area", "m2")
COVERAGE = (f'IF({_given("resources.green_area", "resources.total_area")},"",'
            f'IF({TOTAL_AREA}<=0,"",{GREEN}/{TOTAL_AREA}*100))')


def _budget(amount: str, cap: str, unit: str, ref: str) -> str:
    capv = _a(cap, unit)
    return (f'IF({cap}.value<>"",IF({capv}<=0,"",{amount}/{capv}),'
            f'IF({OUT}<=0,"",{amount}/({OUT}*{ref}/1000)))')


#: Indicator values in the catalog's units (cnm.metrics.VALUES).
VALUE = {
    "I01": GROSS, "I02": INTENSITY, "I03": INTENSITY_DECLINE, "I04": EMISSIONS_DECLINE, "I05": ENERGY,
    "I06": ENERGY_INTENSITY, "I07": RED, "I09": TARGET, "I10": UTILISATION, "I11": WATER, "I12": WASTE_INTENSITY,
    "I13": FRESH_PER_VALUE, "I18": ELEC_SHARE, "I19": RENEW_SHARE, "I20": SINK, "I21": OFFSETS, "I23": COVERAGE,
    "I24": SINK,
}

#: Metrics the rubric scores (cnm.metrics.METRICS).
METRIC = {
    "emissions_vs_budget": _budget(GROSS, "targets.emission_cap", "t", REF_C),
    "energy_vs_budget": _budget(ENERGY, "targets.energy_cap", "tce", REF_E),
    "carbon_intensity": INTENSITY,
    "intensity_decline": INTENSITY_DECLINE,
    "emissions_decline": EMISSIONS_DECLINE,
    "energy_intensity": ENERGY_INTENSITY,
    "self_reduction_share": f'IF({GROSS}+{RED}<=0,"",{RED}/({GROSS}+{RED})*100)',
    "target_completion": TARGET,
    "solid_waste_utilisation": UTILISATION,
    "water_recycling": WATER,
    "waste_intensity": WASTE_INTENSITY,
    "fresh_water_per_value": FRESH_PER_VALUE,
    "electricity_share": ELEC_SHARE,
    "renewable_share": RENEW_SHARE,
    "restoration_sink_share": f'IF({GROSS}<=0,"",{SINK}/{GROSS}*100)',
    "offset_share": "calc.offset_share*100",
    "green_coverage": COVERAGE,
}


def INTERP(x: str, key: str) -> str:
    """Piecewise-linear score at x of the rubric row `key` (x clamped to the first and last point)."""
    m = f"MATCH({key},P_RUB_KEY,0)"
    n = f"INDEX(P_RUB_N,{m})"

    def X(k):
        return f"INDEX(P_RUB_X,{m},{k})"

    def Y(k):
        return f"INDEX(P_RUB_Y,{m},{k})"

    k = f"MATCH({x},INDEX(P_RUB_X,{m},0),1)"
    inner = f"{Y(k)}+({Y(k + '+1')}-{Y(k)})*({x}-{X(k)})/({X(k + '+1')}-{X(k)})"
    return f"IF({x}<={X(1)},{Y(1)},IF({x}>={X(n)},{Y(n)},{inner}))"
