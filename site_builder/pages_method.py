"""The methodology page: name, version and hash; indicators with weights (Appendix A, R-7.1);
how each is scored (the rubric's reference points per mine category and the qualitative levels
with their scores and descriptors, G-1); grade thresholds (R-9.2); GWP set and factor sources;
the methodology file itself (as `cnm methodology export` writes it) to download.

Everything is in the page's language: the methodology data's Chinese wording (`*_zh`) on zh
pages, words for codes (metrics, units, parameters) from cnm.vocabulary, and never cnm's
internal requirement ids (they are dropped from the data's text by `PageContext.public`)."""

from __future__ import annotations

from cnm.vocabulary import GRID_YEAR_RULES, METRICS, SCOPE2_BASIS, words
from site_builder import paths
from site_builder.context import PageContext
from site_builder.downloads import METHODOLOGY_FILES
from site_builder.html import Cell, Html, esc, facts, link, paragraph, table
from site_builder.renderer import Page

#: The bundled GWP sets' names in Chinese (cnm.gwp.BUNDLED_SETS; a GWP set has no Chinese name).
GWP_ZH = {"sar": "IPCC 第二次评估报告（1995）100 年全球变暖潜势",
          "ar4": "IPCC 第四次评估报告（2007）100 年全球变暖潜势",
          "ar5": "IPCC 第五次评估报告（2013）100 年全球变暖潜势",
          "ar6": "IPCC 第六次评估报告（2021）100 年全球变暖潜势"}


def _metric(ctx: PageContext, metric: str) -> str:
    words_ = METRICS.get(metric)
    return metric if words_ is None else words_[0 if ctx.zh else 1]


def _points(points) -> str:
    """((0.5, 100), (0.8, 85)) -> '0.5 → 100 · 0.8 → 85' (no line break inside a point)."""
    return " · ".join(f"{x:g}\u00a0→\u00a0{y:g}" for x, y in points)


def rubric_sections(ctx: PageContext) -> list[str]:
    """Per quantitative indicator its reference points (per mine category where they depend on
    it), per qualitative indicator each level's score and descriptor: the rubric in use (G-1)."""
    m, zh = ctx.data.methodology, ctx.zh
    r = m.rubric
    quantitative, qualitative = [], []
    for i in m.catalog.indicators:
        rule = r.rule(i.id)
        name = i.name_zh if zh else i.name_en
        if rule.levels:
            for level, text in enumerate(rule.levels):
                qualitative.append([i.id, name, Cell(str(level), numeric=True),
                                    Cell(f"{r.qualitative_scores[level]:g}", numeric=True), text.zh if zh else text.en])
        elif rule.by_category:
            for cat_id, cat in r.categories.items():
                quantitative.append([i.id, name, _metric(ctx, rule.metric), cat.name_zh if zh else cat.name_en,
                                     _points(rule.points_for(cat_id))])
        else:
            quantitative.append([i.id, name, _metric(ctx, rule.metric), "全部类别" if zh else "every category",
                                 _points(rule.points_for(""))])
    intro = ("定量指标的得分按参考点（度量值 → 得分）分段线性插值，低于第一个或高于最后一个参考点时取该端点的得分；"
             "依矿山类别而定的指标按类别给出参考点，强度的单位见下文“矿山类别”。度量的含义见上表“说明”。"
             if zh else
             "A quantitative indicator scores by linear interpolation between its reference points (metric value → "
             "score), clamped to the end points' scores beyond the first or last; where performance depends on the "
             "mine category the points are given per category (intensity units: see “Mine categories” below). "
             "What each metric measures is in the table above (“Rationale”).")
    levels = ", ".join(f"{n} → {v:g}" for n, v in enumerate(r.qualitative_scores))
    qual = (f"定性指标按 0–4 级评定，各级得分：{levels}。评为 1 级及以上但未给出评价依据（证据）的，"
            f"按 {r.qualitative_without_evidence_score:g} 分计。" if zh else
            f"Qualitative indicators are assessed at levels 0–4, scoring {levels}. A level above 0 given without "
            f"evidence scores {r.qualitative_without_evidence_score:g}.")
    return ["## " + ("评分规则（参考点）" if zh else "Scoring rules (reference points)"),
            paragraph(intro), facts([("来源" if zh else "Source", ctx.public((r.source_zh or r.source) if zh else r.source))]),
            table(["ID", ctx.t("indicator"), "评分度量" if zh else "Metric", ctx.t("category"),
                   "参考点（度量值 → 得分）" if zh else "Reference points (metric value → score)"], quantitative),
            "## " + ("定性指标的等级与得分" if zh else "Qualitative indicators: levels and scores"),
            paragraph(qual),
            table(["ID", ctx.t("indicator"), "等级" if zh else "Level", ctx.t("indicator_score"),
                   "等级描述" if zh else "Descriptor"], qualitative)]


def _export_note(zh: bool) -> Html:
    cmd, score = "<code>cnm methodology export</code>", "<code>cnm score --methodology</code>"
    text = (f"与 {cmd} 输出的文件相同：名称、版本、内容哈希及哈希所涵盖的全部内容（指标目录与权重、评分规则、GWP、"
            f"排放因子、参数）。用 {score} 指定该文件即可按同一方法复核任一评价结果（内容哈希相同）。" if zh else
            f"The same file as {cmd} writes: name, version, content hash and everything the hash covers (catalog and "
            f"weights, rubric, GWP, emission factors, parameters). Give it to {score} to re-check any result with "
            f"the same methodology (the content hash is the same).")
    return Html(f"<p>{text}</p>")


def methodology_downloads(ctx: PageContext, page: str) -> Html:
    """Links to the methodology file (YAML, JSON) as `cnm methodology export` writes it."""
    labels = {"data/methodology.yaml": "YAML", "data/methodology.json": "JSON"}
    what = "评价方法文件" if ctx.zh else "Methodology file"
    items = "".join(f"<li>{link(paths.shared(page, f), f'{what} ({labels[f]})', download=True)}</li>"
                    for f in METHODOLOGY_FILES)
    return Html(f'<ul class="cnm-downloads">{items}</ul>')


def methodology(ctx: PageContext) -> Page:
    m = ctx.data.methodology
    zh = ctx.zh
    blocks: list[str] = [f"# {ctx.t('methodology')}"]
    blocks.append(facts([(ctx.t("methodology_name"), ctx.methodology_name(m.name)), (ctx.t("version"), m.version),
                         (ctx.t("hash"), Html(f"<code>{esc(m.hash)}</code>"))]))
    blocks.append(paragraph("每个评价结果页都列出所用方法的名称、版本和内容哈希；哈希相同即评价方法相同。" if zh else
                            "Every result page names the methodology used, with its version and content hash; "
                            "the same hash means the same methodology."))
    rows = []
    for lv in m.catalog.levels:
        for g in lv.groups:
            for i in g.indicators:
                rule = m.rubric.rule(i.id)
                rows.append([i.id, f"{lv.name_zh if zh else lv.name_en} ({lv.share:g}%)",
                             f"{g.name_zh if zh else g.name_en} ({g.share:g}%)", i.name_zh if zh else i.name_en,
                             Cell(f"{i.weight:g}%", numeric=True), ctx.unit(i.unit), _metric(ctx, rule.metric),
                             ctx.public((rule.rationale_zh or rule.rationale_en) if zh else rule.rationale_en)])
    head = ["ID", "一级指标" if zh else "Level 1", "二级指标" if zh else "Level 2", ctx.t("indicator"),
            ctx.t("weight"), ctx.t("unit"), "评分度量" if zh else "Metric", "说明" if zh else "Rationale"]
    blocks += ["## " + ("指标体系与权重（附录 A 表 A.1）" if zh else "Indicators and weights (Appendix A, Table A.1)"),
               paragraph("综合得分 Z = Σ q_f × Q_f，Q_f = Σ k_i × M_i（标准式 (1)、(2)）。" if zh else
                         "Total score Z = Σ q_f × Q_f with Q_f = Σ k_i × M_i (formulas (1) and (2) of the standard)."),
               table(head, rows)]
    bands = [[ctx.grade(b.grade), Cell(f"{b.min_score:g}", numeric=True),
              Cell(f"{b.min_offset_share * 100:g}%", numeric=True)] for b in m.parameters.grades]
    blocks += rubric_sections(ctx)
    blocks += ["## " + ("等级判定" if zh else "Grades"),
               paragraph("等级取“按得分”与“按抵消比例”两者中较低者。" if zh else
                         "The grade is the lower of the grade by score and the grade by offset share."),
               table([ctx.t("grade"), "最低得分" if zh else "Minimum score",
                      "最低抵消比例" if zh else "Minimum offset share"], bands)]
    cats = [[c.name_zh if zh else c.name_en, c.output_unit, c.intensity_unit,
             Cell(f"{c.reference_carbon_intensity:g}", numeric=True), c.energy_intensity_unit,
             Cell(f"{c.reference_energy_intensity:g}", numeric=True), c.waste_intensity_unit]
            for c in m.rubric.categories.values()]
    blocks += ["## " + ("矿山类别" if zh else "Mine categories"),
               table([ctx.t("category"), "产量单位" if zh else "Output unit", "碳排放强度单位" if zh else "Carbon intensity unit",
                      "参考碳排放强度" if zh else "Reference carbon intensity",
                      "能耗强度单位" if zh else "Energy intensity unit", "参考能耗强度" if zh else "Reference energy intensity",
                      "固废强度单位" if zh else "Solid-waste intensity unit"], cats)]
    blocks += ["## " + ("全球变暖潜势（GWP）" if zh else "Global warming potentials (GWP)"),
               facts([("GWP", GWP_ZH.get(m.gwp.id, m.gwp.name) if zh else m.gwp.name),
                      ("来源" if zh else "Source", m.gwp.source)])]
    sets = [[s.id, s.name_zh if zh else s.name_en, (s.document_zh or s.document) if zh else s.document, str(s.year),
             Cell(str(len(s.factors)), numeric=True)]
            for s in m.factors.sets]
    blocks += ["## " + ("排放因子来源（按优先顺序）" if zh else "Emission-factor sources (in priority order)"),
               table(["ID", "名称" if zh else "Name", "文件" if zh else "Document", "年份" if zh else "Year",
                      "条目" if zh else "Rows"], sets)]
    p = m.parameters
    k = 0 if zh else 1
    programmes = words("programme")
    params = [("范围二计入排放总量的口径" if zh else "Scope 2 basis in gross emissions",
               SCOPE2_BASIS.get(p.scope2_basis_for_gross, (p.scope2_basis_for_gross,) * 2)[k]),
              ("电网因子年份规则" if zh else "Grid factor year rule",
               GRID_YEAR_RULES.get(p.grid_year_rule, (p.grid_year_rule,) * 2)[k]),
              ("抵消量有效年限（年）" if zh else "Offset validity (years)", str(p.offset_validity_years)),
              ("认可的抵消机制" if zh else "Recognised offset programmes",
               ("、" if zh else ", ").join(programmes.get(x, (x, x))[k] for x in p.recognised_programmes))]
    blocks += ["## " + ("参数" if zh else "Parameters"), facts(params),
               "## " + ("下载评价方法文件" if zh else "Download the methodology file"),
               _export_note(zh),
               methodology_downloads(ctx, paths.METHODOLOGY),
               Html(f'<p><a href="{esc(paths.href(paths.METHODOLOGY, paths.DOWNLOADS))}">{esc(ctx.t("downloads"))}</a></p>')]
    return Page(path=paths.METHODOLOGY, title=ctx.t("methodology"), body="\n\n".join(blocks) + "\n", wide=True)
