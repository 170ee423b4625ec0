"""What a save of the app's entries does to the data, decided purely: values in, records and effects out.

:mod:`loaders.entries` runs a save in one write transaction: it reads what the store
holds, hands it here with the requested changes, and writes what comes back. Everything
that decides whether a save is allowed and what it makes of the data lives here, on
plain values, so that it is tested without a store:

* **values**: a form's values are interchange-format values, the same a CSV cell holds
  (``"22-04-2025"``, ``"verbinden, normeren"``, ``"ja"``) or their Python types
  (:class:`datetime.date`, a list, a bool). Text goes through the loaders' own cell parsing
  (:mod:`loaders.rows`), then the model (:mod:`graph.model`); an empty text is an empty field;
* **an edit** gives the fields it changes: fields it leaves out keep their stored value
  (a field given as ``None`` or ``""`` is emptied). A record's key (``id``, or the fields
  of a composite key) cannot be changed by an edit: retire it and record it anew;
* **versions**: a record's version is a short hash of its canonical values
  (:func:`record_version`); an edit or retire naming a version that is no longer the
  stored one is a *conflict*, never written over;
* **retire**: the record leaves the data; refused while other records refer to it
  (code ``referenced``, naming them), unless they are retired in the same save;
* **integrity**: the data with the changes applied is checked by the loaders' own rules
  (:func:`graph.integrity.check_integrity`); only problems of the records the save
  touches (or leaves dangling) are reported;
* **stage history**: saving an adoption at a further stage moves the stage it had, with
  its date, into ``stages`` (unless the save gives ``stages`` itself).

Errors are :class:`FieldError` values: a file, the position of the change in the save,
a field and a language-neutral code that the app translates.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from graph.errors import DealnetError
from graph.integrity import Violation, check_integrity
from graph.model import ENTITY_FILES, ENTITY_MODELS, Adoption, Dataset, Person, Record, record_key
from loaders.rows import CellError, ColumnKind, model_columns

__all__ = [
    "CODES",
    "Effect",
    "EntryConflict",
    "EntryInvalid",
    "FieldError",
    "RecordChange",
    "apply_changes",
    "key_field",
    "new_id",
    "record_values",
    "record_version",
]

Action = Literal["create", "update", "retire", "undo"]

#: The codes a :class:`FieldError` carries (the app has a text for each, in Dutch and English).
CODES = (
    "required",
    "invalid_date",
    "date_range",
    "invalid_number",
    "number_range",
    "invalid_choice",
    "unknown_reference",
    "duplicate",
    "self_adoption",
    "referenced",
    "invalid",
)

#: For files keyed by several fields: the field a problem with the key is reported on.
_COMPOSITE_FIELD = {"participations": "party_id", "adoptions": "party_id", "assessments": "indicator"}


@dataclass(frozen=True)
class RecordChange:
    """One record to create, edit or retire, as a form hands it over.

    ``file`` is a file of the interchange format (``activities``, ``participations``...).
    ``values`` are the record's interchange-format values (``None``: retire the record).
    ``key`` is the record's key when it is edited or retired (``None``: a new record).
    ``expected_version`` is the version the editor opened (:func:`record_version`);
    ``None`` for a new record, or to edit without the check.
    """

    file: str
    values: Mapping[str, Any] | None
    key: str | None = None
    expected_version: str | None = None


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with a change: the change's position in the save, its field and why (a code of :data:`CODES`).

    ``value`` is the offending value; for ``referenced``, the records that refer to the
    record (``"participations/werkbezoek-urk|urk|"``).
    """

    file: str
    index: int
    field: str
    code: str
    value: Any


class EntryInvalid(DealnetError):
    """A save with problems: nothing was written. ``errors`` says what, field by field."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = tuple(errors)
        listed = "; ".join(f"{e.file}[{e.index}].{e.field}: {e.code} ({e.value!r})" for e in self.errors[:5])
        more = f" and {len(self.errors) - 5} more" if len(self.errors) > 5 else ""
        super().__init__(f"the entry has {len(self.errors)} problem(s), nothing was written: {listed}{more}")


class EntryConflict(DealnetError):
    """The record was changed (or retired) by someone else since the editor opened it: nothing was written.

    ``current`` holds the record as it is now (``None``: it no longer exists), with who
    changed it last and when (``None`` when that was a load, not the app).
    """

    def __init__(
        self,
        file: str,
        key: str,
        current: Any,
        changed_by: str | None = None,
        changed_at: str | None = None,
    ) -> None:
        self.file, self.key, self.current = file, key, current
        self.changed_by, self.changed_at = changed_by, changed_at
        state = "no longer exists" if current is None else "was changed"
        who = f" by {changed_by} at {changed_at}" if changed_by else ""
        super().__init__(f"{file} {key} {state}{who} since it was opened; nothing was written")


@dataclass(frozen=True)
class Effect:
    """What a save does to one record: the change it came from, and the record before and after."""

    index: int
    file: str
    key: str
    action: Action
    before: Record | None
    after: Record | None


def key_field(file: str) -> str:
    """The field a problem with a record's key is reported on: ``id``, or one field of a composite key."""
    return _COMPOSITE_FIELD.get(file, "id")


def record_values(record: Record) -> dict[str, Any]:
    """A record's values as plain JSON values (dates as ISO text, lists sorted): what forms and history show.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.model import Activity
    >>> record_values(Activity(id="a", title="Werkbezoek", date=dt.date(2025, 4, 22), theme_ids=("z", "b")))["theme_ids"]
    ['b', 'z']
    """
    values = record.model_dump(mode="json")
    return {name: sorted(value) if isinstance(value, list) else value for name, value in values.items()}


def record_version(record: Record) -> str:
    """A short hash of a record's canonical values: it changes exactly when one of its values does.

    Examples
    --------
    >>> from graph.model import Party
    >>> a = Party(id="urk", name="Urk", kind="gemeente", deal_ids=("kk", "sterk"))
    >>> record_version(a) == record_version(Party(id="urk", name="Urk", kind="gemeente", deal_ids=("sterk", "kk")))
    True
    >>> record_version(a) == record_version(a.model_copy(update={"name": "Urk (gemeente)"}))
    False
    """
    text = json.dumps(record_values(record), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def new_id(file: str, title: str, taken: Collection[str]) -> str:
    """A slug id for a new record of ``file``, made from its title and not in ``taken`` (any capitals).

    Examples
    --------
    >>> new_id("activities", "Werkbezoek Urk: 'Krachtige kernen'!", [])
    'werkbezoek-urk-krachtige-kernen'
    >>> new_id("people", "Anna de Vries", ["anna-de-vries", "Anna-de-Vries-2"])
    'anna-de-vries-3'
    >>> new_id("lessons", "   ", [])
    'lesson-1'
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].rstrip("-")
    taken_folded = {item.casefold() for item in taken}
    if not slug:
        from graph.registry import ENTITIES

        base, number = ENTITIES[file].noun.replace(" ", "-"), 1
        while f"{base}-{number}" in taken_folded:
            number += 1
        return f"{base}-{number}"
    candidate, number = slug, 1
    while candidate in taken_folded:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


# --------------------------------------------------------------------------- values


def _coerce(file: str, index: int, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """A form's values as the model takes them; text parsed as the loaders parse cells."""
    columns = model_columns(ENTITY_MODELS[file])
    data: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in values.items():
        column = columns.get(name)
        if column is None:
            errors.append(FieldError(file, index, name, "invalid", value))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            try:
                data[name] = column.parse(value.strip())
            except CellError:
                errors.append(FieldError(file, index, name, _PARSE_CODES.get(column.kind, "invalid"), value))
        elif isinstance(value, list | tuple | set | frozenset):
            items = (str(item).strip() for item in value)
            data[name] = tuple(dict.fromkeys(item for item in items if item))
        else:
            data[name] = value
    return data, errors


_PARSE_CODES = {
    ColumnKind.DATE: "invalid_date",
    ColumnKind.INT: "invalid_number",
    ColumnKind.FLOAT: "invalid_number",
    ColumnKind.CHOICE: "invalid_choice",
}


def _validate(
    file: str, index: int, data: Mapping[str, Any], given: Mapping[str, Any]
) -> tuple[Record | None, list[FieldError]]:
    """The record ``data`` makes, or the errors of its fields (codes from pydantic's error types)."""
    model = ENTITY_MODELS[file]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        errors: list[FieldError] = []
        for detail in error.errors(include_url=False):
            location = detail["loc"]
            name = str(location[0]) if location else ("end" if "end" in model.model_fields else "")
            errors.append(FieldError(file, index, name, _code(detail["type"], location), given.get(name)))
        return None, errors


def _code(kind: str, location: tuple[int | str, ...]) -> str:
    if kind in ("missing", "string_too_short"):
        return "required"
    if kind.startswith("date") or kind == "datetime_from_date_parsing":
        return "invalid_date"
    if kind == "value_error":  # the model's date checks: outside the plausible years, or end before start
        return "date_range"
    if kind.startswith("enum"):
        return "invalid_choice"
    if kind.startswith(("int_", "float_", "decimal_")):
        return "invalid_number"
    if kind.startswith(("greater_than", "less_than")):
        return "number_range"
    return "invalid"


# --------------------------------------------------------------------------- applying


@dataclass
class _Work:
    """The records of every file while a save is applied, by key (dicts keep the stored order)."""

    records: dict[str, dict[str, Record]]
    effects: list[Effect]
    errors: list[FieldError]
    failed: set[tuple[str, str]] = field(default_factory=set)
    """``(file, id)`` of new records of this save that are invalid: what refers to them is not reported again."""

    def dataset(self) -> Dataset:
        return Dataset(**{file: tuple(self.records[file].values()) for file in ENTITY_FILES})  # type: ignore[arg-type]


def apply_changes(held: Dataset, changes: Sequence[RecordChange]) -> tuple[Dataset, tuple[Effect, ...]]:
    """The data after ``changes``, and what each did; nothing is changed when anything is wrong.

    Changes are applied in file order (people before the participations that name them),
    each keeping its position in ``changes`` for its errors.

    Raises
    ------
    EntryConflict
        When a change names a record that is gone, or a version that is no longer the stored one.
    EntryInvalid
        With every problem of every change.

    Examples
    --------
    >>> from graph.model import Party
    >>> held = Dataset(parties=(Party(id="urk", name="Urk", kind="gemeente"),))
    >>> data, effects = apply_changes(held, [RecordChange("people", {"id": "anna", "name": "Anna", "party_id": "urk"})])
    >>> [(e.action, e.file, e.key) for e in effects], len(data.people)
    ([('create', 'people', 'anna')], 1)
    >>> try:
    ...     apply_changes(held, [RecordChange("people", {"id": "bob", "name": "Bob", "party_id": "urq"})])
    ... except EntryInvalid as error:
    ...     print([(e.field, e.code, e.value) for e in error.errors])
    [('party_id', 'unknown_reference', 'urq')]
    """
    for change in changes:
        if change.file not in ENTITY_MODELS:
            raise ValueError(f"not a file of the interchange format: {change.file!r}")
    work = _Work({file: {record_key(r): r for r in getattr(held, file)} for file in ENTITY_FILES}, [], [])
    order = sorted(range(len(changes)), key=lambda i: (ENTITY_FILES.index(changes[i].file), i))
    for index in order:
        _apply_one(work, index, changes[index])
    if work.errors:
        raise EntryInvalid(sorted(work.errors, key=lambda e: e.index))
    target = work.dataset()
    errors = _integrity_errors(target, work.effects)
    if errors:
        raise EntryInvalid(errors)
    return target, tuple(sorted(work.effects, key=lambda e: e.index))


def _apply_one(work: _Work, index: int, change: RecordChange) -> None:
    file = change.file
    records = work.records[file]
    current = records.get(change.key) if change.key is not None else None
    if change.key is not None:
        if current is None:
            raise EntryConflict(file, change.key, None)
        if change.expected_version is not None and record_version(current) != change.expected_version:
            raise EntryConflict(file, change.key, current)
    if change.values is None:
        if change.key is None or current is None:
            work.errors.append(FieldError(file, index, key_field(file), "required", None))
            return
        del records[change.key]
        work.effects.append(Effect(index, file, change.key, "retire", current, None))
        return
    data, errors = _coerce(file, index, change.values)
    if current is not None:
        kept = {name: value for name, value in current if name not in change.values}
        data = {**{k: v for k, v in kept.items() if v is not None}, **data}
    if file == "participations" and "party_id" not in data and data.get("person_id"):
        person = work.records["people"].get(data["person_id"])
        if isinstance(person, Person):
            data["party_id"] = person.party_id
    record, invalid = _validate(file, index, data, change.values)
    errors += [e for e in invalid if not any(f.field == e.field for f in errors)]
    if file == "participations" and ("people", str(data.get("person_id"))) in work.failed:
        errors = [e for e in errors if e.field != "party_id"]  # the party of a person whose own entry is wrong
    if record is None or errors:
        work.errors.extend(errors)
        if isinstance(change.values.get("id"), str):
            work.failed.add((file, change.values["id"].strip()))
        return
    key = record_key(record)
    if current is None:
        if key in records:
            work.errors.append(FieldError(file, index, key_field(file), "duplicate", key))
            return
        records[key] = record
        work.effects.append(Effect(index, file, key, "create", None, record))
        return
    if key != change.key:
        work.errors.append(FieldError(file, index, key_field(file), "invalid", key))
        return
    if isinstance(record, Adoption) and isinstance(current, Adoption) and "stages" not in change.values:
        record = _moved_on(current, record)
    if record_version(record) == record_version(current):
        return  # nothing changed: nothing to write or record
    records[key] = record
    work.effects.append(Effect(index, file, key, "update", current, record))


def _moved_on(before: Adoption, after: Adoption) -> Adoption:
    """``after``, with the stage ``before`` had (and its date) kept in ``stages`` when the party moved further.

    Examples
    --------
    >>> old = Adoption(lesson_id="l", party_id="p", stage="interesse", date="2025-05-01")
    >>> new = _moved_on(old, Adoption(lesson_id="l", party_id="p", stage="pilot", date="2025-09-12"))
    >>> new.stages, str(new.stage)
    (('interesse:2025-05-01',), 'pilot')
    """
    if after.stage.rank <= before.stage.rank or before.date is None:
        return after
    if after.date is not None and after.date < before.date:
        return after
    kept = tuple(m for m in before.stages if not m.startswith((f"{before.stage.value}:", f"{after.stage.value}:")))
    marks = (*kept, f"{before.stage.value}:{before.date.isoformat()}")
    return Adoption.model_validate({**dict(after), "stages": marks})


def _integrity_errors(target: Dataset, effects: Sequence[Effect]) -> list[FieldError]:
    """The cross-record problems the save causes: on a record it writes, or a reference it leaves dangling."""
    written = {(e.file, e.key): e.index for e in effects if e.after is not None}
    retired = {(e.file, e.key): e.index for e in effects if e.after is None}
    errors: list[FieldError] = []
    referrers: dict[int, list[str]] = {}
    for violation in check_integrity(target):
        key = record_key(getattr(target, violation.entity)[violation.index])
        if (violation.entity, key) in written:
            index = written[(violation.entity, key)]
            errors.append(
                FieldError(violation.entity, index, violation.column, _violation_code(violation), violation.value)
            )
        elif violation.target is not None and (violation.target, violation.value) in retired:
            referrers.setdefault(retired[(violation.target, violation.value)], []).append(f"{violation.entity}/{key}")
    for index, names in referrers.items():
        effect = next(e for e in effects if e.index == index)
        errors.append(FieldError(effect.file, index, key_field(effect.file), "referenced", tuple(sorted(set(names)))))
    return sorted(errors, key=lambda e: e.index)


def _violation_code(violation: Violation) -> str:
    if violation.target is not None:
        return "unknown_reference"
    if violation.expected.startswith(("an id used once", "an id that differs")) or "has it too" in violation.expected:
        return "duplicate"
    if violation.expected.startswith("a party other than the lesson's origin"):
        return "self_adoption"
    return "invalid"
