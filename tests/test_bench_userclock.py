"""The user-clock benchmark's own parts: the edited datasets, the CLI's summary, the environment, /proc sampling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.measure import TreeMemory, cpu_seconds, tree_pids
from bench.userclock import _flatten, _summary, user_env
from bench.variants import EDITED_NOTE, changed_share, removed_share
from graph.model import Dataset
from loaders.reader import read_dataset
from loaders.synth import synthesize


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("tiny")
    synthesize("tiny", 1, folder)
    return read_dataset(folder)


def test_a_share_changed_keeps_every_key_and_changes_one_in_so_many(tiny: Dataset) -> None:
    changed = changed_share(tiny, 0.1)  # the tiny dataset has 25 adoptions: a tenth, not 1%
    for name in ("participations", "adoptions"):
        before, after = getattr(tiny, name), getattr(changed, name)
        assert sorted(r.key for r in before) == sorted(r.key for r in after)
        differ = len(set(after) - set(before))
        assert differ == len(range(5, len(before), 10)) and differ > 0
    assert sum(a.note == EDITED_NOTE for a in changed.adoptions) == len(range(5, len(tiny.adoptions), 10))
    assert changed.parties == tiny.parties and changed_share(tiny, 0.1) == changed  # deterministic


def test_a_tenth_removed_leaves_nine_tenths_and_nothing_else_changes(tiny: Dataset) -> None:
    fewer = removed_share(tiny, 0.1)
    for name in ("participations", "adoptions"):
        before, after = getattr(tiny, name), getattr(fewer, name)
        assert set(after) <= set(before)
        assert len(before) - len(after) == len(range(5, len(before), 10))
    assert fewer.activities == tiny.activities


def test_the_summary_is_what_the_cli_said() -> None:
    said = "Loaded d: 12 records; added/changed/removed per file: parties +1 ~0 -0; adoptions +0 ~2 -1.\nnext"
    assert _summary(said) == "parties +1 ~0 -0; adoptions +0 ~2 -1"
    assert _summary("Nothing changed / niets gewijzigd: the store holds d. Nothing was written.") == (
        "Nothing changed / niets gewijzigd: the store holds d"
    )


def test_stats_counts_are_found_at_any_depth() -> None:
    stats = {"nodes": {"Party": 3}, "relationships": {"PARTICIPATED": 7, "ADOPTED": 2}, "store": "x"}
    assert _flatten(stats) == {"Party": 3, "PARTICIPATED": 7, "ADOPTED": 2}


def test_the_user_has_default_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEALNET_STORE_HEAP", "2g")
    monkeypatch.setenv("DEALNET_NEO4J_URI", "bolt://elsewhere:7687")
    env = user_env(tmp_path)
    assert env["DEALNET_HOME"] == str(tmp_path)
    assert not [k for k in env if k.startswith("DEALNET_") and k != "DEALNET_HOME"]
    assert env["PATH"] == os.environ["PATH"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_memory_of_a_process_tree_counts_its_children() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; block = bytearray(64 * 2**20); time.sleep(30)"],
        stdout=subprocess.DEVNULL,
    )
    try:
        with TreeMemory(os.getpid(), interval=0.05) as memory:
            for _ in range(100):  # until the child holds its block (no timing assertion: it is counted)
                if memory.sample() > memory.root_hwm + 60 * 2**20:
                    break
                subprocess.run([sys.executable, "-c", "pass"], check=True)
        assert child.pid in tree_pids(os.getpid())
        assert memory.peak > memory.root_hwm + 60 * 2**20  # the child's 64 MiB on top of this process
        assert cpu_seconds([os.getpid()]) > 0
    finally:
        child.kill()
        child.wait()
