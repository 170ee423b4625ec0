"""Overzicht: key figures of the deal and how the network grows per phase."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.components import (
    download_buttons,
    explanation,
    figure_panel,
    graph,
    notice,
    page_header,
    section,
)
from app.downloads import register_downloads
from app.figures.common import empty_figure
from app.figures.overview import GROWTH_METRICS, growth_figure
from app.formatting import format_value
from app.i18n import Lang, t
from app.notices import parties_rule
from app.services import Services, StoreError
from app.tables import Table, render_table
from graph.analysis.change import KEY_FIGURES, KeyFigures
from graph.analysis.change import key_figures as period_figures
from graph.analysis.growth import phase_growth
from graph.counting import PartyCounts, Unit, party_counts
from graph.model import Dataset
from graph.period import Period

__all__ = ["KEY", "PATH", "key_figures", "layout", "phase_growth", "register_callbacks", "tables"]

KEY = "overview"
PATH = "/"

def key_figures(dataset: Dataset, period: Period | None) -> tuple[PartyCounts, KeyFigures]:
    """The parties (units rolled up, as the network and the report count them) and their units,
    and the key figures of the period: the very figures of the report (:mod:`graph.analysis.change`)."""
    return party_counts(dataset), period_figures(dataset, period)


def _figure_text(name: str, value: float, lang: Lang) -> str:
    """A key figure as shown: days with the decimals of days, counts whole (graph.counting's rule)."""
    return format_value(value, Unit.DAYS if name == "expertise_days" else Unit.COUNT, lang)


def tables(services: Services, lang: Lang, period_key: str) -> dict[str, Table]:
    """The page's tables: key figures and growth per phase."""
    parties, figures = services.compute(key_figures, services.period(period_key))
    growth = services.compute(phase_growth)
    rows: list[tuple[str, int | float]] = [(t("metric.parties", lang), parties.parties)]
    if parties.units:
        rows.append((t("metric.units", lang), parties.units))
    rows += [(t(f"metric.{name}", lang), figures.get(name)) for name in KEY_FIGURES]
    return {
        "key-figures": Table(
            caption=t("overview.key_figures", lang),
            columns=(t("overview.key_figures", lang), t("common.count", lang)),
            rows=tuple(rows),
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
        parties, _ = services.compute(key_figures, services.period(context["period"]))
    except StoreError:
        message = t("common.unavailable", lang)
        return notice(message, kind="error"), empty_figure(lang, message), None
    names = ["parties", *(["units"] if parties.units else []), *KEY_FIGURES]
    cards = html.Div([
        html.Ul(
            [
                html.Li([html.Span(_figure_text(name, float(value or 0), lang), className="value"),
                         html.Span(label, className="label")])
                for name, (label, value) in zip(names, built["key-figures"].rows, strict=True)
            ],
            className="key-figures",
        ),
        # which count is shown and why: the network and the report count the same parties
        *([html.P(parties_rule(parties, lang), className="rule")] if parties.units else []),
    ])
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
