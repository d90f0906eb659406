"""MkDocs + Material as the site engine (see renderer.Renderer).

Measured choices (shared/research/site-and-reports.md): an explicit small nav (the automatic
nav grows with N^2 at thousands of pages); one MkDocs build per language, run in parallel,
linked by Material's `extra.alternate`; Material's built-in search with jieba segmentation and a
user dictionary of mine names; theme fonts off and no CDN; no hooks and no third-party plugins,
so the same mkdocs.yml also builds under Zensical. Titles go into front matter as HTML-escaped
JSON strings, because the theme's Jinja environment prints them without escaping.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

import yaml

from cnm.present.safe import html_text, yaml_scalar
from site_builder.renderer import LanguageSite, SiteBuildError, SiteContent

LANG_NAMES = {"zh": "中文", "en": "English"}
#: Chinese heading anchors keep their characters (the default slugify gives '_1', '_2').
TOC = """markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - admonition
"""
JIEBA_DICT = "jieba_user.txt"


def _config(content: SiteContent, site: LanguageSite) -> str:
    conf: dict = {
        "site_name": html_text(site.title),
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": site.lang,
            "font": False,
            "palette": {"primary": "green", "accent": "teal"},
            "features": ["navigation.tabs", "search.highlight"] + (["navigation.instant"] if content.site_url else []),
        },
        "extra": {
            "generator": False,
            "alternate": [{"name": LANG_NAMES[x.lang], "link": f"../{x.lang}/", "lang": x.lang}
                          for x in content.languages],
        },
        "extra_javascript": list(content.javascript),
        "extra_css": list(content.stylesheets),
        "plugins": [{"search": {"jieba_dict_user": JIEBA_DICT}}],
        "validation": {"nav": {"omitted_files": "ignore"}},
        "nav": [{html_text(title): path} for title, path in site.nav],
    }
    if content.site_url:
        conf["site_url"] = f"{content.site_url}{site.lang}/"
    return yaml.safe_dump(conf, allow_unicode=True, sort_keys=False) + TOC


def _front_matter(title: str, search: bool, wide: bool) -> str:
    lines = ["---", f"title: {yaml_scalar(title)}"]
    if not search:
        lines.append("search:\n  exclude: true")
    if wide:
        lines.append("hide:\n  - navigation\n  - toc")
    return "\n".join(lines) + "\n---\n\n"


def _inside(root: Path, rel: str) -> Path:
    """root/rel for a relative path without '..' (checked on the text: no realpath per page)."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\\" in rel:
        raise SiteBuildError(f"refusing to write outside the project: {rel}")
    return root.joinpath(*parts)


class _Writer:
    """Writes files only when their bytes change (keeps mtimes of unchanged files); creates each
    folder once, and checks once per folder that it really lies inside `root` (a symlink planted
    in the project folder must not lead a write elsewhere); a changed file is written anew and
    renamed over the old entry, so a symlink or hard link there is replaced, never written through."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.folders: set[Path] = set()

    def __call__(self, path: Path, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if path.parent not in self.folders:
            if not path.parent.resolve().is_relative_to(self.root):  # before mkdir: nothing made outside
                raise SiteBuildError(f"refusing to write outside the project (a symlink?): {path.parent}")
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        if not path.is_symlink():
            try:
                if path.read_bytes() == raw:
                    return
            except FileNotFoundError:
                pass
        tmp = path.with_name(f".{path.name}.tmp")  # a new file replaces the entry: never written through a
        tmp.write_bytes(raw)                       # symlink or a hard link to a file elsewhere
        os.replace(tmp, path)


def _has_site_url(config_text: str) -> bool:
    return any(line.startswith("site_url:") for line in config_text.splitlines())


_ROOT_URL = re.compile(r'((?:href|src)=")/(?!/)([^"]*)"')
#: Sets <base> to the language root ('/any/prefix/zh/') when the server shows the 404 page for a
#: missing address deeper in the site, so the page's relative links still lead to the site.
_BASE_SCRIPT = ('<script>(function(){{var m=location.pathname.match(/^(.*?\\/{lang}\\/)/);'
                'if(m){{var b=document.createElement("base");b.href=m[1];document.head.appendChild(b)}}}})()</script>')


_CONFIG = re.compile(r'<script id="__config" type="application/json">.*?</script>', re.S)
#: Material resolves its base and search worker against the address, not <base>: both are made
#: absolute from the document's base URL before Material's bundle reads them.
_CONFIG_SCRIPT = ('<script>(function(){var c=document.getElementById("__config");if(!c)return;'
                  'var j=JSON.parse(c.textContent),u=document.baseURI;j.base=new URL(j.base,u).href;'
                  'j.search=new URL(j.search,u).href;c.textContent=JSON.stringify(j)})()</script>')


def relative_404(html: str, lang: str) -> str:
    """MkDocs' 404 page without `site_url` links root-absolute ('/assets/…', '/results/'), which
    break when the site is served from a sub-path or per-language folder. Its links are made
    relative to its own folder (the language root: '/assets/x' -> 'assets/x', '/' -> './'),
    Material's base likewise, and a small script sets <base> to the language root when the page
    is shown for an address deeper in the site. With `site_url` MkDocs writes correct links."""
    out = _ROOT_URL.sub(lambda m: f'{m.group(1)}{m.group(2) or "./"}"', html)
    out = out.replace('"base": "/"', '"base": "."').replace('"search": "/assets/', '"search": "assets/')
    script = _BASE_SCRIPT.format(lang=re.escape(lang))
    anchor = '<meta charset="utf-8">' if '<meta charset="utf-8">' in out else "<head>"
    out = out.replace(anchor, anchor + script, 1)
    return _CONFIG.sub(lambda m: m.group(0) + _CONFIG_SCRIPT, out, count=1)


class MkDocsRenderer:
    """One MkDocs project per language under `project_dir/<lang>/`."""

    def write_project(self, content: SiteContent, project_dir: Path) -> None:
        project_dir.mkdir(parents=True, exist_ok=True)
        write = _Writer(project_dir)
        for site in content.languages:
            root = project_dir.resolve() / site.lang
            docs = root / "docs"
            wanted = {_inside(docs, p.path) for p in site.pages} | {_inside(docs, a) for a in content.assets}
            if root.is_symlink() or docs.is_symlink() or not docs.resolve().is_relative_to(write.root):
                raise SiteBuildError(f"refusing to write through a symlinked folder: {docs}")
            if docs.exists():  # drop pages of mines no longer in the data (and anything else), and every
                for old in docs.rglob("*"):  # symlink (rglob does not descend into symlinked folders)
                    if old.is_symlink() or (old.is_file() and old not in wanted):
                        old.unlink()
            write(root / "mkdocs.yml", _config(content, site))
            words = sorted({w for w in content.search_words if w and not any(c.isspace() for c in w)})
            write(root / JIEBA_DICT, "".join(f"{w} 10 n\n" for w in words))
            for rel, data in sorted(content.assets.items()):
                write(_inside(docs, rel), data)
            for page in site.pages:
                write(_inside(docs, page.path), _front_matter(page.title, page.search, page.wide) + page.body)

    def build(self, project_dir: Path, site_dir: Path, *, source_date_epoch: int) -> None:
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1",
               "PYTHONHASHSEED": "0"}
        langs = sorted(p.name for p in project_dir.iterdir() if (p / "mkdocs.yml").is_file())
        procs = []
        for lang in langs:  # one process per language: MkDocs uses one core
            if (site_dir / lang).is_symlink():  # mkdocs --clean would empty the link's target
                raise SiteBuildError(f"refusing to build into a symlinked folder: {site_dir / lang}")
            out = (site_dir / lang).resolve()
            cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-f", "mkdocs.yml",
                   "-d", str(out)]
            procs.append((lang, subprocess.Popen(cmd, cwd=project_dir / lang, env=env, stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT, text=True)))
        failed = []
        for lang, proc in procs:
            log, _ = proc.communicate()
            if proc.returncode != 0:
                tail = "\n".join(log.strip().splitlines()[-15:])
                failed.append(f"[{lang}] mkdocs build failed (exit {proc.returncode}):\n{tail}")
        if failed:
            raise SiteBuildError("\n".join(failed))
        for lang in langs:
            if not _has_site_url((project_dir / lang / "mkdocs.yml").read_text(encoding="utf-8")):
                page = site_dir / lang / "404.html"
                if page.is_file() and not page.is_symlink():
                    page.write_bytes(relative_404(page.read_text(encoding="utf-8"), lang).encode("utf-8"))

