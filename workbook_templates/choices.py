"""Choice lists of the workbook (dropdowns) and the unit lists of amounts.

Stored values are the record's ids; cells show the zh or en label. Lists of sources (fuels,
carbonates, explosives, facilities, gases) come from the methodology's factor library and GWP
set, so a methodology file that adds a fuel adds it to the dropdown.
"""

from __future__ import annotations

from cnm.vocabulary import REGIONS
from cnm.vocabulary import TERMS as STATIC
from workbook_templates.spec import Choice

#: Units offered per amount kind (every one is a unit of cnm/data/units.txt).
UNIT_LISTS: dict[str, tuple[str, ...]] = {
    "mass": ("t", "万t", "kg"),
    "energy": ("MWh", "万kWh", "kWh", "GJ", "MJ"),
    "heat": ("GJ", "MJ", "MWh"),
    "fuel": ("t", "万t", "kg", "L", "m3", "万Nm3", "Nm3", "亿Nm3", "m3_20C", "万m3_20C", "GJ"),
    "gas_volume": ("万Nm3", "Nm3", "亿Nm3", "m3_20C", "万m3_20C"),
    "volume": ("万m3", "m3"),
    "area": ("ha", "m2", "亩", "km2"),
    "money": ("万元", "元", "亿元"),
    "coal_equivalent": ("tce", "万tce", "kgce"),
    "output": ("万t", "t", "万Nm3", "亿Nm3"),
    "ncv": ("GJ/t", "MJ/kg", "kJ/kg", "GJ/万Nm3", "MJ/Nm3", "kJ/Nm3"),
    "cc": ("tC/TJ", "t/GJ", "tC/GJ", "kg/GJ"),
}

#: Units the native formulas convert into (each is in the unit table of the parameters sheet).
TARGET_UNITS = ("t", "GJ", "MWh", "m3", "万Nm3", "tce", "m2", "万元", "GJ/t", "GJ/万Nm3", "t/GJ")

PROVINCES = ("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区", "台湾省")

_CACHE: dict[int, tuple[object, dict[str, Choice]]] = {}


def choices(methodology) -> dict[str, Choice]:
    """Every choice list of a template built under `methodology` (cached per methodology)."""
    hit = _CACHE.get(id(methodology))
    if hit is not None and hit[0] is methodology:
        return hit[1]
    out = _choices(methodology)
    _CACHE[id(methodology)] = (methodology, out)
    return out


def _choices(methodology) -> dict[str, Choice]:
    lib, rubric = methodology.factors, methodology.rubric
    out = {name: Choice(name, items) for name, items in STATIC.items()}
    out["category"] = Choice("category", tuple((cid, c.name_zh, c.name_en) for cid, c in rubric.categories.items()))
    out["fuel"] = Choice("fuel", _library(lib, "fuel"))
    explosive_set = {f.id for s in lib.sets if s.id.startswith("literature-explosives") for f in s.factors}
    emission = _library(lib, "emission")
    out["explosive"] = Choice("explosive", tuple(x for x in emission if x[0] in explosive_set))
    out["carbonate"] = Choice("carbonate", tuple(
        x for x in emission if x[0] not in explosive_set and lib.get("emission", x[0]).unit == "tCO2/t"))
    fac = {x[0]: x for x in _library(lib, "facility_fugitive")}
    for x in _library(lib, "facility_venting"):
        fac.setdefault(x[0], x)
    out["facility"] = Choice("facility", tuple(fac.values()))
    out["gas"] = Choice("gas", tuple((g.gas, g.gas, g.gas) for g in methodology.gwp.gases if g.gas != "CO2"), open=True)
    out["province"] = Choice("province", tuple((p, p, p) for p in PROVINCES), open=True)
    out["grid_region"] = Choice("grid_region", REGIONS + tuple((p, p, p) for p in PROVINCES), open=True)
    return out


def _library(lib, kind: str) -> tuple[tuple[str, str, str], ...]:
    rows = []
    for fid in lib.ids(kind):
        f = lib.get(kind, fid)
        rows.append((fid, f.name_zh, f.name_en))
    return tuple(rows)
