"""THE layout of the cnm workbook: every field of the canonical record (cnm.record.Record),
where it goes, its labels (zh/en), type, unit list and validation; and every computed cell.

Fill (record -> workbook), read_record (workbook -> record), the builder and recalc walk
this one spec (after `resolve.resolve` gives each item its cells and defined name). Changing
a cell's place or a formula changes TEMPLATE_VERSION's minor part; removing or renaming one, the
major. The validator refuses a workbook of an earlier minor version as template-outdated (its
formulas differ from the current ones); `cnm fill OLD.xlsx` moves its data into the current one.
"""

from __future__ import annotations

from cnm.vocabulary import CMM_VOLUMES
from workbook_templates import calc_activity as ca
from workbook_templates import calc_fugitive as cf
from workbook_templates import calc_results as cr
from workbook_templates.spec import Field, Form, Sheet, Table

TEMPLATE_VERSION = "cnm-template/1.1"  # 1.1: numbers as text counted, reasons in words, Not rated


def amount(key, zh, en, units, **kw) -> Field:
    return Field(key, zh, en, "amount", units=units, **kw)


TEXT_WIDE = 30
SRC = Field("data_source", "数据来源", "Data source", width=22)
QUAL = Field("quality", "数据质量", "Quality", "choice", choice="quality", width=10)

MINE = Form("mine", "矿山", "Mine", "mine", (
    Field("id", "矿山编号（英文小写、数字、连字符）", "Mine id (a-z, 0-9, -)", note_zh="用于文件名和网址，如 shanxi-xinyuan-coal",
          note_en="used in file names and URLs, e.g. shanxi-xinyuan-coal"),
    Field("name_zh", "矿山名称（中文）", "Mine name (Chinese)", width=TEXT_WIDE),
    Field("name_en", "矿山名称（英文）", "Mine name (English)", width=TEXT_WIDE),
    Field("code", "统一社会信用代码或采矿许可证号", "Credit code or mining licence no."),
    Field("category", "矿山类别", "Mine category", "choice", choice="category"),
    Field("province", "省份", "Province", "choice", choice="province"),
    Field("address", "地址", "Address", width=TEXT_WIDE),
    Field("parent_group", "所属集团编号", "Parent group id"),
    Field("consolidation_approach", "边界确定方法", "Consolidation approach", "choice", choice="consolidation"),
    Field("responsible_person", "负责人", "Responsible person"),
    Field("contact", "联系方式", "Contact"),
))
PERIOD = Form("period", "评价期", "Period", "period", (
    Field("year", "评价年度", "Year", "int", min=2000, max=2100),
    Field("half", "半年度（全年留空）", "Half year (blank = whole year)", "choice", choice="half"),
))
ASSESSMENT = Form("assessment", "评价信息", "Assessment", "assessment", (
    Field("commissioning_party", "委托方", "Commissioning party"),
    Field("assessor", "评价机构", "Assessor"),
    Field("lead_assessor", "评价组长", "Lead assessor"),
    Field("report_date", "报告日期", "Report date", "date"),
    Field("standards", "依据标准（每行一项）", "Standards (one per line)", "lines", width=TEXT_WIDE),
    Field("reason", "评价原因", "Reason", width=TEXT_WIDE),
    Field("objectives", "评价目的", "Objectives", width=TEXT_WIDE),
))
BOUNDARY = Form("boundary", "评价边界", "Boundary", "boundary", (
    Field("description", "边界描述", "Description", width=TEXT_WIDE),
    Field("scopes", "纳入范围三（范围一、二必须纳入）", "Include Scope 3 (Scopes 1 and 2 always)", "scopes", choice="yesno"),
    Field("gases", "温室气体种类（逗号分隔）", "Greenhouse gases (comma-separated)", "csv"),
    Field("sources", "排放源", "Sources", width=TEXT_WIDE),
    Field("activities", "活动", "Activities", width=TEXT_WIDE),
))
PRODUCTION = Form("production", "生产", "Production", "production", (
    amount("output", "主要产品产量", "Main output", "output"),
    Field("product", "产品", "Product"),
    amount("output_value", "工业总产值", "Gross output value", "money"),
    Field("mine_gas_class", "矿井瓦斯等级（井工煤矿）", "Mine gas class (underground coal)", "choice", choice="gas_class"),
    Field("own_ch4_factors.surface_mining.kg_ch4_per_t", "实测露天开采甲烷排放因子（留空取缺省值）",
          "Measured surface-mining CH4 factor (blank = default)", "float", min=0, max=100, unit="kgCH4/t"),
    Field("own_ch4_factors.surface_mining.source", "露天开采因子实测依据", "Surface-mining factor measurement",
          width=TEXT_WIDE),
    Field("own_ch4_factors.post_mining.kg_ch4_per_t", "实测矿后活动甲烷排放因子（留空取缺省值）",
          "Measured post-mining CH4 factor (blank = default)", "float", min=0, max=100, unit="kgCH4/t"),
    Field("own_ch4_factors.post_mining.source", "矿后活动因子实测依据", "Post-mining factor measurement",
          width=TEXT_WIDE),
    *cr.BASIC,
))
TARGETS = Form("targets", "目标", "Targets", "targets", (
    amount("reduction_target", "本期计划减排量", "Planned reduction", "mass"),
    amount("emission_cap", "本期排放上限", "Emission cap", "mass"),
    amount("energy_cap", "本期能耗上限", "Energy cap", "coal_equivalent"),
    Field("base_year", "基准年", "Base year", "int", min=2000, max=2100),
    Field("neutrality_year", "碳中和目标年", "Neutrality year", "int", min=2000, max=2100),
))
PREVIOUS = Form("previous", "上一评价期", "Previous period", "previous", (
    Field("period", "上一评价期（如 2023 或 2023H2）", "Previous period (e.g. 2023 or 2023H2)", "period"),
    amount("gross_emissions", "排放总量", "Gross emissions", "mass"),
    amount("output", "产量", "Output", "output"),
    amount("energy", "能源消费量", "Energy use", "coal_equivalent"),
), optional=True)

FUELS = Table("fuels", "化石燃料消耗", "Fossil fuels", "fuels", (
    Field("fuel", "燃料品种", "Fuel", "choice", choice="fuel", width=16),
    Field("use", "用途", "Use", "choice", choice="use", width=9),
    Field("value", "消耗量", "Amount", "float", min=0, width=12),
    Field("unit", "单位", "Unit", "choice", units="fuel", width=9),
    SRC, QUAL,
    Field("own_factor.ncv.value", "实测低位发热量", "Own NCV", "float", min=0, width=11),
    Field("own_factor.ncv.unit", "单位", "Unit", "choice", units="ncv", width=9),
    Field("own_factor.carbon_content.value", "实测单位热值含碳量", "Own carbon content", "float", min=0, width=11),
    Field("own_factor.carbon_content.unit", "单位", "Unit", "choice", units="cc", width=9),
    Field("own_factor.oxidation_percent", "实测碳氧化率 %", "Own oxidation %", "percent", min=0, max=100, width=10),
    Field("own_factor.source", "实测依据", "Measurement record", width=16),
    *ca.FUEL_COLUMNS,
), rows=15)
ELECTRICITY = Form("electricity", "电力", "Electricity", "electricity", (
    amount("purchased", "购入电量", "Purchased", "energy"),
    amount("exported", "上网（外供）电量", "Exported", "energy"),
    amount("onsite_renewable", "自建可再生能源发电自用量", "On-site renewable used", "energy"),
    amount("green_power", "绿电交易电量", "Green power bought", "energy"),
    Field("grid_region", "电网区域（留空按省份）", "Grid region (blank = by province)", "choice", choice="grid_region"),
    Field("factor_year", "电网因子数据年份（留空取最新）", "Grid factor data year (blank = latest)", "int", min=2000, max=2100),
    Field("supplier_factor_tco2_per_mwh", "售电方排放因子（基于市场；留空取剩余电力因子）",
          "Supplier's emission rate (market-based; blank = residual mix)", "float", min=0, max=2, unit="tCO2/MWh"),
    Field("supplier_factor_source", "售电方因子依据", "Supplier's rate source", width=TEXT_WIDE),
    *ca.ELECTRICITY,
))
CERTIFICATES = Table("green_certificates", "绿证", "Green certificates", "electricity.green_certificates", (
    Field("serial", "绿证编号", "Serial", width=20),
    amount("quantity", "电量", "Quantity", "energy"),
    Field("issued", "核发年月（YYYY-MM）", "Issued (YYYY-MM)", "yearmonth", width=11),
    Field("consumer", "使用方", "Consumer", width=18),
    *ca.CERTIFICATE_COLUMNS,
), rows=10)
HEAT = Form("heat", "热力", "Heat", "heat", (
    amount("purchased", "购入热量", "Purchased heat", "heat"),
    amount("exported", "外供热力", "Exported heat", "heat"),
    Field("supplier_factor_tco2_per_gj", "供热方排放因子（留空取缺省值）", "Supplier's factor (blank = default)", "float",
          min=0, max=1, unit="tCO2/GJ"),
    Field("supplier_factor_source", "供热方因子依据", "Supplier's factor source", width=TEXT_WIDE),
    *ca.HEAT,
))

CMM = Form("cmm", "煤矿瓦斯（纯量，井工煤矿）", "Coal-mine methane (pure CH4, underground coal)", "coal_mine_methane", (
    *(amount(key, zh, en, "gas_volume") for key, (zh, en) in CMM_VOLUMES.items()),
    *cf.CMM,
), optional=True)
OIL_GAS = Form("oil_gas", "油气开采", "Oil and gas", "oil_gas", (
    amount("flared_gas", "火炬燃烧气量", "Flared gas", "gas_volume"),
    Field("flare_ch4_percent", "火炬气甲烷体积分数 %（留空取缺省值）", "CH4 in flared gas % (blank = default)", "percent",
          min=0, max=100),
    amount("vented_ch4", "甲烷放空量", "CH4 vented", "gas_volume"),
    amount("recovered_co2", "二氧化碳回收利用量", "CO2 recovered", "mass"),
    amount("recovered_ch4", "甲烷回收利用量", "CH4 recovered", "gas_volume"),
    *cf.OIL_GAS,
), optional=True)
FACILITIES = Table("facilities", "油气设施（设备逃逸与工艺放空）", "Oil and gas facilities (leaks and venting)",
                   "oil_gas.facilities", (
    Field("facility", "设施类型", "Facility", "choice", choice="facility", width=24),
    Field("count", "数量（个·年）", "Count (facility-years)", "float", min=0, width=12),
    SRC, QUAL,
    *cf.FACILITY_COLUMNS,
), rows=10)
CARBONATES = Table("carbonates", "碳酸盐分解", "Carbonates", "carbonates", (
    Field("carbonate", "碳酸盐", "Carbonate", "choice", choice="carbonate", width=20),
    amount("amount", "消耗量", "Amount", "mass"),
    Field("purity_percent", "纯度 %", "Purity %", "percent", min=0, max=100, width=9),
    Field("decomposition_percent", "分解率 %", "Decomposition %", "percent", min=0, max=100, width=9),
    *cf.CARBONATE_COLUMNS,
), rows=8)
EXPLOSIVES = Table("explosives", "炸药使用", "Explosives", "explosives", (
    Field("explosive", "炸药品种", "Explosive", "choice", choice="explosive", width=16),
    amount("amount", "使用量", "Amount", "mass"),
    Field("own_factor_tco2_per_t", "实测排放因子 tCO2/t", "Own factor tCO2/t", "float", min=0, max=3.67, width=11),
    Field("own_factor_source", "实测因子依据", "Own factor source", width=18),
    *cf.EXPLOSIVE_COLUMNS,
), rows=8)
FGASES = Table("fgases", "含氟气体等泄漏", "Fluorinated gases and other leaks", "fgases", (
    Field("gas", "气体", "Gas", "choice", choice="gas", width=12),
    amount("amount", "泄漏或补充量", "Leaked or refilled", "mass"),
    *cf.FGAS_COLUMNS,
), rows=8)
SCOPE3 = Table("scope3", "范围三排放", "Scope 3 emissions", "scope3", (
    Field("category", "类别（1-15）", "Category (1-15)", "int", min=1, max=15, width=9),
    Field("description", "说明", "Description", width=26),
    amount("emissions", "排放量", "Emissions", "mass"),
    Field("method", "核算方法", "Method", width=20),
    *cf.SCOPE3_COLUMNS,
), rows=15)
REDUCTIONS = Table("reductions", "自主减排措施", "Self-achieved reductions", "reductions", (
    Field("measure", "措施", "Measure", width=24),
    Field("kind", "类型", "Kind", "choice", choice="reduction_kind", width=12),
    amount("amount", "减排量", "Reduction", "mass"),
    Field("baseline", "基线", "Baseline", width=18),
    Field("evidence", "证明材料", "Evidence", width=18),
    *cf.REDUCTION_COLUMNS,
), rows=12)
REMOVALS = Table("removals", "边界内移除（充填固碳、CCUS、生态修复碳汇）", "In-boundary removals", "removals", (
    Field("kind", "类型", "Kind", "choice", choice="removal_kind", width=14),
    amount("amount", "移除量", "Removed", "mass"),
    amount("area", "面积", "Area", "area"),
    Field("method", "方法", "Method", width=18),
    Field("evidence", "证明材料", "Evidence", width=18),
    *cf.REMOVAL_COLUMNS,
), rows=10)
OFFSETS = Table("offsets", "碳信用、配额及外部碳汇（抵消登记）", "Credits, allowances and external sinks (offsets register)",
                "offsets", (
    Field("programme", "机制", "Programme", "choice", choice="programme", width=12),
    Field("project_id", "项目编号", "Project id", width=18),
    Field("serial_start", "序列号起", "Serial from", width=24),
    Field("serial_end", "序列号止", "Serial to", width=24),
    Field("vintage", "年份", "Vintage", "int", min=1990, max=2100, width=8),
    Field("quantity", "数量 tCO2e", "Quantity tCO2e", "float", min=0, width=11),
    Field("retirement_date", "注销日期", "Retired on", "date", width=11),
    Field("beneficiary", "注销受益方", "Beneficiary", width=22),
    Field("registry", "登记系统", "Registry", width=18),
    Field("evidence", "证明材料", "Evidence", width=14),
    *cf.OFFSET_COLUMNS,
), rows=20)
RESOURCES = Form("resources", "资源利用与生态修复", "Resources and restoration", "resources", (
    amount("solid_waste_generated", "固体废物产生量", "Solid waste generated", "mass"),
    amount("solid_waste_utilised", "固体废物综合利用量", "Solid waste utilised", "mass"),
    amount("fresh_water", "新鲜水取用量", "Fresh water", "volume"),
    amount("recycled_water", "循环（回用）水量", "Recycled water", "volume"),
    amount("total_area", "矿区总面积", "Total mine area", "area"),
    amount("green_area", "绿化（植被覆盖）面积", "Green area", "area"),
    amount("restored_area", "已修复面积", "Restored area", "area"),
))
OPINION = Form("public_opinion", "公众意见", "Public opinion", "public_opinion", (
    Field("channel", "意见反馈渠道", "Feedback channel", width=TEXT_WIDE),
    Field("questionnaire_responses", "问卷回收数", "Questionnaires returned", "int", min=0),
    Field("questionnaire_satisfied", "满意问卷数", "Satisfied responses", "int", min=0),
    Field("hearing_summary", "听证或座谈摘要", "Hearing summary", width=TEXT_WIDE),
), optional=True)
NOTES = Form("notes", "备注", "Notes", "", (Field("notes", "备注", "Notes", width=TEXT_WIDE),))

QUALITATIVE = Table("qualitative", "定性指标", "Qualitative indicators", "qualitative", (
    *cr.QUALITATIVE_STATIC,
    Field("level", "等级（0-4）", "Level (0-4)", "int", min=0, max=4, width=9),
    Field("evidence", "评价依据（文件、文号、记录）", "Evidence (document, reference, record)", width=40),
    *cr.QUALITATIVE_COLUMNS,
), keys=cr.QUALITATIVE_IDS)

SHEETS: tuple[Sheet, ...] = (
    Sheet("guide", "填写说明", "Guide", tab_color="7F7F7F"),
    Sheet("basic", "基本信息", "Basic information", (MINE, PERIOD, ASSESSMENT, BOUNDARY, PRODUCTION, TARGETS, PREVIOUS),
          "填写矿山、评价期、边界、产量、目标和上一期数据。", "Mine, period, boundary, output, targets and previous period."),
    Sheet("activity", "活动数据", "Activity data", (FUELS, ELECTRICITY, CERTIFICATES, HEAT),
          "化石燃料、电力（含绿电绿证）和热力。", "Fossil fuels, electricity (with green power and certificates) and heat."),
    Sheet("fugitive", "逸散与过程排放", "Fugitive and process", (CMM, OIL_GAS, FACILITIES, CARBONATES, EXPLOSIVES, FGASES),
          "煤矿瓦斯、油气逃逸与火炬、碳酸盐、炸药和含氟气体。", "Coal-mine methane, oil and gas, carbonates, explosives, F-gases."),
    Sheet("scope3", "范围三", "Scope 3", (SCOPE3,), "边界声明纳入范围三时计入排放总量。",
          "Counted in gross emissions when the boundary includes Scope 3."),
    Sheet("reductions", "减排与移除", "Reductions and removals", (REDUCTIONS, REMOVALS),
          "自主减排量和边界内移除量（不是抵消）。", "Self-achieved reductions and in-boundary removals (not offsets)."),
    Sheet("offsets", "抵消登记", "Offsets register", (OFFSETS,),
          "仅计入已注销、在有效期内、受益方为本矿山且序列号不重复的碳信用。",
          "Only retired, valid, own and non-duplicate credits count."),
    Sheet("resources", "资源与修复", "Resources and restoration", (RESOURCES, OPINION, NOTES)),
    Sheet("qualitative", "定性指标", "Qualitative indicators", (QUALITATIVE,),
          "每项选择等级 0-4 并填写依据；无依据的等级按 0 分计。",
          "Choose a level 0-4 and give its evidence; a level without evidence scores 0."),
    Sheet("indicators", "指标体系", "Indicators", (cr.INDICATORS,), "附录A 表A.1 的24项指标、权重、指标值和得分。",
          "The 24 indicators of Table A.1 with weights, values and scores.", tab_color="375623"),
    Sheet("results", "评价结果", "Results", cr.RESULT_BLOCKS, "", "", tab_color="375623"),
    Sheet("params", "参数", "Parameters", tab_color="7F7F7F"),
)
