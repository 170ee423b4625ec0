"""Faults during a load: the single-transaction load killed at random moments, and driver retries.

A load stages a new generation and switches readers to it in one short transaction
(:mod:`loaders.writer`); ``tests/test_load_atomic.py`` kills batched loads (and the
store) at random moments. Here: the small-load path, one transaction for staging and
switch, killed as well; and transaction functions that run twice, which must neither
duplicate anything nor let readers see a wrong generation.

The loader runs as ``dealnet load`` in a subprocess and is killed with SIGKILL. It is
started through a two-line launcher that sets ``loaders.writer.SINGLE_TRANSACTION_ROWS``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j import ManagedTransaction

import loaders.writer
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.plan import relationship_counts
from loaders.reader import read_dataset
from loaders.repository import canonical_dump, generation_sizes, last_load
from loaders.settings import (
    ENV_DATABASE,
    ENV_PASSWORD,
    ENV_URI,
    ENV_USER,
    StoreSettings,
)
from loaders.synth import synthesize
from loaders.writer import store_counts, write_dataset
from tests.datasets import write_small_dataset
from tests.storetools import wipe

KILLS = 20
SEED = 20_260_131
ROOT = Path(__file__).resolve().parents[1]
# `python -m app.cli` with the single-transaction threshold as first argument.
LAUNCHER = (
    "import sys, loaders.writer as w; w.SINGLE_TRANSACTION_ROWS = int(sys.argv[1]); "
    "from app.cli import main; raise SystemExit(main(sys.argv[2:]))"
)


def _env(settings: StoreSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALNET_")}
    env.update({ENV_URI: settings.uri, ENV_USER: settings.user, ENV_PASSWORD: settings.password})
    if settings.database:
        env[ENV_DATABASE] = settings.database
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return env


def _spawn(
    settings: StoreSettings, args: list[str], threshold: int = 0, *, errors: bool = False
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(threshold), *args],
        env=_env(settings), cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if errors else subprocess.DEVNULL,
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


def test_killed_single_transaction_load_is_all_or_nothing(
    empty_store: Store, store_settings: StoreSettings, tmp_path: Path
) -> None:
    """Below the threshold a load is one transaction: a kill leaves the old data or the new, never a part."""
    store = empty_store
    new = tmp_path / "new"
    synthesize("tiny", 4, new)
    write_dataset(store, read_dataset(DEMO_DATASET))
    old_dump = canonical_dump(store)
    rng = random.Random(SEED + 1)
    seen: Counter[str] = Counter()
    for _ in range(4):
        before = last_load(store)
        process = _spawn(store_settings, ["load", str(new)], threshold=loaders.writer.SINGLE_TRANSACTION_ROWS)
        _wait_for_new_load(store, before.id if before else None, process, 30)
        time.sleep(rng.uniform(0, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        dump = canonical_dump(store)
        if dump != old_dump:
            load = last_load(store)
            assert load is not None and load.complete, "data changed, yet the load is not complete"
            seen["new"] += 1
            break
        seen["old"] += 1
    assert sum(seen.values()) >= 1


# -- driver retries ----------------------------------------------------------------------


class RetryingStore(Store):
    """The session's store, but every write transaction function runs twice.

    ``same_transaction``: twice inside one transaction (what a retry amounts to when the
    first attempt's effects are visible to the second). Otherwise twice in two committed
    transactions (a retry after a commit whose outcome the driver did not learn), for
    the work that ``only`` selects.
    """

    def __init__(
        self, inner: Store, *, same_transaction: bool, only: Callable[[Any, tuple[Any, ...]], bool], limit: int = 3
    ) -> None:
        super().__init__(inner.driver, inner.settings)
        self.same_transaction = same_transaction
        self.only = only
        self.limit = limit  # retries are rare: the first few matching calls only
        self.retries = 0

    def execute_write(self, work: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.retries >= self.limit or not self.only(work, args):
            return super().execute_write(work, *args, **kwargs)
        self.retries += 1
        if self.same_transaction:

            def twice(tx: ManagedTransaction) -> Any:
                work(tx, *args, **kwargs)
                return work(tx, *args, **kwargs)

            return super().execute_write(twice)
        super().execute_write(work, *args, **kwargs)
        return super().execute_write(work, *args, **kwargs)


def _relationship_steps(work: Any, args: tuple[Any, ...]) -> bool:
    steps = args[0] if args and isinstance(args[0], list) else []
    return any(
        s.statement.startswith(("write/link_", "write/create_participations", "write/create_adoptions")) for s in steps
    )


def _data_work(work: Any, args: tuple[Any, ...]) -> bool:
    return getattr(work, "__name__", "") in {"_write_all", "_run_steps"}


@pytest.mark.parametrize(
    ("batched", "same_transaction", "only"),
    [
        (False, True, _data_work),  # the whole single-transaction load runs twice in its transaction
        (True, False, _relationship_steps),  # relationship batches committed twice
    ],
    ids=["single-tx twice", "relationship batches committed twice"],
)
def test_retried_transaction_functions_duplicate_nothing(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    batched: bool, same_transaction: bool, only: Callable[[Any, tuple[Any, ...]], bool],
) -> None:  # fmt: skip
    dataset = read_dataset(write_small_dataset(tmp_path / "small"))
    if batched:
        monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)
    write_dataset(empty_store, dataset)
    clean = canonical_dump(empty_store)
    wipe(empty_store)  # onto an empty store: the CREATE path, where duplicates could arise
    retrying = RetryingStore(empty_store, same_transaction=same_transaction, only=only)
    write_dataset(retrying, dataset)
    assert retrying.retries > 0
    counts = store_counts(empty_store)
    for rel, count in relationship_counts(dataset).items():
        assert counts.get(rel) == count, rel
    assert canonical_dump(empty_store) == clean
    # and a retried re-load onto the loaded store (the MERGE/unlink path)
    retrying = RetryingStore(empty_store, same_transaction=same_transaction, only=only)
    write_dataset(retrying, dataset)
    assert canonical_dump(empty_store) == clean


def _node_create_steps(work: Any, args: tuple[Any, ...]) -> bool:
    steps = args[0] if args and isinstance(args[0], list) else []
    return any(s.statement == "write/create_parties" for s in steps)


def test_node_batch_committed_twice_is_refused_by_the_constraint_and_a_rerun_heals(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CREATE batch of nodes run twice cannot duplicate: the (id, gen) constraint refuses it,
    the load stops before its switch, readers keep what they saw, and a re-run completes it."""
    from neo4j.exceptions import ConstraintError

    dataset = read_dataset(write_small_dataset(tmp_path / "small"))
    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)
    write_dataset(empty_store, dataset)
    clean = canonical_dump(empty_store)
    wipe(empty_store)
    retrying = RetryingStore(empty_store, same_transaction=False, only=_node_create_steps)
    with pytest.raises(ConstraintError):
        write_dataset(retrying, dataset)
    assert store_counts(empty_store) == {}, "readers see the store as before: empty"
    load = last_load(empty_store)
    assert load is not None and load.status == "unfinished"
    assert generation_sizes(empty_store).get(load.gen, 0) > 0, "the failed load had staged something"
    write_dataset(empty_store, dataset)
    assert canonical_dump(empty_store) == clean
    assert set(generation_sizes(empty_store)) == {last_load(empty_store).gen}  # type: ignore[union-attr]


def test_relationship_batches_committed_twice_are_staged_again(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Duplicated relationships in a staged generation are found before the switch, never shown."""
    dataset = read_dataset(write_small_dataset(tmp_path / "small"))
    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)
    retrying = RetryingStore(empty_store, same_transaction=False, only=_relationship_steps)
    result = write_dataset(retrying, dataset)
    assert retrying.retries > 0 and result.healed
    counts = store_counts(empty_store)
    for rel, count in relationship_counts(dataset).items():
        assert counts.get(rel) == count, rel
    assert set(generation_sizes(empty_store)) == {result.generation}
