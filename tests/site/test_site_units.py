"""Small parts of the site builder: paths from slugs only, the provisional group figures, the
vendored tablesort files, the CLI's errors."""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib import resources

import pytest
from typer.testing import CliRunner

from cnm import assess, load_record
from cnm.cli.main import app
from cnm.methodology import default_methodology
from site_builder import load_config, paths
from site_builder.groups import consolidate
from tests.site.conftest import EXAMPLES

VENDORED = {  # site_builder/assets/vendor/README.md: tablesort 5.7.1 from the npm registry (MIT)
    "vendor/tablesort/tablesort.min.js": "ee99f17ebc985170899a004e9f6bf09e7f60eb4b459b6bfe6683cf0140352c63",
    "vendor/tablesort/tablesort.number.min.js": "e25dad08c53361182db670d0f670e85eea0f57e5d3bad0439831c75e1842096c",
}


@pytest.mark.parametrize(("src", "dst", "want"), [
    ("index.md", "mines/a/2024.md", "mines/a/2024/"),
    ("mines/a/2024.md", "index.md", "../../../"),
    ("mines/a/2024.md", "mines/a/index.md", "../"),
    ("mines/a/index.md", "mines/a/2024h1.md", "2024h1/"),
    ("groups/g.md", "mines/a/index.md", "../../mines/a/"),
])
def test_relative_links(src, dst, want):
    assert paths.href(src, dst) == want


def test_paths_refuse_anything_but_slugs():
    for bad in ("../../etc", "晋源", "A", "a/b", ""):
        with pytest.raises(ValueError):
            paths.mine_page(bad)
    with pytest.raises(ValueError):
        paths.data_file("a", "2024", "../x")
    assert paths.shared("mines/a/2024.md", "data/x.csv") == "../../../../data/x.csv"


def test_a_group_without_file_counts_each_member_fully():
    records = [load_record(p) for p in sorted((EXAMPLES / "records").glob("*_2023.yaml"))]
    g = consolidate("huajin-energy", "华晋", "2023", records, default_methodology())
    members = [assess(r).contract(detail=False) for r in records if r.mine.parent_group == "huajin-energy"]
    assert g["implicit"] is True and g["approach"] == "operational"
    for key in ("scope1", "gross", "offsets"):
        assert g["inventory"][key] == pytest.approx(sum(c["inventory"][key] for c in members))
    assert g["grade"] and 0 <= g["total"] <= 100
    assert sorted(m["mine"] for m in g["members"]) == ["jinyuan-coal", "wannan-limestone", "zhundong-opencast"]


def test_vendored_tablesort_is_the_recorded_release():
    root = resources.files("site_builder.assets")
    for name, digest in VENDORED.items():
        data = root.joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
        assert b"Licensed MIT" in data
    assert b"MIT" in root.joinpath("vendor/README.md").read_bytes()


def test_cli_reports_bad_records_with_their_file(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(EXAMPLES / "records", records)
    (records / "broken_2024.yaml").write_text("mine: {id: Bad Id}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["site", "build", str(records), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "broken_2024.yaml" in result.output and "mine.id" in result.output
    assert not (tmp_path / "out" / "site").exists()  # nothing published from a partial set


def test_cli_refuses_missing_records_folder(tmp_path):
    result = CliRunner().invoke(app, ["site", "build", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_format_character_list_matches_unicode():
    import re
    import unicodedata

    from cnm.present.safe import FORMAT_CHARS, clean

    listed = re.compile(f"[{FORMAT_CHARS}]")
    missing = [hex(c) for c in range(0x80, 0x110000)
               if unicodedata.category(chr(c)) == "Cf" and not listed.match(chr(c))]
    assert missing == []
    assert clean("晋源\u200b煤矿\u202e") == "晋源煤矿" and clean("e\u0301") == "é" and clean(None) == ""


def test_each_group_period_is_consolidated_once(monkeypatch, site_inputs):
    """Both languages, the group page and the groups index share one consolidation per group and period."""
    from site_builder import data as data_layer
    from site_builder.build import site_content

    calls = []
    real = data_layer.consolidate
    monkeypatch.setattr(data_layer, "consolidate", lambda *a, **k: calls.append((a[0], a[2])) or real(*a, **k))
    records, config = site_inputs
    content = site_content(data_layer.load_site_data(records), load_config(config), {})
    assert sorted(calls) == [("huajin-energy", p) for p in ("2022", "2023", "2024")]
    group_pages = [p for lang in content.languages for p in lang.pages if p.path.startswith("groups/")]
    assert len(group_pages) == 4  # index and huajin-energy, in zh and en


def test_a_period_that_cannot_be_consolidated_is_named_in_both_languages(tmp_path):
    """A member's record missing for one period: that period is named with the core's reason (zh, en),
    the other periods are consolidated, and the failure is not recomputed for the second language."""
    from site_builder.build import site_content
    from site_builder.config import SiteConfig
    from site_builder.data import load_site_data

    records = tmp_path / "records"
    shutil.copytree(EXAMPLES / "records", records)
    (records / "wannan-limestone_2022.yaml").unlink()
    data = load_site_data(records)
    content = site_content(data, SiteConfig(), {})
    found = data.consolidated("huajin-energy", "2022", "huajin-energy", None)
    assert found.contract is None and found.problems and data.consolidated(
        "huajin-energy", "2024", "huajin-energy", None).contract is not None
    bodies = {lang.lang: next(p.body for p in lang.pages if p.path == paths.group_page("huajin-energy"))
              for lang in content.languages}
    assert f"2022: 未能合并： {found.problems[0].message_zh}" in bodies["zh"]
    assert f"2022: not consolidated: {found.problems[0].message_en}" in bodies["en"]
    assert len(data._consolidated) == 3


def test_the_escaping_shortcut_gives_what_html_text_gives():
    import random
    import string

    from cnm.present.safe import html_text
    from site_builder.html import _esc_str

    rng = random.Random(7)
    alphabet = string.printable + "\x00\x07\x7f\u00a0\u200b—万é\u202e"
    for _ in range(5000):
        s = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        assert _esc_str(s) == html_text(s), repr(s)


def test_periods_follow_the_cores_chronology(tmp_path):
    """Half-years before their full year (cnm.previous.period_key): the full year is the latest."""
    from cnm.record_io import dump_record
    from site_builder.data import load_site_data
    from tests.conftest import make_record

    for year, half in ((2024, None), (2024, 2), (2024, 1)):
        rec = make_record(period={"year": year, "half": half})
        (tmp_path / f"{rec.mine.id}_{rec.period.label}.json").write_text(dump_record(rec), encoding="utf-8")
    data = load_site_data(tmp_path)
    assert [e.period for e in data.mines[0].entries] == ["2024H1", "2024H2", "2024"]
    assert data.periods() == ["2024H1", "2024H2", "2024"] and data.mines[0].latest.period == "2024"


def test_the_project_writer_never_follows_a_planted_symlink(tmp_path):
    """A symlink left in the project folder (a folder or a page) never leads a write or a delete
    outside it: symlinks inside are replaced by real files, a symlinked docs folder is refused."""
    from site_builder.mkdocs_engine import MkDocsRenderer
    from site_builder.renderer import LanguageSite, Page, SiteBuildError, SiteContent

    content = SiteContent(languages=[LanguageSite("zh", "t", [("首页", "index.md")],
                                                  [Page("index.md", "首页", "x"), Page("mines/a/2024.md", "a", "y")])])
    project, outside = tmp_path / "project", tmp_path / "outside"
    (outside / "a").mkdir(parents=True)
    victim = outside / "victim.md"
    for f in (victim, outside / "a" / "2024.md"):
        f.write_text("keep", encoding="utf-8")
    MkDocsRenderer().write_project(content, project)
    docs = project / "zh" / "docs"
    shutil.rmtree(docs / "mines")
    (docs / "mines").symlink_to(outside, target_is_directory=True)
    (docs / "index.md").unlink()
    (docs / "index.md").symlink_to(victim)
    MkDocsRenderer().write_project(content, project)
    assert not (docs / "mines").is_symlink() and (docs / "mines" / "a" / "2024.md").read_text(encoding="utf-8").endswith("y")
    assert not (docs / "index.md").is_symlink() and (docs / "index.md").read_text(encoding="utf-8").endswith("x")
    shutil.rmtree(docs)
    docs.symlink_to(outside, target_is_directory=True)
    with pytest.raises(SiteBuildError, match="symlinked folder"):
        MkDocsRenderer().write_project(content, project)
    assert sorted(p.name for p in outside.rglob("*")) == ["2024.md", "a", "victim.md"]
    assert victim.read_text(encoding="utf-8") == "keep" and (outside / "a" / "2024.md").read_text(encoding="utf-8") == "keep"
    docs.unlink()
    MkDocsRenderer().write_project(content, project)
    (docs / "index.md").unlink()
    os.link(victim, docs / "index.md")  # a hard link to a file outside: replaced, never written through
    MkDocsRenderer().write_project(content, project)
    assert victim.read_text(encoding="utf-8") == "keep" and (docs / "index.md").read_text(encoding="utf-8").endswith("x")
