"""Helpers for tests that use the session's Bolt server (see ``tests/conftest.py``)."""

from __future__ import annotations

from neo4j import ManagedTransaction

from loaders.driver import Store
from queries.catalog import cypher

__all__ = ["wipe"]


def _wipe_batch(tx: ManagedTransaction) -> int:
    return int(tx.run(cypher("admin/wipe"), {"limit": 10_000}).single(strict=True)["deleted"])


def wipe(store: Store) -> None:
    """Delete everything in the store, in batches."""
    while store.execute_write(_wipe_batch):
        pass
