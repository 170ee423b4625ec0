"""Security headers on every response, and the Content-Security-Policy Dash works with.

The policy allows scripts only from the app itself plus the SHA-256 hashes of Dash's
inline scripts (:meth:`dash.Dash.csp_hashes`: the renderer start-up line and any
clientside callbacks). No ``'unsafe-eval'`` and no ``'unsafe-inline'`` for scripts;
measured in headless Chromium with Dash 4.4 in production mode, a ``dcc.Graph`` and a
dash-cytoscape network (``tests/test_security_browser.py``). ``style-src`` does allow
``'unsafe-inline'``: plotly.js and React components write ``<style>`` elements and
style attributes; recorded as an accepted risk (styles cannot run code).

Dash's ``<script id="_dash-config" type="application/json">`` is a data block, not a
script, and needs no hash.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["STATIC_PREFIXES", "content_security_policy", "security_headers"]

STATIC_PREFIXES: tuple[str, ...] = ("_dash-component-suites/", "assets/")
"""Path prefixes (after the app's route prefix) of static files; they may be cached."""


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The CSP header value, with ``script_hashes`` (``'sha256-...'``) allowed for scripts.

    >>> content_security_policy(["'sha256-abc'"]).split("; ")[1]
    "script-src 'self' 'sha256-abc'"
    """
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *script_hashes]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(*, csp: str, https: bool, cacheable: bool) -> dict[str, str]:
    """The headers every response gets.

    Parameters
    ----------
    csp
        The Content-Security-Policy value.
    https
        The request came over https: add HSTS (never on plain http, where it is ignored
        and would only confuse a later proxy set-up).
    cacheable
        A static file: keep Dash's own caching. Anything else may carry data the next
        user of a shared computer must not find in the cache: ``no-store``.
    """
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": (
            # Only features Chromium knows, or it logs a console error per unknown one.
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        ),
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not cacheable:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return headers
