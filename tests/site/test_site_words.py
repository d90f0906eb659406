"""The words of the public site: every emission source has a real name in both languages, zh pages
say no English codes (units, bases, finding codes, metric ids) and no internal requirement ids,
en pages name provinces and the methodology in English, charts' legends do not overlap, the 404
pages link relatively, and no download publishes a person's name or telephone number."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cnm.present.charts import line_chart, stacked_bar, text_width
from cnm.record import Record
from cnm.vocabulary import EMISSION_CATEGORIES, METRICS, SCOPE3_CATEGORIES, emission_category, province_en
from site_builder.config import SiteConfig
from site_builder.context import PageContext
from site_builder.data import load_site_data
from site_builder.downloads import PERSONAL_FIELDS
from site_builder.reports import report_language
from site_builder.text import t
from tests.site.conftest import EXAMPLES, HOSTILE_ID

DEMO = EXAMPLES / "records"
ROOT = EXAMPLES.parent
CJK = re.compile(r"[\u3400-\u9fff]")
KEY_LIKE = re.compile(r"^[a-z0-9]+(?:[ _][a-z0-9]+)*$")  # 'facility_fugitive', 'oilgas recovered ch4'
REQUIREMENT_ID = re.compile(r"\b[GR]-\d+(?:\.\d+)*\b")


class _Text(HTMLParser):
    """The text a reader sees (and a screen reader reads: SVG titles and descriptions), without
    scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(path: Path) -> str:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return " ".join(p.parts)


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.find("<article"):html.find("</article>")]


@pytest.fixture(scope="module")
def demo_data():
    """Every demo record assessed as the site assesses it (each against its earlier periods)."""
    return load_site_data(DEMO)


# ---- 1. emission sources -------------------------------------------------------------------


def _accounting_categories() -> set[str]:
    """The categories the core's accounting names literally, and those it builds from parts."""
    found = set()
    for f in (ROOT / "cnm" / "accounting").glob("*.py"):
        found |= set(re.findall(r'category="([a-z0-9_]+)"', f.read_text(encoding="utf-8")))
    built = {"fugitive_cmm", "surface_mining", "post_mining", "facility_fugitive", "facility_venting",
             "oilgas_vented_ch4", "oilgas_recovered_ch4"}
    return found | built | {f"scope3_cat{n}" for n in range(1, 16)}


def test_every_source_category_of_the_core_has_words_in_both_languages(demo_data):
    seen = {b["category"] for e in demo_data.entries for b in e.contract["inventory"]["by_category"]}
    assert {"facility_fugitive", "facility_venting", "oilgas_vented_ch4", "oilgas_recovered_ch4",
            "surface_mining"} <= seen  # chuannan-gas and zhundong-opencast, where the tester saw codes
    for code in sorted(seen | _accounting_categories()):
        words = emission_category(code)
        assert words is not None, code
        zh, en = words
        assert CJK.search(zh) and not KEY_LIKE.match(zh), (code, zh)
        assert not CJK.search(en) and not KEY_LIKE.match(en) and "_" not in en, (code, en)
    assert len(SCOPE3_CATEGORIES) == 15 and set(EMISSION_CATEGORIES) <= _accounting_categories()


def test_every_source_in_the_chart_data_has_a_real_name(demo_data):
    """Every demo record, both languages: the by-source chart's items are named, never by a code."""
    for lang in ("zh", "en"):
        ctx = PageContext(demo_data, SiteConfig(), lang)
        for e in demo_data.entries:
            for b in e.contract["inventory"]["by_category"]:
                name = ctx.source_category(b["category"], e.contract["lines"])
                assert name == emission_category(b["category"])[0 if lang == "zh" else 1]
                assert not KEY_LIKE.match(name) and "_" not in name, (e.record.key, b["category"], name)
    # a category without words (a methodology or core newer than this table) is named by its lines
    ctx = PageContext(demo_data, SiteConfig(), "en")
    lines = [{"category": "new_thing", "label_zh": "新排放源", "label_en": "New source"}]
    assert ctx.source_category("new_thing", lines) == "New source"


def test_the_built_chart_names_every_source_and_shares_of_gross_add_up(built_site, demo_data):
    for e in demo_data.entries:
        for lang in ("zh", "en"):
            html = (built_site.site_dir / lang / "mines" / e.mine_id / e.period.lower() / "index.html").read_text(
                encoding="utf-8")
            desc = re.search(r'<desc id="by-source-d">(.*?)</desc>', html, re.S).group(1)
            items = desc.split("; ")
            gross = e.contract["inventory"]["gross"]
            for b, item in zip(e.contract["inventory"]["by_category"], items, strict=True):
                name = emission_category(b["category"])[0 if lang == "zh" else 1]
                share = b["tco2e"] / gross * 100
                assert item.startswith(f"{t('scope', lang)} {b['scope']} {name}: "), item
                assert item.endswith(f"({share:.1f}%)"), item  # a recovery's share is negative
            shares = [float(re.search(r"\((-?[\d.]+)%\)$", i).group(1)) for i in items]
            assert abs(sum(shares) - 100) < 0.05 * len(shares)
    html = (built_site.site_dir / "en/mines/chuannan-gas/2024/index.html").read_text(encoding="utf-8")
    assert re.search(r"Scope 1 CH4 recovered: -[\d,]+ tCO2e \(-\d+\.\d%\)", html)
    assert "oilgas" not in html and "facility fugitive" not in html


def test_stacked_bar_shares_are_of_the_net_total():
    svg = stacked_bar([("a", 10.0), ("b", 5.0), ("recovered", -3.0)], title="t", unit="t")
    assert "a: 10.0 t (83.3%)" in svg and "recovered: -3.00 t (-25.0%)" in svg and "(0.0%)" not in svg
    assert 'stroke="#c62828"' in svg  # the deduction is drawn, dashed
    assert stacked_bar([("a", 1.0)], title="t") == stacked_bar([("a", 1.0)], title="t")


# ---- 2. no English codes on zh pages, no requirement ids anywhere ---------------------------


def test_zh_period_pages_say_bases_units_and_findings_in_chinese(built_site, demo_data):
    site = built_site.site_dir
    codes = set()
    for e in demo_data.entries:
        text = _text(site / "zh/mines" / e.mine_id / e.period.lower() / "index.html")
        assert "(location)" not in text and "(market)" not in text
        if any(ln["basis"] == "location" for ln in e.contract["lines"]):
            assert "2（基于位置）" in text and "2（基于市场）" in text
        article = _article(site / "zh/mines" / e.mine_id / e.period.lower() / "index.html")
        assert "<td>percent</td>" not in article and "<td>level</td>" not in article
        assert "<td>%</td>" in article and "<td>级</td>" in article
        for f in e.contract["findings"]:
            if f["severity"] != "info":
                assert f["code"] not in text and f["message_zh"] in text, (e.record.key, f["code"])
                codes.add(f["code"])
    assert "previous-grid-changed" in codes  # the tester's example
    # the hostile copy's credit names another beneficiary: the reason in words, not its code
    zh = _text(site / "zh/mines" / HOSTILE_ID / "2024/index.html")
    en = _text(site / "en/mines" / HOSTILE_ID / "2024/index.html")
    assert "offset-beneficiary" not in zh and "offset-beneficiary" not in en
    assert "否（" in zh and "no (" in en


def test_methodology_page_is_in_the_page_language(built_site):
    from cnm.methodology import default_methodology

    m = default_methodology()
    zh = _text(built_site.site_dir / "zh/methodology/index.html")
    en = _text(built_site.site_dir / "en/methodology/index.html")
    for metric in METRICS:  # ids such as emissions_vs_budget in neither language ('qualitative' is English)
        assert not re.search(rf"\b{metric}\b", zh), metric
        assert "_" not in metric or not re.search(rf"\b{metric}\b", en), metric
    assert "qualitative" not in zh and "定性评定（0–4 级）" in zh
    assert m.rubric.source_zh and m.rubric.source_zh.split("（G-")[0] in zh and m.rubric.source not in zh
    assert "cnm project assumptions" not in zh and "market" not in zh and "latest" not in zh
    for s in m.factors.sets:
        if s.document_zh:
            assert s.document_zh in zh and s.document not in zh


def test_no_page_prints_an_internal_requirement_id(built_site):
    found = {}
    for f in sorted(built_site.site_dir.rglob("*.html")):
        if "reports" in f.relative_to(built_site.site_dir).parts:
            continue
        hits = REQUIREMENT_ID.findall(_text(f))
        if hits:
            found[str(f.relative_to(built_site.site_dir))] = hits
    assert found == {}


# ---- 3. English names on en pages ---------------------------------------------------------


def test_en_pages_name_provinces_in_english(built_site, demo_data):
    site = built_site.site_dir
    home = (site / "en/index.html").read_text(encoding="utf-8")
    for mine in demo_data.mines:
        zh = mine.record.mine.province
        en = province_en(zh)
        assert en and not CJK.search(en), zh
        assert f"<td>{en}</td>" in home and f"<td>{zh}</td>" not in home
        page = _article(site / "en/mines" / mine.id / "index.html")
        assert f"<td>{en}</td>" in page and f"<td>{zh}</td>" not in page
        period = _article(site / "en/mines" / mine.id / mine.latest.period.lower() / "index.html")
        assert f"<td>{en}</td>" in period
    assert province_en("内蒙古") == province_en("内蒙古自治区") == "Inner Mongolia"
    assert province_en("某市") is None and province_en(None) is None
    assert "<td>四川省</td>" in (site / "zh/index.html").read_text(encoding="utf-8")  # zh as recorded


def test_en_period_pages_name_the_methodology_in_english(built_site, demo_data):
    m = demo_data.methodology
    for e in demo_data.entries:
        article = _article(built_site.site_dir / "en/mines" / e.mine_id / e.period.lower() / "index.html")
        assert f"<th>Methodology</th><td>{m.name_en}</td>" in article
        assert m.name not in article
    # a methodology without an English name is explained in English beside its Chinese name
    bare = dataclasses.replace(demo_data, methodology=dataclasses.replace(m, name_en=""))
    ctx = PageContext(bare, SiteConfig(), "en")
    text = ctx.methodology_name(m.name)
    assert text.startswith(m.name) and "no English name" in text
    assert PageContext(bare, SiteConfig(), "zh").methodology_name(m.name) == m.name


# ---- 4. legends ----------------------------------------------------------------------------


def _legend(svg: str) -> list[tuple[float, float, str]]:
    """(x, y, text) of the legend labels: the texts right of a swatch."""
    swatches = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="10" height="10"', svg)
    out = []
    for x, y in swatches:
        m = re.search(rf'<text x="{float(x) + 14:.1f}" y="{float(y) + 9:g}">([^<]*)</text>', svg)
        assert m, (x, y)
        out.append((float(x), float(y), m.group(1)))
    return out


def test_trend_legend_items_are_spaced_by_their_labels():
    names = ["Gross emissions (tCO2e)", "Residual emissions", "排放总量与剩余排放量（tCO2e）", "x"]
    svg = line_chart(["2022", "2023", "2024"], [(n, [1.0, 2.0, 3.0]) for n in names], title="t", unit="tCO2e")
    items = _legend(svg)
    assert [i[2] for i in items] == names
    assert len({y for _, y, _ in items}) == 2  # the fourth item wraps to a second row
    for (x1, y1, a), (x2, y2, _) in itertools.pairwise(items):
        if y1 == y2:
            assert x2 >= x1 + 14 + text_width(a), (a, x1, x2)  # never drawn over the previous label
    assert all(x + 14 + text_width(n) <= 640 for x, _, n in items)  # wrapped, never cut off
    assert text_width("排放") == 2 * 12 and text_width("ab") == pytest.approx(2 * 7.2)
    assert svg == line_chart(["2022", "2023", "2024"], [(n, [1.0, 2.0, 3.0]) for n in names], title="t",
                             unit="tCO2e")  # byte-reproducible


def test_built_en_trend_legend_does_not_overlap(built_site):
    html = (built_site.site_dir / "en/mines/jinyuan-coal/index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg[^>]*aria-labelledby="trend-emissions-t.*?</svg>', html, re.S).group(0)
    (x1, _, a), (x2, _, b) = _legend(svg)
    assert (a, b) == ("Gross emissions (tCO2e)", "Residual emissions") and x2 >= x1 + 14 + text_width(a)


# ---- 5. 404 --------------------------------------------------------------------------------


def test_404_pages_link_relatively(built_site):
    for lang in ("zh", "en"):
        html = (built_site.site_dir / lang / "404.html").read_text(encoding="utf-8")
        urls = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert urls and not [u for u in urls if u.startswith("/")], lang
        assert '"base": "."' in html and f"\\/{lang}\\/" in html  # the <base> fix for deeper addresses


# ---- 6. headings and units -----------------------------------------------------------------


def test_indicator_score_heading_and_tco2e_amounts(built_site, demo_data):
    e = next(e for e in demo_data.entries if e.record.reductions and e.record.removals)
    for lang, score, amount in (("zh", "得分", "数量 (tCO2e)"), ("en", "Score", "Amount (tCO2e)")):
        article = _article(built_site.site_dir / lang / "mines" / e.mine_id / e.period.lower() / "index.html")
        indicators = article[article.find("<th>ID</th>"):]
        indicators = indicators[:indicators.find("</thead>")]
        assert f"<th>{score}</th>" in indicators and "综合得分" not in indicators
        assert article.count(f"<th>{amount}</th>") == 2  # reductions and removals
        for r in (*e.record.reductions, *e.record.removals):
            assert re.search(rf'class="cnm-num">{r.amount.value:,.2f}</td>', article)  # tCO2e: unit in the heading
            assert f"{r.amount.value:,.2f} t<" not in article


# ---- 7. personal data ----------------------------------------------------------------------


def _personal_values() -> set[str]:
    from cnm.record_io import load_record

    values = set()
    for f in sorted(DEMO.glob("*.yaml")):
        rec = load_record(f)
        for section, names in PERSONAL_FIELDS.items():
            for name in names:
                v = getattr(getattr(rec, section), name)
                if v:
                    values.add(v)
    return values


def test_the_record_model_has_no_personal_field_beyond_those_withheld():
    """A new field for a person's name, phone or e-mail must be added to PERSONAL_FIELDS (or
    shown here to be public) before it can reach a download."""
    public = {("assessment", "lead_assessor")}  # named in the signed, published report

    def fields(model, prefix=()):
        for name, info in model.model_fields.items():
            yield (*prefix, name)
            sub = info.annotation
            if isinstance(sub, type) and hasattr(sub, "model_fields"):
                yield from fields(sub, (*prefix, name))

    personal = re.compile(r"person|contact|phone|mobile|tel\b|e_?mail|lead_assessor|reviewer|signat")
    found = {f for f in fields(Record) if personal.search(f[-1])}
    withheld = {(s, n) for s, names in PERSONAL_FIELDS.items() for n in names}
    assert found - public == withheld


def test_no_download_contains_personal_contact_data(built_site):
    values = _personal_values()
    assert len(values) >= 12  # six responsible persons and six telephone numbers
    site = built_site.site_dir
    leaks = []
    for f in sorted(site.rglob("*")):
        if not f.is_file() or "reports" in f.relative_to(site).parts:
            continue
        blobs = [f.read_bytes()]
        if f.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(blobs[0])) as z:
                blobs += [z.read(n) for n in z.namelist()]
        for blob in blobs:
            text = blob.decode("utf-8", errors="ignore")
            leaks += [(str(f.relative_to(site)), v) for v in values if v in text]
    assert leaks == []


def test_published_record_is_otherwise_complete(built_site):
    from cnm.record_io import load_record

    rec = load_record(DEMO / "jinyuan-coal_2024.yaml")
    published = json.loads((built_site.site_dir / "data/jinyuan-coal/2024-record.json").read_text(encoding="utf-8"))
    full = rec.model_dump(mode="json", exclude_none=True)
    for section, names in PERSONAL_FIELDS.items():
        for name in names:
            assert name in full[section] and name not in published[section]
            del full[section][name]
    assert published == full
    for lang, words in (("zh", "不予公开"), ("en", "withheld")):
        assert words in _text(built_site.site_dir / lang / "downloads/index.html")


# ---- 8. report language --------------------------------------------------------------------


def test_report_links_say_the_report_language(built_site):
    en = _article(built_site.site_dir / "en/mines/jinyuan-coal/2024/index.html")
    zh = _article(built_site.site_dir / "zh/mines/jinyuan-coal/2024/index.html")
    assert ">Assessment report (Chinese, HTML)</a>" in en and ">评价报告（中文，HTML）</a>" in zh
    assert report_language("reports/a/2024/a_2024.zh.pdf") == "zh"
    assert report_language("reports/a/2024/a_2024.en.docx") == "en"
    assert report_language("reports/x-en/2024/x-en_2024.pdf") is None  # 'en' of the mine id is no tag
    assert report_language("reports/a/2024/a_2024.html", b'<html lang="en-GB">') == "en"
    assert report_language("reports/a/2024/a_2024.pdf") is None
