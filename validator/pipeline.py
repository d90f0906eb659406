"""Validate one workbook: open it safely, then check it against the template and the core.

Every stage adds findings; a stage that cannot go on (the file is not a workbook, the template is
unknown) stops the pipeline for this file only. Nothing here raises for bad input.
"""

from __future__ import annotations

import time
from pathlib import Path

from validator.codes import make
from validator.container import Refused
from validator.fastbook import load_book
from validator.formulas import scan_formulas
from validator.limits import DEFAULT_LIMITS, Limits
from validator.outcome import WorkbookOutcome
from validator.safe_open import open_untrusted


def validate_file(path: str | Path, limits: Limits = DEFAULT_LIMITS, methodology=None) -> WorkbookOutcome:
    """All findings of one workbook, and its record when it could be read."""
    t0 = time.perf_counter()
    file = str(path)
    opened = open_untrusted(path, limits)
    out = WorkbookOutcome(file=file, findings=list(opened.findings), sha256=opened.sha256)
    if opened.package is not None and opened.package.findings_report:  # our own report, e.g. in the inbox
        out.findings = [make("findings-report-skipped", "", file)]
        out.skipped = True
        out.seconds = time.perf_counter() - t0
        return out
    try:
        if opened.loadable:
            wb = load_book(opened, limits)  # one pass: values, formulas and cached values
            out.findings += scan_formulas(wb, file)
            _check_template(wb, opened, out, methodology)
    except Refused as exc:
        out.findings.append(exc.finding)
    except Exception as exc:  # a validator bug must not hide the other files of a batch
        out.findings.append(make("internal-error", "", file, reason=f"{type(exc).__name__}: {str(exc)[:200]}"))
    out.seconds = time.perf_counter() - t0
    return out


def _check_template(wb, opened, out: WorkbookOutcome, methodology) -> None:
    """Template, cells, core and recompute checks (validator.template_checks)."""
    from validator.template_checks import check_workbook

    check_workbook(wb, opened, out, methodology)
