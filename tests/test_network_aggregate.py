"""The network drawn as groups of parties beyond a few thousand parties (app.figures.aggregate)."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from app.figures.aggregate import MAX_DRAWN_NODES, aggregate_network, group_of_party, is_group
from app.figures.network import MAX_DRAWN_EDGES
from app.pages.network import network_view, tapped_party

#: (learner, source, weight). Strength: zwolle 5; bzk, kampen, oss 3; x, y 1; z 0.
TIES = [
    ("kampen", "zwolle", 3),
    ("oss", "zwolle", 1),
    ("oss", "bzk", 2),
    ("bzk", "zwolle", 1),
    ("x", "y", 1),
]
PARTIES = {
    "zwolle": ("Zwolle", "gemeente"),
    "kampen": ("Kampen", "gemeente"),
    "oss": ("Oss", "gemeente"),
    "bzk": ("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "ministerie"),
    "x": ("X", "kennisinstelling"),
    "y": ("Y", "kennisinstelling"),
    "z": ("Z", "gemeente"),
}


def small(order: int = 1) -> nx.DiGraph:
    g = nx.DiGraph()
    for party, (name, kind) in list(PARTIES.items())[::order]:
        g.add_node(party, name=name, kind=kind)
    for learner, source, weight in TIES[::order]:
        g.add_edge(learner, source, weight=weight)
    return g


def test_up_to_the_threshold_nothing_is_grouped() -> None:
    g = small()
    assert aggregate_network(g, "nl", max_nodes=7) is g


def test_parties_join_the_nearest_centre_over_their_heaviest_tie() -> None:
    # Centres: zwolle (5), then bzk (3, the smallest id of three at 3). Oss is one step from
    # both and joins bzk, its heavier tie (2 against 1); x, y and z reach no centre.
    agg = aggregate_network(small(), "en", max_nodes=4, max_groups=2)
    groups = {n: (d["name"], d["members"], d["kind"], d["centre"], d["internal"]) for n, d in agg.nodes(data=True)}
    assert groups == {
        "groep:1": ("Group around Zwolle (2 parties)", ("kampen", "zwolle"), "gemeente", "zwolle", 3),
        "groep:2": ("Group around BZK (2 parties)", ("bzk", "oss"), "gemeente", "bzk", 2),
        "groep:3": ("Municipality, apart from the groups (1 party)", ("z",), "gemeente", None, 0),
        "groep:4": (
            "Knowledge institution, apart from the groups (2 parties)",
            ("x", "y"),
            "kennisinstelling",
            None,
            1,
        ),
    }
    # oss → zwolle (1) and bzk → zwolle (1): two ties from BZK's group to Zwolle's.
    assert list(agg.edges(data=True)) == [("groep:2", "groep:1", {"weight": 2, "ties": 2})]
    total = sum(w for *_, w in TIES)
    assert sum(w for *_, w in agg.edges(data="weight")) + sum(i for _, i in agg.nodes(data="internal")) == total
    assert aggregate_network(small(), "nl", max_nodes=4, max_groups=2).nodes["groep:1"]["name"] == (
        "Groep rond Zwolle (2 partijen)"
    )


def test_grouping_does_not_depend_on_insertion_order() -> None:
    forward = aggregate_network(small(), "nl", max_nodes=4, max_groups=2)
    backward = aggregate_network(small(order=-1), "nl", max_nodes=4, max_groups=2)
    assert list(forward.nodes(data=True)) == list(backward.nodes(data=True))
    assert list(forward.edges(data=True)) == list(backward.edges(data=True))


def test_big_groups_are_split_nearest_first() -> None:
    g = nx.DiGraph()
    g.add_node("c", name="Centrum", kind="gemeente")
    g.add_node("far", name="Ver", kind="gemeente")
    for leaf in ("l1", "l2", "l3", "l4"):
        g.add_edge(leaf, "c", weight=1)
    g.add_edge("far", "l1", weight=1)  # two steps from the centre: last
    agg = aggregate_network(g, "nl", max_nodes=1, max_groups=1, max_group_size=2)
    assert [(d["name"], d["members"]) for _, d in agg.nodes(data=True)] == [
        ("Groep rond Centrum (2 partijen)", ("c", "l1")),
        ("Groep rond Centrum, deel 2 (2 partijen)", ("l2", "l3")),
        ("Groep rond Centrum, deel 3 (2 partijen)", ("far", "l4")),
    ]
    assert dict(agg.edges) == {
        ("groep:2", "groep:1"): {"weight": 2, "ties": 2},
        ("groep:3", "groep:1"): {"weight": 2, "ties": 2},
    }


def test_the_drawing_marks_the_group_of_the_chosen_party_and_a_click_on_a_group_is_no_party() -> None:
    elements, caption = network_view(small(), {}, "en", selected="oss", max_nodes=4, max_groups=2)
    nodes = {e["data"]["id"]: e for e in elements if "source" not in e["data"]}
    assert all(is_group(n) for n in nodes) and len(nodes) <= 4
    chosen = [n for n, e in nodes.items() if "selected" in e["classes"]]
    assert chosen == ["groep:2"]
    agg = aggregate_network(small(), "en", max_nodes=4, max_groups=2)
    assert group_of_party(agg, "oss") == "groep:2"
    assert nodes["groep:2"]["classes"] == "group selected"
    for group, element in nodes.items():  # the chosen group's neighbours stand out, the rest fades
        if group != "groep:2":
            near = agg.has_edge(group, "groep:2") or agg.has_edge("groep:2", group)
            assert element["classes"] == ("group neighbour" if near else "group dimmed")
    assert "7 parties are drawn as" in caption and "every party separately" in caption
    for element in nodes.values():
        party = tapped_party(element["data"])
        assert party is None or party in PARTIES
    assert tapped_party(nodes["groep:2"]["data"]) == "bzk"  # the party the group is named after
    assert tapped_party(nodes["groep:4"]["data"]) is None  # apart from the groups: named after no party


def synthetic(parties: int, ties: int, seed: int = 7) -> nx.DiGraph:
    """Clusters of 50 with some long ties to a heavy-tailed few: a national-looking network, bigger."""
    rng = random.Random(seed)
    kinds = ["gemeente"] * 6 + ["ministerie", "kennisinstelling", "maatschappelijke_organisatie", "overig"]
    g = nx.DiGraph()
    for i in range(parties):
        g.add_node(f"p{i:05}", name=f"Partij {i}", kind=rng.choice(kinds))
    drawn: set[tuple[int, int]] = set()  # (g.number_of_edges() walks every node: slow in a loop)
    while len(drawn) < ties:
        u = rng.randrange(parties)
        v = (
            min(parties - 1, (u // 50) * 50 + rng.randrange(50))
            if rng.random() < 0.8
            else int(parties * rng.random() ** 3)
        )
        if u != v:
            drawn.add((u, v))
            g.add_edge(f"p{u:05}", f"p{v:05}", weight=rng.randint(1, 4))
    return g


@pytest.mark.parametrize("lang,said", [("nl", "getekend als"), ("en", "drawn as")])
def test_a_network_beyond_the_threshold_is_drawn_as_a_few_hundred_groups(lang: str, said: str) -> None:
    g = synthetic(MAX_DRAWN_NODES + 1_000, 30_000)
    elements, caption = network_view(g, {}, lang)  # type: ignore[arg-type]
    nodes = [e["data"] for e in elements if "source" not in e["data"]]
    edges = [e["data"] for e in elements if "source" in e["data"]]
    assert 50 <= len(nodes) <= 300 < MAX_DRAWN_NODES
    assert sum(n["parties"] for n in nodes) == g.number_of_nodes()
    assert all(n["group"] and is_group(n["id"]) for n in nodes)
    assert len(edges) == MAX_DRAWN_EDGES
    assert said in caption and ("6.000" if lang == "nl" else "6,000") in caption
    # A network at the threshold is drawn party by party.
    at = synthetic(MAX_DRAWN_NODES, 3_000)
    drawn, plain = network_view(at, {}, lang)  # type: ignore[arg-type]
    assert len([e for e in drawn if "source" not in e["data"]]) == MAX_DRAWN_NODES and said not in plain
