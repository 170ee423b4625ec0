"""Form values -> the records to save: one :class:`loaders.entries.RecordChange` per record.

The browser sends what the controls hold: text (possibly blank), a date as a member
types it (``22-04-2025`` or ``2025-04-22``), a number with a decimal comma, the values
of pickers, a yes/no box as a list. :func:`clean_values` turns that into the
interchange format's values (blank -> left out, so the model's default applies; a date
-> ISO text; ``1,5`` -> 1.5), and reports what the form itself can tell is wrong (a
required field left empty, a date or number that is none) as :class:`FormProblem`\\ s
with the store's own error codes. Everything else -- references, ranges, duplicates --
is the store's validation (the loaders' model), reported back as
:class:`loaders.entries.FieldError`\\ s and placed beside the right control through the
plan's :attr:`Plan.targets`.

An activity is saved with its participants as one batch (:func:`plan_activity`): the
new people first, then the activity, then a participation per participant; when an
activity is edited, participants taken off the list are retired in the same batch and
only changed ones are updated, each against the version the form opened.

Examples
--------
>>> from app.entry.kinds import KINDS
>>> values, problems = clean_values(KINDS["activity"], {"title": " Werkbezoek Urk ", "date": "22-04-2025",
...                                                    "theme_ids": ["wonen"], "confidential": ["yes"]})
>>> values, problems
({'title': 'Werkbezoek Urk', 'date': '2025-04-22', 'theme_ids': ['wonen'], 'confidential': True}, [])
>>> clean_values(KINDS["activity"], {"title": "X", "date": "31-02-2025"})[1]
[FormProblem(target=Target(control='form', row=0), field='date', code='invalid_date', value='31-02-2025')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from app.entry.kinds import FormKind
from app.entry.options import split_participant
from loaders.entries import FieldError, RecordChange, new_id

__all__ = [
    "CHECKED",
    "FORM",
    "FormProblem",
    "NewPersonRow",
    "ParticipantRow",
    "Plan",
    "Target",
    "clean_values",
    "parse_date",
    "parse_number",
    "participation_key",
    "plan_activity",
    "plan_record",
    "plan_retire",
    "problems_from_errors",
]

#: The value of a checked yes/no box (a ``dcc.Checklist`` with one option).
CHECKED: Final = "yes"


@dataclass(frozen=True)
class Target:
    """Where in the form a record's values come from: the main form, or a row of participants."""

    control: Literal["form", "participant", "new_person"]
    row: int = 0


FORM: Final = Target("form")


@dataclass(frozen=True)
class FormProblem:
    """Something wrong with one field of the form: where, which field, the error code, the value given."""

    target: Target
    field: str
    code: str
    value: Any = None


@dataclass(frozen=True)
class ParticipantRow:
    """A participant picked from the lists: ``person:<id>`` or ``party:<id>``, and their role."""

    who: str | None
    role: str | None = None


@dataclass(frozen=True)
class NewPersonRow:
    """A person added on the spot: name, party, job title (optional) and role in the activity."""

    name: str | None
    party_id: str | None
    function: str | None = None
    role: str | None = None

    def empty(self) -> bool:
        """Nothing filled in: the row is ignored."""
        return not ((self.name or "").strip() or self.party_id or (self.function or "").strip())


@dataclass(frozen=True)
class Plan:
    """The records one save writes (one batch), and where each one's values came from."""

    changes: tuple[RecordChange, ...] = ()
    targets: tuple[Target, ...] = ()
    problems: tuple[FormProblem, ...] = ()
    key: str | None = None
    """The key of the form's own record (new or edited)."""
    labels: tuple[str, ...] = field(default_factory=tuple)
    """A short name per change, for the confirmation ("activity 'Werkbezoek Urk'")."""


_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date | None:
    """A date as members type it: ``22-04-2025`` (also with ``/`` or ``.``) or ISO ``2025-04-22``; else ``None``.

    >>> parse_date("1-5-2025"), parse_date("2025-05-01"), parse_date("31-02-2025"), parse_date("morgen")
    (datetime.date(2025, 5, 1), datetime.date(2025, 5, 1), None, None)
    """
    text = text.strip()
    found = _DUTCH_DATE.match(text)
    parts = (found.group(3), found.group(2), found.group(1)) if found else None
    if parts is None and (iso := _ISO_DATE.match(text)):
        parts = (iso.group(1), iso.group(2), iso.group(3))
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def parse_number(text: str) -> float | None:
    """A number with a decimal comma or point (``1,5``, ``2.25``, ``3``); else ``None``.

    >>> parse_number("1,5"), parse_number(" 2.25 "), parse_number("drie")
    (1.5, 2.25, None)
    """
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def clean_values(
    kind: FormKind, raw: Mapping[str, Any], target: Target = FORM, *, editing: bool = False
) -> tuple[dict[str, Any], list[FormProblem]]:
    """The interchange values of the form's fields, and what the form can tell is wrong.

    Blank fields of a new record are left out (the model's default applies); in an edit
    they are given as ``None``, which empties them (a field an edit leaves out keeps its
    stored value, :mod:`loaders.entry_apply`). A required field left blank is a
    ``required`` problem. Fields not in ``kind``'s form are ignored.
    """
    values: dict[str, Any] = {}
    problems: list[FormProblem] = []
    for spec in kind.fields:
        given = raw.get(spec.name)
        if spec.control == "check":
            values[spec.name] = bool(given) and CHECKED in (given if isinstance(given, list) else [given])
            continue
        if spec.control == "choices":
            chosen = [str(v) for v in given or [] if _text(v)] if isinstance(given, list) else []
            if chosen:
                values[spec.name] = chosen
            elif spec.required:
                problems.append(FormProblem(target, spec.name, "required"))
            elif editing:
                values[spec.name] = None
            continue
        text = _text(given)
        if text is None:
            if spec.required:
                problems.append(FormProblem(target, spec.name, "required"))
            elif editing:
                values[spec.name] = None
            continue
        if spec.control == "date":
            day = parse_date(text)
            if day is None:
                problems.append(FormProblem(target, spec.name, "invalid_date", text))
            else:
                values[spec.name] = day.isoformat()
        elif spec.control == "number":
            number = parse_number(text)
            if number is None:
                problems.append(FormProblem(target, spec.name, "invalid_number", text))
            else:
                values[spec.name] = number
        elif spec.name == "priority":
            values[spec.name] = int(text) if text.isdigit() else text
        else:
            values[spec.name] = text
    return values, problems


def plan_record(
    kind: FormKind,
    raw: Mapping[str, Any],
    *,
    key: str | None,
    version: str | None,
    taken: Collection[str],
) -> Plan:
    """One record of ``kind`` from the form: new (``key`` ``None``, an id made from its title) or edited.

    >>> from app.entry.kinds import KINDS
    >>> plan = plan_record(KINDS["question"], {"title": "Hoe?", "party_id": "urk"}, key=None, version=None, taken=())
    >>> plan.key, plan.changes[0].values
    ('hoe', {'title': 'Hoe?', 'party_id': 'urk', 'confidential': False, 'id': 'hoe'})
    """
    values, problems = clean_values(kind, raw, editing=key is not None)
    if problems:
        return Plan(problems=tuple(problems))
    if kind.title_field is not None:
        record_id = key or new_id(kind.file, _id_source(kind, values), taken)
        values["id"] = record_id
        new_key = record_id
    else:
        new_key = key or f"{values.get('lesson_id')}|{values.get('party_id')}"
    change = RecordChange(file=kind.file, values=values, key=key, expected_version=version)
    return Plan(changes=(change,), targets=(FORM,), key=new_key, labels=(_label(kind, values),))


def _id_source(kind: FormKind, values: Mapping[str, Any]) -> str:
    """What a new record's id is made from: its title, or for a deployment its instrument or parties."""
    title = values.get(kind.title_field or "")
    if isinstance(title, str) and title:
        return title
    parts = [str(values.get(name)) for name in ("provider_id", "recipient_id") if values.get(name)]
    return " ".join(parts) or kind.key


def _label(kind: FormKind, values: Mapping[str, Any]) -> str:
    for name in ("title", "instrument", "name"):
        if isinstance(values.get(name), str):
            return str(values[name])
    return " → ".join(str(values[n]) for n in ("lesson_id", "party_id", "provider_id", "recipient_id") if values.get(n))


def participation_key(activity_id: str, party_id: str, person_id: str | None) -> str:
    """A participation's key, as :attr:`graph.model.Participation.key` makes it.

    >>> participation_key("a1", "urk", None), participation_key("a1", "urk", "an")
    ('a1|urk|', 'a1|urk|an')
    """
    return f"{activity_id}|{party_id}|{person_id or ''}"


def plan_activity(
    kind: FormKind,
    raw: Mapping[str, Any],
    participants: Sequence[ParticipantRow],
    new_people: Sequence[NewPersonRow],
    *,
    key: str | None,
    version: str | None,
    existing: Mapping[str, tuple[str, Mapping[str, Any]]],
    taken_activities: Collection[str],
    taken_people: Collection[str],
    person_party: Mapping[str, str],
) -> Plan:
    """An activity with its participants, as one batch.

    ``existing``: the activity's participations when the form opened (key -> (version,
    values)); ``person_party``: each known person's party, so a picked person brings
    their party. Rows without anyone picked are ignored; a new person needs a name and
    a party.

    >>> from app.entry.kinds import KINDS
    >>> plan = plan_activity(KINDS["activity"], {"title": "Werkbezoek", "date": "2025-04-22"},
    ...     [ParticipantRow("person:an", "host"), ParticipantRow("party:urk"), ParticipantRow(None)],
    ...     [NewPersonRow("Bo Bakker", "lelystad", None, "speaker")],
    ...     key=None, version=None, existing={}, taken_activities=(), taken_people=(),
    ...     person_party={"an": "urk"})
    >>> [(c.file, c.key) for c in plan.changes]
    [('people', None), ('activities', None), ('participations', None), ('participations', None), ('participations', None)]
    >>> [c.values["party_id"] + "|" + str(c.values.get("person_id")) for c in plan.changes[2:]]
    ['urk|an', 'urk|None', 'lelystad|bo-bakker']
    """
    values, problems = clean_values(kind, raw, editing=key is not None)
    people: list[tuple[RecordChange, Target, str]] = []
    rows: list[tuple[dict[str, Any], Target]] = []
    new_rows: list[tuple[dict[str, Any], Target]] = []
    taken = set(taken_people)
    for index, person in enumerate(new_people):
        if person.empty():
            continue
        where = Target("new_person", index)
        name = _text(person.name)
        if name is None:
            problems.append(FormProblem(where, "name", "required"))
        if not person.party_id:
            problems.append(FormProblem(where, "party_id", "required"))
        if name is None or not person.party_id:
            continue
        person_id = new_id("people", name, taken)
        taken.add(person_id)
        person_values: dict[str, Any] = {"id": person_id, "name": name, "party_id": person.party_id}
        if _text(person.function):
            person_values["role"] = _text(person.function)
        people.append((RecordChange(file="people", values=person_values), where, name))
        new_rows.append(({"party_id": person.party_id, "person_id": person_id, "role": person.role}, where))
    for index, row in enumerate(participants):
        picked = split_participant(row.who)
        if picked is None:
            continue
        where = Target("participant", index)
        if picked[0] == "person":
            party = person_party.get(picked[1])
            if party is None:
                problems.append(FormProblem(where, "person_id", "unknown_reference", picked[1]))
                continue
            rows.append(({"party_id": party, "person_id": picked[1], "role": row.role}, where))
        else:
            rows.append(({"party_id": picked[1], "person_id": None, "role": row.role}, where))
    if problems:
        return Plan(problems=tuple(problems))

    activity_id = key or new_id(kind.file, str(values["title"]), taken_activities)
    values["id"] = activity_id
    changes: list[RecordChange] = [c for c, _, _ in people]
    targets: list[Target] = [w for _, w, _ in people]
    labels: list[str] = [n for _, _, n in people]
    changes.append(RecordChange(file=kind.file, values=values, key=key, expected_version=version))
    targets.append(FORM)
    labels.append(str(values["title"]))
    wanted: dict[str, tuple[dict[str, Any], Target]] = {}
    for row_values, where in rows + new_rows:
        part = {"activity_id": activity_id, **{k: v for k, v in row_values.items() if v}}
        part_key = participation_key(activity_id, part["party_id"], part.get("person_id"))
        if part_key in wanted:
            problems.append(FormProblem(where, "person_id" if part.get("person_id") else "party_id", "duplicate"))
            continue
        wanted[part_key] = (part, where)
    if problems:
        return Plan(problems=tuple(problems))
    for part_key, (part, where) in wanted.items():
        held = existing.get(part_key)
        if held is None:
            changes.append(RecordChange(file="participations", values=part))
        elif (held[1].get("role") or "participant") != (part.get("role") or "participant"):
            changes.append(RecordChange(file="participations", values=part, key=part_key, expected_version=held[0]))
        else:
            continue
        targets.append(where)
        labels.append(part_key)
    for part_key, (held_version, _) in existing.items():
        if part_key not in wanted:
            changes.append(
                RecordChange(file="participations", values=None, key=part_key, expected_version=held_version)
            )
            targets.append(FORM)
            labels.append(part_key)
    return Plan(changes=tuple(changes), targets=tuple(targets), key=activity_id, labels=tuple(labels))


def plan_retire(
    kind: FormKind,
    key: str,
    version: str | None,
    dependants: Sequence[tuple[str, str, str]] = (),
) -> Plan:
    """Retire the record ``key`` of ``kind`` (and, first, ``dependants``: (file, key, version) of
    records that belong to it and go with it -- an activity's participations).

    >>> from app.entry.kinds import KINDS
    >>> [(c.file, c.key, c.values) for c in plan_retire(KINDS["activity"], "a1", "v1", [("participations", "a1|urk|", "v2")]).changes]
    [('participations', 'a1|urk|', None), ('activities', 'a1', None)]
    """
    changes = [RecordChange(file=f, values=None, key=k, expected_version=v) for f, k, v in dependants]
    changes.append(RecordChange(file=kind.file, values=None, key=key, expected_version=version))
    return Plan(changes=tuple(changes), targets=tuple(FORM for _ in changes), key=key, labels=(key,))


#: Fields of a participation or a new person as the store names them -> the row's control that shows them.
_ROW_FIELDS: Final[dict[str, str]] = {
    "person_id": "who",
    "party_id": "who",
    "activity_id": "who",
    "role": "role",
    "name": "name",
}


#: A new person's fields as the store names them (the person's ``role`` is their job title) -> the row's control.
_PERSON_FIELDS: Final[dict[str, str]] = {"name": "name", "party_id": "party_id", "role": "function"}
#: The participation of a new person -> the row's control.
_NEW_ROW_FIELDS: Final[dict[str, str]] = {"party_id": "party_id", "role": "role"}


def problems_from_errors(plan: Plan, errors: Sequence[FieldError]) -> list[FormProblem]:
    """The store's errors for ``plan``'s changes, placed on the form: each error's ``index`` names its change.

    An error on a participant row's party or person lands on the row's picker; an error
    on a record the form does not show lands on the form as a whole (field ``""``).
    """
    placed: list[FormProblem] = []
    for error in errors:
        target = plan.targets[error.index] if 0 <= error.index < len(plan.targets) else FORM
        change = plan.changes[error.index] if 0 <= error.index < len(plan.changes) else None
        name = error.field
        if target.control == "participant":
            name = _ROW_FIELDS.get(name, "who")
        elif target.control == "new_person":
            fields = _PERSON_FIELDS if change is not None and change.file == "people" else _NEW_ROW_FIELDS
            name = fields.get(name, "name")
        elif change is not None and change.file in ("participations", "people") and target == FORM:
            name = ""
        placed.append(FormProblem(target, name, error.code, error.value))
    return placed
