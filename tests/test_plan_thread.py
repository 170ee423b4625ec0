"""The plan built in a thread (:mod:`loaders.plan_thread`): the same steps as the plan built at once, errors raised where read."""

from __future__ import annotations

import pytest

from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.plan import build_plan, plan_length
from loaders.plan_thread import PlanInBackground
from loaders.reader import read_dataset


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


@pytest.mark.parametrize("batch_size", [1, 7, 5_000])
def test_the_steps_are_those_of_the_plan_built_at_once_every_time_read(demo: Dataset, batch_size: int) -> None:
    expected = build_plan(demo, batch_size=batch_size)
    with PlanInBackground(demo, batch_size=batch_size) as plan:
        totals = []
        first = []
        for step in plan:
            first.append(step)
            totals.append(plan.total)
        again = list(plan)
    assert first == again == expected
    assert totals[-1] == len(expected), "exact when the last step is read"
    assert all(total <= len(expected) for total in totals)


@pytest.mark.parametrize("batch_size", [1, 7, 5_000])
def test_the_estimated_length_is_never_more_than_the_plan(demo: Dataset, batch_size: int) -> None:
    length = len(build_plan(demo, batch_size=batch_size))
    assert 0.8 * length <= plan_length(demo, batch_size=batch_size) <= length


def test_an_empty_dataset_gives_no_steps() -> None:
    with PlanInBackground(Dataset(), batch_size=10) as plan:
        assert list(plan) == [] and plan.total == 0


def test_an_error_while_building_is_raised_where_the_steps_are_read(
    demo: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    import loaders.plan

    def broken(file: str, records: object) -> object:
        raise ValueError("broken rows")

    monkeypatch.setattr(loaders.plan, "relationship_rows", broken)
    with PlanInBackground(demo, batch_size=50) as plan, pytest.raises(ValueError, match="broken rows"):
        for _ in plan:
            pass
