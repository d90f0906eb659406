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
from cnm.grading import GradedFigures
from cnm.group import APPROACH_ZH
from cnm.group_scoring import BASIS
from cnm.record import Period
from cnm.result import Result, indicator_contract, scores_contract
from cnm.scoring import GroupScore, IndicatorScore, LevelScore
from cnm.trace import FIGURES_ZH, TraceItem, grade_items, inp, item, neutrality_items, offset_share_item, score_items

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


class GroupResult(GradedFigures, BaseModel):
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

    def grade_bands(self) -> list:
        """The grade bands the members were graded against (one methodology), [] without members."""
        return self.member_results[0].grade_bands() if self.member_results else []

    def trace(self) -> list[TraceItem]:
        """The group's figures with their formulas and inputs (R-4.1, R-6.1): inventory totals as
        share x member figure, offsets counted once, neutrality per scope, indicator scores by the
        group's rule, formulas (1) and (2), level subtotals and the grade (R-9.2)."""
        inv, t = self.inventory, "tCO2e"
        shares = {mc.mine: mc.share for mc in self.members if mc.included}
        runs = [(r.record.mine.id, shares.get(r.record.mine.id, 0.0), r) for r in self.member_results]
        src, src_zh = f"consolidation: {self.approach}", f"合并方法：{APPROACH_ZH.get(self.approach, self.approach)}"

        def summed(name: str, en: str, unit: str = t, get=None) -> TraceItem:
            get = get or (lambda r: getattr(r.inventory, name))
            what = FIGURES_ZH[name]
            ins = [x for mine, s, r in runs for x in (inp(f"{mine} share", s, "fraction", src, zh=f"{mine} 份额",
                                                          source_zh=src_zh),
                                                      inp(f"{mine} {name}", get(r), unit, f"member {mine}",
                                                          zh=f"{mine} {what}", source_zh=f"成员 {mine}"))]
            return item(f"inventory.{name}" if name != "energy_tce" else name, what, en, getattr(inv, name), unit,
                        f"sum over the members of share x the member's {name}", ins,
                        formula_zh=f"各成员（份额 x 成员{what}）之和")

        s2 = "scope2_market" if inv.scope2_basis == "market" else "scope2_location"
        items = [
            summed("scope1", "Scope 1 emissions"),
            summed("scope2_location", "Scope 2 emissions (location-based)"),
            summed("scope2_market", "Scope 2 emissions (market-based)"),
            summed("scope3", "Scope 3 emissions"),
            summed("gross", "Gross emissions"),
            summed("removals", "In-boundary removals"),
            summed("reductions", "Self-achieved reductions"),
            summed("residual", "Residual emissions"),
            item("inventory.offsets", FIGURES_ZH["offsets"], "Valid offsets", inv.offsets, t,
                 "members' valid offsets at their shares, serials counted once, + the group's own credits",
                 (inp("members", inv.offsets_members, t, "share x (member offsets - repeated serials)", zh="各成员",
                      source_zh=f"份额 x（成员{FIGURES_ZH['offsets']} - 重复序列号）"),
                  inp("group", inv.offsets_group, t, "credits the group retired", zh="集团自有",
                      source_zh="集团自行注销的碳信用"),
                  inp("repeated (not counted)", inv.offsets_repeated, t, "cnm.offsets.count_once", zh="重复（不计入）")),
                 formula_zh=f"各成员{FIGURES_ZH['offsets']}按份额计（同一序列号只计一次）+ 集团自行注销的碳信用"),
            offset_share_item(inv),
            *neutrality_items(inv, s2, getattr(inv, s2)),
            summed("energy_tce", "Total energy consumption", "tce"),
        ]
        formed = {i.id: self.basis.get(i.id, "recomputed") for i in self.indicators}
        items += [item(f"indicator.{i.id}", i.name_zh, i.name_en, i.score, "points", f"{formed[i.id]}: {i.formula}",
                       i.inputs, formula_zh=f"{BASIS[formed[i.id]][0]}：{i.formula_zh or i.formula}")
                  for i in self.indicators]
        basis = self.member_results[0].trace_basis() if self.member_results else None
        items += score_items(self.groups, self.levels, self.total, self.indicators,
                             basis.methodology if basis else self.methodology.get("name", ""),
                             basis.methodology_en if basis else "")
        return items + grade_items(self, inv.offset_share, basis)

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
            out["trace"] = [t.model_dump(mode="json") for t in self.trace()]  # every figure's formula and inputs
        return out
