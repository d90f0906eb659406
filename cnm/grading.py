"""Grades (R-9.2, G-5): the lower of the grade by score and the grade by offset share.

Bands are closed below and open above, with no rounding before comparison: 94.99 is not 95.
Only floating-point noise is removed: a figure is compared at PRECISION decimals, so a total of
59.999999999999993 (the same sum added in another order, as the workbook's native formulas do)
is 60. Below the last band the result is "not rated" (未达级).
"""

from __future__ import annotations

import math

NOT_RATED = "未达级"
NOT_RATED_EN = "Not rated"
#: decimals a score or offset share is compared at (floating-point summation noise only)
PRECISION = 9


def grade_by_score(score: float, bands) -> str:
    score = round(score, PRECISION)
    for b in bands:
        if score >= b.min_score:
            return b.grade
    return NOT_RATED


def grade_by_offset(offset_share: float, bands) -> str:
    offset_share = round(offset_share, PRECISION)
    for b in bands:
        if offset_share >= b.min_offset_share:
            return b.grade
    return NOT_RATED


def grade(score: float, offset_share: float, bands) -> str:
    """The grade: the worse of the two; `bands` are ordered best first (methodology.parameters.grades)."""
    order = [b.grade for b in bands] + [NOT_RATED]
    by_score = grade_by_score(score, bands)
    by_offset = grade_by_offset(offset_share, bands)
    return order[max(order.index(by_score), order.index(by_offset))]


def grade_en(g: str) -> str:
    return NOT_RATED_EN if g == NOT_RATED else g


def band_decimals(value: float, thresholds, digits: int, scale: float = 1.0) -> int:
    """Decimals to print `value` (times `scale`) with, at least `digits`, so that the printed
    figure, read back and graded as the grade is (at PRECISION decimals), lies on the same side of
    every threshold as the value: an offset share of 0.5996 prints 59.96%, not 60.0% beside "not
    rated" when C needs 60%. Usually `digits` itself; at most as many as the grading looks at."""
    def sides(x: float) -> tuple[bool, ...]:
        return tuple(round(x, PRECISION) >= t for t in thresholds)

    want = sides(value)
    last = PRECISION + max(0, round(math.log10(scale))) if scale > 0 else PRECISION
    for d in range(digits, last + 1):
        if sides(round(value * scale, d) / scale) == want:
            return d
    return last


def score_text(score: float, bands, digits: int = 2) -> str:
    """A total score as printed beside its grade: '89.996' (never '90.00' for 89.996 graded A)."""
    return f"{score:,.{band_decimals(score, [b.min_score for b in bands], digits)}f}"


def share_text(share: float, bands, digits: int = 1) -> str:
    """An offset share as printed beside its grade: '59.96%' for 0.5996 where C needs 60%."""
    d = band_decimals(share, [b.min_offset_share for b in bands], digits, scale=100)
    return f"{share * 100:,.{d}f}%"



class GradedFigures:
    """The total and offset share of a result (mine or group) as printed beside its grade; the
    class provides `total`, `inventory.offset_share` and `grade_bands()`."""

    def total_text(self) -> str:
        """'89.996', not '90.00', for a total graded A."""
        return score_text(self.total, self.grade_bands())

    def offset_share_text(self) -> str:
        """'59.96%', not '60.0%', for a share below C's 60%."""
        return share_text(self.inventory.offset_share, self.grade_bands())
