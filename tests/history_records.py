"""Helpers for the group and history tests (issue 8): demo records, edited copies, half-years."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

from cnm.group import Group, load_group
from cnm.record import Record
from cnm.record_io import load_record, record_files, record_from_data

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "examples" / "records"
GROUP_FILE = ROOT / "examples" / "groups" / "huajin-energy.yaml"
MEMBERS = ("jinyuan-coal", "zhundong-opencast", "wannan-limestone")


@lru_cache(maxsize=1)
def demo_records() -> tuple[Record, ...]:
    return tuple(load_record(f) for f in record_files([RECORDS]))


def demo_group() -> Group:
    return load_group(GROUP_FILE)


def data(name: str) -> dict:
    """The parsed demo record file `name` (e.g. 'jinyuan-coal_2024'), a fresh copy."""
    return yaml.safe_load((RECORDS / f"{name}.yaml").read_text(encoding="utf-8"))


def scaled(d: dict, factor: float) -> dict:
    """A copy with every amount ({value, unit}) multiplied by `factor`."""
    out = copy.deepcopy(d)

    def walk(x):
        if isinstance(x, dict):
            if "value" in x and "unit" in x:
                x["value"] = x["value"] * factor
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(out)
    return out


def half(name: str, year: int, h: int, factor: float = 0.5) -> dict:
    """A half-year record made from a demo year: amounts x factor, no stated previous block."""
    d = scaled(data(name), factor)
    d["period"] = {"year": year, "half": h}
    d.pop("previous", None)
    return d


def rec(d: dict) -> Record:
    return record_from_data(d)
