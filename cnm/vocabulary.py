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
