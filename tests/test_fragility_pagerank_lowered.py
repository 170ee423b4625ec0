"""PageRank with ties lowered, reworked only where they were, gives pagerank()'s floats on the lowered copy.

:class:`graph.analysis.fragility._LeaveOutPagerank` prepares the network's shares once and,
per run, works out again only the out-weights of the parties whose ties were lowered and
the shares reaching whom they learn from. Random networks here cover ties that go, ties
that stay lighter, parties left with no tie (dangling) and pairs that are no tie at all.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis.fragility import _LeaveOutPagerank
from graph.analysis.learning import pagerank


def _lowered_copy(g: nx.DiGraph, lowered: list[tuple[str, str]]) -> nx.DiGraph:
    copy = g.copy()
    for u, v in lowered:
        if copy.has_edge(u, v):
            copy[u][v]["weight"] -= 1
            if copy[u][v]["weight"] <= 0:
                copy.remove_edge(u, v)
    return copy


@pytest.mark.parametrize("seed", range(40))
def test_lowered_ties_give_pageranks_floats(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"p{i}" for i in range(rng.randint(2, 14))]
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for u in nodes:
        for v in nodes:
            if u != v and rng.random() < 0.3:
                g.add_edge(u, v, weight=rng.choice([1, 1, 2, 3]))
    edges = list(g.edges())
    ranker = _LeaveOutPagerank(g)
    assert ranker.scores() == pagerank(g)
    for _ in range(6):
        lowered = [rng.choice(edges) for _ in range(rng.randint(1, 3))] if edges else []
        if rng.random() < 0.3:
            lowered.append((nodes[0], nodes[0]))  # no tie: nothing to lower
        assert ranker.scores(lowered) == pagerank(_lowered_copy(g, lowered)), lowered
    assert ranker.scores() == pagerank(g)  # the runs left the prepared shares as they were


def test_a_party_left_without_ties_spreads_its_rank_evenly() -> None:
    """a's only tie goes (a dangles); b's tie to c gets lighter (b passes more of its rank to a)."""
    g = nx.DiGraph()
    g.add_edge("a", "c", weight=1)
    g.add_edge("b", "c", weight=2)
    g.add_edge("b", "a", weight=1)
    g.add_edge("c", "a", weight=1)
    ranker = _LeaveOutPagerank(g)
    without = ranker.scores([("a", "c")])
    assert without == pagerank(_lowered_copy(g, [("a", "c")]))
    assert without["c"] < ranker.scores()["c"]
    lighter = ranker.scores([("b", "c")])
    assert lighter == pagerank(_lowered_copy(g, [("b", "c")])) and lighter["a"] > ranker.scores()["a"]


@pytest.mark.parametrize("seed", range(20))
def test_reciprocity_from_the_undirected_copy_is_networkxs(seed: int) -> None:
    from graph.analysis.learning import _reciprocity, _undirected

    rng = random.Random(seed)
    g = nx.gnp_random_graph(rng.randint(2, 15), rng.random(), seed=seed, directed=True)
    if rng.random() < 0.3:
        g.add_edge(0, 0)  # a tie to itself: one tie of the undirected copy too
    if g.number_of_edges():
        assert _reciprocity(g.number_of_edges(), _undirected(g)) == nx.reciprocity(g)


def test_the_party_check_on_a_network_given_is_the_check_on_its_own() -> None:
    """The report passes the learning network it shows; the check must rank that very network."""
    from graph.analysis.fragility import party_ranking_check
    from graph.analysis.learning import learning_network
    from loaders.demo import DEMO_DATASET
    from loaders.reader import read_dataset

    data = read_dataset(DEMO_DATASET)
    own = party_ranking_check(data)
    assert own.checked > 0
    assert party_ranking_check(data, network=learning_network(data)) == own
    emptied = learning_network(data).copy()
    emptied.remove_edges_from(list(emptied.edges()))
    assert party_ranking_check(data, network=emptied).top != own.top  # the network given is the one ranked
