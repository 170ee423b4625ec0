"""Loads of any size are atomic for readers: killed at any moment, the store reads the old data or the new.

A load stages a new generation and switches readers to it in one short transaction
(:mod:`loaders.writer`). Here ``dealnet load B --replace`` runs as a process onto a store
holding A (two synthetic datasets of the small scale, seeds 1 and 2: the same shape,
different records) and is killed with SIGKILL at seeded random moments: mostly while it
writes, now and then anywhere from its start. ``DEALNET_SINGLE_TRANSACTION_ROWS=0`` makes
it write in batches (some thirty transactions, then the switch, then the clean-up of the
old generation), the path that used to leave a store with neither dataset.

After each kill the store must read exactly A or exactly B: the counts per label and per
relationship type, and the whole projection, equal one of them. Then the same load
again must complete it, leaving the new dataset and nothing of any other generation (every
fourth time the same command, otherwise the same writer called in the test's process). The
next trial loads the other way round (B to A), so no time goes into restoring the store.

The same holds when the store's Java process is killed, with the loader, as when the
machine goes down (an embedded store of the test's own in a temporary home, started
again before the check).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from graph.model import Dataset
from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.plan import NODE_LABELS, relationship_counts
from loaders.reader import read_dataset
from loaders.repository import (
    LoadInfo,
    current_load,
    generation_sizes,
    last_load,
    read_store_dataset,
)
from loaders.settings import (
    ENV_DATABASE,
    ENV_PASSWORD,
    ENV_URI,
    ENV_USER,
    StoreSettings,
)
from loaders.synth import synthesize
from loaders.writer import store_counts, write_dataset

#: Twenty kills in all, as the issue asks: of the loader, and of the store (with the loader).
LOADER_KILLS = 17
STORE_KILLS = 3
SEED = 20_261_130
ROOT = Path(__file__).resolve().parents[1]
#: Every this many loader kills, the killed load is run again to completion (every other time
#: as the command, else by the same writer in this process); in between, the next trial loads
#: onto whatever the kills left, abandoned generations included.
RERUN_EVERY = 3


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Dataset]]:
    """Two small synthetic datasets, A and B, as folders and as read."""
    found = {}
    for name, seed in (("A", 1), ("B", 2)):
        folder = tmp_path_factory.mktemp(f"dataset-{name}")
        synthesize("small", seed, folder)
        found[name] = (folder, read_dataset(folder))
    return found


def expected_counts(dataset: Dataset) -> dict[str, int]:
    """Nodes per label and relationships per type a store holding ``dataset`` reads."""
    nodes = {NODE_LABELS[file]: n for file, n in dataset.counts().items() if file in NODE_LABELS and n}
    return nodes | relationship_counts(dataset)


def reads(store: Store, datasets: dict[str, tuple[Path, Dataset]], *, whole: bool = True) -> str | None:
    """Which dataset the store reads exactly ("A" or "B"), or None for neither.

    Counts per label and relationship type first; with ``whole`` also the projection,
    record by record.
    """
    counts = {name: count for name, count in store_counts(store).items() if count}
    candidates = [name for name, (_, data) in datasets.items() if counts == expected_counts(data)]
    if len(candidates) != 1 or not whole:
        return candidates[0] if len(candidates) == 1 else None
    held = read_store_dataset(store).canonical()
    return candidates[0] if held == datasets[candidates[0]][1].canonical() else None


def _env(settings: StoreSettings | None, home: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALNET_")}
    if settings is not None:
        env.update({ENV_URI: settings.uri, ENV_USER: settings.user, ENV_PASSWORD: settings.password})
        if settings.database:
            env[ENV_DATABASE] = settings.database
    if home is not None:
        env.update({"DEALNET_HOME": str(home), "DEALNET_STORE_HEAP": "384m"})
    env["DEALNET_SINGLE_TRANSACTION_ROWS"] = "0"  # batches, whatever the size
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return env


def _load(path: Path, env: dict[str, str], *, errors: bool = False) -> subprocess.Popen[bytes]:
    """``dealnet load PATH --replace`` as a process of its own (with ``errors``, its output kept)."""
    kept = subprocess.PIPE if errors else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "load", str(path), "--replace"], env=env, cwd=ROOT,
        stdout=kept, stderr=kept,
    )  # fmt: skip


def _wait_for_new_load(store: Store, previous: str | None, process: subprocess.Popen[bytes], limit: float) -> bool:
    """Poll until a load other than ``previous`` is recorded; False if the process ended first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        load = last_load(store)
        if load is not None and load.id != previous:
            return True
        time.sleep(0.01)
    return False


def _only_current_generation(store: Store) -> bool:
    load = current_load(store)
    return load is not None and set(generation_sizes(store)) == {load.gen}


def _timed_load(store: Store, path: Path, env: dict[str, str], *, may_be_held: bool = False) -> tuple[float, float]:
    """A whole load as a process: (seconds from its start to its ``:Load`` marker, from there to its exit).

    ``may_be_held``: the store may already hold the dataset (a load killed after its switch),
    and then the load rightly writes nothing at all, not even a ``:Load`` marker: (0, its run time).
    """
    before = last_load(store)
    started = time.monotonic()
    process = _load(path, env, errors=True)
    begun = time.monotonic() if _wait_for_new_load(store, before.id if before else None, process, 120) else None
    out, err = process.communicate(timeout=180)
    if begun is None and may_be_held and process.returncode == 0 and b"Nothing changed" in out:
        return 0.0, time.monotonic() - started
    assert process.returncode == 0 and begun is not None, (out + err).decode(errors="replace")
    return begun - started, time.monotonic() - begun


def _moment(store: Store, process: subprocess.Popen[bytes], before: LoadInfo | None, seen_new: bool) -> str:
    """What the kill interrupted, from what the store shows after it."""
    load = last_load(store)
    if not seen_new:
        begun = load is not None and (before is None or load.id != before.id)
        return "old: killed while staging" if begun else "old: killed before the load began"
    if process.returncode == 0:
        return "new: finished before the kill"
    # The clean-up deletes every generation older than the new one: any left means it was cut short.
    return "new: killed while cleaning up" if len(generation_sizes(store)) > 1 else "new: killed after the clean-up"


def _complete(store: Store, target: tuple[Path, Dataset], env: dict[str, str], *, cli: bool) -> float:
    """The same load again, as the command or by the same writer in this process: seconds it wrote for."""
    if cli:
        return _timed_load(store, target[0], env, may_be_held=True)[1]
    started = time.monotonic()
    write_dataset(store, target[1], source=str(target[0]), replace=True)
    return time.monotonic() - started


def test_killed_loader_leaves_old_or_new_and_a_rerun_completes(
    empty_store: Store, store_settings: StoreSettings, datasets: dict[str, tuple[Path, Dataset]]
) -> None:
    store = empty_store
    write_dataset(store, datasets["A"][1], source="A")
    assert reads(store, datasets) == "A"
    env = _env(store_settings)
    # A whole batched load of the other dataset, as a process: how long it takes to start, and to write.
    start_up, window = _timed_load(store, datasets["B"][0], env)
    assert reads(store, datasets) == "B"
    assert _only_current_generation(store)

    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    holding = "B"
    for trial in range(LOADER_KILLS):
        target = "A" if holding == "B" else "B"
        before = last_load(store)
        process = _load(datasets[target][0], env)
        if rng.random() < 0.2:  # now and then, anywhere from the start (imports, reading the files)
            time.sleep(rng.uniform(0, start_up + window))
        else:  # mostly while it writes: staging, the switch, the clean-up
            _wait_for_new_load(store, before.id if before else None, process, 60)
            time.sleep(rng.uniform(0, window * 0.8))  # the window also holds planning before the marker
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        seen = reads(store, datasets)
        assert seen is not None and seen in (holding, target), (
            f"trial {trial}: the store reads neither {holding} nor {target}"
        )
        outcomes[_moment(store, process, before, seen == target)] += 1
        holding = seen
        if trial % RERUN_EVERY == RERUN_EVERY - 1 or trial == LOADER_KILLS - 1:
            # The same load again completes it (whatever the kills before it left behind); how
            # long it wrote for sets the next kill window (loads get faster as the JIT warms up).
            written = _complete(store, datasets[target], env, cli=trial % (2 * RERUN_EVERY) == RERUN_EVERY - 1)
            window = (window + written) / 2
            assert reads(store, datasets, whole=False) == target, f"trial {trial}: the re-run did not complete the load"
            assert _only_current_generation(store), f"trial {trial}: older generations left after the re-run"
            holding = target
    print(f"\n{LOADER_KILLS} loader kills: " + "; ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    assert outcomes["old: killed while staging"] > 0, "no kill landed while a load was staged: the delays are wrong"


@pytest.mark.store
def test_killed_store_leaves_old_or_new_and_a_rerun_completes(
    tmp_path: Path, datasets: dict[str, tuple[Path, Dataset]]
) -> None:
    home = tmp_path / "home"
    embedded = EmbeddedStore(home, heap="384m")
    env = _env(None, home)
    rng = random.Random(SEED + 1)
    try:
        with connect(embedded.start()) as store:
            write_dataset(store, datasets["A"][1], source="A")
            _, window = _timed_load(store, datasets["B"][0], env)
            assert reads(store, datasets) == "B"
        holding = "B"
        outcomes: Counter[str] = Counter()
        for trial in range(STORE_KILLS):
            target = "A" if holding == "B" else "B"
            with connect(embedded.start()) as store:
                before = last_load(store)
                process = _load(datasets[target][0], env)
                _wait_for_new_load(store, before.id if before else None, process, 60)
                time.sleep(rng.uniform(0, window * 0.6))  # the window was measured on a cold store
                pid = embedded.status().pid
                assert pid is not None
                os.kill(pid, signal.SIGKILL)
                # The machine goes down with it: the loader too (its driver would otherwise retry for half a minute).
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                while embedded.is_serving(pid):  # SIGKILL is asynchronous
                    time.sleep(0.05)
            with connect(embedded.start()) as store:  # a new server on the same files
                seen = reads(store, datasets)
                assert seen in (holding, target), f"store kill {trial}: the store reads neither {holding} nor {target}"
                outcomes[_moment(store, process, before, seen == target)] += 1
                _complete(store, datasets[target], env, cli=trial == 0)
                assert reads(store, datasets, whole=False) == target, f"store kill {trial}: the re-run did not complete"
                assert _only_current_generation(store)
            holding = target
        print(f"\n{STORE_KILLS} store kills: " + "; ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    finally:
        embedded.stop()
