"""Scores: each indicator 0..100 by the rubric (G-1), then formulas (1) and (2) of R-9.1.

(1) level-2 score  Q_f = sum_i k_i x M_i   (k_i: weight within the group, as a fraction)
(2) total          Z   = sum_f q_f x Q_f   (q_f: the group's share of the total, as a fraction)
Level-1 subtotals are the share-weighted mean of their groups (0..100) and their points.
Qualitative indicators score by level (0..4); a level without evidence scores 0 (R-7.2).
"""

from __future__ import annotations

from pydantic import BaseModel

from cnm.findings import Finding, make
from cnm.metrics import METRICS, VALUES, Facts, Missing
from cnm.rubric import interpolate
from cnm.trace import TraceInput


class IndicatorScore(BaseModel):
    id: str
    name_zh: str
    name_en: str
    nature: str
    group: str
    weight: float
    value: float | None
    unit: str
    metric: str
    metric_value: float | None
    metric_unit: str = ""
    score: float
    level: int | None = None
    evidence: str | None = None
    level_zh: str | None = None
    level_en: str | None = None
    formula: str = ""
    inputs: tuple[TraceInput, ...] = ()
    formula_zh: str = ""


class GroupScore(BaseModel):
    id: str
    name_zh: str
    name_en: str
    level: str
    share: float
    score: float
    points: float


class LevelScore(BaseModel):
    id: str
    name_zh: str
    name_en: str
    share: float
    score: float
    points: float


def _qualitative(ind, group, rule, record, rubric, findings: list[Finding]) -> IndicatorScore:
    entry = record.qualitative.get(ind.id)
    loc = f"qualitative.{ind.id}"
    if entry is None:
        findings.append(make("qualitative-missing", loc, indicator=ind.id))
        level, evidence, score = 0, None, rubric.qualitative_scores[0]
    else:
        level, evidence = entry.level, (entry.evidence or "").strip() or None
        score = rubric.qualitative_scores[level]
        if evidence is None and level > 0:
            findings.append(make("qualitative-no-evidence", f"{loc}.evidence", indicator=ind.id, level=level))
            score = rubric.qualitative_without_evidence_score
    text = rule.levels[level]
    return IndicatorScore(id=ind.id, name_zh=ind.name_zh, name_en=ind.name_en, nature=ind.nature, group=group.id,
                          weight=ind.weight, value=float(level), unit="level", metric="qualitative",
                          metric_value=float(level), metric_unit="level", score=float(score), level=level,
                          evidence=evidence, level_zh=text.zh, level_en=text.en,
                          formula=f"score of level {level} = {score:g}" + ("" if evidence or level == 0 else
                                                                           " (no evidence: 0)"),
                          formula_zh=f"等级 {level} 的得分 = {score:g}" + ("" if evidence or level == 0 else
                                                                      "（无证明材料：0）"))


def _quantitative(ind, group, rule, facts: Facts, findings: list[Finding]) -> IndicatorScore:
    value = metric = None
    unit = ind.unit
    metric_unit, formula, formula_zh, inputs = "", "", "", ()
    try:
        v = VALUES[ind.id](facts)
        value, unit = v.value, v.unit
        m = METRICS[rule.metric](facts)
        metric, metric_unit, formula, formula_zh, inputs = m.value, m.unit, m.formula, m.formula_zh, m.inputs
    except Missing as miss:
        loc = miss.what if miss.code == "missing-input" else ("targets.reduction_target" if miss.code == "no-target"
                                                              else "previous")
        findings.append(make(miss.code, loc, what=miss.what) if miss.code == "missing-input" else make(miss.code, loc))
    score = interpolate(rule.points_for(facts.record.mine.category), metric) if metric is not None else 0.0
    return IndicatorScore(id=ind.id, name_zh=ind.name_zh, name_en=ind.name_en, nature=ind.nature, group=group.id,
                          weight=ind.weight, value=value, unit=unit, metric=rule.metric, metric_value=metric,
                          metric_unit=metric_unit, score=score, formula=formula, formula_zh=formula_zh, inputs=inputs)


def score_indicator(ind, group, facts: Facts, methodology, findings: list[Finding]) -> IndicatorScore:
    """Score one indicator of `group` (a catalog group); findings are appended to `findings`."""
    rubric = methodology.rubric
    rule = rubric.rule(ind.id)
    if ind.nature == "qualitative":
        return _qualitative(ind, group, rule, facts.record, rubric, findings)
    return _quantitative(ind, group, rule, facts, findings)


def score_indicators(facts: Facts, methodology) -> tuple[list[IndicatorScore], list[Finding]]:
    """Score all indicators of the catalog, in Table A.1 order."""
    findings: list[Finding] = []
    out = [score_indicator(ind, group, facts, methodology, findings)
           for group in methodology.catalog.groups for ind in group.indicators]
    return out, findings


def aggregate(indicators: list[IndicatorScore], catalog) -> tuple[list[GroupScore], list[LevelScore], float]:
    """Formulas (1) and (2): group scores, level subtotals and the total (0..100)."""
    by_id = {i.id: i for i in indicators}
    groups, levels = [], []
    total = 0.0
    for lv in catalog.levels:
        lv_points = 0.0
        for g in lv.groups:
            q = sum(ind.weight / 100 * by_id[ind.id].score for ind in g.indicators)  # (1)
            pts = g.share / 100 * q  # term of (2)
            groups.append(GroupScore(id=g.id, name_zh=g.name_zh, name_en=g.name_en, level=lv.id,
                                     share=g.share, score=q, points=pts))
            lv_points += pts
        total += lv_points
        levels.append(LevelScore(id=lv.id, name_zh=lv.name_zh, name_en=lv.name_en, share=lv.share,
                                 score=lv_points / lv.share * 100 if lv.share else 0.0, points=lv_points))
    return groups, levels, total
