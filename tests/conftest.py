"""Shared fixtures: a real Bolt server for the integration tests.

``store_settings`` (session-scoped)
    Settings of the server the tests use. If ``DEALNET_NEO4J_URI`` is set (with
    ``DEALNET_NEO4J_PASSWORD`` etc., see :mod:`loaders.settings`), that server, e.g. a
    Neo4j 5/2025 instance or cluster; otherwise an embedded ArcadeDB store started
    once per session in a temporary directory (384 MB heap) and stopped at the end.
``store`` (session-scoped)
    A connected :class:`loaders.driver.Store` on it.

Tests that use either fixture are marked ``store`` automatically (and may say so
with ``@pytest.mark.store``), so ``pytest -m "not store"`` runs the fast tier only.
The store is shared by the whole session: tests that write must use keys of their
own and must not assume an empty database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.settings import ENV_URI, StoreSettings, configured_settings

#: Enough for test-sized data; keeps the session light on a small machine.
TEST_HEAP = "384m"

_STORE_FIXTURES = frozenset({"store_settings", "store"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a Bolt server with ``store``."""
    for item in items:
        if _STORE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.store)


@pytest.fixture(scope="session")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreSettings]:
    """The Bolt server of this test session: ``$DEALNET_NEO4J_URI`` or an embedded store."""
    if os.environ.get(ENV_URI):
        settings = configured_settings()
        assert settings is not None
        yield settings
        return
    embedded = EmbeddedStore(tmp_path_factory.mktemp("dealnet-home"), heap=TEST_HEAP)
    try:
        yield embedded.start()
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def store(store_settings: StoreSettings) -> Iterator[Store]:
    """A connected :class:`~loaders.driver.Store` on the session's server."""
    with connect(store_settings) as connected:
        yield connected
