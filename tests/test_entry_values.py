"""The pure parts of data entry: form values -> records to save, and problems -> messages beside fields.

Small hand-checked examples; no store, no browser (the fast tier).
"""

from __future__ import annotations

from typing import Any

import pytest

from app.entry.form import display_values, form_children, slot_id
from app.entry.history import conflict_rows, field_changes, show_value
from app.entry.kinds import FIELD_LABELS, KINDS
from app.entry.messages import ERROR_KEYS, field_label, field_message, summary_line
from app.entry.options import option_list, participant_options, record_options
from app.entry.values import (
    FORM,
    FormProblem,
    NewPersonRow,
    ParticipantRow,
    Plan,
    Target,
    clean_values,
    parse_date,
    parse_number,
    plan_activity,
    plan_record,
    plan_retire,
    problems_from_errors,
)
from app.i18n import LANGS, t
from graph.model import Adoption, Dataset, Lesson, Party, Person, Theme
from loaders.entries import CODES, FieldError, RecordChange

ACTIVITY = KINDS["activity"]

DATA = Dataset(
    parties=(
        Party(id="urk", name="Urk", kind="gemeente"),
        Party(id="lelystad", name="Lelystad", kind="gemeente"),
        Party(id="bzk", name="BZK", kind="ministerie"),
    ),
    people=(Person(id="an", name="An de Vries", party_id="urk"),),
    themes=(Theme(id="wonen", name="Wonen"),),
    lessons=(Lesson(id="buurtbudget", title="Buurtbudget", origin_id="urk"),),
    adoptions=(Adoption(lesson_id="buurtbudget", party_id="lelystad", stage="pilot"),),
)


def _activity(**extra: Any) -> Plan:
    options: dict[str, Any] = {
        "key": None,
        "version": None,
        "existing": {},
        "taken_activities": (),
        "taken_people": ("an",),
        "person_party": {"an": "urk"},
    }
    options.update(extra)
    raw = options.pop("raw", {"title": "Werkbezoek Urk", "date": "22-04-2025"})
    participants = options.pop("participants", [ParticipantRow("person:an", "host"), ParticipantRow("party:bzk")])
    people = options.pop("people", [NewPersonRow("Bo Bakker", "lelystad", "adviseur", "speaker")])
    return plan_activity(ACTIVITY, raw, participants, people, **options)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("22-04-2025", "2025-04-22"),
        ("1-5-2025", "2025-05-01"),
        ("01/05/2025", "2025-05-01"),
        ("2025-05-01", "2025-05-01"),
        (" 22.04.2025 ", "2025-04-22"),
        ("31-02-2025", None),
        ("2025-13-01", None),
        ("22-04-25", None),
        ("morgen", None),
        ("", None),
    ],
)
def test_a_date_is_read_as_members_type_it(text: str, iso: str | None) -> None:
    day = parse_date(text)
    assert (day.isoformat() if day else None) == iso


@pytest.mark.parametrize(
    ("text", "number"), [("1,5", 1.5), ("2.25", 2.25), ("3", 3.0), (" 4 ", 4.0), ("drie", None), ("nan", None)]
)
def test_a_number_takes_a_decimal_comma(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def test_blank_fields_are_left_out_of_a_new_record_and_emptied_in_an_edit() -> None:
    raw = {"title": "X", "date": "2025-04-22", "kind": "  ", "theme_ids": [], "deal_id": None, "confidential": []}
    new, problems = clean_values(ACTIVITY, raw)
    assert problems == [] and new == {"title": "X", "date": "2025-04-22", "confidential": False}
    edit, _ = clean_values(ACTIVITY, raw, editing=True)
    assert edit == {
        "title": "X",
        "date": "2025-04-22",
        "kind": None,
        "theme_ids": None,
        "organiser_id": None,
        "deal_id": None,
        "confidential": False,
    }


def test_the_form_reports_required_fields_and_values_that_are_no_date_or_number() -> None:
    _, problems = clean_values(ACTIVITY, {"title": "", "date": "31-02-2025"})
    assert problems == [
        FormProblem(FORM, "title", "required"),
        FormProblem(FORM, "date", "invalid_date", "31-02-2025"),
    ]
    _, problems = clean_values(KINDS["deployment"], {"provider_id": "urk", "recipient_id": "bzk", "days": "veel"})
    assert problems == [FormProblem(FORM, "days", "invalid_number", "veel")]


def test_a_new_record_gets_an_id_from_its_title_not_taken_yet() -> None:
    plan = plan_record(
        KINDS["lesson"], {"title": "Buurtbudget", "origin_id": "urk"}, key=None, version=None, taken={"buurtbudget"}
    )
    assert plan.key == "buurtbudget-2"
    assert plan.changes == (
        RecordChange(
            "lessons", {"title": "Buurtbudget", "origin_id": "urk", "confidential": False, "id": "buurtbudget-2"}
        ),
    )


def test_an_edit_keeps_its_key_and_version_and_an_adoption_is_keyed_by_lesson_and_party() -> None:
    plan = plan_record(
        KINDS["question"], {"title": "Hoe?", "party_id": "urk", "priority": "1"}, key="q1", version="v1", taken=()
    )
    change = plan.changes[0]
    assert (change.key, change.expected_version, change.values["id"], change.values["priority"]) == (
        "q1",
        "v1",
        "q1",
        1,
    )
    adoption = plan_record(
        KINDS["adoption"],
        {"lesson_id": "buurtbudget", "party_id": "lelystad", "stage": "toegepast", "date": "12-09-2025"},
        key=None,
        version=None,
        taken=(),
    )
    assert adoption.key == "buurtbudget|lelystad" and "id" not in (adoption.changes[0].values or {})
    assert adoption.changes[0].values == {
        "lesson_id": "buurtbudget",
        "party_id": "lelystad",
        "stage": "toegepast",
        "date": "2025-09-12",
        "confidential": False,
    }


def test_a_deployment_without_an_instrument_is_named_after_its_parties() -> None:
    plan = plan_record(
        KINDS["deployment"],
        {"provider_id": "bzk", "recipient_id": "urk", "days": "1,5"},
        key=None,
        version=None,
        taken=(),
    )
    assert plan.key == "bzk-urk" and (plan.changes[0].values or {})["days"] == 1.5


def test_an_activity_is_one_batch_new_people_first_then_the_activity_then_its_participations() -> None:
    plan = _activity()
    assert [(c.file, c.key) for c in plan.changes] == [
        ("people", None),
        ("activities", None),
        ("participations", None),
        ("participations", None),
        ("participations", None),
    ]
    assert plan.changes[0].values == {
        "id": "bo-bakker",
        "name": "Bo Bakker",
        "party_id": "lelystad",
        "role": "adviseur",
    }
    assert [c.values for c in plan.changes[2:]] == [
        {"activity_id": "werkbezoek-urk", "party_id": "urk", "person_id": "an", "role": "host"},
        {"activity_id": "werkbezoek-urk", "party_id": "bzk"},
        {"activity_id": "werkbezoek-urk", "party_id": "lelystad", "person_id": "bo-bakker", "role": "speaker"},
    ]
    assert plan.targets == (
        Target("new_person", 0),
        FORM,
        Target("participant", 0),
        Target("participant", 1),
        Target("new_person", 0),
    )
    assert plan.key == "werkbezoek-urk"


def test_editing_an_activity_retires_participants_taken_off_and_updates_only_changed_ones() -> None:
    existing = {
        "w|urk|an": ("v-an", {"activity_id": "w", "party_id": "urk", "person_id": "an", "role": "host"}),
        "w|bzk|": ("v-bzk", {"activity_id": "w", "party_id": "bzk", "role": "participant"}),
        "w|lelystad|": ("v-lel", {"activity_id": "w", "party_id": "lelystad", "role": "participant"}),
    }
    plan = _activity(
        key="w",
        version="v-w",
        existing=existing,
        participants=[ParticipantRow("person:an", "host"), ParticipantRow("party:bzk", "speaker")],
        people=[],
    )
    assert [(c.file, c.key, c.expected_version, c.values is None) for c in plan.changes] == [
        ("activities", "w", "v-w", False),
        ("participations", "w|bzk|", "v-bzk", False),
        ("participations", "w|lelystad|", "v-lel", True),
    ]


def test_a_participant_twice_and_an_incomplete_new_person_are_problems_and_nothing_is_planned() -> None:
    twice = _activity(participants=[ParticipantRow("party:bzk"), ParticipantRow("party:bzk")], people=[])
    assert twice.changes == () and twice.problems == (FormProblem(Target("participant", 1), "party_id", "duplicate"),)
    half = _activity(people=[NewPersonRow("Bo", None), NewPersonRow(None, None, "  ")])
    assert half.changes == () and half.problems == (FormProblem(Target("new_person", 0), "party_id", "required"),)


def test_retiring_an_activity_retires_its_participations_first() -> None:
    plan = plan_retire(ACTIVITY, "w", "v-w", [("participations", "w|urk|", "v1")])
    assert [(c.file, c.key, c.values, c.expected_version) for c in plan.changes] == [
        ("participations", "w|urk|", None, "v1"),
        ("activities", "w", None, "v-w"),
    ]


def test_the_stores_errors_land_beside_the_control_of_the_record_they_concern() -> None:
    plan = _activity()
    errors = [
        FieldError("people", 0, "name", "required", None),
        FieldError("activities", 1, "date", "date_range", "1890-01-01"),
        FieldError("participations", 3, "party_id", "unknown_reference", "bzk"),
        FieldError("participations", 4, "role", "invalid_choice", "chair"),
        FieldError("people", 9, "x", "invalid", None),
    ]
    assert problems_from_errors(plan, errors) == [
        FormProblem(Target("new_person", 0), "name", "required"),
        FormProblem(FORM, "date", "date_range", "1890-01-01"),
        FormProblem(Target("participant", 1), "who", "unknown_reference", "bzk"),
        FormProblem(Target("new_person", 0), "role", "invalid_choice", "chair"),
        FormProblem(FORM, "x", "invalid"),
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_code_of_the_contract_has_a_message_in_every_language(lang: Any) -> None:
    assert set(ERROR_KEYS) == set(CODES)
    messages = {code: field_message(FormProblem(FORM, "date", code, "x"), lang) for code in CODES}
    assert len(set(messages.values())) == len(CODES)  # each says something of its own
    assert all(text and "{" not in text for text in messages.values())


def test_messages_name_the_field_and_the_row() -> None:
    problem = FormProblem(FORM, "date", "invalid_date", "31-02-2025")
    assert (
        field_message(problem, "nl") == "'31-02-2025' is geen datum: schrijf als dd-mm-jjjj, bijvoorbeeld 22-04-2025."
    )
    assert summary_line(problem, "en").startswith("Date: '31-02-2025' is not a date")
    assert (
        field_label(FormProblem(Target("participant", 1), "who", "required"), "nl") == "Deelnemer 2: persoon of partij"
    )
    assert field_label(FormProblem(Target("new_person", 0), "function", "invalid"), "en") == "New person 1: job title"


def test_every_form_field_has_a_label_in_every_language() -> None:
    for kind in KINDS.values():
        for spec in kind.fields:
            for lang in LANGS:
                assert t(FIELD_LABELS[spec.name], lang)


def test_a_field_with_a_problem_is_described_by_its_message_and_marked_invalid() -> None:
    problems = [FormProblem(FORM, "date", "invalid_date", "x")]
    children = form_children(ACTIVITY, {"title": "X", "date": "x"}, DATA, "nl", problems=problems)
    fields = {c.id: c for c in children if getattr(c, "id", None)}
    date = fields[slot_id(FORM, "date")]
    assert date.to_plotly_json()["props"]["data-invalid"] == "true"
    assert date.to_plotly_json()["props"]["data-describedby"] == "entry-form-0-date-hint entry-form-0-date-error"
    title = fields[slot_id(FORM, "title")].to_plotly_json()["props"]
    assert "data-invalid" not in title and title["data-describedby"] == ""


def test_option_lists_show_names_and_keep_keys() -> None:
    assert option_list(DATA, "parties", "nl") == [
        {"label": "BZK", "value": "bzk"},
        {"label": "Lelystad", "value": "lelystad"},
        {"label": "Urk", "value": "urk"},
    ]
    assert participant_options(DATA, "en")[:2] == [
        {"label": "An de Vries (Urk)", "value": "person:an"},
        {"label": "BZK (party, no person named)", "value": "party:bzk"},
    ]
    assert record_options(DATA, "adoptions", "nl") == [
        {"label": "Buurtbudget → Lelystad (Pilot)", "value": "buurtbudget|lelystad"}
    ]


def test_a_stored_record_opens_with_its_values_as_the_controls_show_them() -> None:
    shown = display_values(
        KINDS["deployment"],
        {
            "id": "d",
            "days": 2.0,
            "start": "2025-01-31",
            "confidential": False,
            "provider_id": "bzk",
            "theme_ids": ["wonen"],
            "illustrative": True,
        },
    )
    assert shown == {
        "days": "2",
        "start": "31-01-2025",
        "confidential": [],
        "provider_id": "bzk",
        "theme_ids": ["wonen"],
    }


def test_history_shows_each_changed_field_before_and_after_and_the_conflict_both_values() -> None:
    before = {"title": "A", "date": "2025-04-22", "theme_ids": ["wonen"], "illustrative": False}
    after = {"title": "B", "date": "2025-04-22", "theme_ids": ["wonen"], "illustrative": True}
    assert field_changes(before, after) == [("title", "A", "B")]
    assert field_changes(after, None) == [
        ("date", "2025-04-22", None),
        ("theme_ids", ["wonen"], None),
        ("title", "B", None),
    ]
    assert show_value("organiser_id", "urk", "nl", {"urk": "Urk"}) == "Urk"
    assert show_value("confidential", False, "nl") == "nee"
    rows = conflict_rows(
        {"title": "Mine", "theme_ids": ["b", "a"]}, {"title": "Theirs", "theme_ids": ["a", "b"]}, ["title", "theme_ids"]
    )
    assert rows == [("title", "Mine", "Theirs", True), ("theme_ids", ["b", "a"], ["a", "b"], False)]
