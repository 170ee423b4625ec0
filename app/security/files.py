"""Files only their owner can read: the secret key, the user file, the audit log.

Every file the security layer writes is created with mode ``0600`` (and its directory,
if dealnet creates it, ``0700``) from the first byte on, not chmod-ed afterwards, so
there is no moment in which another local user could read it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "append_private",
    "create_private_database",
    "ensure_private_dir",
    "private_database",
    "read_or_create_secret",
    "write_private",
]

_FILE_MODE = 0o600
_DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) with mode 0700 if it does not exist yet."""
    path.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text`` (UTF-8), mode 0600."""
    ensure_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def append_private(path: Path, line: str) -> None:
    """Append ``line`` to ``path`` (created 0600 if missing) in one ``write`` call.

    ``O_APPEND`` makes each write land at the end even with several processes
    appending, so lines from two workers never interleave mid-line.
    """
    ensure_private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, _FILE_MODE)
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)


def read_or_create_secret(path: Path, *, nbytes: int = 48) -> str:
    """The secret stored in ``path``, generated (0600) on first use.

    Two processes starting together agree on one secret: creation uses ``O_EXCL`` and
    the loser reads what the winner wrote.
    """
    ensure_private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    secret = secrets.token_urlsafe(nbytes)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret


def create_private_database(path: Path, schema: str) -> None:
    """Make the SQLite file ``path`` (0600, in a private folder) hold ``schema`` (``IF NOT EXISTS`` statements).

    The sign-in state (sessions, throttle) lives in one such file, shared by its stores.
    """
    ensure_private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    with private_database(path) as connection:
        connection.executescript(schema)


@contextmanager
def private_database(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the SQLite file ``path``: one transaction, committed on success, then closed."""
    connection = sqlite3.connect(path, timeout=10.0)
    try:
        with connection:
            yield connection
    finally:
        connection.close()
