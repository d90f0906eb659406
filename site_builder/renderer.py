"""The engine-neutral content of the site and the small interface an engine implements.

cnm writes every page itself (Markdown with pre-escaped HTML blocks and inline SVG); the engine
only turns that into a themed static site with search and a language switch. MkDocs Material is
the engine today (`mkdocs_engine.MkDocsRenderer`); Material is in maintenance mode, so a
successor (Zensical, or plain Jinja) replaces it by implementing `Renderer`.

Built-site layout every renderer must produce: `SITE/<lang>/index.html` and one
`SITE/<lang>/<page path without .md>/index.html` per page, identical paths in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cnm.errors import CnmError


@dataclass(frozen=True)
class Page:
    """One page: `path` like 'mines/<id>/<period>.md' (built from slugs only), a plain-text
    title (the renderer escapes it), a body of Markdown with raw-HTML blocks."""

    path: str
    title: str
    body: str
    search: bool = True  # False keeps the whole page out of the search index
    wide: bool = False  # hide the side navigation (pages with wide tables)


@dataclass
class LanguageSite:
    lang: str  # "zh" or "en"
    title: str
    nav: list[tuple[str, str]]  # (title, page path): a small explicit nav, never the mine pages
    pages: list[Page]


@dataclass
class SiteContent:
    languages: list[LanguageSite]
    assets: dict[str, bytes] = field(default_factory=dict)  # path in the docs folder -> bytes
    javascript: list[str] = field(default_factory=list)  # asset paths, in load order
    stylesheets: list[str] = field(default_factory=list)
    search_words: list[str] = field(default_factory=list)  # names and terms for the zh segmenter
    site_url: str | None = None  # public address of the site root, if known


class SiteBuildError(CnmError):
    """The static-site engine failed; the message carries the tail of its log."""


class Renderer(Protocol):
    """What an engine does: write its project from the content, then build it."""

    def write_project(self, content: SiteContent, project_dir: Path) -> None:
        """Write the engine's project (configuration and pages) under `project_dir`."""

    def build(self, project_dir: Path, site_dir: Path, *, source_date_epoch: int) -> None:
        """Build every language into `site_dir/<lang>/`, reproducibly for the given epoch."""
