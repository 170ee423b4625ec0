"""How a :class:`~graph.model.Dataset` becomes write steps for the graph store.

A *plan* is a list of :class:`Step`: one named Cypher statement from ``queries/`` and
the rows for it. Building the plan is pure (no store needed), so it is unit tested
directly; :mod:`loaders.writer` runs it, passing the generation it stages as ``$gen``.

Why the plan looks the way it does (see ``graph/registry.py`` for the entities and their
references, from which the links below are derived, and
:mod:`loaders.writer` for generations):

* A load writes a whole new *generation* of the data, which readers do not see until
  the load is switched in. Every node and relationship it writes is therefore new, so
  the plan only ``CREATE``s: no ``MERGE``, no deletes, nothing that depends on what
  the store holds. A load without ``--replace`` stages the union of what the store
  holds and the dataset (:func:`merged`).
* Nodes are written first, in file order, so that every relationship finds both ends
  (looked up by business key *and* generation, the composite uniqueness constraint).
* Link rows are grouped by start node (one row per start node with all its ends):
  fewer index look-ups per relationship, the single biggest cost of relationship loads.
* Relationship records (participations, adoptions) are grouped by party likewise; each
  item is one flat map (the far end's id and the relationship's properties side by side),
  which the store reads a tenth faster than a map nested in it, and the driver packs in half the time.
* :func:`iter_plan` gives the steps one at a time, each built when asked for, so that
  :mod:`loaders.writer` can build the rest of a large plan while the store writes the first steps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from graph.model import ENTITY_FILES, Dataset, Record, record_key
from graph.registry import ENTITIES

__all__ = [
    "LINKS",
    "NODE_LABELS",
    "RELATIONSHIP_FILES",
    "Link",
    "Step",
    "build_plan",
    "iter_plan",
    "merged",
    "node_properties",
    "plan_length",
    "relationship_counts",
    "relationship_rows",
]

Row = dict[str, Any]

#: The node label each file's records become (participations and adoptions become
#: relationships, see ``RELATIONSHIP_FILES``). Derived from :mod:`graph.registry`.
NODE_LABELS: dict[str, str] = {e.file: e.label for e in ENTITIES.values() if e.label is not None}

#: Files whose records are relationships, with their relationship type.
RELATIONSHIP_FILES: dict[str, str] = {e.file: e.relationship for e in ENTITIES.values() if e.relationship is not None}


@dataclass(frozen=True, slots=True)
class Link:
    """A reference column that becomes a relationship."""

    column: str
    type: str
    inbound: bool = False
    """True when the referenced node is the relationship's start (e.g. provider -> deployment)."""

    def statement(self, file: str) -> str:
        """The statement of ``queries/`` that creates these relationships."""
        suffix = f"_{NODE_LABELS[file].lower()}" if self.type == "ON_THEME" else ""
        return f"write/link_{self.type.lower()}{suffix}"


#: Per file, the reference columns that become relationships and the statement creating them.
LINKS: dict[str, tuple[Link, ...]] = {
    e.file: tuple(Link(ref.field, ref.relationship or "", inbound=ref.inbound) for ref in e.links)
    for e in ENTITIES.values()
    if e.links
}

#: Columns of relationship records that name the relationship's ends.
_ENDS: dict[str, tuple[str, str]] = {file: ENTITIES[file].ends for file in RELATIONSHIP_FILES}


@dataclass(frozen=True, slots=True)
class Step:
    """One statement of ``queries/`` with the value of its one list parameter."""

    statement: str
    parameter: Literal["rows"]
    values: Sequence[Any]
    """The rows."""


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


def relationship_rows(file: str, records: Sequence[Record]) -> list[Row]:
    """Rows for ``write/create_<file>`` of a relationship file, grouped by party (the start node).

    Each item is the far end's id beside the relationship's properties, in one flat map
    (their names never collide: the ends are not properties).

    Examples
    --------
    >>> from graph.model import Participation
    >>> relationship_rows("participations", [Participation(activity_id="a", party_id="p", role="host")])
    [{'party_id': 'p', 'items': [{'activity_id': 'a', 'illustrative': False, 'role': 'host', 'key': 'a|p|'}]}]
    """
    start_column, end_column = _ENDS[file]
    items: dict[str, list[Row]] = defaultdict(list)
    for record in records:
        item = {end_column: getattr(record, end_column)}
        item.update(node_properties(file, record))
        items[getattr(record, start_column)].append(item)
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


def build_plan(dataset: Dataset, *, batch_size: int = 5_000) -> list[Step]:
    """The write steps that stage ``dataset`` as a new generation of the store.

    Parameters
    ----------
    dataset
        A validated dataset (see :func:`loaders.reader.read_dataset`): all of what the
        new generation holds (for a load without ``--replace``, see :func:`merged`).
    batch_size
        Nodes or relationships per step; each step is one round trip (and, for a
        large load, one transaction).
    """
    return list(iter_plan(dataset, batch_size=batch_size))


def iter_plan(dataset: Dataset, *, batch_size: int = 5_000) -> Iterator[Step]:
    """The steps of :func:`build_plan`, in the same order, each file's rows built when its first step is asked for."""
    for step in _whole_steps(dataset):
        yield from _batches(step, batch_size)


def _whole_steps(dataset: Dataset) -> Iterator[Step]:
    """One step per statement with all its rows: nodes first, then links, then relationship records."""
    for file in NODE_LABELS:
        records: tuple[Record, ...] = getattr(dataset, file)
        if records:
            yield Step(f"write/create_{file}", "rows", [node_properties(file, record) for record in records])
    for file, links in LINKS.items():
        records = getattr(dataset, file)
        for link in links:
            rows = _grouped(_link_pairs(records, link))
            if rows:
                yield Step(link.statement(file), "rows", rows)
    for file in RELATIONSHIP_FILES:
        records = getattr(dataset, file)
        if records:
            yield Step(f"write/create_{file}", "rows", relationship_rows(file, records))


def plan_length(dataset: Dataset, *, batch_size: int = 5_000) -> int:
    """How many steps :func:`build_plan` makes, counted without building them: for a progress bar.

    Exact for node files; for links and relationship records the count assumes batches
    filled to ``batch_size``, which grouped rows do not always allow, so the plan may
    have a few steps more, never fewer.
    """
    sizes = [n for file, n in dataset.counts().items() if file in NODE_LABELS or file in RELATIONSHIP_FILES]
    links = [sum(1 for _ in _link_pairs(getattr(dataset, f), link)) for f, ls in LINKS.items() for link in ls]
    return sum(-(-n // batch_size) for n in (*sizes, *links) if n)


def merged(held: Dataset, incoming: Dataset) -> Dataset:
    """What the store holds after loading ``incoming`` without ``--replace`` onto ``held``.

    Every record of ``incoming`` replaces the record of the same key (all its fields,
    its references included); records only ``held`` has stay. Both are validated
    datasets, so the union is one too: a kept record refers by key to records that
    are still there, replaced or not.

    Examples
    --------
    >>> from graph.model import Party
    >>> held = Dataset(parties=(Party(id="a", name="A", kind="gemeente"), Party(id="b", name="B", kind="gemeente")))
    >>> union = merged(held, Dataset(parties=(Party(id="a", name="A2", kind="provincie"),)))
    >>> [(p.id, p.name) for p in union.parties]
    [('a', 'A2'), ('b', 'B')]
    """
    collections: dict[str, tuple[Record, ...]] = {}
    for file in ENTITY_FILES:
        records = {record_key(r): r for r in getattr(held, file)}
        records.update((record_key(r), r) for r in getattr(incoming, file))
        collections[file] = tuple(records.values())
    return Dataset(**collections)  # type: ignore[arg-type]


def relationship_counts(dataset: Dataset) -> dict[str, int]:
    """How many relationships per type the dataset makes: to check a staged generation."""
    counts: dict[str, int] = defaultdict(int)
    for file, links in LINKS.items():
        for link in links:
            counts[link.type] += sum(1 for _ in _link_pairs(getattr(dataset, file), link))
    for file, rel_type in RELATIONSHIP_FILES.items():
        counts[rel_type] += len(getattr(dataset, file))
    return {k: v for k, v in counts.items() if v}
