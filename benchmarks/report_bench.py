"""Report speed: one demo mine's report in HTML, PDF and DOCX, then a batch (default 100) in
process with templates and fonts loaded once. Baseline: assessing the same record (the core's
unit of work), measured in the same run. Target: well under a second per report.

    python -m benchmarks report_bench          CNM_BENCH_BATCH=20 python -m benchmarks report_bench
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.common import measure, report
from cnm import default_methodology, load_record
from cnm.history import mine_history
from cnm.planner import plan
from report_builder import ReportInput, render, source_stamp

RECORDS = Path(__file__).resolve().parents[1] / "examples" / "records"
MINE = "qianxi-iron"


def run() -> None:
    m = default_methodology()
    records = [load_record(RECORDS / f"{MINE}_{y}.yaml") for y in (2022, 2023, 2024)]
    record, earlier = records[-1], records[:-1]

    def make_input() -> ReportInput:
        results = mine_history(records, m).results
        return ReportInput(result=results[-1], methodology=m, history=results[:-1], generated=source_stamp(record),
                           plan=plan(record, m, history=earlier))

    t = time.perf_counter()
    render(make_input(), "zh")
    first = time.perf_counter() - t
    inp = make_input()
    base = measure(lambda: mine_history(records, m), repeat=10)
    rows = [("plan to the next grade", *measure(lambda: plan(record, m, history=earlier))),
            ("HTML", *measure(lambda: render(inp, "zh", ("html",)))),
            ("PDF (HTML + WeasyPrint)", *measure(lambda: render(inp, "zh", ("pdf",)))),
            ("DOCX (python-docx + charts as PNG)", *measure(lambda: render(inp, "zh", ("docx",)))),
            ("one report: assess, plan, all three formats", *measure(lambda: render(make_input(), "zh")))]
    report(f"report of {MINE} 2024 with its trend (first report, loading fonts: {first:.2f} s)",
           ("assess the mine's three periods", *base), rows)
    n = int(os.environ.get("CNM_BENCH_BATCH", "100"))
    t = time.perf_counter()
    for i in range(n):
        render(make_input(), ("zh", "en")[i % 2])
    per = (time.perf_counter() - t) / n
    print(f"batch of {n} reports (zh and en alternating, three formats each): {per:.3f} s per report, "
          f"x{per / base[0]:.0f} of the baseline")
