"""deal_parts narrows a dataset to each deal in one pass: exactly what deal_scope gives deal by deal."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.analysis.deals import deal_parts
from graph.analysis.learning import learning_network, learning_tie_count
from graph.deals import deal_scope
from graph.model import (
    Activity,
    Adoption,
    Assessment,
    Bottleneck,
    Dataset,
    Deal,
    Deployment,
    Indicator,
    Lesson,
    Participation,
    Party,
    PartyKind,
    Person,
    Phase,
    Question,
    Stage,
)
from loaders.demo import AGENDA_STAD_DATASET, DEMO_DATASET
from loaders.reader import read_dataset
from loaders.synth import synthesize


def _hand() -> Dataset:
    """Ministry m is in deal a through its unit u; g is in a and b, h in b only, x in none.

    Each kind of record is placed once inside a deal and once across a deal border.
    """
    gemeente, ministerie = PartyKind.GEMEENTE, PartyKind.MINISTERIE
    day = dt.date(2025, 3, 1)
    return Dataset(
        deals=(Deal(id="a", name="A"), Deal(id="b", name="B")),
        phases=(Phase(id="a1", deal_id="a", name="A1", start=day, end=day),),
        parties=(
            Party(id="m", name="M", kind=ministerie),
            Party(id="u", name="U", kind=ministerie, parent_id="m", deal_ids=("a",)),
            Party(id="g", name="G", kind=gemeente, deal_ids=("a", "b")),
            Party(id="h", name="H", kind=gemeente, deal_ids=("b",)),
            Party(id="x", name="X", kind=gemeente),
        ),
        people=(Person(id="p1", name="P", party_id="m"), Person(id="p2", name="Q", party_id="x")),
        questions=(Question(id="q1", party_id="u", title="q"), Question(id="q2", party_id="h", title="q")),
        activities=(
            Activity(id="act-a", title="A", date=day, deal_id="a"),
            Activity(id="act-b", title="B", date=day, deal_id="b"),
            Activity(id="act-none", title="N", date=day),
        ),
        participations=(
            Participation(activity_id="act-a", party_id="m"),
            Participation(activity_id="act-a", party_id="h"),  # h is not in a
            Participation(activity_id="act-b", party_id="g"),
            Participation(activity_id="act-none", party_id="g"),
        ),
        deployments=(
            Deployment(id="d1", provider_id="u", recipient_id="g"),  # both in a
            Deployment(id="d2", provider_id="m", recipient_id="h"),  # no deal in common
            Deployment(id="d3", provider_id="g", recipient_id="h"),  # both in b
        ),
        lessons=(
            Lesson(id="la", title="la", origin_id="u"),
            Lesson(id="lg", title="lg", origin_id="g"),
            Lesson(id="lx", title="lx", origin_id="x"),
        ),
        adoptions=(
            Adoption(lesson_id="la", party_id="g", stage=Stage.PILOT),  # a
            Adoption(lesson_id="la", party_id="h", stage=Stage.PILOT),  # h not in a
            Adoption(lesson_id="lg", party_id="h", stage=Stage.PILOT),  # b
            Adoption(lesson_id="lg", party_id="m", stage=Stage.PILOT),  # a
            Adoption(lesson_id="lx", party_id="g", stage=Stage.PILOT),  # x in no deal
        ),
        bottlenecks=(
            Bottleneck(id="b1", title="b", raised_by_id="g"),
            Bottleneck(id="b2", title="b", raised_by_id="x"),
        ),
        assessments=(
            Assessment(year=2025, indicator=Indicator.PROCES, score=3, deal_id="b"),
            Assessment(year=2025, indicator=Indicator.PROCES, score=3, party_id="u"),  # no deal: m's deals
            Assessment(year=2025, indicator=Indicator.PROCES, score=3, party_id="h", deal_id="a"),
            Assessment(year=2025, indicator=Indicator.PROCES, score=3, party_id="x"),
        ),
    )


def test_a_hand_made_dataset_is_split_as_worked_out() -> None:
    parts = deal_parts(_hand(), ["a", "b"])
    placed = {
        deal: {name: len(getattr(part, name)) for name in ("parties", "people", "participations", "deployments")}
        | {
            "adoptions": [x.key for x in part.adoptions],
            "assessments": [(x.party_id, x.deal_id) for x in part.assessments],
        }
        for deal, part in parts.items()
    }
    assert placed == {
        "a": {
            "parties": 3,
            "people": 1,
            "participations": 1,
            "deployments": 1,
            "adoptions": ["la|g", "lg|m"],
            "assessments": [("u", None), ("h", "a")],
        },
        "b": {
            "parties": 2,
            "people": 0,
            "participations": 1,
            "deployments": 1,
            "adoptions": ["lg|h"],
            "assessments": [(None, "b")],
        },
    }
    for deal, part in parts.items():
        assert part == deal_scope(_hand(), (deal,)).dataset


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    out = {"demo": read_dataset(DEMO_DATASET), "agenda-stad": read_dataset(AGENDA_STAD_DATASET)}
    for seed in (2, 5):
        folder = tmp_path_factory.mktemp(f"small-{seed}")
        synthesize("small", seed, folder)
        out[f"small-{seed}"] = read_dataset(folder)
    return out


@pytest.mark.parametrize("name", ["demo", "agenda-stad", "small-2", "small-5"])
def test_each_part_is_the_deal_scope_of_that_deal(datasets: dict[str, Dataset], name: str) -> None:
    data = datasets[name]
    deals = [d.id for d in data.deals]
    assert len(deals) >= 1
    parts = deal_parts(data, deals)
    assert list(parts) == deals
    for deal in deals:
        assert parts[deal] == deal_scope(data, (deal,)).dataset, deal
    some = deals[::2]
    assert {d: p for d, p in deal_parts(data, some).items()} == {d: parts[d] for d in some}


def test_the_datasets_have_records_in_several_deals_and_in_none(datasets: dict[str, Dataset]) -> None:
    """The comparison above proves little unless parties sit in several deals and records fall outside every deal."""
    data = datasets["small-2"]
    parts = deal_parts(data, [d.id for d in data.deals])
    assert len(parts) > 1
    for name in ("parties", "activities", "participations", "adoptions", "deployments", "questions", "assessments"):
        placed = [r for part in parts.values() for r in getattr(part, name)]
        assert placed, name
    assert sum(len(p.parties) for p in parts.values()) > len({r.id for p in parts.values() for r in p.parties})
    assert sum(len(p.adoptions) for p in parts.values()) != len(data.adoptions)


@pytest.mark.parametrize("units", [False, True])
def test_a_deals_ties_are_counted_as_its_learning_network_has_them(datasets: dict[str, Dataset], units: bool) -> None:
    """The deal rows count ties without building each deal's network: the same number."""
    for data in datasets.values():
        parts = deal_parts(data, [d.id for d in data.deals])
        for part in (data, *parts.values()):
            assert learning_tie_count(part, units=units) == learning_network(part, units=units).number_of_edges()
    assert any(learning_tie_count(part) for part in parts.values())


def test_no_deal_asked_no_part() -> None:
    assert deal_parts(Dataset(), []) == {}
