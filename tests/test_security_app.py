"""The real dealnet app behind the security layer: nothing answers without sign-in.

Routes come from the app's own Flask URL map, callbacks from its callback map and
pages from Dash's page registry, so a new page or callback is covered the day it
is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest

from app import ids
from app.factory import create_app
from app.security import Role, SecurityConfig, add_user, install_security
from app.source import StaticSource
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from tests.security_support import MEMBER, PASSWORD, callback_bodies, login, route_requests

PUBLIC_BY_DESIGN = {
    "/login",
    "/logout",
    "/healthz",
    "/_dealnet/login.css",
    "/.well-known/security.txt",
    "/toegankelijkheid",
    "/privacy",
    "/_dealnet/statements.css",
    # The check-in and self-assessment forms: the signed link is the permission (tests/test_checkin_flow.py).
    "/checkin",
    "/zelfevaluatie",
    "/_dealnet/checkin.css",
}  # tests/test_statements.py


@pytest.fixture
def secured_app(tmp_path: Path) -> Iterator[dash.Dash]:
    users = tmp_path / "users.json"
    add_user(users, MEMBER, Role.MEMBER, PASSWORD)
    app = create_app(StaticSource(read_dataset(DEMO_DATASET)))
    config = SecurityConfig(
        secret_key="s" * 40,
        audit_log=tmp_path / "audit.jsonl",
        state_file=tmp_path / "security.sqlite3",
        users_file=users,
    )
    install_security(app, config)
    yield app


def _page_paths() -> list[str]:
    return sorted({page["path"] for page in dash.page_registry.values()})


def test_every_route_page_and_callback_of_the_app_is_refused_without_sign_in(secured_app: dash.Dash) -> None:
    client = secured_app.server.test_client()
    tried: list[str] = []
    for method, url in route_requests(secured_app):
        if url in PUBLIC_BY_DESIGN:
            continue
        response = client.open(url, method=method, json={} if method == "POST" else None)
        tried.append(f"{method} {url}")
        redirected = response.status_code == 302 and response.headers["Location"].startswith("/login")
        assert response.status_code == 401 or redirected, f"{method} {url}: {response.status_code}"
    pages = _page_paths()
    assert len(pages) >= 7
    for path in pages:
        response = client.get(path)
        tried.append(f"GET {path}")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    bodies = callback_bodies(secured_app)
    assert len(bodies) >= 10
    for output, body in bodies.items():
        response = client.post("/_dash-update-component", json=body)
        tried.append(f"callback {output}")
        assert response.status_code == 401, f"callback {output}: {response.status_code}"
    print(f"\nunauthenticated (real app): {len(tried)} routes, pages and callbacks tried, all {len(tried)} refused")


def test_a_member_reaches_the_pages(secured_app: dash.Dash) -> None:
    client = secured_app.server.test_client()
    assert login(client, MEMBER).status_code in (302, 303)
    for path in _page_paths():
        assert client.get(path).status_code == 200, path


def _components(node: Any, type_name: str) -> list[dict[str, Any]]:
    """Every component of ``type_name`` in a Dash JSON tree."""
    if isinstance(node, list):
        return [found for item in node for found in _components(item, type_name)]
    if not isinstance(node, dict):
        return []
    here = [node] if node.get("type") == type_name else []
    return here + [found for value in node.values() for found in _components(value, type_name)]


def test_the_shell_signs_out_with_a_form_that_posts_the_csrf_token(secured_app: dash.Dash) -> None:
    client = secured_app.server.test_client()
    login(client, MEMBER)
    (output,) = [key for key in callback_bodies(secured_app) if f"{ids.Shell.ACCOUNT}.children" in key]
    answer = client.post("/_dash-update-component", json=callback_bodies(secured_app)[output])
    assert answer.status_code == 200
    (form,) = _components(answer.get_json(), "Form")
    assert (form["props"]["method"], form["props"]["action"]) == ("post", "/logout?lang=nl")
    (button,) = _components(form, "Button")
    assert button["props"]["type"] == "submit" and button["props"]["name"] == "csrf_token"
    links = [a for a in _components(answer.get_json(), "A") if "logout" in str(a["props"].get("href"))]
    assert links == []  # no sign-out link that a GET could follow
    assert client.get("/logout").status_code == 200 and client.get("/").status_code == 200
    signed_out = client.post("/logout", data={"csrf_token": button["props"]["value"]})
    assert signed_out.status_code == 303 and client.get("/").status_code == 302
