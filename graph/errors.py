"""The root of every exception dealnet raises on purpose.

It lives in the base package so that every layer (the analyses, the loaders, the store
connection, the app's security layer) can raise and catch dealnet's errors without
importing a layer above it. Dataset problems (:class:`loaders.errors.DatasetError`) and
store faults (:class:`loaders.driver.StoreUnavailable`) derive from it.
"""

from __future__ import annotations

__all__ = ["ConfigurationError", "DealnetError"]


class DealnetError(Exception):
    """Root of every exception dealnet raises on purpose.

    Examples
    --------
    >>> from loaders.errors import DatasetError
    >>> issubclass(DatasetError, DealnetError)
    True
    """


class ConfigurationError(DealnetError):
    """A setting is present but unusable (a store URI, a sign-in setting, a theme file...).

    The user's own configuration, not their data: the command line answers it as wrong
    usage (exit 2), before any work is done.
    """
