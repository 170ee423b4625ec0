"""The graph schema: which labels, relationship types and properties the store holds.

This is the single documented description of the property graph. The Cypher that
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

__all__ = ["NODES", "RELATIONSHIPS", "NodeType", "RelationshipType", "schema_markdown"]


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


_COMMON = ("illustrative",)

NODES: tuple[NodeType, ...] = (
    NodeType("Deal", "id", ("name", "programme", "start", "end", "url", *_COMMON), "deals"),
    NodeType("Phase", "id", ("name", "start", "end", *_COMMON), "phases"),
    NodeType(
        "Party",
        "id",
        ("name", "kind", "province", "cbs_code", "lat", "lon", "confidential", *_COMMON),
        "parties",
    ),
    NodeType("Person", "id", ("name", "role", "email", "confidential", *_COMMON), "people"),
    NodeType("Theme", "id", ("name", "description", *_COMMON), "themes"),
    NodeType(
        "Question",
        "id",
        ("title", "priority", "raised_on", "status", "confidential", *_COMMON),
        "questions",
    ),
    NodeType("Activity", "id", ("title", "date", "kind", "confidential", *_COMMON), "activities"),
    NodeType(
        "Deployment",
        "id",
        ("start", "end", "days", "instrument", "outcome", "confidential", *_COMMON),
        "deployments",
    ),
    NodeType(
        "Lesson",
        "id",
        ("title", "kind", "date", "description", "confidential", *_COMMON),
        "lessons",
    ),
    NodeType(
        "Bottleneck",
        "id",
        ("title", "concerns", "status", "date", "confidential", *_COMMON),
        "bottlenecks",
    ),
    NodeType(
        "Assessment",
        "key",
        ("year", "indicator", "score", "party_id", "deal_id", "note", *_COMMON),
        "assessments",
    ),
    NodeType("Load", "id", ("status", "started_at", "finished_at", "source", "replace", "counts"), "(each load)"),
)

RELATIONSHIPS: tuple[RelationshipType, ...] = (
    RelationshipType("OF_DEAL", "Phase", "Deal", (), "phases.deal_id"),
    RelationshipType("PART_OF", "Party", "Party", (), "parties.parent_id"),
    RelationshipType("IN_DEAL", "Party", "Deal", (), "parties.deal_ids"),
    RelationshipType("WORKS_AT", "Person", "Party", (), "people.party_id"),
    RelationshipType("SUBTHEME_OF", "Theme", "Theme", (), "themes.parent_id"),
    RelationshipType("ASKS", "Party", "Question", (), "questions.party_id"),
    RelationshipType("ON_THEME", "Question|Activity|Deployment|Lesson|Bottleneck", "Theme", (), "*.theme_ids"),
    RelationshipType("ORGANISED", "Party", "Activity", (), "activities.organiser_id"),
    RelationshipType("PART_OF_DEAL", "Activity", "Deal", (), "activities.deal_id"),
    RelationshipType(
        "PARTICIPATED",
        "Party",
        "Activity",
        ("key", "person_id", "role", "illustrative"),
        "participations (one per party, activity and person)",
    ),
    RelationshipType("PROVIDED", "Party", "Deployment", (), "deployments.provider_id"),
    RelationshipType("FOR", "Deployment", "Party", (), "deployments.recipient_id"),
    RelationshipType("EXPERT", "Person", "Deployment", (), "deployments.expert_id"),
    RelationshipType("ANSWERS", "Deployment", "Question", (), "deployments.question_id"),
    RelationshipType("ORIGINATED_AT", "Lesson", "Party", (), "lessons.origin_id"),
    RelationshipType("FROM_ACTIVITY", "Lesson", "Activity", (), "lessons.activity_id"),
    RelationshipType("FROM_DEPLOYMENT", "Lesson", "Deployment", (), "lessons.deployment_id"),
    RelationshipType(
        "ADOPTED",
        "Party",
        "Lesson",
        ("key", "date", "stage", "via_activity_id", "via_deployment_id", "note", "confidential", "illustrative"),
        "adoptions (one per party and lesson)",
    ),
    RelationshipType("RAISED", "Party", "Bottleneck", (), "bottlenecks.raised_by_id"),
    RelationshipType("ADDRESSED_TO", "Bottleneck", "Party", (), "bottlenecks.addressed_to_id"),
)


def schema_markdown() -> str:
    """The schema as Markdown tables, for the README and the app's help page."""
    lines = [
        "| label | key (unique) | properties | from |",
        "|---|---|---|---|",
        *(
            f"| `{n.label}` | `{n.key}` | {', '.join(n.properties)} | `{n.source}` |"
            for n in NODES
        ),
        "",
        "| relationship | from | to | properties | from |",
        "|---|---|---|---|---|",
        *(
            f"| `{r.type}` | `{r.start}` | `{r.end}` | {', '.join(r.properties) or '-'} | `{r.source}` |"
            for r in RELATIONSHIPS
        ),
    ]
    return "\n".join(lines)
