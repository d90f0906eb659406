"""What each input cell's data validation says: the input prompt shown when the cell is selected and
the error shown when a value is refused, in the workbook's language (Excel, WPS and LibreOffice show
both; without them a refused value only gets the application's generic message).

Excel limits a title to 32 characters and a message to 255 (the error alert's box to 225): every text
here stays within TITLE_MAX and MESSAGE_MAX (tests/test_workbook_fixes.py checks every validation).
"""

from __future__ import annotations

from openpyxl.utils.datetime import from_excel

from workbook_templates.choices import choices
from workbook_templates.spec import Field

TITLE_MAX = 32
MESSAGE_MAX = 225


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _label(field: Field, lang: str) -> str:
    """A field's label without its parenthesised note: 矿山类别, Fuel."""
    text = field.zh if lang == "zh" else field.en
    for mark in ("（", " ("):
        text = text.split(mark)[0]
    return text.strip()


def _title(text: str, lang: str) -> str:
    return text if len(text) <= TITLE_MAX else _t(lang, "填写提示", "Input")


def gases_note(m, lang: str) -> str:
    """Which spellings the boundary's gas list accepts: a gas group of the methodology's GWP set or a
    single gas's standard name (cnm.accounting.context compares the declared names, case aside, with a
    leaked gas's group and its canonical name, HFCs and PFCs as the standard writes them: an alias such as
    R-134a is not matched there)."""
    groups = list(dict.fromkeys(g.family for g in m.gwp.gases))
    names = [g.gas for g in m.gwp.gases]
    single = "HFC-134a" if "HFC-134a" in names else next(
        (g.gas for g in m.gwp.gases if g.family not in ("CO2", "CH4", "N2O")), "SF6")
    if lang == "zh":
        hint = "（氢氟碳化物写 HFC 或 HFCs，全氟化碳写 PFC 或 PFCs）" if {"HFC", "PFC"} <= set(groups) else ""
        return (f"用逗号或顿号分隔。可填气体类别：{'、'.join(groups)}{hint}，"
                f"或单一气体的标准名称（参数页 GWP 表中的写法），如 {single}。")
    hint = " (HFC or HFCs, PFC or PFCs)" if {"HFC", "PFC"} <= set(groups) else ""
    return (f"Separate with commas. Gas groups: {', '.join(groups)}{hint}, "
            f"or single gases by their standard names (as in the GWP table of the parameters sheet), e.g. {single}.")


def _range(lo, hi, lang: str, what_zh: str, what_en: str, tail_zh: str = "", tail_en: str = "") -> str:
    if hi is not None:
        return _t(lang, f"请输入 {lo}–{hi} 之间的{what_zh}{tail_zh}", f"Enter {what_en} from {lo} to {hi}{tail_en}")
    return _t(lang, f"请输入不小于 {lo} 的{what_zh}{tail_zh}", f"Enter {what_en} of {lo} or more{tail_en}")


def messages(field: Field, m, part: str, lang: str, rule: dict) -> dict[str, str]:
    """promptTitle, prompt, errorTitle and error of the validation `rule` of one input cell."""
    title, prompt, error = _messages(field, m, part, lang, rule)
    refused = _t(lang, "输入无效", "Value not accepted") if rule.get("errorStyle") != "warning" else \
        _t(lang, "不在列表中", "Not in the list")
    return {"promptTitle": _title(title, lang), "prompt": prompt[:MESSAGE_MAX], "errorTitle": refused,
            "error": (error or prompt)[:MESSAGE_MAX]}


def _messages(field: Field, m, part: str, lang: str, rule: dict) -> tuple[str, str, str]:
    """(title, prompt, error); an empty error repeats the prompt."""
    label = _label(field, lang)
    if part == "unit" or (field.type == "choice" and field.units and not field.choice):
        return (_t(lang, "单位", "Unit"), _t(lang, "从下拉列表中选择单位", "Choose the unit from the list"),
                _t(lang, "请从下拉列表中选择单位", "Choose one of the units in the list"))
    if part == "quality" or field.choice == "quality":
        names = [zh if lang == "zh" else en for _v, zh, en in choices(m)["quality"].items]
        return (_t(lang, "数据质量", "Data quality"),
                _t(lang, f"从下拉列表中选择：{'、'.join(names)}", f"Choose from the list: {', '.join(names)}"), "")
    if part == "data_source" or field.key == "data_source":
        return (_t(lang, "数据来源", "Data source"),
                _t(lang, "注明数据来源，如台账、报表、监测记录（不超过 4000 字）",
                   "Name the source: ledger, report, monitoring record ... (4000 characters at most)"),
                _t(lang, "数据来源不能超过 4000 字", "A data source has 4000 characters at most"))
    t = field.type
    if field.choice and t in ("choice", "scopes"):
        ch = choices(m)[field.choice]
        if field.choice == "gas":
            return (label, _t(lang, "从下拉列表中选择气体，也可输入列表以外的名称（如 HFC-134a、R-410A）",
                              "Choose the gas from the list, or type another name (e.g. HFC-134a, R-410A)"),
                    _t(lang, "该气体不在列表中：GWP 表中没有的气体无法计算。仍要使用吗？",
                       "This gas is not in the list: a gas without a GWP cannot be computed. Use it anyway?"))
        if ch.open:
            return (label, _t(lang, f"从下拉列表中选择{label}，也可输入列表以外的名称",
                              f"Choose the {label.lower()} from the list, or type another name"),
                    _t(lang, "该名称不在下拉列表中，仍要使用吗？", "This name is not in the list. Use it anyway?"))
        if field.choice == "yesno":
            return (label, _t(lang, "选择“是”纳入范围三，选择“否”不纳入（范围一、二总是纳入）",
                              "Choose yes to include Scope 3, no to leave it out (Scopes 1 and 2 always count)"),
                    _t(lang, "请从下拉列表中选择“是”或“否”", "Choose yes or no from the list"))
        if field.choice == "half":
            return (label, _t(lang, "全年评价留空；半年度评价选择上半年或下半年",
                              "Leave blank for a whole year; choose H1 or H2 for a half year"),
                    _t(lang, "请从下拉列表中选择上半年或下半年，全年评价留空", "Choose H1 or H2, or leave blank"))
        return (label, _t(lang, f"从下拉列表中选择{label}", f"Choose the {label.lower()} from the list"),
                _t(lang, f"只能从下拉列表中选择{label}", f"Only the list's entries are accepted: choose the "
                   f"{label.lower()} from the list"))
    if rule.get("type") == "list":  # the level 0..4 of a qualitative indicator
        return (_t(lang, "等级", "Level"), _t(lang, "选择等级 0、1、2、3 或 4（留空按 0 级计）",
                                            "Choose level 0, 1, 2, 3 or 4 (blank counts as 0)"),
                _t(lang, "等级只能是 0、1、2、3 或 4", "The level is one of 0, 1, 2, 3 and 4"))
    if t == "int":
        lo, hi = field.min if field.min is not None else 0, field.max
        if lo >= 1900:
            text = _range(lo, hi, lang, "年份", "a year", "，如 2024", ", e.g. 2024")
            return _t(lang, "年份", "Year"), text, text
        text = _range(lo, hi, lang, "整数", "a whole number")
        return _t(lang, "整数", "Whole number"), text, text
    if t in ("float", "percent", "amount", "amount_vu"):
        lo, hi = field.min if field.min is not None else 0, field.max
        if t == "percent":
            text = _range(lo, hi, lang, "百分数", "a percentage", "（不带 %）", " (without %)")
            return _t(lang, "百分数", "Percentage"), text, text
        text = _range(lo, hi, lang, "数值", "a number", "（只填数字，不带单位）", " (digits only, no unit)")
        return _t(lang, "数值", "Number"), text, text
    if t == "date":
        a, b = (from_excel(int(rule[k])).year for k in ("formula1", "formula2"))
        return (_t(lang, "日期", "Date"), _t(lang, f"请输入日期，如 2024-03-31（{a}–{b} 年）",
                                            f"Enter a date, e.g. 2024-03-31 (years {a}–{b})"),
                _t(lang, f"请输入 {a}–{b} 年间的日期，如 2024-03-31", f"Enter a date between {a} and {b}, e.g. 2024-03-31"))
    if t == "yearmonth":
        return (_t(lang, "年月", "Year and month"), _t(lang, "按 YYYY-MM 填写，如 2024-03", "Enter YYYY-MM, e.g. 2024-03"),
                _t(lang, "请按 YYYY-MM 填写（7 个字符），如 2024-03", "Enter YYYY-MM (7 characters), e.g. 2024-03"))
    if t == "period":
        return (_t(lang, "评价期", "Period"), _t(lang, "全年填年份，如 2023；半年度加 H1 或 H2，如 2023H2",
                                              "A year, e.g. 2023, or a half year, e.g. 2023H2"),
                _t(lang, "请按 2023 或 2023H2 的格式填写（最多 6 个字符）", "Enter e.g. 2023 or 2023H2 (6 characters at most)"))
    if t == "csv" and field.key == "gases":
        return (_t(lang, "温室气体种类", "Greenhouse gases"), gases_note(m, lang),
                _t(lang, "不能超过 4000 字", "4000 characters at most"))
    if t == "lines":
        return (label, _t(lang, "每行填写一项（单元格内换行：Alt+Enter），不超过 4000 字",
                          "One per line (new line in a cell: Alt+Enter), 4000 characters at most"),
                _t(lang, "不能超过 4000 字", "4000 characters at most"))
    note = field.note_zh if lang == "zh" else field.note_en
    text = _t(lang, "填写文字，不超过 4000 字", "Text, 4000 characters at most")
    if note:
        text = f"{note}（{text}）" if lang == "zh" else f"{note[:1].upper()}{note[1:]} ({text[:1].lower()}{text[1:]})"
    return _t(lang, "文字", "Text"), text, _t(lang, "不能超过 4000 字", "4000 characters at most")
