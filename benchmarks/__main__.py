"""`python -m benchmarks`: run every benchmark listed here, in order."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "benchmarks.report_bench",
]


def main(names: list[str]) -> None:
    for name in BENCHMARKS:
        if names and not any(n in name for n in names):
            continue
        print(f"== {name}", flush=True)
        importlib.import_module(name).run()


if __name__ == "__main__":
    main(sys.argv[1:])
