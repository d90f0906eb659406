"""`cnm validate` / `cnm extract`: exit codes (0 clean, 1 errors, 2 usage), verdict lines, report."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

from cnm.cli.main import app
from tests import hostile

runner = CliRunner()


def test_validate_bad_files_exits_1_with_a_verdict_each_and_a_report(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scan.xlsx").write_bytes(b"%PDF-1.7")
    (tmp_path / "in" / "empty.xlsx").write_bytes(b"")
    report = tmp_path / "out" / "findings.csv"
    res = runner.invoke(app, ["validate", str(tmp_path / "in"), "--report", str(report), "-j", "2", "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert res.stdout.count("FAILED") == 2 and "2 workbook(s): 0 passed, 2 failed" in res.stdout
    rows = list(csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["code"] for r in rows) == ["file-empty", "file-not-workbook"]
    assert "Traceback" not in res.output


def test_validate_usage_errors_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["validate", str(tmp_path / "empty")]).exit_code == 2
    book = tmp_path / "a.xlsx"
    book.write_bytes(hostile.simple_workbook())
    assert runner.invoke(app, ["validate", str(book), "--report", str(tmp_path / "r.txt")]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path / "missing.xlsx")]).exit_code == 2
    assert runner.invoke(app, ["validate", str(book), "--jobs", "-1"]).exit_code == 2


def test_an_unwritable_report_is_a_usage_error_before_the_batch(tmp_path, monkeypatch):
    """The batch never runs (and never ends in an unwritable report): exit 2 at once."""
    import cnm.cli.validate_cmd as cmd

    ran = []
    monkeypatch.setattr(cmd, "run_validation", lambda *a, **k: ran.append(a) or [])
    book = tmp_path / "a.xlsx"
    book.write_bytes(hostile.simple_workbook())
    (tmp_path / "taken").mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for report in (tmp_path / "taken", blocker / "sub" / "r.csv"):
        res = runner.invoke(app, ["validate", str(book), "--report", str(report)])
        assert res.exit_code == 2 and "--report" in res.output, res.output
    assert ran == []


def test_extract_refuses_invalid_workbooks_with_their_findings(tmp_path):
    bad = tmp_path / "old.xlsx"
    bad.write_bytes(hostile.legacy_xls())
    res = runner.invoke(app, ["extract", str(bad), "-o", str(tmp_path / "records")])
    assert res.exit_code == 1
    assert "file-legacy-xls" in res.output and list((tmp_path / "records").iterdir()) == []
