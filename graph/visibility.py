"""The confidentiality gate: what an audience may see of a dataset.

Every analysis, figure and report runs on the output of :func:`view_for`, never on the
raw dataset, so there is exactly one place that decides what leaves dealnet.

For the **public** (every exported report, every view for a role without access):

* records marked ``confidential`` are left out, and so is **every record that rests only
  on them**: the questions, deployments, lessons, adoptions and assessments of a
  confidential party (and of its units), adoptions of a confidential lesson,
  participations in a confidential activity, and so on, transitively;
* a record that merely *refers* to something withheld keeps its node but loses the link
  (a lesson from a confidential deployment, an adoption via a confidential activity, an
  activity organised by a confidential party, a bottleneck addressed to one);
* **all personal data** goes: ``people`` is emptied, and ``person_id`` and ``expert_id``
  references are cleared (participations that then coincide are merged, keeping the
  most active role). Free-text notes and outcomes are kept: they describe facts, not
  people, and the programme team is asked not to put names in them;
* ``Dataset.withheld`` counts, per file, the records left out, so a report can say
  "3 confidential records not shown" without naming them.

Which reference does what is declared once, in :mod:`graph.registry`: an *owned*
reference takes the record with its target, a *refers* reference loses only the link;
an entity marked ``personal`` (``people``) is withheld whole.

For the **internal** audience the dataset is returned unchanged.

**Cost.** The public view is on the path of the first page after a start, the warm-up and
every report, so at national scale (217,000 records, 150,000 participations) it must take a
fraction of a second. It therefore touches a record only where a rule applies to it: a file
with nothing confidential and no reference to anything withheld is passed on as the same
tuple, an unchanged record is shared (records are frozen, so sharing is safe), a reference
is only looked at when its target withheld something, and a record is copied only when a
link of it must be cleared. Participations are merged before their person is cleared, so
only the one that stays of each party and activity is copied. The result is equal, record
by record, to applying the rules one record at a time (``tests/test_visibility_speed.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter

from graph.collector import collector_paused
from graph.model import Dataset, Participation, ParticipationRole, Record, record_key
from graph.registry import ENTITIES, Entity, Policy, Reference

__all__ = ["Audience", "view_for"]


class Audience(StrEnum):
    """Who a view is for."""

    PUBLIC = "public"
    INTERNAL = "internal"


_ROLE_WEIGHT = {ParticipationRole.HOST: 0, ParticipationRole.SPEAKER: 1, ParticipationRole.PARTICIPANT: 2}


def view_for(dataset: Dataset, audience: Audience) -> Dataset:
    """The part of ``dataset`` that ``audience`` may see.

    Parameters
    ----------
    dataset
        The full dataset, as loaded.
    audience
        :attr:`Audience.INTERNAL` returns ``dataset`` itself;
        :attr:`Audience.PUBLIC` applies the rules in the module docstring.

    Returns
    -------
    Dataset
        The view, with ``withheld`` counting the records left out per file. Records the
        rules leave unchanged are the dataset's own (frozen) record objects.
    """
    if Audience(audience) is Audience.INTERNAL:
        return dataset
    with collector_paused():
        return _public_view(dataset)


@dataclass(frozen=True, slots=True)
class _Rules:
    """The registry's references of one file, split by what the public view does with them."""

    entity: Entity
    owned: tuple[Reference, ...]
    """References the record goes with, into other files."""
    owned_within: tuple[Reference, ...]
    """References the record goes with, into its own file (a unit's ``parent_id``): followed to the end."""
    refers: tuple[Reference, ...]
    """References whose link alone is dropped."""
    confidential: bool
    """The file's records can be marked ``confidential``."""
    referred_to: bool
    """Some reference points into this file, so the keys it withholds are needed later."""


def _rules(entity: Entity) -> _Rules:
    owned = tuple(ref for ref in entity.references if ref.policy is Policy.OWNED)
    return _Rules(
        entity=entity,
        owned=tuple(ref for ref in owned if ref.target != entity.file),
        owned_within=tuple(ref for ref in owned if ref.target == entity.file),
        refers=tuple(ref for ref in entity.references if ref.policy is Policy.REFERS),
        confidential="confidential" in entity.model.model_fields,
        referred_to=any(ref.target == entity.file for other in ENTITIES.values() for ref in other.references),
    )


#: The rules of every file, in load order.
_RULES: tuple[_Rules, ...] = tuple(_rules(entity) for entity in ENTITIES.values())

_CONFIDENTIAL = attrgetter("confidential")


def _public_view(ds: Dataset) -> Dataset:
    """The rules of the module docstring, read from the registry's references, file by file.

    A file only refers to files before it (or, for ``parent_id``, to itself), so one pass
    in load order knows, for every reference, what its target withheld.
    """
    withheld: dict[str, set[str]] = {}
    withheld_counts: dict[str, int] = {}
    update: dict[str, tuple[Record, ...]] = {}
    for rules in _RULES:
        file = rules.entity.file
        records: tuple[Record, ...] = getattr(ds, file)
        kept: Sequence[Record]
        if rules.entity.personal:
            kept, gone = (), set(map(record_key, records))
        else:
            kept, gone = _split(rules, records, withheld)
        withheld_counts[file] = len(records) - len(kept)
        if file == "participations":  # merged ones are not withheld: their party still took part
            kept = _merged_participations(kept)  # type: ignore[arg-type]
        kept = _unlinked(rules, kept, withheld)
        withheld[file] = gone
        update[file] = kept if isinstance(kept, tuple) else tuple(kept)
    return ds.model_copy(update={**update, "withheld": {name: n for name, n in withheld_counts.items() if n}})


def _split(
    rules: _Rules, records: tuple[Record, ...], withheld: dict[str, set[str]]
) -> tuple[Sequence[Record], set[str]]:
    """The records of a file that stay, and the keys of those that go.

    A record goes when it is confidential or an owned reference of it points at a withheld
    record; a reference into the file itself (a unit's ``parent_id``) is followed to the end,
    so a confidential party takes its units, and their units, with it. Keys are unique within
    a file (:mod:`graph.integrity` refuses a dataset where they are not), so leaving out the
    records that go is leaving out their keys. Only references whose target withheld
    something are looked at: without them, and without confidential records, the file stays
    whole, as the same tuple.
    """
    going: set[int] = set()
    if rules.confidential:
        going.update(i for i, secret in enumerate(map(_CONFIDENTIAL, records)) if secret)
    for ref in rules.owned:
        hidden = withheld.get(ref.target)
        if hidden:
            going.update(_hits(ref, records, hidden))
    if rules.owned_within:
        going = _followed(rules.owned_within, records, going)
    if not going:
        return records, set()
    gone = {record_key(records[i]) for i in going} if rules.referred_to else set()
    return [record for i, record in enumerate(records) if i not in going], gone


def _hits(ref: Reference, records: Sequence[Record], hidden: set[str]) -> list[int]:
    """Positions of the records whose field ``ref.field`` names an id in ``hidden``."""
    values = map(attrgetter(ref.field), records)
    if ref.many:
        return [i for i, ids in enumerate(values) if ids and not hidden.isdisjoint(ids)]
    return [i for i, value in enumerate(values) if value in hidden]


def _followed(within: tuple[Reference, ...], records: tuple[Record, ...], going: set[int]) -> set[int]:
    """``going`` with every record that rests, through references into its own file, on one that goes."""
    dependants: dict[str, list[int]] = {}
    for ref in within:
        for i, value in enumerate(map(attrgetter(ref.field), records)):
            for target in _ids(value):
                dependants.setdefault(target, []).append(i)
    if not dependants:
        return going
    reached, todo = set(going), list(going)
    while todo:
        for i in dependants.get(record_key(records[todo.pop()]), ()):
            if i not in reached:
                reached.add(i)
                todo.append(i)
    return reached


def _unlinked(rules: _Rules, records: Sequence[Record], withheld: dict[str, set[str]]) -> Sequence[Record]:
    """``records`` without their links to withheld records (the *refers* references).

    Only the records that hold such a link are copied; the others are passed on as they are.
    """
    unlinked: list[Record] | None = None
    for ref in rules.refers:
        hidden = withheld.get(ref.target)
        if not hidden:
            continue
        hits = _hits(ref, records, hidden)
        if not hits:
            continue
        if unlinked is None:
            unlinked = list(records)
        field = ref.field
        for i in hits:
            record = unlinked[i]
            value = getattr(record, field)
            cleared = tuple(item for item in value if item not in hidden) if ref.many else None
            unlinked[i] = _copied(record, {field: cleared})
    return records if unlinked is None else unlinked


def _copied(record: Record, fields: dict[str, object]) -> Record:
    """``record`` with ``fields`` replaced: what ``record.model_copy(update=fields)`` makes, made directly.

    The record was validated when it was made and a cleared link (``None``, or a shorter
    tuple of valid ids) is valid too, so nothing needs checking again.
    """
    copy = object.__new__(type(record))
    object.__setattr__(copy, "__dict__", {**record.__dict__, **fields})
    object.__setattr__(copy, "__pydantic_fields_set__", record.__pydantic_fields_set__ | fields.keys())
    object.__setattr__(copy, "__pydantic_extra__", None)  # extra="forbid": records never have extras
    object.__setattr__(copy, "__pydantic_private__", None)  # nor private attributes
    return copy


def _ids(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _merged_participations(participations: Sequence[Participation]) -> Sequence[Participation]:
    """Participations that coincide once their person is gone, as one: the most active role stays.

    The people are withheld, so every ``person_id`` is cleared. That is done after this
    merge, on the participations that stay: the merge looks only at activity, party and
    role, which clearing a person does not change, and so fewer records are copied.
    When none coincide, ``participations`` is returned as it is.
    """
    merged: dict[tuple[str, str], Participation] = {}
    for part in participations:
        key = (part.activity_id, part.party_id)
        known = merged.get(key)
        if known is None or _ROLE_WEIGHT[part.role] < _ROLE_WEIGHT[known.role]:
            merged[key] = part
    return participations if len(merged) == len(participations) else list(merged.values())
