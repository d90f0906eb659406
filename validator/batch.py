"""Validate many workbooks in a pool of worker processes; one bad file never stops the batch.

Each workbook runs in a worker with a time limit and an address-space limit: a worker that crashes
or hangs becomes a finding for that file and the pool carries on. After the batch, cross-workbook
checks run on the extracted records (a credit serial range claimed in two workbooks, G-7).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from cnm.offsets import duplicate_serials
from validator.codes import make
from validator.limits import DEFAULT_LIMITS, Limits
from validator.outcome import WorkbookOutcome
from validator.pipeline import validate_file

#: Files taken from a folder; files named on the command line are always taken.
FOLDER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".xltx", ".ods", ".et")


def workbook_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and workbook-like files found (sorted, recursively) in folders.
    Excel's lock files (~$name.xlsx) and hidden files in folders are skipped."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES
                          and not f.name.startswith(("~$", ".")))
        else:
            out.append(p)
    seen: set[Path] = set()
    return [f for f in out if not (f.resolve() in seen or seen.add(f.resolve()))]


def _limit_worker(memory_bytes: int) -> None:
    """Cap a worker's address space (POSIX; on Windows only the time limit applies)."""
    try:
        import resource
    except ImportError:
        return
    if memory_bytes:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ValueError, OSError):
            pass


def default_jobs(n_files: int) -> int:
    return max(1, min(os.cpu_count() or 1, n_files))


def run_batch(files: Sequence[Path], jobs: int = 0, limits: Limits = DEFAULT_LIMITS, methodology=None,
              on_done: Callable[[WorkbookOutcome], None] | None = None,
              validate: Callable[..., WorkbookOutcome] = validate_file) -> list[WorkbookOutcome]:
    """Validate `files` with `jobs` workers (0: one per core); outcomes in the order of `files`."""
    jobs = jobs or default_jobs(len(files))
    outcomes: dict[int, WorkbookOutcome] = {}
    with ProcessPool(max_workers=jobs, initializer=_limit_worker, initargs=(limits.worker_memory_bytes,)) as pool:
        futures = {pool.schedule(validate, args=(f, limits, methodology), timeout=limits.timeout_seconds): i
                   for i, f in enumerate(files)}
        pending = dict(futures)
        for future in _as_completed(pending):
            i = futures[future]
            outcomes[i] = _result(future, files[i], limits)
            if on_done:
                on_done(outcomes[i])
    ordered = [outcomes[i] for i in range(len(files))]
    cross_workbook_checks(ordered)
    return ordered


def _as_completed(futures):
    from concurrent.futures import as_completed

    return as_completed(list(futures))


def _result(future, path: Path, limits: Limits) -> WorkbookOutcome:
    file = str(path)
    try:
        return future.result()
    except FutureTimeout:
        finding = make("worker-timeout", "", file, seconds=f"{limits.timeout_seconds:g}")
    except ProcessExpired as exc:
        finding = make("worker-crash", "", file, reason=f"exit code {exc.exitcode}")
    except MemoryError:
        finding = make("worker-crash", "", file, reason="out of memory")
    except Exception as exc:  # anything else raised in the worker
        finding = make("internal-error", "", file, reason=f"{type(exc).__name__}: {str(exc)[:200]}")
    return WorkbookOutcome(file=file, findings=[finding])


def cross_workbook_checks(outcomes: Sequence[WorkbookOutcome]) -> None:
    """Findings that need the whole batch: a credit serial range claimed in two workbooks (G-7),
    the same mine and period submitted twice. Workbooks with errors take part with what they
    claim: a credit does not become valid in one file because the other has an unrelated error."""
    by_key: dict[str, list[WorkbookOutcome]] = {}
    for o in outcomes:
        if o.claims is not None:
            by_key.setdefault(o.claims.key, []).append(o)
    for key, group in by_key.items():
        for o in group[1:]:
            o.findings.append(make("batch-duplicate-record", "", o.file, key=key, other=group[0].file))
    firsts = [g[0] for g in by_key.values()]
    owner = {o.claims.key: o for o in firsts}
    for key, row, other_key, other_row in duplicate_serials([o.claims for o in firsts]):
        o, other = owner[key], owner[other_key]
        credit = o.claims.offsets[row]
        o.findings.append(make("batch-duplicate-serial", offset_loc(o, row), o.file,
                               serial=f"{credit.serial_start}..{credit.serial_end or credit.serial_start}",
                               other=other.file, other_loc=offset_loc(other, other_row)))


def offset_loc(o: WorkbookOutcome, row: int) -> str:
    """The cell of an offsets row's serial start in its workbook (the record path if unknown)."""
    return o.serial_cells.get(row) or f"offsets[{row}].serial_start"
