"""Delphi method for indicator weights, R-5.2 (the standard's 9.2: "采用德尔菲法获取若干专家对权重的设定建议").

Each round is a sheet: experts x items (indicators of whole level-2 groups, and/or the six
groups for their shares). Per item and round: number of experts, mean, standard deviation
(sample, n-1), coefficient of variation CV = sd / mean, and the weight = the mean normalised
to 100 within its target. Per target and round: Kendall's coefficient of concordance W
(tie-corrected) with its chi-square test. A round has converged when the rule holds:

* ``cv``: every item's CV <= cv_max (the experts agree);
* ``delta``: the weights moved by at most delta_max percentage points since the previous round
  (the opinions are stable; never true in round 1);
* ``either`` (default) or ``both`` of them.

The result stops at the first converged round and takes its weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats as sps

from cnm.errors import InputErrors, Problem
from cnm.weights.targets import Target

Scale = Literal["weights", "ratings"]
Mode = Literal["either", "both", "cv", "delta"]
#: An expert's weights of one target may add up to 100 +- this (rounding in a questionnaire).
SUM_TOLERANCE = 0.5


@dataclass(frozen=True)
class DelphiSheet:
    """One round as read from a file: experts x items, with where each expert's row is."""

    source: str
    experts: tuple[str, ...]
    items: tuple[str, ...]
    values: np.ndarray  # experts x items
    expert_locs: tuple[str, ...]  # 'round-2.csv:4' or 'experts.E3'
    scale: Scale | None = None  # as declared in the file, if it says
    round: int | None = None


@dataclass(frozen=True)
class ConvergenceRule:
    cv_max: float = 0.25
    delta_max: float = 2.0  # percentage points of weight within a target
    mode: Mode = "both"

    def check(self, max_cv: float, max_change: float | None) -> tuple[bool, str]:
        """(converged?, which criterion held: 'cv', 'delta', 'cv+delta' or '')."""
        cv_ok = max_cv <= self.cv_max
        delta_ok = max_change is not None and max_change <= self.delta_max
        met = "+".join(name for name, ok in (("cv", cv_ok), ("delta", delta_ok)) if ok)
        ok = {"either": cv_ok or delta_ok, "both": cv_ok and delta_ok, "cv": cv_ok, "delta": delta_ok}[self.mode]
        return ok, met if ok else ""


@dataclass(frozen=True)
class ItemStats:
    id: str
    n: int
    mean: float
    sd: float
    cv: float
    weight: float  # percent within the target
    change: float | None  # weight change since the previous round (percentage points)


@dataclass(frozen=True)
class Concordance:
    """Kendall's W of the experts' rankings of a target's items, and its chi-square test."""

    w: float | None
    chi2: float | None
    df: int
    p: float | None


@dataclass(frozen=True)
class TargetRound:
    target: str
    items: tuple[ItemStats, ...]
    concordance: Concordance


@dataclass(frozen=True)
class RoundStats:
    number: int
    source: str
    experts: tuple[str, ...]
    targets: tuple[TargetRound, ...]
    max_cv: float
    max_change: float | None
    converged: bool
    criterion: str  # which criterion held ('' if not converged)


@dataclass(frozen=True)
class DelphiResult:
    rounds: tuple[RoundStats, ...]  # up to and including the converged round
    ignored: tuple[str, ...]  # files of rounds after the converged one
    rule: ConvergenceRule
    scale: Scale
    converged_round: int | None
    weights: dict[str, dict[str, float]]  # target -> item -> percent (of the converged or last round)


def kendall_w(values: np.ndarray) -> Concordance:
    """Kendall's W (with the tie correction) for an experts x items matrix of scores."""
    m, n = values.shape
    if m < 2 or n < 2:
        return Concordance(None, None, max(n - 1, 0), None)
    ranks = np.apply_along_axis(sps.rankdata, 1, values)
    s = float(((ranks.sum(axis=0) - m * (n + 1) / 2) ** 2).sum())
    ties = 0.0
    for row in values:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:  # every expert scored every item alike: no ranking to agree on
        return Concordance(None, None, n - 1, None)
    w = 12 * s / denominator
    chi2 = m * (n - 1) * w
    return Concordance(w, chi2, n - 1, float(sps.chi2.sf(chi2, n - 1)))


def item_stats(column: np.ndarray) -> tuple[float, float, float]:
    """(mean, sample sd, CV) of one item's scores; CV is 0 when every expert agrees exactly."""
    mean = float(column.mean())
    sd = float(column.std(ddof=1)) if column.size > 1 else 0.0
    cv = 0.0 if sd == 0 else (sd / mean if mean > 0 else float("inf"))
    return mean, sd, cv


def _check_sheet(sheet: DelphiSheet, targets: dict[str, Target], scale: Scale) -> list[Problem]:
    problems = []
    if len(sheet.experts) < 2:
        return [Problem(sheet.source, f"{len(sheet.experts)} expert(s); Delphi needs at least 2",
                        f"仅 {len(sheet.experts)} 位专家，德尔菲法至少需要 2 位", code="delphi-experts")]
    for t in _targets_of(sheet, targets):
        cols = [sheet.items.index(i) for i in t.items]
        for e, loc, row in zip(sheet.experts, sheet.expert_locs, sheet.values[:, cols], strict=True):
            total = float(row.sum())
            if scale == "weights" and abs(total - 100) > SUM_TOLERANCE:
                problems.append(Problem(f"{sheet.source} {loc} (expert {e}, {t.id})",
                                        f"the weights for {t.id} ({', '.join(t.items)}) add up to {total:g}, not 100",
                                        f"{t.id} 的权重合计为 {total:g}，应为 100", code="delphi-sum",
                                        hint="correct the row, or use --scale ratings if the figures are importance ratings"))
            elif total <= 0:
                problems.append(Problem(f"{sheet.source} {loc} (expert {e}, {t.id})",
                                        f"every score for {t.id} is 0", f"{t.id} 的评分全为 0", code="delphi-zero"))
    return problems


def _targets_of(sheet: DelphiSheet, targets: dict[str, Target]) -> list[Target]:
    return [t for t in targets.values() if t.items[0] in sheet.items]


def run_delphi(sheets: list[DelphiSheet], targets: dict[str, Target], rule: ConvergenceRule | None = None,
               scale: Scale | None = None) -> DelphiResult:
    """Statistics of each round, in order, until the first converged one; the weights it gives.

    Sheets must cover the same whole targets; `scale` (else the files' own, else 'weights')
    says whether each expert's row of a target must add up to 100.
    """
    rule = rule or ConvergenceRule()
    if not sheets:
        raise InputErrors("Delphi", [Problem("(files)", "no round given", "没有给出任何一轮的专家意见表",
                                             code="delphi-no-rounds")])
    declared = {s.scale for s in sheets if s.scale}
    if scale is None and len(declared) > 1:
        raise InputErrors("Delphi", [Problem(", ".join(s.source for s in sheets),
                                             f"the rounds declare different scales: {', '.join(sorted(declared))}",
                                             "各轮文件声明的 scale 不一致", code="delphi-scale")])
    scale = scale or (declared.pop() if declared else "weights")
    problems = [p for s in sheets for p in _check_sheet(s, targets, scale)]
    first = sorted(sheets[0].items)
    for s in sheets[1:]:
        if sorted(s.items) != first:
            extra = sorted(set(s.items) ^ set(first))
            problems.append(Problem(s.source, f"this round covers other items than round 1 ({', '.join(extra)})",
                                    f"本轮的指标与第 1 轮不同：{', '.join(extra)}", code="delphi-items"))
    for pos, s in enumerate(sheets, 1):
        if s.round is not None and s.round != pos:
            problems.append(Problem(s.source, f"the file says round {s.round} but is given as round {pos}",
                                    f"文件标注为第 {s.round} 轮，但按顺序是第 {pos} 轮", code="delphi-round-order",
                                    hint="give the files in round order"))
    if problems:
        raise InputErrors("Delphi", problems)
    rounds: list[RoundStats] = []
    previous: dict[str, float] = {}
    for pos, sheet in enumerate(sheets, 1):
        rs = _round_stats(pos, sheet, targets, previous, rule)
        rounds.append(rs)
        previous = {i.id: i.weight for t in rs.targets for i in t.items}
        if rs.converged:
            break
    last = rounds[-1]
    weights = {t.target: {i.id: i.weight for i in t.items} for t in last.targets}
    return DelphiResult(tuple(rounds), tuple(s.source for s in sheets[len(rounds):]), rule, scale,
                        last.number if last.converged else None, weights)


def _round_stats(number: int, sheet: DelphiSheet, targets: dict[str, Target], previous: dict[str, float],
                 rule: ConvergenceRule) -> RoundStats:
    out = []
    for t in _targets_of(sheet, targets):
        cols = [sheet.items.index(i) for i in t.items]
        block = sheet.values[:, cols]
        moments = [item_stats(block[:, k]) for k in range(len(cols))]
        total = sum(mean for mean, _, _ in moments)
        items = tuple(
            ItemStats(item, block.shape[0], mean, sd, cv, w := 100 * mean / total,
                      (w - previous[item]) if item in previous else None)
            for item, (mean, sd, cv) in zip(t.items, moments, strict=True)
        )
        out.append(TargetRound(t.id, items, kendall_w(block)))
    all_items = [i for t in out for i in t.items]
    max_cv = max(i.cv for i in all_items)
    max_change = max(abs(i.change) for i in all_items) if previous else None
    converged, criterion = rule.check(max_cv, max_change)
    return RoundStats(number, sheet.source, sheet.experts, tuple(out), max_cv, max_change, converged, criterion)
