"""The group's result: consolidated inventory, member contributions and the public contract.

`GroupResult.contract()` has the keys of a mine's result contract (methodology, inventory,
energy_tce, indicators, groups, levels, total, grade ...) plus `members` (each mine's share and
contribution), `approach` and `base_year`; schema cnm-group-result/1.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from cnm.accounting.inventory import CategoryTotal, GasTotal, neutrality_ratios, offset_share
from cnm.base_year import BaseYearRecalculation
from cnm.findings import Finding
from cnm.record import Period
from cnm.result import Result, indicator_contract, scores_contract
from cnm.scoring import GroupScore, IndicatorScore, LevelScore

GROUP_RESULT_SCHEMA = "cnm-group-result/1"
_SUMMED = ("scope1", "scope2_location", "scope2_market", "scope3", "gross", "removals", "residual", "reductions",
           "energy_tce", "electricity_tce", "renewable_tce")


class GroupInventory(BaseModel):
    """The consolidated inventory, tCO2e (same names as a mine's Inventory)."""

    scope1: float
    scope2_location: float
    scope2_market: float
    scope2_basis: str
    scope3: float
    scope3_included: bool
    gross: float
    removals: float
    removals_by_kind: dict[str, float]
    residual: float
    reductions: float
    offsets: float
    offsets_members: float  # the members' valid offsets at their shares, repeats removed
    offsets_group: float  # credits the group itself retired
    offsets_repeated: float  # tCO2e removed because an earlier holder counted the same serials
    offset_share: float
    neutrality: dict[str, float | None]
    by_gas: list[GasTotal]
    by_category: list[CategoryTotal]
    energy_tce: float
    electricity_tce: float
    renewable_tce: float


def sum_inventories(runs, own_credits, repeats, group_id: str, basis: str) -> GroupInventory:
    """Sum the members' inventories at their shares; offsets count once (cnm.offsets.count_once)."""
    sums = {k: sum(r.share * getattr(r.result.inventory, k) for r in runs) for k in _SUMMED}
    kinds: dict[str, float] = {}
    gases: dict[str, list[float]] = {}
    cats: dict[tuple[int, str], float] = {}
    for r in runs:
        inv = r.result.inventory
        for k, v in inv.removals_by_kind.items():
            kinds[k] = kinds.get(k, 0.0) + r.share * v
        for g in inv.by_gas:
            acc = gases.setdefault(g.gas, [0.0, 0.0])
            acc[0] += r.share * g.gas_t
            acc[1] += r.share * g.tco2e
        for c in inv.by_category:
            cats[(c.scope, c.category)] = cats.get((c.scope, c.category), 0.0) + r.share * c.tco2e
    repeated = {r.mine: sum(x.units for x in repeats if x.holder == r.mine) for r in runs}
    members = sum(r.share * (r.result.inventory.offsets - repeated[r.mine]) for r in runs)
    own = sum(c.quantity for c in own_credits) - sum(x.units for x in repeats if x.holder == group_id)
    offsets = members + own
    s2 = sums["scope2_market"] if basis == "market" else sums["scope2_location"]
    return GroupInventory(
        **sums, scope2_basis=basis, scope3_included=any(r.result.inventory.scope3_included for r in runs),
        removals_by_kind=kinds, offsets=offsets, offsets_members=members, offsets_group=own,
        offsets_repeated=sum(r.share * repeated[r.mine] for r in runs) + sum(x.units for x in repeats if x.holder == group_id),
        offset_share=offset_share(offsets, sums["residual"]),
        neutrality=neutrality_ratios(sums["removals"] + offsets, sums["scope1"], s2, sums["scope3"]),
        by_gas=[GasTotal(gas=k, gas_t=v[0], tco2e=v[1]) for k, v in sorted(gases.items())],
        by_category=[CategoryTotal(scope=k[0], category=k[1], tco2e=v) for k, v in sorted(cats.items())])


class MemberContribution(BaseModel):
    """One member: its share under the approach and what it contributes to the group."""

    mine: str
    name_zh: str
    name_en: str | None = None
    category: str | None = None
    share: float
    basis_zh: str
    basis_en: str
    in_boundary: bool
    included: bool
    scope1: float = 0.0
    scope2_location: float = 0.0
    scope2_market: float = 0.0
    scope3: float = 0.0
    gross: float = 0.0
    removals: float = 0.0
    residual: float = 0.0
    offsets: float = 0.0
    offsets_repeated: float = 0.0
    energy_tce: float = 0.0
    gross_percent: float = 0.0  # of the group's gross
    weight: float = 0.0  # in the member-weighted means
    own_gross: float | None = None  # the mine's own figures (100 %)
    own_total: float | None = None
    own_grade: str | None = None
    own_offset_share: float | None = None

    @classmethod
    def outside(cls, mem, approach, period: Period, zh: str, en: str) -> MemberContribution:
        return cls(mine=mem.mine, name_zh=mem.name_zh or mem.mine, share=mem.share(approach) if mem.in_boundary(period) else 0.0,
                   basis_zh=zh, basis_en=en, in_boundary=mem.in_boundary(period), included=False)

    @classmethod
    def of(cls, run, mem, zh: str, en: str, repeated: float, group_gross: float) -> MemberContribution:
        inv, rec, s = run.result.inventory, run.record, run.share
        return cls(mine=run.mine, name_zh=rec.mine.name_zh, name_en=rec.mine.name_en, category=rec.mine.category,
                   share=s, basis_zh=zh, basis_en=en, in_boundary=True, included=True,
                   **{k: s * getattr(inv, k) for k in ("scope1", "scope2_location", "scope2_market", "scope3", "gross",
                                                        "removals", "residual", "energy_tce")},
                   offsets=s * (inv.offsets - repeated), offsets_repeated=s * repeated,
                   gross_percent=s * inv.gross / group_gross * 100 if group_gross > 0 else 0.0, weight=run.weight,
                   own_gross=inv.gross, own_total=run.result.total, own_grade=run.result.grade,
                   own_offset_share=inv.offset_share)


class GroupResult(BaseModel):
    """Everything computed for one group, one period, one approach."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    group_id: str
    name_zh: str
    name_en: str | None
    period: Period
    approach: str
    methodology: dict[str, str]
    inventory: GroupInventory
    indicators: list[IndicatorScore]
    basis: dict[str, str]  # indicator id -> recomputed | weighted_mean | group_entry
    groups: list[GroupScore]
    levels: list[LevelScore]
    total: float
    grade: str
    grade_by_score: str
    grade_by_offset: str
    findings: list[Finding]
    members: list[MemberContribution]
    base_year: BaseYearRecalculation | None = None
    member_results: list[Result] = []

    def contract(self, detail: bool = True) -> dict:
        """The public JSON contract (schema cnm-group-result/1)."""
        inv = self.inventory
        out = {
            "schema_version": GROUP_RESULT_SCHEMA,
            "methodology": self.methodology,
            "group": {"id": self.group_id, "name_zh": self.name_zh, "name_en": self.name_en},
            "period": self.period.label,
            "approach": self.approach,
            "inventory": inv.model_dump(mode="json"),
            **scores_contract(self, lambda i: {**indicator_contract(i), "basis": self.basis.get(i.id, "recomputed")}),
            "members": [mc.model_dump(mode="json") for mc in self.members],
            "base_year": self.base_year.model_dump(mode="json") if self.base_year else None,
        }
        if detail:
            out["indicator_formulas"] = {i.id: i.formula for i in self.indicators}
        return out
