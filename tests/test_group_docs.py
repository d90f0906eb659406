"""The finding codes of issue 8 are documented in their reference pages (zh and en)."""

from __future__ import annotations

from history_records import ROOT

from cnm.findings import CODES

PAGES = {"consolidate": ("group-", "base-year-"), "history": ("previous-", "target-year-to-date", "intensity-rising")}


def test_every_code_is_documented_in_both_languages():
    for page, prefixes in PAGES.items():
        codes = [c for c in CODES if c.startswith(prefixes)]
        assert codes
        for suffix in (".md", ".en.md"):
            text = (ROOT / "docs" / "reference" / f"{page}{suffix}").read_text(encoding="utf-8")
            assert [c for c in codes if f"`{c}`" not in text] == [], f"{page}{suffix}"
