"""The learning network as cytoscape elements, its legend, and its matrix table.

Edges in the analysis run ``learner → source``; on screen an arrow runs the way the
knowledge went, from source to learner, which is how people describe it ("Oss
learned from Kampen": an arrow from Kampen to Oss).

Positions come from the server (:func:`graph.analysis.layout.network_layout`, drawn
with cytoscape's ``preset`` layout), so the same data gives the same picture. Names
are written in full; without hovering, only the names of the most central parties
(by the analysis' PageRank, never recomputed here) are shown, as many as fit without
overlapping (:func:`graph.analysis.layout.unobstructed`), plus the chosen party and
its neighbours. A party's role (source, learner, broker, isolate: the role rule of
:mod:`graph.analysis.learning`) is its shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

import networkx as nx

from app.figures.common import KIND_COLOURS, kind_colour
from app.formatting import format_number
from app.i18n import Lang, t
from app.tables import Table
from graph.analysis.layout import Box, NetworkLayout, unobstructed
from graph.analysis.learning import Role

__all__ = [
    "FONT_PX",
    "MAX_DRAWN_EDGES",
    "MAX_MATRIX_PARTIES",
    "MAX_NODE_PX",
    "METRICS",
    "MIN_NODE_PX",
    "PRESET_LAYOUT",
    "ROLE_SHAPES",
    "label_box",
    "labelled_parties",
    "legend_items",
    "matrix_table",
    "metric_text",
    "network_elements",
    "node_label",
    "node_sizes",
    "placed_labels",
    "role_legend_items",
    "strongest_edges",
    "stylesheet",
]

#: Measures a node's size can follow (attributes of ``PartyMetrics``), default first.
METRICS: Final[tuple[str, ...]] = ("learned_by", "learned_from", "betweenness", "pagerank", "degree")
MIN_NODE_PX: Final = 22
MAX_NODE_PX: Final = 70


def node_label(party_id: str, name: str) -> str:
    """A short label: the name, or for long names a short id (``BZK``) or a cut name.

    Examples
    --------
    >>> node_label("oss", "Oss"), node_label("bzk", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")
    ('Oss', 'BZK')
    """
    if len(name) <= 24:
        return name
    if len(party_id) <= 6:
        return party_id.upper()
    return name[:22] + "…"


def node_sizes(
    values: Mapping[str, float], *, smallest: float = MIN_NODE_PX, largest: float = MAX_NODE_PX
) -> dict[str, float]:
    """Diameters in px, linear in the value between ``smallest`` and ``largest``.

    Examples
    --------
    >>> node_sizes({"a": 0, "b": 5, "c": 10})
    {'a': 22.0, 'b': 46.0, 'c': 70.0}
    >>> node_sizes({"a": 3, "b": 3})
    {'a': 46.0, 'b': 46.0}
    """
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high == low:
        return dict.fromkeys(values, (smallest + largest) / 2)
    span = largest - smallest
    return {k: round(smallest + span * (v - low) / (high - low), 2) for k, v in values.items()}


#: Names in the drawing: this many units high, about this many pixels on screen
#: when the drawing is fitted to a 1440-pixel-wide window (see
#: :data:`graph.analysis.layout.CANVAS_WIDTH`).
FONT_PX: Final = 15
#: Width of an average character of the system sans-serif font, in units of the font
#: size (measured in Chromium: "Eijsden-Margraten" at 14 px is 118 px wide, 0.50 em
#: per character; a margin for wider names).
CHAR_EM: Final = 0.56
#: Names shown beside the chosen party: its neighbours up to this many (more would overlap).
MAX_NEIGHBOUR_LABELS: Final = 12

#: Positions come with the elements; the drawing is fitted to the canvas.
PRESET_LAYOUT: Final[dict[str, Any]] = {"name": "preset", "fit": True, "padding": 24, "animate": False}

#: Shape of a party by its role (the role rule of :mod:`graph.analysis.learning`).
ROLE_SHAPES: Final[dict[str, str]] = {
    Role.SOURCE: "triangle",
    Role.LEARNER: "ellipse",
    Role.BROKER: "diamond",
    Role.ISOLATE: "ellipse",
}


def label_box(x: float, y: float, size: float, name: str, *, font: float = FONT_PX, above: bool = False) -> Box:
    """The room a name takes, centred under (or ``above``) a node of diameter ``size`` at (``x``, ``y``).

    Examples
    --------
    >>> label_box(100, 100, 20, "Oss")
    Box(left=84.4, top=113.0, right=115.6, bottom=132.5)
    >>> label_box(100, 100, 20, "Oss", above=True)
    Box(left=84.4, top=67.5, right=115.6, bottom=87.0)
    """
    width = CHAR_EM * font * len(name) + 6
    height = font * 1.3
    top = y - size / 2 - 3 - height if above else y + size / 2 + 3
    return Box(round(x - width / 2, 2), round(top, 2), round(x + width / 2, 2), round(top + height, 2))


def placed_labels(
    g: nx.DiGraph | nx.Graph,
    layout: NetworkLayout,
    sizes: Mapping[str, float],
    rank: Mapping[str, float],
) -> dict[str, bool]:
    """The parties named without hovering, each with whether its name goes above its node.

    The most central first (``rank``: the analysis' PageRank, ties by id). A name goes
    under its node, or above it when only there it covers no other party's node (in the
    demo "Bureau Regionale Veiligheidsstrategie ..." under its node hid Houten's); it is
    shown when it overlaps no name already shown and no node of a more central party
    (when both places cover a node, it may cover a less central one; ties may cross it).
    """
    order = sorted((n for n in g if n in layout.positions), key=lambda n: (-rank.get(n, 0.0), n))
    radius = {n: sizes.get(n, MIN_NODE_PX) / 2 for n in order}
    nodes = {n: Box(layout[n].x - r, layout[n].y - r, layout[n].x + r, layout[n].y + r) for n, r in radius.items()}
    grid = _NodeGrid(nodes)
    above: dict[str, bool] = {}
    boxes: list[tuple[str, Box]] = []
    for n in order:
        x, y, size, name = layout[n].x, layout[n].y, sizes.get(n, MIN_NODE_PX), str(g.nodes[n].get("name", n))
        below_box, above_box = label_box(x, y, size, name), label_box(x, y, size, name, above=True)
        above[n] = grid.covers(below_box, n) and not grid.covers(above_box, n)
        boxes.append((n, above_box if above[n] else below_box))
    return {n: above[n] for n in unobstructed(boxes, obstacles=nodes)}


def labelled_parties(
    g: nx.DiGraph | nx.Graph,
    layout: NetworkLayout,
    sizes: Mapping[str, float],
    rank: Mapping[str, float],
    *,
    selected: str | None = None,
) -> frozenset[str]:
    """The parties whose names are shown without hovering.

    Those of :func:`placed_labels`, and the ``selected`` party with up to
    :data:`MAX_NEIGHBOUR_LABELS` neighbours.
    """
    shown = set(placed_labels(g, layout, sizes, rank))
    if selected is not None and selected in g:
        neighbours = sorted(set(nx.all_neighbors(g, selected)) if g.is_directed() else set(g[selected]))
        shown.add(selected)
        if len(neighbours) <= MAX_NEIGHBOUR_LABELS:
            shown.update(neighbours)
    return frozenset(shown)


#: Side of the cells of the grid that finds the nodes near a name (drawing units).
_CELL = 120.0


class _NodeGrid:
    """The nodes' boxes in a grid of :data:`_CELL` cells: which nodes a name's box covers, fast.

    Examples
    --------
    >>> grid = _NodeGrid({"a": Box(0, 0, 10, 10), "b": Box(40, 0, 50, 10)})
    >>> grid.covers(Box(-5, 12, 15, 20), "a"), grid.covers(Box(0, 0, 60, 8), "a")
    (False, True)
    """

    def __init__(self, nodes: Mapping[str, Box]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, Box]]] = {}
        for party, node in nodes.items():
            for cell in self._of(node):
                self._cells.setdefault(cell, []).append((party, node))

    @staticmethod
    def _of(box: Box) -> Iterator[tuple[int, int]]:
        for i in range(int(box.left // _CELL), int(box.right // _CELL) + 1):
            for j in range(int(box.top // _CELL), int(box.bottom // _CELL) + 1):
                yield i, j

    def covers(self, box: Box, own: str) -> bool:
        """Whether ``box`` overlaps the node of any party but ``own``."""
        return any(p != own and box.overlaps(node) for cell in self._of(box) for p, node in self._cells.get(cell, ()))


#: Ties drawn at most: a national network has tens of thousands, which no browser
#: draws legibly (or quickly); the strongest are drawn and the caption says so.
MAX_DRAWN_EDGES = 2_000

#: Parties in the on-screen matrix at most (the download holds every party). Dash's
#: renderer is slow with thousands of table cells: on the national network headless
#: Chromium took about 8 s more to show the page with a 40 × 40 matrix than with 20 × 20.
MAX_MATRIX_PARTIES = 20


def strongest_edges(g: nx.DiGraph, limit: int = MAX_DRAWN_EDGES) -> list[tuple[str, str, dict[str, Any]]]:
    """The ``limit`` heaviest ties (ties broken by ids, so the choice is stable), in id order.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 5}), ("c", "a", {"weight": 2})])
    >>> [(u, v) for u, v, _ in strongest_edges(g, 2)]
    [('b', 'c'), ('c', 'a')]
    """
    edges = sorted(g.edges(data=True), key=lambda e: (-int(e[2].get("weight", 1)), e[0], e[1]))
    return sorted(edges[:limit], key=lambda e: (e[0], e[1]))


def network_elements(
    g: nx.DiGraph,
    metric_values: Mapping[str, float],
    *,
    selected: str | None = None,
    max_edges: int = MAX_DRAWN_EDGES,
    layout: NetworkLayout | None = None,
    rank: Mapping[str, float] | None = None,
    roles: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Cytoscape elements: one node per party (placed, sized, coloured, shaped), one edge per tie.

    ``g`` is :func:`graph.analysis.learning.learning_network`'s graph (``learner → source``);
    edges come out ``source → learner``. Beyond ``max_edges`` ties only the strongest are
    drawn (see :func:`strongest_edges`). ``g`` may also be the grouped network of
    :func:`app.figures.aggregate.aggregate_network`: a group node (it has ``parties``)
    carries ``group`` and its ``centre`` (a party id, or ``""``), so a click on it is
    never taken for a party.

    With a ``layout`` every node gets its position, nodes are sized to the room each
    has, and only :func:`labelled_parties` (by ``rank``) carry a ``label``; every node
    keeps its full ``name`` for hovering. Without one every node is labelled. ``roles``
    (party → role) gives each node the class ``role-<role>`` (its shape). With a
    ``selected`` node, it and its neighbours are marked (``selected``, ``neighbour``)
    and every other node and tie is ``dimmed``.
    """
    if layout is not None and len(layout):
        largest = min(float(MAX_NODE_PX), max(12.0, 0.7 * layout.spacing))
        smallest = min(float(MIN_NODE_PX), max(8.0, 0.3 * largest))
    else:
        largest, smallest = float(MAX_NODE_PX), float(MIN_NODE_PX)
    sizes = node_sizes({n: float(metric_values.get(n, 0.0)) for n in g}, smallest=smallest, largest=largest)
    chosen = selected if selected is not None and selected in g else None
    near = set(nx.all_neighbors(g, chosen)) if chosen is not None else set()
    shown = labelled_parties(g, layout, sizes, rank or {}, selected=chosen) if layout is not None else frozenset(g)
    above = placed_labels(g, layout, sizes, rank or {}) if layout is not None else {}
    elements: list[dict[str, Any]] = []
    for node, attrs in sorted(g.nodes(data=True)):
        kind = str(attrs.get("kind", "overig"))
        name = str(attrs.get("name", node))
        data: dict[str, Any] = {
            "id": node,
            "label": name if node in shown else "",
            "name": name,
            "kind": kind,
            "colour": kind_colour(kind),
            "size": sizes.get(node, smallest),
            "valign": "bottom",
            "margin": 3,
        }
        classes = []
        if "parties" in attrs:
            data.update(group=True, parties=int(attrs["parties"]), centre=str(attrs.get("centre") or ""))
            classes.append("group")
        if roles and node in roles:
            data["role"] = roles[node]
            classes.append(f"role-{roles[node]}")
        if chosen is not None:
            classes.append("selected" if node == chosen else "neighbour" if node in near else "dimmed")
        if above.get(node):  # the name above its node (cytoscape's style reads it from the data)
            data.update(valign="top", margin=-3)
        element: dict[str, Any] = {"data": data, "classes": " ".join(classes)}
        if layout is not None and node in layout.positions:
            element["position"] = {"x": layout[node].x, "y": layout[node].y}
        elements.append(element)
    for learner, source, attrs in strongest_edges(g, max_edges):
        weight = int(attrs.get("weight", 1))
        edge: dict[str, Any] = {
            "data": {
                "id": f"{source}->{learner}",
                "source": source,
                "target": learner,
                "weight": weight,
                "width": 1.5 + min(weight, 8),
            }
        }
        if chosen is not None:
            edge["classes"] = "highlighted" if chosen in (source, learner) else "dimmed"
        elements.append(edge)
    return elements


def stylesheet() -> list[dict[str, Any]]:
    """The cytoscape style: colour and size from data, shape from the role, arrows towards the learner.

    Names are shown for labelled nodes, and for any node under the pointer (class
    ``hover``, set by ``app/assets/network.js``). Groups of parties (see
    :mod:`app.figures.aggregate`) have a double border, isolates a dashed one.
    """
    return [
        {
            "selector": "node",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "label": "data(label)",
                "font-size": FONT_PX,
                "color": "#1a1a1a",
                "text-valign": "data(valign)",
                "text-margin-y": "data(margin)",
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.85,
                "text-background-padding": 1,
                "border-width": 1,
                "border-color": "#1a1a1a",
            },
        },
        {
            "selector": "edge",
            "style": {
                "width": "data(width)",
                "line-color": "#8c8c8c",
                "target-arrow-color": "#595959",
                "target-arrow-shape": "triangle",
                "curve-style": "bezier",
                "opacity": 0.6,
            },
        },
        *({"selector": f".role-{role}", "style": {"shape": shape}} for role, shape in ROLE_SHAPES.items()),
        {"selector": f".role-{Role.BROKER}", "style": {"border-width": 3}},
        {"selector": f".role-{Role.ISOLATE}", "style": {"border-style": "dashed", "border-width": 2}},
        {"selector": ".group", "style": {"border-style": "double", "border-width": 4}},
        {"selector": ".dimmed", "style": {"opacity": 0.15}},
        {
            "selector": "edge.highlighted",
            "style": {"line-color": "#1a1a1a", "target-arrow-color": "#1a1a1a", "opacity": 1, "z-index": 9},
        },
        {"selector": ".neighbour", "style": {"border-width": 3, "z-index": 10}},
        {"selector": ".selected", "style": {"border-width": 5, "border-color": "#1a1a1a", "z-index": 11}},
        {
            "selector": "node.hover",
            "style": {"label": "data(name)", "z-index": 12, "opacity": 1, "text-background-opacity": 1},
        },
    ]


#: The legend's text of each role (names its shape and the role rule in a sentence).
_ROLE_TEXTS: Final[dict[str, str]] = {
    Role.SOURCE: "network.role.source",
    Role.LEARNER: "network.role.learner",
    Role.BROKER: "network.role.broker",
    Role.ISOLATE: "network.role.isolate",
}


def role_legend_items(lang: Lang) -> list[tuple[str, str]]:
    """(role, text) for the legend of shapes, in the role rule's order.

    Examples
    --------
    >>> [role for role, _ in role_legend_items("en")]
    ['source', 'learner', 'broker', 'isolate']
    """
    return [(role, t(_ROLE_TEXTS[role], lang)) for role in ROLE_SHAPES]


def legend_items(kinds: Sequence[str], lang: Lang) -> list[tuple[str, str]]:
    """(label, colour) for each party kind present, in the model's order."""
    return [(t(f"kind.{k}", lang), KIND_COLOURS[k]) for k in KIND_COLOURS if k in set(kinds)]


def matrix_table(g: nx.DiGraph, lang: Lang, *, limit: int | None = None) -> Table:
    """Party × party: the cell in row A, column B is how often A learned from B.

    Only parties with at least one tie appear (a matrix of isolates says nothing); with
    ``limit``, only that many, those with the most ties (a 600 × 600 table helps no one
    on screen; the download passes no limit).
    """
    involved = sorted(
        {n for edge in g.edges for n in edge},
        key=lambda n: str(g.nodes[n].get("name", n)),
    )
    caption = t("network.matrix", lang)
    if limit is not None and len(involved) > limit:
        busiest = set(sorted(involved, key=lambda n: (-g.degree(n, weight="weight"), n))[:limit])
        caption += t("network.matrix_top", lang, shown=limit, total=len(involved))
        involved = [n for n in involved if n in busiest]
    names = [node_label(n, str(g.nodes[n].get("name", n))) for n in involved]
    rows = []
    for learner in involved:
        row: list[Any] = [str(g.nodes[learner].get("name", learner))]
        for source in involved:
            data = g.get_edge_data(learner, source)
            row.append(int(data["weight"]) if data else None)
        rows.append(tuple(row))
    return Table(
        caption=caption,
        columns=(t("network.learner", lang), *names),
        rows=tuple(rows),
    )


def metric_text(value: float, metric: str, lang: Lang) -> str:
    """A measure as shown in tables (counts whole, shares with 3 decimals)."""
    if metric in ("betweenness", "pagerank"):
        return format_number(value, lang, decimals=3)
    return format_number(value, lang)
