"""Grades (R-9.2, G-5): the lower of the grade by score and the grade by offset share.

Bands are closed below and open above, with no rounding before comparison: 94.99 is not 95.
Only floating-point noise is removed: a figure is compared at PRECISION decimals, so a total of
59.999999999999993 (the same sum added in another order, as the workbook's native formulas do)
is 60. Below the last band the result is "not rated" (未达级).
"""

from __future__ import annotations

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
