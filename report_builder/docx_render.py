"""The report as an editable DOCX (python-docx), from the same context as the HTML.

No template language touches mine-supplied text: every string is set as a run's text
(lxml escapes it) after `xml_text` removes what XML cannot carry. Charts are the HTML's SVG
rendered to PNG by CairoSVG. The bytes are reproducible: fixed core properties and zip
entries with the report's stamp as their time, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from cnm.present.safe import xml_text
from report_builder.docx_parts import ACCENT, NOT_RATED_COLOUR, add_text, field, kv, set_styles, styled
from report_builder.docx_sections import body
from report_builder.html_render import GENERATOR


def _page_setup(doc, c: dict) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(18)
    sec.top_margin, sec.bottom_margin = Mm(22), Mm(20)
    sec.different_first_page_header_footer = True
    head = sec.header.paragraphs[0]
    add_text(head, f"{c['t']['title']} — {c['basic']['name']}", size=8)
    foot = sec.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    zh = c["lang"] == "zh"
    add_text(foot, "第 " if zh else "Page ", size=8)
    field(foot, "PAGE")
    add_text(foot, " 页 / 共 " if zh else " of ", size=8)
    field(foot, "NUMPAGES")
    if zh:
        add_text(foot, " 页", size=8)


def _cover(doc, c: dict) -> None:
    t, b, res = c["t"], c["basic"], c["result"]
    for _ in range(4):
        doc.add_paragraph()
    title = styled(doc.add_paragraph(), "Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(title, t["title"])
    for line, size, bold in ((b["name"], 18, True), (b["alt_name"], 11, False),
                             (f"{t['grade']} {res['grade']}", 22, True),
                             (f"{t['total_score']} {res['total']} · {t['offset_share']} {res['offset_share']}", 10, False)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        grade_colour = ACCENT if res["rated"] else NOT_RATED_COLOUR  # 未达级 is not shown as a grade
        add_text(p, line, bold=bold, size=size, colour=grade_colour if size == 22 else None)
    kv(doc, [(t["period"], c["scope"]["period"]), (t["category"], b["category"]),
              (t["commissioning"], b["commissioning"]), (t["assessor"], b["assessor"]),
              (t["report_date"], b["report_date"])])
    add_text(doc.add_paragraph(), t["draft_standard"], size=8)
    doc.add_section(WD_SECTION.NEW_PAGE)


def render_docx(c: dict, stamp: dt.datetime) -> bytes:
    """The report's DOCX bytes (same stamp and context: same bytes)."""
    doc = Document()
    set_styles(doc)
    _page_setup(doc, c)
    _cover(doc, c)
    body(doc, c)
    props = doc.core_properties
    props.title = xml_text(f"{c['t']['title']} — {c['basic']['name']} {c['period']}")
    props.subject, props.author = xml_text(c["t"]["title"]), xml_text(c["basic"]["assessor"])
    props.keywords = xml_text(f"{c['basic']['id']}, {c['period']}, {c['result']['grade']}")
    props.comments, props.last_modified_by = GENERATOR, GENERATOR
    props.created = props.modified = props.last_printed = stamp.replace(tzinfo=None)
    props.revision, props.language = 1, ("zh-CN" if c["lang"] == "zh" else "en-US")
    raw = io.BytesIO()
    doc.save(raw)
    return fixed_zip(raw.getvalue(), stamp)


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The zip re-written with one timestamp, fixed attributes and the original entry order."""
    when = max(stamp, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when)
            info.compress_type, info.external_attr, info.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            dst.writestr(info, src.read(item.filename), compresslevel=9)
    return out.getvalue()
