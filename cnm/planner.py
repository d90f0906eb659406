"""Improvement planner: the cheapest paths from a record's grade to a target grade (R-8.2, R-9.2).

A grade needs both a score and an offset share (G-5). The planner
1. adds the credits the target's offset band needs (whole tonnes, on the current residual);
2. asks every lever (cnm.plan_levers) for its candidate moves, i.e. how far its input must move
   for one of its indicators to reach a rubric reference point, and measures each move's
   points by re-assessing the changed record with `cnm.result.assess`;
3. picks the sets of moves (at most one per lever) whose points cover the gap with the least
   effort: effort counts rubric steps, one for each reference point (or qualitative level) an
   indicator passes; ties go to fewer moves, then fewer credits;
4. proves each path by applying all its moves to the record and assessing it again; only paths
   that reach the target are returned, with the points each move gained in that order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from cnm.grading import NOT_RATED, grade_en, score_text, share_text
from cnm.methodology import GradeBand
from cnm.plan_levers import EPS, Ctx, Lever, all_levers
from cnm.previous import earlier_accounted_once
from cnm.record import Record
from cnm.record_io import record_from_data
from cnm.result import Result, assess

MAX_EFFORT = 60
KEEP_PER_EFFORT = 8
MAX_TRIES = 24
MIN_POINTS = 0.01  # a move that gains less in its path is dropped from it


class IndicatorChange(BaseModel):
    """An indicator a move changes: its value (Table A.1 unit), scored metric and score, before and after."""

    id: str
    name_zh: str
    name_en: str
    value_from: float | None
    value_to: float | None
    unit: str
    metric_from: float | None
    metric_to: float | None
    metric_unit: str
    score_from: float
    score_to: float


class Move(BaseModel):
    """One action: the lever, its parameter, what it moves and the points it gained in its path."""

    lever: str
    amount: float
    amount_unit: str
    action_zh: str
    action_en: str
    changes: list[IndicatorChange]
    steps: int
    points: float = 0.0

    def change_texts(self, lang: str = "zh") -> list[str]:
        """'I10 固体废弃物综合利用率 42.0 → 70.0%' for each indicator the move changes."""
        return [_change_text(c, lang == "zh") for c in self.changes]

    def text(self, lang: str = "zh") -> str:
        zh = lang == "zh"
        gain = f"+{self.points:.2f} {'分' if zh else 'points'}"
        return (self.action_zh if zh else self.action_en) + f" ({'; '.join([*self.change_texts(lang), gain])})"


class Path(BaseModel):
    rank: int
    moves: list[Move]
    credits_t: float
    effort: int
    total_after: float
    offset_share_after: float
    grade_after: str


class Plan(BaseModel):
    """Paths from the record's result to `target`; status reached / planned / unreachable."""

    mine_id: str
    period: str
    methodology_hash: str
    total: float
    grade: str
    offset_share: float
    target: str
    target_min_score: float
    target_min_offset_share: float
    status: Literal["reached", "planned", "unreachable"]
    points_needed: float
    paths: list[Path]
    best_total: float | None = None
    best_grade: str | None = None
    missing_data: list[str] = []
    #: the methodology's grade bands: a score or share beside a grade prints on its side of each edge
    bands: list[GradeBand] = []
    #: when the target is out of reach: the plan for the best grade the measures do reach, if better
    fallback: Plan | None = None

    def sentence(self, lang: str = "zh", path: int = 0) -> str:
        """The plan in plain words (what the report says)."""
        zh = lang == "zh"
        g = (lambda x: x) if zh else grade_en
        band = (f"{self.target}（得分≥{self.target_min_score:g}、抵消比例≥{self.target_min_offset_share:.0%}）" if zh else
                f"{self.target} (score ≥ {self.target_min_score:g}, offset share ≥ {self.target_min_offset_share:.0%})")
        if self.status == "reached":
            return f"已达到 {band}。" if zh else f"{band} is already reached."
        if self.status == "unreachable":
            best = score_text(self.best_total, self.bands) if self.best_total is not None else "—"
            out = (f"按现有措施模型无法达到 {band}：各项措施全部实施后得分约 {best}（{self.best_grade}）。" if zh else
                   f"{band} is out of reach with the modelled measures: all of them together give about "
                   f"{best} points ({g(self.best_grade)}).")
            return out + (("" if zh else " ") + self.fallback.sentence(lang) if self.fallback else "")
        p = self.paths[path]
        steps = "；".join(m.text("zh") for m in p.moves) if zh else "; ".join(m.text("en") for m in p.moves)
        total, share = score_text(p.total_after, self.bands), share_text(p.offset_share_after, self.bands)
        return (f"要达到 {band}：{steps}。实施后得分 {total}，抵消比例 {share}，等级 {p.grade_after}。" if zh else
                f"To reach {band}: {steps}. Afterwards the score is {total}, the offset share {share}, "
                f"the grade {g(p.grade_after)}.")


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    if unit == "level":
        return f"{v:.0f}"
    if v == 0:
        return "0"  # not 0.00: nothing yet (no credit, no sink)
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"


def _change_text(c: IndicatorChange, zh: bool) -> str:
    unit = {"level": "级" if zh else "", "percent": "%"}.get(c.unit, f" {c.unit}")
    return f"{c.id} {c.name_zh if zh else c.name_en} {_fmt(c.value_from, c.unit)} → {_fmt(c.value_to, c.unit)}{unit}"


def grade_order(methodology) -> list[str]:
    return [b.grade for b in methodology.parameters.grades] + [NOT_RATED]


def _at_least(grade: str, target: str, order: list[str]) -> bool:
    return order.index(grade) <= order.index(target)


def _dump(record: Record) -> dict:
    return record.model_dump(mode="json", exclude_none=True)


def _credits_for_band(result: Result, share: float) -> int:
    inv = result.inventory
    if inv.residual <= 0 or inv.offset_share >= share:
        return 0
    need = share * inv.residual - inv.offsets
    return max(int(-(-need // 1)), 0) if need > EPS else 0


def _steps(lever: Lever, before: Result, after: Result, rubric, category: str) -> int:
    """Rubric steps: the reference-point scores the lever's effort indicators pass, added up
    (levels for a qualitative indicator); at least one."""
    b = {i.id: i for i in before.indicators}
    counted = lever.effort or lever.indicators
    total = 0
    for ind in after.indicators:
        if ind.id not in counted:
            continue
        old = b[ind.id]
        if ind.nature == "qualitative":
            recorded = before.record.qualitative.get(ind.id)
            total += max((ind.level or 0) - (recorded.level if recorded else 0), 0)
            continue
        pts = rubric.rule(ind.id).points_for(category)
        total += sum(1 for _, y in pts if old.score + EPS < y <= ind.score + EPS)
    return max(total, 1)


def _changes(lever: Lever, before: Result, after: Result) -> list[IndicatorChange]:
    b = {i.id: i for i in before.indicators}
    return [IndicatorChange(id=i.id, name_zh=i.name_zh, name_en=i.name_en, value_from=b[i.id].value, value_to=i.value,
                            unit=i.unit, metric_from=b[i.id].metric_value,
                            metric_to=i.metric_value, metric_unit=i.metric_unit, score_from=b[i.id].score,
                            score_to=i.score)
            for i in after.indicators if i.id in lever.indicators and abs(i.score - b[i.id].score) > EPS]


class _Option:
    __slots__ = ("a", "gain", "lever", "result", "steps")

    def __init__(self, lever: Lever, a: float, result: Result, gain: float, steps: int):
        self.lever, self.a, self.result, self.gain, self.steps = lever, a, result, gain, steps


def _move(lever: Lever, a: float, before: Result, after: Result, steps: int, bands=()) -> Move:
    zh, en = lever.action(a)
    if lever.id == "offsets":
        if before.inventory.offsets <= EPS:  # no credit counted yet: retire, not retire more
            zh, en = zh.replace("再注销", "注销", 1), en.replace(" more credits", " credits", 1)
        s0, s1 = (share_text(r.inventory.offset_share, bands) for r in (before, after))
        zh, en = f"{zh}（抵消比例 {s0} → {s1}）", f"{en} (offset share {s0} → {s1})"
    return Move(lever=lever.id, amount=a, amount_unit=lever.unit, action_zh=zh, action_en=en,
                changes=_changes(lever, before, after), steps=steps, points=after.total - before.total)


def apply_moves(record: Record, moves: list[Move], methodology=None) -> Record:
    """The record with the moves applied in order (a planned record: its new figures say so)."""
    levers = {lv.id: lv for lv in all_levers(methodology or _default())}
    data = _dump(record)
    for mv in moves:
        levers[mv.lever].apply(data, mv.amount)
    return record_from_data(data, f"{record.key} (planned)")


def _default():
    from cnm.methodology import default_methodology

    return default_methodology()


Steps = tuple[tuple[str, float], ...]  # (lever id, parameter) edits of the record data, in order; credits: "offsets"


class _Planner:
    def __init__(self, record: Record, m, target: str, history: list[Record] | None, origin: Result):
        self.m, self.record, self.target, self.history = m, record, target, history
        self.band = next(b for b in m.parameters.grades if b.grade == target)
        self.order = grade_order(m)
        self.levers = all_levers(m)
        self.by_id = {lv.id: lv for lv in self.levers}
        self.cache: dict[tuple[str, float], Result] = {}
        self.probed: dict[Steps, Result] = {}  # the probes' results by their steps (a path's first move often is one)
        self.origin = origin
        self.record_text = json.dumps(_dump(record))  # parsed for a fresh copy: faster than copy.deepcopy
        self.credits0 = _credits_for_band(self.origin, self.band.min_offset_share)
        self.base_steps: Steps = (("offsets", self.credits0),) if self.credits0 else ()
        self.base_data = self.data(self.base_steps)
        self.base = self.origin
        if self.credits0:
            self.base = self.probed[self.base_steps] = self.result(self.base_steps)

    def assess(self, record: Record) -> Result:
        """A changed record assessed, without the findings on data sources (a plan reads no findings)."""
        return assess(record, self.m, history=self.history, provenance=False)

    def data(self, steps: Steps) -> dict:
        """The record's data with the steps applied in order."""
        data = json.loads(self.record_text)
        for lever_id, a in steps:
            self.by_id[lever_id].apply(data, a)
        return data

    def result(self, steps: Steps) -> Result:
        """The record with the steps applied, assessed. Only probes are kept: keeping every result costs
        the garbage collector more than re-assessing the few a later path repeats."""
        if steps in self.probed:
            return self.probed[steps]
        return self.assess(record_from_data(self.data(steps)))

    def probe(self, lever_id: str, a: float) -> Result:
        key = (lever_id, round(a, 9))
        if key not in self.cache:
            steps = (*self.base_steps, (lever_id, a))
            self.cache[key] = self.probed[steps] = self.result(steps)
        return self.cache[key]

    def options(self) -> list[list[_Option]]:
        ctx = Ctx(data=self.base_data, result=self.base, methodology=self.m, probe=self.probe)
        cat = self.record.mine.category
        groups = []
        for lv in self.levers:
            opts: dict[float, _Option] = {}
            for a in sorted(set(lv.candidates(ctx))):
                r = self.probe(lv.id, a)
                gain = r.total - self.base.total
                if gain > EPS:
                    opts[a] = _Option(lv, a, r, gain, _steps(lv, self.base, r, self.m.rubric, cat))
            kept = _pareto(list(opts.values()))
            if kept:
                groups.append(kept)
        return groups

    def prove(self, chosen: list[_Option]) -> Path | None:
        """The path of `chosen` if it reaches the target, without moves that add nothing in it."""
        path = self._prove(chosen)
        idle = {mv.lever for mv in path.moves if mv.points < MIN_POINTS} if path else set()
        if idle and len(idle) < len(chosen):
            lean = self._prove([o for o in chosen if o.lever.id not in idle or o.lever.id == "offsets"])
            return lean or path
        return path

    def _prove(self, chosen: list[_Option]) -> Path | None:
        """Apply the moves to the record, top up credits for the band, assess: the target or None."""
        applied: Steps = ()
        prev, moves = self.origin, []
        extra = [o for o in chosen if o.lever.id == "offsets"]
        for o in sorted((o for o in chosen if o.lever.id != "offsets"), key=lambda o: -o.gain):
            applied += ((o.lever.id, o.a),)
            now = self.result(applied)
            moves.append(_move(o.lever, o.a, prev, now, o.steps, self.m.parameters.grades))
            prev = now
        tries = {_credits_for_band(prev, self.band.min_offset_share)}
        if extra:
            share = extra[0].result.inventory.offset_share
            tries |= {_credits_for_band(prev, share), self.credits0 + extra[0].a}
        for t in sorted(tries):
            final = self.result((*applied, ("offsets", t))) if t > 0 else prev  # prev: the record after its moves
            if _at_least(final.grade, self.target, self.order):
                all_moves = moves
                if t > 0:
                    lv = self.by_id["offsets"]
                    steps = _steps(lv, prev, final, self.m.rubric, self.record.mine.category) if extra else 0
                    all_moves = [*moves, _move(lv, float(t), prev, final, steps, self.m.parameters.grades)]
                return Path(rank=0, moves=all_moves, credits_t=float(t), effort=sum(mv.steps for mv in all_moves),
                            total_after=final.total, offset_share_after=final.inventory.offset_share,
                            grade_after=final.grade)
        return None


def _pareto(opts: list[_Option]) -> list[_Option]:
    """Drop a lever's options that another beats in both effort and points."""
    opts.sort(key=lambda o: (o.steps, -o.gain))
    out, best = [], -1.0
    for o in opts:
        if o.gain > best + EPS:
            out.append(o)
            best = o.gain
    return out


def _cover(groups: list[list[_Option]], need: float) -> list[tuple[int, float, tuple[_Option, ...]]]:
    """Sets of options (one per lever at most) whose points reach `need`, least effort first."""
    states: dict[int, list[tuple[float, tuple[_Option, ...]]]] = {0: [(0.0, ())]}
    for group in groups:
        new = {c: list(v) for c, v in states.items()}
        for c, sols in states.items():
            for o in group:
                nc = c + o.steps
                if nc > MAX_EFFORT:
                    continue
                new.setdefault(nc, []).extend((g + o.gain, (*sel, o)) for g, sel in sols)
        states = {c: sorted(v, key=lambda s: (-s[0], len(s[1])))[:KEEP_PER_EFFORT] for c, v in new.items()}
    found = [(c, g, sel) for c, sols in states.items() for g, sel in sols if g >= need - EPS and sel]
    return sorted(found, key=lambda s: (s[0], len(s[2]), -s[1]))


def next_grade(grade: str, methodology) -> str | None:
    """The grade above `grade` (None at the top)."""
    order = grade_order(methodology)
    i = order.index(grade)
    return order[i - 1] if i > 0 else None


@earlier_accounted_once()  # the earlier records are accounted once, not once per re-assessment
def plan(record: Record, methodology=None, target: str | None = None, max_paths: int = 3,
         on_progress: Callable[[], None] | None = None, history: list[Record] | None = None,
         fallback: bool = True) -> Plan:
    """Ranked, proven paths from the record's grade to `target` (default: the next grade up).
    `history`: the mine's earlier records, as for `assess` (year-on-year indicators from them).
    `fallback`: when the target is out of reach, also plan for the best grade in reach (one level)."""
    m = methodology or _default()
    history = list(history) if history is not None else None
    origin = assess(record, m, history=history)
    order = grade_order(m)
    target = target or next_grade(origin.grade, m) or origin.grade
    if target not in order[:-1]:
        from cnm.errors import InputErrors, Problem

        raise InputErrors("--target", [Problem("target", f"unknown grade '{target}'; use one of {order[:-1]}",
                                               f"未知等级“{target}”，可用 {'、'.join(order[:-1])}", code="plan-target")])
    band = next(b for b in m.parameters.grades if b.grade == target)
    head = dict(mine_id=record.mine.id, period=record.period.label, methodology_hash=m.hash, total=origin.total,
                grade=origin.grade, offset_share=origin.inventory.offset_share, target=target,
                target_min_score=band.min_score, target_min_offset_share=band.min_offset_share,
                missing_data=_missing(origin), bands=list(m.parameters.grades))
    if _at_least(origin.grade, target, order):
        return Plan(**head, status="reached", points_needed=0.0, paths=[])
    p = _Planner(record, m, target, history, origin)
    need = band.min_score - p.base.total
    groups = p.options() if need > 0 else []
    if need > 0 and p.prove(_furthest(groups)) is None:
        top = _all_out(p, groups)
        in_reach = None
        if fallback and not _at_least(origin.grade, top.grade, order) and not _at_least(top.grade, target, order):
            in_reach = plan(record, m, target=top.grade, max_paths=max_paths, on_progress=on_progress,
                            history=history, fallback=False)  # a better grade is in reach: how to get there
        return Plan(**head, status="unreachable", points_needed=need, paths=[], best_total=top.total,
                    best_grade=top.grade, fallback=in_reach)
    paths: list[Path] = []
    taken: list[frozenset[str]] = []
    for _, _, sel in (_cover(groups, need) if need > 0 else [(0, 0.0, ())])[:MAX_TRIES]:
        key = frozenset(o.lever.id for o in sel)
        if any(key >= t for t in taken):  # the same levers, or more of them, than a path already found
            continue
        path = p.prove(list(sel))
        if on_progress:
            on_progress()
        if path is not None:
            taken.append(frozenset(mv.lever for mv in path.moves))
            paths.append(path)
            if len(paths) >= max_paths:
                break
    if not paths:
        paths = [p.prove(_furthest(groups))]
    paths.sort(key=lambda x: (x.effort, len(x.moves), x.credits_t, -x.total_after))
    paths = [x.model_copy(update={"rank": i + 1}) for i, x in enumerate(paths)]
    return Plan(**head, status="planned", points_needed=max(need, 0.0), paths=paths)


def _furthest(groups: list[list[_Option]]) -> list[_Option]:
    return [max(g, key=lambda o: o.gain) for g in groups]


def _all_out(p: _Planner, groups: list[list[_Option]]) -> Result:
    """Every lever at its furthest candidate, with the band's credits: the best the model reaches."""
    return p.result((*p.base_steps, *((o.lever.id, o.a) for o in _furthest(groups))))


def _missing(result: Result) -> list[str]:
    """Quantitative indicators scored 0 because an input is missing: data to supply first."""
    return [i.id for i in result.indicators if i.nature == "quantitative" and i.metric_value is None]
