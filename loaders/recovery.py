"""A store that brings the embedded server back: what ``dealnet serve`` runs on.

The embedded server (:mod:`loaders.embedded`) is a separate Java process. When it
dies (killed, out of memory, machine suspended too long), a plain
:class:`~loaders.driver.Store` keeps knocking on its old port for ever, and when
another dealnet command then starts a new server, that one listens on other ports.
A :class:`RecoveringStore` follows the server instead:

* before every call it checks, cheaply, that the server process it talks to is
  still alive; when it is not, the call fails at once with :class:`StoreRestarting`
  (no half-minute of driver retries) and a watcher thread is woken;
* the watcher (also once a second on its own) reads the home's ``server.json``:
  when the server **died** (the file names a dead process), it starts it again;
  when **another process** runs it now (a CLI command restarted it, on other
  ports), it connects there; in both cases through
  :meth:`~loaders.embedded.EmbeddedStore.start_server`, under the home's lock, so
  two processes never start two servers;
* when the server was **stopped on purpose** (``dealnet db stop``: no
  ``server.json``), it is not restarted behind the user's back: calls fail with
  :class:`~loaders.driver.StoreUnavailable` until something starts it again, and
  then the watcher finds it;
* on success the new driver replaces the old one; calls work again. A restart that
  fails is tried again after 2, 4, ... up to 60 seconds.

The app shows :class:`StoreRestarting` as "the store is being restarted" and polls;
the data come back without a restart of the app. Old drivers are closed a minute
after they were replaced (closing a driver that another thread still uses is not
safe, and requests on the dead server end within :data:`READ_RETRY_TIME`).

A configured Neo4j is never restarted by dealnet: the driver reconnects to its URI
by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

import neo4j

from loaders.driver import Store, StoreUnavailable, connect
from loaders.embedded import EmbeddedServer, EmbeddedStore
from loaders.errors import DealnetError

__all__ = ["CHECK_INTERVAL", "READ_RETRY_TIME", "RecoveringStore", "StoreRestarting"]

P = ParamSpec("P")
R = TypeVar("R")

#: Seconds between the watcher's own looks at the server (it is also woken by failed calls).
CHECK_INTERVAL = 1.0
#: Seconds a read is retried on a lost connection before it fails: long enough for a
#: transient hiccup, short enough that a request on a dead server ends soon.
READ_RETRY_TIME = 5.0
#: Seconds before an old driver is closed (no request outlives this on a dead server).
_RETIRE_AFTER = 60.0
_BACKOFF_FIRST, _BACKOFF_MAX = 2.0, 60.0

_log = logging.getLogger(__name__)


class StoreRestarting(StoreUnavailable):
    """The embedded server stopped unexpectedly and is being started again (or found again)."""


class RecoveringStore(Store):
    """A :class:`~loaders.driver.Store` on the embedded server that survives the server's death.

    Starts the server if needed (like :func:`~loaders.stores.ensure_store`), connects,
    and keeps a daemon thread that restarts or re-finds the server (see the module
    docstring). Close it to stop the thread; closing never stops the server.

    Parameters
    ----------
    embedded
        The embedded store of the home to serve.
    interval
        Seconds between the watcher's checks.
    timeout
        Seconds a (re)start may take before it counts as failed.
    """

    def __init__(self, embedded: EmbeddedStore, *, interval: float = CHECK_INTERVAL, timeout: float = 60) -> None:
        server = embedded.start_server(timeout)
        first = connect(server.settings)
        super().__init__(first.driver, server.settings, read_retry_time=READ_RETRY_TIME)
        self.embedded = embedded
        self._pid = server.pid
        self._interval = interval
        self._timeout = timeout
        # Why calls fail right now: (error class, message), or None while the server serves.
        self._problem: tuple[type[StoreUnavailable], str] | None = None
        self._next_restart = 0.0
        self._backoff = _BACKOFF_FIRST
        self._retired: list[tuple[float, neo4j.Driver]] = []
        self._swap = threading.Lock()
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="dealnet-store-watcher", daemon=True)
        self._watcher.start()

    # -- the Store interface ------------------------------------------------------

    def execute_read(
        self,
        work: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """As :meth:`Store.execute_read`; raises :class:`StoreRestarting` at once while the server is down."""
        self._check_usable()
        try:
            return super().execute_read(work, *args, **kwargs)
        except StoreUnavailable as error:
            raise self._failed(error) from error

    def execute_write(
        self,
        work: Callable[Concatenate[neo4j.ManagedTransaction, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """As :meth:`Store.execute_write`; raises :class:`StoreRestarting` at once while the server is down."""
        self._check_usable()
        try:
            return super().execute_write(work, *args, **kwargs)
        except StoreUnavailable as error:
            raise self._failed(error) from error

    def ping(self) -> None:
        """As :meth:`Store.ping`, with the same fail-fast check."""
        self._check_usable()
        try:
            super().ping()
        except StoreUnavailable as error:
            raise self._failed(error) from error

    def close(self) -> None:
        """Stop the watcher and close every driver; the server keeps running."""
        self._closing.set()
        self._wake.set()
        if self._watcher is not threading.current_thread():
            # A restart in progress finishes first (it holds the home's lock); bounded wait.
            self._watcher.join(timeout=self._timeout + 5)
        with self._swap:
            drivers = [self.driver, *(driver for _, driver in self._retired)]
            self._retired.clear()
        for driver in drivers:
            driver.close()

    def __repr__(self) -> str:
        return f"RecoveringStore(uri={self.settings.uri!r}, home={str(self.embedded.home)!r})"

    # -- failing fast -------------------------------------------------------------

    def _check_usable(self) -> None:
        """Raise the current problem, or :class:`StoreRestarting` if our server just died."""
        problem = self._problem
        if problem is not None:
            self._wake.set()  # perhaps it is back already: let the watcher look now
            kind, message = problem
            raise kind(message)
        if not self.embedded.is_serving(self._pid):
            self._wake.set()
            raise StoreRestarting(self._restarting_message())

    def _failed(self, error: StoreUnavailable) -> StoreUnavailable:
        """What to raise for a failed call: 'restarting' when the server died under it."""
        self._wake.set()
        if not self.embedded.is_serving(self._pid):
            return StoreRestarting(self._restarting_message())
        return error

    def _restarting_message(self) -> str:
        return (
            f"the embedded store of {self.embedded.home} stopped unexpectedly (pid {self._pid});"
            " dealnet is starting it again"
        )

    # -- the watcher --------------------------------------------------------------

    def _watch(self) -> None:
        """Look at the server every ``interval`` seconds or when woken, until closed."""
        while not self._closing.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            if self._closing.is_set():
                return
            try:
                self._look()
            except Exception:
                _log.exception("dealnet: checking the embedded store failed")
            self._retire_old_drivers()

    def _look(self) -> None:
        """One check: nothing to do, wait for a deliberately stopped server, or recover."""
        status = self.embedded.status()
        if status.running and status.pid == self._pid:
            self._problem = None
            return
        if not status.running and not status.crashed:
            self._problem = (
                StoreUnavailable,
                f"the embedded store of {self.embedded.home} was stopped (dealnet db stop);"
                " the app uses it again as soon as it is started (dealnet db start)",
            )
            return
        if not status.running:  # it died: restart it, but not faster than the back-off allows
            if self._problem is None or self._problem[0] is not StoreRestarting:
                _log.warning("dealnet: the embedded store (pid %s) stopped unexpectedly; restarting it", self._pid)
            if time.monotonic() < self._next_restart:
                return
            self._problem = (StoreRestarting, self._restarting_message())
        try:
            server = self.embedded.start_server(self._timeout)  # under the home's lock
            fresh = connect(server.settings)
        except DealnetError as error:
            self._next_restart = time.monotonic() + self._backoff
            self._problem = (
                StoreUnavailable,
                f"the embedded store of {self.embedded.home} stopped and could not be started again"
                f" (next try in {self._backoff:.0f} s): {error}",
            )
            _log.error("dealnet: %s", self._problem[1])
            self._backoff = min(self._backoff * 2, _BACKOFF_MAX)
            return
        self._adopt(server, fresh)

    def _adopt(self, server: EmbeddedServer, fresh: Store) -> None:
        """Use the driver of ``fresh`` from now on; the old one is retired."""
        if self._closing.is_set():
            fresh.close()
            return
        with self._swap:
            self._retired.append((time.monotonic(), self.driver))
            self.driver = fresh.driver
            self.settings = server.settings
            self.database = server.settings.database
            self._pid = server.pid
            self._problem = None
        self._backoff = _BACKOFF_FIRST
        self._next_restart = 0.0
        _log.warning("dealnet: the embedded store is back at %s (pid %s)", server.settings.uri, server.pid)

    def _retire_old_drivers(self) -> None:
        """Close drivers replaced more than a minute ago."""
        limit = time.monotonic() - _RETIRE_AFTER
        with self._swap:
            old = [driver for since, driver in self._retired if since < limit]
            self._retired = [(since, driver) for since, driver in self._retired if since >= limit]
        for driver in old:
            driver.close()
