"""Keeping the programme's log in the app: read, save, retire and undo records, one transaction per save.

The app's forms (and the check-in and self-assessment links) change the data through this
module only. A save (:func:`save_records`) is **one write transaction** that

1. takes the change log's lock (``entries/lock_changes``), so saves run one after another;
2. reads what readers see now (the current generation);
3. applies the changes by the loaders' own rules (:func:`loaders.entry_apply.apply_changes`:
   the model, the integrity checks, optimistic versions); anything wrong raises
   :class:`EntryInvalid` or :class:`EntryConflict` and **nothing is written**;
4. writes the data as it is to be, and a complete ``:Load`` marker (source ``app:<actor>``),
   so :func:`loaders.repository.store_version` changes and every page shows the new data at once;
5. writes one ``:Change`` per record (:mod:`loaders.changes`): who, when, the values
   before and after; the history of a record and the undo of its last change read them.

A record's **version** (:func:`loaders.entry_apply.record_version`) is a hash of its
values: a form keeps the version it opened, and a save whose version is no longer the
stored one is refused with the current values and who changed them
(:class:`EntryConflict`), never written over.

**Retire** takes a record out of the data (never silently: its values stay in its
``:Change``, and undo restores it); a record others refer to cannot be retired alone.

**Undo** (:func:`undo_last`) puts back the values a record had before its last change,
and those of every record saved with it (an activity with its participations), provided
none of them changed since; it is itself a change (action ``undo``), so it can be undone.

How the data is written: only what the save changes, in place in the current generation,
by the engine of incremental loads (:func:`loaders.delta.apply_delta`), which records the
new ``:Load`` of that generation in the same transaction. Readers see the data before the
save or after it, never a mix. A store that was never loaded (generation 0) is staged
whole as a first generation instead, as a first load is (:mod:`loaders.writer`). A load
that becomes current between the save's read and its write makes the save start again
once (:class:`loaders.delta.DeltaConflict`), then fail with it.

A save starts from the projection last read (or written) for this store when its load is
still the current one once the lock is taken, and reads the data anew inside its
transaction otherwise, so consecutive saves cost what they change, not a whole read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
import weakref
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.model import ENTITY_MODELS, Dataset, Record, record_key
from loaders.changes import ChangeEntry, batch_changes, change_rows, recent, record_changes, write_changes
from loaders.delta import DeltaConflict, Marker, apply_delta, diff
from loaders.driver import Store
from loaders.errors import DealnetError
from loaders.entry_apply import (
    CODES,
    EntryConflict,
    EntryInvalid,
    FieldError,
    RecordChange,
    apply_changes,
    record_values,
    record_version,
)
from loaders.entry_apply import new_id as _new_id
from loaders.plan import build_plan
from loaders.repository import _read_all, current_load, read_current
from loaders.writer import discard_old_generations, ensure_constraints
from queries.catalog import cypher

__all__ = [
    "CODES",
    "ChangeEntry",
    "EntryConflict",
    "EntryInvalid",
    "FieldError",
    "RecordChange",
    "Stored",
    "ensure_log_constraints",
    "history",
    "new_id",
    "read_record",
    "read_records",
    "recent_changes",
    "save_records",
    "undo_last",
]

#: The constraints of the logs outside the generations, by name, with the statement creating each.
_LOG_CONSTRAINTS = {
    "change_id": "admin/constraint_change",
    "changelog_id": "admin/constraint_changelog",
    "export_id": "admin/constraint_export",
}


@dataclass(frozen=True)
class Stored:
    """A record as the store holds it now: its values (JSON values, as forms take them) and its version."""

    file: str
    key: str
    values: dict[str, Any]
    version: str


def stored(file: str, record: Record) -> Stored:
    """The :class:`Stored` view of a record of ``file``."""
    return Stored(file, record_key(record), record_values(record), record_version(record))


def new_id(file: str, title: str, taken: Collection[str]) -> str:
    """A slug id for a new record of ``file`` made from its title, not in ``taken`` (see :func:`loaders.entry_apply.new_id`).

    Examples
    --------
    >>> new_id("activities", "Werkbezoek Urk", ["werkbezoek-urk"])
    'werkbezoek-urk-2'
    """
    return _new_id(file, title, taken)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _constraint_names(tx: ManagedTransaction) -> frozenset[str]:
    return frozenset(row["name"] for row in tx.run(cypher("admin/constraints")))


def _run(tx: ManagedTransaction, name: str) -> None:
    tx.run(cypher(name)).consume()


def ensure_log_constraints(store: Store) -> None:
    """Create the uniqueness constraints of ``:Change``, ``:ChangeLog`` and ``:Export``, and the lock node, if missing.

    The lock node is created here, apart from the saves: two saves that both created it
    at once would fail on its constraint (the embedded store does not retry that).
    """
    present = store.execute_read(_constraint_names)
    for name, statement in _LOG_CONSTRAINTS.items():
        if name not in present:
            store.execute_write(_run, statement)
    with contextlib.suppress(ConstraintError):  # another process created it at the same moment: it is there
        store.execute_write(_run, "entries/create_change_log")


# --------------------------------------------------------------------------- reading


def read_records(store: Store, file: str) -> tuple[Stored, ...]:
    """Every record of ``file`` as the store holds it now, in the store's order."""
    data = _current(store)
    return tuple(stored(file, record) for record in getattr(data, _file(file)))


def read_record(store: Store, file: str, key: str) -> Stored | None:
    """The record of ``file`` with key ``key`` as the store holds it now (``None``: there is none)."""
    for record in getattr(_current(store), _file(file)):
        if record_key(record) == key:
            return stored(file, record)
    return None


#: Per store, the last projection read (or written by a save) and the id of the load it is the data
#: of: a form opening an activity reads its participations one by one, and a save starts from it,
#: so neither costs a whole projection while nothing else changed the store.
_READ: weakref.WeakKeyDictionary[Store, tuple[str | None, Dataset]] = weakref.WeakKeyDictionary()


def _held(store: Store) -> tuple[str | None, Dataset]:
    """What readers see now and the id of its load (``None``: never loaded); read again only after a change."""
    load = current_load(store)
    cached = _READ.get(store)
    if cached is not None and cached[0] == (None if load is None else load.id):
        return cached
    info, data = read_current(store)
    fresh = (None if info is None else info.id, data)
    _READ[store] = fresh
    return fresh


def _current(store: Store) -> Dataset:
    return _held(store)[1]


def _file(file: str) -> str:
    if file not in ENTITY_MODELS:
        raise ValueError(f"not a file of the interchange format: {file!r}")
    return file


def history(store: Store, file: str, key: str) -> tuple[ChangeEntry, ...]:
    """Every change the app made to one record, newest first (a loaded record without changes: empty)."""
    return store.execute_read(record_changes, _file(file), key)


def recent_changes(store: Store, limit: int = 50) -> tuple[ChangeEntry, ...]:
    """The latest changes of any record, newest first."""
    return store.execute_read(recent, limit)


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class _Saved:
    generation: int
    restaged: bool
    entries: tuple[ChangeEntry, ...]
    load_id: str | None
    """The load the save recorded (``None``: nothing written, or staged whole)."""
    target: Dataset | None
    """What the store holds after the save."""


def save_records(store: Store, changes: Sequence[RecordChange], *, actor: str, role: str) -> tuple[ChangeEntry, ...]:
    """Create, edit and retire records in one transaction; returns what was recorded (empty: nothing changed).

    Parameters
    ----------
    changes
        The records to save together (an activity and its participations, a new person
        among them): all are written or none.
    actor, role
        Who saves, as the audit trail names them.

    Raises
    ------
    EntryInvalid
        With every problem of every change (codes in :data:`CODES`); nothing written.
    EntryConflict
        When a record was changed or retired since it was opened; nothing written.
    """
    for change in changes:
        _file(change.file)
    if not changes:
        return ()
    return _save(store, lambda tx, held: list(changes), actor=actor, role=role, action=None)


def undo_last(store: Store, file: str, key: str, *, actor: str, role: str) -> tuple[ChangeEntry, ...]:
    """Undo the last change of a record, with every record saved together with it; returns the undo's changes.

    Returns an empty tuple when the app never changed the record (nothing to undo).

    Raises
    ------
    EntryConflict
        When one of the records changed after that change (undo would lose it); nothing written.
    EntryInvalid
        When the undo would break the data (a record to take out that others now refer
        to, code ``referenced``); nothing written.
    """
    _file(file)

    def plan(tx: ManagedTransaction, held: Dataset) -> list[RecordChange]:
        last = record_changes(tx, file, key, 1)
        if not last:
            return []
        return _reversal(held, batch_changes(tx, last[0].batch))

    return _save(store, plan, actor=actor, role=role, action="undo")


def _reversal(held: Dataset, batch: Sequence[ChangeEntry]) -> list[RecordChange]:
    """The changes that put back what ``batch`` changed, if nothing changed since."""
    index = {file: {record_key(r): r for r in getattr(held, file)} for file in {c.file for c in batch}}
    changes: list[RecordChange] = []
    for change in batch:
        current = index[change.file].get(change.key)
        now = None if current is None else record_values(current)
        if now != change.after:
            raise EntryConflict(change.file, change.key, current)
        if change.before is None:
            changes.append(RecordChange(change.file, None, key=change.key))
        elif current is None:
            changes.append(RecordChange(change.file, change.before))
        else:
            changes.append(RecordChange(change.file, change.before, key=change.key))
    return changes


def _save(store: Store, plan: Any, *, actor: str, role: str, action: str | None) -> tuple[ChangeEntry, ...]:
    ensure_constraints(store)
    ensure_log_constraints(store)
    loaded, held = _held(store)
    try:
        saved = store.execute_write(_save_in, plan, actor, role, action, loaded, held)
    except DeltaConflict:  # a load became current between the read and the write: once more, on its data
        saved = store.execute_write(_save_in, plan, actor, role, action, None, None)
    if saved.restaged or saved.load_id is None:
        _READ.pop(store, None)
        if saved.restaged:
            discard_old_generations(store, saved.generation)
    elif saved.target is not None:
        _READ[store] = (saved.load_id, saved.target)  # what the store now holds, as validated records
    return saved.entries


def _save_in(
    tx: ManagedTransaction,
    plan: Any,
    actor: str,
    role: str,
    action: str | None,
    loaded: str | None,
    cached: Dataset | None,
) -> _Saved:
    """One save, whole, in the caller's write transaction.

    ``cached`` is what the store held when the load ``loaded`` was current; it is used
    when that load is still the current one once the lock is taken (every save and every
    load records a new current load), and read anew inside the transaction otherwise.
    """
    at = _now()
    if tx.run(cypher("entries/lock_changes"), {"at": _iso(at)}).single() is None:
        raise DealnetError("the change log's lock node is missing: ensure_log_constraints was not run")
    load = tx.run(cypher("read/current_load")).single()
    if load is not None and cached is not None and load["id"] == loaded:
        gen, held = int(load["gen"]), cached
    else:
        gen, held = _read_all(tx)
    try:
        changes = plan(tx, held)
        if not changes:
            return _Saved(gen, False, (), None, None)
        target, effects = apply_changes(held, changes)
    except EntryConflict as conflict:
        raise _explained(tx, conflict) from None
    if not effects:
        return _Saved(gen, False, (), None, None)
    source = f"app:{actor}"
    if load is None or gen == 0:  # never loaded (or loaded before generations): a first generation, whole
        generation, restaged, load_id = _stage_whole(tx, target, source), True, None
    else:
        marker = Marker.new(source, counts=target.counts())
        apply_delta(tx, diff(held, target), gen=gen, marker=marker, expected_load=load["id"])
        generation, restaged, load_id = gen, False, marker.id
    batch = uuid.uuid4().hex
    rows = change_rows(effects, at=at, actor=actor, role=role, batch=batch, action=action)
    return _Saved(generation, restaged, write_changes(tx, rows), load_id, target)


def _explained(tx: ManagedTransaction, conflict: EntryConflict) -> EntryConflict:
    """The conflict with the record's current values and who changed it last (``None``: a load)."""
    last = record_changes(tx, conflict.file, conflict.key, 1)
    current = conflict.current
    shown = stored(conflict.file, current) if isinstance(current, Record) else current
    who, when = (last[0].actor, last[0].at) if last else (None, None)
    return EntryConflict(conflict.file, conflict.key, shown, who, when)


def _stage_whole(tx: ManagedTransaction, target: Dataset, source: str) -> int:
    """Make readers see ``target``, within the transaction: staged as a new generation and switched in."""
    load_id = uuid.uuid4().hex
    begin = {"id": load_id, "started_at": _iso(_now()), "source": source, "replace": True}
    gen = int(tx.run(cypher("write/begin_load"), begin).single(strict=True)["gen"])
    for step in build_plan(target):
        tx.run(cypher(step.statement), {step.parameter: list(step.values), "gen": gen}).consume()
    finish = {"id": load_id, "gen": gen, "finished_at": _iso(_now()), "counts": json.dumps(target.counts())}
    tx.run(cypher("write/finish_load"), finish).consume()
    return gen
