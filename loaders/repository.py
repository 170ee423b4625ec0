"""Reading the graph store back: the dataset it holds, its state, a canonical dump.

:func:`read_store_dataset` is the *projection* every analysis starts from: one read
transaction, one statement per record kind, turned back into the typed records of
:mod:`graph.model`. Over Bolt every record has a fixed cost, so the two large
relationship files come as one row per party holding that party's records, and each
collection is validated by one pydantic ``TypeAdapter`` call rather than one
``model_validate`` per record (validation stays: a record that a half-finished load
left incomplete must raise :class:`StoreIncomplete`, not pass silently). The cyclic
garbage collector is paused meanwhile (:mod:`loaders.collector`).

The analyses then work on that in-memory dataset, so the app can cache one projection
per store version (:func:`store_version`) instead of asking the store once per party.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from neo4j import ManagedTransaction
from neo4j.time import Date, DateTime
from pydantic import TypeAdapter, ValidationError

from graph.model import ENTITY_FILES, ENTITY_MODELS, Dataset
from loaders.errors import DealnetError
from loaders.collector import collector_paused
from loaders.driver import Store
from queries.catalog import cypher

__all__ = [
    "LoadInfo",
    "StoreIncomplete",
    "StoreSource",
    "canonical_dump",
    "last_load",
    "read_store_dataset",
    "store_version",
]

# Properties the store adds to records that are not fields of the model.
_STORE_ONLY = frozenset({"key"})
#: Relationship files, read one row per party (``party_id`` plus the party's ``records``).
_GROUPED = frozenset({"participations", "adoptions"})
_TEMPORAL = (Date, DateTime)


def _native(value: Any) -> Any:
    """Driver temporal values as Python ones; lists element-wise."""
    if isinstance(value, _TEMPORAL):
        return value.to_native()
    if isinstance(value, list):
        return [_native(item) for item in value]
    return value


def _record(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: _native(value)
        for name, value in raw.items()
        if name not in _STORE_ONLY and value is not None
    }


@cache
def _adapter(file: str) -> TypeAdapter[tuple[Any, ...]]:
    """One validator for a whole collection: a single call into pydantic-core per file."""
    return TypeAdapter(tuple[ENTITY_MODELS[file], ...])  # type: ignore[valid-type]


def _rows(tx: ManagedTransaction, file: str) -> list[dict[str, Any]]:
    """The records of one file as plain dicts, as the store holds them."""
    result = tx.run(cypher(f"read/{file}"))
    if file in _GROUPED:
        return [{**_record(item), "party_id": row["party_id"]} for row in result for item in row["records"]]
    return [_record(row["record"]) for row in result]


def _read_all(tx: ManagedTransaction) -> Dataset:
    with collector_paused():
        collections: dict[str, Any] = {file: _adapter(file).validate_python(_rows(tx, file)) for file in ENTITY_FILES}
        return Dataset(**collections)


class StoreIncomplete(DealnetError):
    """The store holds records that are not whole: a load stopped half way."""


def read_store_dataset(store: Store) -> Dataset:
    """Everything the store holds, as a dataset, in one read transaction.

    Raises
    ------
    StoreIncomplete
        When a record lacks what it needs (say a person without a party), which only
        a load that stopped half way leaves behind; running that load again heals it.
    """
    try:
        return store.execute_read(_read_all)
    except ValidationError as error:
        load = last_load(store)
        state = f"the last load ({load.source or load.id}) is {load.status}" if load else "no load recorded"
        raise StoreIncomplete(
            f"The store holds incomplete records ({error.error_count()} problem(s); {state}). "
            "Run the last load again to complete it."
        ) from None


@dataclass(frozen=True, slots=True)
class LoadInfo:
    """One load as the store recorded it."""

    id: str
    status: str
    started_at: str | None
    finished_at: str | None
    source: str | None
    counts: dict[str, int]

    @property
    def complete(self) -> bool:
        return self.status == "complete"


def _loads(tx: ManagedTransaction, limit: int) -> list[LoadInfo]:
    return [
        LoadInfo(
            id=row["id"],
            status=row["status"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            source=row["source"],
            counts=json.loads(row["counts"]) if row["counts"] else {},
        )
        for row in tx.run(cypher("read/loads"), {"limit": limit})
    ]


def last_load(store: Store) -> LoadInfo | None:
    """The most recent load, finished or not; None for an empty store."""
    loads = store.execute_read(_loads, 1)
    return loads[0] if loads else None


def store_version(store: Store) -> str:
    """A text that changes whenever a load starts or finishes: the cache key of projections."""
    load = last_load(store)
    return "empty" if load is None else f"{load.id}:{load.status}"


def _jsonable(value: Any) -> Any:
    value = _native(value)
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in sorted(value.items())}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _dump(tx: ManagedTransaction) -> dict[str, list[Any]]:
    nodes = [
        {"labels": sorted(row["labels"]), "properties": _jsonable(row["properties"])}
        for row in tx.run(cypher("read/dump_nodes"))
    ]
    relationships = [
        {name: _jsonable(row[name]) for name in row.keys()}
        for row in tx.run(cypher("read/dump_relationships"))
    ]
    return {"nodes": nodes, "relationships": relationships}


def canonical_dump(store: Store) -> str:
    """The store's whole graph (but the load log) as canonical JSON text.

    Independent of dealnet's model: labels, properties and relationships exactly as
    stored, sorted, so two dumps are equal exactly when the graphs are.
    """
    dump = store.execute_read(_dump)
    for part in dump.values():
        part.sort(key=lambda item: json.dumps(item, sort_keys=True))
    return json.dumps(dump, sort_keys=True, ensure_ascii=False, indent=1)


class StoreSource:
    """The app's view of the store: the dataset it holds, read once per store version.

    ``version()`` is one small query; ``dataset()`` reads the whole projection only
    when a load has started or finished since the last read. Thread-safe enough for
    Dash: the worst case is two threads reading the same projection once each.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cached: tuple[str, Dataset] | None = None

    def version(self) -> str:
        return store_version(self._store)

    def load(self) -> LoadInfo | None:
        """The last load, so the app can warn while one is unfinished."""
        return last_load(self._store)

    def dataset(self) -> Dataset:
        version = self.version()
        cached = self._cached
        if cached is None or cached[0] != version:
            cached = (version, read_store_dataset(self._store))
            self._cached = cached
        return cached[1]
