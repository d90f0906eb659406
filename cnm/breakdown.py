"""Breakdowns of a result for reports and charts: the gross emissions by scope and source.

Only lines that count in gross emissions (G-6) are kept: Scope 2 on the methodology's basis
(market or location) and Scope 3 where the mine includes it. The parts add up to `gross`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceShare:
    scope: int
    label_zh: str
    label_en: str
    tco2e: float


def counts_in_gross(line, inventory) -> bool:
    """Whether an inventory line is part of gross emissions (G-6)."""
    if line.scope == 2 and line.basis not in ("both", inventory.scope2_basis):
        return False
    return not (line.scope == 3 and not inventory.scope3_included)


def gross_by_source(result) -> list[SourceShare]:
    """Gross emissions by scope and source line label, in scope then inventory order."""
    inv = result.inventory
    totals: dict[tuple[int, str, str], float] = {}
    for ln in inv.lines:
        if counts_in_gross(ln, inv):
            key = (ln.scope, ln.label_zh, ln.label_en)
            totals[key] = totals.get(key, 0.0) + ln.tco2e
    ordered = sorted(totals.items(), key=lambda kv: kv[0][0])
    return [SourceShare(scope=s, label_zh=zh, label_en=en, tco2e=v) for (s, zh, en), v in ordered]


def gross_by_scope(result) -> dict[int, float]:
    """Gross emissions per scope (the scopes that count)."""
    out: dict[int, float] = {}
    for part in gross_by_source(result):
        out[part.scope] = out.get(part.scope, 0.0) + part.tco2e
    return out
