"""Batches: a crashing or hanging worker is a finding, the others go on; cross-workbook serials;
reports (CSV with BOM, XLSX, JSON) with formula injection neutralised."""

from __future__ import annotations

import csv
import json
import os
import time
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from tests import hostile
from tests.conftest import make_record
from validator.batch import cross_workbook_checks, run_batch, workbook_files
from validator.codes import make
from validator.limits import DEFAULT_LIMITS
from validator.outcome import WorkbookOutcome
from validator.pipeline import validate_file
from validator.report import write_report


def crash_or_hang(path, limits, methodology):
    """A validate function for the pool: kills its process or sleeps, by file name."""
    name = Path(path).name
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("hang"):
        time.sleep(60)
    return validate_file(path, limits, methodology)


def test_one_bad_file_never_stops_the_batch(tmp_path):
    files = []
    for name in ("a.xlsx", "crash.xlsx", "hang.xlsx", "b.xlsx"):
        p = tmp_path / name
        p.write_bytes(hostile.simple_workbook())
        files.append(p)
    seen = []
    outcomes = run_batch(files, jobs=2, limits=replace(DEFAULT_LIMITS, timeout_seconds=3), on_done=seen.append,
                         validate=crash_or_hang)
    assert [o.file for o in outcomes] == [str(f) for f in files]
    assert [[f.code for f in o.findings] for o in outcomes] == [["template-unknown"], ["worker-crash"], ["worker-timeout"],
                                                                   ["template-unknown"]]
    assert len(seen) == 4 and "exit code 3" in outcomes[1].findings[0].message_en


def test_folders_expand_to_workbooks_without_lock_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.xlsx", "sub/a.xlsm", "~$b.xlsx", ".hidden.xlsx", "notes.txt", "old.xls"):
        (tmp_path / name).write_bytes(b"x")
    names = [p.relative_to(tmp_path).as_posix() for p in workbook_files([tmp_path, tmp_path / "b.xlsx"])]
    assert names == ["b.xlsx", "old.xls", "sub/a.xlsm"]


def _credit(serial_from: str, serial_to: str, quantity: float = 100):
    return {"programme": "CCER", "project_id": "P-1", "serial_start": serial_from, "serial_end": serial_to,
            "vintage": 2023, "quantity": quantity, "retirement_date": "2024-03-01", "beneficiary": "测试矿山"}


def test_a_serial_range_claimed_in_two_workbooks_is_an_error_in_the_later_one():
    a = make_record(offsets=[_credit("S-000100", "S-000199")])
    b = make_record(mine={"id": "other-mine", "name_zh": "另一矿山"}, offsets=[_credit("S-000150", "S-000249")])
    c = make_record(mine={"id": "third-mine", "name_zh": "第三矿山"}, offsets=[_credit("S-000300", "S-000399")])
    outcomes = [WorkbookOutcome(file=f"{r.mine.id}.xlsx", record=r) for r in (a, b, c)]
    cross_workbook_checks(outcomes)
    assert [[f.code for f in o.findings] for o in outcomes] == [[], ["batch-duplicate-serial"], []]
    f = outcomes[1].findings[0]
    assert f.severity == "error" and "test-mine.xlsx" in f.message_en and f.file == "other-mine.xlsx"


def test_a_workbook_with_an_unrelated_error_still_takes_part_in_the_serial_check():
    """A credit claimed by a workbook that failed for another reason is still claimed (G-7)."""
    a = make_record(offsets=[_credit("S-000100", "S-000199")])
    b = make_record(mine={"id": "other-mine", "name_zh": "另一矿山"}, offsets=[_credit("S-000150", "S-000249")])
    failed = WorkbookOutcome(file="a.xlsx", claimed=a, findings=[make("required-missing", "基本信息!C5", "a.xlsx",
                                                                      what_zh="矿山名称", what_en="mine name")])
    later = WorkbookOutcome(file="b.xlsx", record=b)
    cross_workbook_checks([failed, later])
    assert failed.record is None and [f.code for f in later.findings] == ["batch-duplicate-serial"]
    assert "a.xlsx" in later.findings[0].message_en


def test_the_same_mine_and_period_twice_is_a_warning():
    outcomes = [WorkbookOutcome(file=n, record=make_record()) for n in ("first.xlsx", "second.xlsx")]
    cross_workbook_checks(outcomes)
    assert [[f.code for f in o.findings] for o in outcomes] == [[], ["batch-duplicate-record"]]


HOSTILE_TEXT = "=HYPERLINK(\"http://evil.invalid\",\"click\")"


def _outcomes():
    bad = WorkbookOutcome(file="+evil.xlsx", findings=[
        make("dde-link", "基本信息!C5", "+evil.xlsx", what=HOSTILE_TEXT),
        make("file-extension", "", "+evil.xlsx", suffix="@x", kind_en="-y"),
    ])
    good = WorkbookOutcome(file="good.xlsx", record=make_record(), sha256="ab" * 32)
    return [bad, good]


def test_csv_report_has_a_bom_one_row_per_finding_and_no_live_formula(tmp_path):
    path = write_report(tmp_path / "r.csv", _outcomes())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 2 and rows[0]["code"] == "dde-link" and rows[0]["location"] == "基本信息!C5"
    assert rows[0]["severity"] == "error" and rows[1]["code"] == "file-extension"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert rows[0]["file"] == "'+evil.xlsx" and rows[0]["what_to_do_zh"] and rows[0]["message_en"]


def test_xlsx_report_cells_are_text_never_formulas(tmp_path):
    path = write_report(tmp_path / "r.xlsx", _outcomes())
    wb = openpyxl.load_workbook(path)
    ws = wb["问题 Findings"]
    assert [c.value for c in ws[2]] == ["file", "location", "code", "severity", "message_zh", "message_en",
                                        "what_to_do_zh", "what_to_do_en"]
    values = [c for row in ws.iter_rows(min_row=3) for c in row if c.value is not None]
    assert values and all(c.data_type != "f" for c in values)
    assert all(not str(c.value).startswith(("=", "+", "-", "@")) for c in values)
    summary = wb["工作簿 Workbooks"]
    assert [r[1].value for r in summary.iter_rows(min_row=3)] == ["fail", "pass"]


def test_json_report(tmp_path):
    doc = json.loads(write_report(tmp_path / "r.json", _outcomes()).read_text(encoding="utf-8"))
    assert doc["schema_version"] == "cnm-validation/1"
    assert [w["verdict"] for w in doc["workbooks"]] == ["fail", "pass"]
    assert doc["workbooks"][1]["mine"] == "test-mine" and len(doc["findings"]) == 2


def test_report_suffix_is_checked(tmp_path):
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_report(tmp_path / "r.txt", _outcomes())


def hog(path, limits, methodology):
    """A validate function that asks for far more memory than its worker may have."""
    block = bytearray(2 * 1024**3)
    return block


def test_a_worker_over_its_memory_limit_is_a_finding(tmp_path):
    vm = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize:"))
    p = tmp_path / "big.xlsx"
    p.write_bytes(hostile.simple_workbook())
    limits = replace(DEFAULT_LIMITS, worker_memory_bytes=vm + 512 * 1024**2, timeout_seconds=30)
    [outcome] = run_batch([p], jobs=1, limits=limits, validate=hog)
    assert [f.code for f in outcome.findings] == ["worker-crash"] and "memory" in outcome.findings[0].message_en


def test_the_benchmark_batch_is_distinct_records_that_each_pass(tmp_path):
    """benchmarks/validate.py's --jobs batch: copies of the demo workbooks become other mines (own id
    and credit serials, changed computed cells recalculated); each passes and extracts its record."""
    from benchmarks.validate import _check_outcomes, batch_workbooks
    from tests.validator_corpus import demo_names, recalculated

    demo = [recalculated(n) for n in demo_names()[:3]]
    files, records = batch_workbooks(tmp_path, demo, 7)  # the 3 demo workbooks, then 4 copies
    assert len({r.key for r in records}) == 7 and len({o.serial_start for r in records for o in r.offsets}) == sum(
        len(r.offsets) for r in records)
    outcomes = run_batch(files, jobs=1)
    _check_outcomes(outcomes, records)
    assert all(not o.findings or all(f.severity != "error" for f in o.findings) for o in outcomes)
