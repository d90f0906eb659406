"""The report's charts as inline SVG (cnm.present.charts), from figures of the core's results."""

from __future__ import annotations

from cnm.present.charts import bar_chart, line_chart, stacked_bar
from report_builder.labels import SCOPE, enum, labels


def charts(result, series: list, parts: list, lang: str) -> dict:
    """{'sources': svg, 'groups': svg, 'trend': [svg, ...]}: emissions by scope and source, the
    level-2 scores against their maximum, and with history the trend of emissions, intensity
    and score."""
    t, zh = labels(lang), lang == "zh"
    sources = stacked_bar([(f"{enum(SCOPE, p.scope, lang)} · {p.label_zh if zh else p.label_en}", p.tco2e)
                           for p in parts], title=t["chart_scope"], unit="tCO2e", chart_id="chart-sources")
    groups = bar_chart([(g.name_zh if zh else g.name_en, g.points) for g in result.groups],
                       maxima=[g.share for g in result.groups], title=t["chart_groups"],
                       unit="分" if zh else "points", chart_id="chart-groups",
                       fmt=lambda v: f"{v:.2f}")  # points to 2 decimals, as in 5.1
    trend = []
    if len(series) > 1:
        xs = [r.record.period.label for r in series]
        i02 = [next(i for i in r.indicators if i.id == "I02") for r in series]
        trend = [
            line_chart(xs, [(t["gross"], [r.inventory.gross for r in series])], title=t["gross"], unit="tCO2e",
                       chart_id="chart-trend-gross", height=180),
            line_chart(xs, [(t["intensity"], [i.value for i in i02])], title=t["intensity"], unit=i02[-1].unit,
                       chart_id="chart-trend-intensity", height=180),
            line_chart(xs, [(t["total_score"], [r.total for r in series])], title=t["total_score"],
                       unit="分" if zh else "points", chart_id="chart-trend-score", height=180),
        ]
    return {"sources": sources, "groups": groups, "trend": trend}
