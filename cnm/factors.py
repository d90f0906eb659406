"""Factor library: named factor sets (one per source table), looked up in priority order.

Every factor carries its source document, year, unit, quality (national default /
literature / project assumption / measured) and verification mark, so an assessor sees
what to verify. Sets are never merged: a lookup walks the methodology's ordered list of
sets and takes the first that knows the (kind, id) pair, and the result names that set.
"""

from __future__ import annotations

import difflib
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cnm.datafiles import MAX_METHODOLOGY_FILE_BYTES, bundled_path, load_data, validate
from cnm.errors import DataFileError, FactorNotFound, Problem, UnitError
from cnm.units import convert, display_unit, parse_unit

C_TO_CO2 = 44 / 12  # mass ratio used by the Chinese guidelines and IPCC

Kind = Literal["fuel", "emission", "grid", "tce", "density", "liquid_density",
               "facility_fugitive", "facility_venting", "ratio"]
Quality = Literal["national_default", "literature", "project_assumption", "measured"]
Verification = Literal["V", "Q", "R", "D", "M"]

#: Set ids shipped in cnm/data/factors, in the default priority order.
BUNDLED_SETS = (
    "cn-ndrc-2015-mine", "cn-ndrc-2014-coal", "cn-ndrc-2014-oilgas", "cn-mee-nbs-grid",
    "cn-mee-ets-grid", "gbt2589-2020", "literature-explosives", "cnm-assumptions",
)

#: What `value x activity` must reduce to, per kind (checked at load).
_RESULT_DIMENSION = {
    "emission": "[mass]", "grid": "[mass]", "facility_fugitive": "[mass]",
    "facility_venting": "[mass]", "tce": "[coal_equivalent]",
}


class Param(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    value: float
    unit: str


class Factor(BaseModel):
    """One factor row with its provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind
    name_zh: str
    name_en: str
    value: float | None = None
    unit: str | None = None
    params: dict[str, Param] | None = None
    activity_unit: str | None = None
    gas: str = "CO2"
    region: str | None = None
    basis: Literal["average", "residual", "fossil"] | None = None
    data_year: int | None = None
    reference_conditions: str | None = None
    quality: Quality | None = None
    verification: Verification | None = None
    table: str | None = None
    table_zh: str | None = None
    note: str | None = None
    # filled in from the set when loaded
    set_id: str = ""
    document: str = ""
    document_zh: str = ""
    issuer: str = ""
    year: int | None = None

    @model_validator(mode="after")
    def _value_or_params(self) -> Factor:
        if self.kind == "fuel":
            if not self.params or not {"ncv", "carbon_content", "oxidation"} <= set(self.params):
                raise ValueError("a fuel needs params ncv, carbon_content and oxidation")
        elif self.value is None or self.unit is None:
            raise ValueError(f"a {self.kind} factor needs value and unit")
        return self

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    def emission_factor(self, per: str) -> float:
        """t of gas per `per` unit of activity (fuels derive it: NCV x CC x OF x 44/12)."""
        loc = f"factor {self.set_id}:{self.id}"
        if self.kind == "fuel":
            p = self.params or {}
            ncv = convert(p["ncv"].value, p["ncv"].unit, f"GJ/({per})", loc)
            cc = convert(p["carbon_content"].value, p["carbon_content"].unit, "t/GJ", loc)
            of = convert(p["oxidation"].value, p["oxidation"].unit, "dimensionless", loc)
            return ncv * cc * of * C_TO_CO2
        return convert(self.value, self.unit, f"t/({per})", loc)

    def value_in(self, unit: str) -> float:
        """The factor's value converted to `unit`."""
        if self.kind == "fuel":
            raise TypeError("use emission_factor() for fuels")
        return convert(self.value, self.unit, unit, f"factor {self.set_id}:{self.id}")

    @property
    def display_value(self) -> str:
        """Human-readable value with unit (fuels show their three parameters)."""
        if self.kind == "fuel" and self.params:
            p = self.params
            return (f"NCV {p['ncv'].value:g} {p['ncv'].unit}, CC {p['carbon_content'].value:g} "
                    f"{p['carbon_content'].unit}, OF {p['oxidation'].value:g} {p['oxidation'].unit}")
        return f"{self.value:g} {self.unit}"

    @cached_property
    def display_value_zh(self) -> str:
        """The same in Chinese where a unit is a word ('OF 98 %' for 'OF 98 percent'); empty when it
        reads the same (unit symbols)."""
        if self.kind == "fuel" and self.params:
            p = self.params
            text = (f"NCV {p['ncv'].value:g} {unit_zh(p['ncv'].unit)}, CC {p['carbon_content'].value:g} "
                    f"{unit_zh(p['carbon_content'].unit)}, OF {p['oxidation'].value:g} {unit_zh(p['oxidation'].unit)}")
        else:
            text = f"{self.value:g} {unit_zh(self.unit)}"
        return "" if text == self.display_value else text

    @property
    def source(self) -> str:
        """Source document and table, for traces and reports."""
        return f"{self.document}; {self.table}" if self.table else self.document

    @property
    def source_zh(self) -> str:
        """The same for a Chinese text: the set's Chinese wording where it has one (`document_zh`,
        `table_zh`; a title published in Chinese or kept as published has none), a full-width
        semicolon; empty when `source` serves both (a document without a table)."""
        doc, table = self.document_zh or self.document, self.table_zh or self.table
        text = f"{doc}；{table}" if table else doc
        return "" if text == self.source else text


class FactorSet(BaseModel):
    """One source table."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    name_zh: str
    name_en: str
    document: str = Field(min_length=3)
    document_zh: str = ""  # cnm's own wording of `document` in Chinese; empty for a title kept as published
    issuer: str
    year: int
    table: str = ""
    table_zh: str = ""
    quality: Quality
    verification: Verification
    regions: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    factors: tuple[Factor, ...]

    @cached_property
    def by_key(self) -> dict[tuple[str, str], list[Factor]]:
        out: dict[tuple[str, str], list[Factor]] = {}
        for f in self.factors:
            out.setdefault(f.key, []).append(f)
        return out

    @cached_property
    def region_of_province(self) -> dict[str, str]:
        return {prov: region for region, provs in self.regions.items() for prov in provs}


#: Factor units named by a word in the denominator, in Chinese (as cnm.accounting.fugitive says them).
_PER_ZH = {"facility_year": "(台·年)"}


def unit_zh(unit: str | None) -> str:
    """A factor's unit in Chinese: a word unit as cnm.units.DISPLAY says it ('percent' -> '%'),
    't/facility_year' -> 't/(台·年)'; unit symbols unchanged."""
    unit = unit or ""
    if display_unit(unit) != unit:
        return display_unit(unit)
    head, per, tail = unit.partition("/")
    return f"{head}/{_PER_ZH.get(tail, tail)}" if per else unit


def _complete(fset: FactorSet) -> FactorSet:
    """Fill each row's provenance from its set (rows may override quality, verification, table)."""
    rows = tuple(
        f.model_copy(update={
            "set_id": fset.id, "document": fset.document, "issuer": fset.issuer, "year": fset.year,
            "quality": f.quality or fset.quality, "verification": f.verification or fset.verification,
            "table": f.table or fset.table, "document_zh": fset.document_zh,
            "table_zh": f.table_zh or (fset.table_zh if not f.table else ""),
        })
        for f in fset.factors
    )
    return fset.model_copy(update={"factors": rows})


def _check_units(fset: FactorSet, where: str) -> None:
    problems: list[Problem] = []
    for i, f in enumerate(fset.factors):
        loc = f"factors[{i}] ({f.kind} {f.id})"
        try:
            if f.activity_unit:
                parse_unit(f.activity_unit, loc)
            if f.kind == "fuel":
                f.emission_factor(f.activity_unit or "t")
            elif f.kind in _RESULT_DIMENSION:
                if not f.activity_unit:
                    raise UnitError(loc, "", "an activity_unit", "missing activity_unit")
                result = parse_unit(f.unit, loc) * parse_unit(f.activity_unit, loc)
                dim = str(result.dimensionality)
                if dim != _RESULT_DIMENSION[f.kind]:
                    raise UnitError(loc, f.unit, f"{_RESULT_DIMENSION[f.kind]} per {f.activity_unit}")
            else:
                parse_unit(f.unit, loc)
        except UnitError as exc:
            problems.append(exc.as_problem())
        if f.kind == "grid" and (f.region is None or f.basis is None or f.data_year is None):
            problems.append(Problem(loc, "a grid factor needs region, basis and data_year",
                                    "电网排放因子须注明区域、口径和数据年份", code="grid-incomplete"))
    seen = {}
    for i, f in enumerate(fset.factors):
        k = (f.kind, f.id, f.region, f.basis, f.data_year)
        if k in seen:
            problems.append(Problem(f"factors[{i}] ({f.kind} {f.id})", f"duplicate of factors[{seen[k]}]",
                                    "因子重复", code="duplicate-id"))
        seen[k] = i
    if problems:
        raise DataFileError(where, problems)


def load_factor_set(name_or_path: str | Path) -> FactorSet:
    """Load a bundled set by id or a user's factor-set file, checking every unit."""
    key = str(name_or_path)
    path = bundled_path(f"factors/{key}.yaml") if key in BUNDLED_SETS else Path(name_or_path)
    return factor_set_from_data(load_data(path, MAX_METHODOLOGY_FILE_BYTES), str(path))


def factor_set_from_data(data: object, where: str) -> FactorSet:
    """A factor set from parsed data (a file's, or inline in a methodology file), checked."""
    fset = validate(FactorSet, data, where)
    _check_units(fset, where)
    return _complete(fset)


class FactorLibrary:
    """Ordered factor sets; lookups take the first set that has a (kind, id)."""

    def __init__(self, sets: list[FactorSet]):
        ids = [s.id for s in sets]
        if len(set(ids)) != len(ids):
            raise DataFileError("factor_sets", [Problem("factor_sets", "a set is listed twice",
                                                        "因子集重复", code="duplicate-id")])
        self.sets = list(sets)

    def find(self, kind: str, factor_id: str) -> list[Factor]:
        """All rows of the first set that has this (kind, id)."""
        for fset in self.sets:
            rows = fset.by_key.get((kind, factor_id))
            if rows:
                return rows
        return []

    def get(self, kind: str, factor_id: str) -> Factor:
        """The factor of this kind and id; FactorNotFound with suggestions when unknown."""
        rows = self.find(kind, factor_id)
        if not rows:
            raise FactorNotFound(kind, factor_id, self.suggest(kind, factor_id))
        return rows[0]

    def has(self, kind: str, factor_id: str) -> bool:
        return bool(self.find(kind, factor_id))

    def ids(self, kind: str) -> list[str]:
        """Every id of a kind, over all sets."""
        return sorted({f.id for s in self.sets for f in s.factors if f.kind == kind})

    def suggest(self, kind: str, factor_id: str) -> list[str]:
        return difflib.get_close_matches(str(factor_id).lower(), self.ids(kind), n=3, cutoff=0.5)

    def region_of(self, province: str | None) -> str | None:
        """The regional grid of a province, from the first set that maps provinces."""
        if not province:
            return None
        name = _short_province(province)
        for s in self.sets:
            if name in s.region_of_province:
                return s.region_of_province[name]
        return None

    def grid(self, *, basis: str, year: int, province: str | None = None,
             region: str | None = None, exact_year: bool = False) -> Factor:
        """The grid factor for a mine: province, then region, then national; the latest
        data year not after `year` (or exactly `year` when `exact_year`)."""
        rows = [f for f in self.find("grid", "electricity") if f.basis == basis]
        if not rows:
            raise FactorNotFound("grid", f"electricity ({basis})")
        years = sorted({f.data_year for f in rows if f.data_year <= year} if not exact_year
                       else {f.data_year for f in rows if f.data_year == year})
        if not years:
            have = ", ".join(str(y) for y in sorted({f.data_year for f in rows}))
            raise FactorNotFound("grid", f"electricity ({basis}, data year {year}; available: {have})")
        chosen = [f for f in rows if f.data_year == years[-1]]
        wanted = [_short_province(province) if province else None,
                  region or self.region_of(province), "national"]
        for w in wanted:
            for f in chosen:
                if w and f.region == w:
                    return f
        raise FactorNotFound("grid", f"electricity ({basis}, {years[-1]}, national)")


def _short_province(name: str) -> str:
    """'山西省' -> '山西', '内蒙古自治区' -> '内蒙古', '北京市' -> '北京'."""
    n = name.strip()
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"):
        if n.endswith(suffix) and len(n) > len(suffix) + 1:
            return n[: -len(suffix)]
    return n


def load_library(set_ids: list[str | Path] | None = None) -> FactorLibrary:
    """A library of the given sets (ids or paths), in priority order; default: all bundled."""
    return FactorLibrary([load_factor_set(s) for s in (set_ids or list(BUNDLED_SETS))])
