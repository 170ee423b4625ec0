"""Serve the app: ``dealnet serve`` ends here.

A production WSGI server (waitress) is used when installed; otherwise Flask's own
server, which is fine on one's own machine.
"""

from __future__ import annotations

import dash

__all__ = ["serve"]


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
        waitress_serve(app.server, host=host, port=port, threads=8)
