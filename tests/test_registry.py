"""The schema registry: declared once, and every table derived from it agrees with the model and the queries."""

from __future__ import annotations

import pytest

from graph.integrity import REFERENCES
from graph.model import ENTITY_FILES, ENTITY_MODELS
from graph.registry import ENTITIES, Policy, Storage
from graph.schema import RELATIONSHIPS
from loaders.export import EXPORT_COLUMNS
from loaders.plan import LINKS, RELATIONSHIP_FILES
from queries.catalog import statement_names


def test_every_file_is_declared_once_in_load_order_with_its_model() -> None:
    assert tuple(ENTITIES) == ENTITY_FILES
    assert all(ENTITIES[file].model is ENTITY_MODELS[file] for file in ENTITY_FILES)


@pytest.mark.parametrize("file", ENTITY_FILES)
def test_columns_are_the_model_fields_with_illustrative_last(file: str) -> None:
    columns = ENTITIES[file].columns
    assert sorted(columns) == sorted(ENTITY_MODELS[file].model_fields) and columns[-1] == "illustrative"
    assert EXPORT_COLUMNS[file] == columns


def test_every_reference_is_checked_and_every_link_planned() -> None:
    declared = {(e.file, ref.field) for e in ENTITIES.values() for ref in e.references}
    assert {(r.entity, r.column) for r in REFERENCES} == declared
    planned = {(file, link.column, link.type) for file, links in LINKS.items() for link in links}
    assert planned == {
        (e.file, ref.field, ref.relationship) for e in ENTITIES.values() for ref in e.references
        if ref.storage is Storage.LINK
    }  # fmt: skip


def test_every_link_has_its_statement_and_every_type_is_documented() -> None:
    names = set(statement_names())
    for file, links in LINKS.items():
        assert all(link.statement(file) in names for link in links), file
    types = {r.type for r in RELATIONSHIPS}
    assert {link.type for links in LINKS.values() for link in links} | set(RELATIONSHIP_FILES.values()) == types


@pytest.mark.parametrize(
    ("file", "field", "policy"),
    [
        ("lessons", "origin_id", Policy.OWNED),  # a lesson goes with its confidential origin
        ("lessons", "deployment_id", Policy.REFERS),  # ... but only loses the link to a confidential deployment
        ("parties", "parent_id", Policy.OWNED),  # a unit goes with its party
        ("activities", "organiser_id", Policy.REFERS),
        ("bottlenecks", "addressed_to_id", Policy.REFERS),
        ("adoptions", "lesson_id", Policy.OWNED),
    ],
)
def test_visibility_policies_of_the_documented_examples(file: str, field: str, policy: Policy) -> None:
    assert ENTITIES[file].reference(field).policy is policy


def test_list_references_are_known_as_many() -> None:
    assert ENTITIES["lessons"].reference("theme_ids").many
    assert not ENTITIES["lessons"].reference("origin_id").many
