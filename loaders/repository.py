"""Reading the graph store back: the dataset it holds, its state, a canonical dump.

:func:`read_store_dataset` is the *projection* every analysis starts from: one read
transaction, one statement per record kind, turned back into the typed records of
:mod:`graph.model`. Over Bolt every record has a fixed cost, so the two large
relationship files come as one row per party holding that party's records, every
other file as a single row holding all its records, and each
collection is validated by one pydantic ``TypeAdapter`` call rather than one
``model_validate`` per record (validation stays: a record that a half-finished load
left incomplete must raise :class:`StoreIncomplete`, not pass silently). The cyclic
garbage collector is paused meanwhile (:mod:`graph.collector`).

The analyses then work on that in-memory dataset, so the app can cache one projection
per store version (:func:`store_version`) instead of asking the store once per party.

**One generation at a time.** A load stages a whole new generation of the data and then
switches readers to it in one short transaction (see :mod:`loaders.writer`). Everything
here reads the *current* generation only (:func:`current_generation`: that of the
complete ``:Load`` with the highest ``gen``), so a reader sees the complete previous
dataset or the complete new one, never a load in progress. The old generation is deleted
after the switch; a projection that was still reading it (a read takes seconds at national
scale) notices, because the current generation changed meanwhile, and reads again
(:func:`read_store_dataset`).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from neo4j import ManagedTransaction, Record
from neo4j.exceptions import Neo4jError
from neo4j.time import Date, DateTime
from pydantic import TypeAdapter, ValidationError

from graph.model import ENTITY_FILES, ENTITY_MODELS, Dataset
from graph.collector import collector_paused
from loaders.driver import Store
from loaders.errors import DealnetError
from queries.catalog import cypher

__all__ = [
    "LoadInfo",
    "StoreChanging",
    "StoreIncomplete",
    "StoreSource",
    "canonical_dump",
    "current_generation",
    "current_load",
    "generation_counts",
    "generation_sizes",
    "last_load",
    "read_current",
    "read_store_dataset",
    "store_version",
]

# Properties the store adds to records that are not fields of the model: the composite
# key of relationship records and assessments, and the generation of every node.
_STORE_ONLY = frozenset({"key", "gen"})
#: Reads of a projection before giving up while loads keep switching generations under it.
_READ_ATTEMPTS = 5
#: Relationship files, read one row per party (``party_id`` plus the party's ``records``);
#: every other file comes in one row of ``records``.
_GROUPED = frozenset({"participations", "adoptions"})
#: Files whose records come as lists of values in this order rather than maps (the largest).
_COLUMNS: dict[str, tuple[str, ...]] = {"participations": ("activity_id", "person_id", "role", "illustrative")}
_TEMPORAL = (Date, DateTime)
#: Property types the driver hands over as Python values already (most of a projection's).
_PLAIN = frozenset({str, bool, int, float})
_T = TypeVar("_T")


def _native(value: Any) -> Any:
    """Driver temporal values as Python ones; lists element-wise."""
    if isinstance(value, _TEMPORAL):
        return value.to_native()
    if isinstance(value, list):
        return [item if type(item) in _PLAIN else _native(item) for item in value]
    return value


def _record(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A record's properties as the model takes them: no store-only or empty ones, Python dates.

    Examples
    --------
    >>> _record({"id": "a", "gen": 3, "note": None, "date": Date(2025, 1, 2), "theme_ids": ["t"]})
    {'id': 'a', 'date': datetime.date(2025, 1, 2), 'theme_ids': ['t']}
    """
    plain = _PLAIN
    return {
        name: value if type(value) in plain else _native(value)
        for name, value in raw.items()
        if value is not None and name not in _STORE_ONLY
    }


@cache
def _adapter(file: str) -> TypeAdapter[tuple[Any, ...]]:
    """One validator for a whole collection: a single call into pydantic-core per file."""
    return TypeAdapter(tuple[ENTITY_MODELS[file], ...])  # type: ignore[valid-type]


def _fetch(tx: ManagedTransaction, file: str, gen: int) -> list[Record]:
    """The rows of one file's statement, as the driver gives them."""
    return list(tx.run(cypher(f"read/{file}"), {"gen": gen}))


def _plain(file: str, fetched: list[Record]) -> list[dict[str, Any]]:
    """The records in the rows of one file's statement as plain dicts (see the statements' ``Returns``)."""
    if file in _GROUPED:
        columns = _COLUMNS.get(file)
        rows = []
        for row in fetched:
            party = row["party_id"]
            for item in row["records"]:
                record = _record(item if columns is None else dict(zip(columns, item, strict=True)))
                record["party_id"] = party
                rows.append(record)
        return rows
    return [_record(item) for row in fetched for item in row["records"]]


def _validated(file: str, fetched: list[Record]) -> tuple[Any, ...]:
    return _adapter(file).validate_python(_plain(file, fetched))


def _collections(tx: ManagedTransaction, gen: int) -> dict[str, Any]:
    """Every file of generation ``gen``, validated, read in ``tx``.

    Each file's rows are turned into records and validated in a second thread while the
    store works on the next file's statement: at national scale the store takes most of
    a second to answer, time the checks fill instead of following it.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dealnet-projection")
    try:
        pending = {file: pool.submit(_validated, file, _fetch(tx, file, gen)) for file in ENTITY_FILES}
        return {file: future.result() for file, future in pending.items()}
    finally:
        pool.shutdown(cancel_futures=True)


def current_generation(tx: ManagedTransaction) -> int:
    """The generation readers see: that of the current load (0 for none, or one from before generations)."""
    record = tx.run(cypher("read/current_load")).single()
    return 0 if record is None else int(record["gen"])


def _read_all(tx: ManagedTransaction) -> tuple[int, Dataset]:
    gen = current_generation(tx)
    with collector_paused():
        return gen, Dataset(**_collections(tx, gen))


class StoreIncomplete(DealnetError):
    """The store holds records that are not whole: a load from before generations stopped half way."""


class StoreChanging(DealnetError):
    """Loads switched the store's data again and again while it was being read."""


def read_store_dataset(store: Store) -> Dataset:
    """Everything the store's current generation holds, as a dataset, in one read transaction.

    If the current generation changed while it was read (a load switched and began to
    delete the old generation), the read is repeated on the new one, so what is returned
    is always one whole generation.

    Raises
    ------
    StoreIncomplete
        When a record lacks what it needs (say a person without a party), which only a
        load from before generations that stopped half way leaves behind; running that
        load again heals it.
    StoreChanging
        When loads switched generations during five reads in a row.
    """
    return _read_whole(store, lambda tx: _read_all(tx))[1]


def read_current(store: Store) -> tuple[LoadInfo | None, Dataset]:
    """The current load and everything its generation holds, read together in one read transaction.

    What a load that writes only what changed (:mod:`loaders.delta`) compares its dataset
    with: the load tells which data the comparison was made on, so that a write finding
    another load current refuses. Same guarantees and errors as :func:`read_store_dataset`.
    """
    return _read_whole(store, _read_with_load)[1]


def _read_with_load(tx: ManagedTransaction) -> tuple[int, tuple[LoadInfo | None, Dataset]]:
    load = _current(tx)
    gen = 0 if load is None else load.gen
    with collector_paused():
        return gen, (load, Dataset(**_collections(tx, gen)))


def _read_whole(store: Store, work: Callable[[ManagedTransaction], tuple[int, _T]]) -> tuple[int, _T]:
    """Run the read ``work`` (returning the generation it read and what it read) until no change met it.

    Compared before and after: the current load, not only its generation, since a load
    or an entry written in place (:mod:`loaders.delta`) changes the data of a generation.
    """
    for _ in range(_READ_ATTEMPTS):
        before = store.execute_read(_current_key)
        try:
            gen, value = store.execute_read(work)
        except (ValidationError, Neo4jError) as error:
            if store.execute_read(_current_key) != before:
                continue  # a switch during the read: it may have met the old generation being deleted
            if isinstance(error, ValidationError):
                raise _incomplete(store, error) from None
            raise
        after = store.execute_read(_current_key)
        if after == before and (after[1] if after else 0) == gen:
            return gen, value
    raise StoreChanging(
        f"The store's data changed {_READ_ATTEMPTS} times while it was being read: loads are running. Try again."
    )


def _current_key(tx: ManagedTransaction) -> tuple[str, int] | None:
    """The current load's id and generation: what changes whenever readers' data changes."""
    row = tx.run(cypher("read/current_load")).single()
    return None if row is None else (str(row["id"]), int(row["gen"]))


def _incomplete(store: Store, error: ValidationError) -> StoreIncomplete:
    load = last_load(store)
    state = f"the last load ({load.source or load.id}) is {load.status}" if load else "no load recorded"
    return StoreIncomplete(
        f"The store holds incomplete records ({error.error_count()} problem(s); {state}). "
        "Run the last load again to complete it."
    )


def generation_counts(tx: ManagedTransaction, gen: int) -> dict[str, int]:
    """Nodes per label and relationships per type of generation ``gen``."""
    counts: dict[str, int] = {}
    for record in tx.run(cypher("read/count_labels"), {"gen": gen}):
        for label in record["labels"]:
            counts[label] = counts.get(label, 0) + record["count"]
    for record in tx.run(cypher("read/count_relationships"), {"gen": gen}):
        counts[record["type"]] = record["count"]
    return counts


def _generation_sizes(tx: ManagedTransaction) -> dict[int, int]:
    return {int(row["gen"]): int(row["count"]) for row in tx.run(cypher("read/count_generations"))}


def generation_sizes(store: Store) -> dict[int, int]:
    """Nodes per generation the store holds: the current one, and any an interrupted clean-up or a
    load that died before its switch left (deleted after the next load completes)."""
    return store.execute_read(_generation_sizes)


@dataclass(frozen=True, slots=True)
class LoadInfo:
    """One load as the store recorded it."""

    id: str
    status: str
    started_at: str | None
    finished_at: str | None
    source: str | None
    counts: dict[str, int]
    gen: int = 0
    """The generation the load wrote (0: a load from before generations)."""

    @property
    def complete(self) -> bool:
        return self.status == "complete"


def _load_info(row: Any) -> LoadInfo:
    return LoadInfo(
        id=row["id"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        source=row["source"],
        counts=json.loads(row["counts"]) if row["counts"] else {},
        gen=row["gen"],
    )


def _loads(tx: ManagedTransaction, limit: int) -> list[LoadInfo]:
    return [_load_info(row) for row in tx.run(cypher("read/loads"), {"limit": limit})]


def _current(tx: ManagedTransaction) -> LoadInfo | None:
    row = tx.run(cypher("read/current_load")).single()
    return None if row is None else _load_info(row)


def last_load(store: Store) -> LoadInfo | None:
    """The most recent load, finished or not (one in progress, or one that died); None for an empty store."""
    loads = store.execute_read(_loads, 1)
    return loads[0] if loads else None


def current_load(store: Store) -> LoadInfo | None:
    """The load whose data readers see (always complete); None before the first load completes."""
    return store.execute_read(_current)


def store_version(store: Store) -> str:
    """A text that changes whenever readers' data changes (a load is switched in): the cache key of projections.

    A load in progress does not change it: until its switch, readers see what they saw.
    """
    load = current_load(store)
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
    gen = {"gen": current_generation(tx)}
    nodes = [
        {
            "labels": sorted(row["labels"]),
            "properties": _jsonable({k: v for k, v in row["properties"].items() if k != "gen"}),
        }
        for row in tx.run(cypher("read/dump_nodes"), gen)
    ]
    relationships = [
        # a driver Record iterates over its values, not its keys: ask for the keys
        {name: _jsonable(row[name]) for name in row.keys()}  # noqa: SIM118
        for row in tx.run(cypher("read/dump_relationships"), gen)
    ]
    return {"nodes": nodes, "relationships": relationships}


def canonical_dump(store: Store) -> str:
    """The graph readers see (the current generation, without the load log) as canonical JSON text.

    Independent of dealnet's model: labels, properties and relationships exactly as
    stored, sorted, so two dumps are equal exactly when the graphs are. The generation
    number itself is left out: two loads of the same data dump alike.
    """
    dump = store.execute_read(_dump)
    for part in dump.values():
        part.sort(key=lambda item: json.dumps(item, sort_keys=True))
    return json.dumps(dump, sort_keys=True, ensure_ascii=False, indent=1)


class StoreSource:
    """The app's view of the store: the dataset it holds, read once per store version.

    ``version()`` is one small query; ``dataset()`` reads the whole projection only
    when a load has been switched in since the last read. One read at a time: a thread
    that asks while another reads waits for that read (``dealnet serve`` starts reading
    before the app is built, and the first requests must not read a second time beside it).

    While a load is staged (or after one died before its switch) the app goes on
    showing the current data: :meth:`load` is the load readers see, and
    :meth:`pending` the newer one that has not finished, for a note on screen.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cached: tuple[str, Dataset] | None = None
        self._reading = threading.Lock()

    @property
    def store(self) -> Store:
        """The store read (and, by the app's data entry and check-ins, written to)."""
        return self._store

    def version(self) -> str:
        return store_version(self._store)

    def load(self) -> LoadInfo | None:
        """The load whose data the app shows; before any load completed, the unfinished one (the app warns)."""
        return current_load(self._store) or last_load(self._store)

    def pending(self) -> LoadInfo | None:
        """A load newer than the one shown that has not finished (running, or died before its switch)."""
        last = last_load(self._store)
        return None if last is None or last.complete else last

    def read_ahead(self) -> threading.Thread:
        """Start reading the dataset in a daemon thread, so it is in memory by the time it is asked for.

        A failure is left to the next :meth:`dataset` call, which raises it where it can be shown.
        """

        def run() -> None:
            with contextlib.suppress(Exception):
                self.dataset()

        thread = threading.Thread(target=run, name="dealnet-read-ahead", daemon=True)
        thread.start()
        return thread

    def dataset(self) -> Dataset:
        version = self.version()
        cached = self._cached
        if cached is None or cached[0] != version:
            with self._reading:
                cached = self._cached  # another thread may have read it meanwhile
                if cached is None or cached[0] != version:
                    cached = (version, read_store_dataset(self._store))
                    self._cached = cached
        return cached[1]
