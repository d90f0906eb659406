"""`cnm demo`: the whole pipeline on the bundled demo mines, saying where to open each output.

Stages run in order; each takes the demo context and returns what it wrote. Features add
their stage to STAGES (template, filled workbooks, validation, reports, site ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from cnm.cli.common import Lang, LangOpt, console, guarded
from cnm.cli.demo_group import stage_group
from cnm.cli.demo_validate import stage_validate
from cnm.cli.render import summary_table
from cnm.cli.weights_cmd import demo_stage as stage_weights
from cnm.errors import CnmError
from cnm.methodology import load_methodology
from cnm.record_io import load_record, record_files
from cnm.result import Result, assess


class ReportPeriods(StrEnum):
    latest = "latest"
    all = "all"
    none = "none"


@dataclass
class DemoContext:
    records_dir: Path
    out: Path
    lang: str
    results: list[Result] = field(default_factory=list)
    outputs: list[tuple[str, Path]] = field(default_factory=list)  # (what, where)
    report_periods: str = "latest"  # reports of each mine's latest period, of all periods, or none


def stage_score(ctx: DemoContext) -> None:
    """Score every demo record and write each result as JSON."""
    m = load_methodology()
    files = record_files([ctx.records_dir])
    folder = ctx.out / "results"
    folder.mkdir(parents=True, exist_ok=True)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("评分 / scoring", total=len(files))
        for f in files:
            r = assess(load_record(f), m)
            ctx.results.append(r)
            (folder / f"{r.record.mine.id}_{r.record.period.label}.json").write_text(
                json.dumps(r.contract(), ensure_ascii=False, indent=2), encoding="utf-8")
            bar.advance(task)
    console.print(summary_table(ctx.results, ctx.lang))
    ctx.outputs.append(("评价结果 JSON / result JSON per mine and period", folder))


def stage_workbooks(ctx: DemoContext) -> None:
    """The workbook template (zh and en, .xlsx and .xlsm) and one filled, recalculated workbook per record."""
    from workbook_templates.api import fill, write_templates
    from workbook_templates.recalc import recalc

    folder = ctx.out / "workbooks"
    files = write_templates(folder / "template" / "cnm-template-zh", "zh")
    write_templates(folder / "template" / "cnm-template-en", "en")
    filled = folder / "filled"
    results = ctx.results or [assess(load_record(f)) for f in record_files([ctx.records_dir])]
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("工作簿 / workbooks", total=len(results))
        for r in results:
            name = f"{r.record.mine.id}_{r.record.period.label}"
            src = fill(r.record, filled / f".{name}.xlsx", lang=ctx.lang)
            recalc(src, filled / f"{name}.xlsx")
            src.unlink()
            bar.advance(task)
    ctx.outputs.append(("工作簿模板 / workbook templates", files.xlsx.parent))
    ctx.outputs.append(("已填写并计算的工作簿 / filled, recalculated workbooks", filled))


def stage_reports(ctx: DemoContext) -> None:
    """Assessment reports (HTML, PDF, DOCX) with suggestions and trend, and their archive bundles,
    made by worker processes (one per core)."""
    from cnm.history import histories
    from report_builder import FORMATS
    from report_builder.batch import ReportJob, run_reports

    if ctx.report_periods == "none":
        return
    folder = ctx.out / "reports"
    jobs = []
    for h in histories([r.record for r in ctx.results], load_methodology()):
        recs = [r.record for r in h.results]  # each period reported against the earlier ones
        for i in range(len(recs)) if ctx.report_periods == "all" else [len(recs) - 1]:
            # the archive carries every render input: `cnm report --verify` re-renders it
            jobs.append(ReportJob.of(recs[i], folder, ctx.lang, FORMATS, earlier=recs[:i]))
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("报告 / reports", total=len(jobs))
        outcomes = run_reports(jobs, on_done=lambda _: bar.advance(task))
    failed = [o for o in outcomes if o.error]
    if failed:
        raise CnmError("\n".join(f"{o.key}: {o.error}" for o in failed))
    ctx.outputs.append(("评价报告 HTML/PDF/DOCX 及归档包 / assessment reports and archive bundles", folder))


def stage_site(ctx: DemoContext) -> None:
    """Build the disclosure website of the demo mines (zh + en), linking reports when built."""
    from cnm.cli.site_cmd import run_build, where_to_open

    config = ctx.records_dir.parent / "site.yaml"
    reports = ctx.out / "reports"
    report = run_build(ctx.records_dir, ctx.out / "website", config if config.is_file() else None,
                       reports_dir=reports if reports.is_dir() else None)
    for line in where_to_open(report, ctx.lang):
        console.print(line, markup=False)
    ctx.outputs.append(("公示网站 / disclosure website (python -m http.server -d <folder>)", report.site_dir))


STAGES: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("score", stage_score),
    ("weights", stage_weights),
    ("group", stage_group),
    ("workbooks", stage_workbooks),
    ("validate", stage_validate),
    ("reports", stage_reports),
    ("site", stage_site),
]


def demo_records() -> Path:
    """examples/records of the current folder, else of the project cnm runs from (a checkout)."""
    own = Path(__file__).resolve().parents[2] / "examples" / "records"
    for folder in (Path("examples/records"), own):
        if folder.is_dir():
            return folder
    raise CnmError(f"没有演示记录：当前文件夹下没有 examples/records，{own} 也不存在；请用 --records 指定 / "
                   f"no demo records: no examples/records here nor at {own}; give --records")


@guarded
def demo(
    out: Annotated[Path, typer.Option("--out", help="output folder")] = Path("demo-output"),
    records: Annotated[Path | None, typer.Option(
        "--records", help="folder of demo records (default: examples/records here, else the project's own)",
        exists=True, file_okay=False)] = None,
    lang: LangOpt = Lang.zh,
    reports: Annotated[ReportPeriods, typer.Option("--reports", help="reports of each mine's latest period, all, or none")]
    = ReportPeriods.latest,
) -> None:
    """Run the whole pipeline on the demo mines and say where to open each output."""
    ctx = DemoContext(records_dir=records or demo_records(), out=out, lang=lang.value, report_periods=reports.value)
    out.mkdir(parents=True, exist_ok=True)
    for name, stage in STAGES:
        console.rule(name)
        stage(ctx)
    console.rule("打开 / open")
    for what, where in ctx.outputs:
        console.print(f"{what}: {where.resolve()}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
