"""Methodology: catalog + weights + rubric + GWP set + factor sets + parameters, named,
versioned and fingerprinted by a content hash.

The default is the standard's Appendix A (cnm/data/methodology.yaml). A user's file names
`base: default` (or another file) and overrides parts: the standard's dynamic adjustment (R-5.1).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import itertools
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cnm.catalog import Catalog, catalog_from_data, suggest_id
from cnm.datafiles import MAX_METHODOLOGY_FILE_BYTES, bundled_path, content_hash, load_data, under, validate
from cnm.errors import DataFileError, Problem
from cnm.factors import BUNDLED_SETS, FactorLibrary, factor_set_from_data
from cnm.gwp import BUNDLED_SETS as GWP_SETS
from cnm.gwp import GwpSet, gwp_set_from_data
from cnm.metrics import METRIC_NAMES
from cnm.record import MineCategory
from cnm.rubric import Rubric, check_rubric


class GradeBand(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    grade: str
    min_score: float = Field(ge=0, le=100)
    min_offset_share: float = Field(ge=0, le=1)


class Parameters(BaseModel):
    """Choices the standard leaves open, each documented in docs/methodology.md."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
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

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
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


#: How deep `base:` may chain (a file, its base, that one's base ...).
MAX_BASE_DEPTH = 16


@dataclass(frozen=True)
class _Kind:
    """A part a methodology key names: what it is, its bundled names and where they live."""

    en: str
    zh: str
    names: tuple[str, ...]
    folder: str
    fields: str
    case_insensitive: bool = False

    def bundled(self, ref: str) -> Path | None:
        key = ref.lower() if self.case_insensitive else ref
        return bundled_path(f"{self.folder}/{key}.yaml") if key in self.names else None


_KINDS = {
    "base": _Kind("methodology", "方法文件", (), "", "schema, base, name, version ..."),
    "catalog": _Kind("catalog", "指标目录", (), "", "source, levels"),
    "rubric": _Kind("rubric", "评分规则", (), "", "source, qualitative_scores, categories, indicators"),
    "gwp": _Kind("GWP set", " GWP 集", GWP_SETS, "gwp", "id, name, source, gases", case_insensitive=True),
    "factor_sets": _Kind("factor set", "因子集", BUNDLED_SETS, "factors", "id, name_zh, document, factors ..."),
}


@contextmanager
def _within(where: str, key: str) -> Iterator[None]:
    """Re-raise a DataFileError about content inline in methodology file `where` at `key`,
    each problem located under the key (`gwp.gases[1].gwp`)."""
    try:
        yield
    except DataFileError as exc:
        raise DataFileError(where, [dataclasses.replace(p, loc=under(key, p.loc)) for p in exc.problems]) from None


def _named_file(ref: str, key: str, kind: str, folder: Path, where: str) -> tuple[Path, Any, str]:
    """Read the file a methodology key names (a bundled name, or a path relative to the
    methodology file): (its path, its parsed content, the label its own problems carry, which
    says which key of which file named it). A file that cannot be read (missing, a folder, a
    device, too large) is a problem of the methodology file at `key`."""
    spec = _KINDS[kind]
    bundled = spec.bundled(ref)
    path = bundled or (Path(ref) if Path(ref).is_absolute() else folder / ref)
    label = str(path) if bundled else f"{path} ({where}: {key})"
    try:
        data = load_data(path, MAX_METHODOLOGY_FILE_BYTES)
    except DataFileError as exc:
        first = exc.problems[0]
        if first.code not in ("unreadable", "not-a-file", "too-large"):
            raise DataFileError(label, exc.problems) from None  # syntax, encoding: inside the file
        shown = ref if str(path) == ref else f"{ref} ({path})"
        en, zh, hint = f"'{shown}': {first.message_en}", f"“{shown}”：{first.message_zh}", first.hint
        if first.code == "unreadable" and not os.path.lexists(path):
            known = "default" if kind == "base" else ", ".join(spec.names)
            if known:
                en = f"'{ref}' is not a bundled {spec.en} ({known}) and there is no file {path}"
                zh = f"“{ref}”既不是内置{spec.zh}（{known}），也没有文件 {path}"
            else:
                en, zh = f"there is no file {path}", f"没有文件 {path}"
            close = difflib.get_close_matches(ref.lower() if spec.case_insensitive else ref,
                                              ["default"] if kind == "base" else spec.names, n=1, cutoff=0.8)
            if close:
                en, zh = f"{en}; did you mean {close[0]}?", f"{zh}；是否应为 {close[0]}？"
            hint = "a path is relative to the methodology file"
        raise DataFileError(where, [Problem(key, en, zh, hint=hint, code=first.code)]) from None
    if not isinstance(data, dict):
        found = {list: ("a list", "列表"), str: ("text", "文本"), type(None): ("nothing", "空内容")}.get(
            type(data), (type(data).__name__, type(data).__name__))
        raise DataFileError(label, [Problem("(top)", f"not a {spec.en} file: expected a mapping of fields "
                                            f"({spec.fields}), found {found[0]}",
                                            f"不是{spec.zh.strip()}文件：应为一组字段（{spec.fields}），实为{found[1]}",
                                            hint=f"check the path given at `{key}` in {where}", code="not-a-mapping")])
    return path, data, label


def _part(ref: str | dict | None, key: str, kind: str, from_data, folder: Path, where: str):
    """A methodology part named (bundled name or path) or given inline; None when absent."""
    if ref is None or ref == "":
        return None
    if isinstance(ref, dict):
        with _within(where, key):
            return from_data(ref, where)
    _path, data, label = _named_file(ref, key, kind, folder, where)
    return from_data(data, label)


def _build(spec: MethodologyFile, folder: Path, base: Methodology | None, where: str,
           file: str | None = None) -> Methodology:
    """The methodology of file `file` (parsed as `spec`; its problems labelled `where`) on `base`."""
    if base is None and not all([spec.name, spec.version, spec.catalog, spec.rubric, spec.gwp,
                                 spec.factor_sets, spec.parameters]):
        raise DataFileError(where, [Problem("(top)", "a methodology without a base must give name, version, "
                                            "catalog, rubric, gwp, factor_sets and parameters",
                                            "没有 base 的方法文件须完整给出各部分", code="methodology-incomplete")])
    if spec.factor_sets is not None and not spec.factor_sets:
        raise DataFileError(where, [Problem("factor_sets", "lists no factor set (omit the key to keep the base's sets)",
                                            "未列出任何因子集（如沿用基础方法的因子集，请删去此项）", code="factor-sets-empty")])
    catalog = _part(spec.catalog, "catalog", "catalog", catalog_from_data, folder, where) or base.catalog
    if spec.weights or spec.group_shares:
        catalog = catalog.with_weights(spec.weights or {}, spec.group_shares, where)
    rubric = _rubric(spec.rubric, folder, base, catalog, where)
    gwp = _part(spec.gwp, "gwp", "gwp", gwp_set_from_data, folder, where) or base.gwp
    factors = _factors(spec.factor_sets, folder, where) if spec.factor_sets else base.factors
    params_data = _deep_merge(base.parameters.model_dump() if base else {}, spec.parameters or {})
    parameters = validate(Parameters, params_data, where, prefix="parameters")
    m = Methodology(
        name=spec.name or base.name, name_en=spec.name_en or (base.name_en if base else ""),
        version=spec.version or base.version, catalog=catalog, rubric=rubric, gwp=gwp,
        factors=factors, parameters=parameters, description=spec.description or "",
        files=((base.files if base else ()) + (file or where,)),
    )
    return _distinct_identity(m, [base] if base else [])


def _factors(refs: list[str | dict], folder: Path, where: str) -> FactorLibrary:
    sets = [_part(ref, f"factor_sets[{i}]", "factor_sets", factor_set_from_data, folder, where)
            for i, ref in enumerate(refs)]
    seen: dict[str, int] = {}
    problems = []
    for i, fset in enumerate(sets):
        if fset.id in seen:
            problems.append(Problem(f"factor_sets[{i}]", f"set {fset.id} is listed twice (also factor_sets[{seen[fset.id]}])",
                                    f"因子集 {fset.id} 重复列出（另见 factor_sets[{seen[fset.id]}]）", code="duplicate-id"))
        seen.setdefault(fset.id, i)
    if problems:
        raise DataFileError(where, problems)
    return FactorLibrary(sets)


def _distinct_identity(m: Methodology, known: list[Methodology]) -> Methodology:
    """A methodology never shares a name and version with another content: an override that
    keeps its base's (or the default's) name and version gets the version `<version>+<hash8>`."""
    for other in known:
        if (m.name, m.version) == (other.name, other.version) and m.hash != other.hash:
            return dataclasses.replace(m, version=f"{m.version}+{m.hash[:8]}")
    return m


def _rubric(ref: str | dict | None, folder: Path, base: Methodology | None, catalog: Catalog, where: str) -> Rubric:
    """The rubric: the base's, a named file's, or the base's with an inline override merged in;
    checked against the catalog, the metrics and the mine categories (problems of a named
    file carry its label; of inline content, the methodology file and `rubric.<loc>`)."""
    natures = {i.id: i.nature for i in catalog.indicators}
    categories = get_args(MineCategory)
    if ref is None:
        return base.rubric
    if isinstance(ref, str):
        _path, data, label = _named_file(ref, "rubric", "rubric", folder, where)
        return check_rubric(validate(Rubric, data, label), natures, METRIC_NAMES, label, categories)
    with _within(where, "rubric"):
        _check_rubric_keys(ref, natures, base.rubric if base else None)
        merged = _merge_rubric(base.rubric.model_dump(by_alias=True), ref) if base else ref
        return check_rubric(validate(Rubric, merged, where), natures, METRIC_NAMES, where, categories)


def _check_rubric_keys(ref: dict, natures: dict[str, str], base: Rubric | None) -> None:
    """An override's indicator ids must be the catalog's and its category names the base's (or
    the record's): a misspelt one is refused, never merged as a new, unused entry."""
    problems: list[Problem] = []
    indicators, cats = ref.get("indicators"), ref.get("categories")
    if isinstance(indicators, dict):
        for iid in indicators:
            if iid not in natures:
                meant = suggest_id(iid, natures)
                en, zh = f"unknown indicator; ids are I01..I{len(natures):02d}", f"未知的指标编号；编号为 I01..I{len(natures):02d}"
                if meant:
                    en, zh = f"{en} (did you mean {meant}?)", f"{zh}（是否应为 {meant}？）"
                problems.append(Problem(f"indicators.{iid}", en, zh, code="unknown-id"))
    known = set(base.categories) if base else set(get_args(MineCategory))
    if isinstance(cats, dict):
        for cat in cats:
            if cat not in known:
                close = difflib.get_close_matches(str(cat), sorted(known), n=1, cutoff=0.6)
                en = f"unknown mine category; categories are {', '.join(sorted(known))}"
                zh = f"未知的矿山类别；类别为 {', '.join(sorted(known))}"
                if close:
                    en, zh = f"{en} (did you mean {close[0]}?)", f"{zh}（是否应为 {close[0]}？）"
                problems.append(Problem(f"categories.{cat}", en, zh, code="unknown-id"))
    if problems:
        raise DataFileError("rubric", problems)


def _merge_rubric(base: dict, override: dict) -> dict:
    """The base rubric with an override merged in. Within a rule, `points` and `by_category` are
    alternatives: an override giving one drops the base's other (else by_category would win
    and the override would be ignored)."""
    merged = _deep_merge(base, override)
    indicators = override.get("indicators")
    if isinstance(indicators, dict) and isinstance(merged.get("indicators"), dict):
        for iid, rule in indicators.items():
            target = merged["indicators"].get(iid)
            if isinstance(rule, dict) and isinstance(target, dict):
                if "points" in rule and "by_category" not in rule:
                    target["by_category"] = None
                elif "by_category" in rule and "points" not in rule:
                    target["points"] = None
    return merged


@lru_cache(maxsize=1)
def default_methodology() -> Methodology:
    """The standard's Appendix A with cnm's defaults (loaded and checked once)."""
    path = bundled_path("methodology.yaml")
    spec = validate(MethodologyFile, load_data(path, MAX_METHODOLOGY_FILE_BYTES), str(path))
    return _build(spec, path.parent, None, str(path))


def load_methodology(path: str | Path | None = None) -> Methodology:
    """The default methodology, or a user's file applied on its base (`base: default` or the
    path of another methodology file; a chain of bases that loops is refused, naming it)."""
    if path is None:
        return default_methodology()
    p = Path(path)
    return _load(p, load_data(p, MAX_METHODOLOGY_FILE_BYTES), str(p), ())


def _same_file(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(p)


def _load(p: Path, data: Any, where: str, chain: tuple[Path, ...]) -> Methodology:
    """Build methodology file `p` (content `data`, problems labelled `where`) on its base;
    `chain` holds the files whose base this one is, outermost first."""
    spec = validate(MethodologyFile, data, where)
    base = None
    if spec.base == "default":
        base = default_methodology()
    elif spec.base:
        chain = (*chain, p)
        target = Path(spec.base) if Path(spec.base).is_absolute() else p.parent / spec.base
        seen = [_same_file(f) for f in chain]
        if _same_file(target) in seen:
            loop = " → ".join(str(f) for f in (*chain[seen.index(_same_file(target)):], target))
            raise DataFileError(where, [Problem("base", f"the bases name each other in a loop: {loop}",
                                                f"base 循环引用：{loop}",
                                                hint="one file of the chain must say `base: default`", code="base-cycle")])
        if len(chain) >= MAX_BASE_DEPTH:
            raise DataFileError(where, [Problem("base", f"more than {MAX_BASE_DEPTH} files in a chain of bases",
                                                f"base 链超过 {MAX_BASE_DEPTH} 层", code="base-depth")])
        target, base_data, label = _named_file(spec.base, "base", "base", p.parent, where)
        base = _load(target, base_data, label, chain)
    m = _build(spec, p.parent, base, where, str(p))
    return _distinct_identity(m, [default_methodology()]) if base is None else m
