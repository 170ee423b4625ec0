"""CSV and Excel downloads of the tables a page shows, built on the server.

A page registers one download callback: a click on any of its download buttons
rebuilds that table from the signed-in role's view (the same function that built the
table on screen) and sends it with ``dcc.Download``. Nothing is serialised from the
browser. Exports of the internal view (members, admins) are written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, no_update

from app import ids
from app.security import audience_for, audit, current_role
from app.table_views import register_table_views
from app.tables import Table, to_csv_bytes, to_xlsx_bytes
from graph.visibility import Audience

__all__ = ["TableBuilder", "download_payload", "register_downloads"]

#: Builds the named tables of a page from the page's context and filter values.
TableBuilder = Callable[..., dict[str, Table]]


def download_payload(tables: dict[str, Table], table: str, fmt: str, page: str) -> dict[str, Any]:
    """The ``dcc.Download`` data for one table in one format.

    Raises
    ------
    KeyError
        When the page has no such table (a forged button id).
    """
    chosen = tables[table]
    name = f"dealnet-{page}-{table}"
    if fmt == "xlsx":
        return dcc.send_bytes(to_xlsx_bytes([chosen]), f"{name}.xlsx")
    return dcc.send_bytes(to_csv_bytes(chosen), f"{name}.csv")


def register_downloads(
    app: Dash,
    *,
    page: str,
    download_id: str,
    context_id: str,
    states: Sequence[State],
    build: TableBuilder,
) -> None:
    """Wire the page's download buttons to ``build(context, *state_values)``.

    The same builder sorts and pages the page's tables on screen (:func:`app.table_views.register_table_views`).
    """
    register_table_views(app, page=page, context_id=context_id, states=states, build=build)

    @app.callback(
        Output(download_id, "data"),
        Input({"type": ids.DOWNLOAD_BUTTON, "page": page, "table": ALL, "fmt": ALL}, "n_clicks"),
        State(context_id, "data"),
        *states,
        prevent_initial_call=True,
    )
    def _download(clicks: list[int | None], context: dict[str, str], *values: Any) -> Any:
        del clicks  # which button counts, not how often
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
            return no_update
        tables = build(context, *values)
        payload = download_payload(tables, str(trigger["table"]), str(trigger["fmt"]), page)
        if audience_for(current_role()) == Audience.INTERNAL:
            audit("export", str(payload["filename"]), "success")
        return payload
