"""Overzicht: key figures of the deal and how the network grows per phase."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.components import download_buttons, explanation, figure_panel, graph, notice, page_header, section
from app.downloads import register_downloads
from app.figures.common import empty_figure
from app.figures.overview import GROWTH_METRICS, PhaseGrowth, growth_figure
from app.formatting import format_number
from app.i18n import Lang, t
from app.services import Services, StoreError
from app.tables import Table, render_table
from graph.analysis.filters import scope
from graph.analysis.learning import learning_network
from graph.model import Dataset
from graph.period import Period

__all__ = ["KEY", "PATH", "key_figures", "layout", "phase_growth", "register_callbacks", "tables"]

KEY = "overview"
PATH = "/"

_KEY_FIGURES = ("parties", "activities", "participations", "questions", "deployments", "lessons",
                "adoptions", "bottlenecks")


def key_figures(dataset: Dataset, period: Period | None) -> dict[str, int]:
    """Counts of the main records in the period, and the number of learning ties."""
    data = scope(dataset, period=period)
    counts = {name: len(getattr(data, name)) for name in _KEY_FIGURES}
    counts["learning_edges"] = learning_network(dataset, period=period).number_of_edges()
    return counts


def phase_growth(dataset: Dataset) -> tuple[PhaseGrowth, ...]:
    """Per phase (by start date): activities, adoptions, deployments and learning ties in it."""
    rows = []
    for phase in sorted(dataset.phases, key=lambda p: (p.start, p.id)):
        period = Period(phase.start, phase.end)
        data = scope(dataset, period=period)
        rows.append(
            PhaseGrowth(
                phase=phase.name,
                activities=len(data.activities),
                adoptions=len(data.adoptions),
                deployments=len(data.deployments),
                learning_edges=learning_network(dataset, period=period).number_of_edges(),
            )
        )
    return tuple(rows)


def tables(services: Services, lang: Lang, period_key: str) -> dict[str, Table]:
    """The page's tables: key figures and growth per phase."""
    counts = services.compute(key_figures, services.period(period_key))
    growth = services.compute(phase_growth)
    return {
        "key-figures": Table(
            caption=t("overview.key_figures", lang),
            columns=(t("overview.key_figures", lang), t("common.count", lang)),
            rows=tuple((t(f"metric.{name}", lang), value) for name, value in counts.items()),
        ),
        "growth": Table(
            caption=t("overview.growth", lang),
            columns=(t("overview.phase", lang), *(t(f"metric.{m}", lang) for m in GROWTH_METRICS)),
            rows=tuple((row.phase, *(getattr(row, m) for m in GROWTH_METRICS)) for row in growth),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The page skeleton; the callback fills it (so the store may be away at first)."""
    del services, query
    return html.Div(
        [
            dcc.Store(id=ids.Overview.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Download(id=ids.Overview.DOWNLOAD),
            page_header(t("page.overview", lang), t("overview.intro", lang)),
            section(t("overview.key_figures", lang), html.Div(id=ids.Overview.KEY_FIGURES)),
            section(
                t("overview.growth", lang),
                figure_panel(t("overview.growth", lang), graph(ids.Overview.GROWTH, "dealnet-groei"), lang),
                html.Div(id=ids.Overview.GROWTH_TABLE, className="table-wrap", tabIndex="0", role="region",
                         **{"aria-label": t("common.table", lang)}),
                download_buttons(KEY, "growth", lang),
                html.P(t("undated.note", lang), className="rule"),
                explanation("learning", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str]) -> tuple[Any, Any, Any]:
    """Key figures list, growth figure and growth table for the context."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        built = tables(services, lang, context["period"])
        growth = services.compute(phase_growth)
    except StoreError:
        message = t("common.unavailable", lang)
        return notice(message, kind="error"), empty_figure(lang, message), None
    cards = html.Ul(
        [
            html.Li([html.Span(format_number(value, lang), className="value"),
                     html.Span(label, className="label")])
            for label, value in built["key-figures"].rows
        ],
        className="key-figures",
    )
    return (
        cards,
        growth_figure(growth, lang),
        render_table(built["growth"], lang),
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Overview.KEY_FIGURES, "children"),
        Output(ids.Overview.GROWTH, "figure"),
        Output(ids.Overview.GROWTH_TABLE, "children"),
        Input(ids.Overview.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
    )
    def _update(context: dict[str, str], _version: str | None) -> tuple[Any, Any, Any]:
        return update(services, context)

    register_downloads(
        app,
        page=KEY,
        download_id=ids.Overview.DOWNLOAD,
        context_id=ids.Overview.CONTEXT,
        states=[State(ids.Shell.VERSION, "data")],
        build=lambda context, _v: tables(services, context["lang"], context["period"]),
    )
