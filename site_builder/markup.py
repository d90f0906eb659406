"""Inline Markdown for text from records, escaped for exactly the Markdown the engine runs.

`EXTENSIONS` are the Markdown extensions of the generated site (MkDocs adds toc, tables and
fenced_code; we add admonition). The escapable characters come from a Python-Markdown instance
configured the same way, so syntax is neutralised and no stray backslash is shown.
"""

from __future__ import annotations

import markdown

from cnm.present.safe import md_inline

EXTENSIONS = ("toc", "tables", "fenced_code", "admonition")
ESCAPABLE = frozenset(markdown.Markdown(extensions=list(EXTENSIONS)).ESCAPED_CHARS)


def md_text(text: object) -> str:
    """Record text as inert inline Markdown (one line, HTML-escaped, syntax escaped)."""
    return md_inline(text, special=ESCAPABLE)
