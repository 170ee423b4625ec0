"""The security settings: who can sign in and how, where secrets and logs live.

Read from the environment by :meth:`SecurityConfig.from_env`:

``DEALNET_USERS_FILE``
    Path of the local user file (:mod:`app.security.users`; default
    ``$DEALNET_HOME/users.json``). Sign-in with a password is on when this file exists
    and has at least one user.
``DEALNET_OIDC_ISSUER``, ``DEALNET_OIDC_CLIENT_ID``, ``DEALNET_OIDC_CLIENT_SECRET``
    OpenID Connect sign-in at the organisation's identity provider (which does MFA).
    Issuer and client id go together; the secret may be empty for a public client
    (the flow always uses PKCE).
``DEALNET_OIDC_ROLE_CLAIM``
    The ID-token claim holding the user's groups or roles (default ``roles``).
``DEALNET_OIDC_ROLE_MAP``
    Claim values to dealnet roles, ``value=role`` pairs separated by commas, e.g.
    ``dealnet-beheer=admin,towndeal-leden=member``. Users with none of these values
    get ``DEALNET_OIDC_DEFAULT_ROLE`` (default ``public``).
``DEALNET_OIDC_USERNAME_CLAIM``
    The claim used as the user name (default ``preferred_username``, else ``email``, else ``sub``).
``DEALNET_OIDC_REDIRECT_URI``
    The callback URL registered at the provider, when the app sits behind a proxy
    (default: ``<this host>/oidc/callback`` as the request sees it).
``DEALNET_SECRET_KEY``
    Signs the session cookie. Default: generated once and kept (0600) in
    ``$DEALNET_HOME/secret_key``, so sign-ins survive a restart.
``DEALNET_AUDIT_LOG``
    The audit file (default ``$DEALNET_HOME/audit.jsonl``).
``DEALNET_DEV``
    ``1``/``true``: development mode (debugger, no Secure cookie on plain http). Never
    on a network address: :func:`app.security.check_bind` refuses.
``DEALNET_TRUSTED_PROXIES``
    How many reverse proxies stand in front of the app (default ``0``). With ``N`` > 0
    the last ``N`` entries of ``X-Forwarded-For``, ``X-Forwarded-Proto`` and
    ``X-Forwarded-Host`` are believed (werkzeug's ``ProxyFix``): the client address in
    the audit log and the sign-in throttle, https for the ``Secure`` cookie and HSTS,
    and the public host for the origin check. With ``0`` those headers are ignored
    (and removed by waitress), so nobody can claim another address by sending them.
    Set it only when the app is reachable through the proxy alone (listen on
    127.0.0.1 or firewall the port); ``docs/deploy/nginx-dealnet.conf`` is a tested
    nginx site for ``1``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.security.errors import SecurityConfigError
from app.security.files import read_or_create_secret
from app.security.roles import Role, parse_role
from app.security.users import load_users
from loaders.settings import dealnet_home

__all__ = [
    "ENV_AUDIT_LOG",
    "ENV_DEV",
    "ENV_OIDC_CLIENT_ID",
    "ENV_OIDC_CLIENT_SECRET",
    "ENV_OIDC_DEFAULT_ROLE",
    "ENV_OIDC_ISSUER",
    "ENV_OIDC_REDIRECT_URI",
    "ENV_OIDC_ROLE_CLAIM",
    "ENV_OIDC_ROLE_MAP",
    "ENV_OIDC_USERNAME_CLAIM",
    "ENV_SECRET_KEY",
    "ENV_TRUSTED_PROXIES",
    "ENV_USERS_FILE",
    "OidcConfig",
    "SecurityConfig",
    "default_audit_path",
    "parse_role_map",
    "parse_trusted_proxies",
]

ENV_USERS_FILE = "DEALNET_USERS_FILE"
ENV_OIDC_ISSUER = "DEALNET_OIDC_ISSUER"
ENV_OIDC_CLIENT_ID = "DEALNET_OIDC_CLIENT_ID"
ENV_OIDC_CLIENT_SECRET = "DEALNET_OIDC_CLIENT_SECRET"
ENV_OIDC_ROLE_CLAIM = "DEALNET_OIDC_ROLE_CLAIM"
ENV_OIDC_ROLE_MAP = "DEALNET_OIDC_ROLE_MAP"
ENV_OIDC_DEFAULT_ROLE = "DEALNET_OIDC_DEFAULT_ROLE"
ENV_OIDC_USERNAME_CLAIM = "DEALNET_OIDC_USERNAME_CLAIM"
ENV_OIDC_REDIRECT_URI = "DEALNET_OIDC_REDIRECT_URI"
ENV_SECRET_KEY = "DEALNET_SECRET_KEY"
ENV_AUDIT_LOG = "DEALNET_AUDIT_LOG"
ENV_DEV = "DEALNET_DEV"
ENV_TRUSTED_PROXIES = "DEALNET_TRUSTED_PROXIES"

_TRUE = frozenset({"1", "true", "yes", "on", "ja"})
_FALSE = frozenset({"", "0", "false", "no", "off", "nee"})
_MIN_SECRET_CHARS = 32
#: More reverse proxies than this in a row is a configuration mistake, not a deployment.
_MAX_TRUSTED_PROXIES = 10


def default_audit_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$DEALNET_AUDIT_LOG``, else ``$DEALNET_HOME/audit.jsonl``."""
    env = os.environ if environ is None else environ
    configured = env.get(ENV_AUDIT_LOG, "").strip()
    return Path(configured).expanduser() if configured else dealnet_home() / "audit.jsonl"


def parse_role_map(text: str) -> dict[str, Role]:
    """``"a=admin, b=member"`` as ``{"a": Role.ADMIN, "b": Role.MEMBER}``.

    >>> parse_role_map("dealnet-beheer=admin, leden=member")
    {'dealnet-beheer': <Role.ADMIN: 'admin'>, 'leden': <Role.MEMBER: 'member'>}
    """
    mapping: dict[str, Role] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        value, sep, role = item.rpartition("=")
        if not sep or not value.strip():
            raise SecurityConfigError(f"{ENV_OIDC_ROLE_MAP}: {item.strip()!r} is not of the form value=role")
        try:
            mapping[value.strip()] = parse_role(role)
        except ValueError as exc:
            raise SecurityConfigError(f"{ENV_OIDC_ROLE_MAP}: {exc}") from exc
    return mapping


def parse_trusted_proxies(text: str) -> int:
    """The number of trusted reverse proxies in ``DEALNET_TRUSTED_PROXIES`` (empty: 0).

    >>> [parse_trusted_proxies(t) for t in ("", "0", " 1 ")]
    [0, 0, 1]
    >>> parse_trusted_proxies("yes")
    Traceback (most recent call last):
    ...
    app.security.errors.SecurityConfigError: DEALNET_TRUSTED_PROXIES must be a number of proxies (0, 1, 2, ...), not 'yes'
    """
    text = text.strip()
    if not text:
        return 0
    if not text.isdigit() or int(text) > _MAX_TRUSTED_PROXIES:
        raise SecurityConfigError(f"{ENV_TRUSTED_PROXIES} must be a number of proxies (0, 1, 2, ...), not {text!r}")
    return int(text)


@dataclass(frozen=True)
class OidcConfig:
    """OpenID Connect sign-in at one identity provider (authorization code flow + PKCE)."""

    issuer: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    role_claim: str = "roles"
    role_map: Mapping[str, Role] = field(default_factory=dict)
    default_role: Role = Role.PUBLIC
    username_claim: str = "preferred_username"
    redirect_uri: str | None = None
    scope: str = "openid profile email"

    @property
    def metadata_url(self) -> str:
        """The provider's discovery document."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def role_for(self, claims: Mapping[str, object]) -> Role:
        """The highest role any value of the role claim maps to, else :attr:`default_role`."""
        raw = claims.get(self.role_claim)
        values = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
        roles = [self.role_map[v] for v in values if isinstance(v, str) and v in self.role_map]
        order = list(Role)
        return max(roles, key=order.index, default=self.default_role)

    def username_for(self, claims: Mapping[str, object]) -> str | None:
        """The user name: :attr:`username_claim`, else ``email``, else ``sub``."""
        for claim in (self.username_claim, "email", "sub"):
            value = claims.get(claim)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None


@dataclass(frozen=True)
class SecurityConfig:
    """Everything the security layer needs; build with :meth:`from_env` or directly in tests.

    Parameters
    ----------
    secret_key
        Signs the session cookie (at least 32 characters).
    audit_log
        The audit file.
    state_file
        SQLite file with sessions and failed sign-ins (default next to the audit log).
    users_file
        The local user file, or ``None``.
    oidc
        OpenID Connect settings, or ``None``.
    dev
        Development mode.
    idle_timeout, absolute_timeout
        Session limits in seconds (30 minutes idle, 10 hours in all).
    max_failures, failure_window
        Throttling of failed sign-ins: 5 per account and address in 300 seconds, and
        multiples of it per account and per address (:mod:`app.security.throttle`).
    max_request_bytes
        Largest request body accepted (Flask ``MAX_CONTENT_LENGTH``); also caps Dash
        callback payloads and ``dcc.Upload`` files.
    cookie_secure
        Force the cookie's ``Secure`` flag on or off; ``None``: on, except for plain
        http to a loopback address.
    extra_public_paths
        More paths served without sign-in (exact paths).
    trusted_proxies
        Reverse proxies in front of the app whose ``X-Forwarded-*`` headers are believed
        (``DEALNET_TRUSTED_PROXIES``; 0: none).
    """

    secret_key: str = field(repr=False)
    audit_log: Path
    state_file: Path
    users_file: Path | None = None
    oidc: OidcConfig | None = None
    dev: bool = False
    idle_timeout: float = 30 * 60.0
    absolute_timeout: float = 10 * 3600.0
    max_failures: int = 5
    failure_window: float = 300.0
    max_request_bytes: int = 64 * 1024 * 1024
    cookie_secure: bool | None = None
    extra_public_paths: frozenset[str] = frozenset()
    trusted_proxies: int = 0

    def __post_init__(self) -> None:
        if len(self.secret_key) < _MIN_SECRET_CHARS:
            raise SecurityConfigError(f"{ENV_SECRET_KEY} must be at least {_MIN_SECRET_CHARS} characters")
        if not 0 <= self.trusted_proxies <= _MAX_TRUSTED_PROXIES:
            raise SecurityConfigError(
                f"{ENV_TRUSTED_PROXIES} must be between 0 and {_MAX_TRUSTED_PROXIES}, not {self.trusted_proxies}"
            )

    @property
    def local_users_configured(self) -> bool:
        """True when the user file exists and has at least one user."""
        return self.users_file is not None and bool(load_users(self.users_file))

    @property
    def sign_in_configured(self) -> bool:
        """True when anyone can sign in (local users or OIDC)."""
        return self.oidc is not None or self.local_users_configured

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SecurityConfig:
        """The configuration the environment describes (see the module docstring).

        Raises
        ------
        SecurityConfigError
            For half-filled OIDC settings, unknown roles, a short secret key or a bad
            ``DEALNET_DEV`` value.
        """
        env = os.environ if environ is None else environ
        home = dealnet_home()

        def value(name: str) -> str:
            return env.get(name, "").strip()

        dev_text = value(ENV_DEV).lower()
        if dev_text not in _TRUE | _FALSE:
            raise SecurityConfigError(f"{ENV_DEV} must be 1 or 0, not {dev_text!r}")

        secret = env.get(ENV_SECRET_KEY, "") or read_or_create_secret(home / "secret_key")
        audit_log = default_audit_path(env)
        # The user file `dealnet users add` writes by default, unless another is named.
        users_file = Path(value(ENV_USERS_FILE)).expanduser() if value(ENV_USERS_FILE) else home / "users.json"

        oidc: OidcConfig | None = None
        issuer, client_id = value(ENV_OIDC_ISSUER), value(ENV_OIDC_CLIENT_ID)
        if issuer or client_id:
            if not (issuer and client_id):
                raise SecurityConfigError(f"OpenID Connect needs both {ENV_OIDC_ISSUER} and {ENV_OIDC_CLIENT_ID}")
            if not issuer.startswith("https://") and dev_text not in _TRUE:
                raise SecurityConfigError(f"{ENV_OIDC_ISSUER} must be an https:// URL")
            try:
                default_role = parse_role(value(ENV_OIDC_DEFAULT_ROLE) or Role.PUBLIC.value)
            except ValueError as exc:
                raise SecurityConfigError(f"{ENV_OIDC_DEFAULT_ROLE}: {exc}") from exc
            oidc = OidcConfig(
                issuer=issuer,
                client_id=client_id,
                client_secret=env.get(ENV_OIDC_CLIENT_SECRET) or None,
                role_claim=value(ENV_OIDC_ROLE_CLAIM) or "roles",
                role_map=parse_role_map(value(ENV_OIDC_ROLE_MAP)),
                default_role=default_role,
                username_claim=value(ENV_OIDC_USERNAME_CLAIM) or "preferred_username",
                redirect_uri=value(ENV_OIDC_REDIRECT_URI) or None,
            )
        return cls(
            secret_key=secret,
            audit_log=audit_log,
            state_file=home / "security.sqlite3",
            users_file=users_file,
            oidc=oidc,
            dev=dev_text in _TRUE,
            trusted_proxies=parse_trusted_proxies(value(ENV_TRUSTED_PROXIES)),
        )
