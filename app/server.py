"""Serve the app: ``dealnet serve`` ends here.

A production WSGI server (waitress) is used when installed; otherwise Flask's own
server, which is fine on one's own machine.

Forwarded headers: waitress removes ``X-Forwarded-*`` from every request unless told
otherwise. When the security layer trusts reverse proxies (``DEALNET_TRUSTED_PROXIES``),
waitress passes them on and werkzeug's ``ProxyFix`` (installed by
:func:`app.security.install_security`) takes exactly the trusted number of entries
from them; without that setting they stay removed.
"""

from __future__ import annotations

import dash

__all__ = ["serve", "trusted_proxies"]


def trusted_proxies(app: dash.Dash) -> int:
    """How many reverse proxies the app's security layer trusts (0 when it has none installed)."""
    from app.security.state import STATE_KEY, SecurityState  # late: the app may run without it

    state = app.server.extensions.get(STATE_KEY)
    return state.config.trusted_proxies if isinstance(state, SecurityState) else 0


def serve(app: dash.Dash, host: str = "127.0.0.1", port: int = 8050) -> None:
    """Serve ``app`` on ``host``:``port`` until interrupted.

    The default host only listens on this machine. Putting the app on a network is a
    decision the caller makes explicitly with ``--host``, and only with sign-in
    configured (:func:`app.security.check_bind` refuses otherwise).
    """
    try:
        from waitress import serve as waitress_serve
    except ImportError:
        app.run(host=host, port=port, debug=False)
    else:
        waitress_serve(
            app.server,
            host=host,
            port=port,
            threads=8,
            clear_untrusted_proxy_headers=trusted_proxies(app) == 0,
        )
