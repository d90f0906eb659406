"""Consolidated figures of a group's mines for one period: the one place the site gets them.

PROVISIONAL (until the core's group consolidation of issue 8, `cnm/consolidation.py`, lands):
`consolidate` returns the plain sum of the members' contract figures, as if every member were
wholly owned and controlled (R-6.1 asks for the parent's boundary; the equity-share and control
approaches are the core's job). It computes no ratio, score or grade: those keys are left out,
and the group page shows them as soon as the core's consolidation returns them. To switch,
make `consolidate` call the core and return its contract (same keys, plus `members`).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Contract inventory keys that add up across mines.
ADDITIVE = ("scope1", "scope2_location", "scope2_market", "scope3", "gross", "removals", "residual", "offsets")


def consolidate(group_id: str, period: str, contracts: Sequence[dict]) -> dict:
    """Group figures for one period from its members' result contracts (provisional: sums)."""
    inventory = {k: sum(c["inventory"][k] for c in contracts) for k in ADDITIVE}
    return {
        "group": group_id,
        "period": period,
        "provisional": True,
        "approach": "sum",
        "inventory": inventory,
        "energy_tce": sum(c["energy_tce"] for c in contracts),
        "members": [{"mine": c["mine"]["id"], "share": 1.0, "gross": c["inventory"]["gross"],
                     "offsets": c["inventory"]["offsets"]} for c in contracts],
    }
