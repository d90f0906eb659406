"""Levers of the improvement planner: what a mine can change in its record to raise its score
(R-8.2 asks the report for improvement suggestions; the draft gives no rule, so the rubric's
reference points, G-1, tell how far each move must go).

A lever has one parameter `a` and edits the record's data (the JSON form of a Record) in a
way that commutes with the other levers (ratios are kept, shares are set on the current
values). `candidates(ctx)` returns the values of `a` at which one of the lever's indicators
reaches one of its rubric reference points; the planner then assesses each candidate with
`cnm.result.assess`, so the effects it reports are the engine's, never re-computed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from cnm.units import convert

#: data_source written on every planned figure, so a planned record is never mistaken for data.
PLANNED = "改进计划（cnm plan）/ improvement plan"
EPS = 1e-9


@dataclass
class Ctx:
    """What the levers read: the base record data, its result and the methodology."""

    data: dict
    result: object  # cnm.result.Result of `data`
    methodology: object
    probe: Callable[[str, float], object]  # (lever id, a) -> Result of the base with the lever applied

    def indicator(self, iid: str):
        return next(i for i in self.result.indicators if i.id == iid)

    def points(self, iid: str) -> tuple[tuple[float, float], ...]:
        return self.methodology.rubric.rule(iid).points_for(self.result.record.mine.category)

    def better_targets(self, iid: str) -> list[float]:
        """Reference points of the rubric that score more than the indicator scores now, nearest first."""
        ind = self.indicator(iid)
        if ind.metric_value is None:
            return []
        pts = self.points(iid)
        xs = [x for x, y in pts if y > ind.score + EPS]
        return sorted(xs, key=lambda x: abs(x - ind.metric_value))


def amount_t(data: dict, path: tuple, unit: str) -> float | None:
    """An Amount of the record data converted to `unit`, or None where absent."""
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return convert(node["value"], node["unit"], unit, ".".join(path))


def planned(value: float, unit: str) -> dict:
    return {"value": max(value, 0.0), "unit": unit, "data_source": PLANNED, "quality": "estimated"}


def _scale(node: dict | None, factor: float) -> None:
    if node and "value" in node:
        node["value"] = node["value"] * factor


def ceil_to(x: float, step: float) -> float:
    """x rounded up to a multiple of step (shown figures are the applied ones)."""
    return round(math.ceil(x / step - 1e-9) * step, 6)


def linear_solve(ctx: Ctx, lever: str, a0: float, a1: float, indicators: tuple[str, ...]) -> list[float]:
    """Values of `a` in (a0, a1] where an indicator's metric (linear in a) meets a better reference
    point, read off the engine's result at a0 (the base) and at a1 (one probe)."""
    probe = ctx.probe(lever, a1)
    after = {i.id: i.metric_value for i in probe.indicators}
    out = []
    for iid in indicators:
        m0, m1 = ctx.indicator(iid).metric_value, after.get(iid)
        if m0 is None or m1 is None or abs(m1 - m0) < EPS:
            continue
        for x in ctx.better_targets(iid):
            t = (x - m0) / (m1 - m0)
            if 0 < t <= 1 + EPS:
                out.append(a0 + t * (a1 - a0))
    return out


@dataclass(frozen=True)
class Lever:
    id: str
    indicators: tuple[str, ...]  # what it moves (for the plan's description; effects are measured)
    unit: str  # unit of `a`
    candidates: Callable[[Ctx], list[float]]
    apply: Callable[[dict, float], None]
    action_zh: str  # templates with {a}, the lever's parameter as shown
    action_en: str
    show: Callable[[float], str] = lambda a: f"{a:,.0f}"
    effort: tuple[str, ...] = ()  # indicators whose rubric steps count as effort (default: indicators)
    texts: Callable[[float], dict] = lambda a: {}

    def action(self, a: float) -> tuple[str, str]:
        """(zh, en) words of the move with parameter a."""
        fields = {"a": self.show(a), **self.texts(a)}
        return self.action_zh.format(**fields), self.action_en.format(**fields)


# ---- qualitative indicators: one level after another (R-7.2: evidence is required) ---------------

def qualitative_lever(iid: str, rubric, catalog) -> Lever:
    rule = rubric.rule(iid)

    def candidates(ctx: Ctx) -> list[float]:
        now = ctx.indicator(iid).score
        return [float(lv) for lv, s in enumerate(rubric.qualitative_scores) if s > now + EPS]

    def apply(data: dict, a: float) -> None:
        level = int(a)
        text = rule.levels[level]
        data.setdefault("qualitative", {})[iid] = {
            "level": level, "evidence": f"{PLANNED}: {text.zh} / {text.en}"}

    ind = next(i for i in catalog.indicators if i.id == iid)
    return Lever(id=f"qualitative.{iid}", indicators=(iid,), unit="level", candidates=candidates, apply=apply,
                 action_zh=ind.name_zh + "提升至第{a}级（{text_zh}）并留存证明材料",
                 action_en=ind.name_en + ": reach level {a} ({text_en}) and keep the evidence",
                 show=lambda a: f"{a:.0f}", texts=lambda a: {"text_zh": rule.levels[int(a)].zh,
                                                             "text_en": rule.levels[int(a)].en})


# ---- resources (group G3) and green coverage -----------------------------------------------------

def _ratio_targets(ctx: Ctx, iid: str, step: float = 0.1) -> list[float]:
    """Percent targets above the indicator's metric, rounded up to `step` percentage points."""
    return [ceil_to(x, step) for x in ctx.better_targets(iid)]


def _set_waste_use(data: dict, pct: float) -> None:
    res = data.setdefault("resources", {})
    gen = amount_t(data, ("resources", "solid_waste_generated"), "t")
    if gen is not None:
        res["solid_waste_utilised"] = planned(gen * pct / 100, "t")


def _set_water_recycling(data: dict, pct: float) -> None:
    fresh = amount_t(data, ("resources", "fresh_water"), "m3")
    if fresh is not None and pct < 100:
        data["resources"]["recycled_water"] = planned(fresh * pct / (100 - pct), "m3")


def _set_green(data: dict, pct: float) -> None:
    total = amount_t(data, ("resources", "total_area"), "m2")
    if total is not None:
        data["resources"]["green_area"] = planned(total * pct / 100, "m2")


def _scale_waste(data: dict, cut_pct: float) -> None:
    res = data.get("resources", {})
    for key in ("solid_waste_generated", "solid_waste_utilised"):
        _scale(res.get(key), 1 - cut_pct / 100)


def _scale_fresh_water(data: dict, cut_pct: float) -> None:
    res = data.get("resources", {})
    for key in ("fresh_water", "recycled_water"):
        _scale(res.get(key), 1 - cut_pct / 100)


def _cuts(ctx: Ctx, iid: str) -> list[float]:
    """Percent cuts of an intensity (metric proportional to the cut) that meet better points."""
    m = ctx.indicator(iid).metric_value
    if not m or m <= 0:
        return []
    return [ceil_to((1 - x / m) * 100, 0.1) for x in ctx.better_targets(iid) if 0 < x < m]


def _has(key: str, unit: str) -> Callable[[Ctx], bool]:
    return lambda ctx: amount_t(ctx.data, ("resources", key), unit) is not None


def resource_levers() -> list[Lever]:
    gen, fresh, area = _has("solid_waste_generated", "t"), _has("fresh_water", "m3"), _has("total_area", "m2")
    return [
        Lever("solid_waste_utilisation", ("I10",), "%",
              lambda ctx: _ratio_targets(ctx, "I10") if gen(ctx) else [], _set_waste_use,
              "固体废弃物综合利用率提高到 {a}%", "raise solid-waste utilisation to {a}%", lambda a: f"{a:.1f}"),
        Lever("water_recycling", ("I11",), "%",
              lambda ctx: [x for x in _ratio_targets(ctx, "I11") if x < 100] if fresh(ctx) else [],
              _set_water_recycling, "水资源循环利用率提高到 {a}%（增加回用水）",
              "raise water recycling to {a}% (reuse more water)", lambda a: f"{a:.1f}"),
        Lever("waste_intensity", ("I12",), "%", lambda ctx: _cuts(ctx, "I12") if gen(ctx) else [], _scale_waste,
              "固体废弃物产生量减少 {a}%", "cut solid waste generated by {a}%", lambda a: f"{a:.1f}"),
        Lever("fresh_water", ("I13",), "%", lambda ctx: _cuts(ctx, "I13") if fresh(ctx) else [], _scale_fresh_water,
              "新水用量减少 {a}%", "cut fresh-water use by {a}%", lambda a: f"{a:.1f}"),
        Lever("green_coverage", ("I23",), "%", lambda ctx: _ratio_targets(ctx, "I23") if area(ctx) else [], _set_green,
              "绿化覆盖率提高到 {a}%", "raise green coverage to {a}%", lambda a: f"{a:.1f}"),
    ]


# ---- self-reduction, restoration sinks and offsets (tCO2e) --------------------------------------

def _add_reduction(data: dict, t: float) -> None:
    data.setdefault("reductions", []).append({"measure": "计划新增减排措施 / planned reduction measures",
                                              "kind": "other", "amount": planned(t, "t"),
                                              "evidence": PLANNED})


def _reduction_candidates(ctx: Ctx) -> list[float]:
    inv = ctx.result.inventory
    r, g = inv.reductions, inv.gross
    out = [p * g / (100 - p) - r for p in ctx.better_targets("I07") if p < 100]
    target = amount_t(ctx.data, ("targets", "reduction_target"), "t")
    if target:
        out += [p * target / 100 - r for p in ctx.better_targets("I09")]
    return [ceil_to(x, 1) for x in out if x > 0]


def _add_sink(data: dict, t: float) -> None:
    data.setdefault("removals", []).append({"kind": "restoration_sink", "amount": planned(t, "t"),
                                            "method": PLANNED, "evidence": PLANNED})


def _sink_candidates(ctx: Ctx) -> list[float]:
    inv = ctx.result.inventory
    s = inv.removals_by_kind.get("restoration_sink", 0.0)
    return [ceil_to(p * inv.gross / 100 - s, 1) for p in ctx.better_targets("I20") if p * inv.gross / 100 > s]


def add_credits(data: dict, t: float) -> None:
    """A planned credit that the engine counts (recognised, retired for this mine, current vintage)."""
    year = data["period"]["year"]
    n = len(data.get("offsets", []))
    data.setdefault("offsets", []).append({
        "programme": "CCER", "project_id": "PLANNED", "serial_start": f"PLANNED-{year}-{n:03d}",
        "vintage": year, "quantity": max(math.ceil(t - 1e-9), 1), "retirement_date": f"{year}-12-31",
        "beneficiary": data["mine"]["name_zh"], "evidence": PLANNED})


def _credit_candidates(ctx: Ctx) -> list[float]:
    inv = ctx.result.inventory
    if inv.residual <= 0:
        return []
    return [math.ceil(p * inv.residual / 100 - inv.offsets) for p in ctx.better_targets("I21")
            if p * inv.residual / 100 > inv.offsets + EPS]


def carbon_levers() -> list[Lever]:
    return [
        Lever("self_reduction", ("I07", "I09"), "tCO2e", _reduction_candidates, _add_reduction,
              "新增自主减排量 {a} tCO2e（节能、燃料替代、瓦斯利用等措施，经核算）",
              "achieve {a} tCO2e more self-reduction (efficiency, fuel switch, methane use; documented)"),
        Lever("restoration_sink", ("I20", "I24"), "tCO2e", _sink_candidates, _add_sink,
              "新增生态修复固碳量 {a} tCO2e（复垦、植被恢复，经监测）",
              "add {a} tCO2e of restoration sequestration (reclamation, revegetation; monitored)",
              effort=("I20",)),
        Lever("offsets", ("I21",), "tCO2e", _credit_candidates, add_credits,
              "再注销 {a} tCO2e 碳信用", "retire {a} tCO2e more credits"),  # 注销 … when none counts yet (planner)
    ]


# ---- energy and emissions: efficiency, green power, methane -------------------------------------

GROSS = ("I01", "I02", "I03", "I04")


def _cut_energy(data: dict, cut_pct: float) -> None:
    k = 1 - cut_pct / 100
    for f in data.get("fuels", []):
        _scale(f, k)
    el = data.get("electricity", {})
    for key in ("purchased", "exported", "onsite_renewable", "green_power"):
        _scale(el.get(key), k)
    _scale(data.get("heat", {}).get("purchased"), k)


def _green_share(data: dict, pct: float) -> None:
    """Green power set to `pct` % of net purchased electricity (certificates kept)."""
    el = data.get("electricity", {})
    net = (amount_t(data, ("electricity", "purchased"), "MWh") or 0.0) - (
        amount_t(data, ("electricity", "exported"), "MWh") or 0.0)
    certs = sum(convert(c["quantity"]["value"], c["quantity"]["unit"], "MWh") for c in el.get("green_certificates", []))
    want = max(net, 0.0) * pct / 100 - certs
    now = amount_t(data, ("electricity", "green_power"), "MWh") or 0.0
    if want > now:
        el["green_power"] = planned(want, "MWh")


def _green_now(data: dict) -> float | None:
    el = data.get("electricity", {})
    net = (amount_t(data, ("electricity", "purchased"), "MWh") or 0.0) - (
        amount_t(data, ("electricity", "exported"), "MWh") or 0.0)
    if net <= 0:
        return None
    certs = sum(convert(c["quantity"]["value"], c["quantity"]["unit"], "MWh") for c in el.get("green_certificates", []))
    return min((amount_t(data, ("electricity", "green_power"), "MWh") or 0.0) + certs, net) / net * 100


def _green_candidates(ctx: Ctx) -> list[float]:
    now = _green_now(ctx.data)
    if now is None or now >= 100 - EPS:
        return []
    return [min(ceil_to(a, 0.1), 100.0) for a in linear_solve(ctx, "green_power", now, 100.0, ("I19", *GROSS))]


def _flare_drained(data: dict, pct: float) -> None:
    """Flare `pct` % of the drained CH4 that is still vented."""
    cmm = data.get("coal_mine_methane") or {}
    left = _vented_drainage(data)
    if left and left > 0:
        flared = amount_t(data, ("coal_mine_methane", "flared"), "万Nm3") or 0.0
        cmm["flared"] = planned(flared + left * pct / 100, "万Nm3")


def _vented_drainage(data: dict) -> float | None:
    if data["mine"]["category"] != "coal_underground" or not data.get("coal_mine_methane"):
        return None
    drained = amount_t(data, ("coal_mine_methane", "drainage"), "万Nm3")
    if drained is None:
        return None
    used = sum(amount_t(data, ("coal_mine_methane", k), "万Nm3") or 0.0
               for k in ("flared", "utilised_onsite", "utilised_offsite"))
    return drained - used


def _flare_candidates(ctx: Ctx) -> list[float]:
    left = _vented_drainage(ctx.data)
    if not left or left <= EPS:
        return []
    return [min(ceil_to(a, 0.1), 100.0) for a in linear_solve(ctx, "methane_flaring", 0.0, 100.0, GROSS)]


def _efficiency_candidates(ctx: Ctx) -> list[float]:
    return [ceil_to(a, 0.1) for a in linear_solve(ctx, "energy_efficiency", 0.0, 50.0, ("I05", "I06", *GROSS))]


def energy_levers() -> list[Lever]:
    pct = lambda a: f"{a:.1f}"  # noqa: E731
    return [
        Lever("energy_efficiency", ("I05", "I06", *GROSS), "%", _efficiency_candidates, _cut_energy,
              "能源消费总量降低 {a}%（燃料、电力、热力同比例节约）",
              "cut energy use by {a}% (fuels, electricity and heat alike)", pct, effort=("I01", "I02", "I05", "I06")),
        Lever("green_power", ("I19", *GROSS), "%", _green_candidates, _green_share,
              "绿电（含绿证）占购入电量比例提高到 {a}%", "raise green power (incl. certificates) to {a}% of purchased electricity",
              pct, effort=("I01", "I02", "I19")),
        Lever("methane_flaring", GROSS, "%", _flare_candidates, _flare_drained,
              "将尚在排空的抽采瓦斯的 {a}% 火炬燃烧或利用", "flare or use {a}% of the drained methane still vented", pct,
              effort=("I01", "I02")),
    ]


def all_levers(methodology) -> list[Lever]:
    """Every lever, quantitative first; qualitative ones per catalog order."""
    quals = [qualitative_lever(i.id, methodology.rubric, methodology.catalog) for i in methodology.catalog.indicators
             if i.nature == "qualitative"]
    return [*energy_levers(), *carbon_levers(), *resource_levers(), *quals]
