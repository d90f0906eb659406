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
#: Characters Python-Markdown can backslash-escape with the tables extension on (its ESCAPED_CHARS).
#: Escaping any other character leaves a visible backslash (an escaped = shows as \=), so a renderer
#: with more extensions (pymdownx mark/tilde/caret, emoji...) passes `set(md.ESCAPED_CHARS)` of its
#: own configured instance as `special`. '<' and '&' are handled by HTML escaping first.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|>")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


#: Every format character (category Cf: zero-width, soft hyphen, bidi overrides, tags) of
#: Unicode 14 (Python 3.11); all lie above ASCII. tests/site/test_site_units.py checks the list
#: against unicodedata, so a newer Python's additions are noticed.
FORMAT_CHARS = ("\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E"
                "\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000110BD\U000110CD\U00013430-\U00013438"
                "\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001\U000E0020-\U000E007F")
_FORMAT = re.compile(f"[{FORMAT_CHARS}]")


def clean(text: object) -> str:
    """NFC text without bidi/format characters (used before any other escaping)."""
    s = "" if text is None else str(text)
    if s.isascii():  # fast path: nothing to normalise or strip
        return s
    return _FORMAT.sub("", unicodedata.normalize("NFC", s))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: object) -> str:
    """Text that XML 1.0 can carry (DOCX, SVG, PDF metadata): clean, without the control
    characters XML forbids; the XML writer (lxml) escapes & < > itself."""
    return _NOT_XML.sub("", clean(text))


def html_text(text: object) -> str:
    """Escape for HTML (and SVG) text and attribute values; control characters that HTML and
    XML forbid are dropped, so inline SVG stays well-formed."""
    return html.escape(xml_text(text), quote=True)


def md_inline(text: object, special: frozenset[str] | set[str] = MARKDOWN_SPECIAL) -> str:
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
