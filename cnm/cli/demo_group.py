"""`cnm demo` stage "group": the demo group consolidated by each approach, and each mine's history."""

from __future__ import annotations

import json
from pathlib import Path

from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from cnm.cli.common import console
from cnm.cli.render_group import comparison_table, sparkline
from cnm.consolidation import consolidate_groups
from cnm.group import Approach, group_files, load_group
from cnm.history import histories
from cnm.methodology import load_methodology
from cnm.present.charts import bar_chart, line_chart
from cnm.record_io import load_record, record_files


def _write(path: Path, doc) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


def stage_group(ctx) -> None:
    """Write demo-output/group/<group>_<period>_<approach>.json (+ a chart of the members) and
    demo-output/history/<mine>.json (+ an intensity chart)."""
    m = load_methodology()
    records = [load_record(f) for f in record_files([ctx.records_dir])]
    zh = ctx.lang == "zh"
    groups_dir = Path(ctx.records_dir).parent / "groups"
    out_g, out_h = ctx.out / "group", ctx.out / "history"
    out_g.mkdir(parents=True, exist_ok=True)
    out_h.mkdir(parents=True, exist_ok=True)
    groups = [load_group(f) for f in group_files(groups_dir)] if groups_dir.is_dir() else []
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("集团合并 / consolidating", total=len(groups) * len(Approach) + 1)
        for g in groups:
            results = []
            for a in Approach:
                r = consolidate_groups([g], records, m, a)[0]
                results.append(r)
                _write(out_g / f"{g.id}_{r.period.label}_{a.value}.json", r.contract())
                bar.advance(task)
            console.print(Text(f"{g.name_zh if zh else (g.name_en or g.name_zh)} {results[0].period.label}"))
            console.print(comparison_table(results, ctx.lang))
            main = next(r for r in results if r.approach == g.approach)
            for f in main.findings:
                if f.code.startswith("base-year"):
                    console.print(Text(f.message_zh if zh else f.message_en))
            (out_g / f"{g.id}_{main.period.label}_members.svg").write_text(bar_chart(
                [(mc.name_zh, mc.gross) for mc in main.members if mc.included], unit="tCO2e", chart_id=g.id,
                title=f"{g.name_zh} {main.period.label} 各矿山计入排放量 / gross counted per mine ({main.approach})"),
                encoding="utf-8")
        found = histories(records, m)
        for h in found:
            _write(out_h / f"{h.mine_id}.json", h.contract())
            unit = h.rows[0].intensity_unit if h.rows else ""
            (out_h / f"{h.mine_id}.svg").write_text(line_chart(
                [r.period for r in h.rows], [("碳排放强度 / carbon intensity", [r.intensity for r in h.rows])],
                title=f"{h.name_zh} 碳排放强度 / carbon intensity", unit=unit, chart_id=h.mine_id), encoding="utf-8")
        bar.advance(task)
    t = Table(title="各矿山历年趋势" if zh else "Trend of each mine")
    for col in ("矿山" if zh else "Mine", "期间" if zh else "Periods", "强度" if zh else "Intensity",
                "排放" if zh else "Gross", "强度上升（标准 4.2）" if zh else "Intensity rose (standard §4.2)"):
        t.add_column(col)
    for h in found:
        t.add_row(Text(h.name_zh if zh else (h.name_en or h.name_zh)), f"{h.rows[0].period}–{h.rows[-1].period}",
                  sparkline([r.intensity for r in h.rows]), sparkline([r.gross for r in h.rows]),
                  Text(", ".join(h.rising) or "—", style="bold red" if h.rising else ""))
    console.print(t)
    if groups:
        ctx.outputs.append(("集团合并结果 JSON 与图 / group results by approach, chart", out_g))
    ctx.outputs.append(("各矿山历年趋势 JSON 与强度图 / history of each mine, intensity chart", out_h))
