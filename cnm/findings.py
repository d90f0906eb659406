"""Findings: coded, located, bilingual messages (a closed vocabulary, documented in
docs/reference/findings.md and checked against it by a test).

A finding is data first; its text is rendered from a template and its fields. The engine
emits warnings (a figure was computed but deserves a look) and errors (a figure could not
be computed); the workbook validator uses the same vocabulary and adds its own codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Template:
    severity: Severity
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""
    blocking: bool = False  # an error that stops the figures from being computed


#: Every code the core emits, with its templates. Fields in {braces} come from `make(**fields)`.
CODES: dict[str, Template] = {
    "unit-mismatch": Template("error", "单位“{unit}”不可用，应为{expected}", "unit '{unit}' cannot be used, expected {expected}",
                              "改用正确的单位", "enter the amount in one of the expected units", blocking=True),
    "unknown-source": Template("error", "未知的排放源或因子“{source}”{suggest_zh}", "unknown source or factor '{source}'{suggest_en}",
                               "使用因子库中的编号（cnm methodology show）", "use an id of the factor library (cnm methodology show)", blocking=True),
    "unknown-gas": Template("error", "GWP 集 {gwp} 中没有气体“{gas}”", "gas '{gas}' is not in GWP set {gwp}",
                            "使用标准名称，如 HFC-134a、SF6", "use a standard name such as HFC-134a or SF6", blocking=True),
    "cmm-exceeds-drainage": Template("error", "瓦斯利用量与火炬燃烧量之和（{used} 万Nm3）超过抽采量（{drained} 万Nm3）",
                                     "CMM utilised plus flared ({used} 万Nm3) exceeds the drained volume ({drained} 万Nm3)",
                                     "核对抽采、利用和火炬燃烧的瓦斯纯量", "check the pure-CH4 volumes drained, utilised and flared", blocking=True),
    "missing-input": Template("warning", "缺少计算所需的数据：{what}，该指标按0分计", "missing input: {what}; the indicator scores 0",
                              "补充该数据及其来源", "enter the data and its source"),
    "no-previous-period": Template("warning", "缺少上一评价期数据，无法计算下降率，该指标按0分计",
                                   "no previous-period figures, so the decline rate cannot be computed; the indicator scores 0",
                                   "填写上一期排放总量和产量，或提供上一期记录", "enter the previous period's emissions and output, or give its record"),
    "qualitative-no-evidence": Template("warning", "定性指标 {indicator} 评为 {level} 级但未给出评价依据，按0分计（标准 7.2）",
                                        "qualitative indicator {indicator} is at level {level} without evidence; it scores 0 (standard §7.2)",
                                        "填写证明材料（文件名称、文号、记录）", "describe the evidence (document, reference, record)"),
    "qualitative-missing": Template("warning", "未评定定性指标 {indicator}，按0级计", "qualitative indicator {indicator} is not assessed; level 0 is used",
                                    "评定等级并给出依据", "assess the level and give its evidence"),
    "source-missing": Template("warning", "未注明数据来源（标准 4.1）", "no data source given (standard §4.1)",
                               "注明台账、报表或监测记录", "name the ledger, statistics report or monitoring record"),
    "quality-missing": Template("warning", "未注明数据质量等级（标准 7.2）", "no data-quality tier given (standard §7.2)",
                                "选择实测/计算/估算/缺省值", "choose measured, calculated, estimated or default"),
    "cmm-not-measured": Template("warning", "井工煤矿未填报风排和抽采瓦斯量，甲烷逃逸排放不完整",
                                 "underground coal mine without ventilation and drainage CH4: fugitive methane is incomplete",
                                 "填报监测的风排瓦斯和抽采瓦斯纯量", "enter the monitored pure-CH4 volumes of ventilation air and drainage"),
    "gas-class-missing": Template("warning", "未填报矿井瓦斯等级，矿后活动按高瓦斯矿井计", "mine gas class not given; post-mining CH4 uses the high-gas factor",
                                  "填写瓦斯等级鉴定结果", "enter the gas classification of the mine"),
    "gas-not-declared": Template("warning", "气体 {gas} 有排放，但未在边界声明的温室气体种类中", "gas {gas} is emitted but not declared in the boundary",
                                 "在评价边界中声明该气体", "declare the gas in the boundary"),
    "scope3-not-declared": Template("info", "已填报范围三排放但边界未声明范围三，仅报告不计入总量",
                                    "Scope 3 emissions are reported but Scope 3 is not in the boundary; they are shown, not counted",
                                    "如需计入，在边界中加入范围三", "add Scope 3 to the boundary to count them"),
    "grid-region-unknown": Template("warning", "“{where}”不是已知的省份或电网区域，购入电力按全国电网平均排放因子计",
                                    "'{where}' is not a known province or grid region; purchased electricity uses the "
                                    "national grid average", "填写省份全称（如“山西省”）或电网区域（华北、华东……）",
                                    "give the province's full name (e.g. 山西省) or a grid region (north, east ...)"),
    "negative-net-electricity": Template("warning", "上网电量大于购入电量，净购入电量按0计", "exported exceeds purchased electricity; net purchase is taken as 0",
                                         "核对购入电量和上网电量的数值与单位", "check the purchased and exported figures and their units"),
    "green-exceeds-purchase": Template("warning", "绿电及绿证电量（{green} MWh）超过净购入电量（{net} MWh），超出部分不计",
                                       "green power and certificates ({green} MWh) exceed net purchased electricity ({net} MWh); the excess is not counted",
                                       "核对绿电交易量和绿证电量（单位 MWh）不超过本期净购入电量；只申报用于本期用电的部分",
                                       "check that green power and certificates (MWh) do not exceed this period's net purchase; "
                                       "claim only what covers this period's consumption"),
    "green-certificate-duplicate": Template("error", "绿证编号 {serial} 重复申报", "green certificate {serial} is claimed twice",
                                            "每张绿证只能申报一次", "claim each certificate once"),
    "offset-programme": Template("warning", "碳信用“{programme}”不在认可的抵消机制内，不计入抵消量（标准 7.2）",
                                 "credit programme '{programme}' is not recognised; the credit is not counted (standard §7.2)",
                                 "从下拉列表选择认可的抵消机制（如 CCER），或删除该行", "choose a recognised programme (e.g. CCER) from the list, or delete the row"),
    "offset-not-retired": Template("warning", "碳信用未注销（无注销日期），不计入抵消量", "credit not retired (no retirement date); not counted",
                                   "提供注销证明并填写注销日期", "give the retirement certificate and its date"),
    "offset-expired": Template("warning", "碳信用年份 {vintage} 距评价期末超过 {years} 年，已过有效期，不计入（标准 7.2）",
                               "credit vintage {vintage} is more than {years} years before the period end; expired, not counted (standard §7.2)",
                               "核对碳信用的年份；过期的信用不能用于本期抵消", "check the credit's vintage; expired credits cannot offset this period"),
    "offset-future-vintage": Template("warning", "碳信用年份 {vintage} 晚于评价期，不计入", "credit vintage {vintage} is after the period; not counted",
                                      "核对碳信用的年份（应不晚于评价期）", "check the credit's vintage (not after the period)"),
    "offset-beneficiary": Template("warning", "碳信用注销受益方“{beneficiary}”不是本矿山，不计入",
                                   "credit retired for '{beneficiary}', not for this mine; not counted",
                                   "核对注销证明上的受益方，应为本矿山（名称或编号与基本信息一致）",
                                   "check the beneficiary on the retirement certificate: it must be this mine (its name or id as on the basic sheet)"),
    "offset-duplicate-serial": Template("error", "碳信用序列号区间 {serial} 与第 {other} 行重复，重复部分不计入",
                                        "credit serial range {serial} overlaps row {other}; the duplicate is not counted",
                                        "核对注销证明上的序列号区间，删除重复申报的行", "check the serial ranges on the retirement certificates and delete the repeated row"),
    "offset-serial-quantity": Template("warning", "序列号区间包含 {units} 个单位，与数量 {quantity} 不符",
                                       "the serial range holds {units} units but the quantity is {quantity}",
                                       "核对起止序列号和数量，使两者一致", "check the first and last serial and the quantity so that they agree"),
    "no-target": Template("warning", "未设定本期减排目标，减排目标完成度按0分计", "no reduction target for the period; target completion scores 0",
                          "填写本期计划减排量", "enter the period's planned reduction"),
    "half-year-annualised": Template("info", "半年度评价：{what}按年度因子折算为半年", "half-year period: {what} uses annual factors scaled to six months"),
    # ---- history: the previous period from earlier records (cnm.previous, R-4.2, R-6.3) ----
    "previous-mismatch": Template("warning", "填报的上一期（{period}）{what_zh}为 {stated}，按该期记录重新计算为 {computed}（相差 {diff}%），下降率采用重新计算值",
                                  "the stated previous-period ({period}) {what_en} is {stated} but that period's record gives {computed} ({diff}% apart); decline rates use the recomputed figure",
                                  "核对上一期数据；若方法学或边界有变化，在报告中说明", "check the previous-period figures; explain any change of methodology or boundary in the report"),
    "previous-annualised": Template("info", "{current} 与 {previous} 期间长度不同：{previous} 的排放量和产量乘以 {factor} 后比较（强度下降率不受影响）",
                                    "{current} and {previous} differ in length: {previous}'s emissions and output are multiplied by {factor} before comparing (the intensity decline is unaffected)"),
    "previous-grid-changed": Template("warning", "购入电力（{basis_zh}）的电网排放因子与 {period} 不同：{period} 用 {before_zh}（{before}），本期用 {now_zh}（{now}）；{effect_zh}",
                                      "purchased electricity ({basis_en}) uses another grid's factor than {period}: {period} used {before_en} ({before}), this period {now_en} ({now}); {effect_en}",
                                      "比较两期时说明因子口径；需要可比时，在记录中用 electricity.grid_region 或 factor_year 让两期采用同一电网的因子",
                                      "say so when comparing; for like-for-like figures set electricity.grid_region or factor_year so both periods use the same grid's factor"),
    "previous-not-in-history": Template("info", "早期记录中没有 {period} 的记录，上一期数据采用填报值", "no record of {period} among the earlier records; the stated previous-period figures are used"),
    "previous-record-invalid": Template("warning", "上一期记录 {key} 无法核算（{problem}），未用于比较", "the earlier record {key} cannot be accounted ({problem}); it is not used for the comparison",
                                        "先修正该期记录", "fix that period's record first"),
    "target-year-to-date": Template("info", "{first} 与 {second} 填报相同的减排目标，视为年度目标：完成度按两个半年累计减排量 {achieved} tCO2e 计算",
                                    "{first} and {second} state the same reduction target, read as the annual target: completion counts the reductions of both halves ({achieved} tCO2e)"),
    "intensity-rising": Template("warning", "碳排放强度较 {period} 上升 {change}%，不符合强度逐年下降的要求（标准 4.2）",
                                 "carbon intensity rose {change}% against {period}; the standard (4.2) asks it to fall year on year",
                                 "分析强度上升的原因并制定改进措施", "analyse why the intensity rose and plan measures"),
    # ---- group consolidation (cnm.consolidation, R-6.1) and base year (cnm.base_year) ----
    "group-offset-duplicate": Template("error", "{holder} 第 {row} 行碳信用 {serial} 与 {other} 第 {other_row} 行重复，集团口径只计一次，扣减 {units} tCO2e",
                                       "credit {serial} of {holder} row {row} repeats {other} row {other_row}; the group counts it once and deducts {units} tCO2e",
                                       "核对注销证明，每个序列号只能由一个主体申报", "check the retirement certificates: each serial is claimed by one holder only"),
    "group-member-excluded": Template("info", "{mine} 按{approach_zh}法份额为 0（{reason_zh}），不纳入集团边界",
                                      "{mine} has a 0 share under the {approach_en} approach ({reason_en}); it is outside the group's boundary"),
    "group-target-partial": Template("warning", "成员 {mines} 未设定减排目标，集团减排目标完成度只计设定目标的成员",
                                     "members {mines} set no reduction target; the group's target completion counts only the members with one",
                                     "在这些成员的记录中填写本期计划减排量", "enter the period's planned reduction in these members' records"),
    "group-input-partial": Template("warning", "成员 {mines} 缺少 {what}，集团的该项合计不完整", "members {mines} lack {what}; the group's total of it is incomplete",
                                    "补齐成员记录中的数据", "complete the members' records"),
    "group-previous-incomplete": Template("warning", "成员 {mines} 缺少上一期数据，集团无法按同一边界计算下降率，该指标按0分计",
                                          "members {mines} have no previous-period figures, so the group's decline rates cannot be computed on the same boundary; the indicators score 0",
                                          "提供这些成员上一期的记录", "give these members' previous-period records"),
    "base-year-recalculated": Template("info", "结构变化累计影响 {change}%，达到 {threshold}% 的显著性阈值：{year} 基准年排放由 {original} 重算为 {recalculated} tCO2e（温室气体核算体系企业标准第5章）",
                                       "structural changes add up to {change}%, at or above the {threshold}% significance threshold: base-year {year} emissions are recalculated from {original} to {recalculated} tCO2e (GHG Protocol Corporate Standard ch. 5)"),
    "base-year-not-recalculated": Template("info", "结构变化累计影响 {change}%，低于 {threshold}% 的显著性阈值：{year} 基准年排放 {original} tCO2e 不重算",
                                           "structural changes add up to {change}%, below the {threshold}% significance threshold: base-year {year} emissions of {original} tCO2e are not recalculated"),
    "base-year-figure-missing": Template("warning", "{mine} 缺少 {year} 基准年排放数据（该年记录或 base_year_emissions），基准年重算不完整",
                                         "{mine} has no base-year {year} emissions (a record of that year or base_year_emissions); the base-year recalculation is incomplete",
                                         "提供该矿山基准年的记录或在集团文件中填写 base_year_emissions", "give the mine's base-year record or base_year_emissions in the group file"),
}


class Finding(BaseModel):
    """One finding: what, where, how bad, what to do."""

    model_config = ConfigDict(frozen=True)
    code: str
    severity: Severity
    loc: str
    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    file: str = ""

    def line(self, lang: str = "zh") -> str:
        """'loc: code: message' in one language."""
        msg = self.message_zh if lang == "zh" else self.message_en
        return f"{self.loc}: {self.code}: {msg}"


def is_blocking(finding: Finding) -> bool:
    """True for errors that stop the figures being computed (bad unit, unknown source...)."""
    t = CODES.get(finding.code)
    return bool(t and t.blocking)


def make(code: str, loc: str, **fields) -> Finding:
    """Render a finding from its template; KeyError for a code outside the vocabulary."""
    t = CODES[code]
    return Finding(code=code, severity=t.severity, loc=loc, message_zh=t.zh.format(**fields),
                   message_en=t.en.format(**fields), hint_zh=t.hint_zh, hint_en=t.hint_en)
