"""The improvement planner (R-8.2): every path it returns is proven by re-assessing the record
with its moves applied; credits are the minimum for the offset band (R-9.2, G-5)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.errors import InputErrors
from cnm.plan_levers import PLANNED
from cnm.planner import apply_moves, grade_order, plan
from cnm.result import assess

CASES = [
    ("qianxi-iron_2024", None),  # B -> A: indicator moves only
    ("gandong-copper_2023", "AAA"),
    ("wannan-limestone_2024", "AAA"),
    ("zhundong-opencast_2024", "A"),  # sinks, CCUS level, self-reduction
    ("chuannan-gas_2022", "C"),  # credits plus an energy move
    ("jinyuan-coal_2024", "C"),  # credits only
]


def _at_least(grade: str, target: str, m) -> bool:
    order = grade_order(m)
    return order.index(grade) <= order.index(target)


@pytest.mark.parametrize(("stem", "target"), CASES)
def test_every_path_reaches_the_target_when_applied(stem, target, demo_record, methodology):
    record = demo_record(stem)
    before = assess(record, methodology)
    p = plan(record, methodology, target=target)
    assert p.status == "planned"
    assert p.paths, "a reachable target has at least one path"
    assert not _at_least(before.grade, p.target, methodology)
    for path in p.paths:
        planned_record = apply_moves(record, path.moves, methodology)
        after = assess(planned_record, methodology)
        assert _at_least(after.grade, p.target, methodology), (path.rank, after.grade, after.total)
        assert after.total == pytest.approx(path.total_after)
        assert after.grade == path.grade_after
        # the points of the moves add up to the change of the total (each measured in sequence)
        assert sum(mv.points for mv in path.moves) == pytest.approx(after.total - before.total)
        assert all(mv.points > 0 for mv in path.moves)
    efforts = [(x.effort, len(x.moves)) for x in p.paths]
    assert efforts == sorted(efforts), "cheapest path first"


def test_credits_are_the_minimum_for_the_offset_band(demo_record, methodology):
    record = demo_record("jinyuan-coal_2024")
    p = plan(record, methodology, target="C")
    (path,) = p.paths[:1]
    credit = next(mv for mv in path.moves if mv.lever == "offsets")
    inv = assess(record, methodology).inventory
    assert credit.amount == pytest.approx(0.60 * inv.residual - inv.offsets, abs=1.0)
    short = credit.model_copy(update={"amount": credit.amount - 1})
    moves = [short if mv is credit else mv for mv in path.moves]
    assert assess(apply_moves(record, moves, methodology), methodology).grade != "C"
    assert f"再注销 {credit.amount:,.0f} tCO2e 碳信用" in p.sentence("zh")  # jinyuan has credits counted
    assert f"retire {credit.amount:,.0f} tCO2e more credits" in p.sentence("en")


def test_a_mine_without_counted_credits_is_told_to_retire_not_retire_more(demo_record, methodology):
    record = demo_record("jinyuan-coal_2024").model_copy(update={"offsets": []})
    p = plan(record, methodology, target="C")
    assert "注销" in p.sentence("zh") and "再注销" not in p.sentence("zh")
    assert "retire" in p.sentence("en") and "more credits" not in p.sentence("en")


def test_planned_figures_are_marked_and_qualitative_moves_carry_evidence(demo_record, methodology):
    record = demo_record("wannan-limestone_2024")
    p = plan(record, methodology, target="AAA")
    planned = apply_moves(record, p.paths[0].moves, methodology)
    assert planned.qualitative["I08"].level == 4
    assert PLANNED in planned.qualitative["I08"].evidence
    assert record.qualitative["I08"].level == 3, "the input record is not modified"


def test_unreachable_target_says_the_best_the_model_reaches(demo_record, methodology):
    p = plan(demo_record("jinyuan-coal_2024"), methodology, target="AAA")
    assert p.status == "unreachable" and not p.paths
    assert p.best_total is not None and p.best_total < 95
    assert "无法达到" in p.sentence("zh")


def test_unreachable_target_still_gives_the_path_to_the_best_grade_in_reach(demo_record, methodology):
    """AA is out of reach for jinyuan (not rated now): the plan names the best grade in reach (A)
    and the path there, and applying that path reaches it."""
    record = demo_record("jinyuan-coal_2024")
    p = plan(record, methodology, target="AA")
    assert p.status == "unreachable" and p.best_grade == "A" and p.fallback is not None
    assert p.fallback.target == "A" and p.fallback.status == "planned" and p.fallback.paths
    assert assess(apply_moves(record, p.fallback.paths[0].moves, methodology), methodology).grade == "A"
    zh, en = p.sentence("zh"), p.sentence("en")
    assert zh.index("无法达到 AA") < zh.index("要达到 A（") and "points (A). To reach A (" in en


def test_target_already_reached_and_unknown_target(demo_record, methodology):
    record = demo_record("wannan-limestone_2024")  # AA
    assert plan(record, methodology, target="B").status == "reached"
    with pytest.raises(InputErrors):
        plan(record, methodology, target="AAAA")


def test_default_target_is_the_next_grade(demo_record, methodology):
    assert plan(demo_record("qianxi-iron_2024"), methodology).target == "A"  # B now
    assert plan(demo_record("jinyuan-coal_2024"), methodology).target == "C"  # not rated now


def test_cli_plan_json_and_text(tmp_path):
    from tests.conftest import RECORDS

    runner = CliRunner()
    res = runner.invoke(app, ["plan", str(RECORDS / "gandong-copper_2023.yaml"), "--target", "a", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["target"] == "A" and data["paths"][0]["moves"]
    res = runner.invoke(app, ["plan", str(RECORDS / "gandong-copper_2023.yaml"), "--lang", "en"])
    assert res.exit_code == 0 and "To reach A" in res.stdout
    res = runner.invoke(app, ["plan", str(RECORDS / "gandong-copper_2023.yaml"), "--target", "Z"])
    assert res.exit_code == 1 and "plan-target" in res.output


def test_paths_hold_with_the_mine_history(demo_record, methodology):
    """With earlier records, I03/I04 come from them (cnm.previous); the paths are proven that way too."""
    record = demo_record("zhundong-opencast_2024")
    earlier = [demo_record("zhundong-opencast_2022"), demo_record("zhundong-opencast_2023")]
    p = plan(record, methodology, target="A", history=earlier)
    assert p.status == "planned"
    for path in p.paths:
        after = assess(apply_moves(record, path.moves, methodology), methodology, history=earlier)
        assert _at_least(after.grade, "A", methodology) and after.total == pytest.approx(path.total_after)


def test_plan_is_the_one_computed_without_its_shortcuts(demo_record, methodology, monkeypatch):
    """The planner accounts each earlier record once per plan and re-assesses without the provenance
    findings (a plan reads none): the plan is the one computed the long way."""
    import cnm.planner
    import cnm.previous
    from cnm.accounting.inventory import account

    record = demo_record("zhundong-opencast_2024")
    earlier = [demo_record("zhundong-opencast_2022"), demo_record("zhundong-opencast_2023")]
    quick = plan(record, methodology, target="A", history=earlier)
    monkeypatch.setattr(cnm.previous, "_account", account)
    monkeypatch.setattr(cnm.planner, "assess", lambda r, m, history=None, provenance=True: assess(r, m, history))
    assert plan(record, methodology, target="A", history=earlier) == quick
    assert quick.status == "planned" and quick.paths


def test_earlier_records_accounted_once_are_told_apart_by_identity(demo_record, methodology):
    """Within `earlier_accounted_once` an earlier record is remembered as that object: an edited copy of
    the same period is accounted on its own, and every result is the one assessed outside the block."""
    from cnm.previous import earlier_accounted_once
    from tests.history_records import data, rec, scaled

    now, before = demo_record("jinyuan-coal_2024"), demo_record("jinyuan-coal_2023")
    edited = rec(scaled(data("jinyuan-coal_2023"), 1.1))
    with earlier_accounted_once():
        inside = [assess(now, methodology, history=[h]) for h in (before, edited, before)]
    outside = [assess(now, methodology, history=[h]) for h in (before, edited)]
    assert [r.model_dump() for r in inside] == [r.model_dump() for r in (*outside, outside[0])]
    i04 = [next(i for i in r.indicators if i.id == "I04").metric_value for r in inside[:2]]
    assert i04[0] != pytest.approx(i04[1])
