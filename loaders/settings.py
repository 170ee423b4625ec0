"""Where the graph store is and how to log in: the connection settings.

dealnet talks to one Bolt server. Either the user names one (a Neo4j 5.x/2025.x
server or cluster, or any Bolt server) in the environment or in a config file, or
dealnet runs its own embedded store (:mod:`loaders.embedded`) under
:func:`dealnet_home`. This module only *reads* that choice; it never connects.

Sources, first match wins (they are not mixed key by key, so a value is never taken
from a file the user forgot about):

1. The environment: ``DEALNET_NEO4J_URI``, ``DEALNET_NEO4J_USER`` (default
   ``neo4j``), ``DEALNET_NEO4J_PASSWORD``, ``DEALNET_NEO4J_DATABASE`` (default: the
   server's default database). Used as soon as any of them is set.
2. A TOML file: ``$DEALNET_CONFIG`` if set (it must then exist), else
   ``$DEALNET_HOME/config.toml``, with a ``[store]`` table::

       [store]
       uri = "neo4j+s://graph.example.org"
       user = "dealnet"
       password = "..."
       database = "dealnet"   # optional

3. Nothing: :func:`configured_settings` returns ``None`` and the caller uses the
   embedded store.

A half-filled configuration (a URI without a password, a password without a URI) is
an error rather than a silent fallback to the embedded store, so that data is never
loaded into a store the user did not mean.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from graph.errors import ConfigurationError


__all__ = [
    "BOLT_SCHEMES",
    "ENV_CONFIG",
    "ENV_DATABASE",
    "ENV_HOME",
    "ENV_PASSWORD",
    "ENV_URI",
    "ENV_USER",
    "SettingsError",
    "StoreSettings",
    "config_path",
    "configured_settings",
    "dealnet_home",
]

ENV_HOME = "DEALNET_HOME"
ENV_CONFIG = "DEALNET_CONFIG"
ENV_URI = "DEALNET_NEO4J_URI"
ENV_USER = "DEALNET_NEO4J_USER"
ENV_PASSWORD = "DEALNET_NEO4J_PASSWORD"
ENV_DATABASE = "DEALNET_NEO4J_DATABASE"

BOLT_SCHEMES: frozenset[str] = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
"""URI schemes the official driver accepts: direct (``bolt``) or routing (``neo4j``)."""

_DEFAULT_USER = "neo4j"
_STORE_KEYS = frozenset({"uri", "user", "password", "database"})


class SettingsError(ConfigurationError):
    """The store configuration is present but unusable (half-filled, wrong type, bad URI)."""


@dataclass(frozen=True)
class StoreSettings:
    """How to reach one Bolt server.

    Parameters
    ----------
    uri
        A Bolt URI, e.g. ``bolt://127.0.0.1:7687`` or ``neo4j+s://host``.
    user, password
        Basic-auth credentials. The password is kept out of ``repr``.
    database
        The database to use, or ``None`` for the server's default database.
    embedded
        True when the server is dealnet's own embedded store.

    Examples
    --------
    >>> s = StoreSettings("bolt://127.0.0.1:7687", "neo4j", "secret", None, embedded=False)
    >>> "secret" in repr(s)
    False
    """

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None
    embedded: bool


def dealnet_home() -> Path:
    """The directory holding dealnet's own files (config, embedded store).

    ``$DEALNET_HOME`` if set, else the platform's user data directory
    (``~/.local/share/dealnet`` on Linux). Not created here.
    """
    configured = os.environ.get(ENV_HOME)
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("dealnet")


def config_path() -> Path:
    """The config file dealnet reads: ``$DEALNET_CONFIG``, else ``<home>/config.toml``."""
    configured = os.environ.get(ENV_CONFIG)
    if configured:
        return Path(configured).expanduser()
    return dealnet_home() / "config.toml"


def configured_settings() -> StoreSettings | None:
    """The store the user configured, or ``None`` when they configured none.

    Raises
    ------
    SettingsError
        When a configuration exists but is incomplete or malformed, or when
        ``$DEALNET_CONFIG`` names a file that does not exist.
    """
    from_env = {
        key: os.environ[name]
        for key, name in (
            ("uri", ENV_URI),
            ("user", ENV_USER),
            ("password", ENV_PASSWORD),
            ("database", ENV_DATABASE),
        )
        if os.environ.get(name)
    }
    if from_env:
        return _settings_from(from_env, source="the environment (DEALNET_NEO4J_*)")
    path = config_path()
    if not path.is_file():
        if os.environ.get(ENV_CONFIG):
            raise SettingsError(f"{ENV_CONFIG} names {path}, which is not a file")
        return None
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read the config file {path}: {exc}") from exc
    table = document.get("store")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: [store] must be a table")
    return _settings_from(table, source=str(path))


def _settings_from(values: Mapping[str, object], *, source: str) -> StoreSettings | None:
    """Validate one source's values and build the settings (``None`` if it is empty)."""
    unknown = sorted(set(values) - _STORE_KEYS)
    if unknown:
        raise SettingsError(
            f"{source}: unknown key(s) {', '.join(unknown)} in [store]; expected {', '.join(sorted(_STORE_KEYS))}"
        )
    for key, value in values.items():
        if not isinstance(value, str):
            raise SettingsError(f"{source}: {key} must be a string, not {type(value).__name__}")
    # Blank values count as absent; the password is kept verbatim (spaces may be meant).
    text = {
        key: value if key == "password" else value.strip()
        for key, value in values.items()
        if isinstance(value, str) and value.strip()
    }
    if not text:
        return None
    missing = [key for key in ("uri", "password") if key not in text]
    if missing:
        raise SettingsError(
            f"{source}: the store configuration is incomplete, {' and '.join(missing)}"
            " missing (give uri and password, or neither to use the embedded store)"
        )
    uri = text["uri"]
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise SettingsError(
            f"{source}: {uri!r} is not a Bolt URI; use one of {', '.join(sorted(s + '://' for s in BOLT_SCHEMES))}"
        )
    return StoreSettings(
        uri=uri,
        user=text.get("user", _DEFAULT_USER),
        password=text["password"],
        database=text.get("database"),
        embedded=False,
    )
