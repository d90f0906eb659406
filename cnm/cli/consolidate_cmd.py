"""`cnm consolidate GROUP RECORDS...`: a group's consolidated inventory, score and grade (R-6.1)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cnm.cli.common import EXIT_INPUT, JsonOpt, Lang, LangOpt, MethodologyOpt, console, dump_json, guarded
from cnm.cli.render import inventory_table, subtotals_table, verdict
from cnm.cli.render_group import (
    base_year_table,
    comparison_table,
    group_indicators_table,
    heading,
    members_table,
    print_findings,
)
from cnm.consolidation import consolidate_groups
from cnm.errors import InputErrors, Problem
from cnm.group import Approach, Group, group_files, load_group
from cnm.methodology import load_methodology
from cnm.record import Period
from cnm.record_io import load_record, record_files


class ApproachOpt(StrEnum):
    equity = "equity"
    financial = "financial"
    operational = "operational"


def check_period(text: str | None) -> str | None:
    """--period 2024 or 2024H1; a bad label is a usage error (exit 2), caught while parsing options."""
    if text is not None:
        try:
            Period.parse(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return text


def load_records(paths: list[Path]) -> tuple[list, list[str]]:
    """Every record of the files and folders given; all loading problems are reported together."""
    files = record_files(paths)
    if not files:
        raise InputErrors(", ".join(map(str, paths)), [Problem(", ".join(map(str, paths)), "no record file found",
                                                               "未找到记录文件", code="no-records")])
    records, problems = [], []
    for f in files:
        try:
            records.append(load_record(f))
        except InputErrors as exc:
            problems += [Problem(f"{f}: {p.loc}", p.message_en, p.message_zh, p.hint, p.code) for p in exc.problems]
    if problems:
        raise InputErrors("records", problems)
    return records, [str(f) for f in files]


def _groups(path: Path, threshold: float | None) -> list[Group]:
    groups = [load_group(f) for f in group_files(path)]
    if threshold is not None:
        groups = [g.model_copy(update={"significance_threshold_percent": threshold}) for g in groups]
    return groups


@guarded
def consolidate(
    group: Annotated[Path, typer.Argument(help="group file (YAML/JSON) or a folder of group files", exists=True)],
    records: Annotated[list[Path], typer.Argument(help="record files or folders (all periods: earlier ones are history)",
                                                  exists=True)],
    approach: Annotated[ApproachOpt | None, typer.Option("--approach", help="default: the group file's approach")] = None,
    period: Annotated[str | None, typer.Option("--period", callback=check_period,
                                               help="e.g. 2024 or 2024H1; default: the latest")] = None,
    threshold: Annotated[float | None, typer.Option("--threshold", min=0.01, max=100,
                                                    help="base-year significance threshold, percent")] = None,
    compare: Annotated[bool, typer.Option("--compare", help="also compare the three approaches")] = False,
    methodology: MethodologyOpt = None,
    json_out: JsonOpt = False,
    detail: Annotated[bool, typer.Option("--detail/--no-detail", help="JSON: include indicator formulas and the trace of every figure")] = True,
    lang: LangOpt = Lang.zh,
) -> None:
    """Consolidate a group's mines (equity, financial or operational approach) into one assessment."""
    p = Period.parse(period) if period else None
    m = load_methodology(methodology)
    groups = _groups(group, threshold)
    recs, sources = load_records(records)
    a = Approach(approach.value) if approach else None
    results = consolidate_groups(groups, recs, m, a, p, sources)
    compared = {}
    if compare:
        for g in groups:
            compared[g.id] = [consolidate_groups([g], recs, m, x, p, sources)[0] for x in Approach]
    if json_out:
        docs = [r.contract(detail) | ({"approaches": [c.contract(False) for c in compared[r.group_id]]} if compare else {})
                for r in results]
        dump_json(docs[0] if len(docs) == 1 else docs)
    else:
        for r in results:
            _print(r, lang.value, compared.get(r.group_id))
    if any(f.severity == "error" for r in results for f in r.findings):
        raise typer.Exit(EXIT_INPUT)


def _print(r, lang: str, compared) -> None:
    console.print(heading(r, lang), markup=False)
    console.print(members_table(r, lang))
    console.print(inventory_table(r, lang))
    console.print(group_indicators_table(r, lang))
    console.print(subtotals_table(r, lang))
    console.print(verdict(r, lang))
    table = base_year_table(r, lang)
    if table is not None:
        console.print(table)
    if compared:
        console.print(comparison_table(compared, lang))
    print_findings(r.findings, lang)


def register(app: typer.Typer) -> None:
    app.command("consolidate")(consolidate)

