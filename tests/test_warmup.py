"""Warming the caches at start: the first page's analyses are cached, for the public view only."""

from __future__ import annotations

import logging

import pytest

import app.services as services_module
from app.factory import create_app
from app.figures.network import METRICS
from app.pages import bottlenecks, deals, expertise, network, opportunities, overview, practices, themes
from app.source import StaticSource
from app.warmup import WARMED_PAGES, services_of, start_warming, warm
from graph.model import Dataset
from graph.period import PERIOD_ALL
from graph.visibility import Audience, view_for
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


def test_after_warming_the_first_pages_compute_nothing(demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    audiences: list[Audience] = []

    def recording_view_for(dataset: Dataset, audience: Audience) -> Dataset:
        audiences.append(audience)
        return view_for(dataset, audience)

    monkeypatch.setattr(services_module, "view_for", recording_view_for)
    app = create_app(StaticSource(demo))
    services = services_of(app)
    assert services._run.cache_info().currsize == 0

    spent = warm(app)

    assert set(spent) == {"data", *WARMED_PAGES}
    assert audiences == [Audience.PUBLIC]  # a member's view is never computed without a member
    warmed = services._run.cache_info()
    assert warmed.currsize >= 5  # key figures, growth, learning, assessments, network, measures, drawing...
    context = {"lang": "nl", "period": PERIOD_ALL}
    with app.server.test_request_context("/"):  # a visitor's first page, as the callbacks compute it
        overview.update(services, context)
        overview.update_programme(services, context)
        network.update_network(services, context, METRICS[0], [], None, "rolled", None)
        deals.update(services, context)
        opportunities.update(services, context, None, None)
        practices.update(services, context, None, None)
        themes.update(services, context, [])
        expertise.update(services, context, None)
        bottlenecks.update(services, context, None)
    after = services._run.cache_info()
    assert after.misses == warmed.misses, "a first page computed something the warm-up did not"
    assert after.hits > warmed.hits
    assert audiences == [Audience.PUBLIC]


def test_the_internal_view_is_still_computed_apart(demo: Dataset) -> None:
    """Warming fills the public cache only: a member's request misses and gets its own view."""
    app = create_app(StaticSource(demo))
    services = services_of(app)
    warm(app)
    before = services._run.cache_info().misses
    assert services.view(Audience.INTERNAL) != services.view(Audience.PUBLIC)
    services._run(services.version(), Audience.INTERNAL, (), overview.phase_growth, (), ())
    assert services._run.cache_info().misses == before + 1


class _AwayStore:
    """A source whose store does not answer."""

    def dataset(self) -> Dataset:
        raise ConnectionError("the store is away")

    def version(self) -> str:
        raise ConnectionError("the store is away")


def test_a_failed_warm_up_is_logged_and_the_app_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(_AwayStore())
    with caplog.at_level(logging.WARNING, logger="app.warmup"):
        start_warming(app).join(timeout=60)
    assert "warming the caches failed: the store is away" in caplog.text


def test_the_background_warm_up_fills_the_cache(demo: Dataset) -> None:
    app = create_app(StaticSource(demo))
    thread = start_warming(app)
    thread.join(timeout=120)
    assert not thread.is_alive() and thread.daemon
    assert services_of(app)._run.cache_info().currsize >= 5
