"""Group pages: each group's consolidated figures per period and its member mines (R-6.1).

The figures come from `site_builder.groups.consolidate` (provisional sums until the core's
consolidation lands); a ratio, score or grade is shown only when that function returns it.
"""

from __future__ import annotations

from cnm.present import charts
from site_builder import paths
from site_builder.context import PageContext
from site_builder.data import Entry
from site_builder.groups import consolidate
from site_builder.html import Cell, chart, link, paragraph, table
from site_builder.markup import md_text
from site_builder.pages_mine import period_headers, period_rows
from site_builder.renderer import Page
from site_builder.text import num, pct


def figures(group_id: str, entries: list[Entry]) -> list[tuple[str, dict]]:
    return [(period, consolidate(group_id, period, [e.contract for e in members]))
            for period, members in _periods(entries)]


def _periods(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    seen: dict[str, list[Entry]] = {}
    for e in sorted(entries, key=lambda e: (e.record.period.start, e.record.period.end, e.mine_id)):
        seen.setdefault(e.period, []).append(e)
    return list(seen.items())


def group_page(ctx: PageContext, group_id: str, entries: list[Entry]) -> Page:
    page = paths.group_page(group_id)
    name = ctx.group_name(group_id)
    cons = figures(group_id, entries)
    keys = (("scope1", ctx.t("scope1")), ("scope2_market", ctx.t("scope2_market")), ("gross", ctx.t("gross")),
            ("removals", ctx.t("removals_total")), ("residual", ctx.t("residual")), ("offsets", ctx.t("offsets_total")))
    head = [ctx.t("period"), ctx.t("members")] + [label for _, label in keys] + [ctx.t("energy")]
    rows = [[p, Cell(str(len(c["members"])), numeric=True),
             *[Cell(num(c["inventory"][k]), numeric=True) for k, _ in keys],
             Cell(num(c["energy_tce"]), numeric=True)] for p, c in cons]
    extra = [(p, c) for p, c in cons if "grade" in c or "offset_share" in c["inventory"]]
    blocks = [f"# {md_text(name)}", f"## {ctx.t('consolidated')}"]
    if any(c.get("provisional") for _, c in cons):
        blocks.append(paragraph(ctx.t("provisional"), cls="cnm-note"))
    blocks.append(table(head, rows))
    if extra:
        blocks.append(table([ctx.t("period"), ctx.t("offset_share"), ctx.t("score"), ctx.t("grade")],
                            [[p, pct(c["inventory"].get("offset_share")), num(c.get("total"), 2),
                              ctx.grade(c["grade"]) if "grade" in c else "—"] for p, c in extra]))
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
        cons = figures(gid, entries)
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
