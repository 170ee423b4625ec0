"""The graph schema: which labels, relationship types and properties the store holds.

This is the documented description of the property graph, derived from the schema
registry (:mod:`graph.registry`, where entities, fields and references are declared once). The Cypher that
creates and reads it lives in ``queries/`` and must agree with it; a test checks that
every label and relationship type named here is used there, and the reverse.

Design choices, and why:

* Every node has a business key (``id``, or ``key`` for records whose identity is
  composite) and a generation ``gen``, unique together (a load stages a whole new
  generation beside the current one, see :mod:`loaders.writer`). Writes look nodes up
  by both; element ids are never used, because they are not stable across stores.
* Relationships hang off nodes by business key, so a reload updates in place.
* ``confidential`` and ``illustrative`` are plain boolean properties; what a role may
  see is decided in Python (:mod:`graph.visibility`) before anything leaves the server.
* A ``:Load`` node per load records ``status`` (``unfinished`` while it stages its
  generation, then ``complete``) and the generation ``gen`` it wrote. Readers read the
  generation of the complete load with the highest ``gen`` only: setting a load
  ``complete`` is what switches them to its data, whole. A load that died half way stays
  ``unfinished`` and is never read. Canonical dumps leave these nodes out.
* Reference columns become relationships, not properties (``Assessment`` is the one
  exception: its ``party_id`` and ``deal_id`` stay properties, as scores are not
  navigated from).
* Dates are stored as Cypher ``date`` values (never time-zoned datetimes).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.registry import ENTITIES

__all__ = ["NODES", "OUTSIDE_GENERATIONS", "RELATIONSHIPS", "NodeType", "RelationshipType", "schema_markdown"]


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str
    key: str
    properties: tuple[str, ...]
    source: str
    """The interchange file the nodes come from."""


@dataclass(frozen=True, slots=True)
class RelationshipType:
    type: str
    start: str
    end: str
    properties: tuple[str, ...]
    source: str
    """The file and column the relationship comes from."""


def _nodes() -> tuple[NodeType, ...]:
    """Every node type: one per file of records that become nodes (see :mod:`graph.registry`)."""
    return tuple(NodeType(e.label, e.key, e.properties, e.file) for e in ENTITIES.values() if e.label is not None)


def _relationships() -> tuple[RelationshipType, ...]:
    """Every relationship type, in the order its first reference is declared.

    A type made by several files (``ON_THEME``) is one row whose start names every label.
    """
    starts: dict[str, list[str]] = {}
    rows: dict[str, RelationshipType] = {}
    for e in ENTITIES.values():
        if e.relationship is not None:
            start, end = (ENTITIES[e.reference(name).target].label or "" for name in e.ends)
            properties = ("key", *e.properties)
            rows[e.relationship] = RelationshipType(
                e.relationship, start, end, properties, f"{e.file} ({e.description})"
            )
            continue
        for ref in e.links:
            assert ref.relationship is not None and e.label is not None
            other = ENTITIES[ref.target].label or ""
            start, end = (other, e.label) if ref.inbound else (e.label, other)
            if ref.relationship in rows:
                starts[ref.relationship].append(start)
                known = rows[ref.relationship]
                rows[ref.relationship] = RelationshipType(
                    known.type, "|".join(starts[ref.relationship]), known.end, (), f"*.{ref.field}"
                )
            else:
                starts[ref.relationship] = [start]
                rows[ref.relationship] = RelationshipType(ref.relationship, start, end, (), f"{e.file}.{ref.field}")
    return tuple(rows.values())


#: The load log: written by :mod:`loaders.writer`, not a file of the interchange format.
LOAD = NodeType("Load", "id", ("status", "started_at", "finished_at", "source", "replace", "counts"), "(each load)")

#: The change log of the app's entries (:mod:`loaders.entries`): one node per record saved, kept across loads.
CHANGE = NodeType(
    "Change", "id", ("at", "actor", "role", "file", "key", "action", "before", "after", "batch", "seq"), "(each save)"
)
#: The lock every save of the app's entries takes first, so saves run one after another.
CHANGE_LOG = NodeType("ChangeLog", "id", ("at",), "(one)")
#: The log of ``dealnet export``: a load refuses to undo what the app changed after the last one.
EXPORT = NodeType("Export", "id", ("at", "actor", "target"), "(each export)")

#: The learning check-in and the self-assessment rounds (:mod:`loaders.proposals`): links, answers awaiting a
#: member's decision, rounds and who answered them. Never read by the projection: nothing in them is data.
CHECKIN_LINK = NodeType(
    "CheckinLink", "id", ("activity_id", "created_by", "created_at", "expires", "closed_at", "closed_by"), "(app)"
)
PROPOSAL = NodeType(
    "Proposal",
    "id",
    ("link_id", "activity_id", "party_id", "learned", "lesson_id", "from_party_id", "from_text", "intent", "status",
     "created_at", "decided_by", "decided_at", "result"),
    "(app)",
)  # fmt: skip
ROUND = NodeType(
    "Round",
    "id",
    ("year", "deal_id", "scale_low", "scale_high", "opened_by", "opened_at", "expires", "closed_at", "closed_by"),
    "(app)",
)
ROUND_ANSWER = NodeType("RoundAnswer", "key", ("round_id", "party_id", "answered_at", "scores"), "(app)")
_SIDE = (LOAD, CHANGE, CHANGE_LOG, EXPORT, CHECKIN_LINK, PROPOSAL, ROUND, ROUND_ANSWER)

NODES: tuple[NodeType, ...] = (*_nodes(), *_SIDE)

#: Labels of nodes that belong to no generation: logs and the check-in's records, kept whatever loads do.
OUTSIDE_GENERATIONS: frozenset[str] = frozenset(n.label for n in _SIDE)

RELATIONSHIPS: tuple[RelationshipType, ...] = _relationships()


def schema_markdown() -> str:
    """The schema as Markdown tables, for the README and the app's help page."""
    lines = [
        "| label | key (unique) | properties | from |",
        "|---|---|---|---|",
        *(f"| `{n.label}` | `{n.key}` | {', '.join(n.properties)} | `{n.source}` |" for n in NODES),
        "",
        "| relationship | from | to | properties | from |",
        "|---|---|---|---|---|",
        *(
            f"| `{r.type}` | `{r.start}` | `{r.end}` | {', '.join(r.properties) or '-'} | `{r.source}` |"
            for r in RELATIONSHIPS
        ),
    ]
    return "\n".join(lines)
