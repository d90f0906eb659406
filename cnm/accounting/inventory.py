"""The inventory: lines by scope, gas and source; gross, removals, residual, offsets and the
offset share exactly as G-6 defines them; energy in tce.

gross     = Scope 1 + Scope 2 (market- or location-based, a methodology parameter)
            + Scope 3 where the mine declares it (G-6)
removals  = in-boundary removals: backfill CO2 fixation, CCUS storage, restoration sinks
residual  = gross - removals
offsets   = valid retired credits, allowances and external sinks (G-7)
share     = offsets / residual, or 1 when residual <= 0
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from cnm.accounting.combustion import account_fuels
from cnm.accounting.context import Ctx, EmissionLine, EnergyLine
from cnm.accounting.fugitive import account_coal, account_oil_gas
from cnm.accounting.power import account_electricity, account_heat
from cnm.accounting.process import account_carbonates, account_explosives, account_fgases, account_scope3
from cnm.findings import Finding
from cnm.offsets import CreditStatus, evaluate_credits
from cnm.record import Record
from cnm.units import convert

STEPS = (account_fuels, account_electricity, account_heat, account_coal, account_oil_gas,
         account_carbonates, account_explosives, account_fgases, account_scope3)


class GasTotal(BaseModel):
    """One gas: its mass and tCO2e. Gas CO2E ('CO2e') collects the lines the mine reports directly
    in tCO2e (Scope 3): not a gas, and its `gas_t` is the tCO2e, not a gas mass (a report shows the
    row as reported in CO2e, without a gas mass)."""

    gas: str
    gas_t: float
    tco2e: float


class CategoryTotal(BaseModel):
    scope: int
    category: str
    tco2e: float


class Inventory(BaseModel):
    """Figures in tCO2e (offset_share and neutrality ratios as fractions, 1 = 100 %)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
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
    offset_share: float
    neutrality: dict[str, float | None]
    by_gas: list[GasTotal]
    by_category: list[CategoryTotal]
    energy_tce: float
    electricity_tce: float
    renewable_tce: float
    lines: list[EmissionLine]
    energy_lines: list[EnergyLine]
    credits: list[CreditStatus]
    findings: list[Finding]


def _sum(lines, **match) -> float:
    return sum(ln.tco2e for ln in lines if all(getattr(ln, k) == v for k, v in match.items()))


def _ratio(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def neutrality_ratios(compensation: float, s1: float, s2: float, s3: float) -> dict[str, float | None]:
    """Removals + offsets against Scope 1, 1+2 and 1+2+3 (G-6, ch. 7.2 "不同核算范围内的碳中和比例")."""
    return {"scope1": _ratio(compensation, s1), "scope1_2": _ratio(compensation, s1 + s2),
            "scope1_2_3": _ratio(compensation, s1 + s2 + s3)}


def offset_share(offsets: float, residual: float) -> float:
    """Offsets / residual, or 1 when residual <= 0 (G-6)."""
    return offsets / residual if residual > 0 else 1.0


def account(record: Record, methodology) -> tuple[Inventory, list[Finding]]:
    """Compute the inventory; returns it with every finding (errors included, not raised)."""
    ctx = Ctx(record=record, methodology=methodology)
    for step in STEPS:
        step(ctx)
    lines = ctx.lines
    params = methodology.parameters
    s1 = _sum(lines, scope=1)
    s2_loc = sum(ln.tco2e for ln in lines if ln.scope == 2 and ln.basis in ("location", "both"))
    s2_mkt = sum(ln.tco2e for ln in lines if ln.scope == 2 and ln.basis in ("market", "both"))
    s3 = _sum(lines, scope=3)
    s3_in = 3 in record.boundary.scopes
    s2 = s2_mkt if params.scope2_basis_for_gross == "market" else s2_loc
    gross = s1 + s2 + (s3 if s3_in else 0.0)
    by_kind: dict[str, float] = {}
    for i, r in enumerate(record.removals):
        t = ctx.amount(r.amount, "t", f"removals[{i}].amount")
        if t is not None:
            by_kind[r.kind] = by_kind.get(r.kind, 0.0) + t
    removals = sum(by_kind.values())
    reductions = sum(ctx.amount(r.amount, "t", f"reductions[{i}].amount") or 0.0
                     for i, r in enumerate(record.reductions))
    residual = gross - removals
    credits = evaluate_credits(record, params.offset_validity_years, params.recognised_programmes)
    offsets = sum(c.quantity for c in credits)
    share = offset_share(offsets, residual)
    compensation = removals + offsets
    gases: dict[str, list[float]] = {}
    for ln in lines:
        g = gases.setdefault(ln.gas, [0.0, 0.0])
        if ln.scope == 2 and ln.basis != "both" and ln.basis != params.scope2_basis_for_gross:
            continue
        g[0] += ln.gas_t
        g[1] += ln.tco2e
    cats: dict[tuple[int, str], float] = {}
    for ln in lines:
        if ln.scope == 2 and ln.basis != "both" and ln.basis != params.scope2_basis_for_gross:
            continue
        cats[(ln.scope, ln.category)] = cats.get((ln.scope, ln.category), 0.0) + ln.tco2e
    energy = ctx.energy
    findings = _dedupe(ctx.findings + [f for c in credits for f in c.findings])
    inv = Inventory(
        scope1=s1, scope2_location=s2_loc, scope2_market=s2_mkt, scope2_basis=params.scope2_basis_for_gross,
        scope3=s3, scope3_included=s3_in, gross=gross, removals=removals, removals_by_kind=by_kind,
        residual=residual, reductions=reductions, offsets=offsets, offset_share=share,
        neutrality=neutrality_ratios(compensation, s1, s2, s3),
        by_gas=[GasTotal(gas=k, gas_t=v[0], tco2e=v[1]) for k, v in sorted(gases.items())],
        by_category=[CategoryTotal(scope=k[0], category=k[1], tco2e=v) for k, v in sorted(cats.items())],
        energy_tce=sum(e.tce for e in energy),
        electricity_tce=sum(e.tce for e in energy if e.kind == "electricity"),
        renewable_tce=sum(e.tce for e in energy if e.renewable),
        lines=lines, energy_lines=energy, credits=credits, findings=findings,
    )
    return inv, findings


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        k = (f.code, f.loc, f.message_en)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def output_in(record: Record, unit: str) -> float:
    """The record's output in the category's output unit."""
    out = record.production.output
    return convert(out.value, out.unit, unit, "production.output")
