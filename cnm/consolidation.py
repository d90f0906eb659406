"""Group consolidation (R-6.1): the members' inventories at their shares under one approach of
the GHG Protocol Corporate Standard, the group's offsets counted once (G-7), its score and grade.

    consolidate(group, records, methodology, approach, period) -> GroupResult

`records` may hold several periods of each mine (a folder): the period is the latest one of the
members unless given, and the earlier records serve as history (cnm.previous) for the
year-on-year indicators. Input errors name what is wrong: a member in the boundary without a
record of the period (or with records of other periods only), a record naming this group as
parent that the group file does not list, a mine the group claims in full (control) whose
record names another parent, a mine claimed by two groups of one run beyond 100 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cnm.base_year import group_base_year
from cnm.errors import InputErrors, Problem
from cnm.findings import Finding, make
from cnm.grading import grade, grade_by_offset, grade_by_score
from cnm.group import APPROACH_ZH, Approach, Group
from cnm.group_result import GroupInventory, GroupResult, MemberContribution, sum_inventories
from cnm.group_scoring import MemberRun, group_facts, group_indicators, group_record, with_weights
from cnm.history import index_records
from cnm.offsets import count_once, evaluate_credits
from cnm.previous import earlier_keys, period_key
from cnm.record import Period, Record
from cnm.result import Result, assess
from cnm.scoring import aggregate


def _period(group: Group, by_mine: dict[str, list[Record]], period: Period | None) -> Period:
    if period is not None:
        return period
    periods = [r.period for m in group.members for r in by_mine.get(m.mine, [])]
    if not periods:
        raise InputErrors(f"group {group.id}", [Problem(
            "members", f"no record of any member ({', '.join(m.mine for m in group.members)})",
            "没有任何成员矿山的记录", hint="give the members' record files or their folder", code="group-record-missing")])
    return max(periods, key=period_key)


def select(group: Group, by_mine: dict[str, list[Record]], approach: Approach, period: Period | None
           ) -> tuple[Period, dict[str, Record]]:
    """The period and each member's record for it; InputErrors names every gap or conflict."""
    p = _period(group, by_mine, period)
    problems, chosen = [], {}
    for i, m in enumerate(group.members):
        if not m.in_boundary(p) or m.share(approach) == 0:
            continue
        recs = by_mine.get(m.mine, [])
        rec = next((r for r in recs if r.period == p), None)
        if rec is None and recs:
            found = ", ".join(r.period.label for r in recs)
            problems.append(Problem(f"members[{i}].mine", f"{m.mine} has records of {found} but not of {p.label}",
                                    f"{m.mine} 有 {found} 的记录，但没有 {p.label} 的记录", code="group-period-mismatch",
                                    hint="give the record of the same period for every member, or choose --period"))
        elif rec is None:
            problems.append(Problem(f"members[{i}].mine", f"no record of {m.mine} for {p.label}",
                                    f"缺少成员 {m.mine} 的 {p.label} 记录", code="group-record-missing",
                                    hint="give the member's record file"))
        elif rec.mine.parent_group and rec.mine.parent_group != group.id and m.share(approach) == 1:
            problems.append(Problem(f"members[{i}].mine", f"{rec.key} names {rec.mine.parent_group} as its parent, "
                                    f"not {group.id}", f"{rec.key} 记录的母公司为 {rec.mine.parent_group}，而非 {group.id}",
                                    code="group-parent-mismatch", hint="correct mine.parent_group or the group file"))
        else:
            chosen[m.mine] = rec
    for mine, recs in by_mine.items():
        rec = next((r for r in recs if r.period == p), None)
        if rec is not None and rec.mine.parent_group == group.id and group.member(mine) is None:
            problems.append(Problem("members", f"{rec.key} names {group.id} as its parent but the group file does not "
                                    "list it (R-6.1: every subsidiary mine is in the parent's boundary)",
                                    f"{rec.key} 记录的母公司为 {group.id}，但集团文件未列出该矿山（R-6.1）",
                                    code="group-member-unlisted", hint="add the mine to members"))
    if not problems and not chosen:
        problems.append(Problem("members", f"no member is in the boundary in {p.label} under the {approach.value} approach",
                                f"按{APPROACH_ZH[approach]}法，{p.label} 没有成员矿山在集团边界内", code="group-empty",
                                hint="check the control flags and dates, or choose another approach"))
    if problems:
        raise InputErrors(f"group {group.id} {p.label}", problems)
    return p, chosen


def check_claims(groups: Sequence[Group], approach: Approach | None, period: Period) -> None:
    """A mine claimed by several groups of one run beyond 100 % in total is an error naming them."""
    claims: dict[str, list[tuple[str, float]]] = {}
    for g in groups:
        a = approach or g.approach
        for m in g.members:
            if m.held_share(a, period) > 0:
                claims.setdefault(m.mine, []).append((g.id, m.held_share(a, period)))
    problems = [Problem(mine, f"claimed by {' and '.join(f'{g} ({s:.0%})' for g, s in cl)}: "
                        f"{sum(s for _, s in cl):.0%} in total, over 100 %",
                        f"被 {'和'.join(f'{g}（{s:.0%}）' for g, s in cl)} 同时纳入，合计 {sum(s for _, s in cl):.0%}，超过100%",
                        code="group-claim-conflict", hint="a mine's shares across groups add up to 100 % at most")
                for mine, cl in claims.items() if len(cl) > 1 and sum(s for _, s in cl) > 1 + 1e-9]
    if problems:
        raise InputErrors(f"groups in this run ({period.label})", problems)


def _runs(group: Group, chosen: dict[str, Record], by_mine, approach: Approach, m,
          assessed: Mapping[str, Result] | None = None) -> list[MemberRun]:
    runs = []
    for mem in group.members:
        rec = chosen.get(mem.mine)
        if rec is None:
            continue
        result = _member_result(rec, by_mine[mem.mine], m, assessed)
        runs.append(MemberRun(mem.mine, mem.share(approach), rec, result, result._facts))
    return with_weights(runs)


def _member_result(rec: Record, mine_records: Sequence[Record], m, assessed: Mapping[str, Result] | None) -> Result:
    """The member's result against its earlier records: the caller's when it gave one for this very
    record, under this methodology and against the same earlier records (`cnm.history.histories`),
    else assessed here."""
    history = [r for r in mine_records if period_key(r.period) < period_key(rec.period)]
    given = assessed.get(rec.key) if assessed else None
    if (given is not None and given._facts is not None and given.methodology["hash"] == m.hash
            and given._history == earlier_keys(rec, history) and (given.record is rec or given.record == rec)):
        return given
    return assess(rec, m, history=history)


def _excluded(group: Group, approach: Approach, period: Period) -> list[Finding]:
    out = []
    for i, mem in enumerate(group.members):
        if not mem.in_boundary(period):
            when = f"divested {mem.divested}" if mem.divested and mem.divested <= period.end else f"acquired {mem.acquired}"
            zh = f"{mem.divested} 出售" if mem.divested and mem.divested <= period.end else f"{mem.acquired} 收购"
            out.append(make("group-member-excluded", f"members[{i}]", mine=mem.mine, approach_zh=APPROACH_ZH[approach],
                            approach_en=approach.value, reason_zh=zh, reason_en=when))
        elif mem.share(approach) == 0:
            zh, en = mem.basis(approach)
            out.append(make("group-member-excluded", f"members[{i}]", mine=mem.mine, approach_zh=APPROACH_ZH[approach],
                            approach_en=approach.value, reason_zh=zh, reason_en=en))
    return out


def consolidate(group: Group, records: Sequence[Record], methodology=None, approach: Approach | str | None = None,
                period: Period | None = None, by_mine: dict[str, list[Record]] | None = None,
                assessed: Mapping[str, Result] | None = None) -> GroupResult:
    """The group's consolidated inventory, indicators, score, grade and member contributions.

    `assessed` (record key -> Result) lends results the caller already has, each assessed against
    the mine's earlier records among `records` (`cnm.history.histories`); others are assessed here."""
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    a = Approach(approach or group.approach)
    by_mine = by_mine if by_mine is not None else index_records(records)
    structure = group  # the file as given: stake history for the base year
    group = group.at(_period(group, by_mine, period))
    p, chosen = select(group, by_mine, a, period)
    runs = _runs(group, chosen, by_mine, a, m, assessed)
    findings = _excluded(group, a, p)
    record = group_record(group, p, runs, m, findings)
    params = m.parameters
    own_credits = evaluate_credits(record, params.offset_validity_years, params.recognised_programmes)
    repeats = count_once([(r.mine, r.result.inventory.credits) for r in runs] + [(group.id, own_credits)])
    for rep in repeats:
        findings.append(make("group-offset-duplicate", f"{rep.holder}.offsets[{rep.row}]", holder=rep.holder,
                             row=rep.row + 1, serial=rep.serial, other=rep.other_holder, other_row=rep.other_row + 1,
                             units=f"{rep.units:,.0f}"))
    findings += [f for c in own_credits for f in c.findings]
    inv = sum_inventories(runs, own_credits, repeats, group.id, params.scope2_basis_for_gross)
    facts = group_facts(record, inv, runs, m, findings)
    indicators, basis, score_findings = group_indicators(group, facts, runs, m)
    groups, levels, total = aggregate(indicators, m.catalog)
    bands = params.grades
    base, base_findings = group_base_year(structure, a, p, by_mine, inv.gross, m)
    return GroupResult(
        group_id=group.id, name_zh=group.name_zh, name_en=group.name_en, period=p, approach=a.value,
        methodology=m.info(), inventory=inv, indicators=indicators, basis=basis, groups=groups, levels=levels,
        total=total, grade=grade(total, inv.offset_share, bands), grade_by_score=grade_by_score(total, bands),
        grade_by_offset=grade_by_offset(inv.offset_share, bands), findings=findings + score_findings + base_findings,
        members=_contributions(group, a, p, runs, repeats, inv), base_year=base, member_results=[r.result for r in runs])


def _contributions(group: Group, approach: Approach, period: Period, runs: list[MemberRun], repeats,
                   inv: GroupInventory) -> list[MemberContribution]:
    by_mine = {r.mine: r for r in runs}
    out = []
    for mem in group.members:
        run = by_mine.get(mem.mine)
        zh, en = mem.basis(approach)
        if run is None:
            out.append(MemberContribution.outside(mem, approach, period, zh, en))
            continue
        out.append(MemberContribution.of(run, mem, zh, en, sum(x.units for x in repeats if x.holder == mem.mine), inv.gross))
    return out


def consolidate_groups(groups: Sequence[Group], records: Sequence[Record], methodology=None,
                       approach: Approach | str | None = None, period: Period | None = None,
                       sources: Sequence[str] | None = None) -> list[GroupResult]:
    """Consolidate several groups of one run; a mine claimed beyond 100 % in total is an error."""
    by_mine = index_records(records, sources)
    ids = [g.id for g in groups]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InputErrors("groups", [Problem(i, f"group {i} is given twice", f"集团 {i} 重复提供", code="duplicate-group")
                                     for i in twice])
    a = Approach(approach) if approach else None
    periods = {g.id: _period(g, by_mine, period) for g in groups}
    for label in {p.label for p in periods.values()}:
        same = [g for g in groups if periods[g.id].label == label]
        check_claims(same, a, periods[same[0].id])
    return [consolidate(g, records, methodology, a, periods[g.id], by_mine) for g in groups]


__all__ = ["GroupResult", "check_claims", "consolidate", "consolidate_groups", "select"]
