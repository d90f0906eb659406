"""Computed cells of coal-mine methane, oil and gas, carbonates, explosives, F-gases, Scope 3,
reductions, removals and the offsets register (validity and serial overlaps, G-7)."""

from __future__ import annotations

from cnm.offsets import serial_range
from workbook_templates.formula import METHOD_ARG, NO_OWN_FACTOR, conv, conv0, num, num_udf, q
from workbook_templates.spec import Calc

CMM_ = "coal_mine_methane"


def _v(name, base=CMM_, unit="万Nm3"):
    return conv0(f"{base}.{name}.value", f"{base}.{name}.unit", unit)


ACTIVE = f'AND(calc.category="coal_underground",NOT(AND({CMM_}.ventilation.value="",{CMM_}.drainage.value="")))'
USED = f"({_v('flared')}+{_v('utilised_onsite')}+{_v('utilised_offsite')})"
OUT_T = conv("production.output.value", "production.output.unit", "t")


def _ef(factor_id):
    return f"INDEX(P_EF_VALUE,MATCH({q(factor_id)},P_EF_KEY,0))"


def _line(*keys):
    return lambda fig, i: fig.tco2e(*keys)


GAS_CLASS = 'IFERROR(INDEX(L_gas_class_ID,MATCH(production.mine_gas_class,L_gas_class,0)),"")'


def _own_or(kind: str, default: str) -> str:
    """The mine's measured CH4 factor (kg/t, entered on the production form) in t/t, else the default."""
    own = f"production.own_ch4_factors.{kind}.kg_ch4_per_t"
    return f'IF({own}<>"",{own}/1000,{default})'


POST = (f'IF(calc.category="coal_underground",{OUT_T}*'
        + _own_or("post_mining", f'IF({GAS_CLASS}="low_gas",{_ef("post_mining_low_gas")},{_ef("post_mining_high_gas")})')
        + f'*P_GWP_CH4,IF(calc.category="coal_surface",{OUT_T}*'
        + _own_or("post_mining", _ef("post_mining_surface")) + '*P_GWP_CH4,0))')

CMM = (
    Calc("cmm_ch4", "井工开采甲烷逃逸", "Underground CH4 (vented)",
         lambda r, row: f"IF({ACTIVE},IF({USED}>{_v('drainage')}+1E-9,NA(),"
                        f"({_v('ventilation')}+{_v('drainage')}-{USED})*P_DENS_CH4*P_GWP_CH4),0)",
         _line("S1.cmm.vented"), unit="tCO2e"),
    Calc("cmm_flare", "瓦斯火炬燃烧排放", "CMM flaring CO2",
         lambda r, row: f"IF(AND({ACTIVE},{_v('flared')}>0),{_v('flared')}*P_C_PER_WAN_NM3*P_FLARE_OF*P_C_TO_CO2,0)",
         _line("S1.cmm.flare"), unit="tCO2"),
    Calc("cmm_burn", "瓦斯利用燃烧排放", "Combustion of utilised CMM",
         lambda r, row: f"IF(AND({ACTIVE},{_v('utilised_onsite')}>0),{_v('utilised_onsite')}*P_EF_CMM,0)",
         _line("S1.cmm.combustion"), unit="tCO2"),
    Calc("cmm_co2", "井工开采二氧化碳逃逸", "Underground CO2 escape",
         lambda r, row: f"IF(AND({ACTIVE},{_v('co2_ventilation')}+{_v('co2_drainage')}>0),"
                        f"({_v('co2_ventilation')}+{_v('co2_drainage')})*P_DENS_CO2,0)",
         _line("S1.cmm.co2"), unit="tCO2"),
    Calc("cmm_tce", "瓦斯自用折标准煤", "CMM used on site, tce",
         lambda r, row: f"IF(AND({ACTIVE},{_v('utilised_onsite')}>0),{_v('utilised_onsite')}*10000*P_TCE_CMM/1000,0)",
         lambda fig, i: fig.tce("E.cmm"), unit="tce"),
    Calc("post_mining", "矿后活动甲烷逃逸", "Post-mining CH4", lambda r, row: POST, _line("S1.post_mining"),
         unit="tCO2e"),
    Calc("surface_ch4", "露天开采甲烷逃逸", "Surface mining CH4",
         lambda r, row: f'IF(calc.category="coal_surface",{OUT_T}*{_own_or("surface_mining", _ef("surface_mining_ch4"))}'
                        f'*P_GWP_CH4,0)',
         _line("S1.surface_mining"), unit="tCO2e"),
)

OG = "oil_gas"
FLARED = _v("flared_gas", OG)
SHARE = f'IF({OG}.flare_ch4_percent="",P_FLARE_CH4,{OG}.flare_ch4_percent/100)'

OIL_GAS = (
    Calc("og_flare_co2", "火炬燃烧排放", "Flaring CO2",
         lambda r, row: f"IF({FLARED}>0,{FLARED}*{SHARE}*P_C_PER_WAN_NM3*P_FLARE_OF*P_C_TO_CO2,0)",
         _line("S1.og.flare"), unit="tCO2"),
    Calc("og_flare_ch4", "火炬未燃尽甲烷", "Unburnt CH4 from flaring",
         lambda r, row: f"IF({FLARED}>0,{FLARED}*{SHARE}*(1-P_FLARE_OF)*P_DENS_CH4*P_GWP_CH4,0)",
         _line("S1.og.flare_ch4"), unit="tCO2e"),
    Calc("og_vented", "甲烷放空排放", "CH4 vented", lambda r, row: f"{_v('vented_ch4', OG)}*P_DENS_CH4*P_GWP_CH4",
         _line("S1.og.vented_ch4"), unit="tCO2e"),
    Calc("og_recovered_ch4", "甲烷回收（扣减）", "CH4 recovered (deducted)",
         lambda r, row: f"-{_v('recovered_ch4', OG)}*P_DENS_CH4*P_GWP_CH4", _line("S1.og.recovered_ch4"), unit="tCO2e"),
    Calc("og_recovered_co2", "二氧化碳回收（扣减）", "CO2 recovered (deducted)",
         lambda r, row: f"-{_v('recovered_co2', OG, 't')}", _line("S1.og.recovered_co2"), unit="tCO2"),
)


def _facility(r, row):
    f, n = r.at("facilities", "facility", row), r.at("facilities", "count", row)
    fi = f"MATCH({f},P_FAC_LABEL,0)"
    return (f'IF({f}="","",{n}*(N(INDEX(P_FAC_FUG,{fi}))+N(INDEX(P_FAC_VENT,{fi})))*calc.months/12*P_GWP_CH4)')


FACILITY_COLUMNS = (Calc("facility_tco2e", "甲烷排放 tCO2e", "CH4 tCO2e", _facility,
                         lambda fig, i: "" if i is None else fig.tco2e(f"S1.og.facility_fugitive.{i}",
                                                                       f"S1.og.facility_venting.{i}"),
                         unit="tCO2e", width=13),)


def _amount_t(table, key="amount"):
    def cells(r, row):
        return r.at(table, key, row, "value"), r.at(table, key, row, "unit")
    return cells


def _carbonate(r, row):
    c = r.at("carbonates", "carbonate", row)
    v, u = _amount_t("carbonates")(r, row)
    pur, dec = r.at("carbonates", "purity_percent", row), r.at("carbonates", "decomposition_percent", row)
    ef = f"INDEX(P_EF_VALUE,MATCH({c},P_EF_LABEL,0))"
    return f'IF({c}="","",{conv(v, u, "t")}*IF({pur}="",100,{pur})/100*IF({dec}="",100,{dec})/100*{ef})'


def _carbonate_udf(r, row):
    c = r.at("carbonates", "carbonate", row)
    v, u = _amount_t("carbonates")(r, row)
    pur, dec = r.at("carbonates", "purity_percent", row), r.at("carbonates", "decomposition_percent", row)
    call = f'CNM_CO2E({v}*IF({pur}="",100,{pur})/100*IF({dec}="",100,{dec})/100,{u},{c}{NO_OWN_FACTOR},{METHOD_ARG})'
    return f'IF({c}="","",{num_udf(call, _carbonate(r, row))})'


def _explosive(r, row):
    x, own = r.at("explosives", "explosive", row), r.at("explosives", "own_factor_tco2_per_t", row)
    v, u = _amount_t("explosives")(r, row)
    ef = f"INDEX(P_EF_VALUE,MATCH({x},P_EF_LABEL,0))"
    return f'IF({x}="","",{conv(v, u, "t")}*IF({own}="",{ef},{own}))'


def _explosive_udf(r, row):
    x, own = r.at("explosives", "explosive", row), r.at("explosives", "own_factor_tco2_per_t", row)
    v, u = _amount_t("explosives")(r, row)
    call = f"CNM_CO2E({v},{u},{x}{NO_OWN_FACTOR},{METHOD_ARG})"
    return f'IF({x}="","",IF({own}<>"",{_explosive(r, row)},{num_udf(call, _explosive(r, row))}))'


def gas_key(cell: str) -> str:
    """cnm.gwp.gas_key as a formula: no spaces, '-' or '_', upper case, R-xxx -> HFCxxx."""
    k0 = f'UPPER(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM({cell})," ",""),"-",""),"_",""))'
    return f'IF(AND(LEFT({k0},1)="R",ISNUMBER(-MID({k0},2,1))),"HFC"&MID({k0},2,99),{k0})'


def _gwp(r, row):
    g = r.at("fgases", "gas", row)
    return f'IF({g}="","",INDEX(P_GWP_VALUE,MATCH({gas_key(g)},P_GWP_KEY,0)))'


def _gwp_udf(r, row):
    g = r.at("fgases", "gas", row)
    return f'IF({g}="","",{num_udf(f"CNM_GWP({g},{METHOD_ARG})", _gwp(r, row))})'


def _fgas(r, row):
    g = r.at("fgases", "gas", row)
    v, u = _amount_t("fgases")(r, row)
    return f'IF({g}="","",{conv(v, u, "t")}*{r.at("fgases", "fgas_gwp", row)})'


def _row_line(key):
    return lambda fig, i: "" if i is None else fig.tco2e(key.format(i=i))


def _row_t(list_name):
    return lambda fig, i: "" if i is None else fig.amount(getattr(fig.record, list_name)[i].amount, "t")


CARBONATE_COLUMNS = (Calc("carbonate_tco2", "排放量 tCO2", "CO2 tCO2", _carbonate, _row_line("S1.carbonate.{i}"),
                          _carbonate_udf, "tCO2", width=12),)
EXPLOSIVE_COLUMNS = (Calc("explosive_tco2", "排放量 tCO2", "CO2 tCO2", _explosive, _row_line("S1.explosive.{i}"),
                          _explosive_udf, "tCO2", width=12),)
FGAS_COLUMNS = (
    Calc("fgas_gwp", "GWP", "GWP", _gwp, lambda fig, i: "" if i is None else fig.lines[f"S1.fgas.{i}"].gwp,
         lambda r, row: _gwp_udf(r, row),
         fmt="#,##0", width=9),
    Calc("fgas_tco2e", "排放量 tCO2e", "tCO2e", _fgas, _row_line("S1.fgas.{i}"), unit="tCO2e", width=12),
)


def _present(table, first):
    def f(r, row):
        return r.at(table, first, row)
    return f


SCOPE3_COLUMNS = (Calc("scope3_tco2e", "计入 tCO2e", "tCO2e",
                       lambda r, row: f'IF({r.at("scope3", "emissions", row)}="","",'
                                      f'{conv(r.at("scope3", "emissions", row), r.at("scope3", "emissions", row, "unit"), "t")})',
                       _row_line("S3.{i}"), unit="tCO2e", width=12),)
REDUCTION_COLUMNS = (Calc("reduction_t", "减排量 tCO2e", "tCO2e",
                          lambda r, row: f'IF({r.at("reductions", "amount", row)}="","",'
                                         f'{conv(r.at("reductions", "amount", row), r.at("reductions", "amount", row, "unit"), "t")})',
                          _row_t("reductions"), unit="tCO2e", width=12),)
REMOVAL_COLUMNS = (Calc("removal_t", "移除量 tCO2e", "tCO2e",
                        lambda r, row: f'IF({r.at("removals", "amount", row)}="","",'
                                       f'{conv(r.at("removals", "amount", row), r.at("removals", "amount", row, "unit"), "t")})',
                        _row_t("removals"), unit="tCO2e", width=12),)

# ---- offsets register ---------------------------------------------------------------------

OFF = "offsets"
WIDTH = 64  # serial numbers are compared as digit texts zero-padded to this width (exact beyond 15 digits)
DIGITS = "{" + ",".join(str(i) for i in range(1, WIDTH + 1)) + "}"
ZEROS = f'REPT("0",{WIDTH})'


def _trailing(cell):
    """Length of the run of digits at the end of a text (cnm.offsets' serial number)."""
    inner = f"RIGHT({cell},{DIGITS})"
    for d in "0123456789":
        inner = f'SUBSTITUTE({inner},"{d}","")'
    return f"MIN(LEN({cell}),SUMPRODUCT(--(LEN({inner})=0)))"


def _serial(r, row):
    ss, se = r.at(OFF, "serial_start", row), r.at(OFF, "serial_end", row)
    sb = f'IF({se}="",{ss},{se})'
    na, nb = _trailing(ss), _trailing(sb)
    pa, pb = f"LEFT({ss},LEN({ss})-{na})", f"LEFT({sb},LEN({sb})-{nb})"
    prog = f"IFERROR(INDEX(L_programme_ID,MATCH({r.at(OFF, 'programme', row)},L_programme,0)),{r.at(OFF, 'programme', row)})"
    ns = f'{prog}&"|"&{r.at(OFF, "project_id", row)}&"|"'
    numeric = f"AND({na}>0,{nb}>0,EXACT({pa},{pb}))"
    return ss, se, sb, na, nb, pa, ns, numeric


def _off_key(r, row):
    ss, se, _sb, _na, _nb, pa, ns, numeric = _serial(r, row)
    return f'IF({ss}="","",IF({numeric},{ns}&{pa},{ns}&{ss}&".."&{se}))'


def _padded(cell, n):
    """The trailing `n` digits of a text, zero-padded to WIDTH (compares as the number does)."""
    return f"RIGHT({ZEROS}&RIGHT({cell},{n}),{WIDTH})"


def _off_lo(r, row, fn="MIN"):
    """The lower (MIN) or upper (MAX) serial number as a padded digit text, not VALUE(): a number of
    16 or more digits would lose its last digits in a spreadsheet's double (G-7 duplicates)."""
    ss, _se, sb, na, nb, _pa, _ns, numeric = _serial(r, row)
    a, b = _padded(ss, na), _padded(sb, nb)
    pick = f"IF({a}<={b},{a},{b})" if fn == "MIN" else f"IF({a}<={b},{b},{a})"
    return f'IF({ss}="","",IF({numeric},{pick},{ZEROS}))'


def padded_number(n: int) -> str:
    """The core's serial number as the workbook's padded text."""
    return f"{n:0{WIDTH}d}"


def _units_differ(hi, lo, qty):
    """hi - lo + 1 (padded digit texts) differs from the quantity: exact up to 30 digits, by parts of 15;
    ranges that differ above that are far larger than any quantity."""
    low = f"VALUE(RIGHT({hi},15))-VALUE(RIGHT({lo},15))"
    mid = f"(VALUE(MID({hi},{WIDTH - 29},15))-VALUE(MID({lo},{WIDTH - 29},15)))*1E+15"
    return f"IF(LEFT({hi},{WIDTH - 30})<>LEFT({lo},{WIDTH - 30}),TRUE,ABS({mid}+{low}+1-{num(qty)})>0.000001)"


def _claimed(r, row):
    ss = r.at(OFF, "serial_start", row)
    if row == 0:
        return f'IF({ss}="",0,1)'
    overlap = (f"SUMPRODUCT({r.above(OFF, 'off_claimed', row)}*EXACT({r.above(OFF, 'off_key', row)},{r.at(OFF, 'off_key', row)})"
               f"*({r.above(OFF, 'off_lo', row)}<={r.at(OFF, 'off_hi', row)})*({r.above(OFF, 'off_hi', row)}>={r.at(OFF, 'off_lo', row)}))")
    return f'IF({ss}="",0,IF({overlap}>0,0,1))'


#: what cnm.offsets.normalise_name drops that the native formula can drop too: spaces (ASCII, tab, line
#: breaks, no-break, full-width and the other Unicode spaces) and the usual format characters (zero-width
#: space and joiners, BOM, soft hyphen). NFKC's other changes (full-width letters, ligatures ...) and
#: casefold beyond LOWER (ß) have no Excel 2010 function: the core finds those names, the native formula not.
SPACES_AND_FORMAT = (" ", "\u00a0", "\u3000", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
                     "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u1680",
                     "\u2028", "\u2029", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
#: ASCII control characters Python counts as spaces, and 1: LibreOffice hands formulas a tab inside a
#: cell's text as U+0001 (its edit engine's field character)
CONTROL_SPACES = (9, 10, 11, 12, 13, 28, 29, 30, 31, 1)


def _norm(cell):
    out = cell
    for code in CONTROL_SPACES:
        out = f'SUBSTITUTE({out},CHAR({code}),"")'
    for ch in SPACES_AND_FORMAT:
        out = f'SUBSTITUTE({out},"{ch}","")'
    return f"LOWER({out})"


def native_name(text: str | None) -> str:
    """What `_norm` makes of a name (Python's lower() standing in for LOWER)."""
    out = text or ""
    for ch in (*map(chr, CONTROL_SPACES), *SPACES_AND_FORMAT):
        out = out.replace(ch, "")
    return out.lower()


def beneficiaries_natively_unmatched(record) -> list[int]:
    """Rows of offsets whose beneficiary the core matches with the mine (NFKC, casefold) and the
    native formula cannot (e.g. full-width letters): the spreadsheet would not count the credit."""
    from cnm.offsets import normalise_name

    mine = record.mine
    ids = [x for x in (mine.name_zh, mine.name_en, mine.id, mine.code) if x]
    core, native = {normalise_name(x) for x in ids}, {native_name(x) for x in ids}
    return [i for i, c in enumerate(record.offsets)
            if normalise_name(c.beneficiary) in core and native_name(c.beneficiary) not in native]


#: Why a credit is not counted (cnm.offsets' findings, cnm.findings.CODES), as the register's
#: column shows it: a short text in the workbook's language, in the order the checks run.
OFFSET_REASONS: dict[str, tuple[str, str]] = {
    "offset-programme": ("机制不在认可范围内", "programme not recognised"),
    "offset-not-retired": ("未注销", "not retired"),
    "offset-future-vintage": ("年份晚于评价期", "vintage after the period"),
    "offset-expired": ("已过有效期", "expired"),
    "offset-beneficiary": ("受益方不是本矿山", "retired for another beneficiary"),
    "offset-duplicate-serial": ("序列号与上方的行重复", "serials repeat a row above"),
}
#: A warning that does not stop a credit counting: shown after the reasons, marked as a note.
OFFSET_NOTES: dict[str, tuple[str, str]] = {
    "offset-serial-quantity": ("序列号区间与数量不符", "serial range and quantity differ"),
}
REASON_SEP = {"zh": "；", "en": "; "}
NOTE_MARK = {"zh": "提示：", "en": "Note: "}


def offset_reasons_text(codes, lang: str) -> str:
    """The register's reasons cell for a credit's finding codes: the reasons it is not counted, then
    the notes ('提示：…'); "" for a credit counted without a note."""
    i = 0 if lang == "zh" else 1
    parts = [t[i] for c, t in OFFSET_REASONS.items() if c in codes]
    parts += [NOTE_MARK[lang] + t[i] for c, t in OFFSET_NOTES.items() if c in codes]
    return REASON_SEP[lang].join(parts)


def _reasons(r, row):
    a = {k: r.at(OFF, k, row) for k in ("programme", "retirement_date", "vintage", "beneficiary", "serial_start",
                                      "quantity", "off_claimed", "off_lo", "off_hi")}
    prog = f"IFERROR(INDEX(L_programme_ID,MATCH({a['programme']},L_programme,0)),{a['programme']})"
    ben = _norm(a["beneficiary"])
    names = ",".join(f'AND({n}<>"",{ben}={_norm(n)})' for n in ("mine.name_zh", "mine.name_en", "mine.id", "mine.code"))
    vintage, year = num(a["vintage"]), num("period.year")  # years typed as text compare as the numbers
    checks = {
        "offset-programme": f"COUNTIF(P_PROGRAMMES,{prog})=0",
        "offset-not-retired": f'{a["retirement_date"]}=""',
        "offset-future-vintage": f"{vintage}>{year}",
        "offset-expired": f"AND({vintage}<={year},{year}-{vintage}>P_VALIDITY)",
        "offset-beneficiary": f"NOT(OR({names}))",
        "offset-duplicate-serial": f'AND({a["serial_start"]}<>"",{a["off_claimed"]}=0)',
        "offset-serial-quantity": (f'IF({a["serial_start"]}="",FALSE,IF({a["off_hi"]}={ZEROS},FALSE,'
                                   f'{_units_differ(a["off_hi"], a["off_lo"], a["quantity"])}))'),
    }
    i, sep = (0 if r.lang == "zh" else 1), REASON_SEP[r.lang]
    parts = [f"IF({checks[c]},{q(sep + t[i])},\"\")" for c, t in OFFSET_REASONS.items()]
    parts += [f"IF({checks[c]},{q(sep + NOTE_MARK[r.lang] + t[i])},\"\")" for c, t in OFFSET_NOTES.items()]
    return f'IF({a["programme"]}="","",MID({"&".join(parts)},{len(sep) + 1},999))'


def _counted(r, row):
    """No reason in the row's reasons cell: empty, or only notes."""
    reasons, mark = r.at(OFF, "off_reasons", row), NOTE_MARK[r.lang]
    return f'OR({reasons}="",LEFT({reasons},{len(mark)})={q(mark)})'


def _credit(fig, i):
    return fig.result.inventory.credits[i]


def _rng(fig, i, attr):
    if i is None:
        return ""
    rng = serial_range(fig.record.offsets[i])
    if rng is None:
        return ""
    return rng.prefix if attr == "prefix" else padded_number(getattr(rng, attr))


def _claimed_figure(fig, i):
    if i is None or serial_range(fig.record.offsets[i]) is None:
        return 0
    return 0 if fig.finding("offset-duplicate-serial", f"offsets[{i}].serial_start") else 1


OFFSET_COLUMNS = (
    Calc("off_reasons", "不计入原因；提示", "Why not counted; note", _reasons,
         lambda fig, i: "" if i is None else offset_reasons_text({f.code for f in _credit(fig, i).findings}, fig.lang),
         text=True, width=24),
    Calc("off_status", "是否计入", "Counted", lambda r, row: (f'IF({r.at(OFF, "programme", row)}="","",'
                                                       f'IF({_counted(r, row)},{r.lbl("计入", "yes")},{r.lbl("不计入", "no")}))'),
         lambda fig, i: "" if i is None else fig.zh("计入", "yes") if _credit(fig, i).counted else fig.zh("不计入", "no"),
         text=True, width=9),
    Calc("off_qty", "计入量 tCO2e", "Counted tCO2e",
         lambda r, row: f'IF({r.at(OFF, "programme", row)}="","",IF({_counted(r, row)},{num(r.at(OFF, "quantity", row))},0))',
         lambda fig, i: "" if i is None else _credit(fig, i).quantity, unit="tCO2e", width=12),
    Calc("off_key", "序列号前缀", "serial prefix", _off_key, lambda fig, i: _rng(fig, i, "prefix"), text=True, hidden=True),
    Calc("off_lo", "序列号起", "serial from", _off_lo, lambda fig, i: _rng(fig, i, "start"), text=True, hidden=True),
    Calc("off_hi", "序列号止", "serial to", lambda r, row: _off_lo(r, row, "MAX"), lambda fig, i: _rng(fig, i, "end"),
         text=True, hidden=True),
    Calc("off_claimed", "首次申报", "first claim", _claimed, _claimed_figure, hidden=True, fmt="0"),
)
