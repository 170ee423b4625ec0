"""Answers through a public link, limited per link and address (the sign-in throttle's idea).

A check-in link goes to a group and a self-assessment link to a party's team, and many
of them may sit behind one office address, so the limits are generous for people and
tight for a script: per link and address :attr:`AnswerLimits.link_address` answers within
the window, per link over all addresses :attr:`AnswerLimits.link`. Refused answers are
not counted (a script hammering a link does not extend its own block), and addresses are
kept as SHA-256 digests only, in the security SQLite file beside the sign-in throttle.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from app.security.files import create_private_database, private_database

__all__ = ["AnswerLimit", "AnswerLimits", "AnswerThrottle", "refused_by"]

_SCHEMA = """-- SQLite DDL, not Cypher  # cypher-guard: data
CREATE TABLE IF NOT EXISTS link_answers (
    link TEXT NOT NULL,
    address TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS link_answers_link ON link_answers (link, at);
"""


class AnswerLimit(Enum):
    """Which rule refuses an answer (the value is what the audit log says)."""

    LINK_ADDRESS = "link from this address"
    LINK = "link from all addresses"


@dataclass(frozen=True)
class AnswerLimits:
    """How many answers a link takes within ``window`` seconds, per address and in all."""

    window: float = 3600.0
    link_address: int = 20
    link: int = 200


def refused_by(per_address: int, per_link: int, limits: AnswerLimits) -> AnswerLimit | None:
    """The rule an answer breaks when the link already has these counts within the window.

    >>> limits = AnswerLimits(link_address=2, link=3)
    >>> refused_by(1, 1, limits) is None
    True
    >>> refused_by(2, 2, limits), refused_by(0, 3, limits)
    (<AnswerLimit.LINK_ADDRESS: 'link from this address'>, <AnswerLimit.LINK: 'link from all addresses'>)
    """
    if per_address >= limits.link_address:
        return AnswerLimit.LINK_ADDRESS
    if per_link >= limits.link:
        return AnswerLimit.LINK
    return None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class AnswerThrottle:
    """The answers through each link, kept in SQLite, and the rules applied to them."""

    def __init__(self, path: Path, limits: AnswerLimits | None = None, *, clock: Callable[[], float] | None = None):
        self.path = path
        self.limits = limits or AnswerLimits()
        self._clock = clock or time.time
        create_private_database(path, _SCHEMA)

    def check(self, link: str, address: str) -> AnswerLimit | None:
        """The rule that refuses an answer through ``link`` from ``address`` now, or ``None``."""
        since = self._clock() - self.limits.window
        with private_database(self.path) as connection:
            (per_link,) = connection.execute(
                "SELECT count(*) FROM link_answers WHERE link = ? AND at >= ?", (link, since)
            ).fetchone()
            (per_address,) = connection.execute(
                "SELECT count(*) FROM link_answers WHERE link = ? AND address = ? AND at >= ?",
                (link, _digest(address), since),
            ).fetchone()
        return refused_by(int(per_address), int(per_link), self.limits)

    def record(self, link: str, address: str) -> None:
        """Count one answer through ``link`` from ``address`` (and forget answers older than the window)."""
        now = self._clock()
        with private_database(self.path) as connection:
            connection.execute("DELETE FROM link_answers WHERE at < ?", (now - self.limits.window,))
            connection.execute("INSERT INTO link_answers VALUES (?, ?, ?)", (link, _digest(address), now))
