"""The look-ups the opportunity ranking keeps between pairs and rankings give the scores worked out by hand.

:class:`graph.analysis.opportunities.RankingInputs` remembers a pair's fit per lesson
themes and party, each lesson's spread per kind of party, the parties wanting a set of
themes and, per network, the parties within 2 steps of a party. Each is checked here on
a small network where a wrong key (fit by themes only, spread for any kind) or a look-up
kept after a tie went would give another score than the one worked out below.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from graph.analysis.opportunities import RankingInputs, _Proximity
from graph.model import Activity, Adoption, Dataset, Lesson, Participation, Party, PartyKind, Question, Stage, Theme


def _dataset() -> Dataset:
    """Lessons ``l1`` and ``l3`` of ``o`` are on ``azc``, ``l4`` of ``o`` on ``wind``; ``l2`` of ``x`` (on
    ``wind``) is only of interest to ``y``.

    The network: e - x and y - o take part in an activity together; x - y is a tie only
    through y's adoption of ``l2``; b and m are tied to the origin o by their adoptions;
    f and n are tied to nobody.
    """
    parties = tuple(Party(id=i, name=i, kind=PartyKind.GEMEENTE) for i in ("o", "b", "e", "f", "x", "y")) + tuple(
        Party(id=i, name=i, kind=PartyKind.MINISTERIE) for i in ("m", "n")
    )
    return Dataset(
        parties=parties,
        themes=(
            Theme(id="wonen", name="W"),
            Theme(id="azc", name="A", parent_id="wonen"),
            Theme(id="wind", name="Wi", parent_id="wonen"),
        ),
        lessons=(
            Lesson(id="l1", title="l1", origin_id="o", theme_ids=("azc",)),
            Lesson(id="l2", title="l2", origin_id="x", theme_ids=("wind",)),
            Lesson(id="l3", title="l3", origin_id="o", theme_ids=("azc",)),
            Lesson(id="l4", title="l4", origin_id="o", theme_ids=("wind",)),
        ),
        adoptions=(
            Adoption(lesson_id="l1", party_id="b", stage=Stage.TOEGEPAST),
            Adoption(lesson_id="l2", party_id="y", stage=Stage.INTERESSE),
            Adoption(lesson_id="l3", party_id="b", stage=Stage.GEBORGD),
            Adoption(lesson_id="l3", party_id="m", stage=Stage.TOEGEPAST),
            Adoption(lesson_id="l4", party_id="b", stage=Stage.TOEGEPAST),
        ),
        questions=(
            Question(id="qe1", party_id="e", title="q", theme_ids=("azc",), priority=3),
            Question(id="qe2", party_id="e", title="q", theme_ids=("wonen",), priority=1),
            Question(id="qf", party_id="f", title="q", theme_ids=("azc",), priority=2),
            Question(id="qn", party_id="n", title="q", theme_ids=("azc",), priority=1),
        ),
        activities=(
            Activity(id="a1", title="a1", date=dt.date(2025, 1, 1)),
            Activity(id="a2", title="a2", date=dt.date(2025, 2, 1)),
        ),
        participations=(
            Participation(activity_id="a1", party_id="e"),
            Participation(activity_id="a1", party_id="x"),
            Participation(activity_id="a2", party_id="y"),
            Participation(activity_id="a2", party_id="o"),
        ),
    )


# fit: e 2+3 (azc, exact) + 1+1 (wonen, roll-up) = 7, f 2+2 = 4, n 2+1 = 3; to l4 (wind) only e's
# question on wonen fits (1+1 = 2).
# spread for a municipality: l1 and l4 1 peer (2); l3 1 peer (2), 1 other (1), secured by a peer (1).
# spread for a ministry: l1 0 peers, 1 other (1); l3 1 peer (2), 1 other (1), secured by no peer.
# proximity: e is 3 steps from o (e-x-y-o): 1 point; f and n unreachable.
WITH_EVERYTHING = [
    ("l3", "e", 12),
    ("l1", "e", 10),
    ("l3", "f", 8),
    ("l1", "f", 6),
    ("l3", "n", 6),
    ("l4", "e", 5),
    ("l1", "n", 4),
]
# without y's adoption of l2, the tie x-y goes and e is unreachable: one point less.
WITHOUT_Y = [
    ("l3", "e", 11),
    ("l1", "e", 9),
    ("l3", "f", 8),
    ("l1", "f", 6),
    ("l3", "n", 6),
    ("l1", "n", 4),
    ("l4", "e", 4),
]


def _scores(inputs: RankingInputs, left_out: tuple[str, ...] = ()) -> list[tuple[str, str, int]]:
    return [(o.lesson, o.party, o.score) for o in inputs.rank(left_out=left_out).opportunities]


def test_scores_worked_out_by_hand_before_and_after_a_tie_goes() -> None:
    inputs = RankingInputs(_dataset())
    assert _scores(inputs) == WITH_EVERYTHING
    assert inputs._fit_points[(("azc",), "e")] == 7  # shared by l1 and l3
    assert _scores(inputs, ("l2|y",)) == WITHOUT_Y  # the parties within 2 steps of e were remembered before
    assert _scores(inputs) == WITH_EVERYTHING  # and leaving out did not change what the full ranking reads
    assert inputs.top(7) == WITH_EVERYTHING
    assert inputs.top(7, left_out=("l2|y",)) == WITHOUT_Y


def test_the_spread_of_a_lesson_is_kept_per_kind() -> None:
    inputs = RankingInputs(_dataset())
    lesson = inputs._lessons["l3"]
    # asked first for a ministry, then for a municipality: each gets its own
    assert lesson.spread(inputs.index.top_kind("n")) == (1, 1, 3, 0)
    assert lesson.spread(inputs.index.top_kind("e")) == (1, 1, 3, 1)
    assert lesson.spread(None) == (0, 2, 2, 0)


def _walk_distance(adj: dict[str, set[str]], party: str, givers: set[str]) -> int | None:
    """The definition: the fewest steps (1 to 3) of a walk from ``party`` to a giver."""
    within = set(adj[party])
    for steps in (1, 2, 3):
        if within & givers:
            return steps
        within |= {n for p in within for n in adj[p]}
    return None


@pytest.mark.parametrize("seed", range(40))
def test_distance_is_the_fewest_steps_to_a_giver(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(rng.randint(2, 12))]
    adj: dict[str, set[str]] = {n: set() for n in names}
    near = _Proximity(names)
    density = rng.random() * 0.5
    for u, v in itertools.combinations(names, 2):
        if rng.random() < density:
            adj[u].add(v)
            adj[v].add(u)
            near.adj[near.bit[u]] |= 1 << near.bit[v]
            near.adj[near.bit[v]] |= 1 << near.bit[u]
    givers = set(rng.sample(names, rng.randint(1, 3)))
    reach = near.reach("lesson", givers)
    for party in names:
        assert near.distance(party, reach) == _walk_distance(adj, party, givers), (party, givers)
    assert near.distance("outside", reach) is None


@pytest.fixture(scope="module")
def ranked_datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    from loaders.demo import DEMO_DATASET
    from loaders.reader import read_dataset
    from loaders.synth import synthesize

    folder = tmp_path_factory.mktemp("small-6")
    synthesize("small", 6, folder)
    return {"demo": read_dataset(DEMO_DATASET), "small-6": read_dataset(folder)}


@pytest.mark.parametrize("name", ["demo", "small-6"])
@pytest.mark.parametrize("listed", [6, 8, 50])
def test_the_check_reads_the_pairs_the_list_kept(ranked_datasets: dict[str, Dataset], name: str, listed: int) -> None:
    """After the report's list (rank with a limit), top() starts from the pairs it kept: the same answers.

    A list of 6 or 8 pairs is a short start, so the walk also runs past it and ranks again.
    """
    data = ranked_datasets[name]
    inputs = RankingInputs(data)
    inputs.rank(limit=listed)
    assert inputs._pool is not None and inputs._pool[0] == listed
    keys = sorted({a.key for a in data.adoptions})
    for key in keys[:: max(1, len(keys) // 40)]:
        fresh = RankingInputs(data).rank(limit=6, count_ties=False, left_out=(key,)).opportunities
        assert inputs.top(6, left_out=(key,)) == [(o.lesson, o.party, o.score) for o in fresh], key
    assert inputs._pool[0] == listed  # the list's pairs stay the start, also where they ran out
    if listed == 6:
        size, pool = inputs._pool
        walks = [inputs._top_leaving_out(inputs._leaving_out((k,)), pool, 6, complete=len(pool) < size) for k in keys]
        assert None in walks  # the walk ran past the list's end: the whole ranking was made again
    assert inputs.top(6) == [(o.lesson, o.party, o.score) for o in RankingInputs(data).rank(limit=6).opportunities]
