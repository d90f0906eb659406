"""Consolidated figures of a group for one period: the one place the site gets them.

They come from the core's group consolidation (`cnm.consolidation.consolidate`, R-6.1): the
group file named in site.yaml (`groups.<id>.file`) gives ownership and control; without one,
the group is taken as owning and operating 100 % of each mine whose records name it as parent
(operational control), and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cnm.consolidation import consolidate as consolidate_group
from cnm.group import Approach, Group, Member, load_group
from cnm.record import Period, Record
from cnm.result import Result


def implicit_group(group_id: str, name_zh: str, mine_ids: Sequence[str]) -> Group:
    """A group without a file: every member 100 % owned, financially and operationally controlled."""
    return Group(id=group_id, name_zh=name_zh, approach=Approach.operational,
                 members=[Member(mine=m, equity_percent=100, financial_control=True, operational_control=True)
                          for m in sorted(set(mine_ids))])


def consolidate(group_id: str, name_zh: str, period: str, records: Sequence[Record], methodology,
                group_file: Path | None = None, by_mine: dict[str, list[Record]] | None = None,
                members: Sequence[str] | None = None, assessed: Mapping[str, Result] | None = None) -> dict:
    """The group's result contract for one period (with `implicit` set when no file was given).

    `by_mine` is `cnm.history.index_records(records)`, `members` the ids of the mines whose records
    name the group as parent and `assessed` the records' results (each against its earlier
    periods), when the caller has them already."""
    if members is None:
        members = [r.mine.id for r in records if r.mine.parent_group == group_id]
    group = load_group(group_file) if group_file else implicit_group(group_id, name_zh, members)
    result = consolidate_group(group, records, methodology, period=Period.parse(period), by_mine=by_mine,
                               assessed=assessed)
    return {**result.contract(detail=False), "implicit": group_file is None}
