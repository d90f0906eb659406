"""Indicator weights from experts (R-5.2, the standard's 9.2): Delphi rounds or AHP matrices,
written as a methodology file on `base: default` (docs/weights.md).

    >>> from cnm import load_catalog
    >>> from cnm.weights import ahp_from_files, ahp_fragment, catalog_targets, fragment_text
    >>> result = ahp_from_files(["examples/weights/ahp/expert-1.yaml", "examples/weights/ahp/expert-2.csv"])
    >>> text = fragment_text(ahp_fragment(result, catalog_targets(load_catalog())), ["expert-1.yaml"])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cnm.methodology import Methodology, default_methodology
from cnm.weights.ahp import (
    CR_MAX,
    RANDOM_INDEX,
    AhpResult,
    Judgement,
    MatrixStats,
    analyse,
    combine,
    consistent_matrix,
    refusals,
    run_ahp,
)
from cnm.weights.delphi import ConvergenceRule, DelphiResult, DelphiSheet, kendall_w, run_delphi
from cnm.weights.fragment import ahp_fragment, delphi_fragment, fragment_text, methodology_fragment, round_to_total
from cnm.weights.readers import read_ahp, read_delphi
from cnm.weights.targets import SHARES, Target, catalog_targets

__all__ = [
    "CR_MAX",
    "RANDOM_INDEX",
    "SHARES",
    "AhpResult",
    "ConvergenceRule",
    "DelphiResult",
    "DelphiSheet",
    "Judgement",
    "MatrixStats",
    "Target",
    "ahp_fragment",
    "ahp_from_files",
    "analyse",
    "catalog_targets",
    "combine",
    "consistent_matrix",
    "delphi_fragment",
    "delphi_from_files",
    "fragment_text",
    "kendall_w",
    "methodology_fragment",
    "read_ahp",
    "read_delphi",
    "refusals",
    "round_to_total",
    "run_ahp",
    "run_delphi",
]


def delphi_from_files(files: Sequence[str | Path], rule: ConvergenceRule | None = None, scale=None,
                      base: Methodology | None = None) -> DelphiResult:
    """Read the rounds (in order) and run the Delphi statistics on the base's catalog."""
    catalog = (base or default_methodology()).catalog
    sheets = [read_delphi(f, catalog) for f in files]
    return run_delphi(sheets, catalog_targets(catalog), rule, scale)


def ahp_from_files(files: Sequence[str | Path], *, aggregate="mean", cr_max: float = CR_MAX,
                   drop_inconsistent: bool = False, base: Methodology | None = None) -> AhpResult:
    """Read every expert's matrices and combine them (CR >= cr_max refused)."""
    catalog = (base or default_methodology()).catalog
    judgements = [j for f in files for j in read_ahp(f, catalog)]
    return run_ahp(judgements, aggregate=aggregate, cr_max=cr_max, drop_inconsistent=drop_inconsistent)
