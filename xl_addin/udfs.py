"""CNM_* worksheet functions (classic xlwings UDFs), each a thin call into `cnm.quick`.

In Excel on Windows with the xlwings add-in (UDF Modules = xl_addin.udfs) they compute in
the cell; anywhere else they are plain Python functions with the same names, which is how
the tests call them. A bad argument returns a short text naming the argument, never a
traceback. Arguments that are ranges may be given where noted: the result is then a column.
The last argument `method` of the functions that depend on the methodology is the workbook's
methodology hash (`P_METHOD_HASH` in the template's formulas; `xl_addin.methods`).
"""

from __future__ import annotations

from collections.abc import Callable

import xlwings as xw

from cnm import quick
from cnm.errors import CnmError, InputErrors
from xl_addin.methods import methodology_for

CATEGORY = "CNM"
ERROR_PREFIX = "#CNM!"

#: name -> {"args": {arg: doc}, "ndim2": [args read as 2-D ranges]}: what the VBA wrapper needs.
UDF_SPECS: dict[str, dict] = {}


def _error(exc: Exception) -> str:
    if isinstance(exc, quick.QuickError):
        text = str(exc)
    elif isinstance(exc, CnmError):
        text = str(exc).splitlines()[0]
    else:
        text = f"{type(exc).__name__}: {exc}"
    return f"{ERROR_PREFIX} {text}"[:250]


def udf(docs: dict[str, str], ranges: tuple[str, ...] = ()) -> Callable:
    """Register a CNM_ function: xlwings decorators (real on Windows, no-ops elsewhere) plus
    the argument docs the VBA generator re-applies."""

    def wrap(fn: Callable) -> Callable:
        UDF_SPECS[fn.__name__] = {"args": docs, "ranges": ranges}
        out = fn
        for name, doc in docs.items():
            opts = {"ndim": 2} if name in ranges else {}
            out = xw.arg(name, doc=doc, **opts)(out)
        return xw.func(category=CATEGORY)(out)

    return wrap


METHOD_DOC = "the workbook's methodology hash, P_METHOD_HASH (blank: the add-in's default methodology)"


def _method(method):
    """The methodology of `method`, or a cell text saying the add-in cannot load it."""
    try:
        return methodology_for(method), None
    except quick.QuickError as exc:
        return None, _error(exc)


def _safe(fn: Callable, *args):
    try:
        return fn(*args)
    except Exception as exc:  # a cell shows a message, never a traceback
        return _error(exc)


def _is_range(x) -> bool:
    return isinstance(x, list | tuple)


def _column(values) -> list:
    if not _is_range(values):
        return [values]
    return [v for row in values for v in (row if _is_range(row) else [row])]


def _each(fn: Callable, *args):
    """fn over scalars, or over ranges element by element (a column out)."""
    if not any(_is_range(a) for a in args):
        return _safe(fn, *args)
    cols = [_column(a) for a in args]
    n = max(len(c) for c in cols)
    cols = [c if len(c) == n else c * n if len(c) == 1 else c + [None] * (n - len(c)) for c in cols]
    return [[_safe(fn, *row)] for row in zip(*cols, strict=True)]


@udf({"gas": "gas name, e.g. CH4, SF6, HFC-134a", "method": METHOD_DOC})
def CNM_GWP(gas, method=None):
    """100-year GWP of a gas in the methodology's GWP set."""
    m, err = _method(method)
    return err or _each(lambda g: quick.gwp(g, m), gas)


@udf({"kind": "fuel, emission, tce, density, ratio ...", "factor_id": "factor id, e.g. diesel",
      "unit": "optional unit of the answer, e.g. t/t, kgce/t", "method": METHOD_DOC})
def CNM_FACTOR(kind, factor_id, unit=None, method=None):
    """A factor of the methodology's library (fuels: tCO2 per unit of fuel)."""
    m, err = _method(method)
    return err or _each(lambda k, f, u: quick.factor(k, f, u, m), kind, factor_id, unit)


@udf({"amount": "amount (or a range)", "unit": "its unit, e.g. t, 万Nm3, L, GJ",
      "source": "source id or name: diesel, 柴油, calcium_carbonate, SF6",
      "ncv": "optional own net calorific value", "ncv_unit": "its unit, e.g. GJ/t",
      "cc": "optional own carbon content", "cc_unit": "its unit, e.g. tC/TJ",
      "oxidation": "optional own oxidation rate, percent", "method": METHOD_DOC})
def CNM_CO2E(amount, unit, source, ncv=None, ncv_unit=None, cc=None, cc_unit=None, oxidation=None, method=None):
    """tCO2e of an amount of a fuel, a process source or a gas."""
    m, err = _method(method)
    return err or _each(lambda a, u, s: quick.co2e(a, u, s, ncv, ncv_unit, cc, cc_unit, oxidation, m),
                        amount, unit, source)


@udf({"amount": "amount (or a range)", "unit": "its unit", "source": "fuel id or name, electricity or heat",
      "method": METHOD_DOC})
def CNM_TCE(amount, unit, source, method=None):
    """Energy in tce (GB/T 2589 coefficients)."""
    m, err = _method(method)
    return err or _each(lambda a, u, s: quick.tce(a, u, s, m), amount, unit, source)


@udf({"value": "amount", "unit": "its unit", "to_unit": "the unit wanted"})
def CNM_CONVERT(value, unit, to_unit):
    """An amount converted to another unit of the same kind."""
    return _each(quick.convert_amount, value, unit, to_unit)


@udf({"period_year": "period year", "where": "province (山西省) or grid region (north, national)",
      "basis": "average (location-based) or market (residual mix)", "factor_year": "optional exact data year",
      "method": METHOD_DOC})
def CNM_GRID(period_year, where=None, basis="average", factor_year=None, method=None):
    """Grid emission factor, tCO2/MWh."""
    m, err = _method(method)
    return err or _safe(quick.grid_factor, period_year, where, basis, factor_year, m)


@udf({"indicator_id": "I01..I24 (or a range)", "value": "the metric the rubric scores, or the level 0..4",
      "category": "mine category id or name", "evidence": "qualitative: the evidence text", "method": METHOD_DOC})
def CNM_INDICATOR(indicator_id, value, category=None, evidence=None, method=None):
    """Score 0..100 of an indicator."""
    m, err = _method(method)
    if err:
        return err
    if value in (None, "") and not _is_range(value):
        return 0.0
    return _each(lambda i, v, e: quick.indicator_score(i, v, category, e, m), indicator_id, value, evidence)


@udf({"group_id": "G1..G6", "scores": "the group's indicator scores in Table A.1 order", "method": METHOD_DOC},
     ranges=("scores",))
def CNM_GROUP(group_id, scores, method=None):
    """A level-2 group's score, formula (1)."""
    m, err = _method(method)
    return err or _safe(quick.group_score, group_id, _column(scores), m)


@udf({"scores": "the 24 indicator scores in Table A.1 order, or the whole input range cnm.inputs",
      "method": METHOD_DOC}, ranges=("scores",))
def CNM_SCORE(scores, method=None):
    """The total score 0..100, formula (2): from the 24 indicator scores, or from the whole input
    range (the record rebuilt from the workbook's hidden inputs sheet and assessed by the core)."""
    m, err = _method(method)
    if err:
        return err
    if _is_input_range(scores):
        return _safe(_total_of_inputs, scores, m)
    return _safe(quick.total_score, _column(scores), m)


def _is_input_range(x) -> bool:
    """Rows of (key, value[, cell]) with text keys, as the range `cnm.inputs` is."""
    return (_is_range(x) and len(x) > 1 and all(_is_range(r) and len(r) in (2, 3) for r in x)
            and any(isinstance(r[0], str) and r[0].strip() for r in x))


def _total_of_inputs(rows, m=None) -> float:
    from cnm.result import assess
    from workbook_templates.read import read_pairs

    try:
        record = read_pairs(rows, m, source="cnm.inputs").record
    except InputErrors as exc:
        p, more = exc.problems[0], len(exc.problems) - 1
        extra = (f"（另有 {more} 处）", f" (and {more} more)") if more else ("", "")
        raise quick.QuickError("scores", f"{p.loc}: {p.message_zh or p.message_en}{extra[0]}",
                               f"{p.message_en}{extra[1]}") from None
    return assess(record, m).total


@udf({"level_id": "L1..L3", "scores": "the 24 indicator scores in Table A.1 order", "method": METHOD_DOC},
     ranges=("scores",))
def CNM_LEVEL(level_id, scores, method=None):
    """A level-1 subtotal 0..100."""
    m, err = _method(method)
    return err or _safe(quick.level_score, level_id, _column(scores), m)


@udf({"offsets": "valid offsets, tCO2e", "residual": "residual emissions, tCO2e"})
def CNM_OFFSET_SHARE(offsets, residual):
    """Offset share as a fraction (1 = 100 %)."""
    return _safe(quick.offset_share, offsets, residual)


@udf({"score": "total score 0..100", "offset_share": "offset share as a fraction: 0.95 = 95 %", "method": METHOD_DOC})
def CNM_GRADE(score, offset_share, method=None):
    """Grade: AAA, AA, A, B, C or 未达级 (not rated, cnm.grading.NOT_RATED). The English template's
    grade cells show 未达级 as "Not rated" (their formula maps the answer)."""
    m, err = _method(method)
    return err or _safe(quick.grade, score, offset_share, m)


@udf({"score": "total score", "offset_share": "offset share as a fraction: 0.95 = 95 %",
      "residual": "optional residual tCO2e", "offsets": "optional valid offsets tCO2e", "lang": "zh or en",
      "method": METHOD_DOC})
def CNM_PLAN(score, offset_share, residual=None, offsets=None, lang="zh", method=None):
    """What the next grade needs."""
    m, err = _method(method)
    return err or _safe(quick.plan, score, offset_share, residual, offsets, lang or "zh", m)


@udf({"field": "name, version or hash", "method": METHOD_DOC})
def CNM_METHOD(field="name", method=None):
    """The methodology's name, version or hash (of the workbook's methodology when `method` is given:
    an error text when the add-in cannot load it)."""
    m, err = _method(method)
    return err or _safe(quick.method, field or "name", m)


__all__ = sorted(UDF_SPECS)
