"""A faster projection read, proposed for :func:`loaders.repository.read_store_dataset`.

Over Bolt each record costs the store and the driver a fixed amount of work, so a
projection of 200,000 small records is bound by record count, not by data (see
``reference/performance-anchors.md`` §2e). This reader asks for the four large
collections (participations, adoptions, activities, people) as a few large records
(``queries/read/projection_*.cypher``) and validates each collection in one call of a
pydantic ``TypeAdapter`` instead of one ``model_validate`` per record. The result is
the same :class:`~graph.model.Dataset` (the benchmark checks that).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from neo4j import ManagedTransaction
from neo4j.time import Date, DateTime
from pydantic import TypeAdapter

from graph.model import ENTITY_FILES, ENTITY_MODELS, Dataset
from loaders.driver import Store
from queries.catalog import cypher

__all__ = ["read_store_dataset_collected"]

# Store-only properties that are not fields of the model.
_STORE_ONLY = frozenset({"key"})
# Relationship files read one row per party: (statement, the column each row names).
_GROUPED = {
    "participations": "read/projection_participations",
    "adoptions": "read/projection_adoptions",
}
# Node files read as a single row holding a list.
_COLLECTED = {"activities": "read/projection_activities", "people": "read/projection_people"}


def _native(value: Any) -> Any:
    if isinstance(value, Date | DateTime):
        return value.to_native()
    if isinstance(value, list):
        return [_native(item) for item in value]
    return value


def _clean(raw: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    record = {
        name: _native(value) for name, value in raw.items() if name not in _STORE_ONLY and value is not None
    }
    if extra:
        record.update(extra)
    return record


@cache
def _adapter(file: str) -> TypeAdapter[tuple[Any, ...]]:
    return TypeAdapter(tuple[ENTITY_MODELS[file], ...])  # type: ignore[name-defined]


def _raw(tx: ManagedTransaction, file: str) -> Iterable[dict[str, Any]]:
    if file in _GROUPED:
        for row in tx.run(cypher(_GROUPED[file])):
            extra = {"party_id": row["party_id"]}
            yield from (_clean(item, extra) for item in row["records"])
    elif file in _COLLECTED:
        for row in tx.run(cypher(_COLLECTED[file])):
            yield from (_clean(item) for item in row["records"])
    else:
        yield from (_clean(row["record"]) for row in tx.run(cypher(f"read/{file}")))


def _read_all(tx: ManagedTransaction) -> Dataset:
    return Dataset(**{file: _adapter(file).validate_python(list(_raw(tx, file))) for file in ENTITY_FILES})


def read_store_dataset_collected(store: Store) -> Dataset:
    """Everything the store holds, as a dataset, in one read transaction (few large records)."""
    return store.execute_read(_read_all)
