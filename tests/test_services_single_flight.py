"""Services compute a result once even when threads ask for it at the same time (app.services.SingleFlight)."""

from __future__ import annotations

import threading
import time

from app.factory import create_app
from app.services import SingleFlight
from app.source import StaticSource
from app.warmup import services_of
from graph.model import Dataset
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset


def test_callers_of_one_key_wait_for_the_first_and_other_keys_do_not() -> None:
    flight = SingleFlight()
    cache: dict[str, str] = {}
    runs: list[str] = []
    order: list[str] = []
    inside, released = threading.Event(), threading.Event()

    def work(key: str) -> str:
        if key not in cache:
            runs.append(key)
            if key == "a":
                inside.set()
                released.wait(5)  # held until "b" is done: "b" must not wait for "a"
            cache[key] = key.upper()
        order.append(f"{key} done")
        return cache[key]

    results: list[str] = []

    def ask_a() -> None:
        results.append(flight.run("a", lambda: work("a")))

    threads = [threading.Thread(target=ask_a)]
    threads[0].start()
    inside.wait(5)
    threads += [threading.Thread(target=ask_a) for _ in range(3)]
    for thread in threads[1:]:
        thread.start()
    assert flight.run("b", lambda: work("b")) == "B"
    released.set()
    for thread in threads:
        thread.join(5)
    assert runs == ["a", "b"] and results == ["A"] * 4
    assert order[0] == "b done"
    assert flight._locks == {}  # no lock left behind


def test_concurrent_requests_read_the_data_and_compute_once() -> None:
    reads: list[int] = []

    class CountingSource(StaticSource):
        def dataset(self) -> Dataset:
            reads.append(1)
            time.sleep(0.2)
            return super().dataset()

    app = create_app(CountingSource(read_dataset(DEMO_DATASET)))
    services = services_of(app)
    calls: list[int] = []

    def analysis(view: Dataset) -> int:
        calls.append(1)
        time.sleep(0.1)
        return len(view.parties)

    def request() -> None:
        with app.server.test_request_context("/"):
            services.compute(analysis)

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert reads == [1] and calls == [1]
