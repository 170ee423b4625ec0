"""No role's view is built once and shared: what a member saw never reaches the public.

Dash pages used to build every page layout once, on the first request after a start, and
embed the result (the *validation layout*) in the ``_dash-config`` block of every HTML
page it served: when that first request came from a member, confidential titles reached
every public visitor. These tests sign in as a member first and then ask for every page,
the layout, the dependencies and every callback as a public-role user and as an anonymous
visitor, over HTTP, with planted confidential markers; and the same in the other order.
The browser variant is ``tests/browser/test_role_isolation.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import dash
import pytest
from flask.testing import FlaskClient

from app.factory import create_app
from app.pages import PAGES
from app.security import Role, SecurityConfig, add_user, install_security
from app.source import StaticSource
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from tests.browser.conftest import MARKERS, planted
from tests.security_support import PASSWORD, callback_bodies, login


Start = Callable[[], dash.Dash]


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Start]:
    """Starts the real app on the demo with planted secrets, behind sign-in: each call a fresh
    process's app (no request served yet) on the same users, key and session state."""
    users = tmp_path / "users.json"
    add_user(users, "anna", Role.MEMBER, PASSWORD)
    add_user(users, "piet", Role.PUBLIC, PASSWORD)
    config = SecurityConfig(
        secret_key="s" * 40,
        audit_log=tmp_path / "audit.jsonl",
        state_file=tmp_path / "security.sqlite3",
        users_file=users,
    )
    dataset = planted(read_dataset(DEMO_DATASET))
    others = dict(dash.page_registry)

    def _start() -> dash.Dash:
        app = create_app(StaticSource(dataset))
        install_security(app, config)
        return app

    try:
        yield _start
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(others)


@pytest.fixture
def app(start: Start) -> dash.Dash:
    return start()


def _signed_in(app: dash.Dash, user: str | None, *, before: Start | None = None) -> FlaskClient:
    """A client of ``app`` signed in as ``user``; with ``before``, signed in on an earlier start
    of the app, so that its first request to ``app`` is already a signed-in one (an open tab
    polling after a restart)."""
    client = app.server.test_client()
    if user is None:
        return client
    earlier = before().server.test_client() if before else client
    assert login(earlier, user).status_code == 302
    if before:
        for cookie in earlier._cookies.values():
            client.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return client


def _everything(app: dash.Dash, client: FlaskClient) -> str:
    """Every page (both languages), the layout, the dependencies and every callback, as ``client``."""
    seen: list[str] = []
    headers = {"Origin": "http://localhost", "Content-Type": "application/json"}
    for page in PAGES:
        for query in ("", "?lang=en"):
            seen.append(client.get(page.PATH + query).get_data(as_text=True))
    seen.append(client.get("/_dash-layout").get_data(as_text=True))
    seen.append(client.get("/_dash-dependencies").get_data(as_text=True))
    for page in PAGES:
        for body in callback_bodies(app).values():
            for item in body["inputs"] + body["state"]:
                if item["property"] == "pathname":
                    item["value"] = page.PATH
            response = client.post("/_dash-update-component", data=json.dumps(body), headers=headers)
            seen.append(response.get_data(as_text=True))
    return "\n".join(seen)


def _leaked(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


@pytest.mark.parametrize("later", ["piet", None])
def test_a_member_first_leaves_nothing_for_the_public(start: Start, app: dash.Dash, later: str | None) -> None:
    member = _everything(app, _signed_in(app, "anna", before=start))
    assert _leaked(member), "the member's view must hold the planted secrets, or this test proves nothing"
    assert _leaked(_everything(app, _signed_in(app, later))) == []


def test_the_public_first_does_not_narrow_the_member(start: Start, app: dash.Dash) -> None:
    assert _leaked(_everything(app, _signed_in(app, "piet", before=start))) == []
    assert _leaked(_everything(app, _signed_in(app, "anna")))


def test_no_page_is_built_outside_a_request(start: Start, app: dash.Dash) -> None:
    """Nothing role-dependent is held by the app: no validation layout, no prebuilt layout."""
    assert app.config.suppress_callback_exceptions
    assert app.validation_layout is None
    _everything(app, _signed_in(app, "anna", before=start))
    assert app.validation_layout is None
