"""dealnet's own graph store: a local ArcadeDB server speaking Bolt.

When the user configured no Neo4j (see :mod:`loaders.settings`), dealnet runs
ArcadeDB from the PyPI package ``arcadedb-embedded``, which ships a Java runtime and
the server jars, with its Bolt plugin, so the official ``neo4j`` driver talks to it
exactly as it talks to Neo4j. The server runs as a separate, detached process, so it
outlives the command that started it and several commands share it.

Everything lives under ``<home>/store/`` (directory mode 0700):

* ``databases/dealnet``: the data;
* ``credentials.json`` (mode 0600): the generated root password;
* ``server.json``: pid and ports of the running server (absent when stopped; left
  behind, naming a dead process, when the server was killed or crashed);
* ``lock``: held (``flock``) while a process starts or stops the server, so two
  processes sharing a home never start two servers on it;
* ``server.log``: the server's output; ``config/``, ``log/``: ArcadeDB's own files.

Security: every listener binds to 127.0.0.1 (HTTP and Bolt; the MCP, Postgres and
Redis plugins are left off the class path, HA is off), ports are probed free rather
than fixed, the password is passed through a file (never on the command line, where
other local users could read it) and the server runs in ArcadeDB's ``production``
mode (no Studio, durable WAL flush, no ``LOAD CSV`` from files).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.driver import StoreUnavailable, connect
from loaders.errors import DealnetError
from loaders.heap import HeapChoice, choose_heap
from loaders.settings import StoreSettings

__all__ = [
    "DATABASE",
    "ENV_HEAP",
    "EmbeddedServer",
    "EmbeddedStatus",
    "EmbeddedStore",
    "EmbeddedStoreError",
]

DATABASE = "dealnet"
ENV_HEAP = "DEALNET_STORE_HEAP"

_USER = "root"
_HOST = "127.0.0.1"
_SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"
_HEAP_PATTERN = re.compile(r"[1-9][0-9]*[kKmMgG]?")
# Plugins we do not want: MCP registers itself (auto-discovery) and exposes the
# database to AI agents; the Postgres and Redis wire protocols are unused.
_EXCLUDED_JARS = re.compile(r"arcadedb-(mcp|postgresw|redisw|grpcw?|mongodbw)-")
# Run by a short-lived Python child, so the server is not our child process: it is
# re-parented when the launcher exits, never becomes our zombie, and survives us.
_LAUNCHER = """\
import os, subprocess, sys
log = open(sys.argv[1], "ab")
server = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log,
                          stderr=subprocess.STDOUT, cwd=os.path.dirname(sys.argv[1]),
                          start_new_session=True)
print(server.pid, flush=True)
"""


class EmbeddedStoreError(DealnetError):
    """The embedded store could not be started, reached or stopped."""


@dataclass(frozen=True)
class EmbeddedStatus:
    """What :meth:`EmbeddedStore.status` reports.

    Parameters
    ----------
    running
        True when the recorded server process is alive.
    home
        The store directory (``<home>/store``).
    pid, http_port, bolt_port, uri
        Of the running server; ``None`` when it is not running.
    memory_bytes
        Resident memory of the server process, where the OS tells it cheaply
        (Linux ``/proc``); else ``None``.
    heap, heap_source
        The Java heap the server runs with and why (see :mod:`loaders.heap`); when it
        does not run, the heap a start would choose.
    crashed
        True when the server is not running although nobody stopped it: a
        ``server.json`` names a process that is gone (killed, crashed, or the machine
        restarted). False when it runs or was stopped with :meth:`EmbeddedStore.stop`.
    """

    running: bool
    home: Path
    pid: int | None = None
    http_port: int | None = None
    bolt_port: int | None = None
    uri: str | None = None
    memory_bytes: int | None = None
    crashed: bool = False
    heap: str | None = None
    heap_source: str | None = None


@dataclass(frozen=True)
class EmbeddedServer:
    """A running embedded server: its process and how to reach it.

    What :meth:`EmbeddedStore.start_server` returns, so that a caller who keeps the
    server alive (:class:`loaders.recovery.RecoveringStore`) can tell when *this*
    process is gone.
    """

    pid: int
    settings: StoreSettings


class EmbeddedStore:
    """The embedded ArcadeDB server of one dealnet home directory.

    Parameters
    ----------
    home
        The dealnet home (usually :func:`loaders.settings.dealnet_home`); the store
        lives in ``home / "store"``.
    heap
        Java maximum heap such as ``"512m"`` or ``"2g"``; default ``$DEALNET_STORE_HEAP``,
        else chosen from the machine's memory (:func:`loaders.heap.default_heap`: a
        quarter, at least 512 MB, at most 2 GB).
    """

    def __init__(self, home: Path, *, heap: str | None = None) -> None:
        self.home = Path(home)
        self.directory = self.home / "store"
        self.heap_choice = HeapChoice(heap, "given by the caller") if heap else choose_heap(os.environ.get(ENV_HEAP))
        self.heap = self.heap_choice.size
        if not _HEAP_PATTERN.fullmatch(self.heap):
            raise EmbeddedStoreError(f"heap size {self.heap!r} is not a Java size such as 384m or 2g ({ENV_HEAP})")

    # -- public API ---------------------------------------------------------------

    def start(self, timeout: float = 60) -> StoreSettings:
        """Start the server unless it runs already, and return how to reach it.

        Idempotent: when the server of this home is running, its settings are
        returned. A ``server.json`` left by a server that died is discarded.
        Returns only once the server answers ``/api/v1/ready``, accepts Bolt
        connections and answers a query.

        Start and stop hold the home's lock (``store/lock``, an ``flock`` that the
        kernel releases when its holder dies, even by SIGKILL), so processes that
        start the store at the same time get one server: the first starts it, the
        others wait for it and then find it running.

        Raises
        ------
        EmbeddedStoreError
            When the server does not become ready within ``timeout`` seconds (the
            tail of ``server.log`` is in the message); the process is then stopped.
        """
        return self.start_server(timeout).settings

    def start_server(self, timeout: float = 60) -> EmbeddedServer:
        """:meth:`start`, returning the server's pid with its settings."""
        with self._lock():
            state = self._running_state()
            if state is not None:
                settings = self._settings(state["bolt_port"])
                self._wait_until_ready(state, settings, time.monotonic() + timeout)
                return EmbeddedServer(pid=state["pid"], settings=settings)
            self._discard_state()
            password = self._password()
            for attempt in range(3):
                state = self._launch(password)
                settings = self._settings(state["bolt_port"])
                try:
                    self._wait_until_ready(state, settings, time.monotonic() + timeout)
                except EmbeddedStoreError:
                    self._terminate(state["pid"], timeout=10)
                    self._discard_state()
                    # Another program may have taken a probed port in between.
                    if attempt < 2 and "BindException" in self._log_tail():
                        continue
                    raise
                finally:
                    self._bootstrap_password_file().unlink(missing_ok=True)
                return EmbeddedServer(pid=state["pid"], settings=settings)
            raise AssertionError("unreachable")  # pragma: no cover

    def stop(self, timeout: float = 30) -> bool:
        """Stop the server: SIGTERM (a clean shutdown), SIGKILL after ``timeout`` s.

        Returns
        -------
        bool
            True when a running server was stopped, False when none was running.
        """
        with self._lock():
            state = self._running_state()
            self._discard_state()
            if state is None:
                return False
            self._terminate(state["pid"], timeout=timeout)
            return True

    def status(self) -> EmbeddedStatus:
        """Whether the server runs, with its pid, ports, URI and memory (no lock taken)."""
        state = self._running_state()
        if state is None:
            return EmbeddedStatus(
                running=False,
                home=self.directory,
                crashed=self._state_file.exists(),
                heap=self.heap,
                heap_source=self.heap_choice.source,
            )
        recorded = self._recorded_heap()
        return EmbeddedStatus(
            running=True,
            home=self.directory,
            pid=state["pid"],
            http_port=state["http_port"],
            bolt_port=state["bolt_port"],
            uri=f"bolt://{_HOST}:{state['bolt_port']}",
            memory_bytes=_resident_bytes(state["pid"]),
            heap=recorded.size if recorded else None,
            heap_source=recorded.source if recorded else None,
        )

    def is_serving(self, pid: int) -> bool:
        """True while process ``pid`` is alive and is the server of this home.

        Cheap (two small reads under ``/proc`` on Linux): meant to be asked before
        every use of a connection, to notice at once that the server has gone.
        """
        return self._is_our_server(pid)

    # -- files --------------------------------------------------------------------

    @property
    def _state_file(self) -> Path:
        return self.directory / "server.json"

    @property
    def _credentials_file(self) -> Path:
        return self.directory / "credentials.json"

    @property
    def _log_file(self) -> Path:
        return self.directory / "server.log"

    def _bootstrap_password_file(self) -> Path:
        return self.directory / "root-password.tmp"

    def _ensure_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.directory.chmod(0o700)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise start/stop between processes sharing this home (POSIX only)."""
        self._ensure_directory()
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no inter-process lock
            yield
            return
        with open(self.directory / "lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _stored_password(self) -> str | None:
        """The root password from ``credentials.json``, if that file exists."""
        try:
            data = json.loads(self._credentials_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise EmbeddedStoreError(f"cannot read {self._credentials_file}: {exc}") from exc
        password = data.get("password") if isinstance(data, dict) else None
        if not isinstance(password, str):
            raise EmbeddedStoreError(f"{self._credentials_file} holds no password")
        return password

    def _password(self) -> str:
        """The root password, generated on first use and kept in ``credentials.json``."""
        stored = self._stored_password()
        if stored is not None:
            return stored
        users_file = self.directory / "config" / "server-users.jsonl"
        # Lost credentials: ArcadeDB would keep the old root password, so drop its
        # user file and let the server create root again with a new password.
        users_file.unlink(missing_ok=True)
        password = secrets.token_urlsafe(24)
        _write_private(
            self._credentials_file,
            json.dumps({"user": _USER, "password": password}, indent=2) + "\n",
        )
        return password

    def _discard_state(self) -> None:
        self._state_file.unlink(missing_ok=True)

    def _recorded_heap(self) -> HeapChoice | None:
        """The heap the running server was started with, as ``server.json`` records it."""
        try:
            raw = json.loads(self._state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        heap = raw.get("heap") if isinstance(raw, dict) else None
        if not isinstance(heap, str):
            return None
        source = raw.get("heap_source")
        return HeapChoice(heap, source if isinstance(source, str) else "not recorded")

    def _running_state(self) -> dict[str, int] | None:
        """The recorded pid and ports if that process is our live server, else None."""
        try:
            raw = json.loads(self._state_file.read_text(encoding="utf-8"))
            state = {key: int(raw[key]) for key in ("pid", "http_port", "bolt_port")}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return state if self._is_our_server(state["pid"]) else None

    def _is_our_server(self, pid: int) -> bool:
        """True when ``pid`` is alive and is the ArcadeDB server of this directory.

        On Linux the command line is compared, so a pid reused by another program
        after a crash is not mistaken for the server; zombies count as dead.
        """
        proc = Path("/proc") / str(pid)
        if Path("/proc/self").exists():
            try:
                argv = (proc / "cmdline").read_bytes().split(b"\0")
                state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
            except (OSError, IndexError):
                return False
            marker = f"-Darcadedb.server.rootPath={self.directory}".encode()
            return state != "Z" and _SERVER_CLASS.encode() in argv and marker in argv
        if os.name == "posix":  # pragma: no cover - macOS and other Unixes
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                return True
            return True
        return True  # pragma: no cover - Windows: the readiness probe decides

    # -- process ------------------------------------------------------------------

    def _command(self, http_port: int, bolt_port: int) -> list[str]:
        package = _package_directory()
        java = package / "jre" / "bin" / ("java.exe" if os.name == "nt" else "java")
        jars = sorted(str(jar) for jar in (package / "jars").glob("*.jar") if not _EXCLUDED_JARS.match(jar.name))
        root = self.directory
        properties = {
            "arcadedb.server.rootPath": root,
            "arcadedb.server.databaseDirectory": root / "databases",
            "arcadedb.server.logsDirectory": root / "log",
            "arcadedb.server.rootPasswordPath": self._bootstrap_password_file(),
            "arcadedb.server.defaultDatabases": f"{DATABASE}[{_USER}]",
            "arcadedb.server.mode": "production",
            "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "arcadedb.server.httpIncomingHost": _HOST,
            "arcadedb.server.httpIncomingPort": http_port,
            "arcadedb.bolt.host": _HOST,
            "arcadedb.bolt.port": bolt_port,
            "arcadedb.ha.enabled": "false",
        }
        return [
            str(java),
            f"-Xmx{self.heap}",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            os.pathsep.join(jars),
            *(f"-D{key}={value}" for key, value in properties.items()),
            _SERVER_CLASS,
        ]

    def _launch(self, password: str) -> dict[str, int]:
        """Start a detached server on fresh ports and record it in ``server.json``."""
        _write_private(self._bootstrap_password_file(), password)
        http_port, bolt_port = _free_ports(2)
        command = self._command(http_port, bolt_port)
        # Windows only (0 elsewhere): detach the launcher, hence the server, from our console.
        creationflags = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        with self._log_file.open("ab") as log:
            log.write(f"\n--- starting {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
        launched = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(self._log_file), *command],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            creationflags=creationflags,
        )
        if launched.returncode != 0:
            raise EmbeddedStoreError(f"could not launch the embedded store: {launched.stderr.strip()}")
        state = {"pid": int(launched.stdout.strip()), "http_port": http_port, "bolt_port": bolt_port}
        recorded = {**state, "heap": self.heap, "heap_source": self.heap_choice.source}
        _write_private(self._state_file, json.dumps(recorded, indent=2) + "\n")
        return state

    def _wait_until_ready(self, state: dict[str, int], settings: StoreSettings, deadline: float) -> None:
        """Poll until HTTP says ready, Bolt accepts TCP and a query answers."""
        url = f"http://{_HOST}:{state['http_port']}/api/v1/ready"
        checks_passed = 0
        problem = "no answer yet"
        while time.monotonic() < deadline:
            if not self._is_our_server(state["pid"]):
                # Asked again 0.2 s later: one read of /proc can miss a process that is busy
                # exec-ing (the Java launcher may re-exec itself), and a false "exited" kills it.
                time.sleep(0.2)
                if not self._is_our_server(state["pid"]):
                    raise EmbeddedStoreError(
                        f"the embedded store exited during start-up; end of {self._log_file}:\n" + self._log_tail()
                    )
            if checks_passed == 0 and _http_status(url) == 204:
                checks_passed = 1
            if checks_passed == 1 and _accepts_tcp(_HOST, state["bolt_port"]):
                checks_passed = 2
            if checks_passed == 2:
                try:
                    connect(settings).close()
                except StoreUnavailable as exc:
                    problem = str(exc)
                else:
                    return
            time.sleep(0.2)
        raise EmbeddedStoreError(
            f"the embedded store did not become ready in time ({problem}); end of"
            f" {self._log_file}:\n" + self._log_tail()
        )

    def _terminate(self, pid: int, *, timeout: float) -> None:
        """SIGTERM, wait up to ``timeout`` s, then SIGKILL and wait again."""
        import signal

        for sig, wait in ((signal.SIGTERM, timeout), (getattr(signal, "SIGKILL", signal.SIGTERM), 10.0)):
            if not self._is_our_server(pid):
                return
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if not self._is_our_server(pid):
                    return
                time.sleep(0.1)
        raise EmbeddedStoreError(f"the embedded store (pid {pid}) did not stop")

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self._log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def _settings(self, bolt_port: int) -> StoreSettings:
        password = self._stored_password()
        if password is None:
            raise EmbeddedStoreError(
                f"{self._credentials_file} is missing while the store runs;"
                " stop and start the store to generate a new password"
            )
        return StoreSettings(
            uri=f"bolt://{_HOST}:{bolt_port}",
            user=_USER,
            password=password,
            database=DATABASE,
            embedded=True,
        )


def _package_directory() -> Path:
    """Where ``arcadedb-embedded`` keeps its JRE and jars.

    Found, not imported: importing it loads JPype, which a separate server does not need.
    """
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise EmbeddedStoreError(
            "the embedded store needs the package arcadedb-embedded (pip install arcadedb-embedded)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner can read (mode 0600 from creation on)."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def _free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 right now (held together, so they differ)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((_HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]


def _http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def _accepts_tcp(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _resident_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
