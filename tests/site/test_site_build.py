"""The built demo site on disk: figures match the core, links resolve, nothing external, downloads
are safe CSV/JSON, group figures add up, and a second build gives identical files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from cnm import Period, assess, load_record
from site_builder import build_site, load_config
from tests.site.conftest import EXAMPLES, HOSTILE_ID, HOSTILE_NAME

DEMO = EXAMPLES / "records"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.urls.append(v)


def _html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def test_every_internal_link_resolves_and_nothing_is_external(built_site):
    site = built_site.site_dir
    external = set()
    checked_404 = 0
    for f in _html_files(site):
        checked_404 += f.name == "404.html"  # checked too: its links are relative to its folder (no site_url)
        parser = _Links()
        parser.feed(f.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                external.add(url)
                continue
            if parts.scheme or not parts.path:
                continue
            target = (f.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{f.relative_to(site)} links to missing {url}"
            assert target.is_relative_to(site.resolve())
    assert external == set(), f"pages refer to other hosts: {sorted(external)[:5]}"
    assert checked_404 == 2  # zh/404.html and en/404.html


def test_layout_and_page_count(built_site):
    site = built_site.site_dir
    for lang in ("zh", "en"):
        for page in ("index.html", "results/index.html", "methodology/index.html", "downloads/index.html",
                     "feedback/index.html", "groups/index.html", "groups/huajin-energy/index.html",
                     "mines/jinyuan-coal/index.html", "mines/jinyuan-coal/2022/index.html"):
            assert (site / lang / page).is_file(), f"{lang}/{page}"
    assert (site / "index.html").read_text(encoding="utf-8").count('url=zh/') == 1
    # 6 fixed pages + 7 mine pages + 19 period pages + 1 group, per language
    assert built_site.pages == 2 * (6 + 7 + 19 + 1)


def test_period_page_figures_come_from_the_core(built_site):
    r = assess(load_record(DEMO / "jinyuan-coal_2024.yaml"))
    html = (built_site.site_dir / "zh/mines/jinyuan-coal/2024/index.html").read_text(encoding="utf-8")
    assert f"{r.total:,.2f}" in html and r.grade in html
    assert f"{r.inventory.gross:,.1f}" in html and f"{r.inventory.offsets:,.1f}" in html
    assert r.methodology["hash"] in html
    for i in r.indicators:
        if i.evidence:
            assert i.evidence in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2  # groups, sources
    assert "data-search-exclude" in html


def test_group_page_shows_the_core_consolidation(built_site):
    from cnm.consolidation import consolidate
    from cnm.group import load_group

    records = [load_record(p) for p in sorted(DEMO.glob("*.yaml"))]
    group = consolidate(load_group(DEMO.parent / "groups" / "huajin-energy.yaml"), records, period=Period.parse("2024"))
    html = (built_site.site_dir / "en/groups/huajin-energy/index.html").read_text(encoding="utf-8")
    assert f"{group.inventory.gross:,.1f}" in html and f"{group.total:,.2f}" in html
    assert "Huajin Energy Group" in html and "financial control" in html
    assert group.approach == "financial" and "Share counted" in html and "Member contributions" in html


def test_downloads_are_safe_csv_and_json(built_site):
    data = built_site.site_dir / "data"
    raw = (data / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    hostile = next(r for r in rows if r["mine_id"] == HOSTILE_ID)
    assert hostile["name_zh"] == "'" + HOSTILE_NAME  # formula neutralised
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v and not
                   re.fullmatch(r"-?[\d.e+-]+", v))
    result = json.loads((data / "jinyuan-coal/2024-result.json").read_text(encoding="utf-8"))
    earlier = [load_record(DEMO / f"jinyuan-coal_{y}.yaml") for y in (2022, 2023)]  # dynamic assessment
    expected = assess(load_record(DEMO / "jinyuan-coal_2024.yaml"), history=earlier).contract()
    assert result == json.loads(json.dumps(expected))
    assert expected != assess(load_record(DEMO / "jinyuan-coal_2024.yaml")).contract()  # history matters here
    record = json.loads((data / f"{HOSTILE_ID}/2024-record.json").read_text(encoding="utf-8"))
    assert record["mine"]["name_zh"] == HOSTILE_NAME  # JSON keeps the text exactly
    with zipfile.ZipFile(data / "cnm-dataset.zip") as z:
        names = z.namelist()
        assert "cnm-dataset/jinyuan-coal/2024-result.csv" in names and len(names) == 19 * 4


def test_hostile_text_is_escaped_in_markdown_and_front_matter(built_site):
    md = (built_site.project_dir / "zh/docs/mines" / HOSTILE_ID / "2024.md").read_text(encoding="utf-8")
    front = md.split("---")[1]
    assert "<script>" not in front and "&lt;script&gt;" in front
    html = (built_site.site_dir / "zh/mines" / HOSTILE_ID / "2024/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and 'href="javascript' not in html and "onerror=" not in html.replace(
        "onerror=alert", "")
    assert "<title>=1+2 &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_same_inputs_give_identical_files(built_site, site_inputs, tmp_path):
    import gc

    records, config = site_inputs
    again = build_site(records, tmp_path / "again", load_config(config))
    assert gc.get_freeze_count() == 0  # the build's settled heap is given back to the collector

    def digest(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = digest(built_site.site_dir), digest(again.site_dir)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    # the gzip header of the sitemap carries SOURCE_DATE_EPOCH: publication_date 2025-05-31 in site.yaml
    stamp = int.from_bytes((built_site.site_dir / "zh/sitemap.xml.gz").read_bytes()[4:8], "little")
    assert stamp == 1748649600


def test_config_refuses_script_urls(tmp_path):
    bad = tmp_path / "site.yaml"
    bad.write_text("feedback:\n  url: javascript:alert(1)\n", encoding="utf-8")
    from cnm.errors import DataFileError

    with pytest.raises(DataFileError) as exc:
        load_config(bad)
    assert "feedback.url" in str(exc.value)


def test_methodology_page_publishes_the_rubric(built_site):
    """Per indicator the rubric's reference points for each mine category, and each qualitative
    level's score and descriptor, in both languages (G-1)."""
    from cnm.methodology import default_methodology
    from cnm.present.safe import html_text
    from cnm.vocabulary import METRICS

    m = default_methodology()
    r = m.rubric
    for lang in ("zh", "en"):
        html = (built_site.site_dir / lang / "methodology/index.html").read_text(encoding="utf-8")
        for i in m.catalog.indicators:
            rule = r.rule(i.id)
            if rule.levels:
                for level, text in enumerate(rule.levels):
                    cells = (f'<td class="cnm-num">{level}</td><td class="cnm-num">{r.qualitative_scores[level]:g}</td>'
                             f'<td>{html_text(text.zh if lang == "zh" else text.en)}</td>')
                    assert cells in html, (lang, i.id, level)
                continue
            for cat_id, cat in (r.categories.items() if rule.by_category else [("", None)]):
                points = " · ".join(f"{x:g}\u00a0→\u00a0{y:g}" for x, y in rule.points_for(cat_id))
                where = html_text(cat.name_zh if lang == "zh" else cat.name_en) if cat else (
                    "全部类别" if lang == "zh" else "every category")
                metric = html_text(METRICS[rule.metric][0 if lang == "zh" else 1])  # the metric in words
                assert f"<td>{metric}</td><td>{where}</td><td>{points}</td>" in html, (lang, i.id, cat_id)
        assert html.count('href="../../data/methodology.') == 2  # YAML and JSON


def test_methodology_download_is_what_the_cli_exports(built_site, tmp_path):
    from typer.testing import CliRunner

    from cnm.cli.main import app
    from cnm.methodology import default_methodology, load_methodology

    for suffix in ("yaml", "json"):
        out = tmp_path / f"methodology.{suffix}"
        assert CliRunner().invoke(app, ["methodology", "export", "-o", str(out)]).exit_code == 0
        assert (built_site.site_dir / "data" / out.name).read_bytes() == out.read_bytes(), suffix
    assert load_methodology(built_site.site_dir / "data/methodology.yaml").hash == default_methodology().hash
    page = (built_site.site_dir / "zh/downloads/index.html").read_text(encoding="utf-8")
    assert "../data/methodology.yaml" in page and "../data/methodology.json" in page


def test_grades_b_and_c_have_their_own_badge_colours():
    import re
    from importlib import resources

    from site_builder.html import badge

    css = resources.files("site_builder.assets").joinpath("cnm-site.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"\.cnm-badge-(\w+) \{ background: (#[0-9a-f]{6}); \}", css))
    classes = {g: re.search(r"cnm-badge-(\w+)", badge(g, g)).group(1) for g in ("AAA", "AA", "A", "B", "C", "未达级")}
    assert classes["B"] == "b" and classes["C"] == "c" and classes["未达级"] == "none"
    assert badge("Not rated", "x").count("cnm-badge-none") == 1
    assert len({colours[c] for c in classes.values()}) == 6  # every grade its own colour
