"""Group pages: each group's consolidated figures per period and its member mines (R-6.1).

The figures come from the core's group consolidation through `site_builder.groups.consolidate`.
"""

from __future__ import annotations

from pathlib import Path

from cnm.present import charts
from site_builder import paths
from site_builder.config import SiteConfig
from site_builder.context import PageContext
from site_builder.data import Entry, SiteData
from site_builder.html import Cell, chart, link, paragraph, table
from site_builder.markup import md_text
from site_builder.pages_mine import period_headers, period_rows
from site_builder.renderer import Page
from site_builder.text import num, pct


def _source(config: SiteConfig, group_id: str) -> tuple[str, Path | None]:
    """(the group's Chinese name, its group file or None) from site.yaml."""
    cfg = config.groups.get(group_id)
    return (cfg.name_zh, cfg.file) if cfg else (group_id, None)


def consolidate_all(data: SiteData, config: SiteConfig) -> int:
    """Consolidate every group in every period it has member records (each once; the pages of
    both languages then read the cached figures). Returns the number of consolidations."""
    count = 0
    for group_id, entries in data.groups.items():
        for period, _ in _periods(entries):
            data.consolidated(group_id, period, *_source(config, group_id))
            count += 1
    return count


def figures(ctx: PageContext, group_id: str, entries: list[Entry]) -> list[tuple[str, dict]]:
    """(period, group result contract) for each period in which the group has member records; a
    period that cannot be consolidated gives {"problems": [...]} in the page's language."""
    out = []
    for period, _ in _periods(entries):
        found = ctx.data.consolidated(group_id, period, *_source(ctx.config, group_id))
        out.append((period, found.contract if found.contract is not None else
                    {"problems": [p.message_zh if ctx.zh else p.message_en for p in found.problems]}))
    return out


def _periods(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    seen: dict[str, list[Entry]] = {}
    for e in sorted(entries, key=lambda e: (e.record.period.start, e.record.period.end, e.mine_id)):
        seen.setdefault(e.period, []).append(e)
    return list(seen.items())


def group_page(ctx: PageContext, group_id: str, entries: list[Entry]) -> Page:
    page = paths.group_page(group_id)
    name = ctx.group_name(group_id)
    every = figures(ctx, group_id, entries)
    cons = [(p, c) for p, c in every if "problems" not in c]
    missing = [(p, c["problems"]) for p, c in every if "problems" in c]
    keys = (("scope1", ctx.t("scope1")), ("scope2_market", ctx.t("scope2_market")), ("gross", ctx.t("gross")),
            ("removals", ctx.t("removals_total")), ("residual", ctx.t("residual")), ("offsets", ctx.t("offsets_total")))
    head = [ctx.t("period"), ctx.t("members")] + [label for _, label in keys] + [ctx.t("energy")]
    rows = [[p, Cell(str(sum(m["included"] for m in c["members"])), numeric=True),
             *[Cell(num(c["inventory"][k]), numeric=True) for k, _ in keys],
             Cell(num(c["energy_tce"]), numeric=True)] for p, c in cons]
    blocks = [f"# {md_text(name)}", f"## {ctx.t('consolidated')}"]
    for period, problems in missing:
        blocks.append(paragraph(f"{period}: {ctx.t('not_consolidated')} " + "; ".join(problems), cls="cnm-note"))
    if not cons:
        return Page(path=page, title=name, body="\n\n".join(blocks) + "\n", wide=True)
    approach = cons[-1][1]["approach"]
    blocks.append(paragraph(ctx.t("implicit_group" if cons[-1][1]["implicit"] else "approach_" + approach),
                            cls="cnm-note"))
    blocks.append(table(head, rows))
    blocks.append(table([ctx.t("period"), ctx.t("offset_share"), ctx.t("score"), ctx.t("grade")],
                        [[p, ctx.share(c["inventory"]["offset_share"]), ctx.score(c["total"]), ctx.grade(c["grade"])]
                         for p, c in cons]))
    latest_period, latest = cons[-1]
    blocks.append(f"## {ctx.t('contributions')} · {md_text(latest_period)}")
    blocks.append(table([ctx.t("mine"), ctx.t("basis"), ctx.t("share_counted"), ctx.t("gross"), ctx.t("of_group")],
                        [[ctx.name(mc), mc["basis_zh"] if ctx.zh else mc["basis_en"],
                          pct(mc["share"]), Cell(num(mc["gross"]), numeric=True),
                          Cell(f"{mc['gross_percent']:.1f}%", numeric=True)] for mc in latest["members"]]))
    svg = charts.line_chart([p for p, _ in cons], [(ctx.t("gross"), [c["inventory"]["gross"] for _, c in cons]),
                                                   (ctx.t("residual"), [c["inventory"]["residual"] for _, c in cons])],
                            title=ctx.t("gross"), unit="tCO2e", chart_id="group-trend", point_labels=True)
    blocks.append(chart(svg))
    for period, members in reversed(_periods(entries)):
        blocks.append(f"## {ctx.t('members')} · {md_text(period)}")
        blocks.append(table(period_headers(ctx, with_mine=True), period_rows(ctx, members, page, with_mine=True),
                            search_exclude=False))
    return Page(path=page, title=name, body="\n\n".join(blocks) + "\n", wide=True)


def groups_index(ctx: PageContext) -> Page:
    page = paths.GROUPS
    rows = []
    for gid, entries in ctx.data.groups.items():
        cons = [(p, c) for p, c in figures(ctx, gid, entries) if "problems" not in c]
        if not cons:
            continue
        period, latest = cons[-1]
        rows.append([link(paths.href(page, paths.group_page(gid)), ctx.group_name(gid)),
                     Cell(str(len({e.mine_id for e in entries})), numeric=True), period,
                     Cell(num(latest["inventory"]["gross"]), numeric=True)])
    blocks = [f"# {ctx.t('groups')}"]
    if rows:
        blocks.append(table([ctx.t("group"), ctx.t("members"), ctx.t("latest"), ctx.t("gross")], rows,
                            search_exclude=False))
    else:
        blocks.append(paragraph(ctx.t("none")))
    return Page(path=page, title=ctx.t("groups"), body="\n\n".join(blocks) + "\n")
