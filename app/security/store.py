"""Server-side sign-in state: the sessions, in one SQLite file (shared with the sign-in throttle).

Why server-side: Flask's own session is a signed cookie, which stays valid after
sign-out if someone copied it. Here the cookie only carries a random session id; the
server keeps (the SHA-256 of) that id with the user, role and timestamps, so sign-out
and the idle/absolute time-outs are enforced on the server (ASVS 7.4, 7.3).

Why SQLite: it is in the standard library, survives restarts (users stay signed in
across a redeploy) and is shared by the worker processes of one server. The file is
created 0600 in ``$DEALNET_HOME``. Each call opens its own connection, so the store is
safe to use from the threads of a WSGI server.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from app.security.files import create_private_database, private_database
from app.security.roles import Role

__all__ = ["SessionRecord", "SessionStore"]

_SCHEMA = """-- SQLite DDL, not Cypher  # cypher-guard: data
CREATE TABLE IF NOT EXISTS sessions (
    sid_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    source TEXT NOT NULL,
    created REAL NOT NULL,
    last_seen REAL NOT NULL
);
"""
#: last_seen is written at most this often (seconds), to keep requests read-only mostly.
_TOUCH_EVERY = 30.0


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionRecord:
    """A signed-in session as the server knows it."""

    username: str
    role: Role
    source: str
    created: float
    last_seen: float


class SessionStore:
    """Sessions (failed sign-ins are :class:`app.security.throttle.SignInThrottle`'s).

    Parameters
    ----------
    path
        The SQLite file (created 0600).
    idle_timeout, absolute_timeout
        Seconds without a request, and seconds since sign-in, after which a session ends.
    clock
        Returns the current time in seconds; tests pass a fake one.
    """

    def __init__(
        self,
        path: Path,
        *,
        idle_timeout: float,
        absolute_timeout: float,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.path = path
        self.idle_timeout = idle_timeout
        self.absolute_timeout = absolute_timeout
        self._clock = clock or time.time
        create_private_database(path, _SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return private_database(self.path)

    def now(self) -> float:
        """The store's clock."""
        return self._clock()

    # -- sessions ---------------------------------------------------------------------

    def create(self, username: str, role: Role, source: str) -> str:
        """Start a session; returns the new random session id (for the cookie only)."""
        sid = secrets.token_urlsafe(32)
        now = self.now()
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                (_digest(sid), username, role.value, source, now, now),
            )
            # Housekeeping: forget sessions that can no longer be used.
            connection.execute(
                "DELETE FROM sessions WHERE last_seen < ? OR created < ?",
                (now - self.idle_timeout, now - self.absolute_timeout),
            )
        return sid

    def get(self, sid: str) -> SessionRecord | None:
        """The live session with id ``sid``; ``None`` if unknown, signed out or timed out."""
        now = self.now()
        key = _digest(sid)
        with self._connect() as connection:
            row = connection.execute(
                "SELECT username, role, source, created, last_seen FROM sessions WHERE sid_hash = ?",
                (key,),
            ).fetchone()
            if row is None:
                return None
            username, role, source, created, last_seen = row
            if now - last_seen > self.idle_timeout or now - created > self.absolute_timeout:
                connection.execute("DELETE FROM sessions WHERE sid_hash = ?", (key,))
                return None
            if now - last_seen > _TOUCH_EVERY:
                connection.execute("UPDATE sessions SET last_seen = ? WHERE sid_hash = ?", (now, key))
                last_seen = now
        return SessionRecord(username, Role(role), source, created, last_seen)

    def revoke(self, sid: str) -> None:
        """End the session ``sid`` (sign-out)."""
        with self._connect() as connection:
            connection.execute("DELETE FROM sessions WHERE sid_hash = ?", (_digest(sid),))

    def revoke_user(self, username: str) -> int:
        """End every session of ``username``; returns how many there were."""
        with self._connect() as connection:
            cursor = connection.execute("DELETE FROM sessions WHERE username = ?", (username,))
            return cursor.rowcount
