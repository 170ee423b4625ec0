"""Sorting and paging a page's tables on the server: one callback per page, for all its tables.

A page shows a table with :func:`app.tables.paged_table`; a press on a column header, a
pager button or a page size button sends the table's view (a ``dcc.Store`` beside it) and
the page's filters, and the callback rebuilds the table with the page's own builder (the
one its downloads use: the signed-in role's view, nothing taken from the browser but the
view, which :meth:`app.tables.TableView.from_data` checks) and renders the new page.
:func:`app.downloads.register_downloads` registers it, so every page with downloads has it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, no_update

from app import ids
from app.i18n import DEFAULT_LANG, Lang, is_lang
from app.services import StoreError
from app.tables import Table, TableView, table_view_children

__all__ = ["next_view", "register_table_views"]


def next_view(view: TableView, trigger: dict[str, Any], table: Table) -> TableView:
    """The view after the button ``trigger`` names (a sort, pager or page size button's id)."""
    kind = trigger.get("type")
    if kind == ids.TABLE_SORT and type(trigger.get("column")) is int and 0 <= trigger["column"] < len(table.columns):
        return view.sorted_by(trigger["column"], table)
    if kind == ids.TABLE_PAGER:
        return view.paged(str(trigger.get("to")), table)
    if kind == ids.TABLE_SIZE and type(trigger.get("size")) is int:
        return view.resized(trigger["size"], table)
    return view


def register_table_views(
    app: Dash,
    *,
    page: str,
    context_id: str,
    states: Sequence[State],
    build: Callable[..., dict[str, Table]],
) -> None:
    """Wire the sort, pager and page size buttons of ``page``'s tables to ``build(context, *state_values)``."""

    @app.callback(
        Output({"type": ids.TABLE_VIEW, "page": page, "table": MATCH}, "children"),
        Input({"type": ids.TABLE_SORT, "page": page, "table": MATCH, "column": ALL}, "n_clicks"),
        Input({"type": ids.TABLE_PAGER, "page": page, "table": MATCH, "to": ALL}, "n_clicks"),
        Input({"type": ids.TABLE_SIZE, "page": page, "table": MATCH, "size": ALL}, "n_clicks"),
        State({"type": ids.TABLE_STATE, "page": page, "table": MATCH}, "data"),
        State(context_id, "data"),
        *states,
        prevent_initial_call=True,
    )
    def _view(
        _sorts: list[int | None],
        _moves: list[int | None],
        _sizes: list[int | None],
        data: object,
        context: dict[str, str],
        *values: Any,
    ) -> Any:
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
            return no_update  # a button just drawn, not pressed
        lang: Lang = context["lang"] if is_lang(context.get("lang")) else DEFAULT_LANG  # type: ignore[assignment]
        try:
            tables = build(context, *values)
        except StoreError:
            return no_update
        table = tables.get(str(trigger.get("table")))
        if table is None:
            return no_update  # a forged id
        view = TableView.from_data(data, table)
        new = next_view(view, trigger, table)
        if new == view and trigger.get("type") != ids.TABLE_SORT:
            return no_update  # "next" on the last page: nothing changes, the focus stays
        return table_view_children(table, lang, page, str(trigger["table"]), new, focus=trigger)

    # The new content replaces the button just pressed: give its successor the keyboard focus
    # (Dash's DOM id of a dict id is its JSON with sorted keys), once React has drawn it.
    app.clientside_callback(
        """function (view) {
            var f = view && view.focus;
            if (f) {
                var id = "{" + Object.keys(f).sort().map(function (k) {
                    return JSON.stringify(k) + ":" + JSON.stringify(f[k]); }).join(",") + "}";
                setTimeout(function () { var el = document.getElementById(id); if (el) { el.focus(); } }, 0);
            }
            return window.dash_clientside.no_update;
        }""",
        Output({"type": ids.TABLE_FOCUS, "page": page, "table": MATCH}, "data"),
        Input({"type": ids.TABLE_STATE, "page": page, "table": MATCH}, "data"),
    )
