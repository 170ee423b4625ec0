"""The stage counts per month of a practice's spread (``progress``) equal the count made month by month.

:func:`graph.analysis.spread._progress` works a party's stage out again only in the months
in which one of its dates passed. Compared here with the definition, every party at every
month's end, on random adoptions with earlier stages, undated ones, reference dates and periods.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from graph.analysis import spread
from graph.analysis.spread import StagePoint, _progress, _step_on, _Steps, _taken, practice_spread
from graph.model import Adoption, Dataset, Stage
from graph.period import Period
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize


def _by_definition(parties: list[tuple[_Steps, ...]], day: dt.date | None, period: Period | None) -> list[StagePoint]:
    """Every party's furthest dated stage at the end of every month with a stage reached in it."""
    months = sorted(
        {
            f"{since.year:04d}-{since.month:02d}"
            for records in parties
            for steps in records
            for _, since in steps
            if since is not None and (day is None or since <= day) and (period is None or period.contains(since))
        }
    )
    points = []
    for month in months:
        year, number = int(month[:4]), int(month[5:])
        end = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
        if day is not None and end > day:
            end = day
        counts = dict.fromkeys(Stage, 0)
        for records in parties:
            reached = [step[0] for s in records if (step := _step_on(s, end)) is not None and step[1] is not None]
            if reached:
                counts[max(reached, key=lambda stage: stage.rank)] += 1
        points.append(StagePoint(month, tuple((str(stage), n) for stage, n in counts.items())))
    return points


def _adoption(rng: random.Random, lesson: str, party: str) -> Adoption:
    stages = list(Stage)
    current = rng.randrange(len(stages))
    start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
    days = sorted(start + dt.timedelta(days=rng.randrange(300)) for _ in range(current + 1))
    earlier = [f"{stages[i]}:{days[i].isoformat()}" for i in range(current) if rng.random() < 0.6]
    date = None if rng.random() < 0.15 else days[-1]
    if date is not None and earlier:
        date = max(date, *(dt.date.fromisoformat(m.partition(":")[2]) for m in earlier))
    return Adoption(lesson_id=lesson, party_id=party, stage=stages[current], date=date, stages=tuple(earlier))


@pytest.mark.parametrize("seed", range(30))
def test_progress_equals_the_month_by_month_count(seed: int) -> None:
    rng = random.Random(seed)
    parties = [
        tuple(_adoption(rng, "l", f"p{i}").steps for _ in range(rng.randint(1, 3))) for i in range(rng.randint(1, 12))
    ]
    day = rng.choice([None, dt.date(2024, 9, 30), dt.date(2025, 6, 15), dt.date(2026, 12, 31)])
    period = rng.choice([None, Period(), Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))])
    expected = _by_definition(parties, day, period)
    assert list(_progress(parties, day, period)) == expected
    assert len(expected) > 0 or day == dt.date(2024, 9, 30) or period is not None


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> list[Dataset]:
    folder = tmp_path_factory.mktemp("small-4")
    synthesize("small", 4, folder)
    return [read_dataset(folder), read_dataset(DEMO_DATASET)]


@pytest.mark.parametrize("day", [None, dt.date(2025, 9, 17)])
@pytest.mark.parametrize("period", [None, Period(dt.date(2025, 3, 1), dt.date(2026, 2, 28))])
def test_whole_datasets_spread_as_counted_month_by_month(
    datasets: list[Dataset], monkeypatch: pytest.MonkeyPatch, day: dt.date | None, period: Period | None
) -> None:
    """On whole datasets (adoptions with earlier stages), with periods and reference dates that cut months."""
    found = [practice_spread(data, reference_date=day, period=period) for data in datasets]
    assert any(s.progress for spreads in found for s in spreads)
    monkeypatch.setattr(spread, "_progress", lambda *args: tuple(_by_definition(*args)))
    assert [practice_spread(data, reference_date=day, period=period) for data in datasets] == found


@pytest.mark.parametrize("seed", range(10))
def test_a_single_adoption_stands_as_the_general_rule_has_it(seed: int) -> None:
    """One adoption without earlier stages takes a short way; the same record twice takes the general one."""
    rng = random.Random(seed)
    for _ in range(30):
        date = None if rng.random() < 0.2 else dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
        a = Adoption(lesson_id="l", party_id="p", stage=rng.choice(list(Stage)), date=date)
        day = rng.choice([None, dt.date(2024, 6, 30), dt.date(2025, 6, 30), dt.date(2026, 6, 30)])
        period = rng.choice([None, Period(), Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))])
        short, general = _taken([a], day, period), _taken([a, a], day, period)
        if general is None:
            assert short is None
        else:
            assert short is not None
            assert (short.stage, short.date, short.since, short.representative) == (
                general.stage,
                general.date,
                general.since,
                general.representative,
            )
