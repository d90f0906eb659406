"""Indicator values (in the catalog's units) and the metrics the rubric scores (G-1).

A value is what Table A.1 asks for (e.g. I01 total emissions in tCO2e). A metric is what is
scored, normalised so that small and large mines compare (e.g. I01: emissions / budget).
Each function returns a Measure, or None with the name of the missing input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnm.record import Record
from cnm.trace import TraceInput, inp
from cnm.units import convert


@dataclass(frozen=True)
class Facts:
    """What the metrics need, computed once per record."""

    record: Record
    category: object  # cnm.rubric.Category
    gross: float
    output: float  # in the category's output unit
    energy_tce: float
    electricity_tce: float
    renewable_tce: float
    reductions: float
    restoration_sink: float
    offsets: float
    offset_share: float
    previous_gross: float | None = None
    previous_output: float | None = None
    previous_period: str | None = None
    previous_source: str = ""  # where the previous figures come from (a record or the stated block)
    previous_source_zh: str = ""  # the same in Chinese
    target_reductions: float | None = None  # achieved reduction counted against the target (I09), if not `reductions`
    target_note: str = ""
    target_note_zh: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Measure:
    value: float
    unit: str
    formula: str
    inputs: tuple[TraceInput, ...] = ()
    formula_zh: str = ""  # the formula in Chinese (cnm.trace.TraceItem.formula_zh)


class Missing(Exception):
    """A metric cannot be computed; `what` names the input (and `code` the finding)."""

    def __init__(self, what: str, code: str = "missing-input"):
        super().__init__(what)
        self.what, self.code = what, code


def _amt(a, unit: str, what: str) -> float:
    if a is None:
        raise Missing(what)
    return convert(a.value, a.unit, unit, what)


def _pct(num: float, den: float, what: str) -> float:
    if den <= 0:
        raise Missing(what)
    return num / den * 100


def _output(f: Facts):
    return inp("output", f.output, f.category.output_unit, zh="产量")


# ---- values of the quantitative indicators (catalog units) -------------------------------

def _intensity(f: Facts) -> Measure:
    if f.output <= 0:
        raise Missing("production.output")
    unit = f.category.intensity_unit
    return Measure(f.gross * 1000 / f.output, unit, "gross tCO2e x 1000 / output",
                   (inp("gross", f.gross, "tCO2e", zh="排放总量"), _output(f)), "排放总量 tCO2e x 1000 / 产量")


def _energy_intensity(f: Facts) -> Measure:
    if f.output <= 0:
        raise Missing("production.output")
    return Measure(f.energy_tce * 1000 / f.output, f.category.energy_intensity_unit, "energy tce x 1000 / output",
                   (inp("energy", f.energy_tce, "tce", zh="综合能源消费量"), _output(f)),
                   "综合能源消费量 tce x 1000 / 产量")


def _previous(f: Facts, need_output: bool = True) -> tuple[float, float | None]:
    if f.previous_gross is None or (need_output and not f.previous_output):
        raise Missing("previous", code="no-previous-period")
    return f.previous_gross, f.previous_output


def _intensity_decline(f: Facts) -> Measure:
    pg, po = _previous(f)
    now = _intensity(f).value
    before = pg * 1000 / po
    if before <= 0:
        raise Missing("previous.gross_emissions")
    return Measure((before - now) / before * 100, "percent", "(previous intensity - intensity) / previous intensity x 100",
                   (inp("intensity", now, f.category.intensity_unit, zh="排放强度"),
                    inp(f"intensity {f.previous_period}", before, f.category.intensity_unit, f.previous_source,
                        zh=f"排放强度 {f.previous_period}", source_zh=f.previous_source_zh)),
                   "(上期排放强度 - 本期排放强度) / 上期排放强度 x 100")


def _emissions_decline(f: Facts) -> Measure:
    pg, _ = _previous(f, need_output=False)
    if pg <= 0:
        raise Missing("previous.gross_emissions")
    return Measure((pg - f.gross) / pg * 100, "percent", "(previous gross - gross) / previous gross x 100",
                   (inp("gross", f.gross, "tCO2e", zh="排放总量"),
                    inp(f"gross {f.previous_period}", pg, "tCO2e", f.previous_source, zh=f"排放总量 {f.previous_period}",
                        source_zh=f.previous_source_zh)),
                   "(上期排放总量 - 本期排放总量) / 上期排放总量 x 100")


def _waste_intensity(f: Facts) -> Measure:
    r = f.record.resources
    gen = _amt(r.solid_waste_generated, "t", "resources.solid_waste_generated")
    if f.output <= 0:
        raise Missing("production.output")
    return Measure(gen / f.output, f.category.waste_intensity_unit, "solid waste t / output",
                   (inp("solid waste", gen, "t", zh="固体废物产生量"), _output(f)), "固体废物产生量 t / 产量")


def _solid_waste_utilisation(f: Facts) -> Measure:
    r = f.record.resources
    gen = _amt(r.solid_waste_generated, "t", "resources.solid_waste_generated")
    used = _amt(r.solid_waste_utilised, "t", "resources.solid_waste_utilised")
    return Measure(_pct(used, gen, "resources.solid_waste_generated"), "percent", "utilised / generated x 100",
                   (inp("utilised", used, "t", zh="固体废物综合利用量"), inp("generated", gen, "t", zh="固体废物产生量")),
                   "固体废物综合利用量 / 固体废物产生量 x 100")


def _water_recycling(f: Facts) -> Measure:
    r = f.record.resources
    rec = _amt(r.recycled_water, "m3", "resources.recycled_water")
    fresh = _amt(r.fresh_water, "m3", "resources.fresh_water")
    return Measure(_pct(rec, rec + fresh, "resources.recycled_water"), "percent", "recycled / (recycled + fresh) x 100",
                   (inp("recycled", rec, "m3", zh="循环用水量"), inp("fresh", fresh, "m3", zh="新鲜水用量")),
                   "循环用水量 / (循环用水量 + 新鲜水用量) x 100")


def _fresh_water_per_value(f: Facts) -> Measure:
    fresh = _amt(f.record.resources.fresh_water, "m3", "resources.fresh_water")
    value = _amt(f.record.production.output_value, "万元", "production.output_value")
    if value <= 0:
        raise Missing("production.output_value")
    return Measure(fresh / value, "m3/万元", "fresh water m3 / output value 万元",
                   (inp("fresh water", fresh, "m3", zh="新鲜水用量"), inp("output value", value, "万元", zh="产值")),
                   "新鲜水用量 m3 / 产值 万元")


def _share_of_energy(part: float, f: Facts, name: str, zh: str) -> Measure:
    return Measure(_pct(part, f.energy_tce, "energy"), "percent", f"{name} tce / total energy tce x 100",
                   (inp(name, part, "tce", zh=zh), inp("total energy", f.energy_tce, "tce", zh="综合能源消费量")),
                   f"{zh} tce / 综合能源消费量 tce x 100")


def _green_coverage(f: Facts) -> Measure:
    r = f.record.resources
    green = _amt(r.green_area, "m2", "resources.green_area")
    total = _amt(r.total_area, "m2", "resources.total_area")
    return Measure(_pct(green, total, "resources.total_area"), "percent", "green area / total area x 100",
                   (inp("green area", green, "m2", zh="绿化面积"), inp("total area", total, "m2", zh="矿区总面积")),
                   "绿化面积 / 矿区总面积 x 100")


def _target_completion(f: Facts) -> Measure:
    t = f.record.targets.reduction_target
    if t is None:
        raise Missing("targets.reduction_target", code="no-target")
    target = _amt(t, "t", "targets.reduction_target")
    achieved = f.reductions if f.target_reductions is None else f.target_reductions
    return Measure(_pct(achieved, target, "targets.reduction_target"), "percent",
                   "achieved reduction / reduction target x 100",
                   (inp("achieved" + (f" ({f.target_note})" if f.target_note else ""), achieved, "tCO2e",
                        zh="已实现减排量" + (f"（{f.target_note_zh}）" if f.target_note_zh else "")),
                    inp("target", target, "tCO2e", zh="减排目标")),
                   "已实现减排量 / 减排目标 x 100")


def _electricity_share(f: Facts) -> Measure:
    return _share_of_energy(f.electricity_tce, f, "electricity", "电力消费量")


def _renewable_share(f: Facts) -> Measure:
    return _share_of_energy(f.renewable_tce, f, "renewable", "可再生能源消费量")


def _tco2e(v: float, name: str, zh: str) -> Measure:
    return Measure(v, "tCO2e", name, (inp(name, v, "tCO2e", zh=zh),), zh)


VALUES = {
    "I01": lambda f: _tco2e(f.gross, "gross emissions", "排放总量"),
    "I02": _intensity,
    "I03": _intensity_decline,
    "I04": _emissions_decline,
    "I05": lambda f: Measure(f.energy_tce, "tce", "sum of energy lines",
                             (inp("energy", f.energy_tce, "tce", zh="综合能源消费量"),), "各能源品种折标准煤量之和"),
    "I06": _energy_intensity,
    "I07": lambda f: _tco2e(f.reductions, "self-achieved reductions", "自主减排量"),
    "I09": _target_completion,
    "I10": _solid_waste_utilisation,
    "I11": _water_recycling,
    "I12": _waste_intensity,
    "I13": _fresh_water_per_value,
    "I18": _electricity_share,
    "I19": _renewable_share,
    "I20": lambda f: _tco2e(f.restoration_sink, "restoration sink", "生态修复碳汇"),
    "I21": lambda f: _tco2e(f.offsets, "valid offsets", "有效抵消量"),
    "I23": _green_coverage,
    "I24": lambda f: _tco2e(f.restoration_sink, "restoration sink", "生态修复碳汇"),
}


# ---- metrics the rubric scores -------------------------------------------------------------

def _budget(f: Facts, cap, ref: float, unit: str, name: str) -> tuple[float, tuple[str, str], tuple[TraceInput, ...]]:
    """The budget an absolute total is scored against: the declared cap, else output x reference;
    with what it is, in English and Chinese."""
    if cap is not None:
        budget = convert(cap.value, cap.unit, unit, name)
        if budget <= 0:
            raise Missing(f"targets cap for {name} (must be above 0)")
        return budget, ("declared cap", "填报上限"), (inp("cap", budget, unit, zh="填报上限"),)
    if f.output <= 0:
        raise Missing("production.output")
    return (f.output * ref / 1000, ("(output x category reference / 1000)", "(产量 x 类别参考强度 / 1000)"),
            (_output(f), inp("reference", ref, "per output unit", zh="类别参考强度")))


def emission_budget(f: Facts) -> float:
    """tCO2e the mine's gross emissions are scored against (I01): its cap, else output x reference."""
    return _budget(f, f.record.targets.emission_cap, f.category.reference_carbon_intensity, "t", "gross")[0]


def energy_budget(f: Facts) -> float:
    """tce the mine's energy use is scored against (I05): its cap, else output x reference."""
    return _budget(f, f.record.targets.energy_cap, f.category.reference_energy_intensity, "tce", "energy")[0]


def _vs_budget(f: Facts, amount: float, cap, ref: float, unit: str, name: str, zh: str) -> Measure:
    budget, (what, what_zh), inputs = _budget(f, cap, ref, unit, name)
    return Measure(amount / budget, "ratio", f"{name} / {what}", (inp(name, amount, unit, zh=zh), *inputs),
                   f"{zh} / {what_zh}")


METRICS = {
    "emissions_vs_budget": lambda f: _vs_budget(f, f.gross, f.record.targets.emission_cap,
                                                f.category.reference_carbon_intensity, "t", "gross", "排放总量"),
    "energy_vs_budget": lambda f: _vs_budget(f, f.energy_tce, f.record.targets.energy_cap,
                                             f.category.reference_energy_intensity, "tce", "energy", "综合能源消费量"),
    "carbon_intensity": _intensity,
    "intensity_decline": _intensity_decline,
    "emissions_decline": _emissions_decline,
    "energy_intensity": _energy_intensity,
    "self_reduction_share": lambda f: Measure(_pct(f.reductions, f.gross + f.reductions, "reductions"), "percent",
                                              "reductions / (gross + reductions) x 100",
                                              (inp("reductions", f.reductions, "tCO2e", zh="自主减排量"),
                                               inp("gross", f.gross, "tCO2e", zh="排放总量")),
                                              "自主减排量 / (排放总量 + 自主减排量) x 100"),
    "target_completion": _target_completion,
    "solid_waste_utilisation": _solid_waste_utilisation,
    "water_recycling": _water_recycling,
    "waste_intensity": _waste_intensity,
    "fresh_water_per_value": _fresh_water_per_value,
    "electricity_share": _electricity_share,
    "renewable_share": _renewable_share,
    "restoration_sink_share": lambda f: Measure(_pct(f.restoration_sink, f.gross, "gross"), "percent",
                                                "restoration sink / gross x 100",
                                                (inp("sink", f.restoration_sink, "tCO2e", zh="生态修复碳汇"),
                                                 inp("gross", f.gross, "tCO2e", zh="排放总量")),
                                                "生态修复碳汇 / 排放总量 x 100"),
    "offset_share": lambda f: Measure(f.offset_share * 100, "percent", "offsets / residual x 100 (100 if residual <= 0)",
                                      (inp("offset share", f.offset_share, "fraction", zh="抵消比例"),),
                                      "有效抵消量 / 剩余排放量 x 100（剩余排放量 <= 0 时取 100）"),
    "green_coverage": _green_coverage,
}

METRIC_NAMES = set(METRICS) | {"qualitative"}

