"""The app shell: what stays on screen while pages change.

It owns the URL, the navigation, the language switch, the period selector, the
store status message (polled, so it clears itself when the store is back), the
"partly illustrative" banner and the count of withheld records. The language and the
period live in the URL's query string like every other piece of view state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import dash
import flask
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from app import ids
from app.formatting import format_number
from app.i18n import Lang, t
from app.services import PERIOD_ALL, Services, StoreError
from app.urls import context_from, page_href, parse_query

__all__ = ["POLL_MS", "ShellStatus", "period_options", "register_shell", "shell_layout", "shell_status"]

#: How often the shell asks the source for its version (ms): the store-down message
#: clears itself within this time after the store returns.
POLL_MS = 5_000


@dataclass(frozen=True)
class ShellStatus:
    """What the shell says about the data: reachable, version, illustrative, withheld."""

    available: bool
    version: str | None
    illustrative: bool
    withheld: int


def shell_status(services: Services) -> ShellStatus:
    """Ask the source how it is; never raises for an unreachable store."""
    try:
        version = services.version()
        public = services.public()
    except StoreError:
        return ShellStatus(available=False, version=None, illustrative=False, withheld=0)
    illustrative = any(
        record.illustrative
        for name in public.counts()
        for record in getattr(public, name)
    )
    return ShellStatus(
        available=True,
        version=version,
        illustrative=illustrative,
        withheld=sum(public.withheld.values()),
    )


def period_options(services: Services, lang: Lang) -> list[dict[str, str]]:
    """The period selector: the whole term, then every phase by start date."""
    options = [{"label": t("shell.period.all", lang), "value": PERIOD_ALL}]
    try:
        phases = sorted(services.public().phases, key=lambda p: (p.start, p.id))
    except StoreError:
        return options
    return options + [{"label": p.name, "value": p.id} for p in phases]


def _nav(
    pages: Sequence[ModuleType], lang: Lang, period: str, pathname: str, lang_default: Lang
) -> list[Any]:
    return [
        html.Li(
            dcc.Link(
                t(f"page.{page.KEY}", lang),
                href=page_href(page.PATH, lang, period, lang_default),
                id={"type": ids.Shell.NAV_LINK, "page": page.KEY},
                className="active" if page.PATH == pathname else "",
            )
        )
        for page in pages
    ]


def shell_layout(services: Services, pages: Sequence[ModuleType], lang_default: Lang) -> html.Div:
    """The shell for the request being served (language and period from its URL)."""
    if flask.has_request_context():
        query: dict[str, str] = dict(flask.request.args)
        pathname = flask.request.path
    else:
        query, pathname = {}, "/"
    lang, period = context_from(query, lang_default)
    return html.Div(
        [
            dcc.Location(id=ids.Shell.URL, refresh="callback-nav"),
            dcc.Interval(id=ids.Shell.POLL, interval=POLL_MS),
            dcc.Store(id=ids.Shell.VERSION),
            dcc.Store(id=ids.Shell.HTML_LANG),
            html.A(t("shell.skip", lang), href="#main", className="skip-link", id=ids.Shell.SKIP),
            html.Header(
                [
                    html.Div(
                        [
                            html.P("dealnet", className="brand"),
                            html.P(t("app.tagline", lang), id=ids.Shell.TAGLINE, className="tagline"),
                        ],
                        className="brand-block",
                    ),
                    html.Nav(
                        html.Ul(_nav(pages, lang, period, pathname, lang_default), id=ids.Shell.NAV),
                        **{"aria-label": t("shell.nav", lang)},
                    ),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Span(t("shell.language", lang), id=ids.Shell.LANG_LABEL),
                                    html.Button(
                                        "Nederlands", id=ids.Shell.LANG_NL, lang="nl", n_clicks=0,
                                        **{"aria-pressed": "true" if lang == "nl" else "false"},
                                    ),
                                    html.Button(
                                        "English", id=ids.Shell.LANG_EN, lang="en", n_clicks=0,
                                        **{"aria-pressed": "true" if lang == "en" else "false"},
                                    ),
                                ],
                                className="lang-switch",
                                role="group",
                                **{"aria-labelledby": ids.Shell.LANG_LABEL},
                            ),
                            html.Div(
                                [
                                    html.Label(t("shell.period", lang), htmlFor=ids.Shell.PERIOD,
                                               id=ids.Shell.PERIOD_LABEL),
                                    dcc.Dropdown(
                                        id=ids.Shell.PERIOD,
                                        options=period_options(services, lang),
                                        value=period,
                                        clearable=False,
                                        searchable=False,
                                    ),
                                ],
                                className="control period",
                            ),
                        ],
                        className="shell-controls",
                    ),
                ],
                className="shell-header",
            ),
            html.Div(t("shell.store_down", lang), id=ids.Shell.STATUS, role="alert", hidden=True,
                     className="banner banner-error"),
            html.Div(t("shell.illustrative", lang), id=ids.Shell.ILLUSTRATIVE, hidden=True,
                     className="banner banner-illustrative", role="note"),
            html.P(t("shell.public", lang), id=ids.Shell.WITHHELD, className="withheld"),
            html.Main(dash.page_container, id=ids.Shell.MAIN, tabIndex="-1"),
            html.Footer(html.P(t("shell.footer", lang), id=ids.Shell.FOOTER)),
        ],
        className="shell",
    )


def status_texts(status: ShellStatus, lang: Lang) -> tuple[bool, bool, str]:
    """(hide store message, hide illustrative banner, withheld sentence)."""
    withheld = t("shell.public", lang)
    if status.withheld:
        withheld += " " + t("shell.withheld", lang, n=format_number(status.withheld, lang))
    return status.available, not status.illustrative, withheld


def register_shell(app: Dash, services: Services, pages: Sequence[ModuleType], lang_default: Lang) -> None:
    """The shell's callbacks: texts per language, status polling, URL state, ``<html lang>``."""

    @app.callback(
        Output(ids.Shell.STATUS, "hidden"),
        Output(ids.Shell.STATUS, "children"),
        Output(ids.Shell.ILLUSTRATIVE, "hidden"),
        Output(ids.Shell.ILLUSTRATIVE, "children"),
        Output(ids.Shell.WITHHELD, "children"),
        Output(ids.Shell.VERSION, "data"),
        Input(ids.Shell.POLL, "n_intervals"),
        Input(ids.Shell.URL, "search"),
        State(ids.Shell.VERSION, "data"),
    )
    def _status(_n: int | None, search: str | None, known: str | None) -> tuple[Any, ...]:
        lang, _ = context_from(parse_query(search), lang_default)
        status = shell_status(services)
        store_hidden, illustrative_hidden, withheld = status_texts(status, lang)
        version = status.version if status.version != known else no_update
        return (
            store_hidden,
            t("shell.store_down", lang),
            illustrative_hidden,
            t("shell.illustrative", lang),
            withheld,
            version,
        )

    @app.callback(
        Output(ids.Shell.SKIP, "children"),
        Output(ids.Shell.TAGLINE, "children"),
        Output(ids.Shell.LANG_LABEL, "children"),
        Output(ids.Shell.PERIOD_LABEL, "children"),
        Output(ids.Shell.PERIOD, "options"),
        Output(ids.Shell.FOOTER, "children"),
        Output(ids.Shell.NAV, "children"),
        Output(ids.Shell.LANG_NL, "aria-pressed"),
        Output(ids.Shell.LANG_EN, "aria-pressed"),
        Input(ids.Shell.URL, "search"),
        Input(ids.Shell.URL, "pathname"),
        Input(ids.Shell.VERSION, "data"),
    )
    def _texts(search: str | None, pathname: str | None, _version: str | None) -> tuple[Any, ...]:
        lang, period = context_from(parse_query(search), lang_default)
        return (
            t("shell.skip", lang),
            t("app.tagline", lang),
            t("shell.language", lang),
            t("shell.period", lang),
            period_options(services, lang),
            t("shell.footer", lang),
            _nav(pages, lang, period, pathname or "/", lang_default),
            "true" if lang == "nl" else "false",
            "true" if lang == "en" else "false",
        )

    app.clientside_callback(
        ClientsideFunction(namespace="dealnet", function_name="shellState"),
        Output(ids.Shell.URL, "search"),
        Input(ids.Shell.LANG_NL, "n_clicks"),
        Input(ids.Shell.LANG_EN, "n_clicks"),
        Input(ids.Shell.PERIOD, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="dealnet", function_name="htmlLang"),
        Output(ids.Shell.HTML_LANG, "data"),
        Input(ids.Shell.URL, "search"),
        State(ids.Shell.HTML_LANG, "data"),
    )
