"""The `cnm demo` stage of the validator: validate the demo workbooks written by the workbook stage,
write the findings report (.xlsx and .csv) and extract one canonical record per workbook."""

from __future__ import annotations

from cnm.cli.common import console
from cnm.cli.validate_cmd import run_validation, write_records


def stage_validate(ctx) -> None:
    """`cnm validate` + `cnm extract` over the filled demo workbooks."""
    from validator.report import write_report

    workbooks = ctx.out / "workbooks" / "filled"
    if not workbooks.is_dir():
        console.print("没有工作簿可校验（先运行 workbooks 阶段） / no workbooks to validate (run the workbooks stage)")
        return
    folder = ctx.out / "validation"
    outcomes = run_validation([workbooks], jobs=0, lang=ctx.lang, methodology=None, timeout=120.0)
    written = write_records(outcomes, folder / "records")
    xlsx = write_report(folder / "findings.xlsx", outcomes)
    write_report(folder / "findings.csv", outcomes)
    failed = sum(1 for o in outcomes if not o.ok)
    console.print(f"{len(outcomes)} 个工作簿 / workbooks: {len(outcomes) - failed} 通过 / passed, {failed} 不通过 / failed; "
                  f"{len(written)} 条记录已提取 / records extracted")
    ctx.outputs.append(("校验问题报告 / validation findings report", xlsx))
    ctx.outputs.append(("从工作簿提取的记录 / records extracted from the workbooks", folder / "records"))
