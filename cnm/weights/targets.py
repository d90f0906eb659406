"""What expert weights are for: a *target* is one set of items whose weights add up to 100.

* each level-2 group G1..G6: its level-3 indicators (Table A.1 weights within the group, R-7.1);
* `shares`: the six level-2 groups themselves (their shares of the total score).

Experts may weight any whole targets; the rest of the methodology keeps its weights (R-5.2).
"""

from __future__ import annotations

from dataclasses import dataclass

from cnm.catalog import Catalog

#: The target whose items are the level-2 groups (their shares of the total score).
SHARES = "shares"


@dataclass(frozen=True)
class Target:
    """A set of items weighted together (weights add up to 100)."""

    id: str
    name_zh: str
    name_en: str
    items: tuple[str, ...]
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]
    current: tuple[float, ...]  # the weights the catalog gives now (Appendix A by default)


def catalog_targets(catalog: Catalog) -> dict[str, Target]:
    """G1..G6 (indicators within a group) and `shares` (the groups), in catalog order."""
    out = {
        g.id: Target(g.id, g.name_zh, g.name_en, tuple(i.id for i in g.indicators),
                     tuple(i.name_zh for i in g.indicators), tuple(i.name_en for i in g.indicators),
                     tuple(i.weight for i in g.indicators))
        for g in catalog.groups
    }
    groups = catalog.groups
    out[SHARES] = Target(SHARES, "二级指标占总分比例", "Level-2 group shares of the total",
                         tuple(g.id for g in groups), tuple(g.name_zh for g in groups),
                         tuple(g.name_en for g in groups), tuple(g.share for g in groups))
    return out


def target_of_item(catalog: Catalog) -> dict[str, str]:
    """Item id -> target id: I01 -> G1, ..., G1 -> shares."""
    out = {i.id: g.id for g in catalog.groups for i in g.indicators}
    out.update({g.id: SHARES for g in catalog.groups})
    return out


def normalise_item_id(text: object) -> str:
    """' i7 ' -> 'I07', 'g2' -> 'G2', 'Shares' -> 'shares'; anything else stripped as is."""
    t = str(text).strip()
    u = t.upper()
    if u[:1] == "I" and u[1:].isdigit():
        return f"I{int(u[1:]):02d}"
    if u[:1] == "G" and u[1:].isdigit():
        return f"G{int(u[1:])}"
    if t.lower() in (SHARES, "share", "groups", "二级指标"):
        return SHARES
    return t
