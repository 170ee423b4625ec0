"""Signed, expiring links: a learning check-in for an activity, a self-assessment for a party.

A link carries a small signed payload in its query string (``?t=``). Whoever holds the
link may answer its form without an account; nobody can make one, alter one (another
activity, another party, a later expiry) or use one after it expires without the app's
secret key (``DEALNET_SECRET_KEY``, or the key generated in ``DEALNET_HOME/secret_key``:
the one that signs the session cookies). The payload is signed with HMAC-SHA1 by
:mod:`itsdangerous` (it comes with Flask) under a *salt* per kind of link, so a session
cookie, a check-in link and a self-assessment link can never stand in for one another.

The expiry is written into the payload (``exp``, seconds since the epoch) rather than
taken from itsdangerous's timestamp, so that the checks take the time as a parameter and
the tests need no clock tricks. A link also names its record in the store (the check-in
link's id, the round's id): a member can close a link there before it expires.

Examples
--------
>>> link = CheckinLink(link_id="l1", activity_id="werkbezoek-urk", expires=2_000_000_000)
>>> token = sign_checkin("s" * 32, link)
>>> read_checkin("s" * 32, token, now=1_900_000_000) == link
True
>>> read_checkin("t" * 32, token, now=1_900_000_000)
Traceback (most recent call last):
...
app.checkin.tokens.LinkInvalid: the link is not valid (altered, incomplete or not made by this app)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Final

from itsdangerous import BadSignature, URLSafeSerializer

from graph.errors import DealnetError

__all__ = [
    "CHECKIN_DAYS",
    "ROUND_DAYS",
    "CheckinLink",
    "LinkExpired",
    "LinkInvalid",
    "LinkProblem",
    "RoundLink",
    "expiry",
    "read_checkin",
    "read_round",
    "sign_checkin",
    "sign_round",
]

#: How long a check-in link can be used: a month covers the follow-up after an activity.
CHECKIN_DAYS: Final = 30
#: How long a self-assessment link can be used: a round runs for some weeks; three months at most.
ROUND_DAYS: Final = 90

_CHECKIN_SALT: Final = "dealnet.checkin.v1"
_ROUND_SALT: Final = "dealnet.round.v1"
_DAY: Final = 86_400


class LinkProblem(DealnetError):
    """A link that cannot be used (the participant's page says which of the two)."""


class LinkInvalid(LinkProblem):
    """The link was altered, cut short, or signed with another key."""

    def __init__(self) -> None:
        super().__init__("the link is not valid (altered, incomplete or not made by this app)")


class LinkExpired(LinkProblem):
    """The link was valid but its time is up."""

    def __init__(self, expires: int) -> None:
        super().__init__(f"the link expired at {expires} (seconds since the epoch)")
        self.expires = expires


@dataclass(frozen=True)
class CheckinLink:
    """What a check-in link says: which link record, which activity, until when."""

    link_id: str
    activity_id: str
    expires: int
    """Seconds since the epoch (UTC) after which the link is refused."""


@dataclass(frozen=True)
class RoundLink:
    """What a self-assessment link says: which round, which party, until when."""

    round_id: str
    party_id: str
    expires: int


def expiry(days: int, *, now: float | None = None) -> int:
    """The expiry ``days`` from ``now`` (default: the current time), in whole seconds.

    >>> expiry(30, now=0)
    2592000
    """
    return int((time.time() if now is None else now) + days * _DAY)


def _serializer(secret: str, salt: str) -> URLSafeSerializer:
    if not secret:
        raise ValueError("signing a link needs the app's secret key")
    return URLSafeSerializer(secret, salt=salt)


def _load(secret: str, salt: str, token: str, now: float | None) -> dict[str, Any]:
    """The signed payload of ``token``, checked for signature, shape and expiry."""
    try:
        payload = _serializer(secret, salt).loads(token)
    except (BadSignature, UnicodeError, ValueError):
        raise LinkInvalid() from None
    if not isinstance(payload, dict) or not isinstance(payload.get("exp"), int):
        raise LinkInvalid()
    if (time.time() if now is None else now) >= payload["exp"]:
        raise LinkExpired(payload["exp"])
    return payload


def _text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value:
        raise LinkInvalid()
    return value


def sign_checkin(secret: str, link: CheckinLink) -> str:
    """The token of a check-in link (URL-safe text)."""
    return str(
        _serializer(secret, _CHECKIN_SALT).dumps({"l": link.link_id, "a": link.activity_id, "exp": link.expires})
    )


def read_checkin(secret: str, token: str, *, now: float | None = None) -> CheckinLink:
    """The check-in link ``token`` stands for.

    Raises
    ------
    LinkInvalid
        Altered, cut short, signed with another key, or a link of another kind.
    LinkExpired
        Valid, but ``now`` lies at or after its expiry.
    """
    payload = _load(secret, _CHECKIN_SALT, token, now)
    return CheckinLink(link_id=_text(payload, "l"), activity_id=_text(payload, "a"), expires=payload["exp"])


def sign_round(secret: str, link: RoundLink) -> str:
    """The token of one party's self-assessment link."""
    return str(_serializer(secret, _ROUND_SALT).dumps({"r": link.round_id, "p": link.party_id, "exp": link.expires}))


def read_round(secret: str, token: str, *, now: float | None = None) -> RoundLink:
    """The self-assessment link ``token`` stands for (raises like :func:`read_checkin`)."""
    payload = _load(secret, _ROUND_SALT, token, now)
    return RoundLink(round_id=_text(payload, "r"), party_id=_text(payload, "p"), expires=payload["exp"])
