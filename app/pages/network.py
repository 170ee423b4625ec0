"""Wie leert van wie: the learning network, its measures, and one party's ties.

Node size follows a chosen measure, colour the kind of party, shape its role. The
positions are computed on the server (:func:`graph.analysis.layout.network_layout`),
cached per data version, audience and filters, so the same data gives the same
picture at every visit. Searching for a party (or clicking it) centres the drawing on
it, highlights it and its neighbours, and shows what it learned from whom and what
others learned from it; the party is in the URL. The picture can be saved as PNG or SVG.

The party × party matrix is shown on screen only for a network of at most
:data:`~app.figures.network.MAX_MATRIX_PARTIES` parties with ties: beyond that a
matrix is a wall of empty cells, and the measures table, the detail tables and the
download (which holds the whole matrix) say the same more usefully.
"""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
import networkx as nx
from dash import ClientsideFunction, Dash, Input, Output, State, callback_context, dcc, html, no_update

from app import ids
from app.basis import basis_sentence
from app.cytoscape_bundle import defer_bundle
from app.components import (
    download_buttons,
    explanation,
    labelled,
    notice,
    page_header,
    section,
)
from app.downloads import register_downloads
from app.figures.aggregate import (
    MAX_DRAWN_NODES,
    MAX_GROUPS,
    aggregate_network,
    group_of_party,
)
from app.figures.network import (
    MAX_DRAWN_EDGES,
    MAX_MATRIX_PARTIES,
    METRICS,
    PRESET_LAYOUT,
    legend_items,
    matrix_table,
    network_elements,
    role_legend_items,
    stylesheet,
)
from app.formatting import format_number
from app.i18n import Lang, t
from app.notices import measures_sentence
from app.services import Services, StoreError
from app.shell import deal_scope
from app.tables import Table, paged_table, render_table
from app.urls import split_list
from app.urlsync import register_url_sync
from graph.analysis.filters import scope
from graph.analysis.layout import NetworkLayout, network_layout
from graph.analysis.learning import (
    NetworkMetrics,
    PartyMetrics,
    learning_network,
    network_metrics,
    party_metrics,
)
from graph.counting import PartyCounts, party_counts
from graph.model import Dataset, PartyKind

__all__ = [
    "EXPORT_FORMATS",
    "KEY",
    "PATH",
    "Filters",
    "export_image",
    "layout",
    "network_view",
    "party_detail",
    "people_table",
    "register_callbacks",
    "tables",
    "tapped_party",
]

KEY = "network"
PATH = "/netwerk"

# dash-cytoscape's extra bundle instead of its plain one: the same component with
# cytoscape-svg, so the picture can be saved as SVG (see :func:`export_image`). Set here,
# before any app collects its scripts, and loaded by the browser only where a page draws
# a network (1.4 MB; :mod:`app.cytoscape_bundle`).
defer_bundle()


Filters = tuple[str, tuple[str, ...], str | None, bool]
"""(period key, kinds, theme, units): what the network depends on."""


def _network(dataset: Dataset, period_key: str, kinds: tuple[str, ...], theme: str | None, units: bool) -> nx.DiGraph:
    from graph.period import period_from_key

    try:
        period = period_from_key(dataset, period_key)
    except (KeyError, ValueError):  # a key that names no period: the whole term, as everywhere
        period = None
    known_theme = theme if theme in {th.id for th in dataset.themes} else None
    return learning_network(dataset, units=units, period=period, theme=known_theme, kinds=kinds or None)


def _drawing_layout(dataset: Dataset, lang: Lang, *filters: Any) -> NetworkLayout:
    """Positions of what is drawn: the parties, or their groups beyond
    :data:`~app.figures.aggregate.MAX_DRAWN_NODES` (group names depend on ``lang``)."""
    return network_layout(aggregate_network(_network(dataset, *filters), lang))


def _metrics(dataset: Dataset, *filters: Any) -> tuple[PartyMetrics, ...]:
    return tuple(party_metrics(_network(dataset, *filters)))


def _measures(dataset: Dataset, *filters: Any) -> tuple[NetworkMetrics, PartyCounts]:
    """The network's measures, and the parties and units among the parties in scope."""
    kinds = filters[1]
    return (network_metrics(_network(dataset, *filters), dataset), party_counts(scope(dataset, kinds=kinds or None)))


def metric_values(metrics: tuple[PartyMetrics, ...], metric: str) -> dict[str, float]:
    """The chosen measure per party (``degree`` = distinct sources + learners)."""
    if metric == "degree":
        return {m.id: float(m.sources + m.learners) for m in metrics}
    return {m.id: float(getattr(m, metric)) for m in metrics}


def party_detail(g: nx.DiGraph, party: str, names: dict[str, str], lang: Lang) -> tuple[Table, Table]:
    """What ``party`` learned from whom, and what others learned from it (with lessons)."""

    def row(other: str, data: dict[str, Any]) -> tuple[Any, ...]:
        lessons = ", ".join(names.get(lesson, lesson) for lesson in data.get("lessons", ()))
        return (names.get(other, other), int(data["weight"]), lessons or None)

    columns = (t("common.party", lang), t("network.weight", lang), t("metric.lessons", lang))
    learned = tuple(row(source, data) for _, source, data in sorted(g.out_edges(party, data=True)))
    taught = tuple(row(learner, data) for learner, _, data in sorted(g.in_edges(party, data=True)))
    return (
        Table(caption=t("network.learned_from", lang), columns=columns, rows=learned),
        Table(caption=t("network.taught", lang), columns=columns, rows=taught),
    )


def _names(dataset: Dataset) -> dict[str, str]:
    names = {p.id: p.name for p in dataset.parties}
    names.update({lesson.id: lesson.title for lesson in dataset.lessons})
    return names


def _people(dataset: Dataset) -> dict[str, tuple[tuple[str, str | None, str | None], ...]]:
    """Contact persons per party: (name, role, email). Empty in the public view (no personal data)."""
    people: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for person in sorted(dataset.people, key=lambda p: p.name):
        people.setdefault(person.party_id, []).append((person.name, person.role, person.email))
    return {party: tuple(rows) for party, rows in people.items()}


def people_table(rows: tuple[tuple[str, str | None, str | None], ...], lang: Lang) -> Table:
    """A party's contact persons (internal view only: the public view has no people)."""
    return Table(
        caption=t("network.people", lang),
        columns=(t("network.person", lang), t("network.person_role", lang), t("network.person_email", lang)),
        rows=rows,
    )


def filters_from(context: dict[str, str], kinds: list[str] | None, theme: str | None, units: str | None) -> Filters:
    """Normalise control values into the hashable cache key of the analyses."""
    return (context["period"], split_list(kinds), theme or None, units == "separate")


def tables(services: Services, lang: Lang, filters: Filters) -> dict[str, Table]:
    """Matrix and measures per party (every measure, whatever sizes the nodes), for the page and downloads."""
    g = services.compute(_network, *filters)
    metrics = services.compute(_metrics, *filters)
    measure_names = [t(f"network.metric.{m}", lang) for m in METRICS]
    return {
        "matrix": matrix_table(g, lang),
        "metrics": Table(
            caption=t("network.metrics_table", lang),
            columns=(t("common.party", lang), t("common.kind", lang), *measure_names),
            rows=tuple(
                (
                    m.name,
                    t(f"kind.{m.kind}", lang) if m.kind else None,
                    m.learned_by,
                    m.learned_from,
                    m.betweenness,
                    m.pagerank,
                    m.sources + m.learners,
                )
                for m in metrics
            ),
            decimals={4: 3, 5: 3},
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Controls (from the URL), the drawing, legend, detail panel and tables."""
    try:
        public = services.view()
        themes = sorted(public.themes, key=lambda th: th.name)
        parties = sorted(public.parties, key=lambda p: p.name)
    except StoreError:
        themes, parties = [], []
    metric = query.get("size") if query.get("size") in METRICS else METRICS[0]
    kinds = [k for k in split_list(query.get("kind")) if k in {str(x) for x in PartyKind}]
    theme = query.get("theme") if query.get("theme") in {th.id for th in themes} else None
    units = "separate" if query.get("units") == "separate" else "rolled"
    party = query.get("party") if query.get("party") in {p.id for p in parties} else None
    controls = html.Div(
        [
            labelled(
                t("network.size_by", lang),
                dcc.Dropdown(
                    id=ids.Network.METRIC,
                    options=[{"label": t(f"network.metric.{m}", lang), "value": m} for m in METRICS],
                    value=metric,
                    clearable=False,
                    searchable=False,
                ),
                ids.Network.METRIC,
            ),
            labelled(
                t("common.theme", lang),
                dcc.Dropdown(
                    id=ids.Network.THEME,
                    options=[{"label": th.name, "value": th.id} for th in themes],
                    value=theme,
                    placeholder=t("common.all", lang),
                ),
                ids.Network.THEME,
            ),
            labelled(
                t("common.party_kind", lang),
                dcc.Dropdown(
                    id=ids.Network.KIND,
                    options=[{"label": t(f"kind.{k}", lang), "value": str(k)} for k in PartyKind],
                    value=kinds,
                    multi=True,
                    placeholder=t("common.all", lang),
                ),
                ids.Network.KIND,
            ),
            labelled(
                t("common.units", lang),
                dcc.Dropdown(
                    id=ids.Network.UNITS,
                    options=[
                        {"label": t("common.units.rolled", lang), "value": "rolled"},
                        {"label": t("common.units.separate", lang), "value": "separate"},
                    ],
                    value=units,
                    clearable=False,
                    searchable=False,
                ),
                ids.Network.UNITS,
            ),
        ],
        className="controls",
    )
    return html.Div(
        [
            dcc.Store(id=ids.Network.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Network.URL_SYNC),
            dcc.Store(id=ids.Network.VIEW_SYNC),
            dcc.Download(id=ids.Network.DOWNLOAD),
            page_header(t("page.network", lang), t("network.intro", lang), scope=deal_scope(services), lang=lang),
            controls,
            html.Div(
                [
                    html.Div(
                        [
                            html.Figure(
                                [
                                    html.Div(
                                        [
                                            labelled(
                                                t("network.select_party", lang),
                                                dcc.Dropdown(
                                                    id=ids.Network.PARTY,
                                                    options=[{"label": p.name, "value": p.id} for p in parties],
                                                    value=party,
                                                    placeholder=t("network.search_placeholder", lang),
                                                ),
                                                ids.Network.PARTY,
                                            ),
                                            html.Button(
                                                t("network.export_png", lang),
                                                id=ids.Network.EXPORT,
                                                className="button network-export",
                                                type="button",
                                            ),
                                            html.Button(
                                                t("network.export_svg", lang),
                                                id=ids.Network.EXPORT_SVG,
                                                className="button network-export",
                                                type="button",
                                            ),
                                        ],
                                        className="network-toolbar",
                                    ),
                                    cyto.Cytoscape(
                                        id=ids.Network.GRAPH,
                                        elements=[],
                                        stylesheet=stylesheet(),
                                        layout=PRESET_LAYOUT,
                                        style={"width": "100%"},  # its height: app/assets/style.css, by width
                                        className="cytoscape",
                                        userZoomingEnabled=True,
                                        minZoom=0.3,
                                        maxZoom=3,
                                    ),
                                    html.Figcaption(id=ids.Network.GRAPH_LABEL),
                                ],
                                className="figure",
                            ),
                            html.Ul(
                                [
                                    html.Li([html.Span(className="swatch", style={"background": colour}), label])
                                    for label, colour in legend_items([str(k) for k in PartyKind], lang)
                                ],
                                className="legend",
                                **{"aria-label": t("network.legend", lang)},
                            ),
                            html.Ul(
                                [
                                    html.Li([html.Span(className=f"network-shape network-shape-{role}"), text])
                                    for role, text in role_legend_items(lang)
                                ],
                                className="legend network-roles",
                                **{"aria-label": t("network.roles", lang)},
                            ),
                            html.P(t("network.labels_note", lang), className="network-note"),
                        ]
                    ),
                    html.Section(
                        [
                            html.H2(t("network.detail", lang)),
                            html.Div(id=ids.Network.DETAIL, **{"aria-live": "polite"}),
                        ],
                        className="panel",
                    ),
                ],
                className="network-layout",
            ),
            section(
                t("common.table", lang),
                html.Div(
                    id=ids.Network.MATRIX,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("network.matrix", lang)},
                ),
                download_buttons(KEY, "matrix", lang),
                html.Div(
                    id=ids.Network.METRICS_TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("network.metrics_table", lang)},
                ),
                download_buttons(KEY, "metrics", lang),
                explanation("learning", lang),
            ),
        ]
    )


def network_view(
    g: nx.DiGraph,
    values: dict[str, float],
    lang: Lang,
    *,
    selected: str | None = None,
    max_nodes: int = MAX_DRAWN_NODES,
    max_groups: int = MAX_GROUPS,
    layout: NetworkLayout | None = None,
    metrics: tuple[PartyMetrics, ...] = (),
    matrix: bool = True,
) -> tuple[list[dict[str, Any]], str]:
    """The drawing's elements and its caption: parties one by one, or grouped beyond ``max_nodes``.

    Grouped (see :mod:`app.figures.aggregate`), a node's size is its number of parties
    rather than ``values``, the group holding ``selected`` is marked, and the caption says
    how many parties went into how many groups. Either way only the
    :data:`~app.figures.network.MAX_DRAWN_EDGES` strongest ties are drawn.

    ``layout`` places the nodes (of the drawn network: parties or groups); ``metrics``
    (the analysis' :class:`~graph.analysis.learning.PartyMetrics`) give each party its
    role's shape, and its PageRank decides whose names are shown (groups: the largest).
    ``matrix``: whether the caption may point to the matrix on screen.
    """
    caption = t(
        "network.graph_label" if matrix else "network.graph_label_no_matrix",
        lang,
        nodes=format_number(g.number_of_nodes(), lang),
        edges=format_number(g.number_of_edges(), lang),
    )
    drawn = aggregate_network(g, lang, max_nodes=max_nodes, max_groups=max_groups)
    if drawn is g:
        if g.number_of_edges() > MAX_DRAWN_EDGES:
            caption += t(
                "network.thinned",
                lang,
                shown=format_number(MAX_DRAWN_EDGES, lang),
                edges=format_number(g.number_of_edges(), lang),
            )
        return network_elements(
            g,
            values,
            selected=selected,
            layout=layout,
            rank={m.id: m.pagerank for m in metrics},
            roles={m.id: m.role for m in metrics},
        ), caption
    centres = {c for _, c in drawn.nodes(data="centre") if c}
    caption += t(
        "network.grouped",
        lang,
        nodes=format_number(g.number_of_nodes(), lang),
        groups=format_number(drawn.number_of_nodes(), lang),
        centres=format_number(len(centres), lang),
    )
    if drawn.number_of_edges() > MAX_DRAWN_EDGES:
        caption += t(
            "network.thinned_groups",
            lang,
            shown=format_number(MAX_DRAWN_EDGES, lang),
            edges=format_number(drawn.number_of_edges(), lang),
        )
    sizes = {n: float(count) for n, count in drawn.nodes(data="parties")}
    return network_elements(drawn, sizes, selected=group_of_party(drawn, selected), layout=layout, rank=sizes), caption


#: The picture formats offered: PNG (any program shows it) and SVG (sharp at every size, editable).
EXPORT_FORMATS: tuple[str, ...] = ("png", "svg")


def export_image(lang: Lang, fmt: str = "png") -> dict[str, Any]:
    """What dash-cytoscape's ``generateImage`` needs to download the whole drawing as ``fmt``.

    The whole drawing (not only what is in view) on white; a PNG at twice the screen's
    resolution. SVG comes from dash-cytoscape's extra bundle (cytoscape-svg), loaded
    instead of the plain one: its only ``eval`` is in weaver.js's thread code, which
    only the extra physics layouts run (dealnet draws preset positions), so the app's
    Content Security Policy (no ``'unsafe-eval'``) holds; tests/browser/test_network_export.py
    downloads both formats under it.

    Examples
    --------
    >>> export_image("en")["filename"], export_image("en")["type"], export_image("nl", "svg")["type"]
    ('learning-network', 'png', 'svg')
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"no picture format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
    return {
        "type": fmt,
        "action": "download",
        "filename": t("network.export_file", lang),
        "options": {"full": True, "scale": 2 if fmt == "png" else 1, "bg": "#ffffff"},
    }


def tapped_party(node: dict[str, Any] | None) -> str | None:
    """The party a click on a drawn node chooses: the party, or for a group the party it is named after.

    ``None`` when nothing was clicked or the group is not named after a party (parties
    apart from the groups): a group id is never a party.

    Examples
    --------
    >>> tapped_party({"id": "oss"}), tapped_party({"id": "groep:2", "group": True, "centre": "oss"})
    ('oss', 'oss')
    >>> tapped_party({"id": "groep:9", "group": True, "centre": ""}), tapped_party(None)
    (None, None)
    """
    if not node:
        return None
    if node.get("group"):
        return str(node.get("centre") or "") or None
    return str(node["id"])


def update_network(
    services: Services,
    context: dict[str, str],
    metric: str,
    kinds: list[str] | None,
    theme: str | None,
    units: str | None,
    party: str | None,
) -> tuple[Any, ...]:
    """Elements (placed by the cached layout), caption, matrix (or why not) and measures table."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    filters = filters_from(context, kinds, theme, units)
    try:
        g = services.compute(_network, *filters)
        metrics = services.compute(_metrics, *filters)
        measures, counts = services.compute(_measures, *filters)
        built = tables(services, lang, filters)
        drawing = services.compute(_drawing_layout, lang, *filters)
    except StoreError:
        message = notice(t("common.unavailable", lang), kind="error")
        return [], t("common.unavailable", lang), message, None
    try:
        without_ties = basis_sentence(services, "learning", lang)
    except StoreError:
        without_ties = None
    involved = len({n for edge in g.edges for n in edge})
    matrix = involved <= MAX_MATRIX_PARTIES and not without_ties
    elements, caption = network_view(
        g, metric_values(metrics, metric), lang, selected=party, layout=drawing, metrics=metrics, matrix=matrix
    )
    if without_ties:
        # The parties are drawn (who takes part); measures of a network without a single
        # tie (density 0, PageRank 1/n for everyone) would read as findings: none is shown.
        return elements, f"{caption} {without_ties}", notice(without_ties), notice(without_ties)
    return (
        elements,
        caption,
        render_table(matrix_table(g, lang), lang)
        if matrix
        else html.P(
            t("network.matrix_omitted", lang, limit=MAX_MATRIX_PARTIES, total=format_number(involved, lang)),
            className="network-note",
        ),
        html.Div(
            [
                html.P(measures_sentence(measures, counts, lang, units=filters[3]), className="measures"),
                paged_table(built["metrics"], lang, page=KEY, name="metrics"),
            ]
        ),
    )


def update_detail(
    services: Services,
    context: dict[str, str],
    party: str | None,
    kinds: list[str] | None,
    theme: str | None,
    units: str | None,
) -> Any:
    """The chosen party's ties in both directions, as two tables."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    if not party:
        return html.P(t("network.detail.none", lang))
    try:
        g = services.compute(_network, *filters_from(context, kinds, theme, units))
        names = services.compute(_names)
        people = services.compute(_people).get(party, ())
    except StoreError:
        return notice(t("common.unavailable", lang), kind="error")
    if party not in g:
        return html.P(t("common.none", lang))
    learned, taught = party_detail(g, party, names, lang)
    return html.Div(
        [
            html.H3(names.get(party, party)),
            render_table(learned, lang) if learned.rows else html.P(f"{learned.caption}: –"),
            render_table(taught, lang) if taught.rows else html.P(f"{taught.caption}: –"),
            *([render_table(people_table(people, lang), lang)] if people else []),
        ]
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""
    filters = [
        Input(ids.Network.KIND, "value"),
        Input(ids.Network.THEME, "value"),
        Input(ids.Network.UNITS, "value"),
    ]

    @app.callback(
        Output(ids.Network.GRAPH, "elements"),
        Output(ids.Network.GRAPH_LABEL, "children"),
        Output(ids.Network.MATRIX, "children"),
        Output(ids.Network.METRICS_TABLE, "children"),
        Input(ids.Network.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Network.METRIC, "value"),
        *filters,
        Input(ids.Network.PARTY, "value"),
    )
    def _update(
        context: dict[str, str],
        _v: str | None,
        metric: str,
        kinds: list[str] | None,
        theme: str | None,
        units: str | None,
        party: str | None,
    ) -> tuple[Any, ...]:
        return update_network(services, context, metric, kinds, theme, units, party)

    @app.callback(
        Output(ids.Network.PARTY, "value"),
        Input(ids.Network.GRAPH, "tapNodeData"),
        prevent_initial_call=True,
    )
    def _tap(node: dict[str, Any] | None) -> Any:
        party = tapped_party(node)
        return party if party is not None else no_update

    @app.callback(
        Output(ids.Network.DETAIL, "children"),
        Input(ids.Network.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Network.PARTY, "value"),
        *filters,
    )
    def _detail(
        context: dict[str, str],
        _v: str | None,
        party: str | None,
        kinds: list[str] | None,
        theme: str | None,
        units: str | None,
    ) -> Any:
        return update_detail(services, context, party, kinds, theme, units)

    @app.callback(
        Output(ids.Network.GRAPH, "generateImage"),
        Input(ids.Network.EXPORT, "n_clicks"),
        Input(ids.Network.EXPORT_SVG, "n_clicks"),
        State(ids.Network.CONTEXT, "data"),
        prevent_initial_call=True,
    )
    def _export(_png: int | None, _svg: int | None, context: dict[str, str]) -> dict[str, Any]:
        fmt = "svg" if callback_context.triggered_id == ids.Network.EXPORT_SVG else "png"
        return export_image(context["lang"], fmt)  # type: ignore[arg-type]

    # Centre on the chosen party, and names under the pointer (app/assets/network.js).
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="view"),
        Output(ids.Network.VIEW_SYNC, "data"),
        Input(ids.Network.GRAPH, "elements"),
        Input(ids.Network.PARTY, "value"),
    )

    register_url_sync(
        app,
        ids.Network.URL_SYNC,
        [
            (ids.Network.METRIC, "value", "size"),
            (ids.Network.KIND, "value", "kind"),
            (ids.Network.THEME, "value", "theme"),
            (ids.Network.UNITS, "value", "units"),
            (ids.Network.PARTY, "value", "party"),
        ],
    )

    def _build(
        context: dict[str, str], kinds: list[str] | None, theme: str | None, units: str | None
    ) -> dict[str, Table]:
        return tables(services, context["lang"], filters_from(context, kinds, theme, units))  # type: ignore[arg-type]

    register_downloads(
        app,
        page=KEY,
        download_id=ids.Network.DOWNLOAD,
        context_id=ids.Network.CONTEXT,
        states=[State(ids.Network.KIND, "value"), State(ids.Network.THEME, "value"), State(ids.Network.UNITS, "value")],
        build=_build,
    )
