"""The shared-work fragility check gives exactly the results of ranking a copy of the dataset per left-out adoption."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from graph.analysis.filters import scope
from graph.analysis.fragility import RankingCheck, _check, opportunity_ranking_check
from graph.analysis.opportunities import RankingInputs, opportunity_ranking
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize


def _reference_check(dataset: Dataset, *, top_n: int, units: bool) -> RankingCheck:
    """The check as it was before the speed-up: a full ranking of a copy of the dataset per adoption."""
    data = scope(dataset)

    def rank(left_out: Collection[str]) -> list[tuple[str, float]]:
        gone = set(left_out)
        view = (
            data
            if not gone
            else data.model_copy(update={"adoptions": tuple(a for a in data.adoptions if a.key not in gone)})
        )
        found = opportunity_ranking(view, units=units, limit=top_n + 1, count_ties=False).opportunities
        return [(f"{o.lesson}|{o.party}", float(o.score)) for o in found]

    top_lessons = {item.split("|", 1)[0] for item, _ in rank(())[:top_n]}
    candidates = [a for a in data.adoptions if a.lesson_id in top_lessons]
    return _check("scaling opportunities by score", rank, candidates, top_n, 30)


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    out = {"demo": read_dataset(DEMO_DATASET)}
    for seed in (1, 7):
        folder = tmp_path_factory.mktemp(f"small-{seed}")
        synthesize("small", seed, folder)
        out[f"small-{seed}"] = read_dataset(folder)
    return out


@pytest.mark.parametrize("name", ["demo", "small-1", "small-7"])
@pytest.mark.parametrize("units", [False, True])
@pytest.mark.parametrize("top_n", [3, 5])
def test_the_check_equals_the_reference(datasets: dict[str, Dataset], name: str, units: bool, top_n: int) -> None:
    fast = opportunity_ranking_check(datasets[name], top_n=top_n, units=units)
    assert fast == _reference_check(datasets[name], top_n=top_n, units=units)


def test_the_datasets_exercise_flips_ties_and_a_bound(datasets: dict[str, Dataset]) -> None:
    """The comparison above would prove little on rankings without flips, ties or a cut-off."""
    checks = [opportunity_ranking_check(ds) for ds in datasets.values()]
    assert all(c.flips for c in checks)
    assert any(c.ties for c in checks)
    assert any(c.checked < c.candidates for c in checks)


@pytest.mark.parametrize("name", ["demo", "small-7"])
def test_every_left_out_adoption_gives_the_full_ranking_of_the_copy(datasets: dict[str, Dataset], name: str) -> None:
    """Not only the top: the whole ranking, reasons, brokers and basis, adoption by adoption."""
    data = datasets[name]
    inputs = RankingInputs(data)
    keys = sorted({a.key for a in data.adoptions})
    for key in keys[:: max(1, len(keys) // 40)]:
        copy = data.model_copy(update={"adoptions": tuple(a for a in data.adoptions if a.key != key)})
        assert inputs.rank(left_out=(key,)) == opportunity_ranking(copy), key
    assert inputs.rank() == opportunity_ranking(data)
    everything = {a.key for a in data.adoptions}
    assert inputs.rank(left_out=everything) == opportunity_ranking(data.model_copy(update={"adoptions": ()}))


def test_an_adoption_that_is_the_only_tie_takes_the_tie_with_it() -> None:
    """Without co-participation, each adoption is the only tie between adopter and origin: distances change."""
    from tests.test_analysis_opportunities import opp_dataset

    data = opp_dataset()
    inputs = RankingInputs(data)
    lost = 0
    for adoption in data.adoptions:
        lost += inputs._near.leaving_out([adoption], inputs.index, False).adj is not inputs._near.adj
        copy = data.model_copy(update={"adoptions": tuple(a for a in data.adoptions if a.key != adoption.key)})
        assert inputs.rank(left_out=(adoption.key,)) == opportunity_ranking(copy), adoption.key
    assert lost >= 2  # the branch that drops a tie ran
