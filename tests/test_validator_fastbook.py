"""The validator's one-pass reader (`validator.fastbook`) reads what openpyxl reads: every cell's
value, type and formula, sheet protection and defined names, for workbooks written by the
template builder and re-saved by LibreOffice (shared strings, shared formulas); plus each
formula's cached value, as `validator.cached` reads it."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from tests import hostile
from tests.validator_corpus import demo_names, libreoffice, recalculated, workdir
from validator.cached import cached_values
from validator.container import Refused
from validator.fastbook import load_book, split_coord
from validator.limits import DEFAULT_LIMITS
from validator.safe_open import load_workbook, open_untrusted


def _same_as_openpyxl(path):
    opened = open_untrusted(path)
    fast, full = load_book(opened, DEFAULT_LIMITS), load_workbook(opened)
    assert fast.sheetnames == full.sheetnames
    for title in full.sheetnames:
        a, b = fast[title], full[title]
        assert a.protection.sheet == bool(b.protection.sheet), title
        want = {k: (c.value if isinstance(c.value, str | int | float | bool | dt.datetime | dt.date) or c.value is None
                    else getattr(c.value, "text", c.value), c.data_type)
                for k, c in b._cells.items() if c.value is not None}
        got = {k: (c.value, c.data_type) for k, c in a._cells.items() if c.value is not None}
        assert got == want, title
        assert {n: d.attr_text for n, d in a.defined_names.items()} == {n: d.attr_text for n, d in b.defined_names.items()}
    assert {n: d.attr_text for n, d in fast.defined_names.items()} == {n: d.attr_text for n, d in full.defined_names.items()}
    for name, dn in full.defined_names.items():
        assert list(fast.defined_names[name].destinations) == list(dn.destinations), name
    assert fast.cached == cached_values(opened.data, opened.package.sheets)


def test_a_recalculated_demo_workbook_reads_as_openpyxl_reads_it():
    _same_as_openpyxl(recalculated(demo_names()[0]))


def test_a_libreoffice_saved_workbook_reads_as_openpyxl_reads_it():
    name = next(n for n in demo_names() if n.endswith("2024"))
    _same_as_openpyxl(libreoffice((name,))[name])


def test_dates_numbers_booleans_errors_and_shared_strings():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = dt.datetime(2024, 3, 31), 1.5, 7, True
    ws["E1"], ws["F1"] = "=1/0", "text"
    ws["A2"] = 45382
    ws["A2"].number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    path = workdir("fastbook") / "types.xlsx"
    path.write_bytes(buf.getvalue())
    _same_as_openpyxl(path)
    book = load_book(open_untrusted(path), DEFAULT_LIMITS)
    assert book.worksheets[0]["A2"].value == dt.datetime(2024, 3, 31) and book.worksheets[0]["E1"].data_type == "f"


def test_split_coord():
    assert split_coord("C12") == (12, 3) and split_coord("XFD1048576") == (1048576, 16384)


def test_a_cell_reference_that_is_not_one_is_a_damaged_file():
    good = recalculated(demo_names()[0]).read_bytes()
    title = hostile.sheet_parts(good)
    first = next(iter(title.values()))
    bad = hostile.rewrite(good, replace={first: hostile.member(good, first).replace(b'r="A1"', b'r="1A"', 1)})
    path = workdir("fastbook") / "bad-ref.xlsx"
    path.write_bytes(bad)
    with pytest.raises(Refused) as err:
        load_book(open_untrusted(path), DEFAULT_LIMITS)
    assert err.value.finding.code == "file-corrupt"


def test_the_sheet_parser_refuses_dtds_and_entities_itself():
    """The container refuses a DOCTYPE before any parser runs; the reader refuses one as well."""
    from validator.fastbook import Sheet, SheetParser, _Forbidden

    for xml in (hostile.BILLION_LAUGHS, hostile.XXE_SHEET_PREFIX + b'<worksheet xmlns="x">&xxe;</worksheet>'):
        with pytest.raises(_Forbidden):
            SheetParser(Sheet("s"), [], frozenset(), None).parse(io.BytesIO(xml))
