"""The mine's earlier periods for the report's trend, read from a folder of records and
assessed by the core's dynamic assessment (`cnm.history.mine_history`)."""

from __future__ import annotations

from pathlib import Path

from cnm.errors import CnmError
from cnm.history import mine_history
from cnm.previous import period_key
from cnm.record import Record
from cnm.record_io import load_record, record_files
from cnm.result import Result


class HistoryFolder:
    """A folder of records read once (a batch asks it for many mines), with a note for every
    file that could not be read (it is skipped)."""

    def __init__(self, folder: Path):
        self.by_mine: dict[str, list[Record]] = {}  # a batch asks for each record's own mine only
        self.notes: list[str] = []
        for f in record_files([folder]):
            try:
                rec = load_record(f)
            except CnmError as exc:
                self.notes.append(f"{f}: {exc}")
                continue
            self.by_mine.setdefault(rec.mine.id, []).append(rec)

    def earlier(self, record: Record) -> list[Record]:
        """The same mine's records for earlier periods of the same length, oldest first (one per period)."""
        found: dict[tuple, Record] = {}
        for other in self.by_mine.get(record.mine.id, []):
            same_length = bool(other.period.half) == bool(record.period.half)
            if same_length and period_key(other.period) < period_key(record.period):
                found[period_key(other.period)] = other
        return [found[k] for k in sorted(found)]


def with_history(record: Record, earlier: list[Record], methodology) -> tuple[Result, list[Result]]:
    """The record's result assessed against its earlier records, and the earlier periods' results."""
    results = mine_history([*earlier, record], methodology).results
    return results[-1], results[:-1]
