"""Tests never write into the repository: what they make goes to ``tmp_path``.

Two checks, registered by ``tests/conftest.py``:

* In the test process, a :func:`sys.addaudithook` hook sees every file opened for
  writing, created, renamed, removed or touched. A test that does so under the
  repository fails (at its tear-down), naming the paths. Writes outside any test (a
  module- or session-scoped fixture's tear-down) fail the session.
* A program a test starts (the ``dealnet`` command, Chromium, ``bash``) is not seen by
  that hook. At the end of the session, every file under the repository modified while
  a test that started a program was running, and every tracked file deleted during the
  session, is named. Only files that git does not ignore count, and the directories of
  tools and packages (:data:`SKIPPED`) are not looked at.

Other people may edit the working tree while the tests run, and a file's time does not
say who changed it: the second check fails the session only in CI (``CI`` set, as
``.ci/run`` and CI services do) and warns elsewhere, naming the test that was running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["ROOT", "SKIPPED", "written_paths"]

ROOT = Path(__file__).resolve().parents[1]

#: Directories of tools, caches and installed packages: never looked at.
SKIPPED = frozenset(
    {
        ".git",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".pytest_cache",
        ".hypothesis",
        ".mypy_cache",
        ".ruff_cache",
    }
)

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

#: Audit events that change a file -> (position of a path, position of its dir_fd or None).
_CHANGES: dict[str, tuple[tuple[int, int | None], ...]] = {
    "os.rename": ((0, 2), (1, 3)),  # os.rename and os.replace: (src, dst, src_dir_fd, dst_dir_fd)
    "os.remove": ((0, 1),),  # os.remove and os.unlink: (path, dir_fd)
    "os.rmdir": ((0, 1),),
    "os.mkdir": ((0, 2),),  # (path, mode, dir_fd)
    "os.symlink": ((1, 2),),  # (src, dst, dir_fd)
    "os.link": ((1, 3),),  # (src, dst, src_dir_fd, dst_dir_fd)
    "os.truncate": ((0, None),),
    "os.utime": ((0, 3),),  # (path, times, ns, dir_fd)
    "os.chmod": ((0, 2),),  # (path, mode, dir_fd)
    "shutil.copyfile": ((1, None),),
    "shutil.copytree": ((1, None),),
    "shutil.move": ((0, None), (1, None)),
    "shutil.rmtree": ((0, 1),),  # (path, dir_fd)
}

#: File times lag the clock by up to a scheduler tick: a window is widened by this much.
_SLACK_NS = 100_000_000

_SPAWNS = frozenset({"subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn", "os.system"})


@dataclass
class _Window:
    """One test's run, and whether it started a program."""

    nodeid: str
    start_ns: int
    end_ns: int | None = None
    spawned: bool = False


@dataclass
class _Session:
    """What the hook saw, by test."""

    started_ns: int = 0
    deleted_at_start: frozenset[str] = frozenset()
    current: _Window | None = None
    windows: list[_Window] = field(default_factory=list)
    writes: dict[str | None, dict[str, str]] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)
    hooked: bool = False
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_SESSION = _Session()


def written_paths(event: str, args: tuple[Any, ...]) -> list[str]:
    """The absolute paths that the audit ``event`` writes to (or changes).

    >>> written_paths("open", ("/srv/a.txt", "w", 0))
    ['/srv/a.txt']
    >>> written_paths("open", ("/srv/a.txt", "r", 0))
    []
    >>> written_paths("open", ("/srv/b.txt", None, os.O_WRONLY | os.O_CREAT))
    ['/srv/b.txt']
    >>> written_paths("os.rename", ("/srv/a", "/srv/b", None, None))
    ['/srv/a', '/srv/b']
    """
    if event == "open":
        path, mode, flags = args[0], args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        targets: list[tuple[Any, Any]] = [(path, None)] if writing else []
    elif event in _CHANGES:
        targets = [(args[i], args[d] if d is not None and d < len(args) else None) for i, d in _CHANGES[event]]
    else:
        return []
    return [
        _absolute(os.fsdecode(path), directory)
        for path, directory in targets
        if isinstance(path, (str, bytes, os.PathLike))
    ]


def _absolute(path: str, dir_fd: Any) -> str:
    """``path`` made absolute, relative to the directory open as ``dir_fd`` if it is given.

    ``shutil.rmtree`` removes ``name`` relative to an open directory: without this, a
    temporary directory's clean-up would look like removing files of the working directory.
    """
    if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(path):
        try:
            return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        except OSError:
            return os.path.join(f"<directory {dir_fd}>", path)  # outside the repository either way
    return os.path.abspath(path)


def _in_repository(path: str) -> str | None:
    """``path`` relative to the repository, or None when outside it or in :data:`SKIPPED`."""
    root = str(ROOT)
    if not path.startswith(root + os.sep):
        return None
    relative = path[len(root) + 1 :]
    if SKIPPED.intersection(relative.split(os.sep)):
        return None
    return relative


def _watch(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook: note writes under the repository and programs started, by test."""
    if event in _SPAWNS:
        if _SESSION.current is not None:
            _SESSION.current.spawned = True
        return
    if event != "open" and event not in _CHANGES:
        return
    try:
        for path in written_paths(event, args):
            relative = _in_repository(path)
            if relative is not None:
                nodeid = _SESSION.current.nodeid if _SESSION.current else None
                _SESSION.writes.setdefault(nodeid, {})[relative] = event
    except Exception:
        return


def _not_ignored(paths: list[str]) -> list[str]:
    """The ``paths`` (relative to the repository) that git does not ignore."""
    if not paths:
        return []
    done = subprocess.run(
        ["git", "check-ignore", "-z", "--stdin"],
        input="\0".join(paths) + "\0",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: none ignored; anything else: no git here
        return paths
    ignored = set(done.stdout.split("\0"))
    return [p for p in paths if p not in ignored]


def _deleted_tracked() -> frozenset[str]:
    """Tracked files missing from the working tree."""
    done = subprocess.run(["git", "ls-files", "--deleted", "-z"], capture_output=True, text=True, cwd=ROOT, check=False)
    return frozenset(filter(None, done.stdout.split("\0"))) if done.returncode == 0 else frozenset()


def _modified_since(start_ns: int) -> dict[str, int]:
    """Files under the repository (outside :data:`SKIPPED`) modified since ``start_ns``: path -> mtime."""
    found: dict[str, int] = {}
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories if d not in SKIPPED]
        for name in files:
            path = os.path.join(directory, name)
            try:
                modified = os.lstat(path).st_mtime_ns
            except OSError:
                continue
            if modified >= start_ns:
                found[os.path.relpath(path, ROOT)] = modified
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    """Note the time, the tracked files already missing, and start watching."""
    _SESSION.started_ns = time.time_ns()
    _SESSION.deleted_at_start = _deleted_tracked()
    if not _SESSION.hooked:
        sys.addaudithook(_watch)
        _SESSION.hooked = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Attribute what happens from a test's set-up to its tear-down to that test."""
    window = _Window(item.nodeid, time.time_ns())
    _SESSION.windows.append(window)
    _SESSION.current = window
    try:
        return (yield)
    finally:
        window.end_ns = time.time_ns()
        _SESSION.current = None


@pytest.fixture(autouse=True)
def _no_writes_into_the_repository(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that wrote into the repository from the test process."""
    yield
    written = _SESSION.writes.pop(request.node.nodeid, {})
    if written:
        paths = _not_ignored(sorted(written))
        _SESSION.reported.update(paths)
        if paths:
            pytest.fail(
                f"the test wrote into the repository ({ROOT}); write to tmp_path instead: "
                + ", ".join(f"{p} ({written[p]})" for p in paths),
                pytrace=False,
            )


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the session for writes outside any test, and for what programs may have changed (in CI)."""
    if not _SESSION.started_ns or session.config.option.collectonly:
        return
    problems: list[str] = []
    leftover = {path: (nodeid or "outside any test") for nodeid, paths in _SESSION.writes.items() for path in paths}
    for path in _not_ignored(sorted(leftover)):
        problems.append(f"{path}: written by {leftover[path]}")
    spawning = [w for w in _SESSION.windows if w.spawned]
    by_program: dict[str, list[str]] = {}
    for path, modified in _modified_since(_SESSION.started_ns).items():
        during = [
            w.nodeid for w in spawning if w.start_ns - _SLACK_NS <= modified <= (w.end_ns or time.time_ns()) + _SLACK_NS
        ]
        if during and path not in leftover and path not in _SESSION.reported:
            by_program[path] = during
    unseen = [
        f"{path}: modified while {', '.join(by_program[path])} ran a program"
        for path in _not_ignored(sorted(by_program))
    ]
    deleted = _deleted_tracked() - _SESSION.deleted_at_start
    unseen += [f"{path}: tracked, deleted during the session" for path in sorted(deleted)]
    if os.environ.get("CI"):
        problems += unseen
    else:
        _SESSION.warnings = unseen
    _SESSION.problems = problems
    if problems and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Name what the tests changed in the repository."""
    if _SESSION.problems:
        terminalreporter.section("tests changed the repository (write to tmp_path instead)", sep="=", red=True)
        for problem in _SESSION.problems:
            terminalreporter.line(problem, red=True)
    if _SESSION.warnings:
        terminalreporter.section(
            "changed in the repository while a test ran a program (that test, or someone editing meanwhile; "
            "CI fails on this)",
            sep="=",
            yellow=True,
        )
        for warning in _SESSION.warnings:
            terminalreporter.line(warning, yellow=True)
