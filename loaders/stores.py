"""Which graph store a command uses: the configured one, else the embedded one.

Above :mod:`loaders.driver` (the connection), :mod:`loaders.embedded` (the local server)
and :mod:`loaders.recovery` (a connection that brings the local server back), so that
none of those needs to import another one back.
"""

from __future__ import annotations

from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.recovery import RecoveringStore
from loaders.settings import configured_settings, dealnet_home

__all__ = ["ensure_store"]


def ensure_store(*, keep_alive: bool = False) -> Store:
    """A connected store: the configured one, else the embedded store (started if needed).

    The embedded store is that of :func:`loaders.settings.dealnet_home`; starting it
    the first time takes a few seconds.

    Parameters
    ----------
    keep_alive
        For a process that runs for long (``dealnet serve``): on the embedded store,
        a :class:`loaders.recovery.RecoveringStore`, which brings the server back
        when it dies. A configured store is left to its operators (the driver
        reconnects to it by itself once it answers again).
    """
    settings = configured_settings()
    if settings is not None:
        return connect(settings)
    if keep_alive:
        return RecoveringStore(EmbeddedStore(dealnet_home()))
    return connect(EmbeddedStore(dealnet_home()).start())
