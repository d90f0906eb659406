"""Computed cells of the results: category facts, the 24 indicators (Table A.1), group and
level scores, total, offset share, grade and the next-grade hint (R-9.1, R-9.2, G-1, G-5, G-6)."""

from __future__ import annotations

from cnm.accounting.inventory import output_in
from cnm.grading import NOT_RATED, NOT_RATED_EN, PRECISION, grade_en
from cnm.methodology import default_methodology
from cnm.units import display_unit
from workbook_templates.formula import METHOD_ARG, num, num_udf, q, uf
from workbook_templates.metrics_native import INTERP, METRIC, VALUE
from workbook_templates.spec import Calc, Form, Static, Table

_M = default_methodology()
CATALOG = _M.catalog
QUALITATIVE_IDS = tuple(i.id for i in CATALOG.indicators if i.nature == "qualitative")
INDICATOR_IDS = tuple(i.id for i in CATALOG.indicators)


def _cat(fig):
    return fig.methodology.rubric.categories[fig.record.mine.category]


BASIC = (
    Calc("category", "类别编号", "Category id", lambda r, row: 'IFERROR(INDEX(L_category_ID,MATCH(mine.category,L_category,0)),"")',
         lambda fig, i: fig.record.mine.category, text=True),
    Calc("output_unit", "类别产量单位", "Category output unit",
         lambda r, row: 'IFERROR(INDEX(P_CAT_OUT_UNIT,MATCH(calc.category,P_CAT_KEY,0)),"")',
         lambda fig, i: _cat(fig).output_unit, text=True),
    Calc("output", "产量（类别单位）", "Output in the category unit",
         lambda r, row: f"production.output.value*{uf('production.output.unit')}/{uf('calc.output_unit')}",
         lambda fig, i: output_in(fig.record, _cat(fig).output_unit), fmt="#,##0.00"),
    Calc("months", "评价期月数", "Months in the period", lambda r, row: 'IF(period.half="",12,6)',
         lambda fig, i: fig.record.period.months, fmt="0"),
)

# ---- qualitative indicators ---------------------------------------------------------------


def _ind(m, key):
    return m.catalog.by_id[key]


QUALITATIVE_STATIC = (
    Static("q_name", "指标", "Indicator", lambda m, key, lang: _ind(m, key).name_zh if lang == "zh" else _ind(m, key).name_en,
           width=24),
)


def _qual_score(r, row):
    key = r.rowkey("qualitative", row)
    lv, ev = f"qualitative.{key}.level", f"qualitative.{key}.evidence"
    n = num(lv)  # a level typed as text ("2") compares above every number
    return f'IF(TRIM({lv})="",INDEX(P_QUAL_SCORES,1),IF(AND({n}>0,TRIM({ev})=""),P_QUAL_NOEV,INDEX(P_QUAL_SCORES,{n}+1)))'


def _qual_udf(r, row):
    key = r.rowkey("qualitative", row)
    call = f'CNM_INDICATOR("{key}",qualitative.{key}.level,"",qualitative.{key}.evidence,{METHOD_ARG})'
    return num_udf(call, _qual_score(r, row))


def _qual_text(r, row):
    key = r.rowkey("qualitative", row)
    col = "P_QUAL_TEXT_ZH" if r.lang == "zh" else "P_QUAL_TEXT_EN"
    return (f'IF(qualitative.{key}.level="","",INDEX({col},MATCH("{key}",P_QUAL_KEY,0)+qualitative.{key}.level))')


QUALITATIVE_COLUMNS = (
    Calc("qual_text", "该等级的描述", "What the level means", _qual_text,
         lambda fig, key: _level_text(fig, key), text=True, width=46),
    Calc("qual_score", "得分", "Score", _qual_score, lambda fig, key: fig.indicator(key).score, _qual_udf, width=8),
)


def _level_text(fig, key):
    entry = fig.record.qualitative.get(key)
    if entry is None:
        return ""
    t = fig.methodology.rubric.rule(key).levels[entry.level]
    return t.zh if fig.lang == "zh" else t.en


# ---- the 24 indicators (Table A.1) ----------------------------------------------------------


def _value(r, row):
    key = r.rowkey("indicators", row)
    if key in QUALITATIVE_IDS:
        return num(f"qualitative.{key}.level")
    return VALUE[key]


def _metric(r, row):
    key = r.rowkey("indicators", row)
    if key in QUALITATIVE_IDS:
        return f"calc.ind_value.{key}"
    metric = r.m.rubric.rule(key).metric
    return f'IF(calc.ind_value.{key}="","",{METRIC[metric]})'


def _score(r, row):
    key = r.rowkey("indicators", row)
    if key in QUALITATIVE_IDS:
        return f"calc.qual_score.{key}"
    return f'IF(calc.ind_metric.{key}="",0,{INTERP(f"calc.ind_metric.{key}", q(key) + "&" + q("|") + "&calc.category")})'


def _score_udf(r, row):
    key = r.rowkey("indicators", row)
    if key in QUALITATIVE_IDS:
        return f"calc.qual_score.{key}"
    call = f'CNM_INDICATOR("{key}",calc.ind_metric.{key},calc.category,"",{METHOD_ARG})'
    return f'IF(calc.ind_metric.{key}="",0,{num_udf(call, _score(r, row))})'


def _nz(x):
    return "" if x is None else x


INDICATORS = Table("indicators", "附录A 表A.1 指标体系", "Appendix A Table A.1 indicators", "indicators", (
    Static("level", "一级指标", "Level 1", lambda m, key, lang: _name(m.catalog.level_of_group[m.catalog.group_of[key].id], lang),
           width=14),
    Static("group", "二级指标", "Level 2", lambda m, key, lang: _name(m.catalog.group_of[key], lang), width=18),
    Static("share", "二级权重 %", "Level-2 share %", lambda m, key, lang: m.catalog.group_of[key].share, width=8),
    Static("name", "三级指标", "Level 3", lambda m, key, lang: _name(_ind(m, key), lang), width=30),
    Static("weight", "三级权重 %", "Weight %", lambda m, key, lang: _ind(m, key).weight, width=8),
    Static("nature", "性质", "Nature", lambda m, key, lang: {"quantitative": ("定量", "quantitative"),
                                                           "qualitative": ("定性", "qualitative")}[_ind(m, key).nature][lang == "en"],
           width=8),
    Static("unit", "单位", "Unit", lambda m, key, lang: display_unit(_ind(m, key).unit, lang)
           if _ind(m, key).nature != "qualitative" else "0-4",
           width=11),
    Calc("ind_value", "指标值", "Value", _value, lambda fig, key: _nz(fig.indicator(key).value), width=13),
    Calc("ind_metric", "评分度量", "Scored metric", _metric, lambda fig, key: _nz(fig.indicator(key).metric_value),
         fmt="#,##0.000", width=12),
    Calc("ind_score", "得分（0-100）", "Score (0-100)", _score, lambda fig, key: fig.indicator(key).score, _score_udf,
         width=10),
), keys=INDICATOR_IDS)


def _name(x, lang):
    return x.name_zh if lang == "zh" else x.name_en


# ---- results -----------------------------------------------------------------------------

S1 = ("SUM(calc.fuel_tco2)+calc.cmm_ch4+calc.cmm_flare+calc.cmm_burn+calc.cmm_co2+calc.post_mining+calc.surface_ch4"
      "+SUM(calc.facility_tco2e)+calc.og_flare_co2+calc.og_flare_ch4+calc.og_vented+calc.og_recovered_ch4"
      "+calc.og_recovered_co2+SUM(calc.carbonate_tco2)+SUM(calc.explosive_tco2)+SUM(calc.fgas_tco2e)")
SCOPE3_IN = 'IFERROR(INDEX(L_yesno_ID,MATCH(boundary.scopes,L_yesno,0)),FALSE)'
GROSS = f'calc.scope1+IF(P_S2_BASIS="market",calc.scope2_market,calc.scope2_location)+IF({SCOPE3_IN},calc.scope3,0)'
SINK = ('SUMIF(calc.removals_kind_range,INDEX(L_removal_kind,MATCH("restoration_sink",L_removal_kind_ID,0)),'
        'calc.removal_t)')


def _inv(attr):
    return lambda fig, i: getattr(fig.result.inventory, attr)


def _f(key, zh, en, native, figure, udf=None, unit="tCO2e", **kw):
    return Calc(key, zh, en, (lambda r, row: native) if isinstance(native, str) else native, figure, udf, unit, **kw)


INVENTORY = Form("inventory", "温室气体清单", "Greenhouse-gas inventory", "", (
    _f("scope1", "范围一（直接排放）", "Scope 1 (direct)", S1, _inv("scope1")),
    _f("scope2_location", "范围二（基于位置）", "Scope 2 (location-based)", "calc.elec_s2_location+calc.heat_tco2",
       _inv("scope2_location")),
    _f("scope2_market", "范围二（基于市场）", "Scope 2 (market-based)", "calc.elec_s2_market+calc.heat_tco2",
       _inv("scope2_market")),
    _f("scope3", "范围三（已填报）", "Scope 3 (reported)", "SUM(calc.scope3_tco2e)", _inv("scope3")),
    _f("gross", "排放总量", "Gross emissions", GROSS, _inv("gross")),
    _f("removals", "边界内移除量", "In-boundary removals", "SUM(calc.removal_t)", _inv("removals")),
    _f("restoration_sink", "其中生态修复碳汇", "of which restoration sinks", lambda r, row: SINK.replace(
        "calc.removals_kind_range", r.col("removals", "kind")),
       lambda fig, i: fig.result.inventory.removals_by_kind.get("restoration_sink", 0.0)),
    _f("residual", "剩余排放量", "Residual emissions", "calc.gross-calc.removals", _inv("residual")),
    _f("reductions", "自主减排量", "Self-achieved reductions", "SUM(calc.reduction_t)", _inv("reductions")),
    _f("offsets", "有效抵消量", "Valid offsets", "SUM(calc.off_qty)", _inv("offsets")),
    _f("offset_share", "抵消比例", "Offset share", "IF(calc.residual>0,calc.offsets/calc.residual,1)",
       _inv("offset_share"), lambda r, row: num_udf("CNM_OFFSET_SHARE(calc.offsets,calc.residual)",
                                                    "IF(calc.residual>0,calc.offsets/calc.residual,1)"),
       unit="", fmt="0.0%"),
))
ENERGY = Form("energy", "能源消费", "Energy use", "", (
    _f("energy_tce", "能源消费总量", "Total energy", "SUM(calc.fuel_tce)+calc.cmm_tce+calc.elec_tce+calc.heat_tce",
       _inv("energy_tce"), unit="tce"),
    _f("energy_electricity", "其中电力", "of which electricity", "calc.elec_tce", _inv("electricity_tce"), unit="tce"),
    _f("energy_renewable", "其中可再生能源", "of which renewable", "calc.elec_renewable", _inv("renewable_tce"), unit="tce"),
))


def _group_rows(m, gid):
    ids = [i.id for i in m.catalog.groups if i.id == gid for i in i.indicators]
    return INDICATOR_IDS.index(ids[0]), INDICATOR_IDS.index(ids[-1])


def _group_score(r, row):
    gid = r.rowkey("groups", row)
    a, b = _group_rows(r.m, gid)
    return f'SUMPRODUCT({r.span("indicators", "weight", a, b)},{r.span("indicators", "ind_score", a, b)})/100'


def _group_udf(r, row):
    gid = r.rowkey("groups", row)
    a, b = _group_rows(r.m, gid)
    return num_udf(f'CNM_GROUP("{gid}",{r.span("indicators", "ind_score", a, b)},{METHOD_ARG})', _group_score(r, row))


def _group(fig, key):
    return next(g for g in fig.result.groups if g.id == key)


GROUPS = Table("groups", "二级指标得分（公式1）", "Level-2 scores (formula 1)", "groups", (
    Static("g_name", "二级指标", "Level 2", lambda m, key, lang: _name(next(g for g in m.catalog.groups if g.id == key), lang),
           width=24),
    Static("g_share", "权重 %", "Share %", lambda m, key, lang: next(g for g in m.catalog.groups if g.id == key).share),
    Calc("group_score", "得分（0-100）", "Score (0-100)", _group_score, lambda fig, key: _group(fig, key).score, _group_udf),
    Calc("group_points", "计入总分", "Points in total",
         lambda r, row: f'{r.at("groups", "g_share", row)}/100*{r.at("groups", "group_score", row)}',
         lambda fig, key: _group(fig, key).points),
), keys=tuple(g.id for g in CATALOG.groups))


def _level(fig, key):
    return next(lv for lv in fig.result.levels if lv.id == key)


def _level_rows(m, lid):
    gids = [g.id for lv in m.catalog.levels if lv.id == lid for g in lv.groups]
    ids = [g.id for g in m.catalog.groups]
    return ids.index(gids[0]), ids.index(gids[-1])


def _level_points(r, row):
    a, b = _level_rows(r.m, r.rowkey("levels", row))
    return f'SUM({r.span("groups", "group_points", a, b)})'


LEVELS = Table("levels", "一级指标小计", "Level-1 subtotals", "levels", (
    Static("l_name", "一级指标", "Level 1", lambda m, key, lang: _name(next(x for x in m.catalog.levels if x.id == key), lang),
           width=24),
    Static("l_share", "权重 %", "Share %", lambda m, key, lang: next(x for x in m.catalog.levels if x.id == key).share),
    Calc("level_score", "得分（0-100）", "Score (0-100)",
         lambda r, row: f'IF({r.at("levels", "l_share", row)}>0,{r.at("levels", "level_points", row)}/{r.at("levels", "l_share", row)}*100,0)',
         lambda fig, key: _level(fig, key).score),
    Calc("level_points", "计入总分", "Points in total", _level_points, lambda fig, key: _level(fig, key).points),
), keys=tuple(lv.id for lv in CATALOG.levels))


def _grade_chain(value: str, column: str):
    """First band whose minimum the value reaches (bands best first), else the last row of P_GRADE_ORDER
    (未达级, in the en workbook "Not rated": cnm.grading.grade_en). The value is rounded
    to cnm.grading.PRECISION decimals first, as the core does: the native sums add in another order."""

    def native(r, row):
        n = len(r.m.parameters.grades)
        out = "INDEX(P_GRADE_ORDER," + str(n + 1) + ")"
        for k in range(n, 0, -1):
            out = f"IF(ROUND({value},{PRECISION})>=INDEX({column},{k}),INDEX(P_GRADE_ORDER,{k}),{out})"
        return out

    return native


GRADE = ("INDEX(P_GRADE_ORDER,MAX(MATCH(calc.grade_by_score,P_GRADE_ORDER,0),"
         "MATCH(calc.grade_by_offset,P_GRADE_ORDER,0)))")


def _plan(r, row):
    now = "MATCH(calc.grade,P_GRADE_ORDER,0)"
    nxt = f"{now}-1"
    gap = f"MAX(0,INDEX(P_GRADE_MIN_SCORE,{nxt})-calc.total)"
    need_share = f"INDEX(P_GRADE_MIN_SHARE,{nxt})"
    more = f'TEXT({need_share}*calc.residual-calc.offsets,"0")'
    if r.lang == "zh":
        parts = (f'IF({gap}>0,"得分再提高 "&TEXT({gap},"0.00")&" 分","")',
                 f'IF(calc.offset_share<{need_share},"再抵消 "&{more}&" tCO2e","")', '"；"')
        head = f'"升至 "&INDEX(P_GRADE_ORDER,{nxt})&"："'
        top = '"已达最高等级"'
    else:
        parts = (f'IF({gap}>0,TEXT({gap},"0.00")&" more points","")',
                 f'IF(calc.offset_share<{need_share},{more}&" tCO2e more offsets","")', '"; "')
        head = f'"To reach "&INDEX(P_GRADE_ORDER,{nxt})&": "'
        top = '"Highest grade reached"'
    a, b, sep = parts
    return f'IF({now}=1,{top},{head}&{a}&IF(AND({gap}>0,calc.offset_share<{need_share}),{sep},"")&{b})'


def _grade_udf(r, row):
    """CNM_GRADE when it answers a grade of the bands (not #NAME? or an add-in error text), else native.
    CNM_GRADE answers the core's grade, 未达级 below the bands: the en workbook shows it as "Not rated"."""
    call = f"CNM_GRADE(calc.total,calc.offset_share,{METHOD_ARG})"
    if r.lang != "zh":
        call = f"SUBSTITUTE({call},{q(NOT_RATED)},{q(NOT_RATED_EN)})"
    return f"IFERROR(INDEX(P_GRADE_ORDER,MATCH({call},P_GRADE_ORDER,0)),{GRADE})"


def _grade_figure(attr):
    """The core's grade as the workbook's language shows it (cnm.grading.grade_en in the en workbook)."""
    return lambda fig, i: getattr(fig.result, attr) if fig.lang == "zh" else grade_en(getattr(fig.result, attr))


VERDICT = Form("verdict", "综合评价", "Verdict", "", (
    _f("total", "综合评价得分（公式2）", "Total score (formula 2)", lambda r, row: f'SUM({r.col("groups", "group_points")})', lambda fig, i: fig.result.total,
       lambda r, row: num_udf(f'CNM_SCORE({r.col("indicators", "ind_score")},{METHOD_ARG})', f'SUM({r.col("groups", "group_points")})'),
       unit="", fmt="0.00"),
    _f("grade_by_score", "按得分的等级", "Grade by score", _grade_chain("calc.total", "P_GRADE_MIN_SCORE"),
       _grade_figure("grade_by_score"), unit="", text=True),
    _f("grade_by_offset", "按抵消比例的等级", "Grade by offset share", _grade_chain("calc.offset_share", "P_GRADE_MIN_SHARE"),
       _grade_figure("grade_by_offset"), unit="", text=True),
    _f("grade", "碳中和等级（两者取低）", "Grade (the lower of the two)", GRADE, _grade_figure("grade"),
       _grade_udf, unit="", text=True),
    _f("plan", "升级提示", "Next grade", _plan, lambda fig, i: _plan_figure(fig), unit="", text=True),
    _f("method", "评价方法", "Methodology", "P_METHOD_NAME", lambda fig, i: fig.result.methodology["name"],
       unit="", text=True),
    _f("method_version", "方法版本", "Methodology version", "P_METHOD_VERSION",
       lambda fig, i: fig.result.methodology["version"], unit="", text=True),
    _f("method_hash", "方法哈希（SHA-256）", "Methodology hash (SHA-256)", "P_METHOD_HASH",
       lambda fig, i: fig.result.methodology["hash"], unit="", text=True),
))


def _plan_figure(fig):
    from cnm import quick

    inv = fig.result.inventory
    share = min(inv.offset_share, quick.MAX_SHARE)  # the same grade and hint: every band needs at most 1
    return quick.plan(fig.result.total, share, inv.residual, inv.offsets, fig.lang, fig.methodology)


RESULT_BLOCKS = (VERDICT, INVENTORY, ENERGY, GROUPS, LEVELS)
