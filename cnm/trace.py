"""Trace: how each figure of a result was computed (R-4.1), so a report can show it and an
assessor can verify it: the formula, its inputs with units, and the factors with sources."""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from cnm.errors import UnitError
from cnm.grading import NOT_RATED, NOT_RATED_EN, band_decimals
from cnm.units import compatible, convert, display_unit
from cnm.vocabulary import words


class FactorUse(BaseModel):
    """The factor a line used, with its provenance; `measured` when the mine's own value won. The
    `_zh` fields are the Chinese of `value` and `source`, empty when the text reads the same in both
    languages (unit symbols; a published document's title, cited as published; the mine's own words)."""

    model_config = ConfigDict(frozen=True)
    set_id: str
    factor_id: str
    name_zh: str = ""
    name_en: str = ""
    value: str = Field(description="value with unit, e.g. '0.5306 tCO2/MWh'")
    source: str
    year: int | None = None
    quality: str
    verification: str = ""
    note: str = ""
    value_zh: str = Field("", description="the value with its unit in Chinese, e.g. 'OF 98 %' for 'OF 98 percent'")
    source_zh: str = Field("", description="the source in Chinese where cnm words it (e.g. a default's name)")


class TraceInput(BaseModel):
    """One input of a figure; the `_zh` fields are its Chinese words, empty when the text reads the
    same in both languages (a symbol such as NCV or a record key such as S1.fuel.0.diesel)."""

    model_config = ConfigDict(frozen=True)
    name: str
    value: float | str | None
    unit: str = ""
    source: str = ""
    name_zh: str = ""
    value_zh: str = Field("", description="a text value in Chinese, e.g. '已提供' for 'given'")
    unit_zh: str = Field("", description="the unit in Chinese where the word units of cnm.units.DISPLAY do not say it")
    source_zh: str = Field("", description="the source in Chinese, e.g. 'fuels[0]：油料台账（实测）'")
    decimals: int | None = Field(None, description="decimal places to print the value with: all the digits of a "
                                 "factor or constant, or as many as recomputing the figure it feeds to its printed "
                                 "precision needs (a rubric step's m); None: a report's usual rounding")


class TraceItem(BaseModel):
    """One computed figure."""

    model_config = ConfigDict(frozen=True)
    key: str
    label_zh: str
    label_en: str
    value: float | str | None = Field(description="a number, or a text such as a grade")
    unit: str
    formula: str
    inputs: tuple[TraceInput, ...] = ()
    factors: tuple[FactorUse, ...] = ()
    formula_zh: str = Field("", description="the formula in Chinese; empty when it is all symbols")
    decimals: int | None = Field(None, description="decimal places to print the value with (as TraceInput.decimals)")


def exact_decimals(value: float, most: int = 6) -> int:
    """The fewest decimals (at most `most`) that print `value` as it is: 42.652 -> 3, 0.98 -> 2, 25 -> 0."""
    for d in range(most + 1):
        if math.isclose(round(value, d), value, rel_tol=1e-9, abs_tol=1e-12):
            return d
    return most


def significant_decimals(value: float, digits: int = 4) -> int:
    """Decimals that print `value` with at least `digits` significant digits: 1.3317 -> 3, 0.95 -> 4."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


def inp(name: str, value, unit: str = "", source: str = "", zh: str = "", value_zh: str = "",
        unit_zh: str = "", source_zh: str = "", decimals: int | None = None, exact: bool = False) -> TraceInput:
    """Shorthand for a trace input; `zh` is its name in Chinese, `source_zh` its source's words;
    `exact`: a factor or a constant, printed with all its digits (`decimals` for other precisions)."""
    if exact and isinstance(value, int | float) and decimals is None:
        decimals = exact_decimals(value)
    return TraceInput(name=name, value=value, unit=unit, source=source or "", name_zh=zh, value_zh=value_zh,
                      unit_zh=unit_zh, source_zh=source_zh, decimals=decimals)


def cited(x) -> dict[str, str]:
    """A factor's (or a factor use's) source as `inp` takes it, in both languages."""
    return {"source": x.source, "source_zh": x.source_zh}


# --- what a trace needs besides the figures (R-4.1) -------------------------------------------

class TraceBasis(BaseModel):
    """The methodology's parts a trace cites: the rubric's reference points for the mine's
    category (G-1), the qualitative level scores (R-7.2) and the grade bands (R-9.2)."""

    model_config = ConfigDict(frozen=True)
    methodology: str
    methodology_en: str = ""  # the methodology's English name and version (empty: `methodology` serves both)
    category: str
    category_zh: str = ""  # the category's name (Table R-1.1's words, rubric.yaml); empty: the id serves
    category_en: str = ""
    intensity_unit: str = ""  # the category's carbon intensity unit (kgCO2e per output unit)
    energy_intensity_unit: str = ""  # its energy intensity unit (kgce per output unit)
    rubric_source: str
    rubric_source_zh: str = ""
    points: dict[str, tuple[tuple[float, float], ...]]
    qualitative_scores: tuple[float, ...]
    without_evidence_score: float
    bands: tuple[tuple[str, float, float], ...]  # (grade, min score, min offset share), best first


def trace_basis(m, category: str) -> TraceBasis:
    """Read a Methodology for the trace of a mine of `category`."""
    rubric = m.rubric
    cat = rubric.categories.get(category)
    return TraceBasis(
        methodology=f"{m.name} {m.version}", methodology_en=f"{m.name_en} {m.version}" if m.name_en else "",
        category=category, category_zh=cat.name_zh if cat else "", category_en=cat.name_en if cat else "",
        intensity_unit=cat.intensity_unit if cat else "",
        energy_intensity_unit=cat.energy_intensity_unit if cat else "", rubric_source=rubric.source,
        rubric_source_zh=rubric.source_zh,
        points={iid: rule.points_for(category) for iid, rule in rubric.indicators.items() if rule.metric != "qualitative"},
        qualitative_scores=tuple(rubric.qualitative_scores), without_evidence_score=rubric.qualitative_without_evidence_score,
        bands=tuple((b.grade, b.min_score, b.min_offset_share) for b in m.parameters.grades))


def item(key: str, zh: str, en: str, value, unit: str, formula: str, inputs=(), factors=(),
         formula_zh: str = "", decimals: int | None = None) -> TraceItem:
    """Shorthand for a trace item."""
    return TraceItem(key=key, label_zh=zh, label_en=en, value=value, unit=unit, formula=formula,
                     inputs=tuple(inputs), factors=tuple(factors), formula_zh=formula_zh, decimals=decimals)


#: The clauses of the draft standard a trace formula or source cites, (zh, en), numbered in the
#: draft's order (its headings carry no numbers): 7.2 评价指标 (qualitative indicators quantified by
#: assigned values with the basis stated; credits recognised and valid three years), 9.1 评价方法
#: (formulas (1) and (2)), 9.3 评价结果 (the grade bands). READING.md's R-7.2 and R-7.3 read 7.2,
#: R-9.1 reads 9.1, R-9.2 reads 9.3; cnm's own readings (G-1 ... G-7) are not the standard's and
#: are not cited in the report.
CLAUSE = {"indicators": ("标准 7.2", "standard §7.2"), "method": ("标准 9.1", "standard §9.1"),
          "grades": ("标准 9.3", "standard §9.3")}

#: What a fraction (offset share, neutrality ratio, the bands' lower bounds) prints with.
FRACTION_DECIMALS = 4


#: The inventory's figures by their contract names, in Chinese (input names and formulas).
FIGURES_ZH = {"scope1": "范围一排放", "scope2_location": "范围二排放（基于位置）", "scope2_market": "范围二排放（基于市场）",
              "scope3": "范围三排放", "gross": "排放总量", "removals": "边界内移除量", "reductions": "自主减排量",
              "residual": "剩余排放量", "offsets": "有效抵消量", "offset_share": "抵消比例",
              "energy_tce": "综合能源消费量"}


def figure(name: str, value, prefix: str = "inventory", unit: str = "tCO2e") -> TraceInput:
    """An inventory figure as the input of another, citing its own trace entry."""
    return inp(name, value, unit, see(f"{prefix}.{name}"), zh=FIGURES_ZH[name],
               decimals=FRACTION_DECIMALS if unit == "fraction" else None)


def see(key: str) -> str:
    """The source of an input that is itself a traced figure."""
    return f"trace {key}"


# --- the sources a trace cites besides the record and the factor documents, (en, zh) ----------

def rubric_cite(basis: TraceBasis) -> tuple[str, str]:
    """The rubric the reference points and level scores come from (G-1, R-7.2)."""
    return (f"rubric ({basis.methodology_en or basis.methodology}): {basis.rubric_source}",
            f"评分细则（{basis.methodology}）：{basis.rubric_source_zh or basis.rubric_source}")


def category_cite(basis: TraceBasis) -> tuple[str, str]:
    """The rubric's reference values of the mine's category (G-1), the category by its name."""
    return (f"rubric category {basis.category_en or basis.category}: {basis.rubric_source}",
            f"评分细则 类别 {basis.category_zh or basis.category}：{basis.rubric_source_zh or basis.rubric_source}")


def weights_cite(methodology: str, methodology_en: str = "") -> tuple[str, str]:
    """The weights k and q of Table A.1 (R-7.1); `methodology_en` names the methodology in English."""
    return f"Table A.1 weights ({methodology_en or methodology})", f"表 A.1 权重（{methodology}）"


def bands_cite(methodology: str, methodology_en: str = "") -> tuple[str, str]:
    """The grade bands (R-9.2, the standard's 9.3)."""
    zh, en = CLAUSE["grades"]
    return f"grade bands ({methodology_en or methodology}), {en}", f"等级划分（{methodology}），{zh}"


# --- the rubric step, formulas (1) and (2), the grade -----------------------------------------

def points_text(points) -> str:
    return "; ".join(f"({x:g}, {y:g})" for x, y in points)


def metric_decimals(m: float | None, points) -> int | None:
    """Decimals to print a rubric metric `m` with so that a reader can recheck its score: at least
    4 significant digits, on the same side of every reference point as `m` itself, and, between two
    reference points, enough for y0 + (y1 - y0) x (m - x0) / (x1 - x0) to give the score to within
    0.005 (its printed 2 decimals): m = 1.3283 on a slope of 60 points per unit, not 1.33."""
    if m is None:
        return None
    d = significant_decimals(m)
    if len(points) < 2:
        return d
    d = band_decimals(m, [x for x, _ in points], d)
    if points[0][0] < m <= points[-1][0]:
        (x0, y0), (x1, y1) = next(((a, b) for a, b in itertools.pairwise(points) if m <= b[0]))
        slope = abs((y1 - y0) / (x1 - x0))
        if slope > 0:
            d = max(d, math.ceil(math.log10(slope * 100)))
    return min(d, 10)


def reference_points_name(basis: TraceBasis, lang: str = "en") -> str:
    """The name of the input listing a category's reference points: 'reference points, Underground
    coal mine', '井工煤矿参考点' (the category's id where the rubric names none)."""
    if lang == "zh":
        return f"{basis.category_zh}参考点" if basis.category_zh else f"参考点（{basis.category}）"
    return f"reference points, {basis.category_en}" if basis.category_en else f"reference points ({basis.category})"


def rubric_step(i, basis: TraceBasis | None) -> TraceItem:
    """How indicator `i` (an IndicatorScore) went from its measured value to its score (G-1, R-7.2)."""
    key, label = f"indicator.{i.id}", (i.name_zh, i.name_en)
    clause_zh, clause_en = CLAUSE["indicators"]
    if basis is None:
        return item(key, *label, i.score, "points", f"{i.metric}: {i.formula} (rubric not available to the trace)",
                    i.inputs, formula_zh=f"{i.metric}: {i.formula_zh or i.formula}（追溯未取得评分细则）")
    src, src_zh = rubric_cite(basis)

    def ref(name, value, unit, zh="", unit_zh="", decimals=None):
        return inp(name, value, unit, src, zh=zh, unit_zh=unit_zh, source_zh=src_zh, decimals=decimals)

    if i.nature == "qualitative":
        scores = "; ".join(f"{n}: {s:g}" for n, s in enumerate(basis.qualitative_scores))
        no_ev = i.level and not i.evidence
        formula = (f"M = score of level without evidence ({clause_en})" if no_ev else f"M = score of level ({clause_en})")
        return item(key, *label, i.score, "points", formula, (
            inp("level", i.level, "level", f"qualitative.{i.id}.level", zh="等级", decimals=0),
            inp("evidence", "given" if i.evidence else "none", "", f"qualitative.{i.id}.evidence", zh="证明材料",
                value_zh="已提供" if i.evidence else "无"),
            ref("level scores", scores, "points", zh="各等级得分"),
            *((ref("score without evidence", basis.without_evidence_score, "points", zh="无证明材料时的得分",
                   decimals=exact_decimals(basis.without_evidence_score)),)
              if no_ev else ())),
            formula_zh=f"M = 无证明材料时该等级的得分（{clause_zh}）" if no_ev else f"M = 所评等级的得分（{clause_zh}）")
    pts = basis.points.get(i.id, ())
    u = i.metric_unit or "1"
    listed = ref(reference_points_name(basis), points_text(pts), f"({u}, points)",
                 zh=reference_points_name(basis, "zh"), unit_zh=f"({display_unit(u)}, {display_unit('points')})")
    m = i.metric_value
    if m is None or len(pts) < 2:
        return item(key, *label, i.score, "points", "no measured value (missing input): M = 0", (listed,),
                    formula_zh="无度量值（缺少输入）：M = 0")
    seg = next((k for k in range(len(pts) - 1) if m <= pts[k + 1][0]), len(pts) - 2)
    (x0, y0), (x1, y1) = pts[seg], pts[seg + 1]
    if m <= pts[0][0]:
        formula, formula_zh = "m <= x0, the first reference point: M = y0", "m <= x0（首个参考点）：M = y0"
    elif m > pts[-1][0]:
        formula, formula_zh = "m > x1, the last reference point: M = y1", "m > x1（末个参考点）：M = y1"
    else:
        formula = "M = y0 + (y1 - y0) x (m - x0) / (x1 - x0), piecewise-linear between the rubric's reference points"
        formula_zh = "M = y0 + (y1 - y0) x (m - x0) / (x1 - x0)，评分细则相邻参考点之间分段线性插值"
    d = metric_decimals(m, pts)
    return item(key, *label, i.score, "points", formula, (
        inp("m", m, u, see(f"indicator.{i.id}.metric"), decimals=d), ref("x0", x0, u, decimals=exact_decimals(x0)),
        ref("y0", y0, "points", decimals=exact_decimals(y0)), ref("x1", x1, u, decimals=exact_decimals(x1)),
        ref("y1", y1, "points", decimals=exact_decimals(y1)), listed), formula_zh=formula_zh)


def metric_item(i, basis: TraceBasis | None = None) -> TraceItem:
    """The measured value the rubric scores, with its formula and inputs (printed with the digits
    its rubric step needs, `basis` given)."""
    measured = i.metric_value is not None
    d = metric_decimals(i.metric_value, basis.points.get(i.id, ()) if basis else ())
    return item(f"indicator.{i.id}.metric", f"{i.name_zh}（评分度量）", f"{i.name_en} (scored metric)",
                i.metric_value, i.metric_unit or "1",
                f"{i.metric}: {i.formula}" if measured else f"{i.metric}: missing input", i.inputs,
                formula_zh=f"{i.metric}: {i.formula_zh or i.formula}" if measured else f"{i.metric}: 缺少输入",
                decimals=d)


def score_items(groups, levels, total: float, indicators, methodology: str,
                methodology_en: str = "") -> list[TraceItem]:
    """Formula (1) per group and its points, the level-1 subtotals and formula (2) (R-9.1)."""
    out = []
    src, src_zh = weights_cite(methodology, methodology_en)
    clause_zh, clause_en = CLAUSE["method"]
    for g in groups:
        members = [i for i in indicators if i.group == g.id]
        ins = [x for i in members for x in (inp(f"k {i.id}", i.weight, "%", src, source_zh=src_zh),
                                            inp(f"M {i.id}", i.score, "points", see(f"indicator.{i.id}")))]
        out.append(item(f"group.{g.id}", g.name_zh, g.name_en, g.score, "points",
                        f"Q = sum k_i / 100 x M_i over the group's indicators (formula 1, {clause_en})", ins,
                        formula_zh=f"Q = Σ k_i / 100 x M_i，对本二级指标所含各指标求和（公式 1，{clause_zh}）"))
        out.append(item(f"group.{g.id}.points", f"{g.name_zh}（加权分）", f"{g.name_en} (weighted points)", g.points,
                        "points", "q / 100 x Q (term of formula 2)",
                        (inp("q", g.share, "% of total", src, source_zh=src_zh), inp("Q", g.score, "points", see(f"group.{g.id}"))),
                        formula_zh="q / 100 x Q（公式 2 中的一项）"))
    for lv in levels:
        parts = [inp(f"points {g.id}", g.points, "points", see(f"group.{g.id}.points"), zh=f"加权分 {g.id}")
                 for g in groups if g.level == lv.id]
        out.append(item(f"level.{lv.id}.points", f"{lv.name_zh}（加权分）", f"{lv.name_en} (weighted points)", lv.points,
                        "points", "sum of the points of its level-2 groups", parts,
                        formula_zh="所含各二级指标加权分之和"))
        out.append(item(f"level.{lv.id}", lv.name_zh, lv.name_en, lv.score, "points",
                        "level points / level share x 100 (0 when the share is 0)",
                        (inp("level points", lv.points, "points", see(f"level.{lv.id}.points"), zh="一级指标加权分"),
                         inp("level share", lv.share, "% of total", src, zh="一级指标权重", source_zh=src_zh)),
                        formula_zh="一级指标加权分 / 一级指标权重 x 100（权重为 0 时取 0）"))
    ins = [x for g in groups for x in (inp(f"q {g.id}", g.share, "% of total", src, source_zh=src_zh),
                                       inp(f"Q {g.id}", g.score, "points", see(f"group.{g.id}")))]
    out.append(item("total", "综合评价得分", "Total score", total, "points",
                    f"Z = sum q_f / 100 x Q_f over the six level-2 groups (formula 2, {clause_en})", ins,
                    formula_zh=f"Z = Σ q_f / 100 x Q_f，对六个二级指标求和（公式 2，{clause_zh}）"))
    return out


def grade_items(r, offset_share: float, basis: TraceBasis | None) -> list[TraceItem]:
    """Grade by score, grade by offset share and the grade, the lower of the two (R-9.2, G-5)."""
    src, src_zh = bands_cite(basis.methodology, basis.methodology_en) if basis else ("", "")
    bands = basis.bands if basis else ()
    clause_zh, clause_en = CLAUSE["grades"]
    # the total and the offset share print on the same side of every lower bound as they are
    total_d = band_decimals(r.total, [s for _, s, _ in bands], 2)
    share_d = band_decimals(offset_share, [o for _, _, o in bands], FRACTION_DECIMALS)
    by_score = [inp(f"{g} from", s, "points", src, zh=f"{g} 下限", source_zh=src_zh, decimals=2) for g, s, _ in bands]
    by_offset = [inp(f"{g} from", o, "fraction", src, zh=f"{g} 下限", source_zh=src_zh, decimals=share_d)
                 for g, _, o in bands]
    band = f"的各等级中最高者（含下限，不修约）；均不满足：{NOT_RATED}"
    return [
        item("grade.by_score", "按得分的等级", "Grade by score", r.grade_by_score, "grade",
             f"the best band whose lower bound <= total (closed below, no rounding); none: {NOT_RATED_EN}",
             (inp("total", r.total, "points", see("total"), zh="综合评价得分", decimals=total_d), *by_score),
             formula_zh=f"下限 <= 综合评价得分{band}"),
        item("grade.by_offset", "按抵消比例的等级", "Grade by offset share", r.grade_by_offset, "grade",
             f"the best band whose lower bound <= offset share (closed below, no rounding); none: {NOT_RATED_EN}",
             (inp("offset share", offset_share, "fraction", see("inventory.offset_share"),
                  zh=FIGURES_ZH["offset_share"], decimals=share_d), *by_offset),
             formula_zh=f"下限 <= {FIGURES_ZH['offset_share']}{band}"),
        item("grade", "评价等级", "Grade", r.grade, "grade",
             f"the lower of the grade by score and the grade by offset share ({clause_en})",
             (inp("by score", r.grade_by_score, "grade", see("grade.by_score"), zh="按得分的等级"),
              inp("by offset share", r.grade_by_offset, "grade", see("grade.by_offset"), zh="按抵消比例的等级")),
             formula_zh=f"按得分的等级与按抵消比例的等级中较低者（{clause_zh}）"),
    ]


def offset_share_item(inv, prefix: str = "inventory") -> TraceItem:
    """Valid offsets over residual emissions (G-6)."""
    offsets, residual = FIGURES_ZH["offsets"], FIGURES_ZH["residual"]
    return item(f"{prefix}.offset_share", FIGURES_ZH["offset_share"], "Offset share", inv.offset_share, "fraction",
                "valid offsets / residual (1 when residual <= 0)",
                (figure("offsets", inv.offsets, prefix), figure("residual", inv.residual, prefix)),
                formula_zh=f"{offsets} / {residual}（{residual} <= 0 时取 1）", decimals=FRACTION_DECIMALS)


def neutrality_items(inv, s2_name: str, s2: float, prefix: str = "inventory") -> list[TraceItem]:
    """Removals + offsets against the emissions of Scope 1, 1+2 and 1+2+3 (G-6, ch. 7.2)."""
    comp = (figure("removals", inv.removals, prefix), figure("offsets", inv.offsets, prefix))
    s1, s2i = figure("scope1", inv.scope1, prefix), figure(s2_name, s2, prefix)
    s3 = figure("scope3", inv.scope3, prefix)
    rows = (("scope1", "范围一碳中和比例", "Neutrality ratio, Scope 1", (s1,)),
            ("scope1_2", "范围一+二碳中和比例", "Neutrality ratio, Scope 1+2", (s1, s2i)),
            ("scope1_2_3", "范围一+二+三碳中和比例", "Neutrality ratio, Scope 1+2+3", (s1, s2i, s3)))
    return [item(f"{prefix}.neutrality.{k}", zh, en, inv.neutrality.get(k), "fraction",
                 f"(removals + offsets) / ({' + '.join(x.name for x in ins)}); none when the denominator is 0",
                 (*comp, *ins), formula_zh=f"({' + '.join(x.name_zh for x in comp)}) / "
                                           f"({' + '.join(x.name_zh for x in ins)})；分母为 0 时不计算",
                 decimals=FRACTION_DECIMALS)
            for k, zh, en, ins in rows]


# --- where an activity input comes from (R-4.1, R-7.2) ----------------------------------------

class RecordAmount(BaseModel):
    """One amount of the record with its path, data source and quality tier."""

    model_config = ConfigDict(frozen=True)
    loc: str
    value: float
    unit: str
    data_source: str | None = None
    quality: str | None = None

    def cite(self, derived: bool = False) -> str:
        """'fuels[0]: 油料台账 (measured)': the record path, the mine's data source and the quality tier."""
        said = self.data_source or ""
        if self.quality:
            said = f"{said} ({self.quality})" if said else f"({self.quality})"
        where = f"derived from {self.loc}" if derived else self.loc
        return f"{where}: {said}" if said else where

    def cite_zh(self, derived: bool = False) -> str:
        """The same in Chinese, the quality tier in the workbook's words: 'fuels[0]：油料台账（实测）'."""
        tier = QUALITY_ZH.get(self.quality, self.quality) if self.quality else ""
        said = (self.data_source or "") + (f"（{tier}）" if tier else "")
        where = f"由 {self.loc} 推算" if derived else self.loc
        return f"{where}：{said}" if said else where

    def value_in(self, unit: str, cache: dict) -> float | None:
        key = (self.loc, unit)
        if key not in cache:
            mine, to = ("t" if u == "tCO2e" else u for u in (self.unit, unit))
            factor = 1.0 if mine == to else _factor(mine, to)
            cache[key] = None if factor is None else self.value * factor
        return cache[key]


#: The quality tiers in Chinese (cnm.vocabulary, the workbook's choice list).
QUALITY_ZH = {code: zh for code, (zh, _) in words("quality").items()}


@lru_cache(maxsize=4096)
def _factor(unit: str, to: str) -> float | None:
    """How many `to` one `unit` is, or None when they do not convert (every cnm unit is
    multiplicative); asked for each record amount against each input's unit, so kept once per pair."""
    if not compatible(unit, to):
        return None
    try:
        return convert(1.0, unit, to)
    except (UnitError, ValueError, TypeError, AttributeError):
        return None


def within(loc: str, prefix: str) -> bool:
    """Whether record path `loc` is `prefix` or lies inside it ('fuels[0].value' in 'fuels')."""
    return loc == prefix or loc.startswith((f"{prefix}.", f"{prefix}["))


def attach_sources(inputs, amounts: list[RecordAmount], loc: str | None = None, activity: float | None = None,
                   cache: dict | None = None):
    """Inputs without a source get the data source and quality tier of the record amount they are:
    the amount under `loc` (the line's record path) of equal value, else the one amount of the record
    of equal value; an input equal to the line's `activity` but to no amount (a net figure) is cited
    as derived from the amount at `loc`."""
    cache = {} if cache is None else cache
    out = []
    own = [a for a in amounts if loc and within(a.loc, loc)]
    for x in inputs:
        if x.source or not isinstance(x.value, int | float) or not x.unit:
            out.append(x)
            continue
        def same(a, x=x):
            v = a.value_in(x.unit, cache)
            return v is not None and math.isclose(v, x.value, rel_tol=1e-9, abs_tol=1e-12)
        hit = [a for a in own if same(a)] or [a for a in amounts if same(a)]
        if len(hit) == 1 or (hit and len({a.loc for a in hit}) == 1):
            out.append(x.model_copy(update={"source": hit[0].cite(), "source_zh": hit[0].cite_zh()}))
        elif not hit and own and activity is not None and math.isclose(x.value, activity, rel_tol=1e-9):
            out.append(x.model_copy(update={"source": own[0].cite(derived=True),
                                            "source_zh": own[0].cite_zh(derived=True)}))
        else:
            out.append(x)
    return tuple(out)
