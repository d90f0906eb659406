"""The parameters sheet (factors, GWP, grid, units, rubric points, weights, grade bands, all
with their sources) and the hidden lists sheet (dropdown choices), written from the
methodology. The native formulas read only these tables (named P_* and L_*)."""

from __future__ import annotations

import re

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from cnm.accounting.combustion import GJ_PER_TCE
from cnm.accounting.fugitive import C_PER_WAN_NM3_CH4
from cnm.factors import C_TO_CO2
from cnm.grading import NOT_RATED, NOT_RATED_EN
from cnm.gwp import _ALIASES, gas_key
from cnm.units import convert, kind_of, parse_unit
from workbook_templates import styles
from workbook_templates.choices import PROVINCES, TARGET_UNITS, UNIT_LISTS, choices
from workbook_templates.layout import TEMPLATE_VERSION

RUBRIC_POINTS = 8


def _define(wb, name: str, ws: Worksheet, ref: str) -> None:
    title = ws.title.replace("'", "''")
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{title}'!{ref}")


class Writer:
    """Writes titled tables down a sheet and names their columns."""

    def __init__(self, wb, ws: Worksheet, lang: str):
        self.wb, self.ws, self.lang, self.row = wb, ws, lang, 4

    def table(self, title: str, headers: list[str], rows: list[list], names: dict[int, str] | None = None,
              multi: dict[str, tuple[int, int]] | None = None, note: str = "") -> None:
        ws = self.ws
        ws.cell(self.row, 1, title).font = styles.BLOCK_FONT
        if note:
            ws.cell(self.row, 4, note).font = styles.NOTE_FONT
        self.row += 1
        for j, h in enumerate(headers, 1):
            c = ws.cell(self.row, j, h)
            styles.header(c)
        first = self.row + 1
        for i, values in enumerate(rows):
            for j, v in enumerate(values, 1):
                c = ws.cell(first + i, j, v)
                if isinstance(v, str):
                    c.data_type = "s"
                styles.param(c)
        last = first + max(len(rows), 1) - 1
        for j, name in (names or {}).items():
            col = ws.cell(1, j).column_letter
            _define(self.wb, name, ws, f"${col}${first}:${col}${last}")
        for name, (a, b) in (multi or {}).items():
            ca, cb = ws.cell(1, a).column_letter, ws.cell(1, b).column_letter
            _define(self.wb, name, ws, f"${ca}${first}:${cb}${last}")
        self.row = last + 2

    def scalars(self, title: str, rows: list[tuple[str, str, object, str, str]]) -> None:
        """(name, label, value, unit, source) rows; each value cell gets its name."""
        start = self.row + 2
        self.table(title, self._h("名称", "Name") + self._h("数值", "Value") + self._h("单位", "Unit") +
                   self._h("来源", "Source") + ["P_*"], [[lbl, v, u, s, n] for n, lbl, v, u, s in rows])
        for i, (name, *_rest) in enumerate(rows):
            _define(self.wb, name, self.ws, f"$B${start + i}")

    def _h(self, zh: str, en: str) -> list[str]:
        return [zh if self.lang == "zh" else en]


def unit_rows() -> list[list]:
    units = sorted({u for us in UNIT_LISTS.values() for u in us} | set(TARGET_UNITS), key=lambda u: (len(u), u))
    rows = []
    for u in units:
        kind = kind_of(u) or str(parse_unit(u).dimensionality)
        canonical = next((t for t in TARGET_UNITS if parse_unit(t).dimensionality == parse_unit(u).dimensionality), u)
        rows.append([u, kind, convert(1.0, u, canonical), canonical])
    return rows


def write_params(wb, ws: Worksheet, m, lang: str) -> None:
    lib, zh = m.factors, lang == "zh"
    w = Writer(wb, ws, lang)
    ws.cell(1, 1, "参数（由评价方法生成，只读）" if zh else "Parameters (written from the methodology, read-only)").font = styles.TITLE_FONT
    ws.cell(2, 1, ("公式只从本表取因子、权重和阈值；更换方法请重新生成模板。" if zh else
                   "Formulas take every factor, weight and threshold from here; regenerate the template to change method.")
            ).font = styles.NOTE_FONT
    info = m.info()
    f = lib.get

    def src(x):
        return x.source

    w.scalars("方法与常数" if zh else "Methodology and constants", [
        ("cnm.template", "模板版本" if zh else "Template version", TEMPLATE_VERSION, "", "cnm"),
        ("P_METHOD_NAME", "评价方法" if zh else "Methodology", info["name"], "", ""),
        ("P_METHOD_VERSION", "方法版本" if zh else "Version", info["version"], "", ""),
        ("P_METHOD_HASH", "方法哈希" if zh else "Hash", info["hash"], "SHA-256", ""),
        ("P_GWP_SET", "GWP 集" if zh else "GWP set", m.gwp.name, "", m.gwp.source),
        ("P_GWP_CH4", "CH4 的 GWP" if zh else "GWP of CH4", m.gwp.gwp("CH4"), "", m.gwp.source),
        ("P_C_TO_CO2", "碳转二氧化碳" if zh else "C to CO2", C_TO_CO2, "44/12", "IPCC"),
        ("P_GJ_PER_TCE", "1 tce 的热量" if zh else "Heat of 1 tce", GJ_PER_TCE, "GJ/tce", "GB/T 2589-2020"),
        ("P_C_PER_WAN_NM3", "每万Nm3甲烷含碳" if zh else "Carbon per 万Nm3 CH4", C_PER_WAN_NM3_CH4, "tC/万Nm3", "12x10/22.4"),
        ("P_DENS_CH4", "甲烷密度" if zh else "CH4 density", f("density", "coal_mine_methane").value_in("t/万Nm3"), "t/万Nm3",
         src(f("density", "coal_mine_methane"))),
        ("P_DENS_CO2", "二氧化碳密度" if zh else "CO2 density", f("density", "mine_co2").value_in("t/万Nm3"), "t/万Nm3",
         src(f("density", "mine_co2"))),
        ("P_FLARE_OF", "火炬碳氧化率" if zh else "Flare oxidation", f("ratio", "flare_oxidation").value_in("dimensionless"),
         "", src(f("ratio", "flare_oxidation"))),
        ("P_FLARE_CH4", "火炬气甲烷分数" if zh else "CH4 in flare gas",
         f("ratio", "flare_gas_ch4_fraction").value_in("dimensionless"), "", src(f("ratio", "flare_gas_ch4_fraction"))),
        ("P_EF_HEAT", "热力排放因子" if zh else "Heat factor", f("emission", "heat").value_in("t/GJ"), "tCO2/GJ",
         src(f("emission", "heat"))),
        ("P_EF_CMM", "瓦斯燃烧排放因子" if zh else "CMM combustion factor", f("emission", "coal_mine_methane").value_in("t/万Nm3"),
         "tCO2/万Nm3", src(f("emission", "coal_mine_methane"))),
        ("P_TCE_ELEC", "电力折标系数" if zh else "Electricity coefficient", f("tce", "electricity").value_in("kgce/kWh"),
         "kgce/kWh", src(f("tce", "electricity"))),
        ("P_TCE_HEAT", "热力折标系数" if zh else "Heat coefficient", f("tce", "heat").value_in("tce/GJ"), "tce/GJ",
         src(f("tce", "heat"))),
        ("P_TCE_CMM", "瓦斯折标系数" if zh else "CMM coefficient", f("tce", "coal_mine_methane").value_in("kgce/Nm3"),
         "kgce/Nm3", src(f("tce", "coal_mine_methane"))),
        ("P_S2_BASIS", "排放总量采用的范围二口径" if zh else "Scope 2 basis in gross", m.parameters.scope2_basis_for_gross, "", ""),
        ("P_MKT_BASIS", "基于市场的剩余电力因子" if zh else "Market-based residual factor", m.parameters.market_residual_basis,
         "", ""),
        ("P_GRID_RULE", "电网因子年份规则" if zh else "Grid factor year rule", m.parameters.grid_year_rule, "", ""),
        ("P_VALIDITY", "碳信用有效期（年）" if zh else "Credit validity (years)", m.parameters.offset_validity_years, "a", "R-7.3"),
        ("P_QUAL_NOEV", "定性指标无依据得分" if zh else "Qualitative score without evidence",
         m.rubric.qualitative_without_evidence_score, "", "R-7.2"),
    ])
    w.table("单位换算" if zh else "Units", ["unit", "kind", "factor", "canonical"], unit_rows(),
            multi={"P_UNITS": (1, 3)})
    fuels = []
    for fid in lib.ids("fuel"):
        x = f("fuel", fid)
        au = x.activity_unit or "t"
        dens = lib.find("liquid_density", fid)
        tce = lib.find("tce", fid)
        fuels.append([fid, x.name_zh, x.name_en, au, _p(x, "ncv", f"GJ/({au})"),
                      _p(x, "carbon_content", "t/GJ"), _p(x, "oxidation", "dimensionless"),
                      dens[0].value_in("t/m3") if dens else None, tce[0].value_in(f"kgce/({au})") if tce else None,
                      x.source])
    w.table("燃料" if zh else "Fuels", ["id", "名称" if zh else "name zh", "name en", "activity unit", "NCV GJ/unit",
                                       "CC t/GJ", "OF", "density t/m3", "kgce/unit", "source"], fuels,
            names={1: "P_FUEL_KEY", 2 if zh else 3: "P_FUEL_LABEL", 4: "P_FUEL_AU", 5: "P_FUEL_NCV", 6: "P_FUEL_CC",
                   7: "P_FUEL_OF", 8: "P_FUEL_DENS", 9: "P_FUEL_TCE"})
    efs = [[fid, f("emission", fid).name_zh, f("emission", fid).name_en,
            f("emission", fid).emission_factor(f("emission", fid).activity_unit or "t"),
            f"t{f('emission', fid).gas}/{f('emission', fid).activity_unit or 't'}", f("emission", fid).source]
           for fid in lib.ids("emission")]
    w.table("排放因子" if zh else "Emission factors", ["id", "name zh", "name en", "value", "unit", "source"], efs,
            names={1: "P_EF_KEY", 2 if zh else 3: "P_EF_LABEL", 4: "P_EF_VALUE"})
    fac = choices(m)["facility"]
    w.table("油气设施" if zh else "Oil and gas facilities", ["id", "name zh", "name en", "leaks tCH4/a", "venting tCH4/a"],
            [[fid, a, b, _fac(lib, "facility_fugitive", fid), _fac(lib, "facility_venting", fid)] for fid, a, b in fac.items],
            names={1: "P_FAC_KEY", 2 if zh else 3: "P_FAC_LABEL", 4: "P_FAC_FUG", 5: "P_FAC_VENT"})
    gwp_rows = [[gas_key(g.gas), g.gas, g.gwp] for g in m.gwp.gases]
    gwp_rows += [[re.sub(r"[\s\-_]", "", alias).upper(), canon, m.gwp.gwp(canon)]
                 for alias, canon in _ALIASES.items() if m.gwp.has(canon)]
    w.table(f"GWP（{m.gwp.name}）", ["key", "gas", "GWP"], gwp_rows, names={1: "P_GWP_KEY", 3: "P_GWP_VALUE"},
            note=m.gwp.source)
    grid = [[f"{x.basis}|{x.data_year}|{x.region}", x.basis, x.region, x.data_year, x.value_in("t/MWh"), x.source]
            for x in lib.find("grid", "electricity")]
    w.table("电网排放因子" if zh else "Grid factors", ["key", "basis", "region", "year", "tCO2/MWh", "source"], grid,
            names={1: "P_GRID_KEY", 2: "P_GRID_BASIS", 4: "P_GRID_YEAR", 5: "P_GRID_VALUE"})
    from cnm.factors import _short_province

    provs = [[p, _short_province(p), lib.region_of(p) or ""] for p in PROVINCES]
    w.table("省份与电网区域" if zh else "Provinces and grid regions", ["province", "short", "region"], provs,
            names={1: "P_PROV_NAME", 2: "P_PROV_SHORT", 3: "P_PROV_REGION"})
    regions = ["national", *sorted({r for s in lib.sets for r in s.regions})]
    w.table("电网区域" if zh else "Grid regions", ["region"], [[r] for r in regions], names={1: "P_REGION_ID"})
    cats = [[cid, c.name_zh, c.name_en, c.output_unit, c.reference_carbon_intensity, c.reference_energy_intensity]
            for cid, c in m.rubric.categories.items()]
    w.table("矿山类别" if zh else "Mine categories", ["id", "name zh", "name en", "output unit", "ref kgCO2e/unit",
                                                   "ref kgce/unit"], cats,
            names={1: "P_CAT_KEY", 4: "P_CAT_OUT_UNIT", 5: "P_CAT_REF_C", 6: "P_CAT_REF_E"})
    _rubric(w, m, zh)
    bands = m.parameters.grades
    order = [b.grade for b in bands] + [NOT_RATED if zh else NOT_RATED_EN]  # what the grade cells show
    w.table("等级划分" if zh else "Grade bands", ["grade", "min score", "min offset share"],
            [[g, *(next(([b.min_score, b.min_offset_share] for b in bands if b.grade == g), [None, None]))] for g in order],
            names={1: "P_GRADE_ORDER", 2: "P_GRADE_MIN_SCORE", 3: "P_GRADE_MIN_SHARE"}, note="R-9.2, G-5")
    w.table("认可的抵消机制" if zh else "Recognised programmes", ["programme"],
            [[p] for p in m.parameters.recognised_programmes], names={1: "P_PROGRAMMES"}, note="R-7.3")
    ws.column_dimensions["A"].width = 26
    for col in "BCDEFGHIJ":
        ws.column_dimensions[col].width = 16


def _p(factor, name: str, unit: str) -> float:
    p = factor.params[name]
    return convert(p.value, p.unit, unit)


def _fac(lib, kind: str, fid: str):
    rows = lib.find(kind, fid)
    return rows[0].value_in("t/facility_year") if rows else None


def _rubric(w: Writer, m, zh: bool) -> None:
    rows = []
    for ind in m.catalog.indicators:
        rule = m.rubric.rule(ind.id)
        if ind.nature == "qualitative":
            continue
        for cat in m.rubric.categories:
            pts = list(rule.points_for(cat))
            xs = [p[0] for p in pts] + [pts[-1][0] + k for k in range(1, RUBRIC_POINTS - len(pts) + 1)]
            ys = [p[1] for p in pts] + [pts[-1][1]] * (RUBRIC_POINTS - len(pts))
            rows.append([f"{ind.id}|{cat}", len(pts), *xs, *ys])
    n = RUBRIC_POINTS
    w.table("评分参考点" if zh else "Rubric points", ["key", "n", *[f"x{k}" for k in range(1, n + 1)],
                                                   *[f"y{k}" for k in range(1, n + 1)]], rows,
            names={1: "P_RUB_KEY", 2: "P_RUB_N"}, multi={"P_RUB_X": (3, 2 + n), "P_RUB_Y": (3 + n, 2 + 2 * n)},
            note=m.rubric.source[:120])
    qual = []
    for ind in m.catalog.indicators:
        if ind.nature == "qualitative":
            for level, text in enumerate(m.rubric.rule(ind.id).levels):
                qual.append([ind.id, level, text.zh, text.en])
    w.table("定性指标等级" if zh else "Qualitative levels", ["indicator", "level", "zh", "en"], qual,
            names={1: "P_QUAL_KEY", 3: "P_QUAL_TEXT_ZH", 4: "P_QUAL_TEXT_EN"})
    w.table("定性等级得分" if zh else "Scores of levels 0-4", ["score"], [[s] for s in m.rubric.qualitative_scores],
            names={1: "P_QUAL_SCORES"})


def write_lists(wb, ws: Worksheet, m, lang: str) -> None:
    """Dropdown lists: L_<choice> (labels in the workbook's language), L_<choice>_ID, U_<unit list>."""
    col = 1
    for name, ch in choices(m).items():
        ws.cell(1, col, name)
        for i, (value, zh, en) in enumerate(ch.items):
            ws.cell(2 + i, col, value)
            c = ws.cell(2 + i, col + 1, zh if lang == "zh" else en)
            c.data_type = "s"
        last = 1 + max(len(ch.items), 1)
        a, b = ws.cell(1, col).column_letter, ws.cell(1, col + 1).column_letter
        _define(wb, f"L_{name}_ID", ws, f"${a}$2:${a}${last}")
        _define(wb, f"L_{name}", ws, f"${b}$2:${b}${last}")
        col += 2
    for name, units in UNIT_LISTS.items():
        ws.cell(1, col, f"units:{name}")
        for i, u in enumerate(units):
            ws.cell(2 + i, col, u).data_type = "s"
        a = ws.cell(1, col).column_letter
        _define(wb, f"U_{name}", ws, f"${a}$2:${a}${1 + len(units)}")
        col += 1
