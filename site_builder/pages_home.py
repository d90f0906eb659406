"""Home (every mine's latest result, sortable and filterable, counts by grade), the table of all
results, the downloads page and the public-opinion page."""

from __future__ import annotations

from collections import Counter

from cnm.grading import NOT_RATED
from cnm.present import charts
from site_builder import paths
from site_builder.context import PageContext
from site_builder.data import Entry
from site_builder.html import Cell, Html, chart, esc, facts, link, paragraph, table
from site_builder.markup import md_text
from site_builder.pages_mine import period_headers, period_rows, sort_cols
from site_builder.renderer import Page
from site_builder.text import pct

DATASET_FILES = ("data/results.csv", "data/results.json", "data/cnm-dataset.zip")


def filter_box(ctx: PageContext, table_id: str, total: int) -> Html:
    """A text box that hides the rows not containing what is typed (cnm-site.js)."""
    return Html(f'<div class="cnm-filter-box" data-search-exclude><label>{esc(ctx.t("filter"))} '
                f'<input type="search" class="cnm-filter" data-table="{esc(table_id)}" '
                f'data-count="{esc(table_id)}-count" autocomplete="off"></label> '
                f'<span class="cnm-count"><span id="{esc(table_id)}-count">{total}</span> / {total}</span></div>')


def grade_counts(ctx: PageContext, entries: list[Entry]) -> list[str]:
    bands = [b.grade for b in ctx.data.methodology.parameters.grades] + [NOT_RATED]
    counts = Counter(e.contract["grade"] for e in entries)
    items = [(ctx.grade(g), float(counts.get(g, 0))) for g in bands]
    svg = charts.bar_chart(items, title=ctx.t("count_by_grade"), unit="", chart_id="grades", fmt=lambda v: f"{v:.0f}")
    rows = [[label, Cell(f"{v:.0f}", numeric=True)] for label, v in items]
    return [f"## {ctx.t('count_by_grade')}", chart(svg), table([ctx.t("grade"), ctx.t("count")], rows)]


def home(ctx: PageContext) -> Page:
    page = paths.HOME
    latest = [m.latest for m in ctx.data.mines]
    rows = []
    for e in latest:
        m = e.record.mine
        group = (link(paths.href(page, paths.group_page(m.parent_group)), ctx.group_name(m.parent_group))
                 if m.parent_group else "—")
        base = period_rows(ctx, [e], page, with_mine=True)[0]
        rows.append([base[0], ctx.category(e), ctx.province(m.province), group, *base[1:]])
    head = period_headers(ctx, with_mine=True)
    head = [head[0], ctx.t("category"), ctx.t("province"), ctx.t("group"), *head[1:]]
    periods = ctx.data.periods()
    publisher = ctx.config.publisher_zh if ctx.zh else (ctx.config.publisher_en or ctx.config.publisher_zh)
    intro = (f"本站公示 {len(latest)} 座矿山在 {periods[0]}–{periods[-1]} 各评价期的碳中和评价结果，"
             f"依据团体标准《碳中和矿山评价》。点击矿山名称查看各期详情、历年趋势与公众意见渠道。"
             if ctx.zh else
             f"Carbon-neutrality assessment results of {len(latest)} mines for {periods[0]}–{periods[-1]}, "
             f"under the group standard 碳中和矿山评价 (carbon-neutral mine assessment). Click a mine for each "
             f"period, the trend over the periods and where to send feedback.")
    blocks = [f"# {md_text(ctx.config.title(ctx.lang))}", paragraph(intro)]
    if publisher:
        blocks.append(paragraph(publisher))
    blocks += [f"## {ctx.t('latest')}", filter_box(ctx, "cnm-mines", len(rows)),
               table(head, rows, table_id="cnm-mines", sortable=True, **sort_cols(with_mine=True, before=3)),
               *grade_counts(ctx, latest)]
    return Page(path=page, title=ctx.config.title(ctx.lang), body="\n\n".join(blocks) + "\n", wide=True)


def results(ctx: PageContext) -> Page:
    page = paths.RESULTS
    entries = sorted(ctx.data.entries, key=lambda e: (e.mine_id, e.record.period.start))
    rows = period_rows(ctx, entries, page, with_mine=True)
    blocks = [f"# {ctx.t('results')}", filter_box(ctx, "cnm-results", len(rows)),
              table(period_headers(ctx, with_mine=True), rows, table_id="cnm-results", sortable=True,
                    **sort_cols(with_mine=True))]
    return Page(path=page, title=ctx.t("results"), body="\n\n".join(blocks) + "\n", search=False, wide=True)


def downloads(ctx: PageContext) -> Page:
    page = paths.DOWNLOADS
    what = (("data/results.csv", "全部评价结果汇总 (CSV, UTF-8 BOM)", "Summary of all results (CSV, UTF-8 with BOM)"),
            ("data/results.json", "全部评价结果汇总 (JSON)", "Summary of all results (JSON)"),
            ("data/cnm-dataset.zip", "全部填报数据与评价结果 (ZIP: JSON + CSV)",
             "All records and results (ZIP: JSON + CSV)"),
            ("data/methodology.yaml", "评价方法文件 (YAML，与 cnm methodology export 相同)",
             "Methodology file (YAML, as cnm methodology export writes it)"),
            ("data/methodology.json", "评价方法文件 (JSON)", "Methodology file (JSON)"))
    items = "".join(f"<li>{link(paths.shared(page, f), zh if ctx.zh else en, download=True)}</li>" for f, zh, en in what)
    note = ("CSV 文件为带 BOM 的 UTF-8，可直接用 Excel 打开；以 = + - @ 开头的文本前加了单引号，防止被当作公式。"
            if ctx.zh else "CSV files are UTF-8 with a BOM so Excel opens them directly; text starting with "
            "= + - @ is prefixed with an apostrophe so it is never run as a formula.")
    each = ("每座矿山每个评价期的填报数据和评价结果（JSON、CSV）见该矿山页面与评价期页面的“本页数据”一节，"
            "也都包含在上面的 ZIP 文件中。" if ctx.zh else "Each mine's record and result for each period (JSON, CSV) "
            "are linked from its mine and period pages (section “Data of this page”) and are all in the ZIP above.")
    blocks = [f"# {ctx.t('downloads')}", f"## {ctx.t('all_data')}", Html(f"<ul>{items}</ul>"), paragraph(note),
              paragraph(each), paragraph(ctx.t("withheld"), cls="cnm-note"), Html(f"<p>{link(paths.href(page, paths.RESULTS), ctx.t('results'))}</p>")]
    return Page(path=page, title=ctx.t("downloads"), body="\n\n".join(blocks) + "\n", search=False)


def feedback(ctx: PageContext) -> Page:
    """The public-opinion page: the publisher's channel and each mine's channel and results (R-8.1)."""
    page = paths.FEEDBACK
    fb = ctx.config.feedback
    channel = (fb.channel_zh if ctx.zh else fb.channel_en or fb.channel_zh) or ctx.t("not_given")
    pairs = [(ctx.t("site_channel"), Html(esc(channel) + (" " + link(fb.url, fb.url.removeprefix("mailto:")) if fb.url else "")))]
    intro = ("依据标准第 8 章，评价结果向社会公示并收集公众意见。对某座矿山的意见，可通过下表中该矿山的渠道反馈。"
             if ctx.zh else "Under chapter 8 of the standard the results are disclosed to the public and public "
             "opinion is collected. For one mine, use that mine's channel in the table below.")
    rows = []
    for m in ctx.data.mines:
        e = m.latest
        po = e.record.public_opinion
        q = "—"
        if po and po.questionnaire_responses:
            sat = po.questionnaire_satisfied
            q = f"{po.questionnaire_satisfied if sat is not None else '—'} / {po.questionnaire_responses}"
            if sat is not None:
                q += f" ({pct(sat / po.questionnaire_responses)})"
        rows.append([link(paths.href(page, paths.mine_page(m.id)), ctx.mine_name(e)), e.period,
                     (po.channel if po and po.channel else "—"), q,
                     ctx.t("yes") if po and po.hearing_summary else "—"])
    head = [ctx.t("mine"), ctx.t("period"), ctx.t("channel"), f"{ctx.t('questionnaire')}: {ctx.t('satisfied')}",
            ctx.t("hearing")]
    blocks = [f"# {ctx.t('feedback')}", paragraph(intro), facts(pairs), table(head, rows, search_exclude=False)]
    return Page(path=page, title=ctx.t("feedback"), body="\n\n".join(blocks) + "\n")



