"""`cnm demo`: the whole pipeline on the bundled demo mines, saying where to open each output.

Stages run in order; each takes the demo context and returns what it wrote. Features add
their stage to STAGES (template, filled workbooks, validation, reports, site ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from cnm.cli.common import Lang, LangOpt, console, guarded
from cnm.cli.render import summary_table
from cnm.cli.weights_cmd import demo_stage as stage_weights
from cnm.methodology import load_methodology
from cnm.record_io import load_record, record_files
from cnm.result import Result, assess


@dataclass
class DemoContext:
    records_dir: Path
    out: Path
    lang: str
    results: list[Result] = field(default_factory=list)
    outputs: list[tuple[str, Path]] = field(default_factory=list)  # (what, where)


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
    ("site", stage_site),
]


@guarded
def demo(
    out: Annotated[Path, typer.Option("--out", help="output folder")] = Path("demo-output"),
    records: Annotated[Path, typer.Option("--records", help="folder of demo records", exists=True, file_okay=False)]
    = Path("examples/records"),
    lang: LangOpt = Lang.zh,
) -> None:
    """Run the whole pipeline on the demo mines and say where to open each output."""
    ctx = DemoContext(records_dir=records, out=out, lang=lang.value)
    out.mkdir(parents=True, exist_ok=True)
    for name, stage in STAGES:
        console.rule(name)
        stage(ctx)
    console.rule("打开 / open")
    for what, where in ctx.outputs:
        console.print(f"{what}: {where.resolve()}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
