"""The demo records: valid, scored, realistic, and consistent with each other."""

from __future__ import annotations

from collections import defaultdict

import pytest

from cnm.offsets import duplicate_serials
from cnm.record_io import load_record
from cnm.result import assess
from tests.conftest import DEMO_RECORDS

CATEGORIES = {"coal_underground", "coal_surface", "ferrous_metal", "nonferrous_metal", "building_materials", "gas_field"}


@pytest.fixture(scope="module")
def results():
    return [assess(load_record(p)) for p in sorted(DEMO_RECORDS.glob("*.yaml"))]


def test_six_mines_three_consecutive_years(results):
    by_mine = defaultdict(list)
    for r in results:
        by_mine[r.record.mine.id].append(r.record.period.year)
    assert len(by_mine) >= 6 and all(sorted(y) == [2022, 2023, 2024] for y in by_mine.values())
    assert {r.record.mine.category for r in results} >= CATEGORIES
    group = {r.record.mine.id for r in results if r.record.mine.parent_group == "huajin-energy"}
    assert len(group) >= 3


def test_demo_records_are_complete(results):
    for r in results:
        assert not [f for f in r.findings if f.severity == "error"], r.record.key
        assert not [f for f in r.findings if f.code in ("source-missing", "quality-missing", "qualitative-no-evidence",
                                                         "qualitative-missing", "missing-input")], r.record.key


def test_previous_blocks_match_the_earlier_records(results):
    gross = {(r.record.mine.id, r.record.period.year): r.inventory.gross for r in results}
    for r in results:
        prev = (r.record.mine.id, r.record.period.year - 1)
        if prev in gross:
            assert r.record.previous.gross_emissions.value == pytest.approx(gross[prev], rel=1e-6)


def test_grades_span_the_scale(results):
    assert {r.grade for r in results} >= {"AA", "A", "B", "C", "未达级"}


def test_no_credit_is_claimed_twice_in_the_demo_batch(results):
    assert duplicate_serials([r.record for r in results]) == []


def test_intensities_are_in_plausible_ranges(results):
    ranges = {"coal_underground": (80, 400), "coal_surface": (20, 120), "ferrous_metal": (5, 30),
              "nonferrous_metal": (3, 40), "building_materials": (1, 6), "gas_field": (300, 3000)}
    for r in results:
        lo, hi = ranges[r.record.mine.category]
        i02 = next(i for i in r.indicators if i.id == "I02").value
        assert lo <= i02 <= hi, (r.record.key, i02)
