"""`cnm report`: the assessment report of Appendix B as HTML, PDF and DOCX, with its archive
bundle (report files, record JSON, manifest of SHA-256 checksums) (R-8.2, R-10.1, R-10.2)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cnm.cli.common import Lang, LangOpt, MethodologyOpt, console, err_console, guarded
from cnm.errors import CnmError
from cnm.methodology import load_methodology
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


@guarded
def report(
    source: Annotated[Path, typer.Argument(help="record (JSON/YAML) or filled workbook (.xlsx/.xlsm)", exists=True,
                                           dir_okay=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder", file_okay=False)],
    formats: Annotated[str, typer.Option("--format", "-f", help="comma list of html, pdf, docx",
                                         callback=lambda v: ",".join(parse_formats(v)))] = "html,pdf,docx",
    history: Annotated[Path | None, typer.Option("--history", help="folder of the mine's earlier records (trend)",
                                                 exists=True, file_okay=False)] = None,
    target: Annotated[str | None, typer.Option("--target", help="grade the suggestions aim at (default: next up)")]
    = None,
    reviewer: Annotated[str, typer.Option("--reviewer", help="review block: reviewer")] = "",
    review_date: Annotated[str, typer.Option("--review-date", help="review block: date")] = "",
    review_opinion: Annotated[str, typer.Option("--review-opinion", help="review block: opinion")] = "",
    methodology: MethodologyOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Write the assessment report (Appendix B) and its archive bundle into OUT."""
    from cnm.planner import plan
    from cnm.result import assess
    from report_builder import ReportInput, Review, render, source_stamp
    from report_builder.bundle import write_bundle
    from report_builder.history import earlier_records, with_history

    wanted = parse_formats(formats)
    m = load_methodology(methodology)
    record = load_input(source)
    earlier, notes = earlier_records(record, history) if history else ([], [])
    for note in notes:
        err_console.print(f"跳过 / skipped: {note}", markup=False)
    result, trend = with_history(record, earlier, m) if history else (assess(record, m), [])
    inp = ReportInput(result=result, methodology=m, history=trend,
                      plan=plan(record, m, target=target.strip().upper() if target else None,
                                history=earlier if history else None),
                      review=Review(reviewer=reviewer, date=review_date, opinion=review_opinion),
                      generated=source_stamp(record))
    with console.status("生成报告 / rendering the report"):
        files = render(inp, lang.value, wanted)
    bundle = write_bundle(out, result, files, lang.value, inp.generated)
    for f in bundle.files:
        console.print(f"{f}", markup=False)
    console.print(f"{'清单' if lang == Lang.zh else 'manifest'}: {bundle.manifest}", markup=False)
    console.print(f"{'归档包' if lang == Lang.zh else 'archive'}: {bundle.archive}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
