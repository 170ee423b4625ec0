"""Expertise: where ministries and their units deploy expertise, on what, how much, when.

A ministry's policy officer reads the answer on top: the selection's days, deployments,
recipients and themes, and a table of every ministry (its units rolled up: the JSON
report's ``expertise_by_party`` totals) with its units beneath it (the report's
``expertise_totals``); the map, the days per quarter and the table by theme below are
the same deployments broken down, each counted once (tests/test_persona_numbers.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import Dash, Input, Output, State, dcc, get_asset_url, html

from app import ids
from app.basis import basis_sentence
from app.components import (
    download_buttons,
    explanation,
    figure_panel,
    graph,
    labelled,
    notice,
    page_header,
    section,
)
from app.downloads import register_downloads
from app.figures.common import empty_figure
from app.figures.expertise import over_time_figure
from app.figures.map import BASE_MAP_DIR, MunicipalityValue, municipality_map
from app.formatting import format_number, format_quarter, format_value
from app.geo import MUNICIPALITY_COUNT, municipality_names
from app.i18n import Lang, t
from app.services import Services, StoreError
from app.shell import deal_scope
from app.tables import Table, paged_table, render_table
from app.urlsync import register_url_sync
from graph.analysis.expertise import ExpertiseUse, RecipientTotal, expertise
from graph.analysis.index import DatasetIndex
from graph.counting import DECIMALS, Unit
from graph.model import Dataset
from graph.period import period_or_term

__all__ = [
    "KEY",
    "OFF_MAP_NAMED",
    "PATH",
    "MunicipalityTotals",
    "ProviderRow",
    "Selection",
    "days_per_quarter",
    "format_days",
    "layout",
    "map_caption",
    "map_details",
    "map_text",
    "municipality_totals",
    "provider_totals",
    "quarter_label",
    "quarter_of",
    "register_callbacks",
    "selection_totals",
    "tables",
    "total_sentence",
    "totals_children",
    "update",
    "update_totals",
]

KEY = "expertise"
PATH = "/expertise"

#: Recipients named in the sentence under the map that says who is not on it (the rest are counted).
OFF_MAP_NAMED = 8

#: Decimals kept when the days of several recipients in one municipality are added (as the analysis does).
_PRECISION = 6


def _use(dataset: Dataset, period_key: str, provider: str | None, roll_up: bool = False) -> ExpertiseUse:
    """The deployments of the period (a phase, a year or from/to dates, as the shell and the
    report read it; an unknown key is the whole term), of ``provider`` and its units if given."""
    period = period_or_term(dataset, period_key)
    return expertise(dataset, period=period, provider=provider or None, roll_up=roll_up)


@dataclass(frozen=True)
class ProviderRow:
    """One row of the totals table: a ministry (its units rolled up) or one of its units."""

    provider: str
    name: str
    part_of: str | None
    """The ministry's name on a unit's row; ``None`` on the ministry's own (rolled-up) row."""
    deployments: int
    days: float
    recipients: int
    themes: int


@dataclass(frozen=True)
class Selection:
    """The selection's totals at a glance: each deployment once."""

    deployments: int
    days: float
    recipients: int
    themes: int


def provider_totals(by_party: ExpertiseUse, by_unit: ExpertiseUse, index: DatasetIndex) -> tuple[ProviderRow, ...]:
    """Every providing party (units rolled up), most days first, each followed by its units.

    ``by_party`` and ``by_unit`` are the same deployments counted with and without the
    roll-up (the report's ``expertise_by_party`` and ``expertise``): a ministry's row is its
    rolled-up total, its units' rows (and, when it also deploys without a unit, its own
    row named "... itself") add up to it in days and deployments. Recipients and themes are
    distinct per row, so they need not add up.
    """
    units: dict[str, list[ProviderRow]] = {}
    for total in by_unit.totals:
        top = index.roll(total.provider)
        units.setdefault(top, []).append(
            ProviderRow(
                provider=total.provider,
                name=index.name(total.provider),
                part_of=index.name(top),
                deployments=total.deployments,
                days=total.days,
                recipients=len(total.recipients),
                themes=len(total.themes),
            )
        )
    rows: list[ProviderRow] = []
    for total in sorted(by_party.totals, key=lambda t: (-t.days, index.name(t.provider))):
        rows.append(
            ProviderRow(
                provider=total.provider,
                name=index.name(total.provider),
                part_of=None,
                deployments=total.deployments,
                days=total.days,
                recipients=len(total.recipients),
                themes=len(total.themes),
            )
        )
        own = units.get(total.provider, [])
        if any(u.provider != total.provider for u in own):  # a ministry with units: each beneath it
            rows += sorted(own, key=lambda u: (u.provider != total.provider, -u.days, u.name))
    return tuple(rows)


def selection_totals(use: ExpertiseUse) -> Selection:
    """The selection's days, deployments, distinct recipients and distinct themes."""
    return Selection(
        deployments=use.deployments,
        days=use.days,
        recipients=len(use.recipients),
        themes=len(use.themes),
    )


def _selection_use(dataset: Dataset, period_key: str, provider: str | None) -> ExpertiseUse:
    """The selection counted as its row of the totals table: a ministry (or all) with its units
    rolled up, recipients too; a unit as itself."""
    index = DatasetIndex.build(dataset)
    roll_up = not provider or index.roll(provider) == provider
    return _use(dataset, period_key, provider, roll_up)


def _card(value: str, label: str) -> html.Li:
    return html.Li([html.Span(value, className="value"), html.Span(label, className="label")])


def totals_children(services: Services, lang: Lang, period_key: str, provider: str | None) -> list[Any]:
    """On top of the page: the selection's four figures and the totals per ministry and unit."""
    chosen = selection_totals(services.compute(_selection_use, period_key, provider))
    cards = html.Ul(
        [
            _card(format_days(chosen.days, lang), t("expertise.days", lang)),
            _card(format_number(chosen.deployments, lang), t("expertise.deployments", lang)),
            _card(format_number(chosen.recipients, lang), t("expertise.recipients", lang)),
            _card(format_number(chosen.themes, lang), t("common.themes", lang)),
        ],
        className="key-figures",
        **{"aria-label": t("expertise.selection", lang)},
    )
    table = tables(services, lang, period_key, provider)["totals"]
    return [
        cards,
        html.Div(
            render_table(table, lang),
            className="table-wrap",
            tabIndex="0",
            role="region",
            **{"aria-label": table.caption},
        )
        if table.rows
        else html.P(t("common.none", lang)),
        download_buttons(KEY, "totals", lang),
        html.P(t("expertise.totals_rule", lang), className="rule"),
    ]


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
    return quarter_label(int(year), (int(mon) - 1) // 3 + 1, lang)


def quarter_label(year: int, quarter: int, lang: Lang) -> str:
    """Quarter 2 of 2025 as ``2025-K2`` (nl) or ``2025-Q2`` (en) (:func:`app.formatting.format_quarter`)."""
    return format_quarter(year, quarter, lang)


@dataclass(frozen=True)
class MunicipalityTotals:
    """What the map shows: per 2025 municipality what its recipients received, and who is not on it."""

    values: tuple[MunicipalityValue, ...]
    """Municipalities that received something, most days first."""
    off_map: tuple[RecipientTotal, ...]
    """Recipients without a 2025 municipality code (ministries, most organisations), most days first."""


def _cbs_code(party_id: str, index: DatasetIndex) -> str | None:
    """The party's CBS code, else its top-level party's (a unit of a municipality lies in it)."""
    for pid in (party_id, index.roll(party_id)):
        party = index.parties.get(pid)
        if party is not None and party.cbs_code:
            return party.cbs_code
    return None


def municipality_totals(use: ExpertiseUse, index: DatasetIndex) -> MunicipalityTotals:
    """The recipients' totals (:attr:`ExpertiseUse.recipients`, each deployment once) by municipality.

    A recipient is placed by its ``cbs_code`` (a unit without one, by its top-level
    party's); several recipients in one municipality add up. A recipient whose code is
    missing or is not a 2025 municipality is not on the map, and is listed as such.
    """
    names = municipality_names()
    placed: dict[str, list[RecipientTotal]] = {}
    off_map: list[RecipientTotal] = []
    for total in use.recipients:
        code = _cbs_code(total.recipient, index)
        if code in names:
            placed.setdefault(code, []).append(total)
        else:
            off_map.append(total)
    values = [
        MunicipalityValue(
            code=code,
            name=names[code],
            days=round(sum(r.days for r in found), _PRECISION),
            deployments=sum(r.deployments for r in found),
            recipients=tuple(sorted(index.name(r.recipient) for r in found)),
        )
        for code, found in placed.items()
    ]
    return MunicipalityTotals(
        values=tuple(sorted(values, key=lambda v: (-v.days, v.name))),
        off_map=tuple(sorted(off_map, key=lambda r: (-r.days, index.name(r.recipient)))),
    )


def map_caption(totals: MunicipalityTotals, lang: Lang) -> str:
    """The map's description for screen readers and everyone: what it shows, in one sentence."""
    if not totals.values:
        return t("expertise.map_caption_none", lang, total=format_number(MUNICIPALITY_COUNT, lang))
    top = totals.values[0]
    return t(
        "expertise.map_caption",
        lang,
        total=format_number(MUNICIPALITY_COUNT, lang),
        count=format_number(len(totals.values), lang),
        days=format_days(sum(v.days for v in totals.values), lang),
        top=top.name,
        top_days=format_days(top.days, lang),
    )


def map_details(totals: MunicipalityTotals, index: DatasetIndex, lang: Lang) -> html.Div:
    """The map's text alternative: days per municipality as a table, and who is not on the map."""
    table = Table(
        caption=t("expertise.map_table", lang),
        columns=(
            t("expertise.municipality", lang),
            t("expertise.recipient", lang),
            t("expertise.days", lang),
            t("expertise.deployments", lang),
        ),
        rows=tuple((v.name, ", ".join(v.recipients), v.days, v.deployments) for v in totals.values),
        decimals={2: DECIMALS[Unit.DAYS], 3: DECIMALS[Unit.DEPLOYMENTS]},
    )
    parts: list[Any] = []
    if totals.values:
        parts.append(
            html.Div(
                render_table(table, lang),
                className="table-wrap",
                tabIndex="0",
                role="region",
                **{"aria-label": table.caption},
            )
        )
    if totals.off_map:
        named = [index.name(r.recipient) for r in totals.off_map[:OFF_MAP_NAMED]]
        more = len(totals.off_map) - len(named)
        if more:
            named.append(t("expertise.map_off_more", lang, count=format_number(more, lang)))
        parts.append(
            html.P(
                t(
                    "expertise.map_off",
                    lang,
                    count=format_number(len(totals.off_map), lang),
                    days=format_days(sum(r.days for r in totals.off_map), lang),
                    names=", ".join(named),
                ),
                className="rule",
            )
        )
    return html.Div(parts)


def map_text(services: Services, context: dict[str, str], provider: str | None) -> tuple[Any, Any]:
    """The map's caption and its text alternative for the chosen provider."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        index = services.compute(_index)
        totals = municipality_totals(services.compute(_use, context["period"], provider), index)
        no_use = basis_sentence(services, "expertise", lang)
    except StoreError:
        return t("common.unavailable", lang), None
    if no_use:
        return no_use, None  # a grey map is no finding: it says why it is grey
    return map_caption(totals, lang), map_details(totals, index, lang)


def days_per_quarter(use: ExpertiseUse, lang: Lang) -> dict[str, float]:
    """Days per quarter label, each dated deployment once (:attr:`ExpertiseUse.quarters`)."""
    return {quarter_label(q.year, q.quarter, lang): q.days for q in use.quarters}


def total_sentence(use: ExpertiseUse, lang: Lang) -> str:
    """The selection's total, each deployment once: ``Totaal: 5 inzetten, 18 dagen.``"""
    return t(
        "expertise.total", lang, deployments=format_number(use.deployments, lang), days=format_days(use.days, lang)
    )


def format_days(days: float, lang: Lang) -> str:
    """Days as shown everywhere: rounded by the unit's rule, decimals only when there are any.

    Examples
    --------
    >>> format_days(18.0, "nl"), format_days(12.25, "nl"), format_days(1234.5, "en")
    ('18', '12,3', '1,234.5')
    """
    return format_value(days, Unit.DAYS, lang)


def tables(services: Services, lang: Lang, period_key: str, provider: str | None) -> dict[str, Table]:
    """Deployments and days per provider, recipient and theme (split over themes: the rows add up)."""
    index = services.compute(_index)
    use = services.compute(_use, period_key, provider)
    by_party = services.compute(_use, period_key, None, True)
    by_unit = services.compute(_use, period_key, None)
    totals = provider_totals(by_party, by_unit, index)
    if provider:  # the chosen party's group: its ministry's row and its units' rows
        top = index.roll(provider)
        totals = tuple(row for row in totals if index.roll(row.provider) == top)
    return {
        "totals": Table(
            caption=t("expertise.totals", lang),
            columns=(
                t("expertise.provider", lang),
                t("expertise.part_of", lang),
                t("expertise.deployments", lang),
                t("expertise.days", lang),
                t("expertise.recipients", lang),
                t("common.themes", lang),
            ),
            rows=tuple(
                (
                    t("expertise.own", lang, name=row.name)
                    if row.part_of is not None and index.roll(row.provider) == row.provider
                    else row.name,
                    row.part_of,
                    row.deployments,
                    row.days,
                    row.recipients,
                    row.themes,
                )
                for row in totals
            ),
            decimals={2: DECIMALS[Unit.DEPLOYMENTS], 3: DECIMALS[Unit.DAYS]},
        ),
        "deployments": Table(
            caption=t("expertise.table", lang),
            columns=(
                t("expertise.provider", lang),
                t("expertise.recipient", lang),
                t("common.theme", lang),
                t("expertise.deployments", lang),
                t("expertise.days", lang),
            ),
            rows=tuple(
                (
                    index.name(r.provider),
                    index.name(r.recipient),
                    index.themes[r.theme].name if r.theme in index.themes else None,
                    r.deployments,
                    r.days,
                )
                for r in use.rows
            ),
            decimals={3: DECIMALS[Unit.DEPLOYMENTS], 4: DECIMALS[Unit.DAYS]},
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
    scope = deal_scope(services)
    return html.Div(
        [
            dcc.Store(id=ids.Expertise.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Expertise.URL_SYNC),
            dcc.Download(id=ids.Expertise.DOWNLOAD),
            page_header(t("page.expertise", lang), t("expertise.intro", lang), scope=scope, lang=lang),
            html.Div(
                labelled(
                    t("expertise.select", lang),
                    dcc.Dropdown(
                        id=ids.Expertise.PROVIDER,
                        options=[{"label": p.name, "value": p.id} for p in providers],
                        value=provider,
                        placeholder=t("common.all", lang),
                    ),
                    ids.Expertise.PROVIDER,
                ),
                className="controls",
            ),
            section(t("expertise.totals", lang), html.Div(id=ids.Expertise.TOTALS)),
            section(
                t("expertise.map", lang),
                html.Figure(
                    [
                        dcc.Graph(
                            id=ids.Expertise.MAP,
                            config={
                                "displaylogo": False,
                                "scrollZoom": False,
                                "toImageButtonOptions": {"format": "png", "filename": "dealnet-kaart", "scale": 2},
                                "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                                # plotly.js asks for a base map even when it draws none: ours, never a CDN's.
                                "topojsonURL": get_asset_url(BASE_MAP_DIR),
                            },
                        ),
                        html.Figcaption(id=ids.Expertise.MAP_CAPTION),
                    ],
                    className="figure",
                    **{"aria-label": t("expertise.map", lang), "aria-describedby": ids.Expertise.MAP_CAPTION},
                ),
                html.P(t("expertise.map_note", lang), className="rule"),
                html.Div(id=ids.Expertise.MAP_TABLE),
                html.P(t("expertise.map_source", lang), className="source"),
            ),
            section(
                t("expertise.over_time", lang),
                figure_panel(
                    t("expertise.over_time", lang), graph(ids.Expertise.OVER_TIME, "dealnet-inzet"), lang, scope=scope
                ),
            ),
            section(
                t("expertise.table", lang),
                html.Div(
                    id=ids.Expertise.TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "deployments", lang),
                html.P(t("expertise.split", lang), className="rule"),
                explanation("expertise", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str], provider: str | None) -> tuple[Any, Any, Any]:
    """Map, days per quarter and table (sorted and paged on the server) for the chosen provider."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        index = services.compute(_index)
        use = services.compute(_use, context["period"], provider)
        built = tables(services, lang, context["period"], provider)
        no_use = basis_sentence(services, "expertise", lang)
    except StoreError:
        empty = empty_figure(lang, t("common.unavailable", lang))
        return empty, empty, None
    if no_use:
        # no "0 deployments, 0 days" as if expertise had been counted and found absent
        return municipality_map((), lang), empty_figure(lang, no_use), notice(no_use)
    deployments = built["deployments"]
    table = html.Div(
        [
            html.P(total_sentence(use, lang), className="total"),
            paged_table(deployments, lang, page=KEY, name="deployments")
            if deployments.rows
            else html.P(t("common.none", lang)),
        ]
    )
    figure = municipality_map(municipality_totals(use, index).values, lang)
    return figure, over_time_figure(days_per_quarter(use, lang), lang), table


def update_totals(services: Services, context: dict[str, str], provider: str | None) -> Any:
    """The page's top: the selection's figures and the totals per ministry and unit."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        no_use = basis_sentence(services, "expertise", lang)
        return notice(no_use) if no_use else totals_children(services, lang, context["period"], provider)
    except StoreError:
        return notice(t("common.unavailable", lang), kind="error")


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Expertise.TOTALS, "children"),
        Output(ids.Expertise.MAP, "figure"),
        Output(ids.Expertise.MAP_CAPTION, "children"),
        Output(ids.Expertise.MAP_TABLE, "children"),
        Output(ids.Expertise.OVER_TIME, "figure"),
        Output(ids.Expertise.TABLE, "children"),
        Input(ids.Expertise.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Expertise.PROVIDER, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, provider: str | None) -> tuple[Any, ...]:
        figure, chart, table = update(services, context, provider)
        return update_totals(services, context, provider), figure, *map_text(services, context, provider), chart, table

    register_url_sync(app, ids.Expertise.URL_SYNC, [(ids.Expertise.PROVIDER, "value", "provider")])
    register_downloads(
        app,
        page=KEY,
        download_id=ids.Expertise.DOWNLOAD,
        context_id=ids.Expertise.CONTEXT,
        states=[State(ids.Expertise.PROVIDER, "value")],
        build=lambda context, provider: tables(services, context["lang"], context["period"], provider),
    )
