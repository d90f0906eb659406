"""`python -m benchmarks` (make bench): run each benchmark; each prints ratios to its own baseline."""

from __future__ import annotations

from benchmarks import group_history

BENCHMARKS = [
    group_history,
]

if __name__ == "__main__":
    for module in BENCHMARKS:
        module.run()
