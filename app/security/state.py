"""The state of the security layer and the sign-in primitives its routes share.

:class:`SecurityState` is what :func:`app.security.guard.install_security` sets up on one
app; the functions here (the CSRF token, safe redirect targets, the sign-in page, a fresh
session) are used by the local sign-in in :mod:`app.security.guard` and by OpenID Connect
in :mod:`app.security.oidc` alike, so neither imports the other's internals.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import flask
from werkzeug.wrappers import Response

from app.security.audit import AuditLog
from app.security.config import SecurityConfig
from app.security.pages import Lang, login_page
from app.security.roles import Role
from app.security.store import SessionStore
from app.security.throttle import SignInThrottle
from app.security.users import UserStore

__all__ = [
    "STATE_KEY",
    "SecurityState",
    "csrf_token",
    "csrf_valid",
    "current_state",
    "html_response",
    "login_response",
    "quote_path",
    "safe_next",
    "start_session",
]

#: Where the state is kept: ``server.extensions[STATE_KEY]``.
STATE_KEY = "dealnet_security"


@dataclass
class SecurityState:
    """What :func:`install_security` set up on one app (also kept in ``server.extensions``)."""

    config: SecurityConfig
    users: UserStore | None
    sessions: SessionStore
    throttle: SignInThrottle
    audit_log: AuditLog
    routes_prefix: str
    requests_prefix: str
    public_paths: frozenset[str]
    oidc_client: object | None = None

    def sign_in_configured(self) -> bool:
        """Sign-in is on: OIDC configured, or the user file has users (re-checked when it changes)."""
        return self.config.oidc is not None or (self.users is not None and self.users.has_users())

    def url(self, name: str) -> str:
        """The browser-facing URL of one of our routes (respects ``requests_pathname_prefix``)."""
        return self.requests_prefix + name


def current_state() -> SecurityState:
    state = flask.current_app.extensions[STATE_KEY]
    assert isinstance(state, SecurityState)
    return state


def csrf_token() -> str:
    """The CSRF token of the current session (made on first use), for forms that POST to us.

    The sign-in form and the app's sign-out button carry it as ``csrf_token``.
    """
    token = flask.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        flask.session["csrf"] = token
    return token


def csrf_valid() -> bool:
    """The form of this POST carries the session's CSRF token."""
    expected = flask.session.get("csrf")
    given = flask.request.form.get("csrf_token", "")
    return isinstance(expected, str) and secrets.compare_digest(expected.encode(), given.encode())


def safe_next(target: str | None, state: SecurityState) -> str:
    """Only same-site paths may be a redirect target (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return state.url("")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return state.url("")
    return target


def quote_path(text: str) -> str:
    return quote(text, safe="/")


def html_response(body: str, status: int) -> Response:
    return Response(body, status=status, mimetype="text/html")


def login_response(
    state: SecurityState,
    lang: Lang,
    status: int,
    *,
    message: str | None = None,
    notice: str | None = None,
    username: str = "",
    next_path: str = "",
) -> Response:
    local = state.users is not None and state.users.has_users()
    oidc_url = None
    if state.config.oidc is not None:
        oidc_url = state.url("oidc/login") + (f"?next={quote_path(next_path)}" if next_path else "")
    body = login_page(
        lang=lang,
        action=state.url("login") + f"?lang={lang}",
        css_url=state.url("_dealnet/login.css"),
        csrf_token=csrf_token(),
        next_path=next_path,
        local=local,
        oidc_url=oidc_url,
        message=message,
        notice=notice,
        username=username,
    )
    return html_response(body, status)


def start_session(state: SecurityState, username: str, role: Role, source: str) -> None:
    """A fresh session (new id, new CSRF token): no session fixation."""
    old = flask.session.get("sid")
    if isinstance(old, str):
        state.sessions.revoke(old)
    flask.session.clear()
    flask.session["sid"] = state.sessions.create(username, role, source)
    flask.session["csrf"] = secrets.token_urlsafe(32)
