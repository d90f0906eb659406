"""Docs stay true: generated reference pages are current, every finding code is documented."""

from __future__ import annotations

import importlib.util
import re

from cnm.findings import CODES
from tests.conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("gen_reference_docs", ROOT / "scripts" / "gen_reference_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_reference_pages_are_current():
    stale = [str(p.relative_to(ROOT)) for p, text in _generator().pages().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run .venv/bin/python scripts/gen_reference_docs.py: {stale}"


def test_finding_codes_match_the_documented_headings():
    text = (ROOT / "docs" / "reference" / "findings.md").read_text(encoding="utf-8")
    assert tuple(re.findall(r"^## (\S+)$", text, flags=re.MULTILINE)) == tuple(CODES)


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:800]
    assert "make demo" in head and "make test" in head


def test_validator_codes_match_the_documented_headings():
    from validator.codes import CODES as VALIDATOR_CODES

    text = (ROOT / "docs" / "reference" / "validator-findings.md").read_text(encoding="utf-8")
    assert tuple(re.findall(r"^## (\S+)$", text, flags=re.MULTILINE)) == tuple(VALIDATOR_CODES)
    assert not set(VALIDATOR_CODES) & set(CODES), "validator codes must not shadow the core's"


def test_project_docs_build_strictly(tmp_path):
    """Every page is in the nav and every link resolves (mkdocs build --strict)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert (tmp_path / "site" / "methodology" / "index.html").exists()
