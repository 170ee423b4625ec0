"""The report's figures as small, self-contained SVG: bar charts and a network drawing.

Drawn here rather than with plotly because a static plotly export needs a browser
download (kaleido); these need nothing, print sharply, and carry ``<title>`` and
``<desc>`` so a screen reader can say what they show. Colours come from a palette
that stays distinguishable in grey print: every series also differs in lightness.
"""

from __future__ import annotations

import html
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx

__all__ = ["PALETTE", "Series", "bar_chart", "network_drawing", "nice_ticks", "spring_layout"]

#: Series colours: dark blue, orange, teal, grey, light blue (differ in lightness too).
PALETTE = ("#1f4e79", "#e07b00", "#2a9d8f", "#8a8a8a", "#9cc3e6")
_HIGHLIGHT = "#b3261e"
_FONT = "font-family='Helvetica, Arial, sans-serif'"


@dataclass(frozen=True, slots=True)
class Series:
    """One row of bars in a bar chart: a name (for the legend) and a value per label."""

    name: str
    values: tuple[float | None, ...]
    color: str = PALETTE[0]


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _open(width: float, height: float, title: str, desc: str, ident: str) -> str:
    head = (
        f"<svg role='img' viewBox='0 0 {width:.0f} {height:.0f}' "
        f"width='{width:.0f}' height='{height:.0f}' aria-labelledby='{ident}-t {ident}-d' {_FONT}>"
        f"<title id='{ident}-t'>{_esc(title)}</title><desc id='{ident}-d'>{_esc(desc)}</desc>"
    )
    return head


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters (the last cut with …)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words or any(len(line) > width for line in out):
        out[-1] = (out[-1] + " " + " ".join(words)).strip()
        if len(out[-1]) > width:
            out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def nice_ticks(low: float, high: float, *, most: int = 5) -> list[float]:
    """Round axis ticks from ``low`` up to the first one at or above ``high``.

    Steps are 1, 2, 2.5 or 5 times a power of ten.

    Examples
    --------
    >>> nice_ticks(0, 102)
    [0, 25, 50, 75, 100, 125]
    >>> nice_ticks(1, 5)
    [1, 2, 3, 4, 5]
    """
    span = (high - low) or 1
    power = 10 ** math.floor(math.log10(span / most))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if span / (m * power) <= most)
    ticks, value = [], low
    while True:
        ticks.append(int(value) if float(value).is_integer() else round(value, 6))
        if value >= high - 1e-9:
            return ticks
        value += step


def bar_chart(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    highlight: Sequence[str] = (),
    highlight_note: str | None = None,
    max_value: float | None = None,
    min_value: float = 0,
    width: int = 680,
) -> str:
    """A horizontal (grouped) bar chart as SVG text.

    Parameters
    ----------
    ident
        Unique within the document (several SVGs share the page's id space).
    title, desc
        Said by screen readers; ``title`` is also drawn above the chart.
    labels
        One group of bars per label, top to bottom.
    series
        One bar per series in each group; ``None`` values draw no bar.
    fmt
        Formats the value written at the end of each bar.
    highlight
        Labels drawn in red bold with ``highlight_note`` in the legend (e.g. under-served).
    max_value, min_value
        The axis range (default: 0 to the largest value).
    """
    label_w = min(250, max((len(s) for s in labels), default=4) * 6 + 12)
    bar_h, gap = 13, 9
    wrapped = max((len(_wrap(s, int((label_w - 10) / 5.8))) for s in labels), default=1)
    group_h = max(bar_h * len(series), 13 * wrapped) + gap
    top = 40 + (18 if len(series) > 1 or highlight_note else 0)
    height = top + group_h * max(len(labels), 1) + 26
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(min_value, max_value if max_value is not None else max(values, default=1) or 1)
    high = ticks[-1]
    plot_w = width - label_w - 60
    scale = plot_w / (high - min_value) if high > min_value else 1
    head = _open(width, height, title, desc, ident)
    out = [head, f"<text x='0' y='18' font-size='14' font-weight='bold' fill='#222'>{_esc(title)}</text>"]
    x = 0.0
    for s in series if len(series) > 1 else ():
        out.append(f"<rect x='{x:.0f}' y='{top - 24}' width='11' height='11' fill='{s.color}'/>")
        out.append(f"<text x='{x + 15:.0f}' y='{top - 14}' font-size='11' fill='#333'>{_esc(s.name)}</text>")
        x += 15 + len(s.name) * 6.5 + 18
    if highlight_note:
        out.append(
            f"<text x='{x:.0f}' y='{top - 14}' font-size='11' font-weight='bold' fill='{_HIGHLIGHT}'>"
            f"{_esc(highlight_note)}</text>"
        )
    for value in ticks:
        gx = label_w + (value - min_value) * scale
        out.append(
            f"<line x1='{gx:.1f}' y1='{top - 4}' x2='{gx:.1f}' y2='{height - 22}' stroke='#ddd' stroke-width='1'/>"
            f"<text x='{gx:.1f}' y='{height - 8}' font-size='10' fill='#555' text-anchor='middle'>{_esc(fmt(value))}</text>"
        )
    marked = set(highlight)
    for gi, label in enumerate(labels):
        y0 = top + gi * group_h
        style = f"font-weight='bold' fill='{_HIGHLIGHT}'" if label in marked else "fill='#222'"
        lines = _wrap(label, int((label_w - 10) / 5.8))
        first = y0 + group_h / 2 + 1 - (len(lines) - 1) * 6.5
        spans = "".join(
            f"<tspan x='{label_w - 8:.0f}' y='{first + i * 13:.1f}'>{_esc(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        out.append(
            f"<text font-size='11' text-anchor='end' dominant-baseline='middle' {style}>{spans}</text>"
        )
        for si, s in enumerate(series):
            value = s.values[gi]
            if value is None:
                continue
            y = y0 + si * bar_h
            w = max(0.0, (value - min_value) * scale)
            out.append(
                f"<rect x='{label_w:.0f}' y='{y:.1f}' width='{w:.1f}' height='{bar_h - 2}' fill='{s.color}'>"
                f"<title>{_esc(label)} — {_esc(s.name)}: {_esc(fmt(value))}</title></rect>"
                f"<text x='{label_w + w + 4:.1f}' y='{y + bar_h / 2:.1f}' font-size='10' fill='#333' "
                f"dominant-baseline='middle'>{_esc(fmt(value))}</text>"
            )
    out.append(
        f"<line x1='{label_w:.0f}' y1='{top - 4}' x2='{label_w:.0f}' y2='{height - 22}' stroke='#444'/>"
    )
    out.append("</svg>")
    return "".join(out)


def spring_layout(
    g: nx.Graph, *, seed: int = 7, iterations: int = 300
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions in the unit square, reproducible for a ``seed``.

    The algorithm of :func:`networkx.spring_layout` (weighted attraction ``d² / k``,
    repulsion ``k² / d``, a cooling step), in plain Python: networkx's own needs NumPy,
    which dealnet does not otherwise use. Fine for the few hundred parties of a deal.

    Examples
    --------
    >>> pos = spring_layout(nx.path_graph(["a", "b", "c"]), seed=1)
    >>> pos == spring_layout(nx.path_graph(["a", "b", "c"]), seed=1)
    True
    >>> abs(pos["a"][0] - pos["c"][0]) + abs(pos["a"][1] - pos["c"][1]) > 0.5
    True
    """
    nodes = sorted(g)
    rng = random.Random(seed)
    pos = {n: [rng.random(), rng.random()] for n in nodes}
    if len(nodes) < 2:
        return {n: (0.5, 0.5) for n in nodes}
    k = 1 / math.sqrt(len(nodes))
    step = 0.1
    for _ in range(iterations):
        shift = {n: [0.0, 0.0] for n in nodes}
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                dx, dy = pos[u][0] - pos[v][0], pos[u][1] - pos[v][1]
                d = max(math.hypot(dx, dy), 0.01)
                force = k * k / d
                if g.has_edge(u, v):
                    force -= d * d / k * float(g[u][v].get("weight", 1)) ** 0.5
                fx, fy = dx / d * force, dy / d * force
                shift[u][0] += fx
                shift[u][1] += fy
                shift[v][0] -= fx
                shift[v][1] -= fy
        for n in nodes:
            length = max(math.hypot(*shift[n]), 1e-9)
            move = min(length, step)
            pos[n][0] += shift[n][0] / length * move
            pos[n][1] += shift[n][1] / length * move
        step = max(step * 0.985, 0.002)
    return {n: (p[0], p[1]) for n, p in pos.items()}


def network_drawing(
    ident: str,
    g: nx.DiGraph,
    *,
    title: str,
    desc: str,
    labels: dict[str, str],
    colors: dict[str, str],
    brokers: Sequence[str] = (),
    legend: Sequence[tuple[str, str]] = (),
    broker_label: str = "broker",
    width: int = 680,
    height: int = 520,
    seed: int = 7,
) -> str:
    """The learning network: arrows from learner to source, brokers ringed, isolates apart.

    The layout is :func:`spring_layout` with a fixed ``seed``, so the same network
    is always drawn the same way.
    """
    isolates = sorted(n for n in g if g.degree(n) == 0)
    core = g.subgraph(n for n in g if n not in set(isolates))
    iso_rows = math.ceil(len(isolates) / 6) if isolates else 0
    plot_h = height - 60 - iso_rows * 34
    pos: dict[str, tuple[float, float]] = {}
    if core.number_of_nodes():
        raw = spring_layout(core.to_undirected(), seed=seed)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x = (max(xs) - min(xs)) or 1
        span_y = (max(ys) - min(ys)) or 1
        for node, (px, py) in raw.items():
            pos[node] = (
                70 + (px - min(xs)) / span_x * (width - 140),
                60 + (py - min(ys)) / span_y * (plot_h - 80),
            )
    for i, node in enumerate(isolates):
        pos[node] = (70 + (i % 6) * (width - 140) / 5, plot_h + 10 + (i // 6) * 34)
    weights = dict(g.in_degree(weight="weight"))
    top_w = max(weights.values(), default=1) or 1

    def radius(node: str) -> float:
        return 7 + 11 * math.sqrt(weights.get(node, 0) / top_w)

    head = _open(width, height, title, desc, ident)
    out = [
        head,
        "<defs>"
        f"<marker id='{ident}-arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='9' markerHeight='9' "
        "markerUnits='userSpaceOnUse' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='#777'/></marker></defs>",
        f"<text x='0' y='18' font-size='14' font-weight='bold' fill='#222'>{_esc(title)}</text>",
    ]
    x = 0.0
    for name, color in legend:
        out.append(f"<circle cx='{x + 6:.0f}' cy='36' r='6' fill='{color}'/>")
        out.append(f"<text x='{x + 16:.0f}' y='40' font-size='11' fill='#333'>{_esc(name)}</text>")
        x += 26 + len(name) * 6.5
    out.append(f"<circle cx='{x + 6:.0f}' cy='36' r='6' fill='#fff' stroke='#111' stroke-width='3'/>")
    out.append(f"<text x='{x + 16:.0f}' y='40' font-size='11' fill='#333'>{_esc(broker_label)}</text>")
    for u, v, w in sorted(g.edges(data="weight")):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1
        # start and stop at the circles' rims; bend two-way ties apart
        sx, sy = x1 + dx / dist * radius(u), y1 + dy / dist * radius(u)
        ex, ey = x2 - dx / dist * (radius(v) + 2), y2 - dy / dist * (radius(v) + 2)
        bend = 14 if g.has_edge(v, u) else 0
        cx, cy = (sx + ex) / 2 - dy / dist * bend, (sy + ey) / 2 + dx / dist * bend
        out.append(
            f"<path d='M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}' fill='none' stroke='#999' "
            f"stroke-opacity='0.8' stroke-width='{0.8 + 0.9 * float(w or 1):.1f}' marker-end='url(#{ident}-arrow)'>"
            f"<title>{_esc(labels.get(u, u))} → {_esc(labels.get(v, v))}: {_esc(w)}</title></path>"
        )
    ringed = set(brokers)
    for node in sorted(g):
        nx_, ny_ = pos[node]
        ring = "stroke='#111' stroke-width='3'" if node in ringed else "stroke='#fff' stroke-width='1.5'"
        out.append(
            f"<circle cx='{nx_:.1f}' cy='{ny_:.1f}' r='{radius(node):.1f}' fill='{colors.get(node, PALETTE[3])}' {ring}>"
            f"<title>{_esc(labels.get(node, node))}</title></circle>"
        )
    for node in sorted(g):
        nx_, ny_ = pos[node]
        label = _esc(labels.get(node, node))
        y = ny_ + radius(node) + 12
        out.append(
            f"<text x='{nx_:.1f}' y='{y:.1f}' font-size='11' text-anchor='middle' fill='#111' "
            f"stroke='#fff' stroke-width='3' paint-order='stroke'>{label}</text>"
        )
    out.append("</svg>")
    return "".join(out)
