"""Wall time of the loads a user runs, on the store side: ``python -m bench.loads``.

Not part of the test run. Starts an embedded store (``--heap``, default 2g as in
:mod:`bench.run`) in a temporary ``DEALNET_HOME``, makes two synthetic datasets of one
scale (seeds 1 and 2: the same shape, different records) and times, each as
:func:`loaders.writer.write_dataset`:

1. the first load of dataset A into an empty store;
2. a reload of A (no ``--replace``: the store keeps what A lacks);
3. ``--replace`` of A by B (another dataset altogether);
4. ``--replace`` of B by B with a tenth of its participations dropped;
5. reading the projection back (what the app, ``report`` and ``export`` do).

Each figure is the best of ``--repeats`` runs of the whole sequence, as wall time and as
the CPU seconds the store's JVM spent (from ``/proc``): on a shared machine the wall time
follows everyone's load, the store's CPU time far less. After each step the store must
read exactly the dataset just loaded: the script checks that, so a fast wrong load cannot
pass.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph.model import Dataset
from loaders import writer
from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.reader import read_dataset
from loaders.repository import read_store_dataset
from loaders.synth import synthesize
from queries.catalog import cypher

__all__ = ["main"]


def _wipe(store: Store) -> None:
    def batch(tx: Any) -> int:
        return int(tx.run(cypher("admin/wipe"), {"limit": 10_000}).single(strict=True)["deleted"])

    while store.execute_write(batch):
        pass


def _check(store: Store, expected: Dataset, what: str) -> None:
    if read_store_dataset(store).canonical() != expected.canonical():
        raise SystemExit(f"{what}: the store does not read back the dataset just loaded")


def _store_cpu(pid: int | None) -> float:
    """CPU seconds (user and system) process ``pid`` has used so far; 0 where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sequence(store: Store, pid: int | None, a: Dataset, b: Dataset, fewer: Dataset) -> dict[str, tuple[float, float]]:
    union = a  # a reload of A onto A holds A
    steps: list[tuple[str, Callable[[], Any], Dataset | None]] = [
        ("first load into an empty store", lambda: writer.write_dataset(store, a), a),
        ("reload of the same dataset", lambda: writer.write_dataset(store, a), union),
        ("--replace by another dataset", lambda: writer.write_dataset(store, b, replace=True), b),
        ("--replace, a tenth of the participations dropped",
         lambda: writer.write_dataset(store, fewer, replace=True), fewer),
    ]  # fmt: skip
    steps.append(("read projection (read_store_dataset)", lambda: read_store_dataset(store), None))
    seconds: dict[str, tuple[float, float]] = {}
    for name, work, expected in steps:
        cpu, started = _store_cpu(pid), time.perf_counter()
        work()
        seconds[name] = (time.perf_counter() - started, _store_cpu(pid) - cpu)
        if expected is not None:
            _check(store, expected, name)
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    """Time the loads and print the best figure of each."""
    parser = argparse.ArgumentParser(prog="python -m bench.loads", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "national"), default="national")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dealnet-bench-loads-") as home:
        synthesize(args.scale, 1, Path(home, "a"))
        synthesize(args.scale, 2, Path(home, "b"))
        a, b = read_dataset(Path(home, "a")), read_dataset(Path(home, "b"))
        fewer = b.model_copy(update={"participations": b.participations[: -len(b.participations) // 10]})
        embedded = EmbeddedStore(Path(home, "store"), heap=args.heap)
        settings = embedded.start()
        try:
            with connect(settings) as store:
                best: dict[str, tuple[float, float]] = {}
                pid = embedded.status().pid
                for run in range(args.repeats):
                    _wipe(store)
                    figures = _sequence(store, pid, a, b, fewer)
                    print(f"run {run + 1}: " + "; ".join(f"{k} {v[0]:.1f} s" for k, v in figures.items()), flush=True)
                    best = {k: (min(v[0], best.get(k, v)[0]), min(v[1], best.get(k, v)[1])) for k, v in figures.items()}
        finally:
            embedded.stop()
    records = sum(a.counts().values())
    print(f"\n{args.scale} scale, {records:,} records, heap {args.heap}: best of {args.repeats}")
    for name, (wall, cpu) in best.items():
        print(f"  {name:<52} {wall:6.1f} s wall  {cpu:6.1f} s store CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
