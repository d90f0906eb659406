"""PDF from the report's HTML with WeasyPrint, in process, fonts configured once.

Fonts come from Debian's fonts-noto-cjk; libharfbuzz-subset0 keeps the subsetting fast
(research note §7: 11.9 s without it, 0.3 s with it). The same HTML gives the same bytes:
the creation time is the report's fixed stamp (dcterms.created), never the clock.
"""

from __future__ import annotations

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


def layout(html: str):
    """WeasyPrint's laid-out document (pages) of `html`, a self-contained page: nothing is fetched."""
    weasyprint, fonts = _weasy()
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetch).render(font_config=fonts)


def write(document) -> bytes:
    """The PDF bytes of a laid-out document (drawing the pages, subsetting and embedding fonts)."""
    return document.write_pdf(pdf_identifier=False)


def render_pdf(html: str) -> bytes:
    """The PDF of `html`."""
    return write(layout(html))


def _no_fetch(url: str, *args, **kwargs):
    """Reports embed everything; a link in mine-supplied text must not make the renderer fetch."""
    raise ValueError(f"external resource refused: {url[:80]}")
