"""The page of one mine and one period: grade, score by group, inventory by scope and source,
reductions, removals, offsets, indicators with evidence, methodology and hash, report, data,
public opinion. Every figure is read from the result contract (cnm.result)."""

from __future__ import annotations

from pathlib import PurePosixPath

from cnm.present import charts
from cnm.units import convert
from cnm.vocabulary import SCOPE2_BASIS
from site_builder import paths
from site_builder.context import PageContext
from site_builder.data import Entry
from site_builder.html import Cell, Html, badge, chart, esc, facts, link, paragraph, table
from site_builder.markup import md_text
from site_builder.renderer import Page
from site_builder.text import PROGRAMMES, REDUCTION_KINDS, REMOVAL_KINDS, num, pct, pick

REPORT_KINDS = {".pdf": "PDF", ".html": "HTML", ".docx": "Word"}


def _amount(a) -> str:
    return "—" if a is None else f"{num(a.value, 2)} {a.unit}"


def _tco2e(a) -> Cell:
    """A record's tCO2e amount (reductions, removals) as a number in tCO2e, the column's unit:
    '306,517.50' under 'Amount (tCO2e)', never '306,517.50 t' (a 万t figure is converted)."""
    if a is None:
        return Cell("—", numeric=True)
    value = convert(a.value, a.unit, "t", "amount")
    return Cell(num(value, 2), sort=value, numeric=True)


def _scope(ctx: PageContext, scope: int, basis: str) -> str:
    """'1', '2（基于位置）' / '2 (location-based)': a Scope 2 line's basis in words."""
    if basis not in SCOPE2_BASIS:
        return str(scope)
    zh, en = SCOPE2_BASIS[basis]
    return f"{scope}（{zh}）" if ctx.zh else f"{scope} ({en})"


def _message(ctx: PageContext, f) -> str:
    """A finding as the public reads it: its message in the page's language (never its code)."""
    get = f.get if isinstance(f, dict) else lambda k: getattr(f, k, None)
    text = (get("message_zh") if ctx.zh else get("message_en")) or get("message_zh") or get("message_en")
    return ctx.public(text, inline=False)


def verdict(ctx: PageContext, e: Entry) -> Html:
    c = e.contract
    g = ctx.grade(c["grade"])
    parts = [badge(g, f"{ctx.t('grade')}: {g}"),
             f'<span class="cnm-verdict">{ctx.t("score")} <strong>{ctx.score(c["total"])}</strong> · '
             f'{ctx.t("offset_share")} <strong>{ctx.share(c["inventory"]["offset_share"])}</strong> · '
             f'{ctx.t("grade_by_score")} {ctx.grade(c["grade_by_score"])} · '
             f'{ctx.t("grade_by_offset")} {ctx.grade(c["grade_by_offset"])}</span>']
    return Html(f'<div class="cnm-head">{"".join(parts)}</div>')


def score_section(ctx: PageContext, e: Entry) -> list[str]:
    c = e.contract
    groups = c["groups"]
    svg = charts.bar_chart([(ctx.name(g), g["points"]) for g in groups], maxima=[g["share"] for g in groups],
                           title=ctx.t("score_by_group"), unit="", chart_id="score-groups")
    rows = []
    for lv in c["levels"]:
        rows.append([Html(f"<strong>{esc(lv['id'] + ' ' + ctx.name(lv))}</strong>"),
                     Cell(f"{lv['share']:g}", numeric=True), Cell(num(lv["score"]), numeric=True),
                     Cell(num(lv["points"], 2), numeric=True)])
        for g in (g for g in groups if g["level"] == lv["id"]):
            rows.append([f"{g['id']} {ctx.name(g)}", Cell(f"{g['share']:g}", numeric=True),
                         Cell(num(g["score"]), numeric=True), Cell(num(g["points"], 2), numeric=True)])
    head = [ctx.t("indicator"), ctx.t("share"), "0–100", ctx.t("points")]
    return [f"## {ctx.t('score_by_group')}", chart(svg), table(head, rows)]


def inventory_section(ctx: PageContext, e: Entry) -> list[str]:
    inv = e.contract["inventory"]
    s3 = ctx.t("scope3") + (" ✓" if inv["scope3_included"] else "")
    rows = [(ctx.t("scope1"), inv["scope1"]), (ctx.t("scope2_location"), inv["scope2_location"]),
            (ctx.t("scope2_market"), inv["scope2_market"]), (s3, inv["scope3"]),
            (ctx.t("gross"), inv["gross"]), (ctx.t("removals_total"), inv["removals"]),
            (ctx.t("residual"), inv["residual"]), (ctx.t("offsets_total"), inv["offsets"])]
    body = [[label, Cell(num(v), numeric=True)] for label, v in rows]
    body.append([ctx.t("offset_share"), Cell(ctx.share(inv["offset_share"]), numeric=True)])
    body.append([ctx.t("energy"), Cell(num(e.contract["energy_tce"]), numeric=True)])
    lines = e.contract.get("lines", [])
    segments = [(f"{ctx.t('scope')} {b['scope']} {ctx.source_category(b['category'], lines)}", b["tco2e"])
                for b in inv["by_category"]]
    svg = charts.stacked_bar(segments, title=ctx.t("by_source"), unit="tCO2e", chart_id="by-source")
    rows = [[_scope(ctx, ln["scope"], ln["basis"]), ln["label_zh"] if ctx.zh else ln["label_en"], ln["gas"],
             Cell(num(ln["gas_t"], 2), sort=ln["gas_t"], numeric=True),
             Cell(num(ln["tco2e"]), sort=ln["tco2e"], numeric=True)] for ln in lines]
    return [f"## {ctx.t('inventory')}", table([ctx.t("item"), "tCO2e"], body), chart(svg),
            f"### {ctx.t('by_source')}",
            table([ctx.t("scope"), ctx.t("source"), ctx.t("gas"), "t", "tCO2e"], rows, numeric_cols=(3, 4))]


def measures_section(ctx: PageContext, e: Entry) -> list[str]:
    rec, inv = e.record, e.result.inventory
    out = [f"## {ctx.t('reductions')}"]
    if rec.reductions:
        out.append(table([ctx.t("measure"), ctx.t("kind"), ctx.t("amount"), ctx.t("baseline"), ctx.t("evidence")],
                         [[r.measure, pick(REDUCTION_KINDS, r.kind, ctx.lang), _tco2e(r.amount),
                           r.baseline or "—", r.evidence or "—"] for r in rec.reductions]))
        out.append(paragraph(f"{ctx.t('reductions_total')}: {num(inv.reductions)} tCO2e"))
    else:
        out.append(paragraph(ctx.t("none")))
    out.append(f"## {ctx.t('removals')}")
    if rec.removals:
        out.append(table([ctx.t("kind"), ctx.t("amount"), ctx.t("method"), ctx.t("evidence")],
                         [[pick(REMOVAL_KINDS, r.kind, ctx.lang), _tco2e(r.amount),
                           r.method or "—", r.evidence or "—"] for r in rec.removals]))
        out.append(paragraph(f"{ctx.t('removals_total')}: {num(e.contract['inventory']['removals'])} tCO2e"))
    else:
        out.append(paragraph(ctx.t("none")))
    out.append(f"## {ctx.t('offsets')}")
    credits = e.contract.get("credits", [])
    if credits:
        why = {s.index: s.findings for s in e.result.inventory.credits}  # the reasons in words, not codes
        sep = "；" if ctx.zh else "; "

        def counted(c: dict) -> str:
            if c["counted"]:
                return ctx.t("yes")
            reasons = sep.join(_message(ctx, f) for f in why.get(c["row"], ()) if f.code in c["reasons"])
            if not reasons:
                return ctx.t("no")
            return f"{ctx.t('no')}（{reasons}）" if ctx.zh else f"{ctx.t('no')} ({reasons})"

        rows = [[pick(PROGRAMMES, c["programme"], ctx.lang), c["project_id"] or "—",
                 f"{c['serial_start'] or ''} – {c['serial_end'] or ''}".strip(" –") or "—", str(c["vintage"]),
                 Cell(num(c["quantity"]), numeric=True), counted(c)] for c in credits]
        out.append(table([ctx.t("programme"), ctx.t("project"), ctx.t("serials"), ctx.t("vintage"), "tCO2e",
                          ctx.t("counted")], rows))
    out.append(paragraph(f"{ctx.t('offsets_total')}: {num(e.contract['inventory']['offsets'])} tCO2e · "
                         f"{ctx.t('offset_share')}: {ctx.share(e.contract['inventory']['offset_share'])}"))
    return out


def indicators_section(ctx: PageContext, e: Entry) -> list[str]:
    rows = []
    for i in e.contract["indicators"]:
        value = str(i.get("level")) if i["nature"] == "qualitative" else num(i["value"], 2)
        rows.append([i["id"], ctx.name(i), Cell(value, sort=i["value"], numeric=True), ctx.unit(i["unit"]),
                     Cell(f"{i['weight']:g}%", numeric=True), Cell(num(i["score"]), sort=i["score"], numeric=True),
                     i.get("evidence") or ""])
    head = ["ID", ctx.t("indicator"), ctx.t("value"), ctx.t("unit"), ctx.t("weight"), ctx.t("indicator_score"),
            ctx.t("evidence")]
    return [f"## {ctx.t('indicators')}", table(head, rows)]


def method_section(ctx: PageContext, e: Entry, page: str) -> list[str]:
    m = e.contract["methodology"]
    out = [f"## {ctx.t('method_hash')}",
           facts([(ctx.t("methodology_name"), ctx.methodology_name(m["name"])), (ctx.t("version"), m["version"]),
                  (ctx.t("hash"), Html(f"<code>{esc(m['hash'])}</code>"))]),
           Html(f"<p>{link(paths.href(page, paths.METHODOLOGY), ctx.t('methodology'))}</p>")]
    notes = [f for f in e.contract["findings"] if f.get("severity") != "info"]
    if notes:
        out.append(f"### {ctx.t('findings')}")
        items = "".join(f"<li>{esc(_message(ctx, f))}</li>" for f in notes)
        out.append(Html(f'<ul class="cnm-findings">{items}</ul>'))
    return out


def report_section(ctx: PageContext, e: Entry, page: str) -> list[str]:
    files = ctx.reports.get((e.mine_id, e.period), [])
    out = [f"## {ctx.t('report')}"]
    if not files:
        return [*out, paragraph(ctx.t("no_report"))]
    items = "".join(f"<li>{link(paths.shared(page, f), report_label(ctx, f), download=True)}</li>" for f in files)
    return [*out, Html(f'<ul class="cnm-reports">{items}</ul>')]


def report_label(ctx: PageContext, f: str) -> str:
    """'评价报告（中文，PDF）' / 'Assessment report (Chinese, PDF)': the kind and, when known, the
    language of a report, so an English reader knows a link leads to a Chinese document."""
    kind = REPORT_KINDS.get(PurePosixPath(f).suffix.lower(), PurePosixPath(f).suffix.lstrip(".").upper() or f)
    lang = ctx.report_langs.get(f)
    parts = [ctx.t(f"lang_{lang}")] if lang in ("zh", "en") else []
    parts.append(kind)
    return (f"{ctx.t('report')}（{'，'.join(parts)}）" if ctx.zh else f"{ctx.t('report')} ({', '.join(parts)})")


def downloads_list(ctx: PageContext, e: Entry, page: str) -> Html:
    items = []
    for what, label in (("record", ctx.t("record")), ("result", ctx.t("result"))):
        for ext in ("json", "csv"):
            target = paths.data_file(e.mine_id, e.period, f"{what}.{ext}")
            items.append(f"<li>{link(paths.shared(page, target), f'{label} ({ext.upper()})', download=True)}</li>")
    return Html(f'<ul class="cnm-downloads">{"".join(items)}</ul>')


def opinion_section(ctx: PageContext, e: Entry) -> list[str]:
    """Where to send feedback and, when supplied, the questionnaire and hearing results (R-8.1)."""
    po = e.record.public_opinion
    fb = ctx.config.feedback
    pairs = []
    if po and po.channel:
        pairs.append((ctx.t("channel"), po.channel))
    site_channel = (fb.channel_zh if ctx.zh else fb.channel_en or fb.channel_zh)
    if site_channel or fb.url:
        value = Html(esc(site_channel or "") + (" " + link(fb.url, fb.url.removeprefix("mailto:")) if fb.url else ""))
        pairs.append((ctx.t("site_channel"), value))
    if po and po.questionnaire_responses:
        sat = po.questionnaire_satisfied
        share = f" ({pct(sat / po.questionnaire_responses)})" if sat is not None else ""
        pairs.append((ctx.t("questionnaire"), f"{ctx.t('responses')} {po.questionnaire_responses}, "
                                              f"{ctx.t('satisfied')} {sat if sat is not None else '—'}{share}"))
    if po and po.hearing_summary:
        pairs.append((ctx.t("hearing"), po.hearing_summary))
    if not pairs:
        pairs.append((ctx.t("channel"), ctx.t("not_given")))
    return [f"## {ctx.t('feedback')}", facts(pairs)]


def period_page(ctx: PageContext, e: Entry, *, latest: bool) -> Page:
    """`latest`: only the latest period of a mine goes into the search index (keeps it small)."""
    page = paths.period_page(e.mine_id, e.period)
    rec = e.record
    name = ctx.mine_name(e)
    a = rec.assessment
    basics = [(ctx.t("mine"), Html(link(paths.href(page, paths.mine_page(e.mine_id)), name))),
              (ctx.t("period"), f"{e.period} ({rec.period.start} – {rec.period.end})"),
              (ctx.t("category"), ctx.category(e)), (ctx.t("province"), ctx.province(rec.mine.province)),
              (ctx.t("product"), rec.production.product or "—"), (ctx.t("output"), _amount(rec.production.output)),
              (ctx.t("assessor"), a.assessor or "—"), (ctx.t("report_date"), str(a.report_date or "—"))]
    if rec.mine.parent_group:
        gid = rec.mine.parent_group
        basics.append((ctx.t("group"), link(paths.href(page, paths.group_page(gid)), ctx.group_name(gid))))
    blocks: list[str] = [f"# {md_text(name)} · {md_text(e.period)}", verdict(ctx, e)]
    if e.contract["grade_en"] == "Not rated":
        blocks.append(paragraph(ctx.t("not_rated_note"), cls="cnm-note"))
    blocks += [facts(basics), *score_section(ctx, e), *inventory_section(ctx, e), *measures_section(ctx, e),
               *indicators_section(ctx, e), *method_section(ctx, e, page), *report_section(ctx, e, page),
               f"## {ctx.t('data')}", downloads_list(ctx, e, page), *opinion_section(ctx, e)]
    return Page(path=page, title=f"{name} {e.period}", body="\n\n".join(blocks) + "\n", search=latest)
