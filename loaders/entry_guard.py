"""Loads and the app's entries: a load never silently undoes what was entered in the app.

The app's entries change the current data in place (:mod:`loaders.entries`); a load
(``dealnet load``, with or without ``--replace``) writes a dataset kept in files. The two
combine by one rule:

* ``dealnet export`` records when it read the store (an ``:Export`` node, :func:`record_export`);
  what was entered before that is in the exported files;
* a load that would **change or remove** a record whose last change in the app is newer
  than the last export (or any such record, before the first export) is refused, naming
  each record with who changed it and when (:func:`unexported_changes`), unless forced
  (``--force``). Records the load leaves as they are, and records it only adds, are no
  reason to refuse.

So the safe cycle is *export → edit the files → load*: the export holds everything
entered, and loading it back changes nothing that was entered.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph.errors import DealnetError
from graph.model import ENTITY_FILES, Dataset, Record, record_key
from loaders.changes import LastChange, changes_since
from loaders.driver import Store
from loaders.entry_apply import record_version
from queries.catalog import cypher

__all__ = [
    "ExportInfo",
    "UnexportedChange",
    "UnexportedEntries",
    "last_export",
    "record_export",
    "refuse_unexported",
    "unexported_changes",
]


@dataclass(frozen=True)
class ExportInfo:
    """One ``dealnet export``: when it read the store, who ran it, where it wrote."""

    id: str
    at: str
    actor: str
    target: str


@dataclass(frozen=True)
class UnexportedChange:
    """A record entered or changed in the app after the last export, which a load would change or remove."""

    file: str
    key: str
    actor: str
    at: str
    load_would: str
    """``change``, ``remove`` or ``add back`` (a record the app retired)."""

    def line(self) -> str:
        """One line naming the record, who changed it and when.

        Examples
        --------
        >>> UnexportedChange("activities", "werkbezoek-urk", "anna", "2026-03-12T09:30:00+00:00", "change").line()
        'activities.csv, key werkbezoek-urk: changed in the app by anna at 2026-03-12T09:30:00+00:00 (the load would change it)'
        """
        return (
            f"{self.file}.csv, key {self.key}: changed in the app by {self.actor} at {self.at} "
            f"(the load would {self.load_would} it)"
        )


class UnexportedEntries(DealnetError):
    """A load was refused: it would undo records entered in the app after the last export."""

    def __init__(self, changes: list[UnexportedChange]) -> None:
        self.changes = tuple(changes)
        super().__init__(f"the load would undo {len(changes)} record(s) entered in the app after the last export")


def refuse_unexported(store: Store, held: Dataset, incoming: Dataset, *, replace: bool) -> None:
    """Raise :class:`UnexportedEntries` when loading ``incoming`` would undo entries not yet exported.

    The app's upload uses this; ``dealnet load`` prints the same records and has ``--force``.
    """
    undone = unexported_changes(store, held, incoming, replace=replace)
    if undone:
        raise UnexportedEntries(undone)


def record_export(store: Store, *, actor: str, target: str, at: dt.datetime) -> ExportInfo:
    """Record an export that read the store at ``at`` (taken *before* the read, so nothing saved meanwhile is missed)."""
    from loaders.entries import ensure_log_constraints

    ensure_log_constraints(store)
    info = ExportInfo(uuid.uuid4().hex, at.astimezone(dt.UTC).isoformat(timespec="microseconds"), actor, target)
    store.execute_write(_record, info)
    return info


def _record(tx: ManagedTransaction, info: ExportInfo) -> None:
    parameters = {"id": info.id, "at": info.at, "actor": info.actor, "target": info.target}
    tx.run(cypher("entries/record_export"), parameters).consume()


def _last(tx: ManagedTransaction) -> ExportInfo | None:
    row = tx.run(cypher("entries/last_export")).single()
    return None if row is None else ExportInfo(row["id"], row["at"], row["actor"], row["target"])


def last_export(store: Store) -> ExportInfo | None:
    """The latest export (``None``: never exported)."""
    return store.execute_read(_last)


def _since_last_export(tx: ManagedTransaction) -> dict[tuple[str, str], LastChange]:
    export = _last(tx)
    return changes_since(tx, None if export is None else export.at)


def unexported_changes(store: Store, held: Dataset, incoming: Dataset, *, replace: bool) -> list[UnexportedChange]:
    """The records entered in the app after the last export that loading ``incoming`` onto ``held`` would undo.

    ``held`` is what the store holds now (the current generation); ``incoming`` the
    dataset to load, ``replace`` whether it replaces everything.
    """
    changed = store.execute_read(_since_last_export)
    if not changed:
        return []
    found: list[UnexportedChange] = []
    for file in ENTITY_FILES:
        now = {record_key(r): r for r in getattr(held, file)}
        new = {record_key(r): r for r in getattr(incoming, file)}
        for (changed_file, key), last in changed.items():
            if changed_file != file:
                continue
            verdict = _verdict(now.get(key), new.get(key), replace=replace)
            if verdict is not None:
                found.append(UnexportedChange(file, key, last.actor, last.at, verdict))
    return sorted(found, key=lambda c: (ENTITY_FILES.index(c.file), c.key))


def _verdict(now: Record | None, new: Record | None, *, replace: bool) -> str | None:
    """What a load does to a record the app changed: ``None`` when it leaves it as the app left it."""
    if now is None:
        return None if new is None else "add back"
    if new is None:
        return "remove" if replace else None
    return None if record_version(now) == record_version(new) else "change"
