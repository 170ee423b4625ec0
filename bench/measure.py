"""Small measuring helpers of the benchmark: timers, percentiles, peak memory, verdicts."""

from __future__ import annotations

import os
import resource
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = [
    "TreeMemory",
    "cpu_seconds",
    "java_peak_bytes",
    "percentile",
    "python_peak_bytes",
    "timed",
    "tree_pids",
    "verdict",
]

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """``work()``'s result and its wall time in seconds."""
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0..1) of ``values`` (inclusive method)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def python_peak_bytes() -> int:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def java_peak_bytes(pid: int | None) -> int | None:
    """Peak resident memory (VmHWM) of a process, or None where /proc cannot tell."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def verdict(value: float, target: float, *, higher_is_better: bool, why: str = "") -> str:
    """``ok`` or ``MISSED by …`` for a figure against its target, with the reason when missed."""
    met = value >= target if higher_is_better else value <= target
    if met:
        return "ok"
    factor = target / value if higher_is_better and value else value / target if target else float("inf")
    return f"MISSED by {factor:.2f}x" + (f" ({why})" if why else "")


def _status_kib(pid: int, field: str) -> int:
    """A ``kB`` field of ``/proc/<pid>/status`` (0 when the process is gone or /proc cannot tell)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def tree_pids(root: int) -> list[int]:
    """``root`` and every process descending from it, from the parent ids in ``/proc``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text(encoding="ascii").rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user and system) these processes have used so far (0 for a gone one)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class TreeMemory:
    """The resident memory of a process and its descendants, sampled in a thread.

    ``peak`` is the highest sum of ``VmRSS`` over the tree seen in any sample (every
    ``interval`` seconds); ``root_hwm`` the root process's own high-water mark
    (``VmHWM``, exact: the kernel keeps it). Use as a context manager.
    """

    def __init__(self, root: int, interval: float = 0.1) -> None:
        self.root = root
        self.interval = interval
        self.peak = 0
        self.root_hwm = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-memory", daemon=True)

    def sample(self) -> int:
        """One sample: bytes resident in the tree now (the peak is updated)."""
        now = sum(_status_kib(pid, "VmRSS") for pid in tree_pids(self.root)) * 1024
        self.peak = max(self.peak, now)
        self.root_hwm = max(self.root_hwm, _status_kib(self.root, "VmHWM") * 1024)
        return now

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()
