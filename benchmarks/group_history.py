"""Consolidation and history at scale (issue 8): a group of many mines over three years.

Baseline, measured in the same run: assessing every record once on its own (`cnm score`).
Printed: seconds and the ratio to the baseline for consolidating the group (each member
assessed against its earlier records) and for the history of every mine, and the peak memory
of the consolidation (tracemalloc).
"""

from __future__ import annotations

import copy
import time
import tracemalloc
from pathlib import Path

import yaml

from cnm.consolidation import consolidate
from cnm.group import Group
from cnm.history import histories
from cnm.methodology import default_methodology
from cnm.record_io import record_files, record_from_data
from cnm.result import assess

RECORDS = Path(__file__).resolve().parent.parent / "examples" / "records"
COPIES = 20  # x 6 demo mines x 3 years = 360 records, a group of 120 mines


def _records():
    docs = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in record_files([RECORDS])]
    out = []
    for k in range(COPIES):
        for d in docs:
            c = copy.deepcopy(d)
            c["mine"]["id"] = f"{c['mine']['id']}-{k:03d}"
            c["mine"]["parent_group"] = "bench-group"
            for credit in c.get("offsets", []):
                credit["project_id"] = f"{credit.get('project_id')}-{k}"
            out.append(record_from_data(c))
    return out


def _timed(fn):
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def run() -> dict:
    m = default_methodology()
    records = _records()
    ids = sorted({r.mine.id for r in records})
    group = Group.model_validate({"id": "bench-group", "name_zh": "基准集团", "approach": "equity",
                                  "members": [{"mine": i, "equity_percent": 60}
                                              for i in ids]})
    base, _ = _timed(lambda: [assess(r, m) for r in records])
    cons, _ = _timed(lambda: consolidate(group, records, m))
    hist, _ = _timed(lambda: histories(records, m))
    tracemalloc.start()
    consolidate(group, records, m)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    out = {"records": len(records), "baseline_s": base, "consolidate_s": cons, "consolidate_ratio": cons / base,
           "history_s": hist, "history_ratio": hist / base, "consolidate_peak_mb": peak / 2**20}
    print(f"group_history: {len(records)} records ({len(ids)} mines x 3 years); baseline assess-all {base:.2f} s; "
          f"consolidate {cons:.2f} s = {cons / base:.2f}x (peak {peak / 2**20:.0f} MB); "
          f"history of every mine {hist:.2f} s = {hist / base:.2f}x")
    return out
