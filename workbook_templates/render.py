"""A picture of the main sheets (results and Table A.1) as LibreOffice prints them: PDF, then
PNG with pdftoppm. Used by the tests (artefact) and scripts/render_workbook_png.py (docs)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from workbook_templates.build import sheet_title
from workbook_templates.libreoffice import convert
from workbook_templates.read import open_workbook
from workbook_templates.recalc import workbook_lang
from workbook_templates.resolve import resolve

MAIN_SHEETS = ("results", "indicators")


def render_main_sheets(workbook: Path, out_png: Path, dpi: int = 60) -> list[Path]:
    """PNG pages of the results and indicator sheets of a (recalculated) workbook."""
    wb = open_workbook(workbook)
    lang = workbook_lang(wb)
    keep = {sheet_title(s, lang) for s in resolve().sheets if s.id in MAIN_SHEETS}
    for ws in wb.worksheets:
        ws.sheet_state = "visible" if ws.title in keep else "hidden"
        ws.sheet_view.tabSelected = ws.title in keep
        if ws.title not in keep:
            ws.print_area = None  # LibreOffice prints hidden sheets that have a print range
            ws.print_title_rows = None
    wb.active = wb.sheetnames.index(next(t for t in wb.sheetnames if t in keep))
    out_png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cnm-render-") as tmp:
        src = Path(tmp) / (out_png.stem + ".xlsx")
        wb.save(src)  # openpyxl drops cached values: LibreOffice recalculates on load (same figures)
        pdf = convert([src], Path(tmp), "pdf")[0]
        shutil.copyfile(pdf, out_png.with_suffix(".pdf"))
        exe = shutil.which("pdftoppm") or "pdftoppm"
        subprocess.run([exe, "-png", "-r", str(dpi), str(pdf), str(out_png.with_suffix(""))], check=True,
                       capture_output=True, timeout=120)
    return sorted(out_png.parent.glob(out_png.stem + "-*.png"))
