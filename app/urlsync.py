"""Write a page's filter values into the query string as they change.

The browser's address is updated with ``history.replaceState`` (no reload, no page
re-render, the control keeps focus); the page's ``layout(**query)`` reads the same
keys back, so a copied link restores the filters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from dash import Dash, Input, Output

__all__ = ["register_url_sync"]


def register_url_sync(app: Dash, sync_id: str, controls: Sequence[tuple[str, str, str]]) -> None:
    """Keep query keys in step with controls: ``(component id, property, query key)``."""
    keys = json.dumps([key for _, _, key in controls])
    app.clientside_callback(
        "function () { var a = Array.prototype.slice.call(arguments); a.push(" + keys + ");"
        " return window.dash_clientside.dealnet.syncQuery.apply(null, a); }",
        Output(sync_id, "data"),
        *[Input(component, prop) for component, prop, _ in controls],
        prevent_initial_call=True,
    )
