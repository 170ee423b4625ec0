"""The embedded ArcadeDB store and the driver: lifecycle, privacy, routing, failures, one server per home."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from loaders.driver import Store, StoreUnavailable, connect
from loaders.stores import ensure_store
from loaders.embedded import EmbeddedStore, EmbeddedStoreError
from loaders.errors import DealnetError
from loaders.settings import StoreSettings
from queries.catalog import cypher
from tests.datasets import SMALL_DATASET, write_small_dataset
from tests.processes import ROOT, dealnet, dealnet_env, server_processes

_LOOPBACK = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, ::ffff:127.0.0.1
_LISTEN = "0A"


def _listening_sockets(pid: int) -> set[tuple[str, int]]:
    """(hex address, port) of every TCP socket process ``pid`` listens on (Linux /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:  # closed while we list them
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port = fields[1].split(":")
            if fields[3] == _LISTEN and fields[9] in inodes:
                found.add((address, int(port, 16)))
    return found


def _alive(pid: int) -> bool:
    """True when ``pid`` exists and is not a zombie."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


def _ok(tx: neo4j.ManagedTransaction) -> object:
    return tx.run(cypher("admin/ping")).single(strict=True)["ok"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.store
def test_lifecycle(tmp_path: Path) -> None:
    """Start (over a stale pid file), private files, loopback only, idempotent, stop."""
    home = tmp_path / "home"
    embedded = EmbeddedStore(home, heap="256m")
    directory = home / "store"
    # A pid file left by a crash, whose pid now belongs to another live process (us).
    directory.mkdir(parents=True)
    stale = {"pid": os.getpid(), "http_port": _free_port(), "bolt_port": _free_port()}
    (directory / "server.json").write_text(json.dumps(stale))
    assert not embedded.status().running

    started = time.perf_counter()
    settings = embedded.start()
    print(f"embedded store started in {time.perf_counter() - started:.1f} s")
    try:
        assert _alive(os.getpid())  # the stale pid was not killed
        status = embedded.status()
        assert status.running and status.pid is not None and status.pid != os.getpid()
        assert status.uri == settings.uri == f"bolt://127.0.0.1:{status.bolt_port}"
        assert status.home == directory
        assert status.memory_bytes is not None and status.memory_bytes > 10_000_000
        assert (settings.user, settings.database, settings.embedded) == ("root", "dealnet", True)

        # Private files: the password only readable by its owner.
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
        credentials = directory / "credentials.json"
        assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
        assert json.loads(credentials.read_text())["password"] == settings.password
        assert len(settings.password) >= 24
        assert not (directory / "root-password.tmp").exists()
        recorded = json.loads((directory / "server.json").read_text())
        assert (recorded["pid"], recorded["bolt_port"]) == (status.pid, status.bolt_port)
        assert settings.password not in (directory / "server.log").read_text()
        assert settings.password.encode() not in Path(f"/proc/{status.pid}/cmdline").read_bytes()

        # Nothing listens beyond HTTP and Bolt, and both only on the loopback address.
        sockets = _listening_sockets(status.pid)
        assert {port for _, port in sockets} == {status.http_port, status.bolt_port}
        assert {address for address, _ in sockets} <= _LOOPBACK

        # A second start returns the running server.
        assert embedded.start() == settings
        assert embedded.status().pid == status.pid
        with connect(settings) as store:
            assert store.execute_read(_ok) == 1
    finally:
        assert embedded.stop()

    assert not _alive(status.pid)
    assert not embedded.status().running
    assert not (directory / "server.json").exists()
    assert not embedded.stop()  # stopping a stopped store is fine


def test_bad_heap_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EmbeddedStoreError, match="heap size"):
        EmbeddedStore(tmp_path, heap="512m -Dx=y")


@pytest.mark.store
def test_routing_uri_reads_and_writes(store_settings: StoreSettings) -> None:
    """A ``neo4j://`` (routing) driver runs read and write transactions on the store."""
    scheme, _, rest = store_settings.uri.partition("://")
    routing = StoreSettings(
        uri=f"{scheme.replace('bolt', 'neo4j')}://{rest}",
        user=store_settings.user,
        password=store_settings.password,
        database=store_settings.database,
        embedded=store_settings.embedded,
    )
    assert routing.uri.startswith("neo4j")
    with connect(routing) as store:
        assert store.execute_read(_ok) == 1
        assert store.execute_write(_ok) == 1


@pytest.mark.store
def test_store_runs_managed_transactions_with_arguments(store: Store) -> None:
    def twice(tx: neo4j.ManagedTransaction, factor: int, *, offset: int) -> object:
        return tx.run(cypher("admin/ping")).single(strict=True)["ok"] * factor + offset

    assert store.execute_read(twice, 2, offset=1) == 3
    assert store.execute_write(twice, 3, offset=0) == 3


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_closed_port_is_store_unavailable(scheme: str) -> None:
    password = "never-shown-5f3a9c"
    uri = f"{scheme}://127.0.0.1:{_free_port()}"
    started = time.perf_counter()
    with pytest.raises(StoreUnavailable) as raised:
        connect(StoreSettings(uri, "neo4j", password, None, embedded=False))
    assert time.perf_counter() - started < 10  # no half-minute retry loop
    assert uri in str(raised.value)
    assert password not in str(raised.value)
    assert isinstance(raised.value, DealnetError)


@pytest.mark.store
def test_wrong_password_is_store_unavailable(store_settings: StoreSettings) -> None:
    wrong = "wrong-" + store_settings.password[::-1]
    with pytest.raises(StoreUnavailable) as raised:
        connect(StoreSettings(store_settings.uri, store_settings.user, wrong, store_settings.database, embedded=False))
    assert store_settings.uri in str(raised.value)
    assert wrong not in str(raised.value)
    assert store_settings.password not in str(raised.value)


@pytest.mark.store
def test_missing_database_is_store_unavailable(store_settings: StoreSettings) -> None:
    settings = dataclasses.replace(store_settings, database="no_such_database_7c1e")
    with pytest.raises(StoreUnavailable, match="no_such_database_7c1e"):
        connect(settings)


@pytest.mark.store
def test_ensure_store_uses_configured_store(
    store_settings: StoreSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    monkeypatch.delenv("DEALNET_CONFIG", raising=False)
    monkeypatch.setenv("DEALNET_NEO4J_URI", store_settings.uri)
    monkeypatch.setenv("DEALNET_NEO4J_USER", store_settings.user)
    monkeypatch.setenv("DEALNET_NEO4J_PASSWORD", store_settings.password)
    monkeypatch.setenv("DEALNET_NEO4J_DATABASE", store_settings.database or "")
    with ensure_store() as store:
        assert store.settings.uri == store_settings.uri
        assert store.execute_read(_ok) == 1
    assert not (tmp_path / "store").exists()  # no embedded store was started


@pytest.mark.store
def test_ensure_store_starts_the_embedded_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DEALNET_CONFIG",
        "DEALNET_NEO4J_URI",
        "DEALNET_NEO4J_USER",
        "DEALNET_NEO4J_PASSWORD",
        "DEALNET_NEO4J_DATABASE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    monkeypatch.setenv("DEALNET_STORE_HEAP", "256m")
    embedded = EmbeddedStore(tmp_path)
    try:
        with ensure_store() as store:
            assert store.settings.embedded
            assert store.execute_read(_ok) == 1
        assert embedded.status().running  # detached: it outlives the connection
    finally:
        embedded.stop()
    assert not embedded.status().running


def _concurrent_starts(home: Path, count: int = 2) -> list[subprocess.CompletedProcess[str]]:
    """``dealnet db start`` ``count`` times at once, each a process of its own."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "db", "start"],
            cwd=ROOT,
            env=dealnet_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


@pytest.mark.store
def test_concurrent_starts_make_one_server_and_a_killed_one_is_replaced_cleanly(tmp_path: Path) -> None:
    """The home's lock holds across processes, also after the server was SIGKILLed."""
    home = tmp_path / "home"
    embedded = EmbeddedStore(home)
    small = write_small_dataset(tmp_path / "small")
    try:
        first = _concurrent_starts(home)
        assert [r.returncode for r in first] == [0, 0], [r.stderr for r in first]
        uris = {line.split(" at ")[1].split()[0] for r in first for line in r.stdout.splitlines() if " at " in line}
        status = embedded.status()
        assert uris == {status.uri} and server_processes(home) == [status.pid]
        password = json.loads((home / "store" / "credentials.json").read_text())["password"]
        loaded = dealnet(home, "load", str(small))
        assert loaded.returncode == 0, loaded.stderr

        os.kill(status.pid, signal.SIGKILL)
        while _alive(status.pid):
            time.sleep(0.05)
        after_kill = embedded.status()
        assert not after_kill.running and after_kill.crashed  # server.json names the dead process
        reported = dealnet(home, "db", "status")
        assert reported.returncode == 3 and "stopped unexpectedly" in reported.stdout

        second = _concurrent_starts(home)
        assert [r.returncode for r in second] == [0, 0], [r.stderr for r in second]
        restarted = embedded.status()
        assert restarted.running and restarted.pid != status.pid
        assert server_processes(home) == [restarted.pid]
        recorded = json.loads((home / "store" / "server.json").read_text())
        assert (recorded["pid"], recorded["bolt_port"]) == (restarted.pid, restarted.bolt_port)
        assert json.loads((home / "store" / "credentials.json").read_text())["password"] == password
        # What was loaded before the kill is there (durable commits), and the store answers.
        stats = dealnet(home, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["nodes"]["Party"] == len(SMALL_DATASET["parties"][1])
        assert dealnet(home, "db", "status").returncode == 0
    finally:
        embedded.stop()
    assert server_processes(home) == []
    stopped = dealnet(home, "db", "status")
    assert stopped.returncode == 3 and "not running" in stopped.stdout and "unexpectedly" not in stopped.stdout
