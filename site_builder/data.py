"""What the site shows: every record assessed by the core, organised by mine and period.

No figure is computed here: each comes from `cnm.result.assess(record, history=earlier periods)`
and its contract.
Records that fail validation or assessment stop the build with every located problem
(publishing a partial set would mislead the public).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cnm.errors import CnmError, InputErrors, Problem
from cnm.history import index_records
from cnm.methodology import Methodology, load_methodology
from cnm.present.safe import safe_slug
from cnm.previous import period_key
from cnm.record import Record
from cnm.record_io import load_record, record_files
from cnm.result import Result, assess
from site_builder.groups import consolidate


@dataclass(frozen=True)
class Entry:
    """One mine, one period: the record, its result and the result's public contract."""

    record: Record
    result: Result
    contract: dict

    @property
    def mine_id(self) -> str:
        return self.record.mine.id

    @property
    def period(self) -> str:
        return self.record.period.label

    @cached_property
    def _indicators(self) -> dict[str, dict]:
        return {i["id"]: i for i in self.contract["indicators"]}

    def indicator(self, indicator_id: str) -> dict | None:
        return self._indicators.get(indicator_id)


@dataclass
class Mine:
    """A mine with its periods in time order (the latest last)."""

    id: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def latest(self) -> Entry:
        return self.entries[-1]

    @property
    def record(self) -> Record:
        return self.latest.record


@dataclass(frozen=True)
class Consolidation:
    """A group's figures for one period: the core's group contract, or why there are none."""

    contract: dict | None
    problems: tuple[Problem, ...] = ()


@dataclass
class SiteData:
    mines: list[Mine]
    methodology: Methodology
    groups: dict[str, list[Entry]]  # group id -> its members' entries (by each period's parent_group)
    _consolidated: dict[tuple[str, str], Consolidation] = field(default_factory=dict, init=False, repr=False,
                                                                compare=False)

    @property
    def entries(self) -> list[Entry]:
        return [e for m in self.mines for e in m.entries]

    @cached_property
    def records(self) -> list[Record]:
        return [e.record for e in self.entries]

    @cached_property
    def results_by_key(self) -> dict[str, Result]:
        """Each record's result (assessed against its earlier periods), lent to group consolidation."""
        return {e.record.key: e.result for e in self.entries}

    @cached_property
    def records_by_mine(self) -> dict[str, list[Record]]:
        """Every record by mine id in period order (the core's index, built once)."""
        return index_records(self.records)

    def consolidated(self, group_id: str, period: str, name_zh: str, group_file: Path | None) -> Consolidation:
        """The group's consolidation for one period, computed once per build and shared by every
        page and language (the core's consolidation is the costliest step of page generation)."""
        key = (group_id, period)
        if key not in self._consolidated:
            members = sorted({e.mine_id for e in self.groups.get(group_id, [])})  # records naming it as parent
            try:
                found = Consolidation(consolidate(group_id, name_zh, period, self.records, self.methodology, group_file,
                                                  by_mine=self.records_by_mine, members=members,
                                                  assessed=self.results_by_key))
            except InputErrors as exc:  # e.g. a member's record is missing: shown as not consolidated
                found = Consolidation(None, tuple(exc.problems))
            self._consolidated[key] = found
        return self._consolidated[key]

    def periods(self) -> list[str]:
        """Every period of the site in the core's chronological order (cnm.previous.period_key)."""
        keys = {(period_key(e.record.period), e.period) for e in self.entries}
        return [label for _, label in sorted(keys)]


def _problems(f: Path, exc: CnmError) -> list[Problem]:
    """A record file's errors, each located in the file."""
    if isinstance(exc, InputErrors):
        return [Problem(f"{f}: {p.loc}", p.message_en, p.message_zh, p.hint, p.code) for p in exc.problems]
    return [Problem(str(f), str(exc), str(exc), code="assess")]


def load_site_data(records_dir: Path, methodology_path: Path | None = None,
                   progress: Callable[[int, int], None] | None = None) -> SiteData:
    """Load and assess every record under `records_dir`, each period against the mine's earlier
    ones (dynamic assessment, R-8.1, as `cnm history` and the reports do); InputErrors names every
    bad file."""
    files = record_files([records_dir])
    if not files:
        raise InputErrors(str(records_dir), [Problem(str(records_dir), "no record files (.yaml, .yml, .json) found",
                                                     "未找到记录文件（.yaml、.yml、.json）", code="empty")])
    m = load_methodology(methodology_path)
    problems: list[Problem] = []
    loaded: dict[tuple[str, str], tuple[Path, Record]] = {}
    for f in files:
        try:
            rec = load_record(f)
            safe_slug(rec.mine.id)
        except CnmError as exc:
            problems += _problems(f, exc)
            continue
        key = (rec.mine.id, rec.period.label)
        if key in loaded:
            problems.append(Problem(str(f), f"same mine and period as {loaded[key][0]}",
                                    f"与 {loaded[key][0]} 的矿山和评价期相同", code="duplicate"))
            continue
        loaded[key] = (f, rec)
    by_key: dict[tuple[str, str], tuple[Path, Entry]] = {}
    by_mine: dict[str, list[tuple[Path, Record]]] = {}
    for f, rec in loaded.values():
        by_mine.setdefault(rec.mine.id, []).append((f, rec))
    done = 0
    for periods in by_mine.values():
        periods.sort(key=lambda fr: period_key(fr[1].period))
        for k, (f, rec) in enumerate(periods):
            try:
                res = assess(rec, m, history=[r for _, r in periods[:k]])
            except CnmError as exc:
                problems += _problems(f, exc)
                continue
            by_key[(rec.mine.id, rec.period.label)] = (f, Entry(record=rec, result=res, contract=res.contract(detail=True)))
            done += 1
            if progress:
                progress(done, len(loaded))
    if problems:
        raise InputErrors(str(records_dir), problems)
    mines: dict[str, Mine] = {}
    for _, entry in by_key.values():
        mines.setdefault(entry.mine_id, Mine(entry.mine_id)).entries.append(entry)
    ordered = [mines[k] for k in sorted(mines)]
    for mine in ordered:
        mine.entries.sort(key=lambda e: period_key(e.record.period))
    groups: dict[str, list[Entry]] = {}
    for mine in ordered:
        for e in mine.entries:
            if e.record.mine.parent_group:
                groups.setdefault(e.record.mine.parent_group, []).append(e)
    return SiteData(mines=ordered, methodology=m, groups=dict(sorted(groups.items())))
