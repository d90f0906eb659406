"""The period a record is compared with (I03, I04) and the year-to-date target (I09).

R-4.2 asks the intensity to fall year on year; R-6.3 and R-8.1 re-assess every year or
half-year. Without history the record's `previous` block (what the workbook states) is used.
Given the records of earlier periods, the comparison figures are recomputed from them under
the methodology in use, and the stated block is checked against them (`previous-mismatch`).

Year on year: a full year is compared with the year before (or the sum of its two halves); a
half-year with the same half a year earlier, else with the previous full year scaled to six
months. Scaling (`previous-annualised`) is the only annualisation: it is needed for the decline
of total emissions (I04) when the two periods differ in length; intensities are ratios and need
none. Emissions and output are scaled together, so the intensity decline (I03) is unaffected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from cnm.accounting.inventory import Inventory, account, output_in
from cnm.findings import Finding, is_blocking, make
from cnm.record import Period, Record
from cnm.units import convert
from cnm.vocabulary import SCOPE2_BASIS

#: Stated previous figures within this relative distance of the recomputed ones agree (rounding).
MISMATCH_TOLERANCE = 0.005


@dataclass(frozen=True)
class PreviousFigures:
    """Gross emissions and output of the comparison period, scaled to the current period's length."""

    period: str
    gross: float
    output: float
    source: str  # "record" (recomputed from the earlier record) or "stated" (the previous block)
    scale: float = 1.0
    grids: dict[str, tuple[str, str, str]] | None = None  # Scope 2 basis -> its grid factor (zh, en, value), from a record

    @property
    def label(self) -> str:
        return self.period if self.scale == 1 else f"{self.period}×{self.scale:g}"


#: (id of an earlier record, id of a methodology) -> (the record, the methodology, its accounting), while
#: `earlier_accounted_once` is active; the record and methodology are kept so their ids stay theirs.
_ACCOUNTED: ContextVar[dict | None] = ContextVar("earlier_accounted", default=None)


@contextmanager
def earlier_accounted_once() -> Iterator[None]:
    """Within the block each earlier record is accounted once per methodology, however many times it
    is compared with: for a caller assessing many variants of one record against the same history
    (the planner). The history records must not change within the block."""
    token = _ACCOUNTED.set({})
    try:
        yield
    finally:
        _ACCOUNTED.reset(token)


def _account(record: Record, methodology) -> tuple[Inventory, list[Finding]]:
    """`account` of an earlier record, remembered within `earlier_accounted_once`."""
    memo = _ACCOUNTED.get()
    if memo is None:
        return account(record, methodology)
    key = (id(record), id(methodology))
    if key not in memo:
        memo[key] = (record, methodology, account(record, methodology))
    return memo[key][2]


def period_key(p: Period) -> tuple:
    """Chronological order: by end date, then the shorter period first."""
    return (p.end, p.months)


def earlier_keys(record: Record, history: Iterable[Record] | None) -> tuple[str, ...] | None:
    """The keys of the mine's records before `record` among `history` (None: no history given):
    what a result was assessed against, so a consolidation can tell whether it may reuse it."""
    if history is None:
        return None
    return tuple(sorted(r.key for r in history
                        if r.mine.id == record.mine.id and period_key(r.period) < period_key(record.period)))


def candidates(p: Period) -> list[Period]:
    """Comparison periods in order of preference (year on year)."""
    if p.half is None:
        return [Period(year=p.year - 1)]
    return [Period(year=p.year - 1, half=p.half), Period(year=p.year - 1)]


class _Earlier:
    """The earlier records of one mine, accounted once each."""

    def __init__(self, record: Record, history: Iterable[Record], methodology):
        self.m = methodology
        self.unit = methodology.rubric.categories[record.mine.category].output_unit
        self.by_label = {r.period.label: r for r in history
                         if r.mine.id == record.mine.id and r.period.label != record.period.label}
        self.findings: list[Finding] = []
        self._cache: dict[str, tuple[float, float, float, float] | None] = {}
        self._grids: dict[str, dict[str, tuple[str, str, str]]] = {}

    def grids(self, label: str) -> dict[str, tuple[str, str, str]] | None:
        """The grid factors of a period whose figures came from records (a year's halves: when both
        used the same ones; else None and no comparison is made)."""
        if label in self._grids:
            return self._grids[label]
        p = Period.parse(label)
        halves = [self._grids.get(f"{p.year}H{h}") for h in (1, 2)] if p.half is None else []
        return halves[0] if len(halves) == 2 and halves[0] == halves[1] else None

    def figures(self, label: str) -> tuple[float, float, float, float] | None:
        """(gross tCO2e, output, reductions tCO2e, energy tce) of a period: its record, or a
        year's two halves."""
        if label not in self._cache:
            self._cache[label] = self._compute(label)
        return self._cache[label]

    def _compute(self, label: str) -> tuple[float, float, float, float] | None:
        rec = self.by_label.get(label)
        if rec is not None:
            inv, found = _account(rec, self.m)
            errors = [f for f in found if is_blocking(f)]
            if errors:
                self.findings.append(make("previous-record-invalid", "previous", key=rec.key,
                                          problem=f"{errors[0].loc}: {errors[0].message_en}"))
                return None
            self._grids[label] = scope2_grids(inv)
            return inv.gross, output_in(rec, self.unit), inv.reductions, inv.energy_tce
        p = Period.parse(label)
        if p.half is None:
            halves = [self.figures(f"{p.year}H{h}") for h in (1, 2)]
            if all(halves):
                return tuple(sum(x) for x in zip(*halves, strict=True))
        return None


def _stated(record: Record, unit: str) -> tuple[Period, float, float, float | None] | None:
    """(period, gross t, output, energy tce or None) as the record's previous block states them."""
    p = record.previous
    if p is None:
        return None
    energy = convert(p.energy.value, p.energy.unit, "tce", "previous.energy") if p.energy is not None else None
    return (Period.parse(p.period), convert(p.gross_emissions.value, p.gross_emissions.unit, "t", "previous.gross_emissions"),
            convert(p.output.value, p.output.unit, unit, "previous.output"), energy)


def _scaled(record: Record, period: Period, gross: float, output: float, source: str,
            findings: list[Finding], grids: dict[str, tuple[str, str, str]] | None = None) -> PreviousFigures:
    scale = record.period.months / period.months
    if scale != 1:
        findings.append(make("previous-annualised", "previous", current=record.period.label, previous=period.label,
                             factor=f"{record.period.months}/{period.months}"))
    return PreviousFigures(period.label, gross * scale, output * scale, source, scale, grids)


def scope2_grids(inventory) -> dict[str, tuple[str, str, str]]:
    """Scope 2 basis ('location', 'market') -> (zh name, en name, value) of the library grid
    factor its purchased-electricity line used (a supplier's own rate is not a grid factor)."""
    out = {}
    for ln in inventory.lines:
        if ln.key.startswith("S2.electricity.") and ln.factors and ln.factors[0].set_id != "measured":
            f = ln.factors[0]
            out[ln.basis] = (f.name_zh, f.name_en, f"{f.value}" + (f", {f.year}" if f.year else ""))
    return out


def _check_stated(record: Record, stated, earlier: _Earlier, findings: list[Finding]) -> None:
    period, gross, output, energy = stated
    figs = earlier.figures(period.label)
    if figs is None:
        return
    for what_zh, what_en, loc, said, computed in (("排放总量", "gross emissions", "previous.gross_emissions", gross, figs[0]),
                                                  ("产量", "output", "previous.output", output, figs[1]),
                                                  ("能源消费总量", "energy use", "previous.energy", energy, figs[3])):
        if said is None:
            continue
        if abs(said - computed) > MISMATCH_TOLERANCE * max(abs(computed), 1e-9):
            diff = (said - computed) / computed * 100 if computed else float("inf")
            findings.append(make("previous-mismatch", loc, period=period.label, what_zh=what_zh, what_en=what_en,
                                 stated=f"{said:,.1f}", computed=f"{computed:,.1f}", diff=f"{diff:+.1f}"))


def resolve_previous(record: Record, methodology, history: Iterable[Record] | None = None
                     ) -> tuple[PreviousFigures | None, list[Finding]]:
    """The comparison figures for I03/I04 and the findings on how they were obtained."""
    unit = methodology.rubric.categories[record.mine.category].output_unit
    stated = _stated(record, unit)
    findings: list[Finding] = []
    if history is None:
        if stated is None:
            return None, findings
        return _scaled(record, stated[0], stated[1], stated[2], "stated", findings), findings
    earlier = _Earlier(record, history, methodology)
    if stated is not None:
        _check_stated(record, stated, earlier, findings)
    for cand in candidates(record.period):
        figs = earlier.figures(cand.label)
        if figs is not None:
            result = _scaled(record, cand, figs[0], figs[1], "record", findings, earlier.grids(cand.label))
            return result, earlier.findings + findings
    if stated is not None:
        findings.append(make("previous-not-in-history", "previous", period=stated[0].label))
        return _scaled(record, stated[0], stated[1], stated[2], "stated", findings), earlier.findings + findings
    return None, earlier.findings + findings


def year_to_date_reductions(record: Record, reductions: float, methodology, history: Iterable[Record] | None
                            ) -> tuple[float | None, list[Finding]]:
    """H2 with the same target as H1 of its year: the target is annual, completion counts both halves."""
    target = record.targets.reduction_target
    if history is None or record.period.half != 2 or target is None:
        return None, []
    first = next((r for r in history if r.mine.id == record.mine.id and r.period.year == record.period.year
                  and r.period.half == 1), None)
    if first is None or first.targets.reduction_target is None:
        return None, []
    t1 = convert(first.targets.reduction_target.value, first.targets.reduction_target.unit, "t", "targets.reduction_target")
    t2 = convert(target.value, target.unit, "t", "targets.reduction_target")
    if abs(t1 - t2) > 1e-9 * max(t1, t2, 1.0):
        return None, []
    inv, found = _account(first, methodology)
    if any(is_blocking(f) for f in found):
        return None, []
    achieved = inv.reductions + reductions
    return achieved, [make("target-year-to-date", "targets.reduction_target", first=first.period.label,
                           second=record.period.label, achieved=f"{achieved:,.1f}")]


def grid_changed(inventory, previous: PreviousFigures | None) -> list[Finding]:
    """A warning per Scope 2 basis whose grid factor is another grid's than in the period compared
    with (a province's series one year, a regional grid's the next: the published series changed
    granularity). On the basis gross emissions use, part of the change in gross and in I03/I04 is
    the factor's, not the mine's; on the other basis only that Scope 2 figure is affected."""
    if previous is None or not previous.grids:
        return []
    out = []
    gross_basis = inventory.scope2_basis
    for basis, now in sorted(scope2_grids(inventory).items()):
        before = previous.grids.get(basis)
        if before is None or before[0] == now[0]:
            continue
        (b_zh, b_en), (g_zh, g_en) = SCOPE2_BASIS[basis], SCOPE2_BASIS[gross_basis]
        if basis == gross_basis:
            effect_zh = "排放总量及强度、总量的同比下降率有一部分来自因子的变化，而非矿山本身"
            effect_en = ("part of the change in gross emissions and in the year-on-year intensity and emissions "
                         "declines comes from the factor, not the mine")
        else:
            effect_zh = f"只影响{b_zh}的范围二排放；排放总量按{g_zh}的范围二计，不受影响"
            effect_en = f"this affects {b_en} Scope 2 only; gross emissions use {g_en} Scope 2 and are unaffected"
        out.append(make("previous-grid-changed", "electricity.purchased", period=previous.period, basis_zh=b_zh,
                        basis_en=b_en, before_zh=before[0], before_en=before[1], before=before[2], now_zh=now[0],
                        now_en=now[1], now=now[2], effect_zh=effect_zh, effect_en=effect_en))
    return out


def rising_intensity(indicators, previous: PreviousFigures | None) -> list[Finding]:
    """R-4.2: a warning when the intensity decline (I03) is negative."""
    i03 = next((i for i in indicators if i.metric == "intensity_decline"), None)
    if previous is None or i03 is None or i03.metric_value is None or i03.metric_value >= 0:
        return []
    return [make("intensity-rising", "previous", period=previous.period, change=f"{-i03.metric_value:.1f}")]
