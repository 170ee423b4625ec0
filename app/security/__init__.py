"""The web security layer of dealnet: sign-in, roles, headers, audit log.

How to wire it (the app factory, the services and the CLI)::

    from app.security import SecurityConfig, check_bind, install_security

    config = SecurityConfig.from_env()          # DEALNET_USERS_FILE, DEALNET_OIDC_*, DEALNET_TRUSTED_PROXIES, ...
    app = create_app(source)                    # build the Dash app completely, then:
    install_security(app, config)               # before the first request
    check_bind(host, config)                    # in `dealnet serve`, before listening
    serve(app, host, port)                      # debug only if config.dev (never on a network)

In callbacks and services::

    from app.security import Role, audience_for, audit, current_role, current_user, require_role

    view = view_for(dataset, audience_for(current_role()))   # public unless member/admin

    @app.callback(Output(...), Input(...))
    @require_role(Role.MEMBER)                  # 403 server-side for lower roles
    def confidential_detail(...):
        audit("view", f"party:{party_id}", "success")   # actor/origin taken from the request
        ...

In the CLI (``dealnet users add NAME --role R``): :func:`add_user` with a password read by
``getpass`` (twice); loads and exports from the CLI call
``audit("load", path.name, "success", actor=getpass.getuser(), origin="cli")``.

What it does
------------
- Every route and every Dash callback requires sign-in when sign-in is configured
  (a user file with users, or OpenID Connect); only ``/login``, ``/logout``,
  ``/healthz``, the sign-in stylesheet and the OIDC routes are public. Pages redirect
  to ``/login``, everything else answers 401.
- Without sign-in everything is served as role ``public``; :func:`check_bind` then
  refuses any address but loopback.
- Sessions are server-side (SQLite in ``$DEALNET_HOME``), with idle (30 min) and
  absolute (10 h) time-outs; sign-out (a POST with the CSRF token; ``GET /logout``
  only shows the button) ends them on the server. The cookie is HttpOnly,
  SameSite=Lax, and Secure except on plain http to loopback.
- The sign-in form has a CSRF token. Failed sign-ins are throttled per account and
  address, per account and per address (:mod:`app.security.throttle`) in a way that
  cannot lock out other users: a browser that signed in before is never held back by
  someone else's failures. Dash callbacks must be same-origin JSON.
- Behind reverse proxies (``DEALNET_TRUSTED_PROXIES``), their ``X-Forwarded-For``,
  ``-Proto`` and ``-Host`` are believed: client address, https, public host.
- ``HEAD`` is answered like ``GET`` and changes nothing (no audit line).
- Every response carries CSP (no inline or eval'd script: Dash's inline scripts are
  allowed by hash), nosniff, Referrer-Policy, frame-ancestors/X-Frame-Options,
  Permissions-Policy, COOP/CORP, no-store on anything not static, HSTS over https.
- Errors show a short Dutch or English page with a reference code; the traceback is
  logged on the server only.
- The audit log (JSON lines, 0600) records sign-ins, sign-outs, refusals and denials;
  :func:`audit` is there for loads, exports and views of confidential records.
"""

from __future__ import annotations

from app.security.audit import AuditLog, audit, read_audit
from app.security.config import OidcConfig, SecurityConfig
from app.security.context import audience_for, current_role, current_user, ensure_role, require_role
from app.security.errors import BindRefusedError, SecurityConfigError, SecurityError, UserFileError
from app.security.guard import check_bind, install_security, is_loopback
from app.security.state import SecurityState
from app.security.passwords import hash_password, verify_password
from app.security.roles import Role, parse_role, role_at_least
from app.security.users import add_user, load_users, remove_user

__all__ = [
    "AuditLog",
    "BindRefusedError",
    "OidcConfig",
    "Role",
    "SecurityConfig",
    "SecurityConfigError",
    "SecurityError",
    "SecurityState",
    "UserFileError",
    "add_user",
    "audience_for",
    "audit",
    "check_bind",
    "current_role",
    "current_user",
    "ensure_role",
    "hash_password",
    "install_security",
    "is_loopback",
    "load_users",
    "parse_role",
    "read_audit",
    "remove_user",
    "require_role",
    "role_at_least",
    "verify_password",
]
