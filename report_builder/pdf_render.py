"""PDF from the report's HTML with WeasyPrint, in process, fonts configured once.

Fonts come from Debian's fonts-noto-cjk; libharfbuzz-subset0 keeps the subsetting fast
(research note §7: 11.9 s without it, 0.3 s with it). The same HTML gives the same bytes:
the creation time is the report's fixed stamp (dcterms.created), never the clock.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cnm.errors import CnmError


class PdfUnavailable(CnmError):
    """WeasyPrint or its system libraries (Pango) are missing."""


@lru_cache(maxsize=1)
def _weasy():
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise PdfUnavailable(f"PDF 需要 WeasyPrint 及其系统库（运行 scripts/install-system-deps.sh） / "
                             f"PDF needs WeasyPrint and its system libraries (run scripts/install-system-deps.sh): {exc}"
                             ) from None
    return weasyprint, FontConfiguration()


#: Rules of WeasyPrint's user-agent stylesheet that give *every* element a pseudo-element style:
#: ::marker and the footnote and note calls and markers. Computing those six styles for each of
#: a report's ~1,400 elements was four fifths of the CSS cascade (~0.15 s a report). The report
#: scopes ::marker to list items (the only list-item boxes it has) and uses no footnotes or notes.
_UNIVERSAL_PSEUDO = re.compile(r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback) ",
                               re.MULTILINE)
_SCOPED = {"marker": "li::marker "}


@lru_cache(maxsize=1)
def report_html_class():
    """weasyprint.HTML with the user-agent stylesheet trimmed as above (WeasyPrint's own hook for
    another UA stylesheet); the stock class when the stylesheet no longer has those six rules."""
    weasyprint, _ = _weasy()
    from weasyprint.html import UA, UA_COUNTER_STYLE

    text, n = _UNIVERSAL_PSEUDO.subn(lambda m: _SCOPED.get(m.group(1), f"x-never::{m.group(1)} "), UA)
    if n != 6:
        return weasyprint.HTML
    sheet = weasyprint.CSS(string=text, counter_style=UA_COUNTER_STYLE)

    class ReportHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, *super()._ua_stylesheets(forms)[1:]]

    return ReportHTML


def layout(html: str):
    """WeasyPrint's laid-out document (pages) of `html`, a self-contained page: nothing is fetched."""
    _, fonts = _weasy()
    return report_html_class()(string=html, base_url=None, url_fetcher=_no_fetch).render(font_config=fonts)


#: PDF/A-3b, the archival PDF (R-8.2: reports are archived): fonts embedded, XMP metadata and an
#: sRGB output intent; as reproducible as the plain PDF and about as fast (~4 KB more).
PDF_VARIANT = "pdf/a-3b"


def write(document) -> bytes:
    """The PDF bytes of a laid-out document (drawing the pages, subsetting and embedding fonts)."""
    return document.write_pdf(pdf_identifier=False, pdf_variant=PDF_VARIANT)


def render_pdf(html: str) -> bytes:
    """The PDF of `html`."""
    return write(layout(html))


def _no_fetch(url: str, *args, **kwargs):
    """Reports embed everything; a link in mine-supplied text must not make the renderer fetch."""
    raise ValueError(f"external resource refused: {url[:80]}")
