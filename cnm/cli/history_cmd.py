"""`cnm history MINE_DIR`: a mine's periods side by side, each assessed against its earlier records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from cnm.cli.common import JsonOpt, Lang, LangOpt, MethodologyOpt, console, dump_json, guarded
from cnm.cli.consolidate_cmd import load_records
from cnm.cli.render_group import print_findings, sparkline, trend_table
from cnm.errors import InputErrors, Problem
from cnm.history import histories
from cnm.methodology import load_methodology


@guarded
def history(
    paths: Annotated[list[Path], typer.Argument(help="a mine's folder of records (or files, or a folder of several mines)",
                                                exists=True)],
    mine: Annotated[str | None, typer.Option("--mine", help="only this mine id")] = None,
    methodology: MethodologyOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """Trend of a mine's periods: emissions, intensity, year-on-year declines, score; flags a rising intensity (R-4.2)."""
    m = load_methodology(methodology)
    records, sources = load_records(paths)
    if mine is not None:
        keep = [i for i, r in enumerate(records) if r.mine.id == mine]
        if not keep:
            found = ", ".join(sorted({r.mine.id for r in records}))
            raise InputErrors("--mine", [Problem("--mine", f"no record of mine '{mine}' (found: {found})",
                                                 f"没有矿山“{mine}”的记录（已有：{found}）", code="no-records")])
        records, sources = [records[i] for i in keep], [sources[i] for i in keep]
    result = histories(records, m, sources)
    if json_out:
        docs = [h.contract() for h in result]
        dump_json(docs[0] if len(docs) == 1 else docs)
        return
    lang_ = lang.value
    name = m.name_en if lang_ == "en" and m.name_en else m.name  # which methodology scored the periods
    console.print(f"{'方法' if lang_ == 'zh' else 'Methodology'}: {name} v{m.version} sha256:{m.hash[:16]}…", markup=False)
    for h in result:
        console.print(trend_table(h, lang_))
        spark_i = sparkline([r.intensity for r in h.rows])
        spark_g = sparkline([r.gross for r in h.rows])
        console.print(Text(("强度 " if lang_ == "zh" else "intensity ") + spark_i + ("   排放 " if lang_ == "zh" else
                                                                                   "   gross ") + spark_g))
        if h.rising:
            console.print(Text(("碳排放强度上升（标准 4.2）：" if lang_ == "zh" else "carbon intensity rose (standard §4.2): ")
                               + ", ".join(h.rising), style="bold red"))
        for row in h.rows:
            print_findings([f for f in row.findings if f.code != "no-previous-period"], lang_, prefix=row.period)


def register(app: typer.Typer) -> None:
    app.command("history")(history)
