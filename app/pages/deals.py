"""Deals: every deal side by side, the parties that bridge deals, and learning across deal borders.

The figures are :func:`graph.analysis.deals.deals_analysis`'s, taken as they are (the
JSON report's ``deals`` and ``bridges`` are the same numbers, see
:func:`deals_view`). A figure that cannot be computed is said so in words, never shown
as 0, and a deal with parties only still shows its parties and its bridges.

The deals page is the one page that looks at the whole network even under a deal
filter: a bridge is a bridge because of the deals around the chosen ones. The filter
(``?deal=``, :meth:`app.services.Services.deal_filter`) chooses the rows of the table
and the bridges that take part in a chosen deal, like ``dealnet report --deal``.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, dcc, html

from app import ids
from app.components import download_buttons, explanation, notice, page_header, section
from app.downloads import register_downloads
from app.formatting import format_date, format_number
from app.i18n import Lang, t
from app.shell import deal_scope
from app.services import Services, StoreError
from app.tables import Cell, Table, paged_table
from graph.analysis.deals import DealRow, DealsAnalysis, deals_analysis
from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.deals import deal_members
from graph.model import Dataset
from graph.period import Period, period_from_key

__all__ = ["KEY", "PATH", "deals_view", "layout", "register_callbacks", "tables", "update"]

KEY = "deals"
PATH = "/deals"

#: Decimals of the betweenness column (the JSON keeps full precision).
BETWEENNESS_DECIMALS = 3


def _period(dataset: Dataset, key: str) -> Period | None:
    try:
        return period_from_key(dataset, key)
    except (KeyError, ValueError):  # a key that names no period: the whole term, as everywhere
        return None


def deals_view(whole: Dataset, period_key: str, deals: tuple[str, ...]) -> DealsAnalysis:
    """The deals analysis as the report makes it (:func:`graph.report.report_results`).

    On the whole (unfiltered) view in the period: the rows of ``deals`` (every deal
    when empty), the bridges found among every deal, and, under a filter, only the
    bridges that take part in one of ``deals``.
    """
    found = deals_analysis(scope(whole, period=_period(whole, period_key)), deals=deals)
    if not deals:
        return found
    members = deal_members(whole, deals)
    return found.model_copy(update={"bridges": tuple(b for b in found.bridges if b.party in members)})


def _index(dataset: Dataset) -> DatasetIndex:
    return DatasetIndex.build(dataset)


def _figure(row: DealRow, name: str, value: int | None, lang: Lang) -> Cell:
    """A count, or why it is not computable (never 0 for a figure that rests on nothing)."""
    if name in row.not_computable or value is None:
        return t("deals.not_computable", lang)
    return value


def _period_text(row: DealRow, lang: Lang) -> str | None:
    if row.start is None and row.end is None:
        return None
    return t("deals.period_range", lang, start=format_date(row.start, lang), end=format_date(row.end, lang))


def tables(services: Services, lang: Lang, period_key: str) -> dict[str, Table]:
    """The deals side by side, the bridges and the cross-deal learning ties."""
    chosen = services.deal_filter().deals
    found = services.compute_whole(deals_view, period_key, chosen)
    index = services.compute_whole(_index)
    deal_names = {d.id: d.name for d in services.whole().deals}

    def names(deals: tuple[str, ...]) -> str:
        return ", ".join(deal_names.get(d, d) for d in deals)

    def themes(row: DealRow) -> Cell:
        if row.under_served is None:
            return t("deals.not_computable", lang)
        return ", ".join(index.themes[th].name if th in index.themes else th for th in row.under_served) or t(
            "common.none", lang
        )

    crossing = found.cross_deal or ()
    return {
        "deals": Table(
            caption=t("deals.side_by_side", lang),
            columns=(
                t("deals.deal", lang),
                t("deals.period", lang),
                t("deals.parties", lang),
                t("deals.party_names", lang),
                t("common.units", lang),
                t("deals.activities", lang),
                t("deals.learning_ties", lang),
                t("deals.adoptions", lang),
                t("deals.deployments", lang),
                t("deals.questions", lang),
                t("deals.under_served", lang),
            ),
            rows=tuple(
                (
                    row.name,
                    _period_text(row, lang),
                    len(row.parties),
                    ", ".join(index.name(p) for p in row.parties) or None,
                    row.units,
                    row.activities,
                    _figure(row, "learning_ties", row.learning_ties, lang),
                    row.adoptions,
                    row.deployments,
                    row.questions,
                    themes(row),
                )
                for row in found.deals
            ),
        ),
        "bridges": Table(
            caption=t("deals.bridges", lang),
            columns=(
                t("common.party", lang),
                t("common.kind", lang),
                t("deals.number_of_deals", lang),
                t("deals.deals", lang),
                t("deals.betweenness", lang),
            ),
            rows=tuple(
                (b.name, t(f"kind.{b.kind}", lang), len(b.deals), names(b.deals), b.betweenness) for b in found.bridges
            ),
            decimals={4: BETWEENNESS_DECIMALS},
        ),
        "crossing": Table(
            caption=t("deals.crossing", lang),
            columns=(
                t("deals.learner", lang),
                t("deals.learner_deals", lang),
                t("deals.source", lang),
                t("deals.source_deals", lang),
                t("deals.adoptions", lang),
                t("deals.lessons", lang),
            ),
            rows=tuple(
                (
                    index.name(c.learner),
                    names(c.learner_deals),
                    index.name(c.source),
                    names(c.source_deals),
                    c.adoptions,
                    ", ".join(index.lessons[les].title if les in index.lessons else les for les in c.lessons),
                )
                for c in crossing
            ),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """The three sections; their content comes from :func:`update`."""
    del query
    return html.Div(
        [
            dcc.Store(id=ids.Deals.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Download(id=ids.Deals.DOWNLOAD),
            page_header(t("page.deals", lang), t("deals.intro", lang), scope=deal_scope(services), lang=lang),
            html.Div(id=ids.Deals.SUMMARY),
            section(
                t("deals.side_by_side", lang),
                html.Div(id=ids.Deals.TABLE),
                download_buttons(KEY, "deals", lang),
                explanation("deals", lang),
            ),
            section(
                t("deals.bridges", lang),
                html.P(t("deals.bridges_intro", lang)),
                html.Div(id=ids.Deals.BRIDGES),
                download_buttons(KEY, "bridges", lang),
            ),
            section(
                t("deals.crossing", lang),
                html.P(t("deals.crossing_intro", lang)),
                html.Div(id=ids.Deals.CROSSING),
                download_buttons(KEY, "crossing", lang),
            ),
        ]
    )


def _wrapped(built: dict[str, Table], name: str, lang: Lang) -> html.Div:
    """One of the page's tables, sorted and paged on the server (thousands of cross-deal ties at national scale)."""
    return paged_table(built[name], lang, page=KEY, name=name)


def update(services: Services, context: dict[str, str]) -> tuple[Any, Any, Any, Any]:
    """Summary notices, the deals table, the bridges and the cross-deal ties (or why not)."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        chosen = services.deal_filter().deals
        found = services.compute_whole(deals_view, context["period"], chosen)
        built = tables(services, lang, context["period"])
    except StoreError:
        message = notice(t("common.unavailable", lang), kind="error")
        return message, None, None, None
    summary: list[Any] = [
        html.P(
            t(
                "deals.summary",
                lang,
                deals=format_number(len(found.deals), lang),
                parties=format_number(found.parties_in_deals, lang),
                without=format_number(found.parties_without_deal, lang),
            )
        )
    ]
    no_ties = [row.name for row in found.deals if "learning_ties" in row.not_computable]
    if no_ties:
        summary.append(notice(t("deals.no_learning_facts", lang, deals=", ".join(no_ties))))
    deals_block = _wrapped(built, "deals", lang) if built["deals"].rows else notice(t("deals.none", lang))
    bridges_block = _wrapped(built, "bridges", lang) if built["bridges"].rows else notice(t("deals.no_bridges", lang))
    if found.cross_deal is None:
        crossing_block: Any = notice(t("deals.crossing_not_computable", lang))
    elif not found.cross_deal:
        crossing_block = notice(t("deals.no_crossing", lang))
    else:
        crossing_block = _wrapped(built, "crossing", lang)
    return summary, deals_block, bridges_block, crossing_block


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Deals.SUMMARY, "children"),
        Output(ids.Deals.TABLE, "children"),
        Output(ids.Deals.BRIDGES, "children"),
        Output(ids.Deals.CROSSING, "children"),
        Input(ids.Deals.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
    )
    def _update(context: dict[str, str], _v: str | None) -> tuple[Any, Any, Any, Any]:
        return update(services, context)

    register_downloads(
        app,
        page=KEY,
        download_id=ids.Deals.DOWNLOAD,
        context_id=ids.Deals.CONTEXT,
        states=[],
        build=lambda context: tables(services, context["lang"], context["period"]),
    )
