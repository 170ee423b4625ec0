"""Cross-record rules (graph.integrity) on tiny hand-built datasets."""

from __future__ import annotations

import pytest

from graph.integrity import REFERENCES, Violation, check_integrity, closest_id
from graph.model import (
    ENTITY_MODELS, Adoption, Assessment, Dataset, Indicator, Lesson, Participation, Party,
    PartyKind, Person, Theme,
)  # fmt: skip


def party(id: str, parent: str | None = None) -> Party:
    return Party(id=id, name=id.upper(), kind=PartyKind.GEMEENTE, parent_id=parent)


def theme(id: str, parent: str | None = None) -> Theme:
    return Theme(id=id, name=id, parent_id=parent)


PARTIES = (party("oldambt"), party("swf"), party("szw"), party("szw-ess", "szw"))
LESSON = Lesson(id="buurtbudget", title="Buurtbudget", origin_id="swf")


def test_a_consistent_dataset_has_no_violations() -> None:
    dataset = Dataset(
        parties=PARTIES,
        people=(Person(id="anna", name="Anna", party_id="oldambt"),),
        themes=(theme("onrust"), theme("asiel", "onrust")),
        lessons=(LESSON,),
        adoptions=(Adoption(lesson_id="buurtbudget", party_id="oldambt"),),
        participations=(),
    )
    assert check_integrity(dataset) == []


def test_every_reference_column_exists_in_its_model() -> None:
    for ref in REFERENCES:
        assert ref.column in ENTITY_MODELS[ref.entity].model_fields
        assert "id" in ENTITY_MODELS[ref.target].model_fields


def test_duplicate_ids_name_the_earlier_record() -> None:
    dataset = Dataset(parties=(*PARTIES, party("swf")))
    rows = {0: 2, 1: 3, 2: 4, 3: 5, 4: 6}
    assert check_integrity(dataset, lambda entity, index: f"row {rows[index]}") == [
        Violation("parties", 4, "id", "swf", "an id used once in the file (row 3 has it too)")
    ]


@pytest.mark.parametrize(
    ("records", "column"),
    [
        ({"adoptions": (Adoption(lesson_id="buurtbudget", party_id="oldambt"),) * 2}, "party_id"),
        ({"participations": (Participation(activity_id="a", party_id="swf"),) * 2}, "party_id"),
        ({"assessments": (Assessment(year=2025, indicator=Indicator.PROCES, score=5),) * 2}, "indicator"),
    ],
)
def test_duplicate_composite_keys(records: dict[str, tuple[object, ...]], column: str) -> None:
    entity = next(iter(records))
    dataset = Dataset(parties=PARTIES, lessons=(LESSON,), **records)
    found = [v for v in check_integrity(dataset) if v.entity == entity and "once" in v.expected]
    assert [(v.index, v.column) for v in found] == [(1, column)]


def test_unknown_reference_suggests_the_closest_id() -> None:
    dataset = Dataset(
        parties=PARTIES, lessons=(LESSON,), adoptions=(Adoption(lesson_id="buurtbudet", party_id="oldambt"),)
    )
    assert check_integrity(dataset) == [
        Violation("adoptions", 0, "lesson_id", "buurtbudet", "a known lesson id", "buurtbudget", "lessons")
    ]


def test_reference_of_the_wrong_kind_says_what_the_id_is() -> None:
    dataset = Dataset(parties=(*PARTIES, party("unit", "anna")), people=(Person(id="anna", name="A", party_id="swf"),))
    (violation,) = check_integrity(dataset)
    assert (violation.entity, violation.index, violation.column) == ("parties", 4, "parent_id")
    assert violation.expected == "a known party id; 'anna' is in people"


def test_list_references_are_checked_item_by_item() -> None:
    dataset = Dataset(parties=(Party(id="a", name="A", kind=PartyKind.GEMEENTE, deal_ids=("tdkk",)),))
    assert [(v.column, v.value) for v in check_integrity(dataset)] == [("deal_ids", "tdkk")]


def test_also_known_ids_are_not_reported_again() -> None:
    dataset = Dataset(people=(Person(id="anna", name="A", party_id="broken"),))
    assert check_integrity(dataset, also_known={"parties": {"broken"}}) == []


def test_ids_differing_only_in_capitals_are_refused_with_the_first() -> None:
    dataset = Dataset(parties=(party("tubbergen"), party("oldambt"), party("TUBBERGEN"), party("Tubbergen")))
    rows = {0: 2, 1: 3, 2: 4, 3: 5}
    expected = "an id that differs from the others in more than capitals (row 2 has 'tubbergen')"
    assert check_integrity(dataset, lambda entity, index: f"row {rows[index]}") == [
        Violation("parties", 2, "id", "TUBBERGEN", expected, "tubbergen"),
        Violation("parties", 3, "id", "Tubbergen", expected, "tubbergen"),
    ]


def test_a_reference_differing_only_in_capitals_names_the_id() -> None:
    dataset = Dataset(
        parties=(party("tubbergen"), party("tubberge")),
        people=(Person(id="anna", name="A", party_id="Tubbergen"),),
    )
    assert check_integrity(dataset) == [
        Violation(
            "people",
            0,
            "party_id",
            "Tubbergen",
            "a known party id (ids must match in capitals too)",
            "tubbergen",
            "parties",
        )
    ]


def test_composite_keys_in_other_capitals_are_a_reference_problem_only() -> None:
    """Their parts are references: each is checked exactly against its own file, once."""
    adoptions = (
        Adoption(lesson_id="buurtbudget", party_id="oldambt"),
        Adoption(lesson_id="buurtbudget", party_id="OLDAMBT"),
    )
    dataset = Dataset(parties=PARTIES, lessons=(LESSON,), adoptions=adoptions)
    assert [(v.index, v.column, v.target, v.suggestion) for v in check_integrity(dataset)] == [
        (1, "party_id", "parties", "oldambt")
    ]


@pytest.mark.parametrize(
    ("parents", "index", "ring"),
    [
        ({"a": "a"}, 0, "a -> a"),
        ({"a": "b", "b": "a"}, 0, "a -> b -> a"),
        ({"x": None, "b": "c", "c": "a", "a": "b"}, 1, "b -> c -> a -> b"),
        ({"leaf": "b", "b": "c", "c": "b"}, 1, "b -> c -> b"),
    ],
)
def test_parent_cycles_are_reported_once(parents: dict[str, str | None], index: int, ring: str) -> None:
    for make, entity in ((party, "parties"), (theme, "themes")):
        dataset = Dataset(**{entity: tuple(make(id, parent) for id, parent in parents.items())})
        cycles = [v for v in check_integrity(dataset) if "cycle" in v.expected]
        assert [(v.entity, v.index, v.column) for v in cycles] == [(entity, index, "parent_id")]
        assert ring in cycles[0].expected


def test_self_adoption_is_an_error() -> None:
    dataset = Dataset(
        parties=PARTIES, lessons=(LESSON,), adoptions=(Adoption(lesson_id="buurtbudget", party_id="swf"),)
    )
    (violation,) = check_integrity(dataset)
    assert (violation.entity, violation.column, violation.value) == ("adoptions", "party_id", "swf")
    assert "origin" in violation.expected


def test_participant_party_must_be_the_persons_party() -> None:
    dataset = Dataset(
        parties=PARTIES,
        people=(Person(id="anna", name="A", party_id="oldambt"),),
        participations=(Participation(activity_id="act", party_id="swf", person_id="anna"),),
        activities=(),
    )
    found = [v for v in check_integrity(dataset) if v.column == "party_id"]
    assert found == [Violation("participations", 0, "party_id", "swf", "the party of person anna (oldambt)", "oldambt")]


def test_closest_id_needs_a_real_resemblance() -> None:
    assert closest_id("oldamt", ["oldambt", "swf"]) == "oldambt"
    assert closest_id("zzz", ["oldambt", "swf"]) is None
    assert closest_id("x", []) is None
    assert closest_id("OLDAMBT", ["oldambt", "oldamb"]) == "oldambt"
