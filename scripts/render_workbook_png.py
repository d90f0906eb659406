"""Write the pictures of the workbook's main sheets used in the docs (docs/assets/workbook/).

A demo record is filled into the zh template, recalculated, and printed by LibreOffice (the same
path as the test artefact build/test-artefacts/workbook-main-sheets-*.png).
Run: .venv/bin/python scripts/render_workbook_png.py   (needs LibreOffice and poppler-utils)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cnm.record_io import load_record  # noqa: E402
from workbook_templates.api import fill  # noqa: E402
from workbook_templates.recalc import recalc  # noqa: E402
from workbook_templates.render import render_main_sheets  # noqa: E402

RECORD = ROOT / "examples" / "records" / "wannan-limestone_2024.yaml"
OUT = ROOT / "docs" / "assets" / "workbook"
NAMES = ("indicators.png", "results.png", "results-2.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        filled = fill(load_record(RECORD), Path(tmp) / "filled.xlsx", lang="zh")
        recalc(filled, Path(tmp) / "recalc.xlsx")
        pages = render_main_sheets(Path(tmp) / "recalc.xlsx", Path(tmp) / "png" / "page.png", dpi=100)
        for page, name in zip(pages, NAMES, strict=False):
            shutil.copyfile(page, OUT / name)
            print(OUT / name, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
