"""The macro-enabled flavour: the template built inside xlwings' own BSD-licensed quickstart
workbook (openpyxl keep_vba), with the `xlwings.conf` sheet pointing UDF Modules at
`xl_addin.udfs` and the generated VBA wrapper module `xlwings_udfs` already in its VBA project
(`vba_project.add_module`: the quickstart's references and document modules unchanged, the module
added as source for the VBA host to compile; its sample module `Module1`, whose SampleCall macro
would run `import <workbook name>`, removed). The same module is also written as a .bas file, for
importing again after an upgrade changes the functions' signatures (docs/addin.md).
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl

from workbook_templates.build import build_workbook
from xl_addin import UDF_MODULE, XLWINGS_VERSION

CONF_SHEET = "xlwings.conf"
VBA_PART = "xl/vbaProject.bin"
SAMPLE_MODULE = "Module1"  # the quickstart's SampleCall macro, not needed (removed)


def quickstart_path() -> Path:
    import xlwings

    if xlwings.__version__ != XLWINGS_VERSION:
        from cnm.errors import CnmError

        raise CnmError(f"xlwings {xlwings.__version__} 已安装，需要 {XLWINGS_VERSION} / xlwings {xlwings.__version__} is "
                       f"installed; cnm's add-in is tested with {XLWINGS_VERSION} (pip install xlwings=={XLWINGS_VERSION})")
    return Path(xlwings.__file__).parent / "quickstart.xlsm"


def build_xlsm(lang: str = "zh", category: str | None = None, methodology=None):
    """The macro-enabled template (an openpyxl Workbook with the quickstart's VBA project)."""
    wb = openpyxl.load_workbook(quickstart_path(), keep_vba=True)
    guide, conf = wb.worksheets[0], wb["_xlwings.conf"]
    conf.title = CONF_SHEET
    for row in conf.iter_rows(min_row=1, max_row=12):
        if row[0].value == "UDF Modules":
            row[1].value = UDF_MODULE
    build_workbook(lang, category, methodology, udf=True, wb=wb, reuse={"guide": guide})
    wb.move_sheet(conf, len(wb.sheetnames) - 1 - wb.index(conf))
    wb.vba_archive = _with_wrapper_module(wb.vba_archive)
    return wb


def _with_wrapper_module(archive: zipfile.ZipFile) -> zipfile.ZipFile:
    """A copy of openpyxl's kept VBA parts whose vbaProject.bin carries the `xlwings_udfs` module."""
    from workbook_templates.vba_project import add_module, remove_module
    from xl_addin.vba import MODULE_NAME, vba_wrapper

    out = zipfile.ZipFile(BytesIO(), "a", zipfile.ZIP_DEFLATED)
    for name in archive.namelist():
        data = archive.read(name)
        if name == VBA_PART:
            data = add_module(remove_module(data, SAMPLE_MODULE), MODULE_NAME, vba_wrapper())
        out.writestr(name, data)
    return out


def write_bas(path: Path) -> Path:
    """The VBA module `xlwings_udfs` of the CNM_* functions (what *Import Functions* writes)."""
    from xl_addin.vba import vba_wrapper

    path.write_bytes(vba_wrapper().encode("utf-8"))
    return path
