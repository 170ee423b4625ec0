"""What callbacks call: the public view of the source's data, and cached analyses.

The app serves the **public** view only: :meth:`Services.public` applies
:func:`graph.visibility.view_for` with :attr:`~graph.visibility.Audience.PUBLIC`
before anything else sees the data, so confidential records, facts derived only
from them and personal data never reach a layout, a store or a callback response.

Every result is cached per *version* of the source (see
:class:`app.source.DatasetSource`): the same filters on the same data are computed
once, and new data invalidates everything without a restart. Cached results are
shared between requests: callers must not mutate them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any, TypeVar

from graph.model import Dataset
from graph.period import Period
from graph.visibility import Audience, view_for

from app.source import DatasetSource

__all__ = ["PERIOD_ALL", "Services", "StoreError"]

T = TypeVar("T")

#: The value of the period selector that means "no period": the whole term.
PERIOD_ALL = "all"


def _store_errors() -> tuple[type[BaseException], ...]:
    # The store layer may not be importable in a minimal install; its root error is.
    try:
        from loaders.errors import DealnetError
    except ImportError:  # pragma: no cover - loaders is part of the package
        return (ConnectionError,)
    return (DealnetError, ConnectionError)


#: What a source raises when the store cannot answer; the shell shows a message.
StoreError: tuple[type[BaseException], ...] = _store_errors()


class Services:
    """The app's view of one :class:`DatasetSource`, cached per version.

    Parameters
    ----------
    source
        Where the data comes from.
    cache_size
        How many analysis results to keep (per process).
    """

    def __init__(self, source: DatasetSource, *, cache_size: int = 512) -> None:
        self.source = source
        self._public = lru_cache(maxsize=4)(self._load_public)
        self._run = lru_cache(maxsize=cache_size)(self._compute)

    def version(self) -> str:
        """The source's current version (may raise one of :data:`StoreError`)."""
        return self.source.version()

    def public(self) -> Dataset:
        """The public view of the current data."""
        return self._public(self.version())

    def compute(self, func: Callable[..., T], /, *args: Hashable, **kwargs: Hashable) -> T:
        """``func(public_view, *args, **kwargs)``, cached per (version, func, arguments).

        Arguments must be hashable (use tuples, not lists).
        """
        version = self.version()
        return self._run(version, func, args, tuple(sorted(kwargs.items())))

    def period(self, key: str | None) -> Period | None:
        """The period a selector value stands for: a phase id, or the whole term.

        Unknown keys (a phase deleted since a link was shared) mean the whole term.
        """
        if not key or key == PERIOD_ALL:
            return None
        try:
            return Period.from_phase(self.public(), key)
        except KeyError:
            return None

    def _load_public(self, version: str) -> Dataset:
        del version  # the cache key only
        return view_for(self.source.dataset(), Audience.PUBLIC)

    def _compute(
        self,
        version: str,
        func: Callable[..., Any],
        args: tuple[Hashable, ...],
        kwargs: tuple[tuple[str, Hashable], ...],
    ) -> Any:
        return func(self._public(version), *args, **dict(kwargs))
