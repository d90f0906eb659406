"""Validation speed: validate + extract + recompute of the demo workbooks against merely loading the
same files (openpyxl read-only, the baseline; openpyxl full; python-calamine), and scaling of
`cnm validate --jobs N` on a batch of generated workbooks.

    python -m benchmarks validate          # CNM_BENCH_WORKBOOKS=1000 by default
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import measure, report

RECORDS = Path(__file__).resolve().parent.parent / "examples" / "records"


def demo_workbooks(folder: Path) -> list[Path]:
    """Every demo record filled into the template and recalculated by the core (`cnm recalc`)."""
    from cnm.record_io import load_record, record_files
    from workbook_templates.api import fill, write_templates
    from workbook_templates.recalc import recalc

    template = write_templates(folder / "template" / "template.xlsx").xlsx
    out = []
    for f in record_files([RECORDS]):
        filled = fill(load_record(f), folder / "filled" / f"{f.stem}.xlsx", template)
        out.append(folder / "demo" / f"{f.stem}.xlsx")
        recalc(filled, out[-1])
    return out


def _openpyxl_read_only(files: list[Path]) -> None:
    import openpyxl

    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()


def _openpyxl_full(files: list[Path]) -> None:
    import openpyxl

    for f in files:
        openpyxl.load_workbook(f)


def _calamine(files: list[Path]) -> None:
    from python_calamine import CalamineWorkbook

    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


def _validate_extract(files: list[Path]) -> None:
    from cnm.record_io import dump_record
    from validator.pipeline import validate_file

    for f in files:
        outcome = validate_file(f)
        assert outcome.ok, outcome.findings
        dump_record(outcome.record)


def single(files: list[Path]) -> None:
    from validator.pipeline import validate_file

    t0 = time.perf_counter()
    validate_file(files[0])  # per process, once: the template's formulas and locked sheets
    cold = time.perf_counter() - t0
    n = len(files)
    base = measure(lambda: _openpyxl_read_only(files))
    rows = [("openpyxl full load (formulas, styles)", *measure(lambda: _openpyxl_full(files))),
            ("python-calamine load (values)", *measure(lambda: _calamine(files))),
            ("validate + extract + recompute", *measure(lambda: _validate_extract(files)))]
    report(f"validate: {n} demo workbooks (per batch of {n})", ("openpyxl read-only load, every cell", *base), rows)
    print(f"per workbook: baseline {base[0] / n * 1000:.0f} ms, validate {rows[2][1] / n * 1000:.0f} ms; "
          f"first workbook of a process {cold * 1000:.0f} ms (builds the template's formulas and locked sheets once)")


def scaling(files: list[Path], folder: Path, count: int) -> None:
    from validator.batch import run_batch

    batch = folder / "batch"
    batch.mkdir()
    copies = []
    for i in range(count):
        src = files[i % len(files)]
        copies.append(batch / f"{i:05d}_{src.name}")
        shutil.copyfile(src, copies[-1])
    cores = os.cpu_count() or 1
    print(f"\n## cnm validate --jobs N on {count} generated workbooks ({cores} cores)")
    print(f"{'jobs':>5} {'seconds':>9} {'workbooks/s':>12} {'speed-up':>9} {'efficiency':>11}")
    first = None
    for jobs in sorted({1, 2, cores}):
        t0 = time.perf_counter()
        outcomes = run_batch(copies, jobs=jobs)
        seconds = time.perf_counter() - t0
        assert len(outcomes) == count
        first = first or seconds
        print(f"{jobs:>5} {seconds:>9.1f} {count / seconds:>12.1f} {first / seconds:>9.2f} {first / seconds / jobs:>11.2f}")


def run() -> None:
    count = int(os.environ.get("CNM_BENCH_WORKBOOKS", "1000"))
    with tempfile.TemporaryDirectory(prefix="cnm-bench-validate-") as tmp:
        folder = Path(tmp)
        print("preparing the demo workbooks (fill + recalc) ...", flush=True)
        files = demo_workbooks(folder)
        single(files)
        if count:
            scaling(files, folder, count)
