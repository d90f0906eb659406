"""`cnm methodology show|export`: what the methodology in use contains, and its hash."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cnm.cli.common import JsonOpt, Lang, LangOpt, MethodologyOpt, console, dump_json, guarded
from cnm.methodology import export_text, load_methodology

group = typer.Typer(help="Show or export the methodology (catalog, weights, rubric, GWP, factors).",
                    no_args_is_help=True)


@group.command("show")
@guarded
def show(methodology: MethodologyOpt = None, json_out: JsonOpt = False, lang: LangOpt = Lang.zh) -> None:
    """Name, version, hash, weights, GWP set and factor sets of a methodology."""
    m = load_methodology(methodology)
    if json_out:
        dump_json({**m.info(), "gwp": m.gwp.id, "factor_sets": [s.id for s in m.factors.sets],
                   "weights": {i.id: i.weight for i in m.catalog.indicators},
                   "group_shares": {g.id: g.share for g in m.catalog.groups},
                   "parameters": m.parameters.model_dump()})
        return
    zh = lang == Lang.zh
    console.print(f"[bold]{m.name if zh else m.name_en}[/]  v{m.version}", markup=True)
    console.print(f"sha256 {m.hash}", markup=False)
    t = Table(title="指标与权重 (附录A)" if zh else "Indicators and weights (Appendix A)")
    for col in ("ID", "一级" if zh else "Level 1", "二级" if zh else "Level 2", "三级" if zh else "Indicator",
                "权重" if zh else "Weight", "性质" if zh else "Nature", "评分度量" if zh else "Metric"):
        t.add_column(col)
    for lv in m.catalog.levels:
        for g in lv.groups:
            for i in g.indicators:
                t.add_row(i.id, f"{lv.name_zh if zh else lv.name_en} {lv.share:g}%",
                          f"{g.name_zh if zh else g.name_en} {g.share:g}%", i.name_zh if zh else i.name_en,
                          f"{i.weight:g}%", i.nature, m.rubric.rule(i.id).metric)
    console.print(t)
    console.print(f"GWP: {m.gwp.name} ({m.gwp.source})", markup=False)
    ft = Table(title="因子集（优先级顺序）" if zh else "Factor sets (priority order)")
    for col in ("id", "文件" if zh else "document", "年份" if zh else "year", "条目" if zh else "rows"):
        ft.add_column(col)
    for s in m.factors.sets:
        ft.add_row(s.id, s.document, str(s.year), str(len(s.factors)))
    console.print(ft)
    console.print(m.parameters.model_dump(), markup=False)


@group.command("export")
@guarded
def export(
    methodology: MethodologyOpt = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write (.yaml or .json); default stdout")] = None,
) -> None:
    """The whole methodology content (what its hash covers), as YAML or JSON."""
    m = load_methodology(methodology)
    if output is None:
        sys.stdout.write(export_text(m, "json") + "\n")
        return
    output.write_text(export_text(m, "json" if output.suffix == ".json" else "yaml"), encoding="utf-8")
    console.print(f"wrote {output}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="methodology")
