"""Methodology: catalog + weights + rubric + GWP set + factor sets + parameters, named,
versioned and fingerprinted by a content hash.

The default is the standard's Appendix A (cnm/data/methodology.yaml). A user's file names
`base: default` (or another file) and overrides parts: the standard's dynamic adjustment (R-5.1).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cnm.catalog import Catalog, catalog_from_data, check, load_catalog
from cnm.datafiles import bundled_path, content_hash, load_data, validate
from cnm.errors import DataFileError, Problem
from cnm.factors import BUNDLED_SETS, FactorLibrary, factor_set_from_data, load_factor_set
from cnm.gwp import GwpSet, gwp_set_from_data, load_gwp_set
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
    grades: tuple[GradeBand, ...] = Field(min_length=1)

    @field_validator("grades")
    @classmethod
    def _best_first(cls, bands: tuple[GradeBand, ...]) -> tuple[GradeBand, ...]:
        """Bands from the best grade down (R-9.2): each asks no more than the one above it."""
        names = [b.grade for b in bands]
        if len(set(names)) != len(names):
            raise ValueError(f"等级重复：{names} / a grade is listed twice: {names}")
        for upper, lower in itertools.pairwise(bands):
            if lower.min_score > upper.min_score or lower.min_offset_share > upper.min_offset_share:
                raise ValueError(f"等级须由高到低排列：{lower.grade} 的门槛高于 {upper.grade} / "
                                 f"grades must be listed best first: {lower.grade} asks more than {upper.grade}")
        return bands


class MethodologyFile(BaseModel):
    """What a methodology file may say (the default file says all of it)."""

    model_config = ConfigDict(extra="forbid")
    schema_: str = Field("cnm-methodology/1", alias="schema")
    base: str | None = None
    name: str | None = None
    name_en: str | None = None
    version: str | None = None
    description: str | None = None
    #: each part is a bundled name or a file path, or the part's content inline (as `cnm
    #: methodology export` writes it, so an exported file loads back)
    catalog: str | dict | None = None
    rubric: str | dict | None = None
    gwp: str | dict | None = None
    factor_sets: list[str | dict] | None = None
    #: the hash an export printed; informational: the loader always hashes the content itself
    hash: str | None = None
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


def export_text(m: Methodology, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """The methodology as `cnm methodology export` writes it: name, version, hash and the whole
    content the hash covers, inline (so the file loads back as a methodology file)."""
    doc = {**m.info(), "name_en": m.name_en, **m.content()}
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2, default=str)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: same text, ~10x faster
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False)


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
    catalog = _part(spec.catalog, folder, load_catalog, catalog_from_data, f"{where}: catalog") or base.catalog
    if spec.weights or spec.group_shares:
        catalog = catalog.with_weights(spec.weights or {}, spec.group_shares)
    rubric = _rubric(spec.rubric, folder, base)
    check_rubric(rubric, {i.id: i.nature for i in catalog.indicators}, METRIC_NAMES, where)
    gwp = _part(spec.gwp, folder, load_gwp_set, gwp_set_from_data, f"{where}: gwp") or base.gwp
    factors = (FactorLibrary([_part(s, folder, load_factor_set, factor_set_from_data, f"{where}: factor_sets[{i}]")
                              for i, s in enumerate(spec.factor_sets)])
               if spec.factor_sets else base.factors)
    params_data = _deep_merge(base.parameters.model_dump() if base else {}, spec.parameters or {})
    parameters = validate(Parameters, params_data, f"{where}: parameters")
    m = Methodology(
        name=spec.name or base.name, name_en=spec.name_en or (base.name_en if base else ""),
        version=spec.version or base.version, catalog=check(catalog, where), rubric=rubric, gwp=gwp,
        factors=factors, parameters=parameters, description=spec.description or "",
        files=((base.files if base else ()) + (where,)),
    )
    return _distinct_identity(m, [base] if base else [])


def _distinct_identity(m: Methodology, known: list[Methodology]) -> Methodology:
    """A methodology never shares a name and version with another content: an override that
    keeps its base's (or the default's) name and version gets the version `<version>+<hash8>`."""
    for other in known:
        if (m.name, m.version) == (other.name, other.version) and m.hash != other.hash:
            return dataclasses.replace(m, version=f"{m.version}+{m.hash[:8]}")
    return m


def _part(ref: str | dict | None, folder: Path, load, from_data, where: str):
    """A methodology part named (bundled name or path) or given inline; None when absent."""
    if ref is None or ref == "":
        return None
    return from_data(ref, where) if isinstance(ref, dict) else load(_resolve(ref, folder))


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
    m = _build(spec, p.parent, base, str(p))
    return _distinct_identity(m, [default_methodology()]) if base is None else m
