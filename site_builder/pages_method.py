"""The methodology page: name, version and hash; indicators with weights (Appendix A, R-7.1);
how each is scored (rubric, G-1); grade thresholds (R-9.2); GWP set and factor sources."""

from __future__ import annotations

from site_builder import paths
from site_builder.context import PageContext
from site_builder.html import Cell, Html, esc, facts, paragraph, table
from site_builder.renderer import Page


def methodology(ctx: PageContext) -> Page:
    m = ctx.data.methodology
    zh = ctx.zh
    blocks: list[str] = [f"# {ctx.t('methodology')}"]
    blocks.append(facts([(ctx.t("methodology_name"), m.name if zh else m.name_en), (ctx.t("version"), m.version),
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
                             Cell(f"{i.weight:g}%", numeric=True), i.unit, rule.metric,
                             rule.rationale_zh if zh else rule.rationale_en])
    head = ["ID", "一级指标" if zh else "Level 1", "二级指标" if zh else "Level 2", ctx.t("indicator"),
            ctx.t("weight"), ctx.t("unit"), "评分度量" if zh else "Metric", "说明" if zh else "Rationale"]
    blocks += ["## " + ("指标体系与权重（附录 A 表 A.1）" if zh else "Indicators and weights (Appendix A, Table A.1)"),
               paragraph("综合得分 Z = Σ q_f × Q_f，Q_f = Σ k_i × M_i（标准式 (1)、(2)）。" if zh else
                         "Total score Z = Σ q_f × Q_f with Q_f = Σ k_i × M_i (formulas (1) and (2) of the standard)."),
               table(head, rows)]
    bands = [[ctx.grade(b.grade), Cell(f"{b.min_score:g}", numeric=True),
              Cell(f"{b.min_offset_share * 100:g}%", numeric=True)] for b in m.parameters.grades]
    blocks += ["## " + ("等级判定" if zh else "Grades"),
               paragraph("等级取“按得分”与“按抵消比例”两者中较低者。" if zh else
                         "The grade is the lower of the grade by score and the grade by offset share."),
               table([ctx.t("grade"), "最低得分" if zh else "Minimum score",
                      "最低抵消比例" if zh else "Minimum offset share"], bands)]
    cats = [[c.name_zh if zh else c.name_en, c.output_unit, c.intensity_unit,
             Cell(f"{c.reference_carbon_intensity:g}", numeric=True)] for c in m.rubric.categories.values()]
    blocks += ["## " + ("矿山类别" if zh else "Mine categories"),
               table([ctx.t("category"), "产量单位" if zh else "Output unit", "强度单位" if zh else "Intensity unit",
                      "参考碳排放强度" if zh else "Reference carbon intensity"], cats)]
    blocks += ["## " + ("全球变暖潜势（GWP）" if zh else "Global warming potentials (GWP)"),
               facts([("GWP", m.gwp.name), ("来源" if zh else "Source", m.gwp.source)])]
    sets = [[s.id, s.name_zh if zh else s.name_en, s.document, str(s.year), Cell(str(len(s.factors)), numeric=True)]
            for s in m.factors.sets]
    blocks += ["## " + ("排放因子来源（按优先顺序）" if zh else "Emission-factor sources (in priority order)"),
               table(["ID", "名称" if zh else "Name", "文件" if zh else "Document", "年份" if zh else "Year",
                      "条目" if zh else "Rows"], sets)]
    p = m.parameters
    params = [("范围二计入排放总量的口径" if zh else "Scope 2 basis in gross emissions", p.scope2_basis_for_gross),
              ("电网因子年份规则" if zh else "Grid factor year rule", p.grid_year_rule),
              ("抵消量有效年限（年）" if zh else "Offset validity (years)", str(p.offset_validity_years)),
              ("认可的抵消机制" if zh else "Recognised offset programmes", ", ".join(p.recognised_programmes))]
    blocks += ["## " + ("参数" if zh else "Parameters"), facts(params),
               Html(f'<p><a href="{esc(paths.href(paths.METHODOLOGY, paths.DOWNLOADS))}">{esc(ctx.t("downloads"))}</a></p>')]
    return Page(path=paths.METHODOLOGY, title=ctx.t("methodology"), body="\n\n".join(blocks) + "\n")
