"""The load plan, pure: which statements a load runs with which rows."""

from __future__ import annotations

import re

import pytest

from graph.model import Dataset, Participation, Party, Person, record_key
from loaders.demo import DEMO_DATASET
from loaders.plan import (
    NODE_LABELS,
    RELATIONSHIP_FILES,
    build_plan,
    merged,
    relationship_counts,
)
from loaders.reader import read_dataset
from queries.catalog import cypher


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


def test_every_planned_statement_exists_and_takes_the_generation(demo: Dataset) -> None:
    for step in build_plan(demo):
        assert "$gen" in cypher(step.statement), step.statement


def test_a_plan_only_creates_nodes_first(demo: Dataset) -> None:
    names = [step.statement for step in build_plan(demo, batch_size=10**6)]
    assert all(name.startswith(("write/create_", "write/link_")) for name in names)
    nodes = {f"write/create_{file}" for file in NODE_LABELS}
    assert set(names[: len(nodes)]) == nodes, "every node before any relationship"
    assert {f"write/create_{file}" for file in RELATIONSHIP_FILES} <= set(names[len(nodes) :])


def test_an_empty_dataset_plans_nothing() -> None:
    assert build_plan(Dataset()) == []


def test_links_are_grouped_by_start_node_and_counted(demo: Dataset) -> None:
    steps = build_plan(demo, batch_size=10**6)
    rows = next(s.values for s in steps if s.statement == "write/link_part_of")
    starts = [row["start"] for row in rows]
    assert len(starts) == len(set(starts))
    units = [p for p in demo.parties if p.parent_id]
    assert sum(len(row["ends"]) for row in rows) == len(units) == relationship_counts(demo)["PART_OF"]
    adopted = next(s.values for s in steps if s.statement == "write/create_adoptions")
    assert sum(len(row["items"]) for row in adopted) == len(demo.adoptions)


def test_batches_hold_at_most_their_size_in_nodes_or_relationships(demo: Dataset) -> None:
    steps = build_plan(demo, batch_size=5)
    assert all(len(s.values) <= 5 for s in steps)
    for step in steps:
        for row in step.values:
            assert len(row.get("ends", row.get("items", [row]))) <= 5
    whole = build_plan(demo, batch_size=10**6)
    assert sum(len(s.values) for s in whole if s.statement == "write/create_parties") == len(demo.parties)
    split = sum(len(row["items"]) for s in steps if s.statement == "write/create_participations" for row in s.values)
    assert split == len(demo.participations)


def _party(pid: str, name: str) -> Party:
    return Party(id=pid, name=name, kind="gemeente")


def test_merged_replaces_records_by_key_and_keeps_the_rest() -> None:
    held = Dataset(
        parties=(_party("a", "A"), _party("b", "B")),
        people=(Person(id="p", name="P", party_id="a"),),
        participations=(),
    )
    incoming = Dataset(parties=(_party("b", "B2"), _party("c", "C")), people=(Person(id="p", name="P", party_id="c"),))
    union = merged(held, incoming)
    assert {p.id: p.name for p in union.parties} == {"a": "A", "b": "B2", "c": "C"}
    assert [(p.id, p.party_id) for p in union.people] == [("p", "c")]


def test_merged_relationship_records_by_their_key(demo: Dataset) -> None:
    first = demo.participations[0]
    changed = Participation(**{**first.model_dump(), "role": "speaker" if first.role != "speaker" else "participant"})
    union = merged(demo, Dataset(participations=(changed,)))
    assert len(union.participations) == len(demo.participations)
    assert {record_key(p): p for p in union.participations}[record_key(first)].role == changed.role
    assert merged(demo, Dataset()).canonical() == demo.canonical()
    assert merged(Dataset(), demo).canonical() == demo.canonical()


def test_the_writer_knows_every_constraint_by_the_name_its_statement_gives() -> None:
    """``ensure_constraints`` skips what ``SHOW CONSTRAINTS`` lists by name: the names must match the files."""
    from loaders.writer import _CONSTRAINTS, _LEGACY_CONSTRAINTS

    assert len(_CONSTRAINTS) == len(NODE_LABELS) + 2 and len(_LEGACY_CONSTRAINTS) == len(NODE_LABELS)
    for name, statement in _CONSTRAINTS.items():
        assert re.search(rf"\bCONSTRAINT\s+{name}\s+IF\s+NOT\s+EXISTS", cypher(statement))
    for name, statement in _LEGACY_CONSTRAINTS.items():
        assert re.search(rf"\bDROP\s+CONSTRAINT\s+{name}\s+IF\s+EXISTS", cypher(statement))
