"""The gate in front of the Dash app: sign-in for every route, headers on every response.

:func:`install_security` adds Flask ``before_request``/``after_request`` hooks and error
handlers to ``app.server``. Because the check runs before Flask dispatches, it covers
every route the app has or will have: pages, ``/_dash-layout``,
``/_dash-dependencies``, ``/_dash-update-component`` (every callback, so also every
``dcc.Download``), ``/_reload-hash``, component suites, assets. Only the sign-in
pages, their stylesheet, ``/healthz`` and the routes the app declares public
(:data:`PUBLIC_ROUTES_KEY`: the accessibility and privacy statements) are public.

When sign-in is not configured (no user file with users, no OIDC), every request is
served as role ``public``, and :func:`check_bind` keeps the app on this machine.

HTTP details that matter for security:

- ``HEAD`` is answered like ``GET`` (Flask drops the body) and changes nothing: it never
  signs anyone in or out and writes no audit line (:func:`app.security.audit.audit`).
- Sign-out is a ``POST`` with the CSRF token (the app's "Sign out" button is a small
  form). ``GET /logout`` changes nothing: it shows a page with that button, so a link
  or an image on another site cannot sign a user out.
- Behind ``DEALNET_TRUSTED_PROXIES`` reverse proxies, werkzeug's ``ProxyFix`` takes the
  client address, scheme and public host from their ``X-Forwarded-*`` headers, so the
  cookie is ``Secure`` and HSTS is sent behind a TLS proxy, the origin check compares
  with the public host, and the audit log and the throttle see the real client.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from urllib.parse import urlsplit

import dash
import flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from app.security.audit import EXTENSION_KEY, AuditLog, audit
from app.security.config import SecurityConfig
from app.security.context import ROLE_KEY, USER_KEY
from app.security.devices import DEVICE_COOKIE, DEVICE_MAX_AGE, issue_device, known_device
from app.security.errors import BindRefusedError
from app.security.headers import STATIC_PREFIXES, content_security_policy, security_headers
from app.security.pages import LOGIN_CSS, Lang, logout_page, message_page, page_lang
from app.security.roles import Role
from app.security.security_txt import install_security_txt
from app.security.state import (
    STATE_KEY,
    SecurityState,
    csrf_token,
    csrf_valid,
    current_state,
    html_response,
    login_response,
    quote_path,
    safe_next,
    start_session,
)
from app.security.store import SessionStore
from app.security.throttle import Attempt, Limit, Limits, SignInThrottle, account_key
from app.security.users import UserStore

__all__ = ["PUBLIC_ROUTES_KEY", "SecurityState", "check_bind", "csrf_token", "install_security", "is_loopback"]

#: Routes the app declares public by design (``server.extensions[PUBLIC_ROUTES_KEY]``, a set of
#: paths): the accessibility and privacy statements (:func:`app.statements.register_statements`).
PUBLIC_ROUTES_KEY = "dealnet_public_routes"

_log = logging.getLogger(__name__)

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READ_METHODS = frozenset({"GET", "HEAD"})


def is_loopback(host: str) -> bool:
    """True for names and addresses of this machine only (``127.0.0.0/8``, ``::1``, ``localhost``).

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost", "0.0.0.0", "192.0.2.1")]
    [True, True, True, True, False, False]
    """
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, config: SecurityConfig) -> None:
    """Refuse to listen on ``host`` when that would expose the app without sign-in.

    Raises
    ------
    BindRefusedError
        When ``host`` is not a loopback address and no sign-in is configured, or when
        development mode (with its debugger) is on.
    """
    if is_loopback(host):
        return
    if config.dev:
        raise BindRefusedError(
            f"dealnet weigert te starten op {host}: de ontwikkelmodus (DEALNET_DEV) staat aan, "
            "en die hoort alleen op 127.0.0.1 (refusing to listen on a network address in development mode)"
        )
    if not config.sign_in_configured:
        raise BindRefusedError(
            f"dealnet weigert te starten op {host}: er is geen aanmelding ingesteld. "
            "Voeg gebruikers toe (dealnet users add NAAM --role member, met DEALNET_USERS_FILE) "
            "of stel OpenID Connect in (DEALNET_OIDC_ISSUER, DEALNET_OIDC_CLIENT_ID), "
            "of luister alleen op 127.0.0.1 "
            "(refusing to listen on a network address without sign-in)"
        )


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session with a per-request ``Secure`` flag.

    ``Secure`` is set unless the request is plain http to a loopback host (a browser
    would drop a Secure cookie there); a TLS-terminating proxy must pass the scheme
    (``X-Forwarded-Proto`` with werkzeug's ``ProxyFix``) for ``request.is_secure``.
    """

    def __init__(self, forced: bool | None) -> None:
        self._forced = forced

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        if self._forced is not None:
            return self._forced
        if not flask.has_request_context():
            return True
        request = flask.request
        return request.is_secure or not is_loopback(_host_name(request.host))


def _host_name(host: str) -> str:
    """``host`` without its port: ``[::1]:8050`` -> ``::1``, ``localhost:8050`` -> ``localhost``."""
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _current_session(state: SecurityState) -> tuple[str, Role] | None:
    """(user, role) of the signed-in session of this request, or ``None``."""
    sid = flask.session.get("sid")
    if not isinstance(sid, str):
        return None
    record = state.sessions.get(sid)
    if record is None:
        return None
    if record.source == "local":
        # The user file is the truth: a removed user is signed out, a changed role applies now.
        user = state.users.get(record.username) if state.users is not None else None
        if user is None:
            state.sessions.revoke(sid)
            return None
        return user.username, user.role
    return record.username, record.role


def _origin_refusal(state: SecurityState) -> Response | None:
    """CSRF defence for state-changing requests other than the (token-protected) sign-in form.

    Dash's callbacks are JSON POSTs; a cross-site form cannot send JSON, and a cross-site
    ``fetch`` is recognisable by ``Origin``/``Sec-Fetch-Site``. (SameSite=Lax cookies
    already keep the session out of cross-site POSTs; this is the second line.)
    """
    request = flask.request
    if request.method in _SAFE_METHODS or request.path == state.routes_prefix + "login":
        return None
    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    # Under our ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` with a
    # same-origin *form* POST (the sign-out button); ``Sec-Fetch-Site`` then still says
    # same-origin, and no page can set either header itself.
    null_but_same_origin = origin == "null" and fetch_site == "same-origin"
    reason = None
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        reason = f"cross-site request ({fetch_site})"
    elif origin is not None and not null_but_same_origin and urlsplit(origin).netloc != request.host:
        reason = "foreign origin"
    elif request.path.startswith(state.routes_prefix + "_dash-") and not request.is_json:
        reason = "not JSON"
    if reason is None:
        return None
    audit("access", request.path, f"denied-403 ({reason})")
    return flask.jsonify(error="forbidden"), 403  # type: ignore[return-value]


def _guard() -> Response | None:
    """before_request: decide whether this request may reach the app."""
    state = current_state()
    request = flask.request
    flask.g.setdefault(USER_KEY, None)
    flask.g.setdefault(ROLE_KEY, Role.PUBLIC)
    refusal = _origin_refusal(state)
    if refusal is not None:
        return refusal
    if request.path in state.public_paths or not state.sign_in_configured():
        return None
    signed_in = _current_session(state)
    if signed_in is not None:
        flask.g.dealnet_user, flask.g.dealnet_role = signed_in
        return None
    audit("access", request.path, "denied-401")
    relative = request.path[len(state.routes_prefix) :] if request.path.startswith(state.routes_prefix) else ""
    is_page = (
        request.method in _READ_METHODS and not relative.startswith("_") and not relative.startswith(STATIC_PREFIXES)
    )
    if is_page:
        target = request.full_path if request.query_string else request.path
        next_path = state.requests_prefix + target[len(state.routes_prefix) :]
        login = state.url("login")
        return flask.redirect(f"{login}?next={quote_path(next_path)}", code=302)
    return flask.jsonify(error="sign-in required"), 401  # type: ignore[return-value]


def _headers(app: dash.Dash):  # type: ignore[no-untyped-def]
    def add_headers(response: Response) -> Response:
        state = current_state()
        relative = flask.request.path[len(state.routes_prefix) :]
        cacheable = relative.startswith(STATIC_PREFIXES)
        # Recomputed per response (a few hashes): clientside callbacks may be added late.
        csp = content_security_policy(app.csp_hashes())
        for name, value in security_headers(csp=csp, https=flask.request.is_secure, cacheable=cacheable).items():
            response.headers[name] = value
        return response

    return add_headers


def _on_error(error: Exception) -> Response:
    """Every error: a short page, never a traceback; details go to the server log."""
    state = current_state()
    lang = page_lang()
    css = state.url("_dealnet/login.css")
    if isinstance(error, HTTPException):
        status = error.code or 500
        if status == 403 and not flask.g.get("dealnet_audited_403"):
            audit("access", flask.request.path, "denied-403")
        if flask.request.path.startswith(state.routes_prefix + "_dash-"):
            return flask.jsonify(error=error.name), status  # type: ignore[return-value]
        return html_response(message_page(status, lang=lang, css_url=css), status)
    reference = secrets.token_hex(4)
    _log.exception("unhandled error on %s (reference %s)", flask.request.path, reference)
    if flask.request.path.startswith(state.routes_prefix + "_dash-"):
        return flask.jsonify(error="internal error", reference=reference), 500  # type: ignore[return-value]
    return html_response(message_page(500, lang=lang, css_url=css, reference=reference), 500)


# -- sign-in views ----------------------------------------------------------------------


def _login_view() -> Response:
    state = current_state()
    request = flask.request
    lang = page_lang()
    if not state.sign_in_configured():
        return flask.redirect(state.url(""))
    if request.method in _READ_METHODS:
        next_path = safe_next(request.args.get("next"), state)
        if _current_session(state) is not None:
            return flask.redirect(next_path)
        notice = "signed_out" if request.args.get("signed_out") else None
        return login_response(state, lang, 200, notice=notice, next_path=next_path)

    next_path = safe_next(request.form.get("next"), state)
    if not csrf_valid():
        audit("sign-in", "local", "refused (missing or wrong CSRF token)", actor=None)
        return login_response(state, lang, 400, message="expired", next_path=next_path)

    username = request.form.get("username", "").strip()[:128]
    password = request.form.get("password", "")
    known = state.users.get(username) if state.users is not None and username else None
    actor = known.username if known is not None else None  # never log unknown names: may be a password
    account = account_key(username)
    secret = state.config.secret_key
    attempt = Attempt(
        account=account,
        address=request.remote_addr or "?",
        device=known_device(secret, request.cookies.get(DEVICE_COOKIE), account),
    )
    limit = state.throttle.check(attempt)
    if limit is not None:
        # The password is not even checked: a throttled attempt tells the guesser nothing.
        audit("sign-in", "local", f"refused (throttled: {limit.value})", actor=actor)
        response = login_response(state, lang, 429, message="limited", username=username, next_path=next_path)
        response.headers["Retry-After"] = f"{state.throttle.limits.window:.0f}"
        return response

    record = state.users.authenticate(username, password) if state.users is not None else None
    if record is None:
        switched_on = state.throttle.record_failure(attempt)
        audit("sign-in", "local", "failure" if known else "failure (unknown user)", actor=actor)
        for reached in switched_on:
            audit("throttle", _throttle_object(reached, actor), state.throttle.limits.describe(reached), actor=actor)
        return login_response(state, lang, 401, message="failed", username=username, next_path=next_path)

    state.throttle.record_success(attempt)
    start_session(state, record.username, record.role, "local")
    flask.g.dealnet_user = record.username
    audit("sign-in", "local", f"success (role {record.role.value})", actor=record.username)
    response = flask.redirect(next_path)
    _, device_cookie = issue_device(secret, account)
    response.set_cookie(
        DEVICE_COOKIE,
        device_cookie,
        max_age=DEVICE_MAX_AGE,
        path=state.requests_prefix,
        secure=flask.current_app.session_interface.get_cookie_secure(flask.current_app),
        httponly=True,
        samesite="Strict",
    )
    return response


def _throttle_object(limit: Limit, actor: str | None) -> str:
    """What a throttle holds back, for the audit log (an unknown name is never written)."""
    name = actor or "(unknown name)"
    if limit is Limit.ACCOUNT_ADDRESS:
        return f"account:{name} from this address"
    if limit is Limit.ACCOUNT:
        return f"account:{name}"
    return "address"


def _logout_view() -> Response:
    """Sign-out: only a POST with the CSRF token ends the session.

    ``GET`` (and ``HEAD``) show a page with a sign-out button and change nothing, so a
    link, an image or a prefetch cannot sign a user out.
    """
    state = current_state()
    request = flask.request
    lang = page_lang()
    if not state.sign_in_configured():
        return flask.redirect(state.url(""))
    signed_in = _current_session(state)
    if signed_in is None:
        if request.method == "POST":
            flask.session.clear()  # nothing to sign out of; drop any left-over cookie state
        done = f"?signed_out=1&lang={lang}" if request.method == "POST" else ""
        return flask.redirect(state.url("login") + done, code=303)
    if request.method in _READ_METHODS:
        return _logout_response(state, lang, 200, user=signed_in[0])
    if not csrf_valid():
        audit("sign-out", "session", "refused (missing or wrong CSRF token)", actor=signed_in[0])
        return _logout_response(state, lang, 400, user=signed_in[0], message="expired")
    sid = flask.session.get("sid")
    if isinstance(sid, str):
        state.sessions.revoke(sid)
    flask.session.clear()
    audit("sign-out", "session", "success", actor=signed_in[0])
    return flask.redirect(state.url("login") + f"?signed_out=1&lang={lang}", code=303)  # in the app's language


def _logout_response(
    state: SecurityState, lang: Lang, status: int, *, user: str, message: str | None = None
) -> Response:
    body = logout_page(
        lang=lang,
        action=state.url("logout") + f"?lang={lang}",
        css_url=state.url("_dealnet/login.css"),
        csrf_token=csrf_token(),
        user=user,
        home_url=state.url(""),
        message=message,
    )
    return html_response(body, status)


def _health_view() -> Response:
    return Response("ok\n", mimetype="text/plain")


def _css_view() -> Response:
    return Response(LOGIN_CSS, mimetype="text/css")


# -- installation -----------------------------------------------------------------------


def install_security(app: dash.Dash, config: SecurityConfig) -> SecurityState:
    """Put the security layer in front of ``app``; call before the app serves its first request.

    Parameters
    ----------
    app
        The Dash app, fully built (pages and callbacks may also be added later).
    config
        The settings, usually :meth:`SecurityConfig.from_env`.

    Returns
    -------
    SecurityState
        The installed state (sessions, users, audit log), also available as
        ``app.server.extensions["dealnet_security"]``.
    """
    server = app.server
    routes_prefix = app.config.routes_pathname_prefix or "/"
    requests_prefix = app.config.requests_pathname_prefix or "/"
    public = {routes_prefix + name for name in ("login", "logout", "healthz", "_dealnet/login.css")}
    public |= set(server.extensions.get(PUBLIC_ROUTES_KEY, ()))
    if config.oidc is not None:
        public |= {routes_prefix + "oidc/login", routes_prefix + "oidc/callback"}
    state = SecurityState(
        config=config,
        users=UserStore(config.users_file) if config.users_file is not None else None,
        sessions=SessionStore(
            config.state_file, idle_timeout=config.idle_timeout, absolute_timeout=config.absolute_timeout
        ),
        throttle=SignInThrottle(config.state_file, Limits.scaled(config.max_failures, config.failure_window)),
        audit_log=AuditLog(config.audit_log),
        routes_prefix=routes_prefix,
        requests_prefix=requests_prefix,
        public_paths=frozenset(public | set(config.extra_public_paths)),
    )
    server.extensions[STATE_KEY] = state
    server.extensions[EXTENSION_KEY] = state.audit_log

    server.secret_key = config.secret_key
    server.debug = config.dev
    server.config.update(
        SESSION_COOKIE_NAME="dealnet_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=config.max_request_bytes,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    server.session_interface = _SessionInterface(config.cookie_secure)
    if config.trusted_proxies:
        # Only the headers named here, each from the last N proxies; nginx's site file sets all three.
        n = config.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)

    server.add_url_rule(routes_prefix + "login", "dealnet_login", _login_view, methods=["GET", "POST"])
    server.add_url_rule(routes_prefix + "logout", "dealnet_logout", _logout_view, methods=["GET", "POST"])
    server.add_url_rule(routes_prefix + "healthz", "dealnet_health", _health_view)
    server.add_url_rule(routes_prefix + "_dealnet/login.css", "dealnet_login_css", _css_view)
    install_security_txt(server, state)  # /.well-known/security.txt, public by design
    if config.oidc is not None:
        from app.security.oidc import register_oidc  # late: authlib is only needed for OIDC

        state.oidc_client = register_oidc(server, state, config.oidc)

    # First in line, before any hook the app may have registered.
    server.before_request_funcs.setdefault(None, []).insert(0, _guard)
    server.after_request(_headers(app))
    server.register_error_handler(Exception, _on_error)
    return state
