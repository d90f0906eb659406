"""The words of the record's coded values, (code, zh, en): one vocabulary for the workbook's
drop-down lists (whose reader maps these words back to codes, so they do not change lightly),
the assessment report and the website, so a code reads the same everywhere."""

from __future__ import annotations

import re

Term = tuple[object, str, str]

REGIONS = (("national", "全国", "National"), ("north", "华北", "North China"), ("northeast", "东北", "Northeast China"),
           ("east", "华东", "East China"), ("central", "华中", "Central China"), ("northwest", "西北", "Northwest China"),
           ("south", "南方", "South China"), ("southwest", "西南", "Southwest China"))

#: Every closed list of the record, by name (the workbook's choice lists of the same names).
TERMS: dict[str, tuple[Term, ...]] = {
    "consolidation": (("operational_control", "运营控制权法", "Operational control"),
                      ("financial_control", "财务控制权法", "Financial control"),
                      ("equity_share", "股权比例法", "Equity share")),
    "quality": (("measured", "实测", "measured"), ("calculated", "计算", "calculated"),
                ("estimated", "估算", "estimated"), ("default", "缺省值", "default")),
    "use": (("stationary", "固定源", "stationary"), ("mobile", "移动源", "mobile")),
    "gas_class": (("high_gas", "高瓦斯矿井", "high-gas mine"), ("low_gas", "低瓦斯矿井", "low-gas mine"),
                  ("outburst", "煤与瓦斯突出矿井", "outburst mine")),
    "half": ((1, "上半年", "H1"), (2, "下半年", "H2")),
    "yesno": ((True, "是", "yes"), (False, "否", "no")),
    "reduction_kind": (("energy_efficiency", "节能提效", "energy efficiency"), ("fuel_switch", "燃料替代", "fuel switch"),
                       ("electrification", "电能替代", "electrification"), ("renewable", "可再生能源", "renewable energy"),
                       ("methane_utilisation", "甲烷利用", "methane utilisation"), ("process", "工艺改进", "process change"),
                       ("other", "其他", "other")),
    "removal_kind": (("backfill_co2_fixation", "充填固碳", "backfill CO2 fixation"),
                     ("ccus_storage", "CCUS 封存", "CCUS storage"),
                     ("restoration_sink", "生态修复碳汇", "restoration sink"),
                     ("carbonation", "矿化固碳", "carbonation")),
    "programme": (("CCER", "CCER", "CCER"), ("CEA", "CEA（碳排放配额）", "CEA (allowance)"), ("CDM", "CDM", "CDM"),
                  ("VCS", "VCS", "VCS"), ("GS", "GS（黄金标准）", "GS (Gold Standard)"),
                  ("external_sink", "外部碳汇", "external sink"), ("other", "其他", "other")),
    "level": tuple((i, str(i), str(i)) for i in range(5)),
    "region": REGIONS,
}


def words(name: str) -> dict[object, tuple[str, str]]:
    """code -> (zh, en) of one list of TERMS."""
    return {code: (zh, en) for code, zh, en in TERMS[name]}


#: The two Scope 2 bases (GHG Protocol Scope 2 Guidance), for the report and the core's messages.
SCOPE2_BASIS = {"location": ("基于位置", "location-based"), "market": ("基于市场", "market-based")}


#: An underground mine's measured gas volumes (record fields of coal_mine_methane): code ->
#: (zh, en), the workbook's labels; a full-width parenthesis in the Chinese is a hint the workbook
#: shows and the trace leaves out (cnm.vocabulary.plain).
CMM_VOLUMES = {"ventilation": ("风排瓦斯量", "Ventilation air CH4"), "drainage": ("抽采瓦斯量", "Drained CH4"),
               "flared": ("火炬燃烧量", "Flared"), "utilised_onsite": ("自用（锅炉、发电）量", "Utilised on site"),
               "utilised_offsite": ("外供利用量", "Supplied to others"),
               "co2_ventilation": ("风排二氧化碳量", "CO2 in ventilation air"),
               "co2_drainage": ("抽采二氧化碳量", "CO2 in drained gas")}


def plain(zh: str) -> str:
    """A Chinese label without its full-width parenthesised hint: '自用（锅炉、发电）量' -> '自用量'."""
    return re.sub(r"（[^（）]*）", "", zh)


#: The symbols of the accounting formulas (GB/T 32150, the NDRC guidelines), in Chinese.
SYMBOLS_ZH = {"FC": "燃料消耗量", "NCV": "低位发热量", "CC": "单位热值含碳量", "OF": "碳氧化率", "EF": "排放因子"}


def symbol_zh(symbol: str) -> str:
    """A formula symbol with its Chinese name, as a trace input's Chinese name: 'FC（燃料消耗量）'."""
    return f"{symbol}（{SYMBOLS_ZH[symbol]}）"


#: The emission categories of the inventory's lines (cnm.accounting: `category=` of each line,
#: CategoryTotal.category), code -> (zh, en): the site's and the charts' names of a source.
#: Scope 3 lines use 'scope3_cat<N>' (SCOPE3_CATEGORIES, via `emission_category`).
EMISSION_CATEGORIES: dict[str, tuple[str, str]] = {
    "stationary_combustion": ("固定源燃烧", "Stationary combustion"),
    "mobile_combustion": ("移动源燃烧", "Mobile combustion"),
    "fugitive_cmm": ("井工开采甲烷逃逸", "Underground mining CH4"),
    "surface_mining": ("露天开采甲烷逃逸", "Surface mining CH4"),
    "post_mining": ("矿后活动甲烷逃逸", "Post-mining CH4"),
    "fugitive_co2": ("二氧化碳逃逸", "Fugitive CO2"),
    "flare": ("火炬燃烧", "Flaring"),
    "recovery": ("二氧化碳回收利用", "CO2 recovered"),
    "facility_fugitive": ("设备逃逸", "Equipment leaks"),
    "facility_venting": ("工艺放空", "Process venting"),
    "oilgas_vented_ch4": ("甲烷放空", "CH4 vented"),
    "oilgas_recovered_ch4": ("甲烷回收利用", "CH4 recovered"),
    "process_carbonate": ("碳酸盐分解", "Carbonate decomposition"),
    "process_explosive": ("炸药爆破", "Explosives"),
    "fgas": ("含氟气体", "F-gases"),
    "electricity": ("购入电力", "Purchased electricity"),
    "heat": ("购入热力", "Purchased heat"),
}

#: The 15 Scope 3 categories of the GHG Protocol Scope 3 Standard, number -> (zh, en).
SCOPE3_CATEGORIES: dict[int, tuple[str, str]] = {
    1: ("外购商品和服务", "Purchased goods and services"), 2: ("资本货物", "Capital goods"),
    3: ("燃料和能源相关活动", "Fuel- and energy-related activities"),
    4: ("上游运输和配送", "Upstream transportation and distribution"),
    5: ("运营中产生的废弃物", "Waste generated in operations"), 6: ("商务差旅", "Business travel"),
    7: ("员工通勤", "Employee commuting"), 8: ("上游租赁资产", "Upstream leased assets"),
    9: ("下游运输和配送", "Downstream transportation and distribution"),
    10: ("售出产品的加工", "Processing of sold products"), 11: ("售出产品的使用", "Use of sold products"),
    12: ("售出产品的寿命终止处理", "End-of-life treatment of sold products"),
    13: ("下游租赁资产", "Downstream leased assets"), 14: ("特许经营", "Franchises"), 15: ("投资", "Investments"),
}


def emission_category(code: str) -> tuple[str, str] | None:
    """(zh, en) of an inventory line's category: 'flare' -> ('火炬燃烧', 'Flaring'),
    'scope3_cat4' -> ('类别4 上游运输和配送', 'Category 4: Upstream transportation and distribution');
    None for a code without words."""
    if code in EMISSION_CATEGORIES:
        return EMISSION_CATEGORIES[code]
    m = re.fullmatch(r"scope3_cat(\d{1,2})", code)
    if m and int(m.group(1)) in SCOPE3_CATEGORIES:
        n = int(m.group(1))
        zh, en = SCOPE3_CATEGORIES[n]
        return f"类别{n} {zh}", f"Category {n}: {en}"
    return None


#: China's provincial-level divisions: (full Chinese name, short name, English name).
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("北京市", "北京", "Beijing"), ("天津市", "天津", "Tianjin"), ("河北省", "河北", "Hebei"),
    ("山西省", "山西", "Shanxi"), ("内蒙古自治区", "内蒙古", "Inner Mongolia"), ("辽宁省", "辽宁", "Liaoning"),
    ("吉林省", "吉林", "Jilin"), ("黑龙江省", "黑龙江", "Heilongjiang"), ("上海市", "上海", "Shanghai"),
    ("江苏省", "江苏", "Jiangsu"), ("浙江省", "浙江", "Zhejiang"), ("安徽省", "安徽", "Anhui"),
    ("福建省", "福建", "Fujian"), ("江西省", "江西", "Jiangxi"), ("山东省", "山东", "Shandong"),
    ("河南省", "河南", "Henan"), ("湖北省", "湖北", "Hubei"), ("湖南省", "湖南", "Hunan"),
    ("广东省", "广东", "Guangdong"), ("广西壮族自治区", "广西", "Guangxi"), ("海南省", "海南", "Hainan"),
    ("重庆市", "重庆", "Chongqing"), ("四川省", "四川", "Sichuan"), ("贵州省", "贵州", "Guizhou"),
    ("云南省", "云南", "Yunnan"), ("西藏自治区", "西藏", "Tibet (Xizang)"), ("陕西省", "陕西", "Shaanxi"),
    ("甘肃省", "甘肃", "Gansu"), ("青海省", "青海", "Qinghai"), ("宁夏回族自治区", "宁夏", "Ningxia"),
    ("新疆维吾尔自治区", "新疆", "Xinjiang"), ("香港特别行政区", "香港", "Hong Kong"),
    ("澳门特别行政区", "澳门", "Macao"), ("台湾省", "台湾", "Taiwan"),
)
_PROVINCE_EN = {zh: en for full, short, en in PROVINCES for zh in (full, short)}


def province_en(name: str | None) -> str | None:
    """The English name of a province-level division written in Chinese ('四川省' or '四川' ->
    'Sichuan'); None for anything else (an English name, a city, free text)."""
    return _PROVINCE_EN.get((name or "").strip())


#: What each scoring metric of the rubric measures (cnm.metrics.METRICS and 'qualitative'),
#: code -> (zh, en), for tables of the rubric.
METRICS: dict[str, tuple[str, str]] = {
    "emissions_vs_budget": ("排放总量 / 排放上限（或产量 × 类别参考强度）",
                            "gross emissions / cap (or output × the category's reference intensity)"),
    "energy_vs_budget": ("能源消费总量 / 能耗上限（或产量 × 类别参考能耗强度）",
                         "energy use / cap (or output × the category's reference energy intensity)"),
    "carbon_intensity": ("单位产量碳排放强度", "carbon intensity per unit of output"),
    "intensity_decline": ("碳排放强度比上期下降率（%）", "fall of carbon intensity from the previous period (%)"),
    "emissions_decline": ("排放总量比上期下降率（%）", "fall of gross emissions from the previous period (%)"),
    "energy_intensity": ("单位产量能源消费量", "energy use per unit of output"),
    "self_reduction_share": ("自主减排量 / (排放总量 + 自主减排量)（%）", "reductions / (gross + reductions) (%)"),
    "target_completion": ("减排目标完成度（%）", "completion of the reduction target (%)"),
    "solid_waste_utilisation": ("固体废弃物综合利用率（%）", "solid-waste utilisation (%)"),
    "water_recycling": ("水资源循环利用率（%）", "water recycling rate (%)"),
    "waste_intensity": ("单位产量固废产生量", "solid waste per unit of output"),
    "fresh_water_per_value": ("单位产值新水用量（m3/万元）", "fresh water per 10^4 yuan of output value (m3/万元)"),
    "electricity_share": ("电力占能源消费比重（%）", "electricity's share of energy use (%)"),
    "renewable_share": ("可再生能源占能源消费比重（%）", "renewables' share of energy use (%)"),
    "restoration_sink_share": ("生态修复固碳量 / 排放总量（%）", "restoration sink / gross emissions (%)"),
    "offset_share": ("有效抵消量 / 剩余排放量（%）", "valid offsets / residual emissions (%)"),
    "green_coverage": ("绿化覆盖率（%）", "green coverage (%)"),
    "qualitative": ("定性评定（0–4 级）", "qualitative (levels 0–4)"),
}

#: The methodology's rule for the year of the grid factor (Parameters.grid_year_rule).
GRID_YEAR_RULES = {"latest": ("不晚于评价期的最近年份", "latest year up to the period"),
                   "exact": ("与评价期同年", "the period's own year")}
