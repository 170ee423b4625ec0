"""`dealnet demo`, the README's first command: store, demo data, app, clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from loaders.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode("utf-8")


def test_demo_serves_the_app_on_its_own_store_and_stops_it(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DEALNET_HOME": str(tmp_path), "DEALNET_STORE_HEAP": "256m"}
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
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
        assert EmbeddedStore(tmp_path / "demo").status().running
        assert not (tmp_path / "store").exists(), "the demo must not use the user's own store"
        status, layout = _get(f"http://127.0.0.1:{port}/_dash-layout")
        assert status == 200 and "Deels illustratieve gegevens" in layout
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    assert f"http://127.0.0.1:{port}/" in output
    assert not EmbeddedStore(tmp_path / "demo").status().running
