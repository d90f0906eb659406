"""Helpers for benchmarks: best-of-N wall time and peak memory, printed as ratios to a baseline
measured in the same run (so figures compare across machines)."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable


def measure(fn: Callable[[], object], repeat: int = 3) -> tuple[float, int]:
    """(best wall seconds of `repeat` runs, peak traced bytes of one run)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def report(title: str, baseline: tuple[str, float, int], rows: list[tuple[str, float, int]]) -> None:
    """Print a table: seconds, MiB, and the ratio of each row to the baseline."""
    name, base_s, base_m = baseline
    print(f"\n## {title}")
    print(f"{'what':<48} {'seconds':>10} {'peak MiB':>9} {'x baseline':>11}")
    for label, s, m in [(name + " (baseline)", base_s, base_m), *rows]:
        print(f"{label:<48} {s:>10.4f} {m / 2**20:>9.1f} {s / base_s if base_s else float('nan'):>11.2f}")
