"""The store's current data in a few bytes per record: to tell what a load changes without reading the store.

Reading a national dataset back from the store takes longer than everything else a
reload does (seconds of Bolt transport and validation), so a load that changes
little would spend most of its time finding out that it changes little. A
:class:`Fingerprint` is a digest of every record of what the store holds (its content,
as :func:`content` compares it), with the key of the load that made it current.
:mod:`loaders.writer` keeps the fingerprint of the data it wrote in
``DEALNET_HOME/loads/fingerprint.json`` (mode 0600) and, at the next load, uses it
instead of reading the store **only when the store's current load is still the one it
names**: every write to the store (a load, a save of the app's entries, a load from
another machine) records a new current load, so a fingerprint is never taken for data
it does not describe. Otherwise the store is read, as before.

The file holds keys (ids, and the composite keys of participations, adoptions and
assessments) and 16-hex-digit digests: no names, texts or other values of the records.

A digest is BLAKE2b (8 bytes) of the ``repr`` of the record's canonical content: two
records with different content share one with probability 2**-64.

Examples
--------
>>> from graph.model import Party
>>> a = Party(id="a", name="A", kind="gemeente", deal_ids=("y", "x"))
>>> digest(a) == digest(a.model_copy(update={"deal_ids": ("x", "y")})), len(digest(a))
(True, 16)
>>> digest(a) == digest(a.model_copy(update={"name": "B"}))
False
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph.model import ENTITY_FILES, Dataset, Record, record_key
from graph.registry import ENTITIES

__all__ = ["Fingerprint", "content", "digest", "fingerprint", "read_fingerprint", "write_fingerprint"]

#: Bumped whenever what a digest covers changes, so an older file is never trusted.
_FORMAT = 1


@cache
def _list_positions(model: type[Record]) -> tuple[int, ...]:
    """Positions, in the model's field order, of the fields holding id lists (sorted for comparison)."""
    return tuple(
        i for i, name in enumerate(model.model_fields) if str(model.model_fields[name].annotation).startswith("tuple")
    )


def content(record: Record) -> tuple[Any, ...]:
    """A record's values in field order, id lists sorted: equal exactly when the records are the same data.

    The order of ids in a list cell carries no meaning (the store keeps them as
    relationships, which have no order), as in :meth:`graph.model.Dataset.canonical`.
    Reads ``__dict__``: comparing plain tuples is ten times cheaper than pydantic's ``==``.
    """
    values = tuple(record.__dict__.values())
    positions = _list_positions(type(record))
    if not positions:
        return values
    listed = list(values)
    for i in positions:
        if listed[i]:
            listed[i] = tuple(sorted(listed[i]))
    return tuple(listed)


def digest(record: Record) -> str:
    """The record's content digest (16 hex digits); see the module."""
    return hashlib.blake2b(repr(content(record)).encode(), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Digests of every record the store holds after load ``load_id``, per file, and the relationship records' ends."""

    load_id: str
    digests: Mapping[str, Mapping[str, str]]
    """Per file: key -> digest."""
    ends: Mapping[str, Mapping[str, str]]
    """For participations and adoptions: key -> the id of the relationship's end (activity, lesson)."""


def _end_field(file: str) -> str | None:
    entity = ENTITIES[file]
    return entity.ends[1] if entity.relationship else None


def fingerprint(dataset: Dataset, load_id: str) -> Fingerprint:
    """The fingerprint of ``dataset`` as the store holds it after load ``load_id``."""
    digests: dict[str, dict[str, str]] = {}
    ends: dict[str, dict[str, str]] = {}
    for file in ENTITY_FILES:
        records = getattr(dataset, file)
        digests[file] = {record_key(r): digest(r) for r in records}
        end = _end_field(file)
        if end is not None:
            ends[file] = {record_key(r): getattr(r, end) for r in records}
    return Fingerprint(load_id, digests, ends)


def _joined(values: Any) -> str:
    return "\n".join(values)


def write_fingerprint(path: Path, value: Fingerprint) -> None:
    """Save ``value`` to ``path`` whole (temporary file, then rename), readable by its owner only.

    Per file, the keys as one text (a key per line; ids hold no line breaks) and the
    digests as another, in the same order: JSON of a few long strings, which Python writes
    and reads ten times faster than a map per record.
    """
    files = {}
    for file, digests in value.digests.items():
        ends = value.ends.get(file)
        files[file] = {
            "keys": _joined(digests),
            "digests": "".join(digests.values()),
            **({"ends": _joined(ends[key] for key in digests)} if ends is not None else {}),
        }
    text = json.dumps({"format": _FORMAT, "load_id": value.load_id, "files": files})
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".fingerprint-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_fingerprint(path: Path, load_id: str) -> Fingerprint | None:
    """The fingerprint saved at ``path`` if it describes load ``load_id``; ``None`` otherwise (or unreadable)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != _FORMAT or raw.get("load_id") != load_id or set(raw["files"]) != set(ENTITY_FILES):
            return None
        digests: dict[str, dict[str, str]] = {}
        ends: dict[str, dict[str, str]] = {}
        for file, part in raw["files"].items():
            keys = part["keys"].split("\n") if part["keys"] else []
            hexes = part["digests"]
            if len(hexes) != 16 * len(keys):
                return None
            digests[file] = {key: hexes[16 * i : 16 * i + 16] for i, key in enumerate(keys)}
            if "ends" in part:
                values = part["ends"].split("\n") if keys else []
                if len(values) != len(keys):
                    return None
                ends[file] = dict(zip(keys, values, strict=True))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return Fingerprint(load_id, digests, ends)
