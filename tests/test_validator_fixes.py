"""Defects found by an assessor's exploratory test of `cnm validate` / `cnm extract` (F1-F8 and the
minor ones), each with the workbook or command that showed it. The per-cell defects are in the
defect corpus (tests/test_validator_corpus.py); these are the ones that need more than one finding
checked, a command line, or a batch."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os

import pytest
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.record_io import load_record, record_from_data
from cnm.result import assess
from tests import hostile
from tests.conftest import DEMO_RECORDS
from tests.test_validator_corpus import corpus
from tests.validator_corpus import calc_where, recalculated, where, workdir
from validator.locate import label_of, unit_choices
from validator.pipeline import validate_file
from validator.plausibility import record_checks

BASE = "jinyuan-coal_2024"
runner = CliRunner()


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _validate(name: str, data: bytes):
    path = workdir("fixes") / f"{name}.xlsx"
    path.write_bytes(data)
    return validate_file(path)


# ---- F1: the report never overwrites a workbook; a report in the inbox is skipped ----

@pytest.mark.parametrize("command", ["validate", "extract"])
def test_a_report_path_that_is_an_input_is_refused_and_the_input_kept(tmp_path, command):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    book = inbox / "mine.xlsx"
    book.write_bytes(hostile.simple_workbook())
    before = _sha(book)
    (tmp_path / "link.xlsx").symlink_to(book)
    os.link(book, tmp_path / "hard.xlsx")
    extra = ["-o", str(tmp_path / "records")] if command == "extract" else []
    for inputs, report in (([book], book), ([book], tmp_path / "link.xlsx"), ([inbox], book),
                           ([inbox], inbox / ".." / "inbox" / "mine.xlsx"), ([tmp_path / "hard.xlsx"], book)):
        res = runner.invoke(app, [command, *map(str, inputs), "--report", str(report), "-j", "1", *extra])
        assert res.exit_code == 2, (inputs, report, res.output)
        assert "same-file" in res.output and "不能覆盖" in res.output and "would overwrite" in res.output
        assert _sha(book) == before
    assert not (tmp_path / "records").exists()  # refused before anything ran


def test_a_findings_report_in_the_inbox_is_skipped_and_may_be_replaced(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "mine.xlsx").write_bytes(hostile.simple_workbook())
    report = inbox / "校验结果.xlsx"
    first = runner.invoke(app, ["validate", str(inbox), "--report", str(report), "-j", "1", "--lang", "en"])
    assert first.exit_code == 1 and "1 workbook(s)" in first.stdout
    second = runner.invoke(app, ["validate", str(inbox), "--report", str(report), "-j", "1", "--lang", "en"])
    assert second.exit_code == 1, second.output  # the mine's workbook still fails; the report is no input
    assert "skipped: " in second.stdout and "1 skipped" in second.stdout
    from openpyxl import load_workbook

    rows = list(load_workbook(report).worksheets[0].iter_rows(min_row=3, values_only=True))
    codes = {(os.path.basename(r[0]), r[2]) for r in rows}
    assert codes == {("mine.xlsx", "template-unknown"), ("校验结果.xlsx", "findings-report-skipped")}


def test_a_template_workbook_carrying_the_report_marker_is_still_validated():
    """The marker alone does not get a submission past the checks."""
    from openpyxl.packaging.custom import StringProperty  # noqa: F401  (the marker is a custom property)

    good = recalculated(BASE).read_bytes()
    custom = hostile.member(good, "docProps/custom.xml").decode().replace(
        "</Properties>", '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" name="cnm-findings-report">'
        '<vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">x</vt:lpwstr>'
        "</property></Properties>")
    o = _validate("marked-template", hostile.rewrite(good, replace={"docProps/custom.xml": custom.encode()}))
    assert not o.skipped and o.ok and o.record is not None


# ---- F2: a unit the template cannot look up is found at its cell, not as stale results ----

def test_a_unit_outside_the_list_after_recalculation_is_blamed_on_the_unit_not_the_results():
    """LibreOffice recalculated the workbook with 'lb': every total is #N/A."""
    good = recalculated(BASE).read_bytes()
    bad = hostile.set_cell(good, *where("fuels[0].unit"), "lb")
    for key in ("total", "grade", "offset_share"):
        bad = hostile.set_cached(bad, *calc_where(key), "#N/A")
    o = _validate("lb-recalculated", bad)
    assert [(f.code, f.loc) for f in o.findings if f.severity == "error"] == [("unit-invalid", "!".join(where("fuels[0].unit")))]
    assert not [f for f in o.findings if f.code in ("result-stale", "computed-stale")]
    [f] = o.findings
    assert "lb" in f.message_zh and "、".join(unit_choices("fuels[0]")) in f.message_zh
    assert o.record is None


# ---- F3: rows deleted or inserted ----

def test_libreoffice_s_empty_last_row_after_a_deletion_is_not_a_too_large_sheet():
    good = recalculated(BASE).read_bytes()
    o = _validate("empty-last-row", hostile.with_empty_last_row(good, where("fuels[0].value")[0]))
    assert o.findings == [] and o.ok and o.record is not None


@pytest.mark.parametrize(("defect", "path"), [("row-inserted", "fuels[0].value"),
                                            ("row-inserted-in-excel", "offsets[0].quantity")])
def test_an_inserted_row_is_one_finding_not_a_score_of_moved_formulas(defect, path):
    o = corpus()[defect]
    sheet = where(path)[0]
    [shift] = [f for f in o.findings if f.code == "rows-shifted"]
    assert "插入了 1 行" in shift.message_zh and "新模板" in shift.hint_zh
    moved = [f for f in o.findings if f.code in ("formula-edited", "formula-overwritten") and f.loc.startswith(sheet)]
    assert moved == [], [(f.code, f.loc) for f in moved]
    assert not o.ok and o.record is None


# ---- F4, F5, F8: what the reader took but must not ----

def test_formula_text_never_reaches_a_record():
    o = corpus()["formula-in-text-input"]
    assert o.record is None and not o.ok
    [f] = [f for f in o.findings if f.code == "input-formula"]
    assert "粘贴为数值" in f.message_zh and f.severity == "error"


def test_a_huge_number_is_out_of_range_at_its_cell_without_an_internal_error():
    o = corpus()["huge-number"]
    own = [f for f in o.findings if not f.code.startswith("batch-")]  # the corpus is one batch of one mine
    assert [f.code for f in own] == ["value-out-of-range"], [(f.code, f.message_en) for f in own]
    assert "inf" not in own[0].message_en


# ---- F6: a percentage typed as a fraction ----

def test_a_percentage_above_1_is_not_taken_for_a_fraction():
    assert not [f for f in corpus()["oxidation-over-100"].findings if f.code == "percent-as-fraction"]
    [f] = [f for f in corpus()["purity-as-fraction"].findings if f.code == "percent-as-fraction"]
    assert "0.95%" in f.message_zh and "应填 95" in f.message_zh and f.severity == "warning"


# ---- F7: missing-input / no-previous-period at the cell, once, naming the indicators ----

def test_an_output_of_0_is_one_finding_naming_the_field_and_its_indicators():
    o = corpus()["output-zero"]
    [f] = [f for f in o.findings if f.code == "missing-input"]
    assert f.loc == "!".join(where("production.output.value"))
    assert "主要产品产量" in f.message_zh and "为 0" in f.message_zh and "production.output" not in f.message_zh
    assert "（I02）" in f.message_zh and "(I02)" in f.message_en
    assert f.hint_zh and f.hint_en


def test_no_previous_period_is_located_at_the_previous_period_s_cell():
    o = corpus()["previous-output-zero"]
    [f] = [f for f in o.findings if f.code == "no-previous-period"]
    assert f.loc == "!".join(where("previous.output.value")) and "上一期产量" in f.message_zh
    assert "（I03）" in f.message_zh


# ---- previous period of a first half ----

def _checks(methodology, mutate):
    data = load_record(DEMO_RECORDS / f"{BASE}.yaml").model_dump(mode="json", exclude_none=True)
    mutate(data)
    record = record_from_data(data)
    return record_checks(record, assess(record, methodology), methodology, unit_choices, dt.date(2026, 1, 15), label_of)


@pytest.mark.parametrize(("period", "previous", "gap"), [
    ("H1", "2023H2", False), ("H1", "2023H1", False), ("H1", "2022H2", True),
    ("H2", "2024H1", False), ("H2", "2023H2", False), ("H2", "2023H1", True)])
def test_the_period_right_before_a_half_year_and_the_same_half_a_year_before_both_compare(methodology, period,
                                                                                            previous, gap):
    def mutate(d):
        d["period"]["half"] = int(period[1])
        d["previous"]["period"] = previous

    found = [f for f in _checks(methodology, mutate) if f.code == "previous-period-gap"]
    assert bool(found) == gap, [f.message_en for f in found]


# ---- minor: messages say the limit, the form, the value; every code says what to do ----

def test_range_and_form_messages_give_the_limit_and_an_example_in_both_languages():
    [year] = [f for f in corpus()["year-beyond"].findings if f.code == "value-out-of-range"]
    assert "2204" in year.message_zh and "2100" in year.message_zh and "数值过大" not in year.message_zh
    [mine_id] = [f for f in corpus()["mine-id-form"].findings if f.code == "value-invalid"]
    assert "jinyuan-coal" in mine_id.message_zh and "Jinyuan Coal" in mine_id.message_zh
    assert "^[" not in mine_id.message_en  # no regular expression


@pytest.mark.parametrize("defect", ["nan-text", "fullwidth-digits", "thousands-separator"])
def test_an_unreadable_number_is_quoted(defect):
    [f] = [f for f in corpus()[defect].findings if f.code == "value-invalid"]
    value = {"nan-text": "NaN", "fullwidth-digits": "３００", "thousands-separator": "6,750"}[defect]
    assert f"“{value}”" in f.message_zh and f"'{value}'" in f.message_en


def test_every_error_and_warning_code_says_what_to_do():
    from cnm.findings import CODES
    from validator.codes import CODES as VALIDATOR_CODES

    bare = [code for code, t in {**CODES, **VALIDATOR_CODES}.items()
            if t.severity != "info" and not (t.hint_zh.strip() and t.hint_en.strip())]
    assert bare == []


def test_the_findings_report_has_what_to_do_for_core_offset_findings(tmp_path):
    o = corpus()["beneficiary"]
    report = tmp_path / "r.csv"
    from validator.report import write_report

    write_report(report, [o])
    rows = [r for r in csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines()) if r["code"] == "offset-beneficiary"]
    assert rows and rows[0]["what_to_do_zh"] and rows[0]["what_to_do_en"]


def test_overwritten_cells_of_one_table_column_are_not_taken_for_moved_rows():
    """Two computed cells of a table column overwritten: every row of the table has the same
    formula, so the template's formula is found a few rows away, but nothing moved."""
    good = recalculated(BASE).read_bytes()
    bad = hostile.set_cell(good, *calc_where("fuel_tco2", 0), 1.0)
    bad = hostile.set_cell(bad, *calc_where("fuel_tco2", 1), 2.0)
    o = _validate("two-overwritten", bad)
    assert sorted(f.code for f in o.findings if f.severity == "error") == ["formula-overwritten", "formula-overwritten"]


def test_a_workbook_of_an_earlier_template_is_one_finding_and_cnm_fill_moves_it(tmp_path):
    """A workbook of cnm-template/1 (formulas since changed) gets one template-outdated error, not
    one formula error per changed cell; `cnm fill OLD.xlsx` writes its data into the current
    template, which then validates and reads back as the same record."""
    from tests.test_validator_corpus import _marker
    from workbook_templates.read import read_workbook

    source = DEMO_RECORDS / "jinyuan-coal_2024.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["fill", str(source), "-o", str(tmp_path / "now.xlsx")]).exit_code == 0
    old = tmp_path / "old.xlsx"
    old.write_bytes(_marker("cnm-template/1")((tmp_path / "now.xlsx").read_bytes()))
    before = _sha(old)
    codes = [f.code for f in validate_file(old).findings if f.severity == "error"]
    assert codes == ["template-outdated"]
    res = runner.invoke(app, ["fill", str(old), "-o", str(tmp_path / "moved.xlsx")])
    assert res.exit_code == 0, res.output
    moved = validate_file(tmp_path / "moved.xlsx")
    assert not [f for f in moved.findings if f.severity == "error"], moved.findings
    assert read_workbook(tmp_path / "moved.xlsx").record == read_workbook(tmp_path / "now.xlsx").record
    res = runner.invoke(app, ["fill", str(old), "-o", str(old)])
    assert res.exit_code != 0 and "不能覆盖" in res.output and _sha(old) == before
