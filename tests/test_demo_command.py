"""`dealnet demo`, the README's first command: store, demo data, app, a store that comes back, clean stop."""

from __future__ import annotations

import json

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from loaders.demo import DEMO_DATASET
from loaders.embedded import EmbeddedStore
from loaders.reader import read_dataset
from tests.processes import (
    ROOT,
    ServedApp,
    dealnet_env,
    free_port,
    kill_store,
    server_processes,
    shell_bodies,
    wait_for_data,
)

pytestmark = pytest.mark.store  # dealnet demo starts an embedded store of its own


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_demo_serves_the_app_on_its_own_store_survives_a_kill_and_stops_it(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo", "--port", str(port)],
        cwd=ROOT, env=dealnet_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    demo_home = tmp_path / "demo"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                status, page = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the demo did not answer within 120 s"
                time.sleep(0.5)
        assert status == 200 and '<html lang="nl"' in page
        assert EmbeddedStore(demo_home).status().running
        assert not (tmp_path / "store").exists(), "the demo must not use the user's own store"
        status, layout = _get(f"http://127.0.0.1:{port}/_dash-layout")
        assert status == 200 and "Deels illustratieve gegevens" in layout

        # As the demo says: another command reaches the demo's store through its home, no second store.
        stats = subprocess.run(
            [sys.executable, "-m", "app.cli", "stats", "--json"],
            cwd=ROOT, env=dealnet_env(demo_home), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["nodes"]["Party"] == len(read_dataset(DEMO_DATASET).parties)
        assert len(server_processes(demo_home)) == 1

        # Its store killed, the demo starts it again and shows the data without a restart.
        app = ServedApp(
            home=demo_home,
            base=f"http://127.0.0.1:{port}",
            process=process,
            bodies=shell_bodies(f"http://127.0.0.1:{port}"),
        )
        phases = {phase.name for phase in read_dataset(DEMO_DATASET).phases}
        wait_for_data(app, phases, what="the demo's start")
        killed = kill_store(demo_home)
        wait_for_data(app, phases, what="killing the demo's store")
        assert server_processes(demo_home) not in ([], [killed])
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=90)[0]
    assert f"http://127.0.0.1:{port}/" in output
    assert f"DEALNET_HOME={demo_home}" in output
    assert not EmbeddedStore(demo_home).status().running
    assert server_processes(demo_home) == []  # the restarted store was stopped too
