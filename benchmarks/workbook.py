"""Workbook speed: building the template (and the .xlsm with its VBA module), fill + read back,
recalc, and the CNM_* UDF calls (CNM_SCORE of the whole input range too), against assess() of
the same record (the baseline measured in the same run)."""

from __future__ import annotations

import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl

from benchmarks.common import measure, report
from cnm.methodology import default_methodology
from cnm.record_io import load_record
from cnm.result import assess
from workbook_templates.build import build_workbook
from workbook_templates.fill import fill_workbook
from workbook_templates.inputs_sheet import input_rows
from workbook_templates.read import read_record
from workbook_templates.recalc import recalc
from workbook_templates.vba_project import add_module
from workbook_templates.xlsm import VBA_PART, build_xlsm, quickstart_path
from xl_addin import udfs
from xl_addin.vba import MODULE_NAME, vba_wrapper

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
        xlsm = build_xlsm("zh")
        fill_workbook(xlsm, rec, "zh")
        rows = input_rows(xlsm)
        whole = measure(lambda: udfs.CNM_SCORE(rows))
        build_m = measure(lambda: build_xlsm("zh").save(BytesIO()), repeat=2)
        with zipfile.ZipFile(quickstart_path()) as z:
            project = z.read(VBA_PART)
        source = vba_wrapper()
        module = measure(lambda: add_module(project, MODULE_NAME, source))
    report("workbook: one record (jinyuan-coal 2024)", ("assess", *base),
           [("build the template (no save to disk)", *build), ("fill a record into it and save", *fill_t),
            ("read_record back", *read), ("recalc (read, assess, write cached values)", *rc),
            ("300 UDF calls (CO2E, INDICATOR, SCORE)", *calls),
            ("CNM_SCORE(cnm.inputs): record rebuilt + assess", *whole),
            ("build the .xlsm (no save to disk)", *build_m),
            ("add the xlwings_udfs module to the VBA project", *module)])
