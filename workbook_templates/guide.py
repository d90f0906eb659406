"""The guide sheet: how to fill the workbook, the colour legend, units, sheets, version."""

from __future__ import annotations

from openpyxl.styles import Alignment

from workbook_templates import styles
from workbook_templates.layout import TEMPLATE_VERSION

STEPS_ZH = (
    "1. 黄色单元格是填写项，绿色单元格由公式自动计算（已锁定），浅蓝色为指标体系的固定内容，灰色为参数。",
    "2. 按页签顺序填写：基本信息 → 活动数据 → 逸散与过程排放 → 范围三 → 减排与移除 → 抵消登记 → 资源与修复 → 定性指标。",
    "3. 每个数量都要选择单位（下拉列表），并注明数据来源（台账、报表、监测记录）和数据质量（实测/计算/估算/缺省值）。",
    "4. 下拉列表之外的值会被拒绝；省份和电网区域可以输入列表之外的名称（会有提示）。",
    "5. 评价结果和指标体系页签实时显示排放总量、24 项指标得分、综合得分和等级。",
    "6. 工作表已保护（无密码）以防误改公式；需要调整版式时可在“审阅 → 撤销工作表保护”。",
    "7. 不要插入或删除行列：导入程序按定义名称读取单元格。表格行数不够时请联系评价机构。",
    "8. 没有安装 Python 加载项时，所有公式用 Excel/WPS/LibreOffice 自带函数计算，结果相同。",
    "9. 完成后可用 cnm recalc 写入计算结果缓存，用 cnm 的校验和报告功能生成评价报告。",
)
STEPS_EN = (
    "1. Yellow cells are inputs; green cells are computed (locked); light blue is fixed Table A.1 content; grey is parameters.",
    "2. Fill the sheets in order: Basic information, Activity data, Fugitive and process, Scope 3, Reductions and removals,"
    " Offsets register, Resources, Qualitative indicators.",
    "3. Give every amount its unit (dropdown), its data source (ledger, report, monitoring record) and its quality tier.",
    "4. Values outside a dropdown are refused; province and grid region accept other names with a warning.",
    "5. The Results and Indicators sheets show gross emissions, the 24 scores, the total and the grade as you type.",
    "6. Sheets are protected without a password so formulas are not overwritten (Review > Unprotect Sheet).",
    "7. Do not insert or delete rows or columns: cells are read by their defined names.",
    "8. Without the Python add-in every formula computes with the built-in functions of Excel, WPS and LibreOffice.",
    "9. When done, `cnm recalc` stores the computed values in the file; cnm validates it and writes the report.",
)


def write_guide(ws, layout, m, lang: str, category: str | None) -> None:
    zh = lang == "zh"
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["B"].width = 120
    ws["B1"] = "碳中和矿山评价工作簿" if zh else "Carbon-neutral mine assessment workbook"
    ws["B1"].font = styles.TITLE_FONT
    info = m.info()
    ws["B2"] = (f"模板版本 {TEMPLATE_VERSION} ｜ 评价方法：{info['name']} v{info['version']} ｜ 方法哈希 {info['hash'][:16]}…"
                if zh else f"Template {TEMPLATE_VERSION} | Methodology: {m.name_en or info['name']} v{info['version']} | "
                f"hash {info['hash'][:16]}…")
    ws["B2"].font = styles.NOTE_FONT
    row = 4
    ws.cell(row, 2, "填写说明" if zh else "How to fill it").font = styles.BLOCK_FONT
    for text in STEPS_ZH if zh else STEPS_EN:
        row += 1
        c = ws.cell(row, 2, text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        c.font = styles.BODY_FONT
    if category:
        row += 1
        cat = m.rubric.categories[category]
        ws.cell(row, 2, (f"本模板适用于：{cat.name_zh}，产量单位 {cat.output_unit}" if zh else
                         f"This template is for: {cat.name_en}, output in {cat.output_unit}")).font = styles.BLOCK_FONT
    row += 2
    ws.cell(row, 2, "颜色图例" if zh else "Colour legend").font = styles.BLOCK_FONT
    legend = ((styles.INPUT_FILL, "填写项（可编辑）", "input (editable)"),
              (styles.CALC_FILL, "公式计算结果（锁定）", "computed (locked)"),
              (styles.STATIC_FILL, "标准规定的内容", "fixed by the standard"),
              (styles.PARAM_FILL, "参数（来自评价方法）", "parameter (from the methodology)"))
    for fill, a, b in legend:
        row += 1
        ws.cell(row, 1).fill = fill
        ws.cell(row, 2, a if zh else b).font = styles.BODY_FONT
    row += 2
    ws.cell(row, 2, "单位" if zh else "Units").font = styles.BLOCK_FONT
    units = ("t＝吨，万t＝10⁴吨；万Nm3＝标准状态（0 ℃、101.325 kPa）下10⁴立方米；m3_20C＝20 ℃下立方米；"
             "tce＝吨标准煤；tCO2e＝吨二氧化碳当量；MWh＝兆瓦时＝1000 kWh；ha＝公顷。" if zh else
             "t = tonne, 万t = 10^4 t; 万Nm3 = 10^4 m3 at 0 °C and 101.325 kPa; m3_20C = m3 at 20 °C; tce = tonne of coal"
             " equivalent; tCO2e = tonne of CO2 equivalent; MWh = 1000 kWh; ha = hectare.")
    row += 1
    c = ws.cell(row, 2, units)
    c.alignment = Alignment(wrap_text=True)
    row += 2
    ws.cell(row, 2, "工作表" if zh else "Sheets").font = styles.BLOCK_FONT
    for sheet in layout.sheets:
        row += 1
        intro = sheet.intro_zh if zh else sheet.intro_en
        ws.cell(row, 2, f"{sheet.zh if zh else sheet.en}：{intro}" if intro else (sheet.zh if zh else sheet.en)).font = \
            styles.BODY_FONT
    ws.print_area = f"A1:B{row}"
