"""Grade boundaries (R-9.2, G-5): closed below, open above, no rounding; the lower of the two grades."""

from __future__ import annotations

import pytest

from cnm.grading import NOT_RATED, grade


@pytest.fixture(scope="module")
def bands(methodology):
    return methodology.parameters.grades


@pytest.mark.parametrize(("score", "share", "expected"), [
    (95, 1.00, "AAA"),
    (100, 1.20, "AAA"),
    (94.99, 1.00, "AA"),
    (95, 0.9999, "AA"),
    (90, 0.95, "AA"),
    (89.99, 0.95, "A"),
    (90, 0.9499, "A"),
    (85, 0.90, "A"),
    (84.99, 0.90, "B"),
    (85, 0.8999, "B"),
    (70, 0.80, "B"),
    (69.99, 0.80, "C"),
    (70, 0.7999, "C"),
    (60, 0.60, "C"),
    (59.99, 0.60, NOT_RATED),
    (60, 0.5999, NOT_RATED),
    (92, 1.00, "AA"),   # READING: 92 points and 100 % offset is AA, not capped by "95-99 %"
    (99, 0.61, "C"),
    (0, 0, NOT_RATED),
])
def test_grade_boundaries(bands, score, share, expected):
    assert grade(score, share, bands) == expected
