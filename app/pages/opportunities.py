"""Kansen: ranked scaling opportunities in words, with ranks that show ties, and who could broker them.

Each row says whose practice fits which question of which party (:mod:`app.opportunity_text`,
the same sentence as the report), with the origin and the question in columns of their
own and the competition rank (equal scores share a rank). Without adoptions, applied
practices or open questions the page says that the ranking cannot be computed, in words.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from app import ids
from app.components import download_buttons, explanation, labelled, notice, page_header, section
from app.downloads import register_downloads
from app.i18n import Lang, t
from app.shell import deal_scope
from app.services import Services, StoreError
from app.tables import Table, paged_table
from app.urlsync import register_url_sync
from app.opportunity_text import Labels, missing_text, named, opportunity_sentence, score_parts, tied_beyond_text
from graph.analysis.opportunities import Opportunity, OpportunityRanking, opportunity_ranking
from graph.model import Dataset
from graph.period import period_from_key

__all__ = ["KEY", "PATH", "SHOWN", "layout", "notes", "ranked_row", "register_callbacks", "tables", "update"]

KEY = "opportunities"
PATH = "/kansen"


#: Pairs shown without a party chosen: a national network has hundreds of thousands,
#: and their reasons are what costs time. With a party chosen, all of its pairs.
SHOWN = 250


def _ranking(dataset: Dataset, period_key: str, theme: str | None, party: str | None = None) -> OpportunityRanking:
    try:  # a phase, a year or from/to dates, as the shell and the report read them
        period = period_from_key(dataset, period_key)
    except (KeyError, ValueError):
        period = None
    theme = theme if theme in {th.id for th in dataset.themes} else None
    limit = None if party else SHOWN
    return opportunity_ranking(dataset, period=period, theme=theme, limit=limit, for_party=party)


def _labels(dataset: Dataset) -> Labels:
    return Labels.of(dataset)


def ranked_row(o: Opportunity, labels: Labels, lang: Lang) -> tuple[Any, ...]:
    """One row of the ranked table: rank, practice, origin, party, question, score, in words, brokers, parts."""
    first = o.fits[0].question if o.fits else None
    return (
        o.rank,
        labels.lesson(o.lesson),
        labels.party(o.origin),
        labels.party(o.party),
        labels.question(first) if first else None,
        o.score,
        opportunity_sentence(o, labels, lang),
        named([labels.party(b) for b in o.brokers], lang) or None,
        score_parts(o, lang),
    )


def notes(ranking: OpportunityRanking, lang: Lang) -> tuple[str, ...]:
    """What to say instead of, or under, the ranked table (not computable, no fit, ties, a cut in a tie)."""
    if ranking.missing is not None:
        return (missing_text(ranking.missing, lang),)
    if not ranking.opportunities:
        return (t("opportunities.no_fit", lang),)
    cut = tied_beyond_text(ranking.opportunities, ranking.tied_beyond, lang)
    return (t("opportunities.ties_note", lang),) + ((cut,) if cut else ())


def tables(services: Services, lang: Lang, period_key: str, theme: str | None, party: str | None) -> dict[str, Table]:
    """The ranked list (filtered by party) and the brokers behind it."""
    found = services.compute(_ranking, period_key, theme, party or None).opportunities
    labels = services.compute(_labels)
    brokers = Counter(b for o in found for b in o.brokers)
    return {
        "ranked": Table(
            caption=t("opportunities.ranked", lang),
            columns=(
                t("opportunities.rank", lang),
                t("common.lesson", lang),
                t("opportunities.origin", lang),
                t("common.party", lang),
                t("opportunities.question", lang),
                t("common.score", lang),
                t("opportunities.in_words", lang),
                t("opportunities.broker", lang),
                t("opportunities.score_parts", lang),
            ),
            rows=tuple(ranked_row(o, labels, lang) for o in found),
        ),
        "brokers": Table(
            caption=t("opportunities.brokers", lang),
            columns=(t("opportunities.broker", lang), t("opportunities.count", lang)),
            rows=tuple((labels.party(b), n) for b, n in sorted(brokers.items(), key=lambda kv: (-kv[1], kv[0]))),
        ),
    }


def layout(services: Services, lang: Lang, period: str, query: dict[str, Any]) -> html.Div:
    """Party and theme filters (from the URL) and the two tables."""
    try:
        public = services.view()
        themes = sorted(public.themes, key=lambda th: th.name)
        parties = sorted(public.parties, key=lambda p: p.name)
    except StoreError:
        themes, parties = [], []
    theme = query.get("theme") if query.get("theme") in {th.id for th in themes} else None
    party = query.get("party") if query.get("party") in {p.id for p in parties} else None
    return html.Div(
        [
            dcc.Store(id=ids.Opportunities.CONTEXT, data={"lang": lang, "period": period}),
            dcc.Store(id=ids.Opportunities.URL_SYNC),
            dcc.Download(id=ids.Opportunities.DOWNLOAD),
            page_header(
                t("page.opportunities", lang), t("opportunities.intro", lang), scope=deal_scope(services), lang=lang
            ),
            html.Div(
                [
                    labelled(
                        t("opportunities.filter_party", lang),
                        dcc.Dropdown(
                            id=ids.Opportunities.PARTY,
                            options=[{"label": p.name, "value": p.id} for p in parties],
                            value=party,
                            placeholder=t("common.all", lang),
                        ),
                        ids.Opportunities.PARTY,
                    ),
                    labelled(
                        t("opportunities.filter_theme", lang),
                        dcc.Dropdown(
                            id=ids.Opportunities.THEME,
                            options=[{"label": th.name, "value": th.id} for th in themes],
                            value=theme,
                            placeholder=t("common.all", lang),
                        ),
                        ids.Opportunities.THEME,
                    ),
                ],
                className="controls",
            ),
            section(
                t("opportunities.ranked", lang),
                html.Div(
                    id=ids.Opportunities.TABLE,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "ranked", lang),
                explanation("opportunities", lang),
            ),
            section(
                t("opportunities.brokers", lang),
                html.Div(
                    id=ids.Opportunities.BROKERS,
                    className="table-wrap",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": t("common.table", lang)},
                ),
                download_buttons(KEY, "brokers", lang),
            ),
        ]
    )


def update(services: Services, context: dict[str, str], party: str | None, theme: str | None) -> tuple[Any, Any]:
    """The two tables for the filters (sorted and paged on the server: :func:`app.tables.paged_table`)."""
    lang: Lang = context["lang"]  # type: ignore[assignment]
    try:
        built = tables(services, lang, context["period"], theme, party)
    except StoreError:
        message = notice(t("common.unavailable", lang), kind="error")
        return message, None
    ranking = services.compute(_ranking, context["period"], theme, party or None)
    said = notes(ranking, lang)
    if not ranking.opportunities:
        return notice(said[0]), notice(said[0])
    ranked = html.Div(
        [
            paged_table(built["ranked"], lang, page=KEY, name="ranked"),
            *(html.P(text, className="table-note") for text in said),
        ]
    )
    brokers = (
        paged_table(built["brokers"], lang, page=KEY, name="brokers")
        if built["brokers"].rows
        else html.P(t("common.none", lang))
    )
    return ranked, brokers


def register_callbacks(app: Dash, services: Services) -> None:
    """Wire the page on ``app``."""

    @app.callback(
        Output(ids.Opportunities.TABLE, "children"),
        Output(ids.Opportunities.BROKERS, "children"),
        Input(ids.Opportunities.CONTEXT, "data"),
        Input(ids.Shell.VERSION, "data"),
        Input(ids.Opportunities.PARTY, "value"),
        Input(ids.Opportunities.THEME, "value"),
    )
    def _update(context: dict[str, str], _v: str | None, party: str | None, theme: str | None) -> tuple[Any, Any]:
        return update(services, context, party, theme)

    register_url_sync(
        app,
        ids.Opportunities.URL_SYNC,
        [(ids.Opportunities.PARTY, "value", "party"), (ids.Opportunities.THEME, "value", "theme")],
    )
    register_downloads(
        app,
        page=KEY,
        download_id=ids.Opportunities.DOWNLOAD,
        context_id=ids.Opportunities.CONTEXT,
        states=[State(ids.Opportunities.PARTY, "value"), State(ids.Opportunities.THEME, "value")],
        build=lambda context, party, theme: tables(services, context["lang"], context["period"], theme, party),
    )
