"""The assessment report (Appendix B, R-10.2) read back from its real outputs: pdftotext on the
PDF, python-docx on the DOCX, the HTML parsed; reproducible bytes; escaping of mine text."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.record_io import load_record
from cnm.result import assess
from report_builder.labels import SECTIONS, TEXT
from tests.conftest import RECORDS, ROOT

# only the tests that read PDFs back need poppler-utils (installed by scripts/install-system-deps.sh)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing: make system")

EPOCH = "1735689600"  # 2025-01-01T00:00:00Z
STEM = "qianxi-iron_2024"
APPENDIX_B = [SECTIONS[k][0] for k in ("s1", "s1_1", "s1_2", "s1_3", "s2", "s2_1", "s2_2", "s3", "s3_1", "s3_2", "s4",
                                         "s4_1", "s4_2", "s4_3", "s4_4", "s5", "s5_1", "s5_2", "s6")]
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} **粗体** [点击](javascript:alert(1)) a|b"


def run_report(args: list[str], epoch: str = EPOCH):
    res = CliRunner().invoke(app, ["report", *args], env={"SOURCE_DATE_EPOCH": epoch})
    assert res.exit_code == 0, res.output
    return res


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def zh_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh")
    run_report([str(RECORDS / f"{STEM}.yaml"), "--history", str(RECORDS), "-o", str(out), "--reviewer", "李审核"])
    return out


@pytest.fixture(scope="module")
def result():
    return assess(load_record(RECORDS / f"{STEM}.yaml"))


@needs_poppler
def test_pdf_reads_back_sections_mine_and_grade(zh_report, result):
    text = pdf_text(zh_report / f"{STEM}.zh.pdf")
    flat = re.sub(r"\s+", "", text)
    for title in APPENDIX_B:
        assert re.sub(r"\s+", "", title) in flat, title
    start = flat.index("1基本情况")
    positions = [flat.index(re.sub(r"\s+", "", t), start) for t in APPENDIX_B[1:]]
    assert positions == sorted(positions), "Appendix B's order"
    assert result.record.mine.name_zh in text
    assert f"等级{result.grade}" in flat and f"{result.total:.2f}" in text
    assert "李审核" in text


@needs_poppler
def test_pdf_embeds_subset_cjk_fonts_and_stays_small(zh_report):
    pdf = zh_report / f"{STEM}.zh.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    cjk = [ln for ln in fonts.splitlines() if "CJK" in ln]
    assert cjk and all(" yes yes yes " in ln for ln in cjk), fonts
    assert pdf.stat().st_size < 1_500_000
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"CreationDate:\s+2025-01-01T00:00:00", info), info  # SOURCE_DATE_EPOCH, not the clock
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta  # PDF/A-3b, for the archive


@needs_poppler
def test_review_block_is_on_one_page(zh_report):
    """The block the reviewer signs is not split: heading, reviewer, date, opinion and signature on
    one page of the PDF (qianxi-iron's signature row once fell alone onto a page of its own)."""
    pages = pdf_text(zh_report / f"{STEM}.zh.pdf").split("\f")
    labels = [TEXT[k][0] for k in ("reviewer", "review_date", "signature")]
    holding = [i for i, page in enumerate(pages) if any(label in page for label in labels)]
    assert len(holding) == 1, f"review block over pages {[i + 1 for i in holding]}"
    assert "李审核" in pages[holding[0]] and SECTIONS["review"][0] in pages[holding[0]]


def test_docx_review_block_keeps_together_with_room_to_sign(zh_report):
    d = docx.Document(str(zh_report / f"{STEM}.zh.docx"))
    review = next(t for t in d.tables if t.rows[-1].cells[0].text == TEXT["signature"][0])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in review.rows)
    assert all(row.height is not None and row.height.mm >= 12 for row in review.rows)
    keeps = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in review.rows]
    assert keeps == [True] * (len(review.rows) - 1) + [None]


def test_docx_reads_back_sections_mine_grade_and_charts(zh_report, result):
    d = docx.Document(str(zh_report / f"{STEM}.zh.docx"))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    found = [h for h in headings if h in APPENDIX_B]
    assert found == APPENDIX_B
    texts = [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any(result.record.mine.name_zh in t for t in texts)
    assert any(t == result.grade for t in texts) and any(f"{result.total:.2f}" in t for t in texts)
    assert len(d.inline_shapes) == 5, "scope/source and group charts, three trend charts"
    assert d.core_properties.created.isoformat().startswith("2025-01-01")


def test_html_is_escaped_appendix_b_and_every_figure_is_traced(zh_report, result):
    html = (zh_report / f"{STEM}.zh.html").read_text(encoding="utf-8")
    heads = HeadingParser.of(html)
    assert [h for h in heads if h in APPENDIX_B] == APPENDIX_B
    for item in result.trace():
        assert f'id="trace-{item.key}"><div class="k">{item.key} ' in html, item.key  # annex A lists each figure
    assert html.count("<svg") == 5 and 'role="img"' in html
    assert result.methodology["hash"] in html


def test_suggestions_come_from_the_planner(zh_report, result):
    from cnm.planner import plan

    earlier = [load_record(RECORDS / f"qianxi-iron_{y}.yaml") for y in (2022, 2023)]
    sentence = plan(result.record, history=earlier).sentence("zh")
    html = (zh_report / f"{STEM}.zh.html").read_text(encoding="utf-8")
    assert HeadingParser.text_of(html).count(sentence) == 1


def test_bundle_manifest_checksums_and_archive(zh_report):
    manifest = json.loads((zh_report / f"{STEM}.zh.manifest.json").read_text(encoding="utf-8"))
    names = {f["name"] for f in manifest["files"]}
    assert names == {f"{STEM}.zh.html", f"{STEM}.zh.pdf", f"{STEM}.zh.docx", f"{STEM}.record.json",
                     f"{STEM}.history/qianxi-iron_2022.record.json", f"{STEM}.history/qianxi-iron_2023.record.json"}
    for f in manifest["files"]:
        assert hashlib.sha256((zh_report / f["name"]).read_bytes()).hexdigest() == f["sha256"]
    assert manifest["source_date_epoch"] == int(EPOCH)
    check = subprocess.run(["sha256sum", "-c", f"{STEM}.zh.sha256"], cwd=zh_report, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(zh_report / f"{STEM}.zh.archive.zip") as z:
        for name in [*names, f"{STEM}.zh.manifest.json", f"{STEM}.zh.sha256"]:
            assert z.read(name) == (zh_report / name).read_bytes()
    rec = load_record(zh_report / f"{STEM}.record.json")
    assert rec == load_record(RECORDS / f"{STEM}.yaml")


def test_same_inputs_give_byte_identical_files(zh_report, tmp_path):
    run_report([str(RECORDS / f"{STEM}.yaml"), "--history", str(RECORDS), "-o", str(tmp_path), "--reviewer", "李审核"])
    files = sorted(f.relative_to(zh_report) for f in zh_report.rglob("*") if f.is_file())
    assert files == sorted(f.relative_to(tmp_path) for f in tmp_path.rglob("*") if f.is_file())
    for f in files:
        assert (tmp_path / f).read_bytes() == (zh_report / f).read_bytes(), f


@needs_poppler
def test_first_pages_as_pictures(zh_report):
    """The look of the document: pdftoppm renders the first pages (kept as test artefacts)."""
    folder = ROOT / "build" / "test-artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = zh_report / f"{STEM}.zh.pdf"
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "3", "-png", str(pdf), str(folder / "report-page")],
                   check=True)
    pages = sorted(folder.glob("report-page-*.png"))
    assert len(pages) == 3 and all(p.stat().st_size > 5000 for p in pages)
    gray = subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-gray", str(pdf)], check=True,
                          capture_output=True).stdout
    pixels = gray[gray.index(b"255\n") + 4:]
    assert sum(1 for b in pixels if b < 128) > 200, "the cover page has visible text"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile")
    data = yaml.safe_load((RECORDS / "wannan-limestone_2024.yaml").read_text(encoding="utf-8"))
    data["mine"]["name_zh"] = HOSTILE + "\u202e\x01"
    data["reductions"][0]["measure"] = "<img src=x onerror=alert(2)>"
    data["assessment"]["reason"] = "{{ config }} <b>bold</b>\x0b"
    for credit in data["offsets"]:
        credit["beneficiary"] = data["mine"]["name_zh"]
    src = folder / "hostile.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run_report([str(src), "-o", str(folder / "out")])
    return folder / "out", "wannan-limestone_2024"


def test_hostile_mine_text_is_escaped_in_html(hostile):
    out, stem = hostile
    html = (out / f"{stem}.zh.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "{% if 1 %}x{% endif %}" in html, "mine text is data, never a template"
    assert "\u202e" not in html and "\x01" not in html and "\x0b" not in html
    assert HeadingParser.text_of(html).count(HOSTILE) >= 2  # shown exactly as typed (cover, section 1)


@needs_poppler
def test_hostile_mine_text_is_literal_in_docx_and_pdf(hostile):
    out, stem = hostile
    d = docx.Document(str(out / f"{stem}.zh.docx"))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert HOSTILE in cells and "<img src=x onerror=alert(2)>" in cells
    with zipfile.ZipFile(out / f"{stem}.zh.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;" in xml and "<script>" not in xml
    assert "<script>alert(1)</script>" in pdf_text(out / f"{stem}.zh.pdf")


def test_english_report(tmp_path):
    run_report([str(RECORDS / "gandong-copper_2024.yaml"), "--lang", "en", "-f", "html,docx", "-o", str(tmp_path)])
    assert sorted(p.name.split(".", 2)[2] for p in tmp_path.glob("gandong-copper_2024.en.*")) == [
        "archive.zip", "docx", "html", "manifest.json", "sha256"]
    run_report([str(RECORDS / "gandong-copper_2024.yaml"), "-f", "html", "-o", str(tmp_path)])  # zh beside it
    for lang in ("zh", "en"):  # each language keeps its own manifest and checksums
        check = subprocess.run(["sha256sum", "-c", f"gandong-copper_2024.{lang}.sha256"], cwd=tmp_path,
                               capture_output=True, text=True)
        assert check.returncode == 0 and f"gandong-copper_2024.{lang}.html: OK" in check.stdout, check.stdout
    html = (tmp_path / "gandong-copper_2024.en.html").read_text(encoding="utf-8")
    english = [SECTIONS[k][1] for k in SECTIONS if k.startswith("s")]
    assert [h for h in HeadingParser.of(html) if h in english] == english
    assert "To reach AA" in html and 'lang="en"' in html


def test_cli_errors(tmp_path):
    runner = CliRunner()
    book = tmp_path / "filled.xlsx"
    book.write_bytes(b"PK\x03\x04")
    res = runner.invoke(app, ["report", str(book), "-o", str(tmp_path / "o")])
    try:
        import workbook_templates  # noqa: F401
    except ImportError:
        assert res.exit_code == 1 and "workbook_templates" in res.output
    res = runner.invoke(app, ["report", str(RECORDS / f"{STEM}.yaml"), "-o", str(tmp_path), "-f", "pdf,odt"])
    assert res.exit_code == 2 and "odt" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("mine: {id: x}\n", encoding="utf-8")
    res = runner.invoke(app, ["report", str(bad), "-o", str(tmp_path)])
    assert res.exit_code == 1 and "Traceback" not in res.output


@pytest.mark.parametrize(("given", "refused"), [("2025-13-45", "不是有效日期"), ("not a date", "not a date"),
                                                ("2024-01-01", "早于")])  # qianxi-iron's report date: 2025-04-30
def test_a_review_date_that_cannot_be_signed_is_refused(tmp_path, given, refused):
    res = CliRunner().invoke(app, ["report", str(RECORDS / f"{STEM}.yaml"), "-f", "html", "-o", str(tmp_path),
                                   "--review-date", given])
    assert res.exit_code == 2 and refused in res.output and not list(tmp_path.iterdir())


def test_a_review_date_is_written_as_iso(tmp_path):
    run_report([str(RECORDS / f"{STEM}.yaml"), "-f", "html", "-o", str(tmp_path), "--review-date", "2025年5月3日"])
    assert "<td>2025-05-03</td>" in (tmp_path / f"{STEM}.zh.html").read_text(encoding="utf-8")


class HeadingParser(HTMLParser):
    """h1..h3 texts of an HTML page, and its whole text."""

    def __init__(self):
        super().__init__()
        self.heads: list[str] = []
        self.chunks: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._in = True
            self.heads.append("")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3"):
            self._in = False

    def handle_data(self, data):
        self.chunks.append(data)
        if self._in:
            self.heads[-1] += data

    @classmethod
    def of(cls, html: str) -> list[str]:
        p = cls()
        p.feed(html)
        return [h.strip() for h in p.heads]

    @classmethod
    def text_of(cls, html: str) -> str:
        p = cls()
        p.feed(html)
        return "".join(p.chunks)


def test_a_share_just_under_a_band_edge_is_not_printed_as_the_edge(tmp_path):
    """0.5996 of residual emissions offset is not C (60 %): the report prints 59.96 %, not 60.0 %
    beside 未达级, in the summary, 4.4, 5.2 and the planner's sentence."""
    data = yaml.safe_load((RECORDS / "jinyuan-coal_2024.yaml").read_text(encoding="utf-8"))
    credit = data["offsets"][0]
    credit["quantity"] = 352_100
    credit["serial_end"] = credit["serial_end"][:-8] + f"{int(credit['serial_start'][-8:]) + 352_100 - 1:08d}"
    path = tmp_path / "edge_2024.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = assess(load_record(path))
    assert r.grade_by_score == "C" and r.grade == "未达级" and 0.5995 < r.inventory.offset_share < 0.6
    run_report([str(path), "-f", "html", "-o", str(tmp_path / "out")])
    text = HeadingParser.text_of((tmp_path / "out" / "jinyuan-coal_2024.zh.html").read_text(encoding="utf-8"))
    before_plan, plan = text.split("要达到", 1)
    assert "60.0%" not in before_plan and before_plan.count("59.96%") >= 3, "summary, 4.4 and 5.2"
    assert "（抵消比例 59.96% → 60.0%）" in plan  # after retiring 243 t more the share is 60 % exactly
