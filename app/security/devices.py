"""Device cookies: "this browser has signed in to this account before".

After a successful sign-in the browser gets a cookie ``dealnet_device`` with a random
device id and the account it signed in to, signed with the app's secret key (so it
cannot be forged or moved to another account) and valid for 90 days. It grants no
access at all: it only lets that browser sign in to that account while the account or
its address is throttled because of someone else's failures
(:mod:`app.security.throttle`, rule 4). A new one, with a new id, is given at every
sign-in.

The cookie carries a digest of the account name, not the name itself.
"""

from __future__ import annotations

import hashlib
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

__all__ = ["DEVICE_COOKIE", "DEVICE_MAX_AGE", "issue_device", "known_device"]

DEVICE_COOKIE = "dealnet_device"
#: Seconds a device cookie stays valid (90 days).
DEVICE_MAX_AGE = 90 * 86400
_SALT = "dealnet-device"


def _account_digest(account: str) -> str:
    return hashlib.sha256(("dealnet-device|" + account).encode("utf-8")).hexdigest()[:32]


def issue_device(secret_key: str, account: str) -> tuple[str, str]:
    """A new device id and the signed cookie value that names it for ``account``.

    ``account`` is the throttle's account key (:func:`app.security.throttle.account_key`).
    """
    device = secrets.token_urlsafe(24)
    value = URLSafeTimedSerializer(secret_key, salt=_SALT).dumps({"a": _account_digest(account), "d": device})
    return device, value


def known_device(secret_key: str, cookie: str | None, account: str, *, max_age: int = DEVICE_MAX_AGE) -> str | None:
    """The device id in ``cookie`` if it is valid, not expired and for ``account``; else ``None``.

    >>> device, cookie = issue_device("k" * 40, "anna")
    >>> known_device("k" * 40, cookie, "anna") == device
    True
    >>> [known_device("k" * 40, cookie, "bert"), known_device("x" * 40, cookie, "anna"), known_device("k" * 40, "junk", "anna")]
    [None, None, None]
    """
    if not cookie:
        return None
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(cookie, max_age=max_age)
    except BadSignature:  # also SignatureExpired, a subclass
        return None
    if not isinstance(data, dict) or data.get("a") != _account_digest(account):
        return None
    device = data.get("d")
    return device if isinstance(device, str) and device else None
