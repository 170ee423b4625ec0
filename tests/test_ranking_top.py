"""RankingInputs.top, the fragility check's shared-work ranking, lists exactly what rank() lists.

``top`` reads the pairs of lessons an adoption left out does not touch from the ranking
with nothing left out, rescored when a tie went, and ranks again in full when that pool
runs out. Every path is compared with :meth:`RankingInputs.rank` adoption by adoption:
a pool larger than the ranking (complete), the default pool, and a pool of 3 pairs so
that the walk runs past its end and falls back.
"""

from __future__ import annotations

import pytest

from graph.analysis import opportunities
from graph.analysis.opportunities import RankingInputs
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize
from tests.test_analysis_opportunities import opp_dataset


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    folder = tmp_path_factory.mktemp("small-3")
    synthesize("small", 3, folder)
    return {"hand": opp_dataset(), "demo": read_dataset(DEMO_DATASET), "small-3": read_dataset(folder)}


def _listed(inputs: RankingInputs, limit: int, left_out: tuple[str, ...]) -> list[tuple[str, str, int]]:
    found = inputs.rank(limit=limit, count_ties=False, left_out=left_out).opportunities
    return [(o.lesson, o.party, o.score) for o in found]


@pytest.mark.parametrize("name", ["hand", "demo", "small-3"])
@pytest.mark.parametrize("pool", [3, 200])
@pytest.mark.parametrize("limit", [1, 6])
def test_top_lists_what_rank_lists_for_every_adoption_left_out(
    datasets: dict[str, Dataset], monkeypatch: pytest.MonkeyPatch, name: str, pool: int, limit: int
) -> None:
    monkeypatch.setattr(opportunities, "_POOL", pool)
    data = datasets[name]
    inputs = RankingInputs(data)
    keys = sorted({a.key for a in data.adoptions})
    step = max(1, len(keys) // 60)
    for key in keys[::step]:
        assert inputs.top(limit, left_out=(key,)) == _listed(inputs, limit, (key,)), key
    assert inputs.top(limit) == _listed(inputs, limit, ())
    everything = tuple(keys)
    assert inputs.top(limit, left_out=everything) == _listed(inputs, limit, everything) == []


def test_the_comparison_runs_through_every_path(datasets: dict[str, Dataset], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ties that go with an adoption (rescoring), a pool too short (full ranking), tops that change."""
    monkeypatch.setattr(opportunities, "_POOL", 3)
    inputs = RankingInputs(datasets["demo"])
    inputs.top(6)
    assert inputs._pool is not None
    size, pool = inputs._pool
    walks = [
        inputs._top_leaving_out(inputs._leaving_out((a.key,)), pool, 6, complete=len(pool) < size)
        for a in datasets["demo"].adoptions
    ]
    assert None in walks and any(w is not None for w in walks)
    monkeypatch.undo()
    inputs = RankingInputs(datasets["hand"])
    lost = [a for a in datasets["hand"].adoptions if inputs._leaving_out((a.key,)).near.adj is not inputs._near.adj]
    assert lost
    inputs = RankingInputs(datasets["small-3"])
    before = inputs.top(6)
    assert len(before) == 6
    changed = [
        k for k in sorted({a.key for a in datasets["small-3"].adoptions}) if inputs.top(6, left_out=(k,)) != before
    ]
    assert changed


def test_no_pair_with_a_limit_of_nothing(datasets: dict[str, Dataset]) -> None:
    assert RankingInputs(datasets["demo"]).top(0) == []
