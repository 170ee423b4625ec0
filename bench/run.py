"""The dealnet benchmark: loads, projections, analyses, app callbacks and memory.

Not part of the test run. ``python -m bench.run [--scale national|small] [--quick]``
makes a synthetic dataset and measures first **the user's clock** (:mod:`bench.userclock`):
every command as a user runs it, as a process on a fresh ``DEALNET_HOME`` with default
settings (loads, reloads, the PDF report, every page in headless Chromium after
``dealnet serve`` and ``dealnet demo`` start, the serve process tree's peak memory),
each next to its target. Then, as diagnostics, it starts an embedded store (2 GB heap)
in a temporary ``DEALNET_HOME`` and measures, against a floor measured in the same run:

* load throughput of nodes and relationships vs the Bolt transport ceiling
  (``UNWIND $rows AS r RETURN count(r)`` with the same rows and batches);
* the projection read vs streaming as many synthetic records;
* every analysis next to the bare networkx call it wraps, and person-level
  co-participation metrics in networkx and igraph;
* p50/p95 of the app's callbacks over HTTP (Flask test client) next to a trivial one;
* with ``--parts browser``: each page served in-process from the dataset (no store) in
  headless Chromium (:mod:`bench.browser`);
* peak memory of this process and of the store's JVM.

A Neo4j named in the environment (``DEALNET_NEO4J_URI`` ...) is measured too, but only
loaded when its database is empty. Where a target is missed the line says by how much.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from bench.measure import java_peak_bytes, percentile, python_peak_bytes, timed, verdict
from graph.model import Dataset
from loaders import writer
from loaders.demo import DEMO_DATASET
from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.plan import Step, build_plan
from loaders.reader import read_dataset
from loaders.repository import read_store_dataset
from loaders.settings import configured_settings
from loaders.synth import synthesize
from queries.catalog import cypher

__all__ = ["main"]

#: Targets of issue 8.
LOAD_SECONDS = 20.0
NODE_RATIO = 0.5
RELATIONSHIP_RATIO = 0.2
PROJECTION_RATIO = 0.8
PERSON_SECONDS = 5.0
ANALYSIS_SECONDS = 1.0
OVERHEAD_RATIO = 1.15
DEMO_CALLBACK_MS = 150.0
NATIONAL_CALLBACK_MS = 1_000.0
DASH_SHARE = 0.25
#: Callbacks whose own work takes less than this (URL sync, a click's id) are not main
#: callbacks: a request for them is Dash's floor, the trivial callback, anyway.
MAIN_CALLBACK_MS = 1.0


def _print(text: str = "") -> None:
    print(text, flush=True)


def _line(name: str, value: str, note: str = "") -> None:
    _print(f"  {name:<46} {value:>18}  {note}")


# -- store -------------------------------------------------------------------------


def _ceiling(store: Store, batches: Sequence[Sequence[Any]]) -> float:
    """Seconds to send these batches through the transport ceiling statement."""

    def send(tx: Any, rows: Sequence[Any]) -> int:
        return int(tx.run(cypher("read/projection_ceiling"), {"rows": list(rows)}).single(strict=True)["rows"])

    def run() -> None:
        for rows in batches:
            store.execute_read(send, rows)

    return timed(run)[1]


@contextlib.contextmanager
def _step_timer(store: Store, seconds: dict[str, float], committed: dict[str, float]) -> Iterator[None]:
    """Time every load step by statement: inside its transaction (``seconds``), and whole,
    session and commit included (``committed``; ArcadeDB applies much of a write at commit)."""
    original = writer._run_steps
    original_write = store.execute_write

    def timed_steps(tx: Any, steps: list[Step], gen: int, attempts: list[int] | None = None) -> None:
        if attempts is not None:
            attempts[0] += 1
        for step in steps:
            _, elapsed = timed(lambda step=step: original(tx, [step], gen))  # type: ignore[misc]
            seconds[step.statement] = seconds.get(step.statement, 0.0) + elapsed

    def timed_write(work: Any, *args: Any, **kwargs: Any) -> Any:
        result, elapsed = timed(lambda: original_write(work, *args, **kwargs))
        if work is timed_steps and len(args[0]) == 1:
            name = args[0][0].statement
            committed[name] = committed.get(name, 0.0) + elapsed
        return result

    writer._run_steps = timed_steps  # type: ignore[assignment]
    store.execute_write = timed_write  # type: ignore[method-assign]
    try:
        yield
    finally:
        writer._run_steps = original  # type: ignore[assignment]
        del store.execute_write


@contextlib.contextmanager
def _discard_timer() -> Iterator[list[float]]:
    """Seconds a load spends deleting the previous generation after its switch (``[seconds]``)."""
    spent = [0.0]
    original = writer.discard_old_generations

    def timed_discard(store: Store, gen: int) -> int:
        deleted, elapsed = timed(lambda: original(store, gen))
        spent[0] += elapsed
        return deleted

    writer.discard_old_generations = timed_discard  # type: ignore[assignment]
    try:
        yield spent
    finally:
        writer.discard_old_generations = original  # type: ignore[assignment]


def _flat_relationship_rows(steps: list[Step]) -> list[dict[str, Any]]:
    """One row per relationship, as a flat load would send them: the ceiling's rows."""
    rows: list[dict[str, Any]] = []
    for step in steps:
        for row in step.values:
            if "ends" in row:
                rows += ({"s": row["start"], "t": end} for end in row["ends"])
            else:
                start = row.get("party_id")
                rows += ({"s": start, **item} for item in row["items"])
    return rows


def _chunks(rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _wipe_batch(tx: Any) -> int:
    return int(tx.run(cypher("admin/wipe"), {"limit": 10_000}).single(strict=True)["deleted"])


def _warm_up(store: Store) -> None:
    """Load the small synthetic dataset and delete everything again."""
    with tempfile.TemporaryDirectory(prefix="dealnet-warm-") as folder:
        synthesize("small", 2, Path(folder))
        small = read_dataset(Path(folder))
    writer.write_dataset(store, small)
    while store.execute_write(_wipe_batch):
        pass


def bench_store(name: str, store: Store, dataset: Dataset, batch_size: int, pid: int | None) -> Dataset | None:
    """Load, reload and read back ``dataset``; print the figures. Returns the projection."""
    _print(f"\n== store: {name}")
    if any(writer.store_counts(store).values()):
        _line("load", "not measured", "the database is not empty (the benchmark only loads into an empty one)")
        return None
    _, warm = timed(lambda: _warm_up(store))
    _line(
        "warm-up: small-scale load, then wiped",
        f"{warm:.1f} s",
        "so the JVM's JIT is warm for the load as for the ceilings measured after it",
    )
    plan = build_plan(dataset, batch_size=batch_size)
    node_steps = [
        s
        for s in plan
        if s.statement.startswith("write/create_")
        and s.parameter == "rows"
        and not s.statement.endswith(("participations", "adoptions"))
    ]
    rel_steps = [s for s in plan if s not in node_steps]
    nodes = sum(len(s.values) for s in node_steps)
    rel_rows = _flat_relationship_rows(rel_steps)
    relationships = len(rel_rows)

    seconds: dict[str, float] = {}
    committed: dict[str, float] = {}
    with _step_timer(store, seconds, committed):
        result, load_seconds = timed(lambda: writer.write_dataset(store, dataset, batch_size=batch_size))
    node_names = {s.statement for s in node_steps}  # their commits too; relationship steps: the others
    node_seconds = sum(v for k, v in seconds.items() if k in node_names)
    rel_seconds = sum(seconds.values()) - node_seconds
    node_committed = sum(v for k, v in committed.items() if k in node_names)
    rel_committed = sum(committed.values()) - node_committed
    if not committed:  # a load small enough for one transaction: no step commits on its own
        node_committed, rel_committed = node_seconds, rel_seconds
    node_ceiling = _ceiling(store, [s.values for s in node_steps])
    rel_ceiling = _ceiling(store, _chunks(rel_rows, batch_size))
    records = sum(dataset.counts().values())

    _print(
        f"  dataset: {records:,} records -> {nodes:,} nodes, {relationships:,} relationships;"
        f" batch {batch_size:,}; {result.transactions} transactions"
    )
    _line(
        "load, whole (write_dataset)",
        f"{load_seconds:.1f} s",
        verdict(load_seconds, LOAD_SECONDS, higher_is_better=False, why="relationship writes dominate, see below"),
    )
    _line("  of which node steps", f"{node_committed:.1f} s", f"statements {node_seconds:.1f} s, the rest commits")
    _line(
        "  of which relationship steps", f"{rel_committed:.1f} s", f"statements {rel_seconds:.1f} s, the rest commits"
    )
    _line("  of which constraints, counts, plan, markers", f"{load_seconds - node_committed - rel_committed:.1f} s")
    node_rate, node_floor = nodes / node_seconds, nodes / node_ceiling
    rel_rate, rel_floor = relationships / rel_seconds, relationships / rel_ceiling
    _line("transport ceiling, node rows", f"{node_floor:,.0f} rows/s")
    _line(
        "node load",
        f"{node_rate:,.0f} rows/s",
        f"ratio {node_rate / node_floor:.2f} (target >= {NODE_RATIO}) "
        + verdict(
            node_rate / node_floor,
            NODE_RATIO,
            higher_is_better=True,
            why="the store's per-node CREATE + index insert costs more than receiving a row",
        ),
    )
    _line("transport ceiling, relationship rows", f"{rel_floor:,.0f} rows/s")
    _line(
        "relationship load",
        f"{rel_rate:,.0f} rows/s",
        f"ratio {rel_rate / rel_floor:.2f} (target >= {RELATIONSHIP_RATIO}) "
        + verdict(
            rel_rate / rel_floor,
            RELATIONSHIP_RATIO,
            higher_is_better=True,
            why="each relationship costs an index look-up of its end and an edge write",
        ),
    )
    _line(
        "  node load, commits included",
        f"{nodes / max(node_committed, 1e-9):,.0f} rows/s",
        f"ratio {nodes / max(node_committed, 1e-9) / node_floor:.2f} ({node_committed:.1f} s)",
    )
    _line(
        "  relationship load, commits included",
        f"{relationships / max(rel_committed, 1e-9):,.0f} rows/s",
        f"ratio {relationships / max(rel_committed, 1e-9) / rel_floor:.2f} ({rel_committed:.1f} s)",
    )
    for statement, spent in sorted(seconds.items(), key=lambda kv: -kv[1])[:6]:
        _line(f"  slowest step {statement.removeprefix('write/')}", f"{spent:.2f} s")

    with _discard_timer() as reload_discard:
        _, reload_seconds = timed(lambda: writer.write_dataset(store, dataset, batch_size=batch_size))
    _line(
        "reload of the same dataset (idempotent)",
        f"{reload_seconds:.1f} s",
        f"{load_seconds / reload_seconds:.2f}x the first load's speed; of which deleting the old generation"
        f" {reload_discard[0]:.1f} s",
    )

    projection, read_seconds = timed(lambda: read_store_dataset(store))

    def stream(tx: Any) -> int:
        return sum(1 for _ in tx.run(cypher("read/projection_stream"), {"n": records}))

    _, stream_seconds = timed(lambda: store.execute_read(stream))
    same = projection.canonical() == dataset.canonical()
    _line(f"stream {records:,} synthetic records", f"{stream_seconds:.1f} s")
    _line(
        "read projection (read_store_dataset)",
        f"{read_seconds:.1f} s",
        f"ratio {stream_seconds / read_seconds:.2f} (target >= {PROJECTION_RATIO}) "
        + verdict(
            stream_seconds / read_seconds,
            PROJECTION_RATIO,
            higher_is_better=True,
            why=f"per-record Bolt cost and validation of {records:,} records",
        )
        + f"; same dataset as loaded: {same}",
    )
    fewer = dataset.model_copy(update={"participations": dataset.participations[: -len(dataset.participations) // 10]})
    try:
        with _discard_timer() as replace_discard:
            _, replace_seconds = timed(lambda: writer.write_dataset(store, fewer, batch_size=batch_size, replace=True))
    except Exception as error:  # reported; the analyses and the app are measured all the same
        _line("load --replace, a tenth of the participations dropped", "FAILED", " ".join(str(error).split())[:300])
        return projection
    left = writer.store_counts(store).get("PARTICIPATED", 0)
    _line(
        "load --replace, a tenth of the participations dropped",
        f"{replace_seconds:.1f} s",
        f"{load_seconds / replace_seconds:.2f}x the first load's speed; participations left {left:,}"
        f" (expected {len(fewer.participations):,}); of which deleting the old generation {replace_discard[0]:.1f} s",
    )
    peak = java_peak_bytes(pid)
    if peak is not None:
        _line("store peak memory (VmHWM of the JVM)", f"{peak / 2**20:,.0f} MiB")
    return projection


# -- analyses ----------------------------------------------------------------------


def _best(work: Callable[[], Any], repeats: int = 5) -> float:
    """The best of a few wall times: sub-second figures are otherwise at the mercy of the machine."""
    return min(timed(work)[1] for _ in range(repeats))


def _pair(name: str, wrapped: Callable[[], Any], bare_name: str, bare: Callable[[], Any] | None) -> None:
    """An analysis's best time against 1 s and, interleaved run by run, against its bare library calls."""
    if bare is None:
        seconds = _best(wrapped)
        _line(name, f"{seconds:.2f} s", verdict(seconds, ANALYSIS_SECONDS, higher_is_better=False))
        return
    runs = [(timed(wrapped)[1], timed(bare)[1]) for _ in range(5)]  # interleaved: the machine drifts
    seconds, bare_seconds = min(r[0] for r in runs), min(r[1] for r in runs)
    ratio = seconds / max(bare_seconds, 1e-9)
    _line(
        name,
        f"{seconds:.2f} s",
        f"{verdict(seconds, ANALYSIS_SECONDS, higher_is_better=False)}; bare {bare_name}: {bare_seconds:.2f} s,"
        f" ratio {ratio:.2f} ({verdict(ratio, OVERHEAD_RATIO, higher_is_better=False)})",
    )


def bench_analyses(dataset: Dataset, *, quick: bool, oracle: bool = False) -> None:
    """Each analysis next to the bare networkx call it wraps; person-level metrics."""
    from graph.analysis import (
        expertise_use,
        learning_network,
        network_metrics,
        party_metrics,
        person_coparticipation_network,
        practice_spread,
        scaling_opportunities,
        theme_coverage,
    )
    from graph.analysis.learning import BETWEENNESS_SAMPLE, COMMUNITY_SEED, _undirected, communities, pagerank

    _print("\n== analyses (on the projection read back from the store)")
    g, seconds = timed(lambda: learning_network(dataset))
    _line("learning_network", f"{seconds:.2f} s", f"{g.number_of_nodes():,} parties, {g.number_of_edges():,} ties")
    k = min(BETWEENNESS_SAMPLE, g.number_of_nodes())
    # Louvain runs on an undirected copy whose weights sum both directions of a tie (A learned from
    # B and B from A is one bond of both weights); the bare calls get that copy ready-made.
    ug = _undirected(g)
    _line(
        "undirected copy, both directions summed",
        f"{_best(lambda: _undirected(g)):.3f} s",
        f"inside communities and party_metrics; networkx's own g.to_undirected() (no sum):"
        f" {_best(g.to_undirected):.3f} s",
    )

    def louvain() -> Any:
        return nx.community.louvain_communities(ug, weight="weight", seed=COMMUNITY_SEED)

    _pair(
        "party_metrics",
        lambda: party_metrics(g),
        "betweenness(k) + pagerank + louvain",
        lambda: (nx.betweenness_centrality(g, k=k, seed=COMMUNITY_SEED, weight=None), pagerank(g), louvain()),
    )
    _pair(
        "network_metrics",
        lambda: network_metrics(g),
        "louvain + modularity + components + density + reciprocity",
        lambda: (
            nx.community.modularity(ug, louvain(), weight="weight"),
            list(nx.connected_components(ug)),
            nx.density(g),
            nx.reciprocity(g),
        ),
    )
    _pair("communities", lambda: communities(g), "louvain", louvain)
    _pair("theme_coverage", lambda: theme_coverage(dataset), "", None)
    _pair("practice_spread", lambda: practice_spread(dataset), "", None)
    _pair("scaling_opportunities(limit=50)", lambda: scaling_opportunities(dataset, limit=50), "", None)
    _pair("expertise_use", lambda: expertise_use(dataset), "", None)

    people, seconds = timed(lambda: person_coparticipation_network(dataset))
    _line(
        "person_coparticipation_network",
        f"{seconds:.2f} s",
        f"{people.number_of_nodes():,} people, {people.number_of_edges():,} ties",
    )
    _person_metrics(dataset, people, quick=quick, oracle=oracle)


def _person_metrics(dataset: Dataset, g: nx.Graph, *, quick: bool, oracle: bool) -> None:
    """Person-level metrics: dealnet's igraph layer, its bare igraph calls, and networkx."""
    from graph.analysis.learning import (
        COMMUNITY_SEED,
        PERSON_BETWEENNESS_SAMPLE,
        _person_graph,
        pagerank,
        person_metrics,
    )

    _, wrapped = timed(lambda: person_metrics(dataset))
    ids = sorted(p.id for p in dataset.people)
    graph, build = timed(lambda: _person_graph(dataset, ids))
    _, ig_pr = timed(lambda: graph.pagerank(weights="weight"))
    count = min(PERSON_BETWEENNESS_SAMPLE, graph.vcount())
    sources = random.Random(COMMUNITY_SEED).sample(range(graph.vcount()), count)
    _, ig_bc = timed(lambda: graph.betweenness(sources=sources, directed=False))
    _, ig_cm = timed(lambda: graph.community_leiden(objective_function="modularity", weights="weight", n_iterations=2))
    bare = build + ig_pr + ig_bc + ig_cm
    _line(
        "people: person_metrics (igraph)",
        f"{wrapped:.2f} s",
        verdict(wrapped, PERSON_SECONDS, higher_is_better=False, why="betweenness from 256 sources over a million ties")
        + f"; {wrapped / bare:.2f}x the bare igraph calls",
    )
    _line(
        "  bare: bipartite projection onto people",
        f"{build:.2f} s",
        f"{graph.vcount():,} people, {graph.ecount():,} ties",
    )
    _line("  bare: pagerank", f"{ig_pr:.2f} s")
    _line(f"  bare: betweenness, {len(sources)} sources", f"{ig_bc:.2f} s")
    _line("  bare: Leiden (modularity, 2 iterations)", f"{ig_cm:.2f} s")
    sample = 64 if quick else PERSON_BETWEENNESS_SAMPLE
    _, pr = timed(lambda: pagerank(g.to_directed()))
    _line("people, networkx: pagerank (pure Python)", f"{pr:.2f} s", f"{pr / max(ig_pr, 1e-9):.0f}x igraph")
    probe = 4
    _, part = timed(lambda: nx.betweenness_centrality(g, k=probe, seed=0))
    _line(
        f"people, networkx: betweenness k={sample} (from k={probe})",
        f"~{part * sample / probe:.1f} s",
        f"{part * sample / probe / max(ig_bc, 1e-9):.0f}x igraph",
    )
    if oracle:
        exact, exact_seconds = timed(lambda: graph.betweenness(directed=False))
        _line("people: igraph exact betweenness (accuracy oracle)", f"{exact_seconds:.1f} s")
        _line("people: sampled vs exact betweenness", _accuracy(graph, sources, exact))


def _accuracy(graph: Any, sources: list[int], exact: list[float]) -> str:
    """Top-50 overlap and Spearman rho of sampled vs exact betweenness."""
    sampled = graph.betweenness(sources=sources, directed=False)
    top = 50
    by_exact = set(sorted(range(len(exact)), key=lambda i: -exact[i])[:top])
    by_sample = set(sorted(range(len(sampled)), key=lambda i: -sampled[i])[:top])

    def ranks(values: list[float]) -> list[int]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0] * len(values)
        for rank, i in enumerate(order):
            out[i] = rank
        return out

    re, rs = ranks(exact), ranks(sampled)
    n = len(re)
    rho = 1 - 6 * sum((a - b) ** 2 for a, b in zip(re, rs, strict=True)) / (n * (n * n - 1))
    return f"top-{top} overlap {len(by_exact & by_sample) / top:.2f}, Spearman {rho:.2f}"


# -- app ---------------------------------------------------------------------------


def bench_app(label: str, dataset: Dataset, *, repeats: int, target_ms: float | None) -> None:
    """p50/p95 of the app's callbacks through HTTP (Flask test client), next to a trivial one.

    Each callback's own function is timed too (same arguments, inside a request context).
    Dash's fixed cost is the trivial callback's p50 over the callback's work (the target:
    at most a quarter); what a request takes beyond the work and that fixed cost is mostly
    Dash encoding the answer (plotly's JSON encoder: a pass over every component), which
    grows with what the callback returns and is printed as a share of the work too.
    """
    _print(f"\n== app callbacks, {label} (Flask test client, HTTP requests in-process)")
    from dash import Input, Output
    from dash.exceptions import PreventUpdate

    from app.factory import create_app
    from app.source import StaticSource
    from bench.app_calls import callback_cases

    app = create_app(StaticSource(dataset))
    app.callback(Output("bench-out", "data"), Input("bench-in", "data"))(lambda value: value)
    client = app.server.test_client()
    trivial = {
        "output": "bench-out.data",
        "outputs": {"id": "bench-out", "property": "data"},
        "inputs": [{"id": "bench-in", "property": "data", "value": 1}],
        "changedPropIds": ["bench-in.data"],
    }
    floor = _time_requests(client, trivial, repeats)
    if floor is not None:
        _line("trivial callback", f"p50 {percentile(floor, 0.5):.1f} ms", f"p95 {percentile(floor, 0.95):.1f} ms")

    def work(case: Any) -> None:
        with contextlib.suppress(PreventUpdate):
            case.work()

    worst: tuple[float, str] = (0.0, "")
    unmeasured: list[str] = []
    base = percentile(floor, 0.5) if floor else 0.0
    for case in callback_cases(app):
        if case.missing:  # pattern-matching ids: download and upload buttons, answered on a click
            unmeasured.append(case.name)
            continue
        first = _time_requests(client, case.body, 1)
        times = _time_requests(client, case.body, repeats)
        if first is None or times is None:
            _line(case.name, "failed", "HTTP status not 200/204")
            continue
        try:
            own: float | None = statistics.median(timed(lambda c=case: work(c))[1] * 1000 for _ in range(repeats))
        except Exception:  # a callback that reads Dash's callback context runs only inside a request
            own = None
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        note = f"p95 {p95:.1f} ms, first {first[0]:.0f} ms"
        if own is not None and own >= MAIN_CALLBACK_MS:
            fixed, encoding = base / own, max(p50 - own, 0.0) / own
            note += (
                f"; Dash's fixed cost {fixed:.2f} of the work"
                f" ({verdict(fixed, DASH_SHARE, higher_is_better=False)}), encoding the answer {encoding:.2f}"
            )
        if target_ms is not None:
            note += f"; p95 {verdict(p95, target_ms, higher_is_better=False)}"
        _line(case.name, f"p50 {p50:.1f} ms", note)
        worst = max(worst, (p95, case.name))
        if case.name == "_pages_content.children":
            _pages(client, case.body)
    if unmeasured:
        _line(
            f"{len(unmeasured)} callbacks answering clicks",
            "not measured",
            "download and upload buttons (their inputs are pattern-matching ids)",
        )
    if target_ms is not None and worst[1]:
        _line(
            "slowest callback, p95",
            f"{worst[0]:.0f} ms",
            f"{worst[1]}; target < {target_ms:.0f} ms: {verdict(worst[0], target_ms, higher_is_better=False)}",
        )


def _pages(client: Any, body: dict[str, Any]) -> None:
    """Every page of the app, as the browser asks for it: the page's URL, then its content."""
    from app.pages import PAGES

    for page in PAGES:
        request = {
            **body,
            "inputs": [{**i, "value": page.PATH} if i["property"] == "pathname" else i for i in body["inputs"]],
        }
        shell, shell_seconds = timed(lambda page=page: client.get(page.PATH))
        content, seconds = timed(lambda request=request: client.post("/_dash-update-component", json=request))
        answered = shell.status_code == 200 and content.status_code == 200
        _line(
            f"  page {page.PATH}",
            "answers" if answered else "FAILED",
            f"HTTP {shell.status_code} in {shell_seconds * 1000:.0f} ms, its layout: HTTP {content.status_code}"
            f" in {seconds * 1000:.0f} ms, {len(content.data) / 1024:,.0f} KiB",
        )


def _time_requests(client: Any, body: dict[str, Any], repeats: int) -> list[float] | None:
    """Milliseconds per request, or None when the app answered with an error."""
    times: list[float] = []
    for _ in range(repeats):
        response, seconds = timed(lambda: client.post("/_dash-update-component", json=body))
        if response.status_code not in (200, 204):
            return None
        times.append(seconds * 1000)
    return times


# -- main --------------------------------------------------------------------------


def _store_runs(dataset: Dataset, batch_size: int) -> Dataset | None:
    projection = None
    with tempfile.TemporaryDirectory(prefix="dealnet-bench-") as home:
        embedded = EmbeddedStore(Path(home), heap="2g")
        settings = embedded.start()
        try:
            with connect(settings) as store:
                projection = bench_store(
                    "embedded ArcadeDB (heap 2g)", store, dataset, batch_size, embedded.status().pid
                )
        finally:
            embedded.stop()
    if os.environ.get("DEALNET_NEO4J_URI"):
        configured = configured_settings()
        if configured is not None:
            with connect(configured) as store:
                bench_store(f"configured {configured.uri}", store, dataset, batch_size, None)
    return projection


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "national"), default="national")
    parser.add_argument("--quick", action="store_true", help="small scale, fewer repeats, no exact oracle")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--oracle", action="store_true", help="also exact people betweenness (minutes)")
    parser.add_argument(
        "--parts",
        default="user,store,analyses,app",
        help="comma-separated: user (the user's clock), store, analyses, app, browser",
    )
    args = parser.parse_args(argv)
    scale = "small" if args.quick else args.scale
    _print(
        f"dealnet benchmark, {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}, scale {scale},"
        f" seed {args.seed}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    _print(f"  driver extension neo4j-rust-ext: {_rust()}")
    with tempfile.TemporaryDirectory(prefix="dealnet-synth-") as folder:
        _, synth_seconds = timed(lambda: synthesize(scale, args.seed, Path(folder)))  # type: ignore[arg-type]
        dataset, read_seconds = timed(lambda: read_dataset(Path(folder)))
    _line("synthesize", f"{synth_seconds:.1f} s")
    _line("read and validate CSV files (read_dataset)", f"{read_seconds:.1f} s")
    parts = set(args.parts.split(","))
    if "user" in parts:
        from bench.userclock import bench_user

        bench_user(scale, args.seed, visits=2)
    projection = (_store_runs(dataset, args.batch_size) if "store" in parts else None) or dataset
    if "analyses" in parts:
        bench_analyses(projection, quick=args.quick, oracle=args.oracle)
    if "app" in parts:
        repeats = 5 if args.quick else 20
        bench_app("demo (Krachtige Kernen)", read_dataset(DEMO_DATASET), repeats=repeats, target_ms=DEMO_CALLBACK_MS)
        bench_app(
            f"{scale} scale",
            projection,
            repeats=repeats,
            target_ms=NATIONAL_CALLBACK_MS if scale == "national" else None,
        )
    if "browser" in parts:
        from bench.browser import DEMO_TARGET_S, NATIONAL_TARGET_S, bench_browser

        visits = 2 if args.quick else 3
        bench_browser("demo (Krachtige Kernen)", read_dataset(DEMO_DATASET), target_s=DEMO_TARGET_S, visits=visits)
        bench_browser(f"{scale} scale", projection, target_s=NATIONAL_TARGET_S, visits=visits)
    _print("\n== memory")
    _line("dealnet peak memory (ru_maxrss)", f"{python_peak_bytes() / 2**20:,.0f} MiB")
    return 0


def _rust() -> str:
    try:
        from neo4j._codec.packstream import v1
    except ImportError:  # pragma: no cover - driver layout changed
        return "unknown"
    return "active" if getattr(v1, "_rust_pack", None) else "not installed"


if __name__ == "__main__":
    raise SystemExit(main())
