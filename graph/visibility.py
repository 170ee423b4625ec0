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
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from graph.model import Dataset, Participation, ParticipationRole, Record, record_key
from graph.registry import ENTITIES, Entity, Policy

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
        The view, with ``withheld`` counting the records left out per file.
    """
    if Audience(audience) is Audience.INTERNAL:
        return dataset
    return _public_view(dataset)


def _public_view(ds: Dataset) -> Dataset:
    """The rules of the module docstring, read from the registry's references, file by file.

    A file only refers to files before it (or, for ``parent_id``, to itself), so one pass
    in load order knows, for every reference, what its target withheld.
    """
    withheld: dict[str, set[str]] = {}
    withheld_counts: Counter[str] = Counter()
    update: dict[str, tuple[Record, ...]] = {}
    for entity in ENTITIES.values():
        records: tuple[Record, ...] = getattr(ds, entity.file)
        gone = {record_key(r) for r in records} if entity.personal else _withheld_records(entity, records, withheld)
        kept = [_unlinked(entity, r, withheld) for r in records if record_key(r) not in gone]
        withheld[entity.file] = gone
        withheld_counts[entity.file] = len(records) - len(kept)
        if entity.file == "participations":  # merged ones are not withheld: their party still took part
            kept = list(_merged_participations(kept))  # type: ignore[arg-type]
        update[entity.file] = tuple(kept)
    return ds.model_copy(update={**update, "withheld": {name: n for name, n in withheld_counts.items() if n}})


def _withheld_records(entity: Entity, records: tuple[Record, ...], withheld: dict[str, set[str]]) -> set[str]:
    """Keys of the records of ``entity`` that go: confidential ones, and those that rest on what goes.

    A reference into the entity's own file (a unit's ``parent_id``) is followed to the end:
    a confidential party takes its units, and their units, with it.
    """
    owned = [ref for ref in entity.references if ref.policy is Policy.OWNED]
    gone = {record_key(r) for r in records if getattr(r, "confidential", False)}
    while True:
        before = len(gone)
        for record in records:
            key = record_key(record)
            if key in gone:
                continue
            for ref in owned:
                hidden = gone if ref.target == entity.file else withheld.get(ref.target, set())
                if any(item in hidden for item in _ids(getattr(record, ref.field))):
                    gone.add(key)
                    break
        if len(gone) == before or not any(ref.target == entity.file for ref in owned):
            return gone


def _unlinked(entity: Entity, record: Record, withheld: dict[str, set[str]]) -> Record:
    """``record`` without its links to withheld records (the *refers* references)."""
    update: dict[str, object] = {}
    for ref in entity.references:
        if ref.policy is not Policy.REFERS:
            continue
        hidden = withheld.get(ref.target, set())
        value = getattr(record, ref.field)
        if ref.many:
            if any(item in hidden for item in value):
                update[ref.field] = tuple(item for item in value if item not in hidden)
        elif value is not None and value in hidden:
            update[ref.field] = None
    return record.model_copy(update=update) if update else record


def _ids(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _merged_participations(participations: list[Participation]) -> list[Participation]:
    """Participations that coincide once their person is gone, as one: the most active role stays.

    The people are withheld, so every ``person_id`` is cleared already.
    """
    merged: dict[tuple[str, str], Participation] = {}
    for part in participations:
        key = (part.activity_id, part.party_id)
        known = merged.get(key)
        if known is None or _ROLE_WEIGHT[part.role] < _ROLE_WEIGHT[known.role]:
            merged[key] = part
    return list(merged.values())
