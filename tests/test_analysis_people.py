"""Person-level metrics (igraph) against networkx on small hand-made data."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
import pytest

from graph.analysis.learning import pagerank, person_coparticipation_network, person_metrics
from graph.model import Activity, Dataset, Participation, Party, Person


def people_dataset(people: int = 30, activities: int = 25, seed: int = 3) -> Dataset:
    rng = random.Random(seed)
    ids = [f"p{i:02d}" for i in range(people)]
    parts = []
    for a in range(activities):
        for pid in rng.sample(ids, rng.randint(2, 5)):
            parts.append(Participation(activity_id=f"a{a}", party_id="org", person_id=pid))
    return Dataset(
        parties=(Party(id="org", name="Org", kind="gemeente"),),
        people=tuple(Person(id=pid, name=pid, party_id="org") for pid in ids),
        activities=tuple(Activity(id=f"a{a}", title="A", date=dt.date(2025, 1, 1)) for a in range(activities)),
        participations=tuple(parts),
    )


def test_person_metrics_match_networkx_on_a_small_network() -> None:
    ds = people_dataset()
    g = person_coparticipation_network(ds)
    found = {m.id: m for m in person_metrics(ds)}
    assert set(found) == set(g)
    exact = nx.betweenness_centrality(g, normalized=True, weight=None)
    for node in g:
        assert found[node].ties == g.degree(node)
        assert found[node].strength == g.degree(node, weight="weight")
        assert found[node].betweenness == pytest.approx(exact[node], abs=1e-6)
    rank = pagerank(g.to_directed())  # the pure-Python reference, both directions of each tie
    for node in g:
        assert found[node].pagerank == pytest.approx(rank[node], abs=2e-6)


def test_person_communities_cover_everyone_and_are_reproducible() -> None:
    ds = people_dataset()
    first = person_metrics(ds)
    assert first == person_metrics(ds)
    sizes: dict[int | None, int] = {}
    for m in first:
        sizes[m.community] = sizes.get(m.community, 0) + 1
    assert None not in sizes
    assert [sizes[c] for c in sorted(sizes)] == sorted(sizes.values(), reverse=True)


def test_sampled_betweenness_is_close_to_exact() -> None:
    ds = people_dataset(people=60, activities=40)
    exact = {m.id: m.betweenness for m in person_metrics(ds)}
    sampled = {m.id: m.betweenness for m in person_metrics(ds, sample=40)}
    top = sorted(exact, key=exact.__getitem__, reverse=True)[:10]
    assert len(set(top) & set(sorted(sampled, key=sampled.__getitem__, reverse=True)[:15])) >= 7
    assert sum(sampled.values()) == pytest.approx(sum(exact.values()), rel=0.35)
