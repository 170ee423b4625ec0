"""The learning network and its measures, on tiny hand-checked datasets."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from graph.analysis.learning import (
    coparticipation_network,
    learning_network,
    network_metrics,
    pagerank,
    party_metrics,
    person_coparticipation_network,
)
from graph.model import Activity, Adoption, Dataset, Deployment, Lesson, Participation, Party, Person, Theme
from graph.period import Period


def party(pid: str, kind: str = "gemeente", parent: str | None = None) -> Party:
    return Party(id=pid, name=pid.upper(), kind=kind, parent_id=parent)


def adoptions(pairs: list[tuple[str, str]], day: dt.date | None = None) -> dict[str, tuple]:
    """One lesson per (learner, source) pair, originating at the source."""
    lessons = tuple(Lesson(id=f"l{i}", title="les", origin_id=s, theme_ids=("t",)) for i, (_, s) in enumerate(pairs))
    adopted = tuple(Adoption(lesson_id=f"l{i}", party_id=lr, date=day) for i, (lr, _) in enumerate(pairs))
    return {"lessons": lessons, "adoptions": adopted, "themes": (Theme(id="t", name="T"),)}


def dataset(ids: str, pairs: list[tuple[str, str]], **extra: object) -> Dataset:
    return Dataset(parties=tuple(party(i) for i in ids), **adoptions(pairs), **extra)


STAR = dataset("habcd", [("a", "h"), ("b", "h"), ("c", "h"), ("d", "h")])  # everyone learns from h
CHAIN = dataset("abc", [("a", "b"), ("b", "c")])  # a learns from b, b from c


def roles(ds: Dataset) -> dict[str, str]:
    return {m.id: m.role for m in party_metrics(learning_network(ds))}


def test_empty_dataset() -> None:
    g = learning_network(Dataset())
    assert g.number_of_nodes() == 0
    assert party_metrics(g) == []
    m = network_metrics(g, Dataset())
    assert (m.parties, m.ties, m.density, m.reciprocity, m.components, m.communities) == (0, 0, 0.0, 0.0, 0, ())


def test_single_party_is_isolate() -> None:
    (m,) = party_metrics(learning_network(dataset("a", [])))
    assert (m.id, m.role, m.learned_from, m.learned_by, m.pagerank) == ("a", "isolate", 0, 0, 1.0)


@pytest.mark.parametrize(
    ("ds", "expected"),
    [
        (STAR, {"h": "source", "a": "learner", "b": "learner", "c": "learner", "d": "learner"}),
        (CHAIN, {"a": "learner", "b": "broker", "c": "source"}),
        (dataset("abz", [("a", "b")]), {"a": "learner", "b": "source", "z": "isolate"}),
        (dataset("ab", [("a", "b"), ("b", "a")]), {"a": "learner", "b": "learner"}),  # a tie goes to learner
    ],
)
def test_role_rule(ds: Dataset, expected: dict[str, str]) -> None:
    assert roles(ds) == expected


def test_star_strengths_and_pagerank() -> None:
    metrics = {m.id: m for m in party_metrics(learning_network(STAR))}
    assert (metrics["h"].learned_by, metrics["h"].learners, metrics["h"].learned_from) == (4, 4, 0)
    assert (metrics["a"].learned_from, metrics["a"].sources) == (1, 1)
    assert party_metrics(learning_network(STAR))[0].id == "h"  # highest PageRank first
    assert metrics["a"].pagerank == metrics["b"].pagerank < metrics["h"].pagerank


def test_chain_betweenness_by_hand() -> None:
    metrics = {m.id: m for m in party_metrics(learning_network(CHAIN))}
    # One of the (3-1)(3-2) = 2 ordered pairs of others (a -> c) runs through b.
    assert metrics["b"].betweenness == 0.5
    assert metrics["a"].betweenness == metrics["c"].betweenness == 0.0


@pytest.mark.parametrize(
    "g",
    [nx.path_graph(5, create_using=nx.DiGraph), nx.star_graph(4).to_directed(), nx.karate_club_graph().to_directed()],
)
def test_pagerank_matches_power_iteration_fixed_point(g: nx.DiGraph) -> None:
    nx.set_edge_attributes(g, 1, "weight")
    rank = pagerank(g)
    assert sum(rank.values()) == pytest.approx(1.0)
    n, alpha = len(g), 0.85
    out = dict(g.out_degree(weight="weight"))
    dangling = sum(rank[u] for u in g if out[u] == 0)
    for v in g:  # the PageRank equation holds at the result
        inflow = sum(rank[u] / out[u] for u in g.predecessors(v))
        assert rank[v] == pytest.approx((1 - alpha) / n + alpha * (inflow + dangling / n), abs=1e-8)


def test_edges_count_adoptions_and_deployments_and_skip_self_learning() -> None:
    ds = Dataset(
        parties=(party("a"), party("szw", "ministerie"), party("szw-ess", "ministerie", parent="szw")),
        lessons=(Lesson(id="l", title="les", origin_id="szw-ess"), Lesson(id="own", title="les", origin_id="szw")),
        adoptions=(Adoption(lesson_id="l", party_id="a"), Adoption(lesson_id="own", party_id="szw-ess")),
        deployments=(
            Deployment(id="d1", provider_id="szw-ess", recipient_id="a"),
            Deployment(id="d2", provider_id="szw-ess", recipient_id="szw"),
        ),
    )
    g = learning_network(ds)
    assert sorted(g.nodes) == ["a", "szw"]
    assert list(g.edges(data=True)) == [
        ("a", "szw", {"weight": 2, "adoptions": 1, "deployments": 1, "lessons": ("l",)})
    ]
    units = learning_network(ds, units=True)
    assert sorted(units.edges(data="weight")) == [("a", "szw-ess", 2), ("szw", "szw-ess", 1), ("szw-ess", "szw", 1)]


def test_network_metrics_and_rijk_balance() -> None:
    ds = Dataset(
        parties=(party("a"), party("b"), party("bzk", "ministerie"), party("bzk-u", "ministerie", parent="bzk")),
        **adoptions([("a", "b"), ("b", "a"), ("bzk-u", "a"), ("a", "bzk"), ("b", "bzk")]),
    )
    g = learning_network(ds)
    m = network_metrics(g, ds)
    assert (m.parties, m.ties, m.total_weight) == (3, 5, 5)
    assert m.density == pytest.approx(5 / 6, abs=1e-6)
    assert m.reciprocity == pytest.approx(4 / 5)  # a<->b and a<->bzk answered, b->bzk not
    assert (m.components, m.largest_component) == (1, 3)
    assert (m.rijk_learns_from_gemeenten, m.gemeenten_learn_from_rijk, m.rijk_balance) == (1, 2, -1)


def test_communities_are_deterministic_and_split_two_cliques() -> None:
    pairs = [(x, y) for x in "abc" for y in "abc" if x != y] + [(x, y) for x in "xyz" for y in "xyz" if x != y]
    ds = dataset("abcxyz", pairs + [("a", "x")])
    first = network_metrics(learning_network(ds), ds).communities
    assert first == (("a", "b", "c"), ("x", "y", "z"))
    assert all(network_metrics(learning_network(ds), ds).communities == first for _ in range(3))


def test_period_filters_dated_adoptions_but_keeps_undated() -> None:
    early, late = dt.date(2024, 1, 1), dt.date(2025, 6, 1)
    ds = Dataset(
        parties=(party("a"), party("b"), party("c")),
        lessons=(Lesson(id="l", title="les", origin_id="c"),),
        adoptions=(
            Adoption(lesson_id="l", party_id="a", date=early),
            Adoption(lesson_id="l", party_id="b", date=late),
        ),
        deployments=(Deployment(id="d", provider_id="a", recipient_id="b"),),
    )
    g = learning_network(ds, period=Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert sorted(g.edges) == [("b", "a"), ("b", "c")]  # undated deployment stays


def test_theme_filter_includes_sub_themes() -> None:
    ds = Dataset(
        parties=(party("a"), party("b"), party("c")),
        themes=(
            Theme(id="wonen", name="Wonen"),
            Theme(id="azc", name="AZC", parent_id="wonen"),
            Theme(id="x", name="X"),
        ),
        lessons=(
            Lesson(id="l1", title="les", origin_id="b", theme_ids=("azc",)),
            Lesson(id="l2", title="les", origin_id="c", theme_ids=("x",)),
        ),
        adoptions=(Adoption(lesson_id="l1", party_id="a"), Adoption(lesson_id="l2", party_id="a")),
    )
    assert list(learning_network(ds, theme="wonen").edges) == [("a", "b")]
    with pytest.raises(KeyError, match="unknown theme"):
        learning_network(ds, theme="nope")


def test_kinds_filter() -> None:
    ds = Dataset(parties=(party("a"), party("b"), party("bzk", "ministerie")), **adoptions([("a", "b"), ("a", "bzk")]))
    assert list(learning_network(ds, kinds=["gemeente"]).edges) == [("a", "b")]


def test_coparticipation_weights_shared_activities() -> None:
    day = dt.date(2025, 1, 1)
    ds = Dataset(
        parties=(party("a"), party("b"), party("c"), party("c-u", parent="c")),
        people=(Person(id="p1", name="P1", party_id="a"), Person(id="p2", name="P2", party_id="b")),
        activities=(Activity(id="x", title="X", date=day), Activity(id="y", title="Y", date=day)),
        participations=(
            Participation(activity_id="x", party_id="a", person_id="p1"),
            Participation(activity_id="x", party_id="b", person_id="p2"),
            Participation(activity_id="x", party_id="c-u"),
            Participation(activity_id="y", party_id="a"),
            Participation(activity_id="y", party_id="b"),
        ),
    )
    assert sorted(coparticipation_network(ds).edges(data="weight")) == [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]
    assert sorted(coparticipation_network(ds, units=True).edges(data="weight"))[1] == ("a", "c-u", 1)
    people = person_coparticipation_network(ds)
    assert list(people.edges(data="weight")) == [("p1", "p2", 1)]
    assert people.nodes["p1"]["party"] == "a"
