"""The root of every exception dealnet raises on purpose.

It lives in the base package so that every layer (the analyses, the loaders, the store
connection, the app's security layer) can raise and catch dealnet's errors without
importing a layer above it. Dataset problems (:class:`loaders.errors.DatasetError`) and
store faults (:class:`loaders.driver.StoreUnavailable`) derive from it.
"""

from __future__ import annotations

__all__ = ["DealnetError"]


class DealnetError(Exception):
    """Root of every exception dealnet raises on purpose.

    Examples
    --------
    >>> from loaders.errors import DatasetError
    >>> issubclass(DatasetError, DealnetError)
    True
    """
