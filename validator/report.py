"""The findings report of a batch: one row per finding, as .xlsx, .csv (UTF-8 with BOM) or .json.

Text that came from a workbook can reach the report (sheet names, file names, cell text quoted in
messages); in CSV and XLSX every text starting with = + - @ is neutralised (`csv_cell`).

The XLSX report carries a marker (the custom document property `cnm-findings-report`): a report
written into the folder being validated is skipped on the next run (validator.container), and a
report path that is one of the workbooks validated is refused (`report_overwrites_input`).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cnm.datafiles import same_file
from cnm.present.safe import csv_cell
from validator.container import REPORT_MARKER
from validator.outcome import WorkbookOutcome, printable

REPORT_SUFFIXES = (".xlsx", ".csv", ".json")
REPORT_SCHEMA = "cnm-validation/1"
COLUMNS = ("file", "location", "code", "severity", "message_zh", "message_en", "what_to_do_zh", "what_to_do_en")
HEADERS_ZH = ("文件", "位置", "代码", "严重程度", "问题（中文）", "问题（英文）", "处理建议", "处理建议（英文）")
SUMMARY_COLUMNS = ("file", "verdict", "errors", "warnings", "mine", "period", "sha256")
SUMMARY_HEADERS_ZH = ("文件", "结论", "错误", "警告", "矿山", "评价期", "SHA-256")


class ReportError(ValueError):
    """The report path has a suffix we cannot write."""


def report_path_problem(path: Path) -> str | None:
    """Why the report cannot be written at `path` (zh / en), or None: checked before a batch runs,
    so a long batch never ends in an unwritable report. Nothing is created."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        return f"--report: 须为 .xlsx、.csv 或 .json / must end in .xlsx, .csv or .json: {path}"
    if path.is_dir():
        return f"--report: 是一个文件夹，不是文件 / is a folder, not a file: {path}"
    if path.exists():
        if not os.access(path, os.W_OK):
            return f"--report: 文件不可写 / the file is not writable: {path}"
        return None
    parent = path.parent
    while not parent.exists() and parent != parent.parent:  # the folders write_report would create
        parent = parent.parent
    if not parent.is_dir():
        return f"--report: 上级路径不是文件夹 / a parent is not a folder: {parent}"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"--report: 无权在该文件夹中写入 / cannot write in the folder: {parent}"
    return None


def report_overwrites_input(path: Path, inputs: Sequence[Path]) -> str | None:
    """Why writing the report at `path` would overwrite one of the files validated (zh / en), or
    None. The same file is found through symbolic links, '..' and hard links; a findings report
    written by an earlier run (its marker) may be replaced, since it is skipped as an input."""
    if not path.exists():
        return None
    for f in inputs:
        if same_file(f, path) and not _is_our_report(path):
            return (f"--report: same-file: 报告文件就是被校验的工作簿 {f}，不能覆盖（输入文件从不修改）；请另选报告路径 / "
                    f"the report would overwrite {f}, one of the workbooks validated (inputs are never modified): "
                    f"choose another report path")
    return None


def _is_our_report(path: Path) -> bool:
    """An .xlsx findings report of an earlier run (read as untrusted: read-only, limits)."""
    from validator.safe_open import open_untrusted

    opened = open_untrusted(path)
    return opened.package is not None and opened.package.findings_report


def finding_rows(outcomes: Sequence[WorkbookOutcome]) -> list[dict[str, str]]:
    """One dict per finding, in file order, errors first within a file."""
    rows = []
    for o in outcomes:
        for f in o.sorted_findings():
            rows.append({k: printable(v) for k, v in {
                "file": f.file or o.file, "location": f.loc, "code": f.code, "severity": f.severity,
                "message_zh": f.message_zh, "message_en": f.message_en,
                "what_to_do_zh": f.hint_zh, "what_to_do_en": f.hint_en}.items()})
    return rows


def summary_rows(outcomes: Sequence[WorkbookOutcome]) -> list[dict[str, object]]:
    return [{"file": printable(o.file), "verdict": "skipped" if o.skipped else "pass" if o.ok else "fail", "errors": o.errors, "warnings": o.warnings,
             "mine": o.record.mine.id if o.record else "", "period": o.record.period.label if o.record else "",
             "sha256": o.sha256} for o in outcomes]


def write_report(path: Path, outcomes: Sequence[WorkbookOutcome]) -> Path:
    """Write the report in the format its suffix names."""
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ReportError(f"报告须为 .xlsx、.csv 或 .json / the report must be .xlsx, .csv or .json: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    {".csv": _write_csv, ".json": _write_json, ".xlsx": _write_xlsx}[suffix](path, outcomes)
    return path


def _write_csv(path: Path, outcomes: Sequence[WorkbookOutcome]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens UTF-8 correctly
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for row in finding_rows(outcomes):
            w.writerow([csv_cell(row[c]) for c in COLUMNS])


def _write_json(path: Path, outcomes: Sequence[WorkbookOutcome]) -> None:
    doc = {"schema_version": REPORT_SCHEMA, "workbooks": summary_rows(outcomes), "findings": finding_rows(outcomes)}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_xlsx(path: Path, outcomes: Sequence[WorkbookOutcome]) -> None:
    from openpyxl.packaging.custom import StringProperty

    wb = Workbook()
    wb.custom_doc_props.append(StringProperty(name=REPORT_MARKER, value=REPORT_SCHEMA))  # skipped as an input
    ws = wb.active
    ws.title = "问题 Findings"
    _table(ws, COLUMNS, HEADERS_ZH, [[row[c] for c in COLUMNS] for row in finding_rows(outcomes)],
           widths=(36, 22, 24, 10, 60, 60, 40, 40))
    red, amber = PatternFill("solid", fgColor="FDE2E1"), PatternFill("solid", fgColor="FFF4D6")
    for (sev,) in ws.iter_rows(min_row=3, min_col=4, max_col=4):
        sev.fill = red if sev.value == "error" else amber
    summary = wb.create_sheet("工作簿 Workbooks")
    _table(summary, SUMMARY_COLUMNS, SUMMARY_HEADERS_ZH,
           [[row[c] for c in SUMMARY_COLUMNS] for row in summary_rows(outcomes)], widths=(36, 8, 8, 8, 24, 10, 66))
    wb.save(path)


def _table(ws, columns, headers_zh, rows, widths) -> None:
    """Chinese header row, English header row, then the rows (text neutralised)."""
    ws.append(list(headers_zh))
    ws.append(list(columns))
    for cell in (*ws[1], *ws[2]):
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([csv_cell(v) for v in row])
    for cell_row in ws.iter_rows(min_row=3):
        for cell in cell_row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    ws.freeze_panes = "A3"
    if rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
