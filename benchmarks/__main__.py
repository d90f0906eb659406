"""Run every benchmark: `make bench` (python -m benchmarks). Each prints its ratios."""

from __future__ import annotations

import importlib
import sys

MODULES = [
    "benchmarks.core_score",
    "benchmarks.group_history",
    "benchmarks.workbook",
    "benchmarks.validate",
    "benchmarks.report_bench",
    "benchmarks.site_build",
]


def main(argv: list[str]) -> None:
    wanted = [m for m in MODULES if not argv or any(a in m for a in argv)]
    for name in wanted:
        importlib.import_module(name).run()


if __name__ == "__main__":
    main(sys.argv[1:])
