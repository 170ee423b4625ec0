"""The change log of the app's entries: one ``:Change`` node per record saved, kept across loads.

Each save of :mod:`loaders.entries` writes, in its own transaction, one ``:Change`` per
record it created, edited, retired or restored: who (``actor``, ``role``), when (``at``,
UTC ISO text), which record (``file``, ``key``), the ``action`` and the record's values
``before`` and ``after`` (JSON text; ``null`` for a record that did not exist or no
longer does). Records saved together share a ``batch`` (an activity with its
participations), so undo can take them back together. ``seq`` orders the changes of one
batch.

The nodes carry no generation: loads neither copy nor discard them, so a record's history
outlives ``dealnet load --replace``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from loaders.entry_apply import Effect, record_values
from queries.catalog import cypher

__all__ = [
    "ChangeEntry",
    "LastChange",
    "batch_changes",
    "change_rows",
    "changes_since",
    "entry",
    "recent",
    "record_changes",
    "write_changes",
]


@dataclass(frozen=True)
class ChangeEntry:
    """One record's change as the log keeps it (``before``/``after``: the record's values, or ``None``)."""

    id: str
    at: str
    actor: str
    file: str
    key: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    batch: str
    role: str = ""
    seq: int = 0


def _json(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, sort_keys=True, ensure_ascii=False)


def change_rows(
    effects: Sequence[Effect], *, at: dt.datetime, actor: str, role: str, batch: str, action: str | None = None
) -> list[dict[str, Any]]:
    """The ``:Change`` rows of a save's effects (``action`` overrides theirs, for an undo)."""
    stamp = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return [
        {
            "id": f"{batch}-{seq:04d}",
            "at": stamp,
            "actor": actor,
            "role": role,
            "file": effect.file,
            "key": effect.key,
            "action": action or effect.action,
            "before": _json(None if effect.before is None else record_values(effect.before)),
            "after": _json(None if effect.after is None else record_values(effect.after)),
            "batch": batch,
            "seq": seq,
        }
        for seq, effect in enumerate(effects)
    ]


def entry(row: dict[str, Any]) -> ChangeEntry:
    """A ``:Change`` as read from the store (or a row before it is written)."""
    return ChangeEntry(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        file=row["file"],
        key=row["key"],
        action=row["action"],
        before=json.loads(row["before"]) if row.get("before") else None,
        after=json.loads(row["after"]) if row.get("after") else None,
        batch=row["batch"],
        role=row.get("role") or "",
        seq=int(row.get("seq") or 0),
    )


def write_changes(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> tuple[ChangeEntry, ...]:
    """Write the rows as ``:Change`` nodes, in the caller's transaction."""
    if rows:
        tx.run(cypher("entries/create_changes"), {"rows": rows}).consume()
    return tuple(entry(row) for row in rows)


def record_changes(tx: ManagedTransaction, file: str, key: str, limit: int = 1_000) -> tuple[ChangeEntry, ...]:
    """The changes of one record, newest first."""
    result = tx.run(cypher("entries/record_changes"), {"file": file, "key": key, "limit": limit})
    return tuple(entry(dict(row["change"])) for row in result)


def recent(tx: ManagedTransaction, limit: int) -> tuple[ChangeEntry, ...]:
    """The latest changes of any record, newest first."""
    return tuple(entry(dict(row["change"])) for row in tx.run(cypher("entries/recent_changes"), {"limit": limit}))


def batch_changes(tx: ManagedTransaction, batch: str) -> tuple[ChangeEntry, ...]:
    """Every change of one save, in the order saved."""
    return tuple(entry(dict(row["change"])) for row in tx.run(cypher("entries/batch_changes"), {"batch": batch}))


@dataclass(frozen=True)
class LastChange:
    """The latest change the app made to one record."""

    file: str
    key: str
    actor: str
    at: str
    action: str


def changes_since(tx: ManagedTransaction, since: str | None) -> dict[tuple[str, str], LastChange]:
    """Per record the app changed after ``since`` (UTC ISO text; ``None``: ever), its latest change."""
    return {
        (row["file"], row["key"]): LastChange(row["file"], row["key"], row["actor"], row["at"], row["action"])
        for row in tx.run(cypher("entries/changes_since"), {"since": since})
    }
