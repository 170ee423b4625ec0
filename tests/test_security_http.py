"""HTTP details of the security layer: HEAD, sign-out by POST only, forwarded headers.

- ``HEAD`` answers like ``GET`` (same status, type and redirects) and writes no audit line.
- ``GET /logout`` shows a sign-out button and changes nothing; only a ``POST`` with the
  session's CSRF token signs out, and a cross-site one is refused.
- ``DEALNET_TRUSTED_PROXIES``: with 0, ``X-Forwarded-*`` headers are ignored (a made-up
  address, scheme or host changes nothing); with 1 the last proxy's entries are the
  client address (audit log, throttle), the scheme (``Secure`` cookie, HSTS) and the host
  (same-origin check for callbacks). The real thing, nginx with TLS, is
  ``tests/test_proxy_nginx.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app.security import SecurityConfig, SecurityConfigError, read_audit
from tests.security_support import MEMBER, PASSWORD, SecuredApp, build_app, callback_bodies, csrf_from, login

SPOOFED = {
    "X-Forwarded-For": "198.51.100.1, 203.0.113.5",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "dealnet.example.nl",
}


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[SecuredApp]:
    with build_app(tmp_path) as built:
        client = built.app.server.test_client()
        login(client, MEMBER)  # Dash compiles its callback map on the first allowed request
        assert client.get("/_dash-dependencies").status_code == 200
        built.config.audit_log.unlink()
        yield built


def _events(secured: SecuredApp) -> list[dict[str, str | None]]:
    return read_audit(secured.config.audit_log)


# -- HEAD ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/login", "/login?lang=en", "/logout", "/", "/data", "/healthz", "/_dealnet/login.css"]
)
def test_head_answers_like_get_and_writes_nothing(secured: SecuredApp, path: str) -> None:
    for signed_in in (False, True):
        client = secured.app.server.test_client()
        if signed_in:
            login(client, MEMBER)
        secured.config.audit_log.unlink(missing_ok=True)
        head = client.head(path)
        assert _events(secured) == [], f"HEAD {path} wrote to the audit log"
        get = client.get(path)
        assert (head.status_code, head.mimetype, head.headers.get("Location")) == (
            get.status_code,
            get.mimetype,
            get.headers.get("Location"),
        ), path
        assert head.get_data() == b""
        assert client.get("/").status_code == (200 if signed_in else 302)  # HEAD /logout signed nobody out


def test_head_on_the_sign_in_form_is_no_csrf_refusal(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    assert client.head("/login").status_code == 200
    assert client.head("/login", data={"username": MEMBER, "password": PASSWORD}).status_code == 200
    assert client.get("/").status_code == 302  # nobody signed in
    assert _events(secured)[-1]["result"] == "denied-401"  # only the GET wrote a line


# -- sign-out -----------------------------------------------------------------------------


def _signed_in(secured: SecuredApp) -> FlaskClient:
    client: FlaskClient = secured.app.server.test_client()
    assert login(client, MEMBER).status_code == 302
    return client


def test_get_logout_shows_a_button_and_signs_nobody_out(secured: SecuredApp) -> None:
    client = _signed_in(secured)
    page = client.get("/logout")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<form method="post" action="/logout?lang=nl">' in text
    assert "U bent aangemeld als anna" in text and '<button type="submit">Afmelden</button>' in text
    assert client.get("/").status_code == 200
    assert "Sign out" in client.get("/logout?lang=en").get_data(as_text=True)
    assert not [e for e in _events(secured) if e["action"] == "sign-out"]


def test_get_logout_without_a_session_goes_to_the_sign_in_page(secured: SecuredApp) -> None:
    response = secured.app.server.test_client().get("/logout")
    assert response.status_code == 303 and response.headers["Location"] == "/login"


def test_sign_out_needs_the_csrf_token(secured: SecuredApp) -> None:
    client = _signed_in(secured)
    token = csrf_from(client.get("/logout").get_data(as_text=True))
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": "x" * 43}).status_code == 400
    assert client.get("/").status_code == 200  # still signed in
    assert (
        client.post("/logout", data={"csrf_token": token}, headers={"Origin": "https://evil.example"}).status_code
        == 403
    )
    assert (
        client.post("/logout", data={"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    )
    assert client.post("/logout", data={"csrf_token": token}, headers={"Origin": "null"}).status_code == 403
    assert client.get("/").status_code == 200
    # What Chromium sends for the sign-out button under Referrer-Policy: no-referrer.
    signed_out = client.post(
        "/logout", data={"csrf_token": token}, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    )
    assert signed_out.status_code == 303 and signed_out.headers["Location"] == "/login?signed_out=1&lang=nl"
    assert client.get("/").status_code == 302
    results = [(e["action"], e["result"]) for e in _events(secured) if e["action"] == "sign-out"]
    assert results == [("sign-out", "refused (missing or wrong CSRF token)")] * 2 + [("sign-out", "success")]


def test_post_logout_without_a_session_just_goes_to_the_sign_in_page(secured: SecuredApp) -> None:
    response = secured.app.server.test_client().post("/logout?lang=en")
    assert response.status_code == 303 and response.headers["Location"] == "/login?signed_out=1&lang=en"


# -- forwarded headers --------------------------------------------------------------------


def test_without_trusted_proxies_forwarded_headers_are_ignored(secured: SecuredApp) -> None:
    client = secured.app.server.test_client()
    page = client.get("/login", base_url="http://127.0.0.1:8050", headers=SPOOFED)
    assert "Secure" not in page.headers["Set-Cookie"] and "Strict-Transport-Security" not in page.headers
    form = {"csrf_token": csrf_from(page.get_data(as_text=True)), "username": MEMBER, "password": "wrong", "next": "/"}
    client.post("/login", data=form, base_url="http://127.0.0.1:8050", headers=SPOOFED)
    assert [e["origin"] for e in _events(secured) if e["action"] == "sign-in"] == ["127.0.0.1"]
    login(client, MEMBER)
    body = callback_bodies(secured.app)["greeting.children"]
    public_origin = {**SPOOFED, "Origin": "https://dealnet.example.nl"}
    assert client.post("/_dash-update-component", json=body, headers=public_origin).status_code == 403


def test_with_one_trusted_proxy_its_entries_are_believed(tmp_path: Path) -> None:
    with build_app(tmp_path, trusted_proxies=1) as built:
        client = built.app.server.test_client()
        page = client.get("/login", base_url="http://127.0.0.1:8050", headers=SPOOFED)
        assert "Secure" in page.headers["Set-Cookie"]
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        form = {
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "username": MEMBER,
            "password": PASSWORD,
            "next": "/",
        }
        signed_in = client.post("/login", data=form, base_url="http://127.0.0.1:8050", headers=SPOOFED)
        assert signed_in.status_code == 302
        # The proxy's own entry is the last one: what the client wrote before it is not believed.
        assert [e["origin"] for e in read_audit(built.config.audit_log) if e["action"] == "sign-in"] == ["203.0.113.5"]
        base = "http://127.0.0.1:8050"  # where the proxy reaches the app
        assert client.get("/_dash-dependencies", base_url=base, headers=SPOOFED).status_code == 200
        body = callback_bodies(built.app)["greeting.children"]
        public_origin = {**SPOOFED, "Origin": "https://dealnet.example.nl", "Sec-Fetch-Site": "same-origin"}
        answer = client.post("/_dash-update-component", json=body, base_url=base, headers=public_origin)
        assert answer.status_code == 200
        foreign = {**SPOOFED, "Origin": base}
        assert client.post("/_dash-update-component", json=body, base_url=base, headers=foreign).status_code == 403


@pytest.mark.parametrize(("text", "expected"), [("", 0), ("0", 0), ("1", 1), (" 2 ", 2)])
def test_trusted_proxies_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: int) -> None:
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    monkeypatch.setenv("DEALNET_TRUSTED_PROXIES", text)
    assert SecurityConfig.from_env().trusted_proxies == expected


@pytest.mark.parametrize("text", ["-1", "yes", "1.5", "11"])
def test_a_bad_trusted_proxies_setting_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    monkeypatch.setenv("DEALNET_TRUSTED_PROXIES", text)
    with pytest.raises(SecurityConfigError, match="DEALNET_TRUSTED_PROXIES"):
        SecurityConfig.from_env()
