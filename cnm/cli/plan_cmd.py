"""`cnm plan`: the cheapest proven paths from a record's grade to a target grade (R-8.2)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cnm.cli.common import JsonOpt, Lang, LangOpt, MethodologyOpt, console, dump_json, guarded
from cnm.grading import grade_en, score_text, share_text
from cnm.methodology import load_methodology
from cnm.planner import Plan, plan
from cnm.record_io import load_record, record_files


def plan_table(p: Plan, lang: str) -> list[Table]:
    """One table per path: the moves, the points each gains, the result."""
    zh = lang == "zh"
    out = []
    p = p.fallback or p  # out of reach: the paths to the best grade in reach
    for path in p.paths:
        total, share = score_text(path.total_after, p.bands), share_text(path.offset_share_after, p.bands)
        credits = (f"，另需碳信用 {path.credits_t:,.0f} tCO2e" if zh else f" plus {path.credits_t:,.0f} tCO2e of credits"
                   ) if path.credits_t > 0 else ""
        t = Table(title=(f"路径 {path.rank}（至 {p.target}）：努力度 {path.effort} 步{credits}，实施后 {total} 分，"
                         f"抵消比例 {share}，等级 {path.grade_after}") if zh else
                (f"Path {path.rank} (to {p.target}): effort {path.effort} steps{credits}, then {total} points, "
                 f"offset share {share}, grade {grade_en(path.grade_after)}"))
        t.add_column("#", justify="right")
        t.add_column("措施" if zh else "Move")
        t.add_column("指标变化" if zh else "Indicators")
        t.add_column("步" if zh else "Steps", justify="right")
        t.add_column("得分增加" if zh else "Points", justify="right")
        for i, mv in enumerate(path.moves, 1):
            changes = "\n".join(mv.change_texts(lang))
            t.add_row(str(i), mv.action_zh if zh else mv.action_en, changes, str(mv.steps), f"+{mv.points:.2f}")
        out.append(t)
    return out


@guarded
def plan_cmd(
    record: Annotated[Path, typer.Argument(help="record file (JSON/YAML)", exists=True, dir_okay=False)],
    target: Annotated[str | None, typer.Option("--target", "-t", help="grade to reach (default: the next grade up)")]
    = None,
    paths: Annotated[int, typer.Option("--paths", min=1, max=10, help="how many alternative paths")] = 3,
    history: Annotated[list[Path] | None, typer.Option(
        "--history", help="earlier records (files or folders): year-on-year indicators from them, as cnm score",
        exists=True)] = None,
    methodology: MethodologyOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """List the cheapest paths to a target grade: moves, credits to retire, points each gains."""
    m = load_methodology(methodology)
    earlier = [load_record(f) for f in record_files(history)] if history else None
    p = plan(load_record(record), m, target=target.strip().upper() if target else None, max_paths=paths,
             history=earlier)
    if json_out:
        dump_json(p.model_dump(mode="json"))
        return
    zh = lang == Lang.zh
    console.print(f"[bold]{p.mine_id} {p.period}[/]: {'得分' if zh else 'score'} {score_text(p.total, p.bands)}, "
                  f"{'抵消比例' if zh else 'offset share'} {share_text(p.offset_share, p.bands)}, {'等级' if zh else 'grade'} "
                  f"{p.grade if zh else grade_en(p.grade)}"
                  f" → {p.target}")
    for t in plan_table(p, lang.value):
        console.print(t)
    console.print(p.sentence(lang.value), markup=False)
    if p.missing_data:
        console.print(("以下指标因缺少数据按0分计，补充数据可能提高得分：" if zh else
                       "These indicators score 0 for missing data; supplying it may raise the score: ")
                      + ", ".join(p.missing_data), markup=False)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_cmd)
