"""The group file (cnm-group/1): shares by approach, structural dates, located errors."""

from __future__ import annotations

import datetime as dt

import pytest

from cnm.errors import InputErrors
from cnm.group import Group, Member, load_group
from cnm.record import Period
from tests.history_records import demo_group


def test_demo_group_shares_by_approach():
    g = demo_group()
    shares = {m.mine: (m.share("equity"), m.share("financial"), m.share("operational")) for m in g.members}
    assert shares["jinyuan-coal"] == (1.0, 1.0, 1.0)
    assert shares["zhundong-opencast"] == (0.6, 1.0, 1.0)
    assert shares["wannan-limestone"] == (0.51, 1.0, 0.0)


def test_joint_financial_control_takes_the_equity_share():
    m = Member(mine="jv-mine", equity_percent=50, financial_control="joint")
    assert m.share("financial") == 0.5 and m.share("operational") == 0.0
    assert "joint" in m.basis("financial")[1]


def test_structural_changes_apply_to_the_whole_period():
    m = Member(mine="x", equity_percent=51, acquired=dt.date(2023, 7, 1), divested=dt.date(2025, 3, 1))
    assert not m.in_boundary(Period(year=2022))
    assert m.in_boundary(Period(year=2023))
    assert not m.in_boundary(Period(year=2023, half=1))
    assert m.in_boundary(Period(year=2024))
    assert not m.in_boundary(Period(year=2025))


def _problems(tmp_path, text):
    f = tmp_path / "g.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_group(f)
    return exc.value


def test_share_over_100_percent_is_located(tmp_path):
    err = _problems(tmp_path, "id: g\nname_zh: 集团\nmembers:\n  - {mine: a, equity_percent: 60}\n"
                              "  - {mine: b, equity_percent: 120}\n")
    assert err.problems[0].loc == "members[1].equity_percent"
    assert str(tmp_path / "g.yaml") in str(err)


def test_mine_listed_twice_is_named(tmp_path):
    err = _problems(tmp_path, "id: g\nname_zh: 集团\nmembers:\n  - {mine: a, equity_percent: 60}\n"
                              "  - {mine: a, equity_percent: 30}\n")
    assert "mine a is listed twice" in err.problems[0].message_en


def test_unknown_key_and_bad_approach(tmp_path):
    err = _problems(tmp_path, "id: g\nname_zh: 集团\napproach: control\nmembers:\n  - {mine: a, equity_percent: 60, "
                              "equity: 3}\n")
    assert {p.loc for p in err.problems} == {"approach", "members[0].equity"}


def test_group_model_round_trips():
    g = demo_group()
    assert Group.model_validate(g.model_dump(by_alias=True)) == g


def test_base_year_emissions_may_be_given_in_tco2e():
    """An emission amount: tCO2e (or t) is accepted, a mass of methane is not (issue 3 point 4)."""
    import pytest

    from cnm.group import Member

    m = Member(mine="a", equity_percent=50, base_year_emissions={"value": 1.2, "unit": "万tCO2e"})
    assert m.base_year_emissions.unit == "万tCO2e"
    with pytest.raises(ValueError, match="GWP"):
        Member(mine="a", equity_percent=50, base_year_emissions={"value": 1, "unit": "tCH4"})
