"""The user's clock: dealnet's commands timed as a user runs them, from the shell.

The store-only figures of :func:`bench.run.bench_store` time the writer inside one
Python process, on a store with a 2 GB heap and a JIT warmed by a throw-away load. A
user waits for something else: ``dealnet load`` as a process (Python starting, reading
and validating the files, comparing with the store, writing) on a store started as the
user starts it. This part runs every command as a separate process with a fresh
``DEALNET_HOME`` and **default settings** (every ``DEALNET_*`` variable of the
environment dropped, so the embedded store chooses its own heap), and times:

1. ``dealnet db start`` (reported apart: a user starts the store once);
2. ``dealnet load A`` into the empty, freshly started (cold) store;
3. ``dealnet load A`` again, nothing changed;
4. ``dealnet report --format pdf`` (and ``--format html``: the difference is Chromium printing);
5. ``dealnet serve``: the first page after it starts (opened as soon as it answers), then
   every page in headless Chromium, first visit and a repeat (:mod:`bench.browser`
   says when a page counts as shown), and the peak resident memory of the serve
   process tree (sampled from ``/proc``) while it serves them all;
6. ``dealnet load B``: A with 1% of its participations and adoptions changed;
7. ``dealnet load --replace C``: B without a tenth of its participations and adoptions;
8. the pages of ``dealnet demo`` in headless Chromium (its own store and home).

B and C are made from A by :mod:`bench.variants` (every 100th / 10th record in key
order), so every run loads the same files. Each load's line carries what the CLI said
it added, changed and removed, and where the time went: dealnet's own CPU time (the
process and its children) against the store JVM's, so a missed target says whose work
it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import TreeMemory, cpu_seconds, java_peak_bytes, timed, verdict
from bench.variants import changed_share, removed_share, write_variant
from loaders.reader import read_dataset
from loaders.synth import synthesize

__all__ = ["TARGETS", "bench_user"]

#: Targets of issue 17 (seconds; bytes for memory), on this 2-core machine.
TARGETS: dict[str, float] = {
    "first load": 20.0,
    "reload, nothing changed": 5.0,
    "reload, 1% changed": 8.0,
    "load --replace, a tenth removed": 10.0,
    "report --format pdf": 8.0,
    "page, national": 3.0,
    "page, demo": 1.0,
    "first page after serve starts": 3.0,
    "serve peak memory": 1.5 * 2**30,
}
#: A server counts as idle (its start-up warm-up done) after this long without CPU use.
IDLE_SECONDS = 1.5


@dataclass(frozen=True)
class Ran:
    """One command as the user ran it: wall time, dealnet's CPU time and what it printed."""

    seconds: float
    cpu: float
    returncode: int
    stdout: str
    stderr: str


def _dealnet() -> list[str]:
    """The ``dealnet`` console script next to this Python (else ``python -m app.cli``)."""
    script = Path(sys.executable).with_name("dealnet")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "app.cli"]


def user_env(home: Path) -> dict[str, str]:
    """The environment of a user with default settings and ``DEALNET_HOME=home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALNET_")}
    env["DEALNET_HOME"] = str(home)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: A command that takes longer than this is stopped and reported as timed out (the run goes on).
COMMAND_TIMEOUT = 300.0


def run(args: Sequence[str], env: dict[str, str], *, timeout: float = COMMAND_TIMEOUT) -> Ran:
    """Run ``dealnet *args`` as a process; wall time and the CPU time of it and its children."""
    cpu, start = _children_cpu(), time.perf_counter()
    try:
        done = subprocess.run([*_dealnet(), *args], env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:  # the process is killed: say so and go on with the rest
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout or ""
        return Ran(time.perf_counter() - start, _children_cpu() - cpu, -9, out, f"timed out after {timeout:.0f} s")
    return Ran(time.perf_counter() - start, _children_cpu() - cpu, done.returncode, done.stdout, done.stderr)


def _line(name: str, value: str, note: str = "") -> None:
    from bench.run import _line as line

    line(name, value, note)


def _print(text: str = "") -> None:
    print(text, flush=True)


def _store_pid(env: dict[str, str]) -> tuple[int | None, str]:
    """The embedded store's pid and the heap line of ``dealnet db status``."""
    status = run(["db", "status"], env)
    pid = re.search(r"\(pid (\d+)", status.stdout)
    heap = re.search(r"Heap: (.*)", " ".join(status.stdout.split()))
    return (int(pid.group(1)) if pid else None), (heap.group(1).rstrip(".") if heap else "heap unknown")


def _summary(stdout: str) -> str:
    """What the CLI said a load added, changed and removed (``file +a ~c -r; …``), else its first sentence."""
    flat = " ".join(stdout.split())
    found = re.search(r"added/changed/removed per file: (.*?)\.(?: |$)", flat)
    return found.group(1) if found else flat.split(". ")[0][:200]


def _load_average() -> str:
    """The machine's 1-minute load average (other work on the two cores shows in every wall time)."""
    try:
        return f"load {os.getloadavg()[0]:.1f}"
    except OSError:
        return "load ?"


def _load(name: str, args: Sequence[str], env: dict[str, str], store_pid: int | None) -> Ran:
    """Run one load, print its line against its target with whose work the time was."""
    store_cpu = cpu_seconds([store_pid]) if store_pid else 0.0
    busy = _load_average()
    ran = run(["load", *args], env)
    store_cpu = (cpu_seconds([store_pid]) if store_pid else 0.0) - store_cpu
    if ran.returncode != 0:
        _line(name, "FAILED", f"exit {ran.returncode}: {' '.join(ran.stderr.split())[-300:]}")
        return ran
    who = (
        "mostly the store's work"
        if store_cpu > ran.cpu
        else "mostly dealnet's own work (read, validate, compare, send)"
    )
    _line(
        name,
        f"{ran.seconds:.1f} s",
        f"{verdict(ran.seconds, TARGETS[name], higher_is_better=False, why=who)} (target < {TARGETS[name]:.0f} s);"
        f" CPU: dealnet {ran.cpu:.1f} s, store {store_cpu:.1f} s; {busy}; {_summary(ran.stdout)}",
    )
    return ran


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until ``url`` answers 200 (raises when the process ends or time runs out)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server ended (exit {proc.returncode}) before answering")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # our loopback server
            if response.status == 200:
                return time.perf_counter() - start
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def _wait_idle(pid: int, timeout: float = 180) -> float:
    """Seconds until the process tree of ``pid`` last used CPU before a pause of :data:`IDLE_SECONDS`."""
    from bench.measure import tree_pids

    start = time.perf_counter()
    quiet_since, last = start, cpu_seconds(tree_pids(pid))
    while time.perf_counter() - start < timeout:
        time.sleep(0.25)
        now = cpu_seconds(tree_pids(pid))
        if now - last > 0.05:
            quiet_since = time.perf_counter()
        last = now
        if time.perf_counter() - quiet_since >= IDLE_SECONDS:
            return quiet_since - start
    return timeout


@contextlib.contextmanager
def _serving(args: Sequence[str], env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start ``dealnet *args --port P`` and yield the process and its base URL; stop it after."""
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*_dealnet(), *args, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            yield proc, f"http://127.0.0.1:{port}"
        finally:
            proc.send_signal(signal.SIGINT if args[0] == "serve" else signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _why_user(visit: Any) -> str:
    """Whether a page's time went to waiting for requests (server, scripts) or to the browser's own work."""
    if visit.timed_out:
        return "never shown"
    if visit.fetch_ms * 2 > visit.shown_ms:
        return (
            "mostly waiting for the server's answers"
            if visit.server_ms * 2 > visit.fetch_ms
            else "mostly loading the page and its scripts"
        )
    return "mostly the browser rendering"


def _pages(label: str, timings: list[Any], target: float) -> float:
    """Print each page's first visit (the verdict) and its repeat; the slowest first visit."""
    worst = (0.0, "")
    for timing in timings:
        first, again = timing.first, timing.typical
        seconds = first.shown_ms / 1000
        browser_s = max(first.shown_ms - first.fetch_ms, 0.0) / 1000
        _line(
            f"page {timing.path} ({label})",
            f"{seconds:.2f} s" if not first.timed_out else "timed out",
            f"{verdict(seconds, target, higher_is_better=False, why=_why_user(first))};"
            f" callbacks {first.server_ms / 1000:.2f} s ({first.requests}, {first.kib:,.0f} KiB),"
            f" all requests {first.fetch_ms / 1000:.2f} s, the browser's own work {browser_s:.2f} s;"
            f" again {again.shown_ms / 1000:.2f} s",
        )
        worst = max(worst, (seconds, timing.path))
    _line(
        f"slowest page ({label})",
        f"{worst[0]:.2f} s",
        f"{worst[1]}; target < {target:.0f} s: {verdict(worst[0], target, higher_is_better=False)}",
    )
    return worst[0]


def _serve(env: dict[str, str], tmp: Path, *, label: str, visits: int, store_pid: int | None) -> None:
    """``dealnet serve``: the first page after it starts, every page, and the tree's peak memory."""
    from app.pages import PAGES
    from bench.browser import BrowserMissing, chromium, visit, visit_pages

    try:
        driver = chromium()  # before the server starts: the browser's own start is not the app's
    except BrowserMissing as missing:
        _line("pages in a browser", "not measured", str(missing))
        return
    paths = tuple(page.PATH for page in PAGES)
    try:
        with _serving(["serve"], env, tmp / "serve.log") as (proc, base), TreeMemory(proc.pid) as memory:
            busy = _load_average()
            listening = _wait_http(base + "/healthz", proc, 120)
            answered = time.perf_counter()
            first = visit(driver, base + "/", timeout_s=120)
            warm = _wait_idle(proc.pid) + time.perf_counter() - answered
            timings, driver = visit_pages(driver, base, paths, visits=visits, timeout_s=120)
        target = TARGETS["first page after serve starts"]
        shown = first.shown_ms / 1000
        _line(
            "serve: answers after start",
            f"{listening:.1f} s",
            "Python, the app and its store connection starting (not part of the page target)",
        )
        _line(
            "first page after serve starts",
            f"{shown:.2f} s",
            f"{verdict(shown, target, higher_is_better=False, why=_first_why(first))} (target < {target:.0f} s),"
            f" {busy}; opened as soon as the server answered, in a browser that never saw the app (its"
            f" scripts fetched and compiled); callbacks {first.server_ms / 1000:.2f} s, all requests"
            f" {first.fetch_ms / 1000:.2f} s; the warm-up of every page"
            f" finished about {warm:.1f} s after the server answered",
        )
        _line(
            "  from typing dealnet serve to that page",
            f"{listening + shown:.1f} s",
            "what the user waits in all, if the browser is opened the moment the server answers",
        )
        _pages(label, timings, TARGETS["page, national"])
        peak = memory.peak
        _line(
            "serve peak memory (RSS, process tree)",
            f"{peak / 2**20:,.0f} MiB",
            f"{verdict(peak, TARGETS['serve peak memory'], higher_is_better=False, why='the dataset and its views held in memory')}"
            f" (target < 1,536 MiB); the serve process's own VmHWM {memory.root_hwm / 2**20:,.0f} MiB",
        )
        store_peak = java_peak_bytes(store_pid)
        if store_peak is not None:
            _line("store peak memory (VmHWM of the JVM, apart)", f"{store_peak / 2**20:,.0f} MiB", "since db start")
    finally:
        driver.quit()


def _first_why(first: Any) -> str:
    return _why_user(first) + " (caches still cold)"


def _demo(tmp: Path, *, visits: int) -> None:
    """``dealnet demo``: every page of the demo in headless Chromium."""
    from app.pages import PAGES
    from bench.browser import BrowserMissing, chromium, visit, visit_pages

    env = user_env(tmp / "demo-home")
    try:
        driver = chromium()
    except BrowserMissing as missing:
        _line("demo pages in a browser", "not measured", str(missing))
        return
    try:
        with _serving(["demo"], env, tmp / "demo.log") as (proc, base):
            _, started = timed(lambda: _wait_http(base + "/healthz", proc, 180))
            _wait_idle(proc.pid)
            _line("demo: answers after start", f"{started:.1f} s", "its own store started and the demo loaded")
            # Untimed: the browser fetches and compiles the app's scripts once, as for the
            # national pages after the first page; the pages below are then timed alike.
            visit(driver, base + "/laden", timeout_s=60)
            timings, driver = visit_pages(driver, base, tuple(p.PATH for p in PAGES), visits=visits, timeout_s=60)
        _pages("demo", timings, TARGETS["page, demo"])
    finally:
        driver.quit()


def _pdf_pages(path: Path) -> str:
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "?"
    found = re.search(r"Pages:\s+(\d+)", info.stdout)
    return found.group(1) if found else "?"


def _report(env: dict[str, str], tmp: Path) -> None:
    """``dealnet report --format pdf`` against its target; ``--format html`` says what printing costs."""
    busy = _load_average()
    html = run(["report", "--format", "html", "--out", str(tmp / "report.html")], env)
    pdf = run(["report", "--format", "pdf", "--out", str(tmp / "report.pdf")], env)
    if pdf.returncode != 0:
        _line("report --format pdf", "FAILED", " ".join(pdf.stderr.split())[-300:])
        return
    printing = max(pdf.seconds - html.seconds, 0.0)
    why = (
        f"Chromium printing {_pdf_pages(tmp / 'report.pdf')} tagged pages takes about {printing:.1f} s"
        if printing > html.seconds
        else f"reading the store and computing the report take {html.seconds:.1f} s"
    )
    target = TARGETS["report --format pdf"]
    size = (tmp / "report.pdf").stat().st_size / 2**20
    _line(
        "report --format pdf",
        f"{pdf.seconds:.1f} s",
        f"{verdict(pdf.seconds, target, higher_is_better=False, why=why)} (target < {target:.0f} s);"
        f" {_pdf_pages(tmp / 'report.pdf')} pages, {size:.1f} MiB; CPU {pdf.cpu:.1f} s (dealnet and Chromium); {busy}",
    )
    _line(
        "  of which: report --format html",
        f"{html.seconds:.1f} s",
        f"the same without Chromium (read the store, compute, render); printing about {printing:.1f} s",
    )


def bench_user(scale: str, seed: int, *, visits: int = 2) -> None:
    """Print the user-clock figures (see the module docstring) next to their targets."""
    _print(f"\n== the user's clock: commands as processes, fresh DEALNET_HOME, default settings ({scale}, seed {seed})")
    with tempfile.TemporaryDirectory(prefix="dealnet-user-") as folder:
        tmp = Path(folder)
        synthesize(scale, seed, tmp / "a")  # type: ignore[arg-type]
        a = read_dataset(tmp / "a")
        b = changed_share(a, 0.01)
        c = removed_share(b, 0.1)
        write_variant(b, tmp / "b")
        write_variant(c, tmp / "c")
        env = user_env(tmp / "home")
        started = run(["db", "start"], env)
        store_pid, heap = _store_pid(env)
        _line("store start (dealnet db start)", f"{started.seconds:.1f} s", f"{heap}; reported apart, not a target")
        try:
            if started.returncode != 0:
                _line("store", "FAILED", " ".join(started.stderr.split())[-300:])
                return
            records = sum(a.counts().values())
            _print(
                f"  dataset A: {records:,} records; B: 1% of participations and adoptions changed; C: B less a tenth"
            )
            _load("first load", [str(tmp / "a")], env, store_pid)
            _load("reload, nothing changed", [str(tmp / "a")], env, store_pid)
            _report(env, tmp)
            _serve(env, tmp, label=scale, visits=visits, store_pid=store_pid)
            _load("reload, 1% changed", [str(tmp / "b")], env, store_pid)
            _load("load --replace, a tenth removed", ["--replace", str(tmp / "c")], env, store_pid)
            stats = run(["stats", "--json"], env)
            with contextlib.suppress(ValueError):
                counts = json.loads(stats.stdout)
                held = {k: v for k, v in _flatten(counts).items() if k in ("PARTICIPATED", "ADOPTED")}
                _line(
                    "  after the replace, the store holds",
                    ", ".join(f"{k} {v:,}" for k, v in held.items()) or "?",
                    f"expected participations {len(c.participations):,}, adoptions {len(c.adoptions):,}",
                )
        finally:
            run(["db", "stop"], env)
        _demo(tmp, visits=visits)


def _flatten(value: Any) -> dict[str, int]:
    """Every ``name: integer`` pair of a nested JSON value (``dealnet stats --json``)."""
    out: dict[str, int] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, int):
                out[str(k)] = v
            else:
                out.update(_flatten(v))
    return out


if __name__ == "__main__":  # python -m bench.userclock [--scale small|national]
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.userclock", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("tiny", "small", "national"), default="national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--visits", type=int, default=2)
    arguments = parser.parse_args()
    bench_user(arguments.scale, arguments.seed, visits=arguments.visits)
