"""The report as one self-contained HTML file (Jinja2, autoescape on, CSS inline, SVG inline)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from cnm import __version__
from cnm.present.safe import xml_text

GENERATOR = f"cnm {__version__}"
PAGE_COUNTER = {"zh": '"第 " counter(page) " 页 / 共 " counter(pages) " 页"',
                "en": '"Page " counter(page) " of " counter(pages)'}


def _finalize(value):
    """Every printed value: our own markup (charts, CSS) as is; any other text cleaned of
    control and bidi-override characters before autoescape."""
    if isinstance(value, Markup):
        return value
    return xml_text(value)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment, loaded once per process."""
    return jinja2.Environment(loader=jinja2.PackageLoader("report_builder", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, finalize=_finalize, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files("report_builder").joinpath("templates/report.css").read_text(encoding="utf-8")


def render_html(context: dict, stamp: dt.datetime) -> str:
    """The report's HTML; `stamp` is the fixed creation time written into its metadata."""
    charts = context["charts"]
    c = {**context, "charts": {"sources": Markup(charts["sources"]), "groups": Markup(charts["groups"]),
                               "trend": [Markup(s) for s in charts["trend"]]}}
    css = Markup(stylesheet() + "\n@page { @bottom-center { content: " + PAGE_COUNTER[context["lang"]] + "; } }\n")
    return environment().get_template("report.html.j2").render(
        c=c, css=css, generator=GENERATOR, timestamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
