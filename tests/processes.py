"""Helpers for tests that run ``dealnet``, ``dealnet serve`` and the embedded store as real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dash._utils import split_callback_id

from loaders.embedded import EmbeddedStore

__all__ = [
    "DEADLINE",
    "ROOT",
    "ServedApp",
    "dealnet",
    "dealnet_env",
    "free_port",
    "kill_store",
    "server_processes",
    "shell_bodies",
    "wait_for_data",
]

ROOT = Path(__file__).resolve().parents[1]
#: Polling bound for the app to show data again: generous for a noisy 2-core machine
#: (the aim is about 10 s); it bounds a loop, it is not a timing assertion.
DEADLINE = 60.0


def server_processes(home: Path) -> list[int]:
    """Pids of the live (not zombie) ArcadeDB servers of dealnet home ``home`` (Linux /proc).

    Found by their command line, not by ``server.json``: this is what the lock must
    keep at one, whatever the state file says.
    """
    marker = f"-Darcadedb.server.rootPath={Path(home) / 'store'}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if marker in argv and state != "Z":
            found.append(int(proc.name))
    return sorted(found)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dealnet_env(home: Path, heap: str = "256m") -> dict[str, str]:
    """The environment of a ``dealnet`` process on the embedded store of ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALNET_")}
    env.update({"DEALNET_HOME": str(home), "DEALNET_STORE_HEAP": heap})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return env


def dealnet(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``dealnet ARGS`` as a process of its own on ``home``; wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=dealnet_env(home),
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def _http(url: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@dataclass
class ServedApp:
    """A running ``dealnet serve``: its home, address and the callbacks the shell sends."""

    home: Path
    base: str
    process: subprocess.Popen[str]
    bodies: dict[str, dict[str, Any]]

    def callback(self, output_id: str) -> dict[str, Any]:
        """Run the server callback that has ``output_id`` among its outputs; its response."""
        return _http(f"{self.base}/_dash-update-component", self.bodies[output_id])["response"]

    def shows_data(self, phases: set[str]) -> tuple[bool, str]:
        """(True, '') when the app answers with the data; else (False, the banner text shown)."""
        try:
            status = self.callback("shell-status")
            options = self.callback("shell-period")["shell-period"]["options"]
        except (OSError, urllib.error.HTTPError, KeyError) as error:
            return False, f"no answer ({error})"
        available = status["shell-status"]["hidden"] is True
        listed = {option["label"] for option in options}
        if available and phases <= listed and status["shell-version"]["data"]:
            return True, ""
        return False, str(status["shell-status"].get("children", ""))


def shell_bodies(base: str) -> dict[str, dict[str, Any]]:
    """A request body for the shell's status and texts callbacks, from ``/_dash-dependencies``."""
    values = {"search": "", "pathname": "/", "n_intervals": 1}
    wanted = {"shell-status": "hidden", "shell-period": "options"}
    bodies: dict[str, dict[str, Any]] = {}
    for spec in _http(f"{base}/_dash-dependencies"):
        if spec.get("clientside_function"):
            continue
        output: str = spec["output"]
        outputs = split_callback_id(output)
        listed = outputs if isinstance(outputs, list) else [outputs]
        for component, prop in wanted.items():
            if {"id": component, "property": prop} in listed:
                bodies[component] = {
                    "output": output,
                    "outputs": outputs,
                    "inputs": [{**i, "value": values.get(i["property"])} for i in spec["inputs"]],
                    "state": [{**s, "value": None} for s in spec.get("state", [])],
                    "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"]],
                }
    assert set(bodies) == {"shell-status", "shell-period"}, bodies
    return bodies


def wait_for_data(app: ServedApp, phases: set[str], *, what: str, limit: float = DEADLINE) -> list[str]:
    """Poll until the app serves data again (``limit`` s at most); the banner texts seen meanwhile."""
    deadline = time.monotonic() + limit
    banners = []
    while True:
        assert app.process.poll() is None, f"dealnet serve exited ({what})"
        ok, banner = app.shows_data(phases)
        if ok:
            return banners
        banners.append(banner)
        assert time.monotonic() < deadline, f"no data {limit:.0f} s after {what}; last answer: {banner}"
        time.sleep(0.25)


def kill_store(home: Path) -> int:
    """SIGKILL the store's Java process; its pid."""
    pid = EmbeddedStore(home).status().pid
    assert pid is not None, "the store is not running"
    os.kill(pid, signal.SIGKILL)
    return pid
