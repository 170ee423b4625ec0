"""The local user file: who may sign in with a password, and with which role.

A JSON file (mode 0600), e.g. ``$DEALNET_HOME/users.json``::

    {
      "version": 1,
      "users": {
        "anna": {"role": "member", "password": "scrypt$16384$8$1$<salt>$<key>"}
      }
    }

Only hashes are stored (:mod:`app.security.passwords`). The file is written by
:func:`add_user` (behind ``dealnet users add NAME --role R``) and read again whenever it
changes, so removing a user or lowering their role takes effect on their next request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.security.errors import UserFileError
from app.security.files import write_private
from app.security.passwords import dummy_verify, hash_password, verify_password
from app.security.roles import Role, parse_role

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "UserRecord",
    "UserStore",
    "add_user",
    "load_users",
    "remove_user",
    "valid_username",
]

MIN_PASSWORD_LENGTH = 12
_MAX_PASSWORD_LENGTH = 1024
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_VERSION = 1


@dataclass(frozen=True)
class UserRecord:
    """One local user; the hash is kept out of ``repr``."""

    username: str
    role: Role
    password_hash: str = field(repr=False)


def valid_username(name: str) -> bool:
    """True for 1-64 characters of letters, digits and ``. _ @ -``, starting with a letter or digit.

    >>> valid_username("anna.de-vries@gemeente")
    True
    >>> valid_username("<script>")
    False
    """
    return _USERNAME.fullmatch(name) is not None


def load_users(path: Path) -> dict[str, UserRecord]:
    """The users in ``path``, keyed by lower-cased username; ``{}`` if the file does not exist.

    Raises
    ------
    UserFileError
        When the file exists but is not a valid user file.
    """
    if not path.exists():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserFileError(f"cannot read the user file {path}: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("users"), dict):
        raise UserFileError(f"{path}: expected an object with a 'users' object")
    users: dict[str, UserRecord] = {}
    for name, entry in document["users"].items():
        if not valid_username(name):
            raise UserFileError(f"{path}: invalid username {name!r}")
        if not isinstance(entry, dict) or not isinstance(entry.get("password"), str):
            raise UserFileError(f"{path}: user {name!r} needs a 'password' hash")
        try:
            role = parse_role(str(entry.get("role", "")))
        except ValueError as exc:
            raise UserFileError(f"{path}: user {name!r}: {exc}") from exc
        users[name.lower()] = UserRecord(name, role, entry["password"])
    return users


def _save(path: Path, users: dict[str, UserRecord]) -> None:
    document = {
        "version": _VERSION,
        "users": {
            record.username: {"role": record.role.value, "password": record.password_hash}
            for record in sorted(users.values(), key=lambda r: r.username.lower())
        },
    }
    write_private(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def add_user(path: Path, username: str, role: Role | str, password: str) -> UserRecord:
    """Add ``username`` to the user file at ``path`` (created 0600), or replace their role and password.

    Raises
    ------
    UserFileError
        For an invalid username or role, or a password shorter than
        :data:`MIN_PASSWORD_LENGTH` characters (NIST SP 800-63B asks for length, not
        character classes).
    """
    if not valid_username(username):
        raise UserFileError(f"invalid username {username!r}: use 1-64 letters, digits and . _ @ -")
    try:
        parsed_role = role if isinstance(role, Role) else parse_role(role)
    except ValueError as exc:
        raise UserFileError(str(exc)) from exc
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserFileError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > _MAX_PASSWORD_LENGTH:
        raise UserFileError(f"the password must be at most {_MAX_PASSWORD_LENGTH} characters")
    users = load_users(path)
    record = UserRecord(username, parsed_role, hash_password(password))
    users[username.lower()] = record
    _save(path, users)
    return record


def remove_user(path: Path, username: str) -> bool:
    """Remove ``username`` from the file; ``False`` if they were not in it."""
    users = load_users(path)
    if users.pop(username.lower(), None) is None:
        return False
    _save(path, users)
    return True


class UserStore:
    """The user file as the web app sees it: re-read when its modification time changes."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: tuple[int, int] | None = None
        self._users: dict[str, UserRecord] = {}

    def _current(self) -> dict[str, UserRecord]:
        try:
            stat = self._path.stat()
        except FileNotFoundError:
            self._stamp, self._users = None, {}
            return self._users
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._users = load_users(self._path)
            self._stamp = stamp
        return self._users

    def has_users(self) -> bool:
        """True when the file exists and names at least one user."""
        return bool(self._current())

    def get(self, username: str) -> UserRecord | None:
        """The user named ``username`` (case-insensitive), if any."""
        return self._current().get(username.lower())

    def authenticate(self, username: str, password: str) -> UserRecord | None:
        """The user if ``password`` is theirs, else ``None`` (same cost either way)."""
        if len(password) > _MAX_PASSWORD_LENGTH:
            return None
        record = self.get(username)
        if record is None:
            dummy_verify(password)
            return None
        return record if verify_password(password, record.password_hash) else None
