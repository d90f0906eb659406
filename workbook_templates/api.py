"""What the CLI and other features call: write templates, fill a record, recalculate."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from cnm.datafiles import same_file
from cnm.errors import InputErrors, Problem
from workbook_templates.build import build_workbook
from workbook_templates.fill import fill_workbook
from workbook_templates.read import open_workbook, template_version
from workbook_templates.recalc import workbook_lang
from workbook_templates.xlsm import build_xlsm, write_bas


@dataclass
class TemplateFiles:
    xlsx: Path
    xlsm: Path
    bas: Path


def write_templates(out: str | Path, lang: str = "zh", category: str | None = None, methodology=None) -> TemplateFiles:
    """`out`.xlsx (native formulas), `out`.xlsm (CNM_* UDFs with native fallback) and the VBA module."""
    out = Path(out)
    base = out.with_suffix("") if out.suffix.lower() in (".xlsx", ".xlsm") else out
    base.parent.mkdir(parents=True, exist_ok=True)
    xlsx, xlsm = base.with_suffix(".xlsx"), base.with_suffix(".xlsm")
    build_workbook(lang, category, methodology).save(xlsx)
    build_xlsm(lang, category, methodology).save(xlsm)
    bas = write_bas(base.parent / f"{base.name}_xlwings_udfs.bas")
    return TemplateFiles(xlsx, xlsm, bas)


def fill(record, out: str | Path, template: str | Path | None = None, lang: str = "zh", methodology=None) -> Path:
    """Write `record` into a copy of `template` (or a fresh template) saved as `out`."""
    out = Path(out)
    if template is not None:
        template = Path(template)
        if same_file(template, out):
            raise InputErrors(str(out), [Problem("-o", "the output must be another file; the template is never modified",
                                                 "输出文件不能与模板相同", code="same-file")])
        xlsm = template.suffix.lower() == ".xlsm"
        wb = open_workbook(template, keep_vba=xlsm)
        if not template_version(wb):
            raise InputErrors(str(template), [Problem("(file)", "not a cnm template (no cnm-template marker)",
                                                      "不是 cnm 模板（缺少模板版本标记）", code="workbook-not-cnm")])
        lang = workbook_lang(wb)
        if xlsm and out.suffix.lower() != ".xlsm":
            out = out.with_suffix(".xlsm")
    else:
        wb = build_workbook(lang, methodology=methodology)
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
    fill_workbook(wb, record, lang, methodology)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".cnm-fill-") as tmp:
        part = Path(tmp) / out.name
        wb.save(part)
        part.replace(out)
    return out
