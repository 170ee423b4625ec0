"""The check-in and the self-assessment rounds end to end on a real store, through the app's own routes.

A participant answers through a signed link without an account (Flask's test client, the
app behind the real security layer); nothing reaches the data before a member accepts the
proposal; a round collects two parties' scores through their links and the report shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dash
import flask
import pytest

from app.checkin.choices import activity_form
from app.checkin.routes import EXTENSION_KEY
from app.checkin.service import make_checkin_link, round_token
from app.checkin.throttle import AnswerLimits, AnswerThrottle
from app.checkin.tokens import CheckinLink, sign_checkin
from app.factory import create_app
from app.pages.checkins import C, Action, act
from app.security import Role, SecurityConfig, install_security, read_audit
from app.security.context import ROLE_KEY, USER_KEY
from graph.model import Dataset
from graph.report import build_report
from graph.visibility import Audience
from loaders.driver import Store
from loaders.proposals import close_link, proposal, proposals, round_answers, rounds
from loaders.reader import read_dataset
from loaders.repository import StoreSource, read_store_dataset
from loaders.writer import write_dataset
from tests.browser.conftest import DEMO

SECRET = "s" * 40
DEAL = "krachtige-kernen"


@pytest.fixture
def served(empty_store: Store, tmp_path: Path) -> Iterator[dash.Dash]:
    """The demo in the store and the app on it behind the security layer (sign-in on: a member exists)."""
    from app.security import add_user

    others = dict(dash.page_registry)
    write_dataset(empty_store, read_dataset(DEMO), source="demo")
    users = tmp_path / "users.json"
    add_user(users, "anna", Role.MEMBER, "correct horse battery staple")
    app = create_app(StoreSource(empty_store))
    config = SecurityConfig(
        secret_key=SECRET, audit_log=tmp_path / "audit.jsonl", state_file=tmp_path / "s.sqlite3", users_file=users
    )
    install_security(app, config)
    try:
        yield app
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


@contextmanager
def as_member(app: dash.Dash) -> Iterator[None]:
    with app.server.test_request_context("/checkins", base_url="http://127.0.0.1:8050"):
        setattr(flask.g, ROLE_KEY, Role.MEMBER)
        setattr(flask.g, USER_KEY, "anna")
        yield


def _member(app: dash.Dash, action: Action) -> Any:
    with as_member(app):
        return act(app.server.config["DEALNET_SERVICES"], action, "nl")


def _store(app: dash.Dash) -> Store:
    store = app.server.config["DEALNET_SERVICES"].source._store
    assert isinstance(store, Store)
    return store


def _adoption(data: Dataset, lesson: str, party: str) -> Any:
    return next((a for a in data.adoptions if a.lesson_id == lesson and a.party_id == party), None)


def test_a_checkin_answer_reaches_the_data_only_when_a_member_accepts_it(served: dash.Dash, tmp_path: Path) -> None:
    store = _store(served)
    data = read_store_dataset(store)
    forms = [f for f in (activity_form(data, a.id) for a in data.activities) if f is not None and f.lessons]
    form = forms[0]
    activity = next(a for a in data.activities if a.id == form.activity_id)
    lesson = next(x for x in data.lessons if x.id == form.lessons[0].value)
    party = next(
        o.value
        for o in form.participants + form.others
        if o.value != lesson.origin_id and _adoption(data, lesson.id, o.value) is None
    )
    with as_member(served):
        _, token = make_checkin_link(store, SECRET, activity_id=activity.id, actor="anna")
    client = served.server.test_client()  # nobody signed in

    page = client.get(f"/checkin?t={token}&lang=en")
    assert page.status_code == 200 and activity.title in page.get_data(as_text=True)
    answer = {"t": token, "party": party, "learned": "How to start a neighbourhood budget", "lesson": lesson.id,
              "intent": "pilot", "from_text": "the alderman of Emmen"}  # fmt: skip
    refused = client.post("/checkin?lang=en", data={**answer, "learned": ""})
    assert refused.status_code == 400 and "Please fill this in." in refused.get_data(as_text=True)
    done = client.post("/checkin?lang=en", data=answer)
    assert done.status_code == 303 and "done=1" in done.headers["Location"]
    assert "Thank you" in client.get(done.headers["Location"]).get_data(as_text=True)

    # Pending: in the store, in no view.
    (pending,) = proposals(store)
    assert (pending.party_id, pending.lesson_id, pending.intent) == (party, lesson.id, "pilot")
    assert read_store_dataset(store) == data

    outcome = _member(served, Action(C.ACCEPT, proposal=pending.id))
    assert outcome.changed
    adopted = _adoption(read_store_dataset(store), lesson.id, party)
    assert adopted is not None and adopted.stage == "interesse" and adopted.via_activity_id == activity.id
    assert "voornemen: pilot" in (adopted.note or "") and "the alderman of Emmen" in (adopted.note or "")
    accepted = proposal(store, pending.id)
    assert accepted is not None and accepted.status == "accepted" and accepted.decided_by == "anna"
    # Accepting again is refused: the proposal was decided.
    assert "notice-error" in str(_member(served, Action(C.ACCEPT, proposal=pending.id)).message)

    lines = read_audit(tmp_path / "audit.jsonl")
    assert any(line["action"] == "checkin" and line["actor"] is None for line in lines)
    assert any(line["action"] == "checkin-accept" and line["actor"] == "anna" for line in lines)
    assert not any(token in str(line) for line in lines)  # the link itself is never logged


def test_a_proposal_without_a_lesson_becomes_a_new_lesson_and_a_declined_one_nothing(served: dash.Dash) -> None:
    store = _store(served)
    data = read_store_dataset(store)
    activity = next(a for a in data.activities if not a.confidential)
    taking_part = sorted({p.party_id for p in data.participations if p.activity_id == activity.id})
    source, learner = taking_part[0], taking_part[1]
    with as_member(served):
        _, token = make_checkin_link(store, SECRET, activity_id=activity.id, actor="anna")
    client = served.server.test_client()
    for learned in ("Wijkteams samen met de woningcorporatie", "Iets wat wij afwijzen"):
        answer = {"t": token, "party": learner, "learned": learned, "from_party": source, "intent": "interesse"}
        assert client.post("/checkin", data=answer).status_code == 303
    first, second = sorted(proposals(store), key=lambda p: p.learned != "Wijkteams samen met de woningcorporatie")
    _member(served, Action(C.DECLINE, proposal=second.id))
    assert read_store_dataset(store) == data
    _member(served, Action(C.ACCEPT, proposal=first.id))
    after = read_store_dataset(store)
    (new,) = [x for x in after.lessons if x.id not in {y.id for y in data.lessons}]
    assert (new.title, new.origin_id, new.activity_id) == (
        "Wijkteams samen met de woningcorporatie",
        source,
        activity.id,
    )
    assert _adoption(after, new.id, learner).stage == "interesse"
    assert "Iets wat wij afwijzen" not in after.model_dump_json()
    assert proposal(store, second.id).status == "declined"  # type: ignore[union-attr]


def test_a_link_that_is_altered_expired_closed_or_overused_is_refused(served: dash.Dash, tmp_path: Path) -> None:
    store = _store(served)
    activity = read_store_dataset(store).activities[0]
    with as_member(served):
        link, token = make_checkin_link(store, SECRET, activity_id=activity.id, actor="anna")
    client = served.server.test_client()
    assert client.get(f"/checkin?t={token[:-3]}").status_code == 400
    expired = sign_checkin(SECRET, CheckinLink(link.id, activity.id, 1))
    assert client.get(f"/checkin?t={expired}").status_code == 410
    served.server.extensions[EXTENSION_KEY]._throttle = AnswerThrottle(
        tmp_path / "t.sqlite3", AnswerLimits(link_address=2, link=10)
    )
    answer = {"t": token, "party": "", "learned": "", "intent": ""}
    assert [client.post("/checkin", data=answer).status_code for _ in range(3)] == [400, 400, 429]
    close_link(store, link.id, actor="anna")
    assert client.get(f"/checkin?t={token}").status_code == 410
    results = [line["result"] for line in read_audit(tmp_path / "audit.jsonl") if line["action"] == "checkin"]
    assert "refused (invalid)" in results and "refused (expired)" in results and "refused (closed)" in results
    assert any(r.startswith("refused (throttled") for r in results)


def _scores(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(score-[a-z]+)" value="([0-9.]+)" checked', page))


def test_a_round_for_2026_collects_two_parties_scores_that_the_report_shows(served: dash.Dash) -> None:
    store = _store(served)
    before = read_store_dataset(store)
    assert "notice-error" not in str(_member(served, Action(C.OPEN_ROUND, year=2026, deal=DEAL)).message)
    assert "notice-error" in str(_member(served, Action(C.OPEN_ROUND, year=2026, deal=DEAL)).message)  # one open
    (opened,) = rounds(store)
    parties = sorted(p.id for p in before.parties if p.parent_id is None and DEAL in p.deal_ids)
    first, second = "oldambt", next(p for p in parties if p not in ("oldambt", "urk"))
    client = served.server.test_client()
    answers = {
        first: {"score-meerwaarde": "5", "score-borging": "1", "note-borging": "Nog geen vaste capaciteit"},
        second: {"score-meerwaarde": "3", "score-proces": "4"},
    }
    for party, scores in answers.items():
        token = round_token(SECRET, opened, party)
        assert client.get(f"/zelfevaluatie?t={token}").status_code == 200
        response = client.post("/zelfevaluatie", data={"t": token, **scores})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert sorted(round_answers(store, opened.id)) == sorted([first, second])

    report = build_report(read_store_dataset(store), audience=Audience.INTERNAL)
    own = {(s["party_id"], s["indicator"]): s for s in report["assessments"]["party_scores"] if s["year"] == 2026}
    assert own[(first, "meerwaarde")]["score"] == 5 and own[(first, "borging")]["note"] == "Nog geen vaste capaciteit"
    assert own[(second, "proces")]["score"] == 4
    row = next(
        r for r in report["assessments"]["table"]["rows"] if r["indicator"] == "meerwaarde" and r["year"] == 2026
    )
    assert row["parties"] >= 2

    # The form shows the earlier answer; answering again replaces it (borging left open: retired).
    token = round_token(SECRET, opened, first)
    assert _scores(client.get(f"/zelfevaluatie?t={token}").get_data(as_text=True)) == {
        "score-meerwaarde": "5",
        "score-borging": "1",
    }
    assert client.post("/zelfevaluatie", data={"t": token, "score-meerwaarde": "4"}).status_code == 303
    mine = {
        (a.indicator, a.score) for a in read_store_dataset(store).assessments if a.party_id == first and a.year == 2026
    }
    assert mine == {("meerwaarde", 4.0)}

    # A closed round takes no more answers.
    _member(served, Action(C.CLOSE_ROUND, round=opened.id))
    assert client.post("/zelfevaluatie", data={"t": token, "score-meerwaarde": "2"}).status_code == 410


def test_a_proposal_the_data_refuses_stays_pending_and_nothing_is_written(served: dash.Dash) -> None:
    """A party naming its own lesson would adopt itself: refused by the model, the proposal left to decline."""
    from loaders.proposals import create_link, create_proposal

    store = _store(served)
    data = read_store_dataset(store)
    lesson = next(x for x in data.lessons if not x.confidential)
    link = create_link(store, activity_id=data.activities[0].id, created_by="anna", expires=2_000_000_000)
    made = create_proposal(
        store, link_id=link.id, activity_id=link.activity_id, party_id=lesson.origin_id, learned="Onze eigen les",
        intent="toegepast", lesson_id=lesson.id,
    )  # fmt: skip
    outcome = _member(served, Action(C.ACCEPT, proposal=made.id))
    assert "notice-error" in str(outcome.message) and not outcome.changed
    assert proposal(store, made.id).status == "pending"  # type: ignore[union-attr]
    assert read_store_dataset(store) == data
