"""The real dealnet app behind the security layer: nothing answers without sign-in.

Routes come from the app's own Flask URL map, callbacks from its callback map and
pages from Dash's page registry, so a new page or callback is covered the day it
is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from app.factory import create_app
from app.security import Role, SecurityConfig, add_user, install_security
from app.source import StaticSource
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset
from tests.security_support import MEMBER, PASSWORD, callback_bodies, login, route_requests

PUBLIC_BY_DESIGN = {"/login", "/logout", "/healthz", "/_dealnet/login.css"}


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
