"""The assessment report (Appendix B of the draft standard, R-10.1, R-10.2) as HTML, PDF and
DOCX, with its archive bundle. Figures come from `cnm.result.assess` and the improvement
planner (`cnm.planner`); this package only lays them out.

    >>> from report_builder import ReportInput, render
    >>> files = render(ReportInput(result=..., methodology=...), "zh", ("html", "pdf", "docx"))
"""

from __future__ import annotations

import datetime as dt
import os

from cnm.record import Record
from report_builder.context import ReportInput, Review, build
from report_builder.gc_tuning import fewer_collections

FORMATS = ("html", "pdf", "docx")

__all__ = ["FORMATS", "ReportInput", "Review", "render", "source_stamp", "stamp_origin"]


def stamp_origin(record: Record) -> str:
    """Where `source_stamp` takes the time from: 'SOURCE_DATE_EPOCH', 'report_date' or 'period_end'."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return "SOURCE_DATE_EPOCH"
    return "report_date" if record.assessment.report_date else "period_end"


def source_stamp(record: Record) -> dt.datetime:
    """The time written into the files: SOURCE_DATE_EPOCH if set, else the record's report date,
    else the end of its period (never the clock, so the same inputs give the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = record.assessment.report_date or record.period.end
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def render(inp: ReportInput, lang: str, formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    """The report in each format asked for, as bytes (templates and fonts load once per process)."""
    with fewer_collections():
        return _render(inp, lang, formats)


def _render(inp: ReportInput, lang: str, formats: tuple[str, ...]) -> dict[str, bytes]:
    context = build(inp, lang)
    out: dict[str, bytes] = {}
    html = None
    if "html" in formats or "pdf" in formats:
        from report_builder.html_render import render_html

        html = render_html(context, inp.generated)
        if "html" in formats:
            out["html"] = html.encode("utf-8")
    if "pdf" in formats:
        from report_builder.pdf_render import render_pdf

        out["pdf"] = render_pdf(html)
    if "docx" in formats:
        from report_builder.docx_render import render_docx

        out["docx"] = render_docx(context, inp.generated)
    return out
