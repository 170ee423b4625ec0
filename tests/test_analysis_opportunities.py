"""Scaling opportunities, expertise use, bottlenecks, fragility and explanations."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from graph.analysis.bottlenecks import bottleneck_agenda
from graph.analysis.expertise import expertise, expertise_totals, expertise_use
from graph.analysis.fragility import opportunity_ranking_check, party_ranking_check, ties
from graph.analysis.opportunities import Missing, competition_ranks, opportunity_ranking, scaling_opportunities
from graph.explain import TOPICS, explanation
from graph.model import (
    Activity,
    Adoption,
    Bottleneck,
    Dataset,
    Deployment,
    Lesson,
    Participation,
    Party,
    Question,
    Theme,
)
from graph.period import Period

P = tuple(Party(id=i, name=i, kind="gemeente") for i in "abcdefg") + (
    Party(id="bzk", name="BZK", kind="ministerie"),
    Party(id="bzk-u", name="BZK unit", kind="ministerie", parent_id="bzk"),
)
THEMES = (
    Theme(id="wonen", name="W"),
    Theme(id="azc", name="A", parent_id="wonen"),
    Theme(id="wind", name="Wi", parent_id="wonen"),
)


def opp_dataset() -> Dataset:
    return Dataset(
        parties=P,
        themes=THEMES,
        lessons=(
            Lesson(id="l", title="les", origin_id="a", theme_ids=("azc",)),
            Lesson(id="p", title="pilot only", origin_id="a", theme_ids=("azc",)),
        ),
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
    # Changed on purpose with the score (issue 14): was 12 and 6, then 14 and 8.
    # e: fit 2 (exact) + 3 (priority) + 2 peers applying (2 doublings x 2) + 1 peer secured it (1 doubling x 1)
    #    + tied to adopter b 3 = 13
    assert (e.score, e.rank, e.distance, e.brokers, e.applied_by) == (13, 1, 1, ("b",), ("b", "c"))
    assert (e.origin, e.peers, e.others, e.secured_by, e.questions) == ("a", ("b", "c"), (), ("b",), ("qe",))
    # f: fit 1 (roll-up) + 1 (priority) + 4 + 1 + unreachable 0 = 7
    assert (f.score, f.rank, f.distance, f.brokers) == (7, 2, None, ())
    assert sum(r.points for r in e.reasons) == e.score
    assert [(r.kind, r.points) for r in e.reasons] == [
        ("theme", 2),
        ("priority", 3),
        ("spread", 4),
        ("secured", 1),
        ("proximity", 3),
    ]
    assert scaling_opportunities(opp_dataset(), limit=1) == found[:1]


def _fit_dataset() -> Dataset:
    """Lesson ``g`` is applied by two municipalities, ``m`` by three ministries (and nobody secured either).

    ``e`` (municipality) asks two questions on ``azc``, ``f`` (municipality) one, ``bzk-u``'s
    ministry one: every candidate is two steps or more from the adopters (no ties at all).
    """
    parties = P + tuple(Party(id=i, name=i.upper(), kind="ministerie") for i in ("jenv", "szw", "ocw"))
    return Dataset(
        parties=parties,
        themes=THEMES,
        lessons=(
            Lesson(id="g", title="g", origin_id="a", theme_ids=("azc",)),
            Lesson(id="m", title="m", origin_id="jenv", theme_ids=("azc",)),
        ),
        adoptions=(
            Adoption(lesson_id="g", party_id="b", stage="toegepast"),
            Adoption(lesson_id="g", party_id="c", stage="toegepast"),
            *(Adoption(lesson_id="m", party_id=p, stage="toegepast") for p in ("szw", "ocw", "bzk-u")),
        ),
        questions=(
            Question(id="e1", party_id="e", title="q", theme_ids=("azc",), priority=3),
            Question(id="e2", party_id="e", title="q", theme_ids=("wonen",), priority=2),
            Question(id="f1", party_id="f", title="q", theme_ids=("azc",), priority=3),
        ),
    )


def test_fit_to_several_questions_and_peer_spread_discriminate() -> None:
    found = {(o.lesson, o.party): o for o in scaling_opportunities(_fit_dataset())}
    # e: exact p3 (2 + 3) and roll-up p2 (1 + 2) = 8; f: only the exact p3 question = 5
    # g for a municipality: 2 peers x 2 = 4; m for a municipality: 3 ministries, others capped at 2 x 1 = 2
    assert {key: o.score for key, o in found.items()} == {("g", "e"): 12, ("g", "f"): 9, ("m", "e"): 10, ("m", "f"): 7}
    assert found[("g", "e")].fits[0].question == "e1" and [f.points for f in found[("g", "e")].fits] == [5, 3]
    assert (found[("m", "e")].peers, found[("m", "e")].others) == ((), ("bzk", "ocw", "szw"))
    assert [o.rank for o in scaling_opportunities(_fit_dataset())] == [1, 2, 3, 4]


def test_every_fitting_question_counts() -> None:
    ds = _fit_dataset()
    ds = ds.model_copy(
        update={
            "questions": tuple(
                Question(id=f"e{i}", party_id="e", title="q", theme_ids=("azc",), priority=p)
                for i, p in enumerate((1, 3, 2, 3))
            )
        }
    )
    e = next(o for o in scaling_opportunities(ds) if (o.lesson, o.party) == ("g", "e"))
    assert len(e.fits) == 4 and [f.priority for f in e.fits] == [3, 3, 2, 1]
    # the fourth question (priority 1) counts too: with only the best 3, a party asking many
    # urgent questions tied with one asking three (every candidate at national scale)
    assert e.score == (2 + 3) + (2 + 3) + (2 + 2) + (2 + 1) + 4


def _saturating(peers: int, questions: int, secured: int) -> Dataset:
    """Lesson ``l`` of ``o`` applied by ``peers`` municipalities (the first ``secured`` of them
    secured it); municipality ``x`` asks ``questions`` urgent questions on its theme."""
    applied = [f"p{i:02}" for i in range(peers)]
    return Dataset(
        parties=tuple(Party(id=i, name=i, kind="gemeente") for i in ("o", "x", *applied)),
        themes=THEMES,
        lessons=(Lesson(id="l", title="l", origin_id="o", theme_ids=("azc",)),),
        adoptions=tuple(
            Adoption(lesson_id="l", party_id=p, stage="geborgd" if i < secured else "toegepast")
            for i, p in enumerate(applied)
        ),
        questions=tuple(
            Question(id=f"q{i}", party_id="x", title="q", theme_ids=("azc",), priority=3) for i in range(questions)
        ),
    )


@pytest.mark.parametrize(
    ("peers", "questions", "secured", "score"),
    [
        # fit 5 per urgent exact question; spread 2 per doubling of peers; secured 1 per doubling
        (1, 1, 0, 5 + 2),
        (4, 3, 1, 15 + 6 + 1),  # the old ceiling: 3 questions, 4 peers, secured (was 15 + 8 + 2)
        (8, 3, 1, 15 + 8 + 1),  # more peers: the old score tied it with the row above
        (4, 6, 1, 30 + 6 + 1),  # more questions: tied too
        (4, 3, 3, 15 + 6 + 2),  # more peers secured it: tied too
        (150, 3, 40, 15 + 16 + 6),  # 150 peers do not drown the fit: 8 doublings
    ],
)
def test_the_score_keeps_separating_where_the_old_caps_tied(
    peers: int, questions: int, secured: int, score: int
) -> None:
    (found,) = scaling_opportunities(_saturating(peers, questions, secured))
    assert (found.party, found.score, len(found.fits), len(found.peers)) == ("x", score, questions, peers)
    assert sum(r.points for r in found.reasons) == score


def test_ties_share_a_rank_and_a_cut_inside_a_tie_is_counted() -> None:
    ds = _fit_dataset()
    ds = ds.model_copy(
        update={
            "questions": tuple(
                Question(id=f"q{p}", party_id=p, title="q", theme_ids=("azc",), priority=3) for p in "defg"
            )
        }
    )
    whole = opportunity_ranking(ds)
    assert [(o.lesson, o.rank, o.score) for o in whole.opportunities] == [
        ("g", 1, 9),
        ("g", 1, 9),
        ("g", 1, 9),
        ("g", 1, 9),
        ("m", 5, 7),
        ("m", 5, 7),
        ("m", 5, 7),
        ("m", 5, 7),
    ]
    cut = opportunity_ranking(ds, limit=2)
    assert [o.party for o in cut.opportunities] == ["d", "e"] and cut.tied_beyond == 2
    assert opportunity_ranking(ds, limit=4).tied_beyond == 0  # the cut falls between two scores
    assert opportunity_ranking(ds, limit=5).tied_beyond == 3


def test_brokers_origin_first_then_adopters_by_stage() -> None:
    parties = tuple(Party(id=i, name=i, kind="gemeente") for i in ("k", "l", "m", "n", "o", "z"))
    ds = Dataset(
        parties=parties,
        themes=THEMES,
        lessons=(Lesson(id="x", title="x", origin_id="o", theme_ids=("azc",)),),
        adoptions=(
            Adoption(lesson_id="x", party_id="k", stage="interesse"),
            Adoption(lesson_id="x", party_id="l", stage="pilot"),
            Adoption(lesson_id="x", party_id="m", stage="toegepast"),
            Adoption(lesson_id="x", party_id="n", stage="geborgd"),
        ),
        questions=(Question(id="qz", party_id="z", title="q", theme_ids=("azc",)),),
        activities=(Activity(id="meet", title="meet", date=dt.date(2025, 1, 1)),),
        participations=tuple(Participation(activity_id="meet", party_id=p.id) for p in parties),
    )
    (z,) = scaling_opportunities(ds)
    assert z.brokers == ("o", "n", "m", "l", "k")
    assert z.applied_by == ("n", "m") and z.secured_by == ("n",)


def test_without_adoptions_or_questions_there_is_no_ranking_and_it_says_why() -> None:
    assert opportunity_ranking(Dataset()).missing is Missing.ADOPTIONS
    ds = opp_dataset()
    only_pilot = ds.model_copy(update={"adoptions": tuple(a for a in ds.adoptions if a.lesson_id == "p")})
    assert opportunity_ranking(only_pilot).missing is Missing.APPLIED
    no_open = ds.model_copy(update={"questions": tuple(q for q in ds.questions if q.status == "beantwoord")})
    ranking = opportunity_ranking(no_open)
    assert (ranking.missing, ranking.opportunities, ranking.open_questions) == (Missing.QUESTIONS, (), 0)
    fits_nothing = ds.model_copy(
        update={"questions": (Question(id="qg", party_id="g", title="q", theme_ids=("wind",)),)}
    )
    ranking = opportunity_ranking(fits_nothing)
    assert ranking.computable and ranking.opportunities == ()  # a finding, not a gap in the data
    check = opportunity_ranking_check(Dataset())
    assert (check.top, check.ties, check.flips) == ((), (), ())


@pytest.mark.parametrize("limit", [1, 2, 5, 8, 13, 20])
def test_a_limit_keeps_the_best_and_counts_the_rest_of_the_tie(limit: int) -> None:
    from loaders.demo import DEMO_DATASET
    from loaders.reader import read_dataset

    demo = read_dataset(DEMO_DATASET)
    every = opportunity_ranking(demo).opportunities
    cut = opportunity_ranking(demo, limit=limit)
    assert cut.opportunities == every[:limit]
    assert cut.tied_beyond == sum(1 for o in every[limit:] if o.score == every[limit - 1].score)


def test_common_neighbour_is_broker() -> None:
    ds = opp_dataset()
    ds = ds.model_copy(
        update={
            "participations": (
                Participation(activity_id="x", party_id="e"),
                Participation(activity_id="x", party_id="g"),
            ),
            "activities": ds.activities + (Activity(id="y", title="y", date=dt.date(2025, 1, 2)),),
        }
    )
    ds = ds.model_copy(
        update={
            "participations": ds.participations
            + (
                Participation(activity_id="y", party_id="g"),
                Participation(activity_id="y", party_id="c"),
            )
        }
    )
    e = scaling_opportunities(ds)[0]
    assert (e.party, e.distance, e.brokers) == ("e", 2, ("g",))


def test_no_applied_lesson_no_opportunity() -> None:  # kept: the list is empty whatever the reason
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
            Deployment(
                id="d1",
                provider_id="bzk-u",
                recipient_id="a",
                theme_ids=("azc", "wind"),
                start=dt.date(2025, 1, 5),
                days=2,
            ),
            Deployment(
                id="d2", provider_id="bzk-u", recipient_id="a", question_id="q", start=dt.date(2025, 1, 20), days=1.5
            ),
            Deployment(id="d3", provider_id="bzk", recipient_id="b"),
        ),
    )
    rows = [
        (r.provider, r.recipient, r.theme, r.month, r.deployments, r.days, r.undated_days) for r in expertise_use(ds)
    ]
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

    ds = Dataset(
        deals=(Deal(id="tdkk", name="TDKK"),),
        phases=(Phase(id="f1", deal_id="tdkk", name="1", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)),),
    )
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


@pytest.mark.parametrize(
    ("topic", "number"), [("learning", "0.05"), ("themes", "0.5"), ("spread", "180"), ("fragility", "30")]
)
def test_explanations_state_the_numbers_of_the_rules(topic: str, number: str) -> None:
    assert number in explanation(topic, "nl") and number in explanation(topic, "en")


def test_for_party_keeps_exactly_that_partys_pairs() -> None:
    from loaders.demo import DEMO_DATASET
    from loaders.reader import read_dataset

    demo = read_dataset(DEMO_DATASET)
    every = scaling_opportunities(demo)
    party = every[0].party
    mine = scaling_opportunities(demo, for_party=party)
    # The same pairs, scores and parts; the rank is among this party's opportunities.
    assert [replace(o, rank=0) for o in mine] == [replace(o, rank=0) for o in every if o.party == party]
    assert [o.rank for o in mine] == competition_ranks(o.score for o in mine)
    assert scaling_opportunities(demo, for_party="no-such-party") == []


def test_score_parts_say_what_each_rests_on_in_both_languages() -> None:
    from app.opportunity_text import score_parts

    e = scaling_opportunities(opp_dataset())[0]
    assert score_parts(e, "nl") == (
        "thema (vragen: 1) +2; prioriteit +3; verspreiding (zelfde soort: 2, andere: 0) +4; "
        "geborgd (zelfde soort: 1) +1; nabijheid (afstand 1) +3"
    )
    f = scaling_opportunities(opp_dataset())[1]
    assert score_parts(f, "en").endswith("proximity (not connected) +0")
