"""HTML blocks for the generated pages: tables, badges, definition lists, links.

Every value is escaped unless it is an `Html` (markup we built ourselves). Blocks are single
raw-HTML blocks without blank lines, so Python-Markdown passes them through untouched and
never reads record text as Markdown. Links are built from our own slugs only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cnm.present.safe import html_text


class Html(str):
    """Markup built by this package (already safe)."""


@dataclass(frozen=True)
class Cell:
    """A table cell: text (escaped) or Html, with an optional raw sort key for tablesort."""

    content: str
    sort: float | str | None = None
    numeric: bool = False


#: Text that html_text would return unchanged: printable ASCII without & < > " '.
_NEEDS_WORK = re.compile("[^\x20-\x7e]|[&<>\"']")


@lru_cache(maxsize=8192)
def _esc_str(value: str) -> str:
    if _NEEDS_WORK.search(value) is None:  # numbers, ids, units: most cells
        return value
    return html_text(value)


def esc(value: object) -> str:
    """Escaped text (labels, units and names repeat across thousands of cells: cached)."""
    if isinstance(value, Html):
        return value
    return _esc_str(value if isinstance(value, str) else str(value))


def link(href: str, text: object, *, download: bool = False, cls: str | None = None) -> Html:
    """<a> to one of our own relative URLs (never a URL taken from a record)."""
    extra = (' download' if download else '') + (f' class="{esc(cls)}"' if cls else '')
    return Html(f'<a href="{esc(href)}"{extra}>{esc(text)}</a>')


def _cell(tag: str, c: object) -> str:
    if type(c) is str:  # the commonest cell: plain text (an Html is a str subclass, not str)
        return f"<{tag}>{_esc_str(c)}</{tag}>"
    if isinstance(c, Cell):
        key = f"{c.sort:.6f}" if isinstance(c.sort, float) else c.sort
        attrs = f' data-sort="{esc(key)}"' if key is not None else ""
        if c.numeric:
            attrs += ' class="cnm-num"'
        return f"<{tag}{attrs}>{esc(c.content)}</{tag}>"
    return f"<{tag}>{esc(c)}</{tag}>"


UNIT_SORT = "cnm-unit"  # cnm-site.js: sort keys 'unit|value', by unit, then by value


def unit_sort_key(value: float | None, unit: str) -> str:
    """The sort key of a figure with its unit (columns in `unit_cols`): figures in different
    units are never ordered against each other; a missing value sorts after its unit's figures."""
    return f"{unit}|" + ("" if value is None else f"{value:.6f}")


def table(headers: Sequence[object], rows: Iterable[Sequence[object]], *, table_id: str | None = None,
          sortable: bool = False, numeric_cols: Sequence[int] = (), unit_cols: Sequence[int] = (),
          search_exclude: bool = True, caption: str | None = None) -> Html:
    """A table wrapped in a div (Material styles only class-less tables). `numeric_cols` get
    tablesort's number method, `unit_cols` cnm-site.js's unit-then-value method (their cells'
    sort keys come from `unit_sort_key`); `sortable` marks the wrapper for cnm-site.js."""
    ths = []
    for i, h in enumerate(headers):
        method = (' data-sort-method="number"' if i in numeric_cols else
                  f' data-sort-method="{UNIT_SORT}"' if i in unit_cols else "")
        ths.append(f"<th{method}>{esc(h)}</th>")
    body = "".join(["<tr>" + "".join([_cell("td", c) for c in row]) + "</tr>" for row in rows])
    div_attrs = ' class="cnm-table' + (' cnm-sortable"' if sortable else '"')
    div_attrs += ' data-search-exclude' if search_exclude else ""
    tid = f' id="{esc(table_id)}"' if table_id else ""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return Html(f"<div{div_attrs}><table{tid}>{cap}<thead><tr>{''.join(ths)}</tr></thead>"
                f"<tbody>{body}</tbody></table></div>")


def facts(pairs: Iterable[tuple[object, object]]) -> Html:
    """Label/value pairs as a two-column table (kept in the search index: names, places)."""
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in pairs)
    return Html(f'<div class="cnm-facts"><table><tbody>{rows}</tbody></table></div>')


GRADE_CLASS = {"AAA": "aaa", "AA": "aa", "A": "a", "B": "b", "C": "c"}  # anything else: "none" (not rated)


def badge(grade: str, label: str) -> Html:
    """The grade as a coloured badge, with its words for screen readers."""
    cls = GRADE_CLASS.get(grade, "none")
    return Html(f'<span class="cnm-badge cnm-badge-{cls}" role="img" aria-label="{esc(label)}">{esc(grade)}</span>')


def chart(svg: str) -> Html:
    """An inline SVG chart (from cnm.present.charts), kept out of the search index."""
    return Html(f'<div class="cnm-chart" data-search-exclude>{svg}</div>')


def paragraph(text: object, cls: str | None = None) -> Html:
    c = f' class="{esc(cls)}"' if cls else ""
    return Html(f"<p{c}>{esc(text)}</p>")
