"""Synthetic records for the site benchmark: the demo mines perturbed into N mines x 3 periods.

Mine i copies demo mine i mod 6 with every amount scaled by a factor drawn from a seeded
generator (so every run builds the same data), a new id and a numbered name, and offset
serial numbers made unique per mine.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

DEMO = Path(__file__).resolve().parent.parent / "examples" / "records"


def _scale(node, factor: float):
    """Multiply every amount's `value` (and offsets' `quantity`) by factor, in place."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("value", "quantity") and isinstance(v, (int, float)) and not isinstance(v, bool):
                node[k] = round(v * factor, 4)
            else:
                _scale(v, factor)
    elif isinstance(node, list):
        for v in node:
            _scale(v, factor)


def demo_series() -> dict[str, list[dict]]:
    """Demo mine id -> its records (parsed YAML), in period order."""
    out: dict[str, list[dict]] = {}
    for f in sorted(DEMO.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        out.setdefault(data["mine"]["id"], []).append(data)
    return out


def write_records(folder: Path, mines: int, seed: int = 7) -> int:
    """Write `mines` x 3 periods of records as JSON into folder; returns the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    series = demo_series()
    bases = sorted(series)
    rng = random.Random(seed)
    count = 0
    for i in range(mines):
        base = bases[i % len(bases)]
        factor = rng.uniform(0.6, 1.4)
        mine_id = f"{base}-{i:05d}"
        for data in series[base]:
            rec = json.loads(json.dumps(data, default=str))
            _scale(rec, factor * rng.uniform(0.95, 1.05))
            m = rec["mine"]
            m.update(id=mine_id, name_zh=f"{m['name_zh']}第{i + 1}号", name_en=f"{m.get('name_en') or base} No. {i + 1}")
            if m.get("parent_group"):
                m["parent_group"] = f"group-{i % 20:02d}"
            for k, credit in enumerate(rec.get("offsets", [])):
                for key in ("serial_start", "serial_end"):
                    if credit.get(key):
                        credit[key] = f"{credit[key]}-{i:05d}-{k}"
            (folder / f"{mine_id}_{rec['period']['year']}.json").write_text(
                json.dumps(rec, ensure_ascii=False), encoding="utf-8")
            count += 1
    return count
