"""The exceptions of the security layer; all are :class:`~loaders.errors.DealnetError`."""

from __future__ import annotations

from graph.errors import ConfigurationError, DealnetError

__all__ = ["BindRefusedError", "SecurityConfigError", "SecurityError", "UserFileError"]


class SecurityError(DealnetError):
    """Root of the security layer's errors."""


class SecurityConfigError(SecurityError, ConfigurationError):
    """The sign-in configuration is present but unusable (half-filled, unknown role, ...)."""


class UserFileError(SecurityError):
    """The local user file cannot be read or written, or a user record is invalid."""


class BindRefusedError(SecurityError, ConfigurationError):
    """dealnet will not listen on a network address without sign-in (or in development mode)."""
