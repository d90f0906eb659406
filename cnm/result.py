"""The assessment result and the pipeline that produces it: record -> inventory -> scores -> grade.

`Result.contract()` is the public JSON contract (docs/reference/result.md, versioned by
`schema_version`): methodology, inventory, energy_tce, indicators, groups, levels, total,
grade, plus detail (lines, credits, findings, trace) for reports and assessors.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from cnm.accounting.inventory import Inventory, account, output_in
from cnm.errors import InputErrors, Problem
from cnm.findings import Finding, is_blocking
from cnm.grading import grade, grade_by_offset, grade_by_score, grade_en
from cnm.metrics import Facts
from cnm.previous import PreviousFigures, resolve_previous, rising_intensity, year_to_date_reductions
from cnm.provenance import provenance_findings
from cnm.record import Record
from cnm.scoring import GroupScore, IndicatorScore, LevelScore, aggregate, score_indicators
from cnm.trace import TraceItem, inp

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


class Result(BaseModel):
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

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "info"]

    def trace(self) -> list[TraceItem]:
        """Every computed figure with its formula, inputs and factor sources (R-4.1)."""
        inv = self.inventory
        items = [TraceItem(key=f"line.{ln.key}", label_zh=ln.label_zh, label_en=ln.label_en, value=ln.tco2e,
                           unit="tCO2e", formula=ln.formula, inputs=ln.inputs, factors=ln.factors)
                 for ln in inv.lines]
        items += [TraceItem(key=f"energy.{e.key}", label_zh=e.label_zh, label_en=e.label_en, value=e.tce,
                            unit="tce", formula=e.formula, inputs=e.inputs, factors=e.factors)
                  for e in inv.energy_lines]
        s2 = "scope2_market" if inv.scope2_basis == "market" else "scope2_location"
        items += [
            TraceItem(key="inventory.gross", label_zh="排放总量", label_en="Gross emissions", value=inv.gross,
                      unit="tCO2e", formula=f"scope1 + {s2}" + (" + scope3" if inv.scope3_included else ""),
                      inputs=(inp("scope1", inv.scope1, "tCO2e"), inp(s2, getattr(inv, s2), "tCO2e"),
                              inp("scope3", inv.scope3 if inv.scope3_included else 0.0, "tCO2e"))),
            TraceItem(key="inventory.residual", label_zh="剩余排放量", label_en="Residual emissions", value=inv.residual,
                      unit="tCO2e", formula="gross - in-boundary removals (G-6)",
                      inputs=(inp("gross", inv.gross, "tCO2e"), inp("removals", inv.removals, "tCO2e"))),
            TraceItem(key="inventory.offset_share", label_zh="抵消比例", label_en="Offset share", value=inv.offset_share,
                      unit="fraction", formula="valid offsets / residual (1 when residual <= 0)",
                      inputs=(inp("offsets", inv.offsets, "tCO2e"), inp("residual", inv.residual, "tCO2e"))),
        ]
        items += [TraceItem(key=f"indicator.{i.id}", label_zh=i.name_zh, label_en=i.name_en, value=i.score,
                            unit="points", formula=f"{i.metric}: {i.formula}", inputs=i.inputs) for i in self.indicators]
        items.append(TraceItem(key="total", label_zh="综合评价得分", label_en="Total score", value=self.total,
                               unit="points", formula="Z = sum q_f x Q_f, Q_f = sum k_i x M_i (R-9.1)",
                               inputs=tuple(inp(g.id, g.score, "points") for g in self.groups)))
        return items

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
        target_reductions=target_reductions, target_note="year to date" if target_reductions is not None else "",
    )


def assess(record: Record, methodology=None, history: Iterable[Record] | None = None) -> Result:
    """Assess one record; InputErrors lists every located error (units, unknown sources...).

    `history`: records of earlier periods (other mines' records are ignored). With it the
    year-on-year indicators are recomputed from them and the stated previous block is checked
    (cnm.previous); without it the stated block is used.
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
    indicators, score_findings = score_indicators(facts_for(record, inventory, m, previous, ytd), m)
    if history is not None:
        history_findings += ytd_findings + rising_intensity(indicators, previous)
    groups, levels, total = aggregate(indicators, m.catalog)
    bands = m.parameters.grades
    return Result(record=record, methodology=m.info(), inventory=inventory, indicators=indicators, groups=groups,
                  levels=levels, total=total, grade=grade(total, inventory.offset_share, bands),
                  grade_by_score=grade_by_score(total, bands), grade_by_offset=grade_by_offset(inventory.offset_share, bands),
                  findings=findings + history_findings + score_findings + provenance_findings(record))
