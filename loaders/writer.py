"""Writing a validated dataset into the graph store: all or nothing for readers, whatever its size.

**Generations.** Every data node carries ``gen``, the number of the load that wrote it.
Readers (:mod:`loaders.repository`: the app, ``stats``, ``report``, ``export``) see one
generation only: that of the *current load*, the complete ``:Load`` of the highest
``gen`` (``read/current_load``). A load

1. takes the next generation number on its ``:Load`` marker, ``status: 'unfinished'``
   (``write/begin_load``), in a transaction of its own;
2. *stages* the new generation: creates every node and relationship of what the store
   is to hold, each carrying the new ``gen`` (relationships only join nodes of one
   generation). Readers do not see any of it. A dataset of up to
   :data:`SINGLE_TRANSACTION_ROWS` records (``DEALNET_SINGLE_TRANSACTION_ROWS``) is
   staged and switched in one transaction; a larger one in batches, one transaction each;
3. *switches*: one short transaction sets the marker ``complete`` (``write/finish_load``),
   which makes its generation the current one. This is the only moment readers' data
   changes, and it changes whole;
4. *cleans up*: deletes the nodes of older generations, and with them their
   relationships, in batches (``write/discard_<file>``). Readers no longer look at them.

Killed at any moment (the loader, the store, the machine), the store reads either the
previous generation (killed before the switch committed) or the new one (after). What a
dead load staged is an *abandoned generation*: higher than the current one but never
switched in, so never read; the next load to complete deletes it with the other older
ones. Running the same load again therefore completes it: a re-run is a fresh load.

**What a load writes.** With ``replace`` the store is to hold the dataset; without it, the
union of what it holds and the dataset (:func:`loaders.plan.merged`: a record of the dataset
replaces the stored record of the same key). A load first finds what that changes, record by
record (:func:`loaders.delta.diff`), and then writes

* **nothing** when nothing changes: no data, no ``:Load``, the store version unchanged
  (:attr:`LoadResult.unchanged`);
* **only what changed, in place**, when that is at most :data:`DELTA_MAX_RECORDS` records
  (and never more than :data:`SINGLE_TRANSACTION_ROWS`, what one transaction may hold):
  :func:`loaders.delta.apply_delta` writes the added, changed and removed records into the
  *current* generation and records a complete ``:Load`` of that same generation, all in one
  transaction, so readers see the previous data or the new data, never a part, and their
  store version changes with the commit;
* **a whole new generation** (the steps above) for a first load into an empty store, for a
  bigger change, for a store whose content cannot be read whole, and after a load that died.

To find what changed without reading the store back (seconds at national scale), a load
keeps a fingerprint of the data it wrote (:mod:`loaders.fingerprint`: a digest per record,
``DEALNET_HOME/loads/fingerprint.json``) and trusts it only while the store's current load
is the one that wrote it; after any other write (the app's entries, a load from elsewhere)
the store is read. :data:`DELTA_MAX_RECORDS` is 20,000: on the national dataset (217,417
records), changing or removing up to that many participations and adoptions in place took
well under the time a whole new generation takes to stage (see ``bench/``), and one
transaction of that size stays within the embedded store's smallest default heap.

**Loads written in place share a generation.** Their ``:Load`` has the generation it changed
(``read/current_load`` takes the latest complete load of the highest generation), so the
uniqueness that keeps two loads from staging one generation is on ``staged``, which only a
staging load sets (``admin/constraint_load_staged``). A load written in place checks in its
transaction that the current load is still the one its changes were computed from
(:class:`loaders.delta.DeltaConflict` otherwise: nothing is written, and the load reads the
store again once). A load writes in place only onto a settled store: when a load of a newer
generation exists (one that died before its switch, or one staging now) it stages instead,
and its clean-up deletes the abandoned generation, so running a killed load again completes
it and leaves one generation; older generations that a cut-short clean-up left are deleted
first (``read/unsettled_loads``; a finished clean-up marks its load ``cleaned``).

**Keys.** Two generations of one ``id`` live side by side while a load is staged, so the
uniqueness constraint is on ``(id, gen)`` (``(key, gen)`` for assessments): a composite
property uniqueness constraint, which Neo4j 5 Community and ArcadeDB both enforce. Every
look-up of a load names both (``{id: r.start, gen: $gen}``), so it is served by the index
behind the constraint. Stores loaded before generations have a constraint on ``id``
alone: :func:`ensure_constraints` drops it; their nodes have no ``gen`` and count as
generation 0, which their complete ``:Load`` (without ``gen``) also has.

**Retries.** A transaction function the driver runs again after a transient error starts
on a clean transaction. One whose commit outcome was lost is not re-run by the driver (it
raises, the load stops, and readers keep the previous generation). Should a staging batch
still run twice (tests force it), a node batch fails on the composite constraint, and a
relationship batch would duplicate relationships: when a batch's function ran more than
once, the staged generation is counted before the switch, and staged again under a fresh
generation if it differs from the dataset.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import replace as replace_field
from typing import Any

from neo4j import ManagedTransaction

from graph.diff import FileChange
from graph.model import Dataset
from graph.schema import NODES
from graph.collector import collector_paused
from loaders.delta import DeltaConflict, Marker, apply_delta, diff, diff_fingerprint, fingerprint_after
from loaders.driver import Store
from loaders.errors import DealnetError
from loaders.fingerprint import Fingerprint, fingerprint, read_fingerprint, write_fingerprint
from loaders.plan import NODE_LABELS, Step, build_plan, merged, relationship_counts
from loaders.plan_thread import PlanInBackground
from loaders.repository import (
    LoadInfo,
    StoreIncomplete,
    current_generation,
    generation_counts,
    read_current,
)
from loaders.settings import dealnet_home
from queries.catalog import cypher

__all__ = [
    "DELTA_MAX_RECORDS",
    "SINGLE_TRANSACTION_ROWS",
    "LoadResult",
    "StagingFailed",
    "discard_old_generations",
    "ensure_constraints",
    "fingerprint_file",
    "store_counts",
    "write_dataset",
]

#: Up to this many records, a load is staged and switched in one transaction.
SINGLE_TRANSACTION_ROWS = int(os.environ.get("DEALNET_SINGLE_TRANSACTION_ROWS", "20000"))

#: Up to this many changed records, a load writes them in place in one transaction
#: (:mod:`loaders.delta`); more, and it stages a whole new generation. Never more than
#: :data:`SINGLE_TRANSACTION_ROWS`, which bounds what one transaction holds. See the module.
DELTA_MAX_RECORDS = int(os.environ.get("DEALNET_DELTA_MAX_RECORDS", "20000"))

#: Nodes deleted per transaction by the clean-up of old generations (with their relationships:
#: an activity has some ten, so a batch stays well within the embedded store's default heap).
DISCARD_BATCH = 2_000

#: How often a load stages again when a retried batch left the staged generation wrong.
_STAGING_ATTEMPTS = 3

Progress = Callable[[int, int], None]
"""Called with (steps done, steps in all) as a load proceeds."""

_LABELS = tuple(NODE_LABELS.values())
#: The constraint each statement creates, by name: one on (key, gen) per label, and the load log's.
_CONSTRAINTS: dict[str, str] = {
    **{f"{n.label.lower()}_{n.key}_gen": f"admin/constraint_{n.label.lower()}" for n in NODES if n.label in _LABELS},
    "load_id": "admin/constraint_load",
    "load_staged": "admin/constraint_load_staged",
}
#: The single-key constraints of stores loaded before generations, with the statement dropping each.
_LEGACY_CONSTRAINTS: dict[str, str] = {
    f"{n.label.lower()}_{n.key}": f"admin/drop_constraint_{n.label.lower()}" for n in NODES if n.label in _LABELS
}
#: Constraints of earlier versions that no longer hold: one generation per load (loads written in
#: place share the generation they change; ``admin/constraint_load_staged`` instead).
_RETIRED_CONSTRAINTS: dict[str, str] = {"load_gen": "admin/drop_constraint_load_gen"}
#: Clean-up order: the ends with many relationships (activities, lessons) before parties,
#: so no batch of parties takes their hundreds of participations each along.
_DISCARD_ORDER = tuple(reversed(NODE_LABELS))


class StagingFailed(DealnetError):
    """A load could not stage its generation as the dataset says; readers keep the previous one."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did."""

    load_id: str
    """The ``:Load`` it recorded; empty when nothing changed (nothing recorded)."""
    counts: dict[str, int]
    transactions: int
    """Transactions that wrote data (the marker's begin and switch and the clean-up not counted)."""
    healed: bool = False
    generation: int = 0
    """The generation the load made current (an in-place load keeps the current one)."""
    discarded: int = 0
    """Nodes of older (or abandoned) generations deleted after the switch."""
    mode: str = "staged"
    """``"staged"`` (a whole new generation), ``"in place"`` (only what changed, see
    :mod:`loaders.delta`) or ``"unchanged"`` (the store held the data already: nothing written)."""
    changes: dict[str, FileChange] | None = None
    """Records added, changed and removed per file (``None`` when the store's data could not be read)."""
    statements: int = 0
    """Data statements run (round trips): 0 for an unchanged load."""

    @property
    def unchanged(self) -> bool:
        """Nothing was written, not even a ``:Load``: the store already held this data."""
        return self.mode == "unchanged"


def ensure_constraints(store: Store) -> None:
    """Create the uniqueness constraint behind every look-up key, if missing (and drop
    the single-key constraints of stores loaded before generations).

    The database's constraints are listed first, so a load onto a prepared store runs one
    statement here instead of two dozen (each a round trip, which counts on a remote server).
    """
    present = store.execute_read(_constraint_names)
    for name, statement in (_LEGACY_CONSTRAINTS | _RETIRED_CONSTRAINTS).items():
        if name in present:
            store.execute_write(_run, statement, {})
    for name, statement in _CONSTRAINTS.items():
        if name not in present:
            store.execute_write(_run, statement, {})


def _constraint_names(tx: ManagedTransaction) -> frozenset[str]:
    return frozenset(row["name"] for row in tx.run(cypher("admin/constraints")))


def _run(tx: ManagedTransaction, name: str, parameters: dict[str, Any]) -> None:
    tx.run(cypher(name), parameters).consume()


def store_counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type that readers see now (the current generation)."""
    return store.execute_read(lambda tx: generation_counts(tx, current_generation(tx)))


def _run_steps(tx: ManagedTransaction, steps: list[Step], gen: int, attempts: list[int] | None = None) -> None:
    """Run ``steps`` into generation ``gen``; ``attempts`` counts the calls, so a retried transaction function shows."""
    if attempts is not None:
        attempts[0] += 1
    for step in steps:
        tx.run(cypher(step.statement), {step.parameter: list(step.values), "gen": gen}).consume()


def _begin(tx: ManagedTransaction, begin: dict[str, Any]) -> int:
    return int(tx.run(cypher("write/begin_load"), begin).single(strict=True)["gen"])


def _finish(tx: ManagedTransaction, load_id: str, gen: int, counts: dict[str, int]) -> None:
    """The switch: the load's generation becomes the one readers see."""
    finish = {"id": load_id, "gen": gen, "finished_at": _now(), "counts": json.dumps(counts)}
    if tx.run(cypher("write/finish_load"), finish).single() is None:
        raise StagingFailed(f"load {load_id} no longer stages generation {gen}: was another load started with its id?")


def _write_all(tx: ManagedTransaction, steps: list[Step], begin: dict[str, Any], counts: dict[str, int]) -> int:
    """A whole small load in one transaction: begin, stage, switch. Returns its generation.

    Run twice in one transaction, the second run takes a fresh generation (``begin_load``)
    and the first run's becomes an abandoned one: nothing is duplicated.
    """
    gen = _begin(tx, begin)
    _run_steps(tx, steps, gen)
    _finish(tx, begin["id"], gen, counts)
    return gen


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _read_held(store: Store, held: Dataset | None) -> tuple[Dataset | None, LoadInfo | None]:
    """What the store holds (``None`` when it cannot be told) and the load it was read from.

    Read together in one transaction (:func:`loaders.repository.read_current`), so that a
    load or entry that becomes current after the read makes
    :func:`loaders.delta.apply_delta` refuse rather than write over it unseen. A ``held``
    the caller read is taken as read from the load current now.
    """
    if held is not None:
        return held, store.execute_read(_current_load_info)
    try:
        load, read = read_current(store)
    except StoreIncomplete:
        # Only a store loaded before generations, by a load that stopped half way, reads
        # incomplete; what it held cannot be told apart from the rest, so it is replaced.
        return None, store.execute_read(_current_load_info)
    return read, load


def _current_load_info(tx: ManagedTransaction) -> LoadInfo | None:
    row = tx.run(cypher("read/current_load")).single()
    return None if row is None else LoadInfo(row["id"], row["status"], None, None, row["source"], {}, int(row["gen"]))


def write_dataset(
    store: Store,
    dataset: Dataset,
    *,
    source: str = "",
    replace: bool = False,
    batch_size: int = 5_000,
    progress: Progress | None = None,
    held: Dataset | None = None,
) -> LoadResult:
    """Make the store hold ``dataset`` (and, with ``replace``, nothing else), switching readers at once.

    The dataset must already be validated (:func:`loaders.reader.read_dataset` does
    that); this function only writes: nothing when the store already holds the data,
    only what changed when that is little (one transaction, in place), else a whole new
    generation (see the module).

    Parameters
    ----------
    held
        What the store holds now, when the caller has just read it
        (:func:`loaders.repository.read_store_dataset`, as ``dealnet load`` does); read
        here otherwise.

    Raises
    ------
    StagingFailed
        When retried batches left the staged generation wrong three times running;
        readers keep the previous generation.
    DeltaConflict
        When other writers changed the store between the read of what it holds and the
        in-place write, twice running; nothing of this load is written.
    """
    ensure_constraints(store)
    counts = dataset.counts()
    limit = min(DELTA_MAX_RECORDS, SINGLE_TRANSACTION_ROWS)
    remembered = fingerprint_file()
    if held is None and remembered is not None:
        quick = _write_from_fingerprint(store, dataset, remembered, source, replace, counts, limit, progress)
        if quick is not None:
            return quick
    for attempt in range(2):
        with collector_paused():
            before, load = _read_held(store, held if attempt == 0 else None)
            if before is None:  # unknown: replace it whole
                return _stage_remembering(remembered, store, dataset, source, replace, batch_size, progress, counts)
            target = dataset if replace or not any(before.counts().values()) else merged(before, dataset)
            if load is None or load.gen == 0 or not _settled(store, load.gen):
                # a first load, a store from before generations, or one a dead load left a generation in
                changes = _changes(before, target)
                return _stage_remembering(remembered, store, target, source, replace, batch_size, progress, counts,
                                          changes)  # fmt: skip
            delta = diff(before, target)
        if not delta:
            _remember(remembered, before, load.id)
            return LoadResult(load_id="", counts=counts, transactions=0, generation=load.gen, mode="unchanged",
                              changes={})  # fmt: skip
        if delta.size > limit:
            return _stage_remembering(remembered, store, target, source, replace, batch_size, progress, counts,
                                      delta.changes())  # fmt: skip
        marker = Marker.new(source, replace=replace, counts=counts)
        try:
            written = store.execute_write(apply_delta, delta, gen=load.gen, marker=marker, expected_load=load.id)
        except DeltaConflict:
            if attempt:
                raise
            continue  # another writer came in between: read what the store holds now and try again
        _remember(remembered, target, marker.id)
        if progress:
            progress(1, 1)
        return LoadResult(
            load_id=marker.id, counts=counts, transactions=1, generation=load.gen, mode="in place",
            changes=delta.changes(), statements=written.statements,
        )  # fmt: skip
    raise AssertionError("unreachable")  # pragma: no cover


def fingerprint_file() -> Path | None:
    """Where loads keep the fingerprint of the data they wrote (:mod:`loaders.fingerprint`); ``None``: nowhere.

    ``DEALNET_HOME/loads/fingerprint.json``; ``DEALNET_LOAD_FINGERPRINT=off`` turns it off
    (every load then reads the store to find what changed).
    """
    if os.environ.get("DEALNET_LOAD_FINGERPRINT", "").lower() in {"off", "0", "no", "false"}:
        return None
    return dealnet_home() / "loads" / "fingerprint.json"


def _stage_remembering(
    path: Path | None,
    store: Store,
    target: Dataset,
    source: str,
    replace: bool,
    batch_size: int,
    progress: Progress | None,
    counts: dict[str, int],
    changes: dict[str, FileChange] | None = None,
) -> LoadResult:
    """:func:`_stage`, computing the target's fingerprint meanwhile (in a thread: the staging mostly waits
    for the store), kept once the load is current."""
    if path is None:
        return _stage(store, target, source, replace, batch_size, progress, counts, changes)
    with collector_paused(), ThreadPoolExecutor(max_workers=1) as pool:
        digests = pool.submit(fingerprint, target, "")
        result = _stage(store, target, source, replace, batch_size, progress, counts, changes)
        value = digests.result()
    _remember(path, replace_field(value, load_id=result.load_id), result.load_id)
    return result


def _remember(path: Path | None, data: Dataset | Fingerprint, load_id: str) -> None:
    """Keep the fingerprint of what the store holds after ``load_id``; a failure only costs the next load a read."""
    if path is None or not load_id:
        return
    try:
        with collector_paused():
            value = data if isinstance(data, Fingerprint) else fingerprint(data, load_id)
        write_fingerprint(path, value)
    except OSError:
        path.unlink(missing_ok=True)


def _write_from_fingerprint(
    store: Store,
    dataset: Dataset,
    path: Path,
    source: str,
    replace: bool,
    counts: dict[str, int],
    limit: int,
    progress: Progress | None,
) -> LoadResult | None:
    """The load, when the fingerprint at ``path`` describes the store's current data and the change is small.

    ``None`` when it cannot tell (no fingerprint of the current load), when the change is
    too big for one transaction (staging needs the store's records), or when another writer
    came in between: the caller then reads the store.
    """
    load = store.execute_read(_current_load_info)
    if load is None or load.gen == 0 or not _settled(store, load.gen):
        return None
    held = read_fingerprint(path, load.id)
    if held is None:
        return None
    with collector_paused():
        delta = diff_fingerprint(held, dataset, replace=replace)
    if not delta:
        return LoadResult(load_id="", counts=counts, transactions=0, generation=load.gen, mode="unchanged",
                          changes={})  # fmt: skip
    if delta.size > limit:
        return None
    marker = Marker.new(source, replace=replace, counts=counts)
    try:
        written = store.execute_write(apply_delta, delta, gen=load.gen, marker=marker, expected_load=load.id)
    except DeltaConflict:
        return None
    _remember(path, fingerprint_after(held, delta, marker.id), marker.id)
    if progress:
        progress(1, 1)
    return LoadResult(
        load_id=marker.id, counts=counts, transactions=1, generation=load.gen, mode="in place",
        changes=delta.changes(), statements=written.statements,
    )  # fmt: skip


def _changes(before: Dataset, target: Dataset) -> dict[str, FileChange]:
    return diff(before, target).changes() if any(before.counts().values()) else diff(Dataset(), target).changes()


def _stage(
    store: Store,
    target: Dataset,
    source: str,
    replace: bool,
    batch_size: int,
    progress: Progress | None,
    counts: dict[str, int],
    changes: dict[str, FileChange] | None,
) -> LoadResult:
    """Stage ``target`` as a whole new generation and switch readers to it (see the module)."""
    load_id = uuid.uuid4().hex
    begin = {"id": load_id, "started_at": _now(), "source": source, "replace": replace}
    if sum(target.counts().values()) <= SINGLE_TRANSACTION_ROWS:
        with collector_paused():
            steps = build_plan(target, batch_size=batch_size)
        gen = store.execute_write(_write_all, steps, begin, counts)
        if progress:
            progress(1, 1)
        discarded = discard_old_generations(store, gen)
        return LoadResult(load_id=load_id, counts=counts, transactions=1, generation=gen, discarded=discarded,
                          changes=changes, statements=len(steps))  # fmt: skip
    transactions = 0
    healed = False
    # The plan is built in a thread while the store writes its first steps (loaders.plan_thread).
    with collector_paused(), PlanInBackground(target, batch_size=batch_size) as plan:
        for _ in range(_STAGING_ATTEMPTS):
            gen = store.execute_write(_begin, begin)
            attempts = [0]
            written = 0
            for written, step in enumerate(plan, start=1):
                store.execute_write(_run_steps, [step], gen, attempts)
                if progress:
                    progress(written, plan.total)
            transactions += written
            # A retried batch can only have duplicated relationships when its function ran twice;
            # counting the staged generation costs a scan of the store, so only then.
            if attempts[0] == written or _staged_as_planned(store, gen, target):
                break
            healed = True  # stage again under a fresh generation; this one is abandoned
        else:
            raise StagingFailed(
                f"retried transactions left the staged generation different from the dataset {_STAGING_ATTEMPTS} "
                "times; the store still reads the previous data"
            )
    store.execute_write(_finish, load_id, gen, counts)
    discarded = discard_old_generations(store, gen)
    return LoadResult(
        load_id=load_id, counts=counts, transactions=transactions, healed=healed, generation=gen,
        discarded=discarded, changes=changes, statements=transactions,
    )  # fmt: skip


def _staged_as_planned(store: Store, gen: int, target: Dataset) -> bool:
    """Whether generation ``gen`` holds exactly the nodes and relationships ``target`` makes."""
    staged = store.execute_read(generation_counts, gen)
    expected = {NODE_LABELS[file]: count for file, count in target.counts().items() if file in NODE_LABELS and count}
    expected |= relationship_counts(target)
    return {name: count for name, count in staged.items() if count} == expected


def _discard_batch(tx: ManagedTransaction, name: str, gen: int) -> int:
    return int(tx.run(cypher(name), {"gen": gen, "limit": DISCARD_BATCH}).single(strict=True)["deleted"])


def discard_old_generations(store: Store, gen: int) -> int:
    """Delete every node (with its relationships) of a generation older than ``gen``; returns how many.

    Readers never look at them once ``gen`` is current, so this runs in batches after the
    switch; if it is interrupted, the next completed load deletes the rest.
    """
    deleted = 0
    for file in _DISCARD_ORDER:
        while batch := store.execute_write(_discard_batch, f"write/discard_{file}", gen):
            deleted += batch
    store.execute_write(_run, "write/mark_cleaned", {"gen": gen})
    return deleted


def _unsettled(tx: ManagedTransaction, gen: int) -> tuple[int, int]:
    row = tx.run(cypher("read/unsettled_loads"), {"gen": gen}).single(strict=True)
    return int(row["newer"]), int(row["uncleaned"])


def _settled(store: Store, gen: int) -> bool:
    """Whether a load may write in place onto generation ``gen``: no load of a newer generation exists.

    A newer one is a load that died before its switch (or one staging now): this load then
    stages a whole generation, whose clean-up deletes what the dead one left, so that running
    a killed load again completes it and leaves one generation. Older generations that a
    clean-up cut short left are deleted here (one small query tells; nothing is written when
    there are none).
    """
    newer, uncleaned = store.execute_read(_unsettled, gen)
    if uncleaned:
        discard_old_generations(store, gen)
    return not newer
