"""Methodology: catalog + weights + rubric + GWP set + factor sets + parameters, named,
versioned and fingerprinted by a content hash.

The default is the standard's Appendix A (cnm/data/methodology.yaml). A user's file names
`base: default` (or another file) and overrides parts: the standard's dynamic adjustment (R-5.1).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cnm.catalog import Catalog, check, load_catalog
from cnm.datafiles import bundled_path, content_hash, load_data, validate
from cnm.errors import DataFileError, Problem
from cnm.factors import BUNDLED_SETS, FactorLibrary, load_factor_set
from cnm.gwp import GwpSet, load_gwp_set
from cnm.metrics import METRIC_NAMES
from cnm.rubric import Rubric, check_rubric, load_rubric


class GradeBand(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    grade: str
    min_score: float = Field(ge=0, le=100)
    min_offset_share: float = Field(ge=0, le=1)


class Parameters(BaseModel):
    """Choices the standard leaves open, each documented in docs/methodology.md."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    scope2_basis_for_gross: Literal["market", "location"] = "market"
    market_residual_basis: Literal["residual", "average"] = "residual"
    grid_year_rule: Literal["latest", "exact"] = "latest"
    offset_validity_years: int = Field(3, ge=0, le=20)
    recognised_programmes: tuple[str, ...] = ("CCER", "CEA", "CDM", "VCS", "GS", "external_sink")
    grades: tuple[GradeBand, ...]


class MethodologyFile(BaseModel):
    """What a methodology file may say (the default file says all of it)."""

    model_config = ConfigDict(extra="forbid")
    schema_: str = Field("cnm-methodology/1", alias="schema")
    base: str | None = None
    name: str | None = None
    name_en: str | None = None
    version: str | None = None
    description: str | None = None
    catalog: str | None = None
    rubric: str | dict | None = None
    gwp: str | None = None
    factor_sets: list[str] | None = None
    weights: dict[str, float] | None = None
    group_shares: dict[str, float] | None = None
    parameters: dict[str, Any] | None = None


@dataclass(frozen=True)
class Methodology:
    """Everything that turns a record into a result, with its identity."""

    name: str
    name_en: str
    version: str
    catalog: Catalog
    rubric: Rubric
    gwp: GwpSet
    factors: FactorLibrary
    parameters: Parameters
    files: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""

    @cached_property
    def hash(self) -> str:
        """SHA-256 of the methodology's content (not of its name or file paths)."""
        return content_hash(self.content())

    def info(self) -> dict[str, str]:
        """{name, version, hash}: what every result carries."""
        return {"name": self.name, "version": self.version, "hash": self.hash}

    def content(self) -> dict:
        """The full content, as exported by `cnm methodology export`."""
        return {
            "catalog": self.catalog.model_dump(by_alias=True),
            "rubric": self.rubric.model_dump(by_alias=True),
            "gwp": self.gwp.model_dump(),
            "factor_sets": [s.model_dump() for s in self.factors.sets],
            "parameters": self.parameters.model_dump(),
        }


def _deep_merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _resolve(ref: str, folder: Path) -> str | Path:
    """A bundled name stays a name; anything else is a path relative to the methodology file."""
    if ref in BUNDLED_SETS or ref in ("sar", "ar4", "ar5", "ar6"):
        return ref
    p = Path(ref)
    return p if p.is_absolute() else folder / p


def _build(spec: MethodologyFile, folder: Path, base: Methodology | None, where: str) -> Methodology:
    if base is None and not all([spec.name, spec.version, spec.catalog, spec.rubric, spec.gwp,
                                 spec.factor_sets, spec.parameters]):
        raise DataFileError(where, [Problem("(top)", "a methodology without a base must give name, version, "
                                            "catalog, rubric, gwp, factor_sets and parameters",
                                            "没有 base 的方法文件须完整给出各部分", code="methodology-incomplete")])
    catalog = load_catalog(_resolve(spec.catalog, folder)) if spec.catalog else base.catalog
    if spec.weights or spec.group_shares:
        catalog = catalog.with_weights(spec.weights or {}, spec.group_shares)
    rubric = _rubric(spec.rubric, folder, base)
    check_rubric(rubric, {i.id: i.nature for i in catalog.indicators}, METRIC_NAMES, where)
    gwp = load_gwp_set(_resolve(spec.gwp, folder)) if spec.gwp else base.gwp
    factors = (FactorLibrary([load_factor_set(_resolve(s, folder)) for s in spec.factor_sets])
               if spec.factor_sets else base.factors)
    params_data = _deep_merge(base.parameters.model_dump() if base else {}, spec.parameters or {})
    parameters = validate(Parameters, params_data, f"{where}: parameters")
    return Methodology(
        name=spec.name or base.name, name_en=spec.name_en or (base.name_en if base else ""),
        version=spec.version or base.version, catalog=check(catalog, where), rubric=rubric, gwp=gwp,
        factors=factors, parameters=parameters, description=spec.description or "",
        files=((base.files if base else ()) + (where,)),
    )


def _rubric(ref: str | dict | None, folder: Path, base: Methodology | None) -> Rubric:
    if ref is None:
        return base.rubric
    if isinstance(ref, str):
        return load_rubric(_resolve(ref, folder))
    merged = _deep_merge(base.rubric.model_dump(by_alias=True) if base else {}, ref)
    return validate(Rubric, merged, "methodology rubric override")


@lru_cache(maxsize=1)
def default_methodology() -> Methodology:
    """The standard's Appendix A with cnm's defaults (loaded and checked once)."""
    path = bundled_path("methodology.yaml")
    spec = validate(MethodologyFile, load_data(path), str(path))
    return _build(spec, path.parent, None, str(path))


def load_methodology(path: str | Path | None = None) -> Methodology:
    """The default methodology, or a user's file applied on its base."""
    if path is None:
        return default_methodology()
    p = Path(path)
    spec = validate(MethodologyFile, load_data(p), str(p))
    base = None
    if spec.base:
        base = default_methodology() if spec.base == "default" else load_methodology(_resolve(spec.base, p.parent))
    return _build(spec, p.parent, base, str(p))
