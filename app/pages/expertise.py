"""Expertise: where ministries and their units deploy expertise, on what, how much, when."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.components import download_buttons, explanation, figure_panel, graph, labelled, page_header, section
from app.downloads import register_downloads
from app.figures.common import empty_figure
from app.figures.expertise import MapPoint, map_figure, over_time_figure
from app.i18n import Lang, t
from app.services import Services, StoreError
from app.tables import Table, first_rows, render_table
from app.urlsync import register_url_sync
from graph.analysis.expertise import ExpertiseRow, expertise_use
from graph.analysis.index import DatasetIndex
from graph.model import Dataset
from graph.period import Period

__all__ = ["KEY", "PATH", "ROWS_SHOWN", "layout", "map_points", "quarter_of", "register_callbacks", "tables", "update"]

KEY = "expertise"
PATH = "/expertise"

#: Rows of the deployments table on screen (the download holds them all). Measured in
#: headless Chromium on the national network (3,769 rows): with every row the page was not
#: shown within 2 minutes, and building and sending them was most of the callback's own work.
ROWS_SHOWN = 100


def _rows(dataset: Dataset, period_key: str, provider: str | None) -> tuple[ExpertiseRow, ...]:
    try:
        period = Period.from_phase(dataset, period_key) if period_key != "all" else None
    except KeyError:
        period = None
    index = DatasetIndex.build(dataset)
    rows = expertise_use(dataset, period=period)
    if provider:
        rows = [r for r in rows if r.provider == provider or index.roll(r.provider) == provider]
    return tuple(rows)


def _index(dataset: Dataset) -> DatasetIndex:
    return DatasetIndex.build(dataset)


def quarter_of(month: str, lang: Lang) -> str:
    """``2025-05`` as ``2025-K2`` (nl) or ``2025-Q2`` (en).

    Examples
    --------
    >>> quarter_of("2025-05", "nl"), quarter_of("2025-12", "en")
    ('2025-K2', '2025-Q4')
    """
    year, mon = month.split("-")
    return f"{year}-{'K' if lang == 'nl' else 'Q'}{(int(mon) - 1) // 3 + 1}"


def _unique(rows: tuple[ExpertiseRow, ...]) -> list[ExpertiseRow]:
    # A deployment with several themes is listed once per theme; for totals per
    # recipient or month count one row per (provider, recipient, month) theme set.
    seen: dict[tuple[str, str, str | None], ExpertiseRow] = {}
    for row in rows:
        key = (row.provider, row.recipient, row.month)
        if key not in seen or (row.theme or "") < (seen[key].theme or ""):
            seen[key] = row
    return list(seen.values())


def map_points(rows: tuple[ExpertiseRow, ...], index: DatasetIndex) -> list[MapPoint]:
    """Recipients with known coordinates (their own, else their top-level party's)."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for row in _unique(rows):
        totals[row.recipient][0] += row.deployments
        totals[row.recipient][1] += row.days
    points = []
    for recipient, (n, days) in sorted(totals.items()):
        party = index.parties.get(recipient)
        top = index.parties.get(index.roll(recipient)) if party else None
        located = party if party and party.lat is not None else top
        if located is None or located.lat is None or located.lon is None:
            continue
        points.append(MapPoint(index.name(recipient), located.lat, located.lon, int(n), float(days)))
    return points


def tables(services: Services, lang: Lang, period_key: str, provider: str | None) -> dict[str, Table]:
    """Deployments and days per provider, recipient and theme."""
    index = services.compute(_index)
    rows = services.compute(_rows, period_key, provider)
    summed: dict[tuple[str, str, str | None], list[float]] = defaultdict(lambda: [0, 0.0])
    for row in rows:
        cell = summed[(row.provider, row.recipient, row.theme)]
        cell[0] += row.deployments
        cell[1] += row.days
    return {
        "deployments": Table(
            caption=t("expertise.table", lang),
            columns=(t("expertise.provider", lang), t("expertise.recipient", lang), t("common.theme", lang),
                     t("expertise.deployments", lang), t("expertise.days", lang)),
            rows=tuple(
                (index.name(p), index.name(r), index.themes[th].name if th in index.themes else None, int(n), days)
                for (p, r, th), (n, days) in summed.items()
            ),
            decimals={4: 1},
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Provider selector (from the URL), the map, days over time, and the table."""
    try:
        public = services.view()
        index = DatasetIndex.build(public)
        provider_ids = {d.provider_id for d in public.deployments}
        provider_ids |= {index.roll(p) for p in provider_ids}
        providers = sorted((index.parties[p] for p in provider_ids if p in index.parties), key=lambda p: p.name)
    except StoreError:
        providers = []
    provider = query.get("provider") if query.get("provider") in {p.id for p in providers} else None
    return html.Div(
        [
            dcc.Store(id=ids.Expertise.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Expertise.URL_SYNC),
            dcc.Download(id=ids.Expertise.DOWNLOAD),
            page_header(t("page.expertise", lang), t("expertise.intro", lang)),
            html.Div(labelled(t("expertise.select", lang), dcc.Dropdown(
                id=ids.Expertise.PROVIDER, options=[{"label": p.name, "value": p.id} for p in providers],
                value=provider, placeholder=t("common.all", lang)), ids.Expertise.PROVIDER), className="controls"),
            section(
                t("expertise.map", lang),
                figure_panel(t("expertise.map", lang), graph(ids.Expertise.MAP, "dealnet-kaart"), lang),
                html.P(t("expertise.map_note", lang), className="rule"),
            ),
            section(
                t("expertise.over_time", lang),
                figure_panel(t("expertise.over_time", lang), graph(ids.Expertise.OVER_TIME, "dealnet-inzet"), lang),
            ),
            section(t("expertise.table", lang), html.Div(id=ids.Expertise.TABLE, className="table-wrap", tabIndex="0", role="region",
                         **{"aria-label": t("common.table", lang)}),
                    download_buttons(KEY, "deployments", lang), explanation("expertise", lang)),
        ]
    )


def update(services: Services, context: dict[str, str], provider: str | None,
           rows_shown: int = ROWS_SHOWN) -> tuple[Any, Any, Any]:
    """Map, days per quarter and table (its first ``rows_shown`` rows) for the chosen provider."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        index = services.compute(_index)
        rows = services.compute(_rows, context["period"], provider)
        built = tables(services, lang, context["period"], provider)
    except StoreError:
        empty = empty_figure(lang, t("common.unavailable", lang))
        return empty, empty, None
    per_quarter: dict[str, float] = defaultdict(float)
    for row in _unique(rows):
        if row.month:
            per_quarter[quarter_of(row.month, lang)] += row.days
    deployments = built["deployments"]
    table = (render_table(first_rows(deployments, rows_shown, lang), lang) if deployments.rows
             else html.P(t("common.none", lang)))
    return map_figure(map_points(rows, index), lang), over_time_figure(dict(per_quarter), lang), table


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Expertise.MAP, "figure"),
        Output(ids.Expertise.OVER_TIME, "figure"),
        Output(ids.Expertise.TABLE, "children"),
        Input(ids.Expertise.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Expertise.PROVIDER, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, provider: str | None) -> tuple[Any, Any, Any]:
        return update(services, context, provider)

    register_url_sync(app, ids.Expertise.URL_SYNC, [(ids.Expertise.PROVIDER, "value", "provider")])
    register_downloads(
        app, page=KEY, download_id=ids.Expertise.DOWNLOAD, context_id=ids.Expertise.CONTEXT,
        states=[State(ids.Expertise.PROVIDER, "value")],
        build=lambda context, provider: tables(services, context["lang"], context["period"], provider),
    )
