"""The validator's finding codes (documented in docs/reference/validator-findings.md, checked by a
test). The core's codes (`cnm.findings.CODES`) are reused as they are; these are the ones about the
file, the template and the workbook's cells. Same style: a closed vocabulary, zh and en, what to do.
"""

from __future__ import annotations

from cnm.findings import CODES as CORE_CODES
from cnm.findings import Finding, Template

T = Template

#: Codes about the file itself: what it is, whether it is safe to open.
FILE_CODES: dict[str, Template] = {
    "file-empty": T("error", "文件为空（0 字节）", "the file is empty (0 bytes)",
                    "重新导出或重新上传填好的工作簿", "export or upload the filled workbook again"),
    "file-unreadable": T("error", "无法读取文件：{reason}", "the file cannot be read: {reason}",
                         "检查文件权限和路径后重试", "check the file's permissions and path, then retry"),
    "file-not-workbook": T("error", "文件不是 Excel 工作簿，而是{kind_zh}", "the file is not an Excel workbook but {kind_en}",
                           "用本模板填报并另存为 .xlsx 工作簿，不要只改扩展名",
                           "fill the template and save it as an .xlsx workbook; renaming the file is not enough"),
    "file-legacy-xls": T("error", "文件是旧版 Excel 97-2003 (.xls) 格式，无法校验",
                         "the file is a legacy Excel 97-2003 (.xls) workbook and cannot be validated",
                         "在 Excel/WPS 中打开并另存为“Excel 工作簿 (*.xlsx)”", "open it in Excel/WPS and save as 'Excel Workbook (*.xlsx)'"),
    "file-xlsb": T("error", "文件是 Excel 二进制工作簿 (.xlsb)，无法校验；其中的宏不会运行",
                   "the file is an Excel binary workbook (.xlsb) and cannot be validated; its macros are never run",
                   "另存为“Excel 工作簿 (*.xlsx)”", "save it as 'Excel Workbook (*.xlsx)'"),
    "file-encrypted": T("error", "文件设有打开密码（已加密），无法读取", "the file is password-protected (encrypted) and cannot be read",
                        "去掉打开密码（文件 > 信息 > 保护工作簿 > 用密码进行加密，清空密码）后重新提交",
                        "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and resubmit"),
    "file-corrupt": T("error", "文件已损坏，无法作为工作簿读取：{reason}", "the file is damaged and cannot be read as a workbook: {reason}",
                      "在 Excel/WPS 中打开确认无误后重新保存，或重新导出", "open it in Excel/WPS, check it and save it again, or export it again"),
    "file-extension": T("warning", "扩展名“{suffix}”与内容（{kind_en}）不符", "the extension '{suffix}' does not match the content ({kind_en})",
                        "按内容使用正确的扩展名（.xlsx 或 .xlsm）", "use the extension that matches the content (.xlsx or .xlsm)"),
    "file-too-large": T("error", "文件大小 {size} 超过上限 {limit}", "the file's size {size} exceeds the limit {limit}",
                        "删除多余的工作表、图片和空行后重新保存", "delete extra sheets, pictures and empty rows, then save again"),
    "zip-bomb": T("error", "压缩包异常（{what}），疑似压缩炸弹，拒绝打开", "abnormal package ({what}): a suspected zip bomb, not opened",
                  "用本模板重新填报并保存", "fill the template again and save it"),
    "sheet-too-large": T("error", "工作表“{sheet}”范围 {ref} 超过上限（{rows} 行、{cols} 列）",
                         "sheet '{sheet}' spans {ref}, beyond the limit ({rows} rows, {cols} columns)",
                         "删除模板区域以外的数据和格式；若插入或删除过行、列，把数据复制到新模板中重新填报",
                         "delete data and formatting outside the template's areas; if rows or columns were inserted or "
                         "deleted, copy the data into a fresh template"),
    "xml-forbidden": T("error", "工作簿部件 {part} 含有 XML 实体或外部引用（{what}），拒绝解析",
                       "package part {part} declares XML entities or external references ({what}); refused",
                       "用 Excel/WPS 重新保存工作簿；正常保存的工作簿不含这些内容",
                       "save the workbook again in Excel/WPS; a normally saved workbook has none"),
    "macros-present": T("warning", "工作簿含有宏或控件（{what}）；校验时不会运行", "the workbook carries macros or controls ({what}); they are never run",
                        "除模板自带的加载项宏外，另存为 .xlsx 删除宏", "unless they are the template's add-in wrappers, save as .xlsx to drop them"),
    "external-link": T("warning", "引用了外部工作簿或数据源：{target}", "links to an external workbook or data source: {target}",
                       "将外部数据以数值粘贴，删除外部链接（数据 > 编辑链接 > 断开链接）",
                       "paste external data as values and break the links (Data > Edit Links > Break Link)"),
    "dde-link": T("error", "含有 DDE/可执行调用“{what}”，可能执行外部程序", "DDE or executable call '{what}' that could run an external program",
                  "删除该公式或链接；填报表不需要它", "delete the formula or link; the template never needs it"),
    "worker-timeout": T("error", "校验超时（超过 {seconds} 秒），已中止", "validation timed out (over {seconds} s) and was stopped",
                        "检查文件是否异常庞大；单独重试或联系维护者", "check whether the file is unusually large; retry it alone or report it"),
    "worker-crash": T("error", "校验进程意外终止（{reason}）", "the validating process stopped unexpectedly ({reason})",
                      "单独重试该文件；若仍失败请报告维护者", "retry the file alone; report it if it fails again"),
    "findings-report-skipped": T("info", "这是 cnm validate 写出的问题报告，不是填报工作簿，已跳过",
                                 "this is a findings report written by 'cnm validate', not a filled workbook; skipped",
                                 "问题报告不必提交；可将其移出待校验的文件夹", "a findings report is not a submission; "
                                 "it may be moved out of the folder being validated"),
    "internal-error": T("error", "校验器内部错误：{reason}", "internal error of the validator: {reason}",
                        "请将该文件（去除敏感数据后）报告维护者", "report it to the maintainers with the file (sensitive data removed)"),
}

#: Codes about the template: is it ours, which version, is its structure intact.
TEMPLATE_CODES: dict[str, Template] = {
    "template-unknown": T("error", "不是碳中和矿山评价模板的工作簿（未找到模板版本标记）",
                          "not a workbook of the carbon-neutral mine template (no template version marker)",
                          "用 cnm template 生成的模板填报，或向评价机构索取模板", "fill a template made by 'cnm template' or ask the assessor for it"),
    "template-version": T("error", "模板版本 {found} 不受支持（本工具支持 {supported}）",
                          "template version {found} is not supported (this tool reads {supported})",
                          "用当前模板重新填报：cnm fill 可把旧记录写入新模板", "fill the current template; 'cnm fill' writes an old record into it"),
    "template-outdated": T("error", "工作簿由较早的模板 {found} 生成，其后模板的公式已更新（当前为 {supported}）",
                           "the workbook was made from the earlier template {found}, whose formulas have changed since "
                           "(current: {supported})",
                           "用 cnm fill 旧工作簿.xlsx -o 新工作簿.xlsx 把填报的数据转入当前模板，核对后提交新工作簿",
                           "move the data into the current template with 'cnm fill OLD.xlsx -o NEW.xlsx', check it and "
                           "submit the new workbook"),
    "template-sheet-missing": T("error", "缺少模板工作表“{sheet}”（可能被删除或改名）", "the template sheet '{sheet}' is missing (deleted or renamed?)",
                                "恢复该工作表的原名，或用新模板重新填报", "restore the sheet's name or fill a fresh template"),
    "template-name-missing": T("error", "找不到模板单元格 {name}（工作簿结构被改动？）", "template cell {name} is missing (was the workbook restructured?)",
                               "不要插入、删除行列或移动区域；用新模板重新填报", "do not insert or delete rows and columns; fill a fresh template"),
    "rows-shifted": T("error", "工作表“{sheet}”{where_zh}：模板的 {count} 个计算单元格随之移位（{first_zh} 等），"
                      "公式和输入单元格不再对应模板",
                      "{where_en} in sheet '{sheet}': {count} of the template's computed cells moved with them "
                      "({first_en} ...), so formulas and input cells no longer match the template",
                      "不要在模板中插入或删除行；把数据复制（粘贴为数值）到新模板中重新填报",
                      "do not insert or delete rows in the template; copy the data (paste as values) into a "
                      "fresh template"),
    "methodology-mismatch": T("warning", "工作簿按评价方法 {found} 生成，校验使用 {used}；参数与计算结果不作比对",
                              "the workbook was made under methodology {found}, the check uses {used}; its parameters and cached values are not compared",
                              "用 --methodology 指定生成模板时的方法文件，或用当前方法重新生成模板",
                              "pass the template's methodology file with --methodology, or regenerate the template"),
}

#: Codes about the values of input cells (types, units, required fields, ranges).
CELL_CODES: dict[str, Template] = {
    "required-missing": T("error", "必填项为空：{what_zh}", "required field is empty: {what_en}",
                          "填写该项", "fill in this field"),
    "value-invalid": T("error", "取值无效：{detail_zh}", "invalid value: {detail_en}",
                       "按单元格提示和下拉列表填写", "follow the cell's prompt and its dropdown list"),
    "unit-invalid": T("error", "单位无效：{detail_zh}", "invalid unit: {detail_en}",
                      "从下拉列表选择单位（不要自行输入）", "choose the unit from the dropdown list (do not type it)"),
    "input-formula": T("error", "{what_zh}：单元格是公式 {formula}，请粘贴为数值",
                       "{what_en}: the cell holds the formula {formula}; paste it as a value",
                       "输入单元格只填数值或文字：复制该单元格，用“选择性粘贴 > 数值”粘贴回原处",
                       "input cells take values or text only: copy the cell and paste it back with 'Paste Special > Values'"),
    "value-out-of-range": T("error", "数值超出允许范围：{detail_zh}", "value out of range: {detail_en}",
                            "按提示的范围填写：百分比填 0-100，数量不能为负，年份填四位数",
                            "enter a value within the limit given: percentages as 0..100, amounts not negative, years as four digits"),
    "choice-invalid": T("error", "“{value}”不是下拉列表中的选项", "'{value}' is not one of the dropdown's choices",
                        "从下拉列表中选择", "choose from the dropdown list"),
    "percent-as-fraction": T("warning", "{what_zh}填为 {value}%——是否误填为小数？按百分数应填 {meant}",
                             "{what_en} is {value} % — was a fraction entered? As a percentage it would be {meant}",
                             "百分比单元格填 0-100 的数（95% 填 95，不填 0.95）；数值确实如此时可忽略本提示",
                             "percentage cells take 0..100 (95 % is 95, not 0.95); ignore this if the figure is right"),
    "intensity-implausible": T("warning", "{what_zh} {value} {unit} 是该类矿山参考值 {ref} 的 {times} 倍{suggest_zh}",
                               "{what_en} {value} {unit} is {times} times the category's reference {ref}{suggest_en}",
                               "核对产量和主要排放源的数值与单位（如把 kg 误填为 t）",
                               "check the output and the main sources' figures and units (e.g. kg entered as t)"),
    "input-implausible": T("warning", "{what_zh}折合每{out}产量 {value} {per}，{category_zh}通常{range_zh} {per}，"
                           "相差 {times} 倍{suggest_zh}",
                           "{what_en} comes to {value} {per} per {out} of output; the usual range of the category "
                           "({category_en}) is {range_en} {per}, {times} times off{suggest_en}",
                           "核对该项的数值和单位（如把 kg 误填为 t、把 kWh 误填为万kWh）",
                           "check the figure and its unit (e.g. kg entered as t, kWh entered as 万kWh)"),
    "output-implausible": T("warning", "产值与产量之比为每{out} {value} 元，{category_zh}通常{range_zh} 元，相差 {times} 倍，"
                            "且能耗强度同向偏离：产量可能有误{suggest_zh}",
                            "the output value comes to {value} 元 per {out} of output; the usual range of the category "
                            "({category_en}) is {range_en} 元, {times} times off, and the energy intensity is off the same "
                            "way: the output is probably wrong{suggest_en}",
                            "核对产量的数值和单位（如把 t 误填为万t，或多打了一位数）",
                            "check the output's figure and unit (e.g. t entered as 万t, or an extra digit)"),
    "output-value-implausible": T("warning", "产值与产量之比为每{out} {value} 元，{category_zh}通常{range_zh} 元，"
                                  "相差 {times} 倍，而能耗强度正常：产值可能有误{suggest_zh}",
                                  "the output value comes to {value} 元 per {out} of output; the usual range of the category "
                                  "({category_en}) is {range_en} 元, {times} times off, while the energy intensity is "
                                  "usual: the output value is probably wrong{suggest_en}",
                                  "核对产值的数值和单位（万元 / 元）", "check the output value's figure and unit (万元 / 元)"),
    "period-not-ended": T("warning", "评价期 {period} 尚未结束（{end} 结束），数据不完整", "period {period} has not ended ({end}); the data are incomplete",
                          "评价期结束后再提交", "submit after the period ends"),
    "report-date-early": T("warning", "报告日期 {date} 早于评价期结束日 {end}", "report date {date} is before the period ends ({end})",
                           "核对报告日期", "check the report date"),
    "previous-period-order": T("error", "上一评价期 {previous} 不早于本评价期 {period}", "previous period {previous} is not before the period {period}",
                               "填写本期之前的评价期", "enter a period before this one"),
    "previous-period-gap": T("warning", "上一评价期 {previous} 不是紧接本期 {period} 的上一期（应为 {expected}）",
                             "previous period {previous} is not the one right before {period} (expected {expected})",
                             "填写紧邻的上一期数据，下降率才可比", "enter the period right before, so declines compare"),
    "previous-implausible": T("warning", "上一期（{previous}）碳排放强度 {before} 与本期 {now} 相差 {times} 倍，可能单位有误",
                              "the previous period's ({previous}) carbon intensity {before} differs {times}-fold from this period's {now}; "
                              "a unit may be wrong", "核对上一期排放总量和产量的单位", "check the units of the previous emissions and output"),
    "green-certificate-period": T("warning", "绿证核发于 {issued}，晚于评价期结束日 {end}", "green certificate issued {issued}, after the period ends ({end})",
                                  "只申报评价期内核发、用于本期电量的绿证", "claim only certificates issued for this period's consumption"),
    "green-certificate-consumer": T("warning", "绿证使用方“{consumer}”不是本矿山", "green certificate consumer '{consumer}' is not this mine",
                                    "核对绿证划转记录", "check the certificate's transfer record"),
    "part-exceeds-whole": T("warning", "{part_zh}超过{whole_zh}", "{part_en} exceeds {whole_en}",
                            "核对两项的数值和单位", "check both figures and their units"),
}

#: Codes of the independent recompute: computed cells against the core's figures.
RECOMPUTE_CODES: dict[str, Template] = {
    "result-stale": T("error", "结果页显示的{what_zh}为 {cached}，而按填报数据重新计算为 {core}：显示的评价结果不是实际结果"
                      "（文件保存前未重新计算，或结果被改动）",
                      "the results sheet shows {what_en} {cached}, but the figures entered give {core}: the displayed "
                      "result is not the recomputed one (the file was not recalculated before saving, or the result was altered)",
                      "在 Excel/WPS/LibreOffice 中重新计算（Ctrl+Alt+F9）后保存，或运行 cnm recalc，再重新提交",
                      "recalculate in Excel/WPS/LibreOffice (Ctrl+Alt+F9) and save, or run 'cnm recalc', then resubmit"),
    "computed-stale": T("warning", "工作表“{sheet}”有 {count} 个计算单元格的值与核心引擎结果不符（公式未改动：文件保存前未重新计算）：{cells_zh}",
                        "{count} computed cell(s) of sheet '{sheet}' differ from the core's figures (formulas intact: the file "
                        "was not recalculated before saving): {cells_en}",
                        "在 Excel/WPS/LibreOffice 中重新计算（Ctrl+Alt+F9）后保存，或运行 cnm recalc",
                        "recalculate in Excel/WPS/LibreOffice (Ctrl+Alt+F9) and save, or run 'cnm recalc'"),
    "workbook-not-calculated": T("warning", "{count} 个计算单元格没有计算结果（文件未计算过）",
                                 "{count} computed cells hold no result (the file was never calculated)",
                                 "在 Excel/WPS/LibreOffice 中打开并保存，或运行 cnm recalc", "open and save it in Excel/WPS/LibreOffice, or run 'cnm recalc'"),
    "formula-edited": T("error", "锁定的计算单元格的公式被改动：{found}（模板为 {expected}）",
                        "the formula of a locked computed cell was changed: {found} (the template has {expected})",
                        "恢复模板公式：用当前模板重新填报，或运行 cnm fill 重建", "restore the template's formula: refill the template or rebuild it with 'cnm fill'"),
    "formula-overwritten": T("error", "锁定的计算单元格的公式被数值 {found} 覆盖", "the formula of a locked computed cell was overwritten by the value {found}",
                             "恢复模板公式：用当前模板重新填报，或运行 cnm fill 重建", "restore the template's formula: refill the template or rebuild it with 'cnm fill'"),
    "locked-cell-altered": T("error", "锁定的单元格被改动：{found}（模板为 {expected}）",
                             "a locked cell was changed: {found} (the template has {expected})",
                             "锁定单元格（参数、权重、列表）不得改动；用当前模板重新填报",
                             "locked cells (parameters, weights, lists) must not change; fill a fresh template"),
    "protection-removed": T("warning", "工作表“{sheet}”的保护已取消，锁定的计算单元格可被改动",
                            "the protection of sheet '{sheet}' was removed; locked computed cells can be changed",
                            "恢复工作表保护（审阅 > 保护工作表）", "protect the sheet again (Review > Protect Sheet)"),
}

#: Codes that need the whole batch.
BATCH_CODES: dict[str, Template] = {
    "batch-duplicate-serial": T("error", "碳信用序列号区间 {serial} 已在另一工作簿 {other}（{other_loc}）中申报，同一信用不得重复抵消（G-7）",
                                "credit serial range {serial} is also claimed in another workbook, {other} ({other_loc}); "
                                "a credit offsets once only (G-7)",
                                "核对注销证明，删除重复申报的一方", "check the retirement certificates and remove the duplicate claim"),
    "batch-duplicate-record": T("warning", "本批次中 {key} 已由 {other} 提交，本文件为重复提交",
                                "{key} is already submitted in this batch by {other}; this file is a second submission",
                                "确认以哪个文件为准，撤回另一个", "decide which file stands and withdraw the other"),
}

#: Every code the validator adds. Layout codes (template, cells, recompute) join this registry.
CODES: dict[str, Template] = {**FILE_CODES, **TEMPLATE_CODES, **CELL_CODES, **RECOMPUTE_CODES, **BATCH_CODES}


def template(code: str) -> Template:
    """The template of a validator or core code; KeyError outside both vocabularies."""
    return CODES[code] if code in CODES else CORE_CODES[code]


def make(code: str, loc: str = "", file: str = "", **fields) -> Finding:
    """A finding of the validator (or a core code) located at `file` and `loc` ('sheet!cell' or a part)."""
    t = template(code)
    return Finding(code=code, severity=t.severity, loc=loc, file=file, message_zh=t.zh.format(**fields),
                   message_en=t.en.format(**fields), hint_zh=t.hint_zh, hint_en=t.hint_en)


def reference_page() -> str:
    """docs/reference/validator-findings.md: every validator code with its texts."""
    out = ["# 校验器问题代码 / Validator finding codes", "",
           "Generated from `validator/codes.py`; do not edit by hand.", "",
           "`cnm validate` 报告这些代码，以及核心引擎的代码（见[问题代码](findings.md)），后者按模板布局映射到单元格。",
           "`cnm validate` reports these codes and the core engine's codes (see [finding codes](findings.md)), "
           "which it maps from record paths to the template's cells.", "",
           "严重程度 / severity: error（该工作簿不通过，不提取记录 / the workbook fails and is not extracted）、"
           "warning（需复核 / to review）。", ""]
    for code, t in CODES.items():
        out += [f"## {code}", "", f"- severity: {t.severity}", f"- zh: {t.zh}", f"- en: {t.en}",
                f"- 处理 / what to do: {t.hint_zh} / {t.hint_en}", ""]
    return "\n".join(out)
