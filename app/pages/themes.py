"""Thema's: demand against supply per theme, party × theme, and what is left unserved.

The under-served rule of :mod:`graph.analysis.themes` is shown beside the figures
with its numbers, so nobody has to guess why a theme is flagged.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

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
from app.figures.themes import HEATMAP_PARTIES, coverage_figure, heatmap_figure, most_involved
from app.formatting import format_number
from app.i18n import Lang, t
from app.notices import under_served_rule
from app.services import Services, StoreError
from app.shell import deal_scope
from app.tables import Table, paged_table
from app.urls import split_list
from app.urlsync import register_url_sync
from graph.analysis.index import DatasetIndex
from graph.analysis.themes import ThemeCoverage, party_theme_counts, theme_coverage
from graph.model import Dataset, PartyKind
from graph.period import Period, period_or_term

__all__ = ["KEY", "PATH", "layout", "party_theme_matrix", "register_callbacks", "tables"]

KEY = "themes"
PATH = "/themas"


def _period(dataset: Dataset, key: str) -> Period | None:
    """Any period key (a phase, a year, from/to dates), as the report reads it."""
    return period_or_term(dataset, key)


def _coverage(dataset: Dataset, period_key: str, kinds: tuple[str, ...]) -> ThemeCoverage:
    return theme_coverage(dataset, period=_period(dataset, period_key), kinds=kinds or None)


def party_theme_matrix(
    dataset: Dataset, period_key: str, kinds: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """(party names, top theme names, counts) of :func:`graph.analysis.themes.party_theme_counts`."""
    found = party_theme_counts(dataset, period=_period(dataset, period_key), kinds=kinds or None)
    index = DatasetIndex.build(dataset)
    return (
        tuple(index.name(p) for p in found.parties),
        tuple(index.themes[th].name for th in found.themes),
        found.counts,
    )


def _names(dataset: Dataset) -> dict[str, str]:
    return {p.id: p.name for p in dataset.parties}


def rule_text(coverage: ThemeCoverage, lang: Lang) -> str:
    """The under-served rule with its numbers, in the reader's language (the report's very sentence)."""
    return under_served_rule(coverage.min_demand, coverage.ratio, lang)


def tables(services: Services, lang: Lang, period_key: str, kinds: tuple[str, ...]) -> dict[str, Table]:
    """Coverage per theme, the party × theme matrix and the questions without supply."""
    coverage = services.compute(_coverage, period_key, kinds)
    parties, themes, values = services.compute(party_theme_matrix, period_key, kinds)
    names = services.compute(_names)
    yes, no = t("common.yes", lang), t("common.no", lang)
    return {
        "coverage": Table(
            caption=t("themes.coverage", lang),
            columns=(
                t("common.theme", lang),
                t("themes.demand", lang),
                t("themes.supply", lang),
                t("themes.ratio", lang),
                t("themes.under_served", lang),
            ),
            rows=tuple((r.name, r.demand, r.supply, r.ratio, yes if r.under_served else no) for r in coverage.themes),
        ),
        "matrix": Table(
            caption=t("themes.heatmap", lang),
            columns=(t("common.party", lang), *themes),
            rows=tuple((p, *row) for p, row in zip(parties, values, strict=True)),
        ),
        "unanswered": Table(
            caption=t("themes.open_questions", lang),
            columns=(
                t("themes.question", lang),
                t("common.party", lang),
                t("themes.priority", lang),
                t("common.status", lang),
            ),
            rows=tuple(
                (q.title, names.get(q.party, q.party), q.priority, t(f"value.{q.status}", lang))
                for q in coverage.unanswered
            ),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Party-kind filter (from the URL), the two figures, the lists and the rule."""
    scope = deal_scope(services)
    kinds = [k for k in split_list(query.get("kind")) if k in {str(x) for x in PartyKind}]
    return html.Div(
        [
            dcc.Store(id=ids.Themes.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Themes.URL_SYNC),
            dcc.Download(id=ids.Themes.DOWNLOAD),
            page_header(t("page.themes", lang), t("themes.intro", lang), scope=scope, lang=lang),
            html.Div(
                labelled(
                    t("common.party_kind", lang),
                    dcc.Dropdown(
                        id=ids.Themes.KIND,
                        options=[{"label": t(f"kind.{k}", lang), "value": str(k)} for k in PartyKind],
                        value=kinds,
                        multi=True,
                        placeholder=t("common.all", lang),
                    ),
                    ids.Themes.KIND,
                ),
                className="controls",
            ),
            html.P(id=ids.Themes.RULE, className="rule"),
            section(
                t("themes.coverage", lang),
                figure_panel(
                    t("themes.coverage", lang), graph(ids.Themes.COVERAGE, "dealnet-themas"), lang, scope=scope
                ),
                html.Div(
                    id=ids.Themes.COVERAGE_TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "coverage", lang),
                explanation("themes", lang),
            ),
            section(
                t("themes.heatmap", lang),
                html.P(id=ids.Themes.HEATMAP_NOTE, className="rule"),
                figure_panel(
                    t("themes.heatmap", lang), graph(ids.Themes.HEATMAP, "dealnet-partij-thema"), lang, scope=scope
                ),
                download_buttons(KEY, "matrix", lang),
            ),
            section(
                t("themes.unserved_list", lang),
                html.Div(id=ids.Themes.UNSERVED),
                download_buttons(KEY, "unanswered", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str], kinds: list[str] | None) -> tuple[Any, ...]:
    """Rule, coverage figure and table, heatmap, the under-served lists, and the line that says
    when the heatmap shows only the most involved parties."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    key = split_list(kinds)
    try:
        coverage = services.compute(_coverage, context["period"], key)
        parties, themes, values = services.compute(party_theme_matrix, context["period"], key)
        built = tables(services, lang, context["period"], key)
    except StoreError:
        message = t("common.unavailable", lang)
        return message, empty_figure(lang, message), None, empty_figure(lang, message), None, ""
    try:
        no_coverage = basis_sentence(services, "themes", lang)
        no_matrix = basis_sentence(services, "party_themes", lang)
        no_verdict = basis_sentence(services, "under_served", lang)
    except StoreError:
        message = t("common.unavailable", lang)
        return message, empty_figure(lang, message), None, empty_figure(lang, message), None, ""
    if no_coverage:
        # No theme or nothing asked or offered: no chart of zeros, no verdict, only why.
        said = notice(no_coverage)
        return (
            rule_text(coverage, lang),
            empty_figure(lang, no_coverage),
            said,
            empty_figure(lang, no_coverage),
            said,
            "",
        )
    rows = coverage.themes
    figure = coverage_figure(
        [r.name for r in rows], [r.demand for r in rows], [r.supply for r in rows], [r.under_served for r in rows], lang
    )
    flagged = [r for r in rows if r.under_served]
    unserved = html.Div(
        [
            html.Ul(
                [
                    html.Li(
                        t(
                            "themes.unserved_item",
                            lang,
                            theme=r.name,
                            demand=format_number(r.demand, lang),
                            supply=format_number(r.supply, lang),
                        )
                    )
                    for r in flagged
                ]
            )
            if flagged
            # "no theme is under-served" is a verdict of the rule: only where there was demand to weigh
            else notice(no_verdict)
            if no_verdict
            else html.P(t("themes.none_unserved", lang)),
            html.H3(t("themes.open_questions", lang)),
            html.Div(
                paged_table(built["unanswered"], lang, page=KEY, name="unanswered"),
                className="table-wrap",
                tabIndex="0",
                role="region",
                **{"aria-label": t("common.table", lang)},
            )
            if built["unanswered"].rows
            else notice(no_verdict)
            if no_verdict
            else html.P(t("themes.none_unanswered", lang)),
        ]
    )
    drawn, drawn_values = most_involved(parties, values, HEATMAP_PARTIES)
    return (
        rule_text(coverage, lang),
        figure,
        paged_table(built["coverage"], lang, page=KEY, name="coverage"),
        empty_figure(lang, no_matrix) if no_matrix else heatmap_figure(drawn, themes, drawn_values, lang),
        unserved,
        ""
        if no_matrix or len(drawn) == len(parties)
        else t(
            "themes.heatmap_bounded",
            lang,
            shown=format_number(len(drawn), lang),
            total=format_number(len(parties), lang),
        ),
    )


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Themes.RULE, "children"),
        Output(ids.Themes.COVERAGE, "figure"),
        Output(ids.Themes.COVERAGE_TABLE, "children"),
        Output(ids.Themes.HEATMAP, "figure"),
        Output(ids.Themes.UNSERVED, "children"),
        Output(ids.Themes.HEATMAP_NOTE, "children"),
        Input(ids.Themes.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Themes.KIND, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, kinds: list[str] | None) -> tuple[Any, ...]:
        return update(services, context, kinds)

    register_url_sync(app, ids.Themes.URL_SYNC, [(ids.Themes.KIND, "value", "kind")])
    register_downloads(
        app,
        page=KEY,
        download_id=ids.Themes.DOWNLOAD,
        context_id=ids.Themes.CONTEXT,
        states=[State(ids.Themes.KIND, "value")],
        build=lambda context, kinds: tables(services, context["lang"], context["period"], split_list(kinds)),
    )
