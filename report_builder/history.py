"""Earlier periods of the same mine, for the report's trend (issue 8 will offer this in the core;
until then a small loop over a folder of records)."""

from __future__ import annotations

from pathlib import Path

from cnm.errors import CnmError
from cnm.record import Record
from cnm.record_io import load_record, record_files
from cnm.result import Result, assess


def _key(record: Record) -> tuple[int, int]:
    return record.period.year, record.period.half or 0


def earlier_results(record: Record, folder: Path, methodology) -> tuple[list[Result], list[str]]:
    """Results of the records in `folder` of the same mine, earlier periods of the same length,
    oldest first; and a note for every file that could not be read (they are skipped)."""
    out: dict[tuple[int, int], Result] = {}
    notes = []
    for f in record_files([folder]):
        try:
            other = load_record(f)
            if other.mine.id != record.mine.id or bool(other.period.half) != bool(record.period.half):
                continue
            if _key(other) < _key(record):
                out[_key(other)] = assess(other, methodology)
        except CnmError as exc:
            notes.append(f"{f}: {exc}")
    return [out[k] for k in sorted(out)], notes
