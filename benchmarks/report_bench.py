"""Report speed: one demo mine's report in HTML, PDF and DOCX, then a batch (default 100) in
process with templates and fonts loaded once. Baseline: assessing the same record (the core's
unit of work), measured in the same run; the target is well under a second per report.

    python -m benchmarks report        CNM_BENCH_BATCH=20 python -m benchmarks report
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from cnm import assess, default_methodology, load_record
from cnm.planner import plan
from report_builder import ReportInput, render, source_stamp

RECORDS = Path(__file__).resolve().parents[1] / "examples" / "records"
MINE = "qianxi-iron"


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run() -> dict:
    m = default_methodology()
    records = [load_record(RECORDS / f"{MINE}_{y}.yaml") for y in (2022, 2023, 2024)]
    record = records[-1]
    history = [assess(r, m) for r in records[:-1]]

    def make_input():
        return ReportInput(result=assess(record, m), methodology=m, plan=plan(record, m), history=history,
                           generated=source_stamp(record))

    t = time.perf_counter()
    render(make_input(), "zh")  # first report: loads templates and fonts
    first = time.perf_counter() - t
    base = _best(lambda: assess(record, m), 20)
    inp = make_input()
    row = {"assess (baseline)": base,
           "plan": _best(lambda: plan(record, m)),
           "html": _best(lambda: render(inp, "zh", ("html",))),
           "pdf (html + pdf)": _best(lambda: render(inp, "zh", ("pdf",))),
           "docx": _best(lambda: render(inp, "zh", ("docx",))),
           "all three (plan included)": _best(lambda: render(make_input(), "zh"))}
    print(f"first report (loads fonts and templates): {first:.2f} s")
    for k, v in row.items():
        print(f"{k:28s} {v * 1000:9.1f} ms   x{v / base:8.1f} of assess")
    n = int(os.environ.get("CNM_BENCH_BATCH", "100"))
    langs = ("zh", "en")
    t = time.perf_counter()
    for i in range(n):
        render(make_input(), langs[i % 2])
    batch = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"batch of {n} reports, three formats each: {batch:.1f} s, {batch / n:.3f} s per report "
          f"(x{batch / n / base:.0f} of assess), peak RSS {rss:.0f} MiB")
    return {**row, "first": first, "batch_per_report": batch / n, "peak_rss_mib": rss}


if __name__ == "__main__":
    run()
