"""Session fixtures for the disclosure-site tests: the demo records plus one hostile record, built
once; a localhost HTTP server over the built site; one headless Chromium (Debian's package)."""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from site_builder import build_site, load_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ARTEFACTS = ROOT / "build" / "test-artefacts" / "site"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--disable-sync",
                 "--disable-default-apps", "--mute-audio"]

#: A mine name that is at once HTML, a Markdown link, a spreadsheet formula and YAML-breaking text.
HOSTILE_NAME = "=1+2 <script>alert(1)</script> [点击](javascript:alert(2)) \"x\": 'y' {: onclick=alert(3)}"
HOSTILE_ID = "hostile-mine"


def hostile_record() -> dict:
    """A copy of a demo record with attacker-controlled text in every free-text field."""
    data = yaml.safe_load((EXAMPLES / "records" / "jinyuan-coal_2024.yaml").read_text(encoding="utf-8"))
    data["mine"].update(id=HOSTILE_ID, name_zh=HOSTILE_NAME, name_en=HOSTILE_NAME, parent_group=None,
                        province="山西省 | x | y", address="<img src=x onerror=alert(4)>")
    data["reductions"][0]["measure"] = "<img src=x onerror=alert(5)> **bold** ~~del~~"
    data["qualitative"]["I14"]["evidence"] = "[证据](javascript:alert(6)) {{ config }} ==mark== <!--"
    data["public_opinion"] = {"channel": "\" onmouseover=\"alert(7)", "questionnaire_responses": 10,
                              "questionnaire_satisfied": 3, "hearing_summary": "# 标题\n<script>alert(8)</script>"}
    data.pop("previous", None)
    return data


@pytest.fixture(scope="session")
def site_inputs(tmp_path_factory) -> tuple[Path, Path]:
    """(records folder, site.yaml): the demo records, one hostile record, a reports folder."""
    root = tmp_path_factory.mktemp("site-inputs")
    records = root / "records"
    shutil.copytree(EXAMPLES / "records", records)
    shutil.copytree(EXAMPLES / "groups", root / "groups")
    (records / f"{HOSTILE_ID}_2024.yaml").write_text(yaml.safe_dump(hostile_record(), allow_unicode=True),
                                                     encoding="utf-8")
    reports = root / "reports"
    reports.mkdir()
    (reports / "jinyuan-coal_2024.html").write_text('<!doctype html><html lang="zh-CN"><title>report</title>'
                                                   "<h1>晋源 2024</h1>",
                                                   encoding="utf-8")
    config = root / "site.yaml"
    text = (EXAMPLES / "site.yaml").read_text(encoding="utf-8") + "reports_dir: reports\n"
    config.write_text(text, encoding="utf-8")
    return records, config


@pytest.fixture(scope="session")
def built_site(site_inputs, tmp_path_factory):
    """The demo site built once per session; returns site_builder's BuildReport."""
    records, config = site_inputs
    out = tmp_path_factory.mktemp("site-out")
    return build_site(records, out, load_config(config))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def server(built_site):
    """http://127.0.0.1:<port>/ serving the built site (stopped at the end of the session)."""
    handler = partial(_QuietHandler, directory=str(built_site.site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Debian's chromium, never a downloaded build)."""
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: run scripts/install-system-deps.sh (it is in scripts/system-packages.txt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def foreign_requests(urls: list[str], server: str) -> list[str]:
    """The requested URLs that went anywhere but the test server (data: and blob: stay in the page)."""
    home = urlsplit(server).netloc
    return sorted({u for u in urls if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != home})


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request (of the whole browser context, so workers and
    pop-ups count too) and every JavaScript dialog. On teardown, any request that left the
    test server fails the test: the site must work offline, without CDNs or fonts from elsewhere."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    context.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
    assert pg.requests, "no request was recorded"
    foreign = foreign_requests(pg.requests, server)
    assert foreign == [], f"requests to other hosts: {foreign[:5]}"
