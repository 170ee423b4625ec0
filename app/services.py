"""What callbacks call: the signed-in role's view of the source's data, and cached analyses.

The audience is decided on the server, per request, from the signed-in role
(:func:`app.security.audience_for` of :func:`app.security.current_role`): the public
(no sign-in, or role ``public``) gets :attr:`~graph.visibility.Audience.PUBLIC`, members
and admins get :attr:`~graph.visibility.Audience.INTERNAL`. :meth:`Services.view`
applies :func:`graph.visibility.view_for` before anything else sees the data, so for the
public confidential records, facts derived only from them and personal data never reach
a layout, a store or a callback response.

The *deal filter* (``?deal=`` in the page's address, :mod:`app.urls`) narrows the view
of every page in this one place: :meth:`Services.view` applies
:func:`graph.deals.narrow_to_deals` after the audience's view, so every analysis a page
computes runs on the chosen deals' part of the network. The filter is read from the
request being served (:meth:`Services.deal_filter`): a page's address, or the page's
query string that the browser sends with every callback (:data:`app.urls.PAGE_QUERY`).
Deal ids the view does not know are ignored (and said by the shell), like unknown phases.

Every result is cached per *(version of the source, audience, deal filter)* (see
:class:`app.source.DatasetSource`): the same filters on the same data are computed once
per audience, a member's result is never served to the public, and new data invalidates
everything without a restart. Cached results are shared between requests: callers must
not mutate them. *Once* also holds between threads (:class:`SingleFlight`): a request
that asks for what another thread is computing (the start-up warm-up of
:mod:`app.warmup`, or a second visitor) waits for that result instead of computing it
again beside it, which on a two-core server would make both wait twice as long and
hold two copies of a national dataset in memory.

A source that can say how its last load went (``load()``, like
:class:`loaders.repository.StoreSource`) is asked once per version; while that load is
unfinished, or when reading the data finds it half written, every view raises
:class:`~loaders.repository.StoreIncomplete` (one of :data:`StoreError`): pages then show
no figures, and the shell says the data is incomplete.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

import flask

from app.security import audience_for, current_role
from app.source import DatasetSource
from app.urls import PAGE_QUERY, deals_from_pairs, deals_from_search
from graph.deals import narrow_to_deals
from graph.model import Dataset
from graph.period import PERIOD_ALL, Period, period_from_key
from graph.visibility import Audience, view_for
from graph.errors import DealnetError
from loaders.repository import StoreIncomplete

__all__ = [
    "PERIOD_ALL",
    "DatasetWriter",
    "DealFilter",
    "Services",
    "SingleFlight",
    "StoreError",
    "StoreIncomplete",
    "confidential_count",
    "requested_deals",
]

T = TypeVar("T")

#: What a source raises when the store cannot answer, or holds an unfinished load;
#: pages show "not available", the shell says which of the two it is.
StoreError: tuple[type[BaseException], ...] = (DealnetError, ConnectionError)


@dataclass(frozen=True)
class DealFilter:
    """The deals a request narrows the view to, and the ids it named that the view does not know."""

    deals: tuple[str, ...]
    """Known deal ids, sorted; empty: every deal (no filter)."""
    unknown: tuple[str, ...]
    """Ids in the address that name no deal of the view: ignored."""


def requested_deals() -> tuple[str, ...]:
    """The deal ids the request being served asks for (sorted, each once; none outside a request).

    A Dash callback request carries the page's query string under
    :data:`app.urls.PAGE_QUERY`; a callback with an address's ``search`` as input (the
    shell's, or Dash pages' routing of a new address) is answered for that ``search``,
    the address being changed to. Any other request (a page's address): its own query.
    """
    if not flask.has_request_context():
        return ()
    request = flask.request
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            inputs = body.get("inputs")
            for item in inputs if isinstance(inputs, list) else ():
                if isinstance(item, dict) and item.get("property") == "search":
                    value = item.get("value")
                    return deals_from_search(value if isinstance(value, str) else None)
            if isinstance(body.get(PAGE_QUERY), str):
                return deals_from_search(body[PAGE_QUERY])
    return deals_from_pairs(request.args.items(multi=True))


class DatasetWriter(Protocol):
    """Loads a validated dataset into the app's store: ``writer(dataset, replace)``.

    The CLI passes ``lambda ds, replace: write_dataset(store, ds, source="app upload",
    replace=replace)``; the return value (a :class:`loaders.writer.LoadResult`) is not used.
    """

    def __call__(self, dataset: Dataset, replace: bool, /) -> object: ...


def confidential_count(dataset: Dataset) -> int:
    """How many records of ``dataset`` are confidential or personal data (people).

    Examples
    --------
    >>> from graph.model import Party
    >>> confidential_count(Dataset(parties=(Party(id="a", name="A", kind="gemeente", confidential=True),)))
    1
    """
    return len(dataset.people) + sum(
        1
        for name in dataset.counts()
        if name != "people"
        for record in getattr(dataset, name)
        if getattr(record, "confidential", False)
    )


class SingleFlight:
    """Run ``work`` for a key in one thread at a time: callers of the same key wait for the first.

    Wrapped around a cache (``lambda: cached(*key)``), the ones that waited find the first
    one's result in it. Locks exist only while someone holds or waits for them.

    Examples
    --------
    >>> flight = SingleFlight()
    >>> flight.run(("a", 1), lambda: 42)
    42
    >>> flight._locks
    {}
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[Hashable, tuple[threading.Lock, int]] = {}

    def run(self, key: Hashable, work: Callable[[], T]) -> T:
        """``work()``, after any other thread running the same ``key`` has finished."""
        with self._guard:
            lock, users = self._locks.get(key, (None, 0))
            if lock is None:
                lock = threading.Lock()
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                return work()
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)


class Services:
    """The app's view of one :class:`DatasetSource`, cached per version and audience.

    Parameters
    ----------
    source
        Where the data comes from.
    writer
        Loads an uploaded dataset into the store behind ``source``; ``None``: uploads are off.
    cache_size
        How many analysis results to keep (per process).
    """

    def __init__(self, source: DatasetSource, *, writer: DatasetWriter | None = None, cache_size: int = 512) -> None:
        self.source = source
        self.writer = writer
        self._full = _once(lru_cache(maxsize=2)(self._read))
        self._views = _once(lru_cache(maxsize=8)(self._load_view))
        self._confidential = _once(lru_cache(maxsize=2)(self._count_confidential))
        self._run = _once(lru_cache(maxsize=cache_size)(self._compute))

    def version(self) -> str:
        """The source's current version (may raise one of :data:`StoreError`)."""
        return self.source.version()

    def audience(self) -> Audience:
        """Who the current request is for: internal for members and admins, else public."""
        return audience_for(current_role())

    def full(self) -> Dataset:
        """The whole dataset, all audiences: only for code that applies the audience itself
        (:func:`app.reports.render_report`, the diff of a load).

        Raises
        ------
        StoreIncomplete
            While the last load is unfinished, or the data read is half written.
        """
        result = self._full(self.version())
        if isinstance(result, StoreIncomplete):
            raise StoreIncomplete(str(result))  # a fresh exception: no traceback piles up on the cached one
        return result

    def view(self, audience: Audience | None = None) -> Dataset:
        """The current request's view of the data (or ``audience``'s, when given), narrowed
        to the request's deal filter (:meth:`deal_filter`)."""
        version = self.version()
        chosen = audience or self.audience()
        return self._views(version, chosen, self._deals(version, chosen).deals)

    def whole(self, audience: Audience | None = None) -> Dataset:
        """The current request's view of the data with no deal filter (the deal selector,
        the bridges between deals, which are bridges because of every deal)."""
        return self._views(self.version(), audience or self.audience(), ())

    def public(self) -> Dataset:
        """The public view, whoever asks (the shell's count of withheld records), narrowed
        to the request's deal filter."""
        return self.view(Audience.PUBLIC)

    def deal_filter(self) -> DealFilter:
        """The request's deal filter: the known deals it names, and the unknown ids it ignores."""
        version = self.version()
        return self._deals(version, self.audience())

    def confidential_records(self) -> int:
        """Confidential records and people the current data holds (0 when incomplete)."""
        try:
            return self._confidential(self.version())
        except StoreIncomplete:
            return 0

    def compute(self, func: Callable[..., T], /, *args: Hashable, **kwargs: Hashable) -> T:
        """``func(view, *args, **kwargs)``, cached per (version, audience, deal filter, func, arguments).

        ``view`` is :meth:`view`: narrowed to the request's deals. Arguments must be
        hashable (use tuples, not lists).
        """
        version = self.version()
        audience = self.audience()
        deals = self._deals(version, audience).deals
        return self._run(version, audience, deals, func, args, tuple(sorted(kwargs.items())))

    def compute_whole(self, func: Callable[..., T], /, *args: Hashable, **kwargs: Hashable) -> T:
        """``func(whole, *args, **kwargs)`` on :meth:`whole` (no deal filter), cached like :meth:`compute`."""
        version = self.version()
        return self._run(version, self.audience(), (), func, args, tuple(sorted(kwargs.items())))

    def period(self, key: str | None) -> Period | None:
        """The period a period key stands for: a phase id, a calendar year (``2025``), a
        range of dates (``2025-01-01..2025-12-31``, :func:`graph.period.period_from_key`),
        or the whole term (``all``).

        Unknown or invalid keys (a phase deleted since a link was shared, a date that does
        not exist, an end before the start) mean the whole term; :meth:`period_valid` says
        whether a key was understood.
        """
        try:
            return period_from_key(self.view(), key)
        except (KeyError, ValueError):
            return None

    def period_valid(self, key: str | None) -> bool:
        """Whether a period key names the whole term or a period of the view (see :meth:`period`)."""
        try:
            period_from_key(self.view(), key)
        except (KeyError, ValueError):
            return False
        return True

    def _read(self, version: str) -> Dataset | StoreIncomplete:
        """The source's dataset for ``version``, or why it is incomplete (cached either way)."""
        del version  # the cache key only
        load = getattr(self.source, "load", None)
        if callable(load):
            info = load()
            status = getattr(info, "status", "complete")
            if info is not None and status != "complete":
                return StoreIncomplete(f"the last load ({getattr(info, 'source', None) or '?'}) is {status}")
        try:
            return self.source.dataset()
        except StoreIncomplete as error:
            return error

    def _count_confidential(self, version: str) -> int:
        del version
        return confidential_count(self.full())

    def _deals(self, version: str, audience: Audience) -> DealFilter:
        asked = requested_deals()
        if not asked:
            return DealFilter(deals=(), unknown=())
        known = {d.id for d in self._views(version, audience, ()).deals}
        return DealFilter(
            deals=tuple(d for d in asked if d in known), unknown=tuple(d for d in asked if d not in known)
        )

    def _load_view(self, version: str, audience: Audience, deals: tuple[str, ...]) -> Dataset:
        if deals:
            return narrow_to_deals(self._views(version, audience, ()), deals)
        return view_for(self.full(), audience)

    def _compute(
        self,
        version: str,
        audience: Audience,
        deals: tuple[str, ...],
        func: Callable[..., Any],
        args: tuple[Hashable, ...],
        kwargs: tuple[tuple[str, Hashable], ...],
    ) -> Any:
        return func(self._views(version, audience, deals), *args, **dict(kwargs))


class _Once:
    """An ``lru_cache``-wrapped function whose calls for one key run in one thread at a time
    (:class:`SingleFlight`); ``cache_info`` and ``cache_clear`` as the cache's."""

    def __init__(self, cached: Any) -> None:
        self._cached = cached
        self._flight = SingleFlight()
        self.cache_info = cached.cache_info
        self.cache_clear = cached.cache_clear

    def __call__(self, *key: Any) -> Any:
        return self._flight.run(key, lambda: self._cached(*key))


def _once(cached: Any) -> Any:
    return _Once(cached)
