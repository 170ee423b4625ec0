"""Growth per phase on the overview page: one pass over the records equals scoping per phase."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.figures.overview import PhaseGrowth
from app.pages.overview import phase_growth
from graph.analysis.filters import scope
from graph.analysis.learning import learning_network
from graph.model import Adoption, Dataset, Deal, Deployment, Lesson, Party, Phase
from graph.period import Period
from graph.visibility import Audience, view_for
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize


def _by_scoping(dataset: Dataset) -> tuple[PhaseGrowth, ...]:
    """The definition: scope the dataset to each phase and count, as every other page does."""
    rows = []
    for phase in sorted(dataset.phases, key=lambda p: (p.start, p.id)):
        period = Period(phase.start, phase.end)
        data = scope(dataset, period=period)
        rows.append(
            PhaseGrowth(
                phase.name,
                len(data.activities),
                len(data.adoptions),
                len(data.deployments),
                learning_network(dataset, period=period).number_of_edges(),
            )
        )
    return tuple(rows)


@pytest.mark.parametrize("audience", [Audience.INTERNAL, Audience.PUBLIC])
def test_growth_equals_scoping_each_phase_on_demo_and_synthetic_data(tmp_path: Path, audience: Audience) -> None:
    synthesize("small", 5, tmp_path)
    for dataset in (read_dataset(DEMO_DATASET), read_dataset(tmp_path)):
        view = view_for(dataset, audience)
        growth = phase_growth(view)
        assert growth == _by_scoping(view)
        assert len(growth) == len(view.phases) and any(row.learning_edges for row in growth)


def test_growth_by_hand() -> None:
    """Two phases; an undated adoption counts in both, a unit's tie rolls up to its ministry."""
    day = dt.date
    dataset = Dataset(
        parties=(
            Party(id="a", name="A", kind="gemeente"),
            Party(id="b", name="B", kind="gemeente"),
            Party(id="m", name="M", kind="ministerie"),
            Party(id="u", name="U", kind="ministerie", parent_id="m"),
        ),
        deals=(Deal(id="td", name="Town Deal"),),
        phases=(
            Phase(id="p2", name="Twee", deal_id="td", start=day(2026, 1, 1), end=day(2026, 12, 31)),
            Phase(id="p1", name="Een", deal_id="td", start=day(2025, 1, 1), end=day(2025, 12, 31)),
        ),
        lessons=(Lesson(id="l", title="L", origin_id="b"),),
        adoptions=(Adoption(lesson_id="l", party_id="a", date=day(2025, 3, 1)), Adoption(lesson_id="l", party_id="u")),
        deployments=(
            Deployment(id="d", provider_id="u", recipient_id="a", start=day(2025, 11, 1), end=day(2026, 2, 1)),
        ),
    )
    assert phase_growth(dataset) == (
        PhaseGrowth("Een", activities=0, adoptions=2, deployments=1, learning_edges=3),  # a->b, m->b, a->m
        PhaseGrowth("Twee", activities=0, adoptions=1, deployments=1, learning_edges=2),  # m->b, a->m
    )
