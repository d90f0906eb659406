"""The finding codes of issue 8 are documented in their reference pages, in Chinese and English."""

from __future__ import annotations

from cnm.findings import CODES
from tests.history_records import ROOT

PAGES = {"consolidate": ("group-", "base-year-"), "history": ("previous-", "target-year-to-date", "intensity-rising")}


def test_every_code_is_documented_in_both_languages():
    for page, prefixes in PAGES.items():
        codes = [c for c in CODES if c.startswith(prefixes)]
        assert codes
        text = (ROOT / "docs" / "reference" / f"{page}.md").read_text(encoding="utf-8")
        zh, en = text.split("\n## English\n")
        for part in (zh, en):
            assert [c for c in codes if f"`{c}`" not in part] == [], page
