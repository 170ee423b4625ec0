"""The entry form's components: every field labelled, its hint and its error beside it.

Built for one request from plain values, so the same function draws a fresh form, a
record opened for editing and a form sent back with its problems. Accessibility, as
the NL Design System's form pattern asks:

- every control has a visible ``<label for>`` (a required field says so in its label);
- a field's hint and error message have ids; the field's wrapper carries them in
  ``data-describedby`` and ``data-invalid``, which ``assets/entry.js`` puts on the
  control itself as ``aria-describedby`` and ``aria-invalid`` (Dash's controls take no
  ARIA properties of their own);
- problems are summed up above the form (:func:`error_summary`), each a link to its
  field, and the summary takes the focus so a screen reader reads it first.

Examples
--------
>>> from app.entry.values import FORM
>>> slot_id(FORM, "date"), error_id(Target("participant", 2), "who")
('entry-form-0-date', 'entry-participant-2-who-error')
>>> dom_id(field_pid("date"))
'{"field":"date","type":"entry-field"}'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from app import ids
from app.entry.kinds import FIELD_LABELS, FormField, FormKind
from app.entry.messages import field_message, summary_line
from app.entry.options import Option, option_list, participant_matches, participant_options, role_options
from app.entry.values import CHECKED, FORM, FormProblem, NewPersonRow, ParticipantRow, Target, parse_date
from app.formatting import format_date
from app.i18n import Lang, t
from graph.model import Dataset, Stage

_STAGES = frozenset(str(s) for s in Stage)

__all__ = [
    "display_values",
    "dom_id",
    "error_id",
    "error_summary",
    "field_pid",
    "form_children",
    "new_person_row",
    "participant_row",
    "row_pid",
    "slot_id",
]


def field_pid(name: str) -> dict[str, str]:
    """The pattern-matching id of the main form's control for the field ``name``."""
    return {"type": ids.Entry.FIELD, "field": name}


def row_pid(kind: str, row: int, name: str) -> dict[str, Any]:
    """The id of a control in a participant row (``kind``: :attr:`ids.Entry.PARTICIPANT` or ``NEW_PERSON``)."""
    return {"type": kind, "row": row, "field": name}


def dom_id(pid: Mapping[str, Any]) -> str:
    """The ``id`` attribute Dash renders for a pattern-matching id (for ``<label for>``)."""
    return json.dumps(dict(pid), sort_keys=True, separators=(",", ":"))


def slot_id(target: Target, name: str) -> str:
    """The plain id of a field's wrapper (the error summary links to it)."""
    return f"entry-{target.control}-{target.row}-{name}"


def error_id(target: Target, name: str) -> str:
    """The id of a field's error message."""
    return slot_id(target, name) + "-error"


def _hint_id(target: Target, name: str) -> str:
    return slot_id(target, name) + "-hint"


def _field(
    label: str,
    control: Component,
    *,
    pid: Mapping[str, Any],
    target: Target,
    name: str,
    hint: str | None,
    problem: str | None,
) -> html.Div:
    """A field: its label, hint, error message (when there is one) and control, wired for ARIA."""
    described: list[str] = []
    parts: list[Any] = [html.Label(label, htmlFor=dom_id(pid), className="utrecht-form-label")]
    if hint:
        parts.append(html.P(hint, id=_hint_id(target, name), className="utrecht-form-field-description entry-hint"))
        described.append(_hint_id(target, name))
    if problem:
        parts.append(
            html.P(problem, id=error_id(target, name), className="utrecht-form-field-error-message entry-error-message")
        )
        described.append(error_id(target, name))
    parts.append(control)
    data: dict[str, str] = {"data-describedby": " ".join(described)}
    if problem:
        data["data-invalid"] = "true"
    return html.Div(
        parts,
        id=slot_id(target, name),
        className="utrecht-form-field entry-field" + (" utrecht-form-field--invalid entry-invalid" if problem else ""),
        **data,
    )


def _label(spec: FormField, lang: Lang) -> str:
    text = t(FIELD_LABELS[spec.name], lang)
    return t("entry.required", lang, label=text) if spec.required else text


def _control(spec: FormField, value: Any, options: list[Option], lang: Lang, *, disabled: bool) -> Component:
    pid = field_pid(spec.name)
    if spec.control == "textarea":
        return dcc.Textarea(id=pid, value=value or "", rows=4, className="utrecht-textarea entry-textarea")
    if spec.control in ("choice", "choices"):
        return dcc.Dropdown(
            id=pid,
            options=options,
            value=value if value not in ("", None) else ([] if spec.control == "choices" else None),
            multi=spec.control == "choices",
            searchable=True,
            clearable=not spec.required,
            disabled=disabled,
            placeholder=t("entry.choose", lang),
        )
    return dcc.Input(
        id=pid,
        type="text",
        value=value if value is not None else "",
        inputMode="numeric" if spec.control == "number" else None,
        autoComplete="off",
        className="utrecht-textbox entry-textbox",
    )


def _hint(spec: FormField, lang: Lang) -> str | None:
    if spec.control == "date":
        return t("entry.hint.date", lang, format=t("shell.period.date_format", lang))
    if spec.name == "url":
        return t("entry.hint.url", lang)
    if spec.name == "days":
        return t("entry.hint.days", lang)
    return None


def _problems_by(problems: Sequence[FormProblem], lang: Lang) -> dict[tuple[Target, str], str]:
    found: dict[tuple[Target, str], str] = {}
    for problem in problems:
        found.setdefault((problem.target, problem.field), field_message(problem, lang))
    return found


def main_fields(
    kind: FormKind,
    raw: Mapping[str, Any],
    problems: Mapping[tuple[Target, str], str],
    dataset: Dataset,
    lang: Lang,
    *,
    locked: Sequence[str] = (),
) -> list[Component]:
    """The fields of ``kind``'s form with the values ``raw`` (``locked``: shown, not editable)."""
    children: list[Component] = []
    for spec in kind.fields:
        if spec.control == "check":
            checked = raw.get(spec.name)
            children.append(
                html.Div(
                    dcc.Checklist(
                        id=field_pid(spec.name),
                        options=[{"label": t("entry.field.confidential_box", lang), "value": CHECKED}],
                        value=checked if isinstance(checked, list) else [],
                        className="utrecht-form-field entry-check",
                    ),
                    id=slot_id(FORM, spec.name),
                    className="entry-field",
                )
            )
            continue
        options = option_list(dataset, spec.options, lang) if spec.options else []
        children.append(
            _field(
                _label(spec, lang),
                _control(spec, raw.get(spec.name), options, lang, disabled=spec.name in locked),
                pid=field_pid(spec.name),
                target=FORM,
                name=spec.name,
                hint=_hint(spec, lang),
                problem=problems.get((FORM, spec.name)),
            )
        )
    return children


def participant_row(
    row: int,
    value: ParticipantRow,
    who: list[Option],
    lang: Lang,
    problems: Mapping[tuple[Target, str], str] | None = None,
) -> html.Div:
    """One participant: a searchable picker of people and parties, and their role.

    ``who`` is every person and party (:func:`app.entry.options.participant_options`); the
    picker gets only the one chosen, and what is typed is searched on the server.
    """
    target = Target("participant", row)
    problems = problems or {}
    picker = dcc.Dropdown(
        id=row_pid(ids.Entry.PARTICIPANT, row, "who"),
        options=participant_matches(who, None, value.who),
        value=value.who,
        searchable=True,
        placeholder=t("entry.participant.search", lang),
    )
    role = dcc.Dropdown(
        id=row_pid(ids.Entry.PARTICIPANT, row, "role"),
        options=role_options(lang),
        value=value.role or "participant",
        clearable=False,
        searchable=False,
    )
    return html.Div(
        [
            _field(
                t("entry.participant.row", lang, n=row + 1, field=t("entry.participant.who", lang)),
                picker,
                pid=row_pid(ids.Entry.PARTICIPANT, row, "who"),
                target=target,
                name="who",
                hint=None,
                problem=problems.get((target, "who")),
            ),
            _field(
                t("entry.participant.row", lang, n=row + 1, field=t("entry.participant.role", lang)),
                role,
                pid=row_pid(ids.Entry.PARTICIPANT, row, "role"),
                target=target,
                name="role",
                hint=None,
                problem=problems.get((target, "role")),
            ),
        ],
        className="entry-row",
    )


def new_person_row(
    row: int,
    value: NewPersonRow,
    parties: list[Option],
    lang: Lang,
    problems: Mapping[tuple[Target, str], str] | None = None,
) -> html.Div:
    """A person added on the spot: name, party, job title and role in the activity."""
    target = Target("new_person", row)
    problems = problems or {}

    def labelled_field(name: str, label_key: str, control: Component) -> html.Div:
        return _field(
            t("entry.person.row", lang, n=row + 1, field=t(label_key, lang)),
            control,
            pid=row_pid(ids.Entry.NEW_PERSON, row, name),
            target=target,
            name=name,
            hint=None,
            problem=problems.get((target, name)),
        )

    return html.Div(
        [
            labelled_field(
                "name",
                "entry.field.name",
                dcc.Input(
                    id=row_pid(ids.Entry.NEW_PERSON, row, "name"),
                    type="text",
                    value=value.name or "",
                    autoComplete="off",
                    className="utrecht-textbox entry-textbox",
                ),
            ),
            labelled_field(
                "party_id",
                "entry.field.party_id",
                dcc.Dropdown(
                    id=row_pid(ids.Entry.NEW_PERSON, row, "party_id"),
                    options=parties,
                    value=value.party_id,
                    searchable=True,
                    placeholder=t("entry.choose", lang),
                ),
            ),
            labelled_field(
                "function",
                "entry.person.function",
                dcc.Input(
                    id=row_pid(ids.Entry.NEW_PERSON, row, "function"),
                    type="text",
                    value=value.function or "",
                    autoComplete="off",
                    className="utrecht-textbox entry-textbox",
                ),
            ),
            labelled_field(
                "role",
                "entry.participant.role",
                dcc.Dropdown(
                    id=row_pid(ids.Entry.NEW_PERSON, row, "role"),
                    options=role_options(lang),
                    value=value.role or "participant",
                    clearable=False,
                    searchable=False,
                ),
            ),
        ],
        className="entry-row entry-row--person",
    )


def _participants(
    participants: Sequence[ParticipantRow],
    new_people: Sequence[NewPersonRow],
    problems: Mapping[tuple[Target, str], str],
    dataset: Dataset,
    lang: Lang,
) -> list[Component]:
    who = participant_options(dataset, lang)
    parties = option_list(dataset, "parties", lang)
    return [
        _rows_fieldset(
            ("entry.participants", "entry.participants.intro"),
            [participant_row(i, row, who, lang, problems) for i, row in enumerate(participants)],
            ids.Entry.PARTICIPANTS,
            ("entry.participant.add", ids.Entry.ADD_PARTICIPANT),
            lang,
        ),
        _rows_fieldset(
            ("entry.new_people", "entry.new_people.intro"),
            [new_person_row(i, row, parties, lang, problems) for i, row in enumerate(new_people)],
            ids.Entry.NEW_PEOPLE,
            ("entry.person.add", ids.Entry.ADD_PERSON),
            lang,
        ),
    ]


def _rows_fieldset(
    texts: tuple[str, str], rows: list[Component], rows_id: str, add: tuple[str, str], lang: Lang
) -> html.Fieldset:
    """A fieldset of repeated rows (participants, new people): legend, intro, the rows and an "add a row" button."""
    (legend, intro), (add_key, add_id) = texts, add
    return html.Fieldset(
        [
            html.Legend(t(legend, lang), className="utrecht-form-fieldset__legend"),
            html.P(t(intro, lang), className="entry-hint"),
            html.Div(rows, id={"type": rows_id, "form": "entry"}),
            html.Button(
                t(add_key, lang),
                id={"type": add_id, "form": "entry"},
                n_clicks=0,
                type="button",
                className="utrecht-button utrecht-button--secondary-action",
            ),
        ],
        className="utrecht-form-fieldset entry-fieldset",
    )


def form_children(
    kind: FormKind,
    raw: Mapping[str, Any],
    dataset: Dataset,
    lang: Lang,
    *,
    participants: Sequence[ParticipantRow] = (),
    new_people: Sequence[NewPersonRow] = (),
    problems: Sequence[FormProblem] = (),
    locked: Sequence[str] = (),
    extra: Sequence[Component] = (),
) -> list[Component]:
    """The whole form of ``kind``: its fields, for an activity its participants, and ``extra``
    (a lesson's adoptions, an adoption's earlier stages)."""
    placed = _problems_by(problems, lang)
    children = main_fields(kind, raw, placed, dataset, lang, locked=locked)
    if kind.key == "activity":
        children += _participants(participants, new_people, placed, dataset, lang)
    return [*children, *extra]


def error_summary(problems: Sequence[FormProblem], lang: Lang) -> html.Div:
    """The problems above the form, each a link to its field (it takes the focus: ``entry.js``)."""
    return html.Div(
        [
            html.H3(t("entry.error.summary", lang, n=len(problems)), className="utrecht-heading-3"),
            html.P(t("entry.error.nothing_saved", lang)),
            html.Ul(
                [
                    html.Li(html.A(summary_line(p, lang), href="#" + slot_id(p.target, p.field or "title")))
                    for p in problems
                ]
            ),
        ],
        className="entry-error-summary notice notice-error",
        role="alert",
        tabIndex="-1",
    )


def _display(spec: FormField | None, value: Any) -> Any:
    """A stored value as the control shows it: dates as dd-mm-yyyy, yes/no as a box, numbers as text."""
    if value is None:
        return None
    if spec is None:
        return value
    if spec.control == "check":
        return [CHECKED] if value is True or str(value).lower() == "true" else []
    if spec.control == "date":
        day = value if isinstance(value, dt.date) else parse_date(str(value))
        return day.strftime("%d-%m-%Y") if day else str(value)
    if spec.control == "choices":
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    if spec.control == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() else str(number)
    return str(value)


def display_values(kind: FormKind, values: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record's values as the form's controls show them.

    >>> from app.entry.kinds import KINDS
    >>> display_values(KINDS["activity"], {"title": "X", "date": "2025-04-22", "confidential": True, "theme_ids": ("a",)})
    {'title': 'X', 'date': '22-04-2025', 'confidential': ['yes'], 'theme_ids': ['a']}
    """
    return {name: _display(kind.field(name), value) for name, value in values.items() if kind.field(name)}


def stage_history(stages: Any, lang: Lang) -> str | None:
    """An adoption's earlier stages as a sentence ("Interesse 01-05-2025, Pilot 12-09-2025"), or ``None``.

    ``stages`` is the interchange text ``interesse:2025-05-01, pilot:2025-09-12`` (or a list of such parts).

    >>> stage_history("interesse:2025-05-01, pilot:2025-09-12", "nl")
    'Interesse 01-05-2025, Pilot 12-09-2025'
    """
    if not stages:
        return None
    parts = stages.split(",") if isinstance(stages, str) else [str(p) for p in stages]
    shown: list[str] = []
    for part in parts:
        stage, _, day = part.strip().partition(":")
        when = parse_date(day) if day else None
        label = t(f"stage.{stage}", lang) if stage in _STAGES else stage
        shown.append(f"{label} {format_date(when, lang)}" if when else label)
    return ", ".join(shown) or None
