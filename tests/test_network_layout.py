"""The network's layout (graph/analysis/layout.py): the same network gives the same picture."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graph.analysis.layout import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    Box,
    NetworkLayout,
    Position,
    network_layout,
    unobstructed,
)


def two_clusters() -> nx.DiGraph:
    """Two triangles joined by one tie, and one party without ties."""
    g = nx.DiGraph()
    g.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b1")], weight=2)
    g.add_edge("a1", "b1", weight=1)
    g.add_node("alone")
    return g


def test_two_computations_are_equal_and_the_process_generator_plays_no_part() -> None:
    first = network_layout(two_clusters())
    random.seed(12345)
    random.random()
    second = network_layout(two_clusters())
    assert first == second
    assert dict(first.positions) == dict(second.positions)


def test_the_order_in_which_parties_and_ties_were_added_does_not_matter() -> None:
    g = two_clusters()
    shuffled = nx.DiGraph()
    nodes = list(g.nodes)
    random.Random(3).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    edges = list(g.edges(data=True))
    random.Random(4).shuffle(edges)
    shuffled.add_edges_from(edges)
    assert network_layout(shuffled) == network_layout(g)


def test_every_party_is_placed_on_the_canvas_and_none_on_top_of_another() -> None:
    layout = network_layout(two_clusters())
    assert set(layout.positions) == set(two_clusters())
    for p in layout.positions.values():
        assert 0 <= p.x <= CANVAS_WIDTH and 0 <= p.y <= CANVAS_HEIGHT
    points = list(layout.positions.values())
    closest = min(math.dist((p.x, p.y), (q.x, q.y)) for i, p in enumerate(points) for q in points[i + 1 :])
    assert closest > 20


def test_tied_parties_stand_closer_than_untied_ones_and_the_isolate_below() -> None:
    layout = network_layout(two_clusters())

    def dist(u: str, v: str) -> float:
        return math.dist((layout[u].x, layout[u].y), (layout[v].x, layout[v].y))

    within = max(dist("a2", "a3"), dist("b2", "b3"))
    across = min(dist(a, b) for a in ("a2", "a3") for b in ("b2", "b3"))
    assert within < across
    assert layout["alone"].y > max(p.y for n, p in layout.positions.items() if n != "alone")


def test_a_different_seed_or_network_gives_a_different_layout() -> None:
    assert network_layout(two_clusters(), seed=1) != network_layout(two_clusters(), seed=2)
    g = two_clusters()
    g.add_edge("a2", "b3", weight=5)
    assert network_layout(g) != network_layout(two_clusters())


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        (nx.DiGraph(), {}),
        (nx.DiGraph([("x", "x")]), {"x": Position(CANVAS_WIDTH / 2, CANVAS_HEIGHT / 2)}),
    ],
)
def test_empty_and_self_looped_networks(graph: nx.DiGraph, expected: dict[str, Position]) -> None:
    assert dict(network_layout(graph).positions) == expected


def test_isolates_fill_rows_in_id_order() -> None:
    g = nx.DiGraph()
    g.add_nodes_from(f"p{i:02}" for i in range(40))
    layout = network_layout(g)
    ordered = sorted(layout.positions, key=lambda n: (layout[n].y, layout[n].x))
    assert ordered == sorted(g)  # row by row, left to right, in id order


def test_the_result_is_read_only() -> None:
    layout = network_layout(two_clusters())
    with pytest.raises(TypeError):
        layout.positions["a1"] = Position(0, 0)  # type: ignore[index]
    assert isinstance(layout, NetworkLayout) and len(layout) == 7 and layout.spacing > 0


def test_unobstructed_labels_keep_the_first_and_skip_overlaps() -> None:
    boxes = [
        ("big", Box(0, 0, 100, 20)),
        ("under-big", Box(50, 10, 150, 30)),  # overlaps big: skipped
        ("right", Box(100, 0, 200, 20)),  # touches big: kept
        ("far", Box(0, 100, 100, 120)),
    ]
    assert unobstructed(boxes) == ("big", "right", "far")
    assert unobstructed(boxes, limit=2) == ("big", "right")
    assert unobstructed([]) == ()
