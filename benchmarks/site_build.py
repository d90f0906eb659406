"""Disclosure-site build: cnm's own steps against MkDocs' build of the same pages, same run.

For 100 and 1,000 generated mines x 3 periods (zh + en), prints the time of
  assess     the core assessing every record (cnm.result.assess),
  groups     the core consolidating each group once per period (cnm.consolidation.consolidate),
  pages      site_builder writing every page and the MkDocs project,
  downloads  the data files and the ZIP (written while mkdocs builds),
  mkdocs     the engine: two `mkdocs build` processes (zh, en) in parallel,
in wall and CPU seconds, with the ratio the goal is stated in: cnm / mkdocs (target <= 10%), where
cnm = groups + pages (+ downloads in CPU, as they overlap mkdocs in wall time); "pages only" leaves
the group consolidation out, "+assess" adds the record assessment. Also the CPU time per page at
the largest size against the smallest (linear scaling gives about 1.0). Last, end to end: the
build after assessment against mkdocs alone building the same project right after, so the
downloads' competition for the cores shows too.
Set CNM_BENCH_SITE_MINES=100,300 to choose the sizes.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.site_records import write_records
from site_builder import SiteConfig, build_site
from site_builder.mkdocs_engine import MkDocsRenderer

SIZES = (100, 1000)


def _sizes() -> tuple[int, ...]:
    raw = os.environ.get("CNM_BENCH_SITE_MINES", "")
    return tuple(int(x) for x in raw.split(",") if x.strip()) or SIZES


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one(mines: int, workdir: Path) -> dict:
    records = workdir / f"records-{mines}"
    files = write_records(records, mines)
    out = workdir / f"out-{mines}"
    report = build_site(records, out, SiteConfig(publication_date="2025-05-31"))
    # mkdocs alone on the same project, nothing of cnm's running beside it: the baseline of "end to end"
    wall, cpu = time.perf_counter(), _children_cpu()
    MkDocsRenderer().build(report.project_dir, out / "mkdocs-only", source_date_epoch=0)
    alone = {"wall": time.perf_counter() - wall, "cpu": _children_cpu() - cpu}
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(records, ignore_errors=True)
    return {"mines": mines, "records": files, "pages": report.pages, "wall": report.timings, "cpu": report.cpu,
            "alone": alone}


def _end_to_end(r: dict) -> str:
    """The whole build after the records are assessed (groups, pages, then mkdocs with the downloads
    written beside it) against mkdocs alone on the same project."""
    w, c, alone = r["wall"], r["cpu"], r["alone"]
    wall = w["consolidate"] + w["generate"] + w["engine"]
    cpu = c["consolidate"] + c["generate"] + c["downloads"] + c["engine"]
    return (f"{r['mines']:>6} {wall:>9.2f} {alone['wall']:>9.2f} {wall / alone['wall'] - 1:>+9.1%} "
            f"{cpu:>9.2f} {alone['cpu']:>9.2f} {cpu / alone['cpu'] - 1:>+9.1%}")


def _line(r: dict, kind: str) -> str:
    t = r[kind]
    pages = t["generate"] + (t["downloads"] if kind == "cpu" else 0.0)  # wall: downloads overlap the engine
    gen = t["consolidate"] + pages
    return (f"{r['mines']:>6} {r['pages']:>6} {kind:>5} {t['assess']:>9.2f} {t['consolidate']:>8.2f} "
            f"{t['generate']:>9.2f} {t['downloads']:>10.2f} {t['engine']:>9.2f} {gen / t['engine']:>11.1%} "
            f"{pages / t['engine']:>11.1%} {(t['assess'] + gen) / t['engine']:>9.1%} "
            f"{1000 * t['engine'] / r['pages']:>10.2f} {1000 * gen / r['pages']:>10.2f}")


def run() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="cnm-bench-site-") as tmp:
        for n in _sizes():
            rows.append(one(n, Path(tmp)))
            w = rows[-1]["wall"]
            total = w['assess'] + w['consolidate'] + w['generate'] + w['engine']
            print(f"  built {n} mines: {rows[-1]['pages']} pages in {total:.1f}s",
                  flush=True)
    print("\n## site: cnm's generation against mkdocs' own build of the same pages (zh + en in parallel)")
    print("wall = elapsed s; cpu = CPU s (mkdocs: both processes; steadier on a shared machine). groups = "
          "core group consolidation; pages = pages and MkDocs project; downloads = data files and ZIP, written "
          "while mkdocs builds (wall: overlapped, so not counted; cpu: counted)")
    print(f"{'mines':>6} {'pages':>6} {'':>5} {'assess s':>9} {'groups s':>8} {'pages s':>9} {'downloads':>10} "
          f"{'mkdocs s':>9} {'cnm/mkdocs':>11} {'pages only':>11} {'+assess':>9} {'ms/pg mk':>10} {'ms/pg cnm':>10}")
    for r in rows:
        print(_line(r, "wall"))
        print(_line(r, "cpu"))
    print("\nend to end: groups + pages + mkdocs (downloads written beside it) against mkdocs alone on the same "
          "project, run right after (seconds; CPU: this process and both mkdocs processes)")
    print(f"{'mines':>6} {'cnm wall':>9} {'mk alone':>9} {'added':>9} {'cnm cpu':>9} {'mk alone':>9} {'added':>9}")
    for r in rows:
        print(_end_to_end(r))
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]

        def growth(kind: str, step: str) -> float:
            return (b[kind][step] / b["pages"]) / (a[kind][step] / a["pages"])

        print(f"scaling {a['mines']} -> {b['mines']} mines, CPU time per page (1.00 = linear): "
              f"mkdocs x{growth('cpu', 'engine'):.2f}, groups x{growth('cpu', 'consolidate'):.2f}, "
              f"pages x{growth('cpu', 'generate'):.2f}, "
              f"downloads x{growth('cpu', 'downloads'):.2f}, assess x{growth('cpu', 'assess'):.2f}")
