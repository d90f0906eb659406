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
                         "删除模板区域以外的数据和格式", "delete data and formatting outside the template's areas"),
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
    "internal-error": T("error", "校验器内部错误：{reason}", "internal error of the validator: {reason}",
                        "请将该文件（去除敏感数据后）报告维护者", "report it to the maintainers with the file (sensitive data removed)"),
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
CODES: dict[str, Template] = {**FILE_CODES, **BATCH_CODES}


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
