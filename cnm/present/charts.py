"""Inline SVG charts with text alternatives (role="img", <title>, <desc>), no JavaScript,
deterministic output (no random ids), CJK-capable font stack. All text is escaped."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from cnm.present.safe import html_text

FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
PALETTE = ("#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#558b2f", "#4e342e")


Formatter = Callable[[float], str]


def _fmt(v: float) -> str:
    if v == 0:
        return "0"  # an axis' origin, not 0.00
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:,.1f}"
    return f"{v:,.2f}"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], chart_id: str) -> str:
    t, d = html_text(title), html_text(desc)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'font-family="{FONT}" font-size="12">'
            f'<title id="{chart_id}-t">{t}</title><desc id="{chart_id}-d">{d}</desc>'
            + "".join(body) + "</svg>")


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, unit: str = "", chart_id: str = "chart",
              maxima: Sequence[float] | None = None, width: int = 640, colour: str = PALETTE[0],
              fmt: Formatter = _fmt) -> str:
    """Horizontal bars, one per (label, value); with `maxima` each bar is drawn against its own
    maximum (e.g. a group's score against its share), the value written after the longer of the
    two. Negative values are drawn red. `fmt` formats the numbers (e.g. counts as integers)."""
    pad = 130 if maxima else 90
    # labels as wide as the widest needs (at most 45 % of the chart), a longer one on two lines
    label_w = min(max([text_width(lbl) for lbl, _ in items] + [110.0]) + 12, width * 0.45)
    lines = [_wrap(lbl, label_w - 12) for lbl, _ in items]
    row = 32 if any(len(ls) > 1 for ls in lines) else 26
    height = 30 + row * max(len(items), 1)
    top = max([abs(v) for _, v in items] + list(maxima or []) + [1e-9])
    plot_w = width - label_w - pad
    body = []
    for i, (label, value) in enumerate(items):
        y = 24 + i * row
        w = abs(value) / top * plot_w
        if maxima:
            mw = maxima[i] / top * plot_w
            body.append(f'<rect x="{label_w}" y="{y}" width="{mw:.1f}" height="16" fill="none" stroke="#999" '
                        f'stroke-dasharray="3 2"/>')
        fill = colour if value >= 0 else "#c62828"
        if len(lines[i]) == 1:
            body.append(f'<text x="{label_w - 6:.1f}" y="{y + 12}" text-anchor="end">{html_text(label)}</text>')
        else:  # two lines centred on the bar
            spans = "".join(f'<tspan x="{label_w - 6:.1f}" y="{y + 6 + 13 * k}">{html_text(part)}</tspan>'
                            for k, part in enumerate(lines[i]))
            body.append(f'<text text-anchor="end">{spans}</text>')
        body.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="16" fill="{fill}"/>')
        tail = f" / {fmt(maxima[i])}" if maxima else ""
        end = max(w, maxima[i] / top * plot_w) if maxima else w
        body.append(f'<text x="{label_w + end + 4:.1f}" y="{y + 12}">{html_text(fmt(value))}{html_text(tail)} '
                    f'{html_text(unit)}</text>')
    desc = "; ".join(f"{lbl}: {fmt(v)}{(' / ' + fmt(maxima[i])) if maxima else ''} {unit}"
                     for i, (lbl, v) in enumerate(items))
    body.insert(0, f'<text x="4" y="14" font-weight="bold">{html_text(title)}</text>')
    return _svg(width, height, title, desc, body, chart_id)


def stacked_bar(segments: Sequence[tuple[str, float]], *, title: str, unit: str = "", chart_id: str = "stack",
                width: int = 640, fmt: Formatter = _fmt) -> str:
    """One horizontal bar split into segments (e.g. gross emissions by source), with a legend.

    Every share is of the net total (the sum of all segments, e.g. gross emissions after a
    recovery), so the shares add up to 100 %: a negative segment (a recovery) has a negative
    share and is drawn as a dashed deduction at the end of the bar of the positive segments."""
    positive = sum(v for _, v in segments if v > 0) or 1e-9
    net = sum(v for _, v in segments)
    plot_w = width - 20
    x = 10.0
    end = 10.0 + (plot_w if any(v > 0 for _, v in segments) else 0.0)  # negatives are deducted from here
    body = [f'<text x="4" y="14" font-weight="bold">{html_text(title)}</text>']
    for i, (_label, v) in enumerate(segments):
        if v > 0:
            w = v / positive * plot_w
            body.append(f'<rect x="{x:.1f}" y="24" width="{w:.1f}" height="22" fill="{PALETTE[i % len(PALETTE)]}"/>')
            x += w
    for _label, v in segments:
        if v < 0:
            w = min(-v / positive * plot_w, end - 10)
            end -= w
            body.append(f'<rect x="{end:.1f}" y="24" width="{w:.1f}" height="22" fill="#ffffff" fill-opacity="0.7" '
                        f'stroke="#c62828" stroke-dasharray="3 2"/>')

    def share(v: float) -> str:
        return f" ({v / net * 100:.1f}%)" if net > 0 else ""

    for i, (label, v) in enumerate(segments):
        y = 64 + i * 18
        swatch = (f'fill="{PALETTE[i % len(PALETTE)]}"' if v >= 0 else
                  'fill="#ffffff" stroke="#c62828" stroke-dasharray="2 1"')
        body.append(f'<rect x="10" y="{y - 10}" width="10" height="10" {swatch}/>')
        body.append(f'<text x="26" y="{y}">{html_text(label)}: {html_text(fmt(v))} {html_text(unit)}'
                    f'{share(v)}</text>')
    desc = "; ".join(f"{lbl}: {fmt(v)} {unit}{share(v)}" for lbl, v in segments)
    return _svg(width, 60 + 18 * len(segments), title, desc, body, chart_id)


def _wrap(text: str, room: float) -> list[str]:
    """`text` on one line if it fits `room` (px), else on two, broken at the space (or, in CJK
    text, the character) nearest the middle."""
    if text_width(text) <= room:
        return [text]
    spaces = [i for i, c in enumerate(text) if c == " "]
    cuts = spaces or list(range(1, len(text)))
    mid = min(cuts, key=lambda i: abs(text_width(text[:i]) - text_width(text) / 2))
    first, rest = text[:mid].rstrip(), text[mid:].lstrip()
    if text_width(first) > room or text_width(rest) > room:  # too long for two balanced lines: fill the
        mid = max((i for i in cuts if text_width(text[:i].rstrip()) <= room), default=1)  # first, cut the
        first, rest = text[:mid].rstrip(), text[mid:].lstrip()  # second with an ellipsis (the chart's
        while text_width(rest) > room and len(rest) > 1:  # description keeps the whole label)
            rest = rest[:-2] + "…"
    return [first, rest]


def text_width(text: str, size: float = 12) -> float:
    """About how wide `text` is drawn at font size `size`: a CJK (wide or full-width) character
    about one em, any other about 0.6 em. Deterministic, no font metrics needed."""
    return sum(size if unicodedata.east_asian_width(c) in ("W", "F") else size * 0.6 for c in text)


def _legend(names: Sequence[str], left: float, right: float, gap: float = 18) -> tuple[list[tuple[float, int]], int]:
    """Legend positions (x, row) of swatch + label items, each as wide as its label (CJK counted
    about twice a Latin character), wrapping to a new row when the next would pass `right`."""
    out, x, row = [], left, 0
    for name in names:
        w = 14 + text_width(name)
        if x > left and x + w > right:
            x, row = left, row + 1
        out.append((x, row))
        x += w + gap
    return out, row + 1


def line_chart(xs: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title: str, unit: str = "",
               chart_id: str = "trend", width: int = 640, height: int = 240, fmt: Formatter = _fmt,
               point_labels: bool = False) -> str:
    """Lines over periods (xs), one per (name, values); None leaves a gap. `point_labels`
    writes each value above its point (readable with few periods and series)."""
    left, right, top_m, bottom = 70, 20, 40, 50
    legend, rows = _legend([name for name, _ in series], left, width - right)
    height += 18 * (rows - 1)  # a legend too long for one line wraps below it
    bottom += 18 * (rows - 1)
    legend = [(x, height - 7 - 18 * (rows - 1 - row)) for x, row in legend]
    vals = [v for _, ys in series for v in ys if v is not None]
    lo, hi = (min([*vals, 0.0]), max([*vals, 1e-9])) if vals else (0.0, 1.0)
    span = (hi - lo) or 1.0
    pw, ph = width - left - right, height - top_m - bottom
    n = max(len(xs) - 1, 1)

    inset = 24  # keeps the first and last period's labels inside the plot

    def px(i: int) -> float:
        return left + inset + (pw - 2 * inset) * i / n

    def py(v: float) -> float:
        return top_m + ph * (1 - (v - lo) / span)

    body = [f'<text x="4" y="14" font-weight="bold">{html_text(title)}</text>',
            f'<line x1="{left}" y1="{top_m + ph}" x2="{left + pw}" y2="{top_m + ph}" stroke="#999"/>',
            f'<line x1="{left}" y1="{top_m}" x2="{left}" y2="{top_m + ph}" stroke="#999"/>',
            f'<text x="{left - 4}" y="{top_m + 4}" text-anchor="end">{html_text(fmt(hi))}</text>',
            f'<text x="{left - 4}" y="{top_m + ph}" text-anchor="end">{html_text(fmt(lo))}</text>',
            f'<text x="4" y="{top_m - 10}" fill="#555">{html_text(unit)}</text>']
    for i, x in enumerate(xs):
        body.append(f'<text x="{px(i):.1f}" y="{top_m + ph + 16}" text-anchor="middle">{html_text(x)}</text>')
    for k, (name, ys) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        pts = [(px(i), py(v)) for i, v in enumerate(ys) if v is not None]
        if len(pts) > 1:
            body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                        + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"/>')
        for a, b in pts:
            body.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"/>')
        if point_labels:
            dy = -7 if k % 2 == 0 else 15  # alternate series label below their points
            body += [f'<text x="{px(i):.1f}" y="{py(v) + dy:.1f}" text-anchor="middle" fill="{colour}">'
                     f'{html_text(fmt(v))}</text>' for i, v in enumerate(ys) if v is not None]
        lx, ly = legend[k]
        body.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>')
        body.append(f'<text x="{lx + 14:.1f}" y="{ly}">{html_text(name)}</text>')
    desc = "; ".join(f"{name}: " + ", ".join(f"{x} {fmt(v) if v is not None else '—'}" for x, v in zip(xs, ys, strict=False))
                     for name, ys in series)
    return _svg(width, height, title, desc + (f" ({unit})" if unit else ""), body, chart_id)
