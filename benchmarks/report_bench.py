"""Report speed: one demo mine's report (with its trend) stage by stage and per format, then a
batch (default 100, `CNM_BENCH_BATCH=n` for a quick run) in this process and in one worker
process per core (as `cnm report FOLDER` makes them; templates and fonts loaded once per
process), and a verdict against the target of issue 6: well under a second per report.
Baseline: assessing the mine's three periods (the core's unit of work), measured in the same run.

    python -m benchmarks report_bench          CNM_BENCH_BATCH=10 python -m benchmarks report_bench
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import measure, report
from cnm import default_methodology, load_record
from cnm.history import mine_history
from report_builder import FORMATS, render, source_stamp
from report_builder.batch import ReportJob, run_reports
from report_builder.context import build
from report_builder.gc_tuning import fewer_collections
from report_builder.html_render import render_html
from report_builder.inputs import RenderInputs, assemble
from report_builder.pdf_render import layout, write

RECORDS = Path(__file__).resolve().parents[1] / "examples" / "records"
MINE = "qianxi-iron"
TARGET_S = 1.0  # seconds per report, every format (issue 6: "well under a second")
WELL_UNDER_S = 0.75


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _as_in_render(fn):
    """`fn` run with the collector's thresholds `render` uses, so the stages add up to it."""
    def run():
        with fewer_collections():
            return fn()
    return run


def _one_report(m, inputs, baseline) -> float:
    """Print the stages and formats of one report; return the PDF's seconds. Every object of
    these runs is dropped on return, so the batch's collections do not walk a kept document."""
    t = time.perf_counter()
    render(assemble(inputs(), m), "zh")
    first = time.perf_counter() - t
    inp = assemble(inputs(), m)
    html = render_html(build(inp, "zh"), inp.generated)
    doc = layout(html)
    stages = [("assess and plan (inputs.assemble)", *measure(lambda: assemble(inputs(), m))),
              ("  PDF stage: WeasyPrint layout", *measure(_as_in_render(lambda: layout(html)))),
              ("  PDF stage: write (draw, subset fonts)", *measure(_as_in_render(lambda: write(doc))))]
    formats = [(f"{f.upper()} only (context, {'HTML, WeasyPrint' if f == 'pdf' else f})",
                *measure(lambda f=f: render(inp, "zh", (f,)))) for f in FORMATS]
    whole = measure(lambda: render(assemble(inputs(), m), "zh"))
    report(f"report of {MINE} 2024 with its trend, {len(doc.pages)} pages (first report, loading fonts: {first:.2f} s)",
           baseline, [*stages, *formats, ("one report: assess, plan, all three formats", *whole)])
    return formats[1][1]


def _batch(inputs, n: int, workers: int, folder: Path) -> tuple[float, float]:
    """(wall, CPU of this process) seconds per report of `n` reports, zh and en alternating, made
    by `workers` processes (1: in this process) as `cnm report` does (bundles written)."""
    jobs = [ReportJob(inputs(("zh", "en")[i % 2]), folder / str(i)) for i in range(n)]
    wall, cpu = _clock()
    outcomes = run_reports(jobs, workers=workers)
    wall, cpu = ((a - b) / n for a, b in zip(_clock(), (wall, cpu), strict=True))
    failed = [o.error for o in outcomes if o.error]
    assert not failed, failed[0]
    return wall, cpu


def run() -> None:
    m = default_methodology()
    record = load_record(RECORDS / f"{MINE}_2024.yaml")
    earlier = [load_record(RECORDS / f"{MINE}_{y}.yaml") for y in (2022, 2023)]

    def inputs(lang: str = "zh") -> RenderInputs:  # what `cnm report REC --history DIR` renders from
        return RenderInputs(record=record, lang=lang, formats=FORMATS, stamp=source_stamp(record), earlier=earlier)

    base = measure(lambda: mine_history([*earlier, record], m), repeat=10)
    pdf_s = _one_report(m, inputs, ("assess the mine's three periods", *base))

    n = int(os.environ.get("CNM_BENCH_BATCH", "100"))
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="cnm-bench-") as tmp:
        one_wall, one_cpu = _batch(inputs, n, 1, Path(tmp) / "one")
        print(f"batch of {n} reports in this process (zh and en alternating; assess, plan, HTML, PDF, DOCX, "
              f"bundle each): {one_wall:.3f} s per report (CPU {one_cpu:.3f} s), x{one_wall / base[0]:.0f} of the baseline")
        wall, _ = _batch(inputs, n, cores, Path(tmp) / "pool")
        print(f"batch of {n} reports in {cores} worker processes (`cnm report FOLDER`, fonts and templates loaded "
              f"once per worker): {wall:.3f} s per report, x{wall / base[0]:.0f} of the baseline, "
              f"{one_wall / wall:.2f}x the throughput of one process")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"target well under {TARGET_S:.0f} s per report (read as < {WELL_UNDER_S} s), all three formats: "
          f"in one process {_verdict(one_wall)} ({one_wall:.2f} s per report, of which the PDF {pdf_s:.2f} s); "
          f"as a batch in {cores} worker processes {_verdict(wall)} ({wall:.2f} s per report; {cores} cores, "
          f"load average {load:.1f})")


def _verdict(seconds: float) -> str:
    return "met" if seconds < WELL_UNDER_S else "under a second but not well under" if seconds < TARGET_S else "not met"
