"""Fixed words of the site in Chinese and English, and number formatting.

Only our own strings live here; text from records goes through cnm.present.safe.
"""

from __future__ import annotations

import re

from cnm.vocabulary import EMISSION_CATEGORIES, words

LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    "home": ("首页", "Home"),
    "results": ("全部评价结果", "All results"),
    "groups": ("集团", "Groups"),
    "methodology": ("评价方法", "Methodology"),
    "downloads": ("数据下载", "Downloads"),
    "feedback": ("公众意见", "Public opinion"),
    "mine": ("矿山", "Mine"),
    "mines": ("矿山", "Mines"),
    "period": ("评价期", "Period"),
    "periods": ("各评价期", "Periods"),
    "category": ("类别", "Category"),
    "province": ("地区", "Region"),
    "group": ("所属集团", "Group"),
    "grade": ("等级", "Grade"),
    "score": ("综合得分", "Score"),
    "indicator_score": ("得分", "Score"),
    "gross": ("排放总量 (tCO2e)", "Gross emissions (tCO2e)"),
    "intensity": ("碳排放强度", "Carbon intensity"),
    "offset_share": ("抵消比例", "Offset share"),
    "filter": ("筛选（名称、地区、等级……）", "Filter (name, region, grade…)"),
    "count_by_grade": ("各等级矿山数（最新评价期）", "Mines by grade (latest period)"),
    "count": ("数量", "Count"),
    "latest": ("最新评价期", "Latest period"),
    "trend": ("历年趋势（动态评价）", "Trend over the periods (dynamic assessment)"),
    "basic": ("基本信息", "Basic information"),
    "score_by_group": ("二级指标得分", "Score by indicator group"),
    "inventory": ("温室气体排放清单", "Greenhouse-gas inventory"),
    "by_source": ("按排放源", "By source"),
    "reductions": ("减排措施", "Emission reductions"),
    "removals": ("边界内移除", "In-boundary removals"),
    "offsets": ("碳抵消", "Carbon offsets"),
    "indicators": ("三级指标及证据", "Indicators and evidence"),
    "method_hash": ("方法与可追溯性", "Methodology and traceability"),
    "report": ("评价报告", "Assessment report"),
    "lang_zh": ("中文", "Chinese"),
    "lang_en": ("英文", "English"),
    "no_report": ("本期暂无公开的评价报告。", "No assessment report has been published for this period."),
    "data": ("本页数据", "Data of this page"),
    "not_given": ("未填报", "not reported"),
    "none": ("无", "none"),
    "item": ("项目", "Item"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "weight": ("权重", "Weight"),
    "share": ("占总分", "Share of total"),
    "points": ("折合分", "Points"),
    "evidence": ("证据摘要", "Evidence summary"),
    "indicator": ("指标", "Indicator"),
    "measure": ("措施", "Measure"),
    "kind": ("类型", "Kind"),
    "amount": ("数量 (tCO2e)", "Amount (tCO2e)"),
    "baseline": ("基线", "Baseline"),
    "programme": ("类型", "Programme"),
    "project": ("项目编号", "Project"),
    "serials": ("序列号", "Serial numbers"),
    "vintage": ("年份", "Vintage"),
    "counted": ("计入", "Counted"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "scope": ("范围", "Scope"),
    "source": ("排放源", "Source"),
    "gas": ("气体", "Gas"),
    "members": ("成员矿山", "Member mines"),
    "consolidated": ("合并数据", "Consolidated figures"),
    "contributions": ("成员矿山贡献", "Member contributions"),
    "basis": ("纳入依据", "Basis"),
    "share_counted": ("纳入比例", "Share counted"),
    "of_group": ("占集团排放", "Of group gross"),
    "not_consolidated": ("未能合并：", "not consolidated:"),
    "implicit_group": ("未提供集团文件：按集团全资拥有并运营全部成员矿山（100%，运营控制）合并。",
                       "No group file given: every member mine counts 100 % (operational control)."),
    "approach_equity": ("按股权比例法合并（温室气体核算体系企业标准第3章）。",
                        "Consolidated by equity share (GHG Protocol Corporate Standard, ch. 3)."),
    "approach_financial": ("按财务控制权法合并（温室气体核算体系企业标准第3章）。",
                           "Consolidated by financial control (GHG Protocol Corporate Standard, ch. 3)."),
    "approach_operational": ("按运营控制权法合并（温室气体核算体系企业标准第3章）。",
                             "Consolidated by operational control (GHG Protocol Corporate Standard, ch. 3)."),
    "channel": ("意见反馈渠道", "Where to send feedback"),
    "site_channel": ("发布机构意见渠道", "Publisher's feedback channel"),
    "questionnaire": ("问卷调查", "Questionnaire"),
    "responses": ("有效问卷", "Responses"),
    "satisfied": ("满意", "Satisfied"),
    "hearing": ("听证会/座谈会纪要", "Hearing summary"),
    "all_data": ("全部数据", "The whole data set"),
    "record": ("填报数据", "Record"),
    "result": ("评价结果", "Result"),
    "scope1": ("范围一 直接排放", "Scope 1 direct"),
    "scope2_location": ("范围二 基于位置", "Scope 2 location-based"),
    "scope2_market": ("范围二 基于市场", "Scope 2 market-based"),
    "scope3": ("范围三", "Scope 3"),
    "residual": ("剩余排放量", "Residual emissions"),
    "removals_total": ("边界内移除量", "In-boundary removals"),
    "offsets_total": ("有效抵消量", "Valid offsets"),
    "reductions_total": ("自主减排量", "Self-achieved reductions"),
    "energy": ("能源消费总量 (tce)", "Energy consumption (tce)"),
    "grade_by_score": ("按得分", "by score"),
    "grade_by_offset": ("按抵消比例", "by offset share"),
    "methodology_name": ("方法", "Methodology"),
    "version": ("版本", "Version"),
    "hash": ("内容哈希 (SHA-256)", "Content hash (SHA-256)"),
    "findings": ("提示", "Notes"),
    "method": ("方法", "Method"),
    "withheld": ("公开的填报数据不含个人信息：矿山负责人姓名和联系方式不予公开（下载文件中已删除），"
                 "其余填报内容完整公开。",
                 "Published records contain no personal data: the mine's responsible person and contact details "
                 "are withheld (removed from every download); the rest of each record is published in full."),
    "address": ("地址", "Address"),
    "product": ("产品", "Product"),
    "output": ("产量", "Output"),
    "assessor": ("评价机构", "Assessor"),
    "report_date": ("报告日期", "Report date"),
    "not_rated_note": ("“未达级”表示得分或抵消比例未达到最低等级要求。",
                       "“Not rated” means the score or the offset share is below the lowest grade's threshold."),
}

#: Emission categories of the inventory (cnm.accounting), for chart legends: the core's words.
CATEGORIES: dict[str, tuple[str, str]] = dict(EMISSION_CATEGORIES)

REMOVAL_KINDS = words("removal_kind")  # the workbook's and the report's words (cnm.vocabulary)
REDUCTION_KINDS = words("reduction_kind")
PROGRAMMES = words("programme")


def t(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """A label from one of the tables above; unknown keys show as themselves."""
    pair = table.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[0] if lang == "zh" else pair[1]


def num(v: float | None, digits: int = 1) -> str:
    """1234567.8 -> '1,234,567.8'; None -> '—'."""
    return "—" if v is None else f"{v:,.{digits}f}"


def pct(v: float | None) -> str:
    """A fraction as a percentage: 0.0426 -> '4.3%'."""
    return "—" if v is None else f"{v * 100:,.1f}%"


#: Our internal requirement ids (R-9.2, G-1 …: cnm's reading of the standard) and the
#: parentheses or separators around them. They mean nothing to the public and stay off the pages.
_REQ = r"[GR]-\d+(?:\.\d+)*"
_REQ_PAREN = re.compile(rf"\s*[（(]\s*{_REQ}(?:\s*(?:[,，、;；]|和|and)\s*{_REQ})*\s*[）)]")
_REQ_LIST = re.compile(rf"\s*[,，、;；]\s*{_REQ}(?=\s*[）),，;；])|{_REQ}\s*[,，、;；]\s*(?=[^）)]*[）)])")
_REQ_START = re.compile(rf"(^|[.。;；]\s*){_REQ}\s+(?=[a-z])")
_REQ_ANY = re.compile(rf"\b{_REQ}\b")


def public_text(text: str, lang: str, *, inline: bool = True) -> str:
    """Text from the methodology data without cnm's requirement ids: 'rises (R-4.2)' -> 'rises',
    'R-4.2 asks' -> 'The standard asks', 'the bands of R-9.2' -> 'the bands of the standard'.
    `inline=False` only drops ids in parentheses (a finding's message may quote record text)."""
    if not text or "-" not in text:
        return text or ""
    out = _REQ_PAREN.sub("", text)
    if not inline:
        return out
    out = _REQ_LIST.sub("", out)
    out = _REQ_START.sub(lambda m: m.group(1) + ("标准" if lang == "zh" else "The standard "), out)
    return _REQ_ANY.sub("标准" if lang == "zh" else "the standard", out)
