"""The report's content, language by language, taken from the core's result (R-10.1, R-10.2).

Every figure here is read from `Result` (its contract, trace, inventory and indicators), the
improvement `Plan`, or a core helper (`cnm.breakdown`, `cnm.provenance`); this module only
picks words and formats numbers. The HTML template and the DOCX writer print what it returns
and compute nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cnm.breakdown import gross_by_source
from cnm.grading import NOT_RATED, grade_en, score_text, share_text
from cnm.planner import Plan
from cnm.provenance import data_inputs, quality_tally
from cnm.result import Result
from cnm.units import convert
from report_builder import figures
from report_builder.evidence import indicator_evidence
from report_builder.labels import (
    BASIS,
    CONSOLIDATION,
    GAS,
    QUALITY,
    REDUCTION,
    REMOVAL,
    SCOPE,
    SEVERITY,
    aside,
    enum,
    has_gas_mass,
    input_label,
    labels,
    pick,
    unit,
)

QUIET_CODES = ("source-missing", "quality-missing")


@dataclass
class Review:
    """The review block (R-8.2): blank lines to sign unless given."""

    reviewer: str = ""
    date: str = ""
    opinion: str = ""


@dataclass
class ReportInput:
    """What one report is made of."""

    result: Result
    methodology: object
    plan: Plan | None = None
    history: list[Result] = field(default_factory=list)  # earlier periods of the same mine, oldest first
    review: Review = field(default_factory=Review)
    generated: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def num(v: float | None, digits: int = 2) -> str:
    """1234567.891 -> '1,234,567.89'; None -> '—'."""
    return "—" if v is None else f"{v:,.{digits}f}"


def pct(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v * 100:,.{digits}f}%"


def smart(v: float | None) -> str:
    """A measured value with the digits it deserves."""
    if v is None:
        return "—"
    if abs(v) < 5e-5:
        return "0"  # not "0.0000" (nor "-0.0000" for a rounding residue)
    a = abs(v)
    return num(v, 0 if a >= 10000 else 1 if a >= 100 else 2 if a >= 1 else 4)


def _g(grade: str, lang: str) -> str:
    return grade if lang == "zh" else grade_en(grade)


def _or(text, lang: str) -> str:
    return str(text) if text not in (None, "", []) else labels(lang)["not_given"]


def _basic(r: Result, m, lang: str) -> dict:
    rec, zh = r.record, lang == "zh"
    mine, a = rec.mine, rec.assessment
    cat = m.rubric.categories.get(mine.category)
    name = mine.name_zh if zh else (mine.name_en or mine.name_zh)
    alt = (mine.name_en or "") if zh else (mine.name_zh if mine.name_en else "")
    return {
        "name": name, "alt_name": alt, "id": mine.id, "code": _or(mine.code, lang),
        "category": (cat.name_zh if zh else cat.name_en) if cat else mine.category,
        "province": _or(mine.province, lang), "address": _or(mine.address, lang),
        "group": _or(mine.parent_group, lang), "responsible": _or(mine.responsible_person, lang),
        "contact": _or(mine.contact, lang), "commissioning": _or(a.commissioning_party, lang),
        "assessor": _or(a.assessor, lang), "lead_assessor": _or(a.lead_assessor, lang),
        "report_date": a.report_date.isoformat() if a.report_date else _or(None, lang),
        "standards": list(a.standards) or [_or(None, lang)],
        "reason": _or(a.reason, lang), "objectives": _or(a.objectives, lang),
    }


def _scope(r: Result, lang: str) -> dict:
    rec = r.record
    b, p = rec.boundary, rec.period
    sep = "、" if lang == "zh" else ", "
    return {
        "consolidation": enum(CONSOLIDATION, rec.mine.consolidation_approach, lang),
        "description": _or(b.description, lang), "scopes": sep.join(enum(SCOPE, s, lang) for s in b.scopes),
        "gases": sep.join(b.gases), "sources": _or(b.sources, lang), "activities": _or(b.activities, lang),
        "period": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(), "months": str(p.months),
    }


def _data(r: Result, m, lang: str) -> dict:
    rows = [{"loc": d.loc, "label": input_label(d.loc, r.record, m, lang), "value": smart(d.value),
             "unit": unit(d.unit, lang),
             "source": _or(d.data_source, lang), "quality": enum(QUALITY, d.quality or "unspecified", lang)}
            for d in data_inputs(r.record)]
    tally = [{"tier": enum(QUALITY, k, lang), "count": str(v)} for k, v in quality_tally(r.record).items()]
    return {"rows": rows, "tally": tally, "gwp": f"{m.gwp.name} ({m.gwp.source})",
            "factor_sets": [f"{s.id}: {s.document} ({s.year})" for s in m.factors.sets]}


def _inventory(r: Result, lang: str) -> dict:
    inv, zh = r.inventory, lang == "zh"
    basis = enum(BASIS, inv.scope2_basis, lang)
    s3 = ("（计入）" if inv.scope3_included else "（仅报告）") if zh else (" (counted)" if inv.scope3_included else
                                                                        " (reported only)")
    summary = [
        (("范围一 直接排放", "Scope 1 direct"), inv.scope1), (("范围二 基于位置", "Scope 2 location-based"), inv.scope2_location),
        (("范围二 基于市场", "Scope 2 market-based"), inv.scope2_market), (("范围三" + s3, "Scope 3" + s3), inv.scope3),
        ((f"排放总量（范围二{basis}）", f"Gross emissions (Scope 2 {basis})"), inv.gross),
        (("边界内移除量", "In-boundary removals"), inv.removals), (("剩余排放量", "Residual emissions"), inv.residual),
        (("有效抵消量", "Valid offsets"), inv.offsets),
    ]
    lines = [{"scope": enum(SCOPE, ln.scope, lang) + ("" if ln.basis == "both" else f" ({enum(BASIS, ln.basis, lang)})"),
              "source": ln.label_zh if zh else ln.label_en, "gas": enum(GAS, ln.gas, lang),
              "activity": f"{smart(ln.activity)} {ln.activity_unit}" if ln.activity is not None else "—",
              "gas_t": smart(ln.gas_t) if has_gas_mass(ln.gas) else "—", "tco2e": smart(ln.tco2e), "data_source": _or(ln.data_source, lang),
              "quality": enum(QUALITY, ln.quality or "unspecified", lang)} for ln in inv.lines]
    return {
        "summary": [{"label": pick(lbl, lang), "value": smart(v)} for lbl, v in summary],
        "by_gas": [{"gas": enum(GAS, g.gas, lang), "gas_t": smart(g.gas_t) if has_gas_mass(g.gas) else "—",
                    "tco2e": smart(g.tco2e)} for g in inv.by_gas],
        "lines": lines,
        "energy": [{"source": e.label_zh if zh else e.label_en, "tce": smart(e.tce)} for e in inv.energy_lines],
        "energy_total": smart(inv.energy_tce), "gross": smart(inv.gross),
    }


def _reductions(r: Result, lang: str) -> dict:
    rec, inv = r.record, r.inventory
    red = [{"measure": x.measure, "kind": enum(REDUCTION, x.kind, lang), "amount": smart(x.amount.value) + (
        "" if x.amount.unit == "t" else f" {x.amount.unit}"), "baseline": _or(x.baseline, lang),
            "evidence": _or(x.evidence, lang)} for x in rec.reductions]
    rem = [{"kind": enum(REMOVAL, x.kind, lang), "amount": smart(x.amount.value) + (
        "" if x.amount.unit == "t" else f" {x.amount.unit}"), "method": _or(x.method, lang),
            "evidence": _or(x.evidence, lang)} for x in rec.removals]
    return {"reductions": red, "reductions_total": smart(inv.reductions), "removals": rem,
            "removals_total": smart(inv.removals)}


def _offsets(r: Result, bands, lang: str) -> dict:
    words = labels(lang)
    rows = []
    for c in r.inventory.credits:
        cr = c.credit
        serials = f"{cr.serial_start or '—'} … {cr.serial_end or '—'}" if cr.serial_start else "—"
        reasons = "; ".join((f.message_zh if lang == "zh" else f.message_en) for f in c.findings)
        details = [f"{words[k]}{'：' if lang == 'zh' else ': '}{v}" for k, v in (
            ("registry", cr.registry), ("beneficiary", cr.beneficiary), ("proof", cr.evidence)) if v]
        rows.append({"programme": cr.programme, "project": _or(cr.project_id, lang), "serials": serials,
                     "details": details,
                     "vintage": str(cr.vintage), "quantity": num(cr.quantity, 0),
                     "retired": cr.retirement_date.isoformat() if cr.retirement_date else "—",
                     "counted": words["yes"] if c.counted else words["no"], "reasons": reasons})
    return {"rows": rows, "total": num(r.inventory.offsets, 0), "share": share_text(r.inventory.offset_share, bands)}


def _scores(r: Result, bands, lang: str) -> dict:
    zh = lang == "zh"
    inputs, by_group = data_inputs(r.record), {}
    for i in r.indicators:
        if i.nature == "qualitative":
            value, shown = str(i.level), unit("level", lang)
            evidence = f"{i.level_zh if zh else i.level_en}" + (f" — {i.evidence}" if i.evidence else "")
        else:  # a quantitative indicator states the data source and quality of its inputs
            value, shown = smart(i.value), unit(i.unit, lang)
            evidence = (indicator_evidence(i, inputs, r.record, lang, r.inventory.scope3_included)
                        or labels(lang)["not_given"])
        by_group.setdefault(i.group, []).append({
            "id": i.id, "name": i.name_zh if zh else i.name_en, "value": value, "unit": shown,
            "weight": f"{i.weight:g}%", "score": num(i.score, 1), "evidence": evidence, "nature": i.nature})
    groups = [{"id": g.id, "name": g.name_zh if zh else g.name_en, "share": f"{g.share:g}", "score": num(g.score, 1),
               "title": (g.name_zh if zh else g.name_en) + aside(f"{labels(lang)['share']} {g.share:g}", lang),
               "points": num(g.points, 2), "level": g.level, "indicators": by_group.get(g.id, [])} for g in r.groups]
    levels = [{"id": lv.id, "name": lv.name_zh if zh else lv.name_en, "share": f"{lv.share:g}",
               "score": num(lv.score, 1), "points": num(lv.points, 2)} for lv in r.levels]
    return {"groups": groups, "levels": levels, "total": score_text(r.total, bands)}


def _grade(r: Result, bands, lang: str, method_name: str) -> dict:
    neu = r.inventory.neutrality
    names = {"scope1": ("范围一", "Scope 1"), "scope1_2": ("范围一+二", "Scopes 1+2"),
             "scope1_2_3": ("范围一+二+三", "Scopes 1+2+3")}
    return {"grade": _g(r.grade, lang), "by_score": _g(r.grade_by_score, lang), "by_offset": _g(r.grade_by_offset, lang),
            "total": score_text(r.total, bands), "offset_share": share_text(r.inventory.offset_share, bands),
            "neutrality": [{"scope": pick(names[k], lang), "ratio": pct(v)} for k, v in neu.items()],
            "methodology": {**r.methodology, "name": method_name}, "rated": r.grade != NOT_RATED}


def _effort(path, lang: str) -> str:
    """'3' steps, or '0，另需碳信用 327,343 tCO2e': credits cost no rubric step but are not free."""
    if path.credits_t <= 0:
        return str(path.effort)
    return (f"{path.effort}，另需碳信用 {num(path.credits_t, 0)} tCO2e" if lang == "zh" else
            f"{path.effort}, plus {num(path.credits_t, 0)} tCO2e of credits")


def _named_once(indicators, zh: bool) -> list[str]:
    """'I20、I24 生态修复固碳量: 46.7': indicators that score one measurement under one name (I20
    and I24, the restoration sink) are listed once, with both ids."""
    seen: dict[tuple[str, float], list[str]] = {}
    for i in indicators:
        seen.setdefault((i.name_zh if zh else i.name_en, round(i.score, 1)), []).append(i.id)
    sep = "、" if zh else "/"
    return [f"{sep.join(sorted(ids))} {name}: {score:.1f}" for (name, score), ids in seen.items()]


def _conclusions(r: Result, plan: Plan | None, bands, lang: str) -> dict:
    zh = lang == "zh"
    name = r.record.mine.name_zh if zh else (r.record.mine.name_en or r.record.mine.name_zh)
    total, share = score_text(r.total, bands), share_text(r.inventory.offset_share, bands)
    head = (f"{name}{r.record.period.label}年度综合评价得分 {total}，剩余排放抵消比例 {share}，"
            f"碳中和等级为 {r.grade}（按得分 {r.grade_by_score}，按抵消比例 {r.grade_by_offset}，"
            f"等级须同时满足两者，取较低者）。" if zh else
            f"{name} scores {total} for {r.record.period.label} with {share} of its residual "
            f"emissions offset: grade {grade_en(r.grade)} (by score {grade_en(r.grade_by_score)}, by offset share "
            f"{grade_en(r.grade_by_offset)}; a grade needs both, the lower counts).")
    ranked = sorted(r.indicators, key=lambda i: (-i.score, i.id))
    strengths = _named_once([i for i in ranked if i.score >= 85], zh)[:5]
    weak = _named_once([i for i in reversed(ranked) if i.score < 60], zh)[:5]
    out = {"head": head, "strengths": strengths, "weaknesses": weak, "plan": None}
    if plan is not None:
        out["plan"] = {
            "sentence": plan.sentence(lang), "status": plan.status, "target": plan.target,
            "paths": [{"rank": p.rank, "effort": _effort(p, lang), "total": score_text(p.total_after, bands),
                       "share": share_text(p.offset_share_after, bands), "grade": _g(p.grade_after, lang),
                       "moves": [{"action": mv.action_zh if zh else mv.action_en,
                                  "changes": mv.change_texts(lang), "points": f"+{mv.points:.2f}"} for mv in p.moves]}
                      for p in (plan.fallback or plan).paths],  # out of reach: to the best grade in reach
            "missing": [f"{i.id} {i.name_zh if zh else i.name_en}" for i in r.indicators if i.id in plan.missing_data],
        }
    return out


def _trace(r: Result, lang: str) -> dict:
    """Annex A rows, one per traced figure (R-4.1); each source (factor document, record input,
    rubric, weights) is listed once and cited by number, a traced input by its key (→ key). A source
    is known by its English text, so it has the same number in both languages; the Chinese annex
    prints the core's Chinese of it (`source_zh`, empty where the text serves both)."""
    zh = lang == "zh"
    rows, sources = [], {}  # English text -> (number, the text printed)

    def cite(text: str, text_zh: str = "") -> str:
        return f"[{sources.setdefault(text, (len(sources) + 1, text_zh if zh and text_zh else text))[0]}]"

    def show(v, u: str, v_zh: str = "", u_zh: str = "", decimals: int | None = None) -> str:
        """A value with its unit, with the decimals the core asks for (a factor's every digit, a
        rubric metric's recomputable precision) or else the usual ones; in Chinese a text value, a
        word unit ('points' -> '分') as the core says it."""
        if u == "grade":
            return _g(v, lang) if isinstance(v, str) else "—"
        numeric = isinstance(v, float | int) and not isinstance(v, bool)
        text = (v_zh if zh and v_zh else num(v, decimals) if numeric and decimals is not None
                else smart(v) if numeric or v is None else str(v))
        if u in ("", "1"):
            return text
        return f"{text} {(u_zh or unit(u, lang)) if zh else u}".strip()

    for t in r.trace():
        cites = []
        for f in t.factors:
            # a factor the mine gave (set `measured`: a measured rate, a supplier's, a declared one)
            set_id = labels(lang)["own_factor"] if f.set_id == "measured" else f.set_id
            value = f.value_zh if zh and f.value_zh else f.value
            cites.append(f"{set_id}/{f.factor_id}: {value}" + (f" ({f.year})" if f.year else "")
                         + f" {cite(f.source, f.source_zh)}")
        inputs = []
        for x in t.inputs:
            src = x.source or ""
            ref = f" (→ {src[6:]})" if src.startswith("trace ") else f" {cite(src, x.source_zh)}" if src else ""
            name = x.name_zh if zh and x.name_zh else x.name
            inputs.append(f"{name} = {show(x.value, x.unit, x.value_zh, x.unit_zh, x.decimals)}{ref}")
        rows.append({"key": t.key, "label": t.label_zh if zh else t.label_en, "value": show(t.value, t.unit, decimals=t.decimals),
                     "formula": t.formula_zh if zh and t.formula_zh else t.formula, "inputs": "; ".join(inputs),
                     "factors": "; ".join(cites)})
    return {"rows": rows, "sources": [f"[{n}] {text}" for n, text in sources.values()]}


_PROGRESS = {
    "base_year": ("基准年", "Base year"), "neutrality_year": ("碳中和目标年", "Neutrality target year"),
    "years_left": ("距目标年还有 {n} 年", "{n} years to go"), "year_left": ("距目标年还有 1 年", "1 year to go"),
    "emission_cap": ("排放总量 / 总量上限", "Gross emissions / cap"),
    "energy_cap": ("能源消费总量 / 上限", "Energy use / cap"),
    "reduction_target": ("自主减排量 / 减排目标", "Self-reduction / target"),
    "unoffset": ("尚未抵消的剩余排放", "Residual emissions not yet offset"),
    "channel": ("公众意见渠道", "Channel for public opinion"),
    "questionnaire": ("问卷调查", "Questionnaire"),
    "answers": ("收回 {n} 份，满意 {s} 份（{p}）", "{n} responses, {s} satisfied ({p})"),
    "hearing": ("听证或座谈", "Hearing"),
}


def _progress(r: Result, lang: str) -> dict:
    """Progress against the mine's targets (R-10.1 'progress against targets') and the public
    opinion collected (R-8.1): rows of (label, value) for what the record gives."""
    w = {k: pick(v, lang) for k, v in _PROGRESS.items()}
    t, inv, year = r.record.targets, r.inventory, r.record.period.year

    def of(done: float, goal: float, unit: str) -> str:
        return f"{num(done, 0)} / {num(goal, 0)} {unit}（{pct(done / goal)}）" if lang == "zh" else \
            f"{num(done, 0)} / {num(goal, 0)} {unit} ({pct(done / goal)})"

    rows = []
    if t.base_year:
        rows.append((w["base_year"], str(t.base_year)))
    if t.neutrality_year:
        left = t.neutrality_year - year
        to_go = w["year_left"] if left == 1 else w["years_left"].format(n=left)
        rows.append((w["neutrality_year"], f"{t.neutrality_year}{aside(to_go, lang)}" if left > 0
                     else str(t.neutrality_year)))
    if t.emission_cap and t.emission_cap.value:
        rows.append((w["emission_cap"], of(inv.gross, convert(t.emission_cap.value, t.emission_cap.unit, "tCO2e"), "tCO2e")))
    if t.energy_cap and t.energy_cap.value:
        rows.append((w["energy_cap"], of(inv.energy_tce, convert(t.energy_cap.value, t.energy_cap.unit, "tce"), "tce")))
    if t.reduction_target and t.reduction_target.value:
        rows.append((w["reduction_target"],
                     of(inv.reductions, convert(t.reduction_target.value, t.reduction_target.unit, "tCO2e"), "tCO2e")))
    if inv.residual > 0:
        rows.append((w["unoffset"], f"{num(max(inv.residual - inv.offsets, 0.0), 0)} tCO2e"))
    opinion = []
    po = r.record.public_opinion
    if po is not None:
        if po.channel:
            opinion.append((w["channel"], po.channel))
        if po.questionnaire_responses:
            sat = po.questionnaire_satisfied
            opinion.append((w["questionnaire"], w["answers"].format(
                n=po.questionnaire_responses, s="—" if sat is None else sat,
                p="—" if sat is None else pct(sat / po.questionnaire_responses))))
        if po.hearing_summary:
            opinion.append((w["hearing"], po.hearing_summary))
    empty = labels(lang)["none"] + aside(labels(lang)["not_in_record"], lang)
    return {"rows": rows, "opinion": opinion, "empty": empty}


def _findings(r: Result, lang: str) -> dict:
    shown = [f for f in r.findings if f.code not in QUIET_CODES]
    quiet = len(r.findings) - len(shown)
    zh = lang == "zh"
    return {"rows": [{"severity": enum(SEVERITY, f.severity, lang), "loc": f.loc, "code": f.code,
                      "message": f.message_zh if zh else f.message_en} for f in shown],
            "quiet": (f"另有 {quiet} 项输入未注明数据来源或质量等级（见 4.1）" if zh else
                      f"{quiet} more inputs give no data source or quality tier (see 4.1)") if quiet else ""}


def _history(rows: list[Result], bands, lang: str) -> list[dict]:
    out = []
    for h in rows:
        i02 = next(i for i in h.indicators if i.id == "I02")
        out.append({"period": h.record.period.label, "gross": num(h.inventory.gross, 0),
                    "intensity": f"{smart(i02.value)} {i02.unit}", "total": score_text(h.total, bands),
                    "grade": _g(h.grade, lang), "share": share_text(h.inventory.offset_share, bands)})
    return out


def build(inp: ReportInput, lang: str) -> dict:
    """Everything the HTML template and the DOCX writer print, in one language."""
    r = inp.result
    series = [*inp.history, r] if inp.history else []
    bands = inp.methodology.parameters.grades  # figures beside a grade print on its side of each band edge
    m = inp.methodology  # its English name in English, when the result is of this methodology
    same = m.info()["hash"] == r.methodology.get("hash")
    method_name = m.name_en if lang == "en" and same and m.name_en else r.methodology.get("name", "")
    return {
        "lang": lang, "t": labels(lang), "basic": _basic(r, inp.methodology, lang), "scope": _scope(r, lang),
        "data": _data(r, inp.methodology, lang), "inventory": _inventory(r, lang), "reduce": _reductions(r, lang),
        "offsets": _offsets(r, bands, lang), "scores": _scores(r, bands, lang), "result": _grade(r, bands, lang, method_name),
        "conclusions": _conclusions(r, inp.plan, bands, lang), "trace": _trace(r, lang), "findings": _findings(r, lang),
        "history": _history(series, bands, lang), "progress": _progress(r, lang),
        "charts": figures.charts(r, series, gross_by_source(r), lang),
        "review": {"reviewer": inp.review.reviewer, "date": inp.review.date, "opinion": inp.review.opinion},
        "generated": inp.generated.strftime("%Y-%m-%d"), "period": r.record.period.label,
    }
