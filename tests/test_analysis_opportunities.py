"""Scaling opportunities, expertise use, bottlenecks, fragility and explanations."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.analysis.bottlenecks import bottleneck_agenda
from graph.analysis.expertise import expertise, expertise_totals, expertise_use
from graph.analysis.fragility import opportunity_ranking_check, party_ranking_check, ties
from graph.analysis.opportunities import scaling_opportunities
from graph.explain import TOPICS, explanation
from graph.model import Activity, Adoption, Bottleneck, Dataset, Deployment, Lesson, Participation, Party, Question, Theme
from graph.period import Period

P = tuple(Party(id=i, name=i, kind="gemeente") for i in "abcdefg") + (
    Party(id="bzk", name="BZK", kind="ministerie"),
    Party(id="bzk-u", name="BZK unit", kind="ministerie", parent_id="bzk"),
)
THEMES = (Theme(id="wonen", name="W"), Theme(id="azc", name="A", parent_id="wonen"), Theme(id="wind", name="Wi", parent_id="wonen"))


def opp_dataset() -> Dataset:
    return Dataset(
        parties=P,
        themes=THEMES,
        lessons=(Lesson(id="l", title="les", origin_id="a", theme_ids=("azc",)), Lesson(id="p", title="pilot only", origin_id="a", theme_ids=("azc",))),
        adoptions=(
            Adoption(lesson_id="l", party_id="b", stage="geborgd"),
            Adoption(lesson_id="l", party_id="c", stage="toegepast"),
            Adoption(lesson_id="l", party_id="d", stage="interesse"),
            Adoption(lesson_id="p", party_id="b", stage="pilot"),
        ),
        questions=(
            Question(id="qe", party_id="e", title="q", theme_ids=("azc",), priority=3),
            Question(id="qf", party_id="f", title="q", theme_ids=("wonen",), priority=1, status="in_behandeling"),
            Question(id="qg", party_id="g", title="q", theme_ids=("wind",), priority=3),  # sibling: no match
            Question(id="qd", party_id="d", title="q", theme_ids=("azc",)),  # d already took it up
            Question(id="qa", party_id="a", title="q", theme_ids=("azc",)),  # a is the origin
            Question(id="qc", party_id="bzk-u", title="q", theme_ids=("azc",), status="beantwoord"),
        ),
        activities=(Activity(id="x", title="x", date=dt.date(2025, 1, 1)),),
        participations=(Participation(activity_id="x", party_id="e"), Participation(activity_id="x", party_id="b")),
    )


def test_opportunities_candidates_score_and_brokers() -> None:
    found = scaling_opportunities(opp_dataset())
    assert [(o.lesson, o.party) for o in found] == [("l", "e"), ("l", "f")]
    e, f = found
    # e: exact theme 3 + priority 3 + 2 applying + 1 secured + directly tied to adopter b (3) = 12
    assert (e.score, e.distance, e.brokers, e.applied_by) == (12, 1, ("b",), ("b", "c"))
    # f: roll-up 2 + priority 1 + 2 + 1 + unreachable 0 = 6
    assert (f.score, f.distance, f.brokers) == (6, None, ())
    assert sum(r.points for r in e.reasons) == e.score
    assert {r.kind for r in e.reasons} == {"theme", "priority", "spread", "secured", "proximity"}
    assert "qe" in e.sentence and "Score 12" in e.sentence
    assert scaling_opportunities(opp_dataset(), limit=1) == found[:1]


def test_common_neighbour_is_broker() -> None:
    ds = opp_dataset()
    ds = ds.model_copy(update={"participations": (
        Participation(activity_id="x", party_id="e"), Participation(activity_id="x", party_id="g"),
    ), "activities": ds.activities + (Activity(id="y", title="y", date=dt.date(2025, 1, 2)),)})
    ds = ds.model_copy(update={"participations": ds.participations + (
        Participation(activity_id="y", party_id="g"), Participation(activity_id="y", party_id="c"),
    )})
    e = scaling_opportunities(ds)[0]
    assert (e.party, e.distance, e.brokers) == ("e", 2, ("g",))


def test_no_applied_lesson_no_opportunity() -> None:
    assert scaling_opportunities(Dataset()) == []
    ds = opp_dataset()
    ds = ds.model_copy(update={"adoptions": tuple(a for a in ds.adoptions if a.lesson_id == "p")})
    assert scaling_opportunities(ds) == []


def test_expertise_use_by_recipient_theme_month_with_roll_up() -> None:
    ds = Dataset(
        parties=P,
        themes=THEMES,
        questions=(Question(id="q", party_id="a", title="q", theme_ids=("wind",)),),
        deployments=(
            Deployment(id="d1", provider_id="bzk-u", recipient_id="a", theme_ids=("azc", "wind"), start=dt.date(2025, 1, 5), days=2),
            Deployment(id="d2", provider_id="bzk-u", recipient_id="a", question_id="q", start=dt.date(2025, 1, 20), days=1.5),
            Deployment(id="d3", provider_id="bzk", recipient_id="b"),
        ),
    )
    rows = [(r.provider, r.recipient, r.theme, r.month, r.deployments, r.days, r.undated_days) for r in expertise_use(ds)]
    # d1 is on two themes: split evenly, half of it (1 of its 2 days) under each
    assert rows == [
        ("bzk", "b", None, None, 1, 0.0, 1),
        ("bzk-u", "a", "azc", "2025-01", 0.5, 1.0, 0),
        ("bzk-u", "a", "wind", "2025-01", 1.5, 2.5, 0),
    ]
    rolled = [(t.provider, t.deployments, t.days, t.recipients) for t in expertise_totals(ds, roll_up=True)]
    assert rolled == [("bzk", 3, 3.5, ("a", "b"))]
    # the rows add up to the totals: each deployment once
    assert sum(r[4] for r in rows) == 3 and sum(r[5] for r in rows) == 3.5
    use = expertise(ds, provider="bzk")  # a ministry takes its units with it
    assert (use.deployments, use.days, use.undated_days) == (3, 3.5, 1)
    assert [(q.year, q.quarter, q.deployments, q.days) for q in use.quarters] == [(2025, 1, 2, 3.5)]
    assert [(r.recipient, r.deployments, r.days) for r in use.recipients] == [("a", 2, 3.5), ("b", 1, 0.0)]
    assert expertise(ds, provider="bzk-u").deployments == 2


def test_bottleneck_agenda() -> None:
    ds = Dataset(
        parties=P,
        themes=THEMES,
        bottlenecks=(
            Bottleneck(id="b1", title="k", raised_by_id="a", theme_ids=("azc",), addressed_to_id="bzk-u"),
            Bottleneck(id="b2", title="k", raised_by_id="b", theme_ids=("wind",), addressed_to_id="bzk"),
            Bottleneck(id="b3", title="k", raised_by_id="b", status="opgelost"),
        ),
    )
    agenda = bottleneck_agenda(ds)
    assert [(r.theme, r.status, r.addressed_to, r.count) for r in agenda.rows] == [
        ("wonen", "gesignaleerd", "bzk", 2),
        (None, "opgelost", None, 1),
    ]
    assert agenda.open_by_addressee == {"bzk": 2}
    assert (agenda.total, agenda.by_status["opgelost"]) == (3, 1)


def test_ties_and_fragile_rankings() -> None:
    assert ties([("a", 1.0), ("b", 1.0)], top_n=1) == (("a", "b"),)
    assert ties([("a", 2.0), ("b", 1.0)], top_n=1) == ()
    # A chain a -> b -> c with one adoption each: removing one reorders the top.
    ds = Dataset(
        parties=P[:3],
        lessons=(Lesson(id="l1", title="l", origin_id="b"), Lesson(id="l2", title="l", origin_id="c")),
        adoptions=(Adoption(lesson_id="l1", party_id="a"), Adoption(lesson_id="l2", party_id="b")),
    )
    check = party_ranking_check(ds, top_n=2)
    assert check.top == ("c", "b")
    assert not check.stable and check.flips and check.checked == check.candidates == 2
    assert any("leaving out adoption" in n for n in check.notes)
    opp = opportunity_ranking_check(opp_dataset(), top_n=1)
    assert opp.top == ("l|e",) and opp.stable is (not opp.ties and not opp.flips)


def test_period_from_phase_and_contains() -> None:
    from graph.model import Deal, Phase

    ds = Dataset(deals=(Deal(id="tdkk", name="TDKK"),), phases=(Phase(id="f1", deal_id="tdkk", name="1", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)),))
    p = Period.from_phase(ds, "f1")
    assert (p.contains(dt.date(2025, 6, 30)), p.contains(dt.date(2025, 7, 1)), p.contains(None)) == (True, False, True)
    assert p.overlaps(dt.date(2024, 1, 1), dt.date(2025, 1, 1)) and not p.overlaps(dt.date(2025, 7, 1), None)
    with pytest.raises(KeyError, match="unknown phase"):
        Period.from_phase(ds, "f9")
    with pytest.raises(ValueError):
        Period(dt.date(2025, 2, 1), dt.date(2025, 1, 1))


@pytest.mark.parametrize("topic", sorted(TOPICS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_topic_is_explained_in_both_languages(topic: str, lang: str) -> None:
    text = explanation(topic, lang)
    assert len(text) > 200 and "Betekenis" not in text and "Meaning" not in text


@pytest.mark.parametrize(("topic", "number"), [("learning", "0.05"), ("themes", "0.5"), ("spread", "180"), ("fragility", "30")])
def test_explanations_state_the_numbers_of_the_rules(topic: str, number: str) -> None:
    assert number in explanation(topic, "nl") and number in explanation(topic, "en")


def test_for_party_keeps_exactly_that_partys_pairs() -> None:
    from loaders.demo import DEMO_DATASET
    from loaders.reader import read_dataset

    demo = read_dataset(DEMO_DATASET)
    every = scaling_opportunities(demo)
    party = every[0].party
    assert scaling_opportunities(demo, for_party=party) == [o for o in every if o.party == party]
    assert scaling_opportunities(demo, for_party="no-such-party") == []
