"""OpenID Connect sign-in against a tiny real provider running in the test.

The provider is a Flask app on a free loopback port with a generated RSA key: it serves
the discovery document, the JWKS, an authorize endpoint (which signs in a chosen test
user at once) and a token endpoint that checks the client secret, the redirect URI and
the PKCE ``code_verifier`` against the ``code_challenge`` (S256), and returns a signed
ID token. dealnet talks to it over real HTTP through Authlib.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import flask
import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

from app.security import OidcConfig, Role, read_audit
from tests.security_support import build_app, callback_bodies

_CLIENT_ID = "dealnet"
_CLIENT_SECRET = "provider-client-secret-123"


@dataclass
class Provider:
    """The running provider and what it saw."""

    issuer: str
    user: dict[str, Any] = field(default_factory=dict)
    seen: list[dict[str, str]] = field(default_factory=list)
    signing_key: RSAKey | None = None


def _provider_app(provider: Provider, key: RSAKey) -> flask.Flask:
    app = flask.Flask("tiny_idp")
    codes: dict[str, dict[str, str]] = {}

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        return {
            "issuer": provider.issuer,
            "authorization_endpoint": provider.issuer + "/authorize",
            "token_endpoint": provider.issuer + "/token",
            "jwks_uri": provider.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    @app.get("/jwks")
    def jwks() -> Any:
        return {"keys": [key.as_dict(private=False)]}

    @app.get("/authorize")
    def authorize() -> Any:
        args = flask.request.args
        provider.seen.append(dict(args))
        if args.get("client_id") != _CLIENT_ID or args.get("response_type") != "code":
            return "bad request", 400
        code = secrets.token_urlsafe(16)
        codes[code] = dict(args)
        query = urlencode({"code": code, "state": args["state"]})
        return flask.redirect(f"{args['redirect_uri']}?{query}")

    @app.post("/token")
    def token() -> Any:
        form = flask.request.form
        auth = flask.request.authorization
        secret = auth.password if auth is not None else form.get("client_secret")
        request = codes.pop(form.get("code", ""), None)
        if secret != _CLIENT_SECRET or request is None or form.get("redirect_uri") != request["redirect_uri"]:
            return {"error": "invalid_grant"}, 400
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if request.get("code_challenge_method") != "S256" or challenge != request.get("code_challenge"):
            return {"error": "invalid_grant", "error_description": "PKCE"}, 400
        now = int(time.time())
        claims = {
            "iss": provider.issuer,
            "aud": _CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": request.get("nonce"),
            **provider.user,
        }
        signer = provider.signing_key or key
        id_token = jwt.encode({"alg": "RS256", "kid": signer.kid}, claims, signer)
        return {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    return app


@pytest.fixture
def provider() -> Iterator[Provider]:
    key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    server = make_server("127.0.0.1", 0, flask.Flask("placeholder"), threaded=True)
    provider = Provider(issuer=f"http://127.0.0.1:{server.server_port}")
    server.app = _provider_app(provider, key)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _oidc(provider: Provider) -> OidcConfig:
    return OidcConfig(
        issuer=provider.issuer,
        client_id=_CLIENT_ID,
        client_secret=_CLIENT_SECRET,
        role_claim="groups",
        role_map={"towndeal-leden": Role.MEMBER, "dealnet-beheer": Role.ADMIN},
    )


def _sign_in(client: flask.testing.FlaskClient) -> Any:
    """The whole redirect dance: dealnet -> provider -> dealnet; returns the callback's response."""
    start = client.get("/oidc/login?next=/data")
    assert start.status_code == 302
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_oidc_sign_in_with_pkce_maps_the_role(tmp_path: Path, provider: Provider) -> None:
    provider.user = {"sub": "u-1", "preferred_username": "carla@gemeente.nl", "groups": ["towndeal-leden", "x"]}
    with build_app(tmp_path, with_users=False, oidc=_oidc(provider)) as built:
        client = built.app.server.test_client()
        assert client.get("/").status_code == 302
        assert "/oidc/login" in client.get("/login").get_data(as_text=True)
        done = _sign_in(client)
        assert done.status_code == 302 and done.headers["Location"] == "/data"
        assert provider.seen[-1]["code_challenge_method"] == "S256"
        assert client.get("/data").status_code == 200
        bodies = callback_bodies(built.app)
        assert client.post("/_dash-update-component", json=bodies["greeting.children"]).status_code == 200
        assert client.post("/_dash-update-component", json=bodies["admin-out.children"]).status_code == 403
        events = [e for e in read_audit(built.config.audit_log) if e["action"] == "sign-in"]
        assert events[-1]["result"] == "success (role member)" and events[-1]["actor"] == "carla@gemeente.nl"
        assert "id_token" not in built.config.audit_log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("groups", "role"),
    [(["dealnet-beheer", "towndeal-leden"], Role.ADMIN), (["other"], Role.PUBLIC), ([], Role.PUBLIC)],
)
def test_oidc_role_is_the_highest_mapped_group(
    tmp_path: Path, provider: Provider, groups: list[str], role: Role
) -> None:
    provider.user = {"sub": "u-2", "groups": groups}
    with build_app(tmp_path, with_users=False, oidc=_oidc(provider)) as built:
        client = built.app.server.test_client()
        assert _sign_in(client).status_code == 302
        events = [e for e in read_audit(built.config.audit_log) if e["action"] == "sign-in"]
        assert events[-1]["result"] == f"success (role {role.value})" and events[-1]["actor"] == "u-2"


def test_oidc_token_signed_with_another_key_is_refused(tmp_path: Path, provider: Provider) -> None:
    provider.user = {"sub": "mallory", "groups": ["dealnet-beheer"]}
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    with build_app(tmp_path, with_users=False, oidc=_oidc(provider)) as built:
        client = built.app.server.test_client()
        done = _sign_in(client)
        assert done.status_code == 401
        assert client.get("/").status_code == 302
        events = [e for e in read_audit(built.config.audit_log) if e["action"] == "sign-in"]
        assert "Signature" in events[-1]["result"] and events[-1]["actor"] is None


def test_oidc_callback_with_a_forged_state_is_refused(tmp_path: Path, provider: Provider) -> None:
    provider.user = {"sub": "u-3", "groups": ["towndeal-leden"]}
    with build_app(tmp_path, with_users=False, oidc=_oidc(provider)) as built:
        client = built.app.server.test_client()
        start = client.get("/oidc/login")
        at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
        query = parse_qs(urlsplit(at_provider.headers["Location"]).query)
        forged = client.get(f"/oidc/callback?code={query['code'][0]}&state=forged")
        assert forged.status_code == 401
        assert client.get("/").status_code == 302


def test_oidc_callback_head_spends_no_code_and_writes_nothing(tmp_path: Path, provider: Provider) -> None:
    provider.user = {"sub": "u-4", "groups": ["towndeal-leden"]}
    with build_app(tmp_path, with_users=False, oidc=_oidc(provider)) as built:
        client = built.app.server.test_client()
        start = client.get("/oidc/login?next=/data")
        at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
        back = urlsplit(at_provider.headers["Location"])
        assert client.head(f"{back.path}?{back.query}").status_code == 200
        assert [e for e in read_audit(built.config.audit_log) if e["action"] == "sign-in"] == []
        done = client.get(f"{back.path}?{back.query}")  # the code is still good for the real request
        assert done.status_code == 302 and done.headers["Location"] == "/data"
