"""The schema registry: every entity of the interchange format and its references, declared once.

Each file of a dataset is an :class:`Entity`: its file name, the model of its records
(:mod:`graph.model`, which holds the fields and their types), what it becomes in the
store (a node label, or a relationship type for the two files of relationship records)
and its references. A :class:`Reference` names the field, the file it points into, how
the store keeps it and what the public view does with it. From these declarations the
rest is derived, so that adding a field or a reference is one edit here (plus the model):

* the schema's relationship table (:data:`graph.schema.RELATIONSHIPS`) and node
  properties (:data:`graph.schema.NODES`);
* the load plan's links and relationship ends (:mod:`loaders.plan`);
* the reference checks (:data:`graph.integrity.REFERENCES`);
* the public view's rules (:mod:`graph.visibility`);
* the export columns (:mod:`loaders.export`) and the synthetic generator's columns
  (:mod:`loaders.synth`).

The Cypher in ``queries/`` stays literal text (labels and types are never formatted in);
``tests/test_schema.py`` checks it against the tables derived here.

**Visibility policies.** A reference is either

* *owned* (:attr:`Policy.OWNED`): the record rests on what it refers to, and goes with it
  when that is withheld from the public (a lesson with its confidential origin party, a
  unit with its party, a participation with its activity);
* *refers* (:attr:`Policy.REFERS`): the record merely points at it, and only the link is
  dropped (a lesson from a confidential deployment keeps its node, loses the link).

Examples
--------
>>> ENTITIES["lessons"].label, ENTITIES["lessons"].key
('Lesson', 'id')
>>> [(r.field, r.target, r.policy.value) for r in ENTITIES["lessons"].references][:2]
[('origin_id', 'parties', 'owned'), ('theme_ids', 'themes', 'refers')]
>>> ENTITIES["participations"].columns[:3]
('activity_id', 'person_id', 'party_id')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graph.model import (
    ENTITY_FILES,
    Activity,
    Adoption,
    Assessment,
    Bottleneck,
    Deal,
    Deployment,
    Lesson,
    Participation,
    Party,
    Person,
    Phase,
    Question,
    Record,
    Theme,
)

__all__ = ["ENTITIES", "Entity", "Policy", "Reference", "Storage", "entity"]


class Policy(StrEnum):
    """What the public view does with a record whose reference points at a withheld record."""

    OWNED = "owned"
    """The record goes with what it refers to."""
    REFERS = "refers"
    """Only the link is dropped (the field emptied, or the id left out of a list)."""


class Storage(StrEnum):
    """How the store keeps a reference."""

    LINK = "link"
    """A relationship between the record's node and the referenced node."""
    END = "end"
    """An end of the relationship that a relationship record (participation, adoption) becomes."""
    PROPERTY = "property"
    """A plain property holding the id (scores are not navigated from)."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A field of one file that holds ids of another file (one id, or a list of them)."""

    field: str
    target: str
    """The file the ids belong to."""
    policy: Policy
    storage: Storage = Storage.LINK
    relationship: str | None = None
    """The relationship type (for :attr:`Storage.LINK`)."""
    inbound: bool = False
    """True when the referenced node is the relationship's start (a provider ``PROVIDED`` a deployment)."""
    many: bool = False
    """A list of ids (``theme_ids``) rather than one."""


@dataclass(frozen=True, slots=True)
class Entity:
    """One file of the interchange format and what the store makes of it."""

    file: str
    model: type[Record]
    noun: str
    """What one record is called in messages (``lesson``, ``party``)."""
    references: tuple[Reference, ...] = ()
    label: str | None = None
    """The node label, for files whose records become nodes."""
    relationship: str | None = None
    """The relationship type, for files whose records become relationships."""
    description: str = ""
    """For relationship records: what one relationship stands for (shown in the schema table)."""
    personal: bool = False
    """Personal data (AVG): none of it is shown to the public."""
    first_columns: tuple[str, ...] = ()
    """Columns that the data contract lists before the model's field order."""
    fields: tuple[str, ...] = field(init=False)
    """The model's fields in order, without ``illustrative``."""

    def __post_init__(self) -> None:
        names = tuple(name for name in self.model.model_fields if name != "illustrative")
        object.__setattr__(self, "fields", names)

    @property
    def key(self) -> str:
        """The business key: ``id``, or ``key`` for records identified by several fields."""
        return "id" if "id" in self.fields else "key"

    @property
    def columns(self) -> tuple[str, ...]:
        """The file's columns in the order of the data contract, ``illustrative`` last."""
        rest = [name for name in self.fields if name not in self.first_columns]
        first = self.first_columns
        if first:  # the contract's order: the named columns where the first of them stands
            at = min(self.fields.index(name) for name in first)
            rest[at:at] = first
        return (*rest, "illustrative")

    @property
    def links(self) -> tuple[Reference, ...]:
        """References that become relationships from or to the record's node."""
        return tuple(ref for ref in self.references if ref.storage is Storage.LINK)

    @property
    def ends(self) -> tuple[str, str]:
        """For relationship records: the fields naming the relationship's start and end."""
        ends = [ref for ref in self.references if ref.storage is Storage.END]
        start = next(ref.field for ref in ends if ref.inbound)
        end = next(ref.field for ref in ends if not ref.inbound)
        return start, end

    @property
    def properties(self) -> tuple[str, ...]:
        """The fields the store keeps as properties of the node (or relationship): no links, no ends, no ``id``.

        A record identified by several fields is stored with its composite ``key`` besides.
        """
        stored_apart = {ref.field for ref in self.references if ref.storage is not Storage.PROPERTY}
        own = tuple(name for name in self.fields if name not in stored_apart and name != "id")
        return (*own, "illustrative")

    def reference(self, name: str) -> Reference:
        """The reference of field ``name``."""
        return next(ref for ref in self.references if ref.field == name)


def _many(model: type[Record], name: str) -> bool:
    annotation = str(model.model_fields[name].annotation)
    return annotation.startswith("tuple")


def _ref(
    model: type[Record],
    name: str,
    target: str,
    policy: Policy,
    relationship: str | None = None,
    *,
    inbound: bool = False,
    storage: Storage | None = None,
) -> Reference:
    kept = storage or (Storage.LINK if relationship else Storage.PROPERTY)
    return Reference(name, target, policy, kept, relationship, inbound, _many(model, name))


OWNED, REFERS = Policy.OWNED, Policy.REFERS
END = Storage.END

_DECLARED: tuple[Entity, ...] = (
    Entity("deals", Deal, "deal", label="Deal"),
    Entity("phases", Phase, "phase", label="Phase", references=(
        _ref(Phase, "deal_id", "deals", OWNED, "OF_DEAL"),
    )),
    Entity("parties", Party, "party", label="Party", references=(
        _ref(Party, "parent_id", "parties", OWNED, "PART_OF"),
        _ref(Party, "deal_ids", "deals", REFERS, "IN_DEAL"),
    )),
    Entity("people", Person, "person", label="Person", personal=True, references=(
        _ref(Person, "party_id", "parties", OWNED, "WORKS_AT"),
    )),
    Entity("themes", Theme, "theme", label="Theme", references=(
        _ref(Theme, "parent_id", "themes", REFERS, "SUBTHEME_OF"),
    )),
    Entity("questions", Question, "question", label="Question", references=(
        _ref(Question, "party_id", "parties", OWNED, "ASKS", inbound=True),
        _ref(Question, "theme_ids", "themes", REFERS, "ON_THEME"),
    )),
    Entity("activities", Activity, "activity", label="Activity", references=(
        _ref(Activity, "organiser_id", "parties", REFERS, "ORGANISED", inbound=True),
        _ref(Activity, "theme_ids", "themes", REFERS, "ON_THEME"),
        _ref(Activity, "deal_id", "deals", REFERS, "PART_OF_DEAL"),
    )),
    Entity(
        "participations", Participation, "participation", relationship="PARTICIPATED",
        description="one per party, activity and person", first_columns=("activity_id", "person_id"),
        references=(
            _ref(Participation, "activity_id", "activities", OWNED, storage=END),
            _ref(Participation, "party_id", "parties", OWNED, storage=END, inbound=True),
            _ref(Participation, "person_id", "people", REFERS),
        ),
    ),
    Entity("deployments", Deployment, "deployment", label="Deployment", references=(
        _ref(Deployment, "provider_id", "parties", OWNED, "PROVIDED", inbound=True),
        _ref(Deployment, "recipient_id", "parties", OWNED, "FOR"),
        _ref(Deployment, "expert_id", "people", REFERS, "EXPERT", inbound=True),
        _ref(Deployment, "theme_ids", "themes", REFERS, "ON_THEME"),
        _ref(Deployment, "question_id", "questions", REFERS, "ANSWERS"),
    )),
    Entity("lessons", Lesson, "lesson", label="Lesson", references=(
        _ref(Lesson, "origin_id", "parties", OWNED, "ORIGINATED_AT"),
        _ref(Lesson, "theme_ids", "themes", REFERS, "ON_THEME"),
        _ref(Lesson, "activity_id", "activities", REFERS, "FROM_ACTIVITY"),
        _ref(Lesson, "deployment_id", "deployments", REFERS, "FROM_DEPLOYMENT"),
    )),
    Entity(
        "adoptions", Adoption, "adoption", relationship="ADOPTED", description="one per party and lesson",
        references=(
            _ref(Adoption, "lesson_id", "lessons", OWNED, storage=END),
            _ref(Adoption, "party_id", "parties", OWNED, storage=END, inbound=True),
            _ref(Adoption, "via_activity_id", "activities", REFERS),
            _ref(Adoption, "via_deployment_id", "deployments", REFERS),
        ),
    ),
    Entity("bottlenecks", Bottleneck, "bottleneck", label="Bottleneck", references=(
        _ref(Bottleneck, "raised_by_id", "parties", OWNED, "RAISED", inbound=True),
        _ref(Bottleneck, "theme_ids", "themes", REFERS, "ON_THEME"),
        _ref(Bottleneck, "addressed_to_id", "parties", REFERS, "ADDRESSED_TO"),
    )),
    Entity("assessments", Assessment, "assessment", label="Assessment", references=(
        _ref(Assessment, "party_id", "parties", OWNED),
        _ref(Assessment, "deal_id", "deals", REFERS),
    )),
)  # fmt: skip

#: Every entity by file, in load order (:data:`graph.model.ENTITY_FILES`).
ENTITIES: dict[str, Entity] = {e.file: e for e in sorted(_DECLARED, key=lambda e: ENTITY_FILES.index(e.file))}

assert tuple(ENTITIES) == ENTITY_FILES, "every file of the interchange format is declared once"


def entity(file: str) -> Entity:
    """The entity of ``file`` (``lessons``)."""
    return ENTITIES[file]


def _check() -> None:
    """Every declared reference names a real field of its model, in the model's order."""
    for declared in _DECLARED:
        names = [ref.field for ref in declared.references]
        assert all(name in declared.fields for name in names), declared.file
        assert names == sorted(names, key=declared.fields.index), f"{declared.file}: references in field order"


_check()
