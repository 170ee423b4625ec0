"""The security layer in front of a real Dash app, through Flask's test client.

Every route in the URL map and every server callback in the callback map is tried
without a session, as a member and as an admin; plus audit lines, headers, CSRF,
rate limit, sign-out, open redirects, errors without tracebacks.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app.security import Role, add_user, read_audit, remove_user
from tests.security_support import (
    ADMIN,
    MEMBER,
    PAGES,
    PASSWORD,
    SecuredApp,
    build_app,
    callback_bodies,
    login,
    logout,
    route_requests,
)

_PUBLIC = {"/login", "/logout", "/healthz", "/_dealnet/login.css", "/.well-known/security.txt"}
_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
)


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[SecuredApp]:
    with build_app(tmp_path) as built:
        # Dash compiles its callback map on the first allowed request: make one.
        client = built.app.server.test_client()
        login(client, MEMBER)
        assert client.get("/_dash-dependencies").status_code == 200
        yield built


def _assert_headers(response, what: str) -> None:  # type: ignore[no-untyped-def]
    missing = [name for name in _HEADERS if name not in response.headers]
    assert not missing, f"{what}: missing {missing}"
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unauthenticated_every_route_and_callback_is_refused(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    tried: list[str] = []
    refused: list[str] = []
    public: list[str] = []
    for method, url in route_requests(secured.app):
        if url in _PUBLIC:
            public.append(f"{method} {url}")
            continue
        response = client.open(url, method=method, json={} if method == "POST" else None)
        tried.append(f"{method} {url}")
        _assert_headers(response, f"{method} {url}")
        if response.status_code == 401:
            refused.append(f"{method} {url}")
        elif response.status_code == 302 and response.headers["Location"].startswith("/login?next="):
            assert method == "GET" and not url.startswith("/_"), f"{url}: a non-page was redirected"
            refused.append(f"{method} {url}")
        else:
            pytest.fail(f"{method} {url} answered {response.status_code} without sign-in")
    for page in PAGES:
        response = client.get(page)
        tried.append(f"GET {page}")
        assert response.status_code == 302 and response.headers["Location"] == f"/login?next={page}"
        refused.append(f"GET {page}")
    bodies = callback_bodies(secured.app)
    assert len(bodies) >= 4  # greet, download, admin-only, the pages router
    for output, body in bodies.items():
        response = client.post("/_dash-update-component", json=body)
        tried.append(f"callback {output}")
        assert response.status_code == 401, f"callback {output}: {response.status_code}"
        assert "Hallo" not in response.get_data(as_text=True)
        refused.append(f"callback {output}")
    print(
        f"\nunauthenticated: {len(tried)} routes and callbacks, {len(refused)} refused"
        f" (public by design: {', '.join(sorted(public))})"
    )
    assert len(refused) == len(tried)
    denials = [e for e in read_audit(secured.config.audit_log) if e["result"] == "denied-401"]
    assert len(denials) == len(tried)
    assert all(e["actor"] is None and e["origin"] == "127.0.0.1" for e in denials)


def test_public_routes_answer_without_sign_in(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"
    page = client.get("/login")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="nl">' in text and '<label for="username">' in text and '<label for="password">' in text
    assert '<html lang="en">' in client.get("/login?lang=en").get_data(as_text=True)
    assert client.get("/_dealnet/login.css").mimetype == "text/css"


def test_member_reaches_pages_and_callbacks_but_not_admin_only(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    assert login(client, MEMBER).status_code == 302
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        _assert_headers(response, page)
    for url in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(url).status_code == 200, url
    results = {}
    for output, body in callback_bodies(secured.app).items():
        response = client.post("/_dash-update-component", json=body)
        _assert_headers(response, output)
        assert response.headers["Cache-Control"] == "no-store"
        results[output] = response.status_code
    assert results.pop("admin-out.children") == 403
    assert set(results.values()) == {200}, results
    download = client.post("/_dash-update-component", json=callback_bodies(secured.app)["download.data"])
    assert download.get_json()["response"]["download"]["data"]["filename"] == "export.csv"
    events = read_audit(secured.config.audit_log)
    denied = [e for e in events if e["result"].startswith("denied-403")]
    assert len(denied) == 1 and denied[0]["actor"] == MEMBER and denied[0]["object"] == "callback:admin_only"


def test_admin_reaches_the_admin_callback(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    login(client, ADMIN)
    response = client.post("/_dash-update-component", json=callback_bodies(secured.app)["admin-out.children"])
    assert response.status_code == 200
    assert response.get_json()["response"]["admin-out"]["children"] == "geheim"


def test_audit_log_records_sign_ins_without_secrets(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    login(client, MEMBER, "wrong password for anna")
    login(client, "not-a-user", "typed-a-password-here")
    login(client, ADMIN)
    logout(client)
    raw = secured.config.audit_log.read_text(encoding="utf-8")
    for secret in (PASSWORD, "wrong password for anna", "typed-a-password-here", "not-a-user", "dealnet_session"):
        assert secret not in raw
    assert stat.S_IMODE(os.stat(secured.config.audit_log).st_mode) == 0o600
    events = read_audit(secured.config.audit_log)
    assert all(set(e) == {"time", "action", "object", "result", "actor", "origin"} for e in events)
    assert all(e["time"].endswith("+00:00") for e in events)
    sign_ins = [(e["action"], e["result"], e["actor"]) for e in events if e["action"] in ("sign-in", "sign-out")]
    assert sign_ins[-4:] == [
        ("sign-in", "failure", MEMBER),
        ("sign-in", "failure (unknown user)", None),
        ("sign-in", "success (role admin)", ADMIN),
        ("sign-out", "success", ADMIN),
    ]


def test_login_post_without_or_with_a_wrong_csrf_token_is_refused(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    client.get("/login")
    no_token = client.post("/login", data={"username": MEMBER, "password": PASSWORD})
    wrong = client.post("/login", data={"username": MEMBER, "password": PASSWORD, "csrf_token": "x" * 43})
    assert no_token.status_code == 400 and wrong.status_code == 400
    assert client.get("/").status_code == 302  # still not signed in
    results = [e["result"] for e in read_audit(secured.config.audit_log) if e["action"] == "sign-in"]
    assert results.count("refused (missing or wrong CSRF token)") == 2


def test_failed_sign_ins_are_rate_limited(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    statuses = [login(client, MEMBER, f"wrong-{i}").status_code for i in range(5)]
    assert statuses == [401] * 5
    assert login(client, MEMBER).status_code == 429  # even the right password now
    assert client.get("/").status_code == 302
    assert login(client, ADMIN).status_code == 302  # another user from the same address is not locked out
    results = [e["result"] for e in read_audit(secured.config.audit_log)]
    assert "refused (throttled: account from this address)" in results


def test_sign_out_ends_the_session_on_the_server(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    login(client, MEMBER)
    cookie = client.get_cookie("dealnet_session")
    assert cookie is not None and client.get("/").status_code == 200
    assert logout(client).status_code == 303
    replay = secured.app.server.test_client()
    replay.set_cookie("dealnet_session", cookie.value)
    assert replay.get("/").status_code == 302
    assert (
        replay.post("/_dash-update-component", json=callback_bodies(secured.app)["greeting.children"]).status_code
        == 401
    )


def test_removing_a_user_or_changing_the_role_applies_at_once(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    login(client, ADMIN)
    body = callback_bodies(secured.app)["admin-out.children"]
    assert client.post("/_dash-update-component", json=body).status_code == 200
    add_user(secured.users_file, ADMIN, Role.MEMBER, PASSWORD)
    assert client.post("/_dash-update-component", json=body).status_code == 403
    remove_user(secured.users_file, ADMIN)
    assert client.get("/").status_code == 302


def test_cross_site_and_non_json_callback_posts_are_refused(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    login(client, MEMBER)
    body = callback_bodies(secured.app)["greeting.children"]
    assert client.post("/_dash-update-component", json=body).status_code == 200
    foreign = client.post("/_dash-update-component", json=body, headers={"Origin": "https://evil.example"})
    cross = client.post("/_dash-update-component", json=body, headers={"Sec-Fetch-Site": "cross-site"})
    plain = client.post("/_dash-update-component", data=json.dumps(body), content_type="text/plain")
    assert (foreign.status_code, cross.status_code, plain.status_code) == (403, 403, 403)


def test_redirect_after_sign_in_stays_on_this_site(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    for target, expected in (("//evil.example/x", "/"), ("https://evil.example", "/"), ("/data", "/data")):
        logout(client)
        response = login(client, MEMBER, next=target)
        assert response.headers["Location"] == expected, target


def test_errors_show_no_traceback(tmp_path: Path) -> None:
    with build_app(tmp_path) as built:

        def boom() -> str:
            raise RuntimeError("Cypher MATCH (n) secret detail")  # cypher-guard: data

        built.app.server.add_url_rule("/boom", "boom", boom)
        client = built.app.server.test_client()
        login(client, MEMBER)
        response = client.get("/boom")
        text = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Traceback" not in text and "secret detail" not in text and "Er ging iets mis" in text
        assert built.app.server.debug is False


def test_oversized_requests_are_refused(tmp_path: Path) -> None:
    with build_app(tmp_path, max_request_bytes=10_000) as built:
        client = built.app.server.test_client()
        login(client, MEMBER)
        body = {"output": "greeting.children", "pad": "x" * 20_000}
        assert client.post("/_dash-update-component", json=body).status_code == 413


def test_without_sign_in_everything_is_public_and_admin_callbacks_are_denied(tmp_path: Path) -> None:
    with build_app(tmp_path, with_users=False) as built:
        client = built.app.server.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/login").status_code == 302
        bodies = callback_bodies(built.app)
        assert client.post("/_dash-update-component", json=bodies["greeting.children"]).status_code == 200
        assert client.post("/_dash-update-component", json=bodies["admin-out.children"]).status_code == 403


@pytest.mark.parametrize(
    ("base_url", "secure"),
    [
        ("http://localhost", False),
        ("http://127.0.0.1:8050", False),
        ("https://dealnet.example", True),
        ("http://dealnet.example", True),
    ],
)
def test_session_cookie_flags(tmp_path: Path, base_url: str, secure: bool) -> None:
    with build_app(tmp_path) as built:
        client: FlaskClient = built.app.server.test_client()
        page = client.get("/login", base_url=base_url)
        cookie = page.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure
        assert ("Strict-Transport-Security" in page.headers) is base_url.startswith("https")
