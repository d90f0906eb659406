"""The cached (last calculated) values of formula cells, read in one defusedxml pass: the
reference the tests hold `validator.fastbook` (which reads them in its own single pass) against,
and `typed_value`, the one reading of a cached value's text that both share.

openpyxl gives a cell's formula or its cached value, never both from one load. Formula results are never shared strings, so only the `<c>` elements
with an `<f>` child are kept: their type and `<v>` text.
"""

from __future__ import annotations

import io
import zipfile

from defusedxml.ElementTree import iterparse

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_C, _F, _V, _IS, _T = f"{NS}c", f"{NS}f", f"{NS}v", f"{NS}is", f"{NS}t"


def cached_values(data: bytes, parts: dict[str, str]) -> dict[str, dict[str, object]]:
    """{sheet title: {coord: cached value}} of every formula cell of the sheets in `parts`
    (title -> part). A formula never calculated has None."""
    out: dict[str, dict[str, object]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for title, part in parts.items():
            values: dict[str, object] = {}
            with z.open(part) as fh:
                for _event, el in iterparse(fh):
                    if el.tag != _C:
                        continue
                    if el.find(_F) is not None:
                        values[el.get("r") or ""] = _value(el)
                    el.clear()
            out[title] = values
    return out


def _value(el) -> object:
    t = el.get("t", "n")
    if t == "inlineStr":
        node = el.find(_IS)
        return "".join(x.text or "" for x in node.iter(_T)) if node is not None else None
    v = el.find(_V)
    return typed_value(t, v.text if v is not None else None)


def typed_value(t: str, text: str | None) -> object:
    """A cached value's text as its cell type says: a number, a boolean, or text ("str", "e"
    such as #DIV/0!, anything else)."""
    if text is None:
        return None
    if t == "n":
        try:
            return float(text)
        except ValueError:
            return text
    if t == "b":
        return text.strip() in ("1", "true")
    return text
