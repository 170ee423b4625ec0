"""Knelpunten: the bottleneck agenda per ministry and status."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.basis import basis_sentence
from app.components import download_buttons, explanation, figure_panel, graph, labelled, notice, page_header, section
from app.downloads import register_downloads
from app.figures.bottlenecks import STATUSES, status_figure
from app.figures.common import empty_figure
from app.i18n import Lang, t
from app.services import Services, StoreError
from app.shell import deal_scope
from app.tables import Table, paged_table
from app.urlsync import register_url_sync
from graph.analysis.index import DatasetIndex
from graph.model import Bottleneck, Dataset
from graph.period import period_or_term

__all__ = ["KEY", "PATH", "agenda", "layout", "register_callbacks", "tables", "update"]

KEY = "bottlenecks"
PATH = "/knelpunten"


def agenda(dataset: Dataset, period_key: str, status: str | None) -> tuple[Bottleneck, ...]:
    """The bottlenecks in the period (and status), open ones first, then by date.

    The list of single bottlenecks with titles is built here; the counts per theme,
    status and addressee are :func:`graph.analysis.bottlenecks.bottleneck_agenda`'s.
    """
    period = period_or_term(dataset, period_key)  # a phase, a year or from/to dates
    chosen = [
        b
        for b in dataset.bottlenecks
        if (period is None or period.contains(b.date)) and (not status or b.status == status)
    ]
    return tuple(sorted(chosen, key=lambda b: (STATUSES.index(b.status), b.date is None, b.date, b.id)))


def _index(dataset: Dataset) -> DatasetIndex:
    return DatasetIndex.build(dataset)


def tables(services: Services, lang: Lang, period_key: str, status: str | None) -> dict[str, Table]:
    """The agenda as a table: title, raised by, addressed to, concerns, status, date."""
    index = services.compute(_index)
    rows = services.compute(agenda, period_key, status)
    themes = {th: index.themes[th].name for th in index.themes}
    return {
        "agenda": Table(
            caption=t("bottlenecks.agenda", lang),
            columns=(
                t("bottlenecks.title", lang),
                t("bottlenecks.raised_by", lang),
                t("bottlenecks.addressed_to", lang),
                t("common.themes", lang),
                t("bottlenecks.concerns", lang),
                t("common.status", lang),
                t("common.date", lang),
            ),
            rows=tuple(
                (
                    b.title,
                    index.name(b.raised_by_id),
                    index.name(index.roll(b.addressed_to_id))
                    if b.addressed_to_id
                    else t("bottlenecks.unaddressed", lang),
                    ", ".join(themes.get(th, th) for th in b.theme_ids) or None,
                    t(f"concern.{b.concerns}", lang) if b.concerns else None,
                    t(f"bstatus.{b.status}", lang),
                    b.date,
                )
                for b in rows
            ),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Status filter (from the URL), the chart per addressee and the agenda table."""
    scope = deal_scope(services)
    status = query.get("status") if query.get("status") in STATUSES else None
    return html.Div(
        [
            dcc.Store(id=ids.Bottlenecks.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Bottlenecks.URL_SYNC),
            dcc.Download(id=ids.Bottlenecks.DOWNLOAD),
            page_header(t("page.bottlenecks", lang), t("bottlenecks.intro", lang), scope=scope, lang=lang),
            html.Div(
                labelled(
                    t("bottlenecks.filter_status", lang),
                    dcc.Dropdown(
                        id=ids.Bottlenecks.STATUS,
                        options=[{"label": t(f"bstatus.{s}", lang), "value": s} for s in STATUSES],
                        value=status,
                        placeholder=t("common.all", lang),
                    ),
                    ids.Bottlenecks.STATUS,
                ),
                className="controls",
            ),
            section(
                t("bottlenecks.by_status", lang),
                figure_panel(
                    t("bottlenecks.by_status", lang),
                    graph(ids.Bottlenecks.CHART, "dealnet-knelpunten"),
                    lang,
                    scope=scope,
                ),
                explanation("bottlenecks", lang),
            ),
            section(
                t("bottlenecks.agenda", lang),
                html.Div(
                    id=ids.Bottlenecks.TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "agenda", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str], status: str | None) -> tuple[Any, Any]:
    """Chart and table (sorted and paged on the server: :func:`app.tables.paged_table`) for the status filter."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        index = services.compute(_index)
        rows = services.compute(agenda, context["period"], status)
        built = tables(services, lang, context["period"], status)
        no_agenda = basis_sentence(services, "bottlenecks", lang)
    except StoreError:
        return empty_figure(lang, t("common.unavailable", lang)), None
    if no_agenda:
        return empty_figure(lang, no_agenda), notice(no_agenda)
    unaddressed = t("bottlenecks.unaddressed", lang)
    counts: dict[str, dict[str, int]] = {}
    for b in rows:
        who = index.name(index.roll(b.addressed_to_id)) if b.addressed_to_id else unaddressed
        counts.setdefault(who, {}).setdefault(str(b.status), 0)
        counts[who][str(b.status)] += 1
    addressees = sorted(counts, key=lambda a: (a == unaddressed, -sum(counts[a].values()), a))
    table = (
        paged_table(built["agenda"], lang, page=KEY, name="agenda")
        if built["agenda"].rows
        else html.P(t("common.none", lang))
    )
    return status_figure(addressees, counts, lang), table


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Bottlenecks.CHART, "figure"),
        Output(ids.Bottlenecks.TABLE, "children"),
        Input(ids.Bottlenecks.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Bottlenecks.STATUS, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, status: str | None) -> tuple[Any, Any]:
        return update(services, context, status)

    register_url_sync(app, ids.Bottlenecks.URL_SYNC, [(ids.Bottlenecks.STATUS, "value", "status")])
    register_downloads(
        app,
        page=KEY,
        download_id=ids.Bottlenecks.DOWNLOAD,
        context_id=ids.Bottlenecks.CONTEXT,
        states=[State(ids.Bottlenecks.STATUS, "value")],
        build=lambda context, status: tables(services, context["lang"], context["period"], status),
    )
