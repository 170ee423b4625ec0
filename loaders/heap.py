"""The embedded store's Java heap: chosen from the machine's memory unless the user sets it.

Rule
----
Without ``DEALNET_STORE_HEAP``, the heap is **a quarter of the memory available to
dealnet, at least 512 MB and at most 2 GB** (never more than half of that memory, on a
machine or container with less than 1 GB). The memory available is the machine's
physical memory (``MemTotal`` in ``/proc/meminfo``, else ``sysconf``), or the
container's memory limit (cgroup v2 ``memory.max`` or v1 ``memory.limit_in_bytes``)
when that is lower. When neither can be read the heap is 512 MB, the earlier fixed
default.

Why these numbers: a quarter of physical memory is Java's own default maximum heap,
which leaves room for the Dash app, the browser and the operating system beside the
store. 512 MB is what a national dataset needs at least to load (with less, a load
fails with an out-of-memory error). 2 GB is where the gain stops: a first national
load took 29.9 s with 512 MB and 24.1 s with 2 GB on a 2-core machine, and a larger
heap only lets the Java process grow further before it collects garbage, which counts
against the memory a server running ``dealnet serve`` may use.

``DEALNET_STORE_HEAP`` (a Java size such as ``384m`` or ``3g``) always wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GB",
    "HEAP_CEILING",
    "HEAP_FLOOR",
    "HEAP_SHARE",
    "MB",
    "HeapChoice",
    "MachineMemory",
    "choose_heap",
    "default_heap",
    "java_size",
    "machine_memory",
]

MB = 1024 * 1024
GB = 1024 * MB
#: The share of the memory available that the store may use as heap (Java's own default).
HEAP_SHARE = 4
#: At least this much (a national load needs it), unless the memory is less than twice this.
HEAP_FLOOR = 512 * MB
#: At most this much: more gave no faster national load and only raises peak memory.
HEAP_CEILING = 2 * GB
#: Limits at or above this are "no limit" (cgroup v1 writes 2**63 rounded down to a page).
_NO_LIMIT = 1 << 60

_MEMINFO = Path("/proc/meminfo")
_CGROUP_LIMITS = (
    Path("/sys/fs/cgroup/memory.max"),  # cgroup v2
    Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"),  # cgroup v1
)


@dataclass(frozen=True, slots=True)
class MachineMemory:
    """The memory available to dealnet, in bytes, and where that figure came from."""

    total_bytes: int | None
    """``None`` when it could not be read."""
    source: str
    """``"physical memory"`` or ``"container memory limit"`` (or ``"unknown"``)."""


@dataclass(frozen=True, slots=True)
class HeapChoice:
    """The heap the embedded store is started with, and why (``dealnet db status`` says it)."""

    size: str
    """A Java size such as ``"2g"`` or ``"768m"``."""
    source: str
    """In words: ``DEALNET_STORE_HEAP``, or the rule with the memory it was applied to."""


def java_size(size_bytes: int) -> str:
    """``size_bytes`` as a Java size, in whole MB (``g`` when a whole number of GB).

    Examples
    --------
    >>> java_size(2 * GB), java_size(768 * MB), java_size(1000 * MB + 5)
    ('2g', '768m', '1000m')
    """
    megabytes = size_bytes // MB
    return f"{megabytes // 1024}g" if megabytes % 1024 == 0 else f"{megabytes}m"


def default_heap(total_bytes: int | None) -> str:
    """The embedded store's heap for a machine with ``total_bytes`` of memory (see the module).

    A quarter of ``total_bytes``, at least 512 MB (but never more than half of
    ``total_bytes``) and at most 2 GB, in whole MB; 512 MB when the memory is unknown.

    Examples
    --------
    >>> default_heap(16 * GB), default_heap(4 * GB), default_heap(3 * GB), default_heap(None)
    ('2g', '1g', '768m', '512m')
    >>> default_heap(1 * GB), default_heap(512 * MB)
    ('512m', '256m')
    """
    if total_bytes is None or total_bytes <= 0:
        return java_size(HEAP_FLOOR)
    floor = min(HEAP_FLOOR, total_bytes // 2)
    return java_size(max(64 * MB, min(HEAP_CEILING, max(floor, total_bytes // HEAP_SHARE))))


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None  # "max" (cgroup v2 without a limit) -> None


def _physical_bytes(meminfo: Path = _MEMINFO) -> int | None:
    """``MemTotal`` from ``/proc/meminfo``; else pages times page size from ``sysconf``."""
    try:
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except (OSError, UnicodeDecodeError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - Windows
        return None


def machine_memory(*, meminfo: Path = _MEMINFO, cgroup_limits: tuple[Path, ...] = _CGROUP_LIMITS) -> MachineMemory:
    """The memory available to this process: physical memory, or a lower container limit."""
    physical = _physical_bytes(meminfo)
    limits = [n for path in cgroup_limits if (n := _read_int(path)) is not None and 0 < n < _NO_LIMIT]
    limit = min(limits, default=None)
    if limit is not None and (physical is None or limit < physical):
        return MachineMemory(limit, "container memory limit")
    if physical is None:
        return MachineMemory(None, "unknown")
    return MachineMemory(physical, "physical memory")


def choose_heap(configured: str | None, memory: MachineMemory | None = None) -> HeapChoice:
    """The heap to start the store with: ``configured`` (``DEALNET_STORE_HEAP``) if set, else the rule.

    Examples
    --------
    >>> choose_heap("3g")
    HeapChoice(size='3g', source='DEALNET_STORE_HEAP')
    >>> choose_heap(None, MachineMemory(6 * GB, "physical memory")).source
    'a quarter of 6.0 GB physical memory, at least 512m, at most 2g'
    >>> choose_heap(None, MachineMemory(None, "unknown")).source
    'memory unknown: the minimum, 512m'
    """
    if configured:
        return HeapChoice(configured, "DEALNET_STORE_HEAP")
    memory = memory if memory is not None else machine_memory()
    size = default_heap(memory.total_bytes)
    if memory.total_bytes is None:
        return HeapChoice(size, f"memory unknown: the minimum, {java_size(HEAP_FLOOR)}")
    return HeapChoice(
        size,
        f"a quarter of {memory.total_bytes / GB:.1f} GB {memory.source},"
        f" at least {java_size(HEAP_FLOOR)}, at most {java_size(HEAP_CEILING)}",
    )
