"""Build the disclosure site: assess the records, write every page and download, then let the
engine (MkDocs Material by default) build the zh and en sites in parallel.

Output layout (OUT):
    OUT/project/<lang>/      the engine's project (mkdocs.yml, docs/), kept for inspection
    OUT/site/                the static site to publish: index.html (-> zh/), zh/, en/, data/, reports/
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import resource
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cnm.present.safe import html_text
from site_builder import paths
from site_builder.config import SiteConfig
from site_builder.context import PageContext
from site_builder.data import SiteData, load_site_data
from site_builder.downloads import data_files, dataset_zip, write_files
from site_builder.mkdocs_engine import MkDocsRenderer
from site_builder.pages_group import consolidate_all, group_page, groups_index
from site_builder.pages_home import downloads, feedback, home, results
from site_builder.pages_method import methodology
from site_builder.pages_mine import mine_page
from site_builder.pages_period import period_page
from site_builder.renderer import LanguageSite, Page, Renderer, SiteContent
from site_builder.reports import find_reports, report_files, report_languages
from site_builder.text import LANGS, t

ASSETS = {  # packaged file -> path in every language's docs folder
    "vendor/tablesort/tablesort.min.js": "assets/cnm/tablesort.min.js",
    "vendor/tablesort/tablesort.number.min.js": "assets/cnm/tablesort.number.min.js",
    "cnm-site.js": "assets/cnm/cnm-site.js",
    "cnm-site.css": "assets/cnm/cnm-site.css",
}
DOMAIN_WORDS = ("碳中和", "碳排放", "排放强度", "瓦斯抽采", "抵消比例", "自主减排", "生态修复", "评价结果", "CCER")


@dataclass
class BuildReport:
    """What a build wrote and how long each step took (seconds)."""

    site_dir: Path
    project_dir: Path
    pages: int = 0
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds: assess, consolidate, generate, engine
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of the same steps (engine: its processes)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def source_date_epoch(config: SiteConfig, data: SiteData) -> int:
    """SOURCE_DATE_EPOCH from the environment, else the configured publication date, else the
    latest report date or period end in the data: always from the inputs, never the clock."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    if config.publication_date:
        day = config.publication_date
    else:
        days = [e.record.assessment.report_date or e.record.period.end for e in data.entries]
        day = max(days)
    return int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())


def language_site(ctx: PageContext) -> LanguageSite:
    pages: list[Page] = [home(ctx), results(ctx), groups_index(ctx), methodology(ctx), downloads(ctx), feedback(ctx)]
    for mine in ctx.data.mines:
        pages.append(mine_page(ctx, mine))
        pages += [period_page(ctx, e, latest=e is mine.latest) for e in mine.entries]
    pages += [group_page(ctx, gid, entries) for gid, entries in ctx.data.groups.items()]
    nav = [(t(k, ctx.lang), p) for k, p in (("home", paths.HOME), ("results", paths.RESULTS),
                                            ("groups", paths.GROUPS), ("methodology", paths.METHODOLOGY),
                                            ("downloads", paths.DOWNLOADS), ("feedback", paths.FEEDBACK))]
    return LanguageSite(lang=ctx.lang, title=ctx.config.title(ctx.lang), nav=nav, pages=pages)


def site_content(data: SiteData, config: SiteConfig, report_links: dict[tuple[str, str], list[str]],
                 report_langs: dict[str, str] | None = None) -> SiteContent:
    assets = {dest: resources.files("site_builder.assets").joinpath(src).read_bytes() for src, dest in ASSETS.items()}
    # Names are left to jieba's own dictionary: a whole name as one token would hide its parts
    # (晋源煤业有限责任公司晋源煤矿 -> 晋源/煤业/有限责任/公司/晋源/煤矿 is what readers type).
    words = list(DOMAIN_WORDS)
    return SiteContent(
        languages=[language_site(PageContext(data, config, lang, report_links, report_langs or {})) for lang in LANGS],
        assets=assets, javascript=[ASSETS[k] for k in ASSETS if k.endswith(".js")],
        stylesheets=[ASSETS["cnm-site.css"]], search_words=words, site_url=config.site_url)


def root_index(config: SiteConfig) -> bytes:
    """The site root sends readers to the Chinese site (with a plain link for no-refresh browsers)."""
    title = html_text(config.title_zh)
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta http-equiv="refresh" content="0; url=zh/"></head>'
            f'<body><p><a href="zh/">{title}</a> · <a href="en/">English</a></p></body></html>\n').encode()


def write_downloads(data: SiteData, config: SiteConfig, site_dir: Path, epoch: int,
                    reports: dict[str, bytes]) -> int:
    """Downloads, report copies and the root page, written beside the language folders."""
    files = data_files(data)
    files["data/cnm-dataset.zip"] = dataset_zip({k: v for k, v in files.items() if k.count("/") >= 2}, epoch)
    for stale in ("data", "reports"):
        shutil.rmtree(site_dir / stale, ignore_errors=True)
    write_files(site_dir, {**files, **reports, "index.html": root_index(config)})
    return len(files) + len(reports)


class _SettledHeap:
    """Leaves the objects alive so far (records, results, contracts: most of the heap) out of the
    cyclic garbage collector's scans until the build ends. Each full collection would otherwise
    walk them all again, so assessment and page generation grew faster than the number of pages
    (measured at 1,000 mines). `gc.freeze` is process-wide: nothing is done when the caller has
    frozen objects itself, and everything is unfrozen at the end."""

    def __enter__(self) -> _SettledHeap:
        self.active = gc.get_freeze_count() == 0
        return self

    def settle(self) -> None:
        if self.active:
            gc.freeze()

    def __exit__(self, *exc) -> None:
        if self.active:
            gc.unfreeze()


def build_site(records_dir: Path, out: Path, config: SiteConfig | None = None, *, renderer: Renderer | None = None,
               progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Assess every record under `records_dir` and build the site into `out/site`.

    The downloads are written while the engine builds (it only touches `site/<lang>/`), so their
    time hides behind the engine's; `timings` are wall seconds, `cpu` CPU seconds."""
    with _SettledHeap() as heap:
        return _build(records_dir, out, config or SiteConfig(), renderer or MkDocsRenderer(), progress, heap)


def _build(records_dir: Path, out: Path, config: SiteConfig, renderer: Renderer,
           progress: Callable[[str, int, int], None] | None, heap: _SettledHeap) -> BuildReport:
    report = BuildReport(site_dir=out / "site", project_dir=out / "project")

    def assessed(n: int, total: int) -> None:
        if n % 256 == 0:
            heap.settle()
        if progress:
            progress("assess", n, total)

    step, cpu = time.perf_counter(), time.process_time()
    data = load_site_data(records_dir, config.methodology, progress=assessed)
    heap.settle()
    report.timings["assess"], report.cpu["assess"] = time.perf_counter() - step, time.process_time() - cpu
    step, cpu = time.perf_counter(), time.process_time()
    consolidate_all(data, config)  # the core's group figures, once per group and period
    report.timings["consolidate"], report.cpu["consolidate"] = time.perf_counter() - step, time.process_time() - cpu
    step, cpu = time.perf_counter(), time.process_time()
    epoch = source_date_epoch(config, data)
    reports, links = report_files(find_reports(config.reports_dir, data))
    content = site_content(data, config, links, report_languages(reports))
    renderer.write_project(content, report.project_dir)
    report.pages = sum(len(x.pages) for x in content.languages)
    report.timings["generate"], report.cpu["generate"] = time.perf_counter() - step, time.process_time() - cpu
    if progress:
        progress("build", 0, 1)
    step, children = time.perf_counter(), _children_cpu()
    with ThreadPoolExecutor(max_workers=1) as pool:  # the engine thread only waits for its processes
        engine = pool.submit(renderer.build, report.project_dir, report.site_dir, source_date_epoch=epoch)
        cpu = time.process_time()
        report.files = write_downloads(data, config, report.site_dir, epoch, reports)
        report.cpu["downloads"] = time.process_time() - cpu
        report.timings["downloads"] = time.perf_counter() - step
        engine.result()
    report.timings["engine"] = time.perf_counter() - step
    report.cpu["engine"] = _children_cpu() - children
    return report
