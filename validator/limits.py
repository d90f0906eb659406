"""Limits applied to an untrusted workbook before anything parses it (zip bombs, huge sheets)."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    """What a submitted workbook may not exceed. A filled template is well under 1 MiB."""

    max_file_bytes: int = 30 * MiB
    max_uncompressed_bytes: int = 300 * MiB
    #: a member whose uncompressed size exceeds `ratio_floor_bytes` may not inflate more than this
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MiB
    max_members: int = 2000
    max_rows: int = 20_000
    max_columns: int = 256
    #: seconds one workbook may take in a batch worker before it is stopped
    timeout_seconds: float = 120.0
    #: address space of a batch worker (bytes); 0 for no limit
    worker_memory_bytes: int = 2048 * MiB


DEFAULT_LIMITS = Limits()


def human_bytes(n: float) -> str:
    """'12.3 MiB' style sizes for messages."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"
