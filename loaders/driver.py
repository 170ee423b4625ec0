"""The one place a Neo4j driver is created, and the small interface over it.

Everything dealnet reads from or writes to the graph goes through a :class:`Store`:
a driver plus the database to use. Work runs in *managed* transactions
(``session.execute_read`` / ``session.execute_write``), which the driver retries on
transient errors and which a ``neo4j://`` routing driver sends to the right members
of a cluster (reads to any member, writes to the leader). The same code therefore
works with the embedded store (``bolt://``), a single Neo4j server and a Neo4j
cluster or Aura (``neo4j://``, ``neo4j+s://``, ``bolt+s://``).

Connection failures surface as :class:`StoreUnavailable`, whose message names the
URI, the user and the database but never the password.

Which store to connect to (the configured one, else the embedded one) is decided by
:func:`loaders.stores.ensure_store`. A long-running process on the embedded store
(``dealnet serve``, ``dealnet demo``) uses a :class:`loaders.recovery.RecoveringStore`
instead (``ensure_store(keep_alive=True)``):
the same interface, but it restarts the embedded server when it dies, or finds it
again where another process restarted it, and swaps its driver.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Concatenate, ParamSpec, Self, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from loaders.errors import DealnetError
from loaders.settings import StoreSettings
from queries.catalog import cypher

__all__ = ["Store", "StoreUnavailable", "connect"]

P = ParamSpec("P")
R = TypeVar("R")

_USER_AGENT = "dealnet"
# Failures that mean "cannot talk to the store" rather than "this statement is wrong".
_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.DatabaseUnavailable,
    neo4j_errors.AuthError,
    neo4j_errors.ConfigurationError,
    neo4j_errors.UnsupportedServerProduct,
)


class StoreUnavailable(DealnetError):
    """The graph store cannot be reached, refused the login, or lacks the database."""


class Store:
    """A driver and the database to use, with managed read and write transactions.

    Create one with :func:`connect` (or :func:`loaders.stores.ensure_store`); close it when done,
    or use it as a context manager. One ``Store`` is meant to be shared by a whole
    process (the driver keeps a connection pool and is thread-safe).

    Parameters
    ----------
    driver
        An open driver.
    settings
        The settings it was made from (named in error messages, password excluded).
    read_retry_time
        How long a read transaction is retried on transient errors and lost
        connections before :class:`StoreUnavailable` is raised; ``None``: the
        driver's default (30 s).
    """

    def __init__(self, driver: neo4j.Driver, settings: StoreSettings, *, read_retry_time: float | None = None) -> None:
        self.driver = driver
        self.database = settings.database
        self.settings = settings
        self._read_retry_time = read_retry_time

    def execute_read(
        self,
        work: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run ``work(tx, *args, **kwargs)`` in a managed read transaction and return its result.

        ``work`` may be retried on transient errors, so it must not have side effects
        outside the transaction, and it must consume its results inside it.
        """
        try:
            session = (
                self.driver.session(database=self.database)
                if self._read_retry_time is None
                else self.driver.session(database=self.database, max_transaction_retry_time=self._read_retry_time)
            )
            with session:
                return session.execute_read(work, *args, **kwargs)
        except _UNAVAILABLE as exc:
            raise _unavailable(self.settings, exc) from exc

    def execute_write(
        self,
        work: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run ``work(tx, *args, **kwargs)`` in a managed write transaction and return its result.

        Same contract as :meth:`execute_read`; a routing driver sends it to a member
        that accepts writes.
        """
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work, *args, **kwargs)
        except _UNAVAILABLE as exc:
            raise _unavailable(self.settings, exc) from exc

    def ping(self) -> None:
        """Run a trivial query; raise :class:`StoreUnavailable` if it does not answer.

        An auto-commit query rather than a managed transaction: a managed one would
        retry an unreachable server for half a minute before giving up.
        """
        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                ok = session.run(cypher("admin/ping")).single(strict=True)["ok"]
        except (*_UNAVAILABLE, neo4j_errors.ClientError) as exc:
            # A missing database is a ClientError, but for the user it is "cannot use the store".
            raise _unavailable(self.settings, exc) from exc
        if ok != 1:
            raise StoreUnavailable(f"the graph store at {self.settings.uri} answered a ping with {ok!r}")

    def close(self) -> None:
        """Close the driver and its connections."""
        self.driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store(uri={self.settings.uri!r}, database={self.database!r})"


def connect(settings: StoreSettings) -> Store:
    """Create the driver for ``settings``, check that the store answers, return a :class:`Store`.

    Raises
    ------
    StoreUnavailable
        When the server cannot be reached, refuses the credentials, or has no
        such database. The message names the URI, never the password.
    """
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=neo4j.basic_auth(settings.user, settings.password),
            user_agent=_USER_AGENT,
        )
    except (*_UNAVAILABLE, ValueError) as exc:
        raise _unavailable(settings, exc) from exc
    store = Store(driver, settings)
    try:
        store.ping()
    except BaseException:
        store.close()
        raise
    return store


def _unavailable(settings: StoreSettings, exc: Exception) -> StoreUnavailable:
    """Our error for a driver failure: where, as whom, and the driver's reason."""
    database = settings.database or "(default database)"
    reason = str(exc).replace(settings.password, "***") if settings.password else str(exc)
    return StoreUnavailable(
        f"cannot use the graph store at {settings.uri} (user {settings.user}, database"
        f" {database}): {type(exc).__name__}: {reason}"
    )
