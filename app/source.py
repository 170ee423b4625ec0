"""Where the app gets its data: a :class:`DatasetSource`.

The app never talks to the store itself. It asks a source for the whole
:class:`~graph.model.Dataset` and for a *version*, a short string that changes
whenever the data behind the source changes. The version is the key of every
cache in :mod:`app.services`, so a reload of the store shows up in the app
without a restart, and an unchanged store costs one cheap version call per
request.

A source backed by the store may raise :class:`loaders.errors.DealnetError`
(``StoreUnavailable``) from either method; the app shows a message and polls
until the store answers again. On the embedded store, ``dealnet serve`` reads
through a :class:`loaders.recovery.RecoveringStore`, which restarts a server that
died (raising ``StoreRestarting`` meanwhile, shown as "being restarted") or finds
it where another command started it, so the data come back without a restart.
"""

from __future__ import annotations

import hashlib
from typing import Protocol, runtime_checkable

from graph.model import Dataset
from loaders.driver import Store

__all__ = ["DatasetSource", "StaticSource", "store_of"]


@runtime_checkable
class DatasetSource(Protocol):
    """Anything that can hand the app a dataset and a version of it."""

    def dataset(self) -> Dataset:
        """The whole dataset, all audiences (the app restricts it itself)."""
        ...

    def version(self) -> str:
        """A key that changes whenever :meth:`dataset` would return other data."""
        ...


class StaticSource:
    """A fixed, in-memory dataset: for tests, demos and ``dealnet serve`` on files.

    Examples
    --------
    >>> source = StaticSource(Dataset())
    >>> source.dataset() == Dataset(), len(source.version())
    (True, 16)
    """

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        digest = hashlib.sha256(dataset.canonical().model_dump_json().encode("utf-8"))
        self._version = digest.hexdigest()[:16]

    def dataset(self) -> Dataset:
        """The dataset given at construction."""
        return self._dataset

    def version(self) -> str:
        """A hash of the dataset's content (stable across processes)."""
        return self._version


def store_of(source: DatasetSource) -> Store | None:
    """The store a source reads, when it is one (:class:`loaders.repository.StoreSource`); else ``None``.

    The app's data entry and check-ins write there; a static source has no store, so they are off.
    """
    store = getattr(source, "store", None)
    return store if isinstance(store, Store) else None
