"""The data entry page's callback as a function, against the real store (no browser).

A member saves an activity with two known participants and a new person, edits it,
undoes, retires it; an invalid date writes nothing and is placed beside the date field;
an edit after someone else's change is refused with their values; each save is in the
audit log; a public caller is refused (403) and gets no form.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import flask
import pytest
from werkzeug.exceptions import Forbidden

from app import ids
from app.factory import create_app
from app.pages import entry as page
from app.security import Role, read_audit
from app.security.audit import EXTENSION_KEY, AuditLog
from app.security.context import ROLE_KEY, USER_KEY
from app.services import Services
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.entries import RecordChange, history, read_record, save_records
from loaders.reader import read_dataset
from loaders.repository import StoreSource
from loaders.writer import write_dataset


@pytest.fixture
def served(empty_store: Store, tmp_path: Path) -> Iterator[tuple[dash.Dash, Services, Dataset, Path]]:
    """The app on the demo in the real store, with an audit log of its own."""
    demo = read_dataset(DEMO_DATASET)
    write_dataset(empty_store, demo, source="demo")
    others = dict(dash.page_registry)
    app = create_app(StoreSource(empty_store))
    log = tmp_path / "audit.jsonl"
    app.server.extensions[EXTENSION_KEY] = AuditLog(log)
    try:
        yield app, app.server.config["DEALNET_SERVICES"], demo, log
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


def _as(app: dash.Dash, role: Role, user: str) -> Any:
    context = app.server.test_request_context("/_dash-update-component", method="POST")
    context.push()
    setattr(flask.g, ROLE_KEY, role)
    setattr(flask.g, USER_KEY, user)
    return context


def _field(name: str) -> dict[str, str]:
    return {"type": ids.Entry.FIELD, "field": name}


def _row(kind: str, row: int, name: str) -> dict[str, Any]:
    return {"type": kind, "row": row, "field": name}


def _text(component: Any) -> str:
    """Every string inside a Dash component tree (or list of them)."""
    return json.dumps(
        component.to_plotly_json() if hasattr(component, "to_plotly_json") else component,
        default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o),
        ensure_ascii=False,
    )


def test_a_member_records_an_activity_with_its_participants_and_undoes_it(served: Any, empty_store: Store) -> None:
    app, services, demo, log = served
    gem = [p for p in demo.parties if p.kind == "gemeente"]
    person = demo.people[0]
    context = {"lang": "nl"}
    request = _as(app, Role.MEMBER, "anna")
    try:
        opened = page.act(services, ids.Entry.KIND, "activity", None, {}, context)
        state = opened.state
        assert state["key"] is None and "Deelnemer 1" in _text(opened.form)
        version_before = services.version()
        fields = [
            (_field("title"), "Werkbezoek Urk"),
            (_field("date"), "22-04-2025"),
            (_field("theme_ids"), [demo.themes[0].id]),
            (_field("confidential"), []),
        ]
        participants = [
            (_row(ids.Entry.PARTICIPANT, 0, "who"), f"person:{person.id}"),
            (_row(ids.Entry.PARTICIPANT, 0, "role"), "host"),
            (_row(ids.Entry.PARTICIPANT, 1, "who"), f"party:{gem[1].id}"),
            (_row(ids.Entry.PARTICIPANT, 1, "role"), "participant"),
        ]
        people = [
            (_row(ids.Entry.NEW_PERSON, 0, "name"), "Bo Bakker"),
            (_row(ids.Entry.NEW_PERSON, 0, "party_id"), gem[2].id),
            (_row(ids.Entry.NEW_PERSON, 0, "function"), "beleidsadviseur"),
            (_row(ids.Entry.NEW_PERSON, 0, "role"), "speaker"),
        ]
        saved = page.act(services, ids.Entry.SAVE, "activity", None, state, context, fields, participants, people)
        assert "Opgeslagen: Activiteit 'Werkbezoek Urk' (5 nieuw, 0 gewijzigd" in _text(saved.result)
        assert saved.record == "werkbezoek-urk" and saved.saved == services.version() != version_before
        data = services.whole()
        assert [a.title for a in data.activities if a.id == "werkbezoek-urk"] == ["Werkbezoek Urk"]
        parts = sorted(
            (p.party_id, p.person_id, str(p.role)) for p in data.participations if p.activity_id == "werkbezoek-urk"
        )
        assert parts == sorted(
            [
                (person.party_id, person.id, "host"),
                (gem[1].id, None, "participant"),
                (gem[2].id, "bo-bakker", "speaker"),
            ]
        )
        assert [p.role for p in data.people if p.id == "bo-bakker"] == ["beleidsadviseur"]

        # an invalid date: the message beside the field, nothing written
        state = saved.state
        assert state["key"] == "werkbezoek-urk" and len(state["existing"]) == 3
        version = services.version()
        bad = [(k, "31-02-2025" if k["field"] == "date" else v) for k, v in fields]
        refused = page.act(
            services, ids.Entry.SAVE, "activity", "werkbezoek-urk", state, context, bad, participants, []
        )
        assert "'31-02-2025' is geen datum" in _text(refused.form)
        assert '"data-invalid": "true"' in _text(refused.form) and "entry-form-0-date-error" in _text(refused.form)
        assert "#entry-form-0-date" in _text(refused.result)
        assert services.version() == version

        # an edit: a new title, one participant off the list
        edited_fields = [(k, "Werkbezoek Urk en Emmeloord" if k["field"] == "title" else v) for k, v in fields]
        edited = page.act(
            services, ids.Entry.SAVE, "activity", "werkbezoek-urk", state, context, edited_fields, participants[:2], []
        )
        assert "(0 nieuw, 1 gewijzigd, 2 uit de gegevens gehaald)" in _text(edited.result)
        history_text = _text(edited.history)
        assert "Werkbezoek Urk en Emmeloord" in history_text and "anna: gewijzigd" in history_text
        assert [e.action for e in history(empty_store, "activities", "werkbezoek-urk")] == ["update", "create"]

        # undo takes back the whole batch
        undone = page.act(services, ids.Entry.UNDO, "activity", "werkbezoek-urk", edited.state, context)
        assert "Ongedaan gemaakt: 3 record(s)" in _text(undone.result)
        held = read_record(empty_store, "activities", "werkbezoek-urk")
        assert held is not None and held.values["title"] == "Werkbezoek Urk"
        assert len([p for p in services.whole().participations if p.activity_id == "werkbezoek-urk"]) == 3

        # retire (with its participations), then undo brings it back
        retired = page.act(services, ids.Entry.RETIRE_CONFIRM, "activity", "werkbezoek-urk", undone.state, context)
        assert "Uit de gegevens gehaald" in _text(retired.result)
        assert read_record(empty_store, "activities", "werkbezoek-urk") is None
        back = page.act(services, ids.Entry.UNDO, "activity", None, retired.state, context)
        assert read_record(empty_store, "activities", "werkbezoek-urk") is not None
        assert back.record == "werkbezoek-urk"
    finally:
        request.pop()
    lines = [
        (line["action"], line["object"], line["actor"])
        for line in read_audit(log)
        if str(line["action"]).startswith("entry")
    ]
    assert lines[0] == ("entry", "activities/werkbezoek-urk", "anna")
    assert ("entry", "activities/werkbezoek-urk", "anna") in lines[1:]
    assert [a for a, _, _ in lines] == ["entry", "entry", "entry", "entry-undo", "entry-retire", "entry-undo"]
    assert str(read_audit(log)[1]["result"]).startswith("refused: 1 problem")


def test_a_concurrent_edit_is_refused_with_the_other_values(served: Any, empty_store: Store) -> None:
    app, services, demo, _log = served
    question = demo.questions[0]
    context = {"lang": "en"}
    request = _as(app, Role.MEMBER, "anna")
    try:
        opened = page.act(services, ids.Entry.RECORD, "question", question.id, {"kind": "question"}, context)
        assert opened.state["version"]
        held = read_record(empty_store, "questions", question.id)
        assert held is not None
        save_records(
            empty_store,
            [RecordChange("questions", {"title": "THEIR TITLE"}, key=question.id, expected_version=held.version)],
            actor="bert",
            role="member",
        )
        fields = [(_field("title"), "MY TITLE"), (_field("party_id"), question.party_id)]
        refused = page.act(services, ids.Entry.SAVE, "question", question.id, opened.state, context, fields)
        shown = _text(refused.result)
        assert "Not saved: someone else changed this record" in shown and "bert changed it at" in shown
        assert "MY TITLE" in shown and "THEIR TITLE" in shown
        assert read_record(empty_store, "questions", question.id).values["title"] == "THEIR TITLE"  # type: ignore[union-attr]
        assert "MY TITLE" in _text(refused.form)  # what the member typed stays in the form
        again = page.act(services, ids.Entry.SAVE, "question", question.id, refused.state, context, fields)
        assert "Saved: Learning question 'MY TITLE'" in _text(again.result)
    finally:
        request.pop()


def test_the_public_gets_no_form_and_its_callback_is_refused(served: Any) -> None:
    app, services, _demo, _log = served
    request = _as(app, Role.PUBLIC, "piet")
    try:
        shown = _text(page.layout(services, "nl", "all", {}))
        assert "Invoeren kan alleen wie als lid" in shown and ids.Entry.SAVE not in shown
        with pytest.raises(Forbidden):
            page.act(services, ids.Entry.SAVE, "activity", None, {}, {"lang": "nl"})
    finally:
        request.pop()


def test_an_adoption_moves_to_a_further_stage_and_keeps_its_earlier_one(served: Any, empty_store: Store) -> None:
    app, services, demo, _log = served
    adoption = next(a for a in demo.adoptions if a.stage == "interesse" and a.date is not None)
    later = adoption.date + dt.timedelta(days=30)  # type: ignore[operator]
    context = {"lang": "nl"}
    request = _as(app, Role.MEMBER, "anna")
    try:
        opened = page.act(services, ids.Entry.RECORD, "adoption", adoption.key, {"kind": "adoption"}, context)
        assert "Eerdere fasen: geen" in _text(opened.form)
        assert '"disabled": true' in _text(opened.form)  # lesson and party are the record's key: shown, not editable
        fields = [
            (_field("lesson_id"), adoption.lesson_id),
            (_field("party_id"), adoption.party_id),
            (_field("stage"), "pilot"),
            (_field("date"), f"{later:%d-%m-%Y}"),
            (_field("confidential"), []),
        ]
        saved = page.act(services, ids.Entry.SAVE, "adoption", adoption.key, opened.state, context, fields)
        assert "0 nieuw, 1 gewijzigd" in _text(saved.result)
        held = read_record(empty_store, "adoptions", adoption.key)
        assert held is not None and held.values["stage"] == "pilot" and held.values["date"] == later.isoformat()
        assert held.values["stages"] == [f"interesse:{adoption.date.isoformat()}"]  # type: ignore[union-attr]
        assert f"Eerdere fasen: Interesse {adoption.date:%d-%m-%Y}" in _text(saved.form)  # type: ignore[union-attr]
    finally:
        request.pop()


def test_a_lesson_others_adopted_cannot_be_retired_alone(served: Any, empty_store: Store) -> None:
    app, services, demo, _log = served
    lesson = next(x for x in demo.lessons if any(a.lesson_id == x.id for a in demo.adoptions))
    context = {"lang": "en"}
    request = _as(app, Role.MEMBER, "anna")
    try:
        opened = page.act(services, ids.Entry.RECORD, "lesson", lesson.id, {"kind": "lesson"}, context)
        assert "Adoptions of this lesson" in _text(opened.form) and "kind=adoption" in _text(opened.form)
        asked = page.act(services, ids.Entry.RETIRE, "lesson", lesson.id, opened.state, context)
        assert asked.confirm_hidden is False and read_record(empty_store, "lessons", lesson.id) is not None
        refused = page.act(services, ids.Entry.RETIRE_CONFIRM, "lesson", lesson.id, opened.state, context)
        assert "Other records refer to this one (adoptions/" in _text(refused.result)
        assert read_record(empty_store, "lessons", lesson.id) is not None
    finally:
        request.pop()
