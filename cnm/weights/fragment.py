"""The methodology file that expert weights produce: `base: default` plus `weights` and/or
`group_shares` (R-5.1 dynamic adjustment, R-5.2), which `cnm.methodology.load_methodology`
accepts as is. Weights are rounded so that each target still adds up to exactly 100.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

from cnm.weights.ahp import AhpResult
from cnm.weights.delphi import DelphiResult
from cnm.weights.targets import SHARES, Target

DECIMALS = 2


def round_to_total(values: dict[str, float], decimals: int = DECIMALS, total: float = 100.0) -> dict[str, float]:
    """Scale to `total` and round to `decimals` by largest remainders, so the rounded values add up to it."""
    unit = 10.0**-decimals
    whole = sum(values.values())
    if whole <= 0:
        raise ValueError("weights must have a positive sum")
    scaled = {k: v / whole * total / unit for k, v in values.items()}
    floors = {k: math.floor(x) for k, x in scaled.items()}
    missing = round(total / unit) - sum(floors.values())
    for k in sorted(scaled, key=lambda k: scaled[k] - floors[k], reverse=True)[:missing]:
        floors[k] += 1
    return {k: round(floors[k] * unit, decimals) for k in values}


def methodology_fragment(weights: dict[str, dict[str, float]], targets: dict[str, Target], *, name: str,
                         name_en: str, version: str, description: str, decimals: int = DECIMALS) -> dict:
    """A methodology override: indicator weights (I01..) and group shares (G1..) in catalog order."""
    frag: dict = {"schema": "cnm-methodology/1", "base": "default", "name": name, "name_en": name_en,
                  "version": version, "description": description}
    indicator_weights: dict[str, float] = {}
    for t in targets.values():
        if t.id in weights and t.id != SHARES:
            rounded = round_to_total(weights[t.id], decimals)
            indicator_weights.update({i: rounded[i] for i in t.items})
    if indicator_weights:
        frag["weights"] = indicator_weights
    if SHARES in weights:
        rounded = round_to_total(weights[SHARES], decimals)
        frag["group_shares"] = {g: rounded[g] for g in targets[SHARES].items}
    return frag


def delphi_fragment(result: DelphiResult, targets: dict[str, Target], *, name: str | None = None,
                    name_en: str | None = None, version: str = "1", decimals: int = DECIMALS) -> dict:
    """The methodology file of a Delphi result (from its converged round, or the last one)."""
    last = result.rounds[-1]
    state_zh = f"第 {last.number} 轮收敛（{last.criterion}）" if result.converged_round else f"{last.number} 轮后仍未收敛"
    state_en = (f"converged in round {last.number} ({last.criterion})" if result.converged_round
                else f"not converged after {last.number} rounds")
    files = ", ".join(Path(r.source).name for r in result.rounds)
    return methodology_fragment(
        result.weights, targets, name=name or "附录A + 德尔菲法专家权重", name_en=name_en or "Appendix A with Delphi expert weights",
        version=version, decimals=decimals,
        description=f"德尔菲法（标准 9.2），{len(last.experts)} 位专家，{state_zh}，CV ≤ {result.rule.cv_max:g} / "
                    f"Δ ≤ {result.rule.delta_max:g}（{result.rule.mode}）。Delphi method (standard §9.2), {len(last.experts)} "
                    f"experts, {state_en}. Rounds: {files}.")


def ahp_fragment(result: AhpResult, targets: dict[str, Target], *, name: str | None = None,
                 name_en: str | None = None, version: str = "1", decimals: int = DECIMALS) -> dict:
    """The methodology file of an AHP result."""
    experts = sorted({e for es in result.experts.values() for e in es})
    how_zh = "各专家权重向量算术平均" if result.aggregate == "mean" else "各专家判断矩阵几何平均"
    how_en = ("arithmetic mean of the experts' priority vectors" if result.aggregate == "mean"
              else "geometric mean of the experts' judgements")
    refused = ", ".join(f"{r.judgement.expert}/{r.judgement.target} (CR {r.stats.cr:.3f})" for r in result.refused)
    return methodology_fragment(
        result.weights, targets, name=name or "附录A + 层次分析法专家权重", name_en=name_en or "Appendix A with AHP expert weights",
        version=version, decimals=decimals,
        description=f"层次分析法（标准 9.2），{len(experts)} 位专家（{', '.join(experts)}），{how_zh}，CR < {result.cr_max:g}。"
                    + (f"一致性检验未通过而未计入：{refused}。" if refused else "")
                    + f"AHP (standard §9.2), {len(experts)} experts, {how_en}, CR < {result.cr_max:g}."
                    + (f" Refused and left out: {refused}." if refused else ""))


def fragment_text(fragment: dict, sources: list[str]) -> str:
    """YAML text of the methodology file, with a comment saying what made it."""
    names = ", ".join(Path(s).name.replace("\n", " ") for s in sources)
    head = (f"# cnm methodology override made by `cnm weights` from: {names}\n"
            "# Use it with `cnm score RECORD --methodology THIS_FILE` (docs/weights.md).\n")
    return head + yaml.safe_dump(fragment, allow_unicode=True, sort_keys=False, width=100)
