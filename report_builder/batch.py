"""Many reports at once, one worker process per core (a regulator's batch, the demo).

Each worker loads the fonts and templates once and then assesses, plans, renders and writes one
report bundle after another; the files are the very bytes a single `cnm report` writes. A record
that fails (bad input, a crash, a hang) becomes a located message for that record and the batch
carries on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cnm.errors import CnmError
from report_builder.bundle import Bundle
from report_builder.inputs import RenderInputs

#: Seconds one report may take in a worker before it is given up (a normal one takes ~1.5 s).
TIMEOUT_S = 300.0


@dataclass(frozen=True)
class ReportJob:
    """One report: what it is rendered from and the folder its bundle goes to."""

    inputs: RenderInputs
    folder: Path

    @property
    def key(self) -> str:
        return self.inputs.record.key

    @classmethod
    def of(cls, record, folder: Path, lang: str, formats: tuple[str, ...], earlier=None, **more) -> ReportJob:
        """The job of `record` with its stamp (SOURCE_DATE_EPOCH, else the report date, else the
        period's end); `more`: methodology, target, review (RenderInputs)."""
        from report_builder import source_stamp, stamp_origin

        return cls(RenderInputs(record=record, lang=lang, formats=formats, stamp=source_stamp(record),
                                stamp_from=stamp_origin(record), earlier=earlier, **more), folder)


@dataclass(frozen=True)
class ReportOutcome:
    """A written bundle, or the reason there is none (zh / en)."""

    key: str
    bundle: Bundle | None = None
    error: str = ""


def methodology_for(path: Path | None):
    """The methodology of a -m file (None: the default), loaded once per process and file version
    (a worker forked after the first load has it already)."""
    if path is None:
        return _load(None, 0, 0)
    st = Path(path).stat()
    return _load(Path(path).resolve(), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _load(path: Path | None, mtime_ns: int, size: int):
    from cnm.methodology import load_methodology

    return load_methodology(path)


def write_report(job: ReportJob) -> Bundle:
    """Assess, plan, render every format asked for and write the bundle of one report (raises
    cnm's errors)."""
    from report_builder import render
    from report_builder.bundle import write_bundle
    from report_builder.inputs import assemble

    inp = assemble(job.inputs, methodology_for(job.inputs.methodology))
    files = render(inp, job.inputs.lang, job.inputs.formats)
    return write_bundle(job.folder, inp.result, files, job.inputs.lang, inp.generated, job.inputs)


def make_report(job: ReportJob) -> ReportOutcome:
    """`write_report`, with a failing record's error as its outcome."""
    try:
        return ReportOutcome(job.key, bundle=write_report(job))
    except CnmError as exc:
        return ReportOutcome(job.key, error=str(exc))


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_reports(jobs: Sequence[ReportJob], workers: int = 0,
                on_done: Callable[[ReportOutcome], None] | None = None) -> list[ReportOutcome]:
    """Make every report with `workers` processes (0: one per core; 1: in this process); the
    outcomes in the order of `jobs`."""
    if not jobs:
        return []
    workers = max(1, min(workers or usable_cores(), len(jobs)))  # a worker costs ~3 s of fonts: no idle ones
    if workers == 1:
        outcomes = []
        for job in jobs:
            try:
                outcomes.append(make_report(job))
            except Exception as exc:  # as in a worker: that record's outcome, the batch goes on
                outcomes.append(_internal(job, exc))
            if on_done:
                on_done(outcomes[-1])
        return outcomes
    from pebble import ProcessPool

    done: dict[int, ReportOutcome] = {}
    with ProcessPool(max_workers=workers) as pool:
        try:
            _collect(pool, jobs, done, on_done)
        except BaseException:  # Ctrl-C or a failing on_done: stop now, not after the whole queue
            pool.stop()
            pool.join()
            raise
    return [done[i] for i in range(len(jobs))]


def _collect(pool, jobs: Sequence[ReportJob], done: dict[int, ReportOutcome],
             on_done: Callable[[ReportOutcome], None] | None) -> None:
    from pebble import ProcessExpired

    futures = {pool.schedule(make_report, args=(job,), timeout=TIMEOUT_S): i for i, job in enumerate(jobs)}
    for future in as_completed(list(futures)):
        i = futures[future]
        try:
            done[i] = future.result()
        except FutureTimeout:
            done[i] = _stopped(jobs[i], f"报告超过 {TIMEOUT_S:g} 秒未完成 / the report took longer than {TIMEOUT_S:g} s")
        except ProcessExpired as exc:
            done[i] = _stopped(jobs[i], f"生成报告的进程异常退出 / the worker making the report stopped (exit code "
                                        f"{exc.exitcode})")
        except Exception as exc:  # anything else raised in the worker: that record's outcome
            done[i] = _internal(jobs[i], exc)
        if on_done:
            on_done(done[i])


def _stopped(job: ReportJob, error: str) -> ReportOutcome:
    """The outcome of a report whose worker was killed, without the files it was writing."""
    from report_builder.bundle import record_stem, remove_parts

    remove_parts(job.folder, record_stem(job.inputs.record))
    return ReportOutcome(job.key, error=error)


def _internal(job: ReportJob, exc: Exception) -> ReportOutcome:
    return ReportOutcome(job.key, error=f"内部错误 / internal error: {type(exc).__name__}: {str(exc)[:200]} "
                                        "(rerun this record alone with CNM_DEBUG=1 and report it)")
