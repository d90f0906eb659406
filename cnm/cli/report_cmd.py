"""`cnm report`: the assessment report of Appendix B as HTML, PDF and DOCX, with its archive
bundle (report files, record JSON, the other render inputs, manifest of SHA-256 checksums), and
`cnm report --verify ARCHIVE`, which renders an archived report again and compares (R-8.2,
R-10.1, R-10.2)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

from cnm.cli.common import (
    EXIT_INPUT,
    EXIT_USAGE,
    Lang,
    LangOpt,
    MethodologyOpt,
    console,
    err_console,
    guarded,
    print_errors,
)
from cnm.errors import CnmError, DataFileError, InputErrors
from cnm.record import Record
from cnm.record_io import load_record

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class WorkbookReaderMissing(CnmError):
    """The workbook reader (workbook_templates.read_record) is not installed."""


def read_workbook(path: Path) -> Record:
    """The record of a filled workbook, read by the template package (no macro runs)."""
    try:
        try:
            from workbook_templates import read_record
        except ImportError:
            from workbook_templates.read import read_record  # issue 4's layout: the reader in .read
    except ImportError:
        raise WorkbookReaderMissing(
            f"{path}: 读取工作簿需要 workbook_templates.read_record（本安装中没有）；请改用记录文件（JSON/YAML） / "
            "reading a workbook needs workbook_templates.read_record, which this installation lacks; "
            "give the record as JSON or YAML instead") from None
    return read_record(path)


def load_input(path: Path) -> Record:
    """A record from a JSON/YAML record file or a filled workbook."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_workbook(path)
    return load_record(path)


def parse_formats(text: str) -> tuple[str, ...]:
    from report_builder import FORMATS

    wanted = tuple(dict.fromkeys(x.strip().lower() for x in text.split(",") if x.strip()))
    bad = [x for x in wanted if x not in FORMATS]
    if bad or not wanted:
        raise typer.BadParameter(f"unknown format(s) {', '.join(bad) or '(none)'}; use a comma list of {', '.join(FORMATS)}")
    return wanted


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_review_date(text: str) -> str:
    """A review date as YYYY-MM-DD ('2025-04-30', '2025/4/30', '2025年4月30日'); '' leaves the line blank to sign."""
    if not text.strip():
        return ""
    m = _DATE.match(text)
    try:
        if m is None:
            raise ValueError
        return dt.date(*(int(g) for g in m.groups())).isoformat()
    except ValueError:
        raise typer.BadParameter(f"审核日期“{text[:40]}”不是有效日期，请写成 2025-04-30 / "
                                 f"'{text[:40]}' is not a date: write it as 2025-04-30") from None


def usage(message: str) -> None:
    err_console.print(f"用法错误 / usage: {message}", markup=False)
    raise typer.Exit(EXIT_USAGE)


@guarded
def report(
    sources: Annotated[list[Path] | None, typer.Argument(
        help="records (JSON/YAML), filled workbooks (.xlsx/.xlsm) or folders of records; not with --verify",
        exists=True, show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="output folder (required unless --verify)", file_okay=False,
                                             show_default=False)] = None,
    formats: Annotated[str, typer.Option("--format", "-f", help="comma list of html, pdf, docx",
                                         callback=lambda v: ",".join(parse_formats(v)))] = "html,pdf,docx",
    history: Annotated[Path | None, typer.Option("--history", help="folder of the mines' earlier records (trend)",
                                                 exists=True, file_okay=False)] = None,
    target: Annotated[str | None, typer.Option("--target", help="grade the suggestions aim at (default: next up)")]
    = None,
    reviewer: Annotated[str, typer.Option("--reviewer", help="review block: reviewer")] = "",
    review_date: Annotated[str, typer.Option("--review-date", help="review block: date (2025-04-30; not before the "
                                             "record's report date)", callback=parse_review_date)] = "",
    review_opinion: Annotated[str, typer.Option("--review-opinion", help="review block: opinion")] = "",
    methodology: MethodologyOpt = None,
    lang: LangOpt = Lang.zh,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="worker processes for several reports (0: one per core)")]
    = 0,
    verify: Annotated[Path | None, typer.Option(
        "--verify", help="re-verify an archive (.archive.zip): render it again from its own inputs and compare "
        "checksums; exit 0 identical, 1 otherwise", exists=True, dir_okay=False, show_default=False)] = None,
) -> None:
    """Write the assessment report (Appendix B) and its archive bundle of each record into OUT, or
    re-verify an archive. Several records are rendered by worker processes, one per core."""
    if verify is not None:
        if sources or out is not None:
            usage("--verify 只接归档包（不要 SOURCE 和 --out） / --verify takes the archive alone (no SOURCE, no --out)")
        return verify_archive(verify, lang)
    if not sources or out is None:
        usage("请给出 SOURCE 和 --out（或 --verify 归档包） / give SOURCE and --out (or --verify ARCHIVE)")
    from report_builder.batch import ReportJob, methodology_for, write_report
    from report_builder.context import Review
    from report_builder.history import HistoryFolder
    from report_builder.inputs import methodology_files

    wanted = parse_formats(formats)
    methodology_for(methodology)  # a bad -m file is refused before any record is read (loaded once: workers fork)
    if methodology is not None:
        methodology_files(methodology)  # every file the archive must carry can be carried, before rendering
    single = len(sources) == 1 and not sources[0].is_dir()
    records, failed = ([load_input(sources[0])], 0) if single else read_sources(sources, out, lang.value)
    earlier = HistoryFolder(history) if history else None
    for note in earlier.notes if earlier else []:
        err_console.print(f"跳过 / skipped: {note}", markup=False)
    early = [r for r in records if review_date and (r.assessment.report_date or r.period.end).isoformat() > review_date]
    if early:
        r = early[0]
        day = r.assessment.report_date or r.period.end
        usage(f"审核日期 {review_date} 早于 {r.key} 的报告日期 {day}（审核在报告之后） / review date {review_date} is "
              f"before the report date {day} of {r.key} (a review follows the report)")
    review = Review(reviewer=reviewer, date=review_date, opinion=review_opinion)
    todo = [ReportJob.of(rec, out, lang.value, wanted, earlier=earlier.earlier(rec) if earlier else None,
                         methodology=methodology, target=target.strip().upper() if target else None, review=review)
            for rec in records]
    if single:  # errors go to the command's own printer (located, in --lang)
        with console.status("生成报告 / rendering the report"):
            bundle = write_report(todo[0])
        return _print_bundle(bundle, lang)
    outcomes = _run(todo, jobs)
    for o in outcomes:
        if o.error:
            failed += 1
            err_console.print(located(o.key, o.error), markup=False)
        else:
            console.print(f"{o.key}: {o.bundle.archive}", markup=False)
    made = sum(1 for o in outcomes if not o.error)
    console.print(f"{made} 份报告已写入 {out}" + (f"，{failed} 份失败" if failed else "") if lang == Lang.zh else
                  f"{made} reports written to {out}" + (f", {failed} failed" if failed else ""), markup=False)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def read_sources(sources: list[Path], out: Path, lang: str) -> tuple[list, int]:
    """The records of the files and folders named (a folder: its record files, but none under the
    output folder: earlier reports' record copies and manifests are not inputs); every file that
    cannot be read is reported, located, and counted, and the others go on."""
    from cnm.record_io import record_files

    skip = out.resolve()
    records, failed, seen = [], 0, {}
    for path in [p for s in sources for p in (record_files([s]) if s.is_dir() else [s])]:
        if path.resolve().is_relative_to(skip) and path not in sources:
            continue
        try:
            rec = load_input(path)
        except (InputErrors, DataFileError) as exc:
            failed += 1
            print_errors(exc, lang)
            continue
        except CnmError as exc:
            failed += 1
            err_console.print(located(str(path), str(exc)), markup=False)
            continue
        if rec.key in seen:  # its files would overwrite the other's
            failed += 1
            err_console.print(f"{path}: 与 {seen[rec.key]} 的矿山和评价期相同（{rec.key}），未生成 / same mine and period "
                              f"as {seen[rec.key]} ({rec.key}); not rendered", markup=False)
            continue
        seen[rec.key] = path
        records.append(rec)
    if not records and not failed:
        usage("没有找到记录文件 / no record files found in " + ", ".join(map(str, sources)))
    return records, failed


def located(where: str, message: str) -> str:
    """'where: message', unless the message already starts with where (InputErrors name their source)."""
    return message if message.startswith(where) else f"{where}: {message}"


def _run(todo: list, jobs: int) -> list:
    """The reports with a progress bar, by worker processes (one per core unless --jobs)."""
    from rich.progress import Progress

    from report_builder.batch import run_reports

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("报告 / reports", total=len(todo))
        return run_reports(todo, workers=jobs, on_done=lambda _: bar.advance(task))


def _print_bundle(bundle, lang: Lang) -> None:
    for f in bundle.files:
        console.print(f"{f}", markup=False)
    console.print(f"{'清单' if lang == Lang.zh else 'manifest'}: {bundle.manifest}", markup=False)
    console.print(f"{'归档包' if lang == Lang.zh else 'archive'}: {bundle.archive}", markup=False)


def verify_archive(archive: Path, lang: Lang) -> None:
    """`cnm report --verify`: one line per difference and exit 1, or 'identical' and exit 0."""
    from report_builder.verify import verify_bundle

    with console.status("重新生成并比对 / rendering again and comparing"):
        problems, checked = verify_bundle(archive)
    zh = lang == Lang.zh
    if problems:
        for p in problems:
            err_console.print(f"{archive}: {p.text(lang.value)}", markup=False)
        err_console.print(f"{archive}: {'复核未通过' if zh else 'not verified'} ({len(problems)})", markup=False)
        raise typer.Exit(1)
    console.print(f"{archive}: 复核通过：重新生成的 {checked} 个文件与清单逐字节一致" if zh else
                  f"{archive}: verified: the {checked} files rendered again are identical to the manifest", markup=False)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
