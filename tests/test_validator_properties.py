"""Property tests: random edits of a good workbook never crash the validator. Whatever is typed
into any cell (input or computed), and whatever happens to the file's bytes, the outcome is a
list of coded, bilingual findings, never an internal error or an exception."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnm.findings import CODES as CORE_CODES
from tests import hostile
from tests.validator_corpus import locator, recalculated, workdir
from validator.codes import CODES
from validator.pipeline import validate_file
from workbook_templates.resolve import resolve

BASE = "wannan-limestone_2024"
_counter = itertools.count()


def _places() -> list[tuple[str, str]]:
    """(sheet title, coord) of every input cell (first table row) and every computed cell."""
    lay, loc = resolve(), locator()
    out = set()
    for p in {id(p): p for p in lay.by_name.values()}.values():
        cells = list(p.cells.values()) + [c for row in p.rows[:1] for c in row.values()]
        out.update((loc.titles[c.sheet], c.coord) for c in cells)
    return sorted(out)


PLACES = _places()
VALUES = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.sampled_from(["=1/0", "=cmd|' /C calc'!A0", "+SUM(1)", "-1e308", "@x", "万t", "t", "kg", "MWh", "实测", "是",
                     "2024-13-45", "CCER", "I08", "#N/A", "TRUE", "1E+400"]),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
)
FORMULAS = st.sampled_from(["1/0", "NA()", "SUM(A1:A3)", 'REPT("x",100)', "calc.total*2", "[1]Sheet1!A1",
                            "INDIRECT(\"A\"&ROW())", "TRUE()"])


def _check(outcome) -> None:
    assert "internal-error" not in [f.code for f in outcome.findings], outcome.findings
    for f in outcome.findings:
        assert f.code in CODES or f.code in CORE_CODES
        assert f.severity in ("error", "warning", "info") and f.message_zh and f.message_en
    assert outcome.ok == (not any(f.severity == "error" for f in outcome.findings))


def _validate(data: bytes):
    path = workdir("properties") / f"edit{next(_counter)}.xlsx"
    path.write_bytes(data)
    return validate_file(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(PLACES), st.one_of(VALUES, FORMULAS.map(lambda f: ("f", f)))),
                      min_size=1, max_size=4))
def test_random_cell_edits_never_crash_the_validator(edits):
    data = recalculated(BASE).read_bytes()
    for (sheet, coord), value in edits:
        if isinstance(value, tuple):
            data = hostile.set_cell(data, sheet, coord, formula=value[1])
        else:
            data = hostile.set_cell(data, sheet, coord, value)
    _check(_validate(data))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(min_value=0.0, max_value=1.0), flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)),
                                                                   max_size=8))
def test_damaged_bytes_never_crash_the_validator(cut, flips):
    data = bytearray(recalculated(BASE).read_bytes())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    if cut < 0.5:
        data = data[: int(len(data) * (0.5 + cut))]
    _check(_validate(bytes(data)))
