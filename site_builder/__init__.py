"""The public disclosure website (issue 7): a page per mine and period, built from records.

    >>> from site_builder import build_site, load_config
    >>> build_site(Path("examples/records"), Path("out/site-demo"), load_config(None))

Everything shown is computed by the core (`cnm.result.assess`); this package only writes pages
and downloads, and hands them to an engine behind `renderer.Renderer` (MkDocs Material today).
"""

from site_builder.build import BuildReport, build_site
from site_builder.config import SiteConfig, load_config

__all__ = ["BuildReport", "SiteConfig", "build_site", "load_config"]
