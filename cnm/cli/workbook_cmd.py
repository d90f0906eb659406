"""`cnm template`, `cnm fill`, `cnm recalc`: the assessment workbook (workbook_templates)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cnm.cli.common import Lang, LangOpt, MethodologyOpt, console, guarded
from cnm.datafiles import same_file
from cnm.errors import CnmError
from cnm.grading import grade_en
from cnm.methodology import load_methodology
from cnm.record_io import load_record


@guarded
def template(
    out: Annotated[Path, typer.Option("--out", "-o", help="output file; writes FILE.xlsx, FILE.xlsm and the VBA .bas")],
    lang: LangOpt = Lang.zh,
    category: Annotated[str | None, typer.Option("--category", help="mine category, e.g. coal_underground")] = None,
    methodology: MethodologyOpt = None,
) -> None:
    """Write the assessment workbook template (.xlsx native formulas; .xlsm with CNM_* UDFs)."""
    from workbook_templates.api import write_templates

    files = write_templates(out, lang.value, category, load_methodology(methodology))
    for what, path in (("工作簿 / workbook", files.xlsx), ("启用宏的工作簿 / macro-enabled workbook", files.xlsm),
                       ("VBA 模块 / VBA module", files.bas)):
        console.print(f"{what}: {path}", markup=False)


@guarded
def fill(
    record: Annotated[Path, typer.Argument(help="record file (JSON or YAML), or a workbook filled from an earlier "
                                           "template (its data move into the current one)", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="workbook to write")],
    template_file: Annotated[Path | None, typer.Option("--template", help="template to fill (default: a fresh one)",
                                                       exists=True, dir_okay=False)] = None,
    lang: LangOpt = Lang.zh,
    methodology: MethodologyOpt = None,
) -> None:
    """Write a record into the workbook template (e.g. next year's workbook from this year's record,
    or the data of a workbook made from an earlier template into the current one)."""
    from workbook_templates.api import fill as fill_record

    m = load_methodology(methodology)
    if record.suffix.lower() in (".xlsx", ".xlsm"):  # read the input cells only: formulas are rebuilt
        from workbook_templates.read import read_workbook

        if same_file(out, record):
            raise CnmError(f"{out}: 不能覆盖原工作簿，请另给文件名 / will not overwrite the workbook read; give another name")
        source = read_workbook(record, m).record
    else:
        source = load_record(record)
    path = fill_record(source, out, template_file, lang.value, m)
    console.print(f"{path}", markup=False)


@guarded
def recalc(
    workbook: Annotated[Path, typer.Argument(help="filled workbook (.xlsx or .xlsm)", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="workbook to write (the input is never modified)")],
    methodology: MethodologyOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Store the core's figures as cached values of every computed cell (readers that do not calculate see them).

    The workbook's methodology (its hash on the parameters sheet) must be the one in use: give
    --methodology with the file a template was built with (a mismatch exits 1)."""
    from workbook_templates.recalc import recalc as run

    done = run(workbook, out, load_methodology(methodology) if methodology else None)
    r = done.result
    for w in done.warnings:
        console.print(f"警告 / warning: {w}", markup=False)
    grade = r.grade if done.lang == "zh" else grade_en(r.grade)  # as the workbook's grade cells say it
    console.print(f"{out}: {done.cells} 个计算单元格 / computed cells; 得分 / score {r.total_text()}, 等级 / grade {grade}",
                  markup=False)


def register(app: typer.Typer) -> None:
    app.command("template")(template)
    app.command("fill")(fill)
    app.command("recalc")(recalc)
