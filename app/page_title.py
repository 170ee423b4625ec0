"""The browser tab's title in the page's language (``Thema's – dealnet`` / ``Themes – dealnet``).

Dash pages fixes a page's title when the page is registered, once, in the default
language; a callable title is asked again for every page the browser is served and for
every client-side navigation, but only with the path's variables, not the query string
that holds ``?lang=``. So the title reads the language from the request being answered:
the address's query for the HTML page itself, the query the browser sends with every
callback request (:data:`app.urls.PAGE_QUERY`) for Dash's router callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask

from app.i18n import Lang, t
from app.urls import PAGE_QUERY, context_from, parse_query

__all__ = ["page_title", "request_lang"]


def request_lang(lang_default: Lang) -> Lang:
    """The language the request being answered asks for (``lang_default`` outside a request)."""
    if not flask.has_request_context():
        return lang_default
    request = flask.request
    body: Any = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict) and isinstance(body.get(PAGE_QUERY), str):
        query: dict[str, object] = dict(parse_query(body[PAGE_QUERY]))
    else:
        query = dict(request.args.items())
    lang, _ = context_from(query, lang_default)
    return lang


def page_title(key: str, lang_default: Lang) -> Callable[..., str]:
    """A Dash pages ``title`` for the page whose name is ``t(key)``, in the request's language."""

    def title(**_path_variables: object) -> str:
        return f"{t(key, request_lang(lang_default))} – dealnet"

    return title
