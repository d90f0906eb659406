"""Single figures for spreadsheet functions (the CNM_* UDFs) and the workbook builder.

Each function answers one question (the tCO2e of an amount of a source, an indicator's score,
a grade ...) with the core's own code: emission and energy figures come from running the
real accounting (`cnm.accounting.account`) on a one-line record, scores from the rubric
(`cnm.rubric.interpolate`) and `cnm.scoring`, grades from `cnm.grading`. Nothing here has a
factor, weight, threshold or formula of its own. Bad arguments raise `QuickError`, whose
message names the argument (the UDF layer turns it into a short cell text).
"""

from __future__ import annotations

import math
from functools import lru_cache

from pydantic import ValidationError

from cnm.accounting.inventory import account
from cnm.accounting.inventory import offset_share as _offset_share
from cnm.errors import CnmError, FactorNotFound, UnitError
from cnm.findings import is_blocking
from cnm.grading import NOT_RATED, grade_by_offset, grade_by_score
from cnm.grading import grade as _grade
from cnm.record import Record
from cnm.rubric import interpolate
from cnm.scoring import IndicatorScore, _qualitative, aggregate
from cnm.units import convert


class QuickError(CnmError, ValueError):
    """A bad argument of a single-figure function; the message names the argument."""

    def __init__(self, argument: str, message_zh: str, message_en: str):
        self.argument, self.message_zh, self.message_en = argument, message_zh, message_en
        super().__init__(f"{argument}: {message_zh} / {message_en}")


def _m(methodology=None):
    from cnm.methodology import default_methodology

    return methodology or default_methodology()


def _number(value, argument: str, lo: float | None = None, hi: float | None = None, whole: bool = False,
            positive: bool = False) -> float:
    """`value` as a finite number within [lo, hi] (whole, or more than 0, when asked), else QuickError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise QuickError(argument, "未填写", "is blank")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise QuickError(argument, f"“{value}”不是数字", f"'{value}' is not a number") from None
    if math.isnan(x) or math.isinf(x):
        raise QuickError(argument, "不是有限数字", "is not a finite number")
    if whole and x != int(x):
        raise QuickError(argument, f"应为整数，收到 {x:g}", f"must be a whole number, got {x:g}")
    if positive and x <= 0:
        raise QuickError(argument, f"应大于 0，收到 {x:g}", f"must be more than 0, got {x:g}")
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        if hi is None:
            raise QuickError(argument, f"应不小于 {lo:g}，收到 {x:g}", f"must be {lo:g} or more, got {x:g}")
        raise QuickError(argument, f"应在 {lo:g} 到 {hi:g} 之间，收到 {x:g}", f"must be {lo:g} to {hi:g}, got {x:g}")
    return x


def _share(value, argument: str = "offset_share") -> float:
    """An offset share: a fraction, 0..MAX_SHARE (a percentage such as 95 is refused with a hint)."""
    x = _number(value, argument, lo=0)
    if x > MAX_SHARE:
        raise QuickError(argument, f"应为小数：0.95 = 95%（收到 {x:g}；超过 {MAX_SHARE:g} 时填 {MAX_SHARE:g}）",
                         f"a fraction: 0.95 = 95% (got {x:g}; above {MAX_SHARE:g} give {MAX_SHARE:g})")
    return x


#: an offset share above this is taken for a percentage typed by mistake (every grade needs at most 1)
MAX_SHARE = 2.0
#: the years a record's period, and a grid factor's data year, may take (cnm.record.Period)
YEARS = (2000, 2100)


# ---- names of sources -------------------------------------------------------------------

def source_id(name: str, kinds: tuple[str, ...] = ("fuel", "emission"), methodology=None) -> tuple[str, str]:
    """(kind, id) of a factor given by id, Chinese or English name (case-insensitive)."""
    lib = _m(methodology).factors
    text = str(name or "").strip()
    for kind in kinds:
        if lib.has(kind, text):
            return kind, text
    for kind in kinds:
        for fid in lib.ids(kind):
            f = lib.get(kind, fid)
            if text in (f.name_zh,) or text.casefold() == f.name_en.casefold():
                return kind, fid
    sug = list(dict.fromkeys(s for k in kinds for s in lib.suggest(k, text)))
    raise QuickError("source", f"未知的排放源“{text}”" + (f"（是否为：{', '.join(sug)}？）" if sug else ""),
                     f"unknown source '{text}'" + (f" (did you mean: {', '.join(sug)}?)" if sug else ""))


# ---- one-line accounting ----------------------------------------------------------------

_BASE = {"mine": {"id": "quick", "name_zh": "quick", "category": "building_materials"},
         "production": {"output": {"value": 1, "unit": "t"}}}


def _account_one(key: str, methodology=None):
    """Inventory of a one-line record given as canonical JSON text (cached for the default methodology)."""
    if methodology is None or methodology is _m():
        return _account_default(key)
    return _account(key, methodology)


@lru_cache(maxsize=4096)
def _account_default(key: str):
    return _account(key, _m())


def _account(key: str, methodology):
    import json

    record = Record.model_validate(json.loads(key))
    try:
        inv, findings = account(record, methodology)
    except UnitError as exc:  # e.g. an own factor's unit: named as the function's argument
        p = exc.as_problem()
        raise QuickError(_argument_of(f"{exc.loc}.unit", True), p.message_zh, p.message_en) from None
    errors = [f for f in findings if is_blocking(f)]
    if errors:
        f = errors[0]
        arg = f.loc.rsplit(".", 1)[-1] if "." in f.loc else f.loc
        raise QuickError(arg, f.message_zh, f.message_en)
    return inv


def _one(parts: dict, year: int = 2024, methodology=None, **mine):
    import json

    data = {**_BASE, **parts, "period": {"year": int(year)}}
    data["mine"] = {**_BASE["mine"], **mine}
    try:
        key = json.dumps(Record.model_validate(data).model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    except ValidationError as exc:
        err = exc.errors()[0]
        path = ".".join(str(x) for x in err["loc"] if isinstance(x, str))
        msg = str(err["msg"]).removeprefix("Value error, ")
        zh, sep, en = msg.partition(" / ")
        if not sep:  # pydantic's own wording: say it plainly in both languages
            zh, en = "取值无效", "invalid value"
        unit = "单位" in msg or "unit" in msg  # a row-level check about the unit
        raise QuickError(_argument_of(path, unit), zh, en) from None
    return _account_one(key, methodology)


#: record paths of the one-line records (suffixes) -> the function argument that fills them
_ARGUMENTS = (("ncv.value", "ncv"), ("ncv.unit", "ncv_unit"), ("carbon_content.value", "cc"),
              ("carbon_content.unit", "cc_unit"), ("oxidation_percent", "oxidation"), ("period.year", "period_year"),
              ("factor_year", "factor_year"), ("grid_region", "where"), ("unit", "unit"))


def _argument_of(path: str, about_unit: bool) -> str:
    return next((arg for suffix, arg in _ARGUMENTS if path.endswith(suffix)), "unit" if about_unit else "amount")


def _fuel(amount, unit, fuel_id, own, methodology):
    row = {"fuel": fuel_id, "value": _number(amount, "amount"), "unit": str(unit).strip()}
    if own:
        row["own_factor"] = {**own, "source": "workbook"}
    return _one({"fuels": [row]}, methodology=methodology)


def _own(ncv, ncv_unit, cc, cc_unit, oxidation_percent) -> dict:
    own = {}
    if ncv not in (None, ""):
        own["ncv"] = {"value": _number(ncv, "ncv", positive=True), "unit": str(ncv_unit or "GJ/t")}
    if cc not in (None, ""):
        own["carbon_content"] = {"value": _number(cc, "cc", positive=True), "unit": str(cc_unit or "t/TJ")}
    if oxidation_percent not in (None, ""):
        own["oxidation_percent"] = _number(oxidation_percent, "oxidation", 0, 100, positive=True)
    return own


def co2e(amount, unit, source, ncv=None, ncv_unit=None, cc=None, cc_unit=None, oxidation_percent=None,
         methodology=None) -> float:
    """tCO2e of `amount` `unit` of a fuel (combustion), an emission factor's activity or a gas.

    co2e(1, "t", "diesel") is the CO2 of burning one tonne of diesel; co2e(2, "t", "SF6") is
    2 t x GWP(SF6). A fuel's own NCV, carbon content or oxidation rate replace the defaults.
    """
    m = _m(methodology)
    value = _number(amount, "amount", lo=0)
    if m.gwp.has(str(source)) and not m.factors.has("fuel", str(source)):
        return _convert(value, unit, "t", "unit") * m.gwp.gwp(str(source))
    kind, fid = source_id(source, methodology=m)
    if kind == "fuel":
        inv = _fuel(value, unit, fid, _own(ncv, ncv_unit, cc, cc_unit, oxidation_percent), m)
        return inv.lines[0].tco2e
    f = m.factors.get(kind, fid)
    per = _convert(1.0, unit, f.activity_unit or "t", "unit")  # checks the unit's kind
    return value * per * f.emission_factor(f.activity_unit or "t") * m.gwp.gwp(f.gas)


def tce(amount, unit, source, methodology=None) -> float:
    """Energy in tce: fuels by GB/T 2589 (or heat / 29.3076 GJ), electricity and heat by coefficient."""
    m = _m(methodology)
    value = _number(amount, "amount", lo=0)
    text = str(source).strip()
    if text in ("electricity", "电力"):
        inv = _one({"electricity": {"onsite_renewable": {"value": value, "unit": str(unit)}}}, methodology=m)
        return inv.energy_tce
    if text in ("heat", "热力"):
        kgce = _convert(value, unit, "GJ", "unit") * m.factors.get("tce", "heat").value_in("kgce/GJ")
        return kgce / 1000
    kind, fid = source_id(text, ("fuel", "tce"), m)
    if kind == "fuel":
        return _fuel(value, unit, fid, {}, m).energy_tce
    c = m.factors.get("tce", fid)
    return value * c.value_in(f"kgce/({unit})") / 1000


def _convert(value: float, unit, to: str, argument: str) -> float:
    try:
        return convert(value, str(unit).strip(), to, argument)
    except UnitError as exc:
        raise QuickError(argument, f"单位“{unit}”不可用，应为 {exc.expected}",
                         f"unit '{unit}' cannot be used, expected {exc.expected}") from None


def convert_amount(value, unit, to) -> float:
    """`value` `unit` in unit `to` (units of cnm/data/units.txt)."""
    return _convert(_number(value, "value"), unit, str(to).strip(), "unit")


def gwp(gas, methodology=None) -> float:
    """100-year GWP of a gas in the methodology's GWP set (AR4 by default)."""
    g = _m(methodology).gwp
    if not g.has(str(gas)):
        raise QuickError("gas", f"GWP 集 {g.id} 中没有气体“{gas}”", f"gas '{gas}' is not in GWP set {g.id}")
    return g.gwp(str(gas))


def factor(kind, factor_id, unit=None, methodology=None) -> float:
    """A library factor's value, in `unit` when given (fuels: tCO2 per `unit` of fuel, default per t)."""
    lib = _m(methodology).factors
    try:
        f = lib.get(str(kind).strip(), str(factor_id).strip())
    except FactorNotFound as exc:
        sug = f"（是否为：{', '.join(exc.suggestions)}？）" if exc.suggestions else ""
        raise QuickError("factor_id", f"{kind} 中没有因子“{factor_id}”{sug}",
                         f"no {kind} factor '{factor_id}'" + (f" (did you mean: {', '.join(exc.suggestions)}?)"
                                                             if exc.suggestions else "")) from None
    try:
        if f.kind == "fuel":
            return f.emission_factor(str(unit or f.activity_unit or "t"))
        return f.value_in(str(unit)) if unit else float(f.value)
    except UnitError as exc:
        raise QuickError("unit", f"单位“{unit}”不可用", f"unit '{unit}' cannot be used ({exc.expected})") from None


def grid_factor(year, where=None, basis="average", factor_year=None, methodology=None) -> float:
    """Grid emission factor in tCO2/MWh for a province or region ('national', 'north' ...).

    basis 'average' (or 'location') is the location-based factor; 'market' (or 'residual') the
    residual mix the methodology uses. An unknown place or basis is refused, not defaulted.
    """
    m = _m(methodology)
    el = {"purchased": {"value": 1, "unit": "MWh"}}
    if where not in (None, ""):
        el["grid_region"] = _place(where, m)
    if factor_year not in (None, ""):
        el["factor_year"] = int(_number(factor_year, "factor_year", *YEARS, whole=True))
    text = str(basis if basis not in (None, "") else "average").strip().lower()
    bases = {"average": "location", "location": "location", "market": "market", "residual": "market"}
    if text not in bases:
        raise QuickError("basis", f"“{basis}”应为 average（基于位置）或 market（基于市场）",
                         f"'{basis}': use average (location-based) or market (residual mix)")
    period_year = int(_number(year, "period_year", *YEARS, whole=True))
    try:
        inv = _one({"electricity": el}, year=period_year, methodology=m)
    except QuickError as exc:  # a factor the library lacks for that year
        if exc.argument in ("purchased", "electricity", "amount"):
            arg = "factor_year" if "factor_year" in el else "period_year"
            raise QuickError(arg, exc.message_zh, exc.message_en) from None
        raise
    return next(ln.tco2e for ln in inv.lines if ln.basis == bases[text])


def _place(where, m) -> str:
    """A province (山西省, 山西) or grid region (north, national) the factor library knows."""
    from cnm.factors import _short_province

    text = str(where).strip()
    lib = m.factors
    known = {f.region for f in lib.find("grid", "electricity")} | {"national"}
    known |= {p for s in lib.sets for p in s.region_of_province}
    if text in known or _short_province(text) in known or text.lower() in known:
        return text.lower() if text.lower() in known else text
    raise QuickError("where", f"未知的省份或电网区域“{text}”", f"unknown province or grid region '{text}'")


# ---- scores and grades ------------------------------------------------------------------

def indicator_score(indicator_id, value, category=None, evidence=None, methodology=None) -> float:
    """Score 0..100 of one indicator: the rubric's points at `value` (the metric it scores), or
    for a qualitative indicator the score of level `value` (0 without evidence, R-7.2)."""
    m = _m(methodology)
    try:
        ind = m.catalog.indicator(str(indicator_id))
    except KeyError as exc:
        raise QuickError("indicator_id", f"未知指标“{indicator_id}”", str(exc.args[0])) from None
    rule = m.rubric.rule(ind.id)
    if ind.nature == "qualitative":
        level = _number(value, "value")
        if level != int(level) or not 0 <= level <= 4:
            raise QuickError("value", "等级应为 0..4 的整数", "the level must be a whole number 0..4")
        rec = Record.model_validate({**_BASE, "period": {"year": 2024},
                                     "qualitative": {ind.id: {"level": int(level), "evidence": evidence or None}}})
        return _qualitative(ind, m.catalog.group_of[ind.id], rule, rec, m.rubric, []).score
    if rule.by_category:
        cat = _category(category, m)
        points = rule.points_for(cat)
    else:
        points = rule.points_for("")
    return interpolate(points, _number(value, "value"))


def _category(category, m) -> str:
    text = str(category or "").strip()
    for cid, c in m.rubric.categories.items():
        if text in (cid, c.name_zh) or text.casefold() == c.name_en.casefold():
            return cid
    raise QuickError("category", f"未知的矿山类别“{text}”", f"unknown mine category '{text}'; one of {', '.join(m.rubric.categories)}")


def _scores(ids: list[str], scores, m) -> list[IndicatorScore]:
    flat = [s for row in scores for s in row] if scores and isinstance(scores[0], list | tuple) else list(scores)
    if len(flat) != len(ids):
        raise QuickError("scores", f"需要 {len(ids)} 个得分，收到 {len(flat)} 个", f"needs {len(ids)} scores, got {len(flat)}")
    given = dict(zip(ids, (_number(s if s not in (None, "") else 0, "scores", 0, 100) for s in flat), strict=True))
    out = []
    for g in m.catalog.groups:
        for ind in g.indicators:
            out.append(IndicatorScore(id=ind.id, name_zh=ind.name_zh, name_en=ind.name_en, nature=ind.nature,
                                      group=g.id, weight=ind.weight, value=None, unit=ind.unit, metric="",
                                      metric_value=None, score=given.get(ind.id, 0.0)))
    return out


def group_score(group_id, scores, methodology=None) -> float:
    """Formula (1): a level-2 group's score from its indicators' scores, in catalog order."""
    m = _m(methodology)
    gid = str(group_id).strip().upper()
    group = next((g for g in m.catalog.groups if g.id == gid), None)
    if group is None:
        raise QuickError("group_id", f"未知的二级指标“{group_id}”", f"unknown group '{group_id}'")
    groups, _, _ = aggregate(_scores([i.id for i in group.indicators], scores, m), m.catalog)
    return next(g.score for g in groups if g.id == gid)


def total_score(scores, methodology=None) -> float:
    """Formula (2): the total 0..100 from the 24 indicator scores in Table A.1 order."""
    m = _m(methodology)
    return aggregate(_scores([i.id for i in m.catalog.indicators], scores, m), m.catalog)[2]


def level_score(level_id, scores, methodology=None) -> float:
    """A level-1 subtotal (0..100) from the 24 indicator scores."""
    m = _m(methodology)
    _, levels, _ = aggregate(_scores([i.id for i in m.catalog.indicators], scores, m), m.catalog)
    for lv in levels:
        if lv.id == str(level_id).strip().upper():
            return lv.score
    raise QuickError("level_id", f"未知的一级指标“{level_id}”", f"unknown level '{level_id}'")


def offset_share(offsets, residual) -> float:
    """Valid offsets / residual emissions as a fraction (1 when residual <= 0), G-6."""
    return _offset_share(_number(offsets, "offsets", lo=0), _number(residual, "residual"))


def grade(score, share, methodology=None) -> str:
    """The grade (R-9.2, G-5): the lower of the grades by score and by offset share (1 = 100 %)."""
    bands = _m(methodology).parameters.grades
    return _grade(_number(score, "score", 0, 100), _share(share), bands)


def plan(score, share, residual=None, offsets=None, lang="zh", methodology=None) -> str:
    """What the next grade needs: score points and, given residual and offsets, tCO2e to offset."""
    bands = _m(methodology).parameters.grades
    s, o = _number(score, "score", 0, 100), _share(share)
    lang = str(lang or "zh").strip().lower()
    if lang not in ("zh", "en"):
        raise QuickError("lang", f"“{lang}”应为 zh 或 en", f"'{lang}': use zh or en")
    order = [b.grade for b in bands] + [NOT_RATED]
    now = _grade(s, o, bands)
    if order.index(now) == 0:
        return "已达最高等级" if lang == "zh" else "Highest grade reached"
    nxt = bands[order.index(now) - 1]
    gap_score = max(0.0, nxt.min_score - s)
    parts_zh, parts_en = [], []
    if gap_score > 0:
        parts_zh.append(f"得分再提高 {gap_score:.2f} 分")
        parts_en.append(f"{gap_score:.2f} more points")
    if o < nxt.min_offset_share:
        if residual not in (None, "") and offsets not in (None, ""):
            more = nxt.min_offset_share * _number(residual, "residual") - _number(offsets, "offsets", lo=0)
            parts_zh.append(f"再抵消 {more:.0f} tCO2e")
            parts_en.append(f"{more:.0f} tCO2e more offsets")
        else:
            parts_zh.append(f"抵消比例达到 {nxt.min_offset_share * 100:.0f}%")
            parts_en.append(f"offset share of {nxt.min_offset_share * 100:.0f}%")
    if lang == "zh":
        return f"升至 {nxt.grade}：" + "；".join(parts_zh)
    return f"To reach {nxt.grade}: " + "; ".join(parts_en)


def grades(score, share, methodology=None) -> tuple[str, str, str]:
    """(grade by score, grade by offset share, grade)."""
    bands = _m(methodology).parameters.grades
    s, o = _number(score, "score", 0, 100), _share(share)
    return grade_by_score(s, bands), grade_by_offset(o, bands), _grade(s, o, bands)


def method(field="name", methodology=None) -> str:
    """The methodology's name, version or hash (what every result carries)."""
    info = _m(methodology).info()
    key = str(field or "name").strip().lower()
    if key not in info:
        raise QuickError("field", "应为 name、version 或 hash", "use name, version or hash")
    return info[key]
