"""Password hashes: scrypt from the standard library, salted per password.

A stored hash is one ASCII string, ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key in
unpadded URL-safe base64), so the parameters travel with the hash and can be raised
later without breaking existing users (:func:`needs_rehash`). The parameters
``n=2**14, r=8, p=1`` are the ones RFC 7914 and OWASP's password storage cheat sheet
give for interactive logins; one hash costs ~16 MiB and some tens of milliseconds.

Examples
--------
>>> stored = hash_password("correct horse battery staple")
>>> verify_password("correct horse battery staple", stored)
True
>>> verify_password("Correct horse battery staple", stored)
False
>>> stored == hash_password("correct horse battery staple")   # a new salt each time
False
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["DEFAULT_N", "DEFAULT_P", "DEFAULT_R", "dummy_verify", "hash_password", "needs_rehash", "verify_password"]

DEFAULT_N = 2**14
DEFAULT_R = 8
DEFAULT_P = 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_SCHEME = "scrypt"
#: Bounds on parameters read from a file, so an edited file cannot make a login cost minutes.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem must cover 128 * n * r bytes (plus slack), or OpenSSL refuses large n.
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * n * r + 2**20)


def hash_password(password: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P) -> str:
    """A new salted scrypt hash of ``password``, in the stored format."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = _derive(password, salt, n, r, p, _KEY_BYTES)
    return f"{_SCHEME}${n}${r}${p}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if len(salt) < 8 or not 16 <= len(key) <= 64:
        return None
    return n, r, p, salt, key


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; compared in constant time.

    A malformed or out-of-bounds stored hash never matches (and costs one default hash,
    so the answer takes as long as a real check).
    """
    parsed = _parse(stored)
    if parsed is None:
        dummy_verify(password)
        return False
    n, r, p, salt, key = parsed
    candidate = _derive(password, salt, n, r, p, len(key))
    return hmac.compare_digest(candidate, key)


def dummy_verify(password: str) -> None:
    """Spend the time of one check, for unknown users (no user enumeration by timing)."""
    _derive(password, b"dealnet-no-such-user", DEFAULT_N, DEFAULT_R, DEFAULT_P, _KEY_BYTES)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` uses weaker parameters than the current defaults."""
    parsed = _parse(stored)
    if parsed is None:
        return True
    n, r, p, _, _ = parsed
    return (n, r, p) < (DEFAULT_N, DEFAULT_R, DEFAULT_P)
