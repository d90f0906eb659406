"""A mine's landing page: who it is, its grade in each period and the trend over all of them
(the standard's dynamic assessment, R-6.3), its public-opinion channel and its data."""

from __future__ import annotations

from cnm.present import charts
from site_builder import paths
from site_builder.context import PageContext
from site_builder.data import Entry, Mine
from site_builder.html import Cell, Html, badge, chart, facts, link, table, unit_sort_key
from site_builder.markup import md_text
from site_builder.pages_period import downloads_list, opinion_section
from site_builder.renderer import Page
from site_builder.text import num

INTENSITY = "I02"  # carbon intensity per unit extracted (Table A.1)


def intensity(e: Entry) -> tuple[float | None, str]:
    i = e.indicator(INTENSITY)
    return (i["value"], i["unit"]) if i else (None, "")


def grade_rank(ctx: PageContext, grade: str) -> str:
    """Sort key of a grade: best first in the methodology's bands, 'not rated' last ('0')."""
    bands = [b.grade for b in ctx.data.methodology.parameters.grades]
    return str(len(bands) - bands.index(grade)) if grade in bands else "0"


def period_rows(ctx: PageContext, entries: list[Entry], page: str, *, with_mine: bool = False) -> list[list]:
    """One row per entry: (mine,) period, grade, score, gross, intensity, offset share."""
    rows = []
    for e in entries:
        c, inv = e.contract, e.contract["inventory"]
        value, unit = intensity(e)
        row = []
        if with_mine:
            row.append(Cell(link(paths.href(page, paths.mine_page(e.mine_id)), ctx.mine_name(e)),
                            sort=ctx.mine_name(e)))
        row += [link(paths.href(page, paths.period_page(e.mine_id, e.period)), e.period),
                Cell(ctx.grade(c["grade"]), sort=grade_rank(ctx, c["grade"])),
                Cell(ctx.score(c["total"]), sort=c["total"], numeric=True),
                Cell(num(inv["gross"]), sort=inv["gross"], numeric=True),
                Cell(f"{num(value, 2)} {unit}", sort=unit_sort_key(value, unit), numeric=True),
                Cell(ctx.share(inv["offset_share"]), sort=inv["offset_share"], numeric=True)]
        rows.append(row)
    return rows


#: Columns of period_rows (without the mine column): sorted as numbers, and by unit then value.
NUMERIC_COLS, UNIT_COLS = (2, 3, 5), (4,)


def sort_cols(*, with_mine: bool = False, before: int = 0) -> dict[str, tuple[int, ...]]:
    """table() arguments sorting period_rows' columns, with `before` columns inserted after the mine."""
    shift = (1 if with_mine else 0) + before
    return {"numeric_cols": tuple(c + shift for c in NUMERIC_COLS), "unit_cols": tuple(c + shift for c in UNIT_COLS)}


def period_headers(ctx: PageContext, *, with_mine: bool = False) -> list[str]:
    head = [ctx.t("mine")] if with_mine else []
    return [*head, ctx.t("period"), ctx.t("grade"), ctx.t("score"), ctx.t("gross"), ctx.t("intensity"), ctx.t("offset_share")]


def trend_charts(ctx: PageContext, mine: Mine) -> list[str]:
    xs = [e.period for e in mine.entries]
    inv = [e.contract["inventory"] for e in mine.entries]
    emissions = charts.line_chart(xs, [(ctx.t("gross"), [i["gross"] for i in inv]),
                                       (ctx.t("residual"), [i["residual"] for i in inv])],
                                  title=ctx.t("gross"), unit="tCO2e", chart_id="trend-emissions", point_labels=True)
    scores = charts.line_chart(xs, [(ctx.t("score"), [e.contract["total"] for e in mine.entries])],
                               title=ctx.t("score"), unit="", chart_id="trend-score", point_labels=True)
    unit = intensity(mine.latest)[1]
    inten = charts.line_chart(xs, [(ctx.t("intensity"), [intensity(e)[0] for e in mine.entries])],
                              title=ctx.t("intensity"), unit=unit, chart_id="trend-intensity", point_labels=True)
    return [chart(emissions), chart(scores), chart(inten)]


def mine_page(ctx: PageContext, mine: Mine) -> Page:
    page = paths.mine_page(mine.id)
    e = mine.latest
    m = e.record.mine
    name = ctx.mine_name(e)
    other = (m.name_en if ctx.zh else m.name_zh) or "—"
    g = ctx.grade(e.contract["grade"])
    pairs = [("ID", m.id), ("英文名称" if ctx.zh else "Chinese name", other),
             (ctx.t("category"), ctx.category(e)), (ctx.t("province"), ctx.province(m.province)),
             (ctx.t("address"), m.address or "—"),
             (ctx.t("latest"), Html(link(paths.href(page, paths.period_page(mine.id, e.period)), e.period) + " " +
                                    badge(g, f"{ctx.t('grade')}: {g}")))]
    if m.parent_group:
        pairs.append((ctx.t("group"), link(paths.href(page, paths.group_page(m.parent_group)),
                                           ctx.group_name(m.parent_group))))
    downloads = "".join(f"<h4>{e.period}</h4>" + downloads_list(ctx, e, page) for e in reversed(mine.entries))
    blocks = [f"# {md_text(name)}", facts(pairs), f"## {ctx.t('periods')}",
              table(period_headers(ctx), period_rows(ctx, list(reversed(mine.entries)), page)),
              f"## {ctx.t('trend')}", *trend_charts(ctx, mine), *opinion_section(ctx, e),
              f"## {ctx.t('data')}", Html(f'<div class="cnm-data">{downloads}</div>')]
    return Page(path=page, title=name, body="\n\n".join(blocks) + "\n")
