"""Writing a validated dataset into the graph store: all or nothing, idempotent.

A load runs the plan of :mod:`loaders.plan` through managed write transactions.

* A dataset of up to :data:`SINGLE_TRANSACTION_ROWS` records (``DEALNET_SINGLE_TRANSACTION_ROWS``)
  is written in **one** transaction, its load marker included: it commits whole or
  not at all. The plan is made inside the transaction function, so a retry by the
  driver (after a transient error) plans again against what the store then holds
  and cannot duplicate anything.
* A larger dataset is written in batches, one transaction each, between a
  ``:Load {status: 'unfinished'}`` marker and its completion. If the process dies in
  between, the marker stays ``unfinished``: :func:`loaders.repository.last_load`
  reports it, the app refuses to present the data as complete, and running the same
  load again finishes it exactly (the plan deletes and re-creates what each row
  defines). Where a label or relationship type is new to the store, the load
  ``CREATE``s blindly and checks the relationship counts afterwards (a duplicate
  would show, and a second, updating pass heals it); elsewhere it ``MERGE``s, so a
  batch that ran twice leaves nothing twice. (The driver itself never re-runs a
  transaction whose commit outcome it does not know: it raises ``IncompleteCommit``,
  the load stays unfinished, and the re-run completes it.)

With ``replace``, what the dataset no longer holds is removed by diffing the store's
keys (read in one record) against the dataset's in Python and deleting only the rest:
ArcadeDB's ``WHERE NOT n.id IN $keep`` scans the list per stored record, which made a
national ``load --replace`` take minutes.

Constraints are created before any data (schema operations cannot share a
transaction with writes), and are what makes every ``MERGE`` key unique.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph.model import Dataset
from graph.schema import NODES
from loaders.collector import collector_paused
from loaders.driver import Store
from loaders.plan import Step, build_plan, relationship_counts
from queries.catalog import cypher

__all__ = ["SINGLE_TRANSACTION_ROWS", "LoadResult", "ensure_constraints", "store_counts", "write_dataset"]

#: Up to this many records, a load is one transaction (truly all or nothing).
SINGLE_TRANSACTION_ROWS = int(os.environ.get("DEALNET_SINGLE_TRANSACTION_ROWS", "20000"))

Progress = Callable[[int, int], None]
"""Called with (steps done, steps in all) as a load proceeds."""

_CONSTRAINTS = tuple(f"admin/constraint_{node.label.lower()}" for node in NODES)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did."""

    load_id: str
    counts: dict[str, int]
    transactions: int
    healed: bool = False


def ensure_constraints(store: Store) -> None:
    """Create the uniqueness constraint behind every merge key, if missing."""
    for name in _CONSTRAINTS:
        store.execute_write(_run, name, {})


def _run(tx: ManagedTransaction, name: str, parameters: dict[str, Any]) -> None:
    tx.run(cypher(name), parameters).consume()


def _counts_in(tx: ManagedTransaction) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in tx.run(cypher("read/count_labels")):
        for label in record["labels"]:
            counts[label] = counts.get(label, 0) + record["count"]
    for record in tx.run(cypher("read/count_relationships")):
        counts[record["type"]] = record["count"]
    return counts


def store_counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type that the store holds now."""
    return store.execute_read(_counts_in)


#: Keys per statement when a prune removes what the dataset no longer holds.
_PRUNE_BATCH = 10_000


def _run_steps(tx: ManagedTransaction, steps: list[Step], attempts: list[int] | None = None) -> None:
    """Run ``steps``; ``attempts`` counts the calls, so a retried transaction function shows."""
    if attempts is not None:
        attempts[0] += 1
    for step in steps:
        if step.parameter == "keys":
            _prune(tx, step)
        else:
            tx.run(cypher(step.statement), {step.parameter: list(step.values)}).consume()


def _prune(tx: ManagedTransaction, step: Step) -> None:
    """Remove what the store holds and the step's keys (the dataset's) do not.

    The store's keys are read in one record (``read/keys_<file>``) and diffed here:
    ``WHERE NOT n.id IN $keep`` costs ArcadeDB a scan of the list per stored record,
    which made ``load --replace`` quadratic (minutes at national scale). Only the keys
    to remove are sent back, and the read happens in the same transaction as the delete.
    """
    file = step.statement.removeprefix("write/prune_")
    keep = frozenset(step.values)
    stored = tx.run(cypher(f"read/keys_{file}")).single(strict=True)["keys"]
    doomed = [key for key in stored if (key["key"] if isinstance(key, dict) else key) not in keep]
    for offset in range(0, len(doomed), _PRUNE_BATCH):
        tx.run(cypher(step.statement), {"keys": doomed[offset : offset + _PRUNE_BATCH]}).consume()


def _plan(
    dataset: Dataset, existing: dict[str, int], replace: bool, batch_size: int, *, heal: bool = False
) -> list[Step]:
    with collector_paused():
        return build_plan(dataset, existing=existing, replace=replace, batch_size=batch_size, heal=heal)


def _write_all(
    tx: ManagedTransaction, dataset: Dataset, replace: bool, batch_size: int, begin: dict[str, Any]
) -> None:
    """The whole load in one transaction, its load marker included: all of it commits, or none."""
    tx.run(cypher("write/begin_load"), begin).consume()
    _run_steps(tx, _plan(dataset, _counts_in(tx), replace, batch_size))
    finish = {"id": begin["id"], "finished_at": _now(), "counts": json.dumps(dataset.counts())}
    tx.run(cypher("write/finish_load"), finish).consume()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def write_dataset(
    store: Store,
    dataset: Dataset,
    *,
    source: str = "",
    replace: bool = False,
    batch_size: int = 5_000,
    progress: Progress | None = None,
) -> LoadResult:
    """Make the store hold ``dataset`` (and, with ``replace``, nothing else).

    The dataset must already be validated (:func:`loaders.reader.read_dataset` does
    that); this function only writes.
    """
    ensure_constraints(store)
    load_id = uuid.uuid4().hex
    counts = dataset.counts()
    total = sum(counts.values())
    begin = {"id": load_id, "started_at": _now(), "source": source, "replace": replace}
    if total <= SINGLE_TRANSACTION_ROWS:
        store.execute_write(_write_all, dataset, replace, batch_size, begin)
        if progress:
            progress(1, 1)
        return LoadResult(load_id=load_id, counts=counts, transactions=1)
    store.execute_write(_run, "write/begin_load", begin)
    existing = store_counts(store)
    steps = _plan(dataset, existing, replace, batch_size)
    attempts = [0]
    for done, step in enumerate(steps, start=1):
        store.execute_write(_run_steps, [step], attempts)
        if progress:
            progress(done, len(steps))
    transactions = len(steps)
    healed = False
    # A blind CREATE can duplicate only when the driver ran a step's function again (a commit
    # whose answer was lost); counting every relationship to find out costs a scan of the store.
    retried = attempts[0] > len(steps)
    if retried and not replace and _has_duplicates(store, dataset, existing):
        repair = _plan(dataset, store_counts(store), False, batch_size, heal=True)
        for step in repair:
            store.execute_write(_run_steps, [step])
        transactions += len(repair)
        healed = True
    store.execute_write(
        _run,
        "write/finish_load",
        {"id": load_id, "finished_at": _now(), "counts": json.dumps(counts)},
    )
    return LoadResult(load_id=load_id, counts=counts, transactions=transactions, healed=healed)


def _has_duplicates(store: Store, dataset: Dataset, before: dict[str, int]) -> bool:
    """After blind creates, more relationships than the dataset makes means a retry duplicated some."""
    after = store_counts(store)
    expected = relationship_counts(dataset)
    return any(after.get(rel, 0) > count for rel, count in expected.items() if not before.get(rel))
