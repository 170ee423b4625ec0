"""The report's figures as small, self-contained SVG: bar charts and a network drawing.

Drawn here rather than with plotly because a static plotly export needs a browser
download (kaleido); these need nothing, print sharply, and carry ``<title>`` and
``<desc>`` so a screen reader can say what they show. Colours come from a palette
that stays distinguishable in grey print: every series also differs in lightness.

This module computes the geometry (where each bar, node, arrow and label goes); the
markup comes from the autoescaped templates ``templates/bar_chart.svg.j2`` and
``templates/network.svg.j2`` (:mod:`app.reports.templating`), so a name from the data
is escaped in a figure exactly as in the rest of the report.

The network's positions are those of the app's network page, scaled to the page:
:func:`graph.analysis.layout.network_layout` (igraph's Fruchterman–Reingold, seeded,
isolates in rows below), so the same network is drawn the same way on screen and on
paper, every time. Node sizes show each party's
PageRank as the analysis computed it (:func:`graph.analysis.learning.party_metrics`):
this module never computes a measure itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from app.figures.network import strongest_edges
from app.reports.templating import render
from graph.analysis.layout import CANVAS_HEIGHT, CANVAS_WIDTH, network_layout

__all__ = [
    "NAMED_PARTIES",
    "PALETTE",
    "NetworkFigure",
    "Series",
    "bar_chart",
    "network_drawing",
    "nice_ticks",
    "top_ranked",
]

#: Series colours: dark blue, orange, teal, grey, light blue (differ in lightness too).
PALETTE = ("#1f4e79", "#e07b00", "#2a9d8f", "#8a8a8a", "#9cc3e6")
_HIGHLIGHT = "#b3261e"

#: Names written on a network drawing at most. A network of this many parties has every
#: name on it; a larger one (a national network has some 600) is drawn whole with only
#: the names of the parties with the highest PageRank, as many as fit without overlapping.
NAMED_PARTIES = 40

#: Learning ties drawn with a tooltip (``<title>``) each at most. In a national drawing
#: (15,000 ties) single arrows cannot be pointed at, and the tooltips alone would make the
#: report several megabytes larger; the network table lists every party's ties instead.
_TIE_TOOLTIPS = 600


@dataclass(frozen=True, slots=True)
class Series:
    """One row of bars in a bar chart: a name (for the legend) and a value per label."""

    name: str
    values: tuple[float | None, ...]
    color: str = PALETTE[0]


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters (the last cut with …).

    Examples
    --------
    >>> _wrap("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", 20)
    ['Ministerie van', 'Binnenlandse Zaken…']
    """
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


# --- bar chart ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class _Swatch:
    x: float
    color: str
    name: str


@dataclass(frozen=True, slots=True)
class _Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    tooltip: str
    value: str


@dataclass(frozen=True, slots=True)
class _Group:
    lines: tuple[_Text, ...]
    highlighted: bool
    bars: tuple[_Bar, ...]


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

    Examples
    --------
    >>> svg = bar_chart("f", "Days", "Days per party", ["<A> & B"], [Series("days", (3.0,))])
    >>> "&lt;A&gt; &amp; B" in svg and "<A>" not in svg
    True
    """
    label_w = min(250, max((len(s) for s in labels), default=4) * 6 + 12)
    bar_h, gap = 13, 9
    chars = int((label_w - 10) / 5.8)
    wrapped = max((len(_wrap(s, chars)) for s in labels), default=1)
    group_h = max(bar_h * len(series), 13 * wrapped) + gap
    top = 40 + (18 if len(series) > 1 or highlight_note else 0)
    height = top + group_h * max(len(labels), 1) + 26
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(min_value, max_value if max_value is not None else max(values, default=1) or 1)
    high = ticks[-1]
    plot_w = width - label_w - 60
    scale = plot_w / (high - min_value) if high > min_value else 1
    legend: list[_Swatch] = []
    x = 0.0
    for s in series if len(series) > 1 else ():
        legend.append(_Swatch(x, s.color, s.name))
        x += 15 + len(s.name) * 6.5 + 18
    marked = set(highlight)
    groups: list[_Group] = []
    for gi, label in enumerate(labels):
        y0 = top + gi * group_h
        lines = _wrap(label, chars)
        first = y0 + group_h / 2 + 1 - (len(lines) - 1) * 6.5
        bars = []
        for si, s in enumerate(series):
            value = s.values[gi]
            if value is None:
                continue
            shown = fmt(value)
            bars.append(
                _Bar(
                    x=label_w,
                    y=y0 + si * bar_h,
                    width=max(0.0, (value - min_value) * scale),
                    height=bar_h - 2,
                    color=s.color,
                    tooltip=f"{label} — {s.name}: {shown}",
                    value=shown,
                )
            )
        groups.append(
            _Group(
                lines=tuple(_Text(label_w - 8, first + i * 13, line) for i, line in enumerate(lines)),
                highlighted=label in marked,
                bars=tuple(bars),
            )
        )
    return render(
        "bar_chart.svg.j2",
        ident=ident,
        title=title,
        desc=desc,
        width=width,
        height=height,
        top=top,
        label_w=label_w,
        legend=legend,
        note=_Swatch(x, _HIGHLIGHT, highlight_note) if highlight_note else None,
        ticks=[_Text(label_w + (value - min_value) * scale, height - 8, fmt(value)) for value in ticks],
        groups=groups,
        highlight=_HIGHLIGHT,
    )


# --- network drawing ------------------------------------------------------------------


def top_ranked(rank: Mapping[str, float], limit: int) -> tuple[str, ...]:
    """The ``limit`` ids with the highest ``rank`` (ties by id), highest first.

    Examples
    --------
    >>> top_ranked({"a": 0.1, "b": 0.5, "c": 0.1, "d": 0.3}, 3)
    ('b', 'd', 'a')
    """
    return tuple(sorted(rank, key=lambda node: (-rank[node], node))[:limit])


@dataclass(frozen=True, slots=True)
class _Tie:
    path: str
    width: float
    tooltip: str | None


@dataclass(frozen=True, slots=True)
class _Node:
    x: float
    y: float
    r: float
    color: str
    broker: bool
    tooltip: str


@dataclass(frozen=True, slots=True)
class _Label:
    x: float
    y: float
    anchor: str
    text: str
    leader: tuple[float, float, float, float] | None
    """A thin line from the node's rim to a label set further off, if it is."""


@dataclass(frozen=True, slots=True)
class NetworkFigure:
    """A network drawing and the parties named on it (highest PageRank first)."""

    svg: str
    named: tuple[str, ...]
    ties: int = 0
    """The ties drawn (all of the network's, or its strongest when it has more than asked for)."""


#: Average advance of a character of the 11 px sans-serif labels, for their boxes.
_CHAR_W = 6.2
_LINE_H = 13.0


def _spots(node: _Node, w: float) -> list[tuple[float, float, str, float, bool]]:
    """Where a label of width ``w`` may go around ``node``: (x, baseline y, text-anchor,
    left edge, needs a leader line), nearest first: below, above, right, left, the four
    corners, then the same a little further off (with a leader line)."""
    out = []
    for gap, leader in ((2.0, False), (16.0, True), (34.0, True), (56.0, True)):
        r = node.r + gap
        for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)):
            x = node.x + dx * r * (0.75 if dx and dy else 1)
            y = node.y + dy * r * (0.75 if dx and dy else 1)
            anchor = "middle" if dx == 0 else ("start" if dx > 0 else "end")
            left = x - w / 2 if dx == 0 else (x if dx > 0 else x - w)
            # the baseline: text hangs below a spot under the node, stands on one above it
            base = y + (_LINE_H - 3 if dy > 0 else (-3 if dy < 0 else 4))
            out.append((x, base, anchor, left, leader))
    return out


def _place_labels(
    ranked: Sequence[str],
    nodes: Mapping[str, _Node],
    labels: Mapping[str, str],
    box: tuple[float, float, float, float],
    *,
    most: int,
    all_or_stop: bool,
) -> list[tuple[str, _Label]]:
    """Labels for ``ranked`` (highest PageRank first), each at the first spot around its
    node (:func:`_spots`) that stays inside ``box`` and covers no label placed before.

    With ``all_or_stop`` false every one of ``ranked`` is named (a small network: where no
    spot is free the label goes below its node anyway). With ``all_or_stop`` true naming
    stops at the first party whose name finds no free spot, or after ``most``: so the
    names on the drawing are always those of the best-ranked parties, none overlapping.
    """
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[str, _Label]] = []
    x0, y0, x1, y1 = box
    for node in ranked[:most] if all_or_stop else ranked:
        mark, text = nodes[node], labels.get(node, node)
        w = len(text) * _CHAR_W
        spots = _spots(mark, w)
        chosen = None
        for x, base, anchor, left, leader in spots:
            rect = (left, base - _LINE_H + 3, left + w, base + 3)
            inside = rect[0] >= x0 and rect[2] <= x1 and rect[1] >= y0 and rect[3] <= y1
            if inside and not any(
                p[0] < rect[2] and rect[0] < p[2] and p[1] < rect[3] and rect[1] < p[3] for p in placed
            ):
                chosen = (x, base, anchor, left, leader, rect)
                break
        if chosen is None:
            if all_or_stop:
                break
            x, base, anchor, left, leader = spots[0]
            chosen = (x, base, anchor, left, leader, (left, base - _LINE_H + 3, left + w, base + 3))
        x, base, anchor, left, leader, rect = chosen
        placed.append(rect)
        line = None
        if leader:
            dx, dy = x - mark.x, (base - 4) - mark.y
            dist = math.hypot(dx, dy) or 1
            line = (
                mark.x + dx / dist * mark.r,
                mark.y + dy / dist * mark.r,
                x - dx / dist * 3,
                base - 4 - dy / dist * 3,
            )
        out.append((node, _Label(x, base, anchor, text, line)))
    return out


def network_drawing(
    ident: str,
    g: nx.DiGraph,
    *,
    title: str,
    desc: str,
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    rank: Mapping[str, float],
    most_named: int = NAMED_PARTIES,
    brokers: Sequence[str] = (),
    legend: Sequence[tuple[str, str]] = (),
    broker_label: str = "broker",
    width: int = 680,
    max_ties: int | None = None,
) -> NetworkFigure:
    """The learning network: arrows from learner to source, brokers ringed, isolates apart.

    Every node of ``g`` is drawn, sized by its ``rank`` (the party's PageRank as the
    analysis computed it) and naming itself in its tooltip. A network of at most
    ``most_named`` parties has every name written on it; a larger one only those of the
    best-ranked parties, as many (up to ``most_named``) as fit without overlapping
    (:attr:`NetworkFigure.named` says which). The positions are the app's
    (:func:`graph.analysis.layout.network_layout`), scaled to ``width``: the same
    network is always drawn the same way. With ``max_ties``, a network with more ties
    has only its strongest drawn, as on the app's network page
    (:func:`app.figures.network.strongest_edges`); the positions stay those of the whole network.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"weight": 2}), ("c", "b", {"weight": 1})])
    >>> g.add_node("d")
    >>> rank = {"a": 0.2, "b": 0.5, "c": 0.1, "d": 0.2}
    >>> fig = network_drawing("n", g, title="T", desc="D", labels={"a": "A & co"}, colors={}, rank=rank, most_named=2)
    >>> fig.named, fig.svg.count("<circle"), ">A &amp; co</text>" in fig.svg, ">c</text>" in fig.svg
    (('b', 'a'), 5, True, False)
    """
    nodes_all = sorted(g)
    large = len(nodes_all) > most_named
    # the app's canvas, scaled to the page, below the title and the legend
    scale = (width - 100) / CANVAS_WIDTH
    height = round(60 + CANVAS_HEIGHT * scale + 30)
    layout = network_layout(g)
    pos = {n: (50 + layout[n].x * scale, 60 + layout[n].y * scale) for n in nodes_all}

    # sizes from PageRank; smaller circles when there are many, so they stay apart
    top = max((rank.get(n, 0.0) for n in nodes_all), default=0.0) or 1.0
    shrink = max(0.35, min(1.0, math.sqrt(NAMED_PARTIES / max(len(nodes_all), 1))))
    radius = {n: shrink * (7 + 11 * math.sqrt(max(rank.get(n, 0.0), 0.0) / top)) for n in nodes_all}

    drawn = (
        [(u, v, d.get("weight")) for u, v, d in strongest_edges(g, max_ties)]
        if max_ties is not None and g.number_of_edges() > max_ties
        else list(g.edges(data="weight"))
    )
    heaviest = max((float(w or 1) for _, _, w in drawn), default=1.0)
    ties: list[_Tie] = []
    tooltips = len(drawn) <= _TIE_TOOLTIPS
    # light ties first, so the strong ones are drawn on top
    for u, v, w in sorted(drawn, key=lambda e: (float(e[2] or 1), e[0], e[1])):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1
        # start and stop at the circles' rims; bend two-way ties apart
        sx, sy = x1 + dx / dist * radius[u], y1 + dy / dist * radius[u]
        ex, ey = x2 - dx / dist * (radius[v] + 2), y2 - dy / dist * (radius[v] + 2)
        bend = 14 * shrink if g.has_edge(v, u) else 0
        cx, cy = (sx + ex) / 2 - dy / dist * bend, (sy + ey) / 2 + dx / dist * bend
        ties.append(
            _Tie(
                path=f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}",
                width=shrink * (0.8 + 2.7 * float(w or 1) / heaviest),
                tooltip=f"{labels.get(u, u)} → {labels.get(v, v)}: {w}" if tooltips else None,
            )
        )
    ringed = set(brokers)
    marks = {
        n: _Node(pos[n][0], pos[n][1], radius[n], colors.get(n, PALETTE[3]), n in ringed, labels.get(n, n))
        for n in nodes_all
    }
    ranked = top_ranked({n: rank.get(n, 0.0) for n in nodes_all}, len(nodes_all))
    placed = _place_labels(ranked, marks, labels, (0, 46, width, height), most=most_named, all_or_stop=large)
    legend_items: list[_Swatch] = []
    x = 0.0
    for name, color in legend:
        legend_items.append(_Swatch(x, color, name))
        x += 26 + len(name) * 6.5
    svg = render(
        "network.svg.j2",
        ident=ident,
        title=title,
        desc=desc,
        width=width,
        height=height,
        legend=legend_items,
        broker=_Swatch(x, "#fff", broker_label),
        ties=ties,
        tie_opacity=0.8 if len(drawn) <= 200 else max(0.15, 0.8 * math.sqrt(200 / len(drawn))),
        arrow=9 * max(shrink, 0.6),
        ring=max(shrink, 0.5),
        # big circles last, on top of small ones
        nodes=[marks[n] for n in reversed(ranked)],
        labels=[label for _, label in placed],
    )
    return NetworkFigure(svg, tuple(node for node, _ in placed), len(drawn))
