"""`cnm site build`: the public disclosure website from a folder of records (R-8.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cnm.cli.common import Lang, LangOpt, console, guarded

group = typer.Typer(help="Public disclosure website (MkDocs Material, zh + en, offline).", no_args_is_help=True)


def run_build(records: Path, out: Path, config_path: Path | None, reports_dir: Path | None = None):
    """Build with a progress bar; returns site_builder's BuildReport. `reports_dir` overrides the config's."""
    from site_builder import build_site, load_config

    config = load_config(config_path)
    if reports_dir is not None:
        config = config.model_copy(update={"reports_dir": reports_dir})
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(step: str, n: int, total: int) -> None:
            label = {"assess": "评价记录 / assessing records", "build": "生成站点 zh + en / building zh + en"}[step]
            if step not in tasks:
                for done in tasks.values():
                    bar.update(done, completed=bar.tasks[done].total)
                tasks[step] = bar.add_task(label, total=total or None)
            bar.update(tasks[step], completed=n)

        return build_site(records, out, config, progress=progress)


def where_to_open(report, lang: str) -> list[str]:
    site = report.site_dir.resolve()
    if lang == "zh":
        return [f"站点：{site}（{report.pages} 个页面，{report.files} 个下载文件）",
                f"本地预览：python -m http.server -d {site} 8000，然后打开 http://localhost:8000/zh/",
                "发布：将该文件夹原样上传到任意静态网站服务器（无需联网资源）。"]
    return [f"Site: {site} ({report.pages} pages, {report.files} download files)",
            f"Preview: python -m http.server -d {site} 8000, then open http://localhost:8000/en/",
            "Publish: upload the folder as it is to any static web server (it needs nothing from the internet)."]


@group.command("build")
@guarded
def build(
    records: Annotated[Path, typer.Argument(help="folder of records (.yaml/.json), one per mine and period",
                                            exists=True, file_okay=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder (site/ and project/ are written inside)")],
    config: Annotated[Path | None, typer.Option("--config", "-c", help="site.yaml: titles, feedback channel, group "
                                                "names, reports folder", exists=True, dir_okay=False)] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Build the disclosure site: home table, a page per mine and period, groups, methodology, downloads."""
    report = run_build(records, out, config)
    t = report.timings
    console.print(f"assess {t['assess']:.1f}s · groups {t.get('consolidate', 0):.1f}s · generate {t['generate']:.1f}s · "
                  f"mkdocs {t['engine']:.1f}s",
                  markup=False)
    for line in where_to_open(report, lang.value):
        console.print(line, markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="site")
