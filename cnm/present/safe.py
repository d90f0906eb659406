"""Escaping for every place text from a workbook or record is rendered.

HTML escaping alone is not enough for Markdown (links, attribute lists, table pipes) or for
CSV opened in a spreadsheet (formula injection); each target has its own function here.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

_CONTROL = re.compile(r"[\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
#: Characters Python-Markdown and its common extensions treat as syntax (tables add '|').
MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~^=:\"'&$%@")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def clean(text: object) -> str:
    """NFC text without control or bidi/format characters (used before any other escaping)."""
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    return "".join(ch for ch in s if unicodedata.category(ch) != "Cf")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: object) -> str:
    """Text that XML 1.0 can carry (DOCX, SVG, PDF metadata): clean, without the control
    characters XML forbids; the XML writer (lxml) escapes & < > itself."""
    return _NOT_XML.sub("", clean(text))


def html_text(text: object) -> str:
    """Escape for HTML (and SVG) text and attribute values; control characters that HTML and
    XML forbid are dropped, so inline SVG stays well-formed."""
    return html.escape(xml_text(text), quote=True)


def md_inline(text: object, special: set[str] = MARKDOWN_SPECIAL) -> str:
    """Inert inline Markdown: one line, HTML-escaped, every syntax character backslash-escaped."""
    s = _CONTROL.sub(" ", clean(text))
    s = html.escape(s, quote=True)
    return "".join("\\" + ch if ch in special and ch != "&" else ch for ch in s)


def yaml_scalar(text: object) -> str:
    """A YAML front-matter value that templates may print raw: HTML-escaped, then JSON-quoted."""
    return json.dumps(html_text(_CONTROL.sub(" ", clean(text))), ensure_ascii=False)


def csv_cell(value: object) -> object:
    """Neutralise spreadsheet formula injection: text starting with = + - @ (or tab, CR) gets a
    leading apostrophe. Numbers pass unchanged."""
    if isinstance(value, str):
        s = clean(value)
        if s.startswith(_FORMULA_START):
            return "'" + s
        return s
    return value


def safe_slug(value: str) -> str:
    """Return `value` if it is a safe id for file names and URLs, else raise ValueError."""
    if not SLUG.fullmatch(value or ""):
        raise ValueError(f"'{value}' is not a safe id (lowercase letters, digits, '-')")
    return value
