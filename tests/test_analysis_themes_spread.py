"""Theme coverage and practice spread, on hand-checked datasets."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.analysis.spread import STALLED_AFTER_DAYS, practice_spread
from graph.analysis.themes import UNDER_SERVED_MIN_DEMAND, UNDER_SERVED_RATIO, theme_coverage
from graph.model import Activity, Adoption, Dataset, Deployment, Lesson, Party, Question, Theme

P = tuple(Party(id=i, name=i, kind="gemeente") for i in "abcdef")
THEMES = (
    Theme(id="wonen", name="Wonen"),
    Theme(id="azc", name="AZC", parent_id="wonen"),
    Theme(id="wind", name="Wind", parent_id="wonen"),
    Theme(id="zorg", name="Zorg"),
)
D = dt.date(2025, 1, 1)


def test_empty_coverage() -> None:
    cov = theme_coverage(Dataset())
    assert cov.themes == () and cov.unanswered == ()


def test_demand_supply_roll_up_and_rule() -> None:
    ds = Dataset(
        parties=P,
        themes=THEMES,
        questions=(
            Question(id="q1", party_id="a", title="q", theme_ids=("azc",), priority=3),
            Question(id="q2", party_id="b", title="q", theme_ids=("azc", "wind"), priority=2),
            Question(id="q3", party_id="c", title="q", theme_ids=("zorg",), priority=1),
            Question(id="q4", party_id="d", title="q", theme_ids=("wind",), status="beantwoord"),
        ),
        deployments=(Deployment(id="d1", provider_id="e", recipient_id="a", theme_ids=("wind",)),),
        activities=(Activity(id="x", title="x", date=D, theme_ids=("wind",)),),
    )
    rows = {r.id: r for r in theme_coverage(ds).themes}
    # wonen: q1 (3) + q2 (2, once although on two sub-themes) + q4 (2) = 7; supply 2.
    assert (rows["wonen"].demand, rows["wonen"].questions, rows["wonen"].supply) == (7, 3, 2)
    assert rows["wonen"].under_served  # 2/7 < 0.5
    assert (rows["azc"].demand, rows["azc"].supply, rows["azc"].under_served) == (5, 0, True)
    assert (rows["wind"].demand, rows["wind"].supply, rows["wind"].ratio, rows["wind"].under_served) == (
        4,
        2,
        0.5,
        False,
    )
    assert (rows["zorg"].demand, rows["zorg"].under_served) == (1, False)  # below the minimum demand
    unanswered = theme_coverage(ds).unanswered
    assert [q.id for q in unanswered] == ["q1", "q3"]  # q2 has supply on wind, q4 is answered


@pytest.mark.parametrize(
    ("demand_priorities", "supply", "under"),
    [((2,), 0, True), ((1,), 0, False), ((2, 2), 1, True), ((2, 2), 2, False), ((3, 3), 2, True), ((3, 3), 3, False)],
)
def test_under_served_rule_table(demand_priorities: tuple[int, ...], supply: int, under: bool) -> None:
    ds = Dataset(
        parties=P,
        themes=(Theme(id="t", name="T"),),
        questions=tuple(
            Question(id=f"q{i}", party_id="a", title="q", theme_ids=("t",), priority=p)
            for i, p in enumerate(demand_priorities)
        ),
        lessons=tuple(Lesson(id=f"l{i}", title="l", origin_id="b", theme_ids=("t",)) for i in range(supply)),
    )
    (row,) = theme_coverage(ds).themes
    assert row.under_served is under
    assert under == (row.demand >= UNDER_SERVED_MIN_DEMAND and row.supply / row.demand < UNDER_SERVED_RATIO)


def test_question_answered_by_deployment_is_not_unanswered() -> None:
    ds = Dataset(
        parties=P,
        questions=(Question(id="q", party_id="a", title="q"),),
        deployments=(Deployment(id="d", provider_id="b", recipient_id="a", question_id="q"),),
    )
    assert theme_coverage(ds).unanswered == ()


def spread_dataset() -> Dataset:
    return Dataset(
        parties=P,
        activities=(Activity(id="sessie", title="s", date=D, organiser_id="b"),),
        deployments=(Deployment(id="inzet", provider_id="f", recipient_id="d"),),
        lessons=(
            Lesson(id="l", title="les", origin_id="a", date=D),
            Lesson(id="stuck", title="les", origin_id="a", date=D),
            Lesson(id="fresh", title="les", origin_id="a", date=dt.date(2025, 12, 1)),
        ),
        adoptions=(
            Adoption(lesson_id="l", party_id="b", date=dt.date(2025, 1, 11), stage="toegepast"),
            Adoption(lesson_id="l", party_id="c", date=dt.date(2025, 2, 5), stage="pilot", via_activity_id="sessie"),
            Adoption(
                lesson_id="l", party_id="d", date=dt.date(2025, 2, 20), stage="geborgd", via_deployment_id="inzet"
            ),
            Adoption(lesson_id="l", party_id="e", stage="interesse"),
            Adoption(lesson_id="stuck", party_id="b", date=dt.date(2025, 2, 1), stage="pilot"),
        ),
    )


def test_practice_spread_adopters_curve_cascade() -> None:
    spread = {s.id: s for s in practice_spread(spread_dataset(), reference_date=dt.date(2026, 1, 1))}
    lesson = spread["l"]
    assert [(a.party, a.stage) for a in lesson.adopters] == [
        ("b", "toegepast"),
        ("c", "pilot"),
        ("d", "geborgd"),
        ("e", "interesse"),
    ]
    assert lesson.curve == (("2025-01", 1), ("2025-02", 3))
    assert lesson.days_to_first == 10
    assert (lesson.applied, lesson.furthest_stage, lesson.stalled) == (2, "geborgd", False)
    edges = {(e.source, e.target, e.via_kind, e.via) for e in lesson.cascade}
    # c came via b's session (b had it already); f, the provider, never had it: from origin.
    assert edges == {
        ("a", "b", None, None),
        ("b", "c", "activity", "sessie"),
        ("a", "d", "deployment", "inzet"),
        ("a", "e", None, None),
    }
    assert next(iter(practice_spread(spread_dataset(), reference_date=D))).id == "l"  # most adopters first


@pytest.mark.parametrize(
    ("reference", "stuck", "fresh"),
    [
        (dt.date(2025, 3, 1), False, False),
        (dt.date(2025, 2, 1) + dt.timedelta(days=STALLED_AFTER_DAYS), True, False),
        (dt.date(2025, 12, 1) + dt.timedelta(days=STALLED_AFTER_DAYS), True, True),
    ],
)
def test_stalled_rule_relative_to_reference_date(reference: dt.date, stuck: bool, fresh: bool) -> None:
    spread = {s.id: s for s in practice_spread(spread_dataset(), reference_date=reference)}
    assert (spread["stuck"].stalled, spread["fresh"].stalled, spread["l"].stalled) == (stuck, fresh, False)


def test_a_party_that_adopts_twice_counts_once_at_furthest_stage() -> None:
    ds = Dataset(
        parties=P + (Party(id="b-u", name="unit", kind="gemeente", parent_id="b"),),
        lessons=(Lesson(id="l", title="les", origin_id="a"),),
        adoptions=(
            Adoption(lesson_id="l", party_id="b", date=dt.date(2025, 3, 1), stage="pilot"),
            Adoption(lesson_id="l", party_id="b-u", date=dt.date(2025, 5, 1), stage="geborgd"),
        ),
    )
    (s,) = practice_spread(ds)
    assert [(a.party, a.stage, a.date) for a in s.adopters] == [("b", "geborgd", dt.date(2025, 3, 1))]
    (s_units,) = practice_spread(ds, units=True)
    assert len(s_units.adopters) == 2
