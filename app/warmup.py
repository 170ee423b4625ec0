"""Warm the caches when ``dealnet serve`` starts, so the first visitor does not wait.

At national scale, reading the store, applying the audience's view and computing the
overview's and the network's analyses take many seconds; without warm-up the first
visitor after a start pays all of it. :func:`start_warming` runs, in a background
thread, what the first load of every page asks for: the pages' own callback bodies
(:func:`app.pages.overview.update` and ``update_programme``, :func:`app.pages.network.update_network`,
:func:`app.pages.deals.update`, ...) with the controls as a bare address sets them (whole
term, default language, no filter), through :meth:`app.services.Services.compute`, so the
results land in the very cache the requests use. The landing page comes first, then the
pages by how long their first answer takes at national scale (the network's layout, the
deals analysis, the opportunities), so the heavy ones are ready soonest. The server
answers meanwhile; a request that asks for something the warm-up is computing waits for
that result rather than computing it a second time beside it (:class:`app.services.SingleFlight`).

**Only the public view is warmed.** It is what a visitor without sign-in gets and what
every deployment serves. A member's (internal) view is computed only when a member asks
for it: a process nobody signed in to never holds confidential records in memory, and on
a two-core server the start-up work is not doubled for a view that may not be asked
that day. The cache stays per audience as before (:mod:`app.services`), so warming
cannot hand a member's result to the public.

A warm-up that fails (the store is away, a load is unfinished) is logged and dropped:
the pages then say so themselves, as without warm-up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import dash

from app.i18n import Lang
from app.services import Services
from graph.period import PERIOD_ALL
from graph.visibility import Audience

__all__ = ["WARMED_PAGES", "services_of", "start_warming", "warm"]

_log = logging.getLogger(__name__)

#: The pages warmed, in order: the landing page first, then the heaviest first answers.
WARMED_PAGES = ("overview", "network", "deals", "opportunities", "practices", "themes", "expertise", "bottlenecks")


def services_of(app: dash.Dash) -> Services:
    """The :class:`Services` that :func:`app.factory.create_app` gave ``app``."""
    from app.factory import _SERVICES_KEY  # the factory owns the key (imported late: no cycle)

    services = app.server.config[_SERVICES_KEY]
    assert isinstance(services, Services)
    return services


def _default_lang(app: dash.Dash) -> Lang:
    from app.factory import _LANG_KEY

    lang: Lang = app.server.config.get(_LANG_KEY, "nl")
    return lang


def warm(app: dash.Dash) -> dict[str, float]:
    """Compute, for the public view, what the first load of the warmed pages asks for.

    Runs in a request context for ``/`` with no one signed in, so the services see the
    public audience and no deal filter, exactly as a visitor's first page does.

    Returns
    -------
    dict[str, float]
        Seconds spent per step (``data`` and each of :data:`WARMED_PAGES`).

    Raises
    ------
    StoreError
        When the store cannot answer or holds an unfinished load (from reading the data).
    """
    from app.figures.network import METRICS
    from app.pages import bottlenecks, deals, expertise, network, opportunities, overview, practices, themes

    services = services_of(app)
    lang = _default_lang(app)
    context = {"lang": lang, "period": PERIOD_ALL}
    spent: dict[str, float] = {}
    with app.server.test_request_context("/"):
        if services.audience() is not Audience.PUBLIC:  # pragma: no cover - nobody signs in here
            raise RuntimeError("the warm-up must run as the public")
        start = time.perf_counter()
        services.whole()  # read the store, apply the public view (raises StoreError)
        services.confidential_records()  # the shell's count of what the public does not see
        spent["data"] = time.perf_counter() - start
        pages: dict[str, Callable[[], object]] = {
            "overview": lambda: (overview.update(services, context), overview.update_programme(services, context)),
            "network": lambda: network.update_network(services, context, METRICS[0], [], None, "rolled", None),
            "deals": lambda: deals.update(services, context),
            "opportunities": lambda: opportunities.update(services, context, None, None),
            "practices": lambda: practices.update(services, context, None, None),
            "themes": lambda: themes.update(services, context, []),
            "expertise": lambda: expertise.update(services, context, None),
            "bottlenecks": lambda: bottlenecks.update(services, context, None),
        }
        for name in WARMED_PAGES:
            start = time.perf_counter()
            pages[name]()
            spent[name] = time.perf_counter() - start
    return spent


def start_warming(app: dash.Dash) -> threading.Thread:
    """Run :func:`warm` in a daemon thread (it never delays serving, nor the exit)."""

    def run() -> None:
        try:
            spent = warm(app)
        except Exception as error:  # best effort: the pages report problems themselves
            _log.warning("warming the caches failed: %s", error)
            return
        _log.info("caches warmed: %s", ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))

    thread = threading.Thread(target=run, name="dealnet-warmup", daemon=True)
    thread.start()
    return thread
