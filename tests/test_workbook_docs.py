"""The generated workbook reference pages (UDFs, layout) are current and the pictures exist."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def test_workbook_reference_pages_are_current():
    spec = importlib.util.spec_from_file_location("gen_workbook_docs", ROOT / "scripts" / "gen_workbook_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    stale = [str(p.relative_to(ROOT)) for p, text in mod.pages().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run .venv/bin/python scripts/gen_workbook_docs.py: {stale}"


def test_guide_pictures_exist_and_are_small():
    for name in ("results.png", "indicators.png"):
        png = ROOT / "docs" / "assets" / "workbook" / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and 10_000 < png.stat().st_size < 200_000
