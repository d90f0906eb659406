"""Indicator scores, formulas (1) and (2) of R-9.1, qualitative levels (R-7.2)."""

from __future__ import annotations

import pytest

from cnm.result import assess
from cnm.rubric import interpolate
from cnm.scoring import IndicatorScore, aggregate
from tests.conftest import amt, make_record


def fake_scores(catalog, score_of):
    return [IndicatorScore(id=i.id, name_zh=i.name_zh, name_en=i.name_en, nature=i.nature, group=g.id, weight=i.weight,
                           value=None, unit="", metric="x", metric_value=None, score=score_of(i.id))
            for g in catalog.groups for i in g.indicators]


def test_formulas_1_and_2_by_hand(methodology):
    cat = methodology.catalog
    scores = {f"I{n:02d}": float(n * 4) for n in range(1, 25)}  # I01=4 ... I24=96
    groups, levels, total = aggregate(fake_scores(cat, scores.get), cat)
    g = {x.id: x.score for x in groups}
    # (1) Q = sum k_i M_i with Table A.1 weights
    assert g["G1"] == pytest.approx(0.30 * 4 + 0.25 * 8 + 0.25 * 12 + 0.20 * 16)
    assert g["G2"] == pytest.approx(0.20 * 20 + 0.10 * 24 + 0.30 * 28 + 0.20 * 32 + 0.20 * 36)
    assert g["G3"] == pytest.approx(0.50 * 40 + 0.20 * 44 + 0.15 * 48 + 0.15 * 52)
    assert g["G4"] == pytest.approx(0.15 * (56 + 60 + 64 + 68) + 0.20 * 72 + 0.20 * 76)
    assert g["G5"] == pytest.approx(0.35 * 80 + 0.35 * 84 + 0.30 * 88)
    assert g["G6"] == pytest.approx(0.50 * 92 + 0.50 * 96)
    # (2) Z = sum q_f Q_f with shares 15/30/15/20/10/10
    expected = 0.15 * g["G1"] + 0.30 * g["G2"] + 0.15 * g["G3"] + 0.20 * g["G4"] + 0.10 * g["G5"] + 0.10 * g["G6"]
    assert total == pytest.approx(expected)
    lv = {x.id: x for x in levels}
    assert lv["L1"].points == pytest.approx(0.15 * g["G1"] + 0.30 * g["G2"] + 0.15 * g["G3"])
    assert lv["L1"].score == pytest.approx(lv["L1"].points / 60 * 100)
    assert sum(x.points for x in levels) == pytest.approx(total)


def test_all_hundred_gives_hundred(methodology):
    _, _, total = aggregate(fake_scores(methodology.catalog, lambda _: 100.0), methodology.catalog)
    assert total == pytest.approx(100)


def test_interpolation_and_clamping():
    pts = ((0, 0), (50, 40), (100, 100))
    assert interpolate(pts, -5) == 0
    assert interpolate(pts, 25) == 20
    assert interpolate(pts, 75) == 70
    assert interpolate(pts, 1e9) == 100
    falling = ((1, 100), (2, 60), (4, 0))
    assert interpolate(falling, 3) == 30


def test_qualitative_levels_and_missing_evidence(methodology):
    rec = make_record(qualitative={"I14": {"level": 4, "evidence": "碳管理部设立文件"}, "I15": {"level": 3}})
    r = assess(rec, methodology)
    s = {i.id: i for i in r.indicators}
    assert s["I14"].score == 100 and s["I14"].level_zh
    assert s["I15"].score == 0
    assert any(f.code == "qualitative-no-evidence" and f.loc == "qualitative.I15.evidence" for f in r.findings)
    assert any(f.code == "qualitative-missing" and f.loc == "qualitative.I16" for f in r.findings)


def test_missing_inputs_score_zero_with_a_finding(methodology):
    r = assess(make_record(), methodology)
    s = {i.id: i for i in r.indicators}
    assert s["I10"].score == 0 and s["I10"].value is None
    assert s["I03"].score == 0
    assert any(f.code == "no-previous-period" for f in r.findings)
    assert any(f.code == "no-target" for f in r.findings)


def test_intensity_decline_against_previous_period(methodology):
    rec = make_record(fuels=[{"fuel": "diesel", **amt(1000, "t")}],
                      previous={"period": "2023", "gross_emissions": amt(4000, "t"), "output": amt(100, "万t")})
    r = assess(rec, methodology)
    s = {i.id: i for i in r.indicators}
    gross = r.inventory.gross
    assert s["I04"].value == pytest.approx((4000 - gross) / 4000 * 100)
    assert s["I03"].value == pytest.approx((4000 / 1e6 - gross / 1e6) / (4000 / 1e6) * 100)


def test_category_reference_points_apply(methodology):
    # 1000 t diesel at 1 Mt of limestone: 3.096 kgCO2e/t -> between (2, 85) and (4, 60)
    r = assess(make_record(fuels=[{"fuel": "diesel", **amt(1000, "t")}]), methodology)
    i02 = next(i for i in r.indicators if i.id == "I02")
    v = i02.value
    assert i02.unit == "kgCO2e/t"
    assert i02.score == pytest.approx(85 + (60 - 85) * (v - 2) / 2)


def test_offset_share_indicator_and_grade_link(methodology):
    rec = make_record(fuels=[{"fuel": "diesel", **amt(100, "t")}],
                      offsets=[{"programme": "CCER", "vintage": 2024, "quantity": 1000, "retirement_date": "2025-01-01",
                                "beneficiary": "测试矿山"}])
    r = assess(rec, methodology)
    i21 = next(i for i in r.indicators if i.id == "I21")
    assert i21.value == 1000 and i21.score == 100
    assert r.grade_by_offset == "AAA"
    assert r.grade == r.grade_by_score  # the score is the binding constraint here
