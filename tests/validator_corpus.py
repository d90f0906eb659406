"""Real workbooks for the validator's tests, made once per test session: the issue-4 template
filled with each demo record (`workbook_templates.api.fill`) and recalculated by the core
(`recalc`: cached values), some also by LibreOffice headless. Cells are found through the layout
spec (`validator.locate`), never by hard-coded addresses."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from tests.conftest import DEMO_RECORDS
from validator.locate import Locator
from workbook_templates.resolve import resolve

_DIR = Path(tempfile.mkdtemp(prefix="cnm-validator-tests-"))
atexit.register(shutil.rmtree, _DIR, True)


def workdir(name: str) -> Path:
    p = _DIR / name
    p.mkdir(parents=True, exist_ok=True)
    return p


@cache
def template(lang: str = "zh") -> Path:
    from workbook_templates.api import write_templates

    return write_templates(workdir(f"template-{lang}") / "template.xlsx", lang).xlsx


def demo_names() -> list[str]:
    return sorted(p.stem for p in DEMO_RECORDS.glob("*.yaml"))


@cache
def filled(name: str, lang: str = "zh") -> Path:
    """The template filled with a demo record (no cached values: never calculated)."""
    from cnm.record_io import load_record
    from workbook_templates.api import fill

    return fill(load_record(DEMO_RECORDS / f"{name}.yaml"), workdir(f"filled-{lang}") / f"{name}.xlsx", template(lang))


@cache
def recalculated(name: str, lang: str = "zh") -> Path:
    """The filled workbook with every computed cell's cached value from the core (`cnm recalc`)."""
    from workbook_templates.recalc import recalc

    out = workdir(f"recalc-{lang}") / f"{name}.xlsx"
    recalc(filled(name, lang), out)
    return out


@cache
def libreoffice(names: tuple[str, ...]) -> dict[str, Path]:
    """Filled workbooks recalculated and re-saved by LibreOffice headless (one soffice run)."""
    from workbook_templates.libreoffice import convert

    outs = convert([filled(n) for n in names], workdir("libreoffice"))
    return dict(zip(names, outs, strict=True))


def locator(lang: str = "zh") -> Locator:
    lay = resolve()
    return Locator({s.id: (s.zh if lang == "zh" else s.en) for s in lay.sheets}, lay)


def where(path: str, lang: str = "zh") -> tuple[str, str]:
    """(sheet title, coordinate) of a record path in a workbook filled by `fill` (row i = item i)."""
    sheet, coord = locator(lang).cell(path).split("!")
    return sheet, coord


def calc_where(key: str, row: int | None = None, lang: str = "zh") -> tuple[str, str]:
    """(sheet title, coordinate) of a computed cell of the layout."""
    lay = resolve()
    p = lay.calcs[key]
    cell = p.cells["value"] if row is None else p.rows[row]["value"]
    return locator(lang).titles[cell.sheet], cell.coord


def defined_cell(name: str, lang: str = "zh") -> tuple[str, str]:
    """(sheet title, coordinate) of a defined name of the template (parameters, markers)."""
    import openpyxl

    from workbook_templates.cells import destinations

    wb = openpyxl.load_workbook(template(lang), read_only=True)
    title, ref = destinations(wb, name)
    return title, ref.split(":")[0]
