"""Shared fixtures: a minimal record builder and the default methodology."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from cnm.methodology import default_methodology
from cnm.record_io import record_from_data

ROOT = Path(__file__).resolve().parent.parent
DEMO_RECORDS = ROOT / "examples" / "records"

BASE = {
    "mine": {"id": "test-mine", "name_zh": "测试矿山", "category": "building_materials", "province": "安徽省"},
    "period": {"year": 2024},
    "production": {"output": {"value": 100, "unit": "万t", "data_source": "产量报表", "quality": "measured"}},
}


def make_record(**parts):
    """A minimal valid record with `parts` deep-merged over it (dicts merge, other values replace)."""
    data = copy.deepcopy(BASE)
    for key, value in parts.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return record_from_data(data)


@pytest.fixture(scope="session")
def methodology():
    return default_methodology()


def amt(value, unit, source="台账", quality="measured"):
    return {"value": value, "unit": unit, "data_source": source, "quality": quality}
