"""The indicator catalog: Appendix A, Table A.1 (R-7.1), as checked data.

Load checks (an edited catalog that breaks one is refused, naming the row):
24 indicators, 18 quantitative and 6 qualitative (ch. 7.2); weights of each level-2 group
sum to 100; the shares of a level's groups sum to the level's share; the level shares
sum to 100; ids are unique.
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cnm.datafiles import MAX_METHODOLOGY_FILE_BYTES, bundled_path, load_data, validate
from cnm.errors import DataFileError, Problem

#: What Table A.1 fixes (ch. 7.2): changing these needs a new standard, not a methodology file.
EXPECTED_INDICATORS = 24
EXPECTED_QUANTITATIVE = 18
EXPECTED_QUALITATIVE = 6
#: Table A.1's qualitative rows (ch. 7.2): CCS, the four management systems, restoration projects
QUALITATIVE_IDS = frozenset({"I08", "I14", "I15", "I16", "I17", "I22"})

Nature = Literal["quantitative", "qualitative"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Indicator(_Frozen):
    """A level-3 indicator (三级指标)."""

    id: str = Field(pattern=r"^I\d{2}$")
    name_zh: str
    name_en: str
    weight: float = Field(ge=0, le=100, description="percent within its level-2 group")
    nature: Nature
    unit: str
    description_zh: str
    description_en: str


class Group(_Frozen):
    """A level-2 indicator (二级指标) with its share of the total score."""

    id: str = Field(pattern=r"^G\d+$")
    name_zh: str
    name_en: str
    share: float = Field(ge=0, le=100, description="percent of the total score")
    indicators: tuple[Indicator, ...]


class Level(_Frozen):
    """A level-1 indicator (一级指标)."""

    id: str = Field(pattern=r"^L\d+$")
    name_zh: str
    name_en: str
    share: float = Field(ge=0, le=100)
    groups: tuple[Group, ...]


class Catalog(_Frozen):
    """The three-level indicator system."""

    schema_: str = Field(alias="schema", default="cnm-catalog/1")
    source: str
    levels: tuple[Level, ...]

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        return tuple(g for lv in self.levels for g in lv.groups)

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for g in self.groups for i in g.indicators)

    @cached_property
    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def group_of(self) -> dict[str, Group]:
        return {i.id: g for g in self.groups for i in g.indicators}

    @cached_property
    def level_of_group(self) -> dict[str, Level]:
        return {g.id: lv for lv in self.levels for g in lv.groups}

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id; KeyError with close matches when unknown."""
        key = normalise_indicator_id(indicator_id)
        try:
            return self.by_id[key]
        except KeyError:
            raise KeyError(f"unknown indicator '{indicator_id}'; ids are I01..I{len(self.by_id):02d}") from None

    def with_weights(self, weights: dict[str, float], shares: dict[str, float] | None = None,
                     where: str = "methodology weights") -> Catalog:
        """A copy with some indicator weights (keyed by indicator id) and group shares (keyed by
        group id) replaced; each level's share follows its groups. Refused with problems located
        at `weights.<id>` / `group_shares.<id>` of `where` (the methodology file): an id the
        catalog does not have (ids are exact: `I07`, not `i07` or `I7`; the close id is suggested),
        a value that is not a finite number in 0..100, a group whose weights no longer add up to
        100, group shares no longer adding up to 100."""
        shares = shares or {}
        problems = (override_problems(weights, "weights", self.by_id, self)
                    + override_problems(shares, "group_shares", {g.id: g for g in self.groups}, self))
        if problems:
            raise DataFileError(where, problems)
        data = self.model_dump(by_alias=True)
        for lv in data["levels"]:
            for g in lv["groups"]:
                g["share"] = shares.get(g["id"], g["share"])
                for ind in g["indicators"]:
                    ind["weight"] = weights.get(ind["id"], ind["weight"])
                total = sum(ind["weight"] for ind in g["indicators"])
                if not _close(total, 100):
                    terms = ", ".join(f"{i['id']} {i['weight']:g}" + ("" if i["id"] in weights else "*")
                                      for i in g["indicators"])
                    kept_en, kept_zh = _kept_note(terms)
                    problems.append(Problem(
                        f"weights ({g['id']} {g['name_zh']})",
                        f"the weights of {g['id']}'s indicators add up to {total:g}, not 100: {terms}{kept_en}",
                        f"{g['id']} 的三级指标权重合计为 {total:g}，应为 100：{terms}{kept_zh}",
                        hint="the weights of a group's indicators are percent of the group", code="weights-sum"))
            lv["share"] = sum(g["share"] for g in lv["groups"])
        total = sum(g["share"] for lv in data["levels"] for g in lv["groups"])
        if not _close(total, 100):
            terms = ", ".join(f"{g['id']} {g['share']:g}" + ("" if g["id"] in shares else "*")
                              for lv in data["levels"] for g in lv["groups"])
            kept_en, kept_zh = _kept_note(terms)
            problems.append(Problem("group_shares", f"the group shares add up to {total:g}, not 100: {terms}{kept_en}",
                                    f"二级指标权重合计为 {total:g}，应为 100：{terms}{kept_zh}",
                                    code="shares-sum"))
        if problems:
            raise DataFileError(where, problems)
        return check(validate(Catalog, data, where), where)


def _kept_note(terms: str) -> tuple[str, str]:
    """The footnote of a sum's terms when some (starred) were kept from the base."""
    return (" (* kept from the base)", "（* 为沿用基础方法的值）") if "*" in terms else ("", "")


def override_problems(mapping: dict, key: str, known: dict, catalog: Catalog) -> list[Problem]:
    """Problems of an override keyed by id (`weights` by indicator, `group_shares` by group):
    each unknown id, with the id probably meant, and each value not a finite number in 0..100."""
    problems: list[Problem] = []
    indicators = key == "weights"
    ids = (f"I01..I{len(catalog.by_id):02d}" if indicators
           else f"{catalog.groups[0].id}..{catalog.groups[-1].id}")
    for k, v in mapping.items():
        loc = f"{key}.{k}"
        if k not in known:
            what_en, what_zh = ("indicator", "指标") if indicators else ("group", "二级指标")
            en, zh = f"unknown {what_en}; ids are {ids}", f"未知的{what_zh}编号；编号为 {ids}"
            hint = ""
            if meant := suggest_id(k, known):
                en, zh = f"{en} (did you mean {meant}?)", f"{zh}（是否应为 {meant}？）"
                hint = "ids are written exactly as in Table A.1"
            elif indicators and suggest_id(k, {g.id for g in catalog.groups}):
                en, zh = f"{en}; {k} is a group: its share goes under group_shares", f"{zh}；{k} 是二级指标，其权重写在 group_shares 下"
            elif not indicators and suggest_id(k, catalog.by_id):
                en, zh = f"{en}; {k} is an indicator: its weight goes under weights", f"{zh}；{k} 是三级指标，其权重写在 weights 下"
            problems.append(Problem(loc, en, zh, hint=hint, code="unknown-id"))
        elif isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            problems.append(Problem(loc, "must be a finite number", "应为有限数值", code="finite_number"))
        elif not 0 <= v <= 100:
            problems.append(Problem(loc, f"must lie in 0..100 (percent), not {v:g}", f"须在 0..100 之间（百分数），不是 {v:g}",
                                    code="weights-range"))
    return problems


def suggest_id(text: object, known) -> str | None:
    """The id a near miss means, when it is obvious: 'I1', 'i01' -> 'I01'; 'g1', 'G01' -> 'G1'."""
    t = str(text).strip().upper()
    m = re.fullmatch(r"([A-Z])\s*0*(\d+)", t)
    if not m:
        return None
    for candidate in (f"{m[1]}{int(m[2]):02d}", f"{m[1]}{int(m[2])}"):
        if candidate in known:
            return candidate
    return None


def normalise_indicator_id(text: str) -> str:
    """'i7', 'I7', ' I07 ' -> 'I07'."""
    t = str(text).strip().upper()
    if t.startswith("I") and t[1:].isdigit():
        return f"I{int(t[1:]):02d}"
    return t


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6


def check(catalog: Catalog, where: str) -> Catalog:
    """Apply the Table A.1 invariants; raise DataFileError naming every offending row."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for li, lv in enumerate(catalog.levels):
        for gi, g in enumerate(lv.groups):
            gloc = f"levels[{li}].groups[{gi}] ({g.id} {g.name_zh})"
            total = sum(i.weight for i in g.indicators)
            if not _close(total, 100):
                problems.append(Problem(gloc, f"indicator weights add up to {total:g}, not 100",
                                        f"三级指标权重合计为 {total:g}，应为 100", code="weights-sum"))
            for ii, ind in enumerate(g.indicators):
                iloc = f"levels[{li}].groups[{gi}].indicators[{ii}] ({ind.id} {ind.name_zh})"
                if ind.id in seen:
                    problems.append(Problem(iloc, f"id {ind.id} is used twice (also at {seen[ind.id]})",
                                            f"指标编号 {ind.id} 重复", code="duplicate-id"))
                row = f"I{len(seen) + 1:02d}"
                if ind.id != row:
                    problems.append(Problem(iloc, f"row {len(seen) + 1} of Table A.1 must have id {row}, not {ind.id}",
                                            f"表A.1 第 {len(seen) + 1} 行的编号应为 {row}，不是 {ind.id}",
                                            code="indicator-order"))
                nature = "qualitative" if row in QUALITATIVE_IDS else "quantitative"
                if ind.nature != nature:
                    problems.append(Problem(iloc, f"{row} is {nature} in Table A.1, not {ind.nature}",
                                            f"表A.1 中 {row} 为{'定性' if nature == 'qualitative' else '定量'}指标",
                                            code="indicator-nature"))
                seen[ind.id] = iloc
        shares = sum(g.share for g in lv.groups)
        if not _close(shares, lv.share):
            problems.append(Problem(f"levels[{li}] ({lv.id} {lv.name_zh})",
                                    f"group shares add up to {shares:g}, but the level's share is {lv.share:g}",
                                    f"二级指标权重合计 {shares:g} 与一级指标权重 {lv.share:g} 不一致",
                                    code="shares-sum"))
    level_total = sum(lv.share for lv in catalog.levels)
    if not _close(level_total, 100):
        problems.append(Problem("levels", f"level shares add up to {level_total:g}, not 100",
                                f"一级指标权重合计为 {level_total:g}，应为 100", code="shares-sum"))
    counts = {
        "indicators": (len(catalog.indicators), EXPECTED_INDICATORS),
        "quantitative": (sum(i.nature == "quantitative" for i in catalog.indicators), EXPECTED_QUANTITATIVE),
        "qualitative": (sum(i.nature == "qualitative" for i in catalog.indicators), EXPECTED_QUALITATIVE),
    }
    for what, (got, want) in counts.items():
        if got != want:
            problems.append(Problem("levels", f"{got} {what} indicators, the standard has {want}",
                                    f"{what} 指标 {got} 项，标准规定 {want} 项", code="indicator-count"))
    if problems:
        raise DataFileError(where, problems)
    return catalog


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and check a catalog file (default: the bundled Appendix A)."""
    p = Path(path) if path else bundled_path("catalog.yaml")
    return catalog_from_data(load_data(p, MAX_METHODOLOGY_FILE_BYTES), str(p))


def catalog_from_data(data: object, where: str) -> Catalog:
    """A catalog from parsed data (a file's, or inline in a methodology file), checked."""
    return check(validate(Catalog, data, where), where)

