"""Page paths and relative links, built only from safe slugs (never from names).

A page 'mines/<id>/<period>.md' is served at 'mines/<id>/<period>/' (directory URLs), the same
in every language; shared files (data, reports) live beside the language folders at the site
root, so a page reaches them with one more '../'.
"""

from __future__ import annotations

from cnm.present.safe import safe_slug

HOME = "index.md"
RESULTS = "results.md"
GROUPS = "groups/index.md"
METHODOLOGY = "methodology.md"
DOWNLOADS = "downloads.md"
FEEDBACK = "feedback.md"


def _period_slug(period: str) -> str:
    return safe_slug(period.lower())


def mine_page(mine_id: str) -> str:
    return f"mines/{safe_slug(mine_id)}/index.md"


def period_page(mine_id: str, period: str) -> str:
    return f"mines/{safe_slug(mine_id)}/{_period_slug(period)}.md"


def group_page(group_id: str) -> str:
    return f"groups/{safe_slug(group_id)}.md"


DATA_KINDS = ("record.json", "record.csv", "result.json", "result.csv")


def data_file(mine_id: str, period: str, what: str) -> str:
    """Site-root path of a download, e.g. data/<mine>/<period>-result.csv."""
    if what not in DATA_KINDS:
        raise ValueError(f"unknown download kind {what!r}")
    return f"data/{safe_slug(mine_id)}/{_period_slug(period)}-{what}"


def url_of(page: str) -> str:
    """'index.md' -> '', 'a/index.md' -> 'a/', 'a/b.md' -> 'a/b/'."""
    stem = page[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(from_page: str, to_page: str) -> str:
    """Relative URL from one page to another page of the same language."""
    return rel_url(from_page, url_of(to_page))


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for our normalised relative paths (slugs, no '.' or '..'), on the text
    alone: thousands of links per build, and relpath resolves both against the working folder."""
    t = [p for p in target.split("/") if p]
    b = [p for p in base.split("/") if p]
    n = 0
    while n < len(t) and n < len(b) and t[n] == b[n]:
        n += 1
    return "/".join([".."] * (len(b) - n) + t[n:]) or "."


def rel_url(from_page: str, target_url: str) -> str:
    """Relative URL from a page to a URL path inside the language root."""
    rel = _relpath(target_url, url_of(from_page))
    if rel == ".":
        return "./"
    return rel + ("/" if target_url.endswith("/") or not target_url else "")


def shared(from_page: str, site_path: str) -> str:
    """Relative URL from a page to a file at the site root (data/..., reports/...)."""
    depth = url_of(from_page).count("/")
    return "../" * (depth + 1) + site_path
