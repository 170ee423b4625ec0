"""The record kinds a member can enter in the app, and the fields of each form.

A form is declared once here, as data: its interchange file, its fields (the
interchange format's own column names) and, per field, the control that edits it,
whether the form insists on it, and which option list fills its picker
(:mod:`app.entry.options`). The page builds its components from this table
(:mod:`app.entry.form`) and turns the submitted values back into records
(:mod:`app.entry.values`); nothing about a kind is written twice.

Required here means "the model requires it" (:mod:`graph.model`): the form marks those
fields, and the store's validation -- the loaders' own model -- has the last word.

Examples
--------
>>> KINDS["activity"].file, [f.name for f in KINDS["activity"].fields][:3]
('activities', ['title', 'date', 'kind'])
>>> [f.name for f in KINDS["adoption"].fields if f.required]
['lesson_id', 'party_id']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["FIELD_LABELS", "KINDS", "KIND_ORDER", "Control", "FormField", "FormKind", "kind_of"]

Control = Literal["text", "textarea", "date", "number", "choice", "choices", "check"]
"""How a field is edited: one line, several lines, a date (dd-mm-jjjj), a number, a
searchable picker of one value, of several values, or a yes/no box."""


@dataclass(frozen=True)
class FormField:
    """One field of a form: the interchange column it edits and how."""

    name: str
    """The column of the interchange format (``title``, ``theme_ids``)."""
    control: Control
    required: bool = False
    options: str | None = None
    """The option list of a picker (:data:`app.entry.options.OPTION_LISTS`)."""


@dataclass(frozen=True)
class FormKind:
    """A record kind that can be entered: its key in the URL, its file and its fields."""

    key: str
    file: str
    fields: tuple[FormField, ...]
    title_field: str | None
    """The field a new record's id is made from (:func:`loaders.entries.new_id`); ``None``:
    the record has a composite key (an adoption: lesson and party)."""

    def field(self, name: str) -> FormField | None:
        """The field called ``name``, if the form has one."""
        return next((f for f in self.fields if f.name == name), None)


_CONFIDENTIAL = FormField("confidential", "check")
_THEMES = FormField("theme_ids", "choices", options="themes")

KINDS: Final[dict[str, FormKind]] = {
    kind.key: kind
    for kind in (
        FormKind(
            "activity",
            "activities",
            (
                FormField("title", "text", required=True),
                FormField("date", "date", required=True),
                FormField("kind", "text"),
                _THEMES,
                FormField("organiser_id", "choice", options="parties"),
                FormField("deal_id", "choice", options="deals"),
                _CONFIDENTIAL,
            ),
            title_field="title",
        ),
        FormKind(
            "lesson",
            "lessons",
            (
                FormField("title", "text", required=True),
                FormField("kind", "choice", options="lesson_kinds"),
                FormField("origin_id", "choice", required=True, options="parties"),
                _THEMES,
                FormField("description", "textarea"),
                FormField("url", "text"),
                FormField("date", "date"),
                FormField("activity_id", "choice", options="activities"),
                FormField("deployment_id", "choice", options="deployments"),
                _CONFIDENTIAL,
            ),
            title_field="title",
        ),
        FormKind(
            "adoption",
            "adoptions",
            (
                FormField("lesson_id", "choice", required=True, options="lessons"),
                FormField("party_id", "choice", required=True, options="parties"),
                FormField("stage", "choice", options="stages"),
                FormField("date", "date"),
                FormField("via_activity_id", "choice", options="activities"),
                FormField("via_deployment_id", "choice", options="deployments"),
                FormField("note", "textarea"),
                _CONFIDENTIAL,
            ),
            title_field=None,
        ),
        FormKind(
            "deployment",
            "deployments",
            (
                FormField("provider_id", "choice", required=True, options="parties"),
                FormField("recipient_id", "choice", required=True, options="parties"),
                FormField("expert_id", "choice", options="people"),
                _THEMES,
                FormField("question_id", "choice", options="questions"),
                FormField("start", "date"),
                FormField("end", "date"),
                FormField("days", "number"),
                FormField("instrument", "text"),
                FormField("outcome", "textarea"),
                _CONFIDENTIAL,
            ),
            title_field="instrument",
        ),
        FormKind(
            "question",
            "questions",
            (
                FormField("title", "text", required=True),
                FormField("party_id", "choice", required=True, options="parties"),
                _THEMES,
                FormField("priority", "choice", options="priorities"),
                FormField("raised_on", "date"),
                FormField("status", "choice", options="question_statuses"),
                _CONFIDENTIAL,
            ),
            title_field="title",
        ),
        FormKind(
            "bottleneck",
            "bottlenecks",
            (
                FormField("title", "text", required=True),
                FormField("raised_by_id", "choice", required=True, options="parties"),
                _THEMES,
                FormField("concerns", "choice", options="concerns"),
                FormField("addressed_to_id", "choice", options="parties"),
                FormField("status", "choice", options="bottleneck_statuses"),
                FormField("date", "date"),
                _CONFIDENTIAL,
            ),
            title_field="title",
        ),
    )
}

#: The kinds in the order of the kind picker.
KIND_ORDER: Final = tuple(KINDS)

#: The catalogue key of each field's label (one text per column name, shared by the forms).
FIELD_LABELS: Final[dict[str, str]] = {
    "title": "entry.field.title",
    "date": "entry.field.date",
    "kind": "entry.field.kind",
    "theme_ids": "entry.field.theme_ids",
    "organiser_id": "entry.field.organiser_id",
    "deal_id": "entry.field.deal_id",
    "confidential": "entry.field.confidential",
    "origin_id": "entry.field.origin_id",
    "description": "entry.field.description",
    "url": "entry.field.url",
    "activity_id": "entry.field.activity_id",
    "deployment_id": "entry.field.deployment_id",
    "lesson_id": "entry.field.lesson_id",
    "party_id": "entry.field.party_id",
    "stage": "entry.field.stage",
    "stages": "entry.field.stages",
    "via_activity_id": "entry.field.via_activity_id",
    "via_deployment_id": "entry.field.via_deployment_id",
    "note": "entry.field.note",
    "provider_id": "entry.field.provider_id",
    "recipient_id": "entry.field.recipient_id",
    "expert_id": "entry.field.expert_id",
    "question_id": "entry.field.question_id",
    "start": "entry.field.start",
    "end": "entry.field.end",
    "days": "entry.field.days",
    "instrument": "entry.field.instrument",
    "outcome": "entry.field.outcome",
    "priority": "entry.field.priority",
    "raised_on": "entry.field.raised_on",
    "status": "entry.field.status",
    "raised_by_id": "entry.field.raised_by_id",
    "concerns": "entry.field.concerns",
    "addressed_to_id": "entry.field.addressed_to_id",
    "name": "entry.field.name",
    "role": "entry.field.role",
    "person_id": "entry.field.person_id",
    "id": "entry.field.id",
}


def kind_of(key: object) -> FormKind:
    """The kind named by ``key`` (from the URL), the activity form for anything else.

    >>> kind_of("lesson").file, kind_of("nonsense").key, kind_of(None).key
    ('lessons', 'activity', 'activity')
    """
    return KINDS.get(key, KINDS["activity"]) if isinstance(key, str) else KINDS["activity"]
