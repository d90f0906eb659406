"""Scoring rubric (reading G-1): per indicator, a metric and piecewise-linear reference points,
per mine category where performance depends on it; qualitative indicators by level 0..4.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from cnm.datafiles import MAX_METHODOLOGY_FILE_BYTES, bundled_path, load_data, validate
from cnm.errors import DataFileError, Problem

LEVELS = 5  # qualitative levels 0..4


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Category(_Frozen):
    """A mine category of R-1.1 with the units its figures are measured in."""

    name_zh: str
    name_en: str
    family: str
    output_unit: str
    output_zh: str
    output_en: str
    intensity_unit: str
    energy_intensity_unit: str
    waste_intensity_unit: str
    reference_carbon_intensity: float = Field(gt=0)
    reference_energy_intensity: float = Field(gt=0)
    rationale: str = ""


class Points(_Frozen):
    points: tuple[tuple[float, float], ...]


class LevelText(_Frozen):
    zh: str
    en: str


class Rule(_Frozen):
    """How one indicator is scored."""

    metric: str
    rationale_en: str = ""
    rationale_zh: str = ""
    points: tuple[tuple[float, float], ...] | None = None
    by_category: dict[str, Points] | None = None
    levels: tuple[LevelText, ...] | None = None

    def points_for(self, category: str) -> tuple[tuple[float, float], ...]:
        if self.by_category:
            return self.by_category[category].points
        return self.points or ()


class Rubric(_Frozen):
    schema_: str = Field(alias="schema", default="cnm-rubric/1")
    source: str
    source_zh: str = ""  # the source in Chinese (the trace's annex A); empty: `source` serves both
    qualitative_scores: tuple[float, ...]
    qualitative_without_evidence_score: float = 0
    categories: dict[str, Category]
    indicators: dict[str, Rule]

    def rule(self, indicator_id: str) -> Rule:
        return self.indicators[indicator_id]


def interpolate(points: tuple[tuple[float, float], ...], x: float) -> float:
    """Piecewise-linear score at x; clamped to the first and last point's score."""
    if x <= points[0][0]:
        return float(points[0][1])
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return float(y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    return float(points[-1][1])


def _check_points(points, loc: str, problems: list[Problem]) -> None:
    if len(points) < 2:
        problems.append(Problem(loc, "needs at least two points", "至少需要两个参考点", code="rubric-points"))
        return
    xs = [p[0] for p in points]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        problems.append(Problem(loc, f"x values must rise strictly: {xs}", "参考点横坐标须严格递增",
                                code="rubric-points"))
    ys = [p[1] for p in points]
    if any(not 0 <= y <= 100 for y in ys):
        problems.append(Problem(loc, f"scores must lie in 0..100: {ys}", "分值须在0..100之间",
                                code="rubric-points"))
    rising = all(b >= a for a, b in itertools.pairwise(ys))
    falling = all(b <= a for a, b in itertools.pairwise(ys))
    if not (rising or falling):
        problems.append(Problem(loc, f"scores must be monotone: {ys}", "分值须单调", code="rubric-points"))


def check_rubric(rubric: Rubric, indicator_ids: dict[str, str], metrics: set[str], where: str,
                 mine_categories: Iterable[str] = ()) -> Rubric:
    """Check a rubric against the catalog (id -> nature), the metrics cnm computes and the mine
    categories a record may name (each needs an entry)."""
    problems: list[Problem] = []
    for cat in mine_categories:
        if cat not in rubric.categories:
            problems.append(Problem(f"categories.{cat}", "no entry for this mine category (a record of it could not be scored)",
                                    "缺少该矿山类别（此类矿山无法评分）", code="rubric-category"))
    if len(rubric.qualitative_scores) != LEVELS:
        problems.append(Problem("qualitative_scores", f"needs {LEVELS} scores (levels 0..4)",
                                "定性指标须给出0..4级共5个分值", code="rubric-levels"))
    scores = rubric.qualitative_scores
    if any(not 0 <= y <= 100 for y in scores) or any(b < a for a, b in itertools.pairwise(scores)):
        problems.append(Problem("qualitative_scores", f"scores must lie in 0..100 and rise with the level: {list(scores)}",
                                "定性指标分值须在0..100之间且随等级不降", code="rubric-levels"))
    if not 0 <= rubric.qualitative_without_evidence_score <= 100:
        problems.append(Problem("qualitative_without_evidence_score",
                                f"must lie in 0..100, not {rubric.qualitative_without_evidence_score:g}",
                                "无证据时的分值须在0..100之间", code="rubric-levels"))
    for iid, _nature in indicator_ids.items():
        if iid not in rubric.indicators:
            problems.append(Problem(f"indicators.{iid}", "no scoring rule for this indicator",
                                    "该指标缺少评分规则", code="rubric-missing"))
    for iid, rule in rubric.indicators.items():
        loc = f"indicators.{iid}"
        if iid not in indicator_ids:
            problems.append(Problem(loc, "not an indicator of the catalog", "目录中无此指标", code="rubric-unknown"))
            continue
        if indicator_ids[iid] == "qualitative":
            if rule.metric != "qualitative" or not rule.levels or len(rule.levels) != LEVELS:
                problems.append(Problem(loc, f"a qualitative indicator needs metric 'qualitative' and {LEVELS} levels",
                                        "定性指标须有0..4级描述", code="rubric-levels"))
            continue
        if rule.metric not in metrics:
            problems.append(Problem(f"{loc}.metric", f"unknown metric '{rule.metric}'; known: {sorted(metrics)}",
                                    "未知的评分度量", code="rubric-metric"))
        if rule.by_category and rule.points:
            problems.append(Problem(loc, "give points or by_category, not both (by_category would win silently)",
                                    "points 与 by_category 只能给出其一", code="rubric-points"))
        if rule.by_category:
            for cat in rubric.categories:
                if cat not in rule.by_category:
                    problems.append(Problem(f"{loc}.by_category", f"no points for category {cat}",
                                            f"缺少类别 {cat} 的参考点", code="rubric-category"))
            for cat, pts in rule.by_category.items():
                if cat not in rubric.categories:
                    problems.append(Problem(f"{loc}.by_category.{cat}", "unknown category", "未知类别",
                                            code="rubric-category"))
                _check_points(pts.points, f"{loc}.by_category.{cat}.points", problems)
        elif rule.points:
            _check_points(rule.points, f"{loc}.points", problems)
        else:
            problems.append(Problem(loc, "needs points or by_category", "缺少参考点", code="rubric-points"))
    if problems:
        raise DataFileError(where, problems)
    return rubric


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Parse a rubric file (checked against a catalog by the methodology)."""
    p = Path(path) if path else bundled_path("rubric.yaml")
    return validate(Rubric, load_data(p, MAX_METHODOLOGY_FILE_BYTES), str(p))
