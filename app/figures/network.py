"""The learning network as cytoscape elements, its legend, and its matrix table.

Edges in the analysis run ``learner → source``; on screen an arrow runs the way the
knowledge went, from source to learner, which is how people describe it ("Oss
learned from Kampen": an arrow from Kampen to Oss).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import networkx as nx

from app.figures.common import KIND_COLOURS, kind_colour
from app.formatting import format_number
from app.i18n import Lang, t
from app.tables import Table

__all__ = [
    "MAX_DRAWN_EDGES",
    "MAX_MATRIX_PARTIES",
    "METRICS",
    "MIN_NODE_PX",
    "MAX_NODE_PX",
    "network_elements",
    "legend_items",
    "matrix_table",
    "metric_text",
    "node_label",
    "node_sizes",
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


def node_sizes(values: Mapping[str, float]) -> dict[str, float]:
    """Diameters in px, linear in the value between :data:`MIN_NODE_PX` and :data:`MAX_NODE_PX`.

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
        return dict.fromkeys(values, (MIN_NODE_PX + MAX_NODE_PX) / 2)
    span = MAX_NODE_PX - MIN_NODE_PX
    return {k: round(MIN_NODE_PX + span * (v - low) / (high - low), 2) for k, v in values.items()}


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
) -> list[dict[str, Any]]:
    """Cytoscape elements: one node per party (sized, coloured), one edge per tie.

    ``g`` is :func:`graph.analysis.learning.learning_network`'s graph (``learner → source``);
    edges come out ``source → learner``. Beyond ``max_edges`` ties only the strongest are
    drawn (see :func:`strongest_edges`). ``g`` may also be the grouped network of
    :func:`app.figures.aggregate.aggregate_network`: a group node (it has ``parties``)
    keeps its whole name as label and carries ``group`` and its ``centre`` (a party
    id, or ``""``), so a click on it is never taken for a party.
    """
    sizes = node_sizes({n: float(metric_values.get(n, 0.0)) for n in g})
    elements: list[dict[str, Any]] = []
    for node, attrs in sorted(g.nodes(data=True)):
        kind = str(attrs.get("kind", "overig"))
        name = str(attrs.get("name", node))
        data: dict[str, Any] = {
            "id": node,
            "label": name if "parties" in attrs else node_label(node, name),
            "name": name,
            "kind": kind,
            "colour": kind_colour(kind),
            "size": sizes.get(node, MIN_NODE_PX),
        }
        classes = ["selected"] if node == selected else []
        if "parties" in attrs:
            data.update(group=True, parties=int(attrs["parties"]), centre=str(attrs.get("centre") or ""))
            classes.insert(0, "group")
        elements.append({"data": data, "classes": " ".join(classes)})
    for learner, source, attrs in strongest_edges(g, max_edges):
        weight = int(attrs.get("weight", 1))
        elements.append(
            {
                "data": {
                    "id": f"{source}->{learner}",
                    "source": source,
                    "target": learner,
                    "weight": weight,
                    "width": 1.5 + min(weight, 8),
                }
            }
        )
    return elements


def stylesheet() -> list[dict[str, Any]]:
    """The cytoscape style: node colour and size from data, arrows towards the learner.

    Groups of parties (see :mod:`app.figures.aggregate`) have a double border.
    """
    return [
        {
            "selector": "node",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "label": "data(label)",
                "font-size": 13,
                "color": "#1a1a1a",
                "text-valign": "bottom",
                "text-margin-y": 4,
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.85,
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
                "opacity": 0.8,
            },
        },
        {"selector": ".group", "style": {"border-style": "double", "border-width": 4}},
        {"selector": ".selected", "style": {"border-width": 5, "border-color": "#1a1a1a"}},
    ]


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
