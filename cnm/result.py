"""The assessment result and the pipeline that produces it: record -> inventory -> scores -> grade.

`Result.contract()` is the public JSON contract (docs/reference/result.md, versioned by
`schema_version`): methodology, inventory, energy_tce, indicators, groups, levels, total,
grade, plus detail (lines, credits, findings, trace) for reports and assessors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pydantic import BaseModel, PrivateAttr

from cnm.accounting.inventory import Inventory, account, output_in
from cnm.errors import InputErrors, Problem, UnitError
from cnm.findings import Finding, is_blocking
from cnm.grading import GradedFigures, grade, grade_by_offset, grade_by_score, grade_en
from cnm.metrics import Facts
from cnm.previous import (
    PreviousFigures,
    earlier_keys,
    grid_changed,
    resolve_previous,
    rising_intensity,
    year_to_date_reductions,
)
from cnm.provenance import data_inputs, provenance_findings
from cnm.record import Record
from cnm.scoring import GroupScore, IndicatorScore, LevelScore, aggregate, score_indicators
from cnm.trace import (
    CLAUSE,
    FIGURES_ZH,
    RecordAmount,
    TraceBasis,
    TraceItem,
    attach_sources,
    category_cite,
    exact_decimals,
    figure,
    grade_items,
    inp,
    item,
    metric_item,
    neutrality_items,
    offset_share_item,
    rubric_step,
    score_items,
    see,
    trace_basis,
)
from cnm.units import convert
from cnm.vocabulary import words

RESULT_SCHEMA = "cnm-result/1"


def scores_contract(r, indicator=None) -> dict:
    """The contract's energy, indicator, subtotal, total, grade and finding keys, shared by a mine's
    Result and a group's GroupResult (`indicator` maps one IndicatorScore to its dict)."""
    inv = r.inventory
    return {
        "energy_tce": inv.energy_tce,
        "energy": {"total_tce": inv.energy_tce, "electricity_tce": inv.electricity_tce,
                   "renewable_tce": inv.renewable_tce},
        "indicators": [(indicator or indicator_contract)(i) for i in r.indicators],
        "groups": [g.model_dump() for g in r.groups],
        "levels": [lv.model_dump() for lv in r.levels],
        "total": r.total,
        "grade": r.grade,
        "grade_en": grade_en(r.grade),
        "grade_by_score": r.grade_by_score,
        "grade_by_offset": r.grade_by_offset,
        "findings": [f.model_dump() for f in r.findings],
    }


def indicator_contract(i: IndicatorScore) -> dict:
    """One indicator as the public contract shows it."""
    return {"id": i.id, "name_zh": i.name_zh, "name_en": i.name_en, "value": i.value, "unit": i.unit,
            "score": i.score, "weight": i.weight, "group": i.group, "nature": i.nature,
            "metric": i.metric, "metric_value": i.metric_value, "metric_unit": i.metric_unit,
            **({"level": i.level, "evidence": i.evidence} if i.nature == "qualitative" else {})}


def record_amounts(record: Record) -> list[RecordAmount]:
    """The record's amounts with path, data source and quality tier (the previous period's excluded)."""
    return [RecordAmount(loc=d.loc, value=d.value, unit=d.unit, data_source=d.data_source, quality=d.quality)
            for d in data_inputs(record) if not d.loc.startswith("previous")]


def _tco2e(amount, loc: str) -> float | None:
    try:
        return convert(amount.value, amount.unit, "t", loc)
    except UnitError:  # assess() already refused a unit that does not fit
        return None


def _cite(a, loc: str) -> dict[str, str]:
    """The source of a record amount as `inp` takes it: {source, source_zh}."""
    ra = RecordAmount(loc=loc, value=a.value, unit=a.unit, data_source=a.data_source, quality=a.quality)
    return {"source": ra.cite(), "source_zh": ra.cite_zh()}


def _credit_cite(c) -> dict[str, str]:
    """Whether a credit counts and, if not, why (its findings: codes in English, messages in Chinese)."""
    where = f"offsets[{c.index}]"
    if c.counted:
        return {"source": f"{where}: counted", "source_zh": f"{where}：计入"}
    return {"source": f"{where}: not counted: " + ", ".join(f.code for f in c.findings),
            "source_zh": f"{where}：不计入：" + "；".join(f.message_zh for f in c.findings)}


def inventory_trace(inv: Inventory, record: Record) -> list[TraceItem]:
    """Scope totals, gross, removals, reductions, residual, offsets, offset share, neutrality per
    scope and energy totals, each from the lines or record amounts it sums (G-6)."""
    t = "tCO2e"

    def lines(pred):
        return tuple(inp(ln.key, ln.tco2e, t, see(f"line.{ln.key}")) for ln in inv.lines if pred(ln))

    s2 = "scope2_market" if inv.scope2_basis == "market" else "scope2_location"
    kinds = words("removal_kind")
    removals = tuple(inp(f"removals[{k}] {kinds.get(r.kind, (r.kind, r.kind))[1]}", _tco2e(r.amount, f"removals[{k}]"),
                         t, **_cite(r.amount, f"removals[{k}].amount"),
                         zh=f"removals[{k}] {kinds.get(r.kind, (r.kind, r.kind))[0]}")
                     for k, r in enumerate(record.removals))
    reductions = tuple(inp(f"reductions[{k}] {r.measure}", _tco2e(r.amount, f"reductions[{k}]"), t,
                           **_cite(r.amount, f"reductions[{k}].amount")) for k, r in enumerate(record.reductions))
    credits = tuple(inp(f"offsets[{c.index}] {c.credit.programme} {c.credit.serial_start or c.credit.project_id or ''}".strip(),
                        c.quantity, t, **_credit_cite(c))
                    for c in inv.credits)
    energy = [(e, inp(e.key, e.tce, "tce", see(f"energy.{e.key}"))) for e in inv.energy_lines]
    gross_of = ["scope1", s2, *(["scope3"] if inv.scope3_included else [])]
    return [
        item("inventory.scope1", FIGURES_ZH["scope1"], "Scope 1 emissions", inv.scope1, t, "sum of the Scope 1 lines",
             lines(lambda ln: ln.scope == 1), formula_zh="范围一各排放源排放量之和"),
        item("inventory.scope2_location", FIGURES_ZH["scope2_location"], "Scope 2 emissions (location-based)",
             inv.scope2_location, t, "sum of the Scope 2 lines, location-based",
             lines(lambda ln: ln.scope == 2 and ln.basis in ("location", "both")),
             formula_zh="范围二各排放源排放量之和（基于位置）"),
        item("inventory.scope2_market", FIGURES_ZH["scope2_market"], "Scope 2 emissions (market-based)",
             inv.scope2_market, t, "sum of the Scope 2 lines, market-based",
             lines(lambda ln: ln.scope == 2 and ln.basis in ("market", "both")),
             formula_zh="范围二各排放源排放量之和（基于市场）"),
        item("inventory.scope3", FIGURES_ZH["scope3"], "Scope 3 emissions", inv.scope3, t,
             "sum of the Scope 3 lines (in gross only where the boundary declares Scope 3)",
             lines(lambda ln: ln.scope == 3), formula_zh="范围三各排放源排放量之和（仅当核算边界纳入范围三时计入排放总量）"),
        item("inventory.gross", FIGURES_ZH["gross"], "Gross emissions", inv.gross, t, " + ".join(gross_of),
             (figure("scope1", inv.scope1), figure(s2, getattr(inv, s2)),
              figure("scope3", inv.scope3 if inv.scope3_included else 0.0)),
             formula_zh=" + ".join(FIGURES_ZH[x] for x in gross_of)),
        item("inventory.removals", FIGURES_ZH["removals"], "In-boundary removals", inv.removals, t,
             "sum of the in-boundary removals (self-reduction)", removals,
             formula_zh="边界内各项移除量之和（属自身减排）"),
        item("inventory.reductions", FIGURES_ZH["reductions"], "Self-achieved reductions", inv.reductions, t,
             "sum of the reductions against their baselines (I07; not subtracted from gross)", reductions,
             formula_zh="各减排措施相对其基准的减排量之和（I07；不从排放总量中扣除）"),
        item("inventory.residual", FIGURES_ZH["residual"], "Residual emissions", inv.residual, t,
             "gross - in-boundary removals", (figure("gross", inv.gross), figure("removals", inv.removals)),
             formula_zh=f"{FIGURES_ZH['gross']} - {FIGURES_ZH['removals']}"),
        item("inventory.offsets", FIGURES_ZH["offsets"], "Valid offsets", inv.offsets, t,
             "sum of the credits that count: recognised, retired for this mine, within validity, serials once "
             f"({CLAUSE['indicators'][1]})", credits,
             formula_zh="计入的碳信用之和：机制获认可、已为本矿山注销、在有效期内、同一序列号只计一次"
                        f"（{CLAUSE['indicators'][0]}）"),
        offset_share_item(inv),
        *neutrality_items(inv, s2, getattr(inv, s2)),
        item("energy_tce", FIGURES_ZH["energy_tce"], "Total energy consumption", inv.energy_tce, "tce",
             "sum of the energy lines (GB/T 2589)", tuple(x for _, x in energy),
             formula_zh="各能源品种折标准煤量之和（GB/T 2589）"),
        item("energy.electricity_tce", "电力消费量（折标煤）", "Electricity (tce)", inv.electricity_tce, "tce",
             "sum of the electricity energy lines", tuple(x for e, x in energy if e.kind == "electricity"),
             formula_zh="电力折标准煤量之和"),
        item("energy.renewable_tce", "可再生能源消费量（折标煤）", "Renewable energy (tce)", inv.renewable_tce, "tce",
             "sum of the renewable energy lines", tuple(x for e, x in energy if e.renewable),
             formula_zh="可再生能源折标准煤量之和"),
    ]


def _factor_params(inputs, factors):
    """A combustion line's NCV, CC and OF cite the one factor they come from (none is cited when the
    mine's own measured values share the line with a default factor)."""
    if len(factors) != 1:
        return inputs
    cited = {"source": factors[0].source, "source_zh": factors[0].source_zh}
    return tuple(x.model_copy(update=cited) if x.name in ("NCV", "CC", "OF") and not x.source else x for x in inputs)


#: A metric input (by its name in cnm.metrics) that is a figure of the inventory: (attribute, trace key).
_FIGURES = {"gross": ("gross", "inventory.gross"), "reductions": ("reductions", "inventory.reductions"),
            "achieved": ("reductions", "inventory.reductions"), "offset share": ("offset_share", "inventory.offset_share"),
            "energy": ("energy_tce", "energy_tce"), "total energy": ("energy_tce", "energy_tce"),
            "electricity": ("electricity_tce", "energy.electricity_tce"),
            "renewable": ("renewable_tce", "energy.renewable_tce")}


#: The metrics that score an absolute total against a budget (cnm.metrics): the TraceBasis field
#: naming the unit of the category's reference intensity, and the unit of the total, its cap and its budget.
_BUDGET_UNITS = {"emissions_vs_budget": ("intensity_unit", "tCO2e"), "energy_vs_budget": ("energy_intensity_unit", "tce")}


def _cite_figures(inputs, inv: Inventory, basis: TraceBasis | None, metric: str = ""):
    """A metric's inputs that are figures of the inventory cite their trace entry (by name, and only
    when the value is that figure's: a year-to-date sum is not the period's); the category's
    reference intensity cites the rubric, in its unit (kgCO2e/t, kgce/t: the category's intensity
    units), and an emissions total or cap is in tCO2e (cnm.metrics passes 'per output unit' and 't')."""
    out = []
    ref_unit, total_unit = _BUDGET_UNITS.get(metric, ("", ""))
    for x in inputs:
        if not x.source and isinstance(x.value, int | float):
            attr, key = _FIGURES.get(x.name, (None, None))
            if attr and math.isclose(getattr(inv, attr), x.value, rel_tol=1e-12):
                x = x.model_copy(update={"source": see(key)})
            elif x.name == "reference" and basis:
                x = x.model_copy(update=dict(zip(("source", "source_zh"), category_cite(basis), strict=True)))
        if x.name == "reference" and basis and getattr(basis, ref_unit, ""):
            x = x.model_copy(update={"unit": getattr(basis, ref_unit), "unit_zh": "",
                                     "decimals": exact_decimals(x.value)})
        elif total_unit and x.name in ("gross", "energy", "cap") and x.unit in ("t", "tce"):
            x = x.model_copy(update={"unit": total_unit})
        out.append(x)
    return tuple(out)


def _with_metric_digits(inputs, metric: str, decimals: int | None):
    """The offset share a percentage metric is computed from (I21: share x 100) printed to the
    metric's digits, two more as a fraction; other inputs as they are."""
    if metric != "offset_share" or decimals is None:
        return inputs
    return tuple(x.model_copy(update={"decimals": decimals + 2}) if x.unit == "fraction" else x for x in inputs)


class Result(GradedFigures, BaseModel):
    """Everything computed for one record under one methodology."""

    record: Record
    methodology: dict[str, str]
    inventory: Inventory
    indicators: list[IndicatorScore]
    groups: list[GroupScore]
    levels: list[LevelScore]
    total: float
    grade: str
    grade_by_score: str
    grade_by_offset: str
    findings: list[Finding]
    _trace_basis: TraceBasis | None = PrivateAttr(default=None)
    #: the figures the indicators were scored from (a group consolidation reuses them)
    _facts: Facts | None = PrivateAttr(default=None)
    #: keys of the earlier records it was assessed against (None: without history)
    _history: tuple[str, ...] | None = PrivateAttr(default=None)

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "info"]

    def trace(self) -> list[TraceItem]:
        """Every computed figure with its formula, inputs (with their data source and quality tier)
        and factor sources, down to the rubric step, formulas (1) and (2) and the grade (R-4.1)."""
        inv, amounts, cache = self.inventory, record_amounts(self.record), {}
        items = [TraceItem(key=f"line.{ln.key}", label_zh=ln.label_zh, label_en=ln.label_en, value=ln.tco2e,
                           unit="tCO2e", formula=ln.formula, formula_zh=ln.formula_zh, factors=ln.factors,
                           inputs=_factor_params(attach_sources(ln.inputs, amounts, ln.loc, ln.activity, cache),
                                                 ln.factors))
                 for ln in inv.lines]
        items += [TraceItem(key=f"energy.{e.key}", label_zh=e.label_zh, label_en=e.label_en, value=e.tce,
                            unit="tce", formula=e.formula, formula_zh=e.formula_zh, factors=e.factors,
                            inputs=attach_sources(e.inputs, amounts, e.loc, None, cache))
                  for e in inv.energy_lines]
        items += inventory_trace(inv, self.record)
        basis = self.trace_basis()
        for i in self.indicators:
            if i.nature != "qualitative":
                metric = metric_item(i, basis)
                ins = attach_sources(_cite_figures(i.inputs, inv, basis, i.metric), amounts, None, None, cache)
                items.append(metric.model_copy(update={"inputs": _with_metric_digits(ins, i.metric, metric.decimals)}))
            items.append(rubric_step(i, basis))
        items += score_items(self.groups, self.levels, self.total, self.indicators,
                             basis.methodology if basis else self.methodology.get("name", ""),
                             basis.methodology_en if basis else "")
        items += grade_items(self, inv.offset_share, basis)
        return items

    def trace_basis(self) -> TraceBasis | None:
        """The rubric points and grade bands the trace cites: those `assess` used, else the default
        methodology's when the result carries its hash; None when neither is known."""
        if self._trace_basis is None:
            from cnm.methodology import default_methodology

            m = default_methodology()
            if m.info().get("hash") == self.methodology.get("hash"):
                self._trace_basis = trace_basis(m, self.record.mine.category)
        return self._trace_basis

    def grade_bands(self) -> list:
        """The grade bands this result was graded against (GradeBand), [] when not known."""
        basis = self.trace_basis()
        if basis is None:
            return []
        from cnm.methodology import GradeBand

        return [GradeBand(grade=g, min_score=s, min_offset_share=o) for g, s, o in basis.bands]

    def contract(self, detail: bool = True) -> dict:
        """The public JSON contract (schema cnm-result/1)."""
        inv, rec = self.inventory, self.record
        out = {
            "schema_version": RESULT_SCHEMA,
            "methodology": self.methodology,
            "mine": {"id": rec.mine.id, "name_zh": rec.mine.name_zh, "name_en": rec.mine.name_en,
                     "category": rec.mine.category, "province": rec.mine.province,
                     "parent_group": rec.mine.parent_group},
            "period": rec.period.label,
            "inventory": {
                "scope1": inv.scope1, "scope2_location": inv.scope2_location, "scope2_market": inv.scope2_market,
                "scope3": inv.scope3, "gross": inv.gross, "removals": inv.removals, "residual": inv.residual,
                "reductions": inv.reductions, "offsets": inv.offsets, "offset_share": inv.offset_share, "scope2_basis": inv.scope2_basis,
                "scope3_included": inv.scope3_included, "neutrality": inv.neutrality,
                "by_gas": [g.model_dump() for g in inv.by_gas],
                "by_category": [c.model_dump() for c in inv.by_category],
            },
            **scores_contract(self),
        }
        if detail:
            out["lines"] = [ln.model_dump(mode="json") for ln in inv.lines]
            out["energy_lines"] = [e.model_dump(mode="json") for e in inv.energy_lines]
            out["credits"] = [{"row": c.index, "programme": c.credit.programme, "project_id": c.credit.project_id,
                               "serial_start": c.credit.serial_start, "serial_end": c.credit.serial_end,
                               "vintage": c.credit.vintage, "quantity": c.credit.quantity, "counted": c.counted,
                               "reasons": [f.code for f in c.findings]} for c in inv.credits]
            out["trace"] = [t.model_dump(mode="json") for t in self.trace()]
        return out


def facts_for(record: Record, inventory: Inventory, methodology, previous: PreviousFigures | None = None,
              target_reductions: float | None = None) -> Facts:
    """The figures the indicator metrics need (`previous`: the comparison period, cnm.previous)."""
    category = methodology.rubric.categories[record.mine.category]
    unit = category.output_unit
    return Facts(
        record=record, category=category, gross=inventory.gross, output=output_in(record, unit),
        energy_tce=inventory.energy_tce, electricity_tce=inventory.electricity_tce,
        renewable_tce=inventory.renewable_tce,
        reductions=inventory.reductions,
        restoration_sink=inventory.removals_by_kind.get("restoration_sink", 0.0),
        offsets=inventory.offsets, offset_share=inventory.offset_share,
        previous_gross=previous.gross if previous else None, previous_output=previous.output if previous else None,
        previous_period=previous.label if previous else None,
        previous_source=("recomputed from the record" if previous.source == "record" else "stated") if previous else "",
        previous_source_zh=("由上一期记录重算" if previous.source == "record" else "上一期填报值") if previous else "",
        target_reductions=target_reductions, target_note="year to date" if target_reductions is not None else "",
        target_note_zh="年初至今" if target_reductions is not None else "",
    )


def assess(record: Record, methodology=None, history: Iterable[Record] | None = None, *,
           provenance: bool = True) -> Result:
    """Assess one record; InputErrors lists every located error (units, unknown sources...).

    `history`: records of earlier periods (other mines' records are ignored). With it the
    year-on-year indicators are recomputed from them and the stated previous block is checked
    (cnm.previous); without it the stated block is used. `provenance=False` leaves out the
    findings on missing data sources and quality tiers (for re-assessments whose findings are
    not read, e.g. the planner's).
    """
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    inventory, findings = account(record, m)
    errors = [f for f in findings if is_blocking(f)]
    if errors:
        raise InputErrors(f"{record.key}", [Problem(loc=f.loc, message_en=f.message_en, message_zh=f.message_zh,
                                                    hint=f.hint_en, code=f.code) for f in errors])
    history = list(history) if history is not None else None
    previous, history_findings = resolve_previous(record, m, history)
    ytd, ytd_findings = year_to_date_reductions(record, inventory.reductions, m, history)
    facts = facts_for(record, inventory, m, previous, ytd)
    indicators, score_findings = score_indicators(facts, m)
    if history is not None:
        history_findings += ytd_findings + rising_intensity(indicators, previous) + grid_changed(inventory, previous)
    groups, levels, total = aggregate(indicators, m.catalog)
    bands = m.parameters.grades
    result = Result(record=record, methodology=m.info(), inventory=inventory, indicators=indicators, groups=groups,
                    levels=levels, total=total, grade=grade(total, inventory.offset_share, bands),
                    grade_by_score=grade_by_score(total, bands),
                    grade_by_offset=grade_by_offset(inventory.offset_share, bands),
                    findings=findings + history_findings + score_findings
                    + (provenance_findings(record) if provenance else []))
    result._trace_basis = trace_basis(m, record.mine.category)
    result._facts = facts
    result._history = earlier_keys(record, history)
    return result
