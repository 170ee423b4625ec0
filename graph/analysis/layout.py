"""Where each party stands in the drawing of a network: a stable, deterministic layout.

The drawing of the learning network must look the same at every visit: a user who
found Zwolle top left yesterday finds it there today, and a screenshot in a memo
matches the screen. So positions are computed here, on the server, once per data
version (the app caches them), and never by the browser.

The rule, written once:

- Parties with at least one tie are placed by igraph's Fruchterman–Reingold (a force
  model: ties pull, every pair of parties pushes apart), on the undirected network
  (a tie in either direction counts; both directions add up), ties pulling with the
  square root of their weight so one heavy tie does not collapse the drawing.
- It starts from positions derived from the parties' ids (a hash, not a random draw)
  and runs with a seeded generator of its own (:data:`LAYOUT_SEED`), so the same
  network always gives the same positions, whatever else the process does.
- Parties without any tie (isolates) stand apart in rows along the bottom, in id
  order: placed by a force model they would drift to the edges and squeeze the rest.
- The result is stretched to fill a canvas of :data:`CANVAS_WIDTH` × :data:`CANVAS_HEIGHT`
  units: a drawing fitted to a screen about that size shows text at its own size.

Which names to show without hovering is :func:`unobstructed`: in order of importance,
each label whose box overlaps none already chosen. Both scale together when the user
zooms, so chosen labels never overlap at any zoom.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import igraph as ig
import networkx as nx

from graph.analysis.seeded import seeded_igraph

__all__ = [
    "CANVAS_HEIGHT",
    "CANVAS_WIDTH",
    "LAYOUT_SEED",
    "Box",
    "NetworkLayout",
    "Position",
    "network_layout",
    "start_position",
    "unobstructed",
]

#: Seed of igraph's random numbers while a layout runs (only used to separate two
#: parties that land on the same spot).
LAYOUT_SEED: Final = 7
#: Fruchterman–Reingold iterations (igraph's default).
ITERATIONS: Final = 500
#: From this many parties on, igraph's grid approximation (its own ``"auto"`` threshold):
#: the exact model is quadratic in the parties per iteration.
GRID_FROM: Final = 1_000
#: The canvas the positions fill, in drawing units. With the names that stick out at
#: its edges it is about the drawing's size in pixels on a 1440-pixel-wide screen (900 ×
#: 680), so that text shows at nearly its own size when the drawing is fitted there
#: (measured in Chromium on the demo: zoom 0.66 with a 1000 × 640 canvas, names of 14
#: units 9 pixels high).
CANVAS_WIDTH: Final = 720.0
CANVAS_HEIGHT: Final = 480.0
#: Room per isolate in the bottom rows, in drawing units.
ISOLATE_STEP: Final = 56.0


@dataclass(frozen=True, slots=True)
class Position:
    """A party's place in the drawing (``y`` grows downwards, as on screen)."""

    x: float
    y: float


@dataclass(frozen=True)
class NetworkLayout:
    """Positions keyed by party id, on a canvas of ``width`` × ``height`` units.

    ``spacing`` is the room per party (the side of the square each would get if the
    canvas were shared evenly): figures size nodes by it.
    """

    positions: Mapping[str, Position]
    width: float
    height: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", MappingProxyType(dict(sorted(self.positions.items()))))

    def __getitem__(self, party: str) -> Position:
        return self.positions[party]

    def __len__(self) -> int:
        return len(self.positions)

    @property
    def spacing(self) -> float:
        """The side of an equal share of the canvas per party."""
        return math.sqrt(self.width * self.height / max(len(self.positions), 1))


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in drawing units (a label's room)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share any area (touching edges do not count).

        Examples
        --------
        >>> Box(0, 0, 10, 10).overlaps(Box(5, 5, 15, 15)), Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
        (True, False)
        """
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def start_position(party: str) -> tuple[float, float]:
    """A party's starting point in the unit square, from a hash of its id (no random draw).

    Examples
    --------
    >>> start_position("zwolle") == start_position("zwolle") != start_position("oss")
    True
    >>> all(0 <= c < 1 for c in start_position("zwolle"))
    True
    """
    digest = hashlib.blake2b(party.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest[:4], "big") / 2**32, int.from_bytes(digest[4:], "big") / 2**32


def _ties(g: nx.Graph | nx.DiGraph, index: Mapping[str, int]) -> dict[tuple[int, int], float]:
    """Undirected ties between ``index``'s parties, both directions' weights added."""
    ties: dict[tuple[int, int], float] = {}
    for u, v, w in g.edges(data="weight", default=1):
        if u == v:
            continue
        key = (min(index[u], index[v]), max(index[u], index[v]))
        ties[key] = ties.get(key, 0.0) + float(w)
    return ties


def _force(nodes: Sequence[str], ties: Mapping[tuple[int, int], float], seed: int) -> list[tuple[float, float]]:
    """Fruchterman–Reingold positions of ``nodes`` (indexed as in ``ties``), deterministic."""
    edges = sorted(ties)
    graph = ig.Graph(n=len(nodes), edges=edges)
    side = math.sqrt(len(nodes))
    start = [[x * side, y * side] for x, y in (start_position(n) for n in nodes)]
    with seeded_igraph(seed):
        layout = graph.layout_fruchterman_reingold(
            weights=[math.sqrt(max(ties[e], 0.0)) for e in edges] or None,
            niter=ITERATIONS,
            seed=start,
            grid="grid" if len(nodes) >= GRID_FROM else "nogrid",
        )
    return [(float(x), float(y)) for x, y in layout.coords]


def _fill(points: Sequence[tuple[float, float]], width: float, height: float) -> list[tuple[float, float]]:
    """``points`` stretched to fill ``width`` × ``height`` (a single point: the centre)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    return [
        (
            round((x - min(xs)) / span_x * width, 2) if span_x else width / 2,
            round((y - min(ys)) / span_y * height, 2) if span_y else height / 2,
        )
        for x, y in points
    ]


def network_layout(
    g: nx.Graph | nx.DiGraph,
    *,
    seed: int = LAYOUT_SEED,
    width: float = CANVAS_WIDTH,
    height: float = CANVAS_HEIGHT,
) -> NetworkLayout:
    """The positions of ``g``'s nodes: the same network always gives the same layout.

    See the module docstring for the rule. Node ids are taken as strings; edge
    attribute ``weight`` (default 1) is how strongly a tie pulls.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> g.add_node("alone")
    >>> layout = network_layout(g)
    >>> layout == network_layout(g.copy())
    True
    >>> sorted(layout.positions)
    ['a', 'alone', 'b', 'c']
    >>> layout["alone"].y > max(layout[n].y for n in "abc")  # isolates stand apart below
    True
    """
    nodes = sorted(str(n) for n in g)
    if not nodes:
        return NetworkLayout(positions={}, width=width, height=height)
    linked = sorted({str(n) for edge in g.edges for n in edge if edge[0] != edge[1]})
    alone = [n for n in nodes if n not in set(linked)]
    per_row = max(1, int(width // ISOLATE_STEP))
    rows = math.ceil(len(alone) / per_row)
    band = min(rows * ISOLATE_STEP, height / 2) if linked else height
    positions: dict[str, Position] = {}
    if linked:
        index = {n: i for i, n in enumerate(linked)}
        relabelled = nx.relabel_nodes(g, {n: str(n) for n in g}, copy=True).subgraph(linked)
        points = _force(linked, _ties(relabelled, index), seed) if len(linked) > 1 else [(0.0, 0.0)]
        for party, (x, y) in zip(linked, _fill(points, width, height - band), strict=True):
            positions[party] = Position(x, y)
    row_height = band / max(rows, 1)
    for i, party in enumerate(alone):
        row, column = divmod(i, per_row)
        in_row = min(per_row, len(alone) - row * per_row)
        step = width / in_row
        top = height - band if linked else 0.0
        positions[party] = Position(round(step * (column + 0.5), 2), round(top + row_height * (row + 0.5), 2))
    return NetworkLayout(positions=positions, width=width, height=height)


#: Side of the cells of the spatial index of :func:`unobstructed`, in drawing units.
_CELL: Final = 64.0


def _cells(box: Box) -> Iterable[tuple[int, int]]:
    for i in range(int(box.left // _CELL), int(box.right // _CELL) + 1):
        for j in range(int(box.top // _CELL), int(box.bottom // _CELL) + 1):
            yield i, j


def unobstructed(
    boxes: Iterable[tuple[str, Box]],
    *,
    limit: int | None = None,
    obstacles: Mapping[str, Box] | None = None,
) -> tuple[str, ...]:
    """The ids whose boxes overlap no box chosen before them, nor the obstacle of an id before them.

    Give the boxes most important first: each is kept when it overlaps no box already
    kept and no obstacle (a node) of an id that came before it, until ``limit`` are
    kept. So a name never hides a more important party's node, nor another name; it
    may lie over a less important party's node.

    Examples
    --------
    >>> unobstructed([("a", Box(0, 0, 10, 10)), ("b", Box(5, 5, 15, 15)), ("c", Box(10, 0, 20, 5))])
    ('a', 'c')
    >>> unobstructed([("a", Box(0, 0, 1, 1)), ("b", Box(2, 2, 3, 3))], limit=1)
    ('a',)
    >>> nodes = {"a": Box(4, 6, 6, 9), "b": Box(4, 0, 6, 1)}
    >>> unobstructed([("a", Box(0, 0, 10, 2)), ("b", Box(0, 5, 10, 7))], obstacles=nodes)
    ('a',)
    """
    obstacles = obstacles or {}
    index: dict[tuple[int, int], list[Box]] = {}

    def block(box: Box) -> None:
        for cell in _cells(box):
            index.setdefault(cell, []).append(box)

    kept: list[str] = []
    for party, box in boxes:
        if limit is not None and len(kept) >= limit:
            break
        if not any(box.overlaps(other) for cell in _cells(box) for other in index.get(cell, ())):
            kept.append(party)
            block(box)
        if party in obstacles:
            block(obstacles[party])
    return tuple(kept)
