"""Words of the report in Chinese (primary) and English: section titles of Appendix B (R-10.2),
column headers and the names of enumerated values. No figures here."""

from __future__ import annotations

import re

from cnm.accounting.context import CO2E
from cnm.units import display_unit
from cnm.vocabulary import SCOPE2_BASIS, words

#: Appendix B of the draft, section by section (ids are the template's anchors).
SECTIONS = {
    "s1": ("1 基本情况", "1 Basic information"),
    "s1_1": ("1.1 碳中和矿山评价委托方与评价方", "1.1 Commissioning party and assessor"),
    "s1_2": ("1.2 报告日期", "1.2 Report date"),
    "s1_3": ("1.3 碳中和矿山评价依据的标准", "1.3 Standards applied"),
    "s2": ("2 评价目标", "2 Objectives"),
    "s2_1": ("2.1 开展碳中和矿山评价的原因", "2.1 Reasons for the assessment"),
    "s2_2": ("2.2 矿山碳中和评价的目标", "2.2 Objectives of the assessment"),
    "s3": ("3 评价范围", "3 Scope"),
    "s3_1": ("3.1 矿山运营的核算边界", "3.1 Accounting boundary of the mine's operations"),
    "s3_2": ("3.2 评价的时间范围", "3.2 Period assessed"),
    "s4": ("4 评价过程", "4 Process"),
    "s4_1": ("4.1 数据收集与整理", "4.1 Data collected"),
    "s4_2": ("4.2 矿山碳排放量核算", "4.2 Emissions inventory"),
    "s4_3": ("4.3 矿山碳减排量核算", "4.3 Reductions and in-boundary removals"),
    "s4_4": ("4.4 碳抵消方式及抵销量的核算", "4.4 Offsets"),
    "s4_5": ("4.5 目标进展", "4.5 Progress against targets"),
    "s4_6": ("4.6 公众意见", "4.6 Public opinion"),
    "s5": ("5 评价结果", "5 Results"),
    "s5_1": ("5.1 矿山碳中和评价得分", "5.1 Scores"),
    "s5_2": ("5.2 矿山碳中和等级评价", "5.2 Grade"),
    "s6": ("6 结论与建议", "6 Conclusions and suggestions"),
    "trend": ("历年趋势", "Trend over the periods"),
    "review": ("审核意见", "Review"),
    "annex_a": ("附件A 计算过程追溯", "Annex A Trace of every computed figure"),
    "annex_b": ("附件B 数据问题与提示", "Annex B Findings"),
}

TEXT = {
    "title": ("碳中和矿山评价报告", "Carbon-Neutral Mine Assessment Report"),
    "draft_standard": ("依据团体标准《碳中和矿山评价》（草案）附录B编制",
                       "Drawn up per Appendix B of the draft group standard 碳中和矿山评价 (carbon-neutral mine assessment)"),
    "mine": ("矿山名称", "Mine"), "mine_id": ("矿山编号", "Mine id"), "code": ("统一社会信用代码/采矿许可证号", "Credit code / licence"),
    "category": ("矿山类型", "Category"), "province": ("省份", "Province"), "address": ("地址", "Address"),
    "group": ("所属集团", "Parent group"), "responsible": ("报告编制负责人", "Responsible person"),
    "contact": ("联系人及联系方式", "Contact"), "commissioning": ("委托方", "Commissioning party"),
    "assessor": ("评价方", "Assessor"), "lead_assessor": ("评价组长", "Lead assessor"),
    "report_date": ("报告日期", "Report date"), "period": ("评价期", "Period"),
    "period_range": ("起止日期", "From - to"), "months": ("月数", "Months"),
    "consolidation": ("组织边界（合并方法）", "Organisational boundary (consolidation)"),
    "boundary": ("核算边界", "Boundary"), "scopes": ("纳入的范围", "Scopes included"),
    "gases": ("温室气体种类", "Gases"), "sources": ("排放源", "Sources"), "activities": ("生产活动范围", "Activities"),
    "not_given": ("未填报", "not given"),
    "own_factor": ("矿山自有因子", "measured"),  # annex A: the set of a factor the mine gave (set id `measured`)
    "item": ("项目", "Item"), "value": ("数值", "Value"), "unit": ("单位", "Unit"),
    "data_source": ("数据来源", "Data source"), "quality": ("数据质量等级", "Quality tier"),
    "count": ("项数", "Inputs"), "input": ("数据项", "Input"),
    "scope": ("范围", "Scope"), "source": ("排放源", "Source"), "gas": ("气体", "Gas"),
    "activity": ("活动数据", "Activity"), "gas_t": ("气体质量 t", "Gas t"), "tco2e": ("tCO2e", "tCO2e"),
    "energy": ("能源", "Energy"), "tce": ("tce", "tce"),
    "measure": ("措施", "Measure"), "kind": ("类型", "Kind"), "amount": ("数量 tCO2e", "Amount tCO2e"),
    "baseline": ("基准", "Baseline"), "evidence": ("证明材料", "Evidence"), "method": ("方法", "Method"),
    "programme": ("类型/机制", "Programme"), "project": ("项目编号", "Project"), "serials": ("序列号", "Serials"),
    "vintage": ("年份", "Vintage"), "quantity": ("数量 tCO2e", "Quantity tCO2e"), "retired": ("注销日期", "Retired"),
    "counted": ("是否计入", "Counted"), "yes": ("计入", "yes"), "no": ("不计入", "no"),
    "total": ("合计", "Total"), "id": ("编号", "Id"), "indicator": ("指标", "Indicator"),
    "weight": ("权重", "Weight"), "score": ("得分", "Score"), "share": ("占总分", "Share"),
    "points": ("折合分", "Points"), "level1": ("一级指标", "Level 1"), "level2": ("二级指标", "Level 2"),
    "total_score": ("综合评价得分", "Total score"), "offset_share": ("抵消比例", "Offset share"),
    "grade": ("等级", "Grade"), "grade_by_score": ("按得分的等级", "Grade by score"),
    "grade_by_offset": ("按抵消比例的等级", "Grade by offset share"),
    "neutrality": ("分范围碳中和比例", "Neutrality ratio per scope"),
    "methodology": ("评价方法", "Methodology"), "version": ("版本", "Version"), "hash": ("内容指纹 SHA-256", "Content hash SHA-256"),
    "gwp": ("全球变暖潜能值", "GWP set"), "factor_sets": ("排放因子来源", "Factor sources"),
    "strengths": ("优势", "Strengths"), "weaknesses": ("改进空间", "Room for improvement"),
    "suggestions": ("改进建议", "Suggestions"), "paths": ("可选路径", "Alternative paths"),
    "path": ("路径", "Path"), "effort": ("努力度（步）", "Effort (steps)"), "after": ("实施后", "Afterwards"),
    "move": ("措施", "Move"), "changes": ("指标变化", "Indicators"), "gain": ("得分增加", "Points"),
    "missing_data": ("以下指标因缺少数据按0分计，补充数据及其来源可能提高得分", "These indicators score 0 for missing data; "
                     "supplying the data and its source may raise the score"),
    "reviewer": ("审核人", "Reviewer"), "review_date": ("审核日期", "Date"), "opinion": ("审核意见", "Opinion"),
    "signature": ("签字", "Signature"),
    "formula": ("公式", "Formula"), "inputs": ("输入", "Inputs"), "factors": ("因子及来源", "Factors and sources"),
    "severity": ("级别", "Severity"), "location": ("位置", "Location"), "message": ("说明", "Message"),
    "no_findings": ("无", "None"), "none": ("无", "None"),
    "not_in_record": ("记录未提供", "not given in the record"),
    "registry": ("登记簿", "registry"), "beneficiary": ("受益方", "beneficiary"), "proof": ("凭证", "evidence"),
    "ratio_notes": ("抵消比例 = 有效抵消量 ÷ 剩余排放量（排放总量 − 边界内移除量），用于定级；分范围碳中和比例 = "
                    "（边界内移除量 + 有效抵消量）÷ 该范围的排放量，说明各范围排放被中和的程度，不参与定级。",
                    "Offset share = valid offsets ÷ residual emissions (gross − in-boundary removals); it sets the "
                    "grade. Neutrality ratio per scope = (in-boundary removals + valid offsets) ÷ that scope's "
                    "emissions; it shows how far each scope's emissions are neutralised and does not set the grade."),
    "gross": ("排放总量", "Gross emissions"), "intensity": ("碳排放强度", "Carbon intensity"),
    "trend_note": ("数据来自同一矿山各期记录的评价结果", "Figures from the assessment of each period's record of the same mine"),
    "chart_scope": ("排放总量按范围和排放源", "Gross emissions by scope and source"),
    "chart_groups": ("二级指标得分（虚线为满分）", "Level-2 scores against their maximum (dashed)"),
    "generated": ("生成", "Generated"), "page": ("第", "Page"),
    "data_tally": ("数据质量等级统计", "Inputs per quality tier"),
    "removals": ("边界内移除量", "In-boundary removals"), "reductions": ("自主减排量", "Self-achieved reductions"),
}

QUALITY = {**words("quality"), "unspecified": ("未注明", "not given")}  # the workbook's words (cnm.vocabulary)
CONSOLIDATION = words("consolidation")
SCOPE = {1: ("范围一", "Scope 1"), 2: ("范围二", "Scope 2"), 3: ("范围三", "Scope 3")}
REMOVAL = words("removal_kind")
REDUCTION = words("reduction_kind")
SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
#: The gas column of the inventory tables: a gas by its formula (CO2, CH4, SF6 ...), a line the mine
#: reports directly in tCO2e (Scope 3, gas cnm.accounting.context.CO2E) as such; its gas mass is
#: none (print "—", not its tCO2e).
GAS = {CO2E: ("以CO2当量填报", "reported as CO2e")}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def labels(lang: str) -> dict[str, str]:
    """Every TEXT and SECTIONS entry in one language."""
    out = {k: pick(v, lang) for k, v in TEXT.items()}
    out.update({k: pick(v, lang) for k, v in SECTIONS.items()})
    return out


def enum(table: dict, key, lang: str) -> str:
    """The name of an enumerated value, or the value itself where the table has none."""
    return pick(table[key], lang) if key in table else str(key)


def has_gas_mass(gas: str) -> bool:
    """Whether an inventory line or gas total of `gas` has a gas mass (not one reported in tCO2e)."""
    return gas != CO2E


def aside(text: str, lang: str) -> str:
    """A parenthetical after a name: '（占总分 15）' in Chinese, ' (Share 15)' in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"

#: Scope 2 basis of an inventory line.
BASIS = SCOPE2_BASIS
#: Which choice list names the items of a record table (by the item's id field).
_ITEM_CHOICE = {"fuel": "fuel", "explosive": "explosive", "carbonate": "carbonate", "facility": "facility"}
_ITEM_TEXT = ("measure", "gas", "description", "serial")


def unit(u: str, lang: str) -> str:
    """'percent' -> '%', 'count' -> '台（套）'; unit symbols (t, 万kWh, kgCO2e/t) stay as they are."""
    return display_unit(u, lang)


def _short(name: str) -> str:
    """A table's name without its parenthesised note: '煤矿瓦斯（纯量，井工煤矿）' -> '煤矿瓦斯'."""
    return name.split("（")[0].split(" (")[0].strip()


def _item_name(item, methodology, lang: str) -> str:
    """The name of a record table's row: a fuel, explosive, facility ... by the workbook's choice
    labels (from the methodology's factor library), or the row's own text (a measure's name)."""
    from workbook_templates.choices import choices

    lists = choices(methodology)
    for field, kind in _ITEM_CHOICE.items():
        key = getattr(item, field, None)
        if isinstance(key, str) and key:
            choice = lists.get(kind)
            try:
                return str(choice.label(key, lang)) if choice else key
            except (KeyError, ValueError):
                return key
    text = next((str(getattr(item, f)) for f in _ITEM_TEXT if getattr(item, f, None)), "")
    return text or enum(REMOVAL, getattr(item, "kind", ""), lang)


def _row_of(record, path: str):
    """The list item a path points into (`fuels[0]`, `explosives[1].amount`), or None."""
    obj, m = record, None
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            obj = obj[int(part[1:-1])]
            m = obj
        else:
            obj = getattr(obj, part, None)
            if obj is None:
                break
    return m


def input_label(path: str, record, methodology, lang: str) -> str:
    """A record input named as the workbook names it, in zh or en: 'fuels[0]' -> '化石燃料消耗：柴油 消耗量',
    'electricity.purchased' -> '电力：购入电量' (labels from workbook_templates' layout through
    validator.locate); the path itself where the layout has no cell for it."""
    from validator.locate import place_of
    from workbook_templates.resolve import resolve

    lay = resolve()
    place = place_of(path, lay)
    spec = lay.by_name.get(place.name) if place else None
    zh = lang == "zh"
    if spec is None:
        block = next((bp.block for bp in lay.blocks if getattr(bp.block, "path", None) == re.sub(r"\[.*", "", path)),
                     None)
        table, field = (_short(block.zh if zh else block.en) if block else ""), ("数量" if zh else "number")
    else:
        table, field = _short(spec.block.zh if zh else spec.block.en), spec.item.zh if zh else spec.item.en
    row = _row_of(record, path)
    name = _item_name(row, methodology, lang) if row is not None else ""
    if not table:
        return path
    if zh:
        return f"{table}：{name} {field}" if name else f"{table}：{field}"
    field = field[:1].lower() + field[1:] if field[1:2].islower() else field
    return f"{table}: {name}, {field}" if name else f"{table}: {field}"
