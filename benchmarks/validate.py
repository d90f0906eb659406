"""Validation speed: validate + extract + recompute of the demo workbooks against merely loading the
same files (openpyxl read-only, the baseline; openpyxl full; python-calamine), and scaling of
`cnm validate --jobs N` on a batch of distinct generated workbooks (each demo record, then copies as
other mines with their own credit serials; every outcome is checked).

    python -m benchmarks validate          # CNM_BENCH_WORKBOOKS=1000 by default
"""

from __future__ import annotations

import os
import re
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


def _shift(serial: str | None, k: int) -> str | None:
    """The serial `k` blocks of 1,500,000 further on (the demo ranges all lie below 1,500,000)."""
    if not serial:
        return serial
    prefix, _, digits = serial.rpartition("-")
    return f"{prefix}-{int(digits) + k * 1_500_000:0{len(digits)}d}"


def distinct_record(record, k: int):
    """The k-th copy of a demo record as another mine: its own id and its own credit serials (so
    the batch has no duplicate record and no serial claimed twice); the rest as it is."""
    if k == 0:
        return record
    mine = record.mine.model_copy(update={"id": f"{record.mine.id}-{k:03d}"})
    offsets = [o.model_copy(update={"serial_start": _shift(o.serial_start, k), "serial_end": _shift(o.serial_end, k)})
               for o in record.offsets]
    return record.model_copy(update={"mine": mine, "offsets": offsets})


def _cell_xml(ref: str, attrs: str, body: str, value, cached: bool) -> str:
    """A cell with a new value (an input) or a new cached value (a formula cell, formula kept)."""
    from xml.sax.saxutils import escape

    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
    text = isinstance(value, str)
    if cached:
        formula = re.search(r"<f[^>]*>.*?</f>|<f[^>]*/>", body, re.S).group(0)
        kind = ' t="str"' if text else ""
        return f'<c r="{ref}"{attrs}{kind}>{formula}<v>{escape(str(value))}</v></c>'
    if text:
        return f'<c r="{ref}"{attrs} t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"{attrs}><v>{value}</v></c>'


def _patched(data: bytes, edits: dict[str, dict[str, tuple[object, bool]]], parts: dict[str, str]) -> bytes:
    """The package with cells replaced: {sheet title: {coord: (value, is a cached value)}}."""
    import io
    import zipfile

    by_part = {parts[title]: cells for title, cells in edits.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in by_part:
                xml = body.decode("utf-8")
                for ref, (value, cached) in by_part[info.filename].items():
                    xml = re.sub(rf'<c r="{ref}"(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</c>)',
                                 lambda m, r=ref, v=value, c=cached: _cell_xml(r, m.group("attrs"), m.group("body") or "",
                                                                               v, c), xml, count=1, flags=re.S)
                body = xml.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def _copy_as(base: bytes, record, copy, parts, methodology) -> bytes:
    """A recalculated workbook of `record` turned into one of `copy` (another mine id and credit
    serials): the input cells and the computed cells whose core figures change."""
    from validator.locate import Locator
    from workbook_templates.figures import calc_cells

    loc = Locator.for_sheetnames(list(parts))
    edits: dict[str, dict[str, tuple[object, bool]]] = {}

    def put(where: str, value, cached: bool) -> None:
        title, coord = where.split("!")
        edits.setdefault(title, {})[coord] = (value, cached)

    put(loc.cell("mine.id"), copy.mine.id, False)
    for i, credit in enumerate(copy.offsets):
        put(loc.cell(f"offsets[{i}].serial_start"), credit.serial_start, False)
        put(loc.cell(f"offsets[{i}].serial_end"), credit.serial_end, False)
    before = {(c.sheet, c.coord): c.value for c in calc_cells(record, methodology=methodology)}
    for c in calc_cells(copy, methodology=methodology):
        if before.get((c.sheet, c.coord)) != c.value:
            put(loc.cell_of(c.sheet, c.coord), c.value, True)
    return _patched(base, edits, parts)


def batch_workbooks(folder: Path, demo_files: list[Path], count: int) -> tuple[list[Path], list]:
    """`count` distinct workbooks: the demo workbooks, then copies as other mines (their own id and
    credit serials, the computed cells that change recalculated by the core); and their records."""
    from cnm.methodology import default_methodology
    from cnm.record_io import load_record
    from validator.container import inspect_package
    from validator.limits import DEFAULT_LIMITS

    m = default_methodology()
    folder.mkdir(parents=True, exist_ok=True)
    demo = [(load_record(RECORDS / f"{f.stem}.yaml"), f.read_bytes()) for f in demo_files]
    parts = inspect_package(demo[0][1], "", DEFAULT_LIMITS).sheets
    files, records = [], []
    for i in range(count):
        record, data = demo[i % len(demo)]
        copy = distinct_record(record, i // len(demo))
        out = folder / f"{i:05d}_{copy.mine.id}_{copy.period.label}.xlsx"
        out.write_bytes(data if copy is record else _copy_as(data, record, copy, parts, m))
        files.append(out)
        records.append(copy)
    return files, records


def scaling(files: list[Path], folder: Path, count: int) -> None:
    from validator.batch import run_batch

    t0 = time.perf_counter()
    files, records = batch_workbooks(folder / "batch", files, count)
    print(f"\n(prepared {count} distinct workbooks in {time.perf_counter() - t0:.0f} s)")
    cores = os.cpu_count() or 1
    print(f"\n## cnm validate --jobs N on {count} distinct workbooks ({cores} cores)")
    print(f"{'jobs':>5} {'seconds':>9} {'workbooks/s':>12} {'speed-up':>9} {'efficiency':>11} {'worker CPU s':>13}")
    first = None
    for jobs in sorted({1, 2, cores}):
        t0, c0 = time.perf_counter(), os.times()
        outcomes = run_batch(files, jobs=jobs)
        seconds, c1 = time.perf_counter() - t0, os.times()
        cpu = c1.children_user - c0.children_user + c1.children_system - c0.children_system
        _check_outcomes(outcomes, records)
        first = first or seconds
        print(f"{jobs:>5} {seconds:>9.1f} {count / seconds:>12.1f} {first / seconds:>9.2f} {first / seconds / jobs:>11.2f}"
              f" {cpu:>13.1f}")
    print("(worker CPU s: the CPU time of the worker processes; on a busy machine the wall time is bounded by the "
          "CPU share the run gets, while the CPU time shows whether the work grows with the workers)")


def _check_outcomes(outcomes, records) -> None:
    """Every workbook passes, no batch finding (each is another record), each extracts its record."""
    assert len(outcomes) == len(records)
    bad = [(o.file, [(f.code, f.loc) for f in o.findings if f.severity == "error" or f.code.startswith("batch-")])
           for o in outcomes if not o.ok or any(f.code.startswith("batch-") for f in o.findings)]
    assert not bad, bad[:3]
    wrong = [o.file for o, r in zip(outcomes, records, strict=True) if o.record != r]
    assert not wrong, wrong[:3]


def run() -> None:
    count = int(os.environ.get("CNM_BENCH_WORKBOOKS", "1000"))
    with tempfile.TemporaryDirectory(prefix="cnm-bench-validate-") as tmp:
        folder = Path(tmp)
        print("preparing the demo workbooks (fill + recalc) ...", flush=True)
        files = demo_workbooks(folder)
        single(files)
        if count:
            scaling(files, folder, count)
