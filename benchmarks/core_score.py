"""Scoring speed: assess() of every demo record against merely loading the same records."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import measure, report
from cnm.methodology import default_methodology
from cnm.record_io import load_record, record_files
from cnm.result import assess

RECORDS = Path(__file__).resolve().parent.parent / "examples" / "records"


def run() -> None:
    files = record_files([RECORDS])
    m = default_methodology()
    records = [load_record(f) for f in files]
    load = measure(lambda: [load_record(f) for f in files])
    score = measure(lambda: [assess(r, m) for r in records])
    both = measure(lambda: [assess(load_record(f), m) for f in files])
    contract = measure(lambda: [assess(r, m).contract() for r in records])
    report(f"core: {len(files)} demo records", ("load records (YAML + validation)", *load),
           [("assess (inventory, scores, grade)", *score), ("load + assess", *both),
            ("assess + JSON contract with trace", *contract)])
