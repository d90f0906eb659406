"""Headless validation and extraction of submitted workbooks (issue 5).

    >>> from validator import validate_file
    >>> outcome = validate_file("mine_2024.xlsx")
    >>> outcome.ok, [f.code for f in outcome.findings]

Untrusted files: read-only, sniffed by content, zip and sheet limits, XML through defusedxml (sheets in
one expat pass refusing DTDs and entities the same way: validator.fastbook),
macros never run. See docs/validate.md and docs/reference/validator-findings.md.
"""

import os

# openpyxl reads this once, when it is first imported: make sure it parses through defusedxml.
# validator.safe_open verifies it and refuses to open anything otherwise.
os.environ["OPENPYXL_DEFUSEDXML"] = "True"

from validator.outcome import WorkbookOutcome
from validator.pipeline import validate_file

__all__ = ["WorkbookOutcome", "validate_file"]
