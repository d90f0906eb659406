"""Shared fixtures: the demo records and the default methodology."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnm import default_methodology, load_record

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "examples" / "records"


@pytest.fixture(scope="session")
def methodology():
    return default_methodology()


@pytest.fixture(scope="session")
def demo_record():
    """Load a demo record by stem, e.g. demo_record('qianxi-iron_2024')."""
    cache: dict = {}

    def load(stem: str):
        if stem not in cache:
            cache[stem] = load_record(RECORDS / f"{stem}.yaml")
        return cache[stem]

    return load
