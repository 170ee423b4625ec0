"""Rules that span several records of a dataset: keys, references, cycles, self-adoption.

A single record is checked by its pydantic model (:mod:`graph.model`); what needs the
whole dataset is checked here, purely, on a :class:`~graph.model.Dataset`:

* ids (and composite keys: adoption, participation, assessment) are unique within their file,
  and no two ids of a file differ only in capitals (``tubbergen`` and ``TUBBERGEN``:
  spreadsheets and people treat them as one, the graph would hold two parties);
* every reference resolves to a record of the right kind, exactly (capitals too), and an
  unknown id comes with the closest existing one as a suggestion;
* ``parent_id`` of parties and of themes never leads round in a cycle;
* a participation that names a person names that person's party;
* no party adopts a lesson that originated at itself (self-adoption).

A :class:`Violation` points at a record by its file and its position in the
dataset's tuple, so a caller that knows where each record came from (the loaders
know the row) can say so; the ``where`` function passed to :func:`check_integrity`
is how messages that mention a second record ("row 4 has it too") name it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass

from graph.model import Dataset, Record, record_key
from graph.registry import ENTITIES

__all__ = ["REFERENCES", "Reference", "Violation", "check_integrity", "closest_id"]


@dataclass(frozen=True)
class Reference:
    """A column of one file that holds ids of another file."""

    entity: str
    column: str
    target: str
    noun: str
    """What the target is called in messages (``lesson``, ``party``)."""


#: Every reference of the interchange format, derived from :mod:`graph.registry`
#: (in file order, and within a file in the order of the model's fields).
REFERENCES: tuple[Reference, ...] = tuple(
    Reference(e.file, ref.field, ref.target, ENTITIES[ref.target].noun)
    for e in ENTITIES.values()
    for ref in e.references
)

#: For files keyed by a composite key: the column a duplicate is reported on, and how
#: the key is described.
_COMPOSITE = {
    "participations": ("party_id", "a participant listed once per activity (same party and person)"),
    "adoptions": ("party_id", "a party that adopts this lesson once (same lesson and party)"),
    "assessments": ("indicator", "an indicator scored once (same year, party and deal)"),
}


@dataclass(frozen=True)
class Violation:
    """One broken cross-record rule, pointing at the record (and column) that breaks it.

    ``index`` is the record's position in ``getattr(dataset, entity)``.
    """

    entity: str
    index: int
    column: str
    value: str
    expected: str
    suggestion: str | None = None
    target: str | None = None
    """For an unknown reference, the file whose id it should be (so that a caller can
    tell references into a file that could not be read from real mistakes)."""


Where = Callable[[str, int], str]


def _default_where(entity: str, index: int) -> str:
    return f"record {index + 1} of {entity}"


def closest_id(value: str, candidates: Collection[str]) -> str | None:
    """The existing id most like ``value``, if one is close enough to be a likely typo.

    Examples
    --------
    >>> closest_id("buurtbudet", ["buurtbudget", "wijkaanpak"])
    'buurtbudget'
    >>> closest_id("xyz", ["buurtbudget"]) is None
    True
    >>> closest_id("TUBBERGEN", ["tubberge", "tubbergen"])  # the same id in other capitals comes first
    'tubbergen'
    """
    folded = value.casefold()
    same = next((candidate for candidate in candidates if candidate.casefold() == folded), None)
    if same is not None:
        return same
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def check_integrity(
    dataset: Dataset,
    where: Where = _default_where,
    also_known: Mapping[str, Collection[str]] | None = None,
) -> list[Violation]:
    """Every violation of a cross-record rule in the dataset, in file and record order.

    Parameters
    ----------
    dataset
        The records to check.
    where
        Names a record (``where("parties", 3)`` → ``"row 5"``) in messages about a second record.
    also_known
        Ids per file of records that exist but were not valid on their own; references to
        them are not reported again (their own problem is already reported).

    Examples
    --------
    >>> from graph.model import Party, PartyKind
    >>> parties = (
    ...     Party(id="a", name="A", kind=PartyKind.GEMEENTE, parent_id="b"),
    ...     Party(id="b", name="B", kind=PartyKind.GEMEENTE, parent_id="a"),
    ...     Party(id="a", name="A again", kind=PartyKind.GEMEENTE),
    ...     Party(id="B", name="B in capitals", kind=PartyKind.GEMEENTE),
    ... )
    >>> for violation in check_integrity(Dataset(parties=parties)):
    ...     print(violation.index, violation.column, violation.expected)
    0 parent_id a parent outside a cycle (a -> b -> a)
    2 id an id used once in the file (record 1 of parties has it too)
    3 id an id that differs from the others in more than capitals (record 2 of parties has 'b')
    """
    known = {name: set(ids) for name, ids in (also_known or {}).items()}
    ids = {name: _ids(getattr(dataset, name)) for name in {ref.target: None for ref in REFERENCES}}
    violations = [
        *_duplicates(dataset, where),
        *_dangling(dataset, ids, known),
        *_cycles(dataset, "parties", where),
        *_cycles(dataset, "themes", where),
        *_participant_parties(dataset),
        *_self_adoptions(dataset),
    ]
    order = {name: position for position, name in enumerate(dataset.counts())}
    return sorted(violations, key=lambda v: (order[v.entity], v.index))


def _ids(records: tuple[Record, ...]) -> dict[str, Record]:
    return {record_key(record): record for record in reversed(records)}


def _duplicates(dataset: Dataset, where: Where) -> Iterator[Violation]:
    for entity in dataset.counts():
        first: dict[str, int] = {}
        for index, record in enumerate(getattr(dataset, entity)):
            key = record_key(record)
            if key not in first:
                first[key] = index
                continue
            also = where(entity, first[key])
            if entity in _COMPOSITE:
                column, expected = _COMPOSITE[entity]
                yield Violation(
                    entity, index, column, str(getattr(record, column) or ""), f"{expected[:-1]}; {also} has it too)"
                )
            else:
                yield Violation(entity, index, "id", key, f"an id used once in the file ({also} has it too)")
        # Composite keys are made of references, each checked exactly against its own file.
        if entity not in _COMPOSITE and len({key.casefold() for key in first}) < len(first):
            yield from _capital_twins(entity, first, where)


def _capital_twins(entity: str, first: Mapping[str, int], where: Where) -> Iterator[Violation]:
    """Ids of a file that differ from an earlier one only in capitals (``first``: each id's first index)."""
    seen: dict[str, tuple[str, int]] = {}
    for key, index in sorted(first.items(), key=lambda item: item[1]):
        other, other_index = seen.setdefault(key.casefold(), (key, index))
        if other != key:
            yield Violation(
                entity, index, "id", key,
                f"an id that differs from the others in more than capitals ({where(entity, other_index)} has {other!r})",
                other,
            )  # fmt: skip


def _dangling(
    dataset: Dataset, ids: Mapping[str, Mapping[str, Record]], known: Mapping[str, set[str]]
) -> Iterator[Violation]:
    folded: dict[str, dict[str, str]] = {}  # by target, made at its first miss: misses are rare
    for ref in REFERENCES:
        for index, record in enumerate(getattr(dataset, ref.entity)):
            value = getattr(record, ref.column)
            for item in value if isinstance(value, tuple) else (value,):
                if item is None or item in ids[ref.target] or item in known.get(ref.target, ()):
                    continue
                if ref.target not in folded:
                    folded[ref.target] = {key.casefold(): key for key in ids[ref.target]}
                suggestion = folded[ref.target].get(item.casefold())
                if suggestion is not None:
                    expected = f"a known {ref.noun} id (ids must match in capitals too)"
                else:
                    kinds = [name for name, found in ids.items() if item in found]
                    hint = f"; {item!r} is in {kinds[0]}" if kinds else ""
                    expected, suggestion = f"a known {ref.noun} id{hint}", closest_id(item, ids[ref.target])
                yield Violation(ref.entity, index, ref.column, item, expected, suggestion, ref.target)


def _cycles(dataset: Dataset, entity: str, where: Where) -> Iterator[Violation]:
    """Parent cycles, each reported once, on its member that comes first in the file."""
    records = getattr(dataset, entity)
    index_of = {record.id: index for index, record in reversed(list(enumerate(records)))}
    parent = {record.id: record.parent_id for record in records if record.parent_id in index_of}
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path.append(node)
            node = parent.get(node)
        done.update(path)
        if node is None or node not in path:
            continue
        cycle = path[path.index(node) :]
        first = min(cycle, key=index_of.__getitem__)
        turn = cycle.index(first)
        ring = [*cycle[turn:], *cycle[:turn], first]
        yield Violation(
            entity, index_of[first], "parent_id", str(parent[first]),
            f"a parent outside a cycle ({' -> '.join(ring)})",
        )  # fmt: skip


def _participant_parties(dataset: Dataset) -> Iterator[Violation]:
    party_of = {person.id: person.party_id for person in dataset.people}
    for index, participation in enumerate(dataset.participations):
        person = participation.person_id
        if person in party_of and party_of[person] != participation.party_id:
            yield Violation(
                "participations", index, "party_id", participation.party_id,
                f"the party of person {person} ({party_of[person]})", party_of[person],
            )  # fmt: skip


def _self_adoptions(dataset: Dataset) -> Iterator[Violation]:
    origin = {lesson.id: lesson.origin_id for lesson in dataset.lessons}
    for index, adoption in enumerate(dataset.adoptions):
        if origin.get(adoption.lesson_id) == adoption.party_id:
            yield Violation(
                "adoptions", index, "party_id", adoption.party_id,
                f"a party other than the lesson's origin (lesson {adoption.lesson_id} originated at {adoption.party_id})",
            )  # fmt: skip
