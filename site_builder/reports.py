"""Link each mine's assessment report (written by `cnm report`) when a reports folder is given.

A report belongs to mine M and period P when its file name starts with 'M_P' (e.g.
jinyuan-coal_2024.pdf, jinyuan-coal_2024.en.html) or it lies in a folder named 'M_P' or 'M/P'.
PDF, HTML and DOCX files are copied into the site under reports/M/P/, so the site stays
self-contained; other files are ignored. Without a reports folder no link is shown.

A report's language is read from its name (`cnm report` writes 'M_P.zh.pdf', 'M_P.en.html') or,
for HTML, from its `<html lang>`; the period pages name it beside each link.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from site_builder.data import SiteData

KINDS = (".pdf", ".html", ".docx")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
MAX_REPORT_BYTES = 200 * 1024 * 1024


def _owner(path: Path, root: Path, keys: set[tuple[str, str]]) -> tuple[str, str] | None:
    rel = path.relative_to(root)
    parts = [p.lower() for p in rel.parts]
    for mine, period in keys:
        tag = f"{mine}_{period.lower()}"
        if parts[-1].startswith(tag + ".") or parts[-1].startswith(tag + "_") or tag in parts[:-1]:
            return mine, period
        if len(parts) >= 3 and parts[-3] == mine and parts[-2] == period.lower():
            return mine, period
    return None


def find_reports(reports_dir: Path | None, data: SiteData) -> dict[tuple[str, str], list[Path]]:
    """(mine, period) -> report files, sorted; empty when no folder is configured."""
    if reports_dir is None or not reports_dir.is_dir():
        return {}
    keys = {(e.mine_id, e.period) for e in data.entries}
    found: dict[tuple[str, str], list[Path]] = {}
    for f in sorted(reports_dir.rglob("*")):
        if f.is_file() and f.suffix.lower() in KINDS and f.stat().st_size <= MAX_REPORT_BYTES:
            owner = _owner(f, reports_dir, keys)
            if owner:
                found.setdefault(owner, []).append(f)
    return found


def report_files(found: dict[tuple[str, str], list[Path]]) -> tuple[dict[str, bytes], dict[tuple[str, str], list[str]]]:
    """Site files (reports/M/P/name) and, per (mine, period), their site paths."""
    files: dict[str, bytes] = {}
    links: dict[tuple[str, str], list[str]] = {}
    for (mine, period), sources in sorted(found.items()):
        for n, src in enumerate(sources, 1):
            name = src.name if _SAFE_NAME.fullmatch(src.name) else f"report-{n}{src.suffix.lower()}"
            rel = f"reports/{mine}/{period.lower()}/{name}"
            if rel in files:
                rel = f"reports/{mine}/{period.lower()}/report-{n}{src.suffix.lower()}"
            files[rel] = src.read_bytes()
            links.setdefault((mine, period), []).append(rel)
    return files, links


_NAME_LANG = re.compile(r"(?:^|[._-])(zh|en)(?:[-_](?:cn|hans|gb|us))?(?=[._-]|$)", re.IGNORECASE)
_HTML_LANG = re.compile(rb"<html[^>]*\slang\s*=\s*[\"']?\s*(zh|en)\b", re.IGNORECASE)


def report_language(path: str, data: bytes = b"") -> str | None:
    """'zh' or 'en' for a report: from a language tag in its file name ('x_2024.zh.pdf'), else for
    HTML from `<html lang="zh-CN">`; None when neither says."""
    parts = PurePosixPath(path).parts
    stem = parts[-1].rsplit(".", 1)[0].lower()
    if len(parts) >= 4 and parts[-4] == "reports":  # reports/M/P/M_P.zh.pdf: the mine id may hold 'en'
        stem = stem.removeprefix(f"{parts[-3]}_{parts[-2]}".lower())
    found = [m.group(1).lower() for m in _NAME_LANG.finditer(stem)]
    if found:
        return found[-1]
    if path.lower().endswith(".html"):
        m = _HTML_LANG.search(data[:4096])
        if m:
            return m.group(1).decode().lower()
    return None


def report_languages(files: dict[str, bytes]) -> dict[str, str]:
    """Site path -> language of each report copied into the site (where it is known)."""
    out = {}
    for rel, data in files.items():
        lang = report_language(rel, data)
        if lang:
            out[rel] = lang
    return out
