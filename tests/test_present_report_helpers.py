"""Presentation helpers the report uses: XML-safe text and charts that stay valid XML with
hostile labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cnm.present.charts import bar_chart, line_chart, stacked_bar
from cnm.present.safe import xml_text

HOSTILE = "<script>alert(1)</script>\x01\u202e&"


def test_xml_text_drops_what_xml_cannot_carry():
    assert xml_text("a\x00b\x0bc\u202ed\te\nf") == "abcd\te\nf"
    assert xml_text(None) == ""


def test_charts_are_valid_svg_with_hostile_labels():
    for svg in (bar_chart([(HOSTILE, 3.0), ("b", 5.0)], maxima=[10, 10], title=HOSTILE, unit="分"),
                stacked_bar([(HOSTILE, 2.0), ("x", 1.0)], title="t"),
                line_chart(["2022", "2023"], [(HOSTILE, [1.0, None])], title="t", unit=HOSTILE)):
        root = ET.fromstring(svg)
        texts = "".join(root.itertext())
        assert "<script>alert(1)</script>&" in texts and "<script" not in svg


def test_bar_value_labels_clear_the_maximum_outline():
    svg = bar_chart([("a", 1.0)], maxima=[10.0], title="t", width=640)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    outline = next(r for r in root.iter(f"{ns}rect") if r.get("fill") == "none")
    label = next(t for t in root.iter(f"{ns}text") if "/ 10.0" in (t.text or ""))
    assert float(label.get("x")) > float(outline.get("x")) + float(outline.get("width"))


def test_a_bar_label_fits_its_column_on_at_most_two_lines():
    """Long labels wrap at a space (or between CJK characters) and, beyond two lines, end in an
    ellipsis: nothing is drawn past the chart's left edge."""
    from cnm.present.charts import _wrap, text_width

    assert _wrap("Implementation of emission-reduction measures", 276) == [
        "Implementation of", "emission-reduction measures"]
    for label in ("A very long English group name that goes on and on well beyond any width", "中" * 60, "x" * 90):
        lines = _wrap(label, 200)
        assert len(lines) == 2 and all(text_width(line) <= 200 for line in lines), lines
        assert lines[1].endswith("…")
