"""Write the expert-weight examples in examples/weights/ (docs/weights.md).

Delphi: five experts, three rounds over all 24 indicators and the six group shares. Each
expert starts from a personal leaning around Appendix A and, seeing the panel's median after
each round, moves towards it (as a Delphi panel does); weights are whole numbers adding up
to 100 per group, as a questionnaire collects them.
AHP: three experts' pairwise matrices for G1..G6 and the group shares, judgements on Saaty's
1-9 scale read off each expert's leaning; expert 3's G2 matrix has two careless judgements
(CR >= 0.1, refused) and expert-3-revised.yaml is the corrected questionnaire.
Run: .venv/bin/python scripts/make_weights_examples.py  (the output is committed).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from cnm.methodology import default_methodology
from cnm.weights.ahp import SAATY_SCALE, analyse, fraction_text
from cnm.weights.targets import SHARES, catalog_targets

OUT = Path(__file__).resolve().parent.parent / "examples" / "weights"
TARGETS = catalog_targets(default_methodology().catalog)
EXPERTS = {
    "E1": "煤炭工业设计研究院 高级工程师 / senior engineer, coal-industry design institute",
    "E2": "高校矿业工程学院 教授 / professor of mining engineering",
    "E3": "第三方温室气体核查机构 核查组长 / lead verifier, third-party GHG verification body",
    "E4": "矿山企业安全环保部 部长 / head of safety and environment, mining company",
    "E5": "生态修复研究所 研究员 / researcher, ecological restoration institute",
}
PULL = (0.0, 0.35, 0.7)  # how far each round moves an expert towards the previous round's median (log scale)


def whole_percent(w: np.ndarray) -> list[int]:
    """Whole numbers adding up to 100 (largest remainders)."""
    x = 100 * w / w.sum()
    floors = np.floor(x).astype(int)
    for k in np.argsort(-(x - floors))[: 100 - floors.sum()]:
        floors[k] += 1
    return [int(v) for v in floors]


def leanings(rng: np.random.Generator, spread: float) -> dict[str, dict[str, np.ndarray]]:
    """expert -> target -> a personal weight vector around the catalog's."""
    return {e: {t.id: np.asarray(t.current) * np.exp(spread * np.clip(rng.normal(0, 1, len(t.items)), -2, 2)) for t in TARGETS.values()}
            for e in EXPERTS}


def delphi_rounds(rng: np.random.Generator) -> list[dict[str, dict[str, int]]]:
    own = leanings(rng, 0.36)
    rounds, mean = [], None
    for pull in PULL:
        sheet = {}
        for e in EXPERTS:
            row = {}
            for t in TARGETS.values():
                w = own[e][t.id] if mean is None else np.exp((1 - pull) * np.log(own[e][t.id]) + pull * np.log(mean[t.id]))
                row.update(dict(zip(t.items, whole_percent(w), strict=True)))
            sheet[e] = row
        mean = {t.id: np.median([[sheet[e][i] for i in t.items] for e in EXPERTS], axis=0) for t in TARGETS.values()}
        rounds.append(sheet)
    return rounds


def write_delphi(rounds: list[dict[str, dict[str, int]]]) -> None:
    folder = OUT / "delphi"
    folder.mkdir(parents=True, exist_ok=True)
    items = [i for t in TARGETS.values() if t.id != SHARES for i in t.items] + list(TARGETS[SHARES].items)
    lines = ["# 德尔菲法第 1 轮专家意见表（示例）/ Delphi round 1 (example)",
             "# 每位专家对每个二级指标内的三级指标分配权重（合计 100），并对六个二级指标分配占总分比例（合计 100）。",
             "# Each expert splits 100 among the indicators of each group, and 100 among the six groups.",
             "schema: cnm-delphi/1", "round: 1", "scale: weights", "experts:"]
    for e, row in rounds[0].items():
        lines.append(f"  {e}:  # {EXPERTS[e]}")
        for t in TARGETS.values():
            lines.append(f"    # {t.id} {t.name_zh}")
            lines.extend(f"    {i}: {row[i]}" for i in t.items)
    (folder / "round-1.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for number, sheet in enumerate(rounds[1:], 2):
        with (folder / f"round-{number}.csv").open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow([f"# 德尔菲法第 {number} 轮 / Delphi round {number}: weights within each group (I..) "
                          "and group shares (G..); each adds up to 100"])
            out.writerow(["expert", *items])
            for e, row in sheet.items():
                out.writerow([e, *(row[i] for i in items)])


def judgements(w: np.ndarray) -> np.ndarray:
    """The Saaty-scale matrix nearest (in log ratio) to an expert's leaning."""
    scale = np.log(SAATY_SCALE)
    ratio = np.log(np.outer(w, 1 / w))
    return np.exp(scale[np.abs(ratio[..., None] - scale).argmin(axis=-1)])


def ahp_matrices(rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    own = leanings(rng, 0.3)
    return {e: {t: judgements(w) for t, w in own[e].items()} for e in ("E1", "E2", "E3")}


def careless(m: np.ndarray) -> np.ndarray:
    """G2 with two judgements turned round and overstated (what a hurried questionnaire looks like)."""
    bad = m.copy()
    for i, j in ((0, 2), (1, 3)):  # I05 vs I07, I06 vs I08
        bad[i, j] = 5.0 if m[i, j] < 1 else 1 / 5
        bad[j, i] = 1 / bad[i, j]
    return bad


def yaml_matrix(expert: str, mats: dict[str, np.ndarray], note: str, upper_only: bool = False) -> str:
    lines = [f"# {note}", "schema: cnm-ahp/1", f"expert: {expert}", "matrices:"]
    for t in TARGETS.values():
        m = mats[t.id]
        s = analyse(m)
        lines.append(f"  {t.id if t.id != SHARES else SHARES}:  # {t.name_zh}  (CR = {s.cr:.3f})")
        lines.append(f"    items: [{', '.join(t.items)}]")
        lines.append("    matrix:")
        for i in range(len(t.items)):
            cells = [("~" if upper_only and j < i else fraction_text(m[i, j])) for j in range(len(t.items))]
            lines.append(f"      - [{', '.join(cells)}]")
    return "\n".join(lines) + "\n"


def csv_matrix(path: Path, expert: str, mats: dict[str, np.ndarray]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([f"# AHP 判断矩阵 / pairwise comparisons: {EXPERTS[expert]}"])
        for t in TARGETS.values():
            out.writerow([])
            out.writerow(["expert", expert, "group", t.id])
            out.writerow(["", *t.items])
            for i, item in enumerate(t.items):
                out.writerow([item, *(fraction_text(v) for v in mats[t.id][i])])


def main() -> None:
    rounds = delphi_rounds(np.random.default_rng(20261125))
    write_delphi(rounds)
    mats = ahp_matrices(np.random.default_rng(8021))
    folder = OUT / "ahp"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "expert-1.yaml").write_text(yaml_matrix("E1", mats["E1"], EXPERTS["E1"]), encoding="utf-8")
    csv_matrix(folder / "expert-2.csv", "E2", mats["E2"])
    revised = dict(mats["E3"])
    mats["E3"]["G2"] = careless(mats["E3"]["G2"])
    (folder / "expert-3.yaml").write_text(
        yaml_matrix("E3", mats["E3"], f"{EXPERTS['E3']}; 下三角留空（~）即取上三角的倒数 / "
                    "empty lower triangle = reciprocals", upper_only=True), encoding="utf-8")
    (folder / "expert-3-revised.yaml").write_text(
        yaml_matrix("E3", revised, f"{EXPERTS['E3']}; 修订后的问卷 / revised questionnaire", upper_only=True),
        encoding="utf-8")
    for e, m in mats.items():
        print(e, {t: round(analyse(x).cr, 3) for t, x in m.items()})


if __name__ == "__main__":
    main()
