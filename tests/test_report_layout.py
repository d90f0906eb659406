"""The report's page layout, read back from the laid-out PDF (WeasyPrint's pages, the ones
`write` draws), the PDF's text (pdftotext, page by page) and the DOCX's XML: a short table on one
page, a longer one starting and ending with at least three rows, a heading on the page of its
table's first rows, the review block on one page, no word cut inside in a table cell (an id
breaks after a hyphen), DOCX header rows that repeat and rows that do not split, "None" for a
mine without offsets, and the cover's look of "not rated". Each report is rendered once."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from weasyprint.formatting_structure import boxes

from cnm.grading import NOT_RATED, grade_en
from cnm.methodology import default_methodology
from cnm.record_io import load_record, record_from_data
from report_builder import FORMATS, source_stamp
from report_builder.context import build
from report_builder.docx_render import render_docx
from report_builder.history import HistoryFolder
from report_builder.html_render import render_html
from report_builder.inputs import RenderInputs, assemble
from report_builder.labels import SECTIONS, TEXT
from report_builder.pdf_render import layout, write
from tests.conftest import RECORDS

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing: make system")

#: the mines and languages where a reviewer found tables split, headings left alone and words cut
STEMS = ("jinyuan-coal_2024", "chuannan-gas_2024", "wannan-limestone_2024")
LANGS = ("zh", "en")
KEEP, ENDS = 8, 3  # a table of at most KEEP rows on one page; else ENDS rows at least at either end
CASES = [(stem, lang) for stem in STEMS for lang in LANGS]


@dataclass
class Report:
    html: str
    pages: list  # WeasyPrint's laid-out pages, as drawn into the PDF
    text: list[str]  # pdftotext of each PDF page
    docx: docx.document.Document


def _render(record, earlier, lang: str, folder: Path, pdf: bool = True) -> Report:
    """The report as `cnm report RECORD --history DIR --lang LANG` renders it (report_builder.render)."""
    inputs = RenderInputs(record=record, lang=lang, formats=FORMATS, stamp=source_stamp(record), earlier=earlier)
    inp = assemble(inputs, default_methodology())
    context = build(inp, lang)
    html = render_html(context, inp.generated)
    pages, text = [], []
    if pdf:
        document = layout(html)
        path = folder / f"{record.mine.id}.{lang}.pdf"
        path.write_bytes(write(document))
        pages, text = document.pages, _pdf_pages(path)
    path = folder / f"{record.mine.id}.{lang}.docx"
    path.write_bytes(render_docx(context, inp.generated))
    return Report(html, pages, text, docx.Document(str(path)))


def _pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        return []
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return out.split("\f")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, str], Report]:
    folder = tmp_path_factory.mktemp("layout")
    history = HistoryFolder(RECORDS)
    out = {}
    for stem in STEMS:
        record = load_record(RECORDS / f"{stem}.yaml")
        for lang in LANGS:
            out[stem, lang] = _render(record, history.earlier(record), lang, folder)
    return out


@pytest.fixture(scope="module")
def no_offsets(tmp_path_factory) -> dict[str, Report]:
    """jinyuan-coal 2024 with its credits removed: the zh report with its PDF, the en one without."""
    folder = tmp_path_factory.mktemp("no-offsets")
    data = yaml.safe_load((RECORDS / "jinyuan-coal_2024.yaml").read_text(encoding="utf-8"))
    data["offsets"] = []
    record = record_from_data(data)
    return {lang: _render(record, None, lang, folder, pdf=lang == "zh") for lang in LANGS}


# --- reading WeasyPrint's pages -------------------------------------------------------------------

def _walk(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _body_rows(table_box) -> list:
    return [row for group in table_box.children if not group.is_header for row in group.children]


def _tables(pages) -> dict:
    """<table> element -> [(page number, body rows on that page), ...] in page order."""
    found: dict = {}
    for number, page in enumerate(pages, 1):
        for box in _walk(page._page_box):
            if isinstance(box, boxes.TableBox):
                found.setdefault(box.element, []).append((number, len(_body_rows(box))))
    return found


def _first_page(pages) -> dict:
    """element -> the page its first box is on."""
    where: dict = {}
    for number, page in enumerate(pages, 1):
        for box in _walk(page._page_box):
            if box.element is not None:
                where.setdefault(box.element, number)
    return where


def _headed_tables(pages) -> list:
    """(heading, table) elements where the table follows the h2 or h3 directly in the HTML."""
    root = pages[0]._page_box.children[0].element
    pairs = []
    for parent in root.iter():
        children = list(parent)
        pairs += [(a, b) for a, b in pairwise(children)
                  if a.tag in ("h2", "h3") and b.tag == "table"]
    return pairs


def _source_text(element) -> str:
    """A cell's text as the HTML has it: <br> a line break, <wbr> nothing."""
    parts = []

    def add(el, top: bool) -> None:
        if el.tag == "br":
            parts.append("\n")
        parts.append(el.text or "")
        for child in el:
            add(child, False)
        if not top:
            parts.append(el.tail or "")

    add(element, True)
    return re.sub(r"[ \t]+", " ", "".join(parts))


def _cut_words(pages) -> list[str]:
    """Line breaks inside a word or number of a table cell (letters or digits on both sides with
    nothing between them in the cell's text); ids with an underscore (record keys) aside."""
    cut = []
    for number, page in enumerate(pages, 1):
        for cell in (b for b in _walk(page._page_box) if isinstance(b, boxes.TableCellBox)):
            lines = ["".join(t.text for t in _walk(line) if isinstance(t, boxes.TextBox)).replace("\u200b", "")
                     for line in _walk(cell) if isinstance(line, boxes.LineBox)]
            source, at = _source_text(cell.element), 0
            for a, b in pairwise(lines):
                a = a.rstrip()
                found = source.find(a, at) if a else -1
                if found < 0:
                    continue
                at = found + len(a)
                tail, head = re.search(r"\S*$", a).group(), re.match(r"\S*", b).group()
                joined = at < len(source) and not source[at].isspace()
                if joined and re.search(r"[A-Za-z0-9]$", tail) and re.match(r"[A-Za-z0-9]", head) and "_" not in tail:
                    cut.append(f"p.{number}: {tail!r} | {head!r}")
    return cut


# --- the PDF ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_short_tables_stay_on_one_page(reports, stem, lang):
    """3.1's boundary table (6 rows) was split 2/4 at page 2 of every zh report; 4.2's summary left
    its last row alone on a page (jinyuan-coal zh)."""
    split = [pieces for pieces in _tables(reports[stem, lang].pages).values()
             if len(pieces) > 1 and sum(n for _, n in pieces) <= KEEP]
    assert not split, f"tables of at most {KEEP} rows over pages (page, rows): {split}"


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_long_tables_start_and_end_with_three_rows_on_a_page(reports, stem, lang):
    """5.1's score table began with its header and one group row at the foot of a page (jinyuan-coal
    and chuannan-gas en); no page may start with the last one or two rows of a table."""
    for pieces in _tables(reports[stem, lang].pages).values():
        if len(pieces) > 1:
            rows = [n for _, n in pieces]
            assert rows[0] >= ENDS and rows[-1] >= ENDS, f"rows per page {pieces}"


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_headings_stay_with_the_first_rows_of_their_table(reports, stem, lang):
    pages = reports[stem, lang].pages
    where, tables = _first_page(pages), _tables(pages)
    pairs = _headed_tables(pages)
    assert len(pairs) >= 10
    for heading, table in pairs:
        first_page, first_rows = tables[table][0]
        title = "".join(heading.itertext())
        assert where[heading] == first_page, f"{title}: heading on p.{where[heading]}, its table from p.{first_page}"
        assert first_rows >= min(ENDS, sum(n for _, n in tables[table])), f"{title}: {tables[table]}"


@needs_poppler
@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_pdf_text_has_review_block_and_headed_tables_on_one_page(reports, stem, lang):
    """The same read from the PDF's text: the review block (heading, reviewer, date, signature) on
    one page, and 3.1's heading on the page of its last row (the boundary table's last key)."""
    text = reports[stem, lang].text
    i = LANGS.index(lang)
    on = {key: [n for n, page in enumerate(text) if re.search(rf"^\s*{re.escape(word[i])}\b", page, re.M)]
          for key, word in (("review", SECTIONS["review"]), ("reviewer", TEXT["reviewer"]),
                            ("signature", TEXT["signature"]), ("s3_1", SECTIONS["s3_1"]),
                            ("activities", TEXT["activities"]))}
    assert len(on["review"]) == 1 and on["reviewer"] == on["signature"] == on["review"], on
    assert len(on["s3_1"]) == 1 and on["s3_1"][0] in on["activities"], on


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_no_word_is_cut_in_a_table_cell(reports, stem, lang):
    """The quality tier ("measure|d"), 4.4's headers ("Progra|mme", "Vintag|e") and credit ids
    ("CCER-14-2024-01|05") were cut inside; an id may break after a hyphen only."""
    assert _cut_words(reports[stem, lang].pages) == []


def _overflows(pages) -> list[str]:
    """Text drawn past the right edge of its table cell (a figure or a header kept on one line)."""
    out = []
    for number, page in enumerate(pages, 1):
        for cell in (b for b in _walk(page._page_box) if isinstance(b, boxes.TableCellBox)):
            right = cell.content_box_x() + cell.width + 0.5
            out += [f"p.{number}: {t.text!r}" for t in _walk(cell)
                    if isinstance(t, boxes.TextBox) and t.position_x + t.width > right]
    return out


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_no_text_runs_out_of_its_table_cell(reports, stem, lang):
    """4.4's header "Quantity tCO2e" ran over "Retired", 4.2's "2,200.0 万Nm3" over its neighbour."""
    assert _overflows(reports[stem, lang].pages) == []


def test_credit_ids_may_break_after_their_hyphens_only(reports):
    html = reports["jinyuan-coal_2024", "en"].html
    assert "CCER-<wbr>14-<wbr>2024-<wbr>0105" in html
    assert "<wbr>" not in re.sub(r"-<wbr>", "", html), "a <wbr> only after a hyphen"


def test_cover_shows_not_rated_in_a_warning_colour(reports):
    """未达级 (not rated) was drawn in the accent green of a grade."""
    def badge(stem: str, lang: str):
        return next(b for b in _walk(reports[stem, lang].pages[0]._page_box)
                    if isinstance(b, boxes.BlockBox) and b.element is not None
                    and "badge" in (b.element.get("class") or "").split())

    for lang in LANGS:
        not_rated, rated = badge("jinyuan-coal_2024", lang), badge("wannan-limestone_2024", lang)
        html = reports["jinyuan-coal_2024", lang].html
        assert (NOT_RATED if lang == "zh" else grade_en(NOT_RATED)) in html.split('class="badge not-rated">')[1][:200]
        assert 'class="badge">' in reports["wannan-limestone_2024", lang].html
        assert not_rated.style["color"] != rated.style["color"]  # the rated grade in the accent green


# --- a mine without offsets ------------------------------------------------------------------------

def _between(html: str, start: str, end: str) -> str:
    i = html.index(f'id="{start}"')
    return html[i:html.index(f'id="{end}"', i)]


def test_no_offsets_prints_none_not_an_empty_table(no_offsets):
    for lang in LANGS:
        none = TEXT["none"][LANGS.index(lang)]
        part = _between(no_offsets[lang].html, "s4_4", "s4_5")
        assert "<table" not in part and f"<p>{none}</p>" in part
        paras = [p.text for p in no_offsets[lang].docx.paragraphs]
        at = paras.index(SECTIONS["s4_4"][LANGS.index(lang)])
        assert paras[at + 1] == none
        programme = TEXT["programme"][LANGS.index(lang)]
        assert not any(t.rows[0].cells[0].text == programme for t in no_offsets[lang].docx.tables)


@needs_poppler
def test_no_offsets_pdf_reads_none(no_offsets):
    text, title = "\n".join(no_offsets["zh"].text), SECTIONS["s4_4"][0]
    assert text[text.index(title) + len(title):].split()[:3] == ["无", *SECTIONS["s4_5"][0].split()]


# --- the DOCX -------------------------------------------------------------------------------------

_TR_PR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
                "tblHeader", "tblCellSpacing", "jc", "hidden")


def _props(tr) -> list[str]:
    return [child.tag.split("}")[1] for child in tr.trPr] if tr.trPr is not None else []


def _keeps(tr) -> bool:
    return all(p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for tc in tr.tc_lst for p in tc.p_lst)


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_docx_header_rows_repeat_and_rows_do_not_split(reports, stem, lang):
    """No table repeated its header row on a new page (0 of 22 had w:tblHeader)."""
    tables = reports[stem, lang].docx.tables
    headed = 0
    for t in tables:
        trs = t._tbl.tr_lst
        header = all(tc.tcPr is not None and tc.tcPr.find(qn("w:shd")) is not None for tc in trs[0].tc_lst)
        headed += header
        assert ("tblHeader" in _props(trs[0])) == header
        assert not any("tblHeader" in _props(tr) for tr in trs[1:])
        for tr in trs:
            props = _props(tr)
            assert "cantSplit" in props and props == sorted(props, key=_TR_PR_ORDER.index)
        body = len(trs) - header
        kept = [_keeps(tr) for tr in trs]
        if body <= KEEP:  # kept as one block, as in the PDF
            assert kept == [True] * (len(trs) - 1) + [False]
        else:  # the header with the first rows, the last rows together
            assert kept[:header + ENDS - 1] == [True] * (header + ENDS - 1) and not kept[header + ENDS - 1]
            assert kept[-ENDS:] == [True] * (ENDS - 1) + [False]
    assert headed >= 10


def test_docx_headings_keep_with_the_next_paragraph(reports):
    d = reports["jinyuan-coal_2024", "zh"].docx
    for name in ("Heading 1", "Heading 2"):
        assert d.styles[name].paragraph_format.keep_with_next
    caption = next(p for p in d.paragraphs if p.text == TEXT["neutrality"][0])
    assert caption.paragraph_format.keep_with_next

