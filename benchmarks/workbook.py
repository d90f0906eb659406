"""Workbook speed: building the template, fill + read back, recalc, and the CNM_* UDF calls,
against assess() of the same record (the baseline measured in the same run)."""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path

import openpyxl

from benchmarks.common import measure, report
from cnm.methodology import default_methodology
from cnm.record_io import load_record
from cnm.result import assess
from workbook_templates.build import build_workbook
from workbook_templates.fill import fill_workbook
from workbook_templates.read import read_record
from workbook_templates.recalc import recalc
from xl_addin import udfs

RECORD = Path(__file__).resolve().parent.parent / "examples" / "records" / "jinyuan-coal_2024.yaml"


def run() -> None:
    m = default_methodology()
    rec = load_record(RECORD)
    buf = BytesIO()
    build_workbook("zh").save(buf)
    with tempfile.TemporaryDirectory() as tmp:
        filled = Path(tmp) / "filled.xlsx"

        def fill():
            wb = openpyxl.load_workbook(BytesIO(buf.getvalue()))
            fill_workbook(wb, rec, "zh")
            wb.save(filled)

        fill()
        base = measure(lambda: assess(rec, m))
        build = measure(lambda: build_workbook("zh").save(BytesIO()), repeat=2)
        fill_t = measure(fill, repeat=2)
        read = measure(lambda: read_record(filled), repeat=2)
        rc = measure(lambda: recalc(filled, Path(tmp) / "rc.xlsx"), repeat=2)
        scores = [[60.0]] * 24
        calls = measure(lambda: [udfs.CNM_CO2E(100.0, "t", "diesel") for _ in range(100)]
                        + [udfs.CNM_INDICATOR("I02", 150.0, "coal_underground") for _ in range(100)]
                        + [udfs.CNM_SCORE(scores) for _ in range(100)])
    report("workbook: one record (jinyuan-coal 2024)", ("assess", *base),
           [("build the template (no save to disk)", *build), ("fill a record into it and save", *fill_t),
            ("read_record back", *read), ("recalc (read, assess, write cached values)", *rc),
            ("300 UDF calls (CO2E, INDICATOR, SCORE)", *calls)])
