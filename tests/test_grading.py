"""Grade boundaries (R-9.2, G-5): closed below, open above, no rounding; the lower of the two grades."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cnm.grading import NOT_RATED, grade, score_text, share_text


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


@pytest.mark.parametrize(("score", "share", "shown"), [
    (69.46, 0.5996, ("69.46", "59.96%")),      # a share just under C's 60 % is not printed as 60.0 %
    (89.996, 0.95, ("89.996", "95.0%")),       # nor a score just under AA's 90 as 90.00
    (90.0, 0.94999, ("90.00", "94.999%")),
    (67.519, 0.0426, ("67.52", "4.3%")),       # away from an edge: the usual digits, rounded
    (60.0, 0.5999999999999, ("60.00", "60.0%")),  # summation noise counts as the edge itself (PRECISION)
    (89.9999999, 0.59999999, ("89.9999999", "59.999999%")),  # as many decimals as it takes, up to PRECISION
])
def test_figures_beside_a_grade_print_on_its_side_of_each_band_edge(bands, score, share, shown):
    assert (score_text(score, bands), share_text(share, bands)) == shown


@example(score=89.9999999, share=0.99)
@given(score=st.floats(0, 100), share=st.floats(0, 1.5))
def test_printed_figures_always_give_the_grade_printed_beside_them(score, share):
    """Whatever the figures, grading the printed ones gives the grade of the real ones."""
    from cnm.methodology import default_methodology

    bands = default_methodology().parameters.grades
    printed_score = float(score_text(score, bands).replace(",", ""))
    printed_share = float(share_text(share, bands).rstrip("%").replace(",", "")) / 100
    assert grade(printed_score, printed_share, bands) == grade(score, share, bands)
