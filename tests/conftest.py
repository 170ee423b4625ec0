"""Shared fixtures: a real Bolt server for the integration tests.

``store_settings`` (session-scoped)
    Settings of the server the tests use. If ``DEALNET_TEST_NEO4J_URI`` is set (with
    ``DEALNET_TEST_NEO4J_USER``, ``_PASSWORD``, ``_DATABASE``), that server, e.g. a
    Neo4j 5/2025 instance or cluster **that the tests may wipe**; otherwise an
    embedded ArcadeDB store started once per session in a temporary directory
    (384 MB heap) and stopped at the end.
``store`` (session-scoped)
    A connected :class:`loaders.driver.Store` on it.
``empty_store``
    The same store, wiped before the test.
``cli_store``
    The same store, wiped, with ``dealnet`` (``app.cli.main``) pointed at it through
    the environment.

The test session never touches the user's own dealnet: ``DEALNET_HOME`` is a
temporary directory and the user's ``DEALNET_NEO4J_*`` and security settings are
removed from the environment before any test runs (a test store is named with the
``DEALNET_TEST_`` variables instead, so a configured production store is never wiped).

Every test is marked from its fixtures with what it needs beyond Python (``store``,
``browser``, ``pdf``, ``node``; :mod:`tests.tiers`), so
``pytest -m "not store and not browser and not pdf and not node"`` runs the fast tier,
which needs none of Java, Chromium and Node and refuses to start them. No test may
write into the repository (:mod:`tests.repo_writes`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.settings import ENV_DATABASE, ENV_PASSWORD, ENV_URI, ENV_USER, StoreSettings
from tests import repo_writes, tiers
from tests.storetools import wipe

#: Enough for test-sized data; keeps the session light on a small machine.
TEST_HEAP = "384m"

#: A server the tests may wipe, named explicitly for the tests.
_TEST_STORE = {name: os.environ.get(f"DEALNET_TEST_NEO4J_{name}") for name in ("URI", "USER", "PASSWORD", "DATABASE")}

# Keep the user's own dealnet out of reach of every test (see the module docstring).
for _name in list(os.environ):
    if _name.startswith("DEALNET_") and not _name.startswith("DEALNET_TEST_"):
        del os.environ[_name]
os.environ["DEALNET_HOME"] = tempfile.mkdtemp(prefix="dealnet-test-home-")


def pytest_configure(config: pytest.Config) -> None:
    """Register the tiers and the repository check for every item, doctests included.

    As plugins, not as this conftest's own hooks and fixtures: those would reach only
    the items under ``tests/``.
    """
    for plugin, name in ((tiers, "dealnet-tiers"), (repo_writes, "dealnet-repo-writes")):
        if not config.pluginmanager.is_registered(plugin):
            config.pluginmanager.register(plugin, name)


@pytest.fixture(scope="session")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreSettings]:
    """The Bolt server of this test session: ``$DEALNET_NEO4J_URI`` or an embedded store."""
    if _TEST_STORE["URI"]:
        yield StoreSettings(
            uri=_TEST_STORE["URI"],
            user=_TEST_STORE["USER"] or "neo4j",
            password=_TEST_STORE["PASSWORD"] or "",
            database=_TEST_STORE["DATABASE"] or None,
            embedded=False,
        )
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


@pytest.fixture
def empty_store(store: Store) -> Iterator[Store]:
    """The session's store, wiped."""
    wipe(store)
    yield store


@pytest.fixture
def cli_store(empty_store: Store, store_settings: StoreSettings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The session's store, wiped, with ``dealnet`` pointed at it through the environment."""
    monkeypatch.setenv(ENV_URI, store_settings.uri)
    monkeypatch.setenv(ENV_USER, store_settings.user)
    monkeypatch.setenv(ENV_PASSWORD, store_settings.password)
    if store_settings.database:
        monkeypatch.setenv(ENV_DATABASE, store_settings.database)
    yield empty_store
