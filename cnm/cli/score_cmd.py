"""`cnm score`: inventory, the 24 indicator scores, subtotals, total and grade of records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cnm.cli.common import EXIT_INPUT, JsonOpt, Lang, LangOpt, MethodologyOpt, console, dump_json, guarded, print_errors
from cnm.cli.render import (
    indicators_table,
    inventory_table,
    lines_table,
    methodology_line,
    subtotals_table,
    summary_table,
    verdict,
)
from cnm.errors import CnmError, InputErrors, Problem
from cnm.methodology import load_methodology
from cnm.record_io import load_record, record_files
from cnm.result import assess


@guarded
def score(
    records: Annotated[list[Path], typer.Argument(help="record files (JSON/YAML) or folders of them", exists=True)],
    methodology: MethodologyOpt = None,
    history: Annotated[list[Path] | None, typer.Option(
        "--history", help="earlier records (files or folders): recompute I03/I04 from them and check the stated "
                          "previous figures", exists=True)] = None,
    json_out: JsonOpt = False,
    detail: Annotated[bool, typer.Option("--detail/--no-detail", help="JSON: include lines, credits and trace")] = True,
    lang: LangOpt = Lang.zh,
) -> None:
    """Score records: inventory, the 24 indicators, subtotals, total and grade (R-9.1, R-9.2)."""
    m = load_methodology(methodology)
    files = record_files(records)
    if not files:
        raise InputErrors(", ".join(map(str, records)), [Problem(
            "(folder)", "no record file (.yaml, .yml, .json) found", "未找到记录文件（.yaml、.yml、.json）",
            code="no-records")])
    earlier = [load_record(f) for f in record_files(history)] if history else None
    results, failed = [], 0
    for f in files:
        try:
            results.append(assess(load_record(f), m, history=earlier))
        except CnmError as exc:
            failed += 1
            print_errors(exc, lang.value)
    errors = failed + sum(1 for r in results if any(x.severity == "error" for x in r.findings))
    if json_out:
        dump_json(results[0].contract(detail) if len(files) == 1 and results else [r.contract(detail) for r in results])
    elif len(files) == 1 and results:
        _print_one(results[0], lang.value)
    elif results:
        for line in dict.fromkeys(methodology_line(r, lang.value) for r in results):  # one line per methodology
            console.print(line, markup=False)
        console.print(summary_table(results, lang.value))
    if errors:
        raise typer.Exit(EXIT_INPUT)


def _print_one(r, lang: str) -> None:
    m, basis = r.record.mine, r.trace_basis()
    name = m.name_zh if lang == "zh" else (m.name_en or m.name_zh)
    category = (basis.category_zh if lang == "zh" else basis.category_en) if basis is not None else ""
    console.print(f"[bold]{escape(name)}[/] ({m.id}) {r.record.period.label} — {escape(category or m.category)}")
    console.print(methodology_line(r, lang), markup=False)
    console.print(inventory_table(r, lang))
    console.print(lines_table(r, lang))
    console.print(indicators_table(r, lang))
    console.print(subtotals_table(r, lang))
    console.print(verdict(r, lang))
    shown = [f for f in r.findings if f.code not in ("source-missing", "quality-missing")]
    hidden = len(r.findings) - len(shown)
    for f in shown:
        colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
        console.print(f"[{colour}]{f.severity}[/] {f.line(lang)}", highlight=False)
    if hidden:
        console.print(f"[yellow]{hidden}[/] × {'数据来源或质量等级未注明' if lang == 'zh' else 'inputs without source or quality tier'}"
                      " (--json)")


def register(app: typer.Typer) -> None:
    app.command("score")(score)
