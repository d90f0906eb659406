"""Group consolidation of the demo group against hand calculations (issue 8, R-6.1, G-7).

Hand figures are the demo mines' own 2024 inventories (cnm score examples/records), tCO2e:
            gross        scope1       removals  offsets   energy tce
  jinyuan   597,737.397  593,165.397  10,500    25,000    33,015.110
  zhundong  572,986.105  562,842.361  12,000    460,000   40,285.226
  wannan     17,169.468    9,049.596   1,300    16,500     7,420.023
Shares (examples/groups/huajin-energy.yaml): equity 100/60/51 %; financial control 100/100/100;
operational control 100/100/0 (wannan is run by the minority partner). luliang-coking was sold
in 2023 and is outside the boundary in 2024.
"""

from __future__ import annotations

import pytest

from cnm.consolidation import consolidate, consolidate_groups
from cnm.errors import InputErrors
from cnm.group import Group
from cnm.record import Period
from cnm.result import assess
from tests.history_records import MEMBERS, data, demo_group, demo_records, rec

GROSS = {"jinyuan-coal": 597_737.397, "zhundong-opencast": 572_986.105, "wannan-limestone": 17_169.468}
SCOPE1 = {"jinyuan-coal": 593_165.397, "zhundong-opencast": 562_842.361, "wannan-limestone": 9_049.596}
REMOVALS = {"jinyuan-coal": 10_500, "zhundong-opencast": 12_000, "wannan-limestone": 1_300}
OFFSETS = {"jinyuan-coal": 25_000, "zhundong-opencast": 460_000, "wannan-limestone": 16_500}
ENERGY = {"jinyuan-coal": 33_015.110, "zhundong-opencast": 40_285.226, "wannan-limestone": 7_420.023}
SHARES = {"equity": (1.0, 0.6, 0.51), "financial": (1.0, 1.0, 1.0), "operational": (1.0, 1.0, 0.0)}


def hand(figures: dict, approach: str) -> float:
    return sum(s * figures[m] for s, m in zip(SHARES[approach], MEMBERS, strict=True))


@pytest.fixture(scope="module")
def results():
    g = demo_group()
    return {a: consolidate(g, demo_records(), approach=a) for a in SHARES}


@pytest.mark.parametrize("approach", list(SHARES))
def test_inventory_by_approach_matches_hand_calculation(results, approach):
    r = results[approach]
    inv = r.inventory
    assert r.period.label == "2024"
    assert inv.gross == pytest.approx(hand(GROSS, approach), abs=0.01)
    assert inv.scope1 == pytest.approx(hand(SCOPE1, approach), abs=0.01)
    assert inv.removals == pytest.approx(hand(REMOVALS, approach))
    assert inv.residual == pytest.approx(hand(GROSS, approach) - hand(REMOVALS, approach), abs=0.01)
    assert inv.offsets == pytest.approx(hand(OFFSETS, approach))
    assert inv.offset_share == pytest.approx(hand(OFFSETS, approach) / (hand(GROSS, approach) - hand(REMOVALS, approach)))
    assert inv.energy_tce == pytest.approx(hand(ENERGY, approach), abs=0.01)


def test_the_three_approaches_differ_as_the_shares_say(results):
    eq, fin, op = (results[a].inventory.gross for a in ("equity", "financial", "operational"))
    assert eq == pytest.approx(597_737.397 + 0.6 * 572_986.105 + 0.51 * 17_169.468, abs=0.01)  # 950,285.5
    assert fin - op == pytest.approx(17_169.468, abs=0.01)  # wannan: financial yes, operational no
    assert eq < op < fin


def test_members_list_share_and_contribution(results):
    r = results["equity"]
    by = {mc.mine: mc for mc in r.members}
    assert by["zhundong-opencast"].share == 0.6
    assert by["zhundong-opencast"].gross == pytest.approx(0.6 * 572_986.105, abs=0.01)
    assert by["zhundong-opencast"].own_gross == pytest.approx(572_986.105, abs=0.01)
    assert by["wannan-limestone"].offsets == pytest.approx(0.51 * 16_500)
    assert sum(mc.gross_percent for mc in r.members) == pytest.approx(100)
    assert by["luliang-coking"].included is False and by["luliang-coking"].in_boundary is False
    op = {mc.mine: mc for mc in results["operational"].members}
    assert op["wannan-limestone"].included is False and op["wannan-limestone"].in_boundary is True
    assert any(f.code == "group-member-excluded" and "wannan-limestone" in f.message_en for f in results["operational"].findings)


def test_group_score_rule(results):
    r = results["financial"]
    members = {res.record.mine.id: res for res in r.member_results}
    w = {m: GROSS[m] / sum(GROSS.values()) for m in MEMBERS}
    # I01: gross against the sum of the members' budgets; no caps: output x category reference / 1000
    budget = 3_000_000 * 150 / 1000 + 12_200_000 * 55 / 1000 + 8_200_000 * 4 / 1000
    i01 = next(i for i in r.indicators if i.id == "I01")
    assert i01.metric_value == pytest.approx(sum(GROSS.values()) / budget, rel=1e-6)
    assert r.basis["I01"] == "recomputed"
    # qualitative and output-bound indicators of a mixed group: weighted by consolidated gross
    for iid in ("I14", "I02", "I06"):
        want = sum(w[m] * next(i.score for i in members[m].indicators if i.id == iid) for m in MEMBERS)
        assert next(i.score for i in r.indicators if i.id == iid) == pytest.approx(want)
        assert r.basis[iid] == "weighted_mean"
    assert next(i for i in r.indicators if i.id == "I14").value == pytest.approx(3 * w["jinyuan-coal"] + 3 * w[
        "zhundong-opencast"] + 4 * w["wannan-limestone"])
    # I21: the group's offset share, I10: a ratio of sums
    assert next(i.metric_value for i in r.indicators if i.id == "I21") == pytest.approx(r.inventory.offset_share * 100)
    gen = (3_000_000 * 0.15 + 12_200_000 * 2.4 + 8_200_000 * 0.055)
    used = (3_000_000 * 0.15 * 0.88 + 12_200_000 * 2.4 * 0.66 + 8_200_000 * 0.055 * 0.97)
    assert next(i.metric_value for i in r.indicators if i.id == "I10") == pytest.approx(used / gen * 100)
    # I04: like for like, the members' 2023 records at today's shares
    prev = 649_915.921 + 589_436.702 + 19_698.918
    assert next(i.metric_value for i in r.indicators if i.id == "I04") == pytest.approx(
        (prev - sum(GROSS.values())) / prev * 100, rel=1e-6)
    assert r.grade_by_score == "B" and r.grade_by_offset == "未达级" and r.grade == "未达级"


def test_single_category_group_recomputes_intensity():
    own = data("jinyuan-coal_2024")
    own["mine"]["parent_group"] = "jinyuan-group"
    twin = data("jinyuan-coal_2024")
    twin["mine"] = {**twin["mine"], "id": "jinyuan-east", "name_zh": "晋源东井", "parent_group": "jinyuan-group"}
    twin["production"]["output"]["value"] = 100.0  # 万t: a third of the coal (post-mining CH4 falls with it)
    records = [r for r in demo_records() if r.key != "jinyuan-coal/2024"] + [rec(own), rec(twin)]
    g = Group.model_validate({"id": "jinyuan-group", "name_zh": "晋源集团", "approach": "equity", "members": [
        {"mine": "jinyuan-coal", "equity_percent": 100}, {"mine": "jinyuan-east", "equity_percent": 50}]})
    r = consolidate(g, records, period=Period(year=2024))
    i02 = next(i for i in r.indicators if i.id == "I02")
    assert r.basis["I02"] == "recomputed"
    twin_gross = assess(rec(twin)).inventory.gross
    assert twin_gross < 597_737.397
    assert i02.value == pytest.approx((597_737.397 + 0.5 * twin_gross) * 1000 / (3_000_000 + 0.5 * 1_000_000), rel=1e-6)


def test_offsets_claimed_by_two_mines_count_once():
    d = data("zhundong-opencast_2024")
    jin = data("jinyuan-coal_2024")["offsets"][0]  # serials ...40001..65000, 25,000 t
    d["offsets"].append({**jin, "serial_start": "CN-CCER-14-0105-00055001", "quantity": 10000,
                         "beneficiary": d["mine"]["name_zh"]})  # overlaps jinyuan's last 10,000
    records = [r for r in demo_records() if r.key != "zhundong-opencast/2024"] + [rec(d)]
    alone = assess(rec(d))
    assert alone.inventory.offsets == 470_000  # the mine alone cannot see the repeat
    r = consolidate(demo_group(), records, approach="equity")
    assert r.inventory.offsets == pytest.approx(25_000 + 0.6 * 460_000 + 0.51 * 16_500)
    assert r.inventory.offsets_repeated == pytest.approx(0.6 * 10_000)
    dup = [f for f in r.findings if f.code == "group-offset-duplicate"]
    assert len(dup) == 1 and dup[0].severity == "error" and "jinyuan-coal" in dup[0].message_en


def test_partial_overlap_deducts_only_the_repeated_units():
    d = data("wannan-limestone_2024")
    jin = data("jinyuan-coal_2024")["offsets"][0]
    d["offsets"].append({**jin, "serial_start": "CN-CCER-14-0105-00064001", "serial_end": "CN-CCER-14-0105-00066000",
                         "quantity": 2000, "beneficiary": d["mine"]["name_zh"]})  # 1,000 inside jinyuan's range
    records = [r for r in demo_records() if r.key != "wannan-limestone/2024"] + [rec(d)]
    r = consolidate(demo_group(), records, approach="financial")
    assert r.inventory.offsets == pytest.approx(25_000 + 460_000 + 16_500 + 1_000)


def test_group_retired_credits_count_in_full_and_once():
    g = demo_group().model_dump(by_alias=True)
    g["offsets"] = [{"programme": "CCER", "project_id": "CCER-14-2024-0999", "serial_start": "CN-CCER-14-0999-00000001",
                     "serial_end": "CN-CCER-14-0999-00050000", "vintage": 2023, "quantity": 50000,
                     "retirement_date": "2025-03-01", "beneficiary": "华晋能源集团有限公司"},
                    {**data("jinyuan-coal_2024")["offsets"][0], "beneficiary": "华晋能源集团有限公司"}]
    r = consolidate(Group.model_validate(g), demo_records(), approach="equity")
    assert r.inventory.offsets_group == pytest.approx(50_000)  # the second repeats jinyuan's 25,000
    assert r.inventory.offsets == pytest.approx(25_000 + 0.6 * 460_000 + 0.51 * 16_500 + 50_000)


def _problems(excinfo) -> dict[str, str]:
    return {p.code: f"{p.loc} {p.message_en}" for p in excinfo.value.problems}


def test_missing_record_and_period_mismatch_are_named():
    records = [r for r in demo_records() if r.key not in ("wannan-limestone/2024",)]
    with pytest.raises(InputErrors) as exc:
        consolidate(demo_group(), records, approach="financial")
    assert "wannan-limestone has records of 2022, 2023 but not of 2024" in _problems(exc)["group-period-mismatch"]
    only = [r for r in demo_records() if r.mine.id != "wannan-limestone"]
    with pytest.raises(InputErrors) as exc:
        consolidate(demo_group(), only, approach="financial")
    assert "members[2]" in _problems(exc)["group-record-missing"]
    # under the operational approach wannan is outside the boundary and not needed
    assert consolidate(demo_group(), only, approach="operational").inventory.gross > 0


def test_unlisted_subsidiary_and_foreign_parent_are_errors():
    d = data("qianxi-iron_2024")
    d["mine"]["parent_group"] = "huajin-energy"
    records = [r for r in demo_records() if r.key != "qianxi-iron/2024"] + [rec(d)]
    with pytest.raises(InputErrors) as exc:
        consolidate(demo_group(), records, approach="equity", period=Period(year=2024))
    assert "qianxi-iron/2024" in _problems(exc)["group-member-unlisted"]
    z = data("zhundong-opencast_2024")
    z["mine"]["parent_group"] = "other-group"
    records = [r for r in demo_records() if r.key != "zhundong-opencast/2024"] + [rec(z)]
    with pytest.raises(InputErrors) as exc:  # claimed in full (control) although the record names another parent
        consolidate(demo_group(), records, approach="financial")
    assert "other-group" in _problems(exc)["group-parent-mismatch"]
    assert consolidate(demo_group(), records, approach="equity").inventory.gross > 0  # 60 % equity: a shareholder


def test_mine_claimed_by_two_groups_beyond_100_percent():
    other = Group.model_validate({"id": "jinbei-holding", "name_zh": "晋北控股", "members": [
        {"mine": "jinyuan-coal", "equity_percent": 30, "financial_control": True, "operational_control": True}]})
    with pytest.raises(InputErrors) as exc:
        consolidate_groups([demo_group(), other], demo_records(), approach="operational")
    msg = _problems(exc)["group-claim-conflict"]
    assert "huajin-energy" in msg and "jinbei-holding" in msg and "200%" in msg
    # by equity shares the two groups hold 100 % + 30 %: still too much; 70 % + 30 % would be fine
    with pytest.raises(InputErrors):
        consolidate_groups([demo_group(), other], demo_records(), approach="equity")
    g = demo_group().model_dump(by_alias=True)
    g["members"][0]["equity_percent"] = 70
    ok = consolidate_groups([Group.model_validate(g), other], demo_records(), approach="equity")
    assert [r.group_id for r in ok] == ["huajin-energy", "jinbei-holding"]


def test_contract_has_the_score_contract_keys_plus_members(results):
    mine = assess(demo_records()[0]).contract(detail=False)
    group = results["equity"].contract(detail=False)
    for key in ("methodology", "inventory", "energy_tce", "indicators", "groups", "levels", "total", "grade"):
        assert key in group
    assert set(mine["inventory"]) - {"by_gas", "by_category"} <= set(group["inventory"])
    assert set(mine["indicators"][0]) <= set(group["indicators"][0])
    assert {"mine", "share", "gross", "offsets", "gross_percent"} <= set(group["members"][0])


def test_count_once_subtracts_the_union_of_earlier_claims():
    from cnm.offsets import CreditStatus, count_once
    from cnm.record import OffsetCredit

    def credit(start, end, qty=None):
        c = OffsetCredit(programme="CCER", project_id="P", serial_start=f"S-{start:05d}", serial_end=f"S-{end:05d}",
                         vintage=2023, quantity=qty or end - start + 1, retirement_date="2024-01-01", beneficiary="x")
        return CreditStatus(0, c, counted=True)

    text = OffsetCredit(programme="VCS", serial_start="VCU batch A", vintage=2023, quantity=500,
                        retirement_date="2024-01-01", beneficiary="x")
    reps = count_once([("a", [credit(1, 100), credit(51, 150), CreditStatus(1, text, counted=True)]),
                       ("b", [credit(80, 200)]), ("c", [CreditStatus(0, text, counted=True)])])
    by = {r.holder: r for r in reps}
    assert by["b"].units == 71  # 80..150 of 80..200 were counted by a
    assert by["c"].units == 500  # serials that are not a numbered range: the whole quantity


def test_group_entry_for_a_qualitative_indicator_is_scored_like_a_mine():
    g = demo_group().model_dump(by_alias=True)
    g["qualitative"] = {"I14": {"level": 4, "evidence": "集团碳资产管理部设立文件（华晋发〔2022〕8号）"},
                        "I15": {"level": 3}}  # no evidence: 0 points
    r = consolidate(Group.model_validate(g), demo_records(), approach="equity")
    scores = {i.id: i.score for i in r.indicators}
    assert r.basis["I14"] == r.basis["I15"] == "group_entry" and r.basis["I16"] == "weighted_mean"
    assert scores["I14"] == 100 and scores["I15"] == 0
    assert any(f.code == "qualitative-no-evidence" and f.loc == "qualitative.I15.evidence" for f in r.findings)


def test_member_without_an_input_is_named():
    d = data("wannan-limestone_2024")
    del d["resources"]["fresh_water"]
    del d["targets"]["reduction_target"]
    records = [r for r in demo_records() if r.key != "wannan-limestone/2024"] + [rec(d)]
    r = consolidate(demo_group(), records, approach="equity")
    partial = {f.code: f.message_en for f in r.findings}
    assert "wannan-limestone" in partial["group-input-partial"] and "fresh_water" in partial["group-input-partial"]
    assert "wannan-limestone" in partial["group-target-partial"]
    i09 = next(i for i in r.indicators if i.id == "I09")
    assert i09.metric_value == pytest.approx((309_117.5 + 0.6 * 32_000) / (270_000 + 0.6 * 30_000) * 100)


def test_a_group_of_one_mine_scores_like_the_mine_whatever_its_share():
    g = Group.model_validate({"id": "minority", "name_zh": "参股方", "members": [
        {"mine": "jinyuan-coal", "equity_percent": 30}]})
    r = consolidate(g, demo_records(), approach="equity")
    mine = next(x for x in r.member_results if x.record.mine.id == "jinyuan-coal")
    assert r.inventory.gross == pytest.approx(0.3 * GROSS["jinyuan-coal"], abs=0.01)
    assert r.total == pytest.approx(mine.total) and r.grade == mine.grade  # ratios of sums do not depend on the share
    with pytest.raises(InputErrors) as exc:  # no operational control: nothing inside the boundary
        consolidate(g, demo_records(), approach="operational")
    assert "group-empty" in _problems(exc)


def test_results_lent_by_the_caller_give_the_same_group_result_and_are_reused():
    """A caller that has each period assessed against the earlier ones (as the site and cnm
    history do) lends them; a result assessed otherwise (no history) is not reused."""
    from cnm.history import histories

    records = demo_records()
    lent = {r.record.key: r for h in histories(records) for r in h.results}
    plain = consolidate(demo_group(), records, approach="equity")
    reused = consolidate(demo_group(), records, approach="equity", assessed=lent)
    assert reused.contract() == plain.contract()
    assert all(any(r is x for x in lent.values()) for r in reused.member_results)
    no_history = {r.key: assess(r) for r in records}
    again = consolidate(demo_group(), records, approach="equity", assessed=no_history)
    assert not any(any(r is x for x in no_history.values()) for r in again.member_results)
    assert again.contract() == plain.contract()
