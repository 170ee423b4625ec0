"""The party check's shared PageRank gives exactly the floats of graph.analysis.learning.pagerank, and so the same check."""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx
import pytest

from graph.analysis.filters import scope
from graph.analysis.fragility import RankingCheck, _check, _LeaveOutPagerank, party_ranking_check
from graph.analysis.index import DatasetIndex
from graph.analysis.learning import learning_network, pagerank
from graph.model import Adoption, Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize


def _reference_check(dataset: Dataset, *, top_n: int, units: bool) -> RankingCheck:
    """The party check as it was before: pagerank() on the network with the tie lowered in place."""
    data = scope(dataset)
    index = DatasetIndex.build(data)
    g = learning_network(data, units=units)

    def pair(a: Adoption) -> tuple[str, str] | None:
        p = index.adoption_tie(a, units)
        return p if p is not None and g.has_edge(*p) else None

    by_key = {a.key: a for a in data.adoptions}

    def rank(left_out: Collection[str]) -> list[tuple[str, float]]:
        lowered = [p for key in left_out if (p := pair(by_key[key])) is not None]
        for u, v in lowered:
            g[u][v]["weight"] -= 1
        zero = [(u, v, dict(g[u][v])) for u, v in lowered if g[u][v]["weight"] <= 0]
        g.remove_edges_from((u, v) for u, v, _ in zero)
        try:
            scores = pagerank(g)
        finally:
            g.add_edges_from(zero)
            for u, v in lowered:
                g[u][v]["weight"] += 1
        return sorted(scores.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))

    top = {item for item, _ in rank(())[:top_n]}
    candidates = [a for a in data.adoptions if (p := pair(a)) is not None and top.intersection(p)]
    return _check("parties by PageRank", rank, candidates, top_n, 30)


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    out = {"demo": read_dataset(DEMO_DATASET)}
    folder = tmp_path_factory.mktemp("small-3")
    synthesize("small", 3, folder)
    out["small-3"] = read_dataset(folder)
    return out


@pytest.mark.parametrize("name", ["demo", "small-3"])
@pytest.mark.parametrize("units", [False, True])
def test_the_party_check_equals_the_reference(datasets: dict[str, Dataset], name: str, units: bool) -> None:
    fast = party_ranking_check(datasets[name], units=units)
    assert fast == _reference_check(datasets[name], top_n=5, units=units)
    assert fast.checked > 0


def _without(g: nx.DiGraph, lowered: list[tuple[str, str]]) -> nx.DiGraph:
    copy = g.copy()
    for u, v in lowered:
        copy[u][v]["weight"] -= 1
        if copy[u][v]["weight"] <= 0:
            copy.remove_edge(u, v)
    return copy


def test_the_scores_are_pageranks_floats(datasets: dict[str, Dataset]) -> None:
    g = learning_network(datasets["small-3"])
    ranker = _LeaveOutPagerank(g)
    assert ranker.scores() == pagerank(g)
    light = next((u, v) for u, v, w in g.edges(data="weight") if w == 1)  # a tie that goes
    heavy = next((u, v) for u, v, w in g.edges(data="weight") if w > 2)  # a tie that stays, lighter
    for lowered in ([light], [heavy], [heavy, heavy], [light, heavy]):
        assert ranker.scores(lowered) == pagerank(_without(g, lowered)), lowered


def test_a_small_network_by_hand() -> None:
    """a and b learn from c; without b's single tie, b is dangling and c loses rank."""
    g = nx.DiGraph()
    g.add_edge("a", "c", weight=2)
    g.add_edge("b", "c", weight=1)
    ranker = _LeaveOutPagerank(g)
    full, less = ranker.scores(), ranker.scores([("b", "c")])
    assert full["c"] > less["c"] and full["a"] == full["b"]
    assert abs(sum(less.values()) - 1) < 1e-9
