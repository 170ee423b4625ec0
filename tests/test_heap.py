"""The embedded store's default heap: the rule on hand-checked sizes, the memory read from files, the status line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from loaders.embedded import EmbeddedStore
from loaders.heap import GB, MB, MachineMemory, choose_heap, default_heap, java_size, machine_memory


@pytest.mark.parametrize(
    ("total", "heap"),
    [
        (None, "512m"),  # unknown: the earlier fixed default
        (0, "512m"),
        (256 * MB, "128m"),  # tiny container: half, not the 512 MB floor
        (512 * MB, "256m"),
        (1 * GB, "512m"),  # a quarter would be 256 MB: the floor
        (2 * GB, "512m"),  # a quarter is exactly the floor
        (3 * GB, "768m"),  # a quarter
        (4 * GB, "1g"),
        (6 * GB + 300 * MB, "1611m"),  # a quarter, rounded down to whole MB
        (8 * GB, "2g"),  # a quarter is exactly the ceiling
        (23 * GB, "2g"),  # the ceiling
        (512 * GB, "2g"),
    ],
)
def test_default_heap_is_a_quarter_between_floor_and_ceiling(total: int | None, heap: str) -> None:
    assert default_heap(total) == heap


def test_java_size_uses_g_only_for_whole_gigabytes() -> None:
    assert [java_size(n) for n in (1 * GB, 1536 * MB, 384 * MB)] == ["1g", "1536m", "384m"]


def _meminfo(tmp_path: Path, kib: int) -> Path:
    path = tmp_path / "meminfo"
    path.write_text(f"MemTotal:       {kib} kB\nMemFree:        1000 kB\n", encoding="ascii")
    return path


def test_machine_memory_reads_memtotal(tmp_path: Path) -> None:
    memory = machine_memory(meminfo=_meminfo(tmp_path, 8 * 1024 * 1024), cgroup_limits=())
    assert memory == MachineMemory(8 * GB, "physical memory")


def test_a_lower_container_limit_wins(tmp_path: Path) -> None:
    v2 = tmp_path / "memory.max"
    v2.write_text(f"{3 * GB}\n", encoding="ascii")
    memory = machine_memory(meminfo=_meminfo(tmp_path, 16 * 1024 * 1024), cgroup_limits=(v2,))
    assert memory == MachineMemory(3 * GB, "container memory limit")
    assert default_heap(memory.total_bytes) == "768m"


@pytest.mark.parametrize("limit", ["max\n", "9223372036854771712\n", f"{32 * GB}\n", "garbage"])
def test_no_limit_or_a_higher_limit_leaves_physical_memory(tmp_path: Path, limit: str) -> None:
    cgroup = tmp_path / "limit"
    cgroup.write_text(limit, encoding="ascii")
    memory = machine_memory(meminfo=_meminfo(tmp_path, 4 * 1024 * 1024), cgroup_limits=(cgroup,))
    assert memory == MachineMemory(4 * GB, "physical memory")


def test_without_meminfo_sysconf_gives_the_physical_memory(tmp_path: Path) -> None:
    memory = machine_memory(meminfo=tmp_path / "missing", cgroup_limits=(tmp_path / "missing too",))
    assert memory.source == "physical memory"
    assert memory.total_bytes is not None and memory.total_bytes > 64 * MB


def test_the_environment_wins_and_says_so() -> None:
    choice = choose_heap("3g", MachineMemory(64 * GB, "physical memory"))
    assert (choice.size, choice.source) == ("3g", "DEALNET_STORE_HEAP")


def test_the_rule_names_the_memory_it_used() -> None:
    choice = choose_heap(None, MachineMemory(3 * GB, "container memory limit"))
    assert choice.size == "768m"
    assert "3.0 GB container memory limit" in choice.source


def test_the_store_takes_the_rule_without_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEALNET_STORE_HEAP", raising=False)
    store = EmbeddedStore(tmp_path)
    assert store.heap == default_heap(machine_memory().total_bytes)
    assert store.heap_choice.source.startswith(("a quarter of", "memory unknown"))


def test_db_status_prints_the_heap_and_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "DEALNET_NEO4J_URI",
        "DEALNET_NEO4J_USER",
        "DEALNET_NEO4J_PASSWORD",
        "DEALNET_NEO4J_DATABASE",
        "DEALNET_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    monkeypatch.setenv("DEALNET_STORE_HEAP", "640m")
    assert main(["db", "status"]) == 3  # not running: says what a start would use
    assert "Heap when started: 640m (DEALNET_STORE_HEAP)." in capsys.readouterr().out


@pytest.mark.store
def test_db_status_of_a_running_store_prints_the_heap_it_was_started_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "DEALNET_NEO4J_URI",
        "DEALNET_NEO4J_USER",
        "DEALNET_NEO4J_PASSWORD",
        "DEALNET_NEO4J_DATABASE",
        "DEALNET_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEALNET_HOME", str(tmp_path))
    monkeypatch.setenv("DEALNET_STORE_HEAP", "300m")  # what status would choose now: not what runs
    embedded = EmbeddedStore(tmp_path, heap="256m")
    embedded.start()
    try:
        assert main(["db", "status"]) == 0
        out = capsys.readouterr().out
        assert "Heap: 256m (given by the caller)." in out, out
        assert embedded.status().heap == "256m"
    finally:
        embedded.stop()
