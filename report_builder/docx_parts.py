"""Building blocks of the DOCX report (python-docx): fonts with their East Asian family,
tables, key-value tables, charts as PNG, fields. Every string passes `xml_text`."""

from __future__ import annotations

import io
from functools import lru_cache

import cairosvg
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.run import Run
from lxml.etree import SubElement

from cnm.present.safe import xml_text

SERIF, SANS = ("Noto Serif", "Noto Serif CJK SC"), ("Noto Sans", "Noto Sans CJK SC")
ACCENT = RGBColor(0x1B, 0x5E, 0x20)
NOT_RATED_COLOUR = RGBColor(0x9A, 0x67, 0x00)  # amber, as the PDF cover's not-rated badge
_W_R, _W_RPR, _W_B, _W_COLOR, _W_SZ, _W_T, _W_VAL, _XML_SPACE = (
    qn(t) for t in ("w:r", "w:rPr", "w:b", "w:color", "w:sz", "w:t", "w:val", "xml:space"))


def set_font(style_or_run, family: tuple[str, str], size: float | None = None, bold: bool | None = None) -> None:
    """Latin and East Asian font of a style or run (Word picks eastAsia for CJK characters)."""
    f = style_or_run.font
    f.name = family[0]
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), family[0])
    fonts.set(qn("w:eastAsia"), family[1])


@lru_cache(maxsize=1)
def _style_ids() -> dict[str, str]:
    """Style name -> id in python-docx's default template, looked up once: python-docx looks a
    name up by scanning every style, twice, on each use (a sixth of the DOCX's time)."""
    return {s.name: s.style_id for s in Document().styles}


def styled(paragraph, name: str):
    """`paragraph` with the built-in style `name` (the same XML as python-docx's `style=name`)."""
    paragraph._p.style = _style_ids()[name]
    return paragraph


def set_styles(doc) -> None:
    set_font(doc.styles["Normal"], SERIF, 10)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12)):
        st = doc.styles[name]
        set_font(st, SANS, size, True)
        st.font.color.rgb = ACCENT if name != "Heading 2" else RGBColor(0x1D, 0x27, 0x33)
    lang = doc.styles["Normal"].element.get_or_add_rPr()
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), "en-US")
    el.set(qn("w:eastAsia"), "zh-CN")
    lang.append(el)


def add_text(par, value, bold: bool = False, size: float | None = None, colour: RGBColor | None = None):
    """A run of `value` at the end of `par`: the XML python-docx's add_run, bold, font.size and
    font.color write, built directly (its property machinery was a third of the DOCX's time)."""
    text = xml_text(value)
    if "\t" in text or "\n" in text or "\r" in text:  # tabs and breaks: python-docx's own splitting
        return add_run_by_api(par, text, bold, size, colour)
    r = SubElement(par._p, _W_R)
    rpr = SubElement(r, _W_RPR)  # python-docx leaves an empty one after `bold = None`
    if bold:
        SubElement(rpr, _W_B)
    if colour is not None:
        SubElement(rpr, _W_COLOR).set(_W_VAL, str(colour))
    if size:
        SubElement(rpr, _W_SZ).set(_W_VAL, str(int(Pt(size).pt * 2)))
    if text:
        t = SubElement(r, _W_T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_XML_SPACE, "preserve")
    return Run(r, par)


def add_run_by_api(par, text: str, bold: bool = False, size: float | None = None, colour: RGBColor | None = None):
    """The same run through python-docx's API (slow; the reference `add_text` is tested against)."""
    run = par.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def shade(cell, fill: str) -> None:
    pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    pr.append(shd)


#: a table of at most KEEP body rows is kept on one page; a longer one keeps its header and first
#: KEEP_ENDS rows together and its last KEEP_ENDS rows (as the PDF: report.css, report.html.j2)
KEEP, KEEP_ENDS = 8, 3
_W_CANT_SPLIT, _W_TBL_HEADER, _W_KEEP_NEXT, _W_P_STYLE = (qn(t) for t in ("w:cantSplit", "w:tblHeader", "w:keepNext",
                                                                          "w:pStyle"))


def _row_props(tr, header: bool) -> None:
    """A new table's row that never splits across pages (w:cantSplit); a header row is repeated at
    the top of each page the table runs onto (w:tblHeader). Schema order in <w:trPr>: cantSplit,
    trHeight (`form` adds it through python-docx, which puts it between), tblHeader."""
    tr_pr = tr.get_or_add_trPr()  # empty in a new table
    SubElement(tr_pr, _W_CANT_SPLIT)
    if header:
        SubElement(tr_pr, _W_TBL_HEADER)


def keep_with_next(tr) -> None:
    """Every paragraph of a row keeps with the next paragraph: the row stays on the next row's
    page. In <w:pPr>, <w:keepNext/> comes second, after <w:pStyle> (python-docx's
    `keep_with_next` writes the same, at about an eighth of the DOCX's time)."""
    for tc in tr.tc_lst:
        for p in tc.p_lst:
            p_pr = p.get_or_add_pPr()
            if p_pr.find(_W_KEEP_NEXT) is None:
                first = p_pr[0] if len(p_pr) else None
                p_pr.insert(1 if first is not None and first.tag == _W_P_STYLE else 0, OxmlElement("w:keepNext"))


def _kept_rows(n_body: int, header: bool) -> range | list[int]:
    """Indexes of the rows (header included) that keep with the next row."""
    n = n_body + header
    if n_body <= KEEP:
        return range(n - 1)
    return [*range(header + KEEP_ENDS - 1), *range(n - KEEP_ENDS, n - 1)]


def table(doc, header: list[str] | None, rows: list[list[str]], widths: list[float] | None = None,
           key_column: bool = False, size: float = 8.5):
    """A grid table; `key_column` shades the first column (key-value tables). Rows do not split,
    the header row repeats on each page, and page breaks fall as in the PDF (`_kept_rows`)."""
    body = ([header] if header else []) + rows
    t = doc.add_table(rows=len(body), cols=len(body[0]))
    t._tbl.tblStyle_val = _style_ids()["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (row, values) in enumerate(zip(t.rows, body, strict=True)):
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            head = (header is not None and r == 0) or (key_column and i == 0)
            add_text(cell.paragraphs[0], value, bold=head, size=size)
            if head:
                shade(cell, "EEF3EE")
            if widths:
                cell.width = Mm(widths[i])
    trs = t._tbl.tr_lst
    for r, tr in enumerate(trs):
        _row_props(tr, header is not None and r == 0)
    for r in _kept_rows(len(rows), header is not None):
        keep_with_next(trs[r])
    doc.add_paragraph()
    return t


def kv(doc, pairs: list[tuple[str, str]]):
    return table(doc, None, [[k, v] for k, v in pairs], widths=[55, 115], key_column=True, size=9)


def form(doc, pairs: list[tuple[str, str]], row_mm: float = 14):
    """A key-value table to be filled in by hand (the review block): rows at least `row_mm` high,
    kept on one page with the paragraph before it (its heading) as Word and LibreOffice lay out."""
    t = kv(doc, pairs)  # its rows do not split (`table`)
    for row in t.rows:
        row.height, row.height_rule = Mm(row_mm), WD_ROW_HEIGHT_RULE.AT_LEAST
    for tr in t._tbl.tr_lst[:-1]:  # each row keeps with the next: the table moves as one block
        keep_with_next(tr)
    return t


def chart(doc, svg: str) -> None:
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=1.5)
    doc.add_picture(io.BytesIO(png), width=Mm(165))


def field(par, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    run = par.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def heading(doc, text: str, level: int) -> None:
    styled(doc.add_paragraph(), f"Heading {level}").add_run(xml_text(text))


def para(doc, text: str):
    p = doc.add_paragraph()
    add_text(p, text)
    return p


def bullets(doc, items: list[str]) -> None:
    for item in items:
        add_text(styled(doc.add_paragraph(), "List Bullet"), item)
