"""Helpers for tests that run ``dealnet`` and the embedded store as real processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

__all__ = ["ROOT", "dealnet", "dealnet_env", "free_port", "server_processes"]

ROOT = Path(__file__).resolve().parents[1]


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
