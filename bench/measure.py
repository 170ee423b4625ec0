"""Small measuring helpers of the benchmark: timers, percentiles, peak memory, verdicts."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["java_peak_bytes", "percentile", "python_peak_bytes", "timed", "verdict"]

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
