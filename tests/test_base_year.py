"""Base-year recalculation after structural changes (GHG Protocol Corporate Standard, ch. 5).

Worked example modelled on the standard's acquisition example (company "Gamma"): two units A
and B emit 25 t each in the base year; the company later buys facility C, which emitted 15 t in
the base year. The base year is restated to 50 + 15 = 65 t; organic growth of A and B is not.
"""

from __future__ import annotations

import pytest

from cnm.base_year import Adjustment, group_base_year, recalculate
from cnm.consolidation import consolidate
from cnm.group import Group
from cnm.history import index_records
from cnm.methodology import default_methodology
from cnm.record import Period
from tests.history_records import demo_group, demo_records


def test_acquisition_worked_example():
    out = recalculate(1, 25 + 25, [Adjustment(mine="C", kind="acquisition", share=1.0, base_year_gross=15, amount=15)], 5)
    assert out.significant and out.change_percent == pytest.approx(30)
    assert out.recalculated == out.used == 65


def test_divestment_worked_example():
    out = recalculate(1, 75, [Adjustment(mine="C", kind="divestment", share=1.0, base_year_gross=25, amount=-25)], 5)
    assert out.used == 50


def test_below_threshold_keeps_the_original_base_year():
    out = recalculate(2022, 1000, [Adjustment(mine="x", kind="acquisition", share=1.0, amount=40)], 5)
    assert not out.significant and out.change_percent == pytest.approx(4)
    assert out.recalculated == 1040 and out.used == 1000


def test_changes_add_up_as_absolute_values():
    adj = [Adjustment(mine="a", kind="acquisition", share=1.0, amount=30),
           Adjustment(mine="b", kind="divestment", share=1.0, amount=-30)]
    out = recalculate(2022, 1000, adj, 5)
    assert out.change_percent == pytest.approx(6) and out.significant and out.used == 1000


@pytest.mark.parametrize(("approach", "original", "adjustments"), [
    # base-year structure 2022: jinyuan, zhundong, luliang (sold 2023-10-01); wannan bought 2023-07-01
    ("equity", 688_328.527 + 0.6 * 610_203.704 + 0.7 * 160_000, [0.51 * 21_244.768, -0.7 * 160_000]),
    ("financial", 688_328.527 + 610_203.704 + 160_000, [21_244.768, -160_000]),
    ("operational", 688_328.527 + 610_203.704 + 160_000, [-160_000]),  # wannan is not operated by the group
])
def test_demo_group_base_year_by_approach(approach, original, adjustments):
    r = consolidate(demo_group(), demo_records(), approach=approach)
    b = r.base_year
    assert b.base_year == 2022 and b.original == pytest.approx(original, abs=0.01)
    assert [a.amount for a in b.adjustments] == pytest.approx(adjustments, abs=0.01)
    change = sum(abs(x) for x in adjustments) / original * 100
    assert b.change_percent == pytest.approx(change) and b.significant
    assert b.used == pytest.approx(original + sum(adjustments), abs=0.01)
    assert b.change_vs_base_percent == pytest.approx((r.inventory.gross - b.used) / b.used * 100)
    said = [f for f in r.findings if f.code == "base-year-recalculated"]
    assert said and f"{change:.1f}%" in said[0].message_en


def test_a_mine_built_after_the_base_year_does_not_change_it():
    g = demo_group().model_dump(by_alias=True)
    g["members"][2]["existed_in_base_year"] = False
    g["significance_threshold_percent"] = 20
    r = consolidate(Group.model_validate(g), demo_records(), approach="financial")
    wannan = next(a for a in r.base_year.adjustments if a.mine == "wannan-limestone")
    assert wannan.amount == 0 and "did not exist" in wannan.note
    assert r.base_year.change_percent == pytest.approx(160_000 / (688_328.527 + 610_203.704 + 160_000) * 100)
    assert not r.base_year.significant
    assert any(f.code == "base-year-not-recalculated" for f in r.findings)


def test_missing_base_year_figure_is_reported():
    g = demo_group().model_dump(by_alias=True)
    del g["members"][3]["base_year_emissions"]
    base, findings = group_base_year(Group.model_validate(g), "equity", Period(year=2024),
                                     index_records(demo_records()), 1.0, default_methodology())
    assert not base.complete
    assert any(f.code == "base-year-figure-missing" and "luliang-coking" in f.message_en for f in findings)


ZHUNDONG_2022 = 610_203.704  # zhundong-opencast's own gross emissions in the base year (cnm score)


def _with_stake_change(**change):
    g = demo_group().model_dump(by_alias=True)
    g["members"][1]["stake_changes"] = [{"date": "2024-01-01", **change}]
    return Group.model_validate(g)


def test_a_bigger_stake_restates_the_base_year_under_equity_share():
    """Worked example: the group holds 60 % of zhundong in the base year and 80 % from 2024
    (GHG Protocol ch. 5: a transfer of ownership is a structural change). The 2024 base year
    adds the 20 points acquired: 0.2 x 610,203.704 = 122,040.741 t; 2023 is not restated."""
    g = _with_stake_change(equity_percent=80)
    r24 = consolidate(g, demo_records(), approach="equity")
    stake = next(a for a in r24.base_year.adjustments if a.mine == "zhundong-opencast")
    assert stake.kind == "stake_change" and str(stake.date) == "2024-01-01"
    assert stake.share == pytest.approx(0.2) and stake.amount == pytest.approx(0.2 * ZHUNDONG_2022, abs=0.01)
    original = 688_328.527 + 0.6 * ZHUNDONG_2022 + 0.7 * 160_000
    assert r24.base_year.original == pytest.approx(original, abs=0.01)
    assert r24.base_year.used == pytest.approx(original + 0.51 * 21_244.768 - 0.7 * 160_000 + 0.2 * ZHUNDONG_2022,
                                               abs=0.01)
    member = next(c for c in r24.members if c.mine == "zhundong-opencast")
    assert member.share == pytest.approx(0.8)  # 2024 is consolidated at the new stake
    r23 = consolidate(g, demo_records(), approach="equity", period=Period(year=2023))
    assert not [a for a in r23.base_year.adjustments if a.mine == "zhundong-opencast"]
    assert next(c for c in r23.members if c.mine == "zhundong-opencast").share == pytest.approx(0.6)


def test_losing_control_is_a_structural_change_under_a_control_approach():
    """From 2024 the group keeps 40 % and loses financial control: its financial-control base
    year drops zhundong's full base-year emissions."""
    g = _with_stake_change(equity_percent=40, financial_control=False, operational_control=False)
    r = consolidate(g, demo_records(), approach="financial")
    stake = next(a for a in r.base_year.adjustments if a.mine == "zhundong-opencast")
    assert stake.kind == "stake_change" and stake.amount == pytest.approx(-ZHUNDONG_2022, abs=0.01)
    assert "zhundong-opencast" not in {c.mine for c in r.members if c.included}


def test_stake_changes_must_be_in_order_and_inside_the_holding():
    g = demo_group().model_dump(by_alias=True)
    g["members"][1]["stake_changes"] = [{"date": "2024-01-01", "equity_percent": 80},
                                        {"date": "2023-01-01", "equity_percent": 70}]
    with pytest.raises(ValueError, match="date order"):
        Group.model_validate(g)
    g["members"][2]["stake_changes"] = [{"date": "2023-01-01", "equity_percent": 70}]  # before wannan's purchase
    g["members"][1]["stake_changes"] = []
    with pytest.raises(ValueError, match="after 'acquired'"):
        Group.model_validate(g)


@pytest.mark.parametrize("threshold", [12.42, 12.43, 10.0])
def test_the_printed_change_agrees_with_the_threshold_it_is_compared_with(threshold):
    """huajin's structural change is 12.42…%: against 12.42 it reads 12.43% (reaches), not 12.4%."""
    from typer.testing import CliRunner

    from cnm.cli.main import app
    from tests.conftest import ROOT

    out = CliRunner().invoke(app, ["consolidate", str(ROOT / "examples/groups/huajin-energy.yaml"),
                                   str(ROOT / "examples/records"), "--threshold", str(threshold)]).stdout
    change = float(out.split("结构变化累计影响 ", 1)[1].split("%", 1)[0])
    assert ("达到" in out.split("结构变化累计影响", 1)[1][:30]) is (change >= threshold)
