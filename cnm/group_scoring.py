"""The group's indicator scores (docs/reference/consolidate.md, "how the group is scored").

Rule, per indicator:

* recomputed: figures that add up (emissions, energy, reductions, sinks, offsets, waste, water,
  areas, output value, budgets, targets) are summed over the members at their consolidation
  shares, and the indicator's own metric (cnm.metrics) is computed from the sums: ratios of
  sums, never means of ratios. I01/I05 are scored against the sum of the members' budgets
  (each mine's cap, or its output x its category's reference), so a group is held to what its
  mines are held to.
* weighted mean: where the metric divides by physical output (intensities I02, I06, I12 and the
  intensity decline I03) and the members are of different categories, tonnes of coal and tonnes
  of limestone cannot be added; the group's score is then the mean of the members' scores
  weighted by their consolidated gross emissions. A group of one category recomputes them.
* qualitative indicators (I08, I14-I17, I22) are the mean of the members' scores weighted by
  consolidated gross emissions (management matters where the emissions are), unless the group
  file gives its own entry with evidence (e.g. the group's carbon department), which is scored
  as a mine's entry is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cnm.findings import Finding, make
from cnm.metrics import Facts, Missing, emission_budget, energy_budget
from cnm.record import Amount, Mine, Production, Record, Resources, Targets
from cnm.scoring import IndicatorScore, score_indicator
from cnm.trace import FIGURES_ZH, inp
from cnm.units import convert

#: Metrics that divide by physical output: comparable only within one mine category.
OUTPUT_BOUND = frozenset({"carbon_intensity", "intensity_decline", "energy_intensity", "waste_intensity"})

#: Resources fields summed for the group, with the unit they are summed in.
_RESOURCES = {"solid_waste_generated": "t", "solid_waste_utilised": "t", "fresh_water": "m3", "recycled_water": "m3",
              "total_area": "m2", "green_area": "m2", "restored_area": "m2"}


@dataclass
class MemberRun:
    """One member in the run: its record, result, facts and share."""

    mine: str
    share: float
    record: object  # Record
    result: object  # cnm.result.Result
    facts: Facts
    weight: float = 0.0  # share of the consolidated gross, for weighted means


def _total(runs: list[MemberRun], get, unit: str, what: str, findings: list[Finding]) -> Amount | None:
    """sum of share x amount in `unit` over the members that give it; a finding names those that do not."""
    values, lacking = [], []
    for run in runs:
        a = get(run.record)
        if a is None:
            lacking.append(run.mine)
        else:
            values.append(run.share * convert(a.value, a.unit, unit, what))
    if not values:
        return None
    if lacking:
        findings.append(make("group-input-partial", what, mines=", ".join(lacking), what=what))
    return Amount(value=sum(values), unit=unit)


def _budget_total(runs: list[MemberRun], budget, unit: str, what: str, findings: list[Finding]) -> Amount | None:
    values, lacking = [], []
    for run in runs:
        try:
            values.append(run.share * budget(run.facts))
        except Missing:
            lacking.append(run.mine)
    if lacking:
        findings.append(make("group-input-partial", what, mines=", ".join(lacking), what=what))
    return Amount(value=sum(values), unit=unit) if values and sum(values) > 0 else None


def group_record(group, period, runs: list[MemberRun], methodology, findings: list[Finding]) -> Record:
    """The group's summed figures in a record's shape, so cnm.metrics applies to them unchanged.

    Output is summed only when all members are of one category (else it is 0 and the
    output-bound indicators are weighted means of the members' scores).
    """
    categories = {run.record.mine.category for run in runs}
    dominant = max(runs, key=lambda r: r.weight).record.mine.category if runs else "coal_underground"
    unit = methodology.rubric.categories[dominant].output_unit
    output = sum(run.share * run.facts.output for run in runs) if len(categories) == 1 else 0.0
    with_target = [r for r in runs if r.record.targets.reduction_target is not None]
    resources = {k: _total(runs, lambda rec, k=k: getattr(rec.resources, k), u, f"resources.{k}", findings)
                 for k, u in _RESOURCES.items()}
    return Record(
        mine=Mine(id=group.id, name_zh=group.name_zh, name_en=group.name_en, category=dominant),
        period=period,
        production=Production(output=Amount(value=output, unit=unit),
                              output_value=_total(runs, lambda rec: rec.production.output_value, "万元",
                                                  "production.output_value", findings)),
        resources=Resources(**{k: v for k, v in resources.items() if v is not None}),
        targets=Targets(
            emission_cap=_budget_total(runs, emission_budget, "t", "targets.emission_cap", findings),
            energy_cap=_budget_total(runs, energy_budget, "tce", "targets.energy_cap", findings),
            reduction_target=_total(with_target, lambda rec: rec.targets.reduction_target, "t",
                                    "targets.reduction_target", findings) if with_target else None),
        offsets=list(group.offsets), qualitative=dict(group.qualitative),
    )


def group_facts(record: Record, inv, runs: list[MemberRun], methodology, findings: list[Finding]) -> Facts:
    """Facts of the group: the consolidated inventory, the summed previous period and target."""
    single = len({run.record.mine.category for run in runs}) == 1
    prev_gross = prev_output = prev_label = None
    lacking = [run.mine for run in runs if run.facts.previous_gross is None]
    if lacking:
        findings.append(make("group-previous-incomplete", "previous", mines=", ".join(lacking)))
    elif runs:
        prev_gross = sum(run.share * run.facts.previous_gross for run in runs)
        prev_output = sum(run.share * (run.facts.previous_output or 0.0) for run in runs) if single else None
        prev_label = "/".join(dict.fromkeys(run.facts.previous_period for run in runs))
    targeted = [run for run in runs if run.record.targets.reduction_target is not None]
    if targeted and len(targeted) < len(runs):
        findings.append(make("group-target-partial", "targets.reduction_target",
                             mines=", ".join(r.mine for r in runs if r not in targeted)))
    achieved = sum(run.share * (run.facts.target_reductions if run.facts.target_reductions is not None
                                else run.facts.reductions) for run in targeted)
    category = methodology.rubric.categories[record.mine.category]
    return Facts(record=record, category=category, gross=inv.gross,
                 output=convert(record.production.output.value, record.production.output.unit,
                                category.output_unit, "production.output"),
                 energy_tce=inv.energy_tce, electricity_tce=inv.electricity_tce, renewable_tce=inv.renewable_tce,
                 reductions=inv.reductions, restoration_sink=inv.removals_by_kind.get("restoration_sink", 0.0),
                 offsets=inv.offsets, offset_share=inv.offset_share, previous_gross=prev_gross,
                 previous_output=prev_output, previous_period=prev_label,
                 previous_source="sum of the members' previous periods at current shares",
                 previous_source_zh="各成员上一期之和（按当前份额）",
                 target_reductions=achieved if targeted else None,
                 target_note="members with a target" if targeted else "",
                 target_note_zh="设有目标的成员" if targeted else "")


def _weighted(ind, group_id: str, runs: list[MemberRun]) -> IndicatorScore:
    """The mean of the members' scores weighted by consolidated gross emissions."""
    total_w = sum(r.weight for r in runs)
    weights = [(r, r.weight / total_w if total_w > 0 else 1 / len(runs)) for r in runs]
    scored = [(r, w, next(i for i in r.result.indicators if i.id == ind.id)) for r, w in weights]
    score = sum(w * i.score for _, w, i in scored)
    level = sum(w * (i.level or 0) for _, w, i in scored) if ind.nature == "qualitative" else None
    evidence = "; ".join(f"{r.mine}: {i.level} {i.evidence or '—'}" for r, _, i in scored)[:4000] if level is not None else None
    terms = " + ".join(f"{w:.3f}×{i.score:.1f} ({r.mine})" for r, w, i in scored)
    return IndicatorScore(
        id=ind.id, name_zh=ind.name_zh, name_en=ind.name_en, nature=ind.nature, group=group_id, weight=ind.weight,
        value=level, unit="level" if level is not None else ind.unit, metric="member_weighted_mean", metric_value=None,
        metric_unit="", score=score, evidence=evidence,
        formula=f"sum w_i x score_i, w = share of consolidated gross: {terms}",
        formula_zh=f"Σ w_i x 得分_i，w = 成员占合并排放总量的份额：{terms}",
        inputs=tuple(inp(f"{r.mine} score", i.score, "points", source=f"weight {w:.4f}", zh=f"{r.mine} 得分",
                         source_zh=f"权重 {w:.4f}")
                     for r, w, i in scored))


#: How a group's indicator is formed (GroupResult.basis), in (zh, en).
BASIS = {"recomputed": ("合并数据重算", "recomputed"), "weighted_mean": ("成员加权", "weighted mean"),
         "group_entry": ("集团填报", "group entry")}
_BUDGETS = ("sum of the members' budgets (share x cap, or share x output x category reference)",
            "各成员预算之和（份额 x 填报上限，或 份额 x 产量 x 类别参考强度）")
#: The group's I01 and I05 are scored against the sum of its members' budgets: (formula, formula_zh).
_BUDGET_NOTE = {"I01": (f"gross / {_BUDGETS[0]}", f"{FIGURES_ZH['gross']} / {_BUDGETS[1]}"),
                "I05": (f"energy / {_BUDGETS[0]}", f"{FIGURES_ZH['energy_tce']} / {_BUDGETS[1]}")}


def group_indicators(group, facts: Facts, runs: list[MemberRun], methodology
                     ) -> tuple[list[IndicatorScore], dict[str, str], list[Finding]]:
    """All indicators of the catalog for the group, how each was formed, and the findings."""
    mixed = len({run.record.mine.category for run in runs}) > 1
    out, basis, findings = [], {}, []
    for g in methodology.catalog.groups:
        for ind in g.indicators:
            rule = methodology.rubric.rule(ind.id)
            own_entry = ind.nature == "qualitative" and ind.id in group.qualitative
            if runs and ((ind.nature == "qualitative" and not own_entry) or (mixed and rule.metric in OUTPUT_BOUND)):
                out.append(_weighted(ind, g.id, runs))
                basis[ind.id] = "weighted_mean"
                continue
            scored = score_indicator(ind, g, facts, methodology, findings)
            if ind.id in _BUDGET_NOTE and scored.metric_value is not None:
                en, zh = _BUDGET_NOTE[ind.id]
                scored = scored.model_copy(update={"formula": en, "formula_zh": zh})
            out.append(scored)
            basis[ind.id] = "group_entry" if own_entry else "recomputed"
    return out, basis, findings


def with_weights(runs: list[MemberRun]) -> list[MemberRun]:
    """Set each member's weight: its share of the consolidated gross (equal shares if all are 0)."""
    total = sum(r.share * r.result.inventory.gross for r in runs)
    return [dataclasses.replace(r, weight=(r.share * r.result.inventory.gross / total) if total > 0
                                else r.share / max(sum(x.share for x in runs), 1e-12)) for r in runs]
