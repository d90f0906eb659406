"""The built demo site in headless Chromium over localhost: the home table sorts (text, grade,
numeric and unit-aware columns) and filters, the language switch keeps the page, search finds
Chinese mine names, a hostile name stays inert. Every test's page fixture fails the test if any
request leaves localhost (tests/site/conftest.py). Screenshots go to build/test-artefacts/site/."""

from __future__ import annotations

from urllib.parse import urlsplit

from cnm import assess, load_record
from cnm.methodology import default_methodology
from tests.site.conftest import ARTEFACTS, EXAMPLES, HOSTILE_ID, HOSTILE_NAME, foreign_requests

# home table columns (1-based for nth-child): mine, category, region, group, period, grade, score,
# gross, intensity, offset share
NAME_COL, GRADE_COL, SCORE_COL, GROSS_COL, INTENSITY_COL = 1, 6, 7, 8, 9


def _numbers(texts: list[str]) -> list[float]:
    return [float(t.replace(",", "")) for t in texts]


def _sort(page, col: int) -> tuple[str, list[str]]:
    """Click a header of the home table; (its aria-sort, the column's cell texts in row order)."""
    header = page.locator(f"#cnm-mines thead th:nth-child({col})")
    header.click()
    return header.get_attribute("aria-sort"), page.locator(f"#cnm-mines tbody td:nth-child({col})").all_inner_texts()


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


def test_home_table_sorts_text_grade_and_number_columns(page, server):
    page.goto(server + "zh/")
    direction, names = _sort(page, NAME_COL)  # text: tablesort compares lower-cased strings
    assert direction == "ascending" and names == sorted(names, key=lambda n: n.strip().lower()) and len(names) == 7
    direction, names = _sort(page, NAME_COL)
    assert direction == "descending" and names == sorted(names, key=lambda n: n.strip().lower(), reverse=True)

    bands = [b.grade for b in default_methodology().parameters.grades]  # best first; 未达级 last
    rank = {g: len(bands) - i for i, g in enumerate(bands)}
    direction, grades = _sort(page, GRADE_COL)
    ranks = [rank.get(g, 0) for g in grades]
    assert direction == "ascending" and ranks == sorted(ranks) and len(set(grades)) > 1, grades
    direction, grades = _sort(page, GRADE_COL)
    assert [rank.get(g, 0) for g in grades] == sorted(ranks, reverse=True)

    direction, scores = _sort(page, SCORE_COL)
    assert direction == "ascending" and _numbers(scores) == sorted(_numbers(scores)) and len(set(scores)) > 1
    direction, scores = _sort(page, SCORE_COL)
    assert _numbers(scores) == sorted(_numbers(scores), reverse=True)
    page.screenshot(path=str(ARTEFACTS / "home-sorted-score.png"), full_page=True)


def test_intensity_sorts_by_unit_then_value(page, server):
    """kgCO2e/t and kgCO2e/万Nm3 (the gas field) are never ordered against each other."""
    page.goto(server + "zh/")
    for want in ("ascending", "descending"):
        direction, cells = _sort(page, INTENSITY_COL)
        pairs = [(unit, float(value.replace(",", ""))) for value, unit in (c.split(" ", 1) for c in cells)]
        assert direction == want and len({u for u, _ in pairs}) == 2, cells  # t and 万Nm3 in the demo
        assert pairs == sorted(pairs, reverse=want == "descending"), cells
    page.goto(server + "en/results/")
    header = page.locator("#cnm-results thead th", has_text="Carbon intensity")
    header.click()
    cells = page.locator("#cnm-results tbody td:nth-child(6)").all_inner_texts()
    pairs = [(unit, float(value.replace(",", ""))) for value, unit in (c.split(" ", 1) for c in cells)]
    assert pairs == sorted(pairs) and len(pairs) == 19
    # the demo's gas field has the largest figure, so plain numbers would sort it last too: a table
    # whose figures interleave shows that the site's sort method orders by unit first
    keys = ["kgCO2e/t|5.0", "kgCO2e/万Nm3|3.0", "kgCO2e/t|1.0", "kgCO2e/万Nm3|", "kgCO2e/t|12.5", "kgCO2e/t|"]
    order = page.evaluate("""keys => {
        const t = document.createElement('table');
        t.innerHTML = '<thead><tr><th data-sort-method="cnm-unit">x</th></tr></thead><tbody>' +
            keys.map(k => '<tr><td data-sort="' + k + '">' + k + '</td></tr>').join('') + '</tbody>';
        document.body.append(t);
        new Tablesort(t);
        const read = () => Array.from(t.tBodies[0].rows, r => r.cells[0].textContent);
        t.tHead.rows[0].cells[0].click();
        const up = read();
        t.tHead.rows[0].cells[0].click();
        return [up, read()];
    }""", keys)
    assert order[0] == ["kgCO2e/t|1.0", "kgCO2e/t|5.0", "kgCO2e/t|12.5", "kgCO2e/t|", "kgCO2e/万Nm3|3.0", "kgCO2e/万Nm3|"]
    assert order[1] == order[0][::-1]


def test_a_request_to_another_host_is_noticed(page, server):
    """The page fixture's offline check sees a request to another host (here one the page is made to send)."""
    page.goto(server + "zh/methodology/")
    page.route("http://192.0.2.1/**", lambda route: route.abort())  # TEST-NET-1: never sent
    with page.expect_request("http://192.0.2.1/**"):
        page.evaluate("() => { const i = new Image(); i.src = 'http://192.0.2.1/cnm.png'; document.body.append(i); }")
    assert foreign_requests(page.requests, server) == ["http://192.0.2.1/cnm.png"]
    page.requests[:] = [u for u in page.requests if "192.0.2.1" not in u]  # this test's own; teardown checks the rest


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


def test_404_page_works_at_any_depth(page, server, built_site):
    """A server shows zh/404.html for a missing address anywhere under zh/ (and the site may sit in
    a sub-path): its styles, links and search still lead into the language's site."""
    body = (built_site.site_dir / "zh/404.html").read_text(encoding="utf-8")
    missing = server + "zh/mines/no-such-mine/2099/"
    page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
    loaded = []
    page.on("response", lambda r: loaded.append((r.url, r.status)))
    page.goto(missing)
    page.wait_for_load_state("networkidle")
    assert page.locator("a.md-tabs__link", has_text="全部评价结果").first.evaluate("a => a.href") == server + "zh/results/"
    ok = {url for url, status in loaded if status == 200}
    assert any(u.startswith(server + "zh/assets/stylesheets/main.") for u in ok), sorted(ok)
    page.click("input.md-search__input")
    assert "/zh/mines/zhundong-opencast/" in _search(page, "准东能源露天煤矿")  # the search index was found
    page.screenshot(path=str(ARTEFACTS / "404-deep.png"))
