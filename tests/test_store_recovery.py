"""The store comes back by itself: ``dealnet serve`` survives the death of its embedded store.

Real processes throughout: ``dealnet serve`` runs as a subprocess on a temporary
``DEALNET_HOME`` holding the demo, its store's Java process is killed with SIGKILL,
and the app is asked over HTTP, as the browser asks it, for the shell's status and
for the period choices (which list the demo's phases only when the data was read).
Deadlines are generous and only bound the polling; nothing asserts a duration.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.i18n import t
from loaders.demo import DEMO_DATASET
from loaders.driver import StoreUnavailable
from loaders.embedded import EmbeddedStore
from loaders.reader import read_dataset
from loaders.recovery import CHECK_INTERVAL, RecoveringStore, StoreRestarting
from queries.catalog import cypher
from tests.processes import (
    DEADLINE,
    ROOT,
    ServedApp,
    dealnet,
    dealnet_env,
    free_port,
    kill_store,
    server_processes,
    shell_bodies,
    wait_for_data,
)

KILLS = 10
HEAP = "256m"

pytestmark = pytest.mark.store


@pytest.fixture(scope="module")
def phases() -> set[str]:
    return {phase.name for phase in read_dataset(DEMO_DATASET).phases}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, phases: set[str]) -> Iterator[ServedApp]:
    """``dealnet serve`` on a home of its own holding the demo."""
    home = tmp_path_factory.mktemp("recovery-home")
    loaded = dealnet(home, "load", str(DEMO_DATASET))
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    log = (home / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT, env=dealnet_env(home, HEAP), stdout=log, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (home / "serve.log").read_text()
            try:
                bodies = shell_bodies(base)
                break
            except OSError:
                assert time.monotonic() < deadline, "dealnet serve did not answer within 120 s"
                time.sleep(0.5)
        app = ServedApp(home=home, base=base, process=process, bodies=bodies)
        wait_for_data(app, phases, what="start")
        yield app
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
        EmbeddedStore(home).stop()
        print((home / "serve.log").read_text()[-3000:])


# -- dealnet serve -----------------------------------------------------------------------


def test_serve_gives_data_back_after_each_of_ten_kills(served: ServedApp, phases: set[str]) -> None:
    restarting = {t("shell.store_restarting", lang) for lang in ("nl", "en")}
    banners_seen: list[str] = []
    pids = set()
    waits = []
    for kill in range(KILLS):
        killed = kill_store(served.home)
        pids.add(killed)
        started = time.monotonic()
        banners_seen += wait_for_data(served, phases, what=f"kill {kill + 1}")
        waits.append(time.monotonic() - started)
        running = server_processes(served.home)
        assert len(running) == 1 and running[0] != killed, running
    print(f"\ndata back after each of {KILLS} kills in " + ", ".join(f"{w:.1f}" for w in waits) + " s")
    assert len(pids) == KILLS  # every kill hit a new server, started again by serve
    # While it waited, the app said that the store is being restarted (not only "unreachable").
    assert restarting & set(banners_seen), set(banners_seen)


def test_serve_finds_the_store_another_command_started(served: ServedApp, phases: set[str]) -> None:
    """Killed, then a CLI command starts it first (or finds serve's restart): one store, serve finds it."""
    kill_store(served.home)
    stats = dealnet(served.home, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["nodes"]["Party"] == len(read_dataset(DEMO_DATASET).parties)
    wait_for_data(served, phases, what="kill, then dealnet stats")
    assert len(server_processes(served.home)) == 1


def test_serve_leaves_a_stopped_store_stopped_and_follows_it_to_new_ports(served: ServedApp, phases: set[str]) -> None:
    """`db stop` is obeyed (no restart behind the user's back); the store started elsewhere is found."""
    embedded = EmbeddedStore(served.home)
    old_port = embedded.status().bolt_port
    stopped = dealnet(served.home, "db", "stop")
    assert stopped.returncode == 0, stopped.stderr
    down = {t("shell.store_down", lang) for lang in ("nl", "en")}
    deadline = time.monotonic() + DEADLINE
    while True:  # the app says the store is unreachable ...
        ok, banner = served.shows_data(phases)
        if not ok and banner in down:
            break
        assert time.monotonic() < deadline, banner
        time.sleep(0.25)
    time.sleep(3 * CHECK_INTERVAL)  # ... and its watcher has had three chances to restart it: it did not
    assert not embedded.status().running and server_processes(served.home) == []
    status = dealnet(served.home, "db", "status")
    assert status.returncode == 3 and "not running" in status.stdout
    stats = dealnet(served.home, "stats")  # starts the store again, on other ports
    assert stats.returncode == 0, stats.stderr
    assert embedded.status().bolt_port != old_port
    wait_for_data(served, phases, what="db stop, then dealnet stats")
    assert len(server_processes(served.home)) == 1


# -- the RecoveringStore itself ----------------------------------------------------------


def _ok(tx: Any) -> object:
    return tx.run(cypher("admin/ping")).single(strict=True)["ok"]


def test_recovering_store_fails_fast_while_down_and_recovers(tmp_path: Path) -> None:
    embedded = EmbeddedStore(tmp_path, heap=HEAP)
    try:
        with RecoveringStore(embedded) as store:
            assert store.execute_read(_ok) == 1
            first_uri = store.settings.uri
            killed = kill_store(tmp_path)
            while embedded.is_serving(killed):  # SIGKILL is asynchronous
                time.sleep(0.05)
            started = time.monotonic()
            with pytest.raises(StoreRestarting, match="stopped unexpectedly"):
                store.execute_read(_ok)
            assert time.monotonic() - started < 5, "must not sit in the driver's retry loop"
            deadline = time.monotonic() + DEADLINE
            while True:
                try:
                    assert store.execute_write(_ok) == 1
                    break
                except StoreUnavailable:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            assert store.settings.uri != first_uri
            assert server_processes(tmp_path) == [embedded.status().pid]
        # Closing the store stops its watcher, never the server.
        assert embedded.status().running
    finally:
        embedded.stop()
    assert server_processes(tmp_path) == []
