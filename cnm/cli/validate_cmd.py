"""`cnm validate` and `cnm extract`: headless checks of submitted workbooks, in batch.

Exit codes: 0 no workbook has errors; 1 at least one has errors (warnings never fail);
2 usage (bad option, no workbook found, a report suffix we cannot write, a report path that is
one of the workbooks validated: the inputs are never written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cnm.cli.common import EXIT_INPUT, EXIT_USAGE, Lang, LangOpt, MethodologyOpt, console, err_console, guarded
from cnm.record_io import dump_record
from validator.outcome import finding_line, printable

PathsArg = Annotated[list[Path], typer.Argument(help="workbooks (.xlsx/.xlsm) or folders of them", exists=True)]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help="worker processes (0: one per core)")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="seconds one workbook may take")]


def input_files(paths: list[Path]) -> list[Path]:
    """The workbooks named and those found in the folders named; none is a usage error."""
    from validator.batch import workbook_files

    files = workbook_files(paths)
    if not files:
        err_console.print("没有找到工作簿 / no workbook found in: " + ", ".join(map(str, paths)), markup=False)
        raise typer.Exit(EXIT_USAGE)
    return files


def run_validation(paths: list[Path], jobs: int, lang: str, methodology: Path | None, timeout: float,
                   files: list[Path] | None = None):
    """Validate the workbooks under `paths` (or `files`, found from them already) with a progress
    bar and one verdict line each."""
    from dataclasses import replace

    from cnm.methodology import load_methodology
    from validator.batch import run_batch
    from validator.limits import DEFAULT_LIMITS

    files = files if files is not None else input_files(paths)
    m = load_methodology(methodology) if methodology else None
    limits = replace(DEFAULT_LIMITS, timeout_seconds=timeout)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("校验 / validating", total=len(files))

        def done(outcome) -> None:
            colour, mark = ("yellow", "–") if outcome.skipped else ("green", "✓") if outcome.ok else ("red", "✗")
            bar.console.print(f"[{colour}]{mark}[/] ", end="")
            bar.console.print(outcome.verdict(lang), markup=False, highlight=False)
            bar.advance(task)

        outcomes = run_batch(files, jobs=jobs, limits=limits, methodology=m, on_done=done)
    return outcomes


def _summary(outcomes, lang: str) -> None:
    failed = sum(1 for o in outcomes if not o.ok)
    skipped = sum(1 for o in outcomes if o.skipped)
    passed = len(outcomes) - failed - skipped
    batch_only = [f for o in outcomes for f in o.findings if f.code.startswith("batch-")]
    for f in batch_only:
        console.print(f"[yellow]{f.severity}[/] ", end="")
        console.print(f"{printable(f.file)}: {finding_line(f, lang)}", markup=False, highlight=False)
    if lang == "zh":
        line = f"共 {len(outcomes)} 个工作簿：{passed} 个通过，{failed} 个不通过"
        console.print(line + (f"，{skipped} 个跳过（问题报告）" if skipped else ""))
    else:
        line = f"{len(outcomes)} workbook(s): {passed} passed, {failed} failed"
        console.print(line + (f", {skipped} skipped (findings reports)" if skipped else ""))


def _report(report: Path | None, outcomes) -> None:
    if report is None:
        return
    from validator.report import write_report

    write_report(report, outcomes)
    console.print(f"问题报告 / findings report: {report}", markup=False)


def _check_report_path(report: Path | None, files: list[Path]) -> None:
    """A report that could not be written, or that would overwrite one of the workbooks, is a usage
    error before the batch runs, not after."""
    from validator.report import report_overwrites_input, report_path_problem

    problem = (report_path_problem(report) or report_overwrites_input(report, files)) if report is not None else None
    if problem:
        err_console.print(problem, markup=False)
        raise typer.Exit(EXIT_USAGE)


@guarded
def validate(
    paths: PathsArg,
    jobs: JobsOpt = 0,
    report: Annotated[Path | None, typer.Option("--report", "-r", help="findings report: FILE.xlsx, .csv or .json")] = None,
    lang: LangOpt = Lang.zh,
    methodology: MethodologyOpt = None,
    timeout: TimeoutOpt = 120.0,
) -> None:
    """Validate filled workbooks without Excel: one verdict line each, a findings report, exit 1 on errors."""
    files = input_files(paths)
    _check_report_path(report, files)
    outcomes = run_validation(paths, jobs, lang.value, methodology, timeout, files)
    _summary(outcomes, lang.value)
    _report(report, outcomes)
    if any(not o.ok for o in outcomes):
        raise typer.Exit(EXIT_INPUT)


@guarded
def extract(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="folder for the record JSON files", file_okay=False)],
    jobs: JobsOpt = 0,
    report: Annotated[Path | None, typer.Option("--report", "-r", help="findings report: FILE.xlsx, .csv or .json")] = None,
    lang: LangOpt = Lang.zh,
    methodology: MethodologyOpt = None,
    timeout: TimeoutOpt = 120.0,
) -> None:
    """Write one canonical record (JSON) per valid workbook; refuse invalid ones with their findings."""
    files = input_files(paths)
    _check_report_path(report, files)
    outcomes = run_validation(paths, jobs, lang.value, methodology, timeout, files)
    written = write_records(outcomes, out)
    for o in outcomes:
        if not o.ok:
            for f in o.sorted_findings():
                if f.severity == "error":
                    err_console.print(f"{printable(o.file)}: {finding_line(f, lang.value)}", markup=False, highlight=False)
    _summary(outcomes, lang.value)
    console.print(f"{'已写出记录' if lang == Lang.zh else 'records written'}: {len(written)} → {out}", markup=False)
    _report(report, outcomes)
    if any(not o.ok for o in outcomes):
        raise typer.Exit(EXIT_INPUT)


def write_records(outcomes, out: Path) -> list[Path]:
    """`<mine>_<period>.json` for each workbook that passed (a second one of the same record gets
    the workbook's name appended)."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for o in outcomes:
        if not o.ok or o.record is None:
            continue
        target = out / f"{o.record.mine.id}_{o.record.period.label}.json"
        if target in written:
            target = out / f"{o.record.mine.id}_{o.record.period.label}__{Path(o.file).stem}.json"
        target.write_text(dump_record(o.record), encoding="utf-8")
        written.append(target)
    return written


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("extract")(extract)
