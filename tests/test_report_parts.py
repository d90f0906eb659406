"""Small parts of the report: the DOCX run writer (built as XML directly, it must write what
python-docx writes) and the number format of the annex."""

from __future__ import annotations

import pytest
from docx import Document
from docx.shared import RGBColor
from lxml import etree

from cnm.present.safe import xml_text
from report_builder.context import smart
from report_builder.docx_parts import ACCENT, add_run_by_api, add_text

TEXTS = ["", "碳中和", " leading", "trailing ", "\u3000全角空格\u3000", "a\tb", "line\nbreak", "cr\rx",
         "ctl\x01\x0b\u202echars", None, 12.5, "<&>\"'"]
STYLES = [(False, None, None), (True, None, None), (False, 7.5, None), (True, 8.5, ACCENT), (False, 10.25, None), (False, 10.3, None),
          (False, None, RGBColor(0x1D, 0x27, 0x33))]


@pytest.mark.parametrize("value", TEXTS, ids=repr)
@pytest.mark.parametrize("style", STYLES, ids=str)
def test_add_text_writes_what_python_docx_writes(value, style):
    doc = Document()
    ours, theirs = doc.add_paragraph(), doc.add_paragraph()
    run = add_text(ours, value, *style)
    add_run_by_api(theirs, xml_text(value), *style)
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
    run.add_text("more")  # the returned run is a python-docx Run the annex goes on writing into
    assert ours.text.endswith("more")


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (0.0, "0"), (-0.0, "0"), (1e-13, "0"), (-1e-13, "0"),
                                              (0.00012, "0.0001"), (0.5413, "0.5413"), (3.364, "3.36"),
                                              (106.21, "106.2"), (55692.4, "55,692"), (None, "—")])
def test_smart_prints_zero_and_rounding_residues_as_0(value, shown):
    assert smart(value) == shown
