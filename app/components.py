"""Layout factories shared by the pages: panels, labelled controls, download buttons.

They build components and hold no callbacks, so a page reads as a list of panels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from app import ids
from app.i18n import Lang, t
from app.rich_text import rich_text
from graph.explain import explanation as explain

__all__ = [
    "download_buttons",
    "dropdown_labels",
    "explanation",
    "figure_panel",
    "graph",
    "labelled",
    "localise_dropdowns",
    "notice",
    "page_header",
    "section",
]


#: A download button: the NL Design System's secondary-action button (classes only; the look is the theme's).
_DOWNLOAD_BUTTON = "download utrecht-button utrecht-button--secondary-action"


def page_header(title: str, intro: str, *, scope: str = "", lang: Lang = "nl") -> html.Div:
    """The page's one ``<h1>`` and a sentence saying what the page answers.

    ``scope`` names the deals the page is narrowed to (:func:`app.shell.deal_scope`);
    the heading then names them too ("Overzicht – City Deal Klimaatadaptatie"), so a
    printed or shared screen never passes for the whole network.
    """
    heading = t("scope.title", lang, page=title, deals=scope) if scope else title
    return html.Div(
        [html.H1(heading, className="utrecht-heading-1"), html.P(intro, className="intro utrecht-paragraph")],
        className="page-header",
    )


def labelled(label: str, control: Component, control_id: str) -> html.Div:
    """A control with a visible ``<label for>``: every control has an accessible name."""
    return html.Div(
        [html.Label(label, htmlFor=control_id, className="utrecht-form-label"), control], className="control"
    )


def graph(graph_id: str, filename: str) -> dcc.Graph:
    """A ``dcc.Graph`` whose mode bar offers a PNG download and no plotly branding."""
    return dcc.Graph(
        id=graph_id,
        # The tool bar shows when the pointer is over the figure (and on a tap), in the
        # margin kept free for it (app.figures.common.TOOLBAR_PX): never over the bars.
        config={
            "displayModeBar": "hover",
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        },
    )


def dropdown_labels(lang: Lang) -> dict[str, str]:
    """The texts inside a ``dcc.Dropdown`` (its search field, "select all", "no options") in ``lang``.

    Dash's defaults are English ("Search", "No options found") whatever the page's
    language; every dropdown of the app passes ``labels=dropdown_labels(lang)``. Dash
    replaces its defaults wholesale, so every key is given.
    """
    return {
        "select_all": t("dropdown.select_all", lang),
        "deselect_all": t("dropdown.deselect_all", lang),
        # Dash fills in the number: "{num_selected}" is its placeholder, not ours.
        "selected_count": t("dropdown.selected_count", lang, num_selected="{num_selected}"),
        "search": t("dropdown.search", lang),
        "clear_search": t("dropdown.clear_search", lang),
        "clear_selection": t("dropdown.clear_selection", lang),
        "no_options_found": t("dropdown.no_options_found", lang),
    }


def localise_dropdowns(layout: Component, lang: Lang) -> Component:
    """``layout`` with :func:`dropdown_labels` on every ``dcc.Dropdown`` that has none; returned for chaining.

    Applied once to every page's layout and to the shell (:mod:`app.factory`), so no
    dropdown is left with Dash's English "Search", and a new page needs nothing more.

    Examples
    --------
    >>> tree = html.Div([dcc.Dropdown(id="a"), html.Div(dcc.Dropdown(id="b", labels={"search": "Vind"}))])
    >>> [d.labels["search"] for d in localise_dropdowns(tree, "nl")._traverse() if isinstance(d, dcc.Dropdown)]
    ['Zoeken', 'Vind']
    """
    parts = [layout, *layout._traverse()] if isinstance(layout, Component) else []
    for part in parts:
        if isinstance(part, dcc.Dropdown) and getattr(part, "labels", None) is None:
            part.labels = dropdown_labels(lang)
    return layout


def figure_panel(
    title: str, figure: Component, lang: Lang, *, alt_id: str | None = None, scope: str = ""
) -> html.Figure:
    """A figure with a caption that points to its text alternative (and names the deals of ``scope``)."""
    text = t("scope.figure_alt", lang, deals=scope) if scope else t("common.figure_alt", lang)
    caption = html.Figcaption(text, id=alt_id) if alt_id else html.Figcaption(text)
    return html.Figure([figure, caption], className="figure", **{"aria-label": title})


def download_buttons(page: str, table: str, lang: Lang) -> html.Div:
    """CSV and Excel buttons for one server-built table (see :mod:`app.downloads`)."""
    return html.Div(
        [
            html.Button(
                t("common.download_csv", lang),
                id={"type": ids.DOWNLOAD_BUTTON, "page": page, "table": table, "fmt": "csv"},
                className=_DOWNLOAD_BUTTON,
                n_clicks=0,
            ),
            html.Button(
                t("common.download_xlsx", lang),
                id={"type": ids.DOWNLOAD_BUTTON, "page": page, "table": table, "fmt": "xlsx"},
                className=_DOWNLOAD_BUTTON,
                n_clicks=0,
            ),
        ],
        className="downloads",
    )


def explanation(topic: str, lang: Lang) -> Component:
    """The meaning of a figure beside it: the analysis module's own text (:func:`graph.explain.explanation`).

    An unknown topic is a programming error and raises :class:`KeyError` (every page's
    topics are checked in the tests).
    """
    text = explain(topic, lang)
    return html.Details(
        [html.Summary(t("common.meaning", lang)), html.Div(rich_text(text), className="meaning")],
        className="explanation",
    )


def section(title: str, *children: Any, section_id: str | None = None) -> html.Section:
    """A titled part of a page (``<h2>``)."""
    props = {"id": section_id} if section_id else {}
    return html.Section([html.H2(title, className="utrecht-heading-2"), *children], className="panel", **props)


def notice(children: Sequence[Any] | str, *, kind: str = "info") -> html.P:
    """A short message inside a page (no data, store away)."""
    return html.P(children, className=f"notice notice-{kind}")
