"""Deals side by side, bridges and the deal filter, on a hand-checked dataset.

The dataset (deals A, B, C)::

    m   ministerie, deal A;  its unit mu lists B, its unit mu2 lists C -> m in A, B, C
    g1  gemeente, A          g2  gemeente, A and B      g3  gemeente, B
    g4  gemeente, C          g5  gemeente, no deal

Co-membership: A = {m, g1, g2}, B = {m, g2, g3}, C = {m, g4}; links m-g1, m-g2 (2 shared
deals), g1-g2, m-g3, g2-g3, m-g4. Shortest paths through a party (5 parties, 6 pairs of
others each): m lies on g4-g1, g4-g2, g4-g3 (only path) and on half of g1-g3 -> 3.5 / 6;
g2 on the other half of g1-g3 -> 0.5 / 6.
Lessons: l1 of g1 adopted by g3 (shares no deal with g1: crosses) and by g2 (shares A);
l2 of g4 adopted by mu (m shares C with g4) and by g5 (in no deal: no crossing).
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from graph.analysis.deals import (
    NO_ADOPTIONS,
    NO_LEARNING_FACTS,
    NO_QUESTIONS,
    comembership_betweenness,
    comembership_network,
    deal_memberships,
    deals_analysis,
)
from graph.deals import check_deals, deal_scope, narrow_to_deals
from graph.model import (
    Activity,
    Adoption,
    Dataset,
    Deal,
    Lesson,
    Participation,
    Party,
    Question,
    Theme,
)

D = dt.date(2025, 3, 1)

DS = Dataset(
    deals=(
        Deal(id="A", name="Deal A", start=dt.date(2024, 1, 1), end=dt.date(2026, 1, 1)),
        Deal(id="B", name="Deal B"),
        Deal(id="C", name="Deal C"),
    ),
    parties=(
        Party(id="m", name="Ministerie", kind="ministerie", deal_ids=("A",)),
        Party(id="mu", name="Unit", kind="ministerie", parent_id="m", deal_ids=("B",)),
        Party(id="mu2", name="Unit 2", kind="ministerie", parent_id="m", deal_ids=("C",)),
        Party(id="g1", name="G1", kind="gemeente", deal_ids=("A",)),
        Party(id="g2", name="G2", kind="gemeente", deal_ids=("A", "B")),
        Party(id="g3", name="G3", kind="gemeente", deal_ids=("B",)),
        Party(id="g4", name="G4", kind="gemeente", deal_ids=("C",)),
        Party(id="g5", name="G5", kind="gemeente"),
    ),
    themes=(Theme(id="t", name="T"),),
    questions=(Question(id="q", party_id="g4", title="Q", theme_ids=("t",), priority=3),),
    activities=(
        Activity(id="act1", title="A1", date=D, deal_id="A"),
        Activity(id="act2", title="no deal", date=D),
    ),
    participations=(
        Participation(activity_id="act1", party_id="g1"),
        Participation(activity_id="act1", party_id="g5"),  # an outsider in a deal's activity
        Participation(activity_id="act2", party_id="g1"),
    ),
    lessons=(Lesson(id="l1", title="L1", origin_id="g1"), Lesson(id="l2", title="L2", origin_id="g4")),
    adoptions=(
        Adoption(lesson_id="l1", party_id="g3"),
        Adoption(lesson_id="l1", party_id="g2"),
        Adoption(lesson_id="l2", party_id="mu"),
        Adoption(lesson_id="l2", party_id="g5"),
    ),
)


def test_memberships_roll_units_up() -> None:
    assert deal_memberships(DS) == {
        "g1": ("A",),
        "g2": ("A", "B"),
        "g3": ("B",),
        "g4": ("C",),
        "m": ("A", "B", "C"),
    }


def test_comembership_weights() -> None:
    g = comembership_network(deal_memberships(DS))
    assert sorted(g) == ["g1", "g2", "g3", "g4", "m"]
    assert g["m"]["g2"]["weight"] == 2
    assert g["m"]["g1"]["weight"] == g["m"]["g4"]["weight"] == 1
    assert not g.has_edge("g1", "g3") and not g.has_edge("g4", "g2")
    assert g.number_of_edges() == 6


def test_bridges_ranked_by_betweenness() -> None:
    result = deals_analysis(DS)
    assert [b.party for b in result.bridges] == ["m", "g2"]
    m, g2 = result.bridges
    assert m.deals == ("A", "B", "C") and m.kind == "ministerie"
    assert m.betweenness == pytest.approx(3.5 / 6)
    assert g2.betweenness == pytest.approx(0.5 / 6)
    assert (result.parties_in_deals, result.parties_without_deal) == (5, 1)
    assert len(result.ties) == 6


def test_cross_deal_ties() -> None:
    result = deals_analysis(DS)
    assert result.cross_deal is not None
    assert [(c.learner, c.source, c.adoptions, c.lessons) for c in result.cross_deal] == [("g3", "g1", 1, ("l1",))]
    assert (result.cross_deal[0].learner_deals, result.cross_deal[0].source_deals) == (("B",), ("A",))
    assert result.not_computable == {}


def test_deal_rows() -> None:
    rows = {r.id: r for r in deals_analysis(DS).deals}
    a, b, c = rows["A"], rows["B"], rows["C"]
    assert a.parties == ("g1", "g2", "m") and a.units == 0 and a.start == dt.date(2024, 1, 1)
    assert (a.activities, a.adoptions, a.learning_ties) == (1, 1, 1)  # g2 adopts l1 of g1
    assert a.under_served is None and a.not_computable == {"under_served": NO_QUESTIONS}
    assert b.parties == ("g2", "g3", "m") and b.units == 1
    assert (b.activities, b.adoptions, b.learning_ties) == (0, 0, None)  # l1's origin g1 is not in B
    assert b.not_computable == {"learning_ties": NO_LEARNING_FACTS, "under_served": NO_QUESTIONS}
    assert c.parties == ("g4", "m") and c.units == 1
    assert (c.adoptions, c.learning_ties, c.under_served) == (1, 1, ("t",))
    assert c.not_computable == {}


def test_chosen_deals_only_choose_rows() -> None:
    result = deals_analysis(DS, deals=("C",))
    assert [r.id for r in result.deals] == ["C"]
    assert [b.party for b in result.bridges] == ["m", "g2"]  # bridges still see every deal


def test_sparse_data_says_not_computable() -> None:
    bare = DS.model_copy(update={"adoptions": (), "lessons": (), "questions": ()})
    result = deals_analysis(bare)
    assert result.cross_deal is None and result.not_computable == {"cross_deal": NO_ADOPTIONS}
    assert all(r.learning_ties is None and r.under_served is None for r in result.deals)
    assert [b.party for b in result.bridges] == ["m", "g2"]  # membership and bridges still shown


def test_no_deals_at_all() -> None:
    result = deals_analysis(Dataset(parties=DS.parties[:1]))
    assert (result.deals, result.bridges, result.ties) == ((), (), ())
    assert (result.parties_in_deals, result.parties_without_deal) == (0, 1)


def test_filter_one_deal() -> None:
    scope = deal_scope(DS, ["B"])
    part = scope.dataset
    assert [d.id for d in part.deals] == ["B"]
    assert [p.id for p in part.parties] == ["m", "mu", "mu2", "g2", "g3"]  # members with all their units
    assert part.activities == () and part.participations == ()
    assert part.lessons == () and part.adoptions == ()
    assert scope.activities_without_deal == 1


def test_filter_drops_outsiders_as_counterparts() -> None:
    part = narrow_to_deals(DS, ["A"])
    assert [a.id for a in part.activities] == ["act1"]
    assert [(p.activity_id, p.party_id) for p in part.participations] == [("act1", "g1")]  # g5 dropped
    assert [(a.lesson_id, a.party_id) for a in part.adoptions] == [("l1", "g2")]  # g3 is not in A
    assert part.questions == ()


def test_filter_several_deals_and_none() -> None:
    part = narrow_to_deals(DS, ["A", "C"])
    assert {p.id for p in part.parties} == {"m", "mu", "mu2", "g1", "g2", "g4"}
    assert [(a.lesson_id, a.party_id) for a in part.adoptions] == [("l1", "g2"), ("l2", "mu")]
    assert narrow_to_deals(DS, []) is DS


def test_unknown_deal_named() -> None:
    with pytest.raises(KeyError, match="unknown deal 'X'; known: A, B, C"):
        check_deals(DS, ["A", "X"])
    with pytest.raises(KeyError):
        deals_analysis(DS, deals=("X",))


@pytest.mark.parametrize(
    "graph",
    [nx.path_graph(5), nx.star_graph(4), nx.karate_club_graph(), nx.barbell_graph(4, 2), nx.empty_graph(3)],
    ids=["path", "star", "karate", "barbell", "empty"],
)
def test_betweenness_equals_networkx(graph: nx.Graph) -> None:
    g = nx.relabel_nodes(graph, {n: f"p{n}" for n in graph})
    expected = nx.betweenness_centrality(g, normalized=True, weight=None)
    assert comembership_betweenness(g) == pytest.approx(expected)
