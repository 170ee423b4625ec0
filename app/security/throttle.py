"""Throttling of failed sign-ins that an attacker cannot turn against other users.

A rate limit on sign-in protects passwords against guessing, but a careless one is a
weapon: "20 failures from one address lock the address" locks out every colleague
behind the same proxy or office NAT, and "N failures lock the account" lets anyone
who knows a user name keep that user out. The rules here are built so that guessing
stays slow while the cost of an attack falls on the attacker's own attempts.

The rules (``N`` is ``max_failures``, 5; every count is over the last ``window``,
5 minutes; failures older than that are forgotten):

1. **One account from one address**: after ``N`` failures for account A from address
   X, A cannot sign in from X. Nobody else is affected: not A from another address,
   not B from X.
2. **One account from everywhere**: after ``4 N`` failures for A over all addresses
   (a guessing attack spread over many addresses), A cannot sign in from a browser A
   has not used before (rule 4).
3. **One address, many names**: after failures for ``2 N`` *different* user names
   from X (password spraying, or trying made-up names), X cannot sign in from a
   browser that has not signed in before. Failures for one account count as one
   name, however many there are: failures for A never block B.
4. **A known browser**: a successful sign-in leaves a *device cookie* in the browser
   (signed, HttpOnly, for that account, 90 days; :mod:`app.security.devices`). A
   browser that shows a valid device cookie for the account it signs in to is not
   held by rules 1-3, only by its own limit of ``N`` failures; after those it is
   treated like any other browser. So an attack on A's name, or from A's shared office
   address, never keeps A out of the browser A normally uses (the approach OWASP
   describes as "device cookies").

A successful sign-in of A from X forgets A's failures from X (they were typos), so
colleagues behind one address who mistype and then sign in do not add up to rule 3.
Attempts that are refused are not counted: a refusal cannot be prolonged by hammering.

Remaining risk, accepted and visible in the audit log: during an attack on A's name
(rule 2) or from A's own address (rule 3), A cannot sign in from a *new* browser until
the attack has stopped for ``window`` seconds. Sign-in through the organisation's
identity provider (OpenID Connect) is not affected by any of this.

User names and addresses are stored as SHA-256 digests only (a name typed into the
wrong field may be a password), in the security SQLite file next to the sessions.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from app.security.files import create_private_database, private_database

__all__ = [
    "Attempt",
    "FailureCounts",
    "Limit",
    "Limits",
    "SignInThrottle",
    "account_key",
    "limits_reached",
    "throttled_by",
]

_SCHEMA = """-- SQLite DDL, not Cypher  # cypher-guard: data
CREATE TABLE IF NOT EXISTS sign_in_failures (
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    device TEXT,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_account ON sign_in_failures (account, at);
CREATE INDEX IF NOT EXISTS sign_in_failures_address ON sign_in_failures (address, at);
CREATE INDEX IF NOT EXISTS sign_in_failures_device ON sign_in_failures (device, at);
"""
#: Failures are kept this long at most (seconds), whatever the window.
_RETENTION = 86400.0
#: Rule 2 as a multiple of ``max_failures``: failures of one account over all addresses.
ACCOUNT_FACTOR = 4
#: Rule 3 as a multiple of ``max_failures``: different names failing from one address.
ADDRESS_FACTOR = 2


class Limit(Enum):
    """Which rule holds a sign-in attempt back (the value is what the audit log says)."""

    ACCOUNT_ADDRESS = "account from this address"
    ACCOUNT = "account from all addresses"
    ADDRESS = "address, many user names"


@dataclass(frozen=True)
class Limits:
    """The numbers of the four rules (see the module docstring).

    >>> Limits.scaled(5, 300.0)
    Limits(window=300.0, account_address=5, account=20, address_accounts=10, device=5)
    """

    window: float
    account_address: int
    account: int
    address_accounts: int
    device: int

    @classmethod
    def scaled(cls, max_failures: int, window: float) -> Limits:
        """The rules for a per-account-and-address limit of ``max_failures`` in ``window`` seconds."""
        return cls(
            window=window,
            account_address=max_failures,
            account=max_failures * ACCOUNT_FACTOR,
            address_accounts=max_failures * ADDRESS_FACTOR,
            device=max_failures,
        )

    def describe(self, limit: Limit) -> str:
        """What reaching ``limit`` means, for the audit log.

        >>> Limits.scaled(5, 300.0).describe(Limit.ADDRESS)
        'on (10 user names failed within 300 s)'
        """
        window = f"{self.window:g} s"
        if limit is Limit.ADDRESS:
            return f"on ({self.address_accounts} user names failed within {window})"
        count = self.account_address if limit is Limit.ACCOUNT_ADDRESS else self.account
        return f"on ({count} failed sign-ins within {window})"


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: for which account, from which address, from which known browser.

    ``device`` is the id of a valid device cookie *for this account*, else ``None``.
    """

    account: str
    address: str
    device: str | None = None


@dataclass(frozen=True)
class FailureCounts:
    """The failures within the window that bear on one attempt."""

    account_address: int
    account: int
    address_accounts: int
    device: int


def account_key(username: str) -> str:
    """The account a typed user name counts against: trimmed, lower-case, at most 128 characters.

    >>> account_key("  Anna ")
    'anna'
    """
    return username.strip().lower()[:128]


def throttled_by(counts: FailureCounts, limits: Limits, *, known_device: bool) -> Limit | None:
    """The rule that refuses an attempt with these counts, or ``None`` when it may go ahead.

    >>> limits = Limits.scaled(5, 300.0)
    >>> throttled_by(FailureCounts(5, 5, 1, 0), limits, known_device=False)
    <Limit.ACCOUNT_ADDRESS: 'account from this address'>
    >>> throttled_by(FailureCounts(5, 20, 10, 0), limits, known_device=True) is None
    True
    >>> throttled_by(FailureCounts(0, 0, 10, 0), limits, known_device=False)
    <Limit.ADDRESS: 'address, many user names'>
    >>> throttled_by(FailureCounts(0, 0, 10, 5), limits, known_device=True)
    <Limit.ADDRESS: 'address, many user names'>
    """
    if known_device and counts.device < limits.device:
        return None
    if counts.account_address >= limits.account_address:
        return Limit.ACCOUNT_ADDRESS
    if counts.account >= limits.account:
        return Limit.ACCOUNT
    if counts.address_accounts >= limits.address_accounts:
        return Limit.ADDRESS
    return None


def limits_reached(before: FailureCounts, after: FailureCounts, limits: Limits) -> list[Limit]:
    """The rules that one more failure (``before`` -> ``after``) has just switched on.

    >>> limits = Limits.scaled(5, 300.0)
    >>> limits_reached(FailureCounts(4, 19, 3, 0), FailureCounts(5, 20, 3, 0), limits)
    [<Limit.ACCOUNT_ADDRESS: 'account from this address'>, <Limit.ACCOUNT: 'account from all addresses'>]
    >>> limits_reached(FailureCounts(5, 6, 3, 0), FailureCounts(6, 7, 3, 0), limits)
    []
    """
    pairs = (
        (Limit.ACCOUNT_ADDRESS, before.account_address, after.account_address, limits.account_address),
        (Limit.ACCOUNT, before.account, after.account, limits.account),
        (Limit.ADDRESS, before.address_accounts, after.address_accounts, limits.address_accounts),
    )
    return [limit for limit, old, new, at in pairs if old < at <= new]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class SignInThrottle:
    """The failed sign-ins, kept in SQLite, and the rules applied to them.

    Parameters
    ----------
    path
        The SQLite file (created 0600; the session store uses the same file).
    limits
        The numbers of the rules.
    clock
        Returns the current time in seconds; tests pass a fake one.
    """

    def __init__(self, path: Path, limits: Limits, *, clock: Callable[[], float] | None = None) -> None:
        self.path = path
        self.limits = limits
        self._clock = clock or time.time
        create_private_database(path, _SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return private_database(self.path)

    def counts(self, attempt: Attempt) -> FailureCounts:
        """The failures within the window that bear on ``attempt``."""
        since = self._clock() - self.limits.window
        account, address = _digest(attempt.account), _digest(attempt.address)
        device = _digest(attempt.device) if attempt.device is not None else None
        with self._connect() as connection:

            def one(sql: str, *args: object) -> int:
                (count,) = connection.execute(sql, (*args, since)).fetchone()
                return int(count)

            return FailureCounts(
                account_address=one(
                    "SELECT count(*) FROM sign_in_failures"
                    " WHERE account = ? AND address = ? AND device IS NULL AND at >= ?",
                    account,
                    address,
                ),
                account=one(
                    "SELECT count(*) FROM sign_in_failures WHERE account = ? AND device IS NULL AND at >= ?",
                    account,
                ),
                address_accounts=one(
                    "SELECT count(DISTINCT account) FROM sign_in_failures"
                    " WHERE address = ? AND device IS NULL AND at >= ?",
                    address,
                ),
                device=0
                if device is None
                else one("SELECT count(*) FROM sign_in_failures WHERE device = ? AND at >= ?", device),
            )

    def check(self, attempt: Attempt) -> Limit | None:
        """The rule that refuses ``attempt`` now, or ``None``."""
        return throttled_by(self.counts(attempt), self.limits, known_device=attempt.device is not None)

    def record_failure(self, attempt: Attempt) -> list[Limit]:
        """Count one failed sign-in; returns the rules this failure has just switched on.

        A failure through a known browser that still has attempts left counts for that
        browser only; otherwise it counts for the account, the address and the pair.
        """
        before = self.counts(attempt)
        known = attempt.device is not None and before.device < self.limits.device
        now = self._clock()
        with self._connect() as connection:
            connection.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - _RETENTION,))
            connection.execute(
                "INSERT INTO sign_in_failures VALUES (?, ?, ?, ?)",
                (
                    _digest(attempt.account),
                    _digest(attempt.address),
                    _digest(attempt.device) if known and attempt.device is not None else None,
                    now,
                ),
            )
        if known:
            return []
        return limits_reached(before, self.counts(attempt), self.limits)

    def record_success(self, attempt: Attempt) -> None:
        """Forget the account's failures from this address and through this browser: they were typos."""
        with self._connect() as connection:
            connection.execute(
                "DELETE FROM sign_in_failures WHERE account = ? AND address = ?",
                (_digest(attempt.account), _digest(attempt.address)),
            )
            if attempt.device is not None:
                connection.execute("DELETE FROM sign_in_failures WHERE device = ?", (_digest(attempt.device),))
