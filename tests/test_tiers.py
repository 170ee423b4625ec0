"""The tiers' own checks can fail: markers from fixtures, refused programs, writes into the repository.

Every check here runs in the fast tier and starts nothing: the programs are refused
before they would start (a path that does not exist), and the write into the
repository is refused by the operating system (a folder that does not exist) after
the audit hook saw it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import repo_writes, tiers


@dataclass
class _Item:
    """What :func:`tests.tiers.pytest_collection_modifyitems` reads of a test item."""

    fixturenames: list[str]
    markers: list[str] = field(default_factory=list)

    def add_marker(self, marker: str) -> None:
        self.markers.append(marker)


@pytest.mark.parametrize(
    ("fixtures", "expected"),
    [
        (["tmp_path"], []),
        (["empty_store", "store", "store_settings", "tmp_path"], ["store"]),  # a closure, as pytest gives it
        (["dash_duo"], ["browser"]),
        (["browser", "empty_store", "store", "store_settings", "axe_source"], ["store", "browser", "node"]),
        (["pdf_printing"], ["pdf"]),
        (["linted_all", "node"], ["node"]),
    ],
)
def test_a_test_is_marked_from_its_fixture_closure(fixtures: list[str], expected: list[str]) -> None:
    item = _Item(fixtures)
    tiers.pytest_collection_modifyitems([item])  # type: ignore[list-item]
    assert item.markers == expected


def test_every_marker_is_registered_and_brought_by_some_fixture(pytestconfig: pytest.Config) -> None:
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(tiers.NEEDS) <= registered
    assert {marker for allowed in tiers.PROGRAMS.values() for marker in allowed} <= set(tiers.NEEDS)


@pytest.mark.parametrize("program", ["node", "java", "chromium", "chromedriver"])
def test_an_unmarked_test_may_not_start_the_program(program: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(tiers.UnmarkedProgram, match=f"starts {program} without the marker"):
        subprocess.run([f"/nonexistent/{program}", "--version"], check=False)
    # Seen and refused: forget it, or this test would fail at its tear-down as it should.
    assert tiers._State.refused.pop(request.node.nodeid)


def test_a_program_started_through_a_launcher_is_refused_too(request: pytest.FixtureRequest) -> None:
    # The embedded store starts Java through a small Python launcher.
    with pytest.raises(tiers.UnmarkedProgram, match="starts java"):
        subprocess.run(["/nonexistent/python3", "-c", "...", "/nonexistent/jre/bin/java", "-Xmx64m"], check=False)
    assert tiers._State.refused.pop(request.node.nodeid)


@pytest.mark.node
def test_a_marked_test_may_start_its_program() -> None:
    with pytest.raises(FileNotFoundError):  # the program is missing; the marker lets it be tried
        subprocess.run(["/nonexistent/node", "--version"], check=False)


def test_processes_of_an_unmarked_test_refuse_java_and_node() -> None:
    assert os.environ["JAVA_TOOL_OPTIONS"].startswith("-XX:+Refused")
    assert os.environ["NODE_OPTIONS"].startswith("--refused")


def test_a_write_into_the_repository_is_seen(request: pytest.FixtureRequest) -> None:
    target = repo_writes.ROOT / "no-such-folder-for-tests" / "written.txt"
    with pytest.raises(FileNotFoundError):
        target.write_text("x", encoding="utf-8")
    written = repo_writes._SESSION.writes.pop(request.node.nodeid)
    assert written == {"no-such-folder-for-tests/written.txt": "open"}


def test_a_write_elsewhere_and_reading_the_repository_are_not_seen(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    (tmp_path / "out.txt").write_text("x", encoding="utf-8")
    (repo_writes.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert request.node.nodeid not in repo_writes._SESSION.writes


def test_a_temporary_folders_clean_up_is_not_a_write_into_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # shutil.rmtree removes names relative to an open folder (dir_fd): they are that folder's.
    monkeypatch.chdir(repo_writes.ROOT)
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        assert repo_writes.written_paths("os.remove", ("pyproject.toml", folder)) == [str(tmp_path / "pyproject.toml")]
    finally:
        os.close(folder)


def test_ignored_paths_are_not_reported() -> None:
    paths = ["app/__pycache__/x.pyc", "out/report.pdf", "docs/screenshot-network.png", "new-file.txt"]
    assert repo_writes._not_ignored(paths) == ["docs/screenshot-network.png", "new-file.txt"]
