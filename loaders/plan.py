"""How a :class:`~graph.model.Dataset` becomes write steps for the graph store.

A *plan* is a list of :class:`Step`: one named Cypher statement from ``queries/`` and
the rows for it. Building the plan is pure (no store needed), so it is unit tested
directly; :mod:`loaders.writer` runs it.

Why the plan looks the way it does (see ``graph/schema.py`` for the schema):

* Nodes are written first, in file order, so that every relationship finds both ends.
  Where the store holds no node of a label yet, the load *knows* every node is new
  and uses ``CREATE``; otherwise ``MERGE`` on the business key.
* The relationships a row defines (its reference columns) are deleted and created
  anew for the rows being loaded (``unlink`` then ``link``). The result is the same
  whatever the store held before, which makes loads idempotent and lets a re-run
  heal a load that died half way. On a fresh label the delete is skipped.
* Link rows are grouped by start node (one row per start node with all its ends):
  fewer index look-ups per relationship, the single biggest cost of relationship loads.
* Relationship records (participations, adoptions) are merged by their key, which
  names both ends: a reload updates them in place (deleted first only to ``heal``).
* ``replace`` adds prune steps that remove whatever the dataset no longer holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from graph.model import Dataset, Record, record_key

__all__ = [
    "LINKS",
    "NODE_LABELS",
    "RELATIONSHIP_FILES",
    "Link",
    "Step",
    "build_plan",
    "node_properties",
    "relationship_counts",
]

Row = dict[str, Any]

#: The node label each file's records become (participations and adoptions become
#: relationships, see ``RELATIONSHIP_FILES``).
NODE_LABELS: dict[str, str] = {
    "deals": "Deal",
    "phases": "Phase",
    "parties": "Party",
    "people": "Person",
    "themes": "Theme",
    "questions": "Question",
    "activities": "Activity",
    "deployments": "Deployment",
    "lessons": "Lesson",
    "bottlenecks": "Bottleneck",
    "assessments": "Assessment",
}

#: Files whose records are relationships, with their relationship type.
RELATIONSHIP_FILES: dict[str, str] = {"participations": "PARTICIPATED", "adoptions": "ADOPTED"}


@dataclass(frozen=True, slots=True)
class Link:
    """A reference column that becomes a relationship."""

    column: str
    type: str
    inbound: bool = False
    """True when the referenced node is the relationship's start (e.g. provider -> deployment)."""

    def statement(self, file: str, *, fresh: bool = True) -> str:
        """The statement of ``queries/`` that creates these relationships.

        On a fresh label ``CREATE`` (the load knows they are new); otherwise ``MERGE``,
        so that a batch that runs twice cannot leave a duplicate.
        """
        suffix = f"_{NODE_LABELS[file].lower()}" if self.type == "ON_THEME" else ""
        return f"write/{'' if fresh else 'merge_'}link_{self.type.lower()}{suffix}"


#: Per file, the reference columns that become relationships and the statement creating them.
LINKS: dict[str, tuple[Link, ...]] = {
    "phases": (Link("deal_id", "OF_DEAL"),),
    "parties": (Link("parent_id", "PART_OF"), Link("deal_ids", "IN_DEAL")),
    "people": (Link("party_id", "WORKS_AT"),),
    "themes": (Link("parent_id", "SUBTHEME_OF"),),
    "questions": (
        Link("party_id", "ASKS", inbound=True),
        Link("theme_ids", "ON_THEME"),
    ),
    "activities": (
        Link("organiser_id", "ORGANISED", inbound=True),
        Link("theme_ids", "ON_THEME"),
        Link("deal_id", "PART_OF_DEAL"),
    ),
    "deployments": (
        Link("provider_id", "PROVIDED", inbound=True),
        Link("recipient_id", "FOR"),
        Link("expert_id", "EXPERT", inbound=True),
        Link("question_id", "ANSWERS"),
        Link("theme_ids", "ON_THEME"),
    ),
    "lessons": (
        Link("origin_id", "ORIGINATED_AT"),
        Link("theme_ids", "ON_THEME"),
        Link("activity_id", "FROM_ACTIVITY"),
        Link("deployment_id", "FROM_DEPLOYMENT"),
    ),
    "bottlenecks": (
        Link("raised_by_id", "RAISED", inbound=True),
        Link("addressed_to_id", "ADDRESSED_TO"),
        Link("theme_ids", "ON_THEME"),
    ),
}

#: Columns of relationship records that name the relationship's ends.
_ENDS: dict[str, tuple[str, str]] = {
    "participations": ("party_id", "activity_id"),
    "adoptions": ("party_id", "lesson_id"),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One statement of ``queries/`` with the value of its one list parameter."""

    statement: str
    parameter: Literal["rows", "ids", "keys"]
    values: Sequence[Any]
    """The rows; for a prune (``keys``) the keys to *keep*: the writer reads the store's
    keys and removes the others (see :func:`loaders.writer.write_dataset`)."""


def _plain(value: Any) -> Any:
    """A value the driver can send as a property: enums as their text."""
    if isinstance(value, Enum):
        return value.value
    return value


def node_properties(file: str, record: Record) -> Row:
    """The properties a record's node (or relationship) carries: not its references.

    Empty values are left out, so ``SET n = row`` removes a property that was emptied.
    Reads the model's ``__dict__`` directly: iterating a pydantic model costs three
    times as much, which adds up to seconds over a national dataset.
    """
    skip = _SKIP.get(file) or _skipped(file)
    props = {
        name: value.value if isinstance(value, Enum) else value
        for name, value in record.__dict__.items()
        if value is not None and name not in skip
    }
    if "id" not in props:
        props["key"] = record_key(record)
    return props


def _skipped(file: str) -> frozenset[str]:
    skip = frozenset({link.column for link in LINKS.get(file, ())} | set(_ENDS.get(file, ())))
    _SKIP[file] = skip
    return skip


_SKIP: dict[str, frozenset[str]] = {}


def _grouped(pairs: Iterable[tuple[str, str]]) -> list[Row]:
    """Link rows grouped by start node: ``{start, ends: [...]}``."""
    ends: dict[str, list[str]] = defaultdict(list)
    for start, end in pairs:
        ends[start].append(end)
    return [{"start": start, "ends": targets} for start, targets in ends.items()]


def _link_pairs(records: Sequence[Record], link: Link) -> Iterator[tuple[str, str]]:
    for record in records:
        own = record_key(record)
        value = getattr(record, link.column)
        for ref in value if isinstance(value, tuple) else (value,) if value else ():
            yield (ref, own) if link.inbound else (own, ref)


def _relationship_rows(file: str, records: Sequence[Record]) -> list[Row]:
    """Rows for a relationship file, grouped by party (the start node)."""
    start_column, end_column = _ENDS[file]
    items: dict[str, list[Row]] = defaultdict(list)
    for record in records:
        items[getattr(record, start_column)].append(
            {end_column: getattr(record, end_column), "props": node_properties(file, record)}
        )
    return [{start_column: start, "items": group} for start, group in items.items()]


#: Row keys holding the list of ends (or items) of a grouped row.
_NESTED = ("ends", "items")


def _weight(row: Any) -> int:
    """How many relationships (or nodes) a row writes: what a batch is sized by."""
    if isinstance(row, dict):
        for name in _NESTED:
            if name in row:
                return max(1, len(row[name]))
    return 1


def _split(row: Any, size: int) -> Iterator[Any]:
    """A grouped row with more than ``size`` ends as several rows of at most ``size``."""
    if isinstance(row, dict):
        for name in _NESTED:
            nested = row.get(name)
            if nested is not None and len(nested) > size:
                for offset in range(0, len(nested), size):
                    yield {**row, name: nested[offset : offset + size]}
                return
    yield row


def _batches(step: Step, size: int) -> Iterator[Step]:
    """Steps of at most ``size`` relationships (or nodes) each.

    Grouped rows are weighed by their ends, not counted: one party row of the
    participations carries hundreds of relationships, and one transaction of all
    150,000 participations is slower on the store than thirty of 5,000.
    """
    if step.parameter == "keys":  # a prune needs every key to keep at once
        yield step
        return
    batch: list[Any] = []
    weight = 0
    for row in step.values:
        for part in _split(row, size):
            part_weight = _weight(part)
            if batch and weight + part_weight > size:
                yield Step(step.statement, step.parameter, batch)
                batch, weight = [], 0
            batch.append(part)
            weight += part_weight
    if batch:
        yield Step(step.statement, step.parameter, batch)


def build_plan(
    dataset: Dataset,
    *,
    existing: Mapping[str, int],
    replace: bool = False,
    batch_size: int = 5_000,
    heal: bool = False,
) -> list[Step]:
    """The write steps that make the store hold ``dataset``.

    Parameters
    ----------
    dataset
        A validated dataset (see :func:`loaders.reader.read_dataset`).
    existing
        How many nodes per label and relationships per type the store holds now;
        a zero (or missing) count means that label or type can be created blindly.
    replace
        Also remove what the store holds and the dataset does not.
    batch_size
        Rows per step; each step is one round trip.
    heal
        Also delete the relationship records (participations, adoptions) the dataset
        defines before merging them. Not needed on a plain reload: their key names both
        ends, so ``MERGE`` by key then ``SET`` leaves exactly the row (and skipping the
        delete halves a national reload). Needed to heal a duplicate that a blind
        ``CREATE`` run twice left: ``MERGE`` would update both copies.
    """
    steps: list[Step] = []
    for file, label in NODE_LABELS.items():
        records: tuple[Record, ...] = getattr(dataset, file)
        fresh = not existing.get(label)
        if records:
            rows = [node_properties(file, record) for record in records]
            steps.append(Step(f"write/{'create' if fresh else 'merge'}_{file}", "rows", rows))
        if replace and not fresh:
            steps.append(Step(f"write/prune_{file}", "keys", [record_key(r) for r in records]))
    for file, links in LINKS.items():
        records = getattr(dataset, file)
        fresh = not existing.get(NODE_LABELS[file])
        if records and not fresh:
            steps.append(Step(f"write/unlink_{file}", "ids", [record_key(r) for r in records]))
        for link in links:
            rows = _grouped(_link_pairs(records, link))
            if rows:
                steps.append(Step(link.statement(file, fresh=fresh), "rows", rows))
    for file, rel_type in RELATIONSHIP_FILES.items():
        records = getattr(dataset, file)
        fresh = not existing.get(rel_type)
        if replace and not fresh:
            steps.append(Step(f"write/prune_{file}", "keys", [record_key(r) for r in records]))
        if records and not fresh and heal:
            steps.append(Step(f"write/unlink_{file}", "rows", _unlink_rows(file, records)))
        if records:
            verb = "create" if fresh else "merge"
            steps.append(Step(f"write/{verb}_{file}", "rows", _relationship_rows(file, records)))
    return [batch for step in steps for batch in _batches(step, batch_size)]


def _unlink_rows(file: str, records: Sequence[Record]) -> list[Row]:
    start_column, end_column = _ENDS[file]
    return [
        {
            start_column: getattr(record, start_column),
            end_column: getattr(record, end_column),
            "key": record_key(record),
        }
        for record in records
    ]


def relationship_counts(dataset: Dataset) -> dict[str, int]:
    """How many relationships per type the dataset makes: to check a fresh load."""
    counts: dict[str, int] = defaultdict(int)
    for file, links in LINKS.items():
        for link in links:
            counts[link.type] += sum(1 for _ in _link_pairs(getattr(dataset, file), link))
    for file, rel_type in RELATIONSHIP_FILES.items():
        counts[rel_type] += len(getattr(dataset, file))
    return {k: v for k, v in counts.items() if v}
