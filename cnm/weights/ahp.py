"""Analytic hierarchy process (AHP) for indicator weights, R-5.2 (the standard's 9.2:
"采用层次分析法收集相关领域若干名专家设定的权重，取平均值").

Per expert and target: a pairwise comparison matrix on Saaty's 1-9 scale, its principal
eigenvector (the priorities), lambda_max, CI = (lambda_max - n) / (n - 1), RI from Saaty's
table and CR = CI / RI. A matrix with CR >= 0.1 is refused (its expert must revise it).
Experts are combined by the arithmetic mean of their priority vectors (the standard's
"取平均值", the default) or, as an option, by the geometric mean of their judgements
(Aczél-Saaty), whose combined matrix is then analysed the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cnm.errors import InputErrors, Problem

#: Saaty's random consistency index RI by matrix order (Saaty 1980, The Analytic Hierarchy Process).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
#: Matrices with CR at or above this are refused (Saaty's 10 % rule).
CR_MAX = 0.1
#: The values of Saaty's fundamental scale: 1..9 and their reciprocals.
SAATY_SCALE = tuple(sorted({float(k) for k in range(1, 10)} | {1 / k for k in range(2, 10)}))

Aggregate = Literal["mean", "geometric"]


@dataclass(frozen=True)
class MatrixStats:
    """Priorities and consistency of one positive reciprocal matrix."""

    priorities: tuple[float, ...]  # principal eigenvector, summing to 1
    lambda_max: float
    ci: float
    ri: float
    cr: float  # 0 for n <= 2 (always consistent)

    def worst_cell(self, matrix: np.ndarray) -> tuple[int, int, float]:
        """(i, j, implied w_i/w_j) of the judgement furthest from the priorities (what to revise)."""
        w = np.asarray(self.priorities)
        ratio = np.outer(w, 1 / w)
        dev = np.abs(np.log(matrix / ratio))
        i, j = np.unravel_index(int(np.argmax(np.triu(dev, 1))), dev.shape)
        return int(i), int(j), float(ratio[i, j])


def analyse(matrix: np.ndarray | list) -> MatrixStats:
    """Principal eigenvector, lambda_max, CI, RI and CR of a positive reciprocal matrix (n <= 10)."""
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if a.shape != (n, n) or n < 1 or n > max(RANDOM_INDEX):
        raise ValueError(f"a square matrix of order 1..{max(RANDOM_INDEX)} is needed, got shape {a.shape}")
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))  # the Perron root of a positive matrix is real and largest
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    lam = float(values[k].real)
    ci = max(0.0, (lam - n) / (n - 1)) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    return MatrixStats(tuple(float(x) for x in w), lam, ci, ri, ci / ri if ri else 0.0)


def consistent_matrix(weights: list[float] | np.ndarray) -> np.ndarray:
    """The perfectly consistent matrix a_ij = w_i / w_j (for tests and examples)."""
    w = np.asarray(weights, dtype=float)
    return np.outer(w, 1 / w)


def snap_to_scale(value: float, tolerance: float = 0.01) -> float | None:
    """The Saaty scale value within `tolerance` of `value` (0.33 -> 1/3), or None if off the scale."""
    best = min(SAATY_SCALE, key=lambda s: abs(s - value))
    return best if abs(best - value) <= tolerance else None


def geometric_mean_matrix(matrices: list[np.ndarray]) -> np.ndarray:
    """Element-wise geometric mean of judgements (stays reciprocal)."""
    return np.exp(np.mean([np.log(m) for m in matrices], axis=0))


@dataclass(frozen=True)
class Judgement:
    """One expert's pairwise comparisons for one target, with where they came from."""

    expert: str
    target: str
    items: tuple[str, ...]
    matrix: np.ndarray = field(compare=False)
    source: str  # file
    loc: str  # where in the file (a line or a key path)


@dataclass(frozen=True)
class JudgementResult:
    judgement: Judgement
    stats: MatrixStats
    accepted: bool


@dataclass(frozen=True)
class AhpResult:
    """Every matrix's statistics, the combined weights (percent, per target) and how."""

    matrices: tuple[JudgementResult, ...]
    aggregate: Aggregate
    cr_max: float
    weights: dict[str, dict[str, float]]  # target -> item -> percent (sums to 100)
    combined: dict[str, MatrixStats]  # geometric aggregation: the combined matrix per target
    experts: dict[str, tuple[str, ...]]  # target -> experts whose matrices were used

    @property
    def refused(self) -> tuple[JudgementResult, ...]:
        return tuple(r for r in self.matrices if not r.accepted)


def refusal(r: JudgementResult, cr_max: float) -> Problem:
    """A located, bilingual problem for a matrix whose CR is too high, naming what to revise."""
    j, s = r.judgement, r.stats
    i, k, implied = s.worst_cell(j.matrix)
    given = fraction_text(j.matrix[i, k])
    return Problem(
        loc=f"{j.source} {j.loc} (expert {j.expert}, {j.target})",
        code="ahp-inconsistent",
        message_zh=f"专家 {j.expert} 对 {j.target} 的判断矩阵一致性比率 CR = {s.cr:.3f} ≥ {cr_max:g}，不予采用；"
                   f"偏离最大的判断是 {j.items[i]} 比 {j.items[k]} = {given}（权重隐含约 {implied:.2f}），请专家修订",
        message_en=f"expert {j.expert}'s matrix for {j.target} has consistency ratio CR = {s.cr:.3f} >= {cr_max:g} and "
                   f"is refused; the judgement furthest from its priorities is {j.items[i]} vs {j.items[k]} = {given} "
                   f"(the priorities imply about {implied:.2f}); ask the expert to revise it",
        hint=f"lambda_max {s.lambda_max:.4f}, CI {s.ci:.4f}, RI {s.ri:.2f}",
    )


def _reordered(j: Judgement, items: tuple[str, ...]) -> Judgement:
    """The same judgement with rows and columns in `items` order (so experts can be averaged)."""
    if j.items == items:
        return j
    idx = [j.items.index(x) for x in items]
    return Judgement(j.expert, j.target, items, j.matrix[np.ix_(idx, idx)], j.source, j.loc)


def fraction_text(v: float) -> str:
    """3 -> '3', 0.333.. -> '1/3' (how judgements are written); other values to 3 digits."""
    if v < 1 and abs(1 / v - round(1 / v)) < 1e-6:
        return f"1/{round(1 / v):d}"
    return f"{v:.3g}"


def combine(judgements: list[Judgement], *, aggregate: Aggregate = "mean", cr_max: float = CR_MAX) -> AhpResult:
    """Analyse every matrix and combine each target's accepted ones (CR < cr_max); refuses nothing itself.

    A target whose matrices are all refused gets no weights (see `refusals`). Two matrices of one
    expert for one target, or matrices comparing different items, are input errors.
    """
    problems = []
    seen: dict[tuple[str, str], Judgement] = {}
    order: dict[str, tuple[str, ...]] = {}
    for j in judgements:
        key = (j.expert, j.target)
        if key in seen:
            problems.append(Problem(f"{j.source} {j.loc}", f"expert {j.expert} gives a second matrix for {j.target} "
                                    f"(first in {seen[key].source} {seen[key].loc})",
                                    f"专家 {j.expert} 对 {j.target} 给出了第二个判断矩阵", code="ahp-duplicate"))
        seen[key] = j
        items = order.setdefault(j.target, j.items)
        if sorted(j.items) != sorted(items):
            problems.append(Problem(f"{j.source} {j.loc}", f"the matrix for {j.target} compares {', '.join(j.items)}, "
                                    f"others compare {', '.join(items)}",
                                    f"{j.target} 的判断矩阵比较的指标与其他专家不同", code="ahp-items"))
    if problems:
        raise InputErrors("AHP", problems)
    results = tuple(JudgementResult(j, s := analyse(j.matrix), s.cr < cr_max)
                    for j in (_reordered(j, order[j.target]) for j in judgements))
    by_target: dict[str, list[JudgementResult]] = defaultdict(list)
    for r in results:
        by_target[r.judgement.target].append(r)
    weights, combined, experts = {}, {}, {}
    for target, rs in by_target.items():
        used = [r for r in rs if r.accepted]
        if not used:
            continue
        if aggregate == "geometric":
            combined[target] = analyse(geometric_mean_matrix([r.judgement.matrix for r in used]))
            w = np.asarray(combined[target].priorities)
        else:
            w = np.mean([r.stats.priorities for r in used], axis=0)
        w = 100 * w / w.sum()
        weights[target] = {item: float(x) for item, x in zip(order[target], w, strict=True)}
        experts[target] = tuple(r.judgement.expert for r in used)
    return AhpResult(results, aggregate, cr_max, weights, combined, experts)


def refusals(result: AhpResult, drop_inconsistent: bool = False) -> list[Problem]:
    """What stops a result from being used: every refused matrix (unless dropped), and any target left
    without a consistent matrix."""
    problems = [] if drop_inconsistent else [refusal(r, result.cr_max) for r in result.refused]
    for target in dict.fromkeys(r.judgement.target for r in result.matrices):
        if target not in result.weights:
            problems.append(Problem(target, f"every matrix for {target} was refused; no weights can be derived",
                                    f"{target} 的判断矩阵全部未通过一致性检验，无法得出权重", code="ahp-no-consistent"))
    return problems


def run_ahp(judgements: list[Judgement], *, aggregate: Aggregate = "mean", cr_max: float = CR_MAX,
            drop_inconsistent: bool = False) -> AhpResult:
    """Analyse, refuse and combine: matrices with CR >= cr_max raise InputErrors (each listed with its
    ratio, expert and target) unless `drop_inconsistent` leaves them out of the average."""
    result = combine(judgements, aggregate=aggregate, cr_max=cr_max)
    problems = refusals(result, drop_inconsistent)
    if problems:
        raise InputErrors("AHP", problems)
    return result
