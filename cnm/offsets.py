"""Offset credits (R-7.3, G-7): which credits count, and serial ranges claimed twice.

A credit counts when its programme is recognised, it is retired (a retirement date), its
vintage is within the validity window (period year - validity years .. period year), it was
retired for this mine, and its serial range was not already claimed by an earlier row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cnm.findings import Finding, make
from cnm.record import OffsetCredit, Record

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


@dataclass(frozen=True)
class SerialRange:
    prefix: str
    start: int
    end: int
    exact: bool = True  # False when the serials could not be read as a numbered range

    def overlaps(self, other: SerialRange) -> bool:
        return self.prefix == other.prefix and self.start <= other.end and other.start <= self.end

    @property
    def units(self) -> int:
        return self.end - self.start + 1


def serial_range(credit: OffsetCredit) -> SerialRange | None:
    """Parse 'CCER-001-000100'..'CCER-001-000199' into a prefix and numbers; None if absent."""
    if not credit.serial_start:
        return None
    a = _TRAILING_NUMBER.match(credit.serial_start.strip())
    b = _TRAILING_NUMBER.match((credit.serial_end or credit.serial_start).strip())
    ns = f"{credit.programme}|{credit.project_id or ''}|"
    if a and b and a.group(1) == b.group(1):
        lo, hi = sorted((int(a.group(2)), int(b.group(2))))
        return SerialRange(ns + a.group(1), lo, hi)
    text = f"{credit.serial_start}..{credit.serial_end or ''}"
    return SerialRange(ns + text, 0, 0, exact=False)


def normalise_name(text: str | None) -> str:
    """NFKC, no format characters or spaces, case-folded: for comparing names."""
    t = unicodedata.normalize("NFKC", text or "")
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Cf" and not ch.isspace())
    return t.casefold()


@dataclass
class CreditStatus:
    index: int
    credit: OffsetCredit
    counted: bool
    findings: list[Finding] = field(default_factory=list)

    @property
    def quantity(self) -> float:
        return self.credit.quantity if self.counted else 0.0


def evaluate_credits(record: Record, validity_years: int, programmes: tuple[str, ...]) -> list[CreditStatus]:
    """The status of every credit of a record, in order."""
    mine = record.mine
    names = {normalise_name(x) for x in (mine.name_zh, mine.name_en, mine.id, mine.code) if x}
    year = record.period.year
    claimed: list[tuple[int, SerialRange]] = []
    out = []
    for i, c in enumerate(record.offsets):
        loc = f"offsets[{i}]"
        found: list[Finding] = []
        if c.programme not in programmes:
            found.append(make("offset-programme", f"{loc}.programme", programme=c.programme))
        if c.retirement_date is None:
            found.append(make("offset-not-retired", f"{loc}.retirement_date"))
        if c.vintage > year:
            found.append(make("offset-future-vintage", f"{loc}.vintage", vintage=c.vintage))
        elif year - c.vintage > validity_years:
            found.append(make("offset-expired", f"{loc}.vintage", vintage=c.vintage, years=validity_years))
        if normalise_name(c.beneficiary) not in names:
            found.append(make("offset-beneficiary", f"{loc}.beneficiary", beneficiary=c.beneficiary or "—"))
        rng = serial_range(c)
        if rng is not None:
            for j, other in claimed:
                if rng.overlaps(other):
                    found.append(make("offset-duplicate-serial", f"{loc}.serial_start",
                                      serial=f"{c.serial_start}..{c.serial_end or c.serial_start}", other=j + 1))
                    break
            else:
                claimed.append((i, rng))
            units = rng.end - rng.start + 1
            if rng.end and abs(units - c.quantity) > 1e-6:
                found.append(make("offset-serial-quantity", f"{loc}.quantity", units=units, quantity=c.quantity))
        blocking = [f for f in found if f.code != "offset-serial-quantity"]
        out.append(CreditStatus(i, c, counted=not blocking, findings=found))
    return out


def duplicate_serials(records: list[Record]) -> list[tuple[str, int, str, int]]:
    """Serial ranges claimed in more than one record of a batch: (key, row, other key, other row)."""
    seen: list[tuple[str, int, SerialRange]] = []
    clashes = []
    for rec in records:
        for i, c in enumerate(rec.offsets):
            rng = serial_range(c)
            if rng is None:
                continue
            for key, j, other in seen:
                if key != rec.key and rng.overlaps(other):
                    clashes.append((rec.key, i, key, j))
            seen.append((rec.key, i, rng))
    return clashes


@dataclass(frozen=True)
class RepeatedClaim:
    """Units of a counted credit already claimed by an earlier holder (G-7: a credit counts once)."""

    holder: str
    row: int
    other_holder: str
    other_row: int
    serial: str
    units: float


def _covered(rng: SerialRange, claimed: list[SerialRange]) -> int:
    """How many units of `rng` lie in the union of the earlier ranges with its prefix."""
    spans = sorted((max(c.start, rng.start), min(c.end, rng.end)) for c in claimed if c.overlaps(rng))
    total, reach = 0, rng.start - 1
    for lo, hi in spans:
        lo = max(lo, reach + 1)
        if hi >= lo:
            total += hi - lo + 1
            reach = hi
    return total


def count_once(holders: list[tuple[str, list[CreditStatus]]]) -> list[RepeatedClaim]:
    """Counted credits whose serials an earlier holder (in the order given) already counted.

    Across the mines of a group (and the group's own retirements) a serial counts once: the
    first holder keeps it, each later one loses the units already claimed (the whole quantity
    when its serials are not a numbered range).
    """
    claimed: dict[str, list[tuple[str, int, SerialRange]]] = {}  # by prefix: only those can overlap
    out = []
    for holder, credits in holders:
        for c in credits:
            rng = serial_range(c.credit)
            if not c.counted or rng is None:
                continue
            same = claimed.setdefault(rng.prefix, [])
            earlier = [(h, j, r) for h, j, r in same if r.overlaps(rng)]
            if earlier:
                units = float(_covered(rng, [r for _, _, r in earlier])) if rng.exact else c.quantity
                h, j, _ = earlier[0]
                serial = f"{c.credit.serial_start}..{c.credit.serial_end or c.credit.serial_start}"
                out.append(RepeatedClaim(holder, c.index, h, j, serial, min(units, c.quantity)))
            same.append((holder, c.index, rng))
    return out
