"""The core's findings on a workbook's record, moved to their cells and made readable there.

Most keep their text and move from a record path to its cell. The ones about an indicator that
could not be computed (`missing-input`, `no-previous-period`) come once per indicator, with the
record path (`production.output`) as their text and no indicator named: the report of a workbook
with output 0 had six identical rows. Here they become one finding per missing input, at its cell,
with the input's label, what is wrong with it (empty or 0) and the indicators that score 0.

An indicator is matched to its finding by order: the core scores the indicators in catalog order
and adds one such finding for each quantitative indicator it cannot compute (`cnm.scoring`).
When the counts differ, the findings are grouped without indicator names.
"""

from __future__ import annotations

from cnm.findings import CODES as CORE_CODES
from cnm.findings import Finding
from cnm.record import Record
from cnm.result import Result
from validator.locate import Locator, place_of
from validator.plausibility import amount_at

#: Findings the core adds for an indicator it could not compute (cnm.metrics.Missing).
MISSING_CODES = ("missing-input", "no-target", "no-previous-period")
INDICATORS_SHOWN = 8


def core_findings(result: Result, record: Record, loc: Locator, file: str) -> list[Finding]:
    """The core's findings located in cells; `missing-input` and `no-previous-period` one per input."""
    misses = [f for f in result.findings if f.code in MISSING_CODES]
    unscored = [i for i in result.indicators if i.nature == "quantitative" and i.metric_value is None]
    indicator = dict(zip(map(id, misses), unscored, strict=True)) if len(misses) == len(unscored) else {}
    out: list[Finding] = []
    groups: dict[tuple[str, str], tuple[int, list]] = {}
    for f in result.findings:
        if f.code in ("missing-input", "no-previous-period"):
            key = (f.code, f.loc)
            if key not in groups:
                groups[key] = (len(out), [])
                out.append(f)  # placeholder, replaced below
            groups[key][1].append(indicator.get(id(f)))
        else:
            out.append(f.model_copy(update={"loc": loc.cell(f.loc), "file": file}))
    for (code, path), (index, inds) in groups.items():
        named = [i for i in inds if i is not None]
        if code == "missing-input":
            out[index] = _missing_input(path, record, named, loc, file)
        else:
            out[index] = _no_previous(record, named, loc, file)
    return out


def _indicators(named) -> tuple[str, str]:
    shown = named[:INDICATORS_SHOWN]
    zh = "、".join(f"{i.name_zh}（{i.id}）" for i in shown) + (" 等" if len(named) > len(shown) else "")
    en = "; ".join(f"{i.name_en} ({i.id})" for i in shown) + ("; ..." if len(named) > len(shown) else "")
    return zh, en


def _scores_zero(named) -> tuple[str, str]:
    if not named:
        return "相关指标按0分计", "the indicators that need it score 0"
    zh, en = _indicators(named)
    if len(named) == 1:
        return f"指标 {zh} 按0分计", f"indicator {en} scores 0"
    return f"以下 {len(named)} 个指标按0分计：{zh}", f"{len(named)} indicators score 0: {en}"


def _label(path: str, loc: Locator) -> tuple[str, str]:
    zh, en = loc.label(path)
    if path.startswith("previous."):
        return f"上一期{zh}", f"previous period's {en[:1].lower()}{en[1:]}"
    return zh, en


def _state(path: str, record: Record) -> tuple[str, str]:
    """' is empty' / ' is 0' for an input with a cell; '' for a figure the core derives."""
    if place_of(path) is None:
        return "", ""
    amount = amount_at(record, path)
    if amount is None:
        return "未填写", " is empty"
    if amount.value <= 0:
        return f"为 {amount.value:g}", f" is {amount.value:g}"
    return "", ""


def _finding(code: str, where: str, file: str, zh: str, en: str) -> Finding:
    t = CORE_CODES[code]
    return Finding(code=code, severity=t.severity, loc=where, file=file, message_zh=zh, message_en=en,
                   hint_zh=t.hint_zh, hint_en=t.hint_en)


def _missing_input(path: str, record: Record, named, loc: Locator, file: str) -> Finding:
    label_zh, label_en = _label(path, loc)
    state_zh, state_en = _state(path, record)
    zero_zh, zero_en = _scores_zero(named)
    return _finding("missing-input", loc.cell(path), file,
                    f"缺少计算所需的数据：“{label_zh}”{state_zh}，{zero_zh}",
                    f"missing input: '{label_en}'{state_en}; {zero_en}")


def _no_previous(record: Record, named, loc: Locator, file: str) -> Finding:
    """At the previous-period cell that is missing (or 0): the period, its emissions or output."""
    prev = record.previous
    path, state_zh, state_en = "previous.period", "上一评价期未填写", "the previous period is not given"
    if prev is not None:
        for key in ("gross_emissions", "output"):
            amount = getattr(prev, key, None)
            if amount is None or amount.value <= 0:
                path = f"previous.{key}"
                zh, en = _label(path, loc)
                state_zh = f"“{zh}”未填写" if amount is None else f"“{zh}”为 {amount.value:g}"
                state_en = f"'{en}' is empty" if amount is None else f"'{en}' is {amount.value:g}"
                break
    zero_zh, zero_en = _scores_zero(named)
    return _finding("no-previous-period", loc.cell(path), file,
                    f"缺少上一评价期数据（{state_zh}），无法计算下降率；{zero_zh}",
                    f"no previous-period figures ({state_en}), so the decline rate cannot be computed; {zero_en}")
