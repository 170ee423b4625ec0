"""The web security layer of dealnet: sign-in, roles, headers, audit log.

How to wire it (the app factory, the services and the CLI)::

    from app.security import SecurityConfig, check_bind, install_security

    config = SecurityConfig.from_env()          # DEALNET_USERS_FILE, DEALNET_OIDC_*, ...
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
  absolute (10 h) time-outs; sign-out ends them on the server. The cookie is
  HttpOnly, SameSite=Lax, and Secure except on plain http to loopback.
- The sign-in form has a CSRF token and a rate limit (5 failures per 5 minutes per
  user and address, 20 per address). Dash callbacks must be same-origin JSON.
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
from app.security.guard import SecurityState, check_bind, install_security, is_loopback
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
