"""The app factory: one :class:`dash.Dash` for one :class:`~app.source.DatasetSource`.

Everything the app needs is passed in; nothing is read from module-level state, so
tests can build several apps in one process. Nothing that depends on the signed-in role
is built once and shared: every layout is built for the request that asks for it. Pages are registered here with Dash
pages (their layouts look up the app's services through the Flask app serving the
request), and every callback is registered on this app only.

The app is fully offline: Dash's and plotly's JavaScript are served by the app itself
(``serve_locally``), the CSS and the outline of the Netherlands come from
``app/assets``, and no fonts, tiles or scripts are fetched from elsewhere.
"""

from __future__ import annotations

from functools import partial
from html import escape
from types import ModuleType
from typing import Any

import dash
import flask
from dash.development.base_component import Component

from app.components import localise_dropdowns
from app.cytoscape_bundle import bundle_meta
from app.i18n import DEFAULT_LANG, Lang, t
from app.page_title import page_title, request_lang
from app.pages import PAGES
from app.checkin.routes import register_checkin
from app.services import DatasetWriter, Services
from app.shell import register_shell, shell_layout
from app.source import DatasetSource
from app.statements import register_statements
from app.theme import ThemeSettings, register_theme, theme_url
from app.urls import context_from

__all__ = ["create_app", "index_string"]

_SERVICES_KEY = "DEALNET_SERVICES"
_LANG_KEY = "DEALNET_LANG_DEFAULT"


def index_string(lang: Lang, theme_href: str | None = None, head: str = "") -> str:
    """Dash's page template with ``<html lang>`` set (WCAG 3.1.1) and nothing external.

    ``theme_href``: the organisation's theme (:mod:`app.theme`), linked after every style
    sheet of the app so that its tokens win. ``head``: trusted markup for the ``<head>``
    (the address of the network's script: :func:`app.cytoscape_bundle.bundle_meta`).
    """
    theme = f'\n        <link rel="stylesheet" href="{escape(theme_href)}">' if theme_href else ""
    extra = f"\n        {head}" if head else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}" data-lang-default="{lang}">
    <head>
        {{%metas%}}{extra}
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}{theme}
    </head>
    <body>
        {{%app_entry%}}
        <footer class="dash-scripts">
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


def _page_layout(page: ModuleType, **query: Any) -> Component:
    """Dash pages calls this with the query string; the services come from the serving app."""
    config = flask.current_app.config
    services: Services = config[_SERVICES_KEY]
    lang, period = context_from(query, config[_LANG_KEY])
    return localise_dropdowns(page.layout(services, lang, period, query), lang)


def _shell(services: Services, lang_default: Lang) -> Component:
    """The shell for the request being served, its dropdowns in the request's language."""
    return localise_dropdowns(shell_layout(services, PAGES, lang_default), request_lang(lang_default))


def _not_found_layout(lang_default: Lang, **query: Any) -> Component:
    lang, _ = context_from(query, lang_default)
    return dash.html.Div(
        [
            dash.html.H1(t("page.not_found", lang)),
            dash.html.P(t("page.not_found.text", lang)),
            dash.dcc.Link(t("page.overview", lang), href="/"),
        ]
    )


def create_app(
    source: DatasetSource,
    *,
    lang_default: Lang = DEFAULT_LANG,
    writer: DatasetWriter | None = None,
    theme: ThemeSettings | None = None,
) -> dash.Dash:
    """Build the dealnet app on ``source``.

    Parameters
    ----------
    source
        Where the data comes from; each request sees the view of its signed-in role
        (the public view without sign-in), see :mod:`app.services`.
    lang_default
        The language of a URL without ``lang=`` (Dutch unless told otherwise).
    writer
        ``writer(dataset, replace)`` loads a validated dataset into the store behind
        ``source`` (for the upload page, admins only), e.g.
        ``lambda ds, replace: write_dataset(store, ds, source="app upload", replace=replace)``.
        ``None`` (default): the upload page says uploads are off.
    theme
        An organisation's theme stylesheet (:mod:`app.theme`); default from ``DEALNET_THEME_CSS``,
        so a setting that names no file stops the app here, naming the setting.

    Returns
    -------
    dash.Dash
        The app; ``app.server`` is the Flask (WSGI) application, see :func:`app.server.serve`.
    """
    services = Services(source, writer=writer)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder="assets",
        serve_locally=True,
        title=t("app.title", lang_default),
        update_title=None,
        # Dash pages would otherwise build every page's layout once, on the first request
        # after a start, and embed it (the "validation layout") in every HTML page it
        # serves: the first visitor's role would decide what everyone receives. Layouts
        # are built per request and per role only; tests/test_callback_ids.py checks the
        # callback ids that Dash's validation would have checked.
        suppress_callback_exceptions=True,
    )
    app.server.config[_SERVICES_KEY] = services
    app.server.config[_LANG_KEY] = lang_default
    register_theme(app, theme)  # DEALNET_THEME_CSS: checked here, served at /_dealnet/theme.css
    app.index_string = index_string(lang_default, theme_url(app.server), bundle_meta(app))
    for order, page in enumerate(PAGES):
        name = t(f"page.{page.KEY}", lang_default)
        dash.register_page(
            page.__name__,
            path=page.PATH,
            name=name,
            title=page_title(f"page.{page.KEY}", lang_default),
            order=order,
            layout=partial(_page_layout, page),
        )
    # Dash's own "404 - Page not found" is English: say it in the user's language.
    dash.register_page(
        "not_found_404",
        name=t("page.not_found", lang_default),
        title=page_title("page.not_found", lang_default),
        layout=partial(_not_found_layout, lang_default),
    )
    app.layout = partial(_shell, services, lang_default)
    register_shell(app, services, PAGES, lang_default)
    register_statements(app)  # plain HTML, public by design: /toegankelijkheid, /privacy
    register_checkin(app, services)  # public forms behind signed links: /checkin, /zelfevaluatie
    for page in PAGES:
        page.register_callbacks(app, services)
    return app
