"""Base-year recalculation after structural changes (GHG Protocol Corporate Standard, ch. 5).

When the group acquires or sells a mine, its base-year emissions are restated as if the new
structure had held in the base year, so that the comparison stays like for like:

* acquisition of a mine that existed in the base year: + share x the mine's base-year emissions;
  a mine built after the base year (`existed_in_base_year: false`): no recalculation;
* divestment: - share x the mine's base-year emissions;
* a change of stake or control (`stake_changes`): + (new share - base-year share) x the mine's
  base-year emissions (a transfer of ownership is a structural change);
* organic growth or decline: never recalculated;
* significance: recalculate only when the structural changes together reach the group's
  threshold (`significance_threshold_percent`, default 5 %). Changes are added up as absolute
  values: an acquisition and a sale of similar size both break the like-for-like comparison
  even though they cancel in the total;
* a change during a year counts for the whole base year (ch. 5, timing of recalculations).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from cnm.accounting.inventory import account
from cnm.findings import Finding, is_blocking, make
from cnm.grading import band_decimals
from cnm.record import Period
from cnm.units import convert


class Adjustment(BaseModel):
    """One structural change and what it changes in the base year (tCO2e, signed)."""

    mine: str
    kind: Literal["acquisition", "divestment", "stake_change"]
    date: dt.date | None = None
    share: float  # the share acquired, sold, or gained (negative: given up) in a stake change
    base_year_gross: float | None = None  # the mine's own base-year emissions (100 %)
    source: str = ""  # "record 2022", "stated in the group file", or "" when missing
    amount: float = 0.0
    note: str = ""


class BaseYearRecalculation(BaseModel):
    base_year: int
    threshold_percent: float
    original: float
    adjustments: list[Adjustment]
    change_percent: float
    significant: bool
    recalculated: float
    used: float  # the recalculated figure when significant, else the original one
    complete: bool = True
    current_period: str | None = None
    current_gross: float | None = None
    annualised: bool = False  # a half-year's gross was doubled to compare with the base year
    change_vs_base_percent: float | None = None  # (current - base) / base x 100; negative is a fall


def recalculate(base_year: int, original: float, adjustments: list[Adjustment], threshold_percent: float,
                complete: bool = True) -> BaseYearRecalculation:
    """Apply structural adjustments to base-year emissions if they are significant together."""
    moved = sum(abs(a.amount) for a in adjustments)
    change = moved / original * 100 if original > 0 else (100.0 if moved > 0 else 0.0)
    significant = moved > 0 and change >= threshold_percent
    recalculated = original + sum(a.amount for a in adjustments)
    return BaseYearRecalculation(base_year=base_year, threshold_percent=threshold_percent, original=original,
                                 adjustments=adjustments, change_percent=change, significant=significant,
                                 recalculated=recalculated, used=recalculated if significant else original,
                                 complete=complete)


def _base_gross(member, base: Period, by_mine, methodology) -> tuple[float | None, str]:
    recs = {r.period.label: r for r in by_mine.get(member.mine, [])}
    parts = [recs[base.label]] if base.label in recs else [recs.get(f"{base.year}H1"), recs.get(f"{base.year}H2")]
    if all(parts):
        total = 0.0
        for rec in parts:
            inv, found = account(rec, methodology)
            if any(is_blocking(f) for f in found):
                break
            total += inv.gross
        else:
            return total, f"record {base.label}"
    if member.base_year_emissions is not None:
        a = member.base_year_emissions
        return convert(a.value, a.unit, "t", "base_year_emissions"), "stated in the group file"
    return None, ""


def _change(mem, then: bool, now: bool, base: Period, period: Period) -> tuple[str, dt.date | None]:
    """What moved a member's share between the base year and `period`, and when."""
    if now and not then and not (mem.acquired is None and mem.stake_changes):
        return "acquisition", mem.acquired
    if then and not now and mem.divested:
        return "divestment", mem.divested
    moved = [c.date for c in mem.stake_changes if base.end < c.date <= period.end]
    return "stake_change", (moved[-1] if moved else None)


def group_base_year(group, approach, period: Period, by_mine, current_gross: float, methodology
                    ) -> tuple[BaseYearRecalculation | None, list[Finding]]:
    """The group's base year under the structure of `period`, recalculated if significant."""
    if group.base_year is None or period.year < group.base_year:
        return None, []
    base = Period(year=group.base_year)
    findings: list[Finding] = []
    complete = True
    original = 0.0
    adjustments = []
    for mem in group.members:
        share_then, share_now = mem.held_share(approach, base), mem.held_share(approach, period)
        then, now = share_then > 0, share_now > 0
        if not (then or now):
            continue
        if now and not then and not mem.existed_in_base_year:
            adjustments.append(Adjustment(mine=mem.mine, kind="acquisition", date=mem.acquired, share=share_now,
                                          note="did not exist in the base year: no recalculation"))
            continue
        gross, source = _base_gross(mem, base, by_mine, methodology)
        if gross is None:
            complete = False
            findings.append(make("base-year-figure-missing", f"members.{mem.mine}", mine=mem.mine, year=base.year))
        original += share_then * (gross or 0.0)
        if share_then != share_now:
            kind, date = _change(mem, then, now, base, period)
            moved = share_now - share_then
            adjustments.append(Adjustment(mine=mem.mine, kind=kind, date=date,
                                          share=moved if kind == "stake_change" else max(share_then, share_now),
                                          base_year_gross=gross, source=source, amount=moved * (gross or 0.0)))
    out = recalculate(base.year, original, adjustments, group.significance_threshold_percent, complete)
    scale = 12 / period.months
    out = out.model_copy(update={
        "current_period": period.label, "current_gross": current_gross, "annualised": scale != 1,
        "change_vs_base_percent": (current_gross * scale - out.used) / out.used * 100 if out.used > 0 else None})
    if any(a.amount for a in adjustments):
        code = "base-year-recalculated" if out.significant else "base-year-not-recalculated"
        d = band_decimals(out.change_percent, [out.threshold_percent], 1)  # 12.41 below 12.42, not "12.4 reaches"
        findings.append(make(code, "base_year", change=f"{out.change_percent:.{d}f}", threshold=f"{out.threshold_percent:g}",
                             year=base.year, original=f"{out.original:,.0f}", recalculated=f"{out.recalculated:,.0f}"))
    return out, findings
