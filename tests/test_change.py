"""Change between two periods, on hand-made data with known answers."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.analysis.change import (
    KEY_FIGURES,
    Growth,
    active_parties,
    key_figure_growth,
    key_figures,
    network_change,
    previous_period,
)
from graph.model import (
    Activity,
    Adoption,
    Dataset,
    Deployment,
    Lesson,
    Participation,
    Party,
    Question,
    Stage,
)
from graph.period import Period

D = dt.date
Y25 = Period(D(2025, 1, 1), D(2025, 12, 31))
Y26 = Period(D(2026, 1, 1), D(2026, 12, 31))


def _party(pid: str, parent: str | None = None, kind: str = "gemeente") -> Party:
    return Party(id=pid, name=pid.upper(), kind=kind, parent_id=parent)


@pytest.fixture
def ds() -> Dataset:
    """a, b, c, d municipalities; m a ministry with unit m-u; n a newcomer in 2026.

    2025: a adopts b's lesson (a→b 1), c adopts b's lesson (c→b 1), m-u deploys for d (d→m 1).
    2026: a adopts b's second lesson (a→b 1, unchanged), c adopts two lessons of b
    (c→b 2, strengthened), n adopts a's lesson (n→a 1, new); d→m lost; d goes quiet.
    An undated adoption (b adopts a's lesson) counts in both years: b→a unchanged.
    """
    lessons = (
        Lesson(id="lb1", title="B1", origin_id="b", date=D(2025, 2, 1)),
        Lesson(id="lb2", title="B2", origin_id="b", date=D(2026, 2, 1)),
        Lesson(id="lb3", title="B3", origin_id="b"),
        Lesson(id="la1", title="A1", origin_id="a"),
    )
    adoptions = (
        Adoption(lesson_id="lb1", party_id="a", date=D(2025, 3, 1)),
        Adoption(lesson_id="lb1", party_id="c", date=D(2025, 4, 1), stage=Stage.PILOT),
        Adoption(lesson_id="lb2", party_id="a", date=D(2026, 3, 1)),
        Adoption(lesson_id="lb2", party_id="c", date=D(2026, 3, 1)),
        Adoption(lesson_id="lb3", party_id="c", date=D(2026, 4, 1), stage=Stage.INTERESSE),
        Adoption(lesson_id="la1", party_id="n", date=D(2026, 5, 1), stage=Stage.GEBORGD),
        Adoption(lesson_id="la1", party_id="b"),
    )
    return Dataset(
        parties=(*(_party(p) for p in "abcdn"), _party("m", kind="ministerie"), _party("m-u", "m")),
        lessons=lessons,
        adoptions=adoptions,
        deployments=(
            Deployment(id="dep", provider_id="m-u", recipient_id="d", start=D(2025, 6, 1), end=D(2025, 7, 1), days=4.5),
        ),
        activities=(
            Activity(id="act25", title="T", date=D(2025, 9, 1)),
            Activity(id="act26", title="T", date=D(2026, 9, 1)),
        ),
        participations=(
            Participation(activity_id="act25", party_id="a"),
            Participation(activity_id="act25", party_id="d"),
            Participation(activity_id="act26", party_id="a"),
        ),
        questions=(Question(id="q", party_id="c", title="Q", raised_on=D(2026, 1, 5)),),
    )


def test_network_change_classifies_every_tie(ds: Dataset) -> None:
    change = network_change(ds, before=Y25, after=Y26)
    pairs = lambda ties: [(t.learner, t.source, t.before, t.after) for t in ties]  # noqa: E731
    assert pairs(change.new_ties) == [("n", "a", 0, 1)]
    assert pairs(change.strengthened) == [("c", "b", 1, 2)]
    assert pairs(change.lost) == [("d", "m", 1, 0)]
    assert change.weakened == ()
    assert change.unchanged == 2  # a→b (1, 1) and the undated b→a (1, 1)
    assert change.new_parties == ("n",)
    assert change.quiet_parties == ("d", "m")  # m through its unit m-u


def test_weakened_is_the_mirror_of_strengthened(ds: Dataset) -> None:
    change = network_change(ds, before=Y26, after=Y25)
    assert [(t.learner, t.source, t.before, t.after) for t in change.weakened] == [("c", "b", 2, 1)]
    assert [(t.learner, t.source) for t in change.new_ties] == [("d", "m")]
    assert [(t.learner, t.source) for t in change.lost] == [("n", "a")]


def test_a_party_active_before_the_later_period_is_not_new(ds: Dataset) -> None:
    # Compared with an empty 2024, everybody active in 2026 who was active in 2025 is not new.
    change = network_change(ds, before=Period(D(2024, 1, 1), D(2024, 12, 31)), after=Y26)
    assert change.new_parties == ("n",)


def test_active_parties_roll_units_up_and_include_undated(ds: Dataset) -> None:
    assert active_parties(ds, Y25) == {"a", "b", "c", "d", "m"}
    # b: its lesson lb2 is dated 2026 and the undated adoption of la1 is b's; c raised a question.
    assert active_parties(ds, Y26) == {"a", "b", "c", "n"}


def test_key_figures_count_the_period(ds: Dataset) -> None:
    k25, k26 = key_figures(ds, Y25), key_figures(ds, Y26)
    assert (k25.activities, k25.participations, k25.deployments, k25.expertise_days) == (1, 2, 1, 4.5)
    assert (k26.activities, k26.participations, k26.deployments, k26.expertise_days) == (1, 1, 0, 0.0)
    # adoptions: 2 dated in 2025 + the undated one; 4 dated in 2026 + the undated one
    assert (k25.adoptions, k26.adoptions) == (3, 5)
    assert (k25.applied_adoptions, k26.applied_adoptions) == (2, 4)
    assert (k25.lessons, k26.lessons) == (3, 3)  # one dated each, plus the two undated
    assert (k25.learning_ties, k26.learning_ties) == (4, 4)
    assert (k25.questions, k26.questions) == (0, 1)


def test_growth_in_report_order(ds: Dataset) -> None:
    growth = key_figure_growth(ds, current=Y26, previous=Y25)
    assert tuple(g.name for g in growth) == KEY_FIGURES
    adoptions = next(g for g in growth if g.name == "adoptions")
    assert (adoptions.change, adoptions.percent) == (2, 66.7)
    questions = next(g for g in growth if g.name == "questions")
    assert questions.percent is None


@pytest.mark.parametrize(
    ("current", "previous"),
    [
        ((D(2026, 1, 1), D(2026, 12, 31)), (D(2025, 1, 1), D(2025, 12, 31))),
        ((D(2024, 1, 1), D(2024, 12, 31)), (D(2023, 1, 1), D(2023, 12, 31))),
        ((D(2026, 1, 1), D(2026, 3, 31)), (D(2025, 10, 1), D(2025, 12, 31))),
        ((D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 2, 1), D(2025, 2, 28))),
        ((D(2025, 4, 22), D(2026, 4, 21)), (D(2024, 4, 22), D(2025, 4, 21))),
        ((D(2026, 3, 10), D(2026, 3, 10)), (D(2026, 3, 9), D(2026, 3, 9))),
    ],
)
def test_previous_period(current: tuple[dt.date, dt.date], previous: tuple[dt.date, dt.date]) -> None:
    assert previous_period(Period(*current)) == Period(*previous)


def test_open_period_has_no_previous() -> None:
    assert previous_period(Period()) is None
    assert previous_period(Period(D(2025, 1, 1), None)) is None


def test_growth_percent() -> None:
    assert Growth("x", 3, 2).percent == 50.0
    assert Growth("x", 0, 4).percent == -100.0
    assert Growth("x", 4, 0).percent is None
