"""The built demo site in headless Chromium over localhost: the home table sorts and filters, the
language switch keeps the page, search finds Chinese mine names, a hostile name stays inert, and
nothing is requested from any other host. Screenshots go to build/test-artefacts/site/."""

from __future__ import annotations

from urllib.parse import urlsplit

from cnm import assess, load_record
from tests.site.conftest import ARTEFACTS, EXAMPLES, HOSTILE_ID, HOSTILE_NAME

GROSS_COL = 8  # mine, category, region, group, period, grade, score, gross (1-based for nth-child)


def _numbers(texts: list[str]) -> list[float]:
    return [float(t.replace(",", "")) for t in texts]


def test_home_table_sorts_and_filters(page, server, site_inputs):
    page.goto(server + "zh/")
    rows = page.locator("#cnm-mines tbody tr")
    assert rows.count() == 7  # six demo mines and the hostile one
    header = page.locator(f"#cnm-mines thead th:nth-child({GROSS_COL})")
    cells = f"#cnm-mines tbody td:nth-child({GROSS_COL})"
    header.click()
    first = _numbers(page.locator(cells).all_inner_texts())
    header.click()
    second = _numbers(page.locator(cells).all_inner_texts())
    assert sorted(first) in (first, first[::-1]) and second == first[::-1] and first != second
    # the largest gross emissions of the latest period, from the core
    latest = assess(load_record(EXAMPLES / "records" / "jinyuan-coal_2024.yaml"))
    assert max(first) == round(latest.inventory.gross, 1)

    page.fill("input.cnm-filter", "山西")
    visible = page.locator("#cnm-mines tbody tr:not([hidden])")
    names = visible.locator("td:first-child").all_inner_texts()
    assert "晋源煤业有限责任公司晋源煤矿" in names and len(names) == 2  # the hostile copy says 山西省 too
    assert page.inner_text("#cnm-mines-count") == "2"
    page.screenshot(path=str(ARTEFACTS / "home-filtered.png"), full_page=True)
    page.fill("input.cnm-filter", "")
    assert visible.count() == 7
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}, f"requests to other hosts: {hosts}"


def test_language_switch_keeps_the_page(page, server):
    page.goto(server + "zh/mines/jinyuan-coal/2024/")
    assert page.evaluate("document.documentElement.lang") == "zh"
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang=en]")
    page.wait_for_url("**/en/mines/jinyuan-coal/2024/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "Jinyuan Coal Mine" in page.inner_text("h1")
    assert "Greenhouse-gas inventory" in page.inner_text("article")
    page.screenshot(path=str(ARTEFACTS / "period-en.png"))
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang=zh]")
    page.wait_for_url("**/zh/mines/jinyuan-coal/2024/")


def _search(page, query: str) -> list[str]:
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")  # Material reads the query on key events
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return [urlsplit(a.get_attribute("href")).path for a in page.query_selector_all(".md-search-result__item > a")]


def test_search_finds_chinese_mine_names(page, server):
    page.goto(server + "zh/")
    page.click("input.md-search__input")
    assert "/zh/mines/zhundong-opencast/" in _search(page, "准东能源露天煤矿")
    assert "/zh/mines/jinyuan-coal/" in _search(page, "有限责任")  # a word inside a name (jieba)
    page.screenshot(path=str(ARTEFACTS / "search-zh.png"))


def test_hostile_name_is_inert(page, server):
    for path in (f"zh/mines/{HOSTILE_ID}/", f"zh/mines/{HOSTILE_ID}/2024/", f"en/mines/{HOSTILE_ID}/2024/", "zh/",
                 "zh/feedback/"):
        page.goto(server + path)
        page.wait_for_timeout(150)
        body = page.inner_text("body")
        assert HOSTILE_NAME in body, path  # shown exactly as typed
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
        assert page.locator("img[src='x']").count() == 0, path
        assert page.locator("[onclick], [onmouseover], [onerror]").count() == 0, path
        scripts = page.eval_on_selector_all("script", "els => els.map(e => e.textContent).join(' ')")
        assert "alert(" not in scripts, path
    assert page.dialogs == []
    page.goto(server + f"zh/mines/{HOSTILE_ID}/2024/")
    assert page.locator("h1").text_content().rstrip("¶") == f"{HOSTILE_NAME} · 2024"  # no stray backslash
    assert HOSTILE_NAME in page.title()
    assert "<script>alert(8)</script>" in page.inner_text("body")  # hearing summary as text
    page.screenshot(path=str(ARTEFACTS / "hostile-period.png"))


def test_mine_page_shows_trend_and_report_link(page, server):
    page.goto(server + "zh/mines/jinyuan-coal/")
    charts = page.locator(".cnm-chart svg[role=img]")
    assert charts.count() == 3
    assert "2022" in charts.first.locator("desc").text_content()
    page.screenshot(path=str(ARTEFACTS / "mine-zh.png"), full_page=True)
    page.goto(server + "zh/mines/jinyuan-coal/2024/")
    report = page.locator("ul.cnm-reports a")
    assert report.count() == 1
    response = page.request.get(report.first.evaluate("a => a.href"))
    assert response.ok and "晋源 2024" in response.text()
    page.goto(server + "zh/groups/huajin-energy/")
    page.screenshot(path=str(ARTEFACTS / "group-zh.png"), full_page=True)
