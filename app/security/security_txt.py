"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability in this deployment.

The Forum Standaardisatie has security.txt on its "pas toe of leg uit" list: a Dutch
government web service publishes one. It is public by design (a finder must read it
without an account), so :func:`install_security_txt` adds its path to the sign-in
gate's public paths.

Read from the environment by :meth:`SecurityTxtSettings.from_env`:

``DEALNET_SECURITY_CONTACT``
    Where the deploying organisation takes vulnerability reports: one or more URIs,
    separated by commas, most preferred first, each ``mailto:``, ``https:`` or ``tel:``
    (RFC 9116 §2.5.3). Default: :data:`DEFAULT_CONTACT`, the reporting page of the
    Dutch National Cyber Security Centre (NCSC), which handles reports on central
    government systems and acts as intermediary for other public organisations. Set
    your own: the NCSC is a fallback, not your security team.
``DEALNET_SECURITY_POLICY``
    An ``https:`` URL of the disclosure policy that applies (your organisation's CVD
    policy, or the ``SECURITY.md`` of the dealnet repository you deploy from). No
    default: dealnet has no public repository address of its own yet, and a
    policy line pointing nowhere is worse than none.
``DEALNET_PUBLIC_URL``
    The ``https:`` address users reach the app at (``https://dealnet.example.nl/``).
    Gives the ``Canonical`` line: ``https://<that host>/.well-known/security.txt``
    (security.txt always lives at the root of the host).

``Expires`` is computed for every request: the start of today (UTC) plus
:data:`LIFETIME`, so it is always less than a year ahead as RFC 9116 §2.5.5
recommends, and the text stays the same for a whole day. It is not fixed at
start-up because the fields come from the running configuration, which is as
current as the process: a fixed date would make a server that ran for a year
declare its own, unchanged contact stale.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import flask
from werkzeug.wrappers import Response

from app.security.errors import SecurityConfigError
from app.security.state import SecurityState

__all__ = [
    "DEFAULT_CONTACT",
    "ENV_PUBLIC_URL",
    "ENV_SECURITY_CONTACT",
    "ENV_SECURITY_POLICY",
    "LIFETIME",
    "PATH",
    "SecurityTxtSettings",
    "install_security_txt",
    "parse_contacts",
    "parse_https_url",
    "security_txt",
]

ENV_SECURITY_CONTACT = "DEALNET_SECURITY_CONTACT"
ENV_SECURITY_POLICY = "DEALNET_SECURITY_POLICY"
ENV_PUBLIC_URL = "DEALNET_PUBLIC_URL"

#: Where the file lives, relative to the app's route prefix (RFC 9116 §3).
PATH = ".well-known/security.txt"

#: The NCSC's page for reporting a vulnerability (Coordinated Vulnerability Disclosure).
DEFAULT_CONTACT = "https://www.ncsc.nl/contact/kwetsbaarheid-melden"

#: How far ahead ``Expires`` lies: under a year, also in a leap year (RFC 9116 §2.5.5).
LIFETIME = dt.timedelta(days=364)

#: Dutch first: the language of the users and of the organisations deploying dealnet.
PREFERRED_LANGUAGES = ("nl", "en")

_CONTACT_SCHEMES = frozenset({"mailto", "https", "tel"})

_log = logging.getLogger(__name__)


def parse_https_url(text: str, variable: str) -> str:
    """``text`` as an absolute ``https:`` URL without query or fragment (RFC 9116 §2.5: web URIs are https).

    >>> parse_https_url(" https://dealnet.example.nl/ ", "DEALNET_PUBLIC_URL")
    'https://dealnet.example.nl/'
    >>> parse_https_url("http://dealnet.example.nl", "DEALNET_PUBLIC_URL")
    Traceback (most recent call last):
    ...
    app.security.errors.SecurityConfigError: DEALNET_PUBLIC_URL must be an https:// address with a host, not 'http://dealnet.example.nl'
    """
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or " " in url:
        raise SecurityConfigError(f"{variable} must be an https:// address with a host, not {url!r}")
    return url


def parse_contacts(text: str) -> tuple[str, ...]:
    """The contact URIs of ``DEALNET_SECURITY_CONTACT``, most preferred first.

    >>> parse_contacts("mailto:security@gemeente.example, https://gemeente.example/cvd")
    ('mailto:security@gemeente.example', 'https://gemeente.example/cvd')
    >>> parse_contacts("security@gemeente.example")
    Traceback (most recent call last):
    ...
    app.security.errors.SecurityConfigError: DEALNET_SECURITY_CONTACT: 'security@gemeente.example' is not a mailto:, https: or tel: URI (e.g. mailto:security@example.nl)
    """
    contacts: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        scheme, _, rest = item.partition(":")
        valid = scheme.lower() in _CONTACT_SCHEMES and rest.strip() and " " not in item
        if valid and scheme.lower() == "mailto":
            valid = "@" in rest and not rest.startswith("@") and not rest.endswith("@")
        if valid and scheme.lower() == "https":
            parse_https_url(item, ENV_SECURITY_CONTACT)
        if not valid:
            raise SecurityConfigError(
                f"{ENV_SECURITY_CONTACT}: {item!r} is not a mailto:, https: or tel: URI "
                "(e.g. mailto:security@example.nl)"
            )
        contacts.append(item)
    return tuple(contacts)


@dataclass(frozen=True)
class SecurityTxtSettings:
    """What security.txt says; build with :meth:`from_env` or directly in tests.

    Parameters
    ----------
    contacts
        Contact URIs, most preferred first (at least one).
    policy
        URL of the disclosure policy, or ``None``.
    public_url
        The app's public https address, or ``None`` (then no ``Canonical`` line).
    """

    contacts: tuple[str, ...] = (DEFAULT_CONTACT,)
    policy: str | None = None
    public_url: str | None = None

    def __post_init__(self) -> None:
        if not self.contacts:
            raise SecurityConfigError("security.txt needs at least one contact")

    @property
    def canonical(self) -> str | None:
        """Where this file is published: the root of the public host (RFC 9116 §2.5.2, §3)."""
        if self.public_url is None:
            return None
        parts = urlsplit(self.public_url)
        return f"https://{parts.netloc}/{PATH}"

    @property
    def default_contact(self) -> bool:
        """No contact of the deploying organisation is configured."""
        return self.contacts == (DEFAULT_CONTACT,)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SecurityTxtSettings:
        """The settings from ``DEALNET_SECURITY_CONTACT``, ``_POLICY`` and ``DEALNET_PUBLIC_URL``.

        Raises
        ------
        SecurityConfigError
            For a value that is not a usable URI, naming the variable and the value.
        """
        env = os.environ if environ is None else environ
        contacts = parse_contacts(env.get(ENV_SECURITY_CONTACT, "")) or (DEFAULT_CONTACT,)
        policy_text = env.get(ENV_SECURITY_POLICY, "").strip()
        public_text = env.get(ENV_PUBLIC_URL, "").strip()
        return cls(
            contacts=contacts,
            policy=parse_https_url(policy_text, ENV_SECURITY_POLICY) if policy_text else None,
            public_url=parse_https_url(public_text, ENV_PUBLIC_URL) if public_text else None,
        )


def _expires(now: dt.datetime) -> str:
    """The ``Expires`` value for a request at ``now``: start of that UTC day plus :data:`LIFETIME`."""
    day = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (day + LIFETIME).strftime("%Y-%m-%dT%H:%M:%SZ")


def security_txt(settings: SecurityTxtSettings, *, now: dt.datetime) -> str:
    """The text of security.txt for a request at ``now`` (a timezone-aware time).

    >>> settings = SecurityTxtSettings(
    ...     contacts=("mailto:security@gemeente.example",),
    ...     policy="https://gemeente.example/cvd",
    ...     public_url="https://dealnet.gemeente.example/",
    ... )
    >>> print(security_txt(settings, now=dt.datetime(2026, 11, 30, 15, 4, tzinfo=dt.UTC)), end="")
    # Security contact of this dealnet deployment (RFC 9116).
    # Report vulnerabilities here, not in public issue trackers.
    Contact: mailto:security@gemeente.example
    Expires: 2027-11-29T00:00:00Z
    Preferred-Languages: nl, en
    Canonical: https://dealnet.gemeente.example/.well-known/security.txt
    Policy: https://gemeente.example/cvd
    """
    if now.tzinfo is None:
        raise ValueError("security_txt needs a timezone-aware time")
    lines = [
        "# Security contact of this dealnet deployment (RFC 9116).",
        "# Report vulnerabilities here, not in public issue trackers.",
        *(f"Contact: {contact}" for contact in settings.contacts),
        f"Expires: {_expires(now)}",
        f"Preferred-Languages: {', '.join(PREFERRED_LANGUAGES)}",
    ]
    if settings.canonical is not None:
        lines.append(f"Canonical: {settings.canonical}")
    if settings.policy is not None:
        lines.append(f"Policy: {settings.policy}")
    return "\n".join(lines) + "\n"


def install_security_txt(
    server: flask.Flask, state: SecurityState, settings: SecurityTxtSettings | None = None
) -> SecurityTxtSettings:
    """Serve security.txt on ``server`` and make its path public in ``state``.

    Parameters
    ----------
    server
        The app's Flask server.
    state
        The security layer just installed on it (its ``public_paths`` gain the file).
    settings
        What the file says; default :meth:`SecurityTxtSettings.from_env`, so a bad
        setting stops ``dealnet serve`` at start with a message naming it.
    """
    settings = SecurityTxtSettings.from_env() if settings is None else settings
    if settings.default_contact:
        _log.warning(
            "security.txt names the NCSC as contact: set %s to your organisation's security contact",
            ENV_SECURITY_CONTACT,
        )
    path = state.routes_prefix + PATH

    def view() -> Response:
        body = security_txt(settings, now=dt.datetime.now(dt.UTC))
        return Response(body, mimetype="text/plain")  # werkzeug adds charset=utf-8 (RFC 9116 §3)

    server.add_url_rule(path, "dealnet_security_txt", view)
    state.public_paths = state.public_paths | {path}
    return settings
