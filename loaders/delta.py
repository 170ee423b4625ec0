"""Writing only what changed: the difference between two datasets, written in place into the current generation.

:func:`diff` compares what the store holds with what it is to hold, record by record,
by key and content; :func:`apply_delta` writes that difference into the store's
*current* generation inside the caller's one write transaction, and in the same
transaction records a new complete ``:Load`` of that generation (``write/mark_delta_load``).
One transaction is atomic for readers: they see the data before it or after it, never
half of it, and their store version (:func:`loaders.repository.store_version`) changes
with the commit, so every cached projection is read anew.

Used by ``dealnet load`` for small changes (:mod:`loaders.writer` stages a whole new
generation only for a first load or a big change) and by the app's data entry
(:mod:`loaders.entries`).

What is written, per kind of change (nothing else is touched):

* **added** records: their nodes (``write/create_<file>``), their links
  (``write/link_*``), or for participations and adoptions their relationships
  (``write/create_<file>``);
* **changed** node records: the node's properties, only when they differ
  (``write/update_<file>``: ``SET n = props``, so an emptied field goes, and the node
  keeps every relationship, those that other records own included); of its own links
  (the relationships its reference fields make, see :data:`loaders.plan.LINKS`) only
  those of a field that changed, deleted (``write/unlink_*``) and created anew;
* **changed** participations and adoptions: the relationship's properties
  (``write/update_<file>``); their ends are part of their key, so never change;
* **removed** records: participations and adoptions first, then nodes with
  ``DETACH DELETE`` (``write/remove_<file>``), dependants before what they depend on.
  A valid target refers to no removed record, so every relationship that goes with a
  removed node belonged to the node or to a record that is itself changed or removed.

Every statement that deletes relationships (``write/remove_participations``,
``remove_adoptions``, ``unlink_*``) finds all of them before it deletes any
(``collect``, then ``FOREACH … DELETE``): ArcadeDB 26.10 fails with ``EntityNotFound``
when one statement matches a node's relationships again after deleting some of them,
as removing a hundred or more participations of one activity does
(``tests/test_delta_removals.py``).

Each update and removal counts what it found; fewer than expected means the store no
longer holds what ``held`` said (another writer came between the read and this write):
:class:`DeltaConflict` is raised and the caller's transaction rolls back, writing nothing.

Examples
--------
>>> from graph.model import Party
>>> a, b = Party(id="a", name="A", kind="gemeente"), Party(id="b", name="B", kind="gemeente")
>>> delta = diff(Dataset(parties=(a, b)), Dataset(parties=(a.model_copy(update={"name": "A2"}),)))
>>> delta.changes()
{'parties': FileChange(added=0, changed=1, removed=1)}
>>> delta.size, bool(diff(Dataset(parties=(a,)), Dataset(parties=(a,))))
(2, False)
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from graph.diff import FileChange
from graph.model import ENTITY_FILES, Dataset, Record, record_key
from graph.registry import ENTITIES
from loaders.errors import DealnetError
from loaders.fingerprint import Fingerprint, content, digest
from loaders.plan import LINKS, NODE_LABELS, RELATIONSHIP_FILES, Link, node_properties, relationship_rows
from queries.catalog import cypher

__all__ = [
    "Changed",
    "Delta",
    "DeltaConflict",
    "DeltaWritten",
    "FileDelta",
    "Gone",
    "Marker",
    "apply_delta",
    "diff",
    "diff_fingerprint",
    "fingerprint_after",
]

#: Rows per statement: one transaction runs a big delta as several statements of at most this many rows.
DELTA_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Changed:
    """A record whose key stays and whose content changes: as the store holds it, and as it is to be."""

    before: Record | None
    """``None`` when only the record's digest was known (:func:`diff_fingerprint`): then every
    property and link of the record is written anew."""
    after: Record


@dataclass(frozen=True, slots=True)
class Gone:
    """A record to remove: its key and, for participations and adoptions, the id of the relationship's end."""

    key: str
    end: str | None = None

    @classmethod
    def of(cls, file: str, record: Record) -> Gone:
        """The removal of ``record`` of ``file``."""
        entity = ENTITIES[file]
        return cls(record_key(record), getattr(record, entity.ends[1]) if entity.relationship else None)


@dataclass(frozen=True, slots=True)
class FileDelta:
    """What changes in one file."""

    added: tuple[Record, ...] = ()
    changed: tuple[Changed, ...] = ()
    removed: tuple[Gone, ...] = ()

    @property
    def size(self) -> int:
        """Records added, changed or removed."""
        return len(self.added) + len(self.changed) + len(self.removed)

    def __bool__(self) -> bool:
        return self.size > 0


@dataclass(frozen=True, slots=True)
class Delta:
    """What changes between two datasets, per file (only files with a change, in file order)."""

    files: Mapping[str, FileDelta] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Records added, changed or removed, over all files: what a delta write costs."""
        return sum(part.size for part in self.files.values())

    def __bool__(self) -> bool:
        return self.size > 0

    def changes(self) -> dict[str, FileChange]:
        """Added, changed and removed counts per file, as :func:`graph.diff.dataset_diff` gives them."""
        return {
            file: FileChange(added=len(part.added), changed=len(part.changed), removed=len(part.removed))
            for file, part in self.files.items()
        }


def _file_delta(file: str, held: Sequence[Record], target: Sequence[Record]) -> FileDelta:
    before = {record_key(record): record for record in held}
    added: list[Record] = []
    changed: list[Changed] = []
    seen: set[str] = set()
    for record in target:
        key = record_key(record)
        seen.add(key)
        old = before.get(key)
        if old is None:
            added.append(record)
        elif old is not record and content(old) != content(record):
            changed.append(Changed(old, record))
    removed = tuple(Gone.of(file, record) for key, record in before.items() if key not in seen)
    return FileDelta(tuple(added), tuple(changed), removed)


def diff(held: Dataset, target: Dataset) -> Delta:
    """What to write so that a store holding ``held`` holds ``target``: records added, changed, removed.

    Records are matched by key (:func:`graph.model.record_key`) and compared by content
    (every field, id lists in any order). Whatever ``held`` has and ``target`` lacks is
    removed: for a load without ``--replace``, pass the union
    (:func:`loaders.plan.merged`) as ``target``.
    """
    files: dict[str, FileDelta] = {}
    for file in ENTITY_FILES:
        part = _file_delta(file, getattr(held, file), getattr(target, file))
        if part:
            files[file] = part
    return Delta(files)


def diff_fingerprint(held: Fingerprint, incoming: Dataset, *, replace: bool) -> Delta:
    """What loading ``incoming`` changes in a store whose data has the fingerprint ``held``.

    As :func:`diff`, from digests instead of records: a changed record's former content is
    not known (:attr:`Changed.before` is ``None``). Without ``replace`` nothing is
    removed (a load merges: what only the store has stays); with it, whatever
    ``incoming`` lacks is.

    Examples
    --------
    >>> from graph.model import Party
    >>> from loaders.fingerprint import fingerprint
    >>> a, b = Party(id="a", name="A", kind="gemeente"), Party(id="b", name="B", kind="gemeente")
    >>> held = fingerprint(Dataset(parties=(a, b)), "load-1")
    >>> new = Dataset(parties=(a.model_copy(update={"name": "A2"}),))
    >>> diff_fingerprint(held, new, replace=False).changes(), diff_fingerprint(held, new, replace=True).changes()
    ({'parties': FileChange(added=0, changed=1, removed=0)}, {'parties': FileChange(added=0, changed=1, removed=1)})
    """
    files: dict[str, FileDelta] = {}
    for file in ENTITY_FILES:
        digests = held.digests[file]
        added: list[Record] = []
        changed: list[Changed] = []
        seen: set[str] = set()
        for record in getattr(incoming, file):
            key = record_key(record)
            seen.add(key)
            known = digests.get(key)
            if known is None:
                added.append(record)
            elif known != digest(record):
                changed.append(Changed(None, record))
        ends = held.ends.get(file, {})
        removed = tuple(Gone(key, ends.get(key)) for key in digests if key not in seen) if replace else ()
        part = FileDelta(tuple(added), tuple(changed), removed)
        if part:
            files[file] = part
    return Delta(files)


def fingerprint_after(held: Fingerprint, delta: Delta, load_id: str) -> Fingerprint:
    """The fingerprint of the store's data once ``delta`` is written onto data of fingerprint ``held`` by ``load_id``."""
    digests = {file: dict(part) for file, part in held.digests.items()}
    ends = {file: dict(part) for file, part in held.ends.items()}
    for file, part in delta.files.items():
        end = ENTITIES[file].ends[1] if ENTITIES[file].relationship else None
        for gone in part.removed:
            digests[file].pop(gone.key, None)
            if end is not None:
                ends[file].pop(gone.key, None)
        for record in (*part.added, *(c.after for c in part.changed)):
            key = record_key(record)
            digests[file][key] = digest(record)
            if end is not None:
                ends[file][key] = getattr(record, end)
    return Fingerprint(load_id, digests, ends)


class DeltaConflict(DealnetError):
    """The store no longer holds what the delta was computed from: another load or entry came in between.

    Raised inside the write transaction, so nothing of the delta is written.
    """


@dataclass(frozen=True, slots=True)
class Marker:
    """The ``:Load`` that an in-place write records: who or what wrote it, and when it started."""

    id: str
    source: str
    started_at: str
    replace: bool = False
    counts: Mapping[str, int] | None = None
    """Records per file of what was loaded (``None``: the counts of the changed files)."""

    @classmethod
    def new(cls, source: str, *, replace: bool = False, counts: Mapping[str, int] | None = None) -> Marker:
        """A marker with a fresh id, started now (``source``: the load's path, or ``app:<actor>``)."""
        return cls(uuid.uuid4().hex, source, _now(), replace, counts)


@dataclass(frozen=True, slots=True)
class DeltaWritten:
    """What :func:`apply_delta` did: statements run and rows sent to them (the marker not counted)."""

    statements: int
    rows: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _chunks(rows: Sequence[Any], size: int = DELTA_BATCH) -> Iterator[Sequence[Any]]:
    for offset in range(0, len(rows), size):
        yield rows[offset : offset + size]


def _ids(value: Any) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,) if value else ()


def _link_rows(link: Link, records: Sequence[Record]) -> list[dict[str, Any]]:
    """Rows for ``write/link_*`` (grouped by start node, as :mod:`loaders.plan` builds them)."""
    ends: dict[str, list[str]] = {}
    for record in records:
        own = record_key(record)
        for ref in _ids(getattr(record, link.column)):
            start, end = (ref, own) if link.inbound else (own, ref)
            ends.setdefault(start, []).append(end)
    return [{"start": start, "ends": targets} for start, targets in ends.items()]


class _Writer:
    """Runs the statements of one delta in one transaction, counting them and checking what they found."""

    def __init__(self, tx: ManagedTransaction, gen: int) -> None:
        self.tx = tx
        self.gen = gen
        self.statements = 0
        self.rows = 0

    def run(self, name: str, parameter: str, rows: Sequence[Any], *, expect: str | None = None) -> None:
        """Run ``name`` over ``rows`` in chunks; with ``expect``, check the returned count equals the rows."""
        for chunk in _chunks(rows):
            result = self.tx.run(cypher(name), {parameter: list(chunk), "gen": self.gen})
            self.statements += 1
            if expect is None:
                result.consume()
                continue
            found = int(result.single(strict=True)[expect])
            if found != len(chunk):
                raise DeltaConflict(
                    f"{name}: {found} of {len(chunk)} records found in generation {self.gen}; "
                    "the store changed since it was read. Nothing was written; try again."
                )
        self.rows += len(rows)


def _check_current(tx: ManagedTransaction, gen: int, expected_load: str | None) -> None:
    row = tx.run(cypher("read/current_load")).single()
    current = (None, 0) if row is None else (row["id"], int(row["gen"]))
    if current[1] != gen or (expected_load is not None and current[0] != expected_load):
        raise DeltaConflict(
            f"the store's current load is {current[0]} (generation {current[1]}), not the one the changes were "
            f"computed from ({expected_load or 'any'}, generation {gen}); nothing was written: try again"
        )


def apply_delta(
    tx: ManagedTransaction,
    delta: Delta,
    *,
    gen: int,
    marker: Marker,
    expected_load: str | None = None,
    replace: bool | None = None,
) -> DeltaWritten:
    """Write ``delta`` in place into generation ``gen`` (the current one) and record ``marker`` as the current load.

    Runs inside the caller's write transaction (``store.execute_write(apply_delta, ...)``
    takes the keywords too), so either all of it is written or nothing.

    Parameters
    ----------
    gen
        The current generation (:func:`loaders.repository.current_generation`), which
        ``held`` was read from.
    marker
        The ``:Load`` recorded with the same ``gen``: the new current load.
    expected_load
        The id of the current load ``held`` was read from; when given and another load
        (or entry) has become current since, :class:`DeltaConflict` is raised.
    replace
        Recorded on the marker (default: ``marker.replace``).

    Raises
    ------
    DeltaConflict
        When ``gen`` is not the current generation, the current load is not
        ``expected_load``, or a record to change or remove is not in the store.
    """
    _check_current(tx, gen, expected_load)
    writer = _Writer(tx, gen)
    parts = delta.files
    # 1. participations and adoptions: removed, then changed in place (their ends never change)
    for file in RELATIONSHIP_FILES:
        part = parts.get(file)
        if not part:
            continue
        _, end = ENTITIES[file].ends
        removed = [{end: gone.end, "key": gone.key} for gone in part.removed]
        writer.run(f"write/remove_{file}", "rows", removed, expect="removed")
        changed = [
            {end: getattr(c.after, end), "key": record_key(c.after), "props": node_properties(file, c.after)}
            for c in part.changed
        ]
        writer.run(f"write/update_{file}", "rows", changed, expect="updated")
    # 2. the links of changed records whose field changed: deleted (created anew in step 5)
    relink: dict[tuple[str, Link], list[Record]] = {}
    for file, links in LINKS.items():
        part = parts.get(file)
        if not part:
            continue
        for link in links:
            moved = [
                c.after
                for c in part.changed
                if c.before is None
                or set(_ids(getattr(c.before, link.column))) != set(_ids(getattr(c.after, link.column)))
            ]
            if moved:
                relink[(file, link)] = moved
                unlink = link.statement(file).replace("write/link_", "write/unlink_")
                writer.run(unlink, "ids", [record_key(r) for r in moved])
    # 3. removed nodes, dependants first
    for file in reversed(NODE_LABELS):
        part = parts.get(file)
        if part and part.removed:
            writer.run(f"write/remove_{file}", "keys", [gone.key for gone in part.removed], expect="removed")
    # 4. changed nodes whose properties differ; added nodes
    for file in NODE_LABELS:
        part = parts.get(file)
        if not part:
            continue
        updated = [
            node_properties(file, c.after)
            for c in part.changed
            if c.before is None or node_properties(file, c.after) != node_properties(file, c.before)
        ]
        writer.run(f"write/update_{file}", "rows", updated, expect="updated")
        writer.run(f"write/create_{file}", "rows", [node_properties(file, r) for r in part.added])
    # 5. links of added records, and of changed records whose field changed
    for file, links in LINKS.items():
        part = parts.get(file)
        if not part:
            continue
        for link in links:
            records = [*part.added, *relink.get((file, link), ())]
            writer.run(link.statement(file), "rows", _link_rows(link, records))
    # 6. added participations and adoptions
    for file in RELATIONSHIP_FILES:
        part = parts.get(file)
        if part and part.added:
            writer.run(f"write/create_{file}", "rows", relationship_rows(file, part.added))
    changes = {
        file: {"added": c.added, "changed": c.changed, "removed": c.removed} for file, c in delta.changes().items()
    }
    counts = dict(marker.counts) if marker.counts is not None else {f: p.size for f, p in parts.items()}
    mark = {
        "id": marker.id,
        "started_at": marker.started_at,
        "finished_at": _now(),
        "source": marker.source,
        "replace": marker.replace if replace is None else replace,
        "gen": gen,
        "counts": json.dumps(counts),
        "changes": json.dumps(changes),
    }
    if tx.run(cypher("write/mark_delta_load"), mark).single() is None:
        raise DeltaConflict(f"a load newer than generation {gen} became current meanwhile; nothing was written")
    return DeltaWritten(writer.statements, writer.rows)
