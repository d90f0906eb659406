"""Which credits count (R-7.3, G-7), and serial ranges claimed twice."""

from __future__ import annotations

import pytest

from cnm.offsets import duplicate_serials, evaluate_credits, serial_range
from cnm.result import assess
from tests.conftest import make_record

GOOD = {"programme": "CCER", "project_id": "P1", "serial_start": "CN-1-00000001", "serial_end": "CN-1-00000100",
        "vintage": 2022, "quantity": 100, "retirement_date": "2025-02-01", "beneficiary": "测试矿山"}


def status(*credits, year=2024):
    rec = make_record(period={"year": year}, offsets=[{**GOOD, **c} for c in credits])
    return evaluate_credits(rec, 3, ("CCER", "CEA", "CDM", "VCS", "GS", "external_sink"))


def codes(st):
    return {f.code for f in st.findings}


def test_valid_credit_counts():
    (s,) = status({})
    assert s.counted and s.quantity == 100 and not s.findings


@pytest.mark.parametrize(("change", "code"), [
    ({"programme": "other"}, "offset-programme"),
    ({"retirement_date": None}, "offset-not-retired"),
    ({"vintage": 2020}, "offset-expired"),
    ({"vintage": 2025}, "offset-future-vintage"),
    ({"beneficiary": "别的矿山"}, "offset-beneficiary"),
])
def test_invalid_credit_is_not_counted(change, code):
    (s,) = status(change)
    assert not s.counted and code in codes(s)


def test_three_year_window_is_inclusive():
    (s,) = status({"vintage": 2021})
    assert s.counted


def test_beneficiary_matches_id_code_and_full_width_spaces():
    (s,) = status({"beneficiary": " test-mine "})
    assert s.counted
    (s,) = status({"beneficiary": "测试　矿山"})  # ideographic space
    assert s.counted


def test_overlapping_serial_range_counts_once():
    a, b = status({}, {"serial_start": "CN-1-00000050", "serial_end": "CN-1-00000149"})
    assert a.counted and not b.counted
    assert "offset-duplicate-serial" in codes(b)


def test_adjacent_ranges_do_not_overlap():
    a, b = status({}, {"serial_start": "CN-1-00000101", "serial_end": "CN-1-00000200"})
    assert a.counted and b.counted


def test_range_size_differing_from_quantity_warns_but_counts():
    (s,) = status({"quantity": 90})
    assert s.counted and "offset-serial-quantity" in codes(s)


def test_serial_parsing():
    from cnm.record import OffsetCredit
    c = OffsetCredit(**{**GOOD, "serial_end": "CN-1-00000009"})
    assert serial_range(c).start == 1 and serial_range(c).end == 9


def test_duplicates_across_a_batch():
    r1 = make_record(offsets=[GOOD])
    r2 = make_record(mine={"id": "other-mine", "name_zh": "另一矿"}, offsets=[{**GOOD, "beneficiary": "另一矿"}])
    r3 = make_record(mine={"id": "third", "name_zh": "第三矿"},
                     offsets=[{**GOOD, "serial_start": "CN-1-00000500", "serial_end": "CN-1-00000600", "quantity": 101}])
    clashes = duplicate_serials([r1, r2, r3])
    assert clashes == [("other-mine/2024", 0, "test-mine/2024", 0)]


def test_only_valid_credits_enter_the_inventory(methodology):
    rec = make_record(fuels=[{"fuel": "diesel", "value": 100, "unit": "t"}],
                      offsets=[GOOD, {**GOOD, "serial_start": "X-1", "serial_end": "X-50", "quantity": 50, "vintage": 2019}])
    r = assess(rec, methodology)
    assert r.inventory.offsets == 100
    assert any(f.code == "offset-expired" and f.loc == "offsets[1].vintage" for f in r.findings)
