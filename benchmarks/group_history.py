"""Consolidation and history at scale (issue 8): a group of 120 mines over three years.

Baseline, measured in the same run: assessing every record once on its own (`cnm score`).
Rows: consolidating the group (each member of the latest year assessed against its earlier
records) and the history of every mine (each period assessed against the earlier ones).
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from benchmarks.common import measure, report
from cnm.consolidation import consolidate
from cnm.group import Group
from cnm.history import histories
from cnm.methodology import default_methodology
from cnm.record_io import record_files, record_from_data
from cnm.result import assess

RECORDS = Path(__file__).resolve().parent.parent / "examples" / "records"
COPIES = 20  # x 6 demo mines x 3 years = 360 records


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


def run() -> None:
    m = default_methodology()
    records = _records()
    ids = sorted({r.mine.id for r in records})
    group = Group.model_validate({"id": "bench-group", "name_zh": "基准集团", "approach": "equity",
                                  "members": [{"mine": i, "equity_percent": 60} for i in ids]})
    base = measure(lambda: [assess(r, m) for r in records], repeat=1)
    cons = measure(lambda: consolidate(group, records, m), repeat=1)
    hist = measure(lambda: histories(records, m), repeat=1)
    report(f"group and history: {len(records)} records ({len(ids)} mines x 3 years)",
           ("assess every record on its own", *base),
           [("consolidate the group (latest year, with history)", *cons),
            ("history of every mine", *hist)])
